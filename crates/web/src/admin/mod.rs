//! The back office: every record kind of the domain listed, filtered, exported, created,
//! changed and deleted through one generic set of handlers, driven by the field descriptions
//! in [`fields`]; imports of organisations and people.

pub mod data;
pub mod edit;
pub mod export;
pub mod fields;
pub mod form;
pub mod forums;
pub mod import;
pub mod labels;
pub mod list;
pub mod sheet;
pub mod start;

use crate::site::Site;
use axum::response::{IntoResponse, Response};

use crate::visitor::Visitor;

/// The answer for anyone who is not the office: to the login, or forbidden.
pub fn refuse_non_office(state: &Site, visitor: &Visitor, next: &str) -> Option<Response> {
    visitor
        .require_office(&state.forum, next)
        .err()
        .map(IntoResponse::into_response)
}

#[cfg(test)]
mod tests {
    use crate::i18n::Tr;
    use urbis_domain::Lang;

    #[test]
    fn every_back_office_text_exists_in_both_languages() {
        let ids = |text: &'static str| -> Vec<&'static str> {
            text.lines()
                .filter(|l| l.starts_with("bo-") && !l.contains('$'))
                .filter_map(|l| l.split(" =").next())
                .collect()
        };
        let de = ids(include_str!("../../../i18n/locales/de/admin.ftl"));
        let en = ids(include_str!("../../../i18n/locales/en/admin.ftl"));
        assert_eq!(de, en);
        for id in de {
            for lang in [Lang::De, Lang::En] {
                assert!(Tr::new(lang).try_get(id).is_some(), "{id} in {lang}");
            }
        }
    }
}
