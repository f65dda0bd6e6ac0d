//! The domain's rules: every record's own checks and the checks an import runs over a document.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers outside #[test] functions may panic

use std::collections::BTreeSet;

use serde_json::{Value, json};
use urbis_domain::events::{Event, Registration};
use urbis_domain::knowledge::Entry;
use urbis_domain::network::{Appointment, Membership, Person};
use urbis_domain::portal::FundingCall;
use urbis_domain::projects::{FundingApplication, Project};
use urbis_domain::{Dataset, Kind, Problems, Record};

fn problems<R: Record>(value: Value) -> BTreeSet<String> {
    let record: R = serde_json::from_value(value).expect("the record reads");
    let mut problems = Problems::new();
    record.validate(&mut problems);
    problems.iter().map(|p| p.field.clone()).collect()
}

fn fields(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn an_event_reports_every_problem_at_once() {
    let found = problems::<Event>(json!({
        "kind": "webinar", "title": {"de": " "}, "start": "2022-06", "end": "2022-05-31",
        "time_zone": "Europe/Nowhere", "format": "online", "capacity": 0, "days": 0,
        "online_link": "zoom", "speakers": [{}], "media": [{"url": "www.x.de"}],
        "registration": {"opens": "2022-06-10", "closes": "2022-06-01", "waiting_list": true},
        "status": "planned"
    }));
    assert_eq!(
        found,
        fields(&[
            "title",
            "end",
            "time_zone",
            "capacity",
            "days",
            "online_link",
            "speakers[0]",
            "media[0].url",
            "registration.closes"
        ])
    );
}

#[test]
fn a_valid_event_may_know_only_its_month() {
    let found = problems::<Event>(json!({
        "kind": "general_meeting", "title": "Mitgliederversammlung", "start": "2022-06",
        "end": "2022-06-15", "days": 2, "status": "held"
    }));
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn people_need_a_name_and_a_real_email_and_phone() {
    let found = problems::<Person>(json!({
        "given_name": "Anna", "family_name": "", "email": "anna@", "phone": "call me",
        "consents": [{"purpose": "", "given": true, "at": "2022-04-01T10:00:00Z"}]
    }));
    assert_eq!(
        found,
        fields(&["family_name", "email", "phone", "consents[0].purpose"])
    );
}

#[test]
fn periods_must_not_end_before_they_start() {
    let membership = problems::<Membership>(json!({
        "organisation": "o", "since": "2020", "until": "2019-12", "status": "ended"
    }));
    assert_eq!(membership, fields(&["until"]));
    let ended = problems::<Membership>(json!({"organisation": "o", "status": "ended"}));
    assert_eq!(ended, fields(&["until"]));
    let appointment = problems::<Appointment>(json!({
        "person": "p", "role": "researcher", "start": "2022-04", "end": "2022-03-31"
    }));
    assert_eq!(appointment, fields(&["end"]));
    let same_month = problems::<Appointment>(json!({
        "person": "p", "role": "researcher", "start": "2022-04", "end": "2022-04-01"
    }));
    assert!(
        same_month.is_empty(),
        "a day in the start month is not before it"
    );
}

#[test]
fn projects_and_applications_check_acronyms_partners_and_decisions() {
    let project = problems::<Project>(json!({
        "kind": "own", "acronym": "", "title": "T", "start": "2025", "end": "2022",
        "partners": [{"organisation": "o", "role": "partner"}, {"organisation": "o", "role": "coordinator"}],
        "status": "running", "website": "panreflex"
    }));
    assert_eq!(
        project,
        fields(&["acronym", "end", "partners[1].organisation", "website"])
    );
    let application = problems::<FundingApplication>(json!({
        "acronym": "A\nB", "title": "T", "submitted": "2022-10", "decided": "2022-09",
        "status": "submitted", "project": "p"
    }));
    assert_eq!(application, fields(&["acronym", "decided", "project"]));
}

#[test]
fn entries_need_what_their_kind_holds() {
    let link = problems::<Entry>(json!({"collection": "c", "kind": "link", "title": "Studie"}));
    assert_eq!(link, fields(&["url"]));
    let note =
        problems::<Entry>(json!({"collection": "c", "kind": "note", "title": "N", "body": "Text"}));
    assert!(note.is_empty());
    let file = problems::<Entry>(json!({
        "collection": "c", "kind": "file", "title": "F",
        "file": {"name": "", "media_type": "application/pdf", "size": 3, "key": "k"}
    }));
    assert_eq!(file, fields(&["file.name"]));
}

#[test]
fn funding_call_deadlines_are_in_order() {
    let found = problems::<FundingCall>(json!({
        "title": "SifoLIFE", "opens": "2022-09",
        "deadlines": [{"date": "2022-08-01"}, {"date": "2022-07"}]
    }));
    assert_eq!(found, fields(&["deadlines[0].date", "deadlines[1].date"]));
}

#[test]
fn a_guest_registration_needs_a_name_an_email_and_consent() {
    let found = problems::<Registration>(json!({
        "event": "e", "guest": {"name": "", "email": "x"}, "status": "cancelled"
    }));
    assert_eq!(
        found,
        fields(&["guest.name", "guest.email", "consent", "cancelled_at"])
    );
}

fn document(forum: Value) -> Dataset {
    Dataset::from_json(&json!({"format": "urbis", "version": 1, "forums": [forum]}).to_string())
        .expect("the document reads")
}

fn forum(records: Value) -> Value {
    let mut forum =
        json!({"forum": {"id": "f", "name": "Forum", "short_name": "F", "languages": ["de"]}});
    for (key, value) in records.as_object().expect("an object") {
        forum[key] = value.clone();
    }
    forum
}

fn prepare_problems(dataset: &mut Dataset) -> Vec<String> {
    match dataset.prepare() {
        Ok(_) => Vec::new(),
        Err(problems) => problems.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn keys_become_uuids_and_references_follow() {
    let mut dataset = document(forum(json!({
        "organisations": [{"id": "o-essen", "name": "Stadt Essen", "kind": "city", "country": "DE"}],
        "memberships": [{"organisation": "o-essen", "status": "active"}]
    })));
    let external = dataset.prepare().expect("valid");
    assert!(external.is_empty());
    let data = &dataset.forums[0];
    let org = &data.organisations[0];
    assert!(org.id.is_uuid());
    assert_eq!(data.memberships[0].organisation, org.id);
    assert_eq!(
        &org.forum,
        &data.forum.as_ref().unwrap().id,
        "records are tied to their forum"
    );
}

#[test]
fn references_to_unknown_keys_and_wrong_kinds_are_named_by_path() {
    let mut dataset = document(forum(json!({
        "topics": [{"id": "t", "slug": "t", "name": "T"}],
        "memberships": [{"organisation": "o-missing", "status": "active"}, {"organisation": "t", "status": "active"}]
    })));
    let found = prepare_problems(&mut dataset);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].starts_with(
        "forums[0].memberships[0].organisation: no record in this file has the key `o-missing`"
    ));
    assert!(
        found[1].contains("forums[0].memberships[1].organisation:")
            && found[1].contains("is a topic, but an organisation is needed here"),
        "{found:?}"
    );
}

#[test]
fn uuids_not_in_the_document_are_left_for_the_store_to_check() {
    let stored = "0190a000-0000-7000-8000-000000000001";
    let mut dataset = document(forum(json!({
        "memberships": [{"organisation": stored, "status": "active"}]
    })));
    let external = dataset.prepare().expect("valid");
    assert_eq!(external.len(), 1);
    assert_eq!(external[0].path, "forums[0].memberships[0].organisation");
    assert_eq!(external[0].kind, Kind::Organisation);
    assert_eq!(external[0].id.as_str(), stored);
}

#[test]
fn duplicate_ids_and_unique_values_are_found_before_writing() {
    let mut twice = document(forum(json!({
        "topics": [{"id": "t", "slug": "a", "name": "A"}, {"id": "t", "slug": "b", "name": "B"}]
    })));
    assert_eq!(
        prepare_problems(&mut twice),
        ["forums[0].topics[1].id: the key `t` is used twice"]
    );
    let mut slugs = document(forum(json!({
        "topics": [{"slug": "a", "name": "A"}, {"slug": "a", "name": "B"}],
        "projects": [
            {"kind": "own", "acronym": "PanReflex", "title": "P", "status": "running"},
            {"kind": "eu", "acronym": "panreflex", "title": "P", "status": "running"}
        ]
    })));
    let found = prepare_problems(&mut slugs);
    assert_eq!(
        found,
        [
            "forums[0].topics[1].slug: `a` is already used by forums[0].topics[0]",
            "forums[0].projects[1].acronym: `panreflex` is already used by forums[0].projects[0]",
        ]
    );
}

#[test]
fn a_document_is_read_with_the_path_of_its_first_shape_error() {
    let error = Dataset::from_json(r#"{"format":"urbis","version":1,"forums":[{"forum":{"name":"F","short_name":"F","languages":["xx"]}}]}"#)
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("forums[0].forum.languages[0]: unknown variant `xx`"),
        "{error}"
    );
    let error = Dataset::from_json("{\"format\": \"urbis\",\n \"version\": 1,\n ]")
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("line 3, column 2: not valid JSON"),
        "{error}"
    );
}

#[test]
fn forums_are_ordered_umbrella_first() {
    let mut dataset = Dataset::from_json(&json!({"format": "urbis", "version": 1, "forums": [
        {"forum": {"id": "national", "name": "N", "short_name": "N", "languages": ["de"], "umbrella": "umbrella"}},
        {"forum": {"id": "umbrella", "name": "U", "short_name": "U", "languages": ["en"]}}
    ]}).to_string())
    .expect("reads");
    dataset.sort_forums();
    let order: Vec<&str> = dataset
        .forums
        .iter()
        .map(|f| f.forum.as_ref().unwrap().short_name.as_str())
        .collect();
    assert_eq!(order, ["U", "N"]);
}
