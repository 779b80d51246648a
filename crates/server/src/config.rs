//! How the server is run: defaults, then a config file, then the environment, then flags. The flags and their
//! variables are read by clap (`floordesk-server --help` lists them).

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::parser::ValueSource;

use crate::auth::CodeKey;
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser};

/// How the server is run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Address to listen on (`FLOORDESK_LISTEN`, `--listen`); port 0 picks a free port.
    pub listen: SocketAddr,
    /// Database URL (`FLOORDESK_DATABASE_URL`, `--database-url`): `sqlite://floordesk.db` (embedded, the default) or
    /// `postgres://user@host/db` (several server instances sharing one database).
    pub database_url: String,
    /// Folder with the browser build of the UI (`FLOORDESK_UI_DIR`, `--ui-dir`); none serves the API only.
    pub ui_dir: Option<PathBuf>,
    /// Seed demo data into an empty database and show demo codes (`FLOORDESK_DEMO=1`, `--demo`).
    pub demo: bool,
    /// Admit administrators and coordinators only on enrolled devices (`FLOORDESK_ENROLLED_DEVICES_ONLY=1`,
    /// `--enrolled-devices-only`); supervisors may always sign in from a browser.
    pub enrolled_devices_only: bool,
    /// The secret personal codes are hashed with (`FLOORDESK_CODE_KEY`, or a file named by `FLOORDESK_CODE_KEY_FILE`,
    /// `--code-key-file` or `code_key_file`): at least 32 characters, the same on every instance sharing a database.
    /// Without it an SQLite server keeps a generated one in `<database>.key` beside its file; a PostgreSQL one
    /// refuses to start.
    pub code_key: Option<CodeKey>,
    /// Take the client's address from the last `X-Forwarded-For` hop (`FLOORDESK_TRUST_FORWARDED_FOR=1`,
    /// `--trust-forwarded-for`): only behind a reverse proxy that sets it, or anyone could pick their address.
    pub trust_forwarded_for: bool,
    /// Serve HTTPS with this certificate and key (`FLOORDESK_TLS_CERT` and `FLOORDESK_TLS_KEY`, `--tls-cert` and
    /// `--tls-key`, `tls_cert` and `tls_key`; both or neither): PEM files, the chain first. Without them plain HTTP,
    /// for loopback or behind a reverse proxy that terminates TLS.
    pub tls: Option<TlsFiles>,
    /// Run the sites' rules (`FLOORDESK_RULES`, `--rules`, `rules`; on by default): reminders, escalations, dispatch
    /// and the tasks rules make. Off only to look at a store as it is (tests that count changes exactly).
    pub rules: bool,
}

/// A PEM certificate chain and its PEM private key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// What a config file (TOML) may set; every key is optional.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    listen: Option<String>,
    database_url: Option<String>,
    ui_dir: Option<PathBuf>,
    demo: Option<bool>,
    enrolled_devices_only: Option<bool>,
    code_key_file: Option<PathBuf>,
    trust_forwarded_for: Option<bool>,
    tls_cert: Option<PathBuf>,
    tls_key: Option<PathBuf>,
    rules: Option<bool>,
}

