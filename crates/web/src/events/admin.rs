//! The office's registration desk of an event: `/admin/events/{id}/registrations` lists the
//! seats, the waiting list in order and the cancellations; the office adds people or guests,
//! moves registrations (within the seats unless it explicitly decides otherwise), cancels,
//! marks attendance, downloads the list (CSV, XLSX), prints a sign-in sheet, and moves or calls
//! off the event (every registrant is mailed).

use crate::site::Site;
use askama::Template;
use axum::Form;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use serde::Deserialize;
use urbis_app::AppError;
use urbis_app::events::participants::{self, Participant};
use urbis_app::events::{self, Registrant};
use urbis_domain::events::{Event, EventStatus, Registration, RegistrationStatus};
use urbis_domain::{Id, PartialDate, Problems};

use crate::error::WebError;
use crate::events::register::{refusal, site};
use crate::format::{self, Shown};
use crate::home::Params;
use crate::pages::{Frame, message_page, render};
use crate::visitor::Visitor;

/// One registration as the desk lists it.
pub struct Row {
    /// The registration's id (for the move form).
    pub id: String,
    /// Name.
    pub name: String,
    /// Email.
    pub email: String,
    /// Organisation.
    pub organisation: String,
    /// Status, as a label.
    pub status: String,
    /// Registered when.
    pub created: String,
    /// Place on the waiting list, from 1.
    pub place: Option<usize>,
}

/// A part of the desk's list: seats, waiting list or cancellations.
pub struct Group {
    /// The heading's text id.
    pub heading: &'static str,
    /// True for the waiting list (its rows show their place).
    pub waiting: bool,
    /// The registrations.
    pub rows: Vec<Row>,
}

/// The registration desk.
#[derive(Template)]
#[template(path = "events/admin.html")]
pub struct DeskPage {
    frame: Frame,
    id: String,
    title: Shown,
    when: String,
    capacity: Option<u32>,
    seated: usize,
    waiting: usize,
    groups: Vec<Group>,
    people: Vec<(String, String)>,
    statuses: Vec<(String, String)>,
    start: String,
    end: String,
    venue: String,
    city: String,
    online_link: String,
    cancelled_event: bool,
    /// Problems of the last form, each with its field.
    problems: Vec<String>,
}

/// The printable sign-in sheet.
#[derive(Template)]
#[template(path = "events/participants.html")]
pub struct SheetPage {
    frame: Frame,
    title: Shown,
    when: String,
    place: String,
    rows: Vec<Row>,
    count: i64,
}

/// The event of this forum with that id; 404 for anything else.
async fn forum_event(state: &Site, id: &str) -> Result<Event, WebError> {
    Ok(urbis_app::visible::own(&state.app, &state.forum, &Id::from_text(id)).await?)
}

/// The application that names the logged-in user in the audit log.
fn store_of(state: &Site, visitor: &Visitor) -> urbis_app::App {
    state.app.acting_as(visitor.user.as_ref().map(|u| &u.id))
}

/// The rows of the desk's groups: seated, waiting list, guests yet to confirm, cancelled.
type Groups = (Vec<Row>, Vec<Row>, Vec<Row>, Vec<Row>);

fn rows(t: &crate::i18n::Tr, list: &[Participant]) -> Groups {
    let (mut seated, mut waiting, mut unconfirmed, mut cancelled) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for p in list {
        let mut row = Row {
            id: p.registration.id.to_string(),
            name: p.name.clone(),
            email: p.email.clone(),
            organisation: p.organisation.clone(),
            status: participants::status_label(t, p.registration.status),
            created: p
                .registration
                .created
                .strftime("%Y-%m-%d %H:%M")
                .to_string(),
            place: None,
        };
        match p.registration.status {
            RegistrationStatus::Confirmed | RegistrationStatus::Attended => seated.push(row),
            RegistrationStatus::Waitlisted => {
                row.place = Some(waiting.len() + 1);
                waiting.push(row);
            }
            RegistrationStatus::Unconfirmed => unconfirmed.push(row),
            RegistrationStatus::Cancelled => cancelled.push(row),
        }
    }
    (seated, waiting, unconfirmed, cancelled)
}

fn text_of(date: Option<&PartialDate>) -> String {
    date.map(ToString::to_string).unwrap_or_default()
}

