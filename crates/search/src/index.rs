//! The index on disk and the handle that searches it.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use directory::Reference;
use serde::{Deserialize, Serialize};
use tantivy::collector::Count;
use tantivy::directory::error::LockError;
use tantivy::index::SegmentId;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Schema};
use tantivy::{Index, IndexReader, ReloadPolicy, SegmentReader, TantivyError, Term};

use crate::answers::Answers;
use crate::facets::Catalog;
use crate::fuzzy::Expansions;
use crate::places::Places;
use crate::schema::{self, Fields, SCHEMA_VERSION};
use crate::scored::WordScores;
use crate::synonyms::Synonyms;
use crate::writer::{Command, Writer};
use crate::{analysis, SearchError};

/// Memory for the writer's in-progress segment: large enough that a full
/// rebuild writes few segments, small enough for a 2-core, shared machine.
const WRITER_MEMORY: usize = 50_000_000;

/// Decompressed document-store blocks kept per segment (tantivy keeps
/// 100): each result card is read from one, and with 100,000 listings the
/// default held too few for the cards of a busy site's searches. At 16 KB a
/// block this is at most 8 MB a segment.
const DOC_STORE_BLOCKS: usize = 512;

/// Answers kept by default: a few megabytes, and more different searches
/// than a busy site gets in the ten seconds an answer is kept.
pub const DEFAULT_REMEMBERED_ANSWERS: usize = 500;

/// How to open the index.
#[derive(Debug, Clone)]
pub struct Options {
    /// The folder that holds the index's own folder (`search-v{N}`),
    /// usually Kith's data folder.
    pub dir: PathBuf,
    pub synonyms: Synonyms,
    /// How often the writer looks for changes when nobody calls
    /// [`SearchIndex::notify`]; also how soon other Kith nodes' writes show.
    pub poll_interval: Duration,
    /// Rebuild from the database even when the index is sound (`kith reindex`).
    pub rebuild: bool,
    /// How many recent answers [`SearchIndex::search`] keeps for a search
    /// asked again before the index changes; 0 keeps none.
    pub remembered_answers: usize,
}

impl Options {
    pub fn new(dir: impl Into<PathBuf>) -> Options {
        Options {
            dir: dir.into(),
            synonyms: Synonyms::builtin(),
            poll_interval: Duration::from_millis(250),
            rebuild: false,
            remembered_answers: DEFAULT_REMEMBERED_ANSWERS,
        }
    }
}

/// What the index remembers about itself, in the payload of each commit so
/// that it always agrees with the documents committed with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Meta {
    pub version: u32,
    /// The last change applied; changes after it are still to do.
    pub seq: i32,
    /// When the whole index was last rebuilt: sessions are indexed for a
    /// window from then.
    pub built_at: NaiveDateTime,
}

/// The result of a rebuild.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RebuildStats {
    /// Documents written: published listings, less events that are over.
    pub documents: u64,
    pub seconds: f64,
}

/// What searches and the writer share.
pub(crate) struct Inner {
    pub reader: IndexReader,
    pub fields: Fields,
    pub reference: Reference,
    pub catalog: Catalog,
    pub synonyms: Synonyms,
    /// Terms within a typo of each searched stem, per segment.
    pub expansions: Expansions,
    /// Each segment's positions by latitude, for boxes around a place.
    pub places: Places,
    /// Each searched word's matches and scores, per segment.
    pub scores: WordScores,
    /// Recent answers, for searches asked again.
    pub answers: Answers,
    applied: Mutex<i32>,
    applied_changed: Condvar,
}

/// The segments `searcher` reads, for forgetting what was kept of others.
pub(crate) fn live_segments(searcher: &tantivy::Searcher) -> Vec<SegmentId> {
    searcher
        .segment_readers()
        .iter()
        .map(SegmentReader::segment_id)
        .collect()
}

