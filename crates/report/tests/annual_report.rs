//! The annual report written from the demo network's records, checked against what the 2022
//! reference report names: in German and English, as PDF (text extracted with `pdftotext` from
//! poppler-utils), HTML and Markdown, on SQLite and on PostgreSQL; and in French, with every
//! fixed word French.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::Path;
use std::process::Command;

use urbis_domain::events::{Event, EventStatus};
use urbis_domain::network::Forum;
use urbis_domain::{Access, Dataset, Lang, Record};
use urbis_i18n::{Arg, Tr};
use urbis_report::{Format, Options, Report, compose, find_forum, render};
use urbis_store::Store;

// --- what the reference report names (shared/reference/annual-report-2022.txt) ---------------

/// Names that read the same in both languages: projects, participations, applications, funders,
/// places, people, cooperations.
const NAMES: &[&str] = &[
    // III. projects, participations, applications
    "PanReflex",
    "PUFII",
    "Secu4All",
    "SiBa",
    "LegiNot",
    "RiskPACC",
    "iCommit",
    "SHINE",
    "Pactesur",
    "Plan#B",
    "ZisSch",
    "DRAGON",
    "SiLBER",
    "CO-SECUR",
    "Horizon Europe",
    "SifoLIFE",
    "Robert Bosch",
    // I. exchange: places and people
    "Riga",
    "Rotterdam",
    "Berlin",
    "Essen",
    "Heino Stöver",
    "Stefan Scholz",
    "Betina König",
    "Christian Specht",
    "Rita Haverkamp",
    "Dolores Burkert",
    "Zuhai Karakas",
    "Daniela Dorn",
    "Tilman Schulze",
    // IV. communication and networking
    "CPTED",
    "Difu",
    "ForAn",
    "KN:IX",
    "Holger Floeting",
    "Tim Lukas",
    "Bremen",
    "Frankfurt am Main",
    // V. the umbrella
    "Efus",
    "Paris",
    // VI. outlook
    "Mönchengladbach",
    "Mannheim",
    "IMPETUS",
    // VII. board and office
    "Christian Kromberg",
    "Anna Rau",
    "Lawrence Schätzle",
    "Margo Molkenbur",
    "Kristina Kutz",
    "Rolf Grimmer",
];

/// Names that differ by language: (German, English). The English side is the reference's
/// wording where it names the thing; the German side is the German of the same record.
const WORDED: &[(&str, &str)] = &[
    ("Jahresbericht 2022", "Annual Report 2022"),
    ("hat 18 Mitglieder", "has 18 members"),
    ("Austausch", "Exchange"),
    ("Wissensmanagement", "Knowledge Management"),
    ("Projekte", "Projects"),
    ("Kommunikation & Vernetzung", "Communication & Networking"),
    (
        "Efus und die Zusammenarbeit mit den nationalen Foren",
        "Efus and the cooperation with the national forums",
    ),
    ("Ausblick 2023", "Outlook 2023"),
    ("Vorstand und Geschäftsstelle", "Board and Office"),
    // I. exchange
    (
        "Mitgliederversammlung 2022 in Berlin",
        "General Meeting 2022 in Berlin",
    ),
    ("Generalversammlung in Riga", "General Assembly in Riga"),
    (
        "Exekutivkomitees in Rotterdam",
        "Executive Committee in Rotterdam",
    ),
    (
        "Angebote für Suchtkranke in Bahnhofsvierteln",
        "Offers for addicts in station districts",
    ),
    (
        "Quartiersmanagement in Bahnhofsvierteln am Beispiel Münster",
        "management in station districts using the example of Münster",
    ),
    ("Bahnhofs Zoo", "Zoo train station"),
    (
        "Brauchen wir neue Strategien für urbane Sicherheit?",
        "Do we need new strategies for urban security?",
    ),
    (
        "Brauchen wir neue Strategien für Sicherheit im öffentlichen Raum?",
        "Do we need new strategies for security in public space?",
    ),
    ("70 Teilnehmende", "70 participants"),
    ("30–55 Teilnehmende", "30–55 participants"),
    // II. knowledge
    ("Secu4All-Trainingszyklus", "Secu4All training cycle"),
    ("Lebenswerte Orte schaffen", "Creating Livable Places"),
    ("11 Informationssammlungen", "11 information collections"),
    // IV. advocacy and cooperations
    (
        "Stellungnahme zur Rolle der Kommunen in der Nationalen Sicherheitsstrategie",
        "submission on the role of municipalities in the National Security Strategy",
    ),
    (
        "Positionspapier zur Weiterentwicklung der Sicherheitsforschung",
        "position paper on the further development of security research",
    ),
    ("Deutscher Städtetag", "German Association of Cities"),
    (
        "Deutsches Forum für Kriminalprävention",
        "German Forum for Crime Prevention",
    ),
    (
        "German Chapter der International CPTED Association",
        "German Chapter of the International CPTED Association",
    ),
    (
        "Deutschen Institut für Urbanistik",
        "German Institute of Urban Affairs",
    ),
    ("hybriden Bedrohungen", "hybrid threats"),
    // VI. outlook
    ("12.–13. Juni 2023", "June 12–13, 2023"),
    ("Kommunales Krisenmanagement", "Municipal crisis management"),
    ("Organisierte Kriminalität", "Organised crime"),
    // VII. board and office
    ("Vorsitzender", "Chairman"),
    ("Stellvertretender Vorsitzender", "Deputy Chairman"),
    ("Geschäftsführerin", "Managing Director"),
    ("Buchhaltung", "Accounting"),
];

