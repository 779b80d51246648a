//! The directory of sites and people, and signing in and out.

use std::net::IpAddr;

use axum::extract::rejection::ExtensionRejection;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use floordesk_domain::{Permission, SiteId, Timestamp};
use floordesk_protocol::{
    DeviceCredential, Directory, DirectoryEntry, ErrorCode, LoginRequest, LoginResponse, SignedIn,
};

use crate::auth::{self, Authenticated, CodeMatch};
use crate::error::AppError;
use crate::http::extract::ApiJson;
use crate::state::{now, AppState};
use crate::store::{AttemptKey, AttemptLimit, DeviceRecord, LoginAttempt, StaffRecord, Store};
use crate::tls::ClientAddr;

/// `GET /api/v1/directory`: the caller's site, its zones and its active people.
pub async fn directory<S: Store>(
    State(state): State<AppState<S>>,
    who: Authenticated,
) -> Result<Json<Directory>, AppError> {
    site_directory(&state, &who.staff.site).await
}

/// `POST /api/v1/directory/device`: the sign-in list of an enrolled device — its site and who may sign in on it.
/// Nobody else is told who works where: a credential that is not an enrolled device's is refused, and counted against
/// the address like a wrong code (a key is 256 random bits: the count is there for the log and the metrics).
pub async fn device_directory<S: Store>(
    State(state): State<AppState<S>>,
    address: Result<ConnectInfo<ClientAddr>, ExtensionRejection>,
    headers: HeaderMap,
    ApiJson(credential): ApiJson<DeviceCredential>,
) -> Result<Json<Directory>, AppError> {
    let address = client_address(&state, address.ok().map(|ConnectInfo(ClientAddr(a))| a.ip()), &headers);
    let device = enrolled_device(&state, &credential, &address, now()).await?;
    site_directory(&state, &device.info.site).await
}

/// The directory of one site: the site with its zones, its active people, and their demo codes on a demo server.
async fn site_directory<S: Store>(state: &AppState<S>, site: &SiteId) -> Result<Json<Directory>, AppError> {
    let sites = state.store.sites().await?.into_iter().filter(|s| &s.id == site).collect();
    let mut people = state.store.staff_of(site).await?;
    // By name, sorted here as everywhere (the two databases collate text differently).
    people.sort_by(|a, b| a.profile.display_name.cmp(&b.profile.display_name));
    let staff = people
        .into_iter()
        .filter(|s| s.active)
        .map(|s| DirectoryEntry { staff: s.profile, demo_code: if state.demo { s.demo_code } else { None } })
        .collect();
    Ok(Json(Directory { sites, staff, demo: state.demo }))
}

