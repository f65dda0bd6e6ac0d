//! The language of the command's messages: `URBIS_LANG`, else the POSIX locale of messages
//! (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English. The words come from the one catalogue
//! (`crates/i18n/locales/*/cli.ftl`); what scripts read (lists, links, JSON) stays as it is.

use std::sync::OnceLock;

pub(crate) use urbis_app::i18n::Arg;
use urbis_app::i18n::{Tr, UI_LANGS};
use urbis_domain::Lang;

/// The message `id` in the command's language, with named values in it:
/// `t!("cli-account-active", email = &user.email)`, `t!("cli-indexed", count = n, …)`. A value
/// is anything an [`Arg`] is made from: a number (which also chooses the plural form), a `&str`
/// or a `&String` (`&error.to_string()` for anything else).
macro_rules! t {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::lang::text($id, &[$((stringify!($name), $crate::lang::Arg::from($value))),*])
    };
}
pub(crate) use t;

/// The variables that name the language, strongest first. As in POSIX, the first one that is
/// set (and not empty) decides, also when it names a language the command does not speak.
const VARIABLES: [&str; 4] = ["URBIS_LANG", "LC_ALL", "LC_MESSAGES", "LANG"];

/// The language of the messages, from the variables `var` reads (`std::env::var` in the
/// program): `de`, `de_DE.UTF-8`, `fr-CH`, `fr_FR@euro` … name their language; anything else
/// (`C`, `POSIX`, a language without messages) and nothing at all mean English.
pub fn choose(var: impl Fn(&str) -> Option<String>) -> Lang {
    VARIABLES
        .iter()
        .filter_map(|name| var(name))
        .find(|value| !value.trim().is_empty())
        .and_then(|value| spoken(&value))
        .unwrap_or(Lang::En)
}

/// The interface language a locale name (`de_DE.UTF-8`) starts with, if there are messages in it.
fn spoken(locale: &str) -> Option<Lang> {
    let code = locale.trim().split(['_', '-', '.', '@']).next()?;
    Lang::parse(&code.to_ascii_lowercase()).filter(|lang| UI_LANGS.contains(lang))
}

/// The command's texts, in the language the environment chose when the command started.
pub fn tr() -> Tr {
    static TR: OnceLock<Tr> = OnceLock::new();
    *TR.get_or_init(|| Tr::new(choose(|name| std::env::var(name).ok())))
}

/// The message `id` of the command's language, with named values in it.
pub fn text(id: &str, values: &[(&'static str, Arg<'_>)]) -> String {
    tr().with(id, values)
}

/// A number with one decimal, written as the command's language writes it (`2.5`, `2,5`).
pub fn decimal(value: f64) -> String {
    let written = format!("{value:.1}");
    match tr().lang {
        Lang::En => written,
        _ => written.replace('.', ","),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The language chosen when exactly these variables are set.
    fn with(set: &[(&str, &str)]) -> Lang {
        choose(|name| {
            set.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, value)| (*value).to_owned())
        })
    }

    #[test]
    fn nothing_set_means_english() {
        assert_eq!(with(&[]), Lang::En);
    }

    #[test]
    fn urbis_lang_comes_first() {
        assert_eq!(with(&[("URBIS_LANG", "de")]), Lang::De);
        assert_eq!(
            with(&[("URBIS_LANG", "fr"), ("LANG", "de_DE.UTF-8")]),
            Lang::Fr
        );
        assert_eq!(with(&[("URBIS_LANG", "en"), ("LC_ALL", "fr_FR")]), Lang::En);
    }

    #[test]
    fn the_posix_locale_names_the_language() {
        assert_eq!(with(&[("LANG", "de_DE.UTF-8")]), Lang::De);
        assert_eq!(with(&[("LANG", "fr_FR")]), Lang::Fr);
        assert_eq!(with(&[("LANG", "fr-CH")]), Lang::Fr);
        assert_eq!(with(&[("LC_MESSAGES", "de_AT@euro")]), Lang::De);
        assert_eq!(with(&[("LANG", "DE")]), Lang::De);
        assert_eq!(with(&[("LANG", "en_GB.UTF-8")]), Lang::En);
    }

    #[test]
    fn lc_all_beats_lc_messages_beats_lang() {
        let all = [
            ("LC_ALL", "fr_FR.UTF-8"),
            ("LC_MESSAGES", "de_DE"),
            ("LANG", "en_US"),
        ];
        assert_eq!(with(&all), Lang::Fr);
        assert_eq!(with(&all[1..]), Lang::De);
        assert_eq!(with(&[("LC_ALL", "C"), ("LANG", "de_DE.UTF-8")]), Lang::En);
    }

    #[test]
    fn empty_variables_do_not_count() {
        assert_eq!(with(&[("URBIS_LANG", ""), ("LANG", "de_DE")]), Lang::De);
        assert_eq!(with(&[("LC_ALL", " "), ("LANG", "fr_FR")]), Lang::Fr);
    }

    #[test]
    fn other_languages_and_the_c_locale_mean_english() {
        assert_eq!(with(&[("LANG", "C.UTF-8")]), Lang::En);
        assert_eq!(with(&[("LANG", "POSIX")]), Lang::En);
        assert_eq!(with(&[("LANG", "es_ES.UTF-8")]), Lang::En);
        assert_eq!(with(&[("URBIS_LANG", "klingon")]), Lang::En);
    }
}
