//! The `kith` command: serve the site, run migrations, load demo content,
//! apply the referral retention policy.

use std::path::PathBuf;
use std::process::ExitCode;

use actix_web::HttpServer;
use clap::{Args, Parser, Subcommand};
use directory::{Gazetteer, Reference};
use search::{Options, SearchIndex};
use store::{AnyConnection, Backend};
use web::config::{self, Given, Settings};
use web::state::AccountsConfig;
use web::AppState;

/// mimalloc rather than the system allocator: a search makes many small,
/// short-lived allocations (query clauses, postings buffers, result
/// cards), which it serves faster from per-thread pools.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "kith",
    version,
    about = "Kith: find groups, activities and places around the things you care about."
)]
struct Cli {
    #[command(flatten)]
    common: Common,
    #[command(subcommand)]
    command: Command,
}

/// Settings every subcommand shares. Flags win over `KITH_*` variables,
/// which win over `DATA_DIR/kith.toml`.
#[derive(Args)]
struct Common {
    /// Database URL: sqlite://PATH or postgres://USER@HOST/DB. Default: SQLite in the data folder.
    #[arg(long, global = true, env = "KITH_DATABASE_URL")]
    database: Option<String>,
    /// Folder for the SQLite database and other local files.
    #[arg(long, global = true, env = "KITH_DATA_DIR", default_value = "data")]
    data_dir: PathBuf,
}

/// `kith serve`'s own settings (also read by `kith config`).
#[derive(Args, Clone)]
struct ServeArgs {
    /// Address and port to listen on. Default 127.0.0.1:8080.
    #[arg(long, env = "KITH_BIND")]
    bind: Option<String>,
    /// The address people reach the site at, for links in emails; https:// makes cookies Secure.
    #[arg(long, env = "KITH_PUBLIC_URL")]
    public_url: Option<String>,
    /// SMTP relay, e.g. smtp://user:pass@host:587?tls=starttls. Default: emails go to DATA_DIR/outbox.
    #[arg(long, env = "KITH_SMTP_URL")]
    smtp: Option<String>,
    /// The sender address of every email.
    #[arg(long, env = "KITH_MAIL_FROM")]
    mail_from: Option<String>,
    /// The site's name in page titles and emails. Default "Kith".
    #[arg(long, env = "KITH_SITE_NAME")]
    site_name: Option<String>,
    /// Key (32+ characters) that signs session cookies; share it between nodes. Default: DATA_DIR/secret.key.
    #[arg(long, env = "KITH_SECRET_KEY", hide_env_values = true)]
    secret_key: Option<String>,
    /// Work email domains confirmed as professionals at once, comma-separated. Default nhs.net.
    #[arg(long, env = "KITH_PROFESSIONAL_DOMAINS", value_delimiter = ',')]
    professional_domains: Option<Vec<String>>,
    /// Kith is behind a reverse proxy: take the client's address from X-Forwarded-For (rate limits).
    #[arg(long, env = "KITH_BEHIND_PROXY")]
    behind_proxy: Option<bool>,
    /// Recent search answers kept for searches asked again within ten seconds, the index unchanged. Default 500; 0 keeps none.
    #[arg(long, env = "KITH_REMEMBERED_SEARCHES")]
    remembered_searches: Option<usize>,
}

