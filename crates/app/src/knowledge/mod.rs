//! Information collections: members add entries (link, file, note, reference), the office
//! curates them, followers get a weekly digest of what is new.

use jiff::{SignedDuration, Timestamp, ToSpan};
use urbis_domain::events::Event;
use urbis_domain::knowledge::{Collection, Entry, EntryKind, RecordRef, StoredFile};
use urbis_domain::portal::Publication;
use urbis_domain::projects::Project;
use urbis_domain::{Id, Kind, Lang, Problems, Text, Viewer};
use urbis_files::{FileError, Files};
use urbis_mail::Mail;
use urbis_store::{ListQuery, Store, StoreError, Stored, Value};

use crate::App;
use crate::AppError;
use crate::i18n::Tr;

pub mod board;
pub mod collections;

/// What the form for a new entry sends.
#[derive(Debug, Clone, Default)]
pub struct NewEntry {
    /// `link`, `file`, `note` or `reference`.
    pub kind: String,
    /// The section key (empty: none).
    pub section: String,
    /// Title.
    pub title: String,
    /// Description, or the note (Markdown).
    pub body: String,
    /// The address of a link.
    pub url: String,
    /// The address (or id) of the record a reference points to.
    pub reference: String,
}

/// An uploaded file, as received.
#[derive(Debug, Clone, Default)]
pub struct Upload {
    /// The name the browser sent.
    pub name: String,
    /// The content.
    pub bytes: Vec<u8>,
}

/// The longest title accepted: the domain's limit, checked here first to answer in the
/// member's language.
const MAX_TITLE: usize = urbis_domain::limits::NAME;
/// The longest note a member adds on a board: stricter than the domain's limit for Markdown
/// bodies, since a board note is a short message, not a document.
const MAX_BODY: usize = 20_000;

/// The record kinds an entry may point to, by the word in their address.
fn reference_kind(segment: &str) -> Option<Kind> {
    match segment {
        "events" | "event" => Some(Kind::Event),
        "projects" | "project" => Some(Kind::Project),
        "publications" | "publication" => Some(Kind::Publication),
        _ => None,
    }
}

/// Reads `https://site/events/ID`, `/portal/publications/ID` or `event:ID` as (kind, id).
fn parse_reference(text: &str) -> Option<(Kind, Id)> {
    let text = text.trim();
    if let Some((kind, id)) = text.split_once(':')
        && let Some(kind) = reference_kind(kind)
    {
        let id = Id::from_text(id.trim());
        return id.is_uuid().then_some((kind, id));
    }
    let path = text.split(['?', '#']).next().unwrap_or_default();
    let mut segments = path.trim_end_matches('/').rsplit('/');
    let id = Id::from_text(segments.next()?);
    let kind = reference_kind(segments.next()?)?;
    id.is_uuid().then_some((kind, id))
}

/// The title of a referenced record the viewer may see in the forum; none otherwise.
async fn referenced_title(
    store: &Store,
    viewer: &Viewer,
    forum: &Id,
    kind: Kind,
    id: &Id,
) -> Result<Option<Text>, AppError> {
    async fn read<R: Stored>(
        store: &Store,
        viewer: &Viewer,
        forum: &Id,
        id: &Id,
        title: impl Fn(&R) -> Text,
    ) -> Result<Option<Text>, AppError> {
        match store.get::<R>(id).await {
            Ok(record) if record.forum() == forum && viewer.may_read(&record) => {
                Ok(Some(title(&record)))
            }
            Ok(_) | Err(StoreError::NotFound { .. }) => Ok(None),
            Err(error) => Err(error.into()),
        }
    }
    match kind {
        Kind::Event => read::<Event>(store, viewer, forum, id, |e| e.title.clone()).await,
        Kind::Project => read::<Project>(store, viewer, forum, id, |p| p.title.clone()).await,
        Kind::Publication => {
            read::<Publication>(store, viewer, forum, id, |p| p.title.clone()).await
        }
        _ => Ok(None),
    }
}

/// A file problem in the reader's language.
pub fn file_message(t: &Tr, error: &FileError) -> String {
    match error {
        FileError::TooLarge { limit_mb } => t.args(
            "knowledge-file-too-large",
            &[("limit", &limit_mb.to_string())],
        ),
        FileError::Empty { name } => t.args("knowledge-file-empty", &[("name", name)]),
        FileError::NotAllowed { name } => t.args("knowledge-file-type", &[("name", name)]),
        FileError::Disguised {
            name,
            expected,
            found,
        } => t.args(
            "knowledge-file-disguised",
            &[("name", name), ("expected", expected), ("found", found)],
        ),
        FileError::Broken { name, reason } => t.args(
            "knowledge-file-broken",
            &[("name", name), ("reason", reason)],
        ),
        other => other.to_string(),
    }
}

