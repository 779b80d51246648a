//! Sign-in, the task list and the HTTP surface: the real server on 127.0.0.1:0 over a SQLite file, driven through the
//! real client (the sync tests run on both stores).

use crate::common;
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
    client.login(&LoginRequest::new(staff(id), code)).await.unwrap().token
}

#[tokio::test]
async fn who_works_where_is_told_only_to_the_signed_in_and_to_enrolled_devices_each_of_their_own_site() {
    use floordesk_protocol::{paths, DeviceCredential};
    let server = boot(true).await;
    let c = &server.client;
    // Nobody without credentials learns who works where (and so whom to lock out).
    assert_eq!(common::raw(&server.base, "GET", paths::DIRECTORY, None, "").await.0, 401);
    let made_up = DeviceCredential { id: "dev-00000000".into(), key: "ab".repeat(32) };
    assert_eq!(c.device_directory(&made_up).await.unwrap_err().code, ErrorCode::Unauthorized);

    // A signed-in person: their own site, its zones and its people.
    let anna = sign_in(c, "anna", "1111").await;
    let dir = c.directory(&anna).await.unwrap();
    assert_eq!(dir.sites.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["poly-12"]);
    assert!(!dir.sites[0].zones.is_empty());
    assert!(dir.staff.iter().all(|e| e.staff.site.as_str() == "poly-12"));
    assert_eq!(dir.staff.len(), 4);

    // An enrolled handheld: its site's sign-in list, with the demo codes on a demo server; withdrawn, nothing.
    let tatiana = sign_in(c, "tatiana", "0000").await;
    let enrolled = c.enrol_device(&tatiana, "Приёмное, пост 1").await.unwrap();
    let credential = DeviceCredential { id: enrolled.device.id.clone(), key: enrolled.key };
    let list = c.device_directory(&credential).await.unwrap();
    assert!(list.demo);
    assert_eq!(list.sites.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["ed-1"]);
    assert!(list.staff.iter().all(|e| e.staff.site.as_str() == "ed-1" && e.demo_code.is_some()));
    for role in [Role::Administrator, Role::Coordinator, Role::Supervisor] {
        assert!(list.staff.iter().any(|e| e.staff.role == role), "no {role:?} in the sign-in list");
    }
    let wrong_key = DeviceCredential { key: "cd".repeat(32), ..credential.clone() };
    assert_eq!(c.device_directory(&wrong_key).await.unwrap_err().code, ErrorCode::Unauthorized);
    c.revoke_device(&tatiana, &credential.id).await.unwrap();
    // A withdrawn handheld is told so every time its screen asks, and its asking never pauses the browsers that
    // share its address (here, everyone's: 127.0.0.1).
    for _ in 0..40 {
        assert_eq!(c.device_directory(&credential).await.unwrap_err().code, ErrorCode::Unauthorized);
    }
    sign_in(c, "igor", "2222").await;
    // The demo's handhelds, whose enrolment lines the demo server prints, are enrolled at their sites.
    for demo in floordesk_server::demo::DEVICES {
        let line = demo.enrolment(&server.base).text();
        let read = floordesk_protocol::Enrolment::parse(&line, "").unwrap();
        assert_eq!(read.server, server.base.trim_end_matches('/'));
        let list = c.device_directory(&read.device).await.unwrap();
        assert_eq!(list.sites.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), [demo.site]);
    }
}

