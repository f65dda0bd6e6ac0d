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

use std::collections::HashMap;
use std::fmt::Write;

use icalendar::{Component, Property};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use urbis_domain::date::Precision;
use urbis_domain::events::{Event, EventStatus, Format};
use urbis_domain::network::Topic;
use urbis_domain::{Id, Lang, PartialDate};

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

/// `STATUS` of an event. The records know no tentative state (a planned event is
/// scheduled), so `TENTATIVE` is never written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Takes (or took) place.
    Confirmed,
    /// Called off.
    Cancelled,
}

impl Status {
    fn text(self) -> &'static str {
        match self {
            Status::Confirmed => "CONFIRMED",
            Status::Cancelled => "CANCELLED",
        }
    }
}

/// One `VEVENT`, its texts already in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEvent {
    /// `UID`, stable for the event.
    pub uid: String,
    /// `SEQUENCE`: how often the event was changed.
    pub sequence: i64,
    /// When.
    pub when: When,
    /// `SUMMARY`.
    pub summary: String,
    /// `DESCRIPTION`.
    pub description: Option<String>,
    /// `LOCATION`.
    pub location: Option<String>,
    /// `CATEGORIES`.
    pub categories: Vec<String>,
    /// `STATUS`.
    pub status: Status,
    /// `URL` of the event's page.
    pub url: Option<String>,
    /// The IANA zone timed events are written in (`TZID`, with a `VTIMEZONE`); UTC when none
    /// or unknown.
    pub time_zone: Option<String>,
}

/// `METHOD` of a calendar: published (feeds, confirmations, changes) or called off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// A calendar to show (or an update of events shown before, by `UID` and `SEQUENCE`).
    Publish,
    /// The events are called off.
    Cancel,
}

