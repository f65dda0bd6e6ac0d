//! Events, series of events, and registrations: the network's exchange formats.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use crate::access::Access;
use crate::date::PartialDate;
use crate::id::Id;
use crate::parts::{Contributor, Headcount, Link, require};
use crate::record::{Kind, Record, RefVisitor, now, record_identity, refs};
use crate::sharing::Shared;
use crate::text::{Lang, Text};
use crate::validation::{Problems, quoted};
use crate::vocabulary::vocabulary;

vocabulary! {
    /// What sort of event it is.
    #[derive(Hash)]
    pub enum EventKind {
        /// The forum's general meeting of members.
        GeneralMeeting = "general_meeting",
        /// The umbrella's general assembly.
        UmbrellaAssembly = "umbrella_assembly",
        /// A meeting of the umbrella's executive committee.
        UmbrellaCommittee = "umbrella_committee",
        /// An internal online exchange among members.
        WebExchange = "web_exchange",
        /// An open online event.
        Webinar = "webinar",
        /// A panel discussion.
        Panel = "panel",
        /// A symposium.
        Symposium = "symposium",
        /// A seminar.
        Seminar = "seminar",
        /// A training session.
        Training = "training",
        /// A workshop.
        Workshop = "workshop",
        /// A study visit or field visit.
        StudyVisit = "study_visit",
        /// A conference.
        Conference = "conference",
        /// A round table.
        RoundTable = "round_table",
        /// A presentation of the network elsewhere.
        Presentation = "presentation",
        /// Any other meeting.
        Meeting = "meeting",
    }
}

vocabulary! {
    /// Where an event takes place.
    #[derive(Hash)]
    pub enum Format {
        /// Online only.
        Online = "online",
        /// In person only.
        InPerson = "in_person",
        /// In person with online participation.
        Hybrid = "hybrid",
    }
}

vocabulary! {
    /// Whether an event is ahead, happened, or was called off.
    #[derive(Hash)]
    pub enum EventStatus {
        /// Ahead.
        Planned = "planned",
        /// Took place.
        Held = "held",
        /// Called off.
        Cancelled = "cancelled",
    }
}

/// How people register for an event.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RegistrationRules {
    /// Registration opens (local date or time).
    pub opens: Option<PartialDate>,
    /// Registration closes (local date or time).
    pub closes: Option<PartialDate>,
    /// Only logged-in members may register.
    #[serde(default)]
    pub members_only: bool,
    /// When full, new registrations go onto a waiting list.
    #[serde(default)]
    pub waiting_list: bool,
    /// Guests confirm their email address by a mailed link before they take a seat (or a
    /// place on the waiting list), so nobody is registered with someone else's address.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub confirm_guests: bool,
}

/// An event: a meeting, web exchange, seminar, conference …
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Stable id.
    #[serde(default = "Id::new")]
    pub id: Id,
    /// The forum the record belongs to.
    #[serde(skip)]
    pub forum: Id,
    /// Who may see it.
    #[serde(default)]
    pub access: Access,
    /// Where it is shown beyond its own forum (the umbrella, or every forum under it).
    #[serde(default, skip_serializing_if = "Shared::is_forum")]
    pub shared: Shared,
    /// When it was created.
    #[serde(default = "now")]
    pub created: Timestamp,
    /// When it was last changed.
    #[serde(default = "now")]
    pub updated: Timestamp,
    /// What sort of event.
    pub kind: EventKind,
    /// Title.
    pub title: Text,
    /// Description (Markdown).
    pub description: Option<Text>,
    /// Start, in local time of `time_zone`; often only a month.
    pub start: PartialDate,
    /// End, in local time of `time_zone`.
    pub end: Option<PartialDate>,
    /// IANA time zone of start and end.
    #[serde(default = "default_time_zone")]
    pub time_zone: String,
    /// Online, in person or hybrid; unknown for some past events.
    pub format: Option<Format>,
    /// How many days the event lasts, when that is known but its days are not ("over two days
    /// in June").
    pub days: Option<u16>,
    /// Venue as printed.
    pub venue: Option<String>,
    /// City of the venue.
    pub city: Option<String>,
    /// Meeting link for online participation; shown only to confirmed participants.
    pub online_link: Option<String>,
    /// The organisation that hosts the event.
    pub host: Option<Id>,
    /// Organisations that organise it together with the forum.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub co_organisers: Vec<Id>,
    /// The series the event belongs to.
    pub series: Option<Id>,
    /// Speakers and panellists.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub speakers: Vec<Contributor>,
    /// Who the event is for.
    pub audience: Option<Text>,
    /// Seats; none for unlimited.
    pub capacity: Option<u32>,
    /// How to register; none when there is no registration.
    pub registration: Option<RegistrationRules>,
    /// Participants as reported afterwards.
    pub participants: Option<Headcount>,
    /// Video clips, photos and other media.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub media: Vec<Link>,
    /// The report of the event.
    pub report: Option<Link>,
    /// The project the event belongs to.
    pub project: Option<Id>,
    /// Planned, held or cancelled.
    pub status: EventStatus,
    /// The forum takes part in an event organised by others (e.g. the umbrella's assembly).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub participation: bool,
    /// Listed in the open information portal.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub portal: bool,
    /// Topics.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<Id>,
    /// True for entries the demo data set adds as examples beyond its source.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub example: bool,
}

