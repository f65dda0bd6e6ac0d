//! `/admin/{kind}`: the records of any kind with a text filter, access level, topic and year
//! filters, sorting by the shown columns, pages, and the same list as CSV or XLSX.

use crate::site::Site;
use std::collections::{BTreeSet, HashMap};

use askama::Template;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value};
use urbis_app::records::{Filter, RecordQuery};
use urbis_domain::{Access, Kind};

use super::export::{self, Table};
use super::fields::{Input, Spec, spec_named};
use super::form::{Options, field_label, value_label};
use super::labels::{
    load_options, page_options, record_label, ref_label, referenced_kinds, text_in,
};
use super::start::kind_label;
use super::{data, refuse_non_office};
use crate::error::WebError;
use crate::i18n::Tr;
use crate::pages::message_page;
use crate::pages::{Frame, render};
use crate::visitor::Visitor;

/// Records per page unless `per` says otherwise.
const DEFAULT_PER: i64 = 50;
/// The most records one page shows.
const MAX_PER: i64 = 500;
/// The highest page number anyone can mean.
const MAX_PAGE: i64 = 1_000_000;

/// What a list request asks for, checked.
#[derive(Debug, Clone, Default)]
pub struct ListRequest {
    /// Text the name must contain.
    pub q: String,
    /// Only this access level.
    pub access: String,
    /// Only records with this topic.
    pub topic: String,
    /// Only records of this year.
    pub year: Option<i64>,
    /// The column to sort by.
    pub sort: String,
    /// Descending order.
    pub desc: bool,
    /// The page, from 1.
    pub page: i64,
    /// Records per page.
    pub per: i64,
    /// `csv` or `xlsx` for a download of the whole filtered list.
    pub format: String,
}

