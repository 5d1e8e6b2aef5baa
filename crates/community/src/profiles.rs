//! Members' profiles: the name they chose, avatar initials drawn from it,
//! interests and a borough, each with who may see it.
//!
//! Many members are vulnerable, so everything starts private: the name is
//! shown only to members of a group they are in, interests and borough
//! only to themselves, and nobody may message them until they say so.
//! Their email address is never part of a profile. Someone who may see
//! nothing of a profile is told it is not found, so guessing ids shows
//! nothing, not even that the account exists.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use store::schema::{blocks, boroughs, group_members, interests, listings, people, profile_interests, profiles};
use store::AnyConnection;

use crate::groups::MEMBER;
use crate::CommunityError;

/// What people see instead of a name they may not see.
pub const A_MEMBER: &str = "A member";

/// Who may see one field of a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    Everyone,
    /// Members of any group the person is a member of.
    Groups,
    OnlyMe,
}

impl Visibility {
    pub const ALL: [Visibility; 3] = [Visibility::Everyone, Visibility::Groups, Visibility::OnlyMe];

    /// The code stored in the database and used in forms.
    pub fn code(self) -> &'static str {
        match self {
            Visibility::Everyone => "everyone",
            Visibility::Groups => "groups",
            Visibility::OnlyMe => "me",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Visibility::Everyone => "Everyone, including people who are not signed in",
            Visibility::Groups => "Members of groups I am in",
            Visibility::OnlyMe => "Only me",
        }
    }

    pub fn from_code(code: &str) -> Option<Visibility> {
        Visibility::ALL.into_iter().find(|v| v.code() == code)
    }

    /// Whether someone standing in `relation` to the person may see it.
    pub fn shows_to(self, relation: Relation) -> bool {
        matches!(
            (self, relation),
            (_, Relation::Me) | (Visibility::Everyone, _) | (Visibility::Groups, Relation::CoMember)
        )
    }
}

/// How the viewer stands to the person whose profile it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    Me,
    /// Both are members of at least one published group.
    CoMember,
    /// Anyone else, signed in or not.
    Other,
}

/// A member's choices, as they set them on their profile page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Settings {
    pub name: Visibility,
    pub interests: Visibility,
    pub interest_ids: Vec<i32>,
    pub borough_id: Option<i32>,
    pub borough: Visibility,
    /// Members who share a group may send them messages.
    pub messages_from_groups: bool,
}

impl Default for Settings {
    /// The most private sensible choice: a name is needed to take part in
    /// a group, so members of one's groups see it; nothing else is shown
    /// and nobody may write.
    fn default() -> Settings {
        Settings {
            name: Visibility::Groups,
            interests: Visibility::OnlyMe,
            interest_ids: Vec::new(),
            borough_id: None,
            borough: Visibility::OnlyMe,
            messages_from_groups: false,
        }
    }
}

#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = profiles, treat_none_as_null = true)]
struct ProfileRow<'a> {
    person_id: i32,
    name_visibility: &'a str,
    interests_visibility: &'a str,
    borough_id: Option<i32>,
    borough_visibility: &'a str,
    messages_from_groups: bool,
    updated_at: NaiveDateTime,
}

fn visibility(code: &str, default: Visibility) -> Visibility {
    Visibility::from_code(code).unwrap_or(default)
}

/// `person`'s profile settings (the defaults when they never saved any).
pub fn settings(conn: &mut AnyConnection, person: i32) -> Result<Settings, CommunityError> {
    let row: Option<(String, String, Option<i32>, String, bool)> = profiles::table
        .find(person)
        .select((
            profiles::name_visibility,
            profiles::interests_visibility,
            profiles::borough_id,
            profiles::borough_visibility,
            profiles::messages_from_groups,
        ))
        .first(conn)
        .optional()?;
    let d = Settings::default();
    // Interests may be chosen on the email settings page before there is
    // a profile row.
    let interest_ids = profile_interests::table
        .filter(profile_interests::person_id.eq(person))
        .order(profile_interests::interest_id)
        .select(profile_interests::interest_id)
        .load(conn)?;
    let Some((name, interests_v, borough_id, borough, messages)) = row else {
        return Ok(Settings { interest_ids, ..d });
    };
    Ok(Settings {
        name: visibility(&name, d.name),
        interests: visibility(&interests_v, d.interests),
        interest_ids,
        borough_id,
        borough: visibility(&borough, d.borough),
        messages_from_groups: messages,
    })
}

