//! Guests who confirm their email address before they take a seat (events whose rules say
//! `confirm_guests`): the registration waits without a seat, the guest gets one mail with a
//! single-use link valid for [`CONFIRM_HOURS`], and confirming decides the seat or the waiting
//! list in one write transaction exactly as a direct registration does.

use jiff::{SignedDuration, Timestamp};
use urbis_domain::events::{Event, EventStatus, Registration, RegistrationStatus};
use urbis_domain::{Id, Lang};
use urbis_mail::Mail;
use urbis_store::{PendingLinks, Store, StoreError};

use super::{
    Registered, Site, cancel_link, decided_mail, decided_mails, describe, registration_error,
};
use crate::App;
use crate::AppError;
use crate::accounts::secrets::{new_token, token_hash};
use crate::i18n::Tr;

/// How long a guest's confirmation link works; an unconfirmed registration is removed after.
pub const CONFIRM_HOURS: i64 = 48;

/// The confirmation link of a registration.
fn confirm_link(site: &Site<'_>, registration: &Id, token: &str) -> String {
    format!(
        "{}/registrations/{registration}/confirm/{token}",
        site.base_url.trim_end_matches('/'),
    )
}

/// The one mail to a guest who must confirm: the event, the link, how long it works.
fn request_mail(event: &Event, stored: &Registration, to: String, link: &str) -> Mail {
    let lang = stored.language.unwrap_or(Lang::De);
    let t = Tr::new(lang);
    let text = format!(
        "{}\n\n{}\n\n{}\n\n{link}\n\n{}",
        t.get("mail-registration-confirm-intro"),
        describe(event, lang),
        t.count("mail-registration-confirm-hint", "hours", &CONFIRM_HOURS),
        t.get("mail-registration-confirm-ignore"),
    );
    Mail::from_text(to, lang, t.get("mail-registration-confirm-subject"), text)
        .forum(event.forum.clone())
        .dedupe_key(format!("registration-{}-unconfirmed", stored.id))
}

/// Stores a checked guest registration unconfirmed with its confirmation link, and queues
/// the mail with the link, in one write transaction; `cancel` is the cancel token and link
/// (the guest may withdraw before confirming; confirming makes a new one).
pub(super) async fn register_unconfirmed(
    store: &Store,
    event: &Event,
    registration: Registration,
    recipient: Option<String>,
    cancel: (String, String),
    now: Timestamp,
    site: &Site<'_>,
) -> Result<Registered, AppError> {
    let waiting_list = event
        .registration
        .as_ref()
        .is_some_and(|rules| rules.waiting_list);
    let token = new_token()?;
    let link = confirm_link(site, &registration.id, &token);
    let expires_at = now
        .checked_add(SignedDuration::from_hours(CONFIRM_HOURS))
        .unwrap_or(Timestamp::MAX);
    // A mail that could not be sent is refused before anything is written.
    let mail = recipient
        .map(|to| request_mail(event, &registration, to, &link).outgoing())
        .transpose()
        .map_err(|e| AppError::Mail(e.to_string()))?;
    let confirm_hash = token_hash(&token);
    let cancel_hash = token_hash(&cancel.0);
    let links = PendingLinks {
        confirm_hash: &confirm_hash,
        expires_at,
        cancel_hash: &cancel_hash,
    };
    let stored = store
        .register_unconfirmed_with_mail(&registration, waiting_list, links, mail.as_ref())
        .await
        .map_err(registration_error)?;
    Ok(Registered {
        registration: stored,
        cancel_token: cancel.0,
        cancel_link: cancel.1,
        confirm_token: Some(token),
        confirm_link: Some(link),
    })
}

