//! One conformance suite for every `Store`: each case takes a fresh, empty store. `store_sqlite.rs` and
//! `store_postgres.rs` run all of it through [`conformance_suite!`].

use floordesk_domain::{StaffId, TaskStatus, Timestamp};
use floordesk_protocol::{Change, OpResult, Outcome, Rejection};
use floordesk_server::demo;
use floordesk_server::store::{Commit, OpRecord, Seed, StaffRecord, Store};

const NOW: Timestamp = Timestamp(1_790_000_000_000);

fn staff(id: &str) -> StaffId {
    StaffId::new(id).unwrap()
}

/// The demo, with fixed salts so records compare equal.
fn demo_seed() -> Seed {
    let staff = demo::STAFF
        .iter()
        .map(|s| StaffRecord {
            profile: floordesk_protocol::StaffProfile {
                id: staff(s.id),
                display_name: s.name.into(),
                role: s.role,
                site: floordesk_domain::SiteId::new(s.site).unwrap(),
                zone: s.zone.map(|z| floordesk_domain::ZoneId::new(z).unwrap()),
            },
            code_salt: format!("salt-{}", s.id),
            code_hash: format!("hash-{}", s.code),
            demo_code: Some(s.code.into()),
            locked_until: None,
        })
        .collect();
    Seed { sites: demo::sites(), staff, tasks: demo::tasks(NOW) }
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
    bad.zone = floordesk_domain::ZoneId::new("no-such-zone").unwrap();
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
    let until = NOW.plus_minutes(15);
    for n in 1..=2 {
        assert_eq!(store.record_failed_login(&staff("anna"), 3, until).await.unwrap(), n);
        assert_eq!(store.staff_by_id(&staff("anna")).await.unwrap().unwrap().locked_until, None);
    }
    assert_eq!(store.record_failed_login(&staff("anna"), 3, until).await.unwrap(), 3);
    assert_eq!(store.staff_by_id(&staff("anna")).await.unwrap().unwrap().locked_until, Some(until));
    // Others are untouched.
    assert_eq!(store.record_failed_login(&staff("igor"), 3, until).await.unwrap(), 1);
    store.clear_failed_logins(&staff("anna")).await.unwrap();
    assert_eq!(store.staff_by_id(&staff("anna")).await.unwrap().unwrap().locked_until, None);
    assert_eq!(store.record_failed_login(&staff("anna"), 3, until).await.unwrap(), 1);
}

pub async fn sessions_are_found_by_hash_and_revoked_once<S: Store>(store: S) {
    store.seed(&demo_seed()).await.unwrap();
    let expires = NOW.plus_minutes(60);
    store.create_session("h1", &staff("maria"), NOW, expires).await.unwrap();
    let s = store.session("h1").await.unwrap().unwrap();
    assert_eq!((s.staff, s.expires_at, s.revoked), (staff("maria"), expires, false));
    assert_eq!(store.session("h2").await.unwrap(), None);
    assert!(store.revoke_session("h1").await.unwrap());
    assert!(!store.revoke_session("h1").await.unwrap());
    assert!(store.session("h1").await.unwrap().unwrap().revoked);
    assert!(store.create_session("h1", &staff("maria"), NOW, expires).await.is_err(), "a token hash is unique");
}

pub async fn open_tasks_of_a_site_come_back_exactly<S: Store>(store: S) {
    let seed = demo_seed();
    store.seed(&seed).await.unwrap();
    for site in ["poly-12", "ed-1"] {
        let site = floordesk_domain::SiteId::new(site).unwrap();
        let mut expected: Vec<_> =
            seed.tasks.iter().filter(|t| t.site == site && t.status.is_open()).cloned().collect();
        expected.sort_by(|a, b| a.id.cmp(&b.id));
        let got = store.open_tasks(&site).await.unwrap();
        assert_eq!(got, expected);
        assert!(got.iter().all(|t| !matches!(t.status, TaskStatus::Done | TaskStatus::Cancelled)));
    }
}

fn record(op: &str, task: &floordesk_domain::Task, actor: &str) -> OpRecord {
    OpRecord {
        op_id: op.into(),
        device: "dev-1".into(),
        actor: staff(actor),
        role: floordesk_domain::Role::Administrator,
        site: task.site.clone(),
        task: task.id.clone(),
        device_time: NOW,
        server_time: NOW.plus_minutes(1),
    }
}

fn claimed(task: &floordesk_domain::Task, by: &str) -> floordesk_domain::Task {
    let actor = floordesk_domain::Actor { staff: staff(by), role: floordesk_domain::Role::Administrator };
    task.apply(&actor, &floordesk_domain::Action::Claim, NOW).unwrap()
}

