//! Emails about one session of an event, each with the session's calendar
//! file: a reminder the day before to everyone going, and the organisers
//! telling everyone going a message, that the date is cancelled, or that it
//! has a new time.
//!
//! Every email is queued in the caller's transaction, with the change it
//! tells about: if one cannot be queued, the date is neither cancelled nor
//! moved. Reminders are recorded in `event_reminders`, whose key (event,
//! session, recipient) means a person is reminded of a session at most
//! once, however many servers run the job or how often it is restarted.
//!
//! A recipient is named by a key: `person:ID` for a member, `email:HASH`
//! for a guest, who has no account (the SHA-256 of their address, so the
//! address itself is not kept after the guest is forgotten 30 days after
//! their session); turning reminders off is kept against that key in
//! `reminder_opt_outs`.

use accounts::Actor;
use chrono::{Duration, NaiveDateTime, NaiveTime};
use diesel::prelude::*;
use diesel::sql_types::{Integer, Text, Timestamp};
use directory::publishing::NewTime;
use directory::{DirectoryError, Kind, Listing, Occurrence, Status};
use sha2::{Digest, Sha256};
use store::schema::{
    event_guests, event_reminders, event_rsvps, listings, occurrence_sequences, people, reminder_opt_outs,
};
use store::AnyConnection;

use crate::events::run_event;
use crate::ics::{self, CalendarEvent};
use crate::notify::{london_time, site_url};
use crate::CommunityError;

/// The longest subject an organiser's message can have.
pub const SUBJECT_MAX: usize = 100;
/// The longest organiser's message.
pub const MESSAGE_MAX: usize = 5000;
/// The longest reason for cancelling a date (as the directory keeps it).
pub const REASON_MAX: usize = 200;

const GOING: &str = "going";

/// How far back a session's usual start may be and still be found: a
/// session can be moved a long way from it.
const REACH: i64 = 366;

/// Someone going to, or waiting for, one session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    /// `person:ID` or `email:HASH` (see the module docs).
    pub key: String,
    pub name: String,
    pub email: String,
    pub going: bool,
}

/// Everyone with an answer for the session of `event` that usually starts
/// at `at`: members (not deleted) and confirmed guests, going first.
pub fn recipients(conn: &mut AnyConnection, event: i32, at: NaiveDateTime) -> Result<Vec<Recipient>, CommunityError> {
    let members: Vec<(i32, String, String, String)> = event_rsvps::table
        .inner_join(people::table)
        .filter(event_rsvps::event_id.eq(event))
        .filter(event_rsvps::occurrence_at.eq(at))
        .filter(people::deleted_at.is_null())
        .order(event_rsvps::id)
        .select((people::id, people::display_name, people::email, event_rsvps::status))
        .load(conn)?;
    let guests: Vec<(String, String, String)> = event_rsvps::table
        .inner_join(event_guests::table)
        .filter(event_rsvps::event_id.eq(event))
        .filter(event_rsvps::occurrence_at.eq(at))
        .filter(event_guests::confirmed_at.is_not_null())
        .order(event_rsvps::id)
        .select((event_guests::name, event_guests::email, event_rsvps::status))
        .load(conn)?;
    let mut out: Vec<Recipient> = members
        .into_iter()
        .map(|(id, name, email, status)| Recipient {
            key: format!("person:{id}"),
            name,
            email,
            going: status == GOING,
        })
        .chain(guests.into_iter().map(|(name, email, status)| Recipient {
            key: format!("email:{}", digest(&email)),
            name,
            email,
            going: status == GOING,
        }))
        .collect();
    out.sort_by_key(|r| !r.going);
    Ok(out)
}

/// How many times the session was changed or cancelled: its SEQUENCE.
pub fn sequence(conn: &mut AnyConnection, event: i32, at: NaiveDateTime) -> Result<i32, CommunityError> {
    Ok(occurrence_sequences::table
        .find((event, at))
        .select(occurrence_sequences::sequence)
        .first(conn)
        .optional()?
        .unwrap_or(0))
}

