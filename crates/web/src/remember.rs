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
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long an answer is reused without asking the database.
pub const REMEMBERED_FOR: Duration = Duration::from_secs(5);
/// After this long, the next caller works the answer out again while the
/// others keep the remembered one until it is replaced (or, at the latest,
/// until [`REMEMBERED_FOR`]): otherwise every request for a busy key would
/// miss at the same instant and work it out at once, and a page read by 64
/// connections would stall every few seconds.
const RENEW_AFTER: Duration = Duration::from_secs(4);

/// How many changes this process has made: every remembered answer keeps
/// the count it was worked out under, and is reused only while the count
/// is the same. One count for all the site's memories, so that one change
/// forgets them all at once.
#[derive(Debug, Default)]
pub struct Changes(AtomicU64);

impl Changes {
    /// The count so far: read it before working an answer out (and, on
    /// SQLite, before the transaction it is read in starts), so that an
    /// answer read while something changed is never reused.
    pub fn count(&self) -> u64 {
        self.0.load(Ordering::Acquire)
    }

    /// Something changed: no answer remembered until now is reused.
    pub fn happened(&self) {
        self.0.fetch_add(1, Ordering::AcqRel);
    }
}

/// Answers of type `V` by key `K` (see the module docs).
#[derive(Debug)]
pub struct Remembered<K, V> {
    changes: Arc<Changes>,
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
    /// Someone is working a newer answer out (see [`RENEW_AFTER`]).
    renewing: bool,
}

impl<K: Eq + Hash, V: Clone> Remembered<K, V> {
    /// At most `most` answers, forgotten whenever `changes` counts one.
    pub fn new(most: usize, changes: &Arc<Changes>) -> Self {
        Remembered {
            changes: changes.clone(),
            entries: Mutex::new(HashMap::new()),
            most,
        }
    }

    /// The answer for `key`: the one remembered if it still stands (see
    /// [`Remembered::recall`]), otherwise `work`'s, kept when it succeeds.
    /// `counted` is [`Changes::count`] as it was before `work` could read
    /// anything.
    pub fn recall_or<E>(
        &self,
        key: K,
        counted: u64,
        holds: impl FnOnce(&V) -> bool,
        work: impl FnOnce() -> Result<V, E>,
    ) -> Result<V, E> {
        if let Some(v) = self.recall(&key, holds) {
            return Ok(v);
        }
        let v = work()?;
        self.remember(key, v.clone(), counted);
        Ok(v)
    }

    /// The answer remembered for `key`, if it is recent, nothing changed
    /// since, and `holds` says it still stands. Once it is nearly due (see
    /// [`RENEW_AFTER`]) one caller gets `None`, to work it out again.
    pub fn recall(&self, key: &K, holds: impl FnOnce(&V) -> bool) -> Option<V> {
        let generation = self.changes.count();
        let mut entries = self.entries.lock().ok()?;
        let entry = entries.get_mut(key)?;
        let age = entry.at.elapsed();
        if entry.generation == generation && age < REMEMBERED_FOR && holds(&entry.value) {
            if age >= RENEW_AFTER && !entry.renewing {
                entry.renewing = true;
                return None;
            }
            Some(entry.value.clone())
        } else {
            entries.remove(key);
            None
        }
    }

    /// Keeps `value`, worked out for `key` when [`Changes::count`] was
    /// `generation`.
    pub fn remember(&self, key: K, value: V, generation: u64) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if entries.len() >= self.most {
            let current = self.changes.count();
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
                renewing: false,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn memory<K: Eq + Hash, V: Clone>(most: usize) -> (Arc<Changes>, Remembered<K, V>) {
        let changes = Arc::new(Changes::default());
        let r = Remembered::new(most, &changes);
        (changes, r)
    }

    #[test]
    fn an_answer_is_reused_for_its_own_key_until_something_changes() {
        let (changes, r) = memory::<&str, i32>(10);
        r.remember("a", 1, changes.count());
        assert_eq!(r.recall(&"a", |_| true), Some(1));
        assert_eq!(r.recall(&"b", |_| true), None);
        changes.happened();
        assert_eq!(r.recall(&"a", |_| true), None);
    }

    #[test]
    fn an_answer_worked_out_while_something_changed_is_not_reused() {
        let (changes, r) = memory::<&str, i32>(10);
        let counted = changes.count();
        changes.happened();
        r.remember("a", 1, counted);
        assert_eq!(r.recall(&"a", |_| true), None);
        let worked: Result<i32, ()> = r.recall_or("a", changes.count(), |_| true, || Ok(2));
        assert_eq!(worked, Ok(2));
        let again: Result<i32, ()> = r.recall_or("a", changes.count(), |_| true, || Err(()));
        assert_eq!(again, Ok(2), "kept");
        let failed: Result<i32, ()> = r.recall_or("b", changes.count(), |_| true, || Err(()));
        assert_eq!(failed, Err(()));
        assert_eq!(r.recall(&"b", |_| true), None, "a failure is not kept");
    }

    /// Makes `key`'s answer look `age` old.
    fn age(r: &Remembered<&str, i32>, key: &str, age: Duration) {
        if let (Ok(mut entries), Some(at)) = (r.entries.lock(), Instant::now().checked_sub(age)) {
            if let Some(e) = entries.get_mut(key) {
                e.at = at;
            }
        }
    }

    #[test]
    fn a_nearly_due_answer_is_worked_out_again_by_one_caller_while_the_others_keep_it() {
        let (changes, r) = memory::<&str, i32>(10);
        r.remember("a", 1, changes.count());
        age(&r, "a", RENEW_AFTER);
        assert_eq!(r.recall(&"a", |_| true), None, "the first caller works it out");
        assert_eq!(r.recall(&"a", |_| true), Some(1), "the others keep it meanwhile");
        r.remember("a", 2, changes.count());
        assert_eq!(r.recall(&"a", |_| true), Some(2));
        age(&r, "a", REMEMBERED_FOR);
        assert_eq!(r.recall(&"a", |_| true), None, "never past its time");
        assert_eq!(r.recall(&"a", |_| true), None);
    }

    #[test]
    fn an_answer_that_no_longer_holds_is_dropped_and_the_map_stays_small() {
        let (changes, r) = memory::<i32, i32>(3);
        r.remember(1, 1, changes.count());
        assert_eq!(r.recall(&1, |v| *v > 1), None);
        assert_eq!(r.recall(&1, |_| true), None);
        for k in 0..10 {
            r.remember(k, k, changes.count());
        }
        assert!(r.entries.lock().map(|e| e.len()).unwrap_or(0) <= 3);
        assert_eq!(r.recall(&9, |_| true), Some(9));
    }
}
