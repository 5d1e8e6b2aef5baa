//! Helpers shared by the mail integration tests.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use mail::{EmailAddress, Message, Site, WorkerOptions};

pub fn site() -> Site {
    Site {
        name: "Kith".to_owned(),
        url: "https://kith.example.org/".to_owned(),
    }
}

pub fn address(s: &str) -> EmailAddress {
    EmailAddress::parse(s).unwrap()
}

/// A typical notification, with text that survives any transfer encoding.
pub fn listing_published(to: &str) -> mail::Email {
    Message::new("Your listing is published")
        .greeting("Ann")
        .paragraph("Coffee & Chat is now on the site.")
        .action("See your listing", "https://kith.example.org/groups/coffee-and-chat")
        .settings_link("https://kith.example.org/account/emails")
        .render(&site(), address(to), "Ann Lee")
        .unwrap()
}

/// Short times so retries happen within a test's few seconds.
pub fn fast_options() -> WorkerOptions {
    let mut options = WorkerOptions::new(address("hello@kith.example.org"), "Kith");
    options.first_retry = Duration::from_millis(100);
    options.max_retry = Duration::from_millis(300);
    options.poll = Duration::from_millis(200);
    options.lease = Duration::from_secs(20);
    options
}

pub fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// Polls `check` until it is true or `timeout` passes.
pub fn wait_for(timeout: Duration, mut check: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if check() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// Undoes quoted-printable soft line breaks and `=3D`, enough to search a
/// message body for plain words.
pub fn unfold(raw: &str) -> String {
    raw.replace("=\r\n", "").replace("=\n", "").replace("=3D", "=")
}

/// A port nothing listens on (at the moment of asking).
/// Never the same port twice in one test run: the tests run side by side,
/// and one that reserves a port to start its server later must not find
/// another test's server already on it (its mail would land there).
pub fn free_port() -> u16 {
    static GIVEN: std::sync::Mutex<Vec<u16>> = std::sync::Mutex::new(Vec::new());
    let mut given = GIVEN.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        if !given.contains(&port) {
            given.push(port);
            return port;
        }
    }
}

/// A real SMTP server (Debian's aiosmtpd) on loopback that stores what it
/// receives in a maildir. Killed when dropped.
pub struct SmtpSink {
    child: Child,
    pub port: u16,
    pub maildir: PathBuf,
}

impl SmtpSink {
    /// Starts the server on `port` and waits until it accepts connections.
    pub fn start(port: u16, maildir: &Path) -> SmtpSink {
        let python = std::env::var("KITH_TEST_PYTHON").unwrap_or_else(|_| "/usr/bin/python3".to_owned());
        let log = maildir.with_extension("log");
        let child = Command::new(&python)
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {python} -m aiosmtpd (apt-get install python3-aiosmtpd): {e}"));
        let mut sink = SmtpSink {
            child,
            port,
            maildir: maildir.to_owned(),
        };
        let up = wait_for(Duration::from_secs(10), || {
            if let Ok(Some(status)) = sink.child.try_wait() {
                panic!(
                    "aiosmtpd exited with {status}: {}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                );
            }
            TcpStream::connect(("127.0.0.1", port)).is_ok()
        });
        assert!(up, "aiosmtpd did not listen on port {port} within 10 s");
        sink
    }

    /// Every message received so far, as raw text.
    pub fn messages(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.maildir.join("new")) else {
            return Vec::new();
        };
        let mut paths: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
        paths.sort();
        paths.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The decoded content of the base64 attachment named `filename` in a raw
/// message.
pub fn attachment_text(raw: &str, filename: &str) -> String {
    let raw = raw.replace("\r\n", "\n");
    let at = raw
        .find(&format!("filename=\"{filename}\""))
        .unwrap_or_else(|| panic!("no attachment {filename} in {raw}"));
    let part = &raw[at..];
    let headers_end = part.find("\n\n").unwrap();
    let body_start = &part[headers_end + 2..];
    let body: String = body_start
        .lines()
        .take_while(|l| !l.starts_with("--") && !l.is_empty())
        .collect();
    String::from_utf8(base64_decode(&body)).unwrap()
}

fn base64_decode(s: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut bits, mut n) = (0u32, 0);
    for c in s.bytes().filter(|c| !c.is_ascii_whitespace() && *c != b'=') {
        let v = ALPHABET.iter().position(|a| *a == c).expect("base64") as u32;
        bits = (bits << 6) | v;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
            bits &= (1 << n) - 1;
        }
    }
    out
}
