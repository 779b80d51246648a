//! The FloorDesk app shell. The webview runs the Leptos UI and reaches the rest of the system only through the
//! commands in [`commands`]; this shell holds the session and talks to the central server.

pub mod commands;

use tauri::{Builder, Runtime};

/// The server the app talks to: `FLOORDESK_SERVER_URL`, or a server on this machine.
pub fn server_url() -> String {
    std::env::var("FLOORDESK_SERVER_URL").unwrap_or_else(|_| "http://127.0.0.1:8080".into())
}

/// Registers the shell's state and the webview's commands on any runtime.
pub fn configure<R: Runtime>(builder: Builder<R>, server_url: String) -> Builder<R> {
    builder.manage(commands::Shell::new(server_url)).invoke_handler(tauri::generate_handler![
        commands::directory,
        commands::login,
        commands::logout,
        commands::tasks
    ])
}

/// Runs the app (desktop `main`, and the mobile entry point).
#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    configure(Builder::default(), server_url())
        .run(tauri::generate_context!())
        .expect("FloorDesk could not start its window");
}
