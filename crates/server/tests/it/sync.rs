//! The sync protocol end to end: the real server over each store, driven through the real client.

use crate::common;
use floordesk_client::Client;
use floordesk_domain::{
    Action, Priority, Role, StaffId, Step, StepName, TaskDetails, TaskId, TaskKind, TaskStatus, TaxiOrder, Timestamp,
    TransitionError, ZoneId,
};
use floordesk_protocol::{
    ErrorCode, LiveMessage, LoginRequest, NewTaskRequest, Op, OpChange, OpResult, Outcome, PushRequest, Rejection,
    SYNC_PROTOCOL_VERSION,
};
use floordesk_server::{auth, demo, now, store::Seed, store::StaffRecord};

fn staff(id: &str) -> StaffId {
    StaffId::new(id).unwrap()
}

async fn token(client: &Client, id: &str, code: &str) -> String {
    client.login(&LoginRequest::new(staff(id), code)).await.unwrap().token
}

fn op(id: &str, change: OpChange) -> Op {
    Op { id: id.into(), device_time: now(), base_version: 0, change }
}

fn claim(op_id: &str, task: &str) -> Op {
    op(op_id, OpChange::Act { task: TaskId::new(task).unwrap(), action: Action::Claim })
}

async fn push_one(client: &Client, token: &str, device: &str, op: Op) -> OpResult {
    let request = PushRequest { protocol: SYNC_PROTOCOL_VERSION, device: device.into(), ops: vec![op], sent_at: None };
    let mut response = client.push(token, &request).await.unwrap();
    assert_eq!(response.results.len(), 1);
    response.results.remove(0)
}

both_stores!(a_claim_is_applied_once_and_a_resend_gets_the_first_result, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let anna = token(&server.client, "anna", "1111").await;
    let first = push_one(&server.client, &anna, "hh-1", claim("op-1", "t-poly-routing-1")).await;
    let Outcome::Accepted { seq, task, .. } = &first.outcome else { panic!("claim rejected: {first:?}") };
    assert_eq!(task.assignee, Some(staff("anna")));
    assert_eq!(task.status, TaskStatus::Accepted);
    let again = push_one(&server.client, &anna, "hh-1", claim("op-1", "t-poly-routing-1")).await;
    assert_eq!(again, first, "a resent op returns its first result");
    let page = server.client.pull(&anna, seq - 1, 100).await.unwrap();
    assert_eq!(page.changes.len(), 1, "applied once: one change");
    assert_eq!(page.changes[0].seq, *seq);
    assert_eq!(page.changes[0].task.version, task.version);
});

both_stores!(confirming_a_meeting_plans_its_escort_in_the_same_op_and_only_once, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let sergey = token(&server.client, "sergey", "8888").await;
    let confirm = |op_id: &str, escort: &str| {
        op(
            op_id,
            OpChange::ConfirmMeeting {
                task: TaskId::new("t-ed-meeting-1").unwrap(),
                escort: TaskId::new(escort).unwrap(),
            },
        )
    };
    let first = push_one(&server.client, &sergey, "desk", confirm("op-m1", "t-ed-meeting-1-escort")).await;
    let Outcome::Accepted { seq, task: meeting, planned } = &first.outcome else {
        panic!("confirm rejected: {first:?}")
    };
    let TaskDetails::RelativeMeeting(m) = &meeting.details else { panic!("a meeting") };
    assert_eq!(m.confirmed_slot, Some(m.requested_slot));
    let page = server.client.pull(&sergey, seq - 1, 100).await.unwrap();
    assert_eq!(page.changes.len(), 2, "the meeting and its escort, one op: {:?}", page.changes);
    let escort = &page.changes[1].task;
    assert_eq!(planned.as_deref(), Some(escort), "the answer carries the planned escort");
    assert_eq!(escort.id.as_str(), "t-ed-meeting-1-escort");
    assert_eq!((escort.met_at, escort.case_id.as_ref()), (m.requested_slot, meeting.case_id.as_ref()));
    let TaskDetails::Escort(e) = &escort.details else { panic!("an escort") };
    // From where the meeting was arranged, by the site's name for it: no word of anyone's screen language.
    assert_eq!(
        (e.from.as_str(), e.to.as_str(), e.visitor.as_str()),
        ("Вестибюль", m.department.as_str(), m.relative.as_str())
    );
    assert_eq!(push_one(&server.client, &sergey, "desk", confirm("op-m1", "t-ed-meeting-1-escort")).await, first);
    let again = push_one(&server.client, &sergey, "desk", confirm("op-m2", "t-ed-meeting-1-escort-2")).await;
    let confirmed_already = Rejection::Transition { error: TransitionError::MeetingConfirmed };
    assert!(matches!(&again.outcome, Outcome::Rejected { reason, .. } if *reason == confirmed_already), "{again:?}");
    assert!(server.client.pull(&sergey, seq + 1, 100).await.unwrap().changes.is_empty(), "nothing more written");
    let dmitry = token(&server.client, "dmitry", "5555").await;
    let by_admin = push_one(&server.client, &dmitry, "hh", confirm("op-d", "t-other-escort")).await;
    let not_organiser =
        Rejection::Transition { error: TransitionError::NotMeetingOrganiser { role: Role::Administrator } };
    assert!(matches!(&by_admin.outcome, Outcome::Rejected { reason, .. } if *reason == not_organiser), "{by_admin:?}");
});

both_stores!(a_confirmation_by_detail_edit_is_finished_by_the_op_and_never_undone, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let sergey = token(&server.client, "sergey", "8888").await;
    let meeting_id = TaskId::new("t-ed-meeting-1").unwrap();
    let page = server.client.pull(&sergey, 0, 1000).await.unwrap();
    let meeting = page.changes.iter().rev().find(|c| c.task.id == meeting_id).unwrap().task.clone();
    let TaskDetails::RelativeMeeting(asked) = meeting.details.clone() else { panic!("a meeting") };
    // A client that "confirms" with a detail change and plans the escort as a task of its own: the detail change
    // does not confirm (only the op does), the escort is created.
    let old_confirm = TaskDetails::RelativeMeeting(floordesk_domain::RelativeMeeting {
        confirmed_slot: Some(asked.requested_slot),
        ..asked.clone()
    });
    let details = push_one(
        &server.client,
        &sergey,
        "old",
        op("op-o1", OpChange::Details { task: meeting_id.clone(), details: old_confirm }),
    )
    .await;
    let Outcome::Accepted { task, .. } = &details.outcome else { panic!("{details:?}") };
    assert!(matches!(&task.details, TaskDetails::RelativeMeeting(m) if m.confirmed_slot.is_none()));
    let escort = NewTaskRequest {
        id: TaskId::new("t-ed-meeting-1-escort").unwrap(),
        zone: meeting.zone.clone(),
        case_id: meeting.case_id.clone(),
        priority: Priority::Normal,
        details: TaskDetails::Escort(floordesk_domain::Escort {
            visitor: asked.relative.clone(),
            from: "Вход".into(),
            to: asked.department.clone(),
            aid: floordesk_domain::MobilityAid::Walking,
            patient_ready: false,
        }),
        met_at: asked.requested_slot,
    };
    let created = push_one(&server.client, &sergey, "old", op("op-o2", OpChange::Create { task: escort })).await;
    assert!(matches!(created.outcome, Outcome::Accepted { .. }), "{created:?}");
    // The new op confirms the meeting and plans nothing more: the escort is there already.
    let confirm =
        OpChange::ConfirmMeeting { task: meeting_id.clone(), escort: TaskId::new("t-ed-meeting-1-escort").unwrap() };
    let confirmed = push_one(&server.client, &sergey, "new", op("op-n1", confirm)).await;
    let Outcome::Accepted { seq, task, planned } = &confirmed.outcome else { panic!("{confirmed:?}") };
    assert!(planned.is_none(), "no second escort");
    assert!(matches!(&task.details, TaskDetails::RelativeMeeting(m) if m.confirmed_slot == Some(asked.requested_slot)));
    assert_eq!(server.client.pull(&sergey, seq - 1, 100).await.unwrap().changes.len(), 1, "the meeting only");
    // A stale move of the slot from a device that had not heard is applied without moving it, never refused.
    let moved = TaskDetails::RelativeMeeting(floordesk_domain::RelativeMeeting {
        requested_slot: asked.requested_slot.plus_minutes(15),
        confirmed_slot: None,
        ..asked.clone()
    });
    let stale =
        push_one(&server.client, &sergey, "old", op("op-o3", OpChange::Details { task: meeting_id, details: moved }))
            .await;
    let Outcome::Accepted { task, .. } = &stale.outcome else { panic!("{stale:?}") };
    assert!(matches!(&task.details, TaskDetails::RelativeMeeting(m)
        if m.requested_slot == asked.requested_slot && m.confirmed_slot == Some(asked.requested_slot)));
});

