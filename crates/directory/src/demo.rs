//! Demo content: a fictional London a newcomer can explore, and generated
//! listings in bulk for benchmarks.
//!
//! Everything is invented. Names are built from made-up words and real
//! neighbourhood names; addresses use invented streets with real postcodes
//! from the gazetteer, so maps and "near me" searches work; contact details
//! use the reserved `example.org` domain and Ofcom's drama telephone range.
//! Text is assembled from hand-written fragments (see `catalogue`,
//! `groups` and `events`), chosen by a small seeded generator, so the same
//! `now` always gives the same content.

mod catalogue;
mod events;
mod groups;
mod london;

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use diesel::prelude::*;
use serde::Serialize;
use store::schema::{
    changes, listing_audiences, listing_boroughs_served, listing_facilities, listing_interests, listings,
};
use store::AnyConnection;

use crate::listing::{insert_many, NewListing, Tags};
use crate::slug::slugify;
use crate::{recurrence, Audience, CostKind, DirectoryError, Facility, Gazetteer, Kind, Location, Reference, Status};
use catalogue::{OrgType, PlaceType, Price, Rhythm, Slot, Template, Venue};
use london::Area;

/// Counts of what was loaded.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DemoSummary {
    pub organisations: usize,
    pub groups: usize,
    pub events: usize,
    pub places: usize,
}

impl DemoSummary {
    fn count(&mut self, kind: Kind) {
        match kind {
            Kind::Organisation => self.organisations += 1,
            Kind::Group => self.groups += 1,
            Kind::Event => self.events += 1,
            Kind::Place => self.places += 1,
        }
    }
}

/// Seeds for the generator: the same every run, so content is repeatable.
const SEED: u64 = 0x4b17_4c6f_6e64_6f6e;
const SCALE_SEED: u64 = 0x5ca1_ab1e_d00d_2026;

/// Listings per insert statement. PostgreSQL allows 65,535 bound values
/// per statement and a listing has 31 columns; SQLite inserts rows with
/// optional columns one at a time inside the statement's transaction.
const CHUNK: usize = 1000;

/// Rows per statement for the two-column tag tables (SQLite allows 32,766
/// bound values per statement).
const TAG_CHUNK: usize = 10_000;

/// Loads the hand-written fictional London. Dates are relative to `now` (UTC). Runs in one transaction.
pub fn load(
    conn: &mut AnyConnection,
    reference: &Reference,
    now: NaiveDateTime,
) -> Result<DemoSummary, DirectoryError> {
    let postcodes = Postcodes::london();
    conn.transaction(|conn| {
        let slugs = SlugSet::from_db(conn)?;
        let plan = Planner::new(reference, postcodes, slugs, now).plan()?;
        let mut summary = DemoSummary::default();
        for entry in plan.orgs.iter().chain(&plan.places).chain(&plan.activities) {
            summary.count(entry.new.kind);
        }
        let org_ids = write_entries(conn, plan.orgs, &[], &[], now)?;
        let place_ids = write_entries(conn, plan.places, &org_ids, &[], now)?;
        let activity_ids = write_entries(conn, plan.activities, &org_ids, &place_ids, now)?;
        for (index, start, reason) in plan.cancellations {
            let id = activity_ids
                .get(index)
                .copied()
                .ok_or(DirectoryError::NotFound { what: "demo event" })?;
            crate::listing::cancel_occurrence(conn, id, start, reason)?;
        }
        Ok(summary)
    })
}

/// Generates `n` listings (mixed kinds) deterministically for benchmarks; must reach 100,000 in well under a minute in a release build on SQLite (and reasonably on PostgreSQL). Runs in transactions of a few thousand rows.
///
/// About 15% are organisations, 10% places, 45% groups and 30% events,
/// spread evenly over all 33 boroughs. Each chunk of [`CHUNK`] listings
/// is generated, inserted and tagged in its own transaction.
pub fn load_scale(
    conn: &mut AnyConnection,
    reference: &Reference,
    n: usize,
    now: NaiveDateTime,
) -> Result<DemoSummary, DirectoryError> {
    let postcodes = Postcodes::london();
    let n_orgs = n * 15 / 100;
    let n_places = n / 10;
    let n_events = n * 30 / 100;
    let n_groups = n - n_orgs - n_places - n_events;
    let scale = Scale {
        reference,
        postcodes,
        now,
        today: london_today(now),
        n_orgs,
        n_places,
    };
    let mut slugs = SlugSet::from_db(conn)?;
    let mut org_ids = Vec::with_capacity(n_orgs);
    let mut place_ids = Vec::with_capacity(n_places);
    let mut summary = DemoSummary::default();
    let phases: [(Kind, usize); 4] = [
        (Kind::Organisation, n_orgs),
        (Kind::Place, n_places),
        (Kind::Group, n_groups),
        (Kind::Event, n_events),
    ];
    for (kind, count) in phases {
        let mut start = 0;
        while start < count {
            let end = (start + CHUNK).min(count);
            let ids = conn.transaction(|conn| {
                let mut items = Vec::with_capacity(end - start);
                for i in start..end {
                    let mut entry = scale.entry(kind, i, &mut slugs)?;
                    recently_checked(&mut entry.new, now);
                    items.push(entry);
                }
                write_entries(conn, items, &org_ids, &place_ids, now)
            })?;
            match kind {
                Kind::Organisation => org_ids.extend(ids),
                Kind::Place => place_ids.extend(ids),
                Kind::Group | Kind::Event => {}
            }
            for _ in start..end {
                summary.count(kind);
            }
            start = end;
        }
    }
    Ok(summary)
}

/// Days within which every generated listing was last confirmed: under
/// the six months after which a listing's organisers are asked whether it
/// is still correct.
const SCALE_CHECKED_DAYS: i64 = 150;

/// Moves a generated listing's last confirmation into the last
/// [`SCALE_CHECKED_DAYS`], as in a directory whose editors keep up. The
/// hand-written demo has some stale listings to show the reminders and
/// flags; at scale that would be half of them, and the first start on a
/// benchmark's data would queue tens of thousands of reminder emails and
/// spend minutes sending them while the searches were being measured.
/// Only ever later, so a listing is still created before it is confirmed.
fn recently_checked(new: &mut NewListing, now: NaiveDateTime) {
    let oldest = now - Duration::days(SCALE_CHECKED_DAYS);
    if new.last_checked_at < oldest {
        let days = (now - new.last_checked_at).num_days().rem_euclid(SCALE_CHECKED_DAYS);
        new.last_checked_at = now - Duration::days(days.max(1));
        new.updated_at = new.last_checked_at;
    }
}

// ---------------------------------------------------------------------------
// Writing

/// A listing to insert, with the organisation and place it refers to as
/// positions in lists written earlier (their ids are not known yet).
struct Entry {
    new: NewListing,
    tags: Tags,
    org: Option<usize>,
    place: Option<usize>,
}

#[derive(Insertable)]
#[diesel(table_name = listing_interests)]
struct InterestRow {
    listing_id: i32,
    interest_id: i32,
}

#[derive(Insertable)]
#[diesel(table_name = listing_audiences)]
struct AudienceRow {
    listing_id: i32,
    audience: Audience,
}

#[derive(Insertable)]
#[diesel(table_name = listing_facilities)]
struct FacilityRow {
    listing_id: i32,
    facility: Facility,
}

#[derive(Insertable)]
#[diesel(table_name = listing_boroughs_served)]
struct ServedRow {
    listing_id: i32,
    borough_id: i32,
}

/// A row of the change log, as `listing::insert` writes one for each new
/// listing, so followers such as the search indexer see demo content too.
#[derive(Insertable)]
#[diesel(table_name = changes)]
struct ChangeRow {
    entity: &'static str,
    entity_id: i32,
    action: &'static str,
    at: NaiveDateTime,
}

/// Inserts entries in chunks, with their tags and change-log rows, and
/// returns their ids in order. `org_ids` and `place_ids` resolve the
/// entries' references.
fn write_entries(
    conn: &mut AnyConnection,
    entries: Vec<Entry>,
    org_ids: &[i32],
    place_ids: &[i32],
    now: NaiveDateTime,
) -> Result<Vec<i32>, DirectoryError> {
    let mut ids = Vec::with_capacity(entries.len());
    let mut rest = entries.into_iter();
    loop {
        let mut rows = Vec::with_capacity(CHUNK);
        let mut tags = Vec::with_capacity(CHUNK);
        for entry in rest.by_ref().take(CHUNK) {
            let mut new = entry.new;
            new.organisation_id = entry.org.and_then(|i| org_ids.get(i).copied());
            new.place_id = entry.place.and_then(|i| place_ids.get(i).copied());
            crate::listing::validate(&new)?;
            rows.push(new);
            tags.push(entry.tags);
        }
        if rows.is_empty() {
            break;
        }
        let slugs: Vec<String> = rows.iter().map(|r| r.slug.clone()).collect();
        let before: Option<i32> = listings::table.select(diesel::dsl::max(listings::id)).first(conn)?;
        insert_many!(conn, listings::table, rows)?;
        let written: HashMap<String, i32> = listings::table
            .filter(listings::id.gt(before.unwrap_or(0)))
            .select((listings::slug, listings::id))
            .load::<(String, i32)>(conn)?
            .into_iter()
            .collect();
        let chunk_ids = slugs
            .iter()
            .map(|s| {
                written
                    .get(s)
                    .copied()
                    .ok_or(DirectoryError::NotFound { what: "demo listing" })
            })
            .collect::<Result<Vec<i32>, DirectoryError>>()?;
        write_tags(conn, &chunk_ids, tags)?;
        let changes: Vec<ChangeRow> = chunk_ids
            .iter()
            .map(|&entity_id| ChangeRow {
                entity: crate::listing::CHANGE_ENTITY,
                entity_id,
                action: "created",
                at: now,
            })
            .collect();
        for batch in batches(changes, 5_000) {
            insert_many!(conn, changes::table, batch)?;
        }
        ids.extend(chunk_ids);
    }
    Ok(ids)
}

