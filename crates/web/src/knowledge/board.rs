//! A collection's board: its sections with their entries (pinned first, archived ones only
//! when asked), each with author, organisation and date; what is new since the last visit;
//! the form to add an entry and, for the office, the curation buttons.

use crate::site::Site;
use std::collections::{HashMap, HashSet};

use askama::Template;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use urbis_app::knowledge::board::Board;
use urbis_app::paging::PageRequest;
use urbis_domain::knowledge::{Collection, EntryKind};
use urbis_domain::network::Person;
use urbis_domain::{Id, Kind, Viewer};

use crate::error::WebError;
use crate::format::{self, Shown};
use crate::home::{Link, Params, page_number};
use crate::markdown;
use crate::pager::Pager;
use crate::pages::{Frame, render};
use crate::visitor::Visitor;

/// One entry as the board shows it.
pub struct EntryView {
    /// Its id (the anchor `entry-ID`).
    pub id: String,
    /// What it holds, as a label.
    pub kind: String,
    /// Title.
    pub title: Shown,
    /// Description or note, rendered from Markdown and sanitised.
    pub body: String,
    /// The address of a link.
    pub url: Option<String>,
    /// The file: download address, name, size.
    pub file: Option<(String, String, String)>,
    /// The record a reference points to (none when the viewer may not see it).
    pub reference: Option<Link>,
    /// True for a reference to a record the viewer may not see.
    pub reference_hidden: bool,
    /// Who added it.
    pub author: String,
    /// The organisation it comes from.
    pub organisation: Option<Link>,
    /// When it was added.
    pub date: String,
    /// Shown first.
    pub pinned: bool,
    /// Hidden from the board.
    pub archived: bool,
    /// Added since the viewer's last visit.
    pub new: bool,
    /// The section it is in (for the move form).
    pub section: String,
}

/// A section of the board.
pub struct SectionView {
    /// Its key (empty for entries without a section).
    pub key: String,
    /// Its title (empty for entries without a section).
    pub title: Shown,
    /// Its entries, pinned first, newest first.
    pub entries: Vec<EntryView>,
}

/// The values and problems of the add-entry form.
#[derive(Debug, Default, Clone)]
pub struct EntryForm {
    /// The values sent, to fill the form again.
    pub values: urbis_app::knowledge::NewEntry,
    /// Problems by field.
    pub errors: HashMap<String, String>,
}

impl EntryForm {
    /// The problem with a field, or an empty text.
    pub fn error(&self, field: &str) -> String {
        self.errors.get(field).cloned().unwrap_or_default()
    }
}

/// The board page.
#[derive(Template)]
#[template(path = "knowledge/board.html")]
pub struct BoardPage {
    frame: Frame,
    slug: String,
    title: Shown,
    description: String,
    sections: Vec<SectionView>,
    section_options: Vec<(String, String)>,
    may_add: bool,
    may_curate: bool,
    logged_in: bool,
    following: bool,
    new_count: i64,
    show_archived: bool,
    archived_collection: bool,
    form: EntryForm,
    pager: Pager,
    max_mb: i64,
    upload_action: String,
}

/// How many entries one page of a board shows.
pub const BOARD_PAGE: u32 = 100;

/// Finds a collection by its slug as the viewer may see it: unknown or hidden is "not found"
/// for logged-in viewers; anonymous ones are asked to log in either way (so no one learns
/// which members-only collections exist).
pub async fn find(
    state: &Site,
    visitor: &Visitor,
    slug: &str,
) -> Result<Result<Collection, Response>, WebError> {
    let found =
        urbis_app::knowledge::board::find(&state.app, &visitor.viewer, &state.forum, slug).await?;
    match found {
        Some(c) => Ok(Ok(c)),
        _ if visitor.user.is_none() => Ok(Err(login(slug))),
        _ => Err(WebError::NotFound),
    }
}

/// The redirect to the login page, back to the collection afterwards.
pub fn login(slug: &str) -> Response {
    let next: String =
        form_urlencoded::byte_serialize(format!("/collections/{slug}").as_bytes()).collect();
    Redirect::to(&format!("/login?next={next}")).into_response()
}

