//! One node of a cluster: an `urbis serve` process on a port of its own that stays the same
//! across restarts (the load balancer names it), with its own search index and log.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use crate::sys;

use super::{request, tail};

/// How long a node may take to answer `/readyz`.
const START_TIMEOUT: Duration = Duration::from_secs(90);

/// A node: not running until [`Node::start`]; killed when dropped. Its directory (search
/// index, log) lives as long as the value.
#[derive(Debug)]
pub struct Node {
    name: String,
    program: PathBuf,
    port: u16,
    env: Vec<(String, String)>,
    dir: tempfile::TempDir,
    child: Option<Child>,
}

impl Drop for Node {
    fn drop(&mut self) {
        self.kill();
    }
}

impl Node {
    /// A node that will run `program serve --addr 127.0.0.1:PORT` (PORT free now, kept for
    /// every start) with the environment `env` (the shared store, bucket, mail …) plus its own
    /// `URBIS_SEARCH_DIR` and `URBIS_FILES_DIR`.
    ///
    /// # Panics
    /// If no directory or port can be had.
    pub fn new(program: &Path, name: &str, env: &[(String, String)]) -> Node {
        let dir = tempfile::Builder::new()
            .prefix(&format!("urbis-node-{name}-"))
            .tempdir()
            .unwrap_or_else(|e| panic!("urbis-testkit: no directory for node {name}: {e}"));
        let port = sys::free_port()
            .unwrap_or_else(|e| panic!("urbis-testkit: no free port for node {name}: {e}"));
        Node {
            name: name.to_owned(),
            program: program.to_owned(),
            port,
            env: env.to_vec(),
            dir,
            child: None,
        }
    }

    /// Sets (or replaces) a variable of the node's environment, for its next start.
    pub fn set_env(&mut self, key: &str, value: &str) {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.to_owned(), value.to_owned()));
    }

    /// A variable of the node's environment.
    pub fn env(&self, key: &str) -> Option<&str> {
        self.env
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The node's name (for messages).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Where the node listens.
    pub fn addr(&self) -> SocketAddr {
        SocketAddr::from((Ipv4Addr::LOCALHOST, self.port))
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr())
    }

    /// The node's own search index.
    pub fn search_dir(&self) -> PathBuf {
        self.dir.path().join("search")
    }

    /// The node's log (standard error of every run, appended).
    pub fn log_path(&self) -> PathBuf {
        self.dir.path().join("serve.log")
    }

    /// The end of the log, for a failure message.
    pub fn log_tail(&self) -> String {
        tail(&self.log_path(), 40)
    }

    /// Whether the process runs.
    pub fn is_running(&mut self) -> bool {
        self.child
            .as_mut()
            .is_some_and(|c| matches!(c.try_wait(), Ok(None)))
    }

    /// Starts the process (if it does not run) and waits until it answers `/readyz`.
    ///
    /// # Panics
    /// If it cannot be started, ends while starting, or is not ready within 90 s (the message
    /// holds the end of its log).
    pub async fn start(&mut self) {
        if !self.is_running() {
            let log = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(self.log_path())
                .unwrap_or_else(|e| panic!("urbis-testkit: node {}: log: {e}", self.name));
            let mut command = Command::new(&self.program);
            command
                .args(["serve", "--addr", &self.addr().to_string()])
                .env("URBIS_SEARCH_DIR", self.search_dir())
                .env("URBIS_FILES_DIR", self.dir.path().join("files"))
                .env_remove("URBIS_LOG_FORMAT")
                .envs(self.env.iter().map(|(k, v)| (k, v)))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(log);
            let child = command.spawn().unwrap_or_else(|e| {
                panic!(
                    "urbis-testkit: node {} ({}) does not start: {e}",
                    self.name,
                    self.program.display()
                )
            });
            sys::kill_when_we_end(child.id(), "KILL");
            self.child = Some(child);
        }
        let started = Instant::now();
        loop {
            if !self.is_running() {
                panic!(
                    "urbis-testkit: node {} ended while starting:\n{}",
                    self.name,
                    self.log_tail()
                );
            }
            let ready = request(self.addr(), "GET", "/readyz", Duration::from_secs(2)).await;
            if ready.is_ok_and(|a| a.status == 200) {
                return;
            }
            assert!(
                started.elapsed() < START_TIMEOUT,
                "urbis-testkit: node {} is not ready after {} s:\n{}",
                self.name,
                START_TIMEOUT.as_secs(),
                self.log_tail()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// SIGKILL: no shutdown, no goodbye. Nothing happens when it does not run.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// SIGTERM, then waits for the process to end (at most `bound`, then SIGKILL); its exit
    /// status, or `None` when it had to be killed or did not run.
    pub async fn stop(&mut self, bound: Duration) -> Option<ExitStatus> {
        let mut child = self.child.take()?;
        if sys::signal(child.id(), "TERM").is_err() {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        let asked = Instant::now();
        while asked.elapsed() < bound {
            if let Ok(Some(status)) = child.try_wait() {
                return Some(status);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        None
    }
}
