//! `urbis person` and `urbis retention`: personal data (GDPR) from the command line — export
//! everything stored about a person, erase a person, record consent, and apply the retention
//! rule for guest data.

use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;
use jiff::Timestamp;
use urbis_app::privacy::{self, ErasureReport};
use urbis_domain::Id;
use urbis_store::Store;

use crate::error::CliError;
use crate::lang::t;

/// The data protection commands.
#[derive(Debug, Subcommand)]
pub enum PrivacyCommand {
    /// A person's personal data (GDPR): export it, erase it, record consent.
    #[command(subcommand)]
    Person(PersonCommand),
    /// Retention of guest data: anonymise guest registrations of past events.
    #[command(subcommand)]
    Retention(RetentionCommand),
}

/// What can be done with one person's data.
#[derive(Debug, Subcommand)]
pub enum PersonCommand {
    /// Write everything stored about a person as JSON (the right of access).
    Export {
        /// The id of the person record.
        id: Option<String>,
        /// Instead of a person: the email address of an account without a person record.
        #[arg(long)]
        account: Option<String>,
        /// The file to write; `-` or nothing for standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Erase a person: anonymise them everywhere, keeping every registration counted. Without
    /// --yes it only says what it would do.
    Erase {
        /// The id of the person record.
        id: String,
        /// Really erase (this cannot be undone).
        #[arg(long)]
        yes: bool,
    },
    /// Record that a person gave or withdrew consent for a purpose; the history is kept.
    Consent {
        /// The id of the person record.
        id: String,
        /// What the consent is for ("newsletter", "photos", "contact list").
        #[arg(long)]
        purpose: String,
        /// The consent was given.
        #[arg(long)]
        given: bool,
        /// The consent was withdrawn.
        #[arg(long)]
        withdrawn: bool,
        /// How it was given or withdrawn ("registration form", "email of 3 May").
        #[arg(long)]
        how: String,
        /// When (RFC 3339, e.g. 2026-05-03T09:00:00Z); default now.
        #[arg(long)]
        at: Option<String>,
    },
}

/// The retention rule for guest data.
#[derive(Debug, Subcommand)]
pub enum RetentionCommand {
    /// Anonymise the guest data of registrations for events that were over longer ago than
    /// the retention period (URBIS_GUEST_RETENTION_DAYS, default 365 days); remove guest
    /// registrations whose confirmation link expired (in every forum).
    Run {
        /// Only this forum (short name); default every forum.
        #[arg(long)]
        forum: Option<String>,
        /// The retention period in days after the event.
        #[arg(long)]
        days: Option<String>,
    },
}

/// Runs a data protection command.
pub async fn run(url: &str, command: PrivacyCommand) -> Result<(), CliError> {
    let store = Store::open(url).await?;
    let result = match command {
        PrivacyCommand::Person(command) => person(&store, command).await,
        PrivacyCommand::Retention(command) => retention(&store, command).await,
    };
    store.close().await;
    result
}

/// The lines that say what an erasure does (or would do).
fn describe(report: &ErasureReport) -> Vec<String> {
    let mut lines = Vec::new();
    if report.already_erased {
        lines.push(t!("cli-erasure-again"));
    }
    lines.push(t!(
        "cli-erasure-registrations",
        count = report.registrations
    ));
    lines.push(t!(
        "cli-erasure-guest-registrations",
        count = report.guest_registrations
    ));
    lines.push(t!("cli-erasure-references", count = report.references_kept));
    if report.contributors > 0 {
        lines.push(t!("cli-erasure-contributors", count = report.contributors));
    }
    lines.push(t!("cli-erasure-accounts", count = report.accounts));
    lines.push(t!("cli-erasure-audit", count = report.audit_entries));
    lines.push(t!("cli-erasure-mails", count = report.mails));
    lines.push(t!(
        "cli-erasure-subscriptions",
        count = report.deadline_subscriptions
    ));
    for (kind, id) in &report.mentions {
        let id = id.to_string();
        lines.push(t!("cli-erasure-mention", kind = kind.name(), id = &id));
    }
    lines
}

async fn person(store: &Store, command: PersonCommand) -> Result<(), CliError> {
    match command {
        PersonCommand::Export {
            id,
            account,
            output,
        } => {
            let data = match (id, account) {
                (Some(id), None) => {
                    privacy::personal_data(&urbis_app::App::new(store.clone()), &Id::from_text(id))
                        .await?
                }
                (None, Some(email)) => {
                    let user = store
                        .user_by_email(&email)
                        .await?
                        .ok_or_else(|| CliError::Usage(t!("cli-no-account", email = &email)))?;
                    privacy::personal_data_for_user(&urbis_app::App::new(store.clone()), &user.id)
                        .await?
                }
                _ => {
                    return Err(CliError::Usage(t!("cli-person-or-account")));
                }
            };
            let fail = |e: &dyn std::fmt::Display| {
                CliError::Io(t!("cli-cannot-write-export", error = &e.to_string()))
            };
            let text = serde_json::to_string_pretty(&data).map_err(|e| fail(&e))? + "\n";
            match output.filter(|p| p.as_os_str() != "-") {
                Some(path) => crate::commands::write_atomically(&path, text.as_bytes()),
                None => std::io::stdout()
                    .write_all(text.as_bytes())
                    .map_err(|e| fail(&e)),
            }
        }
        PersonCommand::Erase { id, yes } => {
            let id = Id::from_text(id);
            let shown = id.to_string();
            if !yes {
                let report =
                    privacy::preview_erasure(&urbis_app::App::new(store.clone()), &id).await?;
                println!("{}", t!("cli-erase-preview", id = &shown));
                for line in describe(&report) {
                    println!("  {line}");
                }
                return Err(CliError::Usage(t!("cli-erase-refused", id = &shown)));
            }
            let report =
                privacy::erase_person(&urbis_app::App::new(store.clone()), &id, None).await?;
            println!("{}", t!("cli-erased", id = &shown));
            for line in describe(&report) {
                println!("  {line}");
            }
            Ok(())
        }
        PersonCommand::Consent {
            id,
            purpose,
            given,
            withdrawn,
            how,
            at,
        } => {
            let given = match (given, withdrawn) {
                (true, false) => true,
                (false, true) => false,
                _ => {
                    return Err(CliError::Usage(t!("cli-given-or-withdrawn")));
                }
            };
            let at = match at {
                Some(text) => text
                    .parse::<Timestamp>()
                    .map_err(|_| CliError::Usage(t!("cli-not-a-time", text = &text)))?,
                None => Timestamp::now(),
            };
            let id = Id::from_text(id);
            let person = privacy::record_consent(
                &urbis_app::App::new(store.clone()),
                &id,
                &purpose,
                given,
                &how,
                at,
            )
            .await?;
            let (id, purpose) = (id.to_string(), purpose.trim());
            let count = person.consents.len();
            let said = if given {
                t!(
                    "cli-consent-given",
                    id = &id,
                    purpose = purpose,
                    count = count
                )
            } else {
                t!(
                    "cli-consent-withdrawn",
                    id = &id,
                    purpose = purpose,
                    count = count
                )
            };
            println!("{said}");
            Ok(())
        }
    }
}

async fn retention(store: &Store, command: RetentionCommand) -> Result<(), CliError> {
    let RetentionCommand::Run { forum, days } = command;
    let period = match days {
        Some(text) => {
            let days = text
                .trim()
                .parse::<i64>()
                .map_err(|_| CliError::Usage(t!("cli-not-days", text = &text)))?;
            privacy::retention_period(days)?
        }
        None => privacy::configured_retention()?,
    };
    let forum = match forum {
        Some(short_name) => Some(store.forum_named(&short_name).await?.id),
        None => None,
    };
    let now = Timestamp::now();
    let done = privacy::apply_retention(
        &urbis_app::App::new(store.clone()),
        forum.as_ref(),
        period,
        now,
    )
    .await?;
    let days = period.as_hours() / 24;
    println!(
        "{}",
        t!("cli-retention-anonymised", count = done, days = days)
    );
    let expired =
        urbis_app::events::remove_expired(&urbis_app::App::new(store.clone()), now).await?;
    if expired > 0 {
        println!("{}", t!("cli-retention-removed", count = expired));
    }
    Ok(())
}
