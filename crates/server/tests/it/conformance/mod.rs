//! One conformance suite for every `Store`: each case takes a fresh, empty store. `store_sqlite.rs` and
//! `store_postgres.rs` run all of it through [`conformance_suite!`].

use floordesk_domain::{
    CaseId, FeedScope, Rating, SiteId, StaffId, StoryId, TaskStatus, TemplateId, Timestamp, ZoneId,
};
use floordesk_protocol::{
    Change, DeviceInfo, MorningNotesDraft, OpKind, OpResult, Outcome, Rejection, Template, Thanks,
};
use floordesk_server::demo;
use floordesk_server::store::{
    AdminRecord, AdminWrite, AttemptKey, AttemptLimit, AuditFilter, CaseClosed, Commit, DeviceRecord, LoginAttempt,
    OpRecord, Seed, StaffRecord, Store, StoryRecord, Taken,
};

const NOW: Timestamp = Timestamp(1_790_000_000_000);

fn staff(id: &str) -> StaffId {
    StaffId::new(id).unwrap()
}

/// The demo, with fixed salts so records compare equal.
pub fn demo_seed() -> Seed {
    let staff = demo::STAFF
        .iter()
        .map(|s| StaffRecord {
            profile: floordesk_protocol::StaffProfile {
                id: staff(s.id),
                display_name: s.name.into(),
                role: s.role,
                site: SiteId::new(s.site).unwrap(),
                zone: s.zone.map(|z| ZoneId::new(z).unwrap()),
            },
            code_salt: format!("salt-{}", s.id),
            code_hash: format!("hash-{}", s.code),
            demo_code: Some(s.code.into()),
            active: true,
        })
        .collect();
    let mut tasks = demo::tasks(NOW);
    tasks.extend(demo::closed_tasks(NOW));
    Seed {
        sites: demo::sites(),
        opening_hours: demo::opening_hours(),
        staff,
        tasks,
        stories: demo::stories(NOW),
        likes: demo::likes(),
        templates: demo::templates(NOW),
    }
}

pub async fn a_fresh_store_is_empty_until_seeded<S: Store>(store: S) {
    assert!(store.is_empty().await.unwrap());
    store.seed(&demo_seed()).await.unwrap();
    assert!(!store.is_empty().await.unwrap());
}

pub async fn a_seed_is_all_or_nothing<S: Store>(store: S) {
    let mut seed = demo_seed();
    // A task in a zone that does not exist violates a foreign key: nothing of the seed may stay.
    let mut bad = seed.tasks[0].clone();
    bad.id = floordesk_domain::TaskId::new("t-bad").unwrap();
    bad.zone = ZoneId::new("no-such-zone").unwrap();
    seed.tasks.push(bad);
    assert!(store.seed(&seed).await.is_err());
    assert!(store.is_empty().await.unwrap());
    assert!(store.staff().await.unwrap().is_empty());
}

pub async fn sites_come_back_with_their_zones_by_floor<S: Store>(store: S) {
    store.seed(&demo_seed()).await.unwrap();
    let mut expected = demo::sites();
    expected.sort_by(|a, b| a.id.cmp(&b.id));
    for site in &mut expected {
        site.zones.sort_by(|a, b| (a.floor, &a.id).cmp(&(b.floor, &b.id)));
    }
    assert_eq!(store.sites().await.unwrap(), expected);
    // The sites that keep their own opening hours, as written; the others keep their kind's usual ones.
    assert_eq!(store.opening_hours().await.unwrap(), demo_seed().opening_hours);
    assert_eq!(store.opening_hours().await.unwrap().len(), 1);
}

pub async fn staff_come_back_as_written_sorted_by_site_and_name<S: Store>(store: S) {
    let seed = demo_seed();
    store.seed(&seed).await.unwrap();
    let mut expected = seed.staff.clone();
    expected
        .sort_by(|a, b| (&a.profile.site, &a.profile.display_name).cmp(&(&b.profile.site, &b.profile.display_name)));
    assert_eq!(store.staff().await.unwrap(), expected);
    assert_eq!(
        store.staff_by_id(&staff("olga")).await.unwrap().as_ref(),
        expected.iter().find(|s| s.profile.id.as_str() == "olga")
    );
    assert_eq!(store.staff_by_id(&staff("nobody")).await.unwrap(), None);
}

pub async fn wrong_codes_count_up_lock_at_the_limit_and_clear<S: Store>(store: S) {
    store.seed(&demo_seed()).await.unwrap();
    let limit = AttemptLimit { limit: 3, window_minutes: 10, pause_minutes: 15 };
    let until = NOW.plus_minutes(15);
    let (anna, igor) = (staff("anna"), staff("igor"));
    let here = AttemptKey { staff: Some(&anna), source: "addr:10.0.0.7" };
    let begin = |key, at| store.begin_attempt(key, at, limit);
    for n in 1..=3 {
        assert_eq!(begin(here, NOW).await.unwrap(), LoginAttempt::Counted(n));
    }
    // An attempt past the limit is not compared: the pause begins, and runs without being moved on.
    assert_eq!(begin(here, NOW).await.unwrap(), LoginAttempt::Paused(until));
    assert_eq!(begin(here, NOW.plus_minutes(5)).await.unwrap(), LoginAttempt::Paused(until));
    // The same person from elsewhere, another person, the source over everyone: each counted by itself.
    let device = AttemptKey { staff: Some(&anna), source: "device:hh-1" };
    assert_eq!(begin(device, NOW).await.unwrap(), LoginAttempt::Counted(1));
    assert_eq!(begin(AttemptKey { staff: Some(&igor), ..here }, NOW).await.unwrap(), LoginAttempt::Counted(1));
    let everyone = AttemptKey { staff: None, source: "addr:10.0.0.7" };
    assert_eq!(begin(everyone, NOW).await.unwrap(), LoginAttempt::Counted(1));
    // When the pause has ended, the count starts again; so it does when the count is older than the window.
    let after = until.plus_minutes(1);
    assert_eq!(begin(here, after).await.unwrap(), LoginAttempt::Counted(1));
    assert_eq!(begin(device, NOW.plus_minutes(11)).await.unwrap(), LoginAttempt::Counted(1), "the window passed");
    // A right code clears the person's count here and takes the attempt back from the source's.
    assert_eq!(begin(everyone, NOW).await.unwrap(), LoginAttempt::Counted(2));
    store.right_code(here).await.unwrap();
    assert_eq!(begin(here, after).await.unwrap(), LoginAttempt::Counted(1));
    assert_eq!(begin(everyone, NOW).await.unwrap(), LoginAttempt::Counted(2), "one of the two taken back");
    // The last attempt allowed failing pauses at once, unless the count fell below the limit meanwhile.
    store.pause_attempts(here, until, 3).await.unwrap();
    assert_eq!(begin(here, after).await.unwrap(), LoginAttempt::Counted(2), "below the limit: no pause");
    assert_eq!(begin(here, after).await.unwrap(), LoginAttempt::Counted(3));
    let later = after.plus_minutes(15);
    store.pause_attempts(here, later, 3).await.unwrap();
    assert_eq!(begin(here, after).await.unwrap(), LoginAttempt::Paused(later));
    // A supervisor's unlock ends every pause of the person, wherever it was; says whether one was running.
    assert!(store.unlock(&anna, after).await.unwrap());
    assert_eq!(begin(here, after).await.unwrap(), LoginAttempt::Counted(1));
    assert!(!store.unlock(&igor, after.plus_minutes(60)).await.unwrap(), "counted, never paused");
    // A code stored anew is what the person signs in with.
    store.set_code(&anna, "salt2", "k1$abc").await.unwrap();
    let anna_now = store.staff_by_id(&anna).await.unwrap().unwrap();
    assert_eq!((anna_now.code_salt.as_str(), anna_now.code_hash.as_str()), ("salt2", "k1$abc"));
}

pub async fn a_live_ticket_opens_once_and_only_while_it_is_good<S: Store>(store: S) {
    store.seed(&demo_seed()).await.unwrap();
    let good_until = NOW.plus_minutes(1);
    store.issue_ticket("t1", "session-1", good_until, NOW).await.unwrap();
    assert_eq!(store.redeem_ticket("t1", NOW).await.unwrap().as_deref(), Some("session-1"));
    assert_eq!(store.redeem_ticket("t1", NOW).await.unwrap(), None, "used up");
    store.issue_ticket("t2", "session-1", good_until, NOW).await.unwrap();
    assert_eq!(store.redeem_ticket("t2", good_until).await.unwrap(), None, "out of date");
    assert_eq!(store.redeem_ticket("nope", NOW).await.unwrap(), None);
}

