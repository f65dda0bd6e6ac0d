//! `urbis forum`: the forums (tenants) of the installation from the command line.

use clap::Subcommand;
use urbis_app::forums::{self, NewForum};
use urbis_domain::Text;
use urbis_store::Store;

use crate::error::CliError;
use crate::lang::t;

/// The forum commands.
#[derive(Debug, Subcommand)]
pub enum ForumCommand {
    /// Create a forum.
    Add {
        /// Short name, unique in the installation ("DEFUS").
        short_name: String,
        /// Full name, in the forum's main language.
        #[arg(long)]
        name: String,
        /// Country code of a national forum (DE, FR, …).
        #[arg(long)]
        country: Option<String>,
        /// Short name of the umbrella forum it belongs to.
        #[arg(long)]
        umbrella: Option<String>,
        /// Host name it is served at (repeat for more; the first is its address in mails).
        #[arg(long = "host")]
        hosts: Vec<String>,
        /// Languages, the main one first (default: de,en).
        #[arg(long, value_delimiter = ',')]
        languages: Vec<String>,
        /// Primary colour `#rrggbb` of its pages (dark enough for white text).
        #[arg(long)]
        colour: Option<String>,
        /// IANA time zone of the forum's "today", what is upcoming and what past (default:
        /// Europe/Berlin).
        #[arg(long)]
        time_zone: Option<String>,
    },
    /// List the forums: short name, hosts, languages, umbrella, time zone.
    List,
    /// Change a forum: only what is given changes.
    Set {
        /// The forum (short name).
        short_name: String,
        /// New full name, in the forum's main language.
        #[arg(long)]
        name: Option<String>,
        /// The host names it is served at (comma-separated; `-` for none).
        #[arg(long, value_delimiter = ',')]
        hosts: Option<Vec<String>>,
        /// Languages, the main one first (comma-separated).
        #[arg(long)]
        languages: Option<String>,
        /// Primary colour `#rrggbb`, or `-` for the standard colour.
        #[arg(long)]
        colour: Option<String>,
        /// IANA time zone of the forum's "today" (`Europe/Lisbon`), or `-` for the default
        /// (Europe/Berlin).
        #[arg(long)]
        time_zone: Option<String>,
    },
}

/// Runs a forum command.
pub async fn run(url: &str, command: ForumCommand) -> Result<(), CliError> {
    let store = Store::open(url).await?;
    let result = execute(&store, command).await;
    store.close().await;
    result
}

async fn execute(store: &Store, command: ForumCommand) -> Result<(), CliError> {
    match command {
        ForumCommand::Add {
            short_name,
            name,
            country,
            umbrella,
            hosts,
            languages,
            colour,
            time_zone,
        } => {
            let forum = forums::add(
                &urbis_app::App::new(store.clone()),
                NewForum {
                    short_name,
                    name,
                    country,
                    umbrella,
                    hosts,
                    languages,
                    colour,
                    time_zone,
                },
            )
            .await?;
            let id = forum.id.to_string();
            let said = t!("cli-forum-created", forum = &forum.short_name, id = &id);
            println!("{said}");
        }
        ForumCommand::List => {
            let all = store.forums().await?;
            for forum in &all {
                let umbrella = forum
                    .umbrella
                    .as_ref()
                    .and_then(|u| all.iter().find(|f| &f.id == u))
                    .map_or("-", |f| f.short_name.as_str());
                let langs: Vec<&str> = forum.languages.iter().map(|l| l.code()).collect();
                println!(
                    "{}\t{}\thosts: {}\tlanguages: {}\tumbrella: {}\ttime zone: {}",
                    forum.short_name,
                    forum.name.original_text(),
                    if forum.hosts.is_empty() {
                        "-".to_owned()
                    } else {
                        forum.hosts.join(",")
                    },
                    langs.join(","),
                    umbrella,
                    forums::time_zone_name(forum)
                );
            }
        }
        ForumCommand::Set {
            short_name,
            name,
            hosts,
            languages,
            colour,
            time_zone,
        } => {
            let mut forum = store.forum_named(&short_name).await?;
            if let Some(name) = name {
                let lang = forum
                    .languages
                    .first()
                    .copied()
                    .unwrap_or(urbis_domain::Lang::De);
                forum.name = Text::new(lang, name.trim());
            }
            if let Some(hosts) = hosts {
                forum.hosts = hosts
                    .iter()
                    .map(|h| h.trim().to_lowercase())
                    .filter(|h| !h.is_empty() && h != "-")
                    .collect();
            }
            if let Some(list) = languages {
                forum.languages = forums::parse_languages(&list)?;
            }
            if let Some(colour) = colour {
                forum.colour =
                    Some(colour.trim().to_lowercase()).filter(|c| c != "-" && !c.is_empty());
            }
            if let Some(zone) = time_zone {
                forum.time_zone =
                    Some(zone.trim().to_owned()).filter(|z| z != "-" && !z.is_empty());
            }
            let forum = forums::set(&urbis_app::App::new(store.clone()), forum).await?;
            println!("{}", t!("cli-forum-changed", forum = &forum.short_name));
        }
    }
    Ok(())
}