/// `POST /api/v1/login`: a personal code for a bearer token.
///
/// Attempts are counted before the code is compared (so guesses sent together are not all compared), under the
/// source over everyone, the person from this source, and from a browser the person over all addresses. The source
/// is the enrolled device when it proves itself with its key, else the address the request came from: a stranger's
/// wrong codes pause their own tries, never the person on their own handheld.
pub async fn login<S: Store>(
    State(state): State<AppState<S>>,
    address: Result<ConnectInfo<ClientAddr>, ExtensionRejection>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<LoginRequest>,
) -> Result<Json<LoginResponse>, AppError> {
    let created = now();
    let address = client_address(&state, address.ok().map(|ConnectInfo(ClientAddr(a))| a.ip()), &headers);
    let device = match &request.device {
        Some(credential) => Some(enrolled_device(&state, credential, &address, created).await?),
        None => None,
    };
    let source = device.as_ref().map_or_else(|| format!("addr:{address}"), |d| format!("device:{}", d.info.id));
    let everyone = AttemptKey { staff: None, source: &source };
    // The source's count over everyone first: a source that guessed too much is not heard at all.
    let from_source = match state.store.begin_attempt(everyone, created, auth::SOURCE_ATTEMPTS).await? {
        LoginAttempt::Paused(until) => return Err(paused(&state, &request, everyone.source, until, created)),
        LoginAttempt::Counted(n) => n,
    };
    // A deactivated person is as unknown as someone who never was.
    let Some(staff) = state.store.staff_by_id(&request.staff_id).await?.filter(|s| s.active) else {
        tracing::warn!(staff = %request.staff_id, "failed login: unknown or deactivated staff id");
        return Err(wrong_code(&state, everyone, from_source, created).await?);
    };
    // The person from this source; and from a browser, the person from every address together (so that many
    // addresses do not buy many guesses; a handheld is never paused by them).
    let key = AttemptKey { staff: Some(&staff.profile.id), source: &source };
    let anywhere = device.is_none().then_some(AttemptKey { staff: Some(&staff.profile.id), source: auth::ANY_ADDRESS });
    let mut counts = Vec::new();
    for (key, limit) in [(Some(key), auth::PERSON_ATTEMPTS), (anywhere, auth::BROWSER_ATTEMPTS)] {
        let Some(key) = key else { continue };
        match state.store.begin_attempt(key, created, limit).await? {
            LoginAttempt::Paused(until) => return Err(paused(&state, &request, key.source, until, created)),
            LoginAttempt::Counted(n) => counts.push((key, n, limit)),
        }
    }
    let code = request.code.trim();
    let matched = state.code_key.matches(&staff.code_hash, &staff.code_salt, code);
    if matched == CodeMatch::No {
        tracing::warn!(staff = %request.staff_id, count = counts[0].1, "failed login: wrong code");
        let mut paused_until = None;
        for (key, count, limit) in counts {
            paused_until = paused_until.or(pause_at_limit(&state, key, count, limit, created).await?);
        }
        let wrong = wrong_code(&state, everyone, from_source, created).await?;
        return Err(paused_until.map_or(wrong, |until| locked(until, created)));
    }
    // The right code: the counts are cleared whatever the checks say next.
    for (key, _, _) in counts {
        state.store.right_code(key).await?;
    }
    if matched == CodeMatch::Unkeyed {
        // Stored before the server had its key: stored again, keyed.
        state.store.set_code(&staff.profile.id, &staff.code_salt, &state.code_key.hash(&staff.code_salt, code)).await?;
    }
    let device = signing_device(&state, &staff, device)?;
    let token = auth::random_hex(32);
    let expires_at = Timestamp(created.0 + auth::SESSION_HOURS * 3_600_000);
    let token_hash = auth::hash_token(&token);
    state.store.create_session(&token_hash, &staff.profile.id, device.as_deref(), created, expires_at).await?;
    tracing::info!(staff = %staff.profile.id, device = device.as_deref().unwrap_or("browser"), "signed in");
    Ok(Json(LoginResponse { token, signed_in: SignedIn { staff: staff.profile, expires_at, device } }))
}

/// A wrong code (or no such person): counted, and the source paused when it reached its limit over everyone.
async fn wrong_code<S: Store>(
    state: &AppState<S>,
    everyone: AttemptKey<'_>,
    from_source: u32,
    now: Timestamp,
) -> Result<AppError, AppError> {
    crate::metrics::Metrics::count(&state.metrics.failed_logins);
    pause_at_limit(state, everyone, from_source, auth::SOURCE_ATTEMPTS, now).await?;
    Ok(AppError::new(ErrorCode::Unauthorized, "Wrong name or code; check the code and try again."))
}

/// Pauses `key` when a wrong code brought its count to the limit; until when, if it did.
async fn pause_at_limit<S: Store>(
    state: &AppState<S>,
    key: AttemptKey<'_>,
    count: u32,
    limit: AttemptLimit,
    now: Timestamp,
) -> Result<Option<Timestamp>, AppError> {
    if count < limit.limit {
        return Ok(None);
    }
    let until = now.plus_minutes(limit.pause_minutes);
    state.store.pause_attempts(key, until, limit.limit).await?;
    Ok(Some(until))
}

/// The address a request came from: the last `X-Forwarded-For` hop behind a trusted reverse proxy, else the peer's.
fn client_address<S>(state: &AppState<S>, peer: Option<IpAddr>, headers: &HeaderMap) -> String {
    let forwarded = state
        .trust_forwarded_for
        .then(|| headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).next_back())
        .flatten()
        .and_then(|hops| hops.rsplit(',').next())
        .and_then(|hop| hop.trim().parse::<IpAddr>().ok());
    forwarded.or(peer).map_or_else(
        || "unknown".to_owned(),
        |ip| match ip {
            // One IPv6 host holds a whole /64: counted as one address. An IPv4 address mapped into IPv6 is itself.
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => v4.to_string(),
                None => {
                    let s = v6.segments();
                    format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
                }
            },
            IpAddr::V4(v4) => v4.to_string(),
        },
    )
}

