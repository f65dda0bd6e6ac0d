//! Where mail goes: files under a directory (the default, which needs nothing installed) or an
//! SMTP server (for production), configured by one URL.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials as SmtpCredentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::transport::smtp::response::Category;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use percent_encoding::percent_decode_str;
use urbis_store::QueuedMail;

use crate::error::{MailError, Result};
use crate::message;

/// The transport without configuration: `.eml` files under `./data/mail`.
pub const DEFAULT_URL: &str = "file://data/mail";

/// The sender address without configuration.
pub const DEFAULT_FROM: &str = "urbis@localhost";

/// How long one SMTP exchange may take unless the URL says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// How often the worker looks into the outbox unless configured otherwise.
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(1);

/// How the connection to an SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// Plain text: only for a relay on the same machine or a trusted network.
    None,
    /// A plain connection upgraded with STARTTLS, which the server must offer (port 587).
    StartTls,
    /// TLS from the first byte ("implicit TLS", port 465).
    Tls,
}

impl Security {
    /// The name used in URLs (`security=…`).
    pub fn as_str(self) -> &'static str {
        match self {
            Security::None => "none",
            Security::StartTls => "starttls",
            Security::Tls => "tls",
        }
    }

    /// The usual port for this kind of connection.
    pub fn default_port(self) -> u16 {
        match self {
            Security::None => 25,
            Security::StartTls => 587,
            Security::Tls => 465,
        }
    }
}

/// A user name and password for SMTP AUTH. Its `Debug` output hides the password, so it can
/// never end up in a log.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The user name.
    pub user: String,
    /// The password.
    pub password: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("user", &self.user)
            .field("password", &"***")
            .finish()
    }
}

/// Where outgoing mail is delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transport {
    /// Each mail becomes `<id>.eml` in this directory (created when missing): for development
    /// and installations without a mail server.
    File {
        /// The directory.
        dir: PathBuf,
    },
    /// An SMTP server (a relay or a submission server).
    Smtp {
        /// The server's host name or address.
        host: String,
        /// Its port.
        port: u16,
        /// How the connection is protected.
        security: Security,
        /// The login, if the server needs one.
        credentials: Option<Credentials>,
        /// How long one exchange may take.
        timeout: Duration,
        /// A PEM file with a further certificate authority to trust (a private CA).
        ca_file: Option<PathBuf>,
    },
}

impl Default for Transport {
    fn default() -> Self {
        Transport::File {
            dir: PathBuf::from("data/mail"),
        }
    }
}

