//! The commands the webview may call (each listed in `capabilities/main.json`). Each is a thin call into the sync
//! engine: actions commit to the device first and show at once; the engine talks to the server.

use std::sync::Arc;

use floordesk_domain::{Action, CaseId, KpiReport, StoryId, TaskDetails, TaskId, TemplateId, Timestamp};
use floordesk_protocol::{
    ApiError, CaseView, CloseCaseRequest, DeviceSetup, DeviceState, Directory, Enrolment, FloorNow, KpiQuery,
    LoginRequest, NewStory, NewTaskRequest, PresenceRequest, Purposes, SignedIn, Story, StoryList, TaskHistory,
    TaskList, TaskView, Template, TemplateDraft, TemplateList,
};
use floordesk_sync::{engine::now, Engine};
use tauri::State;

use crate::notify::NoticeLanguage;

/// The shell's state: the device's sync engine, and the person's language for notifications. Tokens stay in the
/// engine's store, never in the webview.
#[derive(Debug, Clone)]
pub struct Shell {
    pub engine: Arc<Engine>,
    pub language: NoticeLanguage,
}

/// The sites and the people who can sign in on this device (the last list seen, when the server is out of reach).
#[tauri::command]
pub async fn directory(shell: State<'_, Shell>) -> Result<Directory, ApiError> {
    shell.engine.directory().await
}

/// The server this device talks to and the enrolled device it is; the first-run screen shows while either is
/// missing.
#[tauri::command]
pub async fn device_setup(shell: State<'_, Shell>) -> Result<DeviceSetup, ApiError> {
    shell.engine.setup().await
}

/// Sets the device up from the enrolment code a supervisor's screen shows (and the server's address typed beside it,
/// when the code does not name it); answers the device's sign-in list.
#[tauri::command]
pub async fn enrol(shell: State<'_, Shell>, text: String, server: String) -> Result<Directory, ApiError> {
    let bad = |message: String| ApiError::new(floordesk_protocol::ErrorCode::BadRequest, message);
    let enrolment = Enrolment::parse(&text, &server).map_err(bad)?;
    let server = floordesk_sync::checked_server_url(&enrolment.server, crate::allow_plain_http()).map_err(bad)?;
    shell.engine.enrol(&Enrolment { server, ..enrolment }).await
}

/// Signs a person in and makes them the device's current person. Whoever used the device before stays signed in in
/// the background until their pending actions have reached the server.
#[tauri::command]
pub async fn login(shell: State<'_, Shell>, request: LoginRequest) -> Result<SignedIn, ApiError> {
    shell.engine.sign_in(request.staff_id, &request.code).await
}

/// Signs the current person out on this device; their pending actions are still sent, then the sign-in ends.
#[tauri::command]
pub async fn logout(shell: State<'_, Shell>) -> Result<(), ApiError> {
    shell.engine.sign_out().await
}

/// The current person's open tasks as the device has them (pending actions applied), most urgent first.
#[tauri::command]
pub async fn tasks(shell: State<'_, Shell>) -> Result<TaskList, ApiError> {
    shell.engine.task_list().await
}

/// Does an action to a task: committed on the device and shown at once, sent when the server can be reached.
#[tauri::command]
pub async fn act(shell: State<'_, Shell>, task: TaskId, action: Action) -> Result<TaskView, ApiError> {
    let done = shell.engine.act(&task, action, now()).await?;
    Ok(TaskView { task: done.task, assignee_name: None, pending: done.pending })
}

/// Creates a task: committed on the device and shown at once, sent when the server can be reached.
#[tauri::command]
pub async fn create_task(shell: State<'_, Shell>, task: NewTaskRequest) -> Result<TaskView, ApiError> {
    let done = shell.engine.create(task, now()).await?;
    Ok(TaskView { task: done.task, assignee_name: None, pending: done.pending })
}

/// Confirms a relatives' meeting and plans its escort (task `escort`): on the device first, then sent.
#[tauri::command]
pub async fn confirm_meeting(shell: State<'_, Shell>, task: TaskId, escort: TaskId) -> Result<TaskView, ApiError> {
    let done = shell.engine.confirm_meeting(&task, escort, now()).await?;
    Ok(TaskView { task: done.task, assignee_name: None, pending: done.pending })
}

/// Replaces a task's descriptive fields (e.g. an ambulance has arrived): committed on the device and shown at once.
#[tauri::command]
pub async fn update_details(shell: State<'_, Shell>, task: TaskId, details: TaskDetails) -> Result<TaskView, ApiError> {
    let done = shell.engine.update_details(&task, details, now()).await?;
    Ok(TaskView { task: done.task, assignee_name: None, pending: done.pending })
}

