use thiserror::Error;

/// What the accounts crate can refuse or fail at. `web` maps each variant to
/// an answer once, so handlers never choose status codes themselves.
#[derive(Debug, Error)]
pub enum AccountError {
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error(transparent)]
    Mail(#[from] mail::MailError),
    #[error("{what} not found")]
    NotFound { what: &'static str },
    /// Bad input, with the field it belongs to so a form can show the
    /// message next to it.
    #[error("{message}")]
    Invalid { field: &'static str, message: String },
    /// Too many attempts: try again after this many minutes.
    #[error("Too many attempts — try again in {}", minutes_words(*minutes))]
    Throttled { minutes: i64 },
    /// The email and password do not match an account (deliberately vague:
    /// it does not say which was wrong, so it does not reveal accounts).
    #[error("Enter a correct email address and password")]
    WrongCredentials,
    /// The link was used, has expired, or never existed.
    #[error("This link has expired or has already been used")]
    BadToken,
    /// The site's moderators banned this account, so it cannot sign in.
    #[error("This account has been closed by the site's moderators, so you cannot sign in.")]
    Banned,
    /// The session is missing, expired or revoked.
    #[error("You have been signed out")]
    NoSession,
    #[error("could not hash the password: {0}")]
    Hash(String),
    #[error("could not sign or read the session token: {0}")]
    Jwt(String),
    #[error("no system randomness: {0}")]
    Random(String),
}

impl From<diesel::result::Error> for AccountError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => AccountError::NotFound { what: "record" },
            other => AccountError::Store(store::StoreError::Query(other)),
        }
    }
}

impl AccountError {
    /// Refusals that must still be recorded: a wrong password and a
    /// throttled request count against the limits, so the transaction that
    /// refused them commits (journeys throttle before writing anything
    /// else, so nothing but the count is kept).
    pub fn keeps_writes(&self) -> bool {
        matches!(self, AccountError::WrongCredentials | AccountError::Throttled { .. })
    }

    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        AccountError::Invalid {
            field,
            message: message.into(),
        }
    }
}

/// "10 minutes", "1 minute", "2 hours".
pub fn minutes_words(minutes: i64) -> String {
    let m = minutes.max(1);
    if m >= 120 {
        format!("{} hours", (m + 59) / 60)
    } else if m == 1 {
        "1 minute".to_owned()
    } else {
        format!("{m} minutes")
    }
}
