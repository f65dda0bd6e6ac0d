//! The route × role matrix: every route of the router, requested as every role, answers with
//! the expected status and never shows members-only or staff-only text to a lower role.

use reqwest::{Client, StatusCode};
use urbis_domain::Access;
use urbis_domain::accounts::ForumRole;
use urbis_domain::network::Organisation;

use crate::common;
use crate::common::{
    MEMBERS_EVENT, MEMBERS_MARKERS, MEMBERS_SERIES, OTHER_EVENT, OTHER_MARKER, PUBLIC_EVENT, Role,
    STAFF_EVENT, STAFF_MARKERS, STAFF_PROJECT, Site, csrf_of,
};

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

/// API writes of a form: nobody may write (401); everyone else sends the wrong media type.
fn api_write(role: Role) -> u16 {
    if role == Role::Anonymous { 401 } else { 415 }
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
        // Only with the metrics token (tested in `security`); the matrix's clients have none.
        ("get", "/metrics") => case("/metrics", &[], |_| 401, false),
        // Only hashed names exist (the `assets` tests follow the pages' links); any other is unknown.
        ("get", "/assets/{file}") => case("/assets/site.00000000.css", &[], |_| 404, false),
        ("get", "/brand/{file}") => case("/brand/colours.css", &[], ok, false),
        ("get", "/admin/forums") => case("/admin/forums", &[], admin_only, false),
        // A colour too light for white text: the installation's admin sees the form again.
        ("post", "/admin/forums") => case(
            "/admin/forums",
            &[
                ("short_name", "NEU"),
                ("name", "Neu"),
                ("colour", "#ffff00"),
            ],
            |r| match r {
                Role::Anonymous => 303,
                Role::Admin => 422,
                _ => 403,
            },
            false,
        ),
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
        ("get", "/collections/{slug}") => case("/collections/members", &[], login_first, false),
        ("post", "/collections/{slug}/entries") => case(
            "/collections/members/entries",
            &[("kind", "note"), ("title", ""), ("body", "")],
            |r| if r == Role::Anonymous { 303 } else { 422 },
            false,
        ),
        ("post", "/collections/{slug}/entries/{id}") => case(
            "/collections/members/entries/0190a000-0000-7000-8000-000000000000",
            &[("action", "pin")],
            |r| match r {
                Role::Anonymous => 303,
                Role::Staff | Role::Admin => 404,
                _ => 403,
            },
            false,
        ),
        ("post", "/collections/{slug}/follow") => case(
            "/collections/members/follow",
            &[("follow", "no")],
            |_| 303,
            false,
        ),
        ("get", "/files/entries/{id}") => case(
            "/files/entries/0190a000-0000-7000-8000-000000000000",
            &[],
            |_| 404,
            false,
        ),
        ("get", "/files/publications/{id}") => case(
            "/files/publications/0190a000-0000-7000-8000-000000000000",
            &[],
            |_| 404,
            false,
        ),
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
        // Only a session that owes its code has one to give: everyone else is sent on.
        ("get", "/login/code") => case("/login/code", &[], |_| 303, false),
        ("post", "/login/code") => case("/login/code", &[("code", "12345")], |_| 303, false),
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
        ("get", "/registrations/{id}/confirm/{token}") => case(
            "/registrations/0190a000-0000-7000-8000-000000000000/confirm/forged",
            &[],
            |_| 404,
            false,
        ),
        ("post", "/registrations/{id}/confirm/{token}") => case(
            "/registrations/0190a000-0000-7000-8000-000000000000/confirm/forged",
            &[],
            |_| 404,
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
        ("get", "/members/{id}/edit") => case(
            "/members/0190a000-0000-7000-8000-00000000000e/edit",
            &[],
            |r| match r {
                Role::Anonymous => 303,
                Role::Member => 403,
                _ => 200,
            },
            false,
        ),
        ("post", "/members/{id}/edit") => case(
            "/members/0190a000-0000-7000-8000-00000000000e/edit",
            &[("name.de", "")],
            |r| match r {
                Role::Anonymous => 303,
                Role::Member => 403,
                _ => 422,
            },
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
        ("post", "/series/{id}/register") => case(
            "/series/0190a000-0000-7000-8000-000000000000/register",
            &[
                ("name", "Gast"),
                ("email", "gast@example.org"),
                ("consent", "yes"),
            ],
            |_| 404,
            false,
        ),
        ("get", "/account/registrations") => {
            case("/account/registrations", &[], login_first, false)
        }
        ("post", "/account/registrations/{id}/cancel") => case(
            "/account/registrations/0190a000-0000-7000-8000-000000000000/cancel",
            &[],
            |r| if r == Role::Anonymous { 303 } else { 404 },
            false,
        ),
        ("get", "/admin/events/{id}/registrations") => case(
            "/admin/events/0190a000-0000-7000-8000-000000000000/registrations",
            &[],
            office_only_404,
            false,
        ),
        ("post", "/admin/events/{id}/registrations") => case(
            "/admin/events/0190a000-0000-7000-8000-000000000000/registrations",
            &[("name", "Gast"), ("email", "gast@example.org")],
            office_only_404,
            false,
        ),
        ("get", "/admin/events/{id}/registrations/export") => case(
            "/admin/events/0190a000-0000-7000-8000-000000000000/registrations/export?format=csv",
            &[],
            office_only_404,
            false,
        ),
        ("get", "/admin/events/{id}/participants") => case(
            "/admin/events/0190a000-0000-7000-8000-000000000000/participants",
            &[],
            office_only_404,
            false,
        ),
        ("post", "/admin/events/{id}/schedule") => case(
            "/admin/events/0190a000-0000-7000-8000-000000000000/schedule",
            &[("start", "2030-06-12")],
            office_only_404,
            false,
        ),
        ("post", "/admin/registrations/{id}/status") => case(
            "/admin/registrations/0190a000-0000-7000-8000-000000000000/status",
            &[("status", "attended")],
            office_only_404,
            false,
        ),
        ("get", "/advocacy") => case("/advocacy", &[], ok, false),
        ("get", "/projects") => case("/projects", &[], ok, false),
        ("get", "/projects/{id}") => case(
            "/projects/0190a000-0000-7000-8000-0000000000c1",
            &[],
            ok,
            false,
        ),
        ("get", "/portal") => case("/portal", &[], ok, false),
        ("get", "/portal/publications/{id}") => case(
            "/portal/publications/0190a000-0000-7000-8000-000000000000",
            &[],
            |_| 404,
            false,
        ),
        ("get", "/portal/calls/{id}") => case(
            "/portal/calls/0190a000-0000-7000-8000-000000000000",
            &[],
            |_| 404,
            false,
        ),
        ("post", "/portal/calls/{id}/remind") => case(
            "/portal/calls/0190a000-0000-7000-8000-000000000000/remind",
            &[("email", "reader-{role}@example.org")],
            |_| 404,
            false,
        ),
        ("get", "/portal/reminders/{token}/confirm") => {
            case("/portal/reminders/not-a-token/confirm", &[], |_| 410, false)
        }
        ("post", "/portal/reminders/{token}/confirm") => {
            case("/portal/reminders/not-a-token/confirm", &[], |_| 410, false)
        }
        ("get", "/portal/reminders/{token}/unsubscribe") => case(
            "/portal/reminders/not-a-token/unsubscribe",
            &[],
            |_| 410,
            false,
        ),
        ("post", "/portal/reminders/{token}/unsubscribe") => case(
            "/portal/reminders/not-a-token/unsubscribe",
            &[],
            |_| 410,
            false,
        ),
        ("get", "/feeds/{file}") => case("/feeds/portal.atom", &[], ok, false),
        ("get", "/feeds/topics/{file}") => case("/feeds/topics/offen.rss", &[], ok, false),
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
        ("get", "/admin") => case("/admin", &[], office_only, false),
        ("get", "/admin/import") => case("/admin/import", &[], office_only, false),
        ("post", "/admin/import") => case(
            "/admin/import",
            &[("kind", "people")],
            |r| match r {
                Role::Anonymous => 303,
                Role::Staff | Role::Admin => 400,
                _ => 403,
            },
            false,
        ),
        ("post", "/account/api-tokens") => case(
            "/account/api-tokens",
            &[("name", "matrix {role}"), ("scope", "read")],
            login_first,
            false,
        ),
        ("post", "/account/api-tokens/{id}/revoke") => case(
            "/account/api-tokens/0190a000-0000-7000-8000-000000000000/revoke",
            &[],
            |r| if r == Role::Anonymous { 303 } else { 404 },
            false,
        ),
        ("get", "/api/openapi.json") => case("/api/openapi.json", &[], ok, false),
        ("get", "/api/v1/{kind}") => case("/api/v1/events?sort=-start_date", &[], ok, false),
        ("get", "/api/v1/{kind}/{id}") => case(
            "/api/v1/events/0190a000-0000-7000-8000-0000000000d2",
            &[],
            |r| if r == Role::Anonymous { 404 } else { 200 },
            false,
        ),
        // API writes with the session cookie and its CSRF token: nobody is 401; a form is not
        // the JSON a write needs (415); the policy refuses deleting to members (403), and the
        // office may not delete an event that a publication names (409).
        ("post", "/api/v1/{kind}") => case("/api/v1/topics", &[("slug", "x")], api_write, false),
        ("put", "/api/v1/{kind}/{id}") => case(
            "/api/v1/events/0190a000-0000-7000-8000-0000000000d1",
            &[("title", "x")],
            api_write,
            false,
        ),
        ("patch", "/api/v1/{kind}/{id}") => case(
            "/api/v1/events/0190a000-0000-7000-8000-0000000000d1",
            &[("title", "x")],
            api_write,
            false,
        ),
        ("delete", "/api/v1/{kind}/{id}") => case(
            "/api/v1/events/0190a000-0000-7000-8000-0000000000d1",
            &[],
            |r| match r {
                Role::Anonymous => 401,
                Role::Staff | Role::Admin => 409,
                _ => 403,
            },
            false,
        ),
        ("post", "/admin/import/confirm") => case(
            "/admin/import/confirm",
            &[("kind", "people"), ("payload", "")],
            |r| match r {
                Role::Anonymous => 303,
                Role::Staff | Role::Admin => 422,
                _ => 403,
            },
            false,
        ),
        ("get", "/admin/import/template") => case(
            "/admin/import/template?kind=people&format=xlsx",
            &[],
            office_only,
            false,
        ),
        ("get", "/admin/{kind}") => {
            case("/admin/events?sort=start&dir=desc", &[], office_only, false)
        }
        ("get", "/admin/{kind}/new") => case("/admin/events/new", &[], office_only, false),
        ("post", "/admin/{kind}/new") => case(
            "/admin/events/new",
            &[("kind", "webinar"), ("title.de", ""), ("start", "2022-13")],
            |r| match r {
                Role::Anonymous => 303,
                Role::Staff | Role::Admin => 422,
                _ => 403,
            },
            false,
        ),
        ("get", "/admin/{kind}/{id}") => case(
            "/admin/events/0190a000-0000-7000-8000-000000000000",
            &[],
            office_only_404,
            false,
        ),
        ("post", "/admin/{kind}/{id}") => case(
            "/admin/events/0190a000-0000-7000-8000-000000000000",
            &[("kind", "webinar")],
            office_only_404,
            false,
        ),
        ("get", "/admin/{kind}/{id}/delete") => case(
            "/admin/events/0190a000-0000-7000-8000-000000000000/delete",
            &[],
            office_only_404,
            false,
        ),
        ("post", "/admin/{kind}/{id}/delete") => case(
            "/admin/events/0190a000-0000-7000-8000-000000000000/delete",
            &[],
            office_only_404,
            false,
        ),
        (method, path) => panic!("the route {method} {path} has no entry in the access matrix"),
    }
}

/// The CSRF token of the client's forms, from a page it may open.
async fn csrf(site: &Site, client: &Client, role: Role) -> String {
    let page = if role == Role::CodeOwed {
        "/login/code"
    } else {
        "/login"
    };
    let page = client
        .get(site.url(page))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    csrf_of(&page)
}

fn assert_no_leak(role: Role, route: &str, body: &str) {
    assert!(
        !body.contains(OTHER_MARKER),
        "{route} shows the other forum's records to {role:?}"
    );
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

/// What a session that gave the password but owes its code gets: the code page and the way
/// out (and the files the code page is drawn with); every other route sends it to the code
/// page (the API refuses it), whatever the route would answer anyone else.
fn code_owed(method: &str, route: &str, case: &Case) -> u16 {
    match (method, route) {
        ("get", "/login/code") => 200,
        ("post", "/login/code") => 401,
        ("post", "/logout") => 303,
        ("get", "/assets/{file}" | "/brand/{file}") => (case.status)(Role::Anonymous),
        // The operator's probes and metrics look at no session: the same answer for everyone.
        ("get", "/healthz" | "/readyz" | "/metrics") => (case.status)(Role::Anonymous),
        (_, api) if api.starts_with("/api/") => 401,
        _ => 303,
    }
}

async fn every_route_for_every_role(db: urbis_testkit::TestDb) {
    let site = common::start(db).await;
    assert!(urbis_web::ROUTES.len() >= 18, "the router lists its routes");
    let mut reachable = Vec::new();
    for role in Role::ALL.into_iter().chain([Role::CodeOwed]) {
        let mut client = site.client(role).await;
        for (method, route) in urbis_web::ROUTES {
            let case = case(method, route);
            let response = if *method == "get" {
                client.get(site.url(case.path)).send().await.unwrap()
            } else {
                let token = csrf(&site, &client, role).await;
                let role_name = format!("{role:?}").to_lowercase();
                let mut form: Vec<(&str, String)> = case
                    .form
                    .iter()
                    .map(|(k, v)| (*k, v.replace("{role}", &role_name)))
                    .collect();
                form.push(("csrf", token));
                let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
                client
                    .request(method, site.url(case.path))
                    .form(&form)
                    .send()
                    .await
                    .unwrap()
            };
            let status = response.status().as_u16();
            let location = response
                .headers()
                .get("location")
                .map(|l| l.to_str().unwrap().to_owned());
            let body = response.text().await.unwrap();
            let expected = if role == Role::CodeOwed {
                code_owed(method, route, &case)
            } else {
                (case.status)(role)
            };
            assert_eq!(status, expected, "{method} {route} as {role:?}:\n{body}");
            if role == Role::CodeOwed {
                let sent_on = location.as_deref() == Some("/login/code") && body.is_empty();
                let refused = status == 401 && body.contains("second-factor-owed");
                if !sent_on && !refused {
                    reachable.push(format!("{method} {route}"));
                }
            }
            assert_no_leak(role, route, &body);
            if case.ends_session {
                client = site.client(role).await;
            }
        }
    }
    reachable.sort();
    assert_eq!(
        reachable,
        [
            "get /assets/{file}",
            "get /brand/{file}",
            "get /healthz",
            "get /login/code",
            "get /metrics",
            "get /readyz",
            "post /login/code",
            "post /logout",
        ],
        "a session owing its code reaches nothing but the code page (and the way out, and the \
         probes, which read no session)"
    );
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
            "/advocacy",
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
            if path == "/advocacy" {
                assert_eq!(
                    shows("MARKER-MEMBERS-ADVOCACY"),
                    role.reads_members(),
                    "{path} as {role:?}"
                );
                assert_eq!(
                    shows("MARKER-STAFF-ADVOCACY"),
                    role.reads_staff(),
                    "{path} as {role:?}"
                );
                assert!(shows("Open letter") || shows("Offenes Schreiben"), "{path}");
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

/// A second forum served by the same server at its own host: nothing of the first forum shows
/// there, the first forum's office is nobody there, and one person holds different roles in
/// the two forums.
async fn a_second_forum_on_the_same_server_is_walled_off(db: urbis_testkit::TestDb) {
    let site = common::start(db).await;
    let other = site.store.forum_named("OF").await.unwrap();
    let lyon: Vec<Organisation> = site
        .store
        .list(&urbis_testkit::store::ListQuery::new(
            &other.id,
            Access::Staff,
        ))
        .await
        .unwrap();
    // The first forum's staff member is a plain member of the second.
    let mut staff = site
        .store
        .user_by_email(Role::Staff.email().unwrap())
        .await
        .unwrap()
        .unwrap();
    urbis_app::accounts::users::set_role(
        &site.app,
        &mut staff,
        &other.id,
        Some(ForumRole::Member),
        Some(lyon[0].id.clone()),
    )
    .await
    .unwrap();

    for role in Role::ALL {
        let client = site.other_client(role).await;
        for (method, route) in urbis_web::ROUTES {
            let case = case(method, route);
            if case.ends_session {
                continue;
            }
            let response = if *method == "get" {
                client.get(site.other_url(case.path)).send().await.unwrap()
            } else {
                let page = client.get(site.other_url("/login")).send().await.unwrap();
                let token = csrf_of(&page.text().await.unwrap());
                let mut form: Vec<(&str, String)> = case
                    .form
                    .iter()
                    .map(|(k, v)| (*k, v.replace("{role}", "member")))
                    .collect();
                form.push(("csrf", token));
                let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
                client
                    .request(method, site.other_url(case.path))
                    .form(&form)
                    .send()
                    .await
                    .unwrap()
            };
            let status = response.status().as_u16();
            let body = response.text().await.unwrap();
            let what = format!("{method} {route} on the other forum as {role:?}");
            for marker in MEMBERS_MARKERS.iter().chain(STAFF_MARKERS) {
                assert!(!body.contains(marker), "{what} shows {marker}");
            }
            assert!(!body.contains("MARKER-OTHER-STAFF"), "{what}: {body}");
            if role != Role::Staff {
                assert!(!body.contains("MARKER-OTHER-MEMBERS"), "{what}: {body}");
            }
            // What only the first forum's office may do, it may not do here.
            if (case.status)(Role::Member) == 403 && role.email().is_some() {
                assert!(matches!(status, 403 | 404), "{what}: {status}\n{body}");
            }
        }
    }

    let anonymous = site.other_client(Role::Anonymous).await;
    let get = |url: String| {
        let client = anonymous.clone();
        async move {
            let response = client.get(&url).send().await.unwrap();
            (response.status().as_u16(), response.text().await.unwrap())
        }
    };
    // Records of one forum are not found at the other's address, by page, API or calendar.
    assert_eq!(
        get(site.url(&format!("/events/{OTHER_EVENT}"))).await.0,
        404
    );
    assert_eq!(
        get(site.url(&format!("/api/v1/events/{OTHER_EVENT}")))
            .await
            .0,
        404
    );
    assert_eq!(
        get(site.url(&format!("/api/v1/forums/{}", other.id)))
            .await
            .0,
        404
    );
    assert_eq!(
        get(site.other_url(&format!("/events/{PUBLIC_EVENT}")))
            .await
            .0,
        404
    );
    assert_eq!(
        get(site.other_url(&format!("/api/v1/events/{PUBLIC_EVENT}")))
            .await
            .0,
        404
    );
    let (status, page) = get(site.other_url(&format!("/events/{OTHER_EVENT}"))).await;
    assert_eq!(status, 200);
    assert!(page.contains("MARKER-OTHER-EVENT"));
    // Each forum's name, languages and colour: the other offers English only.
    assert!(page.contains("<html lang=\"en\""), "{page}");
    assert!(page.contains(">OF</a>") && page.contains("Other forum"));
    assert!(!page.contains("hreflang=\"de\""));
    let (_, page) = get(site.other_url("/events?lang=de")).await;
    assert!(page.contains("<html lang=\"en\"") && page.contains("MARKER-OTHER-EVENT"));
    assert!(!page.contains("Offenes Webinar") && !page.contains("Open webinar"));
    assert_eq!(get(site.other_url("/brand/colours.css")).await.0, 404);
    let (status, css) = get(site.url("/brand/colours.css")).await;
    assert_eq!((status, css.trim()), (200, ":root { --brand: #1a4f8b; }"));
    // Calendars and feeds link to each forum's own address.
    let (_, ics) = get(site.other_url("/calendar/events.ics")).await;
    assert!(
        ics.contains(&format!("URL:http://of.localhost/events/{OTHER_EVENT}")),
        "{ics}"
    );
    assert!(!ics.contains(PUBLIC_EVENT));
    let (_, ics) = get(site.url("/calendar/events.ics")).await;
    assert!(ics.contains(&format!("URL:http://localhost/events/{PUBLIC_EVENT}")));
    assert!(!ics.contains(OTHER_EVENT));
    let (_, found) = get(site.other_url("/search?q=Lyon")).await;
    assert!(found.contains("MARKER-OTHER-ORG"), "{found}");
    let (_, found) = get(site.url("/search?q=Lyon")).await;
    assert!(!found.contains(OTHER_MARKER));

    // One person, two forums, two roles: office in the first, a member in the second.
    let first = site.client(Role::Staff).await;
    let second = site.other_client(Role::Staff).await;
    let status = |r: reqwest::Response| r.status().as_u16();
    assert_eq!(
        status(first.get(site.url("/admin")).send().await.unwrap()),
        200
    );
    assert_eq!(
        status(second.get(site.other_url("/admin")).send().await.unwrap()),
        403
    );
    let events = second
        .get(site.other_url("/events"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(events.contains("MARKER-OTHER-MEMBERS-EVENT"), "{events}");
    // The installation's admin finds the forums on the back office's start page (the staff
    // do not), creates a forum there, and it is served at once.
    let admin = site.client(Role::Admin).await;
    let start = |client: reqwest::Client| {
        let url = site.url("/admin");
        async move { client.get(url).send().await.unwrap().text().await.unwrap() }
    };
    assert!(
        start(admin.clone())
            .await
            .contains("href=\"/admin/forums\"")
    );
    let staff = site.client(Role::Staff).await;
    assert!(!start(staff).await.contains("href=\"/admin/forums\""));
    let token = csrf(&site, &admin, Role::Admin).await;
    let form = [
        ("short_name", "NF"),
        ("name", "Neues Forum"),
        ("hosts", "nf.localhost"),
        ("languages", "de"),
        ("colour", "#0b3d6e"),
        ("csrf", token.as_str()),
    ];
    let created = admin
        .post(site.url("/admin/forums"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status().as_u16(), 303);
    let list = admin
        .get(site.url("/admin/forums"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        list.contains("<td>NF</td>") && list.contains("nf.localhost"),
        "{list}"
    );
    let address: std::net::SocketAddr = site.base.trim_start_matches("http://").parse().unwrap();
    let port = address.port();
    let visitor = reqwest::Client::builder()
        .resolve("nf.localhost", address)
        .build()
        .unwrap();
    let home = visitor
        .get(format!("http://nf.localhost:{port}/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        home.contains(">NF</a>") && home.contains("Neues Forum"),
        "{home}"
    );
    assert!(home.contains("/brand/colours.css?v=0b3d6e"));

    let member = site.other_client(Role::Member).await;
    let events = member
        .get(site.other_url("/events"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!events.contains("MARKER-OTHER-MEMBERS-EVENT"));
}

urbis_testkit::on_both_databases!(
    every_route_for_every_role,
    members_and_office_see_what_they_may,
    a_second_forum_on_the_same_server_is_walled_off
);