/// A text without the control characters TEXT values may not hold: line breaks become
/// `\n` (which the writer escapes), other controls but tabs are dropped.
pub fn clean(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .map(|c| if c == '\r' { '\n' } else { c })
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

/// Escapes a TEXT value (RFC 5545 3.3.11): backslash, comma, semicolon and line breaks.
pub fn escape(text: &str) -> String {
    clean(text)
        .replace('\\', "\\\\")
        .replace(',', "\\,")
        .replace(';', "\\;")
        .replace('\n', "\\n")
}

fn date(d: Date) -> String {
    d.strftime("%Y%m%d").to_string()
}

/// An instant in UTC, as DATE-TIME with `Z`.
pub fn utc(t: Timestamp) -> String {
    t.strftime("%Y%m%dT%H%M%SZ").to_string()
}

fn with_date(key: &str, d: Date) -> Property {
    Property::new(key, date(d))
        .add_parameter("VALUE", "DATE")
        .done()
}

/// Writes a calendar named `name` holding `events`, stamped `now` (`DTSTAMP`): CRLF line
/// ends, lines folded at 75 octets, TEXT values escaped, a `VTIMEZONE` per zone used.
pub fn write(name: &str, events: &[FeedEvent], now: Timestamp) -> Result<String, std::fmt::Error> {
    write_with(Method::Publish, Some(name), events, now)
}

/// A local date-time without zone (`19700101T000000`).
fn local(t: Timestamp, zone: &TimeZone) -> String {
    zone.to_datetime(t).strftime("%Y%m%dT%H%M%S").to_string()
}

/// Writes a calendar with a `METHOD`; see [`write`].
pub fn write_with(
    method: Method,
    name: Option<&str>,
    events: &[FeedEvent],
    now: Timestamp,
) -> Result<String, std::fmt::Error> {
    let mut calendar = icalendar::Calendar::empty();
    calendar.append_property(Property::new("VERSION", "2.0"));
    calendar.append_property(Property::new("PRODID", "-//urbis//urbis calendar//DE"));
    calendar.append_property(Property::new("CALSCALE", "GREGORIAN"));
    let method = match method {
        Method::Publish => "PUBLISH",
        Method::Cancel => "CANCEL",
    };
    calendar.append_property(Property::new("METHOD", method));
    if let Some(name) = name {
        // The crate escapes TEXT properties (and X- ones) itself; cleaning is ours.
        calendar.append_property(Property::new("X-WR-CALNAME", clean(name)));
    }
    let stamp = utc(now);
    // Each zone named, with the first and last instant written in it.
    let mut zones: Vec<(String, TimeZone, Timestamp, Timestamp)> = Vec::new();
    for e in events {
        let mut v = icalendar::Event::new();
        v.add_property("UID", clean(&e.uid));
        v.add_property("DTSTAMP", &stamp);
        v.add_property("SEQUENCE", e.sequence.max(0).to_string());
        match e.when {
            When::Days { first, end } => {
                v.append_property(with_date("DTSTART", first));
                v.append_property(with_date("DTEND", end));
            }
            When::Times { start, end } => {
                let zone = e
                    .time_zone
                    .as_deref()
                    .filter(|z| *z != "UTC")
                    .and_then(|z| TimeZone::get(z).ok().map(|tz| (z, tz)));
                let last = end.unwrap_or(start);
                match zone {
                    Some((name, tz)) => {
                        let timed = |key: &str, t: Timestamp| {
                            Property::new(key, local(t, &tz))
                                .add_parameter("TZID", name)
                                .done()
                        };
                        v.append_property(timed("DTSTART", start));
                        if let Some(end) = end {
                            v.append_property(timed("DTEND", end));
                        }
                        match zones.iter_mut().find(|z| z.0 == name) {
                            Some(z) => {
                                z.2 = z.2.min(start);
                                z.3 = z.3.max(last);
                            }
                            None => zones.push((name.to_owned(), tz, start, last)),
                        }
                    }
                    None => {
                        v.add_property("DTSTART", utc(start));
                        if let Some(end) = end {
                            v.add_property("DTEND", utc(end));
                        }
                    }
                }
            }
        }
        v.add_property("SUMMARY", clean(&e.summary));
        if let Some(text) = e.description.as_deref().filter(|t| !t.trim().is_empty()) {
            v.add_property("DESCRIPTION", clean(text));
        }
        if let Some(text) = e.location.as_deref().filter(|t| !t.trim().is_empty()) {
            v.add_property("LOCATION", clean(text));
        }
        if !e.categories.is_empty() {
            // A text list: the crate writes it as given, so each item is escaped here.
            let list: Vec<String> = e.categories.iter().map(|c| escape(c)).collect();
            v.add_property("CATEGORIES", list.join(","));
        }
        v.add_property("STATUS", e.status.text());
        if let Some(url) = &e.url {
            v.add_property("URL", clean(url));
        }
        calendar.push(v.done());
    }
    let mut out = String::new();
    write!(out, "{calendar}")?;
    if !zones.is_empty() {
        zones.sort_by(|a, b| a.0.cmp(&b.0));
        let mut definitions = String::new();
        for (name, tz, from, until) in &zones {
            definitions.push_str(&vtimezone(name, tz, *from, *until));
        }
        let at = out
            .find("BEGIN:VEVENT\r\n")
            .or_else(|| out.find("END:VCALENDAR\r\n"))
            .unwrap_or(out.len());
        out.insert_str(at, &definitions);
    }
    Ok(out)
}

/// An offset as `+0100` (seconds are dropped; no zone in use has them).
fn offset_text(offset: jiff::tz::Offset) -> String {
    let seconds = offset.seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("{sign}{:02}{:02}", minutes / 60, minutes % 60)
}

/// The `VTIMEZONE` of a zone for instants from `from` to `until`: one observance for the
/// offset in force at `from` and one per transition up to `until`, each with its exact
/// local start, offsets and abbreviation (no rules that could drift from the database).
pub fn vtimezone(name: &str, tz: &TimeZone, from: Timestamp, until: Timestamp) -> String {
    let mut out = format!("BEGIN:VTIMEZONE\r\nTZID:{}\r\n", clean(name));
    let mut observance = |at: Option<Timestamp>, info: jiff::tz::TimeZoneOffsetInfo<'_>| {
        let to = info.offset();
        let (start, before) = match at {
            Some(at) => {
                let before = at
                    .checked_sub(jiff::SignedDuration::from_secs(1))
                    .map_or(to, |t| tz.to_offset(t));
                (local(at, &TimeZone::fixed(before)), before)
            }
            None => ("19700101T000000".to_owned(), to),
        };
        let kind = if info.dst().is_dst() {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        let abbreviation = escape(info.abbreviation());
        out.push_str(&format!(
            "BEGIN:{kind}\r\nDTSTART:{start}\r\nTZOFFSETFROM:{}\r\nTZOFFSETTO:{}\r\nTZNAME:{abbreviation}\r\nEND:{kind}\r\n",
            offset_text(before),
            offset_text(to),
        ));
    };
    let after_from = from
        .checked_add(jiff::SignedDuration::from_secs(1))
        .unwrap_or(from);
    match tz.preceding(after_from).next() {
        Some(first) => observance(
            Some(first.timestamp()),
            tz.to_offset_info(first.timestamp()),
        ),
        None => observance(None, tz.to_offset_info(from)),
    }
    for transition in tz.following(from) {
        if transition.timestamp() > until {
            break;
        }
        observance(
            Some(transition.timestamp()),
            tz.to_offset_info(transition.timestamp()),
        );
    }
    out.push_str("END:VTIMEZONE\r\n");
    out
}

/// The `VEVENT` of one event for a reader of `lang`; none when the event is not known to the
/// day. `host` names the site in the `UID` (`{event id}@{host}`, the same in feeds and mails
/// so that a calendar updates what it has); `umbrella` names the umbrella forum for its events
/// (in the summary and categories); `page` is the address of the event's page, when this site
/// shows it; `link` the meeting link, given only for a confirmed participant.
#[allow(clippy::too_many_arguments)]
pub fn event_entry(
    event: &Event,
    lang: Lang,
    host: &str,
    sequence: i64,
    topics: &HashMap<Id, Topic>,
    umbrella: Option<&str>,
    page: Option<String>,
    link: Option<&str>,
) -> Option<FeedEvent> {
    let when = when(
        &event.start,
        event.end.as_ref(),
        event.days.filter(|_| event.end.is_none()),
        &event.time_zone,
    )?;
    let title = event.title.localize(lang).text;
    let mut categories: Vec<String> = Vec::new();
    if let Some(umbrella) = umbrella {
        categories.push(umbrella.to_owned());
    }
    categories.extend(
        event
            .topics
            .iter()
            .filter_map(|id| topics.get(id))
            .map(|t| t.name.localize(lang).text.to_owned()),
    );
    let mut description = event
        .description
        .as_ref()
        .map(|d| d.localize(lang).text.to_owned())
        .unwrap_or_default();
    let note = (event.start.precision() == Precision::Month)
        .then(|| crate::i18n::Tr::new(lang).get("events-ics-month-note"));
    if let Some(note) = &note {
        description = if description.is_empty() {
            note.clone()
        } else {
            format!("{note}\n\n{description}")
        };
    }
    for extra in [link, page.as_deref()].into_iter().flatten() {
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str(extra);
    }
    let mut location = location_of(event);
    if let (Some(link), Some(Format::Online)) = (link, event.format) {
        location = Some(link.to_owned());
    }
    Some(FeedEvent {
        uid: format!("{}@{host}", event.id),
        sequence,
        when,
        summary: match umbrella {
            Some(name) => format!("[{name}] {title}"),
            None => title.to_owned(),
        },
        description: (!description.is_empty()).then_some(description),
        location,
        categories,
        status: match event.status {
            EventStatus::Planned | EventStatus::Held => Status::Confirmed,
            EventStatus::Cancelled => Status::Cancelled,
        },
        url: page,
        time_zone: Some(event.time_zone.clone()),
    })
}

fn location_of(event: &Event) -> Option<String> {
    let mut parts: Vec<&str> = [event.venue.as_deref(), event.city.as_deref()]
        .into_iter()
        .flatten()
        .filter(|p| !p.trim().is_empty())
        .collect();
    if parts.is_empty() && event.format == Some(Format::Online) {
        parts.push("Online");
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn event(summary: &str, when: When) -> FeedEvent {
        FeedEvent {
            uid: "0190a000-0000-7000-8000-0000000000d1@urbis".into(),
            sequence: 2,
            when,
            summary: summary.into(),
            description: None,
            location: None,
            categories: Vec::new(),
            status: Status::Confirmed,
            url: None,
            time_zone: None,
        }
    }

    fn day(text: &str) -> PartialDate {
        PartialDate::parse(text).unwrap()
    }

    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "")
    }

    fn now() -> Timestamp {
        "2026-11-26T01:00:00Z".parse().unwrap()
    }

    #[test]
    fn long_lines_fold_at_75_octets_on_character_boundaries() {
        let summary = "Sicherheit in Bahnhofsvierteln – Übergänge, Räume; Akteure ".repeat(6);
        let text = write(
            "Kalender",
            &[event(
                &summary,
                When::Days {
                    first: Date::constant(2030, 6, 12),
                    end: Date::constant(2030, 6, 13),
                },
            )],
            now(),
        )
        .unwrap();
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        let mut folded = 0;
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
            folded += usize::from(line.starts_with(' '));
        }
        assert!(folded >= 4, "the summary was folded:\n{text}");
        assert!(
            !text.replace("\r\n", "").contains('\n'),
            "only CRLF line ends"
        );
        let expected = format!("SUMMARY:{}", escape(&summary));
        assert!(unfold(&text).contains(&expected), "{text}");
    }

    #[test]
    fn text_values_escape_commas_semicolons_backslashes_and_newlines() {
        let mut e = event(
            "a,b;c\\d\r\ne",
            When::Days {
                first: Date::constant(2030, 6, 12),
                end: Date::constant(2030, 6, 13),
            },
        );
        e.location = Some("Rathaus, Saal 1".into());
        e.categories = vec!["Sicherheit, Prävention".into(), "EFUS".into()];
        let text = unfold(&write("Forum; Kalender", &[e], now()).unwrap());
        assert!(text.contains("SUMMARY:a\\,b\\;c\\\\d\\ne\r\n"), "{text}");
        assert!(text.contains("LOCATION:Rathaus\\, Saal 1\r\n"), "{text}");
        assert!(
            text.contains("CATEGORIES:Sicherheit\\, Prävention,EFUS\r\n"),
            "{text}"
        );
        assert!(
            text.contains("X-WR-CALNAME:Forum\\; Kalender\r\n"),
            "{text}"
        );
        assert_eq!(escape("x\u{7}y"), "xy", "controls are dropped");
    }

    #[test]
    fn days_are_dates_and_minutes_are_utc_date_times() {
        let days = when(
            &day("2030-06-12"),
            Some(&day("2030-06-13")),
            None,
            "Europe/Berlin",
        );
        assert_eq!(
            days,
            Some(When::Days {
                first: Date::constant(2030, 6, 12),
                end: Date::constant(2030, 6, 14),
            })
        );
        let text = write("K", &[event("x", days.unwrap())], now()).unwrap();
        assert!(text.contains("DTSTART;VALUE=DATE:20300612\r\n"), "{text}");
        assert!(text.contains("DTEND;VALUE=DATE:20300614\r\n"), "{text}");
        assert!(text.contains("DTSTAMP:20261126T010000Z\r\n"), "{text}");

        // Summer time in Berlin is UTC+2; winter time UTC+1.
        let times = when(
            &day("2030-06-12T14:30"),
            Some(&day("2030-06-12T16:00")),
            None,
            "Europe/Berlin",
        )
        .unwrap();
        let text = write("K", &[event("x", times)], now()).unwrap();
        assert!(text.contains("DTSTART:20300612T123000Z\r\n"), "{text}");
        assert!(text.contains("DTEND:20300612T140000Z\r\n"), "{text}");
        let winter = when(&day("2030-01-15T09:00"), None, None, "Europe/Lisbon").unwrap();
        assert_eq!(
            winter,
            When::Times {
                start: "2030-01-15T09:00:00Z".parse().unwrap(),
                end: None,
            }
        );
    }

    #[test]
    fn months_span_years_invent_nothing_and_days_stretch_an_event() {
        assert_eq!(
            when(&day("2030-07"), None, None, "Europe/Berlin"),
            Some(When::Days {
                first: Date::constant(2030, 7, 1),
                end: Date::constant(2030, 8, 1),
            })
        );
        assert_eq!(
            when(
                &day("2030-12"),
                Some(&day("2031-01-20")),
                None,
                "Europe/Berlin"
            ),
            Some(When::Days {
                first: Date::constant(2030, 12, 1),
                end: Date::constant(2031, 2, 1),
            })
        );
        assert_eq!(when(&day("2030"), None, Some(2), "Europe/Berlin"), None);
        assert_eq!(
            when(&day("2030-06-12"), None, Some(3), "Europe/Berlin"),
            Some(When::Days {
                first: Date::constant(2030, 6, 12),
                end: Date::constant(2030, 6, 15),
            })
        );
        // A timed start with an end known only to the day: whole days, nothing invented.
        assert_eq!(
            when(
                &day("2030-06-12T10:00"),
                Some(&day("2030-06-13")),
                None,
                "Europe/Berlin"
            ),
            Some(When::Days {
                first: Date::constant(2030, 6, 12),
                end: Date::constant(2030, 6, 14),
            })
        );
        // An end before the start is ignored rather than written.
        assert_eq!(
            when(
                &day("2030-06-12"),
                Some(&day("2030-06-10")),
                None,
                "Europe/Berlin"
            ),
            Some(When::Days {
                first: Date::constant(2030, 6, 12),
                end: Date::constant(2030, 6, 13),
            })
        );
    }

    #[test]
    fn every_event_carries_uid_dtstamp_sequence_and_status() {
        let mut cancelled = event(
            "x",
            When::Days {
                first: Date::constant(2030, 6, 12),
                end: Date::constant(2030, 6, 13),
            },
        );
        cancelled.status = Status::Cancelled;
        cancelled.sequence = 7;
        let text = write("K", &[cancelled], now()).unwrap();
        for needle in [
            "BEGIN:VCALENDAR\r\n",
            "VERSION:2.0\r\n",
            "PRODID:",
            "BEGIN:VEVENT\r\n",
            "UID:0190a000-0000-7000-8000-0000000000d1@urbis\r\n",
            "DTSTAMP:20261126T010000Z\r\n",
            "SEQUENCE:7\r\n",
            "STATUS:CANCELLED\r\n",
            "END:VEVENT\r\n",
        ] {
            assert!(text.contains(needle), "{needle} in\n{text}");
        }
        let parsed: icalendar::Calendar = text.parse().unwrap();
        assert_eq!(parsed.events().count(), 1);
    }

    #[test]
    fn timed_events_are_local_times_with_a_vtimezone_of_their_zone() {
        let mut e = event(
            "x",
            when(
                &day("2030-06-12T14:30"),
                Some(&day("2030-06-12T16:00")),
                None,
                "Europe/Berlin",
            )
            .unwrap(),
        );
        e.time_zone = Some("Europe/Berlin".into());
        let mut winter = e.clone();
        winter.uid = "other@urbis".into();
        winter.when = when(&day("2030-12-01T09:00"), None, None, "Europe/Berlin").unwrap();
        let text = write("K", &[e, winter], now()).unwrap();
        assert!(
            text.contains("DTSTART;TZID=Europe/Berlin:20300612T143000\r\n"),
            "{text}"
        );
        assert!(text.contains("DTEND;TZID=Europe/Berlin:20300612T160000\r\n"));
        assert_eq!(text.matches("BEGIN:VTIMEZONE\r\n").count(), 1, "{text}");
        assert!(text.contains("TZID:Europe/Berlin\r\n"));
        // in force in June: summer time since March; then the change back in October 2030
        assert!(text.contains(
            "BEGIN:DAYLIGHT\r\nDTSTART:20300331T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT\r\n"
        ), "{text}");
        assert!(text.contains(
            "BEGIN:STANDARD\r\nDTSTART:20301027T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD\r\n"
        ), "{text}");
        assert!(
            !text.contains("20310330"),
            "no transition after the last event"
        );
        assert!(text.find("END:VTIMEZONE").unwrap() < text.find("BEGIN:VEVENT").unwrap());
        let parsed: icalendar::Calendar = text.parse().unwrap();
        assert_eq!(parsed.events().count(), 2);
        let cancel = write_with(Method::Cancel, None, &[], now()).unwrap();
        assert!(cancel.contains("METHOD:CANCEL\r\n") && !cancel.contains("X-WR-CALNAME"));
    }
}
