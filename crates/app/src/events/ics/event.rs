//! One event as a `VEVENT` for a reader: summary, description, place, link and status.

use std::collections::HashMap;

use urbis_domain::date::Precision;
use urbis_domain::events::{Event, EventStatus, Format};
use urbis_domain::network::Topic;
use urbis_domain::{Id, Lang};

use super::when;
use super::write::{FeedEvent, Status};

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