pub async fn sessions_are_found_by_hash_and_revoked_once<S: Store>(store: S) {
    store.seed(&demo_seed()).await.unwrap();
    let expires = NOW.plus_minutes(60);
    store.create_session("h1", &staff("maria"), None, NOW, expires).await.unwrap();
    let s = store.session("h1").await.unwrap().unwrap();
    assert_eq!((&s.staff, s.expires_at, s.revoked), (&staff("maria"), expires, false));
    assert_eq!(store.session("h2").await.unwrap(), None);
    let (session, person) = store.signed_in("h1").await.unwrap().unwrap();
    assert_eq!(
        (session, person.profile.id, person.profile.display_name),
        (s, staff("maria"), "Мария Иванова".to_owned())
    );
    assert_eq!(store.signed_in("h2").await.unwrap(), None);
    assert!(store.revoke_session("h1").await.unwrap());
    assert!(!store.revoke_session("h1").await.unwrap());
    assert!(store.session("h1").await.unwrap().unwrap().revoked);
    assert!(store.create_session("h1", &staff("maria"), None, NOW, expires).await.is_err(), "a token hash is unique");
}

pub async fn open_tasks_of_a_site_come_back_exactly<S: Store>(store: S) {
    let seed = demo_seed();
    store.seed(&seed).await.unwrap();
    for site in ["poly-12", "ed-1"] {
        let site = SiteId::new(site).unwrap();
        let mut expected: Vec<_> =
            seed.tasks.iter().filter(|t| t.site == site && t.status.is_open()).cloned().collect();
        expected.sort_by(|a, b| a.id.cmp(&b.id));
        let got = store.open_tasks(&site).await.unwrap();
        assert_eq!(got, expected);
        assert!(got.iter().all(|t| !matches!(t.status, TaskStatus::Done | TaskStatus::Cancelled)));
    }
}

pub fn record(op: &str, task: &floordesk_domain::Task, actor: &str) -> OpRecord {
    OpRecord {
        op_id: op.into(),
        device: "dev-1".into(),
        actor: staff(actor),
        role: floordesk_domain::Role::Administrator,
        site: task.site.clone(),
        task: task.id.clone(),
        device_time: NOW,
        server_time: NOW.plus_minutes(1),
        kind: OpKind::Claim,
        rule: None,
        note: None,
    }
}

pub fn claimed(task: &floordesk_domain::Task, by: &str) -> floordesk_domain::Task {
    let actor = floordesk_domain::Actor { staff: staff(by), role: floordesk_domain::Role::Administrator };
    task.apply(&actor, &floordesk_domain::Action::Claim, NOW).unwrap()
}

pub fn routing_task(seed: &Seed) -> floordesk_domain::Task {
    seed.tasks.iter().find(|t| t.id.as_str() == "t-poly-routing-1").unwrap().clone()
}

pub async fn a_commit_wins_only_against_the_version_it_read<S: Store>(store: S) {
    let seed = demo_seed();
    store.seed(&seed).await.unwrap();
    let task = routing_task(&seed);
    let by_anna = claimed(&task, "anna");
    let by_olga = claimed(&task, "olga");
    let first =
        store.commit_op(&record("op-a", &task, "anna"), Some(task.version), Some(&task), &by_anna, None).await.unwrap();
    let Commit::Applied { seq } = first else { panic!("first writer must win: {first:?}") };
    let second =
        store.commit_op(&record("op-o", &task, "olga"), Some(task.version), Some(&task), &by_olga, None).await.unwrap();
    assert_eq!(second, Commit::VersionConflict);
    assert_eq!(store.task(&task.id).await.unwrap(), Some(by_anna.clone()));
    // The loser's op id was not kept: it may be decided again.
    assert_eq!(store.op_result(&staff("olga"), "op-o").await.unwrap(), None);
    let resend =
        store.commit_op(&record("op-a", &task, "anna"), Some(by_anna.version), Some(&by_anna), &by_anna, None).await;
    let Commit::Duplicate(first_result) = resend.unwrap() else { panic!("a resent op is a duplicate") };
    assert_eq!(first_result.outcome, Outcome::Accepted { seq, task: Box::new(by_anna.clone()), planned: None });
    // Read together: the op's first result and the task as it is now; each absent when unknown.
    assert_eq!(
        store.op_and_task(&staff("anna"), "op-a", &task.id).await.unwrap(),
        (Some(*first_result), Some(by_anna.clone()))
    );
    let unknown = floordesk_domain::TaskId::new("t-none").unwrap();
    assert_eq!(store.op_and_task(&staff("olga"), "op-o", &task.id).await.unwrap(), (None, Some(by_anna)));
    assert_eq!(store.op_and_task(&staff("olga"), "op-o", &unknown).await.unwrap(), (None, None));
}

pub async fn a_create_commits_once_per_task_id<S: Store>(store: S) {
    let seed = demo_seed();
    store.seed(&seed).await.unwrap();
    let mut fresh = routing_task(&seed);
    fresh.id = floordesk_domain::TaskId::new("t-new").unwrap();
    assert!(matches!(
        store.commit_op(&record("op-1", &fresh, "anna"), None, None, &fresh, None).await.unwrap(),
        Commit::Applied { .. }
    ));
    assert_eq!(
        store.commit_op(&record("op-2", &fresh, "anna"), None, None, &fresh, None).await.unwrap(),
        Commit::VersionConflict
    );
    assert_eq!(store.task(&fresh.id).await.unwrap(), Some(fresh));
}

pub async fn an_op_that_plans_a_task_commits_both_or_neither<S: Store>(store: S) {
    let seed = demo_seed();
    store.seed(&seed).await.unwrap();
    let task = routing_task(&seed);
    let site = task.site.clone();
    let after = claimed(&task, "anna");
    let mut planned = routing_task(&seed);
    planned.id = floordesk_domain::TaskId::new("t-planned").unwrap();
    let before = store.changes(&site, &FeedScope::Site, 0, 1000).await.unwrap().last().unwrap().seq;
    let Commit::Applied { seq } =
        store.commit_op(&record("op-1", &task, "anna"), Some(0), Some(&task), &after, Some(&planned)).await.unwrap()
    else {
        panic!("applied")
    };
    assert_eq!(store.task(&task.id).await.unwrap(), Some(after.clone()));
    assert_eq!(store.task(&planned.id).await.unwrap(), Some(planned.clone()));
    let changes = store.changes(&site, &FeedScope::Site, before, 10).await.unwrap();
    assert_eq!(changes.iter().map(|c| &c.task).collect::<Vec<_>>(), vec![&after, &planned], "both, in order");
    assert_eq!(changes[0].seq, seq, "the op's result is the first task's change");
    let audit = store.audit(&site, &AuditFilter::default(), 0, 100).await.unwrap();
    let audited: Vec<_> = audit.iter().filter(|e| e.op == "op-1").map(|e| (e.task.clone(), e.accepted)).collect();
    assert_eq!(audited, vec![(task.id.clone(), true), (planned.id.clone(), true)]);
    // A planned task whose id is taken: nothing of the op is written.
    let mut again = after.clone();
    again.version += 1;
    assert_eq!(
        store
            .commit_op(&record("op-2", &after, "anna"), Some(after.version), Some(&after), &again, Some(&planned))
            .await
            .unwrap(),
        Commit::VersionConflict
    );
    assert_eq!(store.task(&task.id).await.unwrap(), Some(after));
    assert_eq!(store.op_result(&staff("anna"), "op-2").await.unwrap(), None);
    assert_eq!(store.changes(&site, &FeedScope::Site, before, 10).await.unwrap().len(), 2);
}

