//! Topics the network works on, and the topics a forum puts first in a year.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use crate::access::Access;
use crate::id::Id;
use crate::parts::{require, validate_slug};
use crate::record::{Kind, Record, RefVisitor, now, record_identity, refs};
use crate::text::Text;
use crate::validation::Problems;

/// A theme the network works on; almost every record carries topics.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// Stable id.
    #[serde(default = "Id::new")]
    pub id: Id,
    /// The forum the record belongs to.
    #[serde(skip)]
    pub forum: Id,
    /// Who may see it.
    #[serde(default)]
    pub access: Access,
    /// When it was created.
    #[serde(default = "now")]
    pub created: Timestamp,
    /// When it was last changed.
    #[serde(default = "now")]
    pub updated: Timestamp,
    /// The address of the topic page; unique in a forum.
    pub slug: String,
    /// The name.
    pub name: Text,
    /// What the topic covers.
    pub description: Option<Text>,
}

impl Record for Topic {
    const KIND: Kind = Kind::Topic;
    record_identity!();

    fn rules(&self, problems: &mut Problems) {
        validate_slug("slug", &self.slug, problems);
        require("name", &self.name, problems);
    }

    fn visit_refs(&mut self, _visit: &mut RefVisitor<'_>) {}
}

/// The topics a forum puts first in a year: its focus topics and its outlook list.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TopicPlan {
    /// Stable id.
    #[serde(default = "Id::new")]
    pub id: Id,
    /// The forum the record belongs to.
    #[serde(skip)]
    pub forum: Id,
    /// Who may see it.
    #[serde(default)]
    pub access: Access,
    /// When it was created.
    #[serde(default = "now")]
    pub created: Timestamp,
    /// When it was last changed.
    #[serde(default = "now")]
    pub updated: Timestamp,
    /// The year; one plan per forum and year.
    pub year: i16,
    /// Focus topics of the year.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub focus: Vec<Id>,
    /// Topics announced for the year ("Themen 2023").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outlook: Vec<Id>,
    /// A remark ("We look forward to your topics and ideas").
    pub note: Option<Text>,
}

impl Record for TopicPlan {
    const KIND: Kind = Kind::TopicPlan;
    record_identity!();

    fn rules(&self, problems: &mut Problems) {
        if !(1900..=2200).contains(&self.year) {
            problems.push("year", "must be between 1900 and 2200");
        }
    }

    fn visit_refs(&mut self, visit: &mut RefVisitor<'_>) {
        refs::list(visit, "focus", Kind::Topic, &mut self.focus);
        refs::list(visit, "outlook", Kind::Topic, &mut self.outlook);
    }
}
