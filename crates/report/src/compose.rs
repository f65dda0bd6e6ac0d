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
use crate::labels::{self, Fact, Names, Noun};
use crate::load::{self, Records};
use crate::model::{Editorial, Item, Part, Report, Section};

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
        let mut part = Part::new(labels::part(
            options.lang,
            labels::Part::Comparison,
            &composer.names,
        ));
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
    names: Names,
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
            names: Names {
                short: r.forum.short_name.clone(),
                umbrella: r.umbrella.as_ref().map(|u| u.short_name.clone()),
                year: options.year,
            },
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
            title: labels::title(lang, &self.names),
            edition: labels::edition(lang, self.audience),
            contents_label: labels::contents(lang),
            page_label: labels::page(lang),
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
            title: labels::section(self.lang, kind, &self.names),
            opening: self.editorials(kind, Placement::Opening),
            parts: parts.into_iter().filter(|p| !p.is_empty()).collect(),
            closing: self.editorials(kind, Placement::Closing),
        }
    }

    fn part(&self, part: labels::Part) -> Part {
        Part::new(labels::part(self.lang, part, &self.names))
    }

    fn not_listed(&self, noun: Noun, count: usize) -> Option<String> {
        (count > 0)
            .then(|| labels::not_listed(self.lang, noun, count, counted_level(self.audience)))
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

    fn introduction(&self) -> Vec<Part> {
        let members: Vec<&Membership> = self
            .r
            .memberships
            .shown
            .iter()
            .filter(|m| self.member_in_year(m))
            .collect();
        let counted = self
            .r
            .memberships
            .counted
            .iter()
            .filter(|m| self.member_in_year(m))
            .count();
        let mut part = self.part(labels::Part::Members);
        part.text.push(labels::member_count(
            self.lang,
            &self.names.short,
            members.len() + counted,
        ));
        let mut names: Vec<String> = members
            .iter()
            .filter_map(|m| self.member_name(&m.organisation))
            .collect();
        names.sort_by_cached_key(|n| n.to_lowercase());
        part.items = names
            .into_iter()
            .map(|title| Item {
                title,
                ..Item::default()
            })
            .collect();
        vec![part]
    }

    // --- events -------------------------------------------------------------------------

    fn bucket(&self, e: &Event) -> Bucket {
        match e.kind {
            EventKind::GeneralMeeting => Bucket::GeneralMeetings,
            EventKind::UmbrellaAssembly | EventKind::UmbrellaCommittee => Bucket::UmbrellaEvents,
            EventKind::Meeting
                if e.host
                    .as_ref()
                    .is_some_and(|h| self.r.umbrella_orgs.contains(h)) =>
            {
                Bucket::Umbrella
            }
            EventKind::Meeting => Bucket::Further,
            EventKind::WebExchange
            | EventKind::Webinar
            | EventKind::RoundTable
            | EventKind::Workshop
            | EventKind::StudyVisit => Bucket::Thematic,
            EventKind::Panel
            | EventKind::Symposium
            | EventKind::Conference
            | EventKind::Presentation => Bucket::Special,
            EventKind::Training | EventKind::Seminar => Bucket::Training,
        }
    }

    fn year_events(&self, bucket: Bucket) -> (Vec<&'a Event>, Vec<&'a Event>) {
        let pick = |list: &'a [Event]| {
            let mut events: Vec<&'a Event> = list
                .iter()
                .filter(|e| e.status != EventStatus::Cancelled && self.bucket(e) == bucket)
                .collect();
            events.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.id.cmp(&b.id)));
            events
        };
        (pick(&self.r.events.shown), pick(&self.r.events.counted))
    }

    fn event_item(&self, e: &Event) -> Item {
        let lang = self.lang;
        let mut facts = vec![labels::date_range(lang, &e.start, e.end.as_ref())];
        if let Some(days) = e.days
            && e.end.is_none()
        {
            facts.push(labels::days(lang, days));
        }
        if let Some(format) = e.format {
            facts.push(labels::format(lang, format));
        }
        if let Some(city) = &e.city {
            facts.push(city.clone());
        }
        if let Some(host) = e.host.as_ref().and_then(|h| self.org(h)) {
            facts.push(labels::labelled(lang, Fact::Host, &host));
        }
        if let Some(with) = self.orgs(&e.co_organisers) {
            facts.push(labels::labelled(lang, Fact::CoOrganisers, &with));
        }
        if let Some(count) = e.participants {
            facts.push(labels::participants(lang, count));
        }
        if e.status == EventStatus::Planned && e.start.year_number() <= self.year {
            facts.push(labels::planned(lang));
        }
        let speakers: Vec<String> = e
            .speakers
            .iter()
            .filter_map(|s| self.contributor(s))
            .collect();
        let mut text: Vec<String> = Vec::new();
        if let Some(d) = &e.description {
            text.push(self.loc(d));
        }
        if !speakers.is_empty() {
            text.push(labels::labelled(lang, Fact::Speakers, &speakers.join(", ")));
        }
        let links: Vec<String> = e
            .media
            .iter()
            .chain(e.report.iter())
            .map(|l| {
                let title = l
                    .title
                    .as_ref()
                    .map_or_else(|| l.url.clone(), |t| self.loc(t));
                format!("[{}]({})", title.replace(['[', ']'], ""), l.url)
            })
            .collect();
        if !links.is_empty() {
            text.push(labels::labelled(lang, Fact::Links, &links.join(", ")));
        }
        Item {
            title: self.loc(&e.title),
            facts,
            text: (!text.is_empty()).then(|| text.join("\n\n")),
        }
    }

    /// A part of events, grouped by their series; counted events become notes in their series'
    /// part when the series may be read, else in the part itself.
    fn events_part(&self, mut part: Part, shown: &[&Event], counted: &[&Event]) -> Part {
        let mut series_order: Vec<&Id> = Vec::new();
        let mut series_items: HashMap<&Id, Vec<Item>> = HashMap::new();
        let mut series_counted: HashMap<&Id, BTreeMap<&'static str, (EventKind, usize)>> =
            HashMap::new();
        let mut own_counted: BTreeMap<&'static str, (EventKind, usize)> = BTreeMap::new();
        for e in shown {
            match e.series.as_ref().filter(|s| self.r.series.contains_key(*s)) {
                Some(s) => {
                    if !series_order.contains(&s) {
                        series_order.push(s);
                    }
                    series_items.entry(s).or_default().push(self.event_item(e));
                }
                None => part.items.push(self.event_item(e)),
            }
        }
        for e in counted {
            let key = kind_key(e.kind);
            match e.series.as_ref().filter(|s| self.r.series.contains_key(*s)) {
                Some(s) => {
                    if !series_order.contains(&s) {
                        series_order.push(s);
                    }
                    series_counted
                        .entry(s)
                        .or_default()
                        .entry(key)
                        .or_insert((e.kind, 0))
                        .1 += 1;
                }
                None => own_counted.entry(key).or_insert((e.kind, 0)).1 += 1,
            }
        }
        for id in series_order {
            let Some(series) = self.r.series.get(id) else {
                continue;
            };
            let mut sub = Part::new(self.loc(&series.title));
            if let Some(d) = &series.description {
                sub.text.push(self.loc(d));
            }
            if let Some(count) = series.participants {
                sub.text.push(labels::participants_each(self.lang, count));
            }
            sub.items = series_items.remove(id).unwrap_or_default();
            for (kind, n) in series_counted.remove(id).unwrap_or_default().into_values() {
                sub.notes.extend(self.not_listed(Noun::Event(kind), n));
            }
            part.parts.push(sub);
        }
        for (kind, n) in own_counted.into_values() {
            part.notes.extend(self.not_listed(Noun::Event(kind), n));
        }
        part
    }

    fn bucket_part(&self, part: labels::Part, bucket: Bucket) -> Part {
        let (shown, counted) = self.year_events(bucket);
        self.events_part(self.part(part), &shown, &counted)
    }

    fn topic_names(&self, ids: &[Id]) -> Vec<String> {
        ids.iter()
            .filter_map(|id| self.r.topics.get(id))
            .map(|t| self.loc(&t.name))
            .collect()
    }

    fn plan(&self, year: i16) -> Option<&TopicPlan> {
        self.r.plans.iter().find(|p| p.year == year)
    }

    fn exchange(&self) -> Vec<Part> {
        let mut thematic = self.bucket_part(labels::Part::ThematicExchange, Bucket::Thematic);
        if let Some(plan) = self.plan(self.year) {
            let focus = self.topic_names(&plan.focus);
            if !focus.is_empty() && !thematic.is_empty() {
                thematic
                    .text
                    .insert(0, labels::focus(self.lang, self.year, &focus));
            }
        }
        vec![
            self.bucket_part(labels::Part::GeneralMeetings, Bucket::GeneralMeetings),
            self.bucket_part(labels::Part::UmbrellaEvents, Bucket::UmbrellaEvents),
            thematic,
            self.bucket_part(labels::Part::SpecialEvents, Bucket::Special),
            self.bucket_part(labels::Part::FurtherMeetings, Bucket::Further),
        ]
    }

    // --- knowledge ----------------------------------------------------------------------

    fn collection_in_year(&self, c: &Collection) -> bool {
        !c.archived && year_of(c.started.as_ref()).is_none_or(|s| s <= self.year)
    }

    fn knowledge(&self) -> Vec<Part> {
        let shown: Vec<&Collection> = self
            .r
            .collections
            .shown
            .iter()
            .filter(|c| self.collection_in_year(c))
            .collect();
        let counted: Vec<&Collection> = self
            .r
            .collections
            .counted
            .iter()
            .filter(|c| self.collection_in_year(c))
            .collect();
        let mut part = self.part(labels::Part::Collections);
        let total = shown.len() + counted.len();
        if total > 0 {
            let new = shown
                .iter()
                .chain(counted.iter())
                .filter(|c| year_of(c.started.as_ref()) == Some(self.year))
                .count();
            part.text
                .push(labels::collection_count(self.lang, total, new, self.year));
        }
        let mut items: Vec<Item> = shown
            .iter()
            .map(|c| {
                let mut facts = Vec::new();
                if year_of(c.started.as_ref()) == Some(self.year) {
                    facts.push(labels::new_in(self.lang, self.year));
                }
                Item {
                    title: self.loc(&c.title),
                    facts,
                    text: None,
                }
            })
            .collect();
        items.sort_by_cached_key(|i| i.title.to_lowercase());
        part.items = items;
        // The sentence above already gives the number when none can be listed by title.
        if !part.items.is_empty() {
            part.notes
                .extend(self.not_listed(Noun::Collection, counted.len()));
        }
        vec![
            part,
            self.bucket_part(labels::Part::Training, Bucket::Training),
        ]
    }

    // --- projects -----------------------------------------------------------------------

    fn funder(&self, funder: Option<&Id>, programme: Option<&str>) -> Option<String> {
        match (funder.and_then(|f| self.org(f)), programme) {
            (Some(f), Some(p)) => Some(format!("{f} ({p})")),
            (Some(f), None) => Some(f),
            (None, Some(p)) => Some(p.to_owned()),
            (None, None) => None,
        }
    }

    fn project_item(&self, p: &Project) -> Item {
        let lang = self.lang;
        let mut facts = Vec::new();
        match (&p.start, &p.end) {
            (Some(s), e) => facts.push(labels::date_range(lang, s, e.as_ref())),
            (None, Some(e)) => facts.push(format!("– {}", labels::date(lang, e))),
            (None, None) => {}
        }
        if let Some(role) = &p.network_role {
            facts.push(labels::labelled(lang, Fact::Role, &self.loc(role)));
        }
        if let Some(c) = p.coordinator.as_ref().and_then(|c| self.org(c)) {
            facts.push(labels::labelled(lang, Fact::Coordinator, &c));
        }
        if let Some(f) = self.funder(p.funder.as_ref(), p.programme.as_deref()) {
            facts.push(labels::labelled(lang, Fact::Funder, &f));
        }
        let partners: Vec<Id> = p
            .partners
            .iter()
            .map(|x| x.organisation.clone())
            .filter(|o| p.coordinator.as_ref() != Some(o))
            .collect();
        if let Some(names) = self.orgs(&partners) {
            facts.push(labels::labelled(lang, Fact::Partners, &names));
        }
        if let Some(names) = self.orgs(&p.members_involved) {
            facts.push(labels::labelled(lang, Fact::MembersInvolved, &names));
        }
        let mut text: Vec<String> = p.description.iter().map(|d| self.loc(d)).collect();
        if let Some(site) = &p.website {
            text.push(format!("[{site}]({site})"));
        }
        Item {
            title: format!("{} – {}", p.acronym, self.loc(&p.title)),
            facts,
            text: (!text.is_empty()).then(|| text.join("\n\n")),
        }
    }

    fn application_in_year(&self, a: &FundingApplication) -> bool {
        let pending = matches!(
            a.status,
            ApplicationStatus::InPreparation | ApplicationStatus::Submitted
        );
        year_of(a.submitted.as_ref()) == Some(self.year)
            || year_of(a.decided.as_ref()) == Some(self.year)
            || (pending && year_of(a.submitted.as_ref()).is_none_or(|s| s <= self.year))
    }

    fn application_item(&self, a: &FundingApplication) -> Item {
        let lang = self.lang;
        let call = a.call.as_ref().and_then(|c| self.r.calls.get(c));
        let mut facts = vec![labels::labelled(
            lang,
            Fact::Status,
            &labels::application_status(lang, a.status),
        )];
        let funder = a.funder.as_ref().or(call.and_then(|c| c.funder.as_ref()));
        let programme = a
            .programme
            .as_deref()
            .or(call.and_then(|c| c.programme.as_deref()));
        if let Some(f) = self.funder(funder, programme) {
            facts.push(labels::labelled(lang, Fact::Funder, &f));
        }
        if let Some(call) = call {
            facts.push(labels::labelled(lang, Fact::Call, &self.loc(&call.title)));
        }
        if let Some(lead) = a.lead.as_ref().and_then(|l| self.org(l)) {
            facts.push(labels::labelled(lang, Fact::Lead, &lead));
        }
        let partners: Vec<Id> = a.partners.iter().map(|p| p.organisation.clone()).collect();
        if let Some(names) = self.orgs(&partners) {
            facts.push(labels::labelled(lang, Fact::Partners, &names));
        }
        if let Some(role) = &a.network_role {
            facts.push(labels::labelled(lang, Fact::Role, &self.loc(role)));
        }
        if let Some(d) = &a.submitted {
            facts.push(labels::labelled(
                lang,
                Fact::Submitted,
                &labels::date(lang, d),
            ));
        }
        if let Some(d) = &a.decided {
            facts.push(labels::labelled(
                lang,
                Fact::Decided,
                &labels::date(lang, d),
            ));
        }
        let mut text: Vec<String> = a.description.iter().map(|d| self.loc(d)).collect();
        if let Some(reason) = &a.reason {
            text.push(labels::labelled(lang, Fact::Reason, &self.loc(reason)));
        }
        Item {
            title: format!("{}: {}", a.acronym, self.loc(&a.title)),
            facts,
            text: (!text.is_empty()).then(|| text.join("\n\n")),
        }
    }

    fn projects(&self) -> Vec<Part> {
        let running = |p: &&Project| covers(p.start.as_ref(), p.end.as_ref(), self.year);
        let mut parts: Vec<Part> = [
            (ProjectKind::Own, labels::Part::OwnProjects),
            (ProjectKind::Eu, labels::Part::EuProjects),
            (ProjectKind::Participation, labels::Part::Participations),
            (ProjectKind::Member, labels::Part::MemberProjects),
        ]
        .into_iter()
        .map(|(kind, label)| {
            let mut part = self.part(label);
            let mut shown: Vec<&Project> = self
                .r
                .projects
                .shown
                .iter()
                .filter(|p| p.kind == kind)
                .filter(running)
                .collect();
            shown.sort_by(|a, b| {
                a.start
                    .cmp(&b.start)
                    .then_with(|| a.acronym.to_lowercase().cmp(&b.acronym.to_lowercase()))
            });
            part.items = shown.into_iter().map(|p| self.project_item(p)).collect();
            let counted = self
                .r
                .projects
                .counted
                .iter()
                .filter(|p| p.kind == kind)
                .filter(running)
                .count();
            part.notes.extend(self.not_listed(Noun::Project, counted));
            part
        })
        .collect();
        let mut applications = self.part(labels::Part::Applications);
        let groups = [
            vec![
                ApplicationStatus::InPreparation,
                ApplicationStatus::Submitted,
            ],
            vec![ApplicationStatus::Approved],
            vec![ApplicationStatus::Rejected],
            vec![ApplicationStatus::Withdrawn],
        ];
        for statuses in groups {
            let Some(first) = statuses.first().copied() else {
                continue;
            };
            let mut group = Part::new(labels::application_group(self.lang, first));
            let mut shown: Vec<&FundingApplication> = self
                .r
                .applications
                .shown
                .iter()
                .filter(|a| statuses.contains(&a.status) && self.application_in_year(a))
                .collect();
            shown.sort_by(|a, b| a.submitted.cmp(&b.submitted).then_with(|| a.id.cmp(&b.id)));
            group.items = shown
                .into_iter()
                .map(|a| self.application_item(a))
                .collect();
            let counted = self
                .r
                .applications
                .counted
                .iter()
                .filter(|a| statuses.contains(&a.status) && self.application_in_year(a))
                .count();
            group
                .notes
                .extend(self.not_listed(Noun::Application, counted));
            if !group.is_empty() {
                applications.parts.push(group);
            }
        }
        parts.push(applications);
        parts
    }

    // --- communication ------------------------------------------------------------------

    fn dated_in_year(&self, date: Option<&PartialDate>) -> bool {
        year_of(date).is_none_or(|y| y == self.year)
    }

    fn advocacy_item(&self, a: &AdvocacyAction) -> Item {
        let lang = self.lang;
        let mut facts = vec![labels::advocacy_kind(lang, a.kind)];
        if let Some(d) = &a.date {
            facts.push(labels::date(lang, d));
        }
        if let Some(r) = a.recipient.as_ref().and_then(|r| self.org(r)) {
            facts.push(labels::labelled(lang, Fact::Recipient, &r));
        }
        let authors: Vec<String> = a
            .authors
            .iter()
            .filter_map(|c| self.contributor(c))
            .collect();
        if !authors.is_empty() {
            facts.push(labels::labelled(lang, Fact::Authors, &authors.join(", ")));
        }
        if let Some(names) = self.orgs(&a.co_signers) {
            facts.push(labels::labelled(lang, Fact::CoSigners, &names));
        }
        let mut text: Vec<String> = a.summary.iter().map(|s| self.loc(s)).collect();
        if let Some(outcome) = &a.outcome {
            text.push(labels::labelled(lang, Fact::Outcome, &self.loc(outcome)));
        }
        Item {
            title: self.loc(&a.title),
            facts,
            text: (!text.is_empty()).then(|| text.join("\n\n")),
        }
    }

    fn cooperation_item(&self, c: &Cooperation) -> Item {
        let lang = self.lang;
        let mut facts = vec![labels::cooperation_kind(lang, c.kind)];
        let mut partners = vec![c.partner.clone()];
        partners.extend(c.with.iter().cloned());
        if let Some(names) = self.orgs(&partners) {
            facts.push(labels::labelled(lang, Fact::Partner, &names));
        }
        if let Some(since) = &c.since {
            facts.push(labels::since(lang, since));
        }
        let mut text: Vec<String> = c.description.iter().map(|d| self.loc(d)).collect();
        if let Some(site) = &c.website {
            text.push(format!("[{site}]({site})"));
        }
        Item {
            title: self.loc(&c.title),
            facts,
            text: (!text.is_empty()).then(|| text.join("\n\n")),
        }
    }

    fn cooperation_in_year(&self, c: &Cooperation) -> bool {
        covers(c.since.as_ref(), c.until.as_ref(), self.year)
    }

    fn cooperations(&self, part: labels::Part, pick: impl Fn(&Cooperation) -> bool) -> Part {
        let mut out = self.part(part);
        let mut shown: Vec<&Cooperation> = self
            .r
            .cooperations
            .shown
            .iter()
            .filter(|c| pick(c) && self.cooperation_in_year(c))
            .collect();
        shown.sort_by(|a, b| a.since.cmp(&b.since).then_with(|| a.id.cmp(&b.id)));
        out.items = shown
            .into_iter()
            .map(|c| self.cooperation_item(c))
            .collect();
        let counted = self
            .r
            .cooperations
            .counted
            .iter()
            .filter(|c| pick(c) && self.cooperation_in_year(c))
            .count();
        out.notes
            .extend(self.not_listed(Noun::Cooperation, counted));
        out
    }

    fn with_umbrella(&self, c: &Cooperation) -> bool {
        self.r.umbrella_orgs.contains(&c.partner)
    }

    fn communication(&self) -> Vec<Part> {
        let lang = self.lang;
        let mut advocacy = self.part(labels::Part::Advocacy);
        let mut actions: Vec<&AdvocacyAction> = self
            .r
            .advocacy
            .shown
            .iter()
            .filter(|a| self.dated_in_year(a.date.as_ref()))
            .collect();
        actions.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
        advocacy.items = actions.into_iter().map(|a| self.advocacy_item(a)).collect();
        let counted = self
            .r
            .advocacy
            .counted
            .iter()
            .filter(|a| self.dated_in_year(a.date.as_ref()))
            .count();
        advocacy
            .notes
            .extend(self.not_listed(Noun::Advocacy, counted));

        let cooperations = self.cooperations(labels::Part::Cooperations, |c| {
            matches!(
                c.kind,
                CooperationKind::Cooperation | CooperationKind::Chapter
            ) && !self.with_umbrella(c)
        });
        let networks = self.cooperations(labels::Part::Networks, |c| {
            matches!(
                c.kind,
                CooperationKind::NetworkMembership | CooperationKind::AdvisoryBoardSeat
            ) && !self.with_umbrella(c)
        });

        let mut outreach = self.part(labels::Part::Outreach);
        let mut contacts: Vec<&Outreach> = self
            .r
            .outreach
            .shown
            .iter()
            .filter(|o| self.dated_in_year(o.date.as_ref()))
            .collect();
        contacts.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
        outreach.items = contacts
            .into_iter()
            .map(|o| {
                let mut facts = vec![labels::outreach_kind(lang, o.kind)];
                if let Some(d) = &o.date {
                    facts.push(labels::date(lang, d));
                }
                Item {
                    title: self.loc(&o.title),
                    facts,
                    text: o.description.as_ref().map(|d| self.loc(d)),
                }
            })
            .collect();
        let counted = self
            .r
            .outreach
            .counted
            .iter()
            .filter(|o| self.dated_in_year(o.date.as_ref()))
            .count();
        outreach
            .notes
            .extend(self.not_listed(Noun::Outreach, counted));
        vec![advocacy, cooperations, networks, outreach]
    }

    // --- umbrella -----------------------------------------------------------------------

    fn umbrella(&self) -> Vec<Part> {
        let mut forums = self.part(labels::Part::NationalForums);
        if let Some(umbrella) = &self.r.umbrella {
            if let Some(d) = &umbrella.description {
                forums.text.push(self.loc(d));
            }
            if !self.r.siblings.is_empty() {
                forums.text.push(labels::forum_count(
                    self.lang,
                    &umbrella.short_name,
                    self.r.siblings.len(),
                ));
            }
            forums.items = self
                .r
                .siblings
                .iter()
                .map(|f| Item {
                    title: format!("{} ({})", self.loc(&f.name), f.short_name),
                    facts: f.country.iter().cloned().collect(),
                    text: None,
                })
                .collect();
        }
        let mut together = self.bucket_part(labels::Part::UmbrellaCooperation, Bucket::Umbrella);
        let work = self.cooperations(labels::Part::UmbrellaCooperation, |c| self.with_umbrella(c));
        together.items.extend(work.items);
        together.notes.extend(work.notes);
        vec![forums, together]
    }

    // --- outlook ------------------------------------------------------------------------

    fn outlook(&self) -> Vec<Part> {
        let is_exchange = |e: &Event| matches!(e.kind, EventKind::WebExchange | EventKind::Webinar);
        let next = |list: &'a [Event], exchange: bool| {
            let mut events: Vec<&'a Event> = list
                .iter()
                .filter(|e| e.status != EventStatus::Cancelled && is_exchange(e) == exchange)
                .collect();
            events.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.id.cmp(&b.id)));
            events
        };
        let events = self.events_part(
            self.part(labels::Part::OutlookEvents),
            &next(&self.r.next_events.shown, false),
            &next(&self.r.next_events.counted, false),
        );
        let exchanges = self.events_part(
            self.part(labels::Part::OutlookWebExchanges),
            &next(&self.r.next_events.shown, true),
            &next(&self.r.next_events.counted, true),
        );
        let mut topics = self.part(labels::Part::OutlookTopics);
        if let Some(plan) = self.plan(self.year + 1) {
            topics.items = self
                .topic_names(&plan.outlook)
                .into_iter()
                .map(|title| Item {
                    title,
                    ..Item::default()
                })
                .collect();
            if let Some(note) = &plan.note
                && !topics.items.is_empty()
            {
                topics.text.push(self.loc(note));
            }
        }
        vec![events, exchanges, topics]
    }

    // --- office -------------------------------------------------------------------------

    fn office(&self) -> Vec<Part> {
        let active = |a: &&Appointment| covers(a.start.as_ref(), a.end.as_ref(), self.year);
        let build = |label: labels::Part, board: bool| {
            let mut part = self.part(label);
            let mut shown: Vec<&Appointment> = self
                .r
                .appointments
                .shown
                .iter()
                .filter(|a| a.role.is_board() == board)
                .filter(active)
                .collect();
            shown.sort_by(|a, b| a.position.cmp(&b.position).then_with(|| a.id.cmp(&b.id)));
            let mut hidden = self
                .r
                .appointments
                .counted
                .iter()
                .filter(|a| a.role.is_board() == board)
                .filter(active)
                .count();
            for a in shown {
                let Some(person) = self.person(&a.person) else {
                    hidden += 1;
                    continue;
                };
                let mut facts = vec![
                    a.title
                        .as_ref()
                        .map_or_else(|| labels::role(self.lang, a.role), |t| self.loc(t)),
                ];
                // A board member's function says where they come from; for the office it
                // would only repeat the printed title.
                if let Some(function) = &person.function
                    && (board || a.title.is_none())
                {
                    facts.push(self.loc(function));
                }
                if let Some(start) = &a.start {
                    facts.push(labels::since(self.lang, start));
                }
                part.items.push(Item {
                    title: person.display_name(),
                    facts,
                    text: a.note.as_ref().map(|n| self.loc(n)),
                });
            }
            part.notes.extend(self.not_listed(Noun::Person, hidden));
            part
        };
        vec![
            build(labels::Part::Board, true),
            build(labels::Part::Office, false),
        ]
    }
}

/// A key that orders event kinds for the notes.
fn kind_key(kind: EventKind) -> &'static str {
    match kind {
        EventKind::GeneralMeeting => "a",
        EventKind::UmbrellaAssembly => "b",
        EventKind::UmbrellaCommittee => "c",
        EventKind::WebExchange => "d",
        EventKind::Webinar => "e",
        EventKind::Panel => "f",
        EventKind::Symposium => "g",
        EventKind::Seminar => "h",
        EventKind::Training => "i",
        EventKind::Workshop => "j",
        EventKind::StudyVisit => "k",
        EventKind::Conference => "l",
        EventKind::RoundTable => "m",
        EventKind::Presentation => "n",
        EventKind::Meeting => "o",
    }
}
