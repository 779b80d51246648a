//! Site administration, for the people who run the programme: a city administrator creates sites and their
//! supervisors; a supervisor keeps their site's staff (by hand or from the personnel department's file), zones and
//! handhelds. Desktop first, in a browser, at `/admin/` (its own bundle: the floor app does not carry it). Every
//! change goes through the server's administration endpoints, which check the role and the site and log who changed
//! what.

mod audit;
mod codes;
mod devices;
mod fields;
mod hours;
mod import;
mod indicators;
mod log;
mod morning;
mod rules;
mod sites;
mod staff;
mod text;
mod zones;

use floordesk_domain::{Permission, SiteId, ZoneId};
use floordesk_protocol::{api, ApiError, SignedIn, SiteQuery, ZoneInfo};
use leptos::prelude::*;

use crate::api::{Api, Backend, HttpApi};
use crate::dom::{store_lang, stored_lang};
use crate::i18n::UiLang;
use crate::signin::SignInScreen;
use crate::tabs::Tab;
use crate::topbar::SessionAndLanguage;
use text::{tr, Msg};

/// The administration page: sign-in by personal number, then the screens of the person's role.
#[component]
pub fn AdminApp() -> impl IntoView {
    let api = HttpApi::default();
    provide_context(Backend::Http(api.clone()));
    let lang = UiLang(RwSignal::new(stored_lang()));
    provide_context(lang);
    Effect::new(move || store_lang(lang.get()));
    let session = RwSignal::new(None::<SignedIn>);
    view! {
        <header class="topbar">
            <span class="brand">"FloorDesk" <span class="sub">" · " {tr(Msg::AdminTitle)}</span></span>
            <a class="to-floor" href="/">
                {tr(Msg::ToFloor)}
            </a>
            <SessionAndLanguage session=session />
        </header>
        <main class="admin">
            {move || match session.get() {
                None => view! { <SignInScreen on_signed_in=move |s| session.set(Some(s)) /> }.into_any(),
                Some(s) => view! { <AdminDesk signed_in=s api=api.clone() /> }.into_any(),
            }}
        </main>
    }
}

/// The address that opens the morning meeting's pack (the floor app's «Планёрка» link).
const MORNING_IN_ADDRESS: &str = "morning";

/// A screen of administration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Screen {
    Sites,
    Staff,
    Import,
    Zones,
    Rules,
    Devices,
    Log,
    Audit,
    Indicators,
    /// The whole floor on a wide screen.
    Floor,
    /// The morning meeting's pack with the day's goals and the people to thank.
    Morning,
    /// The knowledge base's answers and the site's common purposes, edited.
    Answers,
}

impl Screen {
    /// The screens a role has: a city administrator's sites; a supervisor's site; and the log.
    fn for_role(role: floordesk_domain::Role) -> Vec<Screen> {
        let mut screens = Vec::new();
        if role.can(Permission::ManageSites) {
            screens.extend([Screen::Sites, Screen::Indicators]);
        } else if role.can(Permission::ManageStaff) {
            screens.extend([Screen::Staff, Screen::Import, Screen::Zones]);
        }
        if role.can(Permission::ManageFloor) {
            screens.extend([Screen::Floor, Screen::Rules]);
        }
        if role.can(Permission::RunMorningMeeting) {
            screens.push(Screen::Morning);
        }
        if role.can(Permission::ManageKnowledgeBase) {
            screens.push(Screen::Answers);
        }
        if role.can(Permission::ManageDevices) {
            screens.push(Screen::Devices);
        }
        if role.can(Permission::ManageStaff) {
            screens.push(Screen::Log);
        }
        if role.can(Permission::ViewAudit) {
            screens.push(Screen::Audit);
        }
        screens
    }

    fn id(self) -> &'static str {
        match self {
            Screen::Sites => "tab-sites",
            Screen::Staff => "tab-staff",
            Screen::Import => "tab-import",
            Screen::Zones => "tab-zones",
            Screen::Rules => "tab-rules",
            Screen::Devices => "tab-devices",
            Screen::Log => "tab-log",
            Screen::Audit => "tab-audit",
            Screen::Indicators => "tab-city-kpi",
            Screen::Floor => "tab-floor",
            Screen::Morning => "tab-morning",
            Screen::Answers => "tab-answers",
        }
    }

    fn label(self) -> Msg {
        match self {
            Screen::Sites => Msg::TabSites,
            Screen::Staff => Msg::TabStaff,
            Screen::Import => Msg::TabImport,
            Screen::Zones => Msg::TabZones,
            Screen::Rules => Msg::TabRules,
            Screen::Devices => Msg::TabDevices,
            Screen::Log => Msg::TabLog,
            Screen::Audit => Msg::TabAudit,
            Screen::Indicators => Msg::TabCityKpi,
            Screen::Floor => Msg::TabFloor,
            Screen::Morning => Msg::TabMorning,
            Screen::Answers => Msg::TabAnswers,
        }
    }
}

