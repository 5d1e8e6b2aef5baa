//! The search page and JSON API over a real index and database.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use actix_web::test::init_service;
use chrono::Timelike;
use directory::fixtures::listing;
use directory::listing::{self as l, Tags};
use directory::{Facility, Kind, Reference};
use store::db_test;

#[macro_use]
mod common;

fn seed(db: &store::testing::TestDb) {
    let mut conn = db.conn();
    let r = Reference::load(&mut conn).unwrap();
    let t = chrono::Utc::now().naive_utc().with_nanosecond(0).unwrap();
    let gardening = r.interest_by_slug("community-gardens-and-allotments").unwrap().id;
    let hall = l::insert(
        &mut conn,
        &listing(Kind::Place, "Kennington Hall", 22, t),
        &Tags {
            facilities: vec![Facility::StepFree],
            ..Tags::default()
        },
    )
    .unwrap();
    let mut near = listing(Kind::Group, "Kennington Allotment Club", 22, t);
    near.place_id = Some(hall.id);
    l::insert(
        &mut conn,
        &near,
        &Tags {
            interests: vec![gardening],
            ..Tags::default()
        },
    )
    .unwrap();
    // The same kind of thing far away, in Bromley.
    let mut far = listing(Kind::Group, "Orpington Allotment Society", 6, t);
    far.slug = "orpington-allotment-society".into();
    far.postcode = Some("BR6 0AA".into());
    far.latitude = Some(51.3740);
    far.longitude = Some(0.0980);
    l::insert(
        &mut conn,
        &far,
        &Tags {
            interests: vec![gardening],
            ..Tags::default()
        },
    )
    .unwrap();
}

