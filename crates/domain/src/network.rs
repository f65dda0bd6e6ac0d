//! The network itself: forums, member organisations, people, their roles, and topics.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use crate::access::Access;
use crate::date::PartialDate;
use crate::id::Id;
use crate::parts::{require, validate_country, validate_slug};
use crate::record::{Kind, Record, RefVisitor, now, record_identity, refs};
use crate::text::{Lang, Text};
use crate::validation::{Problems, quoted};

/// A network of cities (a tenant): a national forum, or the umbrella the forums belong to.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Forum {
    /// Stable id.
    #[serde(default = "Id::new")]
    pub id: Id,
    /// Who may see the forum's profile.
    #[serde(default)]
    pub access: Access,
    /// When it was created.
    #[serde(default = "now")]
    pub created: Timestamp,
    /// When it was last changed.
    #[serde(default = "now")]
    pub updated: Timestamp,
    /// Full name ("Deutsch-Europäisches Forum für Urbane Sicherheit").
    pub name: Text,
    /// Short name used everywhere ("DEFUS"); unique in an installation.
    pub short_name: String,
    /// Country code of a national forum; none for a European umbrella.
    pub country: Option<String>,
    /// Languages the forum works in; the first is its main language.
    pub languages: Vec<Lang>,
    /// The umbrella network this forum is part of.
    pub umbrella: Option<Id>,
    /// The forum's public website.
    pub website: Option<String>,
    /// A short self-description.
    pub description: Option<Text>,
    /// The logo printed on the title page of reports: SVG markup, or a PNG in base64
    /// (optionally as a `data:image/png;base64,` address); at most 200 KB.
    pub logo: Option<String>,
    /// The host names the forum is served at (`defus.example.org`, `defus.localhost`); the
    /// first is its address in mails and feeds. Unique in an installation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<String>,
    /// The primary colour of the forum's pages (`#rrggbb`), dark enough for white text on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
    /// The IANA time zone of the forum's "today" (what is upcoming and what is past); none for
    /// the network's default, Europe/Berlin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// True for entries that the demo data set adds as examples beyond its source.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub example: bool,
}

/// The least contrast (WCAG 2.1 AA for normal text) white text needs on a forum's colour.
pub const COLOUR_MIN_CONTRAST: f64 = 4.5;

/// The contrast ratio of white text on the colour `#rrggbb`, or what is wrong with the colour.
pub fn contrast_with_white(colour: &str) -> Result<f64, &'static str> {
    let hex = colour
        .strip_prefix('#')
        .filter(|h| h.len() == 6 && h.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or("must be a colour written as `#rrggbb` (for example `#1a4f8b`)")?;
    let channel = |at: usize| {
        let value =
            f64::from(u8::from_str_radix(hex.get(at..at + 2).unwrap_or("00"), 16).unwrap_or(0))
                / 255.0;
        if value <= 0.040_45 {
            value / 12.92
        } else {
            ((value + 0.055) / 1.055).powf(2.4)
        }
    };
    let luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
    Ok(1.05 / (luminance + 0.05))
}

/// What is wrong with a host name a forum is served at, if anything.
pub fn host_problem(host: &str) -> Option<&'static str> {
    if host.is_empty() || host.len() > 253 {
        return Some("must be a host name like `defus.example.org` (1 to 253 characters)");
    }
    if host.contains("://") || host.contains('/') || host.contains(':') {
        return Some(
            "must be a host name alone, without `https://`, port or path (like `defus.example.org`)",
        );
    }
    let labels_ok = host.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    });
    (!labels_ok).then_some(
        "must be a host name of lowercase letters, digits, hyphens and dots (like `defus.example.org`)",
    )
}

/// The largest logo a forum may store, in bytes (of the decoded image).
pub const LOGO_MAX_BYTES: usize = 200 * 1024;

/// What sort of image a logo is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogoFormat {
    /// Scalable vector graphics.
    Svg,
    /// A PNG bitmap.
    Png,
}

