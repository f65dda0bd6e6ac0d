//! Fuzz target: the JSON importer (`urbis import`: `Dataset::from_json`, `prepare`,
//! `Store::import`). Documents derived from the real demo export — values changed, keys dropped
//! or repeated, wrong types, deep nesting, huge strings, broken bytes — never panic and never
//! hang: they give a list of problems with JSON paths or a complete import, and after a failed
//! import the store is exactly as it was.
//! Longer run: `PROPTEST_CASES=100000 cargo test --release -p urbis-store --test it fuzz_import::`.

use std::sync::OnceLock;

use proptest::prelude::*;
use serde_json::Value;
use urbis_domain::Dataset;
use urbis_domain::dataset::ReadError;
use urbis_store::{Store, StoreError};
use urbis_testkit::fuzz::{Mutation, mutate, mutations};

use crate::common;

/// The demo network as `urbis export` writes it (UUIDs, audit log) and as its files hold it
/// (readable keys).
struct Seeds {
    export: Value,
    keyed: Value,
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap()
    })
}

fn seeds() -> &'static Seeds {
    static SEEDS: OnceLock<Seeds> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let keyed = urbis_demo::dataset().unwrap();
        let export = runtime().block_on(async {
            let db = urbis_testkit::sqlite();
            let store = common::open(&db).await;
            store.import(keyed.clone()).await.unwrap();
            let export = store.export().await.unwrap();
            store.close().await;
            export
        });
        Seeds {
            export: serde_json::from_str(&export.to_json()).unwrap(),
            keyed: serde_json::from_str(&keyed.to_json()).unwrap(),
        }
    })
}

/// A change to the document's tree; nodes are numbered in document order and wrap around.
#[derive(Debug, Clone)]
enum Change {
    /// Replaces a node by another value (often of the wrong type).
    Replace(usize, Value),
    /// Replaces the next node of the same JSON type by another value of that type.
    Similar(usize, Value),
    /// Removes a node from its object or array.
    Remove(usize),
    /// Repeats an element of an array (the same id twice) or copies a value over another.
    Copy(usize, usize),
    /// Copies one string over another (an id into a reference, a slug onto another one).
    CopyText(usize, usize),
    /// Wraps a node in `depth` arrays.
    Nest(usize, usize),
    /// Replaces a node by a string of `len` characters.
    Huge(usize, usize),
    /// Adds an unknown field to an object.
    Unknown(usize, String),
}

/// A document as the fuzzer hands it to `urbis import`.
#[derive(Debug, Clone)]
struct Input {
    from_export: bool,
    /// Keep only the first `forums` forums and `per_list` records of each list (small inputs
    /// shrink better and run faster).
    forums: usize,
    per_list: usize,
    changes: Vec<Change>,
    /// A key repeated in the text (`"id": …` twice): serde_json keeps the last.
    duplicate_key: Option<usize>,
    bytes: Vec<Mutation>,
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        Just(Value::from(u64::MAX)),
        Just(Value::from(-1)),
        Just(Value::Array(vec![])),
        Just(Value::Object(serde_json::Map::new())),
        prop::sample::select(vec![
            "",
            " ",
            "x",
            "urbis",
            "public",
            "members",
            "staff",
            "secret",
            "de",
            "en",
            "xx",
            "2022",
            "2022-02",
            "2022-02-30",
            "2022-13",
            "0000",
            "99999-01-01",
            "2022-05-04T10:00",
            "2022-05-04T25:00",
            "2022-05-04T10:00:00Z",
            "Europe/Berlin",
            "Mars/Olympus",
            "0190a000-0000-7000-8000-00000000000e",
            "00000000-0000-0000-0000-000000000000",
            "not-a-uuid",
            "defus",
            "efus",
            "t-open",
            "city",
            "held",
            "planned",
            "cancelled",
            "https://example.org",
            "javascript:alert(1)",
            "mailto:x",
            "a@example.org",
            "@",
            "\u{0}",
            "\u{feff}",
            "\u{202e}",
            "ä",
            "<script>alert(1)</script>",
        ])
        .prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
    ]
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        1 => (any::<usize>(), leaf()).prop_map(|(n, v)| Change::Replace(n, v)),
        6 => (any::<usize>(), leaf()).prop_map(|(n, v)| Change::Similar(n, v)),
        2 => any::<usize>().prop_map(Change::Remove),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Change::Copy(a, b)),
        4 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Change::CopyText(a, b)),
        1 => (any::<usize>(), 1usize..300).prop_map(|(n, d)| Change::Nest(n, d)),
        1 => (any::<usize>(), 1usize..2_000_000).prop_map(|(n, l)| Change::Huge(n, l)),
        1 => (any::<usize>(), "[a-z_]{1,12}").prop_map(|(n, k)| Change::Unknown(n, k)),
    ]
}