async fn desk(
    state: &Site,
    visitor: &Visitor,
    event: &Event,
    problems: Vec<String>,
) -> Result<DeskPage, WebError> {
    let t = visitor.t();
    let (_, list) = participants::participants(&state.app, &visitor.viewer, &event.id).await?;
    let (seated, waiting, unconfirmed, cancelled) = rows(&t, &list);
    let mut people: Vec<(String, String)> =
        participants::people_to_add(&state.app, &visitor.viewer, &state.forum)
            .await?
            .into_iter()
            .map(|p| (p.id.to_string(), p.display_name()))
            .collect();
    people.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(DeskPage {
        frame: visitor.frame(),
        id: event.id.to_string(),
        title: Shown::new(&t, &event.title),
        when: format::range(t.lang, &event.start, event.end.as_ref()),
        capacity: event.capacity,
        seated: seated.len(),
        waiting: waiting.len(),
        groups: vec![
            Group {
                heading: "events-desk-seated",
                waiting: false,
                rows: seated,
            },
            Group {
                heading: "events-desk-waiting",
                waiting: true,
                rows: waiting,
            },
            Group {
                heading: "events-desk-unconfirmed",
                waiting: false,
                rows: unconfirmed,
            },
            Group {
                heading: "events-desk-cancelled",
                waiting: false,
                rows: cancelled,
            },
        ],
        people,
        statuses: [
            RegistrationStatus::Confirmed,
            RegistrationStatus::Waitlisted,
            RegistrationStatus::Attended,
            RegistrationStatus::Cancelled,
        ]
        .into_iter()
        .map(|s| (format::name_of(&s), participants::status_label(&t, s)))
        .collect(),
        start: event.start.to_string(),
        end: text_of(event.end.as_ref()),
        venue: event.venue.clone().unwrap_or_default(),
        city: event.city.clone().unwrap_or_default(),
        online_link: event.online_link.clone().unwrap_or_default(),
        cancelled_event: event.status == EventStatus::Cancelled,
        problems,
    })
}

fn private(mut response: Response) -> Response {
    response.headers_mut().insert(
        CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    response
}

/// Shows the registration desk of an event (office only).
pub async fn show(
    state: Site,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    visitor.require_office(&state.forum, "/admin")?;
    let event = forum_event(&state, &id).await?;
    Ok(private(render(
        &desk(&state, &visitor, &event, Vec::new()).await?,
    )))
}

/// What the add form sends: a person of the records, or a guest's details.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AddForm {
    person: String,
    name: String,
    email: String,
    organisation: String,
}

/// Adds a person or a guest (office only): seats and waiting list count as always; outside
/// the registration period and for members-only events too. The office enters a guest on
/// their behalf, having asked for their consent.
pub async fn add(
    state: Site,
    visitor: Visitor,
    Path(id): Path<String>,
    Form(form): Form<AddForm>,
) -> Result<Response, WebError> {
    visitor.require_office(&state.forum, "/admin")?;
    let event = forum_event(&state, &id).await?;
    let t = visitor.t();
    let who = if form.person.trim().is_empty() {
        Registrant::Guest {
            name: form.name.trim().to_owned(),
            email: form.email.trim().to_owned(),
            organisation: Some(form.organisation.trim().to_owned()).filter(|o| !o.is_empty()),
            consent: true,
        }
    } else {
        Registrant::Person(Id::from_text(form.person.trim()))
    };
    let done = events::staff_add(
        &store_of(&state, &visitor),
        &visitor.viewer,
        &event.id,
        who,
        visitor.lang(),
        Timestamp::now(),
        &site(&state),
    )
    .await;
    match done {
        Ok(_) => {
            Ok(Redirect::to(&format!("/admin/events/{}/registrations", event.id)).into_response())
        }
        Err(AppError::Invalid(problems)) => {
            let list = problems.iter().map(ToString::to_string).collect();
            let page = desk(&state, &visitor, &event, list).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, private(render(&page))).into_response())
        }
        Err(error) => {
            let (status, message) = refusal(&t, error)?;
            Ok(message_page(&visitor, status, "events-desk-title", message))
        }
    }
}

/// What the move form sends.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MoveForm {
    status: String,
    beyond_capacity: String,
}

/// Moves a registration (office only): confirm, waitlist, mark attended, cancel. Confirming
/// when every seat is taken needs the explicit `beyond_capacity` tick; the next on the
/// waiting list moves up when a seat frees, and whoever gets a seat is mailed.
pub async fn set_status(
    state: Site,
    visitor: Visitor,
    Path(id): Path<String>,
    Form(form): Form<MoveForm>,
) -> Result<Response, WebError> {
    visitor.require_office(&state.forum, "/admin")?;
    let t = visitor.t();
    let id = Id::from_text(id);
    let registration: Registration = urbis_app::visible::own(&state.app, &state.forum, &id).await?;
    let Some(status) = format::parse_name::<RegistrationStatus>(&form.status) else {
        return Ok(message_page(
            &visitor,
            StatusCode::UNPROCESSABLE_ENTITY,
            "events-desk-title",
            format!("status: {}", t.get("events-desk-bad-status")),
        ));
    };
    let done = events::staff_move(
        &store_of(&state, &visitor),
        &visitor.viewer,
        &id,
        status,
        form.beyond_capacity == "yes",
        Timestamp::now(),
        &site(&state),
    )
    .await;
    match done {
        Ok(_) => Ok(Redirect::to(&format!(
            "/admin/events/{}/registrations",
            registration.event
        ))
        .into_response()),
        Err(AppError::EventFull) => Ok(message_page(
            &visitor,
            StatusCode::CONFLICT,
            "events-desk-title",
            t.get("events-desk-full"),
        )),
        Err(AppError::Conflict { .. }) => Ok(message_page(
            &visitor,
            StatusCode::CONFLICT,
            "events-desk-title",
            t.get("events-desk-cancelled-already"),
        )),
        Err(error) => {
            let (status, message) = refusal(&t, error)?;
            Ok(message_page(&visitor, status, "events-desk-title", message))
        }
    }
}

