//! Forms ⇄ records: a posted form becomes the record's JSON (its serde shape), and a record's
//! JSON (with the problems found in it) becomes the widgets of a form.
//!
//! Form names are the JSON paths the domain's problems use (`title.de`, `speakers[1].name`,
//! `registration.closes`), so each problem finds the input it belongs to.

use std::collections::HashMap;

use serde_json::{Map, Value};
use urbis_domain::parts::Headcount;
use urbis_domain::{Kind, Lang, PartialDate};

use super::fields::{Field, Input};
use crate::i18n::Tr;

/// The most items a list field takes from one form.
const MAX_ITEMS: usize = 200;

/// A posted form: every name with its values, in order.
#[derive(Debug, Default, Clone)]
pub struct FormData {
    values: HashMap<String, Vec<String>>,
}

impl FormData {
    /// Reads an `application/x-www-form-urlencoded` body.
    pub fn parse(body: &[u8]) -> Self {
        let mut values: HashMap<String, Vec<String>> = HashMap::new();
        for (key, value) in form_urlencoded::parse(body) {
            values
                .entry(key.into_owned())
                .or_default()
                .push(value.into_owned());
        }
        Self { values }
    }

    /// The first value of a name, or "".
    pub fn one(&self, name: &str) -> &str {
        self.values
            .get(name)
            .and_then(|v| v.first())
            .map_or("", String::as_str)
    }

    fn has(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }

    fn all(&self, name: &str) -> impl Iterator<Item = &str> {
        self.values
            .get(name)
            .into_iter()
            .flatten()
            .map(String::as_str)
    }

    /// The item numbers of a list field present in the form (`speakers[3].name` → 3).
    fn indexes(&self, path: &str) -> Vec<usize> {
        let prefix = format!("{path}[");
        let mut found: Vec<usize> = self
            .values
            .keys()
            .filter_map(|k| k.strip_prefix(&prefix))
            .filter_map(|rest| rest.split_once(']'))
            .filter_map(|(n, _)| n.parse().ok())
            .collect();
        found.sort_unstable();
        found.dedup();
        found.truncate(MAX_ITEMS);
        found
    }

