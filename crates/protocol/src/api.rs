//! Every HTTP endpoint, described once, in the style of ruma's request metadata: one type per endpoint with its
//! method, path, who may call it, what it answers and with which errors, and the Rust types of its query, body and
//! answer. The server's router and its OpenAPI document, `floordesk-client` and the UI's `HttpApi` are all derived
//! from these: adding an endpoint is a type here, a handler, and its use (see docs/ARCHITECTURE.md).

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::admin::{
    AdminLogPage, ImportReport, IssuedCode, NewSite, NewStaff, SiteKpiList, SiteSettings, SiteSetup, SiteSetupList,
    StaffChange, StaffImport, StaffMember, StaffMembers, ZoneDraft,
};
use crate::{
    paths, AuditPage, AuditQuery, CaseView, ChangePage, CloseCaseRequest, Cursor, Deadlines, DeviceCredential,
    DeviceList, Directory, EnrolDeviceRequest, EnrolledDevice, FloorNow, KpiQuery, LiveMessage, LiveQuery, LiveTicket,
    LoginRequest, LoginResponse, MorningNotes, MorningNotesDraft, NewStory, PresenceRequest, Purposes, PushRequest,
    PushResponse, Since, SiteQuery, Story, StoryList, TaskHistory, TaskList, Template, TemplateDraft, TemplateList,
    ZoneInfo,
};
use floordesk_domain::{KpiReport, SiteRules};

/// An HTTP method of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    /// The method as HTTP writes it: `GET`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// Who may call an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone.
    Public,
    /// A signed-in person with a bearer token (roles are checked by the handler and say so with 403).
    Bearer,
    /// A single-use ticket in `?ticket=` (WebSocket: browsers cannot set headers on it), from [`LiveTicket`].
    Ticket,
}

/// What a successful call answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Success {
    /// JSON of [`Endpoint::Answer`], with this status.
    Json(u16),
    /// 204, no body.
    Empty,
    /// Plain text of this media type.
    Text(&'static str),
    /// The OpenAPI document.
    Document,
    /// 101: a WebSocket whose text messages are [`Endpoint::Answer`].
    WebSocket,
}

/// What the API says of one endpoint.
#[derive(Debug, Clone, Copy)]
pub struct Meta {
    /// The OpenAPI `operationId`.
    pub id: &'static str,
    pub method: Method,
    /// The path, with `{id}` where the endpoint takes one.
    pub path: &'static str,
    pub summary: &'static str,
    pub access: Access,
    /// The permission the caller's role must hold (a role without it is refused with 403 before anything else).
    pub permission: Option<floordesk_domain::Permission>,
    pub success: Success,
    /// The error statuses it may answer with (each with an [`crate::ApiError`] body).
    pub errors: &'static [u16],
}

impl Meta {
    /// The path with its `{id}` (if any) set to `id`, which the caller has percent-encoded.
    #[must_use]
    pub fn path_for(&self, id: &str) -> String {
        path_for(self.path, id)
    }
}

/// An endpoint's `path` with its `{id}` (if any) set to `id`, which the caller has percent-encoded.
#[must_use]
pub fn path_for(path: &str, id: &str) -> String {
    path.replace("{id}", id)
}

/// A type the OpenAPI document can describe: with the `openapi` feature (the server's) every type of an endpoint
/// has a JSON Schema; without it (the UI's wasm, the client) this asks nothing.
#[cfg(feature = "openapi")]
pub trait Documented: schemars::JsonSchema {}
#[cfg(feature = "openapi")]
impl<T: schemars::JsonSchema> Documented for T {}
/// A type the OpenAPI document can describe (nothing is asked without the `openapi` feature).
#[cfg(not(feature = "openapi"))]
pub trait Documented {}
#[cfg(not(feature = "openapi"))]
impl<T> Documented for T {}

