//! Member-led groups end to end, on both databases (issue 6): a member
//! starts a group, it waits in the editors' queue marked member-led, and
//! once approved it is on the site and in search marked member-led, run by
//! the member who started it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use std::time::Duration;

use accounts::Role;
use actix_web::http::StatusCode;
use actix_web::test::init_service;
use chrono::NaiveDateTime;
use directory::listing::{ListingEdit, Tags};
use directory::publishing::{self as p, Snapshot};
use directory::{Kind, Listing, Status};
use store::db_test;
use store::diesel::prelude::*;
use store::schema::{group_members, listings, member_led_groups, organisers, outbox, proposals};
use store::testing::TestDb;

#[macro_use]
mod common;

use common::{get, post};

fn now() -> NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// Sends a request: status, `Location` and body.
/// A board-games night's answers, as the form's check page sends them back.
fn games_answers(name: &str) -> Vec<(&'static str, String)> {
    vec![
        ("name", name.into()),
        ("summary", "Easy board games for a quiet evening out".into()),
        ("description", "We play short games, explained as we go.".into()),
        ("opportunity", "activity".into()),
        ("repeat", "weekly".into()),
        ("date", "2030-12-05".into()),
        ("start_time", "18:30".into()),
        ("end_time", "20:30".into()),
        ("days", "TH".into()),
        ("every_weeks", "1".into()),
        ("venue", "address".into()),
        ("address", "The Dog House, Kennington Road".into()),
        ("postcode", "SE11 5QY".into()),
        ("cost_kind", "free".into()),
        ("booking_required", "no".into()),
        ("first_visit", "Ask at the bar for the games table.".into()),
        ("interests", "36".into()),
    ]
}

