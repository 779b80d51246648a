//! Proactive service in headless Chromium, on a server running its rules: a supervisor tunes a rule in site
//! administration, an administrator starts a shift and is given a waiting task automatically, and the supervisor's
//! attention list shows an escalation she acts on. Each checked again through the API.

use floordesk_domain::{Priority, Routing, RuleKind, TaskDetails, TaskId, ZoneId};
use floordesk_protocol::admin::{NewStaff, ZoneDraft};
use floordesk_protocol::{NewTaskRequest, Op, OpChange, PushRequest, SYNC_PROTOCOL_VERSION};
use serde::Deserialize;

use super::browser::chromium_script;
use super::support::DemoServer;

#[derive(Debug, Deserialize)]
struct Seen {
    off_shift: String,
    on_shift: String,
    given_note: String,
    on_break: String,
    why: String,
    floor_people: Vec<OnFloor>,
    sideways: bool,
    access: Vec<super::desk::Access>,
    problems: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct OnFloor {
    id: String,
    presence: String,
}

/// Igor records a routing task in `zone`, its visitor met `ago` minutes before now.
async fn record(server: &DemoServer, id: &str, zone: &str, ago: i64) {
    let igor = server.token("igor", "2222").await;
    let at = floordesk_server::now().plus_minutes(-ago);
    let task = NewTaskRequest {
        id: TaskId::new(id).expect("id"),
        zone: ZoneId::new(zone).expect("zone"),
        case_id: None,
        priority: Priority::Normal,
        details: TaskDetails::Routing(Routing { purpose: "Рентген".into(), destination: None }),
        met_at: at,
    };
    let op = Op { id: format!("op-{id}"), device_time: at, base_version: 0, change: OpChange::Create { task } };
    let push = PushRequest { protocol: SYNC_PROTOCOL_VERSION, device: "desk".into(), ops: vec![op], sent_at: None };
    let result = server.client.push(&igor, &push).await.expect("push").results.remove(0);
    assert!(matches!(result.outcome, floordesk_protocol::Outcome::Accepted { .. }), "{result:?}");
}

async fn rules_flow(viewport: (u32, u32), shot: &'static str) {
    let server = DemoServer::with_rules().await;
    // A new fourth floor and its administrator, set up through the API (site administration has its own test).
    let maria = server.token("maria", "4444").await;
    let f4 = ZoneId::new("poly-12-f4").expect("zone");
    server.client.put_zone(&maria, &f4, &ZoneDraft { name: "4 этаж".into(), floor: 4 }).await.expect("zone");
    let vera = NewStaff {
        id: floordesk_domain::StaffId::new("vera").expect("id"),
        display_name: "Орлова Вера".into(),
        role: floordesk_domain::Role::Administrator,
        site: None,
        zone: Some(f4.clone()),
    };
    let code = server.client.add_staff(&maria, &vera).await.expect("staff").code;
    // A visitor waiting on the fourth floor before anyone is on shift there, and one met 12 minutes ago on the second.
    record(&server, "t-e2e-given", "poly-12-f4", 0).await;
    record(&server, "t-e2e-late", "poly-12-f2", 12).await;
    // Igor is on shift: the supervisor may give him the late one (only people on shift are offered).
    server.start_shift("igor", "2222").await;
    let url = server.url.clone();
    let seen: Seen = tokio::task::spawn_blocking(move || {
        let (w, h) = (viewport.0.to_string(), viewport.1.to_string());
        let args = [url.as_str(), "maria", "4444", "vera", code.as_str(), "t-e2e-given", "t-e2e-late", "igor", &w, &h];
        chromium_script("rules.cjs", &args, shot)
    })
    .await
    .expect("join");
    assert!(seen.problems.is_empty(), "the page reported problems: {:?}", seen.problems);
    super::desk::assert_accessible(&seen.access);
    assert!(!seen.sideways, "the floor scrolls sideways at {viewport:?}");
    assert_eq!((seen.off_shift.as_str(), seen.on_shift.as_str()), ("Вы не на смене", "На смене"));
    assert_eq!(seen.given_note, "Назначено автоматически");
    assert!(seen.on_break.starts_with("Перерыв до "), "{}", seen.on_break);
    assert!(
        ["Посетитель долго ждёт начала обслуживания", "Задачу никто не взял"].contains(&seen.why.as_str()),
        "{}",
        seen.why
    );
    // On the supervisor's floor: the one person on shift, on the break she took.
    assert!(seen.floor_people.iter().any(|p| p.id == "vera" && p.presence == seen.on_break), "{:?}", seen.floor_people);

    // What the server holds: the tuning, the dispatched task, the escalation handled.
    let rules = server.client.rules(&maria).await.expect("rules");
    assert_eq!(rules.zone(&f4).mode, floordesk_domain::DispatchMode::Auto);
    assert_eq!(rules.get(RuleKind::StartReminder).minutes, Some(5));
    let list = server.client.tasks(&maria).await.expect("tasks");
    let find = |id: &str| list.mine.iter().chain(&list.pool).find(|v| v.task.id.as_str() == id).map(|v| v.task.clone());
    let given = find("t-e2e-given").expect("open");
    assert_eq!(given.assignee.as_ref().map(|s| s.as_str()), Some("vera"));
    assert_eq!(given.given_by, Some(RuleKind::Dispatch));
    let late = find("t-e2e-late").expect("open");
    assert_eq!(late.assignee.as_ref().map(|s| s.as_str()), Some("igor"));
    let escalations = late.alerts.iter().filter(|a| a.to == floordesk_domain::Audience::Supervisors);
    assert!(late.attention().is_none(), "{:?}", late.alerts);
    assert!(
        escalations.clone().count() > 0 && escalations.clone().all(|a| a.handled_at.is_some()),
        "{:?}",
        late.alerts
    );
    // Its new holder is reminded at once: the visitor has waited past the reminder's 5 minutes.
    let reminded = late.reminder().and_then(|a| a.staff.clone());
    assert_eq!(reminded.as_ref().map(|s| s.as_str()), Some("igor"), "{:?}", late.alerts);
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn on_a_handheld_a_shift_starts_work_comes_by_itself_and_the_supervisor_acts_on_an_escalation() {
    rules_flow((360, 780), "browser-rules-handheld").await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn on_a_desktop_a_shift_starts_work_comes_by_itself_and_the_supervisor_acts_on_an_escalation() {
    rules_flow((1280, 800), "browser-rules-desktop").await;
}
