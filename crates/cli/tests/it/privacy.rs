//! `urbis person` and `urbis retention` as the office uses them: real processes, real
//! databases, bad input answered in one line without changing anything.

use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};

use serde_json::Value;
use urbis_testkit::TestDb;

use crate::common::{FIXTURE, stderr};

fn run(db: &TestDb, args: &[&str], env: &[(&str, &str)], input: &str) -> Output {
    let mut child = crate::common::urbis()
        .args(args)
        .env("URBIS_DATABASE_URL", db.url())
        .env_remove("URBIS_GUEST_RETENTION_DAYS")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("urbis runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("writes");
    child.wait_with_output().expect("urbis ends")
}

fn urbis(db: &TestDb, args: &[&str]) -> Output {
    run(db, args, &[], "")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn ok(db: &TestDb, args: &[&str]) -> String {
    let output = urbis(db, args);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    stdout(&output)
}

fn export(db: &TestDb) -> String {
    ok(db, &["export"])
}

/// The fixture forum with its person (Christian Kromberg, kromberg@example.org) and a guest
/// registration for a symposium in 2022; the id of the person.
fn seed(db: &TestDb, dir: &Path) -> String {
    let file = dir.join("seed.json");
    std::fs::write(&file, FIXTURE).expect("writes");
    ok(db, &["import", &file.display().to_string()]);
    let doc: Value = serde_json::from_str(&export(db)).expect("JSON");
    doc["forums"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["people"].as_array().cloned().unwrap_or_default())
        .find(|p| p["family_name"] == "Kromberg")
        .expect("the fixture has Kromberg")["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn personal_data_from_the_command_line(db: TestDb) {
    let dir = tempfile::tempdir().expect("temp dir");
    let id = seed(&db, dir.path());
    let account = run(
        &db,
        &[
            "user",
            "add",
            "kromberg@example.org",
            "--name",
            "Christian Kromberg",
            "--password-stdin",
        ],
        &[],
        "a long enough password\n",
    );
    assert!(account.status.success(), "{}", stderr(&account));

    // Consent, given and withdrawn: the history is kept.
    let said = ok(
        &db,
        &[
            "person",
            "consent",
            &id,
            "--purpose",
            "newsletter",
            "--given",
            "--how",
            "web form",
            "--at",
            "2026-05-03T09:00:00Z",
        ],
    );
    assert!(said.contains("consent for `newsletter` given"), "{said}");
    ok(
        &db,
        &[
            "person",
            "consent",
            &id,
            "--purpose",
            "newsletter",
            "--withdrawn",
            "--how",
            "email of 1 June",
        ],
    );

    // The export: to standard output and to a file, the same.
    let data: Value = serde_json::from_str(&ok(&db, &["person", "export", &id])).expect("JSON");
    assert_eq!(data["format"], "urbis-personal-data");
    assert_eq!(data["person"]["email"], "kromberg@example.org");
    assert_eq!(data["consents"].as_array().unwrap().len(), 2);
    assert_eq!(data["consents"][0]["at"], "2026-05-03T09:00:00Z");
    assert_eq!(data["consents"][1]["given"], false);
    assert_eq!(data["appointments"][0]["role"], "board_chair");
    assert_eq!(data["accounts"][0]["email"], "kromberg@example.org");
    assert_eq!(data["accounts"][0]["password_set"], true);
    assert!(!data.to_string().contains("$argon2"), "no secrets");
    let file = dir.path().join("kromberg.json");
    ok(
        &db,
        &["person", "export", &id, "-o", &file.display().to_string()],
    );
    assert_eq!(
        serde_json::from_str::<Value>(&std::fs::read_to_string(&file).unwrap()).unwrap(),
        data
    );
    let by_account: Value = serde_json::from_str(&ok(
        &db,
        &["person", "export", "--account", "Kromberg@Example.org"],
    ))
    .unwrap();
    assert_eq!(
        by_account["person"],
        Value::Null,
        "the account is not tied to the record"
    );
    assert_eq!(by_account["accounts"][0]["name"], "Christian Kromberg");

    // Without --yes the erasure only says what it would do.
    let before = export(&db);
    let refused = urbis(&db, &["person", "erase", &id]);
    assert!(!refused.status.success());
    assert!(
        stdout(&refused).contains("would do this"),
        "{}",
        stdout(&refused)
    );
    assert!(
        stdout(&refused).contains("1 account is disabled"),
        "{}",
        stdout(&refused)
    );
    assert!(
        stdout(&refused).contains("4 records keep referring"),
        "{}",
        stdout(&refused)
    );
    assert_eq!(
        stderr(&refused).trim_end().lines().count(),
        1,
        "{}",
        stderr(&refused)
    );
    assert!(
        stderr(&refused).contains("add --yes"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(export(&db), before, "nothing was erased");

    let erased = ok(&db, &["person", "erase", &id, "--yes"]);
    assert!(erased.contains("is erased"), "{erased}");
    let after = export(&db);
    for trace in [
        "Kromberg",
        "kromberg@example.org",
        "Beigeordneter",
        "Alderman",
    ] {
        assert!(!after.contains(trace), "the export still holds {trace}");
    }
    assert!(
        after.contains("gast@example.org"),
        "other people's data stays"
    );
    let gone = urbis(
        &db,
        &["person", "export", "--account", "kromberg@example.org"],
    );
    assert!(stderr(&gone).contains("there is no account for kromberg@example.org"));
    let again = ok(&db, &["person", "erase", &id, "--yes"]);
    assert!(again.contains("erased before"), "{again}");
    assert_eq!(export(&db), after, "erasing twice changes nothing");

    // Retention: the 2022 guest goes, the registration stays.
    let kept = ok(
        &db,
        &["retention", "run", "--forum", "tf", "--days", "36500"],
    );
    assert!(kept.contains("anonymised 0 guest registrations"), "{kept}");
    let done = ok(&db, &["retention", "run", "--forum", "TF"]);
    assert!(done.contains("anonymised 1 guest registration "), "{done}");
    assert!(done.contains("365 days"), "the default period: {done}");
    let after = export(&db);
    assert!(!after.contains("gast@example.org"));
    let doc: Value = serde_json::from_str(&after).unwrap();
    let registrations = doc["forums"][1]["registrations"].as_array().unwrap();
    assert_eq!(registrations.len(), 1);
    assert_eq!(registrations[0]["status"], "confirmed");
    let configured = run(
        &db,
        &["retention", "run"],
        &[("URBIS_GUEST_RETENTION_DAYS", "10")],
        "",
    );
    assert!(
        stdout(&configured)
            .contains("anonymised 0 guest registrations of events over more than 10 days ago")
    );
}

#[test]
fn personal_data_from_the_command_line_on_sqlite() {
    personal_data_from_the_command_line(urbis_testkit::sqlite());
}

#[tokio::test]
async fn personal_data_from_the_command_line_on_postgres() {
    let db = urbis_testkit::postgres().await;
    tokio::task::spawn_blocking(move || personal_data_from_the_command_line(db))
        .await
        .expect("the test runs");
}

#[test]
fn bad_input_is_one_line_and_changes_nothing() {
    let db = urbis_testkit::sqlite();
    let dir = tempfile::tempdir().expect("temp dir");
    let id = seed(&db, dir.path());
    let before = export(&db);
    let nobody = "01900000-0000-7000-8000-000000000000";
    let unknown = format!("no person with id {nobody}");
    for (args, env, expected) in [
        (vec!["person", "export", nobody], vec![], unknown.as_str()),
        (
            vec!["person", "export"],
            vec![],
            "give the id of a person, or --account EMAIL",
        ),
        (
            vec!["person", "export", "--account", "nobody@example.org"],
            vec![],
            "there is no account for nobody@example.org",
        ),
        (
            vec!["person", "erase", nobody, "--yes"],
            vec![],
            unknown.as_str(),
        ),
        (vec!["person", "erase", nobody], vec![], unknown.as_str()),
        (
            vec![
                "person",
                "consent",
                nobody,
                "--purpose",
                "newsletter",
                "--given",
                "--how",
                "form",
            ],
            vec![],
            unknown.as_str(),
        ),
        (
            vec![
                "person",
                "consent",
                &id,
                "--purpose",
                " ",
                "--given",
                "--how",
                "form",
            ],
            vec![],
            "purpose: must not be empty",
        ),
        (
            vec![
                "person",
                "consent",
                &id,
                "--purpose",
                "erasure",
                "--given",
                "--how",
                "form",
            ],
            vec![],
            "`erasure` is kept",
        ),
        (
            vec![
                "person",
                "consent",
                &id,
                "--purpose",
                "photos",
                "--how",
                "form",
            ],
            vec![],
            "say either --given or --withdrawn",
        ),
        (
            vec![
                "person",
                "consent",
                &id,
                "--purpose",
                "photos",
                "--given",
                "--withdrawn",
                "--how",
                "form",
            ],
            vec![],
            "say either --given or --withdrawn",
        ),
        (
            vec![
                "person",
                "consent",
                &id,
                "--purpose",
                "photos",
                "--given",
                "--how",
                "",
            ],
            vec![],
            "how: must say how",
        ),
        (
            vec![
                "person",
                "consent",
                &id,
                "--purpose",
                "photos",
                "--given",
                "--how",
                "form",
                "--at",
                "yesterday",
            ],
            vec![],
            "--at: `yesterday` is not a time",
        ),
        (
            vec![
                "person",
                "consent",
                &id,
                "--purpose",
                "photos",
                "--given",
                "--how",
                "form",
                "--at",
                "2999-01-01T00:00:00Z",
            ],
            vec![],
            "at: must not be in the future",
        ),
        (
            vec!["retention", "run", "--days", "soon"],
            vec![],
            "--days: `soon` is not a whole number of days",
        ),
        (
            vec!["retention", "run", "--days=-3"],
            vec![],
            "days: must be between 0 and 36500",
        ),
        (
            vec!["retention", "run", "--forum", "NOPE", "--days", "0"],
            vec![],
            "there is no forum `NOPE` (known: UMB, TF)",
        ),
        (
            vec!["retention", "run"],
            vec![("URBIS_GUEST_RETENTION_DAYS", "a year")],
            "URBIS_GUEST_RETENTION_DAYS: `a year` is not a whole number of days",
        ),
    ] {
        let output = run(&db, &args, &env, "");
        let message = stderr(&output);
        assert!(!output.status.success(), "{args:?} succeeded");
        assert!(message.starts_with("error: "), "{args:?}: {message}");
        assert!(
            message.contains(expected),
            "{args:?}: expected `{expected}` in {message}"
        );
        assert_eq!(message.trim_end().lines().count(), 1, "{args:?}: {message}");
        assert_eq!(export(&db), before, "{args:?} changed the store");
    }
}
