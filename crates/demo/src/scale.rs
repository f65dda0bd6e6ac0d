//! Synthetic scale data: the demo network made `factor` times larger, for load tests and
//! benchmarks.
//!
//! The demo's own records stay as they are. Beside them, the demo forum (DEFUS) gets
//! `factor - 1` generated copies of its organisations, memberships, people, series, events,
//! collections, entries, publications, projects, funding calls and applications, advocacy
//! actions, cooperations and outreach. Each copy varies names, titles and descriptions from
//! German and English word lists, spreads dates over 2015–2026 (and a few planned events,
//! open for registration, up to 2030), adds registrations to every event and entries to every collection, and keeps every reference inside the data set: a
//! copy's records refer to the same copy's organisations, people, events and projects, and to
//! the demo's topics. Topics, topic plans, appointments and report texts are not copied (a
//! network keeps one list of topics and one board, and the annual report has one set of texts).
//!
//! Everything comes from one seeded ChaCha8 generator, ids included (UUIDv7-shaped), so the
//! same factor and seed always give the same document; only the demo's own records get fresh
//! ids on import, as always.

use std::collections::HashMap;

use jiff::Timestamp;
use jiff::civil::Date;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use urbis_domain::advocacy::{AdvocacyAction, Cooperation, Outreach};
use urbis_domain::events::{
    Event, EventKind, EventStatus, Format, Guest, Registration, RegistrationRules,
    RegistrationStatus, Series,
};
use urbis_domain::knowledge::{Collection, Entry, EntryKind, RecordRef};
use urbis_domain::network::{Membership, MembershipStatus, Organisation, OrganisationKind, Person};
use urbis_domain::parts::{Contributor, Headcount};
use urbis_domain::portal::{Deadline, FundingCall, Publication, PublicationKind};
use urbis_domain::projects::{ApplicationStatus, FundingApplication, Project, ProjectStatus};
use urbis_domain::{Access, Dataset, ForumData, Id, Kind, Lang, PartialDate, Record, Text};

use crate::{DemoError, dataset};

/// The seed `urbis demo --scale N` uses unless told otherwise.
pub const DEFAULT_SEED: u64 = 2022;

/// The short name of the forum that is scaled.
const SCALED_FORUM: &str = "DEFUS";

/// The first day generated dates fall on.
const FIRST_DAY: (i16, i8, i8) = (2015, 1, 1);
/// How many days generated dates spread over: 2015-01-01 to 2026-10-31.
const DAY_SPAN: u64 = 4322;
/// Events starting before this day (day offset from [`FIRST_DAY`], 2026-11-01) have been held.
const TODAY: u64 = 4322;
/// Planned events start up to this many days after [`TODAY`] (until late 2030), so that a
/// generated network has upcoming events open for registration for years to come.
const PLANNED_SPAN: u64 = 1500;
/// 2015-01-01T00:00:00Z in seconds.
const FIRST_SECOND: i64 = 1_420_070_400;

/// The demo network made `factor` times larger from `seed`; a factor of 0 or 1 gives the plain
/// demo. Ids of generated records are UUIDs, the demo's own records keep their readable keys
/// ([`Dataset::prepare`] turns them into UUIDs as for the plain demo).
pub fn scaled(factor: u32, seed: u64) -> Result<Dataset, DemoError> {
    let mut dataset = dataset()?;
    if factor <= 1 {
        return Ok(dataset);
    }
    let Some(index) = scaled_forum(&dataset) else {
        return Ok(dataset);
    };
    let template = dataset.forums[index].clone();
    let mut generator = Generator::new(seed);
    let data = &mut dataset.forums[index];
    for copy in 1..factor {
        generator.copy(&template, copy, data);
    }
    Ok(dataset)
}

/// The forum that gets the copies: DEFUS, else the one with the most organisations.
fn scaled_forum(dataset: &Dataset) -> Option<usize> {
    dataset
        .forums
        .iter()
        .position(|d| {
            d.forum
                .as_ref()
                .is_some_and(|f| f.short_name == SCALED_FORUM)
        })
        .or_else(|| {
            (0..dataset.forums.len()).max_by_key(|&i| dataset.forums[i].organisations.len())
        })
}

/// German and English words the texts are made of.
mod words {
    /// Cities, for names, venues and addresses.
    pub const CITIES: &[&str] = &[
        "Aachen",
        "Augsburg",
        "Bielefeld",
        "Bochum",
        "Bonn",
        "Braunschweig",
        "Bremen",
        "Chemnitz",
        "Darmstadt",
        "Dortmund",
        "Dresden",
        "Duisburg",
        "Düsseldorf",
        "Erfurt",
        "Erlangen",
        "Essen",
        "Frankfurt am Main",
        "Freiburg",
        "Gelsenkirchen",
        "Göttingen",
        "Halle (Saale)",
        "Hamburg",
        "Hannover",
        "Heidelberg",
        "Heilbronn",
        "Jena",
        "Karlsruhe",
        "Kassel",
        "Kiel",
        "Koblenz",
        "Köln",
        "Krefeld",
        "Leipzig",
        "Leverkusen",
        "Lübeck",
        "Magdeburg",
        "Mainz",
        "Mannheim",
        "Mönchengladbach",
        "Münster",
        "Nürnberg",
        "Oberhausen",
        "Oldenburg",
        "Osnabrück",
        "Paderborn",
        "Potsdam",
        "Regensburg",
        "Rostock",
        "Saarbrücken",
        "Schwerin",
        "Siegen",
        "Stuttgart",
        "Trier",
        "Ulm",
        "Wiesbaden",
        "Wolfsburg",
        "Wuppertal",
        "Würzburg",
    ];

