//! The one door to the store: pages, the JSON API, feeds, calendars and the command line reach
//! the records only through [`App`] and the use cases and read models that take it, so every
//! read is bounded and asks the access policy in one place.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use urbis_domain::Id;
use urbis_store::Store;

use crate::accounts::session_cache::SessionCache;
use crate::kept::KeptReads;
use crate::report::MadePdfs;

use crate::AppError;

/// The application over one store: cheap to clone, one per process.
#[derive(Debug, Clone)]
pub struct App {
    store: Store,
    /// Live sessions kept between writes (`accounts::session_cache`).
    sessions: Arc<SessionCache>,
    /// Read models kept between writes (`kept`).
    reads: Arc<KeptReads>,
    /// The program that typesets report PDFs in a process of their own (`report`), if any.
    typesetter: Option<Arc<PathBuf>>,
    /// Report PDFs already typeset, by their markup (`report::made`).
    pdfs: Arc<MadePdfs>,
}

impl App {
    /// The application over `store`.
    pub fn new(store: Store) -> Self {
        Self {
            store,
            sessions: Arc::default(),
            reads: Arc::default(),
            typesetter: None,
            pdfs: Arc::default(),
        }
    }

    /// The same application, typesetting report PDFs with `program typeset` in a process of
    /// its own instead of in this one: what a long-running server does, so that typst's
    /// working memory is given back when the PDF is made.
    pub fn typesetting_with(mut self, program: PathBuf) -> Self {
        self.typesetter = Some(Arc::new(program));
        self
    }

    /// The program that typesets report PDFs, when not this process.
    pub(crate) fn typesetter(&self) -> Option<&Path> {
        self.typesetter.as_deref().map(PathBuf::as_path)
    }

    /// The report PDFs made by this process.
    pub(crate) fn made_pdfs(&self) -> &MadePdfs {
        &self.pdfs
    }

    /// How many bytes of report PDFs are kept (for tests and `/metrics`).
    pub fn kept_pdf_bytes(&self) -> usize {
        self.pdfs.bytes()
    }

    /// Sets the most bytes of read models kept between writes (0: none, every page reads
    /// the store), as the operator configures it.
    pub fn set_read_budget(&self, bytes: usize) {
        self.reads.set_budget(bytes);
    }

    /// How many read models are kept now (for tests and `/metrics`).
    pub fn kept_reads(&self) -> usize {
        self.reads.len()
    }

    /// The read models kept between writes.
    pub(crate) fn reads(&self) -> &KeptReads {
        &self.reads
    }

    /// The store behind the door, for the use cases of this crate.
    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    /// The live sessions kept between writes.
    pub(crate) fn sessions(&self) -> &SessionCache {
        &self.sessions
    }

    /// The same application writing in the name of `actor` (or of no one), so the audit log
    /// says who changed what.
    pub fn acting_as(&self, actor: Option<&Id>) -> Self {
        Self {
            store: self.store.acting_as(actor),
            sessions: self.sessions.clone(),
            reads: self.reads.clone(),
            pdfs: self.pdfs.clone(),
            typesetter: self.typesetter.clone(),
        }
    }

    /// A number that grows with every committed write: what a cache compares to know whether
    /// what it keeps may be stale.
    pub fn write_generation(&self) -> u64 {
        self.store.write_generation()
    }

    /// The connection pools by name, with their size and idle connections, for `/metrics`.
    pub fn pool_status(&self) -> Vec<(&'static str, u32, usize)> {
        self.store.pool_status()
    }

    /// How many mails wait in the outbox (queued or being sent), for `/metrics`.
    pub async fn outbox_len(&self) -> Result<i64, AppError> {
        Ok(self.store.outbox_len().await?)
    }

    /// The outbox in figures (queued, due, being sent, failed, the oldest due), for `/metrics`.
    pub async fn outbox_figures(&self) -> Result<urbis_store::OutboxFigures, AppError> {
        Ok(self.store.outbox_figures().await?)
    }

    /// Whether the store answers at all (liveness): one trivial query.
    pub async fn answers(&self) -> Result<(), AppError> {
        self.store.is_empty().await?;
        Ok(())
    }

    /// Whether this node may take traffic (readiness): the store answers, a SQLite file is
    /// still on disk, its schema is this version's and it holds a forum.
    pub async fn readiness(&self) -> Result<Readiness, AppError> {
        if let Some(file) = self.store.missing_file().await? {
            return Ok(Readiness::DatabaseGone(file));
        }
        if let Some(mismatch) = self.store.schema_mismatch().await? {
            return Ok(Readiness::SchemaMismatch(mismatch));
        }
        if self.store.is_empty().await? {
            return Ok(Readiness::NoForum);
        }
        Ok(Readiness::Ready)
    }

    /// Waits for the store's pools to close (graceful shutdown).
    pub async fn close(&self) {
        self.store.close().await;
    }
}

/// What keeps a node from taking traffic, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Readiness {
    /// It may take traffic.
    Ready,
    /// The stored schema is not this version's (what differs).
    SchemaMismatch(String),
    /// The store holds no forum yet.
    NoForum,
    /// The SQLite database file is no longer where it was opened (its path).
    DatabaseGone(String),
}
