//! Listings: the rows behind every organisation, group, event and place
//! page, and the queries public pages need. Every function takes
//! `&mut AnyConnection`, so a caller can run several in one transaction.

use std::collections::HashMap;

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use store::schema::{
    listing_audiences, listing_boroughs_served, listing_facilities, listing_interests, listings,
    occurrence_cancellations, occurrence_moves,
};
use store::AnyConnection;

use crate::{recurrence, Audience, CostKind, DirectoryError, Facility, Kind, Opportunity, Status};

/// One row of `listings`.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize)]
#[diesel(table_name = listings)]
pub struct Listing {
    pub id: i32,
    pub kind: Kind,
    pub slug: String,
    pub name: String,
    /// One or two sentences for result cards.
    pub summary: String,
    pub description: String,
    /// The organisation that runs a group or event.
    pub organisation_id: Option<i32>,
    /// The venue of a group or event.
    pub place_id: Option<i32>,
    pub opportunity: Opportunity,
    pub cost_kind: CostKind,
    pub cost_pence: Option<i32>,
    pub cost_note: String,
    pub age_min: Option<i32>,
    pub age_max: Option<i32>,
    /// Who meets you and what happens the first time: the thing that most
    /// lowers the barrier for someone anxious about going.
    pub first_visit: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub website: String,
    pub booking_required: bool,
    pub status: Status,
    pub address: String,
    pub postcode: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// The borough the listing's own address is in.
    pub borough_id: Option<i32>,
    /// First (or only) occurrence, UTC.
    pub starts_at: Option<NaiveDateTime>,
    pub ends_at: Option<NaiveDateTime>,
    pub rrule: Option<String>,
    pub last_checked_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The columns of a new listing.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = listings)]
