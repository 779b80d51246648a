//! The sync engine: every action commits to the local store first and shows at once (pending); the engine pushes
//! the outbox, pulls the change feed by cursor, keeps the live channel open, and reconnects with backoff and jitter
//! when the network goes. Its state is published for the UI ([`SyncStatus`]), and what should reach the person as a
//! notification is published as [`Notice`]s.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use floordesk_client::{Client, Live};
use floordesk_domain::{
    Action, Actor, AlertStage, Audience, CaseId, DeadlineStatus, DeadlineTable, KpiReport, Permission, Priority,
    StaffId, StoryId, Task, TaskDetails, TaskId, TaskStatus, TemplateId, Timestamp, TransitionError,
};
use floordesk_protocol::{
    ApiError, CaseView, CloseCaseRequest, ErrorCode, FloorNow, KpiQuery, LiveMessage, LoginRequest, NewStory,
    NewTaskRequest, Op, OpChange, PresenceRequest, Problem, Purposes, PushRequest, RejectedAction, SignedIn,
    StaffProfile, Story, StoryList, SyncStatus, TaskHistory, TaskList, TaskView, Template, TemplateDraft, TemplateList,
    ViewChanged, MAX_PULL_LIMIT, MAX_PUSH_OPS,
};
use tokio::sync::{broadcast, watch, Mutex, Notify};

use crate::kept::{zones_of, Kept};
use crate::local::{random_hex, LocalError, LocalStore, Person, StoreKey};

/// A task as the device shows it: the server's copy, or what the person's pending ops made of it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LocalTask {
    pub task: Task,
    /// Changed here, not yet answered by the server.
    pub pending: bool,
}

/// Everything the active person's screens need from the device.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LocalView {
    pub person: StaffProfile,
    pub tasks: Vec<LocalTask>,
    /// Actions the server refused and undid, newest first, until dismissed.
    pub rejections: Vec<RejectedAction>,
}

/// Something that should reach the person as a notification. Carries no personal data: only what happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Notice {
    /// Someone gave me a task.
    AssignedToMe,
    /// A new emergency or urgent task nobody holds, in my zone.
    UrgentInMyZone,
    /// A task I held was given to someone else.
    ReassignedAway,
    /// A task I hold is close to its deadline.
    DeadlineNear,
    /// A child looked after on my floor has been kept past the agreed time (told to whoever gives out the work,
    /// not only to the holder).
    ChildcareOverdue,
    /// A rule reminds me of a task I hold (not started yet, an aid to bring first, a child's time nearly up).
    Reminder,
    /// A rule asks the supervisors' attention (escalated, a breach, a person suggested): told to whoever gives out
    /// the work.
    Attention,
}

/// My open tasks that came close to (or past) a deadline, and — for whoever gives out the work (coordinators,
/// supervisors) — children kept past their agreed time by someone else; each is announced once (its id goes into
/// `announced`).
pub fn deadline_notices(
    me: &StaffProfile,
    tasks: &[LocalTask],
    deadlines: &DeadlineTable,
    now: Timestamp,
    announced: &mut std::collections::HashSet<TaskId>,
) -> Vec<Notice> {
    let watches_floor = watches_floor(me);
    tasks
        .iter()
        .map(|t| &t.task)
        .filter(|t| t.status.is_open())
        .filter_map(|t| {
            let status = deadlines.status(t, now);
            if t.assignee.as_ref() == Some(&me.id) {
                matches!(status, DeadlineStatus::Approaching { .. } | DeadlineStatus::Breached { .. })
                    .then_some((t, Notice::DeadlineNear))
            } else {
                // Past the agreed time itself (not a late start: the child is looked after either way).
                let overdue_child = matches!(&t.details, TaskDetails::Childcare(c)
                    if c.end.is_none() && now > c.start.plus_minutes(i64::from(c.max_duration.0)));
                (watches_floor && overdue_child).then_some((t, Notice::ChildcareOverdue))
            }
        })
        .filter(|(t, _)| announced.insert(t.id.clone()))
        .map(|(_, notice)| notice)
        .collect()
}

/// Whoever gives out the work: coordinators assign, supervisors reassign.
fn watches_floor(me: &StaffProfile) -> bool {
    me.role.can(Permission::AssignTask) || me.role.can(Permission::ReassignTask)
}

/// What the person should hear of a change of a task from `before` (their copy, if any) to `after`.
pub fn notices(me: &StaffProfile, before: Option<&Task>, after: &Task) -> Vec<Notice> {
    let mut found = Vec::new();
    let mine = |t: Option<&Task>| t.and_then(|t| t.assignee.as_ref()) == Some(&me.id);
    // Given by someone else (assigned or reassigned: it waits for my acceptance), not taken by me.
    if mine(Some(after)) && !mine(before) && after.status == TaskStatus::Assigned {
        found.push(Notice::AssignedToMe);
    }
    if mine(before) && after.assignee.as_ref().is_some_and(|a| *a != me.id) {
        found.push(Notice::ReassignedAway);
    }
    // What a rule newly left on the task, for me.
    let new_alerts = after.alerts.iter().skip(before.map_or(0, |b| b.alerts.len())).filter(|a| a.is_open());
    for alert in new_alerts {
        let notice = match alert.to {
            Audience::Holder if alert.staff.as_ref() == Some(&me.id) => Notice::Reminder,
            // A suggestion waits on the attention list; an escalation or a breach is told.
            Audience::Supervisors if watches_floor(me) && alert.stage != AlertStage::Suggest => Notice::Attention,
            _ => continue,
        };
        if !found.contains(&notice) {
            found.push(notice);
        }
    }
    let urgent = matches!(after.priority, Priority::Emergency | Priority::Urgent);
    if before.is_none()
        && urgent
        && after.status.is_open()
        && after.assignee.is_none()
        && me.zone.as_ref() == Some(&after.zone)
    {
        found.push(Notice::UrgentInMyZone);
    }
    found
}

/// The device's wall clock as a domain timestamp (the engine is at the IO edge).
pub fn now() -> Timestamp {
    let since_epoch = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    Timestamp(i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX))
}

/// An action the task rules refused on the device, with its reason for the screen to word.
fn refused(error: TransitionError) -> ApiError {
    let message = error.to_string();
    ApiError::bad(Problem::Refused { error }, message)
}

