//! A group or event at a venue that is not listed yet: the organiser gives
//! the venue's name, address and postcode in the listing form, and the
//! venue becomes a place of the same organisation, so people can find it
//! and what else happens there.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use store::schema::listings;
use store::AnyConnection;

use super::{submit, Snapshot, Submitted};
use crate::{DirectoryError, Kind};

/// Sends `place` (a new place of the same organisation) and then the group
/// or event `proposed`, linked to it, both through [`submit`]: each is
/// published at once or waits for an editor exactly as any listing would.
/// The place takes a free web address made from its name. Refusals about
/// the place's name come back as `place_name`.
pub fn submit_with_new_place(
    conn: &mut AnyConnection,
    listing: Option<i32>,
    proposed: &Snapshot,
    place: &Snapshot,
    author: i32,
    now: NaiveDateTime,
) -> Result<Submitted, DirectoryError> {
    if place.fields.kind != Kind::Place || place.fields.organisation_id != proposed.fields.organisation_id {
        return Err(DirectoryError::invalid(
            "place_name",
            "A new place must belong to the same organisation",
        ));
    }
    let mut place = place.clone();
    place.fields.slug = free_slug(conn, &place.fields.slug)?;
    let place_id = match submit(conn, None, &place, author, now).map_err(about_the_place)? {
        Submitted::Published { listing, .. } => listing.id,
        Submitted::Proposed { listing_id, .. } => listing_id,
    };
    let mut proposed = proposed.clone();
    proposed.fields.place_id = Some(place_id);
    submit(conn, listing, &proposed, author, now)
}

/// `slug`, or `slug-2`, `slug-3`… whichever no listing uses yet.
fn free_slug(conn: &mut AnyConnection, slug: &str) -> Result<String, DirectoryError> {
    let mut candidate = slug.to_owned();
    for n in 2..1000 {
        let taken: i64 = listings::table
            .filter(listings::slug.eq(&candidate))
            .count()
            .get_result(conn)?;
        if taken == 0 {
            return Ok(candidate);
        }
        candidate = format!("{slug}-{n}");
    }
    Err(DirectoryError::invalid(
        "place_name",
        "Too many places have this name. Give it a longer name",
    ))
}

/// The place form's fields are named for the place.
fn about_the_place(e: DirectoryError) -> DirectoryError {
    match e {
        DirectoryError::Invalid { field, message } => DirectoryError::Invalid {
            field: match field {
                "name" | "slug" => "place_name",
                other => other,
            },
            message,
        },
        other => other,
    }
}