fn write_tags(conn: &mut AnyConnection, ids: &[i32], tags: Vec<Tags>) -> Result<(), DirectoryError> {
    let mut interests = Vec::new();
    let mut audiences = Vec::new();
    let mut facilities = Vec::new();
    let mut served = Vec::new();
    for (&listing_id, mut t) in ids.iter().zip(tags) {
        t.interests.sort_unstable();
        t.interests.dedup();
        t.audiences.sort_unstable();
        t.audiences.dedup();
        t.facilities.sort_unstable();
        t.facilities.dedup();
        t.boroughs_served.sort_unstable();
        t.boroughs_served.dedup();
        interests.extend(t.interests.into_iter().map(|interest_id| InterestRow {
            listing_id,
            interest_id,
        }));
        audiences.extend(
            t.audiences
                .into_iter()
                .map(|audience| AudienceRow { listing_id, audience }),
        );
        facilities.extend(
            t.facilities
                .into_iter()
                .map(|facility| FacilityRow { listing_id, facility }),
        );
        served.extend(
            t.boroughs_served
                .into_iter()
                .map(|borough_id| ServedRow { listing_id, borough_id }),
        );
    }
    for batch in batches(interests, TAG_CHUNK) {
        insert_many!(conn, listing_interests::table, batch)?;
    }
    for batch in batches(audiences, TAG_CHUNK) {
        insert_many!(conn, listing_audiences::table, batch)?;
    }
    for batch in batches(facilities, TAG_CHUNK) {
        insert_many!(conn, listing_facilities::table, batch)?;
    }
    for batch in batches(served, TAG_CHUNK) {
        insert_many!(conn, listing_boroughs_served::table, batch)?;
    }
    Ok(())
}

/// Splits rows into batches of at most `size` (at least one) for one statement each.
fn batches<T>(mut rows: Vec<T>, size: usize) -> Vec<Vec<T>> {
    let size = size.max(1);
    let mut out = Vec::with_capacity(rows.len() / size + 1);
    while rows.len() > size {
        let rest = rows.split_off(size);
        out.push(rows);
        rows = rest;
    }
    if !rows.is_empty() {
        out.push(rows);
    }
    out
}

/// Slugs already taken, so new ones get a numbered suffix instead of
/// clashing with existing listings.
struct SlugSet {
    used: HashSet<String>,
    next: HashMap<String, u32>,
}

impl SlugSet {
    fn from_db(conn: &mut AnyConnection) -> Result<SlugSet, DirectoryError> {
        let used = listings::table
            .select(listings::slug)
            .load::<String>(conn)?
            .into_iter()
            .collect();
        Ok(SlugSet {
            used,
            next: HashMap::new(),
        })
    }

