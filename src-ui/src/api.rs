//! The one API the screens talk to, and its two adapters: Tauri IPC inside the app, HTTP in a browser.
//!
//! The access token never reaches the screens: the HTTP adapter keeps it, and inside the app the shell does.

use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use floordesk_domain::{Action, KpiReport, StoryId, TaskDetails, TaskId, TemplateId, Timestamp};
use floordesk_protocol::{
    paths, ApiError, DeviceState, Directory, ErrorCode, KpiQuery, LoginRequest, LoginResponse, NewStory,
    NewTaskRequest, Op, OpChange, Outcome, PushRequest, PushResponse, RejectedAction, SignedIn, Story, StoryList,
    SyncStatus, TaskList, Template, TemplateDraft, TemplateList, LIVE_CLOSE_SESSION_ENDED, SYNC_PROTOCOL_VERSION,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// What the screens can ask of the system.
pub trait Api {
    /// The sites and the people who can sign in.
    async fn directory(&self) -> Result<Directory, ApiError>;
    /// Signs in with a personal code.
    async fn login(&self, request: LoginRequest) -> Result<SignedIn, ApiError>;
    /// Ends the current sign-in.
    async fn logout(&self) -> Result<(), ApiError>;
    /// The open tasks of the signed-in person.
    async fn tasks(&self) -> Result<TaskList, ApiError>;
    /// Does an action to a task. In the app it commits on the device and shows at once (pending); in a browser it
    /// goes to the server. A refusal by the server shows up in [`Api::device_state`].
    async fn act(&self, task: TaskId, action: Action) -> Result<(), ApiError>;
    /// Creates a task: in the app it commits on the device and shows at once; in a browser it goes to the server.
    async fn create_task(&self, task: NewTaskRequest) -> Result<(), ApiError>;
    /// Replaces a task's descriptive fields (an ambulance has arrived), like [`Api::act`].
    async fn update_details(&self, task: TaskId, details: TaskDetails) -> Result<(), ApiError>;
    /// Online or not, what waits to be sent, and the refused actions to explain.
    async fn device_state(&self) -> Result<DeviceState, ApiError>;
    /// Marks a refused action as seen.
    async fn dismiss(&self, op: String) -> Result<(), ApiError>;
    /// The service-standard indicators of the tasks closed in a span (supervisors). Needs the server.
    async fn kpi(&self, query: KpiQuery) -> Result<KpiReport, ApiError>;
    /// The site's good stories, newest first, posted since `since` if given. Needs the server.
    async fn stories(&self, since: Option<Timestamp>) -> Result<StoryList, ApiError>;
    /// Posts a good story. Needs the server.
    async fn post_story(&self, story: NewStory) -> Result<Story, ApiError>;
    /// Likes a story, or takes the like back. Needs the server.
    async fn like_story(&self, id: StoryId, like: bool) -> Result<Story, ApiError>;
    /// The site's answer templates; in the app, the last copy fetched when the server cannot be reached.
    async fn templates(&self) -> Result<TemplateList, ApiError>;
    /// Writes an answer template (those who manage the knowledge base). Needs the server.
    async fn put_template(&self, id: TemplateId, draft: TemplateDraft) -> Result<Template, ApiError>;
    /// Removes an answer template. Needs the server.
    async fn delete_template(&self, id: TemplateId) -> Result<(), ApiError>;
    /// How often the screen should ask again on its own: often where reading is local (the app's device store),
    /// rarely where changes are announced (the browser's live channel, [`Api::listen`]).
    fn refresh_every(&self) -> std::time::Duration;
    /// Calls `changed` whenever the server announces a change the person may see, until `signed_in` turns false.
    fn listen(&self, changed: Rc<dyn Fn()>, signed_in: Arc<AtomicBool>);
}

/// The adapter in use, chosen once at start-up.
#[derive(Debug, Clone)]
pub enum Backend {
    Tauri(TauriApi),
    Http(HttpApi),
}

impl Backend {
    /// Tauri IPC when running inside the app shell, HTTP to the page's own origin otherwise.
    pub fn detect() -> Self {
        let in_tauri = web_sys::window()
            .map(|w| js_sys::Reflect::has(&w, &JsValue::from_str("__TAURI__")).unwrap_or(false))
            .unwrap_or(false);
        if in_tauri {
            Backend::Tauri(TauriApi)
        } else {
            Backend::Http(HttpApi::default())
        }
    }
}

impl Api for Backend {
    async fn directory(&self) -> Result<Directory, ApiError> {
        match self {
            Backend::Tauri(a) => a.directory().await,
            Backend::Http(a) => a.directory().await,
        }
    }
    async fn login(&self, request: LoginRequest) -> Result<SignedIn, ApiError> {
        match self {
            Backend::Tauri(a) => a.login(request).await,
            Backend::Http(a) => a.login(request).await,
        }
    }
    async fn logout(&self) -> Result<(), ApiError> {
        match self {
            Backend::Tauri(a) => a.logout().await,
            Backend::Http(a) => a.logout().await,
        }
    }
    async fn tasks(&self) -> Result<TaskList, ApiError> {
        match self {
            Backend::Tauri(a) => a.tasks().await,
            Backend::Http(a) => a.tasks().await,
        }
    }
    async fn act(&self, task: TaskId, action: Action) -> Result<(), ApiError> {
        match self {
            Backend::Tauri(a) => a.act(task, action).await,
            Backend::Http(a) => a.act(task, action).await,
        }
    }
    async fn create_task(&self, task: NewTaskRequest) -> Result<(), ApiError> {
        match self {
            Backend::Tauri(a) => a.create_task(task).await,
            Backend::Http(a) => a.create_task(task).await,
        }
    }
    async fn update_details(&self, task: TaskId, details: TaskDetails) -> Result<(), ApiError> {
        match self {
            Backend::Tauri(a) => a.update_details(task, details).await,
            Backend::Http(a) => a.update_details(task, details).await,
        }
    }
    async fn device_state(&self) -> Result<DeviceState, ApiError> {
        match self {
            Backend::Tauri(a) => a.device_state().await,
            Backend::Http(a) => a.device_state().await,
        }
    }
    async fn dismiss(&self, op: String) -> Result<(), ApiError> {
        match self {
            Backend::Tauri(a) => a.dismiss(op).await,
            Backend::Http(a) => a.dismiss(op).await,
        }
    }
    async fn kpi(&self, query: KpiQuery) -> Result<KpiReport, ApiError> {
        match self {
            Backend::Tauri(a) => a.kpi(query).await,
            Backend::Http(a) => a.kpi(query).await,
        }
    }
    async fn stories(&self, since: Option<Timestamp>) -> Result<StoryList, ApiError> {
        match self {
            Backend::Tauri(a) => a.stories(since).await,
            Backend::Http(a) => a.stories(since).await,
        }
    }
    async fn post_story(&self, story: NewStory) -> Result<Story, ApiError> {
        match self {
            Backend::Tauri(a) => a.post_story(story).await,
            Backend::Http(a) => a.post_story(story).await,
        }
    }
    async fn like_story(&self, id: StoryId, like: bool) -> Result<Story, ApiError> {
        match self {
            Backend::Tauri(a) => a.like_story(id, like).await,
            Backend::Http(a) => a.like_story(id, like).await,
        }
    }
    async fn templates(&self) -> Result<TemplateList, ApiError> {
        match self {
            Backend::Tauri(a) => a.templates().await,
            Backend::Http(a) => a.templates().await,
        }
    }
    async fn put_template(&self, id: TemplateId, draft: TemplateDraft) -> Result<Template, ApiError> {
        match self {
            Backend::Tauri(a) => a.put_template(id, draft).await,
            Backend::Http(a) => a.put_template(id, draft).await,
        }
    }
    async fn delete_template(&self, id: TemplateId) -> Result<(), ApiError> {
        match self {
            Backend::Tauri(a) => a.delete_template(id).await,
            Backend::Http(a) => a.delete_template(id).await,
        }
    }
    fn refresh_every(&self) -> std::time::Duration {
        match self {
            Backend::Tauri(a) => a.refresh_every(),
            Backend::Http(a) => a.refresh_every(),
        }
    }
    fn listen(&self, changed: Rc<dyn Fn()>, signed_in: Arc<AtomicBool>) {
        match self {
            Backend::Tauri(a) => a.listen(changed, signed_in),
            Backend::Http(a) => a.listen(changed, signed_in),
        }
    }
}

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
        let request = PushRequest { protocol: SYNC_PROTOCOL_VERSION, device: "browser".into(), ops: vec![op] };
        let response = gloo_net::http::Request::post(paths::PUSH)
            .header("Authorization", &format!("Bearer {token}"))
            .json(&request)
            .map_err(|e| ApiError::new(ErrorCode::BadRequest, e.to_string()))?
            .send()
            .await
            .map_err(unreachable);
        self.set_online(response.is_ok());
        let PushResponse { results } = answer(response?).await?;
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
}

