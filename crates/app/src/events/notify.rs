//! Mails to an event's registrants beyond the confirmation: the reminder a while before it
//! starts, and word when the event is moved or called off. Every mail goes through the outbox
//! with a dedupe key, so running the scheduler twice, or on two nodes, or again after a
//! restart, queues each mail once.

use std::collections::HashMap;

use jiff::{SignedDuration, Timestamp};
use urbis_domain::date::Precision;
use urbis_domain::events::{Event, EventStatus, Registration, RegistrationStatus};
use urbis_domain::network::Person;
use urbis_domain::{Id, Lang, Problems};
use urbis_mail::Mail;
use urbis_store::Store;

use super::{Site, describe, ics, link_line};
use crate::App;
use crate::AppError;
use crate::i18n::Tr;

/// Hours before the start when the reminder goes out, unless `URBIS_REMINDER_HOURS` says.
pub const DEFAULT_REMINDER_HOURS: i64 = 24;

/// The reminder lead time: `URBIS_REMINDER_HOURS` (whole hours, 1 to 720) or 24 hours.
pub fn reminder_lead() -> Result<SignedDuration, AppError> {
    match std::env::var("URBIS_REMINDER_HOURS") {
        Err(_) => Ok(SignedDuration::from_hours(DEFAULT_REMINDER_HOURS)),
        Ok(text) => match text.trim().parse::<i64>() {
            Ok(hours) if (1..=720).contains(&hours) => Ok(SignedDuration::from_hours(hours)),
            _ => {
                let mut problems = Problems::new();
                problems.push(
                    "URBIS_REMINDER_HOURS",
                    format!("`{text}` is not a number of hours between 1 and 720"),
                );
                Err(AppError::Invalid(problems))
            }
        },
    }
}

/// When an event starts, for a reminder: its minute, or the start of its day, in its zone;
/// none when only the month or year is known.
fn starts_at(event: &Event) -> Option<Timestamp> {
    if event.start.precision() < Precision::Day {
        return None;
    }
    event.start.start_in(&event.zone())
}

/// The email addresses of these registrations' people, in one query.
async fn emails_of(
    store: &Store,
    registrations: &[&Registration],
) -> Result<HashMap<Id, String>, AppError> {
    let ids: Vec<Id> = registrations
        .iter()
        .filter(|r| r.guest.is_none())
        .filter_map(|r| r.person.clone())
        .collect();
    let people: Vec<Person> = store.get_many(&ids).await?;
    Ok(people
        .into_iter()
        .filter_map(|p| p.email.map(|e| (p.id, e)))
        .collect())
}

fn address(registration: &Registration, people: &HashMap<Id, String>) -> Option<String> {
    match (&registration.guest, &registration.person) {
        (Some(guest), _) => Some(guest.email.clone()),
        (None, Some(person)) => people.get(person).cloned(),
        (None, None) => None,
    }
}

/// Queues the reminders that are due at `now`: for every confirmed registration of a planned
/// event that starts within `lead` from now (and has not started), with the event as `.ics`
/// and, for online and hybrid events, the meeting link. Registrations made inside that window
/// got their confirmation moments ago and no reminder. A moved event is reminded of again for
/// its new time. Returns how many mails were newly queued.
pub async fn send_reminders(
    app: &App,
    now: Timestamp,
    lead: SignedDuration,
    site: &Site<'_>,
) -> Result<usize, AppError> {
    let store = app.store();
    // Stored starts are local dates: a margin of two days covers every zone.
    let margin = SignedDuration::from_hours(48);
    let day = |t: Timestamp| t.strftime("%Y-%m-%d").to_string();
    let from = day(now.checked_sub(margin).unwrap_or(now));
    let until = now
        .checked_add(lead)
        .and_then(|t| t.checked_add(margin))
        .unwrap_or(now);
    let candidates = store.planned_events_starting(&from, &day(until)).await?;
    let mut due: Vec<(&Event, Timestamp, &Registration)> = Vec::new();
    for (event, registrations) in &candidates {
        let Some(start) = starts_at(event) else {
            continue;
        };
        let window = start.checked_sub(lead).unwrap_or(start);
        if now >= start || now < window {
            continue;
        }
        due.extend(
            registrations
                .iter()
                .filter(|r| r.status == RegistrationStatus::Confirmed && r.created < window)
                .map(|r| (event, start, r)),
        );
    }
    if due.is_empty() {
        return Ok(0);
    }
    let people = emails_of(store, &due.iter().map(|d| d.2).collect::<Vec<_>>()).await?;
    let mut sequences: HashMap<Id, i64> = HashMap::new();
    let mut queued = 0;
    for (event, start, registration) in due {
        let Some(to) = address(registration, &people) else {
            continue;
        };
        let sequence = match sequences.get(&event.id) {
            Some(n) => *n,
            None => {
                let n = store.update_count(&event.id).await?;
                sequences.insert(event.id.clone(), n);
                n
            }
        };
        let lang = registration.language.unwrap_or(Lang::De);
        let t = Tr::new(lang);
        let title = event.title.localize(lang).text;
        let text = format!(
            "{}\n\n{}{}\n\n{}",
            t.get("events-mail-reminder-intro"),
            describe(event, lang),
            link_line(event, lang),
            t.get("events-mail-cancel-hint"),
        );
        let mut mail = Mail::from_text(
            to,
            lang,
            format!("{} {title}", t.get("events-mail-reminder-subject")),
            text,
        )
        .forum(event.forum.clone())
        .dedupe_key(format!(
            "reminder-{}-{}",
            registration.id,
            start.as_second()
        ));
        if let Some(file) = ics(event, lang, site.calendar_host, sequence, true, now) {
            mail = mail.attach("event.ics", "text/calendar; charset=utf-8", file);
        }
        if mail
            .enqueue(store)
            .await
            .map_err(|e| AppError::Mail(e.to_string()))?
            .is_some()
        {
            queued += 1;
        }
    }
    Ok(queued)
}

