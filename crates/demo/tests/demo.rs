//! The demo network loads, passes every check of an import, and holds everything the 2022
//! annual report of the reference network names.

use std::collections::BTreeSet;

use serde_json::Value;
use urbis_demo::{FILES, dataset};
use urbis_domain::dataset::ForumData;
use urbis_domain::events::{EventKind, EventStatus};
use urbis_domain::knowledge::EntryKind;
use urbis_domain::network::{MembershipStatus, Role};
use urbis_domain::projects::ApplicationStatus;
use urbis_domain::{Access, Dataset, Id, Lang, PartialDate};

fn load() -> Dataset {
    dataset().unwrap_or_else(|e| panic!("{e}"))
}

fn forum<'a>(data: &'a Dataset, short_name: &str) -> &'a ForumData {
    data.forums
        .iter()
        .find(|f| f.forum.as_ref().is_some_and(|f| f.short_name == short_name))
        .unwrap_or_else(|| panic!("no forum {short_name}"))
}

fn de(text: &urbis_domain::Text) -> &str {
    text.get(Lang::De).unwrap_or_default()
}

fn date(text: &str) -> PartialDate {
    PartialDate::parse(text).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn loads_and_passes_every_check_of_an_import() {
    let mut data = load();
    match data.prepare() {
        Ok(external) => assert!(
            external.is_empty(),
            "references to records outside the demo: {external:?}"
        ),
        Err(problems) => panic!("{} problems:\n{problems}", problems.len()),
    }
    // What prepare made is a valid export again, and reads back to the same document.
    let json = data.to_json();
    let again = Dataset::from_json(&json).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        again.to_json() == json,
        "the export does not read back to itself"
    );
}

#[test]
fn every_data_file_is_embedded() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
    let mut on_disk = BTreeSet::new();
    for dir in std::fs::read_dir(root).unwrap() {
        let dir = dir.unwrap();
        for file in std::fs::read_dir(dir.path()).unwrap() {
            let file = file.unwrap();
            on_disk.insert(format!(
                "{}/{}",
                dir.file_name().to_string_lossy(),
                file.file_name().to_string_lossy()
            ));
        }
    }
    let embedded: BTreeSet<String> = FILES
        .iter()
        .chain([&urbis_demo::upcoming::FILE])
        .map(|f| f.path.to_owned())
        .collect();
    assert_eq!(on_disk, embedded);
}

#[test]
fn the_umbrella_comes_first_and_the_national_forums_belong_to_it() {
    let data = load();
    let names: Vec<&str> = data
        .forums
        .iter()
        .filter_map(|f| f.forum.as_ref().map(|f| f.short_name.as_str()))
        .collect();
    assert_eq!(names, ["Efus", "DEFUS", "FBPSU", "FFSU", "FISU", "FEPSU"]);
    let efus = forum(&data, "Efus").forum.as_ref().unwrap();
    assert!(efus.umbrella.is_none() && efus.country.is_none() && !efus.example);
    let langs: Vec<&str> = efus.languages.iter().map(|l| l.code()).collect();
    assert_eq!(langs, ["fr", "en", "de", "it", "es"]);
    for f in &data.forums[1..] {
        let f = f.forum.as_ref().unwrap();
        assert_eq!(f.umbrella.as_ref(), Some(&efus.id), "{}", f.short_name);
        assert_eq!(f.example, f.short_name != "DEFUS", "{}", f.short_name);
    }
    let defus = forum(&data, "DEFUS").forum.as_ref().unwrap();
    assert_eq!(
        de(&defus.name),
        "Deutsch-Europäisches Forum für Urbane Sicherheit e.V."
    );
    assert_eq!(defus.country.as_deref(), Some("DE"));
    let countries: BTreeSet<&str> = data.forums[2..]
        .iter()
        .filter_map(|f| f.forum.as_ref().and_then(|f| f.country.as_deref()))
        .collect();
    assert_eq!(countries, BTreeSet::from(["BE", "ES", "FR", "IT"]));
}

/// The 18 members as the report lists them (STUTTART is Stuttgart).
const MEMBERS: [&str; 18] = [
    "Augsburg",
    "Berlin",
    "Düsseldorf",
    "Essen",
    "Freiburg",
    "Gelsenkirchen",
    "Gladbeck",
    "Göttingen",
    "Hannover",
    "Heidelberg",
    "Karlsruhe",
    "Köln",
    "Mannheim",
    "München",
    "Nürnberg",
    "Stuttgart",
    "Deutscher Präventionstag",
    "Landespräventionsrat Niedersachsen",
];

