//! Creatives at the edge: the creative API under `/api/v1/creatives` and the campaign staff's pages, with
//! previews per locale and platform and per-locale approval.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::AppState;
use super::auth::{ApiUser, PageUser};
use super::error::PageError;
use super::error::{ApiError, ApiJson, Problem};
use super::pages::render_page;
use crate::accounts::Permission;
use crate::content::creatives::{
    self, ApproveError, CreativeInput, CreativeRow, InvalidCreative, LocalePreview,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/creatives",
            get(list_creatives).post(create_creative),
        )
        .route(
            "/api/v1/creatives/{id}",
            get(get_creative).put(edit_creative),
        )
        .route("/api/v1/creatives/{id}/approvals/{locale}", post(approve))
        .route("/creatives", get(index_page))
        .route("/creatives/new", post(new_form))
        .route("/creatives/{id}", get(creative_page))
        .route("/creatives/{id}/edit", post(edit_form))
        .route("/creatives/{id}/approve", post(approve_form))
}

impl From<InvalidCreative> for ApiError {
    fn from(e: InvalidCreative) -> Self {
        ApiError::invalid(e.field, e.reason)
    }
}

impl From<ApproveError> for ApiError {
    fn from(e: ApproveError) -> Self {
        match e {
            ApproveError::Problems { .. } => ApiError::Conflict(e.to_string()),
            ApproveError::UnknownLocale(_) => ApiError::invalid("locale", e.to_string()),
            ApproveError::Content(c) => c.into(),
            ApproveError::Store(s) => s.into(),
        }
    }
}

/// A creative with its previews in every locale.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CreativeView {
    pub creative: CreativeRow,
    pub previews: Vec<LocalePreview>,
    /// Locales whose approval an edit withdrew.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub withdrawn: Vec<String>,
}

async fn load(state: &AppState, id: i64) -> Result<CreativeRow, ApiError> {
    state
        .store
        .creative(id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("creative {id} not found")))
}

async fn view(
    state: &AppState,
    creative: CreativeRow,
    withdrawn: Vec<String>,
) -> Result<CreativeView, ApiError> {
    let previews = creatives::previews(
        &state.store,
        &state.locales,
        &state.config.content.ad_text,
        &creative,
    )
    .await?;
    Ok(CreativeView {
        creative,
        previews,
        withdrawn,
    })
}

/// Every creative.
#[utoipa::path(get, path = "/api/v1/creatives", tag = "content",
    responses((status = 200, body = [CreativeRow])))]
pub async fn list_creatives(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
) -> Result<Json<Vec<CreativeRow>>, ApiError> {
    auth.require(Permission::ReadCreatives)?;
    Ok(Json(state.store.creatives().await?))
}

async fn create(state: &AppState, by: i64, input: CreativeInput) -> Result<CreativeRow, ApiError> {
    let input = input.validate(&state.locales)?;
    let creative = state
        .store
        .add_creative(&input.name, &input.message_id, &input.image_ref, Some(by))
        .await
        .map_err(|e| {
            if e.is_constraint_violation() {
                ApiError::invalid("name", format!("a creative named {:?} exists", input.name))
            } else {
                e.into()
            }
        })?;
    state
        .store
        .audit(
            Some(by),
            "creative.create",
            &format!("creative {}", creative.id),
            &creative.name,
        )
        .await?;
    Ok(creative)
}

/// Makes a creative from a `campaign.ftl` message and an image reference.
#[utoipa::path(post, path = "/api/v1/creatives", tag = "content", request_body = CreativeInput,
    responses((status = 201, body = CreativeView), (status = 422, body = Problem)))]
pub async fn create_creative(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    ApiJson(input): ApiJson<CreativeInput>,
) -> Result<Response, ApiError> {
    auth.require(Permission::ManageCreatives)?;
    let creative = create(&state, auth.user.id, input).await?;
    let v = view(&state, creative, Vec::new()).await?;
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

/// A creative with its previews per locale (texts, the locale each came from, lengths per platform, problems,
/// approval).
#[utoipa::path(get, path = "/api/v1/creatives/{id}", tag = "content",
    responses((status = 200, body = CreativeView), (status = 404, body = Problem)))]