/// The demo site with a second administrator at the entrance, Вера (code 1234), beside Anna.
async fn boot_with_vera(db: common::Db) -> common::Running {
    let mut seed = Seed {
        sites: demo::sites(),
        staff: demo::staff_records(&common::code_key()),
        tasks: demo::tasks(now()),
        ..Seed::default()
    };
    seed.staff.push(entrance_admin("vera", "Вера Орлова"));
    common::boot(db, false, None, Some(seed)).await
}

/// An administrator of the polyclinic's entrance, code 1234.
fn entrance_admin(id: &str, name: &str) -> StaffRecord {
    StaffRecord {
        profile: floordesk_protocol::StaffProfile {
            id: staff(id),
            display_name: name.into(),
            role: Role::Administrator,
            site: floordesk_domain::SiteId::new("poly-12").unwrap(),
            zone: Some(ZoneId::new("poly-12-entrance").unwrap()),
        },
        code_salt: "s".into(),
        code_hash: auth::hash_code("s", "1234"),
        demo_code: None,
        active: true,
    }
}

both_stores!(a_second_claim_is_rejected_as_already_taken_by_name, |db| async move {
    let server = boot_with_vera(db).await;
    let anna = token(&server.client, "anna", "1111").await;
    let vera = token(&server.client, "vera", "1234").await;
    push_one(&server.client, &anna, "hh-1", claim("op-a", "t-poly-routing-1")).await;
    let late = push_one(&server.client, &vera, "hh-2", claim("op-o", "t-poly-routing-1")).await;
    let Outcome::Rejected { reason: Rejection::AlreadyTaken { holder, holder_name, since }, message } = late.outcome
    else {
        panic!("expected already taken: {late:?}")
    };
    assert_eq!((holder, holder_name.as_str()), (staff("anna"), "Анна Смирнова"));
    assert!(since.is_some());
    assert!(message.starts_with("Already taken by Анна Смирнова"), "{message}");
});

both_stores!(one_hundred_simultaneous_claims_have_exactly_one_winner, |db| async move {
    let mut seed = Seed {
        sites: demo::sites(),
        staff: demo::staff_records(&common::code_key()),
        tasks: demo::tasks(now()),
        ..Seed::default()
    };
    for n in 0..100 {
        seed.staff.push(entrance_admin(&format!("admin-{n}"), &format!("Администратор {n}")));
    }
    let server = common::boot(db, false, None, Some(seed)).await;
    let mut tokens = Vec::new();
    for n in 0..100 {
        tokens.push(token(&server.client, &format!("admin-{n}"), "1234").await);
    }
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(100));
    let mut claims = Vec::new();
    for (n, token) in tokens.into_iter().enumerate() {
        let (client, start) = (server.client.clone(), start.clone());
        claims.push(tokio::spawn(async move {
            start.wait().await;
            push_one(&client, &token, &format!("hh-{n}"), claim(&format!("op-{n}"), "t-poly-routing-1")).await
        }));
    }
    let mut winners = Vec::new();
    let mut taken = 0;
    for claim in claims {
        match claim.await.unwrap().outcome {
            Outcome::Accepted { task, .. } => winners.push(task.assignee.unwrap()),
            Outcome::Rejected { reason: Rejection::AlreadyTaken { .. }, .. } => taken += 1,
            other => panic!("unexpected outcome {other:?}"),
        }
    }
    assert_eq!(winners.len(), 1, "exactly one winner");
    assert_eq!(taken, 99);
    let boss = token(&server.client, "admin-0", "1234").await;
    let page = server.client.pull(&boss, 0, 1000).await.unwrap();
    let last = page.changes.iter().rev().find(|c| c.task.id.as_str() == "t-poly-routing-1").unwrap();
    assert_eq!(last.task.assignee.as_ref(), Some(&winners[0]));
});

both_stores!(one_hundred_parallel_edits_of_one_task_are_all_decided_none_fails, |db| async move {
    // A supervisor's desk and the holder's handheld editing one task at once, 100 times: every edit is decided
    // (applied, in the server's order), none is answered 5xx, and the task's version counts each one.
    let server = common::boot(db, true, None, None).await;
    let maria = token(&server.client, "maria", "4444").await;
    let routing = TaskId::new("t-poly-routing-1").unwrap();
    let page = server.client.pull(&maria, 0, 1000).await.unwrap();
    let before = page.changes.iter().rev().find(|c| c.task.id == routing).unwrap().task.version;
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(100));
    let edits = (0..100).map(|n| {
        let (client, token, start, task) = (server.client.clone(), maria.clone(), start.clone(), routing.clone());
        tokio::spawn(async move {
            start.wait().await;
            let details = TaskDetails::Routing(floordesk_domain::Routing {
                purpose: format!("Справка {n}"),
                destination: Some(format!("Кабинет {n}")),
            });
            let request = PushRequest {
                protocol: SYNC_PROTOCOL_VERSION,
                device: format!("desk-{n}"),
                ops: vec![op(&format!("op-edit-{n}"), OpChange::Details { task, details })],
                sent_at: None,
            };
            client.push(&token, &request).await
        })
    });
    let answers = futures_join(edits).await;
    let failed: Vec<_> = answers.iter().filter_map(|a| a.as_ref().err()).collect();
    assert!(failed.is_empty(), "{} of 100 edits failed: {failed:?}", failed.len());
    let applied =
        answers.iter().filter(|a| matches!(a.as_ref().unwrap().results[0].outcome, Outcome::Accepted { .. })).count();
    assert_eq!(applied, 100);
    let page = server.client.pull(&maria, 0, 1000).await.unwrap();
    let after = page.changes.iter().rev().find(|c| c.task.id == routing).unwrap().task.version;
    assert_eq!(after, before + 100, "each edit is one version");
});

both_stores!(ops_are_checked_against_role_site_and_state, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let anna = token(&server.client, "anna", "1111").await;
    let dmitry = token(&server.client, "dmitry", "5555").await;
    // Another site's task.
    let other = push_one(&server.client, &dmitry, "hh-d", claim("op-x", "t-poly-routing-1")).await;
    assert!(matches!(other.outcome, Outcome::Rejected { reason: Rejection::OtherSite, .. }), "{other:?}");
    // No such task.
    let missing = push_one(&server.client, &anna, "hh-a", claim("op-m", "t-nope")).await;
    assert!(matches!(missing.outcome, Outcome::Rejected { reason: Rejection::UnknownTask, .. }), "{missing:?}");
    // An escort whose patient is not ready cannot start.
    push_one(&server.client, &token(&server.client, "olga", "3333").await, "hh-o", claim("op-c", "t-poly-escort-2"))
        .await;
    let olga = token(&server.client, "olga", "3333").await;
    let start = op("op-s", OpChange::Act { task: TaskId::new("t-poly-escort-2").unwrap(), action: Action::Start });
    let refused = push_one(&server.client, &olga, "hh-o", start).await;
    let Outcome::Rejected { reason: Rejection::Transition { .. }, message } = &refused.outcome else {
        panic!("{refused:?}")
    };
    assert!(message.to_lowercase().contains("patient"), "{message}");
    // A polyclinic meets no ambulances: its administrator may not register one; in an emergency centre meeting
    // the crews is the administrators' own duty.
    let crew = |op_id: &str, id: &str, zone: &str| {
        op(
            op_id,
            OpChange::Create {
                task: NewTaskRequest {
                    id: TaskId::new(id).unwrap(),
                    zone: ZoneId::new(zone).unwrap(),
                    case_id: None,
                    priority: Priority::Urgent,
                    details: TaskDetails::AmbulanceArrival(floordesk_domain::AmbulanceArrival {
                        crew_number: "412".into(),
                        eta: now().plus_minutes(5),
                        transport: floordesk_domain::AmbulanceTransport::Stretcher,
                        destination: "Шоковый зал".into(),
                        arrived_at: None,
                    }),
                    met_at: now(),
                },
            },
        )
    };
    let registered = push_one(&server.client, &dmitry, "hh-d", crew("op-ed-new", "t-new-ed", "ed-1-lobby")).await;
    assert!(matches!(registered.outcome, Outcome::Accepted { .. }), "{registered:?}");
    let create = crew("op-new", "t-new-1", "poly-12-entrance");
    let refused = push_one(&server.client, &anna, "hh-a", create).await;
    assert!(matches!(refused.outcome, Outcome::Rejected { reason: Rejection::NotAllowedToCreate, .. }), "{refused:?}");
});

