//! People, and the consents they gave or withdrew.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use crate::access::Access;
use crate::id::Id;
use crate::record::{Kind, Record, RefVisitor, now, record_identity, refs};
use crate::text::{Lang, Text};
use crate::validation::{Problems, quoted};

/// Consent a person gave or withdrew for one purpose (GDPR).
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Consent {
    /// What the consent is for ("newsletter", "photos", "contact list").
    pub purpose: String,
    /// Given (true) or withdrawn (false).
    pub given: bool,
    /// When it was given or withdrawn.
    pub at: Timestamp,
    /// How ("registration form", "email of 3 May").
    pub how: Option<String>,
}

/// A person: a member city's contact, a speaker, the office's staff.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Stable id.
    #[serde(default = "Id::new")]
    pub id: Id,
    /// The forum the record belongs to.
    #[serde(skip)]
    pub forum: Id,
    /// Who may see the person (contacts are members-only by default).
    #[serde(default = "Access::members")]
    pub access: Access,
    /// When it was created.
    #[serde(default = "now")]
    pub created: Timestamp,
    /// When it was last changed.
    #[serde(default = "now")]
    pub updated: Timestamp,
    /// Academic title as printed ("Prof. Dr.").
    pub title: Option<String>,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// The organisation the person works for.
    pub organisation: Option<Id>,
    /// Function as printed ("Alderman of the City of Essen").
    pub function: Option<Text>,
    /// Email address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// The language the person wants mail in.
    pub language: Option<Lang>,
    /// Consents given or withdrawn.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consents: Vec<Consent>,
    /// Topics the person works on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<Id>,
    /// True for entries the demo data set adds as examples beyond its source.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub example: bool,
}

impl Person {
    /// The name as printed: title, given and family name.
    pub fn display_name(&self) -> String {
        let mut name = String::new();
        if let Some(title) = &self.title {
            name.push_str(title);
            name.push(' ');
        }
        name.push_str(&self.given_name);
        name.push(' ');
        name.push_str(&self.family_name);
        name
    }
}

impl Record for Person {
    const KIND: Kind = Kind::Person;
    record_identity!();

    fn rules(&self, problems: &mut Problems) {
        problems.require_text("family_name", &self.family_name);
        problems.email("email", self.email.as_deref());
        if let Some(phone) = &self.phone
            && !phone
                .chars()
                .all(|c| c.is_ascii_digit() || " +-/()".contains(c))
        {
            problems.push(
                "phone",
                format!("`{}` is not a phone number", quoted(phone)),
            );
        }
        for (i, consent) in self.consents.iter().enumerate() {
            problems.require_text(&format!("consents[{i}].purpose"), &consent.purpose);
        }
    }

    fn visit_refs(&mut self, visit: &mut RefVisitor<'_>) {
        refs::opt(
            visit,
            "organisation",
            Kind::Organisation,
            &mut self.organisation,
        );
        refs::list(visit, "topics", Kind::Topic, &mut self.topics);
    }
}
