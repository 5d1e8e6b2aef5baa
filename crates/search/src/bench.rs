//! `kith bench search`: how fast the index is built and answers, next to
//! SQLite FTS5 and PostgreSQL full-text search over the same listings and
//! the same fixed mix of queries. A measurement to record in
//! `docs/PERFORMANCE.md`, not a test: nothing here passes or fails.
//!
//! The SQL engines get the nearest equivalent of each query (words with
//! stemming, a latitude/longitude box for "near", kind and cost filters),
//! but none of the typo tolerance, synonyms, exact radius or distance
//! ranking that every tantivy search here also computes. PostgreSQL runs
//! each query twice: as a page and a total only, and again with counts
//! by kind, cost and borough (three of the eight dimensions tantivy counts
//! for every search), as a results page with filters needs.

use std::fmt;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::Utc;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use directory::{CostKind, Gazetteer, Kind, Reference};
use serde::Serialize;
use store::AnyConnection;

use crate::distance::bounding_box;
use crate::load::{self, BATCH};
use crate::{Options, SearchError, SearchIndex, SearchParams};

/// What to measure.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// The database whose listings are searched; topped up with generated
    /// listings when it has fewer than `listings`.
    pub database_url: String,
    /// Where the index is built (rebuilt from scratch).
    pub index_dir: PathBuf,
    pub listings: usize,
    pub queries: usize,
    /// A PostgreSQL server URL (any database) on which a temporary database
    /// is made for the PostgreSQL comparison; `None` skips it.
    pub postgres_admin_url: Option<String>,
}

/// Query latencies of one kind on one engine.
#[derive(Debug, Clone, Serialize)]
pub struct Latency {
    pub engine: &'static str,
    pub kind: &'static str,
    pub queries: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Average matches (or suggestions) per query, to see that the engines
    /// were asked comparable things.
    pub mean_matches: f64,
    /// The three slowest queries (milliseconds, parameters), to tell a tail
    /// that some queries always have from one spread over many.
    pub slowest: Vec<(f64, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub listings: i64,
    pub generated: usize,
    pub documents: u64,
    pub build_seconds: f64,
    /// Seconds to load the same listings into each SQL engine, with its indexes.
    pub load_seconds: Vec<(&'static str, f64)>,
    pub latencies: Vec<Latency>,
    pub peak_rss_mb: f64,
}

const KINDS: [&str; 4] = ["words", "words + near", "filters + facets", "suggest"];
const ENGINES: [&str; 4] = ["tantivy", "sqlite fts5", "postgres fts", "postgres +counts"];

impl fmt::Display for BenchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} listings ({} generated now), {} documents; index built in {:.1} s; peak RSS {:.0} MB",
            self.listings, self.generated, self.documents, self.build_seconds, self.peak_rss_mb
        )?;
        for (engine, seconds) in &self.load_seconds {
            writeln!(f, "{engine}: loaded and indexed in {seconds:.1} s")?;
        }
        writeln!(
            f,
            "{:<18} {:<17} {:>7} {:>9} {:>9} {:>10} {:>10} {:>9}",
            "query", "engine", "n", "p50 ms", "p99 ms", "p50 ratio", "p99 ratio", "matches"
        )?;
        for kind in KINDS {
            let base = self.latencies.iter().find(|l| l.kind == kind && l.engine == ENGINES[0]);
            for l in self.latencies.iter().filter(|l| l.kind == kind) {
                let ratio = |of: fn(&Latency) -> f64| {
                    base.map_or(String::new(), |b| format!("{:.1}×", of(l) / of(b).max(1e-6)))
                };
                writeln!(
                    f,
                    "{:<18} {:<17} {:>7} {:>9.2} {:>9.2} {:>10} {:>10} {:>9.0}",
                    l.kind,
                    l.engine,
                    l.queries,
                    l.p50_ms,
                    l.p99_ms,
                    ratio(|l| l.p50_ms),
                    ratio(|l| l.p99_ms),
                    l.mean_matches
                )?;
            }
        }
        for l in self.latencies.iter().filter(|l| l.engine == ENGINES[0]) {
            let slowest: Vec<String> = l.slowest.iter().map(|(ms, q)| format!("{ms:.2} ms {q}")).collect();
            writeln!(f, "slowest {} on {}: {}", l.kind, l.engine, slowest.join("; "))?;
        }
        Ok(())
    }
}

