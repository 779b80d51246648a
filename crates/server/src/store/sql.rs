//! The SQL both stores share. One text, instantiated for SQLite and for PostgreSQL by [`impl_sql_store!`], so the two
//! stores cannot drift apart; what differs (opening, pragmas, migrations) lives in `sqlite.rs` and `postgres.rs`.
//! The statements are in `statements.rs` and the row decoders in `rows.rs`, outside the macro; what is left here is
//! the transactions around them.

/// Implements [`crate::store::Store`] for `$store`: a struct with `pool: sqlx::Pool<$db>`, `live: Arc<LiveHub>`,
/// `writer: Option<Arc<tokio::sync::Mutex<()>>>` (when present, one writer at a time in this process: the
/// committer for each group, or any other write, each in its turn: `write_turn`) and `committer: Committer` (started with `$store::committer`), which
/// writes ops in groups (`group.rs`). `in_flight` is SQL run first in every transaction that appends to the change
/// feed or the audit log, marking it in flight until its commit (PostgreSQL: see `postgres.rs`; SQLite serialises
/// writers and so commits in number order by itself: `None`); the store's own `feed_end` and `audit_end` say how far
/// each may be read: up to a number below which nothing is still in flight.
/// `notify_in_transaction` announces each change with PostgreSQL's NOTIFY inside the commit, for every instance to
/// hear (see `postgres.rs`); otherwise the change goes straight to this process's `live` channel after the commit.
macro_rules! impl_sql_store {
    ($store:ty, $db:ty, in_flight = $in_flight:expr, notify_in_transaction = $notify_in_tx:expr) => {
        const _: () = {
            use std::collections::BTreeMap;

            use floordesk_domain::{
                CaseId, FeedScope, OpeningHours, SiteId, StaffId, StoryId, Task, TaskId, TaskStatus, TemplateId,
                Timestamp, ZoneId,
            };
            use floordesk_protocol::{
                AuditEntry, Change, DeviceInfo, MorningNotesDraft, OpKind, OpResult, Outcome, SiteInfo, Story, Template,
            };
            use sqlx::Row;

            use $crate::store::rows::{self, encode_json, Columns};
            use $crate::store::statements;
            use $crate::store::{
                AttemptKey, AttemptLimit, AuditFilter, CaseClosed, Commit, DeviceRecord, LoginAttempt, Notice, OpRecord, Seed, SessionRecord, StaffRecord,
                Store, StoreError, StoryRecord,
            };
            use $crate::store::group::{Done, Work};

            impl $store {
                /// Starts a transaction that writes beside the committer's groups: one writer at a time where this
                /// store queues them, marked in flight where the store marks them.
                async fn begin_op(
                    &self,
                ) -> Result<(Option<tokio::sync::MutexGuard<'_, ()>>, sqlx::Transaction<'static, $db>), StoreError>
                {
                    let writer = self.write_turn().await;
                    Ok((writer, Self::begin_marked(&self.pool).await?))
                }

                /// Begins a transaction that may append to the change feed or the audit log (a group's, an
                /// erasure's, the seed's), marked in flight where the store marks them (`in_flight`), so neither is
                /// read past it until it ends.
                async fn begin_marked(pool: &sqlx::Pool<$db>) -> Result<sqlx::Transaction<'static, $db>, StoreError> {
                    let mut tx = pool.begin().await?;
                    if let Some(mark) = $in_flight {
                        sqlx::query(mark).execute(&mut *tx).await?;
                    }
                    Ok(tx)
                }

                /// Waits for this store's turn to write where it queues its writers (SQLite: one at a time, in
                /// order with the committer's groups, instead of spinning in SQLite's busy handler while a group
                /// holds the file); at once where the database orders them itself.
                async fn write_turn(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
                    Self::take_turn(self.writer.as_deref()).await
                }

                /// Waits for the turn of `writer`, when the store has one.
                async fn take_turn(writer: Option<&tokio::sync::Mutex<()>>) -> Option<tokio::sync::MutexGuard<'_, ()>> {
                    match writer {
                        Some(writer) => Some(writer.lock().await),
                        None => None,
                    }
                }

                /// Announces `notice` to every instance: inside the transaction with NOTIFY where the store shares
                /// it that way (delivered on commit), otherwise handed back to deliver in-process after the commit.
                async fn announce(
                    tx: &mut sqlx::Transaction<'static, $db>,
                    notice: Notice,
                ) -> Result<Option<Notice>, StoreError> {
                    Ok(Self::announce_all(tx, vec![notice]).await?.pop())
                }

                /// Announces `notices`, in order, as [`Self::announce`] does one: with as few NOTIFYs as they fit in.
                async fn announce_all(
                    tx: &mut sqlx::Transaction<'static, $db>,
                    notices: Vec<Notice>,
                ) -> Result<Vec<Notice>, StoreError> {
                    if !$notify_in_tx {
                        return Ok(notices);
                    }
                    for payload in $crate::store::postgres::notify_payloads(&notices)? {
                        sqlx::query($crate::store::postgres::NOTIFY)
                            .bind($crate::store::postgres::CHANNEL)
                            .bind(payload)
                            .execute(&mut **tx)
                            .await?;
                    }
                    Ok(Vec::new())
                }
            }

            /// Writes a new story inside a transaction; false when its id is taken.
            async fn insert_story(
                tx: &mut sqlx::Transaction<'static, $db>,
                story: &StoryRecord,
            ) -> Result<bool, StoreError> {
                let inserted = sqlx::query(statements::INSERT_STORY)
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
                let written = sqlx::query(statements::UPSERT_TEMPLATE)
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

            /// One story of `site` as `reader` sees it, inside a transaction.
            async fn read_story(
                tx: &mut sqlx::Transaction<'static, $db>,
                site: &SiteId,
                story: &StoryId,
                reader: &StaffId,
            ) -> Result<Option<Story>, StoreError> {
                let row = sqlx::query(statements::STORY)
                    .bind(site.as_str())
                    .bind(reader.as_str())
                    .bind(story.as_str())
                    .fetch_optional(&mut **tx)
                    .await?;
                Ok(row.as_ref().map(rows::story).transpose()?)
            }

            impl Store for $store {
                async fn is_empty(&self) -> Result<bool, StoreError> {
                    let n: i64 = sqlx::query_scalar(statements::COUNT_SITES).fetch_one(&self.pool).await?;
                    Ok(n == 0)
                }

                async fn seed(&self, seed: &Seed) -> Result<(), StoreError> {
                    let mut tx = Self::begin_marked(&self.pool).await?;
                    for site in &seed.sites {
                        sqlx::query(statements::INSERT_SITE)
                            .bind(site.id.as_str())
                            .bind(&site.name)
                            .bind(site.kind.as_str())
                            .bind(&site.time_zone)
                            .bind(
                                seed.opening_hours
                                    .get(&site.id)
                                    .map(|h| encode_json(h, site.id.as_str()))
                                    .transpose()?,
                            )
                            .execute(&mut *tx)
                            .await?;
                        for zone in &site.zones {
                            sqlx::query(statements::INSERT_ZONE)
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
                        sqlx::query(statements::INSERT_STAFF)
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
                        let body = encode_json(task, task.id.as_str())?;
                        <$store>::write_task(&mut tx, statements::INSERT_TASK, task, &body).await?;
                        sqlx::query(statements::INSERT_SEED_CHANGE)
                            .bind(task.site.as_str())
                            .bind(task.id.as_str())
                            .bind(&body)
                            .bind(task.zone.as_str())
                            .bind(task.assignee.as_ref().map(StaffId::as_str))
                            .execute(&mut *tx)
                            .await?;
                    }
                    for story in &seed.stories {
                        insert_story(&mut tx, story).await?;
                    }
                    for (story, staff) in &seed.likes {
                        sqlx::query(statements::INSERT_LIKE)
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
                    let sites = sqlx::query(statements::SITES).fetch_all(&self.pool).await?;
                    let zones = sqlx::query(statements::ZONES).fetch_all(&self.pool).await?;
                    let zones = zones.iter().map(rows::zone).collect::<Result<Vec<_>, _>>()?;
                    let mut out = sites.iter().map(rows::site).collect::<Result<Vec<_>, _>>()?;
                    for site in &mut out {
                        site.zones =
                            zones.iter().filter(|(of, _)| *of == site.id).map(|(_, zone)| zone.clone()).collect();
                    }
                    Ok(out)
                }

                async fn opening_hours(&self) -> Result<BTreeMap<SiteId, OpeningHours>, StoreError> {
                    let rows = sqlx::query(statements::OPENING_HOURS).fetch_all(&self.pool).await?;
                    let mut hours = BTreeMap::new();
                    for row in &rows {
                        let site = rows::id(row.try_get("id")?, SiteId::new)?;
                        // Hours written wrong by hand keep the site on its kind's usual ones, said in the log, rather
                        // than stopping the server.
                        match rows::decode_json(row.try_get("opening_hours")?, site.as_str()) {
                            Ok(kept) => {
                                hours.insert(site, kept);
                            }
                            Err(e) => tracing::warn!(site = %site, error = %e, "opening hours unreadable; the usual ones kept"),
                        }
                    }
                    Ok(hours)
                }

                async fn staff(&self) -> Result<Vec<StaffRecord>, StoreError> {
                    let rows = sqlx::query(statements::ALL_STAFF).fetch_all(&self.pool).await?;
                    let mut staff = rows.iter().map(rows::staff).collect::<Result<Vec<_>, _>>()?;
                    // Sorted here, not in SQL: the two databases collate text differently.
                    staff.sort_by(|a, b| {
                        (&a.profile.site, &a.profile.display_name).cmp(&(&b.profile.site, &b.profile.display_name))
                    });
                    Ok(staff)
                }

                async fn staff_by_id(&self, staff: &StaffId) -> Result<Option<StaffRecord>, StoreError> {
                    let row =
                        sqlx::query(statements::STAFF_BY_ID).bind(staff.as_str()).fetch_optional(&self.pool).await?;
                    Ok(row.as_ref().map(rows::staff).transpose()?)
                }

                async fn begin_attempt(
                    &self,
                    key: AttemptKey<'_>,
                    now: Timestamp,
                    limit: AttemptLimit,
                ) -> Result<LoginAttempt, StoreError> {
                    let _turn = self.write_turn().await;
                    let (count, locked): (i64, Option<i64>) = sqlx::query_as(statements::BEGIN_ATTEMPT)
                        .bind(key.staff.map_or("", StaffId::as_str))
                        .bind(key.source)
                        .bind(now.0)
                        .bind(now.plus_minutes(-limit.window_minutes).0)
                        .bind(i64::from(limit.limit))
                        .bind(now.plus_minutes(limit.pause_minutes).0)
                        .fetch_one(&self.pool)
                        .await?;
                    Ok(match locked.map(Timestamp).filter(|until| *until > now) {
                        Some(until) => LoginAttempt::Paused(until),
                        None => LoginAttempt::Counted(u32::try_from(count).unwrap_or(u32::MAX)),
                    })
                }

                async fn pause_attempts(
                    &self,
                    key: AttemptKey<'_>,
                    until: Timestamp,
                    limit: u32,
                ) -> Result<(), StoreError> {
                    let _turn = self.write_turn().await;
                    sqlx::query(statements::PAUSE_ATTEMPTS)
                        .bind(until.0)
                        .bind(key.staff.map_or("", StaffId::as_str))
                        .bind(key.source)
                        .bind(i64::from(limit))
                        .execute(&self.pool)
                        .await?;
                    Ok(())
                }

                async fn right_code(&self, key: AttemptKey<'_>) -> Result<(), StoreError> {
                    let _turn = self.write_turn().await;
                    let mut tx = self.pool.begin().await?;
                    sqlx::query(statements::CLEAR_ATTEMPTS)
                        .bind(key.staff.map_or("", StaffId::as_str))
                        .bind(key.source)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query(statements::FORGIVE_ATTEMPT).bind(key.source).execute(&mut *tx).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn retention_days(&self) -> Result<BTreeMap<SiteId, u32>, StoreError> {
                    let rows = sqlx::query(statements::RETENTION_DAYS).fetch_all(&self.pool).await?;
                    rows.iter()
                        .map(|row| {
                            let site = rows::id(row.text("id")?, SiteId::new)?;
                            let days = u32::try_from(row.int("retention_days")?).unwrap_or(floordesk_domain::DEFAULT_RETENTION_DAYS);
                            Ok((site, days))
                        })
                        .collect()
                }

                async fn due_for_erasure(
                    &self,
                    site: &SiteId,
                    cutoff: Timestamp,
                    limit: u32,
                ) -> Result<Vec<Task>, StoreError> {
                    let rows = sqlx::query(statements::DUE_FOR_ERASURE)
                        .bind(site.as_str())
                        .bind(cutoff.0)
                        .bind(i64::from(limit))
                        .fetch_all(&self.pool)
                        .await?;
                    rows.iter().map(rows::task).collect()
                }

                async fn erase_personal_data(&self, task: &TaskId, now: Timestamp) -> Result<bool, StoreError> {
                    let id = task.as_str();
                    let erased = |text: String| -> Result<String, StoreError> {
                        let task: Task = rows::decode_json(text, id)?;
                        encode_json(&task.without_personal_data(), id)
                    };
                    // As a group of ops: SQLite's one writer at a time (a read then write would meet a busy file).
                    let (_writer, mut tx) = self.begin_op().await?;
                    let Some(row) = sqlx::query(statements::TASK).bind(id).fetch_optional(&mut *tx).await? else {
                        return Ok(false);
                    };
                    let kept: Task = rows::decode_json(row.text("body")?, id)?;
                    let body = encode_json(&kept.without_personal_data(), id)?;
                    if let Some(case) = &kept.case_id {
                        sqlx::query(statements::ERASE_CASE_COMMENT)
                            .bind(kept.site.as_str())
                            .bind(case.as_str())
                            .execute(&mut *tx)
                            .await?;
                    }
                    if sqlx::query(statements::ERASE_TASK).bind(&body).bind(now.0).bind(id).execute(&mut *tx).await?.rows_affected() == 0 {
                        return Ok(false);
                    }
                    for row in sqlx::query(statements::TASK_CHANGES).bind(id).fetch_all(&mut *tx).await? {
                        let body = erased(row.text("body")?)?;
                        sqlx::query(statements::ERASE_CHANGE).bind(body).bind(row.int("seq")?).execute(&mut *tx).await?;
                    }
                    for row in sqlx::query(statements::TASK_AUDIT).bind(id).fetch_all(&mut *tx).await? {
                        let before = row.text_opt("before")?.map(erased).transpose()?;
                        let after = row.text_opt("after")?.map(erased).transpose()?;
                        sqlx::query(statements::ERASE_AUDIT)
                            .bind(before)
                            .bind(after)
                            .bind(row.int("id")?)
                            .execute(&mut *tx)
                            .await?;
                    }
                    for row in sqlx::query(statements::TASK_OPS).bind(id).fetch_all(&mut *tx).await? {
                        let mut result: OpResult = rows::decode_json(row.text("result")?, id)?;
                        if let Outcome::Accepted { task, planned, .. } = &mut result.outcome {
                            **task = task.without_personal_data();
                            if let Some(planned) = planned {
                                **planned = planned.without_personal_data();
                            }
                        }
                        sqlx::query(statements::ERASE_OP)
                            .bind(encode_json(&result, id)?)
                            .bind(row.text("actor")?)
                            .bind(row.text("op_id")?)
                            .execute(&mut *tx)
                            .await?;
                    }
                    tx.commit().await?;
                    Ok(true)
                }

                async fn issue_ticket(
                    &self,
                    ticket_hash: &str,
                    token_hash: &str,
                    expires_at: Timestamp,
                    now: Timestamp,
                ) -> Result<(), StoreError> {
                    let _turn = self.write_turn().await;
                    let mut tx = self.pool.begin().await?;
                    sqlx::query(statements::DROP_OLD_TICKETS).bind(now.0).execute(&mut *tx).await?;
                    sqlx::query(statements::INSERT_TICKET)
                        .bind(ticket_hash)
                        .bind(token_hash)
                        .bind(expires_at.0)
                        .execute(&mut *tx)
                        .await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn redeem_ticket(&self, ticket_hash: &str, now: Timestamp) -> Result<Option<String>, StoreError> {
                    let _turn = self.write_turn().await;
                    Ok(sqlx::query_scalar(statements::REDEEM_TICKET)
                        .bind(ticket_hash)
                        .bind(now.0)
                        .fetch_optional(&self.pool)
                        .await?)
                }

                async fn note_device_clock(&self, id: &str, behind_ms: i64, at: Timestamp) -> Result<(), StoreError> {
                    let _turn = self.write_turn().await;
                    sqlx::query(statements::NOTE_DEVICE_CLOCK)
                        .bind(behind_ms)
                        .bind(at.0)
                        .bind(id)
                        .execute(&self.pool)
                        .await?;
                    Ok(())
                }

                async fn set_code(&self, staff: &StaffId, salt: &str, hash: &str) -> Result<(), StoreError> {
                    let _turn = self.write_turn().await;
                    sqlx::query(statements::SET_CODE)
                        .bind(salt)
                        .bind(hash)
                        .bind(staff.as_str())
                        .execute(&self.pool)
                        .await?;
                    Ok(())
                }

                async fn unlock(&self, staff: &StaffId, now: Timestamp) -> Result<bool, StoreError> {
                    let _turn = self.write_turn().await;
                    let ended: Vec<Option<i64>> =
                        sqlx::query_scalar(statements::UNLOCK).bind(staff.as_str()).fetch_all(&self.pool).await?;
                    Ok(ended.into_iter().flatten().any(|until| until > now.0))
                }

                async fn create_session(
                    &self,
                    token_hash: &str,
                    staff: &StaffId,
                    device: Option<&str>,
                    created_at: Timestamp,
                    expires_at: Timestamp,
                ) -> Result<(), StoreError> {
                    let _turn = self.write_turn().await;
                    sqlx::query(statements::INSERT_SESSION)
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
                    let row = sqlx::query(statements::SESSION).bind(token_hash).fetch_optional(&self.pool).await?;
                    Ok(row.as_ref().map(rows::session).transpose()?)
                }

                async fn signed_in(&self, token_hash: &str) -> Result<Option<(SessionRecord, StaffRecord)>, StoreError> {
                    let row = sqlx::query(statements::SIGNED_IN).bind(token_hash).fetch_optional(&self.pool).await?;
                    Ok(row.as_ref().map(|row| Ok::<_, sqlx::Error>((rows::session(row)?, rows::staff(row)?))).transpose()?)
                }

                async fn revoke_session(&self, token_hash: &str) -> Result<bool, StoreError> {
                    let _turn = self.write_turn().await;
                    let mut tx = self.pool.begin().await?;
                    let done = sqlx::query(statements::REVOKE_SESSION)
                        .bind(token_hash)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected()
                        == 1;
                    let local = if done {
                        Self::announce(&mut tx, Notice::SessionsEnded { token_hashes: vec![token_hash.to_owned()] })
                            .await?
                    } else {
                        None
                    };
                    tx.commit().await?;
                    if let Some(notice) = local {
                        self.live.deliver(notice);
                    }
                    Ok(done)
                }

                async fn device(&self, id: &str) -> Result<Option<DeviceRecord>, StoreError> {
                    let row = sqlx::query(statements::DEVICE).bind(id).fetch_optional(&self.pool).await?;
                    let Some(row) = row else { return Ok(None) };
                    Ok(Some(DeviceRecord { info: rows::device(&row)?, key_hash: row.try_get("key_hash")? }))
                }

                async fn devices(&self, site: &SiteId) -> Result<Vec<DeviceInfo>, StoreError> {
                    let rows = sqlx::query(statements::SITE_DEVICES).bind(site.as_str()).fetch_all(&self.pool).await?;
                    Ok(rows.iter().map(rows::device).collect::<Result<_, _>>()?)
                }

                async fn open_tasks(&self, site: &SiteId) -> Result<Vec<Task>, StoreError> {
                    let rows = sqlx::query(statements::OPEN_TASKS)
                        .bind(site.as_str())
                        .bind(TaskStatus::Done.as_str())
                        .bind(TaskStatus::Cancelled.as_str())
                        .fetch_all(&self.pool)
                        .await?;
                    rows.iter().map(rows::task).collect()
                }
                async fn task(&self, id: &TaskId) -> Result<Option<Task>, StoreError> {
                    let row = sqlx::query(statements::TASK).bind(id.as_str()).fetch_optional(&self.pool).await?;
                    row.as_ref().map(rows::task).transpose()
                }

                async fn op_result(&self, actor: &StaffId, op_id: &str) -> Result<Option<OpResult>, StoreError> {
                    let row = sqlx::query(statements::OP_RESULT)
                        .bind(actor.as_str())
                        .bind(op_id)
                        .fetch_optional(&self.pool)
                        .await?;
                    row.map(|row| rows::decode_json(row.try_get("result")?, op_id)).transpose()
                }

                async fn op_and_task(
                    &self,
                    actor: &StaffId,
                    op_id: &str,
                    task: &TaskId,
                ) -> Result<(Option<OpResult>, Option<Task>), StoreError> {
                    let row = sqlx::query(statements::OP_AND_TASK)
                        .bind(actor.as_str())
                        .bind(op_id)
                        .bind(task.as_str())
                        .fetch_one(&self.pool)
                        .await?;
                    let result = row.text_opt("result")?.map(|r| rows::decode_json(r, op_id)).transpose()?;
                    let task = row.text_opt("body")?.map(|body| rows::decode_json(body, task.as_str())).transpose()?;
                    Ok((result, task))
                }

                async fn commit_op(
                    &self,
                    op: &OpRecord,
                    expected_version: Option<u64>,
                    before: Option<&Task>,
                    after: &Task,
                    planned: Option<&Task>,
                ) -> Result<Commit, StoreError> {
                    let work = Work::Commit {
                        op: op.clone(),
                        expected: expected_version,
                        before: before.cloned().map(Box::new),
                        after: Box::new(after.clone()),
                        planned: planned.cloned().map(Box::new),
                    };
                    match self.committer.submit(work).await? {
                        Done::Commit(commit) => Ok(commit),
                        Done::Reject(_) => unreachable!("the committer answers a commit with a commit"),
                    }
                }

                async fn reject_op(
                    &self,
                    op: &OpRecord,
                    before: Option<&Task>,
                    result: &OpResult,
                ) -> Result<OpResult, StoreError> {
                    let work =
                        Work::Reject { op: op.clone(), before: before.cloned().map(Box::new), result: result.clone() };
                    match self.committer.submit(work).await? {
                        Done::Reject(first) => Ok(first),
                        Done::Commit(_) => unreachable!("the committer answers a refusal with a refusal"),
                    }
                }

                fn subscribe(&self, site: &SiteId, scope: FeedScope) -> $crate::store::LiveFeed {
                    self.live.subscribe(site, scope)
                }

                fn subscribe_ended(&self) -> tokio::sync::broadcast::Receiver<std::sync::Arc<[String]>> {
                    self.live.subscribe_ended()
                }

                async fn changes(
                    &self,
                    site: &SiteId,
                    scope: &FeedScope,
                    after: u64,
                    limit: u32,
                ) -> Result<Vec<Change>, StoreError> {
                    // The filter mirrors FeedScope::sees.
                    let (everything, zone, staff) = match scope {
                        FeedScope::Site => (true, None, None),
                        FeedScope::Person { staff, zone } => {
                            (false, zone.as_ref().map(ZoneId::as_str), Some(staff.as_str()))
                        }
                    };
                    // Read up to where nothing is still in flight: a change numbered below one already read
                    // would be skipped by the cursor.
                    let end = self.feed_end().await?;
                    let rows = sqlx::query(statements::CHANGES)
                        .bind(site.as_str())
                        .bind(i64::try_from(after).unwrap_or(i64::MAX))
                        .bind(i64::from(limit))
                        .bind(everything)
                        .bind(zone)
                        .bind(staff)
                        .bind(staff)
                        .bind(end)
                        .fetch_all(&self.pool)
                        .await?;
                    rows.iter().map(rows::change).collect()
                }

                async fn audit(
                    &self,
                    site: &SiteId,
                    filter: &AuditFilter,
                    after: u64,
                    limit: u32,
                ) -> Result<Vec<AuditEntry>, StoreError> {
                    // Read up to where nothing is still in flight, as the change feed.
                    let end = self.audit_end().await?;
                    let sql = if filter.task.is_some() { statements::AUDIT_TASK_PAGE } else { statements::AUDIT_PAGE };
                    let rows = sqlx::query(sql)
                        .bind(site.as_str())
                        .bind(i64::try_from(after).unwrap_or(i64::MAX))
                        .bind(i64::from(limit))
                        .bind(filter.staff.as_ref().map(StaffId::as_str))
                        .bind(filter.task.as_ref().map(TaskId::as_str))
                        .bind(filter.action.map(OpKind::as_str))
                        .bind(filter.from.map(|t| t.0))
                        .bind(filter.to.map(|t| t.0))
                        .bind(filter.accepted_only)
                        .bind(end)
                        .fetch_all(&self.pool)
                        .await?;
                    rows.iter().map(rows::audit_entry).collect()
                }

                async fn closed_tasks(
                    &self,
                    site: &SiteId,
                    from: Timestamp,
                    to: Timestamp,
                ) -> Result<Vec<Task>, StoreError> {
                    let rows = sqlx::query(statements::CLOSED_TASKS)
                        .bind(site.as_str())
                        .bind(from.0)
                        .bind(to.0)
                        .fetch_all(&self.pool)
                        .await?;
                    rows.iter().map(rows::task).collect()
                }

                async fn post_story(&self, story: &StoryRecord) -> Result<Option<Story>, StoreError> {
                    let _turn = self.write_turn().await;
                    let mut tx = self.pool.begin().await?;
                    if !insert_story(&mut tx, story).await? {
                        let row =
                            sqlx::query(statements::POSTED_STORY).bind(story.id.as_str()).fetch_one(&mut *tx).await?;
                        let stored = rows::story_record(&row, &story.id)?;
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
                    let rows = sqlx::query(statements::STORIES_SINCE)
                        .bind(site.as_str())
                        .bind(reader.as_str())
                        .bind(since.map_or(i64::MIN, |t| t.0))
                        .bind(i64::from(limit))
                        .fetch_all(&self.pool)
                        .await?;
                    Ok(rows.iter().map(rows::story).collect::<Result<_, _>>()?)
                }

                async fn like_story(
                    &self,
                    site: &SiteId,
                    story: &StoryId,
                    staff: &StaffId,
                    liked: bool,
                ) -> Result<Option<Story>, StoreError> {
                    let _turn = self.write_turn().await;
                    let mut tx = self.pool.begin().await?;
                    let sql = if liked { statements::LIKE } else { statements::UNLIKE };
                    sqlx::query(sql)
                        .bind(story.as_str())
                        .bind(staff.as_str())
                        .bind(site.as_str())
                        .execute(&mut *tx)
                        .await?;
                    let read = read_story(&mut tx, site, story, staff).await?;
                    tx.commit().await?;
                    Ok(read)
                }

                async fn templates(&self, site: &SiteId) -> Result<Vec<Template>, StoreError> {
                    let rows =
                        sqlx::query(statements::SITE_TEMPLATES).bind(site.as_str()).fetch_all(&self.pool).await?;
                    let mut templates = rows.iter().map(rows::template).collect::<Result<Vec<_>, sqlx::Error>>()?;
                    // Sorted here, not in SQL: the two databases collate text differently.
                    templates.sort_by(|a, b| (&a.title, &a.id).cmp(&(&b.title, &b.id)));
                    Ok(templates)
                }

                async fn put_template(&self, site: &SiteId, template: &Template) -> Result<bool, StoreError> {
                    let _turn = self.write_turn().await;
                    let mut tx = self.pool.begin().await?;
                    let written = upsert_template(&mut tx, site, template).await?;
                    tx.commit().await?;
                    Ok(written)
                }

                async fn delete_template(&self, site: &SiteId, template: &TemplateId) -> Result<bool, StoreError> {
                    let _turn = self.write_turn().await;
                    let deleted = sqlx::query(statements::DELETE_TEMPLATE)
                        .bind(template.as_str())
                        .bind(site.as_str())
                        .execute(&self.pool)
                        .await?
                        .rows_affected();
                    Ok(deleted == 1)
                }

                async fn purposes(&self, site: &SiteId) -> Result<Option<Vec<String>>, StoreError> {
                    let row =
                        sqlx::query(statements::SITE_PURPOSES).bind(site.as_str()).fetch_optional(&self.pool).await?;
                    let Some(row) = row else { return Ok(None) };
                    let items: String = row.try_get("items")?;
                    Ok(Some(serde_json::from_str(&items).map_err(|e| sqlx::Error::Decode(Box::new(e)))?))
                }

                async fn put_purposes(&self, site: &SiteId, items: &[String]) -> Result<(), StoreError> {
                    let _turn = self.write_turn().await;
                    let json = serde_json::to_string(items).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
                    sqlx::query(statements::UPSERT_PURPOSES).bind(site.as_str()).bind(json).execute(&self.pool).await?;
                    Ok(())
                }

                async fn morning_notes(
                    &self,
                    site: &SiteId,
                    day: &str,
                ) -> Result<Option<(MorningNotesDraft, StaffId, Timestamp)>, StoreError> {
                    let row = sqlx::query(statements::MORNING_NOTES)
                        .bind(site.as_str())
                        .bind(day)
                        .fetch_optional(&self.pool)
                        .await?;
                    let Some(row) = row else { return Ok(None) };
                    let body: String = row.try_get("body")?;
                    let notes = serde_json::from_str(&body).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
                    let by: String = row.try_get("updated_by")?;
                    let by = StaffId::new(by).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
                    Ok(Some((notes, by, Timestamp(row.try_get("updated_at")?))))
                }

                async fn case_tasks(&self, site: &SiteId, case: &CaseId) -> Result<Vec<Task>, StoreError> {
                    let rows = sqlx::query(statements::CASE_TASKS)
                        .bind(site.as_str())
                        .bind(case.as_str())
                        .fetch_all(&self.pool)
                        .await?;
                    rows.iter().map(rows::task).collect()
                }

                async fn case_closure(&self, site: &SiteId, case: &CaseId) -> Result<Option<CaseClosed>, StoreError> {
                    let row = sqlx::query(statements::CASE_CLOSURE)
                        .bind(site.as_str())
                        .bind(case.as_str())
                        .fetch_optional(&self.pool)
                        .await?;
                    let Some(row) = row else { return Ok(None) };
                    let by: String = row.try_get("closed_by")?;
                    let by = StaffId::new(by).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
                    let score: Option<i64> = row.try_get("score")?;
                    let comment = row.text_opt("comment")?;
                    let rating = score
                        .map(|n| {
                            let n = u8::try_from(n).unwrap_or(0);
                            floordesk_domain::Rating::new(n, comment).map_err(|e| sqlx::Error::Decode(Box::new(e)))
                        })
                        .transpose()?;
                    Ok(Some(CaseClosed { at: Timestamp(row.try_get("closed_at")?), by, rating }))
                }

                async fn close_case(&self, site: &SiteId, case: &CaseId, closed: &CaseClosed) -> Result<bool, StoreError> {
                    let _turn = self.write_turn().await;
                    let inserted = sqlx::query(statements::CLOSE_CASE)
                        .bind(site.as_str())
                        .bind(case.as_str())
                        .bind(closed.at.0)
                        .bind(closed.by.as_str())
                        .bind(closed.rating.as_ref().map(|r| i64::from(r.score())))
                        .bind(closed.rating.as_ref().and_then(|r| r.comment().map(str::to_owned)))
                        .bind(TaskStatus::Done.as_str())
                        .bind(TaskStatus::Cancelled.as_str())
                        .execute(&self.pool)
                        .await?
                        .rows_affected();
                    Ok(inserted == 1)
                }

                async fn put_morning_notes(
                    &self,
                    site: &SiteId,
                    day: &str,
                    notes: &MorningNotesDraft,
                    by: &StaffId,
                    at: Timestamp,
                ) -> Result<(), StoreError> {
                    let _turn = self.write_turn().await;
                    let json = serde_json::to_string(notes).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
                    sqlx::query(statements::UPSERT_MORNING_NOTES)
                        .bind(site.as_str())
                        .bind(day)
                        .bind(json)
                        .bind(by.as_str())
                        .bind(at.0)
                        .execute(&self.pool)
                        .await?;
                    Ok(())
                }
            }
        };
    };
}

pub(crate) use impl_sql_store;
