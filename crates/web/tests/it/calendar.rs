//! The iCal feeds against a real site: what each feed holds for whom, the personal token and
//! its reset, SEQUENCE after a change, the umbrella's events, and RFC 5545 validity checked by
//! an independent parser and by the rules the writer must keep.

use std::io::Write;
use std::process::{Command, Stdio};

use icalendar::{Calendar, Component};
use reqwest::{Client, StatusCode};
use urbis_domain::events::Event;
use urbis_domain::{Dataset, Id, PartialDate, Text};

use crate::common;
use crate::common::{
    MEMBERS_EVENT, MEMBERS_MARKERS, MEMBERS_SERIES, PUBLIC_EVENT, PUBLIC_SERIES, Role, STAFF_EVENT,
    STAFF_MARKERS, Site, csrf_of,
};

/// The independent check: Python's `icalendar` package parses the feed strictly enough to
/// report broken content lines, decodes every date (DATE for all-day events, DATE-TIME in a
/// zone otherwise, whose VTIMEZONE the feed carries; DTEND after DTSTART), and unescapes the
/// texts. Prints each event as JSON.
const PYTHON_CHECK: &str = r#"
import datetime, json, sys
from icalendar import Calendar
cal = Calendar.from_ical(sys.stdin.buffer.read())
assert not cal.errors, cal.errors
assert str(cal['VERSION']) == '2.0' and cal.get('PRODID')
utc = datetime.timedelta(0)
zones = {str(tz['TZID']) for tz in cal.walk('VTIMEZONE')}
for tz in cal.walk('VTIMEZONE'):
    assert tz.walk('STANDARD') or tz.walk('DAYLIGHT'), tz
out = []
for ev in cal.walk('VEVENT'):
    assert not ev.errors, ev.errors
    for key in ('UID', 'DTSTAMP', 'DTSTART', 'SEQUENCE', 'SUMMARY', 'STATUS'):
        assert key in ev, key
    stamp = ev.decoded('DTSTAMP')
    assert isinstance(stamp, datetime.datetime) and stamp.utcoffset() == utc, stamp
    start = ev.decoded('DTSTART')
    if isinstance(start, datetime.datetime):
        assert start.utcoffset() is not None, start
        tzid = ev['DTSTART'].params.get('TZID')
        assert tzid is None or tzid in zones, (tzid, zones)
    else:
        assert ev['DTSTART'].params.get('VALUE') == 'DATE', ev['DTSTART'].params
    if 'DTEND' in ev:
        end = ev.decoded('DTEND')
        assert type(end) is type(start) and end > start, (start, end)
    assert str(ev['STATUS']) in ('CONFIRMED', 'CANCELLED', 'TENTATIVE')
    out.append([str(ev['UID']), int(ev.decoded('SEQUENCE')), str(ev['SUMMARY'])])
print(json.dumps(out))
"#;

/// A Python with the `icalendar` package: Debian's (`python3-icalendar`, what `./test.sh`
/// installs) or whichever `python3` comes first.
fn python() -> &'static str {
    let has = |python: &str| {
        Command::new(python)
            .args(["-c", "import icalendar"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    ["/usr/bin/python3", "python3"]
        .into_iter()
        .find(|p| has(p))
        .expect("a python3 with the icalendar package (apt-get install python3-icalendar)")
}

/// Runs [`PYTHON_CHECK`] on a feed: (UID, SEQUENCE, SUMMARY) of each event.
fn python_check(text: &str) -> Vec<(String, i64, String)> {
    let mut child = Command::new(python())
        .args(["-c", PYTHON_CHECK])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "Python's icalendar rejects the feed:\n{}\n{text}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Checks what RFC 5545 asks of every feed and returns the parsed calendar: CRLF line ends,
/// lines of at most 75 octets, VERSION and PRODID, and UID, DTSTAMP and DTSTART in every event.
fn validate(text: &str) -> Calendar {
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    assert!(text.ends_with("END:VCALENDAR\r\n"), "{text}");
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "a line longer than 75 octets: {line}");
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "bare line end in {line:?}"
        );
    }
    let calendar: Calendar = text.parse().expect("the feed parses as iCalendar");
    assert_eq!(calendar.property_value("VERSION"), Some("2.0"));
    assert!(calendar.property_value("PRODID").is_some());
    for event in calendar.events() {
        for key in ["UID", "DTSTAMP", "DTSTART", "SEQUENCE", "SUMMARY", "STATUS"] {
            assert!(
                event.property_value(key).is_some(),
                "{key} missing:\n{text}"
            );
        }
        let stamp = event.property_value("DTSTAMP").unwrap();
        assert!(
            stamp.ends_with('Z') && stamp.len() == 16,
            "DTSTAMP in UTC: {stamp}"
        );
    }
    let uids: Vec<&str> = calendar
        .events()
        .filter_map(|e| e.property_value("UID"))
        .collect();
    let mut unique = uids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(uids.len(), unique.len(), "UIDs are unique");
    let independent = python_check(text);
    assert_eq!(
        independent.len(),
        uids.len(),
        "both parsers see the same events"
    );
    calendar
}

