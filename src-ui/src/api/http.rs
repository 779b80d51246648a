//! The browser's adapter: HTTP to the server that served the page, and its live WebSocket.

use std::any::TypeId;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::{Arc, Mutex};

use floordesk_domain::{Action, CaseId, KpiReport, StoryId, TaskDetails, TaskId, TemplateId, Timestamp};
use floordesk_protocol::api::{self, Endpoint, Method, Success};
use floordesk_protocol::{
    paths, ApiError, CaseView, CloseCaseRequest, DeviceState, Directory, ErrorCode, FloorNow, KpiQuery, LoginRequest,
    LoginResponse, NewStory, NewTaskRequest, Op, OpChange, Outcome, PresenceRequest, Purposes, PushRequest,
    PushResponse, RejectedAction, SignedIn, Since, Story, StoryList, SyncStatus, TaskHistory, TaskList, TaskView,
    Template, TemplateDraft, TemplateList, LIVE_CLOSE_SESSION_ENDED,
};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{random_hex, Api, Heard, Listening, News};

/// HTTP to the server that served the page.
#[derive(Debug, Clone, Default)]
pub struct HttpApi {
    token: Arc<Mutex<Option<String>>>,
    /// Refused actions not yet dismissed (a browser keeps them for the page's life).
    rejections: Arc<Mutex<Vec<RejectedAction>>>,
    /// Whether the server answered the last call.
    online: Arc<Mutex<bool>>,
    /// When the task list last came from the server.
    synced: Arc<Mutex<Option<Timestamp>>>,
    /// How far this browser's clock was ahead of the server's then (milliseconds; negative: behind).
    clock_ahead_ms: Arc<Mutex<Option<i64>>>,
}

impl HttpApi {
    fn token(&self) -> Result<String, ApiError> {
        self.token
            .lock()
            .ok()
            .and_then(|t| t.clone())
            .ok_or_else(|| ApiError::new(ErrorCode::Unauthorized, "Sign in first."))
    }

    fn set_token(&self, token: Option<String>) {
        if let Ok(mut t) = self.token.lock() {
            *t = token;
        }
    }

    fn set_online(&self, online: bool) {
        if let Ok(mut o) = self.online.lock() {
            *o = online;
        }
    }

    /// Sends one op to the server at once (a browser has no outbox); a refusal is kept to be shown.
    async fn push(&self, task: TaskId, change: OpChange) -> Result<(), ApiError> {
        let token = self.token()?;
        let now = Timestamp(js_sys::Date::now() as i64);
        let op = Op { id: op_id(), device_time: now, base_version: 0, change };
        let ops = vec![op];
        let request = PushRequest {
            protocol: floordesk_protocol::SYNC_PROTOCOL_VERSION,
            device: "browser".into(),
            ops,
            sent_at: None,
        };
        let PushResponse { results } = self.call::<api::Push>(Some(&token), None, &(), &request).await?;
        for result in results {
            if let Outcome::Rejected { reason, message } = result.outcome {
                let refused = RejectedAction { op: result.op, task: task.clone(), reason, message, at: now };
                if let Ok(mut list) = self.rejections.lock() {
                    list.insert(0, refused);
                }
            }
        }
        Ok(())
    }

    /// Calls endpoint `E` as the signed-in person (site administration's calls, which have no place in [`Api`]).
    pub async fn signed<E: Endpoint>(
        &self,
        id: Option<&str>,
        query: &E::Query,
        body: &E::Body,
    ) -> Result<E::Answer, ApiError> {
        self.call::<E>(Some(&self.token()?), id, query, body).await
    }

    /// Calls endpoint `E` of the page's own server as its description says (method, path with `id`, query, JSON
    /// body, bearer `token`) and reads its answer.
    async fn call<E: Endpoint>(
        &self,
        token: Option<&str>,
        id: Option<&str>,
        query: &E::Query,
        body: &E::Body,
    ) -> Result<E::Answer, ApiError> {
        let body = if TypeId::of::<E::Body>() == TypeId::of::<()>() {
            None
        } else {
            Some(serde_json::to_string(body).map_err(|e| ApiError::new(ErrorCode::BadRequest, e.to_string()))?)
        };
        // Only the parts of the description a request needs: the whole of it would put every endpoint's summary (the
        // OpenAPI document's words) into the wasm.
        let needed = (const { E::META.method }, const { E::META.path }, const { E::META.success });
        let text = self.answer(needed, token, id, &query_string(query), body).await?;
        serde_json::from_str(&text)
            .map_err(|e| ApiError::new(ErrorCode::Internal, format!("Unreadable answer from the server: {e}")))
    }

