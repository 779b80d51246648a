//! The programme's sites, for a city administrator: each with its kind, time zone, how long visitors' details are
//! kept and how long personal codes are; a new site; and a site's staff, where its supervisors are added.

use floordesk_domain::{SiteId, SiteKind};
use floordesk_protocol::admin::{NewSite, SiteSettings, SiteSetup, DEFAULT_CODE_DIGITS};
use floordesk_protocol::{api, ApiError};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::fields::{IdField, NumberField};
use super::hours::HoursEditor;
use super::staff::StaffScreen;
use super::text::{t, tr, Msg};
use super::Refusal;
use crate::api::HttpApi;
use crate::i18n::UiLang;
use crate::notice::Loading;

/// Every site, a new one, and the chosen site's staff.
#[component]
pub fn SitesScreen(api: HttpApi) -> impl IntoView {
    let sites = RwSignal::new(None::<Vec<SiteSetup>>);
    let failure = RwSignal::new(None::<ApiError>);
    let chosen = RwSignal::new(None::<SiteId>);
    let created = RwSignal::new(false);
    // Sites created so far: a new form after each (its fields empty again).
    let round = RwSignal::new(0u32);
    let load = {
        let api = api.clone();
        move || {
            let api = api.clone();
            spawn_local(async move {
                match api.signed::<api::GetSiteSetups>(None, &(), &()).await {
                    Ok(list) => sites.set(Some(list.sites)),
                    Err(e) => failure.set(Some(e)),
                }
            });
        }
    };
    load();
    let on_created = {
        let load = load.clone();
        move |id: SiteId| {
            created.set(true);
            round.update(|n| *n += 1);
            chosen.set(Some(id));
            load();
        }
    };
    let staff_api = api.clone();
    view! {
        <section class="admin-screen" id="sites">
            <h2>{tr(Msg::SitesTitle)}</h2>
            <Refusal failure=failure />
            {move || match sites.get() {
                None => view! { <Loading /> }.into_any(),
                Some(list) if list.is_empty() => view! { <p class="empty">{tr(Msg::NoSites)}</p> }.into_any(),
                Some(list) => {
                    list.into_iter()
                        .map(|s| view! { <SiteRow setup=s api=api.clone() chosen=chosen reload=load.clone() /> })
                        .collect_view()
                        .into_any()
                }
            }}
            {
                let (api, on_created) = (staff_api.clone(), on_created.clone());
                move || {
                    round.track();
                    view! { <NewSiteForm api=api.clone() on_created=on_created.clone() /> }
                }
            }
            {move || {
                chosen
                    .get()
                    .map(|site| {
                        view! {
                            <Show when=move || created.get()>
                                <p class="done" role="status">
                                    {tr(Msg::SiteCreated)}
                                </p>
                            </Show>
                            <StaffScreen api=staff_api.clone() site=Some(site) />
                        }
                    })
            }}
        </section>
    }
}

/// A site as listed: its settings (changed in place) and the way to its staff.
#[component]
fn SiteRow(
    setup: SiteSetup,
    api: HttpApi,
    chosen: RwSignal<Option<SiteId>>,
    reload: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let lang = UiLang::expect();
    let id = setup.site.id.clone();
    let settings = setup.settings.clone();
    let editing = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let kind = setup.site.kind;
    let save = {
        let id = id.clone();
        move |changed: SiteSettings| {
            let (api, id, reload) = (api.clone(), id.clone(), reload.clone());
            spawn_local(async move {
                match api.signed::<api::ChangeSite>(Some(id.as_str()), &(), &changed).await {
                    Ok(_) => {
                        editing.set(false);
                        reload();
                    }
                    Err(e) => failure.set(Some(e)),
                }
            });
        }
    };
    let summary = {
        let s = settings.clone();
        move || {
            let l = lang.get();
            format!(
                "{} · {} · {}: {} · {}: {}",
                t(l, kind_label(kind)),
                s.time_zone,
                t(l, Msg::RetentionDays),
                s.retention_days,
                t(l, Msg::CodeDigits),
                s.code_digits
            )
        }
    };
    let open = id.clone();
    view! {
        <article class="site-setup" data-site-id=id.to_string()>
            <h3>{settings.name.clone()}" " <span class="hint">"(" {id.to_string()} ")"</span></h3>
            <p>{summary}</p>
            <div class="row">
                <button type="button" class="edit" on:click=move |_| editing.update(|e| *e = !*e)>
                    {tr(Msg::EditSite)}
                </button>
                <button type="button" class="open-staff" on:click=move |_| chosen.set(Some(open.clone()))>
                    {tr(Msg::SiteStaff)}
                </button>
            </div>
            <Show when=move || editing.get()>
                <SettingsForm
                    settings=settings.clone()
                    kind=Signal::stored(kind)
                    submit=Msg::Save
                    on_submit=save.clone()
                />
            </Show>
            <Refusal failure=failure />
        </article>
    }
}