#[test]
fn all_eighteen_members_are_active_members() {
    let data = load();
    let defus = forum(&data, "DEFUS");
    let active: Vec<&Id> = defus
        .memberships
        .iter()
        .filter(|m| m.status == MembershipStatus::Active)
        .map(|m| &m.organisation)
        .collect();
    assert_eq!(active.len(), 18);
    assert!(
        defus.memberships.iter().all(|m| m.since.is_none()),
        "`since` is not in the report"
    );
    let mut found = BTreeSet::new();
    for name in MEMBERS {
        let org = defus
            .organisations
            .iter()
            .find(|o| o.short_name.as_deref() == Some(name) || de(&o.name) == name)
            .unwrap_or_else(|| panic!("no organisation {name}"));
        assert!(active.contains(&&org.id), "{name} is not an active member");
        found.insert(org.id.clone());
    }
    assert_eq!(found.len(), 18);
}

#[test]
fn every_other_organisation_the_report_names_is_there() {
    let data = load();
    let defus = forum(&data, "DEFUS");
    for name in [
        "Deutsches Institut für Urbanistik",
        "Universität Tübingen",
        "Bergische Universität Wuppertal",
        "Deutsche Hochschule der Polizei",
        "Senatsverwaltung für Inneres",
        "Landeskriminalamt Berlin",
        "Zentrum für Urbane Sicherheit und Prävention Köln",
        "EBP Schweiz",
        "Berliner Stadtmission",
        "Auswärtiges Amt",
        "Bundesministerium für Bildung und Forschung",
        "Bundesministerium des Innern",
        "Deutscher Städtetag",
        "Deutsches Forum für Kriminalprävention",
        "Robert Bosch Stiftung",
        "International CPTED Association",
        "ForAn",
        "Kompetenznetzwerk Islamistischer Extremismus",
        "Europäisches Forum für Urbane Sicherheit",
        "Canadian Municipal Network on Crime Prevention",
        "Landespräventionsrat Thüringen",
        "Bremen",
        "Frankfurt am Main",
        "Ludwigsburg",
        "Münster",
        "Mönchengladbach",
        "Wilhelmshaven",
        "Europäische Kommission",
    ] {
        assert!(
            defus
                .organisations
                .iter()
                .any(|o| de(&o.name).contains(name)),
            "no organisation {name}"
        );
    }
}

#[test]
fn board_and_office() {
    let data = load();
    let defus = forum(&data, "DEFUS");
    let expected = [
        ("Kromberg", Role::BoardChair, None),
        ("Specht", Role::DeputyChair, None),
        ("Rau", Role::ManagingDirector, None),
        ("Schätzle", Role::Researcher, Some("2022-04")),
        ("Molkenbur", Role::ProjectStaff, Some("2022-04")),
        ("Kutz", Role::Accounting, None),
        ("Grimmer", Role::It, None),
    ];
    let mut positions = Vec::new();
    for (family, role, start) in expected {
        let person = defus
            .people
            .iter()
            .find(|p| p.family_name == family)
            .unwrap_or_else(|| panic!("no person {family}"));
        assert_eq!(person.access, Access::Public, "{family}");
        assert!(person.email.is_none() && person.phone.is_none(), "{family}");
        let appointment = defus
            .appointments
            .iter()
            .find(|a| a.person == person.id)
            .unwrap_or_else(|| panic!("no appointment for {family}"));
        assert_eq!(appointment.role, role, "{family}");
        assert_eq!(appointment.start, start.map(date), "{family}");
        positions.push(appointment.position);
    }
    assert!(positions.is_sorted(), "{positions:?}");
    let kromberg = defus
        .people
        .iter()
        .find(|p| p.family_name == "Kromberg")
        .unwrap();
    assert_eq!(
        kromberg.function.as_ref().and_then(|f| f.get(Lang::En)),
        Some("Alderman of the City of Essen")
    );
}

