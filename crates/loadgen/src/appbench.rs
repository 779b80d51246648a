//! `floordesk-appbench`, behind `cargo xtask bench app`: the device side measured against the real server
//! (in-process, SQLite): how long a local action takes to be committed on the device and visible in what the screens
//! read, and how long a device takes to catch up with 10,000 changes into its store. Prints one JSON object.

use std::time::{Duration, Instant};

use floordesk_client::Client;
use floordesk_domain::{Action, Priority, Routing, StaffId, TaskDetails, TaskId, ZoneId};
use floordesk_protocol::{
    LoginRequest, NewTaskRequest, Op, OpChange, PushRequest, MAX_PUSH_OPS, SYNC_PROTOCOL_VERSION,
};
use floordesk_server::{Config, Server};
use floordesk_sync::engine::now;
use floordesk_sync::Engine;

/// Changes the catching-up device has to take in.
const CATCH_UP: usize = 10_000;
/// Local actions timed.
const ACTIONS: usize = 300;

fn staff(id: &str) -> StaffId {
    StaffId::new(id).expect("a demo id")
}

fn routing(id: String, zone: &str) -> OpChange {
    OpChange::Create {
        task: NewTaskRequest {
            id: TaskId::new(id).expect("a task id"),
            zone: ZoneId::new(zone).expect("a demo zone"),
            case_id: None,
            priority: Priority::Normal,
            details: TaskDetails::Routing(Routing { purpose: "Справка".into(), destination: None }),
            met_at: now(),
        },
    }
}

/// Creates `count` tasks in `zone` through the supervisor's pushes, `MAX_PUSH_OPS` at a time.
async fn create(client: &Client, token: &str, prefix: &str, zone: &str, count: usize) {
    let ops: Vec<Op> = (0..count)
        .map(|n| Op {
            id: format!("op-{prefix}-{n}"),
            device_time: now(),
            base_version: 0,
            change: routing(format!("t-{prefix}-{n}"), zone),
        })
        .collect();
    for batch in ops.chunks(MAX_PUSH_OPS) {
        let request = PushRequest {
            protocol: SYNC_PROTOCOL_VERSION,
            device: "bench-desk".into(),
            ops: batch.to_vec(),
            sent_at: None,
        };
        client.push(token, &request).await.expect("the seeding push");
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let config = Config {
        listen: "127.0.0.1:0".parse().expect("an address"),
        database_url: format!("sqlite://{}", dir.path().join("central.db").display()),
        ui_dir: None,
        demo: true,
        enrolled_devices_only: false,
        code_key: None,
        trust_forwarded_for: false,
        tls: None,
        rules: false,
    };
    let server = Server::bind(&config).await.expect("the server binds");
    let url = format!("http://{}", server.local_addr().expect("an address"));
    tokio::spawn(server.run(std::future::pending()));
    let client = Client::new(&url);
    let maria = client.login(&LoginRequest::new(staff("maria"), "4444")).await.expect("sign-in").token;
    create(&client, &maria, "many", "poly-12-entrance", CATCH_UP).await;
    create(&client, &maria, "act", "poly-12-f2", ACTIONS).await;

    // Catch-up: a fresh device of the supervisor (who follows the whole site) signs in and takes everything in.
    let catching = Engine::open(&dir.path().join("supervisor.db"), Some(&url)).await.expect("a device store");
    let started = Instant::now();
    catching.sign_in(staff("maria"), "4444").await.expect("sign-in");
    let catch_up = started.elapsed();
    let caught = catching.view().await.expect("the view").tasks.len();
    assert!(caught >= CATCH_UP, "caught up with only {caught} tasks");

    // Local actions: an administrator of floor 2 takes each task of the floor's pool, offline from the server's
    // point of view (nothing is pushed while timing): commit on the device, then read what the screen shows.
    let device = Engine::open(&dir.path().join("handheld.db"), Some(&url)).await.expect("a device store");
    device.sign_in(staff("igor"), "2222").await.expect("sign-in");
    let mut timings = Vec::with_capacity(ACTIONS);
    for n in 0..ACTIONS {
        let task = TaskId::new(format!("t-act-{n}")).expect("a task id");
        let started = Instant::now();
        device.act(&task, Action::Claim, now()).await.expect("the claim commits");
        let view = device.view().await.expect("the view");
        let shown = view.tasks.iter().any(|t| t.task.id == task && t.pending);
        timings.push(started.elapsed());
        assert!(shown, "the claim is not visible");
    }
    timings.sort();
    let sent = Instant::now();
    device.sync().await.expect("the outbox drains");
    let drain = sent.elapsed();
    println!(
        "{{\"catch_up_changes\":{caught},\"catch_up_ms\":{:.0},\"actions\":{ACTIONS},\"action_p50_ms\":{:.2},\"action_p99_ms\":{:.2},\"action_max_ms\":{:.2},\"outbox_drain_ms\":{:.0}}}",
        catch_up.as_secs_f64() * 1000.0,
        percentile(&timings, 0.5),
        percentile(&timings, 0.99),
        percentile(&timings, 1.0),
        drain.as_secs_f64() * 1000.0
    );
}
