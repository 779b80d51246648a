//! A native client of the central server: every call of the HTTP API, answered with protocol types or an
//! [`ApiError`] that says what went wrong in words a person can act on.

use floordesk_protocol::{paths, ApiError, Directory, ErrorCode, LoginRequest, LoginResponse, TaskList};
use serde::de::DeserializeOwned;
use std::time::Duration;

/// How long to wait for a connection to the server.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long one call may take in all.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

/// A client of one server.
#[derive(Debug, Clone)]
pub struct Client {
    base: String,
    http: reqwest::Client,
}

impl Client {
    /// A client of the server at `base_url` (e.g. `http://127.0.0.1:8080`). A stalled network fails a call after
    /// [`CONNECT_TIMEOUT`] to connect or [`REQUEST_TIMEOUT`] in all, so a screen never waits forever.
    pub fn new(base_url: impl Into<String>) -> Self {
        let base = base_url.into().trim_end_matches('/').to_owned();
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .build()
            .unwrap_or_else(|_| reqwest::Client::new());
        Self { base, http }
    }

    /// The server's base URL.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// The sites and the people who can sign in.
    pub async fn directory(&self) -> Result<Directory, ApiError> {
        self.send(self.http.get(self.url(paths::DIRECTORY))).await
    }

    /// Signs in with a personal code.
    pub async fn login(&self, request: &LoginRequest) -> Result<LoginResponse, ApiError> {
        self.send(self.http.post(self.url(paths::LOGIN)).json(request)).await
    }

    /// Ends the session of `token`.
    pub async fn logout(&self, token: &str) -> Result<(), ApiError> {
        let response = self.http.post(self.url(paths::LOGOUT)).bearer_auth(token).send().await.map_err(unreachable)?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(error_of(response).await)
        }
    }

    /// The open tasks of the person signed in with `token`.
    pub async fn tasks(&self, token: &str) -> Result<TaskList, ApiError> {
        self.send(self.http.get(self.url(paths::TASKS)).bearer_auth(token)).await
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn send<T: DeserializeOwned>(&self, request: reqwest::RequestBuilder) -> Result<T, ApiError> {
        let response = request.send().await.map_err(unreachable)?;
        if !response.status().is_success() {
            return Err(error_of(response).await);
        }
        response.json().await.map_err(|e| {
            ApiError::new(ErrorCode::Internal, format!("The server answered with something this app cannot read: {e}"))
        })
    }
}

fn unreachable(e: reqwest::Error) -> ApiError {
    ApiError::new(ErrorCode::Unreachable, format!("Cannot reach the server: {e}"))
}

/// The server's error, or a description of the status when the body is not one.
async fn error_of(response: reqwest::Response) -> ApiError {
    let status = response.status();
    match response.json::<ApiError>().await {
        Ok(e) => e,
        Err(_) => ApiError::new(ErrorCode::Internal, format!("The server answered {status}.")),
    }
}
