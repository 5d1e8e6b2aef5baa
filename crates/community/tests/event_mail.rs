//! Event emails on both databases: day-before reminders (who gets one,
//! nobody twice, nobody who turned them off, nothing for a cancelled date)
//! and organisers telling attendees, with the calendar file attached.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use accounts::{Actor, Roles};
use chrono::{Duration, NaiveDateTime, NaiveTime, Timelike};
use community::event_mail as em;
use community::events;
use community::ics;
use community::CommunityError;
use directory::fixtures::listing;
use directory::listing::{self as l, Tags};
use directory::publishing::NewTime;
use directory::recurrence::{from_london_time, london_time};
use directory::{Kind, Listing};
use store::diesel::prelude::*;
use store::diesel::Connection;
use store::{db_test, AnyConnection};

fn now() -> NaiveDateTime {
    chrono::Utc::now().naive_utc().with_nanosecond(0).unwrap()
}

fn site() -> mail::Site {
    mail::Site {
        name: "Kith".into(),
        url: "http://127.0.0.1:8080/".into(),
    }
}

fn person(conn: &mut AnyConnection, email: &str) -> i32 {
    accounts::flows::create_user(conn, email, None, &[], None, now())
        .unwrap()
        .0
        .id
}

/// A real organiser of `org` (added by an editor), as their actor.
fn boss_of(conn: &mut AnyConnection, org: &Listing) -> Actor {
    let editor = accounts::flows::create_user(conn, "editor@example.org", None, &[accounts::Role::Editor], None, now())
        .unwrap()
        .0
        .id;
    let boss = person(conn, "boss@example.org");
    directory::publishing::add_organiser(conn, editor, org.id, boss, now()).unwrap();
    organiser(boss, org.id)
}

fn organiser(id: i32, org: i32) -> Actor {
    Actor {
        person_id: id,
        roles: Roles::of(&[]),
        verified: true,
        organiser_of: vec![org],
    }
}

/// 10:00 London time `days` after today's London date.
fn london_day(days: i64, t: NaiveDateTime) -> NaiveDateTime {
    let day = london_time(t).date() + Duration::days(days);
    from_london_time(day.and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap()))
}

/// A weekly event of an organisation, first meeting at `start`, two hours long.
fn weekly(conn: &mut AnyConnection, org: &Listing, name: &str, start: NaiveDateTime) -> Listing {
    let mut e = listing(Kind::Event, name, 22, now());
    e.organisation_id = Some(org.id);
    e.starts_at = Some(start);
    e.ends_at = Some(start + Duration::hours(2));
    e.rrule = Some("FREQ=WEEKLY".into());
    l::insert(conn, &e, &Tags::default()).unwrap()
}

fn outbox_to(conn: &mut AnyConnection, to: &str) -> Vec<mail::OutboxMessage> {
    mail::pending(conn, 10_000)
        .unwrap()
        .into_iter()
        .filter(|m| m.to_address == to)
        .collect()
}

/// The 64-hex token after `path` in the newest email to `to`.
fn token_in(conn: &mut AnyConnection, to: &str, path: &str) -> String {
    let m = outbox_to(conn, to)
        .into_iter()
        .rev()
        .find(|m| m.text_body.contains(path))
        .unwrap_or_else(|| panic!("no email to {to} with {path}"));
    let at = m.text_body.find(path).unwrap() + path.len();
    m.text_body[at..at + 64].to_owned()
}

/// The calendar file attached to an outbox email, unfolded.
fn calendar_of(conn: &mut AnyConnection, m: &mail::OutboxMessage) -> Vec<String> {
    let files = mail::attachments(conn, m.id).unwrap();
    assert_eq!(files.len(), 1, "one attachment on {:?}", m.subject);
    assert!(files[0].content_type().starts_with("text/calendar"));
    assert!(files[0].filename().ends_with(".ics"));
    ics::unfold(std::str::from_utf8(files[0].content()).unwrap())
}

fn guest_going(conn: &mut AnyConnection, event: &Listing, at: NaiveDateTime, email: &str) {
    let guest = community::guests::check("Gail Guest", email).unwrap();
    community::guests::request(conn, &site(), event, at, &guest, "127.0.0.1", now()).unwrap();
    let token = token_in(conn, email, "/events/guest/confirm/");
    community::guests::confirm(conn, &site(), &token, now()).unwrap();
}

