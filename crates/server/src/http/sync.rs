//! The sync protocol's server side: push (apply a device's ops, each once, each in its own transaction), pull (the
//! change feed after a cursor).
//!
//! Conflict rules: the domain's state machine decides every op against the task as it is now; the store writes the
//! result only if the task has not changed since it was read (first writer wins), otherwise the op is decided
//! again against the newer task — so a second claim is rejected as "already taken". Descriptive fields are last
//! writer wins in server order. Clocks use the device time of the action.

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use floordesk_domain::{check_id, Action, Actor, FeedScope, Permission, Task, Timestamp, TransitionError, MAX_ID_LEN};
use floordesk_protocol::{
    ChangePage, Cursor, ErrorCode, Op, OpChange, OpResult, Outcome, PushRequest, PushResponse, Rejection, StaffProfile,
    MAX_CLOCK_AHEAD_MINUTES, MAX_DETAIL_PAST_DAYS, MAX_OFFLINE_HOURS, MAX_PLANNED_DAYS, MAX_PUSH_OPS,
    MIN_SYNC_PROTOCOL_VERSION, SYNC_PROTOCOL_VERSION,
};

use crate::auth::Authenticated;
use crate::error::AppError;
use crate::http::extract::{control_character, control_refused, ApiQuery};
use crate::state::{now, AppState};
use crate::store::{Commit, OpRecord, Store};

/// How often an op is decided again when other server instances keep changing its task (within one instance, ops
/// on a task take turns and never meet a newer version).
const MAX_ATTEMPTS: u64 = 16;

/// How far off a device's clock may be before the server says so in its log, in milliseconds.
const CLOCK_WARNING_MS: i64 = 2 * 60 * 1000;

