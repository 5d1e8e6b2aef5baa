//! Rate limits and lockout with back-off, kept in the database so they hold
//! across restarts and across several Kith nodes.
//!
//! A key ("sign-in:account:ann@example.org", "link:address:192.0.2.1")
//! counts attempts in a window. Past the limit it is locked; each lockout in
//! a row lasts twice as long as the one before, up to a day. A success (a
//! correct password) clears the key.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use store::schema::throttles;
use store::AnyConnection;

use crate::AccountError;

/// How many attempts a key may make in a window, and the first lockout.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub attempts: i32,
    pub window: Duration,
    pub lockout: Duration,
}

/// Wrong passwords for one account.
pub const SIGN_IN_ACCOUNT: Limit = Limit {
    attempts: 5,
    window: Duration::minutes(15),
    lockout: Duration::minutes(10),
};
/// Wrong passwords from one address, whatever the account.
pub const SIGN_IN_ADDRESS: Limit = Limit {
    attempts: 20,
    window: Duration::minutes(15),
    lockout: Duration::minutes(10),
};
/// Emails asked for (sign-up, sign-in link, password reset) for one account.
pub const EMAILS_ACCOUNT: Limit = Limit {
    attempts: 3,
    window: Duration::hours(1),
    lockout: Duration::minutes(10),
};
/// Emails asked for from one address.
pub const EMAILS_ADDRESS: Limit = Limit {
    attempts: 10,
    window: Duration::hours(1),
    lockout: Duration::minutes(10),
};

const LONGEST_LOCKOUT: Duration = Duration::hours(24);

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = throttles)]
struct Throttle {
    key: String,
    attempts: i32,
    window_started_at: NaiveDateTime,
    locked_until: Option<NaiveDateTime>,
    lockouts: i32,
}

fn load(conn: &mut AnyConnection, key: &str) -> Result<Option<Throttle>, AccountError> {
    Ok(throttles::table
        .find(key)
        .select(Throttle::as_select())
        .first(conn)
        .optional()?)
}

fn minutes_left(until: NaiveDateTime, now: NaiveDateTime) -> i64 {
    let secs = (until - now).num_seconds().max(1);
    (secs + 59) / 60
}

/// Refuses when `key` is locked now.
pub fn check(conn: &mut AnyConnection, key: &str, now: NaiveDateTime) -> Result<(), AccountError> {
    match load(conn, key)?.and_then(|t| t.locked_until) {
        Some(until) if until > now => Err(AccountError::Throttled {
            minutes: minutes_left(until, now),
        }),
        _ => Ok(()),
    }
}

/// Counts one attempt against `key`. The attempt that goes over the limit
/// locks the key and is refused; attempts while locked are refused without
/// being counted, so waiting always works.
pub fn hit(conn: &mut AnyConnection, key: &str, limit: Limit, now: NaiveDateTime) -> Result<(), AccountError> {
    // Make sure the row exists without racing another first attempt (the
    // same statement works on SQLite and PostgreSQL), then take its lock
    // before reading it (an update that changes nothing), so attempts on
    // one key are counted one after the other instead of overwriting each
    // other's counts. On SQLite this also makes the transaction a writer
    // at once, so it waits its turn rather than failing later.
    diesel::sql_query(
        "INSERT INTO throttles (key, attempts, window_started_at, locked_until, lockouts) \
         VALUES ($1, 0, $2, NULL, 0) ON CONFLICT (key) DO NOTHING",
    )
    .bind::<diesel::sql_types::Text, _>(key)
    .bind::<diesel::sql_types::Timestamp, _>(now)
    .execute(conn)?;
    diesel::update(throttles::table.find(key))
        .set(throttles::attempts.eq(throttles::attempts))
        .execute(conn)?;
    check(conn, key, now)?;
    let mut t = load(conn, key)?.ok_or(AccountError::NotFound { what: "throttle" })?;
    // A lockout that ended long ago is forgiven.
    if t.locked_until.is_some_and(|u| now - u > LONGEST_LOCKOUT) {
        t.lockouts = 0;
    }
    if now - t.window_started_at > limit.window {
        t.attempts = 0;
        t.window_started_at = now;
    }
    t.attempts += 1;
    let mut refused = None;
    if t.attempts > limit.attempts {
        let factor = 1i32 << t.lockouts.clamp(0, 10);
        let length = (limit.lockout * factor).min(LONGEST_LOCKOUT);
        t.locked_until = Some(now + length);
        t.lockouts += 1;
        t.attempts = 0;
        t.window_started_at = now;
        refused = Some(AccountError::Throttled {
            minutes: minutes_left(now + length, now),
        });
    }
    diesel::update(throttles::table.find(&t.key))
        .set((
            throttles::attempts.eq(t.attempts),
            throttles::window_started_at.eq(t.window_started_at),
            throttles::locked_until.eq(t.locked_until),
            throttles::lockouts.eq(t.lockouts),
        ))
        .execute(conn)?;
    refused.map_or(Ok(()), Err)
}

/// Forgets `key`'s attempts, e.g. after a correct password.
pub fn clear(conn: &mut AnyConnection, key: &str) -> Result<(), AccountError> {
    diesel::delete(throttles::table.find(key)).execute(conn)?;
    Ok(())
}
