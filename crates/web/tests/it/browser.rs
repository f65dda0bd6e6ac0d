//! The site in a real headless Chromium over WebDriver: axe-core finds no serious or critical
//! accessibility violation on any page type for any role, pages fit a 360 px phone, and the
//! flows people use work, each checked by what the person then sees.
//!
//! A new flow is a test that starts a site and a browser and speaks in `webdriver::Browser`'s
//! helpers: `open`, `fill(id, value)`, `check(id)`, `press(within, label)`, `follow(within,
//! label)`, `wait_for(css)`, `wait_for_text(text)`, `log_in(site, role)`. Texts come from the
//! Fluent files (`t(id)`), so the tests follow the wording.

use urbis_domain::events::Event;
use urbis_domain::{Id, Lang, Record};

use crate::common;
use crate::common::{
    MEMBERS_EVENT, PUBLIC_EVENT, PUBLIC_ORG, PUBLIC_PROJECT, PUBLIC_SERIES, PUBLIC_TOPIC, Role,
    Site, start,
};
use crate::webdriver::{Browser, Violation};

/// An interface text in German, the language the test browser asks for.
fn t(id: &str) -> String {
    urbis_app::i18n::Tr::new(Lang::De).get(id)
}

/// An interface text in English.
fn t_en(id: &str) -> String {
    urbis_app::i18n::Tr::new(Lang::En).get(id)
}

/// An interface text in French.
fn t_fr(id: &str) -> String {
    urbis_app::i18n::Tr::new(Lang::Fr).get(id)
}

/// Checks that the page the browser shows is French (`<html lang="fr">`, the heading and the
/// given interface texts in French) and adds axe-core's serious findings on it to `serious`.
async fn in_french(browser: &Browser, serious: &mut String, texts: &[String]) {
    assert_eq!(browser.page_lang().await, "fr", "{}", browser.path().await);
    for text in texts {
        browser.wait_for_text(text).await;
    }
    let nav = browser.wait_for(".site-nav").await.text().await.unwrap();
    assert!(nav.contains(&t_fr("nav-events")), "{nav}");
    assert!(!nav.contains(&t("nav-events")), "no German left: {nav}");
    let path = browser.path().await;
    for violation in browser.axe().await {
        if violation.is_serious() {
            serious.push_str(&format!("{path}\n{violation}"));
        }
    }
}

/// Adds an upcoming public event that takes registrations, and returns its id.
async fn open_event(site: &Site) -> Id {
    let mut event: Event = serde_json::from_value(serde_json::json!({
        "kind": "seminar", "title": {"de": "Seminar mit Anmeldung"},
        "description": {"de": "Ein Seminar über sichere Bahnhofsviertel."},
        "start": "2099-03-02T10:00", "end": "2099-03-02T12:00", "format": "online",
        "status": "planned", "capacity": 20, "registration": {"waiting_list": true}
    }))
    .unwrap();
    event.set_forum(site.forum.clone());
    site.store.insert(&event).await.unwrap();
    event.id
}

/// Adds a person with consent history for the office's privacy pages, and returns the id.
async fn a_person(site: &Site) -> Id {
    let mut person: urbis_domain::network::Person = serde_json::from_value(serde_json::json!({
        "given_name": "Erika", "family_name": "Mustermann", "email": "erika@example.org"
    }))
    .unwrap();
    person.set_forum(site.forum.clone());
    site.store.insert(&person).await.unwrap();
    person.id
}

/// The fixture's (members-only) publication.
async fn a_publication(site: &Site) -> Id {
    let publications: Vec<urbis_domain::portal::Publication> = site
        .store
        .list(&urbis_testkit::store::ListQuery::new(
            &site.forum,
            urbis_domain::Access::Staff,
        ))
        .await
        .unwrap();
    publications[0].id.clone()
}

/// What the page list needs besides the fixture: an event open for registration, a person, a
/// publication.
struct Extra {
    event: Id,
    person: Id,
    publication: Id,
}

async fn extra(site: &Site) -> Extra {
    Extra {
        event: open_event(site).await,
        person: a_person(site).await,
        publication: a_publication(site).await,
    }
}

