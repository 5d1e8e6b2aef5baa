//! The publishing workflow: community groups, not a central team, keep the
//! directory alive, so organisers edit their own listings, editors review
//! what untrusted organisations propose, every published state is kept, and
//! stale or wrong listings are chased.
//!
//! Every function takes `&mut AnyConnection` and does not open its own
//! transaction: callers run it inside one, so the listing, its version, the
//! change-log row and any email commit together or not at all.
//!
//! Access: editors (role `editor` or `admin`) may act on anything. An
//! organiser may act on their organisation and its groups, events and
//! places. Anyone else asking about a listing, proposal or draft that is not
//! theirs gets `NotFound`, never `Forbidden`, so they cannot learn that it
//! exists. Editor-only actions answer `Forbidden`.

pub mod dates;
pub mod diff;
pub mod freshness;
pub mod invitations;
pub mod member_led;
pub mod organisers;
pub mod places;
pub mod queue;
pub mod reports;
pub mod versions;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use store::schema::{listings, organisers as organisers_table, people, person_roles, proposals, trusted_organisations};
use store::AnyConnection;

use crate::kinds::text_enum;
use crate::listing::{self, Listing, ListingEdit, Tags};
use crate::{DirectoryError, Kind, Status};

pub use dates::{move_occurrence, NewTime};
pub use diff::{diff, FieldChange, Names};
pub use freshness::{confirm_fresh, fresh_link, is_out_of_date, mark_checked, send_freshness_reminders};
pub use invitations::{
    accept_invitation, add_and_tell, invitation, invite_organiser, pending_invitations, withdraw_invitation,
    PendingInvitation, INVITATION_DAYS, MAX_PENDING_INVITATIONS,
};
pub use member_led::{is_member_led, member_led_among, start_group, unpublished_of, Unpublished};
pub use organisers::{
    add_organiser, approve_claim, claim_organisation, create_organisation, is_organiser, organisation_listings,
    organisations_of, organisers_of, refuse_claim, remove_organiser, OrganiserView,
};
pub use places::submit_with_new_place;
pub use queue::{
    pending_claims, proposal, proposals_for, proposals_of_organisation, queue, unresolved_reports, withdraw,
    ProposalView, Queue,
};
pub use reports::{report_problem, resolve_report, ProblemReport, ReportForm, ReportKind};
pub use versions::{history, restore, version, Version, VersionSummary};

/// A listing's descriptive fields and tags at one moment: what a version
/// keeps and what a proposal asks for. Tags are kept sorted so two snapshots
/// of the same state compare equal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub fields: ListingEdit,
    pub tags: Tags,
}

impl Snapshot {
    pub fn new(fields: ListingEdit, mut tags: Tags) -> Snapshot {
        tags.interests.sort_unstable();
        tags.interests.dedup();
        tags.audiences.sort_unstable();
        tags.audiences.dedup();
        tags.facilities.sort_unstable();
        tags.facilities.dedup();
        tags.boroughs_served.sort_unstable();
        tags.boroughs_served.dedup();
        Snapshot { fields, tags }
    }

    /// The live state of a listing.
    pub fn of_listing(conn: &mut AnyConnection, listing: &Listing) -> Result<Snapshot, DirectoryError> {
        let tags = listing::load_tags(conn, listing.id)?;
        Ok(Snapshot::new(ListingEdit::from(listing), tags))
    }

    pub(crate) fn to_json(&self) -> Result<String, DirectoryError> {
        Ok(serde_json::to_string(self)?)
    }

    pub(crate) fn from_json(text: &str) -> Result<Snapshot, DirectoryError> {
        let s: Snapshot = serde_json::from_str(text)?;
        Ok(Snapshot::new(s.fields, s.tags))
    }
}

text_enum!(
    /// Where a proposal is.
    ProposalStatus {
        Pending = "pending": "Waiting for review",
        Approved = "approved": "Published",
        Rejected = "rejected": "Not published",
        Withdrawn = "withdrawn": "Withdrawn",
    }
);

