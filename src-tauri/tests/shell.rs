//! The shell's commands through Tauri's mock runtime (with the app's real config and capabilities), over a real
//! engine and the real server in-process; and its notifications observed on `org.freedesktop.Notifications` of a
//! session bus this test starts.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use floordesk_app_lib::commands::Shell;
use floordesk_domain::{Action, StaffId, TaskId};
use floordesk_protocol::{DeviceState, LoginRequest, SignedIn, TaskList, TaskView};
use floordesk_server::{Config, Server};
use floordesk_sync::Engine;
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;

/// One tokio runtime for the server, the engine and Tauri's async commands.
fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RUNTIME.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        tauri::async_runtime::set(rt.handle().clone());
        rt
    })
}

/// A demo server over a SQLite file in `dir` (its rules off); returns its URL.
fn server(dir: &Path) -> String {
    server_with(dir, false)
}

/// A demo server over a SQLite file in `dir`, its rules running or not; returns its URL.
fn server_with(dir: &Path, rules: bool) -> String {
    let config = Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        database_url: format!("sqlite://{}", dir.join("central.db").display()),
        ui_dir: None,
        demo: true,
        enrolled_devices_only: false,
        code_key: None,
        trust_forwarded_for: false,
        tls: None,
        rules,
    };
    runtime().block_on(async {
        let server = Server::bind(&config).await.unwrap();
        let url = format!("http://{}", server.local_addr().unwrap());
        tokio::spawn(server.run(std::future::pending()));
        url
    })
}

fn app(engine: Arc<Engine>) -> (tauri::App<MockRuntime>, tauri::WebviewWindow<MockRuntime>) {
    app_speaking(engine, floordesk_app_lib::notify::NoticeLanguage::default())
}

fn app_speaking(
    engine: Arc<Engine>,
    language: floordesk_app_lib::notify::NoticeLanguage,
) -> (tauri::App<MockRuntime>, tauri::WebviewWindow<MockRuntime>) {
    let app = floordesk_app_lib::configure(mock_builder())
        .manage(Shell { engine, language })
        .build(tauri::generate_context!())
        .unwrap();
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    (app, window)
}

/// Calls a command as the webview would; the answer or the error as JSON.
fn invoke(
    window: &tauri::WebviewWindow<MockRuntime>,
    cmd: &str,
    args: serde_json::Value,
) -> Result<serde_json::Value, serde_json::Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: tauri::ipc::CallbackFn(0),
        error: tauri::ipc::CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: tauri::ipc::InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(window, request).map(|body| body.deserialize().unwrap())
}

fn typed<T: serde::de::DeserializeOwned>(value: Result<serde_json::Value, serde_json::Value>) -> T {
    serde_json::from_value(value.unwrap_or_else(|e| panic!("command failed: {e}"))).unwrap()
}

#[test]
fn the_commands_work_on_the_device_first_and_sync_through_the_engine() {
    let dir = tempfile::tempdir().unwrap();
    let url = server(dir.path());
    let engine = Arc::new(runtime().block_on(Engine::open(&dir.path().join("device.db"), Some(&url))).unwrap());
    let (_app, window) = app(Arc::clone(&engine));
    let request = LoginRequest::new(StaffId::new("anna").unwrap(), "1111");
    let signed: SignedIn = typed(invoke(&window, "login", serde_json::json!({ "request": request })));
    assert_eq!(signed.staff.display_name, "Анна Смирнова");
    runtime().block_on(engine.sync()).unwrap();
    let list: TaskList = typed(invoke(&window, "tasks", serde_json::json!({})));
    assert!(list.pool.iter().any(|v| v.task.id.as_str() == "t-poly-routing-1" && !v.pending));
    // An action shows at once, pending, before the server has it.
    let claim = serde_json::json!({ "task": "t-poly-routing-1", "action": { "action": "claim" } });
    let claimed: TaskView = typed(invoke(&window, "act", claim.clone()));
    assert!(claimed.pending);
    assert_eq!(claimed.task.assignee, Some(StaffId::new("anna").unwrap()));
    let list: TaskList = typed(invoke(&window, "tasks", serde_json::json!({})));
    assert!(list.mine.iter().any(|v| v.task.id.as_str() == "t-poly-routing-1" && v.pending));
    let state: DeviceState = typed(invoke(&window, "device_state", serde_json::json!({})));
    assert_eq!(state.sync.pending, 1);
    runtime().block_on(engine.sync()).unwrap();
    let state: DeviceState = typed(invoke(&window, "device_state", serde_json::json!({})));
    assert_eq!((state.sync.pending, state.sync.online), (0, true));
    let list: TaskList = typed(invoke(&window, "tasks", serde_json::json!({})));
    assert!(list.mine.iter().any(|v| v.task.id.as_str() == "t-poly-routing-1" && !v.pending));
    // Her task's descriptive fields can be corrected the same way: on the device first, then sent.
    let details =
        serde_json::json!({ "kind": "routing", "purpose": "Справка для бассейна, уточнено", "destination": null });
    let changed: TaskView =
        typed(invoke(&window, "update_details", serde_json::json!({ "task": "t-poly-routing-1", "details": details })));
    assert!(changed.pending);
    assert!(
        matches!(&changed.task.details, floordesk_domain::TaskDetails::Routing(r) if r.purpose.ends_with("уточнено"))
    );
    runtime().block_on(engine.sync()).unwrap();
    assert_eq!(typed::<DeviceState>(invoke(&window, "device_state", serde_json::json!({}))).sync.pending, 0);
    // A second claim of her own task is refused on the device, in words.
    let err = invoke(&window, "act", claim).unwrap_err();
    assert_eq!(err["code"], "bad_request", "{err}");
    let err =
        invoke(&window, "act", serde_json::json!({ "task": "t-none", "action": { "action": "start" } })).unwrap_err();
    assert_eq!(err["code"], "not_found", "{err}");
    assert!(err["message"].as_str().unwrap().contains("no longer on this device"), "{err}");
    // Signed out, nothing is shown.
    invoke(&window, "logout", serde_json::json!({})).unwrap();
    let err = invoke(&window, "tasks", serde_json::json!({})).unwrap_err();
    assert_eq!(err["code"], "unauthorized", "{err}");
}

