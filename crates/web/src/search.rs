//! `/search`: one search over every record the visitor may read, with facets by kind, topic
//! and year. The access filter is part of the index query (see `urbis_search`).

use crate::site::Site;
use std::collections::HashMap;

use askama::Template;
use axum::extract::RawQuery;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use urbis_domain::{Id, Kind};
use urbis_search::{Hit, MAX_QUERY_CHARS, Request, SEARCHED, SearchError};

use crate::error::WebError;
use crate::format;
use crate::home::{Params, bad_request};
use crate::pages::{Frame, render};
use crate::visitor::Visitor;

/// A record found, as listed.
pub struct Row {
    /// Its kind, as a label.
    pub kind: String,
    /// Its title.
    pub title: String,
    /// Where it is shown.
    pub href: String,
    /// A piece of its text with the words found marked (escaped HTML).
    pub snippet: String,
    /// Its date, printed.
    pub when: String,
}

/// One value of a facet: a link that narrows the search, with its count.
pub struct FacetLink {
    /// The value, as a label.
    pub label: String,
    /// How many records found carry it.
    pub count: u64,
    /// The search narrowed to it (or widened again, when it is chosen).
    pub href: String,
    /// True when the search is narrowed to it.
    pub chosen: bool,
}

/// The search page.
#[derive(Template)]
#[template(path = "search/show.html")]
pub struct SearchPage {
    frame: Frame,
    q: String,
    searched: bool,
    error: String,
    count: String,
    rows: Vec<Row>,
    kinds: Vec<FacetLink>,
    topics: Vec<FacetLink>,
    years: Vec<FacetLink>,
    previous: Option<String>,
    next: Option<String>,
    page_label: String,
}

/// What the search narrows to, as given in the address.
#[derive(Clone, Default)]
struct Narrow {
    q: String,
    kind: Option<Kind>,
    topic: Option<Id>,
    year: Option<i16>,
}

impl Narrow {
    /// The address of this search (page 1 unless given).
    fn href(&self, page: u64) -> String {
        let mut url = form_urlencoded::Serializer::new(String::new());
        url.append_pair("q", &self.q);
        if let Some(kind) = self.kind {
            url.append_pair("kind", kind.name());
        }
        if let Some(topic) = &self.topic {
            url.append_pair("topic", topic.as_str());
        }
        if let Some(year) = self.year {
            url.append_pair("year", &year.to_string());
        }
        if page > 1 {
            url.append_pair("page", &page.to_string());
        }
        format!("/search?{}", url.finish())
    }
}

/// Where a record found is shown; `boards` gives the slug of an entry's collection.
fn href(hit: &Hit, boards: &HashMap<Id, String>) -> String {
    let id = hit.id.as_str();
    match hit.kind {
        Kind::Event => format!("/events/{id}"),
        Kind::Series => format!("/series/{id}"),
        Kind::Project => format!("/projects/{id}"),
        Kind::Organisation => format!("/members/{id}"),
        Kind::Topic => format!("/topics/{}", hit.parent.as_deref().unwrap_or(id)),
        Kind::Publication => format!("/portal/publications/{id}"),
        Kind::FundingCall => format!("/portal/calls/{id}"),
        Kind::Collection => match &hit.parent {
            Some(slug) => format!("/collections/{slug}"),
            None => "/collections".to_owned(),
        },
        Kind::Entry => match hit
            .parent
            .as_ref()
            .and_then(|c| boards.get(&Id::from_text(c.as_str())))
        {
            Some(slug) => format!("/collections/{slug}#entry-{id}"),
            None => "/collections".to_owned(),
        },
        Kind::AdvocacyAction => "/advocacy".to_owned(),
        _ => "/about".to_owned(),
    }
}