pub struct NewListing {
    pub kind: Kind,
    pub slug: String,
    pub name: String,
    pub summary: String,
    pub description: String,
    pub organisation_id: Option<i32>,
    pub place_id: Option<i32>,
    pub opportunity: Opportunity,
    pub cost_kind: CostKind,
    pub cost_pence: Option<i32>,
    pub cost_note: String,
    pub age_min: Option<i32>,
    pub age_max: Option<i32>,
    pub first_visit: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub website: String,
    pub booking_required: bool,
    pub status: Status,
    pub address: String,
    pub postcode: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub borough_id: Option<i32>,
    pub starts_at: Option<NaiveDateTime>,
    pub ends_at: Option<NaiveDateTime>,
    pub rrule: Option<String>,
    pub last_checked_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What a listing is tagged with, kept in join tables.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tags {
    pub interests: Vec<i32>,
    pub audiences: Vec<Audience>,
    pub facilities: Vec<Facility>,
    pub boroughs_served: Vec<i32>,
}

#[derive(Insertable)]
#[diesel(table_name = listing_interests)]
struct NewListingInterest {
    listing_id: i32,
    interest_id: i32,
}

#[derive(Insertable)]
#[diesel(table_name = listing_audiences)]
struct NewListingAudience {
    listing_id: i32,
    audience: Audience,
}

#[derive(Insertable)]
#[diesel(table_name = listing_facilities)]
struct NewListingFacility {
    listing_id: i32,
    facility: Facility,
}

#[derive(Insertable)]
#[diesel(table_name = listing_boroughs_served)]
struct NewListingBorough {
    listing_id: i32,
    borough_id: i32,
}

/// Inserts many rows in one statement. Batch inserts do not compile on the
/// multi-backend connection, so this dispatches to the variant underneath.
macro_rules! insert_many {
    ($conn:expr, $table:expr, $rows:expr) => {{
        let rows = $rows;
        if rows.is_empty() {
            Ok(0)
        } else {
            match $conn {
                AnyConnection::Postgresql(c) => diesel::insert_into($table).values(&rows).execute(c),
                AnyConnection::Sqlite(c) => diesel::insert_into($table).values(&rows).execute(c),
            }
        }
    }};
}
pub(crate) use insert_many;

/// Checks the fields that every later page relies on, with messages that
/// name the field.
pub fn validate(new: &NewListing) -> Result<(), DirectoryError> {
    if new.name.trim().is_empty() {
        return Err(DirectoryError::invalid("name", "Enter a name"));
    }
    if new.name.chars().count() > 200 {
        return Err(DirectoryError::invalid("name", "Name must be 200 characters or fewer"));
    }
    if !crate::slug::is_slug(&new.slug) {
        return Err(DirectoryError::invalid(
            "slug",
            "The web address can only use lower-case letters, numbers and hyphens",
        ));
    }
    if new.cost_kind == CostKind::Price && new.cost_pence.is_none_or(|p| p <= 0) {
        return Err(DirectoryError::invalid(
            "cost",
            "Enter the price, or choose free or pay what you can",
        ));
    }
    if let (Some(min), Some(max)) = (new.age_min, new.age_max) {
        if min > max {
            return Err(DirectoryError::invalid(
                "age",
                "The youngest age must be lower than the oldest age",
            ));
        }
    }
    if new.kind == Kind::Event && new.starts_at.is_none() {
        return Err(DirectoryError::invalid("starts_at", "Enter when the event starts"));
    }
    if let (Some(start), Some(end)) = (new.starts_at, new.ends_at) {
        if end <= start {
            return Err(DirectoryError::invalid(
                "ends_at",
                "The end time must be after the start time",
            ));
        }
    }
    if let (Some(rule), Some(start)) = (&new.rrule, new.starts_at) {
        recurrence::validate(rule, start)?;
    }
    Ok(())
}

/// Inserts a listing and its tags. Call inside a transaction when the tags
/// must not be half-written (the demo loader and editors' forms do).
pub fn insert(conn: &mut AnyConnection, new: &NewListing, tags: &Tags) -> Result<Listing, DirectoryError> {
    validate(new)?;
    let listing: Listing = diesel::insert_into(listings::table).values(new).get_result(conn)?;
    write_tags(conn, listing.id, tags)?;
    store::changes::record(conn, CHANGE_ENTITY, listing.id, "created", new.updated_at)?;
    Ok(listing)
}

/// The descriptive fields of a listing: everything an organiser or editor
/// may change, and so everything a version snapshot keeps. Workflow state
/// (status, when it was checked, created, updated) is not here: it belongs
/// to the live row, not to a version.
#[derive(Debug, Clone, PartialEq, AsChangeset, Serialize, Deserialize)]
#[diesel(table_name = listings, treat_none_as_null = true)]
pub struct ListingEdit {
    pub kind: Kind,
    pub slug: String,
    pub name: String,
    pub summary: String,
    pub description: String,
    pub organisation_id: Option<i32>,
    pub place_id: Option<i32>,
    pub opportunity: Opportunity,
    pub cost_kind: CostKind,
    pub cost_pence: Option<i32>,
    pub cost_note: String,
    pub age_min: Option<i32>,
    pub age_max: Option<i32>,
    pub first_visit: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub website: String,
    pub booking_required: bool,
    pub address: String,
    pub postcode: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub borough_id: Option<i32>,
    pub starts_at: Option<NaiveDateTime>,
    pub ends_at: Option<NaiveDateTime>,
    pub rrule: Option<String>,
}

impl ListingEdit {
    /// The row to insert for a new listing with these fields.
    pub fn to_new(&self, status: Status, now: NaiveDateTime) -> NewListing {
        let e = self.clone();
        NewListing {
            kind: e.kind,
            slug: e.slug,
            name: e.name,
            summary: e.summary,
            description: e.description,
            organisation_id: e.organisation_id,
            place_id: e.place_id,
            opportunity: e.opportunity,
            cost_kind: e.cost_kind,
            cost_pence: e.cost_pence,
            cost_note: e.cost_note,
            age_min: e.age_min,
            age_max: e.age_max,
            first_visit: e.first_visit,
            contact_name: e.contact_name,
            contact_email: e.contact_email,
            contact_phone: e.contact_phone,
            website: e.website,
            booking_required: e.booking_required,
            status,
            address: e.address,
            postcode: e.postcode,
            latitude: e.latitude,
            longitude: e.longitude,
            borough_id: e.borough_id,
            starts_at: e.starts_at,
            ends_at: e.ends_at,
            rrule: e.rrule,
            last_checked_at: now,
            created_at: now,
            updated_at: now,
        }
    }
}

impl From<&Listing> for ListingEdit {
    fn from(l: &Listing) -> Self {
        let l = l.clone();
        ListingEdit {
            kind: l.kind,
            slug: l.slug,
            name: l.name,
            summary: l.summary,
            description: l.description,
            organisation_id: l.organisation_id,
            place_id: l.place_id,
            opportunity: l.opportunity,
            cost_kind: l.cost_kind,
            cost_pence: l.cost_pence,
            cost_note: l.cost_note,
            age_min: l.age_min,
            age_max: l.age_max,
            first_visit: l.first_visit,
            contact_name: l.contact_name,
            contact_email: l.contact_email,
            contact_phone: l.contact_phone,
            website: l.website,
            booking_required: l.booking_required,
            address: l.address,
            postcode: l.postcode,
            latitude: l.latitude,
            longitude: l.longitude,
            borough_id: l.borough_id,
            starts_at: l.starts_at,
            ends_at: l.ends_at,
            rrule: l.rrule,
        }
    }
}

/// Loads one listing, whatever its status.
pub fn get(conn: &mut AnyConnection, listing_id: i32) -> Result<Listing, DirectoryError> {
    listings::table
        .find(listing_id)
        .select(Listing::as_select())
        .first(conn)
        .optional()?
        .ok_or(DirectoryError::NotFound { what: "listing" })
}

/// Replaces an existing listing's fields and tags, checked like
/// [`insert`], and notes the change for the search index. A listing keeps
/// its kind (its address and page depend on it). This is the plain write:
/// organisers' and editors' edits go through `publishing`, which also keeps
/// a version and decides whether an editor must review first.
pub fn update(
    conn: &mut AnyConnection,
    listing_id: i32,
    edit: &ListingEdit,
    tags: &Tags,
    now: NaiveDateTime,
) -> Result<Listing, DirectoryError> {
    let current = get(conn, listing_id)?;
    if current.kind != edit.kind {
        return Err(DirectoryError::invalid(
            "kind",
            "A listing cannot change kind. Add a new listing instead",
        ));
    }
    validate(&edit.to_new(current.status, now))?;
    let listing: Listing = diesel::update(listings::table.find(listing_id))
        .set((edit, listings::updated_at.eq(now)))
        .get_result(conn)?;
    write_tags(conn, listing_id, tags)?;
    store::changes::record(conn, CHANGE_ENTITY, listing_id, "updated", now)?;
    Ok(listing)
}

/// The `entity` of listing rows in the change log.
pub const CHANGE_ENTITY: &str = "listing";

/// Replaces a listing's tags.
pub fn set_tags(
    conn: &mut AnyConnection,
    listing_id: i32,
    tags: &Tags,
    now: NaiveDateTime,
) -> Result<(), DirectoryError> {
    write_tags(conn, listing_id, tags)?;
    store::changes::record(conn, CHANGE_ENTITY, listing_id, "updated", now)?;
    Ok(())
}

fn write_tags(conn: &mut AnyConnection, listing_id: i32, tags: &Tags) -> Result<(), DirectoryError> {
    diesel::delete(listing_interests::table.filter(listing_interests::listing_id.eq(listing_id))).execute(conn)?;
    diesel::delete(listing_audiences::table.filter(listing_audiences::listing_id.eq(listing_id))).execute(conn)?;
    diesel::delete(listing_facilities::table.filter(listing_facilities::listing_id.eq(listing_id))).execute(conn)?;
    diesel::delete(listing_boroughs_served::table.filter(listing_boroughs_served::listing_id.eq(listing_id)))
        .execute(conn)?;
    let mut interests = tags.interests.clone();
    interests.sort_unstable();
    interests.dedup();
    let rows: Vec<_> = interests
        .iter()
        .map(|&interest_id| NewListingInterest {
            listing_id,
            interest_id,
        })
        .collect();
    insert_many!(conn, listing_interests::table, rows)?;
    let mut audiences = tags.audiences.clone();
    audiences.sort_unstable();
    audiences.dedup();
    let rows: Vec<_> = audiences
        .iter()
        .map(|&audience| NewListingAudience { listing_id, audience })
        .collect();
    insert_many!(conn, listing_audiences::table, rows)?;
    let mut facilities = tags.facilities.clone();
    facilities.sort_unstable();
    facilities.dedup();
    let rows: Vec<_> = facilities
        .iter()
        .map(|&facility| NewListingFacility { listing_id, facility })
        .collect();
    insert_many!(conn, listing_facilities::table, rows)?;
    let mut served = tags.boroughs_served.clone();
    served.sort_unstable();
    served.dedup();
    let rows: Vec<_> = served
        .iter()
        .map(|&borough_id| NewListingBorough { listing_id, borough_id })
        .collect();
    insert_many!(conn, listing_boroughs_served::table, rows)?;
    Ok(())
}

/// Changes a listing's status (publish, archive…) and stamps the update.
pub fn set_status(
    conn: &mut AnyConnection,
    listing_id: i32,
    status: Status,
    now: NaiveDateTime,
) -> Result<(), DirectoryError> {
    let n = diesel::update(listings::table.find(listing_id))
        .set((listings::status.eq(status), listings::updated_at.eq(now)))
        .execute(conn)?;
    if n == 0 {
        return Err(DirectoryError::NotFound { what: "listing" });
    }
    store::changes::record(conn, CHANGE_ENTITY, listing_id, "status", now)?;
    Ok(())
}

/// Cancels one occurrence of a recurring (or one-off) event; the rest of
/// the series goes ahead. The occurrence must exist.
pub fn cancel_occurrence(
    conn: &mut AnyConnection,
    listing_id: i32,
    occurrence_start: NaiveDateTime,
    reason: &str,
) -> Result<(), DirectoryError> {
    let listing: Listing = listings::table
        .find(listing_id)
        .select(Listing::as_select())
        .first(conn)?;
    let Some(start) = listing.starts_at else {
        return Err(DirectoryError::invalid(
            "occurrence",
            "This listing has no dates to cancel",
        ));
    };
    let exists = recurrence::occurrences(
        start,
        listing.ends_at,
        listing.rrule.as_deref(),
        occurrence_start,
        occurrence_start + Duration::seconds(1),
    );
    if exists.is_empty() {
        return Err(DirectoryError::invalid(
            "occurrence",
            "There is no session at that time",
        ));
    }
    diesel::insert_into(occurrence_cancellations::table)
        .values((
            occurrence_cancellations::listing_id.eq(listing_id),
            occurrence_cancellations::starts_at.eq(occurrence_start),
            occurrence_cancellations::reason.eq(reason.trim()),
        ))
        .execute(conn)?;
    store::changes::record(
        conn,
        CHANGE_ENTITY,
        listing_id,
        "cancelled",
        chrono::Utc::now().naive_utc(),
    )?;
    Ok(())
}

/// The short form of a listing used in lists and result cards.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = listings)]
pub struct ListingCard {
    pub id: i32,
    pub kind: Kind,
    pub slug: String,
    pub name: String,
    pub summary: String,
    pub opportunity: Opportunity,
    pub cost_kind: CostKind,
    pub cost_pence: Option<i32>,
    pub borough_id: Option<i32>,
    pub starts_at: Option<NaiveDateTime>,
    pub ends_at: Option<NaiveDateTime>,
    pub rrule: Option<String>,
}

impl ListingCard {
    pub fn path(&self) -> String {
        format!("/{}/{}", self.kind.path_segment(), self.slug)
    }
}

/// Cost in words: "Free", "Pay what you can", "£3.50".
pub fn cost_words(kind: CostKind, pence: Option<i32>) -> String {
    match (kind, pence) {
        (CostKind::Price, Some(p)) if p % 100 == 0 => format!("£{}", p / 100),
        (CostKind::Price, Some(p)) => format!("£{}.{:02}", p / 100, p % 100),
        (k, _) => k.label().to_owned(),
    }
}

/// One page of results.
#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

impl<T> Page<T> {
    pub fn pages(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page.max(1)).max(1)
    }
}

