//! The HTTP side of the benchmark: single requests (probes, the login) and the load generator,
//! on hyper's HTTP/1.1 client over keep-alive connections to loopback addresses only.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::SendRequest;
use hyper::{Method, Request, StatusCode, header};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

/// Why a request could not be made.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The target is not a loopback address: the benchmark sends traffic to this machine only.
    #[error("{0} is not a loopback address; the benchmark only talks to this machine")]
    NotLoopback(SocketAddr),
    /// Connecting or talking to the server failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// HTTP failed.
    #[error("HTTP: {0}")]
    Http(#[from] hyper::Error),
    /// A request could not be built.
    #[error("request: {0}")]
    Request(#[from] hyper::http::Error),
    /// No answer in time.
    #[error("no answer within {0:?}")]
    Timeout(Duration),
}

/// One answer, read whole.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The status.
    pub status: StatusCode,
    /// Every `Set-Cookie` as `name=value`.
    pub cookies: Vec<String>,
    /// Where a redirect points.
    pub location: Option<String>,
    /// The body as text (lossy).
    pub body: String,
}

/// A keep-alive HTTP/1.1 connection to a loopback server.
pub struct Connection {
    sender: SendRequest<Full<Bytes>>,
    host: String,
}

impl Connection {
    /// Connects; refuses any address that is not loopback.
    pub async fn open(addr: SocketAddr) -> Result<Self, LoadError> {
        if !addr.ip().is_loopback() {
            return Err(LoadError::NotLoopback(addr));
        }
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        let (sender, connection) =
            hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
        tokio::spawn(async move {
            // The connection ends when the sender is dropped or the server closes it.
            let _ = connection.await;
        });
        Ok(Self {
            sender,
            host: addr.to_string(),
        })
    }

    /// Sends one request and reads the answer through, keeping only its status: what a load
    /// run needs, without spending the shared processor on the page's text.
    pub async fn status_of(
        &mut self,
        method: Method,
        path: &str,
        cookie: Option<&str>,
        form: Option<String>,
    ) -> Result<StatusCode, LoadError> {
        let response = self.exchange(method, path, cookie, form).await?;
        let status = response.status();
        let mut body = response.into_body();
        while let Some(frame) = body.frame().await {
            frame?;
        }
        Ok(status)
    }

    /// Sends one request and reads the whole answer.
    pub async fn send(
        &mut self,
        method: Method,
        path: &str,
        cookie: Option<&str>,
        form: Option<String>,
    ) -> Result<Answer, LoadError> {
        let response = self.exchange(method, path, cookie, form).await?;
        let status = response.status();
        let cookies = response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .map(str::to_owned)
            .collect();
        let location = response
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = response.into_body().collect().await?.to_bytes();
        Ok(Answer {
            status,
            cookies,
            location,
            body: String::from_utf8_lossy(&body).into_owned(),
        })
    }

    /// Sends one request; the answer's body is still to be read.
    async fn exchange(
        &mut self,
        method: Method,
        path: &str,
        cookie: Option<&str>,
        form: Option<String>,
    ) -> Result<hyper::Response<hyper::body::Incoming>, LoadError> {
        let mut builder = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, &self.host)
            .header(header::ACCEPT, "text/html")
            .header(header::USER_AGENT, "urbis-bench");
        if let Some(cookie) = cookie {
            builder = builder.header(header::COOKIE, cookie);
        }
        let body = match form {
            Some(form) => {
                builder = builder.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                Full::new(Bytes::from(form))
            }
            None => Full::new(Bytes::new()),
        };
        let request = builder.body(body)?;
        self.sender.ready().await?;
        Ok(self.sender.send_request(request).await?)
    }
}

/// One request on a fresh connection, with a time limit.
pub async fn once(
    addr: SocketAddr,
    method: Method,
    path: &str,
    cookie: Option<&str>,
    form: Option<String>,
) -> Result<Answer, LoadError> {
    let limit = Duration::from_secs(30);
    tokio::time::timeout(limit, async {
        let mut connection = Connection::open(addr).await?;
        connection.send(method, path, cookie, form).await
    })
    .await
    .map_err(|_| LoadError::Timeout(limit))?
}

/// What each request of a run asks for.
#[derive(Debug, Clone)]
pub enum Plan {
    /// `GET` these pages in turn (one for a single page).
    Get(Vec<String>),
    /// Register a new guest, each request another, for these events in turn: a form post to
    /// `/events/{id}/register` with the client's CSRF token (`tag` keeps the guests of one run
    /// apart from those of the others).
    Register {
        /// The events' ids.
        events: Vec<String>,
        /// The CSRF token that matches the `urbis_csrf` cookie sent along.
        csrf: String,
        /// Part of every guest's address, unique per run.
        tag: String,
    },
}

