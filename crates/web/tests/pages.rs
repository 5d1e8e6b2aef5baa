//! The real app, with its middleware, over a real database on both
//! backends: what people get for good and bad addresses.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use actix_web::http::StatusCode;
use actix_web::test::{call_service, init_service, TestRequest};
use chrono::{Duration, NaiveDateTime, Timelike};
use directory::fixtures::listing;
use directory::listing::{self as l, Tags};
use directory::{Facility, Kind, Reference};
use store::db_test;
use store::testing::TestDb;

#[macro_use]
mod common;

const LAMBETH: i32 = 22;

fn now() -> NaiveDateTime {
    chrono::Utc::now().naive_utc().with_nanosecond(0).unwrap()
}

fn seed(db: &TestDb) {
    let mut conn = db.conn();
    let r = Reference::load(&mut conn).unwrap();
    let t = now();
    let walking = r.interest_by_slug("walking").unwrap().id;
    let org = l::insert(
        &mut conn,
        &listing(Kind::Organisation, "Vauxhall Neighbours", LAMBETH, t),
        &Tags::default(),
    )
    .unwrap();
    let place = l::insert(
        &mut conn,
        &listing(Kind::Place, "Vauxhall Hall", LAMBETH, t),
        &Tags {
            facilities: vec![Facility::StepFree],
            ..Tags::default()
        },
    )
    .unwrap();
    let mut group = listing(Kind::Group, "Vauxhall Walkers", LAMBETH, t);
    group.organisation_id = Some(org.id);
    group.place_id = Some(place.id);
    group.starts_at = Some(t + Duration::hours(1));
    group.rrule = Some("FREQ=WEEKLY".into());
    l::insert(
        &mut conn,
        &group,
        &Tags {
            interests: vec![walking],
            ..Tags::default()
        },
    )
    .unwrap();
    let mut event = listing(Kind::Event, "Winter Walk", LAMBETH, t);
    event.organisation_id = Some(org.id);
    event.starts_at = Some(t + Duration::days(2));
    l::insert(
        &mut conn,
        &event,
        &Tags {
            interests: vec![walking],
            ..Tags::default()
        },
    )
    .unwrap();
    let mut hostile = listing(Kind::Group, "<script>alert(1)</script> Club", LAMBETH, t);
    hostile.slug = "hostile-club".into();
    hostile.description = "<img src=x onerror=alert(2)>".into();
    l::insert(&mut conn, &hostile, &Tags::default()).unwrap();
}

