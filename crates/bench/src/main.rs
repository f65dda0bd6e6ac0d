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
mod report;

use std::io::Write;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use clap::Parser;
use hyper::{Method, StatusCode};
use urbis_domain::events::{Event, RegistrationStatus};
use urbis_domain::{ListVisitor, Record};

use crate::load::{Load, Plan, first_link, form, hidden_field, links, once};
use crate::report::{Overbooking, Report, Row, Server, UNCACHED};

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

/// Starts the ceiling: a minimal axum server answering one fixed page, in this process.
async fn start_ceiling() -> Result<SocketAddr, BenchError> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(io("starting the ceiling server"))?;
    let addr = listener
        .local_addr()
        .map_err(io("starting the ceiling server"))?;
    let app = axum::Router::new().route(
        "/",
        axum::routing::get(|| async { axum::response::Html(CEILING_PAGE) }),
    );
    tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, app).await {
            eprintln!("the ceiling server stopped: {error}");
        }
    });
    Ok(addr)
}

/// One store at one scale, to be measured.
struct Measuring<'a> {
    /// `sqlite` or `postgres`.
    store: &'a str,
    /// Its database URL (an empty database).
    url: &'a str,
    /// The scale of the demo network loaded into it.
    scale: u32,
}

/// Loads the data set into one store, serves it with the real urbis and measures every page;
/// then serves it again without the page cache and measures the anonymous pages once more.
fn measure_urbis(
    runtime: &tokio::runtime::Runtime,
    args: &Args,
    urbis: &Path,
    at: &Measuring<'_>,
    work: &Path,
) -> Result<(Server, Vec<Row>), BenchError> {
    let Measuring { store, url, scale } = *at;
    eprintln!("{store}: urbis demo --scale {scale} --seed {}", args.seed);
    let started = Instant::now();
    let demo = Command::new(urbis)
        .args(["--database-url", url, "demo", "--scale"])
        .arg(scale.to_string())
        .arg("--seed")
        .arg(args.seed.to_string())
        .current_dir(work)
        .output()
        .map_err(io("running urbis demo"))?;
    let load_seconds = started.elapsed().as_secs_f64();
    if !demo.status.success() {
        return Err(BenchError::Setup(format!(
            "urbis demo failed: {}",
            String::from_utf8_lossy(&demo.stderr)
        )));
    }
    let password = format!(
        "bench-{}-{}",
        std::process::id(),
        started.elapsed().as_nanos()
    );
    urbis_command(urbis, url, work, &["user", "passwd", MEMBER], &password)?;
    urbis_command(
        urbis,
        url,
        work,
        &[
            "user",
            "add",
            STAFF,
            "--name",
            "Bench Staff",
            "--forum",
            FORUM,
            "--role",
            "staff",
            "--password-stdin",
        ],
        &password,
    )?;

    let name = format!("{store}-x{scale}");
    let (server, addr, cold_start_ms) =
        runtime.block_on(start_urbis(urbis, url, work, &name, 8))?;
    let pid = server.child.id();
    let rss_start_mib = memory(pid, "VmRSS");

    let member = runtime.block_on(log_in(addr, MEMBER, &password))?;
    let staff = runtime.block_on(log_in(addr, STAFF, &password))?;
    let (pages, mut skipped) = runtime.block_on(pages(addr, &member, &staff));
    let mut rows = Vec::new();
    let mut measure =
        |addr: SocketAddr, viewer: &str, plan: &Plan, cookie: Option<&String>, clients: usize| {
            let label = plan.label();
            eprintln!("{store} ×{scale}: {viewer} {label} with {clients} clients");
            let measured = runtime.block_on(load::run(&Load {
                addr,
                plan: plan.clone(),
                cookie: cookie.cloned(),
                clients,
                duration: Duration::from_secs(args.seconds),
                max_requests: args.max_requests,
            }));
            rows.push(Row::new(store, scale, viewer, &label, clients, &measured));
        };
    let cookie_of = |viewer: &str| match viewer {
        "member" => Some(&member),
        "staff" => Some(&staff),
        _ => None,
    };
    for (viewer, path) in &pages {
        let plan = Plan::Get(vec![path.clone()]);
        for &clients in &args.clients {
            measure(addr, viewer, &plan, cookie_of(viewer), clients);
        }
    }
    let searches = Plan::Get(SEARCHES.iter().map(|&s| s.to_owned()).collect());
    for viewer in ["anonymous", "member"] {
        for &clients in &args.clients {
            measure(addr, viewer, &searches, cookie_of(viewer), clients);
        }
    }
    let mut overbooking = None;
    match runtime.block_on(registration_form(addr)) {
        Ok((events, csrf_cookie, csrf)) => {
            for &clients in &args.clients {
                let plan = Plan::Register {
                    events: events.clone(),
                    csrf: csrf.clone(),
                    tag: format!("{name}-{clients}-{}", std::process::id()),
                };
                measure(addr, "guest", &plan, Some(&csrf_cookie), clients);
            }
            overbooking = Some(runtime.block_on(check_overbooking(url, &events))?);
        }
        Err(why) => skipped.push(format!("registration: {why}")),
    }
    // The report as PDF, one at a time, as the office asks for it.
    measure(
        addr,
        "staff",
        &Plan::Get(vec![REPORT_PDF.into()]),
        cookie_of("staff"),
        1,
    );
    let rss_end_mib = memory(pid, "VmRSS");
    let rss_peak_mib = memory(pid, "VmHWM");
    drop(server);

    // The same public pages, rendered for every visitor: what a page costs without the cache.
    let (server, addr, _) = runtime.block_on(start_urbis(urbis, url, work, &name, 0))?;
    for (viewer, path) in pages.iter().filter(|(viewer, _)| viewer == "anonymous") {
        let plan = Plan::Get(vec![path.clone()]);
        for &clients in &args.clients {
            measure(addr, UNCACHED, &plan, cookie_of(viewer), clients);
        }
    }
    drop(server);
    Ok((
        Server {
            store: store.to_owned(),
            scale,
            load_seconds,
            cold_start_ms,
            rss_start_mib,
            rss_end_mib,
            rss_peak_mib,
            skipped,
            overbooking,
        },
        rows,
    ))
}