/// A small deterministic generator: the same mix of queries every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

const WORDS: &[&str] = &[
    "walking",
    "pottery",
    "garden",
    "allotment",
    "choir",
    "yoga",
    "football",
    "english",
    "coffee",
    "lunch",
    "book",
    "chess",
    "swimming",
    "art",
    "painting",
    "dance",
    "cooking",
    "computer",
    "carers",
    "bereavement",
    "volunteering",
    "knitting",
    "photography",
    "music",
    "cycling",
    "running",
    "history",
    "meditation",
    "quiz",
    "club",
    "group",
    "support",
    "family",
    "community",
    "friendship",
];
const DISTRICTS: &[&str] = &[
    "SW9", "SE11", "E8", "N1", "NW5", "W12", "SE15", "E17", "N16", "SW2", "CR0", "HA0", "TW3", "BR1", "UB3", "EN1",
    "IG1", "RM1", "KT1", "SM1",
];

/// One query of the mix, as each engine runs it.
struct Query {
    kind: usize,
    /// Its parameters as a query string, to name it in the report.
    label: String,
    words: String,
    params: SearchParams,
    /// (south, north, west, east)
    near: Option<(f64, f64, f64, f64)>,
    kind_filter: Option<Kind>,
    free: bool,
}

fn mix(n: usize, gazetteer: &Gazetteer, reference: &Reference) -> Result<Vec<Query>, SearchError> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let tops: Vec<&str> = reference.top_interests().map(|i| i.slug.as_str()).collect();
    let today = Utc::now().date_naive();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        // 40% words, 25% words near a place, 20% filters, 15% suggestions.
        let kind = match i % 20 {
            0..=7 => 0,
            8..=12 => 1,
            13..=16 => 2,
            _ => 3,
        };
        let count = 1 + rng.next() % 2;
        let words: Vec<&str> = (0..count).map(|_| *rng.pick(WORDS)).collect();
        let mut words = words.join(" ");
        let mut pairs: Vec<(String, String)> = vec![];
        let (mut kind_filter, mut free) = (None, false);
        match kind {
            1 => pairs.push(("near".into(), (*rng.pick(DISTRICTS)).into())),
            2 => {
                if rng.next().is_multiple_of(2) {
                    words.clear();
                }
                pairs.push(("interest".into(), (*rng.pick(&tops)).into()));
                kind_filter = Some(*rng.pick(&[Kind::Group, Kind::Event]));
                pairs.push(("kind".into(), kind_filter.map(Kind::code).unwrap_or_default().into()));
                free = rng.next().is_multiple_of(2);
                pairs.push(("free".into(), free.to_string()));
                pairs.push(("day".into(), (*rng.pick(&["sat,sun", "mon", "wed,thu"])).into()));
            }
            3 => {
                let word = *rng.pick(WORDS);
                words = word[..word.len().min(3 + (rng.next() % 3) as usize)].to_owned();
            }
            _ => {}
        }
        pairs.push(("q".into(), words.clone()));
        let label = pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&");
        let params = SearchParams::parse(&pairs, gazetteer, reference, today)
            .map_err(|e| SearchError::Bench(format!("query {i}: {e}")))?;
        let near = params
            .near
            .as_ref()
            .map(|n| bounding_box((n.latitude, n.longitude), n.radius_miles));
        out.push(Query {
            kind,
            label,
            words,
            params,
            near,
            kind_filter,
            free,
        });
    }
    Ok(out)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// Times `run` over every query, by kind.
