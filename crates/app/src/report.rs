//! The annual report as the pages write it: composed from the records of a forum's year (see
//! `urbis_report`), and the office's own texts for it.

use std::path::Path;
use std::process::{Command, Stdio};
use urbis_domain::network::Forum;
use urbis_domain::report::ReportText;
use urbis_domain::{Access, Id};

use urbis_report::{Format, Options, PdfJob, Report};
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
/// on them: other pages keep being served meanwhile; a PDF is typeset by the app's typesetting
/// program when it has one.
pub async fn written(
    app: &App,
    forum: &Id,
    options: &Options,
    format: Format,
) -> Result<(Forum, Vec<u8>), AppError> {
    let (forum, report) = compose(app, forum, options).await?;
    let program = app.typesetter().map(Path::to_path_buf);
    let bytes = tokio::task::spawn_blocking(move || match (format, program) {
        (Format::Pdf, Some(program)) => typeset_apart(&program, &report),
        _ => urbis_report::render(&report, format).map_err(|e| AppError::Report(e.to_string())),
    })
    .await
    .map_err(|e| AppError::Report(e.to_string()))??;
    Ok((forum, bytes))
}

/// Typesets `job` with `program typeset`: the job on its standard input, the PDF on its
/// standard output, and what went wrong on its standard error. When the program cannot be
/// started (it was replaced by an upgrade meanwhile), this process typesets.
fn typeset_apart(program: &Path, report: &Report) -> Result<Vec<u8>, AppError> {
    let failed =
        |what: String| AppError::Report(format!("typesetting with {}: {what}", program.display()));
    let child = Command::new(program)
        .arg("typeset")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(error) => {
            tracing::warn!(program = %program.display(), %error, "typesetting the report here");
            return urbis_report::render(report, Format::Pdf)
                .map_err(|e| AppError::Report(e.to_string()));
        }
    };
    let job = PdfJob::of(report);
    let mut input = child
        .stdin
        .take()
        .ok_or_else(|| failed("no standard input".into()))?;
    // Written beside the reading of the answer: a long job fills the pipe before the child
    // has read it all, and the child's answer the other pipe.
    let output = std::thread::scope(|scope| {
        let writer = scope.spawn(move || job.write_to(&mut std::io::BufWriter::new(&mut input)));
        let output = child.wait_with_output();
        (writer.join(), output)
    });
    let (handed, output) = output;
    let output = output.map_err(|e| failed(e.to_string()))?;
    // A child that failed says why on its standard error, also when it stopped reading.
    if !output.status.success() {
        let message = String::from_utf8_lossy(&output.stderr);
        return Err(failed(format!("{}: {}", output.status, message.trim())));
    }
    match handed {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(failed(format!("handing over the job: {e}"))),
        Err(_) => return Err(failed("handing over the job failed".into())),
    }
    Ok(output.stdout)
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
