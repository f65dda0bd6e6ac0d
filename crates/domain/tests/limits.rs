//! The length limits of every record kind: a full record of each kind (every optional text and
//! list filled) has each of its strings made one character too long, then exactly as long as
//! allowed, and each of its lists one item too long; every time the problem must be reported
//! at that string's or list's own path, naming the limit. The limits of the fields readers and
//! editors meet most are pinned to their numbers, and an import that is too long fails with
//! every problem listed by its JSON path.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers outside #[test] functions may panic

use serde_json::{Value, json};
use urbis_domain::accounts::User;
use urbis_domain::advocacy::{AdvocacyAction, Cooperation, Outreach};
use urbis_domain::events::{Event, Registration, Series};
use urbis_domain::knowledge::{Collection, Entry};
use urbis_domain::limits::{self, LIST, NAME};
use urbis_domain::network::{
    Appointment, Forum, Membership, Organisation, Person, Topic, TopicPlan,
};
use urbis_domain::portal::{FundingCall, Publication};
use urbis_domain::projects::{FundingApplication, Project};
use urbis_domain::report::ReportText;
use urbis_domain::{Dataset, Kind, Problems, Record, for_each_record_type};

const ORG: &str = "0190a000-0000-7000-8000-000000000001";
const PERSON: &str = "0190a000-0000-7000-8000-000000000002";
const TOPIC: &str = "0190a000-0000-7000-8000-000000000003";
const OTHER: &str = "0190a000-0000-7000-8000-000000000004";

fn text(de: &str, en: &str) -> Value {
    json!({"original": "de", "de": de, "en": en})
}

