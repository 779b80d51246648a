//! The PostgreSQL store, for a city-wide deployment where several server instances share one database.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgListener, PgPoolOptions};
use sqlx::PgPool;

use crate::store::group::Committer;
use crate::store::rows::encode_json;
use crate::store::{LiveChange, LiveHub, Notice, StoreError};

/// PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; a larger change is announced without its task.
pub const MAX_NOTIFY_BYTES: usize = 7900;

/// The transaction-level advisory lock that orders the groups of ops (and erasures) of every instance.
const SERIALIZE_COMMITS: &str = "SELECT pg_advisory_xact_lock(7011)";

/// Connections per instance (the listener's among them).
const CONNECTIONS: u32 = 6;

/// The channel every instance listens on.
pub(crate) const CHANNEL: &str = "floordesk_changes";

/// Announces the payload `$2` ([`notify_payload`]) on the channel `$1` ([`CHANNEL`]) inside the transaction
/// (delivered to every instance on commit).
pub(crate) const NOTIFY: &str = "SELECT pg_notify($1, $2)";

/// What [`NOTIFY`] carries for `notice`: its JSON, without the task when that would be too large (devices pull it).
pub(crate) fn notify_payload(notice: &Notice) -> Result<String, StoreError> {
    let payload = encode_json(notice, "notice")?;
    match notice {
        Notice::Change(change) if payload.len() > MAX_NOTIFY_BYTES => {
            encode_json(&Notice::Change(LiveChange { task: None, ..change.clone() }), "notice")
        }
        _ => Ok(payload),
    }
}

/// The PostgreSQL implementation of [`crate::Store`] (the queries are in `sql.rs`).
#[derive(Debug)]
pub struct PgStore {
    pool: PgPool,
    live: Arc<LiveHub>,
    /// PostgreSQL orders commits itself (see the advisory lock below).
    writer: Option<Arc<tokio::sync::Mutex<()>>>,
    /// Writes ops in groups (`group.rs`).
    committer: Committer,
    /// The task that forwards notifications; stopped with the store so its connection closes.
    listener: tokio::task::JoinHandle<()>,
}

impl Drop for PgStore {
    fn drop(&mut self) {
        self.listener.abort();
    }
}

impl PgStore {
    /// Connects to `url` (`postgres://…`), brings the schema up to date, and listens for the changes every instance
    /// commits. Every connection sets `synchronous_commit = on` itself (whatever the database's or role's default),
    /// so a commit is durable before it is acknowledged.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let options = PgConnectOptions::from_str(url)?.options([("synchronous_commit", "on")]);
        // Few connections: one group of ops holds one, and each more is a PostgreSQL process switched in and out on
        // the same cores (16 → 6: 1,000 devices 1,673 → 2,182 ops/s, bench/README.md).
        let pool = PgPoolOptions::new().max_connections(CONNECTIONS).connect_with(options).await?;
        sqlx::migrate!("migrations/postgres").run(&pool).await?;
        let mut listener = PgListener::connect_with(&pool).await?;
        listener.listen(CHANNEL).await?;
        let live = Arc::new(LiveHub::default());
        // The task ends with the store (aborted in `Drop`), so it may hold the hub.
        let hub = Arc::clone(&live);
        let listener = tokio::spawn(async move {
            loop {
                let received = listener.try_recv().await;
                match received {
                    Ok(Some(notification)) => match serde_json::from_str::<Notice>(notification.payload()) {
                        Ok(notice) => hub.deliver(notice),
                        Err(e) => tracing::warn!(error = %e, "unreadable change notification"),
                    },
                    // The connection dropped (the next try reconnects): what was announced meanwhile is lost, so
                    // every device is told to pull.
                    Ok(None) => {
                        tracing::warn!("lost the change notifications; reconnecting and telling devices to resync");
                        hub.resync_all();
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "cannot listen for change notifications; retrying");
                        hub.resync_all();
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
            }
        });
        let committer = Self::committer(pool.clone(), Arc::clone(&live), None);
        Ok(Self { pool, live, writer: None, committer, listener })
    }
}

// A transaction-level advisory lock orders the groups of ops, so a change's sequence number never becomes visible
// after a higher one (a puller's cursor would skip it); NOTIFY inside the commit tells every instance. The lock is
// held across each group's flush (one per group, not one per op).
crate::store::sql::impl_sql_store!(
    PgStore,
    sqlx::Postgres,
    serialize_commits = Some(SERIALIZE_COMMITS),
    notify_in_transaction = true
);

crate::store::group_sql::impl_group_commit!(PgStore, sqlx::Postgres, serialize_commits = Some(SERIALIZE_COMMITS));

crate::store::admin_sql::impl_administration!(PgStore, sqlx::Postgres);

crate::store::floor_sql::impl_floor!(PgStore, sqlx::Postgres);