fn local(e: LocalError) -> ApiError {
    tracing::error!(error = %e, "local store failure");
    ApiError::new(ErrorCode::Internal, format!("This device could not save or read its data: {e}"))
}

/// An unreachable server, said for what needs it: the indicators, stories and template edits are not kept on the
/// device.
fn needs_server(e: ApiError, what: &str) -> ApiError {
    if e.code == ErrorCode::Unreachable {
        ApiError::new(
            ErrorCode::Unreachable,
            format!("{what} needs the server, which cannot be reached now; check the network and try again."),
        )
    } else {
        e
    }
}

/// The delay before reconnect attempt `attempt` (0-based): doubling from 0.5 s up to 30 s, half of it random, so a
/// floor of devices that lost the network together does not come back in one burst.
pub fn backoff(attempt: u32) -> Duration {
    use rand::Rng;
    let cap_ms = (500u64 << attempt.min(6)).min(30_000);
    Duration::from_millis(cap_ms / 2 + rand::rng().random_range(0..=cap_ms / 2))
}

/// Where the device keeps the address of the server it was set up with.
const SERVER: &str = "server_url";

/// Where the device keeps the last directory of sites, zones and people.
const DIRECTORY: &str = "directory";

/// Where the device keeps a site's deadline table, with when it was fetched (followed by the site's id).
const DEADLINES: &str = "deadlines";

/// Where the device keeps `what` of the person's site ([`DEADLINES`], [`PURPOSES`]).
fn kept_for(what: &str, person: &Person) -> String {
    format!("{what}:{}", person.profile.site)
}

/// How long a site's deadline table is used before it is fetched again, in milliseconds.
const DEADLINES_KEPT_MS: i64 = 60 * 60 * 1000;

/// Where the device keeps a site's common purposes (followed by the site's id).
const PURPOSES: &str = "purposes";

/// The engine of one device.
#[derive(Debug)]
pub struct Engine {
    /// The server's client: replaced when the device is set up on its first run ([`Engine::enrol`]).
    client: std::sync::RwLock<Client>,
    store: LocalStore,
    /// This device's id for pushes of sign-ins not bound to an enrolled device (kept in the store).
    device: String,
    status: watch::Sender<SyncStatus>,
    notices: broadcast::Sender<Notice>,
    /// Woken by every local action and sign-in, so the push goes at once.
    wake: Notify,
    /// One sync at a time.
    syncing: Mutex<()>,
    /// The view kept in memory of the person last read or pulled (the active one); every write of copies or an outbox
    /// takes it, so the two never part. This engine must be its store's one writer.
    kept: Mutex<Option<Kept>>,
    /// Set when the screens should read the view whole at the next [`Engine::news`]: the view kept was built or
    /// dropped, a new deadline table was fetched.
    whole: AtomicBool,
    /// Set when who is on the floor changed, until the next [`Engine::news`] tells it.
    floor: AtomicBool,
    /// The directory kept in the store, read from it once and replaced as it is kept again (the holders of each
    /// change are named from it, so it is not read and decoded per change). This engine is its store's one writer.
    directory: Mutex<Option<Arc<floordesk_protocol::Directory>>>,
}

impl Engine {
    /// The engine over the store at `path`, talking to the server at `server_url` if given (an override: a test's,
    /// a developer's), else at the address the device was set up with (none yet: nothing is reached until
    /// [`Engine::enrol`]); resumes where the device was (sessions, outbox, cursor) after a restart.
    pub async fn open(path: &Path, server_url: Option<&str>) -> Result<Self, ApiError> {
        Self::open_with(path, server_url, None).await
    }

    /// [`Engine::open`] over a store encrypted with `key` (the app's, whose key the OS keystore keeps).
    pub async fn open_with(path: &Path, server_url: Option<&str>, key: Option<&StoreKey>) -> Result<Self, ApiError> {
        let store = LocalStore::open(path, key).await.map_err(local)?;
        let pending = store.pending().await.map_err(local)?;
        let last_sync = store.active().await.map_err(local)?.and_then(|p| p.last_sync);
        let device = store.device_id().await.map_err(local)?;
        let server = match server_url {
            Some(url) => url.to_owned(),
            None => store.recall::<String>(SERVER).await.map_err(local)?.unwrap_or_default(),
        };
        Ok(Self {
            client: std::sync::RwLock::new(Client::new(&server)),
            store,
            device,
            status: watch::Sender::new(SyncStatus { pending, last_sync, ..SyncStatus::default() }),
            notices: broadcast::channel(64).0,
            wake: Notify::new(),
            syncing: Mutex::new(()),
            kept: Mutex::new(None),
            whole: AtomicBool::new(true),
            floor: AtomicBool::new(false),
            directory: Mutex::new(None),
        })
    }

