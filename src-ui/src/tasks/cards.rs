//! The task cards: kind, priority, status, summary, holder, the clock, the visitor's other tasks, the hand-off
//! counter, the one-tap actions the domain allows this person now, and the task's history.

use floordesk_domain::{Action, Actor, DeadlineTable, Permission, StepName, TaskId, Timestamp, MAX_HANDOFFS};
use floordesk_protocol::TaskView;
use leptos::prelude::*;

use crate::dom::focus_first;
use crate::format::{self, client_now, handoffs_class, priority_class, task_summary};
use crate::i18n::{self, tr, Msg, UiLang};
use crate::tasks::alerts::RuleNotes;
use crate::tasks::case::VisitorCaseTasks;
use crate::tasks::history::HistoryPanel;
use crate::tasks::panels::Panel;
use crate::tasks::rating::RatingPanel;
use crate::tasks::reassign::ReassignPanel;
use crate::tasks::steps::{allowed_steps, Asking, StepButton, StepPanel};

/// The one-tap actions a card offers, in the order of the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardAction {
    Claim,
    Accept,
    Start,
    /// Done: asks the visitor for a rating first.
    Complete,
    /// The way out, not the next step of the work: asks why first (which may go unsaid).
    HandBack,
}

impl CardAction {
    pub const ALL: [CardAction; 5] =
        [CardAction::Claim, CardAction::Accept, CardAction::Start, CardAction::Complete, CardAction::HandBack];

    /// The action the domain decides on (done without a rating, to ask whether it is allowed).
    pub fn action(self) -> Action {
        match self {
            CardAction::Claim => Action::Claim,
            CardAction::Accept => Action::Accept,
            CardAction::Start => Action::Start,
            CardAction::Complete => Action::Complete { rating: None },
            CardAction::HandBack => Action::HandBack { reason: None },
        }
    }

    /// The button's `data-action`, which the tests press.
    pub fn name(self) -> &'static str {
        match self {
            CardAction::Claim => "claim",
            CardAction::Accept => "accept",
            CardAction::Start => "start",
            CardAction::Complete => "complete",
            CardAction::HandBack => "hand_back",
        }
    }

    /// The button's words.
    pub fn label(self) -> Msg {
        match self {
            CardAction::Claim => Msg::Claim,
            CardAction::Accept => Msg::Accept,
            CardAction::Start => Msg::StartWork,
            CardAction::Complete => Msg::Done,
            CardAction::HandBack => Msg::HandBack,
        }
    }
}

/// The zones of the site, to say a card's zone to whoever oversees more than one.
#[derive(Debug, Clone, Copy)]
pub struct SiteZones(pub RwSignal<Vec<floordesk_protocol::ZoneInfo>>);

