//! The extractors every handler uses, so that a request is judged the same way everywhere: the permission first
//! ([`Permitted`]: a role that may not gets 403 whatever it sent), then a JSON body or a query string that does not
//! parse becomes an [`AppError`] a person can act on (never axum's plain-text rejection), and a query's error says
//! how the query is written.

use std::marker::PhantomData;

use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::Json;
use floordesk_domain::{has_control, Permission, ValidationError};
use floordesk_protocol::{Cursor, ErrorCode, KpiQuery, Problem, Since};
use serde::de::DeserializeOwned;

use crate::auth::Authenticated;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::Store;

/// A permission as a type, for [`Permitted`].
pub trait Needs {
    const PERMISSION: Permission;
}

/// The permissions handlers ask for, as types.
pub mod needs {
    use super::{Needs, Permission};

    macro_rules! needs {
        ($($name:ident),*) => {
            $(
                #[doc = concat!("[`Permission::", stringify!($name), "`].")]
                #[derive(Debug)]
                pub struct $name;

                impl Needs for $name {
                    const PERMISSION: Permission = Permission::$name;
                }
            )*
        };
    }

    needs!(
        ManageDevices,
        ManageStaff,
        ManageSites,
        ManageKnowledgeBase,
        ManageFloor,
        ViewKpi,
        ViewAudit,
        PostGoodStory,
        RunMorningMeeting
    );
}

/// The signed-in person, refused (403, logged) unless their role has `P`'s permission. As an extractor before the
/// body and the query, it is checked first: a role that may not never learns more from a malformed request.
#[derive(Debug)]
pub struct Permitted<P>(pub Authenticated, pub PhantomData<P>);

impl<P: Needs, S: Store> FromRequestParts<AppState<S>> for Permitted<P> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState<S>) -> Result<Self, Self::Rejection> {
        let who = Authenticated::from_request_parts(parts, state).await?;
        who.require(P::PERMISSION)?;
        Ok(Self(who, PhantomData))
    }
}

/// A JSON body (axum's status kept: 400 syntax, 415 content type, 413 too large, 422 wrong shape). No text in it
/// may hold a control character but line breaks and tabs (NUL, escape…: 400, whatever the field and on either
/// store), so none reaches a database, a log line or a screen. (A push is judged per op instead: see `sync::push`.)
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let Json(body) = Json::<serde_json::Value>::from_request(request, state).await?;
        if let Some(field) = control_character(&body, "body") {
            return Err(control_refused(field));
        }
        // The field's path in the error, as axum's own `Json` says it ("staff_id: invalid type…").
        let value = serde_path_to_error::deserialize(body).map_err(|e| AppError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            error: floordesk_protocol::ApiError::new(
                ErrorCode::BadRequest,
                format!("The request body is not valid: {e}"),
            ),
        })?;
        Ok(Self(value))
    }
}

/// The answer to text with a control character in `field`.
pub fn control_refused(field: String) -> AppError {
    let words =
        format!("The field \"{field}\" holds a control character; send plain text (line breaks and tabs are fine).");
    AppError::bad(Problem::Field { error: ValidationError::ControlCharacters { field: field.into() } }, words)
}

/// The name of the first field (its key, or `within`'s for an array's items) whose text holds a control character.
pub fn control_character(value: &serde_json::Value, within: &str) -> Option<String> {
    match value {
        serde_json::Value::String(text) => has_control(text).then(|| within.to_owned()),
        serde_json::Value::Array(items) => items.iter().find_map(|v| control_character(v, within)),
        serde_json::Value::Object(fields) => fields.iter().find_map(|(key, v)| control_character(v, key)),
        _ => None,
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

impl QueryForm for floordesk_protocol::AuditQuery {
    const FORM: &'static str = "?after=N&limit=N&staff=ID&task=ID&action=KIND&from=MS&to=MS (all optional; KIND as \
                                in the audit entries, e.g. reassign)";
}

impl QueryForm for floordesk_protocol::SiteQuery {
    const FORM: &'static str = "?site=ID (a city administrator's choice of site)";
}

impl QueryForm for Since {
    const FORM: &'static str = "?since=MS";
}

impl QueryForm for KpiQuery {
    const FORM: &'static str = "?day_from=D&day_to=D (the site's days) or ?from=MS&to=MS, and for a CSV &lang=ru or en";
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

/// The one id in a path (`/api/v1/devices/{id}`), as text: a path that is not UTF-8 gets a JSON 400, never axum's
/// plain-text rejection. Each handler judges the id itself (an id it cannot hold is "no such …").
#[derive(Debug)]
pub struct ApiPath(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ApiPath {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(id) = Path::<String>::from_request_parts(parts, state).await.map_err(|_| {
            AppError::new(
                ErrorCode::BadRequest,
                "The id in the path is not valid text; ids are letters, digits, - and _.",
            )
        })?;
        Ok(Self(id))
    }
}
