//! Running a search and shaping what comes back.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDateTime;
use directory::Kind;
use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::index::SegmentId;
use tantivy::query::{ConstScoreQuery, Query, TermQuery};
use tantivy::schema::document::{DeserializeError, DocumentDeserialize, DocumentDeserializer};
use tantivy::schema::{Field, IndexRecordOption, OwnedValue, Value};
use tantivy::{DocAddress, DocId, Score, SegmentReader, Term};

use crate::distance::{bounding_box, miles_between, walking_minutes, Ranging};
use crate::document::tantivy_date;
use crate::facets::{Checks, Dim, Facets, Group};
use crate::listed::{Found, Listed};
use crate::params::{SearchParams, Sort};
use crate::query::{Strength, Text, Unions, ALL_WORDS_BONUS};
use crate::{analysis, query, SearchError, SearchIndex};

/// How much a mile away costs a match with a location: at 2 miles a match
/// counts half, so a good match nearby beats a slightly better one across
/// London, while a much better one still wins.
const HALF_SCORE_MILES: f64 = 2.0;

/// One result card, everything a page or the JSON API shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub id: i32,
    pub kind: Kind,
    pub slug: String,
    /// The listing's page, e.g. `/groups/oval-pottery-club`.
    pub url: String,
    pub name: String,
    pub summary: String,
    pub borough_name: Option<String>,
    pub borough_slug: Option<String>,
    /// Slugs of the listing's interests.
    pub interests: Vec<String>,
    pub postcode: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// "Free", "Pay what you can" or a price.
    pub cost: String,
    /// The start of the first-visit notes.
    pub first_visit: String,
    /// From the searched location, when there is one.
    pub distance_miles: Option<f64>,
    pub walking_minutes: Option<u32>,
    /// The next session (UTC) for groups and events that have them.
    pub next_occurrence: Option<NaiveDateTime>,
    /// A group a member started rather than an organisation.
    pub member_led: bool,
}

/// A page of results with counts for every filter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    /// All matches, not just this page.
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    pub hits: Vec<Hit>,
    pub facets: Facets,
}

impl SearchResults {
    /// How many pages the matches fill (at least one).
    pub fn pages(&self) -> u64 {
        self.total.div_ceil(u64::from(self.per_page.max(1))).max(1)
    }
}

/// A completion of the last word typed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// The completed word, e.g. `allotments`.
    pub word: String,
    /// What was typed with its last word completed.
    pub text: String,
    /// How many listings have the word.
    pub count: u64,
}

/// How a match ranks: higher first, the second part breaking ties.
type Rank = (f64, f64);

/// A search's total, page of ranked addresses and facet counts.
type Page = (usize, Vec<(Rank, DocAddress)>, Facets);

/// The matches of an all-words search that found fewer than a page, by
/// segment and document, with their ranks: in the any-word search that
/// follows they keep these ranks, so that search need not score having
/// every word, a phrase in the name or the whole name a second time.
type Ranked = Vec<(SegmentId, DocId, Rank)>;

/// What every pass of one search shares.
#[derive(Clone, Copy)]
struct Plan<'a> {
    searcher: &'a tantivy::Searcher,
    /// The facet filter groups and per-match checks, when one collector
    /// applies them (see `Catalog::disjunctive`).
    checked: Option<(&'a [Group], Checks)>,
    params: &'a SearchParams,
    filters: &'a [(Option<Dim>, Box<dyn Query>)],
    now: NaiveDateTime,
}

/// How a match with `score` at `miles` ranks.
fn with_distance(score: f64, miles: f64) -> f64 {
    score / (1.0 + miles / HALF_SCORE_MILES)
}

/// A result's stored values as the store gives them, each owned once.
/// Tantivy's own document copies every value into a buffer of its own,
/// and a card then copied each string out again: three allocations and
/// two copies a value where one allocation will do.
struct Stored(Vec<(Field, OwnedValue)>);

impl DocumentDeserialize for Stored {
    fn deserialize<'de, D>(mut deserializer: D) -> Result<Self, DeserializeError>
    where
        D: DocumentDeserializer<'de>,
    {
        let mut values = Vec::with_capacity(deserializer.size_hint());
        while let Some(value) = deserializer.next_field::<OwnedValue>()? {
            values.push(value);
        }
        Ok(Stored(values))
    }
}

