//! A simulation of a shift: devices that go offline, act on stale views, resend, reorder and duplicate pushes, and
//! crash between committing an op locally and hearing the server's answer — against the real server (on
//! PostgreSQL, two instances of it sharing the store, the devices split between them).
//!
//! After healing (every device online, outboxes drained, everything pulled): every device equals the server, every
//! acknowledged op was applied exactly once, and no task ever passed from one holder to another except by a
//! supervisor's reassignment. `FLOORDESK_SIM_SEEDS=N` sets how many seeds run (default 200);
//! `FLOORDESK_SIM_SEED=S` replays one. A failing seed is printed with the command to replay it.

use crate::common;
use std::collections::{BTreeMap, HashMap};

use floordesk_client::Client;
use floordesk_domain::{
    Action, FeedScope, Permission, Priority, StaffId, Task, TaskDetails, TaskId, Timestamp, ZoneId,
};
use floordesk_protocol::{
    LoginRequest, NewTaskRequest, Op, OpChange, OpResult, Outcome, PushRequest, SYNC_PROTOCOL_VERSION,
};
use floordesk_server::store::Store;
use floordesk_server::{PgStore, SqliteStore};
use rand::rngs::StdRng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};

/// The people on the devices (id, code): three administrators and, last, the supervisor of the polyclinic.
const PEOPLE: [(&str, &str); 4] = [("anna", "1111"), ("igor", "2222"), ("olga", "3333"), ("maria", "4444")];

struct Device {
    staff: &'static str,
    /// The server instance this device talks to (on PostgreSQL, two instances share the store).
    client: Client,
    token: String,
    /// What of the site's feed reaches this person.
    scope: FeedScope,
    /// Ops committed locally and not yet acknowledged: survives crashes and restarts.
    outbox: Vec<Op>,
    /// The device's copy of the tasks in its scope, and its pull cursor.
    view: BTreeMap<TaskId, Task>,
    cursor: u64,
    online: bool,
}

/// Everything the test learnt from the server's answers.
#[derive(Default)]
struct Ledger {
    acknowledged: HashMap<String, OpResult>,
}

fn fail(seed: u64, what: impl std::fmt::Display) -> ! {
    panic!("seed {seed}: {what}\nreplay with: FLOORDESK_SIM_SEED={seed} cargo xtask test simulation")
}

async fn pull_all(device: &mut Device, seed: u64) {
    loop {
        let page = device.client.pull(&device.token, device.cursor, 50).await.unwrap_or_else(|e| fail(seed, e));
        for change in page.changes {
            if device.scope.keeps(&change.task) {
                device.view.insert(change.task.id.clone(), change.task);
            } else {
                device.view.remove(&change.task.id);
            }
        }
        device.cursor = page.next_after;
        if !page.more {
            return;
        }
    }
}

/// A random op by this device, decided from its (possibly stale) view.
fn random_op(rng: &mut StdRng, device: &Device, n: usize, now: Timestamp, seed: u64) -> Op {
    let id = format!("s{seed}-{}-{n}", device.staff);
    let tasks: Vec<&Task> = device.view.values().filter(|t| t.status.is_open()).collect();
    let create = tasks.is_empty() || rng.random_bool(0.15);
    let change = if create {
        OpChange::Create {
            task: NewTaskRequest {
                id: TaskId::new(format!("t-{id}")).unwrap(),
                zone: ZoneId::new(["poly-12-entrance", "poly-12-f2", "poly-12-f3"].choose(rng).copied().unwrap())
                    .unwrap(),
                case_id: None,
                priority: *[Priority::Urgent, Priority::Normal].choose(rng).unwrap(),
                details: TaskDetails::Routing(floordesk_domain::Routing {
                    purpose: "Справка".into(),
                    destination: None,
                }),
                met_at: now,
            },
        }
    } else {
        let task = tasks.choose(rng).unwrap();
        let someone = StaffId::new(PEOPLE.choose(rng).unwrap().0).unwrap();
        let action = match rng.random_range(0..9) {
            0 | 1 => Action::Claim,
            2 => Action::Accept,
            3 => Action::Start,
            4 => Action::HandBack { reason: None },
            5 => Action::Complete { rating: None },
            6 => Action::Cancel { reason: "Посетитель ушёл".into() },
            7 => Action::Assign { to: someone },
            _ => Action::Reassign { to: someone, reason: Some("Перераспределение".into()) },
        };
        OpChange::Act { task: task.id.clone(), action }
    };
    Op { id, device_time: now, base_version: 0, change }
}