#[test]
fn every_named_speaker_and_author_is_a_person() {
    let data = load();
    let defus = forum(&data, "DEFUS");
    for (title, given, family) in [
        (Some("Prof. Dr."), "Heino", "Stöver"),
        (None, "Stefan", "Scholz"),
        (None, "Betina", "König"),
        (Some("Prof. Dr."), "Rita", "Haverkamp"),
        (None, "Dolores", "Burkert"),
        (None, "Zuhai", "Karakas"),
        (None, "Daniela", "Dorn"),
        (Some("Dr."), "Tilman", "Schulze"),
        (Some("Dr."), "Holger", "Floeting"),
        (Some("Dr."), "Tim", "Lukas"),
    ] {
        let person = defus
            .people
            .iter()
            .find(|p| p.given_name == given && p.family_name == family)
            .unwrap_or_else(|| panic!("no person {given} {family}"));
        assert_eq!(person.title.as_deref(), title, "{family}");
        assert!(person.function.is_some(), "{family} has no function");
    }
    let panel = defus
        .events
        .iter()
        .find(|e| e.kind == EventKind::Panel)
        .unwrap();
    assert_eq!(panel.speakers.len(), 6);
    assert_eq!(panel.start, date("2022"));
}

#[test]
fn the_eleven_collections() {
    let data = load();
    let defus = forum(&data, "DEFUS");
    let titles: Vec<&str> = defus.collections.iter().map(|c| de(&c.title)).collect();
    assert_eq!(
        titles,
        [
            "Beteiligung für Sicherheit und Prävention",
            "Klimawandel und Urbane Sicherheit",
            "Konfliktbearbeitung im öffentlichen Raum",
            "Messergewalt im öffentlichen Raum",
            "Mitarbeitersicherheit",
            "Nächtliches Feiern & Sicherheit in der Nacht",
            "Schutz öffentlicher Räume",
            "Sicherheitsbefragung & Audits",
            "Sicherheit im Bahnhofsviertel",
            "Sichere Städte für Frauen",
            "Städtebauliche Kriminalprävention",
        ]
    );
    // The report names the collections publicly; what they hold is for members only.
    assert!(defus.collections.iter().all(|c| c.access == Access::Public));
    assert!(defus.entries.iter().all(|e| e.access == Access::Members));
    let new: Vec<&str> = defus
        .collections
        .iter()
        .filter(|c| c.started == Some(date("2022")))
        .map(|c| de(&c.title))
        .collect();
    assert_eq!(
        new,
        [
            "Messergewalt im öffentlichen Raum",
            "Sichere Städte für Frauen",
            "Städtebauliche Kriminalprävention"
        ]
    );
    for collection in &defus.collections {
        let entries = defus
            .entries
            .iter()
            .filter(|e| e.collection == collection.id)
            .count();
        assert!(
            entries >= 2,
            "{} has {entries} entries",
            de(&collection.title)
        );
    }
    assert!(defus.entries.iter().all(|e| e.example));
    // Every board has its sections, and every kind of entry the members add is shown.
    assert!(defus.collections.iter().all(|c| c.sections.len() == 3));
    for kind in [EntryKind::Link, EntryKind::Note, EntryKind::Reference] {
        assert!(defus.entries.iter().any(|e| e.kind == kind), "{kind:?}");
    }
    assert!(defus.entries.iter().all(|e| e.section.is_some()));
    assert!(
        defus
            .entries
            .iter()
            .filter_map(|e| e.url.as_deref())
            .all(|u| u.starts_with("https://"))
    );
}

#[test]
fn every_project_and_application() {
    let data = load();
    let defus = forum(&data, "DEFUS");
    let projects: BTreeSet<&str> = defus.projects.iter().map(|p| p.acronym.as_str()).collect();
    for acronym in [
        "PanReflex",
        "PUFII",
        "Secu4All",
        "SiBa",
        "LegiNot",
        "RiskPACC",
        "iCommit",
        "SHINE",
        "Pactesur",
        "IMPETUS",
    ] {
        assert!(projects.contains(acronym), "no project {acronym}");
    }
    let applications: BTreeSet<&str> = defus
        .funding_applications
        .iter()
        .map(|a| a.acronym.as_str())
        .collect();
    for acronym in ["Plan#B", "ZisSch", "DRAGON", "SiLBER", "CO-SECUR", "Pufii"] {
        assert!(applications.contains(acronym), "no application {acronym}");
    }
    let pufii = defus
        .funding_applications
        .iter()
        .find(|a| a.acronym == "Pufii")
        .unwrap();
    assert_eq!(pufii.status, ApplicationStatus::Rejected);
    assert_eq!(pufii.submitted, Some(date("2022-10")));
    assert!(pufii.reason.is_some());
    let siba = defus.projects.iter().find(|p| p.acronym == "SiBa").unwrap();
    assert_eq!(siba.end, Some(date("2020-12")));
    let panreflex = defus
        .projects
        .iter()
        .find(|p| p.acronym == "PanReflex")
        .unwrap();
    assert_eq!(
        (panreflex.start, panreflex.end),
        (Some(date("2022")), Some(date("2025")))
    );
    let secu4all = defus
        .projects
        .iter()
        .find(|p| p.acronym == "Secu4All")
        .unwrap();
    assert_eq!(
        (secu4all.start, secu4all.end),
        (Some(date("2020")), Some(date("2023")))
    );
}

