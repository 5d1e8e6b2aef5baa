//! Going to events: "I'm going" and "I can't go now" for one session of an
//! event, places, and a first-come waiting list.
//!
//! Answers are per session, named by the session's usual start (as the
//! directory keeps cancellations), because most events here repeat: a
//! weekly coffee morning has a new set of places every week. The capacity
//! is the event's and applies to each session.
//!
//! Every change to who is going begins with [`lock`], which writes the
//! event's `community_events` row before anything is read: on PostgreSQL
//! that holds the row's lock until commit, on SQLite the first write takes
//! the database's write lock (waiting out `busy_timeout`), so two changes
//! to one event's places are never interleaved and the count read after
//! the lock is the count the change is made against. Whoever is promoted
//! from the waiting list is emailed in the same transaction: if the email
//! cannot be queued, nothing changes.

use std::collections::HashMap;

use accounts::{Action, Actor};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{Integer, Timestamp};
use directory::{Kind, Listing, Occurrence, Status};
use store::schema::{community_events, event_guests, event_rsvps, people};
use store::AnyConnection;

use crate::notify::{london_time, site_url, tell};
use crate::CommunityError;

/// The most places an event can have.
pub const CAPACITY_MAX: i32 = 100_000;

/// How far ahead people can answer, and organisers see sessions.
const AHEAD: i64 = 366;

const GOING: &str = "going";
const WAITING: &str = "waiting";

/// One person's answer for one session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Going,
    /// On the waiting list; `position` 1 is next to get a place.
    Waiting {
        position: i64,
    },
}

/// Writes the event's places row first thing in the transaction (see the
/// module docs), creating it when the event has none, and returns the
/// capacity; `NotFound` for an id that is not an event. Every statement
/// here works on both databases (diesel's `on_conflict` does not compile
/// on `AnyConnection`; `$n` placeholders work on both).
pub(crate) fn lock(conn: &mut AnyConnection, event: i32, now: NaiveDateTime) -> Result<Option<i32>, CommunityError> {
    diesel::sql_query(
        "INSERT INTO community_events (listing_id, capacity, updated_at) \
         SELECT $1, NULL, $2 WHERE EXISTS (SELECT 1 FROM listings WHERE id = $1 AND kind = 'event') \
         ON CONFLICT (listing_id) DO NOTHING",
    )
    .bind::<Integer, _>(event)
    .bind::<Timestamp, _>(now)
    .execute(conn)?;
    // The insert does not lock a row that was already there on PostgreSQL;
    // this update does, until commit.
    let locked = diesel::update(community_events::table.find(event))
        .set(community_events::updated_at.eq(now))
        .execute(conn)?;
    if locked == 0 {
        return Err(CommunityError::NotFound { what: "event" });
    }
    Ok(community_events::table
        .find(event)
        .select(community_events::capacity)
        .first(conn)?)
}

/// The event's capacity, without locking: `None` for no limit.
pub fn capacity(conn: &mut AnyConnection, event: i32) -> Result<Option<i32>, CommunityError> {
    Ok(community_events::table
        .find(event)
        .select(community_events::capacity)
        .first::<Option<i32>>(conn)
        .optional()?
        .flatten())
}

/// A published event, for the steps attendees take.
pub(crate) fn public_event(conn: &mut AnyConnection, event: i32) -> Result<Listing, CommunityError> {
    let l = directory::listing::get(conn, event)?;
    if l.kind != Kind::Event || l.status != Status::Published {
        return Err(CommunityError::NotFound { what: "event" });
    }
    Ok(l)
}

/// The event's sessions from `from` for [`AHEAD`] days, moves applied and
/// cancellations marked.
fn sessions_of(
    conn: &mut AnyConnection,
    l: &Listing,
    from: NaiveDateTime,
    limit: usize,
) -> Result<Vec<Occurrence>, CommunityError> {
    let Some(start) = l.starts_at else {
        return Ok(vec![]);
    };
    Ok(directory::listing::upcoming_occurrences(
        conn,
        l,
        start,
        from,
        from + Duration::days(AHEAD),
        limit,
    )?)
}

