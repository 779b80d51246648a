//! `floordesk-uibench`, behind `cargo xtask bench ui`: the browser build as a supervisor uses it on a big site. The
//! real server runs in-process on a SQLite file with the demo, serving the release UI; 2,000 and then 5,000 open
//! tasks are pushed to one site, and at each size `bench/browser/big_site.cjs` drives Debian's Chromium at 1280×800
//! through playwright-core: how busy the page's main thread is while it only shows the ticking clocks, how soon
//! another client's change shows, how soon a tap's result shows, and whether the page's memory grows with changes.
//! Prints one JSON array.
//!
//! Reads `FLOORDESK_UI_DIST` (the built UI), `FLOORDESK_NODE_MODULES` (playwright-core), `FLOORDESK_CHROMIUM`
//! (the browser) and `FLOORDESK_BENCH_SCRIPT` (the script), as `cargo xtask bench ui` sets them.

use std::path::PathBuf;
use std::process::Command;

use floordesk_client::Client;
use floordesk_protocol::LoginRequest;

mod seed;

use seed::{create, staff, start_server};

/// The site sizes measured, in open tasks (each adds to the one before).
const SIZES: [usize; 2] = [2_000, 5_000];

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set (run `cargo xtask bench ui`)"))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let url = start_server(dir.path(), Some(PathBuf::from(var("FLOORDESK_UI_DIST")))).await;
    let client = Client::new(&url);
    let maria = client.login(&LoginRequest::new(staff("maria"), "4444")).await.expect("sign-in").token;
    let mut reports = Vec::new();
    let mut seeded = 0;
    for (round, size) in SIZES.into_iter().enumerate() {
        create(&client, &maria, &format!("s{round}"), "poly-12-f2", size - seeded).await;
        seeded = size;
        // The other client (an administrator of floor 2) claims tasks of this round, which the page must show.
        let out = Command::new("node")
            .arg(var("FLOORDESK_BENCH_SCRIPT"))
            .args([url.as_str(), "maria", "4444", "igor", "2222", &format!("t-s{round}"), &size.to_string()])
            .env("NODE_PATH", var("FLOORDESK_NODE_MODULES"))
            .env("FLOORDESK_CHROMIUM", var("FLOORDESK_CHROMIUM"))
            .output()
            .expect("node runs");
        assert!(out.status.success(), "the browser benchmark failed: {}", String::from_utf8_lossy(&out.stderr));
        reports.push(String::from_utf8_lossy(&out.stdout).trim().to_owned());
    }
    println!("[{}]", reports.join(","));
}
