//! Measuring one store at one scale: load the data set, serve it, run every page with every
//! number of clients, then the anonymous pages again without the page cache.

use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use urbis_domain::events::{Event, RegistrationStatus};

use crate::load::{self, Load, Plan};
use crate::report::{FIRST_REPORT, Overbooking, Row, Server, UNCACHED};

use crate::servers::{memory, start_urbis, urbis_command};
use crate::visitor::{log_in, pages, registration_form};
use crate::{Args, BenchError, FORUM, MEMBER, REPORT_PDF, SEARCHES, STAFF, io};

/// One store at one scale, to be measured.
pub(crate) struct Measuring<'a> {
    /// `sqlite` or `postgres`.
    pub(crate) store: &'a str,
    /// Its database URL (an empty database).
    pub(crate) url: &'a str,
    /// The scale of the demo network loaded into it.
    pub(crate) scale: u32,
}

/// Loads the data set into one store, serves it with the real urbis and measures every page;
/// then serves it again without the page cache and measures the anonymous pages once more.
pub(crate) fn measure_urbis(
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
    let mut measure = |addr: SocketAddr,
                       viewer: &str,
                       plan: &Plan,
                       cookie: Option<&String>,
                       clients: usize,
                       max_requests: u64| {
        let label = plan.label();
        eprintln!("{store} ×{scale}: {viewer} {label} with {clients} clients");
        let measured = runtime.block_on(load::run(&Load {
            addr,
            plan: plan.clone(),
            cookie: cookie.cloned(),
            clients,
            duration: Duration::from_secs(args.seconds),
            max_requests,
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
            measure(
                addr,
                viewer,
                &plan,
                cookie_of(viewer),
                clients,
                args.max_requests,
            );
        }
    }
    let searches = Plan::Get(SEARCHES.iter().map(|&s| s.to_owned()).collect());
    for viewer in ["anonymous", "member"] {
        for &clients in &args.clients {
            measure(
                addr,
                viewer,
                &searches,
                cookie_of(viewer),
                clients,
                args.max_requests,
            );
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
                measure(
                    addr,
                    "guest",
                    &plan,
                    Some(&csrf_cookie),
                    clients,
                    args.max_requests,
                );
            }
            overbooking = Some(runtime.block_on(check_overbooking(url, &events))?);
        }
        Err(why) => skipped.push(format!("registration: {why}")),
    }
    // The report as PDF, one at a time, as the office asks for it: the first download
    // typesets the year; later ones of the same records are served as made.
    let report = Plan::Get(vec![REPORT_PDF.into()]);
    measure(addr, FIRST_REPORT, &report, cookie_of("staff"), 1, 1);
    measure(
        addr,
        "staff",
        &report,
        cookie_of("staff"),
        1,
        args.max_requests,
    );
    let rss_end_mib = memory(pid, "VmRSS");
    let rss_peak_mib = memory(pid, "VmHWM");
    drop(server);

    // The same public pages, rendered for every visitor: what a page costs without the cache.
    let (server, addr, _) = runtime.block_on(start_urbis(urbis, url, work, &name, 0))?;
    for (viewer, path) in pages.iter().filter(|(viewer, _)| viewer == "anonymous") {
        let plan = Plan::Get(vec![path.clone()]);
        for &clients in &args.clients {
            measure(
                addr,
                UNCACHED,
                &plan,
                cookie_of(viewer),
                clients,
                args.max_requests,
            );
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
