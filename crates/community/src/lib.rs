//! Community: people joining groups and going to events, on top of the
//! directory's listings and the accounts of the people taking part.
//!
//! Like every domain crate, functions take `&mut AnyConnection` and expect
//! the caller's transaction around them, so a change and the emails it
//! causes commit together or not at all. Role checks go through
//! [`accounts::permits`] with [`accounts::Action::RunCommunity`]; nothing
//! here knows about HTTP.

pub mod csv;
pub mod discussions;
mod error;
pub mod event_mail;
pub mod events;
pub mod groups;
pub mod guests;
pub mod ics;
mod notify;
pub mod scale;

pub use error::CommunityError;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use directory::{Kind, Listing, Status};
use store::schema::{event_rsvps, group_members, listings};
use store::AnyConnection;

/// Before an account is deleted (in the same transaction): it leaves its
/// groups and gives up its places and waiting-list spots, so a deleted
/// account never holds a place someone waiting could have. Whoever gets a
/// place is emailed, as when anyone drops out.
pub fn forget(
    conn: &mut AnyConnection,
    site: &mail::Site,
    person: i32,
    now: NaiveDateTime,
) -> Result<(), CommunityError> {
    let answers: Vec<(i32, NaiveDateTime)> = event_rsvps::table
        .filter(event_rsvps::person_id.eq(person))
        .select((event_rsvps::event_id, event_rsvps::occurrence_at))
        .load(conn)?;
    for (event, at) in answers {
        events::not_going(conn, site, person, event, at, now)?;
    }
    diesel::delete(group_members::table.filter(group_members::person_id.eq(person))).execute(conn)?;
    event_mail::forget(conn, person)
}

/// The published group or event at `/{kind}/{slug}`, for the steps people
/// take from its page.
pub fn published(conn: &mut AnyConnection, kind: Kind, slug: &str) -> Result<Listing, CommunityError> {
    let not_found = || CommunityError::NotFound {
        what: if kind == Kind::Event { "event" } else { "group" },
    };
    if !directory::slug::is_slug(slug) {
        return Err(not_found());
    }
    listings::table
        .filter(listings::kind.eq(kind))
        .filter(listings::slug.eq(slug))
        .filter(listings::status.eq(Status::Published))
        .select(Listing::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(not_found)
}
