//! The translators' API under `/api/v1/locales`: completeness, checks, uploads (one `.ftl` file or a zip of a
//! locale), versions and rollback, confirming stale translations.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::schema;
use crate::content::catalog::{Completeness, LocaleVersion};
use crate::content::check::{Finding, Severity};
use crate::content::uploads::ContentError;
use crate::services::translations::{Accepted, TranslationError};
use crate::web::AppState;
use crate::web::auth::ApiUser;
use crate::web::error::{ApiError, ApiJson, PROBLEM_JSON, Problem};

/// Routes with ordinary bodies.
/// What a check found.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CheckReport {
    pub errors: usize,
    pub warnings: usize,
    /// Errors block a file; warnings do not.
    #[schema(value_type = Vec<schema::Finding>)]
    pub findings: Vec<Finding>,
}

impl CheckReport {
    pub(super) fn new(findings: Vec<Finding>) -> Self {
        let errors = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        Self {
            errors,
            warnings: findings.len() - errors,
            findings,
        }
    }
}

/// Rejected uploads: problem+json with the findings.
fn rejected(errors: usize, findings: Vec<Finding>) -> Response {
    let report = CheckReport::new(findings);
    let body = serde_json::json!({
        "type": "about:blank",
        "title": "Unprocessable Entity",
        "status": 422,
        "detail": format!("the upload has {errors} errors; nothing was saved"),
        "field": "file",
        "errors": report.errors,
        "warnings": report.warnings,
        "findings": report.findings,
    });
    let mut response = (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    response
}

fn accepted_or_rejected(result: Result<Accepted, TranslationError>) -> Result<Response, ApiError> {
    match result {
        Ok(a) => Ok(Json(a).into_response()),
        Err(TranslationError::Content(ContentError::Rejected { errors, findings })) => {
            Ok(rejected(errors, findings))
        }
        Err(e) => Err(e.into()),
    }
}

/// Checks one `.ftl` file (the request body) of a locale against the reference (`en`) file of the same name,
/// formatted with the locale's other files as they are in use. Nothing is saved.
#[utoipa::path(post, path = "/api/v1/locales/{locale}/{file}/check", tag = "content",
    request_body(content = String, content_type = "text/plain"),
    responses((status = 200, body = CheckReport), (status = 422, body = Problem)))]
pub async fn check(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path((locale, file)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<CheckReport>, ApiError> {
    let findings = state
        .services
        .translations()
        .check(&auth.actor(), &locale, vec![(file, body.to_vec())])
        .await?;
    Ok(Json(CheckReport::new(findings)))
}

/// Uploads one `.ftl` file of a locale: checked like `/check`, saved as a new version only when it has no
/// errors (422 with the findings otherwise, nothing saved).
#[utoipa::path(put, path = "/api/v1/locales/{locale}/{file}", tag = "content",
    request_body(content = String, content_type = "text/plain"),
    responses((status = 200, body = schema::Accepted), (status = 422, body = Problem)))]
pub async fn upload_file(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path((locale, file)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, ApiError> {
    accepted_or_rejected(
        state
            .services
            .translations()
            .upload(&auth.actor(), &locale, vec![(file, body.to_vec())])
            .await,
    )
}

/// Uploads a zip of a locale's `.ftl` files (`<file>.ftl` or `<locale>/<file>.ftl`): all saved, or none.
#[utoipa::path(put, path = "/api/v1/locales/{locale}/zip", tag = "content",
    request_body(content = Vec<u8>, content_type = "application/zip"),
    responses((status = 200, body = schema::Accepted), (status = 422, body = Problem)))]
pub async fn upload_zip(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(locale): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    accepted_or_rejected(
        state
            .services
            .translations()
            .upload_zip(&auth.actor(), &locale, &body)
            .await,
    )
}

/// Every translation's completeness against the reference.
#[utoipa::path(get, path = "/api/v1/locales", tag = "content",
    responses((status = 200, body = [schema::Completeness])))]
pub async fn list_locales(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
) -> Result<Json<Vec<Completeness>>, ApiError> {
    Ok(Json(
        state
            .services
            .translations()
            .summaries(&auth.actor())
            .await?,
    ))
}

/// One locale's completeness per file, with the messages to work on.
#[utoipa::path(get, path = "/api/v1/locales/{locale}", tag = "content",
    responses((status = 200, body = schema::Completeness), (status = 422, body = Problem)))]
pub async fn get_locale(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(locale): Path<String>,
) -> Result<Json<Completeness>, ApiError> {
    Ok(Json(
        state
            .services
            .translations()
            .completeness(&auth.actor(), &locale)
            .await?,
    ))
}

/// Accepted versions of a file, newest first (version 0, the shipped file, is not listed).
#[utoipa::path(get, path = "/api/v1/locales/{locale}/{file}/versions", tag = "content",
    responses((status = 200, body = [schema::LocaleVersion])))]
pub async fn list_versions(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path((locale, file)): Path<(String, String)>,
) -> Result<Json<Vec<LocaleVersion>>, ApiError> {
    Ok(Json(
        state
            .services
            .translations()
            .versions(&auth.actor(), &locale, &file)
            .await?,
    ))
}

/// The text of one version (0 is the shipped file).
#[utoipa::path(get, path = "/api/v1/locales/{locale}/{file}/versions/{version}", tag = "content",
    responses((status = 200, body = String, content_type = "text/plain"), (status = 404, body = Problem)))]
pub async fn get_version(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path((locale, file, version)): Path<(String, String, i64)>,
) -> Result<Response, ApiError> {
    let text = state
        .services
        .translations()
        .version_text(&auth.actor(), &locale, &file, version)
        .await?;
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response())
}

/// Restores an earlier version (0: the shipped file) as a new version, checked against the reference as it
/// is now.
#[utoipa::path(post, path = "/api/v1/locales/{locale}/{file}/versions/{version}/rollback", tag = "content",
    responses((status = 200, body = schema::Accepted), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn rollback(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path((locale, file, version)): Path<(String, String, i64)>,
) -> Result<Response, ApiError> {
    accepted_or_rejected(
        state
            .services
            .translations()
            .rollback(&auth.actor(), &locale, &file, version)
            .await,
    )
}

/// Stale translations a translator has read and found still right.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmRequest {
    pub ids: Vec<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Confirmed {
    pub confirmed: usize,
}

/// Confirms stale translations as still right: they count as translated again.
#[utoipa::path(post, path = "/api/v1/locales/{locale}/{file}/confirm", tag = "content",
    request_body = ConfirmRequest,
    responses((status = 200, body = Confirmed), (status = 422, body = Problem)))]
pub async fn confirm(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path((locale, file)): Path<(String, String)>,
    ApiJson(body): ApiJson<ConfirmRequest>,
) -> Result<Json<Confirmed>, ApiError> {
    let confirmed = state
        .services
        .translations()
        .confirm(&auth.actor(), &locale, &file, &body.ids)
        .await?;
    Ok(Json(Confirmed { confirmed }))
}