/// How long closed referrals are kept (read by `kith retention` and
/// `kith config`).
#[derive(Args, Clone)]
struct RetentionArgs {
    /// Months after closing before a referral is anonymised. Default 96 (8 years).
    #[arg(long, env = "KITH_RETENTION_MONTHS")]
    retention_months: Option<u32>,
    /// The same for referrals closed as not suitable or declined. Default 24 (2 years).
    #[arg(long, env = "KITH_RETENTION_SHORT_MONTHS")]
    retention_short_months: Option<u32>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server.
    Serve {
        #[command(flatten)]
        settings: ServeArgs,
        /// Load the demo content when the database has no listings.
        #[arg(long)]
        demo: bool,
    },
    /// Print the settings `kith serve` would use, with secrets hidden.
    Config {
        #[command(flatten)]
        settings: ServeArgs,
        #[command(flatten)]
        retention: RetentionArgs,
    },
    /// Manage accounts from the command line.
    User {
        #[command(subcommand)]
        what: User,
    },
    /// Apply any pending database migrations, then exit.
    Migrate,
    /// Rebuild the search index from the database, then exit.
    Reindex,
    /// Anonymise closed referrals kept longer than the retention period,
    /// printing each one's reference and dates (nothing about the person).
    /// Run it daily, e.g. from a systemd timer.
    Retention {
        #[command(flatten)]
        retention: RetentionArgs,
        /// List what would be anonymised and change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Benchmarks; see docs/PERFORMANCE.md.
    Bench {
        #[command(subcommand)]
        what: Bench,
    },
    /// Print the impact report's figures for a period, as the report page
    /// shows them (figures about fewer than 5 people hidden), e.g. for a
    /// scheduled export.
    Report {
        /// The first day, like 2026-04-01 or 1/4/2026 (a London date).
        #[arg(long)]
        from: String,
        /// The last day, included.
        #[arg(long)]
        to: String,
        /// One service, by its name. Default: every service.
        #[arg(long)]
        service: Option<String>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Csv)]
        format: ReportFormat,
    },
    /// Load demo content: the hand-written fictional London, or generated
    /// listings and community data for benchmarks (`kith demo --scale`:
    /// 10,000 listings, 10,000 members, 2,000 groups, 200,000 posts).
    Demo {
        /// Generate this many listings instead (default 10,000), then the
        /// community data below.
        #[arg(long, num_args = 0..=1, default_missing_value = "10000")]
        scale: Option<usize>,
        /// With --scale: members to generate (one is bench.member@example.org, password "kith demo password").
        #[arg(long, default_value_t = community::scale::ScaleOptions::default().members, requires = "scale")]
        members: usize,
        /// With --scale: groups given members and discussions.
        #[arg(long, default_value_t = community::scale::ScaleOptions::default().groups, requires = "scale")]
        groups: usize,
        /// With --scale: discussion posts (first posts and replies).
        #[arg(long, default_value_t = community::scale::ScaleOptions::default().posts, requires = "scale")]
        posts: usize,
    },
}

/// How `kith report` prints the figures.
#[derive(Clone, Copy, clap::ValueEnum)]
enum ReportFormat {
    /// Section, measure, figure: what the page's download gives.
    Csv,
    /// The figures as one JSON object; hidden ones read "fewer than 5".
    Json,
}

#[derive(Subcommand)]
enum User {
    /// Create an account (or add roles to an existing one), e.g. the first admin.
    Create {
        #[arg(long)]
        email: String,
        /// professional, coach, volunteer, team_manager, commissioner, editor or admin; repeat or comma-separate.
        #[arg(long, value_delimiter = ',')]
        role: Vec<String>,
        /// The name shown to others. Default: the part of the email before the @.
        #[arg(long)]
        name: Option<String>,
        /// Read a password from standard input; without it a one-time sign-in link is printed.
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Subcommand)]
enum Bench {
    /// Build a search index of generated listings, run a fixed mix of
    /// queries, and compare with SQLite FTS5 and PostgreSQL full-text search.
    Search {
        /// How many listings (generated into the database when it has fewer).
        #[arg(long, default_value_t = 100_000)]
        listings: usize,
        /// How many queries to time.
        #[arg(long, default_value_t = 1_000)]
        queries: usize,
        /// A PostgreSQL server to compare with (a temporary database is made on it).
        #[arg(long)]
        postgres: Option<String>,
    },
    /// Generate a year of casework (into a temporary SQLite file and, with
    /// --postgres, a temporary PostgreSQL database) and time the impact
    /// report: its figures and its page.
    Report {
        /// People with a programme in the year.
        #[arg(long, default_value_t = 5_000)]
        people: usize,
        /// Contacts logged with them.
        #[arg(long, default_value_t = 100_000)]
        contacts: usize,
        /// Timed runs, after three warm-up runs.
        #[arg(long, default_value_t = 20)]
        runs: usize,
        /// A PostgreSQL server to run on too (a temporary database is made on it).
        #[arg(long)]
        postgres: Option<String>,
    },
    /// Edit published listings one at a time and time how long each edit
    /// takes to reach search (the database needs listings: `kith demo`).
    Freshness {
        /// How many edits to time.
        #[arg(long, default_value_t = 200)]
        edits: usize,
    },
}