fn input() -> impl Strategy<Value = Input> {
    (
        any::<bool>(),
        1usize..7,
        1usize..6,
        prop::collection::vec(change(), 0..6),
        prop::option::weighted(0.1, any::<usize>()),
        prop_oneof![4 => Just(vec![]), 1 => mutations(3)],
    )
        .prop_map(
            |(from_export, forums, per_list, changes, duplicate_key, bytes)| Input {
                from_export,
                forums,
                per_list,
                changes,
                duplicate_key,
                bytes,
            },
        )
}

/// The paths of every node, in document order (the root is `[]`).
fn paths(value: &Value, at: &mut Vec<PathPart>, out: &mut Vec<Vec<PathPart>>) {
    out.push(at.clone());
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                at.push(PathPart::Index(i));
                paths(item, at, out);
                at.pop();
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                at.push(PathPart::Key(key.clone()));
                paths(item, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

#[derive(Debug, Clone)]
enum PathPart {
    Key(String),
    Index(usize),
}

fn node<'a>(value: &'a mut Value, path: &[PathPart]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, part| match part {
        PathPart::Key(k) => v.get_mut(k.as_str()),
        PathPart::Index(i) => v.get_mut(*i),
    })
}

fn pick(document: &Value, n: usize) -> Vec<PathPart> {
    pick_like(document, n, |_| true).unwrap_or_default()
}

/// The `n`th node (wrapping) among those `like` accepts.
fn pick_like(document: &Value, n: usize, like: impl Fn(&Value) -> bool) -> Option<Vec<PathPart>> {
    let mut all = Vec::new();
    paths(document, &mut Vec::new(), &mut all);
    let mut matching: Vec<Vec<PathPart>> = all
        .into_iter()
        .filter(|path| {
            let mut document = document;
            for part in path {
                document = match part {
                    PathPart::Key(k) => &document[k.as_str()],
                    PathPart::Index(i) => &document[*i],
                };
            }
            like(document)
        })
        .collect();
    if matching.is_empty() {
        return None;
    }
    let at = n % matching.len();
    Some(matching.swap_remove(at))
}

fn same_type(a: &Value, b: &Value) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

impl Input {
    fn text(&self) -> Vec<u8> {
        let seeds = seeds();
        let mut document = if self.from_export {
            seeds.export.clone()
        } else {
            seeds.keyed.clone()
        };
        if let Some(Value::Array(forums)) = document.get_mut("forums") {
            forums.truncate(self.forums);
            for forum in forums {
                if let Value::Object(lists) = forum {
                    for list in lists.values_mut() {
                        if let Value::Array(records) = list {
                            records.truncate(self.per_list);
                        }
                    }
                }
            }
        }
        for change in &self.changes {
            apply(&mut document, change);
        }
        let mut text = serde_json::to_string_pretty(&document).unwrap();
        if let Some(n) = self.duplicate_key {
            let keys: Vec<usize> = text.match_indices("\": ").map(|(i, _)| i).collect();
            if let Some(&end) = keys.get(n % keys.len().max(1)) {
                let start = text[..end].rfind('"').unwrap_or(0);
                let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
                let line = text[start..line_end].trim_end_matches(',').to_owned();
                text.insert_str(start, &format!("{line},\n"));
            }
        }
        mutate(text.as_bytes(), &self.bytes)
    }
}

