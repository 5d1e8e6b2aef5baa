//! Event emails end to end, on both databases: organisers messaging,
//! cancelling and moving a date (and nobody else can), each email with a
//! calendar file of the right METHOD and SEQUENCE; a reminder's "turn off"
//! link working once for someone signed out; the account setting; and the
//! "Add to calendar" download.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use actix_web::cookie::Cookie;
use actix_web::http::StatusCode;
use actix_web::test::{call_service, init_service, read_body};
use chrono::{Duration, NaiveDateTime, NaiveTime, Timelike};
use community::ics;
use directory::fixtures::listing;
use directory::listing::{self as l, Tags};
use directory::recurrence::{from_london_time, london_time};
use directory::{Kind, Listing};
use store::{db_test, AnyConnection};

#[macro_use]
mod common;

use common::{get, post};

fn now() -> NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

macro_rules! send {
    ($app:expr, $req:expr) => {{
        let resp = call_service($app, $req.to_request()).await;
        let status = resp.status();
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default()
        };
        let (location, kind) = (header("location"), header("content-type"));
        let body = String::from_utf8(read_body(resp).await.to_vec()).unwrap();
        (status, location, kind, body)
    }};
}

/// 10:00 London time `days` after today's London date.
fn london_day(days: i64) -> NaiveDateTime {
    let day = london_time(now()).date() + Duration::days(days);
    from_london_time(day.and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap()))
}

