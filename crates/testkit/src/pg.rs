//! The throwaway PostgreSQL cluster: one per test process, started with blocking std code so
//! that it does not belong to any one test's runtime.

use std::fs::File;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use sqlx::{Connection, Executor};

use crate::Error;
use crate::sys::{self, Account};

/// How long the server may take to accept connections.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// The watchdog: waits until the test process (`$1`) is gone (or a zombie), then stops the
/// postmaster named in `$2/data/postmaster.pid` with an immediate shutdown (SIGQUIT, SIGKILL after
/// 10 s) and removes the cluster's directory `$2`.
const WATCHDOG: &str = r#"
tp=$1; base=$2
alive() {
  kill -0 "$1" 2>/dev/null || return 1
  if [ -r "/proc/$1/stat" ]; then
    s=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
    [ "$s" != Z ] || return 1
  fi
  return 0
}
while alive "$tp"; do sleep 0.5; done
pp=$(head -n 1 "$base/data/postmaster.pid" 2>/dev/null)
case "$pp" in
  ''|*[!0-9]*) ;;
  *)
    kill -QUIT "$pp" 2>/dev/null
    i=0
    while alive "$pp" && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i+1)); done
    if alive "$pp"; then kill -KILL "$pp" 2>/dev/null; sleep 0.2; fi
    ;;
esac
rm -rf -- "$base"
"#;

/// The name the watchdog shows as `$0` (to find it in a process list).
pub(crate) const WATCHDOG_NAME: &str = "urbis-pg-watchdog";

/// A running cluster.
#[derive(Debug)]
pub(crate) struct Cluster {
    base: PathBuf,
    port: u16,
    next_db: AtomicU64,
}

static CLUSTER: OnceLock<Result<Cluster, String>> = OnceLock::new();

/// The cluster of this process, started on first use.
pub(crate) async fn cluster() -> Result<&'static Cluster, Error> {
    let started = match CLUSTER.get() {
        Some(started) => started,
        None => tokio::task::spawn_blocking(|| CLUSTER.get_or_init(Cluster::start))
            .await
            .map_err(|e| Error::Cluster(format!("the start of the cluster failed: {e}")))?,
    };
    started.as_ref().map_err(|m| Error::Cluster(m.clone()))
}

impl Cluster {
    /// The cluster's base directory (data directory, socket directory, server log).
    pub(crate) fn base(&self) -> &Path {
        &self.base
    }

    /// The URL of database `db` as the superuser `postgres`.
    pub(crate) fn url(&self, db: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{db}", self.port)
    }

    /// Creates a fresh database `t_<n>` with a short-lived connection on the caller's runtime.
    pub(crate) async fn create_database(&self) -> Result<String, Error> {
        let name = format!("t_{}", self.next_db.fetch_add(1, Ordering::Relaxed));
        let err = |source| Error::CreateDatabase {
            name: name.clone(),
            source,
        };
        let mut conn = sqlx::PgConnection::connect(&self.url("postgres"))
            .await
            .map_err(err)?;
        conn.execute(sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            "CREATE DATABASE {name}"
        ))))
        .await
        .map_err(err)?;
        conn.close().await.map_err(err)?;
        Ok(name)
    }

    /// Starts the cluster (blocking): finds the binaries, picks the user, makes the directory,
    /// starts the watchdog, runs initdb and the server, and waits until it accepts connections.
    fn start() -> Result<Cluster, String> {
        let bins = Bins::find()?;
        let account = if sys::effective_uid()? == 0 {
            Some(sys::pg_account()?)
        } else {
            None
        };
        let base = tempfile::Builder::new()
            .prefix("urbis-pg-")
            .tempdir_in(sys::temp_root(account.is_some()))
            .map_err(|e| format!("could not create the cluster's temporary directory: {e}"))?
            .keep();
        // From here on the watchdog removes the directory when the process ends.
        spawn_watchdog(&base)?;
        let sock = base.join("sock");
        std::fs::create_dir(&sock)
            .map_err(|e| format!("could not create {}: {e}", sock.display()))?;
        if let Some(account) = &account {
            for dir in [&base, &sock] {
                std::os::unix::fs::chown(dir, Some(account.uid), Some(account.gid)).map_err(
                    |e| {
                        format!(
                            "could not hand {} to the user `{}`: {e}",
                            dir.display(),
                            account.name
                        )
                    },
                )?;
            }
            // Reachable by the postgres user, however the temp dir was made.
            std::fs::set_permissions(&base, std::fs::Permissions::from_mode(0o700))
                .map_err(|e| format!("could not set the mode of {}: {e}", base.display()))?;
        }
        let data = base.join("data");
        initdb(&bins, account.as_ref(), &base, &data)?;
        let mut last = String::new();
        // A port picked as free may be taken by another process before the server binds it.
        for _attempt in 0..3 {
            let port = free_port()?;
            match run_server(&bins, account.as_ref(), &base, &data, &sock, port) {
                Ok(()) => {
                    return Ok(Cluster {
                        base,
                        port,
                        next_db: AtomicU64::new(0),
                    });
                }
                Err(ServerError::PortTaken(log)) => last = log,
                Err(ServerError::Other(msg)) => return Err(msg),
            }
        }
        Err(format!(
            "the server could not bind a free port three times; last server log:\n{last}"
        ))
    }
}

