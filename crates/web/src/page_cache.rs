//! Public pages kept once rendered for anonymous visitors: every anonymous visitor of a forum
//! sees the same page in the same language, so rendering it anew for each of them is needless
//! work. A kept page is served only while nothing can have changed it: no write transaction of
//! this process has ended since (`Store::write_generation`), the search index has applied no
//! change from another process or node, and it is younger than [`FRESH_FOR`] (what depends on
//! the clock, such as "upcoming" or "registration closed", and writes of other nodes the index
//! has not seen yet). The visitor's own CSRF token is put into each copy, so forms still work.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes, HttpBody, to_bytes};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use lru::LruCache;
use urbis_app::one_at_a_time::OneAtATime;
use urbis_domain::{Id, Lang};

use crate::context::RequestContext;
use crate::site::ForumSite;
use crate::state::AppState;

/// How long a kept page may be served at most.
pub const FRESH_FOR: Duration = Duration::from_secs(1);
/// The most bytes of pages kept by default (the least recently used go first).
pub const BUDGET: usize = 8 * 1024 * 1024;
/// A larger page is not kept.
const LARGEST: usize = 1024 * 1024;
/// What a kept page costs beyond its body (its address, headers, bookkeeping), for the budget.
const OVERHEAD: usize = 512;

/// The routes whose pages depend only on the forum, the language, the address and the store:
/// the public pages, lists, feeds and calendars. Not: anything personal (tokens in the
/// address), writes, the back office, the API, files.
const KEPT_ROUTES: &[&str] = &[
    "/",
    "/about",
    "/members",
    "/members/{id}",
    "/collections",
    "/events",
    "/events/{id}",
    "/series/{id}",
    "/advocacy",
    "/projects",
    "/projects/{id}",
    "/portal",
    "/portal/publications/{id}",
    "/portal/calls/{id}",
    "/topics/{slug}",
    "/search",
    "/feeds/{file}",
    "/feeds/topics/{file}",
    "/calendar/events.ics",
    "/calendar/topics/{file}",
    "/calendar/series/{file}",
];

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    forum: Id,
    lang: Lang,
    uri: String,
}

/// What the store and the index looked like when a page was rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Version {
    writes: u64,
    applied: Option<i64>,
}

impl Version {
    /// The store and the index as they are now.
    fn now(state: &AppState) -> Self {
        Self {
            writes: state.app.write_generation(),
            applied: state.search.applied(),
        }
    }
}

#[derive(Debug)]
struct Page {
    made: Instant,
    version: Version,
    headers: HeaderMap,
    body: Bytes,
    /// Where the CSRF token of the visitor it was rendered for stands in the body.
    csrf_at: Vec<usize>,
    csrf_len: usize,
}

impl Page {
    fn cost(&self, key: &Key) -> usize {
        self.body.len() + key.uri.len() + OVERHEAD
    }

    /// The page as an answer to a visitor with this CSRF token.
    fn answer(&self, csrf: &str) -> Response {
        let body = if self.csrf_at.is_empty() {
            self.body.clone()
        } else {
            let mut body = Vec::with_capacity(self.body.len());
            let mut from = 0;
            for &at in &self.csrf_at {
                body.extend_from_slice(&self.body[from..at]);
                body.extend_from_slice(csrf.as_bytes());
                from = at + self.csrf_len;
            }
            body.extend_from_slice(&self.body[from..]);
            Bytes::from(body)
        };
        let mut response = Response::new(Body::from(body));
        *response.headers_mut() = self.headers.clone();
        response
    }
}

#[derive(Debug)]
struct Kept {
    pages: LruCache<Key, Arc<Page>>,
    bytes: usize,
}

/// The kept pages of one server.
#[derive(Debug)]
pub struct PageCache {
    kept: Mutex<Kept>,
    /// The most bytes kept; 0 turns the cache off (every page is rendered for each visitor).
    budget: std::sync::atomic::AtomicUsize,
    /// The pages being rendered now: whoever asks for one of them meanwhile waits for that
    /// rendering instead of rendering it too (when many visitors open a page the moment it
    /// changed, it is rendered once, not once per visitor).
    rendering: OneAtATime<Key>,
}

