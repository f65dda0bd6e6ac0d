//! The audit log: who changed which record, when, and which fields.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use crate::id::Id;
use crate::record::Kind;
use crate::vocabulary::vocabulary;

vocabulary! {
    /// What happened to a record.
    #[derive(Hash)]
    pub enum AuditAction {
        /// It was created.
        Create = "create",
        /// It was changed.
        Update = "update",
        /// It was deleted.
        Delete = "delete",
    }
}

/// One field's value before and after a change (`null` when absent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldChange {
    /// The field, as named in files (`title`, `capacity`).
    pub field: String,
    /// The value before.
    pub old: serde_json::Value,
    /// The value after.
    pub new: serde_json::Value,
}

/// One change of one record.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditEntry {
    /// Stable id (time-ordered).
    pub id: Id,
    /// When.
    pub at: Timestamp,
    /// The account that made the change; none for the command line and imports.
    pub actor: Option<Id>,
    /// The kind of record.
    pub kind: Kind,
    /// The record.
    pub record: Id,
    /// What happened.
    pub action: AuditAction,
    /// The fields that changed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<FieldChange>,
}

/// The fields that differ between two JSON forms of a record; `updated` is left out (it
/// changes with every change).
pub fn field_changes(old: &serde_json::Value, new: &serde_json::Value) -> Vec<FieldChange> {
    let empty = serde_json::Map::new();
    let old = old.as_object().unwrap_or(&empty);
    let new = new.as_object().unwrap_or(&empty);
    let mut fields: Vec<&String> = old.keys().chain(new.keys()).collect();
    fields.sort();
    fields.dedup();
    fields
        .into_iter()
        .filter(|f| f.as_str() != "updated")
        .filter_map(|field| {
            let before = old.get(field).cloned().unwrap_or(serde_json::Value::Null);
            let after = new.get(field).cloned().unwrap_or(serde_json::Value::Null);
            (before != after).then(|| FieldChange {
                field: field.clone(),
                old: before,
                new: after,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_changed_fields_are_listed() {
        let old = json!({"title": "A", "capacity": 10, "updated": "x", "city": "Essen"});
        let new = json!({"title": "B", "capacity": 10, "updated": "y", "venue": "Rathaus"});
        let changes = field_changes(&old, &new);
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["city", "title", "venue"]);
        assert_eq!(changes[1].old, json!("A"));
        assert_eq!(changes[2].old, serde_json::Value::Null);
    }
}
