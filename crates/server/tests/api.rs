//! Sign-in, the task list and the HTTP surface: the real server on 127.0.0.1:0 over a SQLite file, driven through the
//! real client (the sync tests run on both stores).

mod common;

use floordesk_client::Client;
use floordesk_domain::{Role, StaffId, TaskStatus};
use floordesk_protocol::paths::LOGIN;
use floordesk_protocol::{ErrorCode, LoginRequest};

async fn boot(demo: bool) -> common::Running {
    common::boot(common::Db::Sqlite, demo, None, None).await
}

/// A server that also serves a stand-in browser build whose index page says "UI".
async fn boot_with_ui() -> (common::Running, tempfile::TempDir) {
    let ui = tempfile::tempdir().unwrap();
    std::fs::write(ui.path().join("index.html"), "<!doctype html><title>UI</title>").unwrap();
    (common::boot(common::Db::Sqlite, true, Some(ui.path().to_path_buf()), None).await, ui)
}

fn staff(id: &str) -> StaffId {
    StaffId::new(id).unwrap()
}

async fn sign_in(client: &Client, id: &str, code: &str) -> String {
    client.login(&LoginRequest { staff_id: staff(id), code: code.into() }).await.unwrap().token
}

#[tokio::test]
async fn directory_lists_the_demo_staff_with_codes_only_in_demo_mode() {
    let server = boot(true).await;
    let dir = server.client.directory().await.unwrap();
    assert!(dir.demo);
    assert_eq!(dir.sites.len(), 2);
    assert_eq!(dir.staff.len(), 10);
    assert!(dir.staff.iter().all(|e| e.demo_code.as_deref().is_some_and(|c| c.len() == 4)));
    for role in Role::ALL {
        assert!(dir.staff.iter().any(|e| e.staff.role == role), "no {role:?} in the directory");
    }

    let empty = boot(false).await;
    let dir = empty.client.directory().await.unwrap();
    assert!(!dir.demo);
    assert!(dir.staff.is_empty() && dir.sites.is_empty());
}

#[tokio::test]
async fn a_wrong_code_is_refused_and_the_right_one_signs_in() {
    let server = boot(true).await;
    let err = server.client.login(&LoginRequest { staff_id: staff("anna"), code: "9999".into() }).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Unauthorized);
    assert!(err.message.contains("Wrong name or code"), "{}", err.message);
    let err = server.client.login(&LoginRequest { staff_id: staff("nobody"), code: "1111".into() }).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Unauthorized);

    let ok = server.client.login(&LoginRequest { staff_id: staff("anna"), code: "1111".into() }).await.unwrap();
    assert_eq!(ok.signed_in.staff.display_name, "Анна Смирнова");
    assert_eq!(ok.signed_in.staff.role, Role::Administrator);
    assert_eq!(ok.token.len(), 64);
}

#[tokio::test]
async fn an_administrator_sees_own_tasks_and_the_unassigned_pool_of_the_zone() {
    let server = boot(true).await;
    let token = sign_in(&server.client, "anna", "1111").await;
    let list = server.client.tasks(&token).await.unwrap();
    let ids = |v: &[floordesk_protocol::TaskView]| v.iter().map(|t| t.task.id.to_string()).collect::<Vec<_>>();
    let mut mine = ids(&list.mine);
    mine.sort();
    assert_eq!(mine, ["t-poly-escort-1", "t-poly-kiosk-1"]);
    assert_eq!(ids(&list.pool), ["t-poly-routing-1"]);
    assert!(list.mine.iter().all(|v| v.task.assignee == Some(staff("anna"))));
    assert!(list.mine.iter().all(|v| v.assignee_name.as_deref() == Some("Анна Смирнова")));
    let kiosk = list.mine.iter().find(|v| v.task.id.as_str() == "t-poly-kiosk-1").unwrap();
    assert_eq!(kiosk.task.status, TaskStatus::InProgress);
    // A normal in-person task must be started within 15 minutes of the visitor being met.
    let escort = list.mine.iter().find(|v| v.task.id.as_str() == "t-poly-escort-1").unwrap();
    assert_eq!(list.deadlines.due(&escort.task).start_by, Some(escort.task.met_at.plus_minutes(15)));
}

