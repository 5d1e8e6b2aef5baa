//! What waits for people: the editors' queue (proposals, claims, problem
//! reports and listings nobody has confirmed for a year) and an organiser's
//! own pending proposals.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use store::schema::{listings, organisation_claims, people, problem_reports, proposals};
use store::AnyConnection;

use super::diff::{self, FieldChange, Names};
use super::organisers::{ClaimRow, ClaimStatus};
use super::reports::ProblemReport;
use super::{freshness, managed_listing, require_editor, ProposalRow, ProposalStatus, Snapshot};
use crate::listing::{Listing, ListingCard};
use crate::{DirectoryError, Kind, Reference, Status};

/// A proposal as an editor or its organisers see it.
#[derive(Debug, Clone, Serialize)]
pub struct ProposalView {
    pub id: i32,
    pub listing_id: i32,
    /// The live name, or the proposed one for a new listing.
    pub listing_name: String,
    pub kind: Kind,
    /// A new listing (or organisation) rather than a change to a live one.
    pub is_new: bool,
    /// A group a member started, not an organisation: editors check these
    /// knowing nobody vouches for it, and the author is its founder.
    pub member_led: bool,
    pub author_id: i32,
    pub author_name: String,
    pub status: ProposalStatus,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub decided_at: Option<NaiveDateTime>,
    pub decided_by: Option<i32>,
    /// Why an editor did not publish it.
    pub reason: String,
    /// What approving it would change now (see [`diff::proposal_changes`]).
    pub changes: Vec<FieldChange>,
}

/// A claim to run an organisation, for the editors' queue.
#[derive(Debug, Clone, Serialize)]
pub struct QueuedClaim {
    pub claim: ClaimRow,
    pub organisation_name: String,
    pub person_name: String,
    pub person_email: String,
}

/// A listing's open problem report, for the editors' queue.
#[derive(Debug, Clone, Serialize)]
pub struct QueuedReport {
    pub report: ProblemReport,
    pub listing: ListingCard,
}

/// Everything waiting for an editor, each list oldest first.
#[derive(Debug, Clone, Serialize)]
pub struct Queue {
    pub proposals: Vec<ProposalView>,
    pub claims: Vec<QueuedClaim>,
    pub reports: Vec<QueuedReport>,
    /// Published listings nobody has confirmed for a year.
    pub out_of_date: Vec<Listing>,
}

/// Turns proposal rows into views with their diffs, loading the live
/// listings, authors and the names the diffs need in a few queries.
fn views(
    conn: &mut AnyConnection,
    rows: Vec<ProposalRow>,
    reference: &Reference,
) -> Result<Vec<ProposalView>, DirectoryError> {
    let listing_ids: HashSet<i32> = rows.iter().map(|r| r.listing_id).collect();
    let live: HashMap<i32, Listing> = listings::table
        .filter(listings::id.eq_any(listing_ids.iter().copied().collect::<Vec<_>>()))
        .select(Listing::as_select())
        .load(conn)?
        .into_iter()
        .map(|l| (l.id, l))
        .collect();
    let member_led = super::member_led::member_led_among(conn, &listing_ids.iter().copied().collect::<Vec<_>>())?;
    let author_ids: Vec<i32> = rows.iter().map(|r| r.author_id).collect();
    let authors: HashMap<i32, String> = people::table
        .filter(people::id.eq_any(author_ids))
        .select((people::id, people::display_name))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect();
    let mut parsed = Vec::with_capacity(rows.len());
    let mut referenced = HashSet::new();
    for row in rows {
        let Some(l) = live.get(&row.listing_id) else { continue };
        let base = row.base_snapshot.as_deref().map(Snapshot::from_json).transpose()?;
        let proposed = Snapshot::from_json(&row.proposed_snapshot)?;
        let current = Snapshot::of_listing(conn, l)?;
        for s in [Some(&proposed), Some(&current), base.as_ref()].into_iter().flatten() {
            referenced.extend(s.fields.organisation_id);
            referenced.extend(s.fields.place_id);
        }
        parsed.push((row, base, proposed, current));
    }
    let names_map: HashMap<i32, String> = listings::table
        .filter(listings::id.eq_any(referenced.into_iter().collect::<Vec<_>>()))
        .select((listings::id, listings::name))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect();
    let names = Names {
        reference,
        listings: &names_map,
    };
    Ok(parsed
        .into_iter()
        .filter_map(|(row, base, proposed, current)| {
            let l = live.get(&row.listing_id)?;
            let is_new = l.status == Status::Pending;
            let changes = if is_new {
                diff::diff(None, &proposed, names)
            } else {
                diff::proposal_changes(base.as_ref(), &proposed, &current, names)
            };
            Some(ProposalView {
                id: row.id,
                listing_id: row.listing_id,
                listing_name: if is_new {
                    proposed.fields.name.clone()
                } else {
                    l.name.clone()
                },
                kind: l.kind,
                is_new,
                member_led: member_led.contains(&row.listing_id),
                author_id: row.author_id,
                author_name: authors.get(&row.author_id).cloned().unwrap_or_default(),
                status: row.status,
                created_at: row.created_at,
                updated_at: row.updated_at,
                decided_at: row.decided_at,
                decided_by: row.decided_by,
                reason: row.reason,
                changes,
            })
        })
        .collect())
}

