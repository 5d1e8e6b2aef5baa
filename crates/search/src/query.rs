//! From parameters to a tantivy query.
//!
//! Scoring is layered so that what a person would call the better match
//! wins: a listing with every word beats one with some; within that, words
//! in the name beat words in the interests, summary and description; an
//! exact or phrase match on the name earns a bonus no fuzzy or
//! description-only match can reach. Filters add nothing to the score.

use std::ops::Bound;

use chrono::{Duration, NaiveDateTime};
use directory::{recurrence, Reference};
use tantivy::query::doc_predicate_query::{DocPredicateQuery, FunctionPredicate};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, SegmentReader, Term};

use crate::analysis;
use crate::distance::Circle;
use crate::document::{facet, tantivy_date};
use crate::facets::Dim;
use crate::fuzzy::Expansions;
use crate::params::SearchParams;
use crate::places::Area;
use crate::schema::{Fields, LAT, LON};
use crate::scored::WordScores;
use crate::synonyms::Synonyms;
use crate::union::LazyUnion;

/// Words beyond this many are ignored: nobody types more, and each word
/// adds clauses.
const MAX_WORDS: usize = 16;
/// Typos are forgiven only in words this long: in shorter words one edit
/// is too often another real word ("pot", "pit", "put").
const FUZZY_MIN_CHARS: usize = 5;

/// Per-field weight of a matching word.
const FIELD_WEIGHTS: [(FieldName, f32); 6] = [
    (FieldName::Name, 3.0),
    (FieldName::Interests, 2.0),
    (FieldName::Summary, 1.2),
    (FieldName::Context, 1.0),
    (FieldName::Description, 0.6),
    (FieldName::FirstVisit, 0.4),
];
/// A flat bonus for each word found in the name.
const NAME_WORD_BONUS: f32 = 4.0;
/// Fuzzy matches score a constant; they break ties, never lead.
const FUZZY_NAME: f32 = 1.5;
const FUZZY_INTERESTS: f32 = 1.0;
/// Synonyms count a little less than the word typed.
const SYNONYM_WEIGHT: f32 = 0.7;
/// For having every word (or a synonym of it).
pub(crate) const ALL_WORDS_BONUS: f32 = 20.0;
/// For the query's words in the name, in order.
const NAME_PHRASE_BONUS: f32 = 15.0;
/// For the query being the whole name.
const EXACT_NAME_BONUS: f32 = 40.0;
/// Stop words dropped between phrase words leave gaps in positions.
const PHRASE_SLOP: u32 = 2;

#[derive(Debug, Clone, Copy)]
enum FieldName {
    Name,
    Interests,
    Summary,
    Context,
    Description,
    FirstVisit,
}

impl FieldName {
    fn field(self, f: &Fields) -> Field {
        match self {
            FieldName::Name => f.name,
            FieldName::Interests => f.interests,
            FieldName::Summary => f.summary,
            FieldName::Context => f.context,
            FieldName::Description => f.description,
            FieldName::FirstVisit => f.first_visit,
        }
    }

    fn has_positions(self) -> bool {
        !matches!(self, FieldName::Description | FieldName::FirstVisit)
    }
}

fn boxed(q: impl Query) -> Box<dyn Query> {
    Box::new(q)
}

fn term(field: Field, text: &str) -> Term {
    Term::from_field_text(field, text)
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    boxed(TermQuery::new(term(field, text), IndexRecordOption::WithFreqs))
}

