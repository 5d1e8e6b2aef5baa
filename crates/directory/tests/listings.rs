//! The directory's queries against real databases, on both backends.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use chrono::{Duration, NaiveDateTime};
use directory::fixtures::listing;
use directory::listing::{self as l, Browse, Tags};
use directory::{Audience, CostKind, DirectoryError, Facility, Kind, Reference, Status};
use store::db_test;

const LAMBETH: i32 = 22;
const SOUTHWARK: i32 = 28;

/// Whole seconds: stored times and repeat rules work to the second.
fn now() -> NaiveDateTime {
    use chrono::Timelike;
    chrono::Utc::now().naive_utc().with_nanosecond(0).unwrap()
}

fn interest(r: &Reference, slug: &str) -> i32 {
    r.interest_by_slug(slug).unwrap().id
}

db_test!(fn reference_data_has_boroughs_and_a_two_level_taxonomy(db) {
    let mut conn = db.conn();
    let r = Reference::load(&mut conn).unwrap();
    assert_eq!(r.boroughs.len(), 33);
    assert_eq!(r.borough_by_slug("lambeth").unwrap().code, "E09000022");
    assert_eq!(r.borough_by_code("E09000028").unwrap().name, "Southwark");
    let sport = r.interest_by_slug("sport-and-exercise").unwrap();
    let walking = r.interest_by_slug("walking").unwrap();
    assert_eq!(walking.parent_id, Some(sport.id));
    assert!(r.interest_and_children(sport.id).contains(&walking.id));
    assert!(r.top_interests().count() >= 12);
    // Display order: each parent is followed by its children.
    let pos = |slug: &str| r.interests.iter().position(|i| i.slug == slug).unwrap();
    assert_eq!(pos("walking"), pos("sport-and-exercise") + 1);
});

db_test!(fn listing_pages_show_only_published_listings_with_everything_attached(db) {
    let mut conn = db.conn();
    let r = Reference::load(&mut conn).unwrap();
    let t = now();
    let org = l::insert(&mut conn, &listing(Kind::Organisation, "Kennington Friends", LAMBETH, t), &Tags {
        boroughs_served: vec![SOUTHWARK],
        ..Tags::default()
    }).unwrap();
    let place = l::insert(&mut conn, &listing(Kind::Place, "Oval Hall", LAMBETH, t), &Tags {
        facilities: vec![Facility::StepFree, Facility::HearingLoop],
        ..Tags::default()
    }).unwrap();
    let mut group = listing(Kind::Group, "Oval Pottery Club", LAMBETH, t);
    group.organisation_id = Some(org.id);
    group.place_id = Some(place.id);
    group.starts_at = Some(t - Duration::days(14));
    group.ends_at = Some(t - Duration::days(14) + Duration::hours(2));
    group.rrule = Some("FREQ=WEEKLY".into());
    group.cost_kind = CostKind::Price;
    group.cost_pence = Some(350);
    let group = l::insert(&mut conn, &group, &Tags {
        interests: vec![interest(&r, "pottery-and-ceramics")],
        audiences: vec![Audience::OlderPeople],
        ..Tags::default()
    }).unwrap();

    let d = l::find_public(&mut conn, Kind::Group, "oval-pottery-club", t).unwrap();
    assert_eq!(d.listing.id, group.id);
    assert_eq!(d.organisation.as_ref().unwrap().name, "Kennington Friends");
    assert_eq!(d.place.as_ref().unwrap().name, "Oval Hall");
    assert_eq!(d.place_facilities.len(), 2);
    assert_eq!(d.tags.audiences, vec![Audience::OlderPeople]);
    assert!(d.upcoming.len() >= 8, "weekly sessions for 3 months: {}", d.upcoming.len());
    assert!(d.upcoming.windows(2).all(|w| w[1].starts_at - w[0].starts_at == Duration::days(7)));
    assert_eq!(l::cost_words(d.listing.cost_kind, d.listing.cost_pence), "£3.50");

    let o = l::find_public(&mut conn, Kind::Organisation, "kennington-friends", t).unwrap();
    assert_eq!(o.related.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), vec!["Oval Pottery Club"]);
    assert_eq!(o.tags.boroughs_served, vec![SOUTHWARK]);
    let p = l::find_public(&mut conn, Kind::Place, "oval-hall", t).unwrap();
    assert_eq!(p.related.len(), 1);

    // The wrong kind, an unknown slug, a malformed slug, and an unpublished listing are all "not found".
    for (kind, slug) in [(Kind::Event, "oval-pottery-club"), (Kind::Group, "nope"), (Kind::Group, "../etc")] {
        assert!(matches!(l::find_public(&mut conn, kind, slug, t), Err(DirectoryError::NotFound { .. })));
    }
    l::set_status(&mut conn, group.id, Status::Archived, t).unwrap();
    assert!(matches!(l::find_public(&mut conn, Kind::Group, "oval-pottery-club", t), Err(DirectoryError::NotFound { .. })));
    assert!(l::find_public(&mut conn, Kind::Organisation, "kennington-friends", t).unwrap().related.is_empty());
});

