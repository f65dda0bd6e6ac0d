//! The unit tests of the knowledge use cases: references, weeks of the digest.

use super::*;

#[test]
fn references_are_read_from_addresses_and_ids() {
    let id = "0190a000-0000-7000-8000-0000000000d1";
    for text in [
        format!("https://urbis.example.org/events/{id}"),
        format!("/events/{id}/"),
        format!("event:{id}"),
        format!("http://x/events/{id}?lang=en#top"),
    ] {
        assert_eq!(
            parse_reference(&text),
            Some((Kind::Event, Id::from_text(id))),
            "{text}"
        );
    }
    assert_eq!(
        parse_reference(&format!("/portal/publications/{id}")).map(|r| r.0),
        Some(Kind::Publication)
    );
    assert_eq!(parse_reference(&format!("/members/{id}")), None);
    assert_eq!(parse_reference("/events/not-an-id"), None);
    assert_eq!(parse_reference(""), None);
}

#[test]
fn every_text_of_collections_and_portal_exists_in_both_languages() {
    let ids = |text: &'static str| -> Vec<&'static str> {
        text.lines()
            .filter(|l| !l.starts_with(' ') && l.contains(" ="))
            .filter_map(|l| l.split(" =").next())
            .collect()
    };
    let de = ids(include_str!("../../../i18n/locales/de/knowledge.ftl"));
    let en = ids(include_str!("../../../i18n/locales/en/knowledge.ftl"));
    assert_eq!(de, en);
    for id in de {
        for lang in [Lang::De, Lang::En] {
            let names = [
                "count",
                "section",
                "max",
                "url",
                "kind",
                "name",
                "expected",
                "found",
                "reason",
                "limit",
                "collection",
                "week",
                "link",
                "call",
                "date",
            ];
            let values: Vec<(&'static str, &str)> = names.iter().map(|n| (*n, "3")).collect();
            let text = Tr::new(lang).args(id, &values);
            assert!(
                !text.starts_with("Unknown localization key"),
                "{id} in {lang}"
            );
        }
    }
}

#[test]
fn weeks_start_on_monday() {
    let (week, start) = week_of("2026-11-26T10:00:00Z".parse().unwrap());
    assert_eq!(week, "2026-W48");
    assert_eq!(start.to_string(), "2026-11-23T00:00:00Z");
    let (week, _) = week_of("2027-01-01T10:00:00Z".parse().unwrap());
    assert_eq!(week, "2026-W53");
}
