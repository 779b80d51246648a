//! Good stories: sincere service someone saw, posted by staff and read (and liked) by everyone on the site.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use floordesk_domain::StoryId;
use floordesk_protocol::{ApiError, ErrorCode, NewStory, Problem, Since, Story, StoryList, MAX_STORY_CHARS};

use crate::auth::Authenticated;
use crate::error::AppError;
use crate::http::extract::{needs, ApiJson, ApiPath, ApiQuery, Permitted};
use crate::state::{now, AppState};
use crate::store::{Store, StoryRecord};

/// The most stories one list carries (the newest).
pub const MAX_STORIES: u32 = 100;

/// `GET /api/v1/stories?since=MS`: the site's stories posted at or after `since`, newest first, at most
/// [`MAX_STORIES`].
pub async fn stories<S: Store>(
    State(state): State<AppState<S>>,
    who: Authenticated,
    ApiQuery(Since { since }): ApiQuery<Since>,
) -> Result<Json<StoryList>, AppError> {
    let stories = state.store.stories(&who.staff.site, &who.staff.id, since, MAX_STORIES).await?;
    Ok(Json(StoryList { stories }))
}

/// `POST /api/v1/stories`: posts a story once (a resend with the same id and content gets the same story).
pub async fn post_story<S: Store>(
    State(state): State<AppState<S>>,
    Permitted(who, _): Permitted<needs::PostGoodStory>,
    ApiJson(new): ApiJson<NewStory>,
) -> Result<Json<Story>, AppError> {
    let text = new.text.trim();
    AppError::check_text("text", text, MAX_STORY_CHARS, || {
        format!("Write the story in 1 to {MAX_STORY_CHARS} characters.")
    })?;
    let site = &who.staff.site;
    if let Some(about) = &new.about {
        if state.store.staff_by_id(about).await?.is_none_or(|s| s.profile.site != *site) {
            return Err(AppError::bad(
                Problem::ColleagueElsewhere,
                "The colleague to thank must work at your site; choose them from your site's staff.",
            ));
        }
    }
    if let Some(task) = &new.task {
        if state.store.task(task).await?.is_none_or(|t| t.site != *site) {
            return Err(AppError::bad(
                Problem::TaskNotHere,
                "The linked task is not a task of your site (it may not have reached the server yet); post the \
                 story without it or try again later.",
            ));
        }
    }
    let record = StoryRecord {
        id: new.id,
        site: site.clone(),
        author: who.staff.id.clone(),
        text: text.to_owned(),
        about: new.about,
        task: new.task,
        posted_at: now(),
    };
    match state.store.post_story(&record).await? {
        Some(story) => {
            tracing::info!(staff = %who.staff.id, story = %story.id, "posted a good story");
            Ok(Json(story))
        }
        None => Err(AppError {
            status: StatusCode::CONFLICT,
            error: ApiError::bad(
                Problem::IdTaken,
                format!("Another story was already posted with the id {}; post this one as a new story.", record.id),
            ),
        }),
    }
}

/// `PUT` (`liked`) or `DELETE /api/v1/stories/{id}/like`: the caller likes a story of their site, or takes the like
/// back; both idempotent.
async fn like<S: Store>(state: &AppState<S>, who: &Authenticated, id: &str, liked: bool) -> Result<Story, AppError> {
    let not_found =
        || AppError::new(ErrorCode::NotFound, format!("Your site has no story {id}; refresh the list of stories."));
    let id = StoryId::new(id).map_err(|_| not_found())?;
    state.store.like_story(&who.staff.site, &id, &who.staff.id, liked).await?.ok_or_else(not_found)
}

/// `PUT /api/v1/stories/{id}/like`.
pub async fn like_story<S: Store>(
    State(state): State<AppState<S>>,
    who: Authenticated,
    ApiPath(id): ApiPath,
) -> Result<Json<Story>, AppError> {
    Ok(Json(like(&state, &who, &id, true).await?))
}

/// `DELETE /api/v1/stories/{id}/like`.
pub async fn unlike_story<S: Store>(
    State(state): State<AppState<S>>,
    who: Authenticated,
    ApiPath(id): ApiPath,
) -> Result<Json<Story>, AppError> {
    Ok(Json(like(&state, &who, &id, false).await?))
}
