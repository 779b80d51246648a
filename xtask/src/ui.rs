//! Builds the Leptos UI: cargo for wasm32, wasm-bindgen, wasm-opt from npm binaryen, and the static files,
//! into `src-ui/dist` (which the server serves and the Tauri app embeds).
//!
//! The plain cargo + wasm-bindgen route is used rather than trunk: trunk needs rustc ≥ 1.96.1 to install (a nightly
//! here, ~10 minutes of a cold run), and every step it would take is three commands we control.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::env::{run, say, Env};
use crate::setup::{Tools, WasmRoute};

const TARGET: &str = "wasm32-unknown-unknown";
const PROFILE: &str = "wasm-release";
const STATIC_FILES: [&str; 3] = ["index.html", "boot.js", "style.css"];
/// Site administration's page, in `admin/` beside the floor app's (it loads the floor app's stylesheet).
const ADMIN_FILES: [&str; 2] = ["admin/index.html", "admin/boot.js"];
/// The bundles: the floor app (the Tauri window and the browser on the floor) at the top of `dist`, and site
/// administration in `dist/admin`. Each is one binary of the UI crate, so each links only what it reaches.
const BUNDLES: [(&str, &str); 2] = [("floordesk-ui", ""), ("floordesk-admin", "admin")];

/// Where the built UI goes.
pub fn dist(env: &Env) -> PathBuf {
    env.root.join("src-ui/dist")
}

/// Builds the UI into [`dist`] by the route setup chose.
pub fn build(env: &Env, tools: &Tools) -> Result<(), String> {
    build_with(env, tools, tools.wasm_route, &dist(env))
}

/// Builds the UI by `route` into `out`.
pub fn build_with(env: &Env, tools: &Tools, route: WasmRoute, out: &Path) -> Result<(), String> {
    say("ui", format!("building the wasm ({route:?} route) into {}", out.display()));
    let target_dir = match route {
        WasmRoute::Rustup => env.cache.join("target-wasm"),
        WasmRoute::Debian => env.cache.join("target-wasm-debian"),
    };
    let mut cargo = match route {
        WasmRoute::Rustup => {
            let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
            c.args(["build"]);
            c
        }
        WasmRoute::Debian => {
            // Debian's cargo and rustc, std compiled from rust-web-src, linked by wasm-ld. RUSTC_BOOTSTRAP (set below
            // for both routes) must be in cargo's own environment (a config [env] table does not reach it).
            let mut c = Command::new("/usr/bin/cargo");
            c.env("RUSTC", "/usr/bin/rustc")
                .env_remove("RUSTUP_TOOLCHAIN")
                .args(["build", "-Zbuild-std=std,panic_abort"])
                .args(["--config", "target.wasm32-unknown-unknown.linker=\"wasm-ld\""]);
            c
        }
    };
    // Leptos' `erase_components` types every component's view as `AnyView` instead of one concrete type per view
    // tree: far fewer monomorphised copies of the rendering code (the wasm went from 447 to 387 KB gzipped).
    // `-Zlocation-detail=none` leaves the file and line of every possible panic out of the wasm (−5 KB gzipped; a
    // panic in the UI aborts either way, its message still says what). It is an unstable flag: RUSTC_BOOTSTRAP lets
    // the stable compiler take it on both routes, as the Debian route needs for building std already.
    // `-Zfmt-debug=none` makes every `Debug` print nothing (−0.7 KB gzipped): the UI shows no `Debug` output to
    // anyone (its words are `Display` and its own texts), so only a panic's message loses the value it names.
    cargo
        .current_dir(&env.root)
        .env("CARGO_TARGET_DIR", &target_dir)
        .env("RUSTC_BOOTSTRAP", "1")
        .env("RUSTFLAGS", "--cfg erase_components -Zlocation-detail=none -Zfmt-debug=none")
        .args(["--package", "floordesk-ui", "--bins", "--target", TARGET, "--profile", PROFILE]);
    run(&mut cargo)?;

    if out.exists() {
        std::fs::remove_dir_all(out).map_err(|e| format!("cannot clear {}: {e}", out.display()))?;
    }
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    for (bundle, folder) in BUNDLES {
        let wasm = target_dir.join(TARGET).join(PROFILE).join(format!("{bundle}.wasm"));
        let into = out.join(folder);
        run(Command::new(&tools.wasm_bindgen)
            .args(["--target", "web", "--no-typescript", "--out-name", bundle, "--out-dir"])
            .arg(&into)
            .arg(&wasm))?;
        let optimised = into.join(format!("{bundle}_bg.wasm"));
        // `--low-memory-unused` lets wasm-opt fold constant offsets into loads and stores (−2.2 KB gzipped): Rust's
        // wasm puts its stack below its data at 1 MiB, growing down, so the lowest 1 KiB is reached only by a stack
        // a whole MiB deep.
        run(Command::new(&tools.wasm_opt)
            .args(["-Oz", "--low-memory-unused"])
            .arg(&optimised)
            .arg("-o")
            .arg(&optimised))?;
    }
    let bundle = out.join("floordesk-ui_bg.wasm");
    let ui = env.root.join("src-ui");
    for file in STATIC_FILES.into_iter().chain(ADMIN_FILES) {
        copy(&ui.join(file), &out.join(file))?;
    }
    copy(&env.root.join("icons/128x128.png"), &out.join("icon.png"))?;
    let size = std::fs::metadata(&bundle).map(|m| m.len()).unwrap_or(0);
    say("ui", format!("built {} (wasm {} KB)", out.display(), size / 1024));
    Ok(())
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to).map(|_| ()).map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}
