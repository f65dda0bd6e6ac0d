//! Interface texts in German and English (Fluent files under `locales/`, compiled in), and the
//! reader's language: chosen by `?lang=`, remembered in a cookie, else from Accept-Language.

use std::borrow::Cow;
use std::collections::HashMap;

use axum::http::HeaderMap;
use axum::http::header::ACCEPT_LANGUAGE;
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

    /// The text with this id and one number in it (`count`, `seconds` …).
    pub fn count(&self, id: &str, name: &'static str, n: &i64) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> =
            HashMap::from([(Cow::Borrowed(name), FluentValue::from(*n))]);
        LOCALES.lookup_with_args(self.id(), id, &args)
    }

    /// The language code for `lang` attributes.
    pub fn code(&self) -> &'static str {
        self.lang.code()
    }
}

/// The reader's language: `?lang=` first, then the remembered choice, then the browser's
/// Accept-Language, then German.
pub fn choose(query: Option<&str>, cookie: Option<&str>, headers: &HeaderMap) -> Lang {
    let pick = |code: &str| Lang::parse(code.trim()).filter(|l| UI_LANGS.contains(l));
    if let Some(lang) = query.and_then(pick).or_else(|| cookie.and_then(pick)) {
        return lang;
    }
    let accept = headers
        .get(ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let mut best: Option<(f32, Lang)> = None;
    for part in accept.split(',') {
        let mut pieces = part.split(';');
        let tag = pieces.next().unwrap_or_default().trim();
        let quality = pieces
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or_default().to_lowercase();
        if let Some(lang) = pick(&primary)
            && best.is_none_or(|(q, _)| quality > q)
        {
            best = Some((quality, lang));
        }
    }
    best.map_or(Lang::De, |(_, lang)| lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

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

    #[test]
    fn the_language_follows_query_then_cookie_then_browser() {
        let mut headers = HeaderMap::new();
        assert_eq!(choose(None, None, &headers), Lang::De);
        headers.insert(
            ACCEPT_LANGUAGE,
            HeaderValue::from_static("fr-CH, en;q=0.8, de;q=0.7"),
        );
        assert_eq!(choose(None, None, &headers), Lang::En);
        assert_eq!(choose(None, Some("de"), &headers), Lang::De);
        assert_eq!(choose(Some("en"), Some("de"), &headers), Lang::En);
        assert_eq!(choose(Some("xx"), None, &HeaderMap::new()), Lang::De);
    }
}
