//! Tests of the test SMTP server, spoken to byte by byte over a real TCP connection.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside `#[test]` functions, too

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use urbis_testkit::smtp::{SmtpOptions, TestSmtp, TlsMode};

/// A bare SMTP client: writes command lines, reads (multi-line) replies.
struct Client {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

impl Client {
    fn connect(server: &TestSmtp) -> Client {
        let stream = TcpStream::connect(server.addr()).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut client = Client {
            reader: BufReader::new(stream.try_clone().unwrap()),
            writer: stream,
        };
        assert_eq!(client.reply().0, 220);
        client
    }

    /// Reads one reply: its code and its lines' texts.
    fn reply(&mut self) -> (u16, String) {
        let mut text = Vec::new();
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line).unwrap();
            assert!(
                line.ends_with("\r\n"),
                "reply lines end with CRLF: {line:?}"
            );
            let code: u16 = line[..3].parse().unwrap();
            text.push(line[4..].trim_end().to_owned());
            if line.as_bytes()[3] == b' ' {
                return (code, text.join("\n"));
            }
        }
    }

    fn send(&mut self, line: &str) -> (u16, String) {
        self.writer
            .write_all(format!("{line}\r\n").as_bytes())
            .unwrap();
        self.reply()
    }
}

#[test]
fn speaks_smtp_and_keeps_what_it_accepts() {
    let server = TestSmtp::start();
    server.refuse_recipient("gone@city.example", 550, "5.1.1 no such mailbox");
    let mut c = Client::connect(&server);
    assert_eq!(c.send("MAIL FROM:<a@forum.example>").0, 503, "EHLO first");
    let (code, ehlo) = c.send("EHLO client.example");
    assert_eq!(code, 250);
    assert!(ehlo.contains("8BITMIME") && ehlo.contains("SIZE"), "{ehlo}");
    assert!(
        !ehlo.contains("AUTH") && !ehlo.contains("STARTTLS"),
        "{ehlo}"
    );
    assert_eq!(c.send("NOOP").0, 250);
    assert_eq!(c.send("RCPT TO:<b@city.example>").0, 503, "MAIL first");
    assert_eq!(c.send("DATA").0, 503, "RCPT first");
    assert_eq!(c.send("MAIL FROM:a@forum.example").0, 501, "angle brackets");
    assert_eq!(c.send("mail from:<dropped@forum.example>").0, 250);
    assert_eq!(c.send("RSET").0, 250);
    assert_eq!(c.send("MAIL FROM:<a@forum.example> SIZE=100").0, 250);
    assert_eq!(c.send("RCPT TO:<b@city.example>").0, 250);
    assert_eq!(c.send("RCPT TO:<gone@city.example>").0, 550);
    assert_eq!(c.send("RCPT TO:<c@city.example>").0, 250);
    assert_eq!(c.send("DATA").0, 354);
    let (code, text) =
        c.send("Subject: dots\r\n\r\n..a line that starts with a dot\r\n...\r\nend\r\n.");
    assert_eq!(code, 250, "{text}");
    assert_eq!(c.send("BOGUS").0, 500);
    assert_eq!(c.send("QUIT").0, 221);
    let mut rest = Vec::new();
    c.reader.read_to_end(&mut rest).unwrap();
    assert!(rest.is_empty(), "the server closes after QUIT");

    let messages = server.messages();
    assert_eq!(messages.len(), 1);
    let m = &messages[0];
    assert_eq!(m.helo, "client.example");
    assert_eq!(m.mail_from, "a@forum.example");
    assert_eq!(m.rcpt_to, ["b@city.example", "c@city.example"]);
    assert!(!m.tls);
    assert_eq!(
        m.text(),
        "Subject: dots\r\n\r\n.a line that starts with a dot\r\n..\r\nend\r\n"
    );
    assert_eq!(server.sessions(), 1);
}

#[test]
fn a_stopped_server_refuses_connections_and_comes_back_on_its_port() {
    let server = TestSmtp::start();
    let deliver = |subject: &str| {
        let mut c = Client::connect(&server);
        c.send("HELO client");
        c.send("MAIL FROM:<a@forum.example>");
        c.send("RCPT TO:<b@city.example>");
        c.send("DATA");
        assert_eq!(c.send(&format!("Subject: {subject}\r\n\r\nx\r\n.")).0, 250);
        c.send("QUIT");
    };
    deliver("one");
    let port = server.port();

    // An open session is cut when the server stops.
    let mut open = Client::connect(&server);
    server.stop();
    assert!(!server.is_running());
    let mut buf = [0_u8; 64];
    let cut = open.reader.read(&mut buf);
    assert!(matches!(cut, Ok(0) | Err(_)), "{cut:?}");
    let refused = TcpStream::connect(server.addr()).unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::ConnectionRefused);

    server.restart();
    assert!(server.is_running());
    assert_eq!(server.port(), port);
    deliver("two");
    let subjects: Vec<String> = server
        .messages()
        .iter()
        .map(|m| m.text().lines().next().unwrap().to_owned())
        .collect();
    assert_eq!(subjects, ["Subject: one", "Subject: two"]);
}

#[test]
fn auth_plain_is_required_when_configured() {
    let server = TestSmtp::start_with_auth("office", "pw");
    let mut c = Client::connect(&server);
    assert!(c.send("EHLO client").1.contains("AUTH PLAIN"));
    assert_eq!(c.send("MAIL FROM:<a@forum.example>").0, 530);
    // "\0office\0wrong" and "\0office\0pw", base64.
    assert_eq!(c.send("AUTH PLAIN AG9mZmljZQB3cm9uZw==").0, 535);
    assert_eq!(c.send("AUTH PLAIN").0, 334);
    assert_eq!(c.send("AG9mZmljZQBwdw==").0, 235);
    assert_eq!(c.send("MAIL FROM:<a@forum.example>").0, 250);
    assert_eq!(c.send("RCPT TO:<b@city.example>").0, 250);
    assert_eq!(c.send("DATA").0, 354);
    assert_eq!(c.send("Subject: x\r\n\r\nx\r\n.").0, 250);
    assert_eq!(server.messages()[0].auth_user.as_deref(), Some("office"));
}

#[test]
fn starttls_is_offered_and_required_when_configured() {
    let server = TestSmtp::start_with(SmtpOptions {
        auth: None,
        tls: TlsMode::StartTls,
    });
    assert!(
        server
            .ca_pem()
            .unwrap()
            .starts_with("-----BEGIN CERTIFICATE-----")
    );
    assert!(server.ca_file().unwrap().exists());
    let mut c = Client::connect(&server);
    assert!(c.send("EHLO client").1.contains("STARTTLS"));
    assert_eq!(c.send("MAIL FROM:<a@forum.example>").0, 530);
    assert_eq!(c.send("STARTTLS").0, 220);
    // What follows is a TLS handshake, which the mail tests exercise with a real client.
    assert!(TestSmtp::start().ca_pem().is_none());
}

#[tokio::test]
async fn waits_for_messages_and_says_how_many_came() {
    let server = TestSmtp::start();
    let waiting = tokio::spawn(async move {
        server.wait_for(1, Duration::from_millis(200)).await;
    });
    let panic = waiting.await.unwrap_err();
    let message = panic
        .into_panic()
        .downcast::<String>()
        .map(|s| *s)
        .unwrap_or_default();
    assert!(message.contains("received 0 of 1"), "{message}");
}