impl HttpApi {
    /// Sends a request with the session's token and reads the answer (`()` for an empty one).
    async fn call<T: DeserializeOwned>(
        &self,
        method: gloo_net::http::Method,
        path: &str,
        body: Option<&impl Serialize>,
    ) -> Result<T, ApiError> {
        let token = self.token()?;
        let request = gloo_net::http::RequestBuilder::new(path)
            .method(method)
            .header("Authorization", &format!("Bearer {token}"));
        let request = match body {
            Some(body) => request.json(body),
            None => request.build(),
        }
        .map_err(|e| ApiError::new(ErrorCode::BadRequest, e.to_string()))?;
        let response = request.send().await.map_err(unreachable);
        self.set_online(response.is_ok());
        let response = response?;
        if response.ok() && response.status() == 204 {
            return serde_json::from_str("null")
                .map_err(|e| ApiError::new(ErrorCode::Internal, format!("Unexpected empty answer: {e}")));
        }
        answer(response).await
    }
}

/// Percent-encodes a path segment or query value (ids are ASCII letters, digits, '-' and '_', so this is a guard).
fn encode(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}

/// `words` random 32-bit words in hex: the random part of an id a device picks itself, so that two devices never
/// pick the same one.
fn random_hex(words: usize) -> String {
    (0..words).map(|_| format!("{:08x}", (js_sys::Math::random() * f64::from(u32::MAX)) as u32)).collect()
}

