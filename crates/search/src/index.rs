//! The index handle: where the index lives, writing documents, committing with the number of
//! the last change applied.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

use tantivy::directory::{Directory, INDEX_WRITER_LOCK, MmapDirectory};
use tantivy::query::QueryParser;
use tantivy::schema::{Facet, Schema};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};
use urbis_domain::Id;

use crate::document::Doc;
use crate::error::{Result, SearchError};
use crate::schema::{self, Fields, Slot};

/// How much the writer may use: more threads and memory index faster.
#[derive(Debug, Clone, Copy)]
pub struct WriterOptions {
    /// Indexing threads.
    pub threads: usize,
    /// Memory for buffered documents, in bytes (at least 15 MB per thread).
    pub memory: usize,
}

impl Default for WriterOptions {
    fn default() -> Self {
        Self {
            threads: 1,
            memory: 40_000_000,
        }
    }
}

/// The search index of one server: cheap to clone, safe to share.
#[derive(Clone)]
pub struct Search(Arc<Inner>);

pub(crate) struct Inner {
    pub(crate) reader: IndexReader,
    pub(crate) writer: Mutex<IndexWriter>,
    pub(crate) fields: Fields,
    pub(crate) parser: QueryParser,
    /// The last change of the store's change log that the index holds (-1: none yet).
    applied: AtomicI64,
    /// How many changes the index is behind the store, as last seen.
    behind: AtomicI64,
    dir: Option<PathBuf>,
}

impl std::fmt::Debug for Search {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Search")
            .field("dir", &self.0.dir)
            .field("applied", &self.applied())
            .finish_non_exhaustive()
    }
}

/// Why an index directory cannot be opened while another process writes to it.
const IN_USE: &str = "it is in use by another urbis process (a running `urbis serve`?)";

/// What a commit remembers: the last change applied.
#[derive(serde::Serialize, serde::Deserialize)]
struct Payload {
    seq: i64,
}

impl Search {
    /// An index in memory (tests, benchmarks): empty until built.
    pub fn in_ram() -> Result<Self> {
        let (schema, fields) = schema::build();
        Self::with(
            Index::create_in_ram(schema),
            fields,
            None,
            WriterOptions::default(),
        )
    }

    /// The index in a directory, created when missing; an index of another layout (an
    /// older urbis) is replaced by an empty one, to be rebuilt.
    pub fn open(dir: &Path) -> Result<Self> {
        Self::open_with(dir, WriterOptions::default())
    }

    /// [`Search::open`] with a writer sized for bulk indexing. An index that cannot be opened
    /// or whose files fail their checksums (a disk fault, a copy cut short) is emptied, so that
    /// the follower rebuilds it from the store, instead of keeping the server from starting.
    pub fn open_with(dir: &Path, options: WriterOptions) -> Result<Self> {
        let fail = |message: String| SearchError::Directory {
            dir: dir.display().to_string(),
            message,
        };
        std::fs::create_dir_all(dir).map_err(|e| fail(format!("cannot create it: {e}")))?;
        let (schema, fields) = schema::build();
        let directory = MmapDirectory::open(dir).map_err(|e| fail(e.to_string()))?;
        if !Index::exists(&directory).unwrap_or(false) {
            return Self::create(directory, schema, fields, dir, options);
        }
        let opened = match Index::open(directory.clone()) {
            Ok(index) if !same_layout(&index.schema(), &schema) => {
                tracing::warn!(dir = %dir.display(), "the search index has an old layout; it is rebuilt");
                None
            }
            Ok(index) => match damage(&index) {
                None => Some(index),
                Some(damage) => {
                    tracing::warn!(dir = %dir.display(), %damage, "the search index is damaged; it is rebuilt from the store");
                    None
                }
            },
            Err(error) => {
                tracing::warn!(dir = %dir.display(), %error, "the search index cannot be opened; it is rebuilt from the store");
                None
            }
        };
        match opened {
            Some(index) => match Self::with(index, fields.clone(), Some(dir.to_owned()), options) {
                Err(error @ SearchError::Directory { .. }) => Err(error),
                Err(error) => {
                    tracing::warn!(dir = %dir.display(), %error, "the search index cannot be read; it is rebuilt from the store");
                    Self::replace(&directory, schema, fields, dir, options)
                }
                ok => ok,
            },
            None => Self::replace(&directory, schema, fields, dir, options),
        }
    }

