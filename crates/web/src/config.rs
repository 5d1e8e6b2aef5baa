//! `kith serve`'s settings, and `kith retention`'s. Each comes from, in order: a flag, a `KITH_…`
//! environment variable (both read by clap), `DATA_DIR/kith.toml`, or a
//! default for one machine with SQLite. `kith config` prints the result with
//! secrets masked.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// What can be set in `DATA_DIR/kith.toml`; every key is optional. Unknown
/// keys are refused, so a typo is an error at start rather than a setting
/// silently ignored.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub database: Option<String>,
    pub bind: Option<String>,
    pub public_url: Option<String>,
    pub smtp: Option<String>,
    pub mail_from: Option<String>,
    pub site_name: Option<String>,
    pub secret_key: Option<String>,
    pub professional_domains: Option<Vec<String>>,
    pub behind_proxy: Option<bool>,
    pub remembered_searches: Option<usize>,
    pub retention_months: Option<u32>,
    pub retention_short_months: Option<u32>,
    /// The seven SWEMWBS statements, in order, as the organisation's
    /// licence from the University of Warwick gives them (see
    /// [`Settings::swemwbs_items`]).
    pub swemwbs_items: Option<Vec<String>>,
    /// A file of words and phrases that hold a post for a moderator (see
    /// [`Settings::safety`]); relative paths are in DATA_DIR.
    pub moderation_words: Option<String>,
    /// How many days an account counts as new for the safety rules.
    pub new_account_days: Option<u32>,
}

/// Values given on the command line or in the environment (`None`: not given).
#[derive(Debug, Default, Clone)]
pub struct Given {
    pub database: Option<String>,
    pub bind: Option<String>,
    pub public_url: Option<String>,
    pub smtp: Option<String>,
    pub mail_from: Option<String>,
    pub site_name: Option<String>,
    pub secret_key: Option<String>,
    pub professional_domains: Option<Vec<String>>,
    pub behind_proxy: Option<bool>,
    pub remembered_searches: Option<usize>,
    pub retention_months: Option<u32>,
    pub retention_short_months: Option<u32>,
}

/// Every setting, resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    pub data_dir: PathBuf,
    pub database: String,
    pub bind: String,
    /// The address people reach the site at; links in emails start with it,
    /// and cookies are `Secure` when it is `https://`.
    pub public_url: String,
    /// SMTP relay URL; `None` writes emails to `DATA_DIR/outbox` instead.
    pub smtp: Option<String>,
    pub mail_from: String,
    pub site_name: String,
    /// Signs session tokens. `None` here means "use `DATA_DIR/secret.key`",
    /// made on first start; several nodes must share one, so set it there.
    pub secret_key: Option<String>,
    /// Work email domains whose holders are confirmed as professionals at once.
    pub professional_domains: Vec<String>,
    /// Trust `Forwarded` / `X-Forwarded-For` for the client's address (rate
    /// limits). Only behind a reverse proxy: otherwise anyone could claim
    /// any address and slip past the per-address limits.
    pub behind_proxy: bool,
    /// How many recent search answers are kept for searches asked again
    /// before the index changes (for at most ten seconds); 0 keeps none.
    pub remembered_searches: usize,
    /// How long closed referrals are kept before `kith retention`
    /// anonymises them.
    pub retention: referral::Retention,
    /// The SWEMWBS statements. Their wording is licensed, so Kith does not
    /// ship it: an organisation with a licence enters it in `kith.toml`
    /// (`swemwbs_items = ["…", …]`, seven of them). Without it the team can
    /// still use the ONS4 and loneliness questions, which are free.
    pub swemwbs_items: Option<Vec<String>>,
    /// The safety rules for what people write: how long an account is new
    /// (rate-limited, its links held) and the words that hold a post.
    /// Kith's own list (`assets/moderation-words.txt`) unless
    /// `moderation_words` names another file.
    pub safety: community::safety::Rules,
}

/// The longest retention period accepted, in months (100 years): anything
/// longer is a typo, and would overflow the date arithmetic.
const RETENTION_MAX_MONTHS: u32 = 1200;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("could not read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{path} is not valid: {message}")]
    Parse { path: String, message: String },
    #[error("{0}")]
    Invalid(String),
    #[error("could not write the secret key to {path}: {source}")]
    WriteKey { path: String, source: std::io::Error },
}

pub const FILE_NAME: &str = "kith.toml";

