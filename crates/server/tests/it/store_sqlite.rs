//! The conformance suite on the embedded SQLite store (a fresh file per case).

use crate::conformance;
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
    let mut before =
        sqlx::migrate::Migrator::new(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite"))
            .await
            .unwrap();
    before.migrations = before.migrations.iter().filter(|m| m.version < 4).cloned().collect::<Vec<_>>().into();
    before.run(&pool).await.unwrap();
    for (sql, params) in conformance::rows_before_the_upgrade() {
        params.iter().fold(sqlx::query(sql), |q, p| q.bind(p)).execute(&pool).await.unwrap();
    }
    pool.close().await;
    conformance::a_task_closed_before_the_upgrade_is_found_by_when_it_closed(SqliteStore::open(&url).await.unwrap())
        .await;
}