fn apply(document: &mut Value, change: &Change) {
    match change {
        Change::Replace(n, value) => {
            let path = pick(document, *n);
            if let Some(node) = node(document, &path) {
                *node = value.clone();
            }
        }
        Change::Similar(n, value) => {
            if let Some(path) = pick_like(document, *n, |v| same_type(v, value))
                && let Some(node) = node(document, &path)
            {
                *node = value.clone();
            }
        }
        Change::CopyText(from, to) => {
            let source = pick_like(document, *from, Value::is_string);
            let target = pick_like(document, *to, Value::is_string);
            if let (Some(source), Some(target)) = (source, target) {
                let value = node(document, &source)
                    .map(|v| v.clone())
                    .unwrap_or_default();
                if let Some(node) = node(document, &target) {
                    *node = value;
                }
            }
        }
        Change::Remove(n) => {
            let path = pick(document, *n);
            let Some((last, parent)) = path.split_last() else {
                return;
            };
            match (node(document, parent), last) {
                (Some(Value::Object(map)), PathPart::Key(k)) => {
                    map.remove(k);
                }
                (Some(Value::Array(items)), PathPart::Index(i)) => {
                    items.remove(*i);
                }
                _ => {}
            }
        }
        Change::Copy(from, to) => {
            let source = pick(document, *from);
            let Some(value) = node(document, &source).map(|v| v.clone()) else {
                return;
            };
            let target = pick(document, *to);
            match node(document, &target) {
                // Into an array: one more element (a record twice, with the same id).
                Some(Value::Array(items)) => {
                    let copy = items.first().cloned().unwrap_or(value);
                    items.push(copy);
                }
                Some(node) => *node = value,
                None => {}
            }
        }
        Change::Nest(n, depth) => {
            let path = pick(document, *n);
            if let Some(node) = node(document, &path) {
                let mut value = node.take();
                for _ in 0..*depth {
                    value = Value::Array(vec![value]);
                }
                *node = value;
            }
        }
        Change::Huge(n, len) => {
            let path = pick(document, *n);
            if let Some(node) = node(document, &path) {
                *node = Value::from("ü".repeat(*len / 2));
            }
        }
        Change::Unknown(n, key) => {
            let path = pick(document, *n);
            if let Some(Value::Object(map)) = node(document, &path) {
                map.insert(key.clone(), Value::from(1));
            } else if let Some(Value::Object(map)) =
                node(document, &path[..path.len().saturating_sub(1)])
            {
                map.insert(key.clone(), Value::from(1));
            }
        }
    }
}

/// Reads a file the way `urbis import` does; the problems, or the document ready to store.
fn read(bytes: &[u8]) -> Result<Dataset, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_owned())?;
    let dataset = Dataset::from_json(text).map_err(|e| {
        if let ReadError::Field { path, .. } = &e {
            assert!(!path.is_empty(), "a field error names its path: {e}");
        }
        e.to_string()
    })?;
    Ok(dataset)
}

#[test]
fn fuzz_import_prepare_never_panics_and_names_paths() {
    let _ = seeds();
    let outcomes = Outcomes::default();
    urbis_testkit::fuzz::run("import_prepare", file!(), 400, input(), |input| {
        let bytes = input.text();
        let mut dataset = match read(&bytes) {
            Ok(dataset) => dataset,
            Err(message) => {
                outcomes.count(kind_of(&message));
                if std::env::var_os("FUZZ_SHOW").is_some() {
                    eprintln!("{}", message.chars().take(200).collect::<String>());
                }
                prop_assert!(!message.is_empty());
                return Ok(());
            }
        };
        let prepared = dataset.prepare();
        outcomes.count(if prepared.is_ok() {
            "ready"
        } else {
            "problems"
        });
        if let Err(problems) = prepared {
            prop_assert!(!problems.is_empty());
            for problem in problems.iter() {
                prop_assert!(
                    problem.field.starts_with("forums["),
                    "a problem without a JSON path: {problem}"
                );
                prop_assert!(!problem.message.is_empty());
            }
        }
        Ok(())
    });
    outcomes.print("import_prepare");
}

