//! Unit tests of the calendar text: folding, escaping, dates, time zones, and what every
//! event carries.

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
