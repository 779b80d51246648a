//! `GET /api/v1/kpi`: the service-standard indicators of a site's tasks closed in a period (a supervisor's: the
//! site's; anyone else's: their own), by the site's own clock.

use axum::extract::State;
use axum::Json;
use std::collections::BTreeMap;

use floordesk_domain::{KpiReport, Permission, SiteClock, SiteId, SiteKind, Task, Timestamp, ZoneId};
use floordesk_protocol::admin::{SiteKpi, SiteKpiList};
use floordesk_protocol::{ErrorCode, KpiQuery, MAX_KPI_SPAN_MS};

use crate::auth::Authenticated;
use crate::error::AppError;
use crate::http::extract::{needs, ApiQuery, Permitted};
use crate::state::{now, AppState};
use crate::store::Store;

/// The furthest a local clock is from UTC, in minutes (UTC−14 to UTC+14).
pub const MAX_UTC_OFFSET_MINUTES: i32 = 840;

/// The furthest a report reaches from the site's today, in days.
pub const MAX_KPI_DAYS_BACK: i32 = 366;

/// The period a query asks for: the site's days (by its own clock), or two moments.
pub fn period(query: &KpiQuery, clock: &SiteClock, now: Timestamp) -> Result<(Timestamp, Timestamp), AppError> {
    let (from, to) = match (query.day_from, query.day_to, query.from, query.to) {
        (Some(from), Some(to), None, None) => {
            if !(-MAX_KPI_DAYS_BACK..=MAX_KPI_DAYS_BACK).contains(&from)
                || !(-MAX_KPI_DAYS_BACK..=MAX_KPI_DAYS_BACK).contains(&to)
            {
                return Err(AppError::new(
                    ErrorCode::BadRequest,
                    format!("day_from and day_to count days from today: between -{MAX_KPI_DAYS_BACK} and {MAX_KPI_DAYS_BACK}."),
                ));
            }
            clock.days(now, from, to)
        }
        (None, None, Some(from), Some(to)) => (from, to),
        _ => {
            return Err(AppError::new(
                ErrorCode::BadRequest,
                "Give the period either as the site's days (day_from and day_to, e.g. -1 and 0 for yesterday) or as \
                 two moments (from and to, milliseconds since 1970, UTC), not both.",
            ))
        }
    };
    if from >= to {
        return Err(AppError::new(
            ErrorCode::BadRequest,
            "The period must start before it ends: give `from` earlier than `to` (or `day_from` less than `day_to`).",
        ));
    }
    if to.millis_since(from) > MAX_KPI_SPAN_MS {
        return Err(AppError::new(
            ErrorCode::BadRequest,
            format!("A report covers at most {} days; choose a shorter period.", MAX_KPI_SPAN_MS / 86_400_000),
        ));
    }
    if query.lang.as_deref().is_some_and(|l| l != "ru" && l != "en") {
        return Err(AppError::new(ErrorCode::BadRequest, "lang is the language of a CSV's headings: ru or en."));
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
    Ok((from, to))
}

/// `GET /api/v1/kpi?day_from=D&day_to=D` (or `?from=MS&to=MS`): the indicators of the caller's site, computed by
/// the domain with the deadline table the server sends with the task list; days and hours are the site's own,
/// whoever reads them and from wherever.
pub async fn kpi<S: Store>(
    State(state): State<AppState<S>>,
    who: Authenticated,
    ApiQuery(query): ApiQuery<KpiQuery>,
) -> Result<Json<KpiReport>, AppError> {
    Ok(Json(report(&state, &who, &query).await?))
}

/// `GET /api/v1/admin/kpi?day_from=D&day_to=D`: every site's indicators side by side, each over its own days
/// (city administrators).
pub async fn sites_kpi<S: Store>(
    State(state): State<AppState<S>>,
    Permitted(_, _): Permitted<needs::ManageSites>,
    ApiQuery(query): ApiQuery<KpiQuery>,
) -> Result<Json<SiteKpiList>, AppError> {
    Ok(Json(sites_side_by_side(&state, &query).await?))
}

/// Every site's indicators over its own days of `query`, by name; the programme's office left out.
pub async fn sites_side_by_side<S: Store>(state: &AppState<S>, query: &KpiQuery) -> Result<SiteKpiList, AppError> {
    let mut sites = Vec::new();
    // The programme's office is where city administrators belong, not a site that serves visitors.
    for info in state.store.sites().await?.into_iter().filter(|s| s.kind != SiteKind::Office) {
        let (report, _) = site_report(state, &info.id, query, |_| true).await?;
        sites.push(SiteKpi {
            site: info.id,
            name: info.name,
            kind: info.kind,
            from: report.from,
            to: report.to,
            overall: report.overall,
            breaches: u32::try_from(report.problems.len()).unwrap_or(u32::MAX),
        });
    }
    sites.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(SiteKpiList { sites })
}

/// The report `who` may read for `query`: a supervisor the whole site's, with what the rules did; anyone else
/// their own — the tasks they held when they closed, and nobody else's figures.
pub async fn report<S: Store>(
    state: &AppState<S>,
    who: &Authenticated,
    query: &KpiQuery,
) -> Result<KpiReport, AppError> {
    let site = &who.staff.site;
    if !who.staff.role.can(Permission::ViewKpi) {
        let own = |t: &Task| t.assignee.as_ref() == Some(&who.staff.id);
        return Ok(site_report(state, site, query, own).await?.0);
    }
    let (report, tasks) = site_report(state, site, query, |_| true).await?;
    let (from, to) = (report.from, report.to);
    let reserve = state.store.reserve_samples(&who.staff.site, from, to).await?;
    let reserve = reserve.into_iter().map(|(zone, s)| (zone, (s.taken, s.kept))).collect();
    // Minutes on shift within the period, by the zone worked in; a shift still running counts until now.
    let mut staffed: BTreeMap<Option<ZoneId>, u32> = BTreeMap::new();
    for shift in state.store.shifts(&who.staff.site, from, to).await? {
        let (start, end) = (shift.started_at.max(from), shift.ended_at.unwrap_or_else(now).min(to));
        *staffed.entry(shift.zone).or_default() += u32::try_from(end.minutes_since(start).max(0)).unwrap_or(0);
    }
    Ok(report.with_rules(&tasks, &reserve, &staffed))
}

/// The report of `site`'s tasks closed in the period `query` names by the site's own clock, over those `keep` lets
/// through; and those tasks.
async fn site_report<S: Store>(
    state: &AppState<S>,
    site: &SiteId,
    query: &KpiQuery,
    keep: impl Fn(&Task) -> bool,
) -> Result<(KpiReport, Vec<Task>), AppError> {
    let clock = state.places().sites.get(site).map_or_else(SiteClock::default, |s| s.calendar.clock);
    let (from, to) = period(query, &clock, now())?;
    let mut tasks = state.store.closed_tasks(site, from, to).await?;
    tasks.retain(|t| keep(t));
    let report = KpiReport::compute(&state.deadlines(site), &tasks, from, to, clock.offset_minutes(from));
    Ok((report, tasks))
}
