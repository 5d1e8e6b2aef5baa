//! What every handler can reach: the pool, the reference data, and short
//! caches for figures that many pages show and that may be a minute old.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use directory::listing::WhatsOn;
use directory::{DirectoryError, Reference};
use store::{AnyConnection, Pool};

use crate::error::WebError;

/// How long counts and highlights may be reused. Listing pages themselves
/// are always read fresh.
const CACHE_FOR: Duration = Duration::from_secs(30);

pub struct AppState {
    pub pool: Pool,
    pub reference: Arc<Reference>,
    counts: Cached<Counts>,
    week: Cached<Vec<WhatsOn>>,
}

/// Published listings per interest and per borough.
pub struct Counts {
    pub interests: HashMap<i32, i64>,
    pub boroughs: HashMap<i32, i64>,
}

struct Cached<T> {
    slot: Mutex<Option<(Instant, Arc<T>)>>,
}

impl<T> Cached<T> {
    fn new() -> Self {
        Cached { slot: Mutex::new(None) }
    }

    fn get(&self) -> Option<Arc<T>> {
        let slot = self.slot.lock().ok()?;
        slot.as_ref()
            .filter(|(at, _)| at.elapsed() < CACHE_FOR)
            .map(|(_, v)| v.clone())
    }

    fn put(&self, value: T) -> Arc<T> {
        let value = Arc::new(value);
        if let Ok(mut slot) = self.slot.lock() {
            *slot = Some((Instant::now(), value.clone()));
        }
        value
    }
}

pub fn now() -> NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

impl AppState {
    pub fn new(pool: Pool, reference: Reference) -> AppState {
        AppState {
            pool,
            reference: Arc::new(reference),
            counts: Cached::new(),
            week: Cached::new(),
        }
    }

    /// Runs database work on the blocking pool, off the async workers.
    pub async fn db<T, F>(&self, work: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&mut AnyConnection) -> Result<T, DirectoryError> + Send + 'static,
    {
        let pool = self.pool.clone();
        let result = actix_web::web::block(move || -> Result<T, WebError> {
            let mut conn = pool.get().map_err(store::StoreError::from)?;
            Ok(work(&mut conn)?)
        })
        .await?;
        result
    }

    pub async fn counts(&self) -> Result<Arc<Counts>, WebError> {
        if let Some(c) = self.counts.get() {
            return Ok(c);
        }
        let counts = self
            .db(|conn| {
                let t = now();
                Ok(Counts {
                    interests: directory::listing::interest_counts(conn, t)?,
                    boroughs: directory::listing::borough_counts(conn, t)?,
                })
            })
            .await?;
        Ok(self.counts.put(counts))
    }

    /// Event sessions in the next seven days, for the home page.
    pub async fn this_week(&self) -> Result<Arc<Vec<WhatsOn>>, WebError> {
        if let Some(w) = self.week.get() {
            return Ok(w);
        }
        let week = self
            .db(|conn| {
                let t = now();
                directory::listing::whats_on(conn, t, t + chrono::Duration::days(7))
            })
            .await?;
        Ok(self.week.put(week))
    }
}