    /// Empties the directory (unless another process holds the index) and creates a new index.
    fn replace(
        directory: &MmapDirectory,
        schema: Schema,
        fields: Fields,
        dir: &Path,
        options: WriterOptions,
    ) -> Result<Self> {
        let fail = |message: String| SearchError::Directory {
            dir: dir.display().to_string(),
            message,
        };
        {
            let _held = directory
                .acquire_lock(&INDEX_WRITER_LOCK)
                .map_err(|_| fail(IN_USE.to_owned()))?;
            clear_dir(dir).map_err(|e| fail(format!("cannot clear it: {e}")))?;
        }
        let directory = MmapDirectory::open(dir).map_err(|e| fail(e.to_string()))?;
        Self::create(directory, schema, fields, dir, options)
    }

    fn create(
        directory: MmapDirectory,
        schema: Schema,
        fields: Fields,
        dir: &Path,
        options: WriterOptions,
    ) -> Result<Self> {
        let index = Index::create(directory, schema, tantivy::IndexSettings::default())?;
        Self::with(index, fields, Some(dir.to_owned()), options)
    }

    /// An index in memory with a writer sized for bulk indexing (benchmarks).
    pub fn in_ram_with(options: WriterOptions) -> Result<Self> {
        let (schema, fields) = schema::build();
        Self::with(Index::create_in_ram(schema), fields, None, options)
    }

    fn with(
        index: Index,
        fields: Fields,
        dir: Option<PathBuf>,
        options: WriterOptions,
    ) -> Result<Self> {
        schema::register(index.tokenizers());
        let writer = index
            .writer_with_num_threads(options.threads.max(1), options.memory.max(15_000_000))
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(..) => SearchError::Directory {
                    dir: dir
                        .as_ref()
                        .map(|d| d.display().to_string())
                        .unwrap_or_default(),
                    message: IN_USE.to_owned(),
                },
                other => other.into(),
            })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let applied = index
            .load_metas()?
            .payload
            .and_then(|p| serde_json::from_str::<Payload>(&p).ok())
            .map_or(-1, |p| p.seq);
        let mut parser = QueryParser::for_index(&index, searched_fields(&fields));
        parser.set_conjunction_by_default();
        Ok(Search(Arc::new(Inner {
            reader,
            writer: Mutex::new(writer),
            fields,
            parser,
            applied: AtomicI64::new(applied),
            behind: AtomicI64::new(0),
            dir,
        })))
    }

    pub(crate) fn inner(&self) -> &Inner {
        &self.0
    }

    /// The fields of the index.
    pub fn fields(&self) -> &Fields {
        &self.0.fields
    }

    /// The number of the last change of the store the index holds; `None` when it was never
    /// built.
    pub fn applied(&self) -> Option<i64> {
        let seq = self.0.applied.load(Ordering::Acquire);
        (seq >= 0).then_some(seq)
    }

    /// How many changes of the store the index has not applied yet (for `/metrics`).
    pub fn lag(&self) -> i64 {
        self.0.behind.load(Ordering::Relaxed)
    }

    pub(crate) fn set_lag(&self, behind: i64) {
        self.0.behind.store(behind.max(0), Ordering::Relaxed);
    }

    /// Whether the index can be searched and written (readiness): its writer is usable (not
    /// poisoned by a panic) and, for an index on disk, its directory is still there.
    pub fn check(&self) -> Result<()> {
        if self.0.writer.is_poisoned() {
            return Err(SearchError::Task("the index writer was poisoned".into()));
        }
        match &self.0.dir {
            Some(dir) if !dir.join("meta.json").is_file() => Err(SearchError::Directory {
                dir: dir.display().to_string(),
                message: "the index is gone".into(),
            }),
            _ => Ok(()),
        }
    }

    /// The directory of an index on disk (`None` in memory), for `/metrics`' free disk space.
    pub fn dir(&self) -> Option<&Path> {
        self.0.dir.as_deref()
    }

    /// The number of documents a search can see.
    pub fn len(&self) -> u64 {
        self.0.reader.searcher().num_docs()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn writer(&self) -> Result<std::sync::MutexGuard<'_, IndexWriter>> {
        self.0
            .writer
            .lock()
            .map_err(|_| SearchError::Task("the index writer was poisoned".into()))
    }

    /// Adds or replaces the documents of these records (not visible before [`Search::commit`]).
    pub fn put(&self, docs: &[Doc]) -> Result<()> {
        let writer = self.writer()?;
        for doc in docs {
            writer.delete_term(Term::from_field_text(self.0.fields.id, doc.id.as_str()));
            writer.add_document(self.document(doc))?;
        }
        Ok(())
    }

    /// Adds documents of records that are not indexed yet (a fresh build): no deletes.
    pub fn add(&self, docs: &[Doc]) -> Result<()> {
        let writer = self.writer()?;
        for doc in docs {
            writer.add_document(self.document(doc))?;
        }
        Ok(())
    }

    /// Removes the documents of these records.
    pub fn remove(&self, ids: &[Id]) -> Result<()> {
        let writer = self.writer()?;
        for id in ids {
            writer.delete_term(Term::from_field_text(self.0.fields.id, id.as_str()));
        }
        Ok(())
    }

    /// Removes every document of a forum.
    pub fn remove_forum(&self, forum: &Id) -> Result<()> {
        self.writer()?
            .delete_term(Term::from_field_text(self.0.fields.forum, forum.as_str()));
        Ok(())
    }

    /// Removes every document.
    pub fn clear(&self) -> Result<()> {
        self.writer()?.delete_all_documents()?;
        Ok(())
    }

    /// Makes the writes so far visible to searches and remembers `seq` as the last change
    /// applied, in the same commit.
    pub fn commit(&self, seq: i64) -> Result<()> {
        {
            let mut writer = self.writer()?;
            let mut commit = writer.prepare_commit()?;
            let payload = serde_json::to_string(&Payload { seq })
                .map_err(|e| SearchError::Task(e.to_string()))?;
            commit.set_payload(&payload);
            commit.commit()?;
        }
        self.0.reader.reload()?;
        self.0.applied.store(seq, Ordering::Release);
        Ok(())
    }

    /// Merges every segment into one (after a full build): fewer segments, faster searches.
    pub fn compact(&self) -> Result<()> {
        {
            let mut writer = self.writer()?;
            let segments = writer.index().searchable_segment_ids()?;
            if segments.len() > 1 {
                writer.merge(&segments).wait()?;
            }
        }
        self.0.reader.reload()?;
        Ok(())
    }

    fn document(&self, doc: &Doc) -> TantivyDocument {
        let f = &self.0.fields;
        let mut d = TantivyDocument::default();
        d.add_text(f.id, doc.id.as_str());
        d.add_text(f.kind, doc.kind.name());
        d.add_text(f.forum, doc.forum.as_str());
        d.add_text(f.access, doc.access.as_str());
        d.add_u64(f.level, crate::visible::rank(doc.access));
        d.add_u64(f.shared, crate::visible::sharing(doc.shared));
        d.add_facet(f.facets, Facet::from_path(["kind", doc.kind.name()]));
        for topic in &doc.topics {
            d.add_facet(f.facets, Facet::from_path(["topic", topic.as_str()]));
        }
        if let Some(date) = &doc.date {
            d.add_facet(
                f.facets,
                Facet::from_path(["year", &date.year_number().to_string()]),
            );
            d.add_text(f.date, date.to_string());
        }
        for (lang, text) in doc.title.iter() {
            let slot = Slot::of(lang);
            d.add_text(f.title(slot), text);
            for _ in 0..TITLE_WEIGHT {
                d.add_text(f.words(slot), text);
            }
            d.add_text(f.pairs(slot), text);
        }
        for text in &doc.texts {
            for (lang, text) in text.iter() {
                let slot = Slot::of(lang);
                d.add_text(f.body(slot), text);
                d.add_text(f.words(slot), text);
                d.add_text(f.pairs(slot), text);
            }
        }
        let original = Slot::of(doc.title.original());
        for text in &doc.plain {
            d.add_text(f.body(original), text);
            d.add_text(f.words(original), text);
            d.add_text(f.pairs(original), text);
        }
        for name in &doc.names {
            d.add_text(f.names, name);
            d.add_text(f.pairs(Slot::Other), name);
        }
        if let Some(parent) = &doc.parent {
            d.add_text(f.parent, parent);
        }
        d
    }
}

