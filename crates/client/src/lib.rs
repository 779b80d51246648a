//! A native client of the central server: every call of the HTTP API, answered with protocol types or an
//! [`ApiError`] that says what went wrong in words a person can act on.

use std::any::TypeId;
use std::time::Duration;

use floordesk_domain::{CaseId, KpiReport, SiteId, SiteRules, StaffId, StoryId, TaskId, TemplateId, Timestamp, ZoneId};
use floordesk_protocol::admin::{
    AdminLogPage, ImportReport, IssuedCode, NewSite, NewStaff, SiteKpiList, SiteSettings, SiteSetup, SiteSetupList,
    StaffChange, StaffImport, StaffMember, StaffMembers, ZoneDraft,
};
use floordesk_protocol::api::{self, Endpoint, Method, Success};
use floordesk_protocol::{
    paths, ApiError, AuditPage, AuditQuery, CaseView, ChangePage, CloseCaseRequest, Cursor, Deadlines,
    DeviceCredential, DeviceList, Directory, EnrolDeviceRequest, EnrolledDevice, ErrorCode, FloorNow, KpiQuery,
    LiveMessage, LoginRequest, LoginResponse, MorningNotes, MorningNotesDraft, NewStory, PresenceRequest, Purposes,
    PushRequest, PushResponse, Since, SiteQuery, Story, StoryList, TaskHistory, TaskList, Template, TemplateDraft,
    TemplateList, ZoneInfo,
};

/// How long to wait for a connection to the server.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long one call may take in all.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

/// How much the live channel reads from its socket at a time. A message is a task or less (a few KiB; a longer one
/// is read in several goes). tungstenite's default, 128 KiB, is zero-filled each time the channel is polled (once per
/// message): 16 % of the load generator's CPU with 1,000 devices listening (issue 15).
const LIVE_READ_BUFFER: usize = 8 * 1024;

/// A server address a device may talk to: `https://…`, or plain `http://` only to this machine (loopback) unless
/// `allow_plain_http` (a test network, said so explicitly). The address comes back without a trailing slash; the
/// error says, in English, what to change.
pub fn checked_server_url(url: &str, allow_plain_http: bool) -> Result<String, String> {
    let parsed = reqwest::Url::parse(url.trim()).map_err(|e| format!("`{url}` is not a server address: {e}"))?;
    let host = parsed.host_str().ok_or_else(|| format!("`{url}` names no host"))?;
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let loopback =
        bare.eq_ignore_ascii_case("localhost") || bare.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    match parsed.scheme() {
        "https" => {}
        "http" if loopback || allow_plain_http => {}
        "http" => {
            return Err(format!(
                "`{url}` is plain HTTP: codes and visitors' details would cross the network readable; use https:// \
                 (plain HTTP only to this machine, or with FLOORDESK_ALLOW_PLAIN_HTTP=1 on a test network)"
            ))
        }
        other => return Err(format!("`{url}` is not http(s) but {other}")),
    }
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}

/// A client of one server.
#[derive(Debug, Clone)]
pub struct Client {
    base: String,
    http: reqwest::Client,
}

impl Client {
    /// A client of the server at `base_url` (e.g. `http://127.0.0.1:8080`). A stalled network fails a call after
    /// [`CONNECT_TIMEOUT`] to connect or [`REQUEST_TIMEOUT`] in all, so a screen never waits forever.
    pub fn new(base_url: impl Into<String>) -> Self {
        let base = base_url.into().trim_end_matches('/').to_owned();
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .build()
            .unwrap_or_else(|_| reqwest::Client::new());
        Self { base, http }
    }

