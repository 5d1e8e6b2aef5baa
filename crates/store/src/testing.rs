//! A fresh database per test, on either backend, so tests run in parallel
//! without seeing each other's rows.
//!
//! PostgreSQL tests never skip: when the server cannot be reached the test
//! fails, so CI cannot pass by accident with half the suite missing.

use std::sync::atomic::{AtomicU32, Ordering};

use diesel::connection::SimpleConnection;

use crate::{connect, open_pool, AnyConnection, Backend, Pool};

/// Where the PostgreSQL test server is; `KITH_TEST_POSTGRES_URL` overrides.
pub fn postgres_admin_url() -> String {
    std::env::var("KITH_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A database that exists for the life of this value.
pub struct TestDb {
    pub backend: Backend,
    pub url: String,
    pool: Option<Pool>,
    _dir: Option<tempfile::TempDir>,
    pg_name: Option<String>,
}

impl TestDb {
    /// Creates and migrates a new empty database.
    ///
    /// # Panics
    /// When the database cannot be created: a test without its database
    /// must fail loudly rather than pass.
    #[allow(clippy::expect_used)]
    pub fn new(backend: Backend) -> TestDb {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temporary folder");
                let url = format!("sqlite://{}", dir.path().join("test.db").display());
                let pool = open_pool(&url, 4).expect("open SQLite test database");
                TestDb {
                    backend,
                    url,
                    pool: Some(pool),
                    _dir: Some(dir),
                    pg_name: None,
                }
            }
            Backend::Postgres => {
                let admin = postgres_admin_url();
                let name = format!(
                    "kith_test_{}_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::SeqCst),
                    chrono::Utc::now().timestamp_subsec_nanos()
                );
                let mut conn = connect(&admin).unwrap_or_else(|e| {
                    panic!(
                        "PostgreSQL test server unreachable at {admin}: {e}. \
                         Start it (scripts/test does) or set KITH_TEST_POSTGRES_URL."
                    )
                });
                conn.batch_execute(&format!("CREATE DATABASE {name}"))
                    .expect("create PostgreSQL test database");
                let url = replace_database(&admin, &name);
                let pool = open_pool(&url, 4).expect("open PostgreSQL test database");
                TestDb {
                    backend,
                    url,
                    pool: Some(pool),
                    _dir: None,
                    pg_name: Some(name),
                }
            }
        }
    }

    #[allow(clippy::expect_used)]
    pub fn pool(&self) -> &Pool {
        self.pool.as_ref().expect("pool lives as long as the TestDb")
    }

    /// One connection from the pool.
    #[allow(clippy::expect_used)]
    pub fn conn(&self) -> crate::PooledConnection {
        self.pool().get().expect("test connection")
    }

    /// A standalone connection, outside the pool.
    #[allow(clippy::expect_used)]
    pub fn connect(&self) -> AnyConnection {
        connect(&self.url).expect("test connection")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        // Close our own connections first, then drop the database.
        self.pool.take();
        if let Some(name) = &self.pg_name {
            if let Ok(mut conn) = connect(&postgres_admin_url()) {
                let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
    }
}

fn replace_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    // postgres://user@host:port/db → keep everything up to the last '/'
    // after the authority.
    let after_scheme = base.find("://").map(|i| i + 3).unwrap_or(0);
    let cut = base[after_scheme..]
        .find('/')
        .map(|i| i + after_scheme)
        .unwrap_or(base.len());
    format!("{}/{}{}", &base[..cut], name, query)
}

/// Writes a test twice, once per backend:
///
/// ```ignore
/// store::db_test!(fn creates_a_listing(db) { let mut conn = db.conn(); … });
/// ```
#[macro_export]
macro_rules! db_test {
    ($(#[$meta:meta])* fn $name:ident($db:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            fn run($db: &$crate::testing::TestDb) $body
            #[test]
            $(#[$meta])*
            fn sqlite() {
                let db = $crate::testing::TestDb::new($crate::Backend::Sqlite);
                run(&db);
            }
            #[test]
            $(#[$meta])*
            fn postgres() {
                let db = $crate::testing::TestDb::new($crate::Backend::Postgres);
                run(&db);
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::replace_database;

    #[test]
    fn replaces_the_database_name() {
        assert_eq!(
            replace_database("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            replace_database("postgres://h/db?sslmode=disable", "y"),
            "postgres://h/y?sslmode=disable"
        );
        assert_eq!(replace_database("postgres://h", "z"), "postgres://h/z");
    }
}
