//! How the server is run: defaults, then a config file, then the environment, then flags.

use std::net::SocketAddr;
use std::path::PathBuf;

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
}

impl Config {
    /// Defaults, then a config file (`--config PATH` or `FLOORDESK_CONFIG`), then the environment, then flags: each
    /// later one wins. Errors name the setting, where it came from, and what is expected.
    pub fn load(env: impl Fn(&str) -> Option<String>, args: &[String]) -> Result<Self, String> {
        let mut flag_listen = None;
        let mut flag_database_url = None;
        let mut flag_ui_dir = None;
        let mut flag_demo = false;
        let mut flag_enrolled_only = false;
        let mut flag_config = None;
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = |flag: &str| args.next().cloned().ok_or_else(|| format!("{flag} needs a value"));
            match arg.as_str() {
                "--listen" => flag_listen = Some(value("--listen")?),
                "--database-url" => flag_database_url = Some(value("--database-url")?),
                "--ui-dir" => flag_ui_dir = Some(PathBuf::from(value("--ui-dir")?)),
                "--config" => flag_config = Some(PathBuf::from(value("--config")?)),
                "--demo" => flag_demo = true,
                "--enrolled-devices-only" => flag_enrolled_only = true,
                other => {
                    return Err(format!(
                        "unknown argument `{other}`; expected --config FILE, --listen HOST:PORT, --database-url URL, \
                         --ui-dir DIR, --demo, --enrolled-devices-only"
                    ))
                }
            }
        }
        let file = match flag_config.or_else(|| env("FLOORDESK_CONFIG").map(PathBuf::from)) {
            Some(path) => {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("cannot read the config file {}: {e}", path.display()))?;
                toml::from_str::<FileConfig>(&text)
                    .map_err(|e| format!("the config file {} is not valid: {e}", path.display()))?
            }
            None => FileConfig::default(),
        };
        let (listen, listen_from) = match (flag_listen, env("FLOORDESK_LISTEN"), file.listen) {
            (Some(v), _, _) => (v, "--listen"),
            (None, Some(v), _) => (v, "FLOORDESK_LISTEN"),
            (None, None, Some(v)) => (v, "`listen` in the config file"),
            (None, None, None) => ("127.0.0.1:8080".into(), "the default listen address"),
        };
        let database_url = flag_database_url
            .or_else(|| env("FLOORDESK_DATABASE_URL"))
            .or(file.database_url)
            .unwrap_or_else(|| "sqlite://floordesk.db".into());
        let ui_dir = flag_ui_dir.or_else(|| env("FLOORDESK_UI_DIR").map(PathBuf::from)).or(file.ui_dir);
        let switch = |flag: bool, var: &str, from_file: Option<bool>| {
            flag || match env(var) {
                Some(v) => matches!(v.as_str(), "1" | "true" | "yes"),
                None => from_file.unwrap_or(false),
            }
        };
        let demo = switch(flag_demo, "FLOORDESK_DEMO", file.demo);
        let enrolled_devices_only =
            switch(flag_enrolled_only, "FLOORDESK_ENROLLED_DEVICES_ONLY", file.enrolled_devices_only);
        let listen = listen.parse().map_err(|e| format!("{listen_from} `{listen}` is not HOST:PORT: {e}"))?;
        if !["sqlite:", "postgres://", "postgresql://"].iter().any(|scheme| database_url.starts_with(scheme)) {
            return Err(format!(
                "database URL `{database_url}` is not supported; use sqlite://PATH or postgres://USER@HOST/DB"
            ));
        }
        Ok(Self { listen, database_url, ui_dir, demo, enrolled_devices_only })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| (*v).to_string())
    }

    #[test]
    fn config_defaults_then_env_then_flags() {
        let c = Config::load(env(&[]), &[]).unwrap();
        assert_eq!(c.listen, "127.0.0.1:8080".parse().unwrap());
        assert_eq!(c.database_url, "sqlite://floordesk.db");
        assert!(!c.demo);
        let c = Config::load(env(&[("FLOORDESK_LISTEN", "127.0.0.1:9000"), ("FLOORDESK_DEMO", "1")]), &[]).unwrap();
        assert_eq!(c.listen.port(), 9000);
        assert!(c.demo);
        let args = ["--listen".to_string(), "127.0.0.1:0".into(), "--ui-dir".into(), "/x".into()];
        let c = Config::load(env(&[("FLOORDESK_LISTEN", "127.0.0.1:9000")]), &args).unwrap();
        assert_eq!(c.listen.port(), 0);
        assert_eq!(c.ui_dir, Some(PathBuf::from("/x")));
        assert!(!c.enrolled_devices_only);
        let c = Config::load(env(&[("FLOORDESK_ENROLLED_DEVICES_ONLY", "1")]), &[]).unwrap();
        assert!(c.enrolled_devices_only);
        let c = Config::load(env(&[]), &["--enrolled-devices-only".into()]).unwrap();
        assert!(c.enrolled_devices_only);
    }

    #[test]
    fn a_config_file_sits_between_the_defaults_and_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("floordesk.toml");
        std::fs::write(&file, "listen = \"127.0.0.1:7000\"\ndatabase_url = \"postgres://fd@db/fd\"\ndemo = true\n")
            .unwrap();
        let path = file.display().to_string();
        let c = Config::load(env(&[("FLOORDESK_CONFIG", &path)]), &[]).unwrap();
        assert_eq!((c.listen.port(), c.database_url.as_str(), c.demo), (7000, "postgres://fd@db/fd", true));
        let c = Config::load(
            env(&[("FLOORDESK_LISTEN", "127.0.0.1:7001"), ("FLOORDESK_DEMO", "0")]),
            &["--config".into(), path.clone()],
        )
        .unwrap();
        assert_eq!((c.listen.port(), c.demo), (7001, false));
        std::fs::write(&file, "listen = \"127.0.0.1:7000\"\nport = 1\n").unwrap();
        let e = Config::load(env(&[("FLOORDESK_CONFIG", &path)]), &[]).unwrap_err();
        assert!(e.contains(&path) && e.contains("unknown field `port`"), "{e}");
        std::fs::write(&file, "listen = \"nowhere\"\n").unwrap();
        let e = Config::load(env(&[("FLOORDESK_CONFIG", &path)]), &[]).unwrap_err();
        assert!(e.starts_with("`listen` in the config file `nowhere`"), "{e}");
        let e = Config::load(env(&[("FLOORDESK_CONFIG", "/no/such/file.toml")]), &[]).unwrap_err();
        assert!(e.starts_with("cannot read the config file /no/such/file.toml"), "{e}");
    }

    #[test]
    fn config_errors_name_the_bad_value() {
        let e = Config::load(env(&[("FLOORDESK_LISTEN", "nowhere")]), &[]).unwrap_err();
        assert!(e.starts_with("FLOORDESK_LISTEN `nowhere`"), "{e}");
        let e = Config::load(env(&[]), &["--listen".into(), "8080".into()]).unwrap_err();
        assert!(e.starts_with("--listen `8080`"), "{e}");
        let e = Config::load(env(&[]), &["--port".into()]).unwrap_err();
        assert!(e.contains("`--port`"), "{e}");
        let e = Config::load(env(&[]), &["--listen".into()]).unwrap_err();
        assert!(e.contains("--listen needs a value"), "{e}");
        let e = Config::load(env(&[("FLOORDESK_DATABASE_URL", "mysql://x")]), &[]).unwrap_err();
        assert!(e.contains("mysql://x"), "{e}");
        let c = Config::load(env(&[("FLOORDESK_DATABASE_URL", "postgres://fd@db/floordesk")]), &[]).unwrap();
        assert_eq!(c.database_url, "postgres://fd@db/floordesk");
    }
}
