//! How a group of ops is written (`group.rs` gathers them), one implementation for both stores.
//!
//! In one transaction: the ops' first writes in order (the task, guarded by its version and by the op not being
//! recorded, so an op that cannot apply writes nothing and is answered at once) — a run of ops on distinct tasks
//! that plan no task together, in one statement per kind (create, update) and chunk, since each statement is a round
//! trip to the database's thread or server — then the rows every applied op adds
//! — its change (whose sequence number goes into its result), its op record, its audit entry — a few multi-row
//! statements for the whole group, then one commit: one flush for every op in it.

macro_rules! impl_group_commit {
    ($store:ty, $db:ty) => {
        const _: () = {
            use std::collections::HashMap;

            use floordesk_domain::{CaseId, RuleKind, StaffId, Task, TaskId};
            use floordesk_protocol::{OpResult, Outcome};
            use sqlx::Row;

            use $crate::store::group::{Committer, Done, Work};
            use $crate::store::rows::{self, encode_json};
            use $crate::store::statements::{self, CHUNKS};
            use $crate::store::{Commit, LiveChange, LiveHub, Notice, OpRecord, StoreError};

            /// Why a group could not be written whole.
            enum Unwritten {
                /// An op met, after its first write, what only another writer could have done meanwhile (its op id
                /// recorded, its planned task's id taken): the group goes back and its ops are written one by one.
                Late,
                Failed(StoreError),
            }

            impl From<StoreError> for Unwritten {
                fn from(e: StoreError) -> Self {
                    Unwritten::Failed(e)
                }
            }

            impl From<sqlx::Error> for Unwritten {
                fn from(e: sqlx::Error) -> Self {
                    Unwritten::Failed(e.into())
                }
            }

            impl $store {
                /// Writes a task row (whose stored form is `body`) with `sql`: [`statements::INSERT_TASK`] (a seed) or
                /// [`statements::CREATE_TASK`] (a task an op plans); the rows written (none when the id is taken).
                pub(crate) async fn write_task(
                    tx: &mut sqlx::Transaction<'static, $db>,
                    sql: &'static str,
                    task: &Task,
                    body: &str,
                ) -> Result<u64, StoreError> {
                    Ok(bind_task(sqlx::query(sql), task, body).execute(&mut **tx).await?.rows_affected())
                }

                /// Starts the store's committer: each group in one transaction, on SQLite while holding `writer`;
                /// its announcements delivered to `live` once it is durable. A group that cannot be written whole
                /// is written again op by op, so an op that fails takes only itself back.
                pub(crate) fn committer(
                    pool: sqlx::Pool<$db>,
                    live: std::sync::Arc<LiveHub>,
                    writer: Option<std::sync::Arc<tokio::sync::Mutex<()>>>,
                ) -> Committer {
                    Committer::start(move |works| {
                        let (pool, live, writer) = (pool.clone(), live.clone(), writer.clone());
                        async move {
                            let _writer = <$store>::take_turn(writer.as_deref()).await;
                            match write_group(&pool, &works).await {
                                Ok((answers, notices)) => {
                                    notices.into_iter().for_each(|n| live.deliver(n));
                                    answers.into_iter().map(Ok).collect()
                                }
                                Err(Unwritten::Failed(e)) if works.len() == 1 => vec![Err(e)],
                                // The database itself failed: every op of the group hears it at once (written
                                // again alone, each would wait out the same failure).
                                Err(Unwritten::Failed(e)) if !e.is_of_one_op() => {
                                    tracing::error!(error = %e, ops = works.len(), "a group of ops failed");
                                    works.iter().map(|_| Err(StoreError::Group(e.to_string()))).collect()
                                }
                                Err(_) => {
                                    let mut answers = Vec::with_capacity(works.len());
                                    for work in &works {
                                        answers.push(match write_group(&pool, std::slice::from_ref(work)).await {
                                            Ok((mut done, notices)) => {
                                                notices.into_iter().for_each(|n| live.deliver(n));
                                                Ok(done.remove(0))
                                            }
                                            // Alone, an op that met another writer is decided again.
                                            Err(Unwritten::Late) => Ok(Done::Commit(Commit::VersionConflict)),
                                            Err(Unwritten::Failed(e)) => Err(e),
                                        });
                                    }
                                    answers
                                }
                            }
                        }
                    })
                }
            }

            /// A statement's arguments for a task's row, in the columns' order of [`statements::INSERT_TASK`]: id,
            /// site, zone, status, assignee, version, stored form (`body`), when it closed, its visitor case.
            fn bind_task<'q>(
                query: sqlx::query::Query<'q, $db, <$db as sqlx::Database>::Arguments<'q>>,
                task: &'q Task,
                body: &'q str,
            ) -> sqlx::query::Query<'q, $db, <$db as sqlx::Database>::Arguments<'q>> {
                query
                    .bind(task.id.as_str())
                    .bind(task.site.as_str())
                    .bind(task.zone.as_str())
                    .bind(task.status.as_str())
                    .bind(task.assignee.as_ref().map(StaffId::as_str))
                    .bind(i64::try_from(task.version).unwrap_or(i64::MAX))
                    .bind(body)
                    .bind(task.closed_at.map(|t| t.0))
                    .bind(task.case_id.as_ref().map(CaseId::as_str))
            }

            /// A change a group appends to the feed.
            struct ChangeRow<'a> {
                task: &'a Task,
                body: String,
                previous_assignee: Option<&'a StaffId>,
            }

            /// An audit entry a group appends.
            struct AuditRow<'a> {
                op: &'a OpRecord,
                /// The task it is about (a planned task's entry carries its op's other fields).
                task: &'a TaskId,
                accepted: bool,
                before: Option<String>,
                after: Option<String>,
                reason: Option<String>,
            }

            /// An applied op, waiting for its change's sequence number: where its answer goes, the op, its task
            /// after, the task it plans, and the rows of its changes.
            struct Applied<'a> {
                answer: usize,
                op: &'a OpRecord,
                after: &'a Task,
                planned: Option<&'a Task>,
                change: usize,
            }

            /// Writes a group of ops in one transaction, each op whole or not at all, and commits it: the answers
            /// in order, and the announcements to deliver in-process.
            async fn write_group(
                pool: &sqlx::Pool<$db>,
                works: &[Work],
            ) -> Result<(Vec<Done>, Vec<Notice>), Unwritten> {
                let mut tx = <$store>::begin_marked(pool).await?;
                let mut answers: Vec<Option<Done>> = Vec::with_capacity(works.len());
                let mut changes = Vec::new();
                let mut audits = Vec::new();
                let mut applied: Vec<Applied<'_>> = Vec::new();
                // Ops applied in this group by person and id, and the later copies of them (a resend that arrived
                // with its first), answered with the first's result once it is known.
                let mut applied_ids: HashMap<(&str, &str), usize> = HashMap::new();
                let mut resends: Vec<(usize, usize)> = Vec::new();
                // First writes already made, by the op's place in the group (see `run_from`).
                let mut firsts: Vec<Option<Result<String, Commit>>> = works.iter().map(|_| None).collect();
                for (index, work) in works.iter().enumerate() {
                    let op = work.op();
                    if let Some(&first) = applied_ids.get(&(op.actor.as_str(), op.op_id.as_str())) {
                        resends.push((answers.len(), first));
                        answers.push(None);
                        continue;
                    }
                    match work {
                        Work::Commit { op, expected, before, after, planned } => {
                            let first = match (firsts[index].take(), planned.as_deref()) {
                                (Some(first), _) => first,
                                (None, None) => {
                                    let run = run_from(works, index, &applied_ids);
                                    let written = first_writes(&mut tx, &run).await?;
                                    for (at, first) in written.into_iter().enumerate() {
                                        firsts[index + at] = Some(first);
                                    }
                                    firsts[index].take().expect("a run starts with the op it was made for")
                                }
                                (None, Some(planned)) => {
                                    planning_first_write(&mut tx, First { op, expected: *expected, after }, planned)
                                        .await?
                                }
                            };
                            let body = match first {
                                Ok(body) => body,
                                Err(answer) => {
                                    answers.push(Some(Done::Commit(answer)));
                                    continue;
                                }
                            };
                            let before = before.as_deref();
                            let encoded = before.map(|t| encode_json(t, t.id.as_str())).transpose()?;
                            audits.push(AuditRow {
                                op,
                                task: &after.id,
                                accepted: true,
                                before: encoded,
                                after: Some(body.clone()),
                                reason: None,
                            });
                            applied_ids.insert((op.actor.as_str(), op.op_id.as_str()), applied.len());
                            applied.push(Applied {
                                answer: answers.len(),
                                op,
                                after,
                                planned: planned.as_deref(),
                                change: changes.len(),
                            });
                            answers.push(None);
                            changes.push(ChangeRow {
                                task: after,
                                body,
                                previous_assignee: before.and_then(|t| t.assignee.as_ref()),
                            });
                            if let Some(planned) = planned.as_deref() {
                                let body = encode_json(planned, planned.id.as_str())?;
                                if <$store>::write_task(&mut tx, statements::CREATE_TASK, planned, &body).await? == 0 {
                                    return Err(Unwritten::Late);
                                }
                                audits.push(AuditRow {
                                    op,
                                    task: &planned.id,
                                    accepted: true,
                                    before: None,
                                    after: Some(body.clone()),
                                    reason: None,
                                });
                                changes.push(ChangeRow { task: planned, body, previous_assignee: None });
                            }
                        }
                        Work::Reject { op, before, result } => {
                            answers.push(Some(Done::Reject(match refusal(&mut tx, op, result).await? {
                                Some(first) => first,
                                None => {
                                    let reason = match &result.outcome {
                                        Outcome::Rejected { reason, .. } => Some(encode_json(reason, &op.op_id)?),
                                        Outcome::Accepted { .. } => None,
                                    };
                                    let before =
                                        before.as_deref().map(|t| encode_json(t, t.id.as_str())).transpose()?;
                                    audits.push(AuditRow {
                                        op,
                                        task: &op.task,
                                        accepted: false,
                                        before,
                                        after: None,
                                        reason,
                                    });
                                    result.clone()
                                }
                            })));
                        }
                    }
                }
                let seqs = insert_changes(&mut tx, &changes).await?;
                let mut records = Vec::with_capacity(applied.len());
                let mut results = Vec::with_capacity(applied.len());
                for a in &applied {
                    let seq = seqs[a.change];
                    let result = OpResult {
                        op: a.op.op_id.clone(),
                        outcome: Outcome::Accepted {
                            seq,
                            task: Box::new(a.after.clone()),
                            planned: a.planned.map(|p| Box::new(p.clone())),
                        },
                    };
                    records.push((a.op, encode_json(&result, &a.op.op_id)?));
                    results.push(result);
                    answers[a.answer] = Some(Done::Commit(Commit::Applied { seq }));
                }
                for (answer, first) in resends {
                    let result = results[first].clone();
                    answers[answer] = Some(match &works[answer] {
                        Work::Commit { .. } => Done::Commit(Commit::Duplicate(Box::new(result))),
                        Work::Reject { .. } => Done::Reject(result),
                    });
                }
                if insert_ops(&mut tx, &records).await? != records.len() as u64 {
                    // An op id recorded meanwhile by another writer: its op was a resend after all.
                    return Err(Unwritten::Late);
                }
                insert_audits(&mut tx, &audits).await?;
                let mut notices = Vec::with_capacity(changes.len());
                for (change, seq) in changes.iter().zip(seqs) {
                    let notice = Notice::Change(LiveChange {
                        site: change.task.site.clone(),
                        seq,
                        zone: change.task.zone.clone(),
                        assignee: change.task.assignee.clone(),
                        previous_assignee: change.previous_assignee.cloned(),
                        task: Some(Box::new(change.task.clone())),
                    });
                    notices.push(notice);
                }
                let notices = <$store>::announce_all(&mut tx, notices).await?;
                tx.commit().await?;
                let answers = answers.into_iter().map(|a| a.ok_or(StoreError::Stopped)).collect::<Result<_, _>>()?;
                Ok((answers, notices))
            }

            /// The first result recorded for `op`, inside the transaction.
            async fn recorded(
                tx: &mut sqlx::Transaction<'static, $db>,
                op: &OpRecord,
            ) -> Result<Option<OpResult>, StoreError> {
                let row = sqlx::query(statements::OP_RESULT)
                    .bind(op.actor.as_str())
                    .bind(&op.op_id)
                    .fetch_optional(&mut **tx)
                    .await?;
                row.map(|row| rows::decode_json(row.try_get("result")?, &op.op_id)).transpose()
            }

            /// The first write of an op that plans a task (`planned`): none when the planned task's id is taken,
            /// else its own as [`first_writes`] makes it.
            async fn planning_first_write(
                tx: &mut sqlx::Transaction<'static, $db>,
                first: First<'_>,
                planned: &Task,
            ) -> Result<Result<String, Commit>, StoreError> {
                let taken: i64 =
                    sqlx::query_scalar(statements::TASK_EXISTS).bind(planned.id.as_str()).fetch_one(&mut **tx).await?;
                if taken > 0 {
                    // A resend (its escort planned by the first), or decided again and refused for that.
                    return Ok(Err(not_applied(tx, first.op).await?));
                }
                Ok(first_writes(tx, &[first]).await?.pop().expect("an answer for each op"))
            }

            /// Why an op's first write wrote nothing: its id is recorded (a resend, answered with its first result)
            /// or its task is not as it was read (decided again).
            async fn not_applied(
                tx: &mut sqlx::Transaction<'static, $db>,
                op: &OpRecord,
            ) -> Result<Commit, StoreError> {
                Ok(match recorded(tx, op).await? {
                    Some(first) => Commit::Duplicate(Box::new(first)),
                    None => Commit::VersionConflict,
                })
            }

            /// An op whose first write can be made together with others': one that plans no task.
            struct First<'a> {
                op: &'a OpRecord,
                expected: Option<u64>,
                after: &'a Task,
            }

            /// The ops from `works[from]` on whose first writes are made together, in one statement per kind (a
            /// create, an update) and chunk, instead of one each: the longest run of ops that plan no task, on
            /// distinct tasks, with distinct ids and none applied earlier in the group. Such ops cannot affect
            /// each other's writes, so writing them together is writing them in order; everything before the run
            /// has been written, and everything after it is written after it.
            fn run_from<'a>(
                works: &'a [Work],
                from: usize,
                applied_ids: &HashMap<(&str, &str), usize>,
            ) -> Vec<First<'a>> {
                let (mut tasks, mut ids) = (std::collections::HashSet::new(), std::collections::HashSet::new());
                works[from..]
                    .iter()
                    .map_while(|work| match work {
                        Work::Commit { op, expected, after, planned: None, .. } => {
                            let id = (op.actor.as_str(), op.op_id.as_str());
                            (!applied_ids.contains_key(&id) && tasks.insert(after.id.as_str()) && ids.insert(id))
                                .then_some(First { op, expected: *expected, after })
                        }
                        _ => None,
                    })
                    .collect()
            }

            /// The first writes of ops on distinct tasks with distinct ids (a run of `run_from`, or one op), each
            /// guarded by the version read (an update) or the id being free (a create) and by the op's id not being
            /// recorded: the task's stored form when written, or the answer when the op cannot apply (nothing
            /// written).
            async fn first_writes(
                tx: &mut sqlx::Transaction<'static, $db>,
                run: &[First<'_>],
            ) -> Result<Vec<Result<String, Commit>>, StoreError> {
                let bodies =
                    run.iter().map(|f| encode_json(f.after, f.after.id.as_str())).collect::<Result<Vec<_>, _>>()?;
                let (creates, updates): (Vec<usize>, Vec<usize>) =
                    (0..run.len()).partition(|&i| run[i].expected.is_none());
                let mut written = std::collections::HashSet::new();
                for chunk in chunks(&creates) {
                    let mut query = sqlx::query(statements::create_tasks_by_op(chunk.len()));
                    for &i in chunk {
                        let op = run[i].op;
                        query =
                            bind_task(query, run[i].after, &bodies[i]).bind(op.actor.as_str()).bind(op.op_id.as_str());
                    }
                    for row in query.fetch_all(&mut **tx).await? {
                        written.insert(row.try_get::<String, _>(0)?);
                    }
                }
                for chunk in chunks(&updates) {
                    let mut query = sqlx::query(statements::update_tasks(chunk.len()));
                    for &i in chunk {
                        let (op, after) = (run[i].op, run[i].after);
                        let expected = run[i].expected.unwrap_or(0);
                        query = query
                            .bind(after.id.as_str())
                            .bind(after.zone.as_str())
                            .bind(after.status.as_str())
                            .bind(after.assignee.as_ref().map(StaffId::as_str))
                            .bind(i64::try_from(after.version).unwrap_or(i64::MAX))
                            .bind(bodies[i].as_str())
                            .bind(i64::try_from(expected).unwrap_or(i64::MAX))
                            .bind(after.closed_at.map(|t| t.0))
                            .bind(op.actor.as_str())
                            .bind(op.op_id.as_str());
                    }
                    for row in query.fetch_all(&mut **tx).await? {
                        written.insert(row.try_get::<String, _>(0)?);
                    }
                }
                let mut firsts = Vec::with_capacity(run.len());
                for (first, body) in run.iter().zip(bodies) {
                    firsts.push(if written.contains(first.after.id.as_str()) {
                        Ok(body)
                    } else {
                        Err(not_applied(tx, first.op).await?)
                    });
                }
                Ok(firsts)
            }

            /// Records a refused op with its result: `None` when recorded now, else the first result of its id.
            async fn refusal(
                tx: &mut sqlx::Transaction<'static, $db>,
                op: &OpRecord,
                result: &OpResult,
            ) -> Result<Option<OpResult>, StoreError> {
                let inserted = sqlx::query(statements::INSERT_OP)
                    .bind(&op.op_id)
                    .bind(&op.device)
                    .bind(op.actor.as_str())
                    .bind(op.site.as_str())
                    .bind(op.task.as_str())
                    .bind(encode_json(result, &op.op_id)?)
                    .execute(&mut **tx)
                    .await?
                    .rows_affected();
                if inserted == 1 {
                    return Ok(None);
                }
                Ok(Some(recorded(tx, op).await?.unwrap_or_else(|| result.clone())))
            }

            /// `items` cut into runs of [`CHUNKS`] sizes, largest first.
            fn chunks<T>(mut items: &[T]) -> impl Iterator<Item = &[T]> {
                std::iter::from_fn(move || {
                    let size = CHUNKS.into_iter().find(|&c| c <= items.len())?;
                    let (chunk, rest) = items.split_at(size);
                    items = rest;
                    Some(chunk)
                })
            }

            /// Appends the changes in order; each one's sequence number. A statement never holds a task twice, so
            /// each returned number is matched to its row by task id.
            async fn insert_changes(
                tx: &mut sqlx::Transaction<'static, $db>,
                changes: &[ChangeRow<'_>],
            ) -> Result<Vec<u64>, StoreError> {
                let mut seqs = Vec::with_capacity(changes.len());
                let mut from = 0;
                while from < changes.len() {
                    // The longest run from here with no task twice.
                    let mut seen = std::collections::HashSet::new();
                    let run = changes[from..].iter().take_while(|c| seen.insert(c.task.id.as_str())).count();
                    for chunk in chunks(&changes[from..from + run]) {
                        let mut query = sqlx::query(statements::insert_changes(chunk.len()));
                        for c in chunk {
                            query = query
                                .bind(c.task.site.as_str())
                                .bind(c.task.id.as_str())
                                .bind(c.body.as_str())
                                .bind(c.task.zone.as_str())
                                .bind(c.task.assignee.as_ref().map(StaffId::as_str))
                                .bind(c.previous_assignee.map(StaffId::as_str));
                        }
                        let mut by_task = HashMap::new();
                        for row in query.fetch_all(&mut **tx).await? {
                            let seq: i64 = row.try_get("seq")?;
                            let task: String = row.try_get("task_id")?;
                            by_task.insert(task, u64::try_from(seq).unwrap_or(0));
                        }
                        for c in chunk {
                            let seq = by_task.get(c.task.id.as_str()).copied();
                            seqs.push(seq.ok_or(StoreError::Database(sqlx::Error::RowNotFound))?);
                        }
                    }
                    from += run;
                }
                Ok(seqs)
            }

            /// Records the applied ops with their results; how many were new (fewer: an id recorded meanwhile).
            async fn insert_ops(
                tx: &mut sqlx::Transaction<'static, $db>,
                records: &[(&OpRecord, String)],
            ) -> Result<u64, StoreError> {
                let mut inserted = 0;
                for chunk in chunks(records) {
                    let mut query = sqlx::query(statements::insert_ops(chunk.len()));
                    for (op, result) in chunk {
                        query = query
                            .bind(op.op_id.as_str())
                            .bind(op.device.as_str())
                            .bind(op.actor.as_str())
                            .bind(op.site.as_str())
                            .bind(op.task.as_str())
                            .bind(result.as_str());
                    }
                    inserted += query.execute(&mut **tx).await?.rows_affected();
                }
                Ok(inserted)
            }

            /// Appends the audit entries in order.
            async fn insert_audits(
                tx: &mut sqlx::Transaction<'static, $db>,
                audits: &[AuditRow<'_>],
            ) -> Result<(), StoreError> {
                for chunk in chunks(audits) {
                    let mut query = sqlx::query(statements::insert_audits(chunk.len()));
                    for a in chunk {
                        query = query
                            .bind(a.op.op_id.as_str())
                            .bind(a.op.site.as_str())
                            .bind(a.task.as_str())
                            .bind(a.op.actor.as_str())
                            .bind(a.op.role.as_str())
                            .bind(a.op.device.as_str())
                            .bind(a.op.server_time.0)
                            .bind(a.op.device_time.0)
                            .bind(i64::from(a.accepted))
                            .bind(a.before.as_deref())
                            .bind(a.after.as_deref())
                            .bind(a.reason.as_deref())
                            .bind(a.op.kind.as_str())
                            .bind(a.op.rule.map(RuleKind::as_str))
                            .bind(a.op.note.as_deref().filter(|_| a.accepted));
                    }
                    query.execute(&mut **tx).await?;
                }
                Ok(())
            }
        };
    };
}

pub(crate) use impl_group_commit;