    fn claim(&mut self, name: &str) -> String {
        let base: String = slugify(name).chars().take(180).collect();
        let base = base.trim_end_matches('-').to_owned();
        if self.used.insert(base.clone()) {
            return base;
        }
        let mut n = self.next.get(&base).copied().unwrap_or(2);
        loop {
            let candidate = format!("{base}-{n}");
            n += 1;
            if self.used.insert(candidate.clone()) {
                self.next.insert(base, n);
                return candidate;
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Randomness, postcodes and text

/// splitmix64: tiny, fast and good enough for choosing sentences.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut rng = Rng(seed);
        rng.next();
        rng
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// A number in `lo..=hi`.
    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            lo
        } else {
            lo + (self.next() % (hi - lo + 1) as u64) as i64
        }
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }

    fn text(&mut self, items: &[&'static str]) -> &'static str {
        self.pick(items).copied().unwrap_or("")
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// The gazetteer's postcodes grouped by borough and sorted, so picks are
/// the same on every run whatever the hash map's order.
struct Postcodes {
    by_borough: Vec<Vec<(&'static str, Location)>>,
}

impl Postcodes {
    fn london() -> &'static Postcodes {
        static POSTCODES: OnceLock<Postcodes> = OnceLock::new();
        POSTCODES.get_or_init(|| {
            let mut by_borough: Vec<Vec<(&'static str, Location)>> = vec![Vec::new(); 33];
            for (pc, loc) in Gazetteer::london().postcodes() {
                if let Some(list) = by_borough.get_mut(usize::from(loc.borough).wrapping_sub(1)) {
                    list.push((pc, *loc));
                }
            }
            for list in &mut by_borough {
                list.sort_unstable_by(|a, b| a.0.cmp(b.0));
            }
            Postcodes { by_borough }
        })
    }

    fn borough(&self, borough: i32) -> &[(&'static str, Location)] {
        usize::try_from(borough - 1)
            .ok()
            .and_then(|i| self.by_borough.get(i))
            .map_or(&[], Vec::as_slice)
    }
}

fn no_postcodes(borough: i32) -> DirectoryError {
    DirectoryError::invalid(
        "postcode",
        format!("the gazetteer has no postcodes for borough {borough}"),
    )
}

fn outward(postcode: &str) -> &str {
    postcode.split(' ').next().unwrap_or(postcode)
}

fn areas(borough: i32) -> &'static [Area] {
    usize::try_from(borough - 1)
        .ok()
        .and_then(|i| london::AREAS.get(i))
        .copied()
        .unwrap_or(&[])
}

fn neighbours(borough: i32) -> &'static [i32] {
    usize::try_from(borough - 1)
        .ok()
        .and_then(|i| london::NEIGHBOURS.get(i))
        .copied()
        .unwrap_or(&[])
}

/// The values placeholders in the hand-written text are filled with.
#[derive(Default, Clone, Copy)]
struct Ctx<'a> {
    area: &'a str,
    borough: &'a str,
    place: &'a str,
    org: &'a str,
    host: &'a str,
    when: &'a str,
    name: &'a str,
    word: &'a str,
}

/// Replaces `{area}`, `{org}` and the other placeholders in one pass.
fn fill(template: &str, ctx: &Ctx<'_>) -> String {
    let mut out = String::with_capacity(template.len() + 40);
    let mut rest = template;
    while let Some((before, after)) = rest.split_once('{') {
        out.push_str(before);
        let Some((key, tail)) = after.split_once('}') else {
            out.push('{');
            rest = after;
            continue;
        };
        let value = match key {
            "area" => ctx.area,
            "borough" => ctx.borough,
            "place" => ctx.place,
            "org" => ctx.org,
            "host" => ctx.host,
            "when" => ctx.when,
            "name" => ctx.name,
            "word" => ctx.word,
            _ => {
                out.push('{');
                out.push_str(key);
                out.push('}');
                rest = tail;
                continue;
            }
        };
        out.push_str(value);
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// A made-up contact.
#[derive(Clone, Copy)]
struct Person {
    first: &'static str,
    last: &'static str,
    phone: u16,
}

impl Person {
    fn random(rng: &mut Rng) -> Person {
        Person {
            first: rng.text(london::FIRST_NAMES),
            last: rng.text(london::SURNAMES),
            phone: (rng.below(1000)) as u16,
        }
    }

    fn name(&self) -> String {
        format!("{} {}", self.first, self.last)
    }

    fn email(&self, domain: &str) -> String {
        format!("{}@{domain}.example.org", self.first.to_ascii_lowercase())
    }

    /// Ofcom's range for drama: 020 7946 0000 to 0999.
    fn phone(&self) -> String {
        format!("020 7946 0{:03}", self.phone)
    }
}

fn street_address(rng: &mut Rng, area: &str) -> String {
    let street = rng.text(london::STREETS);
    let kind = rng.text(london::STREET_KINDS);
    let number = rng.between(1, 240);
    if rng.chance(15) {
        format!("{number}a {street} {kind}, {area}")
    } else {
        format!("{number} {street} {kind}, {area}")
    }
}

/// An office: sometimes a unit in a shared building.
fn office_address(rng: &mut Rng, area: &str) -> String {
    match rng.below(5) {
        0 => {
            let unit = rng.between(1, 14);
            let building = rng.text(london::WORDS);
            format!("Unit {unit}, {building} Business Centre, {}", street_address(rng, area))
        }
        1 => format!("First floor, {}", street_address(rng, area)),
        _ => street_address(rng, area),
    }
}

/// The part of an `example.org` address that names an organisation: its
/// slug, cut at a word boundary so addresses stay readable.
fn domain_of(name: &str) -> String {
    let mut domain = String::new();
    for word in slugify(name).split('-') {
        if !domain.is_empty() && domain.len() + word.len() >= 40 {
            break;
        }
        if !domain.is_empty() {
            domain.push('-');
        }
        domain.push_str(word);
    }
    domain
}

fn interest_ids(reference: &Reference, slugs: &[&str]) -> Result<Vec<i32>, DirectoryError> {
    slugs
        .iter()
        .map(|s| {
            reference.interest_by_slug(s).map(|i| i.id).ok_or_else(|| {
                DirectoryError::invalid("interests", format!("unknown interest {s:?} in the demo content"))
            })
        })
        .collect()
}

/// One to three of the listed interests: the first always.
fn choose_interests(rng: &mut Rng, reference: &Reference, slugs: &[&'static str]) -> Result<Vec<i32>, DirectoryError> {
    let mut chosen: Vec<&str> = Vec::with_capacity(3);
    for (i, slug) in slugs.iter().enumerate() {
        if chosen.len() < 3 && (i == 0 || rng.chance(65)) {
            chosen.push(slug);
        }
    }
    interest_ids(reference, &chosen)
}

/// The first audience always; the others sometimes.
fn choose_audiences(rng: &mut Rng, audiences: &[Audience]) -> Vec<Audience> {
    audiences
        .iter()
        .enumerate()
        .filter(|(i, _)| *i == 0 || rng.chance(40))
        .map(|(_, a)| *a)
        .collect()
}

fn top_level_slug(reference: &Reference, interest: i32) -> Option<&str> {
    let i = reference.interest(interest)?;
    match i.parent_id {
        Some(parent) => reference.interest(parent).map(|p| p.slug.as_str()),
        None => Some(i.slug.as_str()),
    }
}

/// A sentence about the listing's main (first) interest.
fn interest_line(rng: &mut Rng, reference: &Reference, interests: &[i32]) -> Option<&'static str> {
    let top = top_level_slug(reference, *interests.first()?)?;
    let lines = catalogue::INTEREST_LINES.iter().find(|(slug, _)| *slug == top)?.1;
    rng.pick(lines).copied()
}

fn audience_line(rng: &mut Rng, audience: Audience) -> Option<&'static str> {
    let lines = catalogue::AUDIENCE_LINES.iter().find(|(a, _)| *a == audience)?.1;
    rng.pick(lines).copied()
}

/// Two different sentences from a list, in random order.
fn two_of(rng: &mut Rng, items: &[&'static str]) -> (&'static str, Option<&'static str>) {
    let first = rng.below(items.len());
    let second = if items.len() > 1 {
        (first + 1 + rng.below(items.len() - 1)) % items.len()
    } else {
        first
    };
    (
        items.get(first).copied().unwrap_or(""),
        if second == first {
            None
        } else {
            items.get(second).copied()
        },
    )
}

fn cost(rng: &mut Rng, prices: &[Price]) -> (CostKind, Option<i32>, String) {
    match rng.pick(prices).copied().unwrap_or(Price::Free) {
        Price::Free => (CostKind::Free, None, rng.text(catalogue::FREE_NOTES).to_owned()),
        Price::Pwyc => (
            CostKind::PayWhatYouCan,
            None,
            rng.text(catalogue::PWYC_NOTES).to_owned(),
        ),
        Price::Pence(p) => {
            let note = if rng.chance(60) {
                rng.text(catalogue::PRICE_NOTES)
            } else {
                ""
            };
            (CostKind::Price, Some(p), note.to_owned())
        }
    }
}

/// When the listing was last checked, created and updated: all in the past year or before.
fn stamps(rng: &mut Rng, now: NaiveDateTime) -> (NaiveDateTime, NaiveDateTime) {
    let checked = now - Duration::days(rng.between(2, 350)) - Duration::minutes(rng.between(0, 1440));
    let created = checked - Duration::days(rng.between(20, 1200));
    (checked, created)
}

/// A skeleton listing with everything that does not depend on its kind.
fn blank(kind: Kind, slug: String, name: String, now: NaiveDateTime, rng: &mut Rng) -> NewListing {
    let (checked, created) = stamps(rng, now);
    NewListing {
        kind,
        slug,
        name,
        summary: String::new(),
        description: String::new(),
        organisation_id: None,
        place_id: None,
        opportunity: crate::Opportunity::Activity,
        cost_kind: CostKind::Free,
        cost_pence: None,
        cost_note: String::new(),
        age_min: None,
        age_max: None,
        first_visit: String::new(),
        contact_name: String::new(),
        contact_email: String::new(),
        contact_phone: String::new(),
        website: String::new(),
        booking_required: false,
        status: Status::Published,
        address: String::new(),
        postcode: None,
        latitude: None,
        longitude: None,
        borough_id: None,
        starts_at: None,
        ends_at: None,
        rrule: None,
        last_checked_at: checked,
        created_at: created,
        updated_at: checked,
    }
}

// ---------------------------------------------------------------------------
// Dates and repeat rules

/// When something happens, as stored and as words for the text.
struct Schedule {
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    rrule: Option<String>,
    when: String,
}

const DAYS: [(Weekday, &str, &str); 7] = [
    (Weekday::Mon, "MO", "Monday"),
    (Weekday::Tue, "TU", "Tuesday"),
    (Weekday::Wed, "WE", "Wednesday"),
    (Weekday::Thu, "TH", "Thursday"),
    (Weekday::Fri, "FR", "Friday"),
    (Weekday::Sat, "SA", "Saturday"),
    (Weekday::Sun, "SU", "Sunday"),
];

fn day(d: u32) -> (Weekday, &'static str, &'static str) {
    DAYS.get(d as usize).copied().unwrap_or((Weekday::Mon, "MO", "Monday"))
}

fn part_of_day(hour: u32) -> &'static str {
    match hour {
        0..=11 => "morning",
        12..=16 => "afternoon",
        _ => "evening",
    }
}

fn london_today(now: NaiveDateTime) -> NaiveDate {
    recurrence::london_time(now).date()
}

fn on_or_after(date: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead = (7 + i64::from(weekday.num_days_from_monday()) - i64::from(date.weekday().num_days_from_monday())) % 7;
    date + Duration::days(ahead)
}

/// The `n`th (1–4) or last (-1) weekday of a month.
fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: i32) -> Option<NaiveDate> {
    if n > 0 {
        return NaiveDate::from_weekday_of_month_opt(year, month, weekday, u8::try_from(n).ok()?);
    }
    let (ny, nm) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    let last = NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()?;
    let back = (7 + i64::from(last.weekday().num_days_from_monday()) - i64::from(weekday.num_days_from_monday())) % 7;
    Some(last - Duration::days(back))
}

fn add_months(year: i32, month: u32, delta: i32) -> (i32, u32) {
    let index = year * 12 + month as i32 - 1 + delta;
    (index.div_euclid(12), (index.rem_euclid(12) + 1) as u32)
}

fn ordinal_word(n: i32) -> &'static str {
    match n {
        1 => "first",
        2 => "second",
        3 => "third",
        4 => "fourth",
        _ => "last",
    }
}

fn number_word(n: u32) -> String {
    const WORDS: [&str; 13] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    ];
    WORDS.get(n as usize).map_or_else(|| n.to_string(), |w| (*w).to_owned())
}

/// London wall-clock `date` at `hour:minute`, as UTC.
fn at(date: NaiveDate, hour: u32, minute: u32) -> NaiveDateTime {
    recurrence::from_london_time(date.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default()))
}

fn schedule_at(date: NaiveDate, slot: Slot, rrule: Option<String>, when: String) -> Schedule {
    let (_, hour, minute, minutes) = slot;
    let starts_at = at(date, hour, minute);
    Schedule {
        starts_at,
        ends_at: starts_at + Duration::minutes(minutes),
        rrule,
        when,
    }
}

/// A monthly rule on the `n`th weekday, starting `months` months from this one
/// (negative for the past), on or after `not_before`.
fn monthly(
    rng: &mut Rng,
    slot: Slot,
    today: NaiveDate,
    months: i32,
    not_before: NaiveDate,
) -> Option<(NaiveDate, i32)> {
    let (weekday, _, _) = day(slot.0);
    let n = *rng.pick(&[1, 1, 2, 3, 3, 4, -1])?;
    for extra in 0..3 {
        let (y, m) = add_months(today.year(), today.month(), months + extra);
        if let Some(date) = nth_weekday(y, m, weekday, n) {
            if date >= not_before {
                return Some((date, n));
            }
        }
    }
    None
}

/// A regular, open-ended schedule that began a while ago (groups) or
/// recently (regular events).
fn regular(rng: &mut Rng, slot: Slot, rhythm: Rhythm, today: NaiveDate, weeks_back: (i64, i64)) -> Schedule {
    let (weekday, code, name) = day(slot.0);
    let part = part_of_day(slot.1);
    let back = rng.between(weeks_back.0, weeks_back.1);
    let weekly_start = on_or_after(today - Duration::weeks(back), weekday);
    match rhythm {
        Rhythm::Fortnightly | Rhythm::FortnightlyFor(_) => schedule_at(
            weekly_start,
            slot,
            Some(format!("FREQ=WEEKLY;INTERVAL=2;BYDAY={code}")),
            format!("every other {name} {part}"),
        ),
        Rhythm::Monthly | Rhythm::MonthlyFor(_) => {
            let months = -((back / 4) as i32);
            match monthly(rng, slot, today, months, NaiveDate::MIN) {
                Some((date, n)) => schedule_at(
                    date,
                    slot,
                    Some(format!("FREQ=MONTHLY;BYDAY={n}{code}")),
                    format!("on the {} {name} of the month", ordinal_word(n)),
                ),
                None => schedule_at(
                    weekly_start,
                    slot,
                    Some(format!("FREQ=WEEKLY;BYDAY={code}")),
                    format!("every {name} {part}"),
                ),
            }
        }
        _ => schedule_at(
            weekly_start,
            slot,
            Some(format!("FREQ=WEEKLY;BYDAY={code}")),
            format!("every {name} {part}"),
        ),
    }
}

/// An event's dates: one-offs within the next three months (within the
/// week when `soon`), short runs that finish within about three months,
/// and some open-ended regular events.
fn event_schedule(rng: &mut Rng, slot: Slot, rhythm: Rhythm, today: NaiveDate, soon: bool) -> Schedule {
    let (weekday, code, name) = day(slot.0);
    let part = part_of_day(slot.1);
    let date_words = |d: NaiveDate| d.format("%A %-d %B").to_string();
    let short_date = |d: NaiveDate| d.format("%-d %B").to_string();
    let run_start = |rng: &mut Rng| {
        let offset = if soon { rng.between(-6, 0) } else { rng.between(-13, 13) };
        on_or_after(today + Duration::days(offset), weekday)
    };
    match rhythm {
        Rhythm::Once => {
            let date = if soon {
                on_or_after(today + Duration::days(1), weekday)
            } else {
                let d = on_or_after(today + Duration::days(rng.between(1, 86)), weekday);
                if d > today + Duration::days(90) {
                    d - Duration::weeks(1)
                } else {
                    d
                }
            };
            schedule_at(date, slot, None, format!("on {}", date_words(date)))
        }
        Rhythm::WeeklyFor(count) => {
            let first = run_start(rng);
            schedule_at(
                first,
                slot,
                Some(format!("FREQ=WEEKLY;BYDAY={code};COUNT={count}")),
                format!(
                    "every {name} {part} for {} weeks from {}",
                    number_word(count),
                    short_date(first)
                ),
            )
        }
        Rhythm::FortnightlyFor(count) => {
            let first = run_start(rng);
            schedule_at(
                first,
                slot,
                Some(format!("FREQ=WEEKLY;INTERVAL=2;BYDAY={code};COUNT={count}")),
                format!(
                    "every other {name} {part} from {}, {} sessions in all",
                    short_date(first),
                    number_word(count)
                ),
            )
        }
        Rhythm::WeeklyUntil(weeks) => {
            let first = run_start(rng);
            let last = first + Duration::weeks(i64::from(weeks.saturating_sub(1)));
            schedule_at(
                first,
                slot,
                Some(format!(
                    "FREQ=WEEKLY;BYDAY={code};UNTIL={}T235959Z",
                    last.format("%Y%m%d")
                )),
                format!("every {name} {part} until {}", short_date(last)),
            )
        }
        Rhythm::MonthlyFor(count) => match monthly(rng, slot, today, 0, today) {
            Some((date, n)) => schedule_at(
                date,
                slot,
                Some(format!("FREQ=MONTHLY;BYDAY={n}{code};COUNT={count}")),
                format!(
                    "on the {} {name} of the month, starting {}",
                    ordinal_word(n),
                    short_date(date)
                ),
            ),
            None => event_schedule(rng, slot, Rhythm::Once, today, soon),
        },
        Rhythm::Weekly | Rhythm::Fortnightly | Rhythm::Monthly => {
            regular(rng, slot, rhythm, today, if soon { (0, 3) } else { (-1, 10) })
        }
    }
}

// ---------------------------------------------------------------------------
// Building listings

/// A place's address and what kind of place it is.
#[derive(Clone)]
struct PlaceInfo {
    ty: &'static PlaceType,
    borough: i32,
    area: &'static str,
    name: String,
    address: String,
    postcode: &'static str,
    location: Location,
}

/// An organisation, as its groups and events need to know it.
#[derive(Clone)]
struct OrgInfo {
    ty: &'static OrgType,
    borough: i32,
    area: &'static str,
    name: String,
    /// For contact addresses: `…@domain.example.org`.
    domain: String,
    word: &'static str,
    contact: Person,
    address: String,
    postcode: &'static str,
    location: Location,
    home: Option<usize>,
}

fn place_type(venue: Venue) -> Option<&'static PlaceType> {
    catalogue::PLACE_TYPES.iter().find(|t| t.venue == venue)
}