    /// The server client (for what the device does not keep: the directory, sign-in).
    pub fn client(&self) -> Client {
        self.client.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// The server this device talks to and the enrolled device it is (the first-run screen shows while either is
    /// missing).
    pub async fn setup(&self) -> Result<floordesk_protocol::DeviceSetup, ApiError> {
        let server = self.client().base_url().to_owned();
        let device = self.store.credential().await.map_err(local)?.map(|c| c.id);
        Ok(floordesk_protocol::DeviceSetup { server: (!server.is_empty()).then_some(server), device })
    }

    /// Sets the device up with what a supervisor enrolled it as: the server at `enrolment.server` (checked by the
    /// caller) is asked for the device's sign-in list with its credential, and only when it answers are the address
    /// and the credential kept (so a mistyped code leaves the device as it was).
    pub async fn enrol(
        &self,
        enrolment: &floordesk_protocol::Enrolment,
    ) -> Result<floordesk_protocol::Directory, ApiError> {
        let client = Client::new(&enrolment.server);
        let directory = client.device_directory(&enrolment.device).await?;
        self.store.remember(SERVER, &enrolment.server).await.map_err(local)?;
        self.store.set_credential(&enrolment.device).await.map_err(local)?;
        self.keep_directory(&directory).await?;
        *self.client.write().unwrap_or_else(std::sync::PoisonError::into_inner) = client;
        self.wake.notify_one();
        Ok(directory)
    }

    /// This device's site and who may sign in on it: from the server with the device's credential (a device that
    /// was not enrolled is told so), kept for when the server cannot be reached.
    pub async fn directory(&self) -> Result<floordesk_protocol::Directory, ApiError> {
        let Some(credential) = self.store.credential().await.map_err(local)? else {
            return Err(ApiError::new(
                ErrorCode::Unauthorized,
                "This device is not enrolled yet: a supervisor enrols it and shows its enrolment code.",
            ));
        };
        match self.client().device_directory(&credential).await {
            Ok(directory) => {
                self.keep_directory(&directory).await?;
                Ok(directory)
            }
            Err(e) if e.code == ErrorCode::Unreachable => self.store.recall(DIRECTORY).await.map_err(local)?.ok_or(e),
            Err(e) => Err(e),
        }
    }

    /// The local store (for inspection by the shell and the tests).
    pub fn store(&self) -> &LocalStore {
        &self.store
    }

    /// The sync state, as it changes. It is sent again after every change of what the device shows (a local action,
    /// an answer to a push, a pulled page, the view dropped, the deadline table fetched) and when who is on the floor
    /// changed, so a watcher of it hears of every change the window is told of ([`Engine::news`]).
    pub fn status(&self) -> watch::Receiver<SyncStatus> {
        self.status.subscribe()
    }

    /// Notifications due to the active person, as changes arrive.
    pub fn notices(&self) -> broadcast::Receiver<Notice> {
        self.notices.subscribe()
    }

    /// Signs a person in on this device, makes them the active person and takes in their tasks. Whoever used it
    /// before stays signed in in the background until their pending ops are sent.
    pub async fn sign_in(&self, staff: StaffId, code: &str) -> Result<SignedIn, ApiError> {
        let device = self.store.credential().await.map_err(local)?;
        let answer = self.client().login(&LoginRequest { device, ..LoginRequest::new(staff, code) }).await?;
        let signed = answer.signed_in;
        let device = signed.device.as_deref();
        self.store.sign_in(&signed.staff, &answer.token, signed.expires_at, device).await.map_err(local)?;
        // The first screen shows the person's tasks, on their site's deadline table: take them in now (the server
        // just answered). A failure here is not the sign-in's: the background sync retries.
        if let Err(e) = self.sync().await {
            tracing::info!(error = %e.message, "first sync after sign-in failed; retrying in the background");
        }
        self.wake.notify_one();
        Ok(signed)
    }

    /// The deadline table of the active person's site as the server last sent it (the standard one before any
    /// answer): every clock on the device is computed from it, as on the server, on the site's working days.
    pub async fn deadlines(&self) -> DeadlineTable {
        let Ok(person) = self.active().await else { return DeadlineTable::standard() };
        self.deadlines_of(&person).await
    }

    /// The deadline table of `person`'s site as the server last sent it, the standard one before any answer.
    async fn deadlines_of(&self, person: &Person) -> DeadlineTable {
        self.kept_deadlines(person).await.map_or_else(DeadlineTable::standard, |(_, table)| table)
    }

    /// A site's deadline table kept on the device, with when it was fetched.
    async fn kept_deadlines(&self, person: &Person) -> Option<(Timestamp, DeadlineTable)> {
        self.store.recall(&kept_for(DEADLINES, person)).await.ok().flatten()
    }

    /// Fetches the person's site's deadline table when the device has none, or one older than
    /// [`DEADLINES_KEPT_MS`] (the site's hours or the server's rules may have changed). A failure is not the sync's:
    /// the table kept is used meanwhile.
    async fn refresh_deadlines(&self, person: &Person, token: &str) -> Result<(), ApiError> {
        let kept = self.kept_deadlines(person).await;
        let fetched = kept.as_ref().map(|(at, _)| *at);
        // Fetched again also while the device has not compared its clock with the server's since it started.
        let compared = self.status.borrow().clock_ahead_ms.is_some();
        if compared && fetched.is_some_and(|at| now().millis_since(at) < DEADLINES_KEPT_MS) {
            return Ok(());
        }
        let asked = now();
        match self.client().deadlines(token).await {
            Ok(answer) => {
                // The server's clock read halfway through the call, against this device's.
                let answered = now();
                let midway = Timestamp(asked.0 + answered.millis_since(asked) / 2);
                let ahead = midway.millis_since(answer.server_time);
                // The screens' clocks and order follow the table: a new one has them read the list whole.
                let new = kept.is_none_or(|(_, table)| table != answer.deadlines);
                self.store
                    .remember(&kept_for(DEADLINES, person), &(answered, answer.deadlines))
                    .await
                    .map_err(local)?;
                if new {
                    self.whole.store(true, Ordering::SeqCst);
                }
                self.status.send_modify(|s| s.clock_ahead_ms = Some(ahead));
                Ok(())
            }
            Err(e) => {
                tracing::info!(error = %e.message, "deadline table not fetched; the one kept is used");
                Ok(())
            }
        }
    }

    /// Signs the active person out here. Their pending ops stay and are still sent; their sign-in is then ended on
    /// the server.
    pub async fn sign_out(&self) -> Result<(), ApiError> {
        self.store.sign_out().await.map_err(local)?;
        self.wake.notify_one();
        Ok(())
    }

    async fn active(&self) -> Result<Person, ApiError> {
        self.store
            .active()
            .await
            .map_err(local)?
            .ok_or_else(|| ApiError::new(ErrorCode::Unauthorized, "Sign in first."))
    }

    /// The active person's tasks with their pending ops applied, and the rejections to show.
    pub async fn view(&self) -> Result<LocalView, ApiError> {
        let person = self.active().await?;
        self.view_of(&person).await
    }

    /// The notices of the active person's tasks that came close to their deadline by `now`, each task once (see
    /// [`deadline_notices`]), read in the view kept without copying it out: the shell asks every 30 s, and a
    /// supervisor's view of a big site is megabytes.
    pub async fn deadline_notices(
        &self,
        now: Timestamp,
        announced: &mut std::collections::HashSet<TaskId>,
    ) -> Result<Vec<Notice>, ApiError> {
        let person = self.active().await?;
        let deadlines = self.deadlines_of(&person).await;
        let mut kept = self.kept.lock().await;
        let shown = self.kept_of(&mut kept, &person).await?.shown();
        Ok(deadline_notices(&person.profile, shown, &deadlines, now, announced))
    }

    /// The active person's refused actions to explain, newest first (without building the whole view).
    pub async fn rejections(&self) -> Result<Vec<RejectedAction>, ApiError> {
        let person = self.active().await?;
        self.store.rejections(&person.profile.id).await.map_err(local)
    }

    async fn view_of(&self, person: &Person) -> Result<LocalView, ApiError> {
        let tasks = {
            let mut kept = self.kept.lock().await;
            self.kept_of(&mut kept, person).await?.shown().to_vec()
        };
        let rejections = self.store.rejections(&person.profile.id).await.map_err(local)?;
        Ok(LocalView { person: person.profile.clone(), tasks, rejections })
    }

    /// What to tell the window of what changed since the last call (the engine publishes its status after each change of
    /// the view kept, and when the floor changed): the tasks whose view changed, as shown now, in order and with
    /// their holders named — or none, when the window should read the view whole ([`Kept::news`], and see
    /// `whole`) — and whether who is on the floor changed. What it tells, it tells once: its one reader is the
    /// shell's announcement of changes.
    pub async fn news(&self) -> ViewChanged {
        let person = self.active().await.ok();
        let tasks = {
            let mut kept = self.kept.lock().await;
            let kept = kept.as_mut().filter(|k| person.is_some_and(|p| *k.person() == p.profile));
            kept.and_then(Kept::news)
        };
        let whole = self.whole.swap(false, Ordering::SeqCst);
        let floor = self.floor.swap(false, Ordering::SeqCst);
        let tasks = match tasks {
            Some(tasks) if !whole => Some(self.named(tasks).await),
            _ => None,
        };
        ViewChanged { tasks, floor }
    }

    /// The task list the screens show, made from the device's copy: the view, its holders named, arranged.
    pub async fn task_list(&self) -> Result<TaskList, ApiError> {
        let view = self.view().await?;
        let views = self.named(view.tasks).await;
        Ok(TaskList::arrange(&view.person, views, self.deadlines().await, now()))
    }

    /// The device's tasks as the screens show them, each holder named from the directory kept on the device.
    pub async fn named(&self, tasks: Vec<LocalTask>) -> Vec<TaskView> {
        if tasks.is_empty() {
            return Vec::new();
        }
        let names: HashMap<StaffId, String> = self
            .kept_directory()
            .await
            .map(|d| d.staff.iter().map(|e| (e.staff.id.clone(), e.staff.display_name.clone())).collect())
            .unwrap_or_default();
        tasks
            .into_iter()
            .map(|local| TaskView {
                assignee_name: local.task.assignee.as_ref().and_then(|a| names.get(a).cloned()),
                task: local.task,
                pending: local.pending,
            })
            .collect()
    }

    /// The person's view kept in memory, built from the store when none is kept for them.
    async fn kept_of<'k>(&self, kept: &'k mut Option<Kept>, person: &Person) -> Result<&'k mut Kept, ApiError> {
        if kept.as_ref().is_none_or(|k| *k.person() != person.profile) {
            self.whole.store(true, Ordering::SeqCst);
            let me = &person.profile;
            let zones = self.kept_directory().await.map(|d| zones_of(&d, me)).unwrap_or_default();
            let copies = self.store.tasks(&me.id).await.map_err(local)?;
            let outbox = self.store.outbox(&me.id).await.map_err(local)?;
            *kept = Some(Kept::new(me.clone(), zones, copies, outbox));
        }
        Ok(kept.as_mut().expect("kept just now"))
    }

    /// Forgets the view kept in memory if `directory` names its site's zones otherwise than it was built with: the next
    /// read builds it again.
    async fn directory_changed(&self, directory: &floordesk_protocol::Directory) {
        let mut kept = self.kept.lock().await;
        if kept.as_ref().is_some_and(|k| !k.names_zones_as(directory)) {
            *kept = None;
            self.whole.store(true, Ordering::SeqCst);
            self.status.send_modify(|_| {});
        }
    }

    /// Does `action` to a task: decided by the domain against the device's copy, committed to the outbox, shown at
    /// once as pending. The server has the last word.
    pub async fn act(&self, task: &TaskId, action: Action, at: Timestamp) -> Result<LocalTask, ApiError> {
        let (person, actor, current) = self.current(task).await?;
        let after = current.apply(&actor, &action, at).map_err(refused)?;
        let change = OpChange::Act { task: task.clone(), action };
        self.commit(&person, Op { id: op_id(), device_time: at, base_version: current.version, change }).await?;
        Ok(LocalTask { task: after, pending: true })
    }

    /// The active person, who they act as, and the device's copy of `task` with their pending ops applied.
    async fn current(&self, task: &TaskId) -> Result<(Person, Actor, Task), ApiError> {
        let (person, actor, current, ()) = self.current_with(task, |_, _| ()).await?;
        Ok((person, actor, current))
    }

    /// Like [`Engine::current`], with what `also` reads of the kept view beside the task.
    async fn current_with<T>(
        &self,
        task: &TaskId,
        also: impl FnOnce(&Kept, &Task) -> T,
    ) -> Result<(Person, Actor, Task, T), ApiError> {
        let person = self.active().await?;
        let (current, seen) = {
            let mut kept = self.kept.lock().await;
            let kept = self.kept_of(&mut kept, &person).await?;
            let current = kept.find(task).cloned().ok_or_else(|| {
                ApiError::new(ErrorCode::NotFound, "This task is no longer on this device; it may have moved on.")
            })?;
            let seen = also(kept, &current);
            (current, seen)
        };
        let actor = Actor { staff: person.profile.id.clone(), role: person.profile.role };
        Ok((person, actor, current, seen))
    }

    /// Confirms a relatives' meeting and plans its escort as task `escort`, on the device first (both show at once,
    /// pending), decided by the domain as the server will decide it; the escort starts where the meeting was
    /// arranged, by the site's name for that zone in the directory kept on the device.
    pub async fn confirm_meeting(&self, task: &TaskId, escort: TaskId, at: Timestamp) -> Result<LocalTask, ApiError> {
        // Whether the device has another task under the escort's id, and where the escort starts.
        let (person, actor, current, (taken, pickup)) = self
            .current_with(task, |kept, current| {
                (kept.find(&escort).is_some_and(|t| !t.is_escort_of(current)), kept.zone_name(&current.zone))
            })
            .await?;
        let (after, _) = current.confirm_meeting(&actor, escort.clone(), pickup, at).map_err(refused)?;
        if taken {
            return Err(ApiError::bad(Problem::IdTaken, "A task with this id exists already."));
        }
        let change = OpChange::ConfirmMeeting { task: task.clone(), escort };
        self.commit(&person, Op { id: op_id(), device_time: at, base_version: current.version, change }).await?;
        Ok(LocalTask { task: after, pending: true })
    }

    /// The directory of sites, zones and people as the device last fetched it.
    pub async fn kept_directory(&self) -> Option<Arc<floordesk_protocol::Directory>> {
        let mut kept = self.directory.lock().await;
        if kept.is_none() {
            *kept = self.store.recall(DIRECTORY).await.ok().flatten().map(Arc::new);
        }
        kept.clone()
    }

    /// Keeps a directory just fetched, in the store and beside it in memory; a view kept with other names of its
    /// zones is built again.
    async fn keep_directory(&self, directory: &floordesk_protocol::Directory) -> Result<(), ApiError> {
        {
            let mut kept = self.directory.lock().await;
            self.store.remember(DIRECTORY, directory).await.map_err(local)?;
            *kept = Some(Arc::new(directory.clone()));
        }
        self.directory_changed(directory).await;
        Ok(())
    }

    /// Replaces a task's descriptive fields (an ambulance's arrival, a taxi ordered): decided by the domain against
    /// the device's copy, committed to the outbox, shown at once as pending; last writer wins on the server.
    pub async fn update_details(
        &self,
        task: &TaskId,
        details: TaskDetails,
        at: Timestamp,
    ) -> Result<LocalTask, ApiError> {
        let (person, actor, current) = self.current(task).await?;
        let after = current.update_details(&actor, details.clone()).map_err(refused)?;
        let change = OpChange::Details { task: task.clone(), details };
        self.commit(&person, Op { id: op_id(), device_time: at, base_version: current.version, change }).await?;
        Ok(LocalTask { task: after, pending: true })
    }

    /// Creates a task: checked by the domain, committed to the outbox, shown at once as pending.
    pub async fn create(&self, task: NewTaskRequest, at: Timestamp) -> Result<LocalTask, ApiError> {
        let person = self.active().await?;
        let created = Task::new(task.to_new_task(&person.profile.site, &person.profile.id, at)).map_err(|error| {
            let message = error.to_string();
            ApiError::bad(Problem::Field { error }, message)
        })?;
        self.commit(&person, Op { id: op_id(), device_time: at, base_version: 0, change: OpChange::Create { task } })
            .await?;
        Ok(LocalTask { task: created, pending: true })
    }

    /// The active person and their bearer token, for calls that go straight to the server.
    async fn signed_in(&self) -> Result<(Person, String), ApiError> {
        let person = self.active().await?;
        match person.token.clone() {
            Some(token) => Ok((person, token)),
            None => Err(ApiError::new(ErrorCode::Unauthorized, "This sign-in has ended; sign in again.")),
        }
    }

    /// The service indicators of the active person's site over a period (supervisors). Needs the server.
    pub async fn kpi(&self, query: &KpiQuery) -> Result<KpiReport, ApiError> {
        let (_, token) = self.signed_in().await?;
        self.client().kpi(&token, query).await.map_err(|e| needs_server(e, "The service indicators report"))
    }

    /// A task's history (who did what, when and why), as the server keeps it. Needs the server.
    pub async fn task_history(&self, task: &TaskId) -> Result<TaskHistory, ApiError> {
        let (_, token) = self.signed_in().await?;
        self.client().task_history(&token, task).await.map_err(|e| needs_server(e, "A task's history"))
    }

    /// One visitor's case (every task of it in order, its overall wait, its close), as the server keeps it. Needs
    /// the server.
    pub async fn case(&self, case: &CaseId) -> Result<CaseView, ApiError> {
        let (_, token) = self.signed_in().await?;
        self.client().case(&token, case).await.map_err(|e| needs_server(e, "A visitor's whole case"))
    }

    /// Closes a resolved visitor's case with the visitor's one rating, if given. Needs the server.
    pub async fn close_case(&self, case: &CaseId, request: &CloseCaseRequest) -> Result<CaseView, ApiError> {
        let (_, token) = self.signed_in().await?;
        self.client().close_case(&token, case, request).await.map_err(|e| needs_server(e, "Closing a visit"))
    }

    /// The good stories of the active person's site, newest first; with `since`, only those posted from then on.
    /// Needs the server.
    pub async fn stories(&self, since: Option<Timestamp>) -> Result<StoryList, ApiError> {
        let (_, token) = self.signed_in().await?;
        self.client().stories(&token, since).await.map_err(|e| needs_server(e, "Reading the good stories"))
    }

    /// Posts a good story as the active person; sending it again posts it once. Needs the server.
    pub async fn post_story(&self, story: &NewStory) -> Result<Story, ApiError> {
        let (_, token) = self.signed_in().await?;
        self.client().post_story(&token, story).await.map_err(|e| needs_server(e, "Posting a story"))
    }

    /// The active person likes a story (`like`), or takes the like back. Needs the server.
    pub async fn like_story(&self, id: &StoryId, like: bool) -> Result<Story, ApiError> {
        let (_, token) = self.signed_in().await?;
        self.client().like_story(&token, id, like).await.map_err(|e| needs_server(e, "A like"))
    }

    /// The answer templates of the active person's site: from the server, kept on the device; when the server cannot
    /// be reached, the copy kept last.
    pub async fn templates(&self) -> Result<TemplateList, ApiError> {
        let (person, token) = self.signed_in().await?;
        let site = &person.profile.site;
        match self.client().templates(&token).await {
            Ok(list) => {
                self.store.keep_templates(site, &list, now()).await.map_err(local)?;
                Ok(list)
            }
            Err(e) if e.code == ErrorCode::Unreachable => {
                self.store.templates(site).await.map_err(local)?.ok_or_else(|| {
                    ApiError::new(
                        ErrorCode::Unreachable,
                        "The answer templates have not reached this device yet and the server cannot be reached; \
                     connect to the network once and they will stay available offline.",
                    )
                })
            }
            Err(e) => Err(e),
        }
    }

    /// Writes an answer template of the active person's site (supervisors); the device's copy follows. Needs the
    /// server.
    pub async fn put_template(&self, id: &TemplateId, draft: &TemplateDraft) -> Result<Template, ApiError> {
        let (person, token) = self.signed_in().await?;
        let written =
            self.client().put_template(&token, id, draft).await.map_err(|e| needs_server(e, "Changing a template"))?;
        self.update_kept_templates(&person, |list| {
            list.retain(|t| t.id != written.id);
            list.push(written.clone());
        })
        .await?;
        Ok(written)
    }

    /// Removes an answer template of the active person's site (supervisors); the device's copy follows. Needs the
    /// server.
    pub async fn delete_template(&self, id: &TemplateId) -> Result<(), ApiError> {
        let (person, token) = self.signed_in().await?;
        self.client().delete_template(&token, id).await.map_err(|e| needs_server(e, "Removing a template"))?;
        self.update_kept_templates(&person, |list| list.retain(|t| t.id != *id)).await
    }

    /// The common purposes of the active person's site, as the server last said them: kept on the device, so that
    /// one-tap contacts offer the site's own purposes when the server cannot be reached.
    pub async fn purposes(&self) -> Result<Purposes, ApiError> {
        let (person, token) = self.signed_in().await?;
        let key = kept_for(PURPOSES, &person);
        match self.client().purposes(&token).await {
            Ok(list) => {
                self.store.remember(&key, &list).await.map_err(local)?;
                Ok(list)
            }
            Err(e) if e.code == ErrorCode::Unreachable => self.store.recall(&key).await.map_err(local)?.ok_or(e),
            Err(e) => Err(e),
        }
    }

    /// Replaces the common purposes of the active person's site (supervisors), and keeps the new list. Needs the
    /// server.
    pub async fn put_purposes(&self, purposes: &Purposes) -> Result<Purposes, ApiError> {
        let (person, token) = self.signed_in().await?;
        let saved =
            self.client().put_purposes(&token, purposes).await.map_err(|e| needs_server(e, "Changing the purposes"))?;
        let key = kept_for(PURPOSES, &person);
        self.store.remember(&key, &saved).await.map_err(local)?;
        Ok(saved)
    }

    /// Who of the active person's site is on shift. Needs the server.
    pub async fn presence(&self) -> Result<FloorNow, ApiError> {
        let (_, token) = self.signed_in().await?;
        self.client().presence(&token).await.map_err(|e| needs_server(e, "Who is on shift"))
    }

    /// Changes the active person's presence (or, a supervisor, ends another's shift). Needs the server: a shift is
    /// recorded where the rules run.
    pub async fn change_presence(&self, request: &PresenceRequest) -> Result<FloorNow, ApiError> {
        let (_, token) = self.signed_in().await?;
        self.client().change_presence(&token, request).await.map_err(|e| needs_server(e, "Starting or ending a shift"))
    }

    /// Applies a change the server accepted to the device's copy of the site's templates, if it keeps one.
    async fn update_kept_templates(
        &self,
        person: &Person,
        change: impl FnOnce(&mut Vec<Template>),
    ) -> Result<(), ApiError> {
        let site = &person.profile.site;
        let Some(mut kept) = self.store.templates(site).await.map_err(local)? else { return Ok(()) };
        change(&mut kept.templates);
        kept.templates.sort_by(|a, b| (&a.title, &a.id).cmp(&(&b.title, &b.id)));
        self.store.keep_templates(site, &kept, now()).await.map_err(local)
    }

    /// Dismisses a shown rejection.
    pub async fn dismiss(&self, op: &str) -> Result<(), ApiError> {
        let person = self.active().await?;
        self.store.dismiss(&person.profile.id, op).await.map_err(local)
    }

    async fn commit(&self, person: &Person, op: Op) -> Result<(), ApiError> {
        {
            let mut kept = self.kept.lock().await;
            self.store.enqueue(&person.profile.id, &op).await.map_err(local)?;
            if let Some(kept) = kept.as_mut().filter(|k| *k.person() == person.profile) {
                kept.committed(op);
            }
        }
        self.refresh_pending().await?;
        self.wake.notify_one();
        Ok(())
    }

    async fn refresh_pending(&self) -> Result<(), ApiError> {
        let pending = self.store.pending().await.map_err(local)?;
        self.status.send_modify(|s| s.pending = pending);
        Ok(())
    }

    /// One round: every signed-in person's outbox is pushed (someone who signed out is then signed out on the
    /// server), and the active person's feed is pulled to the end. An unreachable server leaves everything in place
    /// and marks the device offline.
    pub async fn sync(&self) -> Result<(), ApiError> {
        let _one = self.syncing.lock().await;
        let result = self.sync_round().await;
        let online = !matches!(&result, Err(e) if e.code == ErrorCode::Unreachable);
        self.status.send_modify(|s| {
            s.online = online;
            s.catching_up = None;
        });
        self.refresh_pending().await?;
        result
    }

    /// Each signed-in person in turn. One person's failure (a refused push, a busy task) does not hold the others
    /// back: the round goes on and answers with the first failure, so the device tries again; only an unreachable
    /// server ends the round at once.
    async fn sync_round(&self) -> Result<(), ApiError> {
        let mut first_failure = None;
        for person in self.store.people().await.map_err(local)? {
            let Some(token) = person.token.clone() else { continue };
            match self.sync_person(&person, &token).await {
                Ok(()) => {}
                Err(e) if e.code == ErrorCode::Unauthorized => {
                    // Expired, signed out elsewhere, or the device was withdrawn: the outbox waits for the next
                    // sign-in of this person.
                    tracing::info!(staff = %person.profile.id, "sign-in ended on the server");
                    self.store.end_session(&person.profile.id).await.map_err(local)?;
                }
                Err(e) if e.code == ErrorCode::Unreachable => return Err(e),
                Err(e) => {
                    tracing::info!(staff = %person.profile.id, error = %e.message, "sync of one person failed");
                    first_failure.get_or_insert(e);
                }
            }
        }
        first_failure.map_or(Ok(()), Err)
    }

    async fn sync_person(&self, person: &Person, token: &str) -> Result<(), ApiError> {
        self.push_all(person, token, person.device.as_deref().unwrap_or(&self.device)).await?;
        if person.leaving && self.store.outbox(&person.profile.id).await.map_err(local)?.is_empty() {
            self.client().logout(token).await?;
            self.store.end_session(&person.profile.id).await.map_err(local)?;
        }
        if person.active {
            self.pull_all(person, token).await?;
            self.refresh_deadlines(person, token).await?;
        }
        Ok(())
    }

    async fn push_all(&self, person: &Person, token: &str, device: &str) -> Result<(), ApiError> {
        loop {
            let mut ops = self.store.outbox(&person.profile.id).await.map_err(local)?;
            if ops.is_empty() {
                return Ok(());
            }
            ops.truncate(MAX_PUSH_OPS);
            let request = PushRequest {
                protocol: floordesk_protocol::SYNC_PROTOCOL_VERSION,
                device: device.to_owned(),
                ops,
                sent_at: Some(now()),
            };
            let response = self.client().push(token, &request).await?;
            if response.results.is_empty() {
                return Ok(());
            }
            {
                let mut kept = self.kept.lock().await;
                self.store.absorb_results(person, &response.results, now()).await.map_err(local)?;
                if let Some(kept) = kept.as_mut().filter(|k| *k.person() == person.profile) {
                    kept.answered(&person.scope(), &response.results);
                }
            }
            self.refresh_pending().await?;
        }
    }

    async fn pull_all(&self, person: &Person, token: &str) -> Result<(), ApiError> {
        let mut cursor = person.cursor;
        let mut taken = 0u64;
        loop {
            let page = self.client().pull(token, cursor, MAX_PULL_LIMIT).await?;
            let done = (!page.more).then(now);
            {
                // The copies before the page, to tell what is news to the person, from the view kept in memory.
                let mut kept = self.kept.lock().await;
                let kept = self.kept_of(&mut kept, person).await?;
                if person.cursor > 0 {
                    for change in &page.changes {
                        let before = kept.copy(&change.task.id);
                        if before.is_none_or(|b| b.version < change.task.version) {
                            for notice in notices(&person.profile, before, &change.task) {
                                let _ = self.notices.send(notice);
                            }
                        }
                    }
                }
                self.store.absorb_page(person, &page.changes, page.next_after, done).await.map_err(local)?;
                kept.pulled(&person.scope(), &page.changes);
            }
            taken += page.changes.len() as u64;
            cursor = page.next_after;
            if page.more {
                self.status.send_modify(|s| s.catching_up = Some(taken));
            } else {
                self.status.send_modify(|s| {
                    s.last_sync = done;
                    s.catching_up = None;
                });
                return Ok(());
            }
        }
    }

    /// Keeps the device in sync until the process ends: syncs, holds the live channel of the active person open and
    /// syncs on each announcement or local action, and after a failure waits [`backoff`] and tries again.
    pub async fn run(&self) {
        let mut failures = 0u32;
        loop {
            let token = match self.store.active().await {
                Ok(Some(Person { token: Some(token), .. })) => Some(token),
                _ => None,
            };
            let outcome = match self.sync().await {
                Ok(()) => match token {
                    Some(token) => self.listen(&token).await,
                    None => {
                        // Nobody to listen for: wait for a sign-in or an action (pushes of people who left go on).
                        let pending = self.store.pending().await.unwrap_or(0);
                        if pending == 0 {
                            self.wake.notified().await;
                        } else {
                            tokio::select! {
                                () = self.wake.notified() => {}
                                () = tokio::time::sleep(backoff(failures)) => {}
                            }
                        }
                        Ok(())
                    }
                },
                Err(e) => Err(e),
            };
            match outcome {
                Ok(()) => failures = 0,
                Err(e) => {
                    tracing::info!(error = %e.message, "sync interrupted; retrying");
                    self.status.send_modify(|s| s.online = e.code != ErrorCode::Unreachable && s.online);
                    tokio::select! {
                        () = self.wake.notified() => {}
                        () = tokio::time::sleep(backoff(failures)) => {}
                    }
                    failures = failures.saturating_add(1);
                }
            }
        }
    }

    /// Holds the live channel: syncs on every announcement and local action; returns when the channel ends.
    async fn listen(&self, token: &str) -> Result<(), ApiError> {
        let mut live: Live = self.client().live(token).await?;
        self.status.send_modify(|s| s.online = true);
        loop {
            tokio::select! {
                message = live.next() => match message {
                    Some(Ok(LiveMessage::Change { .. } | LiveMessage::Resync)) => self.sync().await?,
                    // Who is on the floor changed: the window fetches it again.
                    Some(Ok(LiveMessage::Floor)) => {
                        self.floor.store(true, Ordering::SeqCst);
                        self.status.send_modify(|_| {});
                    }
                    Some(Ok(LiveMessage::SessionEnded { .. })) | None => return Ok(()),
                    Some(Err(e)) => return Err(e),
                },
                () = self.wake.notified() => {
                    self.sync().await?;
                    // A sign-in or sign-out changes whose channel to hold.
                    let active = self.store.active().await.map_err(local)?;
                    if active.and_then(|p| p.token).as_deref() != Some(token) {
                        return Ok(());
                    }
                }
            }
        }
    }
}

