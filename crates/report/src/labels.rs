//! The fixed words of the report in German and English: section titles, part titles, the
//! phrases around figures, and dates as a reader expects them. Other languages fall back to
//! English, the network's second working language.

use urbis_domain::Lang;
use urbis_domain::PartialDate;
use urbis_domain::access::Access;
use urbis_domain::advocacy::{AdvocacyKind, CooperationKind, OutreachKind};
use urbis_domain::events::EventKind;
use urbis_domain::network::Role;
use urbis_domain::parts::Headcount;
use urbis_domain::projects::ApplicationStatus;
use urbis_domain::report::ReportSection;
use urbis_domain::written;

/// Picks the German or the English wording.
fn pick(lang: Lang, de: &str, en: &str) -> String {
    if lang == Lang::De { de } else { en }.to_owned()
}

/// What the section and part titles need to know about the forum and the year.
#[derive(Debug, Clone)]
pub struct Names {
    /// The forum's short name ("DEFUS").
    pub short: String,
    /// The umbrella's short name ("Efus"), when the forum belongs to one.
    pub umbrella: Option<String>,
    /// The report year.
    pub year: i16,
}

/// The report's title ("DEFUS-Jahresbericht 2022").
pub fn title(lang: Lang, names: &Names) -> String {
    if lang == Lang::De {
        format!("{}-Jahresbericht {}", names.short, names.year)
    } else {
        format!("{} Annual Report {}", names.short, names.year)
    }
}

/// The heading of the table of contents.
pub fn contents(lang: Lang) -> String {
    pick(lang, "Inhalt", "Contents")
}

/// The word before a page number in the footer.
pub fn page(lang: Lang) -> String {
    pick(lang, "Seite", "Page")
}

/// A line on the title page for a report that is not for the public.
pub fn edition(lang: Lang, audience: Access) -> Option<String> {
    match audience {
        Access::Public => None,
        Access::Members => Some(pick(lang, "Ausgabe für Mitglieder", "Edition for members")),
        Access::Staff => Some(pick(
            lang,
            "Interne Ausgabe der Geschäftsstelle",
            "Internal edition for the office",
        )),
    }
}

/// The numbered title of a section, as in the reference report.
pub fn section(lang: Lang, section: ReportSection, names: &Names) -> String {
    let umbrella = names.umbrella.as_deref();
    let next = names.year + 1;
    let de = lang == Lang::De;
    match section {
        ReportSection::Introduction => pick(lang, "Einleitung", "Introduction"),
        ReportSection::Exchange => pick(lang, "I. Austausch", "I. Exchange"),
        ReportSection::Knowledge => pick(lang, "II. Wissensmanagement", "II. Knowledge Management"),
        ReportSection::Projects => pick(lang, "III. Projekte", "III. Projects"),
        ReportSection::Communication => pick(
            lang,
            "IV. Kommunikation & Vernetzung",
            "IV. Communication & Networking",
        ),
        ReportSection::Umbrella => match (umbrella, de) {
            (Some(u), true) => format!("V. {u} und die Zusammenarbeit mit den nationalen Foren"),
            (Some(u), false) => format!("V. {u} and the cooperation with the national forums"),
            (None, true) => "V. Der europäische Dachverband und die nationalen Foren".to_owned(),
            (None, false) => "V. The European umbrella and the national forums".to_owned(),
        },
        ReportSection::Outlook => {
            if de {
                format!("VI. Ausblick {next}")
            } else {
                format!("VI. Outlook {next}")
            }
        }
        ReportSection::Office => {
            if de {
                format!("VII. {} – Vorstand und Geschäftsstelle", names.short)
            } else {
                format!("VII. {} Board and Office", names.short)
            }
        }
    }
}

/// The parts a section's generated content is divided into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The forum's members.
    Members,
    /// The year compared with the previous one.
    Comparison,
    /// The forum's general meetings.
    GeneralMeetings,
    /// Events of the umbrella the forum took part in.
    UmbrellaEvents,
    /// Web exchanges, webinars, round tables, workshops.
    ThematicExchange,
    /// Panels, symposia, conferences, presentations.
    SpecialEvents,
    /// Other meetings.
    FurtherMeetings,
    /// The information collections.
    Collections,
    /// Training and seminars.
    Training,
    /// The forum's own projects.
    OwnProjects,
    /// EU projects with the forum as partner.
    EuProjects,
    /// Projects of others the forum takes part in.
    Participations,
    /// Third-party funded projects of members.
    MemberProjects,
    /// Funding applications.
    Applications,
    /// Submissions, position papers, letters, hearings.
    Advocacy,
    /// Cooperations and chapters.
    Cooperations,
    /// Network memberships and advisory board seats.
    Networks,
    /// Presentations and exchanges with other institutions.
    Outreach,
    /// The umbrella's national forums.
    NationalForums,
    /// Meetings and joint work with the umbrella.
    UmbrellaCooperation,
    /// Next year's events.
    OutlookEvents,
    /// Next year's web exchanges.
    OutlookWebExchanges,
    /// Next year's topics.
    OutlookTopics,
    /// The board.
    Board,
    /// The office.
    Office,
}

