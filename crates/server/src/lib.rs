//! The FloorDesk central server.
//!
//! `app` builds the router over any [`Store`]; [`Server`] binds it to a socket over the store its database URL names
//! (SQLite, embedded, or PostgreSQL).
//! The binary in `main.rs` only reads [`Config`] and runs a [`Server`] until Ctrl-C or SIGTERM.

pub mod auth;
pub mod demo;
pub mod error;
pub mod knowledge;
pub mod kpi;
pub mod live;
pub mod metrics;
pub mod openapi;
pub mod postgres;
pub mod routes;
mod sql;
pub mod sqlite;
pub mod store;
pub mod stories;
pub mod sync;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::http::{header, HeaderValue};
use axum::routing::{any, delete, get, post, put};
use axum::Router;
use std::collections::HashMap;

use floordesk_domain::{DeadlineTable, SiteId, Timestamp, ZoneId};
use floordesk_protocol::paths;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

pub use crate::postgres::PgStore;
pub use crate::sqlite::SqliteStore;
pub use crate::store::{Store, StoreError};

/// The wall clock of the server, as a domain timestamp. The server is the only place that reads it.
pub fn now() -> Timestamp {
    let since_epoch = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    Timestamp(i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX))
}

/// What every handler shares.
#[derive(Debug)]
pub struct AppState<S> {
    pub store: Arc<S>,
    pub deadlines: Arc<DeadlineTable>,
    /// Which site each zone belongs to.
    pub zones: Arc<HashMap<ZoneId, SiteId>>,
    pub metrics: Arc<metrics::Metrics>,
    /// The store holds demo accounts whose codes the sign-in screen may show.
    pub demo: bool,
    /// Only supervisors may sign in without an enrolled device.
    pub enrolled_devices_only: bool,
}

impl<S> Clone for AppState<S> {
    fn clone(&self) -> Self {
        Self {
            store: Arc::clone(&self.store),
            deadlines: Arc::clone(&self.deadlines),
            zones: Arc::clone(&self.zones),
            metrics: Arc::clone(&self.metrics),
            demo: self.demo,
            enrolled_devices_only: self.enrolled_devices_only,
        }
    }
}

/// The content security policy of the browser build: our own scripts and wasm, nothing from elsewhere.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// The router: the API, and the browser build of the UI when `ui_dir` is given.
pub fn app<S: Store>(state: AppState<S>, ui_dir: Option<PathBuf>) -> Router {
    let metrics = Arc::clone(&state.metrics);
    let api = Router::new()
        .route(paths::HEALTHZ, get(routes::healthz))
        .route(paths::DIRECTORY, get(routes::directory::<S>))
        .route(paths::LOGIN, post(routes::login::<S>))
        .route(paths::LOGOUT, post(routes::logout::<S>))
        .route(paths::TASKS, get(routes::tasks::<S>))
        .route(paths::PUSH, post(sync::push::<S>))
        .route(paths::PULL, get(sync::pull::<S>))
        .route(paths::AUDIT, get(sync::audit::<S>))
        .route(paths::LIVE, get(live::live::<S>))
        .route(paths::DEVICES, get(routes::devices::<S>).post(routes::enrol_device::<S>))
        .route(paths::DEVICE, delete(routes::revoke_device::<S>))
        .route(paths::KPI, get(kpi::kpi::<S>))
        .route(paths::STORIES, get(stories::stories::<S>).post(stories::post_story::<S>))
        .route(paths::STORY_LIKE, put(stories::like_story::<S>).delete(stories::unlike_story::<S>))
        .route(paths::TEMPLATES, get(knowledge::templates::<S>))
        .route(paths::TEMPLATE, put(knowledge::put_template::<S>).delete(knowledge::delete_template::<S>))
        // Unknown API paths and wrong methods answer in JSON, never with the UI's index page.
        .route("/api", any(error::api_not_found))
        .route("/api/{*rest}", any(error::api_not_found))
        .method_not_allowed_fallback(error::method_not_allowed)
        .with_state(state)
        .route(paths::METRICS, get(metrics::render).with_state(Arc::clone(&metrics)))
        .route(paths::OPENAPI, get(openapi::serve).with_state(Arc::new(openapi::document())))
        .layer(axum::middleware::from_fn_with_state(metrics, metrics::count_requests));
    let router = match ui_dir {
        Some(dir) => {
            let index = ServeFile::new(dir.join("index.html"));
            api.fallback_service(ServeDir::new(dir).fallback(index))
        }
        None => api,
    };
    router.layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP)))
}

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

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot open the store: {0}")]
    Store(#[from] StoreError),
    #[error("cannot listen: {0}")]
    Io(#[from] std::io::Error),
}

/// The router over an opened store, seeding the demo when asked and the store is empty.
async fn router_over<S: Store>(store: S, config: &Config) -> Result<(Router, bool), ServeError> {
    let seeded_demo = config.demo && demo::seed_if_empty(&store, now()).await?;
    if seeded_demo {
        tracing::info!("seeded demo data");
    }
    let zones = Arc::new(sync::zone_sites(&store.sites().await?));
    let state = AppState {
        store: Arc::new(store),
        deadlines: Arc::new(DeadlineTable::standard()),
        zones,
        metrics: Arc::default(),
        demo: config.demo,
        enrolled_devices_only: config.enrolled_devices_only,
    };
    Ok((app(state, config.ui_dir.clone()), seeded_demo))
}

/// A server bound to its socket, ready to run.
#[derive(Debug)]
pub struct Server {
    listener: tokio::net::TcpListener,
    router: Router,
    seeded_demo: bool,
}

impl Server {
    /// Opens the store the URL names (migrating it, seeding the demo when asked and empty) and binds the socket.
    pub async fn bind(config: &Config) -> Result<Self, ServeError> {
        let (router, seeded_demo) = if config.database_url.starts_with("sqlite:") {
            router_over(SqliteStore::open(&config.database_url).await?, config).await?
        } else {
            router_over(PgStore::open(&config.database_url).await?, config).await?
        };
        let listener = tokio::net::TcpListener::bind(config.listen).await?;
        Ok(Self { listener, router, seeded_demo })
    }

    /// Whether this start seeded the demo (a fresh store with `demo` set).
    pub fn seeded_demo(&self) -> bool {
        self.seeded_demo
    }

    /// The address the server listens on (useful with port 0).
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` resolves, then finishes the requests under way.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        axum::serve(self.listener, self.router).with_graceful_shutdown(shutdown).await
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
