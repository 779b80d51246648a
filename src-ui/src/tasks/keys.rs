//! Desktop keys of the task screen: N opens a new task (its first kind focused), Esc closes whatever panel is open.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::dom::focus_first;

/// Listens to the keys while the screen is shown.
pub fn desktop_keys(may_create: bool) {
    let shared = expect_context::<crate::tasks::Shared>();
    let (creating, rating, moving, asked) = (shared.create, shared.rating, shared.reassign, shared.step);
    let handle = window_event_listener(leptos::ev::keydown, move |e: web_sys::KeyboardEvent| {
        let typing = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        let plain = !(e.ctrl_key() || e.alt_key() || e.meta_key());
        match e.key().as_str() {
            "Escape" => {
                creating.reset();
                rating.close();
                moving.close();
                asked.close();
            }
            "n" | "N" | "т" | "Т" if plain && !typing && may_create => {
                e.prevent_default();
                creating.open.set(true);
                focus_first(".kind-tile");
            }
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());
}
