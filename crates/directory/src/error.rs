use thiserror::Error;

/// What the directory can refuse or fail at. `web` maps each variant to a
/// status code once, so handlers never decide that themselves.
#[derive(Debug, Error)]
pub enum DirectoryError {
    #[error(transparent)]
    Store(#[from] store::StoreError),
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