fn code(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// An organisation with a weekly event first meeting at `start`, and a
/// signed-in organiser of it: (organisation, event, organiser's session).
fn fixture(running: &common::Running, conn: &mut AnyConnection, start: NaiveDateTime) -> (Listing, String) {
    let t = now();
    let org = l::insert(conn, &listing(Kind::Organisation, "Friends", 22, t), &Tags::default()).unwrap();
    let mut e = listing(Kind::Event, "Walk & talk", 22, t);
    e.organisation_id = Some(org.id);
    e.starts_at = Some(start.with_nanosecond(0).unwrap());
    e.ends_at = Some(start + Duration::hours(2));
    e.rrule = Some("FREQ=WEEKLY".into());
    let event = l::insert(conn, &e, &Tags::default()).unwrap();
    let (editor, _) = common::signed_in(running, "editor@example.org", &[accounts::Role::Editor]);
    let (boss, boss_session) = common::signed_in(running, "boss@example.org", &[]);
    directory::publishing::add_organiser(conn, editor, org.id, boss, t).unwrap();
    (event, boss_session)
}

fn newest_to(conn: &mut AnyConnection, to: &str, subject: &str) -> mail::OutboxMessage {
    mail::pending(conn, 10_000)
        .unwrap()
        .into_iter()
        .rev()
        .find(|m| m.to_address == to && m.subject.starts_with(subject))
        .unwrap_or_else(|| panic!("no email to {to} about {subject}"))
}

/// The unfolded calendar file attached to an email.
fn calendar_of(conn: &mut AnyConnection, m: &mail::OutboxMessage) -> Vec<String> {
    let files = mail::attachments(conn, m.id).unwrap();
    assert_eq!(files.len(), 1);
    assert!(files[0].content_type().starts_with("text/calendar"));
    ics::unfold(std::str::from_utf8(files[0].content()).unwrap())
}

db_test!(fn organisers_message_cancel_and_move_a_date_and_everyone_going_is_told(db) {
    let running = common::start(db);
    actix_web::rt::System::new().block_on(async move {
    let app = init_service(web::app!(running.state)).await;
    let mut c = db.conn();
    let (event, boss) = fixture(&running, &mut c, london_day(3));
    let first = event.starts_at.unwrap();
    let second = first + Duration::days(7);
    let (ann_id, ann) = common::signed_in(&running, "ann@example.org", &[]);
    let (bob_id, _) = common::signed_in(&running, "bob@example.org", &[]);
    for at in [first, second] {
        community::events::going(&mut c, ann_id, event.id, at, now()).unwrap();
        community::events::going(&mut c, bob_id, event.id, at, now()).unwrap();
    }
    let base = format!("/organise/events/{}/sessions/{}", event.id, code(first));

    // The attendee list links to each step; a member and a visitor get nothing.
    let (status, _, _, body) = send!(&app, get(&format!("/organise/events/{}/attendees", event.id), Some(&boss)));
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(&format!("{base}/message")), "{body}");
    assert!(body.contains(&format!("{base}/cancel")));
    assert!(body.contains(&format!("{base}/change-time")));
    for step in ["message", "cancel", "change-time"] {
        let (status, ..) = send!(&app, get(&format!("{base}/{step}"), Some(&ann)));
        assert_eq!(status, StatusCode::NOT_FOUND, "{step}");
        let (status, ..) = send!(&app, post(&format!("{base}/{step}"), Some(&ann), &[("subject", "x"), ("message", "y"), ("reason", "z"), ("confirmed", "yes")]));
        assert_eq!(status, StatusCode::NOT_FOUND, "{step}");
        let (status, location, ..) = send!(&app, get(&format!("{base}/{step}"), None));
        assert_eq!(status, StatusCode::SEE_OTHER, "{step}");
        assert!(location.starts_with("/sign-in?"), "{location}");
    }
    let (status, ..) = send!(&app, get(&format!("/organise/events/{}/sessions/not-a-date/message", event.id), Some(&boss)));
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The message: errors next to fields, what was typed kept and escaped.
    let (status, _, _, body) = send!(&app, post(&format!("{base}/message"), Some(&boss), &[("subject", ""), ("message", "<script>alert(1)</script>")]));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("There is a problem"), "{body}");
    assert!(body.contains("Enter a subject"));
    assert!(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!body.contains("<script>alert(1)"));
    let (status, _, _, body) = send!(&app, post(&format!("{base}/message"), Some(&boss), &[("subject", "Bring a coat"), ("message", "It will be cold.")]));
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("Your message went to 2 people."), "{body}");
    for to in ["ann@example.org", "bob@example.org"] {
        let m = newest_to(&mut c, to, "Bring a coat");
        assert!(m.text_body.contains("It will be cold."));
        assert_eq!(ics::property(&calendar_of(&mut c, &m), "METHOD").unwrap(), "PUBLISH");
    }

    // Cancelling asks first, then tells everyone with METHOD:CANCEL.
    let (status, _, _, body) = send!(&app, post(&format!("{base}/cancel"), Some(&boss), &[("reason", "")]));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("Enter why the date is cancelled"));
    let (status, _, _, body) = send!(&app, post(&format!("{base}/cancel"), Some(&boss), &[("reason", "The park is <closed>")]));
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Are you sure you want to cancel this date?"), "{body}");
    assert!(body.contains("We will email 2 people now."));
    assert!(body.contains("The park is &lt;closed&gt;"));
    assert!(mail::pending(&mut c, 10_000).unwrap().iter().all(|m| !m.subject.starts_with("Cancelled")), "nothing sent before confirming");
    let (status, _, _, body) = send!(&app, post(&format!("{base}/cancel"), Some(&boss), &[("reason", "The park is <closed>"), ("edit", "yes")]));
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Why is it cancelled?") && body.contains("value=\"The park is &lt;closed&gt;\""), "{body}");
    let (status, _, _, body) = send!(&app, post(&format!("{base}/cancel"), Some(&boss), &[("reason", "The park is <closed>"), ("confirmed", "yes")]));
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("We emailed 2 people."), "{body}");
    for to in ["ann@example.org", "bob@example.org"] {
        let m = newest_to(&mut c, to, "Cancelled: Walk & talk");
        assert!(m.text_body.contains("The park is <closed>"));
        assert!(m.html_body.contains("The park is &lt;closed&gt;"));
        let cal = calendar_of(&mut c, &m);
        assert_eq!(ics::property(&cal, "METHOD").unwrap(), "CANCEL");
        assert_eq!(ics::property(&cal, "STATUS").unwrap(), "CANCELLED");
        assert_eq!(ics::property(&cal, "SEQUENCE").unwrap(), "1");
    }
    let (status, _, _, body) = send!(&app, get(&format!("/events/{}", event.slug), None));
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Cancelled (The park is &lt;closed&gt;)"), "{body}");
    let (status, _, _, body) = send!(&app, post(&format!("{base}/cancel"), Some(&boss), &[("reason", "Again"), ("confirmed", "yes")]));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("already cancelled"), "{body}");

    // A new time for the second date: checked, then told with SEQUENCE 1.
    let base = format!("/organise/events/{}/sessions/{}", event.id, code(second));
    let (status, _, _, body) = send!(&app, get(&format!("{base}/change-time"), Some(&boss)));
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("value=\"10:00\""), "{body}");
    let (status, _, _, body) = send!(&app, post(&format!("{base}/change-time"), Some(&boss), &[("date", "31/2/2027"), ("start_time", "25:00"), ("end_time", "x")]));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("Enter the new date"));
    assert!(body.contains("Enter the start time"));
    assert!(body.contains("Enter the end time"));
    assert!(body.contains("value=\"31/2/2027\""), "what was typed is kept");
    let new_day = london_time(second).date();
    let (status, _, _, body) = send!(&app, post(&format!("{base}/change-time"), Some(&boss), &[("date", &new_day.format("%d/%m/%Y").to_string()), ("start_time", "14:00"), ("end_time", "16:00")]));
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("We emailed 2 people."), "{body}");
    let m = newest_to(&mut c, "bob@example.org", "New time: Walk & talk");
    let cal = calendar_of(&mut c, &m);
    assert_eq!(ics::property(&cal, "METHOD").unwrap(), "PUBLISH");
    assert_eq!(ics::property(&cal, "SEQUENCE").unwrap(), "1");
    let moved = from_london_time(new_day.and_time(NaiveTime::from_hms_opt(14, 0, 0).unwrap()));
    assert_eq!(ics::property(&cal, "DTSTART").unwrap(), moved.format("%Y%m%dT%H%M%SZ").to_string());
    });
});

