//! The member's home and email settings over HTTP, on both databases: the
//! home page's next sessions, new events in the member's groups and new
//! listings in their interests, its empty states, and the settings form
//! (CSRF, errors beside their fields, what was chosen kept).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use actix_web::http::StatusCode;
use actix_web::test::init_service;
use chrono::{Duration, NaiveDateTime, Timelike};
use community::settings::{self, Settings};
use directory::fixtures::listing;
use directory::listing::{self as l, Tags};
use directory::Kind;
use store::db_test;
use store::diesel::prelude::*;
use store::schema::interests;

#[macro_use]
mod common;

use common::{get, post_csrf as post};

fn now() -> NaiveDateTime {
    chrono::Utc::now().naive_utc().with_nanosecond(0).unwrap()
}

db_test!(fn the_home_page_shows_what_is_next_and_what_is_new_or_says_where_to_look(db) {
    let running = common::start(db);
    let (ann, ann_session) = common::signed_in(&running, "ann@example.org", &[]);
    let (_, bob_session) = common::signed_in(&running, "bob@example.org", &[]);
    let t = now();
    let (parent, child, event) = {
        let mut c = db.conn();
        let org = l::insert(&mut c, &listing(Kind::Organisation, "Friends", 22, t), &Tags::default()).unwrap();
        let mut g = listing(Kind::Group, "Walkers", 22, t);
        g.organisation_id = Some(org.id);
        let group = l::insert(&mut c, &g, &Tags::default()).unwrap();
        community::groups::join(&mut c, ann, group.id, "", t).unwrap();
        let mut e = listing(Kind::Event, "Harvest supper", 22, t);
        e.organisation_id = Some(org.id);
        e.starts_at = Some(t + Duration::days(3));
        e.ends_at = Some(t + Duration::days(3) + Duration::hours(2));
        let event = l::insert(&mut c, &e, &Tags::default()).unwrap();
        community::events::going(&mut c, ann, event.id, event.starts_at.unwrap(), t).unwrap();
        let (parent, child): (i32, i32) = interests::table
            .filter(interests::parent_id.is_not_null())
            .order(interests::id)
            .select((interests::parent_id.assume_not_null(), interests::id))
            .first(&mut c)
            .unwrap();
        settings::save(&mut c, ann, &Settings { borough_id: Some(22), interests: vec![parent], ..Settings::default() }, t).unwrap();
        (parent, child, event)
    };
    {
        let mut c = db.conn();
        let mut g = listing(Kind::Group, "Clay and chat", 22, t);
        g.summary = "Hand-building pottery for beginners.".into();
        l::insert(&mut c, &g, &Tags { interests: vec![child], ..Tags::default() }).unwrap();
        l::insert(&mut c, &listing(Kind::Group, "Untagged club", 22, t), &Tags::default()).unwrap();
    }
    let state = running.state.clone();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let (status, location, _) = send!(&app, get("/home", None));
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location.starts_with("/sign-in?"), "signed out: {location}");

        let (status, _, body) = send!(&app, get("/home", Some(&ann_session)));
        assert_eq!(status, StatusCode::OK);
        let next = body.split("id=\"next-heading\"").nth(1).unwrap().split("id=\"groups-heading\"").next().unwrap();
        assert!(next.contains(&format!("/events/{}", event.slug)), "{next}");
        assert!(next.contains("You are going"));
        let groups = body.split("id=\"groups-heading\"").nth(1).unwrap().split("id=\"nearby-heading\"").next().unwrap();
        assert!(groups.contains("Harvest supper"), "a new event of her group's organisation: {groups}");
        let nearby = body.split("id=\"nearby-heading\"").nth(1).unwrap();
        assert!(nearby.contains("Clay and chat"), "{nearby}");
        assert!(nearby.contains("Hand-building pottery"));
        assert!(!nearby.contains("Untagged club"));
        assert!(body.contains("href=\"/home\""), "linked from the header");

        // Bob has nothing yet: each section says where to look.
        let (status, _, body) = send!(&app, get("/home", Some(&bob_session)));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("You have not said you are going to anything coming up."));
        assert!(body.contains("href=\"/whats-on\""));
        assert!(body.contains("No new events in your groups"));
        assert!(body.contains("href=\"/search?kind=group\""));
        assert!(body.contains("Choose your interests"));
        assert!(!body.contains("Harvest supper") && !body.contains("Clay and chat"));

        // What Bob joins and chooses shows on his next visit, not a few
        // seconds later.
        let (status, _, _) = send!(&app, post("/groups/walkers/join", Some(&bob_session), &[], true));
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, _, body) = send!(&app, get("/home", Some(&bob_session)));
        assert!(body.contains("Harvest supper"), "his new group's organisation's event");
        let going = format!("/events/{}/going", event.slug);
        let at = event.starts_at.unwrap().format("%Y-%m-%dT%H:%M:%S").to_string();
        let (status, _, _) = send!(&app, post(&going, Some(&bob_session), &[("session", at.as_str())], true));
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, _, body) = send!(&app, get("/home", Some(&bob_session)));
        let next = body.split("id=\"next-heading\"").nth(1).unwrap().split("id=\"groups-heading\"").next().unwrap();
        assert!(next.contains("You are going"), "his answer at once: {next}");
        let parent = parent.to_string();
        let chosen = [
            ("replies", "on"),
            ("new_events", "on"),
            ("reminders", "on"),
            ("digest", "off"),
            ("borough", "22"),
            ("interests", parent.as_str()),
        ];
        let (status, _, _) = send!(&app, post("/account/notifications", Some(&bob_session), &chosen, true));
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, _, body) = send!(&app, get("/home", Some(&bob_session)));
        let nearby = body.split("id=\"nearby-heading\"").nth(1).unwrap();
        assert!(nearby.contains("Clay and chat"), "{nearby}");
    });
});

