//! Searching in two passes: first which documents match, then the ranks of
//! only those.
//!
//! With facet filters, a search visits every match of its words, because
//! a match that fails one filter still counts for that filter's other
//! values; usually only a few of them pass every filter and can be shown.
//! Scoring costs more than matching (every posting's frequency read, every
//! clause's score added up, a phrase's positions checked), so the first
//! pass matches without scores, counting the facets and gathering the
//! documents that pass ([`Found`]); the second scores only those
//! ([`Listed`]), seeking each one in the words' postings.

use std::fmt;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::query::{ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentOrdinal, SegmentReader, TantivyError, TERMINATED};

/// The documents of each segment a pass found, in order.
pub(crate) type FoundDocs = Vec<(SegmentId, Arc<[DocId]>)>;

/// Gathers the documents it is given, without their scores.
pub(crate) struct Found;

pub(crate) struct FoundSegment {
    segment: SegmentId,
    docs: Vec<DocId>,
}

impl Collector for Found {
    type Fruit = FoundDocs;
    type Child = FoundSegment;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<FoundSegment> {
        Ok(FoundSegment {
            segment: segment.segment_id(),
            docs: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<(SegmentId, Arc<[DocId]>)>) -> tantivy::Result<FoundDocs> {
        Ok(fruits.into_iter().filter(|(_, docs)| !docs.is_empty()).collect())
    }
}

impl SegmentCollector for FoundSegment {
    type Fruit = (SegmentId, Arc<[DocId]>);

    fn collect(&mut self, doc: DocId, _: Score) {
        self.docs.push(doc);
    }

    fn harvest(self) -> Self::Fruit {
        (self.segment, self.docs.into())
    }
}

/// Matches exactly the documents listed, each scoring nothing: combined
/// with a search's words, it is what the words would score for each.
#[derive(Clone)]
pub(crate) struct Listed {
    docs: Arc<FoundDocs>,
}

impl Listed {
    pub fn new(docs: FoundDocs) -> Listed {
        Listed { docs: Arc::new(docs) }
    }
}

impl fmt::Debug for Listed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n: usize = self.docs.iter().map(|(_, d)| d.len()).sum();
        write!(f, "Listed({n} documents)")
    }
}

impl Query for Listed {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for Listed {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let id = reader.segment_id();
        let docs = self
            .docs
            .iter()
            .find(|(segment, _)| *segment == id)
            .map_or_else(|| Arc::from(Vec::new()), |(_, docs)| docs.clone());
        Ok(Box::new(ConstScorer::new(SortedDocs::new(docs), boost * 0.0)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) == doc {
            Ok(Explanation::new("Listed", scorer.score()))
        } else {
            Err(TantivyError::InvalidArgument("the document is not listed".to_owned()))
        }
    }
}

/// A sorted list of documents as a [`DocSet`]; also what a kept word's
/// list walks (see `scored`).
pub(crate) struct SortedDocs {
    docs: Arc<[DocId]>,
    at: usize,
}

impl SortedDocs {
    pub fn new(docs: Arc<[DocId]>) -> SortedDocs {
        SortedDocs { docs, at: 0 }
    }

    /// Where in the list the current document is.
    pub fn position(&self) -> usize {
        self.at
    }
}

impl DocSet for SortedDocs {
    fn advance(&mut self) -> DocId {
        self.at = (self.at + 1).min(self.docs.len());
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc() >= target {
            return self.doc();
        }
        // Galloping: searches usually seek a little way on.
        let docs = &self.docs;
        let (mut low, mut high, mut step) = (self.at, self.at + 1, 1);
        while high < docs.len() && docs.get(high).is_some_and(|&d| d < target) {
            low = high;
            step *= 2;
            high = (high + step).min(docs.len());
        }
        let window = docs.get(low..high.min(docs.len())).unwrap_or_default();
        self.at = low + window.partition_point(|&d| d < target);
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.docs.get(self.at).copied().unwrap_or(TERMINATED)
    }

    fn size_hint(&self) -> u32 {
        u32::try_from(self.docs.len() - self.at.min(self.docs.len())).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, DocAddress, Index, Term};

    use super::{Found, Listed};

    /// Found then listed, a search's words score the found documents exactly
    /// as they would on their own, and nothing else matches.
    #[test]
    fn listing_what_a_pass_kept_scores_only_those() {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for i in 0..3_000u32 {
            let text = match i % 3 {
                0 => "garden choir",
                1 => "garden garden walk",
                _ => "choir",
            };
            writer.add_document(doc!(body => text)).unwrap();
            if i == 1_500 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert!(searcher.segment_readers().len() >= 2);
        let term = |w: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(body, w),
                IndexRecordOption::WithFreqs,
            ))
        };
        let both = BooleanQuery::new(vec![(Occur::Must, term("garden")), (Occur::Must, term("choir"))]);
        let kept = searcher.search(&both, &Found).unwrap();
        assert_eq!(kept.iter().map(|(_, d)| d.len()).sum::<usize>(), 1_000);
        let rescored = BooleanQuery::new(vec![
            (Occur::Must, term("garden")),
            (Occur::Must, Box::new(Listed::new(kept)) as Box<dyn Query>),
        ]);
        let top = |q: &dyn Query| -> Vec<(f32, DocAddress)> {
            searcher
                .search(q, &TopDocs::with_limit(5_000).order_by_score())
                .unwrap()
        };
        let garden_of_both = BooleanQuery::new(vec![
            (Occur::Must, term("garden")),
            (
                Occur::Must,
                Box::new(tantivy::query::ConstScoreQuery::new(term("choir"), 0.0)) as Box<dyn Query>,
            ),
        ]);
        assert_eq!(top(&rescored), top(&garden_of_both));
        assert_eq!(searcher.search(&rescored, &Count).unwrap(), 1_000);
    }
}
