//! The server side of SMTP: the accept loop, and one session per connection speaking the
//! protocol.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use rustls::ServerConfig;

use super::tls::Conn;
use super::{IDLE_TIMEOUT, MAX_LINE, Received, Shared, TlsMode, lock};

/// Accepts connections until `stop`: each session on a thread of its own, noted in `open` so
/// that stopping can cut it.
pub(super) fn accept_loop(
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