/// One more change to the session; returns its new SEQUENCE. One statement,
/// so two organisers changing it at once both count.
fn bump_sequence(conn: &mut AnyConnection, event: i32, at: NaiveDateTime) -> Result<i32, CommunityError> {
    diesel::sql_query(
        "INSERT INTO occurrence_sequences (listing_id, occurrence_at, sequence) VALUES ($1, $2, 1) \
         ON CONFLICT (listing_id, occurrence_at) DO UPDATE SET sequence = occurrence_sequences.sequence + 1",
    )
    .bind::<Integer, _>(event)
    .bind::<Timestamp, _>(at)
    .execute(conn)?;
    sequence(conn, event, at)
}

/// The session of `l` whose usual start is `at`, from a day ago on,
/// cancelled or not.
fn session(
    conn: &mut AnyConnection,
    l: &Listing,
    at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<Occurrence, CommunityError> {
    let not_one = || CommunityError::invalid("session", "That date is not one of this event's upcoming dates");
    let Some(start) = l.starts_at else {
        return Err(not_one());
    };
    let from = now - Duration::days(1);
    directory::listing::upcoming_occurrences(conn, l, start, from, from + Duration::days(REACH), 2000)?
        .into_iter()
        .find(|o| o.original() == at)
        .ok_or_else(not_one)
}

/// Where the event is, as one line: its place's address, else its own.
fn location(conn: &mut AnyConnection, l: &Listing) -> Result<String, CommunityError> {
    let (address, postcode) = match l.place_id {
        Some(place) => listings::table
            .find(place)
            .select((listings::address, listings::postcode))
            .first::<(String, Option<String>)>(conn)
            .optional()?
            .unwrap_or_else(|| (l.address.clone(), l.postcode.clone())),
        None => (l.address.clone(), l.postcode.clone()),
    };
    let parts: Vec<String> = address
        .lines()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .chain(postcode.filter(|p| !address.contains(p.as_str())))
        .collect();
    Ok(parts.join(", "))
}

/// The calendar entry for one session of `l`, as it stands.
pub fn calendar(
    conn: &mut AnyConnection,
    site: &mail::Site,
    l: &Listing,
    session: &Occurrence,
    now: NaiveDateTime,
) -> Result<CalendarEvent, CommunityError> {
    let original = session.original();
    let mut description = l.summary.trim().to_owned();
    if let Some(moved) = session.moved.as_ref().filter(|m| !m.note.trim().is_empty()) {
        description = format!("{}\n\n{description}", moved.note.trim());
    }
    if let Some(reason) = session.cancelled.as_ref().filter(|r| !r.trim().is_empty()) {
        description = format!("Cancelled: {}\n\n{description}", reason.trim());
    }
    Ok(CalendarEvent {
        uid: ics::uid(l.id, original, &ics::host_of(&site.url)),
        sequence: sequence(conn, l.id, original)?,
        stamp: now,
        starts_at: session.starts_at,
        ends_at: session.ends_at,
        summary: l.name.clone(),
        location: location(conn, l)?,
        url: site_url(site, &format!("/events/{}", l.slug)),
        description,
        cancelled: session.cancelled.is_some(),
    })
}

/// The file name of a session's calendar file.
pub fn filename(l: &Listing, at: NaiveDateTime) -> String {
    format!("{}-{}.ics", l.slug, at.format("%Y%m%d-%H%M"))
}

fn attachment(l: &Listing, entry: &CalendarEvent) -> Result<mail::Attachment, CommunityError> {
    Ok(mail::Attachment::new(
        &filename(l, entry.starts_at),
        &ics::content_type(entry),
        ics::render(entry),
    )?)
}

/// The calendar file of one upcoming session of the published event at
/// `/events/{slug}`: the event and the file's text.
pub fn session_file(
    conn: &mut AnyConnection,
    site: &mail::Site,
    slug: &str,
    at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<(Listing, CalendarEvent), CommunityError> {
    let l = crate::published(conn, Kind::Event, slug)?;
    let s = session(conn, &l, at, now).map_err(|_| CommunityError::NotFound { what: "date" })?;
    let entry = calendar(conn, site, &l, &s, now)?;
    Ok((l, entry))
}

/// Queues `message` to one recipient, greeted by name, with the calendar
/// file attached.
fn send(
    conn: &mut AnyConnection,
    site: &mail::Site,
    to: &Recipient,
    message: mail::Message,
    file: &mail::Attachment,
    now: NaiveDateTime,
) -> Result<(), CommunityError> {
    let address = mail::EmailAddress::parse(&to.email)?;
    let email = message
        .greeting(&to.name)
        .render(site, address, &to.name)?
        .with_attachment(file.clone());
    mail::enqueue(conn, &email, now)?;
    Ok(())
}

fn digest(raw: &str) -> String {
    Sha256::digest(raw.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

// ---- Reminders -----------------------------------------------------------

/// Whether the recipient with `key` turned reminders off.
fn opted_out(conn: &mut AnyConnection, key: &str) -> Result<bool, CommunityError> {
    let n: i64 = reminder_opt_outs::table
        .filter(reminder_opt_outs::recipient.eq(key))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

fn opt_out(conn: &mut AnyConnection, key: &str, now: NaiveDateTime) -> Result<(), CommunityError> {
    diesel::sql_query(
        "INSERT INTO reminder_opt_outs (recipient, created_at) VALUES ($1, $2) ON CONFLICT (recipient) DO NOTHING",
    )
    .bind::<Text, _>(key)
    .bind::<Timestamp, _>(now)
    .execute(conn)?;
    Ok(())
}

/// Whether member `person` gets day-before reminders (they do unless they
/// turned them off).
pub fn reminders_wanted(conn: &mut AnyConnection, person: i32) -> Result<bool, CommunityError> {
    Ok(!opted_out(conn, &format!("person:{person}"))?)
}

/// Turns a member's day-before reminders on or off, from their account.
pub fn set_reminders_wanted(
    conn: &mut AnyConnection,
    person: i32,
    wanted: bool,
    now: NaiveDateTime,
) -> Result<(), CommunityError> {
    let key = format!("person:{person}");
    if wanted {
        diesel::delete(reminder_opt_outs::table.filter(reminder_opt_outs::recipient.eq(&key))).execute(conn)?;
        Ok(())
    } else {
        opt_out(conn, &key, now)
    }
}

/// Before an account is deleted: its reminder setting and the record of
/// the reminders it was sent go too.
pub(crate) fn forget(conn: &mut AnyConnection, person: i32) -> Result<(), CommunityError> {
    let key = format!("person:{person}");
    diesel::delete(reminder_opt_outs::table.filter(reminder_opt_outs::recipient.eq(&key))).execute(conn)?;
    diesel::delete(event_reminders::table.filter(event_reminders::recipient.eq(&key))).execute(conn)?;
    Ok(())
}

/// How long the record of a reminder is kept after it was queued. A
/// reminder goes the day before its session, so a record this old is of a
/// session long over and can no longer stop a second reminder.
pub const REMINDER_RECORDS_DAYS: i64 = 30;

/// Deletes the records of reminders queued more than
/// [`REMINDER_RECORDS_DAYS`] ago (the hourly job calls it); returns how
/// many went.
pub fn prune_reminders(conn: &mut AnyConnection, now: NaiveDateTime) -> Result<usize, CommunityError> {
    Ok(diesel::delete(
        event_reminders::table.filter(event_reminders::created_at.lt(now - Duration::days(REMINDER_RECORDS_DAYS))),
    )
    .execute(conn)?)
}

/// The UTC span of the London day after the one `now` falls on.
pub fn tomorrow(now: NaiveDateTime) -> (NaiveDateTime, NaiveDateTime) {
    let today = directory::recurrence::london_time(now).date();
    let day = today.succ_opt().unwrap_or(today);
    let after = day.succ_opt().unwrap_or(day);
    (
        directory::recurrence::from_london_time(day.and_time(NaiveTime::MIN)),
        directory::recurrence::from_london_time(after.and_time(NaiveTime::MIN)),
    )
}

/// Queues a reminder, with the calendar file, to everyone going to a
/// session that starts tomorrow (London's date) and goes ahead, except
/// those who turned reminders off or were already reminded of it; at most
/// `limit` emails, so a caller can commit in batches and call again while
/// it gets `limit`. Returns how many were queued. Waiting lists get none:
/// whoever gets a place is emailed then.
pub fn send_reminders(
    conn: &mut AnyConnection,
    site: &mail::Site,
    now: NaiveDateTime,
    limit: usize,
) -> Result<usize, CommunityError> {
    let (from, to) = tomorrow(now);
    // Events with anyone going to a session that could be tomorrow: one
    // moved there keeps its answers under its usual start.
    let events: Vec<i32> = event_rsvps::table
        .inner_join(listings::table)
        .filter(event_rsvps::status.eq(GOING))
        .filter(event_rsvps::occurrence_at.ge(from - Duration::days(REACH)))
        .filter(event_rsvps::occurrence_at.lt(to + Duration::days(REACH)))
        .filter(listings::kind.eq(Kind::Event))
        .filter(listings::status.eq(Status::Published))
        .select(event_rsvps::event_id)
        .distinct()
        .order(event_rsvps::event_id)
        .load(conn)?;
    let mut queued = 0;
    for event in events {
        let l = directory::listing::get(conn, event)?;
        let Some(start) = l.starts_at else { continue };
        let sessions = directory::listing::upcoming_occurrences(conn, &l, start, from, to, 50)?;
        for s in sessions.iter().filter(|s| s.cancelled.is_none()) {
            let at = s.original();
            let file = attachment(&l, &calendar(conn, site, &l, s, now)?)?;
            for r in recipients(conn, event, at)?.into_iter().filter(|r| r.going) {
                if queued >= limit {
                    return Ok(queued);
                }
                // An address the mail crate refuses is skipped rather than
                // failing the batch: one bad address must not stop
                // everyone else's reminders every hour.
                if opted_out(conn, &r.key)? || mail::EmailAddress::parse(&r.email).is_err() {
                    continue;
                }
                let raw = accounts::token::random_hex(32)?;
                let first = diesel::sql_query(
                    "INSERT INTO event_reminders (event_id, occurrence_at, recipient, off_hash, created_at) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_id, occurrence_at, recipient) DO NOTHING",
                )
                .bind::<Integer, _>(event)
                .bind::<Timestamp, _>(at)
                .bind::<Text, _>(&r.key)
                .bind::<Text, _>(digest(&raw))
                .bind::<Timestamp, _>(now)
                .execute(conn)?;
                if first == 0 {
                    continue;
                }
                let place = location(conn, &l)?;
                let mut message = mail::Message::new(&format!("Tomorrow: {}", l.name)).paragraph(&format!(
                    "This is a reminder that you are going to {} on {}.",
                    l.name,
                    london_time(s.starts_at)
                ));
                if !place.is_empty() {
                    message = message.paragraph(&format!("Where: {place}"));
                }
                message = message
                    .paragraph("The calendar file attached adds it to your calendar. If you can no longer go, please say so on the event's page, so someone waiting can have your place.")
                    .action("See the event", &site_url(site, &format!("/events/{}", l.slug)))
                    .reason(&format!("You said you are going to {}.", l.name))
                    .unsubscribe_link(&site_url(site, &format!("/event-reminders/off/{raw}")));
                send(conn, site, &r, message, &file, now)?;
                queued += 1;
            }
        }
    }
    Ok(queued)
}

fn bad_link() -> CommunityError {
    CommunityError::invalid("link", "This link has expired or has already been used")
}

fn reminder_by_link(conn: &mut AnyConnection, raw: &str) -> Result<(i32, String), CommunityError> {
    if raw.len() != 64 || !raw.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad_link());
    }
    event_reminders::table
        .filter(event_reminders::off_hash.eq(digest(raw)))
        .filter(event_reminders::off_used_at.is_null())
        .select((event_reminders::event_id, event_reminders::recipient))
        .first(conn)
        .optional()?
        .ok_or_else(bad_link)
}

/// The event a reminder's "turn off" link came with, while the link
/// works, for the page with the button that uses it.
pub fn peek_off_link(conn: &mut AnyConnection, raw: &str) -> Result<Listing, CommunityError> {
    let (event, _) = reminder_by_link(conn, raw)?;
    Ok(directory::listing::get(conn, event)?)
}

/// Uses a reminder's "turn off" link: its recipient gets no more
/// reminders. The link works once.
pub fn use_off_link(conn: &mut AnyConnection, raw: &str, now: NaiveDateTime) -> Result<(), CommunityError> {
    let (_, key) = reminder_by_link(conn, raw)?;
    let used = diesel::update(
        event_reminders::table
            .filter(event_reminders::off_hash.eq(digest(raw)))
            .filter(event_reminders::off_used_at.is_null()),
    )
    .set(event_reminders::off_used_at.eq(Some(now)))
    .execute(conn)?;
    if used == 0 {
        return Err(bad_link());
    }
    opt_out(conn, &key, now)
}

// ---- Organisers telling attendees -----------------------------------------

/// A subject and message an organiser typed, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    pub subject: String,
    pub message: String,
}

/// Checks the message form, every problem with its field.
pub fn check_announcement(subject: &str, message: &str) -> Result<Announcement, Vec<CommunityError>> {
    let mut errors = Vec::new();
    let subject = subject.trim();
    let message = message.trim();
    if subject.is_empty() {
        errors.push(CommunityError::invalid("subject", "Enter a subject"));
    } else if subject.chars().count() > SUBJECT_MAX || subject.chars().any(char::is_control) {
        errors.push(CommunityError::invalid(
            "subject",
            format!("Enter a subject of up to {SUBJECT_MAX} characters, on one line"),
        ));
    }
    if message.is_empty() {
        errors.push(CommunityError::invalid("message", "Enter your message"));
    } else if message.chars().count() > MESSAGE_MAX {
        errors.push(CommunityError::invalid(
            "message",
            format!("Your message must be {MESSAGE_MAX} characters or fewer"),
        ));
    }
    if errors.is_empty() {
        Ok(Announcement {
            subject: subject.to_owned(),
            message: message.to_owned(),
        })
    } else {
        Err(errors)
    }
}

/// A session of an event `actor` runs, for the organisers' pages.
pub fn organised_session(
    conn: &mut AnyConnection,
    actor: &Actor,
    event: i32,
    at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<(Listing, Occurrence, Vec<Recipient>), CommunityError> {
    let l = run_event(conn, actor, event)?;
    let s = session(conn, &l, at, now).map_err(|_| CommunityError::NotFound { what: "date" })?;
    let people = recipients(conn, event, at)?;
    Ok((l, s, people))
}

/// An organiser's message to everyone going to one session, one email
/// each with the session's calendar file. Returns how many it went to.
pub fn message_going(
    conn: &mut AnyConnection,
    site: &mail::Site,
    actor: &Actor,
    event: i32,
    at: NaiveDateTime,
    announcement: &Announcement,
    now: NaiveDateTime,
) -> Result<usize, CommunityError> {
    let (l, s, people) = organised_session(conn, actor, event, at, now)?;
    let file = attachment(&l, &calendar(conn, site, &l, &s, now)?)?;
    let going: Vec<Recipient> = people.into_iter().filter(|r| r.going).collect();
    for r in &going {
        let message = mail::Message::new(&announcement.subject)
            .paragraph(&format!(
                "A message from the organisers of {} on {}:",
                l.name,
                london_time(s.starts_at)
            ))
            .paragraph(&announcement.message)
            .action("See the event", &site_url(site, &format!("/events/{}", l.slug)))
            .reason(&format!("You said you are going to {}.", l.name));
        send(conn, site, r, message, &file, now)?;
    }
    Ok(going.len())
}

/// Checks the reason for cancelling a date.
pub fn check_reason(reason: &str) -> Result<String, CommunityError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(CommunityError::invalid("reason", "Enter why the date is cancelled"));
    }
    if reason.chars().count() > REASON_MAX || reason.chars().any(char::is_control) {
        return Err(CommunityError::invalid(
            "reason",
            format!("Enter a reason of up to {REASON_MAX} characters, on one line"),
        ));
    }
    Ok(reason.to_owned())
}

/// A directory refusal as one for the form, the field named as the
/// community form names it.
fn refusal(e: DirectoryError) -> CommunityError {
    match e {
        DirectoryError::Invalid { field, message } => CommunityError::invalid(
            match field {
                "starts_at" | "occurrence" => "date",
                "ends_at" => "end_time",
                other => other,
            },
            message,
        ),
        other => other.into(),
    }
}

/// Cancels one upcoming session (in the directory's cancellations, so
/// every page shows it) and emails everyone going or waiting, each with a
/// calendar file that takes it out of their calendar. Returns how many
/// were told.
pub fn cancel_session(
    conn: &mut AnyConnection,
    site: &mail::Site,
    actor: &Actor,
    event: i32,
    at: NaiveDateTime,
    reason: &str,
    now: NaiveDateTime,
) -> Result<usize, CommunityError> {
    let (l, s, people) = organised_session(conn, actor, event, at, now)?;
    let reason = check_reason(reason)?;
    if s.cancelled.is_some() {
        return Err(CommunityError::invalid("reason", "That date is already cancelled"));
    }
    if s.starts_at <= now {
        return Err(CommunityError::invalid("reason", "That date has already started"));
    }
    directory::listing::cancel_occurrence(conn, event, at, &reason).map_err(refusal)?;
    tell_cancelled(conn, site, &l, at, now)?;
    Ok(people.len())
}

/// After a session of `l` was cancelled (here or on the organisers' dates
/// page), in the same transaction: emails everyone going or waiting, each
/// with a calendar file that takes it out of their calendar, with the
/// reason the organisers gave. Returns how many were told.
pub fn tell_cancelled(
    conn: &mut AnyConnection,
    site: &mail::Site,
    l: &Listing,
    at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<usize, CommunityError> {
    let people = recipients(conn, l.id, at)?;
    bump_sequence(conn, l.id, at)?;
    let s = session(conn, l, at, now)?;
    let reason = s.cancelled.clone().unwrap_or_default();
    let file = attachment(l, &calendar(conn, site, l, &s, now)?)?;
    for r in &people {
        let mut said = format!("{} on {} is cancelled.", l.name, london_time(s.starts_at));
        if !reason.trim().is_empty() {
            said = format!("{said} The organisers say: {}", reason.trim());
        }
        let message = mail::Message::new(&format!("Cancelled: {}", l.name))
            .paragraph(&said)
            .paragraph("The calendar file attached takes it out of your calendar. Other dates go ahead as usual.")
            .action("See the event", &site_url(site, &format!("/events/{}", l.slug)));
        send(conn, site, r, message, &file, now)?;
    }
    Ok(people.len())
}

/// When the session of `l` whose usual start is `at` starts now (a moved
/// one at its new time), to say what it moved from.
pub fn current_start(
    conn: &mut AnyConnection,
    l: &Listing,
    at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<NaiveDateTime, CommunityError> {
    Ok(session(conn, l, at, now)?.starts_at)
}

/// Holds one session at a new time (a move in the directory, so every page
/// shows it) and emails everyone going or waiting with the updated
/// calendar file. Returns how many were told.
pub fn change_session_time(
    conn: &mut AnyConnection,
    site: &mail::Site,
    actor: &Actor,
    event: i32,
    at: NaiveDateTime,
    to: &NewTime,
    now: NaiveDateTime,
) -> Result<usize, CommunityError> {
    let (l, before, people) = organised_session(conn, actor, event, at, now)?;
    directory::publishing::move_occurrence(conn, actor.person_id, event, at, to, now).map_err(refusal)?;
    tell_new_time(conn, site, &l, at, before.starts_at, now)?;
    Ok(people.len())
}

/// After the session of `l` whose usual start is `at` was given a new
/// time (here or on the organisers' dates page), in the same transaction:
/// emails everyone going or waiting with the updated calendar file, saying
/// it moved from `was`. Returns how many were told.
pub fn tell_new_time(
    conn: &mut AnyConnection,
    site: &mail::Site,
    l: &Listing,
    at: NaiveDateTime,
    was: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<usize, CommunityError> {
    let people = recipients(conn, l.id, at)?;
    bump_sequence(conn, l.id, at)?;
    let s = session(conn, l, at, now)?;
    let file = attachment(l, &calendar(conn, site, l, &s, now)?)?;
    for r in &people {
        let message = mail::Message::new(&format!("New time: {}", l.name))
            .paragraph(&format!(
                "{} on {} has moved to {}.",
                l.name,
                london_time(was),
                london_time(s.starts_at)
            ))
            .paragraph(if r.going {
                "Your place is kept. If you cannot make the new time, please say so on the event's page, so someone waiting can have your place."
            } else {
                "You are still on the waiting list."
            })
            .paragraph("The calendar file attached updates your calendar.")
            .action("See the event", &site_url(site, &format!("/events/{}", l.slug)));
        send(conn, site, r, message, &file, now)?;
    }
    Ok(people.len())
}