/// Reads `DATA_DIR/kith.toml` when it exists.
pub fn read_file(data_dir: &Path) -> Result<FileConfig, ConfigError> {
    let path = data_dir.join(FILE_NAME);
    match std::fs::read_to_string(&path) {
        Ok(text) => toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: path.display().to_string(),
            message: e.to_string(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(FileConfig::default()),
        Err(source) => Err(ConfigError::Read {
            path: path.display().to_string(),
            source,
        }),
    }
}

/// The retention periods, defaulting to [`referral::Retention::default`].
/// Zero is refused (it would anonymise a referral the moment it closed, which
/// is erasure, not retention), and so is a shorter period for referrals the
/// team did no work on that is longer than the ordinary one.
fn retention(months: Option<u32>, short_months: Option<u32>) -> Result<referral::Retention, ConfigError> {
    let default = referral::Retention::default();
    let policy = referral::Retention {
        months: months.unwrap_or(default.months),
        short_months: short_months.unwrap_or(default.short_months.min(months.unwrap_or(u32::MAX))),
    };
    for (name, value) in [
        ("retention months", policy.months),
        ("retention short months", policy.short_months),
    ] {
        if !(1..=RETENTION_MAX_MONTHS).contains(&value) {
            return Err(ConfigError::Invalid(format!(
                "{name} must be between 1 and {RETENTION_MAX_MONTHS}, not {value}"
            )));
        }
    }
    if policy.short_months > policy.months {
        return Err(ConfigError::Invalid(format!(
            "retention short months ({}) must not be more than retention months ({})",
            policy.short_months, policy.months
        )));
    }
    Ok(policy)
}

/// The SWEMWBS statements when given: exactly seven, none blank, each
/// trimmed. A wrong count is refused at start, since scoring a form with a
/// statement missing would give a wrong score.
fn swemwbs_items(items: Option<Vec<String>>) -> Result<Option<Vec<String>>, ConfigError> {
    let Some(items) = items else {
        return Ok(None);
    };
    let items: Vec<String> = items.into_iter().map(|i| i.trim().to_owned()).collect();
    if items.len() != 7 || items.iter().any(String::is_empty) {
        return Err(ConfigError::Invalid(format!(
            "swemwbs_items must be the seven SWEMWBS statements, none blank ({} given)",
            items.iter().filter(|i| !i.is_empty()).count()
        )));
    }
    Ok(Some(items))
}

/// The longest new-account age accepted, in days.
const NEW_ACCOUNT_MAX_DAYS: u32 = 365;

/// The safety rules from the settings: the word list read once, at start.
fn safety(data_dir: &Path, words: Option<&str>, days: Option<u32>) -> Result<community::safety::Rules, ConfigError> {
    use community::safety::{Rules, WordList};
    let mut rules = Rules::default();
    if let Some(days) = days {
        if days > NEW_ACCOUNT_MAX_DAYS {
            return Err(ConfigError::Invalid(format!(
                "new_account_days must be {NEW_ACCOUNT_MAX_DAYS} or fewer"
            )));
        }
        rules.new_account_age = chrono::Duration::days(i64::from(days));
    }
    if let Some(path) = words.map(str::trim).filter(|p| !p.is_empty()) {
        let path = data_dir.join(path);
        let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
            path: path.display().to_string(),
            source,
        })?;
        rules.words = WordList::parse(&text);
    }
    Ok(rules)
}