/// One endpoint of the API.
pub trait Endpoint: 'static {
    /// What the API says of it.
    const META: Meta;
    /// Its query string (`()`: none).
    type Query: Serialize + DeserializeOwned + Documented + 'static;
    /// Its JSON body (`()`: none).
    type Body: Serialize + DeserializeOwned + Documented + 'static;
    /// What it answers: the JSON body, the text of a text answer, or one message of a WebSocket (`()`: nothing).
    type Answer: Serialize + DeserializeOwned + Documented + 'static;
}

/// Something done for each endpoint type in turn ([`for_each`]): the OpenAPI document is built this way.
pub trait Visit {
    fn visit<E: Endpoint>(&mut self);
}

/// Declares endpoint types: `Name: Query, Body => Answer { meta fields }`.
macro_rules! endpoints {
    (@permission) => { None };
    (@permission $permission:ident) => { Some(floordesk_domain::Permission::$permission) };
    ($(
        $(#[$doc:meta])*
        $name:ident: $query:ty, $body:ty => $answer:ty {
            $id:literal, $method:ident $path:expr, $access:ident $(($permission:ident))?, $success:expr,
            [$($error:literal),*],
            $summary:expr $(,)?
        }
    )*) => {
        $(
            $(#[$doc])*
            #[derive(Debug, Clone, Copy)]
            pub struct $name;

            impl Endpoint for $name {
                const META: Meta = Meta {
                    id: $id,
                    method: Method::$method,
                    path: $path,
                    summary: $summary,
                    access: Access::$access,
                    permission: endpoints!(@permission $($permission)?),
                    success: $success,
                    errors: &[$($error),*],
                };
                type Query = $query;
                type Body = $body;
                type Answer = $answer;
            }
        )*

        /// The metadata of every endpoint, in the order of the OpenAPI document.
        pub const ALL: &[Meta] = &[$(<$name as Endpoint>::META),*];

        /// Visits every endpoint type, in the order of [`ALL`].
        pub fn for_each(visitor: &mut impl Visit) {
            $(visitor.visit::<$name>();)*
        }
    };
}

endpoints! {
    /// Liveness.
    Healthz: (), () => String {
        "healthz", Get paths::HEALTHZ, Public, Success::Text("text/plain"), [],
        "Liveness: answers `ok` while the server runs.",
    }
    /// Prometheus metrics.
    Metrics: (), () => String {
        "metrics", Get paths::METRICS, Public, Success::Text("text/plain; version=0.0.4"), [],
        "Prometheus metrics: requests, ops accepted and rejected, failed sign-ins, live channels.",
    }
    /// The OpenAPI document (its JSON, as text).
    OpenApi: (), () => String {
        "openapi", Get paths::OPENAPI, Public, Success::Document, [],
        "This document.",
    }
    /// The caller's site: its zones and people.
    GetDirectory: (), () => Directory {
        "directory", Get paths::DIRECTORY, Bearer, Success::Json(200), [401, 500],
        "The caller's site, its zones, and its active people.",
    }
    /// The sign-in list of an enrolled device.
    DeviceDirectory: (), DeviceCredential => Directory {
        "device_directory", Post paths::DEVICE_DIRECTORY, Public, Success::Json(200),
        [400, 401, 413, 415, 422, 500],
        "The site of the enrolled device whose credential is the body, and who can sign in on it (demo codes only \
         on a demo server). A credential that is not an enrolled device's is counted against the address like a \
         wrong code.",
    }
    /// Sign in.
    Login: (), LoginRequest => LoginResponse {
        "login", Post paths::LOGIN, Public, Success::Json(200), [400, 401, 403, 413, 415, 422, 429, 500],
        "Sign in with a personal code (and, on a handheld, the enrolled device's credential).",
    }
    /// Sign out.
    Logout: (), () => () {
        "logout", Post paths::LOGOUT, Bearer, Success::Empty, [401, 500],
        "End the caller's session; its live channel closes.",
    }
    /// The caller's tasks.
    GetTasks: (), () => TaskList {
        "tasks", Get paths::TASKS, Bearer, Success::Json(200), [401, 500],
        "The open tasks the caller holds, and the pool they may take or oversee, most urgent first.",
    }
    /// The deadline table of the caller's site.
    GetDeadlines: (), () => Deadlines {
        "deadlines", Get paths::DEADLINES, Bearer, Success::Json(200), [401, 500],
        "The deadline table in force at the caller's site (the same as in the task list) and the server's clock, for \
         a device that keeps its tasks itself.",
    }
    /// Push a device's outbox.
    Push: (), PushRequest => PushResponse {
        "push", Post paths::PUSH, Bearer, Success::Json(200), [400, 401, 403, 413, 415, 422, 500, 503],
        "Apply a batch of ops from a device's outbox, each once, each in its own transaction.",
    }
    /// Pull the change feed.
    Pull: Cursor, () => ChangePage {
        "pull", Get paths::PULL, Bearer, Success::Json(200), [400, 401, 500],
        "The changes after a cursor that the caller may see (their zone and tasks; the whole site for \
         coordinators and supervisors).",
    }
    /// Read the audit log.
    GetAudit: AuditQuery, () => AuditPage {
        "audit", Get paths::AUDIT, Bearer(ViewAudit), Success::Json(200), [400, 401, 403, 500],
        "The site's audit log of applied and rejected ops, oldest first, narrowed by person, task, kind of action \
         and period (supervisors); each entry says what was done and the reason given.",
    }
    /// A task's history.
    GetTaskHistory: (), () => TaskHistory {
        "task_history", Get paths::TASK_HISTORY, Bearer, Success::Json(200), [400, 401, 404, 500],
        "Every accepted change of a task the caller sees, oldest first: who, when, on which device, from which \
         state to which, to whom, and the reason given.",
    }
    /// A visitor's case.
    GetCase: (), () => CaseView {
        "case", Get paths::CASE, Bearer, Success::Json(200), [400, 401, 404, 500],
        "One visitor's case (\"one window\"): every task of it in the order the visitor was met for them, across \
         zones for its owner and supervisors (others see the tasks they oversee, and how many they do not), its \
         overall wait, and how it was closed.",
    }
    /// Close a visitor's case.
    CloseCase: (), CloseCaseRequest => CaseView {
        "close_case", Post paths::CASE_CLOSE, Bearer, Success::Json(200), [400, 401, 403, 404, 413, 415, 422, 500],
        "Close a visitor's case once every task of it is done or cancelled (its owner, a supervisor, or whoever \
         sees every task of it), with the visitor's one rating of the whole situation if they agree to give one. \
         Closing it again is refused with `case_closed`; an open task of it, with `case_open`.",
    }
    /// The live channel.
    Live: LiveQuery, () => LiveMessage {
        "live", Get paths::LIVE, Ticket, Success::WebSocket, [400, 401, 426, 500],
        "WebSocket: each change the person may see, at once; closed with code 4001 after `session_ended`.",
    }
    /// A ticket for the live channel.
    IssueLiveTicket: (), () => LiveTicket {
        "live_ticket", Post paths::LIVE_TICKET, Bearer, Success::Json(200), [401, 500],
        "A single-use ticket, valid for a minute, to open the live channel with (never the bearer token in an address).",
    }
    /// The site's enrolled devices.
    GetDevices: (), () => DeviceList {
        "devices", Get paths::DEVICES, Bearer(ManageDevices), Success::Json(200), [401, 403, 500],
        "The enrolled devices of the supervisor's site, newest first.",
    }
    /// Enrol a device.
    EnrolDevice: (), EnrolDeviceRequest => EnrolledDevice {
        "enrol_device", Post paths::DEVICES, Bearer(ManageDevices), Success::Json(201), [400, 401, 403, 413, 415, 422, 500],
        "Enrol a handheld of the supervisor's site; the key is in this answer only.",
    }
    /// Withdraw a device.
    RevokeDevice: (), () => () {
        "revoke_device", Delete paths::DEVICE, Bearer(ManageDevices), Success::Empty, [400, 401, 403, 404, 500],
        "Withdraw a device of the supervisor's site and end every session opened on it.",
    }
    /// Lift a device's sign-in pauses.
    LiftDevicePause: (), () => () {
        "lift_device_pause", Delete paths::DEVICE_PAUSE, Bearer(ManageDevices), Success::Empty, [400, 401, 403, 404, 500],
        "Lift the sign-in pauses of a handheld of the supervisor's site (after many wrong codes on it), for everyone.",
    }
    /// Lift a person's sign-in pauses.
    LiftPause: (), () => () {
        "lift_pause", Delete paths::STAFF_PAUSE, Bearer(ManageStaff), Success::Empty, [400, 401, 403, 404, 500],
        "Lift every sign-in pause of a person of the supervisor's site (after wrong codes, from any device).",
    }
    /// A site's staff.
    GetStaff: SiteQuery, () => StaffMembers {
        "staff", Get paths::STAFF, Bearer(ManageStaff), Success::Json(200), [400, 401, 403, 404, 500],
        "The staff of the supervisor's site (a city administrator names the site), deactivated people included.",
    }
    /// Add a member of staff.
    AddStaff: (), NewStaff => IssuedCode {
        "add_staff", Post paths::STAFF, Bearer(ManageStaff), Success::Json(201), [400, 401, 403, 404, 409, 413, 415, 422, 500],
        "Add a member of staff; their personal code is in this answer only.",
    }
    /// Change a member of staff.
    ChangeStaff: (), StaffChange => StaffMember {
        "change_staff", Put paths::STAFF_MEMBER, Bearer(ManageStaff), Success::Json(200), [400, 401, 403, 404, 413, 415, 422, 500],
        "Change a person's name, role or zone, or deactivate them (their sessions end; their history stays).",
    }
    /// Issue a new personal code.
    IssueCode: (), () => IssuedCode {
        "issue_code", Post paths::STAFF_CODE, Bearer(ManageStaff), Success::Json(200), [400, 401, 403, 404, 500],
        "Issue a person a new personal code (the old one stops working); the code is in this answer only.",
    }
    /// Import staff from a personnel export.
    ImportStaff: (), StaffImport => ImportReport {
        "import_staff", Post paths::STAFF_IMPORT, Bearer(ManageStaff), Success::Json(200), [400, 401, 403, 404, 413, 415, 422, 500],
        "Plan (dry run) or apply a staff file: full name, position, zone, personal number per line; every line's \
         outcome or error. Applied only when no line is refused; importing again changes nothing.",
    }
    /// Write a zone.
    PutZone: (), ZoneDraft => ZoneInfo {
        "put_zone", Put paths::ZONE, Bearer(ManageStaff), Success::Json(200), [400, 401, 403, 409, 413, 415, 422, 500],
        "A zone of the supervisor's site, new or renamed.",
    }
    /// Every site and its settings.
    GetSiteSetups: (), () => SiteSetupList {
        "site_setups", Get paths::ADMIN_SITES, Bearer(ManageSites), Success::Json(200), [401, 403, 500],
        "Every site with its settings (city administrators).",
    }
    /// Create a site.
    CreateSite: (), NewSite => SiteSetup {
        "create_site", Post paths::ADMIN_SITES, Bearer(ManageSites), Success::Json(201), [400, 401, 403, 409, 413, 415, 422, 500],
        "Create a site with its name, kind, time zone, opening hours and settings (city administrators).",
    }
    /// Change a site's settings.
    ChangeSite: (), SiteSettings => SiteSetup {
        "change_site", Put paths::ADMIN_SITE, Bearer(ManageSites), Success::Json(200), [400, 401, 403, 404, 413, 415, 422, 500],
        "Change a site's name, time zone, opening hours, retention or code length (city administrators).",
    }
    /// The administration log.
    GetAdminLog: Cursor, () => AdminLogPage {
        "admin_log", Get paths::ADMIN_LOG, Bearer(ManageStaff), Success::Json(200), [400, 401, 403, 500],
        "What administrators and supervisors changed, with who, when, before and after: the supervisor's site, or \
         every site for a city administrator.",
    }
    /// The service-standard indicators.
    GetKpi: KpiQuery, () => KpiReport {
        "kpi", Get paths::KPI, Bearer, Success::Json(200), [400, 401, 500],
        "The service-standard indicators of the tasks closed in a period (at most 92 days): waits, starts and \
         finishes in time, hand-offs, ratings, by kind, hour, zone and person, and the tasks that broke the \
         standard with its figure and their holder. A supervisor reads the whole site's; anyone else their own \
         (the tasks they held when they closed).",
    }
    /// Every site's indicators.
    GetSitesKpi: KpiQuery, () => SiteKpiList {
        "sites_kpi", Get paths::ADMIN_KPI, Bearer(ManageSites), Success::Json(200), [400, 401, 403, 500],
        "Every site's indicators side by side — the same figures as each site's own report, over each site's own \
         days (city administrators).",
    }
    /// Every site's indicators as CSV.
    GetSitesKpiCsv: KpiQuery, () => String {
        "sites_kpi_csv", Get paths::ADMIN_KPI_CSV, Bearer(ManageSites), Success::Text("text/csv; charset=utf-8"), [400, 401, 403, 500],
        "Every site's indicators side by side as one CSV file for a spreadsheet (city administrators): the same \
         figures as `sites_kpi`, written as `kpi_csv` writes a site's — a BOM, `;` between fields, headings in \
         `lang` (ru or en).",
    }
    /// The indicators as CSV.
    GetKpiCsv: KpiQuery, () => String {
        "kpi_csv", Get paths::KPI_CSV, Bearer, Success::Text("text/csv; charset=utf-8"), [400, 401, 500],
        "Every table of the indicators report as one CSV file for a spreadsheet: UTF-8 with a byte-order mark, `;` \
         between fields, a blank line between tables, headings and names in `lang` (ru or en). The same figures \
         as the JSON report, under the same rules of whose.",
    }
    /// The good stories.
    GetStories: Since, () => StoryList {
        "stories", Get paths::STORIES, Bearer, Success::Json(200), [400, 401, 500],
        "The site's good stories, newest first (at most 100), with their likes.",
    }
    /// Post a good story.
    PostStory: (), NewStory => Story {
        "post_story", Post paths::STORIES, Bearer(PostGoodStory), Success::Json(200), [400, 401, 403, 409, 413, 415, 422, 500],
        "Post a good story once: a resend with the same id and content gets the same story; another story \
         under a taken id is refused with 409.",
    }
    /// Like a story.
    LikeStory: (), () => Story {
        "like_story", Put paths::STORY_LIKE, Bearer, Success::Json(200), [400, 401, 404, 500],
        "Like a story of the site (once per person; liking again changes nothing).",
    }
    /// Take a like back.
    UnlikeStory: (), () => Story {
        "unlike_story", Delete paths::STORY_LIKE, Bearer, Success::Json(200), [400, 401, 404, 500],
        "Take back one's like of a story of the site.",
    }
    /// The answer templates.
    GetTemplates: (), () => TemplateList {
        "templates", Get paths::TEMPLATES, Bearer, Success::Json(200), [401, 500],
        "The site's answer templates for typical visitor questions, by title.",
    }
    /// Write an answer template.
    PutTemplate: (), TemplateDraft => Template {
        "put_template", Put paths::TEMPLATE, Bearer(ManageKnowledgeBase), Success::Json(200), [400, 401, 403, 409, 413, 415, 422, 500],
        "Write an answer template of the site, new or replacing the one with this id (supervisors).",
    }
    /// Remove an answer template.
    DeleteTemplate: (), () => () {
        "delete_template", Delete paths::TEMPLATE, Bearer(ManageKnowledgeBase), Success::Empty, [400, 401, 403, 404, 500],
        "Remove an answer template of the site (supervisors).",
    }
    /// The site's common purposes of a visit.
    GetPurposes: (), () => Purposes {
        "purposes", Get paths::PURPOSES, Bearer, Success::Json(200), [401, 500],
        "The site's common purposes of a visit, offered as one-tap contacts (its kind's usual ones until edited).",
    }
    /// Replace the site's common purposes.
    PutPurposes: (), Purposes => Purposes {
        "put_purposes", Put paths::PURPOSES, Bearer(ManageKnowledgeBase), Success::Json(200), [400, 401, 403, 413, 415, 422, 500],
        "Replace the site's common purposes of a visit (supervisors).",
    }
    /// The notes kept with a morning meeting's pack.
    GetMorningNotes: (), () => MorningNotes {
        "morning_notes", Get paths::MORNING_NOTES, Bearer(RunMorningMeeting), Success::Json(200), [400, 401, 403, 500],
        "The day's goals and the people to thank the supervisor keeps with the morning meeting's pack of the \
         day `id` (the site's day the pack reports on, YYYY-MM-DD): empty lists while none are written.",
    }
    /// Replace the notes kept with a morning meeting's pack.
    PutMorningNotes: (), MorningNotesDraft => MorningNotes {
        "put_morning_notes", Put paths::MORNING_NOTES, Bearer(RunMorningMeeting), Success::Json(200), [400, 401, 403, 413, 415, 422, 500],
        "Replace the goals of the day and the people to thank kept with the pack of the day `id` (supervisors): \
         at most 10 goals and 20 people of the site, each line 1 to 200 characters; a day at most a year back and \
         not after tomorrow.",
    }
    /// Who is on shift.
    GetPresence: (), () => FloorNow {
        "presence", Get paths::PRESENCE, Bearer, Success::Json(200), [401, 500],
        "Who of the caller's site is on shift now: zone, what they do (working, on a break until, with a visitor), \
         since when, and how many open tasks they hold.",
    }
    /// Change presence.
    ChangePresence: (), PresenceRequest => FloorNow {
        "change_presence", Post paths::PRESENCE, Bearer, Success::Json(200), [400, 401, 403, 404, 409, 413, 415, 422, 500],
        "Start one's shift (in one's zone or another of the site), take a break, be with a visitor, be back, end \
         the shift; a supervisor may end the shift of a person of the site who forgot to. Recorded for the \
         indicators.",
    }
    /// The site's rules.
    GetRules: (), () => SiteRules {
        "rules", Get paths::RULES, Bearer(ManageFloor), Success::Json(200), [401, 403, 500],
        "The rules the supervisor's site runs (each on or off, its threshold in minutes, whether around the clock) \
         and each zone's dispatch (pool, suggest or automatic, and the reserve kept for urgent work).",
    }
    /// Tune the site's rules.
    PutRules: (), SiteRules => SiteRules {
        "put_rules", Put paths::RULES, Bearer(ManageFloor), Success::Json(200), [400, 401, 403, 413, 415, 422, 500],
        "Replace the site's rules and zones' dispatch (supervisors); logged in the administration log.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_endpoint_has_its_own_id_and_method_and_path() {
        let mut seen = std::collections::HashSet::new();
        for meta in ALL {
            assert!(seen.insert(meta.id), "operation id {} twice", meta.id);
            assert!(meta.path.starts_with('/'), "{}: {}", meta.id, meta.path);
        }
        let mut routes: Vec<_> = ALL.iter().map(|m| (m.method.as_str(), m.path)).collect();
        let count = routes.len();
        routes.sort_unstable();
        routes.dedup();
        assert_eq!(routes.len(), count, "two endpoints share a method and a path");
    }

    #[test]
    fn a_path_takes_its_id() {
        assert_eq!(RevokeDevice::META.path_for("dev-1"), "/api/v1/devices/dev-1");
        assert_eq!(GetTasks::META.path_for("x"), "/api/v1/tasks");
    }
}
