//! The app's first run: the device is connected to its server with the enrolment code a supervisor shows (the line
//! under the QR code on their screen), typed, pasted or scanned. The code names the server; a code of only the
//! device's id and key needs the server's address typed beside it.

use floordesk_protocol::{ApiError, ErrorCode};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::TauriApi;
use crate::i18n::{self, t, tr, Msg, UiLang};

/// The first-run screen; `on_done` once the server knew the device.
#[component]
pub fn FirstRun(api: TauriApi, on_done: impl Fn() + Clone + Send + Sync + 'static) -> impl IntoView {
    let lang = UiLang::expect();
    let server = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let on_done = on_done.clone();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api.enrol(text.get_untracked(), server.get_untracked()).await {
                Ok(_) => on_done(),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    // Not a code or an address (read here), a code the server did not take, and the network's problems, each as
    // itself.
    let refusal = move |e: &ApiError| match e.code {
        ErrorCode::BadRequest => t(lang.get(), Msg::EnrolmentUnreadable).to_owned(),
        ErrorCode::Unauthorized => t(lang.get(), Msg::EnrolmentRefused).to_owned(),
        _ => i18n::error(lang.get(), e),
    };
    view! {
        <h1>{tr(Msg::SetupTitle)}</h1>
        <p>{tr(Msg::SetupHint)}</p>
        <form class="setup" on:submit=submit>
            <label>
                {tr(Msg::EnrolmentCode)}
                <textarea
                    id="enrolment"
                    rows="4"
                    autocapitalize="off"
                    spellcheck="false"
                    required
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                ></textarea>
            </label>
            <label>
                {tr(Msg::ServerAddress)}
                <input
                    id="server"
                    type="url"
                    placeholder="https://"
                    prop:value=move || server.get()
                    on:input=move |ev| server.set(event_target_value(&ev))
                />
            </label>
            <button id="set-up" class="primary" type="submit" disabled=move || busy.get()>
                {tr(Msg::SetUp)}
            </button>
        </form>
        {move || {
            error
                .get()
                .map(|e| {
                    view! {
                        <p class="error" role="alert" id="error">
                            {move || refusal(&e)}
                        </p>
                    }
                })
        }}
    }
}