/// Which listings a browse page shows.
#[derive(Debug, Clone)]
pub enum Browse {
    /// Tagged with any of these interests.
    Interests(Vec<i32>),
    /// Located in, or serving, this borough.
    Borough(i32),
}

type Boxed<'a> = listings::BoxedQuery<'a, <AnyConnection as diesel::Connection>::Backend>;

/// Published, and not a one-off event that is already over.
fn public_and_current<'a>(now: NaiveDateTime) -> Boxed<'a> {
    listings::table
        .filter(listings::status.eq(Status::Published))
        .filter(
            listings::kind
                .ne(Kind::Event)
                .or(listings::rrule.is_not_null())
                .or(listings::starts_at.ge(now - Duration::hours(6))),
        )
        .into_boxed()
}

fn browse_query<'a>(browse: &Browse, kind: Option<Kind>, now: NaiveDateTime) -> Boxed<'a> {
    let mut q = public_and_current(now);
    match browse {
        Browse::Interests(ids) => {
            q = q.filter(
                listings::id.eq_any(
                    listing_interests::table
                        .filter(listing_interests::interest_id.eq_any(ids.clone()))
                        .select(listing_interests::listing_id),
                ),
            );
        }
        Browse::Borough(b) => {
            q = q.filter(
                listings::borough_id.eq(*b).or(listings::id.eq_any(
                    listing_boroughs_served::table
                        .filter(listing_boroughs_served::borough_id.eq(*b))
                        .select(listing_boroughs_served::listing_id),
                )),
            );
        }
    }
    if let Some(k) = kind {
        q = q.filter(listings::kind.eq(k));
    }
    q
}