impl Transport {
    /// Reads a transport URL:
    /// - `file://data/mail` (relative) or `file:///var/mail/urbis` (absolute): `.eml` files;
    /// - `smtp://[user[:password]@]host[:port][?security=none|starttls|tls&timeout=SECONDS&ca=/path/ca.pem]`:
    ///   SMTP, with STARTTLS unless `security` says otherwise; the port defaults to 25, 587 or
    ///   465 by security; user and password are percent-encoded;
    /// - `smtps://…`: the same with `security=tls`.
    pub fn from_url(text: &str) -> Result<Transport> {
        let text = text.trim();
        if let Some(path) = text.strip_prefix("file://") {
            if path.is_empty() {
                return Err(MailError::Config(format!(
                    "mail URL `{text}` names no directory (write file://data/mail or file:///abs/dir)"
                )));
            }
            return Ok(Transport::File {
                dir: PathBuf::from(path),
            });
        }
        let url = url::Url::parse(text).map_err(|e| {
            MailError::Config(format!(
                "mail URL `{}` cannot be read: {e}",
                urbis_store::redact(text)
            ))
        })?;
        let mut security = match url.scheme() {
            "smtp" => Security::StartTls,
            "smtps" => Security::Tls,
            _ => {
                return Err(MailError::Config(format!(
                    "mail URL `{}` is not supported: it must start with file://, smtp:// or smtps://",
                    urbis_store::redact(text)
                )));
            }
        };
        let host = match url.host() {
            Some(url::Host::Domain(name)) if !name.is_empty() => name.to_owned(),
            Some(url::Host::Ipv4(ip)) => ip.to_string(),
            Some(url::Host::Ipv6(ip)) => ip.to_string(),
            _ => {
                return Err(MailError::Config(format!(
                    "mail URL `{}` names no host",
                    urbis_store::redact(text)
                )));
            }
        };
        let mut timeout = DEFAULT_TIMEOUT;
        let mut ca_file = None;
        for (key, value) in url.query_pairs() {
            match key.as_ref() {
                "security" => {
                    security = match value.as_ref() {
                        "none" => Security::None,
                        "starttls" => Security::StartTls,
                        "tls" => Security::Tls,
                        other => {
                            return Err(MailError::Config(format!(
                                "mail URL: security `{other}` is unknown (write none, starttls or tls)"
                            )));
                        }
                    }
                }
                "timeout" => {
                    let seconds: f64 = value
                        .parse()
                        .ok()
                        .filter(|s: &f64| *s > 0.0 && s.is_finite())
                        .ok_or_else(|| {
                            MailError::Config(format!(
                                "mail URL: timeout `{value}` must be a positive number of seconds"
                            ))
                        })?;
                    timeout = Duration::from_secs_f64(seconds);
                }
                "ca" => ca_file = Some(PathBuf::from(value.as_ref())),
                other => {
                    return Err(MailError::Config(format!(
                        "mail URL: parameter `{other}` is unknown (known: security, timeout, ca)"
                    )));
                }
            }
        }
        let decode = |part: &str| {
            percent_decode_str(part)
                .decode_utf8()
                .map(std::borrow::Cow::into_owned)
                .map_err(|_| {
                    MailError::Config("mail URL: user or password is not UTF-8".to_owned())
                })
        };
        let credentials = if url.username().is_empty() {
            None
        } else {
            Some(Credentials {
                user: decode(url.username())?,
                password: decode(url.password().unwrap_or_default())?,
            })
        };
        Ok(Transport::Smtp {
            port: url.port().unwrap_or(security.default_port()),
            host,
            security,
            credentials,
            timeout,
            ca_file,
        })
    }

    /// A description for logs and messages, without the password.
    pub fn describe(&self) -> String {
        match self {
            Transport::File { dir } => format!("files under {}", dir.display()),
            Transport::Smtp {
                host,
                port,
                security,
                credentials,
                ..
            } => {
                let user = credentials
                    .as_ref()
                    .map(|c| format!(" as {}", c.user))
                    .unwrap_or_default();
                format!("SMTP {host}:{port} ({}){user}", security.as_str())
            }
        }
    }
}

/// The mail settings of an installation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailConfig {
    /// Where mail goes.
    pub transport: Transport,
    /// The sender (`urbis@example.org` or `Forum <office@example.org>`).
    pub from: String,
    /// How often the worker looks for due mail.
    pub poll_interval: Duration,
}

impl Default for MailConfig {
    fn default() -> Self {
        MailConfig {
            transport: Transport::default(),
            from: DEFAULT_FROM.to_owned(),
            poll_interval: DEFAULT_POLL_INTERVAL,
        }
    }
}

impl MailConfig {
    /// Reads `URBIS_MAIL_URL` (default `file://data/mail`), `URBIS_MAIL_FROM` (default
    /// `urbis@localhost`) and `URBIS_MAIL_POLL_SECONDS` (default 1).
    pub fn from_env() -> Result<MailConfig> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        Self::from_values(
            var("URBIS_MAIL_URL").as_deref(),
            var("URBIS_MAIL_FROM").as_deref(),
            var("URBIS_MAIL_POLL_SECONDS").as_deref(),
        )
    }

    /// Builds the settings from the three values (None: the default), checking each.
    pub fn from_values(
        url: Option<&str>,
        from: Option<&str>,
        poll_seconds: Option<&str>,
    ) -> Result<MailConfig> {
        let transport = Transport::from_url(url.unwrap_or(DEFAULT_URL))?;
        let from = from.unwrap_or(DEFAULT_FROM).trim().to_owned();
        from.parse::<Mailbox>().map_err(|e| {
            MailError::Config(format!(
                "URBIS_MAIL_FROM `{from}` is not a mail address ({e}); write office@example.org or `Name <office@example.org>`"
            ))
        })?;
        let poll_interval = match poll_seconds {
            None => DEFAULT_POLL_INTERVAL,
            Some(text) => text
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|s| *s > 0.0 && *s <= 3600.0)
                .map(Duration::from_secs_f64)
                .ok_or_else(|| {
                    MailError::Config(format!(
                        "URBIS_MAIL_POLL_SECONDS `{text}` must be a number of seconds between 0 and 3600"
                    ))
                })?,
        };
        Ok(MailConfig {
            transport,
            from,
            poll_interval,
        })
    }
}

