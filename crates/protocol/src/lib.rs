//! Wire types of FloorDesk.
//!
//! Everything that crosses a process boundary — HTTP between a client and the central server, Tauri IPC between
//! the webview and the app shell — is one of these types, serialised as JSON. The domain crate owns the meaning;
//! this crate owns the shape on the wire and its version.

use floordesk_domain::{DeadlineTable, Role, SiteId, StaffId, Task, Timestamp, ZoneId};
use serde::{Deserialize, Serialize};

/// Version of the HTTP API; every path starts with `/api/v{API_VERSION}`.
pub const API_VERSION: u32 = 1;

/// The kind of site a deployment serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SiteKind {
    /// A city polyclinic.
    Polyclinic,
    /// A flagship hospital emergency centre.
    EmergencyCentre,
}

impl SiteKind {
    /// The wire (and stored) name.
    pub const fn as_str(self) -> &'static str {
        match self {
            SiteKind::Polyclinic => "polyclinic",
            SiteKind::EmergencyCentre => "emergency_centre",
        }
    }
}

/// A site (polyclinic or emergency centre) with its floors and zones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteInfo {
    pub id: SiteId,
    pub name: String,
    pub kind: SiteKind,
    pub zones: Vec<ZoneInfo>,
}

/// A zone of a site: an entrance, a floor, an ambulance bay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZoneInfo {
    pub id: ZoneId,
    pub name: String,
    pub floor: i32,
}

/// One person who can sign in on a shared device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DirectoryEntry {
    pub staff: StaffProfile,
    /// The personal code, present only when the server runs with demo data.
    pub demo_code: Option<String>,
}

/// What the sign-in screen shows: the sites and the people who may sign in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Directory {
    pub sites: Vec<SiteInfo>,
    pub staff: Vec<DirectoryEntry>,
    /// True when the server was seeded with demo data and shows demo codes.
    pub demo: bool,
}

/// A member of staff as other people see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffProfile {
    pub id: StaffId,
    pub display_name: String,
    pub role: Role,
    pub site: SiteId,
    /// The zone an administrator covers; coordinators and supervisors cover the whole site.
    pub zone: Option<ZoneId>,
}

/// Sign in with a personal code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub staff_id: StaffId,
    pub code: String,
}

/// Who is signed in, and until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedIn {
    pub staff: StaffProfile,
    pub expires_at: Timestamp,
}

/// The server's answer to a successful sign-in: a bearer token and who it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginResponse {
    pub token: String,
    pub signed_in: SignedIn,
}

/// A task as a client shows it: the task and the holder's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskView {
    pub task: Task,
    pub assignee_name: Option<String>,
}

/// The tasks the signed-in person may see, split the way the floor thinks of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskList {
    /// Server clock when the list was made, so clients can correct their own clock for timers.
    pub server_time: Timestamp,
    /// The deadline table in force on the server; clients compute every clock from it and nothing else.
    pub deadlines: DeadlineTable,
    /// Open tasks the person holds, most urgent first.
    pub mine: Vec<TaskView>,
    /// Other open tasks the person may take or oversee (the zone's pool for an administrator, the whole site for
    /// coordinators and supervisors), most urgent first.
    pub pool: Vec<TaskView>,
}

/// Machine-readable class of an error; the UI translates by code, the message is for logs and English users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request was malformed or failed validation.
    BadRequest,
    /// No valid token, or the code did not match.
    Unauthorized,
    /// The role or site does not allow this.
    Forbidden,
    /// No such thing.
    NotFound,
    /// Too many wrong codes in a row; sign-in is refused for a while.
    TooManyAttempts,
    /// The server could not reach its store or failed unexpectedly.
    Internal,
    /// The client could not reach the server.
    Unreachable,
}

/// An error as it travels over the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(deny_unknown_fields)]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

impl ApiError {
    /// An error of the given class with a message a person can act on.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }
}

/// Paths of the HTTP API, shared by the server's router and every client.
pub mod paths {
    /// Liveness probe.
    pub const HEALTHZ: &str = "/healthz";
    /// `GET` → [`super::Directory`].
    pub const DIRECTORY: &str = "/api/v1/directory";
    /// `POST` [`super::LoginRequest`] → [`super::LoginResponse`].
    pub const LOGIN: &str = "/api/v1/login";
    /// `POST` with a bearer token: revokes it.
    pub const LOGOUT: &str = "/api/v1/logout";
    /// `GET` with a bearer token → [`super::TaskList`].
    pub const TASKS: &str = "/api/v1/tasks";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_carry_the_api_version() {
        let prefix = format!("/api/v{API_VERSION}/");
        for path in [paths::DIRECTORY, paths::LOGIN, paths::LOGOUT, paths::TASKS] {
            assert!(path.starts_with(&prefix), "{path} is not under {prefix}");
        }
    }

    #[test]
    fn login_request_rejects_unknown_fields() {
        let err = serde_json::from_str::<LoginRequest>(r#"{"staff_id":"a","code":"1","pin":"2"}"#).unwrap_err();
        assert!(err.to_string().contains("unknown field `pin`"), "{err}");
    }

    #[test]
    fn site_kind_names_match_serde() {
        for kind in [SiteKind::Polyclinic, SiteKind::EmergencyCentre] {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
    }

    #[test]
    fn api_error_round_trips_with_a_snake_case_code() {
        let e = ApiError::new(ErrorCode::Unauthorized, "Wrong code");
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(json, r#"{"code":"unauthorized","message":"Wrong code"}"#);
        assert_eq!(serde_json::from_str::<ApiError>(&json).unwrap(), e);
    }
}
