//! The OpenAPI 3.1 document of the whole HTTP API, served at `/api/openapi.json`.
//!
//! Every schema is generated from the wire types themselves (`schemars`, honouring their serde attributes, so an
//! unknown field is `additionalProperties: false` exactly where the server refuses one). [`OPERATIONS`] is the one
//! list of endpoints: the tests check that each of them is routed and that what the server really answers validates
//! against the schema documented here.

use axum::Json;
use floordesk_domain::KpiReport;
use floordesk_protocol::{
    paths, ApiError, AuditPage, ChangePage, DeviceList, Directory, EnrolDeviceRequest, EnrolledDevice, LiveMessage,
    LoginRequest, LoginResponse, NewStory, PushRequest, PushResponse, Story, StoryList, TaskList, Template,
    TemplateDraft, TemplateList, MAX_PULL_LIMIT,
};
use schemars::generate::{SchemaGenerator, SchemaSettings};
use schemars::{JsonSchema, Schema};
use serde_json::{json, Map, Value};

/// The schema of `T`, registered in the document's components.
type SchemaOf = fn(&mut SchemaGenerator) -> Schema;

fn schema<T: JsonSchema>(generator: &mut SchemaGenerator) -> Schema {
    generator.subschema_for::<T>()
}

/// Who may call an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone.
    Public,
    /// A signed-in person with a bearer token (roles are checked by the handler and say so with 403).
    Bearer,
    /// A token in `?token=` (WebSocket: browsers cannot set headers on it).
    TokenQuery,
}

/// What a successful call answers.
#[derive(Debug, Clone, Copy)]
pub enum Success {
    /// JSON of this schema, with this status.
    Json(u16, SchemaOf),
    /// 204, no body.
    Empty,
    /// Plain text of this media type.
    Text(&'static str),
    /// This document.
    Document,
    /// 101: a WebSocket whose text messages have this schema.
    WebSocket(SchemaOf),
}

/// One endpoint.
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    pub method: &'static str,
    pub path: &'static str,
    pub id: &'static str,
    pub summary: &'static str,
    pub access: Access,
    /// Query parameters: name, description, required.
    pub query: &'static [(&'static str, &'static str, bool)],
    pub body: Option<SchemaOf>,
    pub success: Success,
    /// The error statuses it may answer with (each with an [`ApiError`] body).
    pub errors: &'static [u16],
}

const CURSOR: &[(&str, &str, bool)] = &[
    ("after", "Continue after this cursor (0: from the start).", false),
    ("limit", "Page size, 1 to MAX_PULL_LIMIT (the default).", false),
];

const KPI_QUERY: &[(&str, &str, bool)] = &[
    ("from", "Start of the period, milliseconds since 1970 (UTC), inclusive.", true),
    ("to", "End of the period, exclusive; at most MAX_KPI_SPAN_MS (31 days) after `from`.", true),
    ("utc_offset_minutes", "Minutes the reader's clock is ahead of UTC, -840 to 840 (Moscow: 180; default 0).", false),
];

