//! A living network: besides the records of 2022, the demo holds a few events dated from the
//! day it is loaded — a web exchange, a webinar series and the general meeting — open for
//! registration, so that a newcomer always finds something ahead to register for.
//!
//! `data/defus/upcoming.json` holds them as events without dates, each with the days from the
//! loading day (`in_days`), the local time it starts (`at`) and how many days it lasts
//! (`lasts_days`, one unless said).

use jiff::ToSpan;
use jiff::civil::Date;
use serde_json::{Map, Value};
use urbis_domain::{ForumData, PartialDate};

use crate::{DemoError, DemoFile};

/// The file of the upcoming events.
pub const FILE: DemoFile = DemoFile {
    path: "defus/upcoming.json",
    text: include_str!("../data/defus/upcoming.json"),
};

/// The directory of the forum whose upcoming events these are.
pub const FORUM_DIR: &str = "defus";

/// The upcoming events (and their series) dated from `today`, as a fragment of DEFUS's data.
pub fn upcoming(today: Date) -> Result<ForumData, DemoError> {
    let fail = |path: String, message: String| DemoError::Parse {
        file: FILE.path,
        line: 0,
        column: 0,
        path,
        message,
    };
    let mut file: Map<String, Value> =
        serde_json::from_str(FILE.text).map_err(|e| DemoError::Parse {
            file: FILE.path,
            line: e.line(),
            column: e.column(),
            path: ".".to_owned(),
            message: crate::strip_position(&e.to_string()),
        })?;
    let Some(Value::Array(entries)) = file.remove("upcoming") else {
        return Err(fail(
            "upcoming".into(),
            "a list of events is missing".into(),
        ));
    };
    let mut events = Vec::new();
    for (i, entry) in entries.into_iter().enumerate() {
        let at = |field: &str| format!("upcoming[{i}].{field}");
        let Value::Object(mut entry) = entry else {
            return Err(fail(format!("upcoming[{i}]"), "must be an object".into()));
        };
        let in_days = entry
            .remove("in_days")
            .and_then(|v| v.as_i64())
            .filter(|d| (0..=365).contains(d))
            .ok_or_else(|| fail(at("in_days"), "must be 0 to 365 days".into()))?;
        let lasts = entry.remove("lasts_days").map_or(Some(1), |v| v.as_i64());
        let lasts = lasts
            .filter(|d| (1..=14).contains(d))
            .ok_or_else(|| fail(at("lasts_days"), "must be 1 to 14 days".into()))?;
        let time = entry.remove("at").map(|v| v.as_str().map(str::to_owned));
        let Some(Value::Object(mut event)) = entry.remove("event") else {
            return Err(fail(at("event"), "an event is missing".into()));
        };
        if let Some(field) = entry.keys().next() {
            return Err(fail(at(field), "unknown field".into()));
        }
        let first = today.saturating_add(in_days.days());
        let last = first.saturating_add((lasts - 1).days());
        let mut start = day(first);
        if let Some(time) = time {
            let time = time.ok_or_else(|| fail(at("at"), "must be a time HH:MM".into()))?;
            start = PartialDate::parse(&format!("{start}T{time}"))
                .map_err(|e| fail(at("at"), e.to_string()))?;
        }
        event.insert("start".into(), Value::String(start.to_string()));
        if lasts > 1 {
            event.insert("end".into(), Value::String(day(last).to_string()));
        }
        events.push(Value::Object(event));
    }
    file.insert("events".into(), Value::Array(events));
    serde_path_to_error::deserialize(Value::Object(file))
        .map_err(|e| fail(e.path().to_string(), e.into_inner().to_string()))
}

/// A calendar day as a date of the records.
fn day(date: Date) -> PartialDate {
    let year = date.year();
    let (month, day) = (date.month().unsigned_abs(), date.day().unsigned_abs());
    PartialDate::day(year, month, day).unwrap_or(PartialDate::year(year))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_lies_ahead_of_the_loading_day() {
        let today = jiff::civil::date(2026, 12, 5);
        let data = upcoming(today).unwrap_or_else(|e| panic!("{e}"));
        assert!(data.events.len() >= 4, "a handful of events");
        assert_eq!(data.series.len(), 1, "the webinar series");
        for event in &data.events {
            assert!(event.start.first_day() > today, "{} is ahead", event.id);
            assert!(event.registration.is_some(), "{} is open", event.id);
        }
        let meeting = data
            .events
            .iter()
            .find(|e| e.end.is_some())
            .unwrap_or_else(|| panic!("the general meeting lasts two days"));
        assert_eq!(meeting.last_day(), jiff::civil::date(2027, 2, 6));
    }

    #[test]
    fn a_year_end_is_crossed() {
        let data = upcoming(jiff::civil::date(2026, 12, 30)).unwrap_or_else(|e| panic!("{e}"));
        assert!(data.events.iter().all(|e| e.start.year_number() == 2027));
    }
}