db_test!(fn browse_by_interest_and_borough_pages_and_counts(db) {
    let mut conn = db.conn();
    let r = Reference::load(&mut conn).unwrap();
    let t = now();
    let walking = interest(&r, "walking");
    let sport = interest(&r, "sport-and-exercise");
    for i in 0..25 {
        let mut new = listing(Kind::Group, &format!("Walk {i:02}"), LAMBETH, t);
        if i == 0 { new.borough_id = Some(SOUTHWARK); }
        l::insert(&mut conn, &new, &Tags { interests: vec![walking, sport], ..Tags::default() }).unwrap();
    }
    // Not shown anywhere: a draft, an archived listing and a past one-off event.
    let mut draft = listing(Kind::Group, "Draft Walk", LAMBETH, t);
    draft.status = Status::Draft;
    l::insert(&mut conn, &draft, &Tags { interests: vec![walking], ..Tags::default() }).unwrap();
    let mut past = listing(Kind::Event, "Old Walk", LAMBETH, t);
    past.starts_at = Some(t - Duration::days(3));
    l::insert(&mut conn, &past, &Tags { interests: vec![walking], ..Tags::default() }).unwrap();
    // A Southwark charity that also serves Lambeth.
    l::insert(&mut conn, &listing(Kind::Organisation, "Borough Walkers", SOUTHWARK, t), &Tags {
        interests: vec![walking],
        boroughs_served: vec![LAMBETH],
        ..Tags::default()
    }).unwrap();

    let by_sport = Browse::Interests(r.interest_and_children(sport));
    let p1 = l::browse(&mut conn, &by_sport, None, 1, 20, t).unwrap();
    assert_eq!(p1.total, 26);
    assert_eq!(p1.items.len(), 20);
    assert_eq!(p1.pages(), 2);
    assert_eq!(p1.items[0].name, "Borough Walkers");
    let p2 = l::browse(&mut conn, &by_sport, None, 2, 20, t).unwrap();
    assert_eq!(p2.items.len(), 6);
    assert!(p2.items.iter().all(|c| !p1.items.iter().any(|d| d.id == c.id)));
    let groups = l::browse(&mut conn, &by_sport, Some(Kind::Group), 1, 50, t).unwrap();
    assert_eq!(groups.total, 25);
    let kinds = l::browse_kind_counts(&mut conn, &by_sport, t).unwrap();
    assert!(kinds.contains(&(Kind::Group, 25)) && kinds.contains(&(Kind::Organisation, 1)) && kinds.contains(&(Kind::Event, 0)));

    let lambeth = l::browse(&mut conn, &Browse::Borough(LAMBETH), None, 1, 100, t).unwrap();
    assert_eq!(lambeth.total, 25, "24 located in Lambeth + 1 serving it");
    assert!(lambeth.items.iter().any(|c| c.name == "Borough Walkers"));

    let counts = l::interest_counts(&mut conn, t).unwrap();
    assert_eq!(counts.get(&walking), Some(&26));
    assert_eq!(counts.get(&sport), Some(&26), "tagged with parent and child counts once");
    let boroughs = l::borough_counts(&mut conn, t).unwrap();
    assert_eq!(boroughs.get(&LAMBETH), Some(&25));
    assert_eq!(boroughs.get(&SOUTHWARK), Some(&2));
});