pub async fn get_creative(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<CreativeView>, ApiError> {
    auth.require(Permission::ReadCreatives)?;
    let creative = load(&state, id).await?;
    Ok(Json(view(&state, creative, Vec::new()).await?))
}

async fn edit(
    state: &AppState,
    by: i64,
    id: i64,
    input: CreativeInput,
) -> Result<(CreativeRow, Vec<String>), ApiError> {
    let input = input.validate(&state.locales)?;
    let withdrawn = state
        .store
        .edit_creative(id, &input.name, &input.message_id, &input.image_ref)
        .await
        .map_err(|e| {
            if e.is_constraint_violation() {
                ApiError::invalid("name", format!("a creative named {:?} exists", input.name))
            } else {
                e.into()
            }
        })?
        .ok_or_else(|| ApiError::NotFound(format!("creative {id} not found")))?;
    state
        .store
        .audit(
            Some(by),
            "creative.edit",
            &format!("creative {id}"),
            &format!("approvals withdrawn: {}", withdrawn.join(", ")),
        )
        .await?;
    Ok((load(state, id).await?, withdrawn))
}

/// Edits a creative; every approval of it is withdrawn.
#[utoipa::path(put, path = "/api/v1/creatives/{id}", tag = "content", request_body = CreativeInput,
    responses((status = 200, body = CreativeView), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn edit_creative(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<CreativeInput>,
) -> Result<Json<CreativeView>, ApiError> {
    auth.require(Permission::ManageCreatives)?;
    let (creative, withdrawn) = edit(&state, auth.user.id, id, input).await?;
    Ok(Json(view(&state, creative, withdrawn).await?))
}

/// Approves a creative in one locale as it renders now. Refused (409, with the reasons) while a text falls
/// back to another locale, is stale or is over a platform's limit.
#[utoipa::path(post, path = "/api/v1/creatives/{id}/approvals/{locale}", tag = "content",
    responses((status = 200, body = LocalePreview), (status = 409, body = Problem), (status = 404, body = Problem)))]
pub async fn approve(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path((id, locale)): Path<(i64, String)>,
) -> Result<Json<LocalePreview>, ApiError> {
    auth.require(Permission::ManageCreatives)?;
    let creative = load(&state, id).await?;
    let preview = creatives::approve(
        &state.store,
        &state.locales,
        &state.config.content.ad_text,
        &creative,
        &locale,
        Some(auth.user.id),
    )
    .await?;
    Ok(Json(preview))
}

// ------------------------------------------------------------------------------------------------- pages

async fn index_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
) -> Result<Response, PageError> {
    auth.require(Permission::ReadCreatives)?;
    let list = state.store.creatives().await?;
    let messages = creatives::candidate_messages(&state.locales);
    render_page(
        &state,
        &headers,
        &auth,
        "/creatives",
        "creatives.html",
        context! { creatives => list, messages, can_manage => auth.user.role.can(Permission::ManageCreatives) },
    )
}

#[derive(Debug, Deserialize)]
struct CreativeForm {
    csrf: String,
    name: String,
    message_id: String,
    image_ref: String,
}

impl CreativeForm {
    fn input(self) -> CreativeInput {
        CreativeInput {
            name: self.name,
            message_id: self.message_id,
            image_ref: self.image_ref,
        }
    }
}

async fn new_form(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    axum::Form(form): axum::Form<CreativeForm>,
) -> Result<Response, PageError> {
    auth.check_csrf(&form.csrf)?;
    auth.require(Permission::ManageCreatives)?;
    let creative = create(&state, auth.user.id, form.input()).await?;
    Ok(Redirect::to(&format!("/creatives/{}", creative.id)).into_response())
}

async fn creative_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    auth.require(Permission::ReadCreatives)?;
    let creative = load(&state, id).await?;
    let v = view(&state, creative, Vec::new()).await?;
    let messages = creatives::candidate_messages(&state.locales);
    let platforms: Vec<_> = state
        .config
        .content
        .ad_text
        .platforms()
        .iter()
        .map(|(p, _)| *p)
        .collect();
    render_page(
        &state,
        &headers,
        &auth,
        "/creatives",
        "creative.html",
        context! { creative => v.creative, previews => v.previews, messages, platforms,
        can_manage => auth.user.role.can(Permission::ManageCreatives) },
    )
}

async fn edit_form(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<CreativeForm>,
) -> Result<Response, PageError> {
    auth.check_csrf(&form.csrf)?;
    auth.require(Permission::ManageCreatives)?;
    edit(&state, auth.user.id, id, form.input()).await?;
    Ok(Redirect::to(&format!("/creatives/{id}")).into_response())
}

#[derive(Debug, Deserialize)]
struct ApproveForm {
    csrf: String,
    locale: String,
}

async fn approve_form(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<ApproveForm>,
) -> Result<Response, PageError> {
    auth.check_csrf(&form.csrf)?;
    auth.require(Permission::ManageCreatives)?;
    let creative = load(&state, id).await?;
    creatives::approve(
        &state.store,
        &state.locales,
        &state.config.content.ad_text,
        &creative,
        &form.locale,
        Some(auth.user.id),
    )
    .await
    .map_err(ApiError::from)?;
    Ok(Redirect::to(&format!("/creatives/{id}#locale-{}", form.locale)).into_response())
}