impl Plan {
    /// The `n`th request: method, path and form body.
    pub fn request(&self, n: u64) -> (Method, String, Option<String>) {
        let pick = |list: &[String]| list[(n % list.len().max(1) as u64) as usize].clone();
        match self {
            Self::Get(paths) => (Method::GET, pick(paths), None),
            Self::Register { events, csrf, tag } => {
                let email = format!("bench-{tag}-{n}@example.org");
                let name = format!("Bench Guest {n}");
                let body = form(&[
                    ("csrf", csrf),
                    ("name", &name),
                    ("email", &email),
                    ("consent", "yes"),
                ]);
                let path = format!("/events/{}/register", pick(events));
                (Method::POST, path, Some(body))
            }
        }
    }

    /// True for an answer that is a correct outcome of the plan: a page shown, a guest
    /// registered or put on the waiting list, or told that the event is full (409, when it
    /// has no waiting list: the registration was decided, under the same lock).
    pub fn answered(&self, status: StatusCode) -> bool {
        status == StatusCode::OK
            || (matches!(self, Self::Register { .. }) && status == StatusCode::CONFLICT)
    }

    /// How the run is named in the report.
    pub fn label(&self) -> String {
        match self {
            Self::Get(paths) if paths.len() == 1 => paths[0].clone(),
            Self::Get(paths) => format!("{} (and {} more)", paths[0], paths.len() - 1),
            Self::Register { events, .. } => {
                format!("POST /events/{{id}}/register ({} events)", events.len())
            }
        }
    }
}

/// What one load run is.
#[derive(Debug, Clone)]
pub struct Load {
    /// The server.
    pub addr: SocketAddr,
    /// What the requests ask for.
    pub plan: Plan,
    /// The `Cookie` header (a logged-in member), if any.
    pub cookie: Option<String>,
    /// Concurrent clients, each on its own keep-alive connection, one request at a time.
    pub clients: usize,
    /// How long the run lasts.
    pub duration: Duration,
    /// The most requests the run sends in all, whatever the time.
    pub max_requests: u64,
}

/// What one load run measured.
#[derive(Debug, Clone, Default)]
pub struct Measured {
    /// Latencies of the successful (200) requests, in microseconds, sorted.
    pub latencies: Vec<u32>,
    /// Requests that failed or answered other than 200.
    pub errors: u64,
    /// The first error seen, to say what went wrong.
    pub first_error: Option<String>,
    /// Wall time from the first request to the last answer.
    pub elapsed: Duration,
}

/// Runs `load.clients` clients against one page until the time is up or the request budget is
/// spent, whichever comes first.
pub async fn run(load: &Load) -> Measured {
    let budget = Arc::new(AtomicU64::new(load.max_requests));
    let started = Instant::now();
    let deadline = tokio::time::Instant::now() + load.duration;
    let mut tasks = Vec::with_capacity(load.clients);
    for _ in 0..load.clients {
        let load = load.clone();
        let budget = Arc::clone(&budget);
        tasks.push(tokio::spawn(async move {
            client(&load, &budget, deadline).await
        }));
    }
    let mut total = Measured::default();
    for task in tasks {
        match task.await {
            Ok(part) => {
                total.latencies.extend(part.latencies);
                total.errors += part.errors;
                if total.first_error.is_none() {
                    total.first_error = part.first_error;
                }
            }
            Err(error) => {
                total.errors += 1;
                total.first_error.get_or_insert_with(|| error.to_string());
            }
        }
    }
    total.elapsed = started.elapsed();
    total.latencies.sort_unstable();
    total
}

/// One client: a keep-alive connection, one request after the other, a new connection after an
/// error.
async fn client(load: &Load, budget: &AtomicU64, deadline: tokio::time::Instant) -> Measured {
    let mut measured = Measured::default();
    let mut connection: Option<Connection> = None;
    // The request's number: what is left of the budget before this one.
    let take = || {
        budget
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
            .ok()
    };
    while tokio::time::Instant::now() < deadline
        && let Some(n) = take()
    {
        let (method, path, body) = load.plan.request(n);
        let sent = Instant::now();
        let attempt = tokio::time::timeout_at(deadline + Duration::from_secs(5), async {
            if connection.is_none() {
                connection = Some(Connection::open(load.addr).await?);
            }
            match connection.as_mut() {
                Some(c) => {
                    c.status_of(method, &path, load.cookie.as_deref(), body)
                        .await
                }
                None => Err(LoadError::Timeout(Duration::ZERO)),
            }
        })
        .await;
        let failure = match attempt {
            Ok(Ok(status)) if load.plan.answered(status) => {
                let micros = sent.elapsed().as_micros();
                measured
                    .latencies
                    .push(u32::try_from(micros).unwrap_or(u32::MAX));
                None
            }
            Ok(Ok(status)) => Some(format!("{path} answered {status}")),
            Ok(Err(error)) => {
                connection = None;
                Some(error.to_string())
            }
            Err(_) => {
                connection = None;
                Some(format!("{path} did not answer in time"))
            }
        };
        if let Some(failure) = failure {
            measured.errors += 1;
            measured.first_error.get_or_insert(failure);
        }
    }
    measured
}

