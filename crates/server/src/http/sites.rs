//! Sites and zones: the city's programme administrators create sites and set their name, time zone, opening hours,
//! retention and code length; a supervisor writes their site's zones; both read the administration log. The
//! handlers' view of sites and zones is read again after each change.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use floordesk_domain::{
    Role, SiteClock, SiteId, SiteKind, ZoneId, MAX_LABEL_CHARS, MAX_RETENTION_DAYS, MAX_TEXT_CHARS,
};
use floordesk_protocol::admin::{
    AdminLogPage, NewSite, SiteSettings, SiteSetup, SiteSetupList, ZoneDraft, MAX_CODE_DIGITS, MIN_CODE_DIGITS,
};
use floordesk_protocol::{Cursor, ErrorCode, Problem, SiteInfo, ZoneInfo};

use crate::error::AppError;
use crate::http::extract::{needs, ApiJson, ApiPath, ApiQuery, Permitted};
use crate::http::staff::{administer, not_yours, record_of};
use crate::state::AppState;
use crate::store::{AdminWrite, Store, StoredSettings};

/// The lowest and highest floor a zone may be on.
const FLOORS: std::ops::RangeInclusive<i32> = -5..=99;

/// `GET /api/v1/admin/sites`.
pub async fn site_setups<S: Store>(
    State(state): State<AppState<S>>,
    Permitted(_, _): Permitted<needs::ManageSites>,
) -> Result<Json<SiteSetupList>, AppError> {
    let settings = state.store.site_settings().await?;
    let sites = state
        .store
        .sites()
        .await?
        .into_iter()
        .filter(|s| s.kind != SiteKind::Office)
        .filter_map(|site| {
            let stored = settings.get(&site.id)?.clone();
            Some(SiteSetup { settings: settings_of(&site, stored), site })
        })
        .collect();
    Ok(Json(SiteSetupList { sites }))
}

/// `POST /api/v1/admin/sites`: a new site (its zones and people come next, from its supervisor).
pub async fn create_site<S: Store>(
    State(state): State<AppState<S>>,
    Permitted(who, _): Permitted<needs::ManageSites>,
    ApiJson(new): ApiJson<NewSite>,
) -> Result<(StatusCode, Json<SiteSetup>), AppError> {
    if new.kind == SiteKind::Office {
        return Err(AppError::bad(Problem::SiteKind, "A site is a polyclinic or an emergency centre."));
    }
    let stored = checked(&new.settings)?;
    let site = SiteInfo {
        id: new.id.clone(),
        name: new.settings.name.trim().to_owned(),
        kind: new.kind,
        time_zone: new.settings.time_zone.clone(),
        zones: Vec::new(),
    };
    let after = serde_json::json!({ "site": site, "settings": new.settings });
    let log = record_of(&who, &site.id, "site_created", site.id.as_str(), None, Some(after));
    administer(&state, &[AdminWrite::NewSite { site: site.clone(), settings: stored }], &[log]).await?;
    state.places_changed().await;
    tracing::info!(staff = %who.staff.id, site = %site.id, "created a site");
    Ok((StatusCode::CREATED, Json(SiteSetup { settings: new.settings, site })))
}

/// `PUT /api/v1/admin/sites/{id}`.
pub async fn change_site<S: Store>(
    State(state): State<AppState<S>>,
    Permitted(who, _): Permitted<needs::ManageSites>,
    ApiPath(id): ApiPath,
    ApiJson(settings): ApiJson<SiteSettings>,
) -> Result<Json<SiteSetup>, AppError> {
    let no_such = || AppError::new(ErrorCode::NotFound, "There is no such site; refresh the list of sites.");
    let id = SiteId::new(id).map_err(|_| no_such())?;
    let site = state.store.sites().await?.into_iter().find(|s| s.id == id && s.kind != SiteKind::Office);
    let site = site.ok_or_else(no_such)?;
    let before_settings = state.store.site_settings().await?.get(&id).cloned().ok_or_else(no_such)?;
    let stored = checked(&settings)?;
    let before = serde_json::json!({ "settings": settings_of(&site, before_settings) });
    let after = serde_json::json!({ "settings": settings });
    let write = AdminWrite::Site {
        site: id.clone(),
        name: settings.name.trim().to_owned(),
        time_zone: settings.time_zone.clone(),
        settings: stored,
    };
    let log = record_of(&who, &id, "site_changed", id.as_str(), Some(before), Some(after));
    administer(&state, &[write], &[log]).await?;
    state.places_changed().await;
    tracing::info!(staff = %who.staff.id, site = %id, "changed a site's settings");
    let site = SiteInfo { name: settings.name.trim().to_owned(), time_zone: settings.time_zone.clone(), ..site };
    Ok(Json(SiteSetup { site, settings }))
}