impl Common {
    fn settings(&self, serve: Option<&ServeArgs>, retention: Option<&RetentionArgs>) -> Result<Settings, Failure> {
        let given = Given {
            database: self.database.clone(),
            bind: serve.and_then(|s| s.bind.clone()),
            public_url: serve.and_then(|s| s.public_url.clone()),
            smtp: serve.and_then(|s| s.smtp.clone()),
            mail_from: serve.and_then(|s| s.mail_from.clone()),
            site_name: serve.and_then(|s| s.site_name.clone()),
            secret_key: serve.and_then(|s| s.secret_key.clone()),
            professional_domains: serve.and_then(|s| s.professional_domains.clone()),
            behind_proxy: serve.and_then(|s| s.behind_proxy),
            remembered_searches: serve.and_then(|s| s.remembered_searches),
            retention_months: retention.and_then(|r| r.retention_months),
            retention_short_months: retention.and_then(|r| r.retention_short_months),
        };
        Ok(Settings::resolve(
            &self.data_dir,
            given,
            config::read_file(&self.data_dir)?,
        )?)
    }
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("KITH_LOG").unwrap_or_else(|_| "info,actix_server=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kith: {e}");
            ExitCode::FAILURE
        }
    }
}

type Failure = Box<dyn std::error::Error>;

