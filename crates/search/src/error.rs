//! The one error type of the search crate.

use urbis_store::StoreError;

/// What can go wrong while indexing or searching.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The search text is longer than a search needs.
    #[error("the search text is {length} characters long; at most {max} are searched")]
    QueryTooLong {
        /// Its length in characters.
        length: usize,
        /// The longest accepted.
        max: usize,
    },
    /// A result page beyond what is ever shown.
    #[error("page `{page}` does not exist: pages go from 1 to {max}")]
    Page {
        /// The page asked for, as given.
        page: String,
        /// The last page that can be asked for.
        max: u64,
    },
    /// The index directory cannot be used.
    #[error("the search index in {dir}: {message}")]
    Directory {
        /// The directory.
        dir: String,
        /// What is wrong.
        message: String,
    },
    /// The index itself failed (details for the log).
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A background indexing task stopped unexpectedly.
    #[error("the indexing task failed: {0}")]
    Task(String),
}

/// The search crate's result type.
pub type Result<T, E = SearchError> = std::result::Result<T, E>;
