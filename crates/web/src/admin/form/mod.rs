//! Forms ⇄ records: a posted form becomes the record's JSON (its serde shape), and a record's
//! JSON (with the problems found in it) becomes the widgets of a form.
//!
//! Form names are the JSON paths the domain's problems use (`title.de`, `speakers[1].name`,
//! `registration.closes`), so each problem finds the input it belongs to.

mod problems;
mod read;
mod widgets;

use std::collections::HashMap;

pub use problems::{SummaryLine, place_problems};
pub use read::read;
pub use widgets::{Options, Widget, field_label, value_label, widgets};

/// The most items a list field takes from one form.
const MAX_ITEMS: usize = 200;

/// A posted form: every name with its values, in order.
#[derive(Debug, Default, Clone)]
pub struct FormData {
    values: HashMap<String, Vec<String>>,
}

impl FormData {
    /// Reads an `application/x-www-form-urlencoded` body.
    pub fn parse(body: &[u8]) -> Self {
        let mut values: HashMap<String, Vec<String>> = HashMap::new();
        for (key, value) in form_urlencoded::parse(body) {
            values
                .entry(key.into_owned())
                .or_default()
                .push(value.into_owned());
        }
        Self { values }
    }

    /// The first value of a name, or "".
    pub fn one(&self, name: &str) -> &str {
        self.values
            .get(name)
            .and_then(|v| v.first())
            .map_or("", String::as_str)
    }

    fn has(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }

    fn all(&self, name: &str) -> impl Iterator<Item = &str> {
        self.values
            .get(name)
            .into_iter()
            .flatten()
            .map(String::as_str)
    }

    /// The item numbers of a list field present in the form (`speakers[3].name` → 3).
    fn indexes(&self, path: &str) -> Vec<usize> {
        let prefix = format!("{path}[");
        let mut found: Vec<usize> = self
            .values
            .keys()
            .filter_map(|k| k.strip_prefix(&prefix))
            .filter_map(|rest| rest.split_once(']'))
            .filter_map(|(n, _)| n.parse().ok())
            .collect();
        found.sort_unstable();
        found.dedup();
        found.truncate(MAX_ITEMS);
        found
    }

    /// True when something was entered under a path (the text's hidden `original` aside).
    fn filled_under(&self, path: &str) -> bool {
        self.values.iter().any(|(k, v)| {
            let under = k
                .strip_prefix(path)
                .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['));
            under && !k.ends_with(".original") && v.iter().any(|v| !v.trim().is_empty())
        })
    }
}

/// A problem with a field, by its JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The JSON path (`speakers[1].name`); empty for the record as a whole.
    pub path: String,
    /// What is wrong, for the reader.
    pub message: String,
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

/// The element id of a form name (`speakers[1].name` → `f-speakers-1-name`).
pub fn element_id(name: &str) -> String {
    let mut id = String::with_capacity(name.len() + 2);
    id.push_str("f-");
    for c in name.chars() {
        id.push(if c.is_ascii_alphanumeric() || c == '_' {
            c
        } else {
            '-'
        });
    }
    id.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests;
