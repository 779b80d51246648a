//! Give a task to someone of the site by menu: pick the person (of those on shift) and, taking it from its holder,
//! say why (kept in its history); past the hand-off limit a reason is required (the domain's `Task::give` decides).

use floordesk_domain::{Action, Giving, StaffId, Task, TaskId};
use floordesk_protocol::{FloorNow, StaffProfile};
use leptos::prelude::*;

use crate::dom::focus_first;
use crate::i18n::{self, tr, Msg, UiLang};
use crate::tasks::panels::{Panel, Panels};

/// The people of the signed-in person's site a task can be given to (for those who may assign or reassign).
#[derive(Debug, Clone, Copy)]
pub struct SitePeople(pub RwSignal<Vec<StaffProfile>>);

/// Who is on shift, as last heard (none: not heard, say offline in the app): only they are offered.
#[derive(Debug, Clone, Copy)]
pub struct OnShiftNow(pub RwSignal<Option<FloorNow>>);

impl OnShiftNow {
    /// Whether `staff` may be offered a task now: on shift and working, or anyone while who is on shift is unknown.
    pub fn offers(self, staff: &StaffId) -> bool {
        self.0.with(|f| {
            f.as_ref().is_none_or(|f| f.people.iter().any(|o| o.presence.staff == *staff && o.presence.takes_work()))
        })
    }
}

/// The reassignment being prepared, kept by the screen across the list's refresh.
#[derive(Debug, Clone, Copy)]
pub struct ReassignDraft {
    /// Which card it is open on.
    panels: Panels,
    pub to: RwSignal<String>,
    reason: RwSignal<String>,
}

impl ReassignDraft {
    pub fn new(panels: Panels) -> Self {
        Self { panels, to: RwSignal::new(String::new()), reason: RwSignal::new(String::new()) }
    }

    pub fn open(self, task: TaskId) {
        self.close();
        self.panels.set(Panel::Reassign, Some(task));
    }

    pub fn close(self) {
        self.panels.set(Panel::Reassign, None);
        self.to.set(String::new());
        self.reason.set(String::new());
    }
}

/// Give a task to someone of the site: pick the person; past the hand-off limit a reason is required (the rules
/// let only a supervisor go over it, and only with one).
#[component]
pub fn ReassignPanel(task: Task, act: Callback<(TaskId, Action)>) -> impl IntoView {
    let lang = UiLang::expect();
    let shared = expect_context::<crate::tasks::Shared>();
    let (draft, people, on_shift) = (shared.reassign, shared.people.0, shared.on_shift);
    let chosen = move || StaffId::new(draft.to.get()).ok();
    // What giving it to the person chosen would take: a reason past the hand-off limit (also for a task handed back
    // to the pool after two hand-offs).
    let needs_reason = {
        let task = task.clone();
        Memo::new(move |_| chosen().is_some_and(|to| task.give(&to, None) == Giving::NeedsReason))
    };
    let giving = {
        let task = task.clone();
        move || {
            let reason = draft.reason.get();
            chosen().map(|to| task.give(&to, (!reason.trim().is_empty()).then_some(reason)))
        }
    };
    let ready = {
        let giving = giving.clone();
        move || matches!(giving(), Some(Giving::Ready(_)))
    };
    let id = task.id.clone();
    let give = move |_| {
        let Some(Giving::Ready(action)) = untrack(&giving) else { return };
        draft.close();
        act.run((id.clone(), action));
    };
    let current = task.assignee.clone();
    let held = current.is_some();
    focus_first("#reassign-to");
    view! {
        <div class="reassign" role="group" aria-label=tr(Msg::GiveTo)>
            <label>
                {tr(Msg::GiveToWhom)}
                <select
                    id="reassign-to"
                    on:change=move |ev| draft.to.set(event_target_value(&ev))
                    prop:value=move || draft.to.get()
                >
                    <option value="">"—"</option>
                    {move || {
                        people
                            .get()
                            .into_iter()
                            .filter(|p| Some(&p.id) != current.as_ref() && on_shift.offers(&p.id))
                            .map(|p| {
                                let label = format!("{} ({})", p.display_name, i18n::role(lang.get(), p.role));
                                view! { <option value=p.id.to_string()>{label}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
            // Giving a held task to another says why, for its history: required past the hand-off limit.
            {move || {
                (needs_reason.get() || held)
                    .then(|| {
                        view! {
                            <label>
                                {tr(if needs_reason.get() { Msg::ReasonRequired } else { Msg::ReasonOptional })}
                                <input
                                    id="reassign-reason"
                                    maxlength="500"
                                    prop:value=move || draft.reason.get()
                                    on:input=move |ev| draft.reason.set(event_target_value(&ev))
                                />
                            </label>
                        }
                    })
            }}
            <div class="actions">
                <button id="reassign-give" class="primary" disabled=move || !ready() on:click=give>
                    {tr(Msg::GiveTo)}
                </button>
                <button id="reassign-cancel" on:click=move |_| draft.close()>
                    {tr(Msg::Cancel)}
                </button>
            </div>
        </div>
    }
}
