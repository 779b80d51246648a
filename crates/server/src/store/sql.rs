//! The SQL both stores share. One text, instantiated for SQLite and for PostgreSQL by [`impl_sql_store!`], so the two
//! stores cannot drift apart; what differs (opening, pragmas, migrations) lives in `sqlite.rs` and `postgres.rs`.
//! Placeholders are `$N`, which both databases accept; integers are 64-bit in both schemas.

/// Reads a snake_case serde enum back from its stored text.
pub(crate) fn enum_from_text<T: serde::de::DeserializeOwned>(text: String) -> Result<T, sqlx::Error> {
    serde_json::from_value(serde_json::Value::String(text)).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// A value as the JSON text it is stored as.
pub(crate) fn encode_json<T: serde::Serialize>(value: &T, id: &str) -> Result<String, crate::store::StoreError> {
    serde_json::to_string(value).map_err(|source| crate::store::StoreError::Encode { id: id.to_owned(), source })
}

/// A value back from its stored JSON text.
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(
    text: String,
    id: &str,
) -> Result<T, crate::store::StoreError> {
    serde_json::from_str(&text).map_err(|source| crate::store::StoreError::Corrupt { id: id.to_owned(), source })
}

/// Reads an id back from its stored text.
pub(crate) fn id<T>(
    text: String,
    make: impl FnOnce(String) -> Result<T, floordesk_domain::IdError>,
) -> Result<T, sqlx::Error> {
    make(text).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// Implements [`crate::store::Store`] for `$store` (a struct with `pool: sqlx::Pool<$db>`, `live: LiveHub` and
/// `writer: Option<tokio::sync::Mutex<()>>`, which, when present, lets one op commit at a time in this process). `serialize_commits` is SQL run first in every op commit so commits, and so
/// change sequence numbers, become visible in order (SQLite serialises writers by itself: `None`).
/// `notify_in_transaction` announces each change with PostgreSQL's NOTIFY inside the commit, for every instance to
/// hear (see `postgres.rs`); otherwise the change goes straight to this process's `live` channel after the commit.
macro_rules! impl_sql_store {
    ($store:ty, $db:ty, serialize_commits = $serialize:expr, notify_in_transaction = $notify_in_tx:expr) => {
        const _: () = {
            use floordesk_domain::{FeedScope, Role, SiteId, StaffId, Task, TaskStatus, Timestamp, ZoneId};
            use floordesk_protocol::{DeviceInfo, SiteInfo, SiteKind, StaffProfile, ZoneInfo};
            use sqlx::Row;

            use $crate::store::sql::{enum_from_text, id};
            use floordesk_protocol::{AuditEntry, Change, OpResult, Outcome};
            use $crate::store::sql::{decode_json, encode_json};
            use $crate::store::{
                Commit, DeviceRecord, LiveChange, Notice, OpRecord, Seed, SessionRecord, StaffRecord, Store, StoreError,
            };
            use floordesk_domain::{StoryId, TaskId, TemplateId};
            use floordesk_protocol::{Story, Template};
            use $crate::store::StoryRecord;

            impl $store {
                /// Starts an op's transaction: one writer at a time where this store queues them, and commit order
                /// (so change sequence numbers and audit ids become visible in order) where it takes a lock.
                async fn begin_op(
                    &self,
                ) -> Result<(Option<tokio::sync::MutexGuard<'_, ()>>, sqlx::Transaction<'static, $db>), StoreError> {
                    let writer = match &self.writer {
                        Some(writer) => Some(writer.lock().await),
                        None => None,
                    };
                    let mut tx = self.pool.begin().await?;
                    if let Some(lock) = $serialize {
                        sqlx::query(lock).execute(&mut *tx).await?;
                    }
                    Ok((writer, tx))
                }

                /// Announces `notice` to every instance: inside the transaction with NOTIFY where the store shares
                /// it that way (delivered on commit), otherwise handed back to deliver in-process after the commit.
                async fn announce(
                    tx: &mut sqlx::Transaction<'static, $db>,
                    notice: Notice,
                ) -> Result<Option<Notice>, StoreError> {
                    if !$notify_in_tx {
                        return Ok(Some(notice));
                    }
                    let mut payload = encode_json(&notice, "notice")?;
                    if payload.len() > $crate::store::postgres::MAX_NOTIFY_BYTES {
                        // Too large a change is announced without its task (devices pull it).
                        if let Notice::Change(change) = &notice {
                            let small = Notice::Change(LiveChange { task: None, ..change.clone() });
                            payload = encode_json(&small, "notice")?;
                        }
                    }
                    sqlx::query("SELECT pg_notify('floordesk_changes', $1)").bind(payload).execute(&mut **tx).await?;
                    Ok(None)
                }
            }

            /// The rows of a `site = $1 AND key > $2 … LIMIT $3` query.
            async fn fetch_page(
                pool: &sqlx::Pool<$db>,
                sql: &'static str,
                site: &SiteId,
                after: u64,
                limit: u32,
            ) -> Result<Vec<<$db as sqlx::Database>::Row>, sqlx::Error> {
                sqlx::query(sql)
                    .bind(site.as_str())
                    .bind(i64::try_from(after).unwrap_or(i64::MAX))
                    .bind(i64::from(limit))
                    .fetch_all(pool)
                    .await
            }

            /// Records the op with its result inside its transaction; false when this person's op id is recorded
            /// already (a resend).
            async fn record_op(
                tx: &mut sqlx::Transaction<'static, $db>,
                op: &OpRecord,
                result: String,
            ) -> Result<bool, StoreError> {
                let inserted = sqlx::query(
                    "INSERT INTO ops (op_id, device, actor, site, task_id, result) VALUES ($1, $2, $3, $4, $5, $6)
                     ON CONFLICT (actor, op_id) DO NOTHING",
                )
                .bind(&op.op_id)
                .bind(&op.device)
                .bind(op.actor.as_str())
                .bind(op.site.as_str())
                .bind(op.task.as_str())
                .bind(result)
                .execute(&mut **tx)
                .await?
                .rows_affected();
                Ok(inserted == 1)
            }

            /// Appends one audit entry inside the op's transaction.
            async fn insert_audit(
                tx: &mut sqlx::Transaction<'static, $db>,
                op: &OpRecord,
                accepted: bool,
                before: Option<String>,
                after: Option<String>,
                reason: Option<String>,
            ) -> Result<(), StoreError> {
                sqlx::query(
                    "INSERT INTO audit (op_id, site, task_id, actor, role, device, server_time, device_time, accepted,
                                        before, after, reason)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                )
                .bind(&op.op_id)
                .bind(op.site.as_str())
                .bind(op.task.as_str())
                .bind(op.actor.as_str())
                .bind(op.role.as_str())
                .bind(&op.device)
                .bind(op.server_time.0)
                .bind(op.device_time.0)
                .bind(i64::from(accepted))
                .bind(before)
                .bind(after)
                .bind(reason)
                .execute(&mut **tx)
                .await?;
                Ok(())
            }

fn device_from_row(row: &<$db as sqlx::Database>::Row) -> Result<DeviceInfo, sqlx::Error> {
    Ok(DeviceInfo {
        id: row.try_get("id")?,
        site: id(row.try_get("site")?, SiteId::new)?,
        name: row.try_get("name")?,
        enrolled_by: id(row.try_get("enrolled_by")?, StaffId::new)?,
        enrolled_at: Timestamp(row.try_get("enrolled_at")?),
        revoked_at: row.try_get::<Option<i64>, _>("revoked_at")?.map(Timestamp),
    })
}

fn staff_from_row(row: &<$db as sqlx::Database>::Row) -> Result<StaffRecord, sqlx::Error> {
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

/// Writes a new story inside a transaction; false when its id is taken.
async fn insert_story(tx: &mut sqlx::Transaction<'static, $db>, story: &StoryRecord) -> Result<bool, StoreError> {
    let inserted = sqlx::query(
        "INSERT INTO stories (id, site, author, text, about, task_id, posted_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(story.id.as_str())
    .bind(story.site.as_str())
    .bind(story.author.as_str())
    .bind(&story.text)
    .bind(story.about.as_ref().map(StaffId::as_str))
    .bind(story.task.as_ref().map(TaskId::as_str))
    .bind(story.posted_at.0)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}

/// Writes a template of `site` inside a transaction; false when its id is another site's.
async fn upsert_template(
    tx: &mut sqlx::Transaction<'static, $db>,
    site: &SiteId,
    template: &Template,
) -> Result<bool, StoreError> {
    let written = sqlx::query(
        "INSERT INTO templates (id, site, title, body, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET title = excluded.title, body = excluded.body,
             updated_at = excluded.updated_at, updated_by = excluded.updated_by
         WHERE templates.site = excluded.site",
    )
    .bind(template.id.as_str())
    .bind(site.as_str())
    .bind(&template.title)
    .bind(&template.body)
    .bind(template.updated_at.0)
    .bind(template.updated_by.as_str())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(written == 1)
}

/// Stories as `$2` (the reader) sees them, with the authors' and thanked colleagues' names; `filter` continues the
/// `WHERE` on `s` (the stories) after the site (`$1`).
fn stories_sql(filter: &str) -> String {
    format!(
        "SELECT s.id, s.author, a.display_name AS author_name, s.text, s.about, b.display_name AS about_name,
                s.task_id, s.posted_at,
                (SELECT COUNT(*) FROM story_likes l WHERE l.story = s.id) AS likes,
                (SELECT COUNT(*) FROM story_likes l WHERE l.story = s.id AND l.staff = $2) AS liked
         FROM stories s JOIN staff a ON a.id = s.author LEFT JOIN staff b ON b.id = s.about
         WHERE s.site = $1 AND {filter}"
    )
}

fn story_from_row(row: &<$db as sqlx::Database>::Row) -> Result<Story, sqlx::Error> {
    let about: Option<String> = row.try_get("about")?;
    let task: Option<String> = row.try_get("task_id")?;
    Ok(Story {
        id: id(row.try_get("id")?, StoryId::new)?,
        author: id(row.try_get("author")?, StaffId::new)?,
        author_name: row.try_get("author_name")?,
        text: row.try_get("text")?,
        about: about.map(|a| id(a, StaffId::new)).transpose()?,
        about_name: row.try_get("about_name")?,
        task: task.map(|t| id(t, TaskId::new)).transpose()?,
        posted_at: Timestamp(row.try_get("posted_at")?),
        likes: u32::try_from(row.try_get::<i64, _>("likes")?).unwrap_or(u32::MAX),
        liked: row.try_get::<i64, _>("liked")? > 0,
    })
}

/// One story of `site` as `reader` sees it, inside a transaction.
async fn read_story(
    tx: &mut sqlx::Transaction<'static, $db>,
    site: &SiteId,
    story: &StoryId,
    reader: &StaffId,
) -> Result<Option<Story>, StoreError> {
    let sql = stories_sql("s.id = $3");
    let row = sqlx::query(&sql)
        .bind(site.as_str())
        .bind(reader.as_str())
        .bind(story.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    Ok(row.as_ref().map(story_from_row).transpose()?)
}

impl Store for $store {
    async fn is_empty(&self) -> Result<bool, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sites").fetch_one(&self.pool).await?;
        Ok(n == 0)
    }

    async fn seed(&self, seed: &Seed) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        for site in &seed.sites {
            sqlx::query("INSERT INTO sites (id, name, kind) VALUES ($1, $2, $3)")
                .bind(site.id.as_str())
                .bind(&site.name)
                .bind(site.kind.as_str())
                .execute(&mut *tx)
                .await?;
            for zone in &site.zones {
                sqlx::query("INSERT INTO zones (id, site, name, floor) VALUES ($1, $2, $3, $4)")
                    .bind(zone.id.as_str())
                    .bind(site.id.as_str())
                    .bind(&zone.name)
                    .bind(i64::from(zone.floor))
                    .execute(&mut *tx)
                    .await?;
            }
        }
        for staff in &seed.staff {
            let p = &staff.profile;
            sqlx::query(
                "INSERT INTO staff (id, site, zone, role, display_name, code_salt, code_hash, demo_code)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
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
                "INSERT INTO tasks (id, site, zone, status, assignee, version, body, closed_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(task.id.as_str())
            .bind(task.site.as_str())
            .bind(task.zone.as_str())
            .bind(task.status.as_str())
            .bind(task.assignee.as_ref().map(StaffId::as_str))
            .bind(i64::try_from(task.version).unwrap_or(i64::MAX))
            .bind(body)
            .bind(task.closed_at.map(|t| t.0))
            .execute(&mut *tx)
            .await?;
            sqlx::query("INSERT INTO changes (site, task_id, body, zone, assignee) VALUES ($1, $2, $3, $4, $5)")
                .bind(task.site.as_str())
                .bind(task.id.as_str())
                .bind(encode_json(task, task.id.as_str())?)
                .bind(task.zone.as_str())
                .bind(task.assignee.as_ref().map(StaffId::as_str))
                .execute(&mut *tx)
                .await?;
        }
        for story in &seed.stories {
            insert_story(&mut tx, story).await?;
        }
        for (story, staff) in &seed.likes {
            sqlx::query("INSERT INTO story_likes (story, staff) VALUES ($1, $2)")
                .bind(story.as_str())
                .bind(staff.as_str())
                .execute(&mut *tx)
                .await?;
        }
        for (site, template) in &seed.templates {
            upsert_template(&mut tx, site, template).await?;
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
                    floor: i32::try_from(z.try_get::<i64, _>("floor")?)
                        .map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
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
        let rows = sqlx::query("SELECT * FROM staff").fetch_all(&self.pool).await?;
        let mut staff = rows.iter().map(staff_from_row).collect::<Result<Vec<_>, _>>()?;
        // Sorted here, not in SQL: the two databases collate text differently.
        staff.sort_by(|a, b| (&a.profile.site, &a.profile.display_name).cmp(&(&b.profile.site, &b.profile.display_name)));
        Ok(staff)
    }

    async fn staff_by_id(&self, staff: &StaffId) -> Result<Option<StaffRecord>, StoreError> {
        let row =
            sqlx::query("SELECT * FROM staff WHERE id = $1").bind(staff.as_str()).fetch_optional(&self.pool).await?;
        Ok(row.as_ref().map(staff_from_row).transpose()?)
    }

    async fn record_failed_login(&self, staff: &StaffId, limit: u32, lock_until: Timestamp) -> Result<u32, StoreError> {
        let count: i64 = sqlx::query_scalar(
            "UPDATE staff SET failed_logins = failed_logins + 1,
                 locked_until = CASE WHEN failed_logins + 1 >= $1 THEN $2 ELSE locked_until END
             WHERE id = $3 RETURNING failed_logins",
        )
        .bind(i64::from(limit))
        .bind(lock_until.0)
        .bind(staff.as_str())
        .fetch_one(&self.pool)
        .await?;
        Ok(u32::try_from(count).unwrap_or(u32::MAX))
    }

    async fn clear_failed_logins(&self, staff: &StaffId) -> Result<(), StoreError> {
        sqlx::query("UPDATE staff SET failed_logins = 0, locked_until = NULL WHERE id = $1")
            .bind(staff.as_str())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn create_session(
        &self,
        token_hash: &str,
        staff: &StaffId,
        device: Option<&str>,
        created_at: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, staff, device, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
            .bind(token_hash)
            .bind(staff.as_str())
            .bind(device)
            .bind(created_at.0)
            .bind(expires_at.0)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn session(&self, token_hash: &str) -> Result<Option<SessionRecord>, StoreError> {
        let row = sqlx::query("SELECT staff, expires_at, revoked, device FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(SessionRecord {
            staff: id(row.try_get("staff")?, StaffId::new)?,
            expires_at: Timestamp(row.try_get("expires_at")?),
            revoked: row.try_get::<i64, _>("revoked")? != 0,
            device: row.try_get("device")?,
        }))
    }

    async fn revoke_session(&self, token_hash: &str) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("UPDATE sessions SET revoked = 1 WHERE token_hash = $1 AND revoked = 0")
            .bind(token_hash)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            == 1;
        let local = if done {
            Self::announce(&mut tx, Notice::SessionsEnded { token_hashes: vec![token_hash.to_owned()] }).await?
        } else {
            None
        };
        tx.commit().await?;
        if let Some(notice) = local {
            self.live.deliver(notice);
        }
        Ok(done)
    }

    async fn enrol_device(&self, device: &DeviceRecord) -> Result<(), StoreError> {
        let d = &device.info;
        sqlx::query(
            "INSERT INTO devices (id, site, name, key_hash, enrolled_by, enrolled_at, revoked_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&d.id)
        .bind(d.site.as_str())
        .bind(&d.name)
        .bind(&device.key_hash)
        .bind(d.enrolled_by.as_str())
        .bind(d.enrolled_at.0)
        .bind(d.revoked_at.map(|t| t.0))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn device(&self, id: &str) -> Result<Option<DeviceRecord>, StoreError> {
        let row = sqlx::query("SELECT * FROM devices WHERE id = $1").bind(id).fetch_optional(&self.pool).await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(DeviceRecord { info: device_from_row(&row)?, key_hash: row.try_get("key_hash")? }))
    }

    async fn devices(&self, site: &SiteId) -> Result<Vec<DeviceInfo>, StoreError> {
        let rows = sqlx::query("SELECT * FROM devices WHERE site = $1 ORDER BY enrolled_at DESC, id")
            .bind(site.as_str())
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(device_from_row).collect::<Result<_, _>>()?)
    }

    async fn revoke_device(&self, site: &SiteId, id: &str, at: Timestamp) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let withdrawn = sqlx::query("UPDATE devices SET revoked_at = $1 WHERE id = $2 AND site = $3 AND revoked_at IS NULL")
            .bind(at.0)
            .bind(id)
            .bind(site.as_str())
            .execute(&mut *tx)
            .await?
            .rows_affected()
            == 1;
        if !withdrawn {
            tx.rollback().await?;
            return Ok(false);
        }
        let token_hashes: Vec<String> =
            sqlx::query_scalar("UPDATE sessions SET revoked = 1 WHERE device = $1 AND revoked = 0 RETURNING token_hash")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
        let local = if token_hashes.is_empty() {
            None
        } else {
            Self::announce(&mut tx, Notice::SessionsEnded { token_hashes }).await?
        };
        tx.commit().await?;
        if let Some(notice) = local {
            self.live.deliver(notice);
        }
        Ok(true)
    }

    async fn open_tasks(&self, site: &SiteId) -> Result<Vec<Task>, StoreError> {
        let rows = sqlx::query("SELECT id, body FROM tasks WHERE site = $1 AND status NOT IN ($2, $3) ORDER BY id")
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
    async fn task(&self, id: &TaskId) -> Result<Option<Task>, StoreError> {
        let row = sqlx::query("SELECT body FROM tasks WHERE id = $1").bind(id.as_str()).fetch_optional(&self.pool).await?;
        row.map(|row| decode_json(row.try_get("body")?, id.as_str())).transpose()
    }

    async fn op_result(&self, actor: &StaffId, op_id: &str) -> Result<Option<OpResult>, StoreError> {
        let row = sqlx::query("SELECT result FROM ops WHERE actor = $1 AND op_id = $2")
            .bind(actor.as_str())
            .bind(op_id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| decode_json(row.try_get("result")?, op_id)).transpose()
    }

    async fn commit_op(
        &self,
        op: &OpRecord,
        expected_version: Option<u64>,
        before: Option<&Task>,
        after: &Task,
    ) -> Result<Commit, StoreError> {
        let (_writer, mut tx) = self.begin_op().await?;
        // The result is filled in below, once the change has its sequence number.
        if !record_op(&mut tx, op, String::new()).await? {
            tx.rollback().await?;
            return Ok(match self.op_result(&op.actor, &op.op_id).await? {
                Some(first) => Commit::Duplicate(Box::new(first)),
                None => Commit::VersionConflict,
            });
        }
        let body = encode_json(after, after.id.as_str())?;
        let version = i64::try_from(after.version).unwrap_or(i64::MAX);
        let written = match expected_version {
            None => sqlx::query(
                "INSERT INTO tasks (id, site, zone, status, assignee, version, body, closed_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(after.id.as_str())
            .bind(after.site.as_str())
            .bind(after.zone.as_str())
            .bind(after.status.as_str())
            .bind(after.assignee.as_ref().map(StaffId::as_str))
            .bind(version)
            .bind(&body)
            .bind(after.closed_at.map(|t| t.0))
            .execute(&mut *tx)
            .await?
            .rows_affected(),
            Some(expected) => sqlx::query(
                "UPDATE tasks SET zone = $1, status = $2, assignee = $3, version = $4, body = $5, closed_at = $8
                 WHERE id = $6 AND version = $7",
            )
            .bind(after.zone.as_str())
            .bind(after.status.as_str())
            .bind(after.assignee.as_ref().map(StaffId::as_str))
            .bind(version)
            .bind(&body)
            .bind(after.id.as_str())
            .bind(i64::try_from(expected).unwrap_or(i64::MAX))
            .bind(after.closed_at.map(|t| t.0))
            .execute(&mut *tx)
            .await?
            .rows_affected(),
        };
        if written == 0 {
            tx.rollback().await?;
            return Ok(Commit::VersionConflict);
        }
        let previous_assignee = before.and_then(|t| t.assignee.clone());
        let seq: i64 = sqlx::query_scalar(
            "INSERT INTO changes (site, task_id, body, zone, assignee, previous_assignee)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING seq",
        )
        .bind(after.site.as_str())
        .bind(after.id.as_str())
        .bind(&body)
        .bind(after.zone.as_str())
        .bind(after.assignee.as_ref().map(StaffId::as_str))
        .bind(previous_assignee.as_ref().map(StaffId::as_str))
        .fetch_one(&mut *tx)
        .await?;
        let seq = u64::try_from(seq).unwrap_or(0);
        let result =
            OpResult { op: op.op_id.clone(), outcome: Outcome::Accepted { seq, task: Box::new(after.clone()) } };
        sqlx::query("UPDATE ops SET result = $1 WHERE actor = $2 AND op_id = $3")
            .bind(encode_json(&result, &op.op_id)?)
            .bind(op.actor.as_str())
            .bind(&op.op_id)
            .execute(&mut *tx)
            .await?;
        let before = before.map(|t| encode_json(t, t.id.as_str())).transpose()?;
        insert_audit(&mut tx, op, true, before, Some(body), None).await?;
        let live = LiveChange {
            site: after.site.clone(),
            seq,
            zone: after.zone.clone(),
            assignee: after.assignee.clone(),
            previous_assignee,
            task: Some(Box::new(after.clone())),
        };
        let local = Self::announce(&mut tx, Notice::Change(live)).await?;
        tx.commit().await?;
        if let Some(notice) = local {
            // Nobody listening is fine: devices catch up by pulling.
            self.live.deliver(notice);
        }
        Ok(Commit::Applied { seq })
    }

    async fn reject_op(&self, op: &OpRecord, before: Option<&Task>, result: &OpResult) -> Result<OpResult, StoreError> {
        let (_writer, mut tx) = self.begin_op().await?;
        if record_op(&mut tx, op, encode_json(result, &op.op_id)?).await? {
            let reason = match &result.outcome {
                Outcome::Rejected { reason, .. } => Some(encode_json(reason, &op.op_id)?),
                Outcome::Accepted { .. } => None,
            };
            let before = before.map(|t| encode_json(t, t.id.as_str())).transpose()?;
            insert_audit(&mut tx, op, false, before, None, reason).await?;
        }
        tx.commit().await?;
        Ok(self.op_result(&op.actor, &op.op_id).await?.unwrap_or_else(|| result.clone()))
    }

    fn subscribe(&self, site: &SiteId) -> tokio::sync::broadcast::Receiver<$crate::store::LiveEvent> {
        self.live.subscribe(site)
    }

    fn subscribe_ended(&self) -> tokio::sync::broadcast::Receiver<std::sync::Arc<[String]>> {
        self.live.subscribe_ended()
    }

    async fn changes(&self, site: &SiteId, scope: &FeedScope, after: u64, limit: u32) -> Result<Vec<Change>, StoreError> {
        // The filter mirrors FeedScope::sees.
        let (everything, zone, staff) = match scope {
            FeedScope::Site => (true, None, None),
            FeedScope::Person { staff, zone } => (false, zone.as_ref().map(ZoneId::as_str), Some(staff.as_str())),
        };
        let rows = sqlx::query(
            "SELECT seq, task_id, body FROM changes WHERE site = $1 AND seq > $2
               AND ($4 OR zone = $5 OR assignee = $6 OR previous_assignee = $7)
             ORDER BY seq LIMIT $3",
        )
        .bind(site.as_str())
        .bind(i64::try_from(after).unwrap_or(i64::MAX))
        .bind(i64::from(limit))
        .bind(everything)
        .bind(zone)
        .bind(staff)
        .bind(staff)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let task_id: String = row.try_get("task_id")?;
                Ok(Change {
                    seq: u64::try_from(row.try_get::<i64, _>("seq")?).unwrap_or(0),
                    task: decode_json(row.try_get("body")?, &task_id)?,
                })
            })
            .collect()
    }

    async fn audit(&self, site: &SiteId, after: u64, limit: u32) -> Result<Vec<AuditEntry>, StoreError> {
        let sql = "SELECT * FROM audit WHERE site = $1 AND id > $2 ORDER BY id LIMIT $3";
        let rows = fetch_page(&self.pool, sql, site, after, limit).await?;
        rows.iter()
            .map(|row| {
                let op: String = row.try_get("op_id")?;
                let json = |column: &str| -> Result<Option<String>, sqlx::Error> { row.try_get(column) };
                Ok(AuditEntry {
                    id: u64::try_from(row.try_get::<i64, _>("id")?).unwrap_or(0),
                    task: id(row.try_get("task_id")?, TaskId::new)?,
                    actor: id(row.try_get("actor")?, StaffId::new)?,
                    role: enum_from_text::<Role>(row.try_get("role")?)?,
                    device: row.try_get("device")?,
                    server_time: Timestamp(row.try_get("server_time")?),
                    device_time: Timestamp(row.try_get("device_time")?),
                    accepted: row.try_get::<i64, _>("accepted")? != 0,
                    before: json("before")?.map(|b| decode_json(b, &op)).transpose()?,
                    after: json("after")?.map(|a| decode_json(a, &op)).transpose()?,
                    reason: json("reason")?.map(|r| decode_json(r, &op)).transpose()?,
                    op,
                })
            })
            .collect()
    }

    async fn closed_tasks(&self, site: &SiteId, from: Timestamp, to: Timestamp) -> Result<Vec<Task>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, body FROM tasks WHERE site = $1 AND closed_at >= $2 AND closed_at < $3 ORDER BY closed_at, id",
        )
        .bind(site.as_str())
        .bind(from.0)
        .bind(to.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|row| decode_json(row.try_get("body")?, &row.try_get::<String, _>("id")?)).collect()
    }

    async fn post_story(&self, story: &StoryRecord) -> Result<Option<Story>, StoreError> {
        let mut tx = self.pool.begin().await?;
        if !insert_story(&mut tx, story).await? {
            let row = sqlx::query("SELECT site, author, text, about, task_id, posted_at FROM stories WHERE id = $1")
                .bind(story.id.as_str())
                .fetch_one(&mut *tx)
                .await?;
            let about: Option<String> = row.try_get("about")?;
            let task: Option<String> = row.try_get("task_id")?;
            let stored = StoryRecord {
                id: story.id.clone(),
                site: id(row.try_get("site")?, SiteId::new)?,
                author: id(row.try_get("author")?, StaffId::new)?,
                text: row.try_get("text")?,
                about: about.map(|a| id(a, StaffId::new)).transpose()?,
                task: task.map(|t| id(t, TaskId::new)).transpose()?,
                posted_at: Timestamp(row.try_get("posted_at")?),
            };
            if !stored.same_story(story) {
                tx.rollback().await?;
                return Ok(None);
            }
        }
        let posted = read_story(&mut tx, &story.site, &story.id, &story.author).await?;
        tx.commit().await?;
        Ok(posted)
    }

    async fn stories(
        &self,
        site: &SiteId,
        reader: &StaffId,
        since: Option<Timestamp>,
        limit: u32,
    ) -> Result<Vec<Story>, StoreError> {
        let sql = stories_sql("s.posted_at >= $3 ORDER BY s.posted_at DESC, s.id DESC LIMIT $4");
        let rows = sqlx::query(&sql)
            .bind(site.as_str())
            .bind(reader.as_str())
            .bind(since.map_or(i64::MIN, |t| t.0))
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(story_from_row).collect::<Result<_, _>>()?)
    }

    async fn like_story(
        &self,
        site: &SiteId,
        story: &StoryId,
        staff: &StaffId,
        liked: bool,
    ) -> Result<Option<Story>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let sql = if liked {
            "INSERT INTO story_likes (story, staff) SELECT id, $2 FROM stories WHERE id = $1 AND site = $3
             ON CONFLICT (story, staff) DO NOTHING"
        } else {
            "DELETE FROM story_likes WHERE story = $1 AND staff = $2
               AND story IN (SELECT id FROM stories WHERE id = $1 AND site = $3)"
        };
        sqlx::query(sql).bind(story.as_str()).bind(staff.as_str()).bind(site.as_str()).execute(&mut *tx).await?;
        let read = read_story(&mut tx, site, story, staff).await?;
        tx.commit().await?;
        Ok(read)
    }

    async fn templates(&self, site: &SiteId) -> Result<Vec<Template>, StoreError> {
        let rows = sqlx::query("SELECT id, title, body, updated_at, updated_by FROM templates WHERE site = $1")
            .bind(site.as_str())
            .fetch_all(&self.pool)
            .await?;
        let mut templates = rows
            .iter()
            .map(|row| {
                Ok(Template {
                    id: id(row.try_get("id")?, TemplateId::new)?,
                    title: row.try_get("title")?,
                    body: row.try_get("body")?,
                    updated_at: Timestamp(row.try_get("updated_at")?),
                    updated_by: id(row.try_get("updated_by")?, StaffId::new)?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        // Sorted here, not in SQL: the two databases collate text differently.
        templates.sort_by(|a, b| (&a.title, &a.id).cmp(&(&b.title, &b.id)));
        Ok(templates)
    }

    async fn put_template(&self, site: &SiteId, template: &Template) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let written = upsert_template(&mut tx, site, template).await?;
        tx.commit().await?;
        Ok(written)
    }

    async fn delete_template(&self, site: &SiteId, template: &TemplateId) -> Result<bool, StoreError> {
        let deleted = sqlx::query("DELETE FROM templates WHERE id = $1 AND site = $2")
            .bind(template.as_str())
            .bind(site.as_str())
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(deleted == 1)
    }
}
        };
    };
}

pub(crate) use impl_sql_store;
