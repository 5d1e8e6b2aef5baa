//! Turns a listing into the index's document: the words to match, the
//! facets to filter and count, and the stored card, so that searches never
//! need the database.

use std::collections::BTreeSet;

use chrono::{Duration, NaiveDateTime, Timelike};
use directory::listing::cost_words;
use directory::{recurrence, Kind, Reference};
use tantivy::schema::Facet;
use tantivy::TantivyDocument;

use crate::analysis;
use crate::load::Record;
use crate::params::{Day, TimeOfDay};
use crate::schema::Fields;

/// How far ahead sessions are indexed: enough for "what's on in the next
/// few months"; the writer refreshes the whole index daily so the window
/// moves on.
pub(crate) const WINDOW_DAYS: i64 = 92;

/// Listings with no upper age limit are open to anyone this old.
pub(crate) const NO_AGE_LIMIT: u64 = 999;

/// The longest first-visit text on a result card.
const SNIPPET_CHARS: usize = 160;

pub(crate) fn facet(path: &[&str]) -> Facet {
    Facet::from_path(path.iter().copied())
}

pub(crate) fn tantivy_date(t: NaiveDateTime) -> tantivy::DateTime {
    tantivy::DateTime::from_timestamp_secs(t.and_utc().timestamp())
}

/// Upcoming session start times, moved sessions at their new times and
/// without cancelled ones: those in the
/// window, or else the first one after it.
fn sessions(record: &Record, now: NaiveDateTime) -> Vec<NaiveDateTime> {
    let l = &record.listing;
    let Some(start) = l.starts_at else {
        return vec![];
    };
    let rule = l.rrule.as_deref();
    let end_of_window = now + Duration::days(WINDOW_DAYS);
    let mut dates: Vec<NaiveDateTime> =
        directory::listing::sessions(start, l.ends_at, rule, &record.moves, now, end_of_window)
            .into_iter()
            .filter(|(s, _, m)| !record.cancelled.contains(&m.map_or(*s, |m| m.original_starts_at)))
            .map(|(s, ..)| s)
            .collect();
    if dates.is_empty() {
        dates.extend(recurrence::next_occurrence(start, l.ends_at, rule, end_of_window).map(|(s, _)| s));
    }
    dates
}