/// The device's sync state and the refused actions to explain.
#[tauri::command]
pub async fn device_state(shell: State<'_, Shell>) -> Result<DeviceState, ApiError> {
    let sync = shell.engine.status().borrow().clone();
    // Nobody signed in: nothing to explain.
    let rejections = shell.engine.rejections().await.unwrap_or_default();
    Ok(DeviceState { sync, rejections })
}

/// Marks a refused action as seen.
#[tauri::command]
pub async fn dismiss(shell: State<'_, Shell>, op: String) -> Result<(), ApiError> {
    shell.engine.dismiss(&op).await
}

/// The service indicators of the supervisor's site over a period. Needs the server.
#[tauri::command]
pub async fn kpi(shell: State<'_, Shell>, query: KpiQuery) -> Result<KpiReport, ApiError> {
    shell.engine.kpi(&query).await
}

/// A task's history: who did what, when and why. Needs the server.
#[tauri::command]
pub async fn task_history(shell: State<'_, Shell>, task: TaskId) -> Result<TaskHistory, ApiError> {
    shell.engine.task_history(&task).await
}

/// One visitor's case: every task of it in order, its overall wait, its close. Needs the server.
#[tauri::command]
pub async fn case(shell: State<'_, Shell>, case: CaseId) -> Result<CaseView, ApiError> {
    shell.engine.case(&case).await
}

/// Closes a resolved visitor's case with the visitor's one rating, if given. Needs the server.
#[tauri::command]
pub async fn close_case(
    shell: State<'_, Shell>,
    case: CaseId,
    request: CloseCaseRequest,
) -> Result<CaseView, ApiError> {
    shell.engine.close_case(&case, &request).await
}

/// The site's good stories, newest first; with `since`, only those posted from then on. Needs the server.
#[tauri::command]
pub async fn stories(shell: State<'_, Shell>, since: Option<Timestamp>) -> Result<StoryList, ApiError> {
    shell.engine.stories(since).await
}

/// Posts a good story; sending it again posts it once. Needs the server.
#[tauri::command]
pub async fn post_story(shell: State<'_, Shell>, story: NewStory) -> Result<Story, ApiError> {
    shell.engine.post_story(&story).await
}

/// Likes a story (`like`), or takes the like back. Needs the server.
#[tauri::command]
pub async fn like_story(shell: State<'_, Shell>, id: StoryId, like: bool) -> Result<Story, ApiError> {
    shell.engine.like_story(&id, like).await
}

/// The site's answer templates; the copy kept on the device when the server cannot be reached.
#[tauri::command]
pub async fn templates(shell: State<'_, Shell>) -> Result<TemplateList, ApiError> {
    shell.engine.templates().await
}

/// Writes an answer template of the site (supervisors). Needs the server.
#[tauri::command]
pub async fn put_template(shell: State<'_, Shell>, id: TemplateId, draft: TemplateDraft) -> Result<Template, ApiError> {
    shell.engine.put_template(&id, &draft).await
}

/// Removes an answer template of the site (supervisors). Needs the server.
#[tauri::command]
pub async fn delete_template(shell: State<'_, Shell>, id: TemplateId) -> Result<(), ApiError> {
    shell.engine.delete_template(&id).await
}

/// The common purposes of a visit of the person's site, for one-tap contacts.
#[tauri::command]
pub async fn purposes(shell: State<'_, Shell>) -> Result<Purposes, ApiError> {
    shell.engine.purposes().await
}

/// Who of the person's site is on shift.
#[tauri::command]
pub async fn presence(shell: State<'_, Shell>) -> Result<FloorNow, ApiError> {
    shell.engine.presence().await
}

/// Starts or ends the person's shift, a break, with a visitor (or a supervisor ends a forgotten shift).
#[tauri::command]
pub async fn change_presence(shell: State<'_, Shell>, request: PresenceRequest) -> Result<FloorNow, ApiError> {
    shell.engine.change_presence(&request).await
}

/// Replaces the common purposes of the supervisor's site.
#[tauri::command]
pub async fn put_purposes(shell: State<'_, Shell>, purposes: Purposes) -> Result<Purposes, ApiError> {
    shell.engine.put_purposes(&purposes).await
}

/// The window's language ("ru" or "en"), so that notifications speak it too.
#[tauri::command]
pub fn set_language(shell: State<'_, Shell>, lang: String) -> Result<(), ApiError> {
    shell.language.set(&lang).map_err(|message| ApiError::new(floordesk_protocol::ErrorCode::BadRequest, message))
}