impl Stored {
    /// `field`'s first value not yet taken, moved out: its place is left
    /// `Null`, so a field's later values keep their order.
    fn take(&mut self, field: Field) -> Option<OwnedValue> {
        let (_, value) = self
            .0
            .iter_mut()
            .find(|(f, v)| *f == field && !matches!(v, OwnedValue::Null))?;
        Some(std::mem::replace(value, OwnedValue::Null))
    }

    /// `field`'s next text, moved out rather than copied.
    fn text(&mut self, field: Field) -> Option<String> {
        match self.take(field)? {
            OwnedValue::Str(text) => Some(text),
            _ => None,
        }
    }
}

impl SearchIndex {
    /// Searches as of now; a search asked again within seconds, with the
    /// index unchanged since, is answered from memory (see `answers`).
    pub fn search(&self, params: &SearchParams) -> Result<SearchResults, SearchError> {
        let now = chrono::Utc::now().naive_utc();
        let answers = &self.inner.answers;
        if !answers.enabled() {
            return self.search_at(params, now);
        }
        // Read before searching: an answer from a newer searcher filed
        // under an older generation is only ever thrown away, never given
        // in place of a newer one.
        let generation = self.inner.reader.searcher().generation().generation_id();
        let key = format!("{params:?}");
        let started = std::time::Instant::now();
        if let Some(results) = answers.get(generation, &key, started) {
            return Ok(results);
        }
        let results = self.search_at(params, now)?;
        answers.put(generation, key, results.clone(), started);
        Ok(results)
    }

    /// Searches as of `now` (UTC): events whose last session has started
    /// are left out, and next sessions are counted from then.
    pub fn search_at(&self, params: &SearchParams, now: NaiveDateTime) -> Result<SearchResults, SearchError> {
        let inner = &*self.inner;
        let f = &inner.fields;
        let searcher = inner.reader.searcher();
        // A place leaves a few candidates, among which the words are sought.
        let unions = if params.near.is_some() {
            Unions::Lazy
        } else {
            Unions::Buffered
        };
        // The box around a place, looked up once for the filter and the words.
        let area = params.near.as_ref().map(|n| {
            let (south, north, west, east) = bounding_box((n.latitude, n.longitude), n.radius_miles);
            inner.places.area(south, north, west, east)
        });
        let matchers = query::Matchers {
            fields: f,
            synonyms: &inner.synonyms,
            fuzzy: &inner.expansions,
            scores: &inner.scores,
            within: area.as_ref(),
        };
        let text = query::text(&params.q, &matchers, unions);
        // Facet filters whose values all have slots are applied, and
        // counted, by one collector; so are the end of events and the radius.
        let groups = inner.catalog.filter_groups(params);
        let checked = groups.is_some().then_some(query::Checked {
            dates: text.is_some() || params.near.is_some(),
        });
        let filters = query::filters(params, f, &inner.reference, now, checked, area.as_ref());
        let dates_checked = checked.is_some_and(|c| c.dates);
        let checks = Checks {
            until: now.and_utc().timestamp(),
            within: params
                .near
                .as_ref()
                .map(|n| ((n.latitude, n.longitude), n.radius_miles)),
            dates: query::date_window(params, now)
                .filter(|_| dates_checked)
                .map(|(from, before)| (tantivy_date(from), before.map(tantivy_date))),
            ranked_by_session: text.is_none() || params.sort == Sort::Date,
        };
        let plan = Plan {
            searcher: &searcher,
            checked: groups.as_deref().map(|g| (g, checks)),
            params,
            filters: &filters,
            now,
        };
        let per_page = params.per_page.max(1) as usize;
        // Several words: those with every word, unless they cannot fill
        // the first page; then those with any, all-word matches first.
        let first = Window::page(params);
        let (total, top, facets) = match &text {
            None => self.run(&plan, None, 0.0, first, None)?,
            Some(Text {
                every,
                some: Some(some),
            }) => {
                // Usually every word finds enough, so that search is run
                // outright rather than counted first (counting first was
                // measured slower, even with filters or a place); only when
                // it cannot fill a page is it thrown away for the any-word
                // search, in which its few matches keep their ranks.
                let with_every = self.run(&plan, Some(every), ALL_WORDS_BONUS, first, None)?;
                if with_every.0 < per_page {
                    // All of them, which a later page's window skipped.
                    let all_of_them = Window {
                        limit: per_page,
                        offset: 0,
                    };
                    let every_match = if first.offset == 0 {
                        with_every.1
                    } else {
                        self.run(&plan, Some(every), ALL_WORDS_BONUS, all_of_them, None)?.1
                    };
                    let ranked: Ranked = every_match
                        .into_iter()
                        .map(|(rank, a)| (searcher.segment_reader(a.segment_ord).segment_id(), a.doc_id, rank))
                        .collect();
                    self.run(&plan, Some(some), 0.0, first, Some(Arc::new(ranked)))?
                } else {
                    with_every
                }
            }
            Some(t) => self.run(&plan, Some(&t.every), 0.0, first, None)?,
        };
        let centre = params.near.as_ref().map(|n| (n.latitude, n.longitude));

        let mut hits = Vec::with_capacity(top.len());
        for (_, address) in top {
            let next = self.next_session(&searcher, address, now)?;
            hits.push(self.hit(searcher.doc::<Stored>(address)?, centre, next));
        }
        Ok(SearchResults {
            total: total as u64,
            page: params.page,
            per_page: params.per_page,
            hits,
            facets,
        })
    }

