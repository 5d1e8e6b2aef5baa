//! Searches run on threads of their own, one per core, shared by every
//! actix worker and taking searches in the order they came.
//!
//! `web::block` runs work on the blocking threads of the worker that took
//! the connection, one each for SQLite (see `main.rs`). Searches are CPU
//! work, so that already let only as many run as there are cores, but in
//! one queue per worker: when one worker's connections happened to ask for
//! the slower searches its queue grew while the other's thread waited, and
//! the slowest hundredth of searches over HTTP took twice as long as the
//! middle one. One queue for all, served by a thread per core, keeps every
//! core busy and every search waiting about as long as any other.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex, PoisonError};

use crate::error::WebError;

type Job = Box<dyn FnOnce() + Send>;

/// The queue of searches and the threads that run them; the threads end
/// when the last handle is dropped.
#[derive(Clone)]
pub struct Searchers {
    /// `None` when no thread could be started: searches then run on the
    /// worker's blocking threads, as other work does.
    jobs: Option<Sender<Job>>,
}

impl Searchers {
    /// Starts `threads` threads (at least one), or as many as the system
    /// allows.
    pub fn start(threads: usize) -> Searchers {
        let (jobs, queue) = channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        let mut started = 0;
        for n in 0..threads.max(1) {
            let queue = queue.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("search-{n}"))
                .spawn(move || serve(&queue));
            match spawned {
                Ok(_) => started += 1,
                Err(e) => tracing::error!("could not start search thread {n}: {e}"),
            }
        }
        Searchers {
            jobs: (started > 0).then_some(jobs),
        }
    }

    /// Runs `work` on a search thread and waits for its answer without
    /// holding up the async worker.
    pub async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, WebError> {
        let Some(jobs) = &self.jobs else {
            return Ok(actix_web::web::block(work).await?);
        };
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            // The asker may have gone (a closed connection): nothing to do.
            let _ = answer.send(work());
        });
        jobs.send(job)
            .map_err(|_| WebError::internal(&"the search threads have stopped"))?;
        // Dropped unanswered only if the work panicked.
        answered
            .await
            .map_err(|_| WebError::internal(&"a search failed without an answer"))
    }
}

/// One search thread: takes the next job until the queue is closed. A job
/// that panics loses its own answer (its asker gets an error) but not the
/// thread.
fn serve(queue: &Mutex<Receiver<Job>>) {
    loop {
        let next = queue.lock().unwrap_or_else(PoisonError::into_inner).recv();
        match next {
            Ok(job) => {
                if catch_unwind(AssertUnwindSafe(job)).is_err() {
                    tracing::error!("a search panicked");
                }
            }
            Err(_) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::Searchers;

    #[actix_web::test]
    async fn every_search_is_answered_and_a_panic_costs_only_its_own() {
        // One thread, so a panic that killed it would leave nothing to answer.
        let searchers = Searchers::start(1);
        for n in 0..20u32 {
            assert_eq!(searchers.run(move || n * n).await.unwrap(), n * n);
        }
        let failed = searchers.run(|| -> u32 { panic!("a bad search") }).await;
        assert!(failed.is_err());
        assert_eq!(searchers.run(|| 7).await.unwrap(), 7);
    }
}