db_test!(fn reminders_go_once_to_everyone_going_tomorrow_who_wants_them(db) {
    let mut c = db.conn();
    let t = now();
    let org = l::insert(&mut c, &listing(Kind::Organisation, "Friends", 22, t), &Tags::default()).unwrap();
    let boss = boss_of(&mut c, &org);
    let walk = weekly(&mut c, &org, "Walk and talk", london_day(1, t));
    let rained_off = weekly(&mut c, &org, "Picnic", london_day(1, t));
    let later = weekly(&mut c, &org, "Chess", london_day(2, t));
    let at = walk.starts_at.unwrap();
    events::set_capacity(&mut c, &site(), &boss, walk.id, Some(3), t).unwrap();
    let ann = person(&mut c, "ann@example.org");
    let bob = person(&mut c, "bob@example.org");
    let cat = person(&mut c, "cat@example.org");
    let dan = person(&mut c, "dan@example.org");
    events::going(&mut c, ann, walk.id, at, t).unwrap();
    events::going(&mut c, bob, walk.id, at, t).unwrap();
    guest_going(&mut c, &walk, at, "gail@example.org");
    // Full: Cat waits, and waiting lists get no reminder.
    assert_eq!(events::going(&mut c, cat, walk.id, at, t).unwrap(), events::Answer::Waiting { position: 1 });
    em::set_reminders_wanted(&mut c, bob, false, t).unwrap();
    assert!(!em::reminders_wanted(&mut c, bob).unwrap());
    assert!(em::reminders_wanted(&mut c, ann).unwrap());
    // Dan is going to a date that is then cancelled, and to one the day after tomorrow.
    events::going(&mut c, dan, rained_off.id, rained_off.starts_at.unwrap(), t).unwrap();
    l::cancel_occurrence(&mut c, rained_off.id, rained_off.starts_at.unwrap(), "Rain").unwrap();
    events::going(&mut c, dan, later.id, later.starts_at.unwrap(), t).unwrap();

    assert_eq!(em::send_reminders(&mut c, &site(), t, 100).unwrap(), 2);
    for to in ["ann@example.org", "gail@example.org"] {
        let mails: Vec<_> = outbox_to(&mut c, to).into_iter().filter(|m| m.subject.starts_with("Tomorrow:")).collect();
        assert_eq!(mails.len(), 1, "{to}");
        assert!(mails[0].text_body.contains("/event-reminders/off/"), "{}", mails[0].text_body);
        let cal = calendar_of(&mut c, &mails[0]);
        assert_eq!(ics::property(&cal, "SUMMARY").unwrap(), "Walk and talk");
        assert_eq!(ics::property(&cal, "DTSTART").unwrap(), at.format("%Y%m%dT%H%M%SZ").to_string());
        assert_eq!(ics::property(&cal, "METHOD").unwrap(), "PUBLISH");
        assert_eq!(ics::property(&cal, "LOCATION").unwrap(), "1 Test Street, London, SE11 5QY");
    }
    for to in ["bob@example.org", "cat@example.org", "dan@example.org"] {
        assert!(outbox_to(&mut c, to).iter().all(|m| !m.subject.starts_with("Tomorrow:")), "{to}");
    }
    // Again (a restart, a second server): nobody twice.
    assert_eq!(em::send_reminders(&mut c, &site(), t, 100).unwrap(), 0);
    // A batch limit stops early and the next call goes on.
    let eve = person(&mut c, "eve@example.org");
    let fay = person(&mut c, "fay@example.org");
    events::set_capacity(&mut c, &site(), &boss, walk.id, None, t).unwrap();
    events::going(&mut c, eve, walk.id, at, t).unwrap();
    events::going(&mut c, fay, walk.id, at, t).unwrap();
    // Cat was given a place when the limit went: three new people now.
    assert_eq!(em::send_reminders(&mut c, &site(), t, 2).unwrap(), 2);
    assert_eq!(em::send_reminders(&mut c, &site(), t, 2).unwrap(), 1);
    assert_eq!(em::send_reminders(&mut c, &site(), t, 2).unwrap(), 0);
});

