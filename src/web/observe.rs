//! Health, readiness and Prometheus metrics; the middleware that records them; the middleware that keeps
//! public report submissions out of the logs; and the last-resort conversion of bare error responses into
//! problem documents.
//!
//! `/metrics` is not open to anyone: on the main address it is served only when `server.metrics_token` is
//! set, and asks for it as a bearer token; `server.metrics_bind` adds a second address that serves only
//! `/metrics` (asking for the token there too when one is set). Public report submissions are never counted
//! per request, so polling the metrics cannot time a report.

use std::sync::OnceLock;
use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use tracing::instrument::WithSubscriber;

use super::AppState;
use super::error::{ApiError, PROBLEM_JSON, problem_response};
use super::public::is_public_submission;
use crate::accounts::constant_time_eq;

/// The process-wide Prometheus recorder (metrics are global to the process).
#[derive(Clone)]
pub struct Metrics {
    handle: PrometheusHandle,
}

impl Metrics {
    pub fn install() -> Self {
        static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
        let handle = HANDLE
            .get_or_init(|| {
                let recorder = PrometheusBuilder::new()
                    .set_buckets_for_metric(
                        Matcher::Suffix("duration_seconds".into()),
                        &[
                            0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
                            10.0,
                        ],
                    )
                    .unwrap_or_else(|_| PrometheusBuilder::new())
                    .build_recorder();
                let handle = recorder.handle();
                // Fails only when another recorder is installed already; metrics then go there.
                let _ = metrics::set_global_recorder(recorder);
                handle
            })
            .clone();
        Self { handle }
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics_on_main_address))
}

/// The router of the separate metrics address (`server.metrics_bind`): `/metrics` and nothing else.
pub fn metrics_router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(metrics_on_own_address))
        .fallback(|| async { ApiError::NotFound("only /metrics is served here".into()) })
        .layer(axum::middleware::from_fn(problem_for_bare_errors))
        .with_state(state)
}

/// Whether the request carries `Authorization: Bearer <server.metrics_token>` (compared in constant time).
fn has_metrics_token(state: &AppState, headers: &HeaderMap) -> bool {
    let expected = state.config.server.metrics_token.expose();
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|given| constant_time_eq(given.trim(), expected))
}

/// `/metrics` on the main address: absent (404) without a configured token, 401 without the token.
async fn metrics_on_main_address(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if state.config.server.metrics_token.is_empty() {
        return ApiError::NotFound("no such page".into()).into_response();
    }
    if !has_metrics_token(&state, &headers) {
        return ApiError::Unauthorized.into_response();
    }
    metrics_text(&state).await
}

/// `/metrics` on the separate metrics address: the token is asked for when one is configured.
async fn metrics_on_own_address(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if !state.config.server.metrics_token.is_empty() && !has_metrics_token(&state, &headers) {
        return ApiError::Unauthorized.into_response();
    }
    metrics_text(&state).await
}

/// The process is up.
async fn healthz() -> &'static str {
    "ok\n"
}

/// The database answers.
async fn readyz(State(state): State<AppState>) -> Response {
    if state.store.ping().await {
        "ready\n".into_response()
    } else {
        problem_response(
            StatusCode::SERVICE_UNAVAILABLE,
            Some("the database does not answer".into()),
            None,
        )
    }
}

async fn metrics_text(state: &AppState) -> Response {
    match state.store.queued_jobs().await {
        Ok(depth) => metrics::gauge!("beacon_job_queue_depth").set(depth as f64),
        Err(e) => tracing::warn!(error = %e, "cannot read the job queue depth"),
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.handle.render(),
    )
        .into_response()
}

/// Counts requests and their latencies by route template (never by raw path, which could hold ids). Public
/// report submissions are not counted: a counter that moves when a report arrives times it.
pub async fn record_metrics(
    State(_state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if is_public_submission(request.method(), request.uri().path()) {
        return next.run(request).await;
    }
    let started = Instant::now();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let method = request.method().to_string();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("beacon_http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status).increment(1);
    metrics::histogram!("beacon_http_request_duration_seconds", "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

/// Runs a public report submission with no subscriber: no request-log line, no span, no event from any
/// layer or use case it passes through, so the log holds nothing that times a report. Everything else is
/// logged as usual.
pub async fn quiet_public_submissions(request: Request, next: Next) -> Response {
    if is_public_submission(request.method(), request.uri().path()) {
        next.run(request)
            .with_subscriber(tracing::subscriber::NoSubscriber::default())
            .await
    } else {
        next.run(request).await
    }
}

/// Error responses that no handler dressed (a body over the limit, a bad path parameter, a wrong
/// method) become problem documents too, keeping their status.
pub async fn problem_for_bare_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with(PROBLEM_JSON) || content_type.starts_with("text/html") {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 64 * 1024)
        .await
        .ok()
        .and_then(|b| String::from_utf8(b.to_vec()).ok())
        .filter(|t| !t.trim().is_empty());
    let mut dressed = problem_response(status, text, None);
    for (name, value) in parts.headers.iter() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            dressed.headers_mut().insert(name.clone(), value.clone());
        }
    }
    dressed
}
