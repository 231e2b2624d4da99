//! TLS to PostgreSQL with rustls (no OpenSSL: the binary stays
//! self-contained), with libpq's `sslmode` semantics:
//!
//! | mode          | encrypted            | certificate checked                 |
//! |---------------|----------------------|-------------------------------------|
//! | `disable`     | no                   | —                                   |
//! | `prefer`      | when the server can  | no                                  |
//! | `require`     | yes                  | no (as `verify-ca` with a root file)|
//! | `verify-ca`   | yes                  | chain up to a trusted root          |
//! | `verify-full` | yes                  | chain, and the host name it names   |
//!
//! Trusted roots are `sslrootcert=FILE` (PEM), or the system's store
//! when no file is given or `sslrootcert=system`.

use std::path::PathBuf;
use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use tokio_postgres::config::SslMode;
use tokio_postgres_rustls::MakeRustlsConnect;

/// libpq's `sslmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TlsMode {
    Disable,
    #[default]
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl TlsMode {
    /// The mode named as in libpq (`verify-full`, ...).
    pub fn parse(text: &str) -> Option<TlsMode> {
        Some(match text {
            "disable" => TlsMode::Disable,
            "prefer" => TlsMode::Prefer,
            "require" => TlsMode::Require,
            "verify-ca" => TlsMode::VerifyCa,
            "verify-full" => TlsMode::VerifyFull,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            TlsMode::Disable => "disable",
            TlsMode::Prefer => "prefer",
            TlsMode::Require => "require",
            TlsMode::VerifyCa => "verify-ca",
            TlsMode::VerifyFull => "verify-full",
        }
    }

    /// What tokio-postgres must negotiate; the checks are the verifier's.
    pub fn negotiation(self) -> SslMode {
        match self {
            TlsMode::Disable => SslMode::Disable,
            TlsMode::Prefer => SslMode::Prefer,
            _ => SslMode::Require,
        }
    }
}

/// Where the trusted roots come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Roots {
    /// The system's store (`/etc/ssl/certs`, `SSL_CERT_FILE`, ...).
    System,
    /// A PEM file of one or more certificates.
    File(PathBuf),
}

/// The TLS part of a connection's settings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TlsSettings {
    pub mode: TlsMode,
    /// `sslrootcert`, when given.
    pub roots: Option<Roots>,
}

impl TlsSettings {
    /// The mode in force: libpq checks the chain under `require` when a
    /// root file is given (kept for compatibility with old servers' setups).
    pub fn effective(&self) -> TlsMode {
        match (self.mode, &self.roots) {
            (TlsMode::Require, Some(Roots::File(_))) => TlsMode::VerifyCa,
            (mode, _) => mode,
        }
    }

    /// How the settings are shown in a message: `sslmode=verify-full,
    /// roots from ca.pem`.
    pub fn describe(&self) -> String {
        let mode = self.effective();
        let roots = match (&self.roots, mode) {
            (_, TlsMode::Disable | TlsMode::Prefer | TlsMode::Require) => String::new(),
            (Some(Roots::File(p)), _) => format!(", root certificates from {}", p.display()),
            (_, _) => ", the system's root certificates".into(),
        };
        format!("sslmode={}{roots}", mode.name())
    }
}

/// Why TLS cannot be set up.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("cannot read the root certificates in {path}: {reason}")]
    RootFile { path: String, reason: String },
    #[error("{path} holds no PEM certificate (sslrootcert wants the CA's certificate)")]
    NoRoots { path: String },
    #[error(
        "no system root certificates found{0}: give the server's CA with sslrootcert=FILE or PGSSLROOTCERT"
    )]
    NoSystemRoots(String),
    #[error("cannot set up TLS: {0}")]
    Rustls(#[from] rustls::Error),
    #[error("cannot set up certificate checks: {0}")]
    Verifier(#[from] rustls::client::VerifierBuilderError),
}

/// The connector every connection of the store uses (the pool's and the
/// change feed's), built once at start so a bad root file stops the start.
pub fn connector(settings: &TlsSettings) -> Result<MakeRustlsConnect, TlsError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mode = settings.effective();
    let chain = match mode {
        TlsMode::Disable | TlsMode::Prefer | TlsMode::Require => None,
        TlsMode::VerifyCa | TlsMode::VerifyFull => {
            let roots = load_roots(settings.roots.as_ref().unwrap_or(&Roots::System))?;
            let webpki =
                WebPkiServerVerifier::builder_with_provider(roots.into(), provider.clone())
                    .build()?;
            Some(webpki)
        }
    };
    let verifier = Arc::new(Verifier {
        provider: provider.clone(),
        chain,
        name: mode == TlsMode::VerifyFull,
    });
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    Ok(MakeRustlsConnect::new(config))
}

