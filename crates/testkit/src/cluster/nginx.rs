//! nginx on loopback as the load balancer of a cluster test: round robin over the nodes, a
//! node that refuses connections or fails is passed over for the next (for a request that
//! has not reached a node yet, whatever its method), the client's address forwarded.

use std::net::{Ipv4Addr, SocketAddr};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::Error;
use crate::sys;

use super::tail;

/// How long nginx may take to accept connections.
const START_TIMEOUT: Duration = Duration::from_secs(20);

/// A running nginx in front of the nodes; stopped when dropped.
#[derive(Debug)]
pub struct Nginx {
    child: Child,
    port: u16,
    upstreams: Vec<SocketAddr>,
    dir: tempfile::TempDir,
}

impl Drop for Nginx {
    /// SIGTERM first: the master ends its workers (killed alone, it would leave them behind).
    fn drop(&mut self) {
        if sys::signal(self.child.id(), "TERM").is_ok() {
            let asked = Instant::now();
            while asked.elapsed() < Duration::from_secs(5) {
                if let Ok(Some(_)) = self.child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Nginx {
    /// Starts nginx on a free port of 127.0.0.1 in front of `upstreams` (which need not be up
    /// yet) and waits until it accepts connections.
    ///
    /// # Panics
    /// If nginx is missing (the message says how to install it) or does not start; see
    /// [`Nginx::try_start`].
    pub fn start(upstreams: &[SocketAddr]) -> Nginx {
        match Nginx::try_start(upstreams) {
            Ok(nginx) => nginx,
            Err(e) => panic!("urbis-testkit: {e}"),
        }
    }

    /// Like [`Nginx::start`], but returns the error.
    pub fn try_start(upstreams: &[SocketAddr]) -> Result<Nginx, Error> {
        let program = program();
        let dir = tempfile::Builder::new()
            .prefix("urbis-nginx-")
            .tempdir()
            .map_err(|source| Error::Io {
                what: "creating nginx's directory".into(),
                source,
            })?;
        // As root, nginx's workers run as `nobody`, who must reach the temporary files.
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).map_err(
            |source| Error::Io {
                what: format!("opening {} to nginx's workers", dir.path().display()),
                source,
            },
        )?;
        let port = sys::free_port().map_err(|source| Error::Io {
            what: "finding a free port for nginx".into(),
            source,
        })?;
        let conf = dir.path().join("nginx.conf");
        std::fs::write(&conf, config(dir.path(), port, upstreams, &[])).map_err(|source| {
            Error::Io {
                what: format!("writing {}", conf.display()),
                source,
            }
        })?;
        let log = dir.path().join("error.log");
        let child = Command::new(&program)
            .arg("-p")
            .arg(dir.path())
            .arg("-c")
            .arg(&conf)
            .arg("-e")
            .arg(&log)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                Error::Service(format!(
                    "could not run nginx {} ({e}). `./test.sh --install-only` installs it \
                     (Debian: `apt-get install nginx`), or set URBIS_NGINX",
                    program.display()
                ))
            })?;
        sys::kill_when_we_end(child.id(), "TERM");
        let mut nginx = Nginx {
            child,
            port,
            upstreams: upstreams.to_vec(),
            dir,
        };
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = nginx.child.try_wait() {
                return Err(Error::Service(format!(
                    "nginx ended ({status}) while starting:\n{}",
                    tail(&log, 30)
                )));
            }
            if std::net::TcpStream::connect_timeout(&nginx.addr(), Duration::from_secs(1)).is_ok() {
                return Ok(nginx);
            }
            if started.elapsed() > START_TIMEOUT {
                return Err(Error::Service(format!(
                    "nginx did not accept connections within {} s:\n{}",
                    START_TIMEOUT.as_secs(),
                    tail(&log, 30)
                )));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Where nginx listens.
    pub fn addr(&self) -> SocketAddr {
        SocketAddr::from((Ipv4Addr::LOCALHOST, self.port))
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr())
    }

    /// Takes the upstreams `down` out of the rotation (and puts every other one back), as an
    /// operator does before stopping a node: rewrites the configuration, reloads it (SIGHUP)
    /// and waits until the workers of the old configuration have finished their requests and
    /// ended (at most 20 s), so that no request reaches a node taken out any more.
    ///
    /// # Panics
    /// If the configuration cannot be written or the reload does not finish in time.
    pub async fn set_down(&self, down: &[SocketAddr]) {
        let conf = self.dir.path().join("nginx.conf");
        std::fs::write(
            &conf,
            config(self.dir.path(), self.port, &self.upstreams, down),
        )
        .unwrap_or_else(|e| panic!("urbis-testkit: writing {}: {e}", conf.display()));
        let old = children(self.child.id());
        sys::signal(self.child.id(), "HUP")
            .unwrap_or_else(|e| panic!("urbis-testkit: reloading nginx: {e}"));
        let asked = Instant::now();
        while old
            .iter()
            .any(|pid| Path::new(&format!("/proc/{pid}")).exists())
            || children(self.child.id()).is_empty()
        {
            assert!(
                asked.elapsed() < Duration::from_secs(20),
                "urbis-testkit: nginx did not reload within 20 s:\n{}",
                self.error_log_tail()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The access log: one line per request, `status upstream-addresses method uri`.
    pub fn access_log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("access.log")).unwrap_or_default()
    }

    /// The end of the error log, for a failure message.
    pub fn error_log_tail(&self) -> String {
        tail(&self.dir.path().join("error.log"), 30)
    }
}

/// The configuration: no daemon, everything under `dir`, one upstream group.
fn config(dir: &Path, port: u16, upstreams: &[SocketAddr], down: &[SocketAddr]) -> String {
    let dir = dir.display();
    let servers: String = upstreams
        .iter()
        .map(|a| {
            let down = if down.contains(a) { " down" } else { "" };
            format!("        server {a} max_fails=1 fail_timeout=2s{down};\n")
        })
        .collect();
    format!(
        r#"daemon off;
master_process on;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{
    worker_connections 1024;
}}
http {{
    log_format cluster '$status $upstream_addr $request_method $request_uri';
    access_log {dir}/access.log cluster;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    client_max_body_size 64m;
    upstream urbis {{
{servers}    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://urbis;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_next_upstream error timeout http_502 http_503 http_504;
            proxy_next_upstream_tries 3;
            proxy_connect_timeout 2s;
            proxy_read_timeout 60s;
        }}
    }}
}}
"#
    )
}

/// The processes whose parent is `pid` (nginx's workers), found in `/proc`.
fn children(pid: u32) -> Vec<u32> {
    let parent = pid.to_string();
    std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let child: u32 = entry.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            // "pid (comm) state ppid …": the fields after the command's closing parenthesis.
            let ppid = stat.rsplit_once(") ")?.1.split_whitespace().nth(1)?;
            (ppid == parent).then_some(child)
        })
        .collect()
}

/// `URBIS_NGINX`, else `nginx` on `PATH`, else Debian's `/usr/sbin/nginx`.
fn program() -> PathBuf {
    let found = super::program("URBIS_NGINX", &[], "nginx");
    if found.is_absolute() {
        found
    } else {
        PathBuf::from("/usr/sbin/nginx")
    }
}
