//! A posted form read into the record's JSON, with a problem for every value that cannot be
//! read.

use serde_json::{Map, Value};
use urbis_domain::parts::Headcount;
use urbis_domain::{Lang, PartialDate};

use crate::admin::fields::{Field, Input};
use crate::i18n::Tr;

use super::{FieldProblem, FormData, join};

/// Reads a form into the record's JSON: starts from `base` (the stored record, or `{}`), sets
/// every field the form describes and keeps the rest (id, timestamps, stored files).
/// Values that cannot be read stay as written, with a problem each, so the form can come back
/// with them.
pub fn read(
    fields: &[Field],
    form: &FormData,
    mut base: Map<String, Value>,
    t: &Tr,
) -> (Map<String, Value>, Vec<FieldProblem>) {
    let mut problems = Vec::new();
    read_fields(fields, form, "", &mut base, &mut problems, t);
    (base, problems)
}

fn read_fields(
    fields: &[Field],
    form: &FormData,
    prefix: &str,
    object: &mut Map<String, Value>,
    problems: &mut Vec<FieldProblem>,
    t: &Tr,
) {
    for field in fields {
        let path = join(prefix, field.name);
        match read_field(field, form, &path, problems, t) {
            Some(value) => {
                object.insert(field.name.to_owned(), value);
            }
            None => {
                object.remove(field.name);
            }
        }
    }
}

fn problem(problems: &mut Vec<FieldProblem>, path: &str, message: String) {
    problems.push(FieldProblem {
        path: path.to_owned(),
        message,
    });
}

fn read_field(
    field: &Field,
    form: &FormData,
    path: &str,
    problems: &mut Vec<FieldProblem>,
    t: &Tr,
) -> Option<Value> {
    let raw = form.one(path).trim();
    let missing = |problems: &mut Vec<FieldProblem>| {
        if field.required {
            problem(problems, path, t.get("bo-required"));
        }
        None
    };
    match field.input {
        Input::Text | Input::LongText => read_text(form, path, field.required),
        Input::Line => {
            if raw.is_empty() && !field.required {
                None
            } else {
                Some(Value::String(raw.to_owned()))
            }
        }
        Input::Lines => {
            let lines: Vec<Value> = raw
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|l| Value::String(l.to_owned()))
                .collect();
            (!lines.is_empty()).then_some(Value::Array(lines))
        }
        Input::Date => {
            if raw.is_empty() {
                return missing(problems);
            }
            if let Err(error) = PartialDate::parse(raw) {
                problem(problems, path, error.to_string());
            }
            Some(Value::String(raw.to_owned()))
        }
        Input::Time => {
            if raw.is_empty() {
                return missing(problems);
            }
            match raw.parse::<jiff::Timestamp>() {
                Ok(at) => Some(Value::String(at.to_string())),
                Err(_) => {
                    problem(problems, path, t.get("bo-not-a-time"));
                    Some(Value::String(raw.to_owned()))
                }
            }
        }
        Input::Int(min, max) => {
            if raw.is_empty() {
                return missing(problems);
            }
            match raw.parse::<i64>() {
                Ok(n) if (min..=max).contains(&n) => Some(Value::from(n)),
                _ => {
                    problem(
                        problems,
                        path,
                        format!("{} ({min} – {max})", t.get("bo-not-a-number")),
                    );
                    Some(Value::String(raw.to_owned()))
                }
            }
        }
        Input::Count => {
            if raw.is_empty() {
                return missing(problems);
            }
            let value = match raw.parse::<u32>() {
                Ok(n) => Value::from(n),
                Err(_) => Value::String(raw.to_owned()),
            };
            if let Err(error) = serde_json::from_value::<Headcount>(value.clone()) {
                problem(problems, path, error.to_string());
                return Some(Value::String(raw.to_owned()));
            }
            Some(value)
        }
        Input::Bool => Some(Value::Bool(matches!(
            form.one(path),
            "on" | "true" | "1" | "yes"
        ))),
        Input::Choice(options) => {
            if raw.is_empty() {
                return missing(problems);
            }
            if !options.contains(&raw) {
                problem(problems, path, t.get("bo-choose"));
            }
            Some(Value::String(raw.to_owned()))
        }
        Input::Ref(_) => {
            if raw.is_empty() {
                return missing(problems);
            }
            Some(Value::String(raw.to_owned()))
        }
        Input::Refs(_) => {
            let mut ids: Vec<&str> = form
                .all(path)
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .collect();
            ids.dedup();
            (!ids.is_empty()).then(|| Value::Array(ids.into_iter().map(Value::from).collect()))
        }
        Input::Group(inner) => {
            if !form.filled_under(path) {
                return missing(problems);
            }
            let mut object = Map::new();
            read_fields(inner, form, path, &mut object, problems, t);
            Some(Value::Object(object))
        }
        Input::List(inner) => {
            let mut items = Vec::new();
            for n in form.indexes(path) {
                let item_path = format!("{path}[{n}]");
                if !form.filled_under(&item_path) {
                    continue;
                }
                let mut object = Map::new();
                let mut item_problems = Vec::new();
                read_fields(inner, form, &item_path, &mut object, &mut item_problems, t);
                // Problems carry the item's place in the stored list, not in the form.
                let stored = format!("{path}[{}]", items.len());
                problems.extend(item_problems.into_iter().map(|p| FieldProblem {
                    path: p.path.replacen(&item_path, &stored, 1),
                    message: p.message,
                }));
                items.push(Value::Object(object));
            }
            (!items.is_empty()).then_some(Value::Array(items))
        }
    }
}

/// A translatable text from its inputs `path.de`, `path.en` …; the original language stays what
/// it was while its text is there.
fn read_text(form: &FormData, path: &str, required: bool) -> Option<Value> {
    let mut object = Map::new();
    let mut first = None;
    for &lang in Lang::ALL {
        let name = format!("{path}.{}", lang.code());
        if !form.has(&name) {
            continue;
        }
        let text = form.one(&name).trim();
        if !text.is_empty() {
            object.insert(lang.code().to_owned(), Value::from(text));
            first.get_or_insert(lang);
        }
    }
    let original = Lang::parse(form.one(&format!("{path}.original")))
        .filter(|l| object.contains_key(l.code()))
        .or_else(|| object.contains_key("de").then_some(Lang::De))
        .or(first);
    match original {
        Some(lang) => {
            object.insert("original".to_owned(), Value::from(lang.code()));
            Some(Value::Object(object))
        }
        None if required => {
            let mut empty = Map::new();
            empty.insert("original".to_owned(), Value::from("de"));
            empty.insert("de".to_owned(), Value::from(""));
            Some(Value::Object(empty))
        }
        None => None,
    }
}
