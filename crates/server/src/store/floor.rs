//! The floor in the store: who is on shift now, the shifts worked, each site's rules, and whether each zone kept its
//! reserve (one sample per zone and minute).

use std::collections::BTreeMap;
use std::future::Future;

use floordesk_domain::{Presence, SiteId, SiteRules, StaffId, Timestamp, ZoneId};

use crate::store::{AdminRecord, StoreError};

/// A shift as it was worked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftRecord {
    pub staff: StaffId,
    pub zone: Option<ZoneId>,
    pub started_at: Timestamp,
    /// None while it runs.
    pub ended_at: Option<Timestamp>,
}

/// How often a zone kept its reserve: samples taken, and of them kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReserveSamples {
    pub taken: u32,
    pub kept: u32,
}

/// What every store keeps of the floor. Every method is one transaction.
pub trait FloorStore: Send + Sync + 'static {
    /// Who of `site` is on shift.
    fn presence(&self, site: &SiteId) -> impl Future<Output = Result<Vec<Presence>, StoreError>> + Send;
    /// Writes what `staff` of `site` does after a change at `at` (`None`: the shift ended) if their row is still
    /// `before` (what was read: `None` when there was none), and records the shifts: a new one when a shift starts or
    /// moves to another zone, its end when it ends or moves. Announces the floor's change to every instance.
    /// `false`: it changed meanwhile (read it again).
    fn put_presence(
        &self,
        site: &SiteId,
        staff: &StaffId,
        before: Option<&Presence>,
        after: Option<&Presence>,
        at: Timestamp,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// The shifts of `site` that overlap `[from, to)`, by start.
    fn shifts(
        &self,
        site: &SiteId,
        from: Timestamp,
        to: Timestamp,
    ) -> impl Future<Output = Result<Vec<ShiftRecord>, StoreError>> + Send;
    /// The site's rules as its supervisors tuned them (none: never tuned).
    fn site_rules(&self, site: &SiteId) -> impl Future<Output = Result<Option<SiteRules>, StoreError>> + Send;
    /// Replaces the site's rules (checked already), with its administration log entry, in one transaction.
    fn put_site_rules(
        &self,
        site: &SiteId,
        rules: &SiteRules,
        log: &AdminRecord,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Records whether each zone kept its reserve in the minute starting `minute`; a zone sampled in that minute
    /// already (by another instance) keeps its first sample.
    fn sample_reserve(
        &self,
        site: &SiteId,
        minute: Timestamp,
        zones: &[(ZoneId, bool)],
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// The reserve samples of `site` in `[from, to)`, per zone.
    fn reserve_samples(
        &self,
        site: &SiteId,
        from: Timestamp,
        to: Timestamp,
    ) -> impl Future<Output = Result<BTreeMap<ZoneId, ReserveSamples>, StoreError>> + Send;
}
