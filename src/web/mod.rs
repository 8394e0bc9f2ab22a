//! The HTTP edge: one state struct, one `router()` per module, merged once here.

pub mod access;
pub mod audience;
pub mod auth;
pub mod campaigns;
pub mod client;
pub mod content;
pub mod error;
pub mod headers;
pub mod home;
pub mod identify;
pub mod impact;
pub mod jobs;
pub mod limiter;
pub mod localise;
pub mod measure;
pub mod observe;
pub mod openapi;
pub mod packs;
pub mod page;
pub mod people;
pub mod public;
pub mod render;
pub mod subscribers;
pub mod surveys;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, Request};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::config::Config;
use crate::content::i18n::Locales;
use crate::services::Services;
use crate::store::Store;

pub use error::ApiError;

/// Everything a request handler may need, shared by all requests.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub config: Config,
    pub store: Store,
    pub locales: Arc<Locales>,
    pub templates: render::Templates,
    /// The application layer: every use case goes through it.
    pub services: Services,
    pub login_failures: limiter::AttemptLimiter,
    pub account_failures: limiter::AccountBackoff,
    pub report_submissions: limiter::AttemptLimiter,
    /// Sign-ups per client address per hour (as many as reports), counted in memory only.
    pub signups: limiter::AttemptLimiter,
    /// Survey forms sent per client address per hour, counted in memory only.
    pub survey_submissions: limiter::AttemptLimiter,
    /// Recent survey answers per client address (memory only, minutes), to flag near-duplicates.
    pub recent_answers: surveys::RecentAnswers,
    pub metrics: observe::Metrics,
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    pub fn new(inner: Inner) -> Self {
        Self(Arc::new(inner))
    }
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Every feature's pages with ordinary bodies.
fn everyday_pages(state: &AppState) -> page::Pages {
    home::pages(state)
        .merge(people::pages::pages(state))
        .merge(public::pages(state))
        .merge(identify::pages(state))
        .merge(audience::page_router(state))
        .merge(content::page_router(state))
        .merge(jobs::pages(state))
        .merge(campaigns::pages(state))
        .merge(subscribers::pages(state))
        .merge(packs::pages(state))
        .merge(measure::pages(state))
        .merge(surveys::pages(state))
        .merge(impact::pages(state))
        .merge(surveys::public_pages(state))
}

/// The pages that take files (the import body limit).
fn upload_pages(state: &AppState) -> page::Pages {
    audience::upload_page_router(state)
        .merge(content::upload_page_router(state))
        .merge(subscribers::upload_pages(state))
        .merge(packs::upload_pages(state))
        .merge(surveys::upload_pages(state))
}

/// Every page route with its access rule, as mounted: the role-matrix test is generated from this table
/// (and the API's from the OpenAPI document).
pub fn page_routes(state: &AppState) -> Vec<page::PageRoute> {
    let (_, mut routes) = everyday_pages(state).into_parts();
    routes.extend(upload_pages(state).into_parts().1);
    routes
}

