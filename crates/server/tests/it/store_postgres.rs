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
