//! `GET /api/v1/kpi`: the service-standard indicators of a site's tasks closed in a period (supervisors).

use axum::extract::State;
use axum::Json;
use floordesk_domain::KpiReport;
use floordesk_protocol::{ErrorCode, KpiQuery, MAX_KPI_SPAN_MS};

use crate::error::AppError;
use crate::http::extract::{needs, ApiQuery, Permitted};
use crate::state::AppState;
use crate::store::Store;

/// The furthest a local clock is from UTC, in minutes (UTC−14 to UTC+14).
pub const MAX_UTC_OFFSET_MINUTES: i32 = 840;

/// Checks a report's period and clock offset.
pub fn check(query: &KpiQuery) -> Result<(), AppError> {
    if query.from >= query.to {
        return Err(AppError::new(
            ErrorCode::BadRequest,
            "The period must start before it ends: give `from` earlier than `to` (milliseconds since 1970, UTC).",
        ));
    }
    if query.to.millis_since(query.from) > MAX_KPI_SPAN_MS {
        return Err(AppError::new(
            ErrorCode::BadRequest,
            format!("A report covers at most {} days; choose a shorter period.", MAX_KPI_SPAN_MS / 86_400_000),
        ));
    }
    if !(-MAX_UTC_OFFSET_MINUTES..=MAX_UTC_OFFSET_MINUTES).contains(&query.utc_offset_minutes) {
        return Err(AppError::new(
            ErrorCode::BadRequest,
            format!(
                "utc_offset_minutes must be between -{MAX_UTC_OFFSET_MINUTES} and {MAX_UTC_OFFSET_MINUTES} \
                 (Moscow: 180)."
            ),
        ));
    }
    Ok(())
}

/// `GET /api/v1/kpi?from=MS&to=MS&utc_offset_minutes=M`: the indicators of the caller's site, computed by the domain
/// with the deadline table the server sends with the task list.
pub async fn kpi<S: Store>(
    State(state): State<AppState<S>>,
    Permitted(who, _): Permitted<needs::ViewKpi>,
    ApiQuery(query): ApiQuery<KpiQuery>,
) -> Result<Json<KpiReport>, AppError> {
    check(&query)?;
    let tasks = state.store.closed_tasks(&who.staff.site, query.from, query.to).await?;
    Ok(Json(KpiReport::compute(&state.deadlines, &tasks, query.from, query.to, query.utc_offset_minutes)))
}
