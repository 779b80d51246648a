//! The right end of the top bar both pages share: who is signed in, signing out, and the language switch.

use floordesk_protocol::SignedIn;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Api, Backend};
use crate::i18n::{self, tr, Msg, UiLang};

/// Who is signed in (with the sign-out button) and the language switch.
#[component]
pub fn SessionAndLanguage(session: RwSignal<Option<SignedIn>>) -> impl IntoView {
    let lang = UiLang::expect();
    let backend = expect_context::<Backend>();
    let sign_out = move || {
        // The screen goes first, and with it its live channel and timers; then the server is told. Leaving the
        // screen must not depend on the network: the server-side session expires by itself.
        session.set(None);
        let api = backend.clone();
        spawn_local(async move {
            let _ = api.logout().await;
        });
    };
    view! {
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
                        <button
                            id="sign-out"
                            on:click={
                                let sign_out = sign_out.clone();
                                move |_| sign_out()
                            }
                        >
                            {tr(Msg::SignOut)}
                        </button>
                    }
                })
        }}
        <button
            id="lang"
            aria-label=tr(Msg::SwitchLanguage)
            title=tr(Msg::SwitchLanguage)
            on:click=move |_| lang.0.update(|l| *l = l.other())
        >
            {move || lang.get().other().code().to_uppercase()}
        </button>
    }
}
