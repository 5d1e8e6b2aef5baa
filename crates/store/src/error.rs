use thiserror::Error;

/// Everything that can go wrong below the domain crates.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://…")]
    UnsupportedUrl(String),
    #[error("could not connect to the database: {0}")]
    Connection(#[from] diesel::ConnectionError),
    #[error("no database connection available: {0}")]
    Pool(#[from] r2d2::Error),
    #[error("database error: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("could not prepare the data folder {path}: {source}")]
    DataDir { path: String, source: std::io::Error },
}

impl StoreError {
    /// True when SQLite refused a write because another connection wrote
    /// first ("database is locked" when a transaction that has read tries
    /// to write). Trying the whole transaction again succeeds.
    pub fn is_busy(&self) -> bool {
        matches!(self, StoreError::Query(diesel::result::Error::DatabaseError(_, info))
            if info.message().contains("database is locked") || info.message().contains("database is busy"))
    }

    /// True when the database itself could not be reached, as opposed to a
    /// query that the database refused. The web layer answers 503 for these.
    pub fn is_unavailable(&self) -> bool {
        match self {
            StoreError::Connection(_) | StoreError::Pool(_) => true,
            StoreError::Query(diesel::result::Error::DatabaseError(kind, info)) => {
                matches!(
                    kind,
                    diesel::result::DatabaseErrorKind::ClosedConnection
                        | diesel::result::DatabaseErrorKind::UnableToSendCommand
                ) || info.message().contains("database is locked")
                    || info.message().contains("terminating connection")
                    || info.message().contains("server closed the connection")
            }
            _ => false,
        }
    }
}
