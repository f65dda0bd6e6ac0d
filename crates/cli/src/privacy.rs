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

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The lines that say what an erasure does (or would do).
fn describe(report: &ErasureReport) -> Vec<String> {
    let mut lines = Vec::new();
    if report.already_erased {
        lines.push("the person was erased before; only what was added since is anonymised".into());
    }
    lines.push(plural(
        report.registrations,
        "registration becomes anonymous and still counts",
        "registrations become anonymous and still count",
    ));
    lines.push(plural(
        report.guest_registrations,
        "guest registration with the person's address loses the guest's data",
        "guest registrations with the person's address lose the guest's data",
    ));
    lines.push(plural(
        report.references_kept,
        "record keeps referring to the anonymous person",
        "records keep referring to the anonymous person",
    ));
    if report.contributors > 0 {
        lines.push(plural(
            report.contributors,
            "list of speakers or authors loses the name given beside the person",
            "lists of speakers or authors lose the name given beside the person",
        ));
    }
    lines.push(plural(
        report.accounts,
        "account is disabled, without address, roles or password",
        "accounts are disabled, without address, roles or password",
    ));
    lines.push(plural(
        report.audit_entries,
        "audit log entry loses its personal values",
        "audit log entries lose their personal values",
    ));
    lines.push(plural(
        report.mails,
        "mail to the person leaves the outbox",
        "mails to the person leave the outbox",
    ));
    lines.push(plural(
        report.deadline_subscriptions,
        "deadline reminder subscription ends",
        "deadline reminder subscriptions end",
    ));
    for (kind, id) in &report.mentions {
        lines.push(format!(
            "the text of {kind} {id} mentions the person's name: edit it by hand"
        ));
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
                    let user = store.user_by_email(&email).await?.ok_or_else(|| {
                        CliError::Usage(format!("there is no account for {email}"))
                    })?;
                    privacy::personal_data_for_user(&urbis_app::App::new(store.clone()), &user.id)
                        .await?
                }
                _ => {
                    return Err(CliError::Usage(
                        "give the id of a person, or --account EMAIL (not both)".into(),
                    ));
                }
            };
            let text = serde_json::to_string_pretty(&data)
                .map_err(|e| CliError::Io(format!("cannot write the export: {e}")))?
                + "\n";
            match output.filter(|p| p.as_os_str() != "-") {
                Some(path) => crate::commands::write_atomically(&path, text.as_bytes()),
                None => std::io::stdout()
                    .write_all(text.as_bytes())
                    .map_err(|e| CliError::Io(format!("cannot write the export: {e}"))),
            }
        }
        PersonCommand::Erase { id, yes } => {
            let id = Id::from_text(id);
            if !yes {
                let report =
                    privacy::preview_erasure(&urbis_app::App::new(store.clone()), &id).await?;
                println!("erasing person {id} would do this:");
                for line in describe(&report) {
                    println!("  {line}");
                }
                return Err(CliError::Usage(format!(
                    "nothing was erased: add --yes to erase person {id} (this cannot be undone)"
                )));
            }
            let report =
                privacy::erase_person(&urbis_app::App::new(store.clone()), &id, None).await?;
            println!("person {id} is erased:");
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
                    return Err(CliError::Usage("say either --given or --withdrawn".into()));
                }
            };
            let at = match at {
                Some(text) => text.parse::<Timestamp>().map_err(|_| {
                    CliError::Usage(format!(
                        "--at: `{text}` is not a time (write e.g. 2026-05-03T09:00:00Z)"
                    ))
                })?,
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
            println!(
                "person {id}: consent for `{}` {} ({} so far)",
                purpose.trim(),
                if given { "given" } else { "withdrawn" },
                plural(person.consents.len(), "consent record", "consent records")
            );
            Ok(())
        }
    }
}

async fn retention(store: &Store, command: RetentionCommand) -> Result<(), CliError> {
    let RetentionCommand::Run { forum, days } = command;
    let period = match days {
        Some(text) => {
            let days = text.trim().parse::<i64>().map_err(|_| {
                CliError::Usage(format!("--days: `{text}` is not a whole number of days"))
            })?;
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
    println!(
        "anonymised {} of events over more than {} days ago",
        plural(done, "guest registration", "guest registrations"),
        period.as_hours() / 24
    );
    let expired =
        urbis_app::events::remove_expired(&urbis_app::App::new(store.clone()), now).await?;
    if expired > 0 {
        println!(
            "removed {} whose confirmation link expired",
            plural(
                expired,
                "unconfirmed guest registration",
                "unconfirmed guest registrations"
            )
        );
    }
    Ok(())
}
