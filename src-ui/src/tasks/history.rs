//! A task's history under its card: who did what and when, on which device, from which state to which, to whom, and
//! the reason they gave — as the server keeps it (asked when opened, and again when the task changes).

use floordesk_domain::{DeadlineTable, StaffId, TaskId, WorkingDays};
use floordesk_protocol::{HistoryEntry, OpKind, TaskHistory};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Api, Backend};
use crate::format::site_time;
use crate::i18n::{self, t, tr, Lang, Msg, UiLang};
use crate::notice::{ErrorLine, Loading};
use crate::tasks::panels::Panel;

/// The history of `task`, under its card (made again, so asked again, whenever the task changes).
#[component]
pub fn HistoryPanel(task: TaskId, deadlines: Signal<DeadlineTable>) -> impl IntoView {
    let lang = UiLang::expect();
    let api = expect_context::<Backend>();
    let panels = expect_context::<crate::tasks::Shared>().panels;
    let history = RwSignal::new(None::<Result<TaskHistory, floordesk_protocol::ApiError>>);
    let id = task.clone();
    spawn_local(async move {
        let answer = api.task_history(id).await;
        // The panel may have closed meanwhile.
        let _ = history.try_set(Some(answer));
    });
    let line = move |e: HistoryEntry| {
        let note = e.note.clone().map(|n| i18n::reason(lang.get_untracked(), e.action, n));
        let words = deadlines.with_untracked(|d| entry_words(lang.get_untracked(), &e, d.calendar()));
        view! {
            <li class="history-entry" data-action=e.action.map(OpKind::as_str)>
                {words}
                {note.map(|note| view! { <q class="note">{note}</q> })}
            </li>
        }
    };
    view! {
        <div class="history" role="group" aria-label=tr(Msg::HistoryTitle)>
            <p class="panel-title">{tr(Msg::HistoryTitle)}</p>
            {move || match history.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorLine error=e /> }.into_any(),
                Some(Ok(h)) if h.entries.is_empty() => view! { <p class="empty">{tr(Msg::HistoryEmpty)}</p> }.into_any(),
                Some(Ok(h)) => {
                    view! { <ol class="history-list">{h.entries.into_iter().map(line).collect_view()}</ol> }.into_any()
                }
            }}
            <button class="secondary" data-action="history-close" on:click=move |_| panels.set(Panel::History, None)>
                {tr(Msg::Close)}
            </button>
        </div>
    }
}

/// One line of the history: «14:05 · Анна Смирнова · передана: назначена → принята · → Игорь Петров · hh-a».
fn entry_words(lang: Lang, e: &HistoryEntry, site: &WorkingDays) -> String {
    let who = match (e.action, &e.actor_name) {
        (Some(OpKind::Rule), _) => t(lang, Msg::ServiceRules),
        (_, Some(name)) => name,
        (_, None) => e.actor.as_str(),
    };
    let did = e.action.map_or("—", |k| t(lang, i18n::op_kind(k)));
    let states = match e.from {
        Some(from) if from != e.to => format!("{} → {}", i18n::status(lang, from), i18n::status(lang, e.to)),
        _ => i18n::status(lang, e.to).to_owned(),
    };
    let to = e.assignee_name.as_deref().or(e.assignee.as_ref().map(StaffId::as_str)).map(|to| format!(" · → {to}"));
    // The device by its id; a browser's is named in words, the rules' is the rules themselves.
    let device = match e.device.as_str() {
        "browser" => format!(" · {}", t(lang, Msg::Browser)),
        "rules" => String::new(),
        id => format!(" · {id}"),
    };
    format!("{} · {who} · {did}: {states}{}{device}", site_time(e.at, site), to.unwrap_or_default())
}
