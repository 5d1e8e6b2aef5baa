use std::path::PathBuf;

use thiserror::Error;

/// What the search engine can fail at. None of these is the searcher's
/// fault: bad query parameters are a [`crate::ParamError`] instead.
#[derive(Debug, Error)]
pub enum SearchError {
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error(transparent)]
    Directory(#[from] directory::DirectoryError),
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("could not open the search index in {}: another process is writing to it", path.display())]
    Locked { path: PathBuf },
    #[error("could not prepare the search index folder {}: {source}", path.display())]
    Folder { path: PathBuf, source: std::io::Error },
    #[error("{}:{line}: {message}", path.display())]
    Synonyms {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("could not read the synonyms file {}: {source}", path.display())]
    SynonymsFile { path: PathBuf, source: std::io::Error },
    #[error("the search index writer has stopped")]
    Stopped,
    #[error("could not start the search index writer: {0}")]
    Thread(std::io::Error),
    #[error("benchmark failed: {0}")]
    Bench(String),
}

impl From<diesel::result::Error> for SearchError {
    fn from(e: diesel::result::Error) -> Self {
        SearchError::Store(store::StoreError::Query(e))
    }
}