db_test!(fn the_search_page_finds_filters_and_explains(db) {
    seed(db);
    let running = common::start(db);
    let state = running.state.clone();
    let index = running.index.clone();
    let pool = db.pool().clone();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;

        let (s, page) = get_page!(&app, "/search?q=allotment");
        assert_eq!(s, StatusCode::OK);
        assert!(page.contains("data-live-search") && page.contains("2 results for ‘allotment’"), "{page}");

        // Near a Lambeth postcode: the nearer club first, with distances.
        let (_, near) = get_page!(&app, "/search?q=allotments&near=se11+5qy&radius=20");
        let k = near.find("Kennington Allotment Club").unwrap();
        let o = near.find("Orpington Allotment Society").unwrap();
        assert!(k < o, "nearer first");
        assert!(near.contains("minutes' walk") && near.contains("within 20 miles of SE11 5QY"));
        let (_, close) = get_page!(&app, "/search?q=allotments&near=SE11+5QY&radius=1");
        assert!(close.contains("Kennington Allotment Club") && !close.contains("Orpington Allotment Society"));

        // Filters narrow, and each option says how many it would give.
        let (_, groups) = get_page!(&app, "/search?q=allotment&borough=bromley");
        assert!(groups.contains("Orpington") && !groups.contains("Kennington Allotment Club</a>"));
        let (_, step_free) = get_page!(&app, "/search?q=allotment&access=step_free");
        assert!(step_free.contains("Kennington Allotment Club") && !step_free.contains("Orpington Allotment Society</a>"));
        assert!(step_free.contains("Step-free access <span class=\"kith-count\">(1)</span>"));

        // Only the results, for the script.
        let (s, partial) = get_page!(&app, "/search?q=allotment&partial=results");
        assert_eq!(s, StatusCode::OK);
        assert!(!partial.contains("<html") && partial.contains("kith-results"));

        // Bad input: a 400 page with the message next to the field and what was typed kept.
        let (s, bad) = get_page!(&app, "/search?q=allotment&near=ZZ99+9ZZ");
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert!(bad.contains("kith-error-summary") && bad.contains("href=\"#near\""));
        assert!(bad.contains("kith-form-group--error") && bad.contains("value=\"ZZ99 9ZZ\""));
        let (s, bad) = get_page!(&app, "/search?near=SW9&radius=50");
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert!(bad.contains("href=\"#radius\""));
        // Every mistake at once, in the summary in the form's order and
        // beside each field, with what was typed kept.
        let (s, bad) = get_page!(&app, "/search?q=pottery&age=forty&near=ZZ99+9ZZ&radius=99&page=0");
        assert_eq!(s, StatusCode::BAD_REQUEST);
        let summary = &bad[bad.find("kith-error-summary__list").unwrap()..];
        let summary = &summary[..summary.find("</ul>").unwrap()];
        let at = |needle: &str| summary.find(needle).unwrap_or_else(|| panic!("{needle} missing from {summary}"));
        assert!(at("href=\"#near\"") < at("href=\"#radius\"") && at("href=\"#radius\"") < at("href=\"#age\""));
        assert!(at("href=\"#age\"") < at("href=\"#q\""), "the page's message links to the words box");
        for id in ["near-error", "radius-error", "age-error", "q-error"] {
            assert!(bad.contains(&format!("id=\"{id}\"")), "{id}");
        }
        assert!(bad.contains("aria-describedby=\"near-hint near-error\""));
        assert!(bad.contains("aria-describedby=\"age-error\""));
        assert!(bad.contains("value=\"ZZ99 9ZZ\"") && bad.contains("value=\"forty\"") && bad.contains("value=\"pottery\""));

        // Nothing found: what was searched and how to widen it.
        let (_, empty) = get_page!(&app, "/search?q=allotment&near=SE11+5QY&radius=0.25&free=true&access=hearing_loop");
        assert!(empty.contains("No results"));
        assert!(empty.contains("Search a wider area (1 miles)") || empty.contains("Search a wider area"));
        assert!(empty.contains("Without the access needs"));

        // JSON.
        let (s, json) = get_page!(&app, "/api/search?q=allotment&near=SE11%205QY&radius=20&per_page=1");
        assert_eq!(s, StatusCode::OK);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["total"], 2);
        assert_eq!(v["per_page"], 1);
        let first = &v["results"][0];
        assert_eq!(first["name"], "Kennington Allotment Club");
        assert_eq!(first["kind"], "group");
        assert_eq!(first["url"], "/groups/kennington-allotment-club");
        assert_eq!(first["borough"], "lambeth");
        assert!(first["distance_miles"].as_f64().unwrap() < 1.0);
        assert!(first["interests"].as_array().unwrap().iter().any(|i| i == "community-gardens-and-allotments"));
        assert!(v["facets"]["kind"].as_array().unwrap().iter().any(|f| f["value"] == "group" && f["count"] == 2));
        let (s, json) = get_page!(&app, "/api/search?near=SW9&radius=99");
        assert_eq!(s, StatusCode::BAD_REQUEST);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["field"], "radius");
        assert!(!v["error"].as_str().unwrap().is_empty());
        let (s, json) = get_page!(&app, "/api/search?kind=shop&near=SW9&radius=99");
        assert_eq!(s, StatusCode::BAD_REQUEST);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["field"], "kind");
        let all: Vec<&str> = v["errors"].as_array().unwrap().iter().map(|e| e["param"].as_str().unwrap()).collect();
        assert_eq!(all, ["kind", "radius"]);
        assert!(v["errors"][1]["message"].as_str().unwrap().contains("miles"));
        let (_, json) = get_page!(&app, "/api/suggest?q=allot");
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert!(v["suggestions"].as_array().unwrap().iter().any(|s| s["word"].as_str().unwrap().starts_with("allotment")));

        // A new listing becomes searchable (how fast is `kith bench
        // freshness`'s to measure, not a test's to time).
        let saved = {
            let mut conn = pool.get().unwrap();
            let t = chrono::Utc::now().naive_utc();
            l::insert(&mut conn, &listing(Kind::Group, "Vauxhall Allotment Friends", 22, t), &Tags::default()).unwrap();
            store::changes::latest(&mut conn).unwrap()
        };
        index.notify();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let (_, found) = get_page!(&app, "/search?q=vauxhall+allotment");
            if found.contains("Vauxhall Allotment Friends") {
                break;
            }
            assert!(Instant::now() < deadline, "never searchable (applied {} of {saved})", index.applied_seq());
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
    });
});
