//! Advocacy actions, cooperations and outreach.

use urbis_domain::Kind;
use urbis_domain::advocacy::{AdvocacyKind, CooperationKind, OutreachKind};

use super::events::CONTRIBUTOR;
use super::{ACCESS, Field, Input, TOPICS, opt, req};

/// An advocacy action.
pub const ADVOCACY_ACTION: &[Field] = &[
    ACCESS,
    req("kind", Input::Choice(AdvocacyKind::NAMES)),
    req("title", Input::Text),
    opt("summary", Input::LongText),
    opt("recipient", Input::Ref(Kind::Organisation)),
    opt("date", Input::Date),
    opt("authors", Input::List(CONTRIBUTOR)),
    opt("co_signers", Input::Refs(Kind::Organisation)),
    opt("outcome", Input::Text),
    opt("follows", Input::Ref(Kind::AdvocacyAction)),
    TOPICS,
];

/// A cooperation.
pub const COOPERATION: &[Field] = &[
    ACCESS,
    req("kind", Input::Choice(CooperationKind::NAMES)),
    req("partner", Input::Ref(Kind::Organisation)),
    opt("with", Input::Refs(Kind::Organisation)),
    req("title", Input::Text),
    opt("since", Input::Date),
    opt("until", Input::Date),
    opt("description", Input::LongText),
    opt("website", Input::Line),
    TOPICS,
];

/// Outreach: presentations and exchanges with other institutions.
pub const OUTREACH: &[Field] = &[
    ACCESS,
    req("kind", Input::Choice(OutreachKind::NAMES)),
    req("title", Input::Text),
    opt("counterparts", Input::Refs(Kind::Organisation)),
    opt("date", Input::Date),
    opt("description", Input::LongText),
    TOPICS,
];
