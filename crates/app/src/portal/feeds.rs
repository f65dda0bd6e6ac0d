//! What the portal's RSS and Atom feeds carry: the newest public publications, funding calls
//! and portal events of a forum (and those shared into it), optionally of one topic only;
//! anyone reads a feed, so only public records, whoever asks. At most a feed's length of each.

use std::collections::HashMap;

use urbis_domain::events::Event;
use urbis_domain::portal::{FundingCall, Publication, PublicationKind};
use urbis_domain::{Access, Id};
use urbis_store::{ListQuery, Value};

use crate::visible;
use crate::{App, AppError};

/// The kinds of records a feed carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Wanted {
    /// Publications (all kinds, or news only).
    pub publications: bool,
    /// Only publications of kind news.
    pub news_only: bool,
    /// Funding calls.
    pub calls: bool,
    /// Events shown on the portal.
    pub events: bool,
}

/// The newest records of a feed, each kind newest first by its last change.
#[derive(Debug, Clone, Default)]
pub struct FeedRecords {
    /// Publications.
    pub publications: Vec<Publication>,
    /// Funding calls.
    pub calls: Vec<FundingCall>,
    /// Portal events.
    pub events: Vec<Event>,
    /// The short names of other forums that share listed records, by forum id.
    pub owners: HashMap<Id, String>,
}

/// The newest `limit` public records of each wanted kind of `forum` (on `topic`, if given):
/// one query per kind.
pub async fn newest(
    app: &App,
    forum: &Id,
    wanted: Wanted,
    topic: Option<&Id>,
    limit: u32,
) -> Result<FeedRecords, AppError> {
    let store = app.store();
    let public = || {
        let query = ListQuery::new(forum, Access::Public)
            .with_shared()
            .order_by("updated_at", true)
            .page(i64::from(limit), 0);
        match topic {
            Some(topic) => query.referring_to(topic, crate::topics::TOPICS),
            None => query,
        }
    };
    let mut records = FeedRecords::default();
    if wanted.publications {
        let query = if wanted.news_only {
            public().filter("kind", Value::name(&PublicationKind::News))
        } else {
            public()
        };
        records.publications = store.list(&query).await?;
    }
    if wanted.calls {
        records.calls = store.list(&public()).await?;
    }
    if wanted.events {
        records.events = store
            .list(&public().filter("portal", Value::flag(true)))
            .await?;
    }
    let owning = (records.publications.iter().map(|p| &p.forum))
        .chain(records.calls.iter().map(|c| &c.forum))
        .chain(records.events.iter().map(|e| &e.forum));
    records.owners = visible::owners(app, forum, owning).await?;
    Ok(records)
}
