//! Measuring over the API: a campaign's reach across its channels, and the events held off line that
//! campaign staff enter for it.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::accounts::Permission;
use crate::services::measure::EventInput;
use crate::web::AppState;
use crate::web::access::{Access, mount};
use crate::web::auth::ApiUser;
use crate::web::error::{ApiError, ApiJson, Problem};

const READ: Access = Access::Can(Permission::ReadCampaigns);
const RUN: Access = Access::Can(Permission::RunCampaigns);

pub fn api_router(state: &AppState) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(mount(state, READ, routes!(campaign_reach)))
        .routes(mount(state, READ, routes!(list_events)))
        .routes(mount(state, RUN, routes!(add_event)))
}

/// A campaign's reach: each channel's people reached and how they were counted, the plain sum, the
/// estimate of unique people across channels (random overlap within the audience, capped at it), the
/// partners' staff trained, and every assumption as a message id.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/reach", tag = "measure",
    responses((status = 200, body = crate::services::measure::ReachSummary), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn campaign_reach(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let reach = state.services.measure().reach(&auth.actor(), id).await?;
    Ok(Json(reach).into_response())
}

/// A campaign's events held off line, by day.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/events", tag = "measure",
    responses((status = 200, body = Vec<crate::store::measure::OfflineEvent>), (status = 403, body = Problem)))]
pub async fn list_events(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let events = state.services.measure().events(&auth.actor(), id).await?;
    Ok(Json(events).into_response())
}

/// Records an event held off line (a community awareness day): where, when, how many people and how
/// they were counted (campaign staff; audited). A day to come, an empty field or a count out of range
/// is a 422 naming the field.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/events", tag = "measure", request_body = EventInput,
    responses((status = 201, body = crate::store::measure::OfflineEvent), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn add_event(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<EventInput>,
) -> Result<Response, ApiError> {
    let event = state
        .services
        .measure()
        .add_event(&auth.actor(), id, &body)
        .await?;
    Ok((StatusCode::CREATED, Json(event)).into_response())
}
