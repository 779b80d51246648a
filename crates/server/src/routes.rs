//! HTTP handlers of the API.

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use floordesk_domain::{Permission, StaffId, Task, Timestamp};
use floordesk_protocol::{
    Directory, DirectoryEntry, ErrorCode, LoginRequest, LoginResponse, SignedIn, TaskList, TaskView,
};

use crate::auth::{self, Authenticated};
use crate::error::AppError;
use crate::store::Store;
use crate::{now, AppState};

/// `GET /healthz`.
pub async fn healthz() -> &'static str {
    "ok"
}

/// `GET /api/v1/directory`: the sites and who can sign in on them.
pub async fn directory<S: Store>(State(state): State<AppState<S>>) -> Result<Json<Directory>, AppError> {
    let sites = state.store.sites().await?;
    let staff = state
        .store
        .staff()
        .await?
        .into_iter()
        .map(|s| DirectoryEntry { staff: s.profile, demo_code: if state.demo { s.demo_code } else { None } })
        .collect();
    Ok(Json(Directory { sites, staff, demo: state.demo }))
}

/// `POST /api/v1/login`: a personal code for a bearer token.
pub async fn login<S: Store>(
    State(state): State<AppState<S>>,
    body: Result<Json<LoginRequest>, JsonRejection>,
) -> Result<Json<LoginResponse>, AppError> {
    let Json(request) = body?;
    let wrong = || AppError::new(ErrorCode::Unauthorized, "Wrong name or code; check the code and try again.");
    let Some(staff) = state.store.staff_by_id(&request.staff_id).await? else {
        tracing::warn!(staff = %request.staff_id, "failed login: unknown staff id");
        crate::metrics::Metrics::count(&state.metrics.failed_logins);
        return Err(wrong());
    };
    let created = now();
    if let Some(until) = staff.locked_until.filter(|until| *until > created) {
        tracing::warn!(staff = %request.staff_id, "refused login: locked after wrong codes");
        crate::metrics::Metrics::count(&state.metrics.failed_logins);
        return Err(locked(until, created));
    }
    if auth::hash_code(&staff.code_salt, request.code.trim()) != staff.code_hash {
        let lock_until = created.plus_minutes(auth::LOCK_MINUTES);
        let count = state.store.record_failed_login(&staff.profile.id, auth::MAX_FAILED_LOGINS, lock_until).await?;
        tracing::warn!(staff = %request.staff_id, count, "failed login: wrong code");
        crate::metrics::Metrics::count(&state.metrics.failed_logins);
        return Err(if count >= auth::MAX_FAILED_LOGINS { locked(lock_until, created) } else { wrong() });
    }
    state.store.clear_failed_logins(&staff.profile.id).await?;
    let token = auth::random_hex(32);
    let expires_at = Timestamp(created.0 + auth::SESSION_HOURS * 3_600_000);
    state.store.create_session(&auth::hash_token(&token), &staff.profile.id, created, expires_at).await?;
    tracing::info!(staff = %staff.profile.id, "signed in");
    Ok(Json(LoginResponse { token, signed_in: SignedIn { staff: staff.profile, expires_at } }))
}

/// The answer while sign-in is paused after too many wrong codes.
fn locked(until: Timestamp, now: Timestamp) -> AppError {
    let minutes = ((until.millis_since(now) + 59_999) / 60_000).max(1);
    AppError::new(
        ErrorCode::TooManyAttempts,
        format!("Too many wrong codes: sign-in for this person is paused for {minutes} min; ask a supervisor if it is urgent."),
    )
}

/// `POST /api/v1/logout`: ends the caller's session.
pub async fn logout<S: Store>(State(state): State<AppState<S>>, who: Authenticated) -> Result<StatusCode, AppError> {
    state.store.revoke_session(&who.token_hash).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/tasks`: the open tasks the caller holds, and the pool they may take or oversee.
pub async fn tasks<S: Store>(State(state): State<AppState<S>>, who: Authenticated) -> Result<Json<TaskList>, AppError> {
    let me = &who.staff;
    let names: std::collections::HashMap<StaffId, String> =
        state.store.staff().await?.into_iter().map(|s| (s.profile.id, s.profile.display_name)).collect();
    let mut mine = Vec::new();
    let mut pool = Vec::new();
    for task in state.store.open_tasks(&me.site).await? {
        let view =
            |task: Task| TaskView { assignee_name: task.assignee.as_ref().and_then(|a| names.get(a).cloned()), task };
        let in_my_zone_pool =
            me.role.can(Permission::ViewZonePool) && task.assignee.is_none() && Some(&task.zone) == me.zone.as_ref();
        if task.assignee.as_ref() == Some(&me.id) {
            mine.push(view(task));
        } else if me.role.can(Permission::ViewSiteTasks) || in_my_zone_pool {
            pool.push(view(task));
        }
    }
    let urgency = |view: &TaskView| {
        // Most urgent first: priority, then the earliest deadline, then the longest wait.
        let due = state.deadlines.due(&view.task);
        let deadline = due.start_by.or(due.complete_by).map_or(i64::MAX, |t| t.0);
        (view.task.priority, deadline, view.task.met_at.0)
    };
    mine.sort_by_key(urgency);
    pool.sort_by_key(urgency);
    Ok(Json(TaskList { server_time: now(), deadlines: (*state.deadlines).clone(), mine, pool }))
}