/// Saves `person`'s profile settings. Interests and boroughs that do not
/// exist are refused with the field they belong to.
pub fn save(conn: &mut AnyConnection, person: i32, s: &Settings, now: NaiveDateTime) -> Result<(), CommunityError> {
    let mut wanted: Vec<i32> = s.interest_ids.clone();
    wanted.sort_unstable();
    wanted.dedup();
    // The same list is what the weekly email and the member's home look
    // for (see `settings`), which keep it short.
    if wanted.len() > crate::settings::INTERESTS_MAX {
        return Err(CommunityError::invalid(
            "interests",
            format!("Choose up to {} interests", crate::settings::INTERESTS_MAX),
        ));
    }
    let known: i64 = interests::table
        .filter(interests::id.eq_any(&wanted))
        .count()
        .get_result(conn)?;
    if usize::try_from(known).ok() != Some(wanted.len()) {
        return Err(CommunityError::invalid("interests", "Choose interests from the list"));
    }
    if let Some(b) = s.borough_id {
        if boroughs::table.find(b).count().get_result::<i64>(conn)? == 0 {
            return Err(CommunityError::invalid("borough", "Choose a borough from the list"));
        }
    }
    let row = ProfileRow {
        person_id: person,
        name_visibility: s.name.code(),
        interests_visibility: s.interests.code(),
        borough_id: s.borough_id,
        borough_visibility: s.borough.code(),
        messages_from_groups: s.messages_from_groups,
        updated_at: now,
    };
    let exists = profiles::table.find(person).count().get_result::<i64>(conn)? > 0;
    if exists {
        diesel::update(profiles::table.find(person)).set(&row).execute(conn)?;
    } else {
        diesel::insert_into(profiles::table).values(&row).execute(conn)?;
    }
    diesel::delete(profile_interests::table.filter(profile_interests::person_id.eq(person))).execute(conn)?;
    for interest in wanted {
        diesel::insert_into(profile_interests::table)
            .values((
                profile_interests::person_id.eq(person),
                profile_interests::interest_id.eq(interest),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Up to two letters for the avatar: the first letter of the first and
/// last words of the name ("Mary O'Brien" → "MO").
pub fn initials(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let first = |w: &&str| w.chars().find(|c| c.is_alphanumeric());
    let mut out = String::new();
    if let Some(c) = words.first().and_then(first) {
        out.extend(c.to_uppercase());
    }
    if words.len() > 1 {
        if let Some(c) = words.last().and_then(first) {
            out.extend(c.to_uppercase());
        }
    }
    if out.is_empty() {
        out.push('?');
    }
    out
}

/// One of six avatar colours, chosen by the name so a person keeps theirs.
pub fn colour(name: &str) -> u32 {
    name.chars()
        .fold(0u32, |acc, c| acc.wrapping_mul(31).wrapping_add(c as u32))
        % 6
}

/// The published groups `person` is a member of.
fn groups_of(conn: &mut AnyConnection, person: i32) -> Result<Vec<i32>, CommunityError> {
    Ok(group_members::table
        .inner_join(listings::table)
        .filter(group_members::person_id.eq(person))
        .filter(group_members::status.eq(MEMBER))
        .filter(listings::status.eq(directory::Status::Published))
        .select(group_members::group_id)
        .load(conn)?)
}

/// Of `people`, those who are members of a published group `person` is a
/// member of.
fn co_members(conn: &mut AnyConnection, person: i32, people: &[i32]) -> Result<HashSet<i32>, CommunityError> {
    if people.is_empty() {
        return Ok(HashSet::new());
    }
    let groups = groups_of(conn, person)?;
    if groups.is_empty() {
        return Ok(HashSet::new());
    }
    Ok(group_members::table
        .filter(group_members::group_id.eq_any(&groups))
        .filter(group_members::person_id.eq_any(people))
        .filter(group_members::status.eq(MEMBER))
        .select(group_members::person_id)
        .load::<i32>(conn)?
        .into_iter()
        .collect())
}

/// Whether `a` and `b` are both members of one published group.
pub fn share_a_group(conn: &mut AnyConnection, a: i32, b: i32) -> Result<bool, CommunityError> {
    Ok(a != b && co_members(conn, a, &[b])?.contains(&b))
}

/// How `viewer` (None: signed out) stands to `person`.
pub fn relation(conn: &mut AnyConnection, viewer: Option<i32>, person: i32) -> Result<Relation, CommunityError> {
    Ok(match viewer {
        Some(v) if v == person => Relation::Me,
        Some(v) if share_a_group(conn, v, person)? => Relation::CoMember,
        _ => Relation::Other,
    })
}

/// The names `viewer` may see of `people`: each one's chosen name, or
/// [`A_MEMBER`] where they keep it from this viewer. A deleted account
/// shows the placeholder it was given.
pub fn names(
    conn: &mut AnyConnection,
    viewer: Option<i32>,
    people_ids: &[i32],
) -> Result<HashMap<i32, String>, CommunityError> {
    Ok(authors_in(conn, viewer, None, people_ids)?
        .into_iter()
        .map(|(id, a)| (id, a.name))
        .collect())
}

/// Someone who wrote something, as one viewer sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    /// As [`names`] gives it.
    pub name: String,
    /// The viewer blocked them, so what they wrote is not shown.
    pub blocked: bool,
}

/// [`names`], with whom the viewer blocked, for people seen in one
/// published group `viewer` is a member of (a discussion's authors).
///
/// A busy discussion is read on every visit, so each person's name, its
/// visibility, whether they are still in this group and whether the
/// viewer blocked them come in one query. Those still members of the
/// group share a group with the viewer without looking through all the
/// viewer's groups; only authors who have left are looked up the long way.
pub fn authors_in(
    conn: &mut AnyConnection,
    viewer: Option<i32>,
    shared_group: Option<i32>,
    people_ids: &[i32],
) -> Result<HashMap<i32, Author>, CommunityError> {
    let rows = facts_in(conn, viewer, shared_group, people_ids)?;
    let blocked: HashSet<i32> = rows.iter().filter(|(_, b)| *b).map(|(f, _)| f.id).collect();
    let facts: Vec<Facts> = rows.into_iter().map(|(f, _)| f).collect();
    seen_by(conn, viewer, shared_group.is_some(), &facts, &blocked)
}

/// What decides how one person's name shows, whoever reads it: kept with
/// a page of a discussion that many read (see
/// [`crate::discussions::SharedThread`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub id: i32,
    name: String,
    deleted: bool,
    name_visibility: Visibility,
    /// Still a member of the group the page is about.
    in_group: bool,
}

/// The [`Facts`] of `people_ids` (each once), with whether `blocker` (when
/// given) blocked them, and whether they are members of `group` (when
/// given), in one query.
pub fn facts_in(
    conn: &mut AnyConnection,
    blocker: Option<i32>,
    group: Option<i32>,
    people_ids: &[i32],
) -> Result<Vec<(Facts, bool)>, CommunityError> {
    let mut ids = people_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    // No one and no group has a negative id: those joins then find nothing.
    let me = blocker.unwrap_or(-1);
    let group = group.unwrap_or(-1);
    let rows: Vec<AuthorRow> = people::table
        .left_join(profiles::table)
        .left_join(
            group_members::table.on(group_members::person_id
                .eq(people::id)
                .and(group_members::group_id.eq(group))
                .and(group_members::status.eq(MEMBER))),
        )
        .left_join(blocks::table.on(blocks::blocked_id.eq(people::id).and(blocks::blocker_id.eq(me))))
        .filter(people::id.eq_any(&ids))
        .select((
            people::id,
            people::display_name,
            people::deleted_at,
            profiles::name_visibility.nullable(),
            group_members::person_id.nullable(),
            blocks::blocked_id.nullable(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, name, deleted, chosen, in_group, blocked)| {
            let default = Settings::default().name;
            let facts = Facts {
                id,
                name,
                deleted: deleted.is_some(),
                name_visibility: chosen.as_deref().map_or(default, |c| visibility(c, default)),
                in_group: in_group.is_some(),
            };
            (facts, blocked.is_some())
        })
        .collect())
}

/// How the people of `facts` show to `viewer`, who blocked `blocked`;
/// `member`: the viewer is a member of the group the facts were read for,
/// so those still in it share a group with them. Only names that show to
/// fellow members and not to everyone need the viewer's other groups, and
/// only those are looked up (one query, and none at all on most pages).
pub fn seen_by(
    conn: &mut AnyConnection,
    viewer: Option<i32>,
    member: bool,
    facts: &[Facts],
    blocked: &HashSet<i32>,
) -> Result<HashMap<i32, Author>, CommunityError> {
    let mut co: HashSet<i32> = facts.iter().filter(|f| member && f.in_group).map(|f| f.id).collect();
    if let Some(v) = viewer {
        let undecided: Vec<i32> = facts
            .iter()
            .filter(|f| !f.deleted && f.name_visibility == Visibility::Groups && f.id != v && !co.contains(&f.id))
            .map(|f| f.id)
            .collect();
        co.extend(co_members(conn, v, &undecided)?);
    }
    Ok(facts
        .iter()
        .map(|f| {
            let rel = if viewer == Some(f.id) {
                Relation::Me
            } else if co.contains(&f.id) {
                Relation::CoMember
            } else {
                Relation::Other
            };
            let name = if f.deleted || f.name_visibility.shows_to(rel) {
                f.name.clone()
            } else {
                A_MEMBER.to_owned()
            };
            (
                f.id,
                Author {
                    name,
                    blocked: blocked.contains(&f.id),
                },
            )
        })
        .collect())
}

/// (id, display name, deleted, name visibility, still in the group,
/// blocked by the viewer).
type AuthorRow = (
    i32,
    String,
    Option<NaiveDateTime>,
    Option<String>,
    Option<i32>,
    Option<i32>,
);

/// The name `viewer` may see of one person.
pub fn name(conn: &mut AnyConnection, viewer: Option<i32>, person: i32) -> Result<String, CommunityError> {
    Ok(names(conn, viewer, &[person])?
        .remove(&person)
        .unwrap_or_else(|| A_MEMBER.to_owned()))
}

/// A profile as one viewer may see it: `None` for what is kept from them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileView {
    pub person_id: i32,
    pub relation: Relation,
    pub name: Option<String>,
    /// (slug, name), in the directory's order.
    pub interests: Option<Vec<(String, String)>>,
    /// (slug, name).
    pub borough: Option<(String, String)>,
}

/// `person`'s profile for `viewer`. `NotFound` when the account does not
/// exist, is deleted, or shows this viewer nothing at all.
pub fn view(conn: &mut AnyConnection, viewer: Option<i32>, person: i32) -> Result<ProfileView, CommunityError> {
    let not_found = || CommunityError::NotFound { what: "person" };
    let name: String = people::table
        .find(person)
        .filter(people::deleted_at.is_null())
        .select(people::display_name)
        .first(conn)
        .optional()?
        .ok_or_else(not_found)?;
    let s = settings(conn, person)?;
    let rel = relation(conn, viewer, person)?;
    let interests = if s.interests.shows_to(rel) && !s.interest_ids.is_empty() {
        Some(
            interests::table
                .filter(interests::id.eq_any(&s.interest_ids))
                .order((interests::position, interests::name))
                .select((interests::slug, interests::name))
                .load(conn)?,
        )
    } else {
        None
    };
    let borough = match s.borough_id.filter(|_| s.borough.shows_to(rel)) {
        Some(b) => boroughs::table
            .find(b)
            .select((boroughs::slug, boroughs::name))
            .first(conn)
            .optional()?,
        None => None,
    };
    let view = ProfileView {
        person_id: person,
        relation: rel,
        name: s.name.shows_to(rel).then_some(name),
        interests,
        borough,
    };
    if rel != Relation::Me && view.name.is_none() && view.interests.is_none() && view.borough.is_none() {
        return Err(not_found());
    }
    Ok(view)
}

/// Whether `person` exists and is not deleted.
pub fn exists(conn: &mut AnyConnection, person: i32) -> Result<bool, CommunityError> {
    Ok(people::table
        .find(person)
        .filter(people::deleted_at.is_null())
        .count()
        .get_result::<i64>(conn)?
        > 0)
}

/// Forgets `person`'s profile, for a deleted account.
pub(crate) fn forget(conn: &mut AnyConnection, person: i32) -> Result<(), CommunityError> {
    diesel::delete(profile_interests::table.filter(profile_interests::person_id.eq(person))).execute(conn)?;
    diesel::delete(profiles::table.find(person)).execute(conn)?;
    Ok(())
}
