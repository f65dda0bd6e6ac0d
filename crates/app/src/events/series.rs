//! Registering for a whole series at once: one action registers for every session still ahead
//! that takes registrations; each session keeps its own seats and waiting list, and the answer
//! says what happened per session.

use jiff::Timestamp;
use urbis_domain::events::{Event, EventStatus, Guest, Registration, RegistrationStatus, Series};
use urbis_domain::policy::Viewer;
use urbis_domain::{Access, Id, Lang, Record};
use urbis_store::{ListQuery, StoreError, Value};

use super::limits::count_guest_registration;
use super::{How, Registrant, Site, register_as};
use crate::App;
use crate::AppError;

/// What registering for one session of a series gave.
#[derive(Debug)]
pub struct SeriesResult {
    /// The session.
    pub event: Event,
    /// Confirmed, waitlisted or unconfirmed (waiting for the guest's link), or why not
    /// (full, closed, registered already …).
    pub outcome: Result<RegistrationStatus, AppError>,
}

/// Registers a person or guest for every session of a series the viewer may see that is
/// planned and takes registrations, in order of start, each in its own transaction (so each
/// session's capacity holds). Problems with the registrant's details (a malformed email, no
/// consent) are the same for every session: they are answered once, before anything is
/// written. A guest's series registration counts once against the guest limits (per
/// `client` address and per email; over them [`AppError::RateLimited`], nothing written),
/// and each session that asks guests to confirm sends its own confirmation link. An unknown
/// or hidden series is [`AppError::UnknownEvent`].
#[allow(clippy::too_many_arguments)]
pub async fn register_series(
    app: &App,
    viewer: &Viewer,
    series_id: &Id,
    who: Registrant,
    client: Option<&str>,
    language: Lang,
    now: Timestamp,
    site: &Site<'_>,
) -> Result<Vec<SeriesResult>, AppError> {
    let store = app.store();
    let series: Series = match store.get(series_id).await {
        Ok(series) if viewer.may_read(&series) => series,
        Ok(_) | Err(StoreError::NotFound { .. }) => return Err(AppError::UnknownEvent),
        Err(e) => return Err(e.into()),
    };
    let mut sessions: Vec<Event> = store
        .list(
            &ListQuery::new(&series.forum, viewer.reads(&series.forum))
                .filter("series_id", Value::id(&series.id)),
        )
        .await?;
    sessions.retain(|e| e.status == EventStatus::Planned && e.registration.is_some());
    sessions.sort_by_key(|e| e.start);
    if sessions.is_empty() {
        return Err(AppError::NoRegistration);
    }
    if let Registrant::Guest {
        name,
        email,
        organisation,
        consent,
    } = &who
    {
        let probe = Registration {
            id: Id::new(),
            forum: series.forum.clone(),
            access: Access::Staff,
            created: now,
            updated: now,
            event: Id::new(),
            person: None,
            guest: Some(Guest {
                name: name.trim().to_owned(),
                email: email.trim().to_owned(),
                organisation: organisation.clone(),
            }),
            status: RegistrationStatus::Confirmed,
            consent: *consent,
            language: Some(language),
            cancelled_at: None,
        };
        probe.check()?;
        count_guest_registration(app, client, email, now).await?;
    }
    let mut results = Vec::with_capacity(sessions.len());
    for event in sessions {
        let how = How::SeriesSession;
        let outcome = register_as(
            app,
            viewer,
            &event.id,
            who.clone(),
            language,
            now,
            site,
            how,
        )
        .await
        .map(|r| r.registration.status);
        results.push(SeriesResult { event, outcome });
    }
    Ok(results)
}
