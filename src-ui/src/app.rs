//! The screens: sign-in, then the signed-in person's tasks.

use std::time::Duration;

use floordesk_domain::{Action, Actor, DeadlineStatus, DeadlineTable, Role, TaskDetails, Timestamp};
use floordesk_protocol::{ApiError, DeviceState, Directory, LoginRequest, SignedIn, TaskList, TaskView};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Api, Backend};
use crate::i18n::{self, t, Lang, Msg};

const LANG_KEY: &str = "floordesk.lang";

fn stored_lang() -> Lang {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
        .map_or(Lang::Ru, |code| Lang::from_code(&code))
}

fn store_lang(lang: Lang) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(LANG_KEY, lang.code());
    }
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", lang.code());
    }
}

/// A moment as the device's local wall-clock time, "10:42".
fn clock_time(at: Timestamp) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.0 as f64));
    format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
}

/// The browser's clock, as a domain timestamp (the UI is an edge: it may read the clock).
fn client_now() -> Timestamp {
    Timestamp(js_sys::Date::now() as i64)
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let backend = Backend::detect();
    provide_context(backend.clone());
    let lang = RwSignal::new(stored_lang());
    provide_context(lang);
    Effect::new(move || store_lang(lang.get()));
    let session = RwSignal::new(None::<SignedIn>);

    let sign_out = move |_| {
        let api = backend.clone();
        spawn_local(async move {
            // Leaving the screen must not depend on the network: the server-side session expires by itself.
            let _ = api.logout().await;
            session.set(None);
        });
    };

    view! {
        <header class="topbar">
            <span class="brand">"FloorDesk"</span>
            {move || {
                session
                    .get()
                    .map(|s| {
                        view! {
                            <span class="who" id="who">
                                {s.staff.display_name.clone()}
                                <br />
                                {i18n::role(lang.get(), s.staff.role)}
                            </span>
                            <button id="sign-out" on:click=sign_out.clone()>
                                {move || t(lang.get(), Msg::SignOut)}
                            </button>
                        }
                    })
            }}
            <button
                id="lang"
                aria-label=move || t(lang.get(), Msg::SwitchLanguage)
                title=move || t(lang.get(), Msg::SwitchLanguage)
                on:click=move |_| lang.update(|l| *l = l.other())
            >
                {move || lang.get().other().code().to_uppercase()}
            </button>
        </header>
        <main>
            {move || match session.get() {
                None => view! { <SignInScreen on_signed_in=move |s| session.set(Some(s)) /> }.into_any(),
                Some(s) => view! { <TasksScreen signed_in=s /> }.into_any(),
            }}
        </main>
    }
}

