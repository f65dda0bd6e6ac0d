//! What a collection's board shows: a page of its entries (pinned first, newest first) and
//! what they name — authors, organisations, the records they point at — with who added the
//! entries without an author, and whether the viewer follows the collection.

use std::collections::{HashMap, HashSet};

use jiff::Timestamp;
use urbis_domain::advocacy::Cooperation;
use urbis_domain::events::{Event, Series};
use urbis_domain::knowledge::{Collection, Entry};
use urbis_domain::network::{Organisation, Person};
use urbis_domain::portal::Publication;
use urbis_domain::projects::{FundingApplication, Project};
use urbis_domain::{Access, Id, Kind, Text, Viewer};
use urbis_store::{ListQuery, Value};

use crate::paging::{Page, PageRequest};
use crate::visible;
use crate::{App, AppError};

/// The collection of `forum` with this slug, if the viewer may read it (none for an unknown or
/// hidden one alike).
pub async fn find(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    slug: &str,
) -> Result<Option<Collection>, AppError> {
    let query = ListQuery::new(forum, Access::Staff)
        .filter("slug", Value::text(slug))
        .page(1, 0);
    let found: Option<Collection> = app.store().list(&query).await?.into_iter().next();
    Ok(found.filter(|c| viewer.may_read(c)))
}

/// Notes that `user` opened the collection now; the moment of the visit before, if any (what
/// is newer is marked new).
pub async fn record_visit(
    app: &App,
    user: &Id,
    collection: &Id,
    now: Timestamp,
) -> Result<Option<Timestamp>, AppError> {
    Ok(app.store().record_visit(user, collection, now).await?)
}

/// Follows (true) or stops following (false) a collection: followers get the weekly digest.
pub async fn set_following(
    app: &App,
    user: &Id,
    collection: &Id,
    follow: bool,
    now: Timestamp,
) -> Result<(), AppError> {
    app.store()
        .set_following(user, collection, follow, now)
        .await?;
    Ok(())
}

/// The records of a board page.
#[derive(Debug, Clone)]
pub struct Board {
    /// The page of entries, pinned first, then newest first.
    pub entries: Page<Entry>,
    /// The entries' authors the viewer may see, by id.
    pub people: HashMap<Id, Person>,
    /// The entries' organisations the viewer may see, by id.
    pub organisations: HashMap<Id, Organisation>,
    /// The titles of the records with a page of their own the entries point at, by id.
    pub titles: HashMap<Id, Text>,
    /// The visible records without a page of their own the entries point at.
    pub unlinked: HashSet<Id>,
    /// Who added each entry without a visible author (the account's name), by entry id.
    pub adders: HashMap<String, String>,
    /// Whether the viewer follows the collection.
    pub following: bool,
}

/// Reads a page of the board of `collection` for the viewer (`user`, when logged in), with
/// archived entries or without: a count, a page query and one query per kind it names.
pub async fn board(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    collection: &Collection,
    show_archived: bool,
    user: Option<&Id>,
    page: PageRequest,
) -> Result<Board, AppError> {
    let mut query = ListQuery::new(forum, viewer.reads(forum))
        .filter("collection_id", Value::id(&collection.id))
        .order_by("pinned", true)
        .order_by("created_at", true);
    if !show_archived {
        query = query.filter("archived", Value::flag(false));
    }
    let entries: Page<Entry> = crate::paging::read(app, &query, page).await?;
    let ids = |f: &dyn Fn(&Entry) -> Option<Id>| -> Vec<Id> {
        entries.rows.iter().filter_map(f).collect()
    };
    let people = visible::by_id::<Person>(app, viewer, forum, &ids(&|e| e.author.clone())).await?;
    let organisations =
        visible::by_id::<Organisation>(app, viewer, forum, &ids(&|e| e.organisation.clone()))
            .await?;
    let referenced = |kind: Kind| {
        ids(&|e| {
            e.reference
                .as_ref()
                .filter(|r| r.kind == kind)
                .map(|r| r.id.clone())
        })
    };
    let mut titles: HashMap<Id, Text> = HashMap::new();
    for e in visible::many::<Event>(app, viewer, forum, &referenced(Kind::Event)).await? {
        titles.insert(e.id, e.title);
    }
    for p in visible::many::<Project>(app, viewer, forum, &referenced(Kind::Project)).await? {
        titles.insert(p.id, p.title);
    }
    let publications = referenced(Kind::Publication);
    for p in visible::many::<Publication>(app, viewer, forum, &publications).await? {
        titles.insert(p.id, p.title);
    }
    for s in visible::many::<Series>(app, viewer, forum, &referenced(Kind::Series)).await? {
        titles.insert(s.id, s.title);
    }
    // Records without a page of their own: named by the entry's title when visible.
    let mut unlinked: HashSet<Id> = HashSet::new();
    let applications = referenced(Kind::FundingApplication);
    for a in visible::many::<FundingApplication>(app, viewer, forum, &applications).await? {
        unlinked.insert(a.id);
    }
    let cooperations = referenced(Kind::Cooperation);
    for c in visible::many::<Cooperation>(app, viewer, forum, &cooperations).await? {
        unlinked.insert(c.id);
    }
    let without_person: Vec<Id> = entries
        .rows
        .iter()
        .filter(|e| e.author.as_ref().is_none_or(|a| !people.contains_key(a)))
        .map(|e| e.id.clone())
        .collect();
    let adders = app.store().entry_adders(&without_person).await?;
    let following = match user {
        Some(user) => app
            .store()
            .followed_collections(user)
            .await?
            .contains(&collection.id),
        None => false,
    };
    Ok(Board {
        entries,
        people,
        organisations,
        titles,
        unlinked,
        adders,
        following,
    })
}