fn any(clauses: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    boxed(BooleanQuery::new(
        clauses.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

/// How the alternatives of a search's words are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unions {
    /// tantivy's union: fastest when the words are matched across the
    /// whole index.
    Buffered,
    /// [`LazyUnion`]: fastest when something else (a place) narrows the
    /// search to a few candidates first, the words being sought only there.
    Lazy,
}

impl Unions {
    fn any(self, clauses: Vec<Box<dyn Query>>) -> Box<dyn Query> {
        match self {
            Unions::Buffered => any(clauses),
            Unions::Lazy => boxed(LazyUnion::new(clauses)),
        }
    }
}

pub(crate) fn all(clauses: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    boxed(BooleanQuery::new(
        clauses.into_iter().map(|q| (Occur::Must, q)).collect(),
    ))
}

fn phrase(field: Field, stems: &[String]) -> Box<dyn Query> {
    let terms = stems.iter().enumerate().map(|(i, s)| (i, term(field, s))).collect();
    boxed(PhraseQuery::new_with_offset_and_slop(terms, PHRASE_SLOP))
}

/// One word, in every text field; with `forgive_typo`, one edit away too.
fn word_query(
    u: Unions,
    f: &Fields,
    fuzzy: &Expansions,
    stem: &str,
    weight: f32,
    forgive_typo: bool,
) -> Box<dyn Query> {
    let mut clauses: Vec<Box<dyn Query>> = FIELD_WEIGHTS
        .iter()
        .map(|&(name, w)| boxed(BoostQuery::new(term_query(name.field(f), stem), w * weight)))
        .collect();
    clauses.push(boxed(ConstScoreQuery::new(
        term_query(f.name, stem),
        NAME_WORD_BONUS * weight,
    )));
    if forgive_typo {
        // Against stems, so that a typo and the word it was meant to be
        // reduce alike: "alotment" → "alot", "allotments" → "allot".
        for (field, w) in [(f.name, FUZZY_NAME), (f.interests, FUZZY_INTERESTS)] {
            clauses.push(fuzzy.query(field, stem, w * weight));
        }
    }
    u.any(clauses)
}

fn forgive_typo(word: &str) -> bool {
    word.chars().count() >= FUZZY_MIN_CHARS
}

/// A phrase from the synonyms file, e.g. "community garden".
fn phrase_query(u: Unions, f: &Fields, stems: &[String], weight: f32) -> Box<dyn Query> {
    let mut clauses: Vec<Box<dyn Query>> = Vec::new();
    for &(name, w) in &FIELD_WEIGHTS {
        let field = name.field(f);
        let q = if name.has_positions() {
            phrase(field, stems)
        } else {
            all(stems.iter().map(|s| term_query(field, s)).collect())
        };
        clauses.push(boxed(BoostQuery::new(q, w * weight)));
    }
    clauses.push(boxed(ConstScoreQuery::new(
        phrase(f.name, stems),
        NAME_WORD_BONUS * weight,
    )));
    u.any(clauses)
}

/// The text part of a search, or `None` when `q` has no searchable words;
/// `u` says how each word's alternatives are combined, except in the
/// queries that score a few listed documents ([`Strength::seeking`]).
pub(crate) fn text(q: &str, m: &Matchers<'_>, u: Unions) -> Option<Text> {
    let mut text = text_with(q, m, u)?;
    if u != Unions::Lazy {
        let lazy = text_with(q, m, Unions::Lazy)?;
        text.every.seeking = lazy.every.ranked;
        if let (Some(some), Some(lazy)) = (&mut text.some, lazy.some) {
            some.seeking = lazy.ranked;
        }
    }
    Some(text)
}

/// What turns a search's words into queries.
pub(crate) struct Matchers<'a> {
    pub fields: &'a Fields,
    pub synonyms: &'a Synonyms,
    pub fuzzy: &'a Expansions,
    pub scores: &'a WordScores,
    /// The box around the place searched: each word's kept list is
    /// narrowed to it before being searched.
    pub within: Option<&'a Area>,
}

fn text_with(q: &str, m: &Matchers<'_>, u: Unions) -> Option<Text> {
    let Matchers {
        fields: f,
        synonyms,
        fuzzy,
        scores,
        within,
    } = *m;
    let words: Vec<String> = analysis::words(q).into_iter().take(MAX_WORDS).collect();
    if words.is_empty() {
        return None;
    }
    let stems: Vec<String> = words.iter().map(|w| analysis::stem(w)).collect();
    // One clause per word, or per phrase that the synonyms file knows,
    // each kept with its scores (see `scored`) under a key naming what
    // decides it: the stems typed and whether a typo is forgiven. Within
    // a clause tantivy's own unions walk the whole segment fastest.
    let b = Unions::Buffered;
    // Each clause's key and query, kept (see `scored`) once it is known
    // whether the search has one clause or several.
    let mut clauses: Vec<(String, Box<dyn Query>)> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        match synonyms.match_at(&stems[i..]) {
            Some((len, group)) => {
                let typed = &stems[i..i + len];
                let typo = forgive_typo(&words[i]);
                // Only the word typed may have a typo; its synonyms are
                // spelt right, and fuzzing them too would drift far.
                let alternatives = synonyms.group(group).iter().map(|alt| {
                    let weight = if alt.as_slice() == typed { 1.0 } else { SYNONYM_WEIGHT };
                    match alt.as_slice() {
                        [single] if alt.as_slice() == typed => word_query(b, f, fuzzy, single, weight, typo),
                        [single] => word_query(b, f, fuzzy, single, weight, false),
                        _ => phrase_query(b, f, alt, weight),
                    }
                });
                let key = format!("synonyms {group} {} {typo}", typed.join(" "));
                clauses.push((key, b.any(alternatives.collect())));
                i += len;
            }
            None => {
                let typo = forgive_typo(&words[i]);
                let key = format!("word {} {typo}", stems[i]);
                clauses.push((key, word_query(b, f, fuzzy, &stems[i], 1.0, typo)));
                i += 1;
            }
        }
    }
    let typed = words.join(" ");
    let exact = boxed(ConstScoreQuery::new(term_query(f.name_exact, &typed), EXACT_NAME_BONUS));
    if let [(key, clause)] = clauses.as_slice() {
        // One clause: it and the exact name are kept as one list, which a
        // search then reads straight through rather than merging two (the
        // merge was a fifth of a one-word search). The same sums as either
        // union gives, so `u` does not matter here.
        let key = format!("{key} exact {typed}");
        let ranked = scores.query(key, b.any(vec![exact, clause.box_clone()]), within);
        return Some(Text {
            every: Strength {
                ranked: ranked.box_clone(),
                seeking: ranked.box_clone(),
                matching: ranked,
            },
            some: None,
        });
    }
    let clauses: Vec<Box<dyn Query>> = clauses
        .into_iter()
        .map(|(key, clause)| scores.query(key, clause, within))
        .collect();
    let name_phrase = boxed(ConstScoreQuery::new(phrase(f.name, &stems), NAME_PHRASE_BONUS));
    // Every word required: the bonus for having them all is the same for
    // every match, so it is added to the score afterwards (see `Text`).
    let all_words = all(clauses.iter().map(|c| c.box_clone()).collect());
    let mut required: Vec<(Occur, Box<dyn Query>)> = clauses.iter().map(|c| (Occur::Must, c.box_clone())).collect();
    required.push((Occur::Should, name_phrase.box_clone()));
    required.push((Occur::Should, exact.box_clone()));
    let ranked = boxed(BooleanQuery::new(required));
    let every = Strength {
        seeking: ranked.box_clone(),
        ranked,
        matching: all_words.box_clone(),
    };

    // A name phrase has every word; the exact name is kept in case a
    // name's words are not what its stems suggest. A match without every
    // word scores only its words and the exact name, so these are scored
    // here; those with every word are all in the all-words search, which
    // is run first, and keep its ranks (see `search`), so having them all
    // and the name phrase need not be scored again.
    let mut some: Vec<Box<dyn Query>> = vec![exact];
    some.extend(clauses);
    let some = u.any(some);
    Some(Text {
        every,
        some: Some(Strength {
            ranked: some.box_clone(),
            seeking: some.box_clone(),
            matching: some,
        }),
    })
}

