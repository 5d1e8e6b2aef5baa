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
use tantivy::query::Weight;
use tantivy::schema::Facet;
use tantivy::{DateTime, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::distance::Circle;
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

/// What the collector reads of each document of a segment, worked out
/// once: the slots it counts towards, each once, as bits
/// ([`Catalog::mask_words`] words) followed by its `until`, and apart, its
/// position. Bits rather than a list of slot numbers: a search reads these
/// for every match, scattered over a segment, and 16 bytes a document
/// (about 120 slots) miss the processor's caches far less often than the
/// 64 of a list and its offsets did. The `until` sits beside the bits, in
/// the same cache line, rather than in tantivy's column, each of whose
/// reads looks up the document's rank first; positions, wanted only near
/// a place, are kept apart so that other searches need not load them, and
/// so are sessions, for the same reason.
#[derive(Debug, Default)]
struct DocSlots {
    records: Vec<u64>,
    words: usize,
    /// Latitude and longitude, not numbers for a listing without a place.
    positions: Vec<(f64, f64)>,
    /// Every document's session starts (tantivy's nanoseconds), each
    /// document's earliest first, one after another: the column's own
    /// reads of a document's values look up its rank and then decode:
    /// about a third of the instructions of a search for this week's events.
    sessions: Vec<i64>,
    /// Where each document's sessions start in `sessions`, and where the
    /// last ends.
    session_starts: Vec<u32>,
}

impl DocSlots {
    /// Words of a document's record: its mask, then its `until`.
    fn stride(&self) -> usize {
        self.words + 1
    }

    fn record(&self, doc: DocId) -> &[u64] {
        let from = doc as usize * self.stride();
        self.records.get(from..from + self.stride()).unwrap_or_default()
    }

    fn mask(&self, doc: DocId) -> &[u64] {
        self.record(doc).get(..self.words).unwrap_or_default()
    }

    fn position(&self, doc: DocId) -> (f64, f64) {
        self.positions
            .get(doc as usize)
            .copied()
            .unwrap_or((f64::NAN, f64::NAN))
    }

    /// `doc`'s session starts, earliest first.
    fn sessions(&self, doc: DocId) -> &[i64] {
        let at = |d: usize| self.session_starts.get(d).map(|&i| i as usize);
        match (at(doc as usize), at(doc as usize + 1)) {
            (Some(from), Some(to)) => self.sessions.get(from..to).unwrap_or_default(),
            _ => &[],
        }
    }

    /// `doc`'s first session at or after `from` (nanoseconds).
    ///
    /// A search from the front, doubling its steps: the index is rebuilt
    /// every day (`writer::REFRESH_HOURS`), so few of a listing's sessions
    /// have passed, and the answer is nearly always the first or second,
    /// in the cache line that [`DocSlots::warm`] loaded. A binary search
    /// looked in the middle first, another cache miss for each match: under
    /// the benchmark's mix (`perf record`) that one load was a fifth of the
    /// collector's time.
    fn first_from(&self, doc: DocId, from: i64) -> Option<i64> {
        let sessions = self.sessions(doc);
        let (mut below, mut step) = (0, 1);
        // Every session before `below` is before `from`.
        while let Some(&t) = sessions.get(below + step - 1) {
            if t >= from {
                break;
            }
            below += step;
            step *= 2;
        }
        let ahead = sessions.get(below..).unwrap_or_default();
        let within = ahead.get(..step).unwrap_or(ahead);
        ahead.get(within.partition_point(|&t| t < from)).copied()
    }

    /// Loads the records of `docs` (and their positions, with `near`, and
    /// their sessions, with `dates`) into the processor's caches before
    /// they are looked at one by one.
    /// Matches are scattered over the segment, so each record is a cache
    /// miss, and a loop that tests each as it loads it waits for every
    /// miss in turn; loads that depend on nothing are all in flight at
    /// once, which made the collector's per-match work several times
    /// cheaper.
    fn warm(&self, docs: impl Iterator<Item = DocId> + Clone, near: bool, dates: bool) {
        let mut touched = 0u64;
        let stride = self.stride();
        for doc in docs.clone() {
            touched ^= self.records.get(doc as usize * stride).copied().unwrap_or(0);
            if near {
                touched ^= self.positions.get(doc as usize).map_or(0, |p| p.0.to_bits());
            }
            if dates {
                touched ^= self.session_starts.get(doc as usize).map_or(0, |&i| u64::from(i));
            }
        }
        if dates {
            // Where each document's sessions are is known only once its
            // start has loaded: a second pass, whose loads are again all
            // in flight at once.
            for doc in docs {
                let at = self.session_starts.get(doc as usize).map_or(0, |&i| i as usize);
                touched ^= self.sessions.get(at).map_or(0, |&t| t as u64);
            }
        }
        std::hint::black_box(touched);
    }
}

/// What ranking reads of one segment's documents: positions and sessions.
pub(crate) struct Records(Arc<DocSlots>);

impl Records {
    /// Where `doc` is, if it has a place.
    pub fn position(&self, doc: DocId) -> Option<(f64, f64)> {
        let (lat, lon) = self.0.position(doc);
        (!lat.is_nan() && !lon.is_nan()).then_some((lat, lon))
    }

    /// `doc`'s first session at or after `from`.
    pub fn first_session_from(&self, doc: DocId, from: DateTime) -> Option<DateTime> {
        self.0
            .first_from(doc, from.into_timestamp_nanos())
            .map(DateTime::from_timestamp_nanos)
    }
}

/// A record's `until`; `i64::MIN` without one, so that it never passes.
fn until_of(record: &[u64], words: usize) -> i64 {
    record.get(words).map_or(i64::MIN, |&u| u as i64)
}

/// Sixteen 4-bit lanes, one per fourth bit of a mask word.
const NIBBLE_LANES: u64 = 0x1111_1111_1111_1111;
/// The low four bits of each byte.
const LOW_NIBBLES: u64 = 0x0F0F_0F0F_0F0F_0F0F;
/// Masks a 4-bit lane holds before it could overflow.
const NIBBLE_ADDS: u32 = 15;
/// Spills of 4-bit lanes (at most 15 each) a byte lane holds: 17 × 15 = 255.
const BYTE_SPILLS: u32 = 17;

/// Counts, for every slot, the masks added with its bit set. Walking each
/// mask's set bits and adding one to a count for each (about fifteen a
/// listing) was most of the collector's time. A ripple counter in bit
/// planes came next; its loop stopped at a different plane for each
/// mask. Now each mask word is added, four shifts of it, into counters
/// of sixteen 4-bit lanes: the same dozen instructions a word whatever
/// its bits, and no branch. Every fifteen masks the 4-bit lanes are spilt
/// into 8-bit ones, and every 255 those into the totals. Callgrind counted
/// about as many instructions either way, yet the server's CPU time a
/// request fell by a fifth in alternating runs: the branches the planes'
/// loop guessed wrong, which callgrind does not count, are the likely
/// difference.
struct Tally {
    /// Per mask word, four counters: lane `k` of counter `j` counts bit
    /// `4k + j` of the word.
    nibbles: Vec<[u64; 4]>,
    /// Per mask word, eight counters: lane `b` of counter `2j + e` counts
    /// bit `4(2b + e) + j` of the word.
    bytes: Vec<u64>,
    added: u32,
    spilt: u32,
    counts: Vec<u64>,
}

impl Tally {
    fn new(slots: usize, words: usize) -> Tally {
        Tally {
            nibbles: vec![[0; 4]; words],
            bytes: vec![0; words * 8],
            added: 0,
            spilt: 0,
            counts: vec![0; slots],
        }
    }

    /// Counts the slots set in both `mask` and `keep` (every slot of
    /// `mask` without `keep`).
    fn add(&mut self, mask: &[u64], keep: Option<&[u64]>) {
        for (i, (&word, counters)) in mask.iter().zip(self.nibbles.iter_mut()).enumerate() {
            let word = match keep {
                Some(keep) => word & keep.get(i).copied().unwrap_or(0),
                None => word,
            };
            let [a, b, c, d] = counters;
            *a += word & NIBBLE_LANES;
            *b += (word >> 1) & NIBBLE_LANES;
            *c += (word >> 2) & NIBBLE_LANES;
            *d += (word >> 3) & NIBBLE_LANES;
        }
        self.added += 1;
        if self.added == NIBBLE_ADDS {
            self.spill();
        }
    }

    /// Moves the 4-bit lanes into the 8-bit ones.
    fn spill(&mut self) {
        for (nibbles, bytes) in self.nibbles.iter_mut().zip(self.bytes.chunks_exact_mut(8)) {
            for (nibble, pair) in nibbles.iter_mut().zip(bytes.chunks_exact_mut(2)) {
                if let [even, odd] = pair {
                    *even += *nibble & LOW_NIBBLES;
                    *odd += (*nibble >> 4) & LOW_NIBBLES;
                }
                *nibble = 0;
            }
        }
        self.added = 0;
        self.spilt += 1;
        if self.spilt == BYTE_SPILLS {
            self.flush();
        }
    }

    /// Moves the 8-bit lanes into the totals.
    fn flush(&mut self) {
        for (word, bytes) in self.bytes.chunks_exact_mut(8).enumerate() {
            for (c, counter) in bytes.iter_mut().enumerate() {
                let (j, e) = (c / 2, c % 2);
                for lane in 0..8 {
                    let slot = word * 64 + 4 * (2 * lane + e) + j;
                    if let Some(count) = self.counts.get_mut(slot) {
                        *count += (*counter >> (8 * lane)) & 0xff;
                    }
                }
                *counter = 0;
            }
        }
        self.spilt = 0;
    }

    fn into_counts(mut self) -> Vec<u64> {
        self.spill();
        self.flush();
        self.counts
    }
}

/// Matches warmed and collected at a time.
const BLOCK: usize = 64;

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
            records: vec![],
            words,
            positions: Vec::with_capacity(max_doc as usize),
            sessions: Vec::new(),
            session_starts: Vec::with_capacity(max_doc as usize + 1),
        };
        let stride = out.stride();
        out.records = vec![0; max_doc as usize * stride];
        let ff = segment.fast_fields();
        let (until, lat, lon) = (ff.i64(UNTIL)?, ff.f64(LAT)?, ff.f64(LON)?);
        let dates = ff.date(DATES)?;
        for (doc, record) in (0..max_doc).zip(out.records.chunks_exact_mut(stride)) {
            let (mask, rest) = record.split_at_mut(words);
            for ord in reader.facet_ords(doc) {
                let slots = usize::try_from(ord).ok().and_then(|o| slots_of_ord.get(o));
                // A bit is set once, however many of a parent's children
                // the document has: two walking interests count once.
                for &slot in slots.copied().unwrap_or_default() {
                    if let Some(word) = mask.get_mut(slot as usize / 64) {
                        *word |= 1 << (slot % 64);
                    }
                }
            }
            if let [u] = rest {
                *u = until.first(doc).unwrap_or(i64::MIN) as u64;
            }
            let coordinate = |column: &Column<f64>| column.first(doc).unwrap_or(f64::NAN);
            out.positions.push((coordinate(&lat), coordinate(&lon)));
            let from = out.sessions.len();
            out.session_starts.push(u32::try_from(from).unwrap_or(u32::MAX));
            out.sessions
                .extend(dates.values_for_doc(doc).map(DateTime::into_timestamp_nanos));
            if let Some(mine) = out.sessions.get_mut(from..) {
                mine.sort_unstable();
            }
        }
        out.session_starts
            .push(u32::try_from(out.sessions.len()).unwrap_or(u32::MAX));
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

    /// `segment`'s positions and sessions, read from the records the
    /// collector warms rather than from the fast fields, each of whose
    /// reads looks up the document's rank first.
    pub fn records(&self, segment: &SegmentReader) -> tantivy::Result<Records> {
        Ok(Records(self.doc_slots(segment)?))
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
    /// Whether the child collector ranks matches by their next session
    /// (searches without words, or sorted by date): their sessions are
    /// then warmed with their records.
    pub ranked_by_session: bool,
}

