//! Analysts' pages and API: the moderation queue of community reports, incident imports, hotspots,
//! emerging hotspots and routes.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use h3o::CellIndex;
use minijinja::context;
use serde::Deserialize;

use super::AppState;
use super::auth::{ApiUser, Authenticated, PageUser};
use super::error::{ApiError, ApiJson, Problem};
use super::pages::{PageError, render_page};
use crate::accounts::Permission;
use crate::identify::incidents::DedupeKeys;
use crate::identify::incidents::community::{build_report, to_incident};
use crate::store::incidents::Keyed;
use crate::store::reports::StoredReport;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/analysis/reports", get(reports_page))
        .route("/analysis/reports/{id}/{decision}", post(review_form))
        .route("/api/v1/reports", get(list_reports).post(submit_report))
        .route("/api/v1/reports/{id}/{decision}", post(review_api))
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
    auth.require(Permission::ModerateReports)?;
    let pending = state.store.reports_with_status("pending").await?;
    state
        .store
        .audit(
            Some(auth.user.id),
            "reports.read",
            "pending",
            &pending.len().to_string(),
        )
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

/// Accepts (the report becomes an incident) or rejects a pending report. Safe to repeat: accepting twice
/// finds the incident made the first time.
pub async fn review(
    state: &AppState,
    auth: &Authenticated,
    id: i64,
    decision: &str,
) -> Result<StoredReport, ApiError> {
    auth.require(Permission::ModerateReports)?;
    let report = state
        .store
        .report_by_id(id)
        .await?
        .ok_or_else(|| ApiError::NotFound("no such report".into()))?;
    if report.status != "pending" {
        return Err(ApiError::Conflict(format!(
            "report {id} was {} already",
            report.status
        )));
    }
    match decision {
        "accept" => {
            let day = time::Date::parse(
                &report.day,
                time::macros::format_description!("[year]-[month]-[day]"),
            )
            .map_err(|e| ApiError::Internal(e.into()))?;
            let cell: CellIndex = report
                .cell
                .parse()
                .map_err(|e: h3o::error::InvalidCellIndex| ApiError::Internal(e.into()))?;
            let mut incident = to_incident(
                id,
                day,
                cell,
                &report.category,
                &report.signs,
                state.config.reports.accepted_confidence,
            );
            incident.validate(&state.config.vocabulary).map_err(|e| {
                ApiError::Internal(anyhow::anyhow!(
                    "report {id} maps outside the vocabulary: {e:?}"
                ))
            })?;
            let key = DedupeKeys::default().key(&incident);
            let stored_cell = crate::identify::analysis::hotspots::storage_cell(&incident);
            state
                .store
                .import_incidents(
                    &[Keyed {
                        key: key.clone(),
                        incident: &incident,
                        cell: stored_cell,
                    }],
                    &format!("community report {id}"),
                    "community-report",
                    Some(auth.user.id),
                    false,
                )
                .await?;
            let incident_id = state.store.incident_id_by_key(&key).await?;
            if !state
                .store
                .review_report(id, "accepted", auth.user.id, incident_id)
                .await?
            {
                return Err(ApiError::Conflict(format!(
                    "report {id} was reviewed already"
                )));
            }
        }
        "reject" => {
            if !state
                .store
                .review_report(id, "rejected", auth.user.id, None)
                .await?
            {
                return Err(ApiError::Conflict(format!(
                    "report {id} was reviewed already"
                )));
            }
        }
        other => {
            return Err(ApiError::invalid(
                "decision",
                format!("`{other}`: accept or reject"),
            ));
        }
    }
    state
        .store
        .audit(
            Some(auth.user.id),
            &format!("report.{decision}"),
            &format!("report {id}"),
            "",
        )
        .await?;
    state
        .store
        .report_by_id(id)
        .await?
        .ok_or_else(|| ApiError::NotFound("no such report".into()))
}

/// The moderation queue (analysts).
#[utoipa::path(get, path = "/api/v1/reports", tag = "identify",
    responses((status = 200, body = [StoredReport]), (status = 403, body = Problem)))]
pub async fn list_reports(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
) -> Result<Json<Vec<StoredReport>>, ApiError> {
    auth.require(Permission::ModerateReports)?;
    let pending = state.store.reports_with_status("pending").await?;
    state
        .store
        .audit(
            Some(auth.user.id),
            "reports.read",
            "pending",
            &pending.len().to_string(),
        )
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
    let today = time::OffsetDateTime::now_utc().date();
    let report = build_report(
        &input.day,
        today,
        Some((input.latitude, input.longitude)),
        &input.category,
        &input.signs,
        locale.as_str(),
        resolution,
    )
    .map_err(|errors| {
        let first = &errors[0];
        ApiError::invalid(
            first.field,
            state.locales.format(&locale, first.message_id, None),
        )
    })?;
    state.store.create_report(&report).await?;
    Ok(StatusCode::ACCEPTED.into_response())
}
