//! The embedded SQLite store: one file, WAL, `synchronous = FULL` so an acknowledged write survives power loss.

use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use crate::store::StoreError;

/// The SQLite implementation of [`crate::Store`] (the queries are in `sql.rs`).
#[derive(Debug)]
pub struct SqliteStore {
    pool: SqlitePool,
    live: crate::store::LiveHub,
    /// SQLite has one writer at a time; op commits queue here rather than spin in SQLite's busy handler.
    writer: Option<tokio::sync::Mutex<()>>,
}

impl SqliteStore {
    /// Opens (creating if missing) the database at `url` (`sqlite://path`) and brings its schema up to date.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
        sqlx::migrate!("migrations/sqlite").run(&pool).await?;
        Ok(Self { pool, live: crate::store::LiveHub::default(), writer: Some(tokio::sync::Mutex::new(())) })
    }
}

// One process owns the file, so changes are announced in-process.
crate::store::sql::impl_sql_store!(
    SqliteStore,
    sqlx::Sqlite,
    serialize_commits = None::<&str>,
    notify_in_transaction = false
);