/// `PUT /api/v1/zones/{id}`: a zone of the supervisor's site, new or renamed.
pub async fn put_zone<S: Store>(
    State(state): State<AppState<S>>,
    Permitted(who, _): Permitted<needs::ManageStaff>,
    ApiPath(id): ApiPath,
    ApiJson(draft): ApiJson<ZoneDraft>,
) -> Result<Json<ZoneInfo>, AppError> {
    if who.staff.role == Role::CityAdmin {
        return Err(not_yours("A site's zones are its supervisor's to set."));
    }
    let id = ZoneId::new(id).map_err(|e| {
        AppError::new(ErrorCode::BadRequest, format!("The zone id is not valid: {e}; use letters, digits, - and _."))
    })?;
    let name = draft.name.trim();
    AppError::check_text("name", name, MAX_LABEL_CHARS, || {
        format!("Name the zone in 1 to {MAX_LABEL_CHARS} characters, as the floor calls it.")
    })?;
    if !FLOORS.contains(&draft.floor) {
        let error = floordesk_domain::ValidationError::OutOfRange {
            field: "floor".into(),
            min: i64::from(*FLOORS.start()),
            max: i64::from(*FLOORS.end()),
            value: i64::from(draft.floor),
        };
        return Err(AppError::bad(Problem::Field { error }, "A floor is a number from -5 to 99."));
    }
    let site = who.staff.site.clone();
    let before = state.places().zones.get(&id).map(|z| serde_json::json!({ "site": z.site, "name": z.name }));
    let zone = ZoneInfo { id: id.clone(), name: name.to_owned(), floor: draft.floor };
    let log = record_of(&who, &site, "zone_written", id.as_str(), before, Some(serde_json::json!(zone)));
    administer(&state, &[AdminWrite::Zone { site, zone: zone.clone() }], &[log]).await?;
    state.places_changed().await;
    Ok(Json(zone))
}

/// `GET /api/v1/admin/log?after=&limit=`: the supervisor's site, or every site for a city administrator.
pub async fn admin_log<S: Store>(
    State(state): State<AppState<S>>,
    Permitted(who, _): Permitted<needs::ManageStaff>,
    ApiQuery(cursor): ApiQuery<Cursor>,
) -> Result<Json<AdminLogPage>, AppError> {
    let site = (who.staff.role != Role::CityAdmin).then_some(&who.staff.site);
    let entries = state.store.admin_log(site, cursor.after, cursor.limit()).await?;
    Ok(Json(AdminLogPage { entries }))
}

/// The settings as stored, once each is one the site can keep.
fn checked(settings: &SiteSettings) -> Result<StoredSettings, AppError> {
    let name = settings.name.trim();
    if name.is_empty() || name.chars().count() > MAX_TEXT_CHARS {
        return Err(AppError::bad(Problem::SiteName, "Name the site in 1 to 120 characters."));
    }
    if let Err(e) = SiteClock::new(&settings.time_zone) {
        return Err(AppError::bad(Problem::TimeZone, format!("{e} Use an IANA name such as Europe/Moscow.")));
    }
    if let Some(Err(e)) = settings.opening_hours.as_ref().map(floordesk_domain::OpeningHours::check) {
        return Err(AppError::bad(Problem::OpeningHours, e.to_string()));
    }
    if !(1..=MAX_RETENTION_DAYS).contains(&settings.retention_days) {
        return Err(AppError::bad(Problem::RetentionDays, "Keep visitors' details 1 to 366 days after a task closes."));
    }
    if !(MIN_CODE_DIGITS..=MAX_CODE_DIGITS).contains(&settings.code_digits) {
        return Err(AppError::bad(Problem::CodeDigits, "Personal codes have 4 to 8 digits."));
    }
    Ok(StoredSettings {
        opening_hours: settings.opening_hours.clone(),
        retention_days: settings.retention_days,
        code_digits: settings.code_digits,
    })
}

fn settings_of(site: &SiteInfo, stored: StoredSettings) -> SiteSettings {
    SiteSettings {
        name: site.name.clone(),
        time_zone: site.time_zone.clone(),
        opening_hours: stored.opening_hours,
        retention_days: stored.retention_days,
        code_digits: stored.code_digits,
    }
}