/// What a change of an event means for its registrants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Date, time, place, format or meeting link changed.
    Moved,
    /// The event was called off.
    Cancelled,
}

/// Whether a change from `old` to `new` is one registrants must hear of.
pub fn change_of(old: &Event, new: &Event) -> Option<Change> {
    if new.status == EventStatus::Cancelled && old.status != EventStatus::Cancelled {
        return Some(Change::Cancelled);
    }
    let moved = old.start != new.start
        || old.end != new.end
        || old.days != new.days
        || old.time_zone != new.time_zone
        || old.venue != new.venue
        || old.city != new.city
        || old.format != new.format
        || old.online_link != new.online_link;
    (new.status == EventStatus::Planned && moved).then_some(Change::Moved)
}

/// Tells every registrant (confirmed and waiting) of an event that it was moved or called off,
/// after the event was stored as `new` (its `SEQUENCE` already counts the change). Confirmed
/// participants get the updated `.ics` (`METHOD:CANCEL` when called off), which replaces the
/// entry of their calendar by its `UID`. Call it after every update of an event (staff pages,
/// the back office's forms); it does nothing for changes registrants need not hear of.
/// Returns how many mails were newly queued.
pub async fn after_update(
    app: &App,
    old: &Event,
    new: &Event,
    now: Timestamp,
    site: &Site<'_>,
) -> Result<usize, AppError> {
    let store = app.store();
    let Some(change) = change_of(old, new) else {
        return Ok(0);
    };
    let registrations = store.registrations_of_event(&new.id).await?;
    let active: Vec<&Registration> = registrations
        .iter()
        .filter(|r| {
            matches!(
                r.status,
                RegistrationStatus::Confirmed | RegistrationStatus::Waitlisted
            )
        })
        .collect();
    if active.is_empty() {
        return Ok(0);
    }
    let people = emails_of(store, &active).await?;
    let sequence = store.update_count(&new.id).await?;
    let (name, subject, intro) = match change {
        Change::Moved => (
            "moved",
            "events-mail-moved-subject",
            "events-mail-moved-intro",
        ),
        Change::Cancelled => (
            "cancelled",
            "events-mail-cancelled-subject",
            "events-mail-cancelled-intro",
        ),
    };
    let mut queued = 0;
    for registration in active {
        let Some(to) = address(registration, &people) else {
            continue;
        };
        let confirmed = registration.status == RegistrationStatus::Confirmed;
        let lang = registration.language.unwrap_or(Lang::De);
        let t = Tr::new(lang);
        let title = new.title.localize(lang).text;
        let link = if confirmed && change == Change::Moved {
            link_line(new, lang)
        } else {
            String::new()
        };
        let text = format!("{}\n\n{}{link}", t.get(intro), describe(new, lang));
        let mut mail = Mail::from_text(to, lang, format!("{} {title}", t.get(subject)), text)
            .forum(new.forum.clone())
            .dedupe_key(format!(
                "event-{}-{name}-{sequence}-{}",
                new.id, registration.id
            ));
        if confirmed && let Some(file) = ics(new, lang, site.calendar_host, sequence, true, now) {
            mail = mail.attach("event.ics", "text/calendar; charset=utf-8", file);
        }
        if mail
            .enqueue(store)
            .await
            .map_err(|e| AppError::Mail(e.to_string()))?
            .is_some()
        {
            queued += 1;
        }
    }
    Ok(queued)
}

/// Stores a changed event (in the name of the application's actor) and mails its registrants
/// about the change ([`after_update`]); how many mails were queued.
pub async fn save_and_notify(
    app: &App,
    old: &Event,
    new: &mut Event,
    now: Timestamp,
    site: &Site<'_>,
) -> Result<usize, AppError> {
    app.store().update(new).await?;
    after_update(app, old, new, now, site).await
}
