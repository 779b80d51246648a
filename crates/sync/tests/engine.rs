//! The sync engine against the real server, in-process on 127.0.0.1:0 over a SQLite file with the demo data.

use std::path::{Path, PathBuf};
use std::time::Duration;

use floordesk_client::Client;
use floordesk_domain::{Action, StaffId, TaskDetails, TaskId, TaskStatus, Timestamp};
use floordesk_protocol::{Enrolment, ErrorCode, LoginRequest, Rejection, ViewChanged};
use floordesk_server::{Config, Server};
use floordesk_sync::{Engine, Notice};

fn staff(id: &str) -> StaffId {
    StaffId::new(id).unwrap()
}

fn task(id: &str) -> TaskId {
    TaskId::new(id).unwrap()
}

/// A server over the central database at `db`, stopped when dropped.
struct Central {
    url: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    done: Option<tokio::task::JoinHandle<()>>,
}

impl Central {
    async fn start(db: &Path) -> Self {
        let config = Config {
            listen: "127.0.0.1:0".parse().unwrap(),
            database_url: format!("sqlite://{}", db.display()),
            ui_dir: None,
            demo: true,
            enrolled_devices_only: false,
            code_key: None,
            trust_forwarded_for: false,
            tls: None,
            rules: false,
        };
        let server = Server::bind(&config).await.unwrap();
        let url = format!("http://{}", server.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let done = tokio::spawn(async move {
            let _ = server
                .run(async move {
                    let _ = stopped.await;
                })
                .await;
        });
        Self { url, stop: Some(stop), done: Some(done) }
    }

    /// Stops the server and waits until it is gone (its port refuses connections).
    async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(done) = self.done.take() {
            let _ = tokio::time::timeout(Duration::from_secs(10), done).await;
        }
    }

    fn client(&self) -> Client {
        Client::new(&self.url)
    }
}