/// `POST /api/v1/sync/push`.
pub async fn push<S: Store>(
    State(state): State<AppState<S>>,
    who: Authenticated,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<Json<PushResponse>, AppError> {
    // Read as JSON but not refused whole for a control character: each op that holds one is refused by itself
    // (below), so one bad op in an outbox never blocks the rest of it.
    let Json(body) = body?;
    let DecodedPush { request, unreadable } = decode_push(body)?;
    match who.device.as_deref() {
        Some(bound) if bound != request.device => {
            tracing::warn!(staff = %who.staff.id, bound, "denied: push from another device than the sign-in's");
            return Err(AppError::new(
                ErrorCode::Forbidden,
                format!("This sign-in belongs to device {bound}; sign in on this device to send its work."),
            ));
        }
        // A sign-in of no enrolled device (a browser) may not send work in an enrolled device's name: the audit
        // log would name the wrong device.
        None if state.store.device(&request.device).await?.is_some() => {
            tracing::warn!(staff = %who.staff.id, device = %request.device, "denied: unbound push naming an enrolled device");
            return Err(AppError::new(
                ErrorCode::Forbidden,
                format!(
                    "Device {} is an enrolled handheld; sign in on it to send its work, or send this from your own \
                     device id.",
                    request.device
                ),
            ));
        }
        _ => {}
    }
    if let (Some(bound), Some(sent_at)) = (who.device.as_deref(), request.sent_at) {
        // The request took a moment on the way: a clock off by less than that is not told apart from a right one.
        let behind_ms = now().millis_since(sent_at);
        if behind_ms.abs() > CLOCK_WARNING_MS {
            tracing::warn!(device = %bound, behind_ms, "a device's clock is off");
        }
        // Once a minute is enough for the supervisor's list of devices; a write on every push would queue each
        // push behind a group of ops for nothing.
        let due = {
            let mut noted = state.clocks_noted.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let due = noted.get(bound).is_none_or(|at| now().minutes_since(*at) >= 1);
            if due {
                noted.insert(bound.to_owned(), now());
            }
            due
        };
        if due {
            state.store.note_device_clock(bound, behind_ms, now()).await?;
        }
    }
    let mut results = Vec::with_capacity(request.ops.len());
    for (n, op) in request.ops.iter().enumerate() {
        if let Some(field) = unreadable.get(n).cloned().flatten() {
            // Not recorded: the same op always gets the same answer.
            let error = floordesk_domain::ValidationError::ControlCharacters { field: field.into() };
            results.push(rejected(op, Rejection::Invalid { error }));
            continue;
        }
        results.push(apply(&state, &who.staff, &request.device, op).await?);
    }
    // New work, or work moved on: the rules look at the floor again now rather than at their next round.
    if results.iter().any(|r| matches!(r.outcome, Outcome::Accepted { .. })) {
        state.rules_wake.notify_one();
    }
    Ok(Json(PushResponse { results }))
}

/// A push's body, read: the request, and for each op the field holding a control character (that op is refused by
/// itself).
#[derive(Debug)]
pub struct DecodedPush {
    pub request: PushRequest,
    pub unreadable: Vec<Option<String>>,
}

/// Reads a push's JSON body as the handler does, before anything is applied: its protocol version first
/// (leniently), the device's id, each op's text, the shape, the batch size. The fuzz target (`cargo xtask fuzz`)
/// drives this with mutated bodies.
///
/// # Errors
/// The `AppError` the push is answered with.
pub fn decode_push(body: serde_json::Value) -> Result<DecodedPush, AppError> {
    // The version first, leniently: a newer app's push may carry fields this server does not know.
    let protocol = body.get("protocol").and_then(serde_json::Value::as_u64);
    if !protocol.is_some_and(|p| (u64::from(MIN_SYNC_PROTOCOL_VERSION)..=u64::from(SYNC_PROTOCOL_VERSION)).contains(&p))
    {
        let theirs = protocol.map_or_else(|| "no protocol version".to_owned(), |p| format!("sync protocol {p}"));
        // No typed problem: an app this old reads errors without one (`deny_unknown_fields`), and the words are for
        // it. A newer app says "update the app" for any bad request without a problem.
        return Err(AppError::new(
            ErrorCode::BadRequest,
            format!(
                "This device speaks {theirs}, the server speaks {}: update the app (or the server, if the app is \
                 newer).",
                if MIN_SYNC_PROTOCOL_VERSION == SYNC_PROTOCOL_VERSION {
                    format!("sync protocol {SYNC_PROTOCOL_VERSION}")
                } else {
                    format!("sync protocols {MIN_SYNC_PROTOCOL_VERSION} to {SYNC_PROTOCOL_VERSION}")
                }
            ),
        ));
    }
    if let Some(field) = body.get("device").and_then(|device| control_character(device, "device")) {
        return Err(control_refused(field));
    }
    let unreadable: Vec<Option<String>> = body
        .get("ops")
        .and_then(serde_json::Value::as_array)
        .map(|ops| ops.iter().map(|op| control_character(op, "op")).collect())
        .unwrap_or_default();
    let request: PushRequest = serde_json::from_value(body).map_err(|e| AppError {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        error: floordesk_protocol::ApiError::new(ErrorCode::BadRequest, format!("The push is not valid: {e}")),
    })?;
    if request.ops.len() > MAX_PUSH_OPS {
        return Err(AppError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            error: floordesk_protocol::ApiError::new(
                ErrorCode::BadRequest,
                format!(
                    "A push carries at most {MAX_PUSH_OPS} ops; this one has {}. Send it in parts.",
                    request.ops.len()
                ),
            ),
        });
    }
    if let Err(e) = check_id(&request.device) {
        return Err(AppError::new(ErrorCode::BadRequest, format!("The device id is not an id: {e}.")));
    }
    Ok(DecodedPush { request, unreadable })
}

