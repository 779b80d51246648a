//! The rules on the server, the single place they run (devices may be offline): every [`EVERY`], and at once when
//! something wakes them (a shift started, work recorded, rules tuned), each site's floor is read and the domain's
//! [`floordesk_domain::tick`] decides what fires; each firing is committed as an op of the staff id `rules` whose id
//! is the firing's key, through the same store call as a device's op — so it is in the change feed, the live
//! channel and the audit log like any other, and it is applied once: a second instance, a restart or a clock that
//! went back finds the key recorded (or the task changed, and decides again on the newer task).
//!
//! The tick also samples, once a minute per zone with anybody on shift, whether the zone kept its reserve free.

use std::time::Duration;

use floordesk_domain::{
    rules_staff, Effect, Firing, Floor, Role, SiteId, SiteKind, SiteRules, Staffing, Timestamp, MILLIS_PER_MINUTE,
};

use floordesk_protocol::OpKind;

use crate::state::{now, AppState, Places, SitePlace};
use crate::store::{Commit, OpRecord, Store, StoreError};

/// How often the rules run without being woken.
pub const EVERY: Duration = Duration::from_secs(15);

/// How far back closed tasks are read for their follow-ups (a low rating's: yesterday's too), in minutes.
const CLOSED_LOOKBACK_MINUTES: i64 = 48 * 60;

/// How often a firing is decided again when other instances keep changing its task.
const ATTEMPTS: u64 = 8;

/// The device id rules' ops are recorded from.
pub const RULES_DEVICE: &str = "rules";

/// Runs [`tick`] every [`EVERY`] and whenever woken, for as long as the server runs; a failure is logged and tried
/// again next time.
pub async fn run<S: Store>(state: AppState<S>) {
    let mut every = tokio::time::interval(EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = every.tick() => {}
            () = state.rules_wake.notified() => {}
        }
        let fired = tick(&state, now()).await;
        if fired > 0 {
            tracing::info!(fired, "rules fired");
        }
    }
}

/// Runs every site's rules at `now` (the server's clock; tests pass their own): how many firings changed something.
/// A site whose floor cannot be read, or a firing that cannot be committed, is logged and left for the next tick:
/// the other sites and firings go on.
pub async fn tick<S: Store>(state: &AppState<S>, now: Timestamp) -> usize {
    let places = state.places();
    let mut fired = 0;
    let mut sites: Vec<(&SiteId, &SitePlace)> =
        places.sites.iter().filter(|(_, place)| place.kind != SiteKind::Office).collect();
    sites.sort_by_key(|(id, _)| *id);
    for (site, place) in sites {
        match tick_site(state, &places, site, place, now).await {
            Ok(n) => fired += n,
            Err(e) => tracing::warn!(site = %site, error = %e, "rules: this site's floor cannot be read now"),
        }
    }
    fired
}

/// The rules `site` runs: as its supervisors tuned them, or its kind's usual ones.
///
/// # Errors
/// The store failed.
pub async fn of_site<S: Store>(state: &AppState<S>, site: &SiteId) -> Result<SiteRules, StoreError> {
    Ok(match state.store.site_rules(site).await? {
        Some(rules) => rules,
        None => SiteRules::usual(state.places().sites.get(site).map_or(SiteKind::Polyclinic, |s| s.kind)),
    })
}

async fn tick_site<S: Store>(
    state: &AppState<S>,
    places: &Places,
    site: &SiteId,
    place: &SitePlace,
    now: Timestamp,
) -> Result<usize, StoreError> {
    let rules = of_site(state, site).await?;
    let people = state.store.presence(site).await?;
    let tasks = state.store.open_tasks(site).await?;
    let closed =
        state.store.closed_tasks(site, now.plus_minutes(-CLOSED_LOOKBACK_MINUTES), now.plus_minutes(1)).await?;
    let floor = Floor {
        now,
        open: place.calendar.is_open(now),
        rules: &rules,
        deadlines: &place.deadlines,
        people: &people,
        tasks: &tasks,
        closed: &closed,
    };
    let firings = floordesk_domain::tick(&floor);
    // The reserve of each zone with somebody on shift, before this tick gives anything.
    let staffing = Staffing::new(&people, &tasks);
    let mut samples: Vec<_> = places
        .zones
        .iter()
        .filter(|(_, z)| z.site == *site)
        .filter(|(zone, _)| !staffing.of_zone(zone).0.is_empty())
        .map(|(zone, _)| (zone.clone(), staffing.reserve_kept(zone, &rules.zone(zone))))
        .collect();
    samples.sort();
    if !samples.is_empty() {
        let minute = Timestamp(now.0 - now.0.rem_euclid(MILLIS_PER_MINUTE));
        state.store.sample_reserve(site, minute, &samples).await?;
    }
    let mut fired = 0;
    for firing in &firings {
        match apply(state, site, firing, now).await {
            Ok(changed) => fired += usize::from(changed),
            Err(e) => tracing::warn!(key = %firing.key, error = %e, "rules: a firing cannot be committed now"),
        }
    }
    Ok(fired)
}

/// Commits one firing as an op of `rules`, once: whether it changed something.
async fn apply<S: Store>(
    state: &AppState<S>,
    site: &SiteId,
    firing: &Firing,
    now: Timestamp,
) -> Result<bool, StoreError> {
    let actor = rules_staff();
    if state.store.op_result(&actor, &firing.key).await?.is_some() {
        return Ok(false);
    }
    let record = OpRecord {
        op_id: firing.key.clone(),
        device: RULES_DEVICE.to_owned(),
        actor,
        role: Role::Supervisor,
        site: site.clone(),
        task: firing.task.clone(),
        device_time: now,
        server_time: now,
        kind: OpKind::Rule,
        rule: Some(firing.effect.rule()),
        note: None,
    };
    let _turn = state.task_locks.lock(&firing.task).await;
    for attempt in 0..ATTEMPTS {
        if attempt > 0 {
            tokio::time::sleep(Duration::from_millis(5 * attempt)).await;
        }
        let current = state.store.task(&firing.task).await?;
        let after = match (&firing.effect, &current) {
            (Effect::Create(made), None) => (**made).clone(),
            (Effect::Create(_), Some(_)) | (_, None) => return Ok(false),
            (effect, Some(task)) => match task.apply_firing(effect, now) {
                Some(next) => next,
                None => return Ok(false),
            },
        };
        let expected = current.as_ref().map(|t| t.version);
        match state.store.commit_op(&record, expected, current.as_ref(), &after, None).await? {
            Commit::Applied { .. } => {
                crate::metrics::Metrics::count(&state.metrics.rules_fired);
                return Ok(true);
            }
            Commit::VersionConflict => continue,
            Commit::Duplicate(_) => return Ok(false),
        }
    }
    tracing::warn!(key = %firing.key, "a rule's firing was deferred: its task kept changing");
    Ok(false)
}
