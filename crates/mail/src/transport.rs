//! Where the worker hands finished messages: files, an SMTP server, or memory.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::SmtpTransport;

use crate::MailError;

/// How long one SMTP conversation may stall before it counts as a failure
/// (and is retried later). Keep it well under the worker's claim lease.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// Where messages go. Chosen by configuration:
/// - no SMTP setting: [`Transport::file`] under the data folder, so a fresh
///   install works (and its emails can be read) without a mail server;
/// - `--smtp URL`: [`Transport::from_url`];
/// - unit tests: [`Transport::memory`].
#[derive(Clone)]
pub enum Transport {
    /// One `.eml` file per message in `dir`.
    File { dir: PathBuf },
    /// An SMTP relay. `described` is the URL with the password masked.
    Smtp {
        transport: Box<SmtpTransport>,
        described: String,
    },
    /// Kept in memory for tests to inspect.
    Memory(MemoryOutbox),
}

/// A failed hand-over. `permanent` failures (the server refused the
/// recipient or the message) are not retried; everything else is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendError {
    pub permanent: bool,
    pub message: String,
}

impl SendError {
    fn temporary(message: impl fmt::Display) -> SendError {
        SendError {
            permanent: false,
            message: message.to_string(),
        }
    }
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// TLS for an SMTP URL's `tls=` setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    /// Plain SMTP, then STARTTLS, which must succeed (port 587 by default).
    StartTls,
    /// TLS from the first byte, "SMTPS" (port 465 by default).
    Tls,
    /// No encryption (port 25 by default): only for a relay on the same
    /// machine or a private network.
    None,
}

/// An SMTP setting as parsed from its URL, before any connection is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    pub username: Option<String>,
    pub password: Option<String>,
}

impl SmtpSettings {
    /// Reads `smtp://[user[:password]@]host[:port][?tls=starttls|tls|none]`
    /// (or `smtps://…`, meaning `tls=tls`). User and password are
    /// percent-decoded, so a password with `@` or `:` is written `%40`, `%3A`.
    ///
    /// Without `tls=`, a loopback host (`127.0.0.1`, `::1`, `localhost`) gets
    /// no TLS, because a local relay or test sink rarely has a certificate,
    /// and any other host gets STARTTLS, so credentials and mail never cross
    /// a network in clear unless the setting says so.
    pub fn parse(url: &str) -> Result<SmtpSettings, MailError> {
        let invalid = |reason: &str| MailError::InvalidSmtpUrl {
            url: mask_password(url),
            reason: reason.to_owned(),
        };
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| invalid("it must start with smtp://"))?;
        let implicit_tls = match scheme.to_ascii_lowercase().as_str() {
            "smtp" => false,
            "smtps" => true,
            _ => return Err(invalid("it must start with smtp:// or smtps://")),
        };
        let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
        let authority = rest.split('/').next().unwrap_or_default();
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, authority),
        };
        let (host, port) = split_host_port(hostport).ok_or_else(|| invalid("the port is not a number"))?;
        if host.is_empty() {
            return Err(invalid("it has no host name"));
        }
        let mut tls = None;
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            match pair.split_once('=') {
                Some(("tls", value)) => {
                    tls = Some(match value.to_ascii_lowercase().as_str() {
                        "starttls" => TlsMode::StartTls,
                        "tls" => TlsMode::Tls,
                        "none" => TlsMode::None,
                        _ => return Err(invalid("tls= must be starttls, tls or none")),
                    })
                }
                _ => return Err(invalid("the only setting after ? is tls=starttls|tls|none")),
            }
        }
        let loopback = matches!(host.as_str(), "localhost" | "::1") || host.starts_with("127.");
        let tls = match (tls, implicit_tls) {
            (Some(TlsMode::Tls) | None, true) => TlsMode::Tls,
            (Some(_), true) => return Err(invalid("smtps:// always uses TLS")),
            (Some(mode), false) => mode,
            (None, false) if loopback => TlsMode::None,
            (None, false) => TlsMode::StartTls,
        };
        let port = port.unwrap_or(match tls {
            TlsMode::StartTls => 587,
            TlsMode::Tls => 465,
            TlsMode::None => 25,
        });
        let (username, password) = match userinfo {
            None => (None, None),
            Some(info) => {
                let (user, pass) = match info.split_once(':') {
                    Some((u, p)) => (u, Some(p)),
                    None => (info, None),
                };
                let decode = |s: &str| percent_decode(s).ok_or_else(|| invalid("bad %-escape in user or password"));
                (Some(decode(user)?), pass.map(decode).transpose()?)
            }
        };
        Ok(SmtpSettings {
            host,
            port,
            tls,
            username,
            password,
        })
    }

    /// The setting with the password masked, for logs and `kith config`.
    pub fn describe(&self) -> String {
        let user = match (&self.username, &self.password) {
            (Some(u), Some(_)) => format!("{u}:***@"),
            (Some(u), None) => format!("{u}@"),
            _ => String::new(),
        };
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        let tls = match self.tls {
            TlsMode::StartTls => "starttls",
            TlsMode::Tls => "tls",
            TlsMode::None => "none",
        };
        format!("smtp://{user}{host}:{}?tls={tls}", self.port)
    }
}

