//! Pages of accounts: logging in and out, the second factor, the own account, passwords.

pub mod account;
pub mod admin;
pub mod api_tokens;
pub mod audit;
pub mod gate;
pub mod login;
pub mod password;
pub mod privacy;
pub mod second_factor;

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use ipnet::IpNet;

use crate::state::AppState;

/// The client's network address, for throttling and the session list, when the server knows
/// it: the connection's address, or — when that is a trusted proxy — the address the proxies
/// name in `X-Forwarded-For`.
#[derive(Debug, Clone)]
pub struct ClientAddress(pub Option<String>);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(peer) = parts.extensions.get::<crate::proxy::Peer>() {
            return Ok(ClientAddress(peer.client.map(|ip| ip.to_string())));
        }
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip());
        Ok(ClientAddress(
            client_address(peer, &parts.headers, &state.security.trusted_proxies)
                .map(|ip| ip.to_string()),
        ))
    }
}

/// The client behind `peer`: `peer` itself unless it is a trusted proxy; then the last address
/// of `X-Forwarded-For` that is not a trusted proxy (each proxy appends the address it was
/// reached from, so what stands before the first untrusted one may be forged). `None` when a
/// trusted proxy names no client, or names it unreadably: throttling by the proxy's own
/// address would lock out everyone behind it.
pub fn client_address(
    peer: Option<IpAddr>,
    headers: &HeaderMap,
    trusted: &[IpNet],
) -> Option<IpAddr> {
    let peer = peer?;
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return Some(peer);
    }
    let values: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .map(|v| v.to_str().ok())
        .collect::<Option<_>>()?;
    for hop in values.iter().rev().flat_map(|v| v.rsplit(',')) {
        let ip: IpAddr = hop.trim().parse().ok()?;
        if !is_trusted(&ip) {
            return Some(ip);
        }
    }
    None
}

/// The browser's user agent, for the session list.
pub fn user_agent(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// A local path to return to after login; anything else goes to the account page. Refused:
/// whatever does not start with one `/`, and any backslash, whitespace or control character
/// (browsers drop tabs and line breaks and read `\\` as `/`, so `/\t/evil.example` would
/// lead to another site, and a line break cannot stand in a header).
pub fn local_path(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path
                    .chars()
                    .any(|c| c == '\\' || c.is_whitespace() || c.is_control()) =>
        {
            path.to_owned()
        }
        _ => "/account".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::{client_address, local_path};
    use axum::http::{HeaderMap, HeaderValue};

    #[test]
    fn forwarded_addresses_count_only_from_trusted_proxies() {
        let trusted = vec![
            "10.0.0.0/8".parse().unwrap(),
            "127.0.0.1/32".parse().unwrap(),
        ];
        let mut headers = HeaderMap::new();
        headers.append(
            "x-forwarded-for",
            HeaderValue::from_static("6.6.6.6, 203.0.113.7"),
        );
        headers.append("x-forwarded-for", HeaderValue::from_static("10.1.2.3"));
        let peer = |ip: &str| Some(ip.parse().unwrap());
        // A stranger's header is ignored: the connection is the client.
        assert_eq!(
            client_address(peer("198.51.100.1"), &headers, &trusted),
            peer("198.51.100.1")
        );
        // Behind the proxies: the last hop no proxy of ours is (the first one is forgeable).
        assert_eq!(
            client_address(peer("10.0.0.2"), &headers, &trusted),
            peer("203.0.113.7")
        );
        // A trusted proxy naming nobody (or nonsense) gives no address, never its own.
        assert_eq!(
            client_address(peer("10.0.0.2"), &HeaderMap::new(), &trusted),
            None
        );
        let mut bad = HeaderMap::new();
        bad.append(
            "x-forwarded-for",
            HeaderValue::from_static("not an address"),
        );
        assert_eq!(client_address(peer("127.0.0.1"), &bad, &trusted), None);
        // Without trusted proxies the header never counts.
        assert_eq!(
            client_address(peer("10.0.0.2"), &headers, &[]),
            peer("10.0.0.2")
        );
    }

    #[test]
    fn only_plain_local_paths_are_returned_to() {
        assert_eq!(local_path(Some("/collections?x=1")), "/collections?x=1");
        for bad in [
            "//evil.example",
            "/\t/evil.example",
            "/\n/x",
            "/\r/x",
            "/\\evil.example",
            "\\/evil.example",
            "https://evil.example",
            "/ /evil.example",
            "/\u{0}x",
            "/\u{2028}x",
            "",
        ] {
            assert_eq!(local_path(Some(bad)), "/account", "{bad:?}");
        }
        assert_eq!(local_path(None), "/account");
    }
}