/// The answers with the check page's step, and Send pressed when `send`.
fn checked(answers: &[(&'static str, String)], send: bool) -> Vec<(&'static str, String)> {
    let mut v = answers.to_vec();
    v.push(("step", "check".into()));
    if send {
        v.push(("go", "send".into()));
    }
    v
}

fn pairs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

fn by_slug(db: &TestDb, slug: &str) -> Listing {
    listings::table
        .filter(listings::slug.eq(slug))
        .select(Listing::as_select())
        .first(&mut db.conn())
        .unwrap()
}

fn mail_to(db: &TestDb, address: &str) -> Vec<(String, String)> {
    outbox::table
        .filter(outbox::to_address.eq(address))
        .select((outbox::subject, outbox::text_body))
        .load(&mut db.conn())
        .unwrap()
}

fn proposal_of(db: &TestDb, listing: i32) -> i32 {
    proposals::table
        .filter(proposals::listing_id.eq(listing))
        .order(proposals::id.desc())
        .select(proposals::id)
        .first(&mut db.conn())
        .unwrap()
}

/// A member-led group's state, as [`p::start_group`] takes it.
fn group_snapshot(name: &str) -> Snapshot {
    let n = directory::fixtures::listing(Kind::Group, name, 22, now());
    let fields = ListingEdit {
        kind: n.kind,
        slug: n.slug,
        name: n.name,
        summary: n.summary,
        description: n.description,
        organisation_id: None,
        place_id: None,
        opportunity: n.opportunity,
        cost_kind: n.cost_kind,
        cost_pence: n.cost_pence,
        cost_note: n.cost_note,
        age_min: n.age_min,
        age_max: n.age_max,
        first_visit: n.first_visit,
        contact_name: n.contact_name,
        contact_email: n.contact_email,
        contact_phone: n.contact_phone,
        website: n.website,
        booking_required: n.booking_required,
        address: n.address,
        postcode: n.postcode,
        latitude: n.latitude,
        longitude: n.longitude,
        borough_id: n.borough_id,
        starts_at: n.starts_at,
        ends_at: n.ends_at,
        rrule: n.rrule,
    };
    Snapshot::new(fields, Tags::default())
}

/// Waits until search has applied every change made so far.
fn caught_up(running: &common::Running) {
    let seq = store::changes::latest(&mut running.state.pool.get().unwrap()).unwrap();
    running.index.notify();
    assert!(running.index.wait_for(seq, Duration::from_secs(10)), "search caught up");
}

db_test!(fn a_member_starts_a_group_an_editor_approves_it_and_it_is_marked_member_led(db) {
    let running = common::start(db);
    let (mo, mo_s) = common::signed_in(&running, "mo@example.org", &[]);
    let (_, eddie_s) = common::signed_in(&running, "eddie@example.org", &[Role::Editor]);
    let state = running.state.clone();
    let running = &running;
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let (m, e) = (Some(mo_s.as_str()), Some(eddie_s.as_str()));

        // "My groups" leads to the form.
        let (status, _, body) = send!(&app, get("/my/groups", m));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("href=\"/groups/start\""), "a way to start a group");
        let (status, _, body) = send!(&app, get("/groups/start", m));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Step 1 of 6 · Start a group") && body.contains(">About it</h1>"));
        assert!(body.contains("action=\"/groups/start\"") && body.contains("name=\"csrf\""));
        assert!(body.contains("href=\"/my/groups\""), "a way back");
        assert!(!body.contains("name=\"organisation\""), "no organisation to choose");

        // Each page answers for its own fields, keeping what was typed.
        let about = [("step", "about"), ("name", ""), ("summary", "Games <b>night</b>"), ("description", "Games."), ("opportunity", "activity")];
        let (status, _, body) = send!(&app, post("/groups/start", m, &about));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("href=\"#name\"") && body.contains("Enter the name"));
        assert!(body.contains("value=\"Games &lt;b&gt;night&lt;/b&gt;\""), "typed text kept, escaped");
        // A member-led group has no places of an organisation, and cannot
        // add one.
        let (status, _, body) = send!(&app, post("/groups/start", m, &[("step", "when"), ("repeat", "none")]));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains(">Where it is</h1>") && !body.contains("value=\"new\""));
        let (status, _, body) = send!(&app, post("/groups/start", m, &[("step", "where"), ("venue", "new"), ("address", "Hall"), ("postcode", "SE11 5QY")]));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("href=\"#venue\"") && body.contains("Choose where it happens"));

        // Check, then send.
        let answers = games_answers("Kennington Board Games");
        let (status, _, body) = send!(&app, post("/groups/start", m, &pairs(&checked(&answers, false))));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains(">Check your answers</h1>") && body.contains("Every Thursday"));
        assert!(body.contains("An editor checks your group before it appears on the site"));
        let (status, location, _) = send!(&app, post("/groups/start", m, &pairs(&checked(&answers, true))));
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location, "/groups/start/sent");
        let (status, _, body) = send!(&app, get(&location, m));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("An editor will check your group before it appears") && body.contains("email you"));

        // Waiting: stored, not public, not in search.
        let group = by_slug(db, "kennington-board-games");
        assert_eq!(group.status, Status::Pending);
        assert_eq!((group.kind, group.organisation_id), (Kind::Group, None));
        let founder: i32 = member_led_groups::table.find(group.id).select(member_led_groups::founder_id).first(&mut db.conn()).unwrap();
        assert_eq!(founder, mo);
        let runs: i64 = organisers::table.filter(organisers::listing_id.eq(group.id)).filter(organisers::person_id.eq(mo)).count().get_result(&mut db.conn()).unwrap();
        assert_eq!(runs, 1, "the founder organises the listing");
        let role: (String, String) = group_members::table.find((group.id, mo)).select((group_members::status, group_members::role)).first(&mut db.conn()).unwrap();
        assert_eq!(role, ("member".to_owned(), "organiser".to_owned()));
        assert_eq!(send!(&app, get("/groups/kennington-board-games", None)).0, StatusCode::NOT_FOUND);
        caught_up(running);
        assert!(!running.index.is_indexed(group.id).unwrap());
        let (_, _, body) = send!(&app, get("/my/groups", m));
        assert!(body.contains("Kennington Board Games") && body.contains("Waiting for review"));
        assert!(body.contains(&format!("href=\"/organise/listings/{}/edit\"", group.id)));
        assert_eq!(send!(&app, get(&format!("/organise/listings/{}/edit", group.id), m)).0, StatusCode::OK);

        // In the editors' queue, marked member-led with who started it.
        let proposal = proposal_of(db, group.id);
        let (status, _, body) = send!(&app, get("/editor", e));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Kennington Board Games") && body.contains("Member-led"));
        let review = format!("/editor/proposals/{proposal}");
        let (status, _, body) = send!(&app, get(&review, e));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Member-led group") && body.contains("Started by mo, a member"));

        // Approved: public, marked, searchable, run by its founder.
        let (status, _, _) = send!(&app, post(&format!("{review}/approve"), e, &[]));
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(by_slug(db, "kennington-board-games").status, Status::Published);
        let told = mail_to(db, "mo@example.org");
        assert!(
            told.iter().any(|(s, b)| s.starts_with("Your group Kennington Board Games is on") && b.contains("You are its organiser")),
            "the founder is told, in words for a group they started: {told:?}"
        );
        let (status, _, body) = send!(&app, get("/groups/kennington-board-games", None));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Member-led group") && body.contains("Started by a member of Kith"));
        assert!(!body.contains("mo@example.org"), "the founder's address is not shown");
        caught_up(running);
        let (status, _, body) = send!(&app, get("/api/search?q=kennington+board+games", None));
        assert_eq!(status, StatusCode::OK);
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        let hit = v["results"].as_array().unwrap().iter().find(|r| r["id"] == group.id).expect("found by search");
        assert_eq!(hit["member_led"], serde_json::json!(true));
        let others = v["results"].as_array().unwrap().iter().filter(|r| r["kind"] == "group" && r["id"] != group.id);
        assert!(others.into_iter().all(|r| r["member_led"] == serde_json::json!(false)), "other groups say false");
        let (_, _, body) = send!(&app, get("/search?q=kennington+board+games", None));
        assert!(body.contains("Kennington Board Games") && body.contains(">Member-led</strong>"));
        let members = format!("/organise/groups/{}/members", group.id);
        let (status, _, body) = send!(&app, get(&members, m));
        assert_eq!(status, StatusCode::OK, "the founder runs its members");
        assert!(body.contains("<td>mo</td>") || body.contains(">mo<"), "the founder is listed");
        assert!(body.contains("Co-organiser"));
        let (_, _, body) = send!(&app, get("/my/groups", m));
        assert!(body.contains("co-organiser") && body.contains(&format!("href=\"{members}\"")));
        assert!(!body.contains("Waiting for review"));
        // Its founder runs it alone, so cannot step down or leave yet.
        let founder = mo.to_string();
        let co = format!("/organise/groups/{}/co-organisers", group.id);
        let (status, _, body) = send!(&app, post(&co, m, &[("person", founder.as_str()), ("organiser", "no")]));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("only organiser") && body.contains("href=\"#members\""), "{body}");
        let (status, _, body) = send!(&app, post("/groups/kennington-board-games/leave", m, &[]));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("You cannot leave Kennington Board Games yet") && body.contains(&format!("href=\"{members}\"")), "{body}");
        let (_, _, body) = send!(&app, get(&members, m));
        assert!(body.contains("Co-organiser"), "still its organiser");
    });
});

