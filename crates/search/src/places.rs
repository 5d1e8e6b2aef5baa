//! Finding the documents inside a latitude/longitude box quickly.
//!
//! Two range queries on the `lat` and `lon` fast fields each read every
//! document's position (an optional column, so each read also looks up the
//! document's rank), a tenth of a busy server's time. Instead each
//! segment's positions are sorted once, when the segment is first searched
//! (segments never change): in strips of latitude a few hundred metres
//! tall, and by longitude within each strip. A box is then, in each strip
//! it crosses, two binary searches for its longitudes and a look at the
//! latitudes between them, so that only the listings in the box are read,
//! not every listing in its band of latitude across London (four times as
//! many at two miles).

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tantivy::index::SegmentId;
use tantivy::query::{BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{f64_to_u64, BitSet, DocId, DocSet, Score, SegmentReader, TantivyError};

use crate::index::live_segments;
use crate::schema::{LAT, LON};

/// Segments remembered at most, whatever is searched now.
const CACHED_SEGMENTS: usize = 256;

/// Degrees of latitude in a strip: about 560 m.
const STRIP_DEGREES: f64 = 0.005;

/// One segment's positioned documents, by strip and then longitude, each
/// coordinate as tantivy orders `f64` fast fields (see
/// [`tantivy::f64_to_u64`]), so bounds compare exactly as a range query's.
#[derive(Default)]
struct Sorted {
    /// The southernmost strip that holds a document.
    first: i64,
    /// Where each strip's points start, from `first` northwards, and
    /// where the last ends: a strip's longitudes are then searched only
    /// among its own few hundred points.
    starts: Vec<usize>,
    /// (longitude, latitude, document).
    points: Vec<(u64, u64, DocId)>,
}

impl Sorted {
    fn new(mut by_strip: Vec<(i64, u64, u64, DocId)>) -> Sorted {
        by_strip.sort_unstable();
        let (Some(first), Some(last)) = (by_strip.first(), by_strip.last()) else {
            return Sorted::default();
        };
        let (first, last) = (first.0, last.0);
        let starts = (first..=last + 1)
            .map(|strip| by_strip.partition_point(|p| p.0 < strip))
            .collect();
        Sorted {
            first,
            starts,
            points: by_strip.into_iter().map(|(_, lon, lat, doc)| (lon, lat, doc)).collect(),
        }
    }

    /// The points of `strip`, by longitude.
    fn strip(&self, strip: i64) -> &[(u64, u64, DocId)] {
        let at = |k: i64| usize::try_from(k).ok().and_then(|k| self.starts.get(k).copied());
        match (at(strip - self.first), at(strip - self.first + 1)) {
            (Some(from), Some(to)) => self.points.get(from..to).unwrap_or_default(),
            _ => &[],
        }
    }

    /// The strips that hold something.
    fn strips(&self) -> std::ops::Range<i64> {
        self.first..self.first + self.starts.len().saturating_sub(1) as i64
    }
}

/// The strip a latitude is in; any latitude between two others is in a
/// strip between theirs.
fn strip(lat: f64) -> i64 {
    (lat / STRIP_DEGREES).floor() as i64
}

/// Each segment's documents sorted by strip and longitude.
#[derive(Clone, Default)]
pub(crate) struct Places {
    cache: Arc<Mutex<HashMap<SegmentId, Arc<Sorted>>>>,
}

impl fmt::Debug for Places {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Places").finish_non_exhaustive()
    }
}

impl Places {
    fn lock(&self) -> MutexGuard<'_, HashMap<SegmentId, Arc<Sorted>>> {
        self.cache.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn sorted(&self, segment: &SegmentReader) -> tantivy::Result<Arc<Sorted>> {
        let id = segment.segment_id();
        if let Some(found) = self.lock().get(&id) {
            return Ok(found.clone());
        }
        let lat = segment.fast_fields().f64(LAT)?;
        let lon = segment.fast_fields().f64(LON)?;
        let sorted = Arc::new(Sorted::new(
            (0..segment.max_doc())
                .filter_map(|doc| {
                    let (la, lo) = (lat.first(doc)?, lon.first(doc)?);
                    Some((strip(la), f64_to_u64(lo), f64_to_u64(la), doc))
                })
                .collect(),
        ));
        let mut cache = self.lock();
        if cache.len() >= CACHED_SEGMENTS {
            cache.clear();
        }
        cache.insert(id, sorted.clone());
        Ok(sorted)
    }

    /// Forgets the segments that `searcher` no longer has.
    pub fn forget_retired(&self, searcher: &tantivy::Searcher) {
        let live = live_segments(searcher);
        let mut cache = self.lock();
        if cache.keys().any(|id| !live.contains(id)) {
            cache.retain(|id, _| live.contains(id));
        }
    }

