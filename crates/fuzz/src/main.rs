//! `floordesk-fuzz --minutes N [--seconds N] [--seed S]`: a fuzz loop on the stable toolchain. Each round takes a valid push body
//! (the protocol's golden ops), mutates its bytes and its JSON (flips, splices, control characters, huge numbers,
//! deep nesting, wrong types), runs it through the server's own decoding (`http::sync::decode_push`), and runs every
//! op that decodes through the domain's decisions (`Task::new`, `apply`, `update_details`, `confirm_meeting`) on the
//! demo's tasks as each demo person. A panic anywhere is a finding: the input is written to
//! `target/fuzz-findings/` and the run fails. Run by `cargo xtask fuzz`, never by the tests.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use floordesk_domain::{Actor, SiteId, StaffId, Task, Timestamp};
use floordesk_protocol::{OpChange, SYNC_PROTOCOL_VERSION};
use floordesk_server::{demo, http::sync::decode_push};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// The golden ops every body starts from.
const SEEDS: [&str; 4] = [
    include_str!("../../protocol/tests/golden/op-act.json"),
    include_str!("../../protocol/tests/golden/op-create.json"),
    include_str!("../../protocol/tests/golden/op-details.json"),
    include_str!("../../protocol/tests/golden/op-confirm_meeting.json"),
];

/// Bytes that break JSON in interesting ways.
const TOKENS: [&str; 14] = [
    "\"",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\\u0000",
    "\\ud800",
    "1e999",
    "-9223372036854775809",
    "null",
    "\u{1b}[31m",
    "\u{feff}",
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).and_then(|v| v.parse::<u64>().ok())
    };
    let seconds = value("--seconds").unwrap_or(0) + value("--minutes").unwrap_or(5) * 60;
    let seed = value("--seed").unwrap_or_else(|| u64::from(std::process::id()));
    let findings = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/fuzz-findings");
    let until = Instant::now() + Duration::from_secs(seconds);
    let mut rng = StdRng::seed_from_u64(seed);
    let now = Timestamp(1_790_000_000_000);
    let tasks = demo::tasks(now);
    let (mut rounds, mut decoded, mut decided) = (0u64, 0u64, 0u64);
    println!("fuzzing for {seconds} s with seed {seed}");
    while Instant::now() < until {
        let body = mutated(&mut rng);
        let outcome = catch_unwind(AssertUnwindSafe(|| round(&body, &tasks, now)));
        match outcome {
            Ok((d, n)) => {
                decoded += u64::from(d);
                decided += n;
            }
            Err(_) => {
                std::fs::create_dir_all(&findings).ok();
                let file = findings.join(format!("panic-{seed}-{rounds}.json"));
                std::fs::write(&file, &body).ok();
                eprintln!("a panic on round {rounds}; its input is in {}", file.display());
                std::process::exit(1);
            }
        }
        rounds += 1;
    }
    println!("{rounds} bodies, {decoded} decoded, {decided} decisions by the domain, no panic");
}

/// A push body: one to three golden ops, with its bytes and its JSON mutated.
fn mutated(rng: &mut StdRng) -> Vec<u8> {
    let ops: Vec<&str> = (0..rng.random_range(1..4)).map(|_| SEEDS[rng.random_range(0..SEEDS.len())]).collect();
    let mut text = format!(
        "{{\"protocol\":{SYNC_PROTOCOL_VERSION},\"device\":\"hh-{}\",\"ops\":[{}]}}",
        rng.random_range(0..9),
        ops.join(",")
    );
    for _ in 0..rng.random_range(0..6) {
        let at = floor_char_boundary(&text, rng.random_range(0..=text.len()));
        match rng.random_range(0..5) {
            0 => text.insert_str(at, TOKENS[rng.random_range(0..TOKENS.len())]),
            1 => {
                let end = floor_char_boundary(&text, (at + rng.random_range(1..12)).min(text.len()));
                text.replace_range(at..end, "");
            }
            2 => text.insert_str(at, &"[".repeat(rng.random_range(1..200))),
            3 => {
                // Replace a string's contents with something long or odd.
                if let Some(quote) = text[at..].find('"').map(|q| q + at + 1) {
                    let filler =
                        if rng.random_bool(0.5) { "ж".repeat(rng.random_range(0..3000)) } else { "\\n\\t".into() };
                    text.insert_str(quote, &filler);
                }
            }
            _ => {
                let mut bytes = text.into_bytes();
                if !bytes.is_empty() {
                    let i = rng.random_range(0..bytes.len());
                    bytes[i] ^= 1 << rng.random_range(0..8);
                }
                return bytes;
            }
        }
    }
    text.into_bytes()
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// One body through the server's decoding and, op by op, the domain: whether it decoded, and how many decisions.
fn round(body: &[u8], tasks: &[Task], now: Timestamp) -> (bool, u64) {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else { return (false, 0) };
    let Ok(push) = decode_push(value) else { return (false, 0) };
    let mut decisions = 0;
    for op in &push.request.ops {
        for person in demo::STAFF {
            let actor = Actor { staff: StaffId::new(person.id).expect("demo ids"), role: person.role };
            let site = SiteId::new(person.site).expect("demo ids");
            decisions += decide(op, &actor, &site, tasks, now);
        }
    }
    (true, decisions)
}

/// The domain's decisions on one op as `actor`: against every demo task for a change, or as a new task. Whatever
/// is decided must survive being written and read back, and erasing personal data twice changes nothing.
fn decide(op: &floordesk_protocol::Op, actor: &Actor, site: &SiteId, tasks: &[Task], now: Timestamp) -> u64 {
    let check = |task: &Task| {
        let text = serde_json::to_string(task).expect("a task writes");
        let back: Task = serde_json::from_str(&text).expect("a written task reads back");
        assert_eq!(&back, task, "a task changed on its way through JSON");
        let erased = task.without_personal_data();
        assert_eq!(erased.without_personal_data(), erased);
    };
    let mut n = 0;
    match &op.change {
        OpChange::Create { task } => {
            if let Ok(created) = Task::new(task.to_new_task(site, &actor.staff, op.device_time)) {
                check(&created);
            }
            n += 1;
        }
        OpChange::Act { action, .. } => {
            for task in tasks {
                if let Ok(after) = task.apply(actor, action, op.device_time) {
                    assert_eq!(after.version, task.version + 1, "an action moves the version by one");
                    check(&after);
                }
                n += 1;
            }
        }
        OpChange::Details { details, .. } => {
            for task in tasks {
                if let Ok(after) = task.update_details(actor, details.clone()) {
                    check(&after);
                }
                let _ = details.check_times(now.plus_minutes(-30 * 24 * 60), now.plus_minutes(60 * 24 * 60));
                n += 1;
            }
        }
        OpChange::ConfirmMeeting { escort, .. } => {
            for task in tasks {
                if let Ok((meeting, planned)) =
                    task.confirm_meeting(actor, escort.clone(), "Вход".into(), op.device_time)
                {
                    check(&meeting);
                    check(&planned);
                }
                n += 1;
            }
        }
    }
    n
}