/// The PostgreSQL server binaries.
#[derive(Debug)]
struct Bins {
    initdb: PathBuf,
    postgres: PathBuf,
    pg_isready: Option<PathBuf>,
}

impl Bins {
    fn in_dir(dir: &Path) -> Option<Bins> {
        Some(Bins {
            initdb: sys::executable_in(dir, "initdb")?,
            postgres: sys::executable_in(dir, "postgres")?,
            pg_isready: sys::executable_in(dir, "pg_isready"),
        })
    }

    /// `URBIS_PG_BIN`, else `initdb` and `postgres` on `PATH`, else the newest
    /// `/usr/lib/postgresql/*/bin`.
    fn find() -> Result<Bins, String> {
        const INSTALL: &str = "Install the PostgreSQL server (Debian/Ubuntu: `apt-get install \
                               postgresql`) or set URBIS_PG_BIN to the directory that holds \
                               `initdb` and `postgres`.";
        if let Some(dir) = std::env::var_os("URBIS_PG_BIN").filter(|d| !d.is_empty()) {
            let dir = PathBuf::from(dir);
            return Bins::in_dir(&dir).ok_or_else(|| {
                format!(
                    "URBIS_PG_BIN is {}, which holds no executable `initdb` and `postgres`. {INSTALL}",
                    dir.display()
                )
            });
        }
        if let (Some(initdb), Some(postgres)) = (sys::which("initdb"), sys::which("postgres")) {
            // pg_isready beside the real server binary (PATH may hold only symlinks or wrappers).
            let pg_isready = std::fs::canonicalize(&postgres)
                .ok()
                .and_then(|p| p.parent().and_then(|d| sys::executable_in(d, "pg_isready")))
                .or_else(|| sys::which("pg_isready"));
            return Ok(Bins {
                initdb,
                postgres,
                pg_isready,
            });
        }
        let mut versions: Vec<(Vec<u32>, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| {
                let version = entry
                    .file_name()
                    .to_str()?
                    .split('.')
                    .map(|n| n.parse().ok())
                    .collect::<Option<Vec<u32>>>()?;
                Some((version, entry.path().join("bin")))
            })
            .collect();
        versions.sort();
        versions
            .iter()
            .rev()
            .find_map(|(_, dir)| Bins::in_dir(dir))
            .ok_or_else(|| {
                format!(
                    "no PostgreSQL server binaries found (looked at URBIS_PG_BIN, `initdb` and \
                     `postgres` on PATH, /usr/lib/postgresql/*/bin). {INSTALL}"
                )
            })
    }
}

/// A command that runs as `account` if there is one (this process is root), else as ourselves.
fn command(program: &Path, account: Option<&Account>, base: &Path) -> Command {
    let mut cmd = Command::new(program);
    cmd.current_dir(base)
        .env("LC_ALL", "C")
        .stdin(Stdio::null());
    if let Some(account) = account {
        // std drops the supplementary groups too when it changes the uid as root.
        cmd.uid(account.uid).gid(account.gid);
    }
    cmd
}

