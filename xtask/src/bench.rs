//! `cargo xtask bench sync`: the sync load benchmark. Builds the server and the load generator in release, then for
//! each store (SQLite file; PostgreSQL on a throwaway cluster), each fleet and each load (saturation, a shift's
//! pace, a shift change) runs `floordesk-loadgen` against a fresh database, and writes
//! `bench/results/sync-<store>.json` and the table in `bench/README.md`.
//! `cargo xtask bench pouchdb`: the same shift workload against PouchDB (`bench/pouchdb`), beside `sync`'s figures.
//! `cargo xtask bench app`: the device side, from `floordesk-appbench`, into `bench/results/app.json` and its table.
//! `cargo xtask bench ui`: the UI's size, and a supervisor's page on a big site in Chromium (`floordesk-uibench`).

use std::path::PathBuf;
use std::process::Command;

use crate::env::{free_port, run, say, Env};
use crate::postgres::Postgres;
use crate::setup;

/// A fleet: devices, devices per site, zones per site.
type Fleet = (usize, usize, usize);

/// The fleets issue 15 asks for: 100, 1,000, 2,000 and 5,000 devices at 20 per site, and one site of 500 devices in
/// 10 zones.
const FLEETS: [Fleet; 5] = [(100, 20, 1), (1_000, 20, 1), (2_000, 20, 1), (5_000, 20, 1), (500, 500, 10)];

/// The loads each fleet runs: as fast as the devices can (saturation), a shift's pace (one action per device every
/// 10 s) and a shift change (one per device per second).
const LOADS: [Option<f64>; 3] = [None, Some(0.1), Some(1.0)];

/// A `sh -c` script that runs its arguments with the open-file limit raised to the hard limit: thousands of WebSockets
/// need more descriptors than the usual soft limit of 1,024, in the load's process and in the server's.
const RAISED_FILE_LIMIT: &str = "ulimit -n \"$(ulimit -Hn)\" && exec \"$@\"";

/// Seconds of load per run.
const SECONDS: u64 = 15;

/// The catch-up of a run of its own at the end of each store's runs (a fleet of one site at a shift's pace): the
/// others catch up 10,000 changes.
const BIG_CATCH_UP: usize = 100_000;

pub fn bench(env: &Env, args: &[String]) -> Result<(), String> {
    match args.first().map(String::as_str) {
        Some("sync") => sync(env),
        Some("app") => app(env),
        Some("ui") => ui(env),
        Some("rules") => rules(env),
        Some("pouchdb") => pouchdb(env),
        other => Err(format!(
            "unknown benchmark {other:?}; available: `cargo xtask bench sync`, `cargo xtask bench pouchdb`, `cargo \
             xtask bench app`, `cargo xtask bench ui`, `cargo xtask bench rules`"
        )),
    }
}

