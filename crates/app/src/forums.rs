//! Forums as tenants of one installation: creating and changing them (from the command line
//! and the back office), and who may do so.
//!
//! The installation's administrators are the administrators of a forum without an umbrella
//! (the umbrella network, or the only forum of a stand-alone installation): they may create
//! forums. A forum's own administrators change their forum.

use std::collections::HashMap;

use jiff::tz::TimeZone;
use urbis_domain::accounts::{ForumRole, User};
use urbis_domain::network::Forum;
use urbis_domain::{Access, Id, Lang, Problems, Record, Text};
use urbis_store::StoreError;

use crate::App;
use crate::AppError;

/// Today in `zone` (a forum's, see [`time_zone`]): the day lists of events and deadlines turn
/// on.
pub fn today(now: jiff::Timestamp, zone: &TimeZone) -> jiff::civil::Date {
    zone.to_datetime(now).date()
}

/// The time zone of a forum's "today": its own, else the network's default; resolved once
/// when the forum is read, so a page asks for no zone by name.
pub fn time_zone(forum: &Forum) -> TimeZone {
    forum
        .time_zone
        .as_deref()
        .and_then(|name| TimeZone::get(name).ok())
        .unwrap_or_else(default_time_zone)
}

/// The name of a forum's time zone as lists show it: its own, else the network's default.
pub fn time_zone_name(forum: &Forum) -> String {
    forum
        .time_zone
        .clone()
        .unwrap_or_else(urbis_domain::events::default_time_zone)
}

/// The network's default time zone (Europe/Berlin), for a forum without its own.
pub fn default_time_zone() -> TimeZone {
    TimeZone::get(&urbis_domain::events::default_time_zone()).unwrap_or(TimeZone::UTC)
}

/// The address of a forum's pages: its first host name with the scheme and port of the
/// installation's `origin` (`http://127.0.0.1:8080`), or the origin when it has no host.
pub fn base_url(forum: &Forum, origin: &str) -> String {
    let origin = origin.trim_end_matches('/');
    let Some(host) = forum.hosts.first() else {
        return origin.to_owned();
    };
    let (scheme, rest) = origin.split_once("://").unwrap_or(("http", origin));
    let authority = rest.split('/').next().unwrap_or_default();
    let port = authority
        .rsplit_once(':')
        .filter(|(_, p)| p.bytes().all(|b| b.is_ascii_digit()))
        .map(|(_, p)| format!(":{p}"))
        .unwrap_or_default();
    format!("{scheme}://{host}{port}")
}

/// Where each forum's pages are, for mails that background jobs write for records of any
/// forum (digests, deadline reminders): each link must open the record's own forum.
#[derive(Debug, Clone)]
pub struct Addresses {
    origin: String,
    forums: HashMap<Id, String>,
}

impl Addresses {
    /// Every forum at the installation's `origin` (one forum, or tests).
    pub fn single(origin: &str) -> Self {
        Self {
            origin: origin.trim_end_matches('/').to_owned(),
            forums: HashMap::new(),
        }
    }

    /// The addresses of every forum of the store.
    pub async fn of_store(app: &App, origin: &str) -> Result<Self, AppError> {
        let store = app.store();
        let forums: Vec<Forum> = store.list(&urbis_store::ListQuery::everything()).await?;
        Ok(Self {
            origin: origin.trim_end_matches('/').to_owned(),
            forums: forums
                .iter()
                .map(|f| (f.id.clone(), base_url(f, origin)))
                .collect(),
        })
    }

    /// The address of a forum's pages, without a final `/`.
    pub fn of(&self, forum: &Id) -> &str {
        self.forums.get(forum).map_or(&self.origin, String::as_str)
    }
}