/// The upcoming session of `l` whose usual start is `at`, when it goes ahead.
pub(crate) fn bookable(
    conn: &mut AnyConnection,
    l: &Listing,
    at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<Occurrence, CommunityError> {
    sessions_of(conn, l, now, 2000)?
        .into_iter()
        .find(|o| o.original() == at && o.cancelled.is_none())
        .ok_or_else(|| CommunityError::invalid("session", "That date is not one of this event's upcoming dates"))
}

fn count(conn: &mut AnyConnection, event: i32, at: NaiveDateTime, status: &str) -> Result<i64, CommunityError> {
    Ok(event_rsvps::table
        .filter(event_rsvps::event_id.eq(event))
        .filter(event_rsvps::occurrence_at.eq(at))
        .filter(event_rsvps::status.eq(status))
        .count()
        .get_result(conn)?)
}

/// `person`'s answer for one session, with their place in the queue.
pub fn answer(
    conn: &mut AnyConnection,
    event: i32,
    at: NaiveDateTime,
    person: i32,
) -> Result<Option<Answer>, CommunityError> {
    let row: Option<(i32, String)> = event_rsvps::table
        .filter(event_rsvps::event_id.eq(event))
        .filter(event_rsvps::occurrence_at.eq(at))
        .filter(event_rsvps::person_id.eq(person))
        .select((event_rsvps::id, event_rsvps::status))
        .first(conn)
        .optional()?;
    let Some((id, status)) = row else { return Ok(None) };
    position(conn, event, at, id, &status).map(Some)
}

/// A confirmed guest's answer, with their place in the queue.
pub(crate) fn guest_answer(conn: &mut AnyConnection, guest: i32) -> Result<Option<Answer>, CommunityError> {
    let row: Option<(i32, i32, NaiveDateTime, String)> = event_rsvps::table
        .filter(event_rsvps::guest_id.eq(guest))
        .select((
            event_rsvps::id,
            event_rsvps::event_id,
            event_rsvps::occurrence_at,
            event_rsvps::status,
        ))
        .first(conn)
        .optional()?;
    let Some((id, event, at, status)) = row else {
        return Ok(None);
    };
    position(conn, event, at, id, &status).map(Some)
}

/// The answer of `event_rsvps` row `id`, members and guests queueing together.
fn position(
    conn: &mut AnyConnection,
    event: i32,
    at: NaiveDateTime,
    id: i32,
    status: &str,
) -> Result<Answer, CommunityError> {
    if status == GOING {
        return Ok(Answer::Going);
    }
    let position = event_rsvps::table
        .filter(event_rsvps::event_id.eq(event))
        .filter(event_rsvps::occurrence_at.eq(at))
        .filter(event_rsvps::status.eq(WAITING))
        .filter(event_rsvps::id.le(id))
        .count()
        .get_result(conn)?;
    Ok(Answer::Waiting { position })
}

/// Where someone answering now goes, under the lock: a place if one is
/// left, otherwise the end of the waiting list.
pub(crate) fn status_for_newcomer(
    conn: &mut AnyConnection,
    event: i32,
    at: NaiveDateTime,
    capacity: Option<i32>,
) -> Result<&'static str, CommunityError> {
    let going = count(conn, event, at, GOING)?;
    Ok(if capacity.is_none_or(|c| going < i64::from(c)) {
        GOING
    } else {
        WAITING
    })
}