/// A valid record of `kind` with every optional text and list filled. The match has no
/// catch-all arm, so a new kind does not compile until it has its sample here.
fn full(kind: Kind) -> Value {
    let topics = json!([TOPIC, OTHER]);
    let partner =
        |id: &str| json!({"organisation": id, "role": "partner", "note": text("Notiz", "Note")});
    let contributor = json!({"person": PERSON, "name": "Erika Muster", "function": text("Bürgermeisterin", "Mayor"), "organisation": ORG});
    let file = json!({"name": "bericht.pdf", "media_type": "application/pdf", "size": 12, "key": "entries/bericht.pdf"});
    match kind {
        Kind::Forum => json!({
            "id": "0190a000-0000-7000-8000-0000000000f0", "access": "public",
            "name": text("Forum", "Forum"), "short_name": "DEFUS", "country": "DE",
            "languages": ["de", "en"], "umbrella": "0190a000-0000-7000-8000-0000000000f1",
            "website": "https://defus.example", "description": text("Über uns", "About us"),
            "logo": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            "hosts": ["defus.example.org", "defus.localhost"], "colour": "#0b3d6e"
        }),
        Kind::Topic => json!({
            "slug": "sichere-staedte", "name": text("Sichere Städte", "Safe cities"),
            "description": text("Beschreibung", "Description")
        }),
        Kind::TopicPlan => json!({
            "year": 2022, "focus": topics, "outlook": topics, "note": text("Notiz", "Note")
        }),
        Kind::Organisation => json!({
            "name": text("Stadt Essen", "City of Essen"), "short_name": "Essen", "kind": "city",
            "country": "DE", "city": "Essen", "website": "https://essen.example",
            "description": text("Stadt", "City"), "topics": topics
        }),
        Kind::Membership => json!({
            "organisation": ORG, "since": "2010", "until": "2022-05", "status": "ended",
            "fee_category": "Großstadt"
        }),
        Kind::Person => json!({
            "title": "Dr.", "given_name": "Anna", "family_name": "Rau", "organisation": ORG,
            "function": text("Referentin", "Officer"), "email": "anna@example.org",
            "phone": "+49 30 1234-5", "language": "de", "topics": topics,
            "consents": [{"purpose": "newsletter", "given": true, "at": "2022-05-03T10:00:00Z", "how": "registration form"}]
        }),
        Kind::Appointment => json!({
            "person": PERSON, "role": "researcher", "title": text("Referentin", "Researcher"),
            "start": "2022-04", "end": "2023", "note": text("gewählt", "elected"), "position": 1
        }),
        Kind::FundingCall => json!({
            "title": text("Aufruf", "Call"), "funder": ORG, "programme": "ISF",
            "summary": text("Kurz", "Short"), "eligibility": text("Städte", "Cities"),
            "opens": "2022-01", "deadlines": [{"date": "2022-03-01", "label": text("Skizze", "Outline")}, {"date": "2022-06-01", "label": text("Antrag", "Proposal")}],
            "url": "https://call.example", "topics": topics
        }),
        Kind::Project => json!({
            "kind": "eu", "acronym": "KOSIPOL", "title": text("Projekt", "Project"),
            "description": text("Beschreibung", "Description"), "start": "2021", "end": "2024",
            "funder": ORG, "programme": "Horizon", "coordinator": ORG,
            "partners": [partner(ORG), partner(OTHER)], "network_role": text("Partner", "Partner"),
            "members_involved": [ORG, OTHER], "website": "https://kosipol.example",
            "status": "running", "topics": topics
        }),
        Kind::FundingApplication => json!({
            "acronym": "SAFE", "title": text("Antrag", "Application"),
            "description": text("Beschreibung", "Description"), "call": OTHER, "funder": ORG,
            "programme": "ISF", "lead": ORG, "partners": [partner(ORG), partner(OTHER)],
            "network_role": text("Partner", "Partner"), "submitted": "2022-02",
            "decided": "2022-06", "status": "approved", "reason": text("Gut", "Good"),
            "project": OTHER, "topics": topics
        }),
        Kind::Series => json!({
            "title": text("Reihe", "Series"), "description": text("Beschreibung", "Description"),
            "project": OTHER, "participants": "30-55", "topics": topics
        }),
        Kind::Event => json!({
            "kind": "webinar", "title": text("Webinar", "Webinar"),
            "description": text("Beschreibung", "Description"), "start": "2022-06-01T10:00",
            "end": "2022-06-01T12:00", "time_zone": "Europe/Berlin", "format": "hybrid",
            "venue": "Rathaus", "city": "Essen", "online_link": "https://meet.example/x",
            "host": ORG, "co_organisers": [ORG, OTHER], "series": OTHER,
            "speakers": [contributor.clone(), contributor], "audience": text("Alle", "Everyone"),
            "capacity": 50, "registration": {"opens": "2022-05-01", "closes": "2022-05-30", "waiting_list": true},
            "media": [{"url": "https://video.example/1", "title": text("Video", "Video")}],
            "report": {"url": "https://report.example", "title": text("Bericht", "Report")},
            "project": OTHER, "status": "planned", "topics": topics
        }),
        Kind::Registration => json!({
            "event": OTHER, "guest": {"name": "Gast Name", "email": "gast@example.org", "organisation": "Stadt Köln"},
            "status": "cancelled", "consent": true, "language": "de",
            "cancelled_at": "2022-05-04T10:00:00Z"
        }),
        Kind::Collection => json!({
            "slug": "stadtplanung", "title": text("Sammlung", "Collection"),
            "description": text("Beschreibung", "Description"),
            "sections": [{"key": "studien", "title": text("Studien", "Studies")}, {"key": "praxis", "title": text("Praxis", "Practice")}],
            "started": "2021", "topics": topics
        }),
        Kind::Entry => json!({
            "collection": OTHER, "section": "studien", "kind": "note",
            "title": text("Eintrag", "Entry"), "body": text("Text", "Text"),
            "url": "https://entry.example", "file": file, "reference": {"kind": "event", "id": OTHER},
            "author": PERSON, "organisation": ORG, "date": "2022-03", "topics": topics
        }),
        Kind::Publication => json!({
            "kind": "study", "title": text("Studie", "Study"), "summary": text("Kurz", "Short"),
            "authors": ["A. Autor", "B. Autorin"], "publisher": "Difu", "published": "2022",
            "url": "https://study.example", "file": file, "project": OTHER, "event": OTHER,
            "topics": topics
        }),
        Kind::AdvocacyAction => json!({
            "kind": "letter", "title": text("Brief", "Letter"), "summary": text("Kurz", "Short"),
            "recipient": ORG, "date": "2022-05", "authors": [contributor.clone(), contributor],
            "co_signers": [ORG, OTHER], "outcome": text("Antwort", "Answer"), "follows": OTHER,
            "topics": topics
        }),
        Kind::Cooperation => json!({
            "kind": "cooperation", "partner": ORG, "with": [ORG, OTHER],
            "title": text("Kooperation", "Cooperation"), "since": "2019", "until": "2023",
            "description": text("Beschreibung", "Description"),
            "website": "https://coop.example", "topics": topics
        }),
        Kind::Outreach => json!({
            "kind": "presentation", "title": text("Vortrag", "Talk"), "counterparts": [ORG, OTHER],
            "date": "2022-09", "description": text("Beschreibung", "Description"), "topics": topics
        }),
        Kind::ReportText => json!({
            "year": 2022, "section": "introduction", "placement": "opening",
            "heading": text("Vorwort", "Foreword"), "body": text("Text", "Text"), "position": 1
        }),
    }
}

