//! Where the report's words come from: every fixed word is a text of the one catalogue
//! (`urbis-i18n`, `locales/*/annual-report.ftl` and the keys the pages already name the same
//! things with), so German, English and French are written and checked in one place. This
//! module only says which key names what, and puts figures and names into the texts; dates are
//! written as everywhere else in urbis (`urbis_domain::written`).

use urbis_domain::access::Access;
use urbis_domain::advocacy::{AdvocacyKind, CooperationKind, OutreachKind};
use urbis_domain::events::{EventKind, Format};
use urbis_domain::network::Role;
use urbis_domain::parts::Headcount;
use urbis_domain::projects::ApplicationStatus;
use urbis_domain::report::ReportSection;
use urbis_domain::{Lang, PartialDate, written};
use urbis_i18n::{Arg, Tr};

/// The catalogue in the report's language, with what titles name: the forum, its umbrella
/// and the year.
#[derive(Debug, Clone)]
pub struct Words {
    /// The texts of the report's language.
    pub tr: Tr,
    /// The forum's short name ("DEFUS").
    pub forum: String,
    /// The umbrella's short name ("Efus"), when the forum belongs to one.
    pub umbrella: Option<String>,
    /// The report year.
    pub year: i16,
}

impl Words {
    /// The words of a report in `lang` about `forum` (a short name) and `year`.
    pub fn new(lang: Lang, forum: &str, umbrella: Option<&str>, year: i16) -> Self {
        Self {
            tr: Tr::new(lang),
            forum: forum.to_owned(),
            umbrella: umbrella.map(str::to_owned),
            year,
        }
    }

    /// The report's language.
    pub fn lang(&self) -> Lang {
        self.tr.lang
    }

    /// A text without anything put in.
    pub fn get(&self, key: &str) -> String {
        self.tr.get(key)
    }

    /// A title, with the forum (`$forum`), the umbrella (`$umbrella`; "Efus" for a forum
    /// without one, as the reference report says), the year (`$year`) and the next
    /// (`$next`) at hand for it to name.
    pub fn titled(&self, key: &str) -> String {
        let (year, next) = (self.year.to_string(), (self.year + 1).to_string());
        let umbrella = self.umbrella.as_deref().unwrap_or("Efus");
        self.tr.with(
            key,
            &[
                ("forum", Arg::from(&self.forum)),
                ("umbrella", Arg::from(umbrella)),
                ("year", Arg::from(&year)),
                ("next", Arg::from(&next)),
            ],
        )
    }

    /// The report's title ("DEFUS-Jahresbericht 2022").
    pub fn title(&self) -> String {
        self.titled("report-annual-title")
    }

    /// A line on the title page for a report that is not for the public.
    pub fn edition(&self, audience: Access) -> Option<String> {
        match audience {
            Access::Public => None,
            Access::Members => Some(self.get("report-edition-members")),
            Access::Staff => Some(self.get("report-edition-staff")),
        }
    }

    /// The numbered title of a section, as in the reference report.
    pub fn section(&self, section: ReportSection) -> String {
        let key = match section {
            ReportSection::Introduction => "bo-value-introduction",
            ReportSection::Exchange => "report-section-exchange",
            ReportSection::Knowledge => "report-section-knowledge",
            ReportSection::Projects => "report-section-projects",
            ReportSection::Communication => "report-section-communication",
            ReportSection::Umbrella if self.umbrella.is_some() => "report-section-umbrella",
            ReportSection::Umbrella => "report-section-umbrella-none",
            ReportSection::Outlook => "report-section-outlook",
            ReportSection::Office => "report-section-office",
        };
        self.titled(key)
    }

    /// "Label: value" ("Statut : refusée" in French, with its space before the colon); the
    /// label is the text of `label`.
    pub fn labelled(&self, label: &str, value: &str) -> String {
        self.pair(&self.get(label), value)
    }

    /// "Label: value" with a label already written.
    pub fn pair(&self, label: &str, value: &str) -> String {
        self.tr
            .args("report-labelled", &[("label", label), ("value", value)])
    }

    /// The line that stands for records the audience may not read: only their number
    /// ("4 internal web exchanges for members"); `noun` is the key of what is counted.
    pub fn not_listed(&self, noun: &str, count: usize, access: Access) -> String {
        let key = match access {
            Access::Staff => "report-not-listed-staff",
            _ => "report-not-listed-members",
        };
        let noun = self.tr.with(noun, &[("count", Arg::from(count))]);
        self.tr.with(
            key,
            &[("count", Arg::from(count)), ("noun", Arg::from(&noun))],
        )
    }

