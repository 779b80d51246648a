//! The screens: sign-in, then the signed-in person's tasks.

use std::time::Duration;

use floordesk_domain::{
    change_holder, Action, Actor, DeadlineStatus, DeadlineTable, Permission, Role, TaskDetails, Timestamp, MAX_HANDOFFS,
};
use floordesk_protocol::{ApiError, DeviceState, Directory, LoginRequest, SignedIn, StaffProfile, TaskList, TaskView};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

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

/// A moment's date (and time of day, with `time`) in the language's local form.
pub(crate) fn local_date(lang: Lang, at: Timestamp, time: bool) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.0 as f64));
    let locale = if lang == Lang::Ru { "ru-RU" } else { "en-GB" };
    let text = if time {
        date.to_locale_string(locale, &wasm_bindgen::JsValue::UNDEFINED)
    } else {
        date.to_locale_date_string(locale, &wasm_bindgen::JsValue::UNDEFINED)
    };
    String::from(text)
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
                Some(s) => view! { <Desk signed_in=s /> }.into_any(),
            }}
        </main>
    }
}

/// A screen of the signed-in desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Screen {
    Tasks,
    Indicators,
    Morning,
    Stories,
    Knowledge,
}

impl Screen {
    /// The screens a role has, in the order of the tabs.
    fn for_role(role: Role) -> Vec<Screen> {
        let mut screens = vec![Screen::Tasks];
        if role.can(Permission::ViewKpi) {
            screens.push(Screen::Indicators);
        }
        if role.can(Permission::RunMorningMeeting) {
            screens.push(Screen::Morning);
        }
        screens.extend([Screen::Stories, Screen::Knowledge]);
        screens
    }

    fn id(self) -> &'static str {
        match self {
            Screen::Tasks => "tab-tasks",
            Screen::Indicators => "tab-kpi",
            Screen::Morning => "tab-morning",
            Screen::Stories => "tab-stories",
            Screen::Knowledge => "tab-knowledge",
        }
    }

    fn label(self, role: Role) -> Msg {
        match self {
            Screen::Tasks if role.can(Permission::ViewSiteTasks) && role.can(Permission::ReassignTask) => Msg::FloorTab,
            Screen::Tasks => Msg::Tasks,
            Screen::Indicators => Msg::Indicators,
            Screen::Morning => Msg::MeetingTab,
            Screen::Stories => Msg::StoriesTab,
            Screen::Knowledge => Msg::AnswersTab,
        }
    }
}

