//! The home page of the public site (next events, latest portal items, focus topics), and the
//! small helpers every public page shares: reading one visible record, indexing lists by id,
//! links, query values.

use crate::site::Site;
use std::collections::HashMap;

use askama::Template;
use axum::response::{IntoResponse, Response};
use urbis_app::visible::Readable;
use urbis_domain::events::Event;
use urbis_domain::network::{Organisation, Topic};
use urbis_domain::portal::{FundingCall, Publication};
use urbis_domain::{Id, PartialDate, Viewer};

use crate::error::WebError;
use crate::events::EventRow;
use crate::format::{self, Shown};
use crate::i18n::Tr;
use crate::pages::{Frame, render};
use crate::visitor::Visitor;
use urbis_app::home::Home;

/// How many portal items the home page shows.
const HOME_ITEMS: usize = urbis_app::home::HOME_ITEMS as usize;

/// Reads one record the visitor may see in this forum (its own, or shared into it); anything
/// else (unknown, another forum's, not visible) is "not found".
pub async fn visible<R: Readable>(state: &Site, viewer: &Viewer, id: &str) -> Result<R, WebError> {
    Ok(urbis_app::visible::one(&state.app, viewer, &state.forum, id).await?)
}

/// Reads the records with these ids that the visitor may see in this forum, in one query.
pub async fn visible_many<R: Readable>(
    state: &Site,
    viewer: &Viewer,
    ids: &[Id],
) -> Result<Vec<R>, WebError> {
    Ok(urbis_app::visible::many(&state.app, viewer, &state.forum, ids).await?)
}

/// A link to another page of the site, its text translated.
#[derive(Debug, Clone)]
pub struct Link {
    /// The address.
    pub href: String,
    /// The text.
    pub text: Shown,
}

/// Links to the topic pages of the given topics the viewer may see.
pub fn topic_links(t: &Tr, ids: &[Id], topics: &HashMap<Id, Topic>) -> Vec<Link> {
    ids.iter()
        .filter_map(|id| topics.get(id))
        .map(|topic| Link {
            href: format!("/topics/{}", topic.slug),
            text: Shown::new(t, &topic.name),
        })
        .collect()
}

/// A link to an organisation's page, when the viewer may see it.
pub fn organisation_link(
    t: &Tr,
    id: Option<&Id>,
    organisations: &HashMap<Id, Organisation>,
) -> Option<Link> {
    id.and_then(|id| organisations.get(id)).map(|o| Link {
        href: format!("/members/{}", o.id),
        text: Shown::new(t, &o.name),
    })
}

/// The values of a query string, first one of each name.
#[derive(Debug, Default)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// Parses a raw query string.
    pub fn parse(raw: Option<&str>) -> Self {
        Self(
            form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The first non-empty value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }
}

/// The highest page number a list accepts.
pub const MAX_PAGE: u32 = 10_000;

/// The page number of `?page=`: 1 when absent, none when it is not a number from 1 to
/// [`MAX_PAGE`].
pub fn page_number(params: &Params) -> Option<u32> {
    match params.get("page") {
        None => Some(1),
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=MAX_PAGE).contains(n)),
    }
}

/// The answer to a malformed query value: 400, the error page in the reader's language.
pub fn bad_request() -> Response {
    WebError::BadRequest("error-bad-request").into_response()
}

/// One item of the information portal, as the home page lists it.
pub struct PortalItem {
    /// What sort of item (a label).
    pub kind: String,
    /// Its title.
    pub title: Shown,
    /// Where to read more.
    pub href: Option<String>,
    /// Its date, printed.
    pub when: String,
    /// The short name of the forum that shares it into this one, if any.
    pub shared_by: Option<String>,
    date: Option<PartialDate>,
}

/// The topics a year puts first.
pub struct TopicList {
    /// The year.
    pub year: i16,
    /// The topics.
    pub topics: Vec<Link>,
}

/// The home page.
#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    frame: Frame,
    forum_name: Shown,
    description: Shown,
    events: Vec<EventRow>,
    portal: Vec<PortalItem>,
    focus: Option<TopicList>,
    outlook: Option<TopicList>,
}

/// The latest portal items the viewer may see: publications, funding calls and portal events,
/// newest first.
pub fn portal_items(
    t: &Tr,
    publications: &[Publication],
    calls: &[FundingCall],
    events: &[Event],
    owners: &HashMap<Id, String>,
) -> Vec<PortalItem> {
    let lang = t.lang;
    let mut items: Vec<PortalItem> = Vec::new();
    for p in publications {
        items.push(PortalItem {
            kind: format::label(t, "publication-kind", &p.kind),
            title: Shown::new(t, &p.title),
            href: Some(format!("/portal/publications/{}", p.id)),
            when: p
                .published
                .map(|d| format::date(lang, &d))
                .unwrap_or_default(),
            shared_by: owners.get(&p.forum).cloned(),
            date: p.published,
        });
    }
    for c in calls {
        let date = c.deadlines.last().map(|d| d.date).or(c.opens);
        items.push(PortalItem {
            kind: t.get("portal-funding-call"),
            title: Shown::new(t, &c.title),
            href: Some(format!("/portal/calls/{}", c.id)),
            when: date.map(|d| format::date(lang, &d)).unwrap_or_default(),
            shared_by: owners.get(&c.forum).cloned(),
            date,
        });
    }
    for e in events.iter().filter(|e| e.portal) {
        items.push(PortalItem {
            kind: format::label(t, "event-kind", &e.kind),
            title: Shown::new(t, &e.title),
            href: Some(format!("/events/{}", e.id)),
            when: format::range(lang, &e.start, e.end.as_ref()),
            shared_by: owners.get(&e.forum).cloned(),
            date: Some(e.start),
        });
    }
    items.sort_by(|a, b| match (&a.date, &b.date) {
        (Some(x), Some(y)) => y.cmp(x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    items
}

/// Shows the home page: the forum, its next events, the latest portal items and the focus
/// topics, all as far as the visitor may see them.
pub async fn show(state: Site, visitor: Visitor) -> Result<Response, WebError> {
    let t = visitor.t();
    let today = state.info.today();
    let home = urbis_app::home::home(&state.app, &visitor.viewer, &state.forum, today).await?;
    let Home {
        forum,
        upcoming,
        publications,
        calls,
        portal_events,
        plans,
        topics,
        owners,
    } = &*home;
    let mut portal = portal_items(&t, publications, calls, portal_events, owners);
    portal.truncate(HOME_ITEMS);
    let focus = plans
        .iter()
        .find(|p| !p.focus.is_empty())
        .map(|p| TopicList {
            year: p.year,
            topics: topic_links(&t, &p.focus, topics),
        });
    let outlook = plans
        .iter()
        .find(|p| !p.outlook.is_empty())
        .map(|p| TopicList {
            year: p.year,
            topics: topic_links(&t, &p.outlook, topics),
        });
    Ok(render(&HomePage {
        frame: visitor.frame(),
        forum_name: Shown::new(&t, &forum.name),
        description: Shown::opt_block(&t, forum.description.as_ref()),
        events: upcoming
            .iter()
            .map(|e| EventRow::new(&t, e).marked(owners, e))
            .collect(),
        portal,
        focus,
        outlook,
    }))
}