impl Transport {
    /// Writes messages as `.eml` files into `dir`, creating it when needed.
    pub fn file(dir: impl AsRef<Path>) -> Transport {
        Transport::File {
            dir: dir.as_ref().to_path_buf(),
        }
    }

    /// The default when no SMTP server is configured: `DATA_DIR/outbox`.
    pub fn from_settings(smtp_url: Option<&str>, data_dir: &Path) -> Result<Transport, MailError> {
        match smtp_url.map(str::trim).filter(|u| !u.is_empty()) {
            Some(url) => Transport::from_url(url),
            None => Ok(Transport::file(data_dir.join("outbox"))),
        }
    }

    /// An SMTP relay from its URL; see [`SmtpSettings::parse`]. Nothing is
    /// connected yet: an unreachable server shows up as retried sends.
    pub fn from_url(url: &str) -> Result<Transport, MailError> {
        let settings = SmtpSettings::parse(url)?;
        let tls_parameters =
            || TlsParameters::new(settings.host.clone()).map_err(|e| MailError::Transport(e.to_string()));
        let tls = match settings.tls {
            TlsMode::None => Tls::None,
            TlsMode::StartTls => Tls::Required(tls_parameters()?),
            TlsMode::Tls => Tls::Wrapper(tls_parameters()?),
        };
        let mut builder = SmtpTransport::builder_dangerous(settings.host.clone())
            .port(settings.port)
            .tls(tls)
            .timeout(Some(SMTP_TIMEOUT));
        if let Some(user) = &settings.username {
            builder = builder.credentials(Credentials::new(
                user.clone(),
                settings.password.clone().unwrap_or_default(),
            ));
        }
        Ok(Transport::Smtp {
            transport: Box::new(builder.build()),
            described: settings.describe(),
        })
    }

    /// Keeps messages in memory; the returned handle shows what was sent.
    pub fn memory() -> (Transport, MemoryOutbox) {
        let outbox = MemoryOutbox::default();
        (Transport::Memory(outbox.clone()), outbox)
    }

    /// What this transport is, without secrets, for logs and `kith config`.
    pub fn describe(&self) -> String {
        match self {
            Transport::File { dir } => format!("files in {}", dir.display()),
            Transport::Smtp { described, .. } => described.clone(),
            Transport::Memory(_) => "memory".to_owned(),
        }
    }

    /// Hands one message over. `key` names it stably (the worker uses the
    /// outbox row), so a retry after a crash overwrites the same file rather
    /// than adding a second one.
    pub fn send(&self, message: &lettre::Message, key: &str) -> Result<(), SendError> {
        match self {
            Transport::File { dir } => {
                std::fs::create_dir_all(dir).map_err(SendError::temporary)?;
                // Written aside and renamed, so a reader of the folder never
                // sees half a message.
                let tmp = dir.join(format!(".{key}.eml.tmp"));
                std::fs::write(&tmp, message.formatted()).map_err(SendError::temporary)?;
                std::fs::rename(&tmp, dir.join(format!("{key}.eml"))).map_err(SendError::temporary)
            }
            Transport::Smtp { transport, .. } => lettre::Transport::send(transport.as_ref(), message)
                .map(|_| ())
                .map_err(|e| SendError {
                    permanent: refuses_this_message(&e),
                    message: error_chain(&e),
                }),
            Transport::Memory(outbox) => outbox.push(key, message),
        }
    }
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Transport({})", self.describe())
    }
}

/// One message the memory transport received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentMessage {
    pub key: String,
    /// Envelope recipients.
    pub to: Vec<String>,
    /// The whole message as it would go over the wire.
    pub raw: String,
}

#[derive(Debug, Default)]
struct MemoryState {
    sent: Vec<SentMessage>,
    failure: Option<SendError>,
}

/// The shared inbox behind [`Transport::memory`]. It can also be told to
/// fail, to test retries without a network.
#[derive(Debug, Clone, Default)]
pub struct MemoryOutbox(Arc<Mutex<MemoryState>>);

impl MemoryOutbox {
    pub fn messages(&self) -> Vec<SentMessage> {
        self.lock().sent.clone()
    }

    /// From now on every send fails with `message` (retried unless
    /// `permanent`), until [`MemoryOutbox::succeed`].
    pub fn fail(&self, message: &str, permanent: bool) {
        self.lock().failure = Some(SendError {
            permanent,
            message: message.to_owned(),
        });
    }

    pub fn succeed(&self) {
        self.lock().failure = None;
    }

