//! `floordesk-rulesbench`, behind `cargo xtask bench rules`: the cost of the rules' tick on a busy site — 2,000 open
//! tasks in 10 zones, 200 people on shift. Measured twice: the domain's decision alone (`floordesk_domain::tick`, what
//! fires, on the floor as read), and the server's whole tick over an SQLite store (reading the floor, sampling the
//! reserve, committing what fires), first on a fresh floor (where much fires) and then, once what that set off has
//! fired too, on a quiet one (where everything has fired already: the tick every 15 s pays this). Prints one JSON
//! object.

use std::sync::Arc;
use std::time::{Duration, Instant};

use floordesk_domain::{
    Activity, DeadlineTable, Floor, Presence, Priority, Role, Routing, SiteId, SiteKind, SiteRules, StaffId, Task,
    TaskDetails, TaskId, Timestamp, ZoneId,
};
use floordesk_protocol::{SiteInfo, StaffProfile, ZoneInfo};
use floordesk_server::state::StateOptions;
use floordesk_server::store::{FloorStore, Seed, StaffRecord, Store};
use floordesk_server::{now, rules, AppState, SqliteStore};

const TASKS: usize = 2_000;
const PEOPLE: usize = 200;
const ZONES: usize = 10;
/// Decisions timed.
const ROUNDS: usize = 50;

fn zone(n: usize) -> ZoneId {
    ZoneId::new(format!("bench-z{n}")).expect("an id")
}

fn site() -> SiteId {
    SiteId::new("bench").expect("an id")
}

/// The site's open tasks: visitors met over the last 30 minutes, a tenth urgent, half held by someone on shift.
fn tasks(at: Timestamp) -> Vec<Task> {
    (0..TASKS)
        .map(|n| {
            let mut task = Task::new(floordesk_domain::NewTask {
                id: TaskId::new(format!("t-bench-{n}")).expect("an id"),
                site: site(),
                zone: zone(n % ZONES),
                case_id: (n % 7 == 0).then(|| floordesk_domain::CaseId::new(format!("c-{}", n / 14)).expect("an id")),
                priority: if n % 10 == 0 { Priority::Urgent } else { Priority::Normal },
                details: TaskDetails::Routing(Routing { purpose: "Справка".into(), destination: None }),
                created_by: StaffId::new("p0").expect("an id"),
                met_at: at.plus_minutes(-((n % 30) as i64)),
                created_at: at.plus_minutes(-((n % 30) as i64)),
            })
            .expect("valid");
            if n % 2 == 0 {
                task.assignee = Some(StaffId::new(format!("p{}", n % PEOPLE)).expect("an id"));
                task.status = floordesk_domain::TaskStatus::Accepted;
            }
            task
        })
        .collect()
}

fn people(at: Timestamp) -> Vec<Presence> {
    (0..PEOPLE)
        .map(|n| Presence {
            staff: StaffId::new(format!("p{n}")).expect("an id"),
            role: Role::Administrator,
            zone: Some(zone(n % ZONES)),
            activity: if n % 9 == 0 { Activity::Break } else { Activity::Working },
            back_at: (n % 9 == 0).then(|| at.plus_minutes(10)),
            since: at,
            shift_started: at,
        })
        .collect()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    ms(sorted[i])
}

#[tokio::main]
async fn main() {
    let at = now();
    let (open, present) = (tasks(at), people(at));
    let mut rules_usual = SiteRules::usual(SiteKind::Polyclinic);
    rules_usual.rules.iter_mut().for_each(|s| s.always = true);
    let deadlines = DeadlineTable::standard();
    // The decision alone.
    let mut decided = Vec::with_capacity(ROUNDS);
    let mut firings = 0;
    for _ in 0..ROUNDS {
        let floor = Floor {
            now: at,
            open: true,
            rules: &rules_usual,
            deadlines: &deadlines,
            people: &present,
            tasks: &open,
            closed: &[],
        };
        let started = Instant::now();
        firings = floordesk_domain::tick(&floor).len();
        decided.push(started.elapsed());
    }
    decided.sort();

    // The server's whole tick, over an SQLite file.
    let dir = tempfile::tempdir().expect("a temp dir");
    let store = SqliteStore::open(&format!("sqlite://{}", dir.path().join("rules.db").display())).await.expect("store");
    let zones = (0..ZONES).map(|n| ZoneInfo { id: zone(n), name: format!("Зона {n}"), floor: 1 }).collect();
    let staff = (0..PEOPLE)
        .map(|n| StaffRecord {
            profile: StaffProfile {
                id: StaffId::new(format!("p{n}")).expect("an id"),
                display_name: format!("Сотрудник {n}"),
                role: Role::Administrator,
                site: site(),
                zone: Some(zone(n % ZONES)),
            },
            code_salt: "salt".into(),
            code_hash: "hash".into(),
            demo_code: None,
            active: true,
        })
        .collect();
    let seed = Seed {
        sites: vec![SiteInfo {
            id: site(),
            name: "Бенчмарк".into(),
            kind: SiteKind::Polyclinic,
            time_zone: floordesk_domain::DEFAULT_TIME_ZONE.into(),
            zones,
        }],
        staff,
        tasks: open.clone(),
        ..Seed::default()
    };
    store.seed(&seed).await.expect("seeded");
    for p in &present {
        store.put_presence(&site(), &p.staff, None, Some(p), at).await.expect("on shift");
    }
    let log = floordesk_server::store::AdminRecord {
        site: site(),
        actor: StaffId::new("p0").expect("an id"),
        at,
        action: "rules_tuned",
        target: "bench".into(),
        before: None,
        after: None,
    };
    store.put_site_rules(&site(), &rules_usual, &log).await.expect("rules");
    let options = StateOptions {
        demo: false,
        enrolled_devices_only: false,
        code_key: floordesk_server::auth::CodeKey::new("floordesk-bench-0123456789abcdef0123456789").expect("a key"),
        trust_forwarded_for: false,
    };
    let state = AppState::new(Arc::new(store), options).await.expect("state");
    let started = Instant::now();
    let fired = rules::tick(&state, at).await;
    let first = started.elapsed();
    // What the first tick did makes more fire (a task given is now held: its holder is reminded): tick until quiet.
    let mut settled = false;
    for _ in 0..5 {
        if rules::tick(&state, at).await == 0 {
            settled = true;
            break;
        }
    }
    assert!(settled, "the floor settles");
    let mut quiet = Vec::new();
    for _ in 0..10 {
        let started = Instant::now();
        let more = rules::tick(&state, at).await;
        quiet.push(started.elapsed());
        assert_eq!(more, 0, "a quiet floor fires nothing");
    }
    quiet.sort();
    println!(
        "{{\"open_tasks\":{TASKS},\"people\":{PEOPLE},\"firings\":{firings},\"decide_p50_ms\":{:.2},\"decide_max_ms\":{:.2},\
         \"first_tick_fired\":{fired},\"first_tick_ms\":{:.0},\"quiet_tick_p50_ms\":{:.1},\"quiet_tick_max_ms\":{:.1}}}",
        percentile(&decided, 0.5),
        percentile(&decided, 1.0),
        ms(first),
        percentile(&quiet, 0.5),
        percentile(&quiet, 1.0),
    );
}
