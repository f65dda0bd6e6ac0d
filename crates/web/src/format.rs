//! How the public pages print what the records hold: dates with the precision they are known
//! to ("Juni 2022", "12.–13. Juni 2023"), head counts ("70", "30–55"), names of enum values,
//! and translatable texts with their fallback marker and `lang` attribute.

use std::fmt;

use serde::Serialize;
use urbis_domain::parts::Headcount;
use urbis_domain::{Lang, PartialDate, Text};

use crate::i18n::Tr;

pub use urbis_domain::written::{date, range};

/// A head count as reported: "70" or "30–55".
pub fn headcount(count: &Headcount) -> String {
    count.to_string()
}

/// A day (such as the forum's today, `ForumSite::today`) as a date known to the day.
pub fn day_of(date: jiff::civil::Date) -> PartialDate {
    PartialDate::day(
        date.year(),
        u8::try_from(date.month()).unwrap_or(1),
        u8::try_from(date.day()).unwrap_or(1),
    )
    .unwrap_or(PartialDate::year(date.year()))
}

/// The serde name of a unit enum value (`general_meeting`), as used in addresses and text ids.
pub fn name_of<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The interface label of an enum value: the text `{prefix}-{name}` (`event-kind-webinar`).
pub fn label<T: Serialize>(t: &Tr, prefix: &str, value: &T) -> String {
    t.get(&format!("{prefix}-{}", name_of(value)))
}

/// Parses the serde name of a unit enum value (`webinar`), as given in a query.
pub fn parse_name<T: serde::de::DeserializeOwned>(name: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).ok()
}

fn escape(text: &str, out: &mut fmt::Formatter<'_>) -> fmt::Result {
    for c in text.chars() {
        match c {
            '&' => out.write_str("&amp;")?,
            '<' => out.write_str("&lt;")?,
            '>' => out.write_str("&gt;")?,
            '"' => out.write_str("&quot;")?,
            '\'' => out.write_str("&#39;")?,
            c => write!(out, "{c}")?,
        }
    }
    Ok(())
}

/// A translatable text as shown to a reader: the text in the page's language, else the
/// original with a visible marker. Displays as escaped HTML with a `lang` attribute when the
/// text is in another language than the page (use it with `|safe`); `text` is the plain text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shown {
    /// The plain text.
    pub text: String,
    /// The language of the text when it differs from the page's.
    pub lang: Option<Lang>,
    /// The fallback marker, when the text is not in the reader's language.
    pub marker: Option<String>,
    /// Shown as paragraphs (a description) rather than inline.
    pub block: bool,
}

impl Shown {
    /// An inline text (a title, a name) for a reader of `t`'s language.
    pub fn new(t: &Tr, text: &Text) -> Self {
        let localized = text.localize(t.lang);
        Self {
            text: localized.text.to_owned(),
            lang: (localized.lang != t.lang).then_some(localized.lang),
            marker: localized.fallback.then(|| t.get("fallback-marker")),
            block: false,
        }
    }

    /// A longer text, shown as paragraphs.
    pub fn block(t: &Tr, text: &Text) -> Self {
        Self {
            block: true,
            ..Self::new(t, text)
        }
    }

    /// An optional inline text; empty when there is none.
    pub fn opt(t: &Tr, text: Option<&Text>) -> Self {
        text.map(|text| Self::new(t, text)).unwrap_or_default()
    }

    /// An optional longer text; empty when there is none.
    pub fn opt_block(t: &Tr, text: Option<&Text>) -> Self {
        text.map(|text| Self::block(t, text)).unwrap_or_default()
    }

