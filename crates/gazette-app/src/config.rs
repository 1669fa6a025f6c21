//! Gazette's configuration: a TOML file whose every field is documented in
//! `config/gazette.example.toml`, then `GAZETTE_*` environment variables, then command-line
//! flags, each overriding the one before. Unknown fields in the file are errors, so a typo
//! never silently does nothing.

use gazette_store::Location;
use ipnet::IpNet;
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// The whole configuration.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The folder for the SQLite database, uploaded images (`media/`) and other files
    /// Gazette keeps.
    pub data_dir: PathBuf,
    /// The database address (`sqlite://PATH` or `postgres://…`); empty means the SQLite
    /// file `gazette.db` in `data_dir`.
    pub database_url: Option<String>,
    /// The address and port the web server listens on.
    pub listen: SocketAddr,
    /// A theme folder that overrides the default theme file by file.
    pub theme_dir: Option<PathBuf>,
    /// The log filter, such as `info` or `gazette=debug,info`.
    pub log: String,
    /// A file holding the key (at least 32 characters) that signs cookies. Without it the
    /// key is generated once and kept in the database.
    pub secret_key_file: Option<PathBuf>,
    /// HTTP settings.
    pub http: HttpConfig,
    /// Database pool settings.
    pub database: DatabaseConfig,
    /// Outgoing mail; without it Gazette sends none (and offers no reply notifications).
    pub mail: Option<MailSettings>,
}

/// Outgoing mail.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MailSettings {
    /// The SMTP server: `smtp://host:port` (plain, for a local relay),
    /// `smtp://user:password@host:587?tls=required` (STARTTLS) or `smtps://…:465`.
    pub smtp_url: String,
    /// The sender, such as `The Ledger <news@example.org>`.
    pub from: String,
}

impl MailSettings {
    /// The mail crate's form of these settings.
    pub fn to_mail_config(&self) -> gazette_mail::MailConfig {
        gazette_mail::MailConfig {
            smtp_url: self.smtp_url.clone(),
            from: self.from.clone(),
        }
    }
}

/// HTTP settings.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct HttpConfig {
    /// The largest request body accepted, in bytes; larger ones get 413.
    pub max_body_bytes: usize,
    /// Proxies (addresses or CIDR ranges) whose `X-Forwarded-For` header is believed.
    pub trusted_proxies: Vec<IpNet>,
    /// How many bytes of rendered pages, with their compressed forms, the in-memory page
    /// cache may hold.
    pub page_cache_bytes: usize,
}

/// Database pool settings.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseConfig {
    /// Reader connections on SQLite (there is always one writer), or the pool size on
    /// PostgreSQL.
    pub max_connections: u32,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("gazette-data"),
            database_url: None,
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            theme_dir: None,
            log: "info".to_owned(),
            secret_key_file: None,
            http: HttpConfig::default(),
            database: DatabaseConfig::default(),
            mail: None,
        }
    }
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            max_body_bytes: 1024 * 1024,
            trusted_proxies: Vec::new(),
            page_cache_bytes: 64 * 1024 * 1024,
        }
    }
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        Self { max_connections: 8 }
    }
}

/// Why the configuration could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("cannot read the configuration file {path}: {source}")]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is not valid TOML or has a wrong field.
    #[error("the configuration file {path} is not valid: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong, with line and column.
        message: String,
    },
    /// An environment variable has a value that does not fit.
    #[error("the environment variable {name} is not valid: {message}")]
    Environment {
        /// The variable.
        name: String,
        /// What is wrong.
        message: String,
    },
}