db_test!(fn a_group_from_an_organisation_is_not_marked_member_led(db) {
    let running = common::start(db);
    let group = {
        let mut conn = db.conn();
        directory::listing::insert(&mut conn, &directory::fixtures::listing(Kind::Group, "Oval Walkers", 22, now()), &Tags::default()).unwrap()
    };
    let state = running.state.clone();
    let running = &running;
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let (status, _, body) = send!(&app, get("/groups/oval-walkers", None));
        assert_eq!(status, StatusCode::OK);
        assert!(!body.contains("Member-led"));
        caught_up(running);
        let (_, _, body) = send!(&app, get("/api/search?q=oval+walkers", None));
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        let hit = v["results"].as_array().unwrap().iter().find(|r| r["id"] == group.id).expect("found by search");
        assert_eq!(hit["member_led"], serde_json::json!(false));
    });
});

db_test!(fn three_groups_may_wait_at_once_and_a_turned_down_one_frees_a_place(db) {
    let running = common::start(db);
    let (mo, mo_s) = common::signed_in(&running, "mo@example.org", &[]);
    let (_, eddie_s) = common::signed_in(&running, "eddie@example.org", &[Role::Editor]);
    let waiting: Vec<i32> = {
        let mut conn = db.conn();
        ["Walk One", "Walk Two", "Walk Three"]
            .iter()
            .map(|name| match p::start_group(&mut conn, mo, &group_snapshot(name), now()).unwrap() {
                p::Submitted::Proposed { listing_id, .. } => listing_id,
                p::Submitted::Published { .. } => panic!("member-led groups are always reviewed"),
            })
            .collect()
    };
    let state = running.state.clone();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let (m, e) = (Some(mo_s.as_str()), Some(eddie_s.as_str()));
        let answers = games_answers("Kennington Board Games");
        let (status, _, body) = send!(&app, post("/groups/start", m, &pairs(&checked(&answers, true))));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("You already have 3 groups waiting for an editor"), "{body}");
        assert!(body.contains("href=\"#name\"") && body.contains("value=\"Kennington Board Games\""), "next to the name, typed text kept");
        let n: i64 = listings::table.filter(listings::name.eq("Kennington Board Games")).count().get_result(&mut db.conn()).unwrap();
        assert_eq!(n, 0);

        // The editor turns one down, saying why: the founder is emailed the
        // reason, "My groups" shows it, and a place is free again.
        let review = format!("/editor/proposals/{}", proposal_of(db, waiting[0]));
        let (status, _, _) = send!(&app, post(&format!("{review}/reject"), e, &[("reason", "Please say where you meet.")]));
        assert_eq!(status, StatusCode::SEE_OTHER);
        let mail = mail_to(db, "mo@example.org");
        assert!(mail.iter().any(|(s, b)| s.contains("Walk One") && b.contains("Please say where you meet.")), "{mail:?}");
        let (_, _, body) = send!(&app, get("/my/groups", m));
        assert!(body.contains("Not published") && body.contains("Please say where you meet."));
        let (status, location, _) = send!(&app, post("/groups/start", m, &pairs(&checked(&answers, true))));
        assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/groups/start/sent"));
    });
});

