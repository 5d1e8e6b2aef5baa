//! Password hashing off the request threads.
//!
//! argon2id costs tens of milliseconds of a core by design. Done on the
//! actix workers (or their blocking pools) a burst of sign-ins would take
//! every core and every blocking thread, and listing pages would queue
//! behind them. So hashing has its own single thread with a bounded queue:
//! at most one core goes to passwords however many people sign in at once,
//! and when the queue is full people are asked to try again in a moment.

use std::sync::mpsc::{sync_channel, SyncSender, TrySendError};

use tokio::sync::oneshot;

use crate::error::WebError;

/// How many sign-ins may wait for the hashing thread (about 5 seconds' work).
const QUEUE: usize = 100;

enum Job {
    Hash(String, oneshot::Sender<Result<String, accounts::AccountError>>),
    Verify(String, Option<String>, oneshot::Sender<bool>),
}

/// A handle to the hashing thread; cheap to clone.
#[derive(Clone)]
pub struct Hasher {
    jobs: SyncSender<Job>,
}

impl Hasher {
    /// Starts the thread. It ends when the last handle is dropped.
    pub fn start() -> std::io::Result<Hasher> {
        let (jobs, queue) = sync_channel::<Job>(QUEUE);
        std::thread::Builder::new().name("kith-hasher".into()).spawn(move || {
            for job in queue {
                match job {
                    Job::Hash(password, reply) => {
                        let _ = reply.send(accounts::password::hash(&password));
                    }
                    Job::Verify(password, stored, reply) => {
                        let _ = reply.send(accounts::password::verify(&password, stored.as_deref()));
                    }
                }
            }
        })?;
        Ok(Hasher { jobs })
    }

    fn submit(&self, job: Job) -> Result<(), WebError> {
        self.jobs.try_send(job).map_err(|e| match e {
            TrySendError::Full(_) => WebError::Busy,
            TrySendError::Disconnected(_) => WebError::internal(&"the password hashing thread has stopped"),
        })
    }

    /// A new argon2id hash of `password`.
    pub async fn hash(&self, password: &str) -> Result<String, WebError> {
        let (tx, rx) = oneshot::channel();
        self.submit(Job::Hash(password.to_owned(), tx))?;
        match rx.await {
            Ok(Ok(hash)) => Ok(hash),
            Ok(Err(e)) => Err(WebError::internal(&e)),
            Err(e) => Err(WebError::internal(&e)),
        }
    }

    /// Whether `password` matches `stored` (see [`accounts::password::verify`]).
    pub async fn verify(&self, password: &str, stored: Option<String>) -> Result<bool, WebError> {
        let (tx, rx) = oneshot::channel();
        self.submit(Job::Verify(password.to_owned(), stored, tx))?;
        rx.await.map_err(|e| WebError::internal(&e))
    }
}