both_stores!(a_created_task_is_measured_from_the_device_time_the_visitor_was_met, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let anna = token(&server.client, "anna", "1111").await;
    let met_at = Timestamp(now().0 - 20 * 60_000);
    let create = Op {
        id: "op-create".into(),
        device_time: met_at.plus_minutes(2),
        base_version: 0,
        change: OpChange::Create {
            task: NewTaskRequest {
                id: TaskId::new("t-created").unwrap(),
                zone: ZoneId::new("poly-12-entrance").unwrap(),
                case_id: None,
                priority: Priority::Normal,
                details: TaskDetails::KioskHelp(floordesk_domain::KioskHelp {
                    visitor: "Талон А-200".into(),
                    service: "Запись к терапевту".into(),
                }),
                met_at,
            },
        },
    };
    let created = push_one(&server.client, &anna, "hh-a", create).await;
    let Outcome::Accepted { task, .. } = created.outcome else { panic!("{created:?}") };
    assert_eq!(
        (task.met_at, task.created_at, task.created_by.clone()),
        (met_at, met_at.plus_minutes(2), staff("anna"))
    );
    let list = server.client.tasks(&anna).await.unwrap();
    let shown = list.pool.iter().find(|v| v.task.id == task.id).expect("the new task is in Anna's zone pool");
    assert_eq!(list.deadlines.due(&shown.task).start_by, Some(met_at.plus_minutes(15)));
});

both_stores!(the_audit_log_shows_applied_and_rejected_ops_to_supervisors_only, |db| async move {
    let server = boot_with_vera(db).await;
    let anna = token(&server.client, "anna", "1111").await;
    let vera = token(&server.client, "vera", "1234").await;
    push_one(&server.client, &anna, "hh-a", claim("op-a", "t-poly-routing-1")).await;
    push_one(&server.client, &vera, "hh-o", claim("op-o", "t-poly-routing-1")).await;
    let denied = server.client.audit(&anna, 0, 10).await.unwrap_err();
    assert_eq!(denied.code, ErrorCode::Forbidden);
    let maria = token(&server.client, "maria", "4444").await;
    let page = server.client.audit(&maria, 0, 10).await.unwrap();
    let lines: Vec<_> =
        page.entries.iter().map(|e| (e.op.as_str(), e.actor.as_str(), e.accepted, e.device.as_str())).collect();
    assert_eq!(lines, [("op-a", "anna", true, "hh-a"), ("op-o", "vera", false, "hh-o")]);
    assert!(matches!(page.entries[1].reason, Some(Rejection::AlreadyTaken { .. })));
    assert!(page.entries[0].before.as_ref().is_some_and(|t| t.assignee.is_none()));
    assert!(page.entries[0].after.as_ref().is_some_and(|t| t.assignee == Some(staff("anna"))));
});

both_stores!(pull_pages_through_the_whole_feed, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let anna = token(&server.client, "anna", "1111").await;
    let all = server.client.pull(&anna, 0, 1000).await.unwrap();
    assert!(!all.more);
    let mut paged = Vec::new();
    let mut after = 0;
    loop {
        let page = server.client.pull(&anna, after, 3).await.unwrap();
        assert!(page.changes.len() <= 3);
        paged.extend(page.changes);
        after = page.next_after;
        if !page.more {
            break;
        }
    }
    assert_eq!(paged, all.changes);
    assert!(all.changes.iter().all(|c| c.task.site.as_str() == "poly-12"));
});

both_stores!(bad_pushes_get_clear_errors_and_change_nothing, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let anna = token(&server.client, "anna", "1111").await;
    let before = server.client.pull(&anna, 0, 1000).await.unwrap();
    let old =
        PushRequest { protocol: 99, device: "hh".into(), ops: vec![claim("op-1", "t-poly-routing-1")], sent_at: None };
    let err = server.client.push(&anna, &old).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::BadRequest);
    assert!(err.message.contains("protocol 99") && err.message.contains("update the app"), "{}", err.message);
    assert_eq!(err.problem, None, "an app too old to know problems reads the refusal");
    let big = PushRequest {
        protocol: SYNC_PROTOCOL_VERSION,
        device: "hh".into(),
        ops: (0..=floordesk_protocol::MAX_PUSH_OPS).map(|n| claim(&format!("op-{n}"), "t-poly-routing-1")).collect(),
        sent_at: None,
    };
    let err = server.client.push(&anna, &big).await.unwrap_err();
    assert!(err.message.contains("at most 500 ops"), "{}", err.message);
    let auth = format!("Bearer {anna}");
    let (status, _) = common::raw_with(
        &server.base,
        "POST",
        floordesk_protocol::paths::PUSH,
        &auth,
        &serde_json::to_string(&big).unwrap(),
    )
    .await;
    assert_eq!(status, 413);
    // A newer app's push (unknown fields and all) is told to update, not that a field is unknown.
    let newer = r#"{"protocol":6,"device":"hh","ops":[],"priority_hint":"high"}"#;
    let (status, body) = common::raw_with(&server.base, "POST", floordesk_protocol::paths::PUSH, &auth, newer).await;
    assert_eq!(status, 400);
    assert!(body.contains("sync protocol 6") && body.contains("update the app"), "{body}");
    // An app older than the rules (protocol 1 to 4) cannot read today's tasks: it is told to update.
    for old in [1, 2, 3, 4] {
        let older = format!(r#"{{"protocol":{old},"device":"hh","ops":[]}}"#);
        let (status, body) =
            common::raw_with(&server.base, "POST", floordesk_protocol::paths::PUSH, &auth, &older).await;
        assert_eq!(status, 400, "{body}");
        assert!(body.contains(&format!("sync protocol {old}")) && body.contains("update the app"), "{body}");
        // The error as an app of that age reads it: its `ApiError` knew only these two fields, and no others.
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct OldApiError {
            code: ErrorCode,
            message: String,
        }
        let json = body.split("\r\n\r\n").nth(1).unwrap_or_default();
        assert!(serde_json::from_str::<OldApiError>(json).is_ok(), "an older app cannot read {body}");
    }
    let current = r#"{"protocol":5,"device":"hh","ops":[]}"#;
    let (status, body) = common::raw_with(&server.base, "POST", floordesk_protocol::paths::PUSH, &auth, current).await;
    assert_eq!(status, 200, "{body}");
    let unknown = r#"{"protocol":5,"device":"hh","ops":[],"priority_hint":"high"}"#;
    let (status, body) = common::raw_with(&server.base, "POST", floordesk_protocol::paths::PUSH, &auth, unknown).await;
    assert_eq!(status, 422);
    assert!(body.contains("unknown field `priority_hint`"), "{body}");
    // Unknown fields deep inside an op (its action, its task details) are refused too, not silently dropped.
    let deep = r#"{"protocol":5,"device":"hh","ops":[{"id":"op-9","device_time":1,"base_version":0,
        "change":{"op":"act","task":"t-poly-routing-1","action":{"action":"claim","force":true}}}]}"#;
    let (status, body) = common::raw_with(&server.base, "POST", floordesk_protocol::paths::PUSH, &auth, deep).await;
    assert_eq!(status, 422);
    assert!(body.contains("unknown field `force`"), "{body}");
    let err = server.client.push("expired-or-forged", &old).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Unauthorized);
    let nameless = PushRequest { protocol: SYNC_PROTOCOL_VERSION, device: String::new(), ops: vec![], sent_at: None };
    assert_eq!(server.client.push(&anna, &nameless).await.unwrap_err().code, ErrorCode::BadRequest);
    assert_eq!(server.client.pull(&anna, 0, 1000).await.unwrap(), before, "nothing was applied");
});

