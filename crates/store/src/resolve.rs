//! What the store looks up before it builds a list's SQL: the forums sharing into the forum
//! (a shared list), and whether few records refer to a list's reference target (a topic's
//! lists), which decides whether the list is read from those records or by probing its rows.

use std::borrow::Cow;
use std::num::NonZeroUsize;
use std::sync::Mutex;

use lru::LruCache;
use sqlx::Row;
use urbis_domain::Id;

use crate::error::Result;
use crate::records::{FEW_CARRIERS, ListQuery};
use crate::store::Store;
use crate::table::Stored;

/// How many reference targets' counts are kept at most (the least recently used go first).
const KEPT_TARGETS: usize = 1024;

/// Whether few records of a kind refer to a target through a field, as counted at a write
/// generation: a page counts and lists the same topic's records several times, and counts it
/// once. A decision kept past another node's write can only choose the slower of two plans
/// that give the same rows, so it is kept until this process writes, with no time bound.
#[derive(Debug)]
pub(crate) struct KeptCarriers(Mutex<LruCache<Carried, (u64, bool)>>);

/// A reference target, the kind of the records referring to it, and the field path.
type Carried = (Id, &'static str, &'static str);

impl Default for KeptCarriers {
    fn default() -> Self {
        let size = NonZeroUsize::new(KEPT_TARGETS).unwrap_or(NonZeroUsize::MIN);
        Self(Mutex::new(LruCache::new(size)))
    }
}

impl Store {
    /// `query` with what its SQL needs to know of the store.
    pub(crate) async fn resolved<'q, R: Stored>(
        &self,
        query: &'q ListQuery,
    ) -> Result<Cow<'q, ListQuery>> {
        let mut resolved = Cow::Borrowed(query);
        if let Some(forum) = query.sharing_wanted::<R>() {
            let sharing = self.sharing(forum).await?;
            resolved = Cow::Owned(query.clone().sharing_from(sharing));
        }
        if let Some((target, field)) = query.carriers_uncounted() {
            let few = self.few_carriers::<R>(target, field).await?;
            resolved = Cow::Owned(resolved.into_owned().carriers_counted(few));
        }
        Ok(resolved)
    }

    /// Whether at most [`FEW_CARRIERS`] records of `R` refer to `target` through `field`:
    /// counted on the references' index, never further than one past the bound, once per
    /// write generation.
    async fn few_carriers<R: Stored>(&self, target: &Id, field: &'static str) -> Result<bool> {
        let generation = self.write_generation();
        let key = (target.clone(), R::KIND.name(), field);
        let kept = self.carriers.0.lock().ok().and_then(|mut kept| {
            kept.get(&key)
                .filter(|(at, _)| *at == generation)
                .map(|(_, few)| *few)
        });
        if let Some(few) = kept {
            return Ok(few);
        }
        let row = sqlx::query(
            "select count(*) from (select 1 from refs where to_id = $1 and from_kind = $2 \
             and field like $3 limit $4) carriers",
        )
        .bind(target.as_str())
        .bind(R::KIND.name())
        .bind(format!("{field}%"))
        .bind(FEW_CARRIERS + 1)
        .fetch_one(&self.pools.read)
        .await?;
        let few = row.try_get::<i64, _>(0)? <= FEW_CARRIERS;
        if let Ok(mut kept) = self.carriers.0.lock() {
            kept.put(key, (generation, few));
        }
        Ok(few)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use urbis_domain::events::Event;
    use urbis_domain::knowledge::Entry;
    use urbis_domain::network::Topic;
    use urbis_domain::{Access, Record};
    use urbis_testkit::TestDb;

    use super::*;
    use crate::Value;

    urbis_testkit::on_both_databases!(few_and_many_referring_records_give_the_same_lists);

    /// A topic's lists read from the records that refer to it and by probing the rows of
    /// the list are the same lists, page for page, and count the same.
    async fn few_and_many_referring_records_give_the_same_lists(db: TestDb) {
        let store = Store::open(db.url()).await.unwrap();
        store
            .import(urbis_demo::scale::scaled(3, 7).unwrap())
            .await
            .unwrap();
        let topics: Vec<Topic> = store.list(&ListQuery::everything()).await.unwrap();
        let topic = topics.iter().find(|t| t.slug == "nachtleben").unwrap();
        let forum = topic.forum().clone();
        let on_topic =
            || ListQuery::new(&forum, Access::Members).referring_to(topic.id(), "topics[");
        let both = |query: ListQuery| {
            [
                query.clone().carriers_counted(true),
                query.carriers_counted(false),
            ]
        };
        let mut compared = 0;
        for page in 0..3 {
            let [few, many] = both(on_topic().order_by("start_date", true).page(4, page * 4));
            let few: Vec<Event> = store.list(&few).await.unwrap();
            let many: Vec<Event> = store.list(&many).await.unwrap();
            let ids = |events: &[Event]| events.iter().map(|e| e.id().clone()).collect::<Vec<_>>();
            assert_eq!(ids(&few), ids(&many), "events, page {page}");
            compared += few.len();
            let [few, many] = both(
                on_topic()
                    .filter("archived", Value::flag(false))
                    .page(4, page * 4),
            );
            let few: Vec<Entry> = store.list(&few).await.unwrap();
            let many: Vec<Entry> = store.list(&many).await.unwrap();
            let ids =
                |entries: &[Entry]| entries.iter().map(|e| e.id().clone()).collect::<Vec<_>>();
            assert_eq!(ids(&few), ids(&many), "entries, page {page}");
            compared += few.len();
        }
        assert!(compared > 12, "the topic's lists hold records ({compared})");
        let [few, many] = both(on_topic());
        let counted = store.count::<Event>(&few).await.unwrap();
        assert!(counted > 0);
        assert_eq!(counted, store.count::<Event>(&many).await.unwrap());
    }
}
