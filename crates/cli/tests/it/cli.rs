//! The `urbis` command as a person uses it: real processes, real databases, bad input.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use urbis_testkit::TestDb;

use crate::common::{FIXTURE, Server, stderr};

/// Each test's own search index, beside its database.
fn search_dir(db: &TestDb) -> std::path::PathBuf {
    let name = db.url().rsplit('/').next().unwrap_or("db");
    db.dir().join("search").join(name)
}

fn urbis(db: &TestDb, args: &[&str]) -> Output {
    crate::common::urbis()
        .args(args)
        .env("URBIS_DATABASE_URL", db.url())
        .env("URBIS_SEARCH_DIR", search_dir(db))
        .env_remove("URBIS_FORUM")
        .output()
        .expect("urbis runs")
}

fn export(db: &TestDb) -> String {
    let output = urbis(db, &["export"]);
    assert!(output.status.success(), "export fails: {}", stderr(&output));
    String::from_utf8(output.stdout).expect("the export is UTF-8")
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("writes");
    path.display().to_string()
}

#[test]
fn help_explains_every_command() {
    let db = urbis_testkit::sqlite();
    let output = urbis(&db, &["--help"]);
    let text = String::from_utf8_lossy(&output.stdout);
    for command in ["serve", "demo", "export", "import"] {
        assert!(
            text.contains(command),
            "--help does not mention {command}:\n{text}"
        );
    }
    assert!(text.contains("--database-url"));
}

#[test]
fn a_report_in_spanish_is_refused_with_the_languages_it_is_written_in() {
    let db = urbis_testkit::sqlite();
    let output = urbis(
        &db,
        &["report", "--year", "2022", "--lang", "es", "--output", "-"],
    );
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{message}");
    assert!(
        message.contains("'es'") && message.contains("[possible values: de, en, fr]"),
        "{message}"
    );
    assert!(!message.contains("panicked"), "{message}");
    assert!(output.stdout.is_empty(), "nothing is written");
}