#[tokio::test]
async fn a_wrong_code_is_refused_and_the_right_one_signs_in() {
    let server = boot(true).await;
    let err = server.client.login(&LoginRequest::new(staff("anna"), "9999")).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Unauthorized);
    assert!(err.message.contains("Wrong name or code"), "{}", err.message);
    let err = server.client.login(&LoginRequest::new(staff("nobody"), "1111")).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Unauthorized);

    let ok = server.client.login(&LoginRequest::new(staff("anna"), "1111")).await.unwrap();
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
    client.login(&LoginRequest::new(staff("igor"), code)).await
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
    // `/api/` itself is the API's, not the page's.
    for path in ["/api", "/api/"] {
        let (status, body) = common::raw(&server.base, "GET", path, None, "").await;
        assert_eq!(status, 404, "{path}: {body}");
        assert!(body.contains("\"code\":\"not_found\""), "{path}: {body}");
    }
    // A path id that is not UTF-8, and a plain GET of the live channel, are said in JSON too.
    let maria = sign_in(&server.client, "maria", "4444").await;
    for path in ["/api/v1/devices/%FF", "/api/v1/templates/%C0%AF", "/api/v1/stories/%FE/like"] {
        let method = if path.contains("stories") { "PUT" } else { "DELETE" };
        let (status, body) = common::raw_with(&server.base, method, path, &format!("Bearer {maria}"), "").await;
        assert_eq!(status, 400, "{path}: {body}");
        assert!(body.contains("application/json") && body.contains("not valid text"), "{path}: {body}");
    }
    let ticket =
        server.client.call::<floordesk_protocol::api::IssueLiveTicket>(Some(&maria), None, &(), &()).await.unwrap();
    let live = format!("{}?ticket={}", floordesk_protocol::paths::LIVE, ticket.ticket);
    let (status, body) = common::raw(&server.base, "GET", &live, None, "").await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("application/json") && body.contains("WebSocket handshake"), "{body}");
    // A ticket opens the channel once; the bearer token does not open it at all.
    let (status, body) = common::raw(&server.base, "GET", &live, None, "").await;
    assert_eq!(status, 401, "used up: {body}");
    let with_token = format!("{}?token={maria}", floordesk_protocol::paths::LIVE);
    assert_eq!(common::raw(&server.base, "GET", &with_token, None, "").await.0, 401);
    // Everything else is the browser build, with a strict content security policy.
    let (status, body) = common::raw(&server.base, "GET", "/some/screen", None, "").await;
    assert_eq!(status, 200);
    assert!(body.contains("<title>UI</title>"), "{body}");
    assert!(body.contains("content-security-policy: default-src 'self'"), "{body}");
    for header in ["x-content-type-options: nosniff", "referrer-policy: no-referrer"] {
        assert!(body.contains(header), "{header}: {body}");
        let (_, api) = common::raw(&server.base, "GET", "/api/v1/nope", None, "").await;
        assert!(api.contains(header), "{header}: {api}");
    }
}

/// The body of a raw response.
fn body_of(response: &str) -> serde_json::Value {
    let body = response.split_once("\r\n\r\n").map_or("", |(_, body)| body);
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {response}"))
}

/// The OpenAPI document the server serves, and a check of values against the schemas in it.
struct Api {
    document: serde_json::Value,
}

impl Api {
    async fn fetch(base: &str) -> Self {
        let (status, response) = common::raw(base, "GET", floordesk_protocol::paths::OPENAPI, None, "").await;
        assert_eq!(status, 200, "{response}");
        Self { document: body_of(&response) }
    }

    fn operation(&self, method: &str, path: &str) -> &serde_json::Value {
        let operation = &self.document["paths"][path][method];
        assert!(operation.is_object(), "{method} {path} is not documented");
        operation
    }

    /// Fails unless `value` is valid against `schema` (a schema of the document, with `$ref`s into its components).
    fn check(&self, schema: &serde_json::Value, value: &serde_json::Value, what: &str) {
        let mut root = schema.clone();
        root["components"] = self.document["components"].clone();
        let validator = jsonschema::draft202012::new(&root).unwrap_or_else(|e| panic!("{what}: bad schema: {e}"));
        let errors: Vec<String> =
            validator.iter_errors(value).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{what} does not match the document: {errors:?}\n{value}");
    }

    fn is_valid(&self, schema: &serde_json::Value, value: &serde_json::Value) -> bool {
        let mut root = schema.clone();
        root["components"] = self.document["components"].clone();
        jsonschema::draft202012::new(&root).unwrap().is_valid(value)
    }

    /// Checks a real answer against the documented response of `method path` with its status.
    fn answer(&self, method: &str, path: &str, (status, response): (u16, String)) -> serde_json::Value {
        let documented = &self.operation(method, path)["responses"][status.to_string()];
        assert!(documented.is_object(), "{method} {path} answered {status}, which is not documented: {response}");
        let body = body_of(&response);
        self.check(&documented["content"]["application/json"]["schema"], &body, &format!("{method} {path} {status}"));
        body
    }

    fn request_schema(&self, method: &str, path: &str) -> &serde_json::Value {
        &self.operation(method, path)["requestBody"]["content"]["application/json"]["schema"]
    }
}

#[tokio::test]
async fn every_documented_endpoint_is_routed() {
    let server = boot(true).await;
    let api = Api::fetch(&server.base).await;
    assert_eq!(api.document["openapi"], "3.1.0");
    let documented: usize =
        api.document["paths"].as_object().unwrap().values().map(|m| m.as_object().unwrap().len()).sum();
    assert_eq!(documented, floordesk_protocol::api::ALL.len());
    for op in floordesk_protocol::api::ALL {
        let method = op.method.as_str();
        api.operation(&method.to_lowercase(), op.path);
        let path = op.path_for("dev-x");
        let (status, response) = common::raw(&server.base, method, &path, None, "").await;
        assert_ne!(status, 405, "{method} {path} is documented but not routed: {response}");
        assert!(!response.contains("There is no API endpoint"), "{method} {path} is documented but not routed");
        let responses = &api.operation(&method.to_lowercase(), op.path)["responses"];
        assert!(
            responses[status.to_string()].is_object(),
            "{method} {path} answered {status}, undocumented: {response}"
        );
        if op.access == floordesk_protocol::api::Access::Bearer {
            assert_eq!(status, 401, "{method} {path} without a token: {response}");
        }
    }
}

