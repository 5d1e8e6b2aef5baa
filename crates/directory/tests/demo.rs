//! The demo content: the hand-written city a newcomer explores, and the
//! generated bulk content used for benchmarks, on both databases.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use std::collections::{HashMap, HashSet};

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use directory::demo::{self, DemoSummary};
use directory::listing::{self, Listing};
use directory::{Audience, CostKind, DirectoryError, Gazetteer, Kind, Opportunity, PostcodeQuery, Reference, Status};
use store::schema::{
    listing_audiences, listing_boroughs_served, listing_facilities, listing_interests, listings,
    occurrence_cancellations,
};
use store::testing::TestDb;
use store::{AnyConnection, Backend};

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 24)
        .unwrap()
        .and_hms_opt(9, 30, 0)
        .unwrap()
}

fn all_listings(conn: &mut AnyConnection) -> Vec<Listing> {
    listings::table
        .select(Listing::as_select())
        .order(listings::id)
        .load(conn)
        .unwrap()
}

fn load_city(conn: &mut AnyConnection) -> DemoSummary {
    let reference = Reference::load(conn).unwrap();
    demo::load(conn, &reference, now()).unwrap()
}

/// Boroughs by ONS number: Lambeth, Southwark, Ealing, Bromley, Brent, Hounslow.
const FOCUS: [(i32, &str); 6] = [
    (22, "Lambeth"),
    (28, "Southwark"),
    (9, "Ealing"),
    (6, "Bromley"),
    (5, "Brent"),
    (18, "Hounslow"),
];

fn published(all: &[Listing], kind: Kind) -> Vec<&Listing> {
    all.iter()
        .filter(|l| l.kind == kind && l.status == Status::Published)
        .collect()
}

