//! The calendar text: a `VCALENDAR` with its `VEVENT`s and `VTIMEZONE`s, TEXT values
//! cleaned and escaped, lines folded.

use std::fmt::Write;

use icalendar::{Component, Property};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::zones::vtimezone;
use super::{When, date, local, utc};

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

/// Writes a calendar with a `METHOD`; see [`write()`].
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
