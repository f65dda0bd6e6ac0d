//! The forum a request addresses. One server serves every forum of the store: the request's
//! host name picks the forum (its `hosts`), any other host sees the default forum. The forums
//! are read once and kept (refreshed after a forum is written, else every minute), so finding
//! the forum costs no query.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use urbis_domain::network::{Forum, LogoFormat, decode_logo};
use urbis_domain::{Id, Lang, Text};

use crate::error::WebError;
use crate::i18n::UI_LANGS;
use crate::state::{AppState, Inner};

/// How long the kept forum list is trusted before it is read again (for forums written by
/// another process, such as `urbis forum add` or another server node).
const FRESH_FOR: Duration = Duration::from_secs(60);

/// What the pages of one forum need to know about it: identity, address and branding.
#[derive(Debug)]
pub struct ForumSite {
    /// The forum.
    pub id: Id,
    /// Its short name ("DEFUS").
    pub short_name: String,
    /// Its full name, shown in the header.
    pub name: Text,
    /// The address of its pages in mails, feeds and calendars, without a final `/`.
    pub base_url: Arc<str>,
    /// The primary colour (`#rrggbb`) of its pages, when it has its own.
    pub colour: Option<String>,
    /// Its logo as (content type, bytes), when it has a usable one.
    pub logo: Option<(&'static str, Vec<u8>)>,
    /// The interface languages offered: the forum's languages the interface has, in the
    /// forum's order; never empty.
    pub langs: Vec<Lang>,
    /// The time zone of its "today".
    pub time_zone: jiff::tz::TimeZone,
}

impl ForumSite {
    /// Today in the forum's time zone: what its lists show as upcoming and as past.
    pub fn today(&self) -> jiff::civil::Date {
        urbis_app::forums::today(jiff::Timestamp::now(), &self.time_zone)
    }

    fn new(forum: &Forum, origin: &str) -> Self {
        let base_url = urbis_app::forums::base_url(forum, origin);
        let mut langs: Vec<Lang> = forum
            .languages
            .iter()
            .copied()
            .filter(|l| UI_LANGS.contains(l))
            .collect();
        if langs.is_empty() {
            langs = UI_LANGS.to_vec();
        }
        let logo = forum
            .logo
            .as_deref()
            .and_then(|logo| decode_logo(logo).ok())
            .map(|(format, bytes)| match format {
                LogoFormat::Svg => ("image/svg+xml", bytes),
                LogoFormat::Png => ("image/png", bytes),
            });
        Self {
            id: forum.id.clone(),
            short_name: forum.short_name.clone(),
            name: forum.name.clone(),
            base_url: base_url.into(),
            colour: forum.colour.clone(),
            logo,
            langs,
            time_zone: urbis_app::forums::time_zone(forum),
        }
    }

    fn placeholder(id: &Id, origin: &str) -> Self {
        Self {
            id: id.clone(),
            short_name: String::new(),
            name: Text::new(Lang::De, "urbis"),
            base_url: origin.into(),
            colour: None,
            logo: None,
            langs: UI_LANGS.to_vec(),
            time_zone: urbis_app::forums::default_time_zone(),
        }
    }
}

/// Every forum of the store by host name, and the default one.
#[derive(Debug)]
pub struct Sites {
    forums: Vec<Arc<ForumSite>>,
    by_host: HashMap<String, usize>,
    default: Arc<ForumSite>,
    read_at: Instant,
}

impl Sites {
    /// The forums of the store, served at their hosts; `default` (else the first forum) for
    /// every other host. A host two forums name belongs to the first.
    pub fn new(forums: &[Forum], default: &Id, origin: &str) -> Self {
        let sites: Vec<Arc<ForumSite>> = forums
            .iter()
            .map(|f| Arc::new(ForumSite::new(f, origin)))
            .collect();
        let mut by_host = HashMap::new();
        for (i, forum) in forums.iter().enumerate() {
            for host in &forum.hosts {
                by_host.entry(host.to_ascii_lowercase()).or_insert(i);
            }
        }
        let default = sites
            .iter()
            .find(|s| &s.id == default)
            .or_else(|| sites.first())
            .cloned()
            .unwrap_or_else(|| Arc::new(ForumSite::placeholder(default, origin)));
        Self {
            forums: sites,
            by_host,
            default,
            read_at: Instant::now(),
        }
    }

    /// The forum a request with these headers addresses.
    pub fn resolve(&self, headers: &HeaderMap) -> Arc<ForumSite> {
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .map(|h| match h.rsplit_once(':') {
                Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
                _ => h,
            })
            .map(|h| h.trim_end_matches('.').to_ascii_lowercase());
        host.and_then(|h| self.by_host.get(&h))
            .and_then(|i| self.forums.get(*i))
            .unwrap_or(&self.default)
            .clone()
    }

    /// The forum with this id, when the store holds it.
    pub fn get(&self, id: &Id) -> Option<&Arc<ForumSite>> {
        self.forums.iter().find(|s| &s.id == id)
    }
}

impl Inner {
    /// The forums by host, read from the store when not kept yet or no longer fresh.
    pub async fn sites(&self) -> Result<Arc<Sites>, WebError> {
        if let Ok(kept) = self.sites.read()
            && let Some(sites) = kept.as_ref()
            && sites.read_at.elapsed() < FRESH_FOR
        {
            return Ok(sites.clone());
        }
        let forums = urbis_app::forums::all(&self.app).await?;
        let sites = Arc::new(Sites::new(&forums, &self.default_forum, &self.origin));
        if let Ok(mut kept) = self.sites.write() {
            *kept = Some(sites.clone());
        }
        Ok(sites)
    }

    /// Forgets the kept forums, so the next request reads them anew (after a forum is written).
    pub fn forums_changed(&self) {
        if let Ok(mut kept) = self.sites.write() {
            *kept = None;
        }
    }
}

/// The state together with the forum the request addresses: what handlers ask for the store
/// and the forum (`site.forum`) and its address (`site.base_url`).
#[derive(Debug, Clone)]
pub struct Site {
    state: AppState,
    /// The forum the request addresses.
    pub forum: Id,
    /// The address of that forum's pages, without a final `/`.
    pub base_url: Arc<str>,
    /// Its name, address and branding.
    pub info: Arc<ForumSite>,
}

impl std::ops::Deref for Site {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.state
    }
}

/// The forum of a request: resolved once by the guard, else here.
pub async fn of_request(parts: &Parts, state: &AppState) -> Result<Arc<ForumSite>, WebError> {
    if let Some(site) = parts.extensions.get::<Arc<ForumSite>>() {
        return Ok(site.clone());
    }
    Ok(state.sites().await?.resolve(&parts.headers))
}

impl FromRequestParts<AppState> for Site {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let info = of_request(parts, state).await?;
        Ok(Site {
            state: state.clone(),
            forum: info.id.clone(),
            base_url: info.base_url.clone(),
            info,
        })
    }
}
