//! The commands the webview may call (each listed in `capabilities/main.json`).

use std::sync::Mutex;

use floordesk_client::Client;
use floordesk_protocol::{ApiError, Directory, ErrorCode, LoginRequest, SignedIn, TaskList};
use tauri::State;

/// The shell's state: the server client and the current sign-in. The token never goes to the webview.
#[derive(Debug)]
pub struct Shell {
    client: Client,
    token: Mutex<Option<String>>,
}

impl Shell {
    /// A shell talking to the server at `server_url`.
    pub fn new(server_url: String) -> Self {
        Self { client: Client::new(server_url), token: Mutex::new(None) }
    }

    fn token(&self) -> Result<String, ApiError> {
        self.token
            .lock()
            .map_err(|_| ApiError::new(ErrorCode::Internal, "The app's session state is broken; restart the app."))?
            .clone()
            .ok_or_else(|| ApiError::new(ErrorCode::Unauthorized, "Sign in first."))
    }

    fn set_token(&self, token: Option<String>) {
        if let Ok(mut t) = self.token.lock() {
            *t = token;
        }
    }
}

/// The sites and the people who can sign in on this device.
#[tauri::command]
pub async fn directory(shell: State<'_, Shell>) -> Result<Directory, ApiError> {
    shell.client.directory().await
}

/// Signs a person in; the token stays in the shell. A previous person's sign-in on this device is ended on the
/// server too (best effort: an unreachable server lets it expire by itself).
#[tauri::command]
pub async fn login(shell: State<'_, Shell>, request: LoginRequest) -> Result<SignedIn, ApiError> {
    let answer = shell.client.login(&request).await?;
    let previous = shell.token().ok();
    shell.set_token(Some(answer.token));
    if let Some(previous) = previous {
        let _ = shell.client.logout(&previous).await;
    }
    Ok(answer.signed_in)
}

/// Signs the current person out on this device, and on the server when it can be reached.
#[tauri::command]
pub async fn logout(shell: State<'_, Shell>) -> Result<(), ApiError> {
    let token = shell.token()?;
    shell.set_token(None);
    shell.client.logout(&token).await
}

/// The signed-in person's open tasks.
#[tauri::command]
pub async fn tasks(shell: State<'_, Shell>) -> Result<TaskList, ApiError> {
    let token = shell.token()?;
    shell.client.tasks(&token).await
}
