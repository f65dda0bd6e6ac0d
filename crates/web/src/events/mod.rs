//! The public pages of events: the list (upcoming / past, by kind, by series), the event page
//! and the series page; and the event row every list of events shows.

pub mod admin;
pub mod calendar;
pub mod confirm;
pub mod list;
pub mod mine;
pub mod register;
pub mod series;
pub mod show;

use std::collections::HashMap;

use urbis_domain::Id;
use urbis_domain::events::{Event, EventStatus};

use crate::format::{self, Shown};
use crate::i18n::Tr;

/// One event as lists show it.
pub struct EventRow {
    /// The event page.
    pub href: String,
    /// Title.
    pub title: Shown,
    /// Date or period, printed with its precision.
    pub when: String,
    /// The kind, as a label.
    pub kind: String,
    /// City and format.
    pub place: String,
    /// Participants as reported ("70", "30–55"), or empty.
    pub participants: String,
    /// True when the event was called off.
    pub cancelled: bool,
    /// The short name of the forum that shares the event into this one ("EFUS"), if any.
    pub shared_by: Option<String>,
}

impl EventRow {
    /// The row of one event for a reader of `t`'s language.
    pub fn new(t: &Tr, event: &Event) -> Self {
        let mut place: Vec<String> = Vec::new();
        if let Some(city) = &event.city {
            place.push(city.clone());
        }
        if let Some(f) = &event.format {
            place.push(format::label(t, "event-format", f));
        }
        Self {
            href: format!("/events/{}", event.id),
            title: Shown::new(t, &event.title),
            when: format::range(t.lang, &event.start, event.end.as_ref()),
            kind: format::label(t, "event-kind", &event.kind),
            place: place.join(", "),
            participants: event
                .participants
                .as_ref()
                .map(format::headcount)
                .unwrap_or_default(),
            cancelled: event.status == EventStatus::Cancelled,
            shared_by: None,
        }
    }

    /// Marks the row with the forum that shares the event, when it is not this forum's own
    /// (`owners` from [`crate::sharing::owners`]).
    pub fn marked(mut self, owners: &HashMap<Id, String>, event: &Event) -> Self {
        self.shared_by = owners.get(&event.forum).cloned();
        self
    }
}

/// The events of a list in reading order: upcoming ones soonest first, past ones latest first.
pub fn sort(events: &mut [&Event], upcoming: bool) {
    if upcoming {
        events.sort_by_key(|e| e.start);
    } else {
        events.sort_by_key(|e| std::cmp::Reverse(e.start));
    }
}
