//! The wire types of site administration: sites and their settings (city administrators), zones and staff
//! (supervisors, and city administrators for any site), personal codes shown once, the staff import, and the log of
//! every change an administrator or supervisor made.

use floordesk_domain::{ImportLine, KpiCell, OpeningHours, Role, SiteId, SiteKind, StaffId, Timestamp, ZoneId};
use serde::{Deserialize, Serialize};

use crate::{SiteInfo, StaffProfile};

/// The shortest and longest personal codes a site may issue, in digits.
pub const MIN_CODE_DIGITS: u8 = 4;
pub const MAX_CODE_DIGITS: u8 = 8;

/// Digits of the codes a new site issues unless it says otherwise.
pub const DEFAULT_CODE_DIGITS: u8 = 6;

/// A site as its administrators see it: what everyone sees, and its settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SiteSetup {
    pub site: SiteInfo,
    pub settings: SiteSettings,
}

/// What an administrator sets of a site besides its zones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SiteSettings {
    #[cfg_attr(feature = "openapi", schemars(length(min = 1, max = 120)))]
    pub name: String,
    /// An IANA time zone name, e.g. `Europe/Moscow`.
    pub time_zone: String,
    /// The site's own opening hours; absent: the usual ones of its kind.
    #[serde(default)]
    pub opening_hours: Option<OpeningHours>,
    /// Days a closed task keeps its visitors' details (1 to 366).
    #[cfg_attr(feature = "openapi", schemars(range(min = 1, max = 366)))]
    pub retention_days: u32,
    /// Digits of the personal codes the site issues (4 to 8).
    #[cfg_attr(feature = "openapi", schemars(range(min = MIN_CODE_DIGITS, max = MAX_CODE_DIGITS)))]
    pub code_digits: u8,
}

/// Every site, for the city administrators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SiteSetupList {
    pub sites: Vec<SiteSetup>,
}

/// A new site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NewSite {
    pub id: SiteId,
    pub kind: SiteKind,
    pub settings: SiteSettings,
}

/// A zone of a site, new or renamed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ZoneDraft {
    #[cfg_attr(feature = "openapi", schemars(length(min = 1, max = 32)))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schemars(range(min = -5, max = 99)))]
    pub floor: i32,
}

/// A member of staff as their supervisor sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StaffMember {
    pub profile: StaffProfile,
    /// A deactivated person cannot sign in; their history stays.
    pub active: bool,
    /// Sign-in is paused for them somewhere until then (after wrong codes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused_until: Option<Timestamp>,
}

/// A site's staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StaffMembers {
    pub staff: Vec<StaffMember>,
}

/// A new member of staff (their personal number as the id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NewStaff {
    pub id: StaffId,
    #[cfg_attr(feature = "openapi", schemars(length(min = 1, max = 120)))]
    pub display_name: String,
    pub role: Role,
    /// The site; a supervisor may leave it out (their own).
    #[serde(default)]
    pub site: Option<SiteId>,
    /// The zone an administrator covers.
    #[serde(default)]
    pub zone: Option<ZoneId>,
}

/// A change of a member of staff: name, role, zone, whether they may sign in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StaffChange {
    #[cfg_attr(feature = "openapi", schemars(length(min = 1, max = 120)))]
    pub display_name: String,
    pub role: Role,
    #[serde(default)]
    pub zone: Option<ZoneId>,
    pub active: bool,
}

/// A personal code, in this answer only: the server keeps only its keyed hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct IssuedCode {
    pub staff: StaffProfile,
    pub code: String,
}

/// A staff file to import (the text of a CSV file, UTF-8), planned only (`dry_run`) or applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StaffImport {
    /// The site; a supervisor may leave it out (their own).
    #[serde(default)]
    pub site: Option<SiteId>,
    #[cfg_attr(feature = "openapi", schemars(length(min = 1, max = floordesk_domain::MAX_IMPORT_BYTES)))]
    pub csv: String,
    pub dry_run: bool,
}

/// What an import does (or did), line by line, and the codes of the people it added (when applied).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ImportReport {
    pub lines: Vec<ImportLine>,
    /// Whether it was applied (not a dry run, and no line was refused).
    pub applied: bool,
    #[serde(default)]
    pub codes: Vec<IssuedCode>,
}

/// One change an administrator or supervisor made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AdminLogEntry {
    pub id: u64,
    pub at: Timestamp,
    pub actor: StaffId,
    pub site: SiteId,
    /// What was done: `city_admin_created`, `site_created`, `site_changed`, `zone_written`, `staff_added`,
    /// `staff_changed`, `code_issued`, `pause_lifted`, `device_pause_lifted`, `staff_imported`, `device_enrolled`, `device_withdrawn`,
    /// `rules_tuned`.
    pub action: String,
    /// What it was done to (a site, zone or staff id).
    pub target: String,
    /// The thing before and after, as JSON (a code is never in it).
    #[serde(default)]
    pub before: Option<serde_json::Value>,
    #[serde(default)]
    pub after: Option<serde_json::Value>,
}

/// A page of the administration log, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AdminLogPage {
    pub entries: Vec<AdminLogEntry>,
}

/// One site's indicators beside the others', for a city administrator: the same figures as the site's own report
/// ([`floordesk_domain::KpiReport::overall`]), over the site's own days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SiteKpi {
    pub site: SiteId,
    pub name: String,
    pub kind: SiteKind,
    /// The period, by the site's clock.
    pub from: Timestamp,
    pub to: Timestamp,
    pub overall: KpiCell,
    /// Closed tasks that broke the standard.
    pub breaches: u32,
}

/// Every site's indicators, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SiteKpiList {
    pub sites: Vec<SiteKpi>,
}
