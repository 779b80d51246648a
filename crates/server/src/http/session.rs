//! The directory of sites and people, and signing in and out.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use floordesk_domain::{Permission, Timestamp};
use floordesk_protocol::{Directory, DirectoryEntry, ErrorCode, LoginRequest, LoginResponse, SignedIn};

use crate::auth::{self, Authenticated};
use crate::error::AppError;
use crate::http::extract::ApiJson;
use crate::state::{now, AppState};
use crate::store::{LoginAttempt, StaffRecord, Store};

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
    ApiJson(request): ApiJson<LoginRequest>,
) -> Result<Json<LoginResponse>, AppError> {
    let wrong = || AppError::new(ErrorCode::Unauthorized, "Wrong name or code; check the code and try again.");
    let Some(staff) = state.store.staff_by_id(&request.staff_id).await? else {
        tracing::warn!(staff = %request.staff_id, "failed login: unknown staff id");
        crate::metrics::Metrics::count(&state.metrics.failed_logins);
        return Err(wrong());
    };
    // The attempt is counted before the code is compared, so that guesses sent together cannot all be compared
    // before the pause begins: at most MAX_FAILED_LOGINS in a row are.
    let created = now();
    let lock_until = created.plus_minutes(auth::LOCK_MINUTES);
    let attempt = state.store.begin_login(&staff.profile.id, created, auth::MAX_FAILED_LOGINS, lock_until).await?;
    let count = match attempt {
        None => return Err(wrong()),
        Some(LoginAttempt::Paused(until)) => {
            tracing::warn!(staff = %request.staff_id, "refused login: paused after wrong codes");
            crate::metrics::Metrics::count(&state.metrics.failed_logins);
            return Err(locked(until, created));
        }
        Some(LoginAttempt::Counted(count)) => count,
    };
    if auth::hash_code(&staff.code_salt, request.code.trim()) != staff.code_hash {
        tracing::warn!(staff = %request.staff_id, count, "failed login: wrong code");
        crate::metrics::Metrics::count(&state.metrics.failed_logins);
        if count >= auth::MAX_FAILED_LOGINS {
            state.store.pause_login(&staff.profile.id, lock_until, auth::MAX_FAILED_LOGINS).await?;
            return Err(locked(lock_until, created));
        }
        return Err(wrong());
    }
    // The right code: the count is cleared whatever the device check says next.
    state.store.clear_failed_logins(&staff.profile.id).await?;
    let device = signing_device(&state, &staff, &request).await?;
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