/// The registration and event a confirmation link stands for, read only (opening the link
/// changes nothing): an unknown, used or forged link (or one of another registration) is
/// [`AppError::InvalidToken`], one past its time [`AppError::LinkExpired`].
pub async fn confirmation_link(
    app: &App,
    registration_id: &Id,
    token: &str,
    now: Timestamp,
) -> Result<(Registration, Event), AppError> {
    let store = app.store();
    let registration = pending(store, registration_id, token, now).await?;
    let event: Event = store.get(&registration.event).await?;
    Ok((registration, event))
}

/// The registration waiting for the link `token`, checked.
async fn pending(
    store: &Store,
    registration_id: &Id,
    token: &str,
    now: Timestamp,
) -> Result<Registration, AppError> {
    let (id, expires) = match store.confirmation_of_token(&token_hash(token)).await? {
        Some((id, expires)) if &id == registration_id => (id, expires),
        _ => return Err(AppError::InvalidToken),
    };
    if expires <= now {
        return Err(AppError::LinkExpired);
    }
    match store.get::<Registration>(&id).await {
        Ok(r) if r.status == RegistrationStatus::Unconfirmed => Ok(r),
        Ok(_) | Err(StoreError::NotFound { .. }) => Err(AppError::InvalidToken),
        Err(e) => Err(e.into()),
    }
}

/// Confirms a guest's registration by the mailed link: the link is used up and the
/// registration takes a seat while one is free, else the waiting list (when the event has
/// one), in one write transaction that also queues the usual confirmation or waiting-list
/// mail with a new cancel link. A full event without a waiting list is
/// [`AppError::EventFull`] (the link keeps working until it expires); an event no longer
/// planned, [`AppError::RegistrationClosed`]; a bad link as in [`confirmation_link`].
pub async fn confirm(
    app: &App,
    registration_id: &Id,
    token: &str,
    now: Timestamp,
    site: &Site<'_>,
) -> Result<Registered, AppError> {
    let store = app.store();
    let registration = pending(store, registration_id, token, now).await?;
    let event: Event = store.get(&registration.event).await?;
    let Some(rules) = event.registration.clone() else {
        return Err(AppError::RegistrationClosed);
    };
    if event.status != EventStatus::Planned {
        return Err(AppError::RegistrationClosed);
    }
    let recipient = registration.guest.as_ref().map(|g| g.email.clone());
    let language = registration.language.unwrap_or(Lang::De);
    let cancel_token = new_token()?;
    let link = cancel_link(site, &registration.id, &cancel_token);
    let sequence = store.update_count(&event.id).await?;
    let mails = decided_mails(&registration, rules.waiting_list, |decided| {
        let to = recipient.clone()?;
        Some(decided_mail(
            &event, decided, to, &link, language, site, sequence, now,
        ))
    })?;
    let stored = store
        .confirm_registration_with_mail(
            registration_id,
            &token_hash(token),
            rules.waiting_list,
            &token_hash(&cancel_token),
            now,
            &mails,
        )
        .await
        .map_err(|error| match error {
            StoreError::NotFound { .. } => AppError::InvalidToken,
            StoreError::Conflict { field, .. } if field == "status" => AppError::InvalidToken,
            other => registration_error(other),
        })?;
    Ok(Registered {
        registration: stored,
        cancel_token,
        cancel_link: link,
        confirm_token: None,
        confirm_link: None,
    })
}

/// Removes what guest registrations leave behind once it is over: unconfirmed registrations
/// whose link expired by `now` (and unconfirmed ones without a link, older than
/// [`CONFIRM_HOURS`]), and rate-limit counters of windows that have ended. Meant to run
/// periodically; returns how many registrations went.
pub async fn remove_expired(app: &App, now: Timestamp) -> Result<usize, AppError> {
    let store = app.store();
    let created_before = now
        .checked_sub(SignedDuration::from_hours(CONFIRM_HOURS))
        .unwrap_or(now);
    let removed = store.remove_unconfirmed(now, created_before).await?;
    store.delete_expired_limits(now).await?;
    if removed > 0 {
        tracing::info!(removed, "unconfirmed guest registrations expired");
    }
    Ok(removed)
}