async fn get(client: &Client, site: &Site, path: &str) -> (StatusCode, String) {
    let response = client.get(site.url(path)).send().await.unwrap();
    let status = response.status();
    if status == StatusCode::OK {
        assert_eq!(
            response.headers()["content-type"],
            "text/calendar; charset=utf-8",
            "{path}"
        );
    }
    (status, response.text().await.unwrap())
}

fn no_markers(feed: &str, markers: &[&str], what: &str) {
    for marker in markers {
        assert!(!feed.contains(marker), "{what} shows {marker}:\n{feed}");
    }
}

fn sequence_of(feed: &str, id: &str) -> i64 {
    let calendar = validate(feed);
    let uid = format!("{id}@urbis");
    calendar
        .events()
        .find(|e| e.property_value("UID") == Some(uid.as_str()))
        .and_then(|e| e.property_value("SEQUENCE"))
        .expect("the event is in the feed")
        .parse()
        .unwrap()
}

/// Moves the members' and the office's marker events to known days: events known only to the
/// month stay out of feeds, and the access checks below must not pass just because of that.
async fn give_days(site: &Site) {
    for (id, day) in [(MEMBERS_EVENT, "2030-07-02"), (STAFF_EVENT, "2022-05-10")] {
        let mut event: Event = site.store.get(&Id::from_text(id)).await.unwrap();
        event.start = PartialDate::parse(day).unwrap();
        site.store.update(&mut event).await.unwrap();
    }
}