/// The next live message, failing the test after 10 s.
async fn next_live(live: &mut floordesk_client::Live) -> LiveMessage {
    tokio::time::timeout(std::time::Duration::from_secs(10), live.next())
        .await
        .expect("a live message within 10 s")
        .expect("the channel is open")
        .expect("a readable message")
}

both_stores!(the_live_channel_announces_a_change_of_my_site_at_once, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let maria = token(&server.client, "maria", "4444").await;
    let tatiana = token(&server.client, "tatiana", "0000").await;
    let mut poly = server.client.live(&maria).await.unwrap();
    let mut ed = server.client.live(&tatiana).await.unwrap();
    let anna = token(&server.client, "anna", "1111").await;
    let result = push_one(&server.client, &anna, "hh-a", claim("op-1", "t-poly-routing-1")).await;
    let Outcome::Accepted { seq, task, .. } = result.outcome else { panic!("{result:?}") };
    assert_eq!(next_live(&mut poly).await, LiveMessage::Change { seq, task: Some(task) });
    // The other site hears nothing of it: its next message is its own site's change.
    let dmitry = token(&server.client, "dmitry", "5555").await;
    let result = push_one(&server.client, &dmitry, "hh-d", claim("op-2", "t-ed-routing-1")).await;
    let Outcome::Accepted { seq, .. } = result.outcome else { panic!("{result:?}") };
    assert!(matches!(next_live(&mut ed).await, LiveMessage::Change { seq: s, .. } if s == seq));
    let err = server.client.live("forged").await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Unauthorized, "a forged token cannot open the channel");
});

/// A device has nothing to say on the live channel but a close: a message past a few KiB closes it (the channel's
/// read buffer is sized for that, not tungstenite's 128 KiB), and a new channel opens as before.
#[tokio::test]
async fn the_live_channel_closes_on_a_message_too_big_to_be_a_devices() {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;
    let server = common::boot(common::Db::Sqlite, true, None, None).await;
    let maria = token(&server.client, "maria", "4444").await;
    let (status, response) =
        common::raw_with(&server.base, "POST", floordesk_protocol::paths::LIVE_TICKET, &format!("Bearer {maria}"), "")
            .await;
    assert_eq!(status, 200, "{response}");
    let body = &response[response.find("\r\n\r\n").map_or(0, |i| i + 4)..];
    let ticket: floordesk_protocol::LiveTicket = serde_json::from_str(body).expect("a ticket");
    let url = format!(
        "{}{}?ticket={}",
        server.base.replacen("http", "ws", 1),
        floordesk_protocol::paths::LIVE,
        ticket.ticket
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(url).await.expect("the live channel opens");
    socket.send(Message::Text("x".repeat(64 * 1024).into())).await.expect("sent");
    let closed = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        loop {
            match socket.next().await {
                Some(Ok(Message::Close(frame))) => return frame.map(|f| u16::from(f.code)),
                Some(Ok(_)) => {}
                Some(Err(_)) | None => return None,
            }
        }
    })
    .await
    .expect("the server closes the channel");
    assert!(closed.is_none_or(|code| code == 1009), "closed with {closed:?}");
    let mut again = server.client.live(&maria).await.expect("a new channel opens");
    let anna = token(&server.client, "anna", "1111").await;
    let result = push_one(&server.client, &anna, "hh-a", claim("op-big", "t-poly-routing-1")).await;
    let Outcome::Accepted { seq, .. } = result.outcome else { panic!("{result:?}") };
    assert!(matches!(next_live(&mut again).await, LiveMessage::Change { seq: s, .. } if s == seq));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs PostgreSQL: run by `cargo xtask test`"]
async fn two_instances_on_one_postgres_hear_each_others_changes() {
    let url = common::fresh_postgres_url().await;
    let writer = common::boot_on(url.clone(), tempfile::tempdir().unwrap(), true, None).await;
    let reader = common::boot_on(url, tempfile::tempdir().unwrap(), true, None).await;
    let maria = token(&reader.client, "maria", "4444").await;
    let mut live = reader.client.live(&maria).await.unwrap();
    let anna = token(&writer.client, "anna", "1111").await;
    let result = push_one(&writer.client, &anna, "hh-a", claim("op-1", "t-poly-routing-1")).await;
    let Outcome::Accepted { seq, task, .. } = result.outcome else { panic!("{result:?}") };
    assert_eq!(next_live(&mut live).await, LiveMessage::Change { seq, task: Some(task) });
}

both_stores!(metrics_count_ops_logins_and_live_channels, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let anna = token(&server.client, "anna", "1111").await;
    let olga = token(&server.client, "olga", "3333").await;
    let _live = server.client.live(&anna).await.unwrap();
    push_one(&server.client, &anna, "hh-a", claim("op-a", "t-poly-routing-1")).await;
    push_one(&server.client, &olga, "hh-o", claim("op-o", "t-poly-routing-1")).await;
    server.client.login(&LoginRequest::new(staff("igor"), "0000")).await.unwrap_err();
    // The live channel counts once its upgrade has run: wait for it rather than race it.
    let mut text = String::new();
    for _ in 0..100 {
        text = common::raw(&server.base, "GET", "/metrics", None, "").await.1;
        if text.lines().any(|l| l == "floordesk_live_connections 1") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    for line in [
        "floordesk_ops_accepted_total 1",
        "floordesk_ops_rejected_total 1",
        "floordesk_failed_logins_total 1",
        "floordesk_live_connections 1",
        "# TYPE floordesk_http_requests_total counter",
    ] {
        assert!(text.lines().any(|l| l == line), "no `{line}` in:\n{text}");
    }
});

both_stores!(op_ids_belong_to_their_sender, |db| async move {
    let server = boot_with_vera(db).await;
    let anna = token(&server.client, "anna", "1111").await;
    let vera = token(&server.client, "vera", "1234").await;
    let first = push_one(&server.client, &anna, "hh-a", claim("op-1", "t-poly-routing-1")).await;
    assert!(matches!(first.outcome, Outcome::Accepted { .. }));
    // Vera's device happens to use the same id: she gets her own answer, not Anna's.
    let hers = push_one(&server.client, &vera, "hh-o", claim("op-1", "t-poly-routing-1")).await;
    assert!(matches!(hers.outcome, Outcome::Rejected { reason: Rejection::AlreadyTaken { .. }, .. }), "{hers:?}");
});

