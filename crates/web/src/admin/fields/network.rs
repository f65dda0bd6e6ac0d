//! The network's kinds: topics, topic plans, organisations, memberships, people, appointments.

use urbis_domain::Kind;
use urbis_domain::network::{MembershipStatus, OrganisationKind, Role};

use super::{ACCESS, EXAMPLE, Field, Input, LANGS, TOPICS, opt, req};

/// A topic.
pub const TOPIC: &[Field] = &[
    ACCESS,
    req("slug", Input::Line),
    req("name", Input::Text),
    opt("description", Input::LongText),
];

/// A year's focus and outlook topics.
pub const TOPIC_PLAN: &[Field] = &[
    ACCESS,
    req("year", Input::Int(1900, 2200)),
    opt("focus", Input::Refs(Kind::Topic)),
    opt("outlook", Input::Refs(Kind::Topic)),
    opt("note", Input::LongText),
];

/// An organisation.
pub const ORGANISATION: &[Field] = &[
    ACCESS,
    req("name", Input::Text),
    opt("short_name", Input::Line),
    req("kind", Input::Choice(OrganisationKind::NAMES)),
    req("country", Input::Line),
    opt("city", Input::Line),
    opt("website", Input::Line),
    opt("description", Input::LongText),
    TOPICS,
    EXAMPLE,
];

/// An organisation's membership.
pub const MEMBERSHIP: &[Field] = &[
    ACCESS,
    req("organisation", Input::Ref(Kind::Organisation)),
    opt("since", Input::Date),
    opt("until", Input::Date),
    req("status", Input::Choice(MembershipStatus::NAMES)),
    opt("fee_category", Input::Line),
];

/// A person.
pub const PERSON: &[Field] = &[
    ACCESS,
    opt("title", Input::Line),
    req("given_name", Input::Line),
    req("family_name", Input::Line),
    opt("organisation", Input::Ref(Kind::Organisation)),
    opt("function", Input::Text),
    opt("email", Input::Line),
    opt("phone", Input::Line),
    opt("language", LANGS),
    opt(
        "consents",
        Input::List(&[
            req("purpose", Input::Line),
            opt("given", Input::Bool),
            req("at", Input::Time),
            opt("how", Input::Line),
        ]),
    ),
    TOPICS,
    EXAMPLE,
];

/// A person's role in the forum.
pub const APPOINTMENT: &[Field] = &[
    ACCESS,
    req("person", Input::Ref(Kind::Person)),
    req("role", Input::Choice(Role::NAMES)),
    opt("title", Input::Text),
    opt("start", Input::Date),
    opt("end", Input::Date),
    opt("note", Input::Text),
    opt("position", Input::Int(-100_000, 100_000)),
];

/// The public profile an organisation's own editor keeps current.
pub const ORGANISATION_PROFILE: &[Field] = &[
    req("name", Input::Text),
    opt("short_name", Input::Line),
    opt("city", Input::Line),
    opt("website", Input::Line),
    opt("description", Input::LongText),
    TOPICS,
];
