//! The real Tauri app in a window under Xvfb, driven through tauri-driver and WebKitWebDriver.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};

use super::support::{required_path, shot, DemoServer};

/// tauri-driver on free ports; stopped with SIGTERM so it takes WebKitWebDriver down with it.
struct TauriDriver {
    child: Child,
    port: u16,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

impl TauriDriver {
    /// The app it launches talks to `server_url` and keeps its device data in `device_db`.
    fn start(device_db: &Path) -> Self {
        let (port, native_port) = (free_port(), free_port());
        let child = Command::new(required_path("FLOORDESK_TAURI_DRIVER"))
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string(), "--native-driver"])
            .arg(required_path("FLOORDESK_WEBKIT_DRIVER"))
            // No server address: the app starts as on a new handheld, with its first-run screen.
            .env_remove("FLOORDESK_SERVER_URL")
            .env("FLOORDESK_DEVICE_DB", device_db)
            .stdout(Stdio::null())
            .spawn()
            .expect("tauri-driver starts");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "tauri-driver did not listen on {port}");
            std::thread::sleep(Duration::from_millis(100));
        }
        Self { child, port }
    }
}

impl Drop for TauriDriver {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let _ = self.child.wait();
    }
}

/// The app, launched by tauri-driver with a fresh device database (a new handheld), and a WebDriver session with
/// its window. The driver and the folder live as long as the returned values.
async fn open_app() -> (TauriDriver, fantoccini::Client, tempfile::TempDir) {
    let app = required_path("FLOORDESK_APP_BIN");
    let device = tempfile::tempdir().unwrap();
    let driver = TauriDriver::start(&device.path().join("device.db"));
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), "wry".into());
    caps.insert("tauri:options".into(), serde_json::json!({ "application": Path::new(&app) }));
    let client = ClientBuilder::native()
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a WebDriver session with the app");
    (driver, client, device)
}

