//! Push, not poll: the window is told the moment the device's view or sync state changes, with the tasks whose view
//! changed (as a browser is told on its live channel), so it takes in those cards instead of the whole list.

use std::sync::Arc;

use floordesk_protocol::CHANGED_EVENT;
use floordesk_sync::Engine;
use tauri::{AppHandle, Emitter, Runtime};

/// Emits [`CHANGED_EVENT`] with what `Engine::news` tells (a `ViewChanged`) to the app's windows after each change
/// of the engine's state (the engine publishes its `SyncStatus` after every local action, every answer to a push,
/// every pulled page and when the floor changed), until the engine goes away. Changes that come while one is being
/// emitted are announced together. The one reader of `Engine::news`.
pub async fn announce<R: Runtime>(app: AppHandle<R>, engine: Arc<Engine>) {
    let mut status = engine.status();
    while status.changed().await.is_ok() {
        status.borrow_and_update();
        if let Err(e) = app.emit(CHANGED_EVENT, engine.news().await) {
            tracing::warn!(error = %e, "could not tell the window of a change");
        }
    }
}
