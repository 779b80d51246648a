//! The two lines every screen shows while it waits or when a call was refused: "Loading…" and an error in the
//! reader's language, announced to screen readers.

use floordesk_protocol::ApiError;
use leptos::prelude::*;

use crate::i18n::{self, tr, Msg, UiLang};

/// "Loading…", while an answer is awaited.
#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="empty">{tr(Msg::Loading)}</p> }
}

/// An error worded in the reader's language by its code (`id` for the one a test or a label points at).
#[component]
pub fn ErrorLine(error: ApiError, #[prop(optional)] id: Option<&'static str>) -> impl IntoView {
    let lang = UiLang::expect();
    view! {
        <p class="error" role="alert" id=id>
            {move || i18n::error(lang.get(), &error)}
        </p>
    }
}

/// The last call's refusal, if any.
#[component]
pub fn Failure(failure: RwSignal<Option<ApiError>>) -> impl IntoView {
    move || {
        failure.get().map(|e| {
            view! { <ErrorLine error=e /> }
        })
    }
}