db_test!(fn only_confirmed_members_start_groups(db) {
    let running = common::start(db);
    let session = {
        let mut conn = running.state.pool.get().unwrap();
        let t = now();
        let new = accounts::person::NewPerson::new("una@example.org".into(), "Una".into(), t);
        let una = accounts::person::insert(&mut conn, &new).unwrap();
        accounts::session::start(&mut conn, &running.state.accounts.keys, una.id, "test", t).unwrap().1
    };
    let state = running.state.clone();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let (status, location, _) = send!(&app, get("/groups/start", None));
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location.starts_with("/sign-in?"), "{location}");
        let answers = games_answers("Kennington Board Games");
        let (status, location, _) = send!(&app, post("/groups/start", None, &pairs(&checked(&answers, true))));
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location.starts_with("/sign-in?"), "{location}");
        let u = Some(session.as_str());
        let (status, _, body) = send!(&app, get("/groups/start", u));
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(body.contains("Confirm your email address first") && body.contains("start a group"));
        let (status, ..) = send!(&app, post("/groups/start", u, &pairs(&checked(&answers, true))));
        assert_eq!(status, StatusCode::FORBIDDEN);
        let n: i64 = member_led_groups::table.count().get_result(&mut db.conn()).unwrap();
        assert_eq!(n, 0);
    });
});

db_test!(fn only_groups_without_an_organisation_are_member_led(db) {
    let running = common::start(db);
    let (mo, _) = common::signed_in(&running, "mo@example.org", &[]);
    let mut conn = db.conn();
    let mut event = group_snapshot("Picnic");
    event.fields.kind = Kind::Event;
    assert!(matches!(p::start_group(&mut conn, mo, &event, now()), Err(directory::DirectoryError::Invalid { field: "kind", .. })));
    let org = directory::listing::insert(&mut conn, &directory::fixtures::listing(Kind::Organisation, "Oval Friends", 22, now()), &Tags::default()).unwrap();
    let mut owned = group_snapshot("Oval Walk");
    owned.fields.organisation_id = Some(org.id);
    assert!(matches!(p::start_group(&mut conn, mo, &owned, now()), Err(directory::DirectoryError::Invalid { .. })));
    let mut start = group_snapshot("Start");
    start.fields.slug = "start".into();
    assert!(matches!(p::start_group(&mut conn, mo, &start, now()), Err(directory::DirectoryError::Invalid { field: "slug", .. })), "/groups/start is the form");
    let n: i64 = member_led_groups::table.count().get_result(&mut conn).unwrap();
    assert_eq!(n, 0);
    // An organisation's group cannot be made member-led behind its back.
    let g = directory::listing::insert(&mut conn, &directory::fixtures::listing(Kind::Group, "Oval Run", 22, now()), &Tags::default()).unwrap();
    assert!(community::groups::add_founder(&mut conn, mo, g.id, now()).is_err());
    let n: i64 = group_members::table.filter(group_members::group_id.eq(g.id)).count().get_result(&mut conn).unwrap();
    assert_eq!(n, 0);
});
