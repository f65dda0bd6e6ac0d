//! What operators deploy beside urbis says what urbis has: the alert rules pass `promtool`,
//! the rules and the Grafana dashboard name only metrics a live `urbis serve` exports, and the
//! Kubernetes manifests probe real routes and set only settings urbis reads. (No cluster can
//! be run here: the manifests are read, not applied.)

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::Server;
use crate::containers::{sources, variables};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(root().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn the_alert_rules_pass_promtool() {
    let output = Command::new("promtool")
        .args(["check", "rules"])
        .arg(root().join("ops/prometheus/alerts.yml"))
        .output()
        .expect("promtool runs (install Debian's prometheus package; ./test.sh does)");
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Every `urbis_…` metric name in a PromQL expression.
fn metric_names(expr: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = expr;
    while let Some(at) = rest.find("urbis_") {
        let before = rest[..at].chars().next_back();
        let name: String = rest[at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        rest = &rest[at + name.len()..];
        if !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            names.push(name);
        }
    }
    names
}

/// The expressions of the alert rules: (rule name, expression).
fn rule_expressions() -> Vec<(String, String)> {
    let rules: serde_yaml::Value =
        serde_yaml::from_str(&read("ops/prometheus/alerts.yml")).unwrap();
    let mut found = Vec::new();
    for group in rules["groups"].as_sequence().expect("groups") {
        for rule in group["rules"].as_sequence().expect("rules") {
            let name = rule["alert"].as_str().expect("an alert name").to_owned();
            let expr = rule["expr"].as_str().expect("an expression").to_owned();
            found.push((name, expr));
        }
    }
    found
}

fn dashboard() -> serde_json::Value {
    serde_json::from_str(&read("ops/grafana/urbis.json")).expect("the dashboard is JSON")
}

/// The expressions of the dashboard's panels and variables: (where, expression).
fn dashboard_expressions(dashboard: &serde_json::Value) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for panel in dashboard["panels"].as_array().expect("panels") {
        let title = panel["title"].as_str().unwrap_or_default();
        for target in panel["targets"].as_array().into_iter().flatten() {
            let expr = target["expr"]
                .as_str()
                .expect("a target with an expression");
            found.push((title.to_owned(), expr.to_owned()));
        }
    }
    for variable in dashboard["templating"]["list"]
        .as_array()
        .expect("variables")
    {
        if let Some(query) = variable["definition"].as_str() {
            found.push((format!("${}", variable["name"]), query.to_owned()));
        }
    }
    found
}

#[test]
fn the_dashboard_is_a_grafana_dashboard_over_a_chosen_prometheus() {
    let dashboard = dashboard();
    assert!(dashboard["title"].is_string() && dashboard["uid"].is_string());
    assert!(dashboard["schemaVersion"].as_u64().is_some_and(|v| v >= 30));
    let variables = dashboard["templating"]["list"]
        .as_array()
        .expect("variables");
    assert!(
        variables.iter().any(|v| v["type"] == "datasource"
            && v["name"] == "datasource"
            && v["query"] == "prometheus"),
        "a data source variable"
    );
    let panels = dashboard["panels"].as_array().expect("panels");
    assert!(panels.len() >= 10);
    let mut ids = BTreeSet::new();
    for panel in panels {
        let title = panel["title"].as_str().expect("a title");
        assert!(
            ids.insert(panel["id"].as_u64().expect("an id")),
            "{title}: a second id"
        );
        assert_eq!(panel["datasource"]["uid"], "${datasource}", "{title}");
        let pos = &panel["gridPos"];
        for key in ["x", "y", "w", "h"] {
            assert!(pos[key].is_u64(), "{title}: gridPos.{key}");
        }
        let targets = panel["targets"].as_array().expect("targets");
        assert!(!targets.is_empty(), "{title}: no targets");
        for target in targets {
            assert!(target["refId"].is_string(), "{title}");
            assert!(
                target["expr"]
                    .as_str()
                    .is_some_and(|e| e.contains("urbis_")),
                "{title}"
            );
        }
    }
}

fn get(address: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(address).expect("connects");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .expect("sends");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("reads");
    response
}

/// The alert rules and the dashboard use only metric names a live `urbis serve` exports (with
/// a backup directory, so the backup figure is there too).
#[test]
fn rules_and_dashboard_name_only_exported_metrics() {
    let db = urbis_testkit::sqlite();
    let demo = Command::new(env!("CARGO_BIN_EXE_urbis"))
        .arg("demo")
        .env("URBIS_DATABASE_URL", db.url())
        .output()
        .expect("demo runs");
    assert!(demo.status.success());
    let free = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let metrics_addr = free.local_addr().expect("address").to_string();
    drop(free);
    let backups = db.dir().join("backups");
    std::fs::create_dir_all(&backups).expect("creates");
    std::fs::write(backups.join("urbis-2026-01-01.zip"), b"PK").expect("writes");
    let server = Server::start(
        Command::new(env!("CARGO_BIN_EXE_urbis"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .env("URBIS_DATABASE_URL", db.url())
            .env("URBIS_SEARCH_DIR", db.dir().join("search"))
            .env("URBIS_FILES_DIR", db.dir().join("files"))
            .env(
                "URBIS_MAIL_URL",
                format!("file://{}", db.dir().join("mail").display()),
            )
            .env("URBIS_METRICS_ADDR", &metrics_addr)
            .env("URBIS_BACKUP_DIR", &backups)
            .env("URBIS_LOG", "info")
            .env_remove("URBIS_LOG_FORMAT")
            .env_remove("URBIS_FORUM")
            .env_remove("URBIS_METRICS_TOKEN"),
    );
    // A request of each status class the rules look at, so the families have samples.
    get(&server.address, "/events");
    get(&server.address, "/nothing-here");
    let text = get(&metrics_addr, "/metrics");
    let exported: BTreeSet<String> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| l.split(['{', ' ']).next())
        .filter(|name| name.starts_with("urbis_"))
        .map(str::to_owned)
        .collect();
    assert!(
        exported.contains("urbis_backup_last_success_timestamp_seconds"),
        "{text}"
    );
    let mut used = BTreeSet::new();
    let expressions = rule_expressions()
        .into_iter()
        .chain(dashboard_expressions(&dashboard()));
    for (place, expr) in expressions {
        for name in metric_names(&expr) {
            assert!(
                exported.contains(&name),
                "{place} uses {name}, which urbis does not export:\n{exported:#?}"
            );
            used.insert(name);
        }
    }
    assert!(used.len() >= 15, "{used:?}");
    drop(server);
}

/// Every document of the Kubernetes manifests.
fn manifests() -> Vec<serde_yaml::Value> {
    let dir = root().join("ops/kubernetes");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("ops/kubernetes")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    let mut docs = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("reads");
        for doc in serde_yaml::Deserializer::from_str(&text) {
            let value = <serde_yaml::Value as serde::Deserialize>::deserialize(doc)
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            assert!(
                value["apiVersion"].is_string(),
                "{}: apiVersion",
                file.display()
            );
            docs.push(value);
        }
    }
    docs
}

fn of_kind<'a>(docs: &'a [serde_yaml::Value], kind: &str) -> Vec<&'a serde_yaml::Value> {
    docs.iter().filter(|d| d["kind"] == kind).collect()
}

