//! Organisations the network deals with, and their kinds.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use crate::access::Access;
use crate::id::Id;
use crate::parts::{require, validate_country};
use crate::record::{Kind, Record, RefVisitor, now, record_identity, refs};
use crate::text::Text;
use crate::validation::Problems;
use crate::vocabulary::vocabulary;

vocabulary! {
    /// What sort of body an organisation is.
    #[derive(Hash)]
    pub enum OrganisationKind {
        /// A city or municipality.
        City = "city",
        /// A district, county or other regional authority.
        Region = "region",
        /// A body of a federal state (state crime prevention council, state police office).
        StateBody = "state_body",
        /// A federal or state ministry or federal office.
        Ministry = "ministry",
        /// A police authority or police university.
        Police = "police",
        /// An association or non-profit.
        Association = "association",
        /// A research institute.
        ResearchInstitute = "research_institute",
        /// A university.
        University = "university",
        /// A foundation.
        Foundation = "foundation",
        /// A body that funds projects.
        Funder = "funder",
        /// A network of organisations.
        Network = "network",
        /// A company or consultancy.
        Company = "company",
        /// Anything else.
        Other = "other",
    }
}

/// An organisation the network deals with: a member city, a partner, a funder.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Organisation {
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
    /// Name ("Stadt Essen").
    pub name: Text,
    /// Short name or acronym ("Difu").
    pub short_name: Option<String>,
    /// What sort of body it is.
    pub kind: OrganisationKind,
    /// Country code (DE).
    pub country: String,
    /// The city it sits in.
    pub city: Option<String>,
    /// Its website.
    pub website: Option<String>,
    /// A short description.
    pub description: Option<Text>,
    /// Topics it works on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<Id>,
    /// True for entries the demo data set adds as examples beyond its source.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub example: bool,
}

impl Record for Organisation {
    const KIND: Kind = Kind::Organisation;
    record_identity!();

    fn rules(&self, problems: &mut Problems) {
        require("name", &self.name, problems);
        validate_country("country", &self.country, problems);
        problems.url("website", self.website.as_deref());
    }

    fn visit_refs(&mut self, visit: &mut RefVisitor<'_>) {
        refs::list(visit, "topics", Kind::Topic, &mut self.topics);
    }
}