/// When the session of a published event that usually starts at `at`
/// starts, if people can answer for it.
pub(crate) fn session_to_answer(
    conn: &mut AnyConnection,
    event: i32,
    at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<NaiveDateTime, CommunityError> {
    let l = public_event(conn, event)?;
    Ok(bookable(conn, &l, at, now)?.starts_at)
}

/// A guest's answer goes, under the lock the caller took; a place given
/// up goes to the longest waiting. Returns the members given a place.
pub(crate) fn drop_guest(
    conn: &mut AnyConnection,
    site: &mail::Site,
    guest: i32,
    event: i32,
    capacity: Option<i32>,
    now: NaiveDateTime,
) -> Result<Vec<i32>, CommunityError> {
    let at: Option<NaiveDateTime> = event_rsvps::table
        .filter(event_rsvps::guest_id.eq(guest))
        .select(event_rsvps::occurrence_at)
        .first(conn)
        .optional()?;
    let Some(at) = at else { return Ok(vec![]) };
    diesel::delete(event_rsvps::table.filter(event_rsvps::guest_id.eq(guest))).execute(conn)?;
    let l = directory::listing::get(conn, event)?;
    promote(conn, site, &l, at, capacity, now)
}

/// "I'm going" to the session of `event` that usually starts at `at`: a
/// place if one is left, otherwise the end of the waiting list. Saying it
/// again changes nothing.
pub fn going(
    conn: &mut AnyConnection,
    person: i32,
    event: i32,
    at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<Answer, CommunityError> {
    let capacity = lock(conn, event, now)?;
    let l = public_event(conn, event)?;
    bookable(conn, &l, at, now)?;
    crate::safety::check_not_suspended(conn, person, "session", now)?;
    if let Some(existing) = answer(conn, event, at, person)? {
        return Ok(existing);
    }
    let status = status_for_newcomer(conn, event, at, capacity)?;
    diesel::insert_into(event_rsvps::table)
        .values((
            event_rsvps::event_id.eq(event),
            event_rsvps::occurrence_at.eq(at),
            event_rsvps::person_id.eq(Some(person)),
            event_rsvps::status.eq(status),
            event_rsvps::created_at.eq(now),
            event_rsvps::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(answer(conn, event, at, person)?.unwrap_or(Answer::Going))
}

/// "I can't go now": gives up a place or leaves the waiting list. A place
/// given up goes to the longest-waiting person, who is emailed. Returns who
/// was given a place.
pub fn not_going(
    conn: &mut AnyConnection,
    site: &mail::Site,
    person: i32,
    event: i32,
    at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<Vec<i32>, CommunityError> {
    let capacity = lock(conn, event, now)?;
    let removed = diesel::delete(
        event_rsvps::table
            .filter(event_rsvps::event_id.eq(event))
            .filter(event_rsvps::occurrence_at.eq(at))
            .filter(event_rsvps::person_id.eq(person)),
    )
    .execute(conn)?;
    if removed == 0 {
        return Ok(vec![]);
    }
    let l = directory::listing::get(conn, event)?;
    promote(conn, site, &l, at, capacity, now)
}

/// Gives free places of one session to the people who have waited longest,
/// emailing each (a guest at their own address). Sessions in the past are
/// left alone. Returns the members given a place.
fn promote(
    conn: &mut AnyConnection,
    site: &mail::Site,
    l: &Listing,
    at: NaiveDateTime,
    capacity: Option<i32>,
    now: NaiveDateTime,
) -> Result<Vec<i32>, CommunityError> {
    let Ok(session) = bookable(conn, l, at, now) else {
        return Ok(vec![]);
    };
    let going = count(conn, l.id, at, GOING)?;
    let free = capacity.map_or(i64::MAX, |c| i64::from(c) - going);
    if free <= 0 {
        return Ok(vec![]);
    }
    let next: Vec<(i32, Option<i32>, Option<i32>)> = event_rsvps::table
        .filter(event_rsvps::event_id.eq(l.id))
        .filter(event_rsvps::occurrence_at.eq(at))
        .filter(event_rsvps::status.eq(WAITING))
        .order(event_rsvps::id)
        .limit(free.min(10_000))
        .select((event_rsvps::id, event_rsvps::person_id, event_rsvps::guest_id))
        .load(conn)?;
    let link = site_url(site, &format!("/events/{}", l.slug));
    let when = london_time(session.starts_at);
    let mut promoted = Vec::new();
    for (id, person, guest) in next {
        diesel::update(event_rsvps::table.find(id))
            .set((event_rsvps::status.eq(GOING), event_rsvps::updated_at.eq(now)))
            .execute(conn)?;
        let Some(person) = person else {
            if let Some(guest) = guest {
                crate::guests::tell_promoted(conn, site, guest, l, &when, now)?;
            }
            continue;
        };
        let message = mail::Message::new(&format!("A place has come up: {}", l.name))
            .paragraph(&format!(
                "You were on the waiting list for {} on {when}, and a place has come up. It is yours: you do not need to do anything.",
                l.name
            ))
            .paragraph("If you can no longer go, please say so on the event's page, so the next person can have your place.")
            .action("See the event", &link);
        tell(conn, site, person, message, now)?;
        promoted.push(person);
    }
    Ok(promoted)
}

/// The event, when `actor` may run it (its organisation's organisers and
/// editors); `NotFound` otherwise.
pub fn run_event(conn: &mut AnyConnection, actor: &Actor, event: i32) -> Result<Listing, CommunityError> {
    let not_found = || CommunityError::NotFound { what: "event" };
    let l = match directory::listing::get(conn, event) {
        Ok(l) => l,
        Err(directory::DirectoryError::NotFound { .. }) => return Err(not_found()),
        Err(e) => return Err(e.into()),
    };
    let action = Action::RunCommunity {
        organisation_id: l.organisation_id,
        co_organiser: false,
    };
    if l.kind != Kind::Event || !accounts::permits(Some(actor), action) {
        return Err(not_found());
    }
    Ok(l)
}

/// Parses the places field of the organisers' form: empty for no limit.
pub fn parse_capacity(input: &str) -> Result<Option<i32>, CommunityError> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(None);
    }
    match input.parse::<i32>() {
        Ok(n) if (1..=CAPACITY_MAX).contains(&n) => Ok(Some(n)),
        _ => Err(capacity_error()),
    }
}

fn capacity_error() -> CommunityError {
    CommunityError::invalid(
        "capacity",
        format!("Enter a whole number of places from 1 to {CAPACITY_MAX}, or leave it empty for no limit"),
    )
}

/// An organiser changes how many places each session has (`None`: no
/// limit). When there are more places than people going, the longest
/// waiting get them and are emailed; when fewer, nobody loses theirs.
/// Returns who was given a place.
pub fn set_capacity(
    conn: &mut AnyConnection,
    site: &mail::Site,
    actor: &Actor,
    event: i32,
    capacity: Option<i32>,
    now: NaiveDateTime,
) -> Result<Vec<i32>, CommunityError> {
    // The lock first, as everywhere; a refusal rolls its write back.
    lock(conn, event, now)?;
    let l = run_event(conn, actor, event)?;
    if capacity.is_some_and(|c| !(1..=CAPACITY_MAX).contains(&c)) {
        return Err(capacity_error());
    }
    diesel::update(community_events::table.find(event))
        .set(community_events::capacity.eq(capacity))
        .execute(conn)?;
    let waiting: Vec<NaiveDateTime> = event_rsvps::table
        .filter(event_rsvps::event_id.eq(event))
        .filter(event_rsvps::status.eq(WAITING))
        .select(event_rsvps::occurrence_at)
        .distinct()
        .order(event_rsvps::occurrence_at)
        .load(conn)?;
    let mut promoted = Vec::new();
    for at in waiting {
        promoted.extend(promote(conn, site, &l, at, capacity, now)?);
    }
    Ok(promoted)
}

/// One session as the event's page shows it to someone deciding to go.
#[derive(Debug, Clone)]
pub struct SessionPlaces {
    pub occurrence: Occurrence,
    pub going: i64,
    pub waiting: i64,
    /// `None`: no limit.
    pub capacity: Option<i32>,
    /// The viewer's own answer.
    pub mine: Option<Answer>,
}

impl SessionPlaces {
    /// Places still free, when there is a limit.
    pub fn left(&self) -> Option<i64> {
        self.capacity.map(|c| (i64::from(c) - self.going).max(0))
    }
}

/// Going and waiting counts per session of `event` from `now`.
fn counts(
    conn: &mut AnyConnection,
    event: i32,
    from: NaiveDateTime,
) -> Result<HashMap<(NaiveDateTime, String), i64>, CommunityError> {
    let rows: Vec<(NaiveDateTime, String, i64)> = event_rsvps::table
        .filter(event_rsvps::event_id.eq(event))
        .filter(event_rsvps::occurrence_at.ge(from))
        .group_by((event_rsvps::occurrence_at, event_rsvps::status))
        .select((
            event_rsvps::occurrence_at,
            event_rsvps::status,
            diesel::dsl::count_star(),
        ))
        .load(conn)?;
    Ok(rows.into_iter().map(|(at, s, n)| ((at, s), n)).collect())
}

/// The next `limit` sessions of a published event with their places and
/// `viewer`'s answers, for its page.
pub fn sessions(
    conn: &mut AnyConnection,
    l: &Listing,
    viewer: Option<i32>,
    now: NaiveDateTime,
    limit: usize,
) -> Result<Vec<SessionPlaces>, CommunityError> {
    let capacity = capacity(conn, l.id)?;
    let list = sessions_of(conn, l, now, limit)?;
    // A moved session keeps its answers under its usual start, which may
    // be before now.
    let since = list.iter().map(Occurrence::original).min().unwrap_or(now);
    let counts = counts(conn, l.id, since)?;
    let mut out = Vec::with_capacity(list.len());
    for occurrence in list {
        let at = occurrence.original();
        let mine = match viewer {
            Some(p) => answer(conn, l.id, at, p)?,
            None => None,
        };
        out.push(SessionPlaces {
            going: counts.get(&(at, GOING.to_owned())).copied().unwrap_or(0),
            waiting: counts.get(&(at, WAITING.to_owned())).copied().unwrap_or(0),
            capacity,
            mine,
            occurrence,
        });
    }
    Ok(out)
}

/// One person on an event's attendee list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendee {
    /// The name they chose to show, or a guest's name as they gave it.
    pub name: String,
    /// Came without an account.
    pub guest: bool,
    pub answer: Answer,
    pub answered_at: NaiveDateTime,
}

/// Who is going to and waiting for one session.
#[derive(Debug, Clone)]
pub struct SessionAttendees {
    /// When it starts (a moved session at its new time).
    pub starts_at: NaiveDateTime,
    /// Its usual start, which names it.
    pub original: NaiveDateTime,
    pub cancelled: bool,
    pub attendees: Vec<Attendee>,
}

/// What an event's organisers see: its places and who is going to each
/// upcoming session (sessions from a day ago, so today's is still there).
pub struct AttendeeList {
    pub event: Listing,
    pub capacity: Option<i32>,
    pub sessions: Vec<SessionAttendees>,
}

/// A session, a member's shown name or a guest's given name, the answer
/// and when it was made.
type AttendeeRow = (NaiveDateTime, Option<String>, Option<String>, String, NaiveDateTime);

/// The attendee list of `event`, for its organisers; `NotFound` for anyone else.
pub fn attendees(
    conn: &mut AnyConnection,
    actor: &Actor,
    event: i32,
    now: NaiveDateTime,
) -> Result<AttendeeList, CommunityError> {
    let l = run_event(conn, actor, event)?;
    let from = now - Duration::days(1);
    let rows: Vec<AttendeeRow> = event_rsvps::table
        .left_join(people::table)
        .left_join(event_guests::table)
        .filter(event_rsvps::event_id.eq(event))
        .filter(event_rsvps::occurrence_at.ge(from - Duration::days(AHEAD)))
        .filter(people::deleted_at.is_null())
        .order((event_rsvps::occurrence_at, event_rsvps::id))
        .select((
            event_rsvps::occurrence_at,
            people::display_name.nullable(),
            event_guests::name.nullable(),
            event_rsvps::status,
            event_rsvps::created_at,
        ))
        .load(conn)?;
    let mut by_session: HashMap<NaiveDateTime, Vec<Attendee>> = HashMap::new();
    for (at, member, guest, status, answered_at) in rows {
        let (name, guest) = match (member, guest) {
            (Some(name), _) => (name, false),
            (None, Some(name)) => (name, true),
            (None, None) => continue,
        };
        let list = by_session.entry(at).or_default();
        let answer = if status == GOING {
            Answer::Going
        } else {
            let position = 1 + list.iter().filter(|a| a.answer != Answer::Going).count() as i64;
            Answer::Waiting { position }
        };
        list.push(Attendee {
            name,
            guest,
            answer,
            answered_at,
        });
    }
    let mut sessions: Vec<SessionAttendees> = sessions_of(conn, &l, from, 100)?
        .into_iter()
        .map(|o| SessionAttendees {
            starts_at: o.starts_at,
            original: o.original(),
            cancelled: o.cancelled.is_some(),
            attendees: by_session.remove(&o.original()).unwrap_or_default(),
        })
        .collect();
    for s in &mut sessions {
        // Going first, then the waiting list in order.
        s.attendees.sort_by_key(|a| match a.answer {
            Answer::Going => 0,
            Answer::Waiting { position } => position,
        });
    }
    Ok(AttendeeList {
        capacity: capacity(conn, event)?,
        event: l,
        sessions,
    })
}

/// The attendee list as CSV: one row per person per session, names only
/// as each person shows them (guests' as they gave them, marked).
pub fn attendees_csv(list: &AttendeeList) -> String {
    let mut out = crate::csv::line(&[
        "Session",
        "Name",
        "Answer",
        "Place on waiting list",
        "Answered",
        "Guest",
    ]);
    for s in &list.sessions {
        let when = london_time(s.starts_at);
        for a in &s.attendees {
            let (answer, position) = match a.answer {
                Answer::Going => ("Going", String::new()),
                Answer::Waiting { position } => ("Waiting", position.to_string()),
            };
            let answered = london_time(a.answered_at);
            let guest = if a.guest { "Guest" } else { "" };
            out.push_str(&crate::csv::line(&[
                &when, &a.name, answer, &position, &answered, guest,
            ]));
        }
    }
    out
}

/// One of a member's answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MyEvent {
    pub event_id: i32,
    pub slug: String,
    pub name: String,
    /// When the session starts (a moved session at its new time).
    pub starts_at: NaiveDateTime,
    /// Its usual start, which names it in forms.
    pub original: NaiveDateTime,
    pub answer: Answer,
}

/// The sessions of published events `person` is going to or waiting for,
/// from a day ago on, soonest first.
pub fn my_events(conn: &mut AnyConnection, person: i32, now: NaiveDateTime) -> Result<Vec<MyEvent>, CommunityError> {
    answered(conn, person, now - Duration::days(1), usize::MAX)
}

/// The next `most` sessions `person` is going to or waiting for, from
/// `now` on, soonest first: a member's home shows a few, and works out the
/// place on a waiting list only for those.
pub fn next_events(
    conn: &mut AnyConnection,
    person: i32,
    now: NaiveDateTime,
    most: usize,
) -> Result<Vec<MyEvent>, CommunityError> {
    answered(conn, person, now, most)
}

/// `person`'s answers to sessions starting from `from` (a moved session
/// at its new time), soonest first, at most `most` of them.
fn answered(
    conn: &mut AnyConnection,
    person: i32,
    from: NaiveDateTime,
    most: usize,
) -> Result<Vec<MyEvent>, CommunityError> {
    use store::schema::{listings, occurrence_moves};
    // A session moved to a later time is found by its usual start, which
    // may be up to AHEAD days earlier. Its move (one at most per usual
    // start) comes in the same query.
    type Row = (i32, String, String, NaiveDateTime, i32, String, Option<NaiveDateTime>);
    let rows: Vec<Row> = event_rsvps::table
        .inner_join(listings::table)
        .left_join(
            occurrence_moves::table.on(occurrence_moves::listing_id
                .eq(event_rsvps::event_id)
                .and(occurrence_moves::original_starts_at.eq(event_rsvps::occurrence_at))),
        )
        .filter(event_rsvps::person_id.eq(person))
        .filter(event_rsvps::occurrence_at.ge(from - Duration::days(AHEAD)))
        .filter(listings::status.eq(Status::Published))
        .select((
            listings::id,
            listings::slug,
            listings::name,
            event_rsvps::occurrence_at,
            event_rsvps::id,
            event_rsvps::status,
            occurrence_moves::starts_at.nullable(),
        ))
        .load(conn)?;
    let mut sessions: Vec<_> = rows
        .into_iter()
        .map(|(event_id, slug, name, original, rsvp, status, moved_to)| {
            (
                moved_to.unwrap_or(original),
                name,
                event_id,
                slug,
                original,
                rsvp,
                status,
            )
        })
        .filter(|(starts_at, ..)| *starts_at >= from)
        .collect();
    sessions.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    let mut out = Vec::new();
    for (starts_at, name, event_id, slug, original, rsvp, status) in sessions.into_iter().take(most) {
        out.push(MyEvent {
            answer: position(conn, event_id, original, rsvp, &status)?,
            event_id,
            slug,
            name,
            starts_at,
            original,
        });
    }
    Ok(out)
}