#[component]
pub fn TaskCards(
    tasks: Signal<Vec<TaskView>>,
    deadlines: Signal<DeadlineTable>,
    now: Signal<Timestamp>,
    actor: Actor,
    act: Callback<(TaskId, Action)>,
    /// Cards take the focus, for the arrow keys of the wide floor.
    #[prop(optional)]
    focusable: bool,
) -> impl IntoView {
    let lang = UiLang::expect();
    let no_tasks = tr(Msg::NoTasks);
    // Whoever gives out the work reads why a task asks for attention.
    let oversees = actor.role.can(Permission::ViewSiteTasks)
        && (actor.role.can(Permission::AssignTask) || actor.role.can(Permission::ReassignTask));
    // One card per task, keyed by what it shows: a refresh that changes another task leaves this card (and an open
    // rating or reassignment panel in it, with its focus) as it is.
    let card = move |view: TaskView| {
        let task = view.task.clone();
        let kind = task.details.kind();
        let priority = task.priority;
        let status = task.status;
        let summary_task = task.clone();
        // The actions the rules allow this person now: the domain decides, as on the server.
        // One-tap work is for one's own tasks and free ones; giving a task to someone else goes through
        // the reassign menu.
        let mine_or_free = task.assignee.as_ref().is_none_or(|a| *a == actor.staff);
        // Actions are stamped with this device's clock (both adapters do), so what is allowed now is decided on it
        // too (a task's times must stay in order); the ticking server clock is for showing clocks.
        let at = client_now();
        let allowed: Vec<CardAction> = CardAction::ALL
            .into_iter()
            .filter(|_| mine_or_free)
            .filter(|a| task.apply(&actor, &a.action(), at).is_ok())
            .collect();
        // Taking the task comes first, then what the kind needs next (the first step is the next one), then the
        // rest of the work.
        let (taking, working): (Vec<CardAction>, Vec<CardAction>) =
            allowed.into_iter().partition(|a| matches!(a, CardAction::Claim | CardAction::Accept));
        // Steps that move the work on come before it; those that turn it aside (not ready, re-route…) after.
        let (setbacks, onward): (Vec<StepName>, Vec<StepName>) =
            allowed_steps(&task, &actor, at).into_iter().partition(|s| s.is_setback());
        // The next step stands out on one's own task; on a free one taking it comes first.
        let held = task.assignee.as_ref() == Some(&actor.staff);
        // While the kind's next step stands out, «Готово» does not compete with it (a kiosk's outcome, a
        // destination: done is allowed without them, but they come first).
        let step_leads = held && !onward.is_empty();
        let may_cancel = task.apply(&actor, &Action::Cancel { reason: "x".into() }, at).is_ok();
        let shared = expect_context::<crate::tasks::Shared>();
        let (asked, step_id) = (shared.step, task.id.clone());
        // Who met the crew, by name: the site's people (once they have loaded), or the holder's name when it was the
        // holder.
        let people = shared.people.0;
        let holder_name = view.assignee_name.clone();
        let progress_task = task.clone();
        let progress = move || {
            let t = &progress_task;
            let met_by = t.progress.crew_met_by.as_ref().and_then(|who| {
                people
                    .with(|people| people.iter().find(|p| &p.id == who).map(|p| p.display_name.clone()))
                    .or_else(|| (t.assignee.as_ref() == Some(who)).then(|| holder_name.clone()).flatten())
            });
            deadlines.with(|d| format::progress(lang.get(), t, met_by.as_deref(), d.calendar()))
        };
        let id = task.id.clone();
        let rating_id = task.id.clone();
        let (draft, moving) = (shared.rating, shared.reassign);
        // Whoever sees the whole site reads each card's zone.
        let zone = oversees.then(|| {
            let (zones, id) = (shared.zones.0, task.zone.clone());
            move || zones.with(|z| z.iter().find(|z| z.id == id).map(|z| z.name.clone()))
        });
        let panels = shared.panels;
        let open_here = panels.card(&task.id);
        let open = move |panel: Panel| open_here.with(|bits| bits & panel as u8 != 0);
        let handoffs = task.handoffs;
        let may_move = task.status.is_open()
            && if task.assignee.is_some() {
                actor.role.can(Permission::ReassignTask)
            } else {
                actor.role.can(Permission::AssignTask)
            };
        let move_task = task.clone();
        let drag_id = task.id.to_string();
        // Another task for the same visitor, for whoever may create one, while this one is open.
        let more_for_visitor =
            task.case_id.clone().filter(|_| actor.role.can(Permission::CreateTask) && task.status.is_open());
        // A one-tap action of the work; done asks for the visitor's rating first.
        let button = {
            let id = id.clone();
            move |action: CardAction| {
                let id = id.clone();
                view! {
                    <button
                        class=if action == CardAction::HandBack || (step_leads && action == CardAction::Complete) {
                            "secondary"
                        } else {
                            "primary"
                        }
                        data-action=action.name()
                        on:click=move |_| {
                            if action == CardAction::Complete {
                                draft.open(id.clone());
                            } else if action == CardAction::HandBack {
                                asked.ask(id.clone(), Asking::HandBack);
                            } else {
                                act.run((id.clone(), action.action()));
                            }
                        }
                    >
                        {tr(action.label())}
                    </button>
                }
            }
        };
        let clock = deadlines
            .with_untracked(|table| shared.clocks.of(task.clone(), table, lang.get_untracked(), now.get_untracked()));
        view! {
            <li
                class=format!("task {}", priority_class(priority))
                data-task-id=view.task.id.to_string()
                data-version=view.task.version
                data-status=status.as_str()
                tabindex=focusable.then_some("0")
                aria-labelledby=focusable.then(|| format!("head-{0} summary-{0}", view.task.id))
                draggable=may_move.then_some("true")
                on:dragstart=move |ev: web_sys::DragEvent| {
                    if let Some(data) = ev.data_transfer() {
                        let _ = data.set_data(crate::floor::DRAG_TYPE, &drag_id);
                    }
                }
            >
                <div class="head" id=focusable.then(|| format!("head-{}", view.task.id))>
                    <span class="kind">{move || i18n::kind(lang.get(), kind)}</span>
                    <span class="prio">{move || i18n::priority(lang.get(), priority)}</span>
                    <span class="status">{move || i18n::status(lang.get(), status)}</span>
                </div>
                {zone.map(|name| view! { <p class="zone">{name}</p> })}
                <p class="summary" id=focusable.then(|| format!("summary-{}", view.task.id))>
                    {move || task_summary(lang.get(), &summary_task)}
                </p>
                <RuleNotes task=task.clone() me=actor.staff.clone() oversees=oversees />
                {view
                    .assignee_name
                    .clone()
                    .filter(|_| task.assignee.as_ref() != Some(&actor.staff))
                    .map(|name| {
                        let label = tr(Msg::Holder);
                        view! { <p class="holder">{move || format!("{}: {name}", label())}</p> }
                    })}
                <div class=move || clock.with(|c| format!("clock {}", c.0))>{move || clock.with(|c| c.1.clone())}</div>
                {view.pending.then(|| view! { <span class="pending">{tr(Msg::PendingMark)}</span> })}
                {task.case_id.is_some().then(|| view! { <VisitorCaseTasks task=task.clone() /> })}
                {(handoffs > 0)
                    .then(|| {
                        view! {
                            <span class=handoffs_class(
                                handoffs,
                            )>{move || i18n::handoffs(lang.get(), handoffs, MAX_HANDOFFS)}</span>
                        }
                    })}
                {move || {
                    let words = progress();
                    (!words.is_empty()).then(|| view! { <p class="progress">{words}</p> })
                }}
                <div class="actions">
                    {taking.into_iter().map(button.clone()).collect_view()}
                    {onward
                        .into_iter()
                        .zip(0..)
                        .map(|(step, i)| {
                            view! { <StepButton task=id.clone() step=step primary=i == 0 && held act=act /> }
                        })
                        .collect_view()} {working.into_iter().map(button).collect_view()}
                    {setbacks
                        .into_iter()
                        .map(|step| view! { <StepButton task=id.clone() step=step primary=false act=act /> })
                        .collect_view()}
                    {may_cancel
                        .then(|| {
                            let id = id.clone();
                            view! {
                                <button
                                    class="secondary"
                                    data-action="cancel"
                                    on:click=move |_| asked.ask(id.clone(), Asking::Cancel)
                                >
                                    {tr(Msg::CancelTask)}
                                </button>
                            }
                        })}
                    {more_for_visitor
                        .map(|case| {
                            let creating = expect_context::<crate::tasks::Shared>().create;
                            let label = tr(Msg::MoreForVisitor);
                            view! {
                                <button
                                    class="secondary"
                                    data-action="case-more"
                                    on:click=move |_| {
                                        creating.for_case(case.clone());
                                        focus_first(".kind-tile");
                                    }
                                >
                                    {move || format!("+ {}", label())}
                                </button>
                            }
                        })}
                    {may_move
                        .then(|| {
                            let id = move_task.id.clone();
                            view! {
                                <button
                                    class="secondary"
                                    data-action="reassign"
                                    on:click=move |_| moving.open(id.clone())
                                >
                                    {tr(Msg::GiveTo)}
                                </button>
                            }
                        })}
                    {
                        let id = id.clone();
                        view! {
                            <button
                                class="secondary"
                                data-action="history"
                                on:click=move |_| {
                                    panels.set(Panel::History, (!open(Panel::History)).then(|| id.clone()))
                                }
                            >
                                {tr(Msg::History)}
                            </button>
                        }
                    }
                </div>
                // A panel follows what it asks for only while it is open on this card.
                {move || {
                    open(Panel::Step)
                        .then(|| asked.open.get())
                        .flatten()
                        .filter(|(task, _)| *task == step_id)
                        .map(|(task, asking)| view! { <StepPanel task=task asking=asking act=act /> })
                }}
                {
                    let id = id.clone();
                    move || {
                        open(Panel::History).then(|| view! { <HistoryPanel task=id.clone() deadlines=deadlines /> })
                    }
                }
                {move || { open(Panel::Rating).then(|| view! { <RatingPanel task=rating_id.clone() act=act /> }) }}
                {
                    let task = move_task.clone();
                    move || { open(Panel::Reassign).then(|| view! { <ReassignPanel task=task.clone() act=act /> }) }
                }
            </li>
        }
    };
    view! {
        <Show when=move || !tasks.with(Vec::is_empty) fallback=move || view! { <p class="empty">{no_tasks}</p> }>
            <ul class="tasks">
                <For
                    each=move || tasks.get()
                    key=|v| (v.task.id.clone(), v.task.version, v.pending, v.assignee_name.clone())
                    children=card.clone()
                />
            </ul>
        </Show>
    }
}
