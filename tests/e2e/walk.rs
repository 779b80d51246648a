//! Every kind of task carried to its real end on a handheld (360×780) in Chromium, through the card's own steps,
//! and the server's copy checked afterwards.

use floordesk_domain::{AckChannel, CancelReason, KioskOutcome, Task, TaskDetails, TaskStatus, TaxiOrder};
use serde::Deserialize;
use serde_json::json;

use super::browser::chromium_script;
use super::support::DemoServer;

/// What `browser/walk.cjs` reports.
#[derive(Debug, Deserialize)]
struct Walked {
    id: Option<String>,
    /// The steps the card offered before each move.
    offered: Vec<Vec<String>>,
    gone: bool,
    overflow: Vec<String>,
    problems: Vec<String>,
}

/// One walk: who, the plan, and what the server must hold at the end.
struct Walk {
    name: &'static str,
    staff: (&'static str, &'static str),
    supervisor: (&'static str, &'static str),
    plan: serde_json::Value,
    check: fn(&Task),
}

fn create(kind: &str, find: &str, fields: serde_json::Value) -> serde_json::Value {
    json!({ "kind": kind, "find": find, "fields": fields })
}

fn walks() -> Vec<Walk> {
    let anna = ("anna", "1111");
    let dmitry = ("dmitry", "5555");
    let (maria, tatiana) = (("maria", "4444"), ("tatiana", "0000"));
    vec![
        Walk {
            name: "escort",
            staff: anna,
            supervisor: maria,
            plan: json!({
                "create": create("escort", "Талон Е-1", json!({ "visitor": "Талон Е-1", "from": "Вход", "to": "Кабинет 214" })),
                "walk": [{ "press": "claim" }, { "step": "patient_ready" }, { "press": "start" }, { "press": "complete" }],
            }),
            check: |t| assert!(matches!(&t.details, TaskDetails::Escort(e) if e.patient_ready)),
        },
        Walk {
            name: "taxi",
            staff: anna,
            supervisor: maria,
            plan: json!({
                "create": create("taxi", "Талон Т-1", json!({
                    "visitor": "Талон Т-1", "pickup": "Главный вход", "destination": "Домой", "phone": "+79161234567"
                })),
                "walk": [
                    { "press": "claim" }, { "step": "taxi_ordered", "text": "A-77" }, { "press": "start" },
                    { "step": "car_arrived" }, { "step": "departed" }, { "press": "complete" },
                ],
            }),
            check: |t| {
                assert!(matches!(&t.details, TaskDetails::Taxi(x) if x.order == TaxiOrder::Departed));
                assert_eq!(t.progress.taxi_reference.as_deref(), Some("A-77"));
            },
        },
        Walk {
            name: "childcare",
            staff: anna,
            supervisor: maria,
            plan: json!({
                "create": create("childcare", "Варя", json!({
                    "child_first_name": "Варя", "child_age": "4", "parent_location": "Кабинет 208", "max_duration": "30"
                })),
                "walk": [
                    { "press": "claim" }, { "press": "start" }, { "step": "handed_back", "choice": 0 },
                    { "press": "complete" },
                ],
            }),
            check: |t| {
                assert!(matches!(&t.details, TaskDetails::Childcare(c)
                    if c.handed_back_to.as_deref() == Some(floordesk_domain::TO_PARENT) && c.end.is_some()));
            },
        },
        Walk {
            name: "routing",
            staff: anna,
            supervisor: maria,
            plan: json!({
                "create": create("routing", "Справка в школу", json!({ "purpose": "Справка в школу" })),
                "walk": [
                    { "press": "claim" }, { "step": "destination", "text": "Кабинет 101" }, { "press": "start" },
                    { "press": "complete" },
                ],
            }),
            check: |t| {
                assert!(
                    matches!(&t.details, TaskDetails::Routing(r) if r.destination.as_deref() == Some("Кабинет 101"))
                );
            },
        },
        Walk {
            name: "kiosk",
            staff: anna,
            supervisor: maria,
            plan: json!({
                "create": create("kiosk_help", "Талон К-1", json!({ "visitor": "Талон К-1", "service": "Запись к окулисту" })),
                "walk": [
                    { "press": "claim" }, { "press": "start" }, { "step": "kiosk_outcome", "choice": 1 },
                    { "press": "complete" },
                ],
            }),
            check: |t| assert_eq!(t.progress.kiosk_outcome, Some(KioskOutcome::Rescheduled)),
        },
        Walk {
            name: "written",
            staff: anna,
            supervisor: maria,
            plan: json!({
                "create": create("written_request", "ОБР-Е2Е-1", json!({
                    "reference": "ОБР-Е2Е-1", "channel": "Портал", "summary": "Перенести приём"
                })),
                "walk": [
                    { "press": "claim" }, { "step": "acknowledged", "choice": 0 }, { "press": "start" },
                    { "press": "complete" },
                ],
            }),
            check: |t| {
                assert_eq!(t.progress.acknowledged_how, Some(AckChannel::Phone));
                assert!(matches!(&t.details, TaskDetails::WrittenRequest(w) if w.acknowledged_at.is_some()));
            },
        },
        Walk {
            name: "non-standard",
            staff: anna,
            supervisor: maria,
            plan: json!({
                "create": create("non_standard", "Потерял пропуск", json!({ "description": "Потерял пропуск" })),
                "walk": [
                    { "press": "claim" }, { "step": "outcome", "text": "Выдан временный пропуск" }, { "press": "start" },
                    { "press": "complete" },
                ],
            }),
            check: |t| assert_eq!(t.progress.outcome_note.as_deref(), Some("Выдан временный пропуск")),
        },
        Walk {
            name: "meeting",
            staff: anna,
            supervisor: maria,
            plan: json!({
                "create": create("relative_meeting", "Дочь пациента", json!({
                    "relative": "Дочь пациента", "contact": "+79161234567", "department": "Терапия", "doctor": "Лечащий врач"
                })),
                "walk": [
                    { "press": "claim" }, { "step": "relative_informed" }, { "press": "start" }, { "press": "complete" },
                ],
            }),
            check: |t| assert!(t.progress.relative_informed_at.is_some()),
        },
        Walk {
            name: "registration",
            staff: dmitry,
            supervisor: tatiana,
            plan: json!({
                "create": create("ed_registration", "Е. Р. Т.", json!({ "visitor": "Е. Р. Т." })),
                "walk": [
                    { "press": "claim" }, { "step": "registered", "text": "2026-77" }, { "press": "start" },
                    { "press": "complete" },
                ],
            }),
            check: |t| assert_eq!(t.progress.registration_number.as_deref(), Some("2026-77")),
        },
        Walk {
            name: "ambulance",
            staff: dmitry,
            supervisor: tatiana,
            plan: json!({
                "create": create("ambulance_arrival", "Бригада 515", json!({
                    "crew_number": "Бригада 515", "eta": "5", "destination": "Смотровая 2"
                })),
                "walk": [
                    { "press": "claim" }, { "step": "crew_met" }, { "press": "start" }, { "step": "handed_over" },
                    { "press": "complete" },
                ],
            }),
            check: |t| {
                assert_eq!(t.progress.crew_met_by.as_ref().map(|s| s.as_str()), Some("dmitry"));
                assert!(t.progress.handed_over_at.is_some());
            },
        },
    ]
}