/// What [`submit`] did.
#[derive(Debug, Clone)]
pub enum Submitted {
    /// The change is live, as version `version`.
    Published { listing: Box<Listing>, version: i32 },
    /// An editor must review it first; the live listing is unchanged (or,
    /// for a new listing, waits with `Status::Pending`).
    Proposed { listing_id: i32, proposal: i32 },
}

/// True for people with the `editor` or `admin` role.
pub fn is_editor(conn: &mut AnyConnection, person: i32) -> Result<bool, DirectoryError> {
    let n: i64 = person_roles::table
        .filter(person_roles::person_id.eq(person))
        .filter(person_roles::role.eq_any(["editor", "admin"]))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

pub(crate) fn require_editor(conn: &mut AnyConnection, person: i32) -> Result<(), DirectoryError> {
    if is_editor(conn, person)? {
        Ok(())
    } else {
        Err(DirectoryError::Forbidden)
    }
}

/// The organisation a listing belongs to: itself for an organisation.
pub(crate) fn organisation_of(listing: &Listing) -> Option<i32> {
    if listing.kind == Kind::Organisation {
        Some(listing.id)
    } else {
        listing.organisation_id
    }
}

/// The listing, when `person` may manage it (an editor, or an organiser of
/// it or its organisation); otherwise `NotFound`, as if it did not exist.
pub(crate) fn managed_listing(
    conn: &mut AnyConnection,
    person: i32,
    listing_id: i32,
) -> Result<Listing, DirectoryError> {
    let not_found = DirectoryError::NotFound { what: "listing" };
    let listing = listing::get(conn, listing_id).map_err(|_| DirectoryError::NotFound { what: "listing" })?;
    if is_editor(conn, person)? || organisers::organises(conn, person, &listing)? {
        Ok(listing)
    } else {
        Err(not_found)
    }
}

/// A listing and its current state, for its edit form: for its organisers
/// and editors, whatever its status (a pending draft too); `NotFound` for
/// anyone else.
pub fn for_editing(
    conn: &mut AnyConnection,
    person: i32,
    listing_id: i32,
) -> Result<(Listing, Snapshot), DirectoryError> {
    let listing = managed_listing(conn, person, listing_id)?;
    let snapshot = Snapshot::of_listing(conn, &listing)?;
    Ok((listing, snapshot))
}

/// True when the organisation the listing belongs to is trusted to publish
/// without review.
pub fn is_trusted(conn: &mut AnyConnection, listing: &Listing) -> Result<bool, DirectoryError> {
    let Some(org) = organisation_of(listing) else {
        return Ok(false);
    };
    let n: i64 = trusted_organisations::table
        .filter(trusted_organisations::listing_id.eq(org))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Marks an organisation trusted (its organisers' changes go live at once)
/// or no longer trusted. Editors only.
pub fn set_trusted(
    conn: &mut AnyConnection,
    editor: i32,
    organisation: i32,
    trusted: bool,
    now: NaiveDateTime,
) -> Result<(), DirectoryError> {
    require_editor(conn, editor)?;
    let org = listing::get(conn, organisation)?;
    if org.kind != Kind::Organisation {
        return Err(DirectoryError::invalid(
            "organisation",
            "Only organisations can be trusted",
        ));
    }
    diesel::delete(trusted_organisations::table.find(organisation)).execute(conn)?;
    if trusted {
        diesel::insert_into(trusted_organisations::table)
            .values((
                trusted_organisations::listing_id.eq(organisation),
                trusted_organisations::trusted_by.eq(editor),
                trusted_organisations::trusted_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Checks a proposed state before it is stored or published, so an editor
/// never has to review something that could not be saved.
fn check(conn: &mut AnyConnection, snapshot: &Snapshot, live: Option<&Listing>) -> Result<(), DirectoryError> {
    if let Some(live) = live {
        if live.kind != snapshot.fields.kind {
            return Err(DirectoryError::invalid(
                "kind",
                "A listing cannot change kind. Add a new listing instead",
            ));
        }
    }
    let status = live.map_or(Status::Pending, |l| l.status);
    listing::validate(&snapshot.fields.to_new(status, NaiveDateTime::default()))?;
    let taken: i64 = listings::table
        .filter(listings::slug.eq(&snapshot.fields.slug))
        .filter(listings::id.ne(live.map_or(0, |l| l.id)))
        .count()
        .get_result(conn)?;
    if taken > 0 {
        return Err(DirectoryError::invalid(
            "slug",
            "Another listing already uses this web address. Choose a different one",
        ));
    }
    // `/groups/start` is the page for starting a member-led group.
    if snapshot.fields.kind == Kind::Group && snapshot.fields.slug == "start" {
        return Err(DirectoryError::invalid(
            "slug",
            "This web address is used by the site. Choose a different one",
        ));
    }
    Ok(())
}

/// Sends a change from an organiser (or editor). For an existing listing
/// (`listing` is `Some`), an editor's change or one for a trusted
/// organisation's listing goes live at once as a new version; anything
/// else becomes a pending proposal and the live listing is unchanged. A
/// second change by the same author while one is pending replaces it.
///
/// For a new listing (`listing` is `None`) the proposed fields name its
/// organisation, which the author must organise; a new organisation makes
/// the author its organiser. Unless trusted, the listing is stored with
/// `Status::Pending` (never shown) together with a proposal.
///
/// `NotFound` when the author may not manage the listing or organisation.
pub fn submit(
    conn: &mut AnyConnection,
    listing: Option<i32>,
    proposed: &Snapshot,
    author: i32,
    now: NaiveDateTime,
) -> Result<Submitted, DirectoryError> {
    submit_with_note(conn, listing, proposed, author, "Published", now)
}

/// [`submit`], with the note a version published at once carries.
pub(crate) fn submit_with_note(
    conn: &mut AnyConnection,
    listing: Option<i32>,
    proposed: &Snapshot,
    author: i32,
    note: &str,
    now: NaiveDateTime,
) -> Result<Submitted, DirectoryError> {
    let proposed = Snapshot::new(proposed.fields.clone(), proposed.tags.clone());
    let editor = is_editor(conn, author)?;
    match listing {
        Some(id) => {
            let live = managed_listing(conn, author, id)?;
            if proposed.fields.organisation_id != live.organisation_id {
                if let Some(org) = proposed.fields.organisation_id {
                    may_use_organisation(conn, author, editor, org)?;
                }
            }
            check(conn, &proposed, Some(&live))?;
            if editor || is_trusted(conn, &live)? {
                let (listing, version) = publish(conn, &live, &proposed, author, note, now)?;
                return Ok(Submitted::Published {
                    listing: Box::new(listing),
                    version,
                });
            }
            let pending: Option<i32> = proposals::table
                .filter(proposals::listing_id.eq(id))
                .filter(proposals::author_id.eq(author))
                .filter(proposals::status.eq(ProposalStatus::Pending))
                .select(proposals::id)
                .first(conn)
                .optional()?;
            let json = proposed.to_json()?;
            let proposal = match pending {
                Some(p) => {
                    diesel::update(proposals::table.find(p))
                        .set((proposals::proposed_snapshot.eq(json), proposals::updated_at.eq(now)))
                        .execute(conn)?;
                    p
                }
                None => {
                    let base = Snapshot::of_listing(conn, &live)?.to_json()?;
                    insert_proposal(conn, id, author, Some(base), json, now)?
                }
            };
            Ok(Submitted::Proposed {
                listing_id: id,
                proposal,
            })
        }
        None => {
            let new_organisation = proposed.fields.kind == Kind::Organisation;
            let trusted = if new_organisation {
                false
            } else {
                match proposed.fields.organisation_id {
                    Some(org) => {
                        may_use_organisation(conn, author, editor, org)?;
                        let org = listing::get(conn, org)?;
                        is_trusted(conn, &org)?
                    }
                    None if editor => false,
                    None => {
                        return Err(DirectoryError::invalid(
                            "organisation_id",
                            "Choose the organisation that runs this",
                        ))
                    }
                }
            };
            check(conn, &proposed, None)?;
            let direct = editor || trusted;
            let status = if direct { Status::Published } else { Status::Pending };
            let created = listing::insert(conn, &proposed.fields.to_new(status, now), &proposed.tags)?;
            if new_organisation {
                organisers::insert_organiser(conn, created.id, author, now)?;
            }
            if direct {
                let version = versions::record(conn, created.id, Some(author), &proposed, None, note, now)?;
                Ok(Submitted::Published {
                    listing: Box::new(created),
                    version,
                })
            } else {
                let proposal = insert_proposal(conn, created.id, author, None, proposed.to_json()?, now)?;
                Ok(Submitted::Proposed {
                    listing_id: created.id,
                    proposal,
                })
            }
        }
    }
}

/// An author may attach a listing only to an organisation they organise.
fn may_use_organisation(
    conn: &mut AnyConnection,
    author: i32,
    editor: bool,
    organisation: i32,
) -> Result<(), DirectoryError> {
    let not_found = || DirectoryError::NotFound { what: "organisation" };
    let org = listing::get(conn, organisation).map_err(|_| not_found())?;
    if org.kind != Kind::Organisation {
        return Err(not_found());
    }
    if editor || organisers::organises(conn, author, &org)? {
        Ok(())
    } else {
        Err(not_found())
    }
}

fn insert_proposal(
    conn: &mut AnyConnection,
    listing_id: i32,
    author: i32,
    base: Option<String>,
    proposed: String,
    now: NaiveDateTime,
) -> Result<i32, DirectoryError> {
    let row: ProposalRow = diesel::insert_into(proposals::table)
        .values((
            proposals::listing_id.eq(listing_id),
            proposals::author_id.eq(author),
            proposals::base_snapshot.eq(base),
            proposals::proposed_snapshot.eq(proposed),
            proposals::status.eq(ProposalStatus::Pending),
            proposals::created_at.eq(now),
            proposals::updated_at.eq(now),
            proposals::reason.eq(""),
        ))
        .get_result(conn)?;
    Ok(row.id)
}

/// Writes `snapshot` to the live listing and keeps it as a new version.
/// Publishing counts as confirming the listing is correct. A public listing
/// that has no history yet (loaded before versions were kept) first gets
/// its current state kept, so nothing that was ever public is lost.
fn publish(
    conn: &mut AnyConnection,
    live: &Listing,
    snapshot: &Snapshot,
    author: i32,
    note: &str,
    now: NaiveDateTime,
) -> Result<(Listing, i32), DirectoryError> {
    let before = Snapshot::of_listing(conn, live)?;
    // A listing waiting for its first approval was never public: its first
    // published state is "new", with nothing before it.
    let was_public = matches!(live.status, Status::Published | Status::Archived);
    if was_public && versions::latest_number(conn, live.id)?.is_none() {
        versions::record(
            conn,
            live.id,
            None,
            &before,
            None,
            "Before version history began",
            live.updated_at,
        )?;
    }
    listing::update(conn, live.id, &snapshot.fields, &snapshot.tags, now)?;
    let updated: Listing = diesel::update(listings::table.find(live.id))
        .set(listings::last_checked_at.eq(now))
        .get_result(conn)?;
    let previous = was_public.then_some(&before);
    let version = versions::record(conn, live.id, Some(author), snapshot, previous, note, now)?;
    Ok((updated, version))
}

/// Applies a pending proposal as a new version and tells its author. Only
/// the fields the author changed are taken from the proposal: anything
/// changed on the live listing meanwhile is kept. A new listing is
/// published.
pub fn approve(
    conn: &mut AnyConnection,
    site: &mail::Site,
    proposal_id: i32,
    editor: i32,
    now: NaiveDateTime,
) -> Result<Listing, DirectoryError> {
    require_editor(conn, editor)?;
    let p = pending_proposal(conn, proposal_id)?;
    let live = listing::get(conn, p.listing_id)?;
    let proposed = Snapshot::from_json(&p.proposed_snapshot)?;
    let merged = match &p.base_snapshot {
        Some(base) => {
            let base = Snapshot::from_json(base)?;
            let current = Snapshot::of_listing(conn, &live)?;
            diff::merge(&base, &proposed, &current)?
        }
        None => proposed,
    };
    check(conn, &merged, Some(&live))?;
    let (mut published, _) = publish(conn, &live, &merged, p.author_id, "Approved by an editor", now)?;
    if live.status == Status::Pending {
        listing::set_status(conn, live.id, Status::Published, now)?;
        published.status = Status::Published;
    }
    decide(conn, proposal_id, ProposalStatus::Approved, editor, "", now)?;
    let Some((email, name)) = person_email(conn, p.author_id)? else {
        return Ok(published);
    };
    let url = listing_url(site, &published);
    let message = if live.status != Status::Pending {
        mail::Message::new(&format!("{} is updated", published.name))
            .greeting(&name)
            .paragraph(&format!(
                "An editor has checked your changes to {} and they are now on the site.",
                published.name
            ))
            .paragraph("Thank you for keeping your listing up to date.")
            .action("See the listing", &url)
    } else if is_member_led(conn, live.id)? {
        mail::Message::new(&format!("Your group {} is on {}", published.name, site.name))
            .greeting(&name)
            .paragraph(&format!(
                "An editor has checked the group you started, {}, and it is now on {}. People can find it in search and join it.",
                published.name, site.name
            ))
            .paragraph("You are its organiser: you approve people who ask to join, post its events and look after its discussions. You can make other members co-organisers to share the work.")
            .action("See your group", &url)
    } else {
        mail::Message::new(&format!("{} is on {}", published.name, site.name))
            .greeting(&name)
            .paragraph(&format!(
                "An editor has checked your new listing, {}, and it is now on the site for everyone to find.",
                published.name
            ))
            .paragraph("Please keep it up to date: we will ask you now and then whether it is still right.")
            .action("See the listing", &url)
    };
    send(conn, site, &message, email, &name, now)?;
    Ok(published)
}

/// Refuses a pending proposal and emails its author the reason. The live
/// listing is unchanged; a new listing stays unpublished so its author can
/// change it and send it again.
pub fn reject(
    conn: &mut AnyConnection,
    site: &mail::Site,
    proposal_id: i32,
    editor: i32,
    reason: &str,
    now: NaiveDateTime,
) -> Result<(), DirectoryError> {
    require_editor(conn, editor)?;
    let reason = required_reason(reason)?;
    let p = pending_proposal(conn, proposal_id)?;
    let live = listing::get(conn, p.listing_id)?;
    let proposed = Snapshot::from_json(&p.proposed_snapshot)?;
    decide(conn, proposal_id, ProposalStatus::Rejected, editor, &reason, now)?;
    let Some((email, name)) = person_email(conn, p.author_id)? else {
        return Ok(());
    };
    let what = if live.status == Status::Pending {
        format!("your new listing {}", proposed.fields.name)
    } else {
        format!("your changes to {}", live.name)
    };
    let message = mail::Message::new(&format!("Changes to {} were not published", proposed.fields.name))
        .greeting(&name)
        .paragraph(&format!(
            "An editor has looked at {what} and has not published them. They said:"
        ))
        .paragraph(&reason)
        .paragraph("You can change it and send it again. Reply to this email if you have a question.");
    send(conn, site, &message, email, &name, now)
}

/// Takes a listing off the site (status archived) and emails its
/// organisers, or its contact address when it has none, the reason.
pub fn unpublish(
    conn: &mut AnyConnection,
    site: &mail::Site,
    listing_id: i32,
    editor: i32,
    reason: &str,
    now: NaiveDateTime,
) -> Result<(), DirectoryError> {
    require_editor(conn, editor)?;
    let reason = required_reason(reason)?;
    let live = listing::get(conn, listing_id)?;
    listing::set_status(conn, listing_id, Status::Archived, now)?;
    for (email, name) in recipients(conn, &live)? {
        let message = mail::Message::new(&format!("{} has been taken off the site", live.name))
            .greeting(&name)
            .paragraph(&format!("An editor has taken {} off the site. They said:", live.name))
            .paragraph(&reason)
            .paragraph("If you think this is a mistake, or you have fixed the problem, reply to this email.");
        send(conn, site, &message, email, &name, now)?;
    }
    Ok(())
}

/// One row of `proposals`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = proposals)]
pub(crate) struct ProposalRow {
    pub id: i32,
    pub listing_id: i32,
    pub author_id: i32,
    /// The live state when the author started; `None` for a new listing.
    pub base_snapshot: Option<String>,
    pub proposed_snapshot: String,
    pub status: ProposalStatus,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub decided_at: Option<NaiveDateTime>,
    pub decided_by: Option<i32>,
    pub reason: String,
}

fn pending_proposal(conn: &mut AnyConnection, id: i32) -> Result<ProposalRow, DirectoryError> {
    proposals::table
        .find(id)
        .filter(proposals::status.eq(ProposalStatus::Pending))
        .select(ProposalRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(DirectoryError::NotFound { what: "proposal" })
}

fn decide(
    conn: &mut AnyConnection,
    id: i32,
    status: ProposalStatus,
    by: i32,
    reason: &str,
    now: NaiveDateTime,
) -> Result<(), DirectoryError> {
    diesel::update(proposals::table.find(id))
        .set((
            proposals::status.eq(status),
            proposals::decided_at.eq(Some(now)),
            proposals::decided_by.eq(Some(by)),
            proposals::reason.eq(reason),
            proposals::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Editors must say why: the person on the other end reads it.
pub(crate) fn required_reason(reason: &str) -> Result<String, DirectoryError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(DirectoryError::invalid(
            "reason",
            "Enter the reason, so they know what to change",
        ));
    }
    if reason.chars().count() > 2000 {
        return Err(DirectoryError::invalid(
            "reason",
            "The reason must be 2,000 characters or fewer",
        ));
    }
    Ok(reason.to_owned())
}

/// A person's address and name, for emailing them; `None` for a deleted
/// account, which must not be written to.
pub(crate) fn person_email(
    conn: &mut AnyConnection,
    person: i32,
) -> Result<Option<(mail::EmailAddress, String)>, DirectoryError> {
    let found: Option<(String, String)> = people::table
        .find(person)
        .filter(people::deleted_at.is_null())
        .select((people::email, people::display_name))
        .first(conn)
        .optional()?;
    match found {
        Some((email, name)) => Ok(Some((mail::EmailAddress::parse(&email)?, name))),
        None => Ok(None),
    }
}

/// Who hears about a listing: the organisers of it and of its
/// organisation (accounts not deleted), or, when it has none, its contact
/// address. Addresses that cannot be emailed are skipped (and logged).
pub(crate) fn recipients(
    conn: &mut AnyConnection,
    listing: &Listing,
) -> Result<Vec<(mail::EmailAddress, String)>, DirectoryError> {
    let mut ids = vec![listing.id];
    ids.extend(organisation_of(listing));
    let rows: Vec<(String, String)> = organisers_table::table
        .inner_join(people::table)
        .filter(organisers_table::listing_id.eq_any(ids))
        .filter(people::deleted_at.is_null())
        .select((people::email, people::display_name))
        .distinct()
        .order(people::email)
        .load(conn)?;
    let mut out = Vec::new();
    if rows.is_empty() {
        if !listing.contact_email.trim().is_empty() {
            match mail::EmailAddress::parse(&listing.contact_email) {
                Ok(a) => out.push((a, listing.contact_name.clone())),
                Err(e) => tracing::warn!(listing = listing.id, "contact address cannot be emailed: {e}"),
            }
        }
        return Ok(out);
    }
    for (email, name) in rows {
        match mail::EmailAddress::parse(&email) {
            Ok(a) => out.push((a, name)),
            Err(e) => tracing::warn!(listing = listing.id, "organiser address cannot be emailed: {e}"),
        }
    }
    Ok(out)
}

/// Renders and queues one email on the caller's connection.
pub(crate) fn send(
    conn: &mut AnyConnection,
    site: &mail::Site,
    message: &mail::Message,
    to: mail::EmailAddress,
    name: &str,
    now: NaiveDateTime,
) -> Result<(), DirectoryError> {
    let email = message.render(site, to, name)?;
    mail::enqueue(conn, &email, now)?;
    Ok(())
}

/// An absolute address on the site, e.g. `https://kith.example.org/groups/x`.
pub(crate) fn site_url(site: &mail::Site, path: &str) -> String {
    format!("{}/{}", site.url.trim_end_matches('/'), path.trim_start_matches('/'))
}

pub(crate) fn listing_url(site: &mail::Site, listing: &Listing) -> String {
    site_url(site, &format!("{}/{}", listing.kind.path_segment(), listing.slug))
}
