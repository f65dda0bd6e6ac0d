//! Small pieces that several record types share.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_with::skip_serializing_none;

use crate::id::Id;
use crate::record::{Kind, RefVisitor, refs};
use crate::text::Text;
use crate::validation::{Problems, quoted};

/// A web link with an optional caption (a video clip, a conference report, a project page).
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// The address.
    pub url: String,
    /// What the link shows, for the reader.
    pub title: Option<Text>,
}

impl Link {
    /// Checks the address.
    pub fn validate(&self, field: &str, problems: &mut Problems) {
        problems.url(&format!("{field}.url"), Some(&self.url));
    }
}

/// A person who contributes (a speaker, an author): a recorded person or a name given as text,
/// with their function as it should be printed.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Contributor {
    /// The person, when they are a record.
    pub person: Option<Id>,
    /// The name, when the person is not a record.
    pub name: Option<String>,
    /// Function or affiliation as printed ("First Mayor of Mannheim").
    pub function: Option<Text>,
    /// The organisation they speak for, when it is a record.
    pub organisation: Option<Id>,
}

impl Contributor {
    /// A contributor needs a person or a name.
    pub fn validate(&self, field: &str, problems: &mut Problems) {
        match (&self.person, &self.name) {
            (None, None) => problems.push(field, "needs a `person` or a `name`"),
            (_, Some(name)) if name.trim().is_empty() => {
                problems.push(format!("{field}.name"), "must not be empty");
            }
            _ => {}
        }
    }

    /// Visits the person and organisation references.
    pub fn visit_refs(&mut self, field: &str, visit: &mut RefVisitor<'_>) {
        refs::opt(
            visit,
            &format!("{field}.person"),
            Kind::Person,
            &mut self.person,
        );
        refs::opt(
            visit,
            &format!("{field}.organisation"),
            Kind::Organisation,
            &mut self.organisation,
        );
    }
}

/// A number of people as reported: exact (70) or a range (30–55).
///
/// Written as a number, or as a text `"30-55"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Headcount {
    /// The lowest reported figure.
    pub min: u32,
    /// The highest reported figure (equal to `min` when exact).
    pub max: u32,
}

impl Headcount {
    /// An exact figure.
    pub fn exact(n: u32) -> Self {
        Self { min: n, max: n }
    }
}

impl fmt::Display for Headcount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.min == self.max {
            write!(f, "{}", self.min)
        } else {
            write!(f, "{}–{}", self.min, self.max)
        }
    }
}

impl Serialize for Headcount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.min == self.max {
            serializer.serialize_u32(self.min)
        } else {
            serializer.collect_str(&format_args!("{}-{}", self.min, self.max))
        }
    }
}

impl<'de> Deserialize<'de> for Headcount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(u32),
            Range(String),
        }
        let bad =
            || serde::de::Error::custom("a head count is a whole number or a range like \"30-55\"");
        match Raw::deserialize(deserializer).map_err(|_| bad())? {
            Raw::Number(n) => Ok(Headcount::exact(n)),
            Raw::Range(text) => {
                let (a, b) = text.split_once('-').ok_or_else(bad)?;
                let min: u32 = a.trim().parse().map_err(|_| bad())?;
                let max: u32 = b.trim().parse().map_err(|_| bad())?;
                if min > max {
                    return Err(serde::de::Error::custom(format!(
                        "in the range \"{text}\" the first number must not be larger than the second"
                    )));
                }
                Ok(Headcount { min, max })
            }
        }
    }
}

/// A two-letter ISO 3166 country code such as `DE`.
pub fn validate_country(field: &str, code: &str, problems: &mut Problems) {
    if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        problems.push(
            field,
            format!(
                "`{}` is not a country code (two capital letters, e.g. DE)",
                quoted(code)
            ),
        );
    }
}

/// A slug: lowercase letters, digits and dashes, as used in addresses (its length is one of
/// the [`limits`](crate::limits)).
pub fn validate_slug(field: &str, slug: &str, problems: &mut Problems) {
    let ok = !slug.is_empty()
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !ok {
        problems.push(
            field,
            format!(
                "`{}` is not a slug (lowercase letters, digits and dashes, e.g. safe-cities)",
                quoted(slug)
            ),
        );
    }
}

/// Checks that a required translatable text is not blank (the length of each language is one
/// of the [`limits`](crate::limits)).
pub fn require(field: &str, text: &Text, problems: &mut Problems) {
    if text.is_blank() {
        problems.push(field, "must not be empty");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headcounts_round_trip() {
        let exact: Headcount = serde_json::from_str("70").unwrap();
        assert_eq!(serde_json::to_string(&exact).unwrap(), "70");
        let range: Headcount = serde_json::from_str("\"30-55\"").unwrap();
        assert_eq!((range.min, range.max), (30, 55));
        assert_eq!(serde_json::to_string(&range).unwrap(), "\"30-55\"");
        assert!(serde_json::from_str::<Headcount>("\"55-30\"").is_err());
        assert!(serde_json::from_str::<Headcount>("-1").is_err());
    }
}
