//! `/api/v1/rules`: the rules a site runs and its zones' dispatch, read and tuned by its supervisors. A site never
//! tuned runs its kind's usual ones. Every change is in the administration log with before and after.

use axum::extract::State;
use axum::Json;
use floordesk_domain::SiteRules;
use floordesk_protocol::ErrorCode;

use crate::error::AppError;
use crate::http::extract::{needs, ApiJson, Permitted};
use crate::rules::of_site;
use crate::state::AppState;
use crate::store::Store;

/// `GET /api/v1/rules`.
pub async fn rules<S: Store>(
    State(state): State<AppState<S>>,
    Permitted(who, _): Permitted<needs::ManageFloor>,
) -> Result<Json<SiteRules>, AppError> {
    Ok(Json(of_site(&state, &who.staff.site).await?))
}

/// `PUT /api/v1/rules`: replaces the site's rules and dispatch, checked by the domain; every zone named must be the
/// site's.
pub async fn put_rules<S: Store>(
    State(state): State<AppState<S>>,
    Permitted(who, _): Permitted<needs::ManageFloor>,
    ApiJson(rules): ApiJson<SiteRules>,
) -> Result<Json<SiteRules>, AppError> {
    let site = who.staff.site.clone();
    rules.check().map_err(|e| AppError::new(ErrorCode::BadRequest, format!("These rules cannot be kept: {e}.")))?;
    let places = state.places();
    if let Some(zone) = rules.zones.keys().find(|z| places.zones.get(*z).is_none_or(|p| p.site != site)) {
        return Err(AppError::new(ErrorCode::BadRequest, format!("Your site has no zone {zone}.")));
    }
    let before = of_site(&state, &site).await?;
    let json = |r: &SiteRules| serde_json::to_value(r).ok();
    let log = super::staff::record_of(&who, &site, "rules_tuned", site.as_str(), json(&before), json(&rules));
    state.store.put_site_rules(&site, &rules, &log).await?;
    tracing::info!(staff = %who.staff.id, site = %site, "rules tuned");
    state.rules_wake.notify_one();
    Ok(Json(rules))
}