/// What a new forum needs, as people write it (the umbrella by short name).
#[derive(Debug, Clone, Default)]
pub struct NewForum {
    /// Short name ("DEFUS"), unique in the installation.
    pub short_name: String,
    /// Full name, in the forum's first language.
    pub name: String,
    /// Country code of a national forum.
    pub country: Option<String>,
    /// Short name of the umbrella forum.
    pub umbrella: Option<String>,
    /// Host names the forum is served at.
    pub hosts: Vec<String>,
    /// Language codes, the main language first (default: de, en).
    pub languages: Vec<String>,
    /// Primary colour `#rrggbb`.
    pub colour: Option<String>,
    /// IANA time zone of the forum's "today" (default: Europe/Berlin).
    pub time_zone: Option<String>,
}

/// True for an administrator of the installation: an administrator of a forum without an
/// umbrella.
pub fn is_installation_admin(user: &User, forums: &[Forum]) -> bool {
    user.grants.iter().any(|grant| {
        grant.role == ForumRole::Admin
            && forums
                .iter()
                .any(|f| f.id == grant.forum && f.umbrella.is_none())
    })
}

/// Reads language codes; every unknown one is a problem at `field`.
fn languages(codes: &[String], field: &str, problems: &mut Problems) -> Vec<Lang> {
    let mut langs = Vec::new();
    for code in codes.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        match Lang::parse(code) {
            Some(lang) if !langs.contains(&lang) => langs.push(lang),
            Some(_) => {}
            None => problems.push(
                field,
                format!("`{code}` is not a language urbis knows (de, en, fr, it, es, nl)"),
            ),
        }
    }
    langs
}

/// The problems of a forum's host names that another forum of the installation already uses.
fn hosts_taken(forum: &Forum, others: &[Forum], problems: &mut Problems) {
    for (i, host) in forum.hosts.iter().enumerate() {
        if let Some(other) = others
            .iter()
            .find(|o| o.id != forum.id && o.hosts.contains(host))
        {
            problems.push(
                format!("hosts[{i}]"),
                format!(
                    "`{host}` is already the address of the forum {}",
                    other.short_name
                ),
            );
        }
    }
}

/// A forum's problems: its own rules, and hosts another forum uses.
fn check(forum: &Forum, forums: &[Forum], problems: &mut Problems) {
    forum.validate(problems);
    hosts_taken(forum, forums, problems);
}

/// Creates a forum; on any problem nothing is stored and every problem is named.
pub async fn add(app: &App, new: NewForum) -> Result<Forum, AppError> {
    let store = app.store();
    let forums = store.forums().await?;
    let mut problems = Problems::new();
    let mut langs = languages(&new.languages, "languages", &mut problems);
    if new.languages.is_empty() {
        langs = vec![Lang::De, Lang::En];
    }
    let umbrella = match new
        .umbrella
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
    {
        Some(short) => match forums
            .iter()
            .find(|f| f.short_name.eq_ignore_ascii_case(short))
        {
            Some(forum) => Some(forum.id.clone()),
            None => {
                let known: Vec<&str> = forums.iter().map(|f| f.short_name.as_str()).collect();
                problems.push(
                    "umbrella",
                    format!(
                        "there is no forum `{short}` (the installation holds: {})",
                        known.join(", ")
                    ),
                );
                None
            }
        },
        None => None,
    };
    let now = jiff::Timestamp::now();
    let forum = Forum {
        id: Id::new(),
        access: Access::Public,
        created: now,
        updated: now,
        name: Text::new(langs.first().copied().unwrap_or(Lang::De), new.name.trim()),
        short_name: new.short_name.trim().to_owned(),
        country: new
            .country
            .map(|c| c.trim().to_uppercase())
            .filter(|c| !c.is_empty()),
        languages: langs,
        umbrella,
        website: None,
        description: None,
        logo: None,
        hosts: new
            .hosts
            .iter()
            .map(|h| h.trim().to_lowercase())
            .filter(|h| !h.is_empty())
            .collect(),
        colour: new
            .colour
            .map(|c| c.trim().to_lowercase())
            .filter(|c| !c.is_empty()),
        time_zone: new
            .time_zone
            .map(|z| z.trim().to_owned())
            .filter(|z| !z.is_empty()),
        example: false,
    };
    check(&forum, &forums, &mut problems);
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    store.insert(&forum).await.map_err(named)?;
    Ok(forum)
}