/// The image of a stored logo: its format and bytes, or what is wrong with it.
pub fn decode_logo(logo: &str) -> Result<(LogoFormat, Vec<u8>), &'static str> {
    use base64::Engine as _;
    let text = logo.trim();
    if text.starts_with('<') {
        if text.len() > LOGO_MAX_BYTES {
            return Err("is larger than 200 KB");
        }
        let head = text.get(..text.len().min(1024)).unwrap_or(text);
        if !head.contains("<svg") {
            return Err("must be SVG markup (`<svg …>`) or a base64 PNG");
        }
        return Ok((LogoFormat::Svg, text.as_bytes().to_vec()));
    }
    let data = text.strip_prefix("data:image/png;base64,").unwrap_or(text);
    if data.len() > LOGO_MAX_BYTES / 3 * 4 + 4 {
        return Err("is larger than 200 KB");
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data)
        .map_err(|_| "must be SVG markup (`<svg …>`) or a base64 PNG")?;
    if bytes.len() > LOGO_MAX_BYTES {
        return Err("is larger than 200 KB");
    }
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Err("is not a PNG image (the PNG signature is missing)");
    }
    Ok((LogoFormat::Png, bytes))
}

impl Record for Forum {
    const KIND: Kind = Kind::Forum;

    fn id(&self) -> &Id {
        &self.id
    }
    fn id_mut(&mut self) -> &mut Id {
        &mut self.id
    }
    /// A forum is its own forum.
    fn forum(&self) -> &Id {
        &self.id
    }
    fn set_forum(&mut self, _forum: Id) {}
    fn access(&self) -> Access {
        self.access
    }
    fn created(&self) -> Timestamp {
        self.created
    }
    fn updated(&self) -> Timestamp {
        self.updated
    }
    fn touch(&mut self) {
        self.updated = now();
    }

    fn rules(&self, problems: &mut Problems) {
        require("name", &self.name, problems);
        problems.require_text("short_name", &self.short_name);
        if let Some(country) = &self.country {
            validate_country("country", country, problems);
        }
        if self.languages.is_empty() {
            problems.push("languages", "needs at least one language");
        }
        problems.url("website", self.website.as_deref());
        if let Some(logo) = &self.logo
            && let Err(problem) = decode_logo(logo)
        {
            problems.push("logo", problem);
        }
        if self.umbrella.as_ref() == Some(&self.id) {
            problems.push("umbrella", "a forum cannot be its own umbrella");
        }
        for (i, host) in self.hosts.iter().enumerate() {
            if let Some(problem) = host_problem(host) {
                problems.push(format!("hosts[{i}]"), problem);
            } else if self.hosts[..i].contains(host) {
                problems.push(format!("hosts[{i}]"), "is named twice");
            }
        }
        if let Some(zone) = &self.time_zone {
            crate::events::validate_time_zone("time_zone", zone, problems);
        }
        if let Some(colour) = &self.colour {
            match contrast_with_white(colour) {
                Err(problem) => problems.push("colour", problem),
                Ok(ratio) if ratio < COLOUR_MIN_CONTRAST => problems.push(
                    "colour",
                    format!(
                        "is too light for white text on it (contrast {ratio:.1}:1, at least 4.5:1 needed); choose a darker colour"
                    ),
                ),
                Ok(_) => {}
            }
        }
    }

    fn visit_refs(&mut self, visit: &mut RefVisitor<'_>) {
        refs::opt(visit, "umbrella", Kind::Forum, &mut self.umbrella);
    }
}

/// What sort of body an organisation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    /// A city or municipality.
    City,
    /// A district, county or other regional authority.
    Region,
    /// A body of a federal state (state crime prevention council, state police office).
    StateBody,
    /// A federal or state ministry or federal office.
    Ministry,
    /// A police authority or police university.
    Police,
    /// An association or non-profit.
    Association,
    /// A research institute.
    ResearchInstitute,
    /// A university.
    University,
    /// A foundation.
    Foundation,
    /// A body that funds projects.
    Funder,
    /// A network of organisations.
    Network,
    /// A company or consultancy.
    Company,
    /// Anything else.
    Other,
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

/// Where a membership stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MembershipStatus {
    /// Applied, not yet admitted.
    Applied,
    /// A current member.
    Active,
    /// Suspended (e.g. fees unpaid).
    Suspended,
    /// No longer a member.
    Ended,
}

