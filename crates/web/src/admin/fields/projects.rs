//! Projects and funding applications.

use urbis_domain::Kind;
use urbis_domain::projects::{ApplicationStatus, PartnerRole, ProjectKind, ProjectStatus};

use super::{ACCESS, Field, Input, TOPICS, opt, req};

/// A partner of a project or application, with its role.
pub const PARTNER: &[Field] = &[
    req("organisation", Input::Ref(Kind::Organisation)),
    req("role", Input::Choice(PartnerRole::NAMES)),
    opt("note", Input::Text),
];

/// A project.
pub const PROJECT: &[Field] = &[
    ACCESS,
    req("kind", Input::Choice(ProjectKind::NAMES)),
    req("acronym", Input::Line),
    req("title", Input::Text),
    opt("description", Input::LongText),
    opt("start", Input::Date),
    opt("end", Input::Date),
    opt("funder", Input::Ref(Kind::Organisation)),
    opt("programme", Input::Line),
    opt("coordinator", Input::Ref(Kind::Organisation)),
    opt("partners", Input::List(PARTNER)),
    opt("network_role", Input::Text),
    opt("members_involved", Input::Refs(Kind::Organisation)),
    opt("website", Input::Line),
    req("status", Input::Choice(ProjectStatus::NAMES)),
    TOPICS,
];

/// A funding application.
pub const FUNDING_APPLICATION: &[Field] = &[
    ACCESS,
    req("acronym", Input::Line),
    req("title", Input::Text),
    opt("description", Input::LongText),
    opt("call", Input::Ref(Kind::FundingCall)),
    opt("funder", Input::Ref(Kind::Organisation)),
    opt("programme", Input::Line),
    opt("lead", Input::Ref(Kind::Organisation)),
    opt("partners", Input::List(PARTNER)),
    opt("network_role", Input::Text),
    opt("submitted", Input::Date),
    opt("decided", Input::Date),
    req("status", Input::Choice(ApplicationStatus::NAMES)),
    opt("reason", Input::Text),
    opt("project", Input::Ref(Kind::Project)),
    TOPICS,
];
