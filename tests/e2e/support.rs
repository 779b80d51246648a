//! What the end-to-end tests share: the environment `cargo xtask test` sets, and a real server with demo data.

use std::path::PathBuf;

use floordesk_client::Client;
use floordesk_protocol::LoginRequest;
use floordesk_server::{Config, Server};

/// A path `cargo xtask test` passes in the environment; panics with what is missing and how to get it.
pub fn required_path(var: &str) -> PathBuf {
    let path = std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| panic!("{var} is not set: run the end-to-end tests with `cargo xtask test`"));
    assert!(path.exists(), "{var}={} does not exist: run `cargo xtask test`", path.display());
    path
}

/// Where screenshots go.
pub fn shot(name: &str) -> PathBuf {
    required_path("FLOORDESK_SHOTS").join(format!("{name}.png"))
}

/// The central server on 127.0.0.1:0 over a fresh SQLite file, with demo data and the browser UI.
#[derive(Debug)]
pub struct DemoServer {
    pub url: String,
    pub client: Client,
    _dir: tempfile::TempDir,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl DemoServer {
    /// Serves the browser build `cargo xtask test` made (the one the app embeds).
    pub async fn start() -> Self {
        Self::serving(required_path("FLOORDESK_UI_DIST")).await
    }

    /// Serves the browser build in `ui_dir`.
    pub async fn serving(ui_dir: PathBuf) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = Self::config(&dir, ui_dir, true);
        Self::boot(config, dir).await
    }

    /// The demo with the sites' rules running (the other tests keep them off, so what they count stays exact).
    pub async fn with_rules() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = Config { rules: true, ..Self::config(&dir, required_path("FLOORDESK_UI_DIST"), true) };
        Self::boot(config, dir).await
    }

    /// The demo with a city administrator `id` besides, made on the command line's way: the server and their code.
    pub async fn with_city_admin(id: &str, name: &str) -> (Self, String) {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = Self::config(&dir, required_path("FLOORDESK_UI_DIST"), true);
        let server = Self::boot(config.clone(), dir).await;
        let first = floordesk_server::admin::create_city_admin(&config, id, name).await.expect("a city administrator");
        (server, first.code)
    }

    /// `staff` starts their shift in their own zone, through the API.
    pub async fn start_shift(&self, staff: &str, code: &str) {
        let token = self.token(staff, code).await;
        let start = floordesk_protocol::PresenceRequest {
            staff: None,
            change: floordesk_domain::PresenceChange::Start { zone: None },
        };
        self.client.change_presence(&token, &start).await.unwrap_or_else(|e| panic!("{staff} starts a shift: {e}"));
    }

    /// An empty server (no demo) as a hospital gets it, whose first city administrator was made on the command line:
    /// the server and that person's code.
    pub async fn empty_with_city_admin(id: &str, name: &str) -> (Self, String) {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = Self::config(&dir, required_path("FLOORDESK_UI_DIST"), false);
        let first = floordesk_server::admin::create_city_admin(&config, id, name).await.expect("a city administrator");
        (Self::boot(config, dir).await, first.code)
    }

    fn config(dir: &tempfile::TempDir, ui_dir: PathBuf, demo: bool) -> Config {
        Config {
            listen: "127.0.0.1:0".parse().expect("address"),
            database_url: format!("sqlite://{}", dir.path().join("central.db").display()),
            ui_dir: Some(ui_dir),
            demo,
            enrolled_devices_only: false,
            code_key: None,
            trust_forwarded_for: false,
            tls: None,
            rules: false,
        }
    }

    async fn boot(config: Config, dir: tempfile::TempDir) -> Self {
        let server = Server::bind(&config).await.expect("server binds");
        let url = format!("http://{}", server.local_addr().expect("bound address"));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(server.run(async move {
            let _ = stopped.await;
        }));
        Self { client: Client::new(&url), url, _dir: dir, stop: Some(stop) }
    }

    /// A fresh session of a demo person, for checking through the API what a screen did.
    pub async fn token(&self, staff: &str, code: &str) -> String {
        let request = LoginRequest::new(floordesk_domain::StaffId::new(staff).expect("id"), code);
        self.client.login(&request).await.unwrap_or_else(|e| panic!("{staff} signs in: {e}")).token
    }

    /// A handheld the supervisor `staff` enrols through the API: what their screen shows to set it up with.
    pub async fn enrolment(&self, staff: &str, code: &str, name: &str) -> floordesk_protocol::Enrolment {
        let token = self.token(staff, code).await;
        let enrolled = self.client.enrol_device(&token, name).await.expect("a supervisor enrols a device");
        floordesk_protocol::Enrolment {
            server: self.url.clone(),
            device: floordesk_protocol::DeviceCredential { id: enrolled.device.id, key: enrolled.key },
        }
    }

    /// What the API says a person sees: (my task ids, pool task ids), in the server's order.
    pub async fn expected_tasks(&self, staff: &str, code: &str) -> (Vec<String>, Vec<String>) {
        let token = self.token(staff, code).await;
        let list = self.client.tasks(&token).await.expect("tasks");
        let ids = |v: Vec<floordesk_protocol::TaskView>| v.into_iter().map(|t| t.task.id.to_string()).collect();
        (ids(list.mine), ids(list.pool))
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