impl Inner {
    /// Forgets what the caches keep of segments the reader no longer has.
    /// The reader is reloaded only after the writer's commits (its policy
    /// is manual), so this runs there, not on every search.
    pub fn forget_retired(&self) {
        let searcher = self.reader.searcher();
        self.catalog.forget_retired(&searcher);
        self.expansions.forget_retired(&searcher);
        self.places.forget_retired(&searcher);
        self.scores.forget_retired(&searcher);
    }

    pub fn applied(&self) -> i32 {
        *self.applied.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records that changes up to `seq` are searchable, waking waiters.
    pub fn set_applied(&self, seq: i32) {
        *self.applied.lock().unwrap_or_else(PoisonError::into_inner) = seq;
        self.applied_changed.notify_all();
    }
}

/// A handle to search the index; cheap to clone and share between
/// request handlers. Searching blocks (run it off async workers).
#[derive(Clone)]
pub struct SearchIndex {
    pub(crate) inner: Arc<Inner>,
    commands: Sender<Command>,
}

/// The writer thread. It stops when [`Indexer::stop`] is called or the
/// value is dropped; searches keep working on what was committed.
pub struct Indexer {
    commands: Sender<Command>,
    thread: Option<JoinHandle<()>>,
}

impl Indexer {
    /// Stops the writer after the batch in hand and waits for it.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        let _ = self.commands.send(Command::Stop);
        if let Some(thread) = self.thread.take() {
            if thread.join().is_err() {
                tracing::error!("the search index writer panicked");
            }
        }
    }
}

impl Drop for Indexer {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// Removes index folders of other versions: they can never be opened again.
fn remove_other_versions(dir: &Path, current: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let is_index = entry.file_name().to_string_lossy().starts_with("search-v");
        if is_index && path != current && path.is_dir() {
            tracing::info!("removing old search index {}", path.display());
            if let Err(e) = std::fs::remove_dir_all(&path) {
                tracing::warn!("could not remove old search index {}: {e}", path.display());
            }
        }
    }
}

/// Opens a sound index of this version, or says why not.
fn open_existing(path: &Path, schema: &Schema) -> Result<(Index, Meta), String> {
    if !path.join("meta.json").exists() {
        return Err("there is none".into());
    }
    let index = Index::open_in_dir(path).map_err(|e| e.to_string())?;
    if index.schema() != *schema {
        return Err("its fields differ from this version's".into());
    }
    analysis::register(&index);
    let corrupt = index.validate_checksum().map_err(|e| e.to_string())?;
    if !corrupt.is_empty() {
        return Err(format!("{} files are damaged", corrupt.len()));
    }
    let payload = index.load_metas().map_err(|e| e.to_string())?.payload;
    let meta: Meta = serde_json::from_str(payload.as_deref().unwrap_or_default())
        .map_err(|_| "it has no record of what it holds".to_owned())?;
    if meta.version != SCHEMA_VERSION {
        return Err(format!("it is version {}", meta.version));
    }
    // Opening the segments reads every file's header.
    index.reader().map_err(|e| e.to_string())?;
    Ok((index, meta))
}

fn create(path: &Path, schema: Schema) -> Result<Index, SearchError> {
    let folder = |source| SearchError::Folder {
        path: path.to_owned(),
        source,
    };
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(folder(e)),
        _ => {}
    }
    std::fs::create_dir_all(path).map_err(folder)?;
    let index = Index::create_in_dir(path, schema)?;
    analysis::register(&index);
    Ok(index)
}