db_test!(fn the_link_in_a_reminder_turns_them_off_once(db) {
    let mut c = db.conn();
    let t = now();
    let org = l::insert(&mut c, &listing(Kind::Organisation, "Friends", 22, t), &Tags::default()).unwrap();
    let walk = weekly(&mut c, &org, "Walk and talk", london_day(1, t));
    let at = walk.starts_at.unwrap();
    let ann = person(&mut c, "ann@example.org");
    events::going(&mut c, ann, walk.id, at, t).unwrap();
    guest_going(&mut c, &walk, at, "gail@example.org");
    assert_eq!(em::send_reminders(&mut c, &site(), t, 100).unwrap(), 2);
    let raw = token_in(&mut c, "ann@example.org", "/event-reminders/off/");
    assert_eq!(em::peek_off_link(&mut c, &raw).unwrap().id, walk.id);
    em::use_off_link(&mut c, &raw, t).unwrap();
    assert!(!em::reminders_wanted(&mut c, ann).unwrap());
    assert!(matches!(em::use_off_link(&mut c, &raw, t), Err(CommunityError::Invalid { .. })));
    assert!(matches!(em::peek_off_link(&mut c, "not-a-token"), Err(CommunityError::Invalid { .. })));
    em::set_reminders_wanted(&mut c, ann, true, t).unwrap();
    assert!(em::reminders_wanted(&mut c, ann).unwrap());
    // A deleted account leaves no setting behind.
    em::set_reminders_wanted(&mut c, ann, false, t).unwrap();
    community::forget(&mut c, &site(), ann, t).unwrap();
    use store::schema::{event_reminders, reminder_opt_outs};
    let left: i64 = reminder_opt_outs::table.count().get_result(&mut c).unwrap();
    let sent: i64 = event_reminders::table.filter(event_reminders::recipient.eq(format!("person:{ann}"))).count().get_result(&mut c).unwrap();
    assert_eq!((left, sent), (0, 0));
    em::set_reminders_wanted(&mut c, ann, true, t).unwrap();
    // A guest turns them off for their address.
    let raw = token_in(&mut c, "gail@example.org", "/event-reminders/off/");
    em::use_off_link(&mut c, &raw, t).unwrap();
    let next = at + Duration::days(7);
    guest_going(&mut c, &walk, next, "gail@example.org");
    events::going(&mut c, ann, walk.id, next, t).unwrap();
    assert_eq!(em::send_reminders(&mut c, &site(), t + Duration::days(7), 100).unwrap(), 1);
});

