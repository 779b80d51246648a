//! The conformance suite on PostgreSQL: `cargo xtask test` starts a throwaway cluster and passes its URL in
//! `FLOORDESK_TEST_POSTGRES_URL`; each case gets a database of its own.

use crate::common;
use crate::conformance;
use floordesk_server::PgStore;

/// A fresh, empty database on the test cluster (thrown away with the cluster after the run).
async fn fresh() -> (PgStore, ()) {
    (PgStore::open(&common::fresh_postgres_url().await).await.unwrap(), ())
}

conformance_suite!(fresh().await, #[ignore = "needs PostgreSQL: run by `cargo xtask test`"]);

/// Migration 4 fills in `closed_at` for the tasks a store held before it.
#[tokio::test]
#[ignore = "needs PostgreSQL: run by `cargo xtask test`"]
async fn the_upgrade_fills_in_when_earlier_tasks_closed() {
    let url = common::fresh_postgres_url().await;
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    let mut before = sqlx::migrate::Migrator::new(std::path::Path::new("migrations/postgres")).await.unwrap();
    before.migrations = before.migrations.iter().filter(|m| m.version < 4).cloned().collect::<Vec<_>>().into();
    before.run(&pool).await.unwrap();
    for (sql, params) in conformance::rows_before_the_upgrade() {
        params.iter().fold(sqlx::query(sql), |q, p| q.bind(p)).execute(&pool).await.unwrap();
    }
    pool.close().await;
    conformance::a_task_closed_before_the_upgrade_is_found_by_when_it_closed(PgStore::open(&url).await.unwrap()).await;
}

/// Several instances write the change feed at once, so a change may commit after one numbered above it: a pull then
/// waits for it rather than serve past it (the puller's cursor would skip it for good), and when it stays in flight
/// past the wait, serves only below it; the audit log's pages wait the same way; no writer waits out another's
/// transaction.
#[tokio::test]
#[ignore = "needs PostgreSQL: run by `cargo xtask test`"]
async fn a_pull_waits_for_a_change_still_in_flight_below_one_committed_or_serves_below_it() {
    use floordesk_domain::FeedScope;
    use floordesk_server::store::{AuditFilter, Commit, Store};
    use std::sync::Arc;
    use std::time::Duration;

    let url = common::fresh_postgres_url().await;
    let (one, other) = (Arc::new(PgStore::open(&url).await.unwrap()), PgStore::open(&url).await.unwrap());
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    // Numbers past 2^32, so that a mark's key spans both halves of the lock's id in pg_locks.
    sqlx::query("SELECT setval(pg_get_serial_sequence('changes', 'seq'), 4294967296)").execute(&pool).await.unwrap();
    let seed = conformance::demo_seed();
    one.seed(&seed).await.unwrap();
    let task = conformance::routing_task(&seed);
    let last = one.changes(&task.site, &FeedScope::Site, 0, 1000).await.unwrap().last().unwrap().seq;
    // Someone else's transaction holds the op's id, uncommitted: the group that writes the op on one instance
    // appends its change, then waits on that id, in flight.
    let mut holder = pool.begin().await.unwrap();
    sqlx::query(
        "INSERT INTO ops (actor, op_id, device, site, task_id, result) VALUES ('anna', 'op-held', 'd', $1, $2, '')",
    )
    .bind(task.site.as_str())
    .bind(task.id.as_str())
    .execute(&mut *holder)
    .await
    .unwrap();
    let held = tokio::spawn({
        let (one, task) = (Arc::clone(&one), task.clone());
        async move {
            let op = conformance::record("op-held", &task, "anna");
            one.commit_op(&op, Some(task.version), Some(&task), &conformance::claimed(&task, "anna"), None).await
        }
    });
    // Until the group waits on the held op id (in this database: other tests' databases share the cluster).
    let waiting = "SELECT COUNT(*) FROM pg_locks WHERE NOT granted AND locktype = 'transactionid'
        AND pid IN (SELECT pid FROM pg_stat_activity WHERE datname = current_database())";
    let mut held_up = false;
    for _ in 0..200 {
        if sqlx::query_scalar::<_, i64>(waiting).fetch_one(&pool).await.unwrap() > 0 {
            held_up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(held_up, "the group never waited on the held op id");
    // Another instance writes another task's op meanwhile, without waiting for that group.
    let beside = seed.tasks.iter().find(|t| t.id != task.id && t.site == task.site && t.assignee.is_none()).unwrap();
    let op = conformance::record("op-beside", beside, "olga");
    let written = tokio::time::timeout(
        Duration::from_secs(20),
        other.commit_op(&op, Some(beside.version), Some(beside), &conformance::claimed(beside, "olga"), None),
    )
    .await
    .expect("a writer never waits for another's transaction");
    let Commit::Applied { seq: beside } = written.unwrap() else { panic!("the op beside applies") };
    // A pull waits for the group in flight.
    let pull = tokio::spawn({
        let (one, site) = (Arc::clone(&one), task.site.clone());
        async move { one.changes(&site, &FeedScope::Site, last, 10).await.unwrap() }
    });
    // So does a page of the audit log.
    let audit = tokio::spawn({
        let (one, site) = (Arc::clone(&one), task.site.clone());
        async move { one.audit(&site, &AuditFilter::default(), 0, 1000).await.unwrap() }
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!pull.is_finished(), "a pull served past a change still in flight");
    assert!(!audit.is_finished(), "the audit log was read past a transaction still in flight");
    // Held past the wait (2 s), the pull serves what is below the group in flight: not the change beside it.
    let early = tokio::time::timeout(Duration::from_secs(20), pull).await.expect("a pull's wait ends").unwrap();
    assert!(early.iter().all(|c| c.seq < beside), "served past a change still in flight: {early:?}");
    holder.rollback().await.unwrap();
    let Commit::Applied { seq: first } = held.await.unwrap().unwrap() else { panic!("the held op applies") };
    assert!(first < beside, "the held group's change was numbered first");
    // Once it has committed, both, in order.
    let served: Vec<u64> =
        one.changes(&task.site, &FeedScope::Site, last, 10).await.unwrap().iter().map(|c| c.seq).collect();
    assert_eq!(served, vec![first, beside]);
    // Paged on from where the first page ended, the log skips neither op.
    let page = audit.await.unwrap();
    let next = one.audit(&task.site, &AuditFilter::default(), page.last().unwrap().id, 1000).await.unwrap();
    let ops: Vec<&str> = page.iter().chain(&next).map(|e| e.op.as_str()).collect();
    assert!(ops.contains(&"op-beside") && ops.contains(&"op-held"), "{ops:?}");
}