/// Applies one op exactly once and answers with its (first) result.
async fn apply<S: Store>(state: &AppState<S>, me: &StaffProfile, device: &str, op: &Op) -> Result<OpResult, AppError> {
    if check_id(&op.id).is_err() {
        // Not recorded: without a usable id a resend could not be recognised anyway.
        return Ok(rejected(op, Rejection::Malformed));
    }
    let record = OpRecord {
        op_id: op.id.clone(),
        device: device.to_owned(),
        actor: me.id.clone(),
        role: me.role,
        site: me.site.clone(),
        task: op.change.task().clone(),
        device_time: op.device_time,
        server_time: now(),
        kind: op.change.kind(),
        rule: None,
        note: op.change.note().map(str::to_owned),
    };
    let _turn = state.task_locks.lock(&record.task).await;
    // A resend is answered with its first result; otherwise the op is decided against the task as it is now.
    let (first, mut current) = state.store.op_and_task(&me.id, &op.id, &record.task).await?;
    if let Some(first) = first {
        return Ok(first);
    }
    for attempt in 0..MAX_ATTEMPTS {
        if attempt > 0 {
            // The task changed in between (another instance wrote it, or the op's group had to be written again
            // op by op): give it a moment, longer each time.
            tokio::time::sleep(std::time::Duration::from_millis(5 * attempt)).await;
            current = state.store.task(&record.task).await?;
        }
        match decide(state, me, op, current.as_ref()).await? {
            Ok(Decided { after, planned }) => {
                let expected = current.as_ref().map(|t| t.version);
                match state.store.commit_op(&record, expected, current.as_ref(), &after, planned.as_ref()).await? {
                    Commit::Applied { seq } => {
                        crate::metrics::Metrics::count(&state.metrics.ops_accepted);
                        let outcome = Outcome::Accepted { seq, task: Box::new(after), planned: planned.map(Box::new) };
                        return Ok(OpResult { op: op.id.clone(), outcome });
                    }
                    Commit::VersionConflict => continue,
                    Commit::Duplicate(first) => return Ok(*first),
                }
            }
            Err(reason) => {
                tracing::info!(staff = %me.id, op = %op.id, reason = reason_code(&reason), "op rejected");
                crate::metrics::Metrics::count(&state.metrics.ops_rejected);
                let result = rejected_with_names(state, op, reason).await?;
                // Another site's task never goes into this site's audit log.
                let before = current.as_ref().filter(|t| t.site == me.site);
                return Ok(state.store.reject_op(&record, before, &result).await?);
            }
        }
    }
    tracing::warn!(staff = %me.id, op = %op.id, attempts = MAX_ATTEMPTS, "op deferred: its task kept changing");
    Err(AppError::new(ErrorCode::Busy, "The task kept changing while this op was applied; send it again in a moment."))
}

/// What an accepted op does: the task after it, and a task it plans alongside (a confirmed meeting's escort).
struct Decided {
    after: Task,
    planned: Option<Task>,
}

impl From<Task> for Decided {
    fn from(after: Task) -> Self {
        Decided { after, planned: None }
    }
}

