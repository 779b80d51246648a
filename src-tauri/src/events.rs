//! Push, not poll: the window is told the moment the device's view or sync state changes, so the UI fetches what
//! it shows then (as a browser does on its live channel) instead of rebuilding the view on a timer.

use std::sync::Arc;

use floordesk_protocol::CHANGED_EVENT;
use floordesk_sync::Engine;
use tauri::{AppHandle, Emitter, Runtime};

/// Emits [`CHANGED_EVENT`] to the app's windows after each change of the engine's state (the engine publishes its
/// `SyncStatus` after every local action, every answer to a push and every pulled page), until the engine goes away.
/// Changes that come while one is being emitted are announced once.
pub async fn announce<R: Runtime>(app: AppHandle<R>, engine: Arc<Engine>) {
    let mut status = engine.status();
    while status.changed().await.is_ok() {
        status.borrow_and_update();
        if let Err(e) = app.emit(CHANGED_EVENT, ()) {
            tracing::warn!(error = %e, "could not tell the window of a change");
        }
    }
}