impl Default for PageCache {
    fn default() -> Self {
        Self {
            kept: Mutex::new(Kept {
                pages: LruCache::unbounded(),
                bytes: 0,
            }),
            budget: std::sync::atomic::AtomicUsize::new(BUDGET),
            rendering: OneAtATime::default(),
        }
    }
}

impl PageCache {
    /// Sets the most bytes kept (0: keep nothing, render every page for every visitor), as
    /// the operator configures it; pages over the new budget are dropped with the next one kept.
    pub fn set_budget(&self, bytes: usize) {
        self.budget
            .store(bytes, std::sync::atomic::Ordering::Relaxed);
    }

    fn budget(&self) -> usize {
        self.budget.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn get(&self, key: &Key, version: Version) -> Option<Arc<Page>> {
        let mut kept = self.kept.lock().ok()?;
        let page = kept.pages.get(key)?;
        (page.version == version && page.made.elapsed() < FRESH_FOR).then(|| page.clone())
    }

    fn put(&self, key: Key, page: Page) {
        let Ok(mut kept) = self.kept.lock() else {
            return;
        };
        kept.bytes += page.cost(&key);
        let cost_key = key.clone();
        if let Some(old) = kept.pages.put(key, Arc::new(page)) {
            kept.bytes = kept.bytes.saturating_sub(old.cost(&cost_key));
        }
        let budget = self.budget();
        while kept.bytes > budget {
            let Some((key, old)) = kept.pages.pop_lru() else {
                break;
            };
            kept.bytes = kept.bytes.saturating_sub(old.cost(&key));
        }
    }

    /// How many pages are kept now (for tests and metrics).
    pub fn len(&self) -> usize {
        self.kept.lock().map_or(0, |kept| kept.pages.len())
    }

    /// How many bytes the kept pages weigh now (for metrics).
    pub fn bytes(&self) -> usize {
        self.kept.lock().map_or(0, |kept| kept.bytes)
    }

    /// True when no page is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The key of a request whose page may be kept: a GET of a kept route by an anonymous visitor
/// (no session cookie, no Authorization header).
fn key_of(request: &Request, route: &str) -> Option<(Key, RequestContext)> {
    if request.method() != Method::GET || !KEPT_ROUTES.contains(&route) {
        return None;
    }
    if request.headers().contains_key(header::AUTHORIZATION) {
        return None;
    }
    let context = request.extensions().get::<RequestContext>()?;
    if context.has_session {
        return None;
    }
    let context = context.clone();
    let site = request.extensions().get::<Arc<ForumSite>>()?;
    // A token of the usual length cannot occur by chance in a page.
    if context.csrf.len() < 32 {
        return None;
    }
    let uri = request.uri().path_and_query().map_or_else(
        || request.uri().path().to_owned(),
        |pq| pq.as_str().to_owned(),
    );
    Some((
        Key {
            forum: site.id.clone(),
            lang: context.lang,
            uri,
        },
        context,
    ))
}

/// Answers an anonymous visitor's request for a public page from the kept page while it is
/// current, else renders it and keeps it.
pub async fn serve(
    State(state): State<AppState>,
    route: MatchedPath,
    request: Request,
    next: Next,
) -> Response {
    if state.pages.budget() == 0 {
        return next.run(request).await;
    }
    let Some((key, context)) = key_of(&request, route.as_str()) else {
        return next.run(request).await;
    };
    if let Some(page) = state.pages.get(&key, Version::now(&state)) {
        state.metrics.page_kept(true);
        return page.answer(&context.csrf);
    }
    let Some(turn) = state.pages.rendering.turn(&key).await else {
        return next.run(request).await;
    };
    // Someone else may have rendered it while this request waited.
    let version = Version::now(&state);
    let response = match state.pages.get(&key, version) {
        Some(page) => {
            state.metrics.page_kept(true);
            page.answer(&context.csrf)
        }
        None => {
            state.metrics.page_kept(false);
            let response = next.run(request).await;
            keep(&state, key.clone(), version, &context.csrf, response).await
        }
    };
    drop(turn);
    response
}

/// Keeps a page that is the same for every anonymous visitor: a 200 without cookies of its
/// own, of a known small size. Returns the answer for the visitor who asked.
async fn keep(
    state: &AppState,
    key: Key,
    version: Version,
    csrf: &str,
    response: Response,
) -> Response {
    let small = response
        .body()
        .size_hint()
        .exact()
        .is_some_and(|n| n <= LARGEST as u64);
    if response.status() != StatusCode::OK
        || response.headers().contains_key(header::SET_COOKIE)
        || !small
    {
        return response;
    }
    let (parts, body) = response.into_parts();
    let body = match to_bytes(body, LARGEST).await {
        Ok(body) => body,
        Err(error) => {
            tracing::warn!(%error, "a page could not be read to keep it");
            return Response::from_parts(
                parts,
                Body::from("the page could not be read; please reload it"),
            );
        }
    };
    let csrf_at: Vec<usize> = memchr::memmem::find_iter(&body, csrf.as_bytes()).collect();
    let page = Page {
        made: Instant::now(),
        version,
        headers: parts.headers.clone(),
        body: body.clone(),
        csrf_at,
        csrf_len: csrf.len(),
    };
    state.pages.put(key, page);
    Response::from_parts(parts, Body::from(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str, csrf: &str) -> Page {
        let body = Bytes::from(body.to_owned());
        Page {
            made: Instant::now(),
            version: Version {
                writes: 0,
                applied: None,
            },
            headers: HeaderMap::new(),
            csrf_at: memchr::memmem::find_iter(&body, csrf.as_bytes()).collect(),
            body,
            csrf_len: csrf.len(),
        }
    }

    async fn text(response: Response) -> String {
        let bytes = to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    #[tokio::test]
    async fn each_visitor_gets_their_own_token() {
        let page = page(
            "<input value=\"AAAA\"><p>x</p><input value=\"AAAA\">",
            "AAAA",
        );
        assert_eq!(page.csrf_at, vec![14, 42]);
        assert_eq!(
            text(page.answer("BBBBBB")).await,
            "<input value=\"BBBBBB\"><p>x</p><input value=\"BBBBBB\">"
        );
        let plain = super::Page {
            csrf_at: Vec::new(),
            ..page
        };
        assert_eq!(
            text(plain.answer("CC")).await,
            "<input value=\"AAAA\"><p>x</p><input value=\"AAAA\">"
        );
    }

    fn key(uri: &str) -> Key {
        Key {
            forum: Id::from_text("f"),
            lang: Lang::De,
            uri: uri.to_owned(),
        }
    }

    #[test]
    fn a_page_is_served_only_in_its_version_and_the_budget_holds() {
        let cache = PageCache::default();
        let version = Version {
            writes: 3,
            applied: Some(7),
        };
        let mut kept = page("body", "zz");
        kept.version = version;
        cache.put(key("/"), kept);
        assert!(cache.get(&key("/"), version).is_some());
        assert!(cache.get(&key("/events"), version).is_none());
        for stale in [
            Version {
                writes: 4,
                applied: Some(7),
            },
            Version {
                writes: 3,
                applied: Some(8),
            },
        ] {
            assert!(cache.get(&key("/"), stale).is_none());
        }
        let big = "x".repeat(LARGEST / 2);
        for n in 0..100 {
            cache.put(key(&format!("/p{n}")), page(&big, "zz"));
        }
        let kept = cache.kept.lock().map_or(usize::MAX, |k| k.bytes);
        assert!(kept <= BUDGET, "{kept} bytes kept");
        assert!(cache.len() < 40);
    }

    #[test]
    fn a_smaller_budget_keeps_less_and_none_keeps_nothing() {
        let cache = PageCache::default();
        let page_of = "x".repeat(LARGEST / 4);
        cache.set_budget(LARGEST);
        for n in 0..10 {
            cache.put(key(&format!("/p{n}")), page(&page_of, "zz"));
        }
        let kept = cache.kept.lock().map_or(usize::MAX, |k| k.bytes);
        assert!(kept <= LARGEST, "{kept} bytes kept");
        assert_eq!(cache.len(), 3);
        cache.set_budget(0);
        cache.put(key("/"), page("body", "zz"));
        assert!(cache.is_empty());
    }
}