#[test]
fn the_events_of_2022() {
    let data = load();
    let defus = forum(&data, "DEFUS");
    let symposium = defus
        .events
        .iter()
        .find(|e| e.kind == EventKind::Symposium)
        .unwrap();
    assert_eq!(
        symposium.participants.map(|p| (p.min, p.max)),
        Some((70, 70))
    );
    assert_eq!(symposium.start, date("2022-11"));
    let webinars = defus
        .series
        .iter()
        .find(|s| de(&s.title).contains("Bahnhofsviertel"))
        .unwrap();
    assert_eq!(
        webinars.participants.map(|p| (p.min, p.max)),
        Some((30, 55))
    );
    let count = |kind: EventKind, year: i16| {
        defus
            .events
            .iter()
            .filter(|e| e.kind == kind && e.start.year_number() == year)
            .count()
    };
    assert_eq!(count(EventKind::WebExchange, 2022), 4);
    assert_eq!(count(EventKind::Webinar, 2022), 3);
    assert_eq!(count(EventKind::Training, 2022), 5);
    assert_eq!(count(EventKind::GeneralMeeting, 2022), 1);
    assert!(
        defus
            .events
            .iter()
            .filter(|e| e.start.year_number() == 2022)
            .all(|e| e.status == EventStatus::Held)
    );
    // The report names the internal web exchanges publicly; they are for members in content.
    assert!(
        defus
            .events
            .iter()
            .filter(|e| e.kind == EventKind::WebExchange)
            .all(|e| e.access == Access::Public)
    );
}

#[test]
fn the_outlook_2023() {
    let data = load();
    let defus = forum(&data, "DEFUS");
    for (title, start, end) in [
        ("Secu4All-Field-Visits", "2023-01-30", Some("2023-01-31")),
        (
            "SiBa-Workshop in Mönchengladbach",
            "2023-03-02",
            Some("2023-03-03"),
        ),
        (
            "28. Deutscher Präventionstag",
            "2023-06-12",
            Some("2023-06-13"),
        ),
        (
            "DEFUS-Mitgliederversammlung 2023",
            "2023-06-12",
            Some("2023-06-13"),
        ),
        (
            "Efus-Generalversammlung 2023",
            "2023-06-12",
            Some("2023-06-13"),
        ),
        (
            "Secu4All-Abschlusskonferenz",
            "2023-06-12",
            Some("2023-06-13"),
        ),
        ("Klimawandel und urbane Sicherheit", "2023-10", None),
        ("Community Safety & Well-Being", "2023-01-26", None),
        ("Sicherheit der queeren Community", "2023", None),
        ("DIN-Norm für Fahrzeugsperren", "2023", None),
        ("Efus-Konferenz 2024", "2024", None),
    ] {
        let event = defus
            .events
            .iter()
            .find(|e| de(&e.title).contains(title))
            .unwrap_or_else(|| panic!("no event {title}"));
        assert_eq!(event.status, EventStatus::Planned, "{title}");
        assert_eq!(event.start, date(start), "{title}");
        assert_eq!(event.end, end.map(date), "{title}");
    }
    let plan = defus.topic_plans.iter().find(|p| p.year == 2023).unwrap();
    let outlook: Vec<&str> = plan
        .outlook
        .iter()
        .map(|id| de(&defus.topics.iter().find(|t| &t.id == id).unwrap().name))
        .collect();
    assert_eq!(
        outlook,
        [
            "Sichere öffentliche Räume für Alle",
            "Kommunales Krisenmanagement",
            "Klimawandel & Urbane Sicherheit",
            "Auswirkungen der Cannabislegalisierung auf Kommunen",
            "Organisierte Kriminalität",
        ]
    );
    assert_eq!(
        plan.note.as_ref().map(de),
        Some("Wir freuen uns auf Ihre Themen und Ideen!")
    );
}

