//! Record identifiers.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

/// The stable identity of a record: a UUIDv7 as text once stored.
///
/// In an import file an id may also be a local key (`org-essen`) so that people can write
/// readable files; the import replaces every key with a fresh UUIDv7 before anything is stored.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Id(String);

impl Id {
    /// A fresh UUIDv7: time-ordered, so ids sort by creation.
    pub fn new() -> Self {
        Self(Uuid::now_v7().to_string())
    }

    /// Wraps text that is already an id or key, unchecked.
    pub fn from_text(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when this is a stored id (a UUID), false for an import key or an unset id.
    pub fn is_uuid(&self) -> bool {
        self.0.len() == 36 && Uuid::parse_str(&self.0).is_ok()
    }

    /// True when this is a local import key: lowercase letters, digits, `-`, `_`, `.` or `:`.
    pub fn is_key(&self) -> bool {
        !self.0.is_empty()
            && self.0.len() <= 100
            && !self.is_uuid()
            && self
                .0
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.:".contains(c))
    }

    /// True when the id has not been set yet.
    pub fn is_unset(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({})", self.0)
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let id = Id(text);
        if id.is_uuid() || id.is_key() {
            Ok(id)
        } else {
            Err(serde::de::Error::custom(format!(
                "`{}` is neither a UUID nor a key (lowercase letters, digits, - _ . :)",
                crate::validation::quoted(&id.0)
            )))
        }
    }
}
