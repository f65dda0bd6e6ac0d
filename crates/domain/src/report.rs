//! Editorial texts of the annual report; the rest of the report is composed from the records.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use crate::access::Access;
use crate::id::Id;
use crate::parts::require;
use crate::record::{Kind, Record, RefVisitor, now, record_identity};
use crate::text::Text;
use crate::validation::Problems;
use crate::vocabulary::vocabulary;

vocabulary! {
    /// A section of the annual report, in the order of the reference report.
    #[derive(PartialOrd, Ord, Hash)]
    pub enum ReportSection {
        /// The introduction.
        Introduction = "introduction",
        /// I: meetings, web exchanges, series, specialised events.
        Exchange = "exchange",
        /// II: information collections, training.
        Knowledge = "knowledge",
        /// III: projects and funding applications.
        Projects = "projects",
        /// IV: advocacy, cooperations, networks, outreach, website.
        Communication = "communication",
        /// V: the umbrella and the national forums.
        Umbrella = "umbrella",
        /// VI: the outlook on next year.
        Outlook = "outlook",
        /// VII: board and office.
        Office = "office",
    }
}

vocabulary! {
    /// Where in a section an editorial text stands.
    #[derive(PartialOrd, Ord, Hash)]
    pub enum Placement {
        /// Before the generated part.
        Opening = "opening",
        /// After the generated part (closing remarks, notes).
        Closing = "closing",
    }
}

/// An editorial text of one year's report, for one section.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportText {
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
    /// The report year.
    pub year: i16,
    /// The section.
    pub section: ReportSection,
    /// Before or after the generated part.
    pub placement: Placement,
    /// A heading of its own, when the text is a subsection ("DEFUS website").
    pub heading: Option<Text>,
    /// The text (Markdown), per language.
    pub body: Text,
    /// Order among texts with the same section and placement, lowest first.
    #[serde(default)]
    pub position: i32,
}

impl Record for ReportText {
    const KIND: Kind = Kind::ReportText;
    record_identity!();

    fn rules(&self, problems: &mut Problems) {
        if !(1900..=2200).contains(&self.year) {
            problems.push("year", "must be between 1900 and 2200");
        }
        require("body", &self.body, problems);
    }

    fn visit_refs(&mut self, _visit: &mut RefVisitor<'_>) {}
}
