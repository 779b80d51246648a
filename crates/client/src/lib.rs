//! A native client of the central server: every call of the HTTP API, answered with protocol types or an
//! [`ApiError`] that says what went wrong in words a person can act on.

use floordesk_domain::{KpiReport, StoryId, TemplateId, Timestamp};
use floordesk_protocol::{
    paths, ApiError, AuditPage, ChangePage, DeviceList, Directory, EnrolDeviceRequest, EnrolledDevice, ErrorCode,
    KpiQuery, LiveMessage, LoginRequest, LoginResponse, NewStory, PushRequest, PushResponse, Story, StoryList,
    TaskList, Template, TemplateDraft, TemplateList,
};
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
        self.send_empty(self.http.post(self.url(paths::LOGOUT)).bearer_auth(token)).await
    }

    /// Enrols a device of the supervisor's site; the answer holds its key, shown only this once.
    pub async fn enrol_device(&self, token: &str, name: &str) -> Result<EnrolledDevice, ApiError> {
        let request = EnrolDeviceRequest { name: name.to_owned() };
        self.send(self.http.post(self.url(paths::DEVICES)).bearer_auth(token).json(&request)).await
    }

    /// The devices of the supervisor's site.
    pub async fn devices(&self, token: &str) -> Result<DeviceList, ApiError> {
        self.send(self.http.get(self.url(paths::DEVICES)).bearer_auth(token)).await
    }

    /// Withdraws a device of the supervisor's site, ending every session opened on it.
    pub async fn revoke_device(&self, token: &str, id: &str) -> Result<(), ApiError> {
        let url = self.url(&paths::DEVICE.replace("{id}", id));
        self.send_empty(self.http.delete(url).bearer_auth(token)).await
    }

    /// The open tasks of the person signed in with `token`.
    pub async fn tasks(&self, token: &str) -> Result<TaskList, ApiError> {
        self.send(self.http.get(self.url(paths::TASKS)).bearer_auth(token)).await
    }

    /// Pushes a batch of ops from a device's outbox.
    pub async fn push(&self, token: &str, request: &PushRequest) -> Result<PushResponse, ApiError> {
        self.send(self.http.post(self.url(paths::PUSH)).bearer_auth(token).json(request)).await
    }

    /// The changes the person may see after `after`, at most `limit`.
    pub async fn pull(&self, token: &str, after: u64, limit: u32) -> Result<ChangePage, ApiError> {
        let url = format!("{}?after={after}&limit={limit}", self.url(paths::PULL));
        self.send(self.http.get(url).bearer_auth(token)).await
    }

    /// The site's audit log after entry `after` (supervisors only).
    pub async fn audit(&self, token: &str, after: u64, limit: u32) -> Result<AuditPage, ApiError> {
        let url = format!("{}?after={after}&limit={limit}", self.url(paths::AUDIT));
        self.send(self.http.get(url).bearer_auth(token)).await
    }

    /// The service indicators of the supervisor's site over a period.
    pub async fn kpi(&self, token: &str, query: &KpiQuery) -> Result<KpiReport, ApiError> {
        self.send(self.http.get(self.url(paths::KPI)).bearer_auth(token).query(query)).await
    }

    /// The good stories of the person's site, newest first; with `since`, only those posted from then on.
    pub async fn stories(&self, token: &str, since: Option<Timestamp>) -> Result<StoryList, ApiError> {
        let mut request = self.http.get(self.url(paths::STORIES)).bearer_auth(token);
        if let Some(since) = since {
            request = request.query(&[("since", since.0)]);
        }
        self.send(request).await
    }

    /// Posts a good story; sending the same story again posts it once.
    pub async fn post_story(&self, token: &str, story: &NewStory) -> Result<Story, ApiError> {
        self.send(self.http.post(self.url(paths::STORIES)).bearer_auth(token).json(story)).await
    }

    /// Likes a story (`liked`), or takes the like back.
    pub async fn like_story(&self, token: &str, id: &StoryId, liked: bool) -> Result<Story, ApiError> {
        let url = self.url(&paths::STORY_LIKE.replace("{id}", id.as_str()));
        let request = if liked { self.http.put(url) } else { self.http.delete(url) };
        self.send(request.bearer_auth(token)).await
    }

    /// The answer templates of the person's site, by title.
    pub async fn templates(&self, token: &str) -> Result<TemplateList, ApiError> {
        self.send(self.http.get(self.url(paths::TEMPLATES)).bearer_auth(token)).await
    }

    /// Writes an answer template of the supervisor's site (new, or replacing the one with this id).
    pub async fn put_template(
        &self,
        token: &str,
        id: &TemplateId,
        draft: &TemplateDraft,
    ) -> Result<Template, ApiError> {
        let url = self.url(&paths::TEMPLATE.replace("{id}", id.as_str()));
        self.send(self.http.put(url).bearer_auth(token).json(draft)).await
    }

    /// Removes an answer template of the supervisor's site.
    pub async fn delete_template(&self, token: &str, id: &TemplateId) -> Result<(), ApiError> {
        let url = self.url(&paths::TEMPLATE.replace("{id}", id.as_str()));
        self.send_empty(self.http.delete(url).bearer_auth(token)).await
    }

    /// Opens the live channel of the person signed in with `token`.
    pub async fn live(&self, token: &str) -> Result<Live, ApiError> {
        let ws_base = self.base.replacen("http", "ws", 1);
        let url = format!("{ws_base}{}?token={token}", paths::LIVE);
        let (socket, _) = tokio_tungstenite::connect_async(url).await.map_err(|e| match e {
            tokio_tungstenite::tungstenite::Error::Http(response) if response.status().as_u16() == 401 => {
                ApiError::new(ErrorCode::Unauthorized, "The sign-in has ended; sign in again to hear changes live.")
            }
            e => ApiError::new(ErrorCode::Unreachable, format!("Cannot open the live channel: {e}")),
        })?;
        Ok(Live { socket, close_code: None })
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn send_empty(&self, request: reqwest::RequestBuilder) -> Result<(), ApiError> {
        let response = request.send().await.map_err(unreachable)?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(error_of(response).await)
        }
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

/// The live channel: the changes the person may see, as they are committed.
#[derive(Debug)]
pub struct Live {
    socket: tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
    /// The code the server closed the channel with, once it has.
    close_code: Option<u16>,
}

impl Live {
    /// The code the server closed the channel with (e.g. [`floordesk_protocol::LIVE_CLOSE_SESSION_ENDED`]), once
    /// [`Live::next`] has seen the close.
    pub fn close_code(&self) -> Option<u16> {
        self.close_code
    }

    /// The next message; `None` when the server closed the channel (after [`LiveMessage::SessionEnded`] when the
    /// sign-in ended).
    pub async fn next(&mut self) -> Option<Result<LiveMessage, ApiError>> {
        use futures_util::StreamExt;
        loop {
            let message = match self.socket.next().await? {
                Ok(m) => m,
                Err(e) => return Some(Err(ApiError::new(ErrorCode::Unreachable, format!("Live channel broke: {e}")))),
            };
            match message {
                tokio_tungstenite::tungstenite::Message::Text(text) => {
                    return Some(serde_json::from_str(&text).map_err(|e| {
                        ApiError::new(ErrorCode::Internal, format!("Unreadable live message from the server: {e}"))
                    }));
                }
                tokio_tungstenite::tungstenite::Message::Close(Some(frame)) => {
                    self.close_code = Some(frame.code.into());
                }
                _ => {}
            }
        }
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