    /// Sends one request by `method` to `path` (with `id` in it) and reads its answer's JSON text (`null` for an empty
    /// success, a text answer as a JSON string), or the server's error: the part of [`HttpApi::call`] that does not
    /// depend on the types, so it is in the wasm once.
    async fn answer(
        &self,
        (method, path, success): (Method, &str, Success),
        token: Option<&str>,
        id: Option<&str>,
        query: &str,
        body: Option<String>,
    ) -> Result<String, ApiError> {
        let mut url = api::path_for(path, &encode(id.unwrap_or_default()));
        if !query.is_empty() {
            url = format!("{url}?{query}");
        }
        let method = match method {
            Method::Get => gloo_net::http::Method::GET,
            Method::Post => gloo_net::http::Method::POST,
            Method::Put => gloo_net::http::Method::PUT,
            Method::Delete => gloo_net::http::Method::DELETE,
        };
        let mut request = gloo_net::http::RequestBuilder::new(&url).method(method);
        if let Some(token) = token {
            request = request.header("Authorization", &format!("Bearer {token}"));
        }
        let request = match body {
            Some(json) => request.header("Content-Type", "application/json").body(json),
            None => request.build(),
        }
        .map_err(|e| ApiError::new(ErrorCode::BadRequest, e.to_string()))?;
        let response = request.send().await.map_err(unreachable);
        // Whether the server could be reached is kept for the badge.
        self.set_online(response.is_ok());
        let response = response?;
        let (ok, status) = (response.ok(), response.status());
        if ok && success == Success::Empty {
            return Ok("null".to_owned());
        }
        let text = response.text().await.unwrap_or_default();
        if ok && matches!(success, Success::Text(_) | Success::Document) {
            // A text answer (a CSV file…) is read as the JSON string it would be.
            Ok(serde_json::Value::String(text).to_string())
        } else if ok {
            Ok(text)
        } else {
            Err(serde_json::from_str::<ApiError>(&text)
                .unwrap_or_else(|_| ApiError::new(ErrorCode::Internal, format!("The server answered {status}."))))
        }
    }
}