fn as_whom(account: Option<&Account>) -> String {
    match account {
        Some(a) => format!(" (as the user `{}`)", a.name),
        None => String::new(),
    }
}

fn spawn_watchdog(base: &Path) -> Result<(), String> {
    Command::new("sh")
        .arg("-c")
        .arg(WATCHDOG)
        .arg(WATCHDOG_NAME)
        .arg(std::process::id().to_string())
        .arg(base)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        // Its own process group: a Ctrl-C to the tests must not kill it before it cleans up.
        .process_group(0)
        .spawn()
        .map(drop)
        .map_err(|e| format!("could not start the watchdog (`sh`): {e}"))
}

fn initdb(bins: &Bins, account: Option<&Account>, base: &Path, data: &Path) -> Result<(), String> {
    let out = command(&bins.initdb, account, base)
        .arg("-D")
        .arg(data)
        .args([
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
        ])
        .output()
        .map_err(|e| format!("could not run {}: {e}", bins.initdb.display()))?;
    if out.status.success() {
        return Ok(());
    }
    Err(format!(
        "{} -D {} failed ({}){}:\n{}\n{}",
        bins.initdb.display(),
        data.display(),
        out.status,
        as_whom(account),
        String::from_utf8_lossy(&out.stdout).trim(),
        String::from_utf8_lossy(&out.stderr).trim()
    ))
}

fn free_port() -> Result<u16, String> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("could not find a free port on 127.0.0.1: {e}"))
}

enum ServerError {
    PortTaken(String),
    Other(String),
}

/// Starts the server on `port` and waits until it accepts connections.
fn run_server(
    bins: &Bins,
    account: Option<&Account>,
    base: &Path,
    data: &Path,
    sock: &Path,
    port: u16,
) -> Result<(), ServerError> {
    let log_path = base.join("server.log");
    let log = File::create(&log_path)
        .map_err(|e| ServerError::Other(format!("could not create {}: {e}", log_path.display())))?;
    let log_err = log
        .try_clone()
        .map_err(|e| ServerError::Other(format!("could not open {}: {e}", log_path.display())))?;
    let mut child = command(&bins.postgres, account, base)
        .arg("-D")
        .arg(data)
        .arg("-p")
        .arg(port.to_string())
        .arg("-k")
        .arg(sock)
        .args([
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            "fsync=off",
            "-c",
            "synchronous_commit=off",
            "-c",
            "full_page_writes=off",
            "-c",
            "max_connections=300",
        ])
        .stdout(log)
        .stderr(log_err)
        // Its own process group: the watchdog, not a Ctrl-C, stops it.
        .process_group(0)
        .spawn()
        .map_err(|e| {
            ServerError::Other(format!(
                "could not run {}{}: {e}",
                bins.postgres.display(),
                as_whom(account)
            ))
        })?;
    let read_log = || std::fs::read_to_string(&log_path).unwrap_or_default();
    let started = Instant::now();
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            let log = read_log();
            return Err(
                if log.contains("could not bind") || log.contains("already in use") {
                    ServerError::PortTaken(log)
                } else {
                    ServerError::Other(format!(
                        "{} exited ({status}){} before accepting connections; server log:\n{log}",
                        bins.postgres.display(),
                        as_whom(account)
                    ))
                },
            );
        }
        if is_ready(bins, port, &read_log) {
            return Ok(());
        }
        if started.elapsed() > START_TIMEOUT {
            stop(&mut child);
            return Err(ServerError::Other(format!(
                "the server on port {port} did not accept connections within {} s; server log:\n{}",
                START_TIMEOUT.as_secs(),
                read_log()
            )));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Whether the server accepts connections: `pg_isready` if there is one, else the log line that
/// says so and a TCP connect.
fn is_ready(bins: &Bins, port: u16, read_log: &dyn Fn() -> String) -> bool {
    if let Some(pg_isready) = &bins.pg_isready {
        let status = Command::new(pg_isready)
            .args(["-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres"])
            .args(["-t", "2", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        if let Ok(status) = status {
            return status.success();
        }
    }
    read_log().contains("database system is ready to accept connections")
        && TcpStream::connect_timeout(
            &SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
            Duration::from_secs(1),
        )
        .is_ok()
}

fn stop(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}
