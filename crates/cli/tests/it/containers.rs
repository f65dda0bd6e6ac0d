//! The container recipe and the scale-out compose file say what the code reads: they cannot be
//! run here (no images can be pulled), so these checks read them.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(root().join(name)).expect("the file is there")
}

/// Every `URBIS_…` name in a text.
pub(crate) fn variables(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("URBIS_") {
        let name: String = rest[at..]
            .chars()
            .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_')
            .collect();
        rest = &rest[at + name.len()..];
        if !found.contains(&name) {
            found.push(name);
        }
    }
    found
}

/// The Rust sources of every crate, concatenated.
pub(crate) fn sources() -> String {
    fn walk(dir: &Path, out: &mut String) {
        for entry in std::fs::read_dir(dir).expect("reads") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push_str(&std::fs::read_to_string(&path).expect("reads"));
            }
        }
    }
    let mut out = String::new();
    for krate in std::fs::read_dir(root().join("crates")).expect("crates") {
        let src = krate.expect("crate").path().join("src");
        if src.is_dir() {
            walk(&src, &mut out);
        }
    }
    out
}

#[test]
fn the_compose_file_runs_two_nodes_on_postgres_and_s3_behind_a_proxy() {
    let mut compose: serde_yaml::Value = serde_yaml::from_str(&read("compose.yaml")).unwrap();
    compose.apply_merge().unwrap();
    let services = &compose["services"];
    for name in ["postgres", "s3", "urbis1", "urbis2", "proxy"] {
        assert!(services.get(name).is_some(), "no service {name}");
    }
    assert!(
        services["postgres"]["image"]
            .as_str()
            .unwrap()
            .starts_with("postgres:15"),
        "PostgreSQL 15"
    );
    for node in ["urbis1", "urbis2"] {
        let env = &services[node]["environment"];
        let url = env["URBIS_DATABASE_URL"].as_str().unwrap();
        assert!(
            url.starts_with("postgres://") && url.contains("@postgres:"),
            "{url}"
        );
        assert!(
            env["URBIS_S3_BUCKET"].as_str().is_some(),
            "{node} has no bucket"
        );
        assert!(
            env["URBIS_S3_ENDPOINT"].as_str().unwrap().contains("//s3:"),
            "{node} uses the s3 service"
        );
        let command: Vec<&str> = services[node]["command"]
            .as_sequence()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(command, ["serve", "--addr", "0.0.0.0:8080"], "{node}");
    }
    assert_eq!(
        services["urbis1"]["environment"], services["urbis2"]["environment"],
        "both nodes are configured alike"
    );
    let proxy = serde_yaml::to_string(&services["proxy"]).unwrap();
    assert!(
        proxy.contains("urbis1:8080") && proxy.contains("urbis2:8080"),
        "{proxy}"
    );
    let bucket = services["urbis1"]["environment"]["URBIS_S3_BUCKET"]
        .as_str()
        .unwrap();
    let make_bucket = serde_yaml::to_string(&services["s3-bucket"]).unwrap();
    assert!(make_bucket.contains(&format!("mb --ignore-existing local/{bucket}")));
}

#[test]
fn every_variable_the_recipes_set_is_read_by_the_code() {
    let code = sources();
    for file in ["compose.yaml", "Dockerfile"] {
        let names = variables(&read(file));
        assert!(!names.is_empty(), "{file} sets no URBIS_ variable");
        for name in names {
            assert!(
                code.contains(&format!("\"{name}\"")),
                "{file} sets {name}, which no crate reads"
            );
        }
    }
}

#[test]
fn the_image_builds_in_two_stages_and_runs_unprivileged() {
    let docker = read("Dockerfile");
    assert!(docker.contains("FROM rust:") && docker.contains(" AS build"));
    assert!(docker.contains("FROM debian:bookworm-slim"));
    assert!(docker.contains("\nUSER urbis\n"));
    assert!(docker.contains("HEALTHCHECK") && docker.contains("/healthz"));
    assert!(docker.contains(r#"CMD ["serve", "--addr", "0.0.0.0:8080"]"#));
    assert!(docker.contains("cargo build --release --locked -p urbis"));
    let ignore = read(".dockerignore");
    assert!(
        ignore.lines().any(|l| l == "target"),
        "the build context skips target/"
    );
}
