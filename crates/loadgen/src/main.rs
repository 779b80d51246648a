//! `floordesk-loadgen`: seeds a store with a city of sites, starts the real `floordesk-server` binary on it, and
//! drives it with many devices, each signed in and listening on its live WebSocket, doing a shift's mix of ops
//! (create a task, claim it, start it, complete it, with think time between). Measures accepted ops/s, the latency
//! from sending an op to another device of the site hearing it on its live channel (an upper bound of
//! accept→push), the catch-up time of a device that missed 10,000 changes, and the server's peak RSS. Prints one
//! JSON object.
//!
//! usage: floordesk-loadgen --server-bin PATH --database-url URL --devices N --seconds S

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use floordesk_client::Client;
use floordesk_domain::{Action, Priority, Role, SiteId, StaffId, TaskDetails, TaskId, ZoneId};
use floordesk_protocol::{
    LiveMessage, LoginRequest, NewTaskRequest, Op, OpChange, Outcome, PushRequest, SiteInfo, SiteKind, StaffProfile,
    ZoneInfo, SYNC_PROTOCOL_VERSION,
};
use floordesk_server::store::{Seed, StaffRecord, Store};
use floordesk_server::{auth, now, PgStore, SqliteStore};

/// Devices per site: a polyclinic's floor administrators on one shift.
const DEVICES_PER_SITE: usize = 20;
/// Changes the catch-up device missed.
const CATCH_UP_CHANGES: usize = 10_000;

#[derive(Debug, serde::Serialize)]
struct Report {
    devices: usize,
    sites: usize,
    seconds: f64,
    accepted_ops: u64,
    rejected_ops: u64,
    accepted_ops_per_second: f64,
    push_p50_ms: f64,
    push_p99_ms: f64,
    latency_samples: usize,
    catch_up_changes: usize,
    catch_up_ms: f64,
    server_peak_rss_mb: f64,
}

fn arg(args: &[String], name: &str) -> Result<String, String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
        .ok_or_else(|| format!("missing {name}; usage: --server-bin PATH --database-url URL --devices N --seconds S"))
}

fn id<T>(make: fn(String) -> Result<T, floordesk_domain::IdError>, text: String) -> T {
    make(text).expect("generated ids are valid")
}

/// A city: sites of 20 administrators each, plus one site whose feed holds 10,000 changes for the catch-up.
fn city(devices: usize) -> (Seed, Vec<(String, SiteId, ZoneId)>) {
    let salt = "bench";
    let sites = devices.div_ceil(DEVICES_PER_SITE);
    let mut seed = Seed::default();
    let mut people = Vec::new();
    for s in 0..=sites {
        let site = id(SiteId::new, format!("site-{s}"));
        let zone = id(ZoneId::new, format!("site-{s}-hall"));
        seed.sites.push(SiteInfo {
            id: site.clone(),
            name: format!("Поликлиника {s}"),
            kind: SiteKind::Polyclinic,
            time_zone: floordesk_domain::DEFAULT_TIME_ZONE.into(),
            zones: vec![ZoneInfo { id: zone.clone(), name: "Холл".into(), floor: 1 }],
        });
        let staff_here = if s == sites { 1 } else { DEVICES_PER_SITE.min(devices - s * DEVICES_PER_SITE) };
        for n in 0..staff_here {
            let staff = format!("s{s}-admin-{n}");
            seed.staff.push(StaffRecord {
                profile: StaffProfile {
                    id: id(StaffId::new, staff.clone()),
                    display_name: format!("Администратор {s}-{n}"),
                    role: Role::Administrator,
                    site: site.clone(),
                    zone: Some(zone.clone()),
                },
                code_salt: salt.into(),
                code_hash: auth::CodeKey::new(CODE_KEY).expect("a long key").hash(salt, "1234"),
                demo_code: None,
                active: true,
            });
            if s < sites {
                people.push((staff, site.clone(), zone.clone()));
            }
        }
    }
    let catch_up_site = seed.sites.last().expect("one site at least").clone();
    let creator = seed.staff.last().expect("the catch-up site has a person").profile.id.clone();
    let at = now();
    for n in 0..CATCH_UP_CHANGES {
        seed.tasks.push(
            floordesk_domain::Task::new(floordesk_domain::NewTask {
                id: id(TaskId::new, format!("catch-up-{n}")),
                site: catch_up_site.id.clone(),
                zone: catch_up_site.zones[0].id.clone(),
                case_id: None,
                priority: Priority::Normal,
                details: TaskDetails::NonStandard(floordesk_domain::NonStandard {
                    description: format!("Задача {n}")
                }),
                created_by: creator.clone(),
                met_at: at,
                created_at: at,
            })
            .expect("valid task"),
        );
    }
    (seed, people)
}

