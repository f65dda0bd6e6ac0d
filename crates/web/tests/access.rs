//! The route × role matrix: every route of the router, requested as every role, answers with
//! the expected status and never shows members-only or staff-only text to a lower role.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers outside #[test] functions may panic

mod common;

use common::{
    MEMBERS_EVENT, MEMBERS_MARKERS, MEMBERS_SERIES, Role, STAFF_EVENT, STAFF_MARKERS,
    STAFF_PROJECT, Site, csrf_of,
};
use reqwest::{Client, StatusCode};

/// How one route is exercised: the concrete path, the form for POSTs, the status per role,
/// and whether the request ends the session (the client logs in again afterwards).
struct Case {
    path: &'static str,
    form: &'static [(&'static str, &'static str)],
    status: fn(Role) -> u16,
    ends_session: bool,
}

fn ok(_: Role) -> u16 {
    200
}

fn login_first(role: Role) -> u16 {
    if role == Role::Anonymous { 303 } else { 200 }
}

fn admin_only(role: Role) -> u16 {
    match role {
        Role::Anonymous => 303,
        Role::Admin => 200,
        _ => 403,
    }
}

/// Office pages: login first, refused below the office.
fn office_only(role: Role) -> u16 {
    match role {
        Role::Anonymous => 303,
        Role::Staff | Role::Admin => 200,
        _ => 403,
    }
}

/// Office forms that answer with a redirect: login first, refused below the office.
fn office_redirects(role: Role) -> u16 {
    match role {
        Role::Staff | Role::Admin | Role::Anonymous => 303,
        _ => 403,
    }
}

/// Office pages about a record that does not exist: login first, refused below the office,
/// not found for the office.
fn office_only_404(role: Role) -> u16 {
    match role {
        Role::Anonymous => 303,
        Role::Staff | Role::Admin => 404,
        _ => 403,
    }
}

