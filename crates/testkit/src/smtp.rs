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

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::{ServerConfig, ServerConnection, StreamOwned};

use crate::Error;

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

/// Makes a throwaway certificate authority and a server certificate it issued for `localhost`
/// and `127.0.0.1`, and the TLS settings that present it.
fn tls_setup() -> Result<(Arc<ServerConfig>, (String, tempfile::NamedTempFile)), Error> {
    let tls_error = |e: &dyn std::fmt::Display| Error::Io {
        what: "making the TLS certificate of the test SMTP server".into(),
        source: std::io::Error::other(e.to_string()),
    };
    let mut ca_params =
        rcgen::CertificateParams::new(Vec::<String>::new()).map_err(|e| tls_error(&e))?;
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "urbis-testkit CA");
    ca_params.key_usages = vec![
        rcgen::KeyUsagePurpose::KeyCertSign,
        rcgen::KeyUsagePurpose::DigitalSignature,
    ];
    let ca_key = rcgen::KeyPair::generate().map_err(|e| tls_error(&e))?;
    let ca_cert = ca_params.self_signed(&ca_key).map_err(|e| tls_error(&e))?;
    let issuer = rcgen::Issuer::new(ca_params, ca_key);

    let mut params =
        rcgen::CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
            .map_err(|e| tls_error(&e))?;
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "localhost");
    params.use_authority_key_identifier_extension = true;
    params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
    let key = rcgen::KeyPair::generate().map_err(|e| tls_error(&e))?;
    let cert = params.signed_by(&key, &issuer).map_err(|e| tls_error(&e))?;

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| tls_error(&e))?
        .with_no_client_auth()
        .with_single_cert(
            vec![
                cert.der().clone(),
                CertificateDer::from(ca_cert.der().to_vec()),
            ],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
        )
        .map_err(|e| tls_error(&e))?;

    let pem = ca_cert.pem();
    let mut file = tempfile::Builder::new()
        .prefix("urbis-test-smtp-ca-")
        .suffix(".pem")
        .tempfile()
        .map_err(|source| Error::Io {
            what: "writing the test SMTP server's CA certificate".into(),
            source,
        })?;
    file.write_all(pem.as_bytes())
        .and_then(|()| file.flush())
        .map_err(|source| Error::Io {
            what: "writing the test SMTP server's CA certificate".into(),
            source,
        })?;
    Ok((Arc::new(config), (pem, file)))
}

/// A connection, plain or inside TLS.
enum Conn {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ServerConnection, TcpStream>>),
}

impl Conn {
    /// Wraps the connection into TLS (the handshake runs with the first read or write).
    fn into_tls(self, config: &Arc<ServerConfig>) -> std::io::Result<Conn> {
        match self {
            Conn::Plain(tcp) => {
                let session =
                    ServerConnection::new(config.clone()).map_err(std::io::Error::other)?;
                Ok(Conn::Tls(Box::new(StreamOwned::new(session, tcp))))
            }
            tls @ Conn::Tls(_) => Ok(tls),
        }
    }

    fn is_tls(&self) -> bool {
        matches!(self, Conn::Tls(_))
    }
}

impl Read for Conn {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Conn::Plain(tcp) => tcp.read(buf),
            Conn::Tls(tls) => tls.read(buf),
        }
    }
}

impl Write for Conn {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Conn::Plain(tcp) => tcp.write(buf),
            Conn::Tls(tls) => tls.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Conn::Plain(tcp) => tcp.flush(),
            Conn::Tls(tls) => tls.flush(),
        }
    }
}

fn accept_loop(
    listener: &TcpListener,
    stop: &AtomicBool,
    open: &Arc<Mutex<Vec<(u64, TcpStream)>>>,
    shared: &Arc<Shared>,
) {
    while !stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, _)) => {
                let number = shared.sessions.fetch_add(1, Ordering::SeqCst);
                let prepared = stream
                    .set_nonblocking(false)
                    .and_then(|()| stream.set_read_timeout(Some(IDLE_TIMEOUT)))
                    .and_then(|()| stream.try_clone());
                let Ok(handle) = prepared else {
                    continue;
                };
                lock(open).push((number, handle));
                let (session_open, session_shared) = (open.clone(), shared.clone());
                let spawned = std::thread::Builder::new()
                    .name(format!("test-smtp-session-{number}"))
                    .spawn(move || {
                        let _ = stream
                            .try_clone()
                            .and_then(|own| Session::new(&session_shared).run(Conn::Plain(own)));
                        let _ = stream.shutdown(Shutdown::Both);
                        lock(&session_open).retain(|(n, _)| *n != number);
                    });
                if spawned.is_err() {
                    lock(open).retain(|(n, _)| *n != number);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(_) => std::thread::sleep(Duration::from_millis(5)),
        }
    }
}

/// The state of one SMTP session.
struct Session<'a> {
    shared: &'a Shared,
    helo: Option<String>,
    auth_user: Option<String>,
    mail_from: Option<String>,
    rcpt_to: Vec<String>,
}

/// A step of the session: go on, close the connection, or start TLS.
enum Next {
    Continue,
    Quit,
    StartTls(Arc<ServerConfig>),
}