db_test!(fn whats_on_expands_recurring_events_and_marks_cancellations(db) {
    let mut conn = db.conn();
    let t = now();
    let mut weekly = listing(Kind::Event, "Weekly Quiz", LAMBETH, t);
    let first = t + Duration::hours(2);
    weekly.starts_at = Some(first);
    weekly.ends_at = Some(first + Duration::hours(1));
    weekly.rrule = Some("FREQ=WEEKLY;COUNT=10".into());
    let weekly = l::insert(&mut conn, &weekly, &Tags::default()).unwrap();
    let mut once = listing(Kind::Event, "Harvest Supper", LAMBETH, t);
    once.starts_at = Some(t + Duration::days(3));
    l::insert(&mut conn, &once, &Tags::default()).unwrap();
    let mut later = listing(Kind::Event, "Spring Fair", LAMBETH, t);
    later.starts_at = Some(t + Duration::days(40));
    l::insert(&mut conn, &later, &Tags::default()).unwrap();

    let second = first + Duration::days(7);
    l::cancel_occurrence(&mut conn, weekly.id, second, "Hall closed").unwrap();
    // A session that does not exist cannot be cancelled.
    assert!(matches!(l::cancel_occurrence(&mut conn, weekly.id, first + Duration::days(1), "x"), Err(DirectoryError::Invalid { .. })));

    let fortnight = l::whats_on(&mut conn, t, t + Duration::days(14)).unwrap();
    let names: Vec<_> = fortnight.iter().map(|w| w.card.name.as_str()).collect();
    assert_eq!(names, vec!["Weekly Quiz", "Harvest Supper", "Weekly Quiz"]);
    assert!(fortnight[0].occurrence.cancelled.is_none());
    assert_eq!(fortnight[2].occurrence.cancelled.as_deref(), Some("Hall closed"));
    assert_eq!(fortnight[0].occurrence.ends_at, Some(first + Duration::hours(1)));
    let all = l::whats_on(&mut conn, t, t + Duration::days(100)).unwrap();
    assert_eq!(all.iter().filter(|w| w.card.name == "Weekly Quiz").count(), 10);
    assert_eq!(all.last().unwrap().card.name, "Weekly Quiz");
    assert!(all.windows(2).all(|w| w[0].occurrence.starts_at <= w[1].occurrence.starts_at));
});

db_test!(fn invalid_listings_are_refused_with_the_field_named(db) {
    let mut conn = db.conn();
    let t = now();
    let field = |new: &directory::NewListing| match l::validate(new) {
        Err(DirectoryError::Invalid { field, .. }) => field,
        other => panic!("expected invalid, got {other:?}"),
    };
    let mut n = listing(Kind::Event, "  ", LAMBETH, t);
    assert_eq!(field(&n), "name");
    n.name = "Quiz".into();
    n.starts_at = None;
    assert_eq!(field(&n), "starts_at");
    n.starts_at = Some(t);
    n.ends_at = Some(t - Duration::hours(1));
    assert_eq!(field(&n), "ends_at");
    n.ends_at = None;
    n.rrule = Some("FREQ=OFTEN".into());
    assert_eq!(field(&n), "rrule");
    n.rrule = None;
    n.cost_kind = CostKind::Price;
    assert_eq!(field(&n), "cost");
    n.cost_kind = CostKind::Free;
    n.slug = "Not A Slug".into();
    assert_eq!(field(&n), "slug");
    n.slug = "quiz".into();
    n.age_min = Some(40);
    n.age_max = Some(18);
    assert_eq!(field(&n), "age");
    n.age_min = None;
    l::insert(&mut conn, &n, &Tags::default()).unwrap();
    // The same address twice is a database error, not a panic.
    assert!(l::insert(&mut conn, &n, &Tags::default()).is_err());
});

/// Stores a move directly, as `publishing::move_occurrence` would (which
/// refuses sessions already past, one case tested here).
fn store_move(conn: &mut store::AnyConnection, id: i32, original: NaiveDateTime, to: NaiveDateTime, t: NaiveDateTime) {
    use diesel::prelude::*;
    use store::schema::occurrence_moves as m;
    diesel::insert_into(m::table)
        .values((
            m::listing_id.eq(id),
            m::original_starts_at.eq(original),
            m::starts_at.eq(to),
            m::ends_at.eq(None::<NaiveDateTime>),
            m::note.eq("Moved for the test"),
            m::moved_by.eq(None::<i32>),
            m::moved_at.eq(t),
        ))
        .execute(conn)
        .unwrap();
}

