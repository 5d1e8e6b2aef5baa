//! Shared helpers for the search tests: fixed listings, an index in a
//! temporary folder, and searching with query-string pairs.

#![allow(dead_code)] // each test file uses a different part of this

use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike, Weekday};
use directory::fixtures::listing;
use directory::listing::{self as l, NewListing, Tags};
use directory::{recurrence, Gazetteer, Kind, Reference};
use directory::{Audience, CostKind, Facility};
use geo::{Destination, Haversine, Point};
use search::{Indexer, Options, SearchIndex, SearchParams, SearchResults};
use store::testing::TestDb;

pub const LAMBETH: i32 = 22;
pub const SOUTHWARK: i32 = 28;
pub const CAMDEN: i32 = 7;
/// SE11 5QY, where the fixture listings are unless moved.
pub const KENNINGTON: (f64, f64) = (51.4875, -0.1110);

/// Whole seconds: stored times work to the second.
pub fn now() -> NaiveDateTime {
    chrono::Utc::now().naive_utc().with_nanosecond(0).unwrap()
}

pub fn today() -> NaiveDate {
    recurrence::london_time(now()).date()
}

/// The first `day` at least `days` from today, at `hour`:00 London time,
/// as UTC: one-off events keep their weekday whatever day the tests run,
/// so day-of-week filters always see the same ones.
pub fn first_on_or_after(days: i64, day: Weekday, hour: u32) -> NaiveDateTime {
    let mut date = today() + chrono::Duration::days(days);
    while date.weekday() != day {
        date += chrono::Duration::days(1);
    }
    recurrence::from_london_time(date.and_hms_opt(hour, 0, 0).unwrap())
}

/// A weekly session on `day` at `hour`:`minute` London time that began a
/// few weeks ago: (first start, rule).
pub fn weekly(day: Weekday, hour: u32, minute: u32) -> (NaiveDateTime, String) {
    let mut date = today() - chrono::Duration::days(21);
    while date.weekday() != day {
        date -= chrono::Duration::days(1);
    }
    let start = recurrence::from_london_time(date.and_hms_opt(hour, minute, 0).unwrap());
    (start, "FREQ=WEEKLY".to_owned())
}

pub struct Fixtures<'a> {
    pub conn: store::PooledConnection,
    pub reference: Reference,
    pub now: NaiveDateTime,
    db: &'a TestDb,
}

