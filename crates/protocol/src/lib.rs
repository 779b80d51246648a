//! Wire types of FloorDesk.
//!
//! Everything that crosses a process boundary — HTTP between a client and the central server, Tauri IPC between
//! the webview and the app shell — is one of these types, serialised as JSON. The domain crate owns the meaning;
//! this crate owns the shape on the wire and its version.

use floordesk_domain::{
    Action, CaseId, DeadlineTable, Priority, Role, SiteId, StaffId, StoryId, Task, TaskDetails, TaskId, TemplateId,
    Timestamp, TransitionError, ValidationError, ZoneId,
};
use serde::{Deserialize, Serialize};

/// What kind of site a deployment serves, and which kinds of work it has, is the domain's; the wire keeps the path.
pub use floordesk_domain::SiteKind;

pub mod admin;
pub mod api;
pub mod case;
pub mod compact;
pub mod history;
pub mod ipc;
mod list;

pub use case::{CaseView, CloseCaseRequest};
pub use history::{AuditQuery, HistoryEntry, OpKind, TaskHistory};

/// Version of the HTTP API; every path starts with `/api/v{API_VERSION}`.
pub const API_VERSION: u32 = 1;

/// A site (polyclinic or emergency centre) with its floors and zones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SiteInfo {
    pub id: SiteId,
    pub name: String,
    pub kind: SiteKind,
    /// The site's time zone, an IANA name; left out when it is the default, Europe/Moscow (so an older app that
    /// knows no time zones still reads the directory of a Moscow site).
    #[serde(default = "default_time_zone", skip_serializing_if = "is_default_time_zone")]
    pub time_zone: String,
    pub zones: Vec<ZoneInfo>,
}

fn default_time_zone() -> String {
    floordesk_domain::DEFAULT_TIME_ZONE.to_owned()
}

fn is_default_time_zone(zone: &str) -> bool {
    zone == floordesk_domain::DEFAULT_TIME_ZONE
}

/// A zone of a site: an entrance, a floor, an ambulance bay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ZoneInfo {
    pub id: ZoneId,
    pub name: String,
    pub floor: i32,
}

/// One person who can sign in on a shared device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DirectoryEntry {
    pub staff: StaffProfile,
    /// The personal code, present only when the server runs with demo data.
    pub demo_code: Option<String>,
}

/// What the sign-in screen shows: the sites and the people who may sign in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Directory {
    pub sites: Vec<SiteInfo>,
    pub staff: Vec<DirectoryEntry>,
    /// True when the server was seeded with demo data and shows demo codes.
    pub demo: bool,
}

/// A member of staff as other people see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub staff_id: StaffId,
    #[cfg_attr(feature = "openapi", schemars(length(min = 1, max = 32)))]
    pub code: String,
    /// The enrolled device signing in (handhelds); absent for a browser. A session opened with it ends when the
    /// device is withdrawn.
    #[serde(default)]
    pub device: Option<DeviceCredential>,
}

impl LoginRequest {
    /// A sign-in with a personal code, from a browser (no enrolled device).
    pub fn new(staff_id: StaffId, code: impl Into<String>) -> Self {
        Self { staff_id, code: code.into(), device: None }
    }
}

/// What an enrolled device proves itself with: its id and the key it was given once, at enrolment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DeviceCredential {
    #[cfg_attr(feature = "openapi", schemars(extend("pattern" = "^[A-Za-z0-9_-]{1,64}$", "minLength" = 1, "maxLength" = 64)))]
    pub id: String,
    #[cfg_attr(feature = "openapi", schemars(extend("pattern" = "^[0-9a-f]{1,128}$", "minLength" = 1, "maxLength" = 128)))]
    pub key: String,
}

/// Enrol a handheld of the supervisor's site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EnrolDeviceRequest {
    /// A name people recognise it by, e.g. "Floor 2 handheld" (1–80 characters).
    #[cfg_attr(feature = "openapi", schemars(length(min = 1, max = 80)))]
    pub name: String,
}

/// An enrolled device as a supervisor sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DeviceInfo {
    pub id: String,
    pub site: SiteId,
    pub name: String,
    pub enrolled_by: StaffId,
    pub enrolled_at: Timestamp,
    /// When it was withdrawn; a withdrawn device can no longer sign anyone in.
    pub revoked_at: Option<Timestamp>,
    /// How far its clock was behind the server's (negative: ahead) at its last push, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock_behind_ms: Option<i64>,
    /// When it last pushed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen_at: Option<Timestamp>,
}

/// The answer to an enrolment: the device and its key, shown this once and stored by the server only as a hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EnrolledDevice {
    pub device: DeviceInfo,
    pub key: String,
}

/// What a handheld is set up with on its first run: the server's address and the device's credential. A supervisor's
/// screen shows it as one line of text (also as a QR code) — `floordesk-enrol <server> <device id> <key>` — which the
/// app takes typed, pasted or scanned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrolment {
    pub server: String,
    pub device: DeviceCredential,
}

impl Enrolment {
    /// The word an enrolment text starts with.
    pub const PREFIX: &'static str = "floordesk-enrol";

    /// The one line a supervisor shows.
    #[must_use]
    pub fn text(&self) -> String {
        format!("{} {} {} {}", Self::PREFIX, self.server, self.device.id, self.device.key)
    }

