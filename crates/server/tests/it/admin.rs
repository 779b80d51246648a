//! Site administration from an empty server: the city administrator made on the command line sets up a site and its
//! supervisor; the supervisor writes zones, imports the staff file, changes and deactivates people, issues codes;
//! every change is in the administration log — on both stores.

use crate::common;
use floordesk_client::Client;
use floordesk_domain::{LineError, LineOutcome, Role, SiteId, SiteKind, StaffId, ZoneId};
use floordesk_protocol::admin::{NewSite, NewStaff, SiteSettings, StaffChange, StaffImport, ZoneDraft};
use floordesk_protocol::{ErrorCode, LoginRequest, Problem};

fn staff(id: &str) -> StaffId {
    StaffId::new(id).unwrap()
}

async fn sign_in(client: &Client, id: &str, code: &str) -> String {
    client.login(&LoginRequest::new(staff(id), code)).await.unwrap_or_else(|e| panic!("{id}: {e:?}")).token
}

fn settings(name: &str) -> SiteSettings {
    SiteSettings {
        name: name.into(),
        time_zone: "Europe/Moscow".into(),
        opening_hours: None,
        retention_days: 30,
        code_digits: 6,
    }
}

fn problem<T: std::fmt::Debug>(result: Result<T, floordesk_protocol::ApiError>) -> (ErrorCode, Option<Problem>) {
    let e = result.expect_err("should be refused");
    (e.code, e.problem)
}

const STAFF_FILE: &str = "ФИО;Должность;Зона;Табельный номер\n\
                          Смирнова Анна Сергеевна;Администратор зала;Вход;10001\n\
                          Петров Игорь Олегович;Администратор;2 этаж;10002\n\
                          Кузнецова Ольга;Координатор;;10003\n";