impl<'a> Fixtures<'a> {
    pub fn new(db: &'a TestDb) -> Fixtures<'a> {
        let mut conn = db.conn();
        let reference = Reference::load(&mut conn).unwrap();
        Fixtures {
            conn,
            reference,
            now: now(),
            db,
        }
    }

    pub fn interest(&self, slug: &str) -> i32 {
        self.reference
            .interest_by_slug(slug)
            .unwrap_or_else(|| panic!("no interest {slug}"))
            .id
    }

    /// Inserts a published Lambeth listing, changed by `edit` first.
    pub fn add(&mut self, kind: Kind, name: &str, edit: impl FnOnce(&mut NewListing, &mut Tags)) -> i32 {
        let mut new = listing(kind, name, LAMBETH, self.now);
        let mut tags = Tags::default();
        edit(&mut new, &mut tags);
        l::insert(&mut self.conn, &new, &tags).unwrap().id
    }
}

/// An index of `db` in a fresh folder, polling briskly.
pub fn start(db: &TestDb) -> (SearchIndex, Indexer, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let (index, indexer) = start_in(db, dir.path());
    (index, indexer, dir)
}

pub fn start_in(db: &TestDb, dir: &std::path::Path) -> (SearchIndex, Indexer) {
    let mut options = Options::new(dir);
    options.poll_interval = Duration::from_millis(100);
    SearchIndex::start(db.pool().clone(), options).unwrap()
}

pub fn params(reference: &Reference, pairs: &[(&str, &str)]) -> SearchParams {
    let pairs: Vec<(String, String)> = pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    SearchParams::parse(&pairs, Gazetteer::london(), reference, today()).unwrap_or_else(|e| panic!("{pairs:?}: {e}"))
}

pub fn search(index: &SearchIndex, reference: &Reference, pairs: &[(&str, &str)]) -> SearchResults {
    index.search(&params(reference, pairs)).unwrap()
}

pub fn names(results: &SearchResults) -> Vec<String> {
    results.hits.iter().map(|h| h.name.clone()).collect()
}

/// Polls `check` until it holds, failing after ten seconds. Generous on
/// purpose: this checks that a change reaches the index at all; how fast it
/// does (the promise is within a second) is measured by `kith bench
/// freshness`, not timed in a test on a machine doing other things.
pub fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !check() {
        assert!(Instant::now() < deadline, "{what} never reached the index");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A point `miles` from Kennington on a north-east bearing, where the
/// bounding box reaches further than the radius.
fn north_east(miles: f64) -> (f64, f64) {
    let p = Haversine.destination(Point::new(KENNINGTON.1, KENNINGTON.0), 45.0, miles * 1609.344);
    (p.y(), p.x())
}

/// The listings every case searches.
pub fn dataset(fx: &mut Fixtures) {
    let pottery = fx.interest("pottery-and-ceramics");
    let painting = fx.interest("painting-and-drawing");
    let allotments = fx.interest("community-gardens-and-allotments");
    let walking = fx.interest("walking");
    let running = fx.interest("running");
    let gym = fx.interest("gym-and-fitness");
    let esol = fx.interest("english-classes-esol");
    let autism = fx.interest("autism-and-neurodiversity");
    let singing = fx.interest("singing-and-choirs");
    let yoga = fx.interest("yoga-and-tai-chi");
    let football = fx.interest("football");
    let coffee = fx.interest("coffee-mornings");
    let knitting = fx.interest("knitting-and-sewing");
    let arts = fx.interest("arts-and-crafts");

    let hall = fx.add(Kind::Place, "Oval Hall", |_, t| {
        t.facilities = vec![Facility::StepFree, Facility::AccessibleToilet];
    });
    let autism_org = fx.add(Kind::Organisation, "Autism Family Support", |n, t| {
        n.summary = "Advice and friendship for autistic people and their families.".into();
        n.description = "We run sessions across south London.".into();
        t.audiences = vec![Audience::Autistic, Audience::Families];
        t.interests = vec![autism];
    });
    let (start, rule) = weekly(Weekday::Tue, 10, 0);
    fx.add(Kind::Group, "Oval Pottery Club", |n, t| {
        n.summary = "Hand-building and wheel work for all abilities.".into();
        n.description = "Friendly sessions at the hall.".into();
        n.place_id = Some(hall);
        (n.latitude, n.longitude) = (None, None);
        n.starts_at = Some(start);
        n.rrule = Some(rule);
        t.interests = vec![pottery];
        t.audiences = vec![Audience::OlderPeople];
    });
    fx.add(Kind::Group, "Kennington Craft Studio", |n, t| {
        n.summary = "Open studio for makers.".into();
        n.description = "Drop-in sessions including pottery and weaving, with tea.".into();
        n.cost_kind = CostKind::PayWhatYouCan;
        t.interests = vec![arts];
    });
    fx.add(Kind::Place, "Brixton Allotments", |n, t| {
        n.summary = "Plots to share in Brixton.".into();
        n.description = "Grow your own vegetables with help from neighbours.".into();
        (n.latitude, n.longitude) = (Some(51.4627), Some(-0.1145));
        n.postcode = Some("SW9 8AA".into());
        t.interests = vec![allotments];
    });
    fx.add(Kind::Group, "Vauxhall Community Garden", |n, _| {
        n.summary = "A community garden by the railway arches.".into();
        n.description = "Weekly volunteering with a cup of tea.".into();
    });
    fx.add(Kind::Group, "Kennington Gardening Club", |n, _| {
        n.summary = "Monthly talks and plant swaps.".into();
    });
    let (start, rule) = weekly(Weekday::Sat, 10, 0);
    fx.add(Kind::Group, "Stockwell Walking Group", |n, t| {
        n.summary = "Gentle walks around Stockwell's green spaces.".into();
        n.starts_at = Some(start);
        n.rrule = Some(rule);
        t.interests = vec![walking];
    });
    let (start, rule) = weekly(Weekday::Sun, 9, 0);
    fx.add(Kind::Group, "Southwark Park Runners", |n, t| {
        n.borough_id = Some(SOUTHWARK);
        (n.latitude, n.longitude) = (Some(51.4935), Some(-0.0530));
        n.starts_at = Some(start);
        n.rrule = Some(rule);
        t.interests = vec![running];
        t.boroughs_served = vec![LAMBETH];
    });
    let (start, rule) = weekly(Weekday::Wed, 18, 30);
    fx.add(Kind::Group, "Lambeth ESOL Classes", |n, t| {
        n.summary = "Improve your English with a friendly tutor.".into();
        n.starts_at = Some(start);
        n.rrule = Some(rule);
        t.interests = vec![esol];
        t.audiences = vec![Audience::Refugees];
    });
    fx.add(Kind::Group, "Stockwell Language Exchange", |n, _| {
        n.summary = "Friendly english classes for beginners.".into();
        n.description = "Meet people and practise speaking.".into();
    });
    fx.add(Kind::Group, "Saturday Sensory Swim", |n, _| {
        n.organisation_id = Some(autism_org);
        n.summary = "Quiet pool sessions.".into();
    });
    fx.add(Kind::Event, "Painting in the Park", |n, t| {
        n.summary = "Bring a sketchbook.".into();
        n.description = "We paint outdoors in Kennington Park, whatever the weather.".into();
        n.starts_at = Some(first_on_or_after(3, Weekday::Fri, 14));
        t.interests = vec![painting];
    });
    fx.add(Kind::Event, "Watercolour Workshop", |n, t| {
        n.summary = "An afternoon of painting indoors.".into();
        n.starts_at = Some(first_on_or_after(20, Weekday::Thu, 14));
        t.interests = vec![painting];
    });
    fx.add(Kind::Event, "Saturday Pottery Taster", |n, t| {
        n.starts_at = Some(first_on_or_after(10, Weekday::Sat, 11));
        n.cost_kind = CostKind::Price;
        n.cost_pence = Some(1000);
        t.interests = vec![pottery];
    });
    fx.add(Kind::Group, "Outdoor Explorers", |n, _| {
        n.summary = "Days out in the countryside.".into();
    });
    fx.add(Kind::Event, "Past Quiz Night", |n, _| {
        n.starts_at = Some(now() - chrono::Duration::days(2));
    });
    for (name, status) in [
        ("Draft Drumming Circle", directory::Status::Draft),
        ("Pending Poetry Evening", directory::Status::Pending),
        ("Archived Book Club", directory::Status::Archived),
    ] {
        fx.add(Kind::Group, name, |n, _| n.status = status);
    }
    fx.add(Kind::Group, "Streatham Gym for Seniors", |n, t| {
        n.summary = "Strength classes.".into();
        t.interests = vec![gym];
    });
    fx.add(Kind::Group, "Chair Yoga", |n, t| {
        n.summary = "Seated stretches.".into();
        t.interests = vec![yoga];
    });
    fx.add(Kind::Group, "Tai Chi in the Park", |n, t| {
        n.summary = "Slow movement under the trees.".into();
        t.interests = vec![yoga];
    });
    fx.add(Kind::Group, "Brixton Choir", |n, t| {
        n.summary = "Everyone welcome, no auditions.".into();
        t.interests = vec![singing];
    });
    fx.add(Kind::Group, "Kids Football", |n, t| {
        (n.age_min, n.age_max) = (Some(5), Some(11));
        t.interests = vec![football];
    });
    fx.add(Kind::Group, "Coffee Morning at St Mark's", |n, t| {
        n.cost_kind = CostKind::PayWhatYouCan;
        t.interests = vec![coffee];
        t.audiences = vec![Audience::OlderPeople];
    });
    fx.add(Kind::Group, "Knit and Natter Oval", |n, t| {
        n.summary = "Bring your needles.".into();
        t.interests = vec![knitting];
    });
    fx.add(Kind::Group, "Knit and Natter Camden", |n, t| {
        n.summary = "Bring your needles.".into();
        n.borough_id = Some(CAMDEN);
        (n.latitude, n.longitude) = (Some(51.539), Some(-0.1426));
        t.interests = vec![knitting];
    });
    let inside = north_east(1.95);
    fx.add(Kind::Place, "Radius Inside Hall", |n, _| {
        (n.latitude, n.longitude) = (Some(inside.0), Some(inside.1));
    });
    let outside = north_east(2.05);
    fx.add(Kind::Place, "Radius Outside Hall", |n, _| {
        (n.latitude, n.longitude) = (Some(outside.0), Some(outside.1));
    });
    fx.add(Kind::Place, "Nowhere In Particular", |n, _| {
        (n.latitude, n.longitude) = (None, None);
    });
}
