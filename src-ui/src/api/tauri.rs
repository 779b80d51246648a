//! The app's adapter: Tauri IPC to the shell, which holds the session and the device's sync engine, and the
//! shell's event that the device's view has changed.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use floordesk_domain::{Action, CaseId, KpiReport, StoryId, TaskDetails, TaskId, TemplateId, Timestamp};
use floordesk_protocol::{
    ipc, ApiError, CaseView, CloseCaseRequest, DeviceState, Directory, ErrorCode, FloorNow, KpiQuery, LoginRequest,
    NewStory, NewTaskRequest, PresenceRequest, Purposes, SignedIn, Story, StoryList, TaskHistory, TaskList, Template,
    TemplateDraft, TemplateList, ViewChanged, CHANGED_EVENT,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{Api, Heard, Listening, News};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
    async fn tauri_invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;

    /// Starts listening to an event of the shell; the answer is the function that stops it.
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "event"], js_name = listen, catch)]
    async fn tauri_listen(event: &str, handler: &JsValue) -> Result<JsValue, JsValue>;
}

/// Tauri IPC to the app shell, which holds the session and talks to the server.
#[derive(Debug, Clone, Copy)]
pub struct TauriApi;

impl TauriApi {
    /// Calls a shell command. Arguments and answers go through JSON text, read and written by serde_json as the
    /// browser's adapter does: one copy of every wire type's (de)serialiser in the wasm, not one per adapter.
    async fn call<A: Serialize, T: DeserializeOwned>(&self, cmd: &str, args: &A) -> Result<T, ApiError> {
        let args = serde_json::to_string(args)
            .map_err(|_| ApiError::new(ErrorCode::BadRequest, format!("Cannot send {cmd}.")))?;
        let text = invoke_json(cmd, args).await?;
        serde_json::from_str(&text)
            .map_err(|_| ApiError::new(ErrorCode::Internal, format!("Unreadable answer to {cmd}.")))
    }
}

/// Runs the shell's command `cmd` with the arguments' JSON and answers the answer's JSON (`null` for none), or the
/// shell's error: the part of [`TauriApi::call`] that does not depend on the types, so it is in the wasm once.
async fn invoke_json(cmd: &str, args: String) -> Result<String, ApiError> {
    let args =
        js_sys::JSON::parse(&args).map_err(|_| ApiError::new(ErrorCode::BadRequest, format!("Cannot send {cmd}.")))?;
    // A command without an answer resolves to `undefined` or `null`: both read as JSON `null`.
    let json = |value: &JsValue| {
        if value.is_undefined() {
            Some("null".to_owned())
        } else {
            js_sys::JSON::stringify(value).ok()?.as_string()
        }
    };
    match tauri_invoke(cmd, args).await {
        Ok(value) => {
            json(&value).ok_or_else(|| ApiError::new(ErrorCode::Internal, format!("Unreadable answer to {cmd}.")))
        }
        Err(error) => {
            Err(json(&error).and_then(|text| serde_json::from_str::<ApiError>(&text).ok()).unwrap_or_else(|| {
                ApiError::new(
                    ErrorCode::Internal,
                    format!("The app could not run {cmd}: {}", error.as_string().unwrap_or_default()),
                )
            }))
        }
    }
}

impl TauriApi {
    /// The server this device talks to and the enrolled device it is.
    pub async fn device_setup(&self) -> Result<floordesk_protocol::DeviceSetup, ApiError> {
        self.call(ipc::DEVICE_SETUP, &ipc::NoArgs {}).await
    }

    /// Sets the device up with an enrolment code (and the server's address, when the code does not name it).
    pub async fn enrol(&self, text: String, server: String) -> Result<Directory, ApiError> {
        self.call(ipc::ENROL, &ipc::EnrolArgs { text, server }).await
    }

