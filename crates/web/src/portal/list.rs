//! The information portal: `/portal?kind=publications|funding_calls|events`.

use crate::site::Site;

use askama::Template;
use axum::extract::RawQuery;
use axum::response::Response;
use urbis_app::paging::PageRequest;
use urbis_app::portal::list::{Portal, Section};

use crate::error::WebError;
use crate::events::EventRow;
use crate::format::{self, Shown};
use crate::home::{Link, Params, bad_request, organisation_link, page_number};
use crate::pager::Pager;
use crate::pages::{Frame, render};
use crate::visitor::Visitor;

/// A publication as listed.
pub struct PublicationRow {
    /// Its page.
    pub href: String,
    /// Its kind, as a label.
    pub kind: String,
    /// Title.
    pub title: Shown,
    /// Summary.
    pub summary: Shown,
    /// Authors and publisher.
    pub by: String,
    /// When it was published.
    pub published: String,
    /// Where to read it.
    pub url: Option<String>,
    /// The short name of the forum that shares it into this one, if any.
    pub shared_by: Option<String>,
}

/// A funding call as listed.
pub struct CallRow {
    /// Its page.
    pub href: String,
    /// A deadline is at most two weeks ahead.
    pub closing_soon: bool,
    /// Title.
    pub title: Shown,
    /// The funder.
    pub funder: Option<Link>,
    /// The programme.
    pub programme: String,
    /// What it funds.
    pub summary: Shown,
    /// Who may apply.
    pub eligibility: Shown,
    /// Deadlines, printed with their labels.
    pub deadlines: Vec<(String, Shown)>,
    /// Where the call is published.
    pub url: Option<String>,
    /// The short name of the forum that shares it into this one, if any.
    pub shared_by: Option<String>,
}

/// The portal page.
#[derive(Template)]
#[template(path = "portal/list.html")]
pub struct PortalPage {
    frame: Frame,
    kind: &'static str,
    more_publications: Option<i64>,
    more_calls: Option<i64>,
    more_events: Option<i64>,
    pager: Pager,
    publications: Vec<PublicationRow>,
    calls: Vec<CallRow>,
    events: Vec<EventRow>,
}

/// How many items one page of a single kind lists.
pub const PAGE_SIZE: u32 = 20;

/// Lists what the portal holds for the visitor: every section, or the one `?kind=` names
/// (400 for an unknown one).
pub async fn list(
    state: Site,
    visitor: Visitor,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let t = visitor.t();
    let lang = t.lang;
    let params = Params::parse(raw.as_deref());
    let kind = match params.get("kind") {
        None => "",
        Some("publications") => "publications",
        Some("funding_calls") => "funding_calls",
        Some("events") => "events",
        Some(_) => return Ok(bad_request()),
    };
    let Some(number) = page_number(&params) else {
        return Ok(bad_request());
    };
    let page = PageRequest::new(number, PAGE_SIZE);
    let section = match kind {
        "publications" => Section::Publications(page),
        "funding_calls" => Section::FundingCalls(page),
        "events" => Section::Events(page),
        _ => Section::Overview,
    };
    let Portal {
        publications,
        calls,
        events,
        organisations,
        owners,
    } = urbis_app::portal::list::list(&state.app, &visitor.viewer, &state.forum, section).await?;
    let today = state.info.today();
    let link = |page: u32| format!("/portal?kind={kind}&page={page}");
    let pager = match section {
        Section::Overview => Pager::default(),
        Section::Publications(_) => Pager::new(&publications, link),
        Section::FundingCalls(_) => Pager::new(&calls, link),
        Section::Events(_) => Pager::new(&events, link),
    };
    let more = |total: u64, shown: usize| {
        (kind.is_empty() && total > shown as u64).then_some(i64::try_from(total).unwrap_or(0))
    };
    Ok(render(&PortalPage {
        frame: visitor.frame(),
        kind,
        more_publications: more(publications.total, publications.rows.len()),
        more_calls: more(calls.total, calls.rows.len()),
        more_events: more(events.total, events.rows.len()),
        pager,
        publications: publications
            .rows
            .iter()
            .map(|p| {
                let mut by = p.authors.join(", ");
                if let Some(publisher) = &p.publisher {
                    if !by.is_empty() {
                        by.push_str(" – ");
                    }
                    by.push_str(publisher);
                }
                PublicationRow {
                    href: format!("/portal/publications/{}", p.id),
                    kind: format::label(&t, "publication-kind", &p.kind),
                    title: Shown::new(&t, &p.title),
                    summary: Shown::opt_block(&t, p.summary.as_ref()),
                    by,
                    published: p
                        .published
                        .map(|d| format::date(lang, &d))
                        .unwrap_or_default(),
                    url: p.url.clone(),
                    shared_by: owners.get(&p.forum).cloned(),
                }
            })
            .collect(),
        calls: calls
            .rows
            .iter()
            .map(|c| CallRow {
                href: format!("/portal/calls/{}", c.id),
                closing_soon: urbis_app::portal::closing_soon(c, today),
                title: Shown::new(&t, &c.title),
                funder: organisation_link(&t, c.funder.as_ref(), &organisations),
                programme: c.programme.clone().unwrap_or_default(),
                summary: Shown::opt_block(&t, c.summary.as_ref()),
                eligibility: Shown::opt(&t, c.eligibility.as_ref()),
                deadlines: c
                    .deadlines
                    .iter()
                    .map(|d| {
                        (
                            format::date(lang, &d.date),
                            Shown::opt(&t, d.label.as_ref()),
                        )
                    })
                    .collect(),
                url: c.url.clone(),
                shared_by: owners.get(&c.forum).cloned(),
            })
            .collect(),
        events: events
            .rows
            .iter()
            .map(|e| EventRow::new(&t, e).marked(&owners, e))
            .collect(),
    }))
}
