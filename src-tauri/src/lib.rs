//! The FloorDesk app shell. The webview runs the Leptos UI and reaches the rest of the system only through the
//! commands in [`commands`]; behind them is the device's sync engine (`floordesk-sync`): a local SQLite store —
//! encrypted with SQLCipher, its key in the OS keystore ([`keystore`]) — that keeps working without the network, and
//! the push/pull/live sync with the central server.

pub mod commands;
pub mod events;
pub mod keystore;
pub mod notify;

use std::sync::Arc;

use floordesk_sync::Engine;
use tauri::{Builder, Manager, Runtime};

/// Whether plain `http://` may reach beyond this machine: `FLOORDESK_ALLOW_PLAIN_HTTP=1` (a test network).
pub fn allow_plain_http() -> bool {
    std::env::var("FLOORDESK_ALLOW_PLAIN_HTTP").is_ok_and(|v| v == "1" || v == "true")
}

/// The server the app talks to when the environment names one (`FLOORDESK_SERVER_URL`: a developer's or a test's
/// override); otherwise the device keeps the address it was set up with on its first run. Plain `http://` is
/// refused to anything but this machine unless [`allow_plain_http`].
pub fn server_url() -> Result<Option<String>, String> {
    std::env::var("FLOORDESK_SERVER_URL")
        .ok()
        .filter(|url| !url.trim().is_empty())
        .map(|url| floordesk_sync::checked_server_url(&url, allow_plain_http()))
        .transpose()
}

/// Registers the notification plugin and the webview's commands on any runtime. The commands need a
/// [`commands::Shell`] managed on the app (over the device's engine).
pub fn configure<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    builder.plugin(tauri_plugin_notification::init()).invoke_handler(tauri::generate_handler![
        commands::directory,
        commands::login,
        commands::logout,
        commands::tasks,
        commands::act,
        commands::create_task,
        commands::update_details,
        commands::confirm_meeting,
        commands::device_state,
        commands::dismiss,
        commands::kpi,
        commands::task_history,
        commands::case,
        commands::close_case,
        commands::stories,
        commands::post_story,
        commands::like_story,
        commands::templates,
        commands::put_template,
        commands::delete_template,
        commands::set_language,
        commands::purposes,
        commands::put_purposes,
        commands::device_setup,
        commands::enrol,
        commands::presence,
        commands::change_presence
    ])
}

/// Keeps the device in sync, tells the window of every change, and turns the engine's notices into notifications,
/// for as long as the app runs.
pub fn start_background<R: Runtime>(
    app: &tauri::AppHandle<R>,
    engine: &Arc<Engine>,
    language: &notify::NoticeLanguage,
) {
    let syncing = Arc::clone(engine);
    tauri::async_runtime::spawn(async move { syncing.run().await });
    tauri::async_runtime::spawn(events::announce(app.clone(), Arc::clone(engine)));
    tauri::async_runtime::spawn(notify::forward(app.clone(), Arc::clone(engine), language.clone()));
}

/// Where the device keeps its data: `FLOORDESK_DEVICE_DB`, or `floordesk.db` in the app's data folder.
fn device_db<R: Runtime>(app: &tauri::App<R>) -> Result<std::path::PathBuf, Box<dyn std::error::Error>> {
    if let Some(path) = std::env::var_os("FLOORDESK_DEVICE_DB") {
        return Ok(path.into());
    }
    let dir = app.path().app_data_dir()?;
    std::fs::create_dir_all(&dir)?;
    Ok(dir.join("floordesk.db"))
}

/// Runs the app (desktop `main`, and the mobile entry point).
#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    configure(Builder::default())
        .setup(|app| {
            let path = device_db(app)?;
            // The device's data is encrypted with a key the OS keystore keeps (made on the first start).
            let key = keystore::device_store_key(&path)?;
            let engine = Arc::new(tauri::async_runtime::block_on(Engine::open_with(
                &path,
                server_url()?.as_deref(),
                Some(&key),
            ))?);
            let language = notify::NoticeLanguage::default();
            start_background(app.handle(), &engine, &language);
            app.manage(commands::Shell { engine, language });
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("FloorDesk could not start its window");
}