both_stores!(assigning_needs_a_person_of_the_same_site, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let maria = token(&server.client, "maria", "4444").await;
    let assign = |id: &str, to: &str| {
        op(
            id,
            OpChange::Act { task: TaskId::new("t-poly-routing-1").unwrap(), action: Action::Assign { to: staff(to) } },
        )
    };
    let nobody = push_one(&server.client, &maria, "pc-m", assign("op-1", "nobody")).await;
    assert!(matches!(nobody.outcome, Outcome::Rejected { reason: Rejection::UnknownStaff, .. }), "{nobody:?}");
    let elsewhere = push_one(&server.client, &maria, "pc-m", assign("op-2", "dmitry")).await;
    assert!(matches!(elsewhere.outcome, Outcome::Rejected { reason: Rejection::OtherSite, .. }), "{elsewhere:?}");
    let igor = push_one(&server.client, &maria, "pc-m", assign("op-3", "igor")).await;
    let Outcome::Accepted { task, .. } = igor.outcome else { panic!("{igor:?}") };
    assert_eq!(task.assignee, Some(staff("igor")));
});

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn another_sites_task_never_enters_this_sites_audit_log() {
    let server = common::boot(common::Db::Sqlite, true, None, None).await;
    let dmitry = token(&server.client, "dmitry", "5555").await;
    let refused = push_one(&server.client, &dmitry, "hh-d", claim("op-x", "t-poly-routing-1")).await;
    assert!(matches!(refused.outcome, Outcome::Rejected { reason: Rejection::OtherSite, .. }));
    let tatiana = token(&server.client, "tatiana", "0000").await;
    let page = server.client.audit(&tatiana, 0, 10).await.unwrap();
    assert_eq!(page.entries.len(), 1);
    assert_eq!((page.entries[0].before.as_ref(), page.entries[0].after.as_ref()), (None, None));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs PostgreSQL: run by `cargo xtask test`"]
async fn devices_are_told_to_resync_when_the_notifications_drop() {
    use sqlx::Connection;
    let server = common::boot(common::Db::Postgres, true, None, None).await;
    let maria = token(&server.client, "maria", "4444").await;
    let mut live = server.client.live(&maria).await.unwrap();
    let mut admin = sqlx::PgConnection::connect(&server.url).await.unwrap();
    let killed: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND query ILIKE 'listen%'",
    )
    .fetch_all(&mut admin)
    .await
    .unwrap();
    assert_eq!(killed, [true], "the server's listener connection was found and cut");
    assert_eq!(next_live(&mut live).await, LiveMessage::Resync);
    // And it listens again: the next change is announced.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let anna = token(&server.client, "anna", "1111").await;
    let result = push_one(&server.client, &anna, "hh-a", claim("op-1", "t-poly-routing-1")).await;
    let Outcome::Accepted { seq, .. } = result.outcome else { panic!("{result:?}") };
    loop {
        match next_live(&mut live).await {
            LiveMessage::Change { seq: s, .. } if s == seq => break,
            LiveMessage::Resync => continue,
            other => panic!("unexpected {other:?}"),
        }
    }
}

fn reassign(op_id: &str, task: &str, to: &str) -> Op {
    op(
        op_id,
        OpChange::Act { task: TaskId::new(task).unwrap(), action: Action::Reassign { to: staff(to), reason: None } },
    )
}

both_stores!(an_administrator_pulls_and_hears_only_their_zone_and_their_tasks, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let (anna, igor, maria) = (
        token(&server.client, "anna", "1111").await,
        token(&server.client, "igor", "2222").await,
        token(&server.client, "maria", "4444").await,
    );
    let mut anna_live = server.client.live(&anna).await.unwrap();
    let mut igor_live = server.client.live(&igor).await.unwrap();
    // Anna takes a task of her zone (the entrance): Igor (floor 2) neither pulls nor hears it.
    let claimed = push_one(&server.client, &anna, "hh-a", claim("op-1", "t-poly-routing-1")).await;
    let Outcome::Accepted { seq: claim_seq, task, .. } = claimed.outcome else { panic!("{claimed:?}") };
    assert_eq!(next_live(&mut anna_live).await, LiveMessage::Change { seq: claim_seq, task: Some(task) });
    // The supervisor gives it to Igor: both the one who lost it and the one who got it hear it at once.
    let moved = push_one(&server.client, &maria, "desk-m", reassign("op-2", "t-poly-routing-1", "igor")).await;
    let Outcome::Accepted { seq: move_seq, task, .. } = moved.outcome else { panic!("{moved:?}") };
    assert_eq!(task.handoffs, 1);
    let announced = LiveMessage::Change { seq: move_seq, task: Some(task) };
    assert_eq!(next_live(&mut igor_live).await, announced, "Igor's first message is the task given to him");
    assert_eq!(next_live(&mut anna_live).await, announced);
    let igor_feed = server.client.pull(&igor, 0, 1000).await.unwrap().changes;
    assert!(igor_feed.iter().all(|c| c.task.zone.as_str() == "poly-12-f2" || c.task.assignee == Some(staff("igor"))));
    let routing: Vec<u64> =
        igor_feed.iter().filter(|c| c.task.id.as_str() == "t-poly-routing-1").map(|c| c.seq).collect();
    assert_eq!(routing, [move_seq], "Igor's feed has the reassignment, not Anna's claim");
    let anna_feed = server.client.pull(&anna, claim_seq - 1, 1000).await.unwrap().changes;
    assert_eq!(anna_feed.iter().map(|c| c.seq).collect::<Vec<_>>(), [claim_seq, move_seq]);
    let olga = token(&server.client, "olga", "3333").await;
    let olga_feed = server.client.pull(&olga, claim_seq - 1, 1000).await.unwrap().changes;
    assert!(olga_feed.is_empty(), "floor 3 hears nothing of it: {olga_feed:?}");
    let site_feed = server.client.pull(&maria, 0, 1000).await.unwrap().changes;
    assert!(site_feed.len() > igor_feed.len(), "the supervisor follows the whole site");
});

both_stores!(an_administrator_acts_only_on_tasks_their_scope_shows, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let (olga, maria) = (token(&server.client, "olga", "3333").await, token(&server.client, "maria", "4444").await);
    // Olga covers floor 3; the entrance's unassigned routing task is not hers to take, nor to see through a refusal.
    for (n, change) in [
        OpChange::Act { task: TaskId::new("t-poly-routing-1").unwrap(), action: Action::Claim },
        OpChange::Details {
            task: TaskId::new("t-poly-routing-1").unwrap(),
            details: TaskDetails::Routing(floordesk_domain::Routing {
                purpose: "Справка".into(), destination: None
            }),
        },
        OpChange::Act { task: TaskId::new("t-poly-kiosk-1").unwrap(), action: Action::Start },
    ]
    .into_iter()
    .enumerate()
    {
        let result = push_one(&server.client, &olga, "hh-o", op(&format!("op-o{n}"), change)).await;
        assert!(matches!(result.outcome, Outcome::Rejected { reason: Rejection::UnknownTask, .. }), "{result:?}");
    }
    let site = server.client.pull(&maria, 0, 1000).await.unwrap().changes;
    let routing = site.iter().rev().find(|c| c.task.id.as_str() == "t-poly-routing-1").unwrap();
    assert_eq!((routing.task.status, routing.task.assignee.clone()), (TaskStatus::New, None));
    // Given to her by the supervisor, it is hers to act on.
    let given = push_one(
        &server.client,
        &maria,
        "desk-m",
        op("op-m1", OpChange::Act { task: routing.task.id.clone(), action: Action::Assign { to: staff("olga") } }),
    )
    .await;
    assert!(matches!(given.outcome, Outcome::Accepted { .. }), "{given:?}");
    let accepted = push_one(
        &server.client,
        &olga,
        "hh-o",
        op("op-o9", OpChange::Act { task: routing.task.id.clone(), action: Action::Accept }),
    )
    .await;
    assert!(matches!(accepted.outcome, Outcome::Accepted { .. }), "{accepted:?}");
});

/// The sign-in ends (after announcements of changes committed before it: on PostgreSQL a change committed just
/// before the channel opened may be announced just after), and then the channel closes.
async fn expect_session_ended(live: &mut floordesk_client::Live, words: &str) {
    let message = loop {
        match next_live(live).await {
            LiveMessage::SessionEnded { message } => break message,
            LiveMessage::Change { .. } => {}
            other => panic!("expected the sign-in to end, not {other:?}"),
        }
    };
    assert!(message.contains(words), "{message}");
    let closed = tokio::time::timeout(std::time::Duration::from_secs(10), live.next()).await.unwrap();
    assert!(closed.is_none(), "the server closes the channel: {closed:?}");
    assert_eq!(live.close_code(), Some(floordesk_protocol::LIVE_CLOSE_SESSION_ENDED), "not to be reopened");
}

