//! The embedded SQLite store: one file, WAL, `synchronous = FULL` so an acknowledged write survives power loss.

use std::str::FromStr;
use std::sync::Arc;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use crate::store::group::Committer;
use crate::store::{LiveHub, StoreError};

/// The SQLite implementation of [`crate::Store`] (the queries are in `sql.rs`).
#[derive(Debug)]
pub struct SqliteStore {
    pool: SqlitePool,
    live: Arc<LiveHub>,
    /// SQLite has one writer at a time; groups of ops and every other write queue here, in turn, rather than spin
    /// in SQLite's busy handler.
    writer: Option<Arc<tokio::sync::Mutex<()>>>,
    /// Writes ops in groups (`group.rs`).
    committer: Committer,
}

impl SqliteStore {
    /// Opens (creating if missing) the database at `url` (`sqlite://path`) and brings its schema up to date.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true);
        if !(url.contains(":memory:") || url.contains("mode=memory")) {
            only_for_the_owner(options.get_filename())?;
        }
        // Each connection is a thread of sqlx's and each statement two hand-offs to it: a few connections switch
        // less than many (8 → 4: 1,000 devices 2,315 → 2,724 ops/s, bench/README.md). Three for reads, one of the
        // committer's own, so a group never waits for a connection behind the reads of the pushes that wait for it.
        // No ping before a connection is handed out (sqlx still pings one given back): a file's connection cannot
        // hang up, and the ping was a round trip to its thread on every read (issue 15, fourteenth session).
        let reads = SqlitePoolOptions::new().max_connections(3).test_before_acquire(false);
        let pool = reads.connect_with(options.clone()).await?;
        sqlx::migrate!("migrations/sqlite").run(&pool).await?;
        let groups =
            SqlitePoolOptions::new().max_connections(1).test_before_acquire(false).connect_with(options).await?;
        let live = Arc::new(LiveHub::default());
        let writer = Some(Arc::new(tokio::sync::Mutex::new(())));
        let committer = Self::committer(groups, Arc::clone(&live), writer.clone());
        Ok(Self { pool, live, writer, committer })
    }
}

/// Makes the database file readable and writable by the server's own user only (0600): created so when missing,
/// tightened (and said so) when found open to others. SQLite gives its `-wal` and `-shm` files the same mode.
fn only_for_the_owner(path: &std::path::Path) -> Result<(), StoreError> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    if path.as_os_str().is_empty() {
        return Ok(());
    }
    match std::fs::metadata(path) {
        Ok(meta) if meta.permissions().mode() & 0o077 != 0 => {
            tracing::warn!(file = %path.display(), mode = format!("{:o}", meta.permissions().mode() & 0o777),
                "the database file was open to other users; now 0600");
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(StoreError::File)
        }
        Ok(_) => Ok(()),
        Err(_) => std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
            .map(drop)
            .map_err(StoreError::File),
    }
}

impl SqliteStore {
    /// How far the change feed may be read: all of it. One writer at a time, so commits come in sequence order and
    /// a reader's snapshot never holds a change numbered above one still to come.
    async fn feed_end(&self) -> Result<i64, StoreError> {
        Ok(i64::MAX)
    }

    /// How far the audit log may be read: all of it, for the same reason.
    async fn audit_end(&self) -> Result<i64, StoreError> {
        Ok(i64::MAX)
    }
}

// One process owns the file, so changes are announced in-process.
crate::store::sql::impl_sql_store!(SqliteStore, sqlx::Sqlite, in_flight = None::<&str>, notify_in_transaction = false);

crate::store::group_sql::impl_group_commit!(SqliteStore, sqlx::Sqlite);

crate::store::admin_sql::impl_administration!(SqliteStore, sqlx::Sqlite);

crate::store::floor_sql::impl_floor!(SqliteStore, sqlx::Sqlite);
