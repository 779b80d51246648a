//! The conformance suite on PostgreSQL: `cargo xtask test` starts a throwaway cluster and passes its URL in
//! `FLOORDESK_TEST_POSTGRES_URL`; each case gets a database of its own.

mod common;
mod conformance;

use floordesk_server::PgStore;

/// A fresh, empty database on the test cluster (thrown away with the cluster after the run).
async fn fresh() -> (PgStore, ()) {
    (PgStore::open(&common::fresh_postgres_url().await).await.unwrap(), ())
}

conformance_suite!(fresh().await, #[ignore = "needs PostgreSQL: run by `cargo xtask test`"]);
