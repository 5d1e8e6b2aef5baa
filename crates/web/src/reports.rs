//! The impact report outside a request: the CSV that `kith report` prints
//! (the same as `/team/reports.csv`), and `kith bench report`, which times
//! the report's figures and page over a generated year on both databases.

use std::fmt;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{Duration as Days, NaiveDate, NaiveDateTime};
use referral::report::{Figures, Period};
use store::diesel::connection::SimpleConnection;
use store::AnyConnection;

use crate::pages::team::reports::{body, read};

/// The report as CSV, as the page's download gives it.
pub fn csv(figures: &Figures) -> String {
    crate::pages::team::reports::csv(figures)
}

/// What `kith bench report` generates and how often it times the report.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// Where the temporary SQLite database goes (removed afterwards).
    pub folder: PathBuf,
    /// A PostgreSQL server to run on too (a temporary database is made on it).
    pub postgres_admin_url: Option<String>,
    pub people: usize,
    pub contacts: usize,
    /// Timed runs, after three untimed ones.
    pub runs: usize,
}

/// The timings on one database.
#[derive(Debug, Clone)]
pub struct Timing {
    pub database: &'static str,
    pub load_seconds: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

/// How many rows each table got.
pub type RowCounts = Vec<(&'static str, usize)>;

#[derive(Debug, Clone)]
pub struct BenchReport {
    pub people: usize,
    pub contacts: usize,
    pub runs: usize,
    pub rows: RowCounts,
    pub timings: Vec<Timing>,
}

impl fmt::Display for BenchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Impact report for one year: {} people, {} contacts; {} timed runs of figures + page after 3 warm-up runs",
            self.people, self.contacts, self.runs
        )?;
        let rows: Vec<String> = self.rows.iter().map(|(t, n)| format!("{t} {n}")).collect();
        writeln!(f, "Rows: {}", rows.join(", "))?;
        writeln!(
            f,
            "{:<12} {:>10} {:>8} {:>8} {:>8}",
            "database", "load s", "p50 ms", "p99 ms", "max ms"
        )?;
        for t in &self.timings {
            writeln!(
                f,
                "{:<12} {:>10.1} {:>8.1} {:>8.1} {:>8.1}",
                t.database, t.load_seconds, t.p50_ms, t.p99_ms, t.max_ms
            )?;
        }
        Ok(())
    }
}

