use directory::DirectoryError;
use thiserror::Error;

/// What community journeys can refuse or fail at. `web` maps each variant
/// to a status code once.
#[derive(Debug, Error)]
pub enum CommunityError {
    #[error(transparent)]
    Store(#[from] store::StoreError),
    /// An email could not be built or queued. The change that caused it is
    /// rolled back: nobody is moved off a waiting list without being told.
    #[error(transparent)]
    Mail(#[from] mail::MailError),
    #[error(transparent)]
    Directory(DirectoryError),
    /// From an accounts step run in the same transaction (deleting an
    /// account, which first gives up its places).
    #[error(transparent)]
    Account(#[from] accounts::AccountError),
    /// Also the answer to someone who may not see the thing, so guessing
    /// ids shows nothing.
    #[error("{what} not found")]
    NotFound { what: &'static str },
    /// A link from an email that worked but is now too old (a contact
    /// reply link after its days): the page says so, rather than "not
    /// found".
    #[error("{what} expired")]
    Expired { what: &'static str },
    /// Someone who may see the thing but not do this to it: a non-member
    /// posting in a group's discussions, a member trying to moderate.
    #[error("not allowed")]
    NotAllowed,
    /// Bad input or a step that does not apply, with the field it belongs
    /// to so a form can show the message next to it.
    #[error("{message}")]
    Invalid { field: &'static str, message: String },
}

impl From<diesel::result::Error> for CommunityError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => CommunityError::NotFound { what: "record" },
            other => CommunityError::Store(store::StoreError::Query(other)),
        }
    }
}

impl From<DirectoryError> for CommunityError {
    fn from(e: DirectoryError) -> Self {
        match e {
            DirectoryError::NotFound { what } => CommunityError::NotFound { what },
            DirectoryError::Store(s) => CommunityError::Store(s),
            DirectoryError::Mail(m) => CommunityError::Mail(m),
            other => CommunityError::Directory(other),
        }
    }
}

impl CommunityError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        CommunityError::Invalid {
            field,
            message: message.into(),
        }
    }

    /// SQLite's "database is locked": the whole transaction is worth
    /// another try.
    pub fn is_busy(&self) -> bool {
        match self {
            CommunityError::Store(e)
            | CommunityError::Mail(mail::MailError::Store(e))
            | CommunityError::Account(accounts::AccountError::Store(e)) => e.is_busy(),
            _ => false,
        }
    }
}