fn size_text(size: u64) -> String {
    if size >= 1024 * 1024 {
        format!("{:.1} MB", size as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", size.div_ceil(1024))
    }
}

/// Where a referenced record's page is.
fn record_href(kind: Kind, id: &Id) -> String {
    match kind {
        Kind::Event => format!("/events/{id}"),
        Kind::Project => format!("/projects/{id}"),
        Kind::Series => format!("/series/{id}"),
        _ => format!("/portal/publications/{id}"),
    }
}

/// Shows the board (GET).
pub async fn show(
    state: Site,
    visitor: Visitor,
    Path(slug): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let collection = match find(&state, &visitor, &slug).await? {
        Ok(c) => c,
        Err(redirect) => return Ok(redirect),
    };
    let params = Params::parse(raw.as_deref());
    let show_archived = params.get("archived") == Some("1");
    let Some(number) = page_number(&params) else {
        return Ok(crate::home::bad_request());
    };
    let previous = match &visitor.user {
        Some(user) => {
            urbis_app::knowledge::board::record_visit(
                &state.app,
                &user.id,
                &collection.id,
                Timestamp::now(),
            )
            .await?
        }
        _ => None,
    };
    page(
        &state,
        &visitor,
        collection,
        (show_archived, number),
        previous,
        EntryForm::default(),
    )
    .await
    .map(|page| render(&page))
}

/// Renders the board with a form (empty, or filled in with its problems).
pub async fn page(
    state: &Site,
    visitor: &Visitor,
    collection: Collection,
    (show_archived, number): (bool, u32),
    previous: Option<Timestamp>,
    form: EntryForm,
) -> Result<BoardPage, WebError> {
    let viewer: &Viewer = &visitor.viewer;
    let t = visitor.t();
    let lang = t.lang;
    let Board {
        entries,
        people,
        organisations,
        titles,
        unlinked,
        adders,
        following,
    } = urbis_app::knowledge::board::board(
        &state.app,
        viewer,
        &state.forum,
        &collection,
        show_archived,
        visitor.user.as_ref().map(|u| &u.id),
        PageRequest::new(number, BOARD_PAGE),
    )
    .await?;
    let pager = Pager::new(&entries, |page| {
        let archived = if show_archived { "archived=1&" } else { "" };
        format!("/collections/{}?{archived}page={page}", collection.slug)
    });
    let views: Vec<EntryView> = entries
        .rows
        .iter()
        .map(|e| EntryView {
            id: e.id.to_string(),
            kind: format::label(&t, "knowledge-kind", &e.kind),
            title: Shown::new(&t, &e.title),
            body: e
                .body
                .as_ref()
                .map(|b| markdown::to_html(b.localize(lang).text))
                .unwrap_or_default(),
            url: e.url.clone(),
            file: e
                .file
                .as_ref()
                .filter(|_| e.kind == EntryKind::File)
                .map(|f| {
                    (
                        format!("/files/entries/{}", e.id),
                        f.name.clone(),
                        size_text(f.size),
                    )
                }),
            reference: e.reference.as_ref().and_then(|r| {
                titles.get(&r.id).map(|title| Link {
                    href: record_href(r.kind, &r.id),
                    text: Shown::new(&t, title),
                })
            }),
            reference_hidden: e
                .reference
                .as_ref()
                .is_some_and(|r| !titles.contains_key(&r.id) && !unlinked.contains(&r.id)),
            author: e
                .author
                .as_ref()
                .and_then(|a| people.get(a))
                .map(Person::display_name)
                .or_else(|| adders.get(e.id.as_str()).cloned())
                .unwrap_or_default(),
            organisation: crate::home::organisation_link(
                &t,
                e.organisation.as_ref(),
                &organisations,
            ),
            date: e
                .date
                .map_or_else(|| written_day(lang, e.created), |d| format::date(lang, &d)),
            pinned: e.pinned,
            archived: e.archived,
            new: previous.is_some_and(|p| e.created > p),
            section: e.section.clone().unwrap_or_default(),
        })
        .collect();
    let new_count = views.iter().filter(|v| v.new && !v.archived).count();

    let mut sections: Vec<SectionView> = Vec::with_capacity(collection.sections.len() + 1);
    let mut rest: Vec<EntryView> = Vec::new();
    let known: HashSet<&str> = collection.sections.iter().map(|s| s.key.as_str()).collect();
    let mut by_section: HashMap<String, Vec<EntryView>> = HashMap::new();
    for view in views {
        if known.contains(view.section.as_str()) {
            by_section
                .entry(view.section.clone())
                .or_default()
                .push(view);
        } else {
            rest.push(view);
        }
    }
    if !rest.is_empty() || collection.sections.is_empty() {
        sections.push(SectionView {
            key: String::new(),
            title: Shown::default(),
            entries: rest,
        });
    }
    for section in &collection.sections {
        sections.push(SectionView {
            key: section.key.clone(),
            title: Shown::new(&t, &section.title),
            entries: by_section.remove(&section.key).unwrap_or_default(),
        });
    }
    let logged_in = visitor.user.is_some();
    Ok(BoardPage {
        frame: visitor.frame(),
        slug: collection.slug.clone(),
        title: Shown::new(&t, &collection.title),
        description: collection
            .description
            .as_ref()
            .map(|d| markdown::to_html(d.localize(lang).text))
            .unwrap_or_default(),
        sections,
        section_options: collection
            .sections
            .iter()
            .map(|s| (s.key.clone(), s.title.localize(lang).text.to_owned()))
            .collect(),
        may_add: logged_in && viewer.role(&state.forum).is_some() && !collection.archived,
        may_curate: viewer.may_edit(&collection),
        logged_in,
        following,
        new_count: i64::try_from(new_count).unwrap_or(0),
        show_archived,
        archived_collection: collection.archived,
        form,
        pager,
        max_mb: i64::try_from(state.files.max_size() / (1024 * 1024)).unwrap_or(i64::MAX),
        upload_action: format!(
            "/collections/{}/entries?csrf={}",
            collection.slug, visitor.context.csrf
        ),
    })
}

/// A moment as the day it falls on in the network's time zone ("26. November 2026").
pub fn written_day(lang: urbis_domain::Lang, time: Timestamp) -> String {
    let zone = jiff::tz::TimeZone::get(&urbis_domain::events::default_time_zone())
        .unwrap_or(jiff::tz::TimeZone::UTC);
    let date = zone.to_datetime(time).date();
    urbis_domain::PartialDate::day(
        date.year(),
        u8::try_from(date.month()).unwrap_or(1),
        u8::try_from(date.day()).unwrap_or(1),
    )
    .map(|d| format::date(lang, &d))
    .unwrap_or_default()
}

/// The board again with the add-entry form's problems beside their fields (422).
pub async fn with_problems(
    state: &Site,
    visitor: &Visitor,
    collection: Collection,
    form: EntryForm,
    status: StatusCode,
) -> Result<Response, WebError> {
    let page = page(state, visitor, collection, (false, 1), None, form).await?;
    Ok((status, render(&page)).into_response())
}
