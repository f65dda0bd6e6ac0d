//! A record's JSON turned into the widgets of its form: inputs, selects, checkboxes and
//! fieldsets for groups and list items.

use std::collections::HashMap;

use serde_json::{Map, Value};
use urbis_domain::{Kind, Lang};

use crate::admin::fields::{Field, Input};
use crate::i18n::Tr;

use super::{element_id, join};

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
            for &lang in Lang::ALL {
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
