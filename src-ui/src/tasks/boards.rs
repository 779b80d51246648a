//! The coordinator's boards: incoming ambulance crews, the emergency department's registration queue, and
//! relatives' meetings with the treating doctor.

use floordesk_domain::{Action, Actor, DeadlineTable, StepName, TaskDetails, Timestamp, WorkingDays};
use floordesk_protocol::TaskView;
use leptos::prelude::*;

use crate::format::site_time;
use crate::i18n::{self, t, tr, Msg, UiLang};
use crate::tasks::steps::{allowed_steps, StepButton};

/// The coordinator's board of incoming ambulance crews: the soonest first, a countdown to the ETA, the bay, "arrived"
/// in one tap, then the 15-minute handover clock.
#[component]
pub fn AmbulanceBoard(
    crews: Vec<TaskView>,
    deadlines: DeadlineTable,
    now: Signal<Timestamp>,
    /// Who looks at the board: the steps offered are those the domain lets them record.
    actor: Actor,
    act: Callback<(floordesk_domain::TaskId, Action)>,
) -> impl IntoView {
    let lang = UiLang::expect();
    let clocks = expect_context::<crate::tasks::Shared>().clocks;
    let mut crews = crews;
    // Arriving crews by ETA first, then those already in handover.
    fn arrival(v: &TaskView) -> (bool, i64) {
        match &v.task.details {
            TaskDetails::AmbulanceArrival(a) => (a.arrived_at.is_some(), a.eta.0),
            _ => (true, i64::MAX),
        }
    }
    crate::tasks::order(&mut crews, |a, b| arrival(a).cmp(&arrival(b)));
    view! {
        <section id="ambulances" class="board" aria-labelledby="ambulances-title">
            <h2 id="ambulances-title">{tr(Msg::Ambulances)}</h2>
            <ul class="crews">
                {crews
                    .into_iter()
                    .filter_map(|v| {
                        let TaskDetails::AmbulanceArrival(a) = v.task.details.clone() else { return None };
                        let task = v.task.clone();
                        let clock = clocks.of(task, &deadlines, lang.get_untracked(), now.get_untracked());
                        let id = v.task.id.clone();
                        let not_yet = a.arrived_at.is_none();
                        let crew = a.crew_number.clone();
                        let bay = a.destination.clone();
                        let transport = match a.transport {
                            floordesk_domain::AmbulanceTransport::Walking => Msg::TransportWalking,
                            floordesk_domain::AmbulanceTransport::Stretcher => Msg::TransportStretcher,
                        };
                        let meets = v.assignee_name.clone();
                        let steps: Vec<StepName> = allowed_steps(&v.task, &actor, crate::format::client_now())
                            .into_iter()
                            .filter(|s| *s != StepName::CrewMet)
                            .collect();
                        let step_id = id.clone();
                        Some(
                            // Handed over and re-route from the board too (re-routing asks where, on the crew's card);
                            // the arrival has its own button.
                            // How the patient is brought in, and who meets the crew.
                            view! {
                                <li class="crew" data-task-id=v.task.id.to_string() data-arrived=(!not_yet).to_string()>
                                    <span class="crew-number">{crew}</span>
                                    <span class="bay">{bay}</span>
                                    <span class="transport">{tr(transport)}</span>
                                    {meets
                                        .map(|name| {
                                            view! {
                                                <span class="meets">{move || i18n::meets(lang.get(), &name)}</span>
                                            }
                                        })}
                                    <span class=move || {
                                        clock.with(|c| format!("clock {}", c.0))
                                    }>{move || clock.with(|c| c.1.clone())}</span>
                                    {not_yet
                                        .then(|| {
                                            view! {
                                                <button
                                                    class="primary"
                                                    data-action="arrived"
                                                    on:click=move |_| {
                                                        let step = floordesk_domain::Step::CrewMet {};
                                                        act.run((id.clone(), Action::Step { step }));
                                                    }
                                                >
                                                    {tr(Msg::Arrived)}
                                                </button>
                                            }
                                        })}
                                    {steps
                                        .into_iter()
                                        .map(|step| {
                                            let primary = step == StepName::HandedOver;
                                            view! {
                                                <StepButton task=step_id.clone() step=step primary=primary act=act />
                                            }
                                        })
                                        .collect_view()}
                                </li>
                            },
                        )
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// The emergency department's registration queue: who waits, since when, how they came, who is on it — the
/// longest wait first.
#[component]
pub fn RegistrationQueue(queue: Vec<TaskView>, now: Signal<Timestamp>) -> impl IntoView {
    let lang = UiLang::expect();
    view! {
        <section id="registration" class="board registration" aria-labelledby="registration-title">
            <h2 id="registration-title">{tr(Msg::RegistrationQueue)}</h2>
            <ol class="crews">
                {queue
                    .into_iter()
                    .filter_map(|v| {
                        let TaskDetails::EdRegistration(r) = v.task.details.clone() else { return None };
                        let task = v.task.clone();
                        let waited = move || {
                            let minutes = u64::try_from(floordesk_domain::wait_minutes(&task, now.get())).unwrap_or(0);
                            format!("{} {}", t(lang.get(), Msg::Waits), i18n::duration(lang.get(), minutes))
                        };
                        let by_ambulance = matches!(r.arrived_by, floordesk_domain::ArrivalMode::Ambulance);
                        let holder = v.assignee_name.clone();
                        Some(
                            view! {
                                <li class="crew queued" data-task-id=v.task.id.to_string()>
                                    <span class="crew-number">{r.visitor.clone()}</span>
                                    <span>
                                        {move || t(
                                            lang.get(),
                                            if by_ambulance { Msg::ByAmbulance } else { Msg::OnFoot },
                                        )}
                                    </span>
                                    <span class="wait">{waited}</span>
                                    <span class="hint">{holder.unwrap_or_else(|| "—".into())}</span>
                                </li>
                            },
                        )
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}

/// How far one tap moves a proposed meeting slot.
const SLOT_STEP_MINUTES: i64 = 15;

/// Relative–doctor meetings: the slot asked for, moved by a tap to propose another, confirmed in one tap — which
/// also plans the escort task that brings the relative to the department at that time (one op, decided by the
/// domain: `confirm` gets the meeting and the escort's id).
#[component]
pub fn MeetingsBoard(
    meetings: Vec<TaskView>,
    /// The site's clock, for the slots' times.
    site: WorkingDays,
    change: Callback<(floordesk_domain::TaskId, TaskDetails)>,
    confirm: Callback<(floordesk_domain::TaskId, floordesk_domain::TaskId)>,
) -> impl IntoView {
    let lang = UiLang::expect();
    view! {
        <section id="meetings" class="board meetings" aria-labelledby="meetings-title">
            <h2 id="meetings-title">{tr(Msg::Meetings)}</h2>
            <ul class="crews">
                {meetings
                    .into_iter()
                    .filter_map(|v| {
                        let TaskDetails::RelativeMeeting(m) = v.task.details.clone() else { return None };
                        let id = v.task.id.clone();
                        let who = format!("{} — {}, {}", m.relative, m.doctor, m.department);
                        let slot = site_time(m.requested_slot, &site);
                        let confirmed = m.confirmed_slot.map(|at| site_time(at, &site));
                        let is_confirmed = confirmed.is_some().to_string();
                        let moved = |minutes: i64| {
                            let mut next = m.clone();
                            next.requested_slot = next.requested_slot.plus_minutes(minutes);
                            TaskDetails::RelativeMeeting(next)
                        };
                        let (earlier, later) = (moved(-SLOT_STEP_MINUTES), moved(SLOT_STEP_MINUTES));
                        let (id_earlier, id_later, id_confirm) = (id.clone(), id.clone(), id.clone());
                        let escort = floordesk_domain::TaskId::new(format!("{}-escort", v.task.id))
                            .unwrap_or_else(|_| crate::api::fresh_id("t"));
                        Some(
                            // One escort per meeting: a second tap (or a resend) finds it planned already.
                            // The escort's clock starts at the meeting's time.
                            view! {
                                <li class="crew meeting" data-task-id=v.task.id.to_string() data-confirmed=is_confirmed>
                                    <span class="crew-number">{who}</span>
                                    {match confirmed {
                                        Some(at) => {
                                            view! {
                                                <span class="slot confirmed">
                                                    {move || format!("{} {at}", t(lang.get(), Msg::ConfirmedFor))}
                                                </span>
                                            }
                                                .into_any()
                                        }
                                        None => {
                                            view! {
                                                <span class="slot">
                                                    {move || format!("{} {slot}", t(lang.get(), Msg::RequestedFor))}
                                                </span>
                                                <span class="actions">
                                                    <button
                                                        data-action="earlier"
                                                        aria-label=tr(Msg::Earlier)
                                                        on:click=move |_| {
                                                            change.run((id_earlier.clone(), earlier.clone()))
                                                        }
                                                    >
                                                        "−15"
                                                    </button>
                                                    <button
                                                        data-action="later"
                                                        aria-label=tr(Msg::Later)
                                                        on:click=move |_| change.run((id_later.clone(), later.clone()))
                                                    >
                                                        "+15"
                                                    </button>
                                                    <button
                                                        class="primary"
                                                        data-action="confirm"
                                                        on:click=move |_| {
                                                            confirm.run((id_confirm.clone(), escort.clone()))
                                                        }
                                                    >
                                                        {tr(Msg::Confirm)}
                                                    </button>
                                                </span>
                                            }
                                                .into_any()
                                        }
                                    }}
                                </li>
                            },
                        )
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
