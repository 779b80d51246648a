//! `/api/v1/morning/{id}` (the id is a day): what the supervisor keeps with the morning meeting's pack of a day —
//! the day's goals and the people to thank. The site is the caller's; the day is the site's day the pack reports on.

use axum::extract::State;
use axum::Json;
use chrono::{Duration, NaiveDate};
use floordesk_domain::{parse_date, ValidationError};
use floordesk_protocol::{
    ErrorCode, MorningNotes, MorningNotesDraft, Problem, Thanks, MAX_MORNING_GOALS, MAX_MORNING_LINE_CHARS,
    MAX_MORNING_THANKS,
};

use crate::error::AppError;
use crate::http::extract::{needs, ApiJson, ApiPath, Permitted};
use crate::state::{now, AppState};
use crate::store::Store;

/// How far back a pack's notes may be written: a year.
const MAX_DAYS_BACK: i64 = 366;

/// The day from the path: a date, not after tomorrow by the server's clock (a site ahead of UTC is already there)
/// and at most a year back.
fn day_of(text: &str) -> Result<NaiveDate, AppError> {
    let bad = |why: &str| AppError::new(ErrorCode::BadRequest, format!("The day {text:?} {why}"));
    let day = parse_date(text).ok_or_else(|| bad("is not a date; write it as YYYY-MM-DD."))?;
    let today = chrono::DateTime::from_timestamp_millis(now().0).map_or(day, |t| t.date_naive());
    if day > today + Duration::days(1) {
        return Err(bad("has not come yet; notes are kept with the pack of a day that has."));
    }
    if day < today - Duration::days(MAX_DAYS_BACK) {
        return Err(bad("is more than a year back."));
    }
    Ok(day)
}

/// A goal or a thanks is one line: a line break would split it in two on the form that shows it.
fn one_line(field: &'static str, text: &str) -> Result<(), AppError> {
    if text.contains(['\n', '\r']) {
        return Err(AppError::bad(
            Problem::Field { error: ValidationError::ControlCharacters { field: field.into() } },
            format!("Write each line of \"{field}\" without line breaks (one goal, one thanks per line)."),
        ));
    }
    Ok(())
}

/// `GET /api/v1/morning/{id}`: the notes kept with the pack of the day `id` (empty lists while none are written).
pub async fn morning_notes<S: Store>(
    State(state): State<AppState<S>>,
    Permitted(who, _): Permitted<needs::RunMorningMeeting>,
    ApiPath(day): ApiPath,
) -> Result<Json<MorningNotes>, AppError> {
    let day = day_of(&day)?.to_string();
    let notes = match state.store.morning_notes(&who.staff.site, &day).await? {
        Some((draft, by, at)) => {
            MorningNotes { day, goals: draft.goals, thanks: draft.thanks, updated_by: Some(by), updated_at: Some(at) }
        }
        None => MorningNotes { day, goals: Vec::new(), thanks: Vec::new(), updated_by: None, updated_at: None },
    };
    Ok(Json(notes))
}

/// `PUT /api/v1/morning/{id}`: replaces the goals and the people to thank kept with the pack of the day `id`.
pub async fn put_morning_notes<S: Store>(
    State(state): State<AppState<S>>,
    Permitted(who, _): Permitted<needs::RunMorningMeeting>,
    ApiPath(day): ApiPath,
    body: Result<ApiJson<MorningNotesDraft>, AppError>,
) -> Result<Json<MorningNotes>, AppError> {
    // The day is judged before the body, as the path comes first.
    let day = day_of(&day)?.to_string();
    let ApiJson(draft) = body?;
    let goals: Vec<String> = draft.goals.iter().map(|g| g.trim().to_owned()).collect();
    let thanks: Vec<Thanks> = draft
        .thanks
        .iter()
        .map(|t| Thanks { staff: t.staff.clone(), for_what: t.for_what.trim().to_owned() })
        .collect();
    if goals.len() > MAX_MORNING_GOALS || thanks.len() > MAX_MORNING_THANKS {
        return Err(AppError::new(
            ErrorCode::BadRequest,
            format!("Keep at most {MAX_MORNING_GOALS} goals and {MAX_MORNING_THANKS} people to thank."),
        ));
    }
    for goal in &goals {
        AppError::check_text("goals", goal, MAX_MORNING_LINE_CHARS, || {
            format!("Write each goal in 1 to {MAX_MORNING_LINE_CHARS} characters (or leave the line out).")
        })?;
        one_line("goals", goal)?;
    }
    let site = &who.staff.site;
    for thanked in &thanks {
        AppError::check_text("for_what", &thanked.for_what, MAX_MORNING_LINE_CHARS, || {
            format!("Say what each person is thanked for in 1 to {MAX_MORNING_LINE_CHARS} characters.")
        })?;
        one_line("for_what", &thanked.for_what)?;
        if state.store.staff_by_id(&thanked.staff).await?.is_none_or(|s| s.profile.site != *site) {
            return Err(AppError::bad(
                Problem::ColleagueElsewhere,
                "Each person to thank must work at your site; choose them from your site's staff.",
            ));
        }
    }
    let (at, by) = (now(), who.staff.id.clone());
    let kept = MorningNotesDraft { goals, thanks };
    state.store.put_morning_notes(site, &day, &kept, &by, at).await?;
    Ok(Json(MorningNotes { day, goals: kept.goals, thanks: kept.thanks, updated_by: Some(by), updated_at: Some(at) }))
}
