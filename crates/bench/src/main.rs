//! `urbis-bench`: the load benchmark of urbis, with its baseline in the same run.
//!
//! For each scale of the sweep (`--scale 1,10,100`) it makes the demo network N times larger in
//! a temporary SQLite file (and, with `--postgres`, in PostgreSQL) with the real `urbis demo
//! --scale N`, starts the real `urbis serve` on a free loopback port, and beside it, in this
//! process, a minimal axum server that answers a fixed small HTML page: the ceiling of what
//! this machine serves at all. Then it drives both with 1, 8, 16 and 64 concurrent clients for
//! a fixed time each: the pages anonymous and logged in as a member (through the real login
//! form), the API's lists, the back office's lists (as staff), the search, guest registrations
//! (writes, checked for overbooking afterwards) and the annual report as PDF; then, on a second
//! server without the page cache, the anonymous pages again. It reports latency percentiles,
//! throughput, urbis' share of the ceiling, resident memory and cold start time, each page's
//! throughput across the scales, and each target of the performance issues met or missed, as
//! Markdown (and JSON, and into the README with `--readme`).
//!
//! Every request goes to a loopback address; every run is bounded in time and in requests.

mod load;
mod measure;
mod report;
mod servers;
mod visitor;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use urbis_domain::{ListVisitor, Record};

use crate::load::{Load, Plan};
use crate::measure::{Measuring, measure_urbis};
use crate::report::{Report, Row};
use crate::servers::start_ceiling;

/// The demo's member account, which the benchmark logs in as.
const MEMBER: &str = "mitglied@example.org";

/// The staff account the benchmark adds to write the annual report.
const STAFF: &str = "bench-staff@example.org";

/// The forum the demo network's pages belong to.
const FORUM: &str = "DEFUS";

/// What the search rows ask, in turn: common words of the generated texts in both languages,
/// a name and a phrase.
const SEARCHES: &[&str] = &[
    "/search?q=Sicherheit",
    "/search?q=Pr%C3%A4vention",
    "/search?q=prevention",
    "/search?q=Nachtleben+Kommune",
    "/search?q=urban+security",
    "/search?q=Jugend",
];

/// The API's lists a member's script reads, a page at a time.
const API_LISTS: &[&str] = &["/api/v1/events?limit=50", "/api/v1/organisations?limit=50"];

/// The back office's lists the staff works with.
const OFFICE_LISTS: &[&str] = &["/admin/events", "/admin/people", "/admin/organisations"];

/// The annual report as the office downloads it.
const REPORT_PDF: &str = "/admin/report?year=2022&language=de&format=pdf";

/// The most events the registration rows spread their guests over.
const REGISTRATION_EVENTS: usize = 8;

/// The page the ceiling server answers: about the size of a short urbis page's frame.
const CEILING_PAGE: &str = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>ceiling</title></head><body><header><nav><a href=\"/\">Home</a> <a href=\"/members\">Members</a> \
<a href=\"/collections\">Collections</a></nav></header><main><h1>Ceiling</h1><p>A fixed small page \
from a minimal axum server: what this machine serves when the application does no work.</p></main>\
</body></html>\n";

/// Load benchmark of urbis against a minimal axum server on the same machine.
#[derive(Debug, Parser)]
#[command(name = "urbis-bench", version, about)]
struct Args {
    /// Make the demo network this many times larger; several, comma-separated, for a sweep
    /// (e.g. 1,10,100), each measured on a store of its own.
    #[arg(long, value_delimiter = ',', default_values_t = [10u32], value_parser = clap::value_parser!(u32).range(1..=100_000))]
    scale: Vec<u32>,
    /// The seed of the generated records.
    #[arg(long, default_value_t = urbis_demo::scale::DEFAULT_SEED)]
    seed: u64,
    /// Seconds each load run lasts.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=600))]
    seconds: u64,
    /// The numbers of concurrent clients, comma-separated.
    #[arg(long, value_delimiter = ',', default_values_t = [1usize, 8, 16, 64])]
    clients: Vec<usize>,
    /// The most requests one run sends, whatever the time.
    #[arg(long, default_value_t = 2_000_000)]
    max_requests: u64,
    /// The urbis binary to measure.
    #[arg(long, default_value = "target/release/urbis")]
    urbis: PathBuf,
    /// Measure on PostgreSQL too: at this URL (loopback only), or, with no URL, in a throwaway
    /// cluster from the machine's PostgreSQL binaries.
    #[arg(long, num_args = 0..=1, default_missing_value = "")]
    postgres: Option<String>,
    /// Skip SQLite (with --postgres: measure PostgreSQL only).
    #[arg(long)]
    no_sqlite: bool,
    /// Write the report as JSON to this file too.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Write the summary (each page across the scales, and the targets) into this Markdown
    /// file, between its lines `<!-- bench:start -->` and `<!-- bench:end -->`.
    #[arg(long)]
    readme: Option<PathBuf>,
}