/// Starts `urbis serve` on a free loopback port with its own search index (`name`) and
/// `cache_mib` of page cache, and waits until it answers; returns it, its address and the
/// milliseconds it took to start.
async fn start_urbis(
    urbis: &Path,
    url: &str,
    work: &Path,
    name: &str,
    cache_mib: u16,
) -> Result<(Running, SocketAddr, f64), BenchError> {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(io("finding a free port"))?
        .port();
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(work.join(format!("serve-{name}.log")))
        .map_err(io("creating the server log"))?;
    let spawned = Instant::now();
    let child = Command::new(urbis)
        .args(["--database-url", url, "serve", "--addr"])
        .arg(addr.to_string())
        .arg("--search-dir")
        .arg(work.join(format!("search-{name}")))
        .arg("--page-cache-mib")
        .arg(cache_mib.to_string())
        .env("URBIS_LOG", "warn")
        // Every guest of the benchmark comes from 127.0.0.1: the limit per client address
        // (10 an hour by default) would answer nearly all of them with a 429.
        .env(urbis_app::events::limits::ADDRESS_ENV, "1000000000")
        .current_dir(work)
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .map_err(io("starting urbis serve"))?;
    let mut server = Running { child };
    wait_healthy(addr, &mut server.child).await?;
    Ok((server, addr, spawned.elapsed().as_secs_f64() * 1000.0))
}