/// The flags, each with its variable (a flag wins over its variable).
#[derive(Debug, Parser)]
#[command(name = "floordesk-server", version, about = "The FloorDesk central server.")]
struct Flags {
    /// A TOML file with any of the settings below (lower precedence than the variables and flags).
    #[arg(long, env = "FLOORDESK_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
    /// Address to listen on; port 0 picks a free port [default: 127.0.0.1:8080].
    #[arg(long, env = "FLOORDESK_LISTEN", value_name = "HOST:PORT")]
    listen: Option<String>,
    /// sqlite://PATH (embedded) or postgres://USER@HOST/DB (several instances sharing one database)
    /// [default: sqlite://floordesk.db].
    #[arg(long, env = "FLOORDESK_DATABASE_URL", value_name = "URL")]
    database_url: Option<String>,
    /// Folder with the browser build of the UI; without it only the API is served.
    #[arg(long, env = "FLOORDESK_UI_DIR", value_name = "DIR")]
    ui_dir: Option<PathBuf>,
    /// Seed demo data into an empty database and show demo codes.
    #[arg(long, env = "FLOORDESK_DEMO", num_args = 0..=1, default_missing_value = "true",
          value_parser = clap::builder::BoolishValueParser::new(), value_name = "BOOL")]
    demo: Option<bool>,
    /// Admit administrators and coordinators only on enrolled devices (supervisors may always sign in).
    #[arg(long, env = "FLOORDESK_ENROLLED_DEVICES_ONLY", num_args = 0..=1, default_missing_value = "true",
          value_parser = clap::builder::BoolishValueParser::new(), value_name = "BOOL")]
    enrolled_devices_only: Option<bool>,
    /// A file holding the secret personal codes are hashed with (at least 32 characters; FLOORDESK_CODE_KEY may hold
    /// the secret itself).
    #[arg(long, env = "FLOORDESK_CODE_KEY_FILE", value_name = "FILE")]
    code_key_file: Option<PathBuf>,
    /// Take the client's address from the last X-Forwarded-For hop (only behind a reverse proxy that sets it).
    #[arg(long, env = "FLOORDESK_TRUST_FORWARDED_FOR", num_args = 0..=1, default_missing_value = "true",
          value_parser = clap::builder::BoolishValueParser::new(), value_name = "BOOL")]
    trust_forwarded_for: Option<bool>,
    /// Serve HTTPS with this PEM certificate chain (with --tls-key).
    #[arg(long, env = "FLOORDESK_TLS_CERT", value_name = "FILE")]
    tls_cert: Option<PathBuf>,
    /// The PEM private key of --tls-cert.
    #[arg(long, env = "FLOORDESK_TLS_KEY", value_name = "FILE")]
    tls_key: Option<PathBuf>,
    /// Run the sites' rules (reminders, escalations, dispatch) [default: true].
    #[arg(long, env = "FLOORDESK_RULES", num_args = 0..=1, default_missing_value = "true",
          value_parser = clap::builder::BoolishValueParser::new(), value_name = "BOOL")]
    rules: Option<bool>,
}

/// Why the configuration could not be read.
#[derive(Debug)]
pub enum ConfigError {
    /// `--help` or `--version` was asked for: print this and exit successfully.
    Shown(String),
    /// A setting is wrong: the message names it, where it came from, and what is expected.
    Invalid(String),
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigError::Shown(text) | ConfigError::Invalid(text) => f.write_str(text),
        }
    }
}

