//! Collecting every problem of an input at once, each with the field it concerns.

use std::fmt;

use serde::Serialize;

/// One thing wrong with an input, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The path of the field, e.g. `end` or `events[3].speakers[0].name`.
    pub field: String,
    /// What is wrong, in words a person can act on.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

/// Every problem found in an input; empty when the input is valid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Problems(Vec<Problem>);

impl Problems {
    /// No problems yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a problem with a field.
    pub fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem {
            field: field.into(),
            message: message.into(),
        });
    }

    /// Takes over the problems of a nested input, prefixing their fields with `prefix`.
    pub fn extend_at(&mut self, prefix: &str, other: Problems) {
        for p in other.0 {
            let field = match (prefix.is_empty(), p.field.is_empty()) {
                (true, _) => p.field,
                (false, true) => prefix.to_owned(),
                (false, false) if p.field.starts_with('[') => format!("{prefix}{}", p.field),
                (false, false) => format!("{prefix}.{}", p.field),
            };
            self.0.push(Problem {
                field,
                message: p.message,
            });
        }
    }

    /// True when nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many problems there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The problems, in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Problem> {
        self.0.iter()
    }

    /// `Ok(())` when empty, else the problems as an error.
    pub fn into_result(self) -> Result<(), Problems> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }

    /// A text that is required must not be blank.
    pub fn require_text(&mut self, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.push(field, "must not be empty");
        }
    }

    /// A text must not be longer than `max` characters (not bytes: `é` counts once).
    pub fn max_len(&mut self, field: &str, value: &str, max: usize) {
        // A text of at most `max` bytes has at most `max` characters; only longer ones are counted.
        if value.len() > max {
            let count = value.chars().count();
            if count > max {
                self.push(
                    field,
                    format!("must be at most {max} characters (has {count})"),
                );
            }
        }
    }

    /// A list must not hold more than `max` items.
    pub fn max_items(&mut self, field: &str, count: usize, max: usize) {
        if count > max {
            self.push(
                field,
                format!("must have at most {max} entries (has {count})"),
            );
        }
    }

    /// An optional email address must look like one.
    pub fn email(&mut self, field: &str, value: Option<&str>) {
        if let Some(v) = value
            && !is_email(v)
        {
            self.push(field, format!("`{}` is not an email address", quoted(v)));
        }
    }

    /// An optional web address must be an absolute http(s) URL.
    pub fn url(&mut self, field: &str, value: Option<&str>) {
        if let Some(v) = value
            && !is_web_url(v)
        {
            self.push(
                field,
                format!(
                    "`{}` is not a web address (it must start with https:// or http://)",
                    quoted(v)
                ),
            );
        }
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

impl IntoIterator for Problems {
    type Item = Problem;
    type IntoIter = std::vec::IntoIter<Problem>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// The longest part of a value a message repeats.
const QUOTED: usize = 80;

/// A value as a message repeats it: cut after 80 characters, so that a problem with a huge
/// input does not send the input back whole (its length is reported on its own).
pub fn quoted(value: &str) -> std::borrow::Cow<'_, str> {
    match value.char_indices().nth(QUOTED) {
        Some((at, _)) => format!("{}…", &value[..at]).into(),
        None => value.into(),
    }
}

/// A pragmatic email check: one `@`, a local part, a dotted domain, no spaces.
pub fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.len() <= 64
        && value.len() <= 254
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
        && !domain.contains('@')
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
}

/// An absolute http(s) URL with a host and no white space.
pub fn is_web_url(value: &str) -> bool {
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            !host.is_empty()
                && value.len() <= 2000
                && !value.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(is_email("anna.rau@defus.de"));
        for bad in [
            "anna",
            "anna@",
            "@defus.de",
            "a b@defus.de",
            "a@defus",
            "a@@x.de",
            "a@x..de",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn urls() {
        assert!(is_web_url("https://www.defus.de/projekte"));
        for bad in [
            "www.defus.de",
            "ftp://x.de",
            "https://",
            "https://a b.de",
            "javascript:alert(1)",
        ] {
            assert!(!is_web_url(bad), "{bad}");
        }
    }

    #[test]
    fn lengths_are_characters_and_messages_name_the_limit() {
        let mut problems = Problems::new();
        problems.max_len("name", &"ß".repeat(300), 300);
        problems.max_items("topics", 300, 300);
        assert!(problems.is_empty());
        problems.max_len("name", &"x".repeat(100_000), 300);
        problems.max_items("topics", 301, 300);
        assert_eq!(
            problems.to_string(),
            "name: must be at most 300 characters (has 100000)\n\
             topics: must have at most 300 entries (has 301)"
        );
    }

    #[test]
    fn messages_repeat_only_the_start_of_a_huge_value() {
        let mut problems = Problems::new();
        problems.url("url", Some(&"ü".repeat(10_000)));
        let message = problems.to_string();
        assert!(
            message.contains(&format!("`{}…`", "ü".repeat(80))),
            "{message}"
        );
        assert!(message.chars().count() < 200, "{message}");
        assert_eq!(quoted("kurz"), "kurz");
    }

    #[test]
    fn nested_paths() {
        let mut inner = Problems::new();
        inner.push("end", "must not be before start");
        let mut outer = Problems::new();
        outer.extend_at("events[3]", inner);
        assert_eq!(outer.to_string(), "events[3].end: must not be before start");
    }
}
