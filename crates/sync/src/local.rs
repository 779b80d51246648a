//! The device's local store: one SQLite file (WAL, `synchronous = FULL`, so a committed action survives a power cut)
//! holding, per person who signed in here, their session, their copy of the tasks they may see, their outbox of
//! ops the server has not answered, and the rejections it sent back; and per site the last list of answer templates
//! fetched, for reading the knowledge base without the network.

use std::path::Path;

use floordesk_domain::{FeedScope, SiteId, StaffId, Task, TaskId, Timestamp};
use floordesk_protocol::{Change, DeviceCredential, Op, OpResult, Outcome, RejectedAction, StaffProfile, TemplateList};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};

/// Why the local store failed.
#[derive(Debug, thiserror::Error)]
pub enum LocalError {
    #[error("the device's database failed: {0}")]
    Database(#[from] sqlx::Error),
    #[error("the device's database could not be brought up to date: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("a stored value is unreadable: {0}")]
    Corrupt(#[from] serde_json::Error),
}

/// A person who signed in on this device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub profile: StaffProfile,
    /// The bearer token while the sign-in lasts.
    pub token: Option<String>,
    /// The enrolled device the sign-in is bound to (its pushes must name it).
    pub device: Option<String>,
    pub active: bool,
    /// Signed out here; their pending ops are still sent, then the sign-in is ended on the server.
    pub leaving: bool,
    pub cursor: u64,
    pub last_sync: Option<Timestamp>,
}

impl Person {
    /// What of the site's feed reaches this person.
    pub fn scope(&self) -> FeedScope {
        FeedScope::of(&self.profile.id, self.profile.role, self.profile.zone.as_ref())
    }
}

/// The device's store.
#[derive(Debug, Clone)]
pub struct LocalStore {
    pool: SqlitePool,
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, LocalError> {
    Ok(serde_json::to_string(value)?)
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, LocalError> {
    Ok(serde_json::from_str(text)?)
}

fn i64_of(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn u64_of(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// The key the device store is encrypted with (SQLCipher, a raw 256-bit key): made once, kept in the OS keystore by
/// the app, never written beside the store.
#[derive(Clone, PartialEq, Eq)]
pub struct StoreKey([u8; 32]);

impl std::fmt::Debug for StoreKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StoreKey(…)")
    }
}

impl StoreKey {
    /// A new random key.
    pub fn random() -> Self {
        use rand::RngCore;
        let mut key = [0; 32];
        rand::rng().fill_bytes(&mut key);
        Self(key)
    }

    /// A key as the keystore keeps it (32 bytes).
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        bytes.try_into().ok().map(Self)
    }

    /// The bytes to keep in the keystore.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The key as SQLCipher's `PRAGMA key` value: a raw key, used as it is (no key derivation).
    fn pragma(&self) -> String {
        let hex: String = self.0.iter().map(|b| format!("{b:02x}")).collect();
        format!("\"x'{hex}'\"")
    }
}

/// The first bytes of a plain SQLite file (an encrypted one starts with its random salt).
const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// `path` with `suffix` added to its file name (`floordesk.db` → `floordesk.db-wal`), whatever its encoding.
fn beside(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

fn io(e: std::io::Error) -> LocalError {
    LocalError::Database(sqlx::Error::Io(e))
}

impl LocalStore {
    /// Whether the store at `path` is kept plain (unencrypted), as an app before encryption kept it.
    pub fn is_plain(path: &Path) -> bool {
        use std::io::Read;
        let mut header = [0; 16];
        std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut header)).is_ok() && &header == PLAIN_HEADER
    }

    /// Opens (creating if missing) the store at `path`, encrypted with `key` when given, and brings its schema up to
    /// date. A store kept plain by an earlier version of the app (told by its file header) is encrypted in place the
    /// first time it is opened with a key; an encrypted store opened with the wrong key (or none) is refused, nothing
    /// of it read or changed.
    pub async fn open(path: &Path, key: Option<&StoreKey>) -> Result<Self, LocalError> {
        if let Some(key) = key {
            if Self::is_plain(path) {
                Self::encrypt_in_place(path, key).await?;
            }
        }
        let pool = Self::connect(path, key).await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Self { pool })
    }

    /// A pool over the file, its key (if any) given first and checked by reading the schema. Statements are not
    /// logged: the key is in one.
    async fn connect(path: &Path, key: Option<&StoreKey>) -> Result<SqlitePool, LocalError> {
        use sqlx::ConnectOptions;
        let mut options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .disable_statement_logging();
        if let Some(key) = key {
            options = options.pragma("key", key.pragma());
        }
        let pool = SqlitePoolOptions::new().max_connections(4).connect_with(options).await?;
        sqlx::query("SELECT count(*) FROM sqlite_master").execute(&pool).await?;
        Ok(pool)
    }

