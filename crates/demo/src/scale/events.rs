//! Copies of series and events, and registrations for every event.

use urbis_domain::events::{
    Event, EventKind, EventStatus, Format, Guest, Registration, RegistrationRules,
    RegistrationStatus, Series,
};
use urbis_domain::parts::Headcount;
use urbis_domain::{Access, Id, Lang, Text};

use super::words::{ascii_slug, capital};
use super::{DAY_SPAN, Generator, PLANNED_SPAN, Pool, TODAY, day};

impl Generator {
    /// Varies a series: title and description on a theme.
    pub(super) fn series(&mut self, r: &mut Series) {
        let theme = self.theme();
        r.title = Text::new(
            Lang::De,
            format!("Veranstaltungsreihe: {}", capital(theme.0)),
        )
        .with(Lang::En, format!("Event series: {}", capital(theme.1)));
        r.description = Some(self.description(theme));
        (r.created, r.updated) = self.stamps(DAY_SPAN);
    }

    /// Varies an event; returns the day offset it starts on.
    pub(super) fn event(&mut self, r: &mut Event) -> u64 {
        let theme = self.theme();
        let city = self.city();
        let (label_de, label_en) = event_label(r.kind);
        let place = r.format != Some(Format::Online);
        let (title_de, title_en) = if place {
            (
                format!("{label_de}: {} in {city}", capital(theme.0)),
                format!("{label_en}: {} in {city}", capital(theme.1)),
            )
        } else {
            (
                format!("{label_de}: {}", capital(theme.0)),
                format!("{label_en}: {}", capital(theme.1)),
            )
        };
        r.title = Text::new(Lang::De, title_de).with(Lang::En, title_en);
        r.description = Some(self.description(theme));
        let start = if self.chance(8) {
            TODAY + self.below(PLANNED_SPAN)
        } else {
            self.day()
        };
        r.start = if self.chance(70) {
            let hour = self.between(9, 17) as u8;
            let minute = if self.chance(50) { 0 } else { 30 };
            let date = day(start);
            date.at(hour, minute).unwrap_or(date)
        } else {
            day(start)
        };
        let days = u64::from(r.days.unwrap_or(1).max(1));
        r.end = r.end.map(|_| day(start + days - 1));
        r.city = place.then(|| city.to_owned());
        r.venue = place.then(|| format!("Rathaus {city}"));
        for speaker in &mut r.speakers {
            if speaker.person.is_none() {
                let (given, family) = self.name();
                speaker.name = Some(format!("{given} {family}"));
            }
        }
        // Web exchanges, webinars, seminars and the like take registrations, as the network's
        // do: open to guests, limited, some with a waiting list.
        let registers = matches!(
            r.kind,
            EventKind::WebExchange
                | EventKind::Webinar
                | EventKind::Seminar
                | EventKind::Workshop
                | EventKind::Training
                | EventKind::Conference
        );
        if r.registration.is_none() && registers && self.chance(60) {
            r.registration = Some(RegistrationRules {
                opens: None,
                closes: None,
                members_only: self.chance(15),
                waiting_list: self.chance(50),
                // Generated registrations stand as decided; no guest waits for a link.
                confirm_guests: false,
            });
            // More seats than the at most 24 registrations generated below.
            r.capacity = Some(self.between(30, 150) as u32);
        }
        if let Some(rules) = &mut r.registration {
            // Held events had opened six weeks before; planned ones are open from now on.
            rules.opens = (start < TODAY).then(|| day(start.saturating_sub(42)));
            rules.closes = Some(day(start.saturating_sub(2)));
            if rules.waiting_list && r.capacity.is_none() {
                r.capacity = Some(30);
            }
        }
        r.status = if start >= TODAY {
            EventStatus::Planned
        } else if self.chance(3) {
            EventStatus::Cancelled
        } else {
            EventStatus::Held
        };
        r.participants =
            (r.status == EventStatus::Held).then(|| Headcount::exact(self.between(8, 150) as u32));
        (r.created, r.updated) = self.stamps(start.saturating_sub(30).max(1));
        r.example = true;
        start
    }

    /// Registrations for an event: some of the copy's people, the rest guests.
    pub(super) fn registrations(
        &mut self,
        event: &Event,
        start_day: u64,
        pool: &Pool,
        out: &mut Vec<Registration>,
    ) {
        let count = if event.status == EventStatus::Cancelled {
            self.below(4)
        } else {
            self.between(0, 24)
        };
        let mut people = pool.people.clone();
        for j in 0..count {
            let (created, _) = self.stamps(start_day.max(1));
            let status = match (event.status, self.below(10)) {
                (_, 0) => RegistrationStatus::Cancelled,
                (EventStatus::Held, 1) => RegistrationStatus::Confirmed,
                (EventStatus::Held, _) => RegistrationStatus::Attended,
                (_, 1) if event.capacity.is_some() => RegistrationStatus::Waitlisted,
                _ => RegistrationStatus::Confirmed,
            };
            let as_person = !people.is_empty() && self.chance(40);
            let (person, guest) = if as_person {
                let index = self.below(people.len() as u64) as usize;
                (Some(people.swap_remove(index)), None)
            } else {
                let (given, family) = self.name();
                let city = self.city();
                (
                    None,
                    Some(Guest {
                        name: format!("{given} {family}"),
                        email: format!(
                            "{}.{}.{j}@{}.example",
                            ascii_slug(given),
                            ascii_slug(family),
                            ascii_slug(city)
                        ),
                        organisation: Some(format!("Stadt {city}")),
                    }),
                )
            };
            out.push(Registration {
                id: self.id(),
                forum: Id::default(),
                access: Access::Staff,
                created,
                updated: created,
                event: event.id.clone(),
                person,
                guest,
                status,
                consent: true,
                language: Some(if self.chance(85) { Lang::De } else { Lang::En }),
                cancelled_at: (status == RegistrationStatus::Cancelled).then_some(created),
            });
        }
    }
}

/// The German and English name of an event format.
fn event_label(kind: EventKind) -> (&'static str, &'static str) {
    match kind {
        EventKind::GeneralMeeting => ("Mitgliederversammlung", "General meeting"),
        EventKind::UmbrellaAssembly => ("Generalversammlung", "General assembly"),
        EventKind::UmbrellaCommittee => ("Sitzung des Exekutivkomitees", "Executive committee"),
        EventKind::WebExchange => ("Web-Austausch", "Web exchange"),
        EventKind::Webinar => ("Webinar", "Webinar"),
        EventKind::Panel => ("Podiumsdiskussion", "Panel discussion"),
        EventKind::Symposium => ("Symposium", "Symposium"),
        EventKind::Seminar => ("Seminar", "Seminar"),
        EventKind::Training => ("Schulung", "Training session"),
        EventKind::Workshop => ("Workshop", "Workshop"),
        EventKind::StudyVisit => ("Studienreise", "Study visit"),
        EventKind::Conference => ("Fachtagung", "Conference"),
        EventKind::RoundTable => ("Runder Tisch", "Round table"),
        EventKind::Presentation => ("Vortrag", "Presentation"),
        EventKind::Meeting => ("Arbeitstreffen", "Working meeting"),
    }
}
