//! One error type for every handler: a status code and a JSON [`ApiError`] a person can act on.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use floordesk_protocol::{ApiError, ErrorCode};

use crate::store::StoreError;

/// An error a handler answers with.
#[derive(Debug)]
pub struct AppError(pub ApiError);

impl AppError {
    /// An error of the given class with a message a person can act on.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self(ApiError::new(code, message))
    }
}

/// The HTTP status that carries an error code.
pub fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::BadRequest => StatusCode::BAD_REQUEST,
        ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        ErrorCode::Unreachable => StatusCode::BAD_GATEWAY,
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        tracing::error!(error = %e, "store failure");
        Self::new(ErrorCode::Internal, "The server could not reach its database; try again in a moment.")
    }
}

impl From<axum::extract::rejection::JsonRejection> for AppError {
    fn from(e: axum::extract::rejection::JsonRejection) -> Self {
        Self::new(ErrorCode::BadRequest, format!("The request body is not valid: {}", e.body_text()))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        (status_of(self.0.code), Json(self.0)).into_response()
    }
}
