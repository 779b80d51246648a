//! What the person should know before the list: the sync badge (online, waiting actions, catch-up, last sync) and
//! the actions the server refused, each until it is dismissed (the last call's refusal is `notice::Failure`).

use floordesk_domain::WorkingDays;
use floordesk_protocol::DeviceState;
use leptos::prelude::*;

use crate::format::site_time;
use crate::i18n::{self, tr, Msg, UiLang};

/// The sync badge.
#[component]
pub fn SyncBadge(
    device: RwSignal<Option<DeviceState>>,
    /// The site's clock, for the time of the last sync.
    site: Signal<WorkingDays>,
) -> impl IntoView {
    let lang = UiLang::expect();
    move || {
        device.get().map(|d| {
            let online = d.sync.online;
            let pending = d.sync.pending;
            let synced = d.sync.last_sync.map(|at| site.with(|s| site_time(at, s)));
            let catching_up = d.sync.catching_up;
            let clock = d.sync.clock_off_minutes();
            view! {
                <p id="sync" class=if online { "sync online" } else { "sync offline" } role="status">
                    <span class="badge">{tr(if online { Msg::Online } else { Msg::Offline })}</span>
                    {(pending > 0)
                        .then(|| view! { <span id="pending">{move || i18n::waiting(lang.get(), pending)}</span> })}
                    {catching_up
                        .map(|n| view! { <span id="catching-up">{move || i18n::catching_up(lang.get(), n)}</span> })}
                    {synced
                        .map(|at| {
                            let label = tr(Msg::SyncedAt);
                            view! {
                                <span id="synced" class="hint">
                                    {move || format!("{} {at}", label())}
                                </span>
                            }
                        })}
                    {clock
                        .map(|m| {
                            view! {
                                <span id="clock-off" class="clock-off">
                                    {move || {
                                        let off = i18n::duration(lang.get(), m.unsigned_abs());
                                        if m > 0 {
                                            i18n::clock_ahead(lang.get(), off)
                                        } else {
                                            i18n::clock_behind(lang.get(), off)
                                        }
                                    }}
                                </span>
                            }
                        })}
                </p>
            }
        })
    }
}

/// The actions the server refused, in plain words, each with a button to dismiss it.
#[component]
pub fn Rejections(device: RwSignal<Option<DeviceState>>, dismiss: Callback<String>) -> impl IntoView {
    let lang = UiLang::expect();
    move || {
        device.get().map(|d| {
            d.rejections
                .into_iter()
                .map(|r| {
                    let op = r.op.clone();
                    view! {
                        <div class="rejection" role="alert" data-task-id=r.task.to_string()>
                            <p>{move || i18n::rejection(lang.get(), &r.reason, &r.message)}</p>
                            <button on:click=move |_| dismiss.run(op.clone())>{tr(Msg::Understood)}</button>
                        </div>
                    }
                })
                .collect_view()
        })
    }
}