fn sync(env: &Env) -> Result<(), String> {
    say("bench", "building the server and the load generator (release)");
    run(env.cargo().args(["build", "--release", "--package", "floordesk-server", "--package", "floordesk-loadgen"]))?;
    let release = env.target().join("release");
    let postgres = Postgres::start()?;
    let results = env.root.join("bench/results");
    std::fs::create_dir_all(&results).map_err(|e| format!("cannot create {}: {e}", results.display()))?;
    let mut table = Vec::new();
    for store in ["sqlite", "postgres"] {
        let mut runs = Vec::new();
        let scenarios = FLEETS
            .into_iter()
            .flat_map(|fleet| LOADS.into_iter().map(move |rate| (fleet, rate, SECONDS, 10_000)))
            .chain([((20, 20, 1), Some(0.1), 1, BIG_CATCH_UP)]);
        for (n, ((devices, per_site, zones), rate, seconds, catch_up)) in scenarios.enumerate() {
            let file = env.cache.join("bench.db");
            let remove_file = || {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
                }
            };
            let database_url = match store {
                "sqlite" => {
                    remove_file();
                    format!("sqlite://{}", file.display())
                }
                _ => postgres.create_database(&format!("bench_{n}"))?,
            };
            let pace = rate.map_or_else(|| "as fast as they can".to_owned(), |r| format!("{r} ops/s each"));
            say(
                "bench",
                format!("{store}: {devices} devices ({per_site} per site, {zones} zones), {pace}, {seconds} s"),
            );
            let mut args = vec![
                "--database-url".to_owned(),
                database_url,
                "--devices".to_owned(),
                devices.to_string(),
                "--per-site".to_owned(),
                per_site.to_string(),
                "--zones".to_owned(),
                zones.to_string(),
                "--seconds".to_owned(),
                seconds.to_string(),
                "--catch-up".to_owned(),
                catch_up.to_string(),
            ];
            if let Some(rate) = rate {
                args.extend(["--rate".to_owned(), rate.to_string()]);
            }
            let out = Command::new("sh")
                .args(["-c", RAISED_FILE_LIMIT, "sh"])
                .arg(release.join("floordesk-loadgen"))
                .arg("--server-bin")
                .arg(release.join("floordesk-server"))
                .args(&args)
                .output()
                .map_err(|e| format!("cannot start the load generator: {e}"))?;
            if !out.status.success() {
                return Err(format!(
                    "the load generator failed ({}): {}",
                    out.status,
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
            remove_file();
            let line = String::from_utf8_lossy(&out.stdout).trim().to_owned();
            println!("  {line}");
            table.push(row(store, &line)?);
            runs.push(line);
        }
        write_runs(&results.join(format!("sync-{store}.json")), &runs)?;
    }
    drop(postgres);
    let header = "| store | devices | per site × zones | offered ops/s | accepted ops/s | send→heard p50 ms | \
                  send→heard p99 ms | push answered p50 / p99 ms | catch-up | idle KB per device | server peak RSS MB |\n\
                  |---|---|---|---|---|---|---|---|---|---|---|";
    replace_section(env, "sync-results", &format!("{header}\n{}", table.join("\n")))
}

/// What runs against PouchDB: fleets of 20 devices per site, at saturation, a shift's pace and a shift change, as
/// many devices as one Node.js process of devices holds beside pouchdb-server on two cores.
const POUCHDB_RUNS: [(usize, Option<f64>); 4] = [(100, None), (100, Some(0.1)), (100, Some(1.0)), (1_000, Some(0.1))];

/// `cargo xtask bench pouchdb`: the shift workload of `sync` against PouchDB — pouchdb-server from npm (LevelDB on
/// disk) as the central server, one in-memory PouchDB per device in live two-way replication with its site's
/// database (`bench/pouchdb/shift.cjs`) — beside FloorDesk's figures for the same fleet and load on SQLite (from
/// `bench/results/sync-sqlite.json`: run `bench sync` first), into `bench/results/sync-pouchdb.json` and the table in
/// `bench/README.md`.
fn pouchdb(env: &Env) -> Result<(), String> {
    // Run without install scripts, as measured: LevelDB's binding loads the build its package ships, and the SQLite
    // binding pouchdb-server could use (and would download) is not used.
    let modules = setup::npm_packages(
        env,
        "bench/pouchdb",
        "pouchdb",
        "PouchDB (pouchdb-server, pouchdb-node)",
        &["--ignore-scripts"],
    )?;
    let ours_file = env.root.join("bench/results/sync-sqlite.json");
    let ours = std::fs::read_to_string(&ours_file)
        .map_err(|e| format!("cannot read {}: {e} (run `cargo xtask bench sync` first)", ours_file.display()))?;
    let ours: Vec<&str> = ours.lines().map(|l| l.trim().trim_end_matches(',')).filter(|l| l.starts_with('{')).collect();
    // FloorDesk's run of the same fleet and load, for each, before anything runs.
    let ours = POUCHDB_RUNS
        .into_iter()
        .map(|(devices, rate)| {
            let offered = rate.map_or(0.0, |r| r * devices as f64);
            let same =
                [("devices", devices as f64), ("per_site", 20.0), ("zones", 1.0), ("offered_ops_per_second", offered)];
            ours.iter()
                .find(|l| same.iter().all(|(name, value)| field(l, name).is_ok_and(|v| (v - value).abs() < 0.5)))
                .ok_or_else(|| {
                    format!("no FloorDesk run of {devices} devices at {offered} ops/s in {}", ours_file.display())
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let (mut runs, mut table) = (Vec::new(), Vec::new());
    for ((devices, rate), ours) in POUCHDB_RUNS.into_iter().zip(ours) {
        let data = env.cache.join("pouchdb-data");
        let _ = std::fs::remove_dir_all(&data);
        std::fs::create_dir_all(&data).map_err(|e| format!("cannot create {}: {e}", data.display()))?;
        let port = free_port("pouchdb-server")?;
        let pace = rate.map_or_else(|| "as fast as they can".to_owned(), |r| format!("{r} ops/s each"));
        say("bench", format!("pouchdb: {devices} devices (20 per site), {pace}, {SECONDS} s"));
        let log = data.join("server.log");
        let log_file = std::fs::File::create(&log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        let mut server = Command::new("node")
            .arg(modules.join("pouchdb-server/bin/pouchdb-server"))
            .args(["--host", "127.0.0.1", "--port", &port.to_string(), "--no-stdout-logs", "--dir"])
            .arg(&data)
            .current_dir(&data)
            .stdout(std::process::Stdio::null())
            .stderr(log_file)
            .spawn()
            .map_err(|e| format!("cannot start pouchdb-server: {e}"))?;
        let up = (0..300).any(|_| {
            std::thread::sleep(std::time::Duration::from_millis(100));
            std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
        });
        let out = up.then(|| {
            Command::new("sh")
                .args(["-c", RAISED_FILE_LIMIT, "sh", "node"])
                .arg(env.root.join("bench/pouchdb/shift.cjs"))
                .arg(format!("http://127.0.0.1:{port}"))
                .arg(server.id().to_string())
                .args([devices.to_string(), "20".to_owned(), SECONDS.to_string()])
                .arg(rate.map_or_else(|| "-".to_owned(), |r| r.to_string()))
                .arg("10000")
                .env("NODE_PATH", &modules)
                .output()
        });
        let _ = server.kill();
        let _ = server.wait();
        let said = || std::fs::read_to_string(&log).unwrap_or_default();
        let out = out
            .ok_or_else(|| format!("pouchdb-server did not answer on port {port} within 30 s: {}", said()))?
            .map_err(|e| format!("cannot start the PouchDB workload: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "the PouchDB workload failed ({}): {}\npouchdb-server said: {}",
                out.status,
                String::from_utf8_lossy(&out.stderr),
                said()
            ));
        }
        let line = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        println!("  {line}");
        table.push(side_by_side(&line, ours)?);
        runs.push(line);
    }
    write_runs(&env.root.join("bench/results/sync-pouchdb.json"), &runs)?;
    let header =
        "| devices (20 per site) | offered ops/s | accepted ops/s: PouchDB, FloorDesk (×) | send→heard p50 ms \
                  (×) | send→heard p99 ms (×) | PouchDB writes heard | catch-up of 10,000 ms (×) | idle KB per device \
                  | server peak RSS MB (×) | PouchDB devices' event loop late, p99 ms |\n\
                  |---|---|---|---|---|---|---|---|---|---|";
    replace_section(env, "pouchdb-results", &format!("{header}\n{}", table.join("\n")))
}

/// One row of PouchDB's report `pouch` beside FloorDesk's `ours` for the same fleet and load: each figure as
/// PouchDB's, FloorDesk's, and how many times better FloorDesk's is.
fn side_by_side(pouch: &str, ours: &str) -> Result<String, String> {
    let both = |name: &str| Ok::<_, String>((field(pouch, name)?, field(ours, name)?));
    let (ops, ops_ours) = both("accepted_ops_per_second")?;
    let (p50, p50_ours) = both("push_p50_ms")?;
    let (p99, p99_ours) = both("push_p99_ms")?;
    let (catch_up, catch_up_ours) = both("catch_up_ms")?;
    let (idle, idle_ours) = both("idle_kb_per_device")?;
    let (rss, rss_ours) = both("server_peak_rss_mb")?;
    let offered = field(pouch, "offered_ops_per_second")?;
    Ok(format!(
        "| {:.0} | {} | {ops:.0}, {ops_ours:.0} ({:.1}×) | {p50:.0}, {p50_ours:.1} ({:.0}×) | {p99:.0}, {p99_ours:.1} \
         ({:.0}×) | {:.0} % | {catch_up:.0}, {catch_up_ours:.0} ({:.0}×) | {idle:.0}, {idle_ours:.0} | {rss:.0}, \
         {rss_ours:.0} ({:.1}×) | {:.0} |",
        field(pouch, "devices")?,
        if offered > 0.0 { format!("{offered:.0}") } else { "saturation".to_owned() },
        ops_ours / ops,
        p50 / p50_ours,
        p99 / p99_ours,
        field(pouch, "heard")? * 100.0,
        catch_up / catch_up_ours,
        rss / rss_ours,
        field(pouch, "client_loop_delay_p99_ms")?,
    ))
}

/// `cargo xtask bench app`: the device side (local action → committed and visible, on a handheld and on a supervisor's
/// device following 10,000+ tasks; catch-up of 10,000 changes into the device store), from the release
/// `floordesk-appbench`, into `bench/results/app.json` and `bench/README.md`.
fn app(env: &Env) -> Result<(), String> {
    let line = run_benchmark(env, "floordesk-appbench", "app", &[])?;
    let field = |name: &str| field(&line, name);
    let row = format!(
        "| {:.2} | {:.2} | {:.2} | {:.0} | {:.2} | {:.2} | {:.0} / {:.0} ({:.2} ms) | {:.0} | {:.0} |",
        field("action_p50_ms")?,
        field("action_p99_ms")?,
        field("action_max_ms")?,
        field("site_tasks")?,
        field("site_action_p50_ms")?,
        field("site_action_p99_ms")?,
        field("site_told_bytes")?,
        field("site_whole_bytes")?,
        field("site_whole_read_p50_ms")?,
        field("catch_up_changes")?,
        field("catch_up_ms")?
    );
    let header = "| action p50 ms | action p99 ms | action max ms | supervisor's open tasks | supervisor's action p50 \
                  ms | supervisor's action p99 ms | window handed per action, bytes: told / whole list (its making p50) \
                  | changes caught up | catch-up ms |\n|---|---|---|---|---|---|---|---|---|";
    replace_section(env, "app-results", &format!("{header}\n{row}"))
}

/// Builds the release benchmark `bin` of `floordesk-loadgen`, runs it and keeps its one-line JSON report in
/// `bench/results/<name>.json`; the report.
fn run_benchmark(env: &Env, bin: &str, name: &str, vars: &[(&str, PathBuf)]) -> Result<String, String> {
    say("bench", format!("building the {name} benchmark (release)"));
    run(env.cargo().args(["build", "--release", "--package", "floordesk-loadgen", "--bin", bin]))?;
    let out = Command::new(env.target().join("release").join(bin))
        .envs(vars.iter().map(|(k, v)| (*k, v)))
        .output()
        .map_err(|e| format!("cannot start the {name} benchmark: {e}"))?;
    if !out.status.success() {
        return Err(format!("the {name} benchmark failed ({}): {}", out.status, String::from_utf8_lossy(&out.stderr)));
    }
    let line = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    println!("  {line}");
    let results = env.root.join("bench/results");
    std::fs::create_dir_all(&results).map_err(|e| format!("cannot create {}: {e}", results.display()))?;
    let file = results.join(format!("{name}.json"));
    std::fs::write(&file, format!("{line}\n")).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    Ok(line)
}

/// `cargo xtask bench rules`: the rules' tick at 2,000 open tasks and 200 people on shift, from the release
/// `floordesk-rulesbench`, into `bench/results/rules.json` and its table.
fn rules(env: &Env) -> Result<(), String> {
    let line = run_benchmark(env, "floordesk-rulesbench", "rules", &[])?;
    let field = |name: &str| field(&line, name);
    let row = format!(
        "| {:.0} | {:.0} | {:.0} | {:.2} | {:.2} | {:.0} | {:.0} | {:.1} | {:.1} |",
        field("open_tasks")?,
        field("people")?,
        field("firings")?,
        field("decide_p50_ms")?,
        field("decide_max_ms")?,
        field("first_tick_fired")?,
        field("first_tick_ms")?,
        field("quiet_tick_p50_ms")?,
        field("quiet_tick_max_ms")?
    );
    let header =
        "| open tasks | people | firings decided | decide p50 ms | decide max ms | first tick: fired | first tick ms \
                  | quiet tick p50 ms | quiet tick max ms |\n|---|---|---|---|---|---|---|---|---|";
    replace_section(env, "rules-results", &format!("{header}\n{row}"))
}

/// `cargo xtask bench ui`: the release UI's size, then the browser build on a big site.
fn ui(env: &Env) -> Result<(), String> {
    let tools = setup::setup(env)?;
    crate::ui::build(env, &tools)?;
    ui_size(env)?;
    big_site(env, &tools)
}

/// The release UI as a browser downloads it — each file of `src-ui/dist` raw and gzipped (`gzip -9`), site
/// administration's in `admin/` — into `bench/results/ui.json` and its table. The budget is the floor app's wasm,
/// gzipped, ≤ 400 KB.
fn ui_size(env: &Env) -> Result<(), String> {
    let dist = crate::ui::dist(env);
    let mut rows = Vec::new();
    let mut json = Vec::new();
    // The floor app's files, then site administration's (its own bundle, in `admin/`).
    let mut files = Vec::new();
    for folder in [dist.clone(), dist.join("admin")] {
        let mut found: Vec<_> = std::fs::read_dir(&folder)
            .map_err(|e| format!("cannot read {}: {e}", folder.display()))?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ["wasm", "js", "css", "html"].iter().any(|e| ext == *e)))
            .collect();
        found.sort();
        files.extend(found);
    }
    for path in files {
        let raw = std::fs::metadata(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?.len();
        let gzipped = Command::new("gzip")
            .args(["-9", "-c"])
            .arg(&path)
            .output()
            .map_err(|e| format!("cannot run gzip: {e}"))?
            .stdout
            .len();
        let name = path.strip_prefix(&dist).unwrap_or(&path).to_string_lossy().into_owned();
        rows.push(format!("| {name} | {:.1} | {:.1} |", raw as f64 / 1024.0, gzipped as f64 / 1024.0));
        json.push(format!("{{\"file\":\"{name}\",\"bytes\":{raw},\"gzip_bytes\":{gzipped}}}"));
    }
    let results = env.root.join("bench/results");
    std::fs::create_dir_all(&results).map_err(|e| format!("cannot create {}: {e}", results.display()))?;
    let file = results.join("ui.json");
    std::fs::write(&file, format!("[\n  {}\n]\n", json.join(",\n  ")))
        .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    replace_section(env, "ui-results", &format!("| file | KB | KB gzipped |\n|---|---|---|\n{}", rows.join("\n")))
}

/// A supervisor's page in Chromium at 1280×800 on a site of 2,000 and of 5,000 open tasks, from the release
/// `floordesk-uibench` (which drives `bench/browser/big_site.cjs`), into `bench/results/ui-big-site.json` and its
/// table.
fn big_site(env: &Env, tools: &setup::Tools) -> Result<(), String> {
    let script = env.root.join("bench/browser/big_site.cjs");
    let line = run_benchmark(
        env,
        "floordesk-uibench",
        "ui-big-site",
        &[
            ("FLOORDESK_UI_DIST", crate::ui::dist(env)),
            ("FLOORDESK_NODE_MODULES", tools.node_modules.clone()),
            ("FLOORDESK_CHROMIUM", tools.chromium.clone()),
            ("FLOORDESK_BENCH_SCRIPT", script),
        ],
    )?;
    let mut rows = Vec::new();
    for report in line.trim_start_matches('[').trim_end_matches(']').split("},{") {
        let field = |name: &str| field(report, name);
        rows.push(format!(
            "| {:.0} | {:.0} | {:.1} | {:.0} | {:.0} / {:.0} | {:.0} / {:.0} | {:.1} → {:.1} | {:.0} → {:.0} | {:.0} → {:.0} |",
            field("open_tasks")?,
            field("first_shown_ms")?,
            field("idle_busy_pct")?,
            field("idle_longest_task_ms")?,
            field("live_p50_ms")?,
            field("live_max_ms")?,
            field("tap_p50_ms")?,
            field("tap_max_ms")?,
            field("heap_mb_before")?,
            field("heap_mb_after")?,
            field("nodes_before")?,
            field("nodes_after")?,
            field("listeners_before")?,
            field("listeners_after")?
        ));
    }
    let header =
        "| open tasks | first shown ms | idle main thread busy % (a minute) | idle longest task ms | live change \
                  p50 / max ms | tap p50 / max ms | JS heap MB (10 changes) | DOM nodes | listeners |\n\
                  |---|---|---|---|---|---|---|---|---|";
    replace_section(env, "ui-big-site-results", &format!("{header}\n{}", rows.join("\n")))
}

/// A number of a report (a flat JSON object of numbers).
fn field(json: &str, name: &str) -> Result<f64, String> {
    let key = format!("\"{name}\":");
    let start = json.find(&key).ok_or_else(|| format!("no {name} in {json}"))? + key.len();
    let end = json[start..].find([',', '}']).map_or(json.len(), |e| start + e);
    json[start..end].parse().map_err(|e| format!("{name} in {json}: {e}"))
}

/// One markdown row from a load generator report.
fn row(store: &str, json: &str) -> Result<String, String> {
    let field = |name: &str| field(json, name);
    let offered = field("offered_ops_per_second")?;
    Ok(format!(
        "| {store} | {} | {} × {} | {} | {:.0} | {:.1} | {:.1} | {:.1} / {:.1} | {:.0} in {:.0} ms | {:.0} | {:.0} |",
        field("devices")?,
        field("per_site")?,
        field("zones")?,
        if offered > 0.0 { format!("{offered:.0}") } else { "saturation".to_owned() },
        field("accepted_ops_per_second")?,
        field("push_p50_ms")?,
        field("push_p99_ms")?,
        field("answer_p50_ms")?,
        field("answer_p99_ms")?,
        field("catch_up_changes")?,
        field("catch_up_ms")?,
        field("idle_kb_per_device")?,
        field("server_peak_rss_mb")?
    ))
}

/// Writes the runs' reports (one JSON object each) to `file` as a JSON array, one run per line.
fn write_runs(file: &std::path::Path, runs: &[String]) -> Result<(), String> {
    std::fs::write(file, format!("[\n  {}\n]\n", runs.join(",\n  ")))
        .map_err(|e| format!("cannot write {}: {e}", file.display()))
}

/// Puts `table` between the `<!-- name -->` markers of `bench/README.md` (appended when they are missing).
fn replace_section(env: &Env, name: &str, table: &str) -> Result<(), String> {
    let path = env.root.join("bench/README.md");
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    let begin = format!("<!-- {name} -->");
    let end = format!("<!-- /{name} -->");
    let section = format!("{begin}\n{table}\n{end}");
    let new = match (old.find(&begin), old.find(&end)) {
        (Some(b), Some(e)) => format!("{}{section}{}", &old[..b], &old[e + end.len()..]),
        _ => format!("{old}{section}\n"),
    };
    std::fs::write(&path, new).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    say("bench", format!("results in bench/results and {}", path.display()));
    Ok(())
}
