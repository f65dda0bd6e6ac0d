//! How long every text and list of a record may be, in one place.
//!
//! Without limits a single request could store a 100,000-character topic name that every page,
//! feed, search index and report then carries. The limits are checked generically over the
//! record's serialised JSON rather than field by field in each `validate`: the JSON has the
//! shape and the paths that import files, the API and the admin forms use (`title.de`,
//! `speakers[2].name`), so every problem lands at the field a person typed into, and every
//! string and list is limited by construction, including fields added later. A string field not
//! named in [`TEXTS`] gets [`NAME`], the strict default, so a forgotten long text shows up as a
//! limit that is too tight (the demo data and the tests catch it), never as no limit at all.
//! Translatable texts are limited per language; counts are characters, not bytes.
//!
//! [`Record::validate`](crate::record::Record::validate) runs the check for every record kind;
//! [`User::validate`](crate::accounts::User::validate) for accounts.

use serde::Serialize;
use serde_json::Value;

use crate::text::Lang;
use crate::validation::Problems;

/// Short names and acronyms ("DEFUS", "KoSiPol"): printed in running text and tables.
pub const SHORT_NAME: usize = 40;
/// Phone numbers, with room for extensions and spacing.
pub const PHONE: usize = 50;
/// Slugs and section keys: parts of addresses.
pub const SLUG: usize = 80;
/// Short one-line values: academic titles, consent purposes, fee categories, time zones.
pub const SHORT: usize = 100;
/// A person's given or family name, a guest's or a user's name.
pub const PERSON_NAME: usize = 200;
/// A person's function as printed ("Alderman for Youth, Schools and Sport of the City of Essen").
pub const FUNCTION: usize = 200;
/// An email address (RFC 5321 allows no longer path).
pub const EMAIL: usize = 254;
/// Names, titles, headings, captions, venues, cities, programmes, authors, file names, ids:
/// the default for every string not named in [`TEXTS`].
pub const NAME: usize = 300;
/// How a consent was given or withdrawn ("registration form of 3 May 2022").
pub const CONSENT_HOW: usize = 500;
/// One paragraph: summaries, audiences, outcomes, reasons, the network's role.
pub const SUMMARY: usize = 2_000;
/// Web addresses (what browsers and servers reliably handle).
pub const URL: usize = 2_000;
/// Markdown bodies: descriptions, notes, entry bodies, report texts, eligibility rules.
pub const LONG: usize = 100_000;
/// A forum's logo as text: a 200 KB PNG in base64 with its `data:` prefix, or 200 KB of SVG
/// markup; `network::decode_logo` checks the image itself.
pub const LOGO: usize = crate::network::LOGO_MAX_BYTES / 3 * 4 + 64;
/// Items of any list a record holds (topics, partners, speakers, media, sections …).
pub const LIST: usize = 300;
/// A person's consent history, which grows with every change of mind.
pub const CONSENTS: usize = 1_000;

/// String fields whose limit is not [`NAME`], as `(scope, field, limit)`.
///
/// `scope` is a record kind's name (`person`), `user`, or `*` for all of them. `field` is the
/// field's path without list indexes and languages (`guest.name`, `speakers.function`); under
/// `*` it is a field's own name and matches at any depth. A scoped entry wins over `*`.
pub const TEXTS: &[(&str, &str, usize)] = &[
    ("*", "description", LONG),
    ("*", "body", LONG),
    ("*", "note", LONG),
    ("*", "eligibility", LONG),
    ("*", "summary", SUMMARY),
    ("*", "audience", SUMMARY),
    ("*", "outcome", SUMMARY),
    ("*", "reason", SUMMARY),
    ("*", "network_role", SUMMARY),
    ("*", "how", CONSENT_HOW),
    ("*", "url", URL),
    ("*", "website", URL),
    ("*", "online_link", URL),
    ("*", "email", EMAIL),
    ("*", "function", FUNCTION),
    ("*", "given_name", PERSON_NAME),
    ("*", "family_name", PERSON_NAME),
    ("*", "phone", PHONE),
    ("*", "purpose", SHORT),
    ("*", "fee_category", SHORT),
    ("*", "time_zone", SHORT),
    ("*", "slug", SLUG),
    ("*", "acronym", SHORT_NAME),
    ("*", "short_name", SHORT_NAME),
    ("person", "title", SHORT),
    ("registration", "guest.name", PERSON_NAME),
    ("user", "name", PERSON_NAME),
    ("collection", "sections.key", SLUG),
    ("entry", "section", SLUG),
    ("forum", "logo", LOGO),
];