/// The first line of the first-visit notes, cut at a word near
/// [`SNIPPET_CHARS`].
fn snippet(text: &str) -> String {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or_default();
    if first.chars().count() <= SNIPPET_CHARS {
        return first.to_owned();
    }
    let cut: String = first.chars().take(SNIPPET_CHARS).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

/// The document for a listing, or `None` when it must not be found: an
/// event with nothing left to go to.
pub(crate) fn build(record: &Record, f: &Fields, reference: &Reference, now: NaiveDateTime) -> Option<TantivyDocument> {
    let l = &record.listing;
    let dates = sessions(record, now);
    if l.kind == Kind::Event && dates.is_empty() {
        return None;
    }
    let mut doc = TantivyDocument::default();
    doc.add_u64(f.id, u64::try_from(l.id).unwrap_or_default());
    doc.add_text(f.kind, l.kind.code());
    doc.add_text(f.slug, &l.slug);
    doc.add_text(f.name, &l.name);
    doc.add_text(f.name_exact, analysis::exact_key(&l.name));
    doc.add_text(f.summary, &l.summary);
    doc.add_text(f.description, &l.description);
    doc.add_text(f.first_visit, &l.first_visit);
    doc.add_text(f.first_visit_snippet, snippet(&l.first_visit));
    doc.add_text(f.cost, cost_words(l.cost_kind, l.cost_pence));
    doc.add_u64(f.member_led, u64::from(record.member_led));
    if let Some(postcode) = &l.postcode {
        doc.add_text(f.postcode, postcode);
    }
    doc.add_facet(f.facets, facet(&["kind", l.kind.code()]));
    doc.add_facet(f.facets, facet(&["cost", l.cost_kind.code()]));
    doc.add_text(f.plain, &l.name);

    // Interests: the names of each term and its parent are searchable, so
    // "sport" finds a walking group; the facet path puts the child under
    // its parent, so a filter on the parent finds it too.
    let mut interest_names = BTreeSet::new();
    for interest in record.interests.iter().filter_map(|&id| reference.interest(id)) {
        interest_names.insert(interest.name.as_str());
        doc.add_text(f.interest_slugs, &interest.slug);
        match interest.parent_id.and_then(|p| reference.interest(p)) {
            Some(parent) => {
                interest_names.insert(parent.name.as_str());
                doc.add_facet(f.facets, facet(&["interest", &parent.slug, &interest.slug]));
            }
            None => doc.add_facet(f.facets, facet(&["interest", &interest.slug])),
        }
    }
    for name in interest_names {
        doc.add_text(f.interests, name);
        doc.add_text(f.plain, name);
    }
    for context in [&record.organisation, &record.venue].into_iter().flatten() {
        doc.add_text(f.context, &context.name);
        doc.add_text(f.plain, &context.name);
    }

    let own_borough = l.borough_id.and_then(|id| reference.borough(id));
    if let Some(b) = own_borough {
        doc.add_text(f.borough_name, &b.name);
        doc.add_text(f.borough_slug, &b.slug);
    }
    let boroughs: BTreeSet<&str> = own_borough
        .into_iter()
        .chain(record.served.iter().filter_map(|&id| reference.borough(id)))
        .map(|b| b.slug.as_str())
        .collect();
    for slug in boroughs {
        doc.add_facet(f.facets, facet(&["borough", slug]));
    }
    for audience in &record.audiences {
        doc.add_facet(f.facets, facet(&["audience", audience.code()]));
    }
    // A group or event is as accessible as the venue it meets in.
    let venue_facilities = record.venue.iter().flat_map(|v| v.facilities.iter());
    let facilities: BTreeSet<_> = record.facilities.iter().chain(venue_facilities).collect();
    for facility in facilities {
        doc.add_facet(f.facets, facet(&["access", facility.code()]));
    }

    let position = match (l.latitude, l.longitude) {
        (Some(lat), Some(lon)) => Some((lat, lon)),
        _ => record.venue.as_ref().and_then(|v| v.latitude.zip(v.longitude)),
    };
    if let Some((lat, lon)) = position {
        doc.add_f64(f.lat, lat);
        doc.add_f64(f.lon, lon);
    }

    let mut days = BTreeSet::new();
    let mut times = BTreeSet::new();
    for &start in &dates {
        doc.add_date(f.dates, tantivy_date(start));
        let local = recurrence::london_time(start);
        days.insert(Day::of(chrono::Datelike::weekday(&local)));
        times.insert(TimeOfDay::of_hour(local.hour()));
    }
    for day in days {
        doc.add_facet(f.facets, facet(&["day", day.code()]));
    }
    for time in times {
        doc.add_facet(f.facets, facet(&["time", time.code()]));
    }
    // Events vanish from results once their last indexed session starts;
    // everything else stays until it is unpublished.
    let until = match (l.kind, dates.last()) {
        (Kind::Event, Some(last)) => last.and_utc().timestamp(),
        _ => i64::MAX,
    };
    doc.add_i64(f.until, until);
    doc.add_u64(f.age_min, l.age_min.and_then(|a| u64::try_from(a).ok()).unwrap_or(0));
    doc.add_u64(
        f.age_max,
        l.age_max.and_then(|a| u64::try_from(a).ok()).unwrap_or(NO_AGE_LIMIT),
    );
    Some(doc)
}

#[cfg(test)]
mod tests {
    use super::snippet;

    #[test]
    fn snippets_keep_the_first_line_and_cut_at_a_word() {
        assert_eq!(
            snippet("\n  Ask for Sam at reception.\nThen go upstairs."),
            "Ask for Sam at reception."
        );
        let long = "word ".repeat(60);
        let s = snippet(&long);
        assert!(s.ends_with("word…"), "{s}");
        assert!(s.chars().count() <= 161);
        assert_eq!(snippet(""), "");
    }
}