/// Ops that reach the store at once are written together (one group): each is whole on its own, a resend inside the
/// group is answered with the first result, two claims of one task leave one winner.
pub async fn ops_that_arrive_together_are_each_written_whole_or_not_at_all<S: Store>(store: S) {
    let seed = demo_seed();
    store.seed(&seed).await.unwrap();
    let site = SiteId::new("poly-12").unwrap();
    let first_seq = store.changes(&site, &FeedScope::Site, 0, 1000).await.unwrap().last().unwrap().seq;
    let free: Vec<_> =
        store.open_tasks(&site).await.unwrap().into_iter().filter(|t| t.status == TaskStatus::New).take(3).collect();
    assert_eq!(free.len(), 3, "the demo has three new tasks at the polyclinic");
    let (one, two, contested) = (&free[0], &free[1], &free[2]);
    let commits = [
        (record("op-1", one, "anna"), Some(one.version), Some(one.clone()), claimed(one, "anna")),
        (record("op-2", two, "igor"), Some(two.version), Some(two.clone()), claimed(two, "igor")),
        // The same op sent twice at once.
        (record("op-2", two, "igor"), Some(two.version), Some(two.clone()), claimed(two, "igor")),
        (
            record("op-3", contested, "olga"),
            Some(contested.version),
            Some(contested.clone()),
            claimed(contested, "olga"),
        ),
        (
            record("op-4", contested, "anna"),
            Some(contested.version),
            Some(contested.clone()),
            claimed(contested, "anna"),
        ),
    ];
    let answers = futures_util::future::join_all(
        commits
            .iter()
            .map(|(op, expected, before, after)| store.commit_op(op, *expected, before.as_ref(), after, None)),
    )
    .await;
    let seq_of = |n: usize| match &answers[n] {
        Ok(Commit::Applied { seq }) => *seq,
        other => panic!("op {n} should apply: {other:?}"),
    };
    let (seq_one, seq_two) = (seq_of(0), seq_of(1));
    let Ok(Commit::Duplicate(resent)) = &answers[2] else { panic!("a resend in the group: {:?}", answers[2]) };
    assert!(matches!(resent.outcome, Outcome::Accepted { seq, .. } if seq == seq_two), "the first result");
    let winner = match (&answers[3], &answers[4]) {
        (Ok(Commit::Applied { .. }), Ok(Commit::VersionConflict)) => 3,
        (Ok(Commit::VersionConflict), Ok(Commit::Applied { .. })) => 4,
        other => panic!("one claim of the contested task wins: {other:?}"),
    };
    // Each op is there whole, or not at all.
    assert_eq!(store.task(&one.id).await.unwrap(), Some(commits[0].3.clone()));
    assert_eq!(store.task(&two.id).await.unwrap(), Some(commits[1].3.clone()));
    assert_eq!(store.task(&contested.id).await.unwrap(), Some(commits[winner].3.clone()));
    let loser = if winner == 3 { ("anna", "op-4") } else { ("olga", "op-3") };
    assert_eq!(store.op_result(&staff(loser.0), loser.1).await.unwrap(), None, "the losing claim may be decided again");
    let changes = store.changes(&site, &FeedScope::Site, first_seq, 100).await.unwrap();
    assert_eq!(changes.len(), 3, "one change per applied op: {changes:?}");
    assert!(changes.windows(2).all(|w| w[0].seq < w[1].seq));
    assert!([seq_one, seq_two].iter().all(|seq| changes.iter().any(|c| c.seq == *seq)));
    let audit = store.audit(&site, &AuditFilter::default(), 0, 100).await.unwrap();
    assert_eq!(audit.iter().filter(|e| e.accepted).count(), 3, "each applied op audited once");
}

/// An op the database refuses (its zone does not exist) fails alone: the ops written in its group are written again
/// one by one, and they apply.
pub async fn an_op_the_database_refuses_takes_no_other_op_of_its_group_with_it<S: Store>(store: S) {
    let seed = demo_seed();
    store.seed(&seed).await.unwrap();
    let task = routing_task(&seed);
    let claimed = claimed(&task, "anna");
    let mut broken = routing_task(&seed);
    broken.id = floordesk_domain::TaskId::new("t-broken").unwrap();
    broken.zone = ZoneId::new("no-such-zone").unwrap();
    let (good, bad) = futures_util::future::join(
        store.commit_op(&record("op-good", &task, "anna"), Some(task.version), Some(&task), &claimed, None),
        store.commit_op(&record("op-bad", &broken, "anna"), None, None, &broken, None),
    )
    .await;
    assert!(matches!(good, Ok(Commit::Applied { .. })), "{good:?}");
    assert!(bad.is_err(), "refused by the database");
    assert_eq!(store.task(&task.id).await.unwrap(), Some(claimed));
    assert_eq!(store.task(&broken.id).await.unwrap(), None);
    assert_eq!(store.op_result(&staff("anna"), "op-bad").await.unwrap(), None);
}

/// A group larger than one statement's rows, mixing creates and updates with a refusal and an op that plans a task
/// among them, answers each op as it would be answered in its turn alone: new tasks created (across several
/// statements); an op id sent again for another task, a create of a taken id, a claim of a claimed task and an op
/// recorded earlier (in the group, as refused, or before it) not applied, each with the answer it would get alone.
pub async fn a_large_group_answers_each_op_as_in_its_turn_alone<S: Store>(store: S) {
    use futures_util::FutureExt;
    #[derive(Debug)]
    enum Answer {
        Commit(Result<Commit, floordesk_server::StoreError>),
        Reject(Result<OpResult, floordesk_server::StoreError>),
    }
    let seed = demo_seed();
    store.seed(&seed).await.unwrap();
    let task = routing_task(&seed);
    let other = seed
        .tasks
        .iter()
        .find(|t| t.site == task.site && t.id != task.id && t.status == TaskStatus::New)
        .unwrap()
        .clone();
    let new_task = |id: &str| {
        let mut new = routing_task(&seed);
        new.id = floordesk_domain::TaskId::new(id).unwrap();
        new
    };
    let taken = new_task("t-taken");
    let before = record("op-before", &taken, "anna");
    let Ok(Commit::Applied { seq: before_seq }) = store.commit_op(&before, None, None, &taken, None).await else {
        panic!("the first create applies")
    };
    let creates: Vec<_> = (0..70).map(|n| new_task(&format!("t-new-{n}"))).collect();
    let (elsewhere, elsewhere_later) = (new_task("t-elsewhere"), new_task("t-elsewhere-later"));
    let (refused_later, planned) = (new_task("t-refused"), new_task("t-planned"));
    let refusal = OpResult {
        op: "op-refused".into(),
        outcome: Outcome::Rejected { reason: Rejection::UnknownTask, message: "refused".into() },
    };
    let (by_igor, by_olga) = (claimed(&task, "igor"), claimed(&other, "olga"));
    type Task = floordesk_domain::Task;
    let store = &store;
    let commit = |op: OpRecord, expected: Option<u64>, before: Option<&Task>, after: &Task, planned: Option<&Task>| {
        let (before, after, planned) = (before.cloned(), after.clone(), planned.cloned());
        async move { Answer::Commit(store.commit_op(&op, expected, before.as_ref(), &after, planned.as_ref()).await) }
            .boxed_local()
    };
    let create = |op: OpRecord, t: &Task| commit(op, None, None, t, None);
    let mut sent = Vec::new();
    for (n, t) in creates.iter().enumerate() {
        sent.push(create(record(&format!("op-new-{n}"), t, "anna"), t));
        match n {
            // op-new-3's id again, for another task, in the same run of first writes.
            9 => sent.push(create(record("op-new-3", &elsewhere, "anna"), &elsewhere)),
            // A refusal, then an op that plans a task, between the creates.
            29 => {
                let (op, before, refusal) = (record("op-refused", &task, "olga"), task.clone(), refusal.clone());
                sent.push(
                    async move { Answer::Reject(store.reject_op(&op, Some(&before), &refusal).await) }.boxed_local(),
                );
            }
            39 => sent.push(commit(
                record("op-plans", &other, "olga"),
                Some(other.version),
                Some(&other),
                &by_olga,
                Some(&planned),
            )),
            _ => {}
        }
    }
    // op-new-3's id again, in a later run; the refused op id and the planned task's id, used again after them.
    sent.push(create(record("op-new-3", &elsewhere_later, "anna"), &elsewhere_later));
    sent.push(create(record("op-refused", &refused_later, "olga"), &refused_later));
    sent.push(create(record("op-plans-again", &planned, "igor"), &planned));
    sent.push(commit(record("op-claim", &task, "igor"), Some(task.version), Some(&task), &by_igor, None));
    // The same id created again by another op, an op recorded before sent again, a second claim of the task.
    sent.push(create(record("op-taken", &taken, "olga"), &taken));
    sent.push(create(before.clone(), &taken));
    let by_olga_too = claimed(&task, "olga");
    sent.push(commit(record("op-claim-2", &task, "olga"), Some(task.version), Some(&task), &by_olga_too, None));
    let mut answers = futures_util::future::join_all(sent).await.into_iter();
    let applied = |answer: Option<Answer>, what: &str| match answer {
        Some(Answer::Commit(Ok(Commit::Applied { seq }))) => seq,
        other => panic!("{what} applies: {other:?}"),
    };
    let mut seqs = Vec::new();
    let mut first_of_3 = None;
    for n in 0..70 {
        seqs.push(applied(answers.next(), &format!("op-new-{n}")));
        match n {
            3 => first_of_3 = seqs.last().copied(),
            9 => {
                let Some(Answer::Commit(Ok(Commit::Duplicate(first)))) = answers.next() else { panic!("a resend") };
                assert!(matches!(first.outcome, Outcome::Accepted { seq, .. } if Some(seq) == first_of_3), "{first:?}");
            }
            29 => assert!(matches!(answers.next(), Some(Answer::Reject(Ok(ref r))) if *r == refusal), "recorded"),
            39 => seqs.push(applied(answers.next(), "the op that plans a task")),
            _ => {}
        }
    }
    let Some(Answer::Commit(Ok(Commit::Duplicate(first)))) = answers.next() else { panic!("a later resend") };
    assert!(matches!(first.outcome, Outcome::Accepted { seq, .. } if Some(seq) == first_of_3), "{first:?}");
    let Some(Answer::Commit(Ok(Commit::Duplicate(first)))) = answers.next() else { panic!("the refused op id again") };
    assert_eq!(*first, refusal, "answered as refused");
    let Some(Answer::Commit(Ok(Commit::VersionConflict))) = answers.next() else { panic!("the planned id is taken") };
    seqs.push(applied(answers.next(), "op-claim"));
    let Some(Answer::Commit(Ok(Commit::VersionConflict))) = answers.next() else { panic!("the id is taken") };
    let Some(Answer::Commit(Ok(Commit::Duplicate(first)))) = answers.next() else { panic!("recorded before") };
    assert!(matches!(first.outcome, Outcome::Accepted { seq, .. } if seq == before_seq), "its first result");
    let Some(Answer::Commit(Ok(Commit::VersionConflict))) = answers.next() else { panic!("claimed already") };
    for t in creates.iter().chain([&taken, &planned]) {
        assert_eq!(store.task(&t.id).await.unwrap().as_ref(), Some(t));
    }
    for t in [&elsewhere, &elsewhere_later, &refused_later] {
        assert_eq!(store.task(&t.id).await.unwrap(), None, "{} is not created", t.id);
    }
    assert_eq!(store.task(&task.id).await.unwrap(), Some(by_igor));
    assert_eq!(store.task(&other.id).await.unwrap(), Some(by_olga));
    for (who, op) in [("olga", "op-taken"), ("igor", "op-plans-again"), ("olga", "op-claim-2")] {
        assert_eq!(store.op_result(&staff(who), op).await.unwrap(), None, "{op} may be decided again");
    }
    let feed = store.changes(&task.site, &FeedScope::Site, before_seq, 1000).await.unwrap();
    assert_eq!(feed.len(), 73, "one change per applied op, and the planned task's");
    assert!(feed.windows(2).all(|w| w[0].seq < w[1].seq));
    let fed: Vec<u64> = feed.iter().map(|c| c.seq).collect();
    assert!(seqs.iter().all(|seq| fed.contains(seq)));
    let audit = store.audit(&task.site, &AuditFilter::default(), 0, 1000).await.unwrap();
    assert_eq!(audit.iter().filter(|e| e.accepted).count(), 74, "each applied op audited once, the planned task too");
    assert_eq!(audit.iter().filter(|e| !e.accepted).count(), 1, "the refusal");
}

