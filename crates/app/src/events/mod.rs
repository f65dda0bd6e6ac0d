//! Registrations for events: who may register and when, the waiting list, the personal cancel
//! link, the office's moves, and the mails about them (with an `.ics` file of the event).

use jiff::Timestamp;
use urbis_domain::accounts::ForumRole;
use urbis_domain::events::{Event, EventStatus, Guest, Registration, RegistrationStatus};
use urbis_domain::network::Person;
use urbis_domain::policy::Viewer;
use urbis_domain::{Access, Id, Lang, Record};
use urbis_store::{Store, StoreError};

use crate::App;
use crate::AppError;
use crate::accounts::secrets::{new_token, token_hash};

pub mod calendar;
mod confirm;
pub mod ics;
pub mod limits;
pub mod list;
mod mails;
mod mine;
mod notify;
pub mod participants;
mod series;
pub mod show;

pub use confirm::{CONFIRM_HOURS, confirm, confirmation_link, remove_expired};
pub use mails::ics;
use mails::{decided_mail, decided_mails, link_line};
pub(crate) use mails::{describe, promoted_mail};
pub use mine::{cancel_own, own_registration_for, own_registrations};
pub use notify::{Change, after_update, change_of, reminder_lead, save_and_notify, send_reminders};
pub use series::{SeriesResult, register_series};

/// Who registers: a person of the records, or a guest who gives their details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Registrant {
    /// A person record (a member registering themselves, or the office adding someone).
    Person(Id),
    /// Someone without a person record.
    Guest {
        /// Full name.
        name: String,
        /// Email address.
        email: String,
        /// Organisation as given.
        organisation: Option<String>,
        /// Consent to the processing of the registration data.
        consent: bool,
    },
}

/// Where the mails about registrations point to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Site<'a> {
    /// The address of the site, e.g. `https://urbis.example.org`; cancel links start with it.
    pub base_url: &'a str,
    /// The host named in the UIDs of `.ics` files (`urbis` when none is given).
    pub calendar_host: Option<&'a str>,
}

/// A new registration and the personal token of its cancel link (the store keeps only its
/// hash, so this is the one moment it is known).
#[derive(Debug, Clone, PartialEq)]
pub struct Registered {
    /// The registration with its status: confirmed or waitlisted, or unconfirmed for a guest
    /// who must first confirm their email address.
    pub registration: Registration,
    /// The token of the cancel link.
    pub cancel_token: String,
    /// The cancel link (mailed with the seat or the waiting-list place; an unconfirmed
    /// registration gets a new one on confirming).
    pub cancel_link: String,
    /// For an unconfirmed registration, the token of the confirmation link.
    pub confirm_token: Option<String>,
    /// For an unconfirmed registration, the confirmation link as mailed.
    pub confirm_link: Option<String>,
}

/// Whether the viewer is the forum's office (staff or administration).
pub fn is_office(viewer: &Viewer, forum: &Id) -> bool {
    matches!(
        viewer.role(forum),
        Some(ForumRole::Staff | ForumRole::Admin)
    )
}

/// Whether a visitor may register for an event now, by its rules (seats aside: a full event
/// still takes the waiting list, or says it is full on sending). The event page offers the form
/// only when this is [`Opening::Open`], and [`register`] refuses by the same answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opening {
    /// The form is open to this visitor.
    Open,
    /// The event takes no registrations (none asked, or it is not planned any more).
    NoRegistration,
    /// The registration period has not begun.
    NotYetOpen,
    /// The registration period is over.
    Closed,
    /// Only members of the forum may register; the visitor must log in first.
    MembersOnly,
}

/// The [`Opening`] of an event for a viewer at `now`.
pub fn opening(event: &Event, viewer: &Viewer, now: Timestamp) -> Opening {
    let Some(rules) = &event.registration else {
        return Opening::NoRegistration;
    };
    if event.status != EventStatus::Planned {
        return Opening::NoRegistration;
    }
    let tz = event.zone();
    if let Some(opens) = &rules.opens
        && opens.start_in(&tz).is_some_and(|opens| now < opens)
    {
        return Opening::NotYetOpen;
    }
    if let Some(closes) = &rules.closes
        && closes.end_in(&tz).is_some_and(|closes| now >= closes)
    {
        return Opening::Closed;
    }
    if rules.members_only && viewer.role(&event.forum).is_none() {
        return Opening::MembersOnly;
    }
    Opening::Open
}

/// Loads an event the viewer may see.
async fn readable_event(store: &Store, viewer: &Viewer, event_id: &Id) -> Result<Event, AppError> {
    match store.get::<Event>(event_id).await {
        Ok(event) if viewer.may_read(&event) => Ok(event),
        Ok(_) | Err(StoreError::NotFound { .. }) => Err(AppError::UnknownEvent),
        Err(e) => Err(e.into()),
    }
}