/// The next push of a device: (part of) its outbox, perhaps reordered, perhaps with an op twice.
fn prepare(rng: &mut StdRng, device: &Device, healing: bool) -> Option<PushRequest> {
    if device.outbox.is_empty() {
        return None;
    }
    let take = if healing { device.outbox.len() } else { rng.random_range(1..=device.outbox.len()) };
    let mut ops: Vec<Op> = device.outbox[..take].to_vec();
    if !healing && rng.random_bool(0.3) {
        ops.shuffle(rng);
    }
    if !healing && rng.random_bool(0.3) {
        let again = ops.choose(rng).unwrap().clone();
        ops.push(again);
    }
    Some(PushRequest { protocol: SYNC_PROTOCOL_VERSION, device: format!("hh-{}", device.staff), ops, sent_at: None })
}

/// What the device does with the server's answer: drops acknowledged ops from its outbox. A resent op must get its
/// first answer again.
fn absorb(device: &mut Device, ledger: &mut Ledger, results: Vec<OpResult>, seed: u64) {
    for result in results {
        if let Some(first) = ledger.acknowledged.get(&result.op) {
            if *first != result {
                fail(seed, format!("op {} answered {result:?} after {first:?}", result.op));
            }
        }
        device.outbox.retain(|op| op.id != result.op);
        ledger.acknowledged.insert(result.op.clone(), result);
    }
}

/// Pushes from several devices at once; each may crash (15 %) after the server committed, before it heard the
/// answer, so its ops stay in the outbox and are resent later.
async fn push_together(
    rng: &mut StdRng,
    devices: &mut [Device],
    who: &[usize],
    ledger: &mut Ledger,
    seed: u64,
    healing: bool,
) {
    let mut sends = Vec::new();
    for &d in who {
        if let Some(request) = prepare(rng, &devices[d], healing) {
            let (client, token) = (devices[d].client.clone(), devices[d].token.clone());
            sends.push((d, tokio::spawn(async move { client.push(&token, &request).await })));
        }
    }
    for (d, send) in sends {
        let response = send.await.unwrap().unwrap_or_else(|e| fail(seed, e));
        if !healing && rng.random_bool(0.15) {
            continue;
        }
        absorb(&mut devices[d], ledger, response.results, seed);
    }
}

/// Every device's copy of every task equals the server's own table, and no open task the person may see is missing
/// from their device.
async fn check_against_store<S: Store>(store: S, devices: &[Device], seed: u64) {
    let site = floordesk_domain::SiteId::new("poly-12").unwrap();
    let open: Vec<Task> = store.open_tasks(&site).await.unwrap_or_else(|e| fail(seed, e));
    for device in devices {
        for (id, task) in &device.view {
            let stored = store.task(id).await.unwrap_or_else(|e| fail(seed, e));
            if stored.as_ref() != Some(task) {
                fail(seed, format!("{}'s copy of {id} differs from the server's", device.staff));
            }
        }
        if let Some(missing) = open.iter().find(|t| device.scope.keeps(t) && !device.view.contains_key(&t.id)) {
            fail(seed, format!("{} never heard of task {}", device.staff, missing.id));
        }
    }
}

