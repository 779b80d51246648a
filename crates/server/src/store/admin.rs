//! Site administration in the store: sites, zones, staff and personal codes, each batch written in one transaction
//! together with its log entries (who, when, what, before and after), and read back for the administrators' screens.

use std::collections::BTreeMap;
use std::future::Future;

use floordesk_domain::{OpeningHours, SiteId, StaffId, Timestamp};
use floordesk_protocol::admin::AdminLogEntry;
use floordesk_protocol::{SiteInfo, StaffProfile, ZoneInfo};

use crate::store::{DeviceRecord, StaffRecord, StoreError};

/// A site's settings as stored beside what everyone sees of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSettings {
    pub opening_hours: Option<OpeningHours>,
    pub retention_days: u32,
    pub code_digits: u8,
}

/// One write of site administration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminWrite {
    /// A new site with its zones (taken: the id is another site's).
    NewSite { site: SiteInfo, settings: StoredSettings },
    /// A site's name, time zone and settings.
    Site { site: SiteId, name: String, time_zone: String, settings: StoredSettings },
    /// A zone of `site`, new or renamed (taken: the id is another site's zone).
    Zone { site: SiteId, zone: ZoneInfo },
    /// A new member of staff (taken: the id is someone's already).
    NewStaff(StaffRecord),
    /// A member of staff's profile and whether they may sign in; deactivating ends their sessions.
    Staff { profile: StaffProfile, active: bool },
    /// A new personal code.
    Code { staff: StaffId, salt: String, hash: String },
    /// Every sign-in pause and count of a person ends.
    Unlock(StaffId),
    /// Every sign-in pause and count of a source (`device:ID`) ends, for everyone.
    UnlockSource(String),
    /// A newly enrolled device (taken: the id is another device's).
    Device(DeviceRecord),
    /// A device of `site` withdrawn at `at`; every session opened on it ends (taken: the site has no such device, or
    /// it was withdrawn already).
    Withdraw { site: SiteId, id: String, at: Timestamp },
}

/// A log entry to write with a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminRecord {
    pub site: SiteId,
    pub actor: StaffId,
    pub at: Timestamp,
    pub action: &'static str,
    pub target: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// A member of staff as the log keeps them before and after a change.
pub fn member_json(profile: &StaffProfile, active: bool) -> serde_json::Value {
    serde_json::json!({ "profile": profile, "active": active })
}

/// A batch refused because an id it creates is taken (the id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taken(pub String);

/// What the administration screens need of a store (every store has it: see [`super::Store`]).
pub trait Administration: Send + Sync + 'static {
    /// Writes `writes` and `log` in one transaction, or nothing when an id a write creates is taken.
    fn administer(
        &self,
        writes: &[AdminWrite],
        log: &[AdminRecord],
    ) -> impl Future<Output = Result<Result<(), Taken>, StoreError>> + Send;
    /// Every site's settings.
    fn site_settings(&self) -> impl Future<Output = Result<BTreeMap<SiteId, StoredSettings>, StoreError>> + Send;
    /// The staff of `site`, deactivated people included, by name.
    fn staff_of(&self, site: &SiteId) -> impl Future<Output = Result<Vec<StaffRecord>, StoreError>> + Send;
    /// The people of `site` whose sign-in is paused somewhere at `now`, and until when (the latest pause).
    fn paused(
        &self,
        site: &SiteId,
        now: Timestamp,
    ) -> impl Future<Output = Result<BTreeMap<StaffId, Timestamp>, StoreError>> + Send;
    /// Up to `limit` log entries after `after`, of `site` (every site when `None`), oldest first.
    fn admin_log(
        &self,
        site: Option<&SiteId>,
        after: u64,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<AdminLogEntry>, StoreError>> + Send;
}
