//! The member list of the forum.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use serde::Deserialize;
use urbis_domain::network::{Forum, Membership, MembershipStatus, Organisation};
use urbis_domain::{Access, Lang};
use urbis_store::{ListQuery, Value};

use crate::error::WebError;
use crate::state::AppState;

/// The query string of the page: the reader's language.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    lang: Option<String>,
}

/// One member as listed.
pub struct MemberRow {
    name: String,
    city: String,
}

/// The member list page.
#[derive(Template)]
#[template(path = "network/members.html")]
pub struct MembersPage {
    lang: Lang,
    forum_name: String,
    forum_short: String,
    members: Vec<MemberRow>,
}

/// Shows the forum's current members, visible to everyone.
pub async fn show(
    State(state): State<AppState>,
    Query(query): Query<PageQuery>,
) -> Result<Html<String>, WebError> {
    let lang = query
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .filter(|l| matches!(l, Lang::De | Lang::En))
        .unwrap_or(Lang::De);
    let store = &state.store;
    let forum: Forum = store.get(&state.forum).await?;
    let active = Value::name(&MembershipStatus::Active);
    let memberships: Vec<Membership> = store
        .list(&ListQuery::new(&state.forum, Access::Public).filter("status", active))
        .await?;
    let organisations: HashMap<_, Organisation> = store
        .list::<Organisation>(&ListQuery::new(&state.forum, Access::Public))
        .await?
        .into_iter()
        .map(|o| (o.id.clone(), o))
        .collect();
    let mut members: Vec<MemberRow> = memberships
        .iter()
        .filter_map(|m| organisations.get(&m.organisation))
        .map(|o| MemberRow {
            name: o.name.localize(lang).text.to_owned(),
            city: o.city.clone().unwrap_or_default(),
        })
        .collect();
    members.sort_by_key(|m| m.name.to_lowercase());
    let page = MembersPage {
        lang,
        forum_name: forum.name.localize(lang).text.to_owned(),
        forum_short: forum.short_name,
        members,
    };
    Ok(Html(page.render()?))
}
