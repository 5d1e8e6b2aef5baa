//! Answers worked out in the last few seconds, reused while nothing has
//! changed: a burst of page views then costs one set of queries rather
//! than one per view.
//!
//! An answer is reused only for the very key it was worked out for, for at
//! most [`REMEMBERED_FOR`]. Every change made through this process (any
//! POST, and every [`crate::state::AppState::transact`] journey) forgets
//! them all at once, so it shows on the next page. Changes made elsewhere
//! (another node, a `kith` command) show within [`REMEMBERED_FOR`].

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long an answer is reused without asking the database.
pub const REMEMBERED_FOR: Duration = Duration::from_secs(5);

/// Answers of type `V` by key `K` (see the module docs).
#[derive(Debug)]
pub struct Remembered<K, V> {
    generation: AtomicU64,
    entries: Mutex<HashMap<K, Entry<V>>>,
    /// At most this many are kept; past it the stale ones go, and if that
    /// is not enough, all of them.
    most: usize,
}

#[derive(Debug)]
struct Entry<V> {
    value: V,
    generation: u64,
    at: Instant,
}

impl<K: Eq + Hash, V: Clone> Remembered<K, V> {
    pub fn new(most: usize) -> Self {
        Remembered {
            generation: AtomicU64::new(0),
            entries: Mutex::new(HashMap::new()),
            most,
        }
    }

    /// The count of changes so far: read it before working an answer out,
    /// so that one read while something changed is never reused.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Something changed: no answer remembered until now is reused.
    pub fn forget_all(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// The answer remembered for `key`, if it is recent, nothing changed
    /// since, and `holds` says it still stands.
    pub fn recall(&self, key: &K, holds: impl FnOnce(&V) -> bool) -> Option<V> {
        let generation = self.generation();
        let mut entries = self.entries.lock().ok()?;
        let entry = entries.get(key)?;
        if entry.generation == generation && entry.at.elapsed() < REMEMBERED_FOR && holds(&entry.value) {
            Some(entry.value.clone())
        } else {
            entries.remove(key);
            None
        }
    }

    /// Keeps `value`, worked out for `key` when the count of changes was
    /// `generation`.
    pub fn remember(&self, key: K, value: V, generation: u64) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if entries.len() >= self.most {
            let current = self.generation();
            entries.retain(|_, e| e.generation == current && e.at.elapsed() < REMEMBERED_FOR);
            if entries.len() >= self.most {
                entries.clear();
            }
        }
        entries.insert(
            key,
            Entry {
                value,
                generation,
                at: Instant::now(),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_reused_for_its_own_key_until_something_changes() {
        let r: Remembered<&str, i32> = Remembered::new(10);
        let g = r.generation();
        r.remember("a", 1, g);
        assert_eq!(r.recall(&"a", |_| true), Some(1));
        assert_eq!(r.recall(&"b", |_| true), None);
        r.forget_all();
        assert_eq!(r.recall(&"a", |_| true), None);
    }

    #[test]
    fn an_answer_worked_out_while_something_changed_is_not_reused() {
        let r: Remembered<&str, i32> = Remembered::new(10);
        let g = r.generation();
        r.forget_all();
        r.remember("a", 1, g);
        assert_eq!(r.recall(&"a", |_| true), None);
    }

    #[test]
    fn an_answer_that_no_longer_holds_is_dropped_and_the_map_stays_small() {
        let r: Remembered<i32, i32> = Remembered::new(3);
        let g = r.generation();
        r.remember(1, 1, g);
        assert_eq!(r.recall(&1, |v| *v > 1), None);
        assert_eq!(r.recall(&1, |_| true), None);
        for k in 0..10 {
            r.remember(k, k, g);
        }
        assert!(r.entries.lock().map(|e| e.len()).unwrap_or(0) <= 3);
        assert_eq!(r.recall(&9, |_| true), Some(9));
    }
}
