//! Proactive service end to end: presence, the rules' settings, the rules running on the real server (a task given
//! to a person who starts a shift, an escalation that reaches the supervisor and is handled), and two instances over
//! one store firing each rule once.

use std::sync::Arc;
use std::time::Duration;

use crate::common;
use floordesk_client::Client;
use floordesk_domain::{
    rules_staff, Action, Activity, AlertStage, Audience, DispatchMode, Presence, PresenceChange, Priority, Role,
    Routing, RuleKind, SiteId, SiteKind, SiteRules, StaffId, Task, TaskDetails, TaskId, TaskStatus, ZoneDispatch,
    ZoneId,
};
use floordesk_protocol::admin::{NewStaff, StaffChange, ZoneDraft};
use floordesk_protocol::{
    AuditQuery, ErrorCode, LiveMessage, LoginRequest, NewTaskRequest, Op, OpChange, OpKind, Outcome, PresenceRequest,
    PushRequest, SYNC_PROTOCOL_VERSION,
};
use floordesk_server::state::StateOptions;
use floordesk_server::store::{AuditFilter, Store};
use floordesk_server::{demo, now, rules, AppState, Config, PgStore, SqliteStore};

fn staff(id: &str) -> StaffId {
    StaffId::new(id).unwrap()
}

fn zone(id: &str) -> ZoneId {
    ZoneId::new(id).unwrap()
}

async fn token(client: &Client, id: &str, code: &str) -> String {
    client.login(&LoginRequest::new(staff(id), code)).await.unwrap().token
}

fn change(change: PresenceChange) -> PresenceRequest {
    PresenceRequest { staff: None, change }
}

/// A demo server with the rules running.
async fn boot_with_rules(db: common::Db) -> common::Running {
    let dir = tempfile::tempdir().unwrap();
    let url = common::fresh_url(db, dir.path()).await;
    common::boot_config(Config { rules: true, ..common::config(url, true) }, dir).await
}

/// Creates a routing task of `priority` in `zone` as `who`, its visitor met (and the task recorded) `ago` minutes
/// before now.
async fn create(client: &Client, who: &str, id: &str, zone_id: &str, priority: Priority, ago: i64) -> Task {
    let at = now().plus_minutes(-ago);
    let task = NewTaskRequest {
        id: TaskId::new(id).unwrap(),
        zone: zone(zone_id),
        case_id: None,
        priority,
        details: TaskDetails::Routing(Routing { purpose: "Рентген".into(), destination: None }),
        met_at: at,
    };
    let op = Op { id: format!("op-{id}"), device_time: at, base_version: 0, change: OpChange::Create { task } };
    let request = PushRequest { protocol: SYNC_PROTOCOL_VERSION, device: "desk".into(), ops: vec![op], sent_at: None };
    let result = client.push(who, &request).await.unwrap().results.remove(0);
    let Outcome::Accepted { task, .. } = result.outcome else { panic!("create refused: {result:?}") };
    *task
}