#[tokio::test]
async fn real_answers_and_requests_match_the_openapi_document() {
    use floordesk_protocol::paths;
    let server = boot(true).await;
    let base = server.base.as_str();
    let api = Api::fetch(base).await;
    let maria = sign_in(&server.client, "maria", "4444").await;
    let directory = common::raw_with(base, "GET", paths::DIRECTORY, &format!("Bearer {maria}"), "").await;
    api.answer("get", paths::DIRECTORY, directory);
    api.answer(
        "get",
        paths::DEADLINES,
        common::raw_with(base, "GET", paths::DEADLINES, &format!("Bearer {maria}"), "").await,
    );
    // Requests the client sends are valid; one with an unknown field is invalid, and the server refuses it too.
    let login = serde_json::to_value(LoginRequest::new(staff("maria"), "4444")).unwrap();
    api.check(api.request_schema("post", LOGIN), &login, "a login request");
    let mut extra = login.clone();
    extra["remember_me"] = true.into();
    assert!(!api.is_valid(api.request_schema("post", LOGIN), &extra), "unknown fields are documented as refused");
    let refused = common::raw(base, "POST", LOGIN, Some("application/json"), &extra.to_string()).await;
    assert_eq!(refused.0, 422);
    api.answer("post", LOGIN, refused);
    let signed =
        api.answer("post", LOGIN, common::raw(base, "POST", LOGIN, Some("application/json"), &login.to_string()).await);
    let maria = format!("Bearer {}", signed["token"].as_str().unwrap());
    let anna = format!("Bearer {}", sign_in(&server.client, "anna", "1111").await);
    api.answer(
        "post",
        LOGIN,
        common::raw(base, "POST", LOGIN, Some("application/json"), r#"{"staff_id":"maria","code":"0"}"#).await,
    );
    api.answer("get", paths::TASKS, common::raw_with(base, "GET", paths::TASKS, &anna, "").await);
    api.answer("get", paths::TASKS, common::raw_with(base, "GET", paths::TASKS, "Bearer forged", "").await);
    // A push with an accepted and a rejected op.
    let push = serde_json::json!({
        "protocol": floordesk_protocol::SYNC_PROTOCOL_VERSION,
        "device": "hh-1",
        "ops": [
            { "id": "op-1", "device_time": floordesk_server::now().0, "base_version": 0,
              "change": { "op": "act", "task": "t-poly-routing-1", "action": { "action": "claim" } } },
            { "id": "op-2", "device_time": floordesk_server::now().0, "base_version": 0,
              "change": { "op": "act", "task": "t-poly-routing-1", "action": { "action": "claim" } } },
        ],
    });
    let typed: floordesk_protocol::PushRequest =
        serde_json::from_value(push.clone()).expect("the example is a real push");
    api.check(api.request_schema("post", paths::PUSH), &serde_json::to_value(&typed).unwrap(), "a push");
    let pushed = api.answer(
        "post",
        paths::PUSH,
        common::raw_with(base, "POST", paths::PUSH, &anna, &serde_json::to_string(&typed).unwrap()).await,
    );
    assert_eq!(pushed["results"].as_array().unwrap().len(), 2);
    let cursor = format!("{}?after=0&limit=5", paths::PULL);
    api.answer("get", paths::PULL, common::raw_with(base, "GET", &cursor, &anna, "").await);
    api.answer("get", paths::PULL, common::raw_with(base, "GET", &format!("{}?after=x", paths::PULL), &anna, "").await);
    let audit = format!("{}?after=0", paths::AUDIT);
    let log = api.answer("get", paths::AUDIT, common::raw_with(base, "GET", &audit, &maria, "").await);
    assert!(!log["entries"].as_array().unwrap().is_empty());
    api.answer("get", paths::AUDIT, common::raw_with(base, "GET", &audit, &anna, "").await);
    // A visitor's case: read (200), unknown (404); closed while a task of it is open (400 `case_open`), by someone
    // who sees part of it (403), with a rating out of range (refused in words).
    let case = paths::CASE.replace("{id}", "c-poly-1");
    let view = api.answer("get", paths::CASE, common::raw_with(base, "GET", &case, &maria, "").await);
    assert_eq!(view["tasks"].as_array().unwrap().len(), 2, "{view}");
    let none = paths::CASE.replace("{id}", "c-none");
    api.answer("get", paths::CASE, common::raw_with(base, "GET", &none, &maria, "").await);
    let close = paths::CASE_CLOSE.replace("{id}", "c-poly-1");
    let rated = serde_json::json!({ "rating": { "score": 5, "comment": "Спасибо" } });
    api.check(api.request_schema("post", paths::CASE_CLOSE), &rated, "a close");
    let open =
        api.answer("post", paths::CASE_CLOSE, common::raw_with(base, "POST", &close, &maria, &rated.to_string()).await);
    assert_eq!(open["problem"]["kind"], "case_open", "{open}");
    api.answer("post", paths::CASE_CLOSE, common::raw_with(base, "POST", &close, &anna, &rated.to_string()).await);
    let nine = r#"{"rating":{"score":9}}"#;
    api.answer("post", paths::CASE_CLOSE, common::raw_with(base, "POST", &close, &maria, nine).await);
    // Devices: enrol (201), list, withdraw an unknown one (404), and a refused enrolment (403).
    let enrol = serde_json::json!({ "name": "Entrance handheld" });
    api.check(api.request_schema("post", paths::DEVICES), &enrol, "an enrolment");
    api.answer(
        "post",
        paths::DEVICES,
        common::raw_with(base, "POST", paths::DEVICES, &maria, &enrol.to_string()).await,
    );
    api.answer("post", paths::DEVICES, common::raw_with(base, "POST", paths::DEVICES, &anna, &enrol.to_string()).await);
    api.answer("get", paths::DEVICES, common::raw_with(base, "GET", paths::DEVICES, &maria, "").await);
    let device = paths::DEVICE.replace("{id}", "dev-none");
    api.answer("delete", paths::DEVICE, common::raw_with(base, "DELETE", &device, &maria, "").await);
    // The KPI report: yesterday's (200), a bad period (400), an administrator (403).
    let (from, to) = floordesk_server::demo::yesterday(floordesk_server::now());
    let kpi = format!("{}?from={}&to={}&utc_offset_minutes=180", paths::KPI, from.0, to.0);
    let report = api.answer("get", paths::KPI, common::raw_with(base, "GET", &kpi, &maria, "").await);
    assert!(!report["problems"].as_array().unwrap().is_empty());
    let backwards = format!("{}?from={}&to={}", paths::KPI, to.0, from.0);
    api.answer("get", paths::KPI, common::raw_with(base, "GET", &backwards, &maria, "").await);
    api.answer("get", paths::KPI, common::raw_with(base, "GET", &format!("{}?from=x", paths::KPI), &maria, "").await);
    api.answer("get", paths::KPI, common::raw_with(base, "GET", &kpi, &anna, "").await);
    // Good stories: post (200, again 200, another under the id 409, bad 400 and 422), list, like and unlike, 404.
    let story = serde_json::json!({ "id": "s-api", "text": "Спасибо за помощь", "about": "olga", "task": null });
    api.check(api.request_schema("post", paths::STORIES), &story, "a story");
    let as_anna = anna.as_str();
    let post = |body: String| async move { common::raw_with(base, "POST", paths::STORIES, as_anna, &body).await };
    api.answer("post", paths::STORIES, post(story.to_string()).await);
    api.answer("post", paths::STORIES, post(story.to_string()).await);
    let mut other = story.clone();
    other["text"] = "Другое".into();
    let conflict = post(other.to_string()).await;
    assert_eq!(conflict.0, 409, "{}", conflict.1);
    api.answer("post", paths::STORIES, conflict);
    other["text"] = " ".into();
    api.answer("post", paths::STORIES, post(other.to_string()).await);
    other["mood"] = "happy".into();
    assert!(!api.is_valid(api.request_schema("post", paths::STORIES), &other));
    api.answer("post", paths::STORIES, post(other.to_string()).await);
    let since = format!("{}?since=0", paths::STORIES);
    let list = api.answer("get", paths::STORIES, common::raw_with(base, "GET", &since, &maria, "").await);
    assert!(list["stories"].as_array().unwrap().iter().any(|s| s["id"] == "s-api"));
    let bad_since = format!("{}?since=yesterday", paths::STORIES);
    api.answer("get", paths::STORIES, common::raw_with(base, "GET", &bad_since, &maria, "").await);
    let like = paths::STORY_LIKE.replace("{id}", "s-api");
    let liked = api.answer("put", paths::STORY_LIKE, common::raw_with(base, "PUT", &like, &maria, "").await);
    assert_eq!((liked["likes"].as_u64(), liked["liked"].as_bool()), (Some(1), Some(true)));
    api.answer("delete", paths::STORY_LIKE, common::raw_with(base, "DELETE", &like, &maria, "").await);
    let none = paths::STORY_LIKE.replace("{id}", "s-none");
    api.answer("put", paths::STORY_LIKE, common::raw_with(base, "PUT", &none, &maria, "").await);
    // Answer templates: list, write (200, 400, 403, 422), remove (204, 404).
    api.answer("get", paths::TEMPLATES, common::raw_with(base, "GET", paths::TEMPLATES, &anna, "").await);
    let template = serde_json::json!({ "title": "Где аптека?", "body": "1 этаж, у выхода." });
    api.check(api.request_schema("put", paths::TEMPLATE), &template, "a template");
    let path = paths::TEMPLATE.replace("{id}", "tpl-api");
    let at = path.as_str();
    let put = |who: String, body: String| async move { common::raw_with(base, "PUT", at, &who, &body).await };
    api.answer("put", paths::TEMPLATE, put(maria.clone(), template.to_string()).await);
    api.answer("put", paths::TEMPLATE, put(anna.clone(), template.to_string()).await);
    let blank = serde_json::json!({ "title": "", "body": "x" }).to_string();
    api.answer("put", paths::TEMPLATE, put(maria.clone(), blank).await);
    api.answer("put", paths::TEMPLATE, put(maria.clone(), serde_json::json!({ "title": "x" }).to_string()).await);
    let removed = common::raw_with(base, "DELETE", &path, &maria, "").await;
    assert_eq!(removed.0, 204, "{}", removed.1);
    api.answer("delete", paths::TEMPLATE, common::raw_with(base, "DELETE", &path, &maria, "").await);
    // The live channel's messages.
    let message_schema = &api.operation("get", paths::LIVE)["responses"]["101"]["x-message"];
    let token = signed["token"].as_str().unwrap();
    let mut live = server.client.live(token).await.unwrap();
    server.client.logout(token).await.unwrap();
    let ended = tokio::time::timeout(std::time::Duration::from_secs(10), live.next()).await.unwrap().unwrap().unwrap();
    api.check(message_schema, &serde_json::to_value(&ended).unwrap(), "a live message");
    let change = floordesk_protocol::LiveMessage::Change { seq: 1, task: None };
    api.check(message_schema, &serde_json::to_value(&change).unwrap(), "a live change");
}

#[tokio::test]
async fn a_role_that_may_not_is_refused_before_its_request_is_read() {
    let server = boot(true).await;
    let anna = server.client.login(&LoginRequest::new(StaffId::new("anna").unwrap(), "1111")).await.unwrap().token;
    let bearer = format!("Bearer {anna}");
    for (method, path, body) in [
        ("POST", "/api/v1/devices", "{not json"),
        ("PUT", "/api/v1/templates/kb-x", "{\"title\": 5}"),
        ("DELETE", "/api/v1/templates/not%20an%20id", ""),
        ("GET", "/api/v1/audit?after=-1", ""),
        ("PUT", "/api/v1/rules", "{not json"),
    ] {
        let (status, response) = common::raw_with(&server.base, method, path, &bearer, body).await;
        assert_eq!(status, 403, "{method} {path} by an administrator: {response}");
        assert!(response.contains("\"code\":\"forbidden\""), "{response}");
    }
    // A supervisor's malformed request is judged on what it sent: the path's id before the body.
    let maria = server.client.login(&LoginRequest::new(StaffId::new("maria").unwrap(), "4444")).await.unwrap().token;
    let (status, response) =
        common::raw_with(&server.base, "PUT", "/api/v1/templates/not%20an%20id", &format!("Bearer {maria}"), "{").await;
    assert_eq!(status, 400, "{response}");
    assert!(response.contains("template id"), "{response}");
}

#[tokio::test]
async fn the_client_reads_every_kind_of_answer_the_endpoints_describe() {
    use floordesk_protocol::api;
    let server = boot(true).await;
    assert_eq!(server.client.call::<api::Healthz>(None, None, &(), &()).await.unwrap(), "ok");
    let metrics = server.client.call::<api::Metrics>(None, None, &(), &()).await.unwrap();
    assert!(metrics.contains("floordesk_"), "{metrics}");
    let document = server.client.call::<api::OpenApi>(None, None, &(), &()).await.unwrap();
    let document: serde_json::Value = serde_json::from_str(&document).unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    let live =
        server.client.call::<api::Live>(None, None, &floordesk_protocol::LiveQuery { ticket: "x".into() }, &()).await;
    assert_eq!(live.unwrap_err().code, ErrorCode::BadRequest, "the live channel is a WebSocket: Client::live");
}

#[tokio::test]
async fn https_is_served_with_the_given_certificate_and_browsers_are_told_to_keep_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let made = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert, made.cert.pem()).unwrap();
    std::fs::write(&key, made.key_pair.serialize_pem()).unwrap();
    let url = common::fresh_url(common::Db::Sqlite, dir.path()).await;
    let tls = floordesk_server::TlsFiles { cert: cert.clone(), key };
    let config = floordesk_server::Config { tls: Some(tls), ..common::config(url, true) };
    let server = floordesk_server::Server::bind(&config).await.unwrap();
    let addr = server.local_addr().unwrap();
    tokio::spawn(server.run(std::future::pending()));
    let trusting = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(made.cert.pem().as_bytes()).unwrap())
        .resolve("localhost", addr)
        .build()
        .unwrap();
    let base = format!("https://localhost:{}", addr.port());
    let answer = trusting.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    let hsts = answer.headers().get("strict-transport-security").map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(hsts.as_deref(), Some("max-age=31536000"));
    // Signing in works over it, and the client's address still counts the attempts.
    let login =
        trusting.post(format!("{base}{LOGIN}")).json(&LoginRequest::new(staff("anna"), "1111")).send().await.unwrap();
    assert_eq!(login.status(), 200);
    // Plain HTTP to the same port gets no HTTP answer; a client that does not trust the certificate gets none.
    let plain = reqwest::get(format!("http://{addr}/healthz")).await;
    assert!(plain.is_err() || plain.is_ok_and(|a| !a.status().is_success()));
    let untrusting = reqwest::Client::builder().resolve("localhost", addr).build().unwrap();
    assert!(untrusting.get(format!("{base}/healthz")).send().await.is_err());
    // A plain-HTTP server does not send HSTS (it would mean nothing there).
    let (plain_server, _ui) = boot_with_ui().await;
    let (_, response) = common::raw(&plain_server.base, "GET", "/healthz", None, "").await;
    assert!(!response.to_ascii_lowercase().contains("strict-transport-security"), "{response}");
    // A certificate that is not one stops the start, in words.
    std::fs::write(&cert, "not a certificate").unwrap();
    let err = floordesk_server::Server::bind(&config).await.unwrap_err().to_string();
    assert!(err.contains("TLS certificate"), "{err}");
}