/// A site and a browser on it (logged in as `role` unless anonymous).
async fn site_and_browser(role: Role) -> (Site, Browser) {
    let site = start(urbis_testkit::sqlite()).await;
    let browser = Browser::start(&site.base).await;
    if role != Role::Anonymous {
        browser.log_in(&site, role).await;
    }
    (site, browser)
}

/// Every page type a role can reach.
fn pages(role: Role, extra: &Extra) -> Vec<String> {
    let open_event = &extra.event;
    let person = &extra.person;
    let publication = &extra.publication;
    let mut pages: Vec<String> = [
        "/".to_owned(),
        "/?lang=en".to_owned(),
        "/events".to_owned(),
        "/events?when=past".to_owned(),
        format!("/events/{PUBLIC_EVENT}"),
        format!("/events/{PUBLIC_EVENT}?lang=en"),
        format!("/events/{open_event}"),
        format!("/events/{open_event}?lang=en"),
        format!("/series/{PUBLIC_SERIES}"),
        "/members".to_owned(),
        format!("/members/{PUBLIC_ORG}"),
        format!("/members/{PUBLIC_ORG}?lang=en"),
        "/projects".to_owned(),
        format!("/projects/{PUBLIC_PROJECT}"),
        "/portal".to_owned(),
        "/portal?kind=publications".to_owned(),
        format!("/topics/{PUBLIC_TOPIC}"),
        "/about".to_owned(),
        "/advocacy".to_owned(),
        "/advocacy?lang=en".to_owned(),
        "/search?q=Sicherheit".to_owned(),
        "/search?q=MARKER&lang=en".to_owned(),
        "/collections".to_owned(),
        "/collections/members".to_owned(),
        format!("/portal/publications/{publication}"),
        "/no-such-page".to_owned(),
        "/password/forgot".to_owned(),
        "/password/reset/not-a-token".to_owned(),
        "/invitation/not-a-token".to_owned(),
        "/registrations/0190a000-0000-7000-8000-000000000000/cancel/forged".to_owned(),
        "/?lang=de".to_owned(),
    ]
    .into();
    match role {
        Role::Anonymous => pages.push("/login".to_owned()),
        _ => {
            pages.extend([
                "/account".to_owned(),
                "/account/second-factor".to_owned(),
                "/collections?lang=en".to_owned(),
                "/collections/members?lang=en".to_owned(),
                "/account/registrations".to_owned(),
                format!("/events/{MEMBERS_EVENT}"),
            ]);
        }
    }
    if role.reads_staff() {
        pages.extend([
            "/admin/report".to_owned(),
            "/admin/report?year=1800".to_owned(),
            format!("/admin/audit/{open_event}"),
            format!("/admin/people/{person}/consent"),
            format!("/admin/people/{person}/erase"),
            "/admin/applications".to_owned(),
            "/admin/report?year=2022&format=html".to_owned(),
            "/admin/report/editor?year=2022".to_owned(),
            "/admin/report/editor?year=2022&lang=en".to_owned(),
            "/admin".to_owned(),
            "/admin/events".to_owned(),
            "/admin/events/new".to_owned(),
            format!("/admin/events/{PUBLIC_EVENT}"),
            "/admin/organisations".to_owned(),
            "/admin/import".to_owned(),
            format!("/admin/events/{open_event}/registrations"),
        ]);
    }
    if role == Role::Editor {
        pages.push(format!("/members/{PUBLIC_ORG}/edit"));
    }
    if role == Role::Admin {
        pages.extend(["/admin/users".to_owned(), "/admin/users?lang=en".to_owned()]);
    } else {
        // What a reader without the right sees: the login or the refusal.
        pages.push("/admin/users".to_owned());
    }
    pages
}

