//! The member list of the forum: `/members`, each member linked to its page.

use crate::site::Site;

use askama::Template;
use axum::extract::RawQuery;
use axum::response::Response;
use urbis_app::network::members::Members;
use urbis_app::paging::PageRequest;

use crate::home::{Params, bad_request, page_number};
use crate::pager::Pager;

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
    total: u64,
    members: Vec<MemberRow>,
    pager: Pager,
}

/// How many members one page lists.
pub const PAGE_SIZE: u32 = 60;

/// Shows the forum's current members that the visitor may see.
pub async fn show(
    state: Site,
    visitor: Visitor,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let lang = visitor.lang();
    let t = visitor.t();
    let Some(page) = page_number(&Params::parse(raw.as_deref())) else {
        return Ok(bad_request());
    };
    let found = urbis_app::network::members::members(
        &state.app,
        &visitor.viewer,
        &state.forum,
        PageRequest::new(page, PAGE_SIZE),
    )
    .await?;
    let Members { forum, members } = &*found;
    let pager = Pager::new(members, |page| {
        if page > 1 {
            format!("/members?page={page}")
        } else {
            "/members".to_owned()
        }
    });
    Ok(render(&MembersPage {
        frame: visitor.frame(),
        forum_name: forum.name.localize(lang).text.to_owned(),
        total: members.total,
        members: members
            .rows
            .iter()
            .map(|o| MemberRow {
                href: format!("/members/{}", o.id),
                name: Shown::new(&t, &o.name),
                city: o.city.clone().unwrap_or_default(),
            })
            .collect(),
        pager,
    }))
}