/// Every endpoint of the API.
pub const OPERATIONS: &[Operation] = &[
    Operation {
        method: "get",
        path: paths::HEALTHZ,
        id: "healthz",
        summary: "Liveness: answers `ok` while the server runs.",
        access: Access::Public,
        query: &[],
        body: None,
        success: Success::Text("text/plain"),
        errors: &[],
    },
    Operation {
        method: "get",
        path: paths::METRICS,
        id: "metrics",
        summary: "Prometheus metrics: requests, ops accepted and rejected, failed sign-ins, live channels.",
        access: Access::Public,
        query: &[],
        body: None,
        success: Success::Text("text/plain; version=0.0.4"),
        errors: &[],
    },
    Operation {
        method: "get",
        path: paths::OPENAPI,
        id: "openapi",
        summary: "This document.",
        access: Access::Public,
        query: &[],
        body: None,
        success: Success::Document,
        errors: &[],
    },
    Operation {
        method: "get",
        path: paths::DIRECTORY,
        id: "directory",
        summary: "The sites, their zones, and who can sign in (demo codes only on a demo server).",
        access: Access::Public,
        query: &[],
        body: None,
        success: Success::Json(200, schema::<Directory>),
        errors: &[500],
    },
    Operation {
        method: "post",
        path: paths::LOGIN,
        id: "login",
        summary: "Sign in with a personal code (and, on a handheld, the enrolled device's credential).",
        access: Access::Public,
        query: &[],
        body: Some(schema::<LoginRequest>),
        success: Success::Json(200, schema::<LoginResponse>),
        errors: &[400, 401, 403, 413, 415, 422, 429, 500],
    },
    Operation {
        method: "post",
        path: paths::LOGOUT,
        id: "logout",
        summary: "End the caller's session; its live channel closes.",
        access: Access::Bearer,
        query: &[],
        body: None,
        success: Success::Empty,
        errors: &[401, 500],
    },
    Operation {
        method: "get",
        path: paths::TASKS,
        id: "tasks",
        summary: "The open tasks the caller holds, and the pool they may take or oversee, most urgent first.",
        access: Access::Bearer,
        query: &[],
        body: None,
        success: Success::Json(200, schema::<TaskList>),
        errors: &[401, 500],
    },
    Operation {
        method: "post",
        path: paths::PUSH,
        id: "push",
        summary: "Apply a batch of ops from a device's outbox, each once, each in its own transaction.",
        access: Access::Bearer,
        query: &[],
        body: Some(schema::<PushRequest>),
        success: Success::Json(200, schema::<PushResponse>),
        errors: &[400, 401, 403, 413, 415, 422, 500],
    },
    Operation {
        method: "get",
        path: paths::PULL,
        id: "pull",
        summary: "The changes after a cursor that the caller may see (their zone and tasks; the whole site for \
                  coordinators and supervisors).",
        access: Access::Bearer,
        query: CURSOR,
        body: None,
        success: Success::Json(200, schema::<ChangePage>),
        errors: &[400, 401, 500],
    },
    Operation {
        method: "get",
        path: paths::AUDIT,
        id: "audit",
        summary: "The site's audit log of applied and rejected ops (supervisors).",
        access: Access::Bearer,
        query: CURSOR,
        body: None,
        success: Success::Json(200, schema::<AuditPage>),
        errors: &[400, 401, 403, 500],
    },
    Operation {
        method: "get",
        path: paths::LIVE,
        id: "live",
        summary: "WebSocket: each change the person may see, at once; closed with code 4001 after `session_ended`.",
        access: Access::TokenQuery,
        query: &[("token", "The bearer token.", true)],
        body: None,
        success: Success::WebSocket(schema::<LiveMessage>),
        errors: &[400, 401, 500],
    },
    Operation {
        method: "get",
        path: paths::DEVICES,
        id: "devices",
        summary: "The enrolled devices of the supervisor's site, newest first.",
        access: Access::Bearer,
        query: &[],
        body: None,
        success: Success::Json(200, schema::<DeviceList>),
        errors: &[401, 403, 500],
    },
    Operation {
        method: "post",
        path: paths::DEVICES,
        id: "enrol_device",
        summary: "Enrol a handheld of the supervisor's site; the key is in this answer only.",
        access: Access::Bearer,
        query: &[],
        body: Some(schema::<EnrolDeviceRequest>),
        success: Success::Json(201, schema::<EnrolledDevice>),
        errors: &[400, 401, 403, 413, 415, 422, 500],
    },
    Operation {
        method: "delete",
        path: paths::DEVICE,
        id: "revoke_device",
        summary: "Withdraw a device of the supervisor's site and end every session opened on it.",
        access: Access::Bearer,
        query: &[],
        body: None,
        success: Success::Empty,
        errors: &[401, 403, 404, 500],
    },
    Operation {
        method: "get",
        path: paths::KPI,
        id: "kpi",
        summary: "The service-standard indicators of the site's tasks closed in a period: waits, starts in time, \
                  hand-offs, ratings, by kind and hour, and the tasks that broke the standard (supervisors).",
        access: Access::Bearer,
        query: KPI_QUERY,
        body: None,
        success: Success::Json(200, schema::<KpiReport>),
        errors: &[400, 401, 403, 500],
    },
    Operation {
        method: "get",
        path: paths::STORIES,
        id: "stories",
        summary: "The site's good stories, newest first (at most 100), with their likes.",
        access: Access::Bearer,
        query: &[("since", "Only stories posted at or after this moment (milliseconds since 1970, UTC).", false)],
        body: None,
        success: Success::Json(200, schema::<StoryList>),
        errors: &[400, 401, 500],
    },
    Operation {
        method: "post",
        path: paths::STORIES,
        id: "post_story",
        summary: "Post a good story once: a resend with the same id and content gets the same story; another story \
                  under a taken id is refused with 409.",
        access: Access::Bearer,
        query: &[],
        body: Some(schema::<NewStory>),
        success: Success::Json(200, schema::<Story>),
        errors: &[400, 401, 403, 409, 413, 415, 422, 500],
    },
    Operation {
        method: "put",
        path: paths::STORY_LIKE,
        id: "like_story",
        summary: "Like a story of the site (once per person; liking again changes nothing).",
        access: Access::Bearer,
        query: &[],
        body: None,
        success: Success::Json(200, schema::<Story>),
        errors: &[401, 404, 500],
    },
    Operation {
        method: "delete",
        path: paths::STORY_LIKE,
        id: "unlike_story",
        summary: "Take back one's like of a story of the site.",
        access: Access::Bearer,
        query: &[],
        body: None,
        success: Success::Json(200, schema::<Story>),
        errors: &[401, 404, 500],
    },
    Operation {
        method: "get",
        path: paths::TEMPLATES,
        id: "templates",
        summary: "The site's answer templates for typical visitor questions, by title.",
        access: Access::Bearer,
        query: &[],
        body: None,
        success: Success::Json(200, schema::<TemplateList>),
        errors: &[401, 500],
    },
    Operation {
        method: "put",
        path: paths::TEMPLATE,
        id: "put_template",
        summary: "Write an answer template of the site, new or replacing the one with this id (supervisors).",
        access: Access::Bearer,
        query: &[],
        body: Some(schema::<TemplateDraft>),
        success: Success::Json(200, schema::<Template>),
        errors: &[400, 401, 403, 409, 413, 415, 422, 500],
    },
    Operation {
        method: "delete",
        path: paths::TEMPLATE,
        id: "delete_template",
        summary: "Remove an answer template of the site (supervisors).",
        access: Access::Bearer,
        query: &[],
        body: None,
        success: Success::Empty,
        errors: &[400, 401, 403, 404, 500],
    },
];