/// The domain's verdict on an op against the task as it is now: what it does, or why not.
async fn decide<S: Store>(
    state: &AppState<S>,
    me: &StaffProfile,
    op: &Op,
    current: Option<&Task>,
) -> Result<Result<Decided, Rejection>, AppError> {
    if let Some(reason) = device_time_refused(op, now()) {
        return Ok(Err(reason));
    }
    if let Some(reason) = detail_times_refused(op, now()) {
        return Ok(Err(reason));
    }
    let actor = Actor { staff: me.id.clone(), role: me.role };
    // Only what the person's scope shows (an administrator: their zone's tasks and the ones they hold, or were
    // given by a supervisor); any other task is as unknown to them as it is on their device.
    let scope = FeedScope::of(&me.id, me.role, me.zone.as_ref());
    let existing = |current: Option<&Task>| -> Result<Task, Rejection> {
        let task = current.ok_or(Rejection::UnknownTask)?;
        if task.site != me.site {
            return Err(Rejection::OtherSite);
        }
        if !scope.keeps(task) {
            return Err(Rejection::UnknownTask);
        }
        Ok(task.clone())
    };
    Ok(match &op.change {
        OpChange::Create { task } => {
            if current.is_some() {
                return Ok(Err(Rejection::TaskExists));
            }
            let places = state.places();
            let Some(site) =
                places.zones.get(&task.zone).filter(|z| z.site == me.site).and_then(|z| places.sites.get(&z.site))
            else {
                return Ok(Err(Rejection::OtherSite));
            };
            if !me.role.can(Permission::CreateTask) || !me.role.may_create(task.details.kind(), site.kind) {
                return Ok(Err(Rejection::NotAllowedToCreate));
            }
            Task::new(task.to_new_task(&me.site, &me.id, op.device_time))
                .map(Decided::from)
                .map_err(|error| Rejection::Invalid { error })
        }
        OpChange::Act { action, .. } => {
            if let Action::Assign { to } | Action::Reassign { to, .. } = action {
                match state.store.staff_by_id(to).await? {
                    None => return Ok(Err(Rejection::UnknownStaff)),
                    Some(s) if s.profile.site != me.site => return Ok(Err(Rejection::OtherSite)),
                    Some(_) => {}
                }
            }
            existing(current).and_then(|task| {
                task.apply(&actor, action, op.device_time).map(Decided::from).map_err(|error| transition(&task, error))
            })
        }
        OpChange::Details { details, .. } => existing(current).and_then(|task| {
            task.update_details(&actor, details.clone()).map(Decided::from).map_err(|error| transition(&task, error))
        }),
        OpChange::ConfirmMeeting { escort, .. } => {
            let meeting = match existing(current) {
                Ok(meeting) => meeting,
                Err(reason) => return Ok(Err(reason)),
            };
            // The escort starts where the meeting was arranged: its zone, by the site's own name for it.
            let pickup =
                state.places().zones.get(&meeting.zone).map_or_else(|| meeting.zone.to_string(), |z| z.name.clone());
            // The domain decides first (who may, confirmed already); then the escort's id must be free.
            match meeting.confirm_meeting(&actor, escort.clone(), pickup, op.device_time) {
                Err(error) => Err(transition(&meeting, error)),
                Ok((after, planned)) => match state.store.task(escort).await? {
                    None => Ok(Decided { after, planned: Some(planned) }),
                    // Its escort was planned already (by an older app): the meeting is confirmed, nothing is doubled.
                    Some(existing) if existing.is_escort_of(&meeting) => Ok(Decided { after, planned: None }),
                    Some(_) => Err(Rejection::TaskExists),
                },
            }
        }
    })
}

/// A device time outside what the server takes (see [`Rejection::DeviceClock`]): when the person acted, and for a new
/// task when its visitor was met. The skew seen is logged.
fn device_time_refused(op: &Op, now: Timestamp) -> Option<Rejection> {
    let earliest = now.plus_minutes(-MAX_OFFLINE_HOURS * 60);
    let acted = Some(op.device_time).filter(|t| *t < earliest || *t > now.plus_minutes(MAX_CLOCK_AHEAD_MINUTES));
    let met = match &op.change {
        OpChange::Create { task } => {
            Some(task.met_at).filter(|t| *t < earliest || *t > now.plus_minutes(MAX_PLANNED_DAYS * 24 * 60))
        }
        _ => None,
    };
    let device_time = acted.or(met)?;
    tracing::warn!(skew_minutes = now.minutes_since(device_time), "op refused: device time out of bounds");
    Some(Rejection::DeviceClock { device_time, server_time: now })
}

/// A moment inside the details an op writes (a taxi's booking, a meeting's slot, a crew's arrival…) outside
/// [now − `MAX_DETAIL_PAST_DAYS`, now + `MAX_PLANNED_DAYS`]: refused as invalid, naming the field.
fn detail_times_refused(op: &Op, now: Timestamp) -> Option<Rejection> {
    let details = match &op.change {
        OpChange::Create { task } => &task.details,
        OpChange::Details { details, .. } => details,
        OpChange::Act { .. } | OpChange::ConfirmMeeting { .. } => return None,
    };
    let earliest = now.plus_minutes(-MAX_DETAIL_PAST_DAYS * 24 * 60);
    let latest = now.plus_minutes(MAX_PLANNED_DAYS * 24 * 60);
    details.check_times(earliest, latest).err().map(|error| Rejection::Invalid { error })
}

/// A refused transition; "already taken" carries the holder and since when (the name is added later).
fn transition(task: &Task, error: TransitionError) -> Rejection {
    match error {
        TransitionError::AlreadyTaken { holder } => {
            Rejection::AlreadyTaken { holder, holder_name: String::new(), since: task.accepted_at }
        }
        error => Rejection::Transition { error },
    }
}

