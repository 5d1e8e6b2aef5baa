//! Field-by-field differences between two states of a listing, in words an
//! editor or organiser reads without knowing the database: "Cost: Free →
//! £3.50", interests by name, audiences and facilities by their labels.
//!
//! Some fields people think of as one are several columns (cost, ages,
//! when, map position); each such group is one line here, and the same
//! groups decide what an approved proposal takes over (see [`merge`]).

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::Snapshot;
use crate::listing::cost_words;
use crate::{recurrence, DirectoryError, Reference};

/// One line of a difference.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldChange {
    /// A stable key for the field, e.g. `cost`, for forms and tests.
    pub field: &'static str,
    /// Plain English, e.g. "Cost".
    pub label: &'static str,
    /// Empty when the field was not set.
    pub before: String,
    pub after: String,
    /// For a proposal: the live listing has changed this field since its
    /// author started, so the editor should check `before` is still what the
    /// author meant to replace.
    pub moved_on: bool,
}

/// What names ids in a diff: reference data for interests and boroughs, and
/// the names of organisations and places a listing points at.
#[derive(Debug, Clone, Copy)]
pub struct Names<'a> {
    pub reference: &'a Reference,
    pub listings: &'a HashMap<i32, String>,
}

/// The fields of a diff, in the order a listing's form shows them: key,
/// label, and the snapshot keys (columns and tag lists) each one covers.
const FIELDS: &[(&str, &str, &[&str])] = &[
    ("kind", "Type of listing", &["kind"]),
    ("name", "Name", &["name"]),
    ("slug", "Web address", &["slug"]),
    ("summary", "Summary", &["summary"]),
    ("description", "Description", &["description"]),
    ("organisation", "Run by", &["organisation_id"]),
    ("place", "Venue", &["place_id"]),
    ("opportunity", "Type of opportunity", &["opportunity"]),
    ("when", "When", &["starts_at", "ends_at", "rrule"]),
    ("cost", "Cost", &["cost_kind", "cost_pence"]),
    ("cost_note", "About the cost", &["cost_note"]),
    ("age", "Ages", &["age_min", "age_max"]),
    ("booking_required", "Booking needed", &["booking_required"]),
    ("first_visit", "Your first visit", &["first_visit"]),
    ("interests", "Interests", &["interests"]),
    ("audiences", "Especially for", &["audiences"]),
    ("facilities", "Access", &["facilities"]),
    ("address", "Address", &["address"]),
    ("postcode", "Postcode", &["postcode"]),
    ("borough", "Borough", &["borough_id"]),
    ("boroughs_served", "Also serves", &["boroughs_served"]),
    ("map", "Map position", &["latitude", "longitude"]),
    ("contact_name", "Contact name", &["contact_name"]),
    ("contact_email", "Contact email", &["contact_email"]),
    ("contact_phone", "Contact phone", &["contact_phone"]),
    ("website", "Website", &["website"]),
];

/// Every field of a snapshot in words; all empty for `None` (a listing that
/// did not exist yet).
fn words(s: Option<&Snapshot>, names: Names<'_>) -> Vec<String> {
    FIELDS
        .iter()
        .map(|(key, _, _)| s.map_or_else(String::new, |s| field_words(key, s, names)))
        .collect()
}

