//! One error type for every handler: a status code and a JSON [`ApiError`] a person can act on.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use floordesk_domain::ValidationError;
use floordesk_protocol::{ApiError, ErrorCode, Problem};

use crate::store::StoreError;

/// An error a handler answers with: the HTTP status and the body.
#[derive(Debug)]
pub struct AppError {
    pub status: StatusCode,
    pub error: ApiError,
}

impl AppError {
    /// An error of the given class, with the status that class normally has, and a message a person can act on.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { status: status_of(code), error: ApiError::new(code, message) }
    }

    /// A `400` a person can put right: `problem` for the client to word, `message` in English.
    pub fn bad(problem: Problem, message: impl Into<String>) -> Self {
        Self { status: StatusCode::BAD_REQUEST, error: ApiError::bad(problem, message) }
    }

    /// A text field that is empty or longer than `max` characters (after trimming), as [`Problem::Field`].
    pub fn check_text(
        field: &'static str,
        text: &str,
        max: usize,
        message: impl FnOnce() -> String,
    ) -> Result<(), Self> {
        let error = if text.is_empty() {
            ValidationError::Empty { field: field.into() }
        } else if text.chars().count() > max {
            ValidationError::TooLong { field: field.into(), max, len: text.chars().count() }
        } else {
            return Ok(());
        };
        Err(Self::bad(Problem::Field { error }, message()))
    }
}

/// The HTTP status that carries an error code.
pub fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::BadRequest => StatusCode::BAD_REQUEST,
        ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        ErrorCode::Unreachable => StatusCode::BAD_GATEWAY,
        ErrorCode::Busy => StatusCode::SERVICE_UNAVAILABLE,
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        tracing::error!(error = %e, "store failure");
        Self::new(ErrorCode::Internal, "The server could not reach its database; try again in a moment.")
    }
}

impl From<axum::extract::rejection::JsonRejection> for AppError {
    /// Keeps axum's status (400 syntax, 415 content type, 413 too large, 422 wrong shape) with a JSON body.
    fn from(e: axum::extract::rejection::JsonRejection) -> Self {
        Self {
            status: e.status(),
            error: ApiError::new(ErrorCode::BadRequest, format!("The request body is not valid: {}", e.body_text())),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            // Busy: a moment is enough for the writers ahead of it to finish.
            return (self.status, [(axum::http::header::RETRY_AFTER, "1")], Json(self.error)).into_response();
        }
        (self.status, Json(self.error)).into_response()
    }
}

/// Any path under `/api` that the API does not have.
pub async fn api_not_found(uri: axum::http::Uri) -> AppError {
    AppError::new(ErrorCode::NotFound, format!("There is no API endpoint {}.", uri.path()))
}

/// A known API path called with a method it does not take.
pub async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> AppError {
    AppError {
        status: StatusCode::METHOD_NOT_ALLOWED,
        error: ApiError::new(ErrorCode::BadRequest, format!("{} does not take {method}.", uri.path())),
    }
}
