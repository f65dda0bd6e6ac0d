//! The catalogue as a whole: every text exists in every language (in the same file), and every
//! text is used somewhere in the workspace — so a page, a mail or the report never shows a key
//! instead of a word, and no text is left behind when the code that used it goes.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use urbis_i18n::UI_LANGS;

/// Keys the program puts together at run time from a prefix and the name of a value, so that
/// they never stand whole in the source. Every key with one of these prefixes counts as used;
/// each line says where it is built.
const BUILT_FROM_A_PREFIX: &[(&str, &str)] = &[
    // web admin/form.rs `field_label`, `value_label`, the language of a text input.
    (
        "bo-field-",
        "the back office's label of a field, by its JSON name",
    ),
    (
        "bo-value-",
        "the back office's label of an enum value, by its serde name",
    ),
    (
        "bo-lang-",
        "the back office's name of a language, by its code",
    ),
    // web admin/start.rs `kind_label`.
    (
        "bo-kind-",
        "the back office's name of a record kind, by its plural",
    ),
    // web search.rs: result and facet labels.
    ("search-kind-", "the name of a kind of search result"),
    // web accounts/account.rs and accounts/admin.rs.
    ("role-", "the name of a role in a forum"),
    // web accounts/audit.rs: the audit action, lower case.
    ("audit-", "the name of an audit action"),
    // web templates/knowledge/board.html.
    ("knowledge-kind-", "the name of a kind of collection entry"),
    // web format.rs `label(t, prefix, value)`, called with these prefixes.
    ("event-kind-", "format::label"),
    ("event-format-", "format::label"),
    ("event-status-", "format::label"),
    ("project-kind-", "format::label"),
    ("project-status-", "format::label"),
    ("application-status-", "format::label"),
    ("partner-role-", "format::label"),
    ("publication-kind-", "format::label"),
    ("organisation-kind-", "format::label"),
    ("appointment-role-", "format::label"),
    ("advocacy-kind-", "format::label"),
    ("advocacy-cooperation-", "format::label"),
    ("advocacy-outreach-", "format::label"),
];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the workspace")
}

fn locales() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("locales")
}

/// Every message id of one language, with the file it is in.
fn messages(lang: &str) -> BTreeMap<String, String> {
    let mut ids = BTreeMap::new();
    for entry in std::fs::read_dir(locales().join(lang)).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            path.extension().is_some_and(|e| e == "ftl"),
            "{lang}/{file} is not a Fluent file"
        );
        let text = std::fs::read_to_string(&path).unwrap();
        for line in text.lines() {
            if !line.starts_with(|c: char| c.is_ascii_alphabetic()) {
                continue;
            }
            let id = line.split('=').next().unwrap_or_default().trim().to_owned();
            let before = ids.insert(id.clone(), file.clone());
            assert!(before.is_none(), "{id} twice in {lang}");
        }
    }
    ids
}

/// The language folders under `locales/`.
fn languages() -> Vec<String> {
    let mut langs: Vec<String> = std::fs::read_dir(locales())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    langs.sort();
    langs
}

#[test]
fn every_language_has_every_text_in_the_same_file() {
    let langs = languages();
    let served: BTreeSet<String> = UI_LANGS.iter().map(|l| l.code().to_owned()).collect();
    assert_eq!(
        langs.iter().cloned().collect::<BTreeSet<_>>(),
        served,
        "the folders under locales/ are the interface languages"
    );
    let all: BTreeMap<String, BTreeMap<String, String>> = langs
        .iter()
        .map(|lang| (lang.clone(), messages(lang)))
        .collect();
    let every: BTreeSet<&String> = all.values().flat_map(|ids| ids.keys()).collect();
    let mut problems = Vec::new();
    for id in every {
        let files: BTreeMap<&String, Option<&String>> =
            all.iter().map(|(lang, ids)| (lang, ids.get(id))).collect();
        for (lang, file) in &files {
            if file.is_none() {
                problems.push(format!("{id} is missing in {lang}"));
            }
        }
        let named: BTreeSet<&String> = files.values().flatten().copied().collect();
        if named.len() > 1 {
            problems.push(format!("{id} is in different files: {files:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The text of every file under `dir`, appended to `out`.
fn read_tree(dir: &Path, out: &mut String) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            read_tree(&path, out);
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            out.push_str(&text);
            out.push('\n');
        }
    }
}

/// The sources and templates of every crate but this one (whose own tests name keys only to
/// check them).
fn sources() -> String {
    let mut text = String::new();
    for entry in std::fs::read_dir(workspace().join("crates")).unwrap() {
        let crate_dir = entry.unwrap().path();
        if crate_dir.file_name().is_some_and(|n| n == "i18n") {
            continue;
        }
        read_tree(&crate_dir.join("src"), &mut text);
        read_tree(&crate_dir.join("templates"), &mut text);
    }
    assert!(text.len() > 1_000_000, "the sources were not found");
    text
}

#[test]
fn every_text_is_used_somewhere() {
    let sources = sources();
    let german = messages("de");
    let unused: Vec<&String> = german
        .keys()
        .filter(|id| {
            !BUILT_FROM_A_PREFIX
                .iter()
                .any(|(prefix, _)| id.starts_with(prefix))
        })
        .filter(|id| !sources.contains(&format!("\"{id}\"")))
        .collect();
    assert!(
        unused.is_empty(),
        "{} texts are used nowhere in crates/*/src or crates/*/templates (delete them, or name \
         the prefix they are built from):\n{}",
        unused.len(),
        unused
            .iter()
            .map(|id| format!("{id} ({})", german[*id]))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn every_prefix_builds_texts_that_exist() {
    let german = messages("de");
    for (prefix, why) in BUILT_FROM_A_PREFIX {
        assert!(
            german.keys().any(|id| id.starts_with(prefix)),
            "no text starts with {prefix} ({why}): drop the prefix"
        );
    }
}
