//! The one error type of the report.

use urbis_store::StoreError;

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The store could not be read.
    #[error("{0}")]
    Store(#[from] StoreError),
    /// The store holds no forum at all.
    #[error("the store holds no forum yet: run `urbis demo` or `urbis import FILE` first")]
    NoForum,
    /// The year is outside what records can hold.
    #[error("the year {0} is out of range (1900 to 2199)")]
    Year(i16),
    /// Typesetting the PDF failed (a bug in the generated source, or a missing font).
    #[error("the PDF could not be typeset: {0}")]
    Typeset(String),
    /// A job handed to the typesetting process is damaged.
    #[error("the PDF job is damaged: {0}")]
    Job(String),
}

/// The report's result type.
pub type Result<T, E = ReportError> = std::result::Result<T, E>;