db_test!(fn reminders_can_be_turned_off_by_link_or_on_the_account_and_the_calendar_file_downloads(db) {
    let running = common::start(db);
    actix_web::rt::System::new().block_on(async move {
    let app = init_service(web::app!(running.state)).await;
    let mut c = db.conn();
    let (event, _) = fixture(&running, &mut c, london_day(1));
    let at = event.starts_at.unwrap();
    let (ann_id, ann) = common::signed_in(&running, "ann@example.org", &[]);
    community::events::going(&mut c, ann_id, event.id, at, now()).unwrap();

    // The job the server runs hourly.
    assert_eq!(web::send_event_reminders(&running.state.pool, &running.state.accounts.site).unwrap(), 1);
    assert_eq!(web::send_event_reminders(&running.state.pool, &running.state.accounts.site).unwrap(), 0);
    let m = newest_to(&mut c, "ann@example.org", "Tomorrow: Walk & talk");
    assert_eq!(ics::property(&calendar_of(&mut c, &m), "DTSTART").unwrap(), at.format("%Y%m%dT%H%M%SZ").to_string());
    let token = common::emailed_token(&running, "ann@example.org", "/event-reminders/off/");
    let link = format!("/event-reminders/off/{token}");

    // Signed out: the link asks, the button turns them off, once.
    let (status, _, _, body) = send!(&app, get(&link, None));
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Turn off event reminders?"), "{body}");
    let (status, ..) = send!(&app, post(&link, None, &[]).cookie(Cookie::new("kith_csrf", "f".repeat(48))));
    assert_eq!(status, StatusCode::FORBIDDEN, "a stale CSRF token is refused");
    assert!(community::event_mail::reminders_wanted(&mut c, ann_id).unwrap());
    let (status, _, _, body) = send!(&app, post(&link, None, &[]));
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("Event reminders are off"));
    assert!(!community::event_mail::reminders_wanted(&mut c, ann_id).unwrap());
    let (status, _, _, body) = send!(&app, post(&link, None, &[]));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("expired or has already been used"));

    // The account page shows the setting and turns them back on.
    let (status, _, _, body) = send!(&app, get("/account", Some(&ann)));
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("/account/notifications"));
    // The old address leads to the notification settings, which show it.
    let (status, location, ..) = send!(&app, get("/account/reminders", Some(&ann)));
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/account/notifications"));
    let (status, _, _, body) = send!(&app, get("/account/notifications", Some(&ann)));
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(r#"name="reminders" type="radio" value="off" checked"#), "{body}");
    let (status, ..) = send!(&app, post("/account/reminders", Some(&ann), &[("reminders", "maybe")]));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, location, ..) = send!(&app, post("/account/reminders", Some(&ann), &[("reminders", "on")]));
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/account"));
    assert!(community::event_mail::reminders_wanted(&mut c, ann_id).unwrap());

    // "Add to calendar" on the event's page, and a file that parses.
    let (status, _, _, body) = send!(&app, get(&format!("/events/{}", event.slug), None));
    assert_eq!(status, StatusCode::OK);
    let href = format!("/events/{}/sessions/{}/calendar.ics", event.slug, code(at));
    assert!(body.contains(&href), "{body}");
    let (status, _, kind, file) = send!(&app, get(&href, None));
    assert_eq!(status, StatusCode::OK);
    assert!(kind.starts_with("text/calendar"), "{kind}");
    assert!(file.ends_with("\r\n"));
    for line in file.split("\r\n") {
        assert!(line.len() <= ics::LINE_OCTETS && !line.contains('\n'), "{line:?}");
    }
    let lines = ics::unfold(&file);
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    assert_eq!(ics::property(&lines, "SUMMARY").unwrap(), "Walk & talk");
    assert_eq!(ics::property(&lines, "UID").unwrap(), ics::uid(event.id, at, "127.0.0.1:8080"));
    assert_eq!(ics::property(&lines, "DTSTART").unwrap(), at.format("%Y%m%dT%H%M%SZ").to_string());
    assert_eq!(ics::property(&lines, "DTEND").unwrap(), (at + Duration::hours(2)).format("%Y%m%dT%H%M%SZ").to_string());
    assert_eq!(ics::property(&lines, "URL").unwrap(), format!("http://127.0.0.1:8080/events/{}", event.slug));
    for bad in [format!("/events/{}/sessions/2020-01-01T10:00:00/calendar.ics", event.slug), format!("/events/{}/sessions/nonsense/calendar.ics", event.slug), "/events/none-such/sessions/2020-01-01T10:00:00/calendar.ics".to_owned()] {
        let (status, ..) = send!(&app, get(&bad, None));
        assert_eq!(status, StatusCode::NOT_FOUND, "{bad}");
    }
    });
});