fn routing_task(seed: &Seed) -> floordesk_domain::Task {
    seed.tasks.iter().find(|t| t.id.as_str() == "t-poly-routing-1").unwrap().clone()
}

pub async fn a_commit_wins_only_against_the_version_it_read<S: Store>(store: S) {
    let seed = demo_seed();
    store.seed(&seed).await.unwrap();
    let task = routing_task(&seed);
    let by_anna = claimed(&task, "anna");
    let by_olga = claimed(&task, "olga");
    let first =
        store.commit_op(&record("op-a", &task, "anna"), Some(task.version), Some(&task), &by_anna).await.unwrap();
    let Commit::Applied { seq } = first else { panic!("first writer must win: {first:?}") };
    let second =
        store.commit_op(&record("op-o", &task, "olga"), Some(task.version), Some(&task), &by_olga).await.unwrap();
    assert_eq!(second, Commit::VersionConflict);
    assert_eq!(store.task(&task.id).await.unwrap(), Some(by_anna.clone()));
    // The loser's op id was not kept: it may be decided again.
    assert_eq!(store.op_result(&staff("olga"), "op-o").await.unwrap(), None);
    let resend = store.commit_op(&record("op-a", &task, "anna"), Some(by_anna.version), Some(&by_anna), &by_anna).await;
    let Commit::Duplicate(first_result) = resend.unwrap() else { panic!("a resent op is a duplicate") };
    assert_eq!(first_result.outcome, Outcome::Accepted { seq, task: Box::new(by_anna) });
}

pub async fn a_create_commits_once_per_task_id<S: Store>(store: S) {
    let seed = demo_seed();
    store.seed(&seed).await.unwrap();
    let mut fresh = routing_task(&seed);
    fresh.id = floordesk_domain::TaskId::new("t-new").unwrap();
    assert!(matches!(
        store.commit_op(&record("op-1", &fresh, "anna"), None, None, &fresh).await.unwrap(),
        Commit::Applied { .. }
    ));
    assert_eq!(
        store.commit_op(&record("op-2", &fresh, "anna"), None, None, &fresh).await.unwrap(),
        Commit::VersionConflict
    );
    assert_eq!(store.task(&fresh.id).await.unwrap(), Some(fresh));
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
    let audit = store.audit(&task.site, 0, 100).await.unwrap();
    assert_eq!(audit.len(), 1, "a resent rejection is audited once");
    assert!(!audit[0].accepted);
    assert_eq!(audit[0].reason, Some(Rejection::UnknownTask));
    assert_eq!((audit[0].before.as_ref(), audit[0].after.as_ref()), (Some(&task), None));
    assert_eq!(audit[0].device_time, NOW);
}

pub async fn the_change_feed_is_ordered_per_site_and_pages<S: Store>(store: S) {
    let seed = demo_seed();
    store.seed(&seed).await.unwrap();
    let poly = floordesk_domain::SiteId::new("poly-12").unwrap();
    let seeded = store.changes(&poly, 0, 1000).await.unwrap();
    assert_eq!(seeded.len(), seed.tasks.iter().filter(|t| t.site == poly).count(), "every seeded task is a change");
    assert!(seeded.windows(2).all(|w| w[0].seq < w[1].seq));
    let task = routing_task(&seed);
    let after = claimed(&task, "anna");
    let Commit::Applied { seq } =
        store.commit_op(&record("op-1", &task, "anna"), Some(0), Some(&task), &after).await.unwrap()
    else {
        panic!("applied")
    };
    let last_seeded = seeded.last().unwrap().seq;
    assert!(seq > last_seeded);
    assert_eq!(store.changes(&poly, last_seeded, 10).await.unwrap(), vec![Change { seq, task: after.clone() }]);
    assert_eq!(store.changes(&poly, 0, 2).await.unwrap(), seeded[..2].to_vec());
    let ed = floordesk_domain::SiteId::new("ed-1").unwrap();
    assert!(store.changes(&ed, 0, 1000).await.unwrap().iter().all(|c| c.task.site == ed));
    let audit = store.audit(&poly, 0, 10).await.unwrap();
    assert_eq!(audit.len(), 1);
    assert!(audit[0].accepted);
    assert_eq!((audit[0].before.as_ref(), audit[0].after.as_ref()), (Some(&task), Some(&after)));
    assert_eq!(audit[0].actor, staff("anna"));
    assert_eq!(audit[0].server_time, NOW.plus_minutes(1));
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
            sessions_are_found_by_hash_and_revoked_once,
            open_tasks_of_a_site_come_back_exactly,
            a_commit_wins_only_against_the_version_it_read,
            a_create_commits_once_per_task_id,
            a_rejection_is_recorded_once_and_audited,
            the_change_feed_is_ordered_per_site_and_pages,
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
