//! Uploaded files of urbis: where their bytes live (a local directory by default, an
//! S3-compatible bucket when configured), which files are accepted (size limit, a type
//! allow-list checked against the content, not only the name), and the text of PDF and office
//! files, extracted at upload so that search can find it.
//!
//! Files have random keys and are never served from a public path: the web layer hands them
//! out only after the access policy allowed the record that holds them.

mod check;
mod error;
mod extract;
mod storage;

pub use check::{Checked, check};
pub use error::{FileError, Result};
pub use extract::extract_text;
pub use storage::{DEFAULT_DIR, DEFAULT_LIMIT, FileConfig, Files};
