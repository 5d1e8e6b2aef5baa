//! Typo tolerance without walking the term dictionary on every search.
//!
//! A tantivy [`FuzzyTermQuery`] runs a Levenshtein automaton over each
//! segment's term dictionary every time it is searched, which was about a
//! sixth of a search's time. Segments never change, so the terms within
//! one edit of a stem are worked out once per segment and remembered; the
//! query then reads those terms' postings as the fuzzy query would, and
//! scores every match with the same constant.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use tantivy::index::SegmentId;
use tantivy::postings::TermInfo;
use tantivy::query::{
    AutomatonWeight, BitSetDocSet, ConstScorer, EnableScoring, Explanation, FuzzyTermQuery, Query, Scorer, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{BitSet, DocId, DocSet, Score, SegmentReader, TantivyError, Term};

use crate::index::live_segments;

/// Expansions remembered at most; past this the cache starts again, so a
/// stream of distinct typos cannot grow it without bound.
const CACHED_EXPANSIONS: usize = 20_000;

type Key = (SegmentId, Field, String);

/// The terms within one edit of each stem, per segment and field.
#[derive(Clone, Default)]
pub(crate) struct Expansions {
    cache: Arc<Mutex<HashMap<Key, Arc<Vec<TermInfo>>>>>,
}

impl fmt::Debug for Expansions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Expansions").finish_non_exhaustive()
    }
}

impl Expansions {
    /// The documents of `segment` with a term in `field` at most one edit
    /// (a transposition counting as one) from `stem`.
    fn term_infos(&self, segment: &SegmentReader, field: Field, stem: &str) -> tantivy::Result<Arc<Vec<TermInfo>>> {
        let key = (segment.segment_id(), field, stem.to_owned());
        if let Some(found) = self.lock().get(&key) {
            return Ok(found.clone());
        }
        let automaton = FuzzyTermQuery::new(Term::from_field_text(field, stem), 1, true).automaton()?;
        let infos = Arc::new(AutomatonWeight::new(field, automaton).get_match_term_infos(segment)?);
        let mut cache = self.lock();
        if cache.len() >= CACHED_EXPANSIONS {
            cache.clear();
        }
        cache.insert(key, infos.clone());
        Ok(infos)
    }

    /// Forgets the segments that `searcher` no longer has.
    pub fn forget_retired(&self, searcher: &tantivy::Searcher) {
        let live = live_segments(searcher);
        let mut cache = self.lock();
        if cache.keys().any(|(id, _, _)| !live.contains(id)) {
            cache.retain(|(id, _, _), _| live.contains(id));
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Arc<Vec<TermInfo>>>> {
        self.cache.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Matches `stem` in `field` with up to one typo, every match scoring
    /// `score`: the same documents and scores as a boosted
    /// `FuzzyTermQuery::new(term, 1, true)`.
    pub fn query(&self, field: Field, stem: &str, score: Score) -> Box<dyn Query> {
        Box::new(Fuzzy {
            expansions: self.clone(),
            field,
            stem: stem.to_owned(),
            score,
        })
    }
}

#[derive(Clone, Debug)]
struct Fuzzy {
    expansions: Expansions,
    field: Field,
    stem: String,
    score: Score,
}

impl Query for Fuzzy {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for Fuzzy {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let infos = self.expansions.term_infos(reader, self.field, &self.stem)?;
        let mut docs = BitSet::with_max_value(reader.max_doc());
        let inverted = reader.inverted_index(self.field)?;
        for info in infos.iter() {
            let mut postings = inverted.read_block_postings_from_terminfo(info, IndexRecordOption::Basic)?;
            loop {
                let block = postings.docs();
                if block.is_empty() {
                    break;
                }
                for &doc in block {
                    docs.insert(doc);
                }
                postings.advance();
            }
        }
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(docs), boost * self.score)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) == doc {
            Ok(Explanation::new("Fuzzy", scorer.score()))
        } else {
            Err(TantivyError::InvalidArgument("the document does not match".to_owned()))
        }
    }
}