pub(crate) struct DisjunctiveSegment<S> {
    until_threshold: i64,
    within: Option<Circle>,
    /// A session at or after the first and before the second (nanoseconds).
    dates: Option<(i64, Option<i64>)>,
    slots: Arc<DocSlots>,
    dim_masks: Arc<[Vec<u64>; 8]>,
    groups: Vec<Group>,
    child: S,
    hits: u64,
    tally: Tally,
}

impl<C: Collector> Collector for Disjunctive<'_, C> {
    /// What the child collected from the hits, how many hits, and the
    /// count of each catalogue slot.
    type Fruit = (C::Fruit, u64, Vec<u64>);
    type Child = DisjunctiveSegment<C::Child>;

    fn for_segment(&self, ordinal: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<Self::Child> {
        let within = self.checks.within.map(|(centre, miles)| Circle::new(centre, miles));
        let dates = self
            .checks
            .dates
            .map(|(from, before)| (from.into_timestamp_nanos(), before.map(DateTime::into_timestamp_nanos)));
        Ok(DisjunctiveSegment {
            until_threshold: self.checks.until,
            within,
            dates,
            slots: self.catalog.doc_slots(segment)?,
            dim_masks: self.catalog.dim_masks.clone(),
            groups: self.groups.to_vec(),
            child: self.child.for_segment(ordinal, segment)?,
            hits: 0,
            tally: Tally::new(self.catalog.slots.len(), self.catalog.mask_words()),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.child.requires_scoring()
    }

    /// As tantivy's own, but matches go to the segment collector a block
    /// at a time, their records warmed first (see [`DocSlots::warm`]).
    fn collect_segment(
        &self,
        weight: &dyn Weight,
        ordinal: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<<Self::Child as SegmentCollector>::Fruit> {
        let mut segment = self.for_segment(ordinal, reader)?;
        let alive = reader.alive_bitset();
        let is_alive = |doc: DocId| alive.is_none_or(|a| a.is_alive(doc));
        let near = self.checks.within.is_some();
        let dates = self.checks.dates.is_some() || self.checks.ranked_by_session;
        if self.requires_scoring() {
            let mut block: Vec<(DocId, Score)> = Vec::with_capacity(BLOCK);
            let flush = |block: &mut Vec<(DocId, Score)>, segment: &mut DisjunctiveSegment<C::Child>| {
                segment.slots.warm(block.iter().map(|&(doc, _)| doc), near, dates);
                for &(doc, score) in block.iter() {
                    segment.collect(doc, score);
                }
                block.clear();
            };
            weight.for_each(reader, &mut |doc, score| {
                if is_alive(doc) {
                    block.push((doc, score));
                    if block.len() == BLOCK {
                        flush(&mut block, &mut segment);
                    }
                }
            })?;
            flush(&mut block, &mut segment);
        } else {
            weight.for_each_no_score(reader, &mut |docs| {
                segment.slots.warm(docs.iter().copied(), near, dates);
                for &doc in docs {
                    if is_alive(doc) {
                        segment.collect(doc, 0.0);
                    }
                }
            })?;
        }
        Ok(segment.harvest())
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
        let record = self.slots.record(doc);
        // As the range query on `until` was: no value, no match.
        if until_of(record, self.slots.words) < self.until_threshold {
            return;
        }
        if self
            .within
            .is_some_and(|circle| !circle.contains(self.slots.position(doc)))
        {
            return;
        }
        if let Some((from, before)) = self.dates {
            // The first session from the window's start is in it, or none is.
            let first = self.slots.first_from(doc, from);
            let in_window = first.is_some_and(|t| before.is_none_or(|b| t < b));
            if !in_window {
                return;
            }
        }
        let mask = record.get(..self.slots.words).unwrap_or_default();
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
            self.tally.add(mask, None);
        } else {
            let only = self.dim_masks.get(failed.trailing_zeros() as usize);
            self.tally.add(mask, Some(only.map_or(&[], Vec::as_slice)));
        }
    }

    fn harvest(self) -> Self::Fruit {
        (self.child.harvest(), self.hits, self.tally.into_counts())
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
    tally: Tally,
}

impl Collector for FacetCounter<'_> {
    type Fruit = Vec<u64>;
    type Child = FacetSegmentCounter;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<FacetSegmentCounter> {
        Ok(FacetSegmentCounter {
            slots: self.catalog.doc_slots(segment)?,
            tally: Tally::new(self.catalog.slots.len(), self.catalog.mask_words()),
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
        self.tally.add(self.slots.mask(doc), None);
    }

    fn harvest(self) -> Vec<u64> {
        self.tally.into_counts()
    }
}

#[cfg(test)]
mod tests {
    use super::{DocSlots, Tally};

    /// A document's first session from a time is the earliest at or
    /// after it, and documents without sessions (or past the end) have none.
    #[test]
    fn the_first_session_from_a_time_is_the_earliest_after_it() {
        let slots = DocSlots {
            sessions: vec![10, 20, 30, 5, 7],
            session_starts: vec![0, 3, 3, 5],
            ..DocSlots::default()
        };
        assert_eq!(slots.first_from(0, 0), Some(10));
        assert_eq!(slots.first_from(0, 20), Some(20));
        assert_eq!(slots.first_from(0, 21), Some(30));
        assert_eq!(slots.first_from(0, 31), None);
        assert_eq!(slots.first_from(1, 0), None);
        assert_eq!(slots.first_from(2, 6), Some(7));
        assert_eq!(slots.first_from(3, 0), None);
        assert_eq!(slots.sessions(2), &[5, 7]);
    }

    /// The doubling search finds what a scan would, for every length up
    /// to well past its first few steps and every time around each session.
    #[test]
    fn the_first_session_is_found_at_every_length() {
        for len in 0..40i64 {
            let sessions: Vec<i64> = (0..len).map(|i| 10 * i + i % 3).collect();
            let slots = DocSlots {
                session_starts: vec![0, u32::try_from(len).unwrap_or(0)],
                sessions: sessions.clone(),
                ..DocSlots::default()
            };
            for from in -1..=10 * len + 3 {
                let scanned = sessions.iter().copied().find(|&t| t >= from);
                assert_eq!(slots.first_from(0, from), scanned, "{len} sessions, from {from}");
            }
        }
    }

    /// The lanes count exactly what walking every set bit would, with and
    /// without a mask to keep, past the point where they are flushed.
    #[test]
    fn a_tally_counts_every_set_bit() {
        let (slots, words) = (120, 2);
        let mut tally = Tally::new(slots, words);
        let mut expected = vec![0u64; slots];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let keep = [0x00ff_00ff_00ff_00ffu64, 0xffff_0000_ffff_0000];
        for n in 0..70_000 {
            // Sparse masks, as listings have, and now and then a full one.
            let mut mask = [next() & next() & next(), next() & next() & next() & ((1 << 56) - 1)];
            if n % 9_999 == 0 {
                mask = [u64::MAX, (1 << 56) - 1];
            }
            let kept = n % 3 == 0;
            for (i, word) in mask.iter().enumerate() {
                let bits = if kept { word & keep[i] } else { *word };
                for bit in 0..64 {
                    if bits >> bit & 1 == 1 {
                        expected[i * 64 + bit] += 1;
                    }
                }
            }
            tally.add(&mask, kept.then_some(&keep[..]));
        }
        assert_eq!(tally.into_counts(), expected);
    }
}