/// The title of a part.
pub fn part(lang: Lang, part: Part, names: &Names) -> String {
    let s = &names.short;
    let u = names.umbrella.as_deref().unwrap_or("Efus");
    let next = names.year + 1;
    let de = lang == Lang::De;
    let both = |d: String, e: String| if de { d } else { e };
    match part {
        Part::Members => both(format!("Die Mitglieder von {s}"), format!("{s} members")),
        Part::Comparison => both(
            format!("{} im Vergleich zum Vorjahr", names.year),
            format!("{} compared with the previous year", names.year),
        ),
        Part::GeneralMeetings => both(
            format!("{s}-Mitgliederversammlungen"),
            format!("{s} General Meetings"),
        ),
        Part::UmbrellaEvents => both(format!("{u}-Veranstaltungen"), format!("{u} events")),
        Part::ThematicExchange => pick(lang, "Thematischer Austausch", "Thematic exchange"),
        Part::SpecialEvents => pick(lang, "Fachveranstaltungen", "Specialized events"),
        Part::FurtherMeetings => pick(lang, "Weitere Termine", "Further meetings"),
        Part::Collections => pick(lang, "Informationssammlungen", "Information collections"),
        Part::Training => pick(
            lang,
            "Fort- und Weiterbildung",
            "Continuing Education & Training",
        ),
        Part::OwnProjects => pick(lang, "Eigene Projekte", "Own projects"),
        Part::EuProjects => pick(lang, "EU-Projekte", "EU projects"),
        Part::Participations => pick(lang, "Projektbeteiligungen", "Project participations"),
        Part::MemberProjects => pick(lang, "Projekte der Mitglieder", "Member projects"),
        Part::Applications => pick(
            lang,
            "Drittmittelanträge",
            "Third-party funding applications",
        ),
        Part::Advocacy => pick(lang, "Lobbyarbeit", "Lobbying"),
        Part::Cooperations => pick(lang, "Kooperationen", "Cooperations"),
        Part::Networks => pick(lang, "Netzwerke", "Networks"),
        Part::Outreach => both(
            format!("{s} im Kontakt mit anderen Institutionen und Städten"),
            format!("{s} in contact with other institutions and cities"),
        ),
        Part::NationalForums => pick(lang, "Die nationalen Foren", "The national forums"),
        Part::UmbrellaCooperation => both(
            format!("Zusammenarbeit mit {u}"),
            format!("Cooperation with {u}"),
        ),
        Part::OutlookEvents => pick(lang, "Veranstaltungen", "Events"),
        Part::OutlookWebExchanges => both(format!("{s}-Web-Exchange"), format!("{s} Web Exchange")),
        Part::OutlookTopics => both(format!("Themen {next}"), format!("Topics {next}")),
        Part::Board => both(format!("{s}-Vorstand"), format!("{s} Board of Directors")),
        Part::Office => pick(lang, "Geschäftsstelle", "Office"),
    }
}

/// The title of the group of applications with a status.
pub fn application_group(lang: Lang, status: ApplicationStatus) -> String {
    match status {
        ApplicationStatus::InPreparation | ApplicationStatus::Submitted => {
            pick(lang, "Laufende Anträge", "Current applications")
        }
        ApplicationStatus::Approved => pick(lang, "Bewilligte Anträge", "Approved applications"),
        ApplicationStatus::Rejected => pick(lang, "Abgelehnte Anträge", "Rejected applications"),
        ApplicationStatus::Withdrawn => {
            pick(lang, "Zurückgezogene Anträge", "Withdrawn applications")
        }
    }
}