/// A page of listings for a browse page, optionally of one kind, in name order.
pub fn browse(
    conn: &mut AnyConnection,
    what: &Browse,
    kind: Option<Kind>,
    page: i64,
    per_page: i64,
    now: NaiveDateTime,
) -> Result<Page<ListingCard>, DirectoryError> {
    let page = page.max(1);
    let total: i64 = browse_query(what, kind, now).count().get_result(conn)?;
    let items = browse_query(what, kind, now)
        .select(ListingCard::as_select())
        .order((listings::name, listings::id))
        .limit(per_page)
        .offset((page - 1) * per_page)
        .load(conn)?;
    Ok(Page {
        items,
        total,
        page,
        per_page,
    })
}

/// How many listings of each kind a browse page has, for its kind filter.
pub fn browse_kind_counts(
    conn: &mut AnyConnection,
    what: &Browse,
    now: NaiveDateTime,
) -> Result<Vec<(Kind, i64)>, DirectoryError> {
    let mut counts = Vec::with_capacity(Kind::ALL.len());
    for &kind in Kind::ALL {
        let n: i64 = browse_query(what, Some(kind), now).count().get_result(conn)?;
        counts.push((kind, n));
    }
    Ok(counts)
}

#[derive(QueryableByName)]
struct IdCount {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    id: i32,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

fn current_sql(now: NaiveDateTime) -> String {
    // Formatted here from a timestamp, never from input: both databases
    // compare it with stored timestamps as text or as a timestamp literal.
    format!(
        "l.status = 'published' AND (l.kind <> 'event' OR l.rrule IS NOT NULL OR l.starts_at >= '{}')",
        (now - Duration::hours(6)).format("%Y-%m-%d %H:%M:%S")
    )
}

/// Public listings per interest. A top-level interest counts each listing
/// tagged with it or any of its children once.
pub fn interest_counts(conn: &mut AnyConnection, now: NaiveDateTime) -> Result<HashMap<i32, i64>, DirectoryError> {
    let current = current_sql(now);
    let children: Vec<IdCount> = diesel::sql_query(format!(
        "SELECT li.interest_id AS id, COUNT(*) AS n FROM listing_interests li \
         JOIN listings l ON l.id = li.listing_id WHERE {current} GROUP BY li.interest_id"
    ))
    .load(conn)?;
    let mut counts: HashMap<i32, i64> = children.into_iter().map(|r| (r.id, r.n)).collect();
    // A listing tagged with the parent itself and with a child is counted once.
    let both: Vec<IdCount> = diesel::sql_query(format!(
        "SELECT COALESCE(i.parent_id, i.id) AS id, COUNT(DISTINCT li.listing_id) AS n FROM listing_interests li \
         JOIN interests i ON i.id = li.interest_id JOIN listings l ON l.id = li.listing_id \
         WHERE {current} GROUP BY COALESCE(i.parent_id, i.id)"
    ))
    .load(conn)?;
    for r in both {
        counts.insert(r.id, r.n);
    }
    Ok(counts)
}

/// Public listings per borough, counting those located in it and those
/// that say they serve it.
pub fn borough_counts(conn: &mut AnyConnection, now: NaiveDateTime) -> Result<HashMap<i32, i64>, DirectoryError> {
    let current = current_sql(now);
    let rows: Vec<IdCount> = diesel::sql_query(format!(
        "SELECT b AS id, COUNT(DISTINCT lid) AS n FROM ( \
           SELECT l.borough_id AS b, l.id AS lid FROM listings l WHERE l.borough_id IS NOT NULL AND {current} \
           UNION ALL \
           SELECT s.borough_id AS b, l.id AS lid FROM listing_boroughs_served s JOIN listings l ON l.id = s.listing_id WHERE {current} \
         ) x GROUP BY b"
    ))
    .load(conn)?;
    Ok(rows.into_iter().map(|r| (r.id, r.n)).collect())
}

/// Everything a listing's page shows.
#[derive(Debug, Clone, Serialize)]
pub struct ListingDetail {
    pub listing: Listing,
    pub tags: Tags,
    pub organisation: Option<ListingCard>,
    pub place: Option<Listing>,
    pub place_facilities: Vec<Facility>,
    /// Groups and events run by this organisation or held at this place.
    pub related: Vec<ListingCard>,
    /// When each related group or event next meets ([`next_sessions`]).
    pub related_next: HashMap<i32, NaiveDateTime>,
    /// Upcoming sessions, with cancellations marked.
    pub upcoming: Vec<Occurrence>,
    /// A group a member started rather than an organisation: its page says
    /// so, since nobody vouches for it but the member who runs it.
    pub member_led: bool,
}

/// One session of an event or group.
#[derive(Debug, Clone, Serialize)]
pub struct Occurrence {
    pub starts_at: NaiveDateTime,
    pub ends_at: Option<NaiveDateTime>,
    /// The reason, when this one session is cancelled.
    pub cancelled: Option<String>,
    /// When this one session is held at another time than usual.
    pub moved: Option<Moved>,
}

impl Occurrence {
    /// The start its repeat rule gives it: cancellations and moves are kept
    /// against this, so they survive the session being moved.
    pub fn original(&self) -> NaiveDateTime {
        self.moved.as_ref().map_or(self.starts_at, |m| m.from)
    }
}

/// Where a moved session would have been, and the organiser's note.
#[derive(Debug, Clone, Serialize)]
pub struct Moved {
    pub from: NaiveDateTime,
    pub note: String,
}

/// One row of `occurrence_moves`: a single session held at another time.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = occurrence_moves)]
pub struct OccurrenceMove {
    pub listing_id: i32,
    pub original_starts_at: NaiveDateTime,
    pub starts_at: NaiveDateTime,
    pub ends_at: Option<NaiveDateTime>,
    pub note: String,
}

/// True when the schedule has a session starting exactly at `at`.
pub fn is_session(start: NaiveDateTime, ends_at: Option<NaiveDateTime>, rule: Option<&str>, at: NaiveDateTime) -> bool {
    !recurrence::occurrences(start, ends_at, rule, at, at + Duration::seconds(1)).is_empty()
}

/// The sessions of a schedule that start in `[from, to)`, with moved
/// sessions at their new times (and not at their old ones), earliest first.
/// Every page and the search index list sessions through this, so a move
/// shows the same everywhere. A move whose session the rule no longer has
/// (the schedule was changed since) is ignored.
pub fn sessions<'a>(
    start: NaiveDateTime,
    ends_at: Option<NaiveDateTime>,
    rule: Option<&str>,
    moves: &'a [OccurrenceMove],
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Vec<(NaiveDateTime, Option<NaiveDateTime>, Option<&'a OccurrenceMove>)> {
    let mut out: Vec<_> = recurrence::occurrences(start, ends_at, rule, from, to)
        .into_iter()
        .filter(|(s, _)| !moves.iter().any(|m| m.original_starts_at == *s))
        .map(|(s, e)| (s, e, None))
        .collect();
    for m in moves.iter().filter(|m| m.starts_at >= from && m.starts_at < to) {
        if is_session(start, ends_at, rule, m.original_starts_at) {
            out.push((m.starts_at, m.ends_at, Some(m)));
        }
    }
    out.sort_by_key(|(s, ..)| *s);
    out
}

/// The moves of these listings that can matter from `from` on: those moved
/// to a time from then, or away from one.
pub fn moves_of(
    conn: &mut AnyConnection,
    ids: &[i32],
    from: NaiveDateTime,
) -> Result<HashMap<i32, Vec<OccurrenceMove>>, DirectoryError> {
    let mut out: HashMap<i32, Vec<OccurrenceMove>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<OccurrenceMove> = occurrence_moves::table
            .filter(occurrence_moves::listing_id.eq_any(chunk))
            .filter(
                occurrence_moves::starts_at
                    .ge(from)
                    .or(occurrence_moves::original_starts_at.ge(from)),
            )
            .select(OccurrenceMove::as_select())
            .load(conn)?;
        for m in rows {
            out.entry(m.listing_id).or_default().push(m);
        }
    }
    Ok(out)
}

