//! What the benchmark does as a visitor before it measures: logs in through the real form,
//! finds the registration forms and the pages to measure.

use std::net::SocketAddr;

use hyper::{Method, StatusCode};

use crate::load::{first_link, form, hidden_field, links, once};

use crate::{API_LISTS, BenchError, OFFICE_LISTS, REGISTRATION_EVENTS};

/// Logs in through the real form, setting up the second factor where the role asks for one (a
/// key made here, confirmed with its current code); returns the `Cookie` header to send.
pub(crate) async fn log_in(
    addr: SocketAddr,
    email: &str,
    password: &str,
) -> Result<String, BenchError> {
    let fail = |what: &str| BenchError::Setup(format!("logging in as {email}: {what}"));
    let mut jar = Jar::default();
    let page = once(addr, Method::GET, "/login", None, None)
        .await
        .map_err(|e| fail(&e.to_string()))?;
    if page.status != StatusCode::OK {
        return Err(fail(&format!("GET /login answered {}", page.status)));
    }
    jar.take(&page.cookies);
    let csrf =
        hidden_field(&page.body, "csrf").ok_or_else(|| fail("the login page has no CSRF token"))?;
    let body = form(&[
        ("csrf", &csrf),
        ("email", email),
        ("password", password),
        ("next", "/"),
    ]);
    let answer = once(
        addr,
        Method::POST,
        "/login",
        Some(&jar.header()),
        Some(body),
    )
    .await
    .map_err(|e| fail(&e.to_string()))?;
    if !answer.status.is_redirection() {
        return Err(fail(&format!("POST /login answered {}", answer.status)));
    }
    jar.take(&answer.cookies);
    if answer.location.as_deref() == Some(SECOND_FACTOR_SETUP) {
        let setup = once(
            addr,
            Method::GET,
            SECOND_FACTOR_SETUP,
            Some(&jar.header()),
            None,
        )
        .await
        .map_err(|e| fail(&e.to_string()))?;
        jar.take(&setup.cookies);
        let secret = hidden_field(&setup.body, "secret")
            .ok_or_else(|| fail("the second factor page shows no key"))?;
        let csrf = hidden_field(&setup.body, "csrf")
            .ok_or_else(|| fail("the second factor page has no CSRF token"))?;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let code = urbis_app::accounts::second_factor::code_at(&secret, email, now)
            .ok_or_else(|| fail("the key of the second factor page is not a TOTP key"))?;
        let body = form(&[("csrf", &csrf), ("secret", &secret), ("code", &code)]);
        let done = once(
            addr,
            Method::POST,
            SECOND_FACTOR_SETUP,
            Some(&jar.header()),
            Some(body),
        )
        .await
        .map_err(|e| fail(&e.to_string()))?;
        if done.status != StatusCode::OK {
            return Err(fail(&format!(
                "setting up the second factor answered {}",
                done.status
            )));
        }
        jar.take(&done.cookies);
    }
    if !jar.0.iter().any(|c| c.starts_with("urbis_session=")) {
        return Err(fail("no session cookie came back"));
    }
    Ok(jar.header())
}

/// Where the office sets up its second factor.
const SECOND_FACTOR_SETUP: &str = "/account/second-factor";

/// The cookies a client holds, as `name=value`, the newest of each name.
#[derive(Debug, Default)]
struct Jar(Vec<String>);

impl Jar {
    /// Keeps the cookies an answer set.
    fn take(&mut self, set: &[String]) {
        for cookie in set {
            let name = cookie.split('=').next().unwrap_or_default();
            self.0.retain(|c| c.split('=').next() != Some(name));
            self.0.push(cookie.clone());
        }
    }

    /// The `Cookie` header.
    fn header(&self) -> String {
        self.0.join("; ")
    }
}