/// Downloads the registrations as CSV or XLSX (`?format=csv|xlsx`; office only).
pub async fn export(
    state: Site,
    visitor: Visitor,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    visitor.require_office(&state.forum, "/admin")?;
    let event = forum_event(&state, &id).await?;
    let (_, list) = participants::participants(&state.app, &visitor.viewer, &event.id).await?;
    let params = Params::parse(raw.as_deref());
    let (body, media, extension) = match params.get("format") {
        Some("csv") => (
            participants::csv(visitor.lang(), &list)?,
            "text/csv; charset=utf-8",
            "csv",
        ),
        Some("xlsx") | None => (
            participants::xlsx(visitor.lang(), &list)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        Some(_) => {
            let t = visitor.t();
            return Ok(message_page(
                &visitor,
                StatusCode::BAD_REQUEST,
                "events-desk-title",
                t.get("events-desk-bad-format"),
            ));
        }
    };
    Ok((
        [
            (CONTENT_TYPE, media.to_owned()),
            (
                CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"registrations-{}.{extension}\"",
                    event.id
                ),
            ),
            (CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response())
}

/// The printable sign-in sheet of those with a seat (office only): a plain page, one row per
/// participant with room for a signature.
pub async fn sheet(
    state: Site,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    visitor.require_office(&state.forum, "/admin")?;
    let event = forum_event(&state, &id).await?;
    let t = visitor.t();
    let (_, list) = participants::participants(&state.app, &visitor.viewer, &event.id).await?;
    let (mut seated, _, _, _) = rows(&t, &list);
    seated.sort_by_cached_key(|r| r.name.to_lowercase());
    let place: Vec<&str> = [event.venue.as_deref(), event.city.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    Ok(private(render(&SheetPage {
        frame: visitor.frame(),
        title: Shown::new(&t, &event.title),
        when: format::range(t.lang, &event.start, event.end.as_ref()),
        place: place.join(", "),
        count: i64::try_from(seated.len()).unwrap_or(0),
        rows: seated,
    })))
}

/// What the schedule form sends.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ScheduleForm {
    start: String,
    end: String,
    venue: String,
    city: String,
    online_link: String,
    cancelled: String,
}

fn opt(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

/// Moves the event or calls it off (office only), and mails every registrant with an updated
/// calendar entry. Every problem of the form is named with its field; nothing is stored then.
pub async fn schedule(
    state: Site,
    visitor: Visitor,
    Path(id): Path<String>,
    Form(form): Form<ScheduleForm>,
) -> Result<Response, WebError> {
    visitor.require_office(&state.forum, "/admin")?;
    let old = forum_event(&state, &id).await?;
    let mut problems = Problems::new();
    let start = PartialDate::parse(form.start.trim());
    if start.is_err() {
        problems.push(
            "start",
            format!(
                "`{}` is not a date like 2030-06-12T14:30",
                form.start.trim()
            ),
        );
    }
    let end = match opt(&form.end) {
        None => Ok(None),
        Some(text) => PartialDate::parse(&text).map(Some).map_err(|_| text),
    };
    if let Err(text) = &end {
        problems.push(
            "end",
            format!("`{text}` is not a date like 2030-06-12T16:00"),
        );
    }
    let mut new = old.clone();
    if let (Ok(start), Ok(end)) = (start, end) {
        new.start = start;
        new.end = end;
        new.venue = opt(&form.venue);
        new.city = opt(&form.city);
        new.online_link = opt(&form.online_link);
        if form.cancelled == "yes" {
            new.status = EventStatus::Cancelled;
        } else if old.status == EventStatus::Cancelled {
            new.status = EventStatus::Planned;
        }
        if let Err(found) = urbis_domain::Record::check(&new) {
            problems.extend_at("", found);
        }
    }
    if !problems.is_empty() {
        let list = problems.iter().map(ToString::to_string).collect();
        let page = desk(&state, &visitor, &old, list).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, private(render(&page))).into_response());
    }
    let mailed = events::save_and_notify(
        &store_of(&state, &visitor),
        &old,
        &mut new,
        Timestamp::now(),
        &site(&state),
    )
    .await?;
    let t = visitor.t();
    Ok(message_page(
        &visitor,
        StatusCode::OK,
        "events-desk-title",
        format!(
            "{} {}",
            t.get("events-desk-saved"),
            t.count(
                "events-desk-mailed",
                "count",
                &i64::try_from(mailed).unwrap_or(0)
            )
        ),
    ))
}