#[tokio::test]
async fn a_coordinator_sees_the_whole_site_most_urgent_first() {
    let server = boot(true).await;
    let token = sign_in(&server.client, "sergey", "8888").await;
    let list = server.client.tasks(&token).await.unwrap();
    assert!(list.mine.is_empty());
    assert!(list.pool.iter().all(|v| v.task.site.as_str() == "ed-1"));
    assert_eq!(list.pool.len(), 9);
    let priorities: Vec<_> = list.pool.iter().map(|v| v.task.priority).collect();
    let mut sorted = priorities.clone();
    sorted.sort();
    assert_eq!(priorities, sorted, "pool is not ordered by urgency");
}

#[tokio::test]
async fn tokens_are_required_and_die_at_logout() {
    let server = boot(true).await;
    let err = server.client.tasks("not-a-token").await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Unauthorized);
    let token = sign_in(&server.client, "maria", "4444").await;
    server.client.tasks(&token).await.unwrap();
    server.client.logout(&token).await.unwrap();
    let err = server.client.tasks(&token).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Unauthorized);
    assert!(err.message.contains("ended"), "{}", err.message);
}

/// One sign-in attempt by Igor (demo code 2222).
async fn igor_tries(
    client: &Client,
    code: &str,
) -> Result<floordesk_protocol::LoginResponse, floordesk_protocol::ApiError> {
    client.login(&LoginRequest { staff_id: staff("igor"), code: code.into() }).await
}

#[tokio::test]
async fn five_wrong_codes_pause_sign_in_even_for_the_right_code() {
    let server = boot(true).await;
    let attempt = |code: &'static str| igor_tries(&server.client, code);
    for _ in 0..4 {
        assert_eq!(attempt("0000").await.unwrap_err().code, ErrorCode::Unauthorized);
    }
    let fifth = attempt("0000").await.unwrap_err();
    assert_eq!(fifth.code, ErrorCode::TooManyAttempts);
    assert!(fifth.message.contains("paused for 15 min"), "{}", fifth.message);
    let right_but_locked = attempt("2222").await.unwrap_err();
    assert_eq!(right_but_locked.code, ErrorCode::TooManyAttempts);
    // Another person on the same device is not affected.
    sign_in(&server.client, "olga", "3333").await;
}

#[tokio::test]
async fn a_good_sign_in_clears_the_wrong_code_count() {
    let server = boot(true).await;
    let attempt = |code: &'static str| igor_tries(&server.client, code);
    for _ in 0..4 {
        attempt("0000").await.unwrap_err();
    }
    attempt("2222").await.unwrap();
    for _ in 0..4 {
        assert_eq!(attempt("0000").await.unwrap_err().code, ErrorCode::Unauthorized);
    }
}

#[tokio::test]
async fn malformed_bodies_get_their_status_and_a_readable_json_error() {
    let server = boot(true).await;
    let (status, body) = common::raw(&server.base, "POST", LOGIN, Some("application/json"), "{\"staff_id\": 5}").await;
    assert_eq!(status, 422);
    assert!(body.contains("\"code\":\"bad_request\"") && body.contains("staff_id"), "{body}");
    let (status, body) = common::raw(&server.base, "POST", LOGIN, Some("application/json"), "{not json").await;
    assert_eq!(status, 400);
    assert!(body.contains("\"code\":\"bad_request\""), "{body}");
    let (status, body) = common::raw(&server.base, "POST", LOGIN, None, "{}").await;
    assert_eq!(status, 415);
    assert!(body.contains("Content-Type"), "{body}");
}

#[tokio::test]
async fn unknown_api_paths_and_methods_answer_json_not_the_ui_page() {
    let (server, _ui) = boot_with_ui().await;
    let (status, body) = common::raw(&server.base, "GET", "/api/v1/nope", None, "").await;
    assert_eq!(status, 404);
    assert!(body.contains("\"code\":\"not_found\"") && body.contains("/api/v1/nope"), "{body}");
    let (status, body) = common::raw(&server.base, "DELETE", LOGIN, None, "").await;
    assert_eq!(status, 405);
    assert!(body.contains("does not take DELETE"), "{body}");
    // Everything else is the browser build, with a strict content security policy.
    let (status, body) = common::raw(&server.base, "GET", "/some/screen", None, "").await;
    assert_eq!(status, 200);
    assert!(body.contains("<title>UI</title>"), "{body}");
    assert!(body.contains("content-security-policy: default-src 'self'"), "{body}");
}
