//! FloorDesk's UI: one Leptos client-side app for the Tauri window and the browser.

mod api;
mod app;
mod create;
mod dom;
mod floor;
mod format;
mod i18n;
mod knowledge;
mod kpi;
mod morning;
mod notice;
mod purposes;
mod setup;
mod signin;
mod stories;
mod tasks;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