#[test]
fn a_report_in_french_is_written_from_the_records() {
    let db = urbis_testkit::sqlite();
    let demo = urbis(&db, &["demo"]);
    assert!(demo.status.success(), "{}", stderr(&demo));
    let output = urbis(
        &db,
        &[
            "report", "--year", "2022", "--lang", "fr", "--format", "md", "--output", "-",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("DEFUS – Rapport annuel 2022"), "{text}");
}

/// Each bad input: a file (or none), and what the one-line error must say.
fn bad_inputs() -> Vec<(&'static str, Option<String>, &'static str)> {
    let fixture: Value = serde_json::from_str(FIXTURE).expect("fixture");
    let with = |change: &dyn Fn(&mut Value)| {
        let mut doc = fixture.clone();
        for forum in doc["forums"].as_array_mut().expect("forums") {
            let name = forum["forum"]["short_name"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            forum["forum"]["short_name"] = format!("{name}-new").into();
            forum["forum"]["id"] =
                format!("{}-new", forum["forum"]["id"].as_str().unwrap_or_default()).into();
        }
        doc["forums"][1]["forum"]["umbrella"] = "umbrella-new".into();
        change(&mut doc);
        Some(doc.to_string())
    };
    vec![
        ("missing file", None, "no such file"),
        (
            "not JSON",
            Some("{\"format\": \"urbis\",".into()),
            "not valid JSON",
        ),
        (
            "not an export",
            Some("[1, 2, 3]".into()),
            "not an urbis export",
        ),
        (
            "other format",
            Some(r#"{"format": "padlet", "version": 1}"#.into()),
            "not an urbis export",
        ),
        (
            "wrong version",
            Some(r#"{"format": "urbis", "version": 2, "forums": []}"#.into()),
            "version 2 is not supported",
        ),
        (
            "unknown field",
            with(&|d| d["forums"][1]["events"][0]["colour"] = "red".into()),
            "forums[1].events[0].colour: unknown field `colour`",
        ),
        (
            "impossible date",
            with(&|d| d["forums"][1]["events"][0]["start"] = "2022-06-31".into()),
            "forums[1].events[0].start: `2022-06-31` is not a date",
        ),
        (
            "wrong type",
            with(&|d| d["forums"][1]["events"][0]["capacity"] = "many".into()),
            "forums[1].events[0].capacity",
        ),
        (
            "dangling reference",
            with(&|d| d["forums"][1]["events"][0]["host"] = "o-nowhere".into()),
            "forums[1].events[0].host: no record in this file has the key `o-nowhere`",
        ),
        (
            "reference to a missing stored record",
            with(&|d| {
                d["forums"][1]["events"][0]["host"] = "0190a000-0000-7000-8000-000000000000".into();
            }),
            "forums[1].events[0].host: there is no organisation",
        ),
        (
            "duplicate id",
            with(&|d| d["forums"][1]["topics"][0]["id"] = "o-essen".into()),
            "the key `o-essen` is used twice",
        ),
        (
            "end before start",
            with(&|d| d["forums"][1]["events"][0]["end"] = "2021-01-01".into()),
            "forums[1].events[0].end: must not be before `start`",
        ),
        (
            "malformed email",
            with(&|d| d["forums"][1]["people"][0]["email"] = "kromberg(at)essen".into()),
            "forums[1].people[0].email: `kromberg(at)essen` is not an email address",
        ),
        (
            "acronym used twice",
            with(&|d| {
                let mut twin = d["forums"][1]["projects"][0].clone();
                twin["id"] = "pr-twin".into();
                twin["acronym"] = "PANREFLEX".into();
                d["forums"][1]["projects"]
                    .as_array_mut()
                    .expect("projects")
                    .push(twin);
            }),
            "forums[1].projects[1].acronym: `panreflex` is already used",
        ),
        (
            "forum already stored",
            Some(FIXTURE.to_owned()),
            "is already stored",
        ),
    ]
}

/// One line per error; several problems come as a counted header and one line each.
fn expected_lines(message: &str) -> usize {
    message
        .strip_prefix("error: ")
        .and_then(|m| m.split_once(" problems, nothing was written:"))
        .and_then(|(n, _)| n.parse::<usize>().ok())
        .map_or(1, |n| n + 1)
}

fn bad_input_changes_nothing(db: TestDb) {
    let dir = tempfile::tempdir().expect("temp dir");
    let seed = write(dir.path(), "seed.json", FIXTURE);
    let output = urbis(&db, &["import", &seed]);
    assert!(
        output.status.success(),
        "the fixture imports: {}",
        stderr(&output)
    );
    let before = export(&db);
    for (case, content, expected) in bad_inputs() {
        let file = match &content {
            Some(text) => write(dir.path(), "bad.json", text),
            None => dir.path().join("missing.json").display().to_string(),
        };
        let output = urbis(&db, &["import", &file]);
        let message = stderr(&output);
        assert!(!output.status.success(), "{case}: the import succeeded");
        assert!(message.starts_with("error: "), "{case}: {message}");
        assert!(
            message.contains(expected),
            "{case}: expected `{expected}` in:\n{message}"
        );
        assert!(
            !message.contains("panicked") && !message.contains("RUST_BACKTRACE"),
            "{case}: {message}"
        );
        assert_eq!(
            message.trim_end().lines().count(),
            expected_lines(&message),
            "{case}:\n{message}"
        );
        assert!(export(&db) == before, "{case}: the store changed");
    }
}

#[test]
fn bad_input_changes_nothing_on_sqlite() {
    bad_input_changes_nothing(urbis_testkit::sqlite());
}

#[tokio::test]
async fn bad_input_changes_nothing_on_postgres() {
    let db = urbis_testkit::postgres().await;
    tokio::task::spawn_blocking(move || bad_input_changes_nothing(db))
        .await
        .expect("the test runs");
}

#[test]
fn several_problems_are_all_listed() {
    let db = urbis_testkit::sqlite();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut doc: Value = serde_json::from_str(FIXTURE).expect("fixture");
    doc["forums"][1]["events"][0]["end"] = "2021-01-01".into();
    doc["forums"][1]["people"][0]["email"] = "nope".into();
    doc["forums"][1]["organisations"][0]["country"] = "Germany".into();
    let file = write(dir.path(), "bad.json", &doc.to_string());
    let output = urbis(&db, &["import", &file]);
    let message = stderr(&output);
    assert!(!output.status.success());
    assert!(
        message.starts_with("error: 3 problems, nothing was written:"),
        "{message}"
    );
    for field in [
        "forums[1].events[0].end",
        "forums[1].people[0].email",
        "forums[1].organisations[0].country",
    ] {
        assert!(message.contains(field), "{field} missing in {message}");
    }
}

#[test]
fn unreachable_databases_are_one_clear_line() {
    for (url, expected) in [
        ("postgres://nobody@127.0.0.1:1/urbis", "Connection refused"),
        (
            "mysql://root:hunter2@localhost/urbis",
            "must start with sqlite:// or postgres://",
        ),
        (
            "sqlite:///proc/urbis-nowhere/urbis.db",
            "cannot create the directory",
        ),
    ] {
        let started = Instant::now();
        let output = crate::common::urbis()
            .args(["--database-url", url, "export"])
            .output()
            .expect("urbis runs");
        let message = stderr(&output);
        assert!(!output.status.success(), "{url}");
        assert!(message.contains(expected), "{url}: {message}");
        assert!(
            !message.contains("hunter2"),
            "the password is shown: {message}"
        );
        assert_eq!(message.trim_end().lines().count(), 1, "{message}");
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{url} took {:?}",
            started.elapsed()
        );
    }
}

#[test]
fn export_writes_a_file_and_refuses_a_bad_path() {
    let db = urbis_testkit::sqlite();
    let dir = tempfile::tempdir().expect("temp dir");
    let seed = write(dir.path(), "seed.json", FIXTURE);
    assert!(urbis(&db, &["import", &seed]).status.success());
    let out = dir.path().join("export.json");
    let output = urbis(&db, &["export", "-o", &out.display().to_string()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&out).expect("written"), export(&db));
    let output = urbis(&db, &["export", "-o", "/proc/urbis-nowhere/export.json"]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("cannot write /proc/urbis-nowhere/export.json"));
}

fn demo_export(db: &TestDb) -> Value {
    let output = urbis(db, &["demo"]);
    assert!(output.status.success(), "demo fails: {}", stderr(&output));
    let again = urbis(db, &["demo"]);
    assert!(
        !again.status.success(),
        "the demo loads only into an empty store"
    );
    assert!(stderr(&again).contains("not empty"));
    serde_json::from_str(&export(db)).expect("the export is JSON")
}

#[test]
fn the_demo_network_is_complete_in_the_export() {
    let db = urbis_testkit::sqlite();
    let doc = demo_export(&db);
    let forums = doc["forums"].as_array().expect("forums");
    let defus = forums
        .iter()
        .find(|f| f["forum"]["short_name"] == "DEFUS")
        .expect("the export has DEFUS");
    let active = defus["memberships"]
        .as_array()
        .expect("memberships")
        .iter()
        .filter(|m| m["status"] == "active")
        .count();
    assert_eq!(active, 18, "DEFUS has 18 members");
    assert_eq!(
        defus["collections"].as_array().expect("collections").len(),
        11
    );
    let text = defus.to_string();
    for acronym in [
        "PanReflex",
        "Secu4All",
        "LegiNot",
        "SiLBER",
        "CO-SECUR",
        "Plan#B",
        "ZisSch",
        "DRAGON",
    ] {
        assert!(
            text.contains(acronym),
            "{acronym} is missing from the export"
        );
    }
    assert!(
        forums.iter().any(|f| f["forum"]["short_name"] == "Efus"),
        "the umbrella is exported"
    );
}

fn serve(db: &TestDb, args: &[&str]) -> Server {
    Server::start(
        crate::common::urbis()
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .env("URBIS_DATABASE_URL", db.url())
            .env("URBIS_SEARCH_DIR", search_dir(db)),
    )
}

fn get(server: &Server, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(&server.address).expect("connects");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .expect("sends");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("reads");
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, response)
}

#[test]
fn serve_with_the_demo_lists_the_members() {
    let db = urbis_testkit::sqlite();
    let server = serve(&db, &["--demo"]);
    assert_eq!(get(&server, "/healthz").0, 200);
    assert_eq!(get(&server, "/readyz").0, 200);
    let (status, home) = get(&server, "/");
    assert_eq!(status, 200, "{home}");
    let (status, page) = get(&server, "/members");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Mitglieder (18)"), "{page}");
    for city in ["Augsburg", "Gelsenkirchen", "Stuttgart", "Mannheim"] {
        assert!(page.contains(city), "{city} missing:\n{page}");
    }
    let accounts = urbis(&db, &["user", "list", "--forum", "DEFUS"]);
    let accounts = String::from_utf8_lossy(&accounts.stdout);
    assert!(
        accounts.contains("mitglied@example.org\tDemo-Mitglied (Beispiel)\tmember\tActive"),
        "the demo has a member account to try the members area: {accounts}"
    );
    let (_, english) = get(&server, "/members?lang=en");
    assert!(english.contains("Members (18)"), "{english}");
    assert_eq!(get(&server, "/nothing-here").0, 404);
}

#[test]
fn serve_on_an_empty_store_says_what_to_do() {
    let db = urbis_testkit::sqlite();
    let output = urbis(&db, &["serve", "--addr", "127.0.0.1:0"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("urbis serve --demo"),
        "{}",
        stderr(&output)
    );
    let output = urbis(
        &db,
        &[
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--demo",
            "--forum",
            "NOPE",
        ],
    );
    assert!(
        stderr(&output).contains("there is no forum `NOPE`"),
        "{}",
        stderr(&output)
    );
}

fn urbis_with_stdin(db: &TestDb, args: &[&str], input: &str) -> Output {
    let mut child = crate::common::urbis()
        .args(args)
        .env("URBIS_DATABASE_URL", db.url())
        .env("URBIS_SEARCH_DIR", search_dir(db))
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
        .expect("writes the password");
    child.wait_with_output().expect("urbis ends")
}

#[test]
fn accounts_are_managed_from_the_command_line() {
    let db = urbis_testkit::sqlite();
    let dir = tempfile::tempdir().expect("temp dir");
    let seed = write(dir.path(), "seed.json", FIXTURE);
    assert!(urbis(&db, &["import", &seed]).status.success());

    let add = urbis_with_stdin(
        &db,
        &[
            "user",
            "add",
            "Anna@Example.org",
            "--name",
            "Anna Rau",
            "--forum",
            "TF",
            "--role",
            "admin",
            "--password-stdin",
        ],
        "a long enough password\n",
    );
    assert!(add.status.success(), "{}", stderr(&add));
    assert!(stderr(&add).contains("anna@example.org is active"));
    let invited = urbis(
        &db,
        &["user", "add", "kutz@example.org", "--name", "Kristina Kutz"],
    );
    assert!(
        stderr(&invited).contains("is invited"),
        "{}",
        stderr(&invited)
    );
    let role = urbis(
        &db,
        &[
            "user",
            "role",
            "kutz@example.org",
            "--forum",
            "tf",
            "--role",
            "staff",
        ],
    );
    assert!(role.status.success(), "{}", stderr(&role));
    let list = urbis(&db, &["user", "list", "--forum", "TF"]);
    let text = String::from_utf8_lossy(&list.stdout);
    assert!(
        text.contains("anna@example.org\tAnna Rau\tadmin\tActive"),
        "{text}"
    );
    assert!(
        text.contains("kutz@example.org\tKristina Kutz\tstaff\tInvited"),
        "{text}"
    );
    let passwd = urbis_with_stdin(
        &db,
        &["user", "passwd", "kutz@example.org"],
        "another fine password\n",
    );
    assert!(passwd.status.success(), "{}", stderr(&passwd));
    let list = urbis(&db, &["user", "list", "--forum", "TF"]);
    assert!(
        String::from_utf8_lossy(&list.stdout)
            .contains("kutz@example.org\tKristina Kutz\tstaff\tActive")
    );
    let none = urbis(
        &db,
        &[
            "user",
            "role",
            "kutz@example.org",
            "--forum",
            "TF",
            "--role",
            "none",
        ],
    );
    assert!(none.status.success());
    let list = urbis(&db, &["user", "list", "--forum", "TF"]);
    assert!(!String::from_utf8_lossy(&list.stdout).contains("kutz@"));

    for (args, input, expected) in [
        (
            vec!["user", "add", "anna@example.org", "--name", "Again"],
            "",
            "another account already uses this email address",
        ),
        (
            vec![
                "user",
                "add",
                "x@example.org",
                "--name",
                "X",
                "--forum",
                "NOPE",
                "--role",
                "staff",
            ],
            "",
            "there is no forum `NOPE`",
        ),
        (
            vec![
                "user",
                "role",
                "anna@example.org",
                "--forum",
                "TF",
                "--role",
                "king",
            ],
            "",
            "unknown role `king`",
        ),
        (
            vec!["user", "passwd", "nobody@example.org"],
            "whatever password\n",
            "there is no account for nobody@example.org",
        ),
        (
            vec!["user", "passwd", "anna@example.org"],
            "short\n",
            "password: must be at least 12 characters long",
        ),
        (
            vec!["user", "passwd", "anna@example.org"],
            "",
            "give the password on the first line",
        ),
        (
            vec!["user", "add", "not-an-email", "--name", "X"],
            "",
            "email: `not-an-email` is not an email address",
        ),
        (
            vec![
                "user",
                "role",
                "anna@example.org",
                "--forum",
                "TF",
                "--role",
                "organisation_editor",
            ],
            "",
            "an organisation editor needs the organisation",
        ),
    ] {
        let output = urbis_with_stdin(&db, &args, input);
        let message = stderr(&output);
        assert!(!output.status.success(), "{args:?} succeeded");
        assert!(
            message.contains(expected),
            "{args:?}: expected `{expected}` in {message}"
        );
        assert_eq!(message.trim_end().lines().count(), 1, "{message}");
    }
}

#[test]
fn the_demo_grows_with_scale_and_refuses_a_bad_one() {
    let db = urbis_testkit::sqlite();
    let output = urbis(&db, &["demo", "--scale", "3", "--seed", "7"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let doc: Value = serde_json::from_str(&export(&db)).expect("JSON");
    let defus = doc["forums"]
        .as_array()
        .expect("forums")
        .iter()
        .find(|f| f["forum"]["short_name"] == "DEFUS")
        .expect("DEFUS");
    let organisations = defus["organisations"]
        .as_array()
        .expect("organisations")
        .len();
    assert!(
        organisations >= 3 * 46,
        "three times the demo's organisations: {organisations}"
    );
    for bad in ["0", "many", "100001"] {
        let db = urbis_testkit::sqlite();
        let output = urbis(&db, &["demo", "--scale", bad]);
        assert!(!output.status.success(), "--scale {bad} was accepted");
        assert!(stderr(&output).contains("--scale"), "{}", stderr(&output));
    }
}

#[test]
fn reindex_builds_the_search_index_from_the_store() {
    let db = urbis_testkit::sqlite();
    assert!(urbis(&db, &["demo"]).status.success());
    let output = urbis(&db, &["reindex"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stderr(&output);
    let indexed: u64 = said
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("says how many records: {said}"));
    assert!(indexed > 100, "{said}");
    assert!(search_dir(&db).join("meta.json").is_file());
    // Again on the same directory: the same records, nothing doubled.
    let again = stderr(&urbis(&db, &["reindex"]));
    assert!(
        again.starts_with(&format!("indexed {indexed} records")),
        "{again}"
    );
}

/// `urbis forum add|list|set` create and change forums; every bad input is one clear line and
/// changes nothing; `export --forum` writes that forum alone.
#[test]
fn forums_are_added_listed_changed_and_exported_alone() {
    let db = urbis_testkit::sqlite();
    let ok = |args: &[&str]| {
        let output = urbis(&db, args);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    ok(&[
        "forum",
        "add",
        "EFUS",
        "--name",
        "European Forum",
        "--host",
        "efus.localhost",
        "--languages",
        "en,fr",
    ]);
    ok(&[
        "forum",
        "add",
        "DEFUS",
        "--name",
        "Deutsch-Europäisches Forum",
        "--country",
        "de",
        "--umbrella",
        "EFUS",
        "--host",
        "defus.localhost",
        "--languages",
        "de,en",
        "--colour",
        "#0B3D6E",
    ]);
    let list = ok(&["forum", "list"]);
    assert!(list.contains("DEFUS\tDeutsch-Europäisches Forum\thosts: defus.localhost\tlanguages: de,en\tumbrella: EFUS\ttime zone: Europe/Berlin"), "{list}");
    assert!(
        list.contains("EFUS\tEuropean Forum\thosts: efus.localhost\tlanguages: en,fr\tumbrella: -"),
        "{list}"
    );

    for (args, expected) in [
        (
            vec![
                "forum", "add", "GELB", "--name", "Gelb", "--colour", "#ffd700",
            ],
            "colour: is too light for white text",
        ),
        (
            vec!["forum", "add", "ROT", "--name", "Rot", "--colour", "red"],
            "colour: must be a colour written as `#rrggbb`",
        ),
        (
            vec!["forum", "add", "defus", "--name", "Noch eins"],
            "short_name",
        ),
        (
            vec![
                "forum",
                "add",
                "FFSU",
                "--name",
                "F",
                "--host",
                "defus.localhost",
            ],
            "hosts[0]: `defus.localhost` is already the address of the forum DEFUS",
        ),
        (
            vec![
                "forum",
                "add",
                "FFSU",
                "--name",
                "F",
                "--host",
                "https://ffsu.fr/",
            ],
            "hosts[0]: must be a host name alone",
        ),
        (
            vec!["forum", "add", "FFSU", "--name", "F", "--umbrella", "NOPE"],
            "umbrella: there is no forum `NOPE`",
        ),
        (
            vec![
                "forum",
                "add",
                "FFSU",
                "--name",
                "F",
                "--languages",
                "de,xx",
            ],
            "languages: `xx` is not a language",
        ),
        (
            vec!["forum", "set", "DEFUS", "--colour", "#123"],
            "colour: must be a colour",
        ),
        (vec!["forum", "set", "NOPE", "--colour", "#123456"], "NOPE"),
        (
            vec!["forum", "set", "DEFUS", "--time-zone", "Europe/Nowhere"],
            "time_zone: `Europe/Nowhere` is not a time zone",
        ),
        (
            vec![
                "forum",
                "add",
                "FFSU",
                "--name",
                "F",
                "--time-zone",
                "CET+1",
            ],
            "time_zone: `CET+1` is not a time zone",
        ),
        (vec!["export", "--forum", "NOPE"], "NOPE"),
    ] {
        let output = urbis(&db, &args);
        let message = stderr(&output);
        assert!(!output.status.success(), "{args:?} succeeded");
        assert!(
            message.contains(expected),
            "{args:?}: expected `{expected}` in {message}"
        );
        assert!(!message.contains("panicked"), "{message}");
        assert_eq!(ok(&["forum", "list"]), list, "{args:?} changed the forums");
    }

    ok(&[
        "forum",
        "set",
        "DEFUS",
        "--hosts",
        "defus.example.org,defus.localhost",
        "--colour",
        "-",
        "--time-zone",
        "Europe/Lisbon",
    ]);
    let list = ok(&["forum", "list"]);
    assert!(
        list.contains("hosts: defus.example.org,defus.localhost\t"),
        "{list}"
    );
    assert!(list.contains("time zone: Europe/Lisbon"), "{list}");

    let alone = ok(&["export", "--forum", "defus"]);
    let doc: Value = serde_json::from_str(&alone).expect("JSON");
    let forums = doc["forums"].as_array().expect("forums");
    assert_eq!(forums.len(), 1);
    assert_eq!(forums[0]["forum"]["short_name"], "DEFUS");
    assert_eq!(forums[0]["forum"]["hosts"][0], "defus.example.org");
    assert!(forums[0]["forum"].get("colour").is_none());
    assert_eq!(forums[0]["forum"]["time_zone"], "Europe/Lisbon");
    ok(&["forum", "set", "DEFUS", "--time-zone", "-"]);
    assert!(ok(&["forum", "list"]).contains("time zone: Europe/Berlin"));
}

/// The text of a PDF as `pdftotext` (poppler-utils) extracts it.
fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("report.pdf");
    std::fs::write(&file, pdf).expect("writes");
    let out = Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext runs (install Debian's poppler-utils)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn typeset(input: &[u8]) -> Output {
    let mut child = crate::common::urbis()
        .arg("typeset")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("urbis runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().expect("urbis ends");
    let _ = writer.join();
    output
}

#[test]
fn the_typesetting_process_turns_a_job_into_a_pdf_and_a_damaged_job_into_one_line() {
    let job = urbis_report::PdfJob {
        markup: "= Jahresbericht\n\nDie Städte \\#1 bis \\#18\n".into(),
        logo: None,
    };
    let mut input = Vec::new();
    job.write_to(&mut input).expect("written");
    let output = typeset(&input);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(output.stdout.starts_with(b"%PDF"));
    let text = pdf_text(&output.stdout);
    assert!(
        text.contains("Jahresbericht") && text.contains("Die Städte #1 bis #18"),
        "{text}"
    );
    for (bad, expected) in [
        (&input[..input.len() - 3], "the markup ends early"),
        (&b"%PDF-1.7\n"[..], "does not start with `urbis-pdf-job 1`"),
    ] {
        let output = typeset(bad);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{message}");
        assert!(output.stdout.is_empty(), "a damaged job writes no PDF");
        assert!(
            message.contains("the PDF job is damaged") && message.contains(expected),
            "{message}"
        );
        assert_eq!(message.trim_end().lines().count(), 1, "{message}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_pdf_is_typeset_again_only_when_its_records_changed() {
    use urbis_report::{Format, Options};
    let db = urbis_testkit::sqlite();
    let store = urbis_store::Store::open(db.url()).await.expect("store");
    let demo = urbis_demo::dataset().expect("the demo parses");
    store.import(demo).await.expect("the demo loads");
    let mut forum = urbis_report::find_forum(&store, None).await.expect("forum");
    let id = forum.id.clone();
    let options = Options::new(2022, urbis_domain::Lang::En);
    let app = urbis_app::App::new(store.clone());
    let written = |app: urbis_app::App| {
        let (forum, options) = (id.clone(), options.clone());
        async move { urbis_app::report::written(&app, &forum, &options, Format::Pdf).await }
    };
    let first = written(
        app.clone()
            .typesetting_with(env!("CARGO_BIN_EXE_urbis").into()),
    )
    .await
    .expect("typeset");
    assert!(app.kept_pdf_bytes() >= first.1.len(), "the PDF is kept");
    // The same records again: served as made, the (failing) program is not asked.
    let failing = || app.clone().typesetting_with("false".into());
    let again = written(failing()).await.expect("the kept PDF");
    assert_eq!(again.1, first.1);
    // Other words, other markup: typeset anew (and here the program fails, and says so).
    forum.name = urbis_domain::Text::new(urbis_domain::Lang::En, "A Forum Renamed");
    store.update(&mut forum).await.expect("renamed");
    let changed = written(failing()).await.err().map(|e| e.to_string());
    assert!(
        changed
            .as_deref()
            .is_some_and(|e| e.contains("typesetting with false")),
        "{changed:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_has_its_report_pdfs_typeset_by_a_process_of_their_own() {
    use urbis_report::{Format, Options};
    let db = urbis_testkit::sqlite();
    let store = urbis_store::Store::open(db.url()).await.expect("store");
    let demo = urbis_demo::dataset().expect("the demo parses");
    store.import(demo).await.expect("the demo loads");
    let forum = urbis_report::find_forum(&store, None).await.expect("forum");
    let options = Options::new(2022, urbis_domain::Lang::En);
    let written = |app: urbis_app::App| {
        let (forum, options) = (forum.id.clone(), options.clone());
        async move { urbis_app::report::written(&app, &forum, &options, Format::Pdf).await }
    };
    let apart = written(
        urbis_app::App::new(store.clone()).typesetting_with(env!("CARGO_BIN_EXE_urbis").into()),
    )
    .await
    .expect("typeset apart");
    let here = written(urbis_app::App::new(store.clone()))
        .await
        .expect("typeset here");
    let text = pdf_text(&apart.1);
    assert!(text.contains("Annual Report 2022"), "{text}");
    assert_eq!(text, pdf_text(&here.1), "both ways write the same report");
    // A program that is not there (replaced by an upgrade): the server typesets itself.
    let missing = written(
        urbis_app::App::new(store.clone()).typesetting_with(db.dir().join("no-such-urbis")),
    )
    .await
    .expect("typeset here instead");
    assert_eq!(pdf_text(&missing.1), text);
    // A program that fails: the error says which and why, nothing half-made is served.
    let failing = written(urbis_app::App::new(store.clone()).typesetting_with("false".into()))
        .await
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        failing.contains("typesetting with false") && failing.contains("exit status: 1"),
        "{failing}"
    );
}
