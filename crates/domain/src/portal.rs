//! The open information portal: publications and funding calls (portal events are events).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use crate::access::Access;
use crate::date::PartialDate;
use crate::id::Id;
use crate::knowledge::StoredFile;
use crate::parts::require;
use crate::record::{Kind, Record, RefVisitor, now, record_identity, refs};
use crate::sharing::Shared;
use crate::text::Text;
use crate::validation::Problems;
use crate::vocabulary::vocabulary;

vocabulary! {
    /// What sort of publication.
    #[derive(Hash)]
    pub enum PublicationKind {
        /// A study.
        Study = "study",
        /// A guide or handbook.
        Guide = "guide",
        /// A report (also a conference report).
        Report = "report",
        /// An article.
        Article = "article",
        /// A position or policy paper.
        PositionPaper = "position_paper",
        /// A news item of the portal.
        News = "news",
        /// Anything else.
        Other = "other",
    }
}

/// A publication in the information portal.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Publication {
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
    /// What sort of publication.
    pub kind: PublicationKind,
    /// Title.
    pub title: Text,
    /// Summary (Markdown).
    pub summary: Option<Text>,
    /// Authors as printed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// Publisher as printed.
    pub publisher: Option<String>,
    /// When it was published.
    pub published: Option<PartialDate>,
    /// Where to read it.
    pub url: Option<String>,
    /// The file, when stored here.
    pub file: Option<StoredFile>,
    /// The project it comes from.
    pub project: Option<Id>,
    /// The event it reports on.
    pub event: Option<Id>,
    /// Topics.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<Id>,
    /// True for entries the demo data set adds as examples beyond its source.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub example: bool,
}

impl Record for Publication {
    const KIND: Kind = Kind::Publication;
    record_identity!();

    fn shared(&self) -> Shared {
        self.shared
    }

    fn rules(&self, problems: &mut Problems) {
        require("title", &self.title, problems);
        problems.url("url", self.url.as_deref());
        for (i, author) in self.authors.iter().enumerate() {
            problems.require_text(&format!("authors[{i}]"), author);
        }
    }

    fn visit_refs(&mut self, visit: &mut RefVisitor<'_>) {
        refs::opt(visit, "project", Kind::Project, &mut self.project);
        refs::opt(visit, "event", Kind::Event, &mut self.event);
        refs::list(visit, "topics", Kind::Topic, &mut self.topics);
    }
}

/// One deadline of a funding call (calls often have two stages).
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    /// The deadline, local time of the funder.
    pub date: PartialDate,
    /// What is due ("outline", "full proposal").
    pub label: Option<Text>,
}

/// A call for funding applications.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FundingCall {
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
    /// The funder.
    pub funder: Option<Id>,
    /// The programme ("Horizon Europe", "SifoLIFE").
    pub programme: Option<String>,
    /// What the call funds (Markdown).
    pub summary: Option<Text>,
    /// Who may apply.
    pub eligibility: Option<Text>,
    /// When the call opens.
    pub opens: Option<PartialDate>,
    /// The deadlines, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deadlines: Vec<Deadline>,
    /// Where the call is published.
    pub url: Option<String>,
    /// Topics.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<Id>,
    /// True for entries the demo data set adds as examples beyond its source.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub example: bool,
}

impl Record for FundingCall {
    const KIND: Kind = Kind::FundingCall;
    record_identity!();

    fn shared(&self) -> Shared {
        self.shared
    }

    fn rules(&self, problems: &mut Problems) {
        require("title", &self.title, problems);
        problems.url("url", self.url.as_deref());
        for (i, pair) in self.deadlines.windows(2).enumerate() {
            if pair[1].date.compare_known(&pair[0].date).is_lt() {
                problems.push(
                    format!("deadlines[{}].date", i + 1),
                    "deadlines must be in order",
                );
            }
        }
        if let (Some(opens), Some(first)) = (&self.opens, self.deadlines.first())
            && first.date.compare_known(opens).is_lt()
        {
            problems.push("deadlines[0].date", "must not be before `opens`");
        }
    }

    fn visit_refs(&mut self, visit: &mut RefVisitor<'_>) {
        refs::opt(visit, "funder", Kind::Organisation, &mut self.funder);
        refs::list(visit, "topics", Kind::Topic, &mut self.topics);
    }
}
