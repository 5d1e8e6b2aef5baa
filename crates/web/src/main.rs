//! The `kith` command: serve the site, run migrations, load demo content.

use std::path::PathBuf;
use std::process::ExitCode;

use actix_web::HttpServer;
use clap::{Args, Parser, Subcommand};
use directory::{Gazetteer, Reference};
use search::{Options, SearchIndex};
use store::{AnyConnection, Backend};
use web::AppState;

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

/// Settings every subcommand shares. Flags win over `KITH_*` variables.
#[derive(Args)]
struct Common {
    /// Database URL: sqlite://PATH or postgres://USER@HOST/DB. Default: SQLite in the data folder.
    #[arg(long, global = true, env = "KITH_DATABASE_URL")]
    database: Option<String>,
    /// Folder for the SQLite database and other local files.
    #[arg(long, global = true, env = "KITH_DATA_DIR", default_value = "data")]
    data_dir: PathBuf,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server.
    Serve {
        /// Address and port to listen on.
        #[arg(long, env = "KITH_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
        /// Load the demo content when the database has no listings.
        #[arg(long)]
        demo: bool,
    },
    /// Apply any pending database migrations, then exit.
    Migrate,
    /// Rebuild the search index from the database, then exit.
    Reindex,
    /// Benchmarks; see docs/PERFORMANCE.md.
    Bench {
        #[command(subcommand)]
        what: Bench,
    },
    /// Load demo content: the hand-written fictional London, or N generated listings.
    Demo {
        /// Generate this many listings instead (for benchmarks).
        #[arg(long)]
        scale: Option<usize>,
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
}

impl Common {
    fn database_url(&self) -> String {
        self.database
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("kith.db").display()))
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
    let url = cli.common.database_url();
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
        Command::Demo { scale } => {
            let pool = store::open_pool(&url, 2)?;
            let mut conn = pool.get()?;
            load_demo(&mut conn, scale)
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
        Command::Serve { bind, demo } => {
            let pool = store::open_pool(&url, pool_size)?;
            let reference = {
                let mut conn = pool.get()?;
                if demo && directory::listing::count_listings(&mut conn)? == 0 {
                    load_demo(&mut conn, None)?;
                }
                Reference::load(&mut conn)?
            };
            // Read the postcode data now rather than on the first search.
            std::thread::spawn(|| Gazetteer::london().len());
            // The index is brought up to date (or rebuilt) before the port
            // opens, so the first search already sees everything.
            let (index, indexer) = SearchIndex::start(pool.clone(), Options::new(&cli.common.data_dir))?;
            let state = actix_web::web::Data::new(AppState::new(pool, reference, index));
            let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
            let blocking_threads = (pool_size as usize).div_ceil(workers).max(2);
            println!("Kith is running at http://{bind}/ (database: {})", describe(&url));
            actix_web::rt::System::new().block_on(async move {
                HttpServer::new(move || web::app!(state))
                    // Database work runs on each worker's blocking threads;
                    // more threads than pooled connections only queue and
                    // switch, so match them.
                    .worker_max_blocking_threads(blocking_threads)
                    .bind(&bind)?
                    .run()
                    .await
            })?;
            indexer.stop();
            Ok(())
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

/// The database URL without any password, for messages.
fn describe(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://…{}", &url[..s], &url[at..]),
        _ => url.to_owned(),
    }
}
