//! A real SMTP server on loopback for the mail tests of urbis: it speaks the protocol (EHLO/HELO,
//! STARTTLS or implicit TLS, AUTH PLAIN, MAIL FROM, RCPT TO, DATA with dot-unstuffing, RSET,
//! NOOP, QUIT) to whatever client connects, keeps every message it accepts for assertions, and
//! can be stopped and restarted on the same port to simulate an outage (while stopped,
//! connections are refused). With TLS it presents a certificate for `localhost`/`127.0.0.1`
//! issued by a throwaway certificate authority of its own ([`TestSmtp::ca_file`]).
//!
//! ```no_run
//! # async fn example() {
//! use std::time::Duration;
//! let smtp = urbis_testkit::smtp::TestSmtp::start();
//! // point the mail transport at 127.0.0.1:smtp.port() and send …
//! let got = smtp.wait_for(1, Duration::from_secs(10)).await;
//! assert_eq!(got[0].rcpt_to, ["someone@example.org"]);
//! # }
//! ```
//!
//! It runs on its own threads, so it serves clients on any runtime, and it stops when dropped.

mod session;
mod tls;

use std::net::{Ipv4Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rustls::ServerConfig;

use crate::Error;

use session::accept_loop;
use tls::tls_setup;

/// The longest command line or data line accepted (RFC 5321 allows 1000; clients may be generous).
const MAX_LINE: u64 = 64 * 1024;

/// How long a session may stay silent before the server hangs up.
const IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// One message the server accepted: the envelope and the data as the client sent it, after
/// dot-unstuffing, with CRLF line ends and without the terminating `.` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// The name the client gave in EHLO or HELO.
    pub helo: String,
    /// The user the client authenticated as, if it did.
    pub auth_user: Option<String>,
    /// Whether the message came over TLS (STARTTLS or implicit).
    pub tls: bool,
    /// The envelope sender (`MAIL FROM`), without angle brackets.
    pub mail_from: String,
    /// The envelope recipients (`RCPT TO`), without angle brackets, in order.
    pub rcpt_to: Vec<String>,
    /// The message itself.
    pub data: Vec<u8>,
}

impl Received {
    /// The message as text (invalid UTF-8 replaced), for assertions and parsers.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.data).into_owned()
    }
}

/// How the test server protects its connections.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TlsMode {
    /// Plain SMTP only.
    #[default]
    None,
    /// Plain SMTP that offers STARTTLS and accepts mail only after it.
    StartTls,
    /// TLS from the first byte (like port 465).
    Implicit,
}

/// The settings of a test server.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SmtpOptions {
    /// The user and password that `AUTH PLAIN` must give; when set, mail needs authentication.
    pub auth: Option<(String, String)>,
    /// How connections are protected.
    pub tls: TlsMode,
}

/// What the server state shared by its threads holds.
#[derive(Debug, Default)]
struct Shared {
    messages: Mutex<Vec<Received>>,
    /// Recipients answered at `RCPT TO` with a reply code and text instead of 250.
    refused: Mutex<Vec<(String, u16, String)>>,
    /// How long the server waits before answering the end of DATA (a slow server).
    delay: Mutex<Duration>,
    /// The user and password that AUTH PLAIN must give; when set, mail needs authentication.
    auth: Option<(String, String)>,
    /// How connections are protected, and the TLS settings when they are.
    tls: TlsMode,
    tls_config: Option<Arc<ServerConfig>>,
    /// The sessions accepted so far.
    sessions: AtomicU64,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panicking session thread must not take the whole server (and the test) down with it.
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The accept loop while the server runs.
#[derive(Debug)]
struct Running {
    stop: Arc<AtomicBool>,
    accept: JoinHandle<()>,
    /// Open sessions, to cut them when the server stops.
    open: Arc<Mutex<Vec<(u64, TcpStream)>>>,
}

/// A real SMTP server on `127.0.0.1`, on a port of its own.
#[derive(Debug)]
pub struct TestSmtp {
    addr: SocketAddr,
    shared: Arc<Shared>,
    running: Mutex<Option<Running>>,
    /// The certificate authority of a TLS server: its PEM, and a file holding it.
    ca: Option<(String, tempfile::NamedTempFile)>,
}

impl TestSmtp {
    /// Starts a server on a free port of 127.0.0.1 that accepts mail without authentication.
    ///
    /// # Panics
    /// If no port can be bound; see [`TestSmtp::try_start`] for the fallible form.
    #[track_caller]
    pub fn start() -> TestSmtp {
        Self::start_with(SmtpOptions::default())
    }

    /// Starts a server that advertises `AUTH PLAIN` and accepts mail only from a client that
    /// authenticated with this user and password.
    ///
    /// # Panics
    /// If no port can be bound.
    #[track_caller]
    pub fn start_with_auth(user: &str, password: &str) -> TestSmtp {
        Self::start_with(SmtpOptions {
            auth: Some((user.to_owned(), password.to_owned())),
            ..SmtpOptions::default()
        })
    }

    /// Starts a server with the given settings.
    ///
    /// # Panics
    /// If no port can be bound or the TLS certificate cannot be made.
    #[track_caller]
    pub fn start_with(options: SmtpOptions) -> TestSmtp {
        match Self::try_start(options) {
            Ok(server) => server,
            Err(e) => panic!("urbis-testkit: {e}"),
        }
    }

