//! Going to a public event without an account: a name and an email
//! address, confirmed through an emailed link.
//!
//! A request holds nothing: the place (or the spot on the waiting list) is
//! taken only when the link is followed, by the same code and under the
//! same lock as a member's "I'm going" ([`crate::events`]), so guests and
//! members queue together first come, first served. Links carry a random
//! token; only its SHA-256 is kept. The confirmation link works once and
//! for [`LINK_LIFETIME`]; the cancel link ("I can't go now") in the emails
//! a guest gets works once, for as long as their answer stands. Nothing
//! here looks at accounts, so the answers never tell whether an address
//! belongs to one.

use accounts::throttle::{self, Limit};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use directory::Listing;
use sha2::{Digest, Sha256};
use store::schema::{event_guests, event_rsvps};
use store::AnyConnection;

use crate::events::{self, Answer};
use crate::notify::{london_time, site_url};
use crate::CommunityError;

/// How long a confirmation link works.
pub const LINK_LIFETIME: Duration = Duration::hours(48);

/// How long after their session guests' names and email addresses are
/// kept: long enough for an organiser to follow up (a lost umbrella, a
/// thank-you), no longer, since a guest has no account to delete.
pub const KEPT_AFTER_SESSION: Duration = Duration::days(30);

/// The longest name a guest can give.
pub const NAME_MAX: usize = 80;

/// Requests for one email address.
pub const REQUESTS_EMAIL: Limit = Limit {
    attempts: 3,
    window: Duration::hours(1),
    lockout: Duration::minutes(10),
};
/// Requests from one network address.
pub const REQUESTS_ADDRESS: Limit = Limit {
    attempts: 10,
    window: Duration::hours(1),
    lockout: Duration::minutes(10),
};

