//! The community pages end to end, on both databases: joining an open
//! group and asking to join another, the organisers deciding, "I'm going"
//! filling the places and the waiting list, dropping out promoting the
//! next person with an email, the attendee list and its CSV, and a
//! member's own pages.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use actix_web::http::StatusCode;
use actix_web::test::{init_service, TestRequest};
use chrono::{NaiveDateTime, Timelike};
use directory::fixtures::listing;
use directory::listing::{self as l, Tags};
use directory::Kind;
use store::db_test;

#[macro_use]
mod common;

use common::{get, post};

fn now() -> NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

db_test!(fn members_join_and_go_and_organisers_see_who(db) {
    let running = common::start(db);
    let state = running.state.clone();
    let (organiser, organiser_session) = common::signed_in(&running, "org@example.org", &[]);
    let (_ann, ann) = common::signed_in(&running, "ann@example.org", &[]);
    let (_bob, bob) = common::signed_in(&running, "bob@example.org", &[]);
    let (_cat, cat) = common::signed_in(&running, "cat@example.org", &[]);
    let t = now();
    let start = (t + chrono::Duration::days(2)).with_nanosecond(0).unwrap();
    let (org, walkers, chess, picnic) = {
        let mut c = db.conn();
        let org = l::insert(&mut c, &listing(Kind::Organisation, "Friends", 22, t), &Tags::default()).unwrap();
        let mut g = listing(Kind::Group, "Walkers", 22, t);
        g.organisation_id = Some(org.id);
        let walkers = l::insert(&mut c, &g, &Tags::default()).unwrap();
        let mut g = listing(Kind::Group, "Chess Club", 22, t);
        g.organisation_id = Some(org.id);
        let chess = l::insert(&mut c, &g, &Tags::default()).unwrap();
        let mut e = listing(Kind::Event, "Picnic", 22, t);
        e.organisation_id = Some(org.id);
        e.starts_at = Some(start);
        let picnic = l::insert(&mut c, &e, &Tags::default()).unwrap();
        (org, walkers, chess, picnic)
    };
    {
        use store::diesel::prelude::*;
        use store::schema::organisers;
        store::diesel::insert_into(organisers::table)
            .values((organisers::listing_id.eq(org.id), organisers::person_id.eq(organiser), organisers::added_at.eq(t)))
            .execute(&mut db.conn())
            .unwrap();
    }
    let session = start.format("%Y-%m-%dT%H:%M:%S").to_string();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;

        // My pages start empty.
        let (status, _, body) = send!(&app, get("/my/groups", Some(&ann)));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("You have not joined any groups yet"));
        let (_, _, body) = send!(&app, get("/my/events", Some(&ann)));
        assert!(body.contains("You have not said you are going to any events yet"));

        // An open group: one press.
        let (_, _, body) = send!(&app, get("/groups/walkers", Some(&ann)));
        assert!(body.contains("Join this group"), "{body}");
        let (status, location, _) = send!(&app, post("/groups/walkers/join", Some(&ann), &[]));
        assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/groups/walkers#joining"));
        let (_, _, body) = send!(&app, get("/groups/walkers", Some(&ann)));
        assert!(body.contains("You are a member of this group"));
        let (_, _, body) = send!(&app, get("/my/groups", Some(&ann)));
        assert!(body.contains("Walkers") && body.contains("You are a member."));
        // Signed out, the page asks people to sign in; POSTs go to sign in.
        let (_, _, body) = send!(&app, get("/groups/walkers", None));
        assert!(body.contains("Sign in to join this group"));
        let (status, location, _) = send!(&app, post("/groups/walkers/join", None, &[]));
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location.starts_with("/sign-in?"));

        // A group that takes requests, with a question; the answer is kept
        // when it is too long.
        let members = format!("/organise/groups/{}/members", chess.id);
        let joining = format!("/organise/groups/{}/joining", chess.id);
        let (status, _, _) = send!(&app, get(&joining, Some(&ann)));
        assert_eq!(status, StatusCode::NOT_FOUND, "a member does not run the group");
        let (status, location, _) = send!(&app, post(&joining, Some(&organiser_session), &[("policy", "request"), ("question", "What would you like to get out of it?")]));
        assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, members.as_str()));
        let (_, _, body) = send!(&app, get("/groups/chess-club/join", Some(&bob)));
        assert!(body.contains("What would you like to get out of it?"));
        let long = "<b>x</b>".repeat(200);
        let (status, _, body) = send!(&app, post("/groups/chess-club/join", Some(&bob), &[("answer", &long)]));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("Your answer must be 1000 characters or fewer"));
        assert!(body.contains("&lt;b&gt;x&lt;/b&gt;") && !body.contains("<b>x</b>"), "kept, escaped");
        let (status, _, _) = send!(&app, post("/groups/chess-club/join", Some(&bob), &[("answer", "A <quiet> game")]));
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, _, body) = send!(&app, get("/groups/chess-club", Some(&bob)));
        assert!(body.contains("You have asked to join"));
        let (_, _, body) = send!(&app, get(&members, Some(&organiser_session)));
        assert!(body.contains("A &lt;quiet&gt; game"), "the organiser sees the answer");
        let bob_id = {
            let mut c = running.state.pool.get().unwrap();
            accounts::person::find_by_email(&mut c, "bob@example.org").unwrap().unwrap().id
        };
        let requests = format!("/organise/groups/{}/requests", chess.id);
        let (status, _, _) = send!(&app, post(&requests, Some(&ann), &[("person", &bob_id.to_string()), ("decision", "approve")]));
        assert_eq!(status, StatusCode::NOT_FOUND, "only organisers decide");
        let (status, _, _) = send!(&app, post(&requests, Some(&organiser_session), &[("person", &bob_id.to_string()), ("decision", "approve")]));
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, _, body) = send!(&app, get("/groups/chess-club", Some(&bob)));
        assert!(body.contains("You are a member of this group"));
        // Bob becomes a co-organiser and can see the members page.
        let co = format!("/organise/groups/{}/co-organisers", chess.id);
        let (status, _, _) = send!(&app, post(&co, Some(&organiser_session), &[("person", &bob_id.to_string()), ("organiser", "yes")]));
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, _, _) = send!(&app, get(&members, Some(&bob)));
        assert_eq!(status, StatusCode::OK);
        let (status, _, _) = send!(&app, get(&format!("/organise/groups/{}/members", walkers.id), Some(&bob)));
        assert_eq!(status, StatusCode::NOT_FOUND, "co-organiser of one group only");

        // An event with two places.
        let attendees = format!("/organise/events/{}/attendees", picnic.id);
        let places = format!("/organise/events/{}/places", picnic.id);
        let (status, _, body) = send!(&app, post(&places, Some(&organiser_session), &[("capacity", "none")]));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("Enter a whole number of places"));
        let (status, _, _) = send!(&app, post(&places, Some(&organiser_session), &[("capacity", "2")]));
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, _, body) = send!(&app, get("/events/picnic", Some(&ann)));
        assert!(body.contains("2 places left"), "{body}");
        assert!(body.contains("I'm going") || body.contains("I&#39;m going"));
        for who in [&ann, &bob] {
            let (status, location, _) = send!(&app, post("/events/picnic/going", Some(who), &[("session", &session)]));
            assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/events/picnic#going"));
        }
        let (_, _, body) = send!(&app, get("/events/picnic", Some(&cat)));
        assert!(body.contains("Full: you can join the waiting list") && body.contains("Join the waiting list"));
        send!(&app, post("/events/picnic/going", Some(&cat), &[("session", &session)]));
        let (_, _, body) = send!(&app, get("/events/picnic", Some(&cat)));
        assert!(body.contains("You are number 1 on the waiting list"));
        let (_, _, body) = send!(&app, get("/my/events", Some(&cat)));
        assert!(body.contains("Picnic") && body.contains("Number 1 on the waiting list"));
        // Bad sessions are bad requests, not errors.
        for bad in ["never", "2001-01-01T00:00:00"] {
            let (status, _, _) = send!(&app, post("/events/picnic/going", Some(&cat), &[("session", bad)]));
            assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        }
        // Ann drops out: Cat gets the place and an email.
        send!(&app, post("/events/picnic/not-going", Some(&ann), &[("session", &session)]));
        let (_, _, body) = send!(&app, get("/events/picnic", Some(&cat)));
        assert!(body.contains("You are going."));
        {
            let mut c = running.state.pool.get().unwrap();
            let mail = mail::pending(&mut c, 100).unwrap();
            assert!(mail.iter().any(|m| m.to_address == "cat@example.org" && m.subject.contains("A place has come up: Picnic")));
        }
        // The organisers' list and its CSV; others see nothing.
        let (status, _, _) = send!(&app, get(&attendees, Some(&ann)));
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _, body) = send!(&app, get(&attendees, Some(&organiser_session)));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("bob") && body.contains("cat") && !body.contains(">ann<"));
        let (status, _, csv) = send!(&app, get(&format!("{attendees}.csv"), Some(&organiser_session)));
        assert_eq!(status, StatusCode::OK);
        assert!(csv.starts_with("Session,Name,Answer,Place on waiting list,Answered,Guest\r\n"));
        assert_eq!(csv.lines().count(), 3, "{csv}");
    });
});