/// Reads the query, or says which parameter is wrong and why.
pub fn parse_request(spec: &Spec, query: Option<&str>, t: &Tr) -> Result<ListRequest, String> {
    let mut params: HashMap<String, String> = HashMap::new();
    for (key, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        params
            .entry(key.into_owned())
            .or_insert_with(|| value.into_owned());
    }
    let get = |name: &str| {
        params
            .get(name)
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let bad = |name: &str, value: &str, id: &str| format!("{name}: „{value}“ – {}", t.get(id));
    let number = |name: &str, default: i64, max: i64, id: &str| -> Result<i64, String> {
        let raw = get(name);
        if raw.is_empty() {
            return Ok(default);
        }
        match raw.parse::<i64>() {
            Ok(n) if (1..=max).contains(&n) => Ok(n),
            _ => Err(bad(name, &raw, id)),
        }
    };
    let mut request = ListRequest {
        q: get("q"),
        access: get("access"),
        topic: get("topic"),
        page: number("page", 1, MAX_PAGE, "bo-bad-page")?,
        per: number("per", DEFAULT_PER, MAX_PER, "bo-bad-per")?,
        format: get("format"),
        ..ListRequest::default()
    };
    if !request.access.is_empty() && Access::parse(&request.access).is_none() {
        return Err(bad("access", &request.access, "bo-bad-access"));
    }
    let year = get("year");
    if !year.is_empty() {
        match year.parse::<i64>() {
            Ok(y) if (1900..=2200).contains(&y) => request.year = Some(y),
            _ => return Err(bad("year", &year, "bo-bad-year")),
        }
    }
    let sort = get("sort");
    if !sort.is_empty() && !spec.columns.contains(&sort.as_str()) {
        return Err(bad("sort", &sort, "bo-bad-sort"));
    }
    let (default_sort, default_desc) = spec.default_sort();
    request.desc = match get("dir").as_str() {
        "" => sort.is_empty() && default_desc,
        "asc" => false,
        "desc" => true,
        other => return Err(bad("dir", other, "bo-bad-dir")),
    };
    request.sort = if sort.is_empty() {
        default_sort.to_owned()
    } else {
        sort
    };
    if !["", "html", "csv", "xlsx"].contains(&request.format.as_str()) {
        return Err(bad("format", &request.format, "bo-bad-format"));
    }
    Ok(request)
}

/// The text a cell shows for a top-level field's value.
pub fn cell(spec: &Spec, name: &str, value: &Value, options: &Options, t: &Tr) -> String {
    let Some(field) = spec.field(name) else {
        return String::new();
    };
    match (field.input, value) {
        (_, Value::Null) => String::new(),
        (Input::Text | Input::LongText, v) => text_in(v, t.lang),
        (Input::Choice(_), Value::String(s)) => value_label(t, s),
        (Input::Ref(kind), Value::String(id)) => ref_label(options, kind, id),
        (Input::Refs(kind), Value::Array(ids)) => ids
            .iter()
            .filter_map(Value::as_str)
            .map(|id| ref_label(options, kind, id))
            .collect::<Vec<_>>()
            .join("; "),
        (Input::Bool, Value::Bool(b)) => t.get(if *b { "bo-yes" } else { "bo-no" }),
        (Input::Lines, Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("; "),
        (_, Value::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    }
}

/// A record of the list with its label and the texts of its cells.
pub struct Row {
    /// The record's id.
    pub id: String,
    /// The cells, in column order.
    pub cells: Vec<String>,
}

/// A column head: the field, its label and the address that sorts by it.
pub struct Column {
    /// The label.
    pub label: String,
    /// The address sorting by this column (the other way round when it is the current one).
    pub href: String,
    /// `ascending`, `descending` or `none`, for `aria-sort`.
    pub sorted: &'static str,
}

/// The list page.
#[derive(Template)]
#[template(path = "admin/list.html")]
pub struct ListPage {
    frame: Frame,
    plural: &'static str,
    title: String,
    columns: Vec<Column>,
    rows: Vec<Row>,
    total: i64,
    page: i64,
    pages: i64,
    previous: Option<String>,
    next: Option<String>,
    csv: String,
    xlsx: String,
    q: String,
    access: String,
    /// Every access level with its label, for the filter.
    levels: Vec<(Access, String)>,
    topic: String,
    year: String,
    topics: Vec<(String, String)>,
    has_topics: bool,
    has_year: bool,
    notice: Option<String>,
}

/// The address of the list with the request's filters and sort, and the given page/format.
fn href(
    plural: &str,
    request: &ListRequest,
    page: i64,
    sort: (&str, bool),
    format: &str,
) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (name, value) in [
        ("q", request.q.as_str()),
        ("access", request.access.as_str()),
        ("topic", request.topic.as_str()),
    ] {
        if !value.is_empty() {
            query.append_pair(name, value);
        }
    }
    if let Some(year) = request.year {
        query.append_pair("year", &year.to_string());
    }
    query.append_pair("sort", sort.0);
    if sort.1 {
        query.append_pair("dir", "desc");
    }
    if format.is_empty() {
        query.append_pair("page", &page.to_string());
        if request.per != DEFAULT_PER {
            query.append_pair("per", &request.per.to_string());
        }
    } else {
        query.append_pair("format", format);
    }
    format!("/admin/{plural}?{}", query.finish())
}

/// True when the record passes the request's filters.
fn passes(spec: &Spec, request: &ListRequest, record: &Map<String, Value>, label: &str) -> bool {
    if !request.q.is_empty() {
        let q = request.q.to_lowercase();
        let email = record
            .get("email")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !label.to_lowercase().contains(&q) && !email.to_lowercase().contains(&q) {
            return false;
        }
    }
    if !request.access.is_empty() {
        let access = record
            .get("access")
            .and_then(Value::as_str)
            .unwrap_or(Access::default().as_str());
        if access != request.access {
            return false;
        }
    }
    if !request.topic.is_empty() {
        let has = record
            .get("topics")
            .and_then(Value::as_array)
            .is_some_and(|t| {
                t.iter()
                    .any(|id| id.as_str() == Some(request.topic.as_str()))
            });
        if !has {
            return false;
        }
    }
    if let (Some(year), Some(field)) = (request.year, spec.year_field()) {
        let matches = match record.get(field) {
            Some(Value::Number(n)) => n.as_i64() == Some(year),
            Some(Value::String(s)) => s.starts_with(&format!("{year:04}")),
            _ => false,
        };
        if !matches {
            return false;
        }
    }
    true
}

/// The records of a kind that pass the filters, sorted, with the options their references need.
pub async fn select(
    state: &Site,
    viewer: &urbis_domain::Viewer,
    spec: &Spec,
    request: &ListRequest,
    t: &Tr,
) -> Result<(Vec<Map<String, Value>>, Options), WebError> {
    let mut kinds = BTreeSet::new();
    referenced_kinds(spec.fields, &mut kinds);
    match spec.kind {
        Kind::Membership => {
            kinds.insert(Kind::Organisation);
        }
        Kind::Appointment | Kind::Registration => {
            kinds.insert(Kind::Person);
            kinds.insert(Kind::Event);
        }
        _ => {}
    }
    let options = load_options(&state.app, viewer, &state.forum, &kinds, t).await?;
    let records = data::list(&state.app, viewer, &state.forum, spec.kind).await?;
    let sort_field = spec.field(&request.sort);
    let mut keyed: Vec<(String, Map<String, Value>)> = records
        .into_iter()
        .filter_map(|record| {
            let label = record_label(spec.kind, &record, &options, t);
            if !passes(spec, request, &record, &label) {
                return None;
            }
            let value = record.get(&request.sort).unwrap_or(&Value::Null);
            let key = match (sort_field.map(|f| f.input), value) {
                (Some(Input::Int(..)), Value::Number(n)) => {
                    format!("{:020}", n.as_i64().unwrap_or(0).saturating_add(1 << 40))
                }
                (Some(Input::Date), Value::String(s)) => s.clone(),
                _ => cell(spec, &request.sort, value, &options, t).to_lowercase(),
            };
            Some((key, record))
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    if request.desc {
        keyed.reverse();
    }
    Ok((keyed.into_iter().map(|(_, r)| r).collect(), options))
}

/// One page of a list, the number of records on all its pages, and the labels the page needs.
struct Listed {
    records: Vec<Map<String, Value>>,
    total: i64,
    options: Options,
}

/// The number of the last page of `total` records, `per` a page (1 for none).
fn last_page(total: i64, per: i64) -> i64 {
    ((total + per - 1) / per).max(1)
}

/// The store column a list page can be sorted and paged by in the database: when the sort
/// column has one and no filter needs the records' texts (the name filter, a year). Lists
/// sorted by a text kept only inside the records (titles, names of references) are read whole
/// and sorted by what their cells show.
fn database_order(spec: &Spec, request: &ListRequest) -> Option<&'static str> {
    if !request.q.is_empty() || request.year.is_some() || !request.format.is_empty() {
        return None;
    }
    urbis_app::records::sort_column(spec.kind, &request.sort)
}

/// One page of a list read with its order, filters, `COUNT` and `LIMIT` in the database (a
/// page past the end is the last page), with labels for just the records it names.
async fn one_page(
    state: &Site,
    viewer: &urbis_domain::Viewer,
    spec: &Spec,
    request: &mut ListRequest,
    column: &'static str,
    t: &Tr,
) -> Result<Listed, WebError> {
    let mut query = RecordQuery {
        sort: Some((column, request.desc)),
        topic: (!request.topic.is_empty()).then(|| urbis_domain::Id::from_text(&request.topic)),
        ..RecordQuery::default()
    };
    if !request.access.is_empty() {
        query
            .filters
            .push(("access", Filter::Text(request.access.clone())));
    }
    let (app, forum) = (&state.app, &state.forum);
    let total = data::count_where(app, viewer, forum, spec.kind, &query).await?;
    request.page = request.page.min(last_page(total, request.per));
    query.limit = Some(request.per);
    query.offset = (request.page - 1) * request.per;
    let records = data::list_where(app, viewer, forum, spec.kind, &query).await?;
    let mut options = page_options(app, viewer, forum, spec, &records, t).await?;
    if spec.has_topics() {
        // The topic filter offers every topic (a network has a few dozen).
        let topics = BTreeSet::from([Kind::Topic]);
        options.extend(load_options(app, viewer, forum, &topics, t).await?);
    }
    Ok(Listed {
        records,
        total,
        options,
    })
}

/// Lists the records of a kind, or downloads them (office only).
pub async fn list(
    state: Site,
    visitor: Visitor,
    Path(plural): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    if let Some(response) = refuse_non_office(&state, &visitor, &format!("/admin/{plural}")) {
        return Ok(response);
    }
    let spec = spec_named(&plural).ok_or(WebError::NotFound)?;
    let t = visitor.t();
    let mut request = match parse_request(&spec, query.as_deref(), &t) {
        Ok(request) => request,
        Err(problem) => {
            return Ok(message_page(
                &visitor,
                StatusCode::BAD_REQUEST,
                "bo-bad-request",
                problem,
            ));
        }
    };
    let listed = match database_order(&spec, &request) {
        Some(column) => one_page(&state, &visitor.viewer, &spec, &mut request, column, &t).await?,
        None => {
            let (records, options) = select(&state, &visitor.viewer, &spec, &request, &t).await?;
            if matches!(request.format.as_str(), "csv" | "xlsx") {
                let table = export::table(&spec, &records, &options, &t);
                return Ok(download(&spec, &table, &request.format));
            }
            let total = i64::try_from(records.len()).unwrap_or(i64::MAX);
            request.page = request.page.min(last_page(total, request.per));
            let skip = usize::try_from((request.page - 1) * request.per).unwrap_or(usize::MAX);
            let take = usize::try_from(request.per).unwrap_or(0);
            let records = records.into_iter().skip(skip).take(take).collect();
            Listed {
                records,
                total,
                options,
            }
        }
    };
    let Listed {
        records,
        total,
        options,
    } = listed;
    let pages = last_page(total, request.per);
    let rows: Vec<Row> = records
        .iter()
        .map(|record| Row {
            id: record
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            cells: spec
                .columns
                .iter()
                .map(|c| {
                    cell(
                        &spec,
                        c,
                        record.get(*c).unwrap_or(&Value::Null),
                        &options,
                        &t,
                    )
                })
                .collect(),
        })
        .collect();
    let sort = (request.sort.as_str(), request.desc);
    let columns = spec
        .columns
        .iter()
        .map(|c| {
            let current = *c == request.sort;
            Column {
                label: field_label(&t, c),
                href: href(
                    spec.kind.plural(),
                    &request,
                    1,
                    (c, current && !request.desc),
                    "",
                ),
                sorted: match (current, request.desc) {
                    (false, _) => "none",
                    (true, false) => "ascending",
                    (true, true) => "descending",
                },
            }
        })
        .collect();
    let plural = spec.kind.plural();
    let page = ListPage {
        frame: visitor.frame(),
        plural,
        title: kind_label(&t, spec.kind),
        columns,
        rows,
        total,
        page: request.page,
        pages,
        previous: (request.page > 1).then(|| href(plural, &request, request.page - 1, sort, "")),
        next: (request.page < pages).then(|| href(plural, &request, request.page + 1, sort, "")),
        csv: href(plural, &request, 1, sort, "csv"),
        xlsx: href(plural, &request, 1, sort, "xlsx"),
        q: request.q.clone(),
        access: request.access.clone(),
        levels: Access::ALL
            .iter()
            .map(|level| (*level, value_label(&t, level.as_str())))
            .collect(),
        topic: request.topic.clone(),
        year: request.year.map(|y| y.to_string()).unwrap_or_default(),
        topics: if spec.has_topics() {
            options.get(&Kind::Topic).cloned().unwrap_or_default()
        } else {
            Vec::new()
        },
        has_topics: spec.has_topics(),
        has_year: spec.year_field().is_some(),
        notice: query
            .as_deref()
            .is_some_and(|q| q.contains("deleted=1"))
            .then(|| t.get("bo-deleted")),
    };
    Ok(render(&page))
}

fn download(spec: &Spec, table: &Table, format: &str) -> Response {
    let name = format!("urbis-{}", spec.kind.plural());
    if format == "csv" {
        export::csv_response(table, &name)
    } else {
        export::xlsx_response(table, &name)
    }
}