both_stores!(a_site_is_set_up_from_an_empty_server_and_every_change_is_logged, |db| async move {
    let dir = tempfile::tempdir().unwrap();
    let url = common::fresh_url(db, dir.path()).await;
    let config = common::config(url, false);
    let first = floordesk_server::admin::create_city_admin(&config, "city-1", "Городской администратор").await.unwrap();
    assert_eq!((first.staff.role, first.code.len()), (Role::CityAdmin, 8));
    assert!(first.code.chars().all(|c| c.is_ascii_digit()));
    let again = floordesk_server::admin::create_city_admin(&config, "city-1", "Ещё раз").await.unwrap_err();
    assert!(again.to_string().contains("taken"), "{again}");
    let server = common::boot_config(config, dir).await;
    let c = &server.client;
    let city = sign_in(c, "city-1", &first.code).await;
    // The office is no site with floor staff: a city administrator names the site.
    assert_eq!(problem(c.staff(&city, None).await), (ErrorCode::Forbidden, Some(Problem::NotYours)));

    // The city administrator creates a polyclinic; a wrong setting is said as which one.
    let poly = SiteId::new("poly-7").unwrap();
    let new_site =
        NewSite { id: poly.clone(), kind: SiteKind::Polyclinic, settings: settings("Поликлиника № 7") };
    let bad_zone =
        NewSite { settings: SiteSettings { time_zone: "Mars/Base".into(), ..settings("X") }, ..new_site.clone() };
    assert_eq!(problem(c.create_site(&city, &bad_zone).await), (ErrorCode::BadRequest, Some(Problem::TimeZone)));
    let office = NewSite { kind: SiteKind::Office, ..new_site.clone() };
    assert_eq!(problem(c.create_site(&city, &office).await).1, Some(Problem::SiteKind));
    let short = NewSite { settings: SiteSettings { code_digits: 3, ..settings("X") }, ..new_site.clone() };
    assert_eq!(problem(c.create_site(&city, &short).await).1, Some(Problem::CodeDigits));
    let created = c.create_site(&city, &new_site).await.unwrap();
    assert_eq!((created.site.id.clone(), created.settings.code_digits), (poly.clone(), 6));
    assert_eq!(problem(c.create_site(&city, &new_site).await), (ErrorCode::BadRequest, Some(Problem::IdTaken)));
    let listed = c.site_setups(&city).await.unwrap().sites;
    assert_eq!(
        listed.iter().map(|s| s.site.id.as_str()).collect::<Vec<_>>(),
        ["poly-7"],
        "the office is not a site to set up"
    );
    let changed =
        c.change_site(&city, &poly, &SiteSettings { retention_days: 14, ..settings("ГП № 7") }).await.unwrap();
    assert_eq!((changed.site.name.as_str(), changed.settings.retention_days), ("ГП № 7", 14));

    // …and its supervisor, whose code has the site's six digits.
    let new_supervisor = NewStaff {
        id: staff("20001"),
        display_name: "Иванова Мария Петровна".into(),
        role: Role::Supervisor,
        site: Some(poly.clone()),
        zone: None,
    };
    let supervisor = c.add_staff(&city, &new_supervisor).await.unwrap();
    assert_eq!(supervisor.code.len(), 6);
    let maria = sign_in(c, "20001", &supervisor.code).await;

    // The supervisor writes the zones, and may not set up sites or supervisors.
    for (id, name, floor) in [("poly-7-entrance", "Вход", 1), ("poly-7-f2", "2 этаж", 2)] {
        c.put_zone(&maria, &ZoneId::new(id).unwrap(), &ZoneDraft { name: name.into(), floor }).await.unwrap();
    }
    assert_eq!(
        c.create_site(&maria, &NewSite { id: SiteId::new("poly-8").unwrap(), ..new_site.clone() })
            .await
            .unwrap_err()
            .code,
        ErrorCode::Forbidden
    );
    let another_supervisor = NewStaff { id: staff("20002"), site: None, ..new_supervisor.clone() };
    assert_eq!(
        problem(c.add_staff(&maria, &another_supervisor).await),
        (ErrorCode::Forbidden, Some(Problem::NotYours))
    );

    // The staff file: a dry run shows every line and changes nothing; a bad line stops the whole import.
    let import = |csv: &str, dry_run: bool| StaffImport { site: None, csv: csv.to_owned(), dry_run };
    let plan = c.import_staff(&maria, &import(STAFF_FILE, true)).await.unwrap();
    assert!(!plan.applied && plan.codes.is_empty());
    assert_eq!(plan.lines.iter().map(|l| l.line).collect::<Vec<_>>(), [2, 3, 4]);
    assert!(plan.lines.iter().all(|l| matches!(l.outcome, LineOutcome::Add { .. })), "{plan:?}");
    assert_eq!(c.staff(&maria, None).await.unwrap().staff.len(), 1, "only the supervisor so far");
    let with_error = format!("{STAFF_FILE}Орлова Вера;Администратор;5 этаж;10004\n");
    let refused = c.import_staff(&maria, &import(&with_error, false)).await.unwrap();
    assert!(!refused.applied);
    let last = refused.lines.last().unwrap();
    assert_eq!(
        (last.line, &last.outcome),
        (5, &LineOutcome::Refused { error: LineError::Zone { value: "5 этаж".into() } })
    );
    assert_eq!(c.staff(&maria, None).await.unwrap().staff.len(), 1, "nothing of a refused file is taken");
    let applied = c.import_staff(&maria, &import(STAFF_FILE, false)).await.unwrap();
    assert!(applied.applied);
    assert_eq!(applied.codes.len(), 3);
    let members = c.staff(&maria, None).await.unwrap().staff;
    assert_eq!(members.len(), 4);
    let again = c.import_staff(&maria, &import(STAFF_FILE, false)).await.unwrap();
    assert!(again.lines.iter().all(|l| matches!(l.outcome, LineOutcome::Same { .. })), "{again:?}");
    assert!(again.codes.is_empty());
    // An imported administrator signs in with their code, in their zone.
    let anna_code = applied.codes.iter().find(|i| i.staff.id == staff("10001")).unwrap();
    assert_eq!(anna_code.staff.zone, Some(ZoneId::new("poly-7-entrance").unwrap()));
    let anna = sign_in(c, "10001", &anna_code.code).await;
    assert_eq!(c.staff(&anna, None).await.unwrap_err().code, ErrorCode::Forbidden, "administrators manage no one");

    // Changes: a new zone, a deactivation (sessions end, sign-in refused), a new code (the old one stops working).
    let igor_code = applied.codes.iter().find(|i| i.staff.id == staff("10002")).unwrap();
    let moved = StaffChange {
        display_name: "Петров Игорь Олегович".into(),
        role: Role::Administrator,
        zone: Some(ZoneId::new("poly-7-entrance").unwrap()),
        active: true,
    };
    assert_eq!(c.change_staff(&maria, &staff("10002"), &moved).await.unwrap().profile.zone, moved.zone);
    let gone = StaffChange { active: false, ..moved.clone() };
    let anna_gone = StaffChange { display_name: "Смирнова Анна Сергеевна".into(), ..gone.clone() };
    c.change_staff(&maria, &staff("10001"), &anna_gone).await.unwrap();
    assert_eq!(c.pull(&anna, 0, 10).await.unwrap_err().code, ErrorCode::Unauthorized, "her session ended");
    let refused = c.login(&LoginRequest::new(staff("10001"), anna_code.code.as_str())).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::Unauthorized);
    assert!(
        !c.staff(&maria, None).await.unwrap().staff.iter().find(|m| m.profile.id == staff("10001")).unwrap().active
    );
    let fresh = c.issue_code(&maria, &staff("10002")).await.unwrap();
    assert_eq!(fresh.code.len(), 6);
    assert!(c.login(&LoginRequest::new(staff("10002"), igor_code.code.as_str())).await.is_err());
    sign_in(c, "10002", &fresh.code).await;
    let no_zone = StaffChange { zone: None, ..moved.clone() };
    assert_eq!(problem(c.change_staff(&maria, &staff("10002"), &no_zone).await).1, Some(Problem::Zone));

    // Another site's supervisor sees none of it.
    let ed =
        NewSite { id: SiteId::new("ed-9").unwrap(), kind: SiteKind::EmergencyCentre, settings: settings("СЦ № 9") };
    c.create_site(&city, &ed).await.unwrap();
    let tanya = NewStaff {
        id: staff("30001"),
        display_name: "Морозова Т.".into(),
        site: Some(ed.id.clone()),
        ..new_supervisor.clone()
    };
    let tanya = c.add_staff(&city, &tanya).await.unwrap();
    let tanya = sign_in(c, "30001", &tanya.code).await;
    assert_eq!(c.change_staff(&tanya, &staff("10002"), &moved).await.unwrap_err().code, ErrorCode::NotFound);
    assert_eq!(problem(c.staff(&tanya, Some(&poly)).await), (ErrorCode::Forbidden, Some(Problem::NotYours)));

    // The log: who, what, before and after — never a code.
    let log = c.admin_log(&maria, 0, 100).await.unwrap().entries;
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "site_created",
            "site_changed",
            "staff_added",
            "zone_written",
            "zone_written",
            "staff_imported",
            "staff_imported",
            "staff_imported",
            "staff_changed",
            "staff_changed",
            "code_issued"
        ]
    );
    assert!(log.iter().all(|e| e.site == poly), "the supervisor reads their own site's log");
    let deactivation = &log[9];
    assert_eq!(deactivation.actor, staff("20001"));
    assert_eq!(deactivation.before.as_ref().unwrap()["active"], true);
    assert_eq!(deactivation.after.as_ref().unwrap()["active"], false);
    let text = serde_json::to_string(&log).unwrap();
    for code in applied.codes.iter().map(|i| i.code.as_str()).chain([fresh.code.as_str(), supervisor.code.as_str()]) {
        assert!(!text.contains(&format!("\"{code}\"")), "a code in the log");
    }
    let everything = c.admin_log(&city, 0, 100).await.unwrap().entries;
    assert!(everything.len() > log.len() && everything.iter().any(|e| e.site.as_str() == "ed-9"));

    // A handheld the supervisor enrols lists the site's active people to sign in, and no codes (not a demo).
    let enrolled = c.enrol_device(&maria, "Вход, стойка").await.unwrap();
    let credential = floordesk_protocol::DeviceCredential { id: enrolled.device.id, key: enrolled.key };
    let list = c.device_directory(&credential).await.unwrap();
    assert!(!list.demo && list.staff.iter().all(|e| e.demo_code.is_none()));
    let mut listed: Vec<&str> = list.staff.iter().map(|e| e.staff.id.as_str()).collect();
    listed.sort_unstable();
    assert_eq!(listed, ["10002", "10003", "20001"], "the deactivated one is not offered");
});