/// Two ops on one task that reach the store together, the second written against the first's version: both apply,
/// their changes in order, each op with its own sequence number.
pub async fn a_task_changed_twice_in_one_group_keeps_both_changes_in_order<S: Store>(store: S) {
    let seed = demo_seed();
    store.seed(&seed).await.unwrap();
    let task = routing_task(&seed);
    let first_seq = store.changes(&task.site, &FeedScope::Site, 0, 1000).await.unwrap().last().unwrap().seq;
    let claimed = claimed(&task, "anna");
    let actor = floordesk_domain::Actor { staff: staff("anna"), role: floordesk_domain::Role::Administrator };
    let started = claimed.apply(&actor, &floordesk_domain::Action::Start, NOW).unwrap();
    let (claim, start) = (record("op-claim", &task, "anna"), record("op-start", &task, "anna"));
    let (a, b) = futures_util::future::join(
        store.commit_op(&claim, Some(task.version), Some(&task), &claimed, None),
        store.commit_op(&start, Some(claimed.version), Some(&claimed), &started, None),
    )
    .await;
    let (Ok(Commit::Applied { seq: a }), Ok(Commit::Applied { seq: b })) = (a, b) else {
        panic!("both apply, the second over the first")
    };
    assert!(a < b);
    let changes = store.changes(&task.site, &FeedScope::Site, first_seq, 10).await.unwrap();
    let feed: Vec<_> = changes.iter().map(|c| (c.seq, &c.task)).collect();
    assert_eq!(feed, vec![(a, &claimed), (b, &started)]);
    assert_eq!(store.task(&task.id).await.unwrap(), Some(started));
}

pub async fn a_rejection_is_recorded_once_and_audited<S: Store>(store: S) {
    let seed = demo_seed();
    store.seed(&seed).await.unwrap();
    let task = routing_task(&seed);
    let result = |message: &str| OpResult {
        op: "op-r".into(),
        outcome: Outcome::Rejected { reason: Rejection::UnknownTask, message: message.into() },
    };
    assert_eq!(
        store.reject_op(&record("op-r", &task, "anna"), Some(&task), &result("first")).await.unwrap(),
        result("first")
    );
    assert_eq!(
        store.reject_op(&record("op-r", &task, "anna"), Some(&task), &result("second")).await.unwrap(),
        result("first")
    );
    let audit = store.audit(&task.site, &AuditFilter::default(), 0, 100).await.unwrap();
    assert_eq!(audit.len(), 1, "a resent rejection is audited once");
    assert!(!audit[0].accepted);
    assert_eq!(audit[0].reason, Some(Rejection::UnknownTask));
    assert_eq!((audit[0].before.as_ref(), audit[0].after.as_ref()), (Some(&task), None));
    assert_eq!(audit[0].device_time, NOW);
}

pub async fn the_audit_keeps_what_was_done_and_why_narrows_and_pages<S: Store>(store: S) {
    let seed = demo_seed();
    store.seed(&seed).await.unwrap();
    let task = routing_task(&seed);
    let site = task.site.clone();
    let claimed = claimed(&task, "anna");
    store.commit_op(&record("op-1", &task, "anna"), Some(0), Some(&task), &claimed, None).await.unwrap();
    let mut given = claimed.clone();
    given.version += 1;
    given.assignee = Some(staff("igor"));
    let reassign = OpRecord {
        role: floordesk_domain::Role::Supervisor,
        server_time: NOW.plus_minutes(2),
        kind: OpKind::Reassign,
        note: Some("Анна ушла на вызов".into()),
        ..record("op-2", &claimed, "maria")
    };
    store.commit_op(&reassign, Some(claimed.version), Some(&claimed), &given, None).await.unwrap();
    let refused = OpRecord {
        server_time: NOW.plus_minutes(3),
        kind: OpKind::Cancel,
        note: Some("refused ops keep no reason".into()),
        ..record("op-3", &given, "olga")
    };
    let result = OpResult {
        op: "op-3".into(),
        outcome: Outcome::Rejected { reason: Rejection::UnknownTask, message: "no".into() },
    };
    store.reject_op(&refused, Some(&given), &result).await.unwrap();

    let all = store.audit(&site, &AuditFilter::default(), 0, 100).await.unwrap();
    let kinds: Vec<_> = all.iter().map(|e| (e.op.as_str(), e.action, e.note.as_deref())).collect();
    assert_eq!(
        kinds,
        vec![
            ("op-1", Some(OpKind::Claim), None),
            ("op-2", Some(OpKind::Reassign), Some("Анна ушла на вызов")),
            ("op-3", Some(OpKind::Cancel), None),
        ]
    );
    assert_eq!(all[1].actor_name.as_deref(), Some("Мария Иванова"), "the actor's name comes with the entry");
    let only = |filter: AuditFilter| {
        let store = &store;
        let site = site.clone();
        async move { store.audit(&site, &filter, 0, 100).await.unwrap().into_iter().map(|e| e.op).collect::<Vec<_>>() }
    };
    assert_eq!(only(AuditFilter { staff: Some(staff("maria")), ..AuditFilter::default() }).await, ["op-2"]);
    assert_eq!(
        only(AuditFilter { task: Some(task.id.clone()), ..AuditFilter::default() }).await,
        ["op-1", "op-2", "op-3"]
    );
    let other = floordesk_domain::TaskId::new("t-other").unwrap();
    assert!(only(AuditFilter { task: Some(other), ..AuditFilter::default() }).await.is_empty());
    assert_eq!(only(AuditFilter { action: Some(OpKind::Reassign), ..AuditFilter::default() }).await, ["op-2"]);
    let period =
        AuditFilter { from: Some(NOW.plus_minutes(2)), to: Some(NOW.plus_minutes(3)), ..AuditFilter::default() };
    assert_eq!(only(period).await, ["op-2"], "from inclusive, to exclusive");
    assert_eq!(only(AuditFilter { accepted_only: true, ..AuditFilter::default() }).await, ["op-1", "op-2"]);
    let both = AuditFilter { staff: Some(staff("anna")), action: Some(OpKind::Reassign), ..AuditFilter::default() };
    assert!(only(both).await.is_empty(), "filters narrow together");
    let ed = SiteId::new("ed-1").unwrap();
    assert!(store.audit(&ed, &AuditFilter::default(), 0, 100).await.unwrap().is_empty(), "another site's log");
    // Paging: after an entry, at most the limit.
    let first = store.audit(&site, &AuditFilter::default(), 0, 1).await.unwrap();
    assert_eq!(first.iter().map(|e| e.op.as_str()).collect::<Vec<_>>(), ["op-1"]);
    let next = store.audit(&site, &AuditFilter::default(), first[0].id, 1).await.unwrap();
    assert_eq!(next.iter().map(|e| e.op.as_str()).collect::<Vec<_>>(), ["op-2"]);
    // The reason is free text: erased with the task's personal data, what was done stays.
    assert!(store.erase_personal_data(&task.id, NOW.plus_minutes(10)).await.unwrap());
    let erased = store.audit(&site, &AuditFilter::default(), 0, 100).await.unwrap();
    assert_eq!(erased[1].note, None);
    assert_eq!(erased[1].action, Some(OpKind::Reassign));
}