impl SearchIndex {
    /// Opens the index in `options.dir`, rebuilding it from the database
    /// first when it is missing, of another version, damaged, more than a
    /// day old or `options.rebuild` asks; then catches up with the change
    /// log and starts the writer thread. A rebuild of 100,000 listings
    /// takes some seconds, so call this before serving requests.
    pub fn start(pool: store::Pool, options: Options) -> Result<(SearchIndex, Indexer), SearchError> {
        let path = options.dir.join(format!("search-v{SCHEMA_VERSION}"));
        std::fs::create_dir_all(&options.dir).map_err(|source| SearchError::Folder {
            path: options.dir.clone(),
            source,
        })?;
        remove_other_versions(&options.dir, &path);
        let (schema, fields) = schema::build();
        let (index, meta) = match open_existing(&path, &schema) {
            Ok((index, meta)) => (index, Some(meta)),
            Err(why) => {
                if path.exists() {
                    tracing::warn!("rebuilding the search index in {}: {why}", path.display());
                }
                (create(&path, schema)?, None)
            }
        };
        let writer = index.writer_with_num_threads(1, WRITER_MEMORY).map_err(|e| match e {
            TantivyError::LockFailure(LockError::LockBusy, _) => SearchError::Locked { path: path.clone() },
            other => SearchError::Index(other),
        })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .doc_store_cache_num_blocks(DOC_STORE_BLOCKS)
            .try_into()?;
        let reference = Reference::load(&mut *pool.get().map_err(store::StoreError::from)?)?;
        let inner = Arc::new(Inner {
            catalog: Catalog::new(&reference),
            reader,
            fields,
            reference,
            synonyms: options.synonyms,
            expansions: Expansions::default(),
            places: Places::default(),
            scores: WordScores::default(),
            answers: Answers::new(options.remembered_answers),
            applied: Mutex::new(meta.as_ref().map_or(0, |m| m.seq)),
            applied_changed: Condvar::new(),
        });
        let mut writer = Writer::new(inner.clone(), writer, pool, meta.clone());
        match meta {
            Some(meta) if !options.rebuild && !Writer::is_stale(&meta) => {
                writer.catch_up()?;
            }
            _ => {
                let stats = writer.rebuild()?;
                tracing::info!(
                    "search index built: {} documents in {:.1} s",
                    stats.documents,
                    stats.seconds
                );
            }
        }
        let (commands, receiver) = mpsc::channel();
        let poll = options.poll_interval;
        let thread = std::thread::Builder::new()
            .name("search-writer".into())
            .spawn(move || writer.run(&receiver, poll))
            .map_err(SearchError::Thread)?;
        Ok((
            SearchIndex {
                inner,
                commands: commands.clone(),
            },
            Indexer {
                commands,
                thread: Some(thread),
            },
        ))
    }

    /// Wakes the writer to apply new changes now rather than at its next
    /// poll. Call after committing a write; harmless when nothing changed.
    pub fn notify(&self) {
        let _ = self.commands.send(Command::Notify);
    }

    /// Rebuilds the whole index from the database while searches go on
    /// against the old one, and returns when the new one is searchable.
    pub fn rebuild(&self) -> Result<RebuildStats, SearchError> {
        let (reply, answer) = mpsc::channel();
        self.commands
            .send(Command::Rebuild(reply))
            .map_err(|_| SearchError::Stopped)?;
        answer.recv().map_err(|_| SearchError::Stopped)?
    }

    /// The last change (`store::changes` seq) that searches can see.
    pub fn applied_seq(&self) -> i32 {
        self.inner.applied()
    }

    /// Waits until change `seq` is searchable, or `timeout` passes;
    /// returns whether it is. For tests and for "saved — now searchable".
    pub fn wait_for(&self, seq: i32, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut applied = self.inner.applied.lock().unwrap_or_else(PoisonError::into_inner);
        while *applied < seq {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            applied = self
                .inner
                .applied_changed
                .wait_timeout(applied, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        true
    }

    /// Whether the listing has a document in the searchable index.
    pub fn is_indexed(&self, listing_id: i32) -> Result<bool, SearchError> {
        let id = u64::try_from(listing_id).unwrap_or_default();
        let query = TermQuery::new(Term::from_field_u64(self.inner.fields.id, id), IndexRecordOption::Basic);
        Ok(self.inner.reader.searcher().search(&query, &Count)? > 0)
    }

    /// How many documents are searchable.
    pub fn len(&self) -> u64 {
        self.inner.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
