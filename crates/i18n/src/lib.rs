//! Texts people read, in German, English and French: the interface, the mails and the annual
//! report (Fluent files under `locales/`, compiled into the binary).
//!
//! The catalogue sits in its own crate, below every crate that writes words (the report below
//! the app, the app below the web), so that there is one catalogue and no crate keeps its own
//! wording beside it.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid, static_loader};
use urbis_domain::Lang;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static DE: LanguageIdentifier = langid!("de");
static EN: LanguageIdentifier = langid!("en");
static FR: LanguageIdentifier = langid!("fr");

/// The interface languages, in the order the language switch offers them.
pub const UI_LANGS: [Lang; 3] = [Lang::De, Lang::En, Lang::Fr];

/// A value put into a text: a number, which also chooses the plural form (`[one]`,
/// `*[other]`), or a text such as a name or a date already written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arg<'a> {
    /// A number: printed as it is, and the plural form follows it.
    Number(i64),
    /// A text, printed as it is.
    Text(&'a str),
}

impl From<i64> for Arg<'_> {
    fn from(n: i64) -> Self {
        Arg::Number(n)
    }
}

impl From<usize> for Arg<'_> {
    fn from(n: usize) -> Self {
        Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<u64> for Arg<'_> {
    fn from(n: u64) -> Self {
        Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(text: &'a str) -> Self {
        Arg::Text(text)
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(text: &'a String) -> Self {
        Arg::Text(text)
    }
}

impl<'a> Arg<'a> {
    fn value(self) -> FluentValue<'a> {
        match self {
            Arg::Number(n) => FluentValue::from(n),
            Arg::Text(text) => FluentValue::from(text),
        }
    }
}

/// The interface texts of one language, handed to every template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr {
    /// The language.
    pub lang: Lang,
}

impl Tr {
    /// The texts of `lang` (English for languages without interface texts yet).
    pub fn new(lang: Lang) -> Self {
        Self { lang }
    }