/// An application's status as a word.
pub fn application_status(lang: Lang, status: ApplicationStatus) -> String {
    match status {
        ApplicationStatus::InPreparation => pick(lang, "in Vorbereitung", "in preparation"),
        ApplicationStatus::Submitted => pick(lang, "eingereicht", "submitted"),
        ApplicationStatus::Approved => pick(lang, "bewilligt", "approved"),
        ApplicationStatus::Rejected => pick(lang, "abgelehnt", "rejected"),
        ApplicationStatus::Withdrawn => pick(lang, "zurückgezogen", "withdrawn"),
    }
}

/// An advocacy action's kind as a word.
pub fn advocacy_kind(lang: Lang, kind: AdvocacyKind) -> String {
    match kind {
        AdvocacyKind::Submission => pick(lang, "Stellungnahme", "Submission"),
        AdvocacyKind::PositionPaper => pick(lang, "Positionspapier", "Position paper"),
        AdvocacyKind::Letter => pick(lang, "Schreiben", "Letter"),
        AdvocacyKind::Hearing => pick(lang, "Anhörung / Austausch", "Hearing / exchange"),
    }
}

/// A cooperation's kind as a word.
pub fn cooperation_kind(lang: Lang, kind: CooperationKind) -> String {
    match kind {
        CooperationKind::Cooperation => pick(lang, "Kooperation", "Cooperation"),
        CooperationKind::Chapter => pick(lang, "Chapter", "Chapter"),
        CooperationKind::NetworkMembership => {
            pick(lang, "Mitgliedschaft im Netzwerk", "Network membership")
        }
        CooperationKind::AdvisoryBoardSeat => pick(lang, "Sitz im Beirat", "Advisory board seat"),
    }
}

/// An outreach's kind as a word.
pub fn outreach_kind(lang: Lang, kind: OutreachKind) -> String {
    match kind {
        OutreachKind::Presentation => pick(lang, "Vorstellung", "Presentation"),
        OutreachKind::Exchange => pick(lang, "Austausch", "Exchange"),
    }
}

/// A role as a word, for appointments without a printed title.
pub fn role(lang: Lang, role: Role) -> String {
    match role {
        Role::BoardChair => pick(lang, "Vorsitz", "Chair"),
        Role::DeputyChair => pick(lang, "Stellvertretender Vorsitz", "Deputy chair"),
        Role::BoardMember => pick(lang, "Vorstandsmitglied", "Board member"),
        Role::ManagingDirector => pick(lang, "Geschäftsführung", "Managing director"),
        Role::Researcher => pick(lang, "Wissenschaftliche Mitarbeit", "Researcher"),
        Role::ProjectStaff => pick(lang, "Projektmitarbeit", "Project staff"),
        Role::Accounting => pick(lang, "Buchhaltung", "Accounting"),
        Role::It => pick(lang, "IT und Internes", "IT and internal services"),
        Role::Other => pick(lang, "Mitarbeit", "Staff"),
    }
}

/// The singular and plural noun of an event kind.
pub fn event_noun(lang: Lang, kind: EventKind) -> (String, String) {
    let (ds, dp, es, ep) = match kind {
        EventKind::GeneralMeeting => (
            "Mitgliederversammlung",
            "Mitgliederversammlungen",
            "general meeting",
            "general meetings",
        ),
        EventKind::UmbrellaAssembly => (
            "Generalversammlung",
            "Generalversammlungen",
            "general assembly",
            "general assemblies",
        ),
        EventKind::UmbrellaCommittee => (
            "Sitzung des Exekutivkomitees",
            "Sitzungen des Exekutivkomitees",
            "executive committee meeting",
            "executive committee meetings",
        ),
        EventKind::WebExchange => (
            "Web-Exchange",
            "Web-Exchanges",
            "web exchange",
            "web exchanges",
        ),
        EventKind::Webinar => ("Webinar", "Webinare", "webinar", "webinars"),
        EventKind::Panel => (
            "Podiumsdiskussion",
            "Podiumsdiskussionen",
            "panel discussion",
            "panel discussions",
        ),
        EventKind::Symposium => ("Symposium", "Symposien", "symposium", "symposia"),
        EventKind::Seminar => ("Seminar", "Seminare", "seminar", "seminars"),
        EventKind::Training => (
            "Training",
            "Trainings",
            "training session",
            "training sessions",
        ),
        EventKind::Workshop => ("Workshop", "Workshops", "workshop", "workshops"),
        EventKind::StudyVisit => (
            "Studienbesuch",
            "Studienbesuche",
            "study visit",
            "study visits",
        ),
        EventKind::Conference => ("Konferenz", "Konferenzen", "conference", "conferences"),
        EventKind::RoundTable => (
            "Runder Tisch",
            "Runde Tische",
            "round table",
            "round tables",
        ),
        EventKind::Presentation => (
            "Präsentation",
            "Präsentationen",
            "presentation",
            "presentations",
        ),
        EventKind::Meeting => ("Treffen", "Treffen", "meeting", "meetings"),
    };
    if lang == Lang::De {
        (ds.to_owned(), dp.to_owned())
    } else {
        (es.to_owned(), ep.to_owned())
    }
}