/// Turns the store's refusals of a registration into their answers.
pub(crate) fn registration_error(error: StoreError) -> AppError {
    match error {
        StoreError::Conflict { field, .. } if field == "event" => AppError::EventFull,
        StoreError::Conflict { field, .. } if field == "person" || field == "guest.email" => {
            AppError::AlreadyRegistered
        }
        StoreError::Invalid(problems) => AppError::Invalid(problems),
        other => other.into(),
    }
}

/// Registers a person or a guest for an event, for a viewer (anonymous or logged in), from
/// no known client address: [`register_from`] without one.
pub async fn register(
    app: &App,
    viewer: &Viewer,
    event_id: &Id,
    who: Registrant,
    language: Lang,
    now: Timestamp,
    site: &Site<'_>,
) -> Result<Registered, AppError> {
    register_from(app, viewer, event_id, who, None, language, now, site).await
}

/// Registers a person or a guest for an event, for a viewer (anonymous or logged in) whose
/// request came from `client` (the network address, when known).
///
/// Checks, before anything is written: the event exists and the viewer may see it; it takes
/// registrations; registration has opened and not closed at `now` (a closing date known to
/// the day closes at the end of that day in the event's time zone) and the event is still
/// planned (not held or called off); a members-only event needs
/// a member; a person needs a logged-in viewer of the forum; a guest gives a name, a valid
/// email and their consent, and stays within the guest limits per client address and per
/// email ([`limits`]; else [`AppError::RateLimited`]). Then the store decides confirmed or
/// waitlisted in one transaction, and the confirmation (or waiting-list) mail is queued in
/// `language` (a person's own language when known) with the personal cancel link and, when
/// confirmed, the event as an `.ics` file. A guest of an event whose rules say
/// `confirm_guests` is stored unconfirmed instead (no seat) and mailed a confirmation link
/// valid for [`CONFIRM_HOURS`]; [`confirm`] then decides the seat.
#[allow(clippy::too_many_arguments)]
pub async fn register_from(
    app: &App,
    viewer: &Viewer,
    event_id: &Id,
    who: Registrant,
    client: Option<&str>,
    language: Lang,
    now: Timestamp,
    site: &Site<'_>,
) -> Result<Registered, AppError> {
    let how = How::Visitor { client };
    register_as(app, viewer, event_id, who, language, now, site, how).await
}

/// Who asks for a registration, and whether the guest limits count it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum How<'a> {
    /// The office: outside the registration period too, never limited or asked to confirm.
    Office,
    /// A visitor from a client address (when known); a guest counts against the limits.
    Visitor {
        /// The client's network address.
        client: Option<&'a str>,
    },
    /// A visitor registering for one session of a series, counted once for the whole series.
    SeriesSession,
}