    /// One search with `text` (or everything) and the filters: the
    /// total, the window's addresses and the facet counts. Matches in
    /// `ranked` take the rank given there instead of their score's.
    fn run(
        &self,
        plan: &Plan<'_>,
        text: Option<&Strength>,
        bonus: f32,
        window: Window,
        ranked: Option<Arc<Ranked>>,
    ) -> Result<Page, SearchError> {
        let inner = &*self.inner;
        let Plan {
            searcher,
            checked,
            params,
            filters,
            now,
        } = *plan;
        let sort = params.sort;
        let centre = params.near.as_ref().map(|n| (n.latitude, n.longitude));
        // Without words every match is as good as another (tantivy may
        // then report a score of zero): nearest first when there is a
        // place, and soonest first among equals.
        let has_words = text.is_some();
        let bonus = f64::from(bonus);
        let now_date = tantivy_date(now);
        let shared = self.inner.clone();
        let ranging = centre.map(Ranging::new);
        let top =
            TopDocs::with_limit(window.limit)
                .and_offset(window.offset)
                .tweak_score(move |segment: &SegmentReader| {
                    let records = shared.catalog.records(segment).ok();
                    // This segment's ranked documents, in order (fewer than a page).
                    let id = segment.segment_id();
                    let mut mine: Vec<(DocId, Rank)> = ranked
                        .iter()
                        .flat_map(|r| r.iter())
                        .filter(|(s, _, _)| *s == id)
                        .map(|&(_, doc, rank)| (doc, rank))
                        .collect();
                    mine.sort_unstable_by_key(|&(doc, _)| doc);
                    move |doc: DocId, score: Score| {
                        let found = mine.binary_search_by_key(&doc, |&(d, _)| d).ok();
                        if let Some(&(_, rank)) = found.and_then(|i| mine.get(i)) {
                            return rank;
                        }
                        // Read only with a place: a read is a likely cache miss.
                        let position = || records.as_ref().filter(|_| centre.is_some())?.position(doc);
                        // Soonest first, and listings without sessions last.
                        let soonest = || {
                            records
                                .as_ref()
                                .and_then(|r| r.first_session_from(doc, now_date))
                                .map_or(f64::MIN, |t| -(t.into_timestamp_secs() as f64))
                        };
                        let score = if has_words { f64::from(score) + bonus } else { 1.0 };
                        match sort {
                            Sort::Relevance => (
                                match ranging.zip(position()) {
                                    Some((r, p)) => with_distance(score, r.miles_to(p)),
                                    None => score,
                                },
                                if has_words { 0.0 } else { soonest() },
                            ),
                            Sort::Distance => (
                                centre.zip(position()).map_or(f64::MIN, |(c, p)| -miles_between(c, p)),
                                score,
                            ),
                            Sort::Date => (soonest(), score),
                        }
                    }
                });
        let mut facets = Facets::default();
        if let Some((groups, checks)) = checked {
            if let Some(text) = text.filter(|_| !groups.is_empty()) {
                // Words and facet filters: every match of the words is
                // visited for the counts, and few pass every filter, so
                // matching comes first, unscored, and only what passes is
                // then scored (see `listed`).
                let base = query::combine_base(Some(&*text.matching), filters);
                let collector = inner.catalog.disjunctive(checks, groups, Found);
                let (kept, total, counts) = searcher.search(&*base, &collector)?;
                for dim in Dim::ALL {
                    inner.catalog.fill(&mut facets, dim, &counts, &selected(params, dim));
                }
                let total = usize::try_from(total).unwrap_or(usize::MAX);
                if kept.is_empty() {
                    return Ok((total, Vec::new(), facets));
                }
                let these = Box::new(ConstScoreQuery::new(Box::new(Listed::new(kept)), 0.0));
                let scored = query::all(vec![text.seeking.box_clone(), these]);
                return Ok((total, searcher.search(&*scored, &top)?, facets));
            }
            // One pass: the facet filters are checked, and every count
            // worked out, as the matches go by.
            let mut base = query::combine_base(text.map(|t| &*t.ranked), filters);
            if text.is_none() {
                if let Some(candidates) = query::candidates(searcher, filters) {
                    base = query::all(vec![base, candidates]);
                }
            }
            let collector = inner.catalog.disjunctive(checks, groups, top);
            let (top, total, counts) = searcher.search(&*base, &collector)?;
            for dim in Dim::ALL {
                inner.catalog.fill(&mut facets, dim, &counts, &selected(params, dim));
            }
            let total = usize::try_from(total).unwrap_or(usize::MAX);
            return Ok((total, top, facets));
        }
        // A filter value without a slot of its own: one query for the
        // results and one per filtered dimension for its counts.
        let main = query::combine(text.map(|t| &*t.ranked), filters, None);
        let counter = inner.catalog.collector();
        let (total, top, counts) = searcher.search(&*main, &(Count, top, counter))?;

        for dim in Dim::ALL {
            let selected = selected(params, dim);
            if dim.is_filtered(params) {
                // What choosing another value would give: the search
                // without this filter.
                let without = query::combine(text.map(|t| &*t.matching), filters, Some(dim));
                let counts = searcher.search(&*without, &inner.catalog.collector())?;
                inner.catalog.fill(&mut facets, dim, &counts, &selected);
            } else {
                inner.catalog.fill(&mut facets, dim, &counts, &selected);
            }
        }
        Ok((total, top, facets))
    }

