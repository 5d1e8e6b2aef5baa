//! The closed vocabularies of a listing, stored as short text codes so both
//! databases hold them the same way and a row stays readable in `psql`.

/// A closed vocabulary stored as text codes, with plain-English labels.
/// Paths are spelled out in full so any module of the crate can use it.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal : $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            Hash,
            PartialOrd,
            Ord,
            ::diesel::expression::AsExpression,
            ::diesel::deserialize::FromSqlRow,
            ::serde::Serialize,
            ::serde::Deserialize,
        )]
        #[diesel(sql_type = ::diesel::sql_types::Text)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code stored in the database and used in addresses.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Plain-English words for people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn from_code(code: &str) -> Option<$name> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }

        impl<DB> ::diesel::serialize::ToSql<::diesel::sql_types::Text, DB> for $name
        where
            DB: ::diesel::backend::Backend,
            str: ::diesel::serialize::ToSql<::diesel::sql_types::Text, DB>,
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut ::diesel::serialize::Output<'b, '_, DB>,
            ) -> ::diesel::serialize::Result {
                ::diesel::serialize::ToSql::<::diesel::sql_types::Text, DB>::to_sql(self.code(), out)
            }
        }

        impl<DB> ::diesel::deserialize::FromSql<::diesel::sql_types::Text, DB> for $name
        where
            DB: ::diesel::backend::Backend,
            String: ::diesel::deserialize::FromSql<::diesel::sql_types::Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> ::diesel::deserialize::Result<Self> {
                let code = <String as ::diesel::deserialize::FromSql<::diesel::sql_types::Text, DB>>::from_sql(bytes)?;
                $name::from_code(&code)
                    .ok_or_else(|| format!("unknown {} code {code:?}", stringify!($name)).into())
            }
        }
    };
}
pub(crate) use text_enum;

text_enum!(
    /// What a listing is, which decides its address and its page.
    Kind {
        Organisation = "organisation": "Organisation",
        Group = "group": "Group or activity",
        Event = "event": "Event",
        Place = "place": "Place",
    }
);

impl Kind {
    /// The first part of the listing's address, e.g. `/groups/…`.
    pub fn path_segment(self) -> &'static str {
        match self {
            Kind::Organisation => "organisations",
            Kind::Group => "groups",
            Kind::Event => "events",
            Kind::Place => "places",
        }
    }
}

text_enum!(
    /// Where a listing is in the publishing workflow. Only published
    /// listings are ever shown to the public.
    Status {
        Draft = "draft": "Draft",
        Pending = "pending": "Waiting for review",
        Published = "published": "Published",
        Archived = "archived": "Archived",
    }
);

text_enum!(
    /// The kind of opportunity, as a person looking for something to do
    /// would put it.
    Opportunity {
        Activity = "activity": "Activity or group",
        Event = "event": "Event",
        Course = "course": "Course",
        Volunteering = "volunteering": "Volunteering",
        Employment = "employment": "Employment support",
        Advice = "advice": "Information and advice",
    }
);

text_enum!(
    /// How much it costs to take part.
    CostKind {
        Free = "free": "Free",
        PayWhatYouCan = "pay_what_you_can": "Pay what you can",
        Price = "price": "Paid",
    }
);

text_enum!(
    /// Who a listing is especially for. Listings without any are for everyone.
    Audience {
        Carers = "carers": "Carers",
        Women = "women": "Women",
        Men = "men": "Men",
        Lgbtq = "lgbtq": "LGBTQ+ people",
        LearningDisabilities = "learning_disabilities": "People with learning disabilities",
        MentalHealth = "mental_health": "People living with mental health problems",
        OlderPeople = "older_people": "Older people",
        YoungPeople = "young_people": "Young people",
        Families = "families": "Families",
        Refugees = "refugees": "Refugees and asylum seekers",
        Autistic = "autistic": "Autistic people",
    }
);

text_enum!(
    /// Access facilities of a place, the ones people most often ask about
    /// before deciding whether they can go.
    Facility {
        StepFree = "step_free": "Step-free access",
        AccessibleToilet = "accessible_toilet": "Accessible toilet",
        HearingLoop = "hearing_loop": "Hearing loop",
        QuietSpace = "quiet_space": "Quiet space",
        BlueBadgeParking = "blue_badge_parking": "Blue Badge parking",
        ChangingPlaces = "changing_places": "Changing Places toilet",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for k in Kind::ALL {
            assert_eq!(Kind::from_code(k.code()), Some(*k));
        }
        for a in Audience::ALL {
            assert_eq!(Audience::from_code(a.code()), Some(*a));
        }
        for f in Facility::ALL {
            assert_eq!(Facility::from_code(f.code()), Some(*f));
        }
        assert_eq!(Kind::from_code("nope"), None);
    }
}