/// The signed-in desk: the tabs of the role, then the chosen screen.
#[component]
fn Desk(signed_in: SignedIn) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let role = signed_in.staff.role;
    let screen = RwSignal::new(Screen::Tasks);
    let screens = Screen::for_role(role);
    view! {
        <nav class="tabs no-print" aria-label=move || t(lang.get(), Msg::Screens)>
            {screens
                .into_iter()
                .map(|s| {
                    view! {
                        <button
                            id=s.id()
                            class="tab"
                            aria-current=move || (screen.get() == s).then_some("page")
                            on:click=move |_| screen.set(s)
                        >
                            {move || t(lang.get(), s.label(role))}
                        </button>
                    }
                })
                .collect_view()}
        </nav>
        {move || {
            let me = signed_in.staff.clone();
            match screen.get() {
                Screen::Tasks => view! { <TasksScreen signed_in=signed_in.clone() /> }.into_any(),
                Screen::Indicators => view! { <crate::kpi::KpiScreen /> }.into_any(),
                Screen::Morning => view! { <crate::kpi::MorningPack /> }.into_any(),
                Screen::Stories => view! { <crate::stories::StoriesScreen me=me /> }.into_any(),
                Screen::Knowledge => view! { <crate::knowledge::KnowledgeScreen role=role /> }.into_any(),
            }
        }}
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
    provide_context(RatingDraft::new());
    provide_context(ReassignDraft::new());
    // What the screen shows changes only when a task does, not with every fetch (whose server time always differs):
    // an unchanged refresh redraws nothing, so a half-typed note or an open menu keeps its focus.
    let loaded = Memo::new(move |_| match list.get() {
        None => Loaded::Loading,
        Some(Err(e)) => Loaded::Failed(e),
        Some(Ok(_)) => Loaded::Ready,
    });
    let mine = shown(list, |l| l.mine.clone());
    let pool = shown(list, |l| l.pool.clone());
    let everything = shown(list, |l| l.mine.iter().chain(&l.pool).cloned().collect());
    let deadlines = shown(list, |l| l.deadlines.clone());
    provide_context(VisibleTasks(everything));
    // The people of my site a task can be given to (for those who may assign or reassign).
    let people = RwSignal::new(Vec::<StaffProfile>::new());
    provide_context(people);
    // The zones of my site, for creating a task.
    let zones = RwSignal::new(Vec::<floordesk_protocol::ZoneInfo>::new());
    provide_context(crate::create::CreateDraft::new());
    let role = signed_in.staff.role;
    if role.can(Permission::AssignTask) || role.can(Permission::ReassignTask) || role.can(Permission::CreateTask) {
        let api = api.clone();
        let site = signed_in.staff.site.clone();
        spawn_local(async move {
            if let Ok(directory) = api.directory().await {
                if let Some(mine) = directory.sites.iter().find(|s| s.id == site) {
                    zones.set(mine.zones.clone());
                }
                people.set(
                    directory
                        .staff
                        .into_iter()
                        .map(|e| e.staff)
                        .filter(|s| s.site == site && s.role != Role::Supervisor)
                        .collect(),
                );
            }
        });
    }
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
        if let Ok(handle) = set_interval_with_handle(refresh, api.refresh_every()) {
            on_cleanup(move || handle.clear());
        }
    }
    {
        // Changes announced by the server (the browser's live channel) refresh the screen at once.
        let signed_in = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let refresh = refresh.clone();
        api.listen(std::rc::Rc::new(refresh), std::sync::Arc::clone(&signed_in));
        on_cleanup(move || signed_in.store(false, std::sync::atomic::Ordering::Relaxed));
    }
    let act =
        sender(&api, refresh.clone(), failure, |api, (task, action): (floordesk_domain::TaskId, Action)| async move {
            api.act(task, action).await
        });
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
    let create = sender(&api, refresh.clone(), failure, |api, task: floordesk_protocol::NewTaskRequest| async move {
        api.create_task(task).await
    });
    let arrived = sender(
        &api,
        refresh.clone(),
        failure,
        |api, (task, details): (floordesk_domain::TaskId, TaskDetails)| async move {
            api.update_details(task, details).await
        },
    );
    let board = role.can(Permission::ManageAmbulanceBoard);
    let meetings_board = role.can(Permission::ManageRelativeMeetings);
    // Confirming a meeting fixes its slot and creates the escort that brings the relative to the doctor then.
    let confirm_meeting = sender(
        &api,
        refresh.clone(),
        failure,
        |api, (task, details, escort): (floordesk_domain::TaskId, TaskDetails, floordesk_protocol::NewTaskRequest)| async move {
            api.update_details(task, details).await?;
            api.create_task(escort).await
        },
    );
    let creating = expect_context::<crate::create::CreateDraft>();
    let may_create = role.can(Permission::CreateTask);
    // The floor board: whoever may give tasks to people and sees the whole site.
    let floor = role.can(Permission::ReassignTask) && role.can(Permission::ViewSiteTasks);
    // A card dropped on a person gives the task to them at once, unless a reason is needed past the hand-off limit:
    // then the menu opens with the person chosen.
    let moving = expect_context::<ReassignDraft>();
    let dropped = Callback::new(move |(task, to): (floordesk_domain::TaskId, floordesk_domain::StaffId)| {
        let Some(view) = everything.with_untracked(|all| all.iter().find(|v| v.task.id == task).cloned()) else {
            return;
        };
        match crate::floor::drop_action(&view.task, &to) {
            Some(action) => act.run((task, action)),
            None if view.task.status.is_open() && view.task.assignee.as_ref() != Some(&to) => {
                moving.open(task);
                moving.to.set(to.to_string());
            }
            None => {}
        }
    });
    let me = signed_in.staff.clone();
    // Desktop keys: N opens a new task (its first kind focused), Esc closes whatever panel is open.
    {
        let rating = expect_context::<RatingDraft>();
        let moving = expect_context::<ReassignDraft>();
        let handle = window_event_listener(leptos::ev::keydown, move |e: web_sys::KeyboardEvent| {
            let typing = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
            let plain = !(e.ctrl_key() || e.alt_key() || e.meta_key());
            match e.key().as_str() {
                "Escape" => {
                    creating.reset();
                    rating.close();
                    moving.close();
                }
                "n" | "N" | "т" | "Т" if plain && !typing && may_create => {
                    e.prevent_default();
                    creating.open.set(true);
                    crate::create::focus_first(".kind-tile");
                }
                _ => {}
            }
        });
        on_cleanup(move || handle.remove());
    }
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
        <p class="hint shortcuts">{move || t(lang.get(), Msg::Shortcuts)}</p>
        {may_create
            .then(|| {
                view! {
                    <button id="new-task" class="primary new-task" aria-expanded=move || creating.open.get().to_string()
                        on:click=move |_| {
                            creating.open.update(|open| *open = !*open);
                            if creating.open.get_untracked() {
                                crate::create::focus_first(".kind-tile");
                            }
                        }>
                        {move || format!("+ {}", t(lang.get(), Msg::NewTask))}
                    </button>
                }
            })}
        {move || {
            creating
                .open
                .get()
                .then(|| view! { <crate::create::CreateForm me=me.clone() zones=zones create=create now=Signal::derive(server_now) /> })
        }}
        {move || match loaded.get() {
            Loaded::Loading => Some(view! { <p class="empty">{t(lang.get(), Msg::Loading)}</p> }.into_any()),
            Loaded::Failed(e) => {
                Some(view! { <p class="error" role="alert">{i18n::error(lang.get(), e.code, &e.message)}</p> }.into_any())
            }
            Loaded::Ready => None,
        }}
        <Show when=move || loaded.get() == Loaded::Ready>
            {move || {
                floor
                    .then(|| {
                        view! {
                            <crate::floor::FloorBoard
                                people=people.get()
                                zones=zones.get()
                                tasks=everything.get()
                                deadlines=deadlines.get()
                                now=Signal::derive(server_now)
                                dropped=dropped
                            />
                        }
                    })
            }}
            {move || {
                let crews = of_kind(&everything.get(), |d| matches!(d, TaskDetails::AmbulanceArrival(_)));
                (board && !crews.is_empty())
                    .then(|| view! { <AmbulanceBoard crews=crews deadlines=deadlines.get() now=Signal::derive(server_now) arrived=arrived /> })
            }}
            {move || {
                let mut queue = of_kind(&everything.get(), |d| matches!(d, TaskDetails::EdRegistration(_)));
                // The longest wait first.
                queue.sort_by_key(|v| v.task.met_at.0);
                (board && !queue.is_empty()).then(|| view! { <RegistrationQueue queue=queue now=Signal::derive(server_now) /> })
            }}
            {move || {
                let meetings = of_kind(&everything.get(), |d| matches!(d, TaskDetails::RelativeMeeting(_)));
                (meetings_board && !meetings.is_empty())
                    .then(|| view! { <MeetingsBoard meetings=meetings change=arrived confirm=confirm_meeting /> })
            }}
            <section id="mine" aria-labelledby="mine-title">
                <h2 id="mine-title">{move || format!("{} ({})", t(lang.get(), Msg::MyTasks), mine.with(Vec::len))}</h2>
                <TaskCards tasks=mine.into() deadlines=deadlines.into() now=Signal::derive(server_now) actor=actor.clone() act=act />
            </section>
            <section id="pool" aria-labelledby="pool-title">
                <h2 id="pool-title">{move || format!("{} ({})", t(lang.get(), pool_title), pool.with(Vec::len))}</h2>
                <TaskCards tasks=pool.into() deadlines=deadlines.into() now=Signal::derive(server_now) actor=actor.clone() act=act />
            </section>
        </Show>
    }
}

