//! The office reads the audit log of a record: who changed what, when.

use crate::site::Site;
use askama::Template;
use axum::extract::Path;
use axum::response::{IntoResponse, Redirect, Response};
use urbis_domain::Id;
use urbis_domain::accounts::ForumRole;

use crate::error::WebError;
use crate::pages::{Frame, render};
use crate::visitor::Visitor;

/// One change as shown.
pub struct ChangeRow {
    at: String,
    actor: String,
    action: String,
    fields: Vec<(String, String, String)>,
}

/// The audit page of a record.
#[derive(Template)]
#[template(path = "accounts/audit.html")]
pub struct AuditPage {
    frame: Frame,
    record: String,
    changes: Vec<ChangeRow>,
}

/// Shows the changes of one record of the forum; office only.
pub async fn show(
    state: Site,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    if visitor.user.is_none() {
        return Ok(Redirect::to("/login").into_response());
    }
    if !matches!(
        visitor.viewer.role(&state.forum),
        Some(ForumRole::Staff | ForumRole::Admin)
    ) {
        return Err(WebError::Forbidden);
    }
    let id = Id::from_text(id);
    let history = urbis_app::audit::history(&state.app, &state.forum, &id).await?;
    if history.is_empty() {
        return Err(WebError::NotFound);
    }
    let t = visitor.t();
    let mut changes = Vec::with_capacity(history.len());
    for urbis_app::audit::Change { entry, actor } in history {
        let actor = actor.unwrap_or_else(|| t.get("audit-system"));
        changes.push(ChangeRow {
            at: entry.at.strftime("%Y-%m-%d %H:%M:%S UTC").to_string(),
            actor,
            action: t.get(&format!("audit-{:?}", entry.action).to_lowercase()),
            fields: entry
                .changes
                .iter()
                .map(|c| (c.field.clone(), c.old.to_string(), c.new.to_string()))
                .collect(),
        });
    }
    Ok(render(&AuditPage {
        frame: visitor.frame(),
        record: id.to_string(),
        changes,
    }))
}
