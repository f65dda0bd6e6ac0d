//! The network itself: forums, member organisations, people, their roles, and topics.

mod appointment;
mod forum;
mod membership;
mod organisation;
mod person;
mod topic;

pub use appointment::{Appointment, Role};
pub use forum::{
    COLOUR_MIN_CONTRAST, Forum, LOGO_MAX_BYTES, LogoFormat, contrast_with_white, decode_logo,
    host_problem,
};
pub use membership::{Membership, MembershipStatus};
pub use organisation::{Organisation, OrganisationKind};
pub use person::{Consent, Person};
pub use topic::{Topic, TopicPlan};