fn full_user() -> Value {
    json!({
        "email": "anna@example.org", "name": "Anna Rau", "person": PERSON, "language": "de",
        "status": "active", "grants": [{"forum": OTHER, "role": "staff"}]
    })
}

/// Every problem of a record of type `R` read from `value`, or `None` when it does not read
/// (a string field of an enum, date or id type is bounded by its type, not by a limit).
fn problems_of<R: Record>(value: &Value) -> Option<Vec<String>> {
    let record: R = serde_json::from_value(value.clone()).ok()?;
    let mut problems = Problems::new();
    record.validate(&mut problems);
    Some(problems.iter().map(ToString::to_string).collect())
}

fn problems_of_user(value: &Value) -> Option<Vec<String>> {
    let user: User = serde_json::from_value(value.clone()).ok()?;
    let mut problems = Problems::new();
    user.validate(&mut problems);
    Some(problems.iter().map(ToString::to_string).collect())
}

/// Every string of a JSON value as (JSON pointer, problem path, limit lookup path), skipping
/// the `original` of translatable texts; and every array as (pointer, path, lookup path).
#[derive(Default)]
struct Leaves {
    strings: Vec<(String, String, String)>,
    lists: Vec<(String, String, String)>,
}

fn leaves(value: &Value, pointer: &str, path: &str, field: &str, found: &mut Leaves) {
    let join = |a: &str, b: &str| {
        if a.is_empty() {
            b.to_owned()
        } else {
            format!("{a}.{b}")
        }
    };
    match value {
        Value::String(_) => {
            found
                .strings
                .push((pointer.to_owned(), path.to_owned(), field.to_owned()));
        }
        Value::Array(items) => {
            found
                .lists
                .push((pointer.to_owned(), path.to_owned(), field.to_owned()));
            for (i, item) in items.iter().enumerate() {
                leaves(
                    item,
                    &format!("{pointer}/{i}"),
                    &format!("{path}[{i}]"),
                    field,
                    found,
                );
            }
        }
        Value::Object(object) if object.contains_key("original") => {
            for (lang, item) in object {
                if lang != "original" {
                    found.strings.push((
                        format!("{pointer}/{lang}"),
                        join(path, lang),
                        field.to_owned(),
                    ));
                    assert!(item.is_string());
                }
            }
        }
        Value::Object(object) => {
            for (name, item) in object {
                leaves(
                    item,
                    &format!("{pointer}/{name}"),
                    &join(path, name),
                    &join(field, name),
                    found,
                );
            }
        }
        _ => {}
    }
}

/// Makes each string of `sample` one character too long and then exactly as long as
/// allowed (in two-byte characters), and each list one item too long; `problems` reads and
/// validates. Returns how many strings were limited (the rest did not read).
fn every_field_is_limited(
    scope: &str,
    sample: &Value,
    problems: impl Fn(&Value) -> Option<Vec<String>>,
) -> usize {
    assert_eq!(
        problems(sample),
        Some(vec![]),
        "the {scope} sample is valid"
    );
    let mut found = Leaves::default();
    leaves(sample, "", "", "", &mut found);
    let mut limited = 0;
    for (pointer, path, field) in &found.strings {
        let limit = limits::text_limit(scope, field);
        let mut value = sample.clone();
        *value.pointer_mut(pointer).unwrap() = Value::from("é".repeat(limit + 1));
        let Some(over) = problems(&value) else {
            continue;
        };
        limited += 1;
        let expected = format!(
            "{path}: must be at most {limit} characters (has {})",
            limit + 1
        );
        assert!(
            over.contains(&expected),
            "{scope}: {expected} is missing from {over:?}"
        );
        *value.pointer_mut(pointer).unwrap() = Value::from("é".repeat(limit));
        if let Some(at) = problems(&value) {
            assert!(
                !at.iter().any(|p| p.contains("must be at most")),
                "{scope}.{path} at its limit: {at:?}"
            );
        }
    }
    for (pointer, path, field) in &found.lists {
        let limit = limits::list_limit(scope, field);
        let mut value = sample.clone();
        let list = value.pointer_mut(pointer).unwrap().as_array_mut().unwrap();
        let first = list[0].clone();
        list.resize(limit + 1, first);
        let over = problems(&value).expect("a longer list reads");
        let expected = format!(
            "{path}: must have at most {limit} entries (has {})",
            limit + 1
        );
        assert!(
            over.contains(&expected),
            "{scope}: {expected} is missing from {over:?}"
        );
    }
    limited
}