/// Fails unless `answer` came from the command itself (its value, or an `ApiError`), not from a refusal by the
/// capabilities (a plain string).
fn reached<T: serde::de::DeserializeOwned>(cmd: &str, answer: Result<serde_json::Value, serde_json::Value>) -> T {
    match answer {
        Ok(value) => serde_json::from_value(value).unwrap_or_else(|e| panic!("{cmd}: unreadable answer: {e}")),
        Err(e) => panic!("{cmd} was refused: {e}"),
    }
}

#[test]
fn the_kpi_story_and_template_commands_are_allowed_and_reach_the_engine() {
    let dir = tempfile::tempdir().unwrap();
    let url = server(dir.path());
    let engine = Arc::new(runtime().block_on(Engine::open(&dir.path().join("device.db"), Some(&url))).unwrap());
    let (_app, window) = app(Arc::clone(&engine));
    let request = LoginRequest::new(StaffId::new("maria").unwrap(), "4444");
    let _: SignedIn = typed(invoke(&window, "login", serde_json::json!({ "request": request })));
    let (from, to) = floordesk_server::demo::yesterday(floordesk_sync::engine::now());
    let query = serde_json::json!({ "query": { "from": from.0, "to": to.0, "utc_offset_minutes": 180 } });
    let report: floordesk_domain::KpiReport = reached("kpi", invoke(&window, "kpi", query));
    assert!(report.overall.tasks > 0);
    let story = serde_json::json!({ "story": { "id": "s-shell", "text": "Спасибо Анне", "about": "anna" } });
    let posted: floordesk_protocol::Story = reached("post_story", invoke(&window, "post_story", story));
    assert_eq!(posted.about_name.as_deref(), Some("Анна Смирнова"));
    let list: floordesk_protocol::StoryList =
        reached("stories", invoke(&window, "stories", serde_json::json!({ "since": posted.posted_at.0 })));
    assert_eq!(list.stories, vec![posted.clone()]);
    let list: floordesk_protocol::StoryList = reached("stories", invoke(&window, "stories", serde_json::json!({})));
    assert!(list.stories.len() > 1, "no `since`: every story");
    let liked: floordesk_protocol::Story =
        reached("like_story", invoke(&window, "like_story", serde_json::json!({ "id": "s-shell", "like": true })));
    assert_eq!((liked.likes, liked.liked), (1, true));
    let draft =
        serde_json::json!({ "id": "tpl-shell", "draft": { "title": "Где гардероб?", "body": "Цокольный этаж." } });
    let written: floordesk_protocol::Template = reached("put_template", invoke(&window, "put_template", draft));
    let templates: floordesk_protocol::TemplateList =
        reached("templates", invoke(&window, "templates", serde_json::json!({})));
    assert!(templates.templates.contains(&written));
    let () = reached("delete_template", invoke(&window, "delete_template", serde_json::json!({ "id": "tpl-shell" })));
    // Refusals of the engine and the server come back as `ApiError`s.
    let err = invoke(&window, "delete_template", serde_json::json!({ "id": "tpl-shell" })).unwrap_err();
    assert_eq!(err["code"], "not_found", "{err}");
    // What the capabilities do not list stays refused.
    let denied = invoke(&window, "plugin:notification|notify", serde_json::json!({ "options": { "title": "x" } }));
    assert!(denied.as_ref().is_err_and(|e| e.get("code").is_none()), "{denied:?}");
}

