//! From the store to the index: building it whole, and applying the change log.

use std::collections::{BTreeMap, HashMap};

use urbis_domain::advocacy::AdvocacyAction;
use urbis_domain::events::{Event, Series};
use urbis_domain::knowledge::{Collection, Entry};
use urbis_domain::network::{Organisation, Topic};
use urbis_domain::portal::{FundingCall, Publication};
use urbis_domain::projects::Project;
use urbis_domain::{Access, Id, Kind, Record};
use urbis_store::{Change, ListQuery, Operation, Store, Stored, Value};

use crate::document::{self, Doc};
use crate::error::{Result, SearchError};
use crate::index::Search;

/// Records read from the store at a time while building.
const BATCH: i64 = 2_000;

/// The text of an entry's uploaded file (extracted at upload), for search.
pub async fn file_text_of(store: &Store, entry: &Entry) -> Result<Option<String>> {
    match &entry.file {
        Some(file) => Ok(store.file_text(&file.key).await?),
        None => Ok(None),
    }
}

/// Builds the index anew from the store: every searchable record of every forum. Returns the
/// number of records indexed.
pub async fn rebuild(store: &Store, search: &Search) -> Result<u64> {
    // Changes after this number may or may not be in what we read; applying them again later
    // is harmless (an upsert reads the record as it is then).
    let seq = store.last_change().await?;
    let collections = collection_access(store, &ListQuery::everything()).await?;
    blocking(search, super::index::Search::clear).await?;
    let mut indexed = 0;
    for kind in document::SEARCHED {
        indexed += index_all(store, search, *kind, None, &collections).await?;
    }
    blocking(search, move |s| s.commit(seq)).await?;
    Ok(indexed)
}

/// Indexes every record of one kind (of one forum, or of all), page by page.
async fn index_all(
    store: &Store,
    search: &Search,
    kind: Kind,
    forum: Option<&Id>,
    collections: &HashMap<Id, Access>,
) -> Result<u64> {
    let mut offset = 0;
    let mut indexed = 0;
    loop {
        let query = match forum {
            Some(forum) => ListQuery::new(forum, Access::Staff),
            None => ListQuery::everything(),
        }
        .page(BATCH, offset);
        let (docs, read) = read_docs(store, kind, &query, collections).await?;
        indexed += docs.len() as u64;
        blocking(search, move |s| s.add(&docs)).await?;
        if read < BATCH as usize {
            return Ok(indexed);
        }
        offset += BATCH;
    }
}

async fn list<R: Stored>(store: &Store, query: &ListQuery) -> Result<Vec<R>> {
    Ok(store.list::<R>(query).await?)
}

/// Reads one page of records of a kind as documents; also says how many records were read.
async fn read_docs(
    store: &Store,
    kind: Kind,
    query: &ListQuery,
    collections: &HashMap<Id, Access>,
) -> Result<(Vec<Doc>, usize)> {
    Ok(match kind {
        Kind::Event => counted(list::<Event>(store, query).await?, document::event),
        Kind::Series => counted(list::<Series>(store, query).await?, document::series),
        Kind::Collection => counted(
            list::<Collection>(store, query).await?,
            document::collection,
        ),
        Kind::Publication => counted(
            list::<Publication>(store, query).await?,
            document::publication,
        ),
        Kind::FundingCall => counted(
            list::<FundingCall>(store, query).await?,
            document::funding_call,
        ),
        Kind::Project => counted(list::<Project>(store, query).await?, document::project),
        Kind::Organisation => counted(
            list::<Organisation>(store, query).await?,
            document::organisation,
        ),
        Kind::Topic => counted(list::<Topic>(store, query).await?, document::topic),
        Kind::AdvocacyAction => counted(
            list::<AdvocacyAction>(store, query).await?,
            document::advocacy_action,
        ),
        Kind::Entry => {
            let entries = list::<Entry>(store, query).await?;
            let read = entries.len();
            (entry_docs(store, entries, collections).await?, read)
        }
        _ => (Vec::new(), 0),
    })
}

fn counted<R>(records: Vec<R>, doc: fn(&R) -> Doc) -> (Vec<Doc>, usize) {
    let read = records.len();
    (records.iter().map(doc).collect(), read)
}

async fn entry_docs(
    store: &Store,
    entries: Vec<Entry>,
    collections: &HashMap<Id, Access>,
) -> Result<Vec<Doc>> {
    let mut docs = Vec::with_capacity(entries.len());
    for entry in &entries {
        // An entry of a collection we cannot find stays out rather than show up too widely.
        let Some(access) = collections.get(&entry.collection) else {
            continue;
        };
        let text = file_text_of(store, entry).await?;
        docs.push(document::entry(entry, *access, text));
    }
    Ok(docs)
}