fn field_words(key: &str, s: &Snapshot, names: Names<'_>) -> String {
    let f = &s.fields;
    let listing_name = |id: Option<i32>| {
        id.map(|id| {
            names
                .listings
                .get(&id)
                .cloned()
                .unwrap_or_else(|| format!("Listing {id}"))
        })
        .unwrap_or_default()
    };
    let borough = |id: i32| {
        names
            .reference
            .borough(id)
            .map_or_else(|| format!("Borough {id}"), |b| b.name.clone())
    };
    let text = |t: &str| t.trim().to_owned();
    match key {
        "kind" => f.kind.label().to_owned(),
        "name" => text(&f.name),
        "slug" => format!("/{}/{}", f.kind.path_segment(), f.slug),
        "summary" => text(&f.summary),
        "description" => text(&f.description),
        "organisation" => listing_name(f.organisation_id),
        "place" => listing_name(f.place_id),
        "opportunity" => f.opportunity.label().to_owned(),
        "when" => f
            .starts_at
            .map(|start| recurrence::describe(start, f.ends_at, f.rrule.as_deref()))
            .unwrap_or_default(),
        "cost" => cost_words(f.cost_kind, f.cost_pence),
        "cost_note" => text(&f.cost_note),
        "age" => match (f.age_min, f.age_max) {
            (None, None) => "All ages".to_owned(),
            (Some(min), None) => format!("{min} and over"),
            (None, Some(max)) => format!("Up to {max}"),
            (Some(min), Some(max)) => format!("{min} to {max}"),
        },
        "booking_required" => if f.booking_required { "Yes" } else { "No" }.to_owned(),
        "first_visit" => text(&f.first_visit),
        "interests" => {
            // In taxonomy order, so the same set always reads the same way.
            let mut known: Vec<(usize, String)> = s
                .tags
                .interests
                .iter()
                .map(|&id| {
                    let pos = names.reference.interests.iter().position(|i| i.id == id);
                    let name = names
                        .reference
                        .interest(id)
                        .map_or_else(|| format!("Interest {id}"), |i| i.name.clone());
                    (pos.unwrap_or(usize::MAX), name)
                })
                .collect();
            known.sort();
            join(known.into_iter().map(|(_, n)| n))
        }
        "audiences" => join(s.tags.audiences.iter().map(|a| a.label().to_owned())),
        "facilities" => join(s.tags.facilities.iter().map(|a| a.label().to_owned())),
        "address" => text(&f.address),
        "postcode" => f.postcode.clone().unwrap_or_default(),
        "borough" => f.borough_id.map(borough).unwrap_or_default(),
        "boroughs_served" => {
            let mut v: Vec<String> = s.tags.boroughs_served.iter().map(|&b| borough(b)).collect();
            v.sort();
            join(v.into_iter())
        }
        "map" => match (f.latitude, f.longitude) {
            (Some(lat), Some(lon)) => format!("{lat:.5}, {lon:.5}"),
            _ => String::new(),
        },
        "contact_name" => text(&f.contact_name),
        "contact_email" => text(&f.contact_email),
        "contact_phone" => text(&f.contact_phone),
        "website" => text(&f.website),
        _ => String::new(),
    }
}

