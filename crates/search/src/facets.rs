//! Facet counts: how many results have each kind, interest, borough, day…
//!
//! One collector counts every dimension in a single pass over the matches.
//! It maps each segment's facet paths to counting slots once, as a few bits
//! per document, so counting a document is walking the set bits of two or
//! three words, and a document tagged with two walking interests counts
//! once for "Sport & exercise".

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use directory::{Audience, Facility, Kind, Reference};
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::index::SegmentId;
use tantivy::schema::Facet;
use tantivy::{DateTime, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::distance::miles_between;
use crate::params::{Day, SearchParams, TimeOfDay};
use crate::schema::{DATES, FACETS, LAT, LON, UNTIL};

/// The filters that have counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Dim {
    Kind,
    Interest,
    Borough,
    Free,
    Day,
    Time,
    Access,
    Audience,
}

impl Dim {
    /// This dimension as one bit, to record which filters a document fails.
    pub fn bit(self) -> u8 {
        match self {
            Dim::Kind => 1,
            Dim::Interest => 2,
            Dim::Borough => 4,
            Dim::Free => 8,
            Dim::Day => 16,
            Dim::Time => 32,
            Dim::Access => 64,
            Dim::Audience => 128,
        }
    }

    pub const ALL: [Dim; 8] = [
        Dim::Kind,
        Dim::Interest,
        Dim::Borough,
        Dim::Free,
        Dim::Day,
        Dim::Time,
        Dim::Access,
        Dim::Audience,
    ];

    /// Whether the search filters on this dimension.
    pub fn is_filtered(self, p: &SearchParams) -> bool {
        match self {
            Dim::Kind => !p.kinds.is_empty(),
            Dim::Interest => !p.interests.is_empty(),
            Dim::Borough => !p.boroughs.is_empty(),
            Dim::Free => p.free,
            Dim::Day => !p.days.is_empty(),
            Dim::Time => !p.times.is_empty(),
            Dim::Access => !p.access.is_empty(),
            Dim::Audience => !p.audiences.is_empty(),
        }
    }
}

/// One value of one filter and how many results have it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FacetCount {
    /// The code or slug to filter by, e.g. `walking` or `step_free`.
    pub value: String,
    pub label: String,
    /// The parent interest's slug, for child interests.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    pub count: u64,
}

/// Counts for every filter. For a filter in use, the counts are those
/// the search would have without it, i.e. what choosing another value
/// would add; for the others, the counts within the current results.
/// Short closed lists are given in full, zeros included; interests and
/// boroughs only where there is something.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Facets {
    pub kind: Vec<FacetCount>,
    /// Top-level interests, each followed by its children.
    pub interest: Vec<FacetCount>,
    pub borough: Vec<FacetCount>,
    /// The single value `true`: free listings.
    pub free: Vec<FacetCount>,
    pub day: Vec<FacetCount>,
    pub time: Vec<FacetCount>,
    pub access: Vec<FacetCount>,
    pub audience: Vec<FacetCount>,
}

impl Facets {
    fn list_mut(&mut self, dim: Dim) -> &mut Vec<FacetCount> {
        match dim {
            Dim::Kind => &mut self.kind,
            Dim::Interest => &mut self.interest,
            Dim::Borough => &mut self.borough,
            Dim::Free => &mut self.free,
            Dim::Day => &mut self.day,
            Dim::Time => &mut self.time,
            Dim::Access => &mut self.access,
            Dim::Audience => &mut self.audience,
        }
    }
}

#[derive(Debug, Clone)]
struct Slot {
    dim: Dim,
    value: String,
    label: String,
    parent: Option<String>,
    /// Shown even with no results.
    always: bool,
}

/// Every countable facet value, and which facet paths count towards it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Catalog {
    slots: Vec<Slot>,
    by_path: HashMap<String, Vec<u32>>,
    /// The slot of each filterable (dimension, value), for filtering by
    /// slot masks; values that name two slots are left out, so a filter on
    /// them falls back to queries.
    by_value: HashMap<(Dim, String), u32>,
    /// For each dimension (by the position of [`Dim::bit`]), a mask of
    /// its slots: a document that fails only that dimension's filters
    /// counts for those slots alone.
    dim_masks: Arc<[Vec<u64>; 8]>,
    /// Each segment's slots per document, worked out once: segments never
    /// change, and reading every facet of a segment, or even one
    /// document's, costs more than looking up a list.
    segments: Arc<Mutex<HashMap<SegmentId, Arc<DocSlots>>>>,
}