pub async fn the_change_feed_is_ordered_per_site_and_pages<S: Store>(store: S) {
    let seed = demo_seed();
    store.seed(&seed).await.unwrap();
    let poly = SiteId::new("poly-12").unwrap();
    let seeded = store.changes(&poly, &FeedScope::Site, 0, 1000).await.unwrap();
    assert_eq!(seeded.len(), seed.tasks.iter().filter(|t| t.site == poly).count(), "every seeded task is a change");
    assert!(seeded.windows(2).all(|w| w[0].seq < w[1].seq));
    let task = routing_task(&seed);
    let after = claimed(&task, "anna");
    let Commit::Applied { seq } =
        store.commit_op(&record("op-1", &task, "anna"), Some(0), Some(&task), &after, None).await.unwrap()
    else {
        panic!("applied")
    };
    let last_seeded = seeded.last().unwrap().seq;
    assert!(seq > last_seeded);
    assert_eq!(
        store.changes(&poly, &FeedScope::Site, last_seeded, 10).await.unwrap(),
        vec![Change { seq, task: after.clone() }]
    );
    assert_eq!(store.changes(&poly, &FeedScope::Site, 0, 2).await.unwrap(), seeded[..2].to_vec());
    let ed = SiteId::new("ed-1").unwrap();
    assert!(store.changes(&ed, &FeedScope::Site, 0, 1000).await.unwrap().iter().all(|c| c.task.site == ed));
    let audit = store.audit(&poly, &AuditFilter::default(), 0, 10).await.unwrap();
    assert_eq!(audit.len(), 1);
    assert!(audit[0].accepted);
    assert_eq!((audit[0].before.as_ref(), audit[0].after.as_ref()), (Some(&task), Some(&after)));
    assert_eq!(audit[0].actor, staff("anna"));
    assert_eq!(audit[0].server_time, NOW.plus_minutes(1));
}

fn device(id: &str, site: &str, minute: i64) -> DeviceRecord {
    DeviceRecord {
        info: DeviceInfo {
            id: id.into(),
            site: SiteId::new(site).unwrap(),
            name: format!("Handheld {id}"),
            enrolled_by: staff("maria"),
            enrolled_at: NOW.plus_minutes(minute),
            revoked_at: None,
            clock_behind_ms: None,
            seen_at: None,
        },
        key_hash: format!("key-hash-{id}"),
    }
}

pub async fn a_withdrawn_device_ends_its_sessions_and_says_so<S: Store>(store: S) {
    store.seed(&demo_seed()).await.unwrap();
    let (d1, d2, d3) = (device("d1", "poly-12", 0), device("d2", "poly-12", 5), device("d3", "ed-1", 1));
    let enrol = |d: &DeviceRecord| {
        let write = [AdminWrite::Device(d.clone())];
        let store = &store;
        async move { store.administer(&write, &[]).await }
    };
    for d in [&d1, &d2, &d3] {
        enrol(d).await.unwrap().unwrap();
    }
    assert_eq!(enrol(&d1).await.unwrap(), Err(Taken("d1".into())), "a device id is unique");
    assert_eq!(store.device("d1").await.unwrap(), Some(d1.clone()));
    assert_eq!(store.device("nope").await.unwrap(), None);
    let poly = SiteId::new("poly-12").unwrap();
    assert_eq!(store.devices(&poly).await.unwrap(), vec![d2.info.clone(), d1.info.clone()], "newest first");
    let expires = NOW.plus_minutes(60);
    store.create_session("on-d1-a", &staff("anna"), Some("d1"), NOW, expires).await.unwrap();
    store.create_session("on-d1-b", &staff("igor"), Some("d1"), NOW, expires).await.unwrap();
    store.create_session("browser", &staff("maria"), None, NOW, expires).await.unwrap();
    assert_eq!(store.session("on-d1-a").await.unwrap().unwrap().device.as_deref(), Some("d1"));
    let mut ended = store.subscribe_ended();
    // Withdrawn through the administration batch, with its log entry, or not at all.
    let withdraw = |id: &str, at: Timestamp| {
        let write = AdminWrite::Withdraw { site: poly.clone(), id: id.to_owned(), at };
        let log = AdminRecord {
            site: poly.clone(),
            actor: staff("maria"),
            at,
            action: "device_withdrawn",
            target: id.to_owned(),
            before: None,
            after: None,
        };
        let store = &store;
        async move { store.administer(&[write], &[log]).await.unwrap().is_ok() }
    };
    assert!(!withdraw("d3", NOW).await, "another site's device is not this site's to withdraw");
    let at = NOW.plus_minutes(30);
    assert!(withdraw("d1", at).await);
    assert!(!withdraw("d1", at).await, "withdrawn once");
    let log = store.admin_log(None, 0, 10).await.unwrap();
    assert_eq!(log.iter().map(|e| e.target.as_str()).collect::<Vec<_>>(), ["d1"], "one entry, of the withdrawal made");
    assert_eq!(store.device("d1").await.unwrap().unwrap().info.revoked_at, Some(at));
    assert_eq!(store.device("d3").await.unwrap().unwrap().info.revoked_at, None);
    assert!(store.session("on-d1-a").await.unwrap().unwrap().revoked);
    assert!(store.session("on-d1-b").await.unwrap().unwrap().revoked);
    assert!(!store.session("browser").await.unwrap().unwrap().revoked);
    let announced = tokio::time::timeout(std::time::Duration::from_secs(10), ended.recv()).await.unwrap().unwrap();
    let mut announced = announced.to_vec();
    announced.sort();
    assert_eq!(announced, ["on-d1-a", "on-d1-b"]);
    assert!(store.revoke_session("browser").await.unwrap());
    let announced = tokio::time::timeout(std::time::Duration::from_secs(10), ended.recv()).await.unwrap().unwrap();
    assert_eq!(announced.to_vec(), ["browser"]);
}

pub async fn the_feed_of_an_administrator_is_their_zone_and_their_tasks<S: Store>(store: S) {
    let seed = demo_seed();
    store.seed(&seed).await.unwrap();
    let poly = SiteId::new("poly-12").unwrap();
    let task = routing_task(&seed); // in the entrance zone, unassigned
    let by_anna = claimed(&task, "anna");
    let Commit::Applied { seq: claim } =
        store.commit_op(&record("op-1", &task, "anna"), Some(task.version), Some(&task), &by_anna, None).await.unwrap()
    else {
        panic!("applied")
    };
    let maria = floordesk_domain::Actor { staff: staff("maria"), role: floordesk_domain::Role::Supervisor };
    let to_olga =
        by_anna.apply(&maria, &floordesk_domain::Action::Reassign { to: staff("olga"), reason: None }, NOW).unwrap();
    let Commit::Applied { seq: reassign } = store
        .commit_op(&record("op-2", &by_anna, "maria"), Some(by_anna.version), Some(&by_anna), &to_olga, None)
        .await
        .unwrap()
    else {
        panic!("applied")
    };
    let person = |id: &str, zone: &str| FeedScope::Person { staff: staff(id), zone: Some(ZoneId::new(zone).unwrap()) };
    let seqs = |scope: FeedScope| {
        let store = &store;
        let poly = poly.clone();
        async move {
            let all = store.changes(&poly, &scope, claim - 1, 100).await.unwrap();
            all.into_iter().map(|c| c.seq).collect::<Vec<_>>()
        }
    };
    assert_eq!(seqs(FeedScope::Site).await, [claim, reassign]);
    assert_eq!(seqs(person("anna", "poly-12-entrance")).await, [claim, reassign], "her zone");
    assert_eq!(seqs(person("igor", "poly-12-f2")).await, Vec::<u64>::new(), "another zone, never his");
    assert_eq!(seqs(person("olga", "poly-12-f3")).await, [reassign], "given to her");
    assert_eq!(
        seqs(FeedScope::Person { staff: staff("anna"), zone: None }).await,
        [claim, reassign],
        "held by her, then taken from her"
    );
    let igor_seeded = store.changes(&poly, &person("igor", "poly-12-f2"), 0, 1000).await.unwrap();
    assert!(!igor_seeded.is_empty());
    assert!(igor_seeded.iter().all(|c| c.task.zone.as_str() == "poly-12-f2" || c.task.assignee == Some(staff("igor"))));
}

