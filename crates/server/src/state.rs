//! What every handler shares, and the server's clock.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use floordesk_domain::{
    DeadlineTable, OpeningHours, SiteCalendar, SiteClock, SiteId, SiteKind, StaffId, Timestamp, ZoneId,
    DEFAULT_TIME_ZONE,
};

use crate::auth::CodeKey;
use crate::metrics::Metrics;

/// The wall clock of the server, as a domain timestamp. The server is the only place that reads it.
pub fn now() -> Timestamp {
    let since_epoch = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    Timestamp(i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX))
}

/// A zone as the handlers need it: its site, and the site's own name for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZonePlace {
    pub site: SiteId,
    pub name: String,
}

/// Every zone of `sites`, by id.
pub fn zones_of(sites: &[floordesk_protocol::SiteInfo]) -> HashMap<ZoneId, ZonePlace> {
    sites
        .iter()
        .flat_map(|s| s.zones.iter().map(|z| (z.id.clone(), ZonePlace { site: s.id.clone(), name: z.name.clone() })))
        .collect()
}

/// A site as the handlers need it: its kind (which work exists there), its calendar (with its clock), and the
/// deadline table counted on its working days around `year`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitePlace {
    pub kind: SiteKind,
    pub calendar: SiteCalendar,
    pub deadlines: DeadlineTable,
    /// The site's year the table centres on.
    pub year: i32,
}

/// Every site of `sites`, by id, with its working days (on its own `hours`, or its kind's usual ones) from the year
/// before `now` to the year after; a site whose time zone or opening hours are unusable keeps Moscow's clock or its
/// kind's usual hours (and says so in the log).
pub fn sites_of(
    sites: &[floordesk_protocol::SiteInfo],
    hours: &BTreeMap<SiteId, OpeningHours>,
    now: Timestamp,
) -> HashMap<SiteId, SitePlace> {
    sites
        .iter()
        .map(|s| {
            let clock = SiteClock::new(&s.time_zone).unwrap_or_else(|e| {
                tracing::warn!(site = %s.id, "{e} The site keeps {DEFAULT_TIME_ZONE}.");
                SiteClock::default()
            });
            let hours = match hours.get(&s.id).map(|h| h.check().map(|()| h.clone())) {
                Some(Ok(hours)) => hours,
                Some(Err(e)) => {
                    tracing::warn!(site = %s.id, "{e} The site keeps the usual hours of its kind.");
                    OpeningHours::usual(s.kind)
                }
                None => OpeningHours::usual(s.kind),
            };
            let calendar = SiteCalendar { clock, hours };
            let deadlines = DeadlineTable::standard().on(calendar.working_days(now));
            let year = calendar.year_of(now);
            (s.id.clone(), SitePlace { kind: s.kind, calendar, deadlines, year })
        })
        .collect()
}

/// What every handler shares.
#[derive(Debug)]
pub struct AppState<S> {
    pub store: Arc<S>,
    /// The sites and zones as the handlers need them, read again after an administrator changes them.
    places: Arc<std::sync::RwLock<Arc<Places>>>,
    pub metrics: Arc<Metrics>,
    /// The store holds demo accounts whose codes the sign-in screen may show.
    pub demo: bool,
    /// Only supervisors may sign in without an enrolled device.
    pub enrolled_devices_only: bool,
    /// Ops on one task are decided one after another in this process (see [`TaskLocks`]).
    pub task_locks: Arc<TaskLocks>,
    /// When this process last wrote each enrolled device's clock (a push writes it at most once a minute).
    pub clocks_noted: Arc<std::sync::Mutex<HashMap<String, Timestamp>>>,
    /// The secret personal codes are hashed with.
    pub code_key: CodeKey,
    /// The client's address is the last `X-Forwarded-For` hop (behind a reverse proxy).
    pub trust_forwarded_for: bool,
    /// Wakes the rules' tick at once (a shift started, work was recorded, rules were tuned) instead of at its next
    /// round.
    pub rules_wake: Arc<tokio::sync::Notify>,
}

/// One lock per task being written: ops on a busy task wait their turn in this process instead of racing to commit
/// and being decided again (100 devices acting on one task at once all get an answer). Several server instances
/// still race one another; the store's version check decides those.
#[derive(Debug, Default)]
pub struct TaskLocks {
    held: std::sync::Mutex<HashMap<floordesk_domain::TaskId, std::sync::Weak<tokio::sync::Mutex<()>>>>,
}

