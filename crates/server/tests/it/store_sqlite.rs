//! The conformance suite on the embedded SQLite store (a fresh file per case).

use crate::conformance;
use floordesk_server::store::Store;
use floordesk_server::SqliteStore;

/// A fresh store in a file of its own, removed with the returned dir.
async fn fresh() -> (SqliteStore, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&format!("sqlite://{}", dir.path().join("store.db").display())).await.unwrap();
    (store, dir)
}

conformance_suite!(fresh().await);

/// Migration 4 fills in `closed_at` for the tasks a store held before it.
#[tokio::test]
async fn the_upgrade_fills_in_when_earlier_tasks_closed() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("store.db").display());
    let options =
        <sqlx::sqlite::SqliteConnectOptions as std::str::FromStr>::from_str(&url).unwrap().create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    let mut before = sqlx::migrate::Migrator::new(std::path::Path::new("migrations/sqlite")).await.unwrap();
    before.migrations = before.migrations.iter().filter(|m| m.version < 4).cloned().collect::<Vec<_>>().into();
    before.run(&pool).await.unwrap();
    for (sql, params) in conformance::rows_before_the_upgrade() {
        params.iter().fold(sqlx::query(sql), |q, p| q.bind(p)).execute(&pool).await.unwrap();
    }
    pool.close().await;
    conformance::a_task_closed_before_the_upgrade_is_found_by_when_it_closed(SqliteStore::open(&url).await.unwrap())
        .await;
}

/// The database holds personal codes' hashes and visitors' details: only the server's own user may read it.
#[tokio::test]
async fn the_database_file_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mode = |name: &str| std::fs::metadata(dir.path().join(name)).unwrap().permissions().mode() & 0o777;
    let (fresh, open) = (dir.path().join("fresh.db"), dir.path().join("open.db"));
    let store = SqliteStore::open(&format!("sqlite://{}", fresh.display())).await.unwrap();
    store.sites().await.unwrap();
    assert_eq!(mode("fresh.db"), 0o600, "created for its owner");
    assert_eq!(mode("fresh.db-wal"), 0o600, "and so is its write-ahead log");
    std::fs::write(&open, b"").unwrap();
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o644)).unwrap();
    SqliteStore::open(&format!("sqlite://{}", open.display())).await.unwrap();
    assert_eq!(mode("open.db"), 0o600, "a file open to others is tightened");
}