    /// Reads an enrolment text; `server` stands in for a text that names none (`<device id> <key>` alone).
    ///
    /// # Errors
    /// A text of neither form, or whose id or key are not an enrolled device's kind of id and key, in words a person
    /// can act on.
    pub fn parse(text: &str, server: &str) -> Result<Self, String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let (server, id, key) = match words.as_slice() {
            [prefix, server, id, key] if *prefix == Self::PREFIX => (*server, *id, *key),
            [id, key] => (server.trim(), *id, *key),
            _ => {
                return Err("Not an enrolment code: copy the whole line the supervisor's screen shows under the QR \
                            code."
                    .to_owned())
            }
        };
        if server.is_empty() {
            return Err("Type the server's address, or use the whole enrolment line, which names it.".to_owned());
        }
        let id_ok = floordesk_domain::check_id(id).is_ok();
        let key_ok = !key.is_empty() && key.len() <= 128 && key.bytes().all(|b| b.is_ascii_hexdigit());
        if !id_ok || !key_ok {
            return Err("The enrolment code is damaged: check it against the supervisor's screen.".to_owned());
        }
        Ok(Self {
            server: server.trim_end_matches('/').to_owned(),
            device: DeviceCredential { id: id.to_owned(), key: key.to_ascii_lowercase() },
        })
    }
}

/// How the app on this device is set up: the server it talks to and the enrolled device it is (none yet: the
/// first-run screen asks for them).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceSetup {
    pub server: Option<String>,
    pub device: Option<String>,
}

/// The devices of the supervisor's site, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DeviceList {
    pub devices: Vec<DeviceInfo>,
}

/// Who is signed in, and until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SignedIn {
    pub staff: StaffProfile,
    pub expires_at: Timestamp,
    /// The enrolled device this session is bound to; pushes must come from it.
    pub device: Option<String>,
}

/// The server's answer to a successful sign-in: a bearer token and who it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginResponse {
    pub token: String,
    pub signed_in: SignedIn,
}

/// A task as a client shows it: the task and the holder's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TaskView {
    pub task: Task,
    pub assignee_name: Option<String>,
    /// Changed on this device and not yet answered by the server (always false from the server).
    #[serde(default)]
    pub pending: bool,
}

/// The tasks the signed-in person may see, split the way the floor thinks of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
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

/// The deadline table in force at the caller's site and the server's clock: what a device needs beside the tasks it
/// keeps to count their clocks (without fetching the whole [`TaskList`] for them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Deadlines {
    /// Server clock when the answer was made, so clients can correct their own clock for timers.
    pub server_time: Timestamp,
    /// The deadline table in force on the server, as in [`TaskList::deadlines`].
    pub deadlines: DeadlineTable,
}

/// What a device shows of its sync: online or not, how much waits, when it last succeeded, a catch-up under way.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SyncStatus {
    /// The server answered the last attempt.
    pub online: bool,
    /// Ops of everyone on this device the server has not answered yet.
    pub pending: u64,
    /// When the signed-in person's push and pull last completed (device time).
    pub last_sync: Option<Timestamp>,
    /// While a catch-up is under way: the changes taken in so far.
    pub catching_up: Option<u64>,
    /// How far this device's clock was ahead of the server's when last compared, in milliseconds (negative: behind).
    /// Actions are dated by the device's clock: one far off is told to set it right.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock_ahead_ms: Option<i64>,
}

/// How far off a device's clock may be before the person is told to set it right, in minutes.
pub const CLOCK_NOTICE_MINUTES: i64 = 2;

/// A clock's offset in milliseconds as whole minutes, when far enough off ([`CLOCK_NOTICE_MINUTES`]) to say so.
#[must_use]
pub fn clock_off_minutes(offset_ms: Option<i64>) -> Option<i64> {
    offset_ms.map(|ms| ms / 60_000).filter(|m| m.abs() >= CLOCK_NOTICE_MINUTES)
}

impl SyncStatus {
    /// Minutes this device's clock is ahead of the server's (negative: behind), when far enough off to say so.
    #[must_use]
    pub fn clock_off_minutes(&self) -> Option<i64> {
        clock_off_minutes(self.clock_ahead_ms)
    }
}

/// An action the server refused and the device undid, kept until the person has seen why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RejectedAction {
    pub op: String,
    pub task: TaskId,
    pub reason: Rejection,
    /// The server's words (English); the UI words `reason` in the person's language.
    pub message: String,
    pub at: Timestamp,
}

/// The device's side of things, for the app's screens: its sync and the refused actions to explain.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DeviceState {
    pub sync: SyncStatus,
    pub rejections: Vec<RejectedAction>,
}

/// Machine-readable class of an error; the UI translates by code, the message is for logs and English users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
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
    /// What the request changes is being changed by others right now (answered 503 with `Retry-After`); send it
    /// again in a moment, as it is.
    Busy,
    /// The client could not reach the server.
    Unreachable,
}

/// An error as it travels over the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    /// What to do, in English.
    pub message: String,
    /// What was wrong, for a client to say in its reader's language: given with `bad_request` when a person (not
    /// the app) can put it right.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<Problem>,
}

impl ApiError {
    /// An error of the given class with a message a person can act on.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), problem: None }
    }

    /// A `bad_request` a person can put right: `problem` says what was wrong, `message` the same in English.
    pub fn bad(problem: Problem, message: impl Into<String>) -> Self {
        Self { code: ErrorCode::BadRequest, message: message.into(), problem: Some(problem) }
    }
}

