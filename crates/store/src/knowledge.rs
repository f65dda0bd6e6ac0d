//! Tables of the information collections and their entries.

use urbis_domain::knowledge::{Collection, Entry};

use crate::table::{Stored, Value};

impl Stored for Collection {
    const COLUMNS: &'static [&'static str] = &["slug"];
    const UNIQUE: &'static [(&'static str, &'static str)] = &[("slug", "slug")];

    fn values(&self) -> Vec<Value> {
        vec![Value::text(&self.slug)]
    }
}

impl Stored for Entry {
    const COLUMNS: &'static [&'static str] =
        &["collection_id", "kind", "author_id", "pinned", "archived"];

    fn values(&self) -> Vec<Value> {
        vec![
            Value::id(&self.collection),
            Value::name(&self.kind),
            Value::opt_id(self.author.as_ref()),
            Value::flag(self.pinned),
            Value::flag(self.archived),
        ]
    }
}