store::db_test!(fn load_builds_a_full_fictional_london(db) {
    let mut pooled = db.conn();
    let conn = &mut *pooled;
    let started = std::time::Instant::now();
    let summary = load_city(conn);
    eprintln!("{:?}: loaded {summary:?} in {:.2?}", db.backend, started.elapsed());
    let all = all_listings(conn);

    // What was loaded is what the summary says.
    let count = |k: Kind| all.iter().filter(|l| l.kind == k).count();
    assert_eq!(
        summary,
        DemoSummary {
            organisations: count(Kind::Organisation),
            groups: count(Kind::Group),
            events: count(Kind::Event),
            places: count(Kind::Place),
        }
    );
    let orgs = published(&all, Kind::Organisation);
    let groups = published(&all, Kind::Group);
    let events = published(&all, Kind::Event);
    let places = published(&all, Kind::Place);
    assert!(orgs.len() >= 150, "{} organisations", orgs.len());
    assert!(groups.len() >= 400, "{} groups", groups.len());
    assert!(events.len() >= 300, "{} events", events.len());
    assert!(places.len() >= 100, "{} places", places.len());

    // Spread over London, with six boroughs covered thoroughly.
    let org_boroughs: HashSet<i32> = orgs.iter().filter_map(|l| l.borough_id).collect();
    assert_eq!(org_boroughs.len(), 33, "organisations in every borough");
    for (id, name) in FOCUS {
        let in_borough = |list: &[&Listing]| list.iter().filter(|l| l.borough_id == Some(id)).count();
        assert!(in_borough(&orgs) >= 15, "{name}: {} organisations", in_borough(&orgs));
        assert!(in_borough(&groups) >= 35, "{name}: {} groups", in_borough(&groups));
        assert!(in_borough(&events) >= 25, "{name}: {} events", in_borough(&events));
        assert!(in_borough(&places) >= 8, "{name}: {} places", in_borough(&places));
    }

    // Every published listing is tagged and has the words a newcomer needs.
    let tagged: HashSet<i32> =
        listing_interests::table.select(listing_interests::listing_id).distinct().load(conn).unwrap().into_iter().collect();
    let public: Vec<&Listing> = all.iter().filter(|l| l.status == Status::Published).collect();
    for l in &public {
        assert!(tagged.contains(&l.id), "{} has no interest", l.name);
        assert!(!l.summary.trim().is_empty(), "{} has no summary", l.name);
        assert!(l.first_visit.len() > 60, "{} first visit: {:?}", l.name, l.first_visit);
        let sentences = l.description.replace("Co. ", "Co ").matches(". ").count() + 1;
        assert!((2..=4).contains(&sentences), "{}: {sentences} sentences in {:?}", l.name, l.description);
        for text in [&l.name, &l.summary, &l.description, &l.first_visit, &l.address] {
            assert!(!text.contains('{') && !text.contains('}'), "unfilled placeholder in {text:?}");
        }
        assert!(directory::slug::is_slug(&l.slug), "{}", l.slug);
        assert!(l.contact_email.ends_with(".example.org"), "{}", l.contact_email);
        assert!(l.contact_phone.starts_with("020 7946 0") && l.contact_phone.len() == 13, "{}", l.contact_phone);
        assert!(l.website.starts_with("https://") && l.website.contains(".example.org"), "{}", l.website);
        assert!(!l.contact_name.is_empty());
        assert!(l.last_checked_at <= now() && l.last_checked_at > now() - Duration::days(366), "{}", l.name);
        assert!(l.created_at <= l.last_checked_at);
    }
    let tags_per_listing = listing_interests::table.count().get_result::<i64>(conn).unwrap() as f64 / all.len() as f64;
    assert!((1.2..=3.0).contains(&tags_per_listing), "{tags_per_listing} interests per listing");

    // Unique names, and descriptions that do not read identically.
    let names: HashSet<&str> = all.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names.len(), all.len(), "names are unique");
    let descriptions: HashSet<&str> = all.iter().map(|l| l.description.as_str()).collect();
    assert!(descriptions.len() * 100 >= all.len() * 95, "{} distinct descriptions of {}", descriptions.len(), all.len());
    let first_visits: HashSet<&str> = all.iter().map(|l| l.first_visit.as_str()).collect();
    assert!(first_visits.len() * 100 >= all.len() * 90, "{} distinct first visits", first_visits.len());

    // A spread of opportunities, costs, audiences and ages.
    for o in Opportunity::ALL {
        let n = public.iter().filter(|l| l.opportunity == *o).count();
        assert!(n >= 15, "{o:?}: {n}");
    }
    let free = public.iter().filter(|l| l.cost_kind == CostKind::Free).count();
    let pwyc = public.iter().filter(|l| l.cost_kind == CostKind::PayWhatYouCan).count();
    let priced: Vec<&&Listing> = public.iter().filter(|l| l.cost_kind == CostKind::Price).collect();
    assert!(free * 2 > public.len(), "mostly free: {free} of {}", public.len());
    assert!(pwyc >= 30 && priced.len() >= 30, "{pwyc} pay what you can, {} priced", priced.len());
    assert!(priced.iter().all(|l| l.cost_pence.is_some_and(|p| p > 0)));
    assert!(public.iter().filter(|l| l.age_min.is_some() || l.age_max.is_some()).count() >= 30);
    assert!(public.iter().filter(|l| l.booking_required).count() >= 30);
    let audiences: Vec<Audience> = listing_audiences::table.select(listing_audiences::audience).load(conn).unwrap();
    let audience_kinds: HashSet<Audience> = audiences.iter().copied().collect();
    assert_eq!(audience_kinds.len(), Audience::ALL.len(), "every audience is used: {audience_kinds:?}");
    let served: Vec<(i32, i32)> = listing_boroughs_served::table
        .select((listing_boroughs_served::listing_id, listing_boroughs_served::borough_id))
        .load(conn)
        .unwrap();
    let serving: HashSet<i32> = served.iter().map(|s| s.0).collect();
    assert!(serving.len() >= 15, "{} organisations serve several boroughs", serving.len());
    assert!(serving.iter().all(|id| orgs.iter().any(|o| o.id == *id)));

    // Places have real postcodes in their own borough, and access details.
    let gazetteer = Gazetteer::london();
    let with_facilities: HashSet<i32> =
        listing_facilities::table.select(listing_facilities::listing_id).distinct().load(conn).unwrap().into_iter().collect();
    for p in &places {
        let pc = p.postcode.as_deref().unwrap();
        let loc = gazetteer.find(&PostcodeQuery::Full(pc.to_owned())).unwrap_or_else(|| panic!("{pc} is not a London postcode"));
        assert_eq!(Some(i32::from(loc.borough)), p.borough_id, "{} at {pc}", p.name);
        assert_eq!(p.latitude, Some(loc.latitude));
        assert_eq!(p.longitude, Some(loc.longitude));
        assert!(!p.address.is_empty());
    }
    let equipped = places.iter().filter(|p| with_facilities.contains(&p.id)).count();
    assert!(equipped * 10 >= places.len() * 9, "{equipped} of {} places list facilities", places.len());

    // Groups are run by organisations, mostly at places, mostly at regular times.
    let ids: HashMap<i32, &Listing> = all.iter().map(|l| (l.id, l)).collect();
    for l in groups.iter().chain(&events) {
        let org = l.organisation_id.and_then(|id| ids.get(&id)).unwrap_or_else(|| panic!("{} has no organisation", l.name));
        assert_eq!(org.kind, Kind::Organisation);
        if let Some(place) = l.place_id.and_then(|id| ids.get(&id)) {
            assert_eq!(place.kind, Kind::Place);
            assert_eq!(l.postcode, place.postcode, "{} is at its place", l.name);
        }
        if let (Some(s), Some(e)) = (l.starts_at, l.ends_at) {
            assert!(e > s);
        }
    }
    let at_place = groups.iter().filter(|l| l.place_id.is_some()).count();
    let regular = groups.iter().filter(|l| l.rrule.is_some() && l.starts_at.is_some()).count();
    assert!(at_place * 10 >= groups.len() * 8, "{at_place} of {} groups at a place", groups.len());
    assert!(regular * 10 >= groups.len() * 8, "{regular} of {} groups meet regularly", groups.len());
    assert!(groups.iter().any(|l| l.rrule.as_deref().is_some_and(|r| r.starts_with("FREQ=MONTHLY;BYDAY="))));
    assert!(groups.iter().any(|l| l.rrule.as_deref().is_some_and(|r| r.contains("INTERVAL=2"))));

    // Events: one-offs over the next three months and recurring ones.
    let one_offs: Vec<&&Listing> = events.iter().filter(|l| l.rrule.is_none()).collect();
    let recurring: Vec<&&Listing> = events.iter().filter(|l| l.rrule.is_some()).collect();
    assert!(one_offs.len() >= 100 && recurring.len() >= 80, "{} one-off, {} recurring", one_offs.len(), recurring.len());
    for e in &one_offs {
        let s = e.starts_at.unwrap();
        assert!(s > now() && s < now() + Duration::days(93), "{} on {s}", e.name);
    }
    let rule_has = |part: &str| recurring.iter().filter(|l| l.rrule.as_deref().is_some_and(|r| r.contains(part))).count();
    assert!(rule_has("COUNT=") >= 20 && rule_has("UNTIL=") >= 5, "{} counted, {} until", rule_has("COUNT="), rule_has("UNTIL="));
    assert!(recurring.len() > rule_has("COUNT=") + rule_has("UNTIL="), "some recurring events are open-ended");
    assert!(one_offs.iter().filter(|e| e.starts_at.unwrap() < now() + Duration::days(7)).count() >= 5);
    // Nothing in the next three months is too long a wait for a newcomer.
    let week = listing::whats_on(conn, now(), now() + Duration::days(7)).unwrap();
    assert!(week.len() >= 10, "{} sessions this week", week.len());
    let fortnight = listing::whats_on(conn, now(), now() + Duration::days(14)).unwrap();
    let cancelled: Vec<_> = fortnight.iter().filter(|w| w.occurrence.cancelled.is_some()).collect();
    assert!(cancelled.len() >= 3, "{} cancellations in the next fortnight", cancelled.len());
    assert!(cancelled.iter().all(|w| !w.occurrence.cancelled.as_deref().unwrap_or("").is_empty()));
    let stored: i64 = occurrence_cancellations::table.count().get_result(conn).unwrap();
    assert_eq!(stored as usize, cancelled.len());

    // Followers of the change log (the search indexer) hear about every listing.
    let created: HashSet<i32> = store::changes::since(conn, 0, 1_000_000)
        .unwrap()
        .into_iter()
        .filter(|c| c.entity == listing::CHANGE_ENTITY && c.action == "created")
        .map(|c| c.entity_id)
        .collect();
    assert_eq!(created.len(), all.len());

    // A few listings are not public, and the public site never shows them.
    let hidden: Vec<&Listing> = all.iter().filter(|l| l.status != Status::Published).collect();
    let statuses: HashSet<Status> = hidden.iter().map(|l| l.status).collect();
    assert!(hidden.len() >= 5 && statuses.len() == 3, "{} hidden in {statuses:?}", hidden.len());
    for l in &hidden {
        let err = listing::find_public(conn, l.kind, &l.slug, now()).unwrap_err();
        assert!(matches!(err, DirectoryError::NotFound { .. }), "{} is shown publicly", l.name);
    }
    let hidden_ids: HashSet<i32> = hidden.iter().map(|l| l.id).collect();
    let months = listing::whats_on(conn, now() - Duration::days(365), now() + Duration::days(92)).unwrap();
    assert!(months.iter().all(|w| !hidden_ids.contains(&w.card.id)));

    // A public page works for one of everything.
    for kind in Kind::ALL {
        let l = all.iter().find(|l| l.kind == *kind && l.status == Status::Published).unwrap();
        let detail = listing::find_public(conn, *kind, &l.slug, now()).unwrap();
        assert!(!detail.tags.interests.is_empty());
    }
});