db_test!(fn cards_show_the_next_session_that_goes_ahead_with_moves_and_cancellations(db) {
    let mut conn = db.conn();
    let t = now();
    let first = t + Duration::hours(2);
    let week = Duration::days(7);
    let org = l::insert(&mut conn, &listing(Kind::Organisation, "Vauxhall Neighbours", LAMBETH, t), &Tags::default()).unwrap();
    let weekly = |name: &str, from: NaiveDateTime| {
        let mut g = listing(Kind::Group, name, LAMBETH, t);
        g.organisation_id = Some(org.id);
        g.starts_at = Some(from);
        g.ends_at = Some(from + Duration::hours(1));
        g.rrule = Some("FREQ=WEEKLY;COUNT=10".into());
        g
    };
    // The first session is cancelled: the next is a week later.
    let cancelled = l::insert(&mut conn, &weekly("Cancelled Choir", first), &Tags::default()).unwrap();
    l::cancel_occurrence(&mut conn, cancelled.id, first, "Hall closed").unwrap();
    // The first session is held a day later: that is when it next meets.
    let moved = l::insert(&mut conn, &weekly("Moved Mosaics", first), &Tags::default()).unwrap();
    store_move(&mut conn, moved.id, first, first + Duration::days(1), t);
    // Moved, then cancelled (against its usual time): the week after.
    let both = l::insert(&mut conn, &weekly("Both Bridge Club", first), &Tags::default()).unwrap();
    store_move(&mut conn, both.id, first, first + Duration::days(1), t);
    l::cancel_occurrence(&mut conn, both.id, first, "Leader away").unwrap();
    // Last week's session moved to an hour from now and then cancelled:
    // its cancellation is kept under a time before the window.
    let early = l::insert(&mut conn, &weekly("Early Knitters", first - week), &Tags::default()).unwrap();
    store_move(&mut conn, early.id, first - week, t + Duration::hours(1), t);
    l::cancel_occurrence(&mut conn, early.id, first - week, "Nobody free").unwrap();
    // A one-off event that is cancelled has nothing next; nor has a place.
    let mut once = listing(Kind::Event, "Cancelled Fair", LAMBETH, t);
    once.starts_at = Some(t + Duration::days(3));
    let once = l::insert(&mut conn, &once, &Tags::default()).unwrap();
    l::cancel_occurrence(&mut conn, once.id, t + Duration::days(3), "Rain").unwrap();
    let place = l::insert(&mut conn, &listing(Kind::Place, "Vauxhall Hall", LAMBETH, t), &Tags::default()).unwrap();
    // Nothing moved or cancelled: the usual next session.
    let plain = l::insert(&mut conn, &weekly("Plain Painters", first), &Tags::default()).unwrap();

    let ids = [cancelled.id, moved.id, both.id, early.id, once.id, place.id, plain.id];
    let cards = l::cards_by_ids(&mut conn, &ids).unwrap();
    let next = l::next_sessions(&mut conn, &cards, t).unwrap();
    assert_eq!(next.get(&cancelled.id), Some(&(first + week)));
    assert_eq!(next.get(&moved.id), Some(&(first + Duration::days(1))));
    assert_eq!(next.get(&both.id), Some(&(first + week)));
    assert_eq!(next.get(&early.id), Some(&first), "the cancelled moved session is skipped");
    assert_eq!(next.get(&once.id), None);
    assert_eq!(next.get(&place.id), None);
    assert_eq!(next.get(&plain.id), Some(&first));
    assert_eq!(next.len(), 5);

    // The organisation's page lists its groups with the same dates.
    let d = l::find_public(&mut conn, Kind::Organisation, "vauxhall-neighbours", t).unwrap();
    assert_eq!(d.related.len(), 5);
    assert_eq!(d.related_next.get(&cancelled.id), Some(&(first + week)));
    assert_eq!(d.related_next.get(&moved.id), Some(&(first + Duration::days(1))));
    // And what's on agrees: the moved session at its new time, the
    // cancelled ones marked.
    let group_page = l::find_public(&mut conn, Kind::Group, "both-bridge-club", t).unwrap();
    assert_eq!(group_page.upcoming[0].starts_at, first + Duration::days(1));
    assert_eq!(group_page.upcoming[0].cancelled.as_deref(), Some("Leader away"));
    let early_page = l::find_public(&mut conn, Kind::Group, "early-knitters", t).unwrap();
    assert_eq!(early_page.upcoming[0].starts_at, t + Duration::hours(1));
    assert_eq!(early_page.upcoming[0].cancelled.as_deref(), Some("Nobody free"));
});

db_test!(fn next_sessions_look_past_a_month_of_cancellations(db) {
    let mut conn = db.conn();
    let t = now();
    let first = t + Duration::hours(2);
    let mut g = listing(Kind::Group, "Rare Readers", LAMBETH, t);
    g.starts_at = Some(first);
    g.rrule = Some("FREQ=WEEKLY;COUNT=8".into());
    let g = l::insert(&mut conn, &g, &Tags::default()).unwrap();
    for week in 0..6 {
        l::cancel_occurrence(&mut conn, g.id, first + Duration::days(7 * week), "Closed").unwrap();
    }
    let cards = l::cards_by_ids(&mut conn, &[g.id]).unwrap();
    assert_eq!(l::next_sessions(&mut conn, &cards, t).unwrap().get(&g.id), Some(&(first + Duration::days(42))));
    for week in 6..8 {
        l::cancel_occurrence(&mut conn, g.id, first + Duration::days(7 * week), "Closed").unwrap();
    }
    assert!(l::next_sessions(&mut conn, &cards, t).unwrap().is_empty(), "every session is cancelled");
});
