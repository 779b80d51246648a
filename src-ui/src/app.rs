//! The app's frame: the top bar (who is signed in, sign-out, the language switch), then sign-in or the signed-in
//! desk with the tabs of the person's role.

use floordesk_domain::{Permission, Role};
use floordesk_protocol::SignedIn;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::Backend;
use crate::dom::{store_lang, stored_lang};
use crate::i18n::{tr, Msg, UiLang};
use crate::notice::Loading;
use crate::setup::FirstRun;
use crate::signin::SignInScreen;
use crate::tabs::Tab;
use crate::topbar::SessionAndLanguage;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let backend = Backend::detect();
    provide_context(backend.clone());
    let lang = UiLang(RwSignal::new(stored_lang()));
    provide_context(lang);
    // Kept on the device, and told to the app shell so that its notifications speak it too.
    let speaking = backend.clone();
    Effect::new(move || {
        let now = lang.get();
        store_lang(now);
        let shell = speaking.clone();
        spawn_local(async move { shell.speak(now).await });
    });
    let session = RwSignal::new(None::<SignedIn>);
    // The app on a device not yet connected to its server shows the first-run screen first (a browser is served by
    // its server: nothing to set up).
    let set_up = RwSignal::new(None::<bool>);
    match &backend {
        Backend::Tauri(app) => {
            let app = *app;
            spawn_local(async move {
                let known = app.device_setup().await.is_ok_and(|s| s.server.is_some() && s.device.is_some());
                set_up.set(Some(known));
            });
        }
        Backend::Http(_) => set_up.set(Some(true)),
    }
    let first_run = backend.clone();

    view! {
        <header class="topbar">
            <span class="brand">"FloorDesk"</span>
            <SessionAndLanguage session=session />
        </header>
        <main>
            {move || match (set_up.get(), session.get(), &first_run) {
                (None, ..) => view! { <Loading /> }.into_any(),
                (Some(false), _, Backend::Tauri(app)) => {
                    view! { <FirstRun api=*app on_done=move || set_up.set(Some(true)) /> }.into_any()
                }
                (_, None, _) => {
                    let again = Callback::new(move |()| set_up.set(Some(false)));
                    view! { <SignInScreen on_signed_in=move |s| session.set(Some(s)) on_not_enrolled=again /> }
                        .into_any()
                }
                (_, Some(s), _) => view! { <Desk signed_in=s /> }.into_any(),
            }}
        </main>
    }
}

/// A screen of the signed-in desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Screen {
    Tasks,
    Indicators,
    Stories,
    Knowledge,
}

impl Screen {
    /// The screens, in the order of the tabs: everyone has indicators (a supervisor the site's, anyone else their
    /// own); the morning pack is held at a desk, in site administration.
    const ALL: [Screen; 4] = [Screen::Tasks, Screen::Indicators, Screen::Stories, Screen::Knowledge];

    fn id(self) -> &'static str {
        match self {
            Screen::Tasks => "tab-tasks",
            Screen::Indicators => "tab-kpi",
            Screen::Stories => "tab-stories",
            Screen::Knowledge => "tab-knowledge",
        }
    }

    fn label(self, role: Role) -> Msg {
        match self {
            Screen::Tasks if role.can(Permission::ViewSiteTasks) && role.can(Permission::ReassignTask) => Msg::FloorTab,
            Screen::Tasks => Msg::Tasks,
            Screen::Indicators if role.can(Permission::ViewKpi) => Msg::Indicators,
            Screen::Indicators => Msg::MyIndicators,
            Screen::Stories => Msg::StoriesTab,
            Screen::Knowledge => Msg::AnswersTab,
        }
    }
}

/// The signed-in desk: the tabs of the role, then the chosen screen.
#[component]
fn Desk(signed_in: SignedIn) -> impl IntoView {
    let role = signed_in.staff.role;
    let screen = RwSignal::new(Screen::Tasks);
    // Site administration is a page of its own, for a browser on a desk.
    let administers = matches!(expect_context::<Backend>(), Backend::Http(_))
        && (role.can(Permission::ManageStaff) || role.can(Permission::ManageDevices));
    // The whole floor in columns is there too, for whoever runs the floor; and the morning meeting's pack (held at
    // a desk, printed, with the day's goals and thanks), for whoever runs the meeting.
    let runs_floor = administers && role.can(Permission::ManageFloor);
    let runs_meeting =
        matches!(expect_context::<Backend>(), Backend::Http(_)) && role.can(Permission::RunMorningMeeting);
    view! {
        <nav class="tabs no-print" aria-label=tr(Msg::Screens)>
            {Screen::ALL
                .into_iter()
                .map(|s| view! { <Tab id=s.id() this=s screen=screen label=tr(s.label(role)) /> })
                .collect_view()}
            {administers
                .then(|| {
                    view! {
                        <a id="tab-admin" class="tab" href="/admin/" target="_blank" rel="noopener">
                            {tr(Msg::AdminLink)}
                        </a>
                    }
                })}
            {runs_floor
                .then(|| {
                    view! {
                        <a id="tab-wide-floor" class="tab" href="/admin/?floor" target="_blank" rel="noopener">
                            {tr(Msg::WideFloorLink)}
                        </a>
                    }
                })}
            {runs_meeting
                .then(|| {
                    view! {
                        <a id="tab-morning-desk" class="tab" href="/admin/?morning" target="_blank" rel="noopener">
                            {tr(Msg::MeetingTab)}
                        </a>
                    }
                })}
        </nav>
        {move || {
            let me = signed_in.staff.clone();
            match screen.get() {
                Screen::Tasks => view! { <crate::tasks::TasksScreen signed_in=signed_in.clone() /> }.into_any(),
                Screen::Indicators => view! { <crate::kpi::KpiScreen /> }.into_any(),
                Screen::Stories => view! { <crate::stories::StoriesScreen me=me /> }.into_any(),
                Screen::Knowledge => crate::knowledge::knowledge_screen::<false>(role).into_any(),
            }
        }}
    }
}
