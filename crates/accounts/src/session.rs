//! Sessions: a signed JWT in the browser naming a row in `sessions`.
//!
//! The JWT alone is never enough: every request also reads its row (and the
//! person's roles), so signing out, "sign out everywhere", deleting an
//! account or removing a role takes effect on the very next request. The
//! JWT is short-lived and renewed as the person uses the site (sliding), and
//! the row has an absolute limit, so a stolen cookie stops working soon.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use store::schema::{account_sanctions, organisers, sessions};
use store::AnyConnection;

use crate::person::{self, Person};
use crate::roles::{roles_of, Roles};
use crate::token::random_hex;
use crate::AccountError;

/// How long a session token lasts without use.
pub const IDLE_LIFETIME: Duration = Duration::hours(2);
/// A token older than this is replaced on the next request.
pub const RENEW_AFTER: Duration = Duration::minutes(10);
/// However active someone is, they sign in again after this.
pub const MAX_LIFETIME: Duration = Duration::days(30);

/// The key that signs session tokens (HMAC-SHA256).
#[derive(Clone)]
pub struct Keys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl Keys {
    /// From a secret of at least 32 bytes.
    pub fn new(secret: &[u8]) -> Result<Keys, AccountError> {
        if secret.len() < 32 {
            return Err(AccountError::Jwt("the secret key must be at least 32 bytes".into()));
        }
        Ok(Keys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
        })
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    /// The person's id.
    sub: String,
    /// The session row's id.
    sid: String,
    iat: i64,
    exp: i64,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize)]
#[diesel(table_name = sessions)]
pub struct Session {
    #[serde(skip)]
    pub id: String,
    pub person_id: i32,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    pub user_agent: String,
}

/// A signed-in person, as every request sees them.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub person: Person,
    pub roles: Roles,
    /// Organisations (listing ids) this person is an organiser of.
    pub organiser_of: Vec<i32>,
    pub session_id: String,
    /// A fresh token to set in the cookie, when the old one is due renewal.
    pub renewed: Option<String>,
    /// Until when this same answer holds for this same token, if nothing
    /// changes meanwhile: the token's renewal time, its expiry or the
    /// session's, whichever comes first. A caller that remembers answers
    /// (the web app does, for a few seconds) asks again after this.
    pub holds_until: NaiveDateTime,
}

/// The kind of `account_sanctions` row that bans an account from the
/// site. The moderators (in `community`) write it; every way of signing in
/// ends in [`start`], which refuses it.
pub const SITE_BAN: &str = "site_ban";

/// Whether the site's moderators have banned this account. A ban has no
/// end until a moderator lifts it; lifting gives it one (`ends_at`), so the
/// row stays as a record of the ban.
pub fn is_banned(conn: &mut AnyConnection, person_id: i32) -> Result<bool, AccountError> {
    let bans: i64 = account_sanctions::table
        .filter(account_sanctions::person_id.eq(person_id))
        .filter(account_sanctions::kind.eq(SITE_BAN))
        .filter(account_sanctions::ends_at.is_null())
        .count()
        .get_result(conn)?;
    Ok(bans > 0)
}

/// Starts a session for `person_id` and returns its row and its token.
/// A banned account gets none, however it signs in.
pub fn start(
    conn: &mut AnyConnection,
    keys: &Keys,
    person_id: i32,
    user_agent: &str,
    now: NaiveDateTime,
) -> Result<(Session, String), AccountError> {
    if is_banned(conn, person_id)? {
        return Err(AccountError::Banned);
    }
    let session = Session {
        id: random_hex(24)?,
        person_id,
        created_at: now,
        last_seen_at: now,
        expires_at: now + MAX_LIFETIME,
        revoked_at: None,
        user_agent: user_agent.chars().take(200).collect(),
    };
    diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(&session.id),
            sessions::person_id.eq(session.person_id),
            sessions::created_at.eq(session.created_at),
            sessions::last_seen_at.eq(session.last_seen_at),
            sessions::expires_at.eq(session.expires_at),
            sessions::user_agent.eq(&session.user_agent),
        ))
        .execute(conn)?;
    let token = sign(keys, &session, now)?;
    Ok((session, token))
}

