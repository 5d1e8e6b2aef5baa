//! The background thread that drains the outbox.
//!
//! A plain thread rather than an async task: diesel and lettre's SMTP client
//! are blocking, and one thread sending a few emails at a time is plenty.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use store::Pool;

use crate::outbox::{deliver_due, next_due, utc_now};
use crate::{MailError, Transport, WorkerOptions};

/// Shortest pause between rounds that found nothing to claim, so a row that
/// is due but momentarily held by another node cannot make this one spin.
const MIN_PAUSE: Duration = Duration::from_millis(50);

#[derive(Debug, Default)]
struct Signal {
    woken: bool,
    stopping: bool,
}

#[derive(Debug, Default)]
struct Shared {
    signal: Mutex<Signal>,
    condvar: Condvar,
}

impl Shared {
    /// The flags stay meaningful after a panic elsewhere, so poisoning is ignored.
    fn lock(&self) -> MutexGuard<'_, Signal> {
        self.signal.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Sleeps up to `timeout`; returns early when notified or stopped.
    /// Returns false once the worker should stop.
    fn wait(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut signal = self.lock();
        while !signal.woken && !signal.stopping {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            signal = self
                .condvar
                .wait_timeout(signal, left)
                .map(|(guard, _)| guard)
                .unwrap_or_else(|e| e.into_inner().0);
        }
        signal.woken = false;
        !signal.stopping
    }
}

/// Wakes the worker; cheap to clone and hand to request handlers, which
/// call [`Notifier::notify`] after committing a transaction that queued mail.
#[derive(Debug, Clone)]
pub struct Notifier(Arc<Shared>);

impl Notifier {
    pub fn notify(&self) {
        self.0.lock().woken = true;
        self.0.condvar.notify_all();
    }
}

pub struct Worker;

impl Worker {
    /// Starts the worker thread. It sends whatever is due at once (mail left
    /// over from before a restart included), then sleeps until notified,
    /// until the next retry is due, or for `options.poll`, whichever is
    /// first.
    pub fn start(pool: Pool, transport: Transport, options: WorkerOptions) -> Result<WorkerHandle, MailError> {
        let shared = Arc::new(Shared::default());
        let thread_shared = Arc::clone(&shared);
        tracing::info!(transport = %transport.describe(), "mail worker starting");
        let thread = std::thread::Builder::new()
            .name("kith-mail".to_owned())
            .spawn(move || run(&pool, &transport, &options, &thread_shared))
            .map_err(MailError::Thread)?;
        Ok(WorkerHandle {
            notifier: Notifier(shared),
            thread: Some(thread),
        })
    }
}

/// Owns the worker thread; dropping it stops the thread.
pub struct WorkerHandle {
    notifier: Notifier,
    thread: Option<JoinHandle<()>>,
}

impl WorkerHandle {
    /// Sends what is due now instead of at the next poll.
    pub fn notify(&self) {
        self.notifier.notify();
    }

    pub fn notifier(&self) -> Notifier {
        self.notifier.clone()
    }

    /// Stops the worker and waits for it. A send in progress finishes first
    /// (at most the SMTP timeout), so its row is marked rather than resent.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        self.notifier.0.lock().stopping = true;
        self.notifier.0.condvar.notify_all();
        if let Some(thread) = self.thread.take() {
            if thread.join().is_err() {
                tracing::error!("mail worker thread panicked");
            }
        }
    }
}

impl Drop for WorkerHandle {
    fn drop(&mut self) {
        self.shut_down();
    }
}

fn run(pool: &Pool, transport: &Transport, options: &WorkerOptions, shared: &Shared) {
    loop {
        if shared.lock().stopping {
            break;
        }
        let pause = round(pool, transport, options);
        if !shared.wait(pause) {
            break;
        }
    }
    tracing::info!("mail worker stopped");
}

/// One round: sends what is due and says how long to sleep. Errors (the
/// database is down, say) are logged and retried at the next poll; the rows
/// stay in the table, so nothing is lost.
fn round(pool: &Pool, transport: &Transport, options: &WorkerOptions) -> Duration {
    let result = pool
        .get()
        .map_err(store::StoreError::from)
        .map_err(MailError::from)
        .and_then(|mut conn| {
            let delivery = deliver_due(&mut conn, transport, options)?;
            if delivery.claimed > 0 && delivery.claimed as i64 >= options.batch_size {
                // A full batch: more may be waiting.
                return Ok(Duration::ZERO);
            }
            let pause = match next_due(&mut conn)? {
                Some(due) => (due - utc_now()).to_std().unwrap_or(Duration::ZERO),
                None => options.poll,
            };
            Ok(pause.min(options.poll))
        });
    match result {
        Ok(pause) => pause.max(MIN_PAUSE),
        Err(e) => {
            tracing::warn!(error = %e, "mail worker could not read the outbox; trying again later");
            options.poll
        }
    }
}
