//! The morning meeting at the desk in headless Chromium at 1280×800: the supervisor writes the day's goals and the
//! people to thank into yesterday's pack in site administration; the server keeps them with that day; a reload
//! shows them again and the printed pack carries them.

use serde::Deserialize;

use super::browser::chromium_script;
use super::desk::{assert_accessible, Access};
use super::support::DemoServer;

#[derive(Debug, Deserialize)]
struct Seen {
    day: String,
    nobody: String,
    saved_nobody: bool,
    reloaded: Reloaded,
    printed: Printed,
    access: Vec<Access>,
    problems: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Reloaded {
    goals: String,
    thanks: Vec<Line>,
}

#[derive(Debug, Deserialize, PartialEq, Eq)]
struct Line {
    who: String,
    for_what: String,
}

#[derive(Debug, Deserialize)]
struct Printed {
    form_hidden: bool,
    shown: bool,
    goals: Vec<String>,
    thanked: Vec<String>,
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn the_supervisor_keeps_the_days_goals_and_thanks_with_the_morning_pack_and_prints_them() {
    let server = DemoServer::start().await;
    let url = server.url.clone();
    let seen: Seen = tokio::task::spawn_blocking(move || {
        chromium_script("morning_notes.cjs", &[url.as_str(), "maria", "4444", "1280", "800"], "admin-morning-notes")
    })
    .await
    .expect("join");
    assert!(seen.problems.is_empty(), "the page reported problems: {:?}", seen.problems);
    assert_accessible(&seen.access);

    // A thanks with nobody chosen was asked about, not dropped unsaid.
    assert_eq!(seen.nobody, "Выберите сотрудника в каждой благодарности (или уберите строку).");
    assert!(!seen.saved_nobody, "nothing was saved while a thanks named nobody");
    // The server keeps them with the pack's day, blank lines left out, as the supervisor wrote them.
    let token = server.token("maria", "4444").await;
    let kept = server.client.morning_notes(&token, &seen.day).await.expect("the notes of the pack's day");
    assert_eq!(kept.goals, ["Встречать каждого у входа", "Ждать не дольше 10 минут"]);
    let thanked: Vec<(&str, &str)> = kept.thanks.iter().map(|t| (t.staff.as_str(), t.for_what.as_str())).collect();
    assert_eq!(thanked, [("anna", "за помощь с коляской"), ("igor", "за спокойствие в очереди")]);
    assert_eq!(kept.updated_by.as_ref().map(|s| s.as_str()), Some("maria"));
    // Yesterday, by the site's clock.
    let yesterday = server.client.kpi(&token, &floordesk_protocol::KpiQuery::days(-1, 0)).await.expect("report");
    let from = yesterday.from.0 + i64::from(yesterday.utc_offset_minutes) * 60_000;
    let date = chrono::DateTime::from_timestamp_millis(from).expect("a time").date_naive().to_string();
    assert_eq!(seen.day, date, "the notes belong to the day the pack reports on");

    // After a reload, the same in the form.
    assert_eq!(seen.reloaded.goals, "Встречать каждого у входа\nЖдать не дольше 10 минут");
    let line = |who: &str, for_what: &str| Line { who: who.into(), for_what: for_what.into() };
    assert_eq!(seen.reloaded.thanks, [line("anna", "за помощь с коляской"), line("igor", "за спокойствие в очереди")]);
    // On paper: the notes by name, not the form.
    assert!(seen.printed.form_hidden && seen.printed.shown, "{:?}", seen.printed);
    assert_eq!(seen.printed.goals, ["Встречать каждого у входа", "Ждать не дольше 10 минут"]);
    assert_eq!(
        seen.printed.thanked,
        ["Анна Смирнова — за помощь с коляской", "Игорь Петров — за спокойствие в очереди"]
    );
}