/// Runs one walk and returns the server's copy of its task.
async fn walk(server: &DemoServer, walk: &Walk) -> (Walked, Task) {
    let url = server.url.clone();
    let (staff, code) = walk.staff;
    let plan = walk.plan.to_string();
    let shot_name = format!("browser-walk-{}", walk.name);
    let walked: Walked = tokio::task::spawn_blocking(move || {
        chromium_script("walk.cjs", &[url.as_str(), staff, code, "360", "780", plan.as_str()], &shot_name)
    })
    .await
    .expect("join");
    assert!(walked.problems.is_empty(), "{}: the page reported problems: {:?}", walk.name, walked.problems);
    assert!(walked.overflow.is_empty(), "{}: wider than the screen: {:?}", walk.name, walked.overflow);
    let token = server.token(walk.supervisor.0, walk.supervisor.1).await;
    let changes = server.client.pull(&token, 0, 1000).await.expect("pull").changes;
    let task = changes
        .into_iter()
        .rev()
        .find(|c| Some(c.task.id.as_str()) == walked.id.as_deref())
        .unwrap_or_else(|| panic!("{}: the server has no task {:?}", walk.name, walked.id))
        .task;
    (walked, task)
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn every_kind_of_task_is_carried_to_its_end_through_its_cards_own_steps_on_a_handheld() {
    let server = DemoServer::start().await;
    for w in walks() {
        let (walked, task) = walk(&server, &w).await;
        assert!(walked.gone, "{}: a finished task leaves the list", w.name);
        assert_eq!(task.status, TaskStatus::Done, "{}: {task:?}", w.name);
        assert!(task.rating.is_some(), "{}: rated at done", w.name);
        (w.check)(&task);
        // The card offered its kind's steps on the way (the first step was offered before it was pressed).
        let first_step = w.plan["walk"].as_array().unwrap().iter().position(|m| m.get("step").is_some()).unwrap();
        let step = w.plan["walk"][first_step]["step"].as_str().unwrap();
        assert!(walked.offered[first_step].iter().any(|s| s == step), "{}: {:?}", w.name, walked.offered);
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn a_visitor_who_left_is_cancelled_with_a_listed_reason_and_leaves_the_list() {
    let server = DemoServer::start().await;
    let cancel = Walk {
        name: "cancel",
        staff: ("anna", "1111"),
        supervisor: ("maria", "4444"),
        plan: json!({
            "create": create("routing", "Где сдать анализы", json!({ "purpose": "Где сдать анализы" })),
            "walk": [{ "cancel": 0 }],
        }),
        check: |_| {},
    };
    let (walked, task) = walk(&server, &cancel).await;
    assert!(walked.gone);
    assert_eq!(task.status, TaskStatus::Cancelled);
    assert_eq!(task.cancel_reason.as_deref().and_then(CancelReason::from_code), Some(CancelReason::VisitorLeft));
    // The demo escort Б-042, created without «ready», is marked ready and no longer stuck.
    let unstuck = Walk {
        name: "escort-b042",
        staff: ("olga", "3333"),
        supervisor: ("maria", "4444"),
        plan: json!({
            "task": "t-poly-escort-2",
            "walk": [{ "press": "claim" }, { "step": "patient_ready" }, { "press": "start" }, { "press": "complete" }],
        }),
        check: |_| {},
    };
    let (_, escort) = walk(&server, &unstuck).await;
    assert_eq!(escort.status, TaskStatus::Done);
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn a_quick_contact_is_recorded_in_one_tap_and_counted_by_purpose() {
    let server = DemoServer::start().await;
    let started = floordesk_server::now();
    // The supervisor makes the site's list her own in site administration's «Ответы»: the chips follow it.
    let url = format!("{}/admin/", server.url);
    let edited: Edited = tokio::task::spawn_blocking(move || {
        let list = "Где кабинет\nСправка\n  Выписка рецепта  ";
        chromium_script(
            "purposes.cjs",
            &[url.as_str(), "maria", "4444", "360", "780", list],
            "browser-supervisor-purposes",
        )
    })
    .await
    .expect("join");
    assert!(edited.problems.is_empty(), "{edited:?}");
    assert_eq!(edited.shown.first().map(String::as_str), Some("Где кабинет"), "the usual list, first");
    assert_eq!(edited.refused, "Нужно от 1 до 12 целей, каждая до 60 знаков, без повторов.");
    assert_eq!(edited.status, "Сохранено");
    let url = server.url.clone();
    // The visitor asking for a prescription rates the help: a face, then the purpose.
    let prescription = json!({ "purpose": "Выписка рецепта", "score": 4 });
    let plan = json!({ "contacts": [prescription, "Где кабинет", "Где кабинет"], "walk": [] }).to_string();
    let walked: Walked = tokio::task::spawn_blocking(move || {
        chromium_script(
            "walk.cjs",
            &[url.as_str(), "anna", "1111", "360", "780", plan.as_str()],
            "browser-admin-contacts",
        )
    })
    .await
    .expect("join");
    assert!(walked.problems.is_empty() && walked.overflow.is_empty(), "{walked:?}");
    // Each tap is a visitor helped: created and closed at once, counted by purpose in today's indicators.
    let token = server.token("maria", "4444").await;
    let mut counted = Vec::new();
    for _ in 0..100 {
        let report = server.client.kpi(&token, &floordesk_protocol::KpiQuery::days(0, 1)).await.expect("kpi");
        counted = report.by_purpose.iter().map(|p| (p.purpose.clone(), p.helped)).collect();
        if counted.iter().map(|c| c.1).sum::<u32>() == 3 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let feed = server.client.pull(&token, 0, 1000).await.expect("pull").changes;
    let latest: std::collections::BTreeMap<_, _> = feed.into_iter().map(|c| (c.task.id.clone(), c.task)).collect();
    // What the server holds of the contacts, to say what went wrong if one is missing.
    let contacts: Vec<_> = latest
        .values()
        .filter(|t| t.met_at >= started && matches!(t.details, TaskDetails::Routing(_)))
        .map(|t| (t.id.to_string(), t.status, t.met_at.0, t.created_at.0, t.accepted_at.map(|a| a.0)))
        .collect();
    assert_eq!(counted, [("Где кабинет".to_owned(), 2), ("Выписка рецепта".to_owned(), 1)], "{contacts:?}");
    // The rating went with its contact only.
    let rated: Vec<(String, Option<u8>)> = latest
        .values()
        .filter(|t| t.met_at >= started && t.status == TaskStatus::Done)
        .filter_map(|t| match &t.details {
            TaskDetails::Routing(r) => {
                Some((r.purpose.clone(), t.rating.as_ref().map(floordesk_domain::Rating::score)))
            }
            _ => None,
        })
        .collect();
    assert_eq!(rated.len(), 3, "{rated:?}");
    assert!(rated.contains(&("Выписка рецепта".to_owned(), Some(4))), "{rated:?}");
    assert_eq!(rated.iter().filter(|r| r.1.is_none()).count(), 2, "{rated:?}");
}

/// What `browser/purposes.cjs` reports.
#[derive(Debug, Deserialize)]
struct Edited {
    shown: Vec<String>,
    refused: String,
    status: String,
    problems: Vec<String>,
}

/// What `browser/screens.cjs` reports.
#[derive(Debug, Deserialize)]
struct Screens {
    tabs: Vec<String>,
    /// By screen: how many pixels the page is wider than the screen.
    screens: std::collections::BTreeMap<String, i64>,
    problems: Vec<String>,
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn no_handheld_screen_scrolls_sideways_for_any_role() {
    let server = DemoServer::start().await;
    for (staff, code, tabs) in [("anna", "1111", 3), ("sergey", "8888", 3), ("maria", "4444", 5)] {
        let url = server.url.clone();
        let seen: Screens = tokio::task::spawn_blocking(move || {
            chromium_script(
                "screens.cjs",
                &[url.as_str(), staff, code, "360", "780"],
                &format!("browser-screens-{staff}"),
            )
        })
        .await
        .expect("join");
        assert!(seen.problems.is_empty(), "{staff}: {:?}", seen.problems);
        assert!(seen.tabs.len() >= tabs, "{staff}: {:?}", seen.tabs);
        let wide: Vec<_> = seen.screens.iter().filter(|(_, extra)| **extra > 0).collect();
        assert!(wide.is_empty(), "{staff}: wider than a 360 px screen: {wide:?}");
        assert!(
            seen.screens.keys().any(|k| k.starts_with("create ")) || staff == "maria",
            "{staff}: {:?}",
            seen.screens
        );
    }
}
