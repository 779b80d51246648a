//! A site's handhelds: enrolled by its supervisor, who shows the new device its enrolment code (a QR code and the
//! line under it, once); listed with how far off each one's clock was at its last contact; withdrawn (every sign-in
//! on it ends), or released from a sign-in pause after many wrong codes typed on it.

use floordesk_protocol::{api, ApiError, DeviceCredential, DeviceInfo, EnrolDeviceRequest, Enrolment};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::text::{self, t, tr, Msg};
use super::Refusal;
use crate::api::HttpApi;
use crate::format::local_date;
use crate::i18n::UiLang;
use crate::notice::Loading;

/// The supervisor's site's devices, and a new one.
#[component]
pub fn DevicesScreen(api: HttpApi) -> impl IntoView {
    let devices = RwSignal::new(None::<Vec<DeviceInfo>>);
    let failure = RwSignal::new(None::<ApiError>);
    let enrolment = RwSignal::new(None::<Enrolment>);
    let name = RwSignal::new(String::new());
    let load = {
        let api = api.clone();
        move || {
            let api = api.clone();
            spawn_local(async move {
                match api.signed::<api::GetDevices>(None, &(), &()).await {
                    Ok(list) => devices.set(Some(list.devices)),
                    Err(e) => failure.set(Some(e)),
                }
            });
        }
    };
    load();
    let enrol = {
        let (api, load) = (api.clone(), load.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let (api, load) = (api.clone(), load.clone());
            let request = EnrolDeviceRequest { name: name.get_untracked().trim().to_owned() };
            spawn_local(async move {
                match api.signed::<api::EnrolDevice>(None, &(), &request).await {
                    Ok(enrolled) => {
                        // The server is the one this page came from.
                        let server = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
                        let device = DeviceCredential { id: enrolled.device.id, key: enrolled.key };
                        enrolment.set(Some(Enrolment { server, device }));
                        failure.set(None);
                        name.set(String::new());
                        load();
                    }
                    Err(e) => failure.set(Some(e)),
                }
            });
        }
    };
    // Withdrawing, or lifting a device's pause: sent, then the list read again.
    let act = move |id: String, withdraw: bool| {
        let (api, load) = (api.clone(), load.clone());
        spawn_local(async move {
            let done = if withdraw {
                api.signed::<api::RevokeDevice>(Some(&id), &(), &()).await
            } else {
                api.signed::<api::LiftDevicePause>(Some(&id), &(), &()).await
            };
            match done {
                Ok(()) => load(),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    view! {
        <section class="admin-screen" id="devices">
            <h2>{tr(Msg::DevicesTitle)}</h2>
            {move || enrolment.get().map(|e| view! { <EnrolmentCode enrolment=e shown=enrolment /> })}
            <form class="admin-form" id="new-device" on:submit=enrol>
                <label>
                    {tr(Msg::DeviceName)}
                    <input
                        class="device-name"
                        required
                        maxlength="80"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                </label>
                <button type="submit" class="primary">
                    {tr(Msg::Enrol)}
                </button>
            </form>
            <Refusal failure=failure />
            {move || match devices.get() {
                None => view! { <Loading /> }.into_any(),
                Some(list) if list.is_empty() => view! { <p class="empty">{tr(Msg::NoDevices)}</p> }.into_any(),
                Some(list) => {
                    list.into_iter().map(|d| view! { <DeviceRow device=d act=act.clone() /> }).collect_view().into_any()
                }
            }}
        </section>
    }
}

/// One device: its name, when and by whom it was enrolled, its last contact and clock, and what can be done to it.
#[component]
fn DeviceRow(device: DeviceInfo, act: impl Fn(String, bool) + Clone + Send + Sync + 'static) -> impl IntoView {
    let lang = UiLang::expect();
    let withdrawn = device.revoked_at.is_some();
    let seen = move || {
        let l = lang.get();
        let at = device.seen_at.map_or_else(|| t(l, Msg::NeverSeen).to_owned(), |at| local_date(l, at, true));
        match floordesk_protocol::clock_off_minutes(device.clock_behind_ms) {
            Some(m) if m > 0 => format!("{at}; {}", text::clock_behind(l, m)),
            Some(m) => format!("{at}; {}", text::clock_ahead(l, -m)),
            None => at,
        }
    };
    let enrolled = move || {
        format!(
            "{} {}, {}",
            t(lang.get(), Msg::Enrolled),
            local_date(lang.get(), device.enrolled_at, false),
            device.enrolled_by
        )
    };
    let (id, id_pause) = (device.id.clone(), device.id.clone());
    let act_pause = act.clone();
    view! {
        <article class="device" data-device-id=device.id.clone() class:withdrawn=withdrawn>
            <h3>{device.name.clone()}</h3>
            <p class="hint">{enrolled}</p>
            <p>{tr(Msg::LastSeen)} ": " {seen}</p>
            {if withdrawn {
                view! { <p class="hint">{tr(Msg::Withdrawn)}</p> }.into_any()
            } else {
                view! {
                    <div class="row">
                        <button type="button" class="withdraw" on:click=move |_| act(id.clone(), true)>
                            {tr(Msg::Withdraw)}
                        </button>
                        <button type="button" class="lift-pause" on:click=move |_| act_pause(id_pause.clone(), false)>
                            {tr(Msg::LiftPause)}
                        </button>
                    </div>
                }
                    .into_any()
            }}
        </article>
    }
}

/// The new device's enrolment code, once: a QR code of the enrolment line, and the line itself.
#[component]
fn EnrolmentCode(enrolment: Enrolment, shown: RwSignal<Option<Enrolment>>) -> impl IntoView {
    let line = enrolment.text();
    let (size, path) = qr_path(&line);
    let view_box = format!("-4 -4 {} {}", size + 8, size + 8);
    view! {
        <section class="enrolment" id="enrolment" aria-label=tr(Msg::EnrolmentTitle)>
            <h3>{tr(Msg::EnrolmentTitle)}</h3>
            <p class="hint">{tr(Msg::EnrolmentHint)}</p>
            <svg class="qr" viewBox=view_box role="img" aria-label=line.clone() shape-rendering="crispEdges">
                <rect x="-4" y="-4" width="100%" height="100%" fill="#fff" />
                <path d=path fill="#000" />
            </svg>
            <p class="line" id="enrolment-line">
                {line.clone()}
            </p>
            <button type="button" id="enrolment-close" on:click=move |_| shown.set(None)>
                {tr(Msg::Close)}
            </button>
        </section>
    }
}

/// The QR code of `text` as the side of its square (in modules) and an SVG path of its dark modules.
fn qr_path(text: &str) -> (i32, String) {
    let Ok(qr) = qrcodegen::QrCode::encode_text(text, qrcodegen::QrCodeEcc::Medium) else { return (0, String::new()) };
    let size = qr.size();
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            if qr.get_module(x, y) {
                path.push_str(&format!("M{x} {y}h1v1h-1z"));
            }
        }
    }
    (size, path)
}
