//! A PDF to typeset, as one process hands it to another. typst's working memory for a long
//! year is hundreds of MB that an allocator keeps once it has it; a server therefore composes
//! the report itself and has a short-lived `urbis typeset` process typeset it, whose memory
//! the system takes back whole when it ends.
//!
//! On the wire a job is one header line, `urbis-pdf-job 1 MARKUP_BYTES LOGO LOGO_BYTES`
//! (`LOGO` is `svg`, `png` or `-`), then the markup and the logo's bytes.

use std::io::{BufRead, Read, Write};

use typst::foundations::Bytes;
use urbis_domain::network::LogoFormat;

use crate::error::{ReportError, Result};
use crate::model::Report;
use crate::pdf;

/// The first word of a job's header, and the version of the format after it.
const MAGIC: &str = "urbis-pdf-job 1";
/// The longest markup a job may carry: far more than any year of records gives.
const MOST_MARKUP: usize = 512 * 1024 * 1024;
/// The largest logo a job may carry (the forum settings allow much less).
const MOST_LOGO: usize = 16 * 1024 * 1024;

/// The typst markup of a report and the forum's logo the title page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfJob {
    /// The whole document as typst markup.
    pub markup: String,
    /// The logo, when the forum has one.
    pub logo: Option<(LogoFormat, Vec<u8>)>,
}

impl PdfJob {
    /// The job that typesets `report`.
    pub fn of(report: &Report) -> Self {
        Self {
            markup: pdf::source(report),
            logo: report.logo.clone(),
        }
    }

    /// Typesets the job in this process.
    pub fn typeset(self) -> Result<Vec<u8>> {
        let logo = self.logo.map(|(format, bytes)| (format, Bytes::new(bytes)));
        pdf::typeset_with(self.markup, logo)
    }

    /// Writes the job for another process to read.
    pub fn write_to(&self, out: &mut impl Write) -> std::io::Result<()> {
        let (logo, logo_bytes): (&str, &[u8]) = match &self.logo {
            Some((format, bytes)) => (format.as_str(), bytes),
            None => ("-", &[]),
        };
        writeln!(
            out,
            "{MAGIC} {} {logo} {}",
            self.markup.len(),
            logo_bytes.len()
        )?;
        out.write_all(self.markup.as_bytes())?;
        out.write_all(logo_bytes)?;
        out.flush()
    }

    /// Reads a job another process wrote; anything else (a wrong header, a short or
    /// overlong body, markup that is not UTF-8) is an error that says what is wrong.
    pub fn read_from(input: &mut impl BufRead) -> Result<Self> {
        let bad = |what: String| ReportError::Job(what);
        let mut header = String::new();
        input
            .take(200)
            .read_line(&mut header)
            .map_err(|e| bad(format!("the header could not be read: {e}")))?;
        let fields = header
            .trim_end()
            .strip_prefix(MAGIC)
            .and_then(|rest| rest.strip_prefix(' '))
            .ok_or_else(|| bad(format!("the header does not start with `{MAGIC}`")))?;
        let fields: Vec<&str> = fields.split(' ').collect();
        let [markup_len, logo, logo_len] = fields[..] else {
            return Err(bad(
                "the header has not three fields after the version".into()
            ));
        };
        let length = |text: &str, what: &str, most: usize| {
            text.parse::<usize>()
                .ok()
                .filter(|n| *n <= most)
                .ok_or_else(|| bad(format!("the {what} length `{text}` is not 0 to {most}")))
        };
        let markup_len = length(markup_len, "markup", MOST_MARKUP)?;
        let logo_len = length(logo_len, "logo", MOST_LOGO)?;
        let format = match (logo, LogoFormat::parse(logo)) {
            (_, Some(format)) => Some(format),
            ("-", None) if logo_len == 0 => None,
            _ => {
                return Err(bad(format!(
                    "the logo `{logo}` is not {} or -",
                    LogoFormat::NAMES.join(", ")
                )));
            }
        };
        let mut read = |len: usize, what: &str| {
            let mut bytes = vec![0; len];
            input
                .read_exact(&mut bytes)
                .map_err(|e| bad(format!("the {what} ends early: {e}")))?;
            Ok::<_, ReportError>(bytes)
        };
        let markup = String::from_utf8(read(markup_len, "markup")?)
            .map_err(|_| bad("the markup is not UTF-8".into()))?;
        let logo = match format {
            Some(format) => Some((format, read(logo_len, "logo")?)),
            None => None,
        };
        let mut rest = [0; 1];
        if input.read(&mut rest).map_err(|e| bad(e.to_string()))? != 0 {
            return Err(bad("more bytes follow the job".into()));
        }
        Ok(Self { markup, logo })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(job: &PdfJob) -> Vec<u8> {
        let mut out = Vec::new();
        job.write_to(&mut out).unwrap_or_else(|e| panic!("{e}"));
        out
    }

    fn read(bytes: &[u8]) -> Result<PdfJob> {
        PdfJob::read_from(&mut std::io::BufReader::new(bytes))
    }

    #[test]
    fn a_job_reads_back_as_written() {
        let job = PdfJob {
            markup: "= Jahresbericht\n\nÄußerst *wichtig*\n".into(),
            logo: Some((LogoFormat::Png, vec![0x89, b'P', b'N', b'G', 0, 255])),
        };
        assert_eq!(read(&written(&job)).ok(), Some(job));
        let plain = PdfJob {
            markup: String::new(),
            logo: None,
        };
        assert_eq!(read(&written(&plain)).ok(), Some(plain));
    }

    #[test]
    fn a_damaged_job_says_what_is_wrong() {
        let job = PdfJob {
            markup: "Text".into(),
            logo: None,
        };
        let good = written(&job);
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (b"hello\n".to_vec(), "does not start"),
            (b"urbis-pdf-job 1 4 -\nText".to_vec(), "three fields"),
            (b"urbis-pdf-job 1 x - 0\n".to_vec(), "markup length `x`"),
            (b"urbis-pdf-job 1 4 gif 0\nText".to_vec(), "logo `gif`"),
            (good[..good.len() - 1].to_vec(), "markup ends early"),
            ([good.clone(), b"!".to_vec()].concat(), "more bytes"),
            (b"urbis-pdf-job 1 2 - 0\n\xff\xfe".to_vec(), "not UTF-8"),
            (
                format!("urbis-pdf-job 1 {} - 0\n", MOST_MARKUP + 1).into_bytes(),
                "is not 0 to",
            ),
        ];
        for (bytes, expected) in cases {
            let message = read(&bytes)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(message.contains(expected), "{expected}: {message}");
        }
    }

    #[test]
    fn a_job_typesets_into_a_pdf() {
        let job = PdfJob {
            markup: "= Bericht\n\nEin Absatz.\n".into(),
            logo: None,
        };
        let pdf = read(&written(&job))
            .and_then(PdfJob::typeset)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(pdf.starts_with(b"%PDF"));
    }
}