/// The demo server over SQLite with a city administrator `city-1` (made on the command line's way).
async fn boot_with_city_admin() -> (common::Running, floordesk_protocol::admin::IssuedCode) {
    let dir = tempfile::tempdir().unwrap();
    let url = common::fresh_url(common::Db::Sqlite, dir.path()).await;
    let config = common::config(url, true);
    let server = common::boot_config(config.clone(), dir).await;
    let city = floordesk_server::admin::create_city_admin(&config, "city-1", "Городской администратор").await.unwrap();
    (server, city)
}

/// Every endpoint × every role × own and other site, from the endpoint list itself (a new endpoint is in it at once):
/// a role without the endpoint's permission is refused with 403 whatever it sends; no call answers 5xx or an
/// undocumented status; a supervisor of another site never gets a 2xx on this site's things by their ids.
#[tokio::test]
async fn every_endpoint_by_every_role_on_its_own_site_and_another() {
    use floordesk_domain::{Permission, TemplateId};
    use floordesk_protocol::api::{Access, Method, ALL};
    use floordesk_protocol::TemplateDraft;
    let (server, city) = boot_with_city_admin().await;
    let c = &server.client;
    let maria = sign_in(c, "maria", "4444").await;
    // Things of the polyclinic, by id, for every path that takes one.
    let device = c.enrol_device(&maria, "Вход").await.unwrap().device.id;
    let template = TemplateId::new("kb-poly").unwrap();
    c.put_template(&maria, &template, &TemplateDraft { title: "Рентген".into(), body: "1 этаж".into() }).await.unwrap();
    // Someone whose code the calls may change (nobody signs in as her here).
    let vera = floordesk_protocol::admin::NewStaff {
        id: StaffId::new("vera").unwrap(),
        display_name: "Орлова Вера".into(),
        role: Role::Coordinator,
        site: None,
        zone: None,
    };
    c.add_staff(&maria, &vera).await.unwrap();
    // The morning notes' id is a day: each site's supervisor reads and writes their own site's notes of it.
    let today = floordesk_domain::SiteClock::new("UTC").unwrap().date_of(floordesk_server::now());
    let yesterday = (today - chrono::Duration::days(1)).to_string();
    let each_sites_own = [floordesk_protocol::paths::MORNING_NOTES];
    let ids: std::collections::HashMap<&str, String> = [
        (floordesk_protocol::paths::DEVICE, device.clone()),
        (floordesk_protocol::paths::DEVICE_PAUSE, device),
        (floordesk_protocol::paths::TEMPLATE, template.to_string()),
        (floordesk_protocol::paths::STORY_LIKE, "s-poly-1".to_owned()),
        (floordesk_protocol::paths::STAFF_PAUSE, "vera".to_owned()),
        (floordesk_protocol::paths::STAFF_MEMBER, "vera".to_owned()),
        (floordesk_protocol::paths::STAFF_CODE, "vera".to_owned()),
        (floordesk_protocol::paths::ZONE, "poly-12-entrance".to_owned()),
        (floordesk_protocol::paths::ADMIN_SITE, "poly-12".to_owned()),
        (floordesk_protocol::paths::TASK_HISTORY, "t-poly-routing-1".to_owned()),
        (floordesk_protocol::paths::MORNING_NOTES, yesterday.clone()),
        (floordesk_protocol::paths::CASE, "c-poly-1".to_owned()),
        (floordesk_protocol::paths::CASE_CLOSE, "c-poly-1".to_owned()),
    ]
    .into_iter()
    .collect();
    let people = [
        ("anna", "1111", Role::Administrator, true),
        ("sergey", "8888", Role::Coordinator, false),
        ("maria", "4444", Role::Supervisor, true),
        ("tatiana", "0000", Role::Supervisor, false),
        ("city-1", city.code.as_str(), Role::CityAdmin, false),
    ];
    let api = Api::fetch(&server.base).await;
    for op in ALL.iter().filter(|op| op.access == Access::Bearer) {
        let method = op.method.as_str();
        let path = if op.path.contains("{id}") {
            let id = ids
                .get(op.path)
                .unwrap_or_else(|| panic!("{method} {}: give the matrix an id of the polyclinic", op.path));
            op.path_for(id)
        } else {
            op.path.to_owned()
        };
        for (id, code, role, of_poly) in people {
            // A fresh sign-in per call: a call may end a sign-in (logout) or change a code.
            let token = sign_in(c, id, code).await;
            let body = if matches!(op.method, Method::Post | Method::Put) { "{}" } else { "" };
            let (status, response) =
                common::raw_with(&server.base, method, &path, &format!("Bearer {token}"), body).await;
            let what = format!("{method} {path} by {id} ({role:?})");
            assert!(status < 500, "{what}: {response}");
            let documented = &api.operation(&method.to_lowercase(), op.path)["responses"][status.to_string()];
            assert!(documented.is_object(), "{what} answered {status}, undocumented: {response}");
            let allowed = op.permission.is_none_or(|p: Permission| role.can(p));
            if !allowed {
                assert_eq!(status, 403, "{what} without the permission: {response}");
                assert!(response.contains("\"code\":\"forbidden\""), "{what}: {response}");
            }
            if op.path.contains("{id}")
                && !each_sites_own.contains(&op.path)
                && !of_poly
                && allowed
                && role != Role::CityAdmin
            {
                assert!(!(200..300).contains(&status), "{what}: another site's thing: {response}");
            }
        }
    }
}

