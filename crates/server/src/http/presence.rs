//! `/api/v1/presence`: who is on shift. Everyone of a site reads it and changes their own (start a shift, a break,
//! with a visitor, back, end); a supervisor may end the shift of somebody who forgot. Every change is announced on
//! the site's live channel and wakes the rules (a person who starts a shift may be given work at once).

use axum::extract::State;
use axum::Json;
use floordesk_domain::{Permission, PresenceChange, PresenceError, SiteId, SiteKind, StaffId};
use floordesk_protocol::{ErrorCode, FloorNow, OnShift, PresenceRequest};

use crate::auth::Authenticated;
use crate::error::AppError;
use crate::http::extract::ApiJson;
use crate::state::{now, AppState};
use crate::store::Store;

/// How often a change is decided again when the person's presence changed meanwhile.
const ATTEMPTS: usize = 4;

/// Who of `site` is on shift, by name, with the open tasks each holds.
pub(crate) async fn floor_now<S: Store>(state: &AppState<S>, site: &SiteId) -> Result<FloorNow, AppError> {
    let presence = state.store.presence(site).await?;
    let staff = state.store.staff_of(site).await?;
    let open = state.store.open_tasks(site).await?;
    let mut people: Vec<OnShift> = presence
        .into_iter()
        .map(|presence| {
            let name = staff
                .iter()
                .find(|s| s.profile.id == presence.staff)
                .map_or_else(|| presence.staff.to_string(), |s| s.profile.display_name.clone());
            let load = open.iter().filter(|t| t.assignee.as_ref() == Some(&presence.staff)).count();
            OnShift { name, presence, load: u32::try_from(load).unwrap_or(u32::MAX) }
        })
        .collect();
    people.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.presence.staff.cmp(&b.presence.staff)));
    Ok(FloorNow { people, now: now() })
}

/// `GET /api/v1/presence`: who of the caller's site is on shift.
pub async fn presence<S: Store>(
    State(state): State<AppState<S>>,
    who: Authenticated,
) -> Result<Json<FloorNow>, AppError> {
    Ok(Json(floor_now(&state, &who.staff.site).await?))
}

/// `POST /api/v1/presence`: changes the caller's presence, or (a supervisor) ends a forgotten shift.
pub async fn change_presence<S: Store>(
    State(state): State<AppState<S>>,
    who: Authenticated,
    ApiJson(body): ApiJson<PresenceRequest>,
) -> Result<Json<FloorNow>, AppError> {
    let site = who.staff.site.clone();
    if state.places().sites.get(&site).is_none_or(|s| s.kind == SiteKind::Office) {
        return Err(AppError::new(ErrorCode::Forbidden, "Your site has no floor to be on shift at."));
    }
    let target = body.staff.clone().unwrap_or_else(|| who.staff.id.clone());
    let person = if target == who.staff.id {
        who.staff.clone()
    } else {
        who.require(Permission::ManageFloor)?;
        if body.change != (PresenceChange::End {}) {
            return Err(AppError::new(
                ErrorCode::Forbidden,
                "A supervisor may only end another person's shift; everything else they change themselves.",
            ));
        }
        match state.store.staff_by_id(&target).await? {
            Some(s) if s.profile.site == site => s.profile,
            _ => return Err(AppError::new(ErrorCode::NotFound, format!("Nobody of your site has the id {target}."))),
        }
    };
    if let PresenceChange::Start { zone: Some(zone) } = &body.change {
        if state.places().zones.get(zone).is_none_or(|z| z.site != site) {
            return Err(AppError::new(ErrorCode::NotFound, format!("Your site has no zone {zone}.")));
        }
    }
    for _ in 0..ATTEMPTS {
        let current = state.store.presence(&site).await?.into_iter().find(|p| p.staff == person.id);
        let at = now();
        let after =
            body.change.apply(current.as_ref(), &person.id, person.role, person.zone.as_ref(), at).map_err(refused)?;
        if state.store.put_presence(&site, &person.id, current.as_ref(), after.as_ref(), at).await? {
            log_change(&who.staff.id, &person.id, &body.change);
            state.rules_wake.notify_one();
            return Ok(Json(floor_now(&state, &site).await?));
        }
    }
    Err(AppError::new(ErrorCode::Busy, "This person's presence kept changing; send it again in a moment."))
}

fn refused(error: PresenceError) -> AppError {
    match error {
        PresenceError::NotOnShift => AppError {
            status: axum::http::StatusCode::CONFLICT,
            error: floordesk_protocol::ApiError::new(ErrorCode::BadRequest, "Start a shift first."),
        },
        PresenceError::BreakLength => AppError::new(
            ErrorCode::BadRequest,
            format!("A break lasts 1 to {} minutes.", floordesk_domain::MAX_BREAK_MINUTES),
        ),
    }
}

fn log_change(by: &StaffId, staff: &StaffId, change: &PresenceChange) {
    let what = match change {
        PresenceChange::Start { .. } => "start",
        PresenceChange::Working {} => "working",
        PresenceChange::Break { .. } => "break",
        PresenceChange::WithVisitor {} => "with_visitor",
        PresenceChange::End {} => "end",
    };
    tracing::info!(by = %by, staff = %staff, change = what, "presence changed");
}