/// What kind of "cannot read" a message says.
fn kind_of(message: &str) -> &'static str {
    if message == "not UTF-8 text" {
        "unreadable: not UTF-8"
    } else if message.contains("not valid JSON") {
        "unreadable: not JSON"
    } else if message.starts_with("not an urbis export") || message.starts_with("export version") {
        "unreadable: not an export"
    } else {
        "unreadable: a field"
    }
}

/// How the cases ended, to show that the fuzzer reaches every stage.
#[derive(Default)]
struct Outcomes(std::sync::Mutex<std::collections::BTreeMap<&'static str, u32>>);

impl Outcomes {
    fn count(&self, what: &'static str) {
        *self.0.lock().unwrap().entry(what).or_default() += 1;
    }

    fn print(&self, name: &str) {
        println!("fuzz {name}: outcomes {:?}", self.0.lock().unwrap());
    }
}

/// A store that already holds a forum (the full fixture), so that a failed import has
/// something to leave alone.
async fn base_store(db: &urbis_testkit::TestDb) -> Store {
    let store = common::open(db).await;
    store.import(common::full()).await.unwrap();
    store
}

#[test]
fn fuzz_import_into_a_store_is_all_or_nothing() {
    let _ = seeds();
    let runtime = runtime();
    let fresh = || {
        let db = urbis_testkit::sqlite();
        let store = runtime.block_on(base_store(&db));
        (db, store)
    };
    let current = std::cell::RefCell::new(fresh());
    let outcomes = Outcomes::default();
    urbis_testkit::fuzz::run("import_store", file!(), 150, input(), |input| {
        let Ok(dataset) = read(&input.text()) else {
            outcomes.count("unreadable");
            return Ok(());
        };
        let store = current.borrow().1.clone();
        let (result, before, after) = runtime.block_on(async {
            let before = store.export().await.unwrap();
            let result = store.import(dataset).await;
            let after = store.export().await.unwrap();
            (result, before, after)
        });
        match result {
            Ok(summary) => {
                outcomes.count("imported");
                prop_assert!(summary.forums > 0 || before == after);
                prop_assert!(after.forums.len() == before.forums.len() + summary.forums);
                // The next case starts from the base store again.
                let (_, old) = current.replace(fresh());
                runtime.block_on(old.close());
            }
            Err(StoreError::Invalid(problems)) => {
                outcomes.count("refused");
                prop_assert!(!problems.is_empty());
                for problem in problems.iter() {
                    prop_assert!(
                        problem.field.starts_with("forums["),
                        "a problem without a JSON path: {problem}"
                    );
                }
                prop_assert!(before == after, "a failed import changed the store");
            }
            Err(other) => prop_assert!(false, "the import failed without saying where: {other:?}"),
        }
        Ok(())
    });
    outcomes.print("import_store");
}

#[test]
fn byte_mutations_and_changes_reach_the_reader() {
    // The generators make what they claim: a broken byte gives "not UTF-8", deep nesting and
    // a wrong type give problems with paths.
    let _ = seeds();
    let plain = Input {
        from_export: true,
        forums: 2,
        per_list: 2,
        changes: vec![],
        duplicate_key: None,
        bytes: vec![],
    };
    let mut dataset = read(&plain.text()).unwrap();
    dataset.prepare().unwrap();
    let broken = Input {
        bytes: vec![Mutation::Set(10, 0xff)],
        ..plain.clone()
    };
    assert_eq!(read(&broken.text()).unwrap_err(), "not UTF-8 text");
    let deep = Input {
        changes: vec![Change::Nest(5, 200)],
        ..plain.clone()
    };
    assert!(read(&deep.text()).unwrap_err().contains("recursion"));
    let error =
        read(br#"{"format": "urbis", "version": 1, "forums": [{"events": 3}]}"#).unwrap_err();
    assert!(error.starts_with("forums[0].events:"), "{error}");
}