/// A query type as `name=value&…` (its fields are numbers and ids; a field left out is not written).
fn query_string(query: &impl Serialize) -> String {
    let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(query) else { return String::new() };
    fields
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(name, value)| {
            let value = value.as_str().map_or_else(|| value.to_string(), str::to_owned);
            format!("{name}={}", encode(&value))
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Percent-encodes a path segment or query value (ids are ASCII letters, digits, '-' and '_', so this is a guard).
fn encode(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}

/// A fresh op id for a browser's action.
fn op_id() -> String {
    format!("op-web-{}", random_hex(3))
}

fn unreachable(e: gloo_net::Error) -> ApiError {
    ApiError::new(ErrorCode::Unreachable, format!("Cannot reach the server: {e}"))
}

impl Api for HttpApi {
    async fn directory(&self) -> Result<Directory, ApiError> {
        self.call::<api::GetDirectory>(Some(&self.token()?), None, &(), &()).await
    }

    async fn login(&self, request: LoginRequest) -> Result<SignedIn, ApiError> {
        let LoginResponse { token, signed_in } = self.call::<api::Login>(None, None, &(), &request).await?;
        self.set_token(Some(token));
        Ok(signed_in)
    }

    async fn logout(&self) -> Result<(), ApiError> {
        let token = self.token()?;
        self.set_token(None);
        self.call::<api::Logout>(Some(&token), None, &(), &()).await
    }

    async fn tasks(&self) -> Result<TaskList, ApiError> {
        let asked = js_sys::Date::now() as i64;
        let list = self.call::<api::GetTasks>(Some(&self.token()?), None, &(), &()).await?;
        let answered = js_sys::Date::now() as i64;
        if let Ok(mut synced) = self.synced.lock() {
            *synced = Some(Timestamp(answered));
        }
        if let Ok(mut clock) = self.clock_ahead_ms.lock() {
            *clock = Some(asked + (answered - asked) / 2 - list.server_time.0);
        }
        Ok(list)
    }

    async fn act(&self, task: TaskId, action: Action) -> Result<(), ApiError> {
        self.push(task.clone(), OpChange::Act { task, action }).await
    }

    async fn create_task(&self, task: NewTaskRequest) -> Result<(), ApiError> {
        self.push(task.id.clone(), OpChange::Create { task }).await
    }

    async fn update_details(&self, task: TaskId, details: TaskDetails) -> Result<(), ApiError> {
        self.push(task.clone(), OpChange::Details { task, details }).await
    }

    async fn confirm_meeting(&self, task: TaskId, escort: TaskId) -> Result<(), ApiError> {
        self.push(task.clone(), OpChange::ConfirmMeeting { task, escort }).await
    }

    async fn device_state(&self) -> Result<DeviceState, ApiError> {
        let online = self.online.lock().map(|o| *o).unwrap_or(true);
        let rejections = self.rejections.lock().map(|r| r.clone()).unwrap_or_default();
        let last_sync = self.synced.lock().ok().and_then(|s| *s);
        let clock_ahead_ms = self.clock_ahead_ms.lock().ok().and_then(|c| *c);
        Ok(DeviceState { sync: SyncStatus { online, last_sync, clock_ahead_ms, ..SyncStatus::default() }, rejections })
    }

    async fn dismiss(&self, op: String) -> Result<(), ApiError> {
        if let Ok(mut list) = self.rejections.lock() {
            list.retain(|r| r.op != op);
        }
        Ok(())
    }

    async fn kpi(&self, query: KpiQuery) -> Result<KpiReport, ApiError> {
        self.call::<api::GetKpi>(Some(&self.token()?), None, &query, &()).await
    }

    async fn task_history(&self, task: TaskId) -> Result<TaskHistory, ApiError> {
        self.call::<api::GetTaskHistory>(Some(&self.token()?), Some(task.as_str()), &(), &()).await
    }

    async fn case(&self, case: CaseId) -> Result<CaseView, ApiError> {
        self.call::<api::GetCase>(Some(&self.token()?), Some(case.as_str()), &(), &()).await
    }

    async fn close_case(&self, case: CaseId, request: CloseCaseRequest) -> Result<CaseView, ApiError> {
        self.call::<api::CloseCase>(Some(&self.token()?), Some(case.as_str()), &(), &request).await
    }

    async fn stories(&self, since: Option<Timestamp>) -> Result<StoryList, ApiError> {
        self.call::<api::GetStories>(Some(&self.token()?), None, &Since { since }, &()).await
    }

    async fn post_story(&self, story: NewStory) -> Result<Story, ApiError> {
        self.call::<api::PostStory>(Some(&self.token()?), None, &(), &story).await
    }

    async fn like_story(&self, id: StoryId, like: bool) -> Result<Story, ApiError> {
        let (token, id) = (self.token()?, Some(id.as_str()));
        if like {
            self.call::<api::LikeStory>(Some(&token), id, &(), &()).await
        } else {
            self.call::<api::UnlikeStory>(Some(&token), id, &(), &()).await
        }
    }

    async fn templates(&self) -> Result<TemplateList, ApiError> {
        self.call::<api::GetTemplates>(Some(&self.token()?), None, &(), &()).await
    }

    async fn put_template(&self, id: TemplateId, draft: TemplateDraft) -> Result<Template, ApiError> {
        self.call::<api::PutTemplate>(Some(&self.token()?), Some(id.as_str()), &(), &draft).await
    }

    async fn delete_template(&self, id: TemplateId) -> Result<(), ApiError> {
        self.call::<api::DeleteTemplate>(Some(&self.token()?), Some(id.as_str()), &(), &()).await
    }

    async fn purposes(&self) -> Result<Purposes, ApiError> {
        self.call::<api::GetPurposes>(Some(&self.token()?), None, &(), &()).await
    }

    async fn put_purposes(&self, purposes: Purposes) -> Result<Purposes, ApiError> {
        self.call::<api::PutPurposes>(Some(&self.token()?), None, &(), &purposes).await
    }
    async fn presence(&self) -> Result<FloorNow, ApiError> {
        self.call::<api::GetPresence>(Some(&self.token()?), None, &(), &()).await
    }
    async fn change_presence(&self, request: PresenceRequest) -> Result<FloorNow, ApiError> {
        self.call::<api::ChangePresence>(Some(&self.token()?), None, &(), &request).await
    }

    fn listen(&self, changed: News) -> Listening {
        let Ok(token) = self.token() else { return Listening::nothing() };
        let api = self.clone();
        let live = Rc::new(Live { api, token, changed, closed: Cell::new(false), socket: RefCell::new(None) });
        Live::open(&live);
        Listening::new(move || live.close())
    }
}

/// How long to wait before opening a dropped live channel again.
const LIVE_RETRY_MS: i32 = 3_000;

/// One screen's live WebSocket to the page's own server: a change that carries its task hands the task on, `floor`
/// asks for the floor, every other message asks for a refresh, as does each socket once it is up (catching up what no one announced to it); a
/// dropped channel is opened again after [`LIVE_RETRY_MS`] until the screen closes it.
struct Live {
    /// For a ticket to open each socket with (the bearer token never goes into the socket's address).
    api: HttpApi,
    token: String,
    changed: News,
    /// Set once the screen has gone: nothing is called or opened after that.
    closed: Cell<bool>,
    /// The socket open now, with the handlers it calls (kept so that closing can free them).
    socket: RefCell<Option<OpenSocket>>,
}

/// The part of a live message ([`floordesk_protocol::LiveMessage`]) a screen takes: its type, and the task a change
/// carries (no other message has one). Read on its own rather than as the whole message, whose reader is larger.
#[derive(serde::Deserialize)]
struct Announced {
    #[serde(rename = "type")]
    kind: String,
    task: Option<floordesk_domain::Task>,
}

struct OpenSocket {
    socket: web_sys::WebSocket,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_close: Closure<dyn FnMut(web_sys::CloseEvent)>,
    /// Once it is up: fetch what was missed before it listened.
    _on_open: Closure<dyn FnMut(JsValue)>,
}

impl Live {
    /// Asks for a ticket, then opens the socket with it; a sign-in that has ended asks for one refresh (which shows
    /// it), anything else tries again later.
    fn open(live: &Rc<Live>) {
        if live.closed.get() {
            return;
        }
        let live = Rc::clone(live);
        wasm_bindgen_futures::spawn_local(async move {
            match live.api.call::<api::IssueLiveTicket>(Some(&live.token), None, &(), &()).await {
                Ok(ticket) => Live::connect(&live, &ticket.ticket),
                Err(e) if e.code == ErrorCode::Unauthorized => (live.changed)(Heard::Everything),
                Err(_) => Live::retry(&live),
            }
        });
    }

    fn connect(live: &Rc<Live>, ticket: &str) {
        if live.closed.get() {
            return;
        }
        let Some(location) = web_sys::window().map(|w| w.location()) else { return };
        let scheme = if location.protocol().ok().as_deref() == Some("https:") { "wss" } else { "ws" };
        let Ok(host) = location.host() else { return };
        let url = format!("{scheme}://{host}{}?ticket={ticket}", paths::LIVE);
        let Ok(socket) = web_sys::WebSocket::new(&url) else { return };
        let on_message = {
            let live = Rc::clone(live);
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |message: web_sys::MessageEvent| {
                if !live.closed.get() {
                    let text = message.data().as_string().unwrap_or_default();
                    (live.changed)(match serde_json::from_str(&text) {
                        Ok(Announced { task: Some(task), .. }) => {
                            Heard::Tasks(vec![TaskView { task, assignee_name: None, pending: false }])
                        }
                        Ok(Announced { kind, .. }) if kind == "floor" => Heard::Floor,
                        _ => Heard::Everything,
                    });
                }
            })
        };
        let on_close = {
            let live = Rc::downgrade(live);
            Closure::<dyn FnMut(web_sys::CloseEvent)>::new(move |closed: web_sys::CloseEvent| {
                let Some(live) = live.upgrade().filter(|l| !l.closed.get()) else { return };
                if closed.code() == LIVE_CLOSE_SESSION_ENDED {
                    // The sign-in is over: one refresh shows it; reopening with this token would only be refused.
                    (live.changed)(Heard::Everything);
                } else {
                    Live::retry(&live);
                }
            })
        };
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        // Once the channel listens, the list is fetched again: what changed between the screen's first fetch (or the
        // channel's drop) and now was announced to no one.
        let on_open = {
            let live = Rc::downgrade(live);
            Closure::<dyn FnMut(JsValue)>::new(move |_| {
                if let Some(live) = live.upgrade().filter(|l| !l.closed.get()) {
                    (live.changed)(Heard::Everything);
                }
            })
        };
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        // The socket that closed is replaced here; its handlers are freed with it.
        *live.socket.borrow_mut() =
            Some(OpenSocket { socket, _on_message: on_message, _on_close: on_close, _on_open: on_open });
    }

    fn retry(live: &Rc<Live>) {
        let weak = Rc::downgrade(live);
        let reopen = Closure::once_into_js(move || {
            if let Some(live) = weak.upgrade() {
                Live::open(&live);
            }
        });
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(reopen.unchecked_ref(), LIVE_RETRY_MS);
        }
    }

    /// Closes the socket for good: its handlers are detached first, so nothing is called after this.
    fn close(&self) {
        self.closed.set(true);
        if let Some(open) = self.socket.borrow_mut().take() {
            open.socket.set_onmessage(None);
            open.socket.set_onclose(None);
            open.socket.set_onopen(None);
            let _ = open.socket.close();
        }
    }
}