/// Values for a JSON Schema of the document: mostly near its edges (empty, at and past the stated limits, control
/// characters, another type) and sometimes valid, so that generated requests reach the deep logic as well as the
/// checks. Deterministic for a seed.
struct Values<'a> {
    components: &'a serde_json::Value,
    rng: rand::rngs::StdRng,
}

impl Values<'_> {
    fn of(&mut self, schema: &serde_json::Value, depth: u32) -> serde_json::Value {
        use rand::Rng;
        use serde_json::{json, Value};
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let name = reference.rsplit('/').next().unwrap_or_default();
            let target = self.components["schemas"][name].clone();
            return self.of(&target, depth + 1);
        }
        for key in ["oneOf", "anyOf", "allOf"] {
            if let Some(options) = schema.get(key).and_then(Value::as_array).filter(|o| !o.is_empty()) {
                let pick = options[self.rng.random_range(0..options.len())].clone();
                return self.of(&pick, depth + 1);
            }
        }
        if self.rng.random_ratio(1, 20) {
            return json!(["another", "type"]);
        }
        if let Some(constant) = schema.get("const") {
            return constant.clone();
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            return if self.rng.random_ratio(1, 8) {
                json!("not_one_of_them")
            } else {
                values[self.rng.random_range(0..values.len())].clone()
            };
        }
        let kind = match schema.get("type") {
            Some(Value::Array(kinds)) => {
                kinds[self.rng.random_range(0..kinds.len())].as_str().unwrap_or("null").to_owned()
            }
            Some(Value::String(kind)) => kind.clone(),
            _ => "object".to_owned(),
        };
        match kind.as_str() {
            "string" => {
                let max = schema.get("maxLength").and_then(Value::as_u64).unwrap_or(40) as usize;
                match self.rng.random_range(0..7) {
                    0 => json!(""),
                    1 => json!("x".repeat(max.min(100_000))),
                    2 => json!("ж".repeat((max + 1).min(100_001))),
                    3 => json!("a\u{0}b"),
                    4 => json!("../../etc/passwd\n"),
                    5 => json!("1234"),
                    _ => json!(format!("v-{}", self.rng.random_range(0..1000))),
                }
            }
            "integer" | "number" => {
                let min = schema.get("minimum").and_then(Value::as_i64);
                let max = schema.get("maximum").and_then(Value::as_i64);
                let edges = [min, max, min.map(|m| m - 1), max.map(|m| m + 1), Some(0), Some(i64::MAX), Some(-1)];
                let picks: Vec<i64> = edges.into_iter().flatten().collect();
                json!(picks[self.rng.random_range(0..picks.len())])
            }
            "boolean" => json!(self.rng.random_bool(0.5)),
            "null" => Value::Null,
            "array" if depth < 6 => {
                let n = self.rng.random_range(0..3);
                let items = schema.get("items").cloned().unwrap_or(json!({}));
                Value::Array((0..n).map(|_| self.of(&items, depth + 1)).collect())
            }
            "object" if depth < 6 => {
                let mut object = serde_json::Map::new();
                let required: Vec<&str> = schema
                    .get("required")
                    .and_then(Value::as_array)
                    .map(|r| r.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
                    for (name, property) in properties {
                        let keep = if required.contains(&name.as_str()) {
                            !self.rng.random_ratio(1, 15)
                        } else {
                            self.rng.random_bool(0.5)
                        };
                        if keep {
                            object.insert(name.clone(), self.of(property, depth + 1));
                        }
                    }
                }
                if self.rng.random_ratio(1, 15) {
                    object.insert("unexpected".into(), json!(1));
                }
                Value::Object(object)
            }
            _ => Value::Null,
        }
    }
}

