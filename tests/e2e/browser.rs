//! The browser build in headless Chromium, driven by playwright-core: sign in, see exactly your tasks.

use std::process::Command;

use serde::Deserialize;

use super::support::{required_path, shot, DemoServer};

/// What `browser/sign_in.cjs` reports.
#[derive(Debug, Deserialize)]
struct Seen {
    wrong_code: String,
    /// How many people the sign-in page listed (a browser lists nobody).
    listed: usize,
    who: String,
    mine: Vec<String>,
    pool: Vec<String>,
    clocks: Vec<String>,
    lang: String,
    /// How far the page is wider than the viewport (0: no sideways scrolling).
    overflow_x: i64,
    problems: Vec<String>,
}

fn sign_in_in_chromium(url: &str, staff: &str, code: &str, viewport: (u32, u32), shot_name: &str) -> Seen {
    chromium_script("sign_in.cjs", &[url, staff, code, &viewport.0.to_string(), &viewport.1.to_string()], shot_name)
}

/// Runs `tests/browser/<script>` in Chromium with `args` and a screenshot path last; its JSON report.
pub(super) fn chromium_script<T: serde::de::DeserializeOwned>(script: &str, args: &[&str], shot_name: &str) -> T {
    // Relative to the package, where cargo runs its tests: the scripts of the clone under test.
    let script = std::path::Path::new("browser").join(script);
    let path = shot(shot_name);
    let _ = std::fs::remove_file(&path);
    let output = Command::new("node")
        .arg(script)
        .args(args)
        .arg(&path)
        .env("NODE_PATH", required_path("FLOORDESK_NODE_MODULES"))
        .env("FLOORDESK_CHROMIUM", required_path("FLOORDESK_CHROMIUM"))
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the Chromium run failed ({}):\n{}\n{}",
        output.status,
        stdout,
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(std::fs::metadata(&path).is_ok_and(|m| m.len() > 10_000), "no screenshot at {}", path.display());
    serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("unreadable report {stdout:?}: {e}"))
}