/// Why the benchmark stopped.
#[derive(Debug, thiserror::Error)]
enum BenchError {
    /// The command line asks for something impossible.
    #[error("{0}")]
    Usage(String),
    /// Preparing or running a server failed.
    #[error("{0}")]
    Setup(String),
    /// A file or process could not be handled.
    #[error("{what}: {source}")]
    Io {
        /// What the benchmark was doing.
        what: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> BenchError {
    let what = what.into();
    move |source| BenchError::Io { what, source }
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<(), BenchError> {
    if args.clients.is_empty() || args.clients.iter().any(|&c| c == 0 || c > 1024) {
        return Err(BenchError::Usage(
            "--clients takes numbers from 1 to 1024".into(),
        ));
    }
    let urbis = std::path::absolute(&args.urbis).map_err(io("finding the urbis binary"))?;
    if !urbis.is_file() {
        return Err(BenchError::Usage(format!(
            "{} does not exist: build it first (cargo build --release -p urbis) or give --urbis PATH",
            urbis.display()
        )));
    }
    if let Some(readme) = &args.readme {
        // Checked before the hour of measuring, not after.
        let text =
            std::fs::read_to_string(readme).map_err(io(format!("reading {}", readme.display())))?;
        report::replace_between_markers(&text, "").map_err(BenchError::Usage)?;
    }
    let runtime = tokio::runtime::Runtime::new().map_err(io("starting the runtime"))?;
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let mut scales = Vec::new();
    for &scale in &args.scale {
        eprintln!("{cores} cores; counting the records of the demo network ×{scale}");
        scales.push(report::Scale {
            scale,
            records: count_records(scale, args.seed)?,
        });
    }
    let mut report = Report {
        cores,
        scales,
        seed: args.seed,
        seconds: args.seconds,
        load_average: (load_average(), 0.0),
        servers: Vec::new(),
        rows: Vec::new(),
        targets: Vec::new(),
    };

    let ceiling = runtime.block_on(start_ceiling())?;
    for &clients in &args.clients {
        eprintln!("ceiling: {clients} clients");
        let measured = runtime.block_on(load::run(&Load {
            addr: ceiling,
            plan: Plan::Get(vec!["/".into()]),
            cookie: None,
            clients,
            duration: Duration::from_secs(args.seconds),
            max_requests: args.max_requests,
        }));
        report
            .rows
            .push(Row::new("ceiling", 0, "anonymous", "/", clients, &measured));
    }

    let work = tempfile::Builder::new()
        .prefix("urbis-bench-")
        .tempdir()
        .map_err(io("making a temporary directory"))?;
    if let Some(url) = &args.postgres
        && !url.is_empty()
        && !loopback_database(url)
    {
        return Err(BenchError::Usage(
            "--postgres URL must name a server on this machine (127.0.0.1, localhost, ::1 or a socket)".into(),
        ));
    }
    if args.postgres.as_deref().is_some_and(|url| !url.is_empty()) && args.scale.len() > 1 {
        return Err(BenchError::Usage(
            "a sweep of several scales needs an empty database for each: use --postgres without a URL (a throwaway cluster)".into(),
        ));
    }
    // Keeps the throwaway PostgreSQL databases alive for the run.
    let mut clusters = Vec::new();
    for &scale in &args.scale {
        let mut stores: Vec<(String, String)> = Vec::new();
        if !args.no_sqlite {
            let file = work.path().join(format!("urbis-x{scale}.db"));
            stores.push(("sqlite".into(), format!("sqlite://{}", file.display())));
        }
        match args.postgres.as_deref() {
            Some("") => {
                let db = runtime
                    .block_on(urbis_testkit::try_postgres())
                    .map_err(|e| BenchError::Setup(e.to_string()))?;
                stores.push(("postgres".into(), db.url().to_owned()));
                clusters.push(db);
            }
            Some(url) => stores.push(("postgres".into(), url.to_owned())),
            None => {}
        }
        for (store, url) in &stores {
            let at = Measuring { store, url, scale };
            let (server, rows) = measure_urbis(&runtime, args, &urbis, &at, work.path())?;
            report.servers.push(server);
            report.rows.extend(rows);
        }
    }
    report.load_average.1 = load_average();
    report.relate_to_ceiling();
    report.targets = report.judge();
    let markdown = report.markdown();
    println!("{markdown}");
    if let Some(path) = &args.json {
        let json = serde_json::to_string_pretty(&report)
            .map_err(|e| BenchError::Setup(format!("cannot write JSON: {e}")))?;
        std::fs::write(path, json + "\n").map_err(io(format!("writing {}", path.display())))?;
    }
    if let Some(readme) = &args.readme {
        let text =
            std::fs::read_to_string(readme).map_err(io(format!("reading {}", readme.display())))?;
        let text =
            report::replace_between_markers(&text, &report.summary()).map_err(BenchError::Usage)?;
        std::fs::write(readme, text).map_err(io(format!("writing {}", readme.display())))?;
    }
    Ok(())
}

/// Counts the records of the scaled demo network, as the benchmark's data set has them.
fn count_records(scale: u32, seed: u64) -> Result<usize, BenchError> {
    struct Counter(usize);
    impl ListVisitor for Counter {
        fn visit<R: Record>(&mut self, list: &mut Vec<R>) {
            self.0 += list.len();
        }
    }
    let mut dataset = urbis_demo::scale::scaled(scale, seed)
        .map_err(|e| BenchError::Setup(format!("the demo data: {e}")))?;
    let mut counter = Counter(0);
    for data in &mut dataset.forums {
        counter.0 += usize::from(data.forum.is_some());
        data.visit_lists(&mut counter);
    }
    Ok(counter.0)
}

/// The machine's load average over the last minute (0 when unknown).
fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0)
}

/// True when a database URL points at this machine.
fn loopback_database(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?']).next().unwrap_or_default();
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = if let Some(inner) = host.strip_prefix('[') {
        inner.split(']').next().unwrap_or_default()
    } else {
        host.split(':').next().unwrap_or_default()
    };
    if host.is_empty() {
        // No host: a Unix socket (or `host=` in the query, which must then be a path).
        return url
            .split_once("host=")
            .is_none_or(|(_, h)| h.starts_with('/') || h.starts_with("%2F"));
    }
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_databases_on_this_machine_count_as_loopback() {
        assert!(loopback_database(
            "postgres://postgres@127.0.0.1:5432/urbis"
        ));
        assert!(loopback_database("postgres://u:p@localhost/urbis"));
        assert!(loopback_database("postgres://u@[::1]:5432/urbis"));
        assert!(loopback_database("postgres:///urbis?host=/run/postgresql"));
        assert!(!loopback_database("postgres://u@db.example.org/urbis"));
        assert!(!loopback_database("postgres://u@10.0.0.5:5432/urbis"));
        assert!(!loopback_database("postgres:///urbis?host=db.example.org"));
    }

    #[test]
    fn the_record_count_grows_with_the_scale() {
        let one = count_records(1, 1).unwrap_or_else(|e| panic!("{e}"));
        let two = count_records(2, 1).unwrap_or_else(|e| panic!("{e}"));
        assert!(one > 100, "{one}");
        assert!(two > 2 * one, "{one} → {two}");
    }
}