    /// A sentence with a number in it and the names the titles know (`$forum`, `$umbrella`,
    /// `$year`).
    pub fn counted(&self, key: &str, count: usize) -> String {
        let year = self.year.to_string();
        let umbrella = self.umbrella.as_deref().unwrap_or("Efus");
        self.tr.with(
            key,
            &[
                ("count", Arg::from(count)),
                ("forum", Arg::from(&self.forum)),
                ("umbrella", Arg::from(umbrella)),
                ("year", Arg::from(&year)),
            ],
        )
    }

    /// The sentence naming the year's focus topics.
    pub fn focus(&self, topics: &[String]) -> String {
        let (year, list) = (self.year.to_string(), topics.join(", "));
        self.tr.with(
            "report-focus",
            &[
                ("count", Arg::from(topics.len())),
                ("year", Arg::from(&year)),
                ("topics", Arg::from(&list)),
            ],
        )
    }

    /// "neu 2022" / "new in 2022" / "nouvelle en 2022".
    pub fn new_in(&self) -> String {
        self.titled("report-new-in")
    }

    /// A date printed with exactly the precision it is known to.
    pub fn date(&self, date: &PartialDate) -> String {
        written::date(self.lang(), date)
    }

    /// A span of dates, shortened where both ends share a month or a year.
    pub fn range(&self, start: &PartialDate, end: Option<&PartialDate>) -> String {
        written::range(self.lang(), start, end)
    }

    /// "seit April 2022" / "since April 2022" / "depuis avril 2022".
    pub fn since(&self, start: &PartialDate) -> String {
        self.tr.args("report-since", &[("date", &self.date(start))])
    }

    /// "70 Teilnehmende" / "30–55 participants".
    pub fn participants(&self, count: Headcount) -> String {
        self.headcount("report-participants", count)
    }

    /// "30–55 Teilnehmende je Veranstaltung" for a series as a whole.
    pub fn participants_each(&self, count: Headcount) -> String {
        self.headcount("report-participants-each", count)
    }

    /// A head count in a text: an exact one as a number (the plural follows it), a range as
    /// written ("30–55", always plural).
    fn headcount(&self, key: &str, count: Headcount) -> String {
        let range = count.to_string();
        let value = if count.min == count.max {
            Arg::Number(i64::from(count.min))
        } else {
            Arg::from(&range)
        };
        self.tr.with(key, &[("count", value)])
    }

    /// "2 Tage" / "2 days" / "2 jours".
    pub fn days(&self, days: u16) -> String {
        self.tr
            .with("report-days", &[("count", Arg::Number(i64::from(days)))])
    }
}

/// The key of an event kind's noun in counts ("web exchange", "web exchanges").
pub fn event_noun(kind: EventKind) -> &'static str {
    match kind {
        EventKind::GeneralMeeting => "report-noun-general-meeting",
        EventKind::UmbrellaAssembly => "report-noun-umbrella-assembly",
        EventKind::UmbrellaCommittee => "report-noun-umbrella-committee",
        EventKind::WebExchange => "report-noun-web-exchange",
        EventKind::Webinar => "report-noun-webinar",
        EventKind::Panel => "report-noun-panel",
        EventKind::Symposium => "report-noun-symposium",
        EventKind::Seminar => "report-noun-seminar",
        EventKind::Training => "report-noun-training",
        EventKind::Workshop => "report-noun-workshop",
        EventKind::StudyVisit => "report-noun-study-visit",
        EventKind::Conference => "report-noun-conference",
        EventKind::RoundTable => "report-noun-round-table",
        EventKind::Presentation => "report-noun-presentation",
        EventKind::Meeting => "report-noun-meeting",
    }
}

/// The key of the title of the group of applications with a status.
pub fn application_group(status: ApplicationStatus) -> &'static str {
    match status {
        ApplicationStatus::InPreparation | ApplicationStatus::Submitted => {
            "report-applications-current"
        }
        ApplicationStatus::Approved => "report-applications-approved",
        ApplicationStatus::Rejected => "report-applications-rejected",
        ApplicationStatus::Withdrawn => "report-applications-withdrawn",
    }
}

/// The key of an application's status, as the pages name it.
pub fn application_status(status: ApplicationStatus) -> String {
    format!("application-status-{}", status.as_str())
}

/// The key of an advocacy action's kind, as the advocacy page names it.
pub fn advocacy_kind(kind: AdvocacyKind) -> String {
    format!("advocacy-kind-{}", kind.as_str())
}

/// The key of a cooperation's kind, as the back office names one.
pub fn cooperation_kind(kind: CooperationKind) -> String {
    format!("bo-value-{}", kind.as_str())
}

/// The key of an outreach's kind, as the advocacy page names it.
pub fn outreach_kind(kind: OutreachKind) -> String {
    format!("advocacy-outreach-{}", kind.as_str())
}

/// The key of a role, as the about page names it, for appointments without a printed title.
pub fn role(role: Role) -> String {
    format!("appointment-role-{}", role.as_str())
}

