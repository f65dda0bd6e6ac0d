//! Composes a year's report from the store: loads the forum's records of the year and arranges
//! them in the reference report's structure, in the reader's language and cut to the audience.
//!
//! What the audience may read is asked of the store (the access filter is part of every query).
//! Records one level above a public audience (members-only) are loaded separately and only
//! counted: their titles never enter the report. Staff-only records are neither listed nor
//! counted outside a staff edition.

use std::collections::{BTreeMap, HashMap};

use urbis_domain::advocacy::{AdvocacyAction, Cooperation, CooperationKind, Outreach};
use urbis_domain::events::{Event, EventKind, EventStatus};
use urbis_domain::knowledge::Collection;
use urbis_domain::network::{
    Appointment, Forum, Membership, MembershipStatus, OrganisationKind, Person, TopicPlan,
};
use urbis_domain::parts::Contributor;
use urbis_domain::projects::{ApplicationStatus, FundingApplication, Project, ProjectKind};
use urbis_domain::report::{Placement, ReportSection, ReportText};
use urbis_domain::{Access, Id, Lang, PartialDate, Text};
use urbis_store::Store;

use crate::compare;
use crate::error::{ReportError, Result};
use crate::load::{self, Records};
use crate::model::{Editorial, Item, Part, Report, Section};
use crate::words::{self, Words};

mod advocacy;
mod events;
mod knowledge;
mod network;
mod projects;

/// What to compose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The report year.
    pub year: i16,
    /// The reader's language.
    pub lang: Lang,
    /// Who the report is for: public by default.
    pub audience: Access,
    /// Add the comparison with the previous year.
    pub compare: bool,
}

impl Options {
    /// A public report of `year` in `lang`, without comparison.
    pub fn new(year: i16, lang: Lang) -> Self {
        Self {
            year,
            lang,
            audience: Access::Public,
            compare: false,
        }
    }
}

/// The level up to which records are counted (never listed) for an audience: a public report
/// counts members-only records; every other audience counts only what it may read.
pub fn counted_level(audience: Access) -> Access {
    match audience {
        Access::Public => Access::Members,
        other => other,
    }
}

/// The forum a report is about: the one with the short name given, else the one with the most
/// active members (the same choice `urbis serve` makes).
pub async fn find_forum(store: &Store, short_name: Option<&str>) -> Result<Forum> {
    match short_name {
        Some(name) => Ok(store.forum_named(name).await?),
        None => store.main_forum().await?.ok_or(ReportError::NoForum),
    }
}

/// Composes the report of `forum` for the year, language and audience of `options`.
pub async fn compose(store: &Store, forum: &Forum, options: &Options) -> Result<Report> {
    if !(1900..2200).contains(&options.year) {
        return Err(ReportError::Year(options.year));
    }
    let records = load::records(store, forum, options).await?;
    let comparison = if options.compare {
        Some(
            compare::compare(
                store,
                &forum.id,
                options.year,
                counted_level(options.audience),
            )
            .await?,
        )
    } else {
        None
    };
    let composer = Composer::new(&records, options);
    let mut report = composer.report();
    if let Some(comparison) = comparison
        && let Some(intro) = report.sections.first_mut()
    {
        let mut part = composer.part("report-part-comparison");
        part.table = Some(compare::table(&comparison, options.lang));
        intro.parts.push(part);
    }
    Ok(report)
}

/// Where an event of the year is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bucket {
    GeneralMeetings,
    UmbrellaEvents,
    Thematic,
    Special,
    Further,
    Training,
    Umbrella,
}

struct Composer<'a> {
    r: &'a Records,
    lang: Lang,
    year: i16,
    audience: Access,
    words: Words,
}

fn year_of(date: Option<&PartialDate>) -> Option<i16> {
    date.map(PartialDate::year_number)
}

/// True when a period given by optional start and end covers the year.
fn covers(start: Option<&PartialDate>, end: Option<&PartialDate>, year: i16) -> bool {
    year_of(start).is_none_or(|s| s <= year) && year_of(end).is_none_or(|e| e >= year)
}

impl<'a> Composer<'a> {
    fn new(r: &'a Records, options: &Options) -> Self {
        Self {
            r,
            lang: options.lang,
            year: options.year,
            audience: options.audience,
            words: Words::new(
                options.lang,
                &r.forum.short_name,
                r.umbrella.as_ref().map(|u| u.short_name.as_str()),
                options.year,
            ),
        }
    }

    fn loc(&self, text: &Text) -> String {
        text.localize(self.lang).text.to_owned()
    }