/// The text part of a search in its two strengths.
pub(crate) struct Text {
    /// Matches with every word (each exactly, by stem, synonym, interest or
    /// typo). For several words its scores lack [`ALL_WORDS_BONUS`], which
    /// every match would earn: add it.
    pub every: Strength,
    /// For several words: matches with any of them, used when too few
    /// have them all. Its scores are right only for matches without every
    /// word; the others take their ranks from `every`, with
    /// [`ALL_WORDS_BONUS`] added.
    pub some: Option<Strength>,
}

/// One way of matching words: the query that ranks, and a cheaper one
/// that matches the same documents without scoring them, for counts.
pub(crate) struct Strength {
    pub ranked: Box<dyn Query>,
    /// Ranks as `ranked` does, with every union lazy ([`Unions::Lazy`]):
    /// for scoring a few documents found already, which it seeks.
    pub seeking: Box<dyn Query>,
    pub matching: Box<dyn Query>,
}

fn facet_union(f: &Fields, paths: Vec<Vec<&str>>) -> Box<dyn Query> {
    any(paths
        .into_iter()
        .map(|p| {
            boxed(TermQuery::new(
                Term::from_facet(f.facets, &facet(&p)),
                IndexRecordOption::Basic,
            ))
        })
        .collect())
}

fn range<T>(field_term: impl Fn(T) -> Term, lower: Bound<T>, upper: Bound<T>) -> Box<dyn Query> {
    let map = |b: Bound<T>| match b {
        Bound::Included(v) => Bound::Included(field_term(v)),
        Bound::Excluded(v) => Bound::Excluded(field_term(v)),
        Bound::Unbounded => Bound::Unbounded,
    };
    boxed(RangeQuery::new(map(lower), map(upper)))
}

