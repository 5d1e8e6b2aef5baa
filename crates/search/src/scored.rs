//! Each word's matches and scores, worked out once per version of the index.
//!
//! A word is searched as a union of about nine clauses: its stem in six
//! fields, a bonus for the name, and typos in the name and interests; a
//! word from the synonyms file adds its synonyms' clauses too. Walking
//! that union and adding up its scores was most of a search's time, and
//! it gives the same answer for the same word until the index changes:
//! BM25 reads only the segment and the index-wide statistics. So each
//! word's union is walked once per segment and index version and kept as a
//! sorted list of documents and scores, which every later search of the
//! word reads instead, whatever words, filters or place come with it.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tantivy::index::SegmentId;
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, Searcher, SegmentReader, Term, TERMINATED};

use crate::index::live_segments;
use crate::listed::SortedDocs;

/// Postings kept at most, over every word and segment (8 bytes each, so
/// 32 MB); past this the lists start again, so a stream of distinct words
/// cannot grow them without bound.
const KEPT_POSTINGS: usize = 4_000_000;

/// One word's matches in one segment, by document, with their scores.
struct Postings {
    /// The index version the scores are for: the statistics BM25 uses
    /// change with every commit, the documents of a segment never.
    generation: u64,
    docs: Arc<[DocId]>,
    scores: Box<[Score]>,
}

#[derive(Default)]
struct Lists {
    by_word: HashMap<(SegmentId, Arc<str>), Arc<Postings>>,
    postings: usize,
}

/// The kept lists, shared by every search.
#[derive(Clone, Default)]
pub(crate) struct WordScores {
    lists: Arc<Mutex<Lists>>,
}

impl fmt::Debug for WordScores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WordScores").finish_non_exhaustive()
    }
}

impl WordScores {
    fn lock(&self) -> MutexGuard<'_, Lists> {
        self.lists.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// `query`, whose matches and scores `key` names, for searching with
    /// its kept lists: `key` must differ whenever `query` could.
    pub fn query(&self, key: String, query: Box<dyn Query>) -> Box<dyn Query> {
        Box::new(Kept {
            lists: self.clone(),
            key: key.into(),
            query,
        })
    }

    /// Forgets the segments that `searcher` no longer has.
    pub fn forget_retired(&self, searcher: &tantivy::Searcher) {
        let live = live_segments(searcher);
        let mut lists = self.lock();
        if lists.by_word.keys().any(|(id, _)| !live.contains(id)) {
            lists.by_word.retain(|(id, _), _| live.contains(id));
            lists.postings = lists.by_word.values().map(|p| p.docs.len()).sum();
        }
    }
}

struct Kept {
    lists: WordScores,
    key: Arc<str>,
    query: Box<dyn Query>,
}

impl Clone for Kept {
    fn clone(&self) -> Kept {
        Kept {
            lists: self.lists.clone(),
            key: self.key.clone(),
            query: self.query.box_clone(),
        }
    }
}

impl fmt::Debug for Kept {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Kept({})", self.key)
    }
}

impl Query for Kept {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        // The word's own weight is made only when a segment's list is
        // missing: making it looks up every term's statistics.
        let source = match enable_scoring.searcher() {
            Some(searcher) => Source::Searcher(searcher.clone()),
            None => Source::Unkept(self.query.weight(enable_scoring)?),
        };
        Ok(Box::new(KeptWeight {
            lists: self.lists.clone(),
            key: self.key.clone(),
            query: self.query.box_clone(),
            source,
            scored: enable_scoring.is_scoring_enabled(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.query.query_terms(visitor);
    }
}

struct KeptWeight {
    lists: WordScores,
    key: Arc<str>,
    query: Box<dyn Query>,
    source: Source,
    /// Whether the scores are wanted, or only the documents.
    scored: bool,
}

enum Source {
    /// Whose statistics score a missing list.
    Searcher(Searcher),
    /// Without a searcher nothing can be kept for later: the word's own
    /// weight.
    Unkept(Box<dyn Weight>),
}

impl KeptWeight {
    fn postings(&self, reader: &SegmentReader, searcher: &Searcher) -> tantivy::Result<Arc<Postings>> {
        let generation = searcher.generation().generation_id();
        let key = (reader.segment_id(), self.key.clone());
        if let Some(found) = self.lists.lock().by_word.get(&key) {
            // Documents never change; scores do with the statistics.
            if found.generation == generation || !self.scored {
                return Ok(found.clone());
            }
        }
        // Scored even for a search that only counts, so that what is kept
        // serves every later search.
        let weight = self.query.weight(EnableScoring::enabled_from_searcher(searcher))?;
        let mut scorer = weight.scorer(reader, 1.0)?;
        let (mut docs, mut scores) = (Vec::new(), Vec::new());
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            docs.push(doc);
            scores.push(scorer.score());
            doc = scorer.advance();
        }
        let postings = Arc::new(Postings {
            generation,
            docs: docs.into(),
            scores: scores.into(),
        });
        let mut lists = self.lists.lock();
        if lists.postings + postings.docs.len() > KEPT_POSTINGS {
            lists.by_word.clear();
            lists.postings = 0;
        }
        lists.postings += postings.docs.len();
        if let Some(old) = lists.by_word.insert(key, postings.clone()) {
            lists.postings -= old.docs.len();
        }
        Ok(postings)
    }
}

impl Weight for KeptWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        match &self.source {
            Source::Unkept(weight) => weight.scorer(reader, boost),
            Source::Searcher(searcher) => {
                let postings = self.postings(reader, searcher)?;
                Ok(Box::new(KeptScorer {
                    docs: SortedDocs::new(postings.docs.clone()),
                    postings,
                    boost,
                }))
            }
        }
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        match &self.source {
            Source::Unkept(weight) => weight.explain(reader, doc),
            Source::Searcher(searcher) => self
                .query
                .weight(EnableScoring::enabled_from_searcher(searcher))?
                .explain(reader, doc),
        }
    }
}

