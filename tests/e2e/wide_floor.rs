//! The supervisor's wide floor (site administration's «Этаж») in headless Chromium at 1920×1080 and 1280×800: a view
//! bookmarked in the address opens as it was left, a card dragged between zone columns is given, the arrow keys move
//! between cards and columns, and the columns by state with "needs attention" come back after a reload.

use serde::Deserialize;

use super::browser::chromium_script;
use super::desk::{assert_accessible, Access};
use super::support::DemoServer;

#[derive(Debug, Deserialize)]
struct Seen {
    bookmarked: Bookmarked,
    cleared: Shown,
    dragged: Dragged,
    keys: Vec<Option<Focused>>,
    by_state: Shown,
    reloaded: Reloaded,
    sideways: bool,
    access: Vec<Access>,
    problems: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Bookmarked {
    tab: Option<String>,
    pressed: Option<String>,
    zone: String,
    priority: String,
    columns: Vec<Column>,
    heading: String,
}

#[derive(Debug, Deserialize)]
struct Shown {
    address: String,
    columns: Vec<Column>,
}

#[derive(Debug, Deserialize)]
struct Column {
    key: String,
    title: String,
    tasks: Vec<String>,
    takers: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Dragged {
    from: String,
    holder: String,
    now_in: String,
    status: Option<String>,
}

#[derive(Debug, Deserialize, PartialEq, Eq)]
struct Focused {
    task: String,
    column: String,
}

#[derive(Debug, Deserialize)]
struct Reloaded {
    address: String,
    attention: bool,
    pressed: Option<String>,
    columns: Vec<Column>,
}

const ENTRANCE: &str = "poly-12-entrance";
const F2: &str = "poly-12-f2";
const F3: &str = "poly-12-f3";

/// The wide floor's flow at one desk size, on a fresh demo with the polyclinic's administrators on shift.
async fn wide_floor(viewport: (u32, u32), shot: &'static str) {
    let server = DemoServer::start().await;
    for (who, code) in [("anna", "1111"), ("igor", "2222"), ("olga", "3333")] {
        server.start_shift(who, code).await;
    }
    let url = server.url.clone();
    let seen: Seen = tokio::task::spawn_blocking(move || {
        let (w, h) = (viewport.0.to_string(), viewport.1.to_string());
        let args = [url.as_str(), "maria", "4444", "t-poly-routing-1", F3, "olga", &w, &h];
        chromium_script("wide_floor.cjs", &args, shot)
    })
    .await
    .expect("join");
    assert!(seen.problems.is_empty(), "the page reported problems: {:?}", seen.problems);
    assert_accessible(&seen.access);
    assert!(!seen.sideways, "the page scrolls sideways at {viewport:?} (the columns scroll on their own)");
    let token = server.token("maria", "4444").await;
    let list = server.client.tasks(&token).await.expect("site tasks");
    let all: Vec<_> = list.mine.iter().chain(&list.pool).map(|v| &v.task).collect();
    let open = all.iter().filter(|t| t.status.is_open()).count();

    // The bookmark: the floor's tab, zone columns, one zone, urgent only — the third floor's one urgent task.
    let b = &seen.bookmarked;
    assert_eq!((b.tab.as_deref(), b.pressed.as_deref()), (Some("page"), Some("true")));
    assert_eq!((b.zone.as_str(), b.priority.as_str()), (F3, "urgent"));
    assert_eq!(b.columns.len(), 1, "{:?}", b.columns);
    assert_eq!((b.columns[0].key.as_str(), b.columns[0].title.as_str()), (F3, "3 этаж: специалисты (1)"));
    assert_eq!(b.columns[0].tasks, ["t-poly-nonstd-1"]);
    assert_eq!(b.columns[0].takers, ["olga"], "the zone's column names who is on shift there");
    assert_eq!(b.heading, format!("Задачи на этаже: 1 из {open}"));

    // Cleared: every zone in the site's order, each column holding exactly its zone's open tasks.
    assert_eq!(seen.cleared.address, "?floor&by=zone");
    let keys: Vec<&str> = seen.cleared.columns.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, [ENTRANCE, F2, F3]);
    for column in &seen.cleared.columns {
        let mut expected: Vec<&str> =
            all.iter().filter(|t| t.status.is_open() && t.zone.as_str() == column.key).map(|t| t.id.as_str()).collect();
        let mut shown: Vec<&str> = column.tasks.iter().map(String::as_str).collect();
        expected.sort_unstable();
        shown.sort_unstable();
        assert_eq!(shown, expected, "column {}", column.key);
    }

