//! Organisations and the people who run them. An organiser of an
//! organisation may edit it and the groups, events and places that belong
//! to it (`listings.organisation_id`). People become organisers by creating
//! an organisation (an editor approves it before it appears), by claiming
//! an existing one (an editor approves the claim), or by being added by
//! another organiser.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use store::schema::{listings, organisation_claims, organisers};
use store::AnyConnection;

use super::{listing_url, person_email, require_editor, send, site_url, Snapshot, Submitted};
use crate::kinds::text_enum;
use crate::listing::{self, Listing};
use crate::{DirectoryError, Kind, Status};

text_enum!(
    /// Where a claim to run an organisation is.
    ClaimStatus {
        Pending = "pending": "Waiting for review",
        Approved = "approved": "Approved",
        Refused = "refused": "Refused",
    }
);

/// True when `person` organises `listing` or the organisation it belongs to.
pub(crate) fn organises(conn: &mut AnyConnection, person: i32, listing: &Listing) -> Result<bool, DirectoryError> {
    let mut ids = vec![listing.id];
    ids.extend(listing.organisation_id);
    let n: i64 = organisers::table
        .filter(organisers::person_id.eq(person))
        .filter(organisers::listing_id.eq_any(ids))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// True when `person` organises `listing` (an organisation) or the
/// organisation a group, event or place belongs to. False for a listing
/// that does not exist.
pub fn is_organiser(conn: &mut AnyConnection, person: i32, listing_id: i32) -> Result<bool, DirectoryError> {
    match listing::get(conn, listing_id) {
        Ok(l) => organises(conn, person, &l),
        Err(DirectoryError::NotFound { .. }) => Ok(false),
        Err(e) => Err(e),
    }
}

/// The organisations `person` runs, whatever their status (a new one
/// waiting for approval too), by name.
pub fn organisations_of(conn: &mut AnyConnection, person: i32) -> Result<Vec<Listing>, DirectoryError> {
    Ok(listings::table
        .filter(listings::kind.eq(Kind::Organisation))
        .filter(
            listings::id.eq_any(
                organisers::table
                    .filter(organisers::person_id.eq(person))
                    .select(organisers::listing_id),
            ),
        )
        .order((listings::name, listings::id))
        .select(Listing::as_select())
        .load(conn)?)
}

/// The groups, events and places of an organisation, whatever their status,
/// by kind and name: an organiser's dashboard. `NotFound` unless `person`
/// organises it or is an editor.
pub fn organisation_listings(
    conn: &mut AnyConnection,
    person: i32,
    organisation: i32,
) -> Result<Vec<Listing>, DirectoryError> {
    managed_organisation(conn, person, organisation)?;
    Ok(listings::table
        .filter(listings::organisation_id.eq(organisation))
        .order((listings::kind, listings::name, listings::id))
        .select(Listing::as_select())
        .load(conn)?)
}

pub(crate) fn insert_organiser(
    conn: &mut AnyConnection,
    organisation: i32,
    person: i32,
    now: NaiveDateTime,
) -> Result<(), DirectoryError> {
    let exists: i64 = organisers::table
        .filter(organisers::listing_id.eq(organisation))
        .filter(organisers::person_id.eq(person))
        .count()
        .get_result(conn)?;
    if exists == 0 {
        diesel::insert_into(organisers::table)
            .values((
                organisers::listing_id.eq(organisation),
                organisers::person_id.eq(person),
                organisers::added_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The organisation, when `actor` is an editor or one of its organisers;
/// `NotFound` otherwise.
pub(crate) fn managed_organisation(
    conn: &mut AnyConnection,
    actor: i32,
    organisation: i32,
) -> Result<Listing, DirectoryError> {
    let org = super::managed_listing(conn, actor, organisation)
        .map_err(|_| DirectoryError::NotFound { what: "organisation" })?;
    if org.kind != Kind::Organisation {
        return Err(DirectoryError::NotFound { what: "organisation" });
    }
    Ok(org)
}

/// One organiser of an organisation, for its organisers' page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganiserView {
    pub person_id: i32,
    pub name: String,
    pub email: String,
}

/// Who runs an organisation (accounts not deleted), by name, for the
/// people who run it and editors; `NotFound` for anyone else.
pub fn organisers_of(
    conn: &mut AnyConnection,
    actor: i32,
    organisation: i32,
) -> Result<Vec<OrganiserView>, DirectoryError> {
    managed_organisation(conn, actor, organisation)?;
    let rows: Vec<(i32, String, String)> = organisers::table
        .inner_join(store::schema::people::table)
        .filter(organisers::listing_id.eq(organisation))
        .filter(store::schema::people::deleted_at.is_null())
        .order((store::schema::people::display_name, store::schema::people::id))
        .select((
            store::schema::people::id,
            store::schema::people::display_name,
            store::schema::people::email,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(person_id, name, email)| OrganiserView { person_id, name, email })
        .collect())
}

/// Makes `person` an organiser too. `actor` must organise the organisation
/// (or be an editor). Adding someone twice is harmless.
pub fn add_organiser(
    conn: &mut AnyConnection,
    actor: i32,
    organisation: i32,
    person: i32,
    now: NaiveDateTime,
) -> Result<(), DirectoryError> {
    managed_organisation(conn, actor, organisation)?;
    insert_organiser(conn, organisation, person, now)
}

/// Stops `person` organising. Never the last organiser: an organisation
/// nobody runs could not be kept up to date or handed on.
pub fn remove_organiser(
    conn: &mut AnyConnection,
    actor: i32,
    organisation: i32,
    person: i32,
) -> Result<(), DirectoryError> {
    managed_organisation(conn, actor, organisation)?;
    let all: Vec<i32> = organisers::table
        .filter(organisers::listing_id.eq(organisation))
        .select(organisers::person_id)
        .load(conn)?;
    if !all.contains(&person) {
        return Err(DirectoryError::NotFound { what: "organiser" });
    }
    if all.len() <= 1 {
        return Err(DirectoryError::invalid(
            "organiser",
            "An organisation needs at least one organiser. Add someone else before removing this person",
        ));
    }
    diesel::delete(
        organisers::table
            .filter(organisers::listing_id.eq(organisation))
            .filter(organisers::person_id.eq(person)),
    )
    .execute(conn)?;
    Ok(())
}

/// Creates a new organisation, run by `person`. It waits with
/// `Status::Pending` until an editor approves its proposal, and does not
/// appear on the site before then.
pub fn create_organisation(
    conn: &mut AnyConnection,
    person: i32,
    organisation: &Snapshot,
    now: NaiveDateTime,
) -> Result<Submitted, DirectoryError> {
    if organisation.fields.kind != Kind::Organisation {
        return Err(DirectoryError::invalid("kind", "Choose organisation"));
    }
    super::submit(conn, None, organisation, person, now)
}

fn checked_text(field: &'static str, text: &str, missing: &str) -> Result<String, DirectoryError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(DirectoryError::invalid(field, missing));
    }
    if text.chars().count() > 2000 {
        return Err(DirectoryError::invalid(field, "This must be 2,000 characters or fewer"));
    }
    Ok(text.to_owned())
}

/// Asks to run an existing, published organisation, saying who you are in
/// `message`; an editor decides. Asking again while a claim waits updates
/// its message. Returns the claim's id.
pub fn claim_organisation(
    conn: &mut AnyConnection,
    person: i32,
    organisation: i32,
    message: &str,
    now: NaiveDateTime,
) -> Result<i32, DirectoryError> {
    let message = checked_text(
        "message",
        message,
        "Tell us how you are involved with this organisation",
    )?;
    let org = listing::get(conn, organisation)?;
    if org.kind != Kind::Organisation || org.status != Status::Published {
        return Err(DirectoryError::NotFound { what: "organisation" });
    }
    if organises(conn, person, &org)? {
        return Err(DirectoryError::invalid(
            "organisation",
            "You already run this organisation",
        ));
    }
    let waiting: Option<i32> = organisation_claims::table
        .filter(organisation_claims::listing_id.eq(organisation))
        .filter(organisation_claims::person_id.eq(person))
        .filter(organisation_claims::status.eq(ClaimStatus::Pending))
        .select(organisation_claims::id)
        .first(conn)
        .optional()?;
    if let Some(id) = waiting {
        diesel::update(organisation_claims::table.find(id))
            .set(organisation_claims::message.eq(message))
            .execute(conn)?;
        return Ok(id);
    }
    let row: ClaimRow = diesel::insert_into(organisation_claims::table)
        .values((
            organisation_claims::listing_id.eq(organisation),
            organisation_claims::person_id.eq(person),
            organisation_claims::message.eq(message),
            organisation_claims::status.eq(ClaimStatus::Pending),
            organisation_claims::created_at.eq(now),
            organisation_claims::reason.eq(""),
        ))
        .get_result(conn)?;
    Ok(row.id)
}

/// One row of `organisation_claims`.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = organisation_claims)]
pub struct ClaimRow {
    pub id: i32,
    pub listing_id: i32,
    pub person_id: i32,
    pub message: String,
    pub status: ClaimStatus,
    pub created_at: NaiveDateTime,
    pub decided_at: Option<NaiveDateTime>,
    pub decided_by: Option<i32>,
    pub reason: String,
}

fn pending_claim(conn: &mut AnyConnection, id: i32) -> Result<ClaimRow, DirectoryError> {
    organisation_claims::table
        .find(id)
        .filter(organisation_claims::status.eq(ClaimStatus::Pending))
        .select(ClaimRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(DirectoryError::NotFound { what: "claim" })
}

fn decide_claim(
    conn: &mut AnyConnection,
    id: i32,
    status: ClaimStatus,
    editor: i32,
    reason: &str,
    now: NaiveDateTime,
) -> Result<(), DirectoryError> {
    diesel::update(organisation_claims::table.find(id))
        .set((
            organisation_claims::status.eq(status),
            organisation_claims::decided_at.eq(Some(now)),
            organisation_claims::decided_by.eq(Some(editor)),
            organisation_claims::reason.eq(reason),
        ))
        .execute(conn)?;
    Ok(())
}

/// Approves a claim: the claimant becomes an organiser and is told.
pub fn approve_claim(
    conn: &mut AnyConnection,
    site: &mail::Site,
    editor: i32,
    claim: i32,
    now: NaiveDateTime,
) -> Result<(), DirectoryError> {
    require_editor(conn, editor)?;
    let c = pending_claim(conn, claim)?;
    let org = listing::get(conn, c.listing_id)?;
    insert_organiser(conn, c.listing_id, c.person_id, now)?;
    decide_claim(conn, claim, ClaimStatus::Approved, editor, "", now)?;
    let Some((email, name)) = person_email(conn, c.person_id)? else {
        return Ok(());
    };
    let message = mail::Message::new(&format!("You can now update {}", org.name))
        .greeting(&name)
        .paragraph(&format!(
            "An editor has checked your request. You are now an organiser of {}, so you can keep its listings up to date.",
            org.name
        ))
        .action("See the organisation", &listing_url(site, &org));
    send(conn, site, &message, email, &name, now)
}

/// Refuses a claim and emails the claimant the reason.
pub fn refuse_claim(
    conn: &mut AnyConnection,
    site: &mail::Site,
    editor: i32,
    claim: i32,
    reason: &str,
    now: NaiveDateTime,
) -> Result<(), DirectoryError> {
    require_editor(conn, editor)?;
    let reason = super::required_reason(reason)?;
    let c = pending_claim(conn, claim)?;
    let org = listing::get(conn, c.listing_id)?;
    decide_claim(conn, claim, ClaimStatus::Refused, editor, &reason, now)?;
    let Some((email, name)) = person_email(conn, c.person_id)? else {
        return Ok(());
    };
    let message = mail::Message::new(&format!("Your request to run {}", org.name))
        .greeting(&name)
        .paragraph(&format!(
            "An editor has looked at your request to become an organiser of {} and has not approved it. They said:",
            org.name
        ))
        .paragraph(&reason)
        .paragraph("If you can tell us more, reply to this email.")
        .action("Get help", &site_url(site, "get-help"));
    send(conn, site, &message, email, &name, now)
}
