//! Data protection (GDPR) in the store: who refers to a record, a person's registrations and
//! mail, guest data past its retention period, and the one transaction that anonymises —
//! records, the account, and every trace in the audit log — all at once or not at all.

mod erasure;
mod export;
mod retention;
mod scrub;

use urbis_domain::events::Guest;
use urbis_domain::{Id, Kind};

use crate::error::StoreError;

pub use erasure::{Anonymisation, AnonymisationCounts};
pub(crate) use scrub::scrub_audit;

/// The marker that takes the place of erased personal data, in records and in the audit log.
/// Deliberately not translated: it is data, not interface text.
pub const ERASED: &str = "[erased]";

/// The address that takes the place of an erased email: unique per record (so unique indexes
/// still hold), valid in form, and never deliverable (`.invalid` is reserved, RFC 2606).
pub fn erased_email(id: &Id) -> String {
    format!("erased-{id}@erased.invalid")
}

/// True for an address made by [`erased_email`].
pub fn is_erased_email(email: &str) -> bool {
    email.starts_with("erased-") && email.ends_with("@erased.invalid")
}

/// True for a guest whose personal data is already gone.
pub fn is_anonymous_guest(guest: &Guest) -> bool {
    guest.name == ERASED && is_erased_email(&guest.email) && guest.organisation.is_none()
}

/// A stored value that cannot be read back, named by kind and id.
fn corrupt(kind: Kind, id: &str, message: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        kind,
        id: id.to_owned(),
        message: message.to_string(),
    }
}

#[cfg(test)]
mod tests;