impl<'a> Session<'a> {
    fn new(shared: &'a Shared) -> Self {
        Session {
            shared,
            helo: None,
            auth_user: None,
            mail_from: None,
            rcpt_to: Vec::new(),
        }
    }

    fn run(mut self, conn: Conn) -> std::io::Result<()> {
        let mut conn = conn;
        if self.shared.tls == TlsMode::Implicit
            && let Some(config) = &self.shared.tls_config
        {
            conn = conn.into_tls(config)?;
        }
        let mut io = BufReader::new(conn);
        say(&mut io, "220 urbis-testkit ESMTP ready")?;
        loop {
            let Some(line) = read_line(&mut io)? else {
                return Ok(());
            };
            let line = String::from_utf8_lossy(&line).into_owned();
            match self.command(line.trim_end_matches(['\r', '\n']), &mut io)? {
                Next::Continue => {}
                Next::Quit => return Ok(()),
                Next::StartTls(config) => {
                    // RFC 3207: what was said before the handshake no longer counts.
                    self.helo = None;
                    self.auth_user = None;
                    self.reset();
                    io = BufReader::new(io.into_inner().into_tls(&config)?);
                }
            }
        }
    }

    fn reset(&mut self) {
        self.mail_from = None;
        self.rcpt_to.clear();
    }

    fn command(&mut self, line: &str, io: &mut BufReader<Conn>) -> std::io::Result<Next> {
        let tls = io.get_ref().is_tls();
        let (verb, arg) = match line.split_once(' ') {
            Some((verb, arg)) => (verb.to_ascii_uppercase(), arg.trim()),
            None => (line.to_ascii_uppercase(), ""),
        };
        match verb.as_str() {
            "EHLO" | "HELO" if arg.is_empty() => {
                say(io, "501 5.5.4 EHLO/HELO needs a name")?;
            }
            "EHLO" => {
                self.helo = Some(arg.to_owned());
                self.reset();
                let mut lines = vec![
                    format!("250-urbis-testkit greets {arg}"),
                    "250-8BITMIME".to_owned(),
                    "250-SMTPUTF8".to_owned(),
                ];
                if self.shared.tls == TlsMode::StartTls && !tls {
                    lines.push("250-STARTTLS".to_owned());
                }
                if self.shared.auth.is_some() {
                    lines.push("250-AUTH PLAIN".to_owned());
                }
                lines.push("250 SIZE 26214400".to_owned());
                say(io, &lines.join("\r\n"))?;
            }
            "HELO" => {
                self.helo = Some(arg.to_owned());
                self.reset();
                say(io, "250 urbis-testkit")?;
            }
            "STARTTLS" => match &self.shared.tls_config {
                Some(config) if self.shared.tls == TlsMode::StartTls && !tls => {
                    say(io, "220 2.0.0 ready to start TLS")?;
                    return Ok(Next::StartTls(config.clone()));
                }
                _ => say(io, "502 5.5.1 STARTTLS not offered")?,
            },
            "AUTH" => self.auth(arg, io)?,
            "MAIL" => {
                let Some(from) = path_argument(arg, "FROM:") else {
                    say(io, "501 5.5.4 syntax: MAIL FROM:<address>")?;
                    return Ok(Next::Continue);
                };
                if self.helo.is_none() {
                    say(io, "503 5.5.1 EHLO/HELO first")?;
                } else if self.shared.tls == TlsMode::StartTls && !tls {
                    say(io, "530 5.7.0 must issue a STARTTLS command first")?;
                } else if self.shared.auth.is_some() && self.auth_user.is_none() {
                    say(io, "530 5.7.0 authentication required")?;
                } else if self.mail_from.is_some() {
                    say(io, "503 5.5.1 nested MAIL command")?;
                } else {
                    self.mail_from = Some(from);
                    say(io, "250 2.1.0 sender ok")?;
                }
            }
            "RCPT" => {
                let Some(to) = path_argument(arg, "TO:") else {
                    say(io, "501 5.5.4 syntax: RCPT TO:<address>")?;
                    return Ok(Next::Continue);
                };
                if self.mail_from.is_none() {
                    say(io, "503 5.5.1 MAIL first")?;
                    return Ok(Next::Continue);
                }
                let refused = lock(&self.shared.refused)
                    .iter()
                    .find(|(who, _, _)| who.eq_ignore_ascii_case(&to))
                    .map(|(_, code, text)| format!("{code} {text}"));
                match refused {
                    Some(answer) => say(io, &answer)?,
                    None => {
                        self.rcpt_to.push(to);
                        say(io, "250 2.1.5 recipient ok")?;
                    }
                }
            }
            "DATA" => {
                if self.rcpt_to.is_empty() {
                    say(io, "503 5.5.1 RCPT first")?;
                    return Ok(Next::Continue);
                }
                say(io, "354 end data with <CR><LF>.<CR><LF>")?;
                let Some(data) = read_data(io)? else {
                    return Ok(Next::Quit);
                };
                let delay = *lock(&self.shared.delay);
                if !delay.is_zero() {
                    std::thread::sleep(delay);
                }
                let received = Received {
                    helo: self.helo.clone().unwrap_or_default(),
                    auth_user: self.auth_user.clone(),
                    tls,
                    mail_from: self.mail_from.take().unwrap_or_default(),
                    rcpt_to: std::mem::take(&mut self.rcpt_to),
                    data,
                };
                let number = {
                    let mut messages = lock(&self.shared.messages);
                    messages.push(received);
                    messages.len()
                };
                say(io, &format!("250 2.0.0 ok: queued as {number}"))?;
            }
            "RSET" => {
                self.reset();
                say(io, "250 2.0.0 ok")?;
            }
            "NOOP" => say(io, "250 2.0.0 ok")?,
            "VRFY" => say(io, "252 2.1.5 cannot verify, will accept")?,
            "QUIT" => {
                say(io, "221 2.0.0 bye")?;
                return Ok(Next::Quit);
            }
            _ => say(io, "500 5.5.2 command not recognised")?,
        }
        Ok(Next::Continue)
    }