db_test!(fn the_settings_form_needs_its_csrf_token_keeps_what_was_typed_and_saves(db) {
    let running = common::start(db);
    let (ann, session) = common::signed_in(&running, "ann@example.org", &[]);
    let group = {
        let mut c = db.conn();
        let g = l::insert(&mut c, &listing(Kind::Group, "Walkers", 22, now()), &Tags::default()).unwrap();
        community::groups::join(&mut c, ann, g.id, "", now()).unwrap();
        g
    };
    let state = running.state.clone();
    let pool = running.state.pool.clone();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        // The old reminders address leads here.
        let (status, location, _) = send!(&app, get("/account/reminders", Some(&session)));
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location, "/account/notifications");

        let (status, _, body) = send!(&app, get("/account/notifications", Some(&session)));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("name=\"csrf\""));
        assert!(body.contains("Walkers"), "her groups, to mute");
        assert!(body.contains("name=\"digest\" type=\"radio\" value=\"off\" checked"), "the digest is off by default");
        assert!(body.contains("name=\"replies\" type=\"radio\" value=\"on\" checked"));

        let gid = group.id.to_string();
        let chosen = [
            ("replies", "off"),
            ("new_events", "on"),
            ("reminders", "off"),
            ("digest", "on"),
            ("borough", "22"),
            ("muted", gid.as_str()),
        ];
        // Without the token nothing is saved.
        let (status, _, _) = send!(&app, post("/account/notifications", Some(&session), &chosen, false));
        assert!(status.is_client_error(), "{status}");
        assert_eq!(settings::get(&mut pool.get().unwrap(), ann).unwrap(), Settings::default());

        // A missing answer and an unknown borough: errors beside them, the rest kept.
        let bad = [("replies", "off"), ("new_events", "on"), ("reminders", "off"), ("borough", "99999"), ("muted", gid.as_str())];
        let (status, _, body) = send!(&app, post("/account/notifications", Some(&session), &bad, true));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("There is a problem"), "error summary");
        assert!(body.contains("id=\"digest-error\""));
        assert!(body.contains("id=\"borough-error\""));
        assert!(body.contains("name=\"replies\" type=\"radio\" value=\"off\" checked"), "kept what was chosen");
        assert!(body.contains(&format!("name=\"muted\" type=\"checkbox\" value=\"{gid}\" checked")));
        assert_eq!(settings::get(&mut pool.get().unwrap(), ann).unwrap(), Settings::default());

        let (status, location, _) = send!(&app, post("/account/notifications", Some(&session), &chosen, true));
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location, "/account/notifications?saved");
        let saved = settings::get(&mut pool.get().unwrap(), ann).unwrap();
        assert!(!saved.replies && saved.new_events && !saved.reminders && saved.digest);
        assert_eq!(saved.borough_id, Some(22));
        assert_eq!(saved.muted_groups, vec![group.id]);
        assert!(!community::event_mail::reminders_wanted(&mut pool.get().unwrap(), ann).unwrap());
        let (_, _, body) = send!(&app, get("/account/notifications?saved", Some(&session)));
        assert!(body.contains("Your settings are saved."));
        assert!(body.contains("name=\"digest\" type=\"radio\" value=\"on\" checked"));

        // Signed out, the page asks to sign in.
        let (status, location, _) = send!(&app, get("/account/notifications", None));
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location.starts_with("/sign-in?"));
    });
});

