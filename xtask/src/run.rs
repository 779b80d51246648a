//! `cargo xtask run`: the demo on this machine — the central server on a fresh SQLite file with demo data,
//! the browser UI it serves, and the Tauri app pointed at it when there is a display. Ctrl-C stops everything.

use std::process::{Child, Command};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::env::{say, Env};
use crate::{setup, ui};

/// Asks a child to stop (SIGTERM) and waits for it.
fn stop(name: &str, child: &mut Child) {
    if let Ok(None) = child.try_wait() {
        let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
        let _ = child.wait();
    }
    say("run", format!("{name} stopped"));
}

pub fn run(env: &Env) -> Result<(), String> {
    let tools = setup::setup(env)?;
    env.keep_room()?;
    ui::build(env, &tools)?;
    env.build_native()?;

    let listen = std::env::var("FLOORDESK_LISTEN").unwrap_or_else(|_| "127.0.0.1:8080".into());
    if std::net::TcpListener::bind(&listen).is_err() {
        return Err(format!("{listen} is busy; set FLOORDESK_LISTEN=127.0.0.1:PORT to use another port"));
    }
    let data = env.cache.join("run");
    std::fs::create_dir_all(&data).map_err(|e| format!("cannot create {}: {e}", data.display()))?;
    let db = data.join("floordesk-demo.db");
    // The app's device store goes with the demo: a device that remembered another server's feed would wait for
    // changes the fresh server numbers from the start again.
    let device_db = data.join("floordesk-device.db");
    // A fresh demo each run: the seeded morning is placed relative to now.
    for file in [&db, &device_db] {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
        }
    }

    let stopping = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stopping);
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst)).map_err(|e| format!("cannot catch Ctrl-C: {e}"))?;

    let mut server = Command::new(env.debug_bin("floordesk-server"))
        .args(["--listen", &listen, "--demo", "--ui-dir"])
        .arg(ui::dist(env))
        .arg("--database-url")
        .arg(format!("sqlite://{}", db.display()))
        .spawn()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let url = format!("http://{listen}");
    let mut ready = false;
    for _ in 0..100 {
        if std::net::TcpStream::connect(&listen).is_ok() {
            ready = true;
            break;
        }
        if let Ok(Some(status)) = server.try_wait() {
            return Err(format!("the server exited at start ({status}); see its message above"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    if !ready {
        stop("server", &mut server);
        return Err(format!("the server did not listen on {listen} within 10 s"));
    }

    println!();
    println!("FloorDesk is running.");
    println!("  Browser UI : {url}/");
    println!("  Database   : {}", db.display());
    println!("  Demo logins: listed by the server above (in a browser, type the number and the code)");
    println!("  The app    : on its first run, paste a demo handheld's enrolment line, listed above");
    println!("Press Ctrl-C to stop.");
    println!();

    let has_display = std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
    // The app keeps its data's key in the session's Secret Service; a machine with no session bus gets a private one
    // for the demo (kept until the app stops).
    let mut secrets = None;
    let mut app = if has_display {
        say("run", "opening the FloorDesk app");
        // No server address: the app is set up as a new handheld is, from an enrolment line.
        let mut app = Command::new(env.debug_bin("floordesk-app"));
        if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
            match crate::secrets::SecretService::start(env, "run") {
                Ok(started) => {
                    app.env("DBUS_SESSION_BUS_ADDRESS", &started.address);
                    secrets = Some(started);
                }
                Err(e) => {
                    stop("server", &mut server);
                    return Err(e);
                }
            }
        }
        match app.env("FLOORDESK_DEVICE_DB", &device_db).spawn() {
            Ok(app) => Some(app),
            Err(e) => {
                stop("server", &mut server);
                return Err(format!("cannot start the app: {e}"));
            }
        }
    } else {
        say("run", "no display (DISPLAY/WAYLAND_DISPLAY unset): the app is not opened; use the browser UI");
        None
    };

    while !stopping.load(Ordering::SeqCst) {
        if let Ok(Some(status)) = server.try_wait() {
            if let Some(app) = app.as_mut() {
                stop("app", app);
            }
            return Err(format!("the server stopped by itself ({status})"));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    println!();
    if let Some(app) = app.as_mut() {
        stop("app", app);
    }
    drop(secrets);
    stop("server", &mut server);
    Ok(())
}
