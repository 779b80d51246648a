//! Notifications: what the engine says should reach the person, shown with tauri-plugin-notification (on Linux,
//! `org.freedesktop.Notifications` on the session bus). The text is generic — what happened, never who or what
//! about — because a notification shows on a locked handheld in a public hall.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use floordesk_sync::{deadline_notices, engine::now, Engine, Notice};
use tauri::{AppHandle, Runtime};
use tauri_plugin_notification::NotificationExt;
use tokio::sync::broadcast::error::RecvError;

/// The title of every notification.
pub const TITLE: &str = "FloorDesk";

/// The words of a notice (Russian, the floor's language).
pub fn text(notice: Notice) -> &'static str {
    match notice {
        Notice::AssignedToMe => "Вам назначена задача",
        Notice::UrgentInMyZone => "Срочная задача в вашей зоне",
        Notice::ReassignedAway => "Ваша задача передана другому сотруднику",
        Notice::DeadlineNear => "Срок вашей задачи подходит к концу",
    }
}

/// Shows one notice.
pub fn show<R: Runtime>(app: &AppHandle<R>, notice: Notice) {
    if let Err(e) = app.notification().builder().title(TITLE).body(text(notice)).show() {
        tracing::warn!(error = %e, "could not show a notification");
    }
}

/// How often the deadlines of the person's tasks are looked at.
const DEADLINE_CHECK: Duration = Duration::from_secs(30);

/// Shows the engine's notices as they come, and a notice for each of the person's tasks that comes close to its
/// deadline (once per task), until the engine goes away.
pub async fn forward<R: Runtime>(app: AppHandle<R>, engine: Arc<Engine>) {
    let mut notices = engine.notices();
    let mut announced = HashSet::new();
    let mut tick = tokio::time::interval(DEADLINE_CHECK);
    loop {
        tokio::select! {
            notice = notices.recv() => match notice {
                Ok(notice) => show(&app, notice),
                Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => return,
            },
            _ = tick.tick() => {
                if let Ok(view) = engine.view().await {
                    let deadlines = engine.deadlines().await;
                    for notice in deadline_notices(&view.person.id, &view.tasks, &deadlines, now(), &mut announced) {
                        show(&app, notice);
                    }
                }
            }
        }
    }
}