/// Nouns of the record kinds that can be counted without being listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Noun {
    /// An event of a kind.
    Event(EventKind),
    /// A series of events.
    Series,
    /// A project.
    Project,
    /// A funding application.
    Application,
    /// An information collection.
    Collection,
    /// An advocacy action.
    Advocacy,
    /// A cooperation.
    Cooperation,
    /// An outreach.
    Outreach,
    /// A person in the board or the office.
    Person,
}

fn noun(lang: Lang, noun: Noun) -> (String, String) {
    let pair = |ds: &str, dp: &str, es: &str, ep: &str| {
        if lang == Lang::De {
            (ds.to_owned(), dp.to_owned())
        } else {
            (es.to_owned(), ep.to_owned())
        }
    };
    match noun {
        Noun::Event(kind) => event_noun(lang, kind),
        Noun::Series => pair(
            "Veranstaltungsreihe",
            "Veranstaltungsreihen",
            "series of events",
            "series of events",
        ),
        Noun::Project => pair("Projekt", "Projekte", "project", "projects"),
        Noun::Application => pair(
            "Förderantrag",
            "Förderanträge",
            "funding application",
            "funding applications",
        ),
        Noun::Collection => pair(
            "Informationssammlung",
            "Informationssammlungen",
            "information collection",
            "information collections",
        ),
        Noun::Advocacy => pair(
            "Aktion der Lobbyarbeit",
            "Aktionen der Lobbyarbeit",
            "advocacy action",
            "advocacy actions",
        ),
        Noun::Cooperation => pair(
            "Kooperation",
            "Kooperationen",
            "cooperation",
            "cooperations",
        ),
        Noun::Outreach => pair("Kontakt", "Kontakte", "contact", "contacts"),
        Noun::Person => pair("Person", "Personen", "person", "persons"),
    }
}

/// The line that stands for records the audience may not read: only their number
/// ("4 internal web exchanges for members").
pub fn not_listed(lang: Lang, what: Noun, count: usize, access: Access) -> String {
    let (one, many) = noun(lang, what);
    let de = lang == Lang::De;
    let whom = match (access, de) {
        (Access::Staff, true) => "für die Geschäftsstelle",
        (Access::Staff, false) => "for the office",
        (_, true) => "für Mitglieder",
        (_, false) => "for members",
    };
    match (count, de) {
        (1, true) => format!("1 {one} (intern, {whom})"),
        (1, false) => format!("1 internal {one} {whom}"),
        (n, true) => format!("{n} interne {many} {whom}"),
        (n, false) => format!("{n} internal {many} {whom}"),
    }
}

/// The sentence with the number of members.
pub fn member_count(lang: Lang, short: &str, count: usize) -> String {
    if lang == Lang::De {
        format!("{short} hat {count} Mitglieder.")
    } else {
        format!("{short} has {count} members.")
    }
}

/// The sentence with the number of information collections.
pub fn collection_count(lang: Lang, count: usize, new: usize, year: i16) -> String {
    let mut text = if lang == Lang::De {
        format!("Aktuell gibt es {count} Informationssammlungen für unsere Mitglieder.")
    } else {
        format!("Currently, there are {count} information collections for our members.")
    };
    if new > 0 {
        text.push(' ');
        text.push_str(&if lang == Lang::De {
            format!("Davon sind {new} im Jahr {year} neu hinzugekommen.")
        } else {
            format!("{new} of them were added in {year}.")
        });
    }
    text
}

/// The sentence naming the year's focus topics.
pub fn focus(lang: Lang, year: i16, topics: &[String]) -> String {
    let list = topics.join(", ");
    match (lang == Lang::De, topics.len()) {
        (true, 1) => format!("Thematischer Schwerpunkt {year}: {list}."),
        (true, _) => format!("Thematische Schwerpunkte {year}: {list}."),
        (false, 1) => format!("Thematic focus {year}: {list}."),
        (false, _) => format!("Thematic focus topics {year}: {list}."),
    }
}