/// A transport ready to send: built once from the configuration and shared by the worker.
#[derive(Clone)]
pub struct Mailer {
    from: Mailbox,
    inner: Inner,
    description: String,
}

#[derive(Clone)]
enum Inner {
    File(PathBuf),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

impl fmt::Debug for Mailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mailer")
            .field("from", &self.from.to_string())
            .field("transport", &self.description)
            .finish()
    }
}

impl Mailer {
    /// Builds the transport a configuration names (reads the CA file, if any; connects to
    /// nothing yet).
    pub fn new(config: &MailConfig) -> Result<Mailer> {
        let from: Mailbox = config.from.parse().map_err(|e| {
            MailError::Config(format!(
                "the sender `{}` is not a mail address ({e})",
                config.from
            ))
        })?;
        let inner = match &config.transport {
            Transport::File { dir } => Inner::File(dir.clone()),
            Transport::Smtp {
                host,
                port,
                security,
                credentials,
                timeout,
                ca_file,
            } => {
                let tls = match security {
                    Security::None => Tls::None,
                    Security::StartTls => Tls::Required(tls_parameters(host, ca_file.as_deref())?),
                    Security::Tls => Tls::Wrapper(tls_parameters(host, ca_file.as_deref())?),
                };
                let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
                    .port(*port)
                    .tls(tls)
                    .timeout(Some(*timeout));
                if let Some(credentials) = credentials {
                    builder = builder.credentials(SmtpCredentials::new(
                        credentials.user.clone(),
                        credentials.password.clone(),
                    ));
                }
                Inner::Smtp(builder.build())
            }
        };
        Ok(Mailer {
            from,
            inner,
            description: config.transport.describe(),
        })
    }

    /// The transport, for logs (no password).
    pub fn describe(&self) -> &str {
        &self.description
    }

    /// Delivers one mail of the outbox to the transport. The error says whether trying again
    /// can help ([`MailError::Deferred`], [`MailError::Unavailable`]) or not
    /// ([`MailError::Rejected`]).
    pub async fn send(&self, mail: &QueuedMail) -> Result<()> {
        let message = message::build(&self.from, mail)?;
        match &self.inner {
            Inner::File(dir) => write_file(dir, mail, &message.formatted()).await,
            Inner::Smtp(transport) => match transport.send(message).await {
                Ok(_) => Ok(()),
                // A refusal of the mail (55x: no such mailbox, 54x: content) is final; one of
                // us (53x: login, 52x: not accepting mail, 50x: protocol) is the
                // configuration's or the server's problem, and every mail would meet it.
                Err(e) if e.is_permanent() && refuses_the_mail(&e) => {
                    Err(MailError::Rejected(smtp_error(&e)))
                }
                Err(e) if e.is_transient() => Err(MailError::Deferred(smtp_error(&e))),
                Err(e) => Err(MailError::Unavailable(format!(
                    "{}: {}",
                    self.description,
                    smtp_error(&e)
                ))),
            },
        }
    }
}

/// Whether a permanent SMTP error concerns the mail (not the login or the server).
fn refuses_the_mail(error: &lettre::transport::smtp::Error) -> bool {
    matches!(
        error.status().map(|code| code.category),
        Some(Category::MailSystem | Category::Unspecified4)
    )
}

