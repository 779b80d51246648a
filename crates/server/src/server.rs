//! Opening the store a database URL names, seeding the demo, binding the socket and serving.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;

use crate::auth::{self, CodeKey};
use crate::config::Config;
use crate::demo;
use crate::http;
use crate::retention;
use crate::state::{now, AppState, StateOptions};
use crate::store::{PgStore, SqliteStore, Store, StoreError};
use crate::tls::{self, ClientAddr, TlsListener};

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot open the store: {0}")]
    Store(#[from] StoreError),
    #[error("cannot listen: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    CodeKey(String),
    #[error("{0}")]
    Tls(String),
    #[error("{0}")]
    Admin(String),
}

/// The key personal codes are hashed with: the configured one; else, for an SQLite file, the one kept in
/// `<file>.key` beside it (made, 0600, on first start); a random one for an in-memory database. A PostgreSQL
/// server needs it configured, the same on every instance.
pub(crate) async fn code_key<S: Store>(config: &Config, store: &S) -> Result<CodeKey, ServeError> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    if let Some(key) = &config.code_key {
        return Ok(key.clone());
    }
    let sqlite = config.database_url.strip_prefix("sqlite://").or_else(|| config.database_url.strip_prefix("sqlite:"));
    let Some(path) = sqlite.map(|p| p.split('?').next().unwrap_or(p)) else {
        return Err(ServeError::CodeKey(
            "a PostgreSQL server needs FLOORDESK_CODE_KEY or FLOORDESK_CODE_KEY_FILE (the same on every instance)"
                .into(),
        ));
    };
    if path.is_empty() || path.starts_with(':') {
        return Ok(CodeKey::random());
    }
    let file = std::path::PathBuf::from(format!("{path}.key"));
    let unreadable = |e: std::io::Error| ServeError::CodeKey(format!("the code key file {}: {e}", file.display()));
    match std::fs::read_to_string(&file) {
        Ok(secret) => {
            if std::fs::metadata(&file).is_ok_and(|m| m.permissions().mode() & 0o077 != 0) {
                std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).map_err(unreadable)?;
            }
            CodeKey::new(&secret).map_err(|e| ServeError::CodeKey(format!("{}: {e}", file.display())))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // A new key only for a database with no code hashed by a key yet: with one, the key is lost (a moved
            // database, a restore without its key), and a new key would make every code wrong.
            if store.staff().await?.iter().any(|s| auth::is_keyed(&s.code_hash)) {
                return Err(ServeError::CodeKey(format!(
                    "the codes in this database were hashed with a key that is not in {}: put the key back (or set \
                     FLOORDESK_CODE_KEY) rather than start with a new one",
                    file.display()
                )));
            }
            let secret = auth::random_hex(32);
            // Written whole, then named: a crash half-way never leaves a short key behind.
            let partial = file.with_extension("key.partial");
            let _ = std::fs::remove_file(&partial);
            let mut out = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&partial)
                .map_err(unreadable)?;
            std::io::Write::write_all(&mut out, secret.as_bytes()).and_then(|()| out.sync_all()).map_err(unreadable)?;
            std::fs::rename(&partial, &file).map_err(unreadable)?;
            tracing::info!(file = %file.display(), "made the key personal codes are hashed with; keep it with the server, out of database copies");
            CodeKey::new(&secret).map_err(ServeError::CodeKey)
        }
        Err(e) => Err(unreadable(e)),
    }
}

/// What runs beside the router for as long as the server runs.
type Job = std::pin::Pin<Box<dyn Future<Output = ()> + Send>>;

/// The router over an opened store, seeding the demo when asked and the store is empty, and the server's own jobs.
async fn router_over<S: Store>(store: S, config: &Config) -> Result<(Router, bool, Job), ServeError> {
    let code_key = code_key(config, &store).await?;
    let seeded_demo = config.demo && demo::seed_if_empty(&store, &code_key, now()).await?;
    if seeded_demo {
        tracing::info!("seeded demo data");
    }
    let store = Arc::new(store);
    let retention = retention::run(Arc::clone(&store));
    let options = StateOptions {
        demo: config.demo,
        enrolled_devices_only: config.enrolled_devices_only,
        code_key,
        trust_forwarded_for: config.trust_forwarded_for,
    };
    let state = AppState::new(store, options).await?;
    // Other instances sharing a PostgreSQL database change sites and zones too: read them again every minute.
    let places = {
        let state = state.clone();
        async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
            every.tick().await;
            loop {
                every.tick().await;
                state.places_changed().await;
            }
        }
    };
    let rules = {
        let (state, on) = (state.clone(), config.rules);
        async move {
            if on {
                crate::rules::run(state).await;
            }
        }
    };
    let jobs: Job = Box::pin(async move {
        tokio::join!(retention, places, rules);
    });
    Ok((http::app(state, config.ui_dir.clone(), config.tls.is_some()), seeded_demo, jobs))
}

/// A server bound to its socket, ready to run.
pub struct Server {
    listener: tokio::net::TcpListener,
    router: Router,
    seeded_demo: bool,
    /// HTTPS: connections pass a TLS handshake first.
    tls: Option<Arc<tokio_rustls::rustls::ServerConfig>>,
    /// The server's own jobs (retention; the sites and zones read again; the rules), started with it.
    jobs: Job,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("listener", &self.listener).field("https", &self.tls.is_some()).finish()
    }
}

impl Server {
    /// Opens the store the URL names (migrating it, seeding the demo when asked and empty) and binds the socket.
    pub async fn bind(config: &Config) -> Result<Self, ServeError> {
        // The certificate first: a wrong one stops the start before the database is touched.
        let tls = match &config.tls {
            Some(files) => Some(tls::config(&files.cert, &files.key).map_err(ServeError::Tls)?),
            None => None,
        };
        let (router, seeded_demo, jobs) = if config.database_url.starts_with("sqlite:") {
            router_over(SqliteStore::open(&config.database_url).await?, config).await?
        } else {
            router_over(PgStore::open(&config.database_url).await?, config).await?
        };
        let listener = tokio::net::TcpListener::bind(config.listen).await?;
        Ok(Self { listener, router, seeded_demo, tls, jobs })
    }

    /// Whether this start seeded the demo (a fresh store with `demo` set).
    pub fn seeded_demo(&self) -> bool {
        self.seeded_demo
    }

    /// Whether it serves HTTPS (it was given a certificate and key).
    pub fn serves_tls(&self) -> bool {
        self.tls.is_some()
    }

    /// The address the server listens on (useful with port 0).
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` resolves, then finishes the requests under way.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        let app = self.router.into_make_service_with_connect_info::<ClientAddr>();
        // Ends with the server (the handle aborts it when dropped at the end of this function).
        let _jobs = AbortOnDrop(tokio::spawn(self.jobs));
        match self.tls {
            Some(tls) => {
                let listener = TlsListener::new(self.listener, tls)?;
                axum::serve(listener, app).with_graceful_shutdown(shutdown).await
            }
            None => axum::serve(self.listener, app).with_graceful_shutdown(shutdown).await,
        }
    }
}

/// A spawned task that ends when this is dropped.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