impl Config {
    /// Reads a configuration file.
    pub fn from_file(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Unreadable {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_toml(&text, path)
    }

    /// Parses configuration text; `path` is only used in messages.
    pub fn from_toml(text: &str, path: &Path) -> Result<Self, ConfigError> {
        toml::from_str(text).map_err(|error| ConfigError::Invalid {
            path: path.to_path_buf(),
            message: describe_toml_error(text, &error),
        })
    }

    /// Applies `GAZETTE_*` variables from `variables` (usually `std::env::vars()`).
    pub fn apply_environment(
        &mut self,
        variables: impl IntoIterator<Item = (String, String)>,
    ) -> Result<(), ConfigError> {
        for (name, value) in variables {
            let invalid = |message: String| ConfigError::Environment {
                name: name.clone(),
                message,
            };
            match name.as_str() {
                "GAZETTE_DATA_DIR" => self.data_dir = PathBuf::from(value),
                "GAZETTE_DATABASE_URL" => {
                    self.database_url = Some(value).filter(|url| !url.trim().is_empty());
                }
                "GAZETTE_LISTEN" => {
                    self.listen = value.parse().map_err(|_| {
                        invalid(format!(
                            "`{value}` is not an address and port such as 127.0.0.1:8080"
                        ))
                    })?;
                }
                "GAZETTE_THEME_DIR" => self.theme_dir = Some(PathBuf::from(value)),
                "GAZETTE_LOG" => self.log = value,
                "GAZETTE_SECRET_KEY_FILE" => self.secret_key_file = Some(PathBuf::from(value)),
                "GAZETTE_MAX_BODY_BYTES" => {
                    self.http.max_body_bytes = value
                        .parse()
                        .map_err(|_| invalid(format!("`{value}` is not a number of bytes")))?;
                }
                "GAZETTE_PAGE_CACHE_BYTES" => {
                    self.http.page_cache_bytes = value
                        .parse()
                        .map_err(|_| invalid(format!("`{value}` is not a number of bytes")))?;
                }
                "GAZETTE_TRUSTED_PROXIES" => {
                    self.http.trusted_proxies = value
                        .split(',')
                        .map(str::trim)
                        .filter(|part| !part.is_empty())
                        .map(parse_proxy)
                        .collect::<Result<_, _>>()
                        .map_err(invalid)?;
                }
                "GAZETTE_SMTP_URL" => {
                    let from = self.mail.as_ref().map(|mail| mail.from.clone());
                    self.mail = Some(MailSettings {
                        smtp_url: value,
                        from: from.unwrap_or_else(|| "gazette@localhost".to_owned()),
                    });
                }
                "GAZETTE_MAIL_FROM" => match &mut self.mail {
                    Some(mail) => mail.from = value,
                    None => {
                        return Err(invalid(
                            "set GAZETTE_SMTP_URL (or [mail] smtp_url in the file) too; a sender alone sends nothing"
                                .to_owned(),
                        ));
                    }
                },
                "GAZETTE_DATABASE_MAX_CONNECTIONS" => {
                    self.database.max_connections = value
                        .parse()
                        .map_err(|_| invalid(format!("`{value}` is not a whole number")))?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Where uploaded images are kept: `media` in the data folder.
    pub fn media_dir(&self) -> PathBuf {
        self.data_dir.join("media")
    }

    /// Where the database is: `database_url`, or `gazette.db` in the data folder.
    pub fn database_location(&self) -> Result<Location, crate::AppError> {
        match &self.database_url {
            Some(address) => Location::parse(address).map_err(crate::AppError::from),
            None => Ok(Location::sqlite_file(&self.data_dir.join("gazette.db"))),
        }
    }
}

/// Reads `192.0.2.1` as `192.0.2.1/32` and `10.0.0.0/8` as it is.
fn parse_proxy(text: &str) -> Result<IpNet, String> {
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<std::net::IpAddr>().map(IpNet::from))
        .map_err(|_| format!("`{text}` is not an IP address or CIDR range such as 10.0.0.0/8"))
}

/// The TOML error with the line and column it happened at.
fn describe_toml_error(text: &str, error: &toml::de::Error) -> String {
    match error.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before
                .rsplit('\n')
                .next()
                .map_or(0, |last| last.chars().count())
                + 1;
            format!("line {line}, column {column}: {}", error.message())
        }
        None => error.message().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_file_parses_and_matches_the_defaults_it_documents() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config/gazette.example.toml");
        let config = Config::from_file(&path).unwrap();
        let defaults = Config::default();
        assert_eq!(config.http, defaults.http);
        assert_eq!(config.database, defaults.database);
        assert_eq!(config.listen, defaults.listen);
        assert_eq!(config.data_dir, defaults.data_dir);
    }

    #[test]
    fn mail_comes_from_its_section_or_the_environment() {
        let config = Config::from_toml(
            "[mail]\nsmtp_url = \"smtp://127.0.0.1:2525\"\nfrom = \"News <news@example.org>\"\n",
            Path::new("site.toml"),
        )
        .unwrap();
        let mail = config.mail.unwrap();
        assert_eq!(mail.smtp_url, "smtp://127.0.0.1:2525");
        let mut config = Config::default();
        let error = config
            .apply_environment([("GAZETTE_MAIL_FROM".to_owned(), "a@example.org".to_owned())])
            .unwrap_err();
        assert!(error.to_string().contains("GAZETTE_SMTP_URL"), "{error}");
        config
            .apply_environment([
                (
                    "GAZETTE_SMTP_URL".to_owned(),
                    "smtp://127.0.0.1:25".to_owned(),
                ),
                ("GAZETTE_MAIL_FROM".to_owned(), "a@example.org".to_owned()),
            ])
            .unwrap();
        assert_eq!(config.mail.unwrap().from, "a@example.org");
    }

    #[test]
    fn unknown_fields_are_refused_with_their_line() {
        let error = Config::from_toml(
            "listen = \"127.0.0.1:9000\"\n\n[http]\nmax_body = 5\n",
            Path::new("site.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains("site.toml"), "{error}");
        assert!(error.contains("line 4"), "{error}");
        assert!(error.contains("max_body"), "{error}");
    }

    #[test]
    fn environment_overrides_the_file() {
        let mut config =
            Config::from_toml("listen = \"127.0.0.1:9000\"\n", Path::new("x.toml")).unwrap();
        config
            .apply_environment([
                ("GAZETTE_LISTEN".to_owned(), "0.0.0.0:80".to_owned()),
                (
                    "GAZETTE_TRUSTED_PROXIES".to_owned(),
                    "127.0.0.1, 10.0.0.0/8".to_owned(),
                ),
                (
                    "GAZETTE_DATABASE_URL".to_owned(),
                    "postgres://db/site".to_owned(),
                ),
                ("UNRELATED".to_owned(), "x".to_owned()),
            ])
            .unwrap();
        assert_eq!(config.listen.to_string(), "0.0.0.0:80");
        assert_eq!(config.http.trusted_proxies.len(), 2);
        assert!(matches!(
            config.database_location().unwrap(),
            Location::Postgres(_)
        ));
        let error = config
            .apply_environment([("GAZETTE_MAX_BODY_BYTES".to_owned(), "lots".to_owned())])
            .unwrap_err();
        assert!(error.to_string().contains("GAZETTE_MAX_BODY_BYTES"));
    }

    #[test]
    fn the_default_database_is_a_file_in_the_data_folder() {
        let config = Config {
            data_dir: PathBuf::from("/srv/news"),
            ..Config::default()
        };
        assert_eq!(
            config.database_location().unwrap(),
            Location::SqliteFile(PathBuf::from("/srv/news/gazette.db"))
        );
    }
}
