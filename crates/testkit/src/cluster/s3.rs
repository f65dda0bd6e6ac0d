//! moto's S3-compatible server on loopback, with one empty bucket.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::Error;
use crate::sys;

use super::{request, tail};

/// How long the server may take to answer.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// A running S3-compatible server (moto's, `moto_server`) with the bucket [`S3Server::BUCKET`];
/// it keeps its objects in memory and is killed when dropped.
#[derive(Debug)]
pub struct S3Server {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl S3Server {
    /// The bucket the server holds.
    pub const BUCKET: &str = "urbis-files";
    /// The region it answers for.
    pub const REGION: &str = "us-east-1";
    /// The access key id (moto accepts any).
    pub const ACCESS_KEY: &str = "urbis-test";
    /// The secret access key (moto accepts any).
    pub const SECRET_KEY: &str = "urbis-test-secret";

    /// Starts the server and creates the bucket.
    ///
    /// # Panics
    /// If moto is missing (the message says how to install it) or does not start; see
    /// [`S3Server::try_start`].
    pub async fn start() -> S3Server {
        match S3Server::try_start().await {
            Ok(server) => server,
            Err(e) => panic!("urbis-testkit: {e}"),
        }
    }

    /// Like [`S3Server::start`], but returns the error.
    pub async fn try_start() -> Result<S3Server, Error> {
        let program = program();
        let dir = tempfile::Builder::new()
            .prefix("urbis-s3-")
            .tempdir()
            .map_err(|source| Error::Io {
                what: "creating the S3 server's directory".into(),
                source,
            })?;
        let log = dir.path().join("s3.log");
        let port = sys::free_port().map_err(|source| Error::Io {
            what: "finding a free port for the S3 server".into(),
            source,
        })?;
        let out = std::fs::File::create(&log).map_err(|source| Error::Io {
            what: format!("creating {}", log.display()),
            source,
        })?;
        let err = out.try_clone().map_err(|source| Error::Io {
            what: format!("opening {}", log.display()),
            source,
        })?;
        let child = Command::new(&program)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| {
                Error::Service(format!(
                    "could not run the S3 server {} ({e}). `./test.sh --install-only` installs \
                     it (moto[s3,server] in ~/.cache/urbis-moto), or set URBIS_MOTO_SERVER",
                    program.display()
                ))
            })?;
        sys::kill_when_we_end(child.id(), "KILL");
        let mut server = S3Server { child, port, dir };
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = server.child.try_wait() {
                return Err(Error::Service(format!(
                    "the S3 server ended ({status}) before answering:\n{}",
                    tail(&log, 30)
                )));
            }
            let up = request(server.addr(), "GET", "/moto-api/", Duration::from_secs(2)).await;
            if up.is_ok_and(|a| a.status == 200) {
                break;
            }
            if started.elapsed() > START_TIMEOUT {
                return Err(Error::Service(format!(
                    "the S3 server did not answer within {} s:\n{}",
                    START_TIMEOUT.as_secs(),
                    tail(&log, 30)
                )));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let made = request(
            server.addr(),
            "PUT",
            &format!("/{}", S3Server::BUCKET),
            Duration::from_secs(10),
        )
        .await;
        match made {
            Ok(answer) if answer.status == 200 => Ok(server),
            other => Err(Error::Service(format!(
                "the S3 server did not create the bucket: {other:?}"
            ))),
        }
    }

    /// The end of the server's log, for a failure message.
    pub fn log_tail(&self) -> String {
        tail(&self.dir.path().join("s3.log"), 30)
    }

    /// Where the server listens.
    pub fn addr(&self) -> SocketAddr {
        SocketAddr::from((Ipv4Addr::LOCALHOST, self.port))
    }

    /// The environment of an `urbis` process that keeps its files in the bucket, reached at
    /// `addr` (the server's own address, or a [`super::FaultProxy`] in front of it).
    pub fn env_via(&self, addr: SocketAddr) -> Vec<(String, String)> {
        [
            ("URBIS_S3_BUCKET", S3Server::BUCKET.to_owned()),
            ("URBIS_S3_ENDPOINT", format!("http://{addr}")),
            ("URBIS_S3_REGION", S3Server::REGION.to_owned()),
            ("URBIS_S3_ACCESS_KEY_ID", S3Server::ACCESS_KEY.to_owned()),
            (
                "URBIS_S3_SECRET_ACCESS_KEY",
                S3Server::SECRET_KEY.to_owned(),
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect()
    }

    /// The keys of the objects in the bucket (the first thousand), read over plain HTTP.
    pub async fn keys(&self) -> Result<Vec<String>, Error> {
        let answer = request(
            self.addr(),
            "GET",
            &format!("/{}", S3Server::BUCKET),
            Duration::from_secs(10),
        )
        .await
        .map_err(|source| Error::Io {
            what: "listing the bucket".into(),
            source,
        })?;
        Ok(answer
            .body
            .split("<Key>")
            .skip(1)
            .filter_map(|rest| rest.split_once("</Key>").map(|(k, _)| k.to_owned()))
            .collect())
    }
}

/// `URBIS_MOTO_SERVER`, else the venv `./test.sh` makes, else `moto_server` on `PATH`.
fn program() -> PathBuf {
    let venv = std::env::var_os("HOME")
        .map(|home| PathBuf::from(home).join(".cache/urbis-moto/bin/moto_server"));
    super::program(
        "URBIS_MOTO_SERVER",
        &venv.into_iter().collect::<Vec<_>>(),
        "moto_server",
    )
}
