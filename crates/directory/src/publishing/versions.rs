//! Version history: every published state of a listing, so a bad edit can
//! be undone and anyone reviewing can see who changed what and when.
//! Versions are only ever added: restoring an old state publishes it again
//! as a new version.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use store::schema::{listing_versions, people};
use store::AnyConnection;

use super::{diff, Snapshot, Submitted};
use crate::DirectoryError;

/// One version, with the state it kept.
#[derive(Debug, Clone, Serialize)]
pub struct Version {
    pub listing_id: i32,
    pub number: i32,
    /// `None` for the state a listing had before history was kept.
    pub author_id: Option<i32>,
    pub created_at: NaiveDateTime,
    pub snapshot: Snapshot,
    /// Plain-English labels of the fields that changed from the version before.
    pub changed: Vec<String>,
    pub note: String,
}

/// One line of a listing's history.
#[derive(Debug, Clone, Serialize)]
pub struct VersionSummary {
    pub number: i32,
    pub author_id: Option<i32>,
    /// The author's display name, when there is one.
    pub author_name: Option<String>,
    pub created_at: NaiveDateTime,
    pub changed: Vec<String>,
    pub note: String,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = listing_versions)]
struct VersionRow {
    id: i32,
    listing_id: i32,
    number: i32,
    author_id: Option<i32>,
    created_at: NaiveDateTime,
    snapshot: String,
    changed: String,
    note: String,
}

pub(crate) fn latest_number(conn: &mut AnyConnection, listing_id: i32) -> Result<Option<i32>, DirectoryError> {
    Ok(listing_versions::table
        .filter(listing_versions::listing_id.eq(listing_id))
        .select(diesel::dsl::max(listing_versions::number))
        .first::<Option<i32>>(conn)?)
}

/// Keeps `snapshot` as the listing's next version; `previous` is the state
/// it replaced (for the "what changed" list), `None` for a new listing.
pub(crate) fn record(
    conn: &mut AnyConnection,
    listing_id: i32,
    author: Option<i32>,
    snapshot: &Snapshot,
    previous: Option<&Snapshot>,
    note: &str,
    now: NaiveDateTime,
) -> Result<i32, DirectoryError> {
    let number = latest_number(conn, listing_id)?.unwrap_or(0) + 1;
    // The state from before history was kept has no author and no "before".
    let changed = match (previous, author) {
        (None, None) => vec![],
        _ => diff::changed_labels(previous, snapshot),
    };
    let row: VersionRow = diesel::insert_into(listing_versions::table)
        .values((
            listing_versions::listing_id.eq(listing_id),
            listing_versions::number.eq(number),
            listing_versions::author_id.eq(author),
            listing_versions::created_at.eq(now),
            listing_versions::snapshot.eq(snapshot.to_json()?),
            listing_versions::changed.eq(serde_json::to_string(&changed)?),
            listing_versions::note.eq(note),
        ))
        .get_result(conn)?;
    tracing::debug!(
        listing = row.listing_id,
        version = row.number,
        id = row.id,
        "version kept"
    );
    Ok(row.number)
}

/// number, author, author's name, when, changed (JSON), note.
type HistoryRow = (i32, Option<i32>, Option<String>, NaiveDateTime, String, String);

/// A listing's published states, newest first. Versions are what was
/// public, so this needs no access check; the web layer decides who sees
/// the authors.
pub fn history(conn: &mut AnyConnection, listing_id: i32) -> Result<Vec<VersionSummary>, DirectoryError> {
    let rows: Vec<HistoryRow> = listing_versions::table
        .left_join(people::table.on(people::id.nullable().eq(listing_versions::author_id)))
        .filter(listing_versions::listing_id.eq(listing_id))
        .order(listing_versions::number.desc())
        .select((
            listing_versions::number,
            listing_versions::author_id,
            people::display_name.nullable(),
            listing_versions::created_at,
            listing_versions::changed,
            listing_versions::note,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(number, author_id, author_name, created_at, changed, note)| {
            Ok(VersionSummary {
                number,
                author_id,
                author_name,
                created_at,
                changed: serde_json::from_str(&changed)?,
                note,
            })
        })
        .collect()
}

/// Version `number` of a listing, with its full state.
pub fn version(conn: &mut AnyConnection, listing_id: i32, number: i32) -> Result<Version, DirectoryError> {
    let row: VersionRow = listing_versions::table
        .filter(listing_versions::listing_id.eq(listing_id))
        .filter(listing_versions::number.eq(number))
        .select(VersionRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(DirectoryError::NotFound { what: "version" })?;
    Ok(Version {
        listing_id: row.listing_id,
        number: row.number,
        author_id: row.author_id,
        created_at: row.created_at,
        snapshot: Snapshot::from_json(&row.snapshot)?,
        changed: serde_json::from_str(&row.changed)?,
        note: row.note,
    })
}

/// Puts version `number` back, as a new version; history is never
/// rewritten. It is a change like any other: it goes live at once for
/// editors and trusted organisations, and is proposed for review otherwise.
/// `NotFound` when `by` may not manage the listing.
pub fn restore(
    conn: &mut AnyConnection,
    listing_id: i32,
    number: i32,
    by: i32,
    now: NaiveDateTime,
) -> Result<Submitted, DirectoryError> {
    super::managed_listing(conn, by, listing_id)?;
    let old = version(conn, listing_id, number)?;
    let note = format!("Restored version {number}");
    super::submit_with_note(conn, Some(listing_id), &old.snapshot, by, &note, now)
}