async fn seed_store(url: &str, seed: &Seed) -> Result<(), String> {
    let result = if url.starts_with("sqlite:") {
        SqliteStore::open(url).await.map_err(|e| e.to_string())?.seed(seed).await
    } else {
        PgStore::open(url).await.map_err(|e| e.to_string())?.seed(seed).await
    };
    result.map_err(|e| format!("cannot seed the store: {e}"))
}

fn peak_rss_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

struct ServerProcess(Child);

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.0.id().to_string()]).status();
        let _ = self.0.wait();
    }
}

/// One device's shift: a task's life (create, claim, start, complete) again and again, with think time.
async fn shift(
    client: Client,
    token: String,
    staff: String,
    zone: ZoneId,
    until: Instant,
    sent: Arc<Mutex<HashMap<String, Instant>>>,
    counts: Arc<Mutex<(u64, u64)>>,
) {
    let mut n = 0u64;
    let mut think = (staff.len() as u64 * 7919) % 97;
    while Instant::now() < until {
        let task = id(TaskId::new, format!("{staff}-t{n}"));
        let steps = [
            OpChange::Create {
                task: NewTaskRequest {
                    id: task.clone(),
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
            OpChange::Act { task: task.clone(), action: Action::Claim },
            OpChange::Act { task: task.clone(), action: Action::Start },
            OpChange::Act { task: task.clone(), action: Action::Complete { rating: None } },
        ];
        for (k, change) in steps.into_iter().enumerate() {
            if Instant::now() >= until {
                return;
            }
            let op_id = format!("{staff}-{n}-{k}");
            let op = Op { id: op_id.clone(), device_time: now(), base_version: 0, change };
            let request =
                PushRequest { protocol: SYNC_PROTOCOL_VERSION, device: staff.clone(), ops: vec![op], sent_at: None };
            let started = Instant::now();
            sent.lock().expect("lock").insert(task.to_string() + &format!("#{k}"), started);
            match client.push(&token, &request).await {
                Ok(response) => {
                    let mut c = counts.lock().expect("lock");
                    for r in response.results {
                        match r.outcome {
                            Outcome::Accepted { .. } => c.0 += 1,
                            Outcome::Rejected { .. } => c.1 += 1,
                        }
                    }
                }
                Err(_) => counts.lock().expect("lock").1 += 1,
            }
            // Think time: 50–150 ms between taps.
            think = (think * 1103515245 + 12345) % 101;
            tokio::time::sleep(Duration::from_millis(50 + think)).await;
        }
        n += 1;
    }
}

/// The key the benchmark's server hashes personal codes with, so the seeded codes sign in as they are.
const CODE_KEY: &str = "floordesk-loadgen-0123456789abcdef0123456789";

#[tokio::main]
async fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let server_bin = arg(&args, "--server-bin")?;
    let database_url = arg(&args, "--database-url")?;
    let devices: usize = arg(&args, "--devices")?.parse().map_err(|e| format!("--devices: {e}"))?;
    let seconds: u64 = arg(&args, "--seconds")?.parse().map_err(|e| format!("--seconds: {e}"))?;

    let (seed, people) = city(devices);
    seed_store(&database_url, &seed).await?;
    let port =
        std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
    let listen = format!("127.0.0.1:{port}");
    let server = ServerProcess(
        Command::new(&server_bin)
            .args(["--listen", &listen, "--database-url", &database_url])
            .env("FLOORDESK_LOG", "warn")
            .env("FLOORDESK_CODE_KEY", CODE_KEY)
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {server_bin}: {e}"))?,
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(&listen).is_err() {
        if Instant::now() > deadline {
            return Err("the server did not listen within 30 s".into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let client = Client::new(format!("http://{listen}"));

    // Sign everyone in and open their live channels; the first device of each site records what it hears.
    let mut sessions = Vec::new();
    let heard: Arc<Mutex<Vec<(String, Instant)>>> = Arc::default();
    for (n, (staff, _site, zone)) in people.iter().enumerate() {
        let request = LoginRequest::new(id(StaffId::new, staff.clone()), "1234");
        let token = client.login(&request).await.map_err(|e| format!("login {staff}: {e}"))?.token;
        let mut live = client.live(&token).await.map_err(|e| format!("live {staff}: {e}"))?;
        let observer = n % DEVICES_PER_SITE == 0;
        let heard = Arc::clone(&heard);
        tokio::spawn(async move {
            while let Some(Ok(message)) = live.next().await {
                if let (true, LiveMessage::Change { task: Some(task), .. }) = (observer, message) {
                    let step = match task.status {
                        floordesk_domain::TaskStatus::New => 0,
                        floordesk_domain::TaskStatus::Accepted => 1,
                        floordesk_domain::TaskStatus::InProgress => 2,
                        _ => 3,
                    };
                    heard.lock().expect("lock").push((format!("{}#{step}", task.id), Instant::now()));
                }
            }
        });
        sessions.push((token, staff.clone(), zone.clone()));
    }

    let sent: Arc<Mutex<HashMap<String, Instant>>> = Arc::default();
    let counts: Arc<Mutex<(u64, u64)>> = Arc::default();
    let started = Instant::now();
    let until = started + Duration::from_secs(seconds);
    let mut shifts = Vec::new();
    for (token, staff, zone) in sessions {
        shifts.push(tokio::spawn(shift(
            client.clone(),
            token,
            staff,
            zone,
            until,
            Arc::clone(&sent),
            Arc::clone(&counts),
        )));
    }
    for s in shifts {
        let _ = s.await;
    }
    let elapsed = started.elapsed().as_secs_f64();
    tokio::time::sleep(Duration::from_millis(500)).await;

    let sent = sent.lock().expect("lock").clone();
    let mut latencies: Vec<f64> = heard
        .lock()
        .expect("lock")
        .iter()
        .filter_map(|(key, at)| sent.get(key).map(|s| at.saturating_duration_since(*s).as_secs_f64() * 1000.0))
        .collect();
    latencies.sort_by(f64::total_cmp);

    // Catch-up: a device of the catch-up site that missed its 10,000 changes pulls them all.
    let catch_up_staff = seed.staff.last().expect("catch-up person").profile.id.clone();
    let token = client.login(&LoginRequest::new(catch_up_staff, "1234")).await.map_err(|e| e.to_string())?.token;
    let catch_up_started = Instant::now();
    let (mut after, mut pulled) = (0, 0);
    loop {
        let page = client.pull(&token, after, floordesk_protocol::MAX_PULL_LIMIT).await.map_err(|e| e.to_string())?;
        pulled += page.changes.len();
        after = page.next_after;
        if !page.more {
            break;
        }
    }
    let catch_up_ms = catch_up_started.elapsed().as_secs_f64() * 1000.0;

    let (accepted, rejected) = *counts.lock().expect("lock");
    let report = Report {
        devices,
        sites: devices.div_ceil(DEVICES_PER_SITE),
        seconds: elapsed,
        accepted_ops: accepted,
        rejected_ops: rejected,
        accepted_ops_per_second: accepted as f64 / elapsed,
        push_p50_ms: percentile(&latencies, 50.0),
        push_p99_ms: percentile(&latencies, 99.0),
        latency_samples: latencies.len(),
        catch_up_changes: pulled,
        catch_up_ms,
        server_peak_rss_mb: peak_rss_mb(server.0.id()),
    };
    drop(server);
    println!("{}", serde_json::to_string(&report).map_err(|e| e.to_string())?);
    Ok(())
}