    /// The listing's first session from `now` on (to the second, as
    /// sessions are indexed), from the segment's records rather than the
    /// stored document: a listing may have dozens of sessions, and reading
    /// them back from the store was most of the cost of a result card.
    fn next_session(
        &self,
        searcher: &tantivy::Searcher,
        address: DocAddress,
        now: NaiveDateTime,
    ) -> Result<Option<NaiveDateTime>, SearchError> {
        let records = self
            .inner
            .catalog
            .records(searcher.segment_reader(address.segment_ord))?;
        Ok(records
            .first_session_from(address.doc_id, tantivy_date(now))
            .and_then(|t| chrono::DateTime::from_timestamp(t.into_timestamp_secs(), 0))
            .map(|t| t.naive_utc()))
    }

    fn hit(&self, mut doc: Stored, centre: Option<(f64, f64)>, next_occurrence: Option<NaiveDateTime>) -> Hit {
        let f = &self.inner.fields;
        let id = doc.take(f.id).and_then(|v| (&v).as_u64()).unwrap_or_default();
        let kind = doc
            .text(f.kind)
            .and_then(|k| Kind::from_code(&k))
            .unwrap_or(Kind::Organisation);
        let slug = doc.text(f.slug).unwrap_or_default();
        let latitude = doc.take(f.lat).and_then(|v| (&v).as_f64());
        let longitude = doc.take(f.lon).and_then(|v| (&v).as_f64());
        let distance_miles = centre.zip(latitude.zip(longitude)).map(|(c, p)| miles_between(c, p));
        Hit {
            id: i32::try_from(id).unwrap_or_default(),
            url: format!("/{}/{}", kind.path_segment(), slug),
            kind,
            slug,
            name: doc.text(f.name).unwrap_or_default(),
            summary: doc.text(f.summary).unwrap_or_default(),
            borough_name: doc.text(f.borough_name),
            borough_slug: doc.text(f.borough_slug),
            interests: std::iter::from_fn(|| doc.text(f.interest_slugs)).collect(),
            postcode: doc.text(f.postcode),
            latitude,
            longitude,
            cost: doc.text(f.cost).unwrap_or_default(),
            first_visit: doc.text(f.first_visit_snippet).unwrap_or_default(),
            walking_minutes: distance_miles.map(walking_minutes),
            distance_miles,
            next_occurrence,
            member_led: doc.take(f.member_led).and_then(|v| (&v).as_u64()) == Some(1),
        }
    }

