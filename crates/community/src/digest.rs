//! New listings for a member: what was added in their interests and
//! borough lately (the weekly digest email and the member's home), and the
//! emails telling a group's members about a new event.
//!
//! The digest is opt-in. The hourly job considers each member who wants it
//! once per ISO week: a row in `digest_sends` (member, week) is written
//! first, in the same transaction as the email, so a restart or a second
//! server never sends it twice. A week with nothing new sends nothing.
//!
//! A new event is announced once: `event_announcements` keeps the events
//! already announced, so editing and publishing one again tells nobody
//! twice.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{Integer, Text, Timestamp};
use directory::{DirectoryError, Kind, Listing, Status};
use sha2::{Digest, Sha256};
use store::schema::{
    digest_sends, group_members, interests, listing_boroughs_served, listing_interests, listings,
    notification_settings, people,
};
use store::AnyConnection;

use crate::notify::{london_time, site_url, tell};
use crate::settings::{self, Topic};
use crate::{groups, CommunityError};

/// How far back "new" reaches in the digest.
pub const WEEK: i64 = 7;
/// The most listings one digest or home page section shows.
pub const SHOWN: i64 = 10;

/// A listing added lately, as the digest and the home page show it.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct NewListing {
    pub id: i32,
    pub kind: Kind,
    pub slug: String,
    pub name: String,
    pub summary: String,
    pub starts_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

impl NewListing {
    /// Its public address, e.g. `/groups/walking-club`.
    pub fn path(&self) -> String {
        format!("/{}/{}", self.kind.path_segment(), self.slug)
    }
}