#[test]
fn advocacy_cooperations_and_outreach() {
    let data = load();
    let defus = forum(&data, "DEFUS");
    assert_eq!(defus.advocacy_actions.len(), 4);
    let paper = defus
        .advocacy_actions
        .iter()
        .find(|a| de(&a.title).contains("Sicherheitsforschung"))
        .unwrap();
    assert_eq!((paper.authors.len(), paper.co_signers.len()), (3, 3));
    let submission = defus
        .advocacy_actions
        .iter()
        .find(|a| de(&a.title).contains("Nationalen Sicherheitsstrategie") && a.outcome.is_some())
        .unwrap();
    assert!(submission.follows.is_some());
    let since: Vec<Option<String>> = defus
        .cooperations
        .iter()
        .map(|c| c.since.map(|d| d.to_string()))
        .collect();
    assert!(since.contains(&Some("2022-06".into())) && since.contains(&Some("2022-04".into())));
    assert_eq!(defus.outreach.len(), 3);
    assert!(
        defus.report_texts.iter().any(|t| de(&t.body)
            == "Die nächste Efus-Konferenz findet im Frühjahr 2024 in Brüssel statt.")
    );
}

/// Every object with an `original` key is a text; walks the whole document.
fn texts<'a>(
    value: &'a Value,
    path: &str,
    out: &mut Vec<(String, &'a serde_json::Map<String, Value>)>,
) {
    match value {
        Value::Object(map) => {
            if map.contains_key("original") {
                out.push((path.to_owned(), map));
            }
            for (key, v) in map {
                texts(v, &format!("{path}.{key}"), out);
            }
        }
        Value::Array(list) => {
            for (i, v) in list.iter().enumerate() {
                texts(v, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

fn strings<'a>(value: &'a Value, path: &str, out: &mut Vec<(String, &'a str)>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                strings(v, &format!("{path}.{key}"), out);
            }
        }
        Value::Array(list) => {
            for (i, v) in list.iter().enumerate() {
                strings(v, &format!("{path}[{i}]"), out);
            }
        }
        Value::String(s) => out.push((path.to_owned(), s)),
        _ => {}
    }
}

#[test]
fn every_text_is_in_german_and_english() {
    let value = serde_json::to_value(load()).unwrap();
    let mut found = Vec::new();
    texts(&value, "", &mut found);
    assert!(found.len() > 300, "only {} texts", found.len());
    for (path, text) in found {
        for lang in ["de", "en"] {
            let ok = text
                .get(lang)
                .and_then(Value::as_str)
                .is_some_and(|t| !t.trim().is_empty());
            assert!(ok, "{path} has no `{lang}`");
        }
    }
}

#[test]
fn only_well_known_official_addresses() {
    let value = serde_json::to_value(load()).unwrap();
    let mut found = Vec::new();
    strings(&value, "", &mut found);
    for (path, text) in found {
        if text.contains("://") {
            let host = text.split('/').nth(2).unwrap_or_default();
            let known = ["efus.eu", "defus.de", "difu.de", "praeventionstag.de"]
                .iter()
                .any(|d| host == *d || host.ends_with(&format!(".{d}")));
            assert!(known, "{path}: {text}");
        }
        assert!(
            !text.contains('@') || path.ends_with("title"),
            "{path}: {text}"
        );
    }
}

#[test]
fn a_newcomer_finds_events_ahead_open_for_registration() {
    let today = jiff::civil::date(2026, 12, 5);
    let data = urbis_demo::dataset_on(today).unwrap_or_else(|e| panic!("{e}"));
    let defus = forum(&data, "DEFUS");
    let ahead: Vec<_> = defus
        .events
        .iter()
        .filter(|e| e.is_ahead(today) && e.registration.is_some())
        .collect();
    let kinds: BTreeSet<String> = ahead
        .iter()
        .map(|e| {
            serde_json::to_value(e.kind)
                .unwrap()
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    for kind in ["web_exchange", "general_meeting", "webinar"] {
        assert!(kinds.contains(kind), "a {kind} ahead: {kinds:?}");
    }
    let series: BTreeSet<_> = ahead.iter().filter_map(|e| e.series.as_ref()).collect();
    assert_eq!(series.len(), 1, "the webinars form one series");
    assert!(
        ahead
            .iter()
            .any(|e| !e.registration.as_ref().unwrap().members_only),
        "guests may register for something"
    );
}
