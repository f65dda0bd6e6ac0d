//! The annual report as the pages write it: composed from the records of a forum's year (see
//! `urbis_report`), and the office's own texts for it.

use urbis_domain::network::Forum;
use urbis_domain::report::ReportText;
use urbis_domain::{Access, Id};
use urbis_report::{Format, Options, Report};
use urbis_store::{ListQuery, Value};

use crate::{App, AppError};

/// How many texts of one year the editor lists at most.
pub const TEXTS: i64 = 500;

/// Composes the report of `forum` as `options` ask (year, language, audience); the forum with
/// it, for names and file names.
pub async fn compose(
    app: &App,
    forum: &Id,
    options: &Options,
) -> Result<(Forum, Report), AppError> {
    let forum: Forum = app.store().get(forum).await?;
    let report = urbis_report::compose(app.store(), &forum, options)
        .await
        .map_err(|e| AppError::Report(e.to_string()))?;
    Ok((forum, report))
}

/// The report of `forum` as `options` ask, written in `format`; the forum with it. Typesetting
/// a long year takes a second or more, so it runs beside the server's request threads, never
/// on them: other pages keep being served meanwhile.
pub async fn written(
    app: &App,
    forum: &Id,
    options: &Options,
    format: Format,
) -> Result<(Forum, Vec<u8>), AppError> {
    let (forum, report) = compose(app, forum, options).await?;
    let bytes = tokio::task::spawn_blocking(move || urbis_report::render(&report, format))
        .await
        .map_err(|e| AppError::Report(e.to_string()))?
        .map_err(|e| AppError::Report(e.to_string()))?;
    Ok((forum, bytes))
}

/// The office's texts of `forum` for `year`, in their order (every access level: the editor is
/// the office's).
pub async fn texts(app: &App, forum: &Id, year: i16) -> Result<Vec<ReportText>, AppError> {
    let query = ListQuery::new(forum, Access::Staff)
        .filter("year", Value::int(year))
        .order_by("position", false)
        .page(TEXTS, 0);
    Ok(app.store().list(&query).await?)
}