/// What was wrong with a request that a person can put right. A `bad_request` without one is the app's own mistake
/// (a malformed body or query, an app too old or too new for the server), which the person can only report or
/// put right by updating the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[cfg_attr(not(feature = "openapi"), serde(try_from = "crate::compact::FlatProblem"))]
pub enum Problem {
    /// A field of the request, named as on the wire (`text`, `title`, `body`, `name`): empty, too long, ….
    Field {
        /// What is wrong with it.
        error: ValidationError,
    },
    /// The colleague named works at another site.
    ColleagueElsewhere,
    /// The task named is not one of the caller's site, or has not reached the server yet.
    TaskNotHere,
    /// The id is taken by something else (another site's template, another story): save as a new one.
    IdTaken,
    /// A list of purposes must hold 1 to [`floordesk_domain::MAX_PURPOSES`] different purposes of 1 to
    /// [`floordesk_domain::MAX_PURPOSE_CHARS`] characters.
    Purposes,
    /// The task rules refused the action (on the device, before it was sent).
    Refused {
        /// Why.
        error: TransitionError,
    },
    /// A site's name is empty or over 120 characters.
    SiteName,
    /// Not an IANA time zone name (e.g. `Europe/Moscow`).
    TimeZone,
    /// Opening hours that close before they open, never open, or hold too many days off.
    OpeningHours,
    /// Visitors' details are kept 1 to 366 days.
    RetentionDays,
    /// Personal codes have 4 to 8 digits.
    CodeDigits,
    /// A site is a polyclinic or an emergency centre (the programme's office is no site to set up).
    SiteKind,
    /// A zone that is not the site's, or an administrator given none.
    Zone,
    /// A staff file refused whole: empty, too long or too large (the message says which).
    StaffFile,
    /// Not someone the caller may change (a supervisor and another supervisor, or a person of another site).
    NotYours,
    /// A visitor's case cannot close while a task of it is open: finish or cancel them first.
    CaseOpen,
    /// The visitor's case was closed already (by someone else, perhaps).
    CaseClosed,
}

/// Version of the sync protocol (push, pull, live) this build speaks. 2 added the meeting confirmation op, 3 the
/// kinds' steps (`Action::Step`, and the `progress` they record on a task, which an older app cannot read), 4 the
/// deadline table's site calendar (a task list is `{rules, calendar}`; terms in working days), 5 proactive service
/// (what rules leave on a task — `alerts`, `made_by`, `given_by`, `follows`, `case_owner` — and the live
/// channel's `floor` message).
pub const SYNC_PROTOCOL_VERSION: u32 = 5;

/// The oldest sync protocol a server takes pushes of: 5, because an older app cannot read today's tasks (what rules
/// leave on them), so an older app is told to update, in words, when it next sends a change.
pub const MIN_SYNC_PROTOCOL_VERSION: u32 = 5;

/// The most operations one push may carry; a larger batch is refused whole with 413.
pub const MAX_PUSH_OPS: usize = 500;

/// The most changes one pull answers with.
pub const MAX_PULL_LIMIT: u32 = 1000;

/// A batch of operations from a device's outbox, in the order they were made on the device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    /// [`MIN_SYNC_PROTOCOL_VERSION`] to [`SYNC_PROTOCOL_VERSION`].
    pub protocol: u32,
    /// The device the ops come from (its stable id, ≤ 64 characters).
    #[cfg_attr(feature = "openapi", schemars(extend("pattern" = "^[A-Za-z0-9_-]{1,64}$", "minLength" = 1, "maxLength" = 64)))]
    pub device: String,
    #[cfg_attr(feature = "openapi", schemars(length(max = MAX_PUSH_OPS)))]
    pub ops: Vec<Op>,
    /// When the device sent the push, by its own clock: the server records how far off an enrolled device's clock
    /// is (its supervisor sees it in the list of devices).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<Timestamp>,
}

/// One change a person made on a device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Op {
    /// Generated on the device (e.g. a UUID, ≤ 64 characters): a resent op is recognised by it and never applied
    /// twice.
    #[cfg_attr(feature = "openapi", schemars(extend("pattern" = "^[A-Za-z0-9_-]{1,64}$", "minLength" = 1, "maxLength" = 64)))]
    pub id: String,
    /// When the person acted, by the device's clock: wait clocks and deadlines are measured with it. Taken from
    /// [`MAX_OFFLINE_HOURS`] before the server's clock to [`MAX_CLOCK_AHEAD_MINUTES`] after it; otherwise the op is
    /// rejected (`device_clock`).
    pub device_time: Timestamp,
    /// The task version the device saw when the person acted (0 for a new task).
    pub base_version: u64,
    pub change: OpChange,
}

/// What an op does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum OpChange {
    /// Create a task.
    Create { task: NewTaskRequest },
    /// Move a task through its state machine.
    Act { task: TaskId, action: Action },
    /// Replace a task's descriptive fields (last writer wins, in server order).
    Details { task: TaskId, details: TaskDetails },
    /// Confirm a relatives' meeting at its requested slot and plan its escort as the new task `escort`; both are
    /// decided by the domain (`Task::confirm_meeting`) and committed together, or neither.
    ConfirmMeeting { task: TaskId, escort: TaskId },
}

impl OpChange {
    /// The task the op is about (for a meeting's confirmation, the meeting).
    #[must_use]
    pub fn task(&self) -> &TaskId {
        match self {
            OpChange::Create { task } => &task.id,
            OpChange::Act { task, .. } | OpChange::Details { task, .. } | OpChange::ConfirmMeeting { task, .. } => task,
        }
    }
}

/// A new task as a device creates it; the server adds the site, the creator and the times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NewTaskRequest {
    pub id: TaskId,
    pub zone: ZoneId,
    pub case_id: Option<CaseId>,
    pub priority: Priority,
    pub details: TaskDetails,
    /// When the visitor was met (device time): the wait clock starts here.
    pub met_at: Timestamp,
}

