//! The one thread that writes the index. It follows the change log: each
//! change names a listing, and applying it means reading that listing again
//! (with the listings that name it as organisation or venue) and replacing
//! its document — so applying a change twice is harmless.

use std::collections::BTreeSet;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use directory::listing::CHANGE_ENTITY;
use store::changes;
use tantivy::{IndexWriter, Term};

use crate::index::{Inner, Meta, RebuildStats};
use crate::load::{self, BATCH};
use crate::schema::SCHEMA_VERSION;
use crate::{document, SearchError};

/// How many sequence numbers back each catch-up looks again. PostgreSQL
/// hands out sequence numbers when rows are inserted but transactions
/// commit in their own order, so a change can appear after later ones
/// were applied; it will still be within this window.
const WINDOW: i32 = 256;
/// Changes read per round.
const LIMIT: i64 = 2000;
/// The whole index is rebuilt this often, so indexed sessions, and the
/// end of events, follow the calendar.
const REFRESH_HOURS: i64 = 24;

pub(crate) enum Command {
    Notify,
    Rebuild(Sender<Result<RebuildStats, SearchError>>),
    Stop,
}

pub(crate) struct Writer {
    inner: Arc<Inner>,
    writer: IndexWriter,
    pool: store::Pool,
    meta: Meta,
    /// Sequence numbers within the window that are already applied.
    seen: BTreeSet<i32>,
}

fn now() -> NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

impl Writer {
    pub fn new(inner: Arc<Inner>, writer: IndexWriter, pool: store::Pool, meta: Option<Meta>) -> Writer {
        Writer {
            inner,
            writer,
            pool,
            meta: meta.unwrap_or(Meta {
                version: SCHEMA_VERSION,
                seq: 0,
                built_at: NaiveDateTime::MIN,
            }),
            seen: BTreeSet::new(),
        }
    }

    pub fn is_stale(meta: &Meta) -> bool {
        now().signed_duration_since(meta.built_at) >= chrono::Duration::hours(REFRESH_HOURS)
    }

    fn conn(&self) -> Result<store::PooledConnection, SearchError> {
        Ok(self.pool.get().map_err(store::StoreError::from)?)
    }

    /// Commits with the new meta, then makes the commit searchable.
    fn commit(&mut self, meta: Meta) -> Result<(), SearchError> {
        let payload = serde_json::to_string(&meta).unwrap_or_default();
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        self.inner.reader.reload()?;
        self.inner.forget_retired();
        self.meta = meta;
        self.inner.set_applied(self.meta.seq);
        Ok(())
    }

    /// Replaces every document with ones freshly read from the database.
    /// Searches see the old index until the single commit at the end.
    pub fn rebuild(&mut self) -> Result<RebuildStats, SearchError> {
        let started = Instant::now();
        let result = self.write_everything();
        match result {
            Ok((documents, seq, built_at)) => {
                self.seen.clear();
                self.commit(Meta {
                    version: SCHEMA_VERSION,
                    seq,
                    built_at,
                })?;
                Ok(RebuildStats {
                    documents,
                    seconds: started.elapsed().as_secs_f64(),
                })
            }
            Err(e) => {
                self.writer.rollback()?;
                Err(e)
            }
        }
    }

    fn write_everything(&mut self) -> Result<(u64, i32, NaiveDateTime), SearchError> {
        let mut conn = self.conn()?;
        let now = now();
        // Read first: changes made while loading are applied again later.
        let seq = changes::latest(&mut conn)?;
        self.writer.delete_all_documents()?;
        let mut documents = 0;
        let mut after = 0;
        loop {
            let rows = load::published_after(&mut conn, after, BATCH)?;
            let Some(last) = rows.last() else { break };
            after = last.id;
            let full = rows.len() == BATCH;
            for record in load::records(&mut conn, rows, now)? {
                if let Some(doc) = document::build(&record, &self.inner.fields, &self.inner.reference, now) {
                    self.writer.add_document(doc)?;
                    documents += 1;
                }
            }
            if !full {
                break;
            }
        }
        Ok((documents, seq, now))
    }

    /// Applies every change not yet applied, committing once per round.
    pub fn catch_up(&mut self) -> Result<(), SearchError> {
        loop {
            let mut conn = self.conn()?;
            let from = self.meta.seq.saturating_sub(WINDOW).max(0);
            let read = changes::since(&mut conn, from, LIMIT)?;
            let fresh: Vec<&changes::Change> = read.iter().filter(|c| !self.seen.contains(&c.seq)).collect();
            if fresh.is_empty() {
                return Ok(());
            }
            let mut ids: Vec<i32> = fresh
                .iter()
                .filter(|c| c.entity == CHANGE_ENTITY)
                .map(|c| c.entity_id)
                .collect();
            ids.sort_unstable();
            ids.dedup();
            let referencing = load::referencing(&mut conn, &ids)?;
            ids.extend(referencing);
            ids.sort_unstable();
            ids.dedup();
            let now = now();
            for chunk in ids.chunks(BATCH) {
                for &id in chunk {
                    let id = u64::try_from(id).unwrap_or_default();
                    self.writer.delete_term(Term::from_field_u64(self.inner.fields.id, id));
                }
                let rows = load::published_among(&mut conn, chunk)?;
                for record in load::records(&mut conn, rows, now)? {
                    if let Some(doc) = document::build(&record, &self.inner.fields, &self.inner.reference, now) {
                        self.writer.add_document(doc)?;
                    }
                }
            }
            let newest = fresh
                .iter()
                .map(|c| c.seq)
                .max()
                .unwrap_or(self.meta.seq)
                .max(self.meta.seq);
            self.seen.extend(fresh.iter().map(|c| c.seq));
            let floor = newest.saturating_sub(WINDOW);
            self.seen = self.seen.split_off(&floor);
            let meta = Meta {
                seq: newest,
                ..self.meta.clone()
            };
            if let Err(e) = self.commit(meta) {
                self.writer.rollback()?;
                return Err(e);
            }
            if i64::try_from(read.len()).unwrap_or(i64::MAX) < LIMIT {
                return Ok(());
            }
        }
    }

    /// The thread's loop: wait for a nudge or the poll interval, then
    /// catch up; rebuild daily or when asked; stop when told or when every
    /// handle is gone.
    pub fn run(mut self, commands: &Receiver<Command>, poll: Duration) {
        loop {
            match commands.recv_timeout(poll) {
                Ok(Command::Notify) | Err(RecvTimeoutError::Timeout) => {}
                Ok(Command::Rebuild(reply)) => {
                    let _ = reply.send(self.rebuild());
                    continue;
                }
                Ok(Command::Stop) | Err(RecvTimeoutError::Disconnected) => break,
            }
            let outcome = if Writer::is_stale(&self.meta) {
                self.rebuild().map(|_| ())
            } else {
                self.catch_up()
            };
            if let Err(e) = outcome {
                // The database may be restarting; the next poll tries again.
                tracing::warn!("search index update failed: {e}");
            }
        }
        if let Err(e) = self.writer.wait_merging_threads() {
            tracing::warn!("search index writer did not close cleanly: {e}");
        }
    }
}
