//! The open portal: publications and funding calls.

use urbis_domain::Kind;
use urbis_domain::portal::PublicationKind;

use super::{ACCESS, EXAMPLE, Field, Input, SHARED, TOPICS, opt, req};

/// A publication. Its stored file is kept as it is (files are uploaded elsewhere).
pub const PUBLICATION: &[Field] = &[
    ACCESS,
    SHARED,
    req("kind", Input::Choice(PublicationKind::NAMES)),
    req("title", Input::Text),
    opt("summary", Input::LongText),
    opt("authors", Input::Lines),
    opt("publisher", Input::Line),
    opt("published", Input::Date),
    opt("url", Input::Line),
    opt("project", Input::Ref(Kind::Project)),
    opt("event", Input::Ref(Kind::Event)),
    TOPICS,
    EXAMPLE,
];

/// A funding call.
pub const FUNDING_CALL: &[Field] = &[
    ACCESS,
    SHARED,
    req("title", Input::Text),
    opt("funder", Input::Ref(Kind::Organisation)),
    opt("programme", Input::Line),
    opt("summary", Input::LongText),
    opt("eligibility", Input::LongText),
    opt("opens", Input::Date),
    opt(
        "deadlines",
        Input::List(&[req("date", Input::Date), opt("label", Input::Text)]),
    ),
    opt("url", Input::Line),
    TOPICS,
    EXAMPLE,
];
