//! Visitor cases read whole and closed once: its owner or a supervisor sees every task of a case in the order the
//! visitor was met, others what they oversee; whoever sees all of it closes it once resolved, with one rating —
//! the real server over each store, driven through the real client and raw HTTP, on the demo data (case
//! `c-poly-1`: an escort at the entrance held by Anna, a taxi on the 2nd floor held by Igor).

use crate::common;
use floordesk_client::Client;
use floordesk_domain::{
    Action, CaseId, NonStandard, Priority, Rating, StaffId, TaskDetails, TaskId, TaskStatus, ZoneId,
};
use floordesk_protocol::{
    ApiError, CaseView, CloseCaseRequest, ErrorCode, LoginRequest, NewTaskRequest, Op, OpChange, Outcome, Problem,
    PushRequest, SYNC_PROTOCOL_VERSION,
};
use floordesk_server::now;

async fn token(client: &Client, id: &str, code: &str) -> String {
    client.login(&LoginRequest::new(StaffId::new(id).unwrap(), code)).await.unwrap().token
}

fn case(id: &str) -> CaseId {
    CaseId::new(id).unwrap()
}

/// Pushes one op of `who`'s, which must be accepted.
async fn push(client: &Client, who: &str, op_id: &str, change: OpChange) {
    let op = Op { id: op_id.into(), device_time: now(), base_version: 0, change };
    let request = PushRequest { protocol: SYNC_PROTOCOL_VERSION, device: "hh".into(), ops: vec![op], sent_at: None };
    let result = client.push(who, &request).await.unwrap().results.remove(0);
    assert!(matches!(result.outcome, Outcome::Accepted { .. }), "{result:?}");
}

fn cancel(task: &str) -> OpChange {
    OpChange::Act {
        task: TaskId::new(task).unwrap(), action: Action::Cancel { reason: "Посетитель ушёл".into() }
    }
}

fn ids(view: &CaseView) -> Vec<&str> {
    view.tasks.iter().map(|t| t.task.id.as_str()).collect()
}

fn problem(result: Result<CaseView, ApiError>) -> (ErrorCode, Option<Problem>) {
    let e = result.expect_err("should be refused");
    (e.code, e.problem)
}