    /// Up to `n` completions of the last word of `input` from the words of
    /// listing names, interests and organisations, commonest first:
    /// "community allot" → "community allotments".
    pub fn suggest(&self, input: &str, n: usize) -> Result<Vec<Suggestion>, SearchError> {
        let input = input.trim_end();
        let Some(last) = input.split_whitespace().last() else {
            return Ok(vec![]);
        };
        let Some(prefix) = analysis::words(last).pop() else {
            return Ok(vec![]);
        };
        if n == 0 {
            return Ok(vec![]);
        }
        let inner = &*self.inner;
        let field = inner.fields.plain;
        let searcher = inner.reader.searcher();
        // Candidates from every segment's term dictionary, with document
        // frequencies, which still count deleted documents until merges.
        let mut upper = prefix.clone().into_bytes();
        upper.push(0xff);
        let mut candidates: HashMap<String, u64> = HashMap::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted
                .terms()
                .range()
                .ge(prefix.as_bytes())
                .lt(&upper)
                .into_stream()
                .map_err(tantivy::TantivyError::from)?;
            while stream.advance() {
                if let Ok(word) = std::str::from_utf8(stream.key()) {
                    *candidates.entry(word.to_owned()).or_default() += u64::from(stream.value().doc_freq);
                }
            }
        }
        let mut ranked: Vec<(String, u64)> = candidates.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        // Count live documents for the likeliest few, so a word left only
        // in deleted documents is not offered.
        let mut out = Vec::new();
        // `input` ends with `last`, having been trimmed.
        let head = &input[..input.len() - last.len()];
        for (word, _) in ranked.into_iter().take(n * 3) {
            let query = TermQuery::new(Term::from_field_text(field, &word), IndexRecordOption::Basic);
            let count = searcher.search(&query as &dyn Query, &Count)? as u64;
            if count > 0 {
                out.push(Suggestion {
                    text: format!("{head}{word}"),
                    word,
                    count,
                });
            }
        }
        out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.word.cmp(&b.word)));
        out.truncate(n);
        Ok(out)
    }
}

/// Which ranked matches a search keeps: `limit` of them after skipping
/// `offset`.
#[derive(Debug, Clone, Copy)]
struct Window {
    limit: usize,
    offset: usize,
}

impl Window {
    /// The page the parameters ask for.
    fn page(p: &SearchParams) -> Window {
        let per_page = p.per_page.max(1) as usize;
        Window {
            limit: per_page,
            offset: (p.page.max(1) as usize - 1) * per_page,
        }
    }
}

/// The values chosen for a dimension, as facet values.
fn selected(p: &SearchParams, dim: Dim) -> Vec<String> {
    fn flat<T>(groups: &[Vec<T>], code: impl Fn(&T) -> String) -> Vec<String> {
        groups.iter().flatten().map(code).collect()
    }
    match dim {
        Dim::Kind => flat(&p.kinds, |k| k.code().to_owned()),
        Dim::Interest => flat(&p.interests, Clone::clone),
        Dim::Borough => flat(&p.boroughs, Clone::clone),
        Dim::Free => {
            if p.free {
                vec!["true".to_owned()]
            } else {
                vec![]
            }
        }
        Dim::Day => flat(&p.days, |d| d.code().to_owned()),
        Dim::Time => flat(&p.times, |t| t.code().to_owned()),
        Dim::Access => flat(&p.access, |a| a.code().to_owned()),
        Dim::Audience => flat(&p.audiences, |a| a.code().to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::with_distance;

    #[test]
    fn handles_can_be_shared_between_request_handlers() {
        fn shareable<T: Send + Sync + Clone + 'static>() {}
        shareable::<crate::SearchIndex>();
        fn sendable<T: Send + 'static>() {}
        sendable::<crate::Indexer>();
        sendable::<crate::SearchResults>();
        sendable::<crate::SearchError>();
    }

    #[test]
    fn distance_halves_a_score_every_two_miles_or_so() {
        assert_eq!(with_distance(10.0, 0.0), 10.0);
        assert_eq!(with_distance(10.0, 2.0), 5.0);
        // A match 20% better but eight miles further loses.
        assert!(with_distance(12.0, 9.0) < with_distance(10.0, 1.0));
    }
}