#[test]
fn the_first_city_administrator_is_made_on_the_servers_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("fd.db").display());
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_floordesk-server"))
            .args(args)
            .args(["--database-url", &url])
            .env_remove("FLOORDESK_CODE_KEY")
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (status, out, err) = run(&["admin", "create", "city-1", "Городской администратор"]);
    assert_eq!(status, Some(0), "{out}{err}");
    let code = out.lines().find_map(|l| l.strip_prefix("Personal code (shown once; keep it safe): ")).unwrap();
    assert!(code.len() == 8 && code.chars().all(|c| c.is_ascii_digit()), "{out}");
    assert!(dir.path().join("fd.db.key").exists(), "the key the code is hashed with, beside the database");
    let (status, _, err) = run(&["admin", "create", "city-1", "Ещё раз"]);
    assert_eq!(status, Some(1));
    assert!(err.contains("taken"), "{err}");
    let (status, _, err) = run(&["admin", "remove", "city-1", "x"]);
    assert_eq!(status, Some(2));
    assert!(err.contains("admin create"), "{err}");
    // A lost key is not silently replaced: every code hashed with it would be wrong.
    std::fs::remove_file(dir.path().join("fd.db.key")).unwrap();
    let (status, _, err) = run(&["admin", "create", "city-2", "Второй"]);
    assert_eq!(status, Some(1), "{err}");
    assert!(err.contains("put the key back"), "{err}");
}