pub async fn closed_tasks_come_back_by_site_and_period_and_a_close_is_counted<S: Store>(store: S) {
    let seed = demo_seed();
    store.seed(&seed).await.unwrap();
    let (from, to) = demo::yesterday(NOW);
    let poly = SiteId::new("poly-12").unwrap();
    let closed_in = |from: Timestamp, to: Timestamp| {
        let mut expected: Vec<_> = seed
            .tasks
            .iter()
            .filter(|t| t.site == poly && t.closed_at.is_some_and(|c| c >= from && c < to))
            .cloned()
            .collect();
        expected.sort_by(|a, b| (a.closed_at, &a.id).cmp(&(b.closed_at, &b.id)));
        expected
    };
    let yesterday = store.closed_tasks(&poly, from, to).await.unwrap();
    assert!(yesterday.len() >= 4);
    assert_eq!(yesterday, closed_in(from, to));
    assert!(yesterday.iter().all(|t| t.site == poly && !t.status.is_open()));
    // [from, to): a task closed exactly at `to` belongs to the next period.
    let last = yesterday.last().unwrap().closed_at.unwrap();
    assert_eq!(store.closed_tasks(&poly, from, last).await.unwrap(), closed_in(from, last));
    assert!(!store.closed_tasks(&poly, from, last).await.unwrap().iter().any(|t| t.closed_at == Some(last)));
    assert!(store.closed_tasks(&poly, to, NOW.plus_minutes(60)).await.unwrap().is_empty(), "nothing closed today");
    // Closing a task through an op counts it in its period.
    let task = routing_task(&seed);
    let maria = floordesk_domain::Actor { staff: staff("maria"), role: floordesk_domain::Role::Supervisor };
    let at = NOW.plus_minutes(5);
    let cancelled = task.apply(&maria, &floordesk_domain::Action::Cancel { reason: "Ушёл".into() }, at).unwrap();
    let op = record("op-cancel", &task, "maria");
    assert!(matches!(
        store.commit_op(&op, Some(task.version), Some(&task), &cancelled, None).await.unwrap(),
        Commit::Applied { .. }
    ));
    assert_eq!(store.closed_tasks(&poly, to, NOW.plus_minutes(60)).await.unwrap(), vec![cancelled]);
    let ed = SiteId::new("ed-1").unwrap();
    assert!(store.closed_tasks(&ed, to, NOW.plus_minutes(60)).await.unwrap().is_empty(), "another site's");
}

fn story(id: &str, site: &str, author: &str, text: &str, minute: i64) -> StoryRecord {
    StoryRecord {
        id: StoryId::new(id).unwrap(),
        site: SiteId::new(site).unwrap(),
        author: staff(author),
        text: text.into(),
        about: Some(staff("olga")),
        task: Some(floordesk_domain::TaskId::new("t-poly-routing-1").unwrap()),
        posted_at: NOW.plus_minutes(minute),
    }
}

pub async fn a_story_is_posted_once_and_liked_once_per_person<S: Store>(store: S) {
    store.seed(&demo_seed()).await.unwrap();
    let poly = SiteId::new("poly-12").unwrap();
    let first = story("s-new", "poly-12", "anna", "Ольга помогла с коляской", 10);
    let posted = store.post_story(&first).await.unwrap().unwrap();
    assert_eq!(
        (posted.author_name.as_str(), posted.about_name.as_deref(), posted.likes, posted.liked),
        ("Анна Смирнова", Some("Ольга Кузнецова"), 0, false)
    );
    assert_eq!((posted.text.as_str(), posted.posted_at), (first.text.as_str(), first.posted_at));
    assert_eq!(posted.task, first.task);
    // A resend (it reached the server later) is the same story; other content under the id is refused.
    let resend = StoryRecord { posted_at: NOW.plus_minutes(11), ..first.clone() };
    assert_eq!(store.post_story(&resend).await.unwrap(), Some(posted.clone()));
    let other = StoryRecord { text: "Другой текст".into(), ..first.clone() };
    assert_eq!(store.post_story(&other).await.unwrap(), None);
    let by_another = StoryRecord { author: staff("igor"), ..first.clone() };
    assert_eq!(store.post_story(&by_another).await.unwrap(), None);
    // Newest first, since a moment, at most a limit; the demo's stories of the site are older.
    let later = story("s-later", "poly-12", "igor", "Анна встретила бригаду", 20);
    store.post_story(&later).await.unwrap().unwrap();
    let ids =
        |stories: Vec<floordesk_protocol::Story>| stories.into_iter().map(|s| s.id.to_string()).collect::<Vec<_>>();
    assert_eq!(ids(store.stories(&poly, &staff("olga"), Some(NOW), 100).await.unwrap()), ["s-later", "s-new"]);
    assert_eq!(ids(store.stories(&poly, &staff("olga"), Some(NOW.plus_minutes(20)), 100).await.unwrap()), ["s-later"]);
    assert_eq!(ids(store.stories(&poly, &staff("olga"), None, 3).await.unwrap()), ["s-later", "s-new", "s-poly-2"]);
    let all = store.stories(&poly, &staff("olga"), None, 100).await.unwrap();
    assert_eq!(ids(all.clone()), ["s-later", "s-new", "s-poly-2", "s-poly-1"]);
    let demo_liked = all.iter().find(|s| s.id.as_str() == "s-poly-1").unwrap();
    assert_eq!((demo_liked.likes, demo_liked.liked), (1, false), "liked by Igor, not by the reader");
    let ed = SiteId::new("ed-1").unwrap();
    assert_eq!(ids(store.stories(&ed, &staff("sergey"), None, 100).await.unwrap()), ["s-ed-1"]);
    // Likes: once per person, taken back once, counted for everyone, `liked` for the reader.
    let id = first.id.clone();
    for _ in 0..2 {
        let liked = store.like_story(&poly, &id, &staff("olga"), true).await.unwrap().unwrap();
        assert_eq!((liked.likes, liked.liked), (1, true));
    }
    let by_igor = store.like_story(&poly, &id, &staff("igor"), true).await.unwrap().unwrap();
    assert_eq!((by_igor.likes, by_igor.liked), (2, true));
    let seen = store.stories(&poly, &staff("anna"), Some(NOW), 100).await.unwrap();
    let seen = seen.iter().find(|s| s.id == id).unwrap();
    assert_eq!((seen.likes, seen.liked), (2, false));
    for _ in 0..2 {
        let unliked = store.like_story(&poly, &id, &staff("olga"), false).await.unwrap().unwrap();
        assert_eq!((unliked.likes, unliked.liked), (1, false));
    }
    // Another site's story is not this site's to like or read.
    let missing = StoryId::new("s-ed-1").unwrap();
    assert_eq!(store.like_story(&poly, &missing, &staff("olga"), true).await.unwrap(), None);
    assert_eq!(store.like_story(&poly, &StoryId::new("s-none").unwrap(), &staff("olga"), false).await.unwrap(), None);
    let ed_story = store.stories(&ed, &staff("sergey"), None, 100).await.unwrap();
    assert_eq!(ed_story[0].likes, 0);
}

fn template(id: &str, title: &str, by: &str, minute: i64) -> Template {
    Template {
        id: TemplateId::new(id).unwrap(),
        title: title.into(),
        body: format!("Ответ на «{title}»"),
        updated_at: NOW.plus_minutes(minute),
        updated_by: staff(by),
    }
}

