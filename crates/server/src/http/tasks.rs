//! The task list of the signed-in person.

use axum::extract::State;
use axum::Json;
use floordesk_protocol::{Deadlines, TaskList, TaskView};

use crate::auth::Authenticated;
use crate::error::AppError;
use crate::state::{now, AppState};
use crate::store::Store;

/// `GET /api/v1/tasks`: the open tasks the caller holds, and the pool they may take or oversee.
pub async fn tasks<S: Store>(State(state): State<AppState<S>>, who: Authenticated) -> Result<Json<TaskList>, AppError> {
    let me = &who.staff;
    let names = state.staff_names().await?;
    let views = state.store.open_tasks(&me.site).await?.into_iter().map(|task| TaskView {
        assignee_name: task.assignee.as_ref().and_then(|a| names.get(a).cloned()),
        task,
        pending: false,
    });
    Ok(Json(TaskList::arrange(me, views, state.deadlines(&me.site), now())))
}

/// `GET /api/v1/deadlines`: the deadline table of the caller's site (the task list's) and the server's clock.
pub async fn deadlines<S: Store>(State(state): State<AppState<S>>, who: Authenticated) -> Json<Deadlines> {
    Json(Deadlines { deadlines: state.deadlines(&who.staff.site), server_time: now() })
}
