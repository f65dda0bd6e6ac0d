//! The one error type of the mail crate.

use urbis_store::StoreError;

/// What can go wrong with outgoing mail, sorted by what the caller (or the worker) does next.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The mail configuration is wrong (`URBIS_MAIL_URL`, `URBIS_MAIL_FROM`, …); the message
    /// says which setting and how to write it.
    #[error("mail configuration: {0}")]
    Config(String),
    /// A mail cannot be queued as composed (a bad address, an empty subject).
    #[error("{field}: {message}")]
    Invalid {
        /// The field of the mail at fault.
        field: String,
        /// What is wrong, in words a person can act on.
        message: String,
    },
    /// The outbox in the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The mail was refused for good (an SMTP 5xx answer, an address that cannot be used):
    /// trying again would not help.
    #[error("the mail was refused: {0}")]
    Rejected(String),
    /// The server refused the mail for now (an SMTP 4xx answer): it is tried again later.
    #[error("the mail was deferred: {0}")]
    Deferred(String),
    /// The transport cannot be reached or used right now (connection refused, TLS, timeout, a
    /// directory that cannot be written): the mail is tried again later.
    #[error("the mail transport is unavailable: {0}")]
    Unavailable(String),
}

impl MailError {
    /// Whether the failure concerns the transport as a whole, not the one mail: the worker
    /// stops its pass instead of trying the next mails against the same failure.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, MailError::Unavailable(_))
    }

    /// Whether trying the same mail again can never succeed.
    pub fn is_permanent(&self) -> bool {
        matches!(self, MailError::Rejected(_) | MailError::Invalid { .. })
    }
}

/// The mail crate's result type.
pub type Result<T, E = MailError> = std::result::Result<T, E>;