impl Config {
    /// Defaults, then a config file (`--config PATH` or `FLOORDESK_CONFIG`), then the environment, then flags: each
    /// later one wins. `args` are the arguments after the program's name; the variables are the process's.
    pub fn load(args: &[String]) -> Result<Self, ConfigError> {
        let matches = Flags::command()
            .try_get_matches_from(std::iter::once("floordesk-server".to_owned()).chain(args.iter().cloned()))
            .map_err(|e| match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ConfigError::Shown(e.render().to_string())
                }
                _ => ConfigError::Invalid(e.render().to_string().trim_end().to_owned()),
            })?;
        let flags = Flags::from_arg_matches(&matches).map_err(|e| ConfigError::Invalid(e.to_string()))?;
        Self::from_flags(flags, &matches).map_err(ConfigError::Invalid)
    }

    fn from_flags(flags: Flags, matches: &ArgMatches) -> Result<Self, String> {
        let file = match &flags.config {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("cannot read the config file {}: {e}", path.display()))?;
                toml::from_str::<FileConfig>(&text)
                    .map_err(|e| format!("the config file {} is not valid: {e}", path.display()))?
            }
            None => FileConfig::default(),
        };
        let (listen, listen_from) = match (flags.listen, file.listen) {
            (Some(v), _) => {
                let from = match matches.value_source("listen") {
                    Some(ValueSource::EnvVariable) => "FLOORDESK_LISTEN",
                    _ => "--listen",
                };
                (v, from)
            }
            (None, Some(v)) => (v, "`listen` in the config file"),
            (None, None) => ("127.0.0.1:8080".into(), "the default listen address"),
        };
        let database_url = flags.database_url.or(file.database_url).unwrap_or_else(|| "sqlite://floordesk.db".into());
        let ui_dir = flags.ui_dir.or(file.ui_dir);
        let demo = flags.demo.or(file.demo).unwrap_or(false);
        let enrolled_devices_only = flags.enrolled_devices_only.or(file.enrolled_devices_only).unwrap_or(false);
        let listen = listen.parse().map_err(|e| format!("{listen_from} `{listen}` is not HOST:PORT: {e}"))?;
        if !["sqlite:", "postgres://", "postgresql://"].iter().any(|scheme| database_url.starts_with(scheme)) {
            return Err(format!(
                "database URL `{database_url}` is not supported; use sqlite://PATH or postgres://USER@HOST/DB"
            ));
        }
        let trust_forwarded_for = flags.trust_forwarded_for.or(file.trust_forwarded_for).unwrap_or(false);
        // The secret itself only from the environment (never a flag, which `ps` shows), else from a file.
        let code_key = match (std::env::var("FLOORDESK_CODE_KEY").ok(), flags.code_key_file.or(file.code_key_file)) {
            (Some(secret), _) => Some(CodeKey::new(&secret).map_err(|e| format!("FLOORDESK_CODE_KEY: {e}"))?),
            (None, Some(path)) => {
                let secret = std::fs::read_to_string(&path)
                    .map_err(|e| format!("cannot read the code key file {}: {e}", path.display()))?;
                Some(CodeKey::new(&secret).map_err(|e| format!("the code key file {}: {e}", path.display()))?)
            }
            (None, None) => None,
        };
        let tls = match (flags.tls_cert.or(file.tls_cert), flags.tls_key.or(file.tls_key)) {
            (Some(cert), Some(key)) => Some(TlsFiles { cert, key }),
            (None, None) => None,
            _ => {
                return Err(
                    "HTTPS needs both a certificate and its key (FLOORDESK_TLS_CERT and FLOORDESK_TLS_KEY)".into()
                )
            }
        };
        let rules = flags.rules.or(file.rules).unwrap_or(true);
        Ok(Self {
            listen,
            database_url,
            ui_dir,
            demo,
            enrolled_devices_only,
            code_key,
            trust_forwarded_for,
            tls,
            rules,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The variables the server reads.
    const VARS: [&str; 12] = [
        "FLOORDESK_RULES",
        "FLOORDESK_TLS_CERT",
        "FLOORDESK_TLS_KEY",
        "FLOORDESK_CODE_KEY",
        "FLOORDESK_CODE_KEY_FILE",
        "FLOORDESK_TRUST_FORWARDED_FOR",
        "FLOORDESK_CONFIG",
        "FLOORDESK_LISTEN",
        "FLOORDESK_DATABASE_URL",
        "FLOORDESK_UI_DIR",
        "FLOORDESK_DEMO",
        "FLOORDESK_ENROLLED_DEVICES_ONLY",
    ];

    /// Loads the configuration from `args` with exactly `vars` set among the server's variables (one test at a time
    /// touches the process's environment).
    fn load(vars: &[(&str, &str)], args: &[&str]) -> Result<Config, String> {
        static ENV: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _one = ENV.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        for var in VARS {
            std::env::remove_var(var);
        }
        for (var, value) in vars {
            std::env::set_var(var, value);
        }
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        let loaded = Config::load(&args).map_err(|e| e.to_string());
        for var in VARS {
            std::env::remove_var(var);
        }
        loaded
    }

    #[test]
    fn config_defaults_then_env_then_flags() {
        let c = load(&[], &[]).unwrap();
        assert_eq!(c.listen, "127.0.0.1:8080".parse().unwrap());
        assert_eq!(c.database_url, "sqlite://floordesk.db");
        assert!(!c.demo);
        let c = load(&[("FLOORDESK_LISTEN", "127.0.0.1:9000"), ("FLOORDESK_DEMO", "1")], &[]).unwrap();
        assert_eq!(c.listen.port(), 9000);
        assert!(c.demo);
        let c =
            load(&[("FLOORDESK_LISTEN", "127.0.0.1:9000")], &["--listen", "127.0.0.1:0", "--ui-dir", "/x"]).unwrap();
        assert_eq!(c.listen.port(), 0);
        assert_eq!(c.ui_dir, Some(PathBuf::from("/x")));
        assert!(!c.enrolled_devices_only);
        let c = load(&[("FLOORDESK_ENROLLED_DEVICES_ONLY", "1")], &[]).unwrap();
        assert!(c.enrolled_devices_only);
        let c = load(&[], &["--enrolled-devices-only"]).unwrap();
        assert!(c.enrolled_devices_only);
        let c = load(&[("FLOORDESK_DEMO", "1")], &["--demo", "false"]).unwrap();
        assert!(!c.demo, "a flag wins over its variable");
        assert_eq!((c.code_key.is_none(), c.trust_forwarded_for), (true, false));
        let c =
            load(&[("FLOORDESK_CODE_KEY", "0123456789abcdef0123456789abcdef")], &["--trust-forwarded-for"]).unwrap();
        assert!(c.code_key.is_some() && c.trust_forwarded_for);
        let e = load(&[("FLOORDESK_CODE_KEY", "short")], &[]).unwrap_err();
        assert!(e.contains("FLOORDESK_CODE_KEY") && e.contains("at least 32"), "{e}");
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("code.key");
        std::fs::write(&file, "fedcba9876543210fedcba9876543210\n").unwrap();
        let c = load(&[], &["--code-key-file", &file.display().to_string()]).unwrap();
        assert!(c.code_key.is_some() && c.tls.is_none());
        let c = load(&[("FLOORDESK_TLS_CERT", "/etc/fd/cert.pem")], &["--tls-key", "/etc/fd/key.pem"]).unwrap();
        let files = TlsFiles { cert: "/etc/fd/cert.pem".into(), key: "/etc/fd/key.pem".into() };
        assert_eq!(c.tls, Some(files));
        let e = load(&[("FLOORDESK_TLS_CERT", "/etc/fd/cert.pem")], &[]).unwrap_err();
        assert!(e.contains("both a certificate and its key"), "{e}");
    }

    #[test]
    fn a_config_file_sits_between_the_defaults_and_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("floordesk.toml");
        std::fs::write(&file, "listen = \"127.0.0.1:7000\"\ndatabase_url = \"postgres://fd@db/fd\"\ndemo = true\n")
            .unwrap();
        let path = file.display().to_string();
        let c = load(&[("FLOORDESK_CONFIG", &path)], &[]).unwrap();
        assert_eq!((c.listen.port(), c.database_url.as_str(), c.demo), (7000, "postgres://fd@db/fd", true));
        let c = load(&[("FLOORDESK_LISTEN", "127.0.0.1:7001"), ("FLOORDESK_DEMO", "0")], &["--config", &path]).unwrap();
        assert_eq!((c.listen.port(), c.demo), (7001, false));
        std::fs::write(&file, "listen = \"127.0.0.1:7000\"\nport = 1\n").unwrap();
        let e = load(&[("FLOORDESK_CONFIG", &path)], &[]).unwrap_err();
        assert!(e.contains(&path) && e.contains("unknown field `port`"), "{e}");
        std::fs::write(&file, "listen = \"nowhere\"\n").unwrap();
        let e = load(&[("FLOORDESK_CONFIG", &path)], &[]).unwrap_err();
        assert!(e.starts_with("`listen` in the config file `nowhere`"), "{e}");
        let e = load(&[("FLOORDESK_CONFIG", "/no/such/file.toml")], &[]).unwrap_err();
        assert!(e.starts_with("cannot read the config file /no/such/file.toml"), "{e}");
    }

    #[test]
    fn config_errors_name_the_bad_value() {
        let e = load(&[("FLOORDESK_LISTEN", "nowhere")], &[]).unwrap_err();
        assert!(e.starts_with("FLOORDESK_LISTEN `nowhere`"), "{e}");
        let e = load(&[], &["--listen", "8080"]).unwrap_err();
        assert!(e.starts_with("--listen `8080`"), "{e}");
        let e = load(&[], &["--port"]).unwrap_err();
        assert!(e.contains("unexpected argument '--port'"), "{e}");
        let e = load(&[], &["--listen"]).unwrap_err();
        assert!(e.contains("a value is required for '--listen <HOST:PORT>'"), "{e}");
        let e = load(&[("FLOORDESK_DEMO", "maybe")], &[]).unwrap_err();
        assert!(e.contains("maybe") && e.contains("--demo"), "{e}");
        let e = load(&[("FLOORDESK_DATABASE_URL", "mysql://x")], &[]).unwrap_err();
        assert!(e.contains("mysql://x"), "{e}");
        let c = load(&[("FLOORDESK_DATABASE_URL", "postgres://fd@db/floordesk")], &[]).unwrap();
        assert_eq!(c.database_url, "postgres://fd@db/floordesk");
    }

    #[test]
    fn help_lists_every_flag_with_its_variable() {
        let Err(ConfigError::Shown(help)) = Config::load(&["--help".to_owned()]) else { panic!("--help shows help") };
        for var in VARS {
            assert!(help.contains(var), "{var} in:\n{help}");
        }
    }
}