/// The editors' queue. Editors only.
pub fn queue(
    conn: &mut AnyConnection,
    editor: i32,
    reference: &Reference,
    now: NaiveDateTime,
) -> Result<Queue, DirectoryError> {
    require_editor(conn, editor)?;
    let rows: Vec<ProposalRow> = proposals::table
        .filter(proposals::status.eq(ProposalStatus::Pending))
        .order((proposals::created_at, proposals::id))
        .select(ProposalRow::as_select())
        .load(conn)?;
    let proposals = views(conn, rows, reference)?;
    let claims = claims_waiting(conn)?;
    let reports = open_reports(conn)?;
    let out_of_date = listings::table
        .filter(listings::status.eq(Status::Published))
        .filter(listings::last_checked_at.le(freshness::flag_before(now)))
        .order((listings::last_checked_at, listings::id))
        .select(Listing::as_select())
        .load(conn)?;
    Ok(Queue {
        proposals,
        claims,
        reports,
        out_of_date,
    })
}

/// Requests to run an organisation that wait for an editor, oldest first.
/// Editors only.
pub fn pending_claims(conn: &mut AnyConnection, editor: i32) -> Result<Vec<QueuedClaim>, DirectoryError> {
    require_editor(conn, editor)?;
    claims_waiting(conn)
}

/// Problem reports nobody has resolved yet, oldest first. Editors only.
pub fn unresolved_reports(conn: &mut AnyConnection, editor: i32) -> Result<Vec<QueuedReport>, DirectoryError> {
    require_editor(conn, editor)?;
    open_reports(conn)
}

fn claims_waiting(conn: &mut AnyConnection) -> Result<Vec<QueuedClaim>, DirectoryError> {
    Ok(organisation_claims::table
        .inner_join(listings::table)
        .inner_join(people::table)
        .filter(organisation_claims::status.eq(ClaimStatus::Pending))
        .order((organisation_claims::created_at, organisation_claims::id))
        .select((
            ClaimRow::as_select(),
            listings::name,
            people::display_name,
            people::email,
        ))
        .load::<(ClaimRow, String, String, String)>(conn)?
        .into_iter()
        .map(|(claim, organisation_name, person_name, person_email)| QueuedClaim {
            claim,
            organisation_name,
            person_name,
            person_email,
        })
        .collect())
}

fn open_reports(conn: &mut AnyConnection) -> Result<Vec<QueuedReport>, DirectoryError> {
    Ok(problem_reports::table
        .inner_join(listings::table)
        .filter(problem_reports::resolved_at.is_null())
        .order((problem_reports::created_at, problem_reports::id))
        .select((ProblemReport::as_select(), ListingCard::as_select()))
        .load::<(ProblemReport, ListingCard)>(conn)?
        .into_iter()
        .map(|(report, listing)| QueuedReport { report, listing })
        .collect())
}

/// One proposal, for its author, a fellow organiser or an editor;
/// `NotFound` for anyone else.
pub fn proposal(
    conn: &mut AnyConnection,
    viewer: i32,
    id: i32,
    reference: &Reference,
) -> Result<ProposalView, DirectoryError> {
    let row: ProposalRow = proposals::table
        .find(id)
        .select(ProposalRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(DirectoryError::NotFound { what: "proposal" })?;
    managed_listing(conn, viewer, row.listing_id).map_err(|_| DirectoryError::NotFound { what: "proposal" })?;
    views(conn, vec![row], reference)?
        .pop()
        .ok_or(DirectoryError::NotFound { what: "proposal" })
}

/// The proposals for a listing (newest first), for its organisers and
/// editors; `NotFound` for anyone else.
pub fn proposals_for(
    conn: &mut AnyConnection,
    viewer: i32,
    listing_id: i32,
    reference: &Reference,
) -> Result<Vec<ProposalView>, DirectoryError> {
    managed_listing(conn, viewer, listing_id)?;
    let rows: Vec<ProposalRow> = proposals::table
        .filter(proposals::listing_id.eq(listing_id))
        .order((proposals::created_at.desc(), proposals::id.desc()))
        .select(ProposalRow::as_select())
        .load(conn)?;
    views(conn, rows, reference)
}

/// The proposals of an organisation and of all its listings, newest first,
/// by listing id: the organiser's dashboard in one query instead of one a
/// listing. `NotFound` for people who may not manage the organisation.
pub fn proposals_of_organisation(
    conn: &mut AnyConnection,
    viewer: i32,
    organisation: i32,
    reference: &Reference,
) -> Result<HashMap<i32, Vec<ProposalView>>, DirectoryError> {
    managed_listing(conn, viewer, organisation)?;
    let mut ids: Vec<i32> = listings::table
        .filter(listings::organisation_id.eq(organisation))
        .select(listings::id)
        .load(conn)?;
    ids.push(organisation);
    let rows: Vec<ProposalRow> = proposals::table
        .filter(proposals::listing_id.eq_any(&ids))
        .order((proposals::created_at.desc(), proposals::id.desc()))
        .select(ProposalRow::as_select())
        .load(conn)?;
    let mut out: HashMap<i32, Vec<ProposalView>> = HashMap::new();
    for v in views(conn, rows, reference)? {
        out.entry(v.listing_id).or_default().push(v);
    }
    Ok(out)
}

/// Takes back a pending proposal. Only people who may manage the listing
/// can; `NotFound` for anyone else.
pub fn withdraw(conn: &mut AnyConnection, person: i32, id: i32, now: NaiveDateTime) -> Result<(), DirectoryError> {
    let not_found = || DirectoryError::NotFound { what: "proposal" };
    let listing_id: i32 = proposals::table
        .find(id)
        .filter(proposals::status.eq(ProposalStatus::Pending))
        .select(proposals::listing_id)
        .first(conn)
        .optional()?
        .ok_or_else(not_found)?;
    managed_listing(conn, person, listing_id).map_err(|_| not_found())?;
    diesel::update(proposals::table.find(id))
        .set((
            proposals::status.eq(ProposalStatus::Withdrawn),
            proposals::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}