/// A fresh op id: random, so ids from any device never collide.
fn op_id() -> String {
    format!("op-{}", random_hex(12))
}

#[cfg(test)]
mod tests {
    use floordesk_domain::{NewTask, Role, Routing, SiteId, TaskDetails, ZoneId};

    use super::*;

    fn igor() -> StaffProfile {
        StaffProfile {
            id: StaffId::new("igor").unwrap(),
            display_name: "Игорь Петров".into(),
            role: Role::Administrator,
            site: SiteId::new("poly-12").unwrap(),
            zone: Some(ZoneId::new("poly-12-f2").unwrap()),
        }
    }

    fn task(zone: &str, priority: Priority) -> Task {
        Task::new(NewTask {
            id: TaskId::new("t-1").unwrap(),
            site: SiteId::new("poly-12").unwrap(),
            zone: ZoneId::new(zone).unwrap(),
            case_id: None,
            priority,
            details: TaskDetails::Routing(Routing { purpose: "x".into(), destination: None }),
            created_by: StaffId::new("maria").unwrap(),
            met_at: Timestamp(0),
            created_at: Timestamp(0),
        })
        .unwrap()
    }

    fn act(task: &Task, by: &str, role: Role, action: Action) -> Task {
        task.apply(&Actor { staff: StaffId::new(by).unwrap(), role }, &action, Timestamp(1)).unwrap()
    }

