//! Single sessions of a group or event held at another time ("this
//! Tuesday's session is on Wednesday instead"), without touching the
//! repeat rule: the rest of the series goes ahead as usual. A one-off
//! event's only session moves the same way.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use store::schema::{occurrence_cancellations, occurrence_moves};
use store::AnyConnection;

use super::managed_listing;
use crate::listing::{self, CHANGE_ENTITY};
use crate::DirectoryError;

/// Where a session goes: its new start and end (UTC) and a note shown
/// beside it.
#[derive(Debug, Clone)]
pub struct NewTime {
    pub starts_at: NaiveDateTime,
    pub ends_at: Option<NaiveDateTime>,
    pub note: String,
}

/// Moves the session that usually starts at `original` to `to`, for an
/// organiser of the listing or an editor (`NotFound` for anyone else).
/// Moving a moved session again replaces its move; moving it back to its
/// usual time removes it; a one-off event's only session moves the same
/// way. Refused, naming the field: a listing without dates, a session that is not in the
/// schedule, is over or is cancelled, a new time in the past or not after
/// its start, and a new time that overlaps another session.
pub fn move_occurrence(
    conn: &mut AnyConnection,
    person: i32,
    listing_id: i32,
    original: NaiveDateTime,
    to: &NewTime,
    now: NaiveDateTime,
) -> Result<(), DirectoryError> {
    let l = managed_listing(conn, person, listing_id)?;
    let Some(start) = l.starts_at else {
        return Err(DirectoryError::invalid("occurrence", "This has no dates to move"));
    };
    // A one-off event's only session moves the same way, so the people
    // going keep their places and get an updated calendar file.
    let rule = l.rrule.as_deref().filter(|r| !r.trim().is_empty());
    if !listing::is_session(start, l.ends_at, rule, original) || original < now {
        return Err(DirectoryError::invalid(
            "occurrence",
            "Choose one of the upcoming dates",
        ));
    }
    let cancelled: i64 = occurrence_cancellations::table
        .filter(occurrence_cancellations::listing_id.eq(listing_id))
        .filter(occurrence_cancellations::starts_at.eq(original))
        .count()
        .get_result(conn)?;
    if cancelled > 0 {
        return Err(DirectoryError::invalid(
            "occurrence",
            "That date is cancelled, so it cannot be moved",
        ));
    }
    if to.starts_at <= now {
        return Err(DirectoryError::invalid(
            "starts_at",
            "The new date and time must be in the future",
        ));
    }
    if to.ends_at.is_some_and(|e| e <= to.starts_at) {
        return Err(DirectoryError::invalid(
            "ends_at",
            "The end time must be after the start time",
        ));
    }
    let note = to.note.trim();
    if note.chars().count() > 200 {
        return Err(DirectoryError::invalid(
            "note",
            "The note must be 200 characters or fewer",
        ));
    }
    if clashes(conn, &l, start, rule, original, to)? {
        return Err(DirectoryError::invalid(
            "starts_at",
            "Another session is at that time. Choose a time that does not overlap it",
        ));
    }
    diesel::delete(
        occurrence_moves::table
            .filter(occurrence_moves::listing_id.eq(listing_id))
            .filter(occurrence_moves::original_starts_at.eq(original)),
    )
    .execute(conn)?;
    let usual_end = l.ends_at.map(|e| original + (e - start));
    if !(to.starts_at == original && to.ends_at == usual_end) {
        diesel::insert_into(occurrence_moves::table)
            .values((
                occurrence_moves::listing_id.eq(listing_id),
                occurrence_moves::original_starts_at.eq(original),
                occurrence_moves::starts_at.eq(to.starts_at),
                occurrence_moves::ends_at.eq(to.ends_at),
                occurrence_moves::note.eq(note),
                occurrence_moves::moved_by.eq(Some(person)),
                occurrence_moves::moved_at.eq(now),
            ))
            .execute(conn)?;
    }
    store::changes::record(conn, CHANGE_ENTITY, listing_id, "moved", now)?;
    Ok(())
}

/// True when the new time overlaps another session that goes ahead (moved
/// ones at their new times; cancelled ones do not count). A session with
/// no end time takes up its starting minute.
fn clashes(
    conn: &mut AnyConnection,
    l: &listing::Listing,
    start: NaiveDateTime,
    rule: Option<&str>,
    original: NaiveDateTime,
    to: &NewTime,
) -> Result<bool, DirectoryError> {
    let span = |s: NaiveDateTime, e: Option<NaiveDateTime>| (s, e.unwrap_or(s + Duration::minutes(1)));
    let (new_start, new_end) = span(to.starts_at, to.ends_at);
    // Sessions are shorter than a week, so nothing further away can overlap.
    let (from, until) = (new_start - Duration::days(7), new_end + Duration::days(7));
    let overrides = listing::Overrides::load(conn, &[l.id], from - Duration::days(366))?;
    Ok(
        listing::sessions(start, l.ends_at, rule, overrides.moves(l.id), from, until)
            .into_iter()
            .filter(|(s, _, m)| {
                let usual = m.map_or(*s, |m| m.original_starts_at);
                usual != original && overrides.cancellation(l.id, usual).is_none()
            })
            .any(|(s, e, _)| {
                let (s, e) = span(s, e);
                new_start < e && s < new_end
            }),
    )
}
