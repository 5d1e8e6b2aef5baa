//! Finding the documents inside a latitude/longitude box quickly.
//!
//! Two range queries on the `lat` and `lon` fast fields each read every
//! document's position (an optional column, so each read also looks up the
//! document's rank), a tenth of a busy server's time. Instead each
//! segment's positions are sorted by latitude once, when the segment is
//! first searched (segments never change), so a box is a binary search
//! for its latitude band and a look at the longitudes within it.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tantivy::index::SegmentId;
use tantivy::query::{BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{f64_to_u64, BitSet, DocId, DocSet, Score, SegmentReader, TantivyError};

use crate::schema::{LAT, LON};

/// Segments remembered at most, whatever is searched now.
const CACHED_SEGMENTS: usize = 256;

/// One segment's positioned documents, by latitude: (latitude, longitude,
/// document), each coordinate as tantivy orders `f64` fast fields (see
/// [`tantivy::f64_to_u64`]), so bounds compare exactly as a range query's.
type Sorted = Vec<(u64, u64, DocId)>;

/// Each segment's documents sorted by latitude.
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
        let mut sorted: Sorted = (0..segment.max_doc())
            .filter_map(|doc| Some((f64_to_u64(lat.first(doc)?), f64_to_u64(lon.first(doc)?), doc)))
            .collect();
        sorted.sort_unstable();
        let sorted = Arc::new(sorted);
        let mut cache = self.lock();
        if cache.len() >= CACHED_SEGMENTS {
            cache.clear();
        }
        cache.insert(id, sorted.clone());
        Ok(sorted)
    }

    /// Forgets the segments that `searcher` no longer has.
    pub fn forget_retired(&self, searcher: &tantivy::Searcher) {
        let live: Vec<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(SegmentReader::segment_id)
            .collect();
        let mut cache = self.lock();
        if cache.keys().any(|id| !live.contains(id)) {
            cache.retain(|id, _| live.contains(id));
        }
    }

    /// Documents whose position is in the box, bounds included: the same
    /// documents as inclusive range queries on `lat` and `lon`.
    pub fn within_box(&self, south: f64, north: f64, west: f64, east: f64) -> Box<dyn Query> {
        Box::new(InBox {
            places: self.clone(),
            south: f64_to_u64(south),
            north: f64_to_u64(north),
            west: f64_to_u64(west),
            east: f64_to_u64(east),
        })
    }
}

#[derive(Clone, Debug)]
struct InBox {
    places: Places,
    south: u64,
    north: u64,
    west: u64,
    east: u64,
}

impl Query for InBox {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for InBox {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let sorted = self.places.sorted(reader)?;
        let from = sorted.partition_point(|p| p.0 < self.south);
        let mut docs = BitSet::with_max_value(reader.max_doc());
        for &(lat, lon, doc) in sorted.get(from..).unwrap_or_default() {
            if lat > self.north {
                break;
            }
            if lon >= self.west && lon <= self.east {
                docs.insert(doc);
            }
        }
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(docs), boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) == doc {
            Ok(Explanation::new("InBox", scorer.score()))
        } else {
            Err(TantivyError::InvalidArgument(
                "the document is outside the box".to_owned(),
            ))
        }
    }
}
