//! The one error type of the store.

use urbis_domain::{Id, Kind, Problems};

/// What can go wrong in the store, in terms the layers above can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No record of that kind has that id.
    #[error("no {kind} with id {id}")]
    NotFound {
        /// The kind looked for.
        kind: Kind,
        /// The id looked for.
        id: Id,
    },
    /// The write clashes with what is stored (a value that must be unique, a record still in use).
    #[error("{field}: {message}")]
    Conflict {
        /// The field that clashes (empty when it is the record as a whole).
        field: String,
        /// What clashes, in words a person can act on.
        message: String,
    },
    /// No forum has the short name asked for.
    #[error("there is no forum `{name}` (known: {known})")]
    UnknownForum {
        /// The short name asked for.
        name: String,
        /// The short names of the stored forums.
        known: String,
    },
    /// The input breaks the domain's rules; every problem is listed.
    #[error("{0}")]
    Invalid(Problems),
    /// The database URL is wrong or the database cannot be reached.
    #[error("{0}")]
    Connect(String),
    /// The database's schema cannot be used or brought up to date by this urbis: a newer urbis
    /// migrated it, a released migration was changed, or a migration failed (and was undone).
    #[error("{0}")]
    Schema(String),
    /// Anything else the database reported; details are for the log.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// A stored record could not be read back (a bug or a damaged database).
    #[error("stored {kind} {id} cannot be read: {message}")]
    Corrupt {
        /// The kind of record.
        kind: Kind,
        /// Its id.
        id: String,
        /// What failed.
        message: String,
    },
}

impl From<Problems> for StoreError {
    fn from(problems: Problems) -> Self {
        StoreError::Invalid(problems)
    }
}

/// The store's result type.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
