//! `urbis user`: accounts from the command line (the first admin of a fresh installation, and
//! scripts).

use std::io::BufRead;

use clap::Subcommand;
use urbis_app::accounts::users;
use urbis_domain::accounts::{ForumRole, User};
use urbis_domain::{Id, Lang};
use urbis_store::Store;

use crate::error::CliError;
use crate::lang::t;

/// The account commands.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account; with --password-stdin it is active at once, else it is invited.
    Add {
        /// The email address (the login).
        email: String,
        /// The name shown to others.
        #[arg(long)]
        name: String,
        /// Interface and mail language: de or en.
        #[arg(long, default_value = "de")]
        language: String,
        /// Give the account a role in this forum (short name) at once.
        #[arg(long, requires = "role")]
        forum: Option<String>,
        /// The role: member, organisation_editor, staff or admin.
        #[arg(long, requires = "forum")]
        role: Option<String>,
        /// For members and organisation editors: the id of their organisation.
        #[arg(long)]
        organisation: Option<String>,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set an account's password, read from the first line of standard input; ends its sessions.
    Passwd {
        /// The email address of the account.
        email: String,
    },
    /// Give an account a role in a forum, or take it away with `none`.
    Role {
        /// The email address of the account.
        email: String,
        /// The forum (short name).
        #[arg(long)]
        forum: String,
        /// member, organisation_editor, staff, admin or none.
        #[arg(long)]
        role: String,
        /// For members and organisation editors: the id of their organisation.
        #[arg(long)]
        organisation: Option<String>,
    },
    /// Send an invited account its invitation mail again (a new link; earlier ones stop working).
    Invite {
        /// The email address of the account.
        email: String,
        /// The public address of the site, for the link (default: URBIS_BASE_URL).
        #[arg(long, env = "URBIS_BASE_URL", default_value = "http://127.0.0.1:8080")]
        base_url: String,
    },
    /// List the accounts with a role in a forum.
    List {
        /// The forum (short name).
        #[arg(long)]
        forum: String,
    },
}

fn read_password() -> Result<String, CliError> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::Io(t!("cli-password-unreadable", error = &e.to_string())))?;
    let password = line.trim_end_matches(['\n', '\r']).to_owned();
    if password.is_empty() {
        return Err(CliError::Usage(t!("cli-password-missing")));
    }
    Ok(password)
}

async fn forum_id(store: &Store, short_name: &str) -> Result<Id, CliError> {
    Ok(store.forum_named(short_name).await?.id)
}

fn parse_role(role: &str) -> Result<Option<ForumRole>, CliError> {
    if role == "none" {
        return Ok(None);
    }
    ForumRole::parse(role)
        .map(Some)
        .ok_or_else(|| CliError::Usage(t!("cli-unknown-role", role = role)))
}

async fn find(store: &Store, email: &str) -> Result<User, CliError> {
    store
        .user_by_email(email)
        .await?
        .ok_or_else(|| CliError::Usage(t!("cli-no-account", email = email)))
}

/// Runs an account command.
pub async fn run(url: &str, command: UserCommand) -> Result<(), CliError> {
    let store = Store::open(url).await?;
    let result = execute(&store, command).await;
    store.close().await;
    result
}

async fn execute(store: &Store, command: UserCommand) -> Result<(), CliError> {
    match command {
        UserCommand::Add {
            email,
            name,
            language,
            forum,
            role,
            organisation,
            password_stdin,
        } => {
            let language = Lang::parse(&language)
                .filter(|l| matches!(l, Lang::De | Lang::En))
                .ok_or_else(|| CliError::Usage(t!("cli-unknown-language", language = &language)))?;
            let role = role.as_deref().map(parse_role).transpose()?.flatten();
            let forum = match &forum {
                Some(short) => Some(forum_id(store, short).await?),
                None => None,
            };
            let password = if password_stdin {
                Some(read_password()?)
            } else {
                None
            };
            let mut user = User::new(&email, &name, language);
            if let (Some(forum), Some(role)) = (&forum, role) {
                user.grant(forum, role, organisation.map(Id::from_text));
            }
            if let Some(password) = &password {
                let mut problems = urbis_domain::Problems::new();
                urbis_domain::accounts::check_password(password, &user.email, &mut problems);
                problems
                    .into_result()
                    .map_err(urbis_app::AppError::Invalid)?;
            }
            store.insert_user(&user).await?;
            match password {
                Some(password) => {
                    users::set_password(&urbis_app::App::new(store.clone()), &mut user, &password)
                        .await?;
                    eprintln!("{}", t!("cli-account-active", email = &user.email));
                }
                None => eprintln!("{}", t!("cli-account-invited", email = &user.email)),
            }
            Ok(())
        }
        UserCommand::Passwd { email } => {
            let mut user = find(store, &email).await?;
            let password = read_password()?;
            users::set_password(&urbis_app::App::new(store.clone()), &mut user, &password).await?;
            eprintln!("{}", t!("cli-password-set", email = &user.email));
            Ok(())
        }
        UserCommand::Role {
            email,
            forum,
            role,
            organisation,
        } => {
            let role = parse_role(&role)?;
            let forum = forum_id(store, &forum).await?;
            let mut user = find(store, &email).await?;
            users::set_role(
                &urbis_app::App::new(store.clone()),
                &mut user,
                &forum,
                role,
                organisation.map(Id::from_text),
            )
            .await?;
            eprintln!(
                "{}: {}",
                user.email,
                role.map_or_else(|| t!("cli-no-role"), |r| r.as_str().to_owned())
            );
            Ok(())
        }
        UserCommand::Invite { email, base_url } => {
            let user = find(store, &email).await?;
            if user.status != urbis_domain::accounts::UserStatus::Invited {
                let status = format!("{:?}", user.status);
                return Err(CliError::Usage(t!(
                    "cli-not-invited",
                    email = &user.email,
                    status = &status
                )));
            }
            let link = urbis_app::accounts::mails::send_invitation(
                &urbis_app::App::new(store.clone()),
                &user,
                &base_url,
                jiff::Timestamp::now(),
            )
            .await?;
            eprintln!("{}", t!("cli-invitation-queued", email = &user.email));
            println!("{link}");
            Ok(())
        }
        UserCommand::List { forum } => {
            let forum = forum_id(store, &forum).await?;
            for (user, role) in store.users_of_forum(&forum).await? {
                println!(
                    "{}\t{}\t{}\t{:?}",
                    user.email,
                    user.name,
                    role.as_str(),
                    user.status
                );
            }
            Ok(())
        }
    }
}