fn template(list: &'static [Template], key: &str) -> Option<&'static Template> {
    list.iter().find(|t| t.key == key)
}

fn unknown_template(ty: &OrgType, key: &str) -> DirectoryError {
    DirectoryError::invalid(
        "template",
        format!("demo organisation type {} runs unknown template {key}", ty.key),
    )
}

fn borough_name(reference: &Reference, borough: i32) -> Result<&str, DirectoryError> {
    reference
        .borough(borough)
        .map(|b| b.name.as_str())
        .ok_or(DirectoryError::NotFound { what: "borough" })
}

/// The listing for a place.
fn place_listing(
    rng: &mut Rng,
    reference: &Reference,
    info: &PlaceInfo,
    slug: String,
    now: NaiveDateTime,
) -> Result<(NewListing, Tags), DirectoryError> {
    let ty = info.ty;
    let contact = Person::random(rng);
    let ctx = Ctx {
        area: info.area,
        borough: borough_name(reference, info.borough)?,
        place: &info.name,
        name: &info.name,
        host: contact.first,
        ..Ctx::default()
    };
    let facilities: Vec<Facility> = ty
        .facilities
        .iter()
        .filter(|(_, p)| rng.chance(*p))
        .map(|(f, _)| *f)
        .collect();
    let (a, b) = two_of(rng, ty.about);
    let mut description = vec![fill(a, &ctx)];
    if let Some(b) = b.filter(|_| rng.chance(60)) {
        description.push(fill(b, &ctx));
    }
    description.push(format!("Open {}.", rng.text(ty.hours)));
    let outdoors = matches!(ty.venue, Venue::Park | Venue::Garden);
    let phrases: Vec<&str> = facilities
        .iter()
        .filter_map(|f| match f {
            Facility::QuietSpace if outdoors => Some("a quiet corner away from the main paths"),
            _ => catalogue::FACILITY_LINES.iter().find(|(g, _)| g == f).map(|(_, s)| *s),
        })
        .collect();
    if let Some((last, rest)) = phrases.split_last() {
        let list = if rest.is_empty() {
            (*last).to_owned()
        } else {
            format!("{} and {last}", rest.join(", "))
        };
        description.push(format!("There is {list}."));
    }
    let mut first_visit = fill(rng.text(ty.first), &ctx);
    first_visit.push(' ');
    first_visit.push_str(&fill(
        rng.text(if outdoors {
            catalogue::OUTDOOR_GREETINGS
        } else {
            catalogue::PLACE_GREETINGS
        }),
        &ctx,
    ));
    first_visit.push(' ');
    first_visit.push_str(rng.text(if outdoors {
        catalogue::ANYWHERE_COMFORTS
    } else {
        catalogue::PLACE_COMFORTS
    }));
    let mut new = blank(Kind::Place, slug, info.name.clone(), now, rng);
    new.summary = fill(rng.text(ty.summary), &ctx);
    new.description = description.join(" ");
    new.first_visit = first_visit;
    new.contact_name = contact.name();
    new.contact_email = format!("hello@{}.example.org", new.slug);
    new.contact_phone = contact.phone();
    new.website = format!("https://{}.example.org", new.slug);
    new.address = info.address.clone();
    new.postcode = Some(info.postcode.to_owned());
    new.latitude = Some(info.location.latitude);
    new.longitude = Some(info.location.longitude);
    new.borough_id = Some(info.borough);
    let tags = Tags {
        interests: choose_interests(rng, reference, ty.interests)?,
        audiences: vec![],
        facilities,
        boroughs_served: vec![],
    };
    Ok((new, tags))
}

/// The listing for an organisation. `runs` names some of its groups.
fn org_listing(
    rng: &mut Rng,
    reference: &Reference,
    info: &OrgInfo,
    slug: String,
    place: Option<&PlaceInfo>,
    runs: &[String],
    now: NaiveDateTime,
) -> Result<(NewListing, Tags), DirectoryError> {
    let ty = info.ty;
    let borough = borough_name(reference, info.borough)?;
    let ctx = Ctx {
        area: info.area,
        borough,
        place: place.map_or(info.area, |p| p.name.as_str()),
        org: &info.name,
        name: &info.name,
        host: info.contact.first,
        word: info.word,
        ..Ctx::default()
    };
    let (a, b) = two_of(rng, ty.about);
    let mut description = vec![fill(a, &ctx)];
    if let Some(b) = b {
        description.push(fill(b, &ctx));
    }
    match runs {
        [] => {}
        [one] => description.push(format!("Its regular sessions include {one}.")),
        [rest @ .., last] => description.push(format!("Its regular sessions include {} and {last}.", rest.join(", "))),
    }
    let mut served = vec![];
    if ty.wide && rng.chance(75) {
        served.push(info.borough);
        let mut next: Vec<i32> = neighbours(info.borough).to_vec();
        rng.shuffle(&mut next);
        served.extend(next.iter().take(1 + rng.below(2)));
        if description.len() < 4 {
            description.push(format!(
                "It works across {borough} and takes referrals from neighbouring boroughs."
            ));
        }
    }
    let mut first_visit = fill(rng.text(ty.first), &ctx);
    first_visit.push(' ');
    first_visit.push_str(rng.text(catalogue::ANYWHERE_COMFORTS));
    let mut new = blank(Kind::Organisation, slug, info.name.clone(), now, rng);
    new.summary = fill(rng.text(ty.summary), &ctx);
    new.description = description.join(" ");
    new.first_visit = first_visit;
    new.opportunity = ty.opportunity;
    new.contact_name = info.contact.name();
    new.contact_email = info.contact.email(&info.domain);
    new.contact_phone = info.contact.phone();
    new.website = format!("https://{}.example.org", info.domain);
    new.address = info.address.clone();
    new.postcode = Some(info.postcode.to_owned());
    new.latitude = Some(info.location.latitude);
    new.longitude = Some(info.location.longitude);
    new.borough_id = Some(info.borough);
    let tags = Tags {
        interests: choose_interests(rng, reference, ty.interests)?,
        audiences: choose_audiences(rng, ty.audiences),
        facilities: vec![],
        boroughs_served: served,
    };
    Ok((new, tags))
}

/// What a group or event listing is built from.
struct Activity<'a> {
    kind: Kind,
    template: &'static Template,
    org: &'a OrgInfo,
    place: Option<&'a PlaceInfo>,
    name: String,
    slug: String,
    schedule: Option<Schedule>,
}