/// The access level of collections, for their entries.
async fn collection_access(store: &Store, query: &ListQuery) -> Result<HashMap<Id, Access>> {
    Ok(store
        .list::<Collection>(query)
        .await?
        .into_iter()
        .map(|c| (c.id, c.access))
        .collect())
}

/// Applies a batch of changes (oldest first) and commits them with the number of the last.
pub async fn apply(store: &Store, search: &Search, changes: &[Change]) -> Result<()> {
    let Some(last) = changes.last().map(|c| c.seq) else {
        return Ok(());
    };
    // The latest operation per record wins; imports rebuild their forum.
    let mut latest: BTreeMap<(Kind, Id), Operation> = BTreeMap::new();
    let mut imported: Vec<Id> = Vec::new();
    for change in changes {
        if change.operation == Operation::Import {
            imported.push(change.forum.clone());
        } else if document::SEARCHED.contains(&change.kind) {
            latest.insert((change.kind, change.id.clone()), change.operation);
        }
    }
    for forum in &imported {
        reindex_forum(store, search, forum).await?;
    }
    let mut by_kind: BTreeMap<Kind, Vec<Id>> = BTreeMap::new();
    let mut removed = Vec::new();
    for ((kind, id), operation) in latest {
        match operation {
            Operation::Delete => removed.push(id),
            _ => by_kind.entry(kind).or_default().push(id),
        }
    }
    for (kind, ids) in by_kind {
        let docs = load(store, kind, &ids).await?;
        let gone: Vec<Id> = ids
            .iter()
            .filter(|id| !docs.iter().any(|d| &d.id == *id))
            .cloned()
            .collect();
        removed.extend(gone);
        blocking(search, move |s| s.put(&docs)).await?;
    }
    blocking(search, move |s| {
        s.remove(&removed)?;
        s.commit(last)
    })
    .await
}

/// Reads records of one kind by id as documents; a changed collection brings its entries
/// (their access follows the collection's).
async fn load(store: &Store, kind: Kind, ids: &[Id]) -> Result<Vec<Doc>> {
    async fn many<R: Stored>(store: &Store, ids: &[Id], doc: fn(&R) -> Doc) -> Result<Vec<Doc>> {
        Ok(store.get_many::<R>(ids).await?.iter().map(doc).collect())
    }
    match kind {
        Kind::Event => many::<Event>(store, ids, document::event).await,
        Kind::Series => many::<Series>(store, ids, document::series).await,
        Kind::Publication => many::<Publication>(store, ids, document::publication).await,
        Kind::FundingCall => many::<FundingCall>(store, ids, document::funding_call).await,
        Kind::Project => many::<Project>(store, ids, document::project).await,
        Kind::Organisation => many::<Organisation>(store, ids, document::organisation).await,
        Kind::Topic => many::<Topic>(store, ids, document::topic).await,
        Kind::AdvocacyAction => many::<AdvocacyAction>(store, ids, document::advocacy_action).await,
        Kind::Collection => {
            let collections = store.get_many::<Collection>(ids).await?;
            let mut docs: Vec<Doc> = collections.iter().map(document::collection).collect();
            let access: HashMap<Id, Access> = collections
                .iter()
                .map(|c| (c.id.clone(), c.access))
                .collect();
            for collection in &collections {
                let query = ListQuery::new(collection.forum(), Access::Staff)
                    .filter("collection_id", Value::id(&collection.id));
                let entries = store.list::<Entry>(&query).await?;
                docs.extend(entry_docs(store, entries, &access).await?);
            }
            Ok(docs)
        }
        Kind::Entry => {
            let entries = store.get_many::<Entry>(ids).await?;
            let mut wanted: Vec<Id> = entries.iter().map(|e| e.collection.clone()).collect();
            wanted.sort_by(|a, b| a.as_str().cmp(b.as_str()));
            wanted.dedup();
            let access: HashMap<Id, Access> = store
                .get_many::<Collection>(&wanted)
                .await?
                .into_iter()
                .map(|c| (c.id, c.access))
                .collect();
            entry_docs(store, entries, &access).await
        }
        _ => Ok(Vec::new()),
    }
}

/// Replaces every document of one forum with its records as stored now.
async fn reindex_forum(store: &Store, search: &Search, forum: &Id) -> Result<()> {
    let collections = collection_access(store, &ListQuery::new(forum, Access::Staff)).await?;
    let id = forum.clone();
    blocking(search, move |s| s.remove_forum(&id)).await?;
    for kind in document::SEARCHED {
        index_all(store, search, *kind, Some(forum), &collections).await?;
    }
    Ok(())
}

/// Runs index work off the async threads.
async fn blocking<T: Send + 'static>(
    search: &Search,
    work: impl FnOnce(&Search) -> Result<T> + Send + 'static,
) -> Result<T> {
    let search = search.clone();
    tokio::task::spawn_blocking(move || work(&search))
        .await
        .map_err(|e| SearchError::Task(e.to_string()))?
}
