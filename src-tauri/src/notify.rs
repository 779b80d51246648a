//! Notifications: what the engine says should reach the person, shown with tauri-plugin-notification (on Linux,
//! `org.freedesktop.Notifications` on the session bus). The text is generic — what happened, never who or what
//! about — because a notification shows on a locked handheld in a public hall — in the signed-in person's language.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use floordesk_sync::{engine::now, Engine, Notice};
use tauri::{AppHandle, Runtime};
use tauri_plugin_notification::NotificationExt;
use tokio::sync::broadcast::error::RecvError;

/// The title of every notification.
pub const TITLE: &str = "FloorDesk";

/// The signed-in person's language for notifications, as the window last said: Russian (the floor's language)
/// unless it said English. Shared by the command that sets it and the task that shows the notices.
#[derive(Debug, Clone, Default)]
pub struct NoticeLanguage(Arc<AtomicBool>);

impl NoticeLanguage {
    /// Takes the window's language code ("ru" or "en"); anything else is refused.
    ///
    /// # Errors
    /// An unknown code.
    pub fn set(&self, code: &str) -> Result<(), String> {
        match code {
            "ru" | "en" => {
                self.0.store(code == "en", Ordering::Relaxed);
                Ok(())
            }
            other => Err(format!("\"{other}\" is not a language of FloorDesk: give \"ru\" or \"en\".")),
        }
    }

    /// Whether notices are shown in English.
    pub fn english(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// The words of a notice in Russian, or in English.
pub fn text(notice: Notice, english: bool) -> &'static str {
    match (notice, english) {
        (Notice::AssignedToMe, false) => "Вам назначена задача",
        (Notice::UrgentInMyZone, false) => "Срочная задача в вашей зоне",
        (Notice::ReassignedAway, false) => "Ваша задача передана другому сотруднику",
        (Notice::DeadlineNear, false) => "Срок вашей задачи подходит к концу",
        (Notice::ChildcareOverdue, false) => "Ребёнка не забрали в оговорённое время",
        (Notice::Reminder, false) => "Напоминание по вашей задаче",
        (Notice::Attention, false) => "Задача требует внимания супервайзера",
        (Notice::AssignedToMe, true) => "A task was assigned to you",
        (Notice::UrgentInMyZone, true) => "An urgent task in your zone",
        (Notice::ReassignedAway, true) => "Your task was given to someone else",
        (Notice::DeadlineNear, true) => "One of your tasks is nearing its deadline",
        (Notice::ChildcareOverdue, true) => "A child has been looked after past the agreed time",
        (Notice::Reminder, true) => "A reminder about one of your tasks",
        (Notice::Attention, true) => "A task needs a supervisor's attention",
    }
}

/// Shows one notice in `language`.
pub fn show<R: Runtime>(app: &AppHandle<R>, notice: Notice, language: &NoticeLanguage) {
    let body = text(notice, language.english());
    if let Err(e) = app.notification().builder().title(TITLE).body(body).show() {
        tracing::warn!(error = %e, "could not show a notification");
    }
}

/// How often the deadlines of the person's tasks are looked at.
const DEADLINE_CHECK: Duration = Duration::from_secs(30);

/// Shows the engine's notices as they come, and a notice for each of the person's tasks that comes close to its
/// deadline (once per task), until the engine goes away.
pub async fn forward<R: Runtime>(app: AppHandle<R>, engine: Arc<Engine>, language: NoticeLanguage) {
    let mut notices = engine.notices();
    let mut announced = HashSet::new();
    let mut tick = tokio::time::interval(DEADLINE_CHECK);
    loop {
        tokio::select! {
            notice = notices.recv() => match notice {
                Ok(notice) => show(&app, notice, &language),
                Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => return,
            },
            _ = tick.tick() => {
                for notice in engine.deadline_notices(now(), &mut announced).await.unwrap_or_default() {
                    show(&app, notice, &language);
                }
            }
        }
    }
}