    #[test]
    fn notices_say_what_concerns_me_and_nothing_else() {
        let me = igor();
        let urgent = task("poly-12-f2", Priority::Urgent);
        assert_eq!(notices(&me, None, &urgent), [Notice::UrgentInMyZone]);
        assert!(notices(&me, None, &task("poly-12-f3", Priority::Urgent)).is_empty(), "another zone");
        assert!(notices(&me, None, &task("poly-12-f2", Priority::Normal)).is_empty(), "not urgent");
        let given = act(&urgent, "maria", Role::Supervisor, Action::Assign { to: me.id.clone() });
        assert_eq!(notices(&me, Some(&urgent), &given), [Notice::AssignedToMe]);
        let mine = act(&urgent, "igor", Role::Administrator, Action::Claim);
        assert!(notices(&me, Some(&urgent), &mine).is_empty(), "my own claim is no news to me");
        let away = act(
            &given,
            "maria",
            Role::Supervisor,
            Action::Reassign { to: StaffId::new("olga").unwrap(), reason: None },
        );
        assert_eq!(notices(&me, Some(&given), &away), [Notice::ReassignedAway]);
    }

    #[test]
    fn what_a_rule_leaves_is_told_to_whom_it_is_for() {
        use floordesk_domain::{Alert, AlertStage, Audience, RuleKind};
        let me = igor();
        let maria = StaffProfile { id: StaffId::new("maria").unwrap(), role: Role::Supervisor, zone: None, ..igor() };
        let held = act(&task("poly-12-f2", Priority::Normal), "igor", Role::Administrator, Action::Claim);
        let alert = |stage, to, staff: Option<&str>| Alert {
            rule: RuleKind::StartReminder,
            stage,
            to,
            at: Timestamp(2),
            staff: staff.map(|s| StaffId::new(s).unwrap()),
            handled_at: None,
        };
        let mut reminded = held.clone();
        reminded.alerts.push(alert(AlertStage::Remind, Audience::Holder, Some("igor")));
        assert_eq!(notices(&me, Some(&held), &reminded), [Notice::Reminder]);
        assert!(notices(&maria, Some(&held), &reminded).is_empty(), "a reminder is the holder's");
        let mut escalated = reminded.clone();
        escalated.alerts.push(alert(AlertStage::Escalate, Audience::Supervisors, None));
        assert_eq!(notices(&maria, Some(&reminded), &escalated), [Notice::Attention]);
        assert!(notices(&me, Some(&reminded), &escalated).is_empty(), "an escalation is the supervisors'");
        assert!(notices(&maria, Some(&escalated), &escalated).is_empty(), "once");
    }