both_stores!(supervisors_enrol_devices_that_bind_sessions_and_withdrawing_one_ends_them, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let c = &server.client;
    let maria = token(c, "maria", "4444").await;
    let anna = token(c, "anna", "1111").await;
    let err = c.enrol_device(&anna, "Entrance handheld").await.unwrap_err();
    assert_eq!(
        (err.code, err.message.as_str()),
        (ErrorCode::Forbidden, "Only a supervisor can enrol or withdraw devices.")
    );
    let err = c.enrol_device(&maria, "  ").await.unwrap_err();
    assert_eq!(err.code, ErrorCode::BadRequest);
    assert!(err.message.contains("1 to 80 characters"), "{}", err.message);
    let enrolled = c.enrol_device(&maria, "Floor 2 handheld").await.unwrap();
    assert_eq!((enrolled.device.name.as_str(), enrolled.device.site.as_str()), ("Floor 2 handheld", "poly-12"));
    // Newest first, after the demo's own handheld.
    let listed = c.devices(&maria).await.unwrap().devices;
    assert_eq!(
        listed.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
        [enrolled.device.id.as_str(), "dev-demo-poly-12"]
    );
    assert_eq!(listed[0], enrolled.device);
    let tatiana = token(c, "tatiana", "0000").await;
    let theirs = c.devices(&tatiana).await.unwrap().devices;
    assert!(theirs.iter().all(|d| d.site.as_str() == "ed-1"), "another site's devices are not listed");
    let credential = floordesk_protocol::DeviceCredential { id: enrolled.device.id.clone(), key: enrolled.key.clone() };
    let on_device = |id: &str, code: &str, key: &str| LoginRequest {
        device: Some(floordesk_protocol::DeviceCredential { key: key.into(), ..credential.clone() }),
        ..LoginRequest::new(staff(id), code)
    };
    let err = c.login(&on_device("igor", "2222", "wrong-key")).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Unauthorized);
    assert!(err.message.contains("not enrolled here"), "{}", err.message);
    let err = c.login(&on_device("dmitry", "5555", &enrolled.key)).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Unauthorized, "a device of another site signs no one in");
    let signed = c.login(&on_device("igor", "2222", &enrolled.key)).await.unwrap();
    assert_eq!(signed.signed_in.device.as_deref(), Some(enrolled.device.id.as_str()));
    let igor = signed.token;
    // The session belongs to its device: a push naming another device is refused, the device's own is taken.
    let accept = || op("op-1", OpChange::Act { task: TaskId::new("t-poly-taxi-1").unwrap(), action: Action::Accept });
    let request =
        PushRequest { protocol: SYNC_PROTOCOL_VERSION, device: "other".into(), ops: vec![accept()], sent_at: None };
    let err = c.push(&igor, &request).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
    assert!(err.message.contains(&enrolled.device.id), "{}", err.message);
    // A sign-in of no device (Anna's browser) cannot send work in the handheld's name either.
    let named = PushRequest { device: enrolled.device.id.clone(), ..request.clone() };
    let err = c.push(&anna, &named).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden, "{err:?}");
    assert!(err.message.contains("enrolled handheld"), "{}", err.message);
    let result = push_one(c, &igor, &enrolled.device.id, accept()).await;
    assert!(matches!(result.outcome, Outcome::Accepted { .. }), "{result:?}");
    // The handheld's clock, ten minutes behind, is recorded for its supervisor to see.
    let slow = PushRequest {
        device: enrolled.device.id.clone(),
        ops: vec![],
        sent_at: Some(now().plus_minutes(-10)),
        ..request.clone()
    };
    c.push(&igor, &slow).await.unwrap();
    let seen = c.devices(&maria).await.unwrap().devices.into_iter().find(|d| d.id == enrolled.device.id).unwrap();
    let behind = seen.clock_behind_ms.unwrap();
    assert!((600_000..630_000).contains(&behind), "{behind} ms behind");
    assert!(seen.seen_at.is_some());
    let mut igor_live = c.live(&igor).await.unwrap();
    let mut maria_live = c.live(&maria).await.unwrap();
    assert_eq!(c.revoke_device(&tatiana, &enrolled.device.id).await.unwrap_err().code, ErrorCode::NotFound);
    c.revoke_device(&maria, &enrolled.device.id).await.unwrap();
    expect_session_ended(&mut igor_live, "sign in again").await;
    assert_eq!(c.pull(&igor, 0, 10).await.unwrap_err().code, ErrorCode::Unauthorized);
    let err = c.login(&on_device("igor", "2222", &enrolled.key)).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Unauthorized, "a withdrawn device signs no one in");
    assert_eq!(c.revoke_device(&maria, &enrolled.device.id).await.unwrap_err().code, ErrorCode::NotFound);
    let listed = c.devices(&maria).await.unwrap().devices;
    assert!(listed[0].revoked_at.is_some());
    // The supervisor's browser session lives on, and so does her channel.
    push_one(c, &anna, "hh-a", claim("op-2", "t-poly-routing-1")).await;
    assert!(matches!(next_live(&mut maria_live).await, LiveMessage::Change { .. }));
});

both_stores!(signing_out_or_expiring_closes_the_live_channel, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let anna = token(&server.client, "anna", "1111").await;
    let mut live = server.client.live(&anna).await.unwrap();
    server.client.logout(&anna).await.unwrap();
    expect_session_ended(&mut live, "signed out").await;
    // A sign-in that runs out two seconds from now, written straight into the store the server uses.
    let short = "a-short-sign-in";
    let expires = Timestamp(now().0 + 2_000);
    if server.url.starts_with("sqlite:") {
        let store = floordesk_server::SqliteStore::open(&server.url).await.unwrap();
        floordesk_server::Store::create_session(&store, &auth::hash_token(short), &staff("olga"), None, now(), expires)
            .await
            .unwrap();
    } else {
        let store = floordesk_server::PgStore::open(&server.url).await.unwrap();
        floordesk_server::Store::create_session(&store, &auth::hash_token(short), &staff("olga"), None, now(), expires)
            .await
            .unwrap();
    }
    let mut live = server.client.live(short).await.unwrap();
    expect_session_ended(&mut live, "expired").await;
    assert_eq!(server.client.pull(short, 0, 1).await.unwrap_err().code, ErrorCode::Unauthorized);
});

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_server_for_enrolled_devices_only_admits_staff_only_on_them() {
    let dir = tempfile::tempdir().unwrap();
    let config = floordesk_server::Config {
        enrolled_devices_only: true,
        ..common::config(common::fresh_url(common::Db::Sqlite, dir.path()).await, true)
    };
    let server = common::boot_config(config.clone(), dir).await;
    let c = &server.client;
    let err = c.login(&LoginRequest::new(staff("anna"), "1111")).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
    assert!(err.message.contains("enrolled devices"), "{}", err.message);
    // The city's administrators work at a desk, as supervisors do.
    let city = floordesk_server::admin::create_city_admin(&config, "city-1", "Городской администратор").await.unwrap();
    assert!(c.login(&LoginRequest::new(staff("city-1"), city.code.as_str())).await.is_ok());
    let maria = token(c, "maria", "4444").await;
    let enrolled = c.enrol_device(&maria, "Entrance handheld").await.unwrap();
    let request = LoginRequest {
        device: Some(floordesk_protocol::DeviceCredential { id: enrolled.device.id, key: enrolled.key }),
        ..LoginRequest::new(staff("anna"), "1111")
    };
    assert!(c.login(&request).await.is_ok());
}