/// The error with its causes, which lettre keeps apart ("Connection error: … (refused)").
fn smtp_error(error: &lettre::transport::smtp::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

fn tls_parameters(host: &str, ca_file: Option<&Path>) -> Result<TlsParameters> {
    let mut builder = TlsParameters::builder(host.to_owned());
    if let Some(path) = ca_file {
        let pem = std::fs::read(path).map_err(|e| {
            MailError::Config(format!(
                "mail URL: the CA file {} cannot be read: {e}",
                path.display()
            ))
        })?;
        let certificate = Certificate::from_pem(&pem).map_err(|e| {
            MailError::Config(format!(
                "mail URL: the CA file {} holds no usable certificate: {e}",
                path.display()
            ))
        })?;
        builder = builder.add_root_certificate(certificate);
    }
    builder
        .build_rustls()
        .map_err(|e| MailError::Config(format!("TLS for {host}: {e}")))
}

/// Writes `<dir>/<id>.eml` whole or not at all (a temporary file renamed into place), so a
/// reader never sees half a mail and a mail sent again after a crash replaces its file.
async fn write_file(dir: &Path, mail: &QueuedMail, content: &[u8]) -> Result<()> {
    let unavailable =
        |what: &str, e: std::io::Error| MailError::Unavailable(format!("{what}: {e}"));
    tokio::fs::create_dir_all(dir)
        .await
        .map_err(|e| unavailable(&format!("cannot create {}", dir.display()), e))?;
    let target = dir.join(format!("{}.eml", mail.mail.id));
    let partial = dir.join(format!(".{}.eml.partial", mail.mail.id));
    tokio::fs::write(&partial, content)
        .await
        .map_err(|e| unavailable(&format!("cannot write {}", partial.display()), e))?;
    tokio::fs::rename(&partial, &target)
        .await
        .map_err(|e| unavailable(&format!("cannot write {}", target.display()), e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_transport_urls() {
        assert_eq!(
            Transport::from_url("file://data/mail").unwrap(),
            Transport::File {
                dir: PathBuf::from("data/mail")
            }
        );
        assert_eq!(
            Transport::from_url("file:///var/mail/urbis").unwrap(),
            Transport::File {
                dir: PathBuf::from("/var/mail/urbis")
            }
        );
        assert_eq!(
            Transport::from_url("smtp://office%40city.example:p%3Ass@mail.example.org?timeout=5")
                .unwrap(),
            Transport::Smtp {
                host: "mail.example.org".into(),
                port: 587,
                security: Security::StartTls,
                credentials: Some(Credentials {
                    user: "office@city.example".into(),
                    password: "p:ss".into()
                }),
                timeout: Duration::from_secs(5),
                ca_file: None,
            }
        );
        let Transport::Smtp { port, security, .. } =
            Transport::from_url("smtps://mail.example.org").unwrap()
        else {
            panic!("smtps is SMTP")
        };
        assert_eq!((port, security), (465, Security::Tls));
        let Transport::Smtp {
            host,
            port,
            security,
            credentials,
            ..
        } = Transport::from_url("smtp://127.0.0.1:2525?security=none").unwrap()
        else {
            panic!("smtp is SMTP")
        };
        assert_eq!(
            (host.as_str(), port, security, credentials),
            ("127.0.0.1", 2525, Security::None, None)
        );
    }

    #[test]
    fn refuses_bad_urls_without_showing_passwords() {
        for bad in [
            "mailto://a@b",
            "smtp://user:hunter2@host?security=ssl",
            "smtp://user:hunter2@host?tls=yes",
            "smtp://user:hunter2@host?timeout=-1",
            "file://",
            "smtp://",
        ] {
            let err = Transport::from_url(bad).unwrap_err().to_string();
            assert!(err.starts_with("mail configuration: "), "{bad}: {err}");
            assert!(!err.contains("hunter2"), "{bad}: {err}");
        }
        let creds = Credentials {
            user: "u".into(),
            password: "hunter2".into(),
        };
        assert!(!format!("{creds:?}").contains("hunter2"));
        let config = MailConfig::from_values(Some("smtp://u:hunter2@h"), None, None).unwrap();
        let mailer = Mailer::new(&config).unwrap();
        assert!(!format!("{mailer:?}").contains("hunter2"));
        assert_eq!(mailer.describe(), "SMTP h:587 (starttls) as u");
    }

    #[test]
    fn configuration_has_defaults_and_checks_values() {
        let config = MailConfig::from_values(None, None, None).unwrap();
        assert_eq!(config, MailConfig::default());
        assert_eq!(config.transport.describe(), "files under data/mail");
        let config =
            MailConfig::from_values(None, Some("Forum <office@forum.example>"), Some("0.5"))
                .unwrap();
        assert_eq!(config.poll_interval, Duration::from_millis(500));
        assert!(MailConfig::from_values(None, Some("nobody"), None).is_err());
        assert!(MailConfig::from_values(None, None, Some("often")).is_err());
        assert!(MailConfig::from_values(None, None, Some("0")).is_err());
    }
}
