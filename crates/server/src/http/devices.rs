//! Enrolled devices: supervisors enrol handhelds, list them and withdraw them; enrolments, withdrawals and lifted
//! pauses go into the administration log in the same transaction.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use floordesk_protocol::{DeviceInfo, DeviceList, EnrolDeviceRequest, EnrolledDevice, ErrorCode};

use crate::auth;
use crate::error::AppError;
use crate::http::extract::{needs, ApiJson, ApiPath, Permitted};
use crate::http::staff::{administer, record_of};
use crate::state::{now, AppState};
use crate::store::{AdminWrite, DeviceRecord, Store, Taken};

/// The longest device name, in characters.
pub const MAX_DEVICE_NAME: usize = 80;

/// `GET /api/v1/devices`: the devices of the supervisor's site.
pub async fn devices<S: Store>(
    State(state): State<AppState<S>>,
    Permitted(who, _): Permitted<needs::ManageDevices>,
) -> Result<Json<DeviceList>, AppError> {
    Ok(Json(DeviceList { devices: state.store.devices(&who.staff.site).await? }))
}

/// `POST /api/v1/devices`: enrols a device of the supervisor's site; its key is in this answer only.
pub async fn enrol_device<S: Store>(
    State(state): State<AppState<S>>,
    Permitted(who, _): Permitted<needs::ManageDevices>,
    ApiJson(request): ApiJson<EnrolDeviceRequest>,
) -> Result<(StatusCode, Json<EnrolledDevice>), AppError> {
    let name = request.name.trim();
    AppError::check_text("name", name, MAX_DEVICE_NAME, || {
        format!("Give the device a name of 1 to {MAX_DEVICE_NAME} characters, e.g. \"Floor 2 handheld\".")
    })?;
    let key = auth::random_hex(32);
    let info = DeviceInfo {
        id: format!("dev-{}", auth::random_hex(8)),
        site: who.staff.site.clone(),
        name: name.to_owned(),
        enrolled_by: who.staff.id.clone(),
        enrolled_at: now(),
        revoked_at: None,
        clock_behind_ms: None,
        seen_at: None,
    };
    let after = serde_json::json!({ "name": info.name });
    let log = record_of(&who, &who.staff.site, "device_enrolled", &info.id, None, Some(after));
    let write = AdminWrite::Device(DeviceRecord { info: info.clone(), key_hash: auth::hash_token(&key) });
    administer(&state, &[write], &[log]).await?;
    tracing::info!(staff = %who.staff.id, device = %info.id, "enrolled a device");
    Ok((StatusCode::CREATED, Json(EnrolledDevice { device: info, key })))
}

/// `DELETE /api/v1/devices/{id}`: withdraws a device of the supervisor's site and ends every session opened on it.
pub async fn revoke_device<S: Store>(
    State(state): State<AppState<S>>,
    Permitted(who, _): Permitted<needs::ManageDevices>,
    ApiPath(id): ApiPath,
) -> Result<StatusCode, AppError> {
    // Not an id (a NUL, a line break…): no such device, and nothing of it reaches the store or the log.
    if floordesk_domain::check_id(&id).is_err() {
        return Err(AppError::new(ErrorCode::NotFound, "Your site has no such device; refresh the list of devices."));
    }
    let log = record_of(&who, &who.staff.site, "device_withdrawn", &id, None, None);
    let write = AdminWrite::Withdraw { site: who.staff.site.clone(), id: id.clone(), at: now() };
    match state.store.administer(&[write], &[log]).await? {
        Ok(()) => {
            tracing::info!(staff = %who.staff.id, device = %id, "withdrew a device");
            Ok(StatusCode::NO_CONTENT)
        }
        Err(Taken(_)) => Err(AppError::new(
            ErrorCode::NotFound,
            format!("Your site has no enrolled device {id} (or it was withdrawn already)."),
        )),
    }
}

/// `DELETE /api/v1/devices/{id}/pause`: lifts the sign-in pauses of a device of the supervisor's site (after many
/// wrong codes on it), for everyone on it; logged.
pub async fn lift_device_pause<S: Store>(
    State(state): State<AppState<S>>,
    Permitted(who, _): Permitted<needs::ManageDevices>,
    ApiPath(id): ApiPath,
) -> Result<StatusCode, AppError> {
    let no_such = || AppError::new(ErrorCode::NotFound, "Your site has no such device; refresh the list of devices.");
    if floordesk_domain::check_id(&id).is_err() {
        return Err(no_such());
    }
    let device = state.store.device(&id).await?.filter(|d| d.info.site == who.staff.site).ok_or_else(no_such)?;
    let log = record_of(&who, &who.staff.site, "device_pause_lifted", &device.info.id, None, None);
    let write = AdminWrite::UnlockSource(format!("device:{}", device.info.id));
    administer(&state, &[write], &[log]).await?;
    tracing::info!(staff = %who.staff.id, device = %device.info.id, "lifted a device's sign-in pauses");
    Ok(StatusCode::NO_CONTENT)
}
