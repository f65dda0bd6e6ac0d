//! Report PDFs already typeset, by what they were typeset from. Typesetting a long year takes
//! a second or more, and the same report is downloaded again and again: by the office while it
//! writes the year's texts, by members when the public report is out. A PDF is made again only
//! when its markup or logo changed; the same markup always gives the same PDF, so a PDF kept
//! under the digest of both can never be stale. The whole keeps to a byte budget, the least
//! recently downloaded go first.

use std::sync::Mutex;

use bytes::Bytes;
use sha2::{Digest, Sha256};
use urbis_report::PdfJob;

use crate::byte_lru::ByteLru;
use crate::one_at_a_time::OneAtATime;

/// The most bytes of PDFs kept by default: a few years of a large forum in three languages.
pub const BUDGET: usize = 48 * 1024 * 1024;

/// What a job is known by: the SHA-256 of its markup and logo.
pub(crate) type JobDigest = [u8; 32];

/// The PDFs made by one process.
#[derive(Debug)]
pub(crate) struct MadePdfs {
    kept: Mutex<ByteLru<JobDigest, Bytes>>,
    /// The jobs being typeset now: who asks for the same one meanwhile waits for it instead of
    /// typesetting it a second time.
    pub(crate) making: OneAtATime<JobDigest>,
}

impl Default for MadePdfs {
    fn default() -> Self {
        Self::with_budget(BUDGET)
    }
}

impl MadePdfs {
    /// An empty store of PDFs that keeps at most `budget` bytes.
    pub(crate) fn with_budget(budget: usize) -> Self {
        Self {
            kept: Mutex::new(ByteLru::new(budget)),
            making: OneAtATime::default(),
        }
    }

    /// The PDF made from the job with `digest`, if it is kept.
    pub(crate) fn get(&self, digest: &JobDigest) -> Option<Bytes> {
        self.kept.lock().ok()?.get(digest).cloned()
    }

    /// Keeps `pdf` as made from the job with `digest` (not when larger than the budget).
    pub(crate) fn keep(&self, digest: JobDigest, pdf: Bytes) {
        if let Ok(mut kept) = self.kept.lock() {
            let size = pdf.len();
            kept.put(digest, pdf, size);
        }
    }

    /// How many bytes of PDFs are kept (for tests and `/metrics`).
    pub(crate) fn bytes(&self) -> usize {
        self.kept.lock().map_or(0, |k| k.bytes())
    }
}

/// The digest of what `job` typesets: its markup and its logo (format and bytes).
pub(crate) fn digest(job: &PdfJob) -> JobDigest {
    let mut hasher = Sha256::new();
    hasher.update((job.markup.len() as u64).to_le_bytes());
    hasher.update(job.markup.as_bytes());
    if let Some((format, bytes)) = &job.logo {
        hasher.update(format!("{format:?}").as_bytes());
        hasher.update(bytes);
    }
    hasher.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use urbis_domain::network::LogoFormat;

    fn job(markup: &str, logo: Option<&[u8]>) -> PdfJob {
        PdfJob {
            markup: markup.into(),
            logo: logo.map(|b| (LogoFormat::Png, b.to_vec())),
        }
    }

    #[test]
    fn a_digest_changes_with_the_markup_and_the_logo() {
        let plain = digest(&job("= 2022", None));
        assert_eq!(plain, digest(&job("= 2022", None)));
        assert_ne!(plain, digest(&job("= 2023", None)));
        assert_ne!(plain, digest(&job("= 2022", Some(b"png"))));
        assert_ne!(
            digest(&job("= 2022", Some(b"png"))),
            digest(&job("= 2022", Some(b"PNG")))
        );
    }

    #[test]
    fn a_pdf_larger_than_the_budget_is_not_kept() {
        let made = MadePdfs::with_budget(10);
        made.keep([1; 32], Bytes::from(vec![0; 4]));
        made.keep([2; 32], Bytes::from(vec![0; 11]));
        assert!(made.get(&[2; 32]).is_none());
        assert_eq!(made.get(&[1; 32]).map(|pdf| pdf.len()), Some(4));
        assert_eq!(made.bytes(), 4);
    }
}
