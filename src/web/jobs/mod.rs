//! The job queue for administrators: the API (`/api/v1/jobs`) and the page (`/admin/jobs`) show the queue's
//! counts and jobs with their errors, and retry a job from the dead letter.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::accounts::Permission;
use crate::web::AppState;
use crate::web::access::{Access, mount};
use crate::web::auth::{ApiUser, PageUser};
use crate::web::error::{ApiError, PageError, Problem};
use crate::web::page::{Pages, render_page};

const MANAGE: Access = Access::Can(Permission::ManageJobs);

pub fn api_router(state: &AppState) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(mount(state, MANAGE, routes!(list_jobs)))
        .routes(mount(state, MANAGE, routes!(retry_job)))
}

pub fn pages(state: &AppState) -> Pages {
    Pages::new(state)
        .get("/admin/jobs", MANAGE, jobs_page)
        .post("/admin/jobs/{id}/retry", MANAGE, retry_form)
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct JobsQuery {
    /// Only jobs in this state: queued, running, done or dead.
    status: Option<String>,
    /// How many of the newest jobs (1 to 500; 100 when not given).
    limit: Option<i64>,
}

/// The queue's counts per state and its newest jobs, with attempts and the last error (administrators).
#[utoipa::path(get, path = "/api/v1/jobs", tag = "jobs", params(JobsQuery),
    responses((status = 200, body = Object), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn list_jobs(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Query(q): Query<JobsQuery>,
) -> Result<Response, ApiError> {
    let view = state
        .services
        .jobs()
        .view(&auth.actor(), q.status.as_deref(), q.limit.unwrap_or(100))
        .await?;
    Ok(Json(view).into_response())
}

/// Puts a job from the dead letter back on the queue, its attempts reset (administrators; audited). A job
/// in any other state is a 409.
#[utoipa::path(post, path = "/api/v1/jobs/{id}/retry", tag = "jobs",
    responses((status = 200, body = Object), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn retry_job(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let job = state.services.jobs().retry(&auth.actor(), id).await?;
    Ok(Json(job).into_response())
}

async fn jobs_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Query(q): Query<JobsQuery>,
) -> Result<Response, PageError> {
    let status = q.status.filter(|s| !s.is_empty());
    let view = state
        .services
        .jobs()
        .view(&auth.actor(), status.as_deref(), q.limit.unwrap_or(100))
        .await?;
    render_page(
        &state,
        &headers,
        &auth,
        "/admin/jobs",
        "jobs.html",
        context! { counts => view.counts, jobs => view.jobs, status },
    )
}

#[derive(Debug, Deserialize)]
struct RetryForm {
    csrf: String,
}

async fn retry_form(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<RetryForm>,
) -> Result<Response, PageError> {
    auth.check_csrf(&form.csrf)?;
    state.services.jobs().retry(&auth.actor(), id).await?;
    Ok(Redirect::to("/admin/jobs?status=dead").into_response())
}
