//! A minimal HTTP/1.1 client over a plain TCP stream, enough to ask a test server whether it is
//! up or to create a bucket (the kit has no HTTP client of its own).

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A server's answer: the status and the body as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The status code (0 when the status line could not be read).
    pub status: u16,
    /// Everything after the header, lossily decoded.
    pub body: String,
}

/// Sends `method path` with an empty body to `addr` (`Connection: close`) and reads the whole
/// answer, giving up after `timeout`.
pub async fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    timeout: Duration,
) -> std::io::Result<Answer> {
    let exchange = async {
        let mut stream = tokio::net::TcpStream::connect(addr).await?;
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
        stream.write_all(head.as_bytes()).await?;
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).await?;
        Ok::<_, std::io::Error>(bytes)
    };
    let bytes = tokio::time::timeout(timeout, exchange)
        .await
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "no answer in time"))??;
    let text = String::from_utf8_lossy(&bytes);
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    Ok(Answer { status, body })
}
