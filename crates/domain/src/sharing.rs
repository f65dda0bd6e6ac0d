//! Sharing across the umbrella: a forum's record may be shown in its umbrella, or in the
//! umbrella and every forum under it, so that one calendar and portal serves the whole network.

use crate::network::Forum;
use crate::vocabulary::vocabulary;

/// Why a record of a forum without an umbrella cannot be shared with one.
pub const NO_UMBRELLA: &str = "only a forum that belongs to an umbrella can share with it";

vocabulary! {
    /// Where a record is shown beyond its own forum.
    #[derive(Hash, Default)]
    pub enum Shared {
        /// Only in its own forum.
        #[default]
        Forum = "forum",
        /// Also in the umbrella of its forum.
        Umbrella = "umbrella",
        /// In the umbrella and in every forum under it.
        AllForums = "all_forums",
    }
}

impl Shared {
    /// True for the default, so that exports of unshared records stay as they were.
    pub fn is_forum(&self) -> bool {
        *self == Shared::Forum
    }

    /// What is wrong with this choice for a record of `owner`, if anything: sharing with an
    /// umbrella needs one.
    pub fn problem(self, owner: &Forum) -> Option<&'static str> {
        (self == Shared::Umbrella && owner.umbrella.is_none()).then_some(NO_UMBRELLA)
    }

    /// Is a record of `owner` shared like this shown in forum `here`?
    pub fn reaches(self, owner: &Forum, here: &Forum) -> bool {
        if owner.id == here.id {
            return true;
        }
        let to_umbrella = owner.umbrella.as_ref() == Some(&here.id);
        match self {
            Shared::Forum => false,
            Shared::Umbrella => to_umbrella,
            Shared::AllForums => {
                to_umbrella
                    || here.umbrella.as_ref() == Some(&owner.id)
                    || (owner.umbrella.is_some() && here.umbrella == owner.umbrella)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::Id;

    fn forum(name: &str, umbrella: Option<&Forum>) -> Forum {
        let mut forum: Forum = serde_json::from_value(serde_json::json!({
            "name": name, "short_name": name, "languages": ["de"]
        }))
        .unwrap();
        forum.umbrella = umbrella.map(|u| u.id.clone());
        forum
    }

    #[test]
    fn sharing_reaches_the_umbrella_and_its_forums_only() {
        let umbrella = forum("EFUS", None);
        let de = forum("DEFUS", Some(&umbrella));
        let fr = forum("FFSU", Some(&umbrella));
        let stranger = forum("OTHER", None);
        assert!(Shared::AllForums.reaches(&umbrella, &de));
        assert!(Shared::AllForums.reaches(&de, &fr), "siblings");
        assert!(Shared::AllForums.reaches(&de, &umbrella));
        assert!(!Shared::AllForums.reaches(&umbrella, &stranger));
        assert!(!Shared::AllForums.reaches(&stranger, &de));
        assert!(Shared::Umbrella.reaches(&de, &umbrella));
        assert!(!Shared::Umbrella.reaches(&de, &fr));
        assert!(!Shared::Umbrella.reaches(&umbrella, &de));
        assert!(!Shared::Forum.reaches(&umbrella, &de));
        assert!(Shared::Forum.reaches(&de, &de));
        let mut lonely = forum("X", None);
        lonely.id = Id::new();
        assert!(Shared::Umbrella.problem(&lonely).is_some());
        assert!(Shared::Umbrella.problem(&de).is_none());
        assert!(Shared::AllForums.problem(&lonely).is_none());
    }
}
