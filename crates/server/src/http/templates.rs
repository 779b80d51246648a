//! The knowledge base: each site's answer templates for typical visitor questions. Everyone reads them; supervisors
//! write them.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use floordesk_domain::TemplateId;
use floordesk_protocol::{
    ApiError, ErrorCode, Problem, Template, TemplateDraft, TemplateList, MAX_TEMPLATE_BODY_CHARS,
    MAX_TEMPLATE_TITLE_CHARS,
};

use crate::auth::Authenticated;
use crate::error::AppError;
use crate::http::extract::{needs, ApiJson, ApiPath, Permitted};
use crate::state::{now, AppState};
use crate::store::Store;

/// `GET /api/v1/templates`: the site's answer templates, by title.
pub async fn templates<S: Store>(
    State(state): State<AppState<S>>,
    who: Authenticated,
) -> Result<Json<TemplateList>, AppError> {
    Ok(Json(TemplateList { templates: state.store.templates(&who.staff.site).await? }))
}

/// A template id from the path.
fn template_id(id: &str) -> Result<TemplateId, AppError> {
    TemplateId::new(id)
        .map_err(|e| AppError::new(ErrorCode::BadRequest, format!("The template id {id:?} is not valid: {e}.")))
}

/// `PUT /api/v1/templates/{id}`: writes a template of the supervisor's site (new, or replacing the one with this id).
pub async fn put_template<S: Store>(
    State(state): State<AppState<S>>,
    Permitted(who, _): Permitted<needs::ManageKnowledgeBase>,
    ApiPath(id): ApiPath,
    body: Result<ApiJson<TemplateDraft>, AppError>,
) -> Result<Json<Template>, AppError> {
    // The id is judged before the body, as the path comes first.
    let id = template_id(&id)?;
    let ApiJson(draft) = body?;
    let (title, text) = (draft.title.trim(), draft.body.trim());
    AppError::check_text("title", title, MAX_TEMPLATE_TITLE_CHARS, || {
        format!("Write the question in 1 to {MAX_TEMPLATE_TITLE_CHARS} characters, as visitors ask it.")
    })?;
    AppError::check_text("body", text, MAX_TEMPLATE_BODY_CHARS, || {
        format!("Write the answer in 1 to {MAX_TEMPLATE_BODY_CHARS} characters.")
    })?;
    let template = Template {
        id,
        title: title.to_owned(),
        body: text.to_owned(),
        updated_at: now(),
        updated_by: who.staff.id.clone(),
    };
    if !state.store.put_template(&who.staff.site, &template).await? {
        return Err(AppError {
            status: StatusCode::CONFLICT,
            error: ApiError::bad(
                Problem::IdTaken,
                format!("The template id {} belongs to another site; save this template as a new one.", template.id),
            ),
        });
    }
    tracing::info!(staff = %who.staff.id, template = %template.id, "wrote an answer template");
    Ok(Json(template))
}

/// `DELETE /api/v1/templates/{id}`: removes a template of the supervisor's site.
pub async fn delete_template<S: Store>(
    State(state): State<AppState<S>>,
    Permitted(who, _): Permitted<needs::ManageKnowledgeBase>,
    ApiPath(id): ApiPath,
) -> Result<StatusCode, AppError> {
    let id = template_id(&id)?;
    if state.store.delete_template(&who.staff.site, &id).await? {
        tracing::info!(staff = %who.staff.id, template = %id, "removed an answer template");
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::new(
            ErrorCode::NotFound,
            format!("Your site has no answer template {id} (it may have been removed already)."),
        ))
    }
}