/// A started `urbis serve`, stopped when dropped.
struct Running {
    child: Child,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits for the first 200 on `/healthz`, for at most two minutes.
async fn wait_healthy(addr: SocketAddr, child: &mut Child) -> Result<(), BenchError> {
    let limit = Instant::now() + Duration::from_secs(120);
    while Instant::now() < limit {
        if let Ok(answer) = once(addr, Method::GET, "/healthz", None, None).await
            && answer.status == StatusCode::OK
        {
            return Ok(());
        }
        if let Ok(Some(status)) = child.try_wait() {
            return Err(BenchError::Setup(format!(
                "urbis serve ended ({status}) before it answered; see its log"
            )));
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    Err(BenchError::Setup(
        "urbis serve did not answer /healthz within two minutes".into(),
    ))
}

/// A process's memory figure (`VmRSS`, `VmHWM`) from /proc, in MiB (0 when unknown).
fn memory(pid: u32, field: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status.lines().find_map(|line| {
                let rest = line.strip_prefix(field)?.strip_prefix(':')?;
                rest.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<f64>()
                    .ok()
            })
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

/// Runs `urbis --database-url URL ARGS…` with `input` as its standard input (a password).
fn urbis_command(
    urbis: &Path,
    url: &str,
    work: &Path,
    args: &[&str],
    input: &str,
) -> Result<(), BenchError> {
    let what = format!("running urbis {}", args[..2.min(args.len())].join(" "));
    let mut child = Command::new(urbis)
        .args(["--database-url", url])
        .args(args)
        .current_dir(work)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(io(what.clone()))?;
    if let Some(mut stdin) = child.stdin.take() {
        writeln!(stdin, "{input}").map_err(io(what.clone()))?;
    }
    let done = child.wait_with_output().map_err(io(what.clone()))?;
    if done.status.success() {
        Ok(())
    } else {
        Err(BenchError::Setup(format!(
            "{what} failed: {}",
            String::from_utf8_lossy(&done.stderr)
        )))
    }
}

/// Logs in through the real form, setting up the second factor where the role asks for one (a
/// key made here, confirmed with its current code); returns the `Cookie` header to send.
async fn log_in(addr: SocketAddr, email: &str, password: &str) -> Result<String, BenchError> {
    let fail = |what: &str| BenchError::Setup(format!("logging in as {email}: {what}"));
    let mut jar = Jar::default();
    let page = once(addr, Method::GET, "/login", None, None)
        .await
        .map_err(|e| fail(&e.to_string()))?;
    if page.status != StatusCode::OK {
        return Err(fail(&format!("GET /login answered {}", page.status)));
    }
    jar.take(&page.cookies);
    let csrf =
        hidden_field(&page.body, "csrf").ok_or_else(|| fail("the login page has no CSRF token"))?;
    let body = form(&[
        ("csrf", &csrf),
        ("email", email),
        ("password", password),
        ("next", "/"),
    ]);
    let answer = once(
        addr,
        Method::POST,
        "/login",
        Some(&jar.header()),
        Some(body),
    )
    .await
    .map_err(|e| fail(&e.to_string()))?;
    if !answer.status.is_redirection() {
        return Err(fail(&format!("POST /login answered {}", answer.status)));
    }
    jar.take(&answer.cookies);
    if answer.location.as_deref() == Some(SECOND_FACTOR_SETUP) {
        let setup = once(
            addr,
            Method::GET,
            SECOND_FACTOR_SETUP,
            Some(&jar.header()),
            None,
        )
        .await
        .map_err(|e| fail(&e.to_string()))?;
        jar.take(&setup.cookies);
        let secret = hidden_field(&setup.body, "secret")
            .ok_or_else(|| fail("the second factor page shows no key"))?;
        let csrf = hidden_field(&setup.body, "csrf")
            .ok_or_else(|| fail("the second factor page has no CSRF token"))?;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let code = urbis_app::accounts::second_factor::code_at(&secret, email, now)
            .ok_or_else(|| fail("the key of the second factor page is not a TOTP key"))?;
        let body = form(&[("csrf", &csrf), ("secret", &secret), ("code", &code)]);
        let done = once(
            addr,
            Method::POST,
            SECOND_FACTOR_SETUP,
            Some(&jar.header()),
            Some(body),
        )
        .await
        .map_err(|e| fail(&e.to_string()))?;
        if done.status != StatusCode::OK {
            return Err(fail(&format!(
                "setting up the second factor answered {}",
                done.status
            )));
        }
        jar.take(&done.cookies);
    }
    if !jar.0.iter().any(|c| c.starts_with("urbis_session=")) {
        return Err(fail("no session cookie came back"));
    }
    Ok(jar.header())
}

/// Where the office sets up its second factor.
const SECOND_FACTOR_SETUP: &str = "/account/second-factor";

/// The cookies a client holds, as `name=value`, the newest of each name.
#[derive(Debug, Default)]
struct Jar(Vec<String>);

impl Jar {
    /// Keeps the cookies an answer set.
    fn take(&mut self, set: &[String]) {
        for cookie in set {
            let name = cookie.split('=').next().unwrap_or_default();
            self.0.retain(|c| c.split('=').next() != Some(name));
            self.0.push(cookie.clone());
        }
    }

    /// The `Cookie` header.
    fn header(&self) -> String {
        self.0.join("; ")
    }
}

/// Upcoming events whose page offers guests the registration form (at most
/// [`REGISTRATION_EVENTS`]), with the CSRF cookie and token an anonymous visitor got.
async fn registration_form(addr: SocketAddr) -> Result<(Vec<String>, String, String), String> {
    // The upcoming events, page by page (the nearest first).
    let mut upcoming = Vec::new();
    for page in 1..=10 {
        let list = once(
            addr,
            Method::GET,
            &format!("/events?when=upcoming&page={page}"),
            None,
            None,
        )
        .await
        .map_err(|e| e.to_string())?;
        let found = links(&list.body, "/events/");
        if list.status != StatusCode::OK || found.is_empty() {
            break;
        }
        upcoming.extend(found);
    }
    let mut events = Vec::new();
    let mut csrf = None;
    for link in upcoming.into_iter().take(200) {
        let page = once(addr, Method::GET, &link, None, None)
            .await
            .map_err(|e| e.to_string())?;
        let action = format!("action=\"{link}/register\"");
        if page.status != StatusCode::OK || !page.body.contains(&action) {
            continue;
        }
        let cookie = page
            .cookies
            .iter()
            .find(|c| c.starts_with("urbis_csrf="))
            .cloned();
        if let (Some(cookie), Some(token)) = (cookie, hidden_field(&page.body, "csrf")) {
            csrf.get_or_insert((cookie, token));
        }
        events.push(link.trim_start_matches("/events/").to_owned());
        if events.len() == REGISTRATION_EVENTS {
            break;
        }
    }
    let (cookie, token) =
        csrf.ok_or_else(|| "no upcoming event offers guests the registration form".to_owned())?;
    Ok((events, cookie, token))
}

/// Counts, in the store, the seats taken of each event the guests registered for: more than
/// its capacity would be overbooking.
async fn check_overbooking(url: &str, events: &[String]) -> Result<Overbooking, BenchError> {
    let store = urbis_store::Store::open(url)
        .await
        .map_err(|e| BenchError::Setup(format!("opening the store to count seats: {e}")))?;
    let mut counted = Overbooking::default();
    for id in events {
        let id = urbis_domain::Id::from_text(id.clone());
        let event: Event = store
            .get(&id)
            .await
            .map_err(|e| BenchError::Setup(format!("reading event {id}: {e}")))?;
        let registrations = store
            .registrations_of_event(&id)
            .await
            .map_err(|e| BenchError::Setup(format!("reading the registrations of {id}: {e}")))?;
        let seated = registrations
            .iter()
            .filter(|r| {
                matches!(
                    r.status,
                    RegistrationStatus::Confirmed | RegistrationStatus::Attended
                )
            })
            .count();
        counted.events += 1;
        counted.registrations += registrations.len();
        if event
            .capacity
            .is_some_and(|capacity| seated > capacity as usize)
        {
            counted.overbooked_events += 1;
        }
    }
    store.close().await;
    Ok(counted)
}

/// The pages to measure, as (viewer, path): those of the list, and one event page (linked from
/// the event list) and one topic page (linked from the home page, where the topics are listed),
/// that answer 200; and the ones skipped, with what they answered.
async fn pages(
    addr: SocketAddr,
    member: &str,
    staff: &str,
) -> (Vec<(String, String)>, Vec<String>) {
    let mut paths: Vec<String> = ["/", "/members", "/collections", "/events"]
        .map(str::to_owned)
        .to_vec();
    for (list, prefix) in [("/events", "/events/"), ("/", "/topics/")] {
        let mut link = None;
        for source in [list, "/"] {
            if let Ok(answer) = once(addr, Method::GET, source, Some(member), None).await
                && answer.status == StatusCode::OK
            {
                link = first_link(&answer.body, prefix);
                if link.is_some() {
                    break;
                }
            }
        }
        match link {
            Some(link) => paths.push(link),
            None => paths.push(format!("{prefix}{{id}}")),
        }
    }
    let mut pages = Vec::new();
    let mut skipped = Vec::new();
    for viewer in ["anonymous", "member"] {
        for path in &paths {
            if path.ends_with("{id}") {
                if viewer == "anonymous" {
                    skipped.push(format!("{path}: no link to one found"));
                }
                continue;
            }
            let cookie = (viewer == "member").then_some(member);
            match once(addr, Method::GET, path, cookie, None).await {
                Ok(answer) if answer.status == StatusCode::OK => {
                    pages.push((viewer.to_owned(), path.clone()));
                }
                Ok(answer) => skipped.push(format!("{path} as {viewer}: {}", answer.status)),
                Err(error) => skipped.push(format!("{path} as {viewer}: {error}")),
            }
        }
    }
    let others = API_LISTS
        .iter()
        .map(|&path| ("member", member, path))
        .chain(OFFICE_LISTS.iter().map(|&path| ("staff", staff, path)));
    for (viewer, cookie, path) in others {
        match once(addr, Method::GET, path, Some(cookie), None).await {
            Ok(answer) if answer.status == StatusCode::OK => {
                pages.push((viewer.to_owned(), path.to_owned()));
            }
            Ok(answer) => skipped.push(format!("{path} as {viewer}: {}", answer.status)),
            Err(error) => skipped.push(format!("{path} as {viewer}: {error}")),
        }
    }
    (pages, skipped)
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
