//! `cargo xtask bundle`: the app as a Debian package, built in release mode by the Tauri CLI that `setup` installs.

use std::process::Command;

use crate::env::{run, say, Env};
use crate::{setup, ui};

/// Builds the UI and the app, bundles the `.deb`, and checks it with `dpkg-deb`. Returns nothing; prints the path.
pub fn bundle(env: &Env) -> Result<(), String> {
    let tools = setup::setup(env)?;
    ui::build(env, &tools)?;
    let cli = tools.node_modules.join(".bin").join("tauri");
    say("bundle", "building the app in release mode and bundling the .deb");
    run(Command::new(&cli)
        .current_dir(env.root.join("src-tauri"))
        .args(["build", "--bundles", "deb", "--ci"])
        .env("CARGO_TARGET_DIR", env.target()))?;
    let dir = env.target().join("release").join("bundle").join("deb");
    let deb = std::fs::read_dir(&dir)
        .map_err(|e| format!("no bundle folder {}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "deb"))
        .max_by_key(|path| std::fs::metadata(path).and_then(|m| m.modified()).ok())
        .ok_or_else(|| format!("the Tauri CLI left no .deb in {}", dir.display()))?;
    run(Command::new("dpkg-deb").arg("--info").arg(&deb))?;
    say("bundle", format!("the package: {}", deb.display()));
    Ok(())
}
