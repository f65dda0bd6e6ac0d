//! The information portal: `/portal?kind=publications|funding_calls|events`.

use crate::site::Site;
use std::collections::HashMap;

use askama::Template;
use axum::extract::RawQuery;
use axum::response::Response;
use urbis_domain::Id;
use urbis_domain::events::Event;
use urbis_domain::network::Organisation;
use urbis_domain::portal::{FundingCall, Publication};
use urbis_store::ListQuery;

use crate::error::WebError;
use crate::events::{EventRow, sort};
use crate::format::{self, Shown};
use crate::home::{Link, Params, bad_request, index, organisation_link};
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
    publications: Vec<PublicationRow>,
    calls: Vec<CallRow>,
    events: Vec<EventRow>,
}

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
        Some(_) => return Ok(bad_request(lang)),
    };
    let wants = |section: &str| kind.is_empty() || kind == section;
    let level = visitor.viewer.reads(&state.forum);
    let store = &state.store;
    let query = || ListQuery::new(&state.forum, level).with_shared();
    let publications: Vec<Publication> = if wants("publications") {
        store.list(&query().order_by("published", true)).await?
    } else {
        Vec::new()
    };
    let calls: Vec<FundingCall> = if wants("funding_calls") {
        store.list(&query().order_by("next_deadline", true)).await?
    } else {
        Vec::new()
    };
    let events: Vec<Event> = if wants("events") {
        store.list(&query()).await?
    } else {
        Vec::new()
    };
    let organisations: HashMap<Id, Organisation> = if calls.is_empty() {
        HashMap::new()
    } else {
        index(&state, level).await?
    };
    let today = super::show::today();
    let owning = (publications.iter().map(|p| &p.forum))
        .chain(calls.iter().map(|c| &c.forum))
        .chain(events.iter().map(|e| &e.forum));
    let owners = crate::sharing::owners(&state, owning).await?;
    let mut portal_events: Vec<&Event> = events.iter().filter(|e| e.portal).collect();
    sort(&mut portal_events, false);
    Ok(render(&PortalPage {
        frame: visitor.frame(),
        kind,
        publications: publications
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
        events: portal_events
            .into_iter()
            .map(|e| EventRow::new(&t, e).marked(&owners, e))
            .collect(),
    }))
}
