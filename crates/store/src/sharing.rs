//! Which forums' records a shared list shows besides the forum's own: its umbrella's and its
//! siblings' records shared with all forums, and (in an umbrella) what the forums under it
//! share. The forum tree those come from is read once and kept until the next write of this
//! process, and for at most a second (another node's write), so a shared list costs no
//! lookups of it.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sqlx::Row;
use urbis_domain::Id;

use crate::error::Result;
use crate::store::Store;

/// How long a kept forum tree serves when nothing was written here meanwhile.
const KEPT_FOR: Duration = Duration::from_secs(1);

/// The forums sharing into one forum, by how they share.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Sharing {
    /// The umbrella and the umbrella's other forums: their records shared with all forums.
    pub(crate) umbrella_and_siblings: Vec<Id>,
    /// The forums under this one: their records shared with the umbrella or all forums.
    pub(crate) below: Vec<Id>,
}

/// Every forum with its umbrella, as last read.
type Tree = Arc<Vec<(Id, Option<Id>)>>;

/// The forum tree kept between writes (shared by the clones of a [`Store`]).
#[derive(Debug, Default)]
pub(crate) struct KeptTree(Mutex<Option<(u64, Instant, Tree)>>);

impl Sharing {
    fn of(forum: &Id, tree: &[(Id, Option<Id>)]) -> Self {
        let umbrella = tree
            .iter()
            .find(|(id, _)| id == forum)
            .and_then(|(_, umbrella)| umbrella.clone());
        let mut sharing = Sharing::default();
        for (id, above) in tree {
            if id == forum {
                continue;
            }
            if Some(id) == umbrella.as_ref() || (above.is_some() && *above == umbrella) {
                sharing.umbrella_and_siblings.push(id.clone());
            }
            if above.as_ref() == Some(forum) {
                sharing.below.push(id.clone());
            }
        }
        sharing
    }
}

impl Store {
    /// The forums sharing into `forum`.
    pub(crate) async fn sharing(&self, forum: &Id) -> Result<Sharing> {
        let generation = self.write_generation();
        let kept = self
            .forum_tree
            .0
            .lock()
            .ok()
            .and_then(|kept| kept.clone())
            .filter(|(at, read, _)| *at == generation && read.elapsed() < KEPT_FOR);
        let tree = match kept {
            Some((_, _, tree)) => tree,
            None => {
                let rows = sqlx::query("select id, umbrella_id from forums")
                    .fetch_all(&self.pools.read)
                    .await?;
                let mut tree = Vec::with_capacity(rows.len());
                for row in rows {
                    let id: String = row.try_get(0)?;
                    let umbrella: Option<String> = row.try_get(1)?;
                    tree.push((Id::from_text(id), umbrella.map(Id::from_text)));
                }
                let tree = Arc::new(tree);
                if let Ok(mut kept) = self.forum_tree.0.lock() {
                    *kept = Some((generation, Instant::now(), tree.clone()));
                }
                tree
            }
        };
        Ok(Sharing::of(forum, &tree))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_forum_sees_its_umbrella_its_siblings_and_the_forums_below() {
        let [top, a, b, a1, other] = ["top", "a", "b", "a1", "other"].map(Id::from_text);
        let tree = vec![
            (top.clone(), None),
            (a.clone(), Some(top.clone())),
            (b.clone(), Some(top.clone())),
            (a1.clone(), Some(a.clone())),
            (other.clone(), None),
        ];
        let of_a = Sharing::of(&a, &tree);
        assert_eq!(of_a.umbrella_and_siblings, vec![top.clone(), b.clone()]);
        assert_eq!(of_a.below, vec![a1.clone()]);
        let of_top = Sharing::of(&top, &tree);
        assert!(of_top.umbrella_and_siblings.is_empty(), "no umbrella");
        assert_eq!(of_top.below, vec![a.clone(), b.clone()]);
        assert_eq!(Sharing::of(&other, &tree), Sharing::default(), "alone");
    }
}