/// Lists whose limit is not [`LIST`], as `(scope, field, limit)` like [`TEXTS`].
pub const LISTS: &[(&str, &str, usize)] = &[("person", "consents", CONSENTS)];

/// The limit of a string field in `scope` (see [`TEXTS`]).
pub fn text_limit(scope: &str, field: &str) -> usize {
    lookup(TEXTS, scope, field).unwrap_or(NAME)
}

/// The limit of a list field in `scope` (see [`LISTS`]).
pub fn list_limit(scope: &str, field: &str) -> usize {
    lookup(LISTS, scope, field).unwrap_or(LIST)
}

fn lookup(table: &[(&str, &str, usize)], scope: &str, field: &str) -> Option<usize> {
    let name = field.rsplit('.').next().unwrap_or(field);
    table
        .iter()
        .find(|(s, f, _)| *s == scope && *f == field)
        .or_else(|| table.iter().find(|(s, f, _)| *s == "*" && *f == name))
        .map(|(_, _, limit)| *limit)
}

/// Checks every string and list of `record` against its limit, adding a problem at the path
/// of each one that is too long. `scope` is the record kind's name (or `user`).
pub fn check(scope: &str, record: &impl Serialize, problems: &mut Problems) {
    match serde_json::to_value(record) {
        Ok(value) => walk(scope, &value, "", "", problems),
        Err(e) => problems.push("", format!("cannot be checked: {e}")),
    }
}

/// Joins a field name onto a path.
fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// A translatable text in its JSON shape: `original` and language codes only.
fn is_text(object: &serde_json::Map<String, Value>) -> bool {
    object.contains_key("original")
        && object
            .keys()
            .all(|k| k == "original" || Lang::parse(k).is_some())
}

/// `path` is where a problem is reported (`speakers[2].function.en`), `field` the path
/// the limits are looked up by (`speakers.function`).
fn walk(scope: &str, value: &Value, path: &str, field: &str, problems: &mut Problems) {
    match value {
        Value::String(text) => problems.max_len(path, text, text_limit(scope, field)),
        Value::Array(items) => {
            problems.max_items(path, items.len(), list_limit(scope, field));
            for (i, item) in items.iter().enumerate() {
                walk(scope, item, &format!("{path}[{i}]"), field, problems);
            }
        }
        Value::Object(object) if is_text(object) => {
            let limit = text_limit(scope, field);
            for (lang, text) in object {
                if let (false, Value::String(text)) = (lang == "original", text) {
                    problems.max_len(&join(path, lang), text, limit);
                }
            }
        }
        Value::Object(object) => {
            for (name, item) in object {
                walk(scope, item, &join(path, name), &join(field, name), problems);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn found(scope: &str, value: Value) -> Vec<String> {
        let mut problems = Problems::new();
        check(scope, &value, &mut problems);
        let mut found: Vec<String> = problems.iter().map(ToString::to_string).collect();
        found.sort();
        found
    }

    #[test]
    fn scoped_entries_win_and_bare_names_match_at_any_depth() {
        assert_eq!(text_limit("person", "title"), SHORT);
        assert_eq!(text_limit("event", "title"), NAME);
        assert_eq!(text_limit("event", "speakers.function"), FUNCTION);
        assert_eq!(text_limit("registration", "guest.name"), PERSON_NAME);
        assert_eq!(text_limit("event", "speakers.name"), NAME);
        assert_eq!(text_limit("project", "partners.note"), LONG);
        assert_eq!(list_limit("person", "consents"), CONSENTS);
        assert_eq!(list_limit("event", "topics"), LIST);
    }

    #[test]
    fn the_limit_itself_passes_one_more_fails_and_characters_are_counted() {
        let at = "é".repeat(NAME);
        assert!(at.len() > NAME, "two bytes each");
        assert!(found("topic", json!({"venue": at})).is_empty());
        let over = "é".repeat(NAME + 1);
        assert_eq!(
            found("topic", json!({"venue": over})),
            ["venue: must be at most 300 characters (has 301)"]
        );
    }

    #[test]
    fn texts_are_limited_per_language_and_lists_by_their_items() {
        let value = json!({
            "name": {"original": "en", "en": "ok", "de": "x".repeat(NAME + 1)},
            "topics": vec!["t"; LIST + 1],
            "speakers": [{"function": {"original": "de", "de": "y".repeat(FUNCTION + 1)}}],
        });
        assert_eq!(
            found("event", value),
            [
                "name.de: must be at most 300 characters (has 301)",
                "speakers[0].function.de: must be at most 200 characters (has 201)",
                "topics: must have at most 300 entries (has 301)",
            ]
        );
        assert!(found("event", json!({"topics": vec!["t"; LIST]})).is_empty());
    }
}
