//! The indicators in headless Chromium: a supervisor at a desk picks a period by dates, reads the tables by zone
//! and by person, and downloads the CSV, read back here against the server's JSON; an administrator on a handheld
//! reads her own figures only.

use floordesk_protocol::KpiQuery;
use serde::Deserialize;

use super::browser::chromium_script;
use super::support::DemoServer;

#[derive(Debug, Deserialize)]
struct Seen {
    zones: Vec<Row>,
    people: Vec<Row>,
    finished: String,
    file: String,
    csv: String,
    tab: String,
    own: Vec<Row>,
    access: Vec<super::desk::Access>,
    problems: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Row {
    key: String,
    cells: Vec<String>,
}

/// The site's date `days` from today (Moscow), "2026-11-30".
fn moscow_date(days: i64) -> String {
    let at = floordesk_server::now().plus_minutes(days * 24 * 60);
    at.wall_clock(floordesk_server::demo::MOSCOW_UTC_OFFSET_MINUTES).expect("a date").format("%Y-%m-%d").to_string()
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn a_supervisor_reads_zones_and_people_over_dates_and_downloads_the_csv() {
    let server = DemoServer::start().await;
    let url = server.url.clone();
    let (first, last) = (moscow_date(-3), moscow_date(0));
    let args = [url.clone(), "maria".into(), "4444".into(), "anna".into(), "1111".into(), first, last];
    let seen: Seen = tokio::task::spawn_blocking(move || {
        let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
        args.extend(["1920", "1080"]);
        chromium_script("kpi_export.cjs", &args, "browser-kpi-desk")
    })
    .await
    .expect("join");
    assert!(seen.problems.is_empty(), "the page reported problems: {:?}", seen.problems);
    super::desk::assert_accessible(&seen.access);
    // The same period through the API: the last four days of the site, today included.
    let token = server.token("maria", "4444").await;
    let report = server.client.kpi(&token, &KpiQuery::days(-3, 1)).await.expect("report");
    assert!(report.overall.tasks > 0);
    let zone_keys: Vec<_> = seen.zones.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(zone_keys, report.by_zone.iter().map(|z| z.zone.as_str()).collect::<Vec<_>>());
    assert!(seen.zones.iter().any(|r| r.cells[0] == "Вход и инфоматы"), "zones by name: {:?}", seen.zones);
    let person_keys: Vec<_> = seen.people.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(person_keys, report.by_person.iter().map(|p| p.staff.as_str()).collect::<Vec<_>>());
    assert!(seen.people.iter().any(|r| r.cells[0] == "Анна Смирнова"), "people by name: {:?}", seen.people);
    for (row, person) in seen.people.iter().zip(&report.by_person) {
        assert_eq!(row.cells[1], person.kpi.tasks.to_string(), "{row:?}");
    }
    assert!(seen.finished.ends_with('%'), "{}", seen.finished);
    // The file: a spreadsheet's CSV with the JSON's figures.
    assert!(seen.file.ends_with(".csv"), "{}", seen.file);
    assert!(seen.csv.starts_with('\u{feff}'), "a byte-order mark for Excel");
    let lines: Vec<&str> = seen.csv.split("\r\n").collect();
    let total = lines.iter().position(|l| *l == "Итого").expect("the overall table");
    let fields: Vec<&str> = lines[total + 2].split(';').collect();
    assert_eq!(fields[1], report.overall.tasks.to_string(), "{}", lines[total + 2]);
    assert_eq!(fields[9], report.overall.finished_in_time.to_string(), "{}", lines[total + 2]);
    assert!(lines.contains(&"По сотрудникам") && lines.contains(&"По зонам"), "{lines:?}");
    // The administrator's own figures, under a tab that says so.
    assert_eq!(seen.tab, "Мои показатели");
    assert!(!seen.own.is_empty() && seen.own.iter().all(|r| r.key == "anna"), "{:?}", seen.own);
}

#[derive(Debug, Deserialize)]
struct Sites {
    yesterday: Vec<SiteRow>,
    week: Vec<SiteRow>,
    file: String,
    csv: String,
    access: Vec<super::desk::Access>,
    problems: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct SiteRow {
    site: String,
    cells: Vec<String>,
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn a_city_administrator_compares_the_sites_side_by_side() {
    let (server, code) = DemoServer::with_city_admin("city-1", "Городской администратор").await;
    let (url, typed) = (server.url.clone(), code.clone());
    let seen: Sites = tokio::task::spawn_blocking(move || {
        chromium_script("city_kpi.cjs", &[url.as_str(), "city-1", typed.as_str(), "1280", "800"], "admin-city-kpi")
    })
    .await
    .expect("join");
    assert!(seen.problems.is_empty(), "the page reported problems: {:?}", seen.problems);
    super::desk::assert_accessible(&seen.access);
    let sites: Vec<_> = seen.yesterday.iter().map(|r| r.site.as_str()).collect();
    assert_eq!(sites.len(), 2, "both sites, not the programme's office: {sites:?}");
    // Each row is the site's own report: its supervisor reads the same number of closed tasks and breaches.
    for (site, supervisor, code) in [("poly-12", "maria", "4444"), ("ed-1", "tatiana", "0000")] {
        let own = server.client.kpi(&server.token(supervisor, code).await, &KpiQuery::days(-1, 0)).await.expect("own");
        let row = seen.yesterday.iter().find(|r| r.site == site).expect("the site's row");
        assert_eq!(row.cells[2], own.overall.tasks.to_string(), "{row:?}");
        assert_eq!(row.cells[9], own.problems.len().to_string(), "{row:?}");
    }
    assert!(seen.yesterday.iter().any(|r| r.cells[1] == "Поликлиника"), "{:?}", seen.yesterday);
    let week_total: u32 = seen.week.iter().map(|r| r.cells[2].parse::<u32>().expect("a count")).sum();
    let day_total: u32 = seen.yesterday.iter().map(|r| r.cells[2].parse::<u32>().expect("a count")).sum();
    assert!(week_total >= day_total, "seven days hold yesterday: {week_total} < {day_total}");

    // Yesterday's table downloaded as CSV: the server's file for the same days, in Russian, saved as it came.
    assert_eq!(seen.file, "floordesk-sites-kpi.csv");
    let token = server.token("city-1", &code).await;
    let query = KpiQuery { lang: Some("ru".into()), ..KpiQuery::days(-1, 0) };
    let served = server.client.sites_kpi_csv(&token, &query).await.expect("the server's CSV");
    assert!(seen.csv.starts_with('\u{feff}'), "the file keeps its byte-order mark");
    assert_eq!(seen.csv.trim_start_matches('\u{feff}'), served.trim_start_matches('\u{feff}'));
    for row in &seen.yesterday {
        let name = row.cells[0].replace('\u{a0}', " ");
        let line = seen.csv.lines().find(|l| l.starts_with(&format!("{name};"))).expect("a line per site");
        // Name, kind, first and last day, then the closed tasks.
        assert_eq!(line.split(';').nth(4), Some(row.cells[2].as_str()), "{line}: the site's closed tasks");
    }
}