    /// Like [`TestSmtp::start_with`], but returns the error instead of panicking.
    pub fn try_start(options: SmtpOptions) -> Result<TestSmtp, Error> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(|source| Error::Io {
            what: "binding a port on 127.0.0.1 for the test SMTP server".into(),
            source,
        })?;
        let addr = listener.local_addr().map_err(|source| Error::Io {
            what: "reading the port of the test SMTP server".into(),
            source,
        })?;
        let (tls_config, ca) = match options.tls {
            TlsMode::None => (None, None),
            TlsMode::StartTls | TlsMode::Implicit => {
                let (config, ca) = tls_setup()?;
                (Some(config), Some(ca))
            }
        };
        let server = TestSmtp {
            addr,
            shared: Arc::new(Shared {
                auth: options.auth,
                tls: options.tls,
                tls_config,
                ..Shared::default()
            }),
            running: Mutex::new(None),
            ca,
        };
        server.serve(listener)?;
        Ok(server)
    }

    /// The certificate authority that issued the certificate of a TLS server, as PEM.
    pub fn ca_pem(&self) -> Option<&str> {
        self.ca.as_ref().map(|(pem, _)| pem.as_str())
    }

    /// A file holding [`TestSmtp::ca_pem`], for clients that read their trusted roots from a
    /// file; it lives as long as the server.
    pub fn ca_file(&self) -> Option<&Path> {
        self.ca.as_ref().map(|(_, file)| file.path())
    }

    /// The address the server listens on (also while it is stopped: it comes back there).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Every message accepted so far, in the order they were accepted.
    pub fn messages(&self) -> Vec<Received> {
        lock(&self.shared.messages).clone()
    }

    /// How many SMTP sessions the server has accepted so far.
    pub fn sessions(&self) -> u64 {
        self.shared.sessions.load(Ordering::SeqCst)
    }

    /// Waits until at least `count` messages have arrived and returns all of them.
    ///
    /// # Panics
    /// If fewer arrive within `timeout` (the message says how many did).
    pub async fn wait_for(&self, count: usize, timeout: Duration) -> Vec<Received> {
        let deadline = Instant::now() + timeout;
        loop {
            let messages = self.messages();
            if messages.len() >= count {
                return messages;
            }
            if Instant::now() >= deadline {
                panic!(
                    "urbis-testkit: the test SMTP server received {} of {count} expected messages within {timeout:?}",
                    messages.len()
                );
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Answers `RCPT TO:<recipient>` with `code` and `text` from now on (e.g. 550 for a
    /// mailbox that does not exist, 450 for one that is busy).
    pub fn refuse_recipient(&self, recipient: &str, code: u16, text: &str) {
        lock(&self.shared.refused).push((recipient.to_owned(), code, text.to_owned()));
    }

    /// Makes the server wait this long before it answers the end of each message's data.
    pub fn set_delay(&self, delay: Duration) {
        *lock(&self.shared.delay) = delay;
    }

    /// Whether the server accepts connections now.
    pub fn is_running(&self) -> bool {
        lock(&self.running).is_some()
    }

    /// Stops the server: the port is closed (connections are refused) and open sessions are
    /// cut. Messages received so far are kept. Does nothing when it is stopped already.
    pub fn stop(&self) {
        let Some(running) = lock(&self.running).take() else {
            return;
        };
        running.stop.store(true, Ordering::SeqCst);
        // The accept thread only sleeps and polls; it ends within a few milliseconds.
        let _ = running.accept.join();
        for (_, stream) in lock(&running.open).drain(..) {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }

    /// Starts a stopped server again on the same port. Does nothing when it runs.
    ///
    /// # Panics
    /// If the port cannot be bound again within five seconds.
    #[track_caller]
    pub fn restart(&self) {
        if self.is_running() {
            return;
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        let listener = loop {
            match TcpListener::bind(self.addr) {
                Ok(listener) => break listener,
                Err(e) if Instant::now() >= deadline => {
                    panic!(
                        "urbis-testkit: cannot bind {} again for the test SMTP server: {e}",
                        self.addr
                    )
                }
                Err(_) => std::thread::sleep(Duration::from_millis(20)),
            }
        };
        if let Err(e) = self.serve(listener) {
            panic!("urbis-testkit: {e}");
        }
    }

    /// Runs the accept loop on a thread of its own.
    fn serve(&self, listener: TcpListener) -> Result<(), Error> {
        listener.set_nonblocking(true).map_err(|source| Error::Io {
            what: "making the test SMTP server's socket non-blocking".into(),
            source,
        })?;
        let stop = Arc::new(AtomicBool::new(false));
        let open: Arc<Mutex<Vec<(u64, TcpStream)>>> = Arc::default();
        let accept = {
            let (stop, open, shared) = (stop.clone(), open.clone(), self.shared.clone());
            std::thread::Builder::new()
                .name("test-smtp-accept".into())
                .spawn(move || accept_loop(&listener, &stop, &open, &shared))
                .map_err(|source| Error::Io {
                    what: "starting the test SMTP server's thread".into(),
                    source,
                })?
        };
        *lock(&self.running) = Some(Running { stop, accept, open });
        Ok(())
    }
}

impl Drop for TestSmtp {
    fn drop(&mut self) {
        self.stop();
    }
}
