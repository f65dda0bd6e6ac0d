//! The page of one event: `/events/{id}`.

use crate::site::Site;

use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use urbis_app::events::show::EventView;
use urbis_app::events::{self, Opening, participants};
use urbis_domain::Record;
use urbis_domain::events::{Registration, RegistrationStatus};
use urbis_domain::network::Person;

use crate::error::WebError;
use crate::format::{self, Shown};
use crate::home::{Link, organisation_link, topic_links};
use crate::pages::{Frame, render};
use crate::visitor::Visitor;

/// A speaker as printed.
pub struct Speaker {
    /// The name.
    pub name: String,
    /// The function.
    pub function: Shown,
    /// The organisation they speak for.
    pub organisation: Option<Link>,
}

/// The event page.
#[derive(Template)]
#[template(path = "events/show.html")]
pub struct EventPage {
    frame: Frame,
    title: Shown,
    /// The short name of the forum that shares the event into this one, if any.
    shared_by: Option<String>,
    kind: String,
    status: String,
    when: String,
    days: Option<i64>,
    time_zone: Option<String>,
    format: Option<String>,
    place: String,
    host: Option<Link>,
    co_organisers: Vec<Link>,
    series: Option<Link>,
    project: Option<Link>,
    description: Shown,
    audience: Shown,
    speakers: Vec<Speaker>,
    capacity: Option<u32>,
    participants: String,
    media: Vec<(String, Shown)>,
    report: Option<(String, Shown)>,
    publications: Vec<(Option<String>, Shown)>,
    topics: Vec<Link>,
    /// The event's id, for the registration form.
    id: String,
    /// Registration is open to this visitor (seats are checked on sending).
    registration: bool,
    /// Why the event takes registrations but not from this visitor now, if so.
    registration_note: Option<String>,
    /// The visitor must log in to register: the note links to the login.
    login_to_register: bool,
    /// The visitor registers with their person record, so the form asks for nothing.
    as_person: bool,
    /// The visitor's own registration, as a label ("confirmed", "on the waiting list").
    mine: Option<String>,
    /// The meeting link: only for a visitor with a seat.
    online_link: Option<String>,
    /// The visitor is the office: the page links to the registration desk.
    office: bool,
}

fn link_text(t: &crate::i18n::Tr, link: &urbis_domain::parts::Link) -> (String, Shown) {
    let text = match &link.title {
        Some(title) => Shown::new(t, title),
        None => Shown {
            text: link.url.clone(),
            ..Shown::default()
        },
    };
    (link.url.clone(), text)
}

/// Shows one event the visitor may see; 404 for anything else.
pub async fn show(
    state: Site,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let view =
        urbis_app::events::show::show(&state.app, &visitor.viewer, &state.forum, &id).await?;
    let EventView {
        event,
        shared_by,
        series,
        project,
        publications,
        people,
        organisations,
        topics,
    } = &*view;
    let t = visitor.t();
    let lang = t.lang;
    let speakers = event
        .speakers
        .iter()
        .filter_map(|s| {
            let person = s.person.as_ref().and_then(|p| people.get(p));
            let name = person
                .map(Person::display_name)
                .or_else(|| s.name.clone())?;
            let function = s
                .function
                .as_ref()
                .or_else(|| person.and_then(|p| p.function.as_ref()));
            let organisation = s
                .organisation
                .as_ref()
                .or_else(|| person.and_then(|p| p.organisation.as_ref()));
            Some(Speaker {
                name,
                function: Shown::opt(&t, function),
                organisation: organisation_link(&t, organisation, organisations),
            })
        })
        .collect();
    let user = visitor.user.as_ref();
    let person = user.and_then(|u| u.person.as_ref());
    let mine: Option<Registration> = match user {
        Some(user) => events::own_registration_for(&state.app, user, &event.id).await?,
        None => None,
    };
    let seated = mine.as_ref().is_some_and(|r| {
        matches!(
            r.status,
            RegistrationStatus::Confirmed | RegistrationStatus::Attended
        )
    });
    let opening = events::opening(event, &visitor.viewer, jiff::Timestamp::now());
    let place: Vec<&str> = [event.venue.as_deref(), event.city.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    Ok(render(&EventPage {
        frame: visitor.frame(),
        title: Shown::new(&t, &event.title),
        shared_by: shared_by.clone(),
        kind: format::label(&t, "event-kind", &event.kind),
        status: format::label(&t, "event-status", &event.status),
        when: format::range(lang, &event.start, event.end.as_ref()),
        days: event.days.filter(|_| event.end.is_none()).map(i64::from),
        time_zone: (event.time_zone != urbis_domain::events::default_time_zone())
            .then(|| event.time_zone.clone()),
        format: event
            .format
            .as_ref()
            .map(|f| format::label(&t, "event-format", f)),
        place: place.join(", "),
        host: organisation_link(&t, event.host.as_ref(), organisations),
        co_organisers: event
            .co_organisers
            .iter()
            .filter_map(|id| organisation_link(&t, Some(id), organisations))
            .collect(),
        series: series.as_ref().map(|s| Link {
            href: format!("/series/{}", s.id()),
            text: Shown::new(&t, &s.title),
        }),
        project: project.as_ref().map(|p| Link {
            href: format!("/projects/{}", p.id()),
            text: Shown {
                text: p.acronym.clone(),
                ..Shown::default()
            },
        }),
        description: Shown::opt_block(&t, event.description.as_ref()),
        audience: Shown::opt(&t, event.audience.as_ref()),
        speakers,
        capacity: event.capacity,
        participants: event
            .participants
            .as_ref()
            .map(format::headcount)
            .unwrap_or_default(),
        media: event.media.iter().map(|l| link_text(&t, l)).collect(),
        report: event.report.as_ref().map(|l| link_text(&t, l)),
        publications: publications
            .iter()
            .map(|p| (p.url.clone(), Shown::new(&t, &p.title)))
            .collect(),
        topics: topic_links(&t, &event.topics, topics),
        id: event.id.to_string(),
        registration: opening == Opening::Open,
        registration_note: match opening {
            Opening::Open | Opening::NoRegistration => None,
            Opening::NotYetOpen | Opening::Closed => Some(t.get("register-closed")),
            Opening::MembersOnly => Some(t.get("register-members-only")),
        },
        login_to_register: opening == Opening::MembersOnly,
        as_person: person.is_some(),
        mine: mine
            .as_ref()
            .map(|r| participants::status_label(&t, r.status)),
        online_link: event.online_link.clone().filter(|_| seated),
        office: event.registration.is_some() && events::is_office(&visitor.viewer, &event.forum),
    }))
}