async fn run_seed(db: common::Db, seed: u64) {
    let mut rng = StdRng::seed_from_u64(seed);
    let server = common::boot(db, true, None, None).await;
    // On PostgreSQL a second instance shares the store, and every other device talks to it: ops race across
    // instances, ordered by the store alone.
    let second = match db {
        common::Db::Postgres => {
            Some(common::boot_on(server.url.clone(), tempfile::tempdir().unwrap(), false, None).await)
        }
        common::Db::Sqlite => None,
    };
    let mut devices = Vec::new();
    for (n, (staff, code)) in PEOPLE.into_iter().enumerate() {
        let client = match &second {
            Some(second) if n % 2 == 1 => second.client.clone(),
            _ => server.client.clone(),
        };
        let request = LoginRequest::new(StaffId::new(staff).unwrap(), code);
        let signed = client.login(&request).await.unwrap();
        let me = signed.signed_in.staff;
        let scope = FeedScope::of(&me.id, me.role, me.zone.as_ref());
        let token = signed.token;
        let mut device =
            Device { staff, client, token, scope, outbox: Vec::new(), view: BTreeMap::new(), cursor: 0, online: true };
        pull_all(&mut device, seed).await;
        devices.push(device);
    }
    let mut ledger = Ledger::default();
    // The shift's last hour, a minute a step, ending now: every device time within what the server takes.
    let start = floordesk_server::now().plus_minutes(-60);
    for step in 0..60 {
        let now = start.plus_minutes(step);
        let d = rng.random_range(0..devices.len());
        match rng.random_range(0..10) {
            0..=3 => {
                let op = random_op(&mut rng, &devices[d], step as usize, now, seed);
                devices[d].outbox.push(op);
            }
            4 | 5 if devices[d].online => {
                push_together(&mut rng, &mut devices, &[d], &mut ledger, seed, false).await;
            }
            6 => {
                // Everyone online pushes at the same moment: claims race on the server.
                let online: Vec<usize> = (0..devices.len()).filter(|&i| devices[i].online).collect();
                push_together(&mut rng, &mut devices, &online, &mut ledger, seed, false).await;
            }
            7 if devices[d].online => pull_all(&mut devices[d], seed).await,
            8 => devices[d].online = !devices[d].online,
            _ => {}
        }
    }
    // Healing: everyone online, outboxes drained, everything pulled.
    let everyone: Vec<usize> = (0..devices.len()).collect();
    for device in &mut devices {
        device.online = true;
    }
    push_together(&mut rng, &mut devices, &everyone, &mut ledger, seed, true).await;
    for device in &devices {
        if !device.outbox.is_empty() {
            fail(seed, format!("{}'s outbox did not drain", device.staff));
        }
    }
    for device in &mut devices {
        pull_all(device, seed).await;
    }

    // Every device equals the server's own table of tasks (read from the database, not from the feed).
    match db {
        common::Db::Sqlite => {
            check_against_store(SqliteStore::open(&server.url).await.unwrap_or_else(|e| fail(seed, e)), &devices, seed)
                .await
        }
        common::Db::Postgres => {
            check_against_store(PgStore::open(&server.url).await.unwrap_or_else(|e| fail(seed, e)), &devices, seed)
                .await
        }
    }
    let truth = &devices[3].view;
    // Every acknowledged op was applied exactly once; a resend answers the same.
    let mut audit = Vec::new();
    let mut after = 0;
    loop {
        let page = server.client.audit(&devices[3].token, after, 1000).await.unwrap_or_else(|e| fail(seed, e));
        audit.extend(page.entries);
        after = page.next_after;
        if !page.more {
            break;
        }
    }
    for (op, result) in &ledger.acknowledged {
        let applied = audit.iter().filter(|e| &e.op == op && e.accepted).count();
        let expected = usize::from(matches!(result.outcome, Outcome::Accepted { .. }));
        if applied != expected {
            fail(seed, format!("op {op} applied {applied} times, acknowledged as {:?}", result.outcome));
        }
    }
    if audit.iter().filter(|e| e.accepted).count()
        != ledger.acknowledged.values().filter(|r| matches!(r.outcome, Outcome::Accepted { .. })).count()
    {
        fail(seed, "the server applied an op no device heard of");
    }
    // A task only changes holder when a supervisor reassigns it.
    for entry in audit.iter().filter(|e| e.accepted) {
        let (Some(before), Some(after)) = (&entry.before, &entry.after) else { continue };
        if before.assignee.is_some()
            && after.assignee.is_some()
            && before.assignee != after.assignee
            && !entry.role.can(Permission::ReassignTask)
        {
            fail(
                seed,
                format!(
                    "task {} passed from {:?} to {:?} by {}",
                    before.id, before.assignee, after.assignee, entry.actor
                ),
            );
        }
    }
    // The server's truth, task by task, is the last change of each task.
    let tasks = server.client.tasks(&devices[3].token).await.unwrap();
    for view in tasks.mine.iter().chain(&tasks.pool) {
        if truth.get(&view.task.id) != Some(&view.task) {
            fail(seed, format!("task {} differs between the feed and the task list", view.task.id));
        }
    }
}

/// The seeds to run: `FLOORDESK_SIM_SEED` alone, or the first `FLOORDESK_SIM_SEEDS` (default `default`).
fn seeds(default: u64) -> Vec<u64> {
    match std::env::var("FLOORDESK_SIM_SEED") {
        Ok(seed) => vec![seed.parse().expect("FLOORDESK_SIM_SEED is a number")],
        Err(_) => {
            let n = std::env::var("FLOORDESK_SIM_SEEDS").ok().and_then(|n| n.parse().ok()).unwrap_or(default);
            (0..n).collect()
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_device_converges_and_every_acknowledged_op_applies_once() {
    for seed in seeds(200) {
        run_seed(common::Db::Sqlite, seed).await;
    }
}

/// Fewer seeds on PostgreSQL (each needs a database of its own); the commit-order lock and the listener are what it
/// adds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL: run by `cargo xtask test`"]
async fn every_device_converges_on_postgres_too() {
    for seed in seeds(40) {
        run_seed(common::Db::Postgres, seed).await;
    }
}
