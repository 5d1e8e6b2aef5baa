//! Facet counts: how many results have each kind, interest, borough, day…
//!
//! One collector counts every dimension in a single pass over the matches.
//! It maps each segment's facet paths to counting slots once, so counting a
//! document is a few array lookups, and a document tagged with two walking
//! interests counts once for "Sport & exercise".

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use directory::{Audience, Facility, Kind, Reference};
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::schema::Facet;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::params::{Day, SearchParams, TimeOfDay};
use crate::schema::FACETS;

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
    /// Each segment's slots per document, worked out once: segments never
    /// change, and reading every facet of a segment, or even one
    /// document's, costs more than looking up a list.
    segments: Arc<Mutex<HashMap<SegmentId, Arc<DocSlots>>>>,
}

/// The slots each document of a segment counts towards, each once.
#[derive(Debug, Default)]
struct DocSlots {
    /// Document `d`'s slots are `slots[starts[d]..starts[d + 1]]`.
    starts: Vec<u32>,
    slots: Vec<u32>,
}

impl DocSlots {
    fn of(&self, doc: DocId) -> &[u32] {
        let d = doc as usize;
        match (self.starts.get(d), self.starts.get(d + 1)) {
            (Some(&from), Some(&to)) => self.slots.get(from as usize..to as usize).unwrap_or_default(),
            _ => &[],
        }
    }
}

/// Segments remembered at most, whatever is searched now.
const CACHED_SEGMENTS: usize = 256;

impl Catalog {
    pub fn new(reference: &Reference) -> Catalog {
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
        let mut out = DocSlots {
            starts: Vec::with_capacity(max_doc as usize + 1),
            slots: Vec::new(),
        };
        let slot_count = |slots: &[u32]| u32::try_from(slots.len()).unwrap_or(u32::MAX);
        out.starts.push(0);
        let mut doc_slots: Vec<u32> = Vec::new();
        for doc in 0..max_doc {
            doc_slots.clear();
            for ord in reader.facet_ords(doc) {
                let slots = usize::try_from(ord).ok().and_then(|o| slots_of_ord.get(o));
                doc_slots.extend(slots.copied().unwrap_or_default());
            }
            // Two walking interests count once for their parent.
            doc_slots.sort_unstable();
            doc_slots.dedup();
            out.slots.extend_from_slice(&doc_slots);
            out.starts.push(slot_count(&out.slots));
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
        for &slot in self.slots.of(doc) {
            if let Some(count) = self.counts.get_mut(slot as usize) {
                *count += 1;
            }
        }
    }

    fn harvest(self) -> Vec<u64> {
        self.counts
    }
}