/// The signed-in administration: the role's tabs and the chosen screen.
#[component]
fn AdminDesk(signed_in: SignedIn, api: HttpApi) -> impl IntoView {
    let screens = Screen::for_role(signed_in.staff.role);
    let Some(first) = screens.first().copied() else {
        return view! {
            <p class="empty" id="not-for-role">
                {tr(Msg::NotForRole)}
            </p>
        }
        .into_any();
    };
    // An address that names the floor (a bookmarked view of it) or the morning pack opens it.
    let asked = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let asked = match asked.trim_start_matches('?').split('&').next() {
        Some(crate::tasks::wide::IN_ADDRESS) => Some(Screen::Floor),
        Some(MORNING_IN_ADDRESS) => {
            // Opened once by the link: a reload after leaving the tab does not come back to it.
            crate::tasks::wide::keep_in_address(None);
            Some(Screen::Morning)
        }
        _ => None,
    };
    let screen = RwSignal::new(asked.filter(|s| screens.contains(s)).unwrap_or(first));
    view! {
        <nav class="tabs no-print" aria-label=tr(Msg::AdminTitle)>
            {screens
                .into_iter()
                .map(|s| view! { <Tab id=s.id() this=s screen=screen label=tr(s.label()) /> })
                .collect_view()}
        </nav>
        {move || {
            let api = api.clone();
            match screen.get() {
                Screen::Sites => view! { <sites::SitesScreen api=api /> }.into_any(),
                Screen::Staff => view! { <staff::StaffScreen api=api site=None /> }.into_any(),
                Screen::Import => view! { <import::ImportScreen api=api /> }.into_any(),
                Screen::Zones => view! { <zones::ZonesScreen api=api /> }.into_any(),
                Screen::Rules => view! { <rules::RulesScreen api=api /> }.into_any(),
                Screen::Devices => view! { <devices::DevicesScreen api=api /> }.into_any(),
                Screen::Log => view! { <log::LogScreen api=api /> }.into_any(),
                Screen::Audit => view! { <audit::AuditScreen api=api /> }.into_any(),
                Screen::Indicators => view! { <indicators::IndicatorsScreen api=api /> }.into_any(),
                Screen::Floor => {
                    view! {
                        <crate::tasks::TasksScreen
                            signed_in=signed_in.clone()
                            columns=crate::tasks::wide::columns_view
                        />
                    }
                        .into_any()
                }
                Screen::Morning => view! { <crate::morning::MorningPack notes=morning::notes_view /> }.into_any(),
                Screen::Answers => crate::knowledge::knowledge_screen::<true>(signed_in.staff.role).into_any(),
            }
        }}
    }
    .into_any()
}

/// The zones of `site` (the caller's own when `None`): from the directory of one's own site, or from the city
/// administrator's list of sites.
async fn zones_of(api: &HttpApi, site: Option<&SiteId>) -> Result<Vec<ZoneInfo>, ApiError> {
    match site {
        None => Ok(api.directory().await?.sites.into_iter().flat_map(|s| s.zones).collect()),
        Some(site) => Ok(api
            .signed::<api::GetSiteSetups>(None, &(), &())
            .await?
            .sites
            .into_iter()
            .filter(|s| &s.site.id == site)
            .flat_map(|s| s.site.zones)
            .collect()),
    }
}

/// The name of zone `id` among `zones` (its id when unknown).
fn zone_name(zones: &[ZoneInfo], id: &ZoneId) -> String {
    zones.iter().find(|z| &z.id == id).map_or_else(|| id.to_string(), |z| z.name.clone())
}

/// The query naming `site` (none: the caller's own).
fn site_query(site: Option<&SiteId>) -> SiteQuery {
    SiteQuery { site: site.cloned() }
}

/// An administration call's refusal, worded for the reader, under the form it came from.
#[component]
fn Refusal(failure: RwSignal<Option<ApiError>>) -> impl IntoView {
    let lang = UiLang::expect();
    move || {
        failure.get().map(|e| {
            view! {
                <p class="error" role="alert">
                    {move || text::error(lang.get(), &e)}
                </p>
            }
        })
    }
}
