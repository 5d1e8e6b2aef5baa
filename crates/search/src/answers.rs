//! Searches asked again before the index changes, answered from memory.
//!
//! People tend to ask the same things ("walking", "near me", a borough's
//! page), and a search with all its facet counts costs a millisecond or
//! more. An answer is kept only while the index stays as it was when the
//! answer was worked out (a commit clears them all, so an edit is never
//! hidden behind an old answer) and for at most [`FRESH_FOR`], since the
//! clock moves on too: events that have begun drop out, next sessions
//! move. Like the index itself, this is a cache that can always be
//! thrown away.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::SearchResults;

/// How long an answer may be given again: long enough for a burst of the
/// same searches, short enough that an event that has just begun leaves
/// the results within seconds.
pub(crate) const FRESH_FOR: Duration = Duration::from_secs(10);

pub(crate) struct Answers {
    /// At most this many answers are kept; 0 keeps none.
    capacity: usize,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// The searcher generation the answers were worked out on.
    generation: u64,
    entries: HashMap<String, (Instant, SearchResults)>,
}

impl Answers {
    pub fn new(capacity: usize) -> Answers {
        Answers {
            capacity,
            state: Mutex::new(State::default()),
        }
    }

    pub fn enabled(&self) -> bool {
        self.capacity > 0
    }

    /// The answer to `key` on index `generation`, if one is still fresh.
    pub fn get(&self, generation: u64, key: &str, now: Instant) -> Option<SearchResults> {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if state.generation != generation {
            return None;
        }
        let (at, results) = state.entries.get(key)?;
        (now.saturating_duration_since(*at) < FRESH_FOR).then(|| results.clone())
    }

    /// Keeps `results` as the answer to `key` on index `generation`,
    /// forgetting every answer from another generation.
    pub fn put(&self, generation: u64, key: String, results: SearchResults, now: Instant) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if state.generation != generation {
            state.entries.clear();
            state.generation = generation;
        }
        if state.entries.len() >= self.capacity {
            // Stale answers go first; when all are fresh, all go: simple,
            // bounded, and refilled within a second on a busy site.
            state
                .entries
                .retain(|_, (at, _)| now.saturating_duration_since(*at) < FRESH_FOR);
            if state.entries.len() >= self.capacity {
                state.entries.clear();
            }
        }
        if self.capacity > 0 {
            state.entries.insert(key, (now, results));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facets::Facets;

    fn results(total: u64) -> SearchResults {
        SearchResults {
            total,
            page: 1,
            per_page: 20,
            hits: vec![],
            facets: Facets::default(),
        }
    }

    #[test]
    fn answers_only_on_the_same_index_and_while_fresh() {
        let answers = Answers::new(2);
        let t = Instant::now();
        answers.put(1, "a".into(), results(1), t);
        assert_eq!(answers.get(1, "a", t).map(|r| r.total), Some(1));
        assert!(answers.get(1, "b", t).is_none());
        // Another commit: nothing from before is given.
        assert!(answers.get(2, "a", t).is_none());
        // Too old.
        assert!(answers.get(1, "a", t + FRESH_FOR).is_none());
        // A new generation forgets the old answers.
        answers.put(2, "b".into(), results(2), t);
        assert!(answers.get(1, "a", t).is_none());
        assert_eq!(answers.get(2, "b", t).map(|r| r.total), Some(2));
    }

    #[test]
    fn keeps_no_more_than_its_capacity() {
        let answers = Answers::new(2);
        let t = Instant::now();
        for (i, key) in ["a", "b", "c"].into_iter().enumerate() {
            answers.put(1, key.into(), results(i as u64), t);
        }
        let kept = ["a", "b", "c"]
            .iter()
            .filter(|k| answers.get(1, k, t).is_some())
            .count();
        assert!(kept <= 2);
        assert!(answers.get(1, "c", t).is_some(), "the newest answer is kept");
        let none = Answers::new(0);
        none.put(1, "a".into(), results(1), t);
        assert!(!none.enabled());
        assert!(none.get(1, "a", t).is_none());
    }
}
