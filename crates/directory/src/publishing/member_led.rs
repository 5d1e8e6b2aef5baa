//! Member-led groups: a member starts a group around an interest (a
//! walking group, a board-games night) without an organisation behind it.
//! It waits in the editors' queue like any new listing, and once approved
//! it appears in the directory and search like any other group, marked as
//! member-led.
//!
//! The founder becomes the listing's organiser (an `organisers` row), so
//! they can see its proposal and edit it later through the usual pages;
//! running its members is the community crate's, which the caller asks in
//! the same transaction.

use std::collections::HashSet;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use store::schema::{listings, member_led_groups, proposals};
use store::AnyConnection;

use super::{check, insert_proposal, organisers, ProposalStatus, Snapshot, Submitted};
use crate::listing::{self, Listing};
use crate::{DirectoryError, Kind, Status};

/// How many member-led groups one person may have waiting for review at
/// once: enough for someone starting a few things, too few to flood the
/// editors' queue.
pub const MAX_WAITING: i64 = 3;

/// Sends a new member-led group for review. It is stored with
/// `Status::Pending` (never shown) with a proposal in the editors' queue,
/// marked member-led, and `founder` becomes its organiser. Always reviewed,
/// even when the founder is an editor: the issue asks that every member-led
/// group is checked first.
pub fn start_group(
    conn: &mut AnyConnection,
    founder: i32,
    group: &Snapshot,
    now: NaiveDateTime,
) -> Result<Submitted, DirectoryError> {
    let group = Snapshot::new(group.fields.clone(), group.tags.clone());
    if group.fields.kind != Kind::Group {
        return Err(DirectoryError::invalid("kind", "Only groups can be started by members"));
    }
    if group.fields.organisation_id.is_some() || group.fields.place_id.is_some() {
        return Err(DirectoryError::invalid(
            "organisation_id",
            "A group run by an organisation is added by its organisers",
        ));
    }
    // Waiting means a proposal not yet decided: a group an editor turned
    // down stays unpublished for its founder to change, but does not count.
    let waiting: i64 = member_led_groups::table
        .inner_join(listings::table)
        .filter(member_led_groups::founder_id.eq(founder))
        .filter(listings::status.eq(Status::Pending))
        .filter(
            member_led_groups::listing_id.eq_any(
                proposals::table
                    .filter(proposals::status.eq(ProposalStatus::Pending))
                    .select(proposals::listing_id),
            ),
        )
        .count()
        .get_result(conn)?;
    if waiting >= MAX_WAITING {
        return Err(DirectoryError::invalid(
            "name",
            format!(
                "You already have {MAX_WAITING} groups waiting for an editor to check them. You can start another once they have been checked"
            ),
        ));
    }
    check(conn, &group, None)?;
    let created = listing::insert(conn, &group.fields.to_new(Status::Pending, now), &group.tags)?;
    diesel::insert_into(member_led_groups::table)
        .values((
            member_led_groups::listing_id.eq(created.id),
            member_led_groups::founder_id.eq(founder),
            member_led_groups::created_at.eq(now),
        ))
        .execute(conn)?;
    organisers::insert_organiser(conn, created.id, founder, now)?;
    let proposal = insert_proposal(conn, created.id, founder, None, group.to_json()?, now)?;
    Ok(Submitted::Proposed {
        listing_id: created.id,
        proposal,
    })
}

/// True when a member started this group.
pub fn is_member_led(conn: &mut AnyConnection, listing_id: i32) -> Result<bool, DirectoryError> {
    let n: i64 = member_led_groups::table.find(listing_id).count().get_result(conn)?;
    Ok(n > 0)
}

/// Which of `ids` are member-led groups, in one query, for lists and
/// result cards.
pub fn member_led_among(conn: &mut AnyConnection, ids: &[i32]) -> Result<HashSet<i32>, DirectoryError> {
    let mut out = HashSet::new();
    for chunk in ids.chunks(5000) {
        out.extend(
            member_led_groups::table
                .filter(member_led_groups::listing_id.eq_any(chunk))
                .select(member_led_groups::listing_id)
                .load::<i32>(conn)?,
        );
    }
    Ok(out)
}

/// A group its founder started that is not on the site, and why.
#[derive(Debug, Clone)]
pub struct Unpublished {
    pub listing: Listing,
    /// An editor has still to check it (or a change sent since).
    pub waiting: bool,
    /// What the editor said when they last turned it down, when nothing
    /// has been sent since.
    pub rejected_because: Option<String>,
}

/// The groups `founder` started that are not on the site (waiting for an
/// editor, turned down, or taken off), newest first, so their "My groups"
/// page says where each one is. Two queries, however many there are.
pub fn unpublished_of(conn: &mut AnyConnection, founder: i32) -> Result<Vec<Unpublished>, DirectoryError> {
    let groups: Vec<Listing> = listings::table
        .inner_join(member_led_groups::table)
        .filter(member_led_groups::founder_id.eq(founder))
        .filter(listings::status.ne(Status::Published))
        .order((member_led_groups::created_at.desc(), listings::id.desc()))
        .select(Listing::as_select())
        .load(conn)?;
    let ids: Vec<i32> = groups.iter().map(|l| l.id).collect();
    // Newest first: the first decided or waiting proposal of each group
    // says where it is.
    let decisions: Vec<(i32, ProposalStatus, String)> = proposals::table
        .filter(proposals::listing_id.eq_any(&ids))
        .filter(proposals::status.ne(ProposalStatus::Withdrawn))
        .order((proposals::created_at.desc(), proposals::id.desc()))
        .select((proposals::listing_id, proposals::status, proposals::reason))
        .load(conn)?;
    Ok(groups
        .into_iter()
        .map(|listing| {
            let latest = decisions.iter().find(|(id, ..)| *id == listing.id);
            Unpublished {
                waiting: latest.is_some_and(|(_, s, _)| *s == ProposalStatus::Pending),
                rejected_because: latest
                    .filter(|(_, s, _)| *s == ProposalStatus::Rejected)
                    .map(|(.., reason)| reason.clone()),
                listing,
            }
        })
        .collect())
}
