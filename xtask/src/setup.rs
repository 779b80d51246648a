//! `cargo xtask setup`: installs, idempotently, every tool FloorDesk builds and tests with, and says which
//! piece is missing when something cannot be had.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::env::{on_path, output, run, say, Env};

/// Debian packages: Tauri/WebKitGTK build dependencies, the display and drivers the tests use, a database.
const APT_PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "libssl-dev",
    "libdbus-1-dev",
    "libgtk-3-dev",
    "libwebkit2gtk-4.1-dev",
    "libjavascriptcoregtk-4.1-dev",
    "libsoup-3.0-dev",
    "librsvg2-dev",
    "libayatana-appindicator3-dev",
    "xvfb",
    "webkit2gtk-driver",
    "chromium",
    "fonts-dejavu-core",
    "dbus",
    "postgresql",
    "python3-pip",
    "gnome-keyring",
];

/// Debian's wasm32 standard library route: rustc 1.96 and the std sources, built with `-Zbuild-std`.
const APT_DEBIAN_WASM: &[&str] = &["rustc-web", "cargo-web", "rust-web-src", "lld"];

/// The tauri-driver release proven with WebKitWebDriver here.
const TAURI_DRIVER_VERSION: &str = "2.1.0";

/// The formatter of the UI's `view!` macros (`cargo xtask test` checks them with it).
const LEPTOSFMT_VERSION: &str = "0.1.33";

/// How the wasm32 standard library is had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WasmRoute {
    /// rustup's prebuilt `wasm32-unknown-unknown` target.
    Rustup,
    /// Debian's rustc 1.96 with std built from `rust-web-src` (`-Zbuild-std`).
    Debian,
}

/// Every tool the other commands use, found or installed.
#[derive(Debug, Clone)]
pub struct Tools {
    pub wasm_route: WasmRoute,
    pub wasm_bindgen: PathBuf,
    pub wasm_opt: PathBuf,
    pub node_modules: PathBuf,
    pub tauri_driver: PathBuf,
    pub webkit_driver: PathBuf,
    pub chromium: PathBuf,
}

/// Installs what is missing and returns where everything is.
pub fn setup(env: &Env) -> Result<Tools, String> {
    apt(APT_PACKAGES)?;
    let wasm_route = wasm_std()?;
    let wasm_bindgen = wasm_bindgen_cli(env)?;
    let node_modules = node_tools(env)?;
    let tauri_driver = tauri_driver(env)?;
    let tools = Tools {
        wasm_route,
        wasm_bindgen,
        wasm_opt: node_modules.join(".bin/wasm-opt"),
        node_modules,
        tauri_driver,
        webkit_driver: PathBuf::from("/usr/bin/WebKitWebDriver"),
        chromium: PathBuf::from("/usr/bin/chromium"),
    };
    for (what, path) in [
        ("wasm-opt (npm binaryen)", &tools.wasm_opt),
        ("WebKitWebDriver (apt webkit2gtk-driver)", &tools.webkit_driver),
        ("Chromium (apt chromium)", &tools.chromium),
    ] {
        if !path.is_file() {
            return Err(format!("{what} is missing at {}", path.display()));
        }
    }
    say("setup", "all tools present");
    Ok(tools)
}

fn installed(package: &str) -> bool {
    output(Command::new("dpkg-query").args(["-W", "-f=${Status}", package]))
        .is_some_and(|s| s.contains("install ok installed"))
}