    #[test]
    fn reconnect_delays_double_up_to_half_a_minute_with_half_of_each_random() {
        for (attempt, cap_ms) in [(0, 500), (1, 1_000), (3, 4_000), (6, 30_000), (40, 30_000)] {
            let delays: Vec<u128> = (0..50).map(|_| backoff(attempt).as_millis()).collect();
            assert!(delays.iter().all(|d| (cap_ms / 2..=cap_ms).contains(d)), "attempt {attempt}: {delays:?}");
            assert!(delays.iter().any(|d| *d != delays[0]), "attempt {attempt}: no jitter in {delays:?}");
        }
    }

    #[test]
    fn a_deadline_is_announced_once_per_task() {
        let me = igor();
        let held = act(&task("poly-12-f2", Priority::Normal), "igor", Role::Administrator, Action::Claim);
        let tasks = [LocalTask { task: held, pending: false }];
        let table = DeadlineTable::standard();
        let mut announced = std::collections::HashSet::new();
        assert!(deadline_notices(&me, &tasks, &table, Timestamp(60_000), &mut announced).is_empty(), "plenty of time");
        let late = Timestamp(14 * 60_000);
        assert_eq!(deadline_notices(&me, &tasks, &table, late, &mut announced), [Notice::DeadlineNear]);
        assert!(deadline_notices(&me, &tasks, &table, late, &mut announced).is_empty(), "once");
        let mut others = std::collections::HashSet::new();
        let olga = StaffProfile { id: StaffId::new("olga").unwrap(), ..igor() };
        assert!(deadline_notices(&olga, &tasks, &table, late, &mut others).is_empty(), "not hers");
    }

