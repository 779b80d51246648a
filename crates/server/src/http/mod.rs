//! The HTTP API: the router over any [`Store`], one module per resource, and the extractors every handler shares.

mod audit;
mod cases;
mod devices;
pub mod extract;
pub mod kpi;
mod kpi_csv;
pub mod live;
mod morning;
mod presence;
mod purposes;
mod rules;
mod session;
mod sites;
mod staff;
pub mod stories;
pub mod sync;
mod tasks;
mod templates;

use std::path::PathBuf;
use std::sync::Arc;

use axum::handler::Handler;
use axum::http::{header, HeaderValue};
use axum::routing::{any, on, MethodFilter};
use axum::Router;
use floordesk_protocol::api::{self, Endpoint, Method};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::state::AppState;
use crate::store::Store;
use crate::{error, metrics, openapi};

/// `GET /healthz`.
pub async fn healthz() -> &'static str {
    "ok"
}

/// The content security policy of the browser build: our own scripts and wasm, nothing from elsewhere.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// A router being built from the endpoint descriptions: each handler is routed at its endpoint's method and path.
struct Routes<S>(Router<S>);

impl<S: Clone + Send + Sync + 'static> Routes<S> {
    /// Routes `handler` at `E`'s method and path (a path's methods are merged by axum).
    fn at<E: Endpoint, H: Handler<T, S>, T: 'static>(self, handler: H) -> Self {
        let method = match E::META.method {
            Method::Get => MethodFilter::GET,
            Method::Post => MethodFilter::POST,
            Method::Put => MethodFilter::PUT,
            Method::Delete => MethodFilter::DELETE,
        };
        Self(self.0.route(E::META.path, on(method, handler)))
    }
}

/// The router: the API, and the browser build of the UI when `ui_dir` is given; `https` when it is served over TLS
/// (browsers are then told to come back only over HTTPS).
pub fn app<S: Store>(state: AppState<S>, ui_dir: Option<PathBuf>, https: bool) -> Router {
    let metrics = Arc::clone(&state.metrics);
    let Routes(routes) = Routes(Router::new())
        .at::<api::Healthz, _, _>(healthz)
        .at::<api::GetDirectory, _, _>(session::directory::<S>)
        .at::<api::DeviceDirectory, _, _>(session::device_directory::<S>)
        .at::<api::Login, _, _>(session::login::<S>)
        .at::<api::Logout, _, _>(session::logout::<S>)
        .at::<api::GetTasks, _, _>(tasks::tasks::<S>)
        .at::<api::GetDeadlines, _, _>(tasks::deadlines::<S>)
        .at::<api::Push, _, _>(sync::push::<S>)
        .at::<api::Pull, _, _>(sync::pull::<S>)
        .at::<api::GetAudit, _, _>(audit::audit::<S>)
        .at::<api::GetTaskHistory, _, _>(audit::history::<S>)
        .at::<api::GetCase, _, _>(cases::case::<S>)
        .at::<api::CloseCase, _, _>(cases::close_case::<S>)
        .at::<api::Live, _, _>(live::live::<S>)
        .at::<api::IssueLiveTicket, _, _>(live::ticket::<S>)
        .at::<api::GetDevices, _, _>(devices::devices::<S>)
        .at::<api::EnrolDevice, _, _>(devices::enrol_device::<S>)
        .at::<api::RevokeDevice, _, _>(devices::revoke_device::<S>)
        .at::<api::LiftPause, _, _>(staff::lift_pause::<S>)
        .at::<api::LiftDevicePause, _, _>(devices::lift_device_pause::<S>)
        .at::<api::GetStaff, _, _>(staff::staff::<S>)
        .at::<api::AddStaff, _, _>(staff::add_staff::<S>)
        .at::<api::ChangeStaff, _, _>(staff::change_staff::<S>)
        .at::<api::IssueCode, _, _>(staff::issue_code::<S>)
        .at::<api::ImportStaff, _, _>(staff::import_staff::<S>)
        .at::<api::PutZone, _, _>(sites::put_zone::<S>)
        .at::<api::GetSiteSetups, _, _>(sites::site_setups::<S>)
        .at::<api::CreateSite, _, _>(sites::create_site::<S>)
        .at::<api::ChangeSite, _, _>(sites::change_site::<S>)
        .at::<api::GetAdminLog, _, _>(sites::admin_log::<S>)
        .at::<api::GetKpi, _, _>(kpi::kpi::<S>)
        .at::<api::GetKpiCsv, _, _>(kpi_csv::kpi_csv::<S>)
        .at::<api::GetSitesKpiCsv, _, _>(kpi_csv::sites_kpi_csv::<S>)
        .at::<api::GetSitesKpi, _, _>(kpi::sites_kpi::<S>)
        .at::<api::GetStories, _, _>(stories::stories::<S>)
        .at::<api::PostStory, _, _>(stories::post_story::<S>)
        .at::<api::LikeStory, _, _>(stories::like_story::<S>)
        .at::<api::UnlikeStory, _, _>(stories::unlike_story::<S>)
        .at::<api::GetTemplates, _, _>(templates::templates::<S>)
        .at::<api::PutTemplate, _, _>(templates::put_template::<S>)
        .at::<api::GetPurposes, _, _>(purposes::purposes::<S>)
        .at::<api::PutPurposes, _, _>(purposes::put_purposes::<S>)
        .at::<api::GetMorningNotes, _, _>(morning::morning_notes::<S>)
        .at::<api::PutMorningNotes, _, _>(morning::put_morning_notes::<S>)
        .at::<api::DeleteTemplate, _, _>(templates::delete_template::<S>)
        .at::<api::GetPresence, _, _>(presence::presence::<S>)
        .at::<api::ChangePresence, _, _>(presence::change_presence::<S>)
        .at::<api::GetRules, _, _>(rules::rules::<S>)
        .at::<api::PutRules, _, _>(rules::put_rules::<S>);
    let Routes(metrics_route) = Routes(Router::new()).at::<api::Metrics, _, _>(metrics::render);
    let Routes(document_route) = Routes(Router::new()).at::<api::OpenApi, _, _>(openapi::serve);
    let api = routes
        // Unknown API paths and wrong methods answer in JSON, never with the UI's index page.
        .route("/api", any(error::api_not_found))
        .route("/api/", any(error::api_not_found))
        .route("/api/{*rest}", any(error::api_not_found))
        .method_not_allowed_fallback(error::method_not_allowed)
        .with_state(state)
        .merge(metrics_route.with_state(Arc::clone(&metrics)))
        .merge(document_route.with_state(Arc::new(openapi::document())))
        .layer(axum::middleware::from_fn_with_state(metrics, metrics::count_requests));
    let router = match ui_dir {
        Some(dir) => {
            let index = ServeFile::new(dir.join("index.html"));
            api.fallback_service(ServeDir::new(dir).fallback(index))
        }
        None => api,
    };
    let router = if https {
        router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        ))
    } else {
        router
    };
    router
        .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP)))
        // No answer is read as another type than it says, and no address (with a task id in it) leaks to elsewhere.
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
}
