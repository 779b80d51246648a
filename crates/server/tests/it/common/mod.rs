//! Booting the real server over either store, for the integration tests.

use std::sync::atomic::{AtomicU32, Ordering};

use floordesk_client::Client;
use floordesk_server::store::{Seed, Store};
use floordesk_server::{Config, PgStore, Server, SqliteStore};
use sqlx::Connection;

/// Which store a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// A fresh, empty PostgreSQL database on the cluster `cargo xtask test` started.
pub async fn fresh_postgres_url() -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let admin = std::env::var("FLOORDESK_TEST_POSTGRES_URL")
        .expect("FLOORDESK_TEST_POSTGRES_URL is not set: run with `cargo xtask test` (it starts PostgreSQL)");
    let name = format!("fd_{}_{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst));
    let mut conn = sqlx::PgConnection::connect(&admin).await.expect("the test cluster is up");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(base, _)| base);
    format!("{base}/{name}")
}

/// A database URL of a fresh, empty store (a SQLite file in `dir`, or a new PostgreSQL database).
pub async fn fresh_url(db: Db, dir: &std::path::Path) -> String {
    match db {
        Db::Sqlite => format!("sqlite://{}", dir.join("central.db").display()),
        Db::Postgres => fresh_postgres_url().await,
    }
}

/// Writes `seed` into the store at `url` (before a server opens it).
pub async fn seed(url: &str, seed: &Seed) {
    if url.starts_with("sqlite:") {
        SqliteStore::open(url).await.unwrap().seed(seed).await.unwrap();
    } else {
        PgStore::open(url).await.unwrap().seed(seed).await.unwrap();
    }
}

/// A server on 127.0.0.1:0, stopped when dropped.
pub struct Running {
    pub client: Client,
    pub base: String,
    pub url: String,
    _dir: tempfile::TempDir,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// The key the test servers hash personal codes with (seeds that hash with it sign in at once).
pub fn code_key() -> floordesk_server::auth::CodeKey {
    floordesk_server::auth::CodeKey::new("floordesk-tests-0123456789abcdef0123456789").unwrap()
}

/// Boots a server over a fresh store, seeded with `seed_with` first when given.
pub async fn boot(db: Db, demo: bool, ui_dir: Option<std::path::PathBuf>, seed_with: Option<Seed>) -> Running {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_url(db, dir.path()).await;
    if let Some(s) = &seed_with {
        seed(&url, s).await;
    }
    boot_on(url, dir, demo, ui_dir).await
}

/// Boots a server over the store at `url` (another instance may share it); `dir` lives as long as the server.
pub async fn boot_on(url: String, dir: tempfile::TempDir, demo: bool, ui_dir: Option<std::path::PathBuf>) -> Running {
    boot_config(Config { ui_dir, ..config(url, demo) }, dir).await
}

/// The configuration of a test server over `url`: port 0, the tests' code key, the rules off (a test of the rules
/// turns them on: the others count changes exactly).
pub fn config(database_url: String, demo: bool) -> Config {
    Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        database_url,
        ui_dir: None,
        demo,
        enrolled_devices_only: false,
        code_key: Some(code_key()),
        trust_forwarded_for: false,
        tls: None,
        rules: false,
    }
}

/// Boots a server with `config` (its listen address should be port 0); `dir` lives as long as the server.
pub async fn boot_config(config: Config, dir: tempfile::TempDir) -> Running {
    let url = config.database_url.clone();
    let server = Server::bind(&config).await.unwrap();
    let base = format!("http://{}", server.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(server.run(async move {
        let _ = stopped.await;
    }));
    Running { client: Client::new(&base), base, url, _dir: dir, stop: Some(stop) }
}

/// Runs an async test body once per store: `both_stores!(name, |db| async move { … })` makes `name_sqlite` and
/// `name_postgres` (the latter needs the cluster of `cargo xtask test`).
#[macro_export]
macro_rules! both_stores {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn sqlite() {
                ($body)(common::Db::Sqlite).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            #[ignore = "needs PostgreSQL: run by `cargo xtask test`"]
            async fn postgres() {
                ($body)(common::Db::Postgres).await;
            }
        }
    };
}

/// A raw HTTP/1.1 request, for what the typed client cannot produce. Returns the status and the whole response.
pub async fn raw(base: &str, method: &str, path: &str, content_type: Option<&str>, body: &str) -> (u16, String) {
    let headers = content_type.map(|c| format!("Content-Type: {c}\r\n")).unwrap_or_default();
    send_raw(base, method, path, &headers, body).await
}

/// A raw JSON request with an `Authorization` header.
pub async fn raw_with(base: &str, method: &str, path: &str, authorization: &str, body: &str) -> (u16, String) {
    let headers = format!("Content-Type: application/json\r\nAuthorization: {authorization}\r\n");
    send_raw(base, method, path, &headers, body).await
}

pub async fn send_raw(base: &str, method: &str, path: &str, headers: &str, body: &str) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let status = response.split(' ').nth(1).unwrap().parse().unwrap();
    (status, response)
}