/// A fresh id of a task, story or template a device creates without asking the server: `prefix-` and 64 random
/// bits in hex.
pub fn fresh_id<T: TryFrom<String, Error = floordesk_domain::IdError>>(prefix: &str) -> T {
    T::try_from(format!("{prefix}-{}", random_hex(2))).expect("a short prefix and hex digits make a valid id")
}

/// A fresh op id for a browser's action.
fn op_id() -> String {
    format!("op-web-{}", random_hex(3))
}

fn unreachable(e: gloo_net::Error) -> ApiError {
    ApiError::new(ErrorCode::Unreachable, format!("Cannot reach the server: {e}"))
}

async fn answer<T: DeserializeOwned>(response: gloo_net::http::Response) -> Result<T, ApiError> {
    if response.ok() {
        response
            .json()
            .await
            .map_err(|e| ApiError::new(ErrorCode::Internal, format!("Unreadable answer from the server: {e}")))
    } else {
        let status = response.status();
        Err(response
            .json::<ApiError>()
            .await
            .unwrap_or_else(|_| ApiError::new(ErrorCode::Internal, format!("The server answered {status}."))))
    }
}

impl Api for HttpApi {
    async fn directory(&self) -> Result<Directory, ApiError> {
        answer(gloo_net::http::Request::get(paths::DIRECTORY).send().await.map_err(unreachable)?).await
    }

