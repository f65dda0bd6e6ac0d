//! `urbis report`: the annual report of a forum, written from its records.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use urbis_domain::{Access, Lang};
use urbis_report::{Format, Options, PdfJob, ReportError};
use urbis_store::Store;

use crate::commands::write_atomically;
use crate::error::CliError;
use crate::lang::t;

/// The languages a report is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportLang {
    /// German.
    De,
    /// English.
    En,
    /// French.
    Fr,
}

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// PDF with title page, table of contents and page numbers.
    Pdf,
    /// One accessible HTML page.
    Html,
    /// Markdown, for further editing.
    Md,
}

/// Who a report is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Audience {
    /// Anyone: members-only records appear only as counts.
    Public,
    /// The forum's members.
    Members,
    /// The office: everything.
    Staff,
}

/// The options of `urbis report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The report year.
    #[arg(long, value_parser = clap::value_parser!(i16).range(1900..2200))]
    year: i16,
    /// The language.
    #[arg(long, value_enum, default_value = "de")]
    lang: ReportLang,
    /// The output format.
    #[arg(long, value_enum, default_value = "pdf")]
    format: ReportFormat,
    /// The file to write; `-` for standard output.
    #[arg(short, long)]
    output: PathBuf,
    /// Short name of the forum (default: the forum with the most members).
    #[arg(long, env = "URBIS_FORUM")]
    forum: Option<String>,
    /// Who the report is for: records above this level appear only as counts.
    #[arg(long, value_enum, default_value = "public")]
    audience: Audience,
    /// Compare the year with the previous one.
    #[arg(long)]
    compare: bool,
}

fn cli_error(error: ReportError) -> CliError {
    match error {
        ReportError::Store(e) => CliError::Store(e),
        ReportError::Typeset(_) | ReportError::Job(_) => CliError::Io(error.to_string()),
        other => CliError::Usage(other.to_string()),
    }
}

/// `urbis report`.
pub async fn run(url: &str, args: ReportArgs) -> Result<(), CliError> {
    let store = Store::open(url).await?;
    let options = Options {
        year: args.year,
        lang: match args.lang {
            ReportLang::De => Lang::De,
            ReportLang::En => Lang::En,
            ReportLang::Fr => Lang::Fr,
        },
        audience: match args.audience {
            Audience::Public => Access::Public,
            Audience::Members => Access::Members,
            Audience::Staff => Access::Staff,
        },
        compare: args.compare,
    };
    let composed = async {
        let forum = urbis_report::find_forum(&store, args.forum.as_deref()).await?;
        urbis_report::compose(&store, &forum, &options).await
    }
    .await;
    store.close().await;
    let report = composed.map_err(cli_error)?;
    let format = match args.format {
        ReportFormat::Pdf => Format::Pdf,
        ReportFormat::Html => Format::Html,
        ReportFormat::Md => Format::Markdown,
    };
    let bytes = urbis_report::render(&report, format).map_err(cli_error)?;
    if args.output.as_os_str() == "-" {
        std::io::stdout()
            .write_all(&bytes)
            .map_err(|e| CliError::Io(t!("cli-cannot-write-report", error = &e.to_string())))
    } else {
        write_atomically(&args.output, &bytes)
    }
}

/// `urbis typeset`: reads one PDF job from standard input and writes the PDF to standard
/// output, in a process that ends right after, taking typst's working memory with it.
pub fn typeset() -> Result<(), CliError> {
    let job = PdfJob::read_from(&mut std::io::stdin().lock()).map_err(cli_error)?;
    let pdf = job.typeset().map_err(cli_error)?;
    let mut out = std::io::stdout().lock();
    out.write_all(&pdf)
        .and_then(|()| out.flush())
        .map_err(|e| CliError::Io(format!("writing the PDF: {e}")))
}