/// Pick yourself, type your code.
#[component]
fn SignInScreen(on_signed_in: impl Fn(SignedIn) + Clone + Send + Sync + 'static) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let directory = RwSignal::new(None::<Result<Directory, ApiError>>);
    let chosen = RwSignal::new(None::<floordesk_protocol::DirectoryEntry>);
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    // Context is read here, in the component: the async blocks below run outside the reactive owner.
    let api = expect_context::<Backend>();

    {
        let api = api.clone();
        spawn_local(async move { directory.set(Some(api.directory().await)) });
    }

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(entry) = chosen.get_untracked() else { return };
        let request = LoginRequest::new(entry.staff.id.clone(), code.get_untracked());
        let on_signed_in = on_signed_in.clone();
        let api = api.clone();
        busy.set(true);
        spawn_local(async move {
            match api.login(request).await {
                Ok(s) => on_signed_in(s),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };

    view! {
        <h1>{move || t(lang.get(), Msg::SignInTitle)}</h1>
        <p>{move || t(lang.get(), Msg::WhoAreYou)}</p>
        {move || match directory.get() {
            None => view! { <p class="empty">{t(lang.get(), Msg::Loading)}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error" role="alert">{i18n::error(lang.get(), e.code, &e.message)}</p> }.into_any(),
            Some(Ok(dir)) => {
                dir.sites
                    .iter()
                    .map(|site| {
                        let people: Vec<_> = dir.staff.iter().filter(|e| e.staff.site == site.id).cloned().collect();
                        view! {
                            <section class="site" aria-label=site.name.clone()>
                                <h2>{site.name.clone()}</h2>
                                <div class="staff-list">
                                    {people
                                        .into_iter()
                                        .map(|entry| {
                                            let id = entry.staff.id.clone();
                                            let pressed = {
                                                let id = id.clone();
                                                move || chosen.get().is_some_and(|c| c.staff.id == id).to_string()
                                            };
                                            let name = entry.staff.display_name.clone();
                                            let role = entry.staff.role;
                                            view! {
                                                <button
                                                    class="staff"
                                                    type="button"
                                                    data-staff-id=id.to_string()
                                                    aria-pressed=pressed
                                                    on:click=move |_| {
                                                        chosen.set(Some(entry.clone()));
                                                        code.set(String::new());
                                                        error.set(None);
                                                    }
                                                >
                                                    <span class="name">{name}</span>
                                                    <span class="role">{move || i18n::role(lang.get(), role)}</span>
                                                </button>
                                            }
                                        })
                                        .collect_view()}
                                </div>
                            </section>
                        }
                    })
                    .collect_view()
                    .into_any()
            }
        }}
        {move || {
            chosen
                .get()
                .map(|entry| {
                    let demo = entry.demo_code.clone();
                    view! {
                        <form class="signin" on:submit=submit.clone()>
                            <label>
                                {move || format!("{}: {}", t(lang.get(), Msg::Code), entry.staff.display_name)}
                                <input
                                    id="code"
                                    type="password"
                                    inputmode="numeric"
                                    autocomplete="off"
                                    required
                                    prop:value=move || code.get()
                                    on:input=move |ev| code.set(event_target_value(&ev))
                                />
                            </label>
                            <button id="sign-in" class="primary" type="submit" disabled=move || busy.get()>
                                {move || t(lang.get(), Msg::SignIn)}
                            </button>
                            {demo
                                .map(|c| {
                                    view! {
                                        <span class="hint">{move || format!("{}: {c}", t(lang.get(), Msg::DemoCode))}</span>
                                    }
                                })}
                        </form>
                    }
                })
        }}
        {move || {
            error
                .get()
                .map(|e| view! { <p class="error" role="alert" id="error">{i18n::error(lang.get(), e.code, &e.message)}</p> })
        }}
    }
}

/// How often the screen takes in what changed (the app's engine syncs in the background; a browser asks the server).
const REFRESH: Duration = Duration::from_secs(3);

/// The signed-in person's tasks, with live clocks, the actions they may take, and the sync state.
#[component]
fn TasksScreen(signed_in: SignedIn) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let list = RwSignal::new(None::<Result<TaskList, ApiError>>);
    let device = RwSignal::new(None::<DeviceState>);
    let failure = RwSignal::new(None::<ApiError>);
    // Server time minus client time at the last fetch, so clocks follow the server even on a skewed device.
    let skew = RwSignal::new(0_i64);
    let now = RwSignal::new(client_now());

    let api = expect_context::<Backend>();
    let refresh = {
        let api = api.clone();
        move || {
            let api = api.clone();
            spawn_local(async move {
                let answer = api.tasks().await;
                if let Ok(l) = &answer {
                    skew.set(l.server_time.0 - client_now().0);
                }
                // Keep the last good list on the screen when a refresh fails (the badge says why).
                if answer.is_ok() || list.get_untracked().is_none() {
                    list.set(Some(answer));
                }
                if let Ok(state) = api.device_state().await {
                    device.set(Some(state));
                }
            });
        }
    };
    refresh();
    if let Ok(handle) = set_interval_with_handle(move || now.set(client_now()), Duration::from_secs(1)) {
        on_cleanup(move || handle.clear());
    }
    {
        let refresh = refresh.clone();
        if let Ok(handle) = set_interval_with_handle(refresh, REFRESH) {
            on_cleanup(move || handle.clear());
        }
    }
    let act = {
        let api = api.clone();
        let refresh = refresh.clone();
        Callback::new(move |(task, action): (floordesk_domain::TaskId, Action)| {
            let api = api.clone();
            let refresh = refresh.clone();
            spawn_local(async move {
                failure.set(api.act(task, action).await.err());
                refresh();
            });
        })
    };
    let dismiss = {
        let api = api.clone();
        let refresh = refresh.clone();
        move |op: String| {
            let api = api.clone();
            let refresh = refresh.clone();
            spawn_local(async move {
                let _ = api.dismiss(op).await;
                refresh();
            });
        }
    };
    let pool_title = match signed_in.staff.role {
        Role::Administrator => Msg::ZonePool,
        Role::Coordinator | Role::Supervisor => Msg::SitePool,
    };
    let actor = Actor { staff: signed_in.staff.id.clone(), role: signed_in.staff.role };
    let server_now = move || Timestamp(now.get().0 + skew.get());

    view! {
        {move || {
            device
                .get()
                .map(|d| {
                    let online = d.sync.online;
                    let pending = d.sync.pending;
                    let synced = d.sync.last_sync.map(clock_time);
                    let catching_up = d.sync.catching_up;
                    view! {
                        <p id="sync" class=if online { "sync online" } else { "sync offline" } role="status">
                            <span class="badge">{move || t(lang.get(), if online { Msg::Online } else { Msg::Offline })}</span>
                            {(pending > 0).then(|| view! { <span id="pending">{move || i18n::waiting(lang.get(), pending)}</span> })}
                            {catching_up.map(|n| view! { <span id="catching-up">{move || i18n::catching_up(lang.get(), n)}</span> })}
                            {synced.map(|at| view! { <span id="synced" class="hint">{move || format!("{} {at}", t(lang.get(), Msg::SyncedAt))}</span> })}
                        </p>
                    }
                })
        }}
        {move || {
            failure
                .get()
                .map(|e| view! { <p class="error" role="alert">{i18n::error(lang.get(), e.code, &e.message)}</p> })
        }}
        {
            let dismiss = dismiss.clone();
            move || {
                let dismiss = dismiss.clone();
                device.get().map(|d| {
                    d.rejections
                        .into_iter()
                        .map(|r| {
                            let dismiss = dismiss.clone();
                            let op = r.op.clone();
                            view! {
                                <div class="rejection" role="alert" data-task-id=r.task.to_string()>
                                    <p>{move || i18n::rejection(lang.get(), &r.reason, &r.message)}</p>
                                    <button on:click=move |_| dismiss(op.clone())>{move || t(lang.get(), Msg::Understood)}</button>
                                </div>
                            }
                        })
                        .collect_view()
                })
            }
        }
        {move || match list.get() {
            None => view! { <p class="empty">{t(lang.get(), Msg::Loading)}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error" role="alert">{i18n::error(lang.get(), e.code, &e.message)}</p> }.into_any(),
            Some(Ok(l)) => {
                let (mine_count, pool_count) = (l.mine.len(), l.pool.len());
                view! {
                    <section id="mine" aria-labelledby="mine-title">
                        <h2 id="mine-title">{move || format!("{} ({mine_count})", t(lang.get(), Msg::MyTasks))}</h2>
                        <TaskCards tasks=l.mine deadlines=l.deadlines.clone() now=Signal::derive(server_now) actor=actor.clone() act=act />
                    </section>
                    <section id="pool" aria-labelledby="pool-title">
                        <h2 id="pool-title">{move || format!("{} ({pool_count})", t(lang.get(), pool_title))}</h2>
                        <TaskCards tasks=l.pool deadlines=l.deadlines now=Signal::derive(server_now) actor=actor.clone() act=act />
                    </section>
                }
                    .into_any()
            }
        }}
    }
}

/// The one-tap actions a card offers, in the order of the work, with their words.
const CARD_ACTIONS: [(&str, Msg); 4] =
    [("claim", Msg::Claim), ("accept", Msg::Accept), ("start", Msg::StartWork), ("complete", Msg::Done)];

fn card_action(name: &str) -> Action {
    match name {
        "claim" => Action::Claim,
        "accept" => Action::Accept,
        "start" => Action::Start,
        _ => Action::Complete { rating: None },
    }
}

#[component]
fn TaskCards(
    tasks: Vec<TaskView>,
    deadlines: DeadlineTable,
    now: Signal<Timestamp>,
    actor: Actor,
    act: Callback<(floordesk_domain::TaskId, Action)>,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    if tasks.is_empty() {
        return view! { <p class="empty">{move || t(lang.get(), Msg::NoTasks)}</p> }.into_any();
    }
    view! {
        <ul class="tasks">
            {tasks
                .into_iter()
                .map(|view| {
                    let task = view.task.clone();
                    let table = deadlines.clone();
                    let kind = task.details.kind();
                    let priority = task.priority;
                    let status = task.status;
                    let details = task.details.clone();
                    // The actions the rules allow this person now: the domain decides, as on the server.
                    let allowed: Vec<&'static str> = CARD_ACTIONS
                        .iter()
                        .filter(|(name, _)| task.apply(&actor, &card_action(name), now.get_untracked()).is_ok())
                        .map(|(name, _)| *name)
                        .collect();
                    let id = task.id.clone();
                    let clock_task = task.clone();
                    let clock = Memo::new(move |_| clock(lang.get(), &table, &clock_task, now.get()));
                    view! {
                        <li class=format!("task {}", priority_class(priority)) data-task-id=view.task.id.to_string() data-status=format!("{status:?}").to_lowercase()>
                            <div class="head">
                                <span class="kind">{move || i18n::kind(lang.get(), kind)}</span>
                                <span class="prio">{move || i18n::priority(lang.get(), priority)}</span>
                                <span class="status">{move || i18n::status(lang.get(), status)}</span>
                            </div>
                            <p class="summary">{move || summary(lang.get(), &details)}</p>
                            <div class=move || format!("clock {}", clock.get().0)>{move || clock.get().1}</div>
                            {view.pending.then(|| view! { <span class="pending">{move || t(lang.get(), Msg::PendingMark)}</span> })}
                            <div class="actions">
                                {allowed
                                    .into_iter()
                                    .map(|name| {
                                        let id = id.clone();
                                        let label = CARD_ACTIONS.iter().find(|(n, _)| *n == name).map_or(Msg::Done, |(_, m)| *m);
                                        view! {
                                            <button class="primary" data-action=name on:click=move |_| act.run((id.clone(), card_action(name)))>
                                                {move || t(lang.get(), label)}
                                            </button>
                                        }
                                    })
                                    .collect_view()}
                            </div>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

fn priority_class(p: floordesk_domain::Priority) -> &'static str {
    match p {
        floordesk_domain::Priority::Emergency => "emergency",
        floordesk_domain::Priority::Urgent => "urgent",
        floordesk_domain::Priority::Normal => "normal",
    }
}

/// The CSS class and the words of a task's clock: the ambulance's ETA before it arrives, otherwise the deadline.
fn clock(lang: Lang, table: &DeadlineTable, task: &floordesk_domain::Task, now: Timestamp) -> (&'static str, String) {
    let minutes = |ms: i64| u64::try_from(ms.max(0) / 60_000).unwrap_or(0);
    if let TaskDetails::AmbulanceArrival(a) = &task.details {
        if a.arrived_at.is_none() {
            let to_eta = a.eta.millis_since(now);
            return if to_eta >= 0 {
                ("eta", format!("{} {}", t(lang, Msg::ArrivesIn), i18n::in_minutes(lang, minutes(to_eta))))
            } else {
                ("approaching", format!("{} {}", t(lang, Msg::LateBy), i18n::in_minutes(lang, minutes(-to_eta))))
            };
        }
    }
    let label = t(lang, if task.service_started_at().is_none() { Msg::Start } else { Msg::Complete });
    match table.status(task, now) {
        DeadlineStatus::OnTrack { remaining_ms } => {
            ("on_track", format!("{label}: {}", i18n::minutes_left(lang, minutes(remaining_ms))))
        }
        DeadlineStatus::Approaching { remaining_ms } => {
            ("approaching", format!("{label}: {}", i18n::minutes_left(lang, minutes(remaining_ms))))
        }
        DeadlineStatus::Breached { overdue_ms } => (
            "breached",
            format!("{label}: {} {}", t(lang, Msg::OverdueBy), i18n::in_minutes(lang, minutes(overdue_ms))),
        ),
        DeadlineStatus::NoDeadline | DeadlineStatus::Met | DeadlineStatus::Missed => {
            ("none", t(lang, Msg::NoDeadline).to_owned())
        }
    }
}

/// One line that says what the task is about, from its kind's own fields.
fn summary(lang: Lang, details: &TaskDetails) -> String {
    match details {
        TaskDetails::Escort(e) => format!("{}: {} → {}", e.visitor, e.from, e.to),
        TaskDetails::AmbulanceArrival(a) => format!("{} → {}", a.crew_number, a.destination),
        TaskDetails::EdRegistration(r) => r.visitor.clone(),
        TaskDetails::RelativeMeeting(m) => format!("{} — {}, {}", m.relative, m.doctor, m.department),
        TaskDetails::Taxi(x) => format!("{}: {} → {}", x.visitor, x.pickup, x.destination),
        TaskDetails::Childcare(c) => {
            format!("{}, {} — {}", c.child_first_name, i18n::years(lang, u64::from(c.child_age)), c.parent_location)
        }
        TaskDetails::Routing(r) => r.purpose.clone(),
        TaskDetails::KioskHelp(k) => format!("{}: {}", k.visitor, k.service),
        TaskDetails::WrittenRequest(w) => format!("{}: {}", w.reference, w.summary),
        TaskDetails::NonStandard(n) => n.description.clone(),
    }
}
