//! The roles people hold in a forum, for a period.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use crate::access::Access;
use crate::date::PartialDate;
use crate::id::Id;
use crate::record::{Kind, Record, RefVisitor, now, record_identity};
use crate::text::Text;
use crate::validation::Problems;
use crate::vocabulary::vocabulary;

vocabulary! {
    /// A role a person holds in a forum.
    #[derive(Hash)]
    pub enum Role {
        /// Chair of the board.
        BoardChair = "board_chair",
        /// Deputy chair of the board.
        DeputyChair = "deputy_chair",
        /// A member of the board.
        BoardMember = "board_member",
        /// Managing director of the office.
        ManagingDirector = "managing_director",
        /// Researcher in the office.
        Researcher = "researcher",
        /// Staff of a project.
        ProjectStaff = "project_staff",
        /// Accounting.
        Accounting = "accounting",
        /// IT and internal services.
        It = "it",
        /// Any other office role.
        Other = "other",
    }
}

impl Role {
    /// True for board roles, false for the office.
    pub fn is_board(self) -> bool {
        matches!(
            self,
            Role::BoardChair | Role::DeputyChair | Role::BoardMember
        )
    }
}

/// A person's role in the forum for a period ("joined in April").
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Appointment {
    /// Stable id.
    #[serde(default = "Id::new")]
    pub id: Id,
    /// The forum the record belongs to.
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
    /// The person.
    pub person: Id,
    /// The role.
    pub role: Role,
    /// The title as printed, when it says more than the role ("scientific project staff").
    pub title: Option<Text>,
    /// Start of the appointment, often only a month.
    pub start: Option<PartialDate>,
    /// End of the appointment.
    pub end: Option<PartialDate>,
    /// A remark ("re-elected at the general meeting").
    pub note: Option<Text>,
    /// Order among the forum's appointments, lowest first.
    #[serde(default)]
    pub position: i32,
}

impl Record for Appointment {
    const KIND: Kind = Kind::Appointment;
    record_identity!();

    fn rules(&self, problems: &mut Problems) {
        if let (Some(start), Some(end)) = (&self.start, &self.end)
            && end.compare_known(start).is_lt()
        {
            problems.push("end", "must not be before `start`");
        }
    }

    fn visit_refs(&mut self, visit: &mut RefVisitor<'_>) {
        visit("person", Kind::Person, &mut self.person);
    }
}