    fn id(&self) -> &'static LanguageIdentifier {
        match self.lang {
            Lang::De => &DE,
            Lang::Fr => &FR,
            _ => &EN,
        }
    }

    /// The text with this id.
    pub fn get(&self, id: &str) -> String {
        LOCALES.lookup(self.id(), id)
    }

    /// The text with this id, when there is one (for labels made from data, like field names).
    pub fn try_get(&self, id: &str) -> Option<String> {
        LOCALES.try_lookup(self.id(), id)
    }

    /// The text with this id and one number in it (`count`, `seconds` …).
    pub fn count(&self, id: &str, name: &'static str, n: &i64) -> String {
        self.with(id, &[(name, Arg::Number(*n))])
    }

    /// The text with this id and named values in it (`name`, `limit` …).
    pub fn args(&self, id: &str, values: &[(&'static str, &str)]) -> String {
        let values: Vec<(&'static str, Arg<'_>)> = values
            .iter()
            .map(|(name, value)| (*name, Arg::Text(value)))
            .collect();
        self.with(id, &values)
    }

    /// The text with this id and named numbers and texts in it, for sentences whose wording
    /// follows a number ("1 Mitglied", "18 Mitglieder") and names something as well.
    pub fn with(&self, id: &str, values: &[(&'static str, Arg<'_>)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = values
            .iter()
            .map(|(name, value)| (Cow::Borrowed(*name), value.value()))
            .collect();
        LOCALES.lookup_with_args(self.id(), id, &args)
    }

    /// The language code for `lang` attributes.
    pub fn code(&self) -> &'static str {
        self.lang.code()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;

    /// How a message uses a variable: printed somewhere, or only to choose a wording.
    #[derive(Debug, Default, Clone, PartialEq, Eq)]
    struct Uses {
        printed: bool,
    }

    /// Every message of one language folder: id → the variables it uses.
    fn messages(lang: &str) -> BTreeMap<String, BTreeMap<String, Uses>> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(lang);
        let mut messages = BTreeMap::new();
        for file in std::fs::read_dir(&dir).unwrap() {
            let path = file.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let mut current: Option<String> = None;
            for line in text.lines() {
                if line.starts_with('#') || line.trim().is_empty() {
                    continue;
                }
                if !line.starts_with([' ', '}', '[', '*']) {
                    let id = line.split(" =").next().unwrap_or_default().to_owned();
                    let fresh = messages.insert(id.clone(), BTreeMap::new()).is_none();
                    assert!(fresh, "{id} twice in {lang}");
                    current = Some(id);
                }
                let id = current.as_ref().unwrap();
                let variables = messages.get_mut(id).unwrap();
                for part in line.split('$').skip(1) {
                    let name: String = part
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                        .collect();
                    // `{ $count ->` chooses a wording; `{ $count }` prints the value.
                    let selector = part[name.len()..].trim_start().starts_with("->");
                    variables.entry(name).or_insert_with(Uses::default).printed |= !selector;
                }
            }
        }
        messages
    }

    #[test]
    fn every_text_exists_in_every_language_with_the_same_variables() {
        let german = messages("de");
        assert!(german.len() > 850, "{} messages", german.len());
        for lang in UI_LANGS {
            let other = messages(lang.code());
            let missing: Vec<_> = german
                .keys()
                .filter(|id| !other.contains_key(*id))
                .collect();
            let extra: Vec<_> = other
                .keys()
                .filter(|id| !german.contains_key(*id))
                .collect();
            assert!(missing.is_empty(), "missing in {lang}: {missing:?}");
            assert!(extra.is_empty(), "only in {lang}: {extra:?}");
            for (id, variables) in &german {
                let names: BTreeSet<&String> = variables.keys().collect();
                let theirs: BTreeSet<&String> = other[id].keys().collect();
                assert_eq!(theirs, names, "variables of {id} in {lang}");
                let values: Vec<(Cow<'static, str>, FluentValue<'_>)> = variables
                    .keys()
                    .map(|v| (Cow::Owned(v.clone()), FluentValue::from(7)))
                    .collect();
                let args: HashMap<_, _> = values.into_iter().collect();
                let text = LOCALES
                    .try_lookup_with_args(Tr::new(lang).id(), id, &args)
                    .unwrap_or_else(|| panic!("{id} cannot be read in {lang}"));
                assert!(!text.trim().is_empty(), "{id} is empty in {lang}");
                let printed = other[id].values().any(|uses| uses.printed);
                if printed {
                    assert!(text.contains('7'), "{id} in {lang}: {text}");
                }
            }
        }
    }

    #[test]
    fn numbers_are_put_in() {
        assert_eq!(
            Tr::new(Lang::De).count("members-title", "count", &18),
            "Mitglieder (18)"
        );
        assert_eq!(
            Tr::new(Lang::En).count("collections-entries", "count", &1),
            "one entry"
        );
    }

    #[test]
    fn french_counts_zero_and_one_as_singular() {
        let fr = Tr::new(Lang::Fr);
        assert_eq!(fr.count("events-count", "count", &0), "0 événement");
        assert_eq!(fr.count("events-count", "count", &1), "1 événement");
        assert_eq!(fr.count("events-count", "count", &2), "2 événements");
        assert_eq!(fr.get("nav-events"), "Événements");
        assert_eq!(fr.code(), "fr");
    }

    #[test]
    fn numbers_and_texts_go_in_together() {
        let args = |n: usize| [("count", Arg::from(n)), ("forum", Arg::from("DEFUS"))];
        let de = Tr::new(Lang::De);
        assert_eq!(
            de.with("report-member-count", &args(18)),
            "DEFUS hat 18 Mitglieder."
        );
        assert_eq!(
            de.with("report-member-count", &args(1)),
            "DEFUS hat 1 Mitglied."
        );
        assert_eq!(
            Tr::new(Lang::Fr).with("report-member-count", &args(18)),
            "Le forum DEFUS compte 18 membres."
        );
    }
}