/// The whole application's routes and middleware.
pub fn router(state: AppState) -> Router {
    let body_limit = state.config.server.body_limit_bytes;
    let import_limit = state.config.server.import_limit_bytes;
    let (everyday_api, mut doc) = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .merge(people::api::api(&state))
        .merge(identify::api_router(&state))
        .merge(audience::api_router(&state))
        .merge(content::api_router(&state))
        .merge(jobs::api_router(&state))
        .merge(campaigns::api_router(&state))
        .merge(subscribers::api_router(&state))
        .merge(packs::api_router(&state))
        .merge(measure::api_router(&state))
        .merge(surveys::api_router(&state))
        .merge(impact::api_router(&state))
        .split_for_parts();
    let (imports_api, imports_doc) = OpenApiRouter::new()
        .merge(identify::import_router(&state))
        .merge(audience::upload_api_router(&state))
        .merge(content::upload_api_router(&state))
        .merge(subscribers::upload_api_router(&state))
        .merge(packs::upload_api_router(&state))
        .merge(surveys::upload_api_router(&state))
        .split_for_parts();
    doc.merge(imports_doc);
    let (everyday_pages, _) = everyday_pages(&state).into_parts();
    let (upload_pages, _) = upload_pages(&state).into_parts();
    let everyday = Router::new()
        .merge(everyday_api)
        .merge(observe::router())
        .merge(page::router())
        .merge(everyday_pages)
        .merge(openapi::router(doc))
        .layer(RequestBodyLimitLayer::new(body_limit));
    let imports = imports_api
        .merge(upload_pages)
        .layer(RequestBodyLimitLayer::new(import_limit));
    Router::new()
        .merge(everyday)
        .merge(imports)
        .fallback(page::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            page::render_page_errors,
        ))
        .layer(DefaultBodyLimit::disable())
        .layer(axum::middleware::from_fn(observe::problem_for_bare_errors))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            observe::record_metrics,
        ))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request<_>| {
                    let id = request
                        .headers()
                        .get(&REQUEST_ID)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-");
                    // Only the path, its link tokens hidden: query strings may carry tokens, a signed link's
                    // path is one, and client addresses are not logged.
                    tracing::info_span!("request", request_id = %id, method = %request.method(), path = %loggable_path(request.uri().path()))
                })
                .on_response(
                    |response: &axum::response::Response, latency: Duration, _span: &tracing::Span| {
                        tracing::info!(status = response.status().as_u16(), latency_ms = latency.as_millis() as u64, "response");
                    },
                )
                // Nothing is logged while the body streams (the body is sent outside the quiet scope below).
                .on_body_chunk(())
                .on_eos(()),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            headers::security_headers,
        ))
        // Outermost: a public report submission runs with no subscriber at all.
        .layer(axum::middleware::from_fn(observe::quiet_public_submissions))
        .with_state(state)
}

/// A multipart form's text fields, and the file in `file_field` with the name it was sent under (`None` when no
/// file was chosen).
/// A request's path as logs show it: the token of a signed link (a one-click unsubscribe, a pack's
/// download) is a capability, so it is replaced by `{token}`.
pub fn loggable_path(path: &str) -> std::borrow::Cow<'_, str> {
    for prefix in ["/u/", "/packs/d/"] {
        if let Some(rest) = path.strip_prefix(prefix)
            && !rest.is_empty()
        {
            return format!("{prefix}{{token}}").into();
        }
    }
    path.into()
}

/// A page form's one file (`file`), read after its CSRF token is checked: its name and bytes, or a
/// field error asking to choose a file.
pub(crate) async fn page_upload(
    multipart: &mut axum::extract::Multipart,
    auth: &auth::Authenticated,
) -> Result<(String, axum::body::Bytes), error::ApiError> {
    let (fields, file) = read_multipart_bytes(multipart, "file").await?;
    let csrf = fields
        .iter()
        .find(|(n, _)| n == "csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    auth.check_csrf(csrf)?;
    file.filter(|f| !f.1.is_empty()).ok_or_else(|| {
        error::ApiError::invalid("file", crate::message::Message::new("refused-choose-file"))
    })
}

pub(crate) async fn read_multipart_bytes(
    multipart: &mut axum::extract::Multipart,
    file_field: &str,
) -> Result<(Vec<(String, String)>, Option<(String, axum::body::Bytes)>), error::ApiError> {
    let mut fields = Vec::new();
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(|_| {
        error::ApiError::invalid("form", crate::message::Message::new("refused-form"))
    })? {
        let name = field.name().unwrap_or("").to_string();
        if name == file_field {
            let file_name = field.file_name().unwrap_or("").to_string();
            let bytes = field.bytes().await.map_err(|e| {
                if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    error::ApiError::PayloadTooLarge
                } else {
                    error::ApiError::invalid(
                        file_field,
                        crate::message::Message::new("refused-upload-cut"),
                    )
                }
            })?;
            if !bytes.is_empty() {
                file = Some((file_name, bytes));
            }
        } else {
            let text = field.text().await.map_err(|_| {
                error::ApiError::invalid(&name, crate::message::Message::new("refused-form"))
            })?;
            fields.push((name, text));
        }
    }
    Ok((fields, file))
}

#[cfg(test)]
mod tests {
    use super::loggable_path;

    #[test]
    fn link_tokens_stay_out_of_logs() {
        assert_eq!(loggable_path("/u/m.7.1700000000.abcdef"), "/u/{token}");
        assert_eq!(
            loggable_path("/packs/d/p.3.1700000000.abcdef"),
            "/packs/d/{token}"
        );
        assert_eq!(loggable_path("/partners/3"), "/partners/3");
        assert_eq!(loggable_path("/u/"), "/u/");
    }
}