/// The slots each document of a segment counts towards, each once, as
/// bits: [`Catalog::mask_words`] words per document, so that checking a
/// filter group is a few ANDs and counting is walking the set bits. Bits
/// rather than a list of slot numbers per document: a search reads these
/// for every match, scattered over a segment, and 16 bytes a document
/// (about 120 slots) miss the processor's caches far less often than the
/// 64 of a list and its offsets did, which had made this collector a
/// quarter of a busy server's time.
#[derive(Debug, Default)]
struct DocSlots {
    masks: Vec<u64>,
    words: usize,
}

impl DocSlots {
    fn mask(&self, doc: DocId) -> &[u64] {
        let from = doc as usize * self.words;
        self.masks.get(from..from + self.words).unwrap_or_default()
    }
}

/// Adds one to `counts` for every slot set in both `mask` and `keep`.
fn count_slots(mask: &[u64], keep: Option<&[u64]>, counts: &mut [u64]) {
    for (word, &bits) in mask.iter().enumerate() {
        let mut bits = match keep {
            Some(keep) => bits & keep.get(word).copied().unwrap_or(0),
            None => bits,
        };
        while bits != 0 {
            let slot = word * 64 + bits.trailing_zeros() as usize;
            if let Some(count) = counts.get_mut(slot) {
                *count += 1;
            }
            bits &= bits - 1;
        }
    }
}

/// Segments remembered at most, whatever is searched now.
const CACHED_SEGMENTS: usize = 256;

impl Catalog {
    pub fn new(reference: &Reference) -> Catalog {
        let mut c = Catalog::new_unindexed(reference);
        let mut seen: HashMap<(Dim, String), usize> = HashMap::new();
        for slot in &c.slots {
            *seen.entry((slot.dim, slot.value.clone())).or_default() += 1;
        }
        for (i, slot) in c.slots.iter().enumerate() {
            let key = (slot.dim, slot.value.clone());
            if seen.get(&key) == Some(&1) {
                c.by_value.insert(key, u32::try_from(i).unwrap_or(u32::MAX));
            }
        }
        let words = c.mask_words();
        let mut dim_masks: [Vec<u64>; 8] = Default::default();
        for mask in &mut dim_masks {
            *mask = vec![0; words];
        }
        for (i, slot) in c.slots.iter().enumerate() {
            let dim = slot.dim.bit().trailing_zeros() as usize;
            if let Some(word) = dim_masks.get_mut(dim).and_then(|m| m.get_mut(i / 64)) {
                *word |= 1 << (i % 64);
            }
        }
        c.dim_masks = Arc::new(dim_masks);
        c
    }

    /// Words of 64 bits in a document's slot mask.
    fn mask_words(&self) -> usize {
        self.slots.len().div_ceil(64).max(1)
    }

    /// The search's filter groups as slot masks, or `None` when a value
    /// has no slot of its own (then only queries can filter on it).
    pub fn filter_groups(&self, p: &SearchParams) -> Option<Vec<Group>> {
        fn codes<T>(groups: &[Vec<T>], code: impl Fn(&T) -> &str) -> Vec<Vec<&str>> {
            groups.iter().map(|g| g.iter().map(&code).collect()).collect()
        }
        let free: Vec<Vec<&str>> = if p.free { vec![vec!["true"]] } else { vec![] };
        let dims = [
            (Dim::Kind, codes(&p.kinds, |k| k.code())),
            (Dim::Interest, codes(&p.interests, String::as_str)),
            (Dim::Borough, codes(&p.boroughs, String::as_str)),
            (Dim::Free, free),
            (Dim::Day, codes(&p.days, |d| d.code())),
            (Dim::Time, codes(&p.times, |t| t.code())),
            (Dim::Access, codes(&p.access, |a| a.code())),
            (Dim::Audience, codes(&p.audiences, |a| a.code())),
        ];
        let words = self.mask_words();
        let mut out = Vec::new();
        for (dim, groups) in dims {
            for values in groups {
                let mut mask = vec![0u64; words];
                for value in values {
                    let slot = *self.by_value.get(&(dim, value.to_owned()))? as usize;
                    *mask.get_mut(slot / 64)? |= 1 << (slot % 64);
                }
                out.push(Group { bit: dim.bit(), mask });
            }
        }
        Some(out)
    }

