//! Data protection (GDPR): consent records per person and purpose, a copy of everything stored
//! about a person, erasure that anonymises a person everywhere while the figures (registrations
//! per event) stay right, and the retention rule for the data of guests.
//!
//! The functions trust their caller: the command line runs as the operator, and the web asks
//! [`may_handle_personal_data`] first.

mod consent;
mod erasure;
mod export;
mod retention;
mod traces;

use urbis_domain::accounts::ForumRole;
use urbis_domain::network::Person;
use urbis_domain::{Id, Viewer};

pub use urbis_store::ERASED;

pub use consent::{current_consents, record_consent};
pub use erasure::{ERASURE_PURPOSE, ErasureReport, erase_person, preview_erasure};
pub use export::{EXPORT_FORMAT, personal_data, personal_data_for_user};
pub use retention::{
    DEFAULT_RETENTION_DAYS, MAX_RETENTION_DAYS, RETENTION_ENV, apply_retention,
    configured_retention, event_over_at, retention_period,
};

/// May this viewer see, export and erase the personal data of people in a forum? The office
/// only: members never handle other people's data.
pub fn may_handle_personal_data(viewer: &Viewer, forum: &Id) -> bool {
    matches!(
        viewer.role(forum),
        Some(ForumRole::Staff | ForumRole::Admin)
    )
}

/// True once a person's data has been erased.
pub fn is_erased(person: &Person) -> bool {
    person.given_name == ERASED && person.family_name == ERASED
}
