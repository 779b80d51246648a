//! `/api/v1/cases/{id}`: one visitor's case ("one window") read whole — every task of it in the order the visitor
//! was met for them, its overall wait — and closed once resolved, with the visitor's one rating of the whole
//! situation. Its owner and whoever oversees the site see every task of it; anyone else the tasks they oversee or
//! took part in (and how many they do not see); whoever sees all of it may close it.

use axum::extract::State;
use axum::Json;
use floordesk_domain::{overall_wait_minutes, visit_order, visitor_of, CaseId, Permission, StaffId, Task, Timestamp};
use floordesk_protocol::{CaseView, CloseCaseRequest, ErrorCode, Problem, TaskView};

use crate::auth::Authenticated;
use crate::error::AppError;
use crate::http::extract::{ApiJson, ApiPath};
use crate::state::{now, AppState};
use crate::store::{CaseClosed, Store};

/// A case as the store holds it: its tasks (in the order the visitor was met for them) and its close.
struct Stored {
    id: CaseId,
    tasks: Vec<Task>,
    closed: Option<CaseClosed>,
}

fn no_such() -> AppError {
    AppError::new(
        ErrorCode::NotFound,
        "There is no such visitor case here (or none of it is yours to see); refresh your list.",
    )
}

/// The case `id` of the caller's site, with at least one task the caller may see.
async fn stored<S: Store>(state: &AppState<S>, who: &Authenticated, id: String) -> Result<Stored, AppError> {
    let id = CaseId::new(id).map_err(|_| no_such())?;
    let site = &who.staff.site;
    let mut tasks = state.store.case_tasks(site, &id).await?;
    if !tasks.iter().any(|t| sees(who, t)) {
        return Err(no_such());
    }
    visit_order(&mut tasks);
    let closed = state.store.case_closure(site, &id).await?;
    Ok(Stored { id, tasks, closed })
}

/// Whether the caller sees this task of a case: it is in what they oversee, or they hold, held, made or own it.
fn sees(who: &Authenticated, task: &Task) -> bool {
    let me = Some(&who.staff.id);
    who.feed_scope().keeps(task)
        || task.last_holder.as_ref() == me
        || Some(&task.created_by) == me
        || task.case_owner.as_ref() == me
}

/// The owner of the case, once a rule named one.
fn owner(tasks: &[Task]) -> Option<&StaffId> {
    tasks.iter().find_map(|t| t.case_owner.as_ref())
}

/// Whether the caller sees the whole case: they own it or oversee the site, or see each of its tasks.
fn sees_all(who: &Authenticated, tasks: &[Task]) -> bool {
    who.staff.role.can(Permission::ViewSiteTasks)
        || owner(tasks) == Some(&who.staff.id)
        || tasks.iter().all(|t| sees(who, t))
}

/// The case as the caller reads it.
async fn view<S: Store>(state: &AppState<S>, who: &Authenticated, case: Stored) -> Result<CaseView, AppError> {
    let names = state.staff_names().await?;
    let name = |id: &StaffId| names.get(id).cloned();
    let whole = sees_all(who, &case.tasks);
    let shown: Vec<&Task> = case.tasks.iter().filter(|t| whole || sees(who, t)).collect();
    let resolved = case.tasks.iter().all(|t| !t.status.is_open());
    let owner = owner(&case.tasks).cloned();
    Ok(CaseView {
        // The visitor as the tasks the reader sees name them.
        visitor: visitor_of(shown.iter().copied()).map(str::to_owned),
        owner_name: owner.as_ref().and_then(name),
        owner,
        opened_at: case.tasks.first().map_or(Timestamp(0), |t| t.met_at),
        hidden: u32::try_from(case.tasks.len() - shown.len()).unwrap_or(u32::MAX),
        waited_minutes: overall_wait_minutes(&case.tasks, now()),
        resolved,
        may_close: whole && resolved && case.closed.is_none(),
        tasks: shown
            .into_iter()
            .map(|t| TaskView {
                assignee_name: t.assignee.as_ref().or(t.last_holder.as_ref()).and_then(name),
                task: t.clone(),
                pending: false,
            })
            .collect(),
        closed_at: case.closed.as_ref().map(|c| c.at),
        closed_by_name: case.closed.as_ref().and_then(|c| name(&c.by)),
        closed_by: case.closed.as_ref().map(|c| c.by.clone()),
        // The visitor's words in the rating only for whoever sees the whole visit.
        rating: case.closed.and_then(|c| c.rating).map(|r| if whole { r } else { r.without_comment() }),
        id: case.id,
    })
}

/// `GET /api/v1/cases/{id}`: the visitor's case `id` as the caller may see it.
pub async fn case<S: Store>(
    State(state): State<AppState<S>>,
    who: Authenticated,
    ApiPath(id): ApiPath,
) -> Result<Json<CaseView>, AppError> {
    let case = stored(&state, &who, id).await?;
    Ok(Json(view(&state, &who, case).await?))
}

/// `POST /api/v1/cases/{id}/close`: closes the visitor's case `id` once every task of it is done or cancelled, with
/// the visitor's one rating of the whole situation if they gave one.
pub async fn close_case<S: Store>(
    State(state): State<AppState<S>>,
    who: Authenticated,
    ApiPath(id): ApiPath,
    body: Result<ApiJson<CloseCaseRequest>, AppError>,
) -> Result<Json<CaseView>, AppError> {
    let mut case = stored(&state, &who, id).await?;
    let ApiJson(request) = body?;
    if !sees_all(&who, &case.tasks) {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "Part of this visit is in zones you do not oversee: its owner, a coordinator or a supervisor closes it.",
        ));
    }
    let closed_already =
        || AppError::bad(Problem::CaseClosed, "This visit was closed already; its close and rating stand as they are.");
    if case.closed.is_some() {
        return Err(closed_already());
    }
    let open: Vec<String> = case.tasks.iter().filter(|t| t.status.is_open()).map(|t| t.id.to_string()).collect();
    if !open.is_empty() {
        return Err(AppError::bad(
            Problem::CaseOpen,
            format!("Finish or cancel every task of this visit before closing it; still open: {}.", open.join(", ")),
        ));
    }
    let closed = CaseClosed { at: now(), by: who.staff.id.clone(), rating: request.rating };
    if !state.store.close_case(&who.staff.site, &case.id, &closed).await? {
        // Closed by someone else meanwhile, or a task of it opened since it was read.
        return Err(match state.store.case_closure(&who.staff.site, &case.id).await? {
            Some(_) => closed_already(),
            None => {
                AppError::bad(Problem::CaseOpen, "A task of this visit opened meanwhile: finish or cancel it first.")
            }
        });
    }
    tracing::info!(site = %who.staff.site, case = %case.id, by = %who.staff.id, "visitor case closed");
    case.closed = Some(closed);
    Ok(Json(view(&state, &who, case).await?))
}
