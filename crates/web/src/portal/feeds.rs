//! RSS 2.0 and Atom feeds of the information portal: everything, per kind (publications,
//! funding calls, events, news) and per topic. Feeds are read by anyone, so they hold public
//! records only, whoever asks.

use crate::site::Site;

use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use urbis_app::portal::feeds::{FeedRecords, Wanted};
use urbis_domain::network::Topic;
use urbis_domain::portal::PublicationKind;
use urbis_domain::{Id, Viewer};

use crate::error::WebError;
use crate::i18n::Tr;
use crate::visitor::Visitor;

/// How many items a feed holds at most (the newest).
const FEED_ITEMS: u32 = 50;

/// Which records a feed carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    All,
    Publications,
    Calls,
    Events,
    News,
}

impl Section {
    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "portal" => Section::All,
            "publications" => Section::Publications,
            "funding-calls" => Section::Calls,
            "events" => Section::Events,
            "news" => Section::News,
            _ => return None,
        })
    }

    fn title_id(self) -> &'static str {
        match self {
            Section::All => "portal-title",
            Section::Publications => "portal-publications",
            Section::Calls => "portal-funding-calls",
            Section::Events => "nav-events",
            Section::News => "portal-news",
        }
    }
}

/// RSS or Atom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Rss,
    Atom,
}

/// `name.rss` or `name.atom`.
fn split(file: &str) -> Option<(&str, Format)> {
    if let Some(name) = file.strip_suffix(".rss") {
        Some((name, Format::Rss))
    } else {
        file.strip_suffix(".atom").map(|name| (name, Format::Atom))
    }
}

/// One item of a feed.
struct Item {
    id: Id,
    title: String,
    summary: String,
    link: String,
    category: String,
    created: Timestamp,
    updated: Timestamp,
    /// The forum that owns it; another forum's (shared into this one) is marked with its name.
    forum: Id,
    /// The short name of that other forum, once known.
    shared_by: Option<String>,
}

/// The public records of a section, optionally only those on one topic, newest first.
async fn items(
    state: &Site,
    t: &Tr,
    section: Section,
    topic: Option<&Id>,
) -> Result<Vec<Item>, WebError> {
    let base = &state.base_url;
    let lang = t.lang;
    let wanted = Wanted {
        publications: matches!(
            section,
            Section::All | Section::Publications | Section::News
        ),
        news_only: section == Section::News,
        calls: matches!(section, Section::All | Section::Calls),
        events: matches!(section, Section::All | Section::Events),
    };
    let FeedRecords {
        publications,
        calls,
        events,
        owners,
    } = urbis_app::portal::feeds::newest(&state.app, &state.forum, wanted, topic, FEED_ITEMS)
        .await?;
    let mut items = Vec::new();
    {
        for p in &publications {
            let news = p.kind == PublicationKind::News;
            let wanted = match section {
                Section::Publications => !news,
                Section::News => news,
                _ => true,
            };
            if wanted {
                items.push(Item {
                    id: p.id.clone(),
                    title: p.title.localize(lang).text.to_owned(),
                    summary: p
                        .summary
                        .as_ref()
                        .map(|s| s.localize(lang).text.to_owned())
                        .unwrap_or_default(),
                    link: format!("{base}/portal/publications/{}", p.id),
                    category: crate::format::label(t, "publication-kind", &p.kind),
                    created: p.created,
                    updated: p.updated,
                    forum: p.forum.clone(),
                    shared_by: None,
                });
            }
        }
    }
    {
        for c in &calls {
            items.push(Item {
                id: c.id.clone(),
                title: c.title.localize(lang).text.to_owned(),
                summary: c
                    .summary
                    .as_ref()
                    .map(|s| s.localize(lang).text.to_owned())
                    .unwrap_or_default(),
                link: format!("{base}/portal/calls/{}", c.id),
                category: t.get("portal-funding-call"),
                created: c.created,
                updated: c.updated,
                forum: c.forum.clone(),
                shared_by: None,
            });
        }
    }
    {
        for e in &events {
            items.push(Item {
                id: e.id.clone(),
                title: format!(
                    "{} ({})",
                    e.title.localize(lang).text,
                    crate::format::range(lang, &e.start, e.end.as_ref())
                ),
                summary: e
                    .description
                    .as_ref()
                    .map(|s| s.localize(lang).text.to_owned())
                    .unwrap_or_default(),
                link: format!("{base}/events/{}", e.id),
                category: crate::format::label(t, "event-kind", &e.kind),
                created: e.created,
                updated: e.updated,
                forum: e.forum.clone(),
                shared_by: None,
            });
        }
    }
    items.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.id.cmp(&b.id)));
    items.truncate(FEED_ITEMS as usize);
    for item in &mut items {
        if let Some(by) = owners.get(&item.forum) {
            item.title = format!("[{by}] {}", item.title);
            item.shared_by = Some(by.clone());
        }
    }
    Ok(items)
}