    fn org(&self, id: &Id) -> Option<String> {
        self.r.organisations.get(id).map(|o| self.loc(&o.name))
    }

    fn orgs(&self, ids: &[Id]) -> Option<String> {
        let names: Vec<String> = ids.iter().filter_map(|id| self.org(id)).collect();
        (!names.is_empty()).then(|| names.join(", "))
    }

    fn person(&self, id: &Id) -> Option<&Person> {
        self.r.people.get(id)
    }

    fn contributor(&self, c: &Contributor) -> Option<String> {
        let person = c.person.as_ref().and_then(|p| self.person(p));
        let name = match (person, &c.name) {
            (Some(p), _) => p.display_name(),
            (None, Some(name)) => name.clone(),
            (None, None) => return None,
        };
        let function = c
            .function
            .as_ref()
            .map(|f| self.loc(f))
            .or_else(|| c.organisation.as_ref().and_then(|o| self.org(o)))
            .or_else(|| {
                person
                    .and_then(|p| p.function.as_ref())
                    .map(|f| self.loc(f))
            })
            .filter(|f| f != &name);
        Some(match function {
            Some(f) => format!("{name} ({f})"),
            None => name,
        })
    }

    fn report(&self) -> Report {
        let lang = self.lang;
        let sections = [
            ReportSection::Introduction,
            ReportSection::Exchange,
            ReportSection::Knowledge,
            ReportSection::Projects,
            ReportSection::Communication,
            ReportSection::Umbrella,
            ReportSection::Outlook,
            ReportSection::Office,
        ]
        .into_iter()
        .map(|kind| self.section(kind))
        .collect();
        Report {
            lang,
            year: self.year,
            audience: self.audience,
            forum_short: self.r.forum.short_name.clone(),
            forum_name: self.loc(&self.r.forum.name),
            title: self.words.title(),
            edition: self.words.edition(self.audience),
            contents_label: self.words.get("report-contents"),
            page_label: self.words.get("report-page"),
            sections,
            logo: self
                .r
                .forum
                .logo
                .as_deref()
                .and_then(|logo| urbis_domain::network::decode_logo(logo).ok()),
        }
    }

    fn editorials(&self, section: ReportSection, placement: Placement) -> Vec<Editorial> {
        let mut texts: Vec<&ReportText> = self
            .r
            .texts
            .iter()
            .filter(|t| t.section == section && t.placement == placement && t.year == self.year)
            .collect();
        texts.sort_by_key(|t| t.position);
        texts
            .into_iter()
            .map(|t| Editorial {
                heading: t.heading.as_ref().map(|h| self.loc(h)),
                body: self.loc(&t.body),
            })
            .collect()
    }

    fn section(&self, kind: ReportSection) -> Section {
        let parts = match kind {
            ReportSection::Introduction => self.introduction(),
            ReportSection::Exchange => self.exchange(),
            ReportSection::Knowledge => self.knowledge(),
            ReportSection::Projects => self.projects(),
            ReportSection::Communication => self.communication(),
            ReportSection::Umbrella => self.umbrella(),
            ReportSection::Outlook => self.outlook(),
            ReportSection::Office => self.office(),
        };
        Section {
            kind,
            title: self.words.section(kind),
            opening: self.editorials(kind, Placement::Opening),
            parts: parts.into_iter().filter(|p| !p.is_empty()).collect(),
            closing: self.editorials(kind, Placement::Closing),
        }
    }

    /// A part titled by the text `key` (which may name the forum, the umbrella and the year).
    fn part(&self, key: &str) -> Part {
        Part::new(self.words.titled(key))
    }

    /// The line for `count` records the audience may not read; `noun` is the key of what
    /// they are.
    fn not_listed(&self, noun: &str, count: usize) -> Option<String> {
        (count > 0).then(|| {
            self.words
                .not_listed(noun, count, counted_level(self.audience))
        })
    }

    // --- introduction -------------------------------------------------------------------

    fn member_in_year(&self, m: &Membership) -> bool {
        m.status != MembershipStatus::Applied
            && covers(m.since.as_ref(), m.until.as_ref(), self.year)
            && (m.status != MembershipStatus::Ended || m.until.is_some())
    }

    fn member_name(&self, id: &Id) -> Option<String> {
        self.r.organisations.get(id).map(|o| match o.kind {
            OrganisationKind::City => o
                .short_name
                .clone()
                .or_else(|| o.city.clone())
                .unwrap_or_else(|| self.loc(&o.name)),
            _ => self.loc(&o.name),
        })
    }
}