both_stores!(the_server_records_each_kinds_steps_and_refuses_steps_the_kind_has_not, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let igor = token(&server.client, "igor", "2222").await;
    let step = |op_id: &str, task: &str, step: Step| {
        op(op_id, OpChange::Act { task: TaskId::new(task).unwrap(), action: Action::Step { step } })
    };
    // The child is handed back (required before done), then the task completes.
    let done = |op_id: &str, task: &str| {
        op(op_id, OpChange::Act { task: TaskId::new(task).unwrap(), action: Action::Complete { rating: None } })
    };
    let early = push_one(&server.client, &igor, "hh-igor", done("op-s1", "t-poly-child-1")).await;
    assert!(
        matches!(&early.outcome, Outcome::Rejected {
            reason: Rejection::Transition { error: TransitionError::StepMissing { step: StepName::HandedBack } },
            message,
        } if message.contains("handed back")),
        "{early:?}"
    );
    let back = push_one(
        &server.client,
        &igor,
        "hh-igor",
        step("op-s2", "t-poly-child-1", Step::HandedBack { to: "мама".into() }),
    )
    .await;
    let Outcome::Accepted { task, .. } = &back.outcome else { panic!("hand-back refused: {back:?}") };
    assert!(matches!(&task.details, TaskDetails::Childcare(c) if c.handed_back_to.as_deref() == Some("мама")));
    let closed = push_one(&server.client, &igor, "hh-igor", done("op-s3", "t-poly-child-1")).await;
    assert!(matches!(&closed.outcome, Outcome::Accepted { task, .. } if task.status == TaskStatus::Done));

    // A step another kind has is refused with a reason a person can read, and changes nothing.
    let wrong = push_one(&server.client, &igor, "hh-igor", step("op-s4", "t-poly-taxi-1", Step::CrewMet {})).await;
    let Outcome::Rejected { reason, message } = &wrong.outcome else { panic!("crew met on a taxi: {wrong:?}") };
    assert_eq!(
        reason,
        &Rejection::Transition {
            error: TransitionError::StepNotForKind { step: StepName::CrewMet, kind: TaskKind::Taxi }
        }
    );
    assert_eq!(message, "A taxi has no step \"crew met\".");
    // The taxi's own steps, in order; what they record is the server's copy, read back by a pull.
    let arrived = push_one(&server.client, &igor, "hh-igor", step("op-s5", "t-poly-taxi-1", Step::CarArrived {})).await;
    let Outcome::Accepted { seq, .. } = arrived.outcome else { panic!("car arrived refused: {arrived:?}") };
    let page = server.client.pull(&igor, seq - 1, 10).await.unwrap();
    assert!(matches!(&page.changes[0].task.details, TaskDetails::Taxi(t) if t.order == TaxiOrder::Arrived));
    // Both the refused and the recorded step are in the audit trail, with the task before and after.
    let audit = server.client.audit(&token(&server.client, "maria", "4444").await, 0, 1000).await.unwrap();
    let trail: Vec<_> = audit.entries.iter().filter(|e| e.op == "op-s4" || e.op == "op-s5").collect();
    assert_eq!(trail.iter().map(|e| e.accepted).collect::<Vec<_>>(), [false, true], "{trail:?}");
    assert!(trail[1].after.as_ref().is_some_and(|t| t.version == trail[1].before.as_ref().unwrap().version + 1));
});

both_stores!(device_times_out_of_bounds_or_out_of_order_are_refused_in_words, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let c = &server.client;
    let anna = token(c, "anna", "1111").await;
    let now = now();
    let refused_clock = |result: &OpResult| {
        matches!(&result.outcome, Outcome::Rejected { reason: Rejection::DeviceClock { .. }, message }
            if message.contains("set the date and time on the device"))
    };
    // A claim dated in year 9999, in year 1, four days back (older than the offline window), ten minutes ahead.
    let year_9999 = Timestamp(253_402_300_799_000);
    let year_1 = Timestamp(-62_135_596_800_000);
    let times = [year_9999, year_1, now.plus_minutes(-4 * 24 * 60), now.plus_minutes(10)];
    for (n, at) in times.into_iter().enumerate() {
        let result =
            push_one(c, &anna, "hh-a", Op { device_time: at, ..claim(&format!("op-{n}"), "t-poly-routing-1") }).await;
        assert!(refused_clock(&result), "{at:?}: {result:?}");
    }
    // A new task whose visitor was "met" in year 9999, or in year 1.
    for (n, met_at) in [year_9999, year_1].into_iter().enumerate() {
        let task = NewTaskRequest {
            id: TaskId::new(format!("t-clock-{n}")).unwrap(),
            zone: ZoneId::new("poly-12-entrance").unwrap(),
            case_id: None,
            priority: Priority::Normal,
            details: TaskDetails::NonStandard(floordesk_domain::NonStandard {
                description: "Помочь с анкетой".into()
            }),
            met_at,
        };
        let result = push_one(c, &anna, "hh-a", op(&format!("op-met-{n}"), OpChange::Create { task })).await;
        assert!(refused_clock(&result), "{result:?}");
    }
    // A taxi booked for year 9999, or a day more than the planning window ahead; a taxi's booking changed to a
    // month and more ago: refused as invalid, naming the field.
    let taxi = |at: Timestamp| {
        TaskDetails::Taxi(floordesk_domain::Taxi {
            visitor: "И. П.".into(),
            pickup: "Вход".into(),
            destination: "Дом".into(),
            at,
            phone: "+79001234567".into(),
            order: TaxiOrder::NotOrdered,
        })
    };
    let too_far = now.plus_minutes((floordesk_protocol::MAX_PLANNED_DAYS + 1) * 24 * 60);
    for (n, at) in [year_9999, too_far].into_iter().enumerate() {
        let task = NewTaskRequest {
            id: TaskId::new(format!("t-clock-taxi-{n}")).unwrap(),
            zone: ZoneId::new("poly-12-entrance").unwrap(),
            case_id: None,
            priority: Priority::Normal,
            details: taxi(at),
            met_at: now,
        };
        let result = push_one(c, &anna, "hh-a", op(&format!("op-taxi-{n}"), OpChange::Create { task })).await;
        assert!(
            matches!(&result.outcome, Outcome::Rejected { reason: Rejection::Invalid { error: floordesk_domain::ValidationError::OutOfRange { field, .. } }, .. } if field == "at"),
            "{result:?}"
        );
    }
    let long_ago = now.plus_minutes(-(floordesk_protocol::MAX_DETAIL_PAST_DAYS + 1) * 24 * 60);
    let maria = token(c, "maria", "4444").await;
    let moved = OpChange::Details { task: TaskId::new("t-poly-taxi-1").unwrap(), details: taxi(long_ago) };
    let result = push_one(c, &maria, "desk-m", op("op-taxi-back", moved)).await;
    assert!(matches!(result.outcome, Outcome::Rejected { reason: Rejection::Invalid { .. }, .. }), "{result:?}");
    // Nothing of it was applied: the routing task is still free.
    let feed = c.pull(&anna, 0, 1000).await.unwrap().changes;
    let routing = feed.iter().rev().find(|ch| ch.task.id.as_str() == "t-poly-routing-1").unwrap();
    assert_eq!(routing.task.status, TaskStatus::New);
    assert!(!feed.iter().any(|ch| ch.task.id.as_str().starts_with("t-clock-")));
    // In bounds but out of order, by more than two clocks may differ: started before the visitor was met.
    let claimed = push_one(c, &anna, "hh-a", claim("op-take", "t-poly-routing-1")).await;
    assert!(matches!(claimed.outcome, Outcome::Accepted { .. }), "{claimed:?}");
    let before_met = routing.task.met_at.plus_minutes(-floordesk_domain::CLOCK_TOLERANCE_MINUTES - 1);
    let start = Op {
        device_time: before_met,
        ..op("op-start", OpChange::Act { task: TaskId::new("t-poly-routing-1").unwrap(), action: Action::Start })
    };
    let result = push_one(c, &anna, "hh-a", start).await;
    assert!(
        matches!(
            result.outcome,
            Outcome::Rejected { reason: Rejection::Transition { error: TransitionError::OutOfOrder { .. } }, .. }
        ),
        "{result:?}"
    );
});

