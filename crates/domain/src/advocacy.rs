//! Advocacy, cooperations and outreach: how the network speaks for its members.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use crate::access::Access;
use crate::date::PartialDate;
use crate::id::Id;
use crate::parts::{Contributor, require};
use crate::record::{Kind, Record, RefVisitor, now, record_identity, refs};
use crate::text::Text;
use crate::validation::Problems;
use crate::vocabulary::vocabulary;

vocabulary! {
    /// What sort of advocacy action.
    #[derive(Hash)]
    pub enum AdvocacyKind {
        /// A submission (statement) on request of an authority.
        Submission = "submission",
        /// A position paper.
        PositionPaper = "position_paper",
        /// A letter.
        Letter = "letter",
        /// A hearing or consultation the network took part in.
        Hearing = "hearing",
    }
}

/// An advocacy action: a submission, position paper, letter or hearing.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AdvocacyAction {
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
    /// What sort of action.
    pub kind: AdvocacyKind,
    /// Title.
    pub title: Text,
    /// What it says and why (Markdown).
    pub summary: Option<Text>,
    /// Who it was addressed to.
    pub recipient: Option<Id>,
    /// When.
    pub date: Option<PartialDate>,
    /// Who wrote it with the forum.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<Contributor>,
    /// Organisations that co-signed it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub co_signers: Vec<Id>,
    /// What came of it.
    pub outcome: Option<Text>,
    /// The action this one follows from (a submission requested after a letter).
    pub follows: Option<Id>,
    /// Topics.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<Id>,
}

impl Record for AdvocacyAction {
    const KIND: Kind = Kind::AdvocacyAction;
    record_identity!();

    fn rules(&self, problems: &mut Problems) {
        require("title", &self.title, problems);
        for (i, author) in self.authors.iter().enumerate() {
            author.validate(&format!("authors[{i}]"), problems);
        }
        if self.follows.as_ref() == Some(&self.id) {
            problems.push("follows", "an action cannot follow from itself");
        }
    }

    fn visit_refs(&mut self, visit: &mut RefVisitor<'_>) {
        refs::opt(visit, "recipient", Kind::Organisation, &mut self.recipient);
        for (i, author) in self.authors.iter_mut().enumerate() {
            author.visit_refs(&format!("authors[{i}]"), visit);
        }
        refs::list(
            visit,
            "co_signers",
            Kind::Organisation,
            &mut self.co_signers,
        );
        refs::opt(visit, "follows", Kind::AdvocacyAction, &mut self.follows);
        refs::list(visit, "topics", Kind::Topic, &mut self.topics);
    }
}

vocabulary! {
    /// What sort of lasting tie the forum has with another organisation.
    #[derive(Hash)]
    pub enum CooperationKind {
        /// A cooperation.
        Cooperation = "cooperation",
        /// A chapter of an international organisation run together.
        Chapter = "chapter",
        /// The forum is a member of a network.
        NetworkMembership = "network_membership",
        /// The forum holds a seat on an advisory board.
        AdvisoryBoardSeat = "advisory_board_seat",
    }
}

/// A lasting tie with another organisation.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Cooperation {
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
    /// What sort of tie.
    pub kind: CooperationKind,
    /// The partner organisation.
    pub partner: Id,
    /// Further partners (a chapter run together with another organisation).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub with: Vec<Id>,
    /// Title ("German Chapter of the International CPTED Association").
    pub title: Text,
    /// Since when.
    pub since: Option<PartialDate>,
    /// Until when.
    pub until: Option<PartialDate>,
    /// What it is about (Markdown).
    pub description: Option<Text>,
    /// Its website.
    pub website: Option<String>,
    /// Topics.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<Id>,
}

impl Record for Cooperation {
    const KIND: Kind = Kind::Cooperation;
    record_identity!();

    fn rules(&self, problems: &mut Problems) {
        require("title", &self.title, problems);
        if let (Some(since), Some(until)) = (&self.since, &self.until)
            && until.compare_known(since).is_lt()
        {
            problems.push("until", "must not be before `since`");
        }
        problems.url("website", self.website.as_deref());
    }

    fn visit_refs(&mut self, visit: &mut RefVisitor<'_>) {
        visit("partner", Kind::Organisation, &mut self.partner);
        refs::list(visit, "with", Kind::Organisation, &mut self.with);
        refs::list(visit, "topics", Kind::Topic, &mut self.topics);
    }
}

vocabulary! {
    /// What sort of outreach.
    #[derive(Hash)]
    pub enum OutreachKind {
        /// The forum presented itself.
        Presentation = "presentation",
        /// An exchange with another institution.
        Exchange = "exchange",
    }
}

/// A presentation or exchange with other institutions and cities.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Outreach {
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
    /// What sort of outreach.
    pub kind: OutreachKind,
    /// Title as printed.
    pub title: Text,
    /// The institutions and cities met.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub counterparts: Vec<Id>,
    /// When.
    pub date: Option<PartialDate>,
    /// What it was about (Markdown).
    pub description: Option<Text>,
    /// Topics.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<Id>,
}

impl Record for Outreach {
    const KIND: Kind = Kind::Outreach;
    record_identity!();

    fn rules(&self, problems: &mut Problems) {
        require("title", &self.title, problems);
    }

    fn visit_refs(&mut self, visit: &mut RefVisitor<'_>) {
        refs::list(
            visit,
            "counterparts",
            Kind::Organisation,
            &mut self.counterparts,
        );
        refs::list(visit, "topics", Kind::Topic, &mut self.topics);
    }
}
