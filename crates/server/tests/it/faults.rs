//! Faults with real processes, as a city deployment meets them, under a push storm from hundreds of devices: the
//! server binary killed (SIGKILL) in the middle of it, so the group of ops being written is cut off inside its
//! transaction; and PostgreSQL stopped (fast and immediate shutdown) and started again under a running server.
//! Afterwards every acknowledged op is in the store exactly once, no op is applied twice, and every device has
//! drained its outbox by itself, resending until answered.

use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use floordesk_client::Client;
use floordesk_domain::{Action, Priority, Role, SiteId, StaffId, TaskDetails, TaskId, ZoneId};
use floordesk_protocol::{
    LoginRequest, NewTaskRequest, Op, OpChange, OpResult, Outcome, PushRequest, SiteInfo, SiteKind, StaffProfile,
    ZoneInfo, SYNC_PROTOCOL_VERSION,
};
use floordesk_server::store::{AuditFilter, Seed, StaffRecord, Store};
use floordesk_server::{now, PgStore, SqliteStore};

use crate::common;

/// Devices in the storm, spread over the zones of one site.
const DEVICES: usize = 200;
const ZONES: usize = 10;
/// The longest the devices may take to drain their outboxes once the fault is healed.
const DRAIN: Duration = Duration::from_secs(90);

fn site() -> SiteId {
    SiteId::new("storm").unwrap()
}

/// One site of `DEVICES` administrators over `ZONES` zones, each with the personal code 1234.
fn city() -> Seed {
    let zones: Vec<ZoneInfo> = (0..ZONES)
        .map(|z| ZoneInfo { id: ZoneId::new(format!("storm-{z}")).unwrap(), name: format!("Этаж {z}"), floor: 1 })
        .collect();
    let staff = (0..DEVICES)
        .map(|n| StaffRecord {
            profile: StaffProfile {
                id: StaffId::new(format!("a-{n}")).unwrap(),
                display_name: format!("Администратор {n}"),
                role: Role::Administrator,
                site: site(),
                zone: Some(zones[n % ZONES].id.clone()),
            },
            code_salt: "storm".into(),
            code_hash: common::code_key().hash("storm", "1234"),
            demo_code: None,
            active: true,
        })
        .collect();
    Seed {
        sites: vec![SiteInfo {
            id: site(),
            name: "Поликлиника".into(),
            kind: SiteKind::Polyclinic,
            time_zone: floordesk_domain::DEFAULT_TIME_ZONE.into(),
            zones,
        }],
        staff,
        ..Seed::default()
    }
}

/// The real server binary over `url` on `listen`, killed when dropped.
struct ServerProcess(Child);