/// The moves and cancellations of many listings that can matter from
/// `from` on, loaded with one query per table (per 500 listings), so a list
/// of cards costs the same few queries however long it is. Every page that
/// shows dates goes through this and [`sessions`], so a moved or cancelled
/// session reads the same on a listing page, in what's on and on a card.
#[derive(Debug, Default)]
pub struct Overrides {
    moves: HashMap<i32, Vec<OccurrenceMove>>,
    /// Keyed by the session's usual start, which a move may have taken out
    /// of the window.
    cancelled: HashMap<i32, HashMap<NaiveDateTime, String>>,
}

impl Overrides {
    /// Loads the moves to or away from a time from `from` on, and the
    /// cancellations of those sessions and of every session from `from` on.
    pub fn load(conn: &mut AnyConnection, ids: &[i32], from: NaiveDateTime) -> Result<Overrides, DirectoryError> {
        let moves = moves_of(conn, ids, from)?;
        let mut cancelled: HashMap<i32, HashMap<NaiveDateTime, String>> = HashMap::new();
        for chunk in ids.chunks(500) {
            // A session moved into the window from before it keeps its
            // cancellation under its usual (earlier) time.
            let since = chunk
                .iter()
                .flat_map(|id| moves.get(id).into_iter().flatten())
                .map(|m| m.original_starts_at)
                .fold(from, NaiveDateTime::min);
            let rows: Vec<(i32, NaiveDateTime, String)> = occurrence_cancellations::table
                .filter(occurrence_cancellations::listing_id.eq_any(chunk))
                .filter(occurrence_cancellations::starts_at.ge(since))
                .select((
                    occurrence_cancellations::listing_id,
                    occurrence_cancellations::starts_at,
                    occurrence_cancellations::reason,
                ))
                .load(conn)?;
            for (id, s, r) in rows {
                cancelled.entry(id).or_default().insert(s, r);
            }
        }
        Ok(Overrides { moves, cancelled })
    }

