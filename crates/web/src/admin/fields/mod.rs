//! What the back office's forms and lists know about each record kind: its fields in the
//! record's serde shape (the export format), so that one generic handler serves every kind.

mod advocacy;
mod events;
mod knowledge;
pub mod network;
mod portal;
mod projects;
mod report;

use urbis_domain::{Access, Kind, Lang, Shared};

/// How a field is entered, and what JSON it becomes.
#[derive(Debug, Clone, Copy)]
pub enum Input {
    /// A translatable text on one line per language (`{"original": "de", "de": …}`).
    Text,
    /// A translatable text with several lines per language (descriptions, Markdown).
    LongText,
    /// A plain string.
    Line,
    /// A list of strings, one per line.
    Lines,
    /// A date known to the year, month, day or minute (`2022`, `2022-06`, `2022-06-15T14:30`).
    Date,
    /// A moment in time (RFC 3339, `2022-06-15T14:30:00Z`).
    Time,
    /// A whole number between the bounds.
    Int(i64, i64),
    /// A head count: a number or a range (`30-55`).
    Count,
    /// A yes/no flag.
    Bool,
    /// One of fixed values (an enum's serde names).
    Choice(&'static [&'static str]),
    /// A reference to one record of a kind.
    Ref(Kind),
    /// References to several records of a kind.
    Refs(Kind),
    /// An optional nested object.
    Group(&'static [Field]),
    /// A list of nested objects, one group per item.
    List(&'static [Field]),
}

/// One field of a record kind.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The field's serde name.
    pub name: &'static str,
    /// How it is entered.
    pub input: Input,
    /// True when the record cannot be stored without it.
    pub required: bool,
}

/// A field that must be given.
pub const fn req(name: &'static str, input: Input) -> Field {
    Field {
        name,
        input,
        required: true,
    }
}

/// A field that may be left empty.
pub const fn opt(name: &'static str, input: Input) -> Field {
    Field {
        name,
        input,
        required: false,
    }
}

/// The access levels, as every record has one.
pub const ACCESS: Field = req("access", Input::Choice(Access::NAMES));
/// Where a shareable record is shown beyond its forum (see `urbis_domain::Shared`).
pub const SHARED: Field = opt("shared", Input::Choice(Shared::NAMES));
/// The topics most records carry.
pub const TOPICS: Field = opt("topics", Input::Refs(Kind::Topic));
/// The marker of demo examples.
pub const EXAMPLE: Field = opt("example", Input::Bool);
/// The languages records and mails can be in.
pub const LANGS: Input = Input::Choice(Lang::NAMES);

/// What the back office knows about one record kind.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// The kind.
    pub kind: Kind,
    /// Every field of the record, in form order (without id and timestamps).
    pub fields: &'static [Field],
    /// The fields shown as list columns (and the only ones a list sorts by), first is the name.
    pub columns: &'static [&'static str],
}

impl Spec {
    /// The field with this name.
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// True when the records carry topics.
    pub fn has_topics(&self) -> bool {
        self.field("topics").is_some()
    }

    /// The order a list is shown in until the reader picks a column: (column, descending).
    /// Events come latest first, as an office looks for the next or the last one; the rest by
    /// their name.
    pub fn default_sort(&self) -> (&'static str, bool) {
        match self.kind {
            Kind::Event => ("start", true),
            _ => (self.columns[0], false),
        }
    }

    /// The field a year filter looks at: the first date (or year) column.
    pub fn year_field(&self) -> Option<&'static str> {
        self.columns.iter().copied().find(|c| {
            self.field(c)
                .is_some_and(|f| matches!(f.input, Input::Date) || *c == "year")
        })
    }
}

pub use urbis_app::records::KINDS;