    /// The language the shell's notifications speak; a failure leaves them as they were.
    pub async fn set_language(&self, lang: crate::i18n::Lang) {
        let args = ipc::LanguageArgs { lang: lang.code().to_owned() };
        let _ = self.call::<_, serde::de::IgnoredAny>(ipc::SET_LANGUAGE, &args).await;
    }
}

impl Api for TauriApi {
    async fn directory(&self) -> Result<Directory, ApiError> {
        self.call(ipc::DIRECTORY, &ipc::NoArgs {}).await
    }
    async fn login(&self, request: LoginRequest) -> Result<SignedIn, ApiError> {
        self.call(ipc::LOGIN, &ipc::LoginArgs { request }).await
    }
    async fn logout(&self) -> Result<(), ApiError> {
        self.call(ipc::LOGOUT, &ipc::NoArgs {}).await
    }
    async fn tasks(&self) -> Result<TaskList, ApiError> {
        self.call(ipc::TASKS, &ipc::NoArgs {}).await
    }
    async fn act(&self, task: TaskId, action: Action) -> Result<(), ApiError> {
        self.call::<_, serde::de::IgnoredAny>(ipc::ACT, &ipc::ActArgs { task, action }).await.map(|_| ())
    }
    async fn create_task(&self, task: NewTaskRequest) -> Result<(), ApiError> {
        self.call::<_, serde::de::IgnoredAny>(ipc::CREATE_TASK, &ipc::CreateArgs { task }).await.map(|_| ())
    }
    async fn update_details(&self, task: TaskId, details: TaskDetails) -> Result<(), ApiError> {
        self.call::<_, serde::de::IgnoredAny>(ipc::UPDATE_DETAILS, &ipc::DetailsArgs { task, details })
            .await
            .map(|_| ())
    }
    async fn confirm_meeting(&self, task: TaskId, escort: TaskId) -> Result<(), ApiError> {
        self.call::<_, serde::de::IgnoredAny>(ipc::CONFIRM_MEETING, &ipc::ConfirmMeetingArgs { task, escort })
            .await
            .map(|_| ())
    }
    async fn device_state(&self) -> Result<DeviceState, ApiError> {
        self.call(ipc::DEVICE_STATE, &ipc::NoArgs {}).await
    }
    async fn dismiss(&self, op: String) -> Result<(), ApiError> {
        self.call(ipc::DISMISS, &ipc::DismissArgs { op }).await
    }
    async fn kpi(&self, query: KpiQuery) -> Result<KpiReport, ApiError> {
        self.call(ipc::KPI, &ipc::KpiArgs { query }).await
    }
    async fn task_history(&self, task: TaskId) -> Result<TaskHistory, ApiError> {
        self.call(ipc::TASK_HISTORY, &ipc::TaskArgs { task }).await
    }
    async fn case(&self, case: CaseId) -> Result<CaseView, ApiError> {
        self.call(ipc::CASE, &ipc::CaseArgs { case }).await
    }
    async fn close_case(&self, case: CaseId, request: CloseCaseRequest) -> Result<CaseView, ApiError> {
        self.call(ipc::CLOSE_CASE, &ipc::CloseCaseArgs { case, request }).await
    }
    async fn stories(&self, since: Option<Timestamp>) -> Result<StoryList, ApiError> {
        self.call(ipc::STORIES, &ipc::StoriesArgs { since }).await
    }
    async fn post_story(&self, story: NewStory) -> Result<Story, ApiError> {
        self.call(ipc::POST_STORY, &ipc::PostStoryArgs { story }).await
    }
    async fn like_story(&self, id: StoryId, like: bool) -> Result<Story, ApiError> {
        self.call(ipc::LIKE_STORY, &ipc::LikeArgs { id, like }).await
    }
    async fn templates(&self) -> Result<TemplateList, ApiError> {
        self.call(ipc::TEMPLATES, &ipc::NoArgs {}).await
    }
    async fn put_template(&self, id: TemplateId, draft: TemplateDraft) -> Result<Template, ApiError> {
        self.call(ipc::PUT_TEMPLATE, &ipc::PutTemplateArgs { id, draft }).await
    }
    async fn delete_template(&self, id: TemplateId) -> Result<(), ApiError> {
        self.call(ipc::DELETE_TEMPLATE, &ipc::TemplateArgs { id }).await
    }
    async fn purposes(&self) -> Result<Purposes, ApiError> {
        self.call(ipc::PURPOSES, &ipc::NoArgs {}).await
    }
    async fn put_purposes(&self, purposes: Purposes) -> Result<Purposes, ApiError> {
        self.call(ipc::PUT_PURPOSES, &ipc::PutPurposesArgs { purposes }).await
    }
    async fn presence(&self) -> Result<FloorNow, ApiError> {
        self.call(ipc::PRESENCE, &ipc::NoArgs {}).await
    }
    async fn change_presence(&self, request: PresenceRequest) -> Result<FloorNow, ApiError> {
        self.call(ipc::CHANGE_PRESENCE, &ipc::PresenceArgs { request }).await
    }
    fn listen(&self, changed: News) -> Listening {
        let shell = Rc::new(ShellEvents {
            closed: Cell::new(false),
            unlisten: RefCell::new(None),
            handler: RefCell::new(None),
        });
        let listening = Rc::clone(&changed);
        let handler = {
            let shell = Rc::downgrade(&shell);
            Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                if shell.upgrade().is_some_and(|s| !s.closed.get()) {
                    match view_changed(&event) {
                        Some(ViewChanged { tasks: Some(tasks), floor }) => {
                            if floor {
                                changed(Heard::Floor);
                            }
                            changed(Heard::Tasks(tasks));
                        }
                        // None, or unreadable: everything fetched again, the floor with it.
                        _ => changed(Heard::Everything),
                    }
                }
            })
        };
        let function: JsValue = handler.as_ref().clone();
        *shell.handler.borrow_mut() = Some(handler);
        {
            let shell = Rc::clone(&shell);
            wasm_bindgen_futures::spawn_local(async move {
                match tauri_listen(CHANGED_EVENT, &function).await {
                    Ok(unlisten) => {
                        let unlisten = js_sys::Function::from(unlisten);
                        if shell.closed.get() {
                            let _ = unlisten.call0(&JsValue::NULL);
                            shell.handler.borrow_mut().take();
                        } else {
                            *shell.unlisten.borrow_mut() = Some(unlisten);
                            // What changed before the shell could tell this screen was told to no one: fetched now.
                            listening(Heard::Everything);
                        }
                    }
                    Err(e) => web_sys::console::warn_1(&e),
                }
            });
        }
        Listening::new(move || shell.close())
    }
}

/// The [`ViewChanged`] an event of the shell carries (none if it cannot be read: the screen then fetches it all).
fn view_changed(event: &JsValue) -> Option<ViewChanged> {
    let payload = js_sys::Reflect::get(event, &JsValue::from_str("payload")).ok()?;
    let text = js_sys::JSON::stringify(&payload).ok()?.as_string()?;
    serde_json::from_str(&text).ok()
}

/// What the shell calls with each event.
type Handler = Closure<dyn FnMut(JsValue)>;

/// One screen's subscription to the shell's "the device's view changed" event.
struct ShellEvents {
    closed: Cell<bool>,
    /// Stops the subscription, once the shell has confirmed it.
    unlisten: RefCell<Option<js_sys::Function>>,
    /// The handler the shell calls, freed once it is unsubscribed.
    handler: RefCell<Option<Handler>>,
}

impl ShellEvents {
    fn close(&self) {
        self.closed.set(true);
        if let Some(unlisten) = self.unlisten.borrow_mut().take() {
            let _ = unlisten.call0(&JsValue::NULL);
            self.handler.borrow_mut().take();
        }
    }
}
