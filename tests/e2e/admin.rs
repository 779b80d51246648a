//! Site administration (`/admin/`) in headless Chromium: a site set up from an empty server by the people who run
//! the programme, and an administrator signing in on the handheld its supervisor enrolled.

use std::collections::BTreeMap;

use floordesk_domain::StaffId;
use floordesk_protocol::{Enrolment, LoginRequest};
use serde::Deserialize;

use super::browser::chromium_script;
use super::support::DemoServer;

/// What `browser/admin.cjs` reports.
#[derive(Debug, Deserialize)]
struct SetUp {
    supervisor_code: String,
    planned: String,
    planned_lines: Vec<String>,
    applied: String,
    again: String,
    codes: BTreeMap<String, String>,
    staff: Vec<String>,
    line: String,
    qr: usize,
    log: Vec<String>,
    overflow: BTreeMap<String, i64>,
    problems: Vec<String>,
}

/// The personnel department's file, as it exports it.
const STAFF_FILE: &str = "ФИО;Должность;Зона;Табельный номер\n\
                          Смирнова Анна Сергеевна;Администратор зала;Вход;10001\n\
                          Петров Игорь Олегович;Администратор;2 этаж;10002\n\
                          Кузнецова Ольга;Координатор;;10003\n";

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`"]
async fn a_site_is_set_up_from_an_empty_server_in_the_browser_and_an_administrator_signs_in_on_its_handheld() {
    let (server, city_code) = DemoServer::empty_with_city_admin("city-1", "Городской администратор").await;
    let (url, code) = (server.url.clone(), city_code.clone());
    let seen: SetUp = tokio::task::spawn_blocking(move || {
        chromium_script("admin.cjs", &[&url, "city-1", &code, STAFF_FILE], "admin-log")
    })
    .await
    .expect("join");
    assert!(seen.problems.is_empty(), "the pages reported problems: {:?}", seen.problems);
    assert_eq!(seen.supervisor_code.len(), 6, "a new site's codes have six digits");
    assert!(seen.planned.starts_with("Проверено"), "the check: {:?}", seen.planned);
    assert_eq!(seen.planned_lines, ["add", "add", "add"], "a new person a line");
    assert_eq!(seen.applied, "Загружено.");
    assert!(seen.again.contains("менять нечего"), "the same file again: {:?}", seen.again);
    assert_eq!(seen.codes.keys().map(String::as_str).collect::<Vec<_>>(), ["10001", "10002", "10003"]);
    assert!(seen.codes.values().all(|c| c.len() == 6 && c.chars().all(|d| d.is_ascii_digit())), "{:?}", seen.codes);
    let mut staff = seen.staff.clone();
    staff.sort();
    assert_eq!(staff, ["10001", "10002", "10003", "20001"]);
    assert!(seen.qr > 100, "the enrolment QR code is drawn");
    for action in ["site_created", "staff_added", "zone_written", "staff_imported", "device_enrolled"] {
        assert!(seen.log.iter().any(|a| a == action), "no {action} in the log: {:?}", seen.log);
    }
    assert_eq!(seen.log.first().map(String::as_str), Some("device_enrolled"), "newest first: {:?}", seen.log);
    assert!(seen.overflow.values().all(|o| *o <= 0), "sideways scrolling at 360 px: {:?}", seen.overflow);
    // The site keeps the hours set on the page: a polyclinic's usual week, closed on Saturdays.
    let city = server.token("city-1", &city_code).await;
    let sites = server.client.site_setups(&city).await.expect("the sites").sites;
    let hours = sites[0].settings.opening_hours.clone().expect("its own hours");
    let mut expected = floordesk_domain::OpeningHours::usual(floordesk_domain::SiteKind::Polyclinic);
    expected.weekly[5] = None;
    assert_eq!(hours, expected);

    // The handheld set up from the line the supervisor's screen showed lists the site's people, and the imported
    // administrator signs in on it with the code the import showed.
    let enrolment = Enrolment::parse(&seen.line, "").expect("an enrolment line");
    assert_eq!(enrolment.server, server.url);
    let list = server.client.device_directory(&enrolment.device).await.expect("the device's sign-in list");
    let mut listed: Vec<&str> = list.staff.iter().map(|e| e.staff.id.as_str()).collect();
    listed.sort_unstable();
    assert_eq!(listed, ["10001", "10002", "10003", "20001"]);
    let anna = LoginRequest {
        device: Some(enrolment.device.clone()),
        ..LoginRequest::new(StaffId::new("10001").expect("id"), seen.codes["10001"].as_str())
    };
    let signed = server.client.login(&anna).await.expect("Anna signs in on the handheld");
    assert_eq!(signed.signed_in.device.as_deref(), Some(enrolment.device.id.as_str()));
    assert_eq!(signed.signed_in.staff.display_name, "Смирнова Анна Сергеевна");
}
