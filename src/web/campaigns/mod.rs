//! Campaigns over the API (`/api/v1/campaigns`) and on the staff pages (`/campaigns`): the list, a
//! campaign's state, schedule and next runs, per-channel progress, history and platform objects; making,
//! editing and moving campaigns; the iCalendar export and the schedule preview.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::accounts::Permission;
use crate::campaign::lifecycle::Action;
use crate::campaign::model::{CampaignInput, ChannelInput, EmailInput, ScheduleInput};
use crate::campaign::schedule::{CronSchedule, rfc3339};
use crate::message::Message;
use crate::web::AppState;
use crate::web::access::{Access, mount};
use crate::web::auth::{ApiUser, PageUser};
use crate::web::error::{ApiError, ApiJson, PageError, Problem};
use crate::web::page::{Pages, render_page};

const READ: Access = Access::Can(Permission::ReadCampaigns);
const RUN: Access = Access::Can(Permission::RunCampaigns);

pub fn api_router(state: &AppState) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(mount(state, READ, routes!(list_campaigns)))
        .routes(mount(state, RUN, routes!(create_campaign)))
        .routes(mount(state, READ, routes!(get_campaign)))
        .routes(mount(state, READ, routes!(campaign_insights)))
        .routes(mount(state, READ, routes!(campaign_email)))
        .routes(mount(state, RUN, routes!(update_campaign)))
        .routes(mount(state, RUN, routes!(move_campaign)))
        .routes(mount(state, RUN, routes!(change_budget)))
        .routes(mount(state, READ, routes!(calendar)))
        .routes(mount(state, READ, routes!(export_file)))
        .routes(mount(state, READ, routes!(preview_schedule)))
}

pub fn pages(state: &AppState) -> Pages {
    Pages::new(state)
        .get("/campaigns", READ, list_page)
        .post("/campaigns/new", RUN, new_form)
        .get("/campaigns/{id}", READ, campaign_page)
        .post("/campaigns/{id}/move", RUN, move_form)
        .post("/campaigns/{id}/budget", RUN, budget_form)
}

/// Every campaign with its channels and state.
#[utoipa::path(get, path = "/api/v1/campaigns", tag = "campaigns",
    responses((status = 200, body = Object), (status = 403, body = Problem)))]
pub async fn list_campaigns(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
) -> Result<Response, ApiError> {
    let list = state.services.campaigns().list(&auth.actor()).await?;
    Ok(Json(list).into_response())
}