impl NewTaskRequest {
    /// The task as the server makes it (and a device shows it until the server answers): of `site`, by `creator`,
    /// at `created_at` (the device time of the op).
    /// A meeting is created unconfirmed whatever the request says: only `ConfirmMeeting` confirms one (and plans its
    /// escort).
    pub fn to_new_task(&self, site: &SiteId, creator: &StaffId, created_at: Timestamp) -> floordesk_domain::NewTask {
        let details = match &self.details {
            TaskDetails::RelativeMeeting(m) => {
                TaskDetails::RelativeMeeting(floordesk_domain::RelativeMeeting { confirmed_slot: None, ..m.clone() })
            }
            other => other.clone(),
        };
        floordesk_domain::NewTask {
            id: self.id.clone(),
            site: site.clone(),
            zone: self.zone.clone(),
            case_id: self.case_id.clone(),
            priority: self.priority,
            details,
            created_by: creator.clone(),
            met_at: self.met_at,
            created_at,
        }
    }
}

/// The server's answer to a push: one result per op, in the same order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PushResponse {
    pub results: Vec<OpResult>,
}

/// What became of one op. A resent op gets its first result again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OpResult {
    pub op: String,
    pub outcome: Outcome,
}

/// Accepted (with the server sequence number and the task as it now is) or rejected (with why).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "outcome", rename_all = "snake_case", deny_unknown_fields)]
#[cfg_attr(not(feature = "openapi"), serde(try_from = "crate::compact::FlatOutcome"))]
pub enum Outcome {
    Accepted {
        seq: u64,
        task: Box<Task>,
        /// The task the op planned alongside (a confirmed meeting's escort; protocol 2), so a device keeps it from
        /// the answer on.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        planned: Option<Box<Task>>,
    },
    Rejected {
        reason: Rejection,
        message: String,
    },
}

/// Why an op was rejected, typed so a client can word it; the outcome's `message` says it in English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "code", rename_all = "snake_case", deny_unknown_fields)]
#[cfg_attr(not(feature = "openapi"), serde(try_from = "crate::compact::FlatRejection"))]
pub enum Rejection {
    /// Someone else holds the task.
    AlreadyTaken { holder: StaffId, holder_name: String, since: Option<Timestamp> },
    /// The state machine refused the action.
    Transition { error: TransitionError },
    /// The new task's fields are not valid.
    Invalid { error: ValidationError },
    /// Your role may not create this kind of task.
    NotAllowedToCreate,
    /// No task with that id.
    UnknownTask,
    /// The person to assign to does not exist.
    UnknownStaff,
    /// A task with that id exists already (created by another op).
    TaskExists,
    /// The task or zone belongs to another site.
    OtherSite,
    /// The op itself is malformed (e.g. an empty id).
    Malformed,
    /// A time the device gave (when the person acted, when the visitor was met) lies outside what the server takes:
    /// from [`MAX_OFFLINE_HOURS`] before its clock to [`MAX_CLOCK_AHEAD_MINUTES`] after it (a visitor met up to
    /// [`MAX_PLANNED_DAYS`] ahead). The device's clock is off by about `server_time − device_time`.
    DeviceClock { device_time: Timestamp, server_time: Timestamp },
}

/// The longest a device may keep an action before the server receives it, in hours: older device times are
/// refused (a clock that is off, or work too stale to count).
pub const MAX_OFFLINE_HOURS: i64 = 72;

/// How far ahead of the server's clock a device's may run, in minutes.
pub const MAX_CLOCK_AHEAD_MINUTES: i64 = 5;

/// How far ahead a new task may be planned (its visitor met), in days; so may the moments inside a task's details.
pub const MAX_PLANNED_DAYS: i64 = 60;

/// How far back a moment inside a task's details may lie (a taxi booked, a crew arrived), in days.
pub const MAX_DETAIL_PAST_DAYS: i64 = 30;

/// One change in the server's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Change {
    pub seq: u64,
    pub task: Task,
}

/// A page of changes after a sequence number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangePage {
    pub changes: Vec<Change>,
    /// Ask again after this to continue (the last seq of the page, or the cursor given when the page is empty).
    pub next_after: u64,
    /// More changes wait after `next_after`.
    pub more: bool,
}

/// What the live channel (a WebSocket per device) sends, as JSON text messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
#[cfg_attr(not(feature = "openapi"), serde(try_from = "crate::compact::FlatLiveMessage"))]
pub enum LiveMessage {
    /// A change the person may see (see `floordesk_domain::FeedScope`), announced at once; `task` is there when the
    /// change is small enough.
    Change { seq: u64, task: Option<Box<Task>> },
    /// The device fell behind the live channel: pull from its cursor.
    Resync,
    /// The sign-in ended (signed out, withdrawn device, expired): the server closes the channel after this.
    SessionEnded { message: String },
    /// Who is on the floor changed (a shift started or ended, a break): fetch [`FloorNow`] again.
    Floor,
}

/// The WebSocket close code after [`LiveMessage::SessionEnded`] (application range 4000–4999): the sign-in is over,
/// so a client must not reopen the channel with the same token.
pub const LIVE_CLOSE_SESSION_ENDED: u16 = 4001;

/// The event the app's shell emits to its window whenever the device's view or sync state changes (a local action,
/// an answer from the server, a pulled change) or who is on the floor does, with a [`ViewChanged`]: the UI takes in
/// the tasks it names and asks for the device's state again, or fetches what it shows again when it names none.
pub const CHANGED_EVENT: &str = "floordesk:changed";

