//! The history of a record: every change the audit log keeps, with who made it.

use std::collections::HashMap;

use urbis_domain::Id;
use urbis_domain::audit::AuditEntry;

use crate::{App, AppError};

/// One change of a record and the name of the account that made it (none for the system, the
/// id when the account is gone).
#[derive(Debug, Clone)]
pub struct Change {
    /// The audit entry.
    pub entry: AuditEntry,
    /// Who made it.
    pub actor: Option<String>,
}

/// The changes of the record `id` of `forum`, oldest first: one query for the entries and one
/// per distinct actor.
pub async fn history(app: &App, forum: &Id, id: &Id) -> Result<Vec<Change>, AppError> {
    let store = app.store();
    let entries = store.audit_of_forum_record(forum, id).await?;
    let mut names: HashMap<Id, String> = HashMap::new();
    let mut changes = Vec::with_capacity(entries.len());
    for entry in entries {
        let actor = match &entry.actor {
            Some(actor) => {
                if !names.contains_key(actor) {
                    let name = store
                        .user(actor)
                        .await?
                        .map_or_else(|| actor.to_string(), |u| u.name);
                    names.insert(actor.clone(), name);
                }
                names.get(actor).cloned()
            }
            None => None,
        };
        changes.push(Change { entry, actor });
    }
    Ok(changes)
}