fn measure(
    engine: &'static str,
    queries: &[Query],
    mut run: impl FnMut(&Query) -> Result<u64, SearchError>,
) -> Result<Vec<Latency>, SearchError> {
    let mut times: Vec<Vec<(Duration, &str)>> = vec![vec![]; KINDS.len()];
    let mut matches = [0u64; KINDS.len()];
    // Once through untimed first, as a running server would have been:
    // what is worked out once and kept (each segment's sorted positions
    // and facet values, a word's typo expansions, the engines' own caches
    // and query plans) is then not counted as if every search paid it.
    for q in queries {
        run(q)?;
    }
    for q in queries {
        let started = Instant::now();
        matches[q.kind] += run(q)?;
        times[q.kind].push((started.elapsed(), q.label.as_str()));
    }
    Ok(times
        .into_iter()
        .zip(matches)
        .enumerate()
        .map(|(kind, (mut timed, matches))| {
            timed.sort();
            let t: Vec<Duration> = timed.iter().map(|(d, _)| *d).collect();
            Latency {
                slowest: timed
                    .iter()
                    .rev()
                    .take(3)
                    .map(|(d, label)| (d.as_secs_f64() * 1000.0, (*label).to_owned()))
                    .collect(),
                engine,
                kind: KINDS[kind],
                queries: t.len(),
                p50_ms: percentile(&t, 0.5),
                p99_ms: percentile(&t, 0.99),
                mean_matches: matches as f64 / t.len().max(1) as f64,
            }
        })
        .collect())
}

/// Peak resident memory of this process so far, from `/proc`.
fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Text as an SQL string literal, for bulk inserts of our own listings.
fn literal(s: &str) -> String {
    format!("'{}'", s.replace('\0', "").replace('\'', "''"))
}

/// The words of a query for the SQL engines: each word quoted, all required.
fn fts5_match(words: &str, prefix: bool) -> String {
    let quoted: Vec<String> = words
        .split_whitespace()
        .map(|w| format!("\"{}\"", w.replace('"', "")))
        .collect();
    let mut text = quoted.join(" ");
    if prefix {
        text.push('*');
    }
    text
}

