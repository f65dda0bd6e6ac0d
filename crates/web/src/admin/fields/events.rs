//! Events, series and registrations.

use urbis_domain::Kind;
use urbis_domain::events::{EventKind, EventStatus, Format, RegistrationStatus};

use super::{ACCESS, EXAMPLE, Field, Input, LANGS, SHARED, TOPICS, opt, req};

/// A speaker, author or other contributor: a person record or a name.
pub const CONTRIBUTOR: &[Field] = &[
    opt("person", Input::Ref(Kind::Person)),
    opt("name", Input::Line),
    opt("function", Input::Text),
    opt("organisation", Input::Ref(Kind::Organisation)),
];

/// A link with a caption.
pub const LINK: &[Field] = &[req("url", Input::Line), opt("title", Input::Text)];

/// An event.
pub const EVENT: &[Field] = &[
    ACCESS,
    SHARED,
    req("kind", Input::Choice(EventKind::NAMES)),
    req("title", Input::Text),
    opt("description", Input::LongText),
    req("start", Input::Date),
    opt("end", Input::Date),
    opt("time_zone", Input::Line),
    opt("format", Input::Choice(Format::NAMES)),
    opt("days", Input::Int(1, 366)),
    opt("venue", Input::Line),
    opt("city", Input::Line),
    opt("online_link", Input::Line),
    opt("host", Input::Ref(Kind::Organisation)),
    opt("co_organisers", Input::Refs(Kind::Organisation)),
    opt("series", Input::Ref(Kind::Series)),
    opt("speakers", Input::List(CONTRIBUTOR)),
    opt("audience", Input::Text),
    opt("capacity", Input::Int(1, 1_000_000)),
    opt(
        "registration",
        Input::Group(&[
            opt("opens", Input::Date),
            opt("closes", Input::Date),
            opt("members_only", Input::Bool),
            opt("waiting_list", Input::Bool),
            opt("confirm_guests", Input::Bool),
        ]),
    ),
    opt("participants", Input::Count),
    opt("media", Input::List(LINK)),
    opt("report", Input::Group(LINK)),
    opt("project", Input::Ref(Kind::Project)),
    req("status", Input::Choice(EventStatus::NAMES)),
    opt("participation", Input::Bool),
    opt("portal", Input::Bool),
    TOPICS,
    EXAMPLE,
];

/// A series of events.
pub const SERIES: &[Field] = &[
    ACCESS,
    SHARED,
    req("title", Input::Text),
    opt("description", Input::LongText),
    opt("project", Input::Ref(Kind::Project)),
    opt("participants", Input::Count),
    TOPICS,
];

/// A registration for an event.
pub const REGISTRATION: &[Field] = &[
    ACCESS,
    req("event", Input::Ref(Kind::Event)),
    opt("person", Input::Ref(Kind::Person)),
    opt(
        "guest",
        Input::Group(&[
            req("name", Input::Line),
            req("email", Input::Line),
            opt("organisation", Input::Line),
        ]),
    ),
    req("status", Input::Choice(RegistrationStatus::NAMES)),
    opt("consent", Input::Bool),
    opt("language", LANGS),
    opt("cancelled_at", Input::Time),
];