pub async fn morning_notes_are_kept_per_site_and_day_and_replaced_whole<S: Store>(store: S) {
    store.seed(&demo_seed()).await.unwrap();
    let (poly, ed) = (SiteId::new("poly-12").unwrap(), SiteId::new("ed-1").unwrap());
    let (maria, tatiana) = (StaffId::new("maria").unwrap(), StaffId::new("tatiana").unwrap());
    assert_eq!(store.morning_notes(&poly, "2026-11-30").await.unwrap(), None);
    let notes = MorningNotesDraft {
        goals: vec!["Встречать у входа".into(), "Ждать не дольше 10 минут".into()],
        thanks: vec![Thanks { staff: StaffId::new("anna").unwrap(), for_what: "за коляску".into() }],
    };
    store.put_morning_notes(&poly, "2026-11-30", &notes, &maria, Timestamp(10)).await.unwrap();
    let found = store.morning_notes(&poly, "2026-11-30").await.unwrap();
    assert_eq!(found, Some((notes.clone(), maria.clone(), Timestamp(10))));
    // Another day and another site are their own.
    assert_eq!(store.morning_notes(&poly, "2026-11-29").await.unwrap(), None);
    assert_eq!(store.morning_notes(&ed, "2026-11-30").await.unwrap(), None);
    let theirs = MorningNotesDraft { goals: vec!["Бригады за 15 минут".into()], thanks: Vec::new() };
    store.put_morning_notes(&ed, "2026-11-30", &theirs, &tatiana, Timestamp(11)).await.unwrap();
    // Replaced whole, with who and when.
    let fewer = MorningNotesDraft { goals: vec!["Одна цель".into()], thanks: Vec::new() };
    store.put_morning_notes(&poly, "2026-11-30", &fewer, &maria, Timestamp(12)).await.unwrap();
    assert_eq!(store.morning_notes(&poly, "2026-11-30").await.unwrap(), Some((fewer, maria, Timestamp(12))));
    assert_eq!(store.morning_notes(&ed, "2026-11-30").await.unwrap(), Some((theirs, tatiana, Timestamp(11))));
}

pub async fn a_visitor_case_is_read_through_its_tasks_and_closed_once<S: Store>(store: S) {
    // The demo's case `c-poly-1` (an escort and a taxi), its taxi already done; the demo's `c-poly-2` as it is.
    let mut seed = demo_seed();
    for task in seed.tasks.iter_mut().filter(|t| t.id.as_str() == "t-poly-taxi-1") {
        task.status = TaskStatus::Done;
        task.closed_at = Some(NOW);
    }
    store.seed(&seed).await.unwrap();
    let (poly, ed) = (SiteId::new("poly-12").unwrap(), SiteId::new("ed-1").unwrap());
    let case = CaseId::new("c-poly-1").unwrap();
    let ids = |tasks: Vec<floordesk_domain::Task>| tasks.into_iter().map(|t| t.id.to_string()).collect::<Vec<_>>();
    assert_eq!(ids(store.case_tasks(&poly, &case).await.unwrap()), ["t-poly-escort-1", "t-poly-taxi-1"]);
    assert!(store.case_tasks(&ed, &case).await.unwrap().is_empty(), "a case is its site's");
    assert_eq!(store.case_closure(&poly, &case).await.unwrap(), None);
    // Not closed over an open task: the escort is still open.
    let rating = Some(Rating::new(5, Some("Всё решили за один раз".into())).unwrap());
    let closed = CaseClosed { at: NOW, by: staff("maria"), rating };
    assert!(!store.close_case(&poly, &case, &closed).await.unwrap());
    assert_eq!(store.case_closure(&poly, &case).await.unwrap(), None);
    // Its escort done too: closed once, the first close stands.
    let escort = store.task(&floordesk_domain::TaskId::new("t-poly-escort-1").unwrap()).await.unwrap().unwrap();
    let done = floordesk_domain::Task {
        status: TaskStatus::Done,
        closed_at: Some(NOW),
        version: escort.version + 1,
        ..escort.clone()
    };
    let op = record("op-case", &escort, "anna");
    let commit = store.commit_op(&op, Some(escort.version), Some(&escort), &done, None).await.unwrap();
    assert!(matches!(commit, Commit::Applied { .. }), "{commit:?}");
    assert!(store.close_case(&poly, &case, &closed).await.unwrap());
    let again = CaseClosed { at: NOW.plus_minutes(1), by: staff("anna"), rating: None };
    assert!(!store.close_case(&poly, &case, &again).await.unwrap());
    assert_eq!(store.case_closure(&poly, &case).await.unwrap(), Some(closed.clone()));
    assert_eq!(store.case_closure(&ed, &case).await.unwrap(), None);
    // Erasing a task's personal data takes it out of its case, and the visitor's words out of the close's rating;
    // the close and its score stay.
    let taxi = floordesk_domain::TaskId::new("t-poly-taxi-1").unwrap();
    assert!(store.erase_personal_data(&taxi, NOW.plus_minutes(2)).await.unwrap());
    assert_eq!(ids(store.case_tasks(&poly, &case).await.unwrap()), ["t-poly-escort-1"]);
    let kept = store.case_closure(&poly, &case).await.unwrap().expect("still closed");
    assert_eq!((kept.at, kept.by, kept.rating), (NOW, staff("maria"), Some(Rating::new(5, None).unwrap())));
}

pub async fn templates_are_kept_per_site_by_title<S: Store>(store: S) {
    let seed = demo_seed();
    store.seed(&seed).await.unwrap();
    let poly = SiteId::new("poly-12").unwrap();
    let ed = SiteId::new("ed-1").unwrap();
    let mut expected: Vec<Template> =
        seed.templates.iter().filter(|(site, _)| *site == poly).map(|(_, t)| t.clone()).collect();
    expected.sort_by(|a, b| (&a.title, &a.id).cmp(&(&b.title, &b.id)));
    assert_eq!(store.templates(&poly).await.unwrap(), expected);
    assert!(store.templates(&ed).await.unwrap().iter().all(|t| !expected.contains(t)));
    // Written, then replaced by id (title, body, who and when), and listed by title.
    let new = template("tpl-new", "Аптека", "maria", 1);
    assert!(store.put_template(&poly, &new).await.unwrap());
    let listed = store.templates(&poly).await.unwrap();
    assert_eq!(listed.first(), Some(&new), "«Аптека» sorts first");
    let changed =
        Template { title: "Яблоки".into(), body: "Нет".into(), ..template("tpl-new", "", "maria", 2) };
    assert!(store.put_template(&poly, &changed).await.unwrap());
    let listed = store.templates(&poly).await.unwrap();
    assert_eq!(listed.len(), expected.len() + 1);
    assert_eq!(listed.last(), Some(&changed), "«Яблоки» sorts last");
    // Another site cannot take over or remove it.
    let hijack = template("tpl-new", "Чужой", "tatiana", 3);
    assert!(!store.put_template(&ed, &hijack).await.unwrap());
    assert!(!store.delete_template(&ed, &hijack.id).await.unwrap());
    assert_eq!(store.templates(&poly).await.unwrap().last(), Some(&changed));
    assert!(store.delete_template(&poly, &changed.id).await.unwrap());
    assert!(!store.delete_template(&poly, &changed.id).await.unwrap(), "removed once");
    assert_eq!(store.templates(&poly).await.unwrap(), expected);
}

/// The task the schema-upgrade tests write before migration 4: one of the demo's closed tasks.
pub fn closed_before_the_upgrade() -> floordesk_domain::Task {
    demo::closed_tasks(NOW).into_iter().find(|t| t.id.as_str() == "t-poly-y-escort-1").unwrap()
}

/// The statements that write the demo's sites and the task of [`closed_before_the_upgrade`] as the schema before
/// migration 4 held them (no `closed_at` column), with their parameters in order.
pub fn rows_before_the_upgrade() -> Vec<(&'static str, Vec<String>)> {
    let task = closed_before_the_upgrade();
    let mut rows = Vec::new();
    for site in demo::sites() {
        rows.push((
            "INSERT INTO sites (id, name, kind) VALUES ($1, $2, $3)",
            vec![site.id.to_string(), site.name.clone(), site.kind.as_str().to_owned()],
        ));
        for zone in site.zones {
            rows.push((
                "INSERT INTO zones (id, site, name, floor) VALUES ($1, $2, $3, 1)",
                vec![zone.id.to_string(), site.id.to_string(), zone.name],
            ));
        }
    }
    rows.push((
        "INSERT INTO tasks (id, site, zone, status, version, body) VALUES ($1, $2, $3, $4, 1, $5)",
        vec![
            task.id.to_string(),
            task.site.to_string(),
            task.zone.to_string(),
            task.status.as_str().to_owned(),
            serde_json::to_string(&task).unwrap(),
        ],
    ));
    rows
}

/// After the upgrade, the task written before it is found by when it closed.
pub async fn a_task_closed_before_the_upgrade_is_found_by_when_it_closed<S: Store>(store: S) {
    let task = closed_before_the_upgrade();
    let closed = task.closed_at.unwrap();
    assert_eq!(store.closed_tasks(&task.site, closed, closed.plus_minutes(1)).await.unwrap(), vec![task.clone()]);
    assert!(store.closed_tasks(&task.site, closed.plus_minutes(-1), closed).await.unwrap().is_empty());
}

