//! The one error type of the command line: every variant prints as a message a person can
//! act on.

use urbis_store::StoreError;

use crate::lang::t;

/// What a command can fail with.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The store refused or failed.
    #[error("{}", store_message(.0))]
    Store(#[from] StoreError),
    /// A file could not be read or written, or the server could not start.
    #[error("{0}")]
    Io(String),
    /// An import file could not be read as an urbis export.
    #[error("{}", t!("cli-nothing-imported", file = .file, problem = .message))]
    Read {
        /// The file.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// The demo data set is broken (a bug).
    #[error("{}", t!("cli-demo-broken", error = .0))]
    Demo(String),
    /// A use case refused (a password too short, a wrong role …).
    #[error("{}", app_message(.0))]
    App(#[from] urbis_app::AppError),
    /// A command was used wrongly.
    #[error("{0}")]
    Usage(String),
}

fn app_message(error: &urbis_app::AppError) -> String {
    match error {
        urbis_app::AppError::Store(error) => store_message(error),
        urbis_app::AppError::Invalid(problems) => problems_message(problems),
        other => other.to_string(),
    }
}

fn store_message(error: &StoreError) -> String {
    match error {
        StoreError::Invalid(problems) => problems_message(problems),
        other => other.to_string(),
    }
}

fn problems_message(problems: &urbis_domain::Problems) -> String {
    match problems {
        problems if problems.len() > 1 => {
            let lines: Vec<String> = problems.iter().map(|p| format!("  {p}")).collect();
            format!(
                "{}\n{}",
                t!("cli-problems", count = problems.len()),
                lines.join("\n")
            )
        }
        problems => t!("cli-nothing-written", problem = &problems.to_string()),
    }
}
