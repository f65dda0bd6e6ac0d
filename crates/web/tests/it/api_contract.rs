//! The API's contract: schemathesis (a property-based API tester from PyPI, installed by
//! `./test.sh`) reads `/api/openapi.json` from a real server holding the demo network and sends
//! generated requests to every operation with a write token. Any server error or any answer
//! that does not match the document fails the test; a missing schemathesis fails it too.

use std::path::PathBuf;
use std::process::Command;

use urbis_app::accounts::api_tokens;
use urbis_testkit::store::ApiScope;

use crate::common;

/// Generated cases per operation and phase: enough to reach every field.
const MAX_EXAMPLES: &str = "10";
/// The run's time budget in seconds (fuzzing and the stateful phase repeat until it is spent),
/// so the test takes about three minutes on two cores.
const MAX_TIME: &str = "150";
/// The checks that make the contract: no 5xx, documented statuses and media types, bodies
/// that match their schemas.
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance";

/// Where schemathesis is: `URBIS_SCHEMATHESIS`, the venv `./test.sh` makes, or `PATH`.
fn schemathesis() -> PathBuf {
    if let Some(path) = std::env::var_os("URBIS_SCHEMATHESIS") {
        return PathBuf::from(path);
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    let venv = home.join(".cache/urbis-schemathesis/bin/schemathesis");
    if venv.exists() {
        return venv;
    }
    PathBuf::from("schemathesis")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schemathesis_finds_no_server_error_and_no_schema_mismatch() {
    let program = schemathesis();
    let version = Command::new(&program).arg("--version").output();
    let version = match version {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).trim().to_owned(),
        _ => panic!(
            "schemathesis is missing ({}): `./test.sh` installs it, or \
             `python3 -m venv ~/.cache/urbis-schemathesis && \
             ~/.cache/urbis-schemathesis/bin/pip install schemathesis==4.32.5`",
            program.display()
        ),
    };
    let site = common::start_with(
        urbis_testkit::sqlite(),
        urbis_demo::dataset().expect("the demo data set loads"),
        "DEFUS",
    )
    .await;
    let staff = site
        .store
        .user_by_email("staff@example.org")
        .await
        .unwrap()
        .expect("the office account");
    let token = api_tokens::create(&site.app, &staff, "contract test", ApiScope::Write)
        .await
        .unwrap()
        .secret;
    let reports = tempfile::tempdir().unwrap();
    let report = reports.path().join("report.json");
    let mut command = Command::new(&program);
    command
        .arg("run")
        .arg(site.url("/api/openapi.json"))
        .args(["--url", &site.base])
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .args(["--checks", CHECKS])
        .args(["--max-examples", MAX_EXAMPLES])
        .args(["--phases", "examples,coverage,fuzzing,stateful"])
        .args(["--seed", "20221"])
        // One worker: CPython 3.11's `ast` is not thread-safe, and hypothesis parses lambdas
        // while it generates, which with two workers now and then fails inside the tester
        // ("AST constructor recursion depth mismatch") without a request to urbis.
        .args(["--workers", "1"])
        .args(["--max-time", MAX_TIME])
        .args(["--request-timeout", "30"])
        .arg("--no-shrink")
        .args(["--report", "json"])
        .arg("--report-json-path")
        .arg(&report)
        .env("NO_COLOR", "1")
        .env("SCHEMATHESIS_TELEMETRY", "false")
        .current_dir(reports.path());
    let out = tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap()
        .expect("schemathesis runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The run's figures, for the log of CI (cargo test shows them with --nocapture or on failure).
    let summary = stdout
        .find("SUMMARY")
        .map_or(stdout.as_ref(), |at| &stdout[at..]);
    let scenarios = stdout
        .lines()
        .find(|l| l.contains("Scenarios:"))
        .unwrap_or_default();
    println!("{version}\n{}\n{summary}", scenarios.trim());
    assert!(
        out.status.success(),
        "schemathesis found problems:\n{stdout}\n{stderr}"
    );
}