fn run(cli: Cli) -> Result<(), Failure> {
    let serve_args = match &cli.command {
        Command::Serve { settings, .. } | Command::Config { settings, .. } => Some(settings.clone()),
        _ => None,
    };
    let retention_args = match &cli.command {
        Command::Retention { retention, .. } | Command::Config { retention, .. } => Some(retention.clone()),
        _ => None,
    };
    let settings = cli.common.settings(serve_args.as_ref(), retention_args.as_ref())?;
    let url = settings.database.clone();
    let (backend, _) = Backend::from_url(&url)?;
    let pool_size = match backend {
        Backend::Sqlite => 8,
        Backend::Postgres => 16,
    };
    match cli.command {
        Command::Migrate => {
            store::open_pool(&url, 1)?;
            println!("Migrations applied to {}", describe(&url));
            Ok(())
        }
        Command::Demo {
            scale,
            members,
            groups,
            posts,
        } => {
            let pool = store::open_pool(&url, 2)?;
            let mut conn = pool.get()?;
            load_demo(&mut conn, scale)?;
            if scale.is_some() {
                load_community_scale(&mut conn, community::scale::ScaleOptions { members, groups, posts })?;
            }
            Ok(())
        }
        Command::Reindex => {
            let pool = store::open_pool(&url, 2)?;
            let mut options = Options::new(&cli.common.data_dir);
            options.rebuild = true;
            let started = std::time::Instant::now();
            let (index, indexer) = SearchIndex::start(pool, options)?;
            indexer.stop();
            println!(
                "Indexed {} listings in {:.1} s",
                index.len(),
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Retention { dry_run, .. } => {
            let pool = store::open_pool(&url, 1)?;
            let mut conn = pool.get()?;
            let policy = settings.retention;
            let now = chrono::Utc::now().naive_utc();
            // One transaction: every referral due is anonymised, or none.
            // A running server may write at the same moment; SQLite then
            // asks us to try again.
            let changed = web::state::in_transaction(&mut conn, 20, std::time::Duration::from_millis(50), &|c| {
                referral::retention(c, policy, dry_run, now)
            })?;
            print!("{}", retention_report(&changed, policy, dry_run));
            let guests = web::state::in_transaction(&mut conn, 20, std::time::Duration::from_millis(50), &|c| {
                community::guests::forget_past(c, now, dry_run)
            })?;
            println!(
                "Guests at events: {guests} {} (names and emails are kept {} days after the session).",
                if dry_run { "would be forgotten" } else { "forgotten" },
                community::guests::KEPT_AFTER_SESSION.num_days()
            );
            Ok(())
        }
        Command::Bench {
            what:
                Bench::Search {
                    listings,
                    queries,
                    postgres,
                },
        } => {
            let report = search::bench::run(&search::bench::BenchOptions {
                database_url: url,
                index_dir: cli.common.data_dir.join("bench-index"),
                listings,
                queries,
                postgres_admin_url: postgres,
            })?;
            print!("{report}");
            Ok(())
        }
        Command::Bench {
            what:
                Bench::Report {
                    people,
                    contacts,
                    runs,
                    postgres,
                },
        } => {
            let report = web::reports::run(&web::reports::BenchOptions {
                folder: cli.common.data_dir.join("bench-report"),
                postgres_admin_url: postgres,
                people,
                contacts,
                runs,
            })?;
            print!("{report}");
            Ok(())
        }
        Command::Report {
            from,
            to,
            service,
            format,
        } => {
            // The dates first: a typing mistake needs no database.
            let period = referral::report::Period::parse(&from, &to).map_err(|errors| {
                errors
                    .into_iter()
                    .map(|e| format!("--{}: {}", e.field, e.message))
                    .collect::<Vec<_>>()
                    .join("; ")
            })?;
            let pool = store::open_pool(&url, 1)?;
            let mut conn = pool.get()?;
            let service_id = match service.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(name) => {
                    let services = referral::services(&mut conn)?;
                    let found = services.iter().find(|s| s.name.eq_ignore_ascii_case(name));
                    match found {
                        Some(s) => Some(s.id),
                        None => {
                            let names: Vec<&str> = services.iter().map(|s| s.name.as_str()).collect();
                            return Err(format!(
                                "--service: no service is called {name:?}; the services are: {}",
                                if names.is_empty() {
                                    "none yet".to_owned()
                                } else {
                                    names.join(", ")
                                }
                            )
                            .into());
                        }
                    }
                }
            };
            let figures = web::state::in_transaction(&mut conn, 20, std::time::Duration::from_millis(50), &|c| {
                referral::report::figures(c, period, service_id)
            })?;
            match format {
                ReportFormat::Csv => print!("{}", web::reports::csv(&figures)),
                ReportFormat::Json => println!("{}", serde_json::to_string_pretty(&figures)?),
            }
            Ok(())
        }
        Command::Bench {
            what: Bench::Freshness { edits },
        } => {
            let report = search::freshness::run(&search::freshness::FreshnessOptions {
                database_url: url,
                index_dir: cli.common.data_dir.join("bench-freshness-index"),
                edits,
            })?;
            print!("{report}");
            Ok(())
        }
        Command::Config { .. } => {
            print!("{}", settings.describe());
            Ok(())
        }
        Command::User {
            what:
                User::Create {
                    email,
                    role,
                    name,
                    password_stdin,
                },
        } => {
            let pool = store::open_pool(&url, 1)?;
            let mut conn = pool.get()?;
            let password = if password_stdin {
                let mut line = String::new();
                std::io::stdin().read_line(&mut line)?;
                Some(line.trim_end_matches(['\r', '\n']).to_owned())
            } else {
                None
            };
            let roles = role
                .iter()
                .filter(|r| !r.trim().is_empty())
                .map(|r| accounts::Role::from_code(r).ok_or_else(|| format!("unknown role {r:?}")))
                .collect::<Result<Vec<_>, _>>()?;
            let hash = match &password {
                Some(p) => {
                    accounts::password::check_new(p)?;
                    Some(accounts::password::hash(p)?)
                }
                None => None,
            };
            let now = chrono::Utc::now().naive_utc();
            // A running server may write at the same moment; SQLite then asks
            // us to try again.
            let (person, link) =
                web::state::in_transaction(&mut conn, 20, std::time::Duration::from_millis(50), &|c| {
                    accounts::flows::create_user(c, &email, name.as_deref(), &roles, hash.as_deref(), now)
                })?;
            let held: Vec<&str> = accounts::roles::roles_of(&mut conn, person.id)?
                .iter()
                .map(|r| r.code())
                .collect();
            println!(
                "Account {} ({}) is ready; roles: {}",
                person.email,
                person.display_name,
                if held.is_empty() {
                    "member".to_owned()
                } else {
                    held.join(", ")
                }
            );
            if let Some(token) = link {
                println!(
                    "Sign in within 30 minutes at {}sign-in/link/{token}",
                    settings.public_url
                );
            }
            Ok(())
        }
        Command::Serve { demo, .. } => {
            let bind = settings.bind.clone();
            let pool = store::open_pool(&url, pool_size)?;
            let reference = {
                let mut conn = pool.get()?;
                if demo && directory::listing::count_listings(&mut conn)? == 0 {
                    load_demo(&mut conn, None)?;
                }
                Reference::load(&mut conn)?
            };
            let demo_accounts = if demo {
                let hash = accounts::password::hash(web::demo::PASSWORD)?;
                let mut conn = pool.get()?;
                let now = chrono::Utc::now().naive_utc();
                let site = mail::Site {
                    name: settings.site_name.clone(),
                    url: settings.public_url.clone(),
                };
                store::diesel::Connection::transaction(&mut *conn, |c| web::demo::accounts(c, &site, &hash, now))?
            } else {
                Vec::new()
            };
            // Read the postcode data now rather than on the first search.
            std::thread::spawn(|| Gazetteer::london().len());
            // The index is brought up to date (or rebuilt) before the port
            // opens, so the first search already sees everything.
            let mut options = Options::new(&cli.common.data_dir);
            options.remembered_answers = settings.remembered_searches;
            let (index, indexer) = SearchIndex::start(pool.clone(), options)?;
            // Email: queued in the database by whatever causes it, sent by
            // this worker (and resent after a restart or an SMTP outage).
            let transport = mail::Transport::from_settings(settings.smtp.as_deref(), &settings.data_dir)?;
            let mail_options =
                mail::WorkerOptions::new(mail::EmailAddress::parse(&settings.mail_from)?, &settings.site_name);
            let mailer = mail::Worker::start(pool.clone(), transport, mail_options)?;
            let accounts = AccountsConfig {
                keys: accounts::Keys::new(&settings.secret_key_bytes()?)?,
                site: mail::Site {
                    name: settings.site_name.clone(),
                    url: settings.public_url.clone(),
                },
                secure_cookies: settings.secure_cookies(),
                professional_domains: settings.professional_domains.clone(),
                behind_proxy: settings.behind_proxy,
            };
            let reminders = Reminders::start(pool.clone(), accounts.site.clone(), mailer.notifier());
            let hasher = web::hasher::Hasher::start()?;
            let state = actix_web::web::Data::new(
                AppState::new(pool, reference, index, accounts, hasher, Some(mailer.notifier()))
                    .with_swemwbs_items(
                        settings
                            .swemwbs_items
                            .clone()
                            .or_else(|| demo.then(web::demo::swemwbs_placeholders)),
                    )
                    .with_safety(settings.safety.clone()),
            );
            let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
            let blocking_threads = blocking_threads(backend, pool_size, workers);
            println!("Kith is running at http://{bind}/ (database: {})", describe(&url));
            if !demo_accounts.is_empty() {
                println!("Demo accounts, all with the password \"{}\":", web::demo::PASSWORD);
                for line in &demo_accounts {
                    println!("{line}");
                }
                println!("Emails are written to {}", settings.data_dir.join("outbox").display());
            }
            actix_web::rt::System::new().block_on(async move {
                HttpServer::new(move || web::app!(state))
                    .worker_max_blocking_threads(blocking_threads)
                    .bind(&bind)?
                    .run()
                    .await
            })?;
            reminders.stop();
            indexer.stop();
            mailer.stop();
            Ok(())
        }
    }
}

/// How many threads each actix worker (one per core) runs database work
/// on. SQLite's work is CPU in this process: one thread per worker, as
/// many as there are cores, answers requests in the order they came,
/// where more would share the cores out and leave every request waiting
/// longer (measured in docs/PERFORMANCE.md: p99 of a busy discussion page
/// 21 ms with one, 22–37 ms with two, 40 ms with four). PostgreSQL's
/// threads mostly wait for the server, so a few each, within the pool.
fn blocking_threads(backend: Backend, pool_size: u32, workers: usize) -> usize {
    match backend {
        Backend::Sqlite => 1,
        Backend::Postgres => (pool_size as usize).div_ceil(workers).clamp(1, 4),
    }
}

/// How often the freshness sweep runs. Hourly is plenty for reminders
/// measured in months, and spreads a large backlog over the day.
const REMINDER_EVERY: std::time::Duration = std::time::Duration::from_secs(60 * 60);
/// Listings reminded per transaction, so one sweep never holds a long lock.
const REMINDER_BATCH: i64 = 200;

/// The job lease the sweep claims, for a little less than the time between
/// sweeps: the node that ran the last sweep has usually let it lapse by its
/// next one, and a node that stopped hands the job over within the hour.
const REMINDER_LEASE: (&str, chrono::Duration) = ("freshness-reminders", chrono::Duration::minutes(55));

/// The background thread that emails "is this still correct?" reminders
/// (`directory::publishing::send_freshness_reminders`) and wakes the mail
/// worker when it has queued some. With several nodes on one database only
/// the one holding the job lease (`store::leases`) sweeps each hour, so
/// they do not contend for the same rows; each listing is reminded once per
/// confirmation, so even an overlap would send nothing twice.
struct Reminders {
    stop: std::sync::mpsc::Sender<()>,
    thread: std::thread::JoinHandle<()>,
}

impl Reminders {
    fn start(pool: store::Pool, site: mail::Site, mail: mail::Notifier) -> Reminders {
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let holder = Reminders::holder();
        let thread = std::thread::spawn(move || loop {
            if Reminders::claim(&pool, &holder) {
                Reminders::sweep(&pool, &site, &mail);
            }
            match stopped.recv_timeout(REMINDER_EVERY) {
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => continue,
                _ => break,
            }
        });
        Reminders { stop, thread }
    }

    /// A name for this process among the nodes sharing the database.
    fn holder() -> String {
        let mut bytes = [0u8; 8];
        // Without randomness the process id alone still tells nodes on
        // different machines apart in practice.
        if getrandom::fill(&mut bytes).is_err() {
            tracing::warn!("no randomness for the job lease holder; using the process id alone");
        }
        format!("kith-{}-{:016x}", std::process::id(), u64::from_le_bytes(bytes))
    }

    /// True when this node holds the sweep's lease for the next run; a
    /// database error skips the run (the next hour tries again).
    fn claim(pool: &store::Pool, holder: &str) -> bool {
        let (name, ttl) = REMINDER_LEASE;
        let claimed = pool.get().map_err(|e| e.to_string()).and_then(|mut conn| {
            store::leases::claim(&mut conn, name, holder, web::state::now(), ttl).map_err(|e| e.to_string())
        });
        match claimed {
            Ok(true) => true,
            Ok(false) => {
                tracing::debug!("another node holds the freshness reminder lease");
                false
            }
            Err(e) => {
                tracing::warn!("could not claim the freshness reminder lease, trying again next hour: {e}");
                false
            }
        }
    }

    /// Sends every reminder due now, a batch per transaction: listings' "still
    /// correct?" emails, then the day-before event reminders.
    fn sweep(pool: &store::Pool, site: &mail::Site, mail: &mail::Notifier) {
        loop {
            let sent = pool.get().map_err(|e| e.to_string()).and_then(|mut conn| {
                // Tried again while another connection writes (at start-up,
                // the demo loader and the index may be): SQLite refuses a
                // second writer at once rather than waiting.
                web::state::in_transaction(
                    &mut conn,
                    web::state::BUSY_RETRIES,
                    std::time::Duration::from_millis(5),
                    &|c| directory::publishing::send_freshness_reminders(c, site, web::state::now(), REMINDER_BATCH),
                )
                .map_err(|e| e.to_string())
            });
            match sent {
                Ok(0) => break,
                Ok(n) => {
                    tracing::info!(listings = n, "freshness reminders queued");
                    mail.notify();
                    if (n as i64) < REMINDER_BATCH {
                        break;
                    }
                }
                Err(e) => {
                    tracing::warn!("freshness reminders failed, trying again next hour: {e}");
                    break;
                }
            }
        }
        // Day-before event reminders, by the same lease-holding node.
        match web::send_event_reminders(pool, site) {
            Ok(0) => {}
            Ok(n) => {
                tracing::info!(emails = n, "event reminders queued");
                mail.notify();
            }
            Err(e) => tracing::warn!("event reminders failed, trying again next hour: {e}"),
        }
        // The weekly digest (each member once a week) and old reminder records.
        match web::send_digests(pool, site) {
            Ok(0) => {}
            Ok(n) => {
                tracing::info!(members = n, "weekly digests considered");
                mail.notify();
            }
            Err(e) => tracing::warn!("weekly digests failed, trying again next hour: {e}"),
        }
        if let Err(e) = web::prune_reminder_records(pool) {
            tracing::warn!("pruning reminder records failed, trying again next hour: {e}");
        }
    }

    fn stop(self) {
        drop(self.stop);
        if self.thread.join().is_err() {
            tracing::warn!("the freshness reminder thread panicked");
        }
    }
}

fn load_demo(conn: &mut AnyConnection, scale: Option<usize>) -> Result<(), Failure> {
    let reference = Reference::load(conn)?;
    let now = chrono::Utc::now().naive_utc();
    let started = std::time::Instant::now();
    // Both loaders manage their own transactions: the demo London is one,
    // generated data commits in chunks so 100,000 rows stay quick.
    let summary = match scale {
        Some(n) => directory::demo::load_scale(conn, &reference, n, now)?,
        None => directory::demo::load(conn, &reference, now)?,
    };
    println!(
        "Loaded {} organisations, {} groups, {} events and {} places in {:.1} s",
        summary.organisations,
        summary.groups,
        summary.events,
        summary.places,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The community half of `kith demo --scale`, after the listings it uses.
fn load_community_scale(conn: &mut AnyConnection, options: community::scale::ScaleOptions) -> Result<(), Failure> {
    let started = std::time::Instant::now();
    // One real hash, for the member benchmarks sign in as.
    let hash = accounts::password::hash(web::demo::PASSWORD)?;
    let s = community::scale::load(conn, options, &hash, chrono::Utc::now().naive_utc())?;
    println!(
        "Loaded {} members, {} groups with {} memberships, {} discussions with {} posts, \
         and places for {} events with {} answers in {:.1} s",
        s.members,
        s.groups,
        s.memberships,
        s.threads,
        s.posts,
        s.events,
        s.answers,
        started.elapsed().as_secs_f64()
    );
    if let Some((slug, thread)) = &s.busiest {
        println!(
            "Busiest discussion: /groups/{slug}/discussions/{thread} ({} replies)",
            s.busiest_replies
        );
    }
    println!(
        "Benchmark member: {} with the password \"{}\"",
        community::scale::BENCH_EMAIL,
        web::demo::PASSWORD
    );
    Ok(())
}

/// What `kith retention` prints: one line per referral with its reference,
/// the London date it closed and the date its retention period ended, and
/// nothing about the person, so the output is safe to keep in a log.
fn retention_report(changed: &[referral::Retained], policy: referral::Retention, dry_run: bool) -> String {
    use std::fmt::Write;
    let short = [referral::Outcome::NotSuitable, referral::Outcome::Declined];
    let mut out = format!(
        "Retention: closed referrals are kept {} months after closing ({} months when not suitable or declined).\n",
        policy.months, policy.short_months
    );
    if changed.is_empty() {
        out.push_str("No closed referrals are past their retention period.\n");
        return out;
    }
    let _ = writeln!(
        out,
        "{} {} closed {}:",
        if dry_run { "Would anonymise" } else { "Anonymised" },
        changed.len(),
        if changed.len() == 1 { "referral" } else { "referrals" }
    );
    for r in changed {
        let months = match r.outcome.as_deref().and_then(referral::Outcome::from_code) {
            Some(o) if short.contains(&o) => policy.short_months,
            _ => policy.months,
        };
        let closed = referral::tasks::london_date(r.closed_at);
        let kept_until = closed
            .checked_add_months(chrono::Months::new(months))
            .map_or_else(|| "-".to_owned(), |d| d.to_string());
        let _ = writeln!(out, "  {}  closed {closed}  kept until {kept_until}", r.reference);
    }
    if dry_run {
        out.push_str("Dry run: nothing was changed.\n");
    }
    out
}

/// The database URL without any password, for messages.
fn describe(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://…{}", &url[..s], &url[at..]),
        _ => url.to_owned(),
    }
}