    async fn login(&self, request: LoginRequest) -> Result<SignedIn, ApiError> {
        let response = gloo_net::http::Request::post(paths::LOGIN)
            .json(&request)
            .map_err(|e| ApiError::new(ErrorCode::BadRequest, e.to_string()))?
            .send()
            .await
            .map_err(unreachable)?;
        let LoginResponse { token, signed_in } = answer(response).await?;
        self.set_token(Some(token));
        Ok(signed_in)
    }

    async fn logout(&self) -> Result<(), ApiError> {
        let token = self.token()?;
        self.set_token(None);
        let response = gloo_net::http::Request::post(paths::LOGOUT)
            .header("Authorization", &format!("Bearer {token}"))
            .send()
            .await
            .map_err(unreachable)?;
        if response.ok() {
            Ok(())
        } else {
            answer::<()>(response).await
        }
    }

    async fn tasks(&self) -> Result<TaskList, ApiError> {
        let token = self.token()?;
        let response = gloo_net::http::Request::get(paths::TASKS)
            .header("Authorization", &format!("Bearer {token}"))
            .send()
            .await
            .map_err(unreachable);
        self.set_online(response.is_ok());
        let list: TaskList = answer(response?).await?;
        if let Ok(mut synced) = self.synced.lock() {
            *synced = Some(Timestamp(js_sys::Date::now() as i64));
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

    async fn device_state(&self) -> Result<DeviceState, ApiError> {
        let online = self.online.lock().map(|o| *o).unwrap_or(true);
        let rejections = self.rejections.lock().map(|r| r.clone()).unwrap_or_default();
        let last_sync = self.synced.lock().ok().and_then(|s| *s);
        Ok(DeviceState { sync: SyncStatus { online, last_sync, ..SyncStatus::default() }, rejections })
    }

    async fn dismiss(&self, op: String) -> Result<(), ApiError> {
        if let Ok(mut list) = self.rejections.lock() {
            list.retain(|r| r.op != op);
        }
        Ok(())
    }

    async fn kpi(&self, query: KpiQuery) -> Result<KpiReport, ApiError> {
        let path = format!(
            "{}?from={}&to={}&utc_offset_minutes={}",
            paths::KPI,
            query.from.0,
            query.to.0,
            query.utc_offset_minutes
        );
        self.call(gloo_net::http::Method::GET, &path, None::<&()>).await
    }

    async fn stories(&self, since: Option<Timestamp>) -> Result<StoryList, ApiError> {
        let path = match since {
            Some(at) => format!("{}?since={}", paths::STORIES, at.0),
            None => paths::STORIES.to_owned(),
        };
        self.call(gloo_net::http::Method::GET, &path, None::<&()>).await
    }

    async fn post_story(&self, story: NewStory) -> Result<Story, ApiError> {
        self.call(gloo_net::http::Method::POST, paths::STORIES, Some(&story)).await
    }

    async fn like_story(&self, id: StoryId, like: bool) -> Result<Story, ApiError> {
        let method = if like { gloo_net::http::Method::PUT } else { gloo_net::http::Method::DELETE };
        self.call(method, &paths::STORY_LIKE.replace("{id}", &encode(id.as_str())), None::<&()>).await
    }

    async fn templates(&self) -> Result<TemplateList, ApiError> {
        self.call(gloo_net::http::Method::GET, paths::TEMPLATES, None::<&()>).await
    }

    async fn put_template(&self, id: TemplateId, draft: TemplateDraft) -> Result<Template, ApiError> {
        let path = paths::TEMPLATE.replace("{id}", &encode(id.as_str()));
        self.call(gloo_net::http::Method::PUT, &path, Some(&draft)).await
    }

    async fn delete_template(&self, id: TemplateId) -> Result<(), ApiError> {
        let path = paths::TEMPLATE.replace("{id}", &encode(id.as_str()));
        self.call(gloo_net::http::Method::DELETE, &path, None::<&()>).await
    }

    fn refresh_every(&self) -> std::time::Duration {
        // The live channel announces changes; asking now and then only covers a channel that is down.
        std::time::Duration::from_secs(30)
    }

    fn listen(&self, changed: Rc<dyn Fn()>, signed_in: Arc<AtomicBool>) {
        let Ok(token) = self.token() else { return };
        open_live(token, changed, signed_in);
    }
}

/// How long to wait before opening a dropped live channel again.
const LIVE_RETRY_MS: i32 = 3_000;

/// Opens the live WebSocket of the page's own server; every message asks for a refresh; a dropped channel is
/// opened again after [`LIVE_RETRY_MS`] while the person is signed in (and the refresh catches up what was missed).
fn open_live(token: String, changed: Rc<dyn Fn()>, signed_in: Arc<AtomicBool>) {
    if !signed_in.load(Ordering::Relaxed) {
        return;
    }
    let Some(location) = web_sys::window().map(|w| w.location()) else { return };
    let scheme = if location.protocol().ok().as_deref() == Some("https:") { "wss" } else { "ws" };
    let Ok(host) = location.host() else { return };
    let Ok(socket) = web_sys::WebSocket::new(&format!("{scheme}://{host}{}?token={token}", paths::LIVE)) else {
        return;
    };
    let on_message = {
        let changed = Rc::clone(&changed);
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_| changed())
    };
    socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let on_close = Closure::<dyn FnMut(web_sys::CloseEvent)>::new(move |closed: web_sys::CloseEvent| {
        if closed.code() == LIVE_CLOSE_SESSION_ENDED {
            // The sign-in is over: one refresh shows it; reopening with this token would only be refused.
            changed();
            return;
        }
        let (token, changed, signed_in) = (token.clone(), Rc::clone(&changed), Arc::clone(&signed_in));
        let retry = Closure::once_into_js(move || {
            changed();
            open_live(token, changed, signed_in);
        });
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(retry.unchecked_ref(), LIVE_RETRY_MS);
        }
    });
    socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    on_close.forget();
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
    async fn tauri_invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;
}