/// The matrix. A route the router has but this table does not name fails the test.
fn case(method: &str, path: &str) -> Case {
    let case = |path, form, status, ends_session| Case {
        path,
        form,
        status,
        ends_session,
    };
    match (method, path) {
        ("get", "/") => case("/", &[], ok, false),
        ("get", "/healthz") => case("/healthz", &[], ok, false),
        ("get", "/readyz") => case("/readyz", &[], ok, false),
        ("get", "/metrics") => case("/metrics", &[], ok, false),
        ("get", "/admin/report") => case(
            "/admin/report?year=2022&format=html",
            &[],
            |r| match r {
                Role::Anonymous => 303,
                Role::Staff | Role::Admin => 200,
                _ => 403,
            },
            false,
        ),
        ("get", "/admin/applications") => case("/admin/applications", &[], office_only, false),
        ("post", "/admin/applications/{id}/status") => case(
            "/admin/applications/0190a000-0000-7000-8000-000000000000/status",
            &[("status", "submitted")],
            office_only_404,
            false,
        ),
        ("get", "/admin/report/editor") => {
            case("/admin/report/editor?year=2022", &[], office_only, false)
        }
        ("post", "/admin/report/texts") => case(
            "/admin/report/texts?lang=en",
            &[
                ("year", "2022"),
                ("section", "introduction"),
                ("placement", "opening"),
                ("position", "0"),
                ("access", "staff"),
                ("body_de", "Ein Wort zuvor"),
            ],
            office_redirects,
            false,
        ),
        ("post", "/admin/report/texts/{id}") => case(
            "/admin/report/texts/0190a000-0000-7000-8000-000000000000",
            &[("year", "2022"), ("body_de", "x")],
            office_only_404,
            false,
        ),
        ("post", "/admin/report/texts/{id}/delete") => case(
            "/admin/report/texts/0190a000-0000-7000-8000-000000000000/delete",
            &[],
            office_only_404,
            false,
        ),
        ("get", "/collections") => case("/collections", &[], ok, false),
        ("get", "/login") => case("/login", &[], ok, false),
        ("post", "/login") => case(
            "/login",
            &[
                ("email", "member@example.org"),
                ("password", "not the password"),
            ],
            |_| 401,
            false,
        ),
        ("post", "/logout") => case("/logout", &[], |_| 303, true),
        ("get", "/login/code") => case("/login/code", &[], login_first, false),
        ("post", "/login/code") => case(
            "/login/code",
            &[("code", "12345")],
            |r| if r == Role::Anonymous { 303 } else { 401 },
            false,
        ),
        ("get", "/account") => case("/account", &[], login_first, false),
        ("post", "/account/logout-everywhere") => {
            case("/account/logout-everywhere", &[], login_first, true)
        }
        ("get", "/account/second-factor") => {
            case("/account/second-factor", &[], login_first, false)
        }
        ("post", "/account/second-factor") => case(
            "/account/second-factor",
            &[("code", "1"), ("secret", "JBSWY3DPEHPK3PXP")],
            |r| if r == Role::Anonymous { 303 } else { 422 },
            false,
        ),
        ("get", "/admin/users") => case("/admin/users", &[], admin_only, false),
        ("post", "/admin/users/invite") => case(
            "/admin/users/invite",
            &[
                ("email", "new.member@example.org"),
                ("name", "New Member"),
                ("role", "member"),
                ("language", "en"),
            ],
            admin_only,
            false,
        ),
        ("post", "/admin/users/{id}/role") => case(
            "/admin/users/0190a000-0000-7000-8000-000000000000/role",
            &[("role", "member")],
            |r| match r {
                Role::Anonymous => 303,
                Role::Admin => 404,
                _ => 403,
            },
            false,
        ),
        ("get", "/admin/audit/{id}") => case(
            "/admin/audit/0190a000-0000-7000-8000-000000000000",
            &[],
            |r| match r {
                Role::Anonymous => 303,
                Role::Staff | Role::Admin => 404,
                _ => 403,
            },
            false,
        ),
        ("get", "/account/data") => case("/account/data", &[], login_first, false),
        ("get", "/admin/people/{id}/data") => case(
            "/admin/people/0190a000-0000-7000-8000-000000000000/data",
            &[],
            office_only_404,
            false,
        ),
        ("get", "/admin/people/{id}/erase") => case(
            "/admin/people/0190a000-0000-7000-8000-000000000000/erase",
            &[],
            office_only_404,
            false,
        ),
        ("post", "/admin/people/{id}/erase") => case(
            "/admin/people/0190a000-0000-7000-8000-000000000000/erase",
            &[],
            office_only_404,
            false,
        ),
        ("get", "/admin/people/{id}/consent") => case(
            "/admin/people/0190a000-0000-7000-8000-000000000000/consent",
            &[],
            office_only_404,
            false,
        ),
        ("post", "/admin/people/{id}/consent") => case(
            "/admin/people/0190a000-0000-7000-8000-000000000000/consent",
            &[
                ("purpose", "newsletter"),
                ("given", "given"),
                ("how", "form"),
            ],
            office_only_404,
            false,
        ),
        ("post", "/admin/retention") => case(
            "/admin/retention",
            &[],
            |r| match r {
                Role::Anonymous => 303,
                Role::Staff | Role::Admin => 200,
                _ => 403,
            },
            false,
        ),
        ("post", "/events/{id}/register") => case(
            "/events/0190a000-0000-7000-8000-000000000000/register",
            &[
                ("name", "Gast"),
                ("email", "gast@example.org"),
                ("consent", "yes"),
            ],
            |_| 404,
            false,
        ),
        ("get", "/registrations/{id}/cancel/{token}") => case(
            "/registrations/0190a000-0000-7000-8000-000000000000/cancel/forged",
            &[],
            ok,
            false,
        ),
        ("post", "/registrations/{id}/cancel/{token}") => case(
            "/registrations/0190a000-0000-7000-8000-000000000000/cancel/forged",
            &[],
            |_| 410,
            false,
        ),
        ("get", "/password/forgot") => case("/password/forgot", &[], ok, false),
        ("post", "/password/forgot") => case(
            "/password/forgot",
            &[("email", "nobody-{role}@example.org")],
            ok,
            false,
        ),
        ("get", "/password/reset/{token}") => case("/password/reset/not-a-token", &[], ok, false),
        ("post", "/password/reset/{token}") => case(
            "/password/reset/not-a-token",
            &[("password", "a long new password")],
            |_| 410,
            false,
        ),
        ("get", "/invitation/{token}") => case("/invitation/not-a-token", &[], ok, false),
        ("post", "/invitation/{token}") => case(
            "/invitation/not-a-token",
            &[("password", "a long new password")],
            |_| 410,
            false,
        ),
        ("get", "/members") => case("/members", &[], ok, false),
        ("get", "/members/{id}") => case(
            "/members/0190a000-0000-7000-8000-00000000000e",
            &[],
            ok,
            false,
        ),
        ("get", "/about") => case("/about", &[], ok, false),
        ("get", "/events") => case("/events?when=past", &[], ok, false),
        ("get", "/events/{id}") => case(
            "/events/0190a000-0000-7000-8000-0000000000d1",
            &[],
            ok,
            false,
        ),
        ("get", "/series/{id}") => case(
            "/series/0190a000-0000-7000-8000-0000000000b1",
            &[],
            ok,
            false,
        ),
        ("get", "/projects") => case("/projects", &[], ok, false),
        ("get", "/projects/{id}") => case(
            "/projects/0190a000-0000-7000-8000-0000000000c1",
            &[],
            ok,
            false,
        ),
        ("get", "/portal") => case("/portal", &[], ok, false),
        ("get", "/topics/{slug}") => case("/topics/offen", &[], ok, false),
        ("get", "/search") => case("/search?q=MARKER", &[], ok, false),
        ("get", "/calendar/events.ics") => case("/calendar/events.ics", &[], ok, false),
        ("get", "/calendar/topics/{file}") => case("/calendar/topics/offen.ics", &[], ok, false),
        ("get", "/calendar/series/{file}") => case(
            "/calendar/series/0190a000-0000-7000-8000-0000000000b1.ics",
            &[],
            ok,
            false,
        ),
        ("get", "/calendar/private/{file}") => case(
            "/calendar/private/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics",
            &[],
            |_| 404,
            false,
        ),
        ("post", "/account/calendar") => case("/account/calendar", &[], login_first, false),
        (method, path) => panic!("the route {method} {path} has no entry in the access matrix"),
    }
}