    /// Federal states (German, English).
    pub const STATES: &[(&str, &str)] = &[
        ("Baden-Württemberg", "Baden-Württemberg"),
        ("Bayern", "Bavaria"),
        ("Berlin", "Berlin"),
        ("Brandenburg", "Brandenburg"),
        ("Bremen", "Bremen"),
        ("Hamburg", "Hamburg"),
        ("Hessen", "Hesse"),
        ("Mecklenburg-Vorpommern", "Mecklenburg-Western Pomerania"),
        ("Niedersachsen", "Lower Saxony"),
        ("Nordrhein-Westfalen", "North Rhine-Westphalia"),
        ("Rheinland-Pfalz", "Rhineland-Palatinate"),
        ("Saarland", "Saarland"),
        ("Sachsen", "Saxony"),
        ("Sachsen-Anhalt", "Saxony-Anhalt"),
        ("Schleswig-Holstein", "Schleswig-Holstein"),
        ("Thüringen", "Thuringia"),
    ];

    /// Given names.
    pub const GIVEN: &[&str] = &[
        "Anna",
        "Andreas",
        "Barbara",
        "Bernd",
        "Christina",
        "Christian",
        "Daniela",
        "Dirk",
        "Elena",
        "Erik",
        "Franziska",
        "Frank",
        "Gabriele",
        "Georg",
        "Hanna",
        "Holger",
        "Ines",
        "Jan",
        "Julia",
        "Jürgen",
        "Katrin",
        "Klaus",
        "Lena",
        "Lars",
        "Maria",
        "Markus",
        "Nadine",
        "Nils",
        "Olga",
        "Oliver",
        "Petra",
        "Peter",
        "Ricarda",
        "Ralf",
        "Sabine",
        "Stefan",
        "Tanja",
        "Thomas",
        "Ulrike",
        "Uwe",
        "Vera",
        "Volker",
        "Wiebke",
        "Wolfgang",
        "Yasemin",
        "Yusuf",
        "Zeynep",
        "Can",
        "Leyla",
        "Mehmet",
    ];

    /// Family names.
    pub const FAMILY: &[&str] = &[
        "Albrecht",
        "Bauer",
        "Becker",
        "Berger",
        "Braun",
        "Demir",
        "Engel",
        "Fischer",
        "Frank",
        "Friedrich",
        "Günther",
        "Hahn",
        "Hartmann",
        "Hoffmann",
        "Jung",
        "Kaiser",
        "Keller",
        "Klein",
        "Koch",
        "Krause",
        "Kowalski",
        "Lange",
        "Lehmann",
        "Lorenz",
        "Ludwig",
        "Maier",
        "Meyer",
        "Möller",
        "Neumann",
        "Nowak",
        "Otto",
        "Peters",
        "Richter",
        "Roth",
        "Schäfer",
        "Schmidt",
        "Schmitz",
        "Schneider",
        "Schröder",
        "Schubert",
        "Schulz",
        "Schwarz",
        "Sommer",
        "Stein",
        "Vogel",
        "Wagner",
        "Walter",
        "Weber",
        "Werner",
        "Wolf",
        "Yilmaz",
        "Zimmermann",
    ];

    /// Themes of the network's work (German, English).
    pub const THEMES: &[(&str, &str)] = &[
        ("Sicherheit im öffentlichen Raum", "safety in public spaces"),
        ("Prävention von Jugendgewalt", "preventing youth violence"),
        (
            "Sicherheit in Bahnhofsvierteln",
            "safety in station districts",
        ),
        ("Nachtleben und Sicherheit", "nightlife and safety"),
        ("häusliche Gewalt", "domestic violence"),
        ("Radikalisierungsprävention", "preventing radicalisation"),
        (
            "Drogenkonsum im öffentlichen Raum",
            "drug use in public spaces",
        ),
        (
            "städtebauliche Kriminalprävention",
            "crime prevention through urban design",
        ),
        (
            "das Sicherheitsgefühl der Menschen",
            "people's feeling of safety",
        ),
        (
            "kommunale Ordnungsdienste",
            "municipal public order services",
        ),
        (
            "Cybersicherheit in Kommunen",
            "cyber security in municipalities",
        ),
        ("Hasskriminalität", "hate crime"),
        (
            "den Schutz von Kommunalpolitikern",
            "protecting local politicians",
        ),
        ("Wohnungslosigkeit", "homelessness"),
        ("Suchtprävention", "addiction prevention"),
        ("Quartiersarbeit", "neighbourhood work"),
        ("Bürgerbeteiligung", "citizen participation"),
        ("Videoschutz", "video surveillance"),
        (
            "die Sicherheit von Frauen im Stadtraum",
            "women's safety in urban space",
        ),
        ("Großveranstaltungen", "major events"),
        ("kommunales Krisenmanagement", "municipal crisis management"),
        ("die Resilienz der Städte", "urban resilience"),
        ("Migration und Integration", "migration and integration"),
        ("Extremismusprävention", "preventing extremism"),
        (
            "Konfliktlösung im Quartier",
            "resolving conflicts in neighbourhoods",
        ),
        ("Kinder- und Jugendschutz", "child and youth protection"),
        ("datengestützte Lagebilder", "data-based situation reports"),
        ("kommunale Präventionsräte", "municipal prevention councils"),
        (
            "Gewalt gegen Einsatzkräfte",
            "violence against emergency services",
        ),
        ("Sicherheitsaudits", "safety audits"),
    ];

