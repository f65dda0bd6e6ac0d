//! The list of projects: `/projects?kind=own|eu|participation|member`.

use crate::site::Site;
use askama::Template;
use axum::extract::RawQuery;
use axum::response::Response;
use urbis_app::paging::PageRequest;
use urbis_domain::projects::{Project, ProjectKind};

use crate::error::WebError;
use crate::format::{self, Shown};
use crate::home::{Params, bad_request, page_number};
use crate::pager::Pager;
use crate::pages::{Frame, render};
use crate::projects::{ProjectRow, sort};
use crate::visitor::Visitor;

/// The projects of one kind.
pub struct Group {
    /// The kind, as a heading.
    pub heading: String,
    /// Its projects.
    pub projects: Vec<ProjectRow>,
}

/// The projects page.
#[derive(Template)]
#[template(path = "projects/list.html")]
pub struct ProjectsPage {
    frame: Frame,
    groups: Vec<Group>,
    pager: Pager,
}

/// How many projects one page lists.
pub const PAGE_SIZE: u32 = 100;

/// Lists the projects the visitor may see, grouped by kind; `?kind=` picks one kind (400 for
/// an unknown one).
pub async fn list(
    state: Site,
    visitor: Visitor,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let t = visitor.t();
    let params = Params::parse(raw.as_deref());
    let kind: Option<ProjectKind> = match params.get("kind") {
        None => None,
        Some(name) => match format::parse_name(name) {
            Some(kind) => Some(kind),
            None => return Ok(bad_request()),
        },
    };
    let Some(number) = page_number(&params) else {
        return Ok(bad_request());
    };
    let found = urbis_app::projects::list::list(
        &state.app,
        &visitor.viewer,
        &state.forum,
        kind.as_ref(),
        PageRequest::new(number, PAGE_SIZE),
    )
    .await?;
    let kind_name = kind.as_ref().map(format::name_of);
    let pager = Pager::new(&found, |page| match &kind_name {
        Some(kind) => format!("/projects?kind={kind}&page={page}"),
        None => format!("/projects?page={page}"),
    });
    let projects = found.rows;
    let groups = ProjectKind::ALL
        .iter()
        .filter_map(|k| {
            let mut of_kind: Vec<&Project> = projects.iter().filter(|p| p.kind == *k).collect();
            if of_kind.is_empty() {
                return None;
            }
            sort(&mut of_kind);
            Some(Group {
                heading: format::label(&t, "project-kind", k),
                projects: of_kind
                    .into_iter()
                    .map(|p| {
                        let mut row = ProjectRow::new(&t, p);
                        row.role = Shown::opt(&t, p.network_role.as_ref());
                        row
                    })
                    .collect(),
            })
        })
        .collect();
    Ok(render(&ProjectsPage {
        frame: visitor.frame(),
        groups,
        pager,
    }))
}