macro_rules! each_kind_is_limited {
    ($($ty:ident $field:ident,)*) => {
        #[test]
        fn every_text_and_list_of_every_kind_is_limited_at_its_own_path() {
            let mut kinds = vec![Kind::Forum];
            let forum = full(Kind::Forum);
            assert!(every_field_is_limited("forum", &forum, problems_of::<Forum>) >= 9);
            $(
                kinds.push($ty::KIND);
                let sample = full($ty::KIND);
                let limited = every_field_is_limited($ty::KIND.name(), &sample, problems_of::<$ty>);
                assert!(limited > 0, "{}: no string was limited", $ty::KIND);
            )*
            assert_eq!(kinds, Kind::ALL, "every kind has been checked");
            assert!(every_field_is_limited("user", &full_user(), problems_of_user) >= 2);
        }
    };
}
for_each_record_type!(each_kind_is_limited);

/// The limits of the fields met most, as numbers: a change to one is a decision, not an accident.
#[test]
fn the_limits_are_what_the_kind_of_field_calls_for() {
    for (scope, field, limit) in [
        ("topic", "name", 300),
        ("topic", "slug", 80),
        ("topic", "description", 100_000),
        ("event", "title", 300),
        ("event", "description", 100_000),
        ("event", "speakers.name", 300),
        ("event", "speakers.function", 200),
        ("event", "audience", 2_000),
        ("event", "online_link", 2_000),
        ("event", "venue", 300),
        ("person", "title", 100),
        ("person", "given_name", 200),
        ("person", "email", 254),
        ("person", "phone", 50),
        ("person", "consents.purpose", 100),
        ("person", "consents.how", 500),
        ("project", "acronym", 40),
        ("project", "partners.note", 100_000),
        ("publication", "summary", 2_000),
        ("publication", "authors", 300),
        ("registration", "guest.name", 200),
        ("registration", "guest.email", 254),
        ("registration", "guest.organisation", 300),
        ("report_text", "body", 100_000),
        ("forum", "short_name", 40),
        ("user", "name", 200),
        ("user", "email", 254),
    ] {
        assert_eq!(limits::text_limit(scope, field), limit, "{scope}.{field}");
    }
    assert_eq!(limits::list_limit("event", "speakers"), 300);
    assert_eq!(limits::list_limit("person", "consents"), 1_000);
}

#[test]
fn a_topic_name_of_100000_characters_is_refused_with_the_field_and_the_limit() {
    let mut topic = full(Kind::Topic);
    topic["name"]["en"] = Value::from("x".repeat(100_000));
    assert_eq!(
        problems_of::<Topic>(&topic).unwrap(),
        ["name.en: must be at most 300 characters (has 100000)"]
    );
    // Per language: the German text may be as long as allowed while the English one is not.
    topic["name"]["de"] = Value::from("ä".repeat(NAME));
    topic["name"]["en"] = Value::from("a".repeat(NAME + 1));
    assert_eq!(
        problems_of::<Topic>(&topic).unwrap(),
        ["name.en: must be at most 300 characters (has 301)"]
    );
    topic["name"]["en"] = Value::from("a".repeat(NAME));
    assert_eq!(problems_of::<Topic>(&topic).unwrap(), Vec::<String>::new());
}

#[test]
fn lists_have_a_few_hundred_items_at_most() {
    let mut event = full(Kind::Event);
    let topic = |i: usize| Value::from(format!("topic-{i}"));
    event["topics"] = (0..LIST).map(topic).collect();
    assert_eq!(problems_of::<Event>(&event).unwrap(), Vec::<String>::new());
    event["topics"] = (0..=LIST).map(topic).collect();
    assert_eq!(
        problems_of::<Event>(&event).unwrap(),
        ["topics: must have at most 300 entries (has 301)"]
    );
}

#[test]
fn an_import_that_is_too_long_fails_with_every_problem_by_its_path() {
    let long = "x".repeat(100_001);
    let document = json!({"format": "urbis", "version": 1, "forums": [{
        "forum": {"id": "f", "name": "Forum", "short_name": "F", "languages": ["de"]},
        "topics": [
            {"id": "t-ok", "slug": "ok", "name": "Gut"},
            {"id": "t-long", "slug": "lang", "name": {"de": "Lang", "en": long}}
        ],
        "events": [{"kind": "webinar", "title": "T", "start": "2022-06", "status": "held",
                    "description": long, "topics": ["t-ok"]}],
        "registrations": []
    }]});
    let mut dataset = Dataset::from_json(&document.to_string()).expect("the document reads");
    let problems = dataset.prepare().expect_err("too long");
    let found: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        found,
        [
            "forums[0].topics[1].name.en: must be at most 300 characters (has 100001)",
            "forums[0].events[0].description.de: must be at most 100000 characters (has 100001)",
        ]
    );
}
