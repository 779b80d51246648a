//! The live channel: a WebSocket per device that announces at once each change the person may see
//! ([`floordesk_domain::FeedScope`]), and closes the moment the sign-in ends (signed out, device withdrawn, expired).
//!
//! Browsers cannot set headers on a WebSocket, so the channel is opened with `?ticket=`: a single-use ticket the
//! signed-in person asked for a moment before (`POST /api/v1/live/ticket`), good for a minute. A bearer token never
//! goes into an address (where proxies, logs and histories would keep it).

use std::sync::Arc;

use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Json;
use floordesk_domain::Timestamp;
use floordesk_protocol::{ErrorCode, LiveMessage, LiveTicket, LIVE_CLOSE_SESSION_ENDED, LIVE_TICKET_SECONDS};
use tokio::sync::broadcast::error::RecvError;

use crate::auth::{authenticate_hash, Authenticated};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::{LiveFeed, LiveFrame, Store};

/// The live channel's read buffer. A device only sends a close (and pings) on it, so a few KiB do; tungstenite's
/// default, 128 KiB, is zero-filled each time the read side is polled (once per message sent) and was most of a
/// connected device's memory on the server (issue 15's profile: `memset`, 16–18 % of the server's CPU under fan-out).
const LIVE_READ_BUFFER: usize = 4 * 1024;

/// The largest message a device may send on the live channel: it has nothing to say but a close.
const LIVE_MAX_MESSAGE: usize = 4 * 1024;

/// `POST /api/v1/live/ticket`: a ticket to open the live channel with.
pub async fn ticket<S: Store>(
    State(state): State<AppState<S>>,
    who: Authenticated,
) -> Result<Json<LiveTicket>, AppError> {
    let ticket = crate::auth::random_hex(32);
    let now = crate::state::now();
    let expires_at = Timestamp(now.0 + LIVE_TICKET_SECONDS * 1_000);
    state.store.issue_ticket(&crate::auth::hash_token(&ticket), &who.token_hash, expires_at, now).await?;
    Ok(Json(LiveTicket { ticket, expires_at }))
}

