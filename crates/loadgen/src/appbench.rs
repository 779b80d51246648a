//! `floordesk-appbench`, behind `cargo xtask bench app`: the device side measured against the real server
//! (in-process, SQLite): how long a local action takes to be committed on the device and visible in what the screens
//! get (an administrator's handheld reading its view; a supervisor's device following the whole site of 10,000+ open
//! tasks, whose window is handed the tasks that changed), and how long a device takes to catch up with 10,000
//! changes into its store. Prints one JSON object.

use std::time::{Duration, Instant};

use floordesk_client::Client;
use floordesk_domain::{Action, TaskId};
use floordesk_protocol::LoginRequest;
use floordesk_sync::engine::now;
use floordesk_sync::Engine;

/// Changes the catching-up device has to take in.
const CATCH_UP: usize = 10_000;
/// Local actions timed.
const ACTIONS: usize = 300;

mod seed;

use seed::{create, staff, start_server};

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let url = start_server(dir.path(), None).await;
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

    // A supervisor following the whole site (the 10,000+ tasks just taken in) gives tasks to people: the op
    // committed on the device, then what the app's shell hands its window (the tasks whose view changed, named) with
    // the task given (pending), per action. Beside it, the whole list made as the window's fetch got it before it
    // was told the tasks that changed, and the JSON of each.
    let _ = catching.news().await;
    let (mut site_timings, mut whole_reads) = (Vec::with_capacity(ACTIONS), Vec::with_capacity(ACTIONS));
    let (mut told_bytes, mut whole_bytes) = (0, 0);
    for n in 0..ACTIONS {
        let task = TaskId::new(format!("t-many-{n}")).expect("a task id");
        let started = Instant::now();
        catching.act(&task, Action::Assign { to: staff("anna") }, now()).await.expect("the assignment commits");
        let news = catching.news().await;
        let told = serde_json::to_vec(&news).expect("JSON");
        let tasks = news.tasks.expect("the window is told the task, not sent to read the view whole");
        let shown = tasks.iter().any(|t| t.task.id == task && t.pending);
        site_timings.push(started.elapsed());
        assert!(shown, "the assignment is not visible");
        told_bytes += told.len();
        // The whole list, as the window's fetch got it.
        let started = Instant::now();
        let list = catching.task_list().await.expect("the list");
        whole_reads.push(started.elapsed());
        whole_bytes += serde_json::to_vec(&list).expect("JSON").len();
    }
    site_timings.sort();
    whole_reads.sort();

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
        "{{\"catch_up_changes\":{caught},\"catch_up_ms\":{:.0},\"actions\":{ACTIONS},\"action_p50_ms\":{:.2},\"action_p99_ms\":{:.2},\"action_max_ms\":{:.2},\"site_tasks\":{caught},\"site_action_p50_ms\":{:.2},\"site_action_p99_ms\":{:.2},\"site_whole_read_p50_ms\":{:.2},\"site_told_bytes\":{},\"site_whole_bytes\":{},\"outbox_drain_ms\":{:.0}}}",
        catch_up.as_secs_f64() * 1000.0,
        percentile(&timings, 0.5),
        percentile(&timings, 0.99),
        percentile(&timings, 1.0),
        percentile(&site_timings, 0.5),
        percentile(&site_timings, 0.99),
        percentile(&whole_reads, 0.5),
        told_bytes / ACTIONS,
        whole_bytes / ACTIONS,
        drain.as_secs_f64() * 1000.0
    );
}
