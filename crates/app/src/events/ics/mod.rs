//! Writing iCalendar text (RFC 5545) for the feeds and the mails: pure functions over plain
//! values, no store and no requests.
//!
//! Times: an event known to the minute is written in its own IANA time zone
//! (`DTSTART;TZID=Europe/Berlin:20300612T143000`), and the calendar carries a `VTIMEZONE` for
//! every zone it names, made from jiff's time zone database with the transitions that cover
//! its events (so the file is complete without any outside zone definitions). An event known
//! to the day is an all-day event (`VALUE=DATE`), its `DTEND` the day after its last day; an
//! event known only to the month ("in June 2022", as the annual report records most of its
//! events) spans its whole month, and its description says that the day is not fixed; an
//! event known only to the year has no place a calendar could show, so it is not written.

mod event;
mod write;
mod zones;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use urbis_domain::PartialDate;
use urbis_domain::date::Precision;

pub use event::event_entry;
pub use write::{FeedEvent, Method, Status, clean, escape, write, write_with};
pub use zones::vtimezone;

/// When an event takes place, as a calendar can show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Whole days: the first day and the day after the last (`VALUE=DATE`).
    Days {
        /// The first day.
        first: Date,
        /// The day after the last day.
        end: Date,
    },
    /// Instants, known to the minute (written in UTC).
    Times {
        /// The start.
        start: Timestamp,
        /// The end, when known to the minute.
        end: Option<Timestamp>,
    },
}

fn instant(date: &PartialDate, zone: &TimeZone) -> Option<Timestamp> {
    let (hour, minute) = date.time_of_day()?;
    let time = date
        .calendar_day()?
        .at(i8::try_from(hour).ok()?, i8::try_from(minute).ok()?, 0, 0);
    zone.to_timestamp(time).ok()
}

/// When an event with these dates takes place, or none when its start is known only to
/// the month or the year (no day is invented). `days` is the length of an event whose end
/// is not given; `time_zone` the IANA zone of the local times (an unknown zone makes a
/// timed event an all-day one rather than guess its offset).
pub fn when(
    start: &PartialDate,
    end: Option<&PartialDate>,
    days: Option<u16>,
    time_zone: &str,
) -> Option<When> {
    if start.precision() == Precision::Month {
        return month_span(start, end);
    }
    let first = start.calendar_day()?;
    let zone = TimeZone::get(time_zone).ok();
    let end_precision = end.map(PartialDate::precision);
    if let (Precision::Minute, Some(zone)) = (start.precision(), &zone)
        && matches!(end_precision, None | Some(Precision::Minute))
        && let Some(from) = instant(start, zone)
    {
        let until = end
            .and_then(|e| instant(e, zone))
            .filter(|until| *until > from);
        return Some(When::Times {
            start: from,
            end: until,
        });
    }
    let last = match end.and_then(PartialDate::calendar_day) {
        Some(last) if last >= first => last,
        Some(_) => first,
        None if end.is_none() => {
            let extra = i64::from(days.unwrap_or(1).max(1)) - 1;
            first
                .checked_add(jiff::Span::new().days(extra))
                .unwrap_or(first)
        }
        None => first,
    };
    let end = last.tomorrow().ok()?;
    Some(When::Days { first, end })
}

/// An event known only to its month ("in June 2022", as the annual report has it): the whole
/// month as an all-day span (to the end of `end`'s month when that is later), so that it has
/// its place in a calendar without a made-up day.
fn month_span(start: &PartialDate, end: Option<&PartialDate>) -> Option<When> {
    let first = start.month_start()?;
    let last = end
        .filter(|e| e.precision() >= Precision::Month)
        .and_then(PartialDate::month_start)
        .filter(|last| *last >= first)
        .unwrap_or(first);
    let end = last.last_of_month().tomorrow().ok()?;
    Some(When::Days { first, end })
}

/// A date as DATE (`19700101`).
fn date(d: Date) -> String {
    d.strftime("%Y%m%d").to_string()
}

/// An instant in UTC, as DATE-TIME with `Z`.
pub fn utc(t: Timestamp) -> String {
    t.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// A local date-time without zone (`19700101T000000`).
fn local(t: Timestamp, zone: &TimeZone) -> String {
    zone.to_datetime(t).strftime("%Y%m%dT%H%M%S").to_string()
}

#[cfg(test)]
mod tests;
