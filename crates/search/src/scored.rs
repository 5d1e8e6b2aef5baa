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
use tantivy::{BitSet, DocId, DocSet, Score, Searcher, SegmentReader, Term, TERMINATED};

use crate::index::live_segments;
use crate::listed::SortedDocs;
use crate::places::Area;

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

impl Postings {
    /// Those of the documents in `docs`.
    fn inside(&self, docs: &BitSet) -> Postings {
        let (mut kept, mut scores) = (Vec::new(), Vec::new());
        for (&doc, &score) in self.docs.iter().zip(self.scores.iter()) {
            if docs.contains(doc) {
                kept.push(doc);
                scores.push(score);
            }
        }
        Postings {
            generation: self.generation,
            docs: kept.into(),
            scores: scores.into(),
        }
    }
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
    /// its kept lists: `key` must differ whenever `query` could. With
    /// `within`, only the list's documents in that box are searched: a
    /// search near a place then reads each word's list once, in order,
    /// instead of seeking through it (and through the box) match by match.
    /// The box must still be a condition of the search; this only saves it
    /// work.
    pub fn query(&self, key: String, query: Box<dyn Query>, within: Option<&Area>) -> Box<dyn Query> {
        Box::new(Kept {
            lists: self.clone(),
            key: key.into(),
            query,
            within: within.cloned(),
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
    within: Option<Area>,
}

impl Clone for Kept {
    fn clone(&self) -> Kept {
        Kept {
            lists: self.lists.clone(),
            key: self.key.clone(),
            query: self.query.box_clone(),
            within: self.within.clone(),
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
            within: self.within.clone(),
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
    within: Option<Area>,
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
                let mut postings = self.postings(reader, searcher)?;
                if let Some(area) = &self.within {
                    let inside = area.docs(reader)?;
                    postings = Arc::new(postings.inside(&inside));
                }
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
    use tantivy::schema::{IndexRecordOption, NumericOptions, Schema, TEXT};
    use tantivy::{doc, DocAddress, Index, Term};

    use super::WordScores;
    use crate::places::{Area, Places};
    use crate::schema::{LAT, LON};

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
            let ours = kept.query("garden-or-paint".to_owned(), word(), None);
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

    /// Narrowed to a box, a kept list inside a search of that box finds
    /// what the query finds there, with the same scores, and the list of
    /// the whole index is still kept for searches elsewhere.
    #[test]
    fn narrowed_lists_find_what_the_query_finds_in_the_box() {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let options = NumericOptions::default().set_indexed().set_fast();
        let lat = schema.add_f64_field(LAT, options.clone());
        let lon = schema.add_f64_field(LON, options);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for i in 0..4_000u32 {
            let text = ["garden tea", "paint", "garden walk", "choir"][i as usize % 4];
            let (la, lo) = (51.3 + f64::from(i % 97) * 0.004, -0.5 + f64::from(i % 89) * 0.008);
            if i % 10 == 0 {
                // Some without a place, which no box holds.
                writer.add_document(doc!(body => text)).unwrap();
            } else {
                writer.add_document(doc!(body => text, lat => la, lon => lo)).unwrap();
            }
            if i == 2_500 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let places = Places::default();
        let kept = WordScores::default();
        let word = || -> Box<dyn Query> {
            Box::new(BooleanQuery::new(vec![
                (
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_text(body, "garden"),
                        IndexRecordOption::WithFreqs,
                    )) as Box<dyn Query>,
                ),
                (
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_text(body, "paint"),
                        IndexRecordOption::WithFreqs,
                    )),
                ),
            ]))
        };
        let top = |q: &dyn Query| -> Vec<(f32, DocAddress)> {
            searcher
                .search(q, &TopDocs::with_limit(10_000).order_by_score())
                .unwrap()
        };
        let inside = |area: &Area, q: Box<dyn Query>| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(vec![(Occur::Must, q), (Occur::Must, area.query())]))
        };
        for (south, north, west, east) in [
            (51.35, 51.5, -0.4, -0.2),
            (51.0, 52.0, -1.0, 1.0),
            (51.6, 51.5, -0.2, -0.1),
        ] {
            let area = places.area(south, north, west, east);
            let ours = kept.query("garden-or-paint".to_owned(), word(), Some(&area));
            let expected = top(&*inside(&area, word()));
            assert_eq!(top(&*inside(&area, ours.box_clone())), expected);
            assert_eq!(
                searcher.search(&*inside(&area, ours), &Count).unwrap(),
                searcher.search(&*inside(&area, word()), &Count).unwrap()
            );
            if south < north {
                assert!(!expected.is_empty());
            }
        }
        // The same word anywhere: its whole list.
        let everywhere = kept.query("garden-or-paint".to_owned(), word(), None);
        assert_eq!(top(&*everywhere), top(&*word()));
        assert_eq!(top(&*word()).len(), 3_000);
    }
}
