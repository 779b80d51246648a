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

// Several instances write the change feed at once, so a change may commit after one numbered above it, which a
// puller's cursor would then have skipped. No lock orders the writers (none waits out another's flush); instead each
// transaction that appends to the feed or the audit log first takes a number of the feed's own sequence and holds,
// until it ends, an exclusive advisory lock named after that number (`IN_FLIGHT`): every change it appends is
// numbered above it, and every audit entry comes after it. A reader first reads the last number taken (`LAST_NUMBER`),
// then finds the marks in `pg_locks` (`IN_FLIGHT_MARKS`: for the feed, those at or below that number) and waits for
// those transactions to end (`WAIT_FOR`): then everything numbered up to the number read has committed or never will.
// The order matters: a writer whose mark the reader did not find marked itself after the reader's look, and numbers
// what it appends after that, so above the number read. A transaction that stays in flight longer than `WAIT` (a
// group behind another's row lock, an instance gone silent) is not waited out: the feed is then served below the
// lowest mark found, which is settled as well.

/// Marks the transaction in flight (see above): the first statement of every transaction that appends changes or
/// audit entries. A mark's key is 2^62 plus its number, apart from any other advisory lock (in `pg_locks`, a
/// `classid` from 2^30 to 2^31 − 1; a negative key's is 2^31 or more).
const IN_FLIGHT: &str =
    "SELECT pg_advisory_xact_lock(4611686018427387904 + nextval(pg_get_serial_sequence('changes', 'seq')))";

/// The last number the sequence of table `$1`'s column `$2` gave (for the change feed, to a change or to a mark), 0
/// before the first.
const LAST_NUMBER: &str = "SELECT COALESCE(pg_sequence_last_value(pg_get_serial_sequence($1, $2)::regclass), 0)";

/// The numbers of this database's marks at or below `$1`, from the transactions still in flight.
const IN_FLIGHT_MARKS: &str = "SELECT ((classid::bigint << 32) | objid::bigint) - 4611686018427387904 AS mark
    FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1 AND granted AND mode = 'ExclusiveLock'
    AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND classid::bigint BETWEEN 1073741824 AND 2147483647
    AND ((classid::bigint << 32) | objid::bigint) - 4611686018427387904 <= $1";

/// How long a reader waits for the transactions in flight (see above).
const WAIT: &str = "SET LOCAL lock_timeout = '2s'";

/// Waits (inside a transaction, which ends the waits' own shared locks) until the marks numbered `$1` are released.
const WAIT_FOR: &str =
    "SELECT COUNT(pg_advisory_xact_lock_shared(4611686018427387904 + mark)) FROM unnest($1::bigint[]) AS mark";

/// Connections per instance (the listener's among them).
const CONNECTIONS: u32 = 6;

/// The channel every instance listens on.
pub(crate) const CHANNEL: &str = "floordesk_changes";

/// Announces the payload `$2` ([`notify_payloads`]) on the channel `$1` ([`CHANNEL`]) inside the transaction
/// (delivered to every instance on commit).
pub(crate) const NOTIFY: &str = "SELECT pg_notify($1, $2)";

/// What [`NOTIFY`] carries for one notice: its JSON, without the task when that would be too large (devices pull
/// it).
fn notify_payload(notice: &Notice) -> Result<String, StoreError> {
    let payload = encode_json(notice, "notice")?;
    match notice {
        Notice::Change(change) if payload.len() > MAX_NOTIFY_BYTES => {
            encode_json(&Notice::Change(LiveChange { task: None, ..change.clone() }), "notice")
        }
        _ => Ok(payload),
    }
}

/// The NOTIFY payloads that carry `notices` (a group's changes): JSON arrays of as many notices as fit, in order, so
/// a group of ops announces itself with a few NOTIFYs rather than one per change.
pub(crate) fn notify_payloads(notices: &[Notice]) -> Result<Vec<String>, StoreError> {
    let mut payloads = Vec::new();
    let mut current = String::new();
    for notice in notices {
        let one = notify_payload(notice)?;
        if !current.is_empty() && current.len() + one.len() + 2 > MAX_NOTIFY_BYTES {
            payloads.push(format!("[{current}]"));
            current.clear();
        }
        if !current.is_empty() {
            current.push(',');
        }
        current.push_str(&one);
    }
    if !current.is_empty() {
        payloads.push(format!("[{current}]"));
    }
    Ok(payloads)
}

/// A NOTIFY payload as heard: the notices of [`notify_payloads`] (or one notice, as sent before they were grouped).
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Heard {
    Many(Vec<Notice>),
    One(Notice),
}

