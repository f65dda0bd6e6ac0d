//! The iCal feeds (RFC 5545): `/calendar/events.ics` (the forum's public events and the
//! umbrella's), `/calendar/topics/{slug}.ics`, `/calendar/series/{id}.ics` and the personal
//! feed `/calendar/private/{token}.ics`, whose secret address a member creates or resets with
//! `POST /account/calendar`.
//!
//! The public feeds are always written for an anonymous viewer, whoever asks (a feed address
//! is shared and fetched by calendar programs without a session); the personal feed is written
//! for the user its token belongs to. Both ask the one access policy (`Viewer::reads`).
//!
//! Which events a feed holds: only events known at least to the day. An event known only to
//! the month or the year ("in June 2022") has no day a calendar could show without inventing
//! one, so it is left out of every feed (its page still shows it).
//!
//! Times: an event known to the minute is written in UTC (`DTSTART:20300612T120000Z`),
//! converted from its local time in its IANA time zone with jiff's time zone database. That
//! form is valid RFC 5545 and needs no `VTIMEZONE` component; writing `TZID` parameters would
//! oblige the feed to carry a `VTIMEZONE` for every zone it names (the `icalendar` crate does
//! not write them), and calendar programs show UTC times in the subscriber's own zone anyway.
//! An event known to the day is an all-day event (`VALUE=DATE`), its `DTEND` the day after its
//! last day.

use std::collections::HashMap;

