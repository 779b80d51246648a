//! A site's zones (the entrance, a floor, the ambulance bay): added and renamed by the site's supervisor; floor
//! administrators are given one each.

use floordesk_domain::ZoneId;
use floordesk_protocol::admin::ZoneDraft;
use floordesk_protocol::{api, ApiError, ZoneInfo};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::fields::{IdField, NumberField};
use super::text::{tr, Msg};
use super::{zones_of, Refusal};
use crate::api::HttpApi;

/// The supervisor's site's zones, and a new one.
#[component]
pub fn ZonesScreen(api: HttpApi) -> impl IntoView {
    let zones = RwSignal::new(Vec::<ZoneInfo>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let load = {
        let api = api.clone();
        move || {
            let api = api.clone();
            spawn_local(async move {
                match zones_of(&api, None).await {
                    Ok(found) => zones.set(found),
                    Err(e) => failure.set(Some(e)),
                }
            });
        }
    };
    load();
    // Writes zone `id` (new or renamed) and reads the list again.
    let write = move |id: String, draft: ZoneDraft| {
        let (api, load) = (api.clone(), load.clone());
        spawn_local(async move {
            match api.signed::<api::PutZone>(Some(&id), &(), &draft).await {
                Ok(_) => {
                    failure.set(None);
                    load();
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let (id, name, floor) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(1i32));
    let add = {
        let write = write.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            write(
                id.get_untracked().trim().to_owned(),
                ZoneDraft { name: name.get_untracked().trim().to_owned(), floor: floor.get_untracked() },
            );
            id.set(String::new());
            name.set(String::new());
        }
    };
    view! {
        <section class="admin-screen" id="zones">
            <h2>{tr(Msg::ZonesTitle)}</h2>
            <Refusal failure=failure />
            <table>
                <thead>
                    <tr>
                        <th>{tr(Msg::ZoneId)}</th>
                        <th>{tr(Msg::ZoneName)}</th>
                        <th>{tr(Msg::Floor)}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        zones.get().into_iter().map(|z| view! { <ZoneRow zone=z write=write.clone() /> }).collect_view()
                    }}
                </tbody>
            </table>
            <form class="admin-form" id="new-zone" on:submit=add>
                <h3>{tr(Msg::AddZone)}</h3>
                <IdField label=Msg::ZoneId class="zone-id" value=id />
                <label>
                    {tr(Msg::ZoneName)}
                    <input
                        class="zone-name"
                        required
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                </label>
                <NumberField label=Msg::Floor class="floor" min=-5 max=99 value=floor />
                <button type="submit" class="primary">
                    {tr(Msg::Add)}
                </button>
            </form>
        </section>
    }
}

/// A zone, renamed in place.
#[component]
fn ZoneRow(zone: ZoneInfo, write: impl Fn(String, ZoneDraft) + Clone + Send + Sync + 'static) -> impl IntoView {
    let name = RwSignal::new(zone.name.clone());
    let floor = RwSignal::new(zone.floor);
    let id: ZoneId = zone.id.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        write(id.to_string(), ZoneDraft { name: name.get_untracked().trim().to_owned(), floor: floor.get_untracked() });
    };
    view! {
        <tr data-zone-id=zone.id.to_string()>
            <td>{zone.id.to_string()}</td>
            <td colspan="3">
                <form class="admin-form inline" on:submit=save>
                    <input
                        class="zone-name"
                        aria-label=tr(Msg::ZoneName)
                        required
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                    <NumberField label=Msg::Floor class="floor" min=-5 max=99 value=floor />
                    <button type="submit">{tr(Msg::Rename)}</button>
                </form>
            </td>
        </tr>
    }
}
