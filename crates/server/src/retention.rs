//! The retention job: the personal data of tasks closed longer ago than their site's retention period is erased
//! ([`floordesk_domain::Task::without_personal_data`]) from every copy the server keeps. The server runs it every
//! hour; it takes the time it runs at, so a test can run it as of any day.

use std::time::Duration;

use floordesk_domain::Timestamp;

use crate::store::{Store, StoreError};

/// How often the server looks for tasks due for erasure.
pub const EVERY: Duration = Duration::from_secs(60 * 60);

/// Tasks erased per site in one go (the rest wait for the next round; one go never holds the store for long).
const BATCH: u32 = 200;

/// Erases what is due as of `now` on every site; how many tasks were erased.
pub async fn sweep<S: Store>(store: &S, now: Timestamp) -> Result<usize, StoreError> {
    let mut erased = 0;
    for (site, days) in store.retention_days().await? {
        let cutoff = now.plus_minutes(-i64::from(days) * 24 * 60);
        loop {
            let due = store.due_for_erasure(&site, cutoff, BATCH).await?;
            let mut this_batch = 0;
            for task in &due {
                // One task that cannot be erased now (its stored form unreadable, say) does not hold back the rest.
                match store.erase_personal_data(&task.id, now).await {
                    Ok(true) => this_batch += 1,
                    Ok(false) => {}
                    Err(e) => tracing::warn!(task = %task.id, error = %e, "retention: cannot erase this task now"),
                }
            }
            erased += this_batch;
            if due.len() < BATCH as usize || this_batch == 0 {
                break;
            }
        }
    }
    Ok(erased)
}

/// Runs [`sweep`] now and every [`EVERY`] for as long as the server runs; a failure is logged and tried again
/// next time.
pub async fn run<S: Store>(store: std::sync::Arc<S>) {
    let mut every = tokio::time::interval(EVERY);
    loop {
        every.tick().await;
        match sweep(store.as_ref(), crate::state::now()).await {
            Ok(0) => {}
            Ok(erased) => tracing::info!(erased, "erased the personal data of tasks past their retention"),
            Err(e) => tracing::warn!(error = %e, "retention: cannot erase now; trying again in an hour"),
        }
    }
}
