//! The extractors every handler uses, so that a bad request is answered the same way everywhere: a JSON body or a
//! query string that does not parse becomes an [`AppError`] a person can act on (never axum's plain-text rejection),
//! and a query's error says how the query is written.

use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use axum::Json;
use floordesk_protocol::{Cursor, ErrorCode, KpiQuery, Since};
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// A JSON body (axum's status kept: 400 syntax, 415 content type, 413 too large, 422 wrong shape).
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let Json(value) = Json::<T>::from_request(request, state).await?;
        Ok(Self(value))
    }
}

/// How a query string is written, for the error that answers a bad one.
pub trait QueryForm: DeserializeOwned {
    /// E.g. `?after=N&limit=N`.
    const FORM: &'static str;
}

impl QueryForm for Cursor {
    const FORM: &'static str = "?after=N&limit=N";
}

impl QueryForm for Since {
    const FORM: &'static str = "?since=MS";
}

impl QueryForm for KpiQuery {
    const FORM: &'static str = "?from=MS&to=MS&utc_offset_minutes=M";
}

/// A query string of the form [`QueryForm::FORM`].
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T: QueryForm, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Query(value) = Query::<T>::from_request_parts(parts, state).await.map_err(|e| {
            AppError::new(ErrorCode::BadRequest, format!("Bad query: {}; use {}", e.body_text(), T::FORM))
        })?;
        Ok(Self(value))
    }
}