    /// True when there is nothing to show.
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return Ok(());
        }
        let lang = self.lang.map(|l| format!(" lang=\"{}\"", l.code()));
        if self.block {
            write!(f, "<div{}>", lang.as_deref().unwrap_or_default())?;
            for paragraph in self.text.split("\n\n").filter(|p| !p.trim().is_empty()) {
                f.write_str("<p>")?;
                escape(paragraph.trim(), f)?;
                f.write_str("</p>")?;
            }
            f.write_str("</div>")?;
        } else if let Some(lang) = &lang {
            write!(f, "<span{lang}>")?;
            escape(&self.text, f)?;
            f.write_str("</span>")?;
        } else {
            escape(&self.text, f)?;
        }
        if let Some(marker) = &self.marker {
            f.write_str(" <small class=\"fallback\">")?;
            escape(marker, f)?;
            f.write_str("</small>")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headcounts_are_exact_or_ranges() {
        assert_eq!(headcount(&Headcount::exact(70)), "70");
        assert_eq!(headcount(&Headcount { min: 30, max: 55 }), "30–55");
    }

    #[test]
    fn texts_fall_back_with_a_marker_and_a_lang_attribute() {
        let t = Tr::new(Lang::En);
        let german_only = Text::new(Lang::De, "Sichere <Städte>");
        let shown = Shown::new(&t, &german_only);
        assert_eq!(shown.lang, Some(Lang::De));
        let html = shown.to_string();
        assert!(
            html.starts_with("<span lang=\"de\">Sichere &lt;Städte&gt;</span>"),
            "{html}"
        );
        assert!(html.contains(&t.get("fallback-marker")), "{html}");
        let both = german_only.with(Lang::En, "Safe cities");
        let shown = Shown::new(&t, &both);
        assert_eq!(
            (shown.to_string(), shown.lang),
            ("Safe cities".into(), None)
        );
        let block = Shown::block(&Tr::new(Lang::De), &Text::new(Lang::En, "a\n\nb"));
        assert_eq!(
            block.to_string(),
            format!(
                "<div lang=\"en\"><p>a</p><p>b</p></div> <small class=\"fallback\">{}</small>",
                Tr::new(Lang::De).get("fallback-marker")
            )
        );
    }

    #[test]
    fn every_value_a_page_shows_has_a_label_in_both_languages() {
        use urbis_domain::events::{EventStatus, Format};
        use urbis_domain::network::{OrganisationKind, Role};
        use urbis_domain::portal::PublicationKind;
        use urbis_domain::projects::{PartnerRole, ProjectStatus};
        let mut labels: Vec<(&str, String)> = Vec::new();
        let mut add = |prefix, name: String| labels.push((prefix, name));
        for kind in crate::events::KINDS {
            add("event-kind", name_of(&kind));
        }
        for kind in crate::projects::KINDS {
            add("project-kind", name_of(&kind));
        }
        for kind in crate::advocacy::ACTION_KINDS {
            add("advocacy-kind", name_of(&kind));
        }
        for kind in crate::advocacy::COOPERATION_KINDS {
            add("advocacy-cooperation", name_of(&kind));
        }
        for kind in crate::advocacy::OUTREACH_KINDS {
            add("advocacy-outreach", name_of(&kind));
        }
        for f in [Format::Online, Format::InPerson, Format::Hybrid] {
            add("event-format", name_of(&f));
        }
        for s in [
            EventStatus::Planned,
            EventStatus::Held,
            EventStatus::Cancelled,
        ] {
            add("event-status", name_of(&s));
        }
        for s in [
            ProjectStatus::Planned,
            ProjectStatus::Running,
            ProjectStatus::Completed,
        ] {
            add("project-status", name_of(&s));
        }
        for name in [
            "coordinator",
            "lead_applicant",
            "partner",
            "research_partner",
            "associated_partner",
            "practice_partner",
            "other",
        ] {
            assert!(parse_name::<PartnerRole>(name).is_some(), "{name}");
            add("partner-role", name.to_owned());
        }
        for name in [
            "study",
            "guide",
            "report",
            "article",
            "position_paper",
            "news",
            "other",
        ] {
            assert!(parse_name::<PublicationKind>(name).is_some(), "{name}");
            add("publication-kind", name.to_owned());
        }
        for name in [
            "city",
            "region",
            "state_body",
            "ministry",
            "police",
            "association",
            "research_institute",
            "university",
            "foundation",
            "funder",
            "network",
            "company",
            "other",
        ] {
            assert!(parse_name::<OrganisationKind>(name).is_some(), "{name}");
            add("organisation-kind", name.to_owned());
        }
        for name in [
            "board_chair",
            "deputy_chair",
            "board_member",
            "managing_director",
            "researcher",
            "project_staff",
            "accounting",
            "it",
            "other",
        ] {
            assert!(parse_name::<Role>(name).is_some(), "{name}");
            add("appointment-role", name.to_owned());
        }
        for lang in crate::i18n::UI_LANGS {
            let t = Tr::new(lang);
            for (prefix, name) in &labels {
                let text = t.get(&format!("{prefix}-{name}"));
                assert!(
                    !text.is_empty() && !text.starts_with("Unknown localization key"),
                    "{prefix}-{name} in {lang}: {text}"
                );
            }
        }
    }

    #[test]
    fn enum_names_parse_and_label() {
        use urbis_domain::events::EventKind;
        assert_eq!(
            parse_name::<EventKind>("web_exchange"),
            Some(EventKind::WebExchange)
        );
        assert_eq!(parse_name::<EventKind>("xyz"), None);
        assert_eq!(name_of(&EventKind::GeneralMeeting), "general_meeting");
    }
}
