//! The browser's own facilities the screens use: the focus and the page's local storage.

use leptos::prelude::request_animation_frame;

use crate::i18n::Lang;

/// Where the chosen language is kept between visits.
const LANG_KEY: &str = "floordesk.lang";

/// The language chosen on this device before, Russian at first.
pub fn stored_lang() -> Lang {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
        .map_or(Lang::Ru, |code| Lang::from_code(&code))
}

/// Keeps the language for the next visit and sets it on `<html lang>` (for screen readers and hyphenation).
pub fn store_lang(lang: Lang) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(LANG_KEY, lang.code());
    }
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", lang.code());
    }
}

/// Moves the focus (and the view) to the first element `css` selects, once it is drawn: the first kind of the new-task
/// form, the first face of a rating, the person menu of a reassignment.
pub fn focus_first(css: &'static str) {
    request_animation_frame(move || {
        let first = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(css).ok().flatten())
            .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok());
        if let Some(first) = first {
            let _ = first.focus();
        }
    });
}
