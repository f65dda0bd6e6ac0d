//! The servers measured: the real `urbis serve` as a child process (and the `urbis` commands
//! that prepare its store), and the axum ceiling in this process.

use std::io::Write;
use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use hyper::{Method, StatusCode};

use crate::load::once;

use crate::{BenchError, CEILING_PAGE, io};

/// Starts the ceiling: a minimal axum server answering one fixed page, in this process.
pub(crate) async fn start_ceiling() -> Result<SocketAddr, BenchError> {
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

/// Starts `urbis serve` on a free loopback port with its own search index (`name`) and
/// `cache_mib` of page cache, and waits until it answers; returns it, its address and the
/// milliseconds it took to start.
pub(crate) async fn start_urbis(
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
pub(crate) struct Running {
    /// The `urbis serve` process.
    pub(crate) child: Child,
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
pub(crate) fn memory(pid: u32, field: &str) -> f64 {
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
pub(crate) fn urbis_command(
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