/// Makes a campaign, a draft. Everything the request alone can tell is checked now, naming the field:
/// dates, zone, schedules with a run inside the dates, budgets, currencies, channels, locales.
#[utoipa::path(post, path = "/api/v1/campaigns", tag = "campaigns", request_body = Object,
    responses((status = 201, body = Object), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create_campaign(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    ApiJson(input): ApiJson<CampaignInput>,
) -> Result<Response, ApiError> {
    let c = state
        .services
        .campaigns()
        .create(&auth.actor(), input)
        .await?;
    Ok((StatusCode::CREATED, Json(c)).into_response())
}

/// A campaign: its plan, state, history, platform objects, next runs, and the moves open to it.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}", tag = "campaigns",
    responses((status = 200, body = Object), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get_campaign(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let view = state.services.campaigns().get(&auth.actor(), id).await?;
    Ok(Json(view).into_response())
}

/// A campaign's delivery as its platforms reported it: per channel and day, the total (`breakdown` empty)
/// and, where the platform gives them, age, gender and region breakdowns. Reach is people reached that
/// day: days do not add up to the campaign's reach. A row with `breakdown` `lifetime` is not a day: it is
/// the platform's own count of the people reached from the campaign's first day to `day`, each once, and
/// its impressions, clicks and spend are those days' totals (already in the daily rows).
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/insights", tag = "campaigns",
    responses((status = 200, body = Object), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn campaign_insights(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let rows = state
        .services
        .campaigns()
        .insights(&auth.actor(), id)
        .await?;
    Ok(Json(rows).into_response())
}

/// A campaign's e-mail: where sending stands (pending, sending, paused, finished, stopped), how many
/// messages are queued, in the SMTP exchange, sent, failed and suppressed, the rate over the last minute
/// and hour, the relay's latest failure while it stands, and the replies to failed messages.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/email", tag = "campaigns",
    responses((status = 200, body = Object), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn campaign_email(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let progress = state
        .services
        .emails()
        .progress(&auth.actor(), id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("campaign {id} sends no e-mail")))?;
    Ok(Json(progress).into_response())
}

/// Replaces a campaign's plan before it starts; an approved or scheduled campaign goes back to draft.
#[utoipa::path(put, path = "/api/v1/campaigns/{id}", tag = "campaigns", request_body = Object,
    responses((status = 200, body = Object), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn update_campaign(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<CampaignInput>,
) -> Result<Response, ApiError> {
    let c = state
        .services
        .campaigns()
        .update(&auth.actor(), id, input)
        .await?;
    Ok(Json(c).into_response())
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveBody {
    /// Why (required to cancel).
    #[serde(default)]
    reason: Option<String>,
}

/// Moves a campaign: `approve`, `schedule`, `launch`, `pause`, `resume` or `cancel`. A move its state
/// does not allow is a 409 naming the state.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/{action}", tag = "campaigns", request_body = MoveBody,
    responses((status = 200, body = Object), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn move_campaign(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path((id, action)): Path<(i64, String)>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let action = staff_action(&action)?;
    // The body is optional: no body, or {"reason": "…"}.
    let reason = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        serde_json::from_slice::<MoveBody>(&body)
            .map_err(|_| ApiError::invalid("reason", Message::new("refused-move-body")))?
            .reason
    };
    let c = state
        .services
        .campaigns()
        .act(&auth.actor(), id, action, reason.as_deref())
        .await?;
    Ok(Json(c).into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetBody {
    /// The new budget in the currency's smallest unit, of the kind the channel has (daily or lifetime).
    budget_minor: i64,
    /// Why (kept in the audit log).
    #[serde(default)]
    reason: Option<String>,
}

/// Changes one channel's budget while the campaign runs or is paused; a job carries it to the platform.
/// Before the start, edit the campaign instead.
#[utoipa::path(put, path = "/api/v1/campaigns/{id}/channels/{channel}/budget", tag = "campaigns", request_body = BudgetBody,
    responses((status = 200, body = Object), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn change_budget(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path((id, channel)): Path<(i64, String)>,
    ApiJson(body): ApiJson<BudgetBody>,
) -> Result<Response, ApiError> {
    let c = state
        .services
        .campaigns()
        .change_budget(
            &auth.actor(),
            id,
            &channel,
            body.budget_minor,
            body.reason.as_deref(),
        )
        .await?;
    Ok(Json(c).into_response())
}

fn staff_action(name: &str) -> Result<Action, ApiError> {
    Action::parse(name).filter(|a| a.by_staff()).ok_or_else(|| {
        ApiError::invalid(
            "action",
            Message::new("refused-choice").text("value", name).text(
                "choices",
                "approve, schedule, launch, pause, resume, cancel",
            ),
        )
    })
}

/// The campaign's planned flights and sends as iCalendar (RFC 5545), for calendar applications.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/calendar.ics", tag = "campaigns",
    responses((status = 200, content_type = "text/calendar", body = String), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn calendar(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let ics = state
        .services
        .campaigns()
        .calendar(&auth.actor(), id)
        .await?;
    Ok(ics_response(id, ics))
}

/// One of the files a person uploads by hand for a campaign with the `export` channel:
/// `beacon-c{id}-meta.csv` (Meta's bulk import), `beacon-c{id}-google-ads-editor.csv` or
/// `beacon-c{id}-targets.kml`.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/export/{file}", tag = "campaigns",
    responses((status = 200, content_type = "text/csv", body = String), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn export_file(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path((id, file)): Path<(i64, String)>,
) -> Result<Response, ApiError> {
    let files = state
        .services
        .campaigns()
        .export_files(&auth.actor(), id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("campaign {id} has no export channel")))?;
    let (name, bytes) = files
        .into_iter()
        .find(|(name, _)| *name == file)
        .ok_or_else(|| ApiError::NotFound(format!("no export file {file}")))?;
    let kind = if name.ends_with(".kml") {
        "application/vnd.google-earth.kml+xml"
    } else {
        "text/csv; charset=utf-8"
    };
    Ok((
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

fn ics_response(id: i64, ics: String) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"campaign-{id}.ics\""),
            ),
        ],
        ics,
    )
        .into_response()
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct PreviewQuery {
    /// A cron expression (5 fields, or 6 to 7 with seconds first).
    cron: String,
    /// IANA time zone, e.g. Europe/London.
    tz: String,
    /// Runs strictly after this RFC 3339 instant (default: now).
    from: Option<String>,
    /// How many runs, 1 to 100 (default 10).
    count: Option<usize>,
}

/// The next runs of a schedule as RFC 3339 UTC instants: a local time the clocks skip runs when they
/// jump, one they repeat runs at its first occurrence.
#[utoipa::path(get, path = "/api/v1/schedule/preview", tag = "campaigns", params(PreviewQuery),
    responses((status = 200, body = [String]), (status = 422, body = Problem)))]
pub async fn preview_schedule(
    State(state): State<AppState>,
    ApiUser(_auth): ApiUser,
    Query(q): Query<PreviewQuery>,
) -> Result<Response, ApiError> {
    let cron = CronSchedule::parse(&q.cron, &q.tz).map_err(|e| {
        let field = match e {
            crate::campaign::schedule::ScheduleError::UnknownZone { .. } => "tz",
            _ => "cron",
        };
        ApiError::invalid(field, e.message())
    })?;
    let from = match q.from.as_deref() {
        None | Some("") => state.services.clock.now(),
        Some(f) => time::OffsetDateTime::parse(f, &time::format_description::well_known::Rfc3339)
            .map_err(|_| {
            ApiError::invalid("from", Message::new("refused-datetime").text("value", f))
        })?,
    };
    let count = q.count.unwrap_or(10).clamp(1, 100);
    let runs: Vec<String> = cron
        .next_after(from, count)
        .into_iter()
        .map(rfc3339)
        .collect();
    Ok(Json(runs).into_response())
}

async fn list_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
) -> Result<Response, PageError> {
    let actor = auth.actor();
    let campaigns = state.services.campaigns().list(&actor).await?;
    let can_run = auth.user.role.can(Permission::RunCampaigns);
    let lists = if can_run {
        state.services.subscribers().lists(&actor).await?
    } else {
        Vec::new()
    };
    let (snapshots, creatives) = if can_run {
        let overview = state.services.audiences().overview(&actor).await?;
        let mut snapshots = Vec::new();
        for a in &overview.audiences {
            for s in state.services.audiences().snapshots(&actor, a.id).await? {
                snapshots.push(
                    context! { id => s.id, audience => a.name.clone(), version => s.version },
                );
            }
        }
        (snapshots, state.services.creatives().list(&actor).await?)
    } else {
        (Vec::new(), Vec::new())
    };
    let locales: Vec<String> = state
        .locales
        .available()
        .map(|l| l.as_str().to_string())
        .collect();
    render_page(
        &state,
        &headers,
        &auth,
        "/campaigns",
        "campaigns.html",
        context! { campaigns, can_run, snapshots, creatives, locales, lists },
    )
}

#[derive(Debug, Deserialize)]
struct NewCampaignForm {
    csrf: String,
    name: String,
    objective: String,
    #[serde(default)]
    landing_url: String,
    snapshot_id: String,
    creative_id: String,
    locales: String,
    time_zone: String,
    starts_at: String,
    ends_at: String,
    channel: String,
    budget_minor: String,
    currency: String,
    budget_kind: String,
    #[serde(default)]
    send_window: String,
    #[serde(default)]
    cron: String,
    #[serde(default)]
    email_list: String,
    #[serde(default)]
    email_window: String,
}

fn number(field: &str, value: &str) -> Result<i64, ApiError> {
    value.trim().parse().map_err(|_| {
        ApiError::invalid(
            field,
            Message::new("refused-not-a-number").text("value", value.trim()),
        )
    })
}

async fn new_form(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    axum::Form(form): axum::Form<NewCampaignForm>,
) -> Result<Response, PageError> {
    auth.check_csrf(&form.csrf)?;
    let input = CampaignInput {
        name: form.name,
        objective: form.objective,
        landing_url: Some(form.landing_url),
        snapshot_id: number("snapshot_id", &form.snapshot_id)?,
        creative_id: number("creative_id", &form.creative_id)?,
        locales: form
            .locales
            .split([',', ' '])
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        time_zone: form.time_zone,
        starts_at: form.starts_at,
        ends_at: form.ends_at,
        channels: vec![ChannelInput {
            channel: form.channel.clone(),
            budget_minor: number("channels[0].budget_minor", &form.budget_minor)?,
            currency: form.currency,
            budget_kind: form.budget_kind,
            send_window: Some(form.send_window),
        }],
        schedules: if form.cron.trim().is_empty() {
            Vec::new()
        } else {
            vec![ScheduleInput {
                channel: form.channel,
                locale: None,
                cron: form.cron,
                time_zone: None,
            }]
        },
        email: if form.email_list.trim().is_empty() {
            None
        } else {
            Some(EmailInput {
                lists: vec![number("email.lists", &form.email_list)?],
                send_window: Some(form.email_window),
            })
        },
    };
    let c = state
        .services
        .campaigns()
        .create(&auth.actor(), input)
        .await?;
    Ok(Redirect::to(&format!("/campaigns/{}", c.id)).into_response())
}

async fn campaign_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    campaign_render(&state, &headers, &auth, id, context! {}, StatusCode::OK).await
}

/// The campaign's page with `extra` (a refusal and the form's last values).
pub(crate) async fn campaign_render(
    state: &AppState,
    headers: &HeaderMap,
    auth: &crate::web::auth::Authenticated,
    id: i64,
    extra: minijinja::Value,
    status: StatusCode,
) -> Result<Response, PageError> {
    let view = state.services.campaigns().get(&auth.actor(), id).await?;
    let email = state.services.emails().progress(&auth.actor(), id).await?;
    let lists = match &view.campaign.email {
        Some(e) => {
            let mut names = Vec::new();
            for l in &e.lists {
                if let Ok(list) = state.services.subscribers().list(&auth.actor(), *l).await {
                    names.push(context! { id => list.id, name => list.name });
                }
            }
            names
        }
        None => Vec::new(),
    };
    let can_run = auth.user.role.can(Permission::RunCampaigns);
    let reach = state.services.measure().reach(&auth.actor(), id).await?;
    let events = state.services.measure().events(&auth.actor(), id).await?;
    crate::web::page::render_with_status(
        state,
        headers,
        auth,
        "/campaigns",
        "campaign.html",
        context! { ..extra, ..context! {
            view, can_run, email, lists, reach, events,
            today => state.services.clock.now().date().to_string(),
        } },
        status,
    )
}

#[derive(Debug, Deserialize)]
struct MoveForm {
    csrf: String,
    action: String,
    #[serde(default)]
    reason: String,
}

async fn move_form(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<MoveForm>,
) -> Result<Response, PageError> {
    auth.check_csrf(&form.csrf)?;
    let action = staff_action(&form.action)?;
    state
        .services
        .campaigns()
        .act(&auth.actor(), id, action, Some(form.reason.as_str()))
        .await?;
    Ok(Redirect::to(&format!("/campaigns/{id}")).into_response())
}

#[derive(Debug, Deserialize)]
struct BudgetForm {
    csrf: String,
    channel: String,
    budget_minor: String,
    #[serde(default)]
    reason: String,
}

async fn budget_form(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<BudgetForm>,
) -> Result<Response, PageError> {
    auth.check_csrf(&form.csrf)?;
    let budget_minor = form.budget_minor.trim().parse::<i64>().map_err(|_| {
        ApiError::invalid(
            "budget_minor",
            Message::new("refused-budget").text("value", form.budget_minor.trim()),
        )
    })?;
    state
        .services
        .campaigns()
        .change_budget(
            &auth.actor(),
            id,
            &form.channel,
            budget_minor,
            Some(form.reason.as_str()),
        )
        .await?;
    Ok(Redirect::to(&format!("/campaigns/{id}")).into_response())
}