/// `GET /api/v1/live?ticket=…` (WebSocket).
pub async fn live<S: Store>(
    State(state): State<AppState<S>>,
    query: Result<Query<floordesk_protocol::LiveQuery>, axum::extract::rejection::QueryRejection>,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Result<Response, AppError> {
    let Query(query) = query.map_err(|_| {
        AppError::new(ErrorCode::Unauthorized, "Open the live channel with ?ticket=… (POST /api/v1/live/ticket).")
    })?;
    let used_up = || {
        AppError::new(ErrorCode::Unauthorized, "This live ticket is unknown, used or out of date; ask for a new one.")
    };
    let ticket_hash = crate::auth::hash_token(&query.ticket);
    let token_hash = state.store.redeem_ticket(&ticket_hash, crate::state::now()).await?.ok_or_else(used_up)?;
    let who = authenticate_hash(&state, token_hash).await?;
    // Not a WebSocket handshake (a plain GET, a proxy that drops `Upgrade`): said in JSON, with axum's status.
    let upgrade = upgrade.map_err(|e| AppError {
        status: e.status(),
        error: floordesk_protocol::ApiError::new(
            ErrorCode::BadRequest,
            format!("The live channel is a WebSocket; open it with a WebSocket handshake ({}).", e.body_text()),
        ),
    })?;
    // Subscribed before the upgrade: nothing committed from here on is missed.
    let feeds = Feeds {
        changes: state.store.subscribe(&who.staff.site, who.feed_scope()),
        ended: state.store.subscribe_ended(),
    };
    let upgrade =
        upgrade.read_buffer_size(LIVE_READ_BUFFER).max_message_size(LIVE_MAX_MESSAGE).max_frame_size(LIVE_MAX_MESSAGE);
    Ok(upgrade.on_upgrade(move |socket| async move {
        state.metrics.live_connections.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let ended = forward(&state, &who, socket, feeds).await;
        state.metrics.live_connections.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
        if let Some(why) = ended {
            tracing::info!(staff = %who.staff.id, why, "live channel closed: sign-in ended");
        }
    }))
}

/// What a live channel listens to.
struct Feeds {
    changes: LiveFeed,
    ended: tokio::sync::broadcast::Receiver<Arc<[String]>>,
}

/// [`LiveMessage::Resync`] as sent (`a_resync_is_sent_as_the_protocol_writes_it` keeps the two equal).
const RESYNC: &str = r#"{"type":"resync"}"#;

/// Why a sign-in is over, in words for the person.
const ENDED: &str = "This sign-in was ended (signed out, or the device was withdrawn); sign in again.";
const EXPIRED: &str = "This sign-in has expired; sign in again.";

/// Sends what the person may see until the device goes away (`None`) or the sign-in ends (`Some(why)`, after telling
/// the device and closing the socket).
async fn forward<S: Store>(
    state: &AppState<S>,
    who: &Authenticated,
    mut socket: WebSocket,
    mut feeds: Feeds,
) -> Option<&'static str> {
    let expiry =
        std::time::Duration::from_millis(u64::try_from(who.expires_at.millis_since(crate::state::now())).unwrap_or(0));
    let expired = tokio::time::sleep(expiry);
    tokio::pin!(expired);
    loop {
        let text = tokio::select! {
            frame = feeds.changes.recv() => match frame {
                // Serialised once by the hub for every channel that sees it.
                Some(LiveFrame::Message(json)) => match Utf8Bytes::try_from(json) {
                    Ok(text) => text,
                    Err(_) => continue,
                },
                // Announcements may have been lost, revocations among them: check the sign-in before going on.
                Some(LiveFrame::Resync) => match still_valid(state, who).await {
                    Ok(()) => Utf8Bytes::from_static(RESYNC),
                    Err(why) => return end(socket, why).await,
                },
                None => return None,
            },
            ended = feeds.ended.recv() => match ended {
                Ok(hashes) if hashes.contains(&who.token_hash) => return end(socket, ENDED).await,
                Ok(_) => continue,
                Err(RecvError::Lagged(_)) => match still_valid(state, who).await {
                    Ok(()) => continue,
                    Err(why) => return end(socket, why).await,
                },
                Err(RecvError::Closed) => return None,
            },
            () = &mut expired => return end(socket, EXPIRED).await,
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Close(_)) | Err(_)) | None => return None,
                Some(Ok(_)) => continue,
            },
        };
        if socket.send(Message::Text(text)).await.is_err() {
            return None;
        }
    }
}

/// Whether the session is still unrevoked and unexpired in the store (a failing store keeps the channel: the next
/// request will tell).
async fn still_valid<S: Store>(state: &AppState<S>, who: &Authenticated) -> Result<(), &'static str> {
    match state.store.session(&who.token_hash).await {
        Ok(Some(session)) if session.revoked => Err(ENDED),
        Ok(Some(session)) if session.expires_at <= crate::state::now() => Err(EXPIRED),
        Ok(None) => Err(ENDED),
        Ok(Some(_)) | Err(_) => Ok(()),
    }
}

/// Tells the device its sign-in ended and closes the socket.
async fn end(mut socket: WebSocket, why: &'static str) -> Option<&'static str> {
    let message = LiveMessage::SessionEnded { message: why.to_owned() };
    if let Ok(text) = serde_json::to_string(&message) {
        let _ = socket.send(Message::Text(text.into())).await;
    }
    let frame = CloseFrame { code: LIVE_CLOSE_SESSION_ENDED, reason: "session ended".into() };
    let _ = socket.send(Message::Close(Some(frame))).await;
    Some(why)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_resync_is_sent_as_the_protocol_writes_it() {
        let written = serde_json::to_string(&floordesk_protocol::LiveMessage::Resync).unwrap();
        assert_eq!(written, super::RESYNC);
    }
}