    #[test]
    fn a_child_kept_past_the_agreed_time_is_told_to_whoever_gives_out_the_work() {
        let mut care = task("poly-12-f2", Priority::Normal);
        care.details = TaskDetails::Childcare(floordesk_domain::Childcare {
            child_first_name: "Миша".into(),
            child_age: 5,
            parent_location: "Кабинет 208".into(),
            start: Timestamp(0),
            end: None,
            max_duration: floordesk_domain::Minutes(30),
            handed_back_to: None,
        });
        // Taken in but not started: a late start is not an overrun.
        let held = act(&care, "igor", Role::Administrator, Action::Claim);
        let waiting = [LocalTask { task: held.clone(), pending: false }];
        let maria = StaffProfile { id: StaffId::new("maria").unwrap(), role: Role::Supervisor, zone: None, ..igor() };
        let sergey =
            StaffProfile { id: StaffId::new("sergey").unwrap(), role: Role::Coordinator, zone: None, ..igor() };
        let mut early = std::collections::HashSet::new();
        let started_late = Timestamp(16 * 60_000);
        assert!(deadline_notices(&maria, &waiting, &DeadlineTable::standard(), started_late, &mut early).is_empty());
        let held = act(&held, "igor", Role::Administrator, Action::Start);
        let tasks = [LocalTask { task: held, pending: false }];
        let table = DeadlineTable::standard();
        let olga = StaffProfile { id: StaffId::new("olga").unwrap(), ..igor() };
        let (mut told, mut not_told) = (std::collections::HashSet::new(), std::collections::HashSet::new());
        let in_time = Timestamp(20 * 60_000);
        assert!(deadline_notices(&maria, &tasks, &table, in_time, &mut told).is_empty(), "within the agreed time");
        let past = Timestamp(31 * 60_000);
        assert_eq!(deadline_notices(&maria, &tasks, &table, past, &mut told), [Notice::ChildcareOverdue]);
        assert!(deadline_notices(&maria, &tasks, &table, past, &mut told).is_empty(), "once");
        assert!(deadline_notices(&olga, &tasks, &table, past, &mut not_told).is_empty(), "another administrator");
        let mut coordinator = std::collections::HashSet::new();
        let told_coordinator = deadline_notices(&sergey, &tasks, &table, past, &mut coordinator);
        assert_eq!(told_coordinator, [Notice::ChildcareOverdue], "a coordinator");
    }
}