#[test]
fn the_kubernetes_manifests_probe_real_routes_and_set_real_settings() {
    let docs = manifests();
    let deployment = of_kind(&docs, "Deployment");
    assert_eq!(deployment.len(), 1);
    let deployment = deployment[0];
    assert_eq!(deployment["spec"]["replicas"], 2);
    let pod = &deployment["spec"]["template"]["spec"];
    let container = &pod["containers"][0];
    let args: Vec<&str> = container["args"]
        .as_sequence()
        .expect("args")
        .iter()
        .filter_map(|a| a.as_str())
        .collect();
    assert_eq!(args[..2], ["serve", "--addr"]);
    let port_of = |name: &str| {
        container["ports"]
            .as_sequence()
            .expect("ports")
            .iter()
            .find(|p| p["name"] == name)
            .and_then(|p| p["containerPort"].as_u64())
            .unwrap_or_else(|| panic!("no container port {name}"))
    };
    assert!(args[2].ends_with(&format!(":{}", port_of("http"))));
    for (probe, path) in [
        ("readinessProbe", "/readyz"),
        ("livenessProbe", "/healthz"),
        ("startupProbe", "/healthz"),
    ] {
        let get = &container[probe]["httpGet"];
        assert_eq!(get["path"], path, "{probe}");
        assert!(
            urbis_web::ROUTES.contains(&("get", path)),
            "{probe}: {path} is no route of urbis"
        );
        port_of(get["port"].as_str().expect("a named port"));
    }

    // Settings come from the ConfigMap and the Secret the pods name; every one is read by urbis.
    let mut names = BTreeSet::new();
    for source in container["envFrom"].as_sequence().expect("envFrom") {
        let (kind, name, data) = if let Some(name) = source["configMapRef"]["name"].as_str() {
            ("ConfigMap", name, "data")
        } else {
            let name = source["secretRef"]["name"].as_str().expect("a secret");
            ("Secret", name, "stringData")
        };
        let found = of_kind(&docs, kind)
            .into_iter()
            .find(|d| d["metadata"]["name"] == name)
            .unwrap_or_else(|| panic!("no {kind} {name}"));
        for key in found[data].as_mapping().expect("settings").keys() {
            names.insert(key.as_str().expect("a name").to_owned());
        }
    }
    for needed in [
        "URBIS_DATABASE_URL",
        "URBIS_S3_BUCKET",
        "URBIS_TRUSTED_PROXIES",
        "URBIS_METRICS_ADDR",
    ] {
        assert!(names.contains(needed), "{needed} is not set");
    }
    let metrics_addr = names.contains("URBIS_METRICS_ADDR");
    assert!(metrics_addr);
    let code = sources();
    let mut all = String::new();
    for file in [
        "ops/kubernetes/config.yaml",
        "ops/kubernetes/deployment.yaml",
        "ops/kubernetes/backup.yaml",
    ] {
        all.push_str(&read(file));
    }
    for name in variables(&all) {
        assert!(
            code.contains(&format!("\"{name}\"")),
            "the manifests set {name}, which no crate reads"
        );
    }
    let config = of_kind(&docs, "ConfigMap")[0];
    let metrics_port = config["data"]["URBIS_METRICS_ADDR"]
        .as_str()
        .and_then(|a| a.rsplit(':').next())
        .and_then(|p| p.parse::<u64>().ok());
    assert_eq!(metrics_port, Some(port_of("metrics")));

    // The Service sends traffic to the named ports; the backup job runs `urbis backup`.
    let service = of_kind(&docs, "Service")[0];
    for port in service["spec"]["ports"].as_sequence().expect("ports") {
        port_of(port["targetPort"].as_str().expect("a named target port"));
    }
    let job = of_kind(&docs, "CronJob")[0];
    let job_text = serde_yaml::to_string(job).expect("writes");
    assert!(job_text.contains("urbis backup /backups/"), "{job_text}");
}