/// Installs the Debian packages that are not installed yet.
fn apt(packages: &[&str]) -> Result<(), String> {
    let missing: Vec<&str> = packages.iter().copied().filter(|p| !installed(p)).collect();
    if missing.is_empty() {
        say("setup", format!("Debian packages: {} present", packages.len()));
        return Ok(());
    }
    say("setup", format!("Debian packages: installing {}", missing.join(" ")));
    let root = output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
    let (program, prefix): (&str, &[&str]) = if root {
        ("apt-get", &[])
    } else if on_path("sudo") {
        ("sudo", &["apt-get"])
    } else {
        return Err(format!(
            "missing Debian packages and no root: run `apt-get install {}` as root, then again",
            missing.join(" ")
        ));
    };
    let apt_get = || {
        let mut cmd = Command::new(program);
        cmd.args(prefix).env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    run(apt_get().args(["update", "-q"]))?;
    run(apt_get().args(["install", "-y", "-q", "--no-install-recommends"]).args(&missing))
        .map_err(|e| format!("{e}: cannot install Debian packages {}", missing.join(" ")))
}

/// Whether rustc (from PATH, i.e. rustup's) has a wasm32 standard library.
fn rustup_has_wasm_std() -> bool {
    output(Command::new("rustc").args(["--print", "target-libdir", "--target", "wasm32-unknown-unknown"]))
        .map(|dir| PathBuf::from(dir.trim()))
        .and_then(|dir| std::fs::read_dir(dir).ok())
        .is_some_and(|entries| entries.flatten().any(|e| e.file_name().to_string_lossy().starts_with("libstd-")))
}

/// A wasm32 standard library: rustup's target where it can be had, otherwise Debian's sources built with
/// `-Zbuild-std`. `FLOORDESK_WASM_ROUTE=debian` forces the Debian route (to test it on a machine with both).
fn wasm_std() -> Result<WasmRoute, String> {
    let forced = std::env::var("FLOORDESK_WASM_ROUTE").ok();
    if forced.as_deref() != Some("debian") {
        if rustup_has_wasm_std() {
            say("setup", "wasm32 std: rustup target present");
            return Ok(WasmRoute::Rustup);
        }
        if on_path("rustup") {
            say("setup", "wasm32 std: trying `rustup target add wasm32-unknown-unknown` (120 s at most)");
            let added = run(Command::new("timeout").args(["120", "rustup", "target", "add", "wasm32-unknown-unknown"]));
            if added.is_ok() && rustup_has_wasm_std() {
                return Ok(WasmRoute::Rustup);
            }
            say("setup", "wasm32 std: rustup could not fetch it; falling back to Debian's rustc-web + rust-web-src");
        }
    }
    debian_wasm_route()?;
    Ok(WasmRoute::Debian)
}

/// Installs and checks the Debian route (`cargo xtask test` also builds the UI this way, so both routes stay proven).
pub fn debian_wasm_route() -> Result<(), String> {
    apt(APT_DEBIAN_WASM)?;
    let library = Path::new("/usr/lib/rustlib/src/rust/library");
    if !library.is_dir() || !Path::new("/usr/bin/rustc").is_file() || !on_path("wasm-ld") {
        return Err(format!(
            "the Debian wasm route needs /usr/bin/rustc, wasm-ld and {} (packages {})",
            library.display(),
            APT_DEBIAN_WASM.join(" ")
        ));
    }
    say("setup", "wasm32 std: Debian route (rustc-web, std built from rust-web-src) ready");
    Ok(())
}

/// The version of a package as locked in Cargo.lock.
fn locked_version(env: &Env, package: &str) -> Result<String, String> {
    let lock =
        std::fs::read_to_string(env.root.join("Cargo.lock")).map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = lock.find(&needle).ok_or_else(|| format!("{package} is not in Cargo.lock"))? + needle.len();
    let len = lock[start..].find('"').ok_or("Cargo.lock is malformed")?;
    Ok(lock[start..start + len].to_owned())
}

/// `cargo install` into its own folder of the cache, once per version.
fn cargo_install(env: &Env, krate: &str, version: &str, binary: &str, locked: bool) -> Result<PathBuf, String> {
    let root = env.cache.join("tools").join(format!("{krate}-{version}"));
    let bin = root.join("bin").join(binary);
    if bin.is_file() {
        say("setup", format!("{krate} {version}: present"));
        return Ok(bin);
    }
    say("setup", format!("{krate} {version}: installing (a few minutes on 2 cores)"));
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.args(["install", krate, "--version", version, "--root"]).arg(&root);
    if locked {
        cmd.arg("--locked");
    }
    // Its own target dir, so an install does not invalidate the workspace build.
    cmd.env("CARGO_TARGET_DIR", env.cache.join("tools").join("build"));
    run(&mut cmd).map_err(|e| format!("{e}: cannot install {krate} {version}"))?;
    Ok(bin)
}

/// wasm-bindgen-cli at exactly the version in Cargo.lock (its CLI refuses a mismatched bundle).
fn wasm_bindgen_cli(env: &Env) -> Result<PathBuf, String> {
    let version = locked_version(env, "wasm-bindgen")?;
    // Without --locked: its shipped lockfile pins a crate version the registry here does not have.
    cargo_install(env, "wasm-bindgen-cli", &version, "wasm-bindgen", false)
}

/// leptosfmt, for the style check of `cargo xtask test` (not needed to build or run).
pub fn leptosfmt(env: &Env) -> Result<PathBuf, String> {
    cargo_install(env, "leptosfmt", LEPTOSFMT_VERSION, "leptosfmt", true)
}

/// tauri-driver, the WebDriver bridge for the Tauri window.
fn tauri_driver(env: &Env) -> Result<PathBuf, String> {
    cargo_install(env, "tauri-driver", TAURI_DRIVER_VERSION, "tauri-driver", true)
}

/// npm tools (binaryen's wasm-opt, the Tauri CLI, playwright-core) from xtask/node's lockfile.
fn node_tools(env: &Env) -> Result<PathBuf, String> {
    npm_packages(env, "xtask/node", "node", "npm tools (binaryen, @tauri-apps/cli, playwright-core)", &[])
}

/// The npm packages of `source`'s lockfile (a folder of the repository), installed into `cache` under the cache
/// folder once per lockfile, with `args` for `npm ci`; their `node_modules`.
pub fn npm_packages(env: &Env, source: &str, cache: &str, what: &str, args: &[&str]) -> Result<PathBuf, String> {
    if !on_path("node") || !on_path("npm") {
        apt(&["nodejs", "npm"])?;
    }
    let source = env.root.join(source);
    let dir = env.cache.join(cache);
    let lock = std::fs::read(source.join("package-lock.json"))
        .map_err(|e| format!("cannot read {}: {e}", source.display()))?;
    let marker = dir.join("node_modules/.floordesk-lock");
    if std::fs::read(&marker).is_ok_and(|m| m == lock) {
        say("setup", format!("{what}: present"));
        return Ok(dir.join("node_modules"));
    }
    say("setup", format!("{what}: installing"));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for file in ["package.json", "package-lock.json"] {
        std::fs::copy(source.join(file), dir.join(file)).map_err(|e| format!("cannot copy {file}: {e}"))?;
    }
    run(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).args(args).current_dir(&dir))?;
    std::fs::write(&marker, lock).map_err(|e| format!("cannot write {}: {e}", marker.display()))?;
    Ok(dir.join("node_modules"))
}