/// How many times a title goes into the searched words: a word of the title counts as much as
/// that many in the text (BM25F-style weighting by repetition).
const TITLE_WEIGHT: usize = 3;

/// The fields a search text in query syntax is looked for in.
fn searched_fields(fields: &Fields) -> Vec<tantivy::schema::Field> {
    Slot::ALL.iter().map(|s| fields.words(*s)).collect()
}

fn same_layout(found: &Schema, wanted: &Schema) -> bool {
    serde_json::to_string(found).ok() == serde_json::to_string(wanted).ok()
}

/// What is wrong with the files of an opened index, if anything: a file of a segment that is
/// missing, cut short or fails its checksum.
fn damage(index: &Index) -> Option<String> {
    match index.validate_checksum() {
        Ok(damaged) if damaged.is_empty() => None,
        Ok(damaged) => Some(format!(
            "{} file(s) fail their checksum, e.g. {}",
            damaged.len(),
            damaged
                .iter()
                .next()
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        )),
        Err(error) => Some(error.to_string()),
    }
}

/// Empties an index directory (only the files an index keeps there; not the writer's lock).
fn clear_dir(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let lock = path.file_name() == Some(INDEX_WRITER_LOCK.filepath.as_os_str());
        if path.is_file() && !lock {
            std::fs::remove_file(path)?;
        }
    }
    Ok(())
}
