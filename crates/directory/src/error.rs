use thiserror::Error;

/// What the directory can refuse or fail at. `web` maps each variant to a
/// status code once, so handlers never decide that themselves.
#[derive(Debug, Error)]
pub enum DirectoryError {
    #[error(transparent)]
    Store(#[from] store::StoreError),
    /// An email could not be built (a bad address or link). Emails are
    /// queued in the same transaction as the change, so the change is
    /// refused rather than made silently.
    #[error(transparent)]
    Mail(#[from] mail::MailError),
    /// A stored snapshot that no longer reads back: a bug, never user input.
    #[error("a stored listing version could not be read: {0}")]
    Snapshot(#[from] serde_json::Error),
    /// The system's random source failed, so no secret link could be made.
    #[error("no randomness available: {0}")]
    Random(String),
    /// Only editors may do this. Organisers acting on something that is not
    /// theirs get `NotFound` instead, so they learn nothing about it.
    #[error("only editors can do that")]
    Forbidden,
    #[error("{what} not found")]
    NotFound { what: &'static str },
    /// Bad input, with the field it belongs to so a form can show the
    /// message next to it.
    #[error("{message}")]
    Invalid { field: &'static str, message: String },
}

impl From<diesel::result::Error> for DirectoryError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => DirectoryError::NotFound { what: "record" },
            other => DirectoryError::Store(store::StoreError::Query(other)),
        }
    }
}

impl DirectoryError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        DirectoryError::Invalid {
            field,
            message: message.into(),
        }
    }
}