db_test!(fn public_pages_answer_with_what_people_need(db) {
    seed(db);
    let running = common::start(db);
    let state = running.state.clone();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;

        let (s, home) = get_page!(&app, "/");
        assert_eq!(s, StatusCode::OK);
        assert!(home.contains(r#"<html lang="en-GB">"#));
        assert!(home.contains(r##"href="#main-content""##));
        assert_eq!(home.matches("<h1").count(), 1);
        assert_eq!(home.matches(r#"href="/boroughs/"#).count(), 33);
        assert!(home.contains(r#"href="/get-help""#));
        assert!(home.contains("Winter Walk"), "this week's events on the home page");

        let (s, page) = get_page!(&app, "/groups/vauxhall-walkers");
        assert_eq!(s, StatusCode::OK);
        for needle in ["<h1 class=\"kith-heading-xl\">Vauxhall Walkers</h1>", "What to expect on your first visit", "Someone meets you at the door.", "Every ", "Step-free access", "Vauxhall Hall", "Vauxhall Neighbours", "SE11 5QY", "Lambeth", "Next dates"] {
            assert!(page.contains(needle), "group page lacks {needle:?}");
        }
        let (s, org) = get_page!(&app, "/organisations/vauxhall-neighbours");
        assert_eq!(s, StatusCode::OK);
        assert!(org.contains("Winter Walk") && org.contains("Vauxhall Walkers"));
        assert_eq!(get_page!(&app, "/places/vauxhall-hall").0, StatusCode::OK);
        assert_eq!(get_page!(&app, "/events/winter-walk").0, StatusCode::OK);

        // User text is always escaped.
        let (_, hostile) = get_page!(&app, "/groups/hostile-club");
        assert!(hostile.contains("&lt;script&gt;alert(1)&lt;/script&gt; Club"));
        assert!(!hostile.contains("<script>") && !hostile.contains("<img src=x"));

        let (s, borough) = get_page!(&app, "/boroughs/lambeth");
        assert_eq!(s, StatusCode::OK);
        assert!(borough.contains("ul class=\"kith-results\"") && borough.contains("/groups/vauxhall-walkers"));
        let (_, events_only) = get_page!(&app, "/boroughs/lambeth?kind=event");
        assert!(events_only.contains("Winter Walk") && !events_only.contains("Vauxhall Walkers</a></h3>"));
        assert!(borough.contains("href=\"/groups/start\">Start a group</a>"), "browsing groups, people can start one");
        assert!(!events_only.contains("href=\"/groups/start\""), "not when only events are shown");
        let (s, interest) = get_page!(&app, "/interests/sport-and-exercise");
        assert_eq!(s, StatusCode::OK);
        assert!(interest.contains("Vauxhall Walkers"), "a parent interest shows its children's listings");
        assert!(interest.contains("href=\"/groups/start\">Start a group</a>"));
        assert_eq!(get_page!(&app, "/interests").0, StatusCode::OK);
        assert_eq!(get_page!(&app, "/boroughs").0, StatusCode::OK);

        let (s, week) = get_page!(&app, "/whats-on");
        assert_eq!(s, StatusCode::OK);
        assert!(week.contains("Winter Walk"));
        assert_eq!(get_page!(&app, "/whats-on?when=today").0, StatusCode::OK);
        let day = (chrono::Utc::now() + Duration::days(2)).format("%Y-%m-%d").to_string();
        let uri = format!("/whats-on?date={day}");
        let (_, picked) = get_page!(&app, &uri);
        assert!(picked.contains("Winter Walk"));

        let (s, found) = get_page!(&app, "/search?q=WALKERS");
        assert_eq!(s, StatusCode::OK);
        assert!(found.contains("/groups/vauxhall-walkers"));
        let (_, none) = get_page!(&app, "/search?q=zzzzzz");
        assert!(none.contains("Nothing matched"));

        // Trailing slashes find the same page.
        assert_eq!(get_page!(&app, "/boroughs/lambeth/").0, StatusCode::OK);
        assert_eq!(get_page!(&app, "/get-help").0, StatusCode::OK);
        assert_eq!(get_page!(&app, "/about-the-data").0, StatusCode::OK);
        assert_eq!(get_page!(&app, "/healthz").0, StatusCode::OK);
    });
});

db_test!(fn bad_addresses_get_helpful_errors_never_500(db) {
    seed(db);
    let running = common::start(db);
    let state = running.state.clone();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        for uri in ["/nope", "/groups/nope", "/groups/vauxhall-hall", "/boroughs/atlantis", "/interests/nope", "/groups/%2e%2e%2fetc", "/boroughs/lambeth?page=9999"] {
            let (s, body) = get_page!(&app, uri);
            assert_eq!(s, StatusCode::NOT_FOUND, "{uri}");
            assert!(body.contains("Page not found"), "{uri}");
        }
        for uri in ["/boroughs/lambeth?page=abc", "/boroughs/lambeth?page=0", "/boroughs/lambeth?kind=cat", "/whats-on?date=2026-02-30", "/whats-on?date=1999-01-01", "/whats-on?when=someday", "/search?q=walk&page=-2", "/interests/walking?page=%ff"] {
            let (s, body) = get_page!(&app, uri);
            assert_eq!(s, StatusCode::BAD_REQUEST, "{uri}");
            assert!(body.contains("There is a problem"), "{uri}");
        }
    });
});

#[test]
fn stylesheet_is_served_and_cached() {
    let db = TestDb::new(store::Backend::Sqlite);
    let running = common::start(&db);
    let state = running.state.clone();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let (_, home) = get_page!(&app, "/");
        let start = home.find("/assets/kith-").unwrap();
        let href = &home[start..start + home[start..].find('"').unwrap()];
        let resp = call_service(&app, TestRequest::get().uri(href).to_request()).await;
        assert_eq!(resp.status(), StatusCode::OK);
        assert!(resp
            .headers()
            .get("cache-control")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("immutable"));
        let old = call_service(&app, TestRequest::get().uri("/assets/kith-old.css").to_request()).await;
        assert_eq!(old.status(), StatusCode::MOVED_PERMANENTLY);
    });
}

#[test]
fn a_database_outage_answers_503() {
    let db = TestDb::new(store::Backend::Postgres);
    seed(&db);
    let running = common::start(&db);
    let state = running.state.clone();
    let name = db.url.rsplit('/').next().unwrap().to_owned();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        assert_eq!(get_page!(&app, "/healthz").0, StatusCode::OK);
        let mut admin = store::connect(&store::testing::postgres_admin_url()).unwrap();
        use store::diesel::connection::SimpleConnection;
        admin
            .batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)"))
            .unwrap();
        assert_eq!(get_page!(&app, "/healthz").0, StatusCode::SERVICE_UNAVAILABLE);
        for _ in 0..3 {
            let (s, body) = get_page!(&app, "/groups/vauxhall-walkers");
            assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE);
            assert!(body.contains("service is unavailable"));
        }
    });
}