/// The sentence with the number of national forums of the umbrella.
pub fn forum_count(lang: Lang, umbrella: &str, count: usize) -> String {
    if lang == Lang::De {
        format!("Zu {umbrella} gehören {count} nationale Foren:")
    } else {
        format!("{umbrella} has {count} national forums:")
    }
}

/// What a section says when the records hold nothing for it.
pub fn nothing(lang: Lang) -> String {
    pick(
        lang,
        "Für dieses Jahr liegen dazu keine Einträge vor.",
        "Nothing was recorded for this year.",
    )
}

/// Labels of the facts printed beside an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fact {
    /// The host organisation.
    Host,
    /// Organisations that organised it with the forum.
    CoOrganisers,
    /// Speakers and panellists.
    Speakers,
    /// The funder.
    Funder,
    /// The call applied to.
    Call,
    /// The lead applicant.
    Lead,
    /// The status.
    Status,
    /// Submitted on.
    Submitted,
    /// Decided on.
    Decided,
    /// The reason of a decision.
    Reason,
    /// The forum's role.
    Role,
    /// The coordinator.
    Coordinator,
    /// Partners.
    Partners,
    /// Member organisations involved.
    MembersInvolved,
    /// The recipient of an advocacy action.
    Recipient,
    /// Authors.
    Authors,
    /// Co-signers.
    CoSigners,
    /// The outcome.
    Outcome,
    /// The partner of a cooperation.
    Partner,
    /// Websites and media.
    Links,
    /// Counterparts of an outreach.
    Counterparts,
    /// The audience.
    Audience,
}

/// The label of a fact, followed by a colon where it is printed.
pub fn fact(lang: Lang, fact: Fact) -> String {
    match fact {
        Fact::Host => pick(lang, "Gastgeber", "Host"),
        Fact::CoOrganisers => pick(lang, "Gemeinsam mit", "Together with"),
        Fact::Speakers => pick(lang, "Mit", "With"),
        Fact::Funder => pick(lang, "Fördergeber", "Funder"),
        Fact::Call => pick(lang, "Ausschreibung", "Call"),
        Fact::Lead => pick(lang, "Antragsteller", "Lead applicant"),
        Fact::Status => pick(lang, "Status", "Status"),
        Fact::Submitted => pick(lang, "Eingereicht", "Submitted"),
        Fact::Decided => pick(lang, "Entschieden", "Decided"),
        Fact::Reason => pick(lang, "Begründung", "Reason"),
        Fact::Role => pick(lang, "Rolle", "Role"),
        Fact::Coordinator => pick(lang, "Koordination", "Coordinator"),
        Fact::Partners => pick(lang, "Partner", "Partners"),
        Fact::MembersInvolved => pick(lang, "Beteiligte Mitglieder", "Members involved"),
        Fact::Recipient => pick(lang, "Empfänger", "Recipient"),
        Fact::Authors => pick(lang, "Gemeinsam mit", "Together with"),
        Fact::CoSigners => pick(lang, "Mitgezeichnet von", "Co-signed by"),
        Fact::Outcome => pick(lang, "Ergebnis", "Outcome"),
        Fact::Partner => pick(lang, "Partner", "Partner"),
        Fact::Links => pick(lang, "Links", "Links"),
        Fact::Counterparts => pick(lang, "Mit", "With"),
        Fact::Audience => pick(lang, "Zielgruppe", "Audience"),
    }
}

/// "Label: value".
pub fn labelled(lang: Lang, what: Fact, value: &str) -> String {
    format!("{}: {value}", fact(lang, what))
}

/// The rows of the year-over-year table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// Events held.
    EventsHeld,
    /// Participants reported.
    Participants,
    /// Members joined.
    MembersJoined,
    /// Applications submitted.
    ApplicationsSubmitted,
    /// Applications approved.
    ApplicationsApproved,
}

/// The label of a figure.
pub fn figure(lang: Lang, figure: Figure) -> String {
    match figure {
        Figure::EventsHeld => pick(lang, "Durchgeführte Veranstaltungen", "Events held"),
        Figure::Participants => pick(lang, "Teilnehmende (gemeldet)", "Participants (reported)"),
        Figure::MembersJoined => pick(lang, "Neue Mitglieder", "Members joined"),
        Figure::ApplicationsSubmitted => {
            pick(lang, "Eingereichte Anträge", "Applications submitted")
        }
        Figure::ApplicationsApproved => pick(lang, "Bewilligte Anträge", "Applications approved"),
    }
}

/// The header of the column with the difference between the years.
pub fn change(lang: Lang) -> String {
    pick(lang, "Veränderung", "Change")
}