/// The outcome of checking a new entry before anything is stored.
struct Prepared {
    entry: Entry,
    upload: Option<(Vec<u8>, Option<String>)>,
}

async fn prepare(
    store: &Store,
    viewer: &Viewer,
    collection: &Collection,
    form: &NewEntry,
    upload: Option<Upload>,
    lang: Lang,
    max_size: u64,
) -> Result<Prepared, AppError> {
    let t = Tr::new(lang);
    let mut problems = Problems::new();
    let kind = EntryKind::parse(&form.kind);
    if kind.is_none() {
        problems.push("kind", t.get("knowledge-error-kind"));
    }
    let section = form.section.trim();
    let section = if section.is_empty() {
        None
    } else if collection.sections.iter().any(|s| s.key == section) {
        Some(section.to_owned())
    } else {
        problems.push(
            "section",
            t.args("knowledge-error-section", &[("section", section)]),
        );
        None
    };
    let title = form.title.trim();
    if title.chars().count() > MAX_TITLE {
        problems.push(
            "title",
            t.args(
                "knowledge-error-too-long",
                &[("max", &MAX_TITLE.to_string())],
            ),
        );
    }
    let body = form.body.trim();
    if body.chars().count() > MAX_BODY {
        problems.push(
            "body",
            t.args(
                "knowledge-error-too-long",
                &[("max", &MAX_BODY.to_string())],
            ),
        );
    }
    let url = form.url.trim();
    let mut reference = None;
    let mut fallback_title = None;
    let mut file = None;
    match kind {
        Some(EntryKind::Link) => {
            if url.is_empty() {
                problems.push("url", t.get("knowledge-error-url-missing"));
            } else if !urbis_domain::validation::is_web_url(url) {
                problems.push("url", t.args("knowledge-error-url", &[("url", url)]));
            }
        }
        Some(EntryKind::Note) if body.is_empty() => {
            problems.push("body", t.get("knowledge-error-note-missing"));
        }
        Some(EntryKind::Reference) => match parse_reference(&form.reference) {
            None => problems.push("reference", t.get("knowledge-error-reference")),
            Some((kind, id)) => {
                match referenced_title(store, viewer, &collection.forum, kind, &id).await? {
                    Some(title) => {
                        fallback_title = Some(title);
                        reference = Some(RecordRef { kind, id });
                    }
                    None => problems.push(
                        "reference",
                        t.args("knowledge-error-reference-hidden", &[("kind", kind.name())]),
                    ),
                }
            }
        },
        Some(EntryKind::File) => match upload.filter(|u| !u.name.is_empty() || !u.bytes.is_empty())
        {
            None => problems.push("file", t.get("knowledge-error-file-missing")),
            Some(upload) if upload.bytes.len() as u64 > max_size => problems.push(
                "file",
                file_message(
                    &t,
                    &FileError::TooLarge {
                        limit_mb: max_size / (1024 * 1024),
                    },
                ),
            ),
            Some(upload) => match urbis_files::check(&upload.name, &upload.bytes) {
                Err(error) => problems.push("file", file_message(&t, &error)),
                Ok(checked) => {
                    let media_type = checked.media_type;
                    let name = checked.name.clone();
                    let extracted = tokio::task::spawn_blocking(move || {
                        let text = urbis_files::extract_text(&name, media_type, &upload.bytes);
                        (text, upload.bytes)
                    })
                    .await
                    .map_err(|e| AppError::Files(e.to_string()))?;
                    match extracted {
                        (Err(error), _) => problems.push("file", file_message(&t, &error)),
                        (Ok(text), bytes) => file = Some((checked, bytes, text)),
                    }
                }
            },
        },
        _ => {}
    }
    let title = if title.is_empty() {
        match (&fallback_title, &file) {
            (Some(text), _) => Some(text.clone()),
            (None, Some((checked, _, _))) => Some(Text::new(lang, checked.name.clone())),
            _ => {
                problems.push("title", t.get("knowledge-error-title"));
                None
            }
        }
    } else {
        Some(Text::new(lang, title))
    };
    problems.into_result()?;
    let (Some(kind), Some(title)) = (kind, title) else {
        return Err(AppError::Invalid(Problems::new()));
    };
    let now = Timestamp::now();
    let (stored, upload) = match file {
        Some((checked, bytes, text)) => (
            Some(StoredFile {
                name: checked.name,
                media_type: checked.media_type.to_owned(),
                size: bytes.len() as u64,
                key: String::new(),
            }),
            Some((bytes, text)),
        ),
        None => (None, None),
    };
    let forum = &collection.forum;
    let entry = Entry {
        id: Id::new(),
        forum: forum.clone(),
        // What members add is for members, also on a board whose name is public.
        access: collection.access.max(urbis_domain::Access::Members),
        created: now,
        updated: now,
        collection: collection.id.clone(),
        section,
        kind,
        title,
        body: (!body.is_empty()).then(|| Text::new(lang, body)),
        url: (kind == EntryKind::Link).then(|| url.to_owned()),
        file: stored,
        reference,
        author: None,
        organisation: viewer.organisation(forum).cloned(),
        date: None,
        pinned: false,
        archived: false,
        topics: Vec::new(),
        example: false,
    };
    Ok(Prepared { entry, upload })
}