db_test!(fn organisers_tell_everyone_going_with_an_updated_calendar_file(db) {
    let mut c = db.conn();
    let t = now();
    let org = l::insert(&mut c, &listing(Kind::Organisation, "Friends", 22, t), &Tags::default()).unwrap();
    let boss = boss_of(&mut c, &org);
    let walk = weekly(&mut c, &org, "Walk and talk", london_day(3, t));
    let first = walk.starts_at.unwrap();
    let second = first + Duration::days(7);
    events::set_capacity(&mut c, &site(), &boss, walk.id, Some(1), t).unwrap();
    let ann = person(&mut c, "ann@example.org");
    let bob = person(&mut c, "bob@example.org");
    for at in [first, second] {
        events::going(&mut c, ann, walk.id, at, t).unwrap();
        events::going(&mut c, bob, walk.id, at, t).unwrap(); // waiting
    }
    let member = Actor { organiser_of: vec![], ..organiser(bob, org.id) };
    assert!(matches!(em::cancel_session(&mut c, &site(), &member, walk.id, first, "No", t), Err(CommunityError::NotFound { .. })));

    // A message goes to everyone going (not the waiting list).
    let said = em::check_announcement("Bring a coat", "It will be cold.\nMeet at the gate.").unwrap();
    assert!(matches!(em::message_going(&mut c, &site(), &member, walk.id, first, &said, t), Err(CommunityError::NotFound { .. })));
    assert_eq!(em::message_going(&mut c, &site(), &boss, walk.id, first, &said, t).unwrap(), 1);
    let m = outbox_to(&mut c, "ann@example.org").into_iter().find(|m| m.subject.starts_with("Bring a coat")).unwrap();
    assert!(m.text_body.contains("It will be cold.\nMeet at the gate."), "{}", m.text_body);
    assert!(outbox_to(&mut c, "bob@example.org").iter().all(|m| !m.subject.starts_with("Bring a coat")));
    let errors = em::check_announcement(" ", &"x".repeat(em::MESSAGE_MAX + 1)).unwrap_err();
    assert_eq!(errors.len(), 2);

    // Cancelling tells going and waiting, with METHOD:CANCEL.
    assert!(matches!(em::cancel_session(&mut c, &site(), &boss, walk.id, first, " ", t), Err(CommunityError::Invalid { field: "reason", .. })));
    assert_eq!(em::cancel_session(&mut c, &site(), &boss, walk.id, first, "The park is closed", t).unwrap(), 2);
    for to in ["ann@example.org", "bob@example.org"] {
        let m = outbox_to(&mut c, to).into_iter().find(|m| m.subject.starts_with("Cancelled:")).unwrap();
        assert!(m.text_body.contains("The park is closed"));
        let cal = calendar_of(&mut c, &m);
        assert_eq!(ics::property(&cal, "METHOD").unwrap(), "CANCEL");
        assert_eq!(ics::property(&cal, "STATUS").unwrap(), "CANCELLED");
        assert_eq!(ics::property(&cal, "SEQUENCE").unwrap(), "1");
    }
    assert!(matches!(em::cancel_session(&mut c, &site(), &boss, walk.id, first, "Again", t), Err(CommunityError::Invalid { .. })));

    // A new time: the same UID, a higher SEQUENCE, the new start.
    let to = NewTime { starts_at: second + Duration::hours(1), ends_at: Some(second + Duration::hours(2)), note: String::new() };
    let bad = NewTime { starts_at: t - Duration::hours(1), ends_at: None, note: String::new() };
    assert!(matches!(em::change_session_time(&mut c, &site(), &boss, walk.id, second, &bad, t), Err(CommunityError::Invalid { field: "date", .. })));
    assert_eq!(em::change_session_time(&mut c, &site(), &boss, walk.id, second, &to, t).unwrap(), 2);
    let m = outbox_to(&mut c, "ann@example.org").into_iter().find(|m| m.subject.starts_with("New time:")).unwrap();
    let cal = calendar_of(&mut c, &m);
    assert_eq!(ics::property(&cal, "METHOD").unwrap(), "PUBLISH");
    assert_eq!(ics::property(&cal, "SEQUENCE").unwrap(), "1");
    assert_eq!(ics::property(&cal, "DTSTART").unwrap(), to.starts_at.format("%Y%m%dT%H%M%SZ").to_string());
    assert_eq!(ics::property(&cal, "UID").unwrap(), ics::uid(walk.id, second, "127.0.0.1:8080"));
    let again = NewTime { starts_at: second + Duration::hours(3), ends_at: None, note: "Later still".into() };
    em::change_session_time(&mut c, &site(), &boss, walk.id, second, &again, t).unwrap();
    assert_eq!(em::sequence(&mut c, walk.id, second).unwrap(), 2);
});

db_test!(fn nothing_changes_when_the_emails_cannot_be_queued(db) {
    let mut c = db.conn();
    let t = now();
    let org = l::insert(&mut c, &listing(Kind::Organisation, "Friends", 22, t), &Tags::default()).unwrap();
    let boss = boss_of(&mut c, &org);
    let walk = weekly(&mut c, &org, "Walk and talk", london_day(3, t));
    let at = walk.starts_at.unwrap();
    let ann = person(&mut c, "ann@example.org");
    events::going(&mut c, ann, walk.id, at, t).unwrap();
    // An address the mail crate refuses (as a broken import might leave).
    use store::schema::people;
    diesel::update(people::table.find(ann)).set(people::email.eq("not an address")).execute(&mut c).unwrap();
    let result = c.transaction(|c| em::cancel_session(c, &site(), &boss, walk.id, at, "Closed", t));
    assert!(matches!(result, Err(CommunityError::Mail(_))), "{result:?}");
    let upcoming = l::upcoming_occurrences(&mut c, &walk, at, t, t + Duration::days(30), 10).unwrap();
    assert!(upcoming.iter().all(|o| o.cancelled.is_none()), "the cancellation was rolled back");
    assert_eq!(em::sequence(&mut c, walk.id, at).unwrap(), 0);
    // A reminder batch skips the bad address instead of failing for everyone.
    let tomorrow = weekly(&mut c, &org, "Tea", london_day(1, t));
    let bob = person(&mut c, "bob@example.org");
    events::going(&mut c, ann, tomorrow.id, tomorrow.starts_at.unwrap(), t).unwrap();
    events::going(&mut c, bob, tomorrow.id, tomorrow.starts_at.unwrap(), t).unwrap();
    assert_eq!(em::send_reminders(&mut c, &site(), t, 100).unwrap(), 1);
});