/// The task as `who` sees it in their list, once `done` holds of it (the rules run beside the test: waits for them,
/// at most a minute).
async fn until(client: &Client, who: &str, id: &str, done: impl Fn(&Task) -> bool) -> Task {
    for _ in 0..600 {
        let list = client.tasks(who).await.unwrap();
        if let Some(view) = list.mine.iter().chain(&list.pool).find(|v| v.task.id.as_str() == id) {
            if done(&view.task) {
                return view.task.clone();
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let list = client.tasks(who).await.unwrap();
    let seen: Vec<_> = list.mine.iter().chain(&list.pool).filter(|v| v.task.id.as_str() == id).collect();
    panic!("{id} never came to the state waited for: {seen:?}");
}

both_stores!(a_shift_is_started_paused_and_ended_and_only_a_supervisor_ends_anothers, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let c = &server.client;
    let (anna, igor, maria) =
        (token(c, "anna", "1111").await, token(c, "igor", "2222").await, token(c, "maria", "4444").await);
    let mut live = c.live(&maria).await.unwrap();
    let floor = c.change_presence(&anna, &change(PresenceChange::Start { zone: None })).await.unwrap();
    let on = &floor.people[0];
    assert_eq!((on.name.as_str(), on.presence.zone.clone()), ("Анна Смирнова", Some(zone("poly-12-entrance"))));
    assert_eq!(on.presence.activity, Activity::Working);
    assert!(matches!(live.next().await, Some(Ok(LiveMessage::Floor))), "the supervisor's screen hears of it");
    // A break with its planned return; a break too long is refused; nothing without a shift.
    let floor = c.change_presence(&anna, &change(PresenceChange::Break { minutes: 15 })).await.unwrap();
    let away = &floor.people[0].presence;
    assert!(away.activity == Activity::Break && away.back_at.is_some_and(|back| back > floor.now), "{away:?}");
    let long = c.change_presence(&anna, &change(PresenceChange::Break { minutes: 500 })).await.unwrap_err();
    assert_eq!(long.code, ErrorCode::BadRequest);
    let none = c.change_presence(&igor, &change(PresenceChange::WithVisitor {})).await.unwrap_err();
    assert!(none.message.contains("Start a shift"), "{none:?}");
    // Another site's zone is nobody's to start in.
    let elsewhere = c.change_presence(&igor, &change(PresenceChange::Start { zone: Some(zone("ed-1-bay")) })).await;
    assert_eq!(elsewhere.unwrap_err().code, ErrorCode::NotFound);
    // Only a supervisor ends another's shift, only ending it, only of their own site.
    let end_anna = PresenceRequest { staff: Some(staff("anna")), change: PresenceChange::End {} };
    assert_eq!(c.change_presence(&igor, &end_anna).await.unwrap_err().code, ErrorCode::Forbidden);
    let pause_anna = PresenceRequest { staff: Some(staff("anna")), change: PresenceChange::Working {} };
    assert_eq!(c.change_presence(&maria, &pause_anna).await.unwrap_err().code, ErrorCode::Forbidden);
    let end_sergey = PresenceRequest { staff: Some(staff("sergey")), change: PresenceChange::End {} };
    assert_eq!(c.change_presence(&maria, &end_sergey).await.unwrap_err().code, ErrorCode::NotFound);
    let floor = c.change_presence(&maria, &end_anna).await.unwrap();
    assert!(floor.people.is_empty(), "{floor:?}");
    assert!(c.presence(&anna).await.unwrap().people.is_empty());
    // A person deactivated while on shift is on nobody's floor any more (and given no work).
    c.change_presence(&igor, &change(PresenceChange::Start { zone: None })).await.unwrap();
    let away = StaffChange {
        display_name: "Игорь Петров".into(),
        role: Role::Administrator,
        zone: Some(zone("poly-12-f2")),
        active: false,
    };
    c.change_staff(&maria, &staff("igor"), &away).await.unwrap();
    assert!(c.presence(&maria).await.unwrap().people.is_empty());
    // Nobody may have the id the rules act as.
    let rules = NewStaff {
        id: staff("rules"),
        display_name: "Правила".into(),
        role: Role::Administrator,
        site: None,
        zone: Some(zone("poly-12-f2")),
    };
    let taken = c.add_staff(&maria, &rules).await.unwrap_err();
    assert!(taken.code == ErrorCode::BadRequest && taken.message.contains("kept for the system"), "{taken:?}");
});

both_stores!(rules_are_tuned_by_the_sites_supervisors_checked_and_logged, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let c = &server.client;
    let (anna, maria, tatiana) =
        (token(c, "anna", "1111").await, token(c, "maria", "4444").await, token(c, "tatiana", "0000").await);
    assert_eq!(c.rules(&maria).await.unwrap(), SiteRules::usual(SiteKind::Polyclinic));
    assert_eq!(c.rules(&tatiana).await.unwrap(), SiteRules::usual(SiteKind::EmergencyCentre));
    assert_eq!(c.rules(&anna).await.unwrap_err().code, ErrorCode::Forbidden);
    let mut tuned = SiteRules::usual(SiteKind::Polyclinic);
    tuned.rules.iter_mut().find(|s| s.rule == RuleKind::StartReminder).unwrap().minutes = Some(5);
    tuned
        .zones
        .insert(zone("poly-12-f3"), ZoneDispatch { mode: DispatchMode::Auto, reserve_people: 1, reserve_percent: 25 });
    assert_eq!(c.put_rules(&maria, &tuned).await.unwrap(), tuned);
    assert_eq!(c.rules(&maria).await.unwrap(), tuned);
    assert_eq!(c.rules(&tatiana).await.unwrap(), SiteRules::usual(SiteKind::EmergencyCentre), "per site");
    // Refused: a reminder after the escalation, another site's zone, an administrator.
    let mut late = tuned.clone();
    late.rules.iter_mut().find(|s| s.rule == RuleKind::StartReminder).unwrap().minutes = Some(13);
    let refused = c.put_rules(&maria, &late).await.unwrap_err();
    assert!(refused.code == ErrorCode::BadRequest && refused.message.contains("reminder"), "{refused:?}");
    let mut theirs = tuned.clone();
    theirs.zones.insert(zone("ed-1-bay"), ZoneDispatch::usual());
    assert_eq!(c.put_rules(&maria, &theirs).await.unwrap_err().code, ErrorCode::BadRequest);
    assert_eq!(c.put_rules(&anna, &tuned).await.unwrap_err().code, ErrorCode::Forbidden);
    assert_eq!(c.rules(&maria).await.unwrap(), tuned, "nothing refused was kept");
    let log = c.admin_log(&maria, 0, 100).await.unwrap();
    let entry = log.entries.iter().find(|e| e.action == "rules_tuned").expect("logged");
    assert_eq!((entry.actor.as_str(), entry.target.as_str()), ("maria", "poly-12"));
});

both_stores!(a_person_starting_a_shift_is_given_work_and_a_late_start_reaches_the_supervisor, |db| async move {
    let server = boot_with_rules(db).await;
    let c = &server.client;
    let (igor, maria) = (token(c, "igor", "2222").await, token(c, "maria", "4444").await);
    // A new fourth floor with a new administrator: nothing held, nothing waiting there yet.
    let f4 = zone("poly-12-f4");
    c.put_zone(&maria, &f4, &ZoneDraft { name: "4 этаж".into(), floor: 4 }).await.unwrap();
    let vera = NewStaff {
        id: staff("vera"),
        display_name: "Орлова Вера".into(),
        role: Role::Administrator,
        site: None,
        zone: Some(f4.clone()),
    };
    let code = c.add_staff(&maria, &vera).await.unwrap().code;
    let vera = token(c, "vera", &code).await;
    // The fourth floor's work is given at once, keeping nobody in reserve; every rule runs around the clock (the
    // polyclinic may be closed while this runs).
    let mut tuned = c.rules(&maria).await.unwrap();
    tuned.zones.insert(f4.clone(), ZoneDispatch { mode: DispatchMode::Auto, reserve_people: 0, reserve_percent: 0 });
    tuned.rules.iter_mut().for_each(|s| s.always = true);
    c.put_rules(&maria, &tuned).await.unwrap();
    c.change_presence(&vera, &change(PresenceChange::Start { zone: None })).await.unwrap();
    create(c, &igor, "t-rules-given", "poly-12-f4", Priority::Normal, 0).await;
    let given = until(c, &vera, "t-rules-given", |t| t.assignee.is_some()).await;
    assert_eq!((given.assignee, given.status), (Some(staff("vera")), TaskStatus::Assigned));
    assert_eq!(given.given_by, Some(RuleKind::Dispatch), "says which rule gave it");
    // A visitor met 12 minutes ago on the second floor, where nobody is on shift: the supervisor is told.
    create(c, &igor, "t-rules-late", "poly-12-f2", Priority::Normal, 12).await;
    let late = until(c, &maria, "t-rules-late", |t| t.attention().is_some()).await;
    let attention = late.attention().unwrap();
    assert_eq!(attention.to, Audience::Supervisors);
    assert!(matches!(attention.stage, AlertStage::Escalate | AlertStage::Breach), "{attention:?}");
    // She acts on it: the escalation is handled, and the rules never undo her choice.
    let assign = Op {
        id: "op-maria-gives".into(),
        device_time: now(),
        base_version: 0,
        change: OpChange::Act { task: late.id.clone(), action: Action::Assign { to: staff("igor") } },
    };
    let request =
        PushRequest { protocol: SYNC_PROTOCOL_VERSION, device: "desk".into(), ops: vec![assign], sent_at: None };
    let result = c.push(&maria, &request).await.unwrap().results.remove(0);
    let Outcome::Accepted { task: handled, .. } = result.outcome else { panic!("{result:?}") };
    assert!(handled.attention().is_none());
    assert!(handled.alerts.iter().all(|a| a.handled_at.is_some()));
    // Every rule op is audited under `rules`, naming its rule; the task's history says the rule gave it.
    let query = AuditQuery { staff: Some(rules_staff()), limit: Some(1000), ..AuditQuery::default() };
    let audit = c.audit_where(&maria, &query).await.unwrap();
    assert!(!audit.entries.is_empty());
    assert!(audit
        .entries
        .iter()
        .all(|e| e.actor == rules_staff() && e.action == Some(OpKind::Rule) && e.rule.is_some()));
    let history = c.task_history(&maria, &TaskId::new("t-rules-given").unwrap()).await.unwrap();
    let gave = history.entries.iter().find(|e| e.actor == rules_staff()).expect("the rule's doing is in the history");
    assert_eq!((gave.action, gave.actor_name.as_deref()), (Some(OpKind::Rule), None));
    assert!(gave.rule.is_some());
});

/// Two server instances over one store: each rule fires once, however the instances' ticks interleave or their
/// clocks go back.
async fn two_instances_fire_each_rule_once(db: common::Db) {
    let dir = tempfile::tempdir().unwrap();
    let url = common::fresh_url(db, dir.path()).await;
    let options = StateOptions {
        demo: true,
        enrolled_devices_only: false,
        code_key: common::code_key(),
        trust_forwarded_for: false,
    };
    match db {
        common::Db::Sqlite => {
            let a = SqliteStore::open(&url).await.unwrap();
            demo::seed_if_empty(&a, &common::code_key(), now()).await.unwrap();
            let b = SqliteStore::open(&url).await.unwrap();
            race(Arc::new(a), Arc::new(b), options).await;
        }
        common::Db::Postgres => {
            let a = PgStore::open(&url).await.unwrap();
            demo::seed_if_empty(&a, &common::code_key(), now()).await.unwrap();
            let b = PgStore::open(&url).await.unwrap();
            race(Arc::new(a), Arc::new(b), options).await;
        }
    }
}

async fn race<S: Store>(a: Arc<S>, b: Arc<S>, options: StateOptions) {
    let a = AppState::new(a, options.clone()).await.unwrap();
    let b = AppState::new(b, options).await.unwrap();
    // People on shift in every zone of the polyclinic, so dispatch gives work too.
    let poly = SiteId::new("poly-12").unwrap();
    for (who, zone_id) in [("anna", "poly-12-entrance"), ("igor", "poly-12-f2"), ("olga", "poly-12-f3")] {
        let p = Presence {
            staff: staff(who),
            role: Role::Administrator,
            zone: Some(zone(zone_id)),
            activity: Activity::Working,
            back_at: None,
            since: now(),
            shift_started: now(),
        };
        assert!(a.store.put_presence(&poly, &p.staff, None, Some(&p), now()).await.unwrap());
    }
    let mut tuned = SiteRules::usual(SiteKind::Polyclinic);
    tuned
        .zones
        .insert(zone("poly-12-f2"), ZoneDispatch { mode: DispatchMode::Auto, reserve_people: 0, reserve_percent: 0 });
    let log = floordesk_server::store::AdminRecord {
        site: poly.clone(),
        actor: staff("maria"),
        at: now(),
        action: "rules_tuned",
        target: "poly-12".into(),
        before: None,
        after: None,
    };
    a.store.put_site_rules(&poly, &tuned, &log).await.unwrap();
    let t0 = now();
    let mut fired = 0;
    // Together; again a minute later; and once more on a clock two minutes behind.
    for at in [t0, t0, t0.plus_minutes(1), t0.plus_minutes(-1)] {
        let (x, y) = tokio::join!(rules::tick(&a, at), rules::tick(&b, at));
        fired += x + y;
    }
    assert!(fired > 10, "the demo's floor gives the rules work: {fired}");
    let (x, y) = tokio::join!(rules::tick(&a, t0.plus_minutes(1)), rules::tick(&b, t0.plus_minutes(1)));
    assert_eq!((x, y), (0, 0), "nothing fires twice");
    // Every firing is one op of `rules`, once; no task carries an alert twice; no follow-up was made twice.
    let mut keys = std::collections::BTreeSet::new();
    let mut recorded = 0;
    for site in ["poly-12", "ed-1"] {
        let site = SiteId::new(site).unwrap();
        for entry in a
            .store
            .audit(&site, &AuditFilter::default(), 0, 10_000)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.actor == rules_staff())
        {
            assert!(entry.accepted);
            assert!(keys.insert(entry.op.clone()), "{} applied twice", entry.op);
            recorded += 1;
        }
        let open = a.store.open_tasks(&site).await.unwrap();
        let closed = a.store.closed_tasks(&site, t0.plus_minutes(-3 * 24 * 60), t0.plus_minutes(5)).await.unwrap();
        for task in open.iter().chain(&closed) {
            let mut seen = std::collections::BTreeSet::new();
            for alert in &task.alerts {
                assert!(seen.insert((alert.rule, alert.stage)), "{}: {:?} twice", task.id, alert.rule);
            }
        }
        let follow_ups: Vec<_> = open.iter().chain(&closed).filter_map(|t| t.follows.clone()).collect();
        let distinct: std::collections::BTreeSet<_> = follow_ups.iter().collect();
        assert_eq!(follow_ups.len(), distinct.len(), "a low rating followed up twice");
        // Nobody is given work who is not on shift.
        for task in open.iter().filter(|t| t.given_by.is_some()) {
            let holder = task.assignee.as_ref().unwrap();
            assert!(["anna", "igor", "olga"].contains(&holder.as_str()), "{} given to {holder}", task.id);
        }
    }
    assert_eq!(recorded, fired, "each firing that changed something is one audited op");
    let ed = a.store.open_tasks(&SiteId::new("ed-1").unwrap()).await.unwrap();
    assert!(ed.iter().any(|t| t.made_by == Some(RuleKind::LowRating)), "yesterday's low rating is followed up");
}

both_stores!(two_instances_over_one_store_fire_each_rule_once, |db| async move {
    two_instances_fire_each_rule_once(db).await;
});
