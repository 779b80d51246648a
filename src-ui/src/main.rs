//! FloorDesk's UI: one Leptos client-side app for the Tauri window and the browser.

mod api;
mod app;
mod create;
mod floor;
mod i18n;
mod knowledge;
mod kpi;
mod stories;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