    fn push(&self, key: &str, message: &lettre::Message) -> Result<(), SendError> {
        let mut state = self.lock();
        if let Some(failure) = &state.failure {
            return Err(failure.clone());
        }
        state.sent.push(SentMessage {
            key: key.to_owned(),
            to: message.envelope().to().iter().map(ToString::to_string).collect(),
            raw: String::from_utf8_lossy(&message.formatted()).into_owned(),
        });
        Ok(())
    }

    /// A panic elsewhere while holding the lock leaves the data intact (a
    /// Vec push cannot half-happen), so poisoning is ignored.
    fn lock(&self) -> std::sync::MutexGuard<'_, MemoryState> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Only 55x replies ("mailbox unavailable", "transaction failed") are
/// about this message or recipient, so only they stop the retries. Other
/// permanent replies, such as 535 for bad credentials, are about our own
/// settings: retrying lets the queue drain once the setting is fixed.
fn refuses_this_message(e: &lettre::transport::smtp::Error) -> bool {
    e.is_permanent() && e.status().is_some_and(|code| code.to_string().starts_with("55"))
}

/// The error and its causes, e.g. "Connection error: Connection refused
/// (os error 111)", for the outbox row's `last_error`.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
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

/// `host`, `host:port`, `[v6]` or `[v6]:port`; `None` for a bad port.
fn split_host_port(s: &str) -> Option<(String, Option<u16>)> {
    let (host, port) = if let Some(rest) = s.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        (host, after.strip_prefix(':'))
    } else {
        match s.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (s, None),
        }
    };
    let port = match port {
        Some(p) => Some(p.parse::<u16>().ok().filter(|p| *p != 0)?),
        None => None,
    };
    Some((host.to_ascii_lowercase(), port))
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Best effort for error messages about a URL that did not parse.
fn mask_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    match rest[..authority_end].rsplit_once('@') {
        Some((info, host)) => {
            let user = info
                .split_once(':')
                .map(|(u, _)| format!("{u}:***"))
                .unwrap_or_else(|| info.to_owned());
            format!("{scheme}://{user}@{host}{}", &rest[authority_end..])
        }
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_smtp_urls() {
        let s = SmtpSettings::parse("smtp://user%40example.org:p%3Ass@Mail.Example.org:2587?tls=starttls").unwrap();
        assert_eq!(
            s,
            SmtpSettings {
                host: "mail.example.org".to_owned(),
                port: 2587,
                tls: TlsMode::StartTls,
                username: Some("user@example.org".to_owned()),
                password: Some("p:ss".to_owned()),
            }
        );
        assert_eq!(
            s.describe(),
            "smtp://user@example.org:***@mail.example.org:2587?tls=starttls"
        );

        let s = SmtpSettings::parse("smtp://127.0.0.1:2525").unwrap();
        assert_eq!((s.port, s.tls, s.username), (2525, TlsMode::None, None));
        let s = SmtpSettings::parse("smtp://mail.example.org").unwrap();
        assert_eq!((s.port, s.tls), (587, TlsMode::StartTls));
        let s = SmtpSettings::parse("smtps://u:p@mail.example.org").unwrap();
        assert_eq!((s.port, s.tls), (465, TlsMode::Tls));
        let s = SmtpSettings::parse("smtp://mail.example.org?tls=none").unwrap();
        assert_eq!((s.port, s.tls), (25, TlsMode::None));
        let s = SmtpSettings::parse("smtp://[::1]:2525").unwrap();
        assert_eq!((s.host.as_str(), s.port, s.tls), ("::1", 2525, TlsMode::None));
    }

    #[test]
    fn refuses_bad_smtp_urls_without_showing_the_password() {
        for bad in [
            "mail.example.org",
            "http://mail.example.org",
            "smtp://",
            "smtp://host:port",
            "smtp://host:0",
            "smtp://host?tls=maybe",
            "smtp://host?timeout=5",
            "smtps://host?tls=none",
            "smtp://u:secret%zz@host",
        ] {
            match SmtpSettings::parse(bad) {
                Err(e) => assert!(!e.to_string().contains("secret"), "{e}"),
                Ok(s) => panic!("{bad} parsed as {s:?}"),
            }
        }
    }

    #[test]
    fn builds_each_transport() {
        assert!(Transport::from_url("smtp://u:secret@mail.example.org?tls=tls").is_ok());
        let t = Transport::from_url("smtp://u:secret@mail.example.org").unwrap();
        assert!(!format!("{t:?}").contains("secret"));
        let t = Transport::from_settings(None, Path::new("/var/lib/kith")).unwrap();
        assert_eq!(t.describe(), "files in /var/lib/kith/outbox");
        let t = Transport::from_settings(Some("smtp://127.0.0.1:2525"), Path::new("/x")).unwrap();
        assert_eq!(t.describe(), "smtp://127.0.0.1:2525?tls=none");
    }
}