/// Adds an entry to a collection for a logged-in member: every field is checked first (an
/// upload by its content, and its text is read), then the file is stored and the entry with
/// the file's text is written in one transaction; on any failure nothing is left behind.
#[allow(clippy::too_many_arguments)]
pub async fn add_entry(
    app: &App,
    files: &Files,
    viewer: &Viewer,
    author: Option<&Id>,
    collection: &Collection,
    form: &NewEntry,
    upload: Option<Upload>,
    lang: Lang,
) -> Result<Entry, AppError> {
    let store = app.store();
    if viewer.role(&collection.forum).is_none() || !viewer.may_read(collection) {
        return Err(AppError::Forbidden);
    }
    if collection.archived {
        let mut problems = Problems::new();
        problems.push("", Tr::new(lang).get("knowledge-error-archived"));
        return Err(AppError::Invalid(problems));
    }
    let Prepared { mut entry, upload } = prepare(
        store,
        viewer,
        collection,
        form,
        upload,
        lang,
        files.max_size(),
    )
    .await?;
    entry.author = author.cloned();
    let store = store.acting_as(viewer.user_id());
    match upload {
        None => store.insert(&entry).await?,
        Some((bytes, text)) => {
            let key = files
                .put(bytes)
                .await
                .map_err(|e| AppError::Files(e.to_string()))?;
            if let Some(file) = &mut entry.file {
                file.key = key.clone();
            }
            let written = store
                .insert_with_file_text(&entry, text.as_deref().map(|t| (key.as_str(), t)))
                .await;
            if let Err(error) = written {
                if let Err(e) = files.delete(&key).await {
                    tracing::error!(%e, key, "cannot remove the file of an entry that was not stored");
                }
                return Err(error.into());
            }
        }
    }
    Ok(entry)
}

/// What the office does to an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Curation {
    /// Move it to another section (empty: none).
    Move(String),
    /// Show it first.
    Pin,
    /// Stop showing it first.
    Unpin,
    /// Hide it from the board, keeping it.
    Archive,
    /// Show it again.
    Unarchive,
    /// Delete it and its file.
    Delete,
}

/// Curates an entry of a collection (the office only).
pub async fn curate(
    app: &App,
    files: &Files,
    viewer: &Viewer,
    collection: &Collection,
    mut entry: Entry,
    action: Curation,
    lang: Lang,
) -> Result<(), AppError> {
    let store = app.store();
    if !viewer.may_edit(&entry) || entry.collection != collection.id {
        return Err(AppError::Forbidden);
    }
    let store = store.acting_as(viewer.user_id());
    match action {
        Curation::Move(section) => {
            let section = section.trim();
            if section.is_empty() {
                entry.section = None;
            } else if collection.sections.iter().any(|s| s.key == section) {
                entry.section = Some(section.to_owned());
            } else {
                let mut problems = Problems::new();
                problems.push(
                    "section",
                    Tr::new(lang).args("knowledge-error-section", &[("section", section)]),
                );
                return Err(AppError::Invalid(problems));
            }
        }
        Curation::Pin => entry.pinned = true,
        Curation::Unpin => entry.pinned = false,
        Curation::Archive => entry.archived = true,
        Curation::Unarchive => entry.archived = false,
        Curation::Delete => {
            let key = entry.file.as_ref().map(|f| f.key.clone());
            store
                .delete_with_file_text::<Entry>(&entry.id, key.as_deref())
                .await?;
            if let Some(key) = key
                && let Err(e) = files.delete(&key).await
            {
                tracing::error!(%e, key, "the entry is deleted but its file could not be removed");
            }
            return Ok(());
        }
    }
    store.update(&mut entry).await?;
    Ok(())
}