    fn new_unindexed(reference: &Reference) -> Catalog {
        let mut c = Catalog::default();
        for &k in Kind::ALL {
            c.add(&["kind", k.code()], Dim::Kind, k.code(), k.label(), None, true);
        }
        for top in reference.top_interests() {
            let parent_slot = c.add(
                &["interest", &top.slug],
                Dim::Interest,
                &top.slug,
                &top.name,
                None,
                false,
            );
            for child in reference.children(top.id) {
                let slot = c.add(
                    &["interest", &top.slug, &child.slug],
                    Dim::Interest,
                    &child.slug,
                    &child.name,
                    Some(top.slug.clone()),
                    false,
                );
                // A child's path also counts for its parent.
                if let Some(slots) = c.by_path.get_mut(&facet_key(&["interest", &top.slug, &child.slug])) {
                    slots.clear();
                    slots.extend([slot, parent_slot]);
                }
            }
        }
        let mut boroughs: Vec<_> = reference.boroughs.iter().collect();
        boroughs.sort_by(|a, b| a.name.cmp(&b.name));
        for b in boroughs {
            c.add(&["borough", &b.slug], Dim::Borough, &b.slug, &b.name, None, false);
        }
        c.add(&["cost", "free"], Dim::Free, "true", "Free", None, true);
        for &d in Day::ALL {
            c.add(&["day", d.code()], Dim::Day, d.code(), d.label(), None, true);
        }
        for &t in TimeOfDay::ALL {
            c.add(&["time", t.code()], Dim::Time, t.code(), t.label(), None, true);
        }
        for &f in Facility::ALL {
            c.add(&["access", f.code()], Dim::Access, f.code(), f.label(), None, true);
        }
        for &a in Audience::ALL {
            c.add(&["audience", a.code()], Dim::Audience, a.code(), a.label(), None, true);
        }
        c
    }

    fn add(&mut self, path: &[&str], dim: Dim, value: &str, label: &str, parent: Option<String>, always: bool) -> u32 {
        let slot = u32::try_from(self.slots.len()).unwrap_or(u32::MAX);
        self.slots.push(Slot {
            dim,
            value: value.to_owned(),
            label: label.to_owned(),
            parent,
            always,
        });
        self.by_path.insert(facet_key(path), vec![slot]);
        slot
    }

    /// Fills `dim`'s list in `facets` from `counts`, keeping `selected`
    /// values even when nothing has them, so a chosen filter stays on show.
    pub fn fill(&self, facets: &mut Facets, dim: Dim, counts: &[u64], selected: &[String]) {
        let list = facets.list_mut(dim);
        list.clear();
        for (slot, count) in self.slots.iter().zip(counts.iter().copied()) {
            if slot.dim == dim && (count > 0 || slot.always || selected.contains(&slot.value)) {
                list.push(FacetCount {
                    value: slot.value.clone(),
                    label: slot.label.clone(),
                    parent: slot.parent.clone(),
                    count,
                });
            }
        }
    }

    /// `segment`'s slots per document, from the cache if they are there.
    fn doc_slots(&self, segment: &SegmentReader) -> tantivy::Result<Arc<DocSlots>> {
        let id = segment.segment_id();
        if let Some(found) = self.segments.lock().unwrap_or_else(PoisonError::into_inner).get(&id) {
            return Ok(found.clone());
        }
        let reader = segment.facet_reader(FACETS)?;
        let mut facet = Facet::root();
        let mut slots_of_ord: Vec<&[u32]> = Vec::with_capacity(reader.num_facets());
        for ord in 0..reader.num_facets() as u64 {
            reader.facet_from_ord(ord, &mut facet)?;
            slots_of_ord.push(self.by_path.get(&facet.to_path_string()).map_or(&[], Vec::as_slice));
        }
        let max_doc = segment.max_doc();
        let words = self.mask_words();
        let mut out = DocSlots {
            masks: vec![0; max_doc as usize * words],
            words,
        };
        for doc in 0..max_doc {
            let mask_start = doc as usize * words;
            for ord in reader.facet_ords(doc) {
                let slots = usize::try_from(ord).ok().and_then(|o| slots_of_ord.get(o));
                // A bit is set once, however many of a parent's children
                // the document has: two walking interests count once.
                for &slot in slots.copied().unwrap_or_default() {
                    if let Some(word) = out.masks.get_mut(mask_start + slot as usize / 64) {
                        *word |= 1 << (slot % 64);
                    }
                }
            }
        }
        let out = Arc::new(out);
        let mut cache = self.segments.lock().unwrap_or_else(PoisonError::into_inner);
        if cache.len() >= CACHED_SEGMENTS {
            cache.clear();
        }
        cache.insert(id, out.clone());
        Ok(out)
    }

