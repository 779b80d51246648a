//! A card's steps of the kind's own work, and its cancellation: one tap when the step asks for nothing, otherwise
//! a small panel under the card — a few words (why not ready, to whom the child went), or one of a short list of
//! choices (how the sender was told, what came of the kiosk, why cancel); and why a task is handed back.

use floordesk_domain::{
    AckChannel, Action, Actor, CancelReason, KioskOutcome, Step, StepInput, StepName, Task, TaskId, Timestamp,
    TO_PARENT,
};
use leptos::prelude::*;

use crate::dom::focus_first;
use crate::i18n::{self, tr, Msg};
use crate::tasks::panels::{Panel, Panels};

/// What a card's panel asks for: a step's input, why to cancel, or why to hand it back (which may go unsaid).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asking {
    Step(StepName),
    Cancel,
    HandBack,
}

/// The open panel, kept by the screen so the list's refresh neither closes it nor loses the typed words.
#[derive(Debug, Clone, Copy)]
pub struct StepDraft {
    /// The task whose panel is open, and what it asks for.
    pub open: RwSignal<Option<(TaskId, Asking)>>,
    /// Which card it is open on.
    panels: Panels,
    text: RwSignal<String>,
}

impl StepDraft {
    pub fn new(panels: Panels) -> Self {
        Self { open: RwSignal::new(None), panels, text: RwSignal::new(String::new()) }
    }

    pub fn ask(self, task: TaskId, asking: Asking) {
        self.text.set(String::new());
        self.open.set(Some((task.clone(), asking)));
        self.panels.set(Panel::Step, Some(task));
    }

    pub fn close(self) {
        self.open.set(None);
        self.panels.set(Panel::Step, None);
        self.text.set(String::new());
    }
}

/// The steps of the kind's work `actor` may record on `task` at `at`, as the domain decides (the next one first).
pub fn allowed_steps(task: &Task, actor: &Actor, at: Timestamp) -> Vec<StepName> {
    task.next_steps()
        .into_iter()
        .filter(|s| {
            s.with_input("x", Some(0)).is_some_and(|step| task.apply(actor, &Action::Step { step }, at).is_ok())
        })
        .collect()
}

/// The button that records `step` on `task`: at once when the step asks for nothing, else it opens the panel.
#[component]
pub fn StepButton(task: TaskId, step: StepName, primary: bool, act: Callback<(TaskId, Action)>) -> impl IntoView {
    let draft = expect_context::<crate::tasks::Shared>().step;
    view! {
        <button
            class=if primary { "primary" } else { "secondary" }
            data-action="step"
            data-step=step.as_str()
            on:click=move |_| match (step.input(), step.with_input("", None)) {
                (StepInput::None, Some(step)) => act.run((task.clone(), Action::Step { step })),
                _ => draft.ask(task.clone(), Asking::Step(step)),
            }
        >
            {tr(i18n::step_label(step))}
        </button>
    }
}

/// The panel under a card: the words or the choice its step (or its cancellation) needs.
#[component]
pub fn StepPanel(task: TaskId, asking: Asking, act: Callback<(TaskId, Action)>) -> impl IntoView {
    let draft = expect_context::<crate::tasks::Shared>().step;
    let text = draft.text;
    let send = move |action: Action| {
        draft.close();
        act.run((task.clone(), action));
    };
    let (title, choices, words): (Msg, Vec<(Msg, Action)>, Option<Msg>) = match asking {
        Asking::Cancel => (
            Msg::WhyCancel,
            CancelReason::ALL
                .into_iter()
                .map(|r| (i18n::cancel_reason(r), Action::Cancel { reason: r.code().to_owned() }))
                .collect(),
            Some(Msg::CancelOtherText),
        ),
        Asking::HandBack => (Msg::WhyHandBack, Vec::new(), Some(Msg::ReasonOptional)),
        Asking::Step(step) => {
            let with = |choice: usize| step.with_input("", Some(choice)).map(|step| Action::Step { step });
            let listed =
                |labels: Vec<Msg>| labels.into_iter().zip(0..).filter_map(|(m, i)| Some((m, with(i)?))).collect();
            match step.input() {
                StepInput::AckChannel => {
                    (i18n::step_label(step), listed(AckChannel::ALL.map(i18n::ack_channel).to_vec()), None)
                }
                StepInput::KioskOutcome => {
                    (i18n::step_label(step), listed(KioskOutcome::ALL.map(i18n::kiosk_outcome).to_vec()), None)
                }
                // A child is mostly handed back to the parent: one tap for that.
                _ if step == StepName::HandedBack => (
                    i18n::step_label(step),
                    vec![(Msg::ToParent, Action::Step { step: Step::HandedBack { to: TO_PARENT.to_owned() } })],
                    Some(i18n::step_ask(step)),
                ),
                _ => (i18n::step_label(step), Vec::new(), Some(i18n::step_ask(step))),
            }
        }
    };
    // The typed words, as the action they make (none while a required text is blank).
    let typed = move || match asking {
        Asking::Cancel => {
            let reason = text.get().trim().to_owned();
            (!reason.is_empty()).then_some(Action::Cancel { reason })
        }
        Asking::HandBack => {
            let reason = text.get().trim().to_owned();
            Some(Action::HandBack { reason: (!reason.is_empty()).then_some(reason) })
        }
        Asking::Step(step) => step.with_input(&text.get(), None).map(|step| Action::Step { step }),
    };
    // The longest words the domain takes for this input.
    let max = match asking {
        Asking::Step(StepName::HandedBack) => floordesk_domain::MAX_LABEL_CHARS,
        Asking::Step(StepName::Registered | StepName::TaxiOrdered) => floordesk_domain::MAX_REFERENCE_CHARS,
        Asking::Step(StepName::Outcome) | Asking::Cancel | Asking::HandBack => floordesk_domain::MAX_LONG_TEXT_CHARS,
        Asking::Step(_) => floordesk_domain::MAX_TEXT_CHARS,
    };
    focus_first(".step-panel button, .step-panel input");
    let send_typed = send.clone();
    view! {
        <div class="step-panel" role="group" aria-label=tr(title)>
            <p class="panel-title">{tr(title)}</p>
            <div class="choices">
                {choices
                    .into_iter()
                    .map(|(label, action)| {
                        let send = send.clone();
                        view! {
                            <button class="choice" on:click=move |_| send(action.clone())>
                                {tr(label)}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            {words
                .map(|label| {
                    view! {
                        <label class="words">
                            {tr(label)}
                            <input
                                id="step-text"
                                maxlength=max
                                prop:value=move || text.get()
                                on:input=move |ev| text.set(event_target_value(&ev))
                            />
                        </label>
                    }
                })}
            <div class="actions">
                {words
                    .map(|_| {
                        let send = send_typed.clone();
                        view! {
                            <button
                                id="step-save"
                                class="primary"
                                disabled=move || typed().is_none()
                                on:click=move |_| {
                                    if let Some(action) = typed() {
                                        send(action);
                                    }
                                }
                            >
                                {tr(
                                    match asking {
                                        Asking::Cancel => Msg::CancelTask,
                                        Asking::HandBack => Msg::HandBack,
                                        Asking::Step(_) => Msg::Save,
                                    },
                                )}
                            </button>
                        }
                    })} <button class="secondary" on:click=move |_| draft.close()>
                    {tr(if matches!(asking, Asking::Step(_)) { Msg::Cancel } else { Msg::Back })}
                </button>
            </div>
        </div>
    }
}
