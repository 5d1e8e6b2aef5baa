//! Leases on background jobs, so that when several nodes share one database
//! a job such as the hourly freshness reminders runs on one of them at a
//! time: each node tries to [`claim`] the job's lease before a run and runs
//! only when it gets it. A node that dies simply lets its lease expire.

use chrono::{Duration, NaiveDateTime};
use diesel::sql_types::{Text, Timestamp};
use diesel::RunQueryDsl;

use crate::{AnyConnection, StoreError};

/// Takes the lease on `name` for `holder` until `now + ttl`, when nobody
/// holds it, its holder's time is up, or `holder` already holds it (a
/// renewal). Returns whether `holder` now holds it.
///
/// One statement, so it is atomic on both databases: of any number of
/// nodes claiming at once exactly one wins. The row is inserted, or updated
/// only when the `WHERE` allows; the affected row count says which.
/// (diesel's `on_conflict` does not compile on `AnyConnection`; `$n`
/// placeholders, numbered in order of first use, work on both backends.)
pub fn claim(
    conn: &mut AnyConnection,
    name: &str,
    holder: &str,
    now: NaiveDateTime,
    ttl: Duration,
) -> Result<bool, StoreError> {
    let rows = diesel::sql_query(
        "INSERT INTO job_leases (name, holder, expires_at) VALUES ($1, $2, $3) \
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at \
         WHERE job_leases.expires_at <= $4 OR job_leases.holder = $2",
    )
    .bind::<Text, _>(name)
    .bind::<Text, _>(holder)
    .bind::<Timestamp, _>(now + ttl)
    .bind::<Timestamp, _>(now)
    .execute(conn)?;
    Ok(rows == 1)
}