/// What can stop the benchmark.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error(transparent)]
    Query(#[from] store::diesel::result::Error),
    #[error(transparent)]
    Referral(#[from] referral::ReferralError),
    #[error(transparent)]
    Directory(#[from] directory::DirectoryError),
    #[error("{0}")]
    Setup(String),
}

impl crate::state::Journey for BenchError {
    fn commits_anyway(&self) -> bool {
        false
    }
    fn is_busy(&self) -> bool {
        false
    }
}

/// A small deterministic generator, so every run builds the same data.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// The year the data covers, and the report asks for.
fn year() -> Period {
    Period {
        from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
        to: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap_or_default(),
    }
}

fn at(day: NaiveDate, minutes: u64) -> String {
    let t: NaiveDateTime = day.and_time(chrono::NaiveTime::MIN) + Days::minutes(i64::try_from(minutes).unwrap_or(0));
    t.format("'%Y-%m-%d %H:%M:%S'").to_string()
}

fn date(day: NaiveDate) -> String {
    day.format("'%Y-%m-%d'").to_string()
}

/// Inserts `rows` (each a parenthesised list of literals made here from
/// numbers and dates, never from input) a few hundred at a time.
fn insert(conn: &mut AnyConnection, table: &str, columns: &str, rows: &[String]) -> Result<(), BenchError> {
    for chunk in rows.chunks(500) {
        conn.batch_execute(&format!("INSERT INTO {table} ({columns}) VALUES {}", chunk.join(",")))?;
    }
    Ok(())
}

/// Generates a year: `people` programmes (plus a fifth as many referrals
/// that never started), `contacts` contacts spread over them, SWEMWBS at
/// the start and (for those who finished) the end, three steps each,
/// network maps at the start and the end, and follow-ups for most of
/// those who completed. Returns each table's row count.
fn generate(conn: &mut AnyConnection, people: usize, contacts: usize) -> Result<RowCounts, BenchError> {
    let year = year();
    let listing_ids: Vec<i32> = {
        use store::diesel::prelude::*;
        use store::schema::listings;
        listings::table.select(listings::id).load(conn)?
    };
    conn.batch_execute(
        "INSERT INTO referral_services (id, name, programme_weeks, programme_sessions, created_at) VALUES \
         (1, 'Community connecting', 12, NULL, '2025-01-01 00:00:00'), (2, 'Walking buddies', NULL, 8, '2025-01-01 00:00:00')",
    )?;
    let mut rng = Random(0x9E37_79B9_7F4A_7C15);
    let never_started = people / 5;
    let total = people + never_started;
    let days_in_year = (year.to - year.from).num_days() as u64 + 1;
    let outcomes = [
        "completed",
        "completed",
        "completed",
        "disengaged",
        "referred_elsewhere",
    ];
    let (mut referrals, mut measures, mut goals, mut steps, mut network, mut follow_ups) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    // (id, start day, last day) of each started programme, for contacts.
    let mut programmes: Vec<(usize, NaiveDate, NaiveDate)> = Vec::new();
    let activities = referral::goals::Activity::ALL;
    for id in 1..=total {
        // Some arrived in the autumn before the year, so the year starts
        // with programmes under way.
        let created = year.from - Days::days(90) + Days::days(rng.below(days_in_year + 60) as i64);
        let created_minutes = 8 * 60 + rng.below(9 * 60);
        let kind = if rng.chance(55) { "self" } else { "professional" };
        let service = if rng.chance(70) { "1" } else { "2" };
        let contact_day = created + Days::days(1 + rng.below(6) as i64);
        let first_contact = at(contact_day, 9 * 60 + rng.below(8 * 60));
        let started = id <= people;
        let (status, start, closed, outcome) = if started {
            let start = contact_day + Days::days(7 + rng.below(21) as i64);
            let end = start + Days::days(60 + rng.below(40) as i64);
            programmes.push((id, start, end.min(year.to)));
            if end <= year.to {
                ("closed", Some(start), Some(end), Some(outcomes[rng.below(5) as usize]))
            } else {
                ("active", Some(start), None, None)
            }
        } else if rng.chance(50) {
            ("closed", None, Some(contact_day), Some("not_suitable"))
        } else {
            ("new", None, None, None)
        };
        let t = |d: Option<NaiveDate>| d.map_or_else(|| "NULL".to_owned(), |d| at(d, 10 * 60));
        referrals.push(format!(
            "({id}, 'KB-{id:06}', 'bench-{id}', '{kind}', '{status}', 'v1', {c}, TRUE, FALSE, FALSE, {fc}, '', {service}, {s}, 0, {cl}, {o}, '', '', {c}, {c})",
            c = at(created, created_minutes),
            fc = if status == "new" { "NULL".to_owned() } else { first_contact },
            s = t(start),
            cl = t(closed),
            o = outcome.map_or_else(|| "NULL".to_owned(), |o| format!("'{o}'")),
        ));
        let (Some(start), true) = (start, started) else {
            continue;
        };
        let raw = 12 + rng.below(14);
        measures.push(format!(
            "({id}, 'swemwbs', 'start', {}, '', {raw}, {})",
            date(start),
            at(start, 600)
        ));
        measures.push(format!(
            "({id}, 'ucla3', 'start', {}, '', {}, {})",
            date(start),
            5 + rng.below(5),
            at(start, 600)
        ));
        if let Some(end) = closed {
            let later = (raw + rng.below(9)).saturating_sub(2).clamp(7, 35);
            measures.push(format!(
                "({id}, 'swemwbs', 'end', {}, '', {later}, {})",
                date(end),
                at(end, 600)
            ));
        }
        goals.push(format!("({id}, {id}, 'A goal', {})", at(start, 600)));
        for _ in 0..3 {
            let status = ["planned", "tried", "regular", "stopped"][rng.below(4) as usize];
            let activity = activities[rng.below(activities.len() as u64) as usize].code();
            let listing = if rng.chance(70) && !listing_ids.is_empty() {
                listing_ids[rng.below(listing_ids.len() as u64) as usize].to_string()
            } else {
                "NULL".to_owned()
            };
            steps.push(format!(
                "({id}, {id}, 'A step', NULL, {listing}, '{activity}', '{status}', '', {t}, {t})",
                t = at(start, 600)
            ));
        }
        for n in 0..(3 + rng.below(5)) {
            network.push(format!(
                "({id}, 'start', 'P{n}', 'friend', {}, FALSE, {})",
                1 + rng.below(3),
                at(start, 600)
            ));
        }
        if let Some(end) = closed {
            for n in 0..(3 + rng.below(6)) {
                let new = if rng.chance(25) { "TRUE" } else { "FALSE" };
                network.push(format!(
                    "({id}, 'end', 'P{n}', 'friend', {}, {new}, {})",
                    1 + rng.below(3),
                    at(end, 600)
                ));
            }
            if outcome == Some("completed") && rng.chance(60) {
                let answered = end + Days::days(91);
                let answer = |rng: &mut Random| (1 + rng.below(5)).to_string();
                follow_ups.push(format!(
                    "({id}, 'phone', {a}, {}, {}, {}, {}, '', {a}, {a})",
                    answer(&mut rng),
                    answer(&mut rng),
                    answer(&mut rng),
                    if rng.chance(65) { "TRUE" } else { "FALSE" },
                    a = at(answered, 600)
                ));
            }
        }
    }
    // Contacts: each programme gets its share, more at the start.
    let mut contact_rows = Vec::with_capacity(contacts);
    let modes = ["face_to_face", "phone", "text", "email", "video", "accompanied"];
    for i in 0..if programmes.is_empty() { 0 } else { contacts } {
        let (id, start, last) = programmes[i % programmes.len()];
        let span = (last - start).num_days().max(0) as u64 + 1;
        let day = start + Days::days((rng.below(span) * rng.below(span) / span) as i64);
        let mode = modes[rng.below(modes.len() as u64) as usize];
        let minutes = match mode {
            "face_to_face" | "accompanied" => 30 + rng.below(90),
            "phone" | "video" => 10 + rng.below(30),
            _ => 2 + rng.below(5),
        };
        contact_rows.push(format!(
            "({id}, {}, '{mode}', {minutes}, NULL, '', {})",
            date(day),
            at(day, 720)
        ));
    }
    insert(
        conn,
        "referrals",
        "id, reference, idempotency_key, kind, status, consent_wording_version, consent_given_at, person_agreed, \
         referrer_wants_updates, updates_consent, first_contact_at, suitability_reason, service_id, started_at, \
         sessions_held, closed_at, outcome, referred_to, closing_summary, created_at, updated_at",
        &referrals,
    )?;
    insert(
        conn,
        "casework_measures",
        "referral_id, instrument, point, taken_on, responses, total, recorded_at",
        &measures,
    )?;
    insert(conn, "casework_goals", "id, referral_id, words, created_at", &goals)?;
    insert(
        conn,
        "casework_steps",
        "referral_id, goal_id, words, due_on, listing_id, activity, status, stopped_why, created_at, updated_at",
        &steps,
    )?;
    insert(
        conn,
        "casework_network",
        "referral_id, point, name, relationship, ring, is_new, created_at",
        &network,
    )?;
    insert(
        conn,
        "casework_follow_ups",
        "referral_id, answered_how, answered_at, more_supported, more_independent, crisis_better, still_going, comments, created_at, updated_at",
        &follow_ups,
    )?;
    insert(
        conn,
        "casework_contacts",
        "referral_id, contact_on, mode, minutes, worker_id, note, recorded_at",
        &contact_rows,
    )?;
    Ok(vec![
        ("referrals", referrals.len()),
        ("contacts", contact_rows.len()),
        ("measures", measures.len()),
        ("steps", steps.len()),
        ("network", network.len()),
        ("follow-ups", follow_ups.len()),
    ])
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i].as_secs_f64() * 1000.0
}

/// Generates the year on one database and times the report on it: the
/// figures in one transaction, then the whole page rendered to a string.
fn time_on(database: &'static str, url: &str, opts: &BenchOptions) -> Result<(Timing, RowCounts), BenchError> {
    let pool = store::open_pool(url, 2)?;
    let mut conn = pool.get().map_err(store::StoreError::from)?;
    let started = Instant::now();
    // A few hundred listings for steps to go to; the loader commits them
    // itself.
    let reference = directory::Reference::load(&mut conn)?;
    directory::demo::load_scale(&mut conn, &reference, 300, year().from.and_time(chrono::NaiveTime::MIN))?;
    let rows = crate::state::in_transaction(&mut conn, 1, Duration::ZERO, &|c| {
        generate(c, opts.people, opts.contacts)
    })?;
    // Fresh tables: give both planners their statistics, as a live
    // database has.
    conn.batch_execute("ANALYZE")?;
    let load_seconds = started.elapsed().as_secs_f64();
    let services = referral::services(&mut conn)?;
    let period = year();
    let (form, asked) = read(
        Some(&period.from.format("%d/%m/%Y").to_string()),
        Some(&period.to.format("%d/%m/%Y").to_string()),
        None,
        &services,
        period.to,
    );
    let asked = asked.ok_or_else(|| BenchError::Setup("the benchmark's period does not read".into()))?;
    let mut times = Vec::with_capacity(opts.runs);
    for run in 0..opts.runs + 3 {
        let started = Instant::now();
        let figures = crate::state::in_transaction(&mut conn, 1, Duration::ZERO, &|c| {
            referral::report::figures(c, asked.period, asked.service)
        })?;
        let html =
            crate::layout::page("Impact report", &[], body(&form, &services, Some((&asked, &figures)))).into_string();
        let elapsed = started.elapsed();
        if html.len() < 1000 {
            return Err(BenchError::Setup("the report page came out empty".into()));
        }
        if run >= 3 {
            times.push(elapsed);
        }
    }
    times.sort();
    Ok((
        Timing {
            database,
            load_seconds,
            p50_ms: percentile(&times, 0.5),
            p99_ms: percentile(&times, 0.99),
            max_ms: times.last().map_or(0.0, |t| t.as_secs_f64() * 1000.0),
        },
        rows,
    ))
}

/// Runs the benchmark on a fresh SQLite file and, when given a server, a
/// fresh PostgreSQL database; both are removed afterwards.
pub fn run(opts: &BenchOptions) -> Result<BenchReport, BenchError> {
    let mut timings = Vec::new();
    std::fs::create_dir_all(&opts.folder).map_err(|e| BenchError::Setup(e.to_string()))?;
    let file = opts.folder.join(format!("bench-report-{}.db", std::process::id()));
    let remove = |file: &PathBuf| {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
        }
    };
    remove(&file);
    let outcome = time_on("SQLite", &format!("sqlite://{}", file.display()), opts);
    remove(&file);
    let (timing, rows) = outcome?;
    timings.push(timing);
    if let Some(admin) = &opts.postgres_admin_url {
        let name = format!("kith_bench_report_{}", std::process::id());
        let mut server = store::connect(admin)?;
        server.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))?;
        server.batch_execute(&format!("CREATE DATABASE {name}"))?;
        let url = match admin.rsplit_once('/') {
            Some((base, _)) => format!("{base}/{name}"),
            None => return Err(BenchError::Setup(format!("{admin} names no database"))),
        };
        let outcome = time_on("PostgreSQL", &url, opts);
        let _ = server.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        timings.push(outcome?.0);
    }
    Ok(BenchReport {
        people: opts.people,
        contacts: opts.contacts,
        runs: opts.runs,
        rows,
        timings,
    })
}