/// The description of a kind; none for the forum itself, which the back office does not edit.
pub fn spec(kind: Kind) -> Option<Spec> {
    let (fields, columns): (&'static [Field], &'static [&'static str]) = match kind {
        Kind::Forum => return None,
        Kind::Topic => (network::TOPIC, &["name", "slug", "access"]),
        Kind::TopicPlan => (network::TOPIC_PLAN, &["year", "access"]),
        Kind::Organisation => (
            network::ORGANISATION,
            &["name", "short_name", "kind", "city", "country", "access"],
        ),
        Kind::Membership => (
            network::MEMBERSHIP,
            &["organisation", "status", "since", "until", "access"],
        ),
        Kind::Person => (
            network::PERSON,
            &[
                "family_name",
                "given_name",
                "organisation",
                "email",
                "access",
            ],
        ),
        Kind::Appointment => (
            network::APPOINTMENT,
            &["person", "role", "start", "end", "access"],
        ),
        Kind::FundingCall => (
            portal::FUNDING_CALL,
            &["title", "funder", "opens", "access"],
        ),
        Kind::Project => (
            projects::PROJECT,
            &["acronym", "title", "kind", "status", "start", "access"],
        ),
        Kind::FundingApplication => (
            projects::FUNDING_APPLICATION,
            &["acronym", "title", "status", "submitted", "access"],
        ),
        Kind::Series => (events::SERIES, &["title", "project", "access"]),
        Kind::Event => (
            events::EVENT,
            &["title", "kind", "start", "status", "city", "access"],
        ),
        Kind::Registration => (
            events::REGISTRATION,
            &["event", "person", "status", "access"],
        ),
        Kind::Collection => (
            knowledge::COLLECTION,
            &["title", "slug", "started", "access"],
        ),
        Kind::Entry => (
            knowledge::ENTRY,
            &["title", "collection", "kind", "date", "access"],
        ),
        Kind::Publication => (
            portal::PUBLICATION,
            &["title", "kind", "published", "publisher", "access"],
        ),
        Kind::AdvocacyAction => (
            advocacy::ADVOCACY_ACTION,
            &["title", "kind", "recipient", "date", "access"],
        ),
        Kind::Cooperation => (
            advocacy::COOPERATION,
            &["title", "kind", "partner", "since", "access"],
        ),
        Kind::Outreach => (advocacy::OUTREACH, &["title", "kind", "date", "access"]),
        Kind::ReportText => (
            report::REPORT_TEXT,
            &["year", "section", "placement", "heading", "access"],
        ),
    };
    Some(Spec {
        kind,
        fields,
        columns,
    })
}

/// The kind with this plural name (`events`), when the back office manages it.
pub fn spec_named(plural: &str) -> Option<Spec> {
    urbis_app::records::kind_named(plural).and_then(spec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_fields_and_its_columns_are_fields() {
        for &kind in KINDS {
            let spec = spec(kind).unwrap_or_else(|| panic!("{kind:?} has no spec"));
            assert_eq!(spec.fields[0].name, "access", "{kind:?}");
            for column in spec.columns {
                assert!(spec.field(column).is_some(), "{kind:?}: column {column}");
            }
        }
    }

    #[test]
    fn the_forms_know_every_field_of_the_demo_records() {
        let dataset = urbis_demo::dataset().unwrap();
        let json = serde_json::to_value(&dataset).unwrap();
        // Kept as they are: set by the store, or uploaded elsewhere.
        let kept = ["id", "created", "updated", "file"];
        let mut seen = 0;
        for forum in json["forums"].as_array().unwrap() {
            for &kind in KINDS {
                let spec = spec(kind).unwrap();
                for record in forum[kind.plural()].as_array().into_iter().flatten() {
                    for key in record.as_object().unwrap().keys() {
                        seen += 1;
                        assert!(
                            kept.contains(&key.as_str()) || spec.field(key).is_some(),
                            "{kind:?}.{key} has no input in the back office form"
                        );
                    }
                }
            }
        }
        assert!(seen > 1000, "the demo data has records ({seen} fields)");
    }
}