/// Upcoming events whose page offers guests the registration form (at most
/// [`REGISTRATION_EVENTS`]), with the CSRF cookie and token an anonymous visitor got.
pub(crate) async fn registration_form(
    addr: SocketAddr,
) -> Result<(Vec<String>, String, String), String> {
    // The upcoming events, page by page (the nearest first).
    let mut upcoming = Vec::new();
    for page in 1..=10 {
        let list = once(
            addr,
            Method::GET,
            &format!("/events?when=upcoming&page={page}"),
            None,
            None,
        )
        .await
        .map_err(|e| e.to_string())?;
        let found = links(&list.body, "/events/");
        if list.status != StatusCode::OK || found.is_empty() {
            break;
        }
        upcoming.extend(found);
    }
    let mut events = Vec::new();
    let mut csrf = None;
    for link in upcoming.into_iter().take(200) {
        let page = once(addr, Method::GET, &link, None, None)
            .await
            .map_err(|e| e.to_string())?;
        let action = format!("action=\"{link}/register\"");
        if page.status != StatusCode::OK || !page.body.contains(&action) {
            continue;
        }
        let cookie = page
            .cookies
            .iter()
            .find(|c| c.starts_with("urbis_csrf="))
            .cloned();
        if let (Some(cookie), Some(token)) = (cookie, hidden_field(&page.body, "csrf")) {
            csrf.get_or_insert((cookie, token));
        }
        events.push(link.trim_start_matches("/events/").to_owned());
        if events.len() == REGISTRATION_EVENTS {
            break;
        }
    }
    let (cookie, token) =
        csrf.ok_or_else(|| "no upcoming event offers guests the registration form".to_owned())?;
    Ok((events, cookie, token))
}

/// The pages to measure, as (viewer, path): those of the list, and one event page (linked from
/// the event list) and one topic page (linked from the home page, where the topics are listed),
/// that answer 200; and the ones skipped, with what they answered.
pub(crate) async fn pages(
    addr: SocketAddr,
    member: &str,
    staff: &str,
) -> (Vec<(String, String)>, Vec<String>) {
    let mut paths: Vec<String> = ["/", "/members", "/collections", "/events"]
        .map(str::to_owned)
        .to_vec();
    for (list, prefix) in [("/events", "/events/"), ("/", "/topics/")] {
        let mut link = None;
        for source in [list, "/"] {
            if let Ok(answer) = once(addr, Method::GET, source, Some(member), None).await
                && answer.status == StatusCode::OK
            {
                link = first_link(&answer.body, prefix);
                if link.is_some() {
                    break;
                }
            }
        }
        match link {
            Some(link) => paths.push(link),
            None => paths.push(format!("{prefix}{{id}}")),
        }
    }
    let mut pages = Vec::new();
    let mut skipped = Vec::new();
    for viewer in ["anonymous", "member"] {
        for path in &paths {
            if path.ends_with("{id}") {
                if viewer == "anonymous" {
                    skipped.push(format!("{path}: no link to one found"));
                }
                continue;
            }
            let cookie = (viewer == "member").then_some(member);
            match once(addr, Method::GET, path, cookie, None).await {
                Ok(answer) if answer.status == StatusCode::OK => {
                    pages.push((viewer.to_owned(), path.clone()));
                }
                Ok(answer) => skipped.push(format!("{path} as {viewer}: {}", answer.status)),
                Err(error) => skipped.push(format!("{path} as {viewer}: {error}")),
            }
        }
    }
    let others = API_LISTS
        .iter()
        .map(|&path| ("member", member, path))
        .chain(OFFICE_LISTS.iter().map(|&path| ("staff", staff, path)));
    for (viewer, cookie, path) in others {
        match once(addr, Method::GET, path, Some(cookie), None).await {
            Ok(answer) if answer.status == StatusCode::OK => {
                pages.push((viewer.to_owned(), path.to_owned()));
            }
            Ok(answer) => skipped.push(format!("{path} as {viewer}: {}", answer.status)),
            Err(error) => skipped.push(format!("{path} as {viewer}: {error}")),
        }
    }
    (pages, skipped)
}
