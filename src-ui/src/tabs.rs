//! One tab of a page's row of tabs (the floor app's screens, administration's): marked as the current page while it is
//! the one shown, shown on a click.

use leptos::prelude::*;

/// The tab of `this` screen, of the ones `screen` chooses between.
#[component]
pub fn Tab<S>(
    id: &'static str,
    this: S,
    screen: RwSignal<S>,
    label: impl Fn() -> &'static str + Send + Sync + 'static,
) -> impl IntoView
where
    S: Copy + PartialEq + Send + Sync + 'static,
{
    view! {
        <button
            id=id
            class="tab"
            aria-current=move || (screen.get() == this).then_some("page")
            on:click=move |_| screen.set(this)
        >
            {label}
        </button>
    }
}
