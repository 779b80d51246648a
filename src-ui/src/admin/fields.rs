//! The fields the administration forms share: an id (a site's, a zone's, a person's personal number: Latin letters,
//! digits, "-" and "_", as the server takes them), and a whole number within a range (a floor, days, digits).

use std::str::FromStr;

use leptos::prelude::*;

use super::text::{tr, Msg};

/// A labelled number input over `value`, from `min` to `max`.
#[component]
pub fn NumberField<T>(label: Msg, class: &'static str, min: i64, max: i64, value: RwSignal<T>) -> impl IntoView
where
    T: FromStr + ToString + Clone + Send + Sync + 'static,
{
    view! {
        <label>
            {tr(label)}
            <input
                class=class
                type="number"
                min=min
                max=max
                required
                prop:value=move || value.get().to_string()
                on:input=move |ev| {
                    if let Ok(n) = event_target_value(&ev).parse() {
                        value.set(n);
                    }
                }
            />
        </label>
    }
}

/// A labelled id input over `value`; the browser refuses what is not an id before anything is sent.
#[component]
pub fn IdField(label: Msg, class: &'static str, value: RwSignal<String>) -> impl IntoView {
    view! {
        <label>
            {tr(label)}
            <input
                class=class
                required
                pattern="[A-Za-z0-9_\\-]{1,64}"
                autocapitalize="off"
                spellcheck="false"
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </label>
    }
}