fn digest(raw: &str) -> String {
    Sha256::digest(raw.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn bad_link() -> CommunityError {
    CommunityError::invalid("link", "This link has expired or has already been used")
}

fn well_formed(raw: &str) -> bool {
    raw.len() == 64 && raw.bytes().all(|b| b.is_ascii_hexdigit())
}

/// What a guest typed, checked: the name trimmed, the address lowercased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guest {
    pub name: String,
    pub email: String,
}

/// Checks the guest form's fields, every problem with its field.
pub fn check(name: &str, email: &str) -> Result<Guest, Vec<CommunityError>> {
    let mut errors = Vec::new();
    let name = name.trim();
    if name.is_empty() {
        errors.push(CommunityError::invalid("name", "Enter your name"));
    } else if name.chars().count() > NAME_MAX || name.chars().any(char::is_control) {
        errors.push(CommunityError::invalid(
            "name",
            format!("Enter a name of up to {NAME_MAX} letters, on one line"),
        ));
    }
    let email = match accounts::person::normalise_email(email) {
        Ok(e) => e,
        Err(e) => {
            errors.push(CommunityError::invalid("email", e.to_string()));
            String::new()
        }
    };
    if errors.is_empty() {
        Ok(Guest {
            name: name.to_owned(),
            email,
        })
    } else {
        Err(errors)
    }
}

/// Queues an email to a guest's own address.
fn tell_guest(
    conn: &mut AnyConnection,
    site: &mail::Site,
    name: &str,
    email: &str,
    message: mail::Message,
    now: NaiveDateTime,
) -> Result<(), CommunityError> {
    let to = mail::EmailAddress::parse(email)?;
    let email = message.greeting(name).render(site, to, name)?;
    mail::enqueue(conn, &email, now)?;
    Ok(())
}

/// A guest asks to go to the session of the public event `l` that usually
/// starts at `at`: counts the request against the address's and the
/// email's limits, then emails a confirmation link. Holds no place.
#[allow(clippy::too_many_arguments)]
pub fn request(
    conn: &mut AnyConnection,
    site: &mail::Site,
    l: &Listing,
    at: NaiveDateTime,
    guest: &Guest,
    address: &str,
    now: NaiveDateTime,
) -> Result<(), CommunityError> {
    throttle::hit(conn, &format!("guest-rsvp:address:{address}"), REQUESTS_ADDRESS, now)?;
    throttle::hit(conn, &format!("guest-rsvp:email:{}", guest.email), REQUESTS_EMAIL, now)?;
    let session = events::session_to_answer(conn, l.id, at, now)?;
    // Requests nobody confirmed are forgotten once their links expire.
    diesel::delete(
        event_guests::table
            .filter(event_guests::confirmed_at.is_null())
            .filter(event_guests::expires_at.le(now)),
    )
    .execute(conn)?;
    let confirm = accounts::token::random_hex(32)?;
    let cancel = accounts::token::random_hex(32)?;
    diesel::insert_into(event_guests::table)
        .values((
            event_guests::event_id.eq(l.id),
            event_guests::occurrence_at.eq(at),
            event_guests::name.eq(&guest.name),
            event_guests::email.eq(&guest.email),
            event_guests::confirm_hash.eq(digest(&confirm)),
            event_guests::cancel_hash.eq(digest(&cancel)),
            event_guests::expires_at.eq(now + LINK_LIFETIME),
            event_guests::created_at.eq(now),
        ))
        .execute(conn)?;
    let message = mail::Message::new(&format!("Please confirm: {}", l.name))
        .paragraph(&format!(
            "You asked to go to {} on {}. Nothing is held for you until you confirm with the button below, within {} hours.",
            l.name,
            london_time(session),
            LINK_LIFETIME.num_hours()
        ))
        .action("Confirm I'm going", &site_url(site, &format!("/events/guest/confirm/{confirm}")))
        .paragraph("If you did not ask for this, you can ignore this email.");
    tell_guest(conn, site, &guest.name, &guest.email, message, now)
}

/// The event and session a live link is for, without using it: for the
/// page with the button that does.
pub fn peek_confirm(
    conn: &mut AnyConnection,
    raw: &str,
    now: NaiveDateTime,
) -> Result<(Listing, NaiveDateTime), CommunityError> {
    let (_, event, at) = pending(conn, raw, now)?;
    Ok((directory::listing::get(conn, event)?, at))
}

fn pending(
    conn: &mut AnyConnection,
    raw: &str,
    now: NaiveDateTime,
) -> Result<(i32, i32, NaiveDateTime), CommunityError> {
    if !well_formed(raw) {
        return Err(bad_link());
    }
    event_guests::table
        .filter(event_guests::confirm_hash.eq(digest(raw)))
        .filter(event_guests::confirmed_at.is_null())
        .filter(event_guests::expires_at.gt(now))
        .select((event_guests::id, event_guests::event_id, event_guests::occurrence_at))
        .first(conn)
        .optional()?
        .ok_or_else(bad_link)
}

/// The confirmation link is followed: the guest takes a place, or joins
/// the end of the waiting list, exactly as a member saying "I'm going",
/// and is emailed their answer with a link to cancel. The same address
/// confirming twice for one session keeps its first answer.
pub fn confirm(
    conn: &mut AnyConnection,
    site: &mail::Site,
    raw: &str,
    now: NaiveDateTime,
) -> Result<(Listing, Answer), CommunityError> {
    let (id, event, at) = pending(conn, raw, now)?;
    let capacity = events::lock(conn, event, now)?;
    // Under the lock: one of two racing confirmations wins.
    let used = diesel::update(
        event_guests::table
            .find(id)
            .filter(event_guests::confirmed_at.is_null()),
    )
    .set(event_guests::confirmed_at.eq(Some(now)))
    .execute(conn)?;
    if used == 0 {
        return Err(bad_link());
    }
    let l = events::public_event(conn, event)?;
    let session = events::bookable(conn, &l, at, now)?;
    let (name, email): (String, String) = event_guests::table
        .find(id)
        .select((event_guests::name, event_guests::email))
        .first(conn)?;
    let earlier: Option<i32> = event_rsvps::table
        .inner_join(event_guests::table)
        .filter(event_rsvps::event_id.eq(event))
        .filter(event_rsvps::occurrence_at.eq(at))
        .filter(event_guests::email.eq(&email))
        .select(event_guests::id)
        .first(conn)
        .optional()?;
    let holder = match earlier {
        Some(earlier) => {
            diesel::delete(event_guests::table.find(id)).execute(conn)?;
            earlier
        }
        None => {
            let status = events::status_for_newcomer(conn, event, at, capacity)?;
            diesel::insert_into(event_rsvps::table)
                .values((
                    event_rsvps::event_id.eq(event),
                    event_rsvps::occurrence_at.eq(at),
                    event_rsvps::guest_id.eq(Some(id)),
                    event_rsvps::status.eq(status),
                    event_rsvps::created_at.eq(now),
                    event_rsvps::updated_at.eq(now),
                ))
                .execute(conn)?;
            id
        }
    };
    let answer = events::guest_answer(conn, holder)?.ok_or(CommunityError::NotFound { what: "answer" })?;
    let cancel = new_cancel_link(conn, site, holder)?;
    let when = london_time(session.starts_at);
    let message = match answer {
        Answer::Going => mail::Message::new(&format!("You're going: {}", l.name))
            .paragraph(&format!("You have a place at {} on {when}.", l.name)),
        Answer::Waiting { position } => mail::Message::new(&format!("You're on the waiting list: {}", l.name))
            .paragraph(&format!(
                "{} on {when} is full, so you are number {position} on the waiting list. If a place comes up it is yours, and we will email you.",
                l.name
            )),
    }
    .action("See the event", &site_url(site, &format!("/events/{}", l.slug)))
    .paragraph("If you can no longer go, please say so, so the next person can have your place:")
    .action("I can't go now", &cancel);
    tell_guest(conn, site, &name, &email, message, now)?;
    Ok((l, answer))
}

/// Gives a guest's answer a fresh cancel link, and returns its address.
fn new_cancel_link(conn: &mut AnyConnection, site: &mail::Site, guest: i32) -> Result<String, CommunityError> {
    let raw = accounts::token::random_hex(32)?;
    diesel::update(event_guests::table.find(guest))
        .set(event_guests::cancel_hash.eq(digest(&raw)))
        .execute(conn)?;
    Ok(site_url(site, &format!("/events/guest/cancel/{raw}")))
}

/// The email a guest gets when a place comes up for them, in the
/// promoting transaction.
pub(crate) fn tell_promoted(
    conn: &mut AnyConnection,
    site: &mail::Site,
    guest: i32,
    l: &Listing,
    when: &str,
    now: NaiveDateTime,
) -> Result<(), CommunityError> {
    let (name, email): (String, String) = event_guests::table
        .find(guest)
        .select((event_guests::name, event_guests::email))
        .first(conn)?;
    let cancel = new_cancel_link(conn, site, guest)?;
    let message = mail::Message::new(&format!("A place has come up: {}", l.name))
        .paragraph(&format!(
            "You were on the waiting list for {} on {when}, and a place has come up. It is yours: you do not need to do anything.",
            l.name
        ))
        .action("See the event", &site_url(site, &format!("/events/{}", l.slug)))
        .paragraph("If you can no longer go, please say so, so the next person can have your place:")
        .action("I can't go now", &cancel);
    tell_guest(conn, site, &name, &email, message, now)
}

/// The event a live cancel link is for, without using it.
pub fn peek_cancel(conn: &mut AnyConnection, raw: &str) -> Result<Listing, CommunityError> {
    let (_, event) = confirmed(conn, raw)?;
    Ok(directory::listing::get(conn, event)?)
}

fn confirmed(conn: &mut AnyConnection, raw: &str) -> Result<(i32, i32), CommunityError> {
    if !well_formed(raw) {
        return Err(bad_link());
    }
    event_guests::table
        .filter(event_guests::cancel_hash.eq(digest(raw)))
        .filter(event_guests::confirmed_at.is_not_null())
        .select((event_guests::id, event_guests::event_id))
        .first(conn)
        .optional()?
        .ok_or_else(bad_link)
}

/// "I can't go now" from a guest's cancel link: the answer and what was
/// kept about the guest go, and a place given up goes to the longest
/// waiting, as when a member drops out. Returns the members given a place.
pub fn cancel(
    conn: &mut AnyConnection,
    site: &mail::Site,
    raw: &str,
    now: NaiveDateTime,
) -> Result<(Listing, Vec<i32>), CommunityError> {
    let (id, event) = confirmed(conn, raw)?;
    let capacity = events::lock(conn, event, now)?;
    let promoted = events::drop_guest(conn, site, id, event, capacity, now)?;
    let removed = diesel::delete(event_guests::table.find(id)).execute(conn)?;
    if removed == 0 {
        return Err(bad_link());
    }
    Ok((directory::listing::get(conn, event)?, promoted))
}

/// Forgets the guests (name, email, and so their answer) of sessions that
/// began more than [`KEPT_AFTER_SESSION`] before `now`, or with `dry_run`
/// only counts them. Run by `kith retention`.
pub fn forget_past(conn: &mut AnyConnection, now: NaiveDateTime, dry_run: bool) -> Result<usize, CommunityError> {
    let before = now - KEPT_AFTER_SESSION;
    let past = event_guests::table.filter(event_guests::occurrence_at.lt(before));
    if dry_run {
        let n: i64 = past.count().get_result(conn)?;
        return Ok(usize::try_from(n).unwrap_or_default());
    }
    let ids: Vec<i32> = past.select(event_guests::id).load(conn)?;
    // Their answers first: the foreign key's cascade is not relied on.
    diesel::delete(event_rsvps::table.filter(event_rsvps::guest_id.eq_any(&ids))).execute(conn)?;
    Ok(diesel::delete(event_guests::table.filter(event_guests::id.eq_any(&ids))).execute(conn)?)
}
