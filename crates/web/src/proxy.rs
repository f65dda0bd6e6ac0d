//! What the proxies in front may tell urbis, and the request id every answer carries.
//!
//! `X-Forwarded-For`, `X-Forwarded-Host`, `X-Forwarded-Proto` and an incoming `X-Request-Id`
//! are believed only from a connection whose address is one of `Security.trusted_proxies`
//! (`--trusted-proxies`, `URBIS_TRUSTED_PROXIES`). From anyone else they are removed before any
//! handler runs, so nothing downstream can read a forged one. Absolute links (mails, feeds,
//! calendars) never come from these headers: they are the configured base URL (`URBIS_BASE_URL`)
//! and the forum's host names; a trusted `X-Forwarded-Host` only picks which forum is addressed.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::accounts::client_address;
use crate::state::AppState;

/// The header naming a request, taken from a trusted proxy or made here, echoed in the answer.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

const FORWARDED_HOST: HeaderName = HeaderName::from_static("x-forwarded-host");
const FORWARDED_PROTO: HeaderName = HeaderName::from_static("x-forwarded-proto");
const FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");

/// Who sent a request, as throttles and the request log name it: the connection's address,
/// or behind trusted proxies the client they name.
#[derive(Debug, Clone)]
pub struct Peer {
    /// The client's address, when known.
    pub client: Option<IpAddr>,
}

/// An id a proxy may hand on: 1 to 128 visible ASCII characters.
fn usable_id(value: &HeaderValue) -> bool {
    let bytes = value.as_bytes();
    !bytes.is_empty() && bytes.len() <= 128 && bytes.iter().all(u8::is_ascii_graphic)
}

/// A host name with an optional port, as a `Host` header may carry it; the first of a list.
fn usable_host(value: &HeaderValue) -> Option<HeaderValue> {
    let first = value.to_str().ok()?.split(',').next()?.trim();
    let fine = !first.is_empty()
        && first.len() <= 253
        && first
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b));
    fine.then(|| HeaderValue::from_str(first).ok()).flatten()
}

/// Runs first on every request: decides whether the connection is a trusted proxy, drops the
/// forwarding headers of anyone else, lets a trusted `X-Forwarded-Host` name the host, gives
/// the request its id (a trusted proxy's `X-Request-Id`, else a new one) and echoes it.
pub async fn trust(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    let trusted_proxies = &state.security.trusted_proxies;
    let trusted = peer.is_some_and(|ip| trusted_proxies.iter().any(|net| net.contains(&ip)));
    let client = client_address(peer, request.headers(), trusted_proxies);
    let headers = request.headers_mut();
    let given = headers
        .get(&REQUEST_ID)
        .filter(|v| trusted && usable_id(v))
        .cloned();
    if trusted {
        if let Some(host) = headers.get(&FORWARDED_HOST).and_then(usable_host) {
            headers.insert(header::HOST, host);
        }
    } else {
        for name in [&FORWARDED_FOR, &FORWARDED_HOST, &FORWARDED_PROTO] {
            headers.remove(name);
        }
    }
    let id = given.unwrap_or_else(|| {
        HeaderValue::from_str(urbis_domain::Id::new().as_str())
            .unwrap_or_else(|_| HeaderValue::from_static("-"))
    });
    headers.insert(REQUEST_ID, id.clone());
    request.extensions_mut().insert(Peer { client });
    let mut response = next.run(request).await;
    response.headers_mut().insert(REQUEST_ID, id);
    response
}

/// The log span of a request: method, path, request id and client address, so that every
/// line logged while it is answered names them.
pub fn span(request: &Request) -> tracing::Span {
    let id = request
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let client = request
        .extensions()
        .get::<Peer>()
        .and_then(|p| p.client)
        .map(|ip| ip.to_string())
        .unwrap_or_default();
    tracing::info_span!(
        "request",
        method = %request.method(),
        path = %request.uri().path(),
        request_id = %id,
        client = %client,
    )
}

#[cfg(test)]
mod tests {
    use super::{usable_host, usable_id};
    use axum::http::HeaderValue;

    #[test]
    fn only_plain_ids_and_hosts_are_taken() {
        assert!(usable_id(&HeaderValue::from_static("abc-123")));
        assert!(!usable_id(&HeaderValue::from_static("")));
        assert!(!usable_id(&HeaderValue::from_static("a b")));
        assert!(!usable_id(
            &HeaderValue::from_str(&"x".repeat(129)).unwrap()
        ));
        assert_eq!(
            usable_host(&HeaderValue::from_static("forum.example, proxy.internal")),
            Some(HeaderValue::from_static("forum.example"))
        );
        assert_eq!(
            usable_host(&HeaderValue::from_static("[::1]:8080")),
            Some(HeaderValue::from_static("[::1]:8080"))
        );
        assert_eq!(usable_host(&HeaderValue::from_static("evil/x")), None);
        assert_eq!(usable_host(&HeaderValue::from_static("")), None);
    }
}