fn join(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

/// What differs between `before` (`None` for a listing that did not exist)
/// and `after`, in form order.
pub fn diff(before: Option<&Snapshot>, after: &Snapshot, names: Names<'_>) -> Vec<FieldChange> {
    let b = words(before, names);
    let a = words(Some(after), names);
    FIELDS
        .iter()
        .zip(b.into_iter().zip(a))
        .filter(|(_, (b, a))| b != a)
        .map(|(&(field, label, _), (before, after))| FieldChange {
            field,
            label,
            before,
            after,
            moved_on: false,
        })
        .collect()
}

/// The labels of the fields that differ: a version's "what changed" list.
pub fn changed_labels(before: Option<&Snapshot>, after: &Snapshot) -> Vec<String> {
    let reference = Reference::default();
    let listings = HashMap::new();
    let names = Names {
        reference: &reference,
        listings: &listings,
    };
    if before.is_none() {
        return vec!["New listing".to_owned()];
    }
    diff(before, after, names)
        .into_iter()
        .map(|c| c.label.to_owned())
        .collect()
}

/// What a proposal would change on the live listing now: the fields its
/// author changed (from `base`, the state they started from, to
/// `proposed`), each shown from the live value to the proposed one. Fields
/// the author did not touch are not shown, even when the live listing has
/// moved on since; fields that both the author and someone else changed are
/// marked `moved_on`.
pub fn proposal_changes(
    base: Option<&Snapshot>,
    proposed: &Snapshot,
    live: &Snapshot,
    names: Names<'_>,
) -> Vec<FieldChange> {
    let Some(base) = base else {
        return diff(None, proposed, names);
    };
    let b = words(Some(base), names);
    let p = words(Some(proposed), names);
    let l = words(Some(live), names);
    let raw_changed = groups_changed(base, proposed);
    FIELDS
        .iter()
        .enumerate()
        .filter(|(i, _)| (b[*i] != p[*i] || raw_changed.get(*i).copied().unwrap_or(false)) && l[*i] != p[*i])
        .map(|(i, &(field, label, _))| FieldChange {
            field,
            label,
            before: l[i].clone(),
            after: p[i].clone(),
            moved_on: l[i] != b[i],
        })
        .collect()
}

fn flatten(s: &Snapshot) -> Result<Map<String, Value>, DirectoryError> {
    let mut out = Map::new();
    for part in [serde_json::to_value(&s.fields)?, serde_json::to_value(&s.tags)?] {
        if let Value::Object(m) = part {
            out.extend(m);
        }
    }
    Ok(out)
}

/// For each of [`FIELDS`], whether any of its columns differ.
fn groups_changed(a: &Snapshot, b: &Snapshot) -> Vec<bool> {
    match (flatten(a), flatten(b)) {
        (Ok(a), Ok(b)) => FIELDS
            .iter()
            .map(|(_, _, keys)| keys.iter().any(|k| a.get(*k) != b.get(*k)))
            .collect(),
        _ => vec![true; FIELDS.len()],
    }
}

/// The state to publish when approving a proposal made from `base`: the
/// `live` listing with the field groups the author changed taken from
/// `proposed`. A change published meanwhile to a field the author did not
/// touch is kept, not silently undone.
pub fn merge(base: &Snapshot, proposed: &Snapshot, live: &Snapshot) -> Result<Snapshot, DirectoryError> {
    let b = flatten(base)?;
    let p = flatten(proposed)?;
    let mut out = flatten(live)?;
    for (_, _, keys) in FIELDS {
        if keys.iter().any(|k| b.get(*k) != p.get(*k)) {
            for k in *keys {
                if let Some(v) = p.get(*k) {
                    out.insert((*k).to_owned(), v.clone());
                }
            }
        }
    }
    let mut fields = Map::new();
    let mut tags = Map::new();
    for (k, v) in out {
        if matches!(k.as_str(), "interests" | "audiences" | "facilities" | "boroughs_served") {
            tags.insert(k, v);
        } else {
            fields.insert(k, v);
        }
    }
    Ok(Snapshot::new(
        serde_json::from_value(Value::Object(fields))?,
        serde_json::from_value(Value::Object(tags))?,
    ))
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, NaiveDate, NaiveDateTime};

    use super::*;
    use crate::listing::{ListingEdit, Tags};
    use crate::reference::{Borough, Interest};
    use crate::{Audience, CostKind, Facility, Kind, Opportunity};

    fn t() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap()
    }

    fn reference() -> Reference {
        let i = |id, slug: &str, name: &str, parent| Interest {
            id,
            slug: slug.into(),
            name: name.into(),
            parent_id: parent,
            position: id,
        };
        Reference::new(
            vec![
                Borough {
                    id: 22,
                    code: "E09000022".into(),
                    slug: "lambeth".into(),
                    name: "Lambeth".into(),
                },
                Borough {
                    id: 28,
                    code: "E09000028".into(),
                    slug: "southwark".into(),
                    name: "Southwark".into(),
                },
            ],
            vec![
                i(1, "arts", "Arts and crafts", None),
                i(2, "pottery", "Pottery", Some(1)),
                i(3, "painting", "Painting", Some(1)),
            ],
        )
    }

    fn snapshot() -> Snapshot {
        let fields = ListingEdit {
            kind: Kind::Group,
            slug: "oval-pottery".into(),
            name: "Oval Pottery".into(),
            summary: "Clay on Tuesdays.".into(),
            description: "Wheel and hand-building.".into(),
            organisation_id: Some(7),
            place_id: None,
            opportunity: Opportunity::Activity,
            cost_kind: CostKind::Free,
            cost_pence: None,
            cost_note: String::new(),
            age_min: None,
            age_max: None,
            first_visit: "Sam meets you.".into(),
            contact_name: "Sam".into(),
            contact_email: "sam@example.org".into(),
            contact_phone: "020 7946 0123".into(),
            website: String::new(),
            booking_required: false,
            address: "1 Test Street".into(),
            postcode: Some("SE11 5QY".into()),
            latitude: Some(51.4875),
            longitude: Some(-0.111),
            borough_id: Some(22),
            starts_at: Some(t()),
            ends_at: Some(t() + Duration::hours(2)),
            rrule: Some("FREQ=WEEKLY;BYDAY=TU".into()),
        };
        Snapshot::new(
            fields,
            Tags {
                interests: vec![2],
                ..Tags::default()
            },
        )
    }

    fn names<'a>(r: &'a Reference, l: &'a HashMap<i32, String>) -> Names<'a> {
        Names {
            reference: r,
            listings: l,
        }
    }

    #[test]
    fn same_state_has_no_differences() {
        let (r, l) = (reference(), HashMap::new());
        assert!(diff(Some(&snapshot()), &snapshot(), names(&r, &l)).is_empty());
        // Tag order does not matter.
        let mut a = snapshot();
        a.tags.interests = vec![3, 2];
        let mut b = snapshot();
        b.tags.interests = vec![2, 3];
        let (a, b) = (Snapshot::new(a.fields, a.tags), Snapshot::new(b.fields, b.tags));
        assert!(diff(Some(&a), &b, names(&r, &l)).is_empty());
    }

    #[test]
    fn changes_read_in_plain_english_with_tags_by_name() {
        let r = reference();
        let l = HashMap::from([(7, "Kennington Friends".to_owned()), (8, "Oval Hall".to_owned())]);
        let before = snapshot();
        let mut after = snapshot();
        after.fields.cost_kind = CostKind::Price;
        after.fields.cost_pence = Some(350);
        after.fields.place_id = Some(8);
        after.fields.age_min = Some(18);
        after.fields.booking_required = true;
        after.fields.ends_at = Some(t() + Duration::hours(3));
        after.tags.interests = vec![3, 2];
        after.tags.audiences = vec![Audience::OlderPeople, Audience::Carers];
        after.tags.facilities = vec![Facility::StepFree];
        after.tags.boroughs_served = vec![28];
        let after = Snapshot::new(after.fields, after.tags);
        let d = diff(Some(&before), &after, names(&r, &l));
        let lines: Vec<(&str, &str, &str)> = d
            .iter()
            .map(|c| (c.label, c.before.as_str(), c.after.as_str()))
            .collect();
        assert_eq!(
            lines,
            vec![
                ("Venue", "", "Oval Hall"),
                ("When", "Every Tuesday, 10:00 to 12:00", "Every Tuesday, 10:00 to 13:00"),
                ("Cost", "Free", "£3.50"),
                ("Ages", "All ages", "18 and over"),
                ("Booking needed", "No", "Yes"),
                ("Interests", "Pottery", "Pottery, Painting"),
                ("Especially for", "", "Carers, Older people"),
                ("Access", "", "Step-free access"),
                ("Also serves", "", "Southwark"),
            ]
        );
        assert_eq!(
            changed_labels(Some(&before), &after),
            vec![
                "Venue",
                "When",
                "Cost",
                "Ages",
                "Booking needed",
                "Interests",
                "Especially for",
                "Access",
                "Also serves"
            ]
        );
    }

    #[test]
    fn a_new_listing_shows_every_field_it_sets() {
        let r = reference();
        let l = HashMap::from([(7, "Kennington Friends".to_owned())]);
        let d = diff(None, &snapshot(), names(&r, &l));
        let run_by = d.iter().find(|c| c.field == "organisation").unwrap();
        assert_eq!(
            (run_by.before.as_str(), run_by.after.as_str()),
            ("", "Kennington Friends")
        );
        assert!(d.iter().any(|c| c.field == "borough" && c.after == "Lambeth"));
        assert!(!d.iter().any(|c| c.field == "website"), "empty fields are not listed");
        assert_eq!(changed_labels(None, &snapshot()), vec!["New listing"]);
    }

    #[test]
    fn a_proposal_on_a_listing_that_moved_on_shows_only_the_authors_changes() {
        let (r, l) = (reference(), HashMap::new());
        let base = snapshot();
        // The author changes the phone and the summary.
        let mut proposed = snapshot();
        proposed.fields.contact_phone = "020 7946 0999".into();
        proposed.fields.summary = "Clay on Tuesdays and Thursdays.".into();
        // Meanwhile the live listing's name and summary changed.
        let mut live = snapshot();
        live.fields.name = "Oval Pottery Club".into();
        live.fields.summary = "Clay, Tuesdays.".into();
        let changes = proposal_changes(Some(&base), &proposed, &live, names(&r, &l));
        let got: Vec<_> = changes
            .iter()
            .map(|c| (c.field, c.before.as_str(), c.after.as_str(), c.moved_on))
            .collect();
        assert_eq!(
            got,
            vec![
                ("summary", "Clay, Tuesdays.", "Clay on Tuesdays and Thursdays.", true),
                ("contact_phone", "020 7946 0123", "020 7946 0999", false),
            ]
        );
        // Approving keeps the newer name and takes the author's two fields.
        let merged = merge(&base, &proposed, &live).unwrap();
        assert_eq!(merged.fields.name, "Oval Pottery Club");
        assert_eq!(merged.fields.contact_phone, "020 7946 0999");
        assert_eq!(merged.fields.summary, "Clay on Tuesdays and Thursdays.");
        // A grouped field moves as one: changing the end time takes the whole "when".
        let mut proposed = snapshot();
        proposed.fields.ends_at = Some(t() + Duration::hours(3));
        let mut live = snapshot();
        live.fields.rrule = Some("FREQ=WEEKLY;BYDAY=WE".into());
        let merged = merge(&base, &proposed, &live).unwrap();
        assert_eq!(merged.fields.rrule, base.fields.rrule);
        assert_eq!(merged.fields.ends_at, proposed.fields.ends_at);
    }
}
