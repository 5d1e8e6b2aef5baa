//! `kith bench freshness`: how long an edit takes to reach search, from its
//! commit to the first search that finds it. The issue asks for under a
//! second; this measures it, where a test could only time it on whatever
//! else the machine was doing. Nothing here passes or fails.

use std::fmt;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::Utc;
use diesel::prelude::*;
use directory::publishing::Snapshot;
use store::schema::listings;

use crate::{Options, SearchError, SearchIndex, SearchParams};

/// What to measure.
#[derive(Debug, Clone)]
pub struct FreshnessOptions {
    pub database_url: String,
    pub index_dir: PathBuf,
    /// How many edits to time, one after another.
    pub edits: usize,
}

/// Commit-to-searchable times of one way of learning about edits.
#[derive(Debug, Clone)]
pub struct Timing {
    /// "notified": the writer was woken, as `kith serve` does after its
    /// own writes; "polled": it found the edit on its own, as it does for
    /// another node's or process's writes.
    pub how: &'static str,
    pub edits: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// Edits not found within [`GIVE_UP`].
    pub missed: usize,
}

#[derive(Debug, Clone)]
pub struct FreshnessReport {
    pub documents: u64,
    pub timings: Vec<Timing>,
}

/// An edit still unseen after this is counted as missed, not waited for.
const GIVE_UP: Duration = Duration::from_secs(10);

impl fmt::Display for FreshnessReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "edits to published listings, index of {} documents", self.documents)?;
        for t in &self.timings {
            writeln!(
                f,
                "  {:<9} {} edits: commit to searchable p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; {} not seen within {} s",
                t.how,
                t.edits,
                t.p50_ms,
                t.p99_ms,
                t.max_ms,
                t.missed,
                GIVE_UP.as_secs()
            )?;
        }
        Ok(())
    }
}

/// Edits the summary of published listings one at a time, each with a word
/// no other listing has, and times how long until a search for the word
/// finds it: `edits` times with the writer notified, then as many found by
/// its polling. The database needs published listings (`kith demo`).
pub fn run(opts: &FreshnessOptions) -> Result<FreshnessReport, SearchError> {
    let pool = store::open_pool(&opts.database_url, 2)?;
    let mut options = Options::new(&opts.index_dir);
    options.rebuild = true;
    let (index, _indexer) = SearchIndex::start(pool.clone(), options)?;
    let mut conn = pool.get().map_err(store::StoreError::from)?;
    let ids: Vec<i32> = listings::table
        .filter(listings::status.eq("published"))
        .order(listings::id)
        .limit(i64::try_from(opts.edits.max(1)).unwrap_or(i64::MAX))
        .select(listings::id)
        .load(&mut conn)
        .map_err(store::StoreError::from)?;
    let mut timings = Vec::new();
    let mut n = 0;
    for (how, notify) in [("notified", true), ("polled", false)] {
        let mut took = Vec::with_capacity(opts.edits);
        let mut missed = 0;
        for id in ids.iter().cycle().take(opts.edits) {
            n += 1;
            let listing = directory::listing::get(&mut conn, *id)?;
            let mut snapshot = Snapshot::of_listing(&mut conn, &listing)?;
            let word = format!("zqfresh{}", letters(n));
            snapshot.fields.summary = format!("{} {word}", snapshot.fields.summary);
            directory::listing::update(&mut conn, *id, &snapshot.fields, &snapshot.tags, Utc::now().naive_utc())?;
            let committed = Instant::now();
            if notify {
                index.notify();
            }
            let params = SearchParams {
                q: word,
                ..SearchParams::default()
            };
            loop {
                if index.search(&params)?.total > 0 {
                    took.push(committed.elapsed().as_secs_f64() * 1000.0);
                    break;
                }
                if committed.elapsed() > GIVE_UP {
                    missed += 1;
                    break;
                }
                std::thread::sleep(Duration::from_millis(1));
            }
        }
        took.sort_by(f64::total_cmp);
        timings.push(Timing {
            how,
            edits: opts.edits,
            p50_ms: quantile(&took, 0.5),
            p99_ms: quantile(&took, 0.99),
            max_ms: took.last().copied().unwrap_or(0.0),
            missed,
        });
    }
    Ok(FreshnessReport {
        documents: index.len(),
        timings,
    })
}

/// The `q` quantile of sorted `values` (nearest rank), 0 when empty.
fn quantile(values: &[f64], q: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let i = ((values.len() as f64 - 1.0) * q).round() as usize;
    values[i.min(values.len() - 1)]
}

/// `n` in letters (a, b, … z, ba, bb…), since the analyser splits words at
/// digits and a search for a number would not be one word.
fn letters(mut n: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'a' + u8::try_from(n % 26).unwrap_or(0));
        n /= 26;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}
