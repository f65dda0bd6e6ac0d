//! How the public pages print what the records hold: dates with the precision they are known
//! to ("Juni 2022", "12.–13. Juni 2023"), head counts ("70", "30–55"), names of enum values,
//! and translatable texts with their fallback marker and `lang` attribute.

use std::fmt;

use urbis_domain::html::write_escaped;
use urbis_domain::parts::Headcount;
use urbis_domain::{Lang, PartialDate, Text, Vocabulary};

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

/// The name of an enum value (`general_meeting`), as used in addresses and text ids.
pub fn name_of<T: Vocabulary>(value: &T) -> String {
    value.as_str().to_owned()
}

/// The interface label of an enum value: the text `{prefix}-{name}` (`event-kind-webinar`).
pub fn label<T: Vocabulary>(t: &Tr, prefix: &str, value: &T) -> String {
    t.get(&format!("{prefix}-{}", value.as_str()))
}

/// Parses the name of an enum value (`webinar`), as given in a query.
pub fn parse_name<T: Vocabulary>(name: &str) -> Option<T> {
    T::from_name(name).ok()
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
                write_escaped(f, paragraph.trim())?;
                f.write_str("</p>")?;
            }
            f.write_str("</div>")?;
        } else if let Some(lang) = &lang {
            write!(f, "<span{lang}>")?;
            write_escaped(f, &self.text)?;
            f.write_str("</span>")?;
        } else {
            write_escaped(f, &self.text)?;
        }
        if let Some(marker) = &self.marker {
            f.write_str(" <small class=\"fallback\">")?;
            write_escaped(f, marker)?;
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
            html.starts_with("<span lang=\"de\">Sichere &#60;Städte&#62;</span>"),
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
        use urbis_domain::advocacy::{AdvocacyKind, CooperationKind, OutreachKind};
        use urbis_domain::events::{EventKind, EventStatus, Format};
        use urbis_domain::network::{OrganisationKind, Role};
        use urbis_domain::portal::PublicationKind;
        use urbis_domain::projects::{PartnerRole, ProjectKind, ProjectStatus};
        fn every<T: Vocabulary>(
            prefix: &'static str,
        ) -> impl Iterator<Item = (&'static str, String)> {
            T::all().iter().map(move |v| (prefix, name_of(v)))
        }
        let labels: Vec<(&str, String)> = every::<EventKind>("event-kind")
            .chain(every::<ProjectKind>("project-kind"))
            .chain(every::<AdvocacyKind>("advocacy-kind"))
            .chain(every::<CooperationKind>("advocacy-cooperation"))
            .chain(every::<OutreachKind>("advocacy-outreach"))
            .chain(every::<Format>("event-format"))
            .chain(every::<EventStatus>("event-status"))
            .chain(every::<ProjectStatus>("project-status"))
            .chain(every::<PartnerRole>("partner-role"))
            .chain(every::<PublicationKind>("publication-kind"))
            .chain(every::<OrganisationKind>("organisation-kind"))
            .chain(every::<Role>("appointment-role"))
            .collect();
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

    /// Every place that writes HTML without a template escapes alike: the one escaper, the
    /// template engine's (search snippets: `urbis-search`'s own test of `marked_html`).
    #[test]
    fn every_html_writer_escapes_with_the_template_engines_escaper() {
        const RAW: &str = "Plan <B> & \"C\" 'd'";
        const ESCAPED: &str = "Plan &#60;B&#62; &#38; &#34;C&#34; &#39;d&#39;";
        assert_eq!(urbis_domain::html::escape(RAW), ESCAPED);
        let page = askama::filters::escape(RAW, askama::filters::Html)
            .unwrap()
            .to_string();
        assert_eq!(page, ESCAPED, "the templates");
        let t = Tr::new(Lang::En);
        let shown = Shown::new(&t, &Text::new(Lang::En, RAW)).to_string();
        assert_eq!(shown, ESCAPED, "texts on pages");
        let section = urbis_report::Section {
            kind: urbis_domain::report::ReportSection::Introduction,
            title: RAW.to_owned(),
            opening: Vec::new(),
            parts: vec![urbis_report::Part::new(RAW)],
            closing: Vec::new(),
        };
        let report = urbis_report::html::generated(&section, 3);
        assert!(
            report.contains(&format!(">{ESCAPED}</h3>")),
            "the report: {report}"
        );
        let mail = urbis_mail::Mail::from_text("a@example.org", Lang::En, RAW, RAW).html;
        assert!(
            mail.contains(&format!("<title>{ESCAPED}</title>"))
                && mail.contains(&format!("<p>{ESCAPED}</p>")),
            "mails: {mail}"
        );
    }
}
