//! The member list of the forum: `/members`, each member linked to its page.

use crate::site::Site;
use std::collections::HashMap;

use askama::Template;
use axum::response::Response;
use urbis_domain::network::{Forum, Membership, MembershipStatus, Organisation};
use urbis_store::{ListQuery, Value};

use crate::error::WebError;
use crate::format::Shown;
use crate::pages::{Frame, render};
use crate::visitor::Visitor;

/// One member as listed.
pub struct MemberRow {
    href: String,
    name: Shown,
    city: String,
}

/// The member list page.
#[derive(Template)]
#[template(path = "network/members.html")]
pub struct MembersPage {
    frame: Frame,
    forum_name: String,
    members: Vec<MemberRow>,
}

/// Shows the forum's current members that the visitor may see.
pub async fn show(state: Site, visitor: Visitor) -> Result<Response, WebError> {
    let lang = visitor.lang();
    let t = visitor.t();
    let level = visitor.viewer.reads(&state.forum);
    let store = &state.store;
    let forum: Forum = store.get(&state.forum).await?;
    let active = Value::name(&MembershipStatus::Active);
    let memberships: Vec<Membership> = store
        .list(&ListQuery::new(&state.forum, level).filter("status", active))
        .await?;
    let organisations: HashMap<_, Organisation> = store
        .list::<Organisation>(&ListQuery::new(&state.forum, level))
        .await?
        .into_iter()
        .map(|o| (o.id.clone(), o))
        .collect();
    let mut members: Vec<MemberRow> = memberships
        .iter()
        .filter_map(|m| organisations.get(&m.organisation))
        .map(|o| MemberRow {
            href: format!("/members/{}", o.id),
            name: Shown::new(&t, &o.name),
            city: o.city.clone().unwrap_or_default(),
        })
        .collect();
    members.sort_by_key(|m| m.name.text.to_lowercase());
    Ok(render(&MembersPage {
        frame: visitor.frame(),
        forum_name: forum.name.localize(lang).text.to_owned(),
        members,
    }))
}