/// A new site: its id, kind and settings.
#[component]
fn NewSiteForm(api: HttpApi, on_created: impl Fn(SiteId) + Clone + Send + Sync + 'static) -> impl IntoView {
    let lang = UiLang::expect();
    let id = RwSignal::new(String::new());
    let kind = RwSignal::new(SiteKind::Polyclinic);
    let failure = RwSignal::new(None::<ApiError>);
    let fresh = SiteSettings {
        name: String::new(),
        time_zone: floordesk_domain::DEFAULT_TIME_ZONE.to_owned(),
        opening_hours: None,
        retention_days: floordesk_domain::DEFAULT_RETENTION_DAYS,
        code_digits: DEFAULT_CODE_DIGITS,
    };
    let create = move |settings: SiteSettings| {
        // The field's pattern lets only a site id through.
        let Ok(site) = SiteId::new(id.get_untracked().trim()) else { return };
        let new = NewSite { id: site.clone(), kind: kind.get_untracked(), settings };
        let (api, on_created) = (api.clone(), on_created.clone());
        spawn_local(async move {
            match api.signed::<api::CreateSite>(None, &(), &new).await {
                Ok(_) => {
                    failure.set(None);
                    id.set(String::new());
                    on_created(site);
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    view! {
        <div class="admin-form" id="new-site">
            <h3>{tr(Msg::NewSite)}</h3>
            <IdField label=Msg::SiteId class="site-id" value=id />
            <label>
                {tr(Msg::SiteKind)}
                <select
                    class="site-kind"
                    on:change=move |ev| {
                        kind.set(
                            if event_target_value(&ev) == SiteKind::EmergencyCentre.as_str() {
                                SiteKind::EmergencyCentre
                            } else {
                                SiteKind::Polyclinic
                            },
                        )
                    }
                    prop:value=move || kind.get().as_str()
                >
                    {[SiteKind::Polyclinic, SiteKind::EmergencyCentre]
                        .into_iter()
                        .map(|k| view! { <option value=k.as_str()>{move || t(lang.get(), kind_label(k))}</option> })
                        .collect_view()}
                </select>
            </label>
            <SettingsForm settings=fresh kind=kind.into() submit=Msg::CreateSite on_submit=create />
            <Refusal failure=failure />
        </div>
    }
}

/// A site's settings as a form; `on_submit` with what was typed.
#[component]
fn SettingsForm(
    settings: SiteSettings,
    /// The site's kind, whose usual hours its own start from.
    kind: Signal<SiteKind>,
    submit: Msg,
    on_submit: impl Fn(SiteSettings) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let name = RwSignal::new(settings.name.clone());
    let zone = RwSignal::new(settings.time_zone.clone());
    let retention = RwSignal::new(settings.retention_days);
    let digits = RwSignal::new(settings.code_digits);
    let hours = RwSignal::new(settings.opening_hours.clone());
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_submit(SiteSettings {
            name: name.get_untracked().trim().to_owned(),
            time_zone: zone.get_untracked().trim().to_owned(),
            opening_hours: hours.get_untracked(),
            retention_days: retention.get_untracked(),
            code_digits: digits.get_untracked(),
        });
    };
    view! {
        <form class="admin-form settings" on:submit=send>
            <label>
                {tr(Msg::SiteName)}
                <input
                    class="site-name"
                    required
                    maxlength="120"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
            </label>
            <label>
                {tr(Msg::TimeZone)}
                <input
                    class="time-zone"
                    required
                    prop:value=move || zone.get()
                    on:input=move |ev| zone.set(event_target_value(&ev))
                />
            </label>
            <NumberField label=Msg::RetentionDays class="retention" min=1 max=366 value=retention />
            <NumberField label=Msg::CodeDigits class="code-digits" min=4 max=8 value=digits />
            <HoursEditor hours=hours kind=kind />
            <button type="submit" class="primary">
                {tr(submit)}
            </button>
        </form>
    }
}

fn kind_label(kind: SiteKind) -> Msg {
    match kind {
        SiteKind::EmergencyCentre => Msg::KindEmergency,
        SiteKind::Polyclinic | SiteKind::Office => Msg::KindPolyclinic,
    }
}
