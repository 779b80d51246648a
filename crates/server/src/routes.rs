//! HTTP handlers of the API.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use floordesk_domain::{in_pool, Permission, StaffId, Task, Timestamp};
use floordesk_protocol::{
    DeviceInfo, DeviceList, Directory, DirectoryEntry, EnrolDeviceRequest, EnrolledDevice, ErrorCode, LoginRequest,
    LoginResponse, SignedIn, TaskList, TaskView,
};

use crate::auth::{self, Authenticated};
use crate::error::AppError;
use crate::store::{DeviceRecord, StaffRecord, Store};
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
    let device = signing_device(&state, &staff, &request).await?;
    state.store.clear_failed_logins(&staff.profile.id).await?;
    let token = auth::random_hex(32);
    let expires_at = Timestamp(created.0 + auth::SESSION_HOURS * 3_600_000);
    let token_hash = auth::hash_token(&token);
    state.store.create_session(&token_hash, &staff.profile.id, device.as_deref(), created, expires_at).await?;
    tracing::info!(staff = %staff.profile.id, device = device.as_deref().unwrap_or("browser"), "signed in");
    Ok(Json(LoginResponse { token, signed_in: SignedIn { staff: staff.profile, expires_at, device } }))
}

/// The enrolled device a sign-in comes from, checked: it exists, is not withdrawn, belongs to the person's site and
/// proved itself with its key. Without one, sign-in is a browser's, refused for non-supervisors when the server
/// admits enrolled devices only.
async fn signing_device<S: Store>(
    state: &AppState<S>,
    staff: &StaffRecord,
    request: &LoginRequest,
) -> Result<Option<String>, AppError> {
    let Some(credential) = &request.device else {
        if state.enrolled_devices_only && !staff.profile.role.can(Permission::ManageDevices) {
            tracing::warn!(staff = %staff.profile.id, "refused login: no enrolled device");
            return Err(AppError::new(
                ErrorCode::Forbidden,
                "This server admits staff only on enrolled devices; sign in on a handheld your supervisor enrolled.",
            ));
        }
        return Ok(None);
    };
    let refused = |why: &str| {
        tracing::warn!(staff = %staff.profile.id, device = %credential.id, why, "refused login: device");
        crate::metrics::Metrics::count(&state.metrics.failed_logins);
        AppError::new(
            ErrorCode::Unauthorized,
            "This device is not enrolled here (or was withdrawn); ask a supervisor to enrol it again.",
        )
    };
    let Some(device) = state.store.device(&credential.id).await? else { return Err(refused("unknown")) };
    if device.key_hash != auth::hash_token(&credential.key) {
        return Err(refused("wrong key"));
    }
    if device.info.revoked_at.is_some() {
        return Err(refused("withdrawn"));
    }
    if device.info.site != staff.profile.site {
        return Err(refused("other site"));
    }
    Ok(Some(device.info.id))
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
        let view = |task: Task| TaskView {
            assignee_name: task.assignee.as_ref().and_then(|a| names.get(a).cloned()),
            task,
            pending: false,
        };
        if task.assignee.as_ref() == Some(&me.id) {
            mine.push(view(task));
        } else if in_pool(me.role, me.zone.as_ref(), &task) {
            pool.push(view(task));
        }
    }
    let urgency = |view: &TaskView| state.deadlines.urgency(&view.task);
    mine.sort_by_key(urgency);
    pool.sort_by_key(urgency);
    Ok(Json(TaskList { server_time: now(), deadlines: (*state.deadlines).clone(), mine, pool }))
}

/// Refuses callers who may not manage devices.
fn device_manager(who: &Authenticated) -> Result<(), AppError> {
    if who.staff.role.can(Permission::ManageDevices) {
        Ok(())
    } else {
        tracing::warn!(staff = %who.staff.id, role = ?who.staff.role, "denied: manage devices");
        Err(AppError::new(ErrorCode::Forbidden, "Only a supervisor can enrol or withdraw devices."))
    }
}

/// The longest device name, in characters.
pub const MAX_DEVICE_NAME: usize = 80;

/// `GET /api/v1/devices`: the devices of the supervisor's site.
pub async fn devices<S: Store>(
    State(state): State<AppState<S>>,
    who: Authenticated,
) -> Result<Json<DeviceList>, AppError> {
    device_manager(&who)?;
    Ok(Json(DeviceList { devices: state.store.devices(&who.staff.site).await? }))
}

/// `POST /api/v1/devices`: enrols a device of the supervisor's site; its key is in this answer only.
pub async fn enrol_device<S: Store>(
    State(state): State<AppState<S>>,
    who: Authenticated,
    body: Result<Json<EnrolDeviceRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<EnrolledDevice>), AppError> {
    device_manager(&who)?;
    let Json(request) = body?;
    let name = request.name.trim();
    if name.is_empty() || name.chars().count() > MAX_DEVICE_NAME {
        return Err(AppError::new(
            ErrorCode::BadRequest,
            format!("Give the device a name of 1 to {MAX_DEVICE_NAME} characters, e.g. \"Floor 2 handheld\"."),
        ));
    }
    let key = auth::random_hex(32);
    let info = DeviceInfo {
        id: format!("dev-{}", auth::random_hex(8)),
        site: who.staff.site.clone(),
        name: name.to_owned(),
        enrolled_by: who.staff.id.clone(),
        enrolled_at: now(),
        revoked_at: None,
    };
    state.store.enrol_device(&DeviceRecord { info: info.clone(), key_hash: auth::hash_token(&key) }).await?;
    tracing::info!(staff = %who.staff.id, device = %info.id, "enrolled a device");
    Ok((StatusCode::CREATED, Json(EnrolledDevice { device: info, key })))
}

/// `DELETE /api/v1/devices/{id}`: withdraws a device of the supervisor's site and ends every session opened on it.
pub async fn revoke_device<S: Store>(
    State(state): State<AppState<S>>,
    who: Authenticated,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    device_manager(&who)?;
    if state.store.revoke_device(&who.staff.site, &id, now()).await? {
        tracing::info!(staff = %who.staff.id, device = %id, "withdrew a device");
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::new(
            ErrorCode::NotFound,
            format!("Your site has no enrolled device {id} (or it was withdrawn already)."),
        ))
    }
}
