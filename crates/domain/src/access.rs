//! Who may see a record.

use serde::{Deserialize, Serialize};

/// The access level of a record: the one attribute every read path asks about.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// Anyone, logged in or not.
    #[default]
    Public,
    /// Logged-in members of the forum (and staff).
    Members,
    /// The office only.
    Staff,
}

impl Access {
    /// Every level, least restricted first.
    pub const ALL: [Access; 3] = [Access::Public, Access::Members, Access::Staff];

    /// The level as stored and written in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Public => "public",
            Access::Members => "members",
            Access::Staff => "staff",
        }
    }

    /// Parses the stored text form.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == text)
    }

    /// The default for members-only record types (collections and their entries).
    pub fn members() -> Self {
        Access::Members
    }

    /// The levels a viewer cleared for `self` may see: `Members` sees public and members.
    pub fn visible_levels(self) -> &'static [Access] {
        match self {
            Access::Public => &Self::ALL[..1],
            Access::Members => &Self::ALL[..2],
            Access::Staff => &Self::ALL[..],
        }
    }
}
