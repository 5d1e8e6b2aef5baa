//! Reading listings for the index, in a few large queries per batch rather
//! than one per listing, so that rebuilding 100,000 listings is a matter of
//! seconds.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use directory::listing::Listing;
use directory::{Audience, Facility, Kind, Status};
use store::schema::{listing_audiences, listing_boroughs_served, listing_facilities, listing_interests, listings};
use store::AnyConnection;

use crate::SearchError;

/// Listings read per batch: large enough that a rebuild makes few round
/// trips, small enough that a batch's bind parameters fit SQLite's limit
/// and its rows fit comfortably in memory.
pub(crate) const BATCH: usize = 5000;

/// The organisation or venue a listing names, as far as its document needs.
#[derive(Debug, Clone)]
pub(crate) struct Context {
    pub name: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub facilities: Vec<Facility>,
}

/// One listing with everything its document is made from.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    pub listing: Listing,
    pub interests: Vec<i32>,
    pub audiences: Vec<Audience>,
    pub facilities: Vec<Facility>,
    pub served: Vec<i32>,
    pub organisation: Option<Context>,
    pub venue: Option<Context>,
    /// Cancelled sessions from now on, by their usual start.
    pub cancelled: Vec<NaiveDateTime>,
    /// Single sessions held at another time.
    pub moves: Vec<directory::listing::OccurrenceMove>,
    /// A group a member started, marked so on its result card.
    pub member_led: bool,
}

/// Published listings with ids above `after`, in id order, at most `limit`.
pub(crate) fn published_after(conn: &mut AnyConnection, after: i32, limit: usize) -> Result<Vec<Listing>, SearchError> {
    Ok(listings::table
        .filter(listings::status.eq(Status::Published))
        .filter(listings::id.gt(after))
        .order(listings::id)
        .limit(i64::try_from(limit).unwrap_or(i64::MAX))
        .select(Listing::as_select())
        .load(conn)?)
}

/// The published listings among `ids`.
pub(crate) fn published_among(conn: &mut AnyConnection, ids: &[i32]) -> Result<Vec<Listing>, SearchError> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(BATCH) {
        out.extend(
            listings::table
                .filter(listings::status.eq(Status::Published))
                .filter(listings::id.eq_any(chunk))
                .select(Listing::as_select())
                .load(conn)?,
        );
    }
    Ok(out)
}

/// Listings (of any status) run by or held at any of `ids`: their
/// documents carry the organisation's name and the venue's place.
pub(crate) fn referencing(conn: &mut AnyConnection, ids: &[i32]) -> Result<Vec<i32>, SearchError> {
    let mut out = Vec::new();
    for chunk in ids.chunks(BATCH) {
        out.extend(
            listings::table
                .filter(
                    listings::organisation_id
                        .eq_any(chunk)
                        .or(listings::place_id.eq_any(chunk)),
                )
                .select(listings::id)
                .load::<i32>(conn)?,
        );
    }
    Ok(out)
}

/// The columns of an organisation or venue that its listings' documents use.
#[derive(Queryable, Selectable)]
#[diesel(table_name = listings)]
struct ContextRow {
    id: i32,
    kind: Kind,
    name: String,
    latitude: Option<f64>,
    longitude: Option<f64>,
}

fn group<V>(rows: Vec<(i32, V)>) -> HashMap<i32, Vec<V>> {
    let mut map: HashMap<i32, Vec<V>> = HashMap::new();
    for (id, v) in rows {
        map.entry(id).or_default().push(v);
    }
    map
}

/// Attaches tags, organisation, venue and cancellations to a batch of at
/// most [`BATCH`] listings, with one query per table.
pub(crate) fn records(
    conn: &mut AnyConnection,
    rows: Vec<Listing>,
    now: NaiveDateTime,
) -> Result<Vec<Record>, SearchError> {
    let ids: Vec<i32> = rows.iter().map(|l| l.id).collect();
    let mut context_ids: Vec<i32> = rows
        .iter()
        .flat_map(|l| [l.organisation_id, l.place_id])
        .flatten()
        .collect();
    context_ids.sort_unstable();
    context_ids.dedup();
    let mut contexts: HashMap<i32, (Kind, Context)> = HashMap::new();
    for chunk in context_ids.chunks(BATCH) {
        let found: Vec<ContextRow> = listings::table
            .filter(listings::id.eq_any(chunk))
            .filter(listings::status.eq(Status::Published))
            .select(ContextRow::as_select())
            .load(conn)?;
        for row in found {
            let context = Context {
                name: row.name,
                latitude: row.latitude,
                longitude: row.longitude,
                facilities: vec![],
            };
            contexts.insert(row.id, (row.kind, context));
        }
    }
    let mut interests = group(
        listing_interests::table
            .filter(listing_interests::listing_id.eq_any(&ids))
            .select((listing_interests::listing_id, listing_interests::interest_id))
            .load::<(i32, i32)>(conn)?,
    );
    let mut audiences = group(
        listing_audiences::table
            .filter(listing_audiences::listing_id.eq_any(&ids))
            .select((listing_audiences::listing_id, listing_audiences::audience))
            .load::<(i32, Audience)>(conn)?,
    );
    let mut served = group(
        listing_boroughs_served::table
            .filter(listing_boroughs_served::listing_id.eq_any(&ids))
            .select((listing_boroughs_served::listing_id, listing_boroughs_served::borough_id))
            .load::<(i32, i32)>(conn)?,
    );
    let with_venues: Vec<i32> = ids.iter().chain(contexts.keys()).copied().collect();
    let mut facilities = HashMap::new();
    for chunk in with_venues.chunks(BATCH) {
        facilities.extend(group(
            listing_facilities::table
                .filter(listing_facilities::listing_id.eq_any(chunk))
                .select((listing_facilities::listing_id, listing_facilities::facility))
                .load::<(i32, Facility)>(conn)?,
        ));
    }
    let mut overrides = directory::listing::Overrides::load(conn, &ids, now)?;
    let member_led = directory::publishing::member_led_among(conn, &ids)?;
    let context = |id: Option<i32>, kind: Kind| -> Option<Context> {
        let id = id?;
        let (k, c) = contexts.get(&id)?;
        (*k == kind).then(|| Context {
            facilities: facilities.get(&id).cloned().unwrap_or_default(),
            ..c.clone()
        })
    };
    Ok(rows
        .into_iter()
        .map(|listing| {
            let id = listing.id;
            let (moves, cancelled) = overrides.take(id);
            Record {
                organisation: context(listing.organisation_id, Kind::Organisation),
                venue: context(listing.place_id, Kind::Place),
                interests: interests.remove(&id).unwrap_or_default(),
                audiences: audiences.remove(&id).unwrap_or_default(),
                facilities: facilities.get(&id).cloned().unwrap_or_default(),
                served: served.remove(&id).unwrap_or_default(),
                cancelled,
                moves,
                member_led: member_led.contains(&id),
                listing,
            }
        })
        .collect())
}
