//! Accountability in headless Chromium: the reasons people typed on the floor, read back by a supervisor on the
//! audit screen of site administration at desk sizes — narrowed to a kind of action, then to one task.

use floordesk_domain::{Action, StaffId, TaskId};
use floordesk_protocol::{Op, OpChange, PushRequest, SYNC_PROTOCOL_VERSION};
use serde::Deserialize;

use super::browser::chromium_script;
use super::support::DemoServer;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Seen {
    today: Vec<Row>,
    hand_backs: Vec<Row>,
    task: String,
    story: Vec<Row>,
    none: String,
    bad_task: String,
    access: Vec<super::desk::Access>,
    problems: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Row {
    op: String,
    action: Option<String>,
    refused: bool,
    cells: Vec<String>,
}

/// `staff` acts on `task` from device `device`.
async fn act(server: &DemoServer, (staff, code): (&str, &str), device: &str, op: &str, task: &str, action: Action) {
    let token = server.token(staff, code).await;
    let op = Op {
        id: op.into(),
        device_time: floordesk_server::now(),
        base_version: 0,
        change: OpChange::Act { task: TaskId::new(task).expect("id"), action },
    };
    let push = PushRequest { protocol: SYNC_PROTOCOL_VERSION, device: device.into(), ops: vec![op], sent_at: None };
    server.client.push(&token, &push).await.expect("push");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn a_supervisor_reads_who_did_what_and_why_on_the_audit_screen() {
    let server = DemoServer::start().await;
    let (anna, maria) = (("anna", "1111"), ("maria", "4444"));
    let task = "t-poly-routing-1";
    act(&server, anna, "hh-anna", "op-claim", task, Action::Claim).await;
    let back = Action::HandBack { reason: Some("Посетитель ушёл на анализы".into()) };
    act(&server, anna, "hh-anna", "op-back", task, back).await;
    act(&server, maria, "desk-maria", "op-give", task, Action::Assign { to: StaffId::new("igor").expect("id") }).await;
    // Igor cannot take what is Igor's already: a refused op is in the log too.
    act(&server, ("igor", "2222"), "hh-igor", "op-claim-again", task, Action::Claim).await;
    for (width, height) in [("1920", "1080"), ("1280", "800")] {
        let url = server.url.clone();
        let name = format!("browser-audit-{width}");
        let seen: Seen = tokio::task::spawn_blocking(move || {
            chromium_script("audit.cjs", &[url.as_str(), "maria", "4444", width, height], &name)
        })
        .await
        .expect("join");
        assert!(seen.problems.is_empty(), "the page reported problems: {:?}", seen.problems);
        super::desk::assert_accessible(&seen.access);
        let ops: Vec<_> = seen.today.iter().map(|r| r.op.as_str()).collect();
        assert_eq!(ops, ["op-claim", "op-back", "op-give", "op-claim-again"], "today's ops, oldest first");
        let back = &seen.today[1];
        assert_eq!(back.action.as_deref(), Some("hand_back"));
        assert!(back.cells.iter().any(|c| c == "Посетитель ушёл на анализы"), "{:?}", back.cells);
        assert!(back.cells.iter().any(|c| c.starts_with("Анна Смирнова")), "{:?}", back.cells);
        assert!(back.cells.iter().any(|c| c == "принята → новая"), "{:?}", back.cells);
        assert!(back.cells.iter().any(|c| c == "hh-anna"), "{:?}", back.cells);
        assert!(seen.today[2].cells.iter().any(|c| c == "новая → назначена (→ Игорь Петров)"), "{:?}", seen.today[2]);
        let refused = &seen.today[3];
        assert!(refused.refused && refused.cells[2].contains("отклонено"), "{:?}", refused.cells);
        assert_eq!(seen.hand_backs.iter().map(|r| r.op.as_str()).collect::<Vec<_>>(), ["op-back"]);
        assert_eq!(seen.task, task);
        assert_eq!(seen.story.len(), 4, "the task's whole story: {:?}", seen.story);
        assert_eq!(seen.none, "За этот период действий нет.");
        assert!(seen.bad_task.starts_with("Номер задачи пишется латиницей"), "{}", seen.bad_task);
    }
}
