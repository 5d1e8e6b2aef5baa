//! A union of queries that scores only the documents asked about.
//!
//! tantivy's own union (`BufferedUnionScorer`) fills a window of 4,096
//! documents at a time, scoring every posting of every clause in it. That
//! is the fastest way through a whole segment, but when a search near a
//! place leaves a few hundred candidates spread over the segment, each
//! candidate refills a window, so the words are scored almost everywhere
//! anyway. This union instead moves each clause only to the candidate it
//! is asked for and adds up the clauses' scores only when a collector asks
//! for the score of a match. The scores are the same sums, in the same
//! order, as tantivy's union gives.

use std::fmt;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// Matches what any of its clauses matches; the score is the sum of the
/// scores of the clauses that match.
pub(crate) struct LazyUnion {
    clauses: Vec<Box<dyn Query>>,
}

impl LazyUnion {
    pub fn new(clauses: Vec<Box<dyn Query>>) -> LazyUnion {
        LazyUnion { clauses }
    }
}

impl Clone for LazyUnion {
    fn clone(&self) -> LazyUnion {
        LazyUnion {
            clauses: self.clauses.iter().map(|c| c.box_clone()).collect(),
        }
    }
}

impl fmt::Debug for LazyUnion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(&self.clauses).finish()
    }
}

impl Query for LazyUnion {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .clauses
            .iter()
            .map(|c| c.weight(enable_scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(LazyUnionWeight { weights }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for clause in &self.clauses {
            clause.query_terms(visitor);
        }
    }
}

struct LazyUnionWeight {
    weights: Vec<Box<dyn Weight>>,
}

impl Weight for LazyUnionWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorers = Vec::with_capacity(self.weights.len());
        for weight in &self.weights {
            let scorer = weight.scorer(reader, boost)?;
            if scorer.doc() != TERMINATED {
                scorers.push(scorer);
            }
        }
        let mut union = LazyUnionScorer { scorers, doc: 0 };
        union.settle();
        Ok(Box::new(union))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        let mut explanation = Explanation::new("LazyUnion, sum of:", scorer.score());
        for weight in &self.weights {
            if let Ok(child) = weight.explain(reader, doc) {
                explanation.add_detail(child);
            }
        }
        Ok(explanation)
    }
}

/// The clauses that have not run out, and the lowest document among them.
struct LazyUnionScorer {
    scorers: Vec<Box<dyn Scorer>>,
    doc: DocId,
}

impl LazyUnionScorer {
    /// Drops the clauses that have run out and finds the next document.
    fn settle(&mut self) -> DocId {
        self.scorers.retain(|s| s.doc() != TERMINATED);
        self.doc = self.scorers.iter().map(|s| s.doc()).min().unwrap_or(TERMINATED);
        self.doc
    }
}

impl DocSet for LazyUnionScorer {
    fn advance(&mut self) -> DocId {
        let current = self.doc;
        if current == TERMINATED {
            return TERMINATED;
        }
        for scorer in &mut self.scorers {
            if scorer.doc() == current {
                scorer.advance();
            }
        }
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for scorer in &mut self.scorers {
            if scorer.doc() < target {
                scorer.seek(target);
            }
        }
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.scorers.iter().map(|s| s.size_hint()).max().unwrap_or(0)
    }

    fn cost(&self) -> u64 {
        self.scorers.iter().map(|s| s.cost()).sum()
    }
}

impl Scorer for LazyUnionScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        let mut total = 0.0;
        for scorer in &mut self.scorers {
            if scorer.doc() == doc {
                total += scorer.score();
            }
        }
        total
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, DocAddress, Index, Term};

    use super::LazyUnion;

    /// The same documents, in the same order, with the same scores as
    /// tantivy's own union, over every way of searching a small index.
    #[test]
    fn scores_and_matches_as_tantivy_s_union_does() {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let words = ["garden", "paint", "walk", "choir", "tea"];
        for i in 0..5_000u32 {
            let text: Vec<&str> = words
                .iter()
                .enumerate()
                .filter(|(w, _)| (i * 7 + *w as u32 * 13).is_multiple_of(*w as u32 + 3))
                .map(|(_, w)| *w)
                .collect();
            writer.add_document(doc!(body => text.join(" "))).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let clauses = || -> Vec<Box<dyn Query>> {
            words
                .iter()
                .take(4)
                .enumerate()
                .map(|(i, w)| {
                    let q = TermQuery::new(Term::from_field_text(body, w), IndexRecordOption::WithFreqs);
                    Box::new(BoostQuery::new(Box::new(q), 1.0 + i as f32)) as Box<dyn Query>
                })
                .collect()
        };
        let theirs = BooleanQuery::new(clauses().into_iter().map(|c| (Occur::Should, c)).collect());
        let ours = LazyUnion::new(clauses());
        let top = |q: &dyn Query| -> Vec<(f32, DocAddress)> {
            searcher
                .search(q, &TopDocs::with_limit(10_000).order_by_score())
                .unwrap()
        };
        assert_eq!(top(&ours), top(&theirs));
        assert_eq!(ours.count(&searcher).unwrap(), theirs.count(&searcher).unwrap());
        // Inside an intersection, where the union is sought rather than walked.
        let choir = || {
            Box::new(TermQuery::new(
                Term::from_field_text(body, "choir"),
                IndexRecordOption::Basic,
            ))
        };
        let narrowed = |union: Box<dyn Query>| {
            BooleanQuery::new(vec![(Occur::Must, union), (Occur::Must, choir() as Box<dyn Query>)])
        };
        let theirs = narrowed(Box::new(theirs));
        let ours = narrowed(Box::new(ours));
        assert_eq!(top(&ours), top(&theirs));
        assert!(!top(&ours).is_empty());
    }
}