fn sign(keys: &Keys, session: &Session, now: NaiveDateTime) -> Result<String, AccountError> {
    let iat = now.and_utc().timestamp();
    let claims = Claims {
        sub: session.person_id.to_string(),
        sid: session.id.clone(),
        iat,
        exp: iat + IDLE_LIFETIME.num_seconds(),
    };
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &keys.encoding)
        .map_err(|e| AccountError::Jwt(e.to_string()))
}

/// Checks only the signature and expiry, without the database: the cheap
/// first step, so a junk cookie costs no query.
fn decode(keys: &Keys, token: &str, now: NaiveDateTime) -> Result<Claims, AccountError> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.leeway = 0;
    validation.validate_exp = false; // checked below against `now`, so tests can move time
    validation.required_spec_claims.clear();
    let claims = jsonwebtoken::decode::<Claims>(token, &keys.decoding, &validation)
        .map_err(|_| AccountError::NoSession)?
        .claims;
    if claims.exp <= now.and_utc().timestamp() {
        return Err(AccountError::NoSession);
    }
    Ok(claims)
}

/// Who a session token belongs to, checked against its row. Renews the
/// token when it is older than [`RENEW_AFTER`].
pub fn resolve(
    conn: &mut AnyConnection,
    keys: &Keys,
    token: &str,
    now: NaiveDateTime,
) -> Result<SignedIn, AccountError> {
    let claims = decode(keys, token, now)?;
    let person_id: i32 = claims.sub.parse().map_err(|_| AccountError::NoSession)?;
    let session: Session = sessions::table
        .find(&claims.sid)
        .filter(sessions::person_id.eq(person_id))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(now))
        .select(Session::as_select())
        .first(conn)
        .optional()?
        .ok_or(AccountError::NoSession)?;
    let person = person::get(conn, person_id).map_err(|e| match e {
        AccountError::NotFound { .. } => AccountError::NoSession,
        other => other,
    })?;
    let roles = roles_of(conn, person_id)?;
    let organiser_of = organisers::table
        .filter(organisers::person_id.eq(person_id))
        .select(organisers::listing_id)
        .order(organisers::listing_id)
        .load(conn)?;
    let renewed = if now.and_utc().timestamp() - claims.iat >= RENEW_AFTER.num_seconds() {
        diesel::update(sessions::table.find(&session.id))
            .set(sessions::last_seen_at.eq(now))
            .execute(conn)?;
        Some(sign(keys, &session, now)?)
    } else {
        None
    };
    let holds_until = [claims.iat + RENEW_AFTER.num_seconds(), claims.exp]
        .into_iter()
        .filter_map(|t| chrono::DateTime::from_timestamp(t, 0))
        .map(|t| t.naive_utc())
        .fold(session.expires_at, NaiveDateTime::min);
    Ok(SignedIn {
        person,
        roles,
        organiser_of,
        session_id: session.id,
        renewed,
        holds_until,
    })
}

/// Signs one browser out.
pub fn revoke(conn: &mut AnyConnection, session_id: &str, now: NaiveDateTime) -> Result<(), AccountError> {
    diesel::update(sessions::table.find(session_id).filter(sessions::revoked_at.is_null()))
        .set(sessions::revoked_at.eq(Some(now)))
        .execute(conn)?;
    Ok(())
}

/// Signs every browser of this person out, e.g. after a password reset.
pub fn revoke_all(conn: &mut AnyConnection, person_id: i32, now: NaiveDateTime) -> Result<usize, AccountError> {
    Ok(diesel::update(
        sessions::table
            .filter(sessions::person_id.eq(person_id))
            .filter(sessions::revoked_at.is_null()),
    )
    .set(sessions::revoked_at.eq(Some(now)))
    .execute(conn)?)
}

/// This person's sessions that still work, newest first.
pub fn active(conn: &mut AnyConnection, person_id: i32, now: NaiveDateTime) -> Result<Vec<Session>, AccountError> {
    Ok(sessions::table
        .filter(sessions::person_id.eq(person_id))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(now))
        .order(sessions::last_seen_at.desc())
        .select(Session::as_select())
        .load(conn)?)
}
