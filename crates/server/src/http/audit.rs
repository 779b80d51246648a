//! Accountability: the site's audit log for supervisors (filtered, paged) and a task's history for whoever sees the
//! task — every accepted op with who, when, on which device, from which state to which, and the reason given.

use std::collections::HashMap;

use axum::extract::State;
use axum::Json;
use floordesk_domain::{StaffId, TaskId};
use floordesk_protocol::{AuditEntry, AuditPage, AuditQuery, ErrorCode, HistoryEntry, TaskHistory};

use crate::auth::Authenticated;
use crate::error::AppError;
use crate::http::extract::{needs, ApiPath, ApiQuery, Permitted};
use crate::http::sync::{fetch, page};
use crate::state::AppState;
use crate::store::{AuditFilter, Store};

/// The most entries a task's history shows (a task is changed a few dozen times at most; the log has them all).
const MAX_HISTORY: u32 = 500;

/// `GET /api/v1/audit?after=N&limit=N&staff=&task=&action=&from=&to=`: a page of the site's audit log, for
/// supervisors.
pub async fn audit<S: Store>(
    State(state): State<AppState<S>>,
    Permitted(who, _): Permitted<needs::ViewAudit>,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Json<AuditPage>, AppError> {
    let filter = AuditFilter {
        staff: query.staff.clone(),
        task: query.task.clone(),
        action: query.action,
        from: query.from,
        to: query.to,
        accepted_only: false,
    };
    let cursor = query.cursor();
    let entries = state.store.audit(&who.staff.site, &filter, cursor.after, fetch(&cursor)).await?;
    let (entries, next_after, more) = page(&cursor, entries, |e| e.id);
    Ok(Json(AuditPage { entries, next_after, more }))
}

/// `GET /api/v1/tasks/{id}/history`: a task's accepted changes, oldest first, for whoever sees the task now or took
/// part in it; anyone else is told there is no such task (so nothing of another zone's work leaks).
pub async fn history<S: Store>(
    State(state): State<AppState<S>>,
    who: Authenticated,
    ApiPath(id): ApiPath,
) -> Result<Json<TaskHistory>, AppError> {
    let no_such = || {
        AppError::new(ErrorCode::NotFound, "There is no such task here (or it is not yours to see); refresh your list.")
    };
    let id = TaskId::new(id).map_err(|_| no_such())?;
    let site = &who.staff.site;
    let task = state.store.task(&id).await?.filter(|t| &t.site == site).ok_or_else(no_such)?;
    let filter = AuditFilter { task: Some(id.clone()), accepted_only: true, ..AuditFilter::default() };
    let entries = state.store.audit(site, &filter, 0, MAX_HISTORY).await?;
    let me = Some(&who.staff.id);
    let took_part =
        entries.iter().any(|e| Some(&e.actor) == me || e.after.as_ref().and_then(|t| t.assignee.as_ref()) == me);
    if !who.feed_scope().keeps(&task) && !took_part {
        return Err(no_such());
    }
    let names = state.staff_names().await?;
    let entries = entries.into_iter().filter_map(|e| history_entry(e, &names)).collect();
    Ok(Json(TaskHistory { task: id, entries }))
}

/// An accepted audit entry as a line of the task's history.
fn history_entry(entry: AuditEntry, names: &HashMap<StaffId, String>) -> Option<HistoryEntry> {
    let after = entry.after?;
    Some(HistoryEntry {
        assignee_name: after.assignee.as_ref().and_then(|a| names.get(a).cloned()),
        at: entry.server_time,
        device_time: entry.device_time,
        actor: entry.actor,
        actor_name: entry.actor_name,
        role: entry.role,
        device: entry.device,
        action: entry.action,
        rule: entry.rule,
        from: entry.before.map(|t| t.status),
        to: after.status,
        assignee: after.assignee,
        note: entry.note,
    })
}
