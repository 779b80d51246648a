//! One visitor's other open tasks on a card ("one window"), from the tasks the person sees, and the way to their
//! whole visit.

use floordesk_domain::Task;
use floordesk_protocol::TaskView;
use leptos::prelude::*;

use crate::i18n::{self, t, tr, Msg, UiLang};

/// Every task the person sees now, for gathering one visitor's tasks ("one window").
#[derive(Debug, Clone, Copy)]
pub struct VisibleTasks(pub Memo<Vec<TaskView>>);

/// One visitor's other open tasks that the person sees ("one window"), and a button to the whole visit; shown while
/// the visitor has other open tasks here, or a visit owner.
#[component]
pub fn VisitorCaseTasks(task: Task) -> impl IntoView {
    let lang = UiLang::expect();
    let shared = expect_context::<crate::tasks::Shared>();
    let visible = shared.visible;
    let case = task.case_id.clone();
    let owned = task.case_owner.is_some();
    let visits = shared.visits;
    let whole = case.clone();
    let others = Memo::new(move |_| {
        visible
            .0
            .get()
            .into_iter()
            .filter(|v| v.task.id != task.id && v.task.case_id.is_some() && v.task.case_id == case)
            .collect::<Vec<TaskView>>()
    });
    move || {
        let list = others.get();
        (owned || !list.is_empty()).then(|| {
            let count = list.len() + 1;
            let whole = whole.clone();
            view! {
                <details class="case-tasks">
                    <summary>{move || i18n::case_open(lang.get(), count as u64)}</summary>
                    <ul>
                        {list
                            .into_iter()
                            .map(|v| {
                                let kind = v.task.kind();
                                let status = v.task.status;
                                let holder = v.assignee_name.clone();
                                view! {
                                    <li data-case-task=v
                                        .task
                                        .id
                                        .to_string()>
                                        {move || {
                                            let lang = lang.get();
                                            let who = holder.clone().unwrap_or_else(|| t(lang, Msg::Nobody).to_owned());
                                            format!(
                                                "{} — {} · {who}",
                                                i18n::kind(lang, kind),
                                                i18n::status(lang, status),
                                            )
                                        }}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    <button
                        class="secondary"
                        data-action="visit"
                        on:click=move |_| {
                            if let Some(case) = whole.clone() {
                                visits.open(Some(case));
                            }
                        }
                    >
                        {tr(Msg::VisitOpen)}
                    </button>
                </details>
            }
        })
    }
}