    /// `AUTH PLAIN [initial-response]`: checks `\0user\0password` against the configured pair.
    fn auth(&mut self, arg: &str, io: &mut BufReader<Conn>) -> std::io::Result<()> {
        let Some((user, password)) = &self.shared.auth else {
            return say(io, "502 5.5.1 AUTH not offered");
        };
        if self.auth_user.is_some() {
            return say(io, "503 5.5.1 already authenticated");
        }
        let (mechanism, initial) = match arg.split_once(' ') {
            Some((m, i)) => (m, Some(i.trim().to_owned())),
            None => (arg, None),
        };
        if !mechanism.eq_ignore_ascii_case("PLAIN") {
            return say(io, "504 5.5.4 only PLAIN is offered");
        }
        let response = match initial {
            Some(response) => response,
            None => {
                say(io, "334 ")?;
                match read_line(io)? {
                    Some(line) => String::from_utf8_lossy(&line).trim().to_owned(),
                    None => return Ok(()),
                }
            }
        };
        let decoded = BASE64.decode(response.as_bytes()).unwrap_or_default();
        let parts: Vec<&[u8]> = decoded.split(|b| *b == 0).collect();
        match parts.as_slice() {
            [_, given_user, given_password]
                if *given_user == user.as_bytes() && *given_password == password.as_bytes() =>
            {
                self.auth_user = Some(user.clone());
                say(io, "235 2.7.0 authentication successful")
            }
            _ => say(io, "535 5.7.8 authentication credentials invalid"),
        }
    }
}

/// Sends one reply (several lines joined with CRLF for a multi-line reply).
fn say(io: &mut BufReader<Conn>, text: &str) -> std::io::Result<()> {
    let conn = io.get_mut();
    conn.write_all(text.as_bytes())?;
    conn.write_all(b"\r\n")?;
    conn.flush()
}

/// One line including its line end, or None at the end of the stream.
fn read_line(reader: &mut impl BufRead) -> std::io::Result<Option<Vec<u8>>> {
    let mut line = Vec::new();
    let read = reader
        .by_ref()
        .take(MAX_LINE)
        .read_until(b'\n', &mut line)?;
    Ok((read > 0).then_some(line))
}

/// The message after `DATA`, up to the line with a single dot; None if the client went away.
fn read_data(reader: &mut impl BufRead) -> std::io::Result<Option<Vec<u8>>> {
    let mut data = Vec::new();
    loop {
        let Some(line) = read_line(reader)? else {
            return Ok(None);
        };
        let content = line
            .strip_suffix(b"\r\n")
            .or_else(|| line.strip_suffix(b"\n"))
            .unwrap_or(&line);
        if content == b"." {
            return Ok(Some(data));
        }
        let content = content.strip_prefix(b".").unwrap_or(content);
        data.extend_from_slice(content);
        data.extend_from_slice(b"\r\n");
    }
}

/// The address of `FROM:<a@b> SIZE=…` or `TO:<a@b>`: what stands between the angle brackets.
fn path_argument(arg: &str, keyword: &str) -> Option<String> {
    let head = arg.get(..keyword.len())?;
    if !head.eq_ignore_ascii_case(keyword) {
        return None;
    }
    let rest = arg[keyword.len()..].trim_start();
    let inner = rest.strip_prefix('<')?;
    let end = inner.find('>')?;
    Some(inner[..end].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_paths_and_unstuffs_dots() {
        assert_eq!(
            path_argument("FROM:<a@b.org> SIZE=12", "FROM:").as_deref(),
            Some("a@b.org")
        );
        assert_eq!(path_argument("to: <>", "TO:").as_deref(), Some(""));
        assert_eq!(path_argument("TO:a@b.org", "TO:"), None);
        let mut input: &[u8] = b"Subject: x\r\n\r\n..leading dot\r\nlast\r\n.\r\nNOOP\r\n";
        let data = read_data(&mut input).unwrap().unwrap();
        assert_eq!(data, b"Subject: x\r\n\r\n.leading dot\r\nlast\r\n");
        assert_eq!(input, b"NOOP\r\n");
    }
}