/// What [`CHANGED_EVENT`] tells the window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViewChanged {
    /// The tasks whose view changed since the last event, as the device shows them now (pending or not, holder
    /// named), so a supervisor's window following thousands of tasks takes in one card per change rather than the
    /// whole list. `None` when the window should fetch what it shows again: the view was built again (another
    /// person, the zones renamed), a task left it, a new deadline table was fetched, or too many tasks changed at
    /// once for one by one to be cheaper.
    pub tasks: Option<Vec<TaskView>>,
    /// Who is on the floor changed (a shift, a break): the window asks for it again.
    pub floor: bool,
}

/// One line of the audit log: an applied or rejected op, who, from which device, when, what it did and why, and the
/// task before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AuditEntry {
    pub id: u64,
    pub op: String,
    pub task: TaskId,
    pub actor: StaffId,
    /// The actor's name (none for the site's rules).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_name: Option<String>,
    pub role: Role,
    /// What the op did (none: recorded before the log named it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<OpKind>,
    /// The rule that did it, for [`OpKind::Rule`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<floordesk_domain::RuleKind>,
    /// The reason the person gave (handing back, cancelling, reassigning), erased with the task's personal data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub device: String,
    pub server_time: Timestamp,
    pub device_time: Timestamp,
    pub accepted: bool,
    pub before: Option<Task>,
    pub after: Option<Task>,
    pub reason: Option<Rejection>,
}

/// A page of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub next_after: u64,
    pub more: bool,
}

/// `GET` query of [`paths::KPI`]: the indicators of the tasks closed in `[from, to)`, hours counted in the
/// reader's local time. The answer is a [`floordesk_domain::KpiReport`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct KpiQuery {
    /// Start of the period, milliseconds since 1970 (UTC), inclusive; not needed with `day_from`.
    #[serde(default)]
    pub from: Option<Timestamp>,
    /// End of the period, exclusive; at most MAX_KPI_SPAN_MS (92 days) after `from`.
    #[serde(default)]
    pub to: Option<Timestamp>,
    /// Instead of `from`/`to`: the site's days from `day_from` to `day_to` (exclusive) counted from the site's today
    /// (0 today, −1 yesterday; the last seven days with today: −6 to 1), by the site's own clock.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(range(min = -366, max = 366)))]
    pub day_from: Option<i32>,
    /// See `day_from`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(range(min = -366, max = 366)))]
    pub day_to: Option<i32>,
    /// Taken from older apps and ignored: the hours of a report are always the site's.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(range(min = -840, max = 840)))]
    pub utc_offset_minutes: i32,
    /// The language of a CSV export's headings and names: `ru` (the default) or `en`; the JSON report ignores it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schemars(regex(pattern = "^(ru|en)$")))]
    pub lang: Option<String>,
}

impl KpiQuery {
    /// The site's days from `from` to `to` (exclusive), counted from its today.
    #[must_use]
    pub fn days(from: i32, to: i32) -> KpiQuery {
        KpiQuery { from: None, to: None, day_from: Some(from), day_to: Some(to), utc_offset_minutes: 0, lang: None }
    }

    /// A period given as two moments.
    #[must_use]
    pub fn period(from: Timestamp, to: Timestamp) -> KpiQuery {
        KpiQuery { from: Some(from), to: Some(to), day_from: None, day_to: None, utc_offset_minutes: 0, lang: None }
    }
}

/// `GET` query of [`paths::PULL`] and [`paths::AUDIT`]: the items after `after` (0: from the start), at most `limit`
/// of them ([`MAX_PULL_LIMIT`] when not given or larger).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Cursor {
    /// Continue after this cursor (0: from the start).
    #[serde(default)]
    pub after: u64,
    /// Page size, 1 to MAX_PULL_LIMIT (the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// Whose staff: a city administrator names the site; a supervisor's is their own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SiteQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<SiteId>,
}

impl Cursor {
    /// The page size this cursor asks for: 1 to [`MAX_PULL_LIMIT`].
    #[must_use]
    pub fn limit(&self) -> u32 {
        self.limit.unwrap_or(MAX_PULL_LIMIT).clamp(1, MAX_PULL_LIMIT)
    }
}

/// `GET` query of [`paths::LIVE`]: a ticket from [`paths::LIVE_TICKET`] (a browser cannot set headers on a WebSocket,
/// and a bearer token in an address would end up in logs and histories).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct LiveQuery {
    /// The ticket, used once.
    pub ticket: String,
}

/// A single-use ticket to open the live channel with, within [`LIVE_TICKET_SECONDS`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LiveTicket {
    pub ticket: String,
    pub expires_at: Timestamp,
}

/// How long a live ticket may wait to be used, in seconds.
pub const LIVE_TICKET_SECONDS: i64 = 60;

/// `GET` query of [`paths::STORIES`]: the stories posted at or after `since` (all the newest when not given).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Since {
    /// Only stories posted at or after this moment (milliseconds since 1970, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Timestamp>,
}

/// The longest span one KPI report may cover: 92 days (a quarter, as a programme reports upward).
pub const MAX_KPI_SPAN_MS: i64 = 92 * 24 * 60 * 60 * 1000;

/// Longest good story, in characters.
pub const MAX_STORY_CHARS: usize = 1000;

