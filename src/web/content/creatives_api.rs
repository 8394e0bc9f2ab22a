//! The creative API under `/api/v1/creatives`: creatives with their previews per locale and platform, and
//! per-locale approval.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::schema;
use crate::content::creatives::{CreativeInput, CreativeRow};
use crate::web::AppState;
use crate::web::auth::ApiUser;
use crate::web::error::{ApiError, ApiJson, Problem};
use crate::web::localise::localised;

/// Every creative.
#[utoipa::path(get, path = "/api/v1/creatives", tag = "content",
    responses((status = 200, body = [schema::CreativeRow])))]
pub async fn list_creatives(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
) -> Result<Json<Vec<CreativeRow>>, ApiError> {
    Ok(Json(state.services.creatives().list(&auth.actor()).await?))
}

/// Makes a creative from a `campaign.ftl` message and an image reference. A name in use already is a 422
/// naming `name`.
#[utoipa::path(post, path = "/api/v1/creatives", tag = "content", request_body = schema::CreativeInput,
    responses((status = 201, body = schema::CreativeView), (status = 422, body = Problem)))]
pub async fn create_creative(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiUser(auth): ApiUser,
    ApiJson(input): ApiJson<CreativeInput>,
) -> Result<Response, ApiError> {
    let view = state
        .services
        .creatives()
        .create(&auth.actor(), input)
        .await?;
    Ok((
        StatusCode::CREATED,
        localised(&state, &headers, &auth.user, &view)?,
    )
        .into_response())
}

/// A creative with its previews per locale (texts, the locale each came from, lengths per platform, problems,
/// approval).
#[utoipa::path(get, path = "/api/v1/creatives/{id}", tag = "content",
    responses((status = 200, body = schema::CreativeView), (status = 404, body = Problem)))]
pub async fn get_creative(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let view = state.services.creatives().get(&auth.actor(), id).await?;
    localised(&state, &headers, &auth.user, &view)
}

/// Edits a creative; every approval of it is withdrawn.
#[utoipa::path(put, path = "/api/v1/creatives/{id}", tag = "content", request_body = schema::CreativeInput,
    responses((status = 200, body = schema::CreativeView), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn edit_creative(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<CreativeInput>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let view = state
        .services
        .creatives()
        .edit(&auth.actor(), id, input)
        .await?;
    localised(&state, &headers, &auth.user, &view)
}

/// Approves a creative in one locale as it renders now. Refused (409, with the reasons) while a text falls
/// back to another locale, is stale or is over a platform's limit.
#[utoipa::path(post, path = "/api/v1/creatives/{id}/approvals/{locale}", tag = "content",
    responses((status = 200, body = schema::LocalePreview), (status = 409, body = Problem), (status = 404, body = Problem)))]
pub async fn approve(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiUser(auth): ApiUser,
    Path((id, locale)): Path<(i64, String)>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let preview = super::approve_localised(&state, &headers, &auth, id, &locale).await?;
    localised(&state, &headers, &auth.user, &preview)
}