/// The first session time and the time before which one must start
/// (UTC) when the search asks for dates: London days, from now at the
/// earliest.
pub(crate) fn date_window(p: &SearchParams, now: NaiveDateTime) -> Option<(NaiveDateTime, Option<NaiveDateTime>)> {
    if p.from.is_none() && p.to.is_none() {
        return None;
    }
    // Dates are London days; sessions are stored in UTC.
    let midnight = |d: chrono::NaiveDate| recurrence::from_london_time(d.and_time(chrono::NaiveTime::MIN));
    let start = p.from.map_or(now, |d| midnight(d).max(now));
    Some((start, p.to.map(|d| midnight(d + Duration::days(1)))))
}

/// What the collector ([`crate::facets::Checks`]) tests per match instead
/// of as queries.
#[derive(Clone, Copy)]
pub(crate) struct Checked {
    /// Whether the dates are checked per match too: worth it when words
    /// or a place narrow the search first, not when every document's
    /// sessions would be read anyway.
    pub dates: bool,
}

/// The conditions of a search other than its words; those that belong to a
/// counted dimension say which, so its counts can leave them out. With
/// `checked`, the end of events, the exact radius and perhaps the dates
/// are left to [`crate::facets::Checks`], which tests them only for the
/// documents the rest lets through, instead of scanning a fast field for
/// every document. `area` is the box around the place searched, if any.
pub(crate) fn filters(
    p: &SearchParams,
    f: &Fields,
    reference: &Reference,
    now: NaiveDateTime,
    checked: Option<Checked>,
    area: Option<&Area>,
) -> Vec<(Option<Dim>, Box<dyn Query>)> {
    let mut out: Vec<(Option<Dim>, Box<dyn Query>)> = Vec::new();
    let until = f.until;
    if checked.is_none() {
        out.push((
            None,
            range(
                |v| Term::from_field_i64(until, v),
                Bound::Included(now.and_utc().timestamp()),
                Bound::Unbounded,
            ),
        ));
    }
    for group in &p.kinds {
        out.push((
            Some(Dim::Kind),
            facet_union(f, group.iter().map(|k| vec!["kind", k.code()]).collect()),
        ));
    }
    for group in &p.interests {
        let paths: Vec<Vec<String>> = group
            .iter()
            .filter_map(|slug| reference.interest_by_slug(slug))
            .map(|i| match i.parent_id.and_then(|id| reference.interest(id)) {
                Some(parent) => vec!["interest".to_owned(), parent.slug.clone(), i.slug.clone()],
                None => vec!["interest".to_owned(), i.slug.clone()],
            })
            .collect();
        let paths = paths.iter().map(|p| p.iter().map(String::as_str).collect()).collect();
        out.push((Some(Dim::Interest), facet_union(f, paths)));
    }
    for group in &p.boroughs {
        out.push((
            Some(Dim::Borough),
            facet_union(f, group.iter().map(|b| vec!["borough", b.as_str()]).collect()),
        ));
    }
    if p.free {
        out.push((Some(Dim::Free), facet_union(f, vec![vec!["cost", "free"]])));
    }
    for group in &p.days {
        out.push((
            Some(Dim::Day),
            facet_union(f, group.iter().map(|d| vec!["day", d.code()]).collect()),
        ));
    }
    for group in &p.times {
        out.push((
            Some(Dim::Time),
            facet_union(f, group.iter().map(|t| vec!["time", t.code()]).collect()),
        ));
    }
    for group in &p.access {
        out.push((
            Some(Dim::Access),
            facet_union(f, group.iter().map(|a| vec!["access", a.code()]).collect()),
        ));
    }
    for group in &p.audiences {
        out.push((
            Some(Dim::Audience),
            facet_union(f, group.iter().map(|a| vec!["audience", a.code()]).collect()),
        ));
    }
    if let Some((start, upper)) = date_window(p, now).filter(|_| !checked.is_some_and(|c| c.dates)) {
        let upper = upper.map_or(Bound::Unbounded, Bound::Excluded);
        let dates = f.dates;
        out.push((
            None,
            range(
                |t| Term::from_field_date(dates, tantivy_date(t)),
                Bound::Included(start),
                upper,
            ),
        ));
    }
    if let Some(age) = p.age {
        let (min, max) = (f.age_min, f.age_max);
        let age = u64::from(age);
        out.push((
            None,
            range(|v| Term::from_field_u64(min, v), Bound::Unbounded, Bound::Included(age)),
        ));
        out.push((
            None,
            range(|v| Term::from_field_u64(max, v), Bound::Included(age), Bound::Unbounded),
        ));
    }
    if let Some(near) = &p.near {
        // The box, shared with the words narrowed to it (see `Matchers`).
        if let Some(area) = area {
            out.push((None, area.query()));
        }
        // With `checked`, the exact radius is checked by the collector.
        if checked.is_none() {
            out.push((None, within((near.latitude, near.longitude), near.radius_miles)));
        }
    }
    out
}

