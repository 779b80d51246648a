//! The one API the screens talk to, and its two adapters: Tauri IPC inside the app (`tauri.rs`), HTTP and the live
//! WebSocket in a browser (`http.rs`). Both announce changes as they happen; the screens ask again on a slow timer
//! only as a fallback.
//!
//! The access token never reaches the screens: the HTTP adapter keeps it, and inside the app the shell does.

mod http;
mod tauri;

use std::rc::Rc;

use floordesk_domain::{Action, CaseId, KpiReport, StoryId, TaskDetails, TaskId, TemplateId, Timestamp};
use floordesk_protocol::{
    ApiError, CaseView, CloseCaseRequest, DeviceState, Directory, FloorNow, KpiQuery, LoginRequest, NewStory,
    NewTaskRequest, PresenceRequest, Purposes, SignedIn, Story, StoryList, TaskHistory, TaskList, TaskView, Template,
    TemplateDraft, TemplateList,
};
use wasm_bindgen::JsValue;

pub use http::HttpApi;
pub use tauri::TauriApi;

/// What the screens can ask of the system.
pub trait Api {
    /// My site, its zones and its people; in the app before anyone signed in, the device's sign-in list.
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
    /// Confirms a relatives' meeting and plans its escort as task `escort`, like [`Api::act`].
    async fn confirm_meeting(&self, task: TaskId, escort: TaskId) -> Result<(), ApiError>;
    /// Online or not, what waits to be sent, and the refused actions to explain.
    async fn device_state(&self) -> Result<DeviceState, ApiError>;
    /// Marks a refused action as seen.
    async fn dismiss(&self, op: String) -> Result<(), ApiError>;
    /// The service-standard indicators of the tasks closed in a span (supervisors). Needs the server.
    async fn kpi(&self, query: KpiQuery) -> Result<KpiReport, ApiError>;
    /// A task's history: who did what, when and why (needs the server).
    async fn task_history(&self, task: TaskId) -> Result<TaskHistory, ApiError>;
    /// One visitor's case: every task of it in order, its overall wait, its close (needs the server).
    async fn case(&self, case: CaseId) -> Result<CaseView, ApiError>;
    /// Closes a resolved visitor's case with the visitor's one rating, if given (needs the server).
    async fn close_case(&self, case: CaseId, request: CloseCaseRequest) -> Result<CaseView, ApiError>;
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
    /// The site's common purposes of a visit (one-tap contacts).
    async fn purposes(&self) -> Result<Purposes, ApiError>;
    /// Replaces them (supervisors).
    async fn put_purposes(&self, purposes: Purposes) -> Result<Purposes, ApiError>;
    /// Who of the site is on shift. Needs the server.
    async fn presence(&self) -> Result<FloorNow, ApiError>;
    /// Starts or ends a shift, a break, with a visitor (or a supervisor ends a forgotten shift). Needs the server.
    async fn change_presence(&self, request: PresenceRequest) -> Result<FloorNow, ApiError>;
    /// How often the screen should ask again on its own, in case an announcement was missed ([`Api::listen`]).
    fn fallback_every(&self) -> std::time::Duration {
        std::time::Duration::from_secs(30)
    }
    /// Calls `changed` whenever a change the person may see is announced (the server's live channel in a browser,
    /// the shell's event in the app), until the returned [`Listening`] is stopped.
    fn listen(&self, changed: News) -> Listening;
}

/// What a screen is told of each change announced.
pub type News = Rc<dyn Fn(Heard)>;

/// A change announced.
#[derive(Debug)]
pub enum Heard {
    /// These tasks changed; each as it is now (the live channel's change of one task; the shell's tasks whose view
    /// on the device changed, pending or not). The device's state is asked for again after them.
    Tasks(Vec<TaskView>),
    /// Who is on the floor changed (a shift, a break).
    Floor,
    /// Fetch everything shown again.
    Everything,
}

/// An announcement channel being listened to; stopping it (or dropping it) closes the channel, and `changed` is
/// never called again.
#[must_use = "dropping it stops listening"]
pub struct Listening(Option<Box<dyn FnOnce()>>);

impl Listening {
    /// A channel that `stop` closes.
    pub fn new(stop: impl FnOnce() + 'static) -> Self {
        Self(Some(Box::new(stop)))
    }

    /// Nothing to listen to (not signed in).
    pub fn nothing() -> Self {
        Self(None)
    }

    /// Closes the channel.
    pub fn stop(self) {}
}

impl Drop for Listening {
    fn drop(&mut self) {
        if let Some(stop) = self.0.take() {
            stop();
        }
    }
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

    /// Tells the app shell the person's language, for its notifications (a browser shows none).
    pub async fn speak(&self, lang: crate::i18n::Lang) {
        if let Backend::Tauri(a) = self {
            a.set_language(lang).await;
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
    async fn confirm_meeting(&self, task: TaskId, escort: TaskId) -> Result<(), ApiError> {
        match self {
            Backend::Tauri(a) => a.confirm_meeting(task, escort).await,
            Backend::Http(a) => a.confirm_meeting(task, escort).await,
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
    async fn task_history(&self, task: TaskId) -> Result<TaskHistory, ApiError> {
        match self {
            Backend::Tauri(a) => a.task_history(task).await,
            Backend::Http(a) => a.task_history(task).await,
        }
    }
    async fn case(&self, case: CaseId) -> Result<CaseView, ApiError> {
        match self {
            Backend::Tauri(a) => a.case(case).await,
            Backend::Http(a) => a.case(case).await,
        }
    }
    async fn close_case(&self, case: CaseId, request: CloseCaseRequest) -> Result<CaseView, ApiError> {
        match self {
            Backend::Tauri(a) => a.close_case(case, request).await,
            Backend::Http(a) => a.close_case(case, request).await,
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
    async fn purposes(&self) -> Result<Purposes, ApiError> {
        match self {
            Backend::Tauri(a) => a.purposes().await,
            Backend::Http(a) => a.purposes().await,
        }
    }
    async fn put_purposes(&self, purposes: Purposes) -> Result<Purposes, ApiError> {
        match self {
            Backend::Tauri(a) => a.put_purposes(purposes).await,
            Backend::Http(a) => a.put_purposes(purposes).await,
        }
    }
    async fn presence(&self) -> Result<FloorNow, ApiError> {
        match self {
            Backend::Tauri(a) => a.presence().await,
            Backend::Http(a) => a.presence().await,
        }
    }
    async fn change_presence(&self, request: PresenceRequest) -> Result<FloorNow, ApiError> {
        match self {
            Backend::Tauri(a) => a.change_presence(request).await,
            Backend::Http(a) => a.change_presence(request).await,
        }
    }
    fn listen(&self, changed: News) -> Listening {
        match self {
            Backend::Tauri(a) => a.listen(changed),
            Backend::Http(a) => a.listen(changed),
        }
    }
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