/// Searches what the visitor may read; a wrong value in the address is a 400 that says which.
pub async fn show(
    state: Site,
    visitor: Visitor,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let t = visitor.t();
    let lang = t.lang;
    let params = Params::parse(raw.as_deref());
    let mut narrow = Narrow {
        q: params.get("q").unwrap_or_default().to_owned(),
        ..Narrow::default()
    };
    if let Some(kind) = params.get("kind") {
        match Kind::parse(kind).filter(|k| SEARCHED.contains(k)) {
            Some(kind) => narrow.kind = Some(kind),
            None => return Ok(bad_request()),
        }
    }
    if let Some(topic) = params.get("topic") {
        if topic.len() > 64 {
            return Ok(bad_request());
        }
        narrow.topic = Some(Id::from_text(topic));
    }
    if let Some(year) = params.get("year") {
        match year.parse::<i16>() {
            Ok(year) if (1000..=9999).contains(&year) => narrow.year = Some(year),
            _ => return Ok(bad_request()),
        }
    }
    let page = match params.get("page").map(urbis_search::parse_page) {
        None => 1,
        Some(Ok(page)) => page,
        Some(Err(_)) => return Ok(bad_request()),
    };
    let mut page_view = SearchPage {
        frame: visitor.frame(),
        q: narrow.q.clone(),
        searched: false,
        error: String::new(),
        count: String::new(),
        rows: Vec::new(),
        kinds: Vec::new(),
        topics: Vec::new(),
        years: Vec::new(),
        previous: None,
        next: None,
        page_label: String::new(),
    };
    let length = narrow.q.chars().count();
    if length > MAX_QUERY_CHARS {
        page_view.error = t.count(
            "search-too-long",
            "count",
            &i64::try_from(MAX_QUERY_CHARS).unwrap_or(500),
        );
        return Ok((StatusCode::BAD_REQUEST, render(&page_view)).into_response());
    }
    let request = Request {
        text: narrow.q.clone(),
        kind: narrow.kind,
        topic: narrow.topic.clone(),
        year: narrow.year,
        page,
        lang,
    };
    if request.is_empty() {
        return Ok(render(&page_view));
    }
    let search = state.search.clone();
    // What the visitor may find here: this forum's records, those shared into it, and for an
    // umbrella's office its forums' (the one policy decides; one query for the forums).
    let scopes = urbis_app::search::scopes(&state.app, &visitor.viewer, &state.forum).await?;
    let results = tokio::task::spawn_blocking(move || search.search_in(&scopes, &request))
        .await
        .map_err(|e| WebError::Search(SearchError::Task(e.to_string())))??;
    let faceted: Vec<Id> = results
        .facets
        .topics
        .iter()
        .map(|(id, _)| id.clone())
        .collect();
    let topics =
        urbis_app::search::topics(&state.app, &visitor.viewer, &state.forum, &faceted).await?;

    page_view.searched = true;
    page_view.count = t.count(
        if results.estimated {
            "search-count-about"
        } else {
            "search-count"
        },
        "count",
        &i64::try_from(results.total).unwrap_or(i64::MAX),
    );
    // The boards of the entries found, in one query.
    let board_ids: Vec<Id> = results
        .hits
        .iter()
        .filter(|hit| hit.kind == Kind::Entry)
        .filter_map(|hit| hit.parent.as_ref().map(|c| Id::from_text(c.as_str())))
        .collect();
    let boards = urbis_app::search::boards(&state.app, &board_ids).await?;
    page_view.rows = results
        .hits
        .iter()
        .map(|hit| Row {
            kind: t.get(&format!("search-kind-{}", hit.kind.name())),
            title: hit.title.clone(),
            href: href(hit, &boards),
            snippet: hit.snippet.clone(),
            when: hit.date.map(|d| format::date(lang, &d)).unwrap_or_default(),
        })
        .collect();
    page_view.kinds = results
        .facets
        .kinds
        .iter()
        .map(|(kind, count)| {
            let chosen = narrow.kind == Some(*kind);
            let mut to = narrow.clone();
            to.kind = if chosen { None } else { Some(*kind) };
            FacetLink {
                label: t.get(&format!("search-kind-{}", kind.name())),
                count: *count,
                href: to.href(1),
                chosen,
            }
        })
        .collect();
    // Only topics the visitor may read are named (a public record may carry another topic).
    page_view.topics = results
        .facets
        .topics
        .iter()
        .filter_map(|(id, count)| {
            let topic = topics.get(id)?;
            let chosen = narrow.topic.as_ref() == Some(id);
            let mut to = narrow.clone();
            to.topic = if chosen { None } else { Some(id.clone()) };
            Some(FacetLink {
                label: topic.name.localize(lang).text.to_owned(),
                count: *count,
                href: to.href(1),
                chosen,
            })
        })
        .take(20)
        .collect();
    page_view.years = results
        .facets
        .years
        .iter()
        .map(|(year, count)| {
            let chosen = narrow.year == Some(*year);
            let mut to = narrow.clone();
            to.year = if chosen { None } else { Some(*year) };
            FacetLink {
                label: year.to_string(),
                count: *count,
                href: to.href(1),
                chosen,
            }
        })
        .collect();
    if page > 1 {
        page_view.previous = Some(narrow.href(page - 1));
    }
    if page < results.pages {
        page_view.next = Some(narrow.href(page + 1));
    }
    if results.pages > 1 {
        page_view.page_label = format!("{page} / {}", results.pages);
    }
    Ok(render(&page_view))
}
