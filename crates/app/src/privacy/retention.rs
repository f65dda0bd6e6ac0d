//! The retention rule for the data of guests: how long it is kept after an event, and the
//! anonymisation of what is older.

use jiff::civil::Time;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Span, Timestamp};
use urbis_domain::date::Precision;
use urbis_domain::events::Event;
use urbis_domain::{Id, Problems, Record};
use urbis_store::{Anonymisation, is_anonymous_guest};

use crate::App;
use crate::AppError;

use super::erasure::anonymise_guest;

/// The environment variable that sets how long guest data is kept after an event, in days.
pub const RETENTION_ENV: &str = "URBIS_GUEST_RETENTION_DAYS";
/// How long guest data is kept after an event when nothing else is configured: a year, long
/// enough for the annual report and for questions about the event.
pub const DEFAULT_RETENTION_DAYS: i64 = 365;
/// The longest retention period accepted (a hundred years): anything longer is a typing error.
pub const MAX_RETENTION_DAYS: i64 = 36_500;

/// A retention period of `days` days, checked.
pub fn retention_period(days: i64) -> Result<SignedDuration, AppError> {
    if !(0..=MAX_RETENTION_DAYS).contains(&days) {
        let mut problems = Problems::new();
        problems.push(
            "days",
            format!("must be between 0 and {MAX_RETENTION_DAYS} (days after the event)"),
        );
        return Err(problems.into());
    }
    Ok(SignedDuration::from_hours(days * 24))
}

/// The retention period configured by [`RETENTION_ENV`], else [`DEFAULT_RETENTION_DAYS`].
pub fn configured_retention() -> Result<SignedDuration, AppError> {
    match std::env::var(RETENTION_ENV) {
        Ok(text) if !text.trim().is_empty() => {
            let days = text.trim().parse::<i64>().map_err(|_| {
                let mut problems = Problems::new();
                problems.push(
                    RETENTION_ENV,
                    format!("`{text}` is not a whole number of days"),
                );
                AppError::Invalid(problems)
            })?;
            retention_period(days)
        }
        _ => retention_period(DEFAULT_RETENTION_DAYS),
    }
}

/// The moment an event is over: its end, else its start (plus its length in days when that is
/// known for a start known to the day), each to its precision, in the event's time zone.
pub fn event_over_at(event: &Event) -> Option<Timestamp> {
    let zone = event.zone();
    if let Some(end) = &event.end {
        return end.end_in(&zone);
    }
    match (event.days, event.start.precision()) {
        (Some(days), Precision::Day | Precision::Minute) if days > 1 => {
            let first = event.start.calendar_day()?;
            let after = first.checked_add(Span::new().days(i64::from(days))).ok()?;
            zone.to_timestamp(after.to_datetime(Time::midnight())).ok()
        }
        _ => event.start.end_in(&zone),
    }
}

/// Anonymises the guest data (name, email, organisation) of registrations for events that were
/// over more than `older_than` before `now`, in one forum or (with `None`) all, in one
/// transaction. The registrations stay, with their status, so participant figures stay right.
/// Returns how many registrations were anonymised.
pub async fn apply_retention(
    app: &App,
    forum: Option<&Id>,
    older_than: SignedDuration,
    now: Timestamp,
) -> Result<usize, AppError> {
    let store = app.store();
    if older_than.is_negative() {
        let mut problems = Problems::new();
        problems.push("days", "the retention period must not be negative");
        return Err(problems.into());
    }
    let cutoff = now.checked_sub(older_than).map_err(|_| {
        let mut problems = Problems::new();
        problems.push("days", "the retention period reaches before any event");
        AppError::Invalid(problems)
    })?;
    // Events that start on or after this local date cannot be over before the cut-off in any
    // time zone; the store narrows by it, the exact end decides below.
    let bound = cutoff
        .to_zoned_datetime(TimeZone::UTC)
        .date()
        .checked_add(Span::new().days(2))
        .map_or_else(|_| "9999".to_owned(), |d| d.to_string());
    let mut work = Anonymisation::default();
    for (event, mut registration) in store
        .guest_registrations_started_before(forum, &bound)
        .await?
    {
        let Some(guest) = &registration.guest else {
            continue;
        };
        if is_anonymous_guest(guest) || event_over_at(&event).is_none_or(|over| over >= cutoff) {
            continue;
        }
        anonymise_guest(&mut registration);
        registration.touch();
        work.audit_records.push(registration.id.clone());
        work.registrations.push(registration);
    }
    if work.registrations.is_empty() {
        return Ok(0);
    }
    // Only the audit entries of these registrations are scrubbed: the same guest may have
    // registered again for a later event, whose data and mail are still needed.
    let counts = store.anonymise(&work).await?;
    tracing::info!(
        registrations = counts.records,
        "guest data past its retention anonymised"
    );
    Ok(work.registrations.len())
}
