//! `cargo xtask …`: everything FloorDesk needs from a fresh machine to a tested build, in Rust, with no
//! dependencies beyond std and a Ctrl-C handler.

mod bench;
mod bundle;
mod deny;
mod env;
mod fuzz;
mod postgres;
mod run;
mod secrets;
mod setup;
mod test;
mod ui;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

  setup   install every tool FloorDesk needs (idempotent; skips what is present)
  ui      build the Leptos UI into src-ui/dist
  run     set up, build, start the central server with demo data, serve the browser UI and open the app
  test    set up, build, and run every test: unit, property, integration, Chromium and Tauri-window end-to-end
  bundle  build the app in release and bundle it as a .deb (the Tauri CLI)
  bench sync   the sync load benchmark (100/1,000/2,000 devices on SQLite and PostgreSQL) into bench/results
  bench pouchdb  the same shift workload against PouchDB + pouchdb-server from npm, beside bench sync's figures
  bench app    the device-side benchmark (local action → visible; catch-up of 10,000 changes) into bench/results
  bench rules  the rules' tick at 2,000 open tasks and 200 people on shift into bench/results
  bench ui     the release UI's size, raw and gzipped (budget: wasm ≤ 400 KB gzipped), and a supervisor's page on
               sites of 2,000 and 5,000 open tasks in Chromium, into bench/results
  fuzz [MIN] [SEED]  mutated push bodies through the server's decoding and the domain, for MIN minutes (5)

Tools and build outputs are cached under $FLOORDESK_CACHE (default ~/.cache/floordesk).";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => env::Env::discover().and_then(|e| setup::setup(&e).map(|_| ())),
        Some("ui") => env::Env::discover().and_then(|e| {
            let tools = setup::setup(&e)?;
            ui::build(&e, &tools)
        }),
        Some("run") => env::Env::discover().and_then(|e| run::run(&e)),
        Some("test") => env::Env::discover().and_then(|e| test::test(&e, &args[1..])),
        Some("bundle") => env::Env::discover().and_then(|e| bundle::bundle(&e)),
        Some("bench") => env::Env::discover().and_then(|e| bench::bench(&e, &args[1..])),
        Some("fuzz") => env::Env::discover().and_then(|e| fuzz::fuzz(&e, &args[1..])),
        Some("-h" | "--help" | "help") | None => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // An empty error has been reported already (see test.rs).
            if !e.is_empty() {
                eprintln!("xtask: {e}");
            }
            ExitCode::FAILURE
        }
    }
}
