//! `urbis`: serve the platform, load the demo network, export and import forums.

mod backup;
mod commands;
mod error;
mod forum;
mod lang;
mod privacy;
mod report;
mod user;

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::CliError;
use crate::lang::t;

/// Every thread of the server allocates for each request (rows, records, the page): mimalloc's
/// per-thread heaps serve that without the lock contention of the system allocator's arenas.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Where the search index lives without configuration.
const DEFAULT_SEARCH_DIR: &str = "data/search";

/// urbis — the platform a network of cities runs on.
#[derive(Debug, Parser)]
#[command(name = "urbis", version, about, long_about = None)]
struct Cli {
    /// The database: sqlite://PATH (relative), sqlite:///ABSOLUTE/PATH or postgres://…
    #[arg(long, global = true, env = "URBIS_DATABASE_URL", default_value = urbis_store::DEFAULT_URL)]
    database_url: String,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the platform over HTTP.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// Load the demo network first when the store is empty.
        #[arg(long)]
        demo: bool,
        /// Short name of the forum to present (default: the forum with the most members).
        #[arg(long, env = "URBIS_FORUM")]
        forum: Option<String>,
        /// The directory of the search index (built from the store when empty).
        #[arg(long, env = "URBIS_SEARCH_DIR", default_value = DEFAULT_SEARCH_DIR)]
        search_dir: PathBuf,
        /// MiB of public pages kept rendered for anonymous visitors (0: none, every page is
        /// rendered for every visitor).
        #[arg(long, env = "URBIS_PAGE_CACHE_MIB", default_value_t = 8, value_parser = clap::value_parser!(u16))]
        page_cache_mib: u16,
        /// MiB of records kept between writes for the pages of all viewers with the same roles
        /// (0: none, every page reads the store).
        #[arg(long, env = "URBIS_READ_CACHE_MIB", default_value_t = 16, value_parser = clap::value_parser!(u16))]
        read_cache_mib: u16,
        #[command(flatten)]
        trust: commands::Trust,
    },
    /// Build the search index anew from the store (stop `urbis serve` on this directory first).
    Reindex {
        /// The directory of the search index.
        #[arg(long, env = "URBIS_SEARCH_DIR", default_value = DEFAULT_SEARCH_DIR)]
        search_dir: PathBuf,
    },
    /// Load the demo network (the 2022 network of the reference report) into an empty store.
    Demo {
        /// Make the demo forum this many times larger with generated records (1: the plain demo).
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        scale: u32,
        /// The seed of the generated records: the same seed gives the same records.
        #[arg(long, default_value_t = urbis_demo::scale::DEFAULT_SEED)]
        seed: u64,
    },
    /// Write every forum (or one) with all its records as JSON (the urbis export format).
    Export {
        /// The file to write; `-` or nothing for standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Only this forum (short name), to move it to another installation.
        #[arg(long)]
        forum: Option<String>,
    },
    /// Read an export and write it into the store: all of it, or on any problem nothing.
    Import {
        /// The export file to read.
        file: PathBuf,
    },
    /// Write the whole store and every uploaded file into one archive (safe while serving).
    Backup {
        /// The archive to write (a zip file).
        file: PathBuf,
    },
    /// Restore an archive of `urbis backup` into an empty store and empty file storage.
    Restore {
        /// The archive to read.
        file: PathBuf,
    },
    /// Write a year's annual report from the records (PDF, HTML or Markdown).
    Report(report::ReportArgs),
    /// Manage the forums of the installation: add, list, set.
    #[command(subcommand)]
    Forum(forum::ForumCommand),
    /// Manage accounts: add, set a password, give or take a role.
    #[command(subcommand)]
    User(user::UserCommand),
    /// `person export|erase|consent` and `retention run`: personal data (GDPR).
    #[command(flatten)]
    Privacy(privacy::PrivacyCommand),
    /// Typeset one report PDF job from standard input to standard output: the process a
    /// server hands its PDFs to (see `urbis_report::job`), not meant to be run by hand.
    #[command(hide = true)]
    Typeset,
}

/// The most threads for blocking work (searches, extracting file texts, file storage).
const BLOCKING_THREADS: usize = 8;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let quiet = !matches!(cli.command, Command::Serve { .. });
    if !quiet {
        with_few_malloc_arenas();
    }
    init_logs(quiet);
    // Searches and file texts run on the blocking pool; they are bound by the processor, so
    // more threads than a few per core only add memory (a stack and an allocator arena each)
    // under many concurrent requests, not speed.
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(BLOCKING_THREADS)
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            return report(CliError::Io(t!(
                "cli-cannot-start",
                error = &error.to_string()
            )));
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => report(error),
    }
}

/// glibc's malloc keeps a memory pool (arena) per thread, up to eight per core, and holds on
/// to what each once took: under many concurrent requests that made the server's resident
/// memory a third larger. The limit is read only when a process starts, and setting it from
/// inside needs unsafe code, so `serve` starts itself once more with `MALLOC_ARENA_MAX` set
/// (same process id, arguments and streams). A value the environment sets is kept; if the
/// restart fails, the server simply runs as it is.
fn with_few_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::os::unix::process::CommandExt;
        /// The allocator pools a server keeps when the environment names none.
        const MALLOC_ARENAS: &str = "2";
        if std::env::var_os("MALLOC_ARENA_MAX").is_some() {
            return;
        }
        let Ok(exe) = std::env::current_exe() else {
            return;
        };
        let error = std::process::Command::new(exe)
            .args(std::env::args_os().skip(1))
            .env("MALLOC_ARENA_MAX", MALLOC_ARENAS)
            .exec();
        eprintln!("{}", t!("cli-malloc-arenas", error = &error.to_string()));
    }
}

/// Logs go to standard error: readable lines, or JSON lines with `URBIS_LOG_FORMAT=json`.
fn init_logs(quiet: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("URBIS_LOG").unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new(if quiet { "warn" } else { "info" })
    });
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if std::env::var("URBIS_LOG_FORMAT").is_ok_and(|f| f == "json") {
        logs.json().init();
    } else {
        logs.with_ansi(std::io::stderr().is_terminal()).init();
    }
}

fn report(error: CliError) -> ExitCode {
    eprintln!("{}", t!("cli-error", message = &error.to_string()));
    ExitCode::FAILURE
}

async fn run(cli: Cli) -> Result<(), CliError> {
    let url = cli.database_url;
    match cli.command {
        Command::Serve {
            addr,
            demo,
            forum,
            search_dir,
            page_cache_mib,
            read_cache_mib,
            trust,
        } => {
            let serving = commands::Serving {
                addr,
                demo,
                forum,
                page_cache_bytes: usize::from(page_cache_mib) * 1024 * 1024,
                read_cache_bytes: usize::from(read_cache_mib) * 1024 * 1024,
            };
            commands::serve(&url, serving, &search_dir, trust).await
        }
        Command::Reindex { search_dir } => commands::reindex(&url, &search_dir).await,
        Command::Demo { scale, seed } => commands::demo(&url, scale, seed).await,
        Command::Export { output, forum } => commands::export(&url, output, forum).await,
        Command::Forum(command) => forum::run(&url, command).await,
        Command::Import { file } => commands::import(&url, &file).await,
        Command::Backup { file } => backup::backup(&url, &file).await,
        Command::Restore { file } => backup::restore(&url, &file).await,
        Command::Report(args) => report::run(&url, args).await,
        Command::User(command) => user::run(&url, command).await,
        Command::Privacy(command) => privacy::run(&url, command).await,
        Command::Typeset => report::typeset(),
    }
}