/// A good story to post: sincere service someone saw. Carries no visitor data beyond what the linked task shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NewStory {
    /// Chosen by the client, so that sending twice posts once.
    pub id: StoryId,
    /// The story, 1–1000 characters.
    #[cfg_attr(feature = "openapi", schemars(length(min = 1, max = MAX_STORY_CHARS)))]
    pub text: String,
    /// The colleague to thank, if any.
    #[serde(default)]
    pub about: Option<StaffId>,
    /// The task the story is about, if any.
    #[serde(default)]
    pub task: Option<TaskId>,
}

/// A good story as everyone on the site sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Story {
    pub id: StoryId,
    pub author: StaffId,
    pub author_name: String,
    pub text: String,
    pub about: Option<StaffId>,
    pub about_name: Option<String>,
    pub task: Option<TaskId>,
    pub posted_at: Timestamp,
    pub likes: u32,
    /// Whether the reader has liked it.
    pub liked: bool,
}

/// The site's good stories, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StoryList {
    pub stories: Vec<Story>,
}

/// Longest template title, in characters.
pub const MAX_TEMPLATE_TITLE_CHARS: usize = 120;
/// Longest template answer, in characters.
pub const MAX_TEMPLATE_BODY_CHARS: usize = 2000;

/// An answer template to write (supervisors): a typical visitor question and the answer to give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TemplateDraft {
    /// The question as visitors ask it, 1–120 characters.
    #[cfg_attr(feature = "openapi", schemars(length(min = 1, max = MAX_TEMPLATE_TITLE_CHARS)))]
    pub title: String,
    /// The answer, 1–2000 characters.
    #[cfg_attr(feature = "openapi", schemars(length(min = 1, max = MAX_TEMPLATE_BODY_CHARS)))]
    pub body: String,
}

/// An answer template of the site's knowledge base.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub id: TemplateId,
    pub title: String,
    pub body: String,
    pub updated_at: Timestamp,
    pub updated_by: StaffId,
}

/// The site's knowledge base, by title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TemplateList {
    pub templates: Vec<Template>,
}

/// What a refused list of purposes is told.
pub const MAX_PURPOSES_WORDS: &str =
    "Give 1 to 12 purposes, each 1 to 60 characters of plain text, all different (one per line).";

/// The site's common purposes of a visit, offered as one-tap contacts (supervisors edit them; a site that has
/// none offers its kind's usual ones).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Purposes {
    /// 1 to [`floordesk_domain::MAX_PURPOSES`] purposes of 1 to [`floordesk_domain::MAX_PURPOSE_CHARS`] characters
    /// each, different from each other, in the order they are offered.
    pub items: Vec<String>,
}

/// At most this many goals of the day in a morning meeting's notes.
pub const MAX_MORNING_GOALS: usize = 10;
/// At most this many people to thank in a morning meeting's notes.
pub const MAX_MORNING_THANKS: usize = 20;
/// At most this many characters in a goal, or in what a person is thanked for.
pub const MAX_MORNING_LINE_CHARS: usize = 200;

/// A colleague thanked at the morning meeting, and what for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Thanks {
    /// A person of the caller's site.
    pub staff: StaffId,
    /// What for: 1 to [`MAX_MORNING_LINE_CHARS`] characters.
    #[cfg_attr(feature = "openapi", schemars(length(min = 1, max = MAX_MORNING_LINE_CHARS)))]
    pub for_what: String,
}

/// What the supervisor keeps with a morning meeting's pack: the day's goals and the people to thank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MorningNotesDraft {
    /// The goals, in order: at most [`MAX_MORNING_GOALS`], each 1 to [`MAX_MORNING_LINE_CHARS`] characters.
    #[cfg_attr(feature = "openapi", schemars(length(max = MAX_MORNING_GOALS)))]
    pub goals: Vec<String>,
    /// The people to thank: at most [`MAX_MORNING_THANKS`].
    #[cfg_attr(feature = "openapi", schemars(length(max = MAX_MORNING_THANKS)))]
    pub thanks: Vec<Thanks>,
}

/// The notes kept with the morning meeting's pack of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MorningNotes {
    /// The site's day the pack reports on, `YYYY-MM-DD`.
    pub day: String,
    /// The goals of the day, in order.
    pub goals: Vec<String>,
    /// The people to thank.
    pub thanks: Vec<Thanks>,
    /// Who wrote them last (absent while nothing is written).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_by: Option<StaffId>,
    /// When (absent while nothing is written).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Timestamp>,
}

/// Who of the caller's site is on shift now, by name, and the moment the server answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FloorNow {
    /// Everyone on shift, by name.
    pub people: Vec<OnShift>,
    /// The server's clock when it answered (a break's planned return is read against it).
    pub now: Timestamp,
}

/// A person on shift, with their name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OnShift {
    /// Their name as the site knows it.
    pub name: String,
    /// Where they are and what they do.
    pub presence: floordesk_domain::Presence,
    /// Open tasks they hold.
    pub load: u32,
}

/// A change of presence: one's own, or (a supervisor) ending the shift of `staff` who forgot to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PresenceRequest {
    /// Whose (none: the caller's own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff: Option<StaffId>,
    /// The change.
    pub change: floordesk_domain::PresenceChange,
}