/// One part of the task list as the screen shows it, changing only when that part does (an empty one until the list
/// has come).
fn shown<T: Clone + Default + PartialEq + Send + Sync + 'static>(
    list: RwSignal<Option<Result<TaskList, ApiError>>>,
    pick: fn(&TaskList) -> T,
) -> Memo<T> {
    Memo::new(move |_| list.with(|l| l.as_ref().and_then(|r| r.as_ref().ok()).map(pick).unwrap_or_default()))
}

/// The tasks whose details are of one kind.
fn of_kind(tasks: &[TaskView], kind: impl Fn(&TaskDetails) -> bool) -> Vec<TaskView> {
    tasks.iter().filter(|v| kind(&v.task.details)).cloned().collect()
}

/// Where the task list stands, apart from its content.
#[derive(Debug, Clone, PartialEq)]
enum Loaded {
    Loading,
    Failed(ApiError),
    Ready,
}

/// The coordinator's board of incoming ambulance crews: the soonest first, a countdown to the ETA, the bay, "arrived"
/// in one tap, then the 15-minute handover clock.
#[component]
fn AmbulanceBoard(
    crews: Vec<TaskView>,
    deadlines: DeadlineTable,
    now: Signal<Timestamp>,
    arrived: Callback<(floordesk_domain::TaskId, TaskDetails)>,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let mut crews = crews;
    // Arriving crews by ETA first, then those already in handover.
    crews.sort_by_key(|v| match &v.task.details {
        TaskDetails::AmbulanceArrival(a) => (a.arrived_at.is_some(), a.eta.0),
        _ => (true, i64::MAX),
    });
    view! {
        <section id="ambulances" class="board" aria-labelledby="ambulances-title">
            <h2 id="ambulances-title">{move || t(lang.get(), Msg::Ambulances)}</h2>
            <ul class="crews">
                {crews
                    .into_iter()
                    .filter_map(|v| {
                        let TaskDetails::AmbulanceArrival(a) = v.task.details.clone() else { return None };
                        let task = v.task.clone();
                        let table = deadlines.clone();
                        let clock = Memo::new(move |_| clock(lang.get(), &table, &task, now.get()));
                        let id = v.task.id.clone();
                        let not_yet = a.arrived_at.is_none();
                        let crew = a.crew_number.clone();
                        let bay = a.destination.clone();
                        Some(view! {
                            <li class="crew" data-task-id=v.task.id.to_string() data-arrived=(!not_yet).to_string()>
                                <span class="crew-number">{crew}</span>
                                <span class="bay">{bay}</span>
                                <span class=move || format!("clock {}", clock.get().0)>{move || clock.get().1}</span>
                                {not_yet
                                    .then(|| {
                                        view! {
                                            <button class="primary" data-action="arrived" on:click=move |_| {
                                                let mut details = a.clone();
                                                details.arrived_at = Some(now.get_untracked());
                                                arrived.run((id.clone(), TaskDetails::AmbulanceArrival(details)));
                                            }>
                                                {move || t(lang.get(), Msg::Arrived)}
                                            </button>
                                        }
                                    })}
                            </li>
                        })
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// The emergency department's registration queue: who waits, since when, how they came, who is on it — the
/// longest wait first.
#[component]
fn RegistrationQueue(queue: Vec<TaskView>, now: Signal<Timestamp>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    view! {
        <section id="registration" class="board registration" aria-labelledby="registration-title">
            <h2 id="registration-title">{move || t(lang.get(), Msg::RegistrationQueue)}</h2>
            <ol class="crews">
                {queue
                    .into_iter()
                    .filter_map(|v| {
                        let TaskDetails::EdRegistration(r) = v.task.details.clone() else { return None };
                        let task = v.task.clone();
                        let waited = move || {
                            let minutes = u64::try_from(floordesk_domain::wait_minutes(&task, now.get())).unwrap_or(0);
                            format!("{} {}", t(lang.get(), Msg::Waits), i18n::in_minutes(lang.get(), minutes))
                        };
                        let by_ambulance = matches!(r.arrived_by, floordesk_domain::ArrivalMode::Ambulance);
                        let holder = v.assignee_name.clone();
                        Some(view! {
                            <li class="crew queued" data-task-id=v.task.id.to_string()>
                                <span class="crew-number">{r.visitor.clone()}</span>
                                <span>{move || t(lang.get(), if by_ambulance { Msg::ByAmbulance } else { Msg::OnFoot })}</span>
                                <span class="wait">{waited}</span>
                                <span class="hint">{holder.unwrap_or_else(|| "—".into())}</span>
                            </li>
                        })
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}

/// How far one tap moves a proposed meeting slot.
const SLOT_STEP_MINUTES: i64 = 15;

/// Relative–doctor meetings: the slot asked for, moved by a tap to propose another, confirmed in one tap — which
/// also creates the escort task that brings the relative to the department at that time.
#[component]
fn MeetingsBoard(
    meetings: Vec<TaskView>,
    change: Callback<(floordesk_domain::TaskId, TaskDetails)>,
    confirm: Callback<(floordesk_domain::TaskId, TaskDetails, floordesk_protocol::NewTaskRequest)>,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    view! {
        <section id="meetings" class="board meetings" aria-labelledby="meetings-title">
            <h2 id="meetings-title">{move || t(lang.get(), Msg::Meetings)}</h2>
            <ul class="crews">
                {meetings
                    .into_iter()
                    .filter_map(|v| {
                        let TaskDetails::RelativeMeeting(m) = v.task.details.clone() else { return None };
                        let id = v.task.id.clone();
                        let zone = v.task.zone.clone();
                        let who = format!("{} — {}, {}", m.relative, m.doctor, m.department);
                        let slot = clock_time(m.requested_slot);
                        let confirmed = m.confirmed_slot.map(clock_time);
                        let is_confirmed = confirmed.is_some().to_string();
                        let moved = |minutes: i64| {
                            let mut next = m.clone();
                            next.requested_slot = next.requested_slot.plus_minutes(minutes);
                            TaskDetails::RelativeMeeting(next)
                        };
                        let (earlier, later) = (moved(-SLOT_STEP_MINUTES), moved(SLOT_STEP_MINUTES));
                        let (id_earlier, id_later, id_confirm) = (id.clone(), id.clone(), id.clone());
                        let fixed = {
                            let mut next = m.clone();
                            next.confirmed_slot = Some(next.requested_slot);
                            TaskDetails::RelativeMeeting(next)
                        };
                        let escort = floordesk_protocol::NewTaskRequest {
                            id: floordesk_domain::TaskId::new(format!("{}-escort", v.task.id))
                                .unwrap_or_else(|_| v.task.id.clone()),
                            zone,
                            case_id: v.task.case_id.clone(),
                            priority: floordesk_domain::Priority::Normal,
                            details: TaskDetails::Escort(floordesk_domain::Escort {
                                visitor: m.relative.clone(),
                                from: t(lang.get_untracked(), Msg::Entrance).to_owned(),
                                to: m.department.clone(),
                                aid: floordesk_domain::MobilityAid::Walking,
                                patient_ready: false,
                            }),
                            // The escort's clock starts at the meeting's time.
                            met_at: m.requested_slot,
                        };
                        Some(view! {
                            <li class="crew meeting" data-task-id=v.task.id.to_string() data-confirmed=is_confirmed>
                                <span class="crew-number">{who}</span>
                                {match confirmed {
                                    Some(at) => view! {
                                        <span class="slot confirmed">{move || format!("{} {at}", t(lang.get(), Msg::ConfirmedFor))}</span>
                                    }
                                    .into_any(),
                                    None => view! {
                                        <span class="slot">{move || format!("{} {slot}", t(lang.get(), Msg::RequestedFor))}</span>
                                        <span class="actions">
                                            <button data-action="earlier" aria-label=move || t(lang.get(), Msg::Earlier)
                                                on:click=move |_| change.run((id_earlier.clone(), earlier.clone()))>"−15"</button>
                                            <button data-action="later" aria-label=move || t(lang.get(), Msg::Later)
                                                on:click=move |_| change.run((id_later.clone(), later.clone()))>"+15"</button>
                                            <button class="primary" data-action="confirm"
                                                on:click=move |_| confirm.run((id_confirm.clone(), fixed.clone(), escort.clone()))>
                                                {move || t(lang.get(), Msg::Confirm)}
                                            </button>
                                        </span>
                                    }
                                    .into_any(),
                                }}
                            </li>
                        })
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// A callback that sends something through the API, shows a refusal (or clears the last one), then refreshes.
fn sender<T: 'static, F>(
    api: &Backend,
    refresh: impl Fn() + Clone + Send + Sync + 'static,
    failure: RwSignal<Option<ApiError>>,
    send: impl Fn(Backend, T) -> F + Send + Sync + 'static,
) -> Callback<T>
where
    F: std::future::Future<Output = Result<(), ApiError>> + 'static,
{
    let api = api.clone();
    Callback::new(move |value: T| {
        let sent = send(api.clone(), value);
        let refresh = refresh.clone();
        spawn_local(async move {
            failure.set(sent.await.err());
            refresh();
        });
    })
}

/// The one-tap actions a card offers, in the order of the work, with their words.
const CARD_ACTIONS: [(&str, Msg); 5] = [
    ("claim", Msg::Claim),
    ("accept", Msg::Accept),
    ("start", Msg::StartWork),
    ("complete", Msg::Done),
    ("hand_back", Msg::HandBack),
];

fn card_action(name: &str) -> Action {
    match name {
        "claim" => Action::Claim,
        "accept" => Action::Accept,
        "start" => Action::Start,
        "hand_back" => Action::HandBack { reason: None },
        _ => Action::Complete { rating: None },
    }
}

#[component]
fn TaskCards(
    tasks: Signal<Vec<TaskView>>,
    deadlines: Signal<DeadlineTable>,
    now: Signal<Timestamp>,
    actor: Actor,
    act: Callback<(floordesk_domain::TaskId, Action)>,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    // One card per task, keyed by what it shows: a refresh that changes another task leaves this card (and an open
    // rating or reassignment panel in it, with its focus) as it is.
    let card = move |view: TaskView| {
        let task = view.task.clone();
        let table = deadlines.get_untracked();
        let kind = task.details.kind();
        let priority = task.priority;
        let status = task.status;
        let details = task.details.clone();
        // The actions the rules allow this person now: the domain decides, as on the server.
        // One-tap work is for one's own tasks and free ones; giving a task to someone else goes through
        // the reassign menu.
        let mine_or_free = task.assignee.as_ref().is_none_or(|a| *a == actor.staff);
        let allowed: Vec<&'static str> = CARD_ACTIONS
            .iter()
            .filter(|_| mine_or_free)
            .filter(|(name, _)| task.apply(&actor, &card_action(name), now.get_untracked()).is_ok())
            .map(|(name, _)| *name)
            .collect();
        let id = task.id.clone();
        let rating_id = task.id.clone();
        let draft = expect_context::<RatingDraft>();
        let moving = expect_context::<ReassignDraft>();
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
        let clock_task = task.clone();
        let clock = Memo::new(move |_| clock(lang.get(), &table, &clock_task, now.get()));
        view! {
            <li
                class=format!("task {}", priority_class(priority))
                data-task-id=view.task.id.to_string()
                data-status=format!("{status:?}").to_lowercase()
                draggable=may_move.then_some("true")
                on:dragstart=move |ev: web_sys::DragEvent| {
                    if let Some(data) = ev.data_transfer() {
                        let _ = data.set_data(crate::floor::DRAG_TYPE, &drag_id);
                    }
                }
            >
                <div class="head">
                    <span class="kind">{move || i18n::kind(lang.get(), kind)}</span>
                    <span class="prio">{move || i18n::priority(lang.get(), priority)}</span>
                    <span class="status">{move || i18n::status(lang.get(), status)}</span>
                </div>
                <p class="summary">{move || summary(lang.get(), &details)}</p>
                {view.assignee_name.clone().filter(|_| task.assignee.as_ref() != Some(&actor.staff)).map(|name| view! {
                    <p class="holder">{move || format!("{}: {name}", t(lang.get(), Msg::Holder))}</p>
                })}
                <div class=move || format!("clock {}", clock.get().0)>{move || clock.get().1}</div>
                {view.pending.then(|| view! { <span class="pending">{move || t(lang.get(), Msg::PendingMark)}</span> })}
                {task.case_id.is_some().then(|| view! { <VisitorCaseTasks task=task.clone() /> })}
                {(handoffs > 0)
                    .then(|| {
                        view! {
                            <span class=handoffs_class(handoffs)>
                                {move || i18n::handoffs(lang.get(), handoffs, MAX_HANDOFFS)}
                            </span>
                        }
                    })}
                <div class="actions">
                    {allowed
                        .into_iter()
                        .map(|name| {
                            let id = id.clone();
                            let label = CARD_ACTIONS.iter().find(|(n, _)| *n == name).map_or(Msg::Done, |(_, m)| *m);
                            view! {
                                <button
                                    // Handing back is the way out, not the next step of the work.
                                    class=if name == "hand_back" { "secondary" } else { "primary" }
                                    data-action=name
                                    on:click=move |_| {
                                        // Done asks the visitor for a rating first.
                                        if name == "complete" {
                                            draft.open(id.clone());
                                        } else {
                                            act.run((id.clone(), card_action(name)));
                                        }
                                    }
                                >
                                    {move || t(lang.get(), label)}
                                </button>
                            }
                        })
                        .collect_view()}
                    {more_for_visitor
                        .map(|case| {
                            let creating = expect_context::<crate::create::CreateDraft>();
                            view! {
                                <button class="secondary" data-action="case-more"
                                    on:click=move |_| {
                                        creating.for_case(case.clone());
                                        crate::create::focus_first(".kind-tile");
                                    }>
                                    {move || format!("+ {}", t(lang.get(), Msg::MoreForVisitor))}
                                </button>
                            }
                        })}
                    {may_move
                        .then(|| {
                            let id = move_task.id.clone();
                            view! {
                                <button class="secondary" data-action="reassign" on:click=move |_| moving.open(id.clone())>
                                    {move || t(lang.get(), Msg::GiveTo)}
                                </button>
                            }
                        })}
                </div>
                {move || {
                    (draft.task.get().as_ref() == Some(&rating_id))
                        .then(|| view! { <RatingPanel task=rating_id.clone() act=act /> })
                }}
                {
                    let task = move_task.clone();
                    move || {
                        (moving.task.get().as_ref() == Some(&task.id))
                            .then(|| view! { <ReassignPanel task=task.clone() act=act /> })
                    }
                }
            </li>
        }
    };
    view! {
        <Show when=move || !tasks.with(Vec::is_empty) fallback=move || view! { <p class="empty">{move || t(lang.get(), Msg::NoTasks)}</p> }>
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

/// Every task the person sees now, for gathering one visitor's tasks ("one window").
#[derive(Debug, Clone, Copy)]
struct VisibleTasks(Memo<Vec<TaskView>>);

/// One visitor's other open tasks that the person sees ("one window").
#[component]
fn VisitorCaseTasks(task: floordesk_domain::Task) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let visible = expect_context::<VisibleTasks>();
    let case = task.case_id.clone();
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
        (!list.is_empty()).then(|| {
            let count = list.len() + 1;
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
                                    <li data-case-task=v.task.id.to_string()>
                                        {move || {
                                            let lang = lang.get();
                                            let who = holder.clone().unwrap_or_else(|| t(lang, Msg::Nobody).to_owned());
                                            format!("{} — {} · {who}", i18n::kind(lang, kind), i18n::status(lang, status))
                                        }}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </details>
            }
        })
    }
}

/// The reassignment being prepared, kept by the screen across the list's refresh.
#[derive(Debug, Clone, Copy)]
struct ReassignDraft {
    task: RwSignal<Option<floordesk_domain::TaskId>>,
    to: RwSignal<String>,
    reason: RwSignal<String>,
}

impl ReassignDraft {
    fn new() -> Self {
        Self { task: RwSignal::new(None), to: RwSignal::new(String::new()), reason: RwSignal::new(String::new()) }
    }

    fn open(self, task: floordesk_domain::TaskId) {
        self.close();
        self.task.set(Some(task));
    }

    fn close(self) {
        self.task.set(None);
        self.to.set(String::new());
        self.reason.set(String::new());
    }
}

/// Give a task to someone of the site: pick the person; past the hand-off limit a reason is required (the rules
/// let only a supervisor go over it, and only with one).
#[component]
fn ReassignPanel(task: floordesk_domain::Task, act: Callback<(floordesk_domain::TaskId, Action)>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let draft = expect_context::<ReassignDraft>();
    let people = expect_context::<RwSignal<Vec<StaffProfile>>>();
    // Whether giving it to the person chosen would go over the hand-off limit (also for a task handed back to the
    // pool after two hand-offs): then a reason is required, and only a reassignment may carry one.
    let over_limit = {
        let (holder, last, handoffs) = (task.assignee.clone(), task.last_holder.clone(), task.handoffs);
        Memo::new(move |_| {
            floordesk_domain::StaffId::new(draft.to.get())
                .is_ok_and(|to| change_holder(holder.as_ref(), last.as_ref(), handoffs, &to).exceeds_limit())
        })
    };
    let holder = task.assignee.clone();
    let id = task.id.clone();
    let ready = move || !draft.to.get().is_empty() && (!over_limit.get() || !draft.reason.get().trim().is_empty());
    let give = move |_| {
        let Ok(to) = floordesk_domain::StaffId::new(draft.to.get_untracked()) else { return };
        let reason = draft.reason.get_untracked();
        let reason = (!reason.trim().is_empty()).then_some(reason);
        let action = if holder.is_some() || over_limit.get_untracked() {
            Action::Reassign { to, reason }
        } else {
            Action::Assign { to }
        };
        draft.close();
        act.run((id.clone(), action));
    };
    let current = task.assignee.clone();
    crate::create::focus_first("#reassign-to");
    view! {
        <div class="reassign" role="group" aria-label=move || t(lang.get(), Msg::GiveTo)>
            <label>
                {move || t(lang.get(), Msg::GiveToWhom)}
                <select id="reassign-to" on:change=move |ev| draft.to.set(event_target_value(&ev)) prop:value=move || draft.to.get()>
                    <option value="">"—"</option>
                    {move || {
                        people
                            .get()
                            .into_iter()
                            .filter(|p| Some(&p.id) != current.as_ref())
                            .map(|p| {
                                let label = format!("{} ({})", p.display_name, i18n::role(lang.get(), p.role));
                                view! { <option value=p.id.to_string()>{label}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
            {move || {
                over_limit
                    .get()
                    .then(|| {
                        view! {
                            <label>
                                {move || t(lang.get(), Msg::ReasonRequired)}
                                <input id="reassign-reason" maxlength="500" prop:value=move || draft.reason.get() on:input=move |ev| draft.reason.set(event_target_value(&ev)) />
                            </label>
                        }
                    })
            }}
            <div class="actions">
                <button id="reassign-give" class="primary" disabled=move || !ready() on:click=give>
                    {move || t(lang.get(), Msg::GiveTo)}
                </button>
                <button id="reassign-cancel" on:click=move |_| draft.close()>{move || t(lang.get(), Msg::Cancel)}</button>
            </div>
        </div>
    }
}

/// The rating being given, kept by the screen so the list's refresh does not close it or lose a typed note.
#[derive(Debug, Clone, Copy)]
struct RatingDraft {
    /// The task whose rating panel is open.
    task: RwSignal<Option<floordesk_domain::TaskId>>,
    score: RwSignal<Option<u8>>,
    note: RwSignal<String>,
}

impl RatingDraft {
    fn new() -> Self {
        Self { task: RwSignal::new(None), score: RwSignal::new(None), note: RwSignal::new(String::new()) }
    }

    fn open(self, task: floordesk_domain::TaskId) {
        self.close();
        self.task.set(Some(task));
    }

    fn close(self) {
        self.task.set(None);
        self.score.set(None);
        self.note.set(String::new());
    }
}

/// A face for score `n` (1–5) as SVG, from a frown to a broad smile, red to green: no emoji font needed.
fn face(n: u8) -> impl IntoView {
    const COLOURS: [&str; 5] = ["#c0262d", "#d9661f", "#b8a000", "#5e9e2f", "#1f7a3a"];
    let i = usize::from(n.clamp(1, 5) - 1);
    // The mouth's middle point moves from above its corners (a frown) to below them (a smile).
    let curve = [22, 25, 28, 31, 35][i];
    let mouth = format!("M12 28 Q20 {curve} 28 28");
    view! {
        <svg viewBox="0 0 40 40" width="40" height="40" aria-hidden="true">
            <circle cx="20" cy="20" r="18" fill=COLOURS[i] />
            <circle cx="14" cy="16" r="2.5" fill="#fff" />
            <circle cx="26" cy="16" r="2.5" fill="#fff" />
            <path d=mouth stroke="#fff" stroke-width="3" fill="none" stroke-linecap="round" />
        </svg>
    }
}

/// At done: the visitor taps one of five large faces, may add a note, and the task is completed with the rating
/// (or without one, when the visitor would not rate).
#[component]
fn RatingPanel(task: floordesk_domain::TaskId, act: Callback<(floordesk_domain::TaskId, Action)>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let draft = expect_context::<RatingDraft>();
    let (score, note) = (draft.score, draft.note);
    let finish = {
        let task = task.clone();
        move |rated: bool| {
            let rating = if rated {
                score.get_untracked().and_then(|s| {
                    let note = note.get_untracked();
                    floordesk_domain::Rating::new(s, (!note.trim().is_empty()).then_some(note)).ok()
                })
            } else {
                None
            };
            draft.close();
            act.run((task.clone(), Action::Complete { rating }));
        }
    };
    let save = finish.clone();
    // Opened, the panel takes the focus: the keyboard and a screen reader land on the first face.
    crate::create::focus_first(".rating .face");
    view! {
        <div class="rating" role="group" aria-label=move || t(lang.get(), Msg::RateTheService)>
            <p class="rating-title">{move || t(lang.get(), Msg::RateTheService)}</p>
            <div class="faces">
                {(1u8..=5)
                    .map(|n| {
                        view! {
                            <button
                                class="face"
                                data-score=n
                                aria-pressed=move || (score.get() == Some(n)).to_string()
                                aria-label=move || i18n::score(lang.get(), n)
                                on:click=move |_| score.set(Some(n))
                            >
                                {face(n)}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <label class="note">
                {move || t(lang.get(), Msg::RatingNote)}
                <textarea id="rating-note" maxlength="500" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            </label>
            <div class="actions">
                <button id="rating-save" class="primary" disabled=move || score.get().is_none() on:click=move |_| save(true)>
                    {move || t(lang.get(), Msg::Done)}
                </button>
                <button id="rating-skip" on:click=move |_| finish(false)>{move || t(lang.get(), Msg::NotRated)}</button>
            </div>
        </div>
    }
}

fn handoffs_class(handoffs: u32) -> &'static str {
    if handoffs >= MAX_HANDOFFS {
        "handoffs at-limit"
    } else {
        "handoffs"
    }
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
    let label = match &task.details {
        // After arrival the clock that matters is the crew's 15-minute handover.
        TaskDetails::AmbulanceArrival(_) if task.started_at.is_some() => t(lang, Msg::Handover),
        _ => t(lang, if task.service_started_at().is_none() { Msg::Start } else { Msg::Complete }),
    };
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
pub(crate) fn summary(lang: Lang, details: &TaskDetails) -> String {
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
