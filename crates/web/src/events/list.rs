//! The list of events: `/events?when=upcoming|past&kind=…&series=…&page=N`.

use crate::site::Site;
use askama::Template;
use axum::extract::RawQuery;
use axum::response::Response;
use urbis_app::events::list::{EventFilter, When};
use urbis_app::paging::PageRequest;
use urbis_domain::events::{EventKind, Series};

use crate::error::WebError;
use crate::events::EventRow;
use crate::format::{self, Shown};
use crate::home::{Params, bad_request, page_number, visible};
use crate::pages::{Frame, render};
use crate::visitor::Visitor;

/// How many events one page lists.
pub const PAGE_SIZE: u32 = 20;

/// One choice of a filter.
pub struct Choice {
    /// The value in the address.
    pub value: String,
    /// What the reader sees.
    pub label: Shown,
    /// True when it is the current choice.
    pub selected: bool,
}

/// The events page.
#[derive(Template)]
#[template(path = "events/list.html")]
pub struct EventsPage {
    frame: Frame,
    upcoming: bool,
    kinds: Vec<Choice>,
    series: Vec<Choice>,
    events: Vec<EventRow>,
    total: u64,
    page: u32,
    previous: Option<String>,
    next: Option<String>,
}

fn address(when: &str, kind: Option<&str>, series: Option<&str>, page: u32) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("when", when);
    if let Some(kind) = kind {
        query.append_pair("kind", kind);
    }
    if let Some(series) = series {
        query.append_pair("series", series);
    }
    if page > 1 {
        query.append_pair("page", &page.to_string());
    }
    format!("/events?{}", query.finish())
}

/// Lists the events the visitor may see, upcoming or past, optionally of one kind or series.
/// Malformed values answer 400; a series the visitor may not see answers 404.
pub async fn list(
    state: Site,
    visitor: Visitor,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let t = visitor.t();
    let params = Params::parse(raw.as_deref());
    let upcoming = match params.get("when") {
        None | Some("upcoming") => true,
        Some("past") => false,
        Some(_) => return Ok(bad_request()),
    };
    let kind: Option<EventKind> = match params.get("kind") {
        None => None,
        Some(name) => match format::parse_name(name) {
            Some(kind) => Some(kind),
            None => return Ok(bad_request()),
        },
    };
    let Some(page) = page_number(&params) else {
        return Ok(bad_request());
    };
    let series: Option<Series> = match params.get("series") {
        None => None,
        Some(id) => Some(visible(&state, &visitor.viewer, id).await?),
    };
    let filter = EventFilter {
        when: if upcoming { When::Ahead } else { When::Past },
        kind,
        series: series.as_ref().map(|s| s.id.clone()),
    };
    let today = state.info.today();
    let found = urbis_app::events::list::list(
        &state.app,
        &visitor.viewer,
        &state.forum,
        &filter,
        today,
        PageRequest::new(page, PAGE_SIZE),
    )
    .await?;
    let owners = crate::sharing::owners(&state, found.rows.iter().map(|e| &e.forum)).await?;
    let (previous, next) = (found.has_previous(), found.has_next());
    let (page, total) = (found.number, found.total);
    let rows: Vec<EventRow> = found
        .rows
        .iter()
        .map(|e| EventRow::new(&t, e).marked(&owners, e))
        .collect();
    let all_series =
        urbis_app::events::list::series_choices(&state.app, &visitor.viewer, &state.forum).await?;
    let when = if upcoming { "upcoming" } else { "past" };
    let kind = filter.kind;
    let kind_name = kind.as_ref().map(format::name_of);
    let series_id = series.as_ref().map(|s| s.id.to_string());
    let link = |p| address(when, kind_name.as_deref(), series_id.as_deref(), p);
    let mut series_choices: Vec<Choice> = all_series
        .iter()
        .map(|s| Choice {
            value: s.id.to_string(),
            label: Shown::new(&t, &s.title),
            selected: Some(s.id.to_string()) == series_id,
        })
        .collect();
    series_choices.sort_by_cached_key(|c| c.label.text.to_lowercase());
    Ok(render(&EventsPage {
        frame: visitor.frame(),
        upcoming,
        kinds: EventKind::ALL
            .iter()
            .map(|k| Choice {
                value: format::name_of(k),
                label: Shown {
                    text: format::label(&t, "event-kind", k),
                    ..Shown::default()
                },
                selected: Some(k) == kind.as_ref(),
            })
            .collect(),
        series: series_choices,
        events: rows,
        total,
        page,
        previous: previous.then(|| link(page - 1)),
        next: next.then(|| link(page + 1)),
    }))
}
