//! The floor app's bundle: the Tauri window and the browser on the floor.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(floordesk_ui::app::App);
}
