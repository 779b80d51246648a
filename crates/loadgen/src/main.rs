//! `floordesk-loadgen`: seeds a store with a city of sites, starts the real `floordesk-server` binary on it, and
//! drives it with many devices, each with its own HTTP connection and its live WebSocket, doing a shift's mix of ops
//! (create a task, claim it, start it, complete it). Either as fast as they can (50–150 ms of think time between
//! taps: the saturation throughput) or at a set rate per device (one op every `1/rate` seconds, whatever the
//! server's answers: the latency at that load). Measures accepted ops/s, the latency from sending an op to a device
//! of the task's zone hearing it on its live channel (an upper bound of accept→push), the catch-up time of a device
//! that missed `--catch-up` changes, the server's memory per connected idle device and its peak RSS. Prints one JSON
//! object.
//!
//! usage: floordesk-loadgen --server-bin PATH --database-url URL --devices N --seconds S [--per-site N] [--zones N]
//! [--rate OPS_PER_SECOND_PER_DEVICE] [--catch-up N]

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

/// How the city is built and driven (see the usage above).
#[derive(Debug, Clone, Copy)]
struct Load {
    devices: usize,
    /// Devices per site (20: a polyclinic's floor administrators on one shift).
    per_site: usize,
    /// Zones per site; the devices of a site are spread over them.
    zones: usize,
    /// Ops per second per device; `None`: as fast as each device can, with think time.
    rate: Option<f64>,
    /// Changes the catch-up device missed.
    catch_up: usize,
}

#[derive(Debug, serde::Serialize)]
struct Report {
    devices: usize,
    sites: usize,
    per_site: usize,
    zones: usize,
    /// Ops per second offered (devices × rate); 0 when saturating.
    offered_ops_per_second: f64,
    seconds: f64,
    accepted_ops: u64,
    rejected_ops: u64,
    accepted_ops_per_second: f64,
    push_p50_ms: f64,
    push_p99_ms: f64,
    latency_samples: usize,
    /// From sending a push until its answer (the server's part of the latency above, plus HTTP).
    answer_p50_ms: f64,
    answer_p99_ms: f64,
    catch_up_changes: usize,
    catch_up_ms: f64,
    /// The server's resident memory per connected idle device (signed in, HTTP connection and live channel open).
    idle_kb_per_device: f64,
    server_peak_rss_mb: f64,
}

fn arg(args: &[String], name: &str) -> Result<String, String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned()).ok_or_else(|| {
        format!(
            "missing {name}; usage: --server-bin PATH --database-url URL --devices N --seconds S [--per-site N] \
             [--zones N] [--rate OPS_PER_SECOND_PER_DEVICE] [--catch-up N]"
        )
    })
}

fn number<T: std::str::FromStr>(args: &[String], name: &str, default: Option<T>) -> Result<T, String>
where
    T::Err: std::fmt::Display,
{
    match (arg(args, name), default) {
        (Ok(text), _) => text.parse().map_err(|e| format!("{name}: {e}")),
        (Err(_), Some(default)) => Ok(default),
        (Err(e), None) => Err(e),
    }
}

fn id<T>(make: fn(String) -> Result<T, floordesk_domain::IdError>, text: String) -> T {
    make(text).expect("generated ids are valid")
}

