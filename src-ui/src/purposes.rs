//! The supervisor's editor of the site's common purposes of a visit (the one-tap contacts): one per line.

use floordesk_domain::checked_purposes;
use floordesk_protocol::{ApiError, Purposes};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Api, Backend};
use crate::i18n::{self, tr, Msg, UiLang};
use crate::notice::ErrorLine;

/// The list as it stands, editable: saved whole; the server checks it (1–12 purposes, each 1–60 characters).
#[component]
pub fn PurposesEditor() -> impl IntoView {
    let lang = UiLang::expect();
    let api = expect_context::<Backend>();
    let text = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    {
        let api = api.clone();
        spawn_local(async move {
            if let Ok(list) = api.purposes().await {
                text.set(list.items.join("\n"));
            }
        });
    }
    let invalid = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lines: Vec<String> =
            text.get_untracked().lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
        // Checked here by the domain's own rule, so that what to fix is said in the reader's words.
        let Ok(items) = checked_purposes(&lines) else {
            invalid.set(true);
            saved.set(false);
            return;
        };
        invalid.set(false);
        let api = api.clone();
        spawn_local(async move {
            match api.put_purposes(Purposes { items }).await {
                Ok(list) => {
                    text.set(list.items.join("\n"));
                    failure.set(None);
                    saved.set(true);
                }
                Err(e) => {
                    failure.set(Some(e));
                    saved.set(false);
                }
            }
        });
    };
    view! {
        <details class="purposes">
            <summary>{tr(Msg::PurposesTitle)}</summary>
            <form class="task-form" on:submit=save>
                <label>
                    {tr(Msg::PurposesHint)}
                    <textarea
                        id="purposes-text"
                        rows="7"
                        prop:value=move || text.get()
                        on:input=move |ev| {
                            saved.set(false);
                            text.set(event_target_value(&ev));
                        }
                    ></textarea>
                </label>
                <div class="actions">
                    <button id="purposes-save" class="primary" type="submit">
                        {tr(Msg::Save)}
                    </button>
                    <span class="hint" role="status">
                        {move || saved.get().then(|| i18n::t(lang.get(), Msg::PurposesSaved))}
                    </span>
                </div>
                {move || {
                    invalid
                        .get()
                        .then(|| {
                            view! {
                                <p class="error" role="alert">
                                    {tr(Msg::PurposesInvalid)}
                                </p>
                            }
                        })
                }}
                {move || failure.get().map(|e| view! { <ErrorLine error=e /> })}
            </form>
        </details>
    }
}