impl Event {
    /// The last day the event covers (its end's, else its start's): until that day has
    /// passed, the event is ahead, whatever its status says.
    pub fn last_day(&self) -> jiff::civil::Date {
        self.end.as_ref().unwrap_or(&self.start).last_day()
    }

    /// The event's time zone, in which its dates are local; UTC for a name no time zone has
    /// (validation refuses such a name, so only a damaged record gets there).
    pub fn zone(&self) -> jiff::tz::TimeZone {
        jiff::tz::TimeZone::get(&self.time_zone).unwrap_or(jiff::tz::TimeZone::UTC)
    }

    /// Whether the event is still ahead on `today` (the day it ends counts as ahead).
    pub fn is_ahead(&self, today: jiff::civil::Date) -> bool {
        self.last_day() >= today
    }
}

/// The time zone of the network's home; events elsewhere say theirs.
pub fn default_time_zone() -> String {
    "Europe/Berlin".to_owned()
}

/// Checks that a time zone name is one of the IANA database.
pub fn validate_time_zone(field: &str, name: &str, problems: &mut Problems) {
    if jiff::tz::TimeZone::get(name).is_err() {
        problems.push(
            field,
            format!(
                "`{}` is not a time zone (use a name like Europe/Berlin)",
                quoted(name)
            ),
        );
    }
}

impl Record for Event {
    const KIND: Kind = Kind::Event;
    record_identity!();

    fn shared(&self) -> Shared {
        self.shared
    }

    fn rules(&self, problems: &mut Problems) {
        require("title", &self.title, problems);
        if let Some(end) = &self.end
            && end.compare_known(&self.start).is_lt()
        {
            problems.push("end", "must not be before `start`");
        }
        validate_time_zone("time_zone", &self.time_zone, problems);
        problems.url("online_link", self.online_link.as_deref());
        if let Some(days) = self.days
            && !(1..=366).contains(&days)
        {
            problems.push("days", "must be between 1 and 366");
        }
        if self.capacity == Some(0) {
            problems.push("capacity", "must be at least 1 (leave it out for no limit)");
        }
        for (i, speaker) in self.speakers.iter().enumerate() {
            speaker.validate(&format!("speakers[{i}]"), problems);
        }
        for (i, link) in self.media.iter().enumerate() {
            link.validate(&format!("media[{i}]"), problems);
        }
        if let Some(report) = &self.report {
            report.validate("report", problems);
        }
        if let Some(rules) = &self.registration {
            if let (Some(opens), Some(closes)) = (&rules.opens, &rules.closes)
                && closes.compare_known(opens).is_lt()
            {
                problems.push(
                    "registration.closes",
                    "must not be before `registration.opens`",
                );
            }
            if rules.waiting_list && self.capacity.is_none() {
                problems.push(
                    "registration.waiting_list",
                    "a waiting list needs a `capacity`",
                );
            }
        }
    }

    fn visit_refs(&mut self, visit: &mut RefVisitor<'_>) {
        refs::opt(visit, "host", Kind::Organisation, &mut self.host);
        refs::list(
            visit,
            "co_organisers",
            Kind::Organisation,
            &mut self.co_organisers,
        );
        refs::opt(visit, "series", Kind::Series, &mut self.series);
        for (i, speaker) in self.speakers.iter_mut().enumerate() {
            speaker.visit_refs(&format!("speakers[{i}]"), visit);
        }
        refs::opt(visit, "project", Kind::Project, &mut self.project);
        refs::list(visit, "topics", Kind::Topic, &mut self.topics);
    }
}

