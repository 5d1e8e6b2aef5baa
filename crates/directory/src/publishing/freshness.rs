//! Keeping listings fresh. A listing nobody has confirmed for six months
//! gets one email to its organisers (or its contact address) with a
//! one-click "still correct" link; after twelve months it is flagged to
//! editors and public pages say it may be out of date. Publishing a change
//! counts as confirming.

use chrono::{Duration, Months, NaiveDateTime};
use diesel::prelude::*;
use sha2::{Digest, Sha256};
use store::schema::{email_tokens, freshness_reminders, listings};
use store::AnyConnection;

use super::{listing_url, managed_listing, recipients, send, site_url};
use crate::listing::{self, Listing, CHANGE_ENTITY};
use crate::{DirectoryError, Status};

/// The `email_tokens.purpose` of "still correct" links.
const PURPOSE: &str = "listing_still_correct";
/// How long a "still correct" link works: long enough for someone who reads
/// email rarely, short enough that an old email does not vouch for a listing.
const LINK_DAYS: i64 = 60;

fn months_before(now: NaiveDateTime, months: u32) -> NaiveDateTime {
    now.checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDateTime::MIN)
}

/// Listings last confirmed at or before this are flagged to editors.
pub(crate) fn flag_before(now: NaiveDateTime) -> NaiveDateTime {
    months_before(now, 12)
}

/// True when nobody has confirmed the listing for twelve months, so its
/// page should say it may be out of date.
pub fn is_out_of_date(listing: &Listing, now: NaiveDateTime) -> bool {
    listing.last_checked_at <= flag_before(now)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Only the hash is stored, so a copy of the database cannot confirm
/// listings.
pub(crate) fn token_hash(token: &str) -> String {
    hex(Sha256::digest(token.as_bytes()).as_slice())
}

pub(crate) fn new_token() -> Result<String, DirectoryError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| DirectoryError::Random(e.to_string()))?;
    Ok(hex(&bytes))
}

/// Emails the organisers (or contact address) of published listings not
/// confirmed for six months, at most `limit` listings per call. Each
/// listing gets one reminder per confirmation: the sweep can run daily
/// without resending. Returns how many listings were reminded.
pub fn send_freshness_reminders(
    conn: &mut AnyConnection,
    site: &mail::Site,
    now: NaiveDateTime,
    limit: i64,
) -> Result<usize, DirectoryError> {
    let due: Vec<Listing> = listings::table
        .left_join(
            freshness_reminders::table.on(freshness_reminders::listing_id
                .eq(listings::id)
                .and(freshness_reminders::checked_at.eq(listings::last_checked_at))),
        )
        .filter(listings::status.eq(Status::Published))
        .filter(listings::last_checked_at.le(months_before(now, 6)))
        .filter(freshness_reminders::listing_id.nullable().is_null())
        .order((listings::last_checked_at, listings::id))
        .limit(limit)
        .select(Listing::as_select())
        .load(conn)?;
    for listing in &due {
        for (email, name) in recipients(conn, listing)? {
            let token = new_token()?;
            diesel::insert_into(email_tokens::table)
                .values((
                    email_tokens::token_hash.eq(token_hash(&token)),
                    email_tokens::purpose.eq(PURPOSE),
                    email_tokens::email.eq(email.as_str()),
                    email_tokens::listing_id.eq(Some(listing.id)),
                    email_tokens::created_at.eq(now),
                    email_tokens::expires_at.eq(now + Duration::days(LINK_DAYS)),
                ))
                .execute(conn)?;
            let message = mail::Message::new(&format!("Is {} still correct?", listing.name))
                .greeting(&name)
                .paragraph(&format!(
                    "Nobody has checked the listing for {} for six months. People use it to decide whether to go, so please check it is still right.",
                    listing.name
                ))
                .paragraph(&format!(
                    "If it is, use the button below: one click is enough. If something has changed, update the listing at {}",
                    listing_url(site, listing)
                ))
                .action("Yes, it is still correct", &site_url(site, &format!("still-correct/{token}")))
                .reason("You get this email because you run this listing.");
            send(conn, site, &message, email, &name, now)?;
        }
        diesel::insert_into(freshness_reminders::table)
            .values((
                freshness_reminders::listing_id.eq(listing.id),
                freshness_reminders::checked_at.eq(listing.last_checked_at),
                freshness_reminders::sent_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(due.len())
}

fn set_checked(conn: &mut AnyConnection, listing_id: i32, now: NaiveDateTime) -> Result<Listing, DirectoryError> {
    let listing: Listing = diesel::update(listings::table.find(listing_id))
        .set(listings::last_checked_at.eq(now))
        .get_result(conn)?;
    store::changes::record(conn, CHANGE_ENTITY, listing_id, "checked", now)?;
    Ok(listing)
}

/// The listing a "still correct" link is for, without confirming it: the
/// page the link opens asks first, so a mail scanner that follows links
/// confirms nothing. Unknown links are `NotFound`; expired ones `Invalid`.
pub fn fresh_link(conn: &mut AnyConnection, token: &str, now: NaiveDateTime) -> Result<Listing, DirectoryError> {
    let (_, listing_id) = live_link(conn, token, now)?;
    listing::get(conn, listing_id)
}

/// The "still correct" link, confirmed: marks the listing checked now. The
/// link may be used more than once (people click twice); it stops working
/// after 60 days.
pub fn confirm_fresh(conn: &mut AnyConnection, token: &str, now: NaiveDateTime) -> Result<Listing, DirectoryError> {
    let (id, listing_id) = live_link(conn, token, now)?;
    diesel::update(email_tokens::table.find(id))
        .set(email_tokens::used_at.eq(Some(now)))
        .execute(conn)?;
    set_checked(conn, listing_id, now)
}

/// The token row's id and its listing, for a link that still works.
fn live_link(conn: &mut AnyConnection, token: &str, now: NaiveDateTime) -> Result<(i32, i32), DirectoryError> {
    let not_found = || DirectoryError::NotFound { what: "link" };
    let token = token.trim();
    if token.is_empty() || token.len() > 128 {
        return Err(not_found());
    }
    let (id, listing_id, expires_at): (i32, Option<i32>, NaiveDateTime) = email_tokens::table
        .filter(email_tokens::token_hash.eq(token_hash(token)))
        .filter(email_tokens::purpose.eq(PURPOSE))
        .select((email_tokens::id, email_tokens::listing_id, email_tokens::expires_at))
        .first(conn)
        .optional()?
        .ok_or_else(not_found)?;
    if expires_at <= now {
        return Err(DirectoryError::invalid(
            "token",
            "This link has expired. Sign in to check the listing instead",
        ));
    }
    Ok((id, listing_id.ok_or_else(not_found)?))
}

/// The same confirmation from a signed-in organiser or editor;
/// `NotFound` for anyone else.
pub fn mark_checked(
    conn: &mut AnyConnection,
    person: i32,
    listing_id: i32,
    now: NaiveDateTime,
) -> Result<Listing, DirectoryError> {
    managed_listing(conn, person, listing_id)?;
    set_checked(conn, listing_id, now)
}
