//! A member's own registrations: the list on their account and cancelling one without the
//! mailed link (being logged in proves who they are).

use jiff::Timestamp;
use urbis_domain::Id;
use urbis_domain::accounts::User;
use urbis_domain::events::{Event, Registration};
use urbis_store::StoreError;

use super::Site;
use crate::App;
use crate::AppError;

/// The registrations of a user: those of their person record and those made as a guest with
/// their account's email address, each with its event, oldest event first.
pub async fn own_registrations(
    app: &App,
    user: &User,
) -> Result<Vec<(Registration, Event)>, AppError> {
    let store = app.store();
    let mut registrations = store.guest_registrations_by_email(&user.email).await?;
    if let Some(person) = &user.person {
        registrations.extend(store.registrations_of_person(person).await?);
    }
    let ids: Vec<Id> = registrations.iter().map(|r| r.event.clone()).collect();
    let events: Vec<Event> = store.get_many(&ids).await?;
    let mut out: Vec<(Registration, Event)> = registrations
        .into_iter()
        .filter_map(|r| {
            let event = events.iter().find(|e| e.id == r.event)?.clone();
            Some((r, event))
        })
        .collect();
    out.sort_by_key(|a| a.1.start);
    Ok(out)
}

/// The user's active (not cancelled) registration for one event, if any: it decides whether
/// the event page shows the meeting link.
pub async fn own_registration_for(
    app: &App,
    user: &User,
    event: &Id,
) -> Result<Option<Registration>, AppError> {
    Ok(app
        .store()
        .own_registration(event, user.person.as_ref(), &user.email)
        .await?)
}

/// Whether a registration is the user's own (see [`own_registrations`]).
fn is_own(user: &User, registration: &Registration) -> bool {
    match (&registration.person, &registration.guest) {
        (Some(person), _) => user.person.as_ref() == Some(person),
        (None, Some(guest)) => guest.email.eq_ignore_ascii_case(user.email.trim()),
        (None, None) => false,
    }
}

/// Cancels one of the user's own registrations; the next on the waiting list moves up and is
/// mailed. Someone else's registration, or one cancelled already, is
/// [`AppError::InvalidToken`] (no one learns whose it is) and changes nothing.
pub async fn cancel_own(
    app: &App,
    user: &User,
    registration_id: &Id,
    now: Timestamp,
    site: &Site<'_>,
) -> Result<Option<Registration>, AppError> {
    let store = app.store();
    let registration: Registration = match store.get(registration_id).await {
        Ok(r) if is_own(user, &r) => r,
        Ok(_) | Err(StoreError::NotFound { .. }) => return Err(AppError::InvalidToken),
        Err(e) => return Err(e.into()),
    };
    let promoted = match store.cancel_registration(&registration.id, now).await {
        Ok(promoted) => promoted,
        Err(StoreError::Conflict { .. }) => return Err(AppError::InvalidToken),
        Err(e) => return Err(e.into()),
    };
    crate::notices::deliver_now(app, site, now).await;
    Ok(promoted)
}