/// Signs `staff` in through the page in Chromium and checks the page shows exactly the tasks the API gives that
/// person, with no page or console errors. Returns what the page showed, for the test's own checks.
async fn sign_in_sees_own_tasks(
    server: &DemoServer,
    staff: &'static str,
    code: &'static str,
    viewport: (u32, u32),
    shot_name: &'static str,
) -> Seen {
    let (mine, pool) = server.expected_tasks(staff, code).await;
    assert!(!mine.is_empty() || !pool.is_empty(), "the demo gives {staff} tasks to see");
    let url = server.url.clone();
    let seen = tokio::task::spawn_blocking(move || sign_in_in_chromium(&url, staff, code, viewport, shot_name))
        .await
        .expect("join");
    assert!(seen.problems.is_empty(), "the page reported problems: {:?}", seen.problems);
    assert!(seen.overflow_x <= 0, "the page scrolls sideways by {} px at {viewport:?}", seen.overflow_x);
    assert_eq!(seen.mine, mine, "my tasks on the page differ from the API");
    assert_eq!(seen.pool, pool, "the pool on the page differs from the API");
    seen
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn an_administrator_signs_in_on_a_handheld_and_sees_own_tasks_and_zone_pool() {
    let server = DemoServer::start().await;
    let seen = sign_in_sees_own_tasks(&server, "anna", "1111", (360, 780), "browser-admin-handheld").await;
    assert!(!seen.mine.is_empty() && !seen.pool.is_empty(), "the demo gives Anna tasks and a pool");
    assert!(seen.wrong_code.contains("Неверный номер или код"), "wrong code message: {:?}", seen.wrong_code);
    assert_eq!(seen.listed, 0, "a browser lists nobody to sign in");
    assert!(seen.who.contains("Анна Смирнова") && seen.who.contains("Администратор"), "header: {:?}", seen.who);
    assert_eq!(seen.lang, "ru");
    assert_eq!(seen.clocks.len(), seen.mine.len());
    assert!(
        seen.clocks.iter().all(|c| c.starts_with("Начать: ") || c.starts_with("Завершить: ")),
        "clocks: {:?}",
        seen.clocks
    );
}

/// What `browser/clock.cjs` reports.
#[derive(Debug, Deserialize)]
struct ClockOff {
    said: String,
    problems: Vec<String>,
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn a_device_whose_clock_is_off_is_told_so_on_its_screen() {
    let server = DemoServer::start().await;
    let url = server.url.clone();
    let seen: ClockOff = tokio::task::spawn_blocking(move || {
        chromium_script("clock.cjs", &[&url, "anna", "1111", "20"], "browser-clock-off")
    })
    .await
    .expect("join");
    assert!(seen.problems.is_empty(), "the page reported problems: {:?}", seen.problems);
    assert!(seen.said.starts_with("Часы устройства отстают на 20 мин"), "{:?}", seen.said);
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn the_ui_built_with_debians_wasm_std_works_too() {
    let server = DemoServer::serving(required_path("FLOORDESK_UI_DIST_DEBIAN")).await;
    let seen = sign_in_sees_own_tasks(&server, "olga", "3333", (360, 780), "browser-debian-route-admin").await;
    assert!(seen.who.contains("Ольга Кузнецова"), "header: {:?}", seen.who);
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn a_coordinator_signs_in_on_a_desktop_and_sees_the_whole_site() {
    let server = DemoServer::start().await;
    let seen = sign_in_sees_own_tasks(&server, "sergey", "8888", (1280, 800), "browser-coordinator-desktop").await;
    assert!(seen.who.contains("Сергей Лебедев"), "header: {:?}", seen.who);
    assert!(seen.pool.iter().any(|id| id.starts_with("t-ed-ambulance")), "the coordinator sees the ambulances");
}

/// What `browser/rate.cjs` reports.
#[derive(Debug, Deserialize)]
struct Rated {
    faces: Vec<Face>,
    save_disabled_before_a_face: bool,
    focused: String,
    title: String,
    problems: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Face {
    label: String,
    pressed: String,
    height: f64,
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn at_done_the_visitor_rates_the_service_with_a_face_and_a_note_on_a_handheld() {
    visitor_rates((360, 780), "browser-admin-rating").await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn at_done_the_visitor_rates_the_service_with_a_face_and_a_note_on_a_desktop() {
    visitor_rates((1280, 800), "browser-admin-rating-desktop").await;
}

/// The administrator's main flow at a viewport: done, a face and a note, and the server has the rating.
async fn visitor_rates(viewport: (u32, u32), shot_name: &'static str) {
    let server = DemoServer::start().await;
    let url = server.url.clone();
    let rated: Rated = tokio::task::spawn_blocking(move || {
        let (w, h) = (viewport.0.to_string(), viewport.1.to_string());
        let args = [url.as_str(), "anna", "1111", "t-poly-kiosk-1", "5", "Спасибо, всё понятно", &w, &h];
        chromium_script("rate.cjs", &args, shot_name)
    })
    .await
    .expect("join");
    assert!(rated.problems.is_empty(), "the page reported problems: {:?}", rated.problems);
    assert!(rated.save_disabled_before_a_face, "done is offered only once a face is chosen (or without a rating)");
    assert_eq!(rated.focused, "1", "the opened panel takes the focus, on its first face");
    let labels: Vec<&str> = rated.faces.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(labels, ["Оценка 1 из 5", "Оценка 2 из 5", "Оценка 3 из 5", "Оценка 4 из 5", "Оценка 5 из 5"]);
    assert_eq!(rated.faces.iter().filter(|f| f.pressed == "true").count(), 1);
    assert_eq!(rated.faces[4].pressed, "true");
    assert!(rated.faces.iter().all(|f| f.height >= 44.0), "faces are large touch targets: {:?}", rated.faces);
    assert!(rated.title.starts_with("Мои задачи"), "{}", rated.title);
    // The server has the task done, with the visitor's rating.
    let token = server.token("maria", "4444").await;
    let feed = server.client.pull(&token, 0, 1000).await.expect("pull").changes;
    let done = feed.iter().rev().find(|c| c.task.id.as_str() == "t-poly-kiosk-1").expect("the task is in the feed");
    assert_eq!(done.task.status, floordesk_domain::TaskStatus::Done);
    assert_eq!(
        serde_json::to_value(&done.task.rating).unwrap(),
        serde_json::json!({ "score": 5, "comment": "Спасибо, всё понятно" })
    );
}

/// What `browser/reassign.cjs` reports.
#[derive(Debug, Deserialize)]
struct Reassigned {
    before: String,
    after: String,
    handoffs: String,
    shown_pending: bool,
    give_disabled_before_a_person: bool,
    menu_focused: bool,
    focused_kind: String,
    shortcuts_hint: String,
    problems: Vec<String>,
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn a_supervisor_gives_a_task_to_another_administrator_and_the_hand_off_is_counted() {
    let server = DemoServer::start().await;
    // Only people on shift are offered.
    server.start_shift("olga", "3333").await;
    let url = server.url.clone();
    let seen: Reassigned = tokio::task::spawn_blocking(move || {
        let args = [url.as_str(), "maria", "4444", "t-poly-escort-1", "olga", "1280", "800"];
        chromium_script("reassign.cjs", &args, "browser-supervisor-reassign")
    })
    .await
    .expect("join");
    assert!(seen.problems.is_empty(), "the page reported problems: {:?}", seen.problems);
    assert!(seen.give_disabled_before_a_person);
    assert!(seen.menu_focused, "the opened panel takes the focus, on the person menu");
    assert_eq!(seen.focused_kind, "escort", "N opens a new task with the first kind focused");
    assert!(seen.shortcuts_hint.starts_with("Клавиши: N"), "{}", seen.shortcuts_hint);
    assert_eq!(seen.before, "Исполнитель: Анна Смирнова");
    assert_eq!(seen.after, "Исполнитель: Ольга Кузнецова");
    assert_eq!(seen.handoffs, "передач: 1 из 2");
    assert!(seen.shown_pending, "the hand-off shows at once, marked as not yet answered");
    let token = server.token("olga", "3333").await;
    let list = server.client.tasks(&token).await.expect("her tasks");
    let given = list.mine.iter().find(|v| v.task.id.as_str() == "t-poly-escort-1").expect("the task is hers now");
    assert_eq!(given.task.handoffs, 1);
}

/// What `browser/create.cjs` reports.
#[derive(Debug, Deserialize)]
struct Created {
    kinds: Vec<String>,
    focused_kind: String,
    problem: String,
    id: String,
    section: String,
    form_closed: bool,
    problems: Vec<String>,
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn an_administrator_creates_a_task_of_a_kind_in_a_few_taps() {
    let server = DemoServer::start().await;
    let url = server.url.clone();
    let before = floordesk_domain::Timestamp(
        i64::try_from(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis()).unwrap(),
    );
    let created: Created = tokio::task::spawn_blocking(move || {
        let args =
            [url.as_str(), "anna", "1111", "routing", "purpose", "Справка в бассейн для внука", "urgent", "360", "780"];
        chromium_script("create.cjs", &args, "browser-admin-create")
    })
    .await
    .expect("join");
    assert!(created.problems.is_empty(), "the page reported problems: {:?}", created.problems);
    // An administrator is offered every kind but the emergency department's own.
    assert_eq!(created.kinds.len(), 8, "{:?}", created.kinds);
    assert!(!created.kinds.iter().any(|k| k == "ambulance_arrival" || k == "ed_registration"));
    assert_eq!(created.focused_kind, created.kinds[0], "the opened form takes the focus, on its first kind");
    assert_eq!(created.problem, "Заполните поле «Цель визита».");
    assert!(created.form_closed);
    assert_eq!(created.section, "pool", "a new task of her zone waits in her zone's pool");
    let token = server.token("maria", "4444").await;
    let feed = server.client.pull(&token, 0, 1000).await.expect("pull").changes;
    let task = &feed.iter().find(|c| c.task.id.as_str() == created.id).expect("the server has the new task").task;
    assert_eq!(task.priority, floordesk_domain::Priority::Urgent);
    assert_eq!(task.zone.as_str(), "poly-12-entrance");
    assert_eq!(task.created_by.as_str(), "anna");
    assert!(task.met_at >= before, "the visitor was met when the task was made");
    assert!(
        matches!(&task.details, floordesk_domain::TaskDetails::Routing(r) if r.purpose == "Справка в бассейн для внука")
    );
}

/// What `browser/slot.cjs` reports.
#[derive(Debug, Deserialize)]
struct Booked {
    device_offset: i32,
    shown: String,
    id: String,
    problems: Vec<String>,
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn a_taxis_time_is_picked_on_the_sites_clock_from_a_device_on_another() {
    use floordesk_domain::{SiteClock, TaskDetails, Timestamp};
    let server = DemoServer::start().await;
    let url = server.url.clone();
    let now = floordesk_server::now();
    let moscow = SiteClock::default();
    let tomorrow = moscow.date_of(now).succ_opt().unwrap();
    let at = format!("{tomorrow}T10:30");
    let booked: Booked = tokio::task::spawn_blocking(move || {
        chromium_script("slot.cjs", &[url.as_str(), "anna", "1111", &at], "browser-admin-taxi-slot")
    })
    .await
    .expect("join");
    assert!(booked.problems.is_empty(), "the page reported problems: {:?}", booked.problems);
    assert_eq!(booked.device_offset, 600, "the device's clock is Vladivostok's");
    // Offered: half an hour ahead on the polyclinic's (Moscow's) clock, not the device's.
    let shown: chrono::NaiveDateTime = format!("{}:00", booked.shown).parse().expect(&booked.shown);
    let ahead = Timestamp::from_wall_clock(shown, 180).minutes_since(now);
    assert!((29..=36).contains(&ahead), "{} is {ahead} minutes ahead", booked.shown);
    let token = server.token("maria", "4444").await;
    let feed = server.client.pull(&token, 0, 1000).await.expect("pull").changes;
    let task = &feed.iter().find(|c| c.task.id.as_str() == booked.id).expect("the server has the taxi").task;
    let TaskDetails::Taxi(taxi) = &task.details else { panic!("{task:?}") };
    assert_eq!(taxi.at, Timestamp::from_wall_clock(tomorrow.and_hms_opt(10, 30, 0).unwrap(), 180), "10:30 in Moscow");
    let upcoming = floordesk_domain::DeadlineTable::standard().status(task, now);
    assert!(matches!(upcoming, floordesk_domain::DeadlineStatus::Upcoming { .. }), "{upcoming:?}");
}

/// What `browser/live.cjs` reports.
#[derive(Debug, Deserialize)]
struct Heard {
    had_holder_before: bool,
    outcome: serde_json::Value,
    holder: String,
    sockets: u32,
    open_after_tabs: u32,
    open_after_sign_out: u32,
    opened_in_all: u32,
    problems: Vec<String>,
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn the_browser_hears_another_clients_change_on_its_live_channel() {
    let server = DemoServer::start().await;
    let url = server.url.clone();
    let heard: Heard = tokio::task::spawn_blocking(move || {
        let args = [url.as_str(), "maria", "4444", "anna", "1111", "t-poly-routing-1", "1280", "800"];
        chromium_script("live.cjs", &args, "browser-supervisor-live")
    })
    .await
    .expect("join");
    assert!(heard.problems.is_empty(), "the page reported problems: {:?}", heard.problems);
    assert!(!heard.had_holder_before, "the task was free");
    assert_eq!(heard.outcome["outcome"], "accepted", "the other client's claim: {}", heard.outcome);
    assert_eq!(heard.holder, "Исполнитель: Анна Смирнова");
    assert_eq!(heard.sockets, 1, "one live WebSocket");
    assert_eq!(heard.open_after_tabs, 1, "after three trips to another tab and back, still one channel open");
    assert_eq!(heard.opened_in_all, 4, "one channel per visit of the task screen");
    assert_eq!(heard.open_after_sign_out, 0, "signing out closes the channel");
}

/// What `browser/refused.cjs` reports.
#[derive(Debug, Deserialize)]
struct Refused {
    outcome: serde_json::Value,
    shown_pending: bool,
    refusal: String,
    holder: String,
    problems: Vec<String>,
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn an_action_the_server_refuses_shows_at_once_then_is_undone_and_said() {
    let server = DemoServer::start().await;
    let url = server.url.clone();
    let seen: Refused = tokio::task::spawn_blocking(move || {
        let args = [url.as_str(), "maria", "4444", "anna", "1111", "t-poly-routing-1", "1280", "800"];
        chromium_script("refused.cjs", &args, "browser-supervisor-refused")
    })
    .await
    .expect("join");
    assert!(seen.problems.is_empty(), "the page reported problems: {:?}", seen.problems);
    assert_eq!(seen.outcome["outcome"], "accepted", "the other client's claim: {}", seen.outcome);
    assert!(seen.shown_pending, "the claim shows at once, marked as not yet answered");
    assert!(!seen.refusal.is_empty());
    assert_eq!(seen.holder, "Исполнитель: Анна Смирнова", "the card shows the task as the server has it");
}

/// What `browser/ambulance.cjs` reports.
#[derive(Debug, Deserialize)]
struct Board {
    before: Vec<Crew>,
    after: Vec<Crew>,
    queue: Vec<Queued>,
    /// The steps the board offered for the crew once it arrived.
    steps: Vec<String>,
    /// Step panels open after the board's re-route was pressed.
    panels: u32,
    /// The board once the crew was handed over.
    handed: Vec<Crew>,
    problems: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Queued {
    id: String,
    wait: String,
}

#[derive(Debug, Deserialize)]
struct Crew {
    id: String,
    arrived: String,
    clock: String,
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn the_coordinator_sees_crews_by_eta_marks_an_arrival_in_one_tap_and_sees_the_registration_queue() {
    coordinator_board((1280, 800), "browser-coordinator-ambulances").await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn on_a_handheld_the_coordinator_marks_an_arrival_in_one_tap_too() {
    coordinator_board((360, 780), "browser-coordinator-ambulances-handheld").await;
}

/// The coordinator's main flow at a viewport: the board by ETA, an arrival in one tap, the registration queue, and
/// the server has the arrival.
async fn coordinator_board(viewport: (u32, u32), shot_name: &'static str) {
    let server = DemoServer::start().await;
    let url = server.url.clone();
    let seen: Board = tokio::task::spawn_blocking(move || {
        let (w, h) = (viewport.0.to_string(), viewport.1.to_string());
        let args = [url.as_str(), "sergey", "8888", "t-ed-ambulance-1", &w, &h];
        chromium_script("ambulance.cjs", &args, shot_name)
    })
    .await
    .expect("join");
    assert!(seen.problems.is_empty(), "the page reported problems: {:?}", seen.problems);
    let ids: Vec<&str> = seen.before.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["t-ed-ambulance-1", "t-ed-ambulance-2"], "arriving first, then those in handover");
    assert_eq!(seen.before[0].arrived, "false");
    assert!(seen.before[0].clock.starts_with("Прибытие через"), "{}", seen.before[0].clock);
    assert_eq!(seen.before[1].arrived, "true");
    let queued: Vec<&str> = seen.queue.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(queued, ["t-ed-registration-2", "t-ed-registration-1"], "the longest wait first");
    assert!(seen.queue.iter().all(|q| q.wait.starts_with("ждёт ")), "{:?}", seen.queue);
    let now_arrived = seen.after.iter().find(|c| c.id == "t-ed-ambulance-1").expect("still on the board");
    assert_eq!(now_arrived.arrived, "true");
    assert!(now_arrived.clock.starts_with("Начать:"), "the crew is to be met now: {}", now_arrived.clock);
    assert_eq!(seen.steps, ["handed_over", "reroute"], "handed over first, re-route aside");
    assert_eq!(seen.panels, 1, "re-routing asks where in one panel, on the crew's card");
    let handed = seen.handed.iter().find(|c| c.id == "t-ed-ambulance-1").map(|c| c.clock.as_str());
    assert!(handed.is_none_or(|clock| !clock.starts_with("Завершить")), "the handover clock stopped: {handed:?}");
    let token = server.token("natalia", "9999").await;
    let feed = server.client.pull(&token, 0, 1000).await.expect("pull").changes;
    let last = feed.iter().rev().find(|c| c.task.id.as_str() == "t-ed-ambulance-1").expect("in the feed");
    let floordesk_domain::TaskDetails::AmbulanceArrival(a) = &last.task.details else { panic!("an ambulance") };
    assert!(a.arrived_at.is_some(), "the server has the arrival");
    assert_eq!(a.destination, "Бокс 2", "and the re-route");
    assert!(last.task.progress.handed_over_at.is_some(), "and the handover");
}

/// What `browser/meeting.cjs` reports.
#[derive(Debug, Deserialize)]
struct Meeting {
    asked: String,
    proposed: String,
    confirmed: String,
    problems: Vec<String>,
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn a_coordinator_proposes_a_slot_for_a_relatives_meeting_confirms_it_and_an_escort_is_planned() {
    use floordesk_domain::TaskDetails;
    let server = DemoServer::start().await;
    let token = server.token("natalia", "9999").await;
    let find = |feed: &[floordesk_protocol::Change], id: &str| {
        feed.iter().rev().find(|c| c.task.id.as_str() == id).map(|c| c.task.clone())
    };
    let feed = server.client.pull(&token, 0, 1000).await.expect("pull").changes;
    let TaskDetails::RelativeMeeting(asked) = find(&feed, "t-ed-meeting-1").expect("the demo meeting").details else {
        panic!("a meeting")
    };
    let url = server.url.clone();
    let seen: Meeting = tokio::task::spawn_blocking(move || {
        let args = [url.as_str(), "sergey", "8888", "t-ed-meeting-1", "1280", "800"];
        chromium_script("meeting.cjs", &args, "browser-coordinator-meeting")
    })
    .await
    .expect("join");
    assert!(seen.problems.is_empty(), "the page reported problems: {:?}", seen.problems);
    assert!(seen.asked.starts_with("просят на "), "{}", seen.asked);
    assert!(seen.proposed.starts_with("просят на ") && seen.proposed != seen.asked, "{}", seen.proposed);
    assert_eq!(seen.confirmed, seen.proposed.replace("просят на", "подтверждена на"));
    let feed = server.client.pull(&token, 0, 1000).await.expect("pull").changes;
    let TaskDetails::RelativeMeeting(meeting) = find(&feed, "t-ed-meeting-1").expect("still there").details else {
        panic!("a meeting")
    };
    let slot = asked.requested_slot.plus_minutes(15);
    assert_eq!((meeting.requested_slot, meeting.confirmed_slot), (slot, Some(slot)));
    let escort = find(&feed, "t-ed-meeting-1-escort").expect("an escort task for the meeting");
    assert_eq!(escort.met_at, slot, "the escort's clock starts at the meeting's time");
    assert!(
        matches!(&escort.details, TaskDetails::Escort(e) if e.to == meeting.department && e.visitor == meeting.relative
            && e.from == "Вестибюль"),
        "the escort starts where the meeting was arranged, in the site's words, not the screen's: {:?}",
        escort.details
    );
}

/// What `browser/keep_focus.cjs` reports.
#[derive(Debug, Deserialize)]
struct Focus {
    focused: String,
    note: String,
    problems: Vec<String>,
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn a_refresh_from_someone_elses_change_keeps_the_note_being_typed_and_its_focus() {
    let server = DemoServer::start().await;
    let url = server.url.clone();
    let seen: Focus = tokio::task::spawn_blocking(move || {
        let args = [url.as_str(), "anna", "1111", "t-poly-kiosk-1", "maria", "4444", "t-poly-routing-1", "360", "780"];
        chromium_script("keep_focus.cjs", &args, "browser-admin-note-keeps-focus")
    })
    .await
    .expect("join");
    assert!(seen.problems.is_empty(), "the page reported problems: {:?}", seen.problems);
    assert_eq!(seen.focused, "rating-note", "the refresh took the focus away from the note");
    assert_eq!(seen.note, "Спасибо, всё понятно", "typing went on into the note through the refresh");
}