impl TaskLocks {
    /// Waits for `task`'s turn; the turn ends when the guard drops. Locks nobody waits for any more are forgotten
    /// as the table grows, so it holds about as many entries as tasks being written at once.
    pub async fn lock(&self, task: &floordesk_domain::TaskId) -> tokio::sync::OwnedMutexGuard<()> {
        let lock = {
            let mut held = self.held.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some(lock) = held.get(task).and_then(std::sync::Weak::upgrade) {
                lock
            } else {
                if held.len() >= 1024 {
                    held.retain(|_, lock| lock.strong_count() > 0);
                }
                let lock = Arc::new(tokio::sync::Mutex::new(()));
                held.insert(task.clone(), Arc::downgrade(&lock));
                lock
            }
        };
        lock.lock_owned().await
    }
}

/// Every site and zone, by id.
#[derive(Debug, Default)]
pub struct Places {
    /// Which site each zone belongs to, and the site's name for it.
    pub zones: HashMap<ZoneId, ZonePlace>,
    /// Each site's kind, clock and deadline table.
    pub sites: HashMap<SiteId, SitePlace>,
}

impl<S: crate::store::Store> AppState<S> {
    /// The state over `store` with its sites and zones read.
    pub async fn new(store: Arc<S>, options: StateOptions) -> Result<Self, crate::store::StoreError> {
        let state = Self {
            store,
            places: Arc::default(),
            metrics: Arc::default(),
            demo: options.demo,
            enrolled_devices_only: options.enrolled_devices_only,
            task_locks: Arc::default(),
            clocks_noted: Arc::default(),
            code_key: options.code_key,
            trust_forwarded_for: options.trust_forwarded_for,
            rules_wake: Arc::default(),
        };
        state.reload_places().await?;
        Ok(state)
    }

    /// Reads the sites and zones again after a change: a failure is logged and the next read (within a minute, see
    /// `Server::run`) catches up; the change itself has been made.
    pub async fn places_changed(&self) {
        if let Err(e) = self.reload_places().await {
            tracing::warn!(error = %e, "cannot read the sites and zones again now; trying within a minute");
        }
    }

    /// Every person's name by their id (deactivated people too), to name holders and actors in answers.
    pub async fn staff_names(&self) -> Result<HashMap<StaffId, String>, crate::store::StoreError> {
        Ok(self.store.staff().await?.into_iter().map(|s| (s.profile.id, s.profile.display_name)).collect())
    }

    /// Reads the sites and zones again (after an administrator changed them).
    pub async fn reload_places(&self) -> Result<(), crate::store::StoreError> {
        let sites = self.store.sites().await?;
        let hours = self.store.opening_hours().await?;
        let places = Arc::new(Places { zones: zones_of(&sites), sites: sites_of(&sites, &hours, now()) });
        *self.places.write().unwrap_or_else(std::sync::PoisonError::into_inner) = places;
        Ok(())
    }
}

/// What a server is asked to be, besides its store.
#[derive(Debug, Clone)]
pub struct StateOptions {
    pub demo: bool,
    pub enrolled_devices_only: bool,
    pub code_key: CodeKey,
    pub trust_forwarded_for: bool,
}

impl<S> AppState<S> {
    /// The sites and zones as they are now.
    pub fn places(&self) -> Arc<Places> {
        Arc::clone(&self.places.read().unwrap_or_else(std::sync::PoisonError::into_inner))
    }

    /// The deadline table of `site`, counted on its working days (the standard one for a site the server has not
    /// read). A server still running in a year after the one it started in counts that year's afresh.
    pub fn deadlines(&self, site: &SiteId) -> DeadlineTable {
        let places = self.places();
        let Some(place) = places.sites.get(site) else { return DeadlineTable::standard() };
        let now = now();
        if place.calendar.year_of(now) == place.year {
            place.deadlines.clone()
        } else {
            DeadlineTable::standard().on(place.calendar.working_days(now))
        }
    }
}

impl<S> Clone for AppState<S> {
    fn clone(&self) -> Self {
        Self {
            store: Arc::clone(&self.store),
            places: Arc::clone(&self.places),
            metrics: Arc::clone(&self.metrics),
            demo: self.demo,
            enrolled_devices_only: self.enrolled_devices_only,
            task_locks: Arc::clone(&self.task_locks),
            clocks_noted: Arc::clone(&self.clocks_noted),
            code_key: self.code_key.clone(),
            trust_forwarded_for: self.trust_forwarded_for,
            rules_wake: Arc::clone(&self.rules_wake),
        }
    }
}
