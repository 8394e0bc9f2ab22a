//! The people and partners API under `/api/v1`: accounts, partner organisations, API tokens and the
//! audit log. Handlers parse, call one service method and render; every handler is described for the
//! OpenAPI document in `openapi.rs`.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::schema;
use crate::accounts::ApiToken;
use crate::accounts::Partner;
use crate::accounts::User;
use crate::accounts::{EmailAddress, Permission, Role};
use crate::services::accounts::{self as accounts_service, PartnerRef};
use crate::web::AppState;
use crate::web::access::{Access, mount};
use crate::web::auth::ApiUser;
use crate::web::error::{ApiError, ApiJson, Problem};
use crate::web::people::audit::{self, AuditParams};

/// Partner organisations are seen by those who plan with them, and a partner account sees its own.
const SEE_PARTNERS: Access = Access::Any(&[Permission::ListPartners, Permission::ViewOwnPartner]);

pub fn api(state: &AppState) -> OpenApiRouter<AppState> {
    use Permission::*;
    OpenApiRouter::new()
        .routes(mount(state, Access::SignedIn, routes!(me)))
        .routes(mount(
            state,
            Access::Can(ManageUsers),
            routes!(list_users, create_user),
        ))
        .routes(mount(state, SEE_PARTNERS, routes!(list_partners)))
        .routes(mount(
            state,
            Access::Can(ManagePartners),
            routes!(create_partner),
        ))
        .routes(mount(state, SEE_PARTNERS, routes!(get_partner)))
        .routes(mount(
            state,
            Access::SignedIn,
            routes!(list_tokens, create_token),
        ))
        .routes(mount(state, Access::SignedIn, routes!(delete_token)))
        .routes(mount(state, Access::Can(ReadAudit), routes!(audit)))
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/me", tag = "people",
    responses((status = 200, body = schema::User), (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn me(ApiUser(auth): ApiUser) -> Json<User> {
    Json(auth.user)
}

/// Every staff account (admin only).
#[utoipa::path(get, path = "/api/v1/users", tag = "people",
    responses((status = 200, body = [schema::User]), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list_users(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
) -> Result<Json<Vec<User>>, ApiError> {
    Ok(Json(
        state.services.accounts().list_users(&auth.actor()).await?,
    ))
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

impl NewUser {
    /// Parses the request at the edge, naming the field at fault.
    pub fn parse(self) -> Result<accounts_service::NewUser, ApiError> {
        let email = EmailAddress::parse(&self.email).map_err(|r| ApiError::invalid("email", r))?;
        let role: Role = self
            .role
            .parse()
            .map_err(|r: String| ApiError::invalid("role", r))?;
        Ok(accounts_service::NewUser {
            email,
            role,
            partner: self.partner_id.map(PartnerRef::Id),
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedUser {
    #[schema(value_type = schema::User)]
    pub user: User,
    /// Shown once: the user must replace it at first login.
    pub one_time_password: String,
}

/// Creates a staff account with a one-time password (admin only). A taken e-mail address is a 422
/// naming `email`.
#[utoipa::path(post, path = "/api/v1/users", tag = "people", request_body = NewUser,
    responses((status = 201, body = CreatedUser), (status = 400, body = Problem), (status = 403, body = Problem),
              (status = 422, body = Problem)))]
pub async fn create_user(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    ApiJson(input): ApiJson<NewUser>,
) -> Result<Response, ApiError> {
    let actor = auth.actor();
    actor.require(Permission::ManageUsers)?;
    let created = state
        .services
        .accounts()
        .create_user(&actor, input.parse()?)
        .await?;
    let body = CreatedUser {
        user: created.user,
        one_time_password: created.one_time_password,
    };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// Partner organisations: all of them for roles that plan with partners, a partner's own otherwise.
#[utoipa::path(get, path = "/api/v1/partners", tag = "partners",
    responses((status = 200, body = [schema::Partner]), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list_partners(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
) -> Result<Json<Vec<Partner>>, ApiError> {
    Ok(Json(
        state
            .services
            .accounts()
            .visible_partners(&auth.actor())
            .await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPartner {
    pub name: String,
    /// bank, local_authority, health, police, ngo, employer or other (`council` and `charity`, the older
    /// kinds, are taken as local_authority and ngo; `kind` is the field's older name).
    #[serde(alias = "kind")]
    pub sector: String,
}

/// Adds a partner organisation (admin only). A taken name is a 422 naming `name`.
#[utoipa::path(post, path = "/api/v1/partners", tag = "partners", request_body = NewPartner,
    responses((status = 201, body = schema::Partner), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create_partner(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    ApiJson(input): ApiJson<NewPartner>,
) -> Result<Response, ApiError> {
    let partner = state
        .services
        .accounts()
        .create_partner(&auth.actor(), &input.name, &input.sector)
        .await?;
    Ok((StatusCode::CREATED, Json(partner)).into_response())
}

/// One partner organisation. A partner account sees only its own.
#[utoipa::path(get, path = "/api/v1/partners/{id}", tag = "partners", params(("id" = i64, Path, description = "partner id")),
    responses((status = 200, body = schema::Partner), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get_partner(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Partner>, ApiError> {
    Ok(Json(
        state.services.accounts().partner(&auth.actor(), id).await?,
    ))
}

/// The signed-in user's API tokens (never the secrets).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "people",
    responses((status = 200, body = [schema::ApiToken]), (status = 401, body = Problem)))]
pub async fn list_tokens(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
) -> Result<Json<Vec<ApiToken>>, ApiError> {
    Ok(Json(state.services.accounts().tokens(auth.user.id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    /// What the token is for, e.g. "nightly import".
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedToken {
    #[schema(value_type = schema::ApiToken)]
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
    let created = state
        .services
        .accounts()
        .create_token(&auth.actor(), &input.name)
        .await?;
    let body = CreatedToken {
        token: created.token,
        secret: created.secret,
    };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// Revokes a token: your own, or anyone's for an admin.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "people", params(("id" = i64, Path, description = "token id")),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn delete_token(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    state
        .services
        .accounts()
        .revoke_token(&auth.actor(), id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// How many audit entries a page holds.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditLimit {
    /// At most this many entries (default 50, at most 1,000).
    pub limit: Option<i64>,
}

/// The audit log, newest first, one page at a time (admin only). The filters narrow it; the `Link`
/// header gives the newer (`rel="prev"`) and older (`rel="next"`) pages with the same filters. Reads
/// and exports keep their arguments (settings, counts and the filter's set fields) as a JSON object in
/// `detail`; other entries keep text.
#[utoipa::path(get, path = "/api/v1/audit", tag = "people", params(AuditParams, AuditLimit),
    responses((status = 200, body = [schema::AuditEntry],
        headers(("link" = String, description = "the newer and older pages: `</api/v1/audit?…&after=ID>; rel=\"prev\", </api/v1/audit?…&before=ID>; rel=\"next\"`"))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn audit(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Query(params): Query<AuditParams>,
    Query(limit): Query<AuditLimit>,
) -> Result<Response, ApiError> {
    let query = params.query()?;
    let page = state
        .services
        .accounts()
        .audit_log(
            &auth.actor(),
            &query,
            limit.limit.unwrap_or(audit::PAGE_SIZE),
        )
        .await?;
    let (newer, older) = params.neighbours(&page);
    let with_limit = |q: String| match limit.limit {
        Some(n) => format!("/api/v1/audit?{q}&limit={n}"),
        None => format!("/api/v1/audit?{q}"),
    };
    let links: Vec<String> = [(newer, "prev"), (older, "next")]
        .into_iter()
        .filter_map(|(q, rel)| q.map(|q| format!("<{}>; rel=\"{rel}\"", with_limit(q))))
        .collect();
    let mut response = Json(page.entries).into_response();
    if !links.is_empty()
        && let Ok(value) = links.join(", ").parse()
    {
        response
            .headers_mut()
            .insert(axum::http::header::LINK, value);
    }
    Ok(response)
}
