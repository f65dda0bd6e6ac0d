//! What every request carries before a handler runs: the reader's language and the CSRF token;
//! and the checks and headers that guard every response (CSRF on state-changing requests,
//! security headers).

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_TYPE, SET_COOKIE};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use urbis_domain::Lang;

use crate::error::{ErrorMessage, WebError};
use crate::i18n;
use crate::pages::error_page;
use crate::state::AppState;

/// The cookie that remembers the reader's language.
pub const LANG_COOKIE: &str = "urbis_lang";
/// The cookie with the CSRF token (double-submit: forms repeat it in the field `csrf`).
pub const CSRF_COOKIE: &str = "urbis_csrf";
/// The most a form body may be.
pub const FORM_LIMIT: usize = 256 * 1024;

/// The operator's routes the guard lets through untouched: liveness, readiness, metrics.
const UNGUARDED: &[&str] = &["/healthz", "/readyz", "/metrics"];

/// The language and CSRF token of the current request, for handlers and templates.
#[derive(Debug, Clone)]
pub struct RequestContext {
    /// The reader's language.
    pub lang: Lang,
    /// The token every form repeats.
    pub csrf: String,
    /// True when the request carries a session cookie (a page for it is never shared).
    pub has_session: bool,
}

fn query_value(query: Option<&str>, name: &str) -> Option<String> {
    form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// Compares two secrets in time that does not depend on where they differ.
pub(crate) fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Decides language and CSRF token, refuses state-changing requests without the right token,
/// sets the cookies and the security headers.
pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    // The probes and the metrics need no forum, language or cookie, and must answer while
    // the database does not (the forums are read from it).
    if UNGUARDED.contains(&request.uri().path()) {
        return next.run(request).await;
    }
    let jar = CookieJar::from_headers(request.headers());
    let query_lang = query_value(request.uri().query(), "lang");
    let api = crate::api::is_api(request.uri().path());
    let site = match state.sites().await {
        Ok(sites) => sites.resolve(request.headers()),
        Err(error) => {
            let lang = i18n::choose(
                query_lang.as_deref(),
                jar.get(LANG_COOKIE).map(Cookie::value),
                request.headers(),
                &i18n::UI_LANGS,
            );
            return secure(refuse(error, api, lang), &state);
        }
    };
    let lang = i18n::choose(
        query_lang.as_deref(),
        jar.get(LANG_COOKIE).map(Cookie::value),
        request.headers(),
        &site.langs,
    );
    let existing = jar
        .get(CSRF_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| v.len() == 43);
    let csrf = match &existing {
        Some(token) => token.clone(),
        None => urbis_app::accounts::secrets::new_token().unwrap_or_default(),
    };

    let has_session = jar.get(crate::visitor::SESSION_COOKIE).is_some();
    // Assets are the same for everyone: cacheable, without cookies.
    let is_asset = request.uri().path().starts_with(crate::assets::PREFIX);
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    // An API request that authenticates by its Authorization header is judged by that header
    // alone (never by its cookies), so it needs no CSRF token (a browser cannot be made to
    // send that header to another site); nor does one without a session, which writes nothing.
    let api_token = api && (request.headers().contains_key(header::AUTHORIZATION) || !has_session);
    let request = if safe || api_token {
        request
    } else {
        match check_csrf(request, existing.as_deref()).await {
            Ok(request) => request,
            Err(error) => return secure(refuse(error, api, lang), &state),
        }
    };
    let mut request = request;
    let offered = query_lang.filter(|q| Lang::parse(q).is_some_and(|l| site.langs.contains(&l)));
    request.extensions_mut().insert(site);
    request.extensions_mut().insert(RequestContext {
        lang,
        csrf: csrf.clone(),
        has_session,
    });
    let machine = is_machine(request.uri().path());
    let mut response = next.run(request).await;
    if api {
        response = crate::api::problem::finish(response);
    } else if !machine {
        response = page_of_error(response, lang);
    }
    let secure_cookies = state.secure_cookies;
    if existing.is_none() && !is_asset {
        add_cookie(
            &mut response,
            cookie(CSRF_COOKIE, csrf, secure_cookies, None),
        );
    }
    if has_session && !is_asset {
        // Pages for a logged-in person never land in a shared or browser cache.
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if let Some(code) = offered {
        add_cookie(
            &mut response,
            cookie(LANG_COOKIE, code, secure_cookies, Some(365)),
        );
    }
    secure(response, &state)
}

/// The refusal of a request before any handler ran: a problem for the API, else the error
/// page.
fn refuse(error: WebError, api: bool, lang: Lang) -> Response {
    if api {
        crate::api::problem::finish(crate::api::problem::ApiError(error).into_response())
    } else {
        page_of_error(error.into_response(), lang)
    }
}

/// Addresses read by machines (probes, Prometheus), whose answers stay plain text.
fn is_machine(path: &str) -> bool {
    matches!(path, "/healthz" | "/readyz" | "/metrics")
}

/// The error page in the reader's language for an error answer that is no page: one that
/// carries its error's message ([`WebError`]'s answer), or a bare error status (the router's
/// 405, an extractor's rejection). Pages a handler rendered with an error status (a form
/// with its problems beside the fields) pass unchanged, and so does every other answer.
fn page_of_error(response: Response, lang: Lang) -> Response {
    let status = response.status();
    let message = match response.extensions().get::<ErrorMessage>() {
        Some(ErrorMessage(message)) => *message,
        None if status.is_client_error() || status.is_server_error() => {
            let is_page = response
                .headers()
                .get(CONTENT_TYPE)
                .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
            if is_page {
                return response;
            }
            WebError::from_status(status).answer().message
        }
        None => return response,
    };
    let mut page = error_page(status, lang, message);
    for name in [header::RETRY_AFTER, header::ALLOW] {
        if let Some(value) = response.headers().get(&name) {
            page.headers_mut().insert(name, value.clone());
        }
    }
    page
}

/// Builds a cookie the way urbis sets all of them: HttpOnly, SameSite=Lax, path /, Secure
/// when the site runs behind TLS.
pub fn cookie(
    name: &'static str,
    value: String,
    secure: bool,
    days: Option<i64>,
) -> Cookie<'static> {
    let mut cookie = Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure);
    if let Some(days) = days {
        cookie = cookie.max_age(cookie::time::Duration::days(days));
    }
    cookie.build()
}