/// The statuses of applications the reference names.
const REJECTED: (&str, &str) = ("abgelehnt", "rejected");
const SUBMITTED: (&str, &str) = ("eingereicht", "submitted");

/// The title of a members-only web exchange and collection the tests add to the demo: a
/// public edition counts them and never names them.
const INTERNAL_MARKER: &str = "MARKER-INTERN";

/// How a public edition counts the one members-only collection the tests add.
const INTERNAL_COUNT: (&str, &str) = (
    "1 Informationssammlung (intern, für Mitglieder)",
    "1 internal information collection for members",
);

/// The internal web exchanges of 2022: the reference names them publicly (their content is for
/// members; registration is members-only).
const WEB_EXCHANGES: &[(&str, &str)] = &[
    (
        "Web-Exchange: Gewalt gegen Frauen",
        "Web exchange: violence against women",
    ),
    ("Web-Exchange: Messergewalt", "Web exchange: knife violence"),
    (
        "Web-Exchange: Prävention sexualisierter Übergriffe im Nachtleben",
        "Web exchange: sexual assault prevention in nightlife",
    ),
    (
        "Web-Exchange: Sichere Städte für Frauen – Gendertransformative Stadtplanung",
        "Web exchange: safe cities for women – gender-transformative urban planning",
    ),
];

/// The eleven collections as the reference lists them (German); the English titles are taken
/// from the same records of the demo data set.
const COLLECTIONS_DE: &[&str] = &[
    "Beteiligung für Sicherheit und Prävention",
    "Klimawandel und Urbane Sicherheit",
    "Konfliktbearbeitung im öffentlichen Raum",
    "Messergewalt im öffentlichen Raum",
    "Mitarbeitersicherheit",
    "Nächtliches Feiern & Sicherheit in der Nacht",
    "Schutz öffentlicher Räume",
    "Sicherheitsbefragung & Audits",
    "Sicherheit im Bahnhofsviertel",
    "Sichere Städte für Frauen",
    "Städtebauliche Kriminalprävention",
];

fn word(lang: Lang, pair: &(&'static str, &'static str)) -> &'static str {
    if lang == Lang::De { pair.0 } else { pair.1 }
}

fn collections(lang: Lang) -> Vec<String> {
    if lang == Lang::De {
        return COLLECTIONS_DE.iter().map(|s| (*s).to_owned()).collect();
    }
    let dataset = urbis_demo::dataset().unwrap();
    let titles: Vec<String> = dataset
        .forums
        .iter()
        .flat_map(|f| f.collections.iter())
        .map(|c| c.title.localize(lang).text.to_owned())
        .collect();
    assert_eq!(titles.len(), COLLECTIONS_DE.len());
    titles
}

// --- helpers ------------------------------------------------------------------------------

async fn demo_store(url: &str) -> Store {
    let store = Store::open(url).await.unwrap();
    store.import(urbis_demo::dataset().unwrap()).await.unwrap();
    store
}

/// The demo network plus two records the public may not read: a members-only web exchange and
/// a members-only collection.
async fn demo_store_with_internal_records(url: &str) -> Store {
    with_internal_records(demo_store(url).await).await
}

