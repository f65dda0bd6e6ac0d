//! The one error type of the use cases.

use urbis_domain::Problems;
use urbis_store::StoreError;

/// What a use case can fail with, each in words a person can act on. Login failures never
/// say whether an account exists.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The store failed (the database, a damaged record): details are for the log.
    #[error(transparent)]
    Store(StoreError),
    /// No record of that kind has that id (or the viewer may not know it exists).
    #[error("no {kind} with id {id}")]
    NotFound {
        /// The kind looked for.
        kind: urbis_domain::Kind,
        /// The id looked for.
        id: urbis_domain::Id,
    },
    /// The write clashes with what is stored (a value that must be unique, a record in use).
    #[error("{field}: {message}")]
    Conflict {
        /// The field that clashes (empty when it is the record as a whole).
        field: String,
        /// What clashes, in words a person can act on.
        message: String,
    },
    /// The input breaks a rule; every problem is listed.
    #[error("{0}")]
    Invalid(Problems),
    /// Email and password (or the code) do not match an active account.
    #[error("the email address or the password is wrong")]
    WrongCredentials,
    /// The second factor is wrong or was already used.
    #[error("the code is wrong or was already used")]
    WrongCode,
    /// Too many failed attempts; the caller must wait.
    #[error("too many failed attempts: try again in {seconds} seconds")]
    Throttled {
        /// How long to wait.
        seconds: i64,
    },
    /// A link (invitation, password reset) is unknown, used or expired.
    #[error("this link is no longer valid: it was used already or has expired")]
    InvalidToken,
    /// A link that is known but expired (a guest's confirmation link after 48 hours).
    #[error("this link has expired")]
    LinkExpired,
    /// Too many requests of one kind from one client address or for one email address (guest
    /// registrations, which send mail); nothing was done, and the caller must wait.
    #[error("too many requests: try again in {seconds} seconds")]
    RateLimited {
        /// How long to wait.
        seconds: i64,
    },
    /// No account has this id.
    #[error("there is no account with id {id}")]
    UnknownUser {
        /// The id looked for.
        id: urbis_domain::Id,
    },
    /// The event does not exist, or the viewer may not see it.
    #[error("there is no such event")]
    UnknownEvent,
    /// The event takes no registrations.
    #[error("this event takes no registrations")]
    NoRegistration,
    /// Registration has not opened yet.
    #[error("registration for this event has not opened yet")]
    RegistrationNotOpen,
    /// Registration has closed.
    #[error("registration for this event has closed")]
    RegistrationClosed,
    /// Every seat is taken and there is no waiting list.
    #[error("this event is full")]
    EventFull,
    /// The person or guest email is registered for the event already.
    #[error("already registered for this event")]
    AlreadyRegistered,
    /// Only logged-in members may register for this event.
    #[error("only members may register for this event: please log in")]
    MembersOnly,
    /// The viewer may not do this (an office task, say).
    #[error("you may not do this")]
    Forbidden,
    /// A list could not be written as CSV or XLSX (should never happen).
    #[error("cannot write the list: {0}")]
    Export(String),
    /// The file storage failed (not the uploader's fault).
    #[error("file storage failed: {0}")]
    Files(String),
    /// The annual report could not be written (typesetting, a year out of range).
    #[error("cannot write the report: {0}")]
    Report(String),
    /// A mail could not be queued.
    #[error("cannot queue the mail: {0}")]
    Mail(String),
    /// The system's random source failed (should never happen).
    #[error("no secure random numbers available: {0}")]
    Random(String),
    /// Hashing a password failed (should never happen).
    #[error("cannot hash the password: {0}")]
    Hash(String),
}

impl From<StoreError> for AppError {
    /// What the layers above act on (not found, invalid, a clash) becomes a variant of its own;
    /// the rest stays the store's.
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound { kind, id } => AppError::NotFound { kind, id },
            StoreError::Invalid(problems) => AppError::Invalid(problems),
            StoreError::Conflict { field, message } => AppError::Conflict { field, message },
            other => AppError::Store(other),
        }
    }
}

impl From<Problems> for AppError {
    fn from(problems: Problems) -> Self {
        AppError::Invalid(problems)
    }
}
