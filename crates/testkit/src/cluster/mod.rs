//! The parts of a cluster test, each a real server on loopback that goes away with the test:
//! an S3-compatible object store ([`S3Server`], moto's server), a load balancer ([`Nginx`]),
//! nodes of `urbis serve` ([`Node`]) and a TCP proxy that cuts or slows what passes through it
//! ([`FaultProxy`], to take a database or a bucket away from the nodes and give it back).
//!
//! ```no_run
//! # async fn example() {
//! use urbis_testkit::cluster::{FaultProxy, Nginx, Node, S3Server};
//! let s3 = S3Server::start().await;
//! let bucket = FaultProxy::start(s3.addr());
//! let mut node = Node::new(std::path::Path::new("target/debug/urbis"), "a", &[]);
//! let nginx = Nginx::start(&[node.addr()]);
//! node.start().await;
//! # }
//! ```
//!
//! Each process is killed when its value is dropped, and by a watchdog when the test process
//! ends without dropping it (a panic that aborts, a SIGKILL).

mod fault;
mod http;
mod nginx;
mod node;
mod s3;

use std::path::PathBuf;

pub use fault::FaultProxy;
pub use http::{Answer, request};
pub use nginx::Nginx;
pub use node::Node;
pub use s3::S3Server;

/// A program the cluster test needs: the environment variable that names it, else the places
/// `./test.sh` installs it to, else `PATH`.
fn program(var: &str, installed: &[PathBuf], name: &str) -> PathBuf {
    if let Some(path) = std::env::var_os(var).filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    installed
        .iter()
        .find(|p| p.is_file())
        .cloned()
        .or_else(|| crate::sys::which(name))
        .unwrap_or_else(|| PathBuf::from(name))
}

/// The last `lines` lines of a log file, for a failure message.
fn tail(path: &std::path::Path, lines: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}
