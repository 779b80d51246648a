//! The supervisor's attention list: what the rules escalated and nobody has acted on yet, oldest first, each with
//! one tap to act — give it to the person the rules suggest, or open the task's menu to choose whom.

use floordesk_domain::{Action, Giving, StaffId, TaskId, WorkingDays};
use floordesk_protocol::{FloorNow, TaskView};
use leptos::prelude::*;

use crate::format::{site_time, summary};
use crate::i18n::{self, tr, Msg, UiLang};
use crate::tasks::alerts::why;

/// The open tasks that ask the supervisors' attention, the longest asking first.
pub fn asking(tasks: &[TaskView]) -> Vec<TaskView> {
    let mut asking: Vec<TaskView> = tasks.iter().filter(|v| v.task.attention().is_some()).cloned().collect();
    crate::tasks::order(&mut asking, |a, b| {
        (a.task.attention().map(|a| a.at), &a.task.id).cmp(&(b.task.attention().map(|b| b.at), &b.task.id))
    });
    asking
}

#[component]
pub fn AttentionList(
    tasks: Memo<Vec<TaskView>>,
    floor: RwSignal<Option<FloorNow>>,
    site: Signal<WorkingDays>,
    act: Callback<(TaskId, Action)>,
) -> impl IntoView {
    let lang = UiLang::expect();
    let moving = expect_context::<crate::tasks::Shared>().reassign;
    let list = Memo::new(move |_| asking(&tasks.get()));
    // Who may be given work now: on shift and working, by name.
    let takers = Memo::new(move |_| {
        floor.with(|f| {
            f.as_ref()
                .map(|f| {
                    f.people
                        .iter()
                        .filter(|p| p.presence.takes_work())
                        .map(|p| (p.presence.staff.clone(), p.name.clone()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let give = move |view: &TaskView, to: StaffId| match view.task.give(&to, None) {
        Giving::Ready(action) => act.run((view.task.id.clone(), action)),
        Giving::NeedsReason => {
            moving.open(view.task.id.clone());
            moving.to.set(to.to_string());
        }
        Giving::Nothing => {}
    };
    view! {
        <section id="attention" class="board attention" aria-labelledby="attention-title">
            <h2 id="attention-title">
                {move || format!("{} ({})", i18n::t(lang.get(), Msg::Attention), list.with(Vec::len))}
            </h2>
            <Show
                when=move || !list.with(Vec::is_empty)
                fallback=move || view! { <p class="hint">{tr(Msg::AttentionEmpty)}</p> }
            >
                <ul class="asking">
                    <For
                        each=move || list.get()
                        key=|v| (v.task.id.clone(), v.task.version)
                        children=move |view| {
                            let alert = view.task.attention().cloned();
                            let since = alert.as_ref().map(|a| site.with_untracked(|s| site_time(a.at, s)));
                            let suggested = alert
                                .as_ref()
                                .and_then(|a| a.staff.clone())
                                .and_then(|s| takers.with_untracked(|t| t.iter().find(|(id, _)| *id == s).cloned()));
                            let (kind, details) = (view.task.kind(), view.task.details.clone());
                            let (one, two) = (view.clone(), view.clone());
                            view! {
                                <li class="asking-task" data-task-id=view.task.id.to_string()>
                                    <span class="kind">{move || i18n::kind(lang.get(), kind)}</span>
                                    <span class="summary">{move || summary(lang.get(), &details)}</span>
                                    <span class="why">
                                        {move || alert.as_ref().map(|a| why(lang.get(), a)).unwrap_or_default()}
                                    </span>
                                    <span class="since">
                                        {move || since.clone().map(|at| i18n::asking_since(lang.get(), at))}
                                    </span>
                                    <span class="actions">
                                        {suggested
                                            .map(|(id, name)| {
                                                let one = one.clone();
                                                view! {
                                                    <button
                                                        class="primary"
                                                        data-action="give-suggested"
                                                        on:click=move |_| give(&one, id.clone())
                                                    >
                                                        {move || i18n::give_suggested(lang.get(), &name)}
                                                    </button>
                                                }
                                            })}
                                        <button
                                            class="secondary"
                                            data-action="give"
                                            on:click=move |_| moving.open(two.task.id.clone())
                                        >
                                            {tr(Msg::GiveWhom)}
                                        </button>
                                    </span>
                                </li>
                            }
                        }
                    />
                </ul>
            </Show>
        </section>
    }
}