/// Closes the session; on failure first keeps what the window showed (a screenshot named `shot_name`) and returns
/// the page source for the message.
async fn close_app<T>(
    client: fantoccini::Client,
    result: &Result<T, fantoccini::error::CmdError>,
    shot_name: &str,
) -> String {
    let source = match result {
        Ok(_) => String::new(),
        Err(_) => {
            if let Ok(png) = client.screenshot().await {
                let _ = std::fs::write(shot(shot_name), png);
            }
            client.source().await.unwrap_or_default()
        }
    };
    let _ = client.close().await;
    source
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn the_app_window_signs_in_and_shows_the_persons_tasks() {
    assert!(std::env::var_os("DISPLAY").is_some(), "DISPLAY is not set: run with `cargo xtask test` (it starts Xvfb)");
    let server = DemoServer::start().await;
    // The emergency centre's administrators and coordinators are on shift: the floor shows them, the menu offers them.
    for (who, code) in
        [("dmitry", "5555"), ("elena", "6666"), ("alexey", "7777"), ("sergey", "8888"), ("natalia", "9999")]
    {
        server.start_shift(who, code).await;
    }
    let (mine, pool) = server.expected_tasks("dmitry", "5555").await;
    assert!(!mine.is_empty(), "the demo gives Dmitry tasks");
    let (driver, client, _device) = open_app().await;
    let enrolment = server.enrolment("tatiana", "0000", "Приёмное, пост 1").await;

    let result = async {
        // A new handheld: the first-run screen takes the line the supervisor's screen shows, which names the server.
        appeared(&client, "#enrolment").await?.send_keys(&enrolment.text()).await?;
        std::fs::write(shot("tauri-first-run"), client.screenshot().await?).expect("screenshot written");
        client.find(Locator::Css("#set-up")).await?.click().await?;
        appeared(&client, "[data-staff-id='dmitry']").await?;
        let listed = count(&client, "[data-staff-id]").await?;
        sign_in(&client, "dmitry", "5555").await?;
        let who = appeared(&client, "#who").await?.text().await?;
        appeared(&client, "#mine h2").await?;
        let mut seen = Vec::new();
        for section in ["mine", "pool"] {
            // Read in one go: a card may be redrawn between two reads.
            let read = "return [...document.querySelectorAll(arguments[0])].map(c => c.dataset.taskId);";
            let ids = client.execute(read, vec![serde_json::json!(format!("#{section} [data-task-id]"))]).await?;
            seen.push(serde_json::from_value::<Vec<String>>(ids).unwrap_or_default());
        }
        let png = client.screenshot().await?;
        std::fs::write(shot("tauri-admin-window"), &png).expect("screenshot written");
        // Another client (the supervisor's desktop) makes a task in Dmitry's zone: the window shows it from the
        // shell's event. The screen's fallback refresh is 30 s after it opened; this is asked for within seconds
        // of it and must appear within PUSHED_WITHIN, so only the event can bring it this soon.
        let pushed_at = Instant::now();
        create_in_lobby(&server, PUSHED_TASK).await;
        let pushed = shown_within(&client, &format!("#pool [data-task-id='{PUSHED_TASK}']"), PUSHED_WITHIN)
            .await
            .map(|_| pushed_at.elapsed())
            .ok();
        // From here on, what the shell tells the window of each change is heard beside it: the tasks each change
        // touched, not "read the whole list again".
        let hearing = "const listening = arguments[arguments.length - 1];
            window.heard = [];
            window.__TAURI__.event.listen(arguments[0], (e) => window.heard.push(e.payload)).then(() => listening());";
        client.execute_async(hearing, vec![serde_json::json!(floordesk_protocol::CHANGED_EVENT)]).await?;
        // Take a task of the zone's pool, start it, finish it: one tap each.
        for (action, next, shot_name) in
            [("claim", "start", "tauri-admin-claimed"), ("start", "complete", "tauri-admin-started")]
        {
            press(&client, &format!("[data-task-id='{FLOW_TASK}'] [data-action='{action}']")).await?;
            appeared(&client, &format!("#mine [data-task-id='{FLOW_TASK}'] [data-action='{next}']")).await?;
            std::fs::write(shot(shot_name), client.screenshot().await?).expect("screenshot written");
        }
        // Done asks the visitor for a rating: a face, then done.
        let card = format!("#mine [data-task-id='{FLOW_TASK}']");
        open_panel(&client, &card, "[data-action='complete']", "[data-score='5']").await?;
        choose_five(&client, &card).await?;
        std::fs::write(shot("tauri-admin-rating"), client.screenshot().await?).expect("screenshot written");
        save_rating(&client, &card).await?;
        // While the app still runs: another client sees the task done.
        let done = seen_by_another_client(&server, FLOW_TASK, done_by_dmitry).await;
        let heard = client.execute("return window.heard;", Vec::new()).await?;
        // The handheld changes hands: Dmitry signs out, the coordinator signs in on the same device and marks an
        // ambulance crew arrived on the board.
        client.find(Locator::Css("#sign-out")).await?.click().await?;
        sign_in(&client, "sergey", "8888").await?;
        let crew = format!("#ambulances [data-task-id='{CREW_TASK}']");
        tap_until(&client, &format!("{crew} [data-action='arrived']"), &format!("{crew}[data-arrived='true']")).await?;
        std::fs::write(shot("tauri-coordinator-ambulances"), client.screenshot().await?).expect("screenshot written");
        let arrived = seen_by_another_client(&server, CREW_TASK, crew_arrived).await;
        // The coordinator looks up an answer for a visitor: the knowledge base through the app.
        client.find(Locator::Css("#tab-knowledge")).await?.click().await?;
        press(&client, ".template summary").await?;
        appeared(&client, ".template .answer").await?;
        std::fs::write(shot("tauri-coordinator-knowledge"), client.screenshot().await?).expect("screenshot written");
        // The supervisor takes the device: the floor, a free task given to an administrator by menu, the
        // indicators, and a good story (the morning pack is held at a desk, in site administration).
        client.find(Locator::Css("#sign-out")).await?.click().await?;
        sign_in(&client, "tatiana", "0000").await?;
        appeared(&client, "#floor .person").await?;
        let people = count(&client, "#floor .person").await?;
        let card = format!("#pool [data-task-id='{GIVEN_TASK}']");
        press(&client, &format!("{card} [data-action='reassign']")).await?;
        press(&client, &format!("{card} #reassign-to option[value='elena']")).await?;
        press(&client, &format!("{card} #reassign-give")).await?;
        appeared(&client, &format!("[data-task-id='{GIVEN_TASK}'] .holder")).await?;
        client.execute("window.scrollTo(0, 0)", Vec::new()).await?;
        std::fs::write(shot("tauri-supervisor-floor"), client.screenshot().await?).expect("screenshot written");
        let given = seen_by_another_client(&server, GIVEN_TASK, given_to_elena).await;
        // A visitor's whole visit from a card: every task of it, across the zones, through the shell.
        let visit_card = format!("li.task[data-task-id='{VISIT_TASK}']");
        press(&client, &format!("{visit_card} .case-tasks summary")).await?;
        press(&client, &format!("{visit_card} [data-action='visit']")).await?;
        for task in VISIT {
            appeared(&client, &format!("#visit .visit-task[data-case-task='{task}']")).await?;
        }
        let visit_tasks = count(&client, "#visit .visit-task").await?;
        std::fs::write(shot("tauri-supervisor-visit"), client.screenshot().await?).expect("screenshot written");
        press(&client, "#visit-hide").await?;
        client.find(Locator::Css("#tab-kpi")).await?.click().await?;
        let charts = {
            appeared(&client, "#kpi figure.chart svg").await?;
            count(&client, "#kpi figure.chart").await?
        };
        std::fs::write(shot("tauri-supervisor-kpi"), client.screenshot().await?).expect("screenshot written");
        client.find(Locator::Css("#tab-stories")).await?.click().await?;
        appeared(&client, "#story-text").await?.send_keys(STORY).await?;
        client.find(Locator::Css("#story-post")).await?.click().await?;
        appeared(&client, ".story:first-child .story-text").await?;
        std::fs::write(shot("tauri-supervisor-stories"), client.screenshot().await?).expect("screenshot written");
        let supervisor = (people, given, charts, visit_tasks);
        let told = serde_json::from_value::<Vec<floordesk_protocol::ViewChanged>>(heard);
        Ok::<_, fantoccini::error::CmdError>((listed, who, seen, png.len(), done, arrived, supervisor, pushed, told))
    }
    .await;
    let failure_source = close_app(client, &result, "tauri-failure").await;
    drop(driver);

    let (listed, who, seen, png_len, done, arrived, (people, given, charts, visit_tasks), pushed, told) =
        result.unwrap_or_else(|e| panic!("the app flow failed: {e}\nthe window showed:\n{failure_source}"));
    assert_eq!(listed, 6, "the handheld lists the emergency centre's six people, no one of the polyclinic");
    assert!(who.contains("Дмитрий Соколов"), "header: {who:?}");
    let pushed = pushed.expect("a task made by another client did not appear in the window from the shell's event");
    assert!(pushed < PUSHED_WITHIN);
    assert_eq!(seen[0], mine, "my tasks in the window differ from the API");
    assert_eq!(seen[1], pool, "the pool in the window differs from the API");
    assert!(pool.iter().any(|id| id == FLOW_TASK), "the demo gives Dmitry's zone a free task to take");
    assert!(done, "a second client never saw the task done by Dmitry");
    // Three actions, each committed on the device and then answered by the server: the window was told the task
    // each time (pending, then as the server has it), and not to read the whole list again for them.
    let told = told.expect("the shell's events are what the window reads");
    let flow = |v: &floordesk_protocol::TaskView| v.task.id.as_str() == FLOW_TASK;
    let views: Vec<_> = told.iter().flat_map(|t| t.tasks.iter().flatten()).filter(|v| flow(v)).collect();
    assert!(views.iter().any(|v| v.pending && v.task.assignee.is_some()), "the claim told, pending: {told:?}");
    assert!(
        views.iter().any(|v| !v.pending && v.task.status == floordesk_domain::TaskStatus::Done),
        "the task told done as the server has it: {told:?}"
    );
    assert!(told.iter().filter(|t| t.tasks.is_none()).count() <= 1, "read whole again: {told:?}");
    assert!(arrived, "a second client never saw the crew arrive, marked by the coordinator on the same device");
    assert!(png_len > 10_000, "the screenshot is empty");
    assert_eq!(people, 5, "the emergency centre's three administrators and two coordinators on the floor");
    assert!(given, "a second client never saw the task the supervisor gave to Elena in the window");
    assert_eq!(visit_tasks, VISIT.len(), "the visit shows every task of it to the supervisor");
    assert_eq!(charts, 4, "the indicators' four charts");
    let token = server.token("elena", "6666").await;
    let stories = server.client.stories(&token, None).await.expect("stories").stories;
    assert!(stories.iter().any(|s| s.text == STORY && s.author.as_str() == "tatiana"), "the story posted in the app");
}

/// The task another client makes in Dmitry's zone while his window is open.
const PUSHED_TASK: &str = "t-pushed-to-window";

/// How soon the window must show it: well inside the screen's 30-second fallback refresh.
const PUSHED_WITHIN: Duration = Duration::from_secs(10);

/// The supervisor's desktop creates a task in the emergency centre's lobby.
async fn create_in_lobby(server: &DemoServer, id: &str) {
    use floordesk_domain::{NonStandard, Priority, TaskDetails, TaskId, Timestamp, ZoneId};
    use floordesk_protocol::{NewTaskRequest, Op, OpChange, Outcome, PushRequest, SYNC_PROTOCOL_VERSION};
    let token = server.token("tatiana", "0000").await;
    let now = Timestamp(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64);
    let task = NewTaskRequest {
        id: TaskId::new(id).unwrap(),
        zone: ZoneId::new("ed-1-lobby").unwrap(),
        case_id: None,
        priority: Priority::Normal,
        details: TaskDetails::NonStandard(NonStandard {
            description: "Посетитель ищет гардероб".into()
        }),
        met_at: now,
    };
    let op = Op { id: "op-pushed-1".into(), device_time: now, base_version: 0, change: OpChange::Create { task } };
    let request = PushRequest {
        protocol: SYNC_PROTOCOL_VERSION,
        device: "supervisor-desktop".into(),
        ops: vec![op],
        sent_at: None,
    };
    let answer = server.client.push(&token, &request).await.expect("push");
    assert!(matches!(answer.results[0].outcome, Outcome::Accepted { .. }), "{:?}", answer.results[0].outcome);
}

/// The free task the supervisor gives to Elena in the window.
const GIVEN_TASK: &str = "t-ed-taxi-1";

/// A demo visitor's case in the emergency centre: a crew's patient handed over in the bay, registered in the hall
/// and escorted from the lobby (`c-ed-1`), and the card the supervisor opens it from.
const VISIT: [&str; 3] = ["t-ed-ambulance-2", "t-ed-registration-1", "t-ed-escort-1"];
const VISIT_TASK: &str = "t-ed-escort-1";

/// The good story the supervisor posts in the window.
const STORY: &str = "Бригада приёмного сегодня встретила три машины подряд без задержек";

/// Given to Elena.
fn given_to_elena(task: &floordesk_domain::Task) -> bool {
    task.assignee.as_ref().is_some_and(|a| a.as_str() == "elena")
}

/// The crew the coordinator marks arrived after taking over the device.
const CREW_TASK: &str = "t-ed-ambulance-1";

/// The lobby's free task Dmitry takes and finishes in the window.
const FLOW_TASK: &str = "t-ed-routing-1";

/// Waits (up to 20 s) until a coordinator's client sees `task` as `check` wants it.
async fn seen_by_another_client(
    server: &DemoServer,
    task: &str,
    check: impl Fn(&floordesk_domain::Task) -> bool,
) -> bool {
    seen_by(server, ("natalia", "9999"), task, check).await
}

/// Waits (up to 20 s) until `viewer`'s client sees `task` as `check` wants it.
async fn seen_by(
    server: &DemoServer,
    (viewer, code): (&str, &str),
    task: &str,
    check: impl Fn(&floordesk_domain::Task) -> bool,
) -> bool {
    let token = server.token(viewer, code).await;
    for _ in 0..200 {
        let feed = server.client.pull(&token, 0, 1000).await.expect("pull").changes;
        if feed.iter().rev().find(|c| c.task.id.as_str() == task).is_some_and(|c| check(&c.task)) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

/// Done by Dmitry, rated 5.
fn done_by_dmitry(task: &floordesk_domain::Task) -> bool {
    task.status == floordesk_domain::TaskStatus::Done
        && task.assignee.as_ref().is_some_and(|a| a.as_str() == "dmitry")
        && task.rating.as_ref().is_some_and(|r| serde_json::to_value(r).unwrap()["score"] == 5)
}

/// The crew has arrived.
fn crew_arrived(task: &floordesk_domain::Task) -> bool {
    matches!(&task.details, floordesk_domain::TaskDetails::AmbulanceArrival(a) if a.arrived_at.is_some())
}

/// How many elements `css` names now, counted in the window (no element handles: a node redrawn meanwhile cannot
/// go stale).
async fn count(client: &fantoccini::Client, css: &str) -> Result<usize, fantoccini::error::CmdError> {
    let read = "return document.querySelectorAll(arguments[0]).length;";
    let n = client.execute(read, vec![serde_json::json!(css)]).await?;
    Ok(n.as_u64().and_then(|n| usize::try_from(n).ok()).unwrap_or_default())
}

/// The element `css` names, once the window shows it (within 20 s).
async fn appeared(
    client: &fantoccini::Client,
    css: &str,
) -> Result<fantoccini::elements::Element, fantoccini::error::CmdError> {
    shown_within(client, css, Duration::from_secs(20)).await
}

/// The element `css` names, once the window shows it within `limit`. A node the window removed while WebKit was
/// making its handle ("stale element") is looked for again, as one not there yet is.
async fn shown_within(
    client: &fantoccini::Client,
    css: &str,
    limit: Duration,
) -> Result<fantoccini::elements::Element, fantoccini::error::CmdError> {
    let until = Instant::now() + limit;
    loop {
        match client.find(Locator::Css(css)).await {
            Err(e) if redrawn(&e) && Instant::now() < until => tokio::time::sleep(Duration::from_millis(100)).await,
            Err(e) if redrawn(&e) => return Err(fantoccini::error::CmdError::WaitTimeout),
            found => return found,
        }
    }
}

/// Picks `staff` on the sign-in screen and signs in with `code`.
async fn sign_in(client: &fantoccini::Client, staff: &str, code: &str) -> Result<(), fantoccini::error::CmdError> {
    let tile = format!("[data-staff-id='{staff}']");
    shown_within(client, &tile, Duration::from_secs(30)).await?.click().await?;
    client.find(Locator::Css("#code")).await?.send_keys(code).await?;
    client.find(Locator::Css("#sign-in")).await?.click().await
}

/// Presses `css` once the window shows it. The screen redraws as the device's data arrives: an element found just
/// before its card was redrawn is gone by the click, and is looked up again (the click never reached it).
async fn press(client: &fantoccini::Client, css: &str) -> Result<(), fantoccini::error::CmdError> {
    let mut attempts = 0;
    loop {
        match appeared(client, css).await?.click().await {
            Err(e) if attempts < 5 && redrawn(&e) => {
                attempts += 1;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            done => return done,
        }
    }
}

/// Whether `e` says the element found was redrawn before it was used (WebKit: "Node … was not found").
fn redrawn(e: &fantoccini::error::CmdError) -> bool {
    let words = e.to_string();
    e.is_stale_element_reference()
        || e.is_no_such_element()
        || words.contains("was not found")
        || words.contains("Stale")
}

/// The version the card of `task` shows now, looked up again when the screen redrew it meanwhile.
async fn card_version(client: &fantoccini::Client, task: &str) -> Result<u64, fantoccini::error::CmdError> {
    let mut attempts = 0;
    loop {
        let card = appeared(client, &format!("[data-task-id='{task}']")).await?;
        match card.attr("data-version").await {
            Ok(version) => return Ok(version.and_then(|v| v.parse().ok()).unwrap_or_default()),
            Err(e) if attempts < 5 && redrawn(&e) => {
                attempts += 1;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => return Err(e),
        }
    }
}

/// Waits (up to 20 s) until the window no longer shows `css`.
async fn gone(client: &fantoccini::Client, css: &str) -> Result<(), fantoccini::error::CmdError> {
    for _ in 0..200 {
        match client.find_all(Locator::Css(css)).await {
            Ok(found) if found.is_empty() => return Ok(()),
            Err(e) if !redrawn(&e) => return Err(e),
            _ => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    Err(fantoccini::error::CmdError::WaitTimeout)
}

/// Chooses five on the rating panel open on `card` and checks that the face shows it chosen: a tap on a face that
/// was being redrawn is tried again, and if the first one did land, the second took the choice back.
async fn choose_five(client: &fantoccini::Client, card: &str) -> Result<(), fantoccini::error::CmdError> {
    let chosen = format!("{card} [data-score='5'][aria-pressed='true']");
    for _ in 0..3 {
        if count(client, &chosen).await? > 0 {
            break;
        }
        press(client, &format!("{card} [data-score='5']")).await?;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    appeared(client, &chosen).await.map(|_| ())
}

/// Presses `button` on `card` and waits for the panel it opens, which shows `panel` (see [`tap_until`]: opening a
/// panel again only opens it).
async fn open_panel(
    client: &fantoccini::Client,
    card: &str,
    button: &str,
    panel: &str,
) -> Result<(), fantoccini::error::CmdError> {
    tap_until(client, &format!("{card} {button}"), &format!("{card} {panel}")).await
}

/// Presses `button` and waits until `shown` is on screen. A tap that landed as the window redrew what is under it
/// does nothing: when after 5 s nothing shows and the button is still there, it is tapped again, as a person would
/// (three taps at most).
async fn tap_until(client: &fantoccini::Client, button: &str, shown: &str) -> Result<(), fantoccini::error::CmdError> {
    for _ in 0..3 {
        press(client, button).await?;
        match shown_within(client, shown, Duration::from_secs(5)).await {
            Err(fantoccini::error::CmdError::WaitTimeout) if count(client, button).await? > 0 => {}
            Err(fantoccini::error::CmdError::WaitTimeout) => break,
            found => return found.map(|_| ()),
        }
    }
    appeared(client, shown).await.map(|_| ())
}

/// Saves the rating chosen on `card` and waits until the task, done, leaves the list.
async fn save_rating(client: &fantoccini::Client, card: &str) -> Result<(), fantoccini::error::CmdError> {
    press(client, &format!("{card} #rating-save")).await?;
    gone(client, card).await
}

/// Presses `inner` on the card of `task` and waits until the card comes back one version newer (the device
/// committed the action), so that the next press lands on the new card, not on the one being replaced. A tap that
/// landed as the window scrolled the card into view or redrew it can miss its button: when after 5 s the card
/// shows nothing of it (the same version, nothing pending), it is tapped again, as a person would.
async fn act_on(client: &fantoccini::Client, task: &str, inner: &str) -> Result<(), fantoccini::error::CmdError> {
    use fantoccini::error::CmdError;
    let version = card_version(client, task).await?;
    let next = format!("[data-task-id='{task}'][data-version='{}']", version + 1);
    let mut taps = 0;
    loop {
        press(client, &format!("[data-task-id='{task}'] {inner}")).await?;
        taps += 1;
        match shown_within(client, &next, Duration::from_secs(5)).await {
            Ok(_) => return Ok(()),
            Err(CmdError::WaitTimeout) if taps < 3 && untouched(client, task, version).await? => {}
            Err(CmdError::WaitTimeout) => return appeared(client, &next).await.map(|_| ()),
            Err(e) => return Err(e),
        }
    }
}

/// Whether the card of `task` still shows `version` with nothing pending on it, read in one go (the card may be
/// redrawn between two reads).
async fn untouched(client: &fantoccini::Client, task: &str, version: u64) -> Result<bool, fantoccini::error::CmdError> {
    let read = "const c = document.querySelector(arguments[0]);
        return c ? [c.dataset.version, c.querySelector('.pending') !== null] : null;";
    let card = client.execute(read, vec![serde_json::json!(format!("[data-task-id='{task}']"))]).await?;
    Ok(card == serde_json::json!([version.to_string(), false]))
}

/// Done, rated 5 at the end: the task's own check besides.
fn done_and(task: &floordesk_domain::Task, check: impl Fn(&floordesk_domain::TaskDetails) -> bool) -> bool {
    task.status == floordesk_domain::TaskStatus::Done && task.rating.is_some() && check(&task.details)
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn an_escort_a_taxi_and_childcare_are_carried_to_their_end_in_the_app_window() {
    use floordesk_domain::{TaskDetails, TaxiOrder};
    let server = DemoServer::start().await;
    let (driver, client, _device) = open_app().await;
    let enrolment = server.enrolment("maria", "4444", "2 этаж, стойка").await;
    let whole = |id: &str| format!("[data-task-id='{id}']");
    let result = async {
        // This handheld is set up with the device's id and key alone, and the server's address typed beside them;
        // a mistyped key first, which the window refuses in words and which leaves the device as it was.
        let credential = format!("{} {}", enrolment.device.id, enrolment.device.key);
        appeared(&client, "#server").await?.send_keys(&enrolment.server).await?;
        let mistyped = format!("{} {}", enrolment.device.id, "0".repeat(64));
        client.find(Locator::Css("#enrolment")).await?.send_keys(&mistyped).await?;
        client.find(Locator::Css("#set-up")).await?.click().await?;
        let refused = appeared(&client, "#error").await?.text().await?;
        client.find(Locator::Css("#enrolment")).await?.clear().await?;
        client.find(Locator::Css("#enrolment")).await?.send_keys(&credential).await?;
        client.find(Locator::Css("#set-up")).await?.click().await?;
        // Olga's escort Б-042 was created before the patient was ready: she takes it, marks the patient ready
        // when he comes back, and takes him.
        sign_in(&client, "olga", "3333").await?;
        let escort = "t-poly-escort-2";
        act_on(&client, escort, "[data-action='claim']").await?;
        act_on(&client, escort, "[data-step='patient_ready']").await?;
        act_on(&client, escort, "[data-action='start']").await?;
        std::fs::write(shot("tauri-admin-escort-started"), client.screenshot().await?).expect("screenshot written");
        open_panel(&client, &whole(escort), "[data-action='complete']", "[data-score='5']").await?;
        choose_five(&client, &whole(escort)).await?;
        save_rating(&client, &whole(escort)).await?;
        let escorted = seen_by(&server, ("maria", "4444"), escort, |t| {
            done_and(t, |d| matches!(d, TaskDetails::Escort(e) if e.patient_ready))
        })
        .await;
        // Igor's taxi (ordered already) and the child he looks after.
        client.find(Locator::Css("#sign-out")).await?.click().await?;
        sign_in(&client, "igor", "2222").await?;
        let taxi = "t-poly-taxi-1";
        act_on(&client, taxi, "[data-action='accept']").await?;
        act_on(&client, taxi, "[data-step='car_arrived']").await?;
        act_on(&client, taxi, "[data-action='start']").await?;
        std::fs::write(shot("tauri-admin-taxi-arrived"), client.screenshot().await?).expect("screenshot written");
        act_on(&client, taxi, "[data-step='departed']").await?;
        open_panel(&client, &whole(taxi), "[data-action='complete']", "[data-score='5']").await?;
        choose_five(&client, &whole(taxi)).await?;
        // Done, the taxi leaves the list; then the child's card is the one to work on.
        save_rating(&client, &whole(taxi)).await?;
        let child = "t-poly-child-1";
        open_panel(&client, &whole(child), "[data-step='handed_back']", ".step-panel .choice").await?;
        std::fs::write(shot("tauri-admin-childcare-hand-back"), client.screenshot().await?)
            .expect("screenshot written");
        act_on(&client, child, ".step-panel .choice").await?;
        open_panel(&client, &whole(child), "[data-action='complete']", "[data-score='5']").await?;
        choose_five(&client, &whole(child)).await?;
        save_rating(&client, &whole(child)).await?;
        let maria = ("maria", "4444");
        let departed = seen_by(&server, maria, taxi, |t| {
            done_and(t, |d| matches!(d, TaskDetails::Taxi(x) if x.order == TaxiOrder::Departed))
        })
        .await;
        let handed = seen_by(&server, maria, child, |t| {
            done_and(t, |d| matches!(d, TaskDetails::Childcare(c) if c.handed_back_to.is_some() && c.end.is_some()))
        })
        .await;
        // The supervisor withdraws the handheld: after the next sign-out it says so, and offers to connect again.
        let maria_token = server.token("maria", "4444").await;
        server.client.revoke_device(&maria_token, &enrolment.device.id).await.expect("withdrawn");
        client.find(Locator::Css("#sign-out")).await?.click().await?;
        let withdrawn = appeared(&client, "#not-enrolled").await?.text().await?;
        press(&client, "#re-enrol").await?;
        appeared(&client, "#enrolment").await?;
        Ok::<_, fantoccini::error::CmdError>((refused, escorted, departed, handed, withdrawn))
    }
    .await;
    let failure_source = close_app(client, &result, "tauri-failure-steps").await;
    drop(driver);
    let (refused, escorted, departed, handed, withdrawn) =
        result.unwrap_or_else(|e| panic!("the app flow failed: {e}\nthe window showed:\n{failure_source}"));
    assert!(withdrawn.starts_with("Сервер больше не знает это устройство"), "a withdrawn handheld: {withdrawn:?}");
    assert!(refused.starts_with("Сервер не узнал это устройство"), "a mistyped enrolment code: {refused:?}");
    assert!(escorted, "the server never saw the escort done with the patient ready");
    assert!(departed, "the server never saw the taxi departed and done");
    assert!(handed, "the server never saw the child handed back and the task done");
}
