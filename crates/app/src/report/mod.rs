//! The annual report as the pages write it: composed from the records of a forum's year (see
//! `urbis_report`), and the office's own texts for it.

mod made;
mod typeset;

pub(crate) use made::MadePdfs;

use std::path::Path;

use bytes::Bytes;
use urbis_domain::network::Forum;
use urbis_domain::report::ReportText;
use urbis_domain::{Access, Id};

use urbis_report::{Format, Options, PdfJob, Report, ReportError};
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
        .map_err(report_error)?;
    Ok((forum, report))
}

/// The report of `forum` as `options` ask, written in `format`; the forum with it. Typesetting
/// a long year takes a second or more, so it runs beside the server's request threads, never
/// on them: other pages keep being served meanwhile; a PDF is typeset by the app's typesetting
/// program when it has one, and only when no PDF of the same markup is kept (`made`).
pub async fn written(
    app: &App,
    forum: &Id,
    options: &Options,
    format: Format,
) -> Result<(Forum, Bytes), AppError> {
    let (forum, report) = compose(app, forum, options).await?;
    let bytes = match format {
        Format::Pdf => pdf(app, report).await?,
        _ => aside(move || urbis_report::render(&report, format).map_err(report_error))
            .await?
            .into(),
    };
    Ok((forum, bytes))
}

/// The PDF of `report`: the kept one when the same markup was typeset before, else typeset
/// now (once, however many ask for it at the same time) and kept.
async fn pdf(app: &App, report: Report) -> Result<Bytes, AppError> {
    let (job, digest) = aside(move || {
        let job = PdfJob::of(&report);
        let digest = made::digest(&job);
        Ok((job, digest))
    })
    .await?;
    let made = app.made_pdfs();
    if let Some(pdf) = made.get(&digest) {
        return Ok(pdf);
    }
    let _turn = made.making.turn(&digest).await;
    if let Some(pdf) = made.get(&digest) {
        return Ok(pdf);
    }
    let program = app.typesetter().map(Path::to_path_buf);
    let pdf: Bytes = aside(move || match program {
        Some(program) => typeset::apart(&program, job),
        None => job.typeset().map_err(report_error),
    })
    .await?
    .into();
    made.keep(digest, pdf.clone());
    Ok(pdf)
}

/// Runs CPU-bound work beside the server's request threads.
async fn aside<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| AppError::Report(e.to_string()))?
}

fn report_error(error: ReportError) -> AppError {
    AppError::Report(error.to_string())
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