use axum::extract::{Path, RawQuery, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use urbis_app::accounts::secrets::{new_token, token_hash};
use urbis_domain::accounts::UserStatus;
use urbis_domain::events::{Event, EventStatus, Format, Series};
use urbis_domain::network::{Forum, Topic};
use urbis_domain::{Id, Kind, Lang, Viewer};
use urbis_store::{ListQuery, Value};

use crate::error::WebError;
use crate::home::{Params, bad_request};
use crate::pages::{MessagePage, render};
use crate::state::AppState;
use crate::visitor::Visitor;

/// The content type of every feed.
pub const CONTENT_TYPE_ICS: &str = "text/calendar; charset=utf-8";

/// Writing iCalendar text: pure functions over plain values, no store and no requests.
pub mod ics {
    use std::fmt::Write;

    use icalendar::{Component, Property};
    use jiff::Timestamp;
    use jiff::civil::Date;
    use jiff::tz::TimeZone;
    use urbis_domain::PartialDate;
    use urbis_domain::date::Precision;

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

    fn civil(date: &PartialDate) -> Option<Date> {
        let (month, day) = (date.month_number()?, date.day_number()?);
        Date::new(
            date.year_number(),
            i8::try_from(month).ok()?,
            i8::try_from(day).ok()?,
        )
        .ok()
    }

    fn instant(date: &PartialDate, zone: &TimeZone) -> Option<Timestamp> {
        let (hour, minute) = date.time_of_day()?;
        let time = civil(date)?.at(i8::try_from(hour).ok()?, i8::try_from(minute).ok()?, 0, 0);
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
        let first = civil(start)?;
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
        let last = match end.and_then(civil) {
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
    /// ends, lines folded at 75 octets, TEXT values escaped.
    pub fn write(
        name: &str,
        events: &[FeedEvent],
        now: Timestamp,
    ) -> Result<String, std::fmt::Error> {
        let mut calendar = icalendar::Calendar::empty();
        calendar.append_property(Property::new("VERSION", "2.0"));
        calendar.append_property(Property::new("PRODID", "-//urbis//urbis calendar//DE"));
        calendar.append_property(Property::new("CALSCALE", "GREGORIAN"));
        calendar.append_property(Property::new("METHOD", "PUBLISH"));
        // The crate escapes TEXT properties (and X- ones) itself; cleaning is ours.
        calendar.append_property(Property::new("X-WR-CALNAME", clean(name)));
        let stamp = utc(now);
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
                    v.add_property("DTSTART", utc(start));
                    if let Some(end) = end {
                        v.add_property("DTEND", utc(end));
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
        Ok(out)
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
        fn months_and_years_invent_no_day_and_days_stretch_an_event() {
            assert_eq!(when(&day("2030-07"), None, None, "Europe/Berlin"), None);
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
    }
}

/// The feed language: `?lang=` (any language urbis holds texts in), German by default; none
/// for a malformed value.
fn feed_lang(params: &Params) -> Option<Lang> {
    match params.get("lang") {
        None => Some(Lang::De),
        Some(code) => Lang::parse(code),
    }
}

/// What a feed holds beyond the viewer's access.
enum Selection {
    /// Every event of the forum, and the umbrella's.
    Forum,
    /// The events of one topic.
    Topic(Id),
    /// The events of one series.
    Series(Id),
}

fn status_of(event: &Event) -> ics::Status {
    match event.status {
        EventStatus::Planned | EventStatus::Held => ics::Status::Confirmed,
        EventStatus::Cancelled => ics::Status::Cancelled,
    }
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

/// The `VEVENT` of one event for a reader of `lang`; none when the event is not known to the
/// day. `umbrella` names the umbrella forum for its events (in the summary and categories);
/// `page` is the address of the event's page, when this site shows it.
fn feed_event(
    event: &Event,
    lang: Lang,
    sequence: i64,
    topics: &HashMap<Id, Topic>,
    umbrella: Option<&str>,
    page: Option<String>,
) -> Option<ics::FeedEvent> {
    let when = ics::when(
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
    if let Some(page) = &page {
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str(page);
    }
    Some(ics::FeedEvent {
        uid: format!("{}@urbis", event.id),
        sequence,
        when,
        summary: match umbrella {
            Some(name) => format!("[{name}] {title}"),
            None => title.to_owned(),
        },
        description: (!description.is_empty()).then_some(description),
        location: location_of(event),
        categories,
        status: status_of(event),
        url: page,
    })
}

/// The events of a feed as `viewer` may read them, sorted by start, as `VEVENT`s in `lang`.
async fn feed_events(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    selection: &Selection,
) -> Result<Vec<ics::FeedEvent>, WebError> {
    let store = &state.store;
    let level = viewer.reads(&state.forum);
    let mut query = ListQuery::new(&state.forum, level);
    if let Selection::Series(id) = selection {
        query = query.filter("series_id", Value::id(id));
    }
    let mut events: Vec<Event> = store.list(&query).await?;
    if let Selection::Topic(id) = selection {
        events.retain(|e| e.topics.contains(id));
    }
    events.sort_by_key(|e| e.start);
    let topics: HashMap<Id, Topic> = store
        .list::<Topic>(&ListQuery::new(&state.forum, level))
        .await?
        .into_iter()
        .map(|t| (t.id.clone(), t))
        .collect();
    let changes = store.update_counts(&state.forum, Kind::Event).await?;
    let mut out: Vec<ics::FeedEvent> = events
        .iter()
        .filter_map(|e| {
            let sequence = changes.get(e.id.as_str()).copied().unwrap_or(0);
            let page = format!("{}/events/{}", state.base_url, e.id);
            feed_event(e, lang, sequence, &topics, None, Some(page))
        })
        .collect();
    if let Selection::Forum = selection {
        let forum: Forum = store.get(&state.forum).await?;
        if let Some(umbrella_id) = &forum.umbrella {
            let umbrella: Forum = store.get(umbrella_id).await?;
            let level = viewer.reads(umbrella_id);
            let mut theirs: Vec<Event> = store.list(&ListQuery::new(umbrella_id, level)).await?;
            theirs.sort_by_key(|e| e.start);
            let changes = store.update_counts(umbrella_id, Kind::Event).await?;
            let none = HashMap::new();
            out.extend(theirs.iter().filter_map(|e| {
                let sequence = changes.get(e.id.as_str()).copied().unwrap_or(0);
                // The umbrella's event pages are not on this site: no URL.
                feed_event(e, lang, sequence, &none, Some(&umbrella.short_name), None)
            }));
        }
    }
    Ok(out)
}

/// The feed file's answer: the calendar text with its content type.
async fn answer(
    state: &AppState,
    viewer: &Viewer,
    raw: Option<&str>,
    name: String,
    selection: Selection,
    private: bool,
) -> Result<Response, WebError> {
    let Some(lang) = feed_lang(&Params::parse(raw)) else {
        return Ok(bad_request(Lang::De));
    };
    let events = feed_events(state, viewer, lang, &selection).await?;
    let text = ics::write(&name, &events, Timestamp::now())
        .map_err(|e| WebError::Report(format!("calendar: {e}")))?;
    let cache = if private {
        "private, no-store"
    } else {
        "public, max-age=300"
    };
    Ok((
        [(CONTENT_TYPE, CONTENT_TYPE_ICS), (CACHE_CONTROL, cache)],
        text,
    )
        .into_response())
}

/// The name before `.ics` of a feed file; none for any other address.
fn stem(file: &str) -> Result<&str, WebError> {
    file.strip_suffix(".ics")
        .filter(|s| !s.is_empty())
        .ok_or(WebError::NotFound)
}

async fn forum_name(state: &AppState, lang: Lang) -> Result<String, WebError> {
    let forum: Forum = state.store.get(&state.forum).await?;
    Ok(forum.name.localize(lang).text.to_owned())
}

fn lang_of(raw: Option<&str>) -> Lang {
    feed_lang(&Params::parse(raw)).unwrap_or(Lang::De)
}

/// `/calendar/events.ics`: the forum's public events and the umbrella's public events.
pub async fn forum_feed(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let name = forum_name(&state, lang_of(raw.as_deref())).await?;
    let viewer = Viewer::anonymous();
    answer(
        &state,
        &viewer,
        raw.as_deref(),
        name,
        Selection::Forum,
        false,
    )
    .await
}

/// `/calendar/topics/{slug}.ics`: the public events of a public topic.
pub async fn topic_feed(
    State(state): State<AppState>,
    Path(file): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let slug = stem(&file)?;
    if slug.len() > 80
        || !slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(WebError::NotFound);
    }
    let viewer = Viewer::anonymous();
    let topic: Topic = state
        .store
        .list::<Topic>(
            &ListQuery::new(&state.forum, viewer.reads(&state.forum))
                .filter("slug", Value::text(slug)),
        )
        .await?
        .into_iter()
        .next()
        .ok_or(WebError::NotFound)?;
    let lang = lang_of(raw.as_deref());
    let name = format!(
        "{} – {}",
        forum_name(&state, lang).await?,
        topic.name.localize(lang).text
    );
    let selection = Selection::Topic(topic.id.clone());
    answer(&state, &viewer, raw.as_deref(), name, selection, false).await
}

/// `/calendar/series/{id}.ics`: the public events of a public series.
pub async fn series_feed(
    State(state): State<AppState>,
    Path(file): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let viewer = Viewer::anonymous();
    let series: Series = crate::home::visible(&state, &viewer, stem(&file)?).await?;
    let lang = lang_of(raw.as_deref());
    let name = format!(
        "{} – {}",
        forum_name(&state, lang).await?,
        series.title.localize(lang).text
    );
    let selection = Selection::Series(series.id.clone());
    answer(&state, &viewer, raw.as_deref(), name, selection, false).await
}

/// `/calendar/private/{token}.ics`: every event the token's user may read, with the
/// umbrella's. An unknown or reset token, or one of an account that is not active, is not
/// found. The token alone is the credential (calendar programs cannot log in or give a second
/// factor), so it is long, random and stored only as a hash.
pub async fn private_feed(
    State(state): State<AppState>,
    Path(file): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let token = stem(&file)?;
    if token.len() != 43 {
        return Err(WebError::NotFound);
    }
    let user = match state.store.calendar_token_user(&token_hash(token)).await? {
        Some(id) => state.store.user(&id).await?,
        None => None,
    };
    // A disabled or not yet active account's feed stops (its viewer would have no roles).
    let Some(user) = user.filter(|u| u.status == UserStatus::Active) else {
        return Err(WebError::NotFound);
    };
    let viewer = Viewer::user(&user);
    let name = forum_name(&state, lang_of(raw.as_deref())).await?;
    answer(
        &state,
        &viewer,
        raw.as_deref(),
        name,
        Selection::Forum,
        true,
    )
    .await
}

/// `POST /account/calendar`: creates the logged-in user's personal feed address, or replaces
/// it (the old address answers 404 from then on), and shows the new one once.
pub async fn reset_token(
    State(state): State<AppState>,
    visitor: Visitor,
) -> Result<Response, WebError> {
    let Some(user) = visitor
        .user
        .as_ref()
        .filter(|_| !visitor.second_factor_pending)
    else {
        return Ok(Redirect::to("/login?next=/account").into_response());
    };
    let token = new_token()?;
    state
        .store
        .set_calendar_token(&user.id, &token_hash(&token))
        .await?;
    let url = format!("{}/calendar/private/{token}.ics", state.base_url);
    let t = visitor.t();
    let title = t.get("calendar-title");
    let message = format!(
        "{} {url} – {}",
        t.get("calendar-address"),
        t.get("calendar-keep-secret")
    );
    let mut response = render(&MessagePage {
        frame: visitor.frame(),
        title,
        message,
    });
    response.headers_mut().insert(
        CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}