    /// The server's base URL.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// Calls endpoint `E` as its description says (method, path with `id`, query, JSON body, bearer `token`), and
    /// reads its answer; every method below is this with the endpoint's own arguments.
    pub async fn call<E: Endpoint>(
        &self,
        token: Option<&str>,
        id: Option<&str>,
        query: &E::Query,
        body: &E::Body,
    ) -> Result<E::Answer, ApiError> {
        let meta = E::META;
        if meta.success == Success::WebSocket {
            return Err(ApiError::new(ErrorCode::BadRequest, "Open the live channel with Client::live."));
        }
        let url = self.url(&meta.path_for(id.unwrap_or_default()));
        let method = match meta.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Delete => reqwest::Method::DELETE,
        };
        let mut request = self.http.request(method, url);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if TypeId::of::<E::Query>() != TypeId::of::<()>() {
            request = request.query(query);
        }
        if TypeId::of::<E::Body>() != TypeId::of::<()>() {
            request = request.json(body);
        }
        let response = request.send().await.map_err(unreachable)?;
        if !response.status().is_success() {
            return Err(error_of(response).await);
        }
        let unreadable = |e: &dyn std::fmt::Display| {
            ApiError::new(ErrorCode::Internal, format!("The server answered with something this app cannot read: {e}"))
        };
        match meta.success {
            Success::Json(_) => response.json().await.map_err(|e| unreadable(&e)),
            Success::Empty => serde_json::from_value(serde_json::Value::Null).map_err(|e| unreadable(&e)),
            // A text answer (and the document, as text) is the body as it came.
            Success::Text(_) | Success::Document => {
                let text = response.text().await.map_err(|e| unreadable(&e))?;
                serde_json::from_value(serde_json::Value::String(text)).map_err(|e| unreadable(&e))
            }
            Success::WebSocket => unreachable!("refused before sending"),
        }
    }

    /// The site of the person signed in with `token`: its zones and people.
    pub async fn directory(&self, token: &str) -> Result<Directory, ApiError> {
        self.call::<api::GetDirectory>(Some(token), None, &(), &()).await
    }

    /// The sign-in list of the enrolled device `credential` proves: its site and who may sign in on it.
    pub async fn device_directory(&self, credential: &DeviceCredential) -> Result<Directory, ApiError> {
        self.call::<api::DeviceDirectory>(None, None, &(), credential).await
    }

    /// Signs in with a personal code.
    pub async fn login(&self, request: &LoginRequest) -> Result<LoginResponse, ApiError> {
        self.call::<api::Login>(None, None, &(), request).await
    }

    /// Ends the session of `token`.
    pub async fn logout(&self, token: &str) -> Result<(), ApiError> {
        self.call::<api::Logout>(Some(token), None, &(), &()).await
    }

    /// Enrols a device of the supervisor's site; the answer holds its key, shown only this once.
    pub async fn enrol_device(&self, token: &str, name: &str) -> Result<EnrolledDevice, ApiError> {
        self.call::<api::EnrolDevice>(Some(token), None, &(), &EnrolDeviceRequest { name: name.to_owned() }).await
    }

    /// The devices of the supervisor's site.
    pub async fn devices(&self, token: &str) -> Result<DeviceList, ApiError> {
        self.call::<api::GetDevices>(Some(token), None, &(), &()).await
    }

    /// Withdraws a device of the supervisor's site, ending every session opened on it.
    pub async fn revoke_device(&self, token: &str, id: &str) -> Result<(), ApiError> {
        self.call::<api::RevokeDevice>(Some(token), Some(id), &(), &()).await
    }

    /// Lifts the sign-in pauses of a device of the supervisor's site.
    pub async fn lift_device_pause(&self, token: &str, id: &str) -> Result<(), ApiError> {
        self.call::<api::LiftDevicePause>(Some(token), Some(id), &(), &()).await
    }

    /// Lifts every sign-in pause of a person of the supervisor's site.
    pub async fn lift_pause(&self, token: &str, staff: &StaffId) -> Result<(), ApiError> {
        self.call::<api::LiftPause>(Some(token), Some(staff.as_str()), &(), &()).await
    }

    /// The open tasks of the person signed in with `token`.
    pub async fn tasks(&self, token: &str) -> Result<TaskList, ApiError> {
        self.call::<api::GetTasks>(Some(token), None, &(), &()).await
    }

    /// The deadline table of the site of the person signed in with `token`, and the server's clock.
    pub async fn deadlines(&self, token: &str) -> Result<Deadlines, ApiError> {
        self.call::<api::GetDeadlines>(Some(token), None, &(), &()).await
    }

    /// Pushes a batch of ops from a device's outbox.
    pub async fn push(&self, token: &str, request: &PushRequest) -> Result<PushResponse, ApiError> {
        self.call::<api::Push>(Some(token), None, &(), request).await
    }

    /// The changes the person may see after `after`, at most `limit`.
    pub async fn pull(&self, token: &str, after: u64, limit: u32) -> Result<ChangePage, ApiError> {
        self.call::<api::Pull>(Some(token), None, &Cursor { after, limit: Some(limit) }, &()).await
    }

    /// The site's audit log after entry `after` (supervisors only).
    pub async fn audit(&self, token: &str, after: u64, limit: u32) -> Result<AuditPage, ApiError> {
        self.audit_where(token, &AuditQuery { after, limit: Some(limit), ..AuditQuery::default() }).await
    }

    /// A page of the site's audit log narrowed by person, task, kind of action or period (supervisors only).
    pub async fn audit_where(&self, token: &str, query: &AuditQuery) -> Result<AuditPage, ApiError> {
        self.call::<api::GetAudit>(Some(token), None, query, &()).await
    }

    /// A task's history: who did what, when, from which state to which, and why.
    pub async fn task_history(&self, token: &str, task: &TaskId) -> Result<TaskHistory, ApiError> {
        self.call::<api::GetTaskHistory>(Some(token), Some(task.as_str()), &(), &()).await
    }

    /// One visitor's case as the caller may see it (`not_found` when they see nothing of it).
    pub async fn case(&self, token: &str, case: &CaseId) -> Result<CaseView, ApiError> {
        self.call::<api::GetCase>(Some(token), Some(case.as_str()), &(), &()).await
    }

    /// Closes a resolved visitor's case, with the visitor's one rating of the whole situation if given.
    pub async fn close_case(
        &self,
        token: &str,
        case: &CaseId,
        request: &CloseCaseRequest,
    ) -> Result<CaseView, ApiError> {
        self.call::<api::CloseCase>(Some(token), Some(case.as_str()), &(), request).await
    }

    /// A site's staff (the supervisor's own; a city administrator names it).
    pub async fn staff(&self, token: &str, site: Option<&SiteId>) -> Result<StaffMembers, ApiError> {
        self.call::<api::GetStaff>(Some(token), None, &SiteQuery { site: site.cloned() }, &()).await
    }

    /// Adds a member of staff; their code is in the answer only.
    pub async fn add_staff(&self, token: &str, new: &NewStaff) -> Result<IssuedCode, ApiError> {
        self.call::<api::AddStaff>(Some(token), None, &(), new).await
    }

    /// Changes a member of staff (or deactivates them).
    pub async fn change_staff(&self, token: &str, id: &StaffId, change: &StaffChange) -> Result<StaffMember, ApiError> {
        self.call::<api::ChangeStaff>(Some(token), Some(id.as_str()), &(), change).await
    }

    /// Issues a person a new personal code.
    pub async fn issue_code(&self, token: &str, id: &StaffId) -> Result<IssuedCode, ApiError> {
        self.call::<api::IssueCode>(Some(token), Some(id.as_str()), &(), &()).await
    }

    /// Plans or applies a staff file.
    pub async fn import_staff(&self, token: &str, import: &StaffImport) -> Result<ImportReport, ApiError> {
        self.call::<api::ImportStaff>(Some(token), None, &(), import).await
    }

    /// Writes a zone of the supervisor's site.
    pub async fn put_zone(&self, token: &str, id: &ZoneId, draft: &ZoneDraft) -> Result<ZoneInfo, ApiError> {
        self.call::<api::PutZone>(Some(token), Some(id.as_str()), &(), draft).await
    }

    /// Every site and its settings (city administrators).
    pub async fn site_setups(&self, token: &str) -> Result<SiteSetupList, ApiError> {
        self.call::<api::GetSiteSetups>(Some(token), None, &(), &()).await
    }

    /// Creates a site (city administrators).
    pub async fn create_site(&self, token: &str, new: &NewSite) -> Result<SiteSetup, ApiError> {
        self.call::<api::CreateSite>(Some(token), None, &(), new).await
    }

    /// Changes a site's settings (city administrators).
    pub async fn change_site(&self, token: &str, id: &SiteId, settings: &SiteSettings) -> Result<SiteSetup, ApiError> {
        self.call::<api::ChangeSite>(Some(token), Some(id.as_str()), &(), settings).await
    }

    /// A page of the administration log.
    pub async fn admin_log(&self, token: &str, after: u64, limit: u32) -> Result<AdminLogPage, ApiError> {
        self.call::<api::GetAdminLog>(Some(token), None, &Cursor { after, limit: Some(limit) }, &()).await
    }

    /// The service indicators of the supervisor's site over a period.
    pub async fn kpi(&self, token: &str, query: &KpiQuery) -> Result<KpiReport, ApiError> {
        self.call::<api::GetKpi>(Some(token), None, query, &()).await
    }

    /// Every site's indicators side by side (city administrators).
    pub async fn sites_kpi(&self, token: &str, query: &KpiQuery) -> Result<SiteKpiList, ApiError> {
        self.call::<api::GetSitesKpi>(Some(token), None, query, &()).await
    }

    /// The indicators as CSV (every table; headings in `query.lang`), as text (a reader may drop the byte-order mark).
    pub async fn kpi_csv(&self, token: &str, query: &KpiQuery) -> Result<String, ApiError> {
        self.call::<api::GetKpiCsv>(Some(token), None, query, &()).await
    }

    /// Every site's indicators side by side as CSV (city administrators).
    pub async fn sites_kpi_csv(&self, token: &str, query: &KpiQuery) -> Result<String, ApiError> {
        self.call::<api::GetSitesKpiCsv>(Some(token), None, query, &()).await
    }

    /// The good stories of the person's site, newest first; with `since`, only those posted from then on.
    pub async fn stories(&self, token: &str, since: Option<Timestamp>) -> Result<StoryList, ApiError> {
        self.call::<api::GetStories>(Some(token), None, &Since { since }, &()).await
    }

    /// Posts a good story; sending the same story again posts it once.
    pub async fn post_story(&self, token: &str, story: &NewStory) -> Result<Story, ApiError> {
        self.call::<api::PostStory>(Some(token), None, &(), story).await
    }

    /// Likes a story (`liked`), or takes the like back.
    pub async fn like_story(&self, token: &str, id: &StoryId, liked: bool) -> Result<Story, ApiError> {
        if liked {
            self.call::<api::LikeStory>(Some(token), Some(id.as_str()), &(), &()).await
        } else {
            self.call::<api::UnlikeStory>(Some(token), Some(id.as_str()), &(), &()).await
        }
    }

    /// The answer templates of the person's site, by title.
    pub async fn templates(&self, token: &str) -> Result<TemplateList, ApiError> {
        self.call::<api::GetTemplates>(Some(token), None, &(), &()).await
    }

    /// Writes an answer template of the supervisor's site (new, or replacing the one with this id).
    pub async fn put_template(
        &self,
        token: &str,
        id: &TemplateId,
        draft: &TemplateDraft,
    ) -> Result<Template, ApiError> {
        self.call::<api::PutTemplate>(Some(token), Some(id.as_str()), &(), draft).await
    }

    /// The common purposes of a visit of the person's site.
    pub async fn purposes(&self, token: &str) -> Result<Purposes, ApiError> {
        self.call::<api::GetPurposes>(Some(token), None, &(), &()).await
    }

    /// Replaces the common purposes of the supervisor's site.
    pub async fn put_purposes(&self, token: &str, purposes: &Purposes) -> Result<Purposes, ApiError> {
        self.call::<api::PutPurposes>(Some(token), None, &(), purposes).await
    }

    /// The notes kept with the morning meeting's pack of the site's `day` (`YYYY-MM-DD`).
    pub async fn morning_notes(&self, token: &str, day: &str) -> Result<MorningNotes, ApiError> {
        self.call::<api::GetMorningNotes>(Some(token), Some(day), &(), &()).await
    }

    /// Replaces the notes kept with the morning meeting's pack of the site's `day`.
    pub async fn put_morning_notes(
        &self,
        token: &str,
        day: &str,
        notes: &MorningNotesDraft,
    ) -> Result<MorningNotes, ApiError> {
        self.call::<api::PutMorningNotes>(Some(token), Some(day), &(), notes).await
    }

    /// Who of the person's site is on shift.
    pub async fn presence(&self, token: &str) -> Result<FloorNow, ApiError> {
        self.call::<api::GetPresence>(Some(token), None, &(), &()).await
    }

    /// Changes the person's presence (or a supervisor ends another's shift); who is on shift after it.
    pub async fn change_presence(&self, token: &str, request: &PresenceRequest) -> Result<FloorNow, ApiError> {
        self.call::<api::ChangePresence>(Some(token), None, &(), request).await
    }

    /// The rules of the supervisor's site.
    pub async fn rules(&self, token: &str) -> Result<SiteRules, ApiError> {
        self.call::<api::GetRules>(Some(token), None, &(), &()).await
    }

    /// Tunes the rules of the supervisor's site.
    pub async fn put_rules(&self, token: &str, rules: &SiteRules) -> Result<SiteRules, ApiError> {
        self.call::<api::PutRules>(Some(token), None, &(), rules).await
    }

    /// Removes an answer template of the supervisor's site.
    pub async fn delete_template(&self, token: &str, id: &TemplateId) -> Result<(), ApiError> {
        self.call::<api::DeleteTemplate>(Some(token), Some(id.as_str()), &(), &()).await
    }

    /// Opens the live channel of the person signed in with `token`.
    pub async fn live(&self, token: &str) -> Result<Live, ApiError> {
        let ticket = self.call::<api::IssueLiveTicket>(Some(token), None, &(), &()).await?;
        let ws_base = self.base.replacen("http", "ws", 1);
        let url = format!("{ws_base}{}?ticket={}", paths::LIVE, ticket.ticket);
        let config =
            tokio_tungstenite::tungstenite::protocol::WebSocketConfig::default().read_buffer_size(LIVE_READ_BUFFER);
        let (socket, _) =
            tokio_tungstenite::connect_async_with_config(url, Some(config), false).await.map_err(|e| match e {
                tokio_tungstenite::tungstenite::Error::Http(response) if response.status().as_u16() == 401 => {
                    ApiError::new(ErrorCode::Unauthorized, "The sign-in has ended; sign in again to hear changes live.")
                }
                e => ApiError::new(ErrorCode::Unreachable, format!("Cannot open the live channel: {e}")),
            })?;
        Ok(Live { socket, close_code: None })
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// The live channel: the changes the person may see, as they are committed.
#[derive(Debug)]
pub struct Live {
    socket: tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
    /// The code the server closed the channel with, once it has.
    close_code: Option<u16>,
}

impl Live {
    /// The code the server closed the channel with (e.g. [`floordesk_protocol::LIVE_CLOSE_SESSION_ENDED`]), once
    /// the channel has seen the close ([`Live::next`] or [`Live::skip`]).
    pub fn close_code(&self) -> Option<u16> {
        self.close_code
    }

    /// The next message; `None` when the server closed the channel (after [`LiveMessage::SessionEnded`] when the
    /// sign-in ended).
    pub async fn next(&mut self) -> Option<Result<LiveMessage, ApiError>> {
        Some(self.next_text().await?.and_then(|text| {
            serde_json::from_str(&text).map_err(|e| {
                ApiError::new(ErrorCode::Internal, format!("Unreadable live message from the server: {e}"))
            })
        }))
    }

    /// Waits for the next message and leaves it unread: for a listener that only keeps up with the channel (the
    /// load generator's devices that time nothing, whose reading would take the machine's CPU from the server's).
    /// `false` once the channel is closed or broken.
    pub async fn skip(&mut self) -> bool {
        matches!(self.next_text().await, Some(Ok(_)))
    }

    /// The next text message as it came.
    async fn next_text(&mut self) -> Option<Result<tokio_tungstenite::tungstenite::Utf8Bytes, ApiError>> {
        use futures_util::StreamExt;
        loop {
            let message = match self.socket.next().await? {
                Ok(m) => m,
                Err(e) => return Some(Err(ApiError::new(ErrorCode::Unreachable, format!("Live channel broke: {e}")))),
            };
            match message {
                tokio_tungstenite::tungstenite::Message::Text(text) => return Some(Ok(text)),
                tokio_tungstenite::tungstenite::Message::Close(Some(frame)) => {
                    self.close_code = Some(frame.code.into());
                }
                _ => {}
            }
        }
    }
}

fn unreachable(e: reqwest::Error) -> ApiError {
    ApiError::new(ErrorCode::Unreachable, format!("Cannot reach the server: {e}"))
}

/// The server's error, or a description of the status when the body is not one.
async fn error_of(response: reqwest::Response) -> ApiError {
    let status = response.status();
    match response.json::<ApiError>().await {
        Ok(e) => e,
        Err(_) => ApiError::new(ErrorCode::Internal, format!("The server answered {status}.")),
    }
}

#[cfg(test)]
mod server_url_tests {
    use super::checked_server_url;

    #[test]
    fn plain_http_only_to_this_machine_unless_allowed() {
        assert_eq!(checked_server_url("https://fd.gp12.local/", false).unwrap(), "https://fd.gp12.local");
        for local in ["http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080"] {
            assert_eq!(checked_server_url(local, false).unwrap(), local);
        }
        let refused = checked_server_url("http://10.1.2.3:8080", false).unwrap_err();
        assert!(refused.contains("plain HTTP") && refused.contains("https://"), "{refused}");
        assert_eq!(checked_server_url("http://10.1.2.3:8080", true).unwrap(), "http://10.1.2.3:8080");
        assert!(checked_server_url("ftp://fd.local", true).is_err());
        assert!(checked_server_url("not a url", true).is_err());
    }
}