/// What an error status means in this API.
fn error_meaning(status: u16) -> &'static str {
    match status {
        400 => "Malformed request, failed validation, or an unknown sync protocol version.",
        401 => "No valid sign-in (missing, unknown, expired or ended token), or a wrong code or device.",
        403 => "The role, site or device does not allow this.",
        404 => "No such thing at this site.",
        409 => "The id is taken by something else (another story, another site's template); use a new id.",
        413 => "The body or the batch is over the stated limit.",
        415 => "The body must be JSON (`Content-Type: application/json`).",
        422 => "The JSON does not have the expected shape (a missing or unknown field, a wrong type).",
        429 => "Too many wrong codes in a row: sign-in is paused for a while.",
        _ => "The server failed (its database is unreachable, say); try again.",
    }
}

/// The document.
pub fn document() -> Value {
    let mut settings = SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    settings.meta_schema = None;
    let mut generator = settings.into_generator();
    let error = generator.subschema_for::<ApiError>().to_value();
    let mut paths_json = Map::new();
    for op in OPERATIONS {
        let mut operation = Map::new();
        operation.insert("operationId".into(), json!(op.id));
        operation.insert("summary".into(), json!(op.summary));
        if op.access == Access::Bearer {
            operation.insert("security".into(), json!([{ "bearer": [] }]));
        }
        let mut parameters: Vec<Value> = op
            .query
            .iter()
            .map(|(name, description, required)| {
                let schema = match *name {
                    "token" => json!({ "type": "string" }),
                    "utc_offset_minutes" => json!({ "type": "integer", "minimum": -840, "maximum": 840 }),
                    _ => json!({ "type": "integer", "minimum": 0 }),
                };
                json!({ "name": name, "in": "query", "required": required, "description": description, "schema": schema })
            })
            .collect();
        if op.path.contains("{id}") {
            parameters.push(json!({ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }));
        }
        if !parameters.is_empty() {
            operation.insert("parameters".into(), Value::Array(parameters));
        }
        if let Some(body) = op.body {
            let body = body(&mut generator).to_value();
            operation.insert(
                "requestBody".into(),
                json!({ "required": true, "content": { "application/json": { "schema": body } } }),
            );
        }
        let mut responses = Map::new();
        let (status, response) = match op.success {
            Success::Json(status, schema) => {
                let schema = schema(&mut generator).to_value();
                (status, json!({ "description": "OK", "content": { "application/json": { "schema": schema } } }))
            }
            Success::Empty => (204, json!({ "description": "Done; no body." })),
            Success::Text(media) => {
                (200, json!({ "description": "OK", "content": { media: { "schema": { "type": "string" } } } }))
            }
            Success::Document => (
                200,
                json!({ "description": "OpenAPI 3.1", "content": { "application/json": { "schema": { "type": "object" } } } }),
            ),
            Success::WebSocket(schema) => {
                let message = schema(&mut generator).to_value();
                (
                    101,
                    json!({
                        "description": "Switching to a WebSocket; each text message is one `x-message`.",
                        "x-message": message,
                    }),
                )
            }
        };
        responses.insert(status.to_string(), response);
        for status in op.errors {
            responses.insert(
                status.to_string(),
                json!({
                    "description": error_meaning(*status),
                    "content": { "application/json": { "schema": error.clone() } },
                }),
            );
        }
        operation.insert("responses".into(), Value::Object(responses));
        let entry = paths_json.entry(op.path).or_insert_with(|| json!({}));
        if let Value::Object(methods) = entry {
            methods.insert(op.method.into(), Value::Object(operation));
        }
    }
    json!({
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "FloorDesk central server",
            "version": env!("CARGO_PKG_VERSION"),
            "description": format!(
                "Sync protocol version {}; pages hold at most {MAX_PULL_LIMIT} items; a push carries at most {} ops.",
                floordesk_protocol::SYNC_PROTOCOL_VERSION,
                floordesk_protocol::MAX_PUSH_OPS
            ),
        },
        "paths": paths_json,
        "components": {
            "schemas": generator.take_definitions(true),
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
        },
    })
}

/// `GET /api/openapi.json`.
pub async fn serve(axum::extract::State(document): axum::extract::State<std::sync::Arc<Value>>) -> Json<Value> {
    Json((*document).clone())
}
