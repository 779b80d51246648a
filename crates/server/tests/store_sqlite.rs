//! The conformance suite on the embedded SQLite store (a fresh file per case).

mod conformance;

use floordesk_server::SqliteStore;

/// A fresh store in a file of its own, removed with the returned dir.
async fn fresh() -> (SqliteStore, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&format!("sqlite://{}", dir.path().join("store.db").display())).await.unwrap();
    (store, dir)
}

conformance_suite!(fresh().await);
