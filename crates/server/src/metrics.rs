//! Prometheus metrics at `/metrics`: plain counters and gauges, in the text exposition format.

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The server's counters; shared by every handler.
#[derive(Debug, Default)]
pub struct Metrics {
    pub http_requests: AtomicU64,
    pub http_server_errors: AtomicU64,
    pub ops_accepted: AtomicU64,
    pub ops_rejected: AtomicU64,
    pub rules_fired: AtomicU64,
    pub failed_logins: AtomicU64,
    pub live_connections: AtomicI64,
}

impl Metrics {
    /// Adds one to a counter.
    pub fn count(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// The metrics in Prometheus' text format.
    pub fn render(&self) -> String {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        let mut out = String::new();
        let mut metric = |name: &str, kind: &str, help: &str, value: String| {
            out.push_str(&format!("# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}\n"));
        };
        metric(
            "floordesk_http_requests_total",
            "counter",
            "HTTP requests answered.",
            get(&self.http_requests).to_string(),
        );
        metric(
            "floordesk_http_server_errors_total",
            "counter",
            "HTTP requests answered with a 5xx status.",
            get(&self.http_server_errors).to_string(),
        );
        metric("floordesk_ops_accepted_total", "counter", "Sync ops applied.", get(&self.ops_accepted).to_string());
        metric("floordesk_ops_rejected_total", "counter", "Sync ops rejected.", get(&self.ops_rejected).to_string());
        metric(
            "floordesk_rules_fired_total",
            "counter",
            "Rule firings that changed a task (alerts, dispatch, tasks made).",
            get(&self.rules_fired).to_string(),
        );
        metric(
            "floordesk_failed_logins_total",
            "counter",
            "Sign-ins refused for a wrong code or a lock.",
            get(&self.failed_logins).to_string(),
        );
        metric(
            "floordesk_live_connections",
            "gauge",
            "Open live WebSocket channels.",
            self.live_connections.load(Ordering::Relaxed).to_string(),
        );
        out
    }
}

/// Middleware: counts every request and every 5xx answer.
pub async fn count_requests(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    Metrics::count(&metrics.http_requests);
    if response.status().is_server_error() {
        Metrics::count(&metrics.http_server_errors);
    }
    response
}

/// `GET /metrics`.
pub async fn render(State(metrics): State<Arc<Metrics>>) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], metrics.render())
}
