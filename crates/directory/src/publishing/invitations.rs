//! Invitations to help run an organisation, for people who have no account
//! yet: an organiser types their address, they get an emailed link, and
//! once signed in (after signing up, if need be) they accept it. The link
//! is the proof that they read that inbox, so it is single-use, lasts 14
//! days, and only its SHA-256 hash is kept.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use store::schema::organiser_invitations;
use store::AnyConnection;

use super::freshness::{new_token, token_hash};
use super::organisers::{insert_organiser, managed_organisation};
use super::{person_email, send, site_url};
use crate::listing::{self, Listing};
use crate::DirectoryError;

/// How long an invitation link works.
pub const INVITATION_DAYS: i64 = 14;

/// The most invitations an organisation may have waiting at once: enough
/// for any real group, and a stop on an organiser account being used to
/// send email to a list of strangers.
pub const MAX_PENDING_INVITATIONS: i64 = 20;

/// An invitation that is neither used nor expired, as its organisation's
/// organisers see it.
#[derive(Debug, Clone, Queryable)]
pub struct PendingInvitation {
    pub id: i32,
    pub email: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

/// The invitations of `organisation` still waiting at `now`, newest first,
/// for its organisers and editors (`NotFound` for anyone else).
pub fn pending_invitations(
    conn: &mut AnyConnection,
    actor: i32,
    organisation: i32,
    now: NaiveDateTime,
) -> Result<Vec<PendingInvitation>, DirectoryError> {
    let org = managed_organisation(conn, actor, organisation)?;
    Ok(organiser_invitations::table
        .filter(organiser_invitations::listing_id.eq(org.id))
        .filter(organiser_invitations::accepted_at.is_null())
        .filter(organiser_invitations::expires_at.gt(now))
        .order((
            organiser_invitations::created_at.desc(),
            organiser_invitations::id.desc(),
        ))
        .select((
            organiser_invitations::id,
            organiser_invitations::email,
            organiser_invitations::created_at,
            organiser_invitations::expires_at,
        ))
        .load(conn)?)
}

/// Withdraws a waiting invitation of `organisation`, so its link no longer
/// works (an organiser typed the wrong address, or the person is not coming
/// after all). Returns the address it was sent to, for the confirmation.
/// `NotFound` when `actor` does not run the organisation, or the invitation
/// is not one of its waiting ones (used, expired, withdrawn or another's).
pub fn withdraw_invitation(
    conn: &mut AnyConnection,
    actor: i32,
    organisation: i32,
    invitation: i32,
    now: NaiveDateTime,
) -> Result<String, DirectoryError> {
    let org = managed_organisation(conn, actor, organisation)?;
    let waiting = organiser_invitations::table
        .find(invitation)
        .filter(organiser_invitations::listing_id.eq(org.id))
        .filter(organiser_invitations::accepted_at.is_null())
        .filter(organiser_invitations::expires_at.gt(now));
    let email: String = waiting
        .select(organiser_invitations::email)
        .first(conn)
        .optional()?
        .ok_or(DirectoryError::NotFound { what: "invitation" })?;
    diesel::delete(waiting).execute(conn)?;
    Ok(email)
}

/// Emails `email` (already normalised) an invitation to help run
/// `organisation`, from `actor`, who must organise it or be an editor
/// (`NotFound` otherwise). Returns the link's token, which is not stored.
/// Refused, on the email field, when [`MAX_PENDING_INVITATIONS`] are
/// already waiting.
pub fn invite_organiser(
    conn: &mut AnyConnection,
    site: &mail::Site,
    actor: i32,
    organisation: i32,
    email: &mail::EmailAddress,
    now: NaiveDateTime,
) -> Result<String, DirectoryError> {
    let org = managed_organisation(conn, actor, organisation)?;
    let waiting: i64 = organiser_invitations::table
        .filter(organiser_invitations::listing_id.eq(org.id))
        .filter(organiser_invitations::accepted_at.is_null())
        .filter(organiser_invitations::expires_at.gt(now))
        .count()
        .get_result(conn)?;
    if waiting >= MAX_PENDING_INVITATIONS {
        return Err(DirectoryError::invalid(
            "email",
            format!(
                "{} already has {MAX_PENDING_INVITATIONS} invitations waiting. Withdraw one you no longer need before inviting someone else",
                org.name
            ),
        ));
    }
    let token = new_token()?;
    diesel::insert_into(organiser_invitations::table)
        .values((
            organiser_invitations::listing_id.eq(org.id),
            organiser_invitations::email.eq(email.to_string()),
            organiser_invitations::token_hash.eq(token_hash(&token)),
            organiser_invitations::invited_by.eq(Some(actor)),
            organiser_invitations::created_at.eq(now),
            organiser_invitations::expires_at.eq(now + Duration::days(INVITATION_DAYS)),
        ))
        .execute(conn)?;
    let from = person_email(conn, actor)?.map_or_else(|| "An organiser".to_owned(), |(_, name)| name);
    let message = mail::Message::new(&format!("Help run {} on the site", org.name))
        .paragraph(&format!(
            "{from} has invited you to help keep {}'s listings up to date.",
            org.name
        ))
        .paragraph("Open the link, sign in or make an account with this email address, then accept the invitation.")
        .action("See the invitation", &site_url(site, &format!("/invitations/{token}")))
        .paragraph(&format!(
            "The link works once, for {INVITATION_DAYS} days. If you were not expecting this, you can ignore it."
        ));
    send(conn, site, &message, email.clone(), "", now)?;
    Ok(token)
}

/// The organisation a link invites its reader to help run, while the link
/// is unused and not expired; `NotFound` otherwise.
pub fn invitation(conn: &mut AnyConnection, token: &str, now: NaiveDateTime) -> Result<Listing, DirectoryError> {
    let (_, org) = open_invitation(conn, token, now)?;
    listing::get(conn, org)
}

/// Makes `person` an organiser of the organisation the link invites them
/// to, and uses the link up. `NotFound` for a used, expired or unknown link.
pub fn accept_invitation(
    conn: &mut AnyConnection,
    token: &str,
    person: i32,
    now: NaiveDateTime,
) -> Result<Listing, DirectoryError> {
    let (id, org) = open_invitation(conn, token, now)?;
    // Only the first of two racing accepts changes the row.
    let used = diesel::update(
        organiser_invitations::table
            .find(id)
            .filter(organiser_invitations::accepted_at.is_null()),
    )
    .set((
        organiser_invitations::accepted_at.eq(Some(now)),
        organiser_invitations::accepted_by.eq(Some(person)),
    ))
    .execute(conn)?;
    if used == 0 {
        return Err(DirectoryError::NotFound { what: "invitation" });
    }
    insert_organiser(conn, org, person, now)?;
    listing::get(conn, org)
}

fn open_invitation(conn: &mut AnyConnection, token: &str, now: NaiveDateTime) -> Result<(i32, i32), DirectoryError> {
    organiser_invitations::table
        .filter(organiser_invitations::token_hash.eq(token_hash(token)))
        .filter(organiser_invitations::accepted_at.is_null())
        .filter(organiser_invitations::expires_at.gt(now))
        .select((organiser_invitations::id, organiser_invitations::listing_id))
        .first(conn)
        .optional()?
        .ok_or(DirectoryError::NotFound { what: "invitation" })
}

/// Adds someone who already has an account as an organiser at once (see
/// [`super::add_organiser`]) and emails them, so they know why the
/// organisation now appears on their dashboard.
pub fn add_and_tell(
    conn: &mut AnyConnection,
    site: &mail::Site,
    actor: i32,
    organisation: i32,
    person: i32,
    now: NaiveDateTime,
) -> Result<(), DirectoryError> {
    super::add_organiser(conn, actor, organisation, person, now)?;
    let org = listing::get(conn, organisation)?;
    let Some((email, name)) = person_email(conn, person)? else {
        return Ok(());
    };
    let message = mail::Message::new(&format!("You can now help run {}", org.name))
        .greeting(&name)
        .paragraph(&format!(
            "You have been added as an organiser of {}. You can now change it and everything it runs.",
            org.name
        ))
        .action("See your organisations", &site_url(site, "/organise"));
    send(conn, site, &message, email, &name, now)
}
