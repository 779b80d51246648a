//! `cargo xtask test`: sets up, checks the style (rustfmt, leptosfmt, clippy with warnings as errors), builds the UI, the server
//! and the app, starts a virtual display, runs every test of the workspace (the end-to-end ones included), and
//! closes with one line: `N passed, N failed`.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::env::{run, say, show, Env};
use crate::postgres::Postgres;
use crate::secrets::SecretService;
use crate::{deny, setup, ui};

/// An Xvfb server that is stopped when dropped.
pub struct Xvfb {
    child: Child,
    pub display: String,
}

impl Xvfb {
    /// Starts Xvfb on the first free display from :99 and waits for its socket. A display whose lock file names a
    /// dead process is free (Xvfb itself removes such a stale lock).
    pub fn start() -> Result<Self, String> {
        let in_use = |n: u32| {
            std::fs::read_to_string(format!("/tmp/.X{n}-lock"))
                .ok()
                .and_then(|pid| pid.trim().parse::<u32>().ok())
                .is_some_and(|pid| PathBuf::from(format!("/proc/{pid}")).exists())
        };
        let n = (99..200).find(|n| !in_use(*n)).ok_or("no free X display between :99 and :199")?;
        let display = format!(":{n}");
        let mut child = Command::new("Xvfb")
            .args([&display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start Xvfb: {e}"))?;
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
        let started = Instant::now();
        while !socket.exists() {
            if started.elapsed() > Duration::from_secs(15) {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("Xvfb {display} did not open {} within 15 s", socket.display()));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        say("test", format!("Xvfb on {display}"));
        Ok(Self { child, display })
    }
}

impl Drop for Xvfb {
    /// SIGTERM, so Xvfb removes its lock file and socket.
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let _ = self.child.wait();
    }
}

/// Counts from cargo's `test result:` lines.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Counts {
    passed: u64,
    failed: u64,
}

/// Adds one `test result: ok. 3 passed; 1 failed; 0 ignored; …` line to the counts.
fn count_line(line: &str, counts: &mut Counts) {
    let Some(rest) = line.trim().strip_prefix("test result: ") else { return };
    for part in rest.split(['.', ';']) {
        let mut words = part.split_whitespace();
        if let (Some(n), Some(what)) = (words.next(), words.next()) {
            if let Ok(n) = n.parse::<u64>() {
                match what {
                    "passed" => counts.passed += n,
                    "failed" => counts.failed += n,
                    _ => {}
                }
            }
        }
    }
}

pub fn test(env: &Env, extra: &[String]) -> Result<(), String> {
    let started = Instant::now();
    let tools = setup::setup(env)?;
    env.keep_room()?;
    say("test", "checking the style: rustfmt, leptosfmt (the UI's view! macros), then clippy with warnings as errors");
    run(env.cargo().args(["fmt", "--all", "--check"]))?;
    run(Command::new(setup::leptosfmt(env)?).current_dir(&env.root).args([
        "--quiet",
        "--check",
        "--config-file",
        "leptosfmt.toml",
        "src-ui/src",
    ]))?;
    deny::check(env)?;
    ui::build(env, &tools)?;
    // After the UI: the app's build embeds its dist.
    run(env.cargo().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))?;
    // Both ways of getting a wasm32 std must keep working: build the UI the Debian way too, for a browser test.
    let debian_dist = match tools.wasm_route {
        setup::WasmRoute::Debian => ui::dist(env),
        setup::WasmRoute::Rustup => {
            setup::debian_wasm_route()?;
            let out = env.cache.join("dist-debian");
            ui::build_with(env, &tools, setup::WasmRoute::Debian, &out)?;
            out
        }
    };
    say("test", "building the server, the app and the tests");
    env.build_native()?;
    let xvfb = Xvfb::start()?;
    let postgres = Postgres::start()?;
    // The app keeps its device store's key in the session's Secret Service.
    let secrets = SecretService::start(env, "test")?;
    let shots = env.root.join("screenshots");
    std::fs::create_dir_all(&shots).map_err(|e| format!("cannot create {}: {e}", shots.display()))?;

    let mut cmd = env.cargo();
    cmd.args(["test", "--workspace", "--no-fail-fast", "--", "--include-ignored"])
        .args(extra)
        .env("DISPLAY", &xvfb.display)
        .env("FLOORDESK_UI_DIST", ui::dist(env))
        .env("FLOORDESK_UI_DIST_DEBIAN", &debian_dist)
        .env("FLOORDESK_APP_BIN", env.debug_bin("floordesk-app"))
        .env("FLOORDESK_TAURI_DRIVER", &tools.tauri_driver)
        .env("FLOORDESK_WEBKIT_DRIVER", &tools.webkit_driver)
        .env("FLOORDESK_CHROMIUM", &tools.chromium)
        .env("FLOORDESK_NODE_MODULES", &tools.node_modules)
        .env("FLOORDESK_SHOTS", &shots)
        .env("FLOORDESK_TEST_POSTGRES_URL", &postgres.url)
        .env("DBUS_SESSION_BUS_ADDRESS", &secrets.address)
        .stdout(Stdio::piped());
    say("test", "running every test");
    println!("  $ {}", show(&cmd));
    let mut child = cmd.spawn().map_err(|e| format!("cannot start cargo test: {e}"))?;
    let mut counts = Counts::default();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            count_line(&line, &mut counts);
        }
    }
    let status = child.wait().map_err(|e| format!("cargo test did not finish: {e}"))?;
    drop(xvfb);
    drop(postgres);
    drop(secrets);
    say("test", format!("screenshots in {}; took {} s", shots.display(), started.elapsed().as_secs()));
    if !status.success() && counts.failed == 0 {
        // A build failure or a crashed test binary: count it, so the summary never reads as clean.
        counts.failed += 1;
        println!("cargo test failed before reporting a failing test ({status})");
    }
    // The summary is the very last line, also on failure (CI reads it); the exit status carries the verdict.
    println!("{} passed, {} failed", counts.passed, counts.failed);
    if status.success() {
        Ok(())
    } else {
        Err(String::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_sum_cargo_result_lines() {
        let mut c = Counts::default();
        count_line(
            "test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s",
            &mut c,
        );
        count_line(
            "test result: FAILED. 3 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 1s",
            &mut c,
        );
        count_line("running 5 tests", &mut c);
        count_line("test foo ... ok", &mut c);
        assert_eq!(c, Counts { passed: 15, failed: 2 });
    }
}