    /// Encrypts a plain store, one app at a time (a lock file beside it; another app encrypting it is waited for).
    async fn encrypt_in_place(path: &Path, key: &StoreKey) -> Result<(), LocalError> {
        let lock_path = beside(path, ".encrypting.lock");
        let started = std::time::Instant::now();
        let lock = loop {
            match std::fs::OpenOptions::new().write(true).create_new(true).open(&lock_path) {
                Ok(lock) => break lock,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    if !Self::is_plain(path) {
                        return Ok(());
                    }
                    if started.elapsed() > std::time::Duration::from_secs(60) {
                        return Err(io(std::io::Error::other(format!(
                            "the device store has been being encrypted by another FloorDesk for a minute; if none \
                             runs, remove {}",
                            lock_path.display()
                        ))));
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(250)).await;
                }
                Err(e) => return Err(io(e)),
            }
        };
        let done = if Self::is_plain(path) { Self::export_encrypted(path, key).await } else { Ok(()) };
        drop(lock);
        let _ = std::fs::remove_file(&lock_path);
        done
    }

    /// The plain store exported, encrypted, into a new file beside it, which then takes its place (a rename: the store
    /// is whole before and after); a failed export leaves the plain store as it was and removes its half.
    async fn export_encrypted(path: &Path, key: &StoreKey) -> Result<(), LocalError> {
        let encrypting = beside(path, &format!(".encrypting-{}", random_hex(4)));
        let plain = Self::connect(path, None).await?;
        let exported = async {
            let mut conn = plain.acquire().await?;
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&mut *conn).await?;
            let target = encrypting.to_string_lossy().replace('\'', "''");
            sqlx::query(&format!("ATTACH DATABASE '{target}' AS encrypted KEY {}", key.pragma()))
                .execute(&mut *conn)
                .await?;
            sqlx::query("SELECT sqlcipher_export('encrypted')").fetch_all(&mut *conn).await?;
            sqlx::query("DETACH DATABASE encrypted").execute(&mut *conn).await?;
            Ok::<_, LocalError>(())
        }
        .await;
        plain.close().await;
        if let Err(e) = exported {
            let _ = std::fs::remove_file(&encrypting);
            return Err(e);
        }
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(beside(path, suffix));
        }
        std::fs::rename(&encrypting, path).map_err(io)?;
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::File::open(folder).and_then(|f| f.sync_all()).map_err(io)?;
        }
        Ok(())
    }

    /// Closes the store's connections (everything written is in the file).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// This device's id for pushes: generated once, kept for the life of the store.
    pub async fn device_id(&self) -> Result<String, LocalError> {
        let fresh = format!("dev-{}", random_hex(8));
        sqlx::query("INSERT INTO meta (key, value) VALUES ('device_id', ?) ON CONFLICT (key) DO NOTHING")
            .bind(&fresh)
            .execute(&self.pool)
            .await?;
        Ok(sqlx::query_scalar("SELECT value FROM meta WHERE key = 'device_id'").fetch_one(&self.pool).await?)
    }

    /// Keeps a value under `key` (e.g. the directory, for when the server cannot be reached).
    pub async fn remember<T: serde::Serialize>(&self, key: &str, value: &T) -> Result<(), LocalError> {
        sqlx::query(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(json(value)?)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The value kept under `key`, if any.
    pub async fn recall<T: serde::de::DeserializeOwned>(&self, key: &str) -> Result<Option<T>, LocalError> {
        let text: Option<String> =
            sqlx::query_scalar("SELECT value FROM meta WHERE key = ?").bind(key).fetch_optional(&self.pool).await?;
        text.map(|t| from_json(&t)).transpose()
    }

    /// The credential a supervisor enrolled this device with, if any.
    pub async fn credential(&self) -> Result<Option<DeviceCredential>, LocalError> {
        self.recall("device_credential").await
    }

    /// Keeps the enrolled device's credential (it replaces an earlier one).
    pub async fn set_credential(&self, credential: &DeviceCredential) -> Result<(), LocalError> {
        self.remember("device_credential", credential).await
    }

    /// Records a sign-in and makes that person the active one (the others keep their sessions and outboxes).
    pub async fn sign_in(
        &self,
        profile: &StaffProfile,
        token: &str,
        expires_at: Timestamp,
        device: Option<&str>,
    ) -> Result<(), LocalError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE people SET active = 0").execute(&mut *tx).await?;
        sqlx::query(
            "INSERT INTO people (staff_id, profile, token, expires_at, device, active, leaving)
             VALUES (?, ?, ?, ?, ?, 1, 0)
             ON CONFLICT (staff_id) DO UPDATE SET profile = excluded.profile, token = excluded.token,
               expires_at = excluded.expires_at, device = excluded.device, active = 1, leaving = 0",
        )
        .bind(profile.id.as_str())
        .bind(json(profile)?)
        .bind(token)
        .bind(expires_at.0)
        .bind(device)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Signs the active person out on this device: nobody is active; their session stays (marked leaving) while
    /// their outbox still holds ops. Returns who it was.
    pub async fn sign_out(&self) -> Result<Option<Person>, LocalError> {
        let Some(person) = self.active().await? else { return Ok(None) };
        sqlx::query("UPDATE people SET active = 0, leaving = 1 WHERE staff_id = ?")
            .bind(person.profile.id.as_str())
            .execute(&self.pool)
            .await?;
        Ok(Some(person))
    }

    /// Forgets a session (it ended on the server); the person's outbox stays until they sign in again.
    pub async fn end_session(&self, staff: &StaffId) -> Result<(), LocalError> {
        sqlx::query("UPDATE people SET token = NULL, active = 0, leaving = 0 WHERE staff_id = ?")
            .bind(staff.as_str())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Every person who signed in here, active first.
    pub async fn people(&self) -> Result<Vec<Person>, LocalError> {
        let rows = sqlx::query("SELECT * FROM people ORDER BY active DESC, staff_id").fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| {
                Ok(Person {
                    profile: from_json(row.try_get("profile")?)?,
                    token: row.try_get("token")?,
                    device: row.try_get("device")?,
                    active: row.try_get::<i64, _>("active")? != 0,
                    leaving: row.try_get::<i64, _>("leaving")? != 0,
                    cursor: u64_of(row.try_get("cursor")?),
                    last_sync: row.try_get::<Option<i64>, _>("last_sync")?.map(Timestamp),
                })
            })
            .collect()
    }

    /// The person using the device now.
    pub async fn active(&self) -> Result<Option<Person>, LocalError> {
        Ok(self.people().await?.into_iter().find(|p| p.active))
    }

    /// Commits an op to the person's outbox (durable when this returns).
    pub async fn enqueue(&self, staff: &StaffId, op: &Op) -> Result<(), LocalError> {
        sqlx::query("INSERT INTO outbox (staff_id, op_id, body) VALUES (?, ?, ?)")
            .bind(staff.as_str())
            .bind(&op.id)
            .bind(json(op)?)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The person's ops the server has not answered, in the order they were made.
    pub async fn outbox(&self, staff: &StaffId) -> Result<Vec<Op>, LocalError> {
        let bodies: Vec<String> = sqlx::query_scalar("SELECT body FROM outbox WHERE staff_id = ? ORDER BY n")
            .bind(staff.as_str())
            .fetch_all(&self.pool)
            .await?;
        bodies.iter().map(|b| from_json(b)).collect()
    }

    /// How many ops of everyone on this device wait for the server.
    pub async fn pending(&self) -> Result<u64, LocalError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox").fetch_one(&self.pool).await?;
        Ok(u64_of(n))
    }

    /// The person's copy of the tasks, as the server last said.
    pub async fn tasks(&self, staff: &StaffId) -> Result<Vec<Task>, LocalError> {
        let bodies: Vec<String> = sqlx::query_scalar("SELECT body FROM tasks WHERE staff_id = ? ORDER BY task_id")
            .bind(staff.as_str())
            .fetch_all(&self.pool)
            .await?;
        bodies.iter().map(|b| from_json(b)).collect()
    }

    /// Takes in the server's answers to a push, in one transaction: each answered op leaves the outbox; an accepted
    /// task is kept (if newer than the copy and in the person's scope); a rejection is kept to be shown.
    pub async fn absorb_results(
        &self,
        person: &Person,
        results: &[OpResult],
        now: Timestamp,
    ) -> Result<(), LocalError> {
        let scope = person.scope();
        let staff = person.profile.id.as_str();
        let mut tx = self.pool.begin().await?;
        for result in results {
            let body: Option<String> = sqlx::query_scalar("DELETE FROM outbox WHERE op_id = ? RETURNING body")
                .bind(&result.op)
                .fetch_optional(&mut *tx)
                .await?;
            match &result.outcome {
                Outcome::Accepted { task, planned, .. } => {
                    keep(&mut tx, staff, &scope, task).await?;
                    if let Some(planned) = planned {
                        keep(&mut tx, staff, &scope, planned).await?;
                    }
                }
                Outcome::Rejected { reason, message } => {
                    let task = match body.map(|b| from_json::<Op>(&b)).transpose()? {
                        Some(op) => op.change.task().clone(),
                        None => continue,
                    };
                    sqlx::query(
                        "INSERT INTO rejections (op_id, staff_id, task_id, reason, message, at)
                         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (op_id) DO NOTHING",
                    )
                    .bind(&result.op)
                    .bind(staff)
                    .bind(task.as_str())
                    .bind(json(reason)?)
                    .bind(message)
                    .bind(now.0)
                    .execute(&mut *tx)
                    .await?;
                }
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// Takes in a page of the change feed, in one transaction, and moves the person's cursor past it. With `done`
    /// (the last page), records the sync time.
    pub async fn absorb_page(
        &self,
        person: &Person,
        changes: &[Change],
        next_after: u64,
        done: Option<Timestamp>,
    ) -> Result<(), LocalError> {
        let scope = person.scope();
        let staff = person.profile.id.as_str();
        let mut tx = self.pool.begin().await?;
        for change in changes {
            keep(&mut tx, staff, &scope, &change.task).await?;
        }
        sqlx::query("UPDATE people SET cursor = MAX(cursor, ?), last_sync = COALESCE(?, last_sync) WHERE staff_id = ?")
            .bind(i64_of(next_after))
            .bind(done.map(|t| t.0))
            .bind(staff)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The rejections the person has not dismissed, newest first.
    pub async fn rejections(&self, staff: &StaffId) -> Result<Vec<RejectedAction>, LocalError> {
        let rows = sqlx::query("SELECT * FROM rejections WHERE staff_id = ? AND seen = 0 ORDER BY at DESC, op_id")
            .bind(staff.as_str())
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                Ok(RejectedAction {
                    op: row.try_get("op_id")?,
                    task: TaskId::new(row.try_get::<String, _>("task_id")?)
                        .map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
                    reason: from_json(row.try_get("reason")?)?,
                    message: row.try_get("message")?,
                    at: Timestamp(row.try_get("at")?),
                })
            })
            .collect()
    }

    /// Keeps `list` as the site's answer templates fetched at `at` (it replaces the copy kept before).
    pub async fn keep_templates(&self, site: &SiteId, list: &TemplateList, at: Timestamp) -> Result<(), LocalError> {
        sqlx::query(
            "INSERT INTO templates (site, list, fetched_at) VALUES (?, ?, ?)
             ON CONFLICT (site) DO UPDATE SET list = excluded.list, fetched_at = excluded.fetched_at",
        )
        .bind(site.as_str())
        .bind(json(list)?)
        .bind(at.0)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The site's answer templates as last fetched, if they ever were.
    pub async fn templates(&self, site: &SiteId) -> Result<Option<TemplateList>, LocalError> {
        let list: Option<String> = sqlx::query_scalar("SELECT list FROM templates WHERE site = ?")
            .bind(site.as_str())
            .fetch_optional(&self.pool)
            .await?;
        list.map(|l| from_json(&l)).transpose()
    }

    /// Marks a rejection as seen.
    pub async fn dismiss(&self, staff: &StaffId, op: &str) -> Result<(), LocalError> {
        sqlx::query("UPDATE rejections SET seen = 1 WHERE staff_id = ? AND op_id = ?")
            .bind(staff.as_str())
            .bind(op)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// Stores the server's task in the person's copy if it is in their scope and newer than the copy; drops it when it
/// left their scope.
async fn keep(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    staff: &str,
    scope: &FeedScope,
    task: &Task,
) -> Result<(), LocalError> {
    if scope.keeps(task) {
        sqlx::query(
            "INSERT INTO tasks (staff_id, task_id, version, body) VALUES (?, ?, ?, ?)
             ON CONFLICT (staff_id, task_id) DO UPDATE SET version = excluded.version, body = excluded.body
             WHERE excluded.version > tasks.version",
        )
        .bind(staff)
        .bind(task.id.as_str())
        .bind(i64_of(task.version))
        .bind(json(task)?)
        .execute(&mut **tx)
        .await?;
    } else {
        sqlx::query("DELETE FROM tasks WHERE staff_id = ? AND task_id = ? AND version <= ?")
            .bind(staff)
            .bind(task.id.as_str())
            .bind(i64_of(task.version))
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// A fresh random value as hex.
pub fn random_hex(bytes: usize) -> String {
    use rand::RngCore;
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    hex::encode(buf)
}