/// Paths of the HTTP API, shared by the server's router and every client.
pub mod paths {
    /// Liveness probe.
    pub const HEALTHZ: &str = "/healthz";
    /// Prometheus metrics (text format).
    pub const METRICS: &str = "/metrics";
    /// `GET` with a bearer token → [`super::Directory`] of the caller's site.
    pub const DIRECTORY: &str = "/api/v1/directory";
    /// `POST` [`super::DeviceCredential`] → [`super::Directory`] of the enrolled device's site (its sign-in list).
    pub const DEVICE_DIRECTORY: &str = "/api/v1/directory/device";
    /// `POST` [`super::LoginRequest`] → [`super::LoginResponse`].
    pub const LOGIN: &str = "/api/v1/login";
    /// `POST` with a bearer token: revokes it.
    pub const LOGOUT: &str = "/api/v1/logout";
    /// `GET` with a bearer token → [`super::TaskList`].
    pub const TASKS: &str = "/api/v1/tasks";
    /// `GET` with a bearer token → [`super::Deadlines`] of the caller's site.
    pub const DEADLINES: &str = "/api/v1/deadlines";
    /// `POST` [`super::PushRequest`] with a bearer token → [`super::PushResponse`].
    pub const PUSH: &str = "/api/v1/sync/push";
    /// `GET ?after=SEQ&limit=N` with a bearer token → [`super::ChangePage`] of what the caller may see.
    pub const PULL: &str = "/api/v1/sync/changes";
    /// `GET ?after=ID&limit=N&staff=&task=&action=&from=&to=` ([`super::AuditQuery`]) with a supervisor's bearer
    /// token → [`super::AuditPage`] of the site.
    pub const AUDIT: &str = "/api/v1/audit";
    /// `GET` → [`super::TaskHistory`] of the task `{id}`, for whoever sees the task.
    pub const TASK_HISTORY: &str = "/api/v1/tasks/{id}/history";
    /// WebSocket `GET ?ticket=…` → a stream of [`super::LiveMessage`] of what the person may see.
    pub const LIVE: &str = "/api/v1/live";
    /// `POST` with the bearer token → [`super::LiveTicket`], to open [`LIVE`] with.
    pub const LIVE_TICKET: &str = "/api/v1/live/ticket";
    /// `GET` → [`super::DeviceList`]; `POST` [`super::EnrolDeviceRequest`] → [`super::EnrolledDevice`] (supervisors).
    pub const DEVICES: &str = "/api/v1/devices";
    /// `DELETE` withdraws the device `{id}` and ends every session opened on it (supervisors).
    pub const DEVICE: &str = "/api/v1/devices/{id}";
    /// `DELETE` lifts the sign-in pauses of the device `{id}` of the site, for everyone on it (supervisors).
    pub const DEVICE_PAUSE: &str = "/api/v1/devices/{id}/pause";
    /// `DELETE` lifts every sign-in pause of the person `{id}` of the site (supervisors).
    pub const STAFF_PAUSE: &str = "/api/v1/staff/{id}/pause";
    /// `GET ?site=` → [`super::admin::StaffMembers`]; `POST` [`super::admin::NewStaff`] →
    /// [`super::admin::IssuedCode`] (supervisors, city administrators).
    pub const STAFF: &str = "/api/v1/staff";
    /// `PUT` [`super::admin::StaffChange`] → [`super::admin::StaffMember`].
    pub const STAFF_MEMBER: &str = "/api/v1/staff/{id}";
    /// `POST` → a new [`super::admin::IssuedCode`] of the person `{id}`.
    pub const STAFF_CODE: &str = "/api/v1/staff/{id}/code";
    /// `POST` [`super::admin::StaffImport`] → [`super::admin::ImportReport`].
    pub const STAFF_IMPORT: &str = "/api/v1/staff-import";
    /// `PUT` [`super::admin::ZoneDraft`] → [`super::ZoneInfo`]: a zone of the supervisor's site, new or renamed.
    pub const ZONE: &str = "/api/v1/zones/{id}";
    /// `GET` → [`super::admin::SiteSetupList`]; `POST` [`super::admin::NewSite`] → [`super::admin::SiteSetup`]
    /// (city administrators).
    pub const ADMIN_SITES: &str = "/api/v1/admin/sites";
    /// `PUT` [`super::admin::SiteSettings`] → [`super::admin::SiteSetup`] (city administrators).
    pub const ADMIN_SITE: &str = "/api/v1/admin/sites/{id}";
    /// `GET ?after=&limit=` → [`super::admin::AdminLogPage`]: what administrators and supervisors changed.
    pub const ADMIN_LOG: &str = "/api/v1/admin/log";
    /// `GET` ([`super::KpiQuery`]) → [`super::admin::SiteKpiList`]: every site's indicators side by side (city
    /// administrators).
    pub const ADMIN_KPI: &str = "/api/v1/admin/kpi";
    /// `GET` the same query (and `lang=`) → the sites side by side as CSV (city administrators).
    pub const ADMIN_KPI_CSV: &str = "/api/v1/admin/kpi/csv";
    /// `GET ?day_from=&day_to=` or `?from=&to=` ([`super::KpiQuery`]) → [`floordesk_domain::KpiReport`]: the site's
    /// (supervisors), or the caller's own.
    pub const KPI: &str = "/api/v1/kpi";
    /// `GET` the same query (and `lang=`) → every table of the report as CSV (UTF-8 with a BOM, `;` between fields).
    pub const KPI_CSV: &str = "/api/v1/kpi/csv";
    /// `GET ?since=MS` → [`super::StoryList`] of the site; `POST` [`super::NewStory`] → [`super::Story`].
    pub const STORIES: &str = "/api/v1/stories";
    /// `PUT` likes the story `{id}`, `DELETE` takes the like back; both → [`super::Story`].
    pub const STORY_LIKE: &str = "/api/v1/stories/{id}/like";
    /// `GET` → [`super::TemplateList`] of the site.
    pub const TEMPLATES: &str = "/api/v1/templates";
    /// `PUT` [`super::TemplateDraft`] → [`super::Template`] writes the template `{id}`; `DELETE` removes it
    /// (both: permission to manage the knowledge base).
    pub const TEMPLATE: &str = "/api/v1/templates/{id}";
    /// `GET` → [`super::Purposes`], the site's common purposes of a visit; `PUT` [`super::Purposes`] replaces them
    /// (supervisors).
    pub const PURPOSES: &str = "/api/v1/purposes";
    /// `GET` → [`super::MorningNotes`] kept with the morning meeting's pack of the day `{id}` (`YYYY-MM-DD`);
    /// `PUT` [`super::MorningNotesDraft`] replaces them (supervisors).
    pub const MORNING_NOTES: &str = "/api/v1/morning/{id}";
    /// `GET` → [`super::CaseView`] of the visitor's case `{id}`, for its owner, a supervisor, or whoever sees a task
    /// of it.
    pub const CASE: &str = "/api/v1/cases/{id}";
    /// `POST` [`super::CloseCaseRequest`] → [`super::CaseView`]: closes the resolved case `{id}`.
    pub const CASE_CLOSE: &str = "/api/v1/cases/{id}/close";
    /// `GET` → [`super::FloorNow`]; `POST` [`super::PresenceRequest`] → [`super::FloorNow`].
    pub const PRESENCE: &str = "/api/v1/presence";
    /// `GET` and `PUT` `floordesk_domain::SiteRules` (supervisors).
    pub const RULES: &str = "/api/v1/rules";
    /// `GET` → the OpenAPI 3.1 document of the whole HTTP API.
    pub const OPENAPI: &str = "/api/openapi.json";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clock_is_said_to_be_off_from_two_minutes_either_way() {
        let off = |ms| SyncStatus { clock_ahead_ms: ms, ..SyncStatus::default() }.clock_off_minutes();
        assert_eq!(off(None), None);
        assert_eq!(off(Some(119_999)), None);
        assert_eq!(off(Some(-119_999)), None);
        assert_eq!(off(Some(120_000)), Some(2));
        assert_eq!(off(Some(-20 * 60_000 - 1_500)), Some(-20));
    }

