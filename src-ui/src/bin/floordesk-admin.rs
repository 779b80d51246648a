//! The site administration bundle: a browser on a desk, at `/admin/`.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(floordesk_ui::admin::AdminApp);
}