    /// Forgets segments that `searcher` no longer has (merged or
    /// deleted), once there are twice as many remembered as searched, so
    /// a searcher still open on older segments seldom loses its own.
    pub fn forget_retired(&self, searcher: &tantivy::Searcher) {
        let live = searcher.segment_readers();
        let mut cache = self.segments.lock().unwrap_or_else(PoisonError::into_inner);
        if cache.len() > 2 * live.len() {
            cache.retain(|id, _| live.iter().any(|s| s.segment_id() == *id));
        }
    }

    pub fn collector(&self) -> FacetCounter<'_> {
        FacetCounter { catalog: self }
    }

    /// Collects the documents of a search without its facet filters into
    /// `child` when they pass `groups`, and counts every facet "as if its
    /// own filters were removed" in the same pass.
    pub fn disjunctive<'a, C: Collector>(
        &'a self,
        checks: Checks,
        groups: &'a [Group],
        child: C,
    ) -> Disjunctive<'a, C> {
        Disjunctive {
            catalog: self,
            checks,
            groups,
            child,
        }
    }
}

/// One facet filter group: a document passes when it has any of its
/// values, i.e. any bit of `mask`.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    /// The group's dimension ([`Dim::bit`]).
    bit: u8,
    mask: Vec<u64>,
}

/// Single-pass disjunctive facets over the matches of a search without
/// its facet filters. A document that passes every group is a hit: it goes
/// to the child collector and counts for every facet. A document that
/// fails only groups of one dimension counts for that dimension's values
/// alone, which is what the search would find with that filter removed.
/// This replaces one query per filtered dimension with one pass.
pub(crate) struct Disjunctive<'a, C> {
    catalog: &'a Catalog,
    checks: Checks,
    groups: &'a [Group],
    child: C,
}

/// Conditions every match must meet, tested per document as matches go
/// by: cheaper than as queries, which scan a fast field for the whole
/// segment even when only a few documents have the words.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Checks {
    /// Unix seconds: a listing's `until` must be at or after it.
    pub until: i64,
    /// (centre, miles): the exact radius, when searching near a place.
    pub within: Option<((f64, f64), f64)>,
    /// A session at or after the first time and before the second, if any.
    pub dates: Option<(DateTime, Option<DateTime>)>,
}

/// The exact radius around a place, with the segment's positions.
pub(crate) struct Radius {
    centre: (f64, f64),
    miles: f64,
    lat: Column<f64>,
    lon: Column<f64>,
}

pub(crate) struct DisjunctiveSegment<S> {
    until_threshold: i64,
    until: Column<i64>,
    within: Option<Radius>,
    dates: Option<(DateTime, Option<DateTime>, Column<DateTime>)>,
    slots: Arc<DocSlots>,
    dim_masks: Arc<[Vec<u64>; 8]>,
    groups: Vec<Group>,
    child: S,
    hits: u64,
    counts: Vec<u64>,
}