    /// The documents whose position is in the box, bounds included: the
    /// same documents as inclusive range queries on `lat` and `lon`.
    pub fn area(&self, south: f64, north: f64, west: f64, east: f64) -> Area {
        Area {
            places: self.clone(),
            strips: (strip(south), strip(north)),
            south: f64_to_u64(south),
            north: f64_to_u64(north),
            west: f64_to_u64(west),
            east: f64_to_u64(east),
            found: Arc::default(),
        }
    }
}

/// Each segment's documents in a box, as far as they have been looked up.
type Found = Vec<(SegmentId, Arc<BitSet>)>;

/// A box, and each segment's documents in it once one of a search's
/// queries has asked: the filter and every word narrowed to the box (see
/// `scored`) then share one look.
#[derive(Clone)]
pub(crate) struct Area {
    places: Places,
    /// The strips of the southern and northern edges.
    strips: (i64, i64),
    south: u64,
    north: u64,
    west: u64,
    east: u64,
    found: Arc<Mutex<Found>>,
}

impl fmt::Debug for Area {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Area")
            .field("strips", &self.strips)
            .finish_non_exhaustive()
    }
}

impl Area {
    /// The box as a filter.
    pub fn query(&self) -> Box<dyn Query> {
        Box::new(self.clone())
    }

    /// The segment's documents in the box.
    pub fn docs(&self, reader: &SegmentReader) -> tantivy::Result<Arc<BitSet>> {
        let id = reader.segment_id();
        let found = |f: &Found| f.iter().find(|(s, _)| *s == id).map(|(_, d)| d.clone());
        if let Some(docs) = found(&self.found.lock().unwrap_or_else(PoisonError::into_inner)) {
            return Ok(docs);
        }
        let sorted = self.places.sorted(reader)?;
        let mut docs = BitSet::with_max_value(reader.max_doc());
        // Only the strips that hold something: a box is never wider.
        let held = sorted.strips();
        for strip in self.strips.0.max(held.start)..=self.strips.1.min(held.end - 1) {
            let points = sorted.strip(strip);
            let from = points.partition_point(|p| p.0 < self.west);
            let to = points.partition_point(|p| p.0 <= self.east);
            for &(_, lat, doc) in points.get(from..to).unwrap_or_default() {
                if lat >= self.south && lat <= self.north {
                    docs.insert(doc);
                }
            }
        }
        let docs = Arc::new(docs);
        self.found
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((id, docs.clone()));
        Ok(docs)
    }
}

impl Query for Area {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for Area {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let docs = BitSet::clone(&*self.docs(reader)?);
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(docs), boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) == doc {
            Ok(Explanation::new("Area", scorer.score()))
        } else {
            Err(TantivyError::InvalidArgument(
                "the document is outside the box".to_owned(),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::ops::Bound;

    use tantivy::collector::DocSetCollector;
    use tantivy::query::{BooleanQuery, Occur, Query, RangeQuery};
    use tantivy::schema::{NumericOptions, Schema};
    use tantivy::{doc, Index, Term};

    use super::Places;
    use crate::schema::{LAT, LON};

    /// A box finds exactly what range queries on both coordinates find,
    /// edges included, over strips and segments.
    #[test]
    fn a_box_holds_what_range_queries_find() {
        let mut schema = Schema::builder();
        let options = NumericOptions::default().set_indexed().set_fast();
        let lat = schema.add_f64_field(LAT, options.clone());
        let lon = schema.add_f64_field(LON, options);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        for i in 0..4_000 {
            // Some exactly on a box's edge below, the rest all over London.
            let (la, lo) = if i % 50 == 0 {
                (51.45, -0.2)
            } else {
                (51.3 + next() * 0.4, -0.5 + next() * 0.7)
            };
            writer.add_document(doc!(lat => la, lon => lo)).unwrap();
            if i == 2_000 {
                writer.commit().unwrap();
            }
        }
        writer.add_document(doc!()).unwrap();
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let places = Places::default();
        for (south, north, west, east) in [
            (51.45, 51.5, -0.2, -0.1),
            (51.4012, 51.4013, -0.3, 0.1),
            (51.0, 52.0, -1.0, 1.0),
            (51.6, 51.5, -0.2, -0.1),
            (51.31, 51.69, -0.2, -0.2),
        ] {
            let range = |field, low: f64, high: f64| -> Box<dyn Query> {
                Box::new(RangeQuery::new(
                    Bound::Included(Term::from_field_f64(field, low)),
                    Bound::Included(Term::from_field_f64(field, high)),
                ))
            };
            let ranges = BooleanQuery::new(vec![
                (Occur::Must, range(lat, south, north)),
                (Occur::Must, range(lon, west, east)),
            ]);
            let ours = places.area(south, north, west, east).query();
            let expected = searcher.search(&ranges, &DocSetCollector).unwrap();
            assert_eq!(searcher.search(&*ours, &DocSetCollector).unwrap(), expected);
        }
        let edge = searcher
            .search(&*places.area(51.45, 51.5, -0.2, -0.1).query(), &DocSetCollector)
            .unwrap();
        assert!(edge.len() > 80, "{}", edge.len());
    }
}