fn activity_listing(
    rng: &mut Rng,
    reference: &Reference,
    a: &Activity<'_>,
    now: NaiveDateTime,
) -> Result<(NewListing, Tags), DirectoryError> {
    let t = a.template;
    let contact = if rng.chance(55) {
        a.org.contact
    } else {
        Person::random(rng)
    };
    let area = a.place.map_or(a.org.area, |p| p.area);
    let ctx = Ctx {
        area,
        borough: borough_name(reference, a.place.map_or(a.org.borough, |p| p.borough))?,
        place: a.place.map_or(area, |p| p.name.as_str()),
        org: &a.org.name,
        host: contact.first,
        when: a.schedule.as_ref().map_or("", |s| s.when.as_str()),
        name: &a.name,
        word: a.org.word,
    };
    let interests = choose_interests(rng, reference, t.interests)?;
    let audiences = choose_audiences(rng, t.audiences);

    // Description: something specific, then a mix of what the group is
    // like, who it is for, and who runs it or where.
    let (first, second) = two_of(rng, t.about);
    let mut description = vec![fill(first, &ctx)];
    let mut extras: Vec<String> = Vec::with_capacity(3);
    if let Some(s) = second.filter(|_| rng.chance(60)) {
        extras.push(fill(s, &ctx));
    }
    if rng.chance(55) {
        if let Some(line) = interest_line(rng, reference, &interests) {
            extras.push(line.to_owned());
        }
    }
    if let Some(&audience) = audiences.first().filter(|_| rng.chance(70)) {
        if let Some(line) = audience_line(rng, audience) {
            extras.push(line.to_owned());
        }
    }
    rng.shuffle(&mut extras);
    description.extend(extras.into_iter().take(2));
    let closers: Vec<&str> = (if a.kind == Kind::Event {
        catalogue::EVENT_CLOSERS
    } else {
        catalogue::CLOSERS
    })
    .iter()
    .copied()
    .filter(|c| a.place.is_some() || !c.contains("{place}"))
    .collect();
    description.push(fill(rng.text(&closers), &ctx));

    // First visit: who meets you, what happens, and a reassurance.
    let outdoors = matches!(t.venue, Venue::Online | Venue::Park | Venue::Garden) || a.place.is_none();
    let plain_comforts = outdoors || t.venue == Venue::Leisure;
    let mut first_visit = Vec::with_capacity(4);
    if !outdoors || rng.chance(30) {
        first_visit.push(fill(rng.text(catalogue::GREETINGS), &ctx));
    }
    let (what, also) = two_of(rng, t.first);
    first_visit.push(fill(what, &ctx));
    if let Some(also) = also.filter(|_| outdoors || rng.chance(35)) {
        first_visit.push(fill(also, &ctx));
    }
    first_visit.push(
        rng.text(if plain_comforts {
            catalogue::ANYWHERE_COMFORTS
        } else {
            catalogue::COMFORTS
        })
        .to_owned(),
    );
    let booking = t.booking || rng.chance(6);
    if a.schedule.is_some() && rng.chance(50) {
        first_visit.push(
            rng.text(if booking {
                catalogue::BOOK_AHEAD
            } else {
                catalogue::DROP_IN
            })
            .to_owned(),
        );
    }

    let (cost_kind, cost_pence, cost_note) = cost(rng, t.price);
    let mut new = blank(a.kind, a.slug.clone(), a.name.clone(), now, rng);
    new.summary = fill(rng.text(t.summary), &ctx);
    new.description = description.join(" ");
    new.first_visit = first_visit.join(" ");
    new.opportunity = t.opportunity;
    new.cost_kind = cost_kind;
    new.cost_pence = cost_pence;
    new.cost_note = cost_note;
    new.age_min = t.ages.0;
    new.age_max = t.ages.1;
    new.booking_required = booking;
    new.contact_name = contact.name();
    new.contact_email = contact.email(&a.org.domain);
    new.contact_phone = contact.phone();
    new.website = if rng.chance(70) {
        format!("https://{}.example.org/{}", a.org.domain, a.slug)
    } else {
        format!("https://{}.example.org", a.org.domain)
    };
    match a.place {
        Some(p) => {
            new.address = p.address.clone();
            new.postcode = Some(p.postcode.to_owned());
            new.latitude = Some(p.location.latitude);
            new.longitude = Some(p.location.longitude);
            new.borough_id = Some(p.borough);
        }
        None => {
            new.address = if t.venue == Venue::Online {
                "Online and by phone".to_owned()
            } else {
                format!("Various locations in {}", ctx.borough)
            };
            new.borough_id = Some(a.org.borough);
        }
    }
    if let Some(s) = &a.schedule {
        new.starts_at = Some(s.starts_at);
        new.ends_at = Some(s.ends_at);
        new.rrule = s.rrule.clone();
    }
    let tags = Tags {
        interests,
        audiences,
        facilities: vec![],
        boroughs_served: vec![],
    };
    Ok((new, tags))
}