/// The ISO week a time falls in, as `2026-W48`, and the week's start (Monday 00:00 UTC).
fn week_of(time: Timestamp) -> (String, Timestamp) {
    let utc = jiff::tz::TimeZone::UTC;
    let date = utc.to_datetime(time).date();
    let monday = date
        .checked_sub(i64::from(date.weekday().to_monday_zero_offset()).days())
        .unwrap_or(date);
    let iso = monday.iso_week_date();
    let start = utc
        .to_timestamp(monday.to_datetime(jiff::civil::Time::midnight()))
        .unwrap_or(time);
    (format!("{}-W{:02}", iso.year(), iso.week()), start)
}

/// A collection and its entries of one week.
type WeekOfCollection = (Collection, Vec<Entry>);

/// Queues the weekly digest of the week before `now`'s week for every follower of every
/// collection with new entries that follower may see. A digest is queued once per user,
/// collection and week (the dedupe key), however often this runs; returns how many were queued.
pub async fn queue_digests(
    app: &App,
    addresses: &crate::forums::Addresses,
    now: Timestamp,
) -> Result<usize, AppError> {
    let store = app.store();
    let (_, this_week) = week_of(now);
    let start = this_week - SignedDuration::from_hours(7 * 24);
    let (week, _) = week_of(start);
    let follows = store.all_follows().await?;
    let mut queued = 0;
    let mut current: Option<(Id, Option<WeekOfCollection>)> = None;
    for (user_id, collection_id) in follows {
        if current.as_ref().is_none_or(|(id, _)| id != &collection_id) {
            let loaded = match store.get::<Collection>(&collection_id).await {
                Ok(collection) => {
                    let query = ListQuery::new(&collection.forum, urbis_domain::Access::Staff)
                        .filter("collection_id", Value::id(&collection.id))
                        .filter("archived", Value::flag(false))
                        .order_by("created_at", false);
                    let entries: Vec<Entry> = store
                        .list::<Entry>(&query)
                        .await?
                        .into_iter()
                        .filter(|e| e.created >= start && e.created < this_week)
                        .collect();
                    Some((collection, entries))
                }
                Err(StoreError::NotFound { .. }) => None,
                Err(error) => return Err(error.into()),
            };
            current = Some((collection_id.clone(), loaded));
        }
        let Some((_, Some((collection, entries)))) = &current else {
            continue;
        };
        let Some(user) = store.user(&user_id).await? else {
            continue;
        };
        let viewer = Viewer::user(&user);
        if !viewer.may_read(collection) {
            continue;
        }
        let visible: Vec<&Entry> = entries.iter().filter(|e| viewer.may_read(*e)).collect();
        if visible.is_empty() {
            continue;
        }
        let t = Tr::new(user.language);
        let title = collection.title.localize(user.language).text.to_owned();
        let link = format!(
            "{}/collections/{}",
            addresses.of(&collection.forum),
            collection.slug
        );
        let mut text = t.args(
            "knowledge-digest-intro",
            &[("collection", &title), ("week", &week)],
        );
        text.push_str("\n\n");
        for entry in &visible {
            text.push_str(&format!(
                "- {}\n  {link}#entry-{}\n",
                entry.title.localize(user.language).text,
                entry.id
            ));
        }
        text.push('\n');
        text.push_str(&t.args("knowledge-digest-outro", &[("link", &link)]));
        let count = i64::try_from(visible.len()).unwrap_or(i64::MAX);
        let subject = format!(
            "{} – {}",
            title,
            t.count("knowledge-digest-subject", "count", &count)
        );
        let fresh = Mail::from_text(user.email.clone(), user.language, subject, text)
            .forum(collection.forum.clone())
            .dedupe_key(format!("digest:{}:{}:{week}", user.id, collection.id))
            .enqueue(store)
            .await
            .map_err(|e| AppError::Mail(e.to_string()))?;
        if fresh.is_some() {
            queued += 1;
        }
    }
    Ok(queued)
}

#[cfg(test)]
mod tests;