#[test]
fn notifications_speak_the_language_the_window_says() {
    let dir = tempfile::tempdir().unwrap();
    let url = server(dir.path());
    let engine = Arc::new(runtime().block_on(Engine::open(&dir.path().join("device.db"), Some(&url))).unwrap());
    let language = floordesk_app_lib::notify::NoticeLanguage::default();
    let (_app, window) = app_speaking(engine, language.clone());
    assert!(!language.english(), "Russian until told otherwise");
    invoke(&window, "set_language", serde_json::json!({ "lang": "en" })).unwrap();
    assert!(language.english());
    let refused = invoke(&window, "set_language", serde_json::json!({ "lang": "de" })).unwrap_err();
    assert_eq!(refused["code"], "bad_request", "{refused}");
    assert!(language.english(), "a refused code changes nothing");
    let notice = floordesk_sync::Notice::AssignedToMe;
    assert_ne!(floordesk_app_lib::notify::text(notice, true), floordesk_app_lib::notify::text(notice, false));
}

#[test]
fn every_command_of_the_protocol_is_registered_and_allowed_and_nothing_else() {
    let capability: serde_json::Value =
        serde_json::from_str(include_str!("../../capabilities/main.json")).expect("the capability file is JSON");
    let allowed: Vec<&str> =
        capability["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    let mut expected: Vec<String> =
        floordesk_protocol::ipc::COMMANDS.iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
    expected.extend(floordesk_protocol::ipc::EVENT_PERMISSIONS.map(str::to_owned));
    assert_eq!(allowed, expected, "capabilities/main.json allows exactly the protocol's commands and events");
    // Each is registered: called without its arguments, it is the command that refuses (a missing argument), not
    // the capabilities or an unknown command.
    let dir = tempfile::tempdir().unwrap();
    let engine =
        Arc::new(runtime().block_on(Engine::open(&dir.path().join("device.db"), Some("http://127.0.0.1:9"))).unwrap());
    let (_app, window) = app(engine);
    for command in floordesk_protocol::ipc::COMMANDS {
        if let Err(e) = invoke(&window, command, serde_json::json!({ "unexpected": true })) {
            let text = e.to_string();
            assert!(!text.contains("not allowed") && !text.contains("not found"), "{command}: {text}");
        }
    }
    // What the check above looks for is what an unknown command gets.
    let unknown = invoke(&window, "no_such_command", serde_json::json!({})).unwrap_err().to_string();
    assert!(unknown.contains("not allowed"), "{unknown}");
}

/// What the fake notification server was asked to show: (app name, summary, body).
type Shown = Arc<Mutex<Vec<(String, String, String)>>>;

struct Notifications {
    shown: Shown,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Notifications {
    #[allow(clippy::too_many_arguments)]
    fn notify(
        &self,
        app_name: String,
        _replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        _actions: Vec<String>,
        _hints: HashMap<String, zbus::OwnedVariant>,
        _expire_timeout: i32,
    ) -> u32 {
        let mut shown = self.shown.lock().unwrap();
        shown.push((app_name, summary, body));
        u32::try_from(shown.len()).unwrap_or(u32::MAX)
    }

    fn get_capabilities(&self) -> Vec<String> {
        vec!["body".into()]
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        ("floordesk-test".into(), "FloorDesk".into(), "1".into(), "1.2".into())
    }

    fn close_notification(&self, _id: u32) {}
}

/// A private session bus, stopped when dropped.
struct SessionBus {
    daemon: std::process::Child,
    address: String,
}

impl SessionBus {
    fn start() -> Self {
        use std::io::BufRead;
        let mut daemon = std::process::Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("dbus-daemon (Debian's dbus) is installed by `cargo xtask setup`");
        let mut line = String::new();
        std::io::BufReader::new(daemon.stdout.take().unwrap()).read_line(&mut line).unwrap();
        Self { daemon, address: line.trim().to_owned() }
    }
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

#[test]
fn a_task_assigned_to_me_and_a_rules_reminder_are_announced_on_the_session_bus_without_personal_data() {
    let bus = SessionBus::start();
    // Only this test shows notifications; the other test in this binary never reads this variable.
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &bus.address);
    let shown = Shown::default();
    let _server = runtime().block_on(async {
        zbus::connection::Builder::address(bus.address.as_str())
            .name("org.freedesktop.Notifications")
            .serve_at("/org/freedesktop/Notifications", Notifications { shown: Arc::clone(&shown) })
            .build()
            .await
            .unwrap()
    });
    let dir = tempfile::tempdir().unwrap();
    // With the rules running: a reminder of theirs reaches a person's device as a notification too.
    let url = server_with(dir.path(), true);
    let engine = Arc::new(runtime().block_on(Engine::open(&dir.path().join("device.db"), Some(&url))).unwrap());
    let (app, _window) = app(Arc::clone(&engine));
    runtime().block_on(async {
        engine.sign_in(StaffId::new("igor").unwrap(), "2222").await.unwrap();
        engine.sync().await.unwrap();
    });
    let language = floordesk_app_lib::notify::NoticeLanguage::default();
    tauri::async_runtime::spawn(floordesk_app_lib::notify::forward(
        app.handle().clone(),
        Arc::clone(&engine),
        language,
    ));
    // The supervisor gives Igor a task; his device hears of it on its next sync.
    runtime().block_on(async {
        let client = floordesk_client::Client::new(&url);
        let maria = client.login(&LoginRequest::new(StaffId::new("maria").unwrap(), "4444")).await.unwrap().token;
        let op = floordesk_protocol::Op {
            id: "op-assign".into(),
            device_time: floordesk_sync::engine::now(),
            base_version: 0,
            change: floordesk_protocol::OpChange::Act {
                task: TaskId::new("t-poly-routing-1").unwrap(),
                action: Action::Assign { to: StaffId::new("igor").unwrap() },
            },
        };
        let push = floordesk_protocol::PushRequest {
            protocol: floordesk_protocol::SYNC_PROTOCOL_VERSION,
            device: "desk".into(),
            ops: vec![op],
            sent_at: None,
        };
        client.push(&maria, &push).await.unwrap();
        engine.sync().await.unwrap();
    });
    let assigned = floordesk_app_lib::notify::text(floordesk_sync::Notice::AssignedToMe, false);
    for _ in 0..200 {
        if shown.lock().unwrap().iter().any(|(_, _, body)| body == assigned) {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(shown.lock().unwrap().iter().any(|(_, _, body)| body == assigned), "no \"{assigned}\"");
    // Elena, of the emergency centre (whose rules run around the clock), is given a registration whose patient has
    // waited 11 minutes: the rules remind her to start, and the reminder reaches her device as a notification.
    runtime().block_on(async {
        engine.sign_in(StaffId::new("elena").unwrap(), "6666").await.unwrap();
        engine.sync().await.unwrap();
        let client = floordesk_client::Client::new(&url);
        let natalia = client.login(&LoginRequest::new(StaffId::new("natalia").unwrap(), "9999")).await.unwrap().token;
        let op = floordesk_protocol::Op {
            id: "op-give-elena".into(),
            device_time: floordesk_sync::engine::now(),
            base_version: 0,
            change: floordesk_protocol::OpChange::Act {
                task: TaskId::new("t-ed-registration-2").unwrap(),
                action: Action::Assign { to: StaffId::new("elena").unwrap() },
            },
        };
        let push = floordesk_protocol::PushRequest {
            protocol: floordesk_protocol::SYNC_PROTOCOL_VERSION,
            device: "desk".into(),
            ops: vec![op],
            sent_at: None,
        };
        client.push(&natalia, &push).await.unwrap();
    });
    let reminder = floordesk_app_lib::notify::text(floordesk_sync::Notice::Reminder, false);
    for _ in 0..100 {
        runtime().block_on(engine.sync()).unwrap();
        if shown.lock().unwrap().iter().any(|(_, _, body)| body == reminder) {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let shown = shown.lock().unwrap().clone();
    assert!(shown.iter().any(|(_, _, body)| body == reminder), "no \"{reminder}\" among {shown:?}");
    // Every notification (his demo tasks near their deadlines are announced too) is generic words only.
    let generic: Vec<&str> = [
        floordesk_sync::Notice::AssignedToMe,
        floordesk_sync::Notice::UrgentInMyZone,
        floordesk_sync::Notice::ReassignedAway,
        floordesk_sync::Notice::DeadlineNear,
        floordesk_sync::Notice::ChildcareOverdue,
        floordesk_sync::Notice::Reminder,
        floordesk_sync::Notice::Attention,
    ]
    .into_iter()
    .map(|n| floordesk_app_lib::notify::text(n, false))
    .collect();
    for (_, summary, body) in &shown {
        assert_eq!(summary, floordesk_app_lib::notify::TITLE);
        assert!(generic.contains(&body.as_str()), "{body}");
    }
}