/// The enrolled device a sign-in names, proven by its key before any code is compared (so a device id cannot be
/// made up to count attempts afresh). A device that does not prove itself counts against its address.
async fn enrolled_device<S: Store>(
    state: &AppState<S>,
    credential: &DeviceCredential,
    address: &str,
    now: Timestamp,
) -> Result<DeviceRecord, AppError> {
    let why = match state.store.device(&credential.id).await? {
        None => "unknown",
        Some(device) if device.key_hash != auth::hash_token(&credential.key) => "wrong key",
        Some(device) if device.info.revoked_at.is_some() => "withdrawn",
        Some(device) => return Ok(device),
    };
    tracing::warn!(device = %credential.id, why, "refused login: device");
    crate::metrics::Metrics::count(&state.metrics.failed_logins);
    // A withdrawn handheld proved its key: it is told so each time its screen asks, and does not count against the
    // address it shares with the site's browsers.
    if why == "withdrawn" {
        return Err(not_enrolled());
    }
    let source = format!("addr:{address}");
    let everyone = AttemptKey { staff: None, source: &source };
    if let LoginAttempt::Counted(n) = state.store.begin_attempt(everyone, now, auth::SOURCE_ATTEMPTS).await? {
        pause_at_limit(state, everyone, n, auth::SOURCE_ATTEMPTS, now).await?;
    }
    Err(not_enrolled())
}

fn not_enrolled() -> AppError {
    AppError::new(
        ErrorCode::Unauthorized,
        "This device is not enrolled here (or was withdrawn); ask a supervisor to enrol it again.",
    )
}

/// Where the person may sign in: on an enrolled device of their own site; without one (a browser) unless the
/// server admits enrolled devices only and they are not a supervisor.
fn signing_device<S>(
    state: &AppState<S>,
    staff: &StaffRecord,
    device: Option<DeviceRecord>,
) -> Result<Option<String>, AppError> {
    let Some(device) = device else {
        let desk_role =
            staff.profile.role.can(Permission::ManageDevices) || staff.profile.role.can(Permission::ManageSites);
        if state.enrolled_devices_only && !desk_role {
            tracing::warn!(staff = %staff.profile.id, "refused login: no enrolled device");
            return Err(AppError::new(
                ErrorCode::Forbidden,
                "This server admits staff only on enrolled devices; sign in on a handheld your supervisor enrolled.",
            ));
        }
        return Ok(None);
    };
    if device.info.site != staff.profile.site {
        tracing::warn!(staff = %staff.profile.id, device = %device.info.id, "refused login: device of another site");
        return Err(not_enrolled());
    }
    Ok(Some(device.info.id))
}

/// The answer to an attempt while the count of `whose` (a source) is paused.
fn paused<S>(state: &AppState<S>, request: &LoginRequest, whose: &str, until: Timestamp, now: Timestamp) -> AppError {
    tracing::warn!(staff = %request.staff_id, whose, "refused login: paused after wrong codes");
    crate::metrics::Metrics::count(&state.metrics.failed_logins);
    locked(until, now)
}

/// The answer while sign-in is paused after too many wrong codes.
fn locked(until: Timestamp, now: Timestamp) -> AppError {
    let minutes = ((until.millis_since(now) + 59_999) / 60_000).max(1);
    AppError::new(
        ErrorCode::TooManyAttempts,
        format!(
            "Too many wrong codes: sign-in from this device or address is paused for {minutes} min; a supervisor can \
             lift the pause."
        ),
    )
}

/// `POST /api/v1/logout`: ends the caller's session.
pub async fn logout<S: Store>(State(state): State<AppState<S>>, who: Authenticated) -> Result<StatusCode, AppError> {
    state.store.revoke_session(&who.token_hash).await?;
    Ok(StatusCode::NO_CONTENT)
}