/// The key of an event's format, as the event pages name it ("online", "in Präsenz").
pub fn format(format: Format) -> String {
    format!("event-format-{}", format.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> PartialDate {
        PartialDate::parse(text).unwrap_or_else(|e| panic!("{e}"))
    }

    fn words(lang: Lang) -> Words {
        Words::new(lang, "DEFUS", Some("Efus"), 2022)
    }

    #[test]
    fn dates_keep_their_precision() {
        let (de, en, fr) = (words(Lang::De), words(Lang::En), words(Lang::Fr));
        assert_eq!(de.date(&d("2022-06")), "Juni 2022");
        assert_eq!(en.date(&d("2022-06")), "June 2022");
        assert_eq!(fr.date(&d("2022-03")), "mars 2022");
        assert_eq!(en.date(&d("2022")), "2022");
        assert_eq!(de.date(&d("2023-06-12")), "12. Juni 2023");
        assert_eq!(en.date(&d("2023-06-12")), "June 12, 2023");
        assert_eq!(fr.date(&d("2022-03-12")), "12 mars 2022");
        assert_eq!(fr.date(&d("2022-03-01")), "1er mars 2022");
        assert_eq!(de.date(&d("2023-06-12T09:30")), "12. Juni 2023, 09:30 Uhr");
    }

    #[test]
    fn ranges_share_month_and_year() {
        let (de, en, fr) = (words(Lang::De), words(Lang::En), words(Lang::Fr));
        let (a, b) = (d("2023-06-12"), d("2023-06-13"));
        assert_eq!(de.range(&a, Some(&b)), "12.–13. Juni 2023");
        assert_eq!(en.range(&a, Some(&b)), "June 12–13, 2023");
        assert_eq!(fr.range(&a, Some(&b)), "12–13 juin 2023");
        let (a, b) = (d("2023-01-30"), d("2023-02-01"));
        assert_eq!(en.range(&a, Some(&b)), "January 30 – February 1, 2023");
        assert_eq!(fr.range(&a, Some(&b)), "30 janvier – 1er février 2023");
        assert_eq!(de.range(&d("2020"), Some(&d("2023"))), "2020–2023");
        assert_eq!(de.range(&a, None), "30. Januar 2023");
    }

    #[test]
    fn counts_and_starts() {
        let (de, en, fr) = (words(Lang::De), words(Lang::En), words(Lang::Fr));
        assert_eq!(de.since(&d("2022-04")), "seit April 2022");
        assert_eq!(en.since(&d("2022-04")), "since April 2022");
        assert_eq!(fr.since(&d("2022-04")), "depuis avril 2022");
        let range = Headcount { min: 30, max: 55 };
        assert_eq!(de.participants(range), "30–55 Teilnehmende");
        assert_eq!(en.participants(Headcount::exact(1)), "1 participant");
        assert_eq!(fr.participants(Headcount::exact(1500)), "1500 participants");
        assert_eq!(
            fr.participants_each(range),
            "30–55 participants par événement"
        );
        let noun = event_noun(EventKind::WebExchange);
        assert_eq!(
            en.not_listed(noun, 3, Access::Members),
            "3 internal web exchanges for members"
        );
        assert_eq!(
            de.not_listed("report-noun-collection", 1, Access::Members),
            "1 Informationssammlung (intern, für Mitglieder)"
        );
        assert_eq!(
            fr.not_listed(noun, 2, Access::Staff),
            "2 web exchanges internes pour le secrétariat"
        );
        assert_eq!(de.days(1), "1 Tag");
        assert_eq!(fr.days(2), "2 jours");
    }

    #[test]
    fn titles_name_the_forum_the_umbrella_and_the_years() {
        let (de, en, fr) = (words(Lang::De), words(Lang::En), words(Lang::Fr));
        assert_eq!(de.title(), "DEFUS-Jahresbericht 2022");
        assert_eq!(en.title(), "DEFUS Annual Report 2022");
        assert_eq!(fr.title(), "DEFUS – Rapport annuel 2022");
        assert_eq!(
            de.section(ReportSection::Umbrella),
            "V. Efus und die Zusammenarbeit mit den nationalen Foren"
        );
        assert_eq!(fr.section(ReportSection::Outlook), "VI. Perspectives 2023");
        let alone = Words::new(Lang::En, "DEFUS", None, 2022);
        assert_eq!(
            alone.section(ReportSection::Umbrella),
            "V. The European umbrella and the national forums"
        );
        assert_eq!(
            fr.labelled("report-fact-status", "refusée"),
            "Statut\u{a0}: refusée"
        );
        assert_eq!(
            fr.focus(&["Sécurité".to_owned(), "Nuit".to_owned()]),
            "Thèmes prioritaires 2022\u{a0}: Sécurité, Nuit."
        );
    }
}