both_stores!(guesses_sent_together_are_compared_no_more_than_the_limit_allows, |db| async move {
    // A burst of wrong codes for one person, all at once: each is counted before it is compared, so at most
    // PERSON_ATTEMPTS are compared and the rest are refused as paused; the right code after it is refused too.
    let server = common::boot(db, true, None, None).await;
    let maria = token(&server.client, "maria", "4444").await;
    let handheld = server.client.enrol_device(&maria, "Вход").await.unwrap();
    let guesses = (0..60).map(|n| {
        let client = server.client.clone();
        tokio::spawn(async move { client.login(&LoginRequest::new(staff("olga"), format!("{:04}", 5000 + n))).await })
    });
    let answers: Vec<ErrorCode> = futures_join(guesses).await.into_iter().map(|r| r.unwrap_err().code).collect();
    let compared = answers.iter().filter(|c| **c == ErrorCode::Unauthorized).count();
    assert!(compared < auth::PERSON_ATTEMPTS.limit as usize, "{compared} wrong codes compared: {answers:?}");
    assert!(answers.iter().all(|c| matches!(c, ErrorCode::Unauthorized | ErrorCode::TooManyAttempts)), "{answers:?}");
    let right = server.client.login(&LoginRequest::new(staff("olga"), "3333")).await.unwrap_err();
    assert_eq!(right.code, ErrorCode::TooManyAttempts, "the right code is not compared while the pause runs");
    // The address guessed far past its own limit: nobody signs in from it for a while; on a handheld, as ever.
    let here = server.client.login(&LoginRequest::new(staff("anna"), "1111")).await.unwrap_err();
    assert_eq!(here.code, ErrorCode::TooManyAttempts);
    let on_handheld = LoginRequest {
        device: Some(floordesk_protocol::DeviceCredential { id: handheld.device.id, key: handheld.key }),
        ..LoginRequest::new(staff("anna"), "1111")
    };
    assert!(server.client.login(&on_handheld).await.is_ok());
});

/// Every spawned call's answer, in order.
async fn futures_join<T: Send + 'static>(tasks: impl Iterator<Item = tokio::task::JoinHandle<T>>) -> Vec<T> {
    let mut answers = Vec::new();
    for task in tasks.collect::<Vec<_>>() {
        answers.push(task.await.unwrap());
    }
    answers
}

both_stores!(a_strangers_wrong_codes_pause_only_their_own_tries_and_a_supervisor_lifts_a_pause, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let c = &server.client;
    let maria = token(c, "maria", "4444").await;
    let handheld = c.enrol_device(&maria, "Пост 3 этажа").await.unwrap();
    let on_handheld = |code: &str| LoginRequest {
        device: Some(floordesk_protocol::DeviceCredential {
            id: handheld.device.id.clone(),
            key: handheld.key.clone(),
        }),
        ..LoginRequest::new(staff("olga"), code)
    };
    // Someone at a browser tries Olga's code until they are paused…
    for _ in 0..auth::PERSON_ATTEMPTS.limit - 1 {
        assert_eq!(c.login(&LoginRequest::new(staff("olga"), "0000")).await.unwrap_err().code, ErrorCode::Unauthorized);
    }
    let paused = c.login(&LoginRequest::new(staff("olga"), "0000")).await.unwrap_err();
    assert_eq!(paused.code, ErrorCode::TooManyAttempts, "{paused:?}");
    assert!(paused.message.contains("supervisor can lift"), "{}", paused.message);
    let right_here = c.login(&LoginRequest::new(staff("olga"), "3333")).await.unwrap_err();
    assert_eq!(right_here.code, ErrorCode::TooManyAttempts, "not compared while paused there");
    // …while Olga on her own handheld signs in as ever.
    assert!(c.login(&on_handheld("3333")).await.is_ok(), "the pause is the stranger's, not hers");
    // A made-up device id does not buy fresh attempts: it is refused before any code is compared.
    let made_up = LoginRequest {
        device: Some(floordesk_protocol::DeviceCredential { id: "hh-made-up".into(), key: "x".into() }),
        ..LoginRequest::new(staff("olga"), "3333")
    };
    assert!(c.login(&made_up).await.unwrap_err().message.contains("not enrolled"));
    // The supervisor lifts the pause; only for people of her own site, only she.
    let olga_id = staff("olga");
    assert_eq!(c.lift_pause(&token(c, "anna", "1111").await, &olga_id).await.unwrap_err().code, ErrorCode::Forbidden);
    assert_eq!(c.lift_pause(&token(c, "tatiana", "0000").await, &olga_id).await.unwrap_err().code, ErrorCode::NotFound);
    c.lift_pause(&maria, &olga_id).await.unwrap();
    assert!(c.login(&LoginRequest::new(staff("olga"), "3333")).await.is_ok(), "lifted");
    // A handheld that guessed at everyone is paused for everyone on it, until the supervisor lifts it.
    let people = ["anna", "igor", "olga", "maria", "nobody", "vasya", "petya"];
    for n in 0..auth::SOURCE_ATTEMPTS.limit {
        let guess = LoginRequest { staff_id: staff(people[n as usize % people.len()]), ..on_handheld("0000") };
        assert!(c.login(&guess).await.is_err());
    }
    assert_eq!(c.login(&on_handheld("3333")).await.unwrap_err().code, ErrorCode::TooManyAttempts);
    let tatiana = token(c, "tatiana", "0000").await;
    assert_eq!(c.lift_device_pause(&tatiana, &handheld.device.id).await.unwrap_err().code, ErrorCode::NotFound);
    c.lift_device_pause(&maria, &handheld.device.id).await.unwrap();
    assert!(c.login(&on_handheld("3333")).await.is_ok(), "lifted");
    let log = c.admin_log(&maria, 0, 100).await.unwrap().entries;
    assert!(log.iter().any(|e| e.action == "device_pause_lifted" && e.target == handheld.device.id));
});

both_stores!(one_address_guessing_at_everyone_is_paused_as_a_whole, |db| async move {
    let dir = tempfile::tempdir().unwrap();
    let url = common::fresh_url(db, dir.path()).await;
    let config = floordesk_server::Config { trust_forwarded_for: true, ..common::config(url, true) };
    let server = common::boot_config(config, dir).await;
    let login = |from: &'static str, who: &'static str, code: &'static str| {
        let base = server.base.clone();
        async move {
            let body = format!(r#"{{"staff_id":"{who}","code":"{code}"}}"#);
            let headers = format!("Content-Type: application/json\r\nX-Forwarded-For: 10.9.9.9, {from}\r\n");
            common::send_raw(&base, "POST", floordesk_protocol::paths::LOGIN, &headers, &body).await.0
        }
    };
    // Wrong codes from one address, spread over people (and people who do not exist), never five for one person.
    let people = ["anna", "igor", "olga", "nobody", "dmitry", "elena", "alexey", "sergey"];
    for n in 0..auth::SOURCE_ATTEMPTS.limit {
        let status = login("10.0.0.66", people[n as usize % people.len()], "9876").await;
        assert_eq!(status, 401, "wrong code {n}");
    }
    assert_eq!(login("10.0.0.66", "anna", "1111").await, 429, "the address is paused, even for a right code");
    assert_eq!(login("10.0.0.67", "anna", "1111").await, 200, "another address is not");
    // Many addresses guessing one person's code: after BROWSER_ATTEMPTS in all, browsers are paused for her…
    let addresses: Vec<&'static str> =
        (0..=auth::BROWSER_ATTEMPTS.limit).map(|n| &*Box::leak(format!("10.1.0.{n}").into_boxed_str())).collect();
    for from in &addresses[..auth::BROWSER_ATTEMPTS.limit as usize - 1] {
        assert_eq!(login(from, "natalia", "9876").await, 401);
    }
    assert_eq!(login(addresses[auth::BROWSER_ATTEMPTS.limit as usize - 1], "natalia", "9876").await, 429);
    assert_eq!(login(addresses[auth::BROWSER_ATTEMPTS.limit as usize], "natalia", "9999").await, 429, "from anywhere");
    // …and one IPv6 host counts as one address however many of its /64 it uses.
    for n in 1..auth::PERSON_ATTEMPTS.limit {
        let from: &'static str = Box::leak(format!("2001:db8:0:7::{n}").into_boxed_str());
        assert_eq!(login(from, "igor", "9876").await, 401);
    }
    assert_eq!(login("2001:db8:0:7::ff", "igor", "9876").await, 429);
    assert_eq!(login("2001:db8:0:7::fe", "igor", "2222").await, 429, "the same /64");
    assert_eq!(login("2001:db8:0:8::1", "igor", "2222").await, 200, "another /64");
});