    /// What the network's work aims at (German, English), to end a sentence.
    pub const AIMS: &[(&str, &str)] = &[
        (
            "die Prävention vor Ort stärken",
            "strengthen prevention on the ground",
        ),
        (
            "Verwaltung, Polizei und Zivilgesellschaft besser vernetzen",
            "connect administration, police and civil society better",
        ),
        (
            "ihre Lagebilder verbessern",
            "improve their situation reports",
        ),
        (
            "Betroffene wirksamer unterstützen",
            "support those affected more effectively",
        ),
        ("Konflikte früh erkennen", "recognise conflicts early"),
        (
            "öffentliche Räume lebenswert gestalten",
            "make public spaces liveable",
        ),
        (
            "Fördermittel gezielt einsetzen",
            "use funding where it counts",
        ),
        (
            "Erfahrungen aus Europa nutzen",
            "draw on experience from across Europe",
        ),
        (
            "Maßnahmen wissenschaftlich begleiten",
            "have measures evaluated by research",
        ),
    ];

    /// Kinds of documents (German, English).
    pub const DOCUMENTS: &[(&str, &str)] = &[
        ("Leitfaden", "Guide"),
        ("Studie", "Study"),
        ("Handreichung", "Handout"),
        ("Praxisbericht", "Practice report"),
        ("Positionspapier", "Position paper"),
        ("Präsentation", "Presentation"),
        ("Evaluationsbericht", "Evaluation report"),
        ("Fachartikel", "Article"),
        ("Checkliste", "Checklist"),
        ("Konzept", "Concept"),
    ];

    /// Kinds of collections (German, English).
    pub const BOARDS: &[(&str, &str)] = &[
        ("Materialsammlung", "materials"),
        ("Praxisbeispiele", "practice examples"),
        ("Studien und Berichte", "studies and reports"),
        ("Linkliste", "links"),
        ("Arbeitshilfen", "working aids"),
    ];

    /// Functions people hold (German, English).
    pub const FUNCTIONS: &[(&str, &str)] = &[
        (
            "Leitung des Ordnungsamts",
            "Head of the Public Order Office",
        ),
        ("Präventionsbeauftragte", "Prevention officer"),
        (
            "Referent für Sicherheit und Ordnung",
            "Officer for safety and public order",
        ),
        (
            "Dezernentin für Recht und Ordnung",
            "Head of Department for Law and Order",
        ),
        (
            "Geschäftsführung des Präventionsrats",
            "Managing director of the prevention council",
        ),
        ("Wissenschaftliche Mitarbeiterin", "Research associate"),
        ("Sozialplanung", "Social planning"),
        ("Kommunale Kriminalprävention", "Municipal crime prevention"),
    ];

    /// Words project acronyms are made of.
    pub const ACRONYMS: &[&str] = &[
        "KOMPASS", "SafeCity", "PRÄVENT", "QUARTIER", "LUMEN", "CIVITAS", "RESIST", "NACHT",
        "BRIDGE", "SiQua", "NETZ", "URBAN", "TRUST", "ALERT", "PLACE", "VITAL",
    ];
}

/// Makes the copies: one seeded generator for every choice.
struct Generator {
    rng: ChaCha8Rng,
}

/// The people and organisations of one copy, for references made up on the way.
struct Pool {
    people: Vec<Id>,
    organisations: Vec<Id>,
    projects: Vec<Id>,
    events: Vec<Id>,
}