store::db_test!(fn load_is_deterministic(db) {
    let other = TestDb::new(db.backend);
    let mut a = db.conn();
    let mut b = other.conn();
    load_city(&mut a);
    load_city(&mut b);
    let key = |l: &Listing| {
        (l.kind, l.slug.clone(), l.name.clone(), l.description.clone(), l.first_visit.clone(), l.postcode.clone(), l.starts_at, l.rrule.clone())
    };
    let left: Vec<_> = all_listings(&mut a).iter().map(key).collect();
    let right: Vec<_> = all_listings(&mut b).iter().map(key).collect();
    assert_eq!(left.len(), right.len());
    assert!(left == right, "two loads with the same `now` differ");
});

store::db_test!(fn load_scale_generates_tagged_listings(db) {
    let mut pooled = db.conn();
    let conn = &mut *pooled;
    let reference = Reference::load(conn).unwrap();
    let summary = demo::load_scale(conn, &reference, 2_000, now()).unwrap();
    assert_eq!(summary, DemoSummary { organisations: 300, groups: 900, events: 600, places: 200 });
    let all = all_listings(conn);
    assert_eq!(all.len(), 2_000);
    let tagged: HashSet<i32> =
        listing_interests::table.select(listing_interests::listing_id).distinct().load(conn).unwrap().into_iter().collect();
    assert_eq!(tagged.len(), 2_000, "every listing has an interest");
    let boroughs: HashSet<i32> = all.iter().filter_map(|l| l.borough_id).collect();
    assert_eq!(boroughs.len(), 33);
    let gazetteer = Gazetteer::london();
    for l in all.iter().filter(|l| l.kind == Kind::Place) {
        let loc = gazetteer.find(&PostcodeQuery::Full(l.postcode.clone().unwrap())).unwrap();
        assert_eq!(Some(i32::from(loc.borough)), l.borough_id);
    }
    for l in all.iter().filter(|l| matches!(l.kind, Kind::Group | Kind::Event)) {
        assert!(l.organisation_id.is_some(), "{} has no organisation", l.name);
        assert!(!l.first_visit.is_empty() && !l.description.contains('{'));
    }
    let published = all.iter().filter(|l| l.status == Status::Published).count();
    assert!((1_900..2_000).contains(&published), "{published} published");
    // Confirmed within the last five months, so none is due a reminder.
    for l in &all {
        assert!(l.last_checked_at > now() - Duration::days(151) && l.last_checked_at <= now(), "{}", l.name);
        assert!(l.created_at <= l.last_checked_at && l.updated_at == l.last_checked_at, "{}", l.name);
    }
    let week = listing::whats_on(conn, now(), now() + Duration::days(7)).unwrap();
    assert!(week.len() >= 50, "{} sessions this week", week.len());
    let audiences: i64 = listing_audiences::table.count().get_result(conn).unwrap();
    let facilities: i64 = listing_facilities::table.count().get_result(conn).unwrap();
    let served: i64 = listing_boroughs_served::table.count().get_result(conn).unwrap();
    assert!(audiences > 100 && facilities > 200 && served > 50, "{audiences} {facilities} {served}");

    // Tiny runs work too, even with no organisations or places to refer to.
    let tiny = demo::load_scale(conn, &reference, 7, now()).unwrap();
    assert_eq!(tiny.organisations + tiny.groups + tiny.events + tiny.places, 7);

    // It can run again on top, and after the hand-written content.
    let again = demo::load_scale(conn, &reference, 300, now()).unwrap();
    assert_eq!(again.organisations + again.groups + again.events + again.places, 300);
    demo::load(conn, &reference, now()).unwrap();
    let slugs: HashSet<String> = all_listings(conn).into_iter().map(|l| l.slug).collect();
    assert!(slugs.len() > 3_300);
});

fn time_scale(backend: Backend) {
    let db = TestDb::new(backend);
    let mut pooled = db.conn();
    let conn = &mut *pooled;
    let reference = Reference::load(conn).unwrap();
    directory::Gazetteer::london();
    let started = std::time::Instant::now();
    let summary = demo::load(conn, &reference, now()).unwrap();
    eprintln!("{backend:?}: load() {summary:?} in {:.2?}", started.elapsed());
    let started = std::time::Instant::now();
    let summary = demo::load_scale(conn, &reference, 100_000, now()).unwrap();
    eprintln!(
        "{backend:?}: load_scale(100_000) {summary:?} in {:.2?}",
        started.elapsed()
    );
    assert_eq!(
        summary.organisations + summary.groups + summary.events + summary.places,
        100_000
    );
    let n: i64 = listings::table.count().get_result(conn).unwrap();
    assert!(n > 100_000);
}

/// `cargo test --release -p directory --test demo -- --ignored --nocapture`
#[test]
#[ignore = "benchmark: run in a release build"]
fn scale_timing_sqlite() {
    time_scale(Backend::Sqlite);
}

#[test]
#[ignore = "benchmark: run in a release build"]
fn scale_timing_postgres() {
    time_scale(Backend::Postgres);
}
