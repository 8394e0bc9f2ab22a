//! Analysts' pages and API: the moderation queue of community reports, incident imports, hotspots,
//! emerging hotspots and routes.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use minijinja::context;
use serde::Deserialize;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::access::{Access, mount};
use super::auth::{ApiUser, Authenticated, PageUser};
use super::error::PageError;
use super::error::{ApiError, ApiJson, Problem};
use super::pages::render_page;
use crate::accounts::Permission;
use crate::services::incidents::{Decision, ReportInput};
use crate::store::reports::StoredReport;

pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/analysis/reports", get(reports_page))
        .route("/analysis/reports/{id}/{decision}", post(review_form))
}

pub fn api(state: &AppState) -> OpenApiRouter<AppState> {
    let moderate = Access::Can(Permission::ModerateReports);
    OpenApiRouter::new()
        .routes(mount(state, moderate, routes!(list_reports)))
        .routes(mount(state, Access::Public, routes!(submit_report)))
        .routes(mount(state, moderate, routes!(review_api)))
}

#[derive(Debug, Deserialize)]
struct CsrfForm {
    csrf: String,
}

async fn reports_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
) -> Result<Response, PageError> {
    let pending = state
        .services
        .incidents()
        .pending_reports(&auth.actor(), "page")
        .await?;
    render_page(
        &state,
        &headers,
        &auth,
        "/analysis/reports",
        "reports.html",
        context! { reports => pending },
    )
}

async fn review_form(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    Path((id, decision)): Path<(i64, String)>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, PageError> {
    auth.check_csrf(&form.csrf)?;
    review(&state, &auth, id, &decision).await?;
    Ok(Redirect::to("/analysis/reports").into_response())
}

/// Accepts (the report becomes an incident) or rejects a pending report.
async fn review(
    state: &AppState,
    auth: &Authenticated,
    id: i64,
    decision: &str,
) -> Result<StoredReport, ApiError> {
    auth.require(Permission::ModerateReports)?;
    let decision: Decision = decision.parse()?;
    Ok(state
        .services
        .incidents()
        .review_report(&auth.actor(), id, decision)
        .await?)
}

/// The moderation queue (analysts).
#[utoipa::path(get, path = "/api/v1/reports", tag = "identify",
    responses((status = 200, body = [StoredReport]), (status = 403, body = Problem)))]
pub async fn list_reports(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
) -> Result<Json<Vec<StoredReport>>, ApiError> {
    let pending = state
        .services
        .incidents()
        .pending_reports(&auth.actor(), "api")
        .await?;
    Ok(Json(pending))
}

/// Accepts or rejects a pending report (analysts).
#[utoipa::path(post, path = "/api/v1/reports/{id}/{decision}", tag = "identify",
    params(("id" = i64, Path, description = "report id"), ("decision" = String, Path, description = "accept or reject")),
    responses((status = 200, body = StoredReport), (status = 403, body = Problem), (status = 409, body = Problem)))]
pub async fn review_api(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path((id, decision)): Path<(i64, String)>,
) -> Result<Json<StoredReport>, ApiError> {
    Ok(Json(review(&state, &auth, id, &decision).await?))
}

/// An anonymous report, as the public endpoint takes it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicReport {
    /// The day, YYYY-MM-DD.
    pub day: String,
    pub latitude: f64,
    pub longitude: f64,
    /// labour, sexual, domestic, criminal or other.
    pub category: String,
    /// controlled, documents, debt, earnings, fear, injuries, housing, transport.
    #[serde(default)]
    pub signs: Vec<String>,
    /// The reporter's language, e.g. en or lt.
    #[serde(default)]
    pub locale: Option<String>,
}

/// Sends an anonymous report (no account). Only the day and an H3 cell of resolution 7 are kept.
#[utoipa::path(post, path = "/api/v1/reports", tag = "identify", request_body = PublicReport, security(()),
    responses((status = 202), (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn submit_report(
    State(state): State<AppState>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    ApiJson(input): ApiJson<PublicReport>,
) -> Result<Response, ApiError> {
    if !super::public::admit_report(&state, peer.ip()) {
        return Err(ApiError::TooManyRequests);
    }
    let locale = input
        .locale
        .as_deref()
        .and_then(|l| state.locales.get(l))
        .unwrap_or_else(|| state.locales.default_locale().clone());
    let resolution = super::public::report_resolution(&state);
    let input = ReportInput {
        day: &input.day,
        point: Some((input.latitude, input.longitude)),
        category: &input.category,
        signs: &input.signs,
        locale: locale.as_str(),
    };
    if let Err(errors) = state
        .services
        .incidents()
        .submit_report(input, resolution)
        .await?
    {
        let first = &errors[0];
        return Err(ApiError::invalid(
            first.field,
            state.locales.format(&locale, first.message_id, None),
        ));
    }
    Ok(StatusCode::ACCEPTED.into_response())
}