/// A city: sites of `per_site` administrators spread over `zones` zones, plus one site whose feed holds
/// `catch_up` changes for the catch-up. The people who drive the load, with their site and zone.
fn city(load: Load) -> (Seed, Vec<(String, SiteId, ZoneId)>) {
    let salt = "bench";
    let sites = load.devices.div_ceil(load.per_site);
    let mut seed = Seed::default();
    let mut people = Vec::new();
    for s in 0..=sites {
        let site = id(SiteId::new, format!("site-{s}"));
        let zones: Vec<ZoneInfo> = (0..load.zones)
            .map(|z| ZoneInfo {
                id: id(ZoneId::new, format!("site-{s}-zone-{z}")),
                name: format!("Этаж {}", z + 1),
                floor: i32::try_from(z + 1).unwrap_or(1),
            })
            .collect();
        seed.sites.push(SiteInfo {
            id: site.clone(),
            name: format!("Поликлиника {s}"),
            kind: SiteKind::Polyclinic,
            time_zone: floordesk_domain::DEFAULT_TIME_ZONE.into(),
            zones: zones.clone(),
        });
        let staff_here = if s == sites { 1 } else { load.per_site.min(load.devices - s * load.per_site) };
        for n in 0..staff_here {
            let staff = format!("s{s}-admin-{n}");
            let zone = zones[n % zones.len()].id.clone();
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
                people.push((staff, site.clone(), zone));
            }
        }
    }
    let catch_up_site = seed.sites.last().expect("one site at least").clone();
    let creator = seed.staff.last().expect("the catch-up site has a person").profile.id.clone();
    let at = now();
    for n in 0..load.catch_up {
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

/// A memory figure of the server's `/proc/PID/status` (`VmHWM:` peak, `VmRSS:` now), in KB.
fn memory_kb(pid: u32, field: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status.lines().find(|l| l.starts_with(field)).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0.0)
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

/// What a device's shift counts: when each op was sent (by task and step) and how many were accepted and rejected.
#[derive(Default)]
struct Tally {
    sent: Mutex<HashMap<String, Instant>>,
    counts: Mutex<(u64, u64)>,
    /// How long each push took to be answered, in milliseconds.
    answers: Mutex<Vec<f64>>,
}

/// One device's shift: a task's life (create, claim, start, complete) again and again, either with think time
/// (`rate: None`) or one op every `1/rate` seconds from a phase of its own, whatever the answers take.
async fn shift(
    client: Client,
    token: String,
    staff: String,
    zone: ZoneId,
    until: Instant,
    rate: Option<f64>,
    tally: Arc<Tally>,
) {
    let mut n = 0u64;
    let mut think = (staff.len() as u64 * 7919) % 97;
    let seed = staff.bytes().fold(17u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    let interval = rate.map(|r| Duration::from_secs_f64(1.0 / r));
    let phase = interval.map(|i| i.mul_f64((seed % 1000) as f64 / 1000.0));
    let started = Instant::now();
    let mut k = 0u32;
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
        for (step, change) in steps.into_iter().enumerate() {
            if let (Some(interval), Some(phase)) = (interval, phase) {
                let at = started + phase + interval * k;
                if at >= until {
                    return;
                }
                tokio::time::sleep_until(at.into()).await;
                k += 1;
            }
            if Instant::now() >= until {
                return;
            }
            let op_id = format!("{staff}-{n}-{step}");
            let op = Op { id: op_id.clone(), device_time: now(), base_version: 0, change };
            let request =
                PushRequest { protocol: SYNC_PROTOCOL_VERSION, device: staff.clone(), ops: vec![op], sent_at: None };
            let sent = Instant::now();
            tally.sent.lock().expect("lock").insert(format!("{task}#{step}"), sent);
            match client.push(&token, &request).await {
                Ok(response) => {
                    tally.answers.lock().expect("lock").push(sent.elapsed().as_secs_f64() * 1000.0);
                    let mut c = tally.counts.lock().expect("lock");
                    for r in response.results {
                        match r.outcome {
                            Outcome::Accepted { .. } => c.0 += 1,
                            Outcome::Rejected { .. } => c.1 += 1,
                        }
                    }
                }
                Err(_) => tally.counts.lock().expect("lock").1 += 1,
            }
            if rate.is_none() {
                // Think time: 50–150 ms between taps.
                think = (think * 1103515245 + 12345) % 101;
                tokio::time::sleep(Duration::from_millis(50 + think)).await;
            }
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
    let seconds: u64 = number(&args, "--seconds", None)?;
    let load = Load {
        devices: number(&args, "--devices", None)?,
        per_site: number(&args, "--per-site", Some(20))?,
        zones: number(&args, "--zones", Some(1))?,
        rate: arg(&args, "--rate").ok().map(|r| r.parse().map_err(|e| format!("--rate: {e}"))).transpose()?,
        catch_up: number(&args, "--catch-up", Some(10_000))?,
    };
    if load.devices == 0
        || load.per_site == 0
        || load.zones == 0
        || load.rate.is_some_and(|r| !r.is_finite() || r <= 0.0)
    {
        return Err("--devices, --per-site, --zones and --rate must be above zero".into());
    }

    let (seed, people) = city(load);
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
    let base_url = format!("http://{listen}");
    let pid = server.0.id();

    // Sign everyone in, each device on its own connection, and open their live channels; the first device of each
    // zone records what it hears.
    let before_kb = memory_kb(pid, "VmRSS:");
    let mut sessions = Vec::new();
    let heard: Arc<Mutex<Vec<(String, Instant)>>> = Arc::default();
    for (n, (staff, _site, zone)) in people.iter().enumerate() {
        let client = Client::new(&base_url);
        let request = LoginRequest::new(id(StaffId::new, staff.clone()), "1234");
        let token = client.login(&request).await.map_err(|e| format!("login {staff}: {e}"))?.token;
        let mut live = client.live(&token).await.map_err(|e| format!("live {staff}: {e}"))?;
        let observer = n % load.per_site < load.zones;
        let heard = Arc::clone(&heard);
        tokio::spawn(async move {
            if !observer {
                // Each device of a real site reads its own messages on its own handheld; here they would share the
                // server's machine, so only the observers decode theirs.
                while live.skip().await {}
                return;
            }
            while let Some(Ok(message)) = live.next().await {
                if let LiveMessage::Change { task: Some(task), .. } = message {
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
        sessions.push((client, token, staff.clone(), zone.clone()));
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let idle_kb_per_device = (memory_kb(pid, "VmRSS:") - before_kb) / people.len() as f64;

    let tally: Arc<Tally> = Arc::default();
    let started = Instant::now();
    let until = started + Duration::from_secs(seconds);
    let mut shifts = Vec::new();
    for (client, token, staff, zone) in sessions {
        shifts.push(tokio::spawn(shift(client, token, staff, zone, until, load.rate, Arc::clone(&tally))));
    }
    for s in shifts {
        let _ = s.await;
    }
    let elapsed = started.elapsed().as_secs_f64();
    tokio::time::sleep(Duration::from_millis(500)).await;

    let sent = tally.sent.lock().expect("lock").clone();
    let mut latencies: Vec<f64> = heard
        .lock()
        .expect("lock")
        .iter()
        .filter_map(|(key, at)| sent.get(key).map(|s| at.saturating_duration_since(*s).as_secs_f64() * 1000.0))
        .collect();
    latencies.sort_by(f64::total_cmp);

    // Catch-up: a device of the catch-up site that missed its changes pulls them all.
    let client = Client::new(&base_url);
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

    let (accepted, rejected) = *tally.counts.lock().expect("lock");
    let mut answers = std::mem::take(&mut *tally.answers.lock().expect("lock"));
    answers.sort_by(f64::total_cmp);
    let report = Report {
        devices: load.devices,
        sites: load.devices.div_ceil(load.per_site),
        per_site: load.per_site,
        zones: load.zones,
        offered_ops_per_second: load.rate.map_or(0.0, |r| r * load.devices as f64),
        seconds: elapsed,
        accepted_ops: accepted,
        rejected_ops: rejected,
        accepted_ops_per_second: accepted as f64 / elapsed,
        push_p50_ms: percentile(&latencies, 50.0),
        push_p99_ms: percentile(&latencies, 99.0),
        latency_samples: latencies.len(),
        answer_p50_ms: percentile(&answers, 50.0),
        answer_p99_ms: percentile(&answers, 99.0),
        catch_up_changes: pulled,
        catch_up_ms,
        idle_kb_per_device,
        server_peak_rss_mb: memory_kb(pid, "VmHWM:") / 1024.0,
    };
    drop(server);
    println!("{}", serde_json::to_string(&report).map_err(|e| e.to_string())?);
    Ok(())
}