/// Creates (or resets) the personal feed of a logged-in client; returns its path.
async fn personal_feed(site: &Site, client: &Client) -> String {
    let page = client
        .get(site.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let response = client
        .post(site.url("/account/calendar"))
        .form(&[("csrf", csrf_of(&page))])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.text().await.unwrap();
    let at = body
        .find("/calendar/private/")
        .expect("the page shows the address");
    let rest = &body[at..];
    rest[..rest.find(".ics").expect("an .ics address") + 4].to_owned()
}

async fn public_feeds_hold_public_events_only(db: urbis_testkit::TestDb) {
    let site = common::start(db).await;
    give_days(&site).await;
    let anonymous = common::browser();
    // A logged-in member fetching a public feed gets the public feed: the address is shared.
    let member = site.client(Role::Member).await;
    for client in [&anonymous, &member] {
        for path in [
            "/calendar/events.ics".to_owned(),
            "/calendar/events.ics?lang=en".to_owned(),
            "/calendar/topics/offen.ics".to_owned(),
            format!("/calendar/series/{PUBLIC_SERIES}.ics"),
        ] {
            let (status, feed) = get(client, &site, &path).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            let calendar = validate(&feed);
            assert!(
                feed.contains(&format!("UID:{PUBLIC_EVENT}@urbis")),
                "{path}:\n{feed}"
            );
            assert_eq!(calendar.events().count(), 1, "{path}:\n{feed}");
            no_markers(&feed, MEMBERS_MARKERS, &path);
            no_markers(&feed, STAFF_MARKERS, &path);
            assert!(!feed.contains(MEMBERS_EVENT) && !feed.contains(STAFF_EVENT));
        }
    }
    let (_, german) = get(&anonymous, &site, "/calendar/events.ics").await;
    assert!(german.contains("SUMMARY:Offenes Webinar\r\n"), "{german}");
    assert!(
        german.contains("DTSTART;VALUE=DATE:20300612\r\n"),
        "{german}"
    );
    assert!(german.contains("DTEND;VALUE=DATE:20300614\r\n"), "{german}");
    assert!(german.contains("STATUS:CONFIRMED\r\n"));
    assert!(german.contains(&format!("URL:http://localhost/events/{PUBLIC_EVENT}\r\n")));
    assert!(german.contains("CATEGORIES:Offenes Thema\r\n"), "{german}");
    let (_, english) = get(&anonymous, &site, "/calendar/events.ics?lang=en").await;
    assert!(english.contains("SUMMARY:Open webinar\r\n"), "{english}");
    for (path, status) in [
        (
            format!("/calendar/series/{MEMBERS_SERIES}.ics"),
            StatusCode::NOT_FOUND,
        ),
        (
            format!("/calendar/series/{PUBLIC_SERIES}"),
            StatusCode::NOT_FOUND,
        ),
        (
            "/calendar/topics/nichts.ics".to_owned(),
            StatusCode::NOT_FOUND,
        ),
        ("/calendar/topics/%00.ics".to_owned(), StatusCode::NOT_FOUND),
        (
            "/calendar/events.ics?lang=xx".to_owned(),
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let (got, _) = get(&anonymous, &site, &path).await;
        assert_eq!(got, status, "{path}");
    }
}

async fn personal_feeds_follow_the_role_and_resets_end_old_addresses(db: urbis_testkit::TestDb) {
    let site = common::start(db).await;
    give_days(&site).await;
    let anonymous = common::browser();
    let member = site.client(Role::Member).await;
    let first = personal_feed(&site, &member).await;
    // The feed needs no session: a calendar program fetches it.
    let (status, feed) = get(&anonymous, &site, &first).await;
    assert_eq!(status, StatusCode::OK);
    validate(&feed);
    assert!(feed.contains("MARKER-MEMBERS-EVENT"), "{feed}");
    assert!(feed.contains("Offenes Webinar"));
    no_markers(&feed, STAFF_MARKERS, "the member's feed");

    let staff = site.client(Role::Staff).await;
    let office = personal_feed(&site, &staff).await;
    let (_, feed) = get(&anonymous, &site, &office).await;
    validate(&feed);
    assert!(feed.contains("MARKER-MEMBERS-EVENT") && feed.contains("MARKER-STAFF-EVENT"));

    let second = personal_feed(&site, &member).await;
    assert_ne!(first, second);
    assert_eq!(
        get(&anonymous, &site, &first).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(get(&anonymous, &site, &second).await.0, StatusCode::OK);
    assert_eq!(get(&anonymous, &site, &office).await.0, StatusCode::OK);

    // A disabled account's feed stops.
    let mut user = site
        .store
        .user_by_email("member@example.org")
        .await
        .unwrap()
        .unwrap();
    user.status = urbis_domain::accounts::UserStatus::Disabled;
    site.store.update_user(&mut user).await.unwrap();
    assert_eq!(
        get(&anonymous, &site, &second).await.0,
        StatusCode::NOT_FOUND
    );

    // Without a login there is no address to make.
    let page = anonymous
        .get(site.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let response = anonymous
        .post(site.url("/account/calendar"))
        .form(&[("csrf", csrf_of(&page))])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

async fn sequence_grows_when_an_event_changes(db: urbis_testkit::TestDb) {
    let site = common::start(db).await;
    let client = common::browser();
    let (_, before) = get(&client, &site, "/calendar/events.ics").await;
    let first = sequence_of(&before, PUBLIC_EVENT);
    let mut event: Event = site.store.get(&Id::from_text(PUBLIC_EVENT)).await.unwrap();
    event.title = Text::new(urbis_domain::Lang::De, "Offenes Webinar, verschoben; neu")
        .with(urbis_domain::Lang::En, "Open webinar");
    event.start = PartialDate::parse("2030-06-12T14:30").unwrap();
    event.end = Some(PartialDate::parse("2030-06-12T16:00").unwrap());
    site.store.update(&mut event).await.unwrap();
    let (_, after) = get(&client, &site, "/calendar/events.ics").await;
    assert_eq!(sequence_of(&after, PUBLIC_EVENT), first + 1, "{after}");
    assert!(
        after.contains("SUMMARY:Offenes Webinar\\, verschoben\\; neu\r\n"),
        "{after}"
    );
    let uid = format!("{PUBLIC_EVENT}@urbis");
    let decoded = python_check(&after);
    assert!(
        decoded.iter().any(|(u, sequence, summary)| u == &uid
            && *sequence == first + 1
            && summary == "Offenes Webinar, verschoben; neu"),
        "Python reads the event back: {decoded:?}"
    );
    // Local times in the event's zone, which the feed defines.
    assert!(
        after.contains("DTSTART;TZID=Europe/Berlin:20300612T143000\r\n"),
        "{after}"
    );
    assert!(
        after.contains("DTEND;TZID=Europe/Berlin:20300612T160000\r\n"),
        "{after}"
    );
    assert!(after.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"));
    site.store.update(&mut event).await.unwrap();
    let (_, again) = get(&client, &site, "/calendar/events.ics").await;
    assert_eq!(sequence_of(&again, PUBLIC_EVENT), first + 2);
}

const UMBRELLA: &str = r#"{
  "format": "urbis", "version": 1,
  "forums": [
    {
      "forum": {"id": "umb", "name": {"de": "Europäischer Dachverband", "en": "European umbrella"}, "short_name": "EU-DACH", "languages": ["en"]},
      "events": [
        {"kind": "umbrella_assembly", "title": {"en": "Umbrella assembly"}, "start": "2030-03-04", "end": "2030-03-05", "status": "planned", "shared": "all_forums"},
        {"kind": "umbrella_committee", "access": "members", "title": "MARKER-MEMBERS-EVENT of the umbrella", "start": "2030-03-06", "status": "planned", "shared": "all_forums"},
        {"kind": "meeting", "title": "MARKER-UNSHARED umbrella meeting", "start": "2030-03-07", "status": "planned"}
      ]
    },
    {
      "forum": {"id": "nat", "name": "Nationales Forum", "short_name": "NAT", "languages": ["de"], "umbrella": "umb"},
      "organisations": [
        {"id": "0190a000-0000-7000-8000-00000000000e", "name": "Stadt Essen", "kind": "city", "country": "DE"}
      ],
      "events": [
        {"kind": "seminar", "title": "Eigenes Seminar", "start": "2030-04-01", "status": "cancelled"},
        {"kind": "seminar", "title": "Irgendwann im Mai", "start": "2030-05", "status": "planned"},
        {"kind": "seminar", "title": "Irgendwann im Jahr", "start": "2030", "status": "planned"}
      ]
    }
  ]
}"#;

async fn the_umbrellas_public_events_appear_in_the_forums_calendar(db: urbis_testkit::TestDb) {
    let dataset = Dataset::from_json(UMBRELLA).unwrap();
    let site = common::start_with(db, dataset, "NAT").await;
    let (status, feed) = get(&common::browser(), &site, "/calendar/events.ics").await;
    assert_eq!(status, StatusCode::OK);
    let calendar = validate(&feed);
    assert!(
        feed.contains("SUMMARY:[EU-DACH] Umbrella assembly\r\n"),
        "{feed}"
    );
    assert!(feed.contains("CATEGORIES:EU-DACH\r\n"), "{feed}");
    assert!(feed.contains("SUMMARY:Eigenes Seminar\r\n"), "{feed}");
    assert!(feed.contains("STATUS:CANCELLED\r\n"), "{feed}");
    assert!(!feed.contains("MARKER-MEMBERS"), "{feed}");
    assert!(!feed.contains("MARKER-UNSHARED"), "{feed}");
    // No day is invented: a month is the whole month, a year has no place.
    let unfolded = feed.replace("\r\n ", "");
    let may = unfolded
        .split("BEGIN:VEVENT")
        .find(|e| e.contains("SUMMARY:Irgendwann im Mai"))
        .expect("the month's event is in the feed");
    assert!(may.contains("DTSTART;VALUE=DATE:20300501\r\n"), "{may}");
    assert!(may.contains("DTEND;VALUE=DATE:20300601\r\n"), "{may}");
    assert!(may.contains("Der genaue Tag steht nicht fest"), "{may}");
    assert!(!feed.contains("Irgendwann im Jahr"), "{feed}");
    assert_eq!(calendar.events().count(), 3, "{feed}");
}

urbis_testkit::on_both_databases!(
    public_feeds_hold_public_events_only,
    personal_feeds_follow_the_role_and_resets_end_old_addresses,
    sequence_grows_when_an_event_changes,
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn umbrella_events_on_sqlite() {
    the_umbrellas_public_events_appear_in_the_forums_calendar(urbis_testkit::sqlite()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn umbrella_events_on_postgres() {
    the_umbrellas_public_events_appear_in_the_forums_calendar(urbis_testkit::postgres().await)
        .await;
}

/// The demo network (DEFUS 2022 and its 2023 outlook) in the calendar: every event of 2022 and
/// 2023 known at least to the month is in the public feed (the report records most of them by
/// month), each valid and decoded by Python's parser; an event known only to the year is on
/// the events page instead. With the web exchanges kept for members, the anonymous feed holds
/// none of them and a member's personal feed holds them all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_networks_2022_and_2023_events_are_in_the_calendar() {
    use urbis_domain::date::Precision;
    use urbis_domain::events::EventKind;
    let mut dataset = urbis_demo::dataset().unwrap();
    let defus = dataset
        .forums
        .iter_mut()
        .find(|f| f.forum.as_ref().is_some_and(|f| f.short_name == "DEFUS"))
        .unwrap();
    for event in &mut defus.events {
        if event.kind == EventKind::WebExchange {
            event.access = urbis_domain::Access::Members;
        }
    }
    let events: Vec<Event> = defus
        .events
        .iter()
        .filter(|e| (2022..=2023).contains(&e.start.year_number()))
        .cloned()
        .collect();
    let site = common::start_with(urbis_testkit::sqlite(), dataset, "DEFUS").await;
    let anonymous = common::browser();
    let (status, feed) = get(&anonymous, &site, "/calendar/events.ics").await;
    assert_eq!(status, StatusCode::OK);
    validate(&feed);
    let summaries: Vec<String> = python_check(&feed).into_iter().map(|e| e.2).collect();
    let title = |e: &Event| e.title.localize(urbis_domain::Lang::De).text.to_owned();
    let (mut in_feed, mut by_year, mut hidden) = (0, 0, 0);
    for event in &events {
        let listed = summaries.contains(&title(event));
        if event.access != urbis_domain::Access::Public {
            assert!(!listed, "members only: {}", title(event));
            hidden += 1;
        } else if event.start.precision() >= Precision::Month {
            assert!(listed, "{} ({}) is in the feed", title(event), event.start);
            in_feed += 1;
        } else {
            assert!(!listed, "no place for a year: {}", title(event));
            by_year += 1;
        }
    }
    assert!(
        in_feed >= 15 && by_year >= 5 && hidden >= 5,
        "{in_feed} {by_year} {hidden}"
    );
    for outlook in [
        "Secu4All-Field-Visits",
        "SiBa-Workshop in Mönchengladbach",
        "DEFUS-Mitgliederversammlung 2023 in Mannheim",
        "Efus-Generalversammlung 2023 in Mannheim",
        "DEFUS-Difu-Seminar",
    ] {
        assert!(
            summaries.iter().any(|s| s.contains(outlook)),
            "{outlook} in {summaries:?}"
        );
    }
    // The umbrella's shared events are listed too: look at the first pages.
    let mut past = page_text(&anonymous, &site, "/events?when=past").await;
    past.push_str(&page_text(&anonymous, &site, "/events?when=past&page=2").await);
    for event in events.iter().filter(|e| {
        e.access == urbis_domain::Access::Public
            && e.start.precision() == Precision::Year
            && e.start.year_number() == 2022
    }) {
        assert!(
            past.contains(&title(event)),
            "{} on the events page",
            title(event)
        );
    }
    // A member's personal feed has the web exchanges too.
    let member = site.client(Role::Member).await;
    let (_, personal) = get(&anonymous, &site, &personal_feed(&site, &member).await).await;
    validate(&personal);
    let theirs: Vec<String> = python_check(&personal).into_iter().map(|e| e.2).collect();
    for event in events.iter().filter(|e| {
        e.access != urbis_domain::Access::Public && e.start.precision() >= Precision::Month
    }) {
        assert!(
            theirs.contains(&title(event)),
            "{} for members",
            title(event)
        );
    }
}

async fn page_text(client: &Client, site: &Site, path: &str) -> String {
    let response = client.get(site.url(path)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.text().await.unwrap()
}
