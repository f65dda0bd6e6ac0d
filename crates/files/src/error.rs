//! The one error type of the files layer.

/// What can go wrong with a file, in words the uploader can act on.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The file is larger than the configured limit.
    #[error("the file is too large: at most {limit_mb} MB are accepted")]
    TooLarge {
        /// The limit, in megabytes.
        limit_mb: u64,
    },
    /// The file is empty.
    #[error("`{name}` is empty")]
    Empty {
        /// The file name.
        name: String,
    },
    /// The kind of file is not accepted at all.
    #[error(
        "`{name}`: files of this type are not accepted (accepted: PDF, Word, Excel, PowerPoint, OpenDocument, images, plain text)"
    )]
    NotAllowed {
        /// The file name.
        name: String,
    },
    /// The content is not what the name says (an `.exe` renamed to `.pdf`).
    #[error("`{name}` is not a {expected} file: its content is {found}")]
    Disguised {
        /// The file name.
        name: String,
        /// What the name promises.
        expected: String,
        /// What the content is.
        found: String,
    },
    /// The file is damaged: its text cannot be read.
    #[error("`{name}` is damaged and cannot be read ({reason})")]
    Broken {
        /// The file name.
        name: String,
        /// What failed.
        reason: String,
    },
    /// The configuration is wrong.
    #[error("file storage: {0}")]
    Config(String),
    /// The object store failed; details are for the log.
    #[error("file storage failed: {0}")]
    Storage(String),
    /// No file is stored under the key.
    #[error("no stored file `{0}`")]
    NotFound(String),
}

/// The files layer's result type.
pub type Result<T, E = FileError> = std::result::Result<T, E>;