impl Drop for Central {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

struct Dirs {
    _dir: tempfile::TempDir,
    central: PathBuf,
    device_a: PathBuf,
    device_b: PathBuf,
}

fn dirs() -> Dirs {
    let dir = tempfile::tempdir().unwrap();
    Dirs {
        central: dir.path().join("central.db"),
        device_a: dir.path().join("device-a.db"),
        device_b: dir.path().join("device-b.db"),
        _dir: dir,
    }
}

async fn signed_in(path: &Path, url: &str, id: &str, code: &str) -> Engine {
    let engine = Engine::open(path, Some(url)).await.unwrap();
    engine.sign_in(staff(id), code).await.unwrap();
    engine.sync().await.unwrap();
    engine
}

/// Sets `engine` up as a device the supervisor `id` enrolled on the server at `url`, as its first run does.
async fn enrol(engine: &Engine, url: &str, id: &str, code: &str) -> floordesk_protocol::Directory {
    let client = Client::new(url);
    let token = client.login(&LoginRequest::new(staff(id), code)).await.unwrap().token;
    let enrolled = client.enrol_device(&token, "Пост 1").await.unwrap();
    let credential = floordesk_protocol::DeviceCredential { id: enrolled.device.id, key: enrolled.key };
    engine.enrol(&Enrolment { server: url.to_owned(), device: credential }).await.unwrap()
}

/// Waits (up to 10 s) until `check` holds of the engine's view.
async fn until(engine: &Engine, what: &str, check: impl Fn(&floordesk_sync::LocalView) -> bool) {
    for _ in 0..200 {
        if check(&engine.view().await.unwrap()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{what}: not within 10 s; view: {:?}", engine.view().await.unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_offline_action_shows_at_once_survives_a_restart_and_is_applied_once() {
    let d = dirs();
    let central = Central::start(&d.central).await;
    let engine = signed_in(&d.device_a, &central.url, "anna", "1111").await;
    let routing = task("t-poly-routing-1");
    let seen = engine.view().await.unwrap();
    assert!(seen.tasks.iter().any(|t| t.task.id == routing && t.task.assignee.is_none()), "in Anna's pool");
    assert!(seen.tasks.iter().all(|t| !t.pending));
    central.stop().await;

    // Offline: the claim commits locally and shows at once, pending.
    let claimed = engine.act(&routing, Action::Claim, floordesk_sync::engine::now()).await.unwrap();
    assert!(claimed.pending);
    assert_eq!(claimed.task.assignee, Some(staff("anna")));
    let err = engine.sync().await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Unreachable);
    let status = engine.status().borrow().clone();
    assert!(!status.online);
    assert_eq!(status.pending, 1);
    drop(engine);

    // The app restarts (and the server comes back on another port): the action is still there, still pending.
    let central = Central::start(&d.central).await;
    let engine = Engine::open(&d.device_a, Some(&central.url)).await.unwrap();
    assert_eq!(engine.status().borrow().pending, 1);
    let view = engine.view().await.unwrap();
    let mine = view.tasks.iter().find(|t| t.task.id == routing).unwrap();
    assert!(mine.pending && mine.task.assignee == Some(staff("anna")));
    engine.sync().await.unwrap();
    let status = engine.status().borrow().clone();
    assert!(status.online && status.pending == 0 && status.last_sync.is_some(), "{status:?}");
    let view = engine.view().await.unwrap();
    let mine = view.tasks.iter().find(|t| t.task.id == routing).unwrap();
    assert!(!mine.pending && mine.task.assignee == Some(staff("anna")));
    // Applied once: the server's feed has exactly one change of the task after the seed.
    let maria = central.client().login(&LoginRequest::new(staff("maria"), "4444")).await.unwrap().token;
    let feed = central.client().pull(&maria, 0, 1000).await.unwrap().changes;
    assert_eq!(feed.iter().filter(|c| c.task.id == routing).count(), 2, "the seeded task and one claim");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_window_is_told_the_tasks_that_changed_and_reads_the_view_whole_only_when_it_must() {
    let d = dirs();
    let central = Central::start(&d.central).await;
    // An enrolled handheld: the directory it keeps names the holders.
    let engine = Engine::open(&d.device_a, Some(&central.url)).await.unwrap();
    enrol(&engine, &central.url, "maria", "4444").await;
    engine.sign_in(staff("anna"), "1111").await.unwrap();
    engine.sync().await.unwrap();
    let shown = engine.named(engine.view().await.unwrap().tasks).await;
    let told = |news: ViewChanged| {
        assert!(!news.floor, "{news:?}");
        news.tasks
    };
    assert_eq!(told(engine.news().await), None, "the view was just built: the window reads it whole");
    assert_eq!(told(engine.news().await), Some(Vec::new()), "nothing changed since");

    // A local action: its task as shown, pending, its holder named.
    let routing = task("t-poly-routing-1");
    let claimed = engine.act(&routing, Action::Claim, floordesk_sync::engine::now()).await.unwrap();
    let acted = told(engine.news().await).unwrap();
    assert_eq!(acted.len(), 1, "{acted:?}");
    assert_eq!((&acted[0].task, acted[0].pending), (&claimed.task, true));
    assert_eq!(acted[0].assignee_name.as_deref(), Some("Анна Смирнова"));
    // The server's answer: the same task, no longer pending.
    engine.sync().await.unwrap();
    let answered = told(engine.news().await).unwrap();
    assert_eq!(answered.len(), 1, "{answered:?}");
    assert!(answered[0].task.id == routing && !answered[0].pending && answered[0].task.version == claimed.task.version);

    // Another device's change, pulled: the supervisor gives the task to Igor. It stays in Anna's zone, so it is told
    // (her window takes it out of her own tasks); nothing else is.
    let client = central.client();
    let maria = client.login(&LoginRequest::new(staff("maria"), "4444")).await.unwrap().token;
    let op = floordesk_protocol::Op {
        id: "op-give".into(),
        device_time: floordesk_sync::engine::now(),
        base_version: claimed.task.version,
        change: floordesk_protocol::OpChange::Act {
            task: routing.clone(),
            action: Action::Reassign { to: staff("igor"), reason: None },
        },
    };
    let request = floordesk_protocol::PushRequest {
        protocol: floordesk_protocol::SYNC_PROTOCOL_VERSION,
        device: "desk-maria".into(),
        ops: vec![op],
        sent_at: None,
    };
    let pushed = client.push(&maria, &request).await.unwrap();
    assert!(matches!(pushed.results[0].outcome, floordesk_protocol::Outcome::Accepted { .. }), "{pushed:?}");
    engine.sync().await.unwrap();
    let pulled = told(engine.news().await).unwrap();
    assert_eq!(pulled.len(), 1, "{pulled:?}");
    assert_eq!(pulled[0].task.assignee, Some(staff("igor")));
    // And what was told, taken in over what the window read first, is the view now.
    let mut window = shown;
    for told in answered.into_iter().chain(pulled) {
        window.retain(|t| t.task.id != told.task.id);
        window.push(told);
    }
    let now = engine.named(engine.view().await.unwrap().tasks).await;
    // In the view's order: the window keeps its own (`TaskList::place`); the order told is the kept view's unit test's.
    window.sort_by_key(|t| now.iter().position(|n| n.task.id == t.task.id));
    assert_eq!(window, now);

    // A holder renamed by the supervisor is named anew once the device has fetched the directory again (the
    // directory is kept in memory beside the store, and kept again in both).
    let renamed = floordesk_protocol::admin::StaffChange {
        display_name: "Игорь Петров-Водкин".into(),
        role: floordesk_domain::Role::Administrator,
        zone: Some(floordesk_domain::ZoneId::new("poly-12-f2").unwrap()),
        active: true,
    };
    client.change_staff(&maria, &staff("igor"), &renamed).await.unwrap();
    let named = |views: Vec<floordesk_protocol::TaskView>| {
        views.into_iter().find(|t| t.task.id == routing).and_then(|t| t.assignee_name)
    };
    assert_eq!(named(engine.named(engine.view().await.unwrap().tasks).await).as_deref(), Some("Игорь Петров"));
    engine.directory().await.unwrap();
    assert_eq!(named(engine.named(engine.view().await.unwrap().tasks).await).as_deref(), Some("Игорь Петров-Водкин"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_meeting_confirmed_offline_shows_its_planned_escort_at_once_and_the_server_gets_both() {
    let d = dirs();
    let central = Central::start(&d.central).await;
    let engine = Engine::open(&d.device_a, None).await.unwrap();
    enrol(&engine, &central.url, "tatiana", "0000").await;
    // The sign-in screen reads the directory: the device keeps it, zone names included.
    engine.directory().await.unwrap();
    engine.sign_in(staff("sergey"), "8888").await.unwrap();
    engine.sync().await.unwrap();
    central.stop().await;

    let (meeting, escort) = (task("t-ed-meeting-1"), task("t-ed-meeting-1-escort"));
    let confirmed = engine.confirm_meeting(&meeting, escort.clone(), floordesk_sync::engine::now()).await.unwrap();
    assert!(confirmed.pending);
    assert!(matches!(&confirmed.task.details, TaskDetails::RelativeMeeting(m) if m.confirmed_slot.is_some()));
    let view = engine.view().await.unwrap();
    let planned = view.tasks.iter().find(|t| t.task.id == escort).expect("the escort shows at once");
    assert!(planned.pending);
    assert!(matches!(&planned.task.details, TaskDetails::Escort(e) if e.from == "Вестибюль"), "{planned:?}");

    let central = Central::start(&d.central).await;
    let engine = Engine::open(&d.device_a, Some(&central.url)).await.unwrap();
    engine.sync().await.unwrap();
    let view = engine.view().await.unwrap();
    assert!(view.tasks.iter().filter(|t| t.task.id == meeting || t.task.id == escort).all(|t| !t.pending));
    let natalia = central.client().login(&LoginRequest::new(staff("natalia"), "9999")).await.unwrap().token;
    let feed = central.client().pull(&natalia, 0, 1000).await.unwrap().changes;
    let on_server = feed.iter().rev().find(|c| c.task.id == escort).expect("the server has the escort");
    assert!(matches!(&on_server.task.details, TaskDetails::Escort(e) if e.from == "Вестибюль"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_devices_claim_the_same_task_offline_one_wins_and_the_other_sees_why() {
    let d = dirs();
    let central = Central::start(&d.central).await;
    let dmitry = signed_in(&d.device_a, &central.url, "dmitry", "5555").await;
    let sergey = signed_in(&d.device_b, &central.url, "sergey", "8888").await;
    let routing = task("t-ed-routing-1");
    let at = floordesk_sync::engine::now();
    // Both act while their devices cannot reach the server: each sees the task as theirs.
    assert_eq!(dmitry.act(&routing, Action::Claim, at).await.unwrap().task.assignee, Some(staff("dmitry")));
    assert_eq!(sergey.act(&routing, Action::Claim, at).await.unwrap().task.assignee, Some(staff("sergey")));
    dmitry.sync().await.unwrap();
    sergey.sync().await.unwrap();
    let won = dmitry.view().await.unwrap();
    assert!(won.rejections.is_empty());
    assert!(won.tasks.iter().any(|t| t.task.id == routing && !t.pending && t.task.assignee == Some(staff("dmitry"))));
    let lost = sergey.view().await.unwrap();
    let mine = lost.tasks.iter().find(|t| t.task.id == routing).unwrap();
    assert!(!mine.pending, "the claim was rolled back");
    assert_eq!(mine.task.assignee, Some(staff("dmitry")), "and the task shows its real holder");
    let [rejection] = lost.rejections.as_slice() else { panic!("one rejection to show: {:?}", lost.rejections) };
    assert_eq!(rejection.task, routing);
    assert!(matches!(&rejection.reason, Rejection::AlreadyTaken { holder, .. } if *holder == staff("dmitry")));
    assert!(rejection.message.starts_with("Already taken by Дмитрий Соколов"), "{}", rejection.message);
    sergey.dismiss(&rejection.op).await.unwrap();
    assert!(sergey.view().await.unwrap().rejections.is_empty());
    assert_eq!(sergey.status().borrow().pending, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_next_person_on_a_shared_device_does_not_lose_the_previous_persons_work() {
    let d = dirs();
    let central = Central::start(&d.central).await;
    let engine = signed_in(&d.device_a, &central.url, "anna", "1111").await;
    central.stop().await;
    let routing = task("t-poly-routing-1");
    engine.act(&routing, Action::Claim, floordesk_sync::engine::now()).await.unwrap();
    engine.sign_out().await.unwrap();
    assert_eq!(engine.view().await.unwrap_err().code, ErrorCode::Unauthorized, "nobody is signed in");
    drop(engine);
    let central = Central::start(&d.central).await;
    let engine = Engine::open(&d.device_a, Some(&central.url)).await.unwrap();
    engine.sign_in(staff("igor"), "2222").await.unwrap();
    engine.sync().await.unwrap();
    assert_eq!(engine.view().await.unwrap().person.id, staff("igor"));
    assert_eq!(engine.status().borrow().pending, 0, "Anna's claim was sent with her sign-in");
    let people = engine.store().people().await.unwrap();
    let anna = people.iter().find(|p| p.profile.id == staff("anna")).unwrap();
    assert_eq!(anna.token, None, "and then her sign-in was ended");
    let maria = central.client().login(&LoginRequest::new(staff("maria"), "4444")).await.unwrap().token;
    let tasks = central.client().tasks(&maria).await.unwrap();
    let held = tasks.pool.iter().chain(&tasks.mine).find(|v| v.task.id == routing).unwrap();
    assert_eq!(held.task.assignee, Some(staff("anna")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_persons_refused_push_does_not_hold_back_the_others_on_the_device() {
    let d = dirs();
    let central = Central::start(&d.central).await;
    let engine = signed_in(&d.device_a, &central.url, "anna", "1111").await;
    let at = floordesk_sync::engine::now();
    engine.act(&task("t-poly-routing-1"), Action::Claim, at).await.unwrap();
    // Anna's sign-in on this device goes bad in a way the server refuses whole (a device id that is no id).
    let db = sqlx::SqlitePool::connect(&format!("sqlite://{}", d.device_a.display())).await.unwrap();
    sqlx::query("UPDATE people SET device = 'not an id' WHERE staff_id = 'anna'").execute(&db).await.unwrap();
    db.close().await;
    engine.sign_in(staff("igor"), "2222").await.unwrap();
    let taxi = task("t-poly-taxi-1");
    engine.act(&taxi, Action::Accept, at).await.unwrap();
    let failed = engine.sync().await.unwrap_err();
    assert_eq!(failed.code, ErrorCode::BadRequest, "the round says what failed: {failed:?}");
    let maria = central.client().login(&LoginRequest::new(staff("maria"), "4444")).await.unwrap().token;
    let tasks = central.client().tasks(&maria).await.unwrap();
    let on_server = |id: &TaskId| tasks.pool.iter().chain(&tasks.mine).find(|v| &v.task.id == id).unwrap().task.clone();
    assert_eq!(on_server(&taxi).status, TaskStatus::Accepted, "Igor's work reached the server after Anna's failed");
    assert_eq!(on_server(&task("t-poly-routing-1")).assignee, None, "Anna's claim waits in her outbox");
    assert_eq!(engine.status().borrow().pending, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_running_engine_hears_changes_live_and_raises_notices() {
    let d = dirs();
    let central = Central::start(&d.central).await;
    let engine = std::sync::Arc::new(signed_in(&d.device_a, &central.url, "igor", "2222").await);
    let mut notices = engine.notices();
    let runner = tokio::spawn({
        let engine = std::sync::Arc::clone(&engine);
        async move { engine.run().await }
    });
    // The supervisor gives Igor a task from another zone: it reaches his device without him asking, with a notice.
    let client = central.client();
    let maria = client.login(&LoginRequest::new(staff("maria"), "4444")).await.unwrap().token;
    let op = floordesk_protocol::Op {
        id: "op-assign".into(),
        device_time: floordesk_sync::engine::now(),
        base_version: 0,
        change: floordesk_protocol::OpChange::Act {
            task: task("t-poly-routing-1"),
            action: Action::Assign { to: staff("igor") },
        },
    };
    let request = floordesk_protocol::PushRequest {
        protocol: floordesk_protocol::SYNC_PROTOCOL_VERSION,
        device: "desk-maria".into(),
        ops: vec![op],
        sent_at: None,
    };
    client.push(&maria, &request).await.unwrap();
    until(&engine, "the assigned task arrives", |v| {
        v.tasks.iter().any(|t| t.task.id.as_str() == "t-poly-routing-1" && t.task.assignee == Some(staff("igor")))
    })
    .await;
    let notice = tokio::time::timeout(Duration::from_secs(10), notices.recv()).await.unwrap().unwrap();
    assert_eq!(notice, Notice::AssignedToMe);
    // A month on (past any holidays of the site's calendar) his task is long past its deadline: the shell's check
    // of the view kept tells it, once.
    let mut announced = std::collections::HashSet::new();
    let later = floordesk_sync::engine::now().plus_minutes(30 * 24 * 60);
    assert!(engine.deadline_notices(later, &mut announced).await.unwrap().contains(&Notice::DeadlineNear));
    assert!(announced.contains(&task("t-poly-routing-1")), "{announced:?}");
    assert!(engine.deadline_notices(later, &mut announced).await.unwrap().is_empty(), "once");
    assert!(engine.status().borrow().online);
    // Olga starts her shift: the window is told that the floor changed (and asks who is on it), not to read its
    // tasks whole.
    let olga = client.login(&LoginRequest::new(staff("olga"), "3333")).await.unwrap().token;
    let _ = engine.news().await;
    let start = floordesk_protocol::PresenceRequest {
        staff: None,
        change: floordesk_domain::PresenceChange::Start { zone: None },
    };
    client.change_presence(&olga, &start).await.unwrap();
    let mut heard = None;
    for _ in 0..200 {
        let news = engine.news().await;
        if news.floor {
            heard = Some(news);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let heard = heard.expect("the floor's change was not told within 10 s");
    assert!(heard.tasks.is_some(), "the floor alone does not send the window to read its tasks whole: {heard:?}");
    runner.abort();
}

/// The `floordesk-server` binary: `FLOORDESK_SERVER_BIN`, or the one cargo built next to this test.
fn server_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("FLOORDESK_SERVER_BIN") {
        return PathBuf::from(path);
    }
    let exe = std::env::current_exe().unwrap();
    let path = exe.parent().and_then(Path::parent).unwrap().join("floordesk-server");
    assert!(path.exists(), "{} is missing: build it with `cargo build -p floordesk-server`", path.display());
    path
}

/// The server as its own process, to be killed with SIGKILL.
struct Process {
    child: std::process::Child,
    url: String,
}

impl Process {
    async fn start(db: &Path) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        Self::start_on(db, port).await
    }

    /// The server on `port` of 127.0.0.1.
    async fn start_on(db: &Path, port: u16) -> Self {
        let mut child = std::process::Command::new(server_binary())
            .args(["--demo", "--listen", &format!("127.0.0.1:{port}")])
            .args(["--database-url", &format!("sqlite://{}", db.display())])
            .env("FLOORDESK_LOG", "warn")
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let url = format!("http://127.0.0.1:{port}");
        let client = Client::new(&url);
        for _ in 0..200 {
            if client.call::<floordesk_protocol::api::Healthz>(None, None, &(), &()).await.is_ok() {
                return Self { child, url };
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("the server process did not come up on {url}");
    }

    fn kill(mut self) {
        self.child.kill().unwrap(); // SIGKILL
        self.child.wait().unwrap();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_in_the_middle_of_a_push_loses_nothing_and_duplicates_nothing() {
    let d = dirs();
    let server = Process::start(&d.central).await;
    let engine = signed_in(&d.device_a, &server.url, "anna", "1111").await;
    let at = floordesk_sync::engine::now();
    let count = floordesk_protocol::MAX_PUSH_OPS;
    for n in 0..count {
        let new = floordesk_protocol::NewTaskRequest {
            id: task(&format!("t-kill-{n}")),
            zone: floordesk_domain::ZoneId::new("poly-12-entrance").unwrap(),
            case_id: None,
            priority: floordesk_domain::Priority::Normal,
            details: TaskDetails::Routing(floordesk_domain::Routing {
                purpose: "Справка".into(), destination: None
            }),
            met_at: at,
        };
        engine.create(new, at).await.unwrap();
    }
    assert_eq!(engine.status().borrow().pending, count as u64);
    // Push, and kill the server with SIGKILL as soon as it has committed some of the ops, not all.
    let central = sqlx::SqlitePool::connect(&format!("sqlite://{}", d.central.display())).await.unwrap();
    let applied = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM ops WHERE task_id LIKE 't-kill-%'")
            .fetch_one(&central)
            .await
            .unwrap()
    };
    let engine = std::sync::Arc::new(engine);
    let push = tokio::spawn({
        let engine = std::sync::Arc::clone(&engine);
        async move { engine.sync().await }
    });
    let mut before_kill = 0;
    for _ in 0..2_000 {
        before_kill = applied().await;
        if before_kill > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    server.kill();
    let interrupted = push.await.unwrap();
    let after_kill = applied().await;
    assert!(before_kill > 0, "the push never started");
    assert!(interrupted.is_err() || after_kill == count as i64, "{interrupted:?} with {after_kill} applied");
    eprintln!("killed after {after_kill} of {count} ops were committed");
    assert!(engine.status().borrow().pending > 0 || after_kill == count as i64);

    // Restarted on the same database, the device resends: everything arrives, nothing twice.
    let server = Process::start(&d.central).await;
    drop(engine);
    let engine = Engine::open(&d.device_a, Some(&server.url)).await.unwrap();
    engine.sync().await.unwrap();
    assert_eq!(engine.status().borrow().pending, 0);
    assert_eq!(applied().await, count as i64, "each op recorded once");
    let tasks: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM tasks WHERE id LIKE 't-kill-%'").fetch_one(&central).await.unwrap();
    assert_eq!(tasks, count as i64);
    let changes: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM changes WHERE task_id LIKE 't-kill-%'")
        .fetch_one(&central)
        .await
        .unwrap();
    assert_eq!(changes, count as i64, "each create applied exactly once");
    let view = engine.view().await.unwrap();
    let created: Vec<_> = view.tasks.iter().filter(|t| t.task.id.as_str().starts_with("t-kill-")).collect();
    assert_eq!(created.len(), count);
    assert!(created.iter().all(|t| !t.pending));
    assert!(view.rejections.is_empty(), "{:?}", view.rejections.first());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_running_engine_goes_offline_and_comes_back_by_itself() {
    let d = dirs();
    let central = Process::start(&d.central).await;
    let port = central.url.rsplit(':').next().unwrap().parse::<u16>().unwrap();
    let engine = std::sync::Arc::new(signed_in(&d.device_a, &central.url, "anna", "1111").await);
    let mut status = engine.status();
    let runner = tokio::spawn({
        let engine = std::sync::Arc::clone(&engine);
        async move { engine.run().await }
    });
    status.wait_for(|s| s.online).await.unwrap();
    central.kill();
    // The server is gone: the live channel breaks and the engine says so.
    tokio::time::timeout(Duration::from_secs(20), status.wait_for(|s| !s.online)).await.unwrap().unwrap();
    engine.act(&task("t-poly-routing-1"), Action::Claim, floordesk_sync::engine::now()).await.unwrap();
    assert_eq!(engine.status().borrow().pending, 1);
    // The server comes back on the same address: the engine reconnects on its own and sends the claim.
    let _central = Process::start_on(&d.central, port).await;
    tokio::time::timeout(Duration::from_secs(60), status.wait_for(|s| s.online && s.pending == 0))
        .await
        .unwrap()
        .unwrap();
    let view = engine.view().await.unwrap();
    let claimed = view.tasks.iter().find(|t| t.task.id.as_str() == "t-poly-routing-1").unwrap();
    assert!(!claimed.pending && claimed.task.assignee == Some(staff("anna")));
    runner.abort();
}

/// Where no server listens (a stopped server's port may be taken by another test's server meanwhile).
const NOWHERE: &str = "http://127.0.0.1:9";

fn yesterday() -> floordesk_protocol::KpiQuery {
    let (from, to) = floordesk_server::demo::yesterday(floordesk_sync::engine::now());
    floordesk_protocol::KpiQuery::period(from, to)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supervisor_reads_the_indicators_through_the_engine_while_online() {
    let d = dirs();
    let central = Central::start(&d.central).await;
    let maria = signed_in(&d.device_a, &central.url, "maria", "4444").await;
    let report = maria.kpi(&yesterday()).await.unwrap();
    assert!(report.overall.tasks > 0 && !report.problems.is_empty(), "{report:?}");
    assert!(report.problems.iter().all(|p| p.task.as_str().starts_with("t-poly-")));
    let anna = signed_in(&d.device_b, &central.url, "anna", "1111").await;
    // An administrator reads her own figures only.
    let own = anna.kpi(&yesterday()).await.unwrap();
    assert!(own.by_person.iter().all(|p| p.staff.as_str() == "anna"), "{own:?}");
    central.stop().await;
    let offline = maria.kpi(&yesterday()).await.unwrap_err();
    assert_eq!(offline.code, ErrorCode::Unreachable);
    assert!(
        offline.message.contains("needs the server") && offline.message.contains("check the network"),
        "{offline:?}"
    );
    maria.sign_out().await.unwrap();
    assert_eq!(maria.kpi(&yesterday()).await.unwrap_err().code, ErrorCode::Unauthorized);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_story_posted_on_one_device_is_liked_on_another() {
    let d = dirs();
    let central = Central::start(&d.central).await;
    let anna = signed_in(&d.device_a, &central.url, "anna", "1111").await;
    let igor = signed_in(&d.device_b, &central.url, "igor", "2222").await;
    let story = floordesk_protocol::NewStory {
        id: floordesk_domain::StoryId::new("s-device-1").unwrap(),
        text: "Игорь помог с коляской у лифта".into(),
        about: Some(staff("igor")),
        task: None,
    };
    let posted = anna.post_story(&story).await.unwrap();
    assert_eq!(anna.post_story(&story).await.unwrap(), posted, "sent twice, posted once");
    let seen = igor.stories(None).await.unwrap().stories;
    assert_eq!(seen.iter().filter(|s| s.id == posted.id).count(), 1);
    assert_eq!(seen[0].about_name.as_deref(), Some("Игорь Петров"));
    let liked = igor.like_story(&posted.id, true).await.unwrap();
    assert_eq!((liked.likes, liked.liked), (1, true));
    let mine = anna.stories(Some(posted.posted_at)).await.unwrap().stories;
    assert_eq!((mine.len(), mine[0].likes, mine[0].liked), (1, 1, false));
    assert_eq!(igor.like_story(&posted.id, false).await.unwrap().likes, 0);
    central.stop().await;
    let offline = anna.post_story(&story).await.unwrap_err();
    assert_eq!(offline.code, ErrorCode::Unreachable);
    assert!(offline.message.contains("needs the server"), "{offline:?}");
    assert_eq!(igor.stories(None).await.unwrap_err().code, ErrorCode::Unreachable);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answer_templates_fetched_once_stay_readable_without_the_server() {
    let d = dirs();
    let central = Central::start(&d.central).await;
    let anna = signed_in(&d.device_a, &central.url, "anna", "1111").await;
    let maria = signed_in(&d.device_b, &central.url, "maria", "4444").await;
    let seeded = anna.templates().await.unwrap();
    assert!(seeded.templates.len() >= 8);
    // The supervisor adds one and corrects another; her device's copy follows, and Anna's next fetch has them.
    let id = floordesk_domain::TemplateId::new("tpl-wifi").unwrap();
    let draft = floordesk_protocol::TemplateDraft {
        title: "Есть ли Wi-Fi?".into(),
        body: "Сеть «Москва», бесплатно.".into(),
    };
    maria.templates().await.unwrap();
    let written = maria.put_template(&id, &draft).await.unwrap();
    let xray = floordesk_domain::TemplateId::new("tpl-poly-xray").unwrap();
    maria.delete_template(&xray).await.unwrap();
    assert_eq!(
        anna.put_template(&id, &draft).await.unwrap_err().code,
        ErrorCode::Forbidden,
        "administrators read the knowledge base, supervisors write it"
    );
    let fresh = anna.templates().await.unwrap();
    assert!(fresh.templates.contains(&written));
    assert!(fresh.templates.iter().all(|t| t.id != xray));
    central.stop().await;

    // Offline, and after the app restarts offline: the last copy fetched, as it was.
    assert_eq!(anna.templates().await.unwrap(), fresh);
    assert_eq!(maria.templates().await.unwrap(), fresh, "the editor's copy followed her edits");
    drop(anna);
    let restarted = Engine::open(&d.device_a, Some(NOWHERE)).await.unwrap();
    assert_eq!(restarted.templates().await.unwrap(), fresh);
    let edit = maria.put_template(&id, &draft).await.unwrap_err();
    assert_eq!(edit.code, ErrorCode::Unreachable);
    assert!(edit.message.contains("needs the server"), "{edit:?}");
    // A device that never fetched them says so.
    let elsewhere = d.device_a.with_file_name("device-c.db");
    let never = Engine::open(&elsewhere, Some(NOWHERE)).await.unwrap();
    never.store().sign_in(&maria.view().await.unwrap().person, "stale-token", Timestamp(i64::MAX), None).await.unwrap();
    let none = never.templates().await.unwrap_err();
    assert_eq!(none.code, ErrorCode::Unreachable);
    assert!(none.message.contains("connect to the network once"), "{none:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sites_purposes_stay_offered_without_the_server() {
    let d = dirs();
    let central = Central::start(&d.central).await;
    let anna = signed_in(&d.device_a, &central.url, "anna", "1111").await;
    let maria = signed_in(&d.device_b, &central.url, "maria", "4444").await;
    let ours = floordesk_protocol::Purposes {
        items: vec!["Где кабинет".into(), "Выписка рецепта".into()]
    };
    let saved = maria.put_purposes(&ours).await.unwrap();
    assert_eq!(anna.purposes().await.unwrap(), saved);
    central.stop().await;
    // Offline, and after the app restarts offline: the site's own list as last heard, not the kind's usual one.
    assert_eq!(anna.purposes().await.unwrap(), saved);
    assert_eq!(maria.purposes().await.unwrap(), saved, "the editor's device keeps what she saved");
    drop(anna);
    let restarted = Engine::open(&d.device_a, Some(NOWHERE)).await.unwrap();
    assert_eq!(restarted.purposes().await.unwrap(), saved);
    assert_eq!(maria.put_purposes(&ours).await.unwrap_err().code, ErrorCode::Unreachable);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_clocks_follow_the_active_persons_own_site_on_a_shared_device() {
    let d = dirs();
    let central = Central::start(&d.central).await;
    let device = signed_in(&d.device_a, &central.url, "anna", "1111").await;
    let poly = device.deadlines().await;
    assert!(!poly.calendar().days_off.is_empty(), "the polyclinic closes on public holidays");
    assert!(poly.calendar().weekly[6], "and opens on Sundays, by its own hours");
    device.sign_in(staff("dmitry"), "5555").await.unwrap();
    let ed = device.deadlines().await;
    assert!(ed.calendar().days_off.is_empty() && ed.calendar().weekly == [true; 7], "an emergency centre never closes");
    central.stop().await;
    // Offline, after a restart: the active person's site's table as kept, not the standard one.
    drop(device);
    let restarted = Engine::open(&d.device_a, Some(NOWHERE)).await.unwrap();
    assert_eq!(restarted.deadlines().await, ed);
    assert_ne!(ed, floordesk_domain::DeadlineTable::standard());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_is_set_up_on_its_first_run_from_the_enrolment_a_supervisor_shows_and_lists_only_its_site() {
    let d = dirs();
    let central = Central::start(&d.central).await;
    let fresh = Engine::open(&d.device_a, None).await.unwrap();
    assert_eq!(fresh.setup().await.unwrap(), floordesk_protocol::DeviceSetup::default(), "nothing set up yet");
    assert_eq!(fresh.directory().await.unwrap_err().code, ErrorCode::Unauthorized, "no list before enrolment");

    // A mistyped key leaves the device as it was.
    let mistyped = Enrolment {
        server: central.url.clone(),
        device: floordesk_protocol::DeviceCredential { id: "dev-0000".into(), key: "ab".repeat(32) },
    };
    assert_eq!(fresh.enrol(&mistyped).await.unwrap_err().code, ErrorCode::Unauthorized);
    assert_eq!(fresh.setup().await.unwrap(), floordesk_protocol::DeviceSetup::default());

    let listed = enrol(&fresh, &central.url, "maria", "4444").await;
    assert!(listed.sites.len() == 1 && listed.sites[0].id.as_str() == "poly-12", "{:?}", listed.sites);
    assert!(listed.staff.iter().all(|e| e.staff.site.as_str() == "poly-12"));
    assert!(listed.staff.iter().any(|e| e.staff.id.as_str() == "anna"));
    let setup = fresh.setup().await.unwrap();
    assert_eq!(setup.server.as_deref(), Some(central.url.as_str()));
    assert!(setup.device.is_some());
    fresh.sign_in(staff("anna"), "1111").await.unwrap();
    // Its clock was compared with the server's at the first sync (the same machine's: not off).
    let ahead = fresh.status().borrow().clock_ahead_ms;
    assert!(ahead.is_some_and(|ms| ms.abs() < 60_000), "{ahead:?}");
    assert_eq!(fresh.status().borrow().clock_off_minutes(), None);
    // Someone of another site cannot sign in on this handheld.
    assert_eq!(fresh.sign_in(staff("dmitry"), "5555").await.unwrap_err().code, ErrorCode::Unauthorized);

    // After a restart with no address given, the device talks to the server it was set up with.
    drop(fresh);
    let restarted = Engine::open(&d.device_a, None).await.unwrap();
    assert_eq!(restarted.setup().await.unwrap(), setup);
    assert_eq!(restarted.directory().await.unwrap(), listed);
    central.stop().await;
}

#[tokio::test]
async fn a_store_kept_plain_by_an_earlier_app_is_encrypted_in_place_and_unreadable_without_its_key() {
    use floordesk_sync::{LocalStore, StoreKey};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("device.db");
    let plain = LocalStore::open(&path, None).await.unwrap();
    plain.remember("probe", &"Б-042, Смирнова А. С.").await.unwrap();
    plain.close().await;
    assert!(std::fs::read(&path).unwrap().starts_with(b"SQLite format 3"), "an earlier app's store is plain");

    // The app, updated, opens it with its key: encrypted in place, nothing lost.
    let key = StoreKey::random();
    let encrypted = LocalStore::open(&path, Some(&key)).await.unwrap();
    assert_eq!(encrypted.recall::<String>("probe").await.unwrap().as_deref(), Some("Б-042, Смирнова А. С."));
    encrypted.close().await;
    let bytes = std::fs::read(&path).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3"));
    assert!(!String::from_utf8_lossy(&bytes).contains("Смирнова"));
    assert!(LocalStore::open(&path, None).await.is_err(), "opened without its key");
    assert!(LocalStore::open(&path, Some(&StoreKey::random())).await.is_err(), "opened with another key");
    let again = LocalStore::open(&path, Some(&key)).await.unwrap();
    assert_eq!(again.recall::<String>("probe").await.unwrap().as_deref(), Some("Б-042, Смирнова А. С."));
}
