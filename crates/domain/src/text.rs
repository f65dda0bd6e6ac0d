//! Languages and translatable texts.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::vocabulary::vocabulary;

vocabulary! {
    /// A language urbis can hold content and interface texts in.
    #[derive(PartialOrd, Ord, Hash)]
    pub enum Lang {
        /// German.
        De = "de",
        /// English.
        En = "en",
        /// French.
        Fr = "fr",
        /// Italian.
        It = "it",
        /// Spanish.
        Es = "es",
        /// Dutch (for Belgium).
        Nl = "nl",
    }
}

impl Lang {
    /// The ISO 639-1 code: [`Lang::as_str`].
    pub fn code(self) -> &'static str {
        self.as_str()
    }
}

/// A text that readers see, written in one original language and translated into others.
///
/// In files it is an object of language codes, with `original` naming the language it was
/// written in (default: German when present, else the first language given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    original: Lang,
    values: BTreeMap<Lang, String>,
}

/// A text picked for a reader, and whether it had to fall back to another language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Localized<'a> {
    /// The text itself.
    pub text: &'a str,
    /// The language the text is in.
    pub lang: Lang,
    /// True when the wanted language was missing and the original is shown instead.
    pub fallback: bool,
}

impl Text {
    /// A text in one language.
    pub fn new(lang: Lang, text: impl Into<String>) -> Self {
        Self {
            original: lang,
            values: BTreeMap::from([(lang, text.into())]),
        }
    }

    /// Adds or replaces a translation.
    pub fn with(mut self, lang: Lang, text: impl Into<String>) -> Self {
        self.values.insert(lang, text.into());
        self
    }

    /// The language the text was written in.
    pub fn original(&self) -> Lang {
        self.original
    }

    /// The text in `lang` if it exists.
    pub fn get(&self, lang: Lang) -> Option<&str> {
        self.values.get(&lang).map(String::as_str)
    }

    /// The text in the original language.
    pub fn original_text(&self) -> &str {
        self.get(self.original).unwrap_or_default()
    }

    /// The text for a reader of `lang`, falling back to the original language.
    pub fn localize(&self, lang: Lang) -> Localized<'_> {
        match self.get(lang) {
            Some(text) if !text.is_empty() => Localized {
                text,
                lang,
                fallback: false,
            },
            _ => Localized {
                text: self.original_text(),
                lang: self.original,
                fallback: lang != self.original,
            },
        }
    }

    /// Every language with its text.
    pub fn iter(&self) -> impl Iterator<Item = (Lang, &str)> {
        self.values.iter().map(|(l, t)| (*l, t.as_str()))
    }

    /// True when the original text is empty or only white space.
    pub fn is_blank(&self) -> bool {
        self.original_text().trim().is_empty()
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.values.len() + 1))?;
        map.serialize_entry("original", &self.original)?;
        for (lang, text) in &self.values {
            map.serialize_entry(lang.code(), text)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a text: a string, or an object of language codes (de, en, fr, it, es, nl) and `original`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text::new(Lang::De, v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                let mut original = None;
                let mut values = BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    if key == "original" {
                        let code: String = map.next_value()?;
                        original = Some(Lang::parse(&code).ok_or_else(|| {
                            de::Error::custom(format!("unknown language `{code}` in `original`"))
                        })?);
                    } else {
                        let lang = Lang::parse(&key).ok_or_else(|| {
                            de::Error::custom(format!(
                                "unknown language `{key}` (expected de, en, fr, it, es, nl or original)"
                            ))
                        })?;
                        if values.insert(lang, map.next_value::<String>()?).is_some() {
                            return Err(de::Error::custom(format!("language `{key}` given twice")));
                        }
                    }
                }
                let Some(first) = values.keys().next().copied() else {
                    return Err(de::Error::custom("a text needs at least one language"));
                };
                let original = original.unwrap_or(if values.contains_key(&Lang::De) {
                    Lang::De
                } else {
                    first
                });
                if !values.contains_key(&original) {
                    return Err(de::Error::custom(format!(
                        "`original` is {original} but there is no {original} text"
                    )));
                }
                Ok(Text { original, values })
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_to_the_original_and_says_so() {
        let text = Text::new(Lang::De, "Sichere Städte").with(Lang::En, "Safe cities");
        assert_eq!(text.localize(Lang::En).text, "Safe cities");
        let fr = text.localize(Lang::Fr);
        assert_eq!(
            (fr.text, fr.lang, fr.fallback),
            ("Sichere Städte", Lang::De, true)
        );
    }

    #[test]
    fn reads_a_plain_string_as_german_and_round_trips() {
        let text: Text = serde_json::from_str(r#""Gewalt""#).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(text.original(), Lang::De);
        let json = serde_json::to_string(&text).unwrap_or_default();
        assert_eq!(json, r#"{"original":"de","de":"Gewalt"}"#);
    }

    #[test]
    fn rejects_unknown_languages_and_a_missing_original() {
        assert!(serde_json::from_str::<Text>(r#"{"xx":"a"}"#).is_err());
        assert!(serde_json::from_str::<Text>(r#"{"original":"en","de":"a"}"#).is_err());
        assert!(serde_json::from_str::<Text>(r#"{}"#).is_err());
    }
}