/// Adds a members-only web exchange and a members-only collection to a store with the demo.
async fn with_internal_records(store: Store) -> Store {
    let forum = find_forum(&store, Some("DEFUS")).await.unwrap();
    let mut event: urbis_domain::events::Event = serde_json::from_value(serde_json::json!({
        "kind": "web_exchange", "title": format!("Web-Exchange {INTERNAL_MARKER}"), "start": "2022-12",
        "format": "online", "status": "held", "access": "members"
    }))
    .unwrap();
    urbis_domain::Record::set_forum(&mut event, forum.id.clone());
    store.insert(&event).await.unwrap();
    let mut collection: urbis_domain::knowledge::Collection =
        serde_json::from_value(serde_json::json!({
            "slug": "intern", "title": format!("Sammlung {INTERNAL_MARKER}"), "access": "members"
        }))
        .unwrap();
    urbis_domain::Record::set_forum(&mut collection, forum.id.clone());
    store.insert(&collection).await.unwrap();
    store
}

async fn defus(store: &Store) -> Forum {
    find_forum(store, Some("DEFUS")).await.unwrap()
}

async fn report(store: &Store, year: i16, lang: Lang, audience: Access) -> Report {
    let forum = defus(store).await;
    let mut options = Options::new(year, lang);
    options.audience = audience;
    compose(store, &forum, &options).await.unwrap()
}

