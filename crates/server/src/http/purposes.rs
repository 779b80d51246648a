//! `/api/v1/purposes`: each site's common purposes of a visit, offered as one-tap contacts. Everyone reads them;
//! supervisors replace them. A site that has none offers its kind's usual ones.

use axum::extract::State;
use axum::Json;
use floordesk_domain::{checked_purposes, common_purposes, SiteId};
use floordesk_protocol::{Problem, Purposes, MAX_PURPOSES_WORDS};

use crate::auth::Authenticated;
use crate::error::AppError;
use crate::http::extract::{needs, ApiJson, Permitted};
use crate::state::AppState;
use crate::store::Store;

/// The site's own purposes, or its kind's usual ones.
async fn of_site<S: Store>(state: &AppState<S>, site: &SiteId) -> Result<Purposes, AppError> {
    let items = match state.store.purposes(site).await? {
        Some(items) => items,
        None => state
            .places()
            .sites
            .get(site)
            .map(|s| common_purposes(s.kind))
            .unwrap_or_default()
            .iter()
            .map(|p| (*p).to_owned())
            .collect(),
    };
    Ok(Purposes { items })
}

/// `GET /api/v1/purposes`: the site's common purposes of a visit.
pub async fn purposes<S: Store>(
    State(state): State<AppState<S>>,
    who: Authenticated,
) -> Result<Json<Purposes>, AppError> {
    Ok(Json(of_site(&state, &who.staff.site).await?))
}

/// `PUT /api/v1/purposes`: replaces the supervisor's site's common purposes.
pub async fn put_purposes<S: Store>(
    State(state): State<AppState<S>>,
    Permitted(who, _): Permitted<needs::ManageKnowledgeBase>,
    ApiJson(body): ApiJson<Purposes>,
) -> Result<Json<Purposes>, AppError> {
    let items = checked_purposes(&body.items).map_err(|_| AppError::bad(Problem::Purposes, MAX_PURPOSES_WORDS))?;
    state.store.put_purposes(&who.staff.site, &items).await?;
    Ok(Json(Purposes { items }))
}