/// The exact radius, checked only for what the bounding box let through.
fn within(centre: (f64, f64), miles: f64) -> Box<dyn Query> {
    let circle = Circle::new(centre, miles);
    let predicate = FunctionPredicate::from(move |segment: &SegmentReader| {
        let lat = segment.fast_fields().f64(LAT)?;
        let lon = segment.fast_fields().f64(LON)?;
        Ok(move |doc: DocId| match (lat.first(doc), lon.first(doc)) {
            (Some(la), Some(lo)) => circle.contains((la, lo)),
            _ => false,
        })
    });
    boxed(DocPredicateQuery::from(predicate))
}

/// The whole search: its words (or everything) and its conditions, except
/// those of the dimension `without`, whose counts are being computed.
pub(crate) fn combine(
    text: Option<&dyn Query>,
    filters: &[(Option<Dim>, Box<dyn Query>)],
    without: Option<Dim>,
) -> Box<dyn Query> {
    combine_where(text, filters, |dim| without.is_none() || dim != without)
}

/// The search's words (or everything) and only those conditions that
/// belong to no counted dimension: the facet filters are then applied by
/// [`crate::facets::Disjunctive`], which counts as it filters.
pub(crate) fn combine_base(text: Option<&dyn Query>, filters: &[(Option<Dim>, Box<dyn Query>)]) -> Box<dyn Query> {
    combine_where(text, filters, |dim| dim.is_none())
}

/// For a search without words that filters on two dimensions or more:
/// the only documents that can count, so that the others need not be
/// visited. A document counts when it fails the filters of one dimension
/// at most, so it either passes the filters of the most selective
/// dimension, or passes all the others. `None` when every document counts.
pub(crate) fn candidates(
    searcher: &tantivy::Searcher,
    filters: &[(Option<Dim>, Box<dyn Query>)],
) -> Option<Box<dyn Query>> {
    let mut dims: Vec<Dim> = filters.iter().filter_map(|(dim, _)| *dim).collect();
    dims.sort_by_key(|d| d.bit());
    dims.dedup();
    if dims.len() < 2 {
        return None;
    }
    // How many documents a filter lets through, at most: the sum of its
    // values' document frequencies.
    let estimate = |q: &dyn Query| {
        let mut n = 0u64;
        q.query_terms(&mut |term, _| n = n.saturating_add(searcher.doc_freq(term).unwrap_or(u64::MAX)));
        n
    };
    let lead = dims.iter().copied().min_by_key(|&dim| {
        filters
            .iter()
            .filter(|(d, _)| *d == Some(dim))
            .map(|(_, q)| estimate(&**q))
            .min()
            .unwrap_or(u64::MAX)
    })?;
    let of = |keep: &dyn Fn(Dim) -> bool| {
        all(filters
            .iter()
            .filter_map(|(d, q)| d.filter(|d| keep(*d)).map(|_| q.box_clone()))
            .collect())
    };
    let passes_lead = of(&|d| d == lead);
    let passes_others = of(&|d| d != lead);
    Some(boxed(ConstScoreQuery::new(any(vec![passes_lead, passes_others]), 0.0)))
}

fn combine_where(
    text: Option<&dyn Query>,
    filters: &[(Option<Dim>, Box<dyn Query>)],
    keep: impl Fn(Option<Dim>) -> bool,
) -> Box<dyn Query> {
    let text: Box<dyn Query> = text.map_or_else(|| boxed(AllQuery), |t| t.box_clone());
    let conditions: Vec<Box<dyn Query>> = filters
        .iter()
        .filter(|(dim, _)| keep(*dim))
        .map(|(_, q)| q.box_clone())
        .collect();
    if conditions.is_empty() {
        return text;
    }
    // Conditions only narrow; a zero constant keeps them out of the score.
    all(vec![text, boxed(ConstScoreQuery::new(all(conditions), 0.0))])
}
