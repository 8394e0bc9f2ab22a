//! Translators' checks over HTTP: the same checks as `beacon locales check`, on one uploaded file.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::routing::post;
use axum::{Json, Router};
use serde::Serialize;

use super::AppState;
use super::auth::ApiUser;
use super::error::{ApiError, Problem};
use crate::accounts::Permission;
use crate::content::check::{CheckError, Finding, Severity, check_upload};

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/locales/{locale}/{file}/check", post(check))
}

/// What a check found.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CheckReport {
    pub errors: usize,
    pub warnings: usize,
    /// Errors block a file; warnings do not.
    pub findings: Vec<Finding>,
}

/// Checks one `.ftl` file (the request body) of a locale against the reference (`en`) file of the same name.
/// Nothing is saved.
#[utoipa::path(post, path = "/api/v1/locales/{locale}/{file}/check", tag = "content",
    request_body(content = String, content_type = "text/plain"),
    responses((status = 200, body = CheckReport), (status = 422, body = Problem)))]
pub async fn check(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path((locale, file)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<CheckReport>, ApiError> {
    auth.require(Permission::CheckTranslations)?;
    let dir = state.config.paths.locales.clone();
    let findings = tokio::task::spawn_blocking(move || check_upload(&dir, &locale, &file, &body))
        .await
        .map_err(|e| ApiError::Internal(e.into()))?
        .map_err(|e| match e {
            CheckError::BadFileName(_) => ApiError::invalid("file", e.to_string()),
            CheckError::BadLocale(_) => ApiError::invalid("locale", e.to_string()),
            other => ApiError::Internal(other.into()),
        })?;
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    Ok(Json(CheckReport {
        errors,
        warnings: findings.len() - errors,
        findings,
    }))
}