fn sha256(raw: &str) -> String {
    Sha256::digest(raw.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `interests` and every term below them (the taxonomy is a small
/// reference table, read in one query).
fn with_children(conn: &mut AnyConnection, chosen: &[i32]) -> Result<Vec<i32>, CommunityError> {
    let all: Vec<(i32, Option<i32>)> = interests::table
        .select((interests::id, interests::parent_id))
        .load(conn)?;
    let mut out: Vec<i32> = chosen.to_vec();
    let mut i = 0;
    while i < out.len() {
        let parent = out[i];
        let below: Vec<i32> = all
            .iter()
            .filter(|(id, p)| *p == Some(parent) && !out.contains(id))
            .map(|(id, _)| *id)
            .collect();
        out.extend(below);
        i += 1;
    }
    Ok(out)
}

/// Published listings added since `since` that have one of `interests`
/// (or a term below one), in `borough` (where they are or whom they serve)
/// when one is given; newest first. Events that are over are left out.
/// Nothing without interests: the digest says what is new in them.
pub fn new_listings(
    conn: &mut AnyConnection,
    chosen: &[i32],
    borough: Option<i32>,
    since: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<Vec<NewListing>, CommunityError> {
    if chosen.is_empty() {
        return Ok(vec![]);
    }
    let terms = with_children(conn, chosen)?;
    let tagged = listing_interests::table
        .filter(listing_interests::interest_id.eq_any(terms))
        .select(listing_interests::listing_id);
    let mut q = listings::table
        .filter(listings::status.eq(Status::Published))
        .filter(listings::created_at.ge(since))
        .filter(listings::kind.ne(Kind::Organisation))
        .filter(
            listings::kind
                .ne(Kind::Event)
                .or(listings::rrule.is_not_null())
                .or(listings::starts_at.ge(now)),
        )
        .filter(listings::id.eq_any(tagged))
        .into_boxed();
    if let Some(b) = borough {
        let served = listing_boroughs_served::table
            .filter(listing_boroughs_served::borough_id.eq(b))
            .select(listing_boroughs_served::listing_id);
        q = q.filter(listings::borough_id.eq(b).or(listings::id.eq_any(served)));
    }
    Ok(q.order((listings::created_at.desc(), listings::id.desc()))
        .limit(SHOWN)
        .select((
            listings::id,
            listings::kind,
            listings::slug,
            listings::name,
            listings::summary,
            listings::starts_at,
            listings::created_at,
        ))
        .load(conn)?)
}

/// The organisations that run the groups `person` is a member of, in id
/// order, each once.
pub fn member_organisations(conn: &mut AnyConnection, person: i32) -> Result<Vec<i32>, CommunityError> {
    let mut ids: Vec<i32> = group_members::table
        .inner_join(listings::table.on(listings::id.eq(group_members::group_id)))
        .filter(group_members::person_id.eq(person))
        .filter(group_members::status.eq(groups::MEMBER))
        .filter(listings::organisation_id.is_not_null())
        .select(listings::organisation_id.assume_not_null())
        .load(conn)?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// Upcoming published events added since `since` by `organisations`,
/// newest first: the same for every member whose groups those
/// organisations run, so a site can share it among them.
pub fn new_events_by(
    conn: &mut AnyConnection,
    organisations: &[i32],
    since: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<Vec<NewListing>, CommunityError> {
    if organisations.is_empty() {
        return Ok(vec![]);
    }
    Ok(listings::table
        .filter(listings::kind.eq(Kind::Event))
        .filter(listings::status.eq(Status::Published))
        .filter(listings::organisation_id.assume_not_null().eq_any(organisations))
        .filter(listings::created_at.ge(since))
        .filter(listings::rrule.is_not_null().or(listings::starts_at.ge(now)))
        .order((listings::created_at.desc(), listings::id.desc()))
        .limit(SHOWN)
        .select((
            listings::id,
            listings::kind,
            listings::slug,
            listings::name,
            listings::summary,
            listings::starts_at,
            listings::created_at,
        ))
        .load(conn)?)
}

/// The ISO week `now` falls in, London's date, e.g. `2026-W49`.
pub fn week_of(now: NaiveDateTime) -> String {
    directory::recurrence::london_time(now)
        .date()
        .format("%G-W%V")
        .to_string()
}

/// Queues this week's digest to members who want it and were not yet
/// considered this week, at most `limit` members a call so a caller can
/// commit in batches and call again while it gets `limit`. Returns how
/// many members were considered (emailed or, with nothing new, not).
pub fn send_digests(
    conn: &mut AnyConnection,
    site: &mail::Site,
    now: NaiveDateTime,
    limit: i64,
) -> Result<i64, CommunityError> {
    let week = week_of(now);
    let done = digest_sends::table
        .filter(digest_sends::week.eq(&week))
        .select(digest_sends::person_id);
    let due: Vec<(i32, Option<i32>)> = notification_settings::table
        .inner_join(people::table)
        .filter(notification_settings::digest.eq(true))
        .filter(people::deleted_at.is_null())
        .filter(people::email_verified_at.is_not_null())
        .filter(notification_settings::person_id.ne_all(done))
        .order(notification_settings::person_id)
        .limit(limit)
        .select((notification_settings::person_id, notification_settings::borough_id))
        .load(conn)?;
    let considered = due.len() as i64;
    for (person, borough) in due {
        let raw = accounts::token::random_hex(32)?;
        let first = diesel::sql_query(
            "INSERT INTO digest_sends (person_id, week, off_hash, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (person_id, week) DO NOTHING",
        )
        .bind::<Integer, _>(person)
        .bind::<Text, _>(&week)
        .bind::<Text, _>(sha256(&raw))
        .bind::<Timestamp, _>(now)
        .execute(conn)?;
        if first == 0 {
            continue;
        }
        let chosen = settings::get(conn, person)?.interests;
        let found = new_listings(conn, &chosen, borough, now - Duration::days(WEEK), now)?;
        if found.is_empty() {
            continue;
        }
        let mut message = mail::Message::new("New this week in your interests").paragraph(&format!(
            "{} new {} in the things you are interested in:",
            found.len(),
            if found.len() == 1 { "listing" } else { "listings" }
        ));
        for l in &found {
            let mut line = format!("{}: {}", l.name, site_url(site, &l.path()));
            if let (Kind::Event, Some(at)) = (l.kind, l.starts_at) {
                line = format!("{line} (from {})", london_time(at));
            }
            message = message.paragraph(&line);
        }
        message = message
            .action("Search for more", &site_url(site, "/search"))
            .reason("You asked for a weekly email of what is new in your interests.")
            .unsubscribe_link(&site_url(site, &format!("/digest/off/{raw}")));
        tell(conn, site, person, message, now)?;
    }
    Ok(considered)
}

fn bad_link() -> CommunityError {
    CommunityError::invalid("link", "This link has expired or has already been used")
}

fn digest_by_link(conn: &mut AnyConnection, raw: &str) -> Result<i32, CommunityError> {
    if raw.len() != 64 || !raw.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad_link());
    }
    digest_sends::table
        .filter(digest_sends::off_hash.eq(sha256(raw)))
        .filter(digest_sends::off_used_at.is_null())
        .select(digest_sends::person_id)
        .first(conn)
        .optional()?
        .ok_or_else(bad_link)
}

/// Whether a digest's unsubscribe link still works, for the page with the
/// button that uses it.
pub fn peek_off_link(conn: &mut AnyConnection, raw: &str) -> Result<(), CommunityError> {
    digest_by_link(conn, raw).map(|_| ())
}

/// Uses a digest's unsubscribe link: its member gets no more digests. The
/// link works once.
pub fn use_off_link(conn: &mut AnyConnection, raw: &str, now: NaiveDateTime) -> Result<(), CommunityError> {
    let person = digest_by_link(conn, raw)?;
    diesel::update(digest_sends::table.filter(digest_sends::off_hash.eq(sha256(raw))))
        .set(digest_sends::off_used_at.eq(Some(now)))
        .execute(conn)?;
    settings::digest_off(conn, person, now)
}

/// Tells the members of the groups run by `event`'s organisation about it,
/// once, when it is a published event that is still to come; those who
/// turned new-event emails off or muted every such group of theirs get
/// nothing. Called in the transaction that publishes it. Returns how many
/// were emailed.
pub fn announce_event(
    conn: &mut AnyConnection,
    site: &mail::Site,
    event: &Listing,
    now: NaiveDateTime,
) -> Result<usize, CommunityError> {
    let upcoming = event.rrule.is_some() || event.starts_at.is_some_and(|s| s >= now);
    let (Kind::Event, Status::Published, true, Some(organisation)) =
        (event.kind, event.status, upcoming, event.organisation_id)
    else {
        return Ok(0);
    };
    let first = diesel::sql_query(
        "INSERT INTO event_announcements (event_id, created_at) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING",
    )
    .bind::<Integer, _>(event.id)
    .bind::<Timestamp, _>(now)
    .execute(conn)?;
    if first == 0 {
        return Ok(0);
    }
    let members: Vec<(i32, String, i32)> = group_members::table
        .inner_join(listings::table)
        .filter(listings::kind.eq(Kind::Group))
        .filter(listings::status.eq(Status::Published))
        .filter(listings::organisation_id.eq(organisation))
        .filter(group_members::status.eq(groups::MEMBER))
        .order((group_members::person_id, listings::name))
        .select((listings::id, listings::name, group_members::person_id))
        .load(conn)?;
    let mut groups_of: Vec<(i32, String)> = members.iter().map(|(g, n, _)| (*g, n.clone())).collect();
    groups_of.sort_unstable();
    groups_of.dedup();
    let mut muted: Vec<(i32, i32)> = Vec::new();
    for (group, _) in &groups_of {
        let people: Vec<i32> = members.iter().filter(|m| m.0 == *group).map(|m| m.2).collect();
        muted.extend(
            settings::not_wanting(conn, Topic::NewEvents, *group, &people)?
                .into_iter()
                .map(|p| (*group, p)),
        );
    }
    let mut told: Vec<i32> = Vec::new();
    let link = site_url(site, &format!("/events/{}", event.slug));
    for (group, group_name, person) in &members {
        if told.contains(person) || muted.contains(&(*group, *person)) {
            continue;
        }
        let mut message = mail::Message::new(&format!("New event: {}", event.name)).paragraph(&format!(
            "There is a new event from the people who run {group_name}: {}.",
            event.name
        ));
        if let Some(at) = event.starts_at {
            message = message.paragraph(&format!("It starts on {}.", london_time(at)));
        }
        if !event.summary.trim().is_empty() {
            message = message.paragraph(event.summary.trim());
        }
        message = message
            .action("See the event", &link)
            .reason(&format!("You are a member of {group_name}."))
            .settings_link(&site_url(site, "/account/notifications"));
        tell(conn, site, *person, message, now)?;
        told.push(*person);
    }
    Ok(told.len())
}

/// A community error as the directory's, for announcing an event inside a
/// publishing transaction (whose steps speak `DirectoryError`).
pub fn as_directory(e: CommunityError) -> DirectoryError {
    match e {
        CommunityError::Store(s) => DirectoryError::Store(s),
        CommunityError::Mail(m) => DirectoryError::Mail(m),
        CommunityError::Directory(d) => d,
        CommunityError::NotFound { what } | CommunityError::Expired { what } => DirectoryError::NotFound { what },
        CommunityError::Invalid { field, message } => DirectoryError::Invalid { field, message },
        CommunityError::NotAllowed => DirectoryError::Forbidden,
        CommunityError::Account(a) => DirectoryError::Random(a.to_string()),
    }
}
