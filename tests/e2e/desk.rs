//! The desk beyond the task list, in headless Chromium: the supervisor's floor, indicators and morning pack; good
//! stories; the knowledge base; one visitor's tasks together. Each checks what the server then holds, and that the
//! visible controls have names, keep the focus order and are large enough to tap on a handheld.

use serde::Deserialize;

use super::browser::chromium_script;
use super::support::DemoServer;

/// What `common.cjs`'s `access` found wrong on a screen.
#[derive(Debug, Deserialize)]
pub(super) struct Access {
    unnamed: Vec<String>,
    small: Vec<String>,
    tabindex: Vec<String>,
}

pub(super) fn assert_accessible(screens: &[Access]) {
    for a in screens {
        assert!(a.unnamed.is_empty(), "controls without a name for assistive technology: {:?}", a.unnamed);
        assert!(a.small.is_empty(), "touch targets under 44 px on a handheld: {:?}", a.small);
        assert!(a.tabindex.is_empty(), "a positive tabindex breaks the focus order: {:?}", a.tabindex);
    }
}

/// What `browser/floor.cjs` reports.
#[derive(Debug, Deserialize)]
struct Floor {
    people: Vec<Person>,
    summary: String,
    had_holder: bool,
    holder: String,
    load_after: String,
    charts: Vec<Chart>,
    tiles: Vec<String>,
    zones: Vec<String>,
    kinds: Vec<String>,
    hours: Vec<u8>,
    problems_listed: Vec<String>,
    recognise: Vec<String>,
    title: String,
    print_hides: bool,
    access: Vec<Access>,
    problems: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Person {
    id: String,
    load: String,
    activity: String,
    breaches: String,
}

#[derive(Debug, Deserialize)]
struct Chart {
    id: String,
    label: String,
    bars: usize,
}

/// The supervisor's main flow at a viewport: the floor, a free task given to someone (by `mode`), the indicators,
/// the morning pack and its print form; then what the server holds.
async fn supervisor_flow(
    mode: &'static str,
    task: &'static str,
    to: &'static str,
    viewport: (u32, u32),
    shot: &'static str,
) {
    let server = DemoServer::start().await;
    // The site's administrators are on shift: the floor shows who is.
    for (who, code) in [("anna", "1111"), ("igor", "2222"), ("olga", "3333")] {
        server.start_shift(who, code).await;
    }
    let url = server.url.clone();
    let seen: Floor = tokio::task::spawn_blocking(move || {
        let (w, h) = (viewport.0.to_string(), viewport.1.to_string());
        chromium_script("floor.cjs", &[url.as_str(), "maria", "4444", task, to, mode, &w, &h], shot)
    })
    .await
    .expect("join");
    assert!(seen.problems.is_empty(), "the page reported problems: {:?}", seen.problems);
    assert_accessible(&seen.access);

    // The floor: the polyclinic's three administrators, the one with a breach first, each with load and activity.
    let ids: Vec<&str> = seen.people.iter().map(|p| p.id.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, ["anna", "igor", "olga"], "everyone on shift, no supervisor");
    let breaching: Vec<&Person> = seen.people.iter().filter(|p| !p.breaches.is_empty()).collect();
    assert!(!breaching.is_empty(), "the demo has an overdue held task: {:?}", seen.people);
    assert_eq!(seen.people[0].id, breaching[0].id, "people with breaches come first");
    assert!(seen
        .people
        .iter()
        .all(|p| p.load.ends_with("задача") || p.load.ends_with("задачи") || p.load.ends_with("задач")));
    assert!(seen.people.iter().all(|p| !p.activity.is_empty()));
    assert!(seen.summary.starts_with("Без исполнителя: "), "{}", seen.summary);

    // The task was free and is now the person's, on the page and on the server.
    assert!(!seen.had_holder, "{task} starts in the pool");
    let name = if to == "olga" { "Ольга Кузнецова" } else { "Игорь Петров" };
    assert_eq!(seen.holder, format!("Исполнитель: {name}"));
    let before = seen.people.iter().find(|p| p.id == to).expect("the person is on the floor");
    assert_ne!(seen.load_after, before.load, "the person's load grew");
    let token = server.token("maria", "4444").await;
    let list = server.client.tasks(&token).await.expect("site tasks");
    let given = list.pool.iter().chain(&list.mine).find(|v| v.task.id.as_str() == task).expect("still open");
    assert_eq!(given.task.assignee.as_ref().map(|s| s.as_str()), Some(to));

    // Each card says its zone to the supervisor, by name.
    assert!(seen.zones.iter().any(|z| z == "Вход и инфоматы"), "{:?}", seen.zones);
    assert!(seen.zones.iter().all(|z| !z.is_empty()), "{:?}", seen.zones);

    // The indicators of yesterday's demo day, as SVG charts with names, and the table by kind.
    let charts: Vec<&str> = seen.charts.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(charts, ["chart-wait", "chart-in-time", "chart-ratings", "chart-handoffs"]);
    assert!(seen.charts.iter().all(|c| !c.label.is_empty() && c.bars > 0), "{:?}", seen.charts);
    assert_eq!(seen.charts[2].bars, 5, "one bar per score");
    assert_eq!(
        seen.tiles,
        [
            "tile-wait-p50",
            "tile-wait-p90",
            "tile-in-time",
            "tile-finished",
            "tile-handoffs",
            "tile-rating",
            "tile-rated"
        ]
    );
    let now = floordesk_domain::Timestamp(now_ms());
    let query = floordesk_protocol::KpiQuery::period(now.plus_minutes(-3 * 24 * 60), now.plus_minutes(1));
    let report = server.client.kpi(&token, &query).await.expect("the server's report");
    for kind in &seen.kinds {
        assert!(report.by_kind.iter().any(|k| k.kind.as_str() == kind), "{kind} is not in the server's report");
    }
    assert!(!seen.hours.is_empty() && seen.hours.windows(2).all(|w| w[0] < w[1]), "hours in order: {:?}", seen.hours);
    assert!(seen.hours.iter().all(|h| *h < 24));

    // The morning pack: yesterday's problems, the stories to recognise, and a print form without the app around it.
    assert!(seen.title.starts_with("Планёрка — "), "{}", seen.title);
    assert!(seen.problems_listed.iter().any(|p| p.contains("начато с опозданием")), "{:?}", seen.problems_listed);
    // Each problem against its standard, with who held it.
    assert!(seen.problems_listed.iter().any(|p| p.contains("при норме 15 мин")), "{:?}", seen.problems_listed);
    assert!(seen.problems_listed.iter().any(|p| p.contains("Исполнитель: ")), "{:?}", seen.problems_listed);
    assert!(seen.problems_listed.iter().any(|p| p.contains("передач: 3")), "{:?}", seen.problems_listed);
    assert!(seen.problems_listed.iter().any(|p| p.contains("низкая оценка")), "{:?}", seen.problems_listed);
    assert!(seen.recognise.iter().any(|r| r.starts_with("Анна Смирнова — ")), "{:?}", seen.recognise);
    assert!(seen.print_hides, "printing drops the top bar, the tabs and the print button");
}

/// Now in Unix milliseconds.
fn now_ms() -> i64 {
    i64::try_from(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_millis())
        .expect("fits")
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn on_a_desktop_the_supervisor_drags_a_task_onto_a_person_and_reads_indicators_and_the_morning_pack() {
    supervisor_flow("drag", "t-poly-routing-1", "olga", (1280, 800), "browser-supervisor-floor-desktop").await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn on_a_handheld_the_supervisor_gives_a_task_by_menu_and_reads_indicators_and_the_morning_pack() {
    supervisor_flow("menu", "t-poly-escort-2", "igor", (360, 780), "browser-supervisor-floor-handheld").await;
}

/// What `browser/stories.cjs` reports.
#[derive(Debug, Deserialize)]
struct Stories {
    before: Vec<StoryCard>,
    after: Vec<StoryCard>,
    post_disabled_empty: bool,
    access: Access,
    problems: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct StoryCard {
    id: String,
    head: String,
    text: String,
    linked: String,
    likes: String,
    liked: String,
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn an_administrator_posts_a_good_story_thanking_a_colleague_and_likes_another() {
    let server = DemoServer::start().await;
    let url = server.url.clone();
    let text = "Игорь помог донести коляску по лестнице";
    let seen: Stories = tokio::task::spawn_blocking(move || {
        let args = [url.as_str(), "anna", "1111", "igor", "t-poly-escort-1", text, "360", "780"];
        chromium_script("stories.cjs", &args, "browser-admin-stories")
    })
    .await
    .expect("join");
    assert!(seen.problems.is_empty(), "the page reported problems: {:?}", seen.problems);
    assert_accessible(&[seen.access]);
    assert!(seen.post_disabled_empty, "nothing to post before something is written");
    assert_eq!(seen.after.len(), seen.before.len() + 1);
    let new = &seen.after[0];
    assert_eq!(new.text, text, "the newest story first");
    assert!(new.head.starts_with("Анна Смирнова → спасибо: Игорь Петров"), "{}", new.head);
    assert!(new.linked.starts_with("Задача: Сопровождение"), "{}", new.linked);
    let liked = seen.after.last().expect("the oldest story");
    let was = seen.before.last().expect("the oldest story");
    assert_eq!((liked.id.as_str(), liked.liked.as_str()), (was.id.as_str(), "true"));
    assert_eq!(liked.likes.parse::<u32>().unwrap(), was.likes.parse::<u32>().unwrap() + 1);
    // Igor sees the story and its link on the server; the like counts once.
    let token = server.token("igor", "2222").await;
    let stories = server.client.stories(&token, None).await.expect("stories").stories;
    let posted = stories.iter().find(|s| s.id.as_str() == new.id).expect("Igor sees the story");
    assert_eq!(posted.about.as_ref().map(|s| s.as_str()), Some("igor"));
    assert_eq!(posted.task.as_ref().map(|t| t.as_str()), Some("t-poly-escort-1"));
    let liked_on_server = stories.iter().find(|s| s.id.as_str() == liked.id).expect("the liked story");
    assert_eq!(liked_on_server.likes.to_string(), liked.likes);
}

/// What `browser/knowledge.cjs` reports.
#[derive(Debug, Deserialize)]
struct Knowledge {
    all: Vec<String>,
    found: Vec<String>,
    answer: String,
    add_offered: bool,
    added: Option<Vec<String>>,
    kept_when_declined: Option<bool>,
    confirm: Option<String>,
    after_removal: Option<Vec<String>>,
    access: Access,
    problems: Vec<String>,
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn an_administrator_finds_an_answer_as_she_types_on_a_handheld() {
    let server = DemoServer::start().await;
    let url = server.url.clone();
    let seen: Knowledge = tokio::task::spawn_blocking(move || {
        let args = [url.as_str(), "anna", "1111", "справк", "no", "360", "780"];
        chromium_script("knowledge.cjs", &args, "browser-admin-knowledge")
    })
    .await
    .expect("join");
    assert!(seen.problems.is_empty(), "the page reported problems: {:?}", seen.problems);
    assert_accessible(&[seen.access]);
    assert!(!seen.add_offered, "administrators read the knowledge base; supervisors keep it");
    let token = server.token("anna", "1111").await;
    let templates = server.client.templates(&token).await.expect("templates").templates;
    assert_eq!(seen.all, templates.iter().map(|t| t.title.clone()).collect::<Vec<_>>(), "every template, by title");
    assert_eq!(seen.found, ["Где получить справку?"]);
    assert!(seen.answer.contains("участковый врач"), "{}", seen.answer);
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn the_supervisor_adds_an_answer_finds_it_and_removes_it_on_a_desktop() {
    let server = DemoServer::start().await;
    let url = server.url.clone();
    // Kept at the desk: in site administration's «Ответы».
    let url = format!("{url}/admin/");
    let seen: Knowledge = tokio::task::spawn_blocking(move || {
        let args = [url.as_str(), "maria", "4444", "рентген", "yes", "1280", "800"];
        chromium_script("knowledge.cjs", &args, "browser-supervisor-knowledge")
    })
    .await
    .expect("join");
    assert!(seen.problems.is_empty(), "the page reported problems: {:?}", seen.problems);
    assert_accessible(&[seen.access]);
    assert!(seen.add_offered);
    assert_eq!(seen.found, ["Где рентген-кабинет?"]);
    assert_eq!(seen.added.as_deref(), Some(&["Где гардероб?".to_owned()][..]), "found by a word of its answer");
    assert_eq!(seen.kept_when_declined, Some(true), "declining the question removes nothing");
    assert_eq!(seen.confirm.as_deref(), Some("Удалить этот ответ из базы? Вернуть его будет нельзя."));
    assert_eq!(seen.after_removal.as_ref(), Some(&seen.all), "removed again");
    let token = server.token("maria", "4444").await;
    let titles: Vec<String> =
        server.client.templates(&token).await.expect("templates").templates.into_iter().map(|t| t.title).collect();
    assert_eq!(titles, seen.all, "the server holds what the page shows");
}

/// What `browser/case.cjs` reports.
#[derive(Debug, Deserialize)]
struct Case {
    hint: String,
    focused: Option<String>,
    id: String,
    line: String,
    listed: Vec<String>,
    access: Access,
    problems: Vec<String>,
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn another_task_for_the_same_visitor_joins_their_case_in_a_few_taps() {
    let server = DemoServer::start().await;
    let url = server.url.clone();
    let value = "Талон 55: к окулисту";
    let seen: Case = tokio::task::spawn_blocking(move || {
        let args = [url.as_str(), "anna", "1111", "t-poly-escort-1", "routing", "purpose", value, "360", "780"];
        chromium_script("case.cjs", &args, "browser-admin-visitor-case")
    })
    .await
    .expect("join");
    assert!(seen.problems.is_empty(), "the page reported problems: {:?}", seen.problems);
    assert_accessible(&[seen.access]);
    assert_eq!(seen.hint, "Для того же посетителя");
    assert_eq!(seen.focused.as_deref(), Some("escort"), "the form opens with its first kind focused");
    assert_eq!(seen.line, "2 открытые задачи посетителя");
    assert_eq!(seen.listed, std::slice::from_ref(&seen.id));
    let token = server.token("maria", "4444").await;
    let list = server.client.tasks(&token).await.expect("site tasks");
    let all: Vec<_> = list.mine.iter().chain(&list.pool).collect();
    let new = all.iter().find(|v| v.task.id.as_str() == seen.id).expect("the new task is on the server");
    let first = all.iter().find(|v| v.task.id.as_str() == "t-poly-escort-1").expect("the first task");
    assert!(first.task.case_id.is_some());
    assert_eq!(new.task.case_id, first.task.case_id, "the same visitor's case");
}

/// What the visit panel said at a step of `browser/visit.cjs`.
#[derive(Debug, Deserialize)]
struct VisitPanel {
    title: String,
    tasks: Vec<String>,
    about: Vec<String>,
    why: Option<String>,
}

/// What `browser/visit.cjs` reports.
#[derive(Debug, Deserialize)]
struct Visit {
    opened: VisitPanel,
    after_cancel: VisitPanel,
    closable: VisitPanel,
    /// Whether the face chosen on the visit, while the answer to its last task's push was on its way, was still
    /// chosen once it came.
    face_kept: bool,
    closed: String,
    access: Access,
    problems: Vec<String>,
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn a_visitors_whole_visit_is_read_from_a_card_and_closed_with_one_rating_on_a_handheld() {
    use floordesk_domain::{Action, CaseId, KioskHelp, Priority, TaskDetails, TaskId, ZoneId};
    use floordesk_protocol::{NewTaskRequest, Op, OpChange, PushRequest, SYNC_PROTOCOL_VERSION};
    let server = DemoServer::start().await;
    let token = server.token("anna", "1111").await;
    let case = CaseId::new("case-t-visit-1").expect("id");
    // One visitor at the kiosk twice: the first task taken and started, the second in the pool.
    let new = |id: &str, ago: i64, service: &str| NewTaskRequest {
        id: TaskId::new(id).expect("id"),
        zone: ZoneId::new("poly-12-entrance").expect("id"),
        case_id: Some(case.clone()),
        priority: Priority::Normal,
        details: TaskDetails::KioskHelp(KioskHelp { visitor: "Талон А-200".into(), service: service.into() }),
        met_at: floordesk_server::now().plus_minutes(-ago),
    };
    let act = |id: &str, action: Action| OpChange::Act { task: TaskId::new(id).expect("id"), action };
    let changes = [
        OpChange::Create { task: new("t-visit-1", 4, "Запись к терапевту") },
        OpChange::Create { task: new("t-visit-2", 3, "Справка для бассейна") },
        act("t-visit-1", Action::Claim),
        act("t-visit-1", Action::Start),
        // Not the visit's: taken from another client while the visit's last answer is on its way.
        OpChange::Create {
            task: NewTaskRequest { case_id: None, ..new("t-visit-3", 2, "Запись к хирургу") }
        },
    ];
    for (n, change) in changes.into_iter().enumerate() {
        let op = Op { id: format!("op-visit-{n}"), device_time: floordesk_server::now(), base_version: 0, change };
        let push = PushRequest { protocol: SYNC_PROTOCOL_VERSION, device: "hh".into(), ops: vec![op], sent_at: None };
        server.client.push(&token, &push).await.expect("push");
    }
    let url = server.url.clone();
    let seen: Visit = tokio::task::spawn_blocking(move || {
        let args = [url.as_str(), "anna", "1111", "t-visit-1", "t-visit-2", "t-visit-3", "360", "780"];
        chromium_script("visit.cjs", &args, "browser-admin-visit")
    })
    .await
    .expect("join");
    assert!(seen.problems.is_empty(), "the page reported problems: {:?}", seen.problems);
    assert_accessible(&[seen.access]);
    let still_open = Some("Визит завершают, когда все его задачи выполнены или отменены.");
    assert_eq!(seen.opened.title, "Визит: Талон А-200");
    assert_eq!(seen.opened.tasks, ["t-visit-1", "t-visit-2"], "in the order the visitor was met");
    assert!(seen.opened.about[0].starts_with("Ждал(а) всего "), "{:?}", seen.opened.about);
    assert_eq!(seen.opened.why.as_deref(), still_open);
    assert_eq!(seen.after_cancel.tasks, seen.opened.tasks, "offered by itself when a task of it closed");
    assert_eq!(seen.after_cancel.why.as_deref(), still_open);
    assert_eq!(seen.closable.why, None);
    assert!(seen.face_kept, "a face chosen while the last answer was on its way is not taken back when it comes");
    assert!(seen.closed.starts_with("Визит завершён в "), "{}", seen.closed);
    assert!(seen.closed.contains("Анна Смирнова") && seen.closed.ends_with("Оценка 4 из 5"), "{}", seen.closed);
    // The server holds the close and the one rating.
    let kept = server.client.case(&token, &case).await.expect("the case");
    assert_eq!(kept.closed_by.as_ref().map(floordesk_domain::StaffId::as_str), Some("anna"));
    assert_eq!(kept.rating.as_ref().map(floordesk_domain::Rating::score), Some(4));
}

/// What `browser/hand_back.cjs` reports.
#[derive(Debug, Deserialize)]
struct HandedBack {
    before: String,
    label: String,
    asked: String,
    offered: Vec<String>,
    history: Vec<HistoryLine>,
    access: Access,
    problems: Vec<String>,
}

/// A line of a task's history as the card shows it.
#[derive(Debug, Deserialize)]
struct HistoryLine {
    action: Option<String>,
    text: String,
    note: Option<String>,
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn an_administrator_hands_a_task_back_saying_why_and_reads_it_in_the_tasks_history() {
    let server = DemoServer::start().await;
    let url = server.url.clone();
    let seen: HandedBack = tokio::task::spawn_blocking(move || {
        let args = [url.as_str(), "anna", "1111", "t-poly-escort-1", "Посетитель ушёл в буфет", "360", "780"];
        chromium_script("hand_back.cjs", &args, "browser-admin-hand-back")
    })
    .await
    .expect("join");
    assert!(seen.problems.is_empty(), "the page reported problems: {:?}", seen.problems);
    assert_accessible(&[seen.access]);
    assert_eq!(seen.before, "mine");
    assert_eq!(seen.label, "Вернуть в пул");
    assert_eq!(seen.asked, "Почему вернуть в пул");
    assert!(seen.offered.contains(&"claim".to_owned()), "back in the pool, it can be taken again: {:?}", seen.offered);
    // The history under the card: the hand back, by Anna, with the reason she typed.
    let back = seen.history.last().expect("the history has lines");
    assert_eq!(back.action.as_deref(), Some("hand_back"), "{:?}", seen.history);
    assert_eq!(back.note.as_deref(), Some("Посетитель ушёл в буфет"));
    assert!(back.text.contains("Анна Смирнова") && back.text.contains("возвращена в пул"), "{}", back.text);
    assert!(back.text.contains("в работе → новая") || back.text.contains("принята → новая"), "{}", back.text);
    let token = server.token("maria", "4444").await;
    let list = server.client.tasks(&token).await.expect("site tasks");
    let task = list.pool.iter().chain(&list.mine).find(|v| v.task.id.as_str() == "t-poly-escort-1").expect("open");
    assert_eq!((task.task.status, task.task.assignee.clone()), (floordesk_domain::TaskStatus::New, None));
    let history = server.client.task_history(&token, &task.task.id).await.expect("history");
    assert_eq!(history.entries.last().and_then(|e| e.note.as_deref()), Some("Посетитель ушёл в буфет"));
}
