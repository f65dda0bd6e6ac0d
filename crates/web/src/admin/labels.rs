//! How the back office names a record it holds as JSON: in lists, selects and messages.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};
use urbis_app::App;
use urbis_app::records::{Filter, RecordQuery};
use urbis_domain::{Id, Kind, Lang, Viewer};

use super::data;
use super::fields::{Field, Input, Spec};
use super::form::{Options, value_label};
use crate::error::WebError;
use crate::i18n::Tr;

/// A translatable text's JSON in the reader's language, falling back to the original.
pub fn text_in(value: &Value, lang: Lang) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Object(o) => o
            .get(lang.code())
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .or_else(|| {
                o.get("original")
                    .and_then(Value::as_str)
                    .and_then(|code| o.get(code))
                    .and_then(Value::as_str)
            })
            .unwrap_or_default()
            .to_owned(),
        _ => String::new(),
    }
}

fn str_of<'a>(object: &'a Map<String, Value>, name: &str) -> &'a str {
    object.get(name).and_then(Value::as_str).unwrap_or_default()
}

/// The label of the record `id` of `kind` among the loaded options, or the id itself.
pub fn ref_label(options: &Options, kind: Kind, id: &str) -> String {
    options
        .get(&kind)
        .and_then(|list| list.iter().find(|(known, _)| known == id))
        .map_or_else(|| id.to_owned(), |(_, label)| label.clone())
}

/// The name people know a record by (a title, a name, a person's name …).
pub fn record_label(kind: Kind, object: &Map<String, Value>, options: &Options, t: &Tr) -> String {
    let lang = t.lang;
    let label = match kind {
        Kind::Person => [
            str_of(object, "title"),
            str_of(object, "given_name"),
            str_of(object, "family_name"),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" "),
        Kind::Membership => ref_label(options, Kind::Organisation, str_of(object, "organisation")),
        Kind::Appointment => format!(
            "{} – {}",
            ref_label(options, Kind::Person, str_of(object, "person")),
            value_label(t, str_of(object, "role"))
        ),
        Kind::Registration => {
            let who = object
                .get("guest")
                .and_then(|g| g.get("name"))
                .and_then(Value::as_str)
                .map_or_else(
                    || ref_label(options, Kind::Person, str_of(object, "person")),
                    str::to_owned,
                );
            format!(
                "{who} – {}",
                ref_label(options, Kind::Event, str_of(object, "event"))
            )
        }
        Kind::TopicPlan => object
            .get("year")
            .map(ToString::to_string)
            .unwrap_or_default(),
        Kind::ReportText => {
            let heading = object
                .get("heading")
                .map(|h| text_in(h, lang))
                .unwrap_or_default();
            format!(
                "{} {} ({}) {heading}",
                object
                    .get("year")
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                value_label(t, str_of(object, "section")),
                value_label(t, str_of(object, "placement")),
            )
            .trim()
            .to_owned()
        }
        _ => {
            let name = object
                .get("title")
                .or_else(|| object.get("name"))
                .map(|v| text_in(v, lang))
                .unwrap_or_default();
            match object.get("acronym").and_then(Value::as_str) {
                Some(acronym) if !acronym.is_empty() => format!("{acronym} – {name}"),
                _ => name,
            }
        }
    };
    if label.trim().is_empty() {
        str_of(object, "id").to_owned()
    } else {
        label
    }
}

/// The kinds the fields refer to, nested fields included.
pub fn referenced_kinds(fields: &[Field], into: &mut BTreeSet<Kind>) {
    for field in fields {
        match field.input {
            Input::Ref(kind) | Input::Refs(kind) => {
                into.insert(kind);
            }
            Input::Group(inner) | Input::List(inner) => referenced_kinds(inner, into),
            _ => {}
        }
    }
}

/// Loads the records of each kind for selects and labels: one query per kind.
pub async fn load_options(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    kinds: &BTreeSet<Kind>,
    t: &Tr,
) -> Result<Options, WebError> {
    let mut options = Options::new();
    for kind in kinds {
        let records = data::list(app, viewer, forum, *kind).await?;
        let list = labelled(*kind, &records, &options, t);
        options.insert(*kind, list);
    }
    Ok(options)
}

/// Loads only the records that `records` (of the kind `spec` describes) refer to in their
/// top-level fields, for the labels of one page of a list: one query per kind, by id.
pub async fn page_options(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    spec: &Spec,
    records: &[Map<String, Value>],
    t: &Tr,
) -> Result<Options, WebError> {
    let mut wanted: BTreeMap<Kind, BTreeSet<String>> = BTreeMap::new();
    for record in records {
        for field in spec.fields {
            let (Input::Ref(kind) | Input::Refs(kind), Some(value)) =
                (field.input, record.get(field.name))
            else {
                continue;
            };
            let ids = wanted.entry(kind).or_default();
            match value {
                Value::String(id) => {
                    ids.insert(id.clone());
                }
                Value::Array(items) => {
                    ids.extend(items.iter().filter_map(Value::as_str).map(str::to_owned));
                }
                _ => {}
            }
        }
    }
    let mut options = Options::new();
    for (kind, ids) in wanted {
        let query = RecordQuery {
            any_of: vec![("id", ids.into_iter().map(Filter::Text).collect())],
            ..RecordQuery::default()
        };
        let records = data::list_where(app, viewer, forum, kind, &query).await?;
        let list = labelled(kind, &records, &options, t);
        options.insert(kind, list);
    }
    Ok(options)
}

/// Each record's id with its label, sorted by label.
fn labelled(
    kind: Kind,
    records: &[Map<String, Value>],
    options: &Options,
    t: &Tr,
) -> Vec<(String, String)> {
    let mut list: Vec<(String, String)> = records
        .iter()
        .map(|r| {
            (
                str_of(r, "id").to_owned(),
                record_label(kind, r, options, t),
            )
        })
        .collect();
    list.sort_by_cached_key(|(_, label)| label.to_lowercase());
    list
}