/// An organisation's membership in a forum.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Membership {
    /// Stable id.
    #[serde(default = "Id::new")]
    pub id: Id,
    /// The forum the organisation is a member of.
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
    /// The member organisation.
    pub organisation: Id,
    /// Member since.
    pub since: Option<PartialDate>,
    /// Member until (for ended memberships).
    pub until: Option<PartialDate>,
    /// Where the membership stands.
    pub status: MembershipStatus,
    /// The fee category, as the forum's fee rules name it.
    pub fee_category: Option<String>,
}

impl Record for Membership {
    const KIND: Kind = Kind::Membership;
    record_identity!();

    fn rules(&self, problems: &mut Problems) {
        if let (Some(since), Some(until)) = (&self.since, &self.until)
            && until.compare_known(since).is_lt()
        {
            problems.push("until", "must not be before `since`");
        }
        if self.status == MembershipStatus::Ended && self.until.is_none() {
            problems.push("until", "an ended membership needs the date it ended");
        }
    }

    fn visit_refs(&mut self, visit: &mut RefVisitor<'_>) {
        visit("organisation", Kind::Organisation, &mut self.organisation);
    }
}

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

/// A role a person holds in a forum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Chair of the board.
    BoardChair,
    /// Deputy chair of the board.
    DeputyChair,
    /// A member of the board.
    BoardMember,
    /// Managing director of the office.
    ManagingDirector,
    /// Researcher in the office.
    Researcher,
    /// Staff of a project.
    ProjectStaff,
    /// Accounting.
    Accounting,
    /// IT and internal services.
    It,
    /// Any other office role.
    Other,
}

impl Role {
    /// True for board roles, false for the office.
    pub fn is_board(self) -> bool {
        matches!(
            self,
            Role::BoardChair | Role::DeputyChair | Role::BoardMember
        )
    }
}

/// A person's role in the forum for a period ("joined in April").
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Appointment {
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
    /// The person.
    pub person: Id,
    /// The role.
    pub role: Role,
    /// The title as printed, when it says more than the role ("scientific project staff").
    pub title: Option<Text>,
    /// Start of the appointment, often only a month.
    pub start: Option<PartialDate>,
    /// End of the appointment.
    pub end: Option<PartialDate>,
    /// A remark ("re-elected at the general meeting").
    pub note: Option<Text>,
    /// Order among the forum's appointments, lowest first.
    #[serde(default)]
    pub position: i32,
}

impl Record for Appointment {
    const KIND: Kind = Kind::Appointment;
    record_identity!();

    fn rules(&self, problems: &mut Problems) {
        if let (Some(start), Some(end)) = (&self.start, &self.end)
            && end.compare_known(start).is_lt()
        {
            problems.push("end", "must not be before `start`");
        }
    }

    fn visit_refs(&mut self, visit: &mut RefVisitor<'_>) {
        visit("person", Kind::Person, &mut self.person);
    }
}

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

#[cfg(test)]
mod forum_look_tests {
    use super::*;

    #[test]
    fn a_colour_needs_contrast_with_white_text() {
        let white_on = |c: &str| contrast_with_white(c).unwrap_or(0.0);
        assert!((white_on("#000000") - 21.0).abs() < 0.01);
        assert!((white_on("#ffffff") - 1.0).abs() < 0.01);
        assert!(white_on("#0b3d6e") > 11.0, "the standard colour");
        assert!(white_on("#ffd700") < COLOUR_MIN_CONTRAST);
        assert!(contrast_with_white("0b3d6e").is_err());
        assert!(contrast_with_white("#0b3d6").is_err());
        assert!(contrast_with_white("#0b3d6g").is_err());
    }

    #[test]
    fn hosts_are_bare_host_names() {
        assert_eq!(host_problem("defus.example.org"), None);
        assert_eq!(host_problem("defus.localhost"), None);
        for bad in [
            "",
            "https://defus.org",
            "defus.org:8080",
            "defus.org/x",
            "Defus.org",
            "-a.org",
            "a..org",
        ] {
            assert!(host_problem(bad).is_some(), "{bad}");
        }
    }
}