/// Candidate names for a template, skipping names that mention the place
/// when the venue is not the kind of place the name is about.
fn name_candidates(rng: &mut Rng, names: &[&'static str], ctx: &Ctx<'_>, place_fits: bool) -> Vec<String> {
    let mut out: Vec<String> = names
        .iter()
        .filter(|n| place_fits || !n.contains("{place}"))
        .map(|n| fill(n, ctx))
        .collect();
    rng.shuffle(&mut out);
    out
}

// ---------------------------------------------------------------------------
// The hand-written city

/// Everything `load` writes, in the order it must be written.
struct Plan {
    orgs: Vec<Entry>,
    places: Vec<Entry>,
    activities: Vec<Entry>,
    /// Occurrences to cancel: (position in `activities`, start, reason).
    cancellations: Vec<(usize, NaiveDateTime, &'static str)>,
}

struct Planner<'r> {
    rng: Rng,
    reference: &'r Reference,
    postcodes: &'static Postcodes,
    used_postcodes: HashSet<&'static str>,
    names: HashSet<String>,
    slugs: SlugSet,
    now: NaiveDateTime,
    today: NaiveDate,
    places: Vec<PlaceInfo>,
    owners: Vec<Option<usize>>,
    /// One-off events planned so far, to put some in the coming week.
    one_offs: usize,
}

impl<'r> Planner<'r> {
    fn new(reference: &'r Reference, postcodes: &'static Postcodes, slugs: SlugSet, now: NaiveDateTime) -> Planner<'r> {
        Planner {
            rng: Rng::new(SEED),
            reference,
            postcodes,
            used_postcodes: HashSet::new(),
            names: HashSet::new(),
            slugs,
            now,
            today: london_today(now),
            places: Vec::new(),
            owners: Vec::new(),
            one_offs: 0,
        }
    }

    /// A postcode in the area's districts (any in the borough if none),
    /// not used before.
    fn locate(&mut self, borough: i32, area: &Area) -> Result<(&'static str, Location), DirectoryError> {
        let all = self.postcodes.borough(borough);
        let in_area: Vec<&(&'static str, Location)> = all
            .iter()
            .filter(|(pc, _)| area.1.contains(&outward(pc)) && !self.used_postcodes.contains(pc))
            .collect();
        let pick = if in_area.is_empty() {
            let free: Vec<&(&'static str, Location)> =
                all.iter().filter(|(pc, _)| !self.used_postcodes.contains(pc)).collect();
            self.rng.pick(&free).copied()
        } else {
            self.rng.pick(&in_area).copied()
        };
        let &(pc, loc) = pick.ok_or_else(|| no_postcodes(borough))?;
        self.used_postcodes.insert(pc);
        Ok((pc, loc))
    }

    fn area(&mut self, borough: i32) -> Result<Area, DirectoryError> {
        self.rng
            .pick(areas(borough))
            .copied()
            .ok_or(DirectoryError::NotFound { what: "area" })
    }

    /// The first candidate nobody has used; failing that, one made
    /// distinct with the area or a number.
    fn unique_name(&mut self, candidates: Vec<String>, area: &str) -> String {
        for c in &candidates {
            if !self.names.contains(c) {
                self.names.insert(c.clone());
                return c.clone();
            }
        }
        let base = candidates.into_iter().next().unwrap_or_else(|| area.to_owned());
        let mut name = format!("{base}, {area}");
        let mut n = 2;
        while self.names.contains(&name) {
            name = format!("{base} {n}");
            n += 1;
        }
        self.names.insert(name.clone());
        name
    }

    fn new_place(&mut self, borough: i32, venue: Venue) -> Result<usize, DirectoryError> {
        let ty = place_type(venue).ok_or(DirectoryError::NotFound { what: "place type" })?;
        let area = self.area(borough)?;
        let (postcode, location) = self.locate(borough, &area)?;
        let mut candidates = Vec::new();
        for _ in 0..6 {
            let word = self.rng.text(london::WORDS);
            let ctx = Ctx {
                area: area.0,
                word,
                ..Ctx::default()
            };
            candidates.push(fill(self.rng.text(ty.names), &ctx));
        }
        let name = self.unique_name(candidates, area.0);
        let address = street_address(&mut self.rng, area.0);
        self.places.push(PlaceInfo {
            ty,
            borough,
            area: area.0,
            name,
            address,
            postcode,
            location,
        });
        self.owners.push(None);
        Ok(self.places.len() - 1)
    }

    /// A place of the right kind in the borough for a group to meet in.
    fn venue_for(&mut self, venue: Venue, org: &OrgInfo) -> Option<usize> {
        if venue == Venue::Online {
            return None;
        }
        if let Some(home) = org.home {
            if self.places.get(home).is_some_and(|p| p.ty.venue == venue) && self.rng.chance(80) {
                return Some(home);
            }
        }
        let in_borough: Vec<usize> = (0..self.places.len())
            .filter(|&i| {
                self.places
                    .get(i)
                    .is_some_and(|p| p.borough == org.borough && p.ty.venue == venue)
            })
            .collect();
        if let Some(&i) = self.rng.pick(&in_borough) {
            return Some(i);
        }
        // No such place here: fall back to the organisation's own
        // building, then to a community centre or any place nearby.
        if org.home.is_some() && self.rng.chance(70) {
            return org.home;
        }
        let fallback = if venue == Venue::Garden {
            Venue::Park
        } else {
            Venue::Community
        };
        let near: Vec<usize> = (0..self.places.len())
            .filter(|&i| {
                self.places
                    .get(i)
                    .is_some_and(|p| p.borough == org.borough && p.ty.venue == fallback)
            })
            .collect();
        self.rng.pick(&near).copied().or(org.home)
    }

    fn plan(mut self) -> Result<Plan, DirectoryError> {
        // Places first, so organisations can run them and groups can meet in them.
        for borough in 1..=33 {
            let focus = london::FOCUS.contains(&borough);
            let venues: &[Venue] = if focus {
                &[
                    Venue::Community,
                    Venue::Community,
                    Venue::Library,
                    Venue::Park,
                    Venue::Park,
                    Venue::Church,
                    Venue::Church,
                    Venue::Cafe,
                    Venue::Leisure,
                    Venue::Arts,
                    Venue::Garden,
                ]
            } else if borough % 2 == 0 {
                &[
                    Venue::Community,
                    Venue::Library,
                    Venue::Park,
                    Venue::Church,
                    Venue::Leisure,
                ]
            } else {
                &[
                    Venue::Community,
                    Venue::Library,
                    Venue::Park,
                    Venue::Church,
                    Venue::Cafe,
                ]
            };
            for &venue in venues {
                self.new_place(borough, venue)?;
            }
        }

        let mut orgs: Vec<(OrgInfo, Vec<String>)> = Vec::new();
        let mut activities: Vec<(Entry, bool)> = Vec::new();
        for borough in 1..=33 {
            let focus = london::FOCUS.contains(&borough);
            let count = if focus {
                18
            } else if [33, 7, 12, 30, 23, 8, 25, 14, 19, 32].contains(&borough) {
                3
            } else {
                2
            };
            let mut types: Vec<&'static OrgType> = catalogue::ORG_TYPES.iter().collect();
            self.rng.shuffle(&mut types);
            for ty in types.into_iter().take(count) {
                let org_index = orgs.len();
                let info = self.new_org(borough, ty, org_index)?;
                let runs = self.plan_activities(&info, org_index, focus, &mut activities)?;
                orgs.push((info, runs));
            }
        }

        // A few listings that are not public yet or any more.
        self.add_unpublished(&orgs, &mut activities)?;

        let mut org_entries = Vec::with_capacity(orgs.len());
        for (info, runs) in &orgs {
            let slug = self.slugs.claim(&info.name);
            let place = info.home.and_then(|i| self.places.get(i));
            let (new, tags) = org_listing(&mut self.rng, self.reference, info, slug, place, runs, self.now)?;
            org_entries.push(Entry {
                new,
                tags,
                org: None,
                place: None,
            });
        }
        let mut place_entries = Vec::with_capacity(self.places.len());
        for (i, info) in self.places.clone().iter().enumerate() {
            let slug = self.slugs.claim(&info.name);
            let (mut new, tags) = place_listing(&mut self.rng, self.reference, info, slug, self.now)?;
            if i % 53 == 7 {
                new.status = Status::Draft;
            }
            place_entries.push(Entry {
                new,
                tags,
                org: self.owners.get(i).copied().flatten(),
                place: None,
            });
        }
        let activities: Vec<Entry> = activities.into_iter().map(|(e, _)| e).collect();
        let cancellations = self.cancellations(&activities);
        Ok(Plan {
            orgs: org_entries,
            places: place_entries,
            activities,
            cancellations,
        })
    }

    fn new_org(&mut self, borough: i32, ty: &'static OrgType, index: usize) -> Result<OrgInfo, DirectoryError> {
        let mut area = self.area(borough)?;
        let home = match ty.venue {
            Some(venue) => {
                let free = (0..self.places.len()).find(|&i| {
                    self.places
                        .get(i)
                        .is_some_and(|p| p.borough == borough && p.ty.venue == venue)
                        && self.owners.get(i).is_some_and(Option::is_none)
                });
                let i = match free {
                    Some(i) => i,
                    None => self.new_place(borough, venue)?,
                };
                if let Some(owner) = self.owners.get_mut(i) {
                    *owner = Some(index);
                }
                if let Some(p) = self.places.get(i) {
                    area = areas(borough).iter().find(|a| a.0 == p.area).copied().unwrap_or(area);
                }
                Some(i)
            }
            None => None,
        };
        let place_name = home.and_then(|i| self.places.get(i)).map(|p| p.name.clone());
        let borough_name = borough_name(self.reference, borough)?.to_owned();
        let mut candidates = Vec::new();
        let mut words = Vec::new();
        for _ in 0..5 {
            let word = self.rng.text(london::WORDS);
            let ctx = Ctx {
                area: area.0,
                borough: &borough_name,
                place: place_name.as_deref().unwrap_or(""),
                word,
                ..Ctx::default()
            };
            for name in name_candidates(&mut self.rng, ty.names, &ctx, place_name.is_some()) {
                if !candidates.contains(&name) {
                    candidates.push(name);
                    words.push(word);
                }
            }
        }
        let name = self.unique_name(candidates.clone(), area.0);
        let word = candidates
            .iter()
            .position(|c| *c == name)
            .and_then(|i| words.get(i).copied())
            .unwrap_or("Linden");
        let domain = domain_of(&name);
        let (address, postcode, location) = match home.and_then(|i| self.places.get(i)) {
            Some(p) => (p.address.clone(), p.postcode, p.location),
            None => {
                let (pc, loc) = self.locate(borough, &area)?;
                (office_address(&mut self.rng, area.0), pc, loc)
            }
        };
        Ok(OrgInfo {
            ty,
            borough,
            area: area.0,
            name,
            domain,
            word,
            contact: Person::random(&mut self.rng),
            address,
            postcode,
            location,
            home,
        })
    }

    /// Plans an organisation's groups and events; returns the names of a
    /// few groups for its description.
    fn plan_activities(
        &mut self,
        org: &OrgInfo,
        org_index: usize,
        focus: bool,
        out: &mut Vec<(Entry, bool)>,
    ) -> Result<Vec<String>, DirectoryError> {
        let mut runs = Vec::new();
        let mut keys: Vec<&str> = org.ty.groups.to_vec();
        self.rng.shuffle(&mut keys);
        let n_groups = if focus {
            2 + self.rng.below(3)
        } else {
            2 + self.rng.below(2)
        };
        for key in keys.into_iter().take(n_groups) {
            let t = template(groups::GROUPS, key).ok_or_else(|| unknown_template(org.ty, key))?;
            let entry = self.activity(Kind::Group, t, org, org_index, false)?;
            if runs.len() < 3 {
                runs.push(entry.new.name.clone());
            }
            out.push((entry, false));
        }
        let mut keys: Vec<&str> = org.ty.events.to_vec();
        self.rng.shuffle(&mut keys);
        let n_events = if focus {
            2 + self.rng.below(2)
        } else {
            1 + self.rng.below(3)
        };
        for key in keys.into_iter().take(n_events) {
            let t = template(events::EVENTS, key).ok_or_else(|| unknown_template(org.ty, key))?;
            let entry = self.activity(Kind::Event, t, org, org_index, false)?;
            out.push((entry, true));
        }
        Ok(runs)
    }

    /// A group or event run by `org`. A `past` event is a one-off that
    /// happened about seven months ago.
    fn activity(
        &mut self,
        kind: Kind,
        t: &'static Template,
        org: &OrgInfo,
        org_index: usize,
        past: bool,
    ) -> Result<Entry, DirectoryError> {
        let place_index = self.venue_for(t.venue, org);
        let place = place_index.and_then(|i| self.places.get(i)).cloned();
        let schedule = match self.rng.pick(t.slots).copied() {
            None => None,
            Some(slot) if past => Some(event_schedule(
                &mut self.rng,
                slot,
                Rhythm::Once,
                self.today - Duration::days(210),
                false,
            )),
            Some(slot) => {
                let rhythm = self.rng.pick(t.rhythm).copied().unwrap_or(Rhythm::Weekly);
                Some(if kind == Kind::Group {
                    regular(&mut self.rng, slot, rhythm, self.today, (4, 80))
                } else {
                    let soon = matches!(rhythm, Rhythm::Once) && {
                        self.one_offs += 1;
                        self.one_offs % 6 == 1
                    };
                    event_schedule(&mut self.rng, slot, rhythm, self.today, soon)
                })
            }
        };
        let area = place.as_ref().map_or(org.area, |p| p.area);
        let borough = borough_name(self.reference, org.borough)?.to_owned();
        let place_fits = place.as_ref().is_some_and(|p| p.ty.venue == t.venue);
        let mut candidates: Vec<String> = Vec::new();
        for _ in 0..3 {
            let ctx = Ctx {
                area,
                borough: &borough,
                place: place.as_ref().map_or("", |p| p.name.as_str()),
                org: &org.name,
                word: self.rng.text(london::WORDS),
                ..Ctx::default()
            };
            for c in name_candidates(&mut self.rng, t.names, &ctx, place_fits) {
                if !candidates.contains(&c) {
                    candidates.push(c);
                }
            }
        }
        let name = self.unique_name(candidates, area);
        let slug = self.slugs.claim(&name);
        let activity = Activity {
            kind,
            template: t,
            org,
            place: place.as_ref(),
            name,
            slug,
            schedule,
        };
        let (new, tags) = activity_listing(&mut self.rng, self.reference, &activity, self.now)?;
        Ok(Entry {
            new,
            tags,
            org: Some(org_index),
            place: place_index,
        })
    }

    /// Draft and pending groups and events, and archived events from last
    /// year: the public site must never show them.
    fn add_unpublished(
        &mut self,
        orgs: &[(OrgInfo, Vec<String>)],
        out: &mut Vec<(Entry, bool)>,
    ) -> Result<(), DirectoryError> {
        let picks: [(usize, Kind, Status); 8] = [
            (3, Kind::Group, Status::Draft),
            (21, Kind::Group, Status::Draft),
            (40, Kind::Group, Status::Pending),
            (58, Kind::Event, Status::Pending),
            (77, Kind::Event, Status::Pending),
            (95, Kind::Event, Status::Archived),
            (112, Kind::Event, Status::Archived),
            (130, Kind::Group, Status::Archived),
        ];
        for (i, kind, status) in picks {
            let org_index = i % orgs.len().max(1);
            let Some((org, _)) = orgs.get(org_index) else { continue };
            let (list, keys) = if kind == Kind::Group {
                (groups::GROUPS, org.ty.groups)
            } else {
                (events::EVENTS, org.ty.events)
            };
            let past = status == Status::Archived && kind == Kind::Event;
            // Something that happened once in the past is a one-off.
            let suitable: Vec<&str> = keys
                .iter()
                .copied()
                .filter(|k| {
                    !past || template(list, k).is_some_and(|t| t.rhythm.iter().any(|r| matches!(r, Rhythm::Once)))
                })
                .collect();
            let Some(key) = self.rng.pick(&suitable).copied() else {
                continue;
            };
            let t = template(list, key).ok_or_else(|| unknown_template(org.ty, key))?;
            let mut entry = self.activity(kind, t, org, org_index, past)?;
            entry.new.status = status;
            out.push((entry, kind == Kind::Event));
        }
        Ok(())
    }

    /// Cancels the next session of a handful of weekly events.
    fn cancellations(&mut self, activities: &[Entry]) -> Vec<(usize, NaiveDateTime, &'static str)> {
        let mut out = Vec::new();
        let horizon = self.now + Duration::days(14);
        for (i, e) in activities.iter().enumerate() {
            if out.len() >= 5 {
                break;
            }
            let n = &e.new;
            if n.kind != Kind::Event
                || n.status != Status::Published
                || !n.rrule.as_deref().is_some_and(|r| r.contains("WEEKLY"))
            {
                continue;
            }
            if i % 9 != 0 {
                continue;
            }
            let Some(start) = n.starts_at else { continue };
            let next = recurrence::occurrences(start, n.ends_at, n.rrule.as_deref(), self.now, horizon);
            if let Some((s, _)) = next.first() {
                let reason = catalogue::CANCEL_REASONS
                    .get(out.len() % catalogue::CANCEL_REASONS.len())
                    .copied()
                    .unwrap_or("");
                out.push((i, *s, reason));
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------
// Generated listings for benchmarks

struct Scale<'r> {
    reference: &'r Reference,
    postcodes: &'static Postcodes,
    now: NaiveDateTime,
    today: NaiveDate,
    n_orgs: usize,
    n_places: usize,
}

/// Listing `index` of a phase is spread round-robin over the boroughs.
fn scale_borough(index: usize) -> i32 {
    (index % 33) as i32 + 1
}

/// How many of the first `count` indices fall in `borough`.
fn in_borough(count: usize, borough: i32) -> usize {
    let offset = (borough - 1) as usize;
    if count > offset {
        (count - offset).div_ceil(33)
    } else {
        0
    }
}

impl Scale<'_> {
    fn rng(phase: u64, index: usize) -> Rng {
        Rng::new(
            SCALE_SEED ^ phase.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ (index as u64).wrapping_mul(0xd1b5_4a32_d192_ed03),
        )
    }

    /// A random postcode in the borough, and the neighbourhood it is in.
    fn locate(&self, rng: &mut Rng, borough: i32) -> Result<(&'static str, Location, &'static str), DirectoryError> {
        let &(pc, loc) = rng
            .pick(self.postcodes.borough(borough))
            .ok_or_else(|| no_postcodes(borough))?;
        let list = areas(borough);
        let area = list
            .iter()
            .find(|a| a.1.contains(&outward(pc)))
            .or_else(|| rng.pick(list))
            .map_or("London", |a| a.0);
        Ok((pc, loc, area))
    }

    /// The kind of place `k` is: the first draw of its generator, so it can
    /// be known without building the whole place.
    fn place_type(k: usize) -> Option<&'static PlaceType> {
        Scale::rng(2, k).pick(catalogue::PLACE_TYPES)
    }

    fn place(&self, k: usize) -> Result<PlaceInfo, DirectoryError> {
        let ty = Scale::place_type(k).ok_or(DirectoryError::NotFound { what: "place type" })?;
        let mut rng = Scale::rng(2, k);
        rng.next();
        let borough = scale_borough(k);
        let (postcode, location, area) = self.locate(&mut rng, borough)?;
        let word = rng.text(london::WORDS);
        let name = fill(
            rng.text(ty.names),
            &Ctx {
                area,
                word,
                ..Ctx::default()
            },
        );
        let address = street_address(&mut rng, area);
        Ok(PlaceInfo {
            ty,
            borough,
            area,
            name,
            address,
            postcode,
            location,
        })
    }

    fn org(&self, j: usize) -> Result<OrgInfo, DirectoryError> {
        let mut rng = Scale::rng(1, j);
        let borough = scale_borough(j);
        let ty = rng.pick(catalogue::ORG_TYPES).ok_or(DirectoryError::NotFound {
            what: "organisation type",
        })?;
        let (postcode, location, area) = self.locate(&mut rng, borough)?;
        let word = rng.text(london::WORDS);
        let ctx = Ctx {
            area,
            borough: borough_name(self.reference, borough)?,
            word,
            ..Ctx::default()
        };
        let name = name_candidates(&mut rng, ty.names, &ctx, false)
            .into_iter()
            .next()
            .unwrap_or_else(|| format!("{word} {area}"));
        let domain = domain_of(&name);
        let address = office_address(&mut rng, area);
        Ok(OrgInfo {
            ty,
            borough,
            area,
            name,
            domain,
            word,
            contact: Person::random(&mut rng),
            address,
            postcode,
            location,
            home: None,
        })
    }

    /// A place in the borough, preferably of the wanted kind.
    fn place_near(&self, rng: &mut Rng, borough: i32, venue: Venue) -> Option<usize> {
        if self.n_places == 0 || venue == Venue::Online {
            return None;
        }
        let count = in_borough(self.n_places, borough);
        if count == 0 {
            return Some(rng.below(self.n_places));
        }
        let offset = (borough - 1) as usize;
        let mut fallback = None;
        for _ in 0..8 {
            let k = offset + 33 * rng.below(count);
            if Scale::place_type(k).is_some_and(|t| t.venue == venue) {
                return Some(k);
            }
            fallback.get_or_insert(k);
        }
        fallback
    }

    fn entry(&self, kind: Kind, i: usize, slugs: &mut SlugSet) -> Result<Entry, DirectoryError> {
        match kind {
            Kind::Organisation => {
                let info = self.org(i)?;
                let mut rng = Scale::rng(11, i);
                let slug = slugs.claim(&info.name);
                let (mut new, tags) = org_listing(&mut rng, self.reference, &info, slug, None, &[], self.now)?;
                new.status = scale_status(&mut rng);
                Ok(Entry {
                    new,
                    tags,
                    org: None,
                    place: None,
                })
            }
            Kind::Place => {
                let info = self.place(i)?;
                let mut rng = Scale::rng(12, i);
                let slug = slugs.claim(&info.name);
                let (mut new, tags) = place_listing(&mut rng, self.reference, &info, slug, self.now)?;
                new.status = scale_status(&mut rng);
                let owner = if matches!(
                    info.ty.venue,
                    Venue::Community | Venue::Library | Venue::Cafe | Venue::Arts
                ) && rng.chance(50)
                {
                    let count = in_borough(self.n_orgs, info.borough);
                    (count > 0).then(|| (info.borough - 1) as usize + 33 * rng.below(count))
                } else {
                    None
                };
                Ok(Entry {
                    new,
                    tags,
                    org: owner,
                    place: None,
                })
            }
            Kind::Group | Kind::Event => {
                let mut rng = Scale::rng(if kind == Kind::Group { 3 } else { 4 }, i);
                let org_index = rng.below(self.n_orgs.max(1));
                let org = self.org(org_index)?;
                let (list, keys) = if kind == Kind::Group {
                    (groups::GROUPS, org.ty.groups)
                } else {
                    (events::EVENTS, org.ty.events)
                };
                let t = rng
                    .pick(keys)
                    .and_then(|k| template(list, k))
                    .or_else(|| list.first())
                    .ok_or(DirectoryError::NotFound { what: "template" })?;
                let place_index = self.place_near(&mut rng, org.borough, t.venue);
                let place = match place_index {
                    Some(k) => Some(self.place(k)?),
                    None => None,
                };
                let schedule = rng.pick(t.slots).copied().map(|slot| {
                    let rhythm = rng.pick(t.rhythm).copied().unwrap_or(Rhythm::Weekly);
                    if kind == Kind::Group {
                        regular(&mut rng, slot, rhythm, self.today, (4, 80))
                    } else {
                        let soon = i.is_multiple_of(12);
                        event_schedule(&mut rng, slot, rhythm, self.today, soon)
                    }
                });
                let area = place.as_ref().map_or(org.area, |p| p.area);
                let ctx = Ctx {
                    area,
                    borough: borough_name(self.reference, org.borough)?,
                    place: place.as_ref().map_or("", |p| p.name.as_str()),
                    org: &org.name,
                    word: rng.text(london::WORDS),
                    ..Ctx::default()
                };
                let place_fits = place.as_ref().is_some_and(|p| p.ty.venue == t.venue);
                let name = name_candidates(&mut rng, t.names, &ctx, place_fits)
                    .into_iter()
                    .next()
                    .unwrap_or_else(|| format!("{} {area}", t.key));
                let slug = slugs.claim(&name);
                let activity = Activity {
                    kind,
                    template: t,
                    org: &org,
                    place: place.as_ref(),
                    name,
                    slug,
                    schedule,
                };
                let (mut new, tags) = activity_listing(&mut rng, self.reference, &activity, self.now)?;
                new.status = scale_status(&mut rng);
                let org_ref = (self.n_orgs > 0).then_some(org_index);
                Ok(Entry {
                    new,
                    tags,
                    org: org_ref,
                    place: place_index,
                })
            }
        }
    }
}

/// Mostly published, with a sprinkling of the other states.
fn scale_status(rng: &mut Rng) -> Status {
    match rng.below(200) {
        0 | 1 => Status::Draft,
        2 => Status::Pending,
        3 => Status::Archived,
        _ => Status::Published,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn fill_replaces_known_placeholders_only() {
        let ctx = Ctx {
            area: "Brixton",
            org: "Kestrel Arts",
            ..Ctx::default()
        };
        assert_eq!(fill("{org} in {area}", &ctx), "Kestrel Arts in Brixton");
        assert_eq!(fill("{nope} and {area", &ctx), "{nope} and {area");
        assert_eq!(fill("plain", &ctx), "plain");
    }

    #[test]
    fn slugs_get_numbered_suffixes() {
        let mut set = SlugSet {
            used: HashSet::new(),
            next: HashMap::new(),
        };
        assert_eq!(set.claim("Brixton Book Club"), "brixton-book-club");
        assert_eq!(set.claim("Brixton Book Club"), "brixton-book-club-2");
        assert_eq!(set.claim("Brixton Book Club"), "brixton-book-club-3");
        set.used.insert("peckham-choir-2".into());
        assert_eq!(set.claim("Peckham Choir"), "peckham-choir");
        assert_eq!(set.claim("Peckham Choir"), "peckham-choir-3");
    }

    #[test]
    fn weekday_arithmetic() {
        // 1 December 2026 is a Tuesday.
        assert_eq!(on_or_after(date(2026, 12, 1), Weekday::Tue), date(2026, 12, 1));
        assert_eq!(on_or_after(date(2026, 12, 1), Weekday::Mon), date(2026, 12, 7));
        assert_eq!(nth_weekday(2026, 12, Weekday::Sat, 1), Some(date(2026, 12, 5)));
        assert_eq!(nth_weekday(2026, 12, Weekday::Fri, -1), Some(date(2026, 12, 25)));
        assert_eq!(nth_weekday(2027, 2, Weekday::Sun, -1), Some(date(2027, 2, 28)));
        assert_eq!(add_months(2026, 11, 3), (2027, 2));
        assert_eq!(add_months(2026, 2, -3), (2025, 11));
    }

    #[test]
    fn every_rule_the_demo_writes_is_valid() {
        let today = date(2026, 3, 20); // clocks change on the 29th
        let mut rng = Rng::new(1);
        let rhythms = [
            Rhythm::Weekly,
            Rhythm::Fortnightly,
            Rhythm::Monthly,
            Rhythm::Once,
            Rhythm::WeeklyFor(6),
            Rhythm::FortnightlyFor(4),
            Rhythm::MonthlyFor(3),
            Rhythm::WeeklyUntil(10),
        ];
        for _ in 0..50 {
            for rhythm in rhythms {
                for soon in [false, true] {
                    let slot = (rng.below(7) as u32, 10, 30, 90);
                    let s = event_schedule(&mut rng, slot, rhythm, today, soon);
                    if let Some(rule) = &s.rrule {
                        recurrence::validate(rule, s.starts_at).unwrap();
                        let first = recurrence::occurrences(
                            s.starts_at,
                            Some(s.ends_at),
                            Some(rule),
                            s.starts_at,
                            s.starts_at + Duration::days(400),
                        );
                        assert_eq!(
                            first.first().map(|o| o.0),
                            Some(s.starts_at),
                            "{rule} should start on its first occurrence"
                        );
                    }
                    assert!(!s.when.is_empty());
                    let g = regular(&mut rng, slot, rhythm, today, (4, 80));
                    recurrence::validate(g.rrule.as_deref().unwrap(), g.starts_at).unwrap();
                }
            }
        }
    }

    #[test]
    fn every_template_key_an_organisation_names_exists() {
        for ty in catalogue::ORG_TYPES {
            for key in ty.groups {
                assert!(
                    template(groups::GROUPS, key).is_some(),
                    "{} runs unknown group {key}",
                    ty.key
                );
            }
            for key in ty.events {
                assert!(
                    template(events::EVENTS, key).is_some(),
                    "{} runs unknown event {key}",
                    ty.key
                );
            }
        }
        for t in groups::GROUPS.iter().chain(events::EVENTS) {
            assert!(
                !t.names.is_empty() && !t.summary.is_empty() && !t.about.is_empty() && !t.first.is_empty(),
                "{}",
                t.key
            );
            assert!(!t.interests.is_empty() && t.interests.len() <= 3, "{}", t.key);
            let used = catalogue::ORG_TYPES
                .iter()
                .any(|o| o.groups.contains(&t.key) || o.events.contains(&t.key));
            assert!(used, "nobody runs {}", t.key);
        }
    }
}
