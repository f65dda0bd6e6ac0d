//! Building a list query: forum and access level, sharing, filters, references, order and
//! page.

use urbis_domain::{Access, Id};

use crate::table::{COMMON_COLUMNS, Stored, Value};

use super::{Bound, ListQuery, Referenced, Referring};

impl ListQuery {
    /// The records of one forum that a viewer cleared for `visible` may see.
    pub fn new(forum: &Id, visible: Access) -> Self {
        Self {
            forum: Some(forum.clone()),
            visible,
            shared: false,
            sharing: None,
            filters: Vec::new(),
            ranges: Vec::new(),
            any_of: Vec::new(),
            referenced: Vec::new(),
            referring: Vec::new(),
            order: Vec::new(),
            limit: None,
            offset: 0,
        }
    }

    /// Every record of every forum, for exports and maintenance.
    pub fn everything() -> Self {
        Self {
            forum: None,
            visible: Access::Staff,
            shared: false,
            sharing: None,
            filters: Vec::new(),
            ranges: Vec::new(),
            any_of: Vec::new(),
            referenced: Vec::new(),
            referring: Vec::new(),
            order: Vec::new(),
            limit: None,
            offset: 0,
        }
    }

    /// Also the records other forums share into this one (the umbrella's shared with all
    /// forums, a sibling's shared with all forums, and — in an umbrella — what its forums
    /// share with it), at the same access level: what the forum's calendar, feeds and portal
    /// show. Kinds that cannot be shared are not affected.
    pub fn with_shared(mut self) -> Self {
        self.shared = true;
        self
    }

    /// The forum whose shared records kind `R` should include, while the forums sharing into
    /// it are not yet known (see [`Self::sharing_from`]).
    pub(crate) fn sharing_wanted<R: Stored>(&self) -> Option<&Id> {
        let wanted = self.shared && self.sharing.is_none() && R::COLUMNS.contains(&"shared");
        self.forum.as_ref().filter(|_| wanted)
    }

    /// The same query with the forums sharing into its forum.
    pub(crate) fn sharing_from(mut self, sharing: crate::sharing::Sharing) -> Self {
        self.sharing = Some(sharing);
        self
    }

    /// Only records whose `column` equals `value`.
    pub fn filter(mut self, column: &'static str, value: Value) -> Self {
        self.filters.push((column, value));
        self
    }

    /// Only records whose `column` is at least `value` (in the column's order: text order for
    /// days and dates written `2026-12-05`).
    pub fn at_least(mut self, column: &'static str, value: Value) -> Self {
        self.ranges.push((column, Bound::AtLeast, value));
        self
    }

    /// Only records whose `column` is below `value`.
    pub fn below(mut self, column: &'static str, value: Value) -> Self {
        self.ranges.push((column, Bound::Below, value));
        self
    }

    /// Only records whose `column` is at least `value` or has none (an open start or end).
    pub fn at_least_or_unset(mut self, column: &'static str, value: Value) -> Self {
        self.ranges.push((column, Bound::AtLeastOrUnset, value));
        self
    }

    /// Only records whose `column` is below `value` or has none.
    pub fn below_or_unset(mut self, column: &'static str, value: Value) -> Self {
        self.ranges.push((column, Bound::BelowOrUnset, value));
        self
    }

    /// Only records whose `column` equals one of `values` (none for an empty list): one query
    /// for the records of many parents instead of one per parent.
    pub fn filter_any(mut self, column: &'static str, values: Vec<Value>) -> Self {
        self.any_of.push((column, values));
        self
    }

    /// Only records that a record of kind `M` points at through its column `column`, among
    /// those of `M` whose columns equal the `filters` (at the same access level): the
    /// organisations with an active membership, say, in one query.
    pub fn referenced_by<M: Stored>(
        mut self,
        column: &'static str,
        filters: Vec<(&'static str, Value)>,
    ) -> Self {
        let known = |c: &str| COMMON_COLUMNS.contains(&c) || M::COLUMNS.contains(&c);
        let unknown = std::iter::once(column)
            .chain(filters.iter().map(|(c, _)| *c))
            .find(|c| !known(c));
        self.referenced.push(Referenced {
            kind: M::KIND,
            column,
            filters,
            unknown,
        });
        self
    }

    /// Only records whose body refers to the record `target` through a field whose path starts
    /// with `field` (`topics[` for the topics a record carries), found through the store's
    /// references in the same query.
    pub fn referring_to(mut self, target: &Id, field: &'static str) -> Self {
        self.referring.push(Referring {
            target: target.clone(),
            field,
            few: None,
        });
        self
    }

    /// The reference (target, field path) whose records of the kind are still to be counted
    /// (see [`Self::carriers_counted`]).
    pub(crate) fn carriers_uncounted(&self) -> Option<(&Id, &'static str)> {
        self.referring
            .first()
            .filter(|r| r.few.is_none())
            .map(|r| (&r.target, r.field))
    }

    /// The same query, told whether few records refer to its first reference's target
    /// (which decides how its SQL finds them); the store counts them itself when not told.
    pub fn carriers_counted(mut self, few: bool) -> Self {
        if let Some(first) = self.referring.first_mut() {
            first.few = Some(few);
        }
        self
    }

    /// Sorts by `column`, ascending or (with `descending`) descending; id breaks ties.
    pub fn order_by(mut self, column: &'static str, descending: bool) -> Self {
        self.order.push((column, descending));
        self
    }

    /// One page: at most `limit` records after skipping `offset`.
    pub fn page(mut self, limit: i64, offset: i64) -> Self {
        self.limit = Some(limit.max(0));
        self.offset = offset.max(0);
        self
    }
}