/// Tauri IPC to the app shell, which holds the session and talks to the server.
#[derive(Debug, Clone, Copy)]
pub struct TauriApi;

impl TauriApi {
    async fn call<A: Serialize, T: DeserializeOwned>(&self, cmd: &str, args: &A) -> Result<T, ApiError> {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        let args = args
            .serialize(&serializer)
            .map_err(|e| ApiError::new(ErrorCode::BadRequest, format!("Cannot send {cmd}: {e}")))?;
        match tauri_invoke(cmd, args).await {
            Ok(value) => serde_wasm_bindgen::from_value(value)
                .map_err(|e| ApiError::new(ErrorCode::Internal, format!("Unreadable answer to {cmd}: {e}"))),
            Err(error) => Err(serde_wasm_bindgen::from_value::<ApiError>(error.clone()).unwrap_or_else(|_| {
                ApiError::new(ErrorCode::Internal, format!("The app could not run {cmd}: {error:?}"))
            })),
        }
    }
}

/// The arguments of a command that takes none.
#[derive(Serialize)]
struct NoArgs {}

/// The arguments of the `act` command.
#[derive(Serialize)]
struct ActArgs {
    task: TaskId,
    action: Action,
}

/// The arguments of the `create_task` command.
#[derive(Serialize)]
struct CreateArgs {
    task: NewTaskRequest,
}

/// The arguments of the `update_details` command.
#[derive(Serialize)]
struct DetailsArgs {
    task: TaskId,
    details: TaskDetails,
}

/// The arguments of the `dismiss` command.
#[derive(Serialize)]
struct DismissArgs {
    op: String,
}

