//! What every handler shares, and the server's clock.

use std::collections::HashMap;
use std::sync::Arc;

use floordesk_domain::{DeadlineTable, SiteId, SiteKind, Timestamp, ZoneId};

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

/// What every handler shares.
#[derive(Debug)]
pub struct AppState<S> {
    pub store: Arc<S>,
    pub deadlines: Arc<DeadlineTable>,
    /// Which site each zone belongs to, and the site's name for it.
    pub zones: Arc<HashMap<ZoneId, ZonePlace>>,
    pub metrics: Arc<Metrics>,
    /// The store holds demo accounts whose codes the sign-in screen may show.
    pub demo: bool,
    /// Only supervisors may sign in without an enrolled device.
    pub enrolled_devices_only: bool,
}

impl<S> Clone for AppState<S> {
    fn clone(&self) -> Self {
        Self {
            store: Arc::clone(&self.store),
            deadlines: Arc::clone(&self.deadlines),
            zones: Arc::clone(&self.zones),
            metrics: Arc::clone(&self.metrics),
            demo: self.demo,
            enrolled_devices_only: self.enrolled_devices_only,
        }
    }
}