    /// True when something was entered under a path (the text's hidden `original` aside).
    fn filled_under(&self, path: &str) -> bool {
        self.values.iter().any(|(k, v)| {
            let under = k
                .strip_prefix(path)
                .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['));
            under && !k.ends_with(".original") && v.iter().any(|v| !v.trim().is_empty())
        })
    }
}

/// A problem with a field, by its JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The JSON path (`speakers[1].name`); empty for the record as a whole.
    pub path: String,
    /// What is wrong, for the reader.
    pub message: String,
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

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
    for lang in Lang::ALL {
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

/// One choice of a select or a group of checkboxes.
#[derive(Debug, Clone)]
pub struct Choice {
    /// The value sent.
    pub value: String,
    /// What the reader sees.
    pub label: String,
    /// True when chosen.
    pub selected: bool,
}

/// One language input of a translatable text.
#[derive(Debug, Clone)]
pub struct LangInput {
    /// The form name (`title.en`).
    pub name: String,
    /// The element id.
    pub id: String,
    /// The language code.
    pub code: &'static str,
    /// The language's name in the reader's language.
    pub label: String,
    /// The text.
    pub value: String,
    /// A problem with this language's text.
    pub error: Option<String>,
}

/// One piece of a form, in order; groups and list items open and close a fieldset.
#[derive(Debug, Clone)]
pub struct Widget {
    /// `line`, `area`, `date`, `number`, `check`, `select`, `checks`, `multi`, `lines`, `text`,
    /// `open` (a fieldset starts) or `close`.
    pub kind: &'static str,
    /// The form name, the JSON path.
    pub name: String,
    /// The element id.
    pub id: String,
    /// The label or legend.
    pub label: String,
    /// A hint below the label (accepted forms of a date …).
    pub hint: String,
    /// The value as written.
    pub value: String,
    /// For checkboxes.
    pub checked: bool,
    /// True when it must be filled in.
    pub required: bool,
    /// Choices of selects and checkbox groups.
    pub choices: Vec<Choice>,
    /// Inputs of a translatable text.
    pub langs: Vec<LangInput>,
    /// For translatable texts: the original language.
    pub original: String,
    /// True for texts with several lines.
    pub long: bool,
    /// The problems with this field, joined.
    pub error: Option<String>,
}

impl Widget {
    fn new(kind: &'static str, name: &str, label: String) -> Self {
        Self {
            kind,
            name: name.to_owned(),
            id: element_id(name),
            label,
            hint: String::new(),
            value: String::new(),
            checked: false,
            required: false,
            choices: Vec::new(),
            langs: Vec::new(),
            original: String::new(),
            long: false,
            error: None,
        }
    }
}

/// The element id of a form name (`speakers[1].name` → `f-speakers-1-name`).
pub fn element_id(name: &str) -> String {
    let mut id = String::with_capacity(name.len() + 2);
    id.push_str("f-");
    for c in name.chars() {
        id.push(if c.is_ascii_alphanumeric() || c == '_' {
            c
        } else {
            '-'
        });
    }
    id.trim_end_matches('-').to_owned()
}

/// The records each referenced kind offers in selects: (id, label), in label order.
pub type Options = HashMap<Kind, Vec<(String, String)>>;

/// The label of a field: its Fluent text `bo-field-NAME`, else the name itself.
pub fn field_label(t: &Tr, name: &str) -> String {
    t.try_get(&format!("bo-field-{name}"))
        .unwrap_or_else(|| name.replace('_', " "))
}

/// The label of an enum value: its Fluent text `bo-value-VALUE`, else the value itself.
pub fn value_label(t: &Tr, value: &str) -> String {
    t.try_get(&format!("bo-value-{value}"))
        .unwrap_or_else(|| value.replace('_', " "))
}

/// The widgets of a form for the record `value`, with each problem beside its field.
pub fn widgets(
    fields: &[Field],
    value: &Map<String, Value>,
    options: &Options,
    t: &Tr,
) -> Vec<Widget> {
    let mut out = Vec::new();
    add_widgets(fields, value, "", options, t, &mut out);
    out
}

fn add_widgets(
    fields: &[Field],
    object: &Map<String, Value>,
    prefix: &str,
    options: &Options,
    t: &Tr,
    out: &mut Vec<Widget>,
) {
    for field in fields {
        let path = join(prefix, field.name);
        let value = object.get(field.name).unwrap_or(&Value::Null);
        add_widget(field, value, &path, options, t, out);
    }
}

fn text_of(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn add_widget(
    field: &Field,
    value: &Value,
    path: &str,
    options: &Options,
    t: &Tr,
    out: &mut Vec<Widget>,
) {
    let label = field_label(t, field.name);
    let mut widget = match field.input {
        Input::Text | Input::LongText => {
            let mut widget = Widget::new("text", path, label);
            widget.long = matches!(field.input, Input::LongText);
            let object = value.as_object();
            widget.original = object
                .and_then(|o| o.get("original"))
                .and_then(Value::as_str)
                .unwrap_or("de")
                .to_owned();
            if let Some(text) = value.as_str() {
                // A plain string is German, as the record format reads it.
                widget.original = "de".to_owned();
                widget.langs.push(lang_input(path, Lang::De, text, t));
            }
            for lang in Lang::ALL {
                let text = object
                    .and_then(|o| o.get(lang.code()))
                    .and_then(Value::as_str);
                let shown = matches!(lang, Lang::De | Lang::En) || text.is_some();
                if shown && !widget.langs.iter().any(|l| l.code == lang.code()) {
                    widget
                        .langs
                        .push(lang_input(path, lang, text.unwrap_or_default(), t));
                }
            }
            widget
        }
        Input::Line => {
            let mut widget = Widget::new("line", path, label);
            widget.value = text_of(value);
            widget
        }
        Input::Lines => {
            let mut widget = Widget::new("lines", path, label);
            widget.value = match value {
                Value::Array(items) => items.iter().map(text_of).collect::<Vec<_>>().join("\n"),
                other => text_of(other),
            };
            widget.hint = t.get("bo-hint-lines");
            widget
        }
        Input::Date => {
            let mut widget = Widget::new("date", path, label);
            widget.value = text_of(value);
            widget.hint = t.get("bo-hint-date");
            widget
        }
        Input::Time => {
            let mut widget = Widget::new("line", path, label);
            widget.value = text_of(value);
            widget.hint = t.get("bo-hint-time");
            widget
        }
        Input::Int(..) => {
            let mut widget = Widget::new("number", path, label);
            widget.value = text_of(value);
            widget
        }
        Input::Count => {
            let mut widget = Widget::new("line", path, label);
            widget.value = text_of(value);
            widget.hint = t.get("bo-hint-count");
            widget
        }
        Input::Bool => {
            let mut widget = Widget::new("check", path, label);
            widget.checked = value.as_bool().unwrap_or(false);
            widget
        }
        Input::Choice(values) => {
            let mut widget = Widget::new("select", path, label);
            let current = text_of(value);
            widget.choices.push(Choice {
                value: String::new(),
                label: "—".to_owned(),
                selected: current.is_empty(),
            });
            widget.choices.extend(values.iter().map(|v| Choice {
                value: (*v).to_owned(),
                label: value_label(t, v),
                selected: *v == current,
            }));
            widget
        }
        Input::Ref(kind) => {
            let mut widget = Widget::new("select", path, label);
            let current = text_of(value);
            widget.choices.push(Choice {
                value: String::new(),
                label: "—".to_owned(),
                selected: current.is_empty(),
            });
            let records = options.get(&kind).map(Vec::as_slice).unwrap_or_default();
            widget
                .choices
                .extend(records.iter().map(|(id, name)| Choice {
                    value: id.clone(),
                    label: name.clone(),
                    selected: *id == current,
                }));
            if !current.is_empty() && !records.iter().any(|(id, _)| *id == current) {
                widget.choices.push(Choice {
                    value: current.clone(),
                    label: current,
                    selected: true,
                });
            }
            widget
        }
        Input::Refs(kind) => {
            let chosen: Vec<String> = value
                .as_array()
                .map(|a| a.iter().map(text_of).collect())
                .unwrap_or_default();
            let records = options.get(&kind).map(Vec::as_slice).unwrap_or_default();
            let kind_name = if records.len() <= 40 {
                "checks"
            } else {
                "multi"
            };
            let mut widget = Widget::new(kind_name, path, label);
            widget
                .choices
                .extend(records.iter().map(|(id, name)| Choice {
                    value: id.clone(),
                    label: name.clone(),
                    selected: chosen.contains(id),
                }));
            for id in chosen {
                if !records.iter().any(|(known, _)| *known == id) {
                    widget.choices.push(Choice {
                        value: id.clone(),
                        label: id,
                        selected: true,
                    });
                }
            }
            widget
        }
        Input::Group(inner) => {
            let mut open = Widget::new("open", path, label);
            open.hint = t.get("bo-hint-group");
            out.push(open);
            let empty = Map::new();
            add_widgets(
                inner,
                value.as_object().unwrap_or(&empty),
                path,
                options,
                t,
                out,
            );
            out.push(Widget::new("close", path, String::new()));
            return;
        }
        Input::List(inner) => {
            let mut open = Widget::new("open", path, label.clone());
            open.hint = t.get("bo-hint-list");
            out.push(open);
            let items = value.as_array().map(Vec::as_slice).unwrap_or_default();
            let empty = Map::new();
            for n in 0..=items.len() {
                let item_path = format!("{path}[{n}]");
                let legend = if n == items.len() {
                    format!("{label}: {}", t.get("bo-new-item"))
                } else {
                    format!("{label} {}", n + 1)
                };
                out.push(Widget::new("open", &item_path, legend));
                let item = items.get(n).and_then(Value::as_object).unwrap_or(&empty);
                add_widgets(inner, item, &item_path, options, t, out);
                out.push(Widget::new("close", &item_path, String::new()));
            }
            out.push(Widget::new("close", path, String::new()));
            return;
        }
    };
    widget.required = field.required;
    out.push(widget);
}

fn lang_input(path: &str, lang: Lang, text: &str, t: &Tr) -> LangInput {
    let name = format!("{path}.{}", lang.code());
    LangInput {
        id: element_id(&name),
        name,
        code: lang.code(),
        label: t
            .try_get(&format!("bo-lang-{}", lang.code()))
            .unwrap_or_else(|| lang.code().to_owned()),
        value: text.to_owned(),
        error: None,
    }
}

/// One line of the error summary: the message and the element it links to.
#[derive(Debug, Clone)]
pub struct SummaryLine {
    /// The element id to link to (empty for the record as a whole).
    pub target: String,
    /// The field's label.
    pub label: String,
    /// What is wrong.
    pub message: String,
}

/// Puts each problem beside its field (the closest enclosing one when the path names a part
/// the form has no input for) and returns the summary for the top of the form.
pub fn place_problems(widgets: &mut [Widget], problems: &[FieldProblem]) -> Vec<SummaryLine> {
    let mut summary = Vec::new();
    for p in problems {
        let mut path = p.path.as_str();
        let placed = loop {
            if let Some(i) = widgets
                .iter()
                .position(|w| w.name == path && w.kind != "close")
            {
                let w = &mut widgets[i];
                append(&mut w.error, &p.message);
                break Some((w.id.clone(), w.label.clone()));
            }
            if let Some(found) = widgets.iter_mut().find_map(|w| {
                let label = w.label.clone();
                w.langs
                    .iter_mut()
                    .find(|l| l.name == path)
                    .map(|l| (l, label))
            }) {
                let (lang, label) = found;
                append(&mut lang.error, &p.message);
                break Some((lang.id.clone(), format!("{label} ({})", lang.code)));
            }
            match path.rfind(['.', '[']) {
                Some(at) if at > 0 => path = &path[..at],
                _ => break None,
            }
        };
        let (target, label) = placed.unwrap_or_default();
        summary.push(SummaryLine {
            target,
            label: if label.is_empty() {
                p.path.clone()
            } else {
                label
            },
            message: p.message.clone(),
        });
    }
    summary
}

fn append(error: &mut Option<String>, message: &str) {
    match error {
        Some(existing) => {
            existing.push_str("; ");
            existing.push_str(message);
        }
        None => *error = Some(message.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admin::fields::spec;

    fn tr() -> Tr {
        Tr::new(Lang::En)
    }

    #[test]
    fn a_form_becomes_the_record_json_and_skips_empty_list_rows() {
        let spec = spec(Kind::Event).unwrap();
        let form = FormData::parse(
            b"access=public&kind=webinar&title.de=Titel&title.en=&title.original=de&start=2022-06\
              &status=planned&speakers[0].name=Erika&speakers[0].function.de=&speakers[1].name=\
              &speakers[2].name=Max&topics=t1&topics=t2&portal=on&registration.opens=",
        );
        let (json, problems) = read(spec.fields, &form, Map::new(), &tr());
        assert!(problems.is_empty(), "{problems:?}");
        let json = Value::Object(json);
        assert_eq!(
            json["title"],
            serde_json::json!({"original": "de", "de": "Titel"})
        );
        assert_eq!(json["speakers"][1]["name"], "Max");
        assert_eq!(json["speakers"].as_array().unwrap().len(), 2);
        assert_eq!(json["topics"], serde_json::json!(["t1", "t2"]));
        assert_eq!(json["portal"], true);
        assert!(json.get("registration").is_none());
        let event: urbis_domain::events::Event = serde_json::from_value(json).unwrap();
        assert_eq!(event.speakers.len(), 2);
    }

    #[test]
    fn unreadable_values_stay_as_written_with_a_problem_at_their_path() {
        let spec = spec(Kind::Event).unwrap();
        let form = FormData::parse(
            b"kind=webinar&title.de=T&start=2022-13&status=nope&capacity=abc&speakers[4].name=&speakers[5].person=&speakers[5].function.en=x&speakers[5].organisation=",
        );
        let (json, problems) = read(spec.fields, &form, Map::new(), &tr());
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["access", "start", "capacity", "status"]);
        assert_eq!(json["start"], "2022-13");
        let mut widgets = widgets(spec.fields, &json, &Options::new(), &tr());
        let more = vec![FieldProblem {
            path: "speakers[0]".into(),
            message: "needs a `person` or a `name`".into(),
        }];
        let summary = place_problems(&mut widgets, &[problems, more].concat());
        let start = widgets.iter().find(|w| w.name == "start").unwrap();
        assert_eq!(start.value, "2022-13");
        assert!(start.error.as_deref().unwrap().contains("not a date"));
        let item = widgets.iter().find(|w| w.name == "speakers[0]").unwrap();
        assert!(item.error.is_some());
        assert_eq!(summary[1].target, "f-start");
    }
}