/// Opens every page type as `role`, runs axe-core on each and fails on any serious or critical
/// violation, listing them all.
async fn no_serious_violations(roles: &[Role]) {
    let site = start(urbis_testkit::sqlite()).await;
    let extra = extra(&site).await;
    let mut serious = String::new();
    for &role in roles {
        let browser = Browser::start(&site.base).await;
        if role != Role::Anonymous {
            browser.log_in(&site, role).await;
        }
        let mut minor = 0;
        let pages = pages(role, &extra);
        for path in &pages {
            browser.open(path).await;
            browser.screenshot(&format!("{role:?}{path}")).await;
            let violations: Vec<Violation> = browser.axe().await;
            for violation in &violations {
                if violation.is_serious() {
                    serious.push_str(&format!("{role:?} {path}\n{violation}"));
                } else {
                    minor += 1;
                    eprintln!("{role:?} {path} (minor)\n{violation}");
                }
            }
        }
        browser.quit().await;
        eprintln!(
            "{role:?}: {} pages checked, {minor} minor or moderate findings",
            pages.len()
        );
    }
    assert!(
        serious.is_empty(),
        "axe-core found serious or critical violations:\n{serious}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_type_passes_axe_for_anonymous_readers() {
    no_serious_violations(&[Role::Anonymous]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_axe_check_sees_a_violation_when_there_is_one() {
    let (site, browser) = site_and_browser(Role::Anonymous).await;
    browser.open("/").await;
    browser
        .client
        .execute(
            "const img = document.createElement('img'); img.src = '/no-image.png'; \
             document.querySelector('main').appendChild(img);",
            vec![],
        )
        .await
        .unwrap();
    let violations = browser.axe().await;
    assert!(
        violations
            .iter()
            .any(|v| v.rule == "image-alt" && v.is_serious()),
        "{violations:?}"
    );
    browser.quit().await;
    drop(site);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_type_passes_axe_for_members() {
    no_serious_violations(&[Role::Member]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_type_passes_axe_for_organisation_editors() {
    no_serious_violations(&[Role::Editor]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_type_passes_axe_for_staff_and_admins() {
    no_serious_violations(&[Role::Staff, Role::Admin]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_logs_in_and_sees_the_members_area() {
    let (site, browser) = site_and_browser(Role::Anonymous).await;
    browser.open("/collections").await;
    browser.wait_for_text(&t("collections-login-hint")).await;
    browser.follow(".site-tools", &t("nav-login")).await;
    browser.wait_for("form[action='/login']").await;

    // A wrong password: the message, the address kept, the field pointing at the message.
    browser.fill("email", "member@example.org").await;
    browser.fill("password", "not the password").await;
    browser.press("main form", &t("login-submit")).await;
    let error = browser.field_error("email").await;
    assert_eq!(
        error,
        browser.wait_for("[role=alert]").await.text().await.unwrap()
    );
    assert_eq!(browser.value("email").await, "member@example.org");

    browser.fill("password", common::PASSWORD).await;
    browser.press("main form", &t("login-submit")).await;
    browser.wait_for(".site-tools a[href='/account']").await;
    browser.wait_for_text("Member user").await;
    browser.open("/collections").await;
    browser.wait_for_text("MARKER-MEMBERS-COLLECTION").await;
    browser
        .follow(
            ".site-tools",
            &format!("{} (Member user)", t("nav-account")),
        )
        .await;
    browser.wait_for_text("member@example.org").await;
    assert_eq!(browser.path().await, "/account");
    browser.quit().await;
    drop(site);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_guest_registers_for_an_event_and_sees_the_confirmation() {
    let (site, browser) = site_and_browser(Role::Anonymous).await;
    let event = open_event(&site).await;
    browser.open("/events").await;
    browser.follow("main", "Seminar mit Anmeldung").await;
    browser
        .wait_for(&format!("form[action='/events/{event}/register']"))
        .await;
    browser.fill("reg-name", "Gerda Gast").await;
    browser.fill("reg-email", "gerda@example.org").await;
    browser.fill("reg-organisation", "Stadt Bonn").await;
    browser.check("reg-consent").await;
    browser.press("main form", &t("register-submit")).await;
    browser.wait_for_text(&t("register-confirmed")).await;
    let heading = browser.wait_for("main h1").await;
    assert_eq!(heading.text().await.unwrap(), t("register-title"));

    // Registering again with the same address says so instead of a second seat.
    browser.open(&format!("/events/{event}")).await;
    browser.fill("reg-name", "Gerda Gast").await;
    browser.fill("reg-email", "gerda@example.org").await;
    browser.check("reg-consent").await;
    browser.press("main form", &t("register-submit")).await;
    browser.wait_for_text(&t("register-twice")).await;
    browser.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_logs_out_and_the_members_area_is_closed_again() {
    let (site, browser) = site_and_browser(Role::Member).await;
    browser.open("/collections").await;
    browser.wait_for_text("MARKER-MEMBERS-COLLECTION").await;
    browser.press(".site-tools", &t("nav-logout")).await;
    browser.wait_for(".site-tools a[href='/login']").await;
    browser.open("/collections").await;
    browser.wait_for_text(&t("collections-login-hint")).await;
    assert!(!browser.text().await.contains("MARKER-MEMBERS"));
    browser.open("/account").await;
    browser.wait_for("form[action='/login']").await;
    browser.quit().await;
    drop(site);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_log_in_with_their_second_factor_and_reach_the_back_office() {
    let (site, browser) = site_and_browser(Role::Staff).await;
    browser.open("/admin/report").await;
    browser.wait_for("form[action='/admin/report'] #year").await;
    browser.fill("year", "1800").await;
    browser.press("main form", &t("report-submit")).await;
    let error = browser.wait_for("#report-error").await;
    assert!(!error.text().await.unwrap().is_empty());
    assert_eq!(
        browser
            .wait_for("#year")
            .await
            .attr("aria-describedby")
            .await
            .unwrap()
            .as_deref(),
        Some("report-error")
    );
    browser.quit().await;
    drop(site);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_choice_is_remembered_and_content_in_another_language_is_marked() {
    let (site, browser) = site_and_browser(Role::Anonymous).await;
    browser.open("/").await;
    assert_eq!(
        browser.page_lang().await,
        "de",
        "the browser asks for German"
    );
    browser.follow(".language-switch", "English").await;
    browser
        .wait_for(".language-switch a[lang='en'][aria-current]")
        .await;
    assert_eq!(browser.page_lang().await, "en");
    browser.follow(".site-nav", &t_en("nav-members")).await;
    browser.wait_for_text(&t_en("nav-members")).await;
    assert_eq!(browser.path().await, "/members");
    assert_eq!(browser.page_lang().await, "en", "the choice is remembered");
    // The script runs under the CSP: it marks the section the reader is in.
    browser
        .wait_for(".site-nav a[href='/members'][aria-current='page']")
        .await;

    // The organisation's German-only name: its own lang, and a visible marker.
    browser.open(&format!("/members/{PUBLIC_ORG}")).await;
    let name = browser.wait_for("h1 span[lang='de']").await;
    assert_eq!(name.text().await.unwrap(), "Stadt Essen");
    let marker = browser.wait_for("h1 .fallback").await;
    assert!(marker.is_displayed().await.unwrap());
    assert_eq!(marker.text().await.unwrap(), t_en("fallback-marker"));

    browser.follow(".language-switch", "Deutsch").await;
    browser
        .wait_for(".language-switch a[lang='de'][aria-current]")
        .await;
    browser.open("/events").await;
    assert_eq!(browser.page_lang().await, "de");
    browser.quit().await;
    drop(site);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_french_reader_walks_the_site_in_french_from_the_switch_to_the_members_area() {
    let (site, browser) = site_and_browser(Role::Anonymous).await;
    let event = open_event(&site).await;
    let mut serious = String::new();

    // The browser asks for German; the switch in the header offers French and remembers it.
    browser.open("/").await;
    assert_eq!(browser.page_lang().await, "de");
    browser.follow(".language-switch", "Français").await;
    browser
        .wait_for(".language-switch a[lang='fr'][aria-current]")
        .await;
    in_french(
        &browser,
        &mut serious,
        &[t_fr("home-next-events"), t_fr("nav-login")],
    )
    .await;

    // The calendar and an event page, with the German-only title marked as such.
    browser.follow(".site-nav", &t_fr("nav-events")).await;
    browser.wait_for_text(&t_fr("events-upcoming")).await;
    assert_eq!(browser.path().await, "/events");
    in_french(&browser, &mut serious, &[t_fr("events-past")]).await;
    // The German-only title carries the marker in the list too.
    let link = browser
        .wait_for(&format!("main a[href='/events/{event}']"))
        .await;
    let text = link.text().await.unwrap();
    assert!(text.contains(&t_fr("fallback-marker")), "{text}");
    link.click().await.unwrap();
    browser
        .wait_for(&format!("form[action='/events/{event}/register']"))
        .await;
    let title = browser.wait_for("h1 span[lang='de']").await;
    assert_eq!(title.text().await.unwrap(), "Seminar mit Anmeldung");
    let marker = browser.wait_for("h1 .fallback").await;
    assert_eq!(marker.text().await.unwrap(), t_fr("fallback-marker"));
    in_french(
        &browser,
        &mut serious,
        &[
            t_fr("register-heading"),
            t_fr("register-consent"),
            t_fr("event-format-online"),
            // The date the French way: day, month in lower case, hours with "h".
            "2 mars 2099, 10\u{a0}h–12\u{a0}h".to_owned(),
        ],
    )
    .await;

    // A guest registers and reads the confirmation in French.
    browser.fill("reg-name", "Camille Martin").await;
    browser.fill("reg-email", "camille@example.org").await;
    browser.fill("reg-organisation", "Ville de Lyon").await;
    browser.check("reg-consent").await;
    browser.press("main form", &t_fr("register-submit")).await;
    browser.wait_for_text(&t_fr("register-confirmed")).await;
    let heading = browser.wait_for("main h1").await;
    assert_eq!(heading.text().await.unwrap(), t_fr("register-title"));
    in_french(&browser, &mut serious, &[]).await;

    // The information portal and the search.
    browser.follow(".site-nav", &t_fr("nav-portal")).await;
    browser.wait_for_text(&t_fr("portal-publications")).await;
    assert_eq!(
        browser.wait_for("main h1").await.text().await.unwrap(),
        t_fr("portal-title")
    );
    in_french(&browser, &mut serious, &[t_fr("portal-funding-calls")]).await;
    browser.fill("site-search", "Sicherheit").await;
    browser
        .press("form[role=search]", &t_fr("search-submit"))
        .await;
    let status = browser.wait_for("main p[role=status]").await;
    let count = status.text().await.unwrap();
    let found: i64 = count
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a count: {count}"));
    assert!(found > 0, "{count}");
    assert_eq!(
        count,
        urbis_app::i18n::Tr::new(Lang::Fr).count("search-count", "count", &found)
    );
    in_french(&browser, &mut serious, &[t_fr("search-title")]).await;

    // The members area as a member: the login form, the collections and the account in French.
    browser.open("/collections").await;
    browser.wait_for_text(&t_fr("collections-login-hint")).await;
    in_french(&browser, &mut serious, &[]).await;
    browser.log_in(&site, Role::Member).await;
    browser.open("/collections").await;
    browser.wait_for_text("MARKER-MEMBERS-COLLECTION").await;
    in_french(
        &browser,
        &mut serious,
        &[
            t_fr("collections-title"),
            urbis_app::i18n::Tr::new(Lang::Fr).count("collections-entries", "count", &2),
        ],
    )
    .await;
    browser
        .wait_for("main a[href='/collections/members']")
        .await
        .click()
        .await
        .unwrap();
    browser.wait_for("#add").await;
    in_french(
        &browser,
        &mut serious,
        &[t_fr("knowledge-add-title"), t_fr("knowledge-follow")],
    )
    .await;
    browser
        .follow(
            ".site-tools",
            &format!("{} (Member user)", t_fr("nav-account")),
        )
        .await;
    browser.wait_for_text("member@example.org").await;
    in_french(
        &browser,
        &mut serious,
        &[t_fr("account-title"), t_fr("account-my-data")],
    )
    .await;
    browser.open("/account/registrations").await;
    in_french(&browser, &mut serious, &[t_fr("events-mine-title")]).await;
    browser.quit().await;
    assert!(
        serious.is_empty(),
        "axe-core found serious or critical violations on French pages:\n{serious}"
    );
    drop(site);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_keyboard_reaches_the_skip_link_first_and_it_leads_to_the_content() {
    use fantoccini::key::Key;
    let (site, browser) = site_and_browser(Role::Anonymous).await;
    browser.open("/events").await;
    browser.key(Key::Tab).await;
    assert!(
        browser.focused().await.contains("skip-link"),
        "{}",
        browser.focused().await
    );
    let skip = browser.client.active_element().await.unwrap();
    assert!(
        skip.is_displayed().await.unwrap(),
        "the focused skip link is visible"
    );
    assert_eq!(skip.text().await.unwrap(), t("site-skip"));
    browser.key(Key::Enter).await;
    let url = browser.client.current_url().await.unwrap();
    assert_eq!(url.fragment(), Some("main"));
    // The next stop is the first control inside the content, not the navigation again.
    browser.key(Key::Tab).await;
    let inside_main: bool = browser
        .client
        .execute(
            "return document.querySelector('main').contains(document.activeElement);",
            vec![],
        )
        .await
        .unwrap()
        .as_bool()
        .unwrap();
    assert!(
        inside_main,
        "focus is in the content: {}",
        browser.focused().await
    );
    browser.quit().await;
    drop(site);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_fit_a_360_pixel_phone_without_sideways_scrolling() {
    let (site, browser) = site_and_browser(Role::Admin).await;
    let extra = extra(&site).await;
    browser.client.set_window_size(360, 800).await.unwrap();
    let width: u64 = browser
        .client
        .execute("return window.innerWidth;", vec![])
        .await
        .unwrap()
        .as_u64()
        .unwrap();
    assert!(width <= 360, "the window is a phone's ({width} px)");
    let mut too_wide = Vec::new();
    for path in pages(Role::Admin, &extra) {
        browser.open(&path).await;
        let overflow = browser
            .client
            .execute(
                "return document.documentElement.scrollWidth - window.innerWidth;",
                vec![],
            )
            .await
            .unwrap()
            .as_i64()
            .unwrap();
        browser.screenshot(&format!("phone{path}")).await;
        if overflow > 0 {
            let culprits = browser
                .client
                .execute(
                    "const w = window.innerWidth; const out = [];\
                     for (const el of document.querySelectorAll('body *')) {\
                       if (el.closest('.table-scroll') && !el.matches('.table-scroll')) continue;\
                       const r = el.getBoundingClientRect();\
                       if (r.right > w + 1) out.push(el.tagName + '.' + el.className + ' ' + Math.round(r.right));\
                     }\
                     return out.slice(0, 6).join(', ');",
                    vec![],
                )
                .await
                .unwrap();
            too_wide.push(format!("{path}: {overflow} px too wide: {culprits}"));
        }
    }
    // The navigation wraps: every entry is on screen without a script.
    browser.open("/").await;
    for link in browser
        .client
        .find_all(fantoccini::Locator::Css(
            ".site-nav a, .site-tools a, .site-tools button",
        ))
        .await
        .unwrap()
    {
        let (x, _, w, _) = link.rectangle().await.unwrap();
        assert!(
            x >= 0.0 && x + w <= width as f64 + 0.5,
            "a navigation entry is off screen"
        );
    }
    browser.quit().await;
    assert!(too_wide.is_empty(), "{too_wide:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_adds_a_note_to_a_collection_and_sees_it_on_the_board() {
    let (site, browser) = site_and_browser(Role::Member).await;
    browser.open("/collections").await;
    browser.follow("main", "MARKER-MEMBERS-COLLECTION").await;
    browser.wait_for("#add").await;
    assert_eq!(browser.path().await, "/collections/members");
    assert!(
        !browser
            .text()
            .await
            .contains("Protokoll der Frühjahrssitzung")
    );

    // A note without a title: the message beside the title, the text kept.
    browser.check("kind-note").await;
    browser
        .fill("entry-body", "Die Ergebnisse der Arbeitsgruppen.")
        .await;
    browser
        .press(
            "main form[enctype='multipart/form-data']",
            &t("knowledge-add-submit"),
        )
        .await;
    let error = browser.field_error("entry-title").await;
    assert!(!error.is_empty());
    assert_eq!(
        browser.value("entry-body").await,
        "Die Ergebnisse der Arbeitsgruppen."
    );

    browser
        .fill("entry-title", "Protokoll der Frühjahrssitzung")
        .await;
    browser
        .press(
            "main form[enctype='multipart/form-data']",
            &t("knowledge-add-submit"),
        )
        .await;
    let entry = browser.wait_for("main article:target h3").await;
    assert!(
        entry
            .text()
            .await
            .unwrap()
            .contains("Protokoll der Frühjahrssitzung")
    );
    let article = browser.wait_for("main article:target").await;
    let text = article.text().await.unwrap();
    assert!(
        text.contains("Die Ergebnisse der Arbeitsgruppen."),
        "{text}"
    );
    assert!(text.contains(&t("knowledge-kind-note")), "{text}");
    assert!(text.contains("Member user"), "the author is named: {text}");

    // Opened again later, the board still shows it.
    browser.open("/collections/members").await;
    browser
        .wait_for_text("Protokoll der Frühjahrssitzung")
        .await;
    browser.quit().await;
    drop(site);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_organisation_editor_edits_their_profile_and_sees_it_on_the_public_page() {
    let (site, browser) = site_and_browser(Role::Editor).await;
    browser.open(&format!("/members/{PUBLIC_ORG}")).await;
    browser.follow("main", &t("bo-profile-link")).await;
    browser.wait_for("#f-name-de").await;
    assert_eq!(browser.path().await, format!("/members/{PUBLIC_ORG}/edit"));
    assert_eq!(browser.value("f-name-de").await, "Stadt Essen");

    // A website that is not one: the message beside the field, the other changes kept.
    browser.fill("f-city", "Essen (Ruhr)").await;
    browser.fill("f-website", "keine Adresse").await;
    browser.press("main form", &t("bo-save")).await;
    let error = browser.field_error("f-website").await;
    assert!(!error.is_empty());
    browser
        .wait_for("#error-summary a[href='#f-website']")
        .await;
    assert_eq!(browser.value("f-city").await, "Essen (Ruhr)");

    browser.fill("f-website", "https://www.essen.de").await;
    browser
        .fill(
            "f-description-de",
            "Die Stadt Essen arbeitet im Netzwerk mit.",
        )
        .await;
    browser.press("main form", &t("bo-save")).await;
    browser.wait_for_text(&t("bo-saved")).await;

    // The public page shows the change, to anyone.
    browser.follow("main", "Stadt Essen").await;
    browser
        .wait_for_text("Die Stadt Essen arbeitet im Netzwerk mit.")
        .await;
    assert_eq!(browser.path().await, format!("/members/{PUBLIC_ORG}"));
    browser
        .wait_for("main a[href='https://www.essen.de']")
        .await;
    let anonymous = Browser::start(&site.base).await;
    anonymous.open(&format!("/members/{PUBLIC_ORG}")).await;
    anonymous
        .wait_for_text("Die Stadt Essen arbeitet im Netzwerk mit.")
        .await;
    assert!(anonymous.text().await.contains("Essen (Ruhr)"));
    anonymous.quit().await;
    browser.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_create_an_event_fix_a_wrong_date_and_see_it_in_the_calendar() {
    let (site, browser) = site_and_browser(Role::Staff).await;
    browser.open("/admin/events/new").await;
    browser.select("f-kind", "workshop").await;
    browser.select("f-status", "planned").await;
    browser.fill("f-title-de", "Werkstatt Nachtleben").await;
    browser.fill("f-start", "2099-05-04").await;
    browser.fill("f-end", "2099-05-03").await;
    browser.press("main form", &t("bo-save")).await;

    // The end before the start: the summary names it, the message is beside the field.
    browser.wait_for("#error-summary a[href='#f-end']").await;
    let error = browser.field_error("f-end").await;
    assert!(!error.is_empty());
    assert_eq!(browser.value("f-title-de").await, "Werkstatt Nachtleben");
    assert_eq!(browser.value("f-end").await, "2099-05-03");

    browser.fill("f-end", "2099-05-05").await;
    browser.press("main form", &t("bo-save")).await;
    browser.wait_for_text(&t("bo-saved")).await;
    assert!(browser.path().await.starts_with("/admin/events/"));

    // The calendar lists it, and its page says when.
    browser.open("/events").await;
    browser.follow("main", "Werkstatt Nachtleben").await;
    let heading = browser.wait_for("main h1").await;
    assert!(
        heading
            .text()
            .await
            .unwrap()
            .contains("Werkstatt Nachtleben")
    );
    assert!(browser.text().await.contains("2099"));
    browser.quit().await;
    drop(site);
}
