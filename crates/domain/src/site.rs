//! Sites: what kind of place a deployment serves decides which kinds of work exist there (a polyclinic meets no
//! ambulances), and with the role, who may create them.

use serde::{Deserialize, Serialize};

use crate::kind::TaskKind;

/// The kind of site a deployment serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SiteKind {
    /// A city polyclinic.
    Polyclinic,
    /// A flagship hospital emergency centre.
    EmergencyCentre,
    /// The city programme's office, where its administrators belong: no floor work.
    Office,
}

impl SiteKind {
    /// The wire (and stored) name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            SiteKind::Polyclinic => "polyclinic",
            SiteKind::EmergencyCentre => "emergency_centre",
            SiteKind::Office => "office",
        }
    }

    /// Whether work of `kind` exists at this kind of site: ambulance arrivals and emergency registrations only in an
    /// emergency centre; everything else everywhere.
    #[must_use]
    pub const fn has(self, kind: TaskKind) -> bool {
        match self {
            SiteKind::EmergencyCentre => true,
            SiteKind::Polyclinic => !matches!(kind, TaskKind::AmbulanceArrival | TaskKind::EdRegistration),
            SiteKind::Office => false,
        }
    }
}
