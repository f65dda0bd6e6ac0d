//! The relational store of urbis, the one truth: SQLite by default, PostgreSQL for
//! scale-out, one schema and one implementation for every record kind.

mod accounts;
mod advocacy;
mod api_tokens;
mod audit;
mod backup;
mod batch;
mod calendar;
mod changes;
mod confirmations;
mod connect;
mod dataset;
mod error;
mod events;
mod files;
mod health;
mod knowledge;
mod limits;
mod mail;
mod network;
mod notices;
mod plans;
mod portal;
mod privacy;
mod projects;
mod records;
mod registrations;
mod report;
mod resolve;
mod schema;
mod sharing;
mod store;
mod table;
mod write;

pub use accounts::{Secrets, Session, TokenPurpose};
pub use api_tokens::{ApiScope, ApiToken};
pub use backup::{BackupCounts, BackupSink, Restore, TableShape};
pub use changes::{Change, Operation};
pub use confirmations::PendingLinks;
pub use connect::{Backend, DEFAULT_URL, DatabaseUrl, redact};
pub use dataset::ImportSummary;
pub use error::{Result, StoreError};
pub use limits::Limit;
pub use mail::{Attachment, MAIL_LEASE, MailStatus, OutboxFigures, OutgoingMail, QueuedMail};
pub use notices::{Notice, NoticeKind};
pub use portal::DeadlineSubscription;
pub use privacy::{
    Anonymisation, AnonymisationCounts, ERASED, erased_email, is_anonymous_guest, is_erased_email,
};
pub use records::ListQuery;
pub use registrations::DecidedMails;
pub use schema::Migrations;
pub use store::Store;
pub use table::{Stored, Value};
