//! The browser's own facilities the screens use: the focus, the page's local storage and a file to save.

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

/// Saves `text` as the file `name` of type `mime` (the browser's download), with a byte-order mark first so a
/// spreadsheet reads it as UTF-8 (a fetched text has lost the server's).
pub fn download(name: &str, mime: &str, text: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(link) = document.create_element("a") else { return };
    let body = format!("\u{feff}{}", text.trim_start_matches('\u{feff}'));
    // A blob, not a data: address, which browsers cap at a few megabytes.
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&body));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(href) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let _ = link.set_attribute("href", &href);
    let _ = link.set_attribute("download", name);
    if let Ok(link) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(link) {
        link.click();
    }
    let _ = web_sys::Url::revoke_object_url(&href);
}