/// The header of the column with the figures' names.
pub fn figure_header(lang: Lang) -> String {
    pick(lang, "Kennzahl", "Figure")
}

/// The name of a month.
pub fn month(lang: Lang, month: u8) -> String {
    written::month(lang, month).to_owned()
}

/// A date printed with exactly the precision it is known to.
pub fn date(lang: Lang, date: &PartialDate) -> String {
    written::date(lang, date)
}

/// A span of dates, shortened where both ends share a month or a year.
pub fn date_range(lang: Lang, start: &PartialDate, end: Option<&PartialDate>) -> String {
    written::range(lang, start, end)
}

/// "seit April 2022" / "since April 2022".
pub fn since(lang: Lang, start: &PartialDate) -> String {
    if lang == Lang::De {
        format!("seit {}", date(lang, start))
    } else {
        format!("since {}", date(lang, start))
    }
}

/// "70 Teilnehmende" / "30–55 participants".
pub fn participants(lang: Lang, count: Headcount) -> String {
    if lang == Lang::De {
        format!("{count} Teilnehmende")
    } else {
        format!("{count} participants")
    }
}

/// "30–55 Teilnehmende je Veranstaltung" for a series as a whole.
pub fn participants_each(lang: Lang, count: Headcount) -> String {
    if lang == Lang::De {
        format!("{count} Teilnehmende je Veranstaltung")
    } else {
        format!("{count} participants per event")
    }
}

/// "2 Tage" / "2 days".
pub fn days(lang: Lang, days: u16) -> String {
    match (lang == Lang::De, days) {
        (true, 1) => "1 Tag".to_owned(),
        (true, n) => format!("{n} Tage"),
        (false, 1) => "1 day".to_owned(),
        (false, n) => format!("{n} days"),
    }
}

/// "neu 2022" / "new in 2022".
pub fn new_in(lang: Lang, year: i16) -> String {
    if lang == Lang::De {
        format!("neu {year}")
    } else {
        format!("new in {year}")
    }
}

/// "Online" / "in Präsenz" / "hybrid".
pub fn format(lang: Lang, format: urbis_domain::events::Format) -> String {
    use urbis_domain::events::Format as F;
    match format {
        F::Online => pick(lang, "online", "online"),
        F::InPerson => pick(lang, "in Präsenz", "in person"),
        F::Hybrid => pick(lang, "hybrid", "hybrid"),
    }
}

/// "abgesagt" / "cancelled", "geplant" / "planned".
pub fn planned(lang: Lang) -> String {
    pick(lang, "geplant", "planned")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> PartialDate {
        PartialDate::parse(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn dates_keep_their_precision() {
        assert_eq!(date(Lang::De, &d("2022-06")), "Juni 2022");
        assert_eq!(date(Lang::En, &d("2022-06")), "June 2022");
        assert_eq!(date(Lang::En, &d("2022")), "2022");
        assert_eq!(date(Lang::De, &d("2023-06-12")), "12. Juni 2023");
        assert_eq!(date(Lang::En, &d("2023-06-12")), "June 12, 2023");
        assert_eq!(
            date(Lang::De, &d("2023-06-12T09:30")),
            "12. Juni 2023, 09:30 Uhr"
        );
    }

    #[test]
    fn ranges_share_month_and_year() {
        let (a, b) = (d("2023-06-12"), d("2023-06-13"));
        assert_eq!(date_range(Lang::De, &a, Some(&b)), "12.–13. Juni 2023");
        assert_eq!(date_range(Lang::En, &a, Some(&b)), "June 12–13, 2023");
        let (a, b) = (d("2023-01-30"), d("2023-02-01"));
        assert_eq!(
            date_range(Lang::En, &a, Some(&b)),
            "January 30 – February 1, 2023"
        );
        assert_eq!(
            date_range(Lang::De, &d("2020"), Some(&d("2023"))),
            "2020–2023"
        );
        assert_eq!(date_range(Lang::De, &a, None), "30. Januar 2023");
    }

    #[test]
    fn counts_and_starts() {
        assert_eq!(since(Lang::De, &d("2022-04")), "seit April 2022");
        assert_eq!(since(Lang::En, &d("2022-04")), "since April 2022");
        let range = Headcount { min: 30, max: 55 };
        assert_eq!(participants(Lang::De, range), "30–55 Teilnehmende");
        assert_eq!(
            not_listed(
                Lang::En,
                Noun::Event(EventKind::WebExchange),
                3,
                Access::Members
            ),
            "3 internal web exchanges for members"
        );
    }
}