/// A rejection with its English message, the holder's name filled in.
async fn rejected_with_names<S: Store>(state: &AppState<S>, op: &Op, reason: Rejection) -> Result<OpResult, AppError> {
    let reason = match reason {
        Rejection::AlreadyTaken { holder, since, .. } => {
            let holder_name =
                state.store.staff_by_id(&holder).await?.map_or_else(|| holder.to_string(), |s| s.profile.display_name);
            Rejection::AlreadyTaken { holder, holder_name, since }
        }
        other => other,
    };
    Ok(rejected(op, reason))
}

fn rejected(op: &Op, reason: Rejection) -> OpResult {
    let message = match &reason {
        Rejection::AlreadyTaken { holder_name, since, .. } => match since {
            Some(at) => format!("Already taken by {holder_name} ({} min ago).", now().minutes_since(*at).max(0)),
            None => format!("Already taken by {holder_name}."),
        },
        Rejection::Transition { error } => error.to_string(),
        Rejection::Invalid { error } => error.to_string(),
        Rejection::NotAllowedToCreate => "Your role may not create this kind of task.".into(),
        Rejection::UnknownTask => "There is no such task; it may have been removed.".into(),
        Rejection::UnknownStaff => "There is no such member of staff to give the task to.".into(),
        Rejection::TaskExists => "A task with this id exists already.".into(),
        Rejection::OtherSite => "This task or zone belongs to another site.".into(),
        Rejection::Malformed => {
            format!("The op needs an id of 1–{MAX_ID_LEN} Latin letters, digits, '-' or '_'.")
        }
        Rejection::DeviceClock { device_time, server_time } => format!(
            "This device's time is {} minutes off the server's (or the action is older than {MAX_OFFLINE_HOURS} \
             hours): set the date and time on the device, then do it again.",
            server_time.minutes_since(*device_time).abs()
        ),
    };
    OpResult { op: op.id.clone(), outcome: Outcome::Rejected { reason, message } }
}

/// A short name of the reason, for the log (never task contents).
fn reason_code(reason: &Rejection) -> &'static str {
    match reason {
        Rejection::AlreadyTaken { .. } => "already_taken",
        Rejection::Transition { .. } => "transition",
        Rejection::Invalid { .. } => "invalid",
        Rejection::NotAllowedToCreate => "not_allowed_to_create",
        Rejection::UnknownTask => "unknown_task",
        Rejection::UnknownStaff => "unknown_staff",
        Rejection::TaskExists => "task_exists",
        Rejection::OtherSite => "other_site",
        Rejection::Malformed => "malformed",
        Rejection::DeviceClock { .. } => "device_clock",
    }
}

/// How many items to ask the store for: one more than a page, to know whether more wait.
pub(super) fn fetch(cursor: &Cursor) -> u32 {
    cursor.limit() + 1
}

/// Cuts what [`fetch`] fetched to a page: the items, the cursor to continue from, and whether more wait.
pub(super) fn page<T>(cursor: &Cursor, mut items: Vec<T>, key: impl Fn(&T) -> u64) -> (Vec<T>, u64, bool) {
    let limit = cursor.limit() as usize;
    let more = items.len() > limit;
    items.truncate(limit);
    let next_after = items.last().map_or(cursor.after, key);
    (items, next_after, more)
}

/// `GET /api/v1/sync/changes?after=N&limit=N`: the changes after a cursor that the caller may see ([`FeedScope`]).
pub async fn pull<S: Store>(
    State(state): State<AppState<S>>,
    who: Authenticated,
    ApiQuery(cursor): ApiQuery<Cursor>,
) -> Result<Json<ChangePage>, AppError> {
    let scope = who.feed_scope();
    let changes = state.store.changes(&who.staff.site, &scope, cursor.after, fetch(&cursor)).await?;
    let (changes, next_after, more) = page(&cursor, changes, |c| c.seq);
    Ok(Json(ChangePage { changes, next_after, more }))
}