async fn csrf(site: &Site, client: &Client) -> String {
    let page = client
        .get(site.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    csrf_of(&page)
}

fn assert_no_leak(role: Role, route: &str, body: &str) {
    if !role.reads_members() {
        for marker in MEMBERS_MARKERS {
            assert!(!body.contains(marker), "{route} shows {marker} to {role:?}");
        }
    }
    if !role.reads_staff() {
        for marker in STAFF_MARKERS {
            assert!(!body.contains(marker), "{route} shows {marker} to {role:?}");
        }
    }
}

async fn every_route_for_every_role(db: urbis_testkit::TestDb) {
    let site = common::start(db).await;
    assert!(urbis_web::ROUTES.len() >= 18, "the router lists its routes");
    for role in Role::ALL {
        let mut client = site.client(role).await;
        for (method, route) in urbis_web::ROUTES {
            let case = case(method, route);
            let response = if *method == "get" {
                client.get(site.url(case.path)).send().await.unwrap()
            } else {
                let token = csrf(&site, &client).await;
                let role_name = format!("{role:?}").to_lowercase();
                let mut form: Vec<(&str, String)> = case
                    .form
                    .iter()
                    .map(|(k, v)| (*k, v.replace("{role}", &role_name)))
                    .collect();
                form.push(("csrf", token));
                client
                    .post(site.url(case.path))
                    .form(&form)
                    .send()
                    .await
                    .unwrap()
            };
            let status = response.status().as_u16();
            let body = response.text().await.unwrap();
            assert_eq!(
                status,
                (case.status)(role),
                "{method} {route} as {role:?}:\n{body}"
            );
            assert_no_leak(role, route, &body);
            if case.ends_session {
                client = site.client(role).await;
            }
        }
    }
}

/// The markers are there for those who may see them: the leak checks above can fail.
async fn members_and_office_see_what_they_may(db: urbis_testkit::TestDb) {
    let site = common::start(db).await;
    for role in Role::ALL {
        let client = site.client(role).await;
        let collections = client
            .get(site.url("/collections"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let members = client
            .get(site.url("/members"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(
            collections.contains("MARKER-MEMBERS-COLLECTION"),
            role.reads_members(),
            "{role:?}"
        );
        assert_eq!(
            collections.contains("MARKER-STAFF-COLLECTION"),
            role.reads_staff(),
            "{role:?}"
        );
        assert_eq!(
            members.contains("MARKER-MEMBERS-ORG"),
            role.reads_members(),
            "{role:?}"
        );
        assert_eq!(
            members.contains("MARKER-STAFF-ORG"),
            role.reads_staff(),
            "{role:?}"
        );
        assert!(members.contains("Stadt Essen"));
        let account = client.get(site.url("/account")).send().await.unwrap();
        assert_eq!(account.status() == StatusCode::OK, role != Role::Anonymous);
        for path in [
            "/",
            "/events",
            "/events?when=past",
            "/portal",
            "/projects",
            "/topics/offen",
            "/members/0190a000-0000-7000-8000-00000000000e",
            "/projects/0190a000-0000-7000-8000-0000000000c1",
            "/series/0190a000-0000-7000-8000-0000000000b1",
        ] {
            let body = client
                .get(site.url(path))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            let shows = |marker: &str| body.contains(marker);
            if matches!(path, "/" | "/events" | "/topics/offen") || path.starts_with("/members/") {
                assert_eq!(
                    shows("MARKER-MEMBERS-EVENT"),
                    role.reads_members(),
                    "{path} as {role:?}"
                );
            }
            if matches!(path, "/events?when=past" | "/topics/offen")
                || path.starts_with("/series/")
                || path.starts_with("/projects/")
            {
                assert_eq!(
                    shows("MARKER-STAFF-EVENT"),
                    role.reads_staff(),
                    "{path} as {role:?}"
                );
            }
            if matches!(path, "/projects" | "/topics/offen") || path.starts_with("/members/") {
                assert_eq!(
                    shows("MARKER-STAFF-PROJECT"),
                    role.reads_staff(),
                    "{path} as {role:?}"
                );
                assert_eq!(
                    shows("MARKER-MEMBERS-PROJECT"),
                    role.reads_members(),
                    "{path} as {role:?}"
                );
            }
            if path == "/topics/offen" {
                assert_eq!(
                    shows("MARKER-MEMBERS-ENTRY"),
                    role.reads_members(),
                    "{path} as {role:?}"
                );
            }
        }
        // A record the viewer may not see answers 404, as if it did not exist; so does any
        // address that cannot name a record (on both databases).
        for path in [
            "/events/%00",
            "/topics/%00",
            "/events?series=%00x",
            "/members/x%27",
        ] {
            let status = client.get(site.url(path)).send().await.unwrap().status();
            assert_eq!(status, StatusCode::NOT_FOUND, "{path} as {role:?}");
        }
        for (path, visible) in [
            (format!("/events/{MEMBERS_EVENT}"), role.reads_members()),
            (format!("/series/{MEMBERS_SERIES}"), role.reads_members()),
            (format!("/events/{STAFF_EVENT}"), role.reads_staff()),
            (format!("/projects/{STAFF_PROJECT}"), role.reads_staff()),
            (
                format!("/events?when=upcoming&series={MEMBERS_SERIES}"),
                role.reads_members(),
            ),
        ] {
            let status = client.get(site.url(&path)).send().await.unwrap().status();
            let expected = if visible {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            };
            assert_eq!(status, expected, "{path} as {role:?}");
        }
    }
}

urbis_testkit::on_both_databases!(
    every_route_for_every_role,
    members_and_office_see_what_they_may
);