    // Dragged from the entrance's column onto Olga in the third floor's: hers, still in its own zone's column.
    let d = &seen.dragged;
    assert_eq!((d.from.as_str(), d.now_in.as_str()), (ENTRANCE, ENTRANCE));
    assert_eq!(d.holder, "Исполнитель: Ольга Кузнецова");
    assert_eq!(d.status.as_deref(), Some("assigned"));
    let given = all.iter().find(|t| t.id.as_str() == "t-poly-routing-1").expect("still open");
    assert_eq!(given.assignee.as_ref().map(|s| s.as_str()), Some("olga"), "given on the server");

    // The keys: the first card of the entrance, right to the second floor's first (its urgent taxi), down to the
    // next, up, and left back to where it began.
    let at = |task: &str, column: &str| Some(Focused { task: task.into(), column: column.into() });
    let f2 = &seen.cleared.columns[1].tasks;
    assert!(f2.len() >= 2, "the second floor has two tasks: {f2:?}");
    let first = seen.cleared.columns[0].tasks[0].as_str();
    assert_eq!(
        seen.keys,
        [
            at(first, ENTRANCE),
            at(&f2[0], F2),
            at(&f2[1], F2),
            at(&f2[0], F2),
            at(first, ENTRANCE),
            // With Shift the arrow is the browser's: the focus stays.
            at(first, ENTRANCE),
        ],
        "focus moves by the arrows"
    );
    assert_eq!(f2[0], "t-poly-taxi-1", "the urgent one first");

    // By state, needing attention only: in the address; every task shown needs it; after a reload the same.
    assert_eq!(seen.by_state.address, "?floor&attention=1");
    let states: Vec<&str> = seen.by_state.columns.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(states, ["new", "assigned", "accepted", "in_progress"]);
    let shown: Vec<&String> = seen.by_state.columns.iter().flat_map(|c| &c.tasks).collect();
    assert!(!shown.is_empty(), "the demo has tasks past their standard");
    let now = floordesk_server::now();
    for id in &shown {
        let task = all.iter().find(|t| t.id.as_str() == id.as_str()).expect("a shown task is the site's");
        let needs = task.attention().is_some()
            || list.deadlines.breached(task, now)
            || task.handoffs >= floordesk_domain::MAX_HANDOFFS;
        assert!(needs, "{id} was shown as needing attention");
    }
    for column in &seen.by_state.columns {
        let state = all.iter().filter(|t| column.tasks.contains(&t.id.to_string())).map(|t| t.status.as_str());
        assert!(state.clone().all(|s| s == column.key), "column {} holds {:?}", column.key, state.collect::<Vec<_>>());
    }
    let r = &seen.reloaded;
    assert_eq!((r.address.as_str(), r.attention, r.pressed.as_deref()), ("?floor&attention=1", true, Some("true")));
    let again: Vec<&String> = r.columns.iter().flat_map(|c| &c.tasks).collect();
    assert_eq!(again, shown, "the reloaded view shows the same tasks");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn the_wide_floor_at_1920_opens_a_bookmarked_view_takes_a_drag_between_zones_and_the_arrow_keys() {
    wide_floor((1920, 1080), "browser-wide-floor-1920").await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn the_wide_floor_at_1280_opens_a_bookmarked_view_takes_a_drag_between_zones_and_the_arrow_keys() {
    wide_floor((1280, 800), "browser-wide-floor-1280").await;
}
