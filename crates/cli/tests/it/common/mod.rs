//! What the command line's tests share: a real `urbis serve` (started on a free port, found by
//! the address it logs, stopped when dropped), the storage tests' fixture and the output of a
//! finished run.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

/// The storage tests' document with one record of every kind and two forums, to import.
pub const FIXTURE: &str = include_str!("../../../../store/tests/it/common/full.json");

/// The `urbis` program to run, speaking English whatever the locale of the machine the tests
/// run on (`URBIS_LANG=en`): the tests read its English messages.
pub fn urbis() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_urbis"));
    command.env("URBIS_LANG", "en");
    command
}

/// What a finished `urbis` run wrote to standard error.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A started `urbis serve`, killed when dropped.
pub struct Server {
    /// The process.
    pub child: Child,
    /// Where it listens (`127.0.0.1:PORT`), as it logged it.
    pub address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts `serve` (a `urbis serve --addr 127.0.0.1:0 …` command) and waits up to a minute
    /// for the address it logs on standard error.
    pub fn start(serve: &mut Command) -> Self {
        let mut child = serve
            .stderr(Stdio::piped())
            .spawn()
            .expect("urbis serve starts");
        let stderr = child.stderr.take().expect("stderr");
        let (found, address) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(at) = line.find("address=") {
                    let _ = found.send(
                        line[at + 8..]
                            .split_whitespace()
                            .next()
                            .unwrap_or_default()
                            .to_owned(),
                    );
                }
            }
        });
        let address = address.recv_timeout(Duration::from_secs(60));
        // Made before the check, so that a server that never says where it listens is killed.
        let server = Self {
            child,
            address: address.unwrap_or_default(),
        };
        assert!(
            !server.address.is_empty(),
            "urbis serve did not say where it listens within a minute"
        );
        server
    }
}
