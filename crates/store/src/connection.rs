use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sqlite::SqliteConnection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::StoreError;

/// One connection to either backend. Diesel dispatches every query to the
/// variant underneath, so domain code is written once.
#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    Postgresql(PgConnection),
    Sqlite(SqliteConnection),
}

pub type Pool = r2d2::Pool<Manager>;
pub type PooledConnection = r2d2::PooledConnection<Manager>;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

/// Which database a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Reads the backend from the URL scheme. `AnyConnection::establish`
    /// would try each variant in turn, and SQLite accepts any string as a
    /// file name, so the scheme is decided here instead.
    pub fn from_url(url: &str) -> Result<(Backend, String), StoreError> {
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err(StoreError::UnsupportedUrl(url.to_owned()));
            }
            Ok((Backend::Sqlite, path.to_owned()))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok((Backend::Postgres, url.to_owned()))
        } else {
            Err(StoreError::UnsupportedUrl(url.to_owned()))
        }
    }
}

impl AnyConnection {
    pub fn backend(&self) -> Backend {
        match self {
            AnyConnection::Postgresql(_) => Backend::Postgres,
            AnyConnection::Sqlite(_) => Backend::Sqlite,
        }
    }
}

/// Opens one connection, with the per-connection SQLite settings applied.
pub fn connect(url: &str) -> Result<AnyConnection, StoreError> {
    let (backend, target) = Backend::from_url(url)?;
    match backend {
        Backend::Postgres => Ok(AnyConnection::Postgresql(PgConnection::establish(&target)?)),
        Backend::Sqlite => {
            let mut conn = SqliteConnection::establish(&target)?;
            // foreign_keys and busy_timeout are per connection, so every
            // connection the pool hands out gets them; busy_timeout first, so
            // the others wait rather than fail while another connection
            // holds a lock. WAL is set once per file, in `open_pool`.
            conn.batch_execute("PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")
                .map_err(StoreError::Query)?;
            Ok(AnyConnection::Sqlite(conn))
        }
    }
}

/// r2d2 manager that builds the right variant from the URL scheme.
#[derive(Debug)]
pub struct Manager {
    url: String,
}

impl r2d2::ManageConnection for Manager {
    type Connection = AnyConnection;
    type Error = StoreError;

    fn connect(&self) -> Result<AnyConnection, StoreError> {
        connect(&self.url)
    }

    fn is_valid(&self, conn: &mut AnyConnection) -> Result<(), StoreError> {
        diesel::r2d2::R2D2Connection::ping(conn).map_err(StoreError::Query)
    }

    /// A connection that lost its server is dropped instead of returned to
    /// the pool, so the next request reconnects (or reports 503).
    fn has_broken(&self, conn: &mut AnyConnection) -> bool {
        diesel::r2d2::R2D2Connection::is_broken(conn)
    }
}

/// Opens a pool, creating the SQLite file's folder when needed, and applies
/// any pending migrations so a fresh database is ready at once.
pub fn open_pool(url: &str, max_size: u32) -> Result<Pool, StoreError> {
    let (backend, target) = Backend::from_url(url)?;
    if backend == Backend::Sqlite {
        if let Some(parent) = std::path::Path::new(&target).parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent).map_err(|source| StoreError::DataDir {
                    path: parent.display().to_string(),
                    source,
                })?;
            }
        }
    }
    if backend == Backend::Sqlite {
        // WAL lets readers work beside the one writer. It is a property of
        // the file, so one connection sets it before the pool opens more.
        connect(url)?
            .batch_execute("PRAGMA journal_mode = WAL;")
            .map_err(StoreError::Query)?;
    }
    let pool = r2d2::Pool::builder()
        .max_size(max_size)
        .min_idle(Some(1))
        .connection_timeout(Duration::from_secs(5))
        .test_on_check_out(false)
        .build(Manager { url: url.to_owned() })?;
    let mut conn = pool.get()?;
    migrate(&mut conn)?;
    Ok(pool)
}

/// Runs every pending migration for the connection's backend.
pub fn migrate(conn: &mut AnyConnection) -> Result<(), StoreError> {
    let result = match conn {
        AnyConnection::Postgresql(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS).map(|_| ()),
        AnyConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|_| ()),
    };
    result.map_err(|e| StoreError::Migration(e.to_string()))
}

/// Reverts every applied migration, newest first. Used by the migration
/// round-trip test, which proves every `down.sql` really undoes its `up.sql`.
pub fn revert_all(conn: &mut AnyConnection) -> Result<(), StoreError> {
    let result = match conn {
        AnyConnection::Postgresql(c) => c.revert_all_migrations(POSTGRES_MIGRATIONS).map(|_| ()),
        AnyConnection::Sqlite(c) => c.revert_all_migrations(SQLITE_MIGRATIONS).map(|_| ()),
    };
    result.map_err(|e| StoreError::Migration(e.to_string()))
}
