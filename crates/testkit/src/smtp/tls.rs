//! TLS for the test server: a throwaway certificate authority with a certificate for
//! `localhost`, and connections plain or inside TLS.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::{ServerConfig, ServerConnection, StreamOwned};

use crate::Error;

/// Makes a throwaway certificate authority and a server certificate it issued for `localhost`
/// and `127.0.0.1`, and the TLS settings that present it.
pub(super) fn tls_setup() -> Result<(Arc<ServerConfig>, (String, tempfile::NamedTempFile)), Error> {
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
pub(super) enum Conn {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ServerConnection, TcpStream>>),
}

impl Conn {
    /// Wraps the connection into TLS (the handshake runs with the first read or write).
    pub(super) fn into_tls(self, config: &Arc<ServerConfig>) -> std::io::Result<Conn> {
        match self {
            Conn::Plain(tcp) => {
                let session =
                    ServerConnection::new(config.clone()).map_err(std::io::Error::other)?;
                Ok(Conn::Tls(Box::new(StreamOwned::new(session, tcp))))
            }
            tls @ Conn::Tls(_) => Ok(tls),
        }
    }

    /// True inside TLS (then STARTTLS is refused and AUTH allowed).
    pub(super) fn is_tls(&self) -> bool {
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