impl Settings {
    pub fn resolve(data_dir: &Path, given: Given, file: FileConfig) -> Result<Settings, ConfigError> {
        let bind = given.bind.or(file.bind).unwrap_or_else(|| "127.0.0.1:8080".to_owned());
        let public_url = given
            .public_url
            .or(file.public_url)
            .unwrap_or_else(|| format!("http://{bind}/"));
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(ConfigError::Invalid(format!(
                "public URL {public_url:?} must start with http:// or https://"
            )));
        }
        let public_url = format!("{}/", public_url.trim_end_matches('/'));
        let mail_from = given
            .mail_from
            .or(file.mail_from)
            .unwrap_or_else(|| "no-reply@kith.localhost".to_owned());
        mail::EmailAddress::parse(&mail_from).map_err(|e| ConfigError::Invalid(format!("mail from address: {e}")))?;
        let secret_key = given.secret_key.or(file.secret_key).filter(|k| !k.trim().is_empty());
        if let Some(k) = &secret_key {
            if k.len() < 32 {
                return Err(ConfigError::Invalid(
                    "the secret key must be at least 32 characters".into(),
                ));
            }
        }
        let smtp = given.smtp.or(file.smtp).filter(|s| !s.trim().is_empty());
        if let Some(url) = &smtp {
            mail::SmtpSettings::parse(url).map_err(|e| ConfigError::Invalid(e.to_string()))?;
        }
        let retention = retention(
            given.retention_months.or(file.retention_months),
            given.retention_short_months.or(file.retention_short_months),
        )?;
        let swemwbs_items = swemwbs_items(file.swemwbs_items)?;
        let safety = safety(data_dir, file.moderation_words.as_deref(), file.new_account_days)?;
        Ok(Settings {
            data_dir: data_dir.to_path_buf(),
            database: given
                .database
                .or(file.database)
                .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("kith.db").display())),
            bind,
            public_url,
            smtp,
            mail_from,
            site_name: given.site_name.or(file.site_name).unwrap_or_else(|| "Kith".to_owned()),
            secret_key,
            professional_domains: given
                .professional_domains
                .or(file.professional_domains)
                .unwrap_or_else(|| vec!["nhs.net".to_owned()])
                .into_iter()
                .map(|d| d.trim().trim_start_matches('@').to_ascii_lowercase())
                .filter(|d| !d.is_empty())
                .collect(),
            behind_proxy: given.behind_proxy.or(file.behind_proxy).unwrap_or(false),
            remembered_searches: given
                .remembered_searches
                .or(file.remembered_searches)
                .unwrap_or(search::DEFAULT_REMEMBERED_ANSWERS),
            retention,
            swemwbs_items,
            safety,
        })
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// The key that signs sessions: the configured one, or the one kept in
    /// `DATA_DIR/secret.key` (created, readable only by its owner, on first
    /// use).
    pub fn secret_key_bytes(&self) -> Result<Vec<u8>, ConfigError> {
        if let Some(k) = &self.secret_key {
            return Ok(k.as_bytes().to_vec());
        }
        let path = self.data_dir.join("secret.key");
        match std::fs::read_to_string(&path) {
            Ok(k) if k.trim().len() >= 32 => return Ok(k.trim().as_bytes().to_vec()),
            Ok(_) => {
                return Err(ConfigError::Invalid(format!(
                    "{} is shorter than 32 characters",
                    path.display()
                )))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(ConfigError::Read {
                    path: path.display().to_string(),
                    source,
                })
            }
        }
        let key = accounts::token::random_hex(32).map_err(|e| ConfigError::Invalid(e.to_string()))?;
        let write = |path: &Path| -> std::io::Result<()> {
            use std::io::Write;
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            let mut f = options.open(path)?;
            f.write_all(key.as_bytes())?;
            f.sync_all()
        };
        std::fs::create_dir_all(&self.data_dir)
            .and_then(|()| write(&path))
            .map_err(|source| ConfigError::WriteKey {
                path: path.display().to_string(),
                source,
            })?;
        Ok(key.into_bytes())
    }

    /// The settings as `kith config` prints them: secrets masked.
    pub fn describe(&self) -> String {
        let mask_url = |u: &str| match (u.find("://"), u.rfind('@')) {
            (Some(s), Some(at)) if at > s => format!("{}://…{}", &u[..s], &u[at..]),
            _ => u.to_owned(),
        };
        let mut out = String::new();
        let mut line = |k: &str, v: String| out.push_str(&format!("{k:<22} {v}\n"));
        line("data_dir", self.data_dir.display().to_string());
        line("database", mask_url(&self.database));
        line("bind", self.bind.clone());
        line("public_url", self.public_url.clone());
        line(
            "smtp",
            self.smtp.as_deref().map_or_else(
                || format!("(none: emails go to {})", self.data_dir.join("outbox").display()),
                mask_url,
            ),
        );
        line("mail_from", self.mail_from.clone());
        line("site_name", self.site_name.clone());
        line(
            "secret_key",
            if self.secret_key.is_some() {
                "(set, hidden)".to_owned()
            } else {
                format!("(from {})", self.data_dir.join("secret.key").display())
            },
        );
        line("professional_domains", self.professional_domains.join(", "));
        line("behind_proxy", self.behind_proxy.to_string());
        line("remembered_searches", self.remembered_searches.to_string());
        line("retention_months", self.retention.months.to_string());
        line("retention_short_months", self.retention.short_months.to_string());
        line(
            "swemwbs_items",
            if self.swemwbs_items.is_some() {
                "(set: 7 statements)".to_owned()
            } else {
                "(not set: SWEMWBS is not offered)".to_owned()
            },
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_beat_the_file_which_beats_defaults() {
        let dir = Path::new("/tmp/kith-config-test");
        let file: FileConfig = toml::from_str(
            "bind = \"0.0.0.0:9000\"\nsmtp = \"smtp://mail.example.org:587\"\nsite_name = \"Kith Lambeth\"\nprofessional_domains = [\"nhs.net\", \"@lambeth.gov.uk\"]",
        )
        .unwrap();
        let given = Given {
            site_name: Some("Kith Test".into()),
            ..Given::default()
        };
        let s = Settings::resolve(dir, given, file).unwrap();
        assert_eq!(s.bind, "0.0.0.0:9000");
        assert_eq!(s.site_name, "Kith Test");
        assert_eq!(s.public_url, "http://0.0.0.0:9000/");
        assert_eq!(s.professional_domains, vec!["nhs.net", "lambeth.gov.uk"]);
        assert!(s.database.ends_with("kith.db"));
        assert!(!s.secure_cookies());
        let s = Settings::resolve(dir, Given::default(), FileConfig::default()).unwrap();
        assert_eq!(s.bind, "127.0.0.1:8080");
        assert!(s.smtp.is_none());
        assert_eq!(s.remembered_searches, search::DEFAULT_REMEMBERED_ANSWERS);
        let given = Given {
            remembered_searches: Some(0),
            ..Given::default()
        };
        let file: FileConfig = toml::from_str("remembered_searches = 50").unwrap();
        assert_eq!(
            Settings::resolve(dir, given, file.clone()).unwrap().remembered_searches,
            0
        );
        assert_eq!(
            Settings::resolve(dir, Given::default(), file)
                .unwrap()
                .remembered_searches,
            50
        );
    }

    #[test]
    fn bad_settings_are_refused_with_a_reason() {
        let dir = Path::new("/tmp");
        assert!(toml::from_str::<FileConfig>("bnid = \"x\"").is_err());
        for given in [
            Given {
                public_url: Some("ftp://x".into()),
                ..Given::default()
            },
            Given {
                mail_from: Some("nobody".into()),
                ..Given::default()
            },
            Given {
                secret_key: Some("short".into()),
                ..Given::default()
            },
            Given {
                smtp: Some("http://x".into()),
                ..Given::default()
            },
        ] {
            assert!(Settings::resolve(dir, given, FileConfig::default()).is_err());
        }
        let s = Settings::resolve(
            dir,
            Given {
                public_url: Some("https://kith.example.org".into()),
                smtp: Some("smtp://u:secret@relay.example.org:587".into()),
                ..Given::default()
            },
            FileConfig::default(),
        )
        .unwrap();
        assert!(s.secure_cookies());
        assert_eq!(s.public_url, "https://kith.example.org/");
        assert!(!s.describe().contains("secret@"));
    }

    #[test]
    fn retention_periods_default_and_are_checked() {
        let dir = Path::new("/tmp");
        let s = Settings::resolve(dir, Given::default(), FileConfig::default()).unwrap();
        assert_eq!(
            s.retention,
            referral::Retention {
                months: 96,
                short_months: 24
            }
        );
        assert!(s.describe().contains("retention_months       96\n"));
        let file: FileConfig = toml::from_str("retention_months = 120\nretention_short_months = 36").unwrap();
        let given = Given {
            retention_months: Some(60),
            ..Given::default()
        };
        let s = Settings::resolve(dir, given, file).unwrap();
        assert_eq!((s.retention.months, s.retention.short_months), (60, 36));
        // A long period shorter than the default short one takes it along.
        let given = Given {
            retention_months: Some(12),
            ..Given::default()
        };
        let s = Settings::resolve(dir, given, FileConfig::default()).unwrap();
        assert_eq!((s.retention.months, s.retention.short_months), (12, 12));
        for (months, short) in [
            (Some(0), None),
            (None, Some(0)),
            (Some(12), Some(24)),
            (Some(5000), None),
        ] {
            let given = Given {
                retention_months: months,
                retention_short_months: short,
                ..Given::default()
            };
            assert!(
                Settings::resolve(dir, given, FileConfig::default()).is_err(),
                "{months:?} {short:?}"
            );
        }
    }

    #[test]
    fn swemwbs_wording_comes_from_the_file_seven_statements_or_none() {
        let dir = Path::new("/tmp");
        let s = Settings::resolve(dir, Given::default(), FileConfig::default()).unwrap();
        assert_eq!(s.swemwbs_items, None);
        assert!(s.describe().contains("(not set: SWEMWBS is not offered)"));
        let seven: Vec<String> = (1..=7).map(|n| format!(" Placeholder statement {n} ")).collect();
        let file: FileConfig = toml::from_str(&format!("swemwbs_items = {seven:?}")).unwrap();
        let s = Settings::resolve(dir, Given::default(), file).unwrap();
        assert_eq!(s.swemwbs_items.as_ref().unwrap()[6], "Placeholder statement 7");
        let mut blank = seven.clone();
        blank[3] = "  ".to_owned();
        for wrong in [&seven[..6], &blank[..]] {
            let file: FileConfig = toml::from_str(&format!("swemwbs_items = {wrong:?}")).unwrap();
            assert!(Settings::resolve(dir, Given::default(), file).is_err(), "{wrong:?}");
        }
    }

    #[test]
    fn a_secret_key_is_made_once_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let s = Settings::resolve(dir.path(), Given::default(), FileConfig::default()).unwrap();
        let a = s.secret_key_bytes().unwrap();
        assert_eq!(a, s.secret_key_bytes().unwrap());
        assert!(a.len() >= 32);
    }
}