both_stores!(a_visitor_case_is_seen_whole_by_its_overseers_and_closed_once_with_one_rating, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let c = &server.client;
    let (anna, igor, olga, maria, tatiana) = (
        token(c, "anna", "1111").await,
        token(c, "igor", "2222").await,
        token(c, "olga", "3333").await,
        token(c, "maria", "4444").await,
        token(c, "tatiana", "0000").await,
    );
    let c1 = case("c-poly-1");

    // The supervisor: both tasks, in the order the visitor was met for them (the taxi's slot passed 8 minutes ago,
    // the escort met 6 minutes ago), zones and holders named; the wait counted once across them.
    let whole = c.case(&maria, &c1).await.unwrap();
    assert_eq!(ids(&whole), ["t-poly-taxi-1", "t-poly-escort-1"]);
    let zones: Vec<&str> = whole.tasks.iter().map(|t| t.task.zone.as_str()).collect();
    assert_eq!(zones, ["poly-12-f2", "poly-12-entrance"]);
    let holders: Vec<Option<&str>> = whole.tasks.iter().map(|t| t.assignee_name.as_deref()).collect();
    assert_eq!(holders, [Some("Игорь Петров"), Some("Анна Смирнова")]);
    assert_eq!(whole.visitor.as_deref(), Some("Н. П. С."));
    assert!((8..=9).contains(&whole.waited_minutes), "{}", whole.waited_minutes);
    assert_eq!((whole.hidden, whole.resolved, whole.may_close, whole.closed_at.is_none()), (0, false, false, true));

    // An administrator sees what they oversee or hold, and how much they do not; another floor's sees nothing,
    // nor does another site's supervisor, nor anyone a case that does not exist or an id that cannot be one.
    let annas = c.case(&anna, &c1).await.unwrap();
    assert_eq!((ids(&annas), annas.hidden, annas.waited_minutes), (vec!["t-poly-escort-1"], 1, whole.waited_minutes));
    let igors = c.case(&igor, &c1).await.unwrap();
    assert_eq!((ids(&igors), igors.hidden), (vec!["t-poly-taxi-1"], 1));
    assert_eq!(problem(c.case(&olga, &c1).await), (ErrorCode::NotFound, None));
    assert_eq!(problem(c.case(&tatiana, &c1).await), (ErrorCode::NotFound, None));
    assert_eq!(problem(c.case(&maria, &case("c-nothing")).await), (ErrorCode::NotFound, None));
    let auth = format!("Bearer {maria}");
    let (status, body) = common::raw_with(&server.base, "GET", "/api/v1/cases/no%20such%0Aid", &auth, "").await;
    assert_eq!(status, 404, "{body}");
    assert!(body.contains(r#""code":"not_found""#), "{body}");

    // Not closed while a task is open; not by someone who sees part of it.
    let nothing = CloseCaseRequest::default();
    assert_eq!(problem(c.close_case(&maria, &c1, &nothing).await), (ErrorCode::BadRequest, Some(Problem::CaseOpen)));
    assert_eq!(problem(c.close_case(&anna, &c1, &nothing).await).0, ErrorCode::Forbidden);
    push(c, &anna, "op-c1", cancel("t-poly-escort-1")).await;
    push(c, &igor, "op-c2", cancel("t-poly-taxi-1")).await;

    // Resolved: the wait stops where each task closed; the supervisor may close it, Anna still may not.
    let resolved = c.case(&maria, &c1).await.unwrap();
    assert!(resolved.tasks.iter().all(|t| t.task.status == TaskStatus::Cancelled));
    assert_eq!((resolved.resolved, resolved.may_close), (true, true));
    assert!(!c.case(&anna, &c1).await.unwrap().may_close);
    assert_eq!(problem(c.close_case(&anna, &c1, &nothing).await).0, ErrorCode::Forbidden);
    // A rating out of range is refused in words, changing nothing.
    let (status, body) =
        common::raw_with(&server.base, "POST", "/api/v1/cases/c-poly-1/close", &auth, r#"{"rating":{"score":9}}"#)
            .await;
    assert!((400..500).contains(&status), "{status} {body}");
    assert!(body.contains(r#""code":"bad_request""#) && body.contains("score"), "{body}");
    assert!(c.case(&maria, &c1).await.unwrap().closed_at.is_none());

    let before = now();
    let rating = Rating::new(5, Some("Всё решили за один раз".into())).unwrap();
    let closed = c.close_case(&maria, &c1, &CloseCaseRequest { rating: Some(rating.clone()) }).await.unwrap();
    assert_eq!(closed.closed_by.as_ref().map(StaffId::as_str), Some("maria"));
    assert_eq!(closed.closed_by_name.as_deref(), Some("Мария Иванова"));
    assert!(closed.closed_at.is_some_and(|at| at >= before));
    assert_eq!(closed.rating, Some(rating));
    assert!(!closed.may_close);
    // Once: a second close is refused and changes nothing; everyone who sees it reads the same close.
    let again = CloseCaseRequest { rating: Some(Rating::new(1, None).unwrap()) };
    assert_eq!(problem(c.close_case(&maria, &c1, &again).await), (ErrorCode::BadRequest, Some(Problem::CaseClosed)));
    assert_eq!(c.case(&maria, &c1).await.unwrap(), closed);
    // Igor sees his taxi only: the close and its score, not the visitor's words, nor the escort's label.
    let igors = c.case(&igor, &c1).await.unwrap();
    assert_eq!(igors.closed_at, closed.closed_at);
    assert_eq!(igors.rating, closed.rating.as_ref().map(Rating::without_comment));
    assert_eq!(igors.visitor.as_deref(), Some("Н. П. С."));
    let annas = c.case(&anna, &c1).await.unwrap();
    assert_eq!(annas.visitor.as_deref(), Some("Т. В. К."), "the label of the task she sees");
});

both_stores!(a_case_in_one_zone_is_closed_by_whoever_sees_all_of_it, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let c = &server.client;
    let (anna, igor) = (token(c, "anna", "1111").await, token(c, "igor", "2222").await);
    let c9 = case("case-t-entrance-9");
    for (n, id) in ["t-entrance-9", "t-entrance-10"].into_iter().enumerate() {
        let task = NewTaskRequest {
            id: TaskId::new(id).unwrap(),
            zone: ZoneId::new("poly-12-entrance").unwrap(),
            case_id: Some(c9.clone()),
            priority: Priority::Normal,
            details: TaskDetails::NonStandard(NonStandard { description: "Потерял номерок".into() }),
            met_at: now().plus_minutes(-3),
        };
        push(c, &anna, &format!("op-new-{n}"), OpChange::Create { task }).await;
    }
    assert_eq!(problem(c.case(&igor, &c9).await).0, ErrorCode::NotFound, "another floor's administrator");
    push(c, &anna, "op-x1", cancel("t-entrance-9")).await;
    push(c, &anna, "op-x2", cancel("t-entrance-10")).await;
    let view = c.case(&anna, &c9).await.unwrap();
    assert_eq!((view.hidden, view.visitor.clone(), view.may_close), (0, None, true));
    // The visitor did not want to rate: closed without a rating.
    let closed = c.close_case(&anna, &c9, &CloseCaseRequest::default()).await.unwrap();
    assert_eq!((closed.closed_by.as_ref().map(StaffId::as_str), closed.rating), (Some("anna"), None));
    assert!(closed.closed_at.is_some());
});