/// An online backup of a running SQLite server, restored: a server started on the copy (with the same code key)
/// signs people in and serves the same tasks; a PostgreSQL store is pointed at pg_dump.
#[tokio::test]
async fn a_backup_taken_while_the_server_runs_restores_to_a_working_server() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("live.db").display());
    let server = common::boot_config(common::config(url.clone(), true), tempfile::tempdir().unwrap()).await;
    let anna = sign_in(&server.client, "anna", "1111").await;
    let before = server.client.tasks(&anna).await.unwrap();
    let copy = dir.path().join("copy.db");
    let key = "floordesk-tests-0123456789abcdef0123456789";
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_floordesk-server"))
            .args(args)
            .env("FLOORDESK_CODE_KEY", key)
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr))
    };
    let (status, said) = run(&["backup", copy.to_str().unwrap(), "--database-url", &url]);
    assert_eq!(status, Some(0), "{said}");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777, 0o600);
    let (status, said) = run(&["backup", copy.to_str().unwrap(), "--database-url", &url]);
    assert_eq!(status, Some(1), "an existing file is not overwritten: {said}");
    let (status, said) = run(&["backup", "/tmp/x.db", "--database-url", "postgres://fd@127.0.0.1:1/fd"]);
    assert!(status != Some(0) && said.contains("pg_dump"), "{said}");
    // Restored: a server on the copy.
    let restored_url = format!("sqlite://{}", copy.display());
    let restored = common::boot_config(common::config(restored_url, true), tempfile::tempdir().unwrap()).await;
    let anna = sign_in(&restored.client, "anna", "1111").await;
    let after = restored.client.tasks(&anna).await.unwrap();
    let ids = |list: &floordesk_protocol::TaskList| {
        list.mine.iter().chain(&list.pool).map(|v| (v.task.id.clone(), v.task.version)).collect::<Vec<_>>()
    };
    assert_eq!(ids(&after), ids(&before));
}
