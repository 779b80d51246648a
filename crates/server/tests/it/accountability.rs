//! Accountability end to end: the reason a person types is kept with the op, a task's history shows who did what and
//! why to whoever sees the task, and supervisors narrow and page the site's audit log — the real server over each
//! store, driven through the real client and raw HTTP.

use crate::common;
use floordesk_client::Client;
use floordesk_domain::{Action, StaffId, TaskId, TaskStatus};
use floordesk_protocol::{
    AuditQuery, ErrorCode, LoginRequest, Op, OpChange, OpKind, OpResult, Outcome, PushRequest, SYNC_PROTOCOL_VERSION,
};
use floordesk_server::now;

fn staff(id: &str) -> StaffId {
    StaffId::new(id).unwrap()
}

async fn token(client: &Client, id: &str, code: &str) -> String {
    client.login(&LoginRequest::new(staff(id), code)).await.unwrap().token
}

const TASK: &str = "t-poly-routing-1";

fn act(op_id: &str, action: Action) -> Op {
    Op { id: op_id.into(), device_time: now(), base_version: 0, change: OpChange::Act { task: task(), action } }
}

fn task() -> TaskId {
    TaskId::new(TASK).unwrap()
}

async fn push(client: &Client, token: &str, device: &str, op: Op) -> OpResult {
    let request = PushRequest { protocol: SYNC_PROTOCOL_VERSION, device: device.into(), ops: vec![op], sent_at: None };
    let result = client.push(token, &request).await.unwrap().results.remove(0);
    assert!(matches!(result.outcome, Outcome::Accepted { .. }), "{result:?}");
    result
}

both_stores!(a_tasks_history_shows_who_did_what_and_the_reason_typed, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let c = &server.client;
    let (anna, igor, olga, maria) = (
        token(c, "anna", "1111").await,
        token(c, "igor", "2222").await,
        token(c, "olga", "3333").await,
        token(c, "maria", "4444").await,
    );
    push(c, &anna, "hh-a", act("op-1", Action::Claim)).await;
    push(c, &anna, "hh-a", act("op-2", Action::HandBack { reason: Some(" Посетитель ушёл в кафе ".into()) })).await;
    // Igor works on floor 2 and never touched this entrance task: there is no such task for him.
    let hidden = c.task_history(&igor, &task()).await.unwrap_err();
    assert_eq!(hidden.code, ErrorCode::NotFound, "{hidden:?}");
    push(c, &maria, "desk-m", act("op-3", Action::Assign { to: staff("igor") })).await;
    let reassign = Action::Reassign { to: staff("anna"), reason: Some("Игорь на перерыве".into()) };
    push(c, &maria, "desk-m", act("op-4", reassign)).await;

    let history = c.task_history(&anna, &task()).await.unwrap();
    assert_eq!(history.task, task());
    let lines: Vec<_> = history
        .entries
        .iter()
        .map(|e| {
            (
                e.actor.as_str(),
                e.device.as_str(),
                e.action,
                e.from,
                e.to,
                e.assignee.as_ref().map(StaffId::as_str),
                e.note.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("anna", "hh-a", Some(OpKind::Claim), Some(TaskStatus::New), TaskStatus::Accepted, Some("anna"), None),
            (
                "anna",
                "hh-a",
                Some(OpKind::HandBack),
                Some(TaskStatus::Accepted),
                TaskStatus::New,
                None,
                Some("Посетитель ушёл в кафе")
            ),
            ("maria", "desk-m", Some(OpKind::Assign), Some(TaskStatus::New), TaskStatus::Assigned, Some("igor"), None),
            (
                "maria",
                "desk-m",
                Some(OpKind::Reassign),
                Some(TaskStatus::Assigned),
                TaskStatus::Assigned,
                Some("anna"),
                Some("Игорь на перерыве")
            ),
        ]
    );
    assert_eq!(history.entries[0].actor_name.as_deref(), Some("Анна Смирнова"));
    assert_eq!(history.entries[2].assignee_name.as_deref(), Some("Игорь Петров"));
    assert!(history.entries.windows(2).all(|w| w[0].at <= w[1].at), "oldest first");
    // Igor held it once: he sees what became of it. Olga (floor 3) never did.
    assert_eq!(c.task_history(&igor, &task()).await.unwrap(), history);
    assert_eq!(c.task_history(&olga, &task()).await.unwrap_err().code, ErrorCode::NotFound);
    assert_eq!(c.task_history(&maria, &task()).await.unwrap(), history, "a supervisor sees every task's history");
    let unknown = c.task_history(&maria, &TaskId::new("t-nothing").unwrap()).await.unwrap_err();
    assert_eq!(unknown.code, ErrorCode::NotFound);
    // Another site's supervisor: no such task.
    let tatiana = token(c, "tatiana", "0000").await;
    assert_eq!(c.task_history(&tatiana, &task()).await.unwrap_err().code, ErrorCode::NotFound);
    // Not an id at all: the same JSON answer, never a 5xx.
    let (status, body) =
        common::raw_with(&server.base, "GET", "/api/v1/tasks/t%00x/history", &format!("Bearer {maria}"), "").await;
    assert_eq!(status, 404, "{body}");
    assert!(body.contains("\"code\":\"not_found\""), "{body}");
});

