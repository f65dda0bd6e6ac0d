//! An organisation's membership in a forum, and where it stands.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use crate::access::Access;
use crate::date::PartialDate;
use crate::id::Id;
use crate::record::{Kind, Record, RefVisitor, now, record_identity};
use crate::validation::Problems;
use crate::vocabulary::vocabulary;

vocabulary! {
    /// Where a membership stands.
    #[derive(Hash)]
    pub enum MembershipStatus {
        /// Applied, not yet admitted.
        Applied = "applied",
        /// A current member.
        Active = "active",
        /// Suspended (e.g. fees unpaid).
        Suspended = "suspended",
        /// No longer a member.
        Ended = "ended",
    }
}

/// An organisation's membership in a forum.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Membership {
    /// Stable id.
    #[serde(default = "Id::new")]
    pub id: Id,
    /// The forum the organisation is a member of.
    #[serde(skip)]
    pub forum: Id,
    /// Who may see it.
    #[serde(default)]
    pub access: Access,
    /// When it was created.
    #[serde(default = "now")]
    pub created: Timestamp,
    /// When it was last changed.
    #[serde(default = "now")]
    pub updated: Timestamp,
    /// The member organisation.
    pub organisation: Id,
    /// Member since.
    pub since: Option<PartialDate>,
    /// Member until (for ended memberships).
    pub until: Option<PartialDate>,
    /// Where the membership stands.
    pub status: MembershipStatus,
    /// The fee category, as the forum's fee rules name it.
    pub fee_category: Option<String>,
}

impl Record for Membership {
    const KIND: Kind = Kind::Membership;
    record_identity!();

    fn rules(&self, problems: &mut Problems) {
        if let (Some(since), Some(until)) = (&self.since, &self.until)
            && until.compare_known(since).is_lt()
        {
            problems.push("until", "must not be before `since`");
        }
        if self.status == MembershipStatus::Ended && self.until.is_none() {
            problems.push("until", "an ended membership needs the date it ended");
        }
    }

    fn visit_refs(&mut self, visit: &mut RefVisitor<'_>) {
        visit("organisation", Kind::Organisation, &mut self.organisation);
    }
}