/// Requests generated from the OpenAPI document for every endpoint with a body or query, sent as every role: no
/// answer is a 5xx, each answer's status is documented for its endpoint, and each success matches its schema.
#[tokio::test]
async fn generated_requests_from_the_document_get_documented_answers_and_never_a_5xx() {
    use floordesk_protocol::api::{Access, ALL};
    use rand::SeedableRng;
    let (server, city) = boot_with_city_admin().await;
    let api = Api::fetch(&server.base).await;
    let components = api.document["components"].clone();
    let mut values = Values { components: &components, rng: rand::rngs::StdRng::seed_from_u64(12) };
    let people = [("anna", "1111"), ("sergey", "8888"), ("maria", "4444"), ("city-1", city.code.as_str())];
    let (mut sent, mut taken) = (0, 0);
    for op in ALL.iter().filter(|op| op.access == Access::Bearer) {
        let method = op.method.as_str();
        let operation = api.operation(&method.to_lowercase(), op.path).clone();
        let body_schema = operation["requestBody"]["content"]["application/json"]["schema"].clone();
        let parameters = operation["parameters"].as_array().cloned().unwrap_or_default();
        for (id, code) in people {
            for _ in 0..12 {
                let token = sign_in(&server.client, id, code).await;
                let mut path = op.path_for(&format!("gen-{}", sent % 7));
                let query: Vec<String> = parameters
                    .iter()
                    .filter(|p| p["in"] == "query")
                    .filter_map(|p| {
                        let value = values.of(&p["schema"], 0);
                        let text = value.as_str().map_or_else(|| value.to_string(), str::to_owned);
                        let encoded: String = text.bytes().map(|b| format!("%{b:02X}")).collect();
                        Some(format!("{}={encoded}", p["name"].as_str()?))
                    })
                    .collect();
                if !query.is_empty() {
                    path = format!("{path}?{}", query.join("&"));
                }
                let body = if body_schema.is_object() { values.of(&body_schema, 0).to_string() } else { String::new() };
                let (status, response) =
                    common::raw_with(&server.base, method, &path, &format!("Bearer {token}"), &body).await;
                sent += 1;
                let what = format!("{method} {path} by {id} with {}", body.chars().take(300).collect::<String>());
                assert!(status < 500, "{what}: {response}");
                let documented = &operation["responses"][status.to_string()];
                assert!(documented.is_object(), "{what} answered {status}, undocumented: {response}");
                if (200..300).contains(&status) {
                    taken += 1;
                    if status != 204 {
                        api.answer(&method.to_lowercase(), op.path, (status, response));
                    }
                }
            }
        }
    }
    assert!(sent > 1000, "{sent} requests");
    assert!(
        taken > sent / 10 && taken < sent,
        "{taken} of {sent} requests taken: the values must reach past the checks"
    );
}