db_test!(fn dates_page_changes_email_those_going_with_the_calendar_file(db) {
    use directory::recurrence::{from_london_time, london_time};
    let running = common::start(db);
    let (editor, _) = common::signed_in(&running, "editor@example.org", &[accounts::Role::Editor]);
    let (alex, alex_session) = common::signed_in(&running, "alex@example.org", &[]);
    let (ann, _) = common::signed_in(&running, "ann@example.org", &[]);
    let (bob, _) = common::signed_in(&running, "bob@example.org", &[]);
    let day = london_time(now()).date() + Duration::days(2);
    let first = from_london_time(day.and_hms_opt(10, 0, 0).unwrap());
    let second = first + Duration::days(7);
    let event = {
        let mut c = db.conn();
        let org = l::insert(&mut c, &listing(Kind::Organisation, "Friends", 22, now()), &Tags::default()).unwrap();
        directory::publishing::add_organiser(&mut c, editor, org.id, alex, now()).unwrap();
        let mut e = listing(Kind::Event, "Choir", 22, now());
        e.organisation_id = Some(org.id);
        e.starts_at = Some(first);
        e.ends_at = Some(first + Duration::hours(2));
        e.rrule = Some("FREQ=WEEKLY".into());
        let e = l::insert(&mut c, &e, &Tags::default()).unwrap();
        community::events::going(&mut c, ann, e.id, first, now()).unwrap();
        community::events::going(&mut c, bob, e.id, second, now()).unwrap();
        e
    };
    let state = running.state.clone();
    let pool = running.state.pool.clone();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let s = Some(alex_session.as_str());
        let dates = format!("/organise/listings/{}/dates", event.id);
        let code = |at: NaiveDateTime| at.format("%Y-%m-%dT%H:%M:%S").to_string();
        let (status, _, _) = send!(&app, post(&dates, s, &[("occurrence", code(first).as_str()), ("reason", "Hall closed")], true));
        assert_eq!(status, StatusCode::SEE_OTHER);
        let new_day = (day + Duration::days(8)).format("%Y-%m-%d").to_string();
        let moved = [("session", code(second)), ("date", new_day), ("start_time", "14:00".into()), ("end_time", "16:00".into())];
        let moved: Vec<(&str, &str)> = moved.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, location, _) = send!(&app, post(&format!("{dates}/move"), s, &moved, true));
        assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
        let mut c = pool.get().unwrap();
        let all = mail::pending(&mut c, 1000).unwrap();
        let to_ann: Vec<_> = all.iter().filter(|m| m.to_address == "ann@example.org").collect();
        assert_eq!(to_ann.len(), 1);
        assert!(to_ann[0].subject.starts_with("Cancelled: Choir"));
        assert!(to_ann[0].text_body.contains("Hall closed"));
        assert_eq!(mail::attachments(&mut c, to_ann[0].id).unwrap().len(), 1, "with the calendar file");
        let to_bob: Vec<_> = all.iter().filter(|m| m.to_address == "bob@example.org").collect();
        assert_eq!(to_bob.len(), 1);
        assert!(to_bob[0].subject.starts_with("New time: Choir"));
        assert_eq!(mail::attachments(&mut c, to_bob[0].id).unwrap().len(), 1, "with the calendar file");
    });
});