fn load_roots(roots: &Roots) -> Result<RootCertStore, TlsError> {
    let mut store = RootCertStore::empty();
    match roots {
        Roots::File(path) => {
            let shown = path.display().to_string();
            let certs = CertificateDer::pem_file_iter(path)
                .and_then(|it| it.collect::<Result<Vec<_>, _>>())
                .map_err(|e| TlsError::RootFile {
                    path: shown.clone(),
                    reason: pem_reason(e),
                })?;
            for cert in certs {
                store.add(cert).map_err(|e| TlsError::RootFile {
                    path: shown.clone(),
                    reason: e.to_string(),
                })?;
            }
            if store.is_empty() {
                return Err(TlsError::NoRoots { path: shown });
            }
        }
        Roots::System => {
            let found = rustls_native_certs::load_native_certs();
            store.add_parsable_certificates(found.certs);
            if store.is_empty() {
                let why = found
                    .errors
                    .first()
                    .map(|e| format!(" ({e})"))
                    .unwrap_or_default();
                return Err(TlsError::NoSystemRoots(why));
            }
        }
    }
    Ok(store)
}

fn pem_reason(e: rustls::pki_types::pem::Error) -> String {
    match e {
        rustls::pki_types::pem::Error::Io(io) => io.to_string(),
        other => format!("not PEM ({other:?})"),
    }
}

/// The certificate check of a mode. Without `chain` (`prefer`, `require`)
/// the session is encrypted but the certificate is not checked (libpq's
/// meaning); with it, the chain must lead to a trusted root, and with
/// `name` (`verify-full`) the certificate must name the host too. The
/// handshake's signatures are always checked, so the session is with
/// whoever holds the certificate's key.
#[derive(Debug)]
struct Verifier {
    provider: Arc<CryptoProvider>,
    chain: Option<Arc<WebPkiServerVerifier>>,
    name: bool,
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let Some(chain) = &self.chain else {
            return Ok(ServerCertVerified::assertion());
        };
        // webpki checks the chain before the name: a name mismatch means
        // the chain was good, which is all `verify-ca` asks.
        match chain.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) if !self.name => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        let algorithms = &self.provider.signature_verification_algorithms;
        rustls::crypto::verify_tls12_signature(message, cert, dss, algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        let algorithms = &self.provider.signature_verification_algorithms;
        rustls::crypto::verify_tls13_signature(message, cert, dss, algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn modes_read_as_libpq_names_them() {
        for name in ["disable", "prefer", "require", "verify-ca", "verify-full"] {
            assert_eq!(TlsMode::parse(name).unwrap().name(), name);
        }
        assert_eq!(TlsMode::parse("allow"), None);
        assert_eq!(TlsMode::parse("VERIFY-FULL"), None);
    }

    #[test]
    fn require_with_a_root_file_checks_the_chain() {
        let s = TlsSettings {
            mode: TlsMode::Require,
            roots: Some(Roots::File("/x/ca.pem".into())),
        };
        assert_eq!(s.effective(), TlsMode::VerifyCa);
        assert_eq!(
            s.describe(),
            "sslmode=verify-ca, root certificates from /x/ca.pem"
        );
        let system = TlsSettings {
            mode: TlsMode::Require,
            roots: Some(Roots::System),
        };
        assert_eq!(system.effective(), TlsMode::Require);
    }

    #[test]
    fn a_missing_or_empty_root_file_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.pem");
        let settings = |p: &std::path::Path| TlsSettings {
            mode: TlsMode::VerifyFull,
            roots: Some(Roots::File(p.to_path_buf())),
        };
        let e = connector(&settings(&missing)).err().unwrap().to_string();
        assert!(e.contains("missing.pem"), "{e}");
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "no certificate here\n").unwrap();
        let e = connector(&settings(&empty)).err().unwrap().to_string();
        assert!(
            e.contains("empty.pem") && e.contains("no PEM certificate"),
            "{e}"
        );
    }
}