db_test!(fn a_name_that_looks_like_a_formula_is_defused_in_the_export(db) {
    let running = common::start(db);
    let state = running.state.clone();
    let (_, organiser_session) = common::signed_in(&running, "org@example.org", &[accounts::Role::Editor]);
    let (eve, eve_session) = common::signed_in(&running, "eve@example.org", &[]);
    let t = now();
    let start = (t + chrono::Duration::days(2)).with_nanosecond(0).unwrap();
    let picnic = {
        let mut c = db.conn();
        accounts::person::set_display_name(&mut c, eve, "=HYPERLINK(\"http://evil\")", t).unwrap();
        let mut e = listing(Kind::Event, "Picnic", 22, t);
        e.starts_at = Some(start);
        l::insert(&mut c, &e, &Tags::default()).unwrap()
    };
    let session = start.format("%Y-%m-%dT%H:%M:%S").to_string();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        send!(&app, post("/events/picnic/going", Some(&eve_session), &[("session", &session)]));
        let (status, _, csv) = send!(&app, get(&format!("/organise/events/{}/attendees.csv", picnic.id), Some(&organiser_session)));
        assert_eq!(status, StatusCode::OK);
        assert!(csv.contains(",\"'=HYPERLINK(\"\"http://evil\"\")\",Going,"), "{csv}");
    });
});

