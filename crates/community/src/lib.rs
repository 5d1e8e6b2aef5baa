//! Community: people joining groups and going to events, on top of the
//! directory's listings and the accounts of the people taking part.
//!
//! Like every domain crate, functions take `&mut AnyConnection` and expect
//! the caller's transaction around them, so a change and the emails it
//! causes commit together or not at all. Role checks go through
//! [`accounts::permits`] with [`accounts::Action::RunCommunity`]; nothing
//! here knows about HTTP.

pub mod blocks;
pub mod contact;
pub mod csv;
pub mod digest;
pub mod discussions;
mod error;
pub mod event_mail;
pub mod events;
pub mod groups;
pub mod guests;
pub mod ics;
pub mod messages;
pub mod moderation;
mod notify;
pub mod profiles;
pub mod safety;
pub mod scale;
pub mod settings;

pub use error::CommunityError;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use directory::{Kind, Listing, Status};
use store::schema::{event_rsvps, group_members, listings};
use store::AnyConnection;

/// Before an account is deleted (in the same transaction): it leaves its
/// groups and gives up its places and waiting-list spots, so a deleted
/// account never holds a place someone waiting could have. Whoever gets a
/// place is emailed, as when anyone drops out. Its profile, blocks, direct
/// messages and the contact messages it sent are deleted.
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
    profiles::forget(conn, person)?;
    blocks::forget(conn, person)?;
    messages::forget(conn, person)?;
    contact::forget(conn, person)?;
    settings::forget(conn, person)?;
    event_mail::forget(conn, person)
}

/// What the community keeps about one member, for their data export.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Export {
    pub profile: profiles::Settings,
    /// The people they blocked.
    pub blocked_people: Vec<i32>,
    pub messages: Vec<messages::Exported>,
    pub contact_messages: Vec<contact::Exported>,
}

/// Everything of [`Export`] for `person`.
pub fn export(conn: &mut AnyConnection, person: i32) -> Result<Export, CommunityError> {
    Ok(Export {
        profile: profiles::settings(conn, person)?,
        blocked_people: blocks::blocked_by(conn, person)?,
        messages: messages::export(conn, person)?,
        contact_messages: contact::export(conn, person)?,
    })
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