both_stores!(supervisors_narrow_and_page_the_audit_log, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let c = &server.client;
    let (anna, maria) = (token(c, "anna", "1111").await, token(c, "maria", "4444").await);
    push(c, &anna, "hh-a", act("op-1", Action::Claim)).await;
    push(c, &anna, "hh-a", act("op-2", Action::HandBack { reason: Some("Ушла на вызов".into()) })).await;
    push(c, &maria, "desk-m", act("op-3", Action::Assign { to: staff("igor") })).await;
    let ops = |query: AuditQuery| {
        let maria = maria.clone();
        async move { c.audit_where(&maria, &query).await.unwrap().entries.into_iter().map(|e| e.op).collect::<Vec<_>>() }
    };
    assert_eq!(ops(AuditQuery::default()).await, ["op-1", "op-2", "op-3"]);
    assert_eq!(ops(AuditQuery { staff: Some(staff("maria")), ..AuditQuery::default() }).await, ["op-3"]);
    assert_eq!(ops(AuditQuery { action: Some(OpKind::HandBack), ..AuditQuery::default() }).await, ["op-2"]);
    assert_eq!(ops(AuditQuery { task: Some(task()), ..AuditQuery::default() }).await, ["op-1", "op-2", "op-3"]);
    let later = AuditQuery { from: Some(now().plus_minutes(1)), ..AuditQuery::default() };
    assert!(ops(later).await.is_empty());
    let page = c.audit_where(&maria, &AuditQuery { limit: Some(2), ..AuditQuery::default() }).await.unwrap();
    assert!(page.more);
    assert_eq!(page.entries[1].note.as_deref(), Some("Ушла на вызов"));
    assert_eq!(page.entries[1].action, Some(OpKind::HandBack));
    let rest = AuditQuery { after: page.next_after, limit: Some(2), ..AuditQuery::default() };
    let rest = c.audit_where(&maria, &rest).await.unwrap();
    assert!(!rest.more);
    assert_eq!(rest.entries.iter().map(|e| e.op.as_str()).collect::<Vec<_>>(), ["op-3"]);
    // An administrator has no audit log; a bad filter is a JSON error that says how the query is written.
    assert_eq!(c.audit_where(&anna, &AuditQuery::default()).await.unwrap_err().code, ErrorCode::Forbidden);
    for query in ["action=nothing", "staff=not%20an%20id", "from=yesterday", "colour=red"] {
        let (status, body) =
            common::raw_with(&server.base, "GET", &format!("/api/v1/audit?{query}"), &format!("Bearer {maria}"), "")
                .await;
        assert_eq!(status, 400, "{query}: {body}");
        assert!(body.contains("\"code\":\"bad_request\"") && body.contains("action=KIND"), "{query}: {body}");
    }
});