pub async fn presence_is_written_only_over_what_was_read_and_shifts_are_recorded<S: Store>(store: S) {
    use floordesk_domain::{Activity, Presence, Role};
    store.seed(&demo_seed()).await.unwrap();
    let site = SiteId::new("poly-12").unwrap();
    let zone = Some(ZoneId::new("poly-12-entrance").unwrap());
    let anna = Presence {
        staff: staff("anna"),
        role: Role::Administrator,
        zone: zone.clone(),
        activity: Activity::Working,
        back_at: None,
        since: NOW,
        shift_started: NOW,
    };
    let mut live = store.subscribe(&site, FeedScope::Person { staff: anna.staff.clone(), zone: None });
    assert!(store.put_presence(&site, &anna.staff, None, Some(&anna), NOW).await.unwrap());
    let floor = floordesk_server::store::LiveFrame::Message(br#"{"type":"floor"}"#.as_slice().into());
    assert_eq!(live.recv().await, Some(floor), "announced to everyone at the site");
    // A second writer that read "no row" loses.
    assert!(!store.put_presence(&site, &anna.staff, None, Some(&anna), NOW).await.unwrap());
    assert_eq!(store.presence(&site).await.unwrap(), vec![anna.clone()]);
    let later = NOW.plus_minutes(30);
    let on_break =
        Presence { activity: Activity::Break, back_at: Some(later.plus_minutes(15)), since: later, ..anna.clone() };
    let stale = Presence { since: later, ..anna.clone() };
    assert!(!store.put_presence(&site, &anna.staff, Some(&stale), Some(&on_break), later).await.unwrap(), "stale read");
    assert!(store.put_presence(&site, &anna.staff, Some(&anna), Some(&on_break), later).await.unwrap());
    // Moving zones ends one shift record and starts another; ending the shift closes it.
    let moved_at = NOW.plus_minutes(60);
    let moved = Presence { zone: Some(ZoneId::new("poly-12-f2").unwrap()), since: moved_at, ..anna.clone() };
    assert!(store.put_presence(&site, &anna.staff, Some(&on_break), Some(&moved), moved_at).await.unwrap());
    let end = NOW.plus_minutes(90);
    assert!(store.put_presence(&site, &anna.staff, Some(&moved), None, end).await.unwrap());
    assert!(store.presence(&site).await.unwrap().is_empty());
    let shifts = store.shifts(&site, NOW, end.plus_minutes(1)).await.unwrap();
    let seen: Vec<_> = shifts.iter().map(|s| (s.zone.clone(), s.started_at, s.ended_at)).collect();
    assert_eq!(seen, vec![(zone, NOW, Some(moved_at)), (moved.zone.clone(), moved_at, Some(end))]);
    assert!(store.shifts(&SiteId::new("ed-1").unwrap(), NOW, end).await.unwrap().is_empty(), "per site");
}

pub async fn site_rules_and_reserve_samples_are_kept_per_site<S: Store>(store: S) {
    use floordesk_domain::{DispatchMode, SiteKind, SiteRules, ZoneDispatch};
    store.seed(&demo_seed()).await.unwrap();
    let site = SiteId::new("poly-12").unwrap();
    assert_eq!(store.site_rules(&site).await.unwrap(), None);
    let mut rules = SiteRules::usual(SiteKind::Polyclinic);
    let hall = ZoneId::new("poly-12-entrance").unwrap();
    rules.zones.insert(hall.clone(), ZoneDispatch { mode: DispatchMode::Auto, reserve_people: 2, reserve_percent: 0 });
    let log = AdminRecord {
        site: site.clone(),
        actor: staff("maria"),
        at: NOW,
        action: "rules_tuned",
        target: site.to_string(),
        before: None,
        after: serde_json::to_value(&rules).ok(),
    };
    store.put_site_rules(&site, &rules, &log).await.unwrap();
    assert_eq!(store.site_rules(&site).await.unwrap(), Some(rules));
    assert_eq!(store.site_rules(&SiteId::new("ed-1").unwrap()).await.unwrap(), None);
    assert_eq!(
        store.admin_log(Some(&site), 0, 10).await.unwrap().last().map(|e| e.action.clone()).as_deref(),
        Some("rules_tuned")
    );
    // The first sample of a zone's minute wins (another instance's is not counted twice).
    store.sample_reserve(&site, NOW, &[(hall.clone(), true)]).await.unwrap();
    store.sample_reserve(&site, NOW, &[(hall.clone(), false)]).await.unwrap();
    store.sample_reserve(&site, NOW.plus_minutes(1), &[(hall.clone(), false)]).await.unwrap();
    let samples = store.reserve_samples(&site, NOW, NOW.plus_minutes(2)).await.unwrap();
    assert_eq!(samples.get(&hall).map(|s| (s.taken, s.kept)), Some((2, 1)));
    assert!(store.reserve_samples(&site, NOW.plus_minutes(2), NOW.plus_minutes(3)).await.unwrap().is_empty());
}

pub async fn an_op_of_the_rules_is_recorded_and_audited_like_any_other<S: Store>(store: S) {
    use floordesk_domain::{rules_staff, Role};
    store.seed(&demo_seed()).await.unwrap();
    let site = SiteId::new("poly-12").unwrap();
    let task = store.open_tasks(&site).await.unwrap().remove(0);
    let mut after = task.clone();
    after.version += 1;
    after.case_owner = Some(staff("anna"));
    // Nobody on the staff is `rules`: the op is recorded all the same.
    let op = OpRecord {
        op_id: "rule-case_owner-own-0123456789abcdef".into(),
        device: "rules".into(),
        actor: rules_staff(),
        role: Role::Supervisor,
        site: site.clone(),
        task: task.id.clone(),
        device_time: NOW,
        server_time: NOW,
        kind: OpKind::Rule,
        rule: Some(floordesk_domain::RuleKind::CaseOwner),
        note: None,
    };
    assert!(matches!(
        store.commit_op(&op, Some(task.version), Some(&task), &after, None).await.unwrap(),
        Commit::Applied { .. }
    ));
    assert!(store.op_result(&rules_staff(), &op.op_id).await.unwrap().is_some());
    let audit = store.audit(&site, &AuditFilter::default(), 0, 1000).await.unwrap();
    assert!(audit.iter().any(|e| e.actor == rules_staff() && e.op == op.op_id && e.accepted));
}

/// One `#[tokio::test]` per case, each on a fresh store from `$make`: an expression giving `(store, guard)`, where the
/// guard is kept alive for the case (a temp dir, say). `$($attr)*` go on every test (e.g. `#[ignore]` for a store
/// that needs a server).
#[macro_export]
macro_rules! conformance_suite {
    ($make:expr $(, #[$attr:meta])*) => {
        $crate::conformance_suite!(@cases $make, [$(#[$attr])*],
            a_fresh_store_is_empty_until_seeded,
            a_seed_is_all_or_nothing,
            sites_come_back_with_their_zones_by_floor,
            staff_come_back_as_written_sorted_by_site_and_name,
            wrong_codes_count_up_lock_at_the_limit_and_clear,
            a_live_ticket_opens_once_and_only_while_it_is_good,
            sessions_are_found_by_hash_and_revoked_once,
            open_tasks_of_a_site_come_back_exactly,
            a_commit_wins_only_against_the_version_it_read,
            a_create_commits_once_per_task_id,
            an_op_that_plans_a_task_commits_both_or_neither,
            a_rejection_is_recorded_once_and_audited,
            ops_that_arrive_together_are_each_written_whole_or_not_at_all,
            an_op_the_database_refuses_takes_no_other_op_of_its_group_with_it,
            a_task_changed_twice_in_one_group_keeps_both_changes_in_order,
            a_large_group_answers_each_op_as_in_its_turn_alone,
            the_change_feed_is_ordered_per_site_and_pages,
            the_audit_keeps_what_was_done_and_why_narrows_and_pages,
            a_withdrawn_device_ends_its_sessions_and_says_so,
            the_feed_of_an_administrator_is_their_zone_and_their_tasks,
            closed_tasks_come_back_by_site_and_period_and_a_close_is_counted,
            a_story_is_posted_once_and_liked_once_per_person,
            templates_are_kept_per_site_by_title,
            presence_is_written_only_over_what_was_read_and_shifts_are_recorded,
            site_rules_and_reserve_samples_are_kept_per_site,
            an_op_of_the_rules_is_recorded_and_audited_like_any_other,
            morning_notes_are_kept_per_site_and_day_and_replaced_whole,
            a_visitor_case_is_read_through_its_tasks_and_closed_once,
        );
    };
    (@cases $make:expr, [$($attrs:tt)*], $case:ident, $($rest:ident,)*) => {
        #[tokio::test]
        $($attrs)*
        async fn $case() {
            let (store, _guard) = $make;
            conformance::$case(store).await;
        }
        $crate::conformance_suite!(@cases $make, [$($attrs)*], $($rest,)*);
    };
    (@cases $make:expr, [$($attrs:tt)*],) => {};
}
