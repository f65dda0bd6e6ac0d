//! Projects and the funding applications that lead to them.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use crate::access::Access;
use crate::date::PartialDate;
use crate::id::Id;
use crate::parts::require;
use crate::record::{Kind, Record, RefVisitor, now, record_identity, refs};
use crate::text::Text;
use crate::validation::Problems;
use crate::vocabulary::vocabulary;

vocabulary! {
    /// How the forum is involved in a project.
    #[derive(Hash)]
    pub enum ProjectKind {
        /// The forum's own project.
        Own = "own",
        /// An EU-funded project with the forum as a partner.
        Eu = "eu",
        /// A project of others the forum takes part in.
        Participation = "participation",
        /// A third-party funded project of a member.
        Member = "member",
    }
}

vocabulary! {
    /// Where a project stands.
    #[derive(Hash)]
    pub enum ProjectStatus {
        /// Approved, not yet started.
        Planned = "planned",
        /// Running.
        Running = "running",
        /// Finished.
        Completed = "completed",
    }
}

vocabulary! {
    /// The part an organisation plays in a project or application.
    #[derive(Hash)]
    pub enum PartnerRole {
        /// Coordinates the project.
        Coordinator = "coordinator",
        /// Applies as the lead.
        LeadApplicant = "lead_applicant",
        /// A partner.
        Partner = "partner",
        /// A research partner.
        ResearchPartner = "research_partner",
        /// An associated partner (no funding).
        AssociatedPartner = "associated_partner",
        /// A practice partner (a municipality that takes part).
        PracticePartner = "practice_partner",
        /// Anything else.
        Other = "other",
    }
}

/// An organisation in a project or application, and its role.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Partner {
    /// The organisation.
    pub organisation: Id,
    /// Its role.
    pub role: PartnerRole,
    /// What it does in the project.
    pub note: Option<Text>,
}

fn validate_partners(partners: &[Partner], problems: &mut Problems) {
    for (i, partner) in partners.iter().enumerate() {
        if partners[..i]
            .iter()
            .any(|p| p.organisation == partner.organisation)
        {
            problems.push(
                format!("partners[{i}].organisation"),
                "the organisation is already a partner",
            );
        }
    }
}

fn visit_partners(partners: &mut [Partner], visit: &mut RefVisitor<'_>) {
    for (i, partner) in partners.iter_mut().enumerate() {
        visit(
            &format!("partners[{i}].organisation"),
            Kind::Organisation,
            &mut partner.organisation,
        );
    }
}

/// Checks an acronym: short, no line breaks.
fn validate_acronym(acronym: &str, problems: &mut Problems) {
    problems.require_text("acronym", acronym);
    if acronym.contains(['\n', '\r']) {
        problems.push("acronym", "must be on one line");
    }
}

/// A project: own, EU, a participation, or a member's project.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Project {
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
    /// How the forum is involved.
    pub kind: ProjectKind,
    /// Acronym ("PanReflex"); unique among a forum's projects.
    pub acronym: String,
    /// Full title.
    pub title: Text,
    /// Description (Markdown).
    pub description: Option<Text>,
    /// Start.
    pub start: Option<PartialDate>,
    /// End.
    pub end: Option<PartialDate>,
    /// The funder.
    pub funder: Option<Id>,
    /// The funding programme ("Horizon Europe", "ISF").
    pub programme: Option<String>,
    /// The coordinating organisation.
    pub coordinator: Option<Id>,
    /// Partners and their roles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partners: Vec<Partner>,
    /// The forum's role as printed ("research partner").
    pub network_role: Option<Text>,
    /// Member organisations that take part.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members_involved: Vec<Id>,
    /// The project's website.
    pub website: Option<String>,
    /// Where it stands.
    pub status: ProjectStatus,
    /// Topics.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<Id>,
}

impl Record for Project {
    const KIND: Kind = Kind::Project;
    record_identity!();

    fn rules(&self, problems: &mut Problems) {
        validate_acronym(&self.acronym, problems);
        require("title", &self.title, problems);
        if let (Some(start), Some(end)) = (&self.start, &self.end)
            && end.compare_known(start).is_lt()
        {
            problems.push("end", "must not be before `start`");
        }
        problems.url("website", self.website.as_deref());
        validate_partners(&self.partners, problems);
    }

    fn visit_refs(&mut self, visit: &mut RefVisitor<'_>) {
        refs::opt(visit, "funder", Kind::Organisation, &mut self.funder);
        refs::opt(
            visit,
            "coordinator",
            Kind::Organisation,
            &mut self.coordinator,
        );
        visit_partners(&mut self.partners, visit);
        refs::list(
            visit,
            "members_involved",
            Kind::Organisation,
            &mut self.members_involved,
        );
        refs::list(visit, "topics", Kind::Topic, &mut self.topics);
    }
}

vocabulary! {
    /// Where a funding application stands.
    #[derive(Hash)]
    pub enum ApplicationStatus {
        /// Being written.
        InPreparation = "in_preparation",
        /// Submitted, awaiting the decision.
        Submitted = "submitted",
        /// Approved.
        Approved = "approved",
        /// Rejected.
        Rejected = "rejected",
        /// Withdrawn.
        Withdrawn = "withdrawn",
    }
}

/// An application for third-party funding.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FundingApplication {
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
    /// Acronym ("CO-SECUR"); unique among a forum's applications.
    pub acronym: String,
    /// Full title.
    pub title: Text,
    /// Description (Markdown).
    pub description: Option<Text>,
    /// The call applied to.
    pub call: Option<Id>,
    /// The funder.
    pub funder: Option<Id>,
    /// The programme, when there is no call record ("Horizon Europe").
    pub programme: Option<String>,
    /// The lead applicant.
    pub lead: Option<Id>,
    /// Partners and their roles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partners: Vec<Partner>,
    /// The forum's role as printed.
    pub network_role: Option<Text>,
    /// When it was submitted.
    pub submitted: Option<PartialDate>,
    /// When it was decided.
    pub decided: Option<PartialDate>,
    /// Where it stands.
    pub status: ApplicationStatus,
    /// The reason given for the decision.
    pub reason: Option<Text>,
    /// The project it became.
    pub project: Option<Id>,
    /// Topics.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<Id>,
}

impl Record for FundingApplication {
    const KIND: Kind = Kind::FundingApplication;
    record_identity!();

    fn rules(&self, problems: &mut Problems) {
        validate_acronym(&self.acronym, problems);
        require("title", &self.title, problems);
        if let (Some(submitted), Some(decided)) = (&self.submitted, &self.decided)
            && decided.compare_known(submitted).is_lt()
        {
            problems.push("decided", "must not be before `submitted`");
        }
        let decided = matches!(
            self.status,
            ApplicationStatus::Approved | ApplicationStatus::Rejected
        );
        if !decided && self.decided.is_some() {
            problems.push(
                "decided",
                "only an approved or rejected application has a decision date",
            );
        }
        if self.project.is_some() && self.status != ApplicationStatus::Approved {
            problems.push("project", "only an approved application becomes a project");
        }
        validate_partners(&self.partners, problems);
    }

    fn visit_refs(&mut self, visit: &mut RefVisitor<'_>) {
        refs::opt(visit, "call", Kind::FundingCall, &mut self.call);
        refs::opt(visit, "funder", Kind::Organisation, &mut self.funder);
        refs::opt(visit, "lead", Kind::Organisation, &mut self.lead);
        visit_partners(&mut self.partners, visit);
        refs::opt(visit, "project", Kind::Project, &mut self.project);
        refs::list(visit, "topics", Kind::Topic, &mut self.topics);
    }
}
