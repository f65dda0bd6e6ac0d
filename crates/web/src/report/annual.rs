//! `/admin/report`: the annual report written from the records, for the office.

use crate::site::Site;
use askama::Template;
use axum::extract::Query;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use urbis_domain::{Access, Lang};
use urbis_report::{Format, Options};

use crate::error::WebError;
use crate::pages::{Frame, render};
use crate::visitor::Visitor;

/// What the report form asks.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReportQuery {
    year: Option<String>,
    language: Option<String>,
    audience: Option<String>,
    format: Option<String>,
    compare: Option<String>,
}

/// The report form.
#[derive(Template)]
#[template(path = "report/form.html")]
pub struct ReportPage {
    frame: Frame,
    year: String,
    error: Option<String>,
}

fn parse(query: &ReportQuery) -> Result<Option<(Options, Format)>, &'static str> {
    let Some(year) = query.year.as_deref().filter(|y| !y.is_empty()) else {
        return Ok(None);
    };
    let year: i16 = year.parse().map_err(|_| "report-bad-year")?;
    if !(1900..=2200).contains(&year) {
        return Err("report-bad-year");
    }
    let lang = query
        .language
        .as_deref()
        .map_or(Some(Lang::De), Lang::parse);
    let Some(lang @ (Lang::De | Lang::En | Lang::Fr)) = lang else {
        return Err("report-bad-choice");
    };
    let audience = query
        .audience
        .as_deref()
        .map_or(Some(Access::default()), Access::parse)
        .ok_or("report-bad-choice")?;
    let format = match query.format.as_deref().unwrap_or("html") {
        "html" => Format::Html,
        "pdf" => Format::Pdf,
        "md" => Format::Markdown,
        _ => return Err("report-bad-choice"),
    };
    let mut options = Options::new(year, lang);
    options.audience = audience;
    options.compare = query.compare.is_some();
    Ok(Some((options, format)))
}

/// Shows the form, or the report it asks for (HTML preview, PDF or Markdown download).
pub async fn show(
    state: Site,
    visitor: Visitor,
    Query(query): Query<ReportQuery>,
) -> Result<Response, WebError> {
    visitor.require_office(&state.forum, "/admin/report")?;
    let t = visitor.t();
    let form = |status: StatusCode, error: Option<String>| {
        let page = ReportPage {
            frame: visitor.frame(),
            year: query.year.clone().unwrap_or_default(),
            error,
        };
        (status, render(&page)).into_response()
    };
    let (options, format) = match parse(&query) {
        Ok(Some(chosen)) => chosen,
        Ok(None) => return Ok(form(StatusCode::OK, None)),
        Err(message) => return Ok(form(StatusCode::BAD_REQUEST, Some(t.get(message)))),
    };
    let (forum, bytes) =
        urbis_app::report::written(&state.app, &state.forum, &options, format).await?;
    let name = format!(
        "{}-{}-{}.{}",
        forum.short_name.to_lowercase(),
        options.year,
        options.lang.code(),
        format.extension()
    );
    Ok(match format {
        Format::Html => Html(bytes).into_response(),
        Format::Pdf => (
            [
                (header::CONTENT_TYPE, "application/pdf".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Format::Markdown => (
            [
                (
                    header::CONTENT_TYPE,
                    "text/markdown; charset=utf-8".to_owned(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
            ],
            bytes,
        )
            .into_response(),
    })
}
