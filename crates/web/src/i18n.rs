//! The reader's language: chosen by `?lang=`, remembered in a cookie, else from the browser's
//! Accept-Language. The texts themselves live in `urbis_app::i18n`.

use axum::http::HeaderMap;
use axum::http::header::ACCEPT_LANGUAGE;
use urbis_domain::Lang;

pub use urbis_app::i18n::{Tr, UI_LANGS};

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
    fn the_language_follows_query_then_cookie_then_browser() {
        let mut headers = HeaderMap::new();
        assert_eq!(choose(None, None, &headers), Lang::De);
        headers.insert(
            ACCEPT_LANGUAGE,
            HeaderValue::from_static("it-CH, en;q=0.8, de;q=0.7"),
        );
        assert_eq!(choose(None, None, &headers), Lang::En);
        assert_eq!(choose(None, Some("de"), &headers), Lang::De);
        assert_eq!(choose(Some("en"), Some("de"), &headers), Lang::En);
        assert_eq!(choose(Some("xx"), None, &HeaderMap::new()), Lang::De);
    }

    #[test]
    fn french_readers_get_french() {
        let mut headers = HeaderMap::new();
        headers.insert(
            ACCEPT_LANGUAGE,
            HeaderValue::from_static("fr-BE, fr;q=0.9, en;q=0.8"),
        );
        assert_eq!(choose(None, None, &headers), Lang::Fr);
        headers.insert(
            ACCEPT_LANGUAGE,
            HeaderValue::from_static("it-IT, fr;q=0.7, de;q=0.5"),
        );
        assert_eq!(choose(None, None, &headers), Lang::Fr);
        assert_eq!(choose(Some("fr"), Some("de"), &HeaderMap::new()), Lang::Fr);
        assert_eq!(choose(None, Some("fr"), &HeaderMap::new()), Lang::Fr);
        assert_eq!(choose(Some("it"), None, &HeaderMap::new()), Lang::De);
    }
}