impl ServerProcess {
    async fn start(url: &str, listen: &str) -> Self {
        let child = Command::new(env!("CARGO_BIN_EXE_floordesk-server"))
            .args(["--listen", listen, "--database-url", url, "--rules", "false"])
            .env("FLOORDESK_CODE_KEY", "floordesk-tests-0123456789abcdef0123456789")
            .env("FLOORDESK_LOG", "error")
            .stdout(Stdio::null())
            .spawn()
            .expect("the server binary starts");
        let deadline = Instant::now() + Duration::from_secs(30);
        while tokio::net::TcpStream::connect(listen).await.is_err() {
            assert!(Instant::now() < deadline, "the server did not listen within 30 s");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        ServerProcess(child)
    }

    /// SIGKILL: no shutdown, whatever it was writing is cut off.
    fn kill(mut self) {
        self.0.kill().unwrap();
        self.0.wait().unwrap();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// What the devices heard: each op's answer (a resend must hear the same), and how many pushes failed.
#[derive(Default)]
struct Ledger {
    answers: HashMap<String, OpResult>,
    failed_pushes: usize,
}

/// One device: a task's life again and again (create, claim, start, complete), its ops kept in an outbox until
/// answered and sent again after a failed push, until `stop` and an empty outbox.
async fn device(
    client: Client,
    token: String,
    staff: String,
    zone: ZoneId,
    stop: Arc<AtomicBool>,
    ledger: Arc<Mutex<Ledger>>,
) {
    let mut outbox: VecDeque<Op> = VecDeque::new();
    let mut n = 0usize;
    loop {
        if !stop.load(Ordering::Relaxed) && outbox.len() < 4 {
            let (task, step) = (TaskId::new(format!("{staff}-t{}", n / 4)).unwrap(), n % 4);
            let change = match step {
                0 => OpChange::Create {
                    task: NewTaskRequest {
                        id: task,
                        zone: zone.clone(),
                        case_id: None,
                        priority: Priority::Normal,
                        details: TaskDetails::Routing(floordesk_domain::Routing {
                            purpose: "Справка".into(),
                            destination: None,
                        }),
                        met_at: now(),
                    },
                },
                1 => OpChange::Act { task, action: Action::Claim },
                2 => OpChange::Act { task, action: Action::Start },
                _ => OpChange::Act { task, action: Action::Complete { rating: None } },
            };
            outbox.push_back(Op { id: format!("{staff}-{n}"), device_time: now(), base_version: 0, change });
            n += 1;
        }
        if outbox.is_empty() {
            return;
        }
        let request = PushRequest {
            protocol: SYNC_PROTOCOL_VERSION,
            device: staff.clone(),
            ops: outbox.iter().cloned().collect(),
            sent_at: None,
        };
        match client.push(&token, &request).await {
            Ok(response) => {
                let mut ledger = ledger.lock().unwrap();
                for result in response.results {
                    outbox.retain(|op| op.id != result.op);
                    if let Some(first) = ledger.answers.get(&result.op) {
                        assert_eq!(first, &result, "a resent op is answered as it was the first time");
                    }
                    ledger.answers.insert(result.op.clone(), result);
                }
            }
            Err(_) => {
                ledger.lock().unwrap().failed_pushes += 1;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
}

/// Signs every device in, then starts the storm; the devices' tasks and the flag that stops them.
async fn storm(base: &str, ledger: &Arc<Mutex<Ledger>>) -> (Vec<tokio::task::JoinHandle<()>>, Arc<AtomicBool>) {
    let client = Client::new(base);
    let stop = Arc::new(AtomicBool::new(false));
    let mut signed_in = Vec::new();
    for n in 0..DEVICES {
        let staff = format!("a-{n}");
        let token = client.login(&LoginRequest::new(StaffId::new(&staff).unwrap(), "1234")).await.unwrap().token;
        signed_in.push((staff, token, ZoneId::new(format!("storm-{}", n % ZONES)).unwrap()));
    }
    let devices = signed_in
        .into_iter()
        .map(|(staff, token, zone)| {
            let (client, stop, ledger) = (client.clone(), Arc::clone(&stop), Arc::clone(ledger));
            tokio::spawn(device(client, token, staff, zone, stop, ledger))
        })
        .collect();
    (devices, stop)
}

/// Stops the storm and waits for every outbox to drain.
async fn drain(devices: Vec<tokio::task::JoinHandle<()>>, stop: &AtomicBool) {
    stop.store(true, Ordering::Relaxed);
    tokio::time::timeout(DRAIN, async {
        for device in devices {
            device.await.unwrap();
        }
    })
    .await
    .expect("every device drains its outbox once the fault is healed");
}

/// Every answered op is in the audit log as answered: an accepted op applied exactly once, a refused one never, and
/// nothing applied that no device heard of.
async fn check<S: Store>(store: S, ledger: &Ledger) {
    let mut applied: HashMap<String, usize> = HashMap::new();
    let mut after = 0;
    loop {
        let page = store.audit(&site(), &AuditFilter::default(), after, 1000).await.unwrap();
        let Some(last) = page.last() else { break };
        after = last.id;
        for entry in page.iter().filter(|e| e.accepted) {
            *applied.entry(entry.op.clone()).or_default() += 1;
        }
    }
    let accepted = ledger.answers.values().filter(|r| matches!(r.outcome, Outcome::Accepted { .. })).count();
    assert!(accepted > DEVICES, "the storm got work done: {accepted} ops accepted");
    for (op, result) in &ledger.answers {
        let expected = usize::from(matches!(result.outcome, Outcome::Accepted { .. }));
        assert_eq!(applied.get(op).copied().unwrap_or(0), expected, "op {op} answered {:?}", result.outcome);
    }
    assert_eq!(applied.len(), accepted, "every applied op was answered to its device");
}

fn free_address() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    format!("127.0.0.1:{port}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_inside_a_group_loses_nothing_acknowledged_and_applies_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let url = common::fresh_url(common::Db::Sqlite, dir.path()).await;
    common::seed(&url, &city()).await;
    let listen = free_address();
    let server = ServerProcess::start(&url, &listen).await;
    let ledger = Arc::default();
    let (devices, stop) = storm(&format!("http://{listen}"), &ledger).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let _server = ServerProcess::start(&url, &listen).await;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    drain(devices, &stop).await;
    let ledger = std::mem::take(&mut *ledger.lock().unwrap());
    assert!(ledger.failed_pushes > 0, "pushes failed while the server was down");
    check(SqliteStore::open(&url).await.unwrap(), &ledger).await;
}

/// A PostgreSQL cluster of this test's own (the others share `cargo xtask test`'s), to stop and start.
struct Cluster {
    bin: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
    as_postgres: bool,
}

impl Cluster {
    fn start() -> Self {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .expect("PostgreSQL's server binaries (cargo xtask setup)")
            .flatten()
            .map(|e| e.path().join("bin"))
            .filter(|b| b.join("initdb").is_file())
            .max()
            .expect("initdb under /usr/lib/postgresql/*/bin");
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        // initdb refuses root: run the cluster as `postgres` then.
        let as_postgres = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0"));
        if as_postgres {
            assert!(Command::new("chown").arg("postgres:postgres").arg(dir.path()).status().unwrap().success());
        }
        let cluster = Cluster { bin, dir, port, as_postgres };
        cluster.run("initdb", &["-A", "trust", "-U", "postgres"]);
        cluster.pg_ctl(&["start"]);
        cluster
    }

    fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    fn run(&self, tool: &str, args: &[&str]) {
        let program = self.bin.join(tool);
        let mut command = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(program);
            c
        } else {
            Command::new(program)
        };
        let status = command.arg("-D").arg(self.dir.path()).args(args).stdout(Stdio::null()).status().unwrap();
        assert!(status.success(), "{tool} {args:?}");
    }

    fn pg_ctl(&self, args: &[&str]) {
        let options = format!("-p {} -k {} -c listen_addresses=127.0.0.1", self.port, self.dir.path().display());
        let log = self.dir.path().join("server.log");
        let mut all = vec!["-w", "-l", log.to_str().unwrap(), "-o", &options];
        all.extend_from_slice(args);
        self.run("pg_ctl", &all);
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.pg_ctl(&["-m", "immediate", "stop"]);
    }
}

/// PostgreSQL stopped with `mode` in the middle of the storm and started again a second later, under a server that
/// keeps running: its pool and its listener reconnect, and the devices resend until answered.
async fn postgres_restarted_under_a_storm(mode: &str) {
    let cluster = Cluster::start();
    let url = cluster.url("postgres");
    common::seed(&url, &city()).await;
    let listen = free_address();
    let _server = ServerProcess::start(&url, &listen).await;
    let ledger = Arc::default();
    let (devices, stop) = storm(&format!("http://{listen}"), &ledger).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    cluster.pg_ctl(&["-m", mode, "stop"]);
    let answered_before = ledger.lock().unwrap().answers.len();
    tokio::time::sleep(Duration::from_millis(1000)).await;
    cluster.pg_ctl(&["start"]);
    tokio::time::sleep(Duration::from_millis(2000)).await;
    drain(devices, &stop).await;
    let ledger = std::mem::take(&mut *ledger.lock().unwrap());
    // Pushes in flight either failed (their group cut off) or waited for a connection; either way the devices went
    // on by themselves.
    assert!(ledger.answers.len() > answered_before + DEVICES, "the devices went on after the restart");
    check(PgStore::open(&url).await.unwrap(), &ledger).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL: run by `cargo xtask test`"]
async fn postgres_stopped_fast_under_a_storm_loses_nothing_acknowledged() {
    postgres_restarted_under_a_storm("fast").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL: run by `cargo xtask test`"]
async fn postgres_stopped_immediately_under_a_storm_loses_nothing_acknowledged() {
    postgres_restarted_under_a_storm("immediate").await;
}