    #[test]
    fn an_enrolment_line_names_the_server_or_takes_the_one_typed_beside_it() {
        let key = "0a".repeat(32);
        let whole = Enrolment {
            server: "https://floordesk.gp7.example".into(),
            device: DeviceCredential { id: "dev-1a2b".into(), key: key.clone() },
        };
        let line = whole.text();
        assert!(line.starts_with("floordesk-enrol https://"));
        assert_eq!(Enrolment::parse(&format!("  {line}\n"), "https://ignored").unwrap(), whole);
        let short = Enrolment::parse(&format!("dev-1a2b {}", key.to_uppercase()), " https://floordesk.gp7.example/ ");
        assert_eq!(short.unwrap(), whole, "a typed address, trimmed; the key in any case");
        assert!(Enrolment::parse(&format!("dev-1a2b {key}"), "").unwrap_err().contains("server's address"));
        assert!(Enrolment::parse("dev-1a2b", "https://x").unwrap_err().contains("Not an enrolment code"));
        assert!(Enrolment::parse("dev/1a2b zz", "https://x").unwrap_err().contains("damaged"));
        assert!(Enrolment::parse(&format!("other-word https://x dev-1 {key}"), "").is_err());
    }

    #[test]
    fn paths_carry_the_api_version() {
        let prefix = format!("/api/v{API_VERSION}/");
        for path in [
            paths::DIRECTORY,
            paths::DEVICE_DIRECTORY,
            paths::LOGIN,
            paths::LOGOUT,
            paths::TASKS,
            paths::DEADLINES,
            paths::PUSH,
            paths::PULL,
            paths::AUDIT,
            paths::LIVE,
            paths::DEVICES,
            paths::DEVICE,
            paths::KPI,
            paths::STORIES,
            paths::STORY_LIKE,
            paths::TEMPLATES,
            paths::TEMPLATE,
            paths::PURPOSES,
            paths::MORNING_NOTES,
            paths::CASE,
            paths::CASE_CLOSE,
        ] {
            assert!(path.starts_with(&prefix), "{path} is not under {prefix}");
        }
    }

    #[test]
    fn login_request_rejects_unknown_fields() {
        let err = serde_json::from_str::<LoginRequest>(r#"{"staff_id":"a","code":"1","pin":"2"}"#).unwrap_err();
        assert!(err.to_string().contains("unknown field `pin`"), "{err}");
    }

    #[test]
    fn ops_and_outcomes_have_tagged_readable_json() {
        let op: Op = serde_json::from_str(
            r#"{"id":"op-1","device_time":5,"base_version":2,"change":{"op":"act","task":"t-1","action":{"action":"claim"}}}"#,
        )
        .unwrap();
        assert!(matches!(op.change, OpChange::Act { action: Action::Claim, .. }));
        let rejected = Outcome::Rejected { reason: Rejection::UnknownTask, message: "No such task.".into() };
        assert_eq!(
            serde_json::to_string(&rejected).unwrap(),
            r#"{"outcome":"rejected","reason":{"code":"unknown_task"},"message":"No such task."}"#
        );
        let err = serde_json::from_str::<Op>(r#"{"id":"x","device_time":1,"base_version":0,"change":{"op":"act","task":"t","action":{"action":"claim"}},"extra":1}"#)
            .unwrap_err();
        assert!(err.to_string().contains("unknown field `extra`"), "{err}");
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