/// Stores a changed forum after the same checks as a new one.
pub async fn set(app: &App, mut forum: Forum) -> Result<Forum, AppError> {
    let store = app.store();
    let forums = store.forums().await?;
    let mut problems = Problems::new();
    check(&forum, &forums, &mut problems);
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    store.update(&mut forum).await.map_err(named)?;
    Ok(forum)
}

/// A short name another forum has is a problem of the field `short_name`.
fn named(error: StoreError) -> AppError {
    match error {
        StoreError::Conflict { field, message } => {
            let mut problems = Problems::new();
            problems.push(field, message);
            AppError::Invalid(problems)
        }
        other => other.into(),
    }
}

/// Reads a language list such as `de,en`.
pub fn parse_languages(list: &str) -> Result<Vec<Lang>, AppError> {
    let codes: Vec<String> = list.split(',').map(str::to_owned).collect();
    let mut problems = Problems::new();
    let langs = languages(&codes, "languages", &mut problems);
    if langs.is_empty() {
        problems.push("languages", "needs at least one language (like `de,en`)");
    }
    if problems.is_empty() {
        Ok(langs)
    } else {
        Err(AppError::Invalid(problems))
    }
}

/// Every forum of the installation, umbrellas before the forums under them (forums are few:
/// the tenants of one installation).
pub async fn all(app: &App) -> Result<Vec<Forum>, AppError> {
    Ok(app.store().forums().await?)
}

/// The forum with this id.
pub async fn one(app: &App, id: &Id) -> Result<Forum, AppError> {
    Ok(app.store().get(id).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forum(hosts: &[&str]) -> Forum {
        let mut forum: Forum = serde_json::from_value(serde_json::json!({
            "name": {"de": "Forum"}, "short_name": "F", "languages": ["de"],
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        forum.hosts = hosts.iter().map(|h| (*h).to_owned()).collect();
        forum
    }

    #[test]
    fn today_turns_at_the_forums_midnight() {
        // 23:30 in Berlin on 31 December is already 1 January in Helsinki, not yet in Lisbon.
        let now: jiff::Timestamp = "2026-12-31T22:30:00Z"
            .parse()
            .unwrap_or_else(|e| panic!("{e}"));
        let mut berlin = forum(&[]);
        assert_eq!(time_zone(&berlin).iana_name(), Some("Europe/Berlin"));
        let day = |zone: &TimeZone| today(now, zone).to_string();
        assert_eq!(day(&time_zone(&berlin)), "2026-12-31");
        berlin.time_zone = Some("Europe/Helsinki".to_owned());
        assert_eq!(day(&time_zone(&berlin)), "2027-01-01");
        berlin.time_zone = Some("Europe/Lisbon".to_owned());
        assert_eq!(day(&time_zone(&berlin)), "2026-12-31");
        // A name no time zone has falls back to the network's default.
        berlin.time_zone = Some("Europe/Nowhere".to_owned());
        assert_eq!(time_zone(&berlin).iana_name(), Some("Europe/Berlin"));
        assert_eq!(day(&time_zone(&berlin)), "2026-12-31");
    }

    #[test]
    fn a_forum_is_at_its_first_host_with_the_origins_scheme_and_port() {
        let origin = "https://urbis.example.org:8443/";
        assert_eq!(
            base_url(&forum(&["defus.example.org", "x.org"]), origin),
            "https://defus.example.org:8443"
        );
        assert_eq!(
            base_url(&forum(&["efus.localhost"]), "http://127.0.0.1"),
            "http://efus.localhost"
        );
        assert_eq!(
            base_url(&forum(&[]), origin),
            "https://urbis.example.org:8443"
        );
        let single = Addresses::single(origin);
        assert_eq!(single.of(&Id::new()), "https://urbis.example.org:8443");
    }
}