/// A GET with extra header lines; the whole answer.
fn get_with(address: &str, path: &str, headers: &str) -> String {
    let mut stream = TcpStream::connect(address).expect("connects");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\n{headers}Connection: close\r\n\r\n"
    )
    .expect("sends");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("reads");
    response
}

/// Waits up to 60 s for a JSON log line of `log` that `pick` accepts.
fn log_line(log: &Path, pick: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
    let started = std::time::Instant::now();
    loop {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let found = text
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find(|l| pick(l));
        if let Some(line) = found {
            return line;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "no such log line in:\n{text}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// With JSON logs, each request ends in one line that names its request id (a trusted
/// proxy's, echoed in the answer), the client behind the proxy, the route's path and the status.
#[test]
fn each_request_logs_one_json_line_with_its_id_and_client() {
    let db = urbis_testkit::sqlite();
    let demo = Command::new(env!("CARGO_BIN_EXE_urbis"))
        .arg("demo")
        .env("URBIS_DATABASE_URL", db.url())
        .output()
        .expect("demo runs");
    assert!(demo.status.success());
    let log = db.dir().join("serve.log");
    let mut child = Command::new(env!("CARGO_BIN_EXE_urbis"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--trusted-proxies",
            "127.0.0.1",
        ])
        .env("URBIS_DATABASE_URL", db.url())
        .env("URBIS_SEARCH_DIR", db.dir().join("search"))
        .env("URBIS_FILES_DIR", db.dir().join("files"))
        .env(
            "URBIS_MAIL_URL",
            format!("file://{}", db.dir().join("mail").display()),
        )
        .env("URBIS_LOG", "info")
        .env("URBIS_LOG_FORMAT", "json")
        .env_remove("URBIS_FORUM")
        .env_remove("URBIS_METRICS_TOKEN")
        .env_remove("URBIS_METRICS_ADDR")
        .stderr(std::fs::File::create(&log).expect("a log file"))
        .spawn()
        .expect("urbis serve starts");
    let serving = log_line(&log, |l| l["fields"]["address"].is_string());
    let address = serving["fields"]["address"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let answer = get_with(
        &address,
        "/about",
        "X-Request-Id: proxy-id-42\r\nX-Forwarded-For: 203.0.113.9\r\n",
    );
    let _ = child.kill();
    assert!(
        answer
            .to_ascii_lowercase()
            .contains("x-request-id: proxy-id-42"),
        "{answer}"
    );
    let line = log_line(&log, |l| l["span"]["request_id"] == "proxy-id-42");
    let _ = child.wait();
    assert_eq!(
        line["fields"]["message"], "finished processing request",
        "{line}"
    );
    assert_eq!(line["fields"]["status"], 200, "{line}");
    assert_eq!(line["span"]["client"], "203.0.113.9", "{line}");
    assert_eq!(line["span"]["path"], "/about", "{line}");
    assert_eq!(line["span"]["method"], "GET", "{line}");
}
