//! Permission-aware search of urbis. The index is a projection of the store: built from it
//! (`urbis reindex`), kept current by following the store's change log (on every server node),
//! and asked with the viewer's access level inside every query.

mod conjunction;
mod document;
mod error;
mod follow;
mod index;
mod indexer;
mod pairs;
mod query;
mod schema;
mod tally;
mod visible;

pub use document::{Doc, SEARCHED};
pub use error::{Result, SearchError};
pub use follow::{POLL, catch_up, follow, spawn};
pub use index::{Search, WriterOptions};
pub use indexer::{apply, file_text_of, rebuild};
pub use query::{Facets, Hit, MAX_PAGE, MAX_QUERY_CHARS, PAGE_SIZE, Request, Results, parse_page};

/// Turning records into documents, for those who index records without a store (benchmarks).
pub mod documents {
    pub use crate::document::{
        advocacy_action, collection, entry, event, funding_call, organisation, project,
        publication, series, topic,
    };
}
