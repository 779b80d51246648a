//! Opening the store a database URL names, seeding the demo, binding the socket and serving.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;

use crate::config::Config;
use crate::demo;
use crate::http;
use crate::state::{now, sites_of, zones_of, AppState};
use crate::store::{PgStore, SqliteStore, Store, StoreError};

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
    let sites = store.sites().await?;
    let hours = store.opening_hours().await?;
    let state = AppState {
        store: Arc::new(store),
        zones: Arc::new(zones_of(&sites)),
        sites: Arc::new(sites_of(&sites, &hours, now())),
        metrics: Arc::default(),
        demo: config.demo,
        enrolled_devices_only: config.enrolled_devices_only,
        task_locks: Arc::default(),
    };
    Ok((http::app(state, config.ui_dir.clone()), seeded_demo))
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