/// The office adds a registration: like [`register`], but outside the registration period and
/// for members-only events too; seats and the waiting list count as always.
pub async fn staff_add(
    app: &App,
    viewer: &Viewer,
    event_id: &Id,
    who: Registrant,
    language: Lang,
    now: Timestamp,
    site: &Site<'_>,
) -> Result<Registered, AppError> {
    register_as(app, viewer, event_id, who, language, now, site, How::Office).await
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn register_as(
    app: &App,
    viewer: &Viewer,
    event_id: &Id,
    who: Registrant,
    language: Lang,
    now: Timestamp,
    site: &Site<'_>,
    how: How<'_>,
) -> Result<Registered, AppError> {
    let store = app.store();
    let office = matches!(how, How::Office);
    let event = readable_event(store, viewer, event_id).await?;
    if office && !is_office(viewer, &event.forum) {
        return Err(AppError::Forbidden);
    }
    let Some(rules) = event.registration.clone() else {
        return Err(AppError::NoRegistration);
    };
    if event.status != EventStatus::Planned {
        return Err(AppError::RegistrationClosed);
    }
    if !office {
        match opening(&event, viewer, now) {
            Opening::Open => {}
            Opening::NoRegistration => return Err(AppError::NoRegistration),
            Opening::NotYetOpen => return Err(AppError::RegistrationNotOpen),
            Opening::Closed => return Err(AppError::RegistrationClosed),
            Opening::MembersOnly => return Err(AppError::MembersOnly),
        }
    }
    let mut registration = Registration {
        id: Id::new(),
        forum: event.forum.clone(),
        access: Access::Staff,
        created: now,
        updated: now,
        event: event.id.clone(),
        person: None,
        guest: None,
        status: RegistrationStatus::Confirmed,
        consent: false,
        language: Some(language),
        cancelled_at: None,
    };
    let recipient = match who {
        Registrant::Person(person) => {
            if viewer.role(&event.forum).is_none() {
                return Err(AppError::MembersOnly);
            }
            let person: Person = match store.get(&person).await {
                Ok(person) => person,
                Err(StoreError::NotFound { .. }) => {
                    let mut problems = urbis_domain::Problems::new();
                    problems.push("person", "there is no such person");
                    return Err(AppError::Invalid(problems));
                }
                Err(e) => return Err(e.into()),
            };
            if person.forum != event.forum {
                let mut problems = urbis_domain::Problems::new();
                problems.push("person", "the person belongs to another forum");
                return Err(AppError::Invalid(problems));
            }
            registration.language = Some(person.language.unwrap_or(language));
            registration.consent = true;
            registration.person = Some(person.id);
            person.email
        }
        Registrant::Guest {
            name,
            email,
            organisation,
            consent,
        } => {
            let email = email.trim().to_owned();
            let recipient = Some(email.clone());
            registration.consent = consent;
            registration.guest = Some(Guest {
                name: name.trim().to_owned(),
                email,
                organisation: organisation
                    .map(|o| o.trim().to_owned())
                    .filter(|o| !o.is_empty()),
            });
            recipient
        }
    };
    registration.check()?;
    let guest_email = registration.guest.as_ref().map(|g| g.email.clone());
    if let (How::Visitor { client }, Some(email)) = (how, &guest_email) {
        limits::count_guest_registration(app, client, email, now).await?;
    }
    let token = new_token()?;
    let link = cancel_link(site, &registration.id, &token);
    if rules.confirm_guests && !office && guest_email.is_some() {
        return confirm::register_unconfirmed(
            store,
            &event,
            registration,
            recipient,
            (token, link),
            now,
            site,
        )
        .await;
    }
    let sequence = store.update_count(&event.id).await?;
    let mails = decided_mails(&registration, rules.waiting_list, |decided| {
        let to = recipient.clone()?;
        Some(decided_mail(
            &event, decided, to, &link, language, site, sequence, now,
        ))
    })?;
    // The mail with the cancel link is queued in the registration's transaction.
    let stored = store
        .register_with_mail(
            &registration,
            rules.waiting_list,
            Some(&token_hash(&token)),
            &mails,
        )
        .await
        .map_err(registration_error)?;
    Ok(Registered {
        registration: stored,
        cancel_token: token,
        cancel_link: link,
        confirm_token: None,
        confirm_link: None,
    })
}

/// The personal cancel link of a registration.
fn cancel_link(site: &Site<'_>, registration: &Id, token: &str) -> String {
    format!(
        "{}/registrations/{registration}/cancel/{token}",
        site.base_url.trim_end_matches('/'),
    )
}

/// Cancels a registration through its personal link: an unknown, forged or used token (or one
/// of another registration) is [`AppError::InvalidToken`] and changes nothing. When a seat
/// frees up, the oldest waitlisted registration is confirmed and mailed; it is returned.
pub async fn cancel(
    app: &App,
    registration_id: &Id,
    token: &str,
    now: Timestamp,
    site: &Site<'_>,
) -> Result<Option<Registration>, AppError> {
    let store = app.store();
    match store.registration_of_token(&token_hash(token)).await? {
        Some(id) if &id == registration_id => {}
        _ => return Err(AppError::InvalidToken),
    }
    let promoted = match store.cancel_registration(registration_id, now).await {
        Ok(promoted) => promoted,
        Err(StoreError::Conflict { .. } | StoreError::NotFound { .. }) => {
            return Err(AppError::InvalidToken);
        }
        Err(e) => return Err(e.into()),
    };
    crate::notices::deliver_now(app, site, now).await;
    Ok(promoted)
}

/// The office moves a registration: marks attendance, confirms (while a seat is free),
/// waitlists or cancels it (promoting and mailing the next one). Only the forum's office.
/// Returns the registration as stored and the promoted one, if any.
pub async fn staff_set_status(
    app: &App,
    viewer: &Viewer,
    registration_id: &Id,
    status: RegistrationStatus,
    now: Timestamp,
    site: &Site<'_>,
) -> Result<(Registration, Option<Registration>), AppError> {
    staff_move(app, viewer, registration_id, status, false, now, site).await
}

/// Like [`staff_set_status`]; `beyond_capacity` confirms even when every seat is taken (the
/// office decides so explicitly). Someone confirmed from the waiting list gets the same mail
/// as one promoted automatically.
pub async fn staff_move(
    app: &App,
    viewer: &Viewer,
    registration_id: &Id,
    status: RegistrationStatus,
    beyond_capacity: bool,
    now: Timestamp,
    site: &Site<'_>,
) -> Result<(Registration, Option<Registration>), AppError> {
    let store = app.store();
    let registration: Registration = store.get(registration_id).await?;
    if !is_office(viewer, &registration.forum) {
        return Err(AppError::Forbidden);
    }
    let (stored, promoted) = store
        .move_registration(registration_id, status, beyond_capacity, now)
        .await
        .map_err(registration_error)?;
    crate::notices::deliver_now(app, site, now).await;
    Ok((stored, promoted))
}