/// A kept list as a scorer.
struct KeptScorer {
    docs: SortedDocs,
    postings: Arc<Postings>,
    boost: Score,
}

impl DocSet for KeptScorer {
    fn advance(&mut self) -> DocId {
        self.docs.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.docs.seek(target)
    }

    fn doc(&self) -> DocId {
        self.docs.doc()
    }

    fn size_hint(&self) -> u32 {
        self.docs.size_hint()
    }
}

impl Scorer for KeptScorer {
    fn score(&mut self) -> Score {
        self.postings.scores.get(self.docs.position()).copied().unwrap_or(0.0) * self.boost
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, DocAddress, Index, Term};

    use super::WordScores;

    /// Through its kept lists a query finds the same documents with the
    /// same scores as on its own: walked, sought inside an intersection,
    /// counted, and again after the index changes.
    #[test]
    fn kept_lists_score_as_the_query_does() {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let words = ["garden", "paint", "walk", "choir", "tea"];
        let mut add = |from: u32, to: u32| {
            for i in from..to {
                let text: Vec<&str> = words
                    .iter()
                    .enumerate()
                    .filter(|(w, _)| (i * 7 + *w as u32 * 13).is_multiple_of(*w as u32 + 2))
                    .map(|(_, w)| *w)
                    .collect();
                writer.add_document(doc!(body => text.join(" "))).unwrap();
            }
            writer.commit().unwrap();
        };
        add(0, 3_000);
        let reader = index.reader().unwrap();
        let kept = WordScores::default();
        let term = |w: &str, boost: f32| -> Box<dyn Query> {
            let q = TermQuery::new(Term::from_field_text(body, w), IndexRecordOption::WithFreqs);
            Box::new(BoostQuery::new(Box::new(q), boost))
        };
        let word = || -> Box<dyn Query> {
            Box::new(BooleanQuery::new(vec![
                (Occur::Should, term("garden", 2.0)),
                (Occur::Should, term("paint", 1.0)),
            ]))
        };
        let narrowed = |w: Box<dyn Query>| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(vec![
                (Occur::Must, w),
                (Occur::Must, term("choir", 1.0)),
            ]))
        };
        let check = |searcher: &tantivy::Searcher| {
            let top = |q: &dyn Query| -> Vec<(f32, DocAddress)> {
                searcher
                    .search(q, &TopDocs::with_limit(10_000).order_by_score())
                    .unwrap()
            };
            let ours = kept.query("garden-or-paint".to_owned(), word());
            assert_eq!(top(&*ours), top(&*word()));
            assert_eq!(top(&*narrowed(ours.box_clone())), top(&*narrowed(word())));
            assert!(!top(&*narrowed(word())).is_empty());
            assert_eq!(
                searcher.search(&*ours, &Count).unwrap(),
                searcher.search(&*word(), &Count).unwrap()
            );
        };
        check(&reader.searcher());
        // New documents change every score's statistics.
        add(3_000, 4_000);
        reader.reload().unwrap();
        check(&reader.searcher());
        kept.forget_retired(&reader.searcher());
        check(&reader.searcher());
    }
}
