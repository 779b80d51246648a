//! A site's staff: who works there, in which role and zone, whether they may sign in; add a person, change or
//! deactivate them (their history stays), issue a new code, lift a sign-in pause. A supervisor keeps their own site;
//! a city administrator, naming the site, adds its supervisors.

use floordesk_domain::{Role, SiteId, StaffId, ZoneId};
use floordesk_protocol::admin::{IssuedCode, NewStaff, StaffChange, StaffMember};
use floordesk_protocol::{api, ApiError, ZoneInfo};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::codes::IssuedCodes;
use super::fields::IdField;
use super::text::{tr, Msg};
use super::{site_query, zone_name, zones_of, Refusal};
use crate::api::HttpApi;
use crate::format::local_date;
use crate::i18n::{self, UiLang};
use crate::notice::{ErrorLine, Loading};

/// The staff of `site` (the caller's own when `None`, as for a supervisor).
#[component]
pub fn StaffScreen(api: HttpApi, site: Option<SiteId>) -> impl IntoView {
    let members = RwSignal::new(None::<Result<Vec<StaffMember>, ApiError>>);
    let zones = RwSignal::new(Vec::<ZoneInfo>::new());
    let codes = RwSignal::new(Vec::<IssuedCode>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let editing = RwSignal::new(None::<StaffId>);
    let load = {
        let (api, site) = (api.clone(), site.clone());
        move || {
            let (api, site) = (api.clone(), site.clone());
            spawn_local(async move {
                let list = api.signed::<api::GetStaff>(None, &site_query(site.as_ref()), &()).await;
                members.set(Some(list.map(|m| m.staff)));
                if let Ok(found) = zones_of(&api, site.as_ref()).await {
                    zones.set(found);
                }
            });
        }
    };
    load();
    // A change to one person: sent, then the list read again; a refusal is shown above the list.
    let change = {
        let (api, load) = (api.clone(), load.clone());
        move |id: StaffId, change: StaffChange| {
            let (api, load) = (api.clone(), load.clone());
            spawn_local(async move {
                match api.signed::<api::ChangeStaff>(Some(id.as_str()), &(), &change).await {
                    Ok(_) => {
                        failure.set(None);
                        editing.set(None);
                        load();
                    }
                    Err(e) => failure.set(Some(e)),
                }
            });
        }
    };
    let new_code = {
        let api = api.clone();
        move |id: StaffId| {
            let api = api.clone();
            spawn_local(async move {
                match api.signed::<api::IssueCode>(Some(id.as_str()), &(), &()).await {
                    Ok(code) => codes.set(vec![code]),
                    Err(e) => failure.set(Some(e)),
                }
            });
        }
    };
    let lift = {
        let (api, load) = (api.clone(), load.clone());
        move |id: StaffId| {
            let (api, load) = (api.clone(), load.clone());
            spawn_local(async move {
                match api.signed::<api::LiftPause>(Some(id.as_str()), &(), &()).await {
                    Ok(()) => load(),
                    Err(e) => failure.set(Some(e)),
                }
            });
        }
    };
    let supervisors = site.is_some();

    view! {
        <section class="admin-screen" id="staff">
            <h2>{tr(Msg::StaffTitle)}</h2>
            <IssuedCodes codes=codes />
            <Refusal failure=failure />
            {move || match members.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorLine error=e /> }.into_any(),
                Some(Ok(list)) => {
                    let (change, new_code, lift) = (change.clone(), new_code.clone(), lift.clone());
                    view! {
                        <table class="staff-table">
                            <thead>
                                <tr>
                                    <th>{tr(Msg::FullName)}</th>
                                    <th>{tr(Msg::StaffNumber)}</th>
                                    <th>{tr(Msg::Role)}</th>
                                    <th>{tr(Msg::Zone)}</th>
                                    <th>{tr(Msg::State)}</th>
                                    <th></th>
                                </tr>
                            </thead>
                            <tbody>
                                {list
                                    .into_iter()
                                    .map(|m| {
                                        let (change, new_code, lift) = (change.clone(), new_code.clone(), lift.clone());
                                        let id = m.profile.id.clone();
                                        let is_editing = {
                                            let id = id.clone();
                                            move || editing.get().as_ref() == Some(&id)
                                        };
                                        view! {
                                            <Show
                                                when=is_editing
                                                fallback={
                                                    let m = m.clone();
                                                    let change = change.clone();
                                                    move || {
                                                        view! {
                                                            <MemberRow
                                                                member=m.clone()
                                                                zones=zones
                                                                editing=editing
                                                                change=change.clone()
                                                                new_code=new_code.clone()
                                                                lift=lift.clone()
                                                            />
                                                        }
                                                    }
                                                }
                                            >
                                                <MemberEditor
                                                    member=m.clone()
                                                    zones=zones
                                                    editing=editing
                                                    change=change.clone()
                                                />
                                            </Show>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                        .into_any()
                }
            }}
            <NewPerson api=api.clone() site=site.clone() zones=zones codes=codes supervisors=supervisors reload=load />
        </section>
    }
}

/// One person as listed, with what can be done to them.
#[component]
fn MemberRow(
    member: StaffMember,
    zones: RwSignal<Vec<ZoneInfo>>,
    editing: RwSignal<Option<StaffId>>,
    change: impl Fn(StaffId, StaffChange) + Clone + Send + Sync + 'static,
    new_code: impl Fn(StaffId) + Clone + Send + Sync + 'static,
    lift: impl Fn(StaffId) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let lang = UiLang::expect();
    let p = member.profile.clone();
    let id = p.id.clone();
    let zone = p.zone.clone();
    let role = p.role;
    let toggled =
        StaffChange { display_name: p.display_name.clone(), role, zone: p.zone.clone(), active: !member.active };
    let paused = member.paused_until;
    let active = member.active;
    view! {
        <tr data-staff-id=id.to_string() class:inactive=!active>
            <td>{p.display_name.clone()}</td>
            <td>{id.to_string()}</td>
            <td>{move || i18n::role(lang.get(), role)}</td>
            <td>
                {move || {
                    zone.as_ref()
                        .map_or_else(
                            || super::text::t(lang.get(), Msg::WholeSite).to_owned(),
                            |z| zone_name(&zones.get(), z),
                        )
                }}
            </td>
            <td>
                {move || super::text::t(lang.get(), if active { Msg::Active } else { Msg::Inactive })}
                {paused
                    .map(|until| {
                        view! {
                            <br />
                            <span class="paused">{move || format!("⏸ {}", local_date(lang.get(), until, true))}</span>
                        }
                    })}
            </td>
            <td class="actions">
                <button
                    type="button"
                    class="edit"
                    on:click={
                        let id = id.clone();
                        move |_| editing.set(Some(id.clone()))
                    }
                >
                    {tr(Msg::Change)}
                </button>
                <button
                    type="button"
                    class="toggle"
                    on:click={
                        let (id, change) = (id.clone(), change.clone());
                        move |_| change(id.clone(), toggled.clone())
                    }
                >
                    {tr(if active { Msg::Deactivate } else { Msg::Reactivate })}
                </button>
                {active
                    .then(|| {
                        let id = id.clone();
                        view! {
                            <button type="button" class="new-code" on:click=move |_| new_code(id.clone())>
                                {tr(Msg::NewCode)}
                            </button>
                        }
                    })}
                {paused
                    .map(|_| {
                        let id = id.clone();
                        view! {
                            <button type="button" class="lift-pause" on:click=move |_| lift(id.clone())>
                                {tr(Msg::LiftPause)}
                            </button>
                        }
                    })}
            </td>
        </tr>
    }
}

/// One person's name, role and zone being changed.
#[component]
fn MemberEditor(
    member: StaffMember,
    zones: RwSignal<Vec<ZoneInfo>>,
    editing: RwSignal<Option<StaffId>>,
    change: impl Fn(StaffId, StaffChange) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let p = member.profile.clone();
    let name = RwSignal::new(p.display_name.clone());
    let role = RwSignal::new(p.role);
    let zone = RwSignal::new(p.zone.as_ref().map(ToString::to_string).unwrap_or_default());
    let id = p.id.clone();
    let active = member.active;
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let zone = ZoneId::new(zone.get_untracked()).ok().filter(|_| role.get_untracked() == Role::Administrator);
        change(
            id.clone(),
            StaffChange {
                display_name: name.get_untracked().trim().to_owned(),
                role: role.get_untracked(),
                zone,
                active,
            },
        );
    };
    view! {
        <tr data-staff-id=p.id.to_string() class="editing">
            <td colspan="6">
                <form class="admin-form inline" on:submit=save>
                    <label>
                        {tr(Msg::FullName)}
                        <input
                            class="name"
                            required
                            prop:value=move || name.get()
                            on:input=move |ev| name.set(event_target_value(&ev))
                        />
                    </label>
                    <RoleSelect role=role supervisors=p.role == Role::Supervisor />
                    <ZoneSelect zone=zone zones=zones role=role />
                    <button type="submit" class="primary">
                        {tr(Msg::Save)}
                    </button>
                    <button type="button" on:click=move |_| editing.set(None)>
                        {tr(Msg::Cancel)}
                    </button>
                </form>
            </td>
        </tr>
    }
}

/// The roles a site's people may have (a supervisor only where the caller may give it).
#[component]
fn RoleSelect(role: RwSignal<Role>, supervisors: bool) -> impl IntoView {
    let lang = UiLang::expect();
    let mut roles = vec![Role::Administrator, Role::Coordinator];
    if supervisors {
        roles.push(Role::Supervisor);
    }
    view! {
        <label>
            {tr(Msg::Role)}
            <select
                class="role"
                on:change=move |ev| {
                    let chosen = event_target_value(&ev);
                    if let Some(r) = [Role::Administrator, Role::Coordinator, Role::Supervisor]
                        .into_iter()
                        .find(|r| r.as_str() == chosen)
                    {
                        role.set(r);
                    }
                }
                prop:value=move || role.get().as_str()
            >
                {roles
                    .into_iter()
                    .map(|r| view! { <option value=r.as_str()>{move || i18n::role(lang.get(), r)}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

/// The zone of a floor administrator (the others cover the whole site).
#[component]
fn ZoneSelect(zone: RwSignal<String>, zones: RwSignal<Vec<ZoneInfo>>, role: RwSignal<Role>) -> impl IntoView {
    view! {
        <label class:hidden=move || {
            role.get() != Role::Administrator
        }>
            {tr(Msg::Zone)}
            <select class="zone" on:change=move |ev| zone.set(event_target_value(&ev)) prop:value=move || zone.get()>
                <option value="">"—"</option>
                {move || {
                    zones
                        .get()
                        .into_iter()
                        .map(|z| view! { <option value=z.id.to_string()>{z.name}</option> })
                        .collect_view()
                }}
            </select>
        </label>
    }
}

/// Adding one person: their personal number, name, role (and zone); their code is shown once.
#[component]
fn NewPerson(
    api: HttpApi,
    site: Option<SiteId>,
    zones: RwSignal<Vec<ZoneInfo>>,
    codes: RwSignal<Vec<IssuedCode>>,
    supervisors: bool,
    reload: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let number = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(if supervisors { Role::Supervisor } else { Role::Administrator });
    let zone = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ApiError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // The field's pattern lets only a personal number through.
        let Ok(id) = StaffId::new(number.get_untracked().trim()) else { return };
        let new = NewStaff {
            id,
            display_name: name.get_untracked().trim().to_owned(),
            role: role.get_untracked(),
            site: site.clone(),
            zone: ZoneId::new(zone.get_untracked()).ok().filter(|_| role.get_untracked() == Role::Administrator),
        };
        let (api, reload) = (api.clone(), reload.clone());
        spawn_local(async move {
            match api.signed::<api::AddStaff>(None, &(), &new).await {
                Ok(code) => {
                    codes.set(vec![code]);
                    failure.set(None);
                    number.set(String::new());
                    name.set(String::new());
                    reload();
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    view! {
        <form class="admin-form" id="new-person" on:submit=submit>
            <h3>{tr(Msg::AddPerson)}</h3>
            <IdField label=Msg::StaffNumber class="number" value=number />
            <label>
                {tr(Msg::FullName)}
                <input
                    class="name"
                    required
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
            </label>
            <RoleSelect role=role supervisors=supervisors />
            <ZoneSelect zone=zone zones=zones role=role />
            <button type="submit" class="primary">
                {tr(Msg::Add)}
            </button>
            <Refusal failure=failure />
        </form>
    }
}