/// Text as a reader sees it: white space collapsed, hyphens at line ends joined, typographic
/// quotes and invisible joiners removed, lower case.
fn normalize(text: &str) -> String {
    let text = text
        .replace(['\u{2060}', '\u{00ad}'], "")
        .replace(['’', '‘'], "'")
        .replace("-\n", "-");
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The text of a PDF as `pdftotext` (poppler-utils) extracts it, pages separated by form feeds.
fn pdftotext(pdf: &[u8]) -> String {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg(file.path())
        .arg("-")
        .output()
        .expect("pdftotext runs (install Debian's poppler-utils)");
    assert!(out.status.success(), "pdftotext failed: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The text of an HTML page: tags removed, entities decoded.
fn html_text(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&#60;", "<")
        .replace("&#62;", ">")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#38;", "&")
}

/// The three renderings of a report as normalized reading text.
fn texts(report: &Report) -> Vec<(Format, String)> {
    let pdf = render(report, Format::Pdf).unwrap();
    assert!(pdf.starts_with(b"%PDF"), "a PDF starts with %PDF");
    let html = String::from_utf8(render(report, Format::Html).unwrap()).unwrap();
    let md = String::from_utf8(render(report, Format::Markdown).unwrap()).unwrap();
    vec![
        (Format::Pdf, normalize(&pdftotext(&pdf))),
        (Format::Html, normalize(&html_text(&html))),
        (Format::Markdown, normalize(&md.replace('\\', ""))),
    ]
}

fn missing(text: &str, expected: &[String]) -> Vec<String> {
    expected
        .iter()
        .filter(|e| !text.contains(&normalize(e)))
        .cloned()
        .collect()
}

/// Everything a public edition must name.
fn public_expectations(lang: Lang) -> Vec<String> {
    let mut expected: Vec<String> = NAMES.iter().map(|s| (*s).to_owned()).collect();
    expected.extend(WORDED.iter().map(|p| word(lang, p).to_owned()));
    expected
}

/// `text` names `after` within a few hundred characters after `anchor`: a status or funder that
/// belongs to the application, a start month that belongs to the person.
fn near(text: &str, anchor: &str, after: &str) -> bool {
    let (anchor, after) = (normalize(anchor), normalize(after));
    text.match_indices(&anchor).any(|(i, _)| {
        let window: String = text[i..].chars().take(500).collect();
        window.contains(&after)
    })
}

/// Every item title of the report, at any depth.
fn item_titles(report: &Report) -> Vec<String> {
    fn walk(part: &urbis_report::Part, out: &mut Vec<String>) {
        out.extend(part.items.iter().map(|i| i.title.clone()));
        for sub in &part.parts {
            walk(sub, out);
        }
    }
    let mut out = Vec::new();
    for section in &report.sections {
        for part in &section.parts {
            walk(part, &mut out);
        }
    }
    out
}

/// The number of collections includes the members-only one the tests add (eleven public ones,
/// as the reference names, plus one).
fn count_the_internal_collection(expected: &mut [String]) {
    for line in expected {
        *line = line
            .replace("11 Informationssammlungen", "12 Informationssammlungen")
            .replace("11 information collections", "12 information collections");
    }
}

fn check_public_report(lang: Lang, report: &Report) {
    let titles = item_titles(report);
    for title in collections(lang) {
        assert!(
            titles.contains(&title),
            "{lang}: the collection {title} that the reference names is missing"
        );
    }
    let internal = word(lang, &INTERNAL_COUNT);
    for (format, text) in texts(report) {
        let mut expected = public_expectations(lang);
        expected.extend(WEB_EXCHANGES.iter().map(|p| word(lang, p).to_owned()));
        count_the_internal_collection(&mut expected);
        let lost = missing(&text, &expected);
        assert!(lost.is_empty(), "{lang} {format:?} misses {lost:?}");
        // Members-only records: counted, never named.
        assert!(
            text.contains(&normalize(internal)),
            "{lang} {format:?}: no count of the members-only collection"
        );
        assert!(
            !text.contains(INTERNAL_MARKER),
            "{lang} {format:?} names a members-only record"
        );
        // Applications with status and funder, people with their start month.
        let (rejected, submitted) = (word(lang, &REJECTED), word(lang, &SUBMITTED));
        assert!(
            near(&text, "Pufii:", rejected),
            "{lang} {format:?}: Pufii is not shown as rejected"
        );
        assert!(
            near(&text, "Pufii:", "Robert Bosch"),
            "{lang} {format:?}: Pufii without its funder"
        );
        assert!(
            near(&text, "CO-SECUR:", submitted),
            "{lang} {format:?}: CO-SECUR without its status"
        );
        assert!(
            near(&text, "CO-SECUR:", "Horizon Europe"),
            "{lang} {format:?}: CO-SECUR without its funder"
        );
        let since = word(lang, &("seit April 2022", "since April 2022"));
        for person in ["Margo Molkenbur", "Lawrence Schätzle"] {
            assert!(
                near(&text, person, since),
                "{lang} {format:?}: {person} without {since}"
            );
        }
    }
}

// --- tests --------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_2022_report_names_what_the_reference_names_in_both_languages_and_all_formats() {
    let db = urbis_testkit::sqlite();
    let store = demo_store_with_internal_records(db.url()).await;
    for lang in [Lang::De, Lang::En] {
        let report = report(&store, 2022, lang, Access::Public).await;
        check_public_report(lang, &report);
    }
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_reads_the_same_from_postgresql() {
    let db = urbis_testkit::postgres().await;
    let store = demo_store_with_internal_records(db.url()).await;
    let report = report(&store, 2022, Lang::De, Access::Public).await;
    check_public_report(Lang::De, &report);
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_members_edition_names_what_the_public_edition_only_counts() {
    let db = urbis_testkit::sqlite();
    let store = demo_store_with_internal_records(db.url()).await;
    for lang in [Lang::De, Lang::En] {
        let report = report(&store, 2022, lang, Access::Members).await;
        let mut expected = public_expectations(lang);
        expected.extend(WEB_EXCHANGES.iter().map(|p| word(lang, p).to_owned()));
        expected.extend(collections(lang));
        expected.push(format!("Web-Exchange {INTERNAL_MARKER}"));
        count_the_internal_collection(&mut expected);
        expected.push(format!("Sammlung {INTERNAL_MARKER}"));
        for (format, text) in texts(&report) {
            let lost = missing(&text, &expected);
            assert!(
                lost.is_empty(),
                "{lang} {format:?} members edition misses {lost:?}"
            );
            let internal = word(lang, &INTERNAL_COUNT);
            assert!(
                !text.contains(&normalize(internal)),
                "{lang} {format:?}: members see the titles, not a count"
            );
        }
    }
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pdf_has_a_title_page_a_table_of_contents_and_page_numbers() {
    let db = urbis_testkit::sqlite();
    let store = demo_store(db.url()).await;
    for (lang, contents, page) in [
        (Lang::De, "Inhalt", "Seite"),
        (Lang::En, "Contents", "Page"),
        (Lang::Fr, "Sommaire", "Page"),
    ] {
        let report = report(&store, 2022, lang, Access::Public).await;
        let pdf = render(&report, Format::Pdf).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let raw = pdftotext(&pdf);
        let pages: Vec<&str> = raw
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        assert!(pages.len() >= 5, "{lang}: only {} pages", pages.len());
        // The title page carries the title and no page number.
        let title = normalize(pages[0]);
        assert!(
            title.contains(&normalize(&report.title)),
            "{lang}: title page: {title}"
        );
        assert!(
            !title.contains(&normalize(page)),
            "{lang}: the title page is numbered"
        );
        // The table of contents names every section with the page it starts on.
        let toc = normalize(pages[1]);
        assert!(toc.starts_with(&normalize(contents)), "{lang}: {toc}");
        for section in &report.sections {
            let heading = normalize(&section.title);
            assert!(
                toc.contains(&heading),
                "{lang}: {heading} not in the contents"
            );
            let start = pages
                .iter()
                .position(|p| {
                    normalize(p).contains(&heading)
                        && !normalize(p).starts_with(&normalize(contents))
                })
                .expect("the section is on a page");
            let entry = toc.split(&heading).nth(1).unwrap_or_default();
            let number: String = entry
                .trim_start_matches([' ', '.'])
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            assert_eq!(number, (start + 1).to_string(), "{lang}: page of {heading}");
        }
        // Every page after the title page is numbered in its footer.
        for (i, text) in pages.iter().enumerate().skip(1) {
            let footer = normalize(&format!("{page} {}", i + 1));
            assert!(
                normalize(text).contains(&footer),
                "{lang}: page {} has no number",
                i + 1
            );
        }
    }
    store.close().await;
}

/// The levels of the headings of an HTML page, in order.
fn heading_levels(html: &str) -> Vec<u8> {
    html.match_indices("<h")
        .filter_map(|(i, _)| {
            let level = html.as_bytes().get(i + 2)?;
            level.is_ascii_digit().then(|| level - b'0')
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_html_is_accessible_markup() {
    let db = urbis_testkit::sqlite();
    let store = demo_store(db.url()).await;
    let forum = defus(&store).await;
    for lang in [Lang::De, Lang::En, Lang::Fr] {
        let mut options = Options::new(2022, lang);
        options.compare = true;
        let report = compose(&store, &forum, &options).await.unwrap();
        let html = String::from_utf8(render(&report, Format::Html).unwrap()).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains(&format!("<html lang=\"{}\">", lang.code())));
        assert!(html.contains("<nav aria-labelledby=\"contents\">"));
        assert!(html.contains("<main>"));
        let levels = heading_levels(&html);
        assert_eq!(levels.first(), Some(&1));
        assert_eq!(levels.iter().filter(|l| **l == 1).count(), 1, "one h1");
        for pair in levels.windows(2) {
            assert!(
                pair[1] <= pair[0] + 1,
                "a heading level is skipped: {levels:?}"
            );
        }
        // Every section in order, each with its heading, generated and editorial parts marked.
        let mut at = 0;
        for section in &report.sections {
            let heading = format!("<h2 id=\"{}-title\">", section.anchor());
            let found = html[at..].find(&heading).expect("section heading in order");
            at += found;
        }
        assert!(html.contains("<div class=\"records\">"));
        assert!(html.contains("<div class=\"editorial opening\">"));
        assert!(html.contains("<div class=\"editorial closing\">"));
        assert!(html.contains("<th scope=\"col\">"));
        assert!(html.contains("<th scope=\"row\">"));
    }
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_event_appears_in_its_years_report() {
    let db = urbis_testkit::sqlite();
    let store = demo_store(db.url()).await;
    let forum = defus(&store).await;
    let mut event: Event = serde_json::from_value(serde_json::json!({
        "kind": "web_exchange",
        "title": {
            "de": "Web-Exchange: #Sicherheit *auf* Weihnachts_märkten [2023] // $5 <x> @y = 1. - ~",
            "en": "Web exchange: #safety *at* Christmas_markets [2023] // $5 <x> @y = 1. - ~"
        },
        "start": "2023-11-14",
        "format": "online",
        "participants": 42,
        "status": "held"
    }))
    .unwrap();
    event.set_forum(forum.id.clone());
    store.insert(&event).await.unwrap();
    for (lang, date) in [
        (Lang::De, "14. November 2023"),
        (Lang::En, "November 14, 2023"),
        (Lang::Fr, "14 novembre 2023"),
    ] {
        let report = report(&store, 2023, lang, Access::Public).await;
        let title = event.title.localize(lang).text;
        for (format, text) in texts(&report) {
            assert!(
                near(&text, title, date),
                "{lang} {format:?}: the new event is missing"
            );
        }
    }
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_comparison_counts_what_the_records_hold() {
    let db = urbis_testkit::sqlite();
    let store = demo_store(db.url()).await;
    let forum = defus(&store).await;
    // One event held in 2021, with a reported head count.
    let mut event: Event = serde_json::from_value(serde_json::json!({
        "kind": "seminar",
        "title": "Seminar 2021",
        "start": "2021-10",
        "participants": 25,
        "status": "held"
    }))
    .unwrap();
    event.set_forum(forum.id.clone());
    store.insert(&event).await.unwrap();
    // The expected figures, counted from the demo data set itself.
    let dataset: Dataset = urbis_demo::dataset().unwrap();
    let held_2022 = dataset
        .forums
        .iter()
        .filter(|f| f.forum.as_ref().is_some_and(|x| x.short_name == "DEFUS"))
        .flat_map(|f| f.events.iter())
        .filter(|e| e.start.year_number() == 2022 && e.status == EventStatus::Held)
        .count();
    let figures = urbis_report::compare::compare(&store, &forum.id, 2022, Access::Members)
        .await
        .unwrap();
    assert_eq!(figures.previous.events_held, 1);
    assert_eq!(figures.previous.participants.min, 25);
    assert_eq!(
        usize::try_from(figures.current.events_held).unwrap(),
        held_2022
    );
    let table = urbis_report::compare::table(&figures, Lang::En);
    assert_eq!(table.header[1..3], ["2021".to_owned(), "2022".to_owned()]);
    assert_eq!(table.rows[0][1], "1");
    assert_eq!(table.rows[0][2], held_2022.to_string());
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_year_without_records_is_an_empty_but_valid_report() {
    let db = urbis_testkit::sqlite();
    let store = demo_store(db.url()).await;
    let report = report(&store, 1999, Lang::En, Access::Public).await;
    for (format, text) in texts(&report) {
        assert!(text.contains("annual report 1999"), "{format:?}");
        assert!(
            text.contains(&normalize("Nothing was recorded for this year.")),
            "{format:?}"
        );
    }
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_forum_is_one_clear_error() {
    let db = urbis_testkit::sqlite();
    let store = demo_store(db.url()).await;
    let error = find_forum(&store, Some("NOPE"))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("there is no forum `NOPE` (known: "),
        "{error}"
    );
    assert!(error.contains("DEFUS") && !error.contains('\n'), "{error}");
    store.close().await;
}

// --- the French report --------------------------------------------------------------------

/// The demo network with every translatable text given a French version that is one neutral
/// word: what the French report prints beside it are its own fixed words, names and figures,
/// so any German or English word in it would be a fixed word left untranslated.
async fn neutral_french_store(url: &str) -> Store {
    fn put_french(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                if map.contains_key("original") {
                    map.insert("fr".into(), "texte".into());
                } else {
                    map.values_mut().for_each(put_french);
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(put_french),
            _ => {}
        }
    }
    let mut json = serde_json::to_value(urbis_demo::dataset().unwrap()).unwrap();
    put_french(&mut json);
    let store = Store::open(url).await.unwrap();
    store
        .import(serde_json::from_value(json).unwrap())
        .await
        .unwrap();
    with_internal_records(store).await
}

/// German and English fixed words a French reader writes the same way (a web exchange stays a
/// web exchange in the network's three languages).
const SAME_IN_FRENCH: &[&str] = &[
    "introduction",
    "page",
    "participations",
    "symposium",
    "contact",
    "contacts",
    "exchange",
    "web exchange",
    "web exchanges",
    "1 participant",
    "3 participants",
];

/// Every text of the catalogue the report's source names (`"report-…"` and the keys it shares
/// with the pages), as a reader of `lang` gets it: with the demo forum's names and years put
/// in, for one and for several, cut where a value of the records goes in. Fragments that
/// carry a label keep its colon ("Status:"), as the report prints them.
fn fixed_words(lang: Lang) -> BTreeSet<String> {
    let tr = Tr::new(lang);
    let catalogue = Path::new(env!("CARGO_MANIFEST_DIR")).join("../i18n/locales/de");
    let mut ids = BTreeSet::new();
    for file in std::fs::read_dir(catalogue).unwrap() {
        let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
        ids.extend(
            text.lines()
                .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
                .filter_map(|l| l.split(" =").next())
                .map(str::to_owned),
        );
    }
    // Every source file of the crate, in its folders too.
    let mut files = Vec::new();
    let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    let mut keys = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(file).unwrap();
        // Every piece between quotes that is a key (a piece outside quotes never is one).
        for quoted in text.split('"') {
            let key_like = quoted.contains('-')
                && quoted
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c == '_');
            if key_like && ids.contains(quoted) {
                keys.insert(quoted.to_owned());
            }
        }
    }
    assert!(keys.len() > 60, "only {} keys found", keys.len());
    let mut words = BTreeSet::new();
    let value = "\u{b6}";
    for key in &keys {
        for count in [1, 3] {
            let text = tr.with(
                key,
                &[
                    ("forum", Arg::Text("DEFUS")),
                    ("umbrella", Arg::Text("Efus")),
                    ("year", Arg::Text("2022")),
                    ("next", Arg::Text("2023")),
                    ("count", Arg::Number(count)),
                    ("noun", Arg::Text(value)),
                    ("date", Arg::Text(value)),
                    ("topics", Arg::Text(value)),
                    ("label", Arg::Text(value)),
                    ("value", Arg::Text(value)),
                ],
            );
            for fragment in text.split(value) {
                let fragment = normalize(fragment.trim_matches(['(', ')', '.', ',', ' ']));
                if !fragment.is_empty() && fragment != ":" {
                    words.insert(fragment);
                }
            }
        }
    }
    words
}

/// `text` has `phrase` as words of their own (not inside a longer word).
fn has_words(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + phrase.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_french_report_has_french_titles_and_dates_and_no_german_or_english_fixed_words() {
    let db = urbis_testkit::sqlite();
    let store = neutral_french_store(db.url()).await;
    let report = report(&store, 2022, Lang::Fr, Access::Public).await;
    // The German and English fixed words that a French text cannot have: all but those French
    // writes the same way, and those so short that country codes and abbreviations of the
    // records spell them ("IT", Italy's forum).
    let leftovers: Vec<String> = fixed_words(Lang::De)
        .union(&fixed_words(Lang::En))
        .filter(|w| !SAME_IN_FRENCH.contains(&w.as_str()))
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() > 2)
        .cloned()
        .collect();
    assert!(leftovers.len() > 100, "{leftovers:?}");
    let expected = [
        "DEFUS – Rapport annuel 2022",
        "Sommaire",
        "Introduction",
        "I. Échanges",
        "II. Gestion des connaissances",
        "III. Projets",
        "IV. Communication et mise en réseau",
        "V. Efus et la coopération avec les forums nationaux",
        "VI. Perspectives 2023",
        "VII. DEFUS – Bureau et secrétariat",
        "Les membres du forum DEFUS",
        "Le forum DEFUS compte 18 membres.",
        "Échanges thématiques",
        "Demandes de financement externe",
        "Il existe actuellement 12 collections d'informations pour nos membres.",
        "1 collection d'informations interne pour les membres",
        "Le réseau Efus réunit 5 forums nationaux\u{a0}:",
        // Dates as a French reader writes them.
        "mai 2022",
        "novembre 2022",
        "12–13 juin 2023",
        "30–31 janvier 2023",
        "depuis avril 2022",
        "2 jours",
    ];
    for (format, text) in &texts(&report) {
        let lost = missing(text, &expected.map(str::to_owned));
        assert!(lost.is_empty(), "{format:?} misses {lost:?}");
        assert!(
            near(text, "Pufii:", "Statut\u{a0}: Refusée"),
            "{format:?}: Pufii's status is not French"
        );
        assert!(
            near(text, "Margo Molkenbur", "depuis avril 2022"),
            "{format:?}: Margo Molkenbur without her start"
        );
        let found: Vec<&String> = leftovers.iter().filter(|w| has_words(text, w)).collect();
        assert!(
            found.is_empty(),
            "{format:?}: German or English fixed words in the French report: {found:?}"
        );
        assert!(
            !text.contains(INTERNAL_MARKER),
            "{format:?} names a members-only record"
        );
    }
    // The PDF is typeset as French (hyphenation, quotes).
    assert!(
        urbis_report::pdf::source(&report).contains("lang: \"fr\""),
        "the typst document is not French"
    );
    store.close().await;
}
