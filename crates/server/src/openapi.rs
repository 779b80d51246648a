//! The OpenAPI 3.1 document of the whole HTTP API, served at `/api/openapi.json`.
//!
//! It is derived from the endpoint descriptions of `floordesk_protocol::api` (method, path, access, answers, and the
//! Rust types of each endpoint's query, body and answer), and every schema is generated from those wire types
//! (`schemars`, honouring their serde attributes, so an unknown field is `additionalProperties: false` exactly where
//! the server refuses one). The tests check that each endpoint is routed and that what the server really answers
//! validates against the schema documented here.

use std::any::TypeId;

use axum::Json;
use floordesk_domain::Role;
use floordesk_protocol::api::{self, Access, Endpoint, Success, Visit};
use floordesk_protocol::{ApiError, MAX_PULL_LIMIT};
use schemars::generate::{SchemaGenerator, SchemaSettings};
use schemars::JsonSchema;
use serde_json::{json, Map, Value};

/// What an error status means in this API.
fn error_meaning(status: u16) -> &'static str {
    match status {
        400 => {
            "Malformed request (a path that is not UTF-8, a plain GET of the live channel), failed validation, or an \
                unknown sync protocol version."
        }
        401 => "No valid sign-in (missing, unknown, expired or ended token), or a wrong code or device.",
        403 => "The role, site or device does not allow this.",
        404 => "No such thing at this site.",
        409 => "The id is taken by something else (another story, another site's template); use a new id.",
        413 => "The body or the batch is over the stated limit.",
        415 => "The body must be JSON (`Content-Type: application/json`).",
        422 => "The JSON does not have the expected shape (a missing or unknown field, a wrong type).",
        426 => "The live channel needs a WebSocket handshake (`Connection: Upgrade`, `Upgrade: websocket`).",
        429 => "Too many wrong codes in a row: sign-in is paused for a while.",
        503 => "Others are changing the same task right now; send the request again after `Retry-After` seconds.",
        _ => "The server failed (its database is unreachable, say); try again.",
    }
}

/// The query parameters of a query type: each property of its schema (inlined), with its description, whether it is
/// required, and its schema (an optional one not nullable: a parameter is left out, never `null`).
fn parameters<T: JsonSchema + 'static>() -> Vec<Value> {
    if TypeId::of::<T>() == TypeId::of::<()>() {
        return Vec::new();
    }
    let mut settings = SchemaSettings::draft2020_12();
    settings.inline_subschemas = true;
    let schema = settings.into_generator().into_root_schema_for::<T>().to_value();
    let required: Vec<&str> =
        schema["required"].as_array().map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    let Some(properties) = schema["properties"].as_object() else { return Vec::new() };
    properties
        .iter()
        .map(|(name, property)| {
            let mut property = property.clone();
            let description = property.as_object_mut().and_then(|p| p.remove("description")).unwrap_or(json!(""));
            if let Some(types) = property["type"].as_array() {
                let types: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
                property["type"] = if types.len() == 1 { types[0].clone() } else { Value::Array(types) };
            }
            json!({
                "name": name,
                "in": "query",
                "required": required.contains(&name.as_str()),
                "description": description,
                "schema": property,
            })
        })
        .collect()
}

/// Builds each endpoint's operation into the document's paths.
struct Operations<'g> {
    generator: &'g mut SchemaGenerator,
    error: Value,
    paths: Map<String, Value>,
}

impl Visit for Operations<'_> {
    fn visit<E: Endpoint>(&mut self) {
        let meta = E::META;
        let mut operation = Map::new();
        operation.insert("operationId".into(), json!(meta.id));
        operation.insert("summary".into(), json!(meta.summary));
        if meta.access == Access::Bearer {
            operation.insert("security".into(), json!([{ "bearer": [] }]));
        }
        if let Some(permission) = meta.permission {
            let holders: Vec<&str> = Role::ALL.into_iter().filter(|r| r.can(permission)).map(Role::as_str).collect();
            operation.insert(
                "description".into(),
                json!(format!(
                    "Needs the `{}` permission ({}); any other role is refused with 403.",
                    permission.as_str(),
                    holders.join(", ")
                )),
            );
            operation.insert("x-permission".into(), json!(permission.as_str()));
        }
        let mut parameters = parameters::<E::Query>();
        if meta.path.contains("{id}") {
            parameters.push(json!({ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }));
        }
        if !parameters.is_empty() {
            operation.insert("parameters".into(), Value::Array(parameters));
        }
        if TypeId::of::<E::Body>() != TypeId::of::<()>() {
            let body = self.generator.subschema_for::<E::Body>().to_value();
            operation.insert(
                "requestBody".into(),
                json!({ "required": true, "content": { "application/json": { "schema": body } } }),
            );
        }
        let mut responses = Map::new();
        let (status, response) = match meta.success {
            Success::Json(status) => {
                let schema = self.generator.subschema_for::<E::Answer>().to_value();
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
            Success::WebSocket => {
                let message = self.generator.subschema_for::<E::Answer>().to_value();
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
        for status in meta.errors {
            responses.insert(
                status.to_string(),
                json!({
                    "description": error_meaning(*status),
                    "content": { "application/json": { "schema": self.error.clone() } },
                }),
            );
        }
        operation.insert("responses".into(), Value::Object(responses));
        let entry = self.paths.entry(meta.path).or_insert_with(|| json!({}));
        if let Value::Object(methods) = entry {
            methods.insert(meta.method.as_str().to_lowercase(), Value::Object(operation));
        }
    }
}

/// The document.
pub fn document() -> Value {
    let mut settings = SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    settings.meta_schema = None;
    let mut generator = settings.into_generator();
    let error = generator.subschema_for::<ApiError>().to_value();
    let mut operations = Operations { generator: &mut generator, error, paths: Map::new() };
    api::for_each(&mut operations);
    let paths_json = operations.paths;
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
