//! The members-only collections and their entries.

use urbis_domain::Kind;
use urbis_domain::knowledge::EntryKind;

use super::{ACCESS, EXAMPLE, Field, Input, TOPICS, opt, req};

/// A collection.
pub const COLLECTION: &[Field] = &[
    ACCESS,
    req("slug", Input::Line),
    req("title", Input::Text),
    opt("description", Input::LongText),
    opt(
        "sections",
        Input::List(&[req("key", Input::Line), req("title", Input::Text)]),
    ),
    opt("started", Input::Date),
    opt("archived", Input::Bool),
    TOPICS,
];

/// The kinds a reference of an entry can point to.
pub const REFERENCE_KINDS: &[&str] = &[
    Kind::Topic.as_str(),
    Kind::Organisation.as_str(),
    Kind::Person.as_str(),
    Kind::FundingCall.as_str(),
    Kind::Project.as_str(),
    Kind::FundingApplication.as_str(),
    Kind::Series.as_str(),
    Kind::Event.as_str(),
    Kind::Collection.as_str(),
    Kind::Entry.as_str(),
    Kind::Publication.as_str(),
    Kind::AdvocacyAction.as_str(),
    Kind::Cooperation.as_str(),
    Kind::Outreach.as_str(),
];

/// An entry of a collection. Its stored file is kept as it is (files are uploaded elsewhere).
pub const ENTRY: &[Field] = &[
    ACCESS,
    req("collection", Input::Ref(Kind::Collection)),
    opt("section", Input::Line),
    req("kind", Input::Choice(EntryKind::NAMES)),
    req("title", Input::Text),
    opt("body", Input::LongText),
    opt("url", Input::Line),
    opt(
        "reference",
        Input::Group(&[
            req("kind", Input::Choice(REFERENCE_KINDS)),
            req("id", Input::Line),
        ]),
    ),
    opt("author", Input::Ref(Kind::Person)),
    opt("organisation", Input::Ref(Kind::Organisation)),
    opt("date", Input::Date),
    opt("pinned", Input::Bool),
    opt("archived", Input::Bool),
    TOPICS,
    EXAMPLE,
];