    /// Takes one listing's moves and cancelled usual starts out, for the
    /// search index's record of it.
    pub fn take(&mut self, id: i32) -> (Vec<OccurrenceMove>, Vec<NaiveDateTime>) {
        (
            self.moves.remove(&id).unwrap_or_default(),
            self.cancelled
                .remove(&id)
                .map(|c| c.into_keys().collect())
                .unwrap_or_default(),
        )
    }

    /// The listing's moved sessions.
    pub fn moves(&self, id: i32) -> &[OccurrenceMove] {
        self.moves.get(&id).map_or(&[][..], Vec::as_slice)
    }

    /// The reason the session of `id` that usually starts at `original` is
    /// cancelled, if it is.
    pub fn cancellation(&self, id: i32, original: NaiveDateTime) -> Option<&String> {
        self.cancelled.get(&id).and_then(|c| c.get(&original))
    }

    /// One session of `id` as pages show it.
    fn occurrence(
        &self,
        id: i32,
        s: NaiveDateTime,
        e: Option<NaiveDateTime>,
        m: Option<&OccurrenceMove>,
    ) -> Occurrence {
        let original = m.map_or(s, |m| m.original_starts_at);
        Occurrence {
            starts_at: s,
            ends_at: e,
            cancelled: self.cancellation(id, original).cloned(),
            moved: m.map(|m| Moved {
                from: m.original_starts_at,
                note: m.note.clone(),
            }),
        }
    }

