//! Every record kind the API serves, with what its list can be filtered and sorted by (the
//! columns its table has for queries) and its schema: one list for the handlers and the
//! OpenAPI document.

use urbis_app::visible::Readable;
use urbis_domain::Kind;
use utoipa::ToSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;

/// How a query parameter's value is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    /// Text, compared as given.
    Text,
    /// Text compared in lower case (the column keeps it so).
    Lower,
    /// A whole number.
    Int,
    /// `true` or `false`.
    Bool,
    /// An access level.
    Access,
}

/// One filter (and sort key) of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The parameter's name in the API (`organisation`, `status`, `start_date`).
    pub name: &'static str,
    /// The table column.
    pub column: &'static str,
    /// How its value is read.
    pub ty: ParamType,
}

/// A record kind as the API serves it.
#[derive(Clone)]
pub struct KindSpec {
    /// The kind.
    pub kind: Kind,
    /// False for forums: the API reads them only.
    pub writable: bool,
    /// Its filters and sort keys.
    pub columns: Vec<Column>,
    /// The schema's name in the document (`Event`).
    pub schema_name: String,
    /// The record's schema (its serde form).
    pub schema: RefOr<Schema>,
    /// The schemas it refers to.
    pub nested: Vec<(String, RefOr<Schema>)>,
}

impl KindSpec {
    /// The filter or sort key of this name.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

const INT_COLUMNS: &[&str] = &["year", "position", "start_year", "capacity"];
const FLAG_COLUMNS: &[&str] = &["portal", "pinned", "archived"];

/// The API's name and type of a table column.
fn column(column: &'static str) -> Column {
    let (name, ty) = if let Some(name) = column.strip_suffix("_id") {
        (name, ParamType::Text)
    } else if let Some(name) = column.strip_suffix("_key") {
        (name, ParamType::Lower)
    } else if INT_COLUMNS.contains(&column) {
        (column, ParamType::Int)
    } else if FLAG_COLUMNS.contains(&column) {
        (column, ParamType::Bool)
    } else {
        (column, ParamType::Text)
    };
    Column { name, column, ty }
}

fn spec<R: Readable + ToSchema>(writable: bool) -> KindSpec {
    let mut columns = vec![
        Column {
            name: "access",
            column: "access",
            ty: ParamType::Access,
        },
        Column {
            name: "created",
            column: "created_at",
            ty: ParamType::Text,
        },
        Column {
            name: "updated",
            column: "updated_at",
            ty: ParamType::Text,
        },
    ];
    columns.extend(R::COLUMNS.iter().map(|c| column(c)));
    let mut nested = Vec::new();
    R::schemas(&mut nested);
    KindSpec {
        kind: R::KIND,
        writable,
        columns,
        schema_name: R::name().into_owned(),
        schema: R::schema(),
        nested,
    }
}

macro_rules! all_specs {
    ($($ty:ident $field:ident,)*) => {
        /// Every kind the API serves: forums (read only), then every record kind.
        pub fn all() -> Vec<KindSpec> {
            use urbis_domain::advocacy::*;
            use urbis_domain::events::*;
            use urbis_domain::knowledge::*;
            use urbis_domain::network::*;
            use urbis_domain::portal::*;
            use urbis_domain::projects::*;
            use urbis_domain::report::*;
            vec![spec::<Forum>(false), $(spec::<$ty>(true)),*]
        }
    };
}
urbis_domain::for_each_record_type!(all_specs);

/// The kinds, made once.
pub fn specs() -> &'static [KindSpec] {
    static SPECS: std::sync::OnceLock<Vec<KindSpec>> = std::sync::OnceLock::new();
    SPECS.get_or_init(all)
}

/// The kind a URL's plural names (`events`), if the API serves it.
pub fn named<'a>(specs: &'a [KindSpec], plural: &str) -> Option<&'a KindSpec> {
    specs.iter().find(|s| s.kind.plural() == plural)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_served_with_its_columns() {
        let specs = all();
        assert_eq!(specs.len(), Kind::ALL.len());
        let events = named(&specs, "events").unwrap();
        let series = events.column("series").unwrap();
        assert_eq!(series.column, "series_id");
        assert_eq!(events.column("portal").unwrap().ty, ParamType::Bool);
        let people = named(&specs, "people").unwrap();
        assert_eq!(people.column("email").unwrap().ty, ParamType::Lower);
        assert!(!named(&specs, "forums").unwrap().writable);
        assert!(named(&specs, "event").is_none());
    }
}
