//! Passwords: argon2id with the crate's defaults (19 MiB, 2 passes, 1 lane:
//! OWASP's recommended minimum), checked on the server only.
//!
//! Hashing takes tens of milliseconds of a core on purpose. Callers run it
//! off request threads (the web layer has one hashing thread), so a burst of
//! sign-ins cannot starve page requests.

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;

use crate::AccountError;

pub const MIN_LEN: usize = 8;
pub const MAX_LEN: usize = 256;

/// A few passwords so common they are guessed first; refused with a message.
const TOO_COMMON: &[&str] = &[
    "password",
    "password1",
    "12345678",
    "123456789",
    "1234567890",
    "qwertyuiop",
    "iloveyou",
    "letmein1",
    "11111111",
    "abc12345",
    "welcome1",
    "passw0rd",
    "football",
    "00000000",
    "qwerty123",
];

/// Checks a new password. Any characters are allowed, including spaces, so
/// pass phrases and password managers both work.
pub fn check_new(password: &str) -> Result<(), AccountError> {
    let n = password.chars().count();
    if n == 0 {
        return Err(AccountError::invalid("password", "Enter a password"));
    }
    if n < MIN_LEN {
        return Err(AccountError::invalid(
            "password",
            format!("Password must be {MIN_LEN} characters or more"),
        ));
    }
    if n > MAX_LEN {
        return Err(AccountError::invalid(
            "password",
            format!("Password must be {MAX_LEN} characters or fewer"),
        ));
    }
    if TOO_COMMON.contains(&password.to_lowercase().as_str()) {
        return Err(AccountError::invalid(
            "password",
            "That password is too easy to guess. Try three random words",
        ));
    }
    Ok(())
}

/// A PHC string (`$argon2id$v=19$…`) with a fresh random salt.
pub fn hash(password: &str) -> Result<String, AccountError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AccountError::Hash(e.to_string()))
}

/// True when `password` matches `stored`. With no stored hash (an unknown
/// account, or one that signs in only by link) the same work is done
/// against a dummy hash, so the answer's timing does not reveal which
/// addresses have accounts.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    let Some(stored) = stored else {
        let dummy = DUMMY.get_or_init(|| hash("not a real password").unwrap_or_default());
        let _ = matches(password, dummy);
        return false;
    };
    matches(password, stored)
}

fn matches(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_salted_and_verify() {
        let a = hash("correct horse battery").unwrap();
        let b = hash("correct horse battery").unwrap();
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify("correct horse battery", Some(&a)));
        assert!(!verify("correct horse battery!", Some(&a)));
        assert!(!verify("anything", None));
        assert!(!verify("not a real password", None), "the dummy never signs anyone in");
        assert!(!verify("x", Some("garbage")));
    }

    #[test]
    fn new_passwords_are_checked_with_messages() {
        assert!(check_new("three random words").is_ok());
        assert!(check_new("pässwörd ok").is_ok());
        for bad in ["", "short", "password", "PASSWORD1", &"x".repeat(300)] {
            let Err(AccountError::Invalid { field, message }) = check_new(bad) else {
                panic!("{bad:?} accepted");
            };
            assert_eq!(field, "password");
            assert!(!message.is_empty());
        }
    }
}