    /// The sessions of listing `id` (whose schedule is `start`, `ends_at`
    /// and `rule`) that start in `[from, to)` as pages show them: moved
    /// ones at their new times, cancelled ones marked.
    pub fn occurrences(
        &self,
        id: i32,
        start: NaiveDateTime,
        ends_at: Option<NaiveDateTime>,
        rule: Option<&str>,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> Vec<Occurrence> {
        sessions(start, ends_at, rule, self.moves(id), from, to)
            .into_iter()
            .map(|(s, e, m)| self.occurrence(id, s, e, m))
            .collect()
    }
}

/// When each card's next session that goes ahead starts (moved sessions at
/// their new times, cancelled ones skipped), looking a year ahead; cards
/// with no such session are absent. Result cards, the shortlist and its
/// email show this, so they never send someone to a cancelled session.
pub fn next_sessions(
    conn: &mut AnyConnection,
    cards: &[ListingCard],
    now: NaiveDateTime,
) -> Result<HashMap<i32, NaiveDateTime>, DirectoryError> {
    let dated: Vec<&ListingCard> = cards.iter().filter(|c| c.starts_at.is_some()).collect();
    let ids: Vec<i32> = dated.iter().map(|c| c.id).collect();
    let overrides = Overrides::load(conn, &ids, now)?;
    // Most next sessions are within a month; only look further when not.
    let windows = [
        (now, now + Duration::days(31)),
        (now + Duration::days(31), now + Duration::days(366)),
    ];
    let mut out = HashMap::new();
    for card in dated {
        let Some(start) = card.starts_at else { continue };
        let next = windows.iter().find_map(|&(from, to)| {
            overrides
                .occurrences(card.id, start, card.ends_at, card.rrule.as_deref(), from, to)
                .into_iter()
                .find(|o| o.cancelled.is_none())
                .map(|o| o.starts_at)
        });
        if let Some(next) = next {
            out.insert(card.id, next);
        }
    }
    Ok(out)
}

/// Loads a published listing of the given kind by its address.
pub fn find_public(
    conn: &mut AnyConnection,
    kind: Kind,
    slug: &str,
    now: NaiveDateTime,
) -> Result<ListingDetail, DirectoryError> {
    let not_found = || DirectoryError::NotFound { what: "listing" };
    if !crate::slug::is_slug(slug) {
        return Err(not_found());
    }
    let listing: Listing = listings::table
        .filter(listings::slug.eq(slug))
        .filter(listings::kind.eq(kind))
        .filter(listings::status.eq(Status::Published))
        .select(Listing::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(not_found)?;
    let tags = load_tags(conn, listing.id)?;
    let organisation = match listing.organisation_id {
        Some(id) => listings::table
            .find(id)
            .filter(listings::status.eq(Status::Published))
            .select(ListingCard::as_select())
            .first(conn)
            .optional()?,
        None => None,
    };
    let place: Option<Listing> = match listing.place_id {
        Some(id) => listings::table
            .find(id)
            .filter(listings::status.eq(Status::Published))
            .select(Listing::as_select())
            .first(conn)
            .optional()?,
        None => None,
    };
    let place_facilities = match &place {
        Some(p) => listing_facilities::table
            .filter(listing_facilities::listing_id.eq(p.id))
            .select(listing_facilities::facility)
            .load(conn)?,
        None => vec![],
    };
    let related = match listing.kind {
        Kind::Organisation | Kind::Place => {
            let mut q = public_and_current(now);
            q = if listing.kind == Kind::Organisation {
                q.filter(listings::organisation_id.eq(listing.id))
            } else {
                q.filter(listings::place_id.eq(listing.id))
            };
            q.select(ListingCard::as_select())
                .order((listings::kind, listings::name))
                .limit(100)
                .load(conn)?
        }
        _ => vec![],
    };
    let related_next = next_sessions(conn, &related, now)?;
    let upcoming = match listing.starts_at {
        Some(start) => upcoming_occurrences(conn, &listing, start, now, now + Duration::days(92), 8)?,
        None => vec![],
    };
    let member_led = listing.kind == Kind::Group && crate::publishing::is_member_led(conn, listing.id)?;
    Ok(ListingDetail {
        listing,
        tags,
        organisation,
        place,
        place_facilities,
        related,
        related_next,
        upcoming,
        member_led,
    })
}

/// A listing's sessions in `[from, to)`, moves applied and cancellations
/// marked (against the session's usual time, so a moved session can be
/// cancelled too).
pub fn upcoming_occurrences(
    conn: &mut AnyConnection,
    listing: &Listing,
    start: NaiveDateTime,
    from: NaiveDateTime,
    to: NaiveDateTime,
    limit: usize,
) -> Result<Vec<Occurrence>, DirectoryError> {
    let overrides = Overrides::load(conn, &[listing.id], from)?;
    let mut all = overrides.occurrences(listing.id, start, listing.ends_at, listing.rrule.as_deref(), from, to);
    all.truncate(limit);
    Ok(all)
}

/// A listing's tags, each list in the order the database returns it.
pub fn load_tags(conn: &mut AnyConnection, id: i32) -> Result<Tags, DirectoryError> {
    Ok(Tags {
        interests: listing_interests::table
            .filter(listing_interests::listing_id.eq(id))
            .select(listing_interests::interest_id)
            .load(conn)?,
        audiences: listing_audiences::table
            .filter(listing_audiences::listing_id.eq(id))
            .select(listing_audiences::audience)
            .load(conn)?,
        facilities: listing_facilities::table
            .filter(listing_facilities::listing_id.eq(id))
            .select(listing_facilities::facility)
            .load(conn)?,
        boroughs_served: listing_boroughs_served::table
            .filter(listing_boroughs_served::listing_id.eq(id))
            .select(listing_boroughs_served::borough_id)
            .load(conn)?,
    })
}

/// One occurrence in the what's-on list.
#[derive(Debug, Clone, Serialize)]
pub struct WhatsOn {
    pub card: ListingCard,
    pub occurrence: Occurrence,
}

/// Every session of a public event starting in `[from, to)`, earliest first.
pub fn whats_on(
    conn: &mut AnyConnection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<WhatsOn>, DirectoryError> {
    let events: Vec<ListingCard> = listings::table
        .filter(listings::status.eq(Status::Published))
        .filter(listings::kind.eq(Kind::Event))
        .filter(listings::starts_at.lt(to))
        .filter(listings::rrule.is_not_null().or(listings::starts_at.ge(from)))
        .select(ListingCard::as_select())
        .load(conn)?;
    let ids: Vec<i32> = events.iter().map(|e| e.id).collect();
    let overrides = Overrides::load(conn, &ids, from)?;
    let mut out = Vec::new();
    for card in events {
        let Some(start) = card.starts_at else { continue };
        for occurrence in overrides.occurrences(card.id, start, card.ends_at, card.rrule.as_deref(), from, to) {
            out.push(WhatsOn {
                card: card.clone(),
                occurrence,
            });
        }
    }
    out.sort_by(|a, b| {
        a.occurrence
            .starts_at
            .cmp(&b.occurrence.starts_at)
            .then_with(|| a.card.name.cmp(&b.card.name))
    });
    Ok(out)
}

/// How many published listings exist; `--demo` loads content only when none do.
pub fn count_listings(conn: &mut AnyConnection) -> Result<i64, DirectoryError> {
    Ok(listings::table.count().get_result(conn)?)
}

/// Published listings' cards for the given ids, in the order given (a
/// shortlist keeps the order people added things in).
pub fn cards_by_ids(conn: &mut AnyConnection, ids: &[i32]) -> Result<Vec<ListingCard>, DirectoryError> {
    let found: Vec<ListingCard> = listings::table
        .filter(listings::id.eq_any(ids))
        .filter(listings::status.eq(Status::Published))
        .select(ListingCard::as_select())
        .load(conn)?;
    let mut by_id: HashMap<i32, ListingCard> = found.into_iter().map(|c| (c.id, c)).collect();
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}
