//! Texts people read, in German and English: the interface and the mails (Fluent files under
//! `locales/`, compiled into the binary).

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

/// The interface languages.
pub const UI_LANGS: [Lang; 2] = [Lang::De, Lang::En];

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
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> =
            HashMap::from([(Cow::Borrowed(name), FluentValue::from(*n))]);
        LOCALES.lookup_with_args(self.id(), id, &args)
    }

    /// The text with this id and named values in it (`name`, `limit` …).
    pub fn args(&self, id: &str, values: &[(&'static str, &str)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = values
            .iter()
            .map(|(name, value)| (Cow::Borrowed(*name), FluentValue::from(*value)))
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
    use super::*;

    #[test]
    fn every_text_exists_in_both_languages() {
        let de = include_str!("../locales/de/main.ftl");
        let en = include_str!("../locales/en/main.ftl");
        let ids = |text: &str| -> Vec<(String, Option<&'static str>)> {
            let mut ids = Vec::new();
            for (i, line) in text.lines().enumerate() {
                if line.starts_with(' ') || !line.contains(" =") {
                    continue;
                }
                let id = line.split(" =").next().unwrap_or_default().to_owned();
                let next = text
                    .lines()
                    .nth(i + 1)
                    .filter(|l| l.starts_with(' '))
                    .unwrap_or_default();
                let variable = ["count", "seconds"]
                    .into_iter()
                    .find(|v| line.contains(&format!("${v}")) || next.contains(&format!("${v}")));
                ids.push((id, variable));
            }
            ids
        };
        assert_eq!(ids(de), ids(en));
        for (id, variable) in ids(de) {
            let (german, english) = match variable {
                Some(name) => (
                    Tr::new(Lang::De).count(&id, name, &7),
                    Tr::new(Lang::En).count(&id, name, &7),
                ),
                None => (Tr::new(Lang::De).get(&id), Tr::new(Lang::En).get(&id)),
            };
            assert!(
                !german.starts_with("Unknown localization key"),
                "{id}: {german}"
            );
            assert!(
                !english.starts_with("Unknown localization key"),
                "{id}: {english}"
            );
            if variable.is_some() {
                assert!(
                    german.contains('7') && english.contains('7'),
                    "{id}: {german} / {english}"
                );
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
}