/// The 64-hex token after `path` in the newest email to `to`.
fn emailed_token(db: &store::testing::TestDb, to: &str, path: &str) -> String {
    let mail = mail::pending(&mut db.conn(), 10_000).unwrap();
    let m = mail.iter().rev().find(|m| m.to_address == to).expect("an email");
    let at = m
        .text_body
        .find(path)
        .unwrap_or_else(|| panic!("no {path} in {}", m.text_body))
        + path.len();
    m.text_body[at..at + 64].to_owned()
}

db_test!(fn a_visitor_without_an_account_goes_by_email_link_and_cancels_by_another(db) {
    let running = common::start(db);
    let state = running.state.clone();
    let (_, organiser_session) = common::signed_in(&running, "org@example.org", &[accounts::Role::Editor]);
    let (_, ann) = common::signed_in(&running, "ann@example.org", &[]);
    let t = now();
    let start = (t + chrono::Duration::days(2)).with_nanosecond(0).unwrap();
    let picnic = {
        let mut c = db.conn();
        let mut e = listing(Kind::Event, "Picnic", 22, t);
        e.starts_at = Some(start);
        l::insert(&mut c, &e, &Tags::default()).unwrap()
    };
    let session = start.format("%Y-%m-%dT%H:%M:%S").to_string();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let places = format!("/organise/events/{}/places", picnic.id);
        send!(&app, post(&places, Some(&organiser_session), &[("capacity", "1")]));

        // Signed out, the event's page offers going without an account.
        let (_, _, body) = send!(&app, get("/events/picnic", None));
        assert!(body.contains("/events/picnic/guest?session="), "{body}");
        let (status, _, body) = send!(&app, get(&format!("/events/picnic/guest?session={session}"), None));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Email me a link") && body.contains("name=\"csrf\""));

        // Problems are listed and shown by their fields, with what was typed kept.
        let (status, _, body) = send!(&app, post("/events/picnic/guest", None, &[("session", &session), ("name", ""), ("email", "not-an-email")]));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("There is a problem") && body.contains("Enter your name") && body.contains("value=\"not-an-email\""), "{body}");
        // Without the CSRF token nothing happens.
        let bare = TestRequest::post().uri("/events/picnic/guest").set_form(vec![("session", session.as_str()), ("name", "Gail"), ("email", "gail@example.org")]);
        let (status, _, _) = send!(&app, bare);
        assert!(status.is_client_error());

        // The same answer for an address with an account as for one without.
        let (status, _, body) = send!(&app, post("/events/picnic/guest", None, &[("session", &session), ("name", "Ann"), ("email", "ann@example.org")]));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Check your email"));
        let (status, _, body) = send!(&app, post("/events/picnic/guest", None, &[("session", &session), ("name", "Gail"), ("email", "gail@example.org")]));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Check your email"));

        // The link's page asks; only its button confirms.
        let confirm = format!("/events/guest/confirm/{}", emailed_token(db, "gail@example.org", "/events/guest/confirm/"));
        let (status, _, body) = send!(&app, get(&confirm, None));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Confirm I'm going"));
        let (status, _, body) = send!(&app, post(&confirm, None, &[]));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("You have a place at Picnic"), "{body}");
        let (status, _, body) = send!(&app, post(&confirm, None, &[]));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("This link has expired or has already been used"));

        // Full now: a member joins the waiting list.
        send!(&app, post("/events/picnic/going", Some(&ann), &[("session", &session)]));
        let attendees = format!("/organise/events/{}/attendees", picnic.id);
        let (_, _, body) = send!(&app, get(&attendees, Some(&organiser_session)));
        assert!(body.contains("Gail") && body.contains(">Guest<"), "{body}");
        let (_, _, csv) = send!(&app, get(&format!("{attendees}.csv"), Some(&organiser_session)));
        assert!(csv.contains(",Gail,Going,,") && csv.contains(",Guest\r\n"), "{csv}");

        // The guest cancels by the link in their email: the member gets the place.
        let cancel = format!("/events/guest/cancel/{}", emailed_token(db, "gail@example.org", "/events/guest/cancel/"));
        let (status, _, body) = send!(&app, get(&cancel, None));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("I can't go now"));
        let (status, _, body) = send!(&app, post(&cancel, None, &[]));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("You are no longer going"));
        let (status, _, _) = send!(&app, post(&cancel, None, &[]));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (_, _, body) = send!(&app, get("/my/events", Some(&ann)));
        assert!(body.contains("Picnic") && !body.contains("waiting list"), "{body}");
        let told = mail::pending(&mut db.conn(), 10_000).unwrap();
        assert!(told.iter().any(|m| m.to_address == "ann@example.org" && m.subject.contains("A place has come up")));
    });
});