impl<C: Collector> Collector for Disjunctive<'_, C> {
    /// What the child collected from the hits, how many hits, and the
    /// count of each catalogue slot.
    type Fruit = (C::Fruit, u64, Vec<u64>);
    type Child = DisjunctiveSegment<C::Child>;

    fn for_segment(&self, ordinal: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<Self::Child> {
        let ff = segment.fast_fields();
        let within = match self.checks.within {
            Some((centre, miles)) => Some(Radius {
                centre,
                miles,
                lat: ff.f64(LAT)?,
                lon: ff.f64(LON)?,
            }),
            None => None,
        };
        let dates = match self.checks.dates {
            Some((from, before)) => Some((from, before, ff.date(DATES)?)),
            None => None,
        };
        Ok(DisjunctiveSegment {
            until_threshold: self.checks.until,
            until: ff.i64(UNTIL)?,
            within,
            dates,
            slots: self.catalog.doc_slots(segment)?,
            dim_masks: self.catalog.dim_masks.clone(),
            groups: self.groups.to_vec(),
            child: self.child.for_segment(ordinal, segment)?,
            hits: 0,
            counts: vec![0; self.catalog.slots.len()],
        })
    }

    fn requires_scoring(&self) -> bool {
        self.child.requires_scoring()
    }

    fn merge_fruits(
        &self,
        fruits: Vec<(<C::Child as SegmentCollector>::Fruit, u64, Vec<u64>)>,
    ) -> tantivy::Result<Self::Fruit> {
        let mut children = Vec::with_capacity(fruits.len());
        let mut hits = 0;
        let mut total = vec![0; self.catalog.slots.len()];
        for (child, n, counts) in fruits {
            children.push(child);
            hits += n;
            for (t, c) in total.iter_mut().zip(counts) {
                *t += c;
            }
        }
        Ok((self.child.merge_fruits(children)?, hits, total))
    }
}

impl<S: SegmentCollector> SegmentCollector for DisjunctiveSegment<S> {
    type Fruit = (S::Fruit, u64, Vec<u64>);

    fn collect(&mut self, doc: DocId, score: Score) {
        // As the range query on `until` was: no value, no match.
        match self.until.first(doc) {
            Some(until) if until >= self.until_threshold => {}
            _ => return,
        }
        if let Some(r) = &self.within {
            match (r.lat.first(doc), r.lon.first(doc)) {
                (Some(la), Some(lo)) if miles_between(r.centre, (la, lo)) <= r.miles => {}
                _ => return,
            }
        }
        if let Some((from, before, column)) = &self.dates {
            let mut sessions = column.values_for_doc(doc);
            if !sessions.any(|t| t >= *from && before.is_none_or(|b| t < b)) {
                return;
            }
        }
        let mask = self.slots.mask(doc);
        // The dimension whose groups the document fails, or 0.
        let mut failed = 0u8;
        for group in &self.groups {
            let passes = group.mask.iter().zip(mask).any(|(g, d)| g & d != 0);
            if !passes {
                if failed != 0 && failed != group.bit {
                    // Two dimensions fail: no count can include it.
                    return;
                }
                failed = group.bit;
            }
        }
        if failed == 0 {
            self.hits += 1;
            self.child.collect(doc, score);
            count_slots(mask, None, &mut self.counts);
        } else {
            let only = self.dim_masks.get(failed.trailing_zeros() as usize);
            count_slots(mask, Some(only.map_or(&[], Vec::as_slice)), &mut self.counts);
        }
    }

    fn harvest(self) -> Self::Fruit {
        (self.child.harvest(), self.hits, self.counts)
    }
}

fn facet_key(path: &[&str]) -> String {
    crate::document::facet(path).to_path_string()
}

/// Counts matches per catalogue slot.
pub(crate) struct FacetCounter<'a> {
    catalog: &'a Catalog,
}

pub(crate) struct FacetSegmentCounter {
    slots: Arc<DocSlots>,
    counts: Vec<u64>,
}

impl Collector for FacetCounter<'_> {
    type Fruit = Vec<u64>;
    type Child = FacetSegmentCounter;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<FacetSegmentCounter> {
        Ok(FacetSegmentCounter {
            slots: self.catalog.doc_slots(segment)?,
            counts: vec![0; self.catalog.slots.len()],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<u64>>) -> tantivy::Result<Vec<u64>> {
        let mut total = vec![0; self.catalog.slots.len()];
        for fruit in fruits {
            for (t, c) in total.iter_mut().zip(fruit) {
                *t += c;
            }
        }
        Ok(total)
    }
}

impl SegmentCollector for FacetSegmentCounter {
    type Fruit = Vec<u64>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        count_slots(self.slots.mask(doc), None, &mut self.counts);
    }

    fn harvest(self) -> Vec<u64> {
        self.counts
    }
}