#[derive(QueryableByName)]
struct Total {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Copies every published listing into `docs(id, kind, free, borough, lat,
/// lon, name, summary, description, interests)` on an SQL engine, in batches.
fn copy_listings(
    source: &mut AnyConnection,
    target: &mut AnyConnection,
    reference: &Reference,
    table: &str,
) -> Result<(), SearchError> {
    let now = Utc::now().naive_utc();
    let mut after = 0;
    loop {
        let rows = load::published_after(source, after, BATCH)?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        let full = rows.len() == BATCH;
        let values: Vec<String> = load::records(source, rows, now)?
            .iter()
            .map(|r| {
                let l = &r.listing;
                let (lat, lon) = l
                    .latitude
                    .zip(l.longitude)
                    .or_else(|| r.venue.as_ref().and_then(|v| v.latitude.zip(v.longitude)))
                    .unwrap_or((0.0, 0.0));
                let interests: Vec<&str> = r
                    .interests
                    .iter()
                    .filter_map(|&id| reference.interest(id))
                    .map(|i| i.name.as_str())
                    .collect();
                format!(
                    "({}, {}, {}, {}, {lat}, {lon}, {}, {}, {}, {})",
                    l.id,
                    literal(l.kind.code()),
                    i32::from(l.cost_kind == CostKind::Free),
                    l.borough_id.unwrap_or_default(),
                    literal(&l.name),
                    literal(&l.summary),
                    literal(&l.description),
                    literal(&interests.join(", "))
                )
            })
            .collect();
        for chunk in values.chunks(500) {
            target.batch_execute(&format!(
                "INSERT INTO {table} (id, kind, free, borough, lat, lon, name, summary, description, interests) VALUES {}",
                chunk.join(",")
            ))?;
        }
        if !full {
            break;
        }
    }
    Ok(())
}

/// Runs one SQL engine's version of a query: a page of ids in `order`,
/// and the number of matches; with `counts` (PostgreSQL only), also the
/// matches by kind, by cost and by borough, in one grouping-sets query.
fn run_sql(
    conn: &mut AnyConnection,
    base: &str,
    order: &str,
    q: &Query,
    words: &str,
    counts: bool,
) -> Result<u64, SearchError> {
    let mut sql = base.to_owned();
    if let Some((s, n, w, e)) = q.near {
        sql.push_str(&format!(" AND lat BETWEEN {s} AND {n} AND lon BETWEEN {w} AND {e}"));
    }
    if let Some(k) = q.kind_filter {
        sql.push_str(&format!(" AND kind = '{}'", k.code()));
    }
    if q.free {
        sql.push_str(" AND free = 1");
    }
    diesel::sql_query(format!("{sql} ORDER BY {order} LIMIT 20"))
        .bind::<Text, _>(words)
        .execute(conn)?;
    let total = diesel::sql_query(format!("SELECT COUNT(*) AS n FROM ({sql}) x"))
        .bind::<Text, _>(words)
        .get_result::<Total>(conn)?;
    if counts {
        diesel::sql_query(format!(
            "SELECT kind, free, borough, COUNT(*) AS n FROM ({sql}) x GROUP BY GROUPING SETS ((kind), (free), (borough))"
        ))
        .bind::<Text, _>(words)
        .execute(conn)?;
    }
    Ok(u64::try_from(total.n).unwrap_or_default())
}

/// Loads listings if needed, builds the index, and times the query mix on
/// tantivy, SQLite FTS5 and (with a server) PostgreSQL.
pub fn run(opts: &BenchOptions) -> Result<BenchReport, SearchError> {
    let pool = store::open_pool(&opts.database_url, 2)?;
    let mut conn = pool.get().map_err(store::StoreError::from)?;
    let reference = Reference::load(&mut conn)?;
    let have = directory::listing::count_listings(&mut conn)?;
    let missing = usize::try_from(i64::try_from(opts.listings).unwrap_or(i64::MAX) - have).unwrap_or(0);
    if missing > 0 {
        directory::demo::load_scale(&mut conn, &reference, missing, Utc::now().naive_utc())?;
    }
    let listings = directory::listing::count_listings(&mut conn)?;

    let started = Instant::now();
    let mut options = Options::new(&opts.index_dir);
    options.rebuild = true;
    // Every query is worked out, even one the mix happens to repeat.
    options.remembered_answers = 0;
    let (index, indexer) = SearchIndex::start(pool.clone(), options)?;
    let build_seconds = started.elapsed().as_secs_f64();
    let documents = index.len();

    let queries = mix(opts.queries, Gazetteer::london(), &reference)?;
    let mut latencies = measure(ENGINES[0], &queries, |q| {
        if q.kind == 3 {
            Ok(index.suggest(&q.words, 8)?.len() as u64)
        } else {
            Ok(index.search_at(&q.params, Utc::now().naive_utc())?.total)
        }
    })?;
    indexer.stop();
    let mut load_seconds = vec![];

    // SQLite FTS5 with the Porter stemmer, in a temporary file.
    let folder = tempfile::tempdir().map_err(|e| SearchError::Bench(e.to_string()))?;
    let mut lite = store::connect(&format!("sqlite://{}", folder.path().join("fts.db").display()))?;
    let started = Instant::now();
    lite.batch_execute(
        "CREATE TABLE meta (id INTEGER PRIMARY KEY, kind TEXT, free INTEGER, borough INTEGER, lat REAL, lon REAL);
         CREATE VIRTUAL TABLE docs USING fts5(name, summary, description, interests, tokenize = 'porter unicode61');
         CREATE TEMP VIEW staging AS SELECT 0 AS id, '' AS kind, 0 AS free, 0 AS borough, 0.0 AS lat, 0.0 AS lon,
           '' AS name, '' AS summary, '' AS description, '' AS interests;
         CREATE TEMP TRIGGER staging_insert INSTEAD OF INSERT ON staging BEGIN
           INSERT INTO meta VALUES (NEW.id, NEW.kind, NEW.free, NEW.borough, NEW.lat, NEW.lon);
           INSERT INTO docs (rowid, name, summary, description, interests)
             VALUES (NEW.id, NEW.name, NEW.summary, NEW.description, NEW.interests);
         END;
         BEGIN;",
    )?;
    copy_listings(&mut conn, &mut lite, &reference, "staging")?;
    lite.batch_execute("COMMIT; CREATE INDEX meta_position ON meta (lat, lon);")?;
    load_seconds.push((ENGINES[1], started.elapsed().as_secs_f64()));
    let search_sql = "SELECT m.id, bm25(docs, 10.0, 2.0, 1.0, 3.0) AS rank FROM docs JOIN meta m ON m.id = docs.rowid \
                      WHERE docs MATCH ?";
    let browse_sql = "SELECT id, 0 AS rank FROM meta WHERE ? = ''";
    latencies.extend(measure(ENGINES[1], &queries, |q| {
        let (sql, words) = match (q.kind, q.words.is_empty()) {
            (_, true) => (browse_sql, String::new()),
            (3, _) => (search_sql, fts5_match(&q.words, true)),
            _ => (search_sql, fts5_match(&q.words, false)),
        };
        run_sql(&mut lite, sql, "rank, id", q, &words, false)
    })?);
    drop(lite);

    if let Some(admin) = &opts.postgres_admin_url {
        let name = format!("kith_bench_{}", std::process::id());
        let mut server = store::connect(admin)?;
        // One statement per call: PostgreSQL runs a batch in one transaction,
        // which these statements refuse.
        server.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))?;
        server.batch_execute(&format!("CREATE DATABASE {name}"))?;
        let url = match admin.rsplit_once('/') {
            Some((base, _)) => format!("{base}/{name}"),
            None => return Err(SearchError::Bench(format!("{admin} names no database"))),
        };
        let outcome = (|| -> Result<(), SearchError> {
            let mut pg = store::connect(&url)?;
            let started = Instant::now();
            pg.batch_execute(
                "CREATE TABLE docs (id INTEGER PRIMARY KEY, kind TEXT, free INTEGER, borough INTEGER, lat DOUBLE PRECISION,
                   lon DOUBLE PRECISION, name TEXT, summary TEXT, description TEXT, interests TEXT,
                   tsv tsvector GENERATED ALWAYS AS (
                     setweight(to_tsvector('english', name), 'A') ||
                     setweight(to_tsvector('english', interests), 'B') ||
                     setweight(to_tsvector('english', summary), 'C') ||
                     setweight(to_tsvector('english', description), 'D')) STORED)",
            )?;
            copy_listings(&mut conn, &mut pg, &reference, "docs")?;
            pg.batch_execute("CREATE INDEX docs_tsv ON docs USING GIN (tsv); CREATE INDEX docs_position ON docs (lat, lon); ANALYZE docs;")?;
            load_seconds.push((ENGINES[2], started.elapsed().as_secs_f64()));
            let search_sql = "SELECT id, kind, free, borough, ts_rank(tsv, query) AS rank FROM docs, to_tsquery('english', $1) query \
                              WHERE tsv @@ query";
            let browse_sql = "SELECT id, kind, free, borough, 0 AS rank FROM docs WHERE $1 = ''";
            let sql_for = |q: &Query| {
                let words: Vec<String> = q
                    .words
                    .split_whitespace()
                    .map(|w| w.replace(['\'', ':', '&', '|', '!', '(', ')'], ""))
                    .collect();
                match (q.kind, words.is_empty()) {
                    (_, true) => (browse_sql, String::new()),
                    (3, _) => (search_sql, format!("{}:*", words.join(" & "))),
                    _ => (search_sql, words.join(" & ")),
                }
            };
            latencies.extend(measure(ENGINES[2], &queries, |q| {
                let (sql, words) = sql_for(q);
                run_sql(&mut pg, sql, "rank DESC, id", q, &words, false)
            })?);
            // The same, also counting what a results page shows counts
            // of; tantivy counts eight dimensions, this three.
            latencies.extend(measure(ENGINES[3], &queries, |q| {
                let (sql, words) = sql_for(q);
                run_sql(&mut pg, sql, "rank DESC, id", q, &words, q.kind != 3)
            })?);
            Ok(())
        })();
        let _ = server.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        outcome?;
    }
    Ok(BenchReport {
        listings,
        generated: missing,
        documents,
        build_seconds,
        load_seconds,
        latencies,
        peak_rss_mb: peak_rss_mb(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(literal("St Mark's\0"), "'St Mark''s'");
        assert_eq!(fts5_match("pottery \"club", false), "\"pottery\" \"club\"");
        assert_eq!(fts5_match("allot", true), "\"allot\"*");
        let t: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&t, 0.5), 51.0);
        assert_eq!(percentile(&t, 0.99), 99.0);
        assert!(peak_rss_mb() > 1.0);
    }
}
