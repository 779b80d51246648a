//! The live channel: a WebSocket per device that announces each change of its site at once.
//!
//! Browsers cannot set headers on a WebSocket, so the token comes as `?token=`; it is never logged.

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::response::Response;
use floordesk_protocol::{ErrorCode, LiveMessage};
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;

use crate::auth::authenticate;
use crate::error::AppError;
use crate::store::{LiveEvent, Store};
use crate::AppState;

/// `?token=…`.
#[derive(Debug, Deserialize)]
pub struct LiveQuery {
    token: String,
}

/// `GET /api/v1/live?token=…` (WebSocket).
pub async fn live<S: Store>(
    State(state): State<AppState<S>>,
    query: Result<Query<LiveQuery>, axum::extract::rejection::QueryRejection>,
    upgrade: WebSocketUpgrade,
) -> Result<Response, AppError> {
    let Query(query) =
        query.map_err(|_| AppError::new(ErrorCode::Unauthorized, "Open the live channel with ?token=…"))?;
    let who = authenticate(&state, &query.token).await?;
    let changes = state.store.subscribe(&who.staff.site);
    let metrics = std::sync::Arc::clone(&state.metrics);
    Ok(upgrade.on_upgrade(move |socket| async move {
        metrics.live_connections.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        forward(socket, changes).await;
        metrics.live_connections.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
    }))
}

/// Sends the site's changes until the device goes away.
async fn forward(mut socket: WebSocket, mut changes: tokio::sync::broadcast::Receiver<LiveEvent>) {
    loop {
        let message = tokio::select! {
            change = changes.recv() => match change {
                Ok(LiveEvent::Change(change)) => LiveMessage::Change { seq: change.seq, task: change.task },
                Ok(LiveEvent::Resync) => LiveMessage::Resync,
                Err(RecvError::Lagged(_)) => LiveMessage::Resync,
                Err(RecvError::Closed) => return,
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Close(_)) | Err(_)) | None => return,
                Some(Ok(_)) => continue,
            },
        };
        let Ok(text) = serde_json::to_string(&message) else { continue };
        if socket.send(Message::Text(text.into())).await.is_err() {
            return;
        }
    }
}
