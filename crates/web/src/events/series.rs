//! The page of a series of events: `/series/{id}`.

use crate::site::Site;

use askama::Template;
use axum::Form;
use axum::extract::Path;
use axum::response::Response;
use jiff::Timestamp;
use urbis_app::AppError;
use urbis_app::events;
use urbis_app::events::show::SeriesView;
use urbis_domain::events::{Event, EventStatus, Series};
use urbis_domain::{Id, Record};

use crate::accounts::ClientAddress;
use crate::error::WebError;
use crate::events::register::{RegisterForm, refusal, registered_message, registrant, site};
use crate::events::{EventRow, sort};
use crate::format::{self, Shown};
use crate::home::{Link, topic_links, visible};
use crate::pages::{Frame, message_page, render};
use crate::visitor::Visitor;

/// The series page.
#[derive(Template)]
#[template(path = "events/series.html")]
pub struct SeriesPage {
    frame: Frame,
    title: Shown,
    description: Shown,
    participants: String,
    project: Option<Link>,
    topics: Vec<Link>,
    events: Vec<EventRow>,
    /// The series' id, for the registration form.
    id: String,
    /// How many sessions ahead take registrations (the form shows when there are any).
    open_sessions: usize,
    /// The visitor registers with their person record, so the form asks for nothing.
    as_person: bool,
}

/// The answer to a registration for a whole series: one line per session.
#[derive(Template)]
#[template(path = "events/series_result.html")]
pub struct SeriesResultPage {
    frame: Frame,
    title: Shown,
    href: String,
    results: Vec<(EventRow, String, bool)>,
}

/// Shows a series the visitor may see with its visible events; 404 for anything else.
pub async fn show(
    state: Site,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let SeriesView {
        series,
        events,
        project,
        topics,
    } = urbis_app::events::show::series(&state.app, &visitor.viewer, &state.forum, &id).await?;
    let t = visitor.t();
    let mut events: Vec<&Event> = events.iter().collect();
    sort(&mut events, true);
    Ok(render(&SeriesPage {
        frame: visitor.frame(),
        title: Shown::new(&t, &series.title),
        description: Shown::opt_block(&t, series.description.as_ref()),
        participants: series
            .participants
            .as_ref()
            .map(format::headcount)
            .unwrap_or_default(),
        project: project.map(|p| Link {
            href: format!("/projects/{}", p.id()),
            text: Shown {
                text: p.acronym.clone(),
                ..Shown::default()
            },
        }),
        topics: topic_links(&t, &series.topics, &topics),
        open_sessions: events
            .iter()
            .filter(|e| e.status == EventStatus::Planned && e.registration.is_some())
            .count(),
        events: events.into_iter().map(|e| EventRow::new(&t, e)).collect(),
        id: series.id.to_string(),
        as_person: visitor.user.as_ref().is_some_and(|u| u.person.is_some()),
    }))
}

/// Registers the visitor for every session of a series ahead that takes registrations; the
/// answer lists each session with what happened (a seat, the waiting list, or why not). A
/// guest's series registration counts once against the guest limits of their client address.
pub async fn register(
    state: Site,
    visitor: Visitor,
    ClientAddress(client): ClientAddress,
    Path(id): Path<String>,
    Form(form): Form<RegisterForm>,
) -> Result<Response, WebError> {
    let id = Id::from_text(id);
    if !id.is_uuid() {
        return Err(WebError::NotFound);
    }
    let who = registrant(&visitor, form);
    let t = visitor.t();
    let done = events::register_series(
        &state.app,
        &visitor.viewer,
        &id,
        who,
        client.as_deref(),
        visitor.lang(),
        Timestamp::now(),
        &site(&state),
    )
    .await;
    let results = match done {
        Ok(results) => results,
        Err(AppError::UnknownEvent) => return Err(WebError::NotFound),
        Err(error) => {
            let (status, message) = refusal(&t, error)?;
            return Ok(message_page(&visitor, status, "register-title", message));
        }
    };
    let series: Series = visible(&state, &visitor.viewer, id.as_str()).await?;
    let rows = results
        .into_iter()
        .map(|r| {
            let (text, ok) = match r.outcome {
                Ok(status) => (registered_message(&t, status), true),
                Err(error) => match refusal(&t, error) {
                    Ok((_, message)) => (message, false),
                    Err(_) => (t.get("error-server"), false),
                },
            };
            (EventRow::new(&t, &r.event), text, ok)
        })
        .collect();
    Ok(render(&SeriesResultPage {
        frame: visitor.frame(),
        title: Shown::new(&t, &series.title),
        href: format!("/series/{}", series.id),
        results: rows,
    }))
}
