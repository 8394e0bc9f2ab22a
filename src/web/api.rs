//! The JSON API under `/api/v1`. Every handler is described for the OpenAPI document in `openapi.rs`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::AppState;
use super::auth::{ApiUser, Authenticated, TOKEN_PREFIX};
use super::error::{ApiError, ApiJson, Problem};
use crate::accounts::{EmailAddress, Permission, Role, generate_secret};
use crate::store::audit::AuditEntry;
use crate::store::partners::{PARTNER_KINDS, Partner};
use crate::store::tokens::ApiToken;
use crate::store::users::User;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/me", get(me))
        .route("/api/v1/users", get(list_users).post(create_user))
        .route("/api/v1/partners", get(list_partners).post(create_partner))
        .route("/api/v1/partners/{id}", get(get_partner))
        .route("/api/v1/tokens", get(list_tokens).post(create_token))
        .route("/api/v1/tokens/{id}", delete(delete_token))
        .route("/api/v1/audit", get(audit))
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/me", tag = "people",
    responses((status = 200, body = User), (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn me(ApiUser(auth): ApiUser) -> Json<User> {
    Json(auth.user)
}

/// Every staff account (admin only).
#[utoipa::path(get, path = "/api/v1/users", tag = "people",
    responses((status = 200, body = [User]), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list_users(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
) -> Result<Json<Vec<User>>, ApiError> {
    auth.require(Permission::ManageUsers)?;
    Ok(Json(state.store.list_users().await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    pub email: String,
    /// admin, analyst, campaigner, translator, evaluator or partner.
    pub role: String,
    /// Required for the partner role, and only for it.
    #[serde(default)]
    pub partner_id: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedUser {
    pub user: User,
    /// Shown once: the user must replace it at first login.
    pub one_time_password: String,
}

/// Creates a staff account with a one-time password (admin only).
#[utoipa::path(post, path = "/api/v1/users", tag = "people", request_body = NewUser,
    responses((status = 201, body = CreatedUser), (status = 400, body = Problem), (status = 403, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create_user(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    ApiJson(input): ApiJson<NewUser>,
) -> Result<Response, ApiError> {
    let created = create_user_as(&state, &auth, input).await?;
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

/// Validates and creates an account; shared by the API and the users page.
pub async fn create_user_as(
    state: &AppState,
    auth: &Authenticated,
    input: NewUser,
) -> Result<CreatedUser, ApiError> {
    auth.require(Permission::ManageUsers)?;
    let email = EmailAddress::parse(&input.email).map_err(|r| ApiError::invalid("email", r))?;
    let role: Role = input
        .role
        .parse()
        .map_err(|r: String| ApiError::invalid("role", r))?;
    let partner_id =
        match (role, input.partner_id) {
            (Role::Partner, None) => {
                return Err(ApiError::invalid(
                    "partner_id",
                    "a partner account belongs to one partner organisation",
                ));
            }
            (Role::Partner, Some(id)) => {
                state.store.partner_by_id(id).await?.ok_or_else(|| {
                    ApiError::invalid("partner_id", "no such partner organisation")
                })?;
                Some(id)
            }
            (_, Some(_)) => {
                return Err(ApiError::invalid(
                    "partner_id",
                    "only partner accounts belong to a partner organisation",
                ));
            }
            (_, None) => None,
        };
    if state.store.user_for_login(email.as_str()).await?.is_some() {
        return Err(ApiError::Conflict(format!(
            "an account for {email} exists already"
        )));
    }
    let (user, one_time_password) =
        crate::accounts::add_user(&state.store, &state.passwords, &email, role, partner_id)
            .await
            .map_err(ApiError::Internal)?;
    state
        .store
        .audit(
            Some(auth.user.id),
            "user.create",
            &user.email,
            role.as_str(),
        )
        .await?;
    Ok(CreatedUser {
        user,
        one_time_password,
    })
}

/// Partner organisations: all of them for roles that plan with partners, a partner's own otherwise.
#[utoipa::path(get, path = "/api/v1/partners", tag = "partners",
    responses((status = 200, body = [Partner]), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list_partners(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
) -> Result<Json<Vec<Partner>>, ApiError> {
    Ok(Json(visible_partners(&state, &auth).await?))
}

pub async fn visible_partners(
    state: &AppState,
    auth: &Authenticated,
) -> Result<Vec<Partner>, ApiError> {
    if auth.user.role.can(Permission::ListPartners) {
        return Ok(state.store.list_partners().await?);
    }
    auth.require(Permission::ViewOwnPartner)?;
    let own = match auth.user.partner_id {
        Some(id) => state.store.partner_by_id(id).await?,
        None => None,
    };
    Ok(own.into_iter().collect())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPartner {
    pub name: String,
    /// bank, council, police, charity, employer or other.
    pub kind: String,
}

/// Adds a partner organisation (admin only).
#[utoipa::path(post, path = "/api/v1/partners", tag = "partners", request_body = NewPartner,
    responses((status = 201, body = Partner), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create_partner(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    ApiJson(input): ApiJson<NewPartner>,
) -> Result<Response, ApiError> {
    let partner = create_partner_as(&state, &auth, input).await?;
    Ok((StatusCode::CREATED, Json(partner)).into_response())
}

pub async fn create_partner_as(
    state: &AppState,
    auth: &Authenticated,
    input: NewPartner,
) -> Result<Partner, ApiError> {
    auth.require(Permission::ManagePartners)?;
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(ApiError::invalid("name", "a name of 1 to 200 characters"));
    }
    if !PARTNER_KINDS.contains(&input.kind.as_str()) {
        return Err(ApiError::invalid(
            "kind",
            format!("one of {}", PARTNER_KINDS.join(", ")),
        ));
    }
    if state.store.partner_by_name(name).await?.is_some() {
        return Err(ApiError::Conflict(format!(
            "a partner named {name} exists already"
        )));
    }
    let partner = state.store.create_partner(name, &input.kind).await?;
    state
        .store
        .audit(
            Some(auth.user.id),
            "partner.create",
            &partner.name,
            &partner.kind,
        )
        .await?;
    Ok(partner)
}

/// One partner organisation. A partner account sees only its own.
#[utoipa::path(get, path = "/api/v1/partners/{id}", tag = "partners", params(("id" = i64, Path, description = "partner id")),
    responses((status = 200, body = Partner), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get_partner(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Partner>, ApiError> {
    Ok(Json(partner_as(&state, &auth, id).await?))
}

pub async fn partner_as(
    state: &AppState,
    auth: &Authenticated,
    id: i64,
) -> Result<Partner, ApiError> {
    let allowed = auth.user.role.can(Permission::ListPartners)
        || (auth.user.role.can(Permission::ViewOwnPartner) && auth.user.partner_id == Some(id));
    if !allowed {
        return Err(ApiError::Forbidden(
            "this partner organisation is not yours".into(),
        ));
    }
    state
        .store
        .partner_by_id(id)
        .await?
        .ok_or_else(|| ApiError::NotFound("no such partner organisation".into()))
}

/// The signed-in user's API tokens (never the secrets).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "people",
    responses((status = 200, body = [ApiToken]), (status = 401, body = Problem)))]
pub async fn list_tokens(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
) -> Result<Json<Vec<ApiToken>>, ApiError> {
    Ok(Json(state.store.tokens_of_user(auth.user.id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    /// What the token is for, e.g. "nightly import".
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedToken {
    pub token: ApiToken,
    /// The secret, shown once; send it as `Authorization: Bearer …`.
    pub secret: String,
}

/// Creates an API token for the signed-in user.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "people", request_body = NewToken,
    responses((status = 201, body = CreatedToken), (status = 401, body = Problem), (status = 422, body = Problem)))]
pub async fn create_token(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    ApiJson(input): ApiJson<NewToken>,
) -> Result<Response, ApiError> {
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ApiError::invalid("name", "a name of 1 to 100 characters"));
    }
    let secret = new_token_secret();
    let token = state
        .store
        .create_token(auth.user.id, name, &secret)
        .await?;
    state
        .store
        .audit(Some(auth.user.id), "token.create", &token.prefix, name)
        .await?;
    Ok((StatusCode::CREATED, Json(CreatedToken { token, secret })).into_response())
}

pub fn new_token_secret() -> String {
    format!("{TOKEN_PREFIX}{}", generate_secret(32))
}

/// Revokes a token: your own, or anyone's for an admin.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "people", params(("id" = i64, Path, description = "token id")),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn delete_token(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    revoke_token_as(&state, &auth, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn revoke_token_as(
    state: &AppState,
    auth: &Authenticated,
    id: i64,
) -> Result<(), ApiError> {
    let token = state
        .store
        .token_by_id(id)
        .await?
        .ok_or_else(|| ApiError::NotFound("no such token".into()))?;
    if token.user_id != auth.user.id {
        // Someone else's token: only an admin may revoke it, and nobody else learns it exists.
        if !auth.user.role.can(Permission::ManageUsers) {
            return Err(ApiError::NotFound("no such token".into()));
        }
    }
    state.store.revoke_token(id).await?;
    state
        .store
        .audit(
            Some(auth.user.id),
            "token.revoke",
            &token.prefix,
            &token.name,
        )
        .await?;
    Ok(())
}

/// The newest 200 audit entries (admin only).
#[utoipa::path(get, path = "/api/v1/audit", tag = "people",
    responses((status = 200, body = [AuditEntry]), (status = 403, body = Problem)))]
pub async fn audit(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    auth.require(Permission::ReadAudit)?;
    Ok(Json(state.store.audit_entries(200).await?))
}
