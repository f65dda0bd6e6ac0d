//! The texts of the events area (`locales/*/events.ftl`): the same ids in German and English,
//! and every `events-…` id the code and templates use exists in both.

use std::path::Path;

use urbis_app::i18n::Tr;
use urbis_domain::Lang;

fn ids(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.starts_with(' ') && !l.starts_with('#') && l.contains(" ="))
        .map(|l| l.split(" =").next().unwrap().to_owned())
        .collect()
}

/// Every `"events-…"` id in the files below `dir`.
fn used(dir: &Path, found: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            used(&path, found);
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for part in text.split('"').skip(1).step_by(2) {
            if part.starts_with("events-")
                && part.len() > 7
                && part.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
            {
                found.push(part.to_owned());
            }
        }
    }
}

#[test]
fn every_events_text_exists_in_german_and_english() {
    let de = ids(include_str!("../../../i18n/locales/de/events.ftl"));
    let en = ids(include_str!("../../../i18n/locales/en/events.ftl"));
    assert_eq!(de, en);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut found = Vec::new();
    for dir in [
        "app/src/events",
        "web/src/events",
        "web/templates/events",
        "web/templates/accounts",
    ] {
        used(&root.join(dir), &mut found);
    }
    found.sort();
    found.dedup();
    assert!(found.len() > 40, "{found:?}");
    for id in found {
        for lang in [Lang::De, Lang::En] {
            let text = Tr::new(lang).count(&id, "count", &2);
            assert!(
                !text.is_empty() && !text.starts_with("Unknown localization key"),
                "{id} in {lang:?}: {text}"
            );
        }
    }
    assert_ne!(
        Tr::new(Lang::De).get("events-mine-title"),
        Tr::new(Lang::En).get("events-mine-title")
    );
}
