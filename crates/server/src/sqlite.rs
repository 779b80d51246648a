//! The embedded SQLite store: one file, WAL, `synchronous = FULL` so an acknowledged write survives power loss.

use std::str::FromStr;

use floordesk_domain::{Role, SiteId, StaffId, Task, TaskStatus, Timestamp, ZoneId};
use floordesk_protocol::{SiteInfo, SiteKind, StaffProfile, ZoneInfo};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};

use crate::store::{Seed, SessionRecord, StaffRecord, Store, StoreError};

/// The SQLite implementation of [`Store`].
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
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
        Ok(Self { pool })
    }
}

/// Reads a snake_case serde enum back from its stored text.
fn enum_from_text<T: serde::de::DeserializeOwned>(text: String) -> Result<T, sqlx::Error> {
    serde_json::from_value(serde_json::Value::String(text)).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

fn id<T>(text: String, make: impl FnOnce(String) -> Result<T, floordesk_domain::IdError>) -> Result<T, sqlx::Error> {
    make(text).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

fn staff_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<StaffRecord, sqlx::Error> {
    let zone: Option<String> = row.try_get("zone")?;
    Ok(StaffRecord {
        profile: StaffProfile {
            id: id(row.try_get("id")?, StaffId::new)?,
            display_name: row.try_get("display_name")?,
            role: enum_from_text::<Role>(row.try_get("role")?)?,
            site: id(row.try_get("site")?, SiteId::new)?,
            zone: zone.map(|z| id(z, ZoneId::new)).transpose()?,
        },
        code_salt: row.try_get("code_salt")?,
        code_hash: row.try_get("code_hash")?,
        demo_code: row.try_get("demo_code")?,
        locked_until: row.try_get::<Option<i64>, _>("locked_until")?.map(Timestamp),
    })
}

impl Store for SqliteStore {
    async fn is_empty(&self) -> Result<bool, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sites").fetch_one(&self.pool).await?;
        Ok(n == 0)
    }

    async fn seed(&self, seed: &Seed) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        for site in &seed.sites {
            sqlx::query("INSERT INTO sites (id, name, kind) VALUES (?, ?, ?)")
                .bind(site.id.as_str())
                .bind(&site.name)
                .bind(site.kind.as_str())
                .execute(&mut *tx)
                .await?;
            for zone in &site.zones {
                sqlx::query("INSERT INTO zones (id, site, name, floor) VALUES (?, ?, ?, ?)")
                    .bind(zone.id.as_str())
                    .bind(site.id.as_str())
                    .bind(&zone.name)
                    .bind(zone.floor)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        for staff in &seed.staff {
            let p = &staff.profile;
            sqlx::query(
                "INSERT INTO staff (id, site, zone, role, display_name, code_salt, code_hash, demo_code)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(p.id.as_str())
            .bind(p.site.as_str())
            .bind(p.zone.as_ref().map(ZoneId::as_str))
            .bind(p.role.as_str())
            .bind(&p.display_name)
            .bind(&staff.code_salt)
            .bind(&staff.code_hash)
            .bind(&staff.demo_code)
            .execute(&mut *tx)
            .await?;
        }
        for task in &seed.tasks {
            let body =
                serde_json::to_string(task).map_err(|source| StoreError::Encode { id: task.id.to_string(), source })?;
            sqlx::query(
                "INSERT INTO tasks (id, site, zone, status, assignee, version, body) VALUES (?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(task.id.as_str())
            .bind(task.site.as_str())
            .bind(task.zone.as_str())
            .bind(task.status.as_str())
            .bind(task.assignee.as_ref().map(StaffId::as_str))
            .bind(i64::try_from(task.version).unwrap_or(i64::MAX))
            .bind(body)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn sites(&self) -> Result<Vec<SiteInfo>, StoreError> {
        let sites = sqlx::query("SELECT id, name, kind FROM sites ORDER BY id").fetch_all(&self.pool).await?;
        let zones = sqlx::query("SELECT id, site, name, floor FROM zones ORDER BY site, floor, id")
            .fetch_all(&self.pool)
            .await?;
        let mut out = Vec::with_capacity(sites.len());
        for row in sites {
            let site_id: String = row.try_get("id")?;
            let mut site_zones = Vec::new();
            for z in &zones {
                if z.try_get::<String, _>("site")? != site_id {
                    continue;
                }
                site_zones.push(ZoneInfo {
                    id: id(z.try_get("id")?, ZoneId::new)?,
                    name: z.try_get("name")?,
                    floor: z.try_get("floor")?,
                });
            }
            out.push(SiteInfo {
                id: id(site_id, SiteId::new)?,
                name: row.try_get("name")?,
                kind: enum_from_text::<SiteKind>(row.try_get("kind")?)?,
                zones: site_zones,
            });
        }
        Ok(out)
    }

    async fn staff(&self) -> Result<Vec<StaffRecord>, StoreError> {
        let rows = sqlx::query("SELECT * FROM staff ORDER BY site, display_name").fetch_all(&self.pool).await?;
        Ok(rows.iter().map(staff_from_row).collect::<Result<_, _>>()?)
    }

    async fn staff_by_id(&self, staff: &StaffId) -> Result<Option<StaffRecord>, StoreError> {
        let row =
            sqlx::query("SELECT * FROM staff WHERE id = ?").bind(staff.as_str()).fetch_optional(&self.pool).await?;
        Ok(row.as_ref().map(staff_from_row).transpose()?)
    }

    async fn record_failed_login(&self, staff: &StaffId, limit: u32, lock_until: Timestamp) -> Result<u32, StoreError> {
        let count: i64 = sqlx::query_scalar(
            "UPDATE staff SET failed_logins = failed_logins + 1,
                 locked_until = CASE WHEN failed_logins + 1 >= ? THEN ? ELSE locked_until END
             WHERE id = ? RETURNING failed_logins",
        )
        .bind(i64::from(limit))
        .bind(lock_until.0)
        .bind(staff.as_str())
        .fetch_one(&self.pool)
        .await?;
        Ok(u32::try_from(count).unwrap_or(u32::MAX))
    }

    async fn clear_failed_logins(&self, staff: &StaffId) -> Result<(), StoreError> {
        sqlx::query("UPDATE staff SET failed_logins = 0, locked_until = NULL WHERE id = ?")
            .bind(staff.as_str())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn create_session(
        &self,
        token_hash: &str,
        staff: &StaffId,
        created_at: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO sessions (token_hash, staff, created_at, expires_at) VALUES (?, ?, ?, ?)")
            .bind(token_hash)
            .bind(staff.as_str())
            .bind(created_at.0)
            .bind(expires_at.0)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn session(&self, token_hash: &str) -> Result<Option<SessionRecord>, StoreError> {
        let row = sqlx::query("SELECT staff, expires_at, revoked FROM sessions WHERE token_hash = ?")
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(SessionRecord {
            staff: id(row.try_get("staff")?, StaffId::new)?,
            expires_at: Timestamp(row.try_get("expires_at")?),
            revoked: row.try_get::<i64, _>("revoked")? != 0,
        }))
    }

    async fn revoke_session(&self, token_hash: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE sessions SET revoked = 1 WHERE token_hash = ? AND revoked = 0")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn open_tasks(&self, site: &SiteId) -> Result<Vec<Task>, StoreError> {
        let rows = sqlx::query("SELECT id, body FROM tasks WHERE site = ? AND status NOT IN (?, ?) ORDER BY id")
            .bind(site.as_str())
            .bind(TaskStatus::Done.as_str())
            .bind(TaskStatus::Cancelled.as_str())
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                let id: String = row.try_get("id")?;
                let body: String = row.try_get("body")?;
                serde_json::from_str(&body).map_err(|source| StoreError::Corrupt { id, source })
            })
            .collect()
    }
}