fn rss(title: &str, link: &str, description: &str, lang: &str, items: &[Item]) -> String {
    let printer = jiff::fmt::rfc2822::DateTimePrinter::new();
    let date = |t: &Timestamp| printer.timestamp_to_rfc9110_string(t).unwrap_or_default();
    let mut channel = rss::Channel::default();
    channel.set_title(title);
    channel.set_link(link);
    channel.set_description(description);
    channel.set_language(Some(lang.to_owned()));
    if let Some(newest) = items.iter().map(|i| i.updated).max() {
        channel.set_last_build_date(Some(date(&newest)));
    }
    channel.set_items(
        items
            .iter()
            .map(|i| {
                let mut item = rss::Item::default();
                item.set_title(Some(i.title.clone()));
                item.set_link(Some(i.link.clone()));
                if !i.summary.is_empty() {
                    item.set_description(Some(i.summary.clone()));
                }
                let mut guid = rss::Guid::default();
                guid.set_value(format!("urn:uuid:{}", i.id));
                guid.set_permalink(false);
                item.set_guid(Some(guid));
                item.set_pub_date(Some(date(&i.created)));
                let mut category = rss::Category::default();
                category.set_name(i.category.clone());
                let mut categories = vec![category];
                if let Some(by) = &i.shared_by {
                    let mut source = rss::Category::default();
                    source.set_name(by.clone());
                    categories.push(source);
                }
                item.set_categories(categories);
                item
            })
            .collect::<Vec<_>>(),
    );
    channel.to_string()
}

fn atom(title: &str, link: &str, self_link: &str, author: &str, items: &[Item]) -> String {
    let time = |t: &Timestamp| {
        atom_syndication::FixedDateTime::parse_from_rfc3339(&t.to_string()).unwrap_or_default()
    };
    let link_to = |href: &str, rel: &str| {
        let mut l = atom_syndication::Link::default();
        l.set_href(href);
        l.set_rel(rel);
        l
    };
    let mut feed = atom_syndication::Feed::default();
    feed.set_title(atom_syndication::Text::plain(title));
    feed.set_id(self_link);
    feed.set_links(vec![link_to(link, "alternate"), link_to(self_link, "self")]);
    let mut person = atom_syndication::Person::default();
    person.set_name(author);
    feed.set_authors(vec![person]);
    feed.set_updated(time(
        &items
            .iter()
            .map(|i| i.updated)
            .max()
            .unwrap_or(Timestamp::UNIX_EPOCH),
    ));
    feed.set_entries(
        items
            .iter()
            .map(|i| {
                let mut entry = atom_syndication::Entry::default();
                entry.set_title(atom_syndication::Text::plain(i.title.clone()));
                entry.set_id(format!("urn:uuid:{}", i.id));
                entry.set_links(vec![link_to(&i.link, "alternate")]);
                entry.set_updated(time(&i.updated));
                entry.set_published(Some(time(&i.created)));
                if !i.summary.is_empty() {
                    entry.set_summary(Some(atom_syndication::Text::plain(i.summary.clone())));
                }
                let mut category = atom_syndication::Category::default();
                category.set_term(i.category.clone());
                let mut categories = vec![category];
                if let Some(by) = &i.shared_by {
                    let mut source = atom_syndication::Category::default();
                    source.set_term(by.clone());
                    categories.push(source);
                }
                entry.set_categories(categories);
                entry
            })
            .collect::<Vec<_>>(),
    );
    feed.to_string()
}

async fn answer(
    state: &Site,
    visitor: &Visitor,
    section: Section,
    format: Format,
    topic: Option<&Topic>,
    path: &str,
) -> Result<Response, WebError> {
    let t = visitor.t();
    let forum = urbis_app::forums::one(&state.app, &state.forum).await?;
    let forum_name = forum.name.localize(t.lang).text.to_owned();
    let items = items(state, &t, section, topic.map(|topic| &topic.id)).await?;
    let mut title = format!("{forum_name} – {}", t.get(section.title_id()));
    let link = match topic {
        Some(topic) => {
            title.push_str(&format!(" – {}", topic.name.localize(t.lang).text));
            format!("{}/topics/{}", state.base_url, topic.slug)
        }
        None => format!("{}/portal", state.base_url),
    };
    let self_link = format!("{}{path}", state.base_url);
    let (body, media_type) = match format {
        Format::Rss => (
            rss(
                &title,
                &link,
                &t.get("portal-feed-description"),
                t.code(),
                &items,
            ),
            "application/rss+xml; charset=utf-8",
        ),
        Format::Atom => (
            atom(&title, &link, &self_link, &forum_name, &items),
            "application/atom+xml; charset=utf-8",
        ),
    };
    let mut response = body.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    Ok(response)
}

/// A portal feed (GET `/feeds/{file}`: `portal`, `publications`, `funding-calls`, `events` or
/// `news`, with `.rss` or `.atom`).
pub async fn portal_feed(
    state: Site,
    visitor: Visitor,
    Path(file): Path<String>,
) -> Result<Response, WebError> {
    let (name, format) = split(&file).ok_or(WebError::NotFound)?;
    let section = Section::parse(name).ok_or(WebError::NotFound)?;
    answer(
        &state,
        &visitor,
        section,
        format,
        None,
        &format!("/feeds/{file}"),
    )
    .await
}

/// The portal feed of one public topic (GET `/feeds/topics/{slug}.rss|.atom`).
pub async fn topic_feed(
    state: Site,
    visitor: Visitor,
    Path(file): Path<String>,
) -> Result<Response, WebError> {
    let (slug, format) = split(&file).ok_or(WebError::NotFound)?;
    let topic =
        urbis_app::topics::by_slug(&state.app, &Viewer::anonymous(), &state.forum, slug).await?;
    let topic = &topic;
    answer(
        &state,
        &visitor,
        Section::All,
        format,
        Some(topic),
        &format!("/feeds/topics/{file}"),
    )
    .await
}