/// The value of a hidden form field `name` in a page (`<input … name="csrf" value="…">`).
pub fn hidden_field(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\"");
    let at = html.find(&marker)?;
    let tag_start = html[..at].rfind('<')?;
    let tag_end = at + html[at..].find('>')?;
    let tag = &html[tag_start..tag_end];
    let value_at = tag.find("value=\"")? + "value=\"".len();
    let value_end = value_at + tag[value_at..].find('"')?;
    Some(tag[value_at..value_end].to_owned())
}

/// The first link in a page whose address starts with `prefix` and goes one level deeper
/// (`/events/` → `/events/0190…`).
pub fn first_link(html: &str, prefix: &str) -> Option<String> {
    links(html, prefix).into_iter().next()
}

/// Every link in a page whose address starts with `prefix` and goes one level deeper, in
/// order, each once.
pub fn links(html: &str, prefix: &str) -> Vec<String> {
    let marker = format!("href=\"{prefix}");
    let mut found: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&marker) {
        let start = at + "href=\"".len();
        let Some(length) = rest[start..].find('"') else {
            break;
        };
        let end = start + length;
        let link = &rest[start..end];
        let tail = &link[prefix.len()..];
        if !tail.is_empty() && !tail.contains(['/', '?', '#']) && !found.iter().any(|l| l == link) {
            found.push(link.to_owned());
        }
        rest = &rest[end..];
    }
    found
}

/// Form-encodes pairs (`a=b&c=d`), escaping what needs it.
pub fn form(pairs: &[(&str, &str)]) -> String {
    let escape = |text: &str| {
        let mut out = String::new();
        for byte in text.bytes() {
            match byte {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    out.push(char::from(byte));
                }
                b' ' => out.push('+'),
                _ => out.push_str(&format!("%{byte:02X}")),
            }
        }
        out
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", escape(k), escape(v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_hidden_field_in_either_attribute_order() {
        let html = r#"<form><input type="hidden" name="csrf" value="abc123"><input name="next" value=""></form>"#;
        assert_eq!(hidden_field(html, "csrf").as_deref(), Some("abc123"));
        let swapped = r#"<input value="xyz" type="hidden" name="csrf">"#;
        assert_eq!(hidden_field(swapped, "csrf").as_deref(), Some("xyz"));
        assert_eq!(hidden_field(html, "token"), None);
    }

    #[test]
    fn finds_the_first_detail_link() {
        let html = r#"<a href="/events">all</a> <a href="/events/?page=2">2</a> <a href="/events/0190-ab">one</a>"#;
        assert_eq!(
            first_link(html, "/events/").as_deref(),
            Some("/events/0190-ab")
        );
        assert_eq!(first_link(html, "/topics/"), None);
    }

    #[test]
    fn finds_every_detail_link_once() {
        let html = r#"<a href="/events/a">a</a> <a href="/events/b">b</a> <a href="/events/a">a</a> <a href="/events/b/ics">ics</a>"#;
        assert_eq!(links(html, "/events/"), ["/events/a", "/events/b"]);
    }

    #[test]
    fn registrations_are_new_guests_for_the_events_in_turn() {
        let plan = Plan::Register {
            events: vec!["e1".into(), "e2".into()],
            csrf: "t".into(),
            tag: "run".into(),
        };
        let (method, path, body) = plan.request(7);
        assert_eq!(method, Method::POST);
        assert_eq!(path, "/events/e2/register");
        let body = body.unwrap_or_default();
        assert!(body.contains("email=bench-run-7%40example.org"), "{body}");
        assert!(body.starts_with("csrf=t&"), "{body}");
        assert_eq!(plan.request(8).1, "/events/e1/register");
        assert_ne!(plan.request(8).2, plan.request(10).2);
        let pages = Plan::Get(vec!["/a".into(), "/b".into()]);
        assert_eq!(pages.request(3).1, "/b");
        assert_eq!(pages.label(), "/a (and 1 more)");
    }

    #[test]
    fn encodes_a_form() {
        assert_eq!(
            form(&[("email", "a+b@example.org"), ("password", "x y&z")]),
            "email=a%2Bb%40example.org&password=x+y%26z"
        );
    }

    #[tokio::test]
    async fn refuses_addresses_off_this_machine() {
        let addr: SocketAddr = "192.0.2.1:80".parse().unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            Connection::open(addr).await,
            Err(LoadError::NotLoopback(_))
        ));
    }
}
