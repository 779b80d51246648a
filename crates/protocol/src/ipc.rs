//! The app shell's commands, named once: the webview calls them by these names with these argument envelopes (each
//! field is a parameter of the shell's command), the shell's build script generates a permission for each, and
//! `capabilities/main.json` allows exactly these (the shell's tests check all three agree).

use floordesk_domain::{Action, CaseId, StoryId, TaskDetails, TaskId, TemplateId, Timestamp};
use serde::{Deserialize, Serialize};

use crate::{CloseCaseRequest, KpiQuery, LoginRequest, NewStory, NewTaskRequest, TemplateDraft};

/// Every command the webview may call, in the order of the capability file.
pub const COMMANDS: [&str; 27] = [
    DIRECTORY,
    LOGIN,
    LOGOUT,
    TASKS,
    ACT,
    CREATE_TASK,
    UPDATE_DETAILS,
    CONFIRM_MEETING,
    DEVICE_STATE,
    DISMISS,
    KPI,
    STORIES,
    POST_STORY,
    LIKE_STORY,
    TEMPLATES,
    PUT_TEMPLATE,
    DELETE_TEMPLATE,
    SET_LANGUAGE,
    PURPOSES,
    PUT_PURPOSES,
    DEVICE_SETUP,
    ENROL,
    PRESENCE,
    CHANGE_PRESENCE,
    TASK_HISTORY,
    CASE,
    CLOSE_CASE,
];

/// What the window may do besides the commands: hear the shell's [`crate::CHANGED_EVENT`].
pub const EVENT_PERMISSIONS: [&str; 2] = ["core:event:allow-listen", "core:event:allow-unlisten"];

/// `()` → [`crate::Directory`].
pub const DIRECTORY: &str = "directory";
/// [`LoginArgs`] → [`crate::SignedIn`].
pub const LOGIN: &str = "login";
/// `()` → `()`.
pub const LOGOUT: &str = "logout";
/// `()` → [`crate::TaskList`].
pub const TASKS: &str = "tasks";
/// [`ActArgs`] → the task as the device now shows it.
pub const ACT: &str = "act";
/// [`CreateArgs`] → the task as the device now shows it.
pub const CREATE_TASK: &str = "create_task";
/// [`DetailsArgs`] → the task as the device now shows it.
pub const UPDATE_DETAILS: &str = "update_details";
/// [`ConfirmMeetingArgs`] → the meeting as the device now shows it.
pub const CONFIRM_MEETING: &str = "confirm_meeting";
/// `()` → [`crate::DeviceState`].
pub const DEVICE_STATE: &str = "device_state";
/// [`DismissArgs`] → `()`.
pub const DISMISS: &str = "dismiss";
/// [`KpiArgs`] → [`floordesk_domain::KpiReport`].
pub const KPI: &str = "kpi";
/// [`TaskArgs`] → [`crate::TaskHistory`].
pub const TASK_HISTORY: &str = "task_history";
/// [`CaseArgs`] → [`crate::CaseView`].
pub const CASE: &str = "case";
/// [`CloseCaseArgs`] → [`crate::CaseView`].
pub const CLOSE_CASE: &str = "close_case";
/// [`StoriesArgs`] → [`crate::StoryList`].
pub const STORIES: &str = "stories";
/// [`PostStoryArgs`] → [`crate::Story`].
pub const POST_STORY: &str = "post_story";
/// [`LikeArgs`] → [`crate::Story`].
pub const LIKE_STORY: &str = "like_story";
/// `()` → [`crate::TemplateList`].
pub const TEMPLATES: &str = "templates";
/// [`PutTemplateArgs`] → [`crate::Template`].
pub const PUT_TEMPLATE: &str = "put_template";
/// [`TemplateArgs`] → `()`.
pub const DELETE_TEMPLATE: &str = "delete_template";

/// [`LanguageArgs`] → `()`: the language notifications are shown in.
pub const SET_LANGUAGE: &str = "set_language";

/// `()` → [`crate::Purposes`].
pub const PURPOSES: &str = "purposes";
/// [`PutPurposesArgs`] → [`crate::Purposes`].
pub const PUT_PURPOSES: &str = "put_purposes";

/// `()` → [`crate::DeviceSetup`].
pub const DEVICE_SETUP: &str = "device_setup";
/// [`EnrolArgs`] → [`crate::Directory`]: sets the device up with an enrolment text (see [`crate::Enrolment`]).
pub const ENROL: &str = "enrol";

/// The arguments of a command that takes none.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NoArgs {}

/// The arguments of [`LOGIN`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoginArgs {
    pub request: LoginRequest,
}

/// The arguments of [`ACT`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ActArgs {
    pub task: TaskId,
    pub action: Action,
}

/// The arguments of [`CREATE_TASK`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreateArgs {
    pub task: NewTaskRequest,
}

/// The arguments of [`UPDATE_DETAILS`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DetailsArgs {
    pub task: TaskId,
    pub details: TaskDetails,
}

/// The arguments of [`CONFIRM_MEETING`]: the meeting, and the id of the escort to plan.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ConfirmMeetingArgs {
    pub task: TaskId,
    pub escort: TaskId,
}

/// The arguments of [`DISMISS`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DismissArgs {
    pub op: String,
}

/// The arguments of [`KPI`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KpiArgs {
    pub query: KpiQuery,
}

/// The arguments of [`TASK_HISTORY`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TaskArgs {
    pub task: TaskId,
}

/// The arguments of [`CASE`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CaseArgs {
    pub case: CaseId,
}

/// The arguments of [`CLOSE_CASE`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CloseCaseArgs {
    pub case: CaseId,
    pub request: CloseCaseRequest,
}

/// The arguments of [`STORIES`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoriesArgs {
    pub since: Option<Timestamp>,
}

/// The arguments of [`POST_STORY`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PostStoryArgs {
    pub story: NewStory,
}

/// The arguments of [`LIKE_STORY`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LikeArgs {
    pub id: StoryId,
    pub like: bool,
}

/// The arguments of [`PUT_TEMPLATE`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PutTemplateArgs {
    pub id: TemplateId,
    pub draft: TemplateDraft,
}

/// The arguments of [`DELETE_TEMPLATE`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TemplateArgs {
    pub id: TemplateId,
}

/// The arguments of [`SET_LANGUAGE`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LanguageArgs {
    /// "ru" or "en".
    pub lang: String,
}

/// The arguments of [`PUT_PURPOSES`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PutPurposesArgs {
    pub purposes: crate::Purposes,
}

/// `()` → [`crate::FloorNow`].
pub const PRESENCE: &str = "presence";
/// [`PresenceArgs`] → [`crate::FloorNow`].
pub const CHANGE_PRESENCE: &str = "change_presence";

/// The arguments of [`CHANGE_PRESENCE`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PresenceArgs {
    pub request: crate::PresenceRequest,
}

/// The arguments of [`ENROL`]: the enrolment text, and the server's address typed beside it (used when the text is
/// only the device's id and key).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EnrolArgs {
    pub text: String,
    pub server: String,
}