impl Generator {
    fn new(seed: u64) -> Self {
        Self {
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        // Multiply-shift: unbiased enough for test data, and the same on every platform.
        ((u128::from(self.rng.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.below(high.saturating_sub(low) + 1)
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, list: &'a [T]) -> &'a T {
        &list[self.below(list.len() as u64) as usize]
    }

    fn pick_id(&mut self, list: &[Id]) -> Option<Id> {
        (!list.is_empty()).then(|| self.pick(list).clone())
    }

    /// A UUIDv7-shaped id with a time between 2015 and 2026.
    fn id(&mut self) -> Id {
        let millis = (FIRST_SECOND as u64) * 1000 + self.below(DAY_SPAN * 86_400_000);
        let mut random = [0u8; 10];
        self.rng.fill_bytes(&mut random);
        Id::from_text(
            uuid::Builder::from_unix_timestamp_millis(millis, &random)
                .into_uuid()
                .to_string(),
        )
    }

    /// A day offset in `0..DAY_SPAN`.
    fn day(&mut self) -> u64 {
        self.below(DAY_SPAN)
    }

    /// Created and updated times, at or before the given day offset.
    fn stamps(&mut self, until_day: u64) -> (Timestamp, Timestamp) {
        let created = FIRST_SECOND + (self.below(until_day.max(1) * 86_400) as i64);
        let updated = created + self.below(200 * 86_400) as i64;
        let cap = FIRST_SECOND + (DAY_SPAN * 86_400) as i64;
        (second(created), second(updated.min(cap)))
    }

    fn theme(&mut self) -> (&'static str, &'static str) {
        *self.pick(words::THEMES)
    }

    fn city(&mut self) -> &'static str {
        words::CITIES[self.below(words::CITIES.len() as u64) as usize]
    }

    fn name(&mut self) -> (&'static str, &'static str) {
        (*self.pick(words::GIVEN), *self.pick(words::FAMILY))
    }

    /// A description of two sentences on a theme.
    fn description(&mut self, theme: (&str, &str)) -> Text {
        let (a, b) = (self.city(), self.city());
        let aim = *self.pick(words::AIMS);
        let other = self.theme();
        Text::new(
            Lang::De,
            format!(
                "Beiträge aus {a} und {b} zeigen, wie Kommunen beim Thema {} {}. \
                 Im Mittelpunkt stehen außerdem {} und die Frage, was sich übertragen lässt.",
                theme.0, aim.0, other.0
            ),
        )
        .with(
            Lang::En,
            format!(
                "Contributions from {a} and {b} show how municipalities working on {} {}. \
                 The focus is also on {} and on what can be transferred elsewhere.",
                theme.1, aim.1, other.1
            ),
        )
    }

    /// Makes copy number `copy` of the template's records and appends them to `data`.
    fn copy(&mut self, template: &ForumData, copy: u32, data: &mut ForumData) {
        let mut ids: HashMap<Id, Id> = HashMap::new();
        macro_rules! assign {
            ($($field:ident),*) => {
                $( for record in &template.$field { let id = self.id(); ids.insert(record.id().clone(), id); } )*
            };
        }
        assign!(
            organisations,
            memberships,
            people,
            funding_calls,
            projects,
            funding_applications,
            series,
            events,
            collections,
            entries,
            publications,
            advocacy_actions,
            cooperations,
            outreach
        );
        let mut pool = Pool {
            people: Vec::new(),
            organisations: Vec::new(),
            projects: Vec::new(),
            events: Vec::new(),
        };
        for record in &template.organisations {
            let mut r = mapped(record, &ids);
            self.organisation(&mut r);
            pool.organisations.push(r.id.clone());
            data.organisations.push(r);
        }
        for record in &template.memberships {
            let mut r = mapped(record, &ids);
            self.membership(&mut r);
            data.memberships.push(r);
        }
        for (i, record) in template.people.iter().enumerate() {
            let mut r = mapped(record, &ids);
            self.person(&mut r, copy, i);
            pool.people.push(r.id.clone());
            data.people.push(r);
        }
        for record in &template.funding_calls {
            let mut r = mapped(record, &ids);
            self.funding_call(&mut r);
            data.funding_calls.push(r);
        }
        for (i, record) in template.projects.iter().enumerate() {
            let mut r = mapped(record, &ids);
            self.project(&mut r, copy, i);
            pool.projects.push(r.id.clone());
            data.projects.push(r);
        }
        for (i, record) in template.funding_applications.iter().enumerate() {
            let mut r = mapped(record, &ids);
            self.application(&mut r, copy, i);
            data.funding_applications.push(r);
        }
        for record in &template.series {
            let mut r = mapped(record, &ids);
            self.series(&mut r);
            data.series.push(r);
        }
        for record in &template.events {
            let mut r = mapped(record, &ids);
            let start_day = self.event(&mut r);
            pool.events.push(r.id.clone());
            self.registrations(&r, start_day, &pool, &mut data.registrations);
            data.events.push(r);
        }
        for (i, record) in template.collections.iter().enumerate() {
            let mut r = mapped(record, &ids);
            self.collection(&mut r, copy, i);
            self.extra_entries(&r, &pool, &mut data.entries);
            data.collections.push(r);
        }
        for record in &template.entries {
            let mut r = mapped(record, &ids);
            self.entry(&mut r, &pool);
            data.entries.push(r);
        }
        for record in &template.publications {
            let mut r = mapped(record, &ids);
            self.publication(&mut r, &pool);
            data.publications.push(r);
        }
        if let Some(first) = template.publications.first() {
            for _ in 0..4 {
                let mut r = first.clone();
                r.id = self.id();
                r.event = None;
                r.file = None;
                self.publication(&mut r, &pool);
                data.publications.push(r);
            }
        }
        for record in &template.advocacy_actions {
            let mut r = mapped(record, &ids);
            self.advocacy(&mut r);
            data.advocacy_actions.push(r);
        }
        for record in &template.cooperations {
            let mut r = mapped(record, &ids);
            self.cooperation(&mut r);
            data.cooperations.push(r);
        }
        for record in &template.outreach {
            let mut r = mapped(record, &ids);
            self.outreach(&mut r);
            data.outreach.push(r);
        }
    }

    fn organisation(&mut self, r: &mut Organisation) {
        let city = self.city();
        let (state_de, state_en) = *self.pick(words::STATES);
        let (de, en) = match r.kind {
            OrganisationKind::City => (format!("Stadt {city}"), format!("City of {city}")),
            OrganisationKind::Region => {
                (format!("Landkreis {city}"), format!("District of {city}"))
            }
            OrganisationKind::StateBody => (
                format!("Landespräventionsrat {state_de}"),
                format!("Crime Prevention Council of {state_en}"),
            ),
            OrganisationKind::Ministry => (
                format!("Ministerium des Innern {state_de}"),
                format!("Ministry of the Interior of {state_en}"),
            ),
            OrganisationKind::Police => (
                format!("Polizeipräsidium {city}"),
                format!("Police Headquarters {city}"),
            ),
            OrganisationKind::Association => (
                format!("Präventionsverein {city} e. V."),
                format!("Prevention Association {city}"),
            ),
            OrganisationKind::ResearchInstitute => (
                format!("Institut für Sicherheitsforschung {city}"),
                format!("Institute for Security Research {city}"),
            ),
            OrganisationKind::University => (
                format!("Hochschule {city}"),
                format!("University of Applied Sciences {city}"),
            ),
            OrganisationKind::Foundation => (
                format!("Stiftung Sichere Stadt {city}"),
                format!("Safe City Foundation {city}"),
            ),
            OrganisationKind::Funder => (
                format!("Förderwerk {state_de}"),
                format!("Funding Agency of {state_en}"),
            ),
            OrganisationKind::Network => (
                format!("Netzwerk Prävention {state_de}"),
                format!("Prevention Network {state_en}"),
            ),
            OrganisationKind::Company => (
                format!("Stadtberatung {city} GmbH"),
                format!("Stadtberatung {city} GmbH"),
            ),
            OrganisationKind::Other => (
                format!("Bündnis Sicherheit {city}"),
                format!("Safety Alliance {city}"),
            ),
        };
        r.name = Text::new(Lang::De, de).with(Lang::En, en);
        if r.country == "DE" {
            r.city = Some(city.to_owned());
        }
        r.short_name = None;
        r.website = Some(format!("https://www.{}.example", ascii_slug(city)));
        let theme = self.theme();
        r.description = Some(self.description(theme));
        (r.created, r.updated) = self.stamps(DAY_SPAN);
        r.example = true;
    }

    fn membership(&mut self, r: &mut Membership) {
        let since = self.below(DAY_SPAN - 400);
        r.since = Some(month(since));
        r.until = (r.status == MembershipStatus::Ended)
            .then(|| month(since + self.between(60, DAY_SPAN - since - 1)));
        if r.status == MembershipStatus::Ended && r.until.is_none() {
            r.status = MembershipStatus::Active;
        }
        (r.created, r.updated) = self.stamps(since + 1);
    }

    fn person(&mut self, r: &mut Person, copy: u32, index: usize) {
        let (given, family) = self.name();
        r.given_name = given.to_owned();
        r.family_name = family.to_owned();
        r.title = self.chance(15).then(|| "Dr.".to_owned());
        let (de, en) = *self.pick(words::FUNCTIONS);
        r.function = Some(Text::new(Lang::De, de).with(Lang::En, en));
        let domain = ascii_slug(self.city());
        r.email = Some(format!(
            "{}.{}.{copy}-{index}@{domain}.example",
            ascii_slug(given),
            ascii_slug(family)
        ));
        r.phone = Some(format!(
            "+49 {} {}",
            self.between(200, 999),
            self.between(100_000, 9_999_999)
        ));
        (r.created, r.updated) = self.stamps(DAY_SPAN);
        r.example = true;
    }

    fn funding_call(&mut self, r: &mut FundingCall) {
        let theme = self.theme();
        r.title = Text::new(Lang::De, format!("Förderaufruf: {}", capital(theme.0))).with(
            Lang::En,
            format!("Call for proposals: {}", capital(theme.1)),
        );
        r.summary = Some(self.description(theme));
        let opens = self.below(DAY_SPAN - 400);
        r.opens = Some(day(opens));
        let mut next = opens;
        for deadline in &mut r.deadlines {
            next += self.between(20, 120);
            *deadline = Deadline {
                date: day(next),
                label: deadline.label.clone(),
            };
        }
        (r.created, r.updated) = self.stamps(opens + 1);
        r.example = true;
    }

    fn project(&mut self, r: &mut Project, copy: u32, index: usize) {
        let word = *self.pick(words::ACRONYMS);
        r.acronym = format!("{word}-{}", u64::from(copy) * 100 + index as u64);
        let theme = self.theme();
        let city = self.city();
        r.title = Text::new(
            Lang::De,
            format!("{}: ein Modellprojekt in {city}", capital(theme.0)),
        )
        .with(
            Lang::En,
            format!("{}: a model project in {city}", capital(theme.1)),
        );
        r.description = Some(self.description(theme));
        let start = self.below(DAY_SPAN - 200);
        let end = start + self.between(365, 4 * 365);
        r.start = Some(month(start));
        r.end = Some(month(end));
        r.status = if start > TODAY {
            ProjectStatus::Planned
        } else if end < TODAY {
            ProjectStatus::Completed
        } else {
            ProjectStatus::Running
        };
        r.website = Some(format!("https://{}.example", ascii_slug(&r.acronym)));
        (r.created, r.updated) = self.stamps(start + 1);
    }

    fn application(&mut self, r: &mut FundingApplication, copy: u32, index: usize) {
        let word = *self.pick(words::ACRONYMS);
        r.acronym = format!("{word}-A{}", u64::from(copy) * 100 + index as u64);
        let theme = self.theme();
        r.title = Text::new(Lang::De, format!("Antrag: {}", capital(theme.0)))
            .with(Lang::En, format!("Application: {}", capital(theme.1)));
        r.description = Some(self.description(theme));
        let submitted = self.below(DAY_SPAN - 400);
        r.submitted = r.submitted.map(|_| month(submitted));
        r.decided = match (r.status, r.submitted) {
            (ApplicationStatus::Approved | ApplicationStatus::Rejected, Some(_)) => {
                Some(month(submitted + self.between(60, 300)))
            }
            _ => None,
        };
        (r.created, r.updated) = self.stamps(submitted + 1);
    }

    fn series(&mut self, r: &mut Series) {
        let theme = self.theme();
        r.title = Text::new(
            Lang::De,
            format!("Veranstaltungsreihe: {}", capital(theme.0)),
        )
        .with(Lang::En, format!("Event series: {}", capital(theme.1)));
        r.description = Some(self.description(theme));
        (r.created, r.updated) = self.stamps(DAY_SPAN);
    }

    /// Varies an event; returns the day offset it starts on.
    fn event(&mut self, r: &mut Event) -> u64 {
        let theme = self.theme();
        let city = self.city();
        let (label_de, label_en) = event_label(r.kind);
        let place = r.format != Some(Format::Online);
        let (title_de, title_en) = if place {
            (
                format!("{label_de}: {} in {city}", capital(theme.0)),
                format!("{label_en}: {} in {city}", capital(theme.1)),
            )
        } else {
            (
                format!("{label_de}: {}", capital(theme.0)),
                format!("{label_en}: {}", capital(theme.1)),
            )
        };
        r.title = Text::new(Lang::De, title_de).with(Lang::En, title_en);
        r.description = Some(self.description(theme));
        let start = if self.chance(8) {
            TODAY + self.below(PLANNED_SPAN)
        } else {
            self.day()
        };
        r.start = if self.chance(70) {
            let hour = self.between(9, 17) as u8;
            let minute = if self.chance(50) { 0 } else { 30 };
            let date = day(start);
            date.at(hour, minute).unwrap_or(date)
        } else {
            day(start)
        };
        let days = u64::from(r.days.unwrap_or(1).max(1));
        r.end = r.end.map(|_| day(start + days - 1));
        r.city = place.then(|| city.to_owned());
        r.venue = place.then(|| format!("Rathaus {city}"));
        for speaker in &mut r.speakers {
            if speaker.person.is_none() {
                let (given, family) = self.name();
                speaker.name = Some(format!("{given} {family}"));
            }
        }
        // Web exchanges, webinars, seminars and the like take registrations, as the network's
        // do: open to guests, limited, some with a waiting list.
        let registers = matches!(
            r.kind,
            EventKind::WebExchange
                | EventKind::Webinar
                | EventKind::Seminar
                | EventKind::Workshop
                | EventKind::Training
                | EventKind::Conference
        );
        if r.registration.is_none() && registers && self.chance(60) {
            r.registration = Some(RegistrationRules {
                opens: None,
                closes: None,
                members_only: self.chance(15),
                waiting_list: self.chance(50),
                // Generated registrations stand as decided; no guest waits for a link.
                confirm_guests: false,
            });
            // More seats than the at most 24 registrations generated below.
            r.capacity = Some(self.between(30, 150) as u32);
        }
        if let Some(rules) = &mut r.registration {
            // Held events had opened six weeks before; planned ones are open from now on.
            rules.opens = (start < TODAY).then(|| day(start.saturating_sub(42)));
            rules.closes = Some(day(start.saturating_sub(2)));
            if rules.waiting_list && r.capacity.is_none() {
                r.capacity = Some(30);
            }
        }
        r.status = if start >= TODAY {
            EventStatus::Planned
        } else if self.chance(3) {
            EventStatus::Cancelled
        } else {
            EventStatus::Held
        };
        r.participants =
            (r.status == EventStatus::Held).then(|| Headcount::exact(self.between(8, 150) as u32));
        (r.created, r.updated) = self.stamps(start.saturating_sub(30).max(1));
        r.example = true;
        start
    }

    /// Registrations for an event: some of the copy's people, the rest guests.
    fn registrations(
        &mut self,
        event: &Event,
        start_day: u64,
        pool: &Pool,
        out: &mut Vec<Registration>,
    ) {
        let count = if event.status == EventStatus::Cancelled {
            self.below(4)
        } else {
            self.between(0, 24)
        };
        let mut people = pool.people.clone();
        for j in 0..count {
            let (created, _) = self.stamps(start_day.max(1));
            let status = match (event.status, self.below(10)) {
                (_, 0) => RegistrationStatus::Cancelled,
                (EventStatus::Held, 1) => RegistrationStatus::Confirmed,
                (EventStatus::Held, _) => RegistrationStatus::Attended,
                (_, 1) if event.capacity.is_some() => RegistrationStatus::Waitlisted,
                _ => RegistrationStatus::Confirmed,
            };
            let as_person = !people.is_empty() && self.chance(40);
            let (person, guest) = if as_person {
                let index = self.below(people.len() as u64) as usize;
                (Some(people.swap_remove(index)), None)
            } else {
                let (given, family) = self.name();
                let city = self.city();
                (
                    None,
                    Some(Guest {
                        name: format!("{given} {family}"),
                        email: format!(
                            "{}.{}.{j}@{}.example",
                            ascii_slug(given),
                            ascii_slug(family),
                            ascii_slug(city)
                        ),
                        organisation: Some(format!("Stadt {city}")),
                    }),
                )
            };
            out.push(Registration {
                id: self.id(),
                forum: Id::default(),
                access: Access::Staff,
                created,
                updated: created,
                event: event.id.clone(),
                person,
                guest,
                status,
                consent: true,
                language: Some(if self.chance(85) { Lang::De } else { Lang::En }),
                cancelled_at: (status == RegistrationStatus::Cancelled).then_some(created),
            });
        }
    }

    fn collection(&mut self, r: &mut Collection, copy: u32, index: usize) {
        let theme = self.theme();
        let (board_de, board_en) = *self.pick(words::BOARDS);
        r.slug = format!("{}-{copy}-{index}", ascii_slug(theme.1));
        r.title = Text::new(Lang::De, format!("{}: {board_de}", capital(theme.0)))
            .with(Lang::En, format!("{}: {board_en}", capital(theme.1)));
        r.description = Some(self.description(theme));
        let started = self.day();
        r.started = Some(PartialDate::year(day_date(started).year()));
        (r.created, r.updated) = self.stamps(started + 1);
    }

    /// Between 5 and 40 new links and notes on a collection's board.
    fn extra_entries(&mut self, collection: &Collection, pool: &Pool, out: &mut Vec<Entry>) {
        let count = self.between(5, 40);
        for _ in 0..count {
            let theme = self.theme();
            let (document_de, document_en) = *self.pick(words::DOCUMENTS);
            let city = self.city();
            let link = self.chance(65);
            let date = self.day();
            let (created, updated) = self.stamps(date + 1);
            let mut entry = Entry {
                id: self.id(),
                forum: Id::default(),
                access: collection.access,
                created,
                updated,
                collection: collection.id.clone(),
                section: None,
                kind: if link {
                    EntryKind::Link
                } else {
                    EntryKind::Note
                },
                title: Text::new(
                    Lang::De,
                    format!("{document_de}: {} in {city}", capital(theme.0)),
                )
                .with(
                    Lang::En,
                    format!("{document_en}: {} in {city}", capital(theme.1)),
                ),
                body: Some(self.description(theme)),
                url: link.then(|| {
                    format!(
                        "https://www.{}.example/praevention/{}",
                        ascii_slug(city),
                        ascii_slug(theme.1)
                    )
                }),
                file: None,
                reference: None,
                author: self.pick_id(&pool.people),
                organisation: self.pick_id(&pool.organisations),
                date: Some(month(date)),
                pinned: self.chance(5),
                archived: self.chance(3),
                topics: collection.topics.clone(),
                example: true,
            };
            if !collection.sections.is_empty() {
                entry.section = Some(self.pick(&collection.sections).key.clone());
            }
            if !link && !pool.events.is_empty() && self.chance(20) {
                entry.kind = EntryKind::Reference;
                entry.reference = self.pick_id(&pool.events).map(|id| RecordRef {
                    kind: Kind::Event,
                    id,
                });
            }
            out.push(entry);
        }
    }

    fn entry(&mut self, r: &mut Entry, pool: &Pool) {
        let theme = self.theme();
        let (document_de, document_en) = *self.pick(words::DOCUMENTS);
        r.title = Text::new(Lang::De, format!("{document_de}: {}", capital(theme.0)))
            .with(Lang::En, format!("{document_en}: {}", capital(theme.1)));
        if r.body.is_some() {
            r.body = Some(self.description(theme));
        }
        if r.author.is_some() {
            r.author = self.pick_id(&pool.people);
        }
        let date = self.day();
        r.date = Some(month(date));
        (r.created, r.updated) = self.stamps(date + 1);
        r.example = true;
    }

    fn publication(&mut self, r: &mut Publication, pool: &Pool) {
        let theme = self.theme();
        let (document_de, document_en) = *self.pick(words::DOCUMENTS);
        r.kind = *self.pick(&[
            PublicationKind::Study,
            PublicationKind::Guide,
            PublicationKind::Report,
            PublicationKind::Article,
            PublicationKind::News,
        ]);
        r.title = Text::new(Lang::De, format!("{document_de}: {}", capital(theme.0)))
            .with(Lang::En, format!("{document_en}: {}", capital(theme.1)));
        r.summary = Some(self.description(theme));
        let authors = self.between(1, 3);
        r.authors = (0..authors)
            .map(|_| {
                let (given, family) = self.name();
                format!("{given} {family}")
            })
            .collect();
        let published = self.day();
        r.published = Some(month(published));
        r.url = Some(format!(
            "https://www.{}.example/publikationen/{}",
            ascii_slug(self.city()),
            ascii_slug(theme.1)
        ));
        if self.chance(30) {
            r.project = self.pick_id(&pool.projects);
        }
        (r.created, r.updated) = self.stamps(published + 1);
        r.example = true;
    }

    fn advocacy(&mut self, r: &mut AdvocacyAction) {
        let theme = self.theme();
        r.title = Text::new(Lang::De, format!("Stellungnahme zu {}", theme.0))
            .with(Lang::En, format!("Statement on {}", theme.1));
        r.summary = Some(self.description(theme));
        let date = self.day();
        r.date = Some(month(date));
        for author in &mut r.authors {
            if author.person.is_none() {
                let (given, family) = self.name();
                *author = Contributor {
                    person: None,
                    name: Some(format!("{given} {family}")),
                    function: author.function.clone(),
                    organisation: author.organisation.clone(),
                };
            }
        }
        (r.created, r.updated) = self.stamps(date + 1);
    }

    fn cooperation(&mut self, r: &mut Cooperation) {
        let theme = self.theme();
        r.title = Text::new(Lang::De, format!("Kooperation zu {}", theme.0))
            .with(Lang::En, format!("Cooperation on {}", theme.1));
        r.description = Some(self.description(theme));
        let since = self.below(DAY_SPAN - 400);
        r.since = Some(PartialDate::year(day_date(since).year()));
        r.until = r
            .until
            .map(|_| PartialDate::year(day_date(since + self.between(365, 1500)).year()));
        (r.created, r.updated) = self.stamps(since + 1);
    }

    fn outreach(&mut self, r: &mut Outreach) {
        let theme = self.theme();
        let city = self.city();
        r.title = Text::new(Lang::De, format!("Vortrag zu {} in {city}", theme.0))
            .with(Lang::En, format!("Talk on {} in {city}", theme.1));
        r.description = Some(self.description(theme));
        let date = self.day();
        r.date = Some(month(date));
        (r.created, r.updated) = self.stamps(date + 1);
    }
}

/// A copy of a template record with its new id and its references to copied records renamed.
fn mapped<R: Record>(record: &R, ids: &HashMap<Id, Id>) -> R {
    let mut copy = record.clone();
    if let Some(id) = ids.get(record.id()) {
        *copy.id_mut() = id.clone();
    }
    copy.visit_refs(&mut |_, _, id| {
        if let Some(new) = ids.get(id) {
            *id = new.clone();
        }
    });
    copy
}

/// The German and English name of an event format.
fn event_label(kind: EventKind) -> (&'static str, &'static str) {
    match kind {
        EventKind::GeneralMeeting => ("Mitgliederversammlung", "General meeting"),
        EventKind::UmbrellaAssembly => ("Generalversammlung", "General assembly"),
        EventKind::UmbrellaCommittee => ("Sitzung des Exekutivkomitees", "Executive committee"),
        EventKind::WebExchange => ("Web-Austausch", "Web exchange"),
        EventKind::Webinar => ("Webinar", "Webinar"),
        EventKind::Panel => ("Podiumsdiskussion", "Panel discussion"),
        EventKind::Symposium => ("Symposium", "Symposium"),
        EventKind::Seminar => ("Seminar", "Seminar"),
        EventKind::Training => ("Schulung", "Training session"),
        EventKind::Workshop => ("Workshop", "Workshop"),
        EventKind::StudyVisit => ("Studienreise", "Study visit"),
        EventKind::Conference => ("Fachtagung", "Conference"),
        EventKind::RoundTable => ("Runder Tisch", "Round table"),
        EventKind::Presentation => ("Vortrag", "Presentation"),
        EventKind::Meeting => ("Arbeitstreffen", "Working meeting"),
    }
}

fn second(seconds: i64) -> Timestamp {
    Timestamp::from_second(seconds).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// The calendar day `offset` days after 2015-01-01.
fn day_date(offset: u64) -> Date {
    let first = Date::constant(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2);
    first
        .checked_add(jiff::Span::new().days(offset.min(100_000) as i64))
        .unwrap_or(first)
}

/// A day as a date known to the day.
fn day(offset: u64) -> PartialDate {
    let date = day_date(offset);
    PartialDate::day(date.year(), date.month() as u8, date.day() as u8)
        .unwrap_or(PartialDate::year(date.year()))
}

/// A day as a date known to the month.
fn month(offset: u64) -> PartialDate {
    let date = day_date(offset);
    PartialDate::month(date.year(), date.month() as u8).unwrap_or(PartialDate::year(date.year()))
}

/// The text with its first letter in upper case.
fn capital(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Lowercase ASCII letters, digits and dashes for addresses (`Düsseldorf` → `duesseldorf`).
fn ascii_slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'a'..='z' | '0'..='9' => slug.push(c),
            'ä' => slug.push_str("ae"),
            'ö' => slug.push_str("oe"),
            'ü' => slug.push_str("ue"),
            'ß' => slug.push_str("ss"),
            _ if !slug.is_empty() && !slug.ends_with('-') => slug.push('-'),
            _ => {}
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(dataset: &Dataset) -> usize {
        struct Counter(usize);
        impl urbis_domain::ListVisitor for Counter {
            fn visit<R: Record>(&mut self, list: &mut Vec<R>) {
                self.0 += list.len();
            }
        }
        let mut counter = Counter(0);
        for data in &mut dataset.clone().forums {
            data.visit_lists(&mut counter);
        }
        counter.0
    }

    #[test]
    fn factor_one_is_the_plain_demo() {
        let plain = dataset().unwrap_or_else(|e| panic!("{e}"));
        let scaled = scaled(1, DEFAULT_SEED).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(count(&plain), count(&scaled));
    }

    #[test]
    fn the_same_seed_gives_the_same_document_and_another_seed_another() {
        /// Notes the length of every list, then cuts that many records off the front of each.
        struct Generated {
            lengths: Vec<usize>,
            next: Option<usize>,
        }
        impl urbis_domain::ListVisitor for Generated {
            fn visit<R: Record>(&mut self, list: &mut Vec<R>) {
                match &mut self.next {
                    None => self.lengths.push(list.len()),
                    Some(i) => {
                        list.drain(..self.lengths[*i].min(list.len()));
                        *i += 1;
                    }
                }
            }
        }
        let mut generated = Generated {
            lengths: Vec::new(),
            next: None,
        };
        for data in &mut dataset().unwrap_or_else(|e| panic!("{e}")).forums {
            data.visit_lists(&mut generated);
        }
        // The demo's own records get their timestamps at parse time; compare the copies.
        let mut strip = |mut d: Dataset| {
            generated.next = Some(0);
            for data in &mut d.forums {
                data.forum = None;
                data.visit_lists(&mut generated);
            }
            d.to_json()
        };
        let a = strip(scaled(3, 7).unwrap_or_else(|e| panic!("{e}")));
        let b = strip(scaled(3, 7).unwrap_or_else(|e| panic!("{e}")));
        let c = strip(scaled(3, 8).unwrap_or_else(|e| panic!("{e}")));
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn a_scaled_document_grows_with_the_factor_and_passes_every_check() {
        let plain = count(&dataset().unwrap_or_else(|e| panic!("{e}")));
        let mut three = scaled(3, DEFAULT_SEED).unwrap_or_else(|e| panic!("{e}"));
        let records = count(&three);
        assert!(records > 3 * plain, "{records} records from {plain}");
        let defus = three
            .forums
            .iter()
            .find(|d| {
                d.forum
                    .as_ref()
                    .is_some_and(|f| f.short_name == SCALED_FORUM)
            })
            .unwrap_or_else(|| panic!("no DEFUS"));
        assert!(!defus.registrations.is_empty());
        assert!(defus.events.iter().filter(|e| e.example).count() > 60);
        let external = three
            .prepare()
            .unwrap_or_else(|problems| panic!("{problems}"));
        assert!(external.is_empty(), "{external:?}");
    }

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(ascii_slug("Düsseldorf"), "duesseldorf");
        assert_eq!(ascii_slug("Halle (Saale)"), "halle-saale");
        assert_eq!(ascii_slug("women's safety"), "women-s-safety");
    }
}