/// The arguments of the `kpi` command.
#[derive(Serialize)]
struct KpiArgs {
    query: KpiQuery,
}

/// The arguments of the `stories` command.
#[derive(Serialize)]
struct StoriesArgs {
    since: Option<Timestamp>,
}

/// The arguments of the `post_story` command.
#[derive(Serialize)]
struct PostStoryArgs {
    story: NewStory,
}

/// The arguments of the `like_story` command.
#[derive(Serialize)]
struct LikeArgs {
    id: StoryId,
    like: bool,
}

/// The arguments of the `put_template` command.
#[derive(Serialize)]
struct PutTemplateArgs {
    id: TemplateId,
    draft: TemplateDraft,
}

/// The arguments of the `delete_template` command.
#[derive(Serialize)]
struct TemplateArgs {
    id: TemplateId,
}

/// The arguments of the `login` command.
#[derive(Serialize)]
struct LoginArgs {
    request: LoginRequest,
}

impl Api for TauriApi {
    async fn directory(&self) -> Result<Directory, ApiError> {
        self.call("directory", &NoArgs {}).await
    }
    async fn login(&self, request: LoginRequest) -> Result<SignedIn, ApiError> {
        self.call("login", &LoginArgs { request }).await
    }
    async fn logout(&self) -> Result<(), ApiError> {
        self.call("logout", &NoArgs {}).await
    }
    async fn tasks(&self) -> Result<TaskList, ApiError> {
        self.call("tasks", &NoArgs {}).await
    }
    async fn act(&self, task: TaskId, action: Action) -> Result<(), ApiError> {
        self.call::<_, serde::de::IgnoredAny>("act", &ActArgs { task, action }).await.map(|_| ())
    }
    async fn create_task(&self, task: NewTaskRequest) -> Result<(), ApiError> {
        self.call::<_, serde::de::IgnoredAny>("create_task", &CreateArgs { task }).await.map(|_| ())
    }
    async fn update_details(&self, task: TaskId, details: TaskDetails) -> Result<(), ApiError> {
        self.call::<_, serde::de::IgnoredAny>("update_details", &DetailsArgs { task, details }).await.map(|_| ())
    }
    async fn device_state(&self) -> Result<DeviceState, ApiError> {
        self.call("device_state", &NoArgs {}).await
    }
    async fn dismiss(&self, op: String) -> Result<(), ApiError> {
        self.call("dismiss", &DismissArgs { op }).await
    }
    async fn kpi(&self, query: KpiQuery) -> Result<KpiReport, ApiError> {
        self.call("kpi", &KpiArgs { query }).await
    }
    async fn stories(&self, since: Option<Timestamp>) -> Result<StoryList, ApiError> {
        self.call("stories", &StoriesArgs { since }).await
    }
    async fn post_story(&self, story: NewStory) -> Result<Story, ApiError> {
        self.call("post_story", &PostStoryArgs { story }).await
    }
    async fn like_story(&self, id: StoryId, like: bool) -> Result<Story, ApiError> {
        self.call("like_story", &LikeArgs { id, like }).await
    }
    async fn templates(&self) -> Result<TemplateList, ApiError> {
        self.call("templates", &NoArgs {}).await
    }
    async fn put_template(&self, id: TemplateId, draft: TemplateDraft) -> Result<Template, ApiError> {
        self.call("put_template", &PutTemplateArgs { id, draft }).await
    }
    async fn delete_template(&self, id: TemplateId) -> Result<(), ApiError> {
        self.call("delete_template", &TemplateArgs { id }).await
    }
    fn refresh_every(&self) -> std::time::Duration {
        // The screen reads the device's own store, which the engine keeps in sync in the background.
        std::time::Duration::from_secs(3)
    }
    fn listen(&self, _changed: Rc<dyn Fn()>, _signed_in: Arc<AtomicBool>) {}
}
