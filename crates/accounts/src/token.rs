//! Single-use links sent by email. The link carries a random token; the
//! database keeps only its SHA-256, so a leaked copy of the database cannot
//! be turned into working links.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use sha2::{Digest, Sha256};
use store::schema::email_tokens;
use store::AnyConnection;

use crate::AccountError;

/// What a link is for, and so how long it lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Confirms the address of a new account, and signs the person in.
    VerifyEmail,
    /// Signs in without a password.
    SignIn,
    ResetPassword,
    /// Moves an account to the address in the token's `email`.
    ChangeEmail,
}

impl Purpose {
    fn code(self) -> &'static str {
        match self {
            Purpose::VerifyEmail => "verify_email",
            Purpose::SignIn => "sign_in",
            Purpose::ResetPassword => "reset_password",
            Purpose::ChangeEmail => "change_email",
        }
    }

    /// Sign-in and reset links are short-lived: they are as good as a
    /// password while they last.
    pub fn lifetime(self) -> Duration {
        match self {
            Purpose::VerifyEmail | Purpose::ChangeEmail => Duration::hours(24),
            Purpose::SignIn => Duration::minutes(30),
            Purpose::ResetPassword => Duration::hours(1),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = email_tokens)]
pub struct EmailToken {
    pub id: i32,
    pub token_hash: String,
    pub purpose: String,
    pub person_id: Option<i32>,
    pub email: String,
    pub listing_id: Option<i32>,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

#[derive(Insertable)]
#[diesel(table_name = email_tokens)]
struct NewEmailToken<'a> {
    token_hash: &'a str,
    purpose: &'a str,
    person_id: Option<i32>,
    email: &'a str,
    listing_id: Option<i32>,
    created_at: NaiveDateTime,
    expires_at: NaiveDateTime,
}

/// 32 random bytes as hex: for link tokens and session ids.
pub fn random_hex(bytes: usize) -> Result<String, AccountError> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(|e| AccountError::Random(e.to_string()))?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

fn digest(raw: &str) -> String {
    Sha256::digest(raw.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Makes a link token and returns the raw value to put in the email. Older
/// unused tokens of the same purpose for the same person stop working, so
/// only the newest link in someone's inbox signs them in.
pub fn issue(
    conn: &mut AnyConnection,
    purpose: Purpose,
    person_id: i32,
    email: &str,
    now: NaiveDateTime,
) -> Result<String, AccountError> {
    diesel::update(
        email_tokens::table
            .filter(email_tokens::person_id.eq(person_id))
            .filter(email_tokens::purpose.eq(purpose.code()))
            .filter(email_tokens::used_at.is_null()),
    )
    .set(email_tokens::used_at.eq(Some(now)))
    .execute(conn)?;
    let raw = random_hex(32)?;
    let hash = digest(&raw);
    diesel::insert_into(email_tokens::table)
        .values(NewEmailToken {
            token_hash: &hash,
            purpose: purpose.code(),
            person_id: Some(person_id),
            email,
            listing_id: None,
            created_at: now,
            expires_at: now + purpose.lifetime(),
        })
        .execute(conn)?;
    Ok(raw)
}

/// The live token for a link, without using it up: for the page that asks
/// "sign in?" before the button that does.
pub fn peek(
    conn: &mut AnyConnection,
    raw: &str,
    purpose: Purpose,
    now: NaiveDateTime,
) -> Result<EmailToken, AccountError> {
    if raw.len() != 64 || !raw.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AccountError::BadToken);
    }
    email_tokens::table
        .filter(email_tokens::token_hash.eq(digest(raw)))
        .filter(email_tokens::purpose.eq(purpose.code()))
        .filter(email_tokens::used_at.is_null())
        .filter(email_tokens::expires_at.gt(now))
        .select(EmailToken::as_select())
        .first(conn)
        .optional()?
        .ok_or(AccountError::BadToken)
}

/// Uses a token up. Two requests racing with the same link: one wins, the
/// other gets `BadToken`, because the update only succeeds while unused.
pub fn consume(
    conn: &mut AnyConnection,
    raw: &str,
    purpose: Purpose,
    now: NaiveDateTime,
) -> Result<EmailToken, AccountError> {
    let token = peek(conn, raw, purpose, now)?;
    let n = diesel::update(
        email_tokens::table
            .find(token.id)
            .filter(email_tokens::used_at.is_null()),
    )
    .set(email_tokens::used_at.eq(Some(now)))
    .execute(conn)?;
    if n == 0 {
        return Err(AccountError::BadToken);
    }
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_stable_hex() {
        let d = digest("abc");
        assert_eq!(d.len(), 64);
        assert_eq!(d, digest("abc"));
        assert_ne!(d, digest("abd"));
        assert_eq!(random_hex(32).unwrap().len(), 64);
    }
}
