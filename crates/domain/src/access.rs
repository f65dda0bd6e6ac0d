//! Who may see a record.

use crate::vocabulary::vocabulary;

vocabulary! {
    /// The access level of a record: the one attribute every read path asks about.
    #[derive(PartialOrd, Ord, Hash, Default)]
    pub enum Access {
        // Least restricted first: `visible_levels` and the ordering rely on it.
        /// Anyone, logged in or not.
        #[default]
        Public = "public",
        /// Logged-in members of the forum (and staff).
        Members = "members",
        /// The office only.
        Staff = "staff",
    }
}

impl Access {
    /// The default for members-only record types (collections and their entries).
    pub fn members() -> Self {
        Access::Members
    }

    /// The levels a viewer cleared for `self` may see: `Members` sees public and members.
    pub fn visible_levels(self) -> &'static [Access] {
        match self {
            Access::Public => &Self::ALL[..1],
            Access::Members => &Self::ALL[..2],
            Access::Staff => Self::ALL,
        }
    }
}
