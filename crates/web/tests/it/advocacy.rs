//! The advocacy page over the demo network: the 2022 advocacy actions, cooperations and outreach
//! the reference report names, in German and English; members-only actions only for members;
//! a bad `?year=` is a 400.

use reqwest::StatusCode;
use urbis_domain::{Access, Lang};

use crate::common;
use crate::common::{Role, Site, page, pick};

/// The title of the demo's letter to the Foreign Office, kept for members in `demo_site`.
const LETTER_DE: &str = "Schreiben von DEFUS an das Auswärtige Amt";
const LETTER_EN: &str = "Letter from DEFUS to the German Foreign Office";

/// The demo network with its letter to the Foreign Office kept for members.
async fn demo_site() -> Site {
    let mut dataset = urbis_demo::dataset().expect("the demo data set loads");
    let mut found = false;
    for forum in &mut dataset.forums {
        for action in &mut forum.advocacy_actions {
            if action.title.get(Lang::De) == Some(LETTER_DE) {
                action.access = Access::Members;
                found = true;
            }
        }
    }
    assert!(found, "the demo has the letter to the Foreign Office");
    common::start_with(urbis_testkit::sqlite(), dataset, "DEFUS").await
}

/// What the reference report names for 2022, as (German, English).
const NAMED_2022: &[(&str, &str)] = &[
    // Advocacy actions.
    (
        "Stellungnahme zur Rolle der Kommunen in der Nationalen Sicherheitsstrategie",
        "Submission on the role of municipalities in the National Security Strategy",
    ),
    (
        "Positionspapier zur Weiterentwicklung der Sicherheitsforschung in Deutschland",
        "Position paper on the further development of security research in Germany",
    ),
    (
        "Online-Austausch mit Kommunen und dem Auswärtigen Amt zur Entwicklung der Nationalen Sicherheitsstrategie",
        "Online exchange with municipalities and the German Foreign Office on the development of the National Security Strategy",
    ),
    // Cooperations, chapters, network memberships, advisory-board seats.
    (
        "German Chapter der International CPTED Association",
        "German Chapter of the International CPTED Association",
    ),
    (
        "Kooperation mit dem Deutschen Institut für Urbanistik",
        "Cooperation with the German Institute of Urban Affairs",
    ),
    (
        "Mitgliedschaft im ForAn-Netzwerk",
        "Membership in the ForAn network",
    ),
    (
        "Sitz im Beirat des Kompetenznetzwerks Islamistischer Extremismus (KN:IX)",
        "Seat on the advisory board of the Competence Network Islamist Extremism (KN:IX)",
    ),
    // Outreach.
    (
        "Austausch der DEFUS-Mitglieder mit dem Bundesministerium des Innern zu hybriden Bedrohungen",
        "Exchange of DEFUS members with the Federal Ministry of the Interior on hybrid threats",
    ),
    // Recipients, co-signers and kinds, as organisation names and labels.
    (
        "Bundesministerium für Bildung und Forschung",
        "Federal Ministry of Education and Research",
    ),
    ("Deutscher Städtetag", "German Association of Cities"),
    (
        "Deutsches Forum für Kriminalprävention",
        "German Forum for Crime Prevention",
    ),
    ("Positionspapier", "Position paper"),
    ("Mitgliedschaften in Netzwerken", "Network memberships"),
    ("Sitze in Beiräten", "Advisory board seats"),
];

#[tokio::test]
async fn the_2022_advocacy_and_cooperations_appear_in_both_languages() {
    let site = demo_site().await;
    let public = common::browser();
    let member = site.client(Role::Member).await;
    for lang in [Lang::De, Lang::En] {
        for path in ["/advocacy", "/advocacy?year=2022"] {
            let (status, body) = page(&site, &public, path, lang).await;
            assert_eq!(status, StatusCode::OK, "{path} ({lang:?}):\n{body}");
            assert!(body.contains("<h2>2022</h2>"), "{path} ({lang:?})");
            for (de, en) in NAMED_2022 {
                let text = pick(lang, de, en);
                assert!(body.contains(text), "{path} ({lang:?}) lacks {text:?}");
            }
            // The members-only letter is not there for the public, not even by its title.
            let letter = pick(lang, LETTER_DE, LETTER_EN);
            assert!(!body.contains(letter), "{path} ({lang:?}) shows {letter:?}");

            let (status, body) = page(&site, &member, path, lang).await;
            assert_eq!(status, StatusCode::OK, "{path} ({lang:?}) as member");
            assert!(
                body.contains(letter),
                "{path} ({lang:?}) as member lacks the letter"
            );
        }
        // Another year keeps none of 2022's actions; a tie begun in 2022 is not yet there in 2021.
        let (status, body) = page(&site, &public, "/advocacy?year=2021", lang).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!body.contains(pick(lang, NAMED_2022[0].0, NAMED_2022[0].1)));
        assert!(!body.contains(pick(lang, NAMED_2022[5].0, NAMED_2022[5].1)));
        assert!(body.contains(pick(lang, NAMED_2022[4].0, NAMED_2022[4].1)));
    }
}

#[tokio::test]
async fn a_bad_year_is_a_bad_request() {
    let site = demo_site().await;
    let public = common::browser();
    for year in ["abc", "20222", "-1", "1800", "2022.5", "%00"] {
        let (status, _) = page(&site, &public, &format!("/advocacy?year={year}"), Lang::En).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "year={year}");
    }
    // An empty value is no filter.
    let (status, _) = page(&site, &public, "/advocacy?year=", Lang::En).await;
    assert_eq!(status, StatusCode::OK);
}