/// The PostgreSQL implementation of [`crate::Store`] (the queries are in `sql.rs`).
#[derive(Debug)]
pub struct PgStore {
    pool: PgPool,
    live: Arc<LiveHub>,
    /// PostgreSQL lets writers write at once (their transactions marked in flight: see above).
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
        // Room for every statement prepared once per connection: ~85 fixed ones and a group's multi-row ones in each
        // size of `CHUNKS` (sqlx's default keeps 100, and each one evicted is prepared again, a round trip).
        let options =
            PgConnectOptions::from_str(url)?.options([("synchronous_commit", "on")]).statement_cache_capacity(256);
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
                    Ok(Some(notification)) => match serde_json::from_str::<Heard>(notification.payload()) {
                        Ok(Heard::Many(notices)) => notices.into_iter().for_each(|n| hub.deliver(n)),
                        Ok(Heard::One(notice)) => hub.deliver(notice),
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

    /// How far the change feed may be read: the last number taken, once every transaction marked in flight at or
    /// below it has ended; below the lowest of those when one has not ended within [`WAIT`] (see the top of this
    /// file).
    async fn feed_end(&self) -> Result<i64, StoreError> {
        let end = self.last_number("changes", "seq").await?;
        let marks: Vec<i64> = sqlx::query_scalar(IN_FLIGHT_MARKS).bind(end).fetch_all(&self.pool).await?;
        let lowest = marks.iter().min().map_or(end, |m| m - 1);
        Ok(if self.waited(&marks).await? { end } else { lowest })
    }

    /// How far the audit log may be read: its last id, once every transaction in flight has ended (each writes its
    /// entries after its mark). When one has not ended within [`WAIT`], the last id all the same: the log is read by
    /// people, page after page, and is never a device's cursor.
    async fn audit_end(&self) -> Result<i64, StoreError> {
        let end = self.last_number("audit", "id").await?;
        let marks: Vec<i64> =
            sqlx::query_scalar(IN_FLIGHT_MARKS).bind(i64::MAX - (1 << 62)).fetch_all(&self.pool).await?;
        self.waited(&marks).await?;
        Ok(end)
    }

    /// The last number `table`.`column`'s sequence gave.
    async fn last_number(&self, table: &str, column: &str) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(LAST_NUMBER).bind(table).bind(column).fetch_one(&self.pool).await?)
    }

    /// Waits until the transactions marked `marks` have ended: false when one has not within [`WAIT`].
    async fn waited(&self, marks: &[i64]) -> Result<bool, StoreError> {
        if marks.is_empty() {
            return Ok(true);
        }
        let mut tx = self.pool.begin().await?;
        sqlx::query(WAIT).execute(&mut *tx).await?;
        match sqlx::query(WAIT_FOR).bind(marks).execute(&mut *tx).await {
            Ok(_) => {
                tx.commit().await?;
                Ok(true)
            }
            // lock_not_available: the wait ran out (the transaction is rolled back as it is dropped).
            Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("55P03") => {
                tracing::warn!(marks = marks.len(), "a transaction stayed in flight past the wait; reading below it");
                Ok(false)
            }
            Err(e) => Err(e.into()),
        }
    }
}

// Transactions that append changes are marked in flight, and the feed is read below them; NOTIFY inside the commit
// tells every instance.
crate::store::sql::impl_sql_store!(PgStore, sqlx::Postgres, in_flight = Some(IN_FLIGHT), notify_in_transaction = true);

crate::store::group_sql::impl_group_commit!(PgStore, sqlx::Postgres);

crate::store::admin_sql::impl_administration!(PgStore, sqlx::Postgres);

crate::store::floor_sql::impl_floor!(PgStore, sqlx::Postgres);

#[cfg(test)]
mod tests {
    use floordesk_domain::{SiteId, ZoneId};

    use super::*;

    fn change(seq: u64) -> Notice {
        Notice::Change(LiveChange {
            site: SiteId::new("s").unwrap(),
            seq,
            zone: ZoneId::new("z").unwrap(),
            assignee: None,
            previous_assignee: None,
            task: None,
        })
    }

    #[test]
    fn a_groups_notices_go_in_order_in_payloads_postgres_takes() {
        let notices: Vec<Notice> = (1..=300).map(change).collect();
        let payloads = notify_payloads(&notices).unwrap();
        assert!(payloads.len() > 1, "300 changes do not fit one payload");
        assert!(payloads.iter().all(|p| p.len() < 8000), "PostgreSQL refuses payloads of 8000 bytes or more");
        let heard: Vec<Notice> = payloads
            .iter()
            .flat_map(|p| match serde_json::from_str::<Heard>(p).unwrap() {
                Heard::Many(notices) => notices,
                Heard::One(notice) => vec![notice],
            })
            .collect();
        assert_eq!(heard, notices);
        // A single notice, as an instance of before sends it, is heard too.
        let one = serde_json::to_string(&change(7)).unwrap();
        assert!(matches!(serde_json::from_str::<Heard>(&one).unwrap(), Heard::One(n) if n == change(7)));
    }
}