/// Adds a `Set-Cookie` header to a response.
pub fn add_cookie(response: &mut Response, cookie: Cookie<'static>) {
    if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
        response.headers_mut().append(SET_COOKIE, value);
    }
}

async fn check_csrf(request: Request, cookie: Option<&str>) -> Result<Request, WebError> {
    let Some(expected) = cookie else {
        return Err(WebError::Csrf);
    };
    let header_token = request
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| query_value(request.uri().query(), "csrf"));
    if let Some(token) = header_token {
        return if same(&token, expected) {
            Ok(request)
        } else {
            Err(WebError::Csrf)
        };
    }
    let is_form = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(WebError::Csrf);
    }
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, FORM_LIMIT)
        .await
        .map_err(|_| WebError::TooLarge)?;
    let token = form_urlencoded::parse(&bytes)
        .find(|(key, _)| key == "csrf")
        .map(|(_, value)| value.into_owned());
    match token {
        Some(token) if same(&token, expected) => Ok(Request::from_parts(parts, Body::from(bytes))),
        _ => Err(WebError::Csrf),
    }
}

/// The content security policy: only the site's own files, no inline script or style — except
/// the annual report's one inline stylesheet (a report saved from the browser stands alone),
/// allowed by its hash.
static CSP: std::sync::LazyLock<HeaderValue> = std::sync::LazyLock::new(|| {
    use base64::Engine;
    use sha2::Digest;
    let report_style = base64::engine::general_purpose::STANDARD
        .encode(sha2::Sha256::digest(urbis_report::html::STYLE.as_bytes()));
    let policy = format!(
        "default-src 'self'; script-src 'self'; style-src 'self' 'sha256-{report_style}'; \
         img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    );
    HeaderValue::from_str(&policy)
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
});

/// The security headers of every response: a CSP without inline script or style, no framing,
/// no MIME sniffing, a strict referrer policy, HSTS behind TLS.
fn secure(mut response: Response, state: &AppState) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, CSP.clone());
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    if state.secure_cookies {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}