/// Events that belong together: a training cycle, a webinar series, a year's web exchanges.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Series {
    /// Stable id.
    #[serde(default = "Id::new")]
    pub id: Id,
    /// The forum the record belongs to.
    #[serde(skip)]
    pub forum: Id,
    /// Who may see it.
    #[serde(default)]
    pub access: Access,
    /// Where it is shown beyond its own forum (the umbrella, or every forum under it).
    #[serde(default, skip_serializing_if = "Shared::is_forum")]
    pub shared: Shared,
    /// When it was created.
    #[serde(default = "now")]
    pub created: Timestamp,
    /// When it was last changed.
    #[serde(default = "now")]
    pub updated: Timestamp,
    /// Title.
    pub title: Text,
    /// Description (Markdown).
    pub description: Option<Text>,
    /// The project the series belongs to.
    pub project: Option<Id>,
    /// Participants as reported for the series as a whole ("30-55").
    pub participants: Option<Headcount>,
    /// Topics.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<Id>,
}

impl Record for Series {
    const KIND: Kind = Kind::Series;
    record_identity!();

    fn shared(&self) -> Shared {
        self.shared
    }

    fn rules(&self, problems: &mut Problems) {
        require("title", &self.title, problems);
    }

    fn visit_refs(&mut self, visit: &mut RefVisitor<'_>) {
        refs::opt(visit, "project", Kind::Project, &mut self.project);
        refs::list(visit, "topics", Kind::Topic, &mut self.topics);
    }
}

vocabulary! {
    /// Where a registration stands.
    #[derive(Hash)]
    pub enum RegistrationStatus {
        /// Has a seat.
        Confirmed = "confirmed",
        /// On the waiting list.
        Waitlisted = "waitlisted",
        /// Cancelled by the person or the office.
        Cancelled = "cancelled",
        /// Was there.
        Attended = "attended",
        /// A guest who has not yet confirmed their email address by the mailed link: holds no
        /// seat and no place on the waiting list, and expires when the link does.
        Unconfirmed = "unconfirmed",
    }
}

/// Someone without a person record who registers for an event.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Guest {
    /// Full name.
    pub name: String,
    /// Email address.
    pub email: String,
    /// Organisation as given.
    pub organisation: Option<String>,
}

/// A person's or guest's registration for an event.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Registration {
    /// Stable id.
    #[serde(default = "Id::new")]
    pub id: Id,
    /// The forum the record belongs to.
    #[serde(skip)]
    pub forum: Id,
    /// Who may see it (the office, by default).
    #[serde(default = "staff")]
    pub access: Access,
    /// When it was created.
    #[serde(default = "now")]
    pub created: Timestamp,
    /// When it was last changed.
    #[serde(default = "now")]
    pub updated: Timestamp,
    /// The event.
    pub event: Id,
    /// The registered person, when they are a record.
    pub person: Option<Id>,
    /// The guest, when they are not.
    pub guest: Option<Guest>,
    /// Where the registration stands.
    pub status: RegistrationStatus,
    /// Consent to the processing of the registration data.
    #[serde(default)]
    pub consent: bool,
    /// The language for mails about the registration.
    pub language: Option<Lang>,
    /// When the registration was cancelled.
    pub cancelled_at: Option<Timestamp>,
}

fn staff() -> Access {
    Access::Staff
}

impl Record for Registration {
    const KIND: Kind = Kind::Registration;
    record_identity!();

    fn rules(&self, problems: &mut Problems) {
        match (&self.person, &self.guest) {
            (None, None) => problems.push("person", "needs a `person` or a `guest`"),
            (Some(_), Some(_)) => problems.push("guest", "give a `person` or a `guest`, not both"),
            (None, Some(guest)) => {
                problems.require_text("guest.name", &guest.name);
                problems.email("guest.email", Some(&guest.email));
                if !self.consent {
                    problems.push(
                        "consent",
                        "a guest must consent to the processing of their data",
                    );
                }
            }
            (Some(_), None) => {}
        }
        if self.status == RegistrationStatus::Cancelled && self.cancelled_at.is_none() {
            problems.push(
                "cancelled_at",
                "a cancelled registration needs the time it was cancelled",
            );
        }
    }

    fn visit_refs(&mut self, visit: &mut RefVisitor<'_>) {
        visit("event", Kind::Event, &mut self.event);
        refs::opt(visit, "person", Kind::Person, &mut self.person);
    }
}
