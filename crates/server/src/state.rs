//! What every handler shares, and the server's clock.

use std::collections::HashMap;
use std::sync::Arc;

use floordesk_domain::{DeadlineTable, SiteClock, SiteId, SiteKind, Timestamp, ZoneId, DEFAULT_TIME_ZONE};

use crate::metrics::Metrics;

/// The wall clock of the server, as a domain timestamp. The server is the only place that reads it.
pub fn now() -> Timestamp {
    let since_epoch = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    Timestamp(i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX))
}

/// A zone as the handlers need it: its site and the site's kind, and the site's own name for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZonePlace {
    pub site: SiteId,
    pub site_kind: SiteKind,
    pub name: String,
}

/// Every zone of `sites`, by id.
pub fn zones_of(sites: &[floordesk_protocol::SiteInfo]) -> HashMap<ZoneId, ZonePlace> {
    sites
        .iter()
        .flat_map(|s| {
            s.zones
                .iter()
                .map(|z| (z.id.clone(), ZonePlace { site: s.id.clone(), site_kind: s.kind, name: z.name.clone() }))
        })
        .collect()
}

/// Each site's clock, by id; a site whose time zone is unknown keeps Moscow's (and says so in the log).
pub fn clocks_of(sites: &[floordesk_protocol::SiteInfo]) -> HashMap<SiteId, SiteClock> {
    let moscow = SiteClock::new(DEFAULT_TIME_ZONE).expect("Europe/Moscow is in the IANA database");
    sites
        .iter()
        .map(|s| {
            let clock = SiteClock::new(&s.time_zone).unwrap_or_else(|e| {
                tracing::warn!(site = %s.id, "{e} The site keeps {DEFAULT_TIME_ZONE}.");
                moscow
            });
            (s.id.clone(), clock)
        })
        .collect()
}

/// What every handler shares.
#[derive(Debug)]
pub struct AppState<S> {
    pub store: Arc<S>,
    pub deadlines: Arc<DeadlineTable>,
    /// Which site each zone belongs to, and the site's name for it.
    pub zones: Arc<HashMap<ZoneId, ZonePlace>>,
    /// Each site's clock (its time zone).
    pub clocks: Arc<HashMap<SiteId, SiteClock>>,
    pub metrics: Arc<Metrics>,
    /// The store holds demo accounts whose codes the sign-in screen may show.
    pub demo: bool,
    /// Only supervisors may sign in without an enrolled device.
    pub enrolled_devices_only: bool,
}

impl<S> AppState<S> {
    /// The clock of `site` (Moscow's for a site the server did not load).
    pub fn clock_of(&self, site: &SiteId) -> SiteClock {
        self.clocks
            .get(site)
            .copied()
            .unwrap_or_else(|| SiteClock::new(DEFAULT_TIME_ZONE).expect("Europe/Moscow is in the IANA database"))
    }
}

impl<S> Clone for AppState<S> {
    fn clone(&self) -> Self {
        Self {
            store: Arc::clone(&self.store),
            deadlines: Arc::clone(&self.deadlines),
            zones: Arc::clone(&self.zones),
            clocks: Arc::clone(&self.clocks),
            metrics: Arc::clone(&self.metrics),
            demo: self.demo,
            enrolled_devices_only: self.enrolled_devices_only,
        }
    }
}
