//! Measuring over the API and on the campaign's page: a campaign's reach across its channels, and the
//! events held off line that campaign staff enter for it.

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

pub fn pages(state: &AppState) -> crate::web::page::Pages {
    crate::web::page::Pages::new(state).post("/campaigns/{id}/events", RUN, event_form)
}

#[derive(Debug, serde::Deserialize)]
struct EventForm {
    csrf: String,
    name: String,
    place: String,
    held_on: String,
    people_reached: String,
    counted_how: String,
}

/// The campaign page's event form: back to the page's reach when kept, or the page again with the
/// refusal and what was typed.
async fn event_form(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    crate::web::auth::PageUser(auth): crate::web::auth::PageUser,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<EventForm>,
) -> Result<Response, crate::web::error::PageError> {
    use crate::services::ServiceError;
    auth.check_csrf(&form.csrf)?;
    let people = form.people_reached.trim();
    let result = match people.parse::<i64>() {
        Ok(people_reached) => {
            let input = EventInput {
                name: form.name.clone(),
                place: form.place.clone(),
                held_on: form.held_on.clone(),
                people_reached,
                counted_how: form.counted_how.clone(),
            };
            state
                .services
                .measure()
                .add_event(&auth.actor(), id, &input)
                .await
        }
        Err(_) => Err(ServiceError::invalid(
            "people_reached",
            crate::message::Message::new("refused-not-a-number"),
        )),
    };
    match result {
        Ok(_) => {
            Ok(axum::response::Redirect::to(&format!("/campaigns/{id}#reach")).into_response())
        }
        Err(e @ (ServiceError::Invalid { .. } | ServiceError::Conflict(_))) => {
            let error = crate::web::page::refusal(&state, &headers, &auth, &e);
            crate::web::campaigns::campaign_render(
                &state,
                &headers,
                &auth,
                id,
                minijinja::context! { event_error => error, event_form => minijinja::context! {
                    name => form.name, place => form.place, held_on => form.held_on,
                    people_reached => form.people_reached, counted_how => form.counted_how,
                } },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

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
