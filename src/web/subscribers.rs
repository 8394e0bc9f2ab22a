//! Mailing lists for campaign staff (`/lists`, `/api/v1/lists`): make a list, search its subscribers,
//! import a file all or nothing, download it, erase a person. And what a subscriber reaches through the
//! link in every e-mail, without an account or a cookie: `/subscription?t=…` shows what is held about
//! them and offers its download, unsubscribing and erasure; `POST /u/{token}` is RFC 8058's one-click
//! unsubscribe, which mail clients send with no confirmation page.

use axum::Json;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::accounts::Permission;
use crate::message::{Message, english};
use crate::services::ServiceError;
use crate::subscribers::import::ImportRefusal;
use crate::web::AppState;
use crate::web::access::{Access, mount};
use crate::web::auth::{ApiUser, PageUser};
use crate::web::error::{ApiError, PageError, Problem};
use crate::web::identify::api::{ImportErrorItem, rejected};
use crate::web::page::{Pages, render_page};

const READ: Access = Access::Can(Permission::ReadCampaigns);
const RUN: Access = Access::Can(Permission::RunCampaigns);

pub fn api_router(state: &AppState) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(mount(state, READ, routes!(list_lists)))
        .routes(mount(state, RUN, routes!(create_list)))
        .routes(mount(state, READ, routes!(get_list)))
        .routes(mount(state, RUN, routes!(list_subscribers)))
        .routes(mount(state, RUN, routes!(export_list)))
        .routes(mount(state, RUN, routes!(erase_subscriber)))
        .routes(mount(state, Access::Public, routes!(delivery_events)))
}

/// The import takes a file: it is under the import body limit.
pub fn upload_api_router(state: &AppState) -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(mount(state, RUN, routes!(import_subscribers)))
}

pub fn pages(state: &AppState) -> Pages {
    Pages::new(state)
        .get("/lists", READ, lists_page)
        .post("/lists/new", RUN, create_list_form)
        .get("/lists/{id}", RUN, list_page)
        .post("/lists/{id}/erase", RUN, erase_form)
        .get("/subscription", Access::Public, subscription_page)
        .get("/subscription/data", Access::Public, subscription_data)
        .post(
            "/subscription/unsubscribe",
            Access::Public,
            unsubscribe_form,
        )
        .post("/subscription/erase", Access::Public, erase_self_form)
        .post("/u/{token}", Access::Public, one_click)
        .get("/subscribe/{id}", Access::Public, signup_page)
        .post("/subscribe/{id}", Access::Public, signup_form)
        .get("/subscribe/confirm", Access::Public, confirm_page)
}

pub fn upload_pages(state: &AppState) -> Pages {
    Pages::new(state).post("/lists/{id}/import", RUN, import_form)
}

/// Every mailing list with how many people are confirmed, pending and unsubscribed.
#[utoipa::path(get, path = "/api/v1/lists", tag = "subscribers",
    responses((status = 200, body = Object), (status = 403, body = Problem)))]
pub async fn list_lists(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
) -> Result<Response, ApiError> {
    let lists = state.services.subscribers().lists(&auth.actor()).await?;
    Ok(Json(lists).into_response())
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewList {
    name: String,
}

/// Makes a mailing list (campaign staff; audited). A taken name is a 422 naming `name`.
#[utoipa::path(post, path = "/api/v1/lists", tag = "subscribers", request_body = NewList,
    responses((status = 201, body = Object), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create_list(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    crate::web::error::ApiJson(body): crate::web::error::ApiJson<NewList>,
) -> Result<Response, ApiError> {
    let list = state
        .services
        .subscribers()
        .create_list(&auth.actor(), &body.name)
        .await?;
    Ok((StatusCode::CREATED, Json(list)).into_response())
}

/// One list with its counts.
#[utoipa::path(get, path = "/api/v1/lists/{id}", tag = "subscribers",
    responses((status = 200, body = Object), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get_list(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let list = state.services.subscribers().list(&auth.actor(), id).await?;
    Ok(Json(list).into_response())
}

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct SearchQuery {
    /// Part of an address (any case); all when empty.
    #[serde(default)]
    q: String,
    /// 1 to 500; 100 when not given.
    limit: Option<i64>,
    #[serde(default)]
    offset: i64,
}

/// A list's subscribers, with their consent (campaign staff: addresses are personal data).
#[utoipa::path(get, path = "/api/v1/lists/{id}/subscribers", tag = "subscribers", params(SearchQuery),
    responses((status = 200, body = Object), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn list_subscribers(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<SearchQuery>,
) -> Result<Response, ApiError> {
    let rows = state
        .services
        .subscribers()
        .search(&auth.actor(), id, &q.q, q.limit.unwrap_or(100), q.offset)
        .await?;
    Ok(Json(rows).into_response())
}

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct ImportQuery {
    /// The file's name, for the errors (`members.csv`).
    pub(crate) file: Option<String>,
}

/// A refused file of people: a 422 naming every bad row (line and column) in `errors`.
pub(crate) fn refused(r: ImportRefusal) -> Response {
    let items = r
        .problems
        .iter()
        .map(|p| ImportErrorItem {
            line: p.line,
            field: p.column.clone().unwrap_or_else(|| "file".into()),
            reason: english(&p.reason),
        })
        .collect();
    rejected(format!("nothing was imported: {r}"), items)
}

/// Imports subscribers from a CSV body, all or nothing (see the README for its columns): every bad row is
/// named in `errors`; people on the suppression list are not added.
#[utoipa::path(post, path = "/api/v1/lists/{id}/import", tag = "subscribers", params(ImportQuery),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 201, body = Object), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn import_subscribers(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<ImportQuery>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let file = q.file.unwrap_or_else(|| "the request body".into());
    match state
        .services
        .subscribers()
        .import(&auth.actor(), id, body.to_vec(), &file)
        .await?
    {
        Ok(outcome) => Ok((StatusCode::CREATED, Json(outcome)).into_response()),
        Err(r) => Ok(refused(r)),
    }
}

/// A list as CSV in the import's columns (campaign staff; audited with the count).
#[utoipa::path(get, path = "/api/v1/lists/{id}/export.csv", tag = "subscribers",
    responses((status = 200, content_type = "text/csv", body = String), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn export_list(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let csv = state
        .services
        .subscribers()
        .export_csv(&auth.actor(), id)
        .await?;
    Ok(csv_attachment(&format!("list-{id}.csv"), csv.into_bytes()))
}

/// A CSV file of people to download: never cached.
pub(crate) fn csv_attachment(name: &str, csv: Vec<u8>) -> Response {
    crate::web::headers::attachment("text/csv; charset=utf-8", name, csv)
}

/// Erases a person from every list (at their request): their address's hash joins the suppression list,
/// so no import brings them back.
#[utoipa::path(delete, path = "/api/v1/subscribers/{id}", tag = "subscribers",
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn erase_subscriber(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    state
        .services
        .subscribers()
        .erase(&auth.actor(), id)
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeliveryEvents {
    events: Vec<crate::services::subscribers::DeliveryEvent>,
}

/// For relays and mail providers: bounces, complaints and unsubscribes, as
/// `{"events": [{"type": "bounce" | "complaint" | "unsubscribe", "email": "…", "permanent": true}]}`,
/// authenticated with `Authorization: Bearer <channels.email.webhook_secret>`. A hard bounce, a complaint
/// and an unsubscribe join the suppression list at once; a soft bounce changes nothing. All or nothing:
/// one bad event refuses the batch (422 naming it). 404 while no secret is configured.
#[utoipa::path(post, path = "/api/v1/email/events", tag = "subscribers", request_body = DeliveryEvents,
    responses((status = 200, body = Object), (status = 401, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn delivery_events(
    State(state): State<AppState>,
    headers: HeaderMap,
    crate::web::error::ApiJson(body): crate::web::error::ApiJson<DeliveryEvents>,
) -> Result<Response, ApiError> {
    let secret = state.config.channels.email.webhook_secret.expose();
    if secret.is_empty() {
        return Err(ApiError::NotFound(
            "no webhook is configured (channels.email.webhook_secret)".into(),
        ));
    }
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !crate::accounts::constant_time_eq(given, secret) {
        return Ok(crate::web::error::problem_response(
            StatusCode::UNAUTHORIZED,
            Some("the webhook's shared secret is missing or wrong".into()),
            None,
        ));
    }
    if body.events.len() > 10_000 {
        return Err(ApiError::invalid(
            "events",
            Message::new("refused-too-many").number("max", 10_000),
        ));
    }
    let suppressed = state
        .services
        .subscribers()
        .delivery_events(&body.events)
        .await?;
    Ok(Json(serde_json::json!({ "suppressed": suppressed })).into_response())
}

async fn lists_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
) -> Result<Response, PageError> {
    let lists = state.services.subscribers().lists(&auth.actor()).await?;
    let can_run = auth.user.role.can(Permission::RunCampaigns);
    render_page(
        &state,
        &headers,
        &auth,
        "/lists",
        "lists.html",
        context! { lists, can_run },
    )
}

#[derive(Debug, Deserialize)]
struct ListForm {
    csrf: String,
    name: String,
}

async fn create_list_form(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    axum::Form(form): axum::Form<ListForm>,
) -> Result<Response, PageError> {
    auth.check_csrf(&form.csrf)?;
    let list = state
        .services
        .subscribers()
        .create_list(&auth.actor(), &form.name)
        .await?;
    Ok(Redirect::to(&format!("/lists/{}", list.id)).into_response())
}

async fn list_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<SearchQuery>,
) -> Result<Response, PageError> {
    let s = state.services.subscribers();
    let list = s.list(&auth.actor(), id).await?;
    let subscribers = s
        .search(&auth.actor(), id, &q.q, q.limit.unwrap_or(100), q.offset)
        .await?;
    render_page(
        &state,
        &headers,
        &auth,
        "/lists",
        "list.html",
        context! { list, subscribers, q => q.q },
    )
}

async fn import_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let (file_name, bytes) = crate::web::page_upload(&mut multipart, &auth).await?;
    let s = state.services.subscribers();
    match s
        .import(&auth.actor(), id, bytes.to_vec(), &file_name)
        .await?
    {
        Ok(outcome) => {
            let list = s.list(&auth.actor(), id).await?;
            let subscribers = s.search(&auth.actor(), id, "", 100, 0).await?;
            render_page(
                &state,
                &headers,
                &auth,
                "/lists",
                "list.html",
                context! { list, subscribers, q => "", outcome },
            )
        }
        Err(refusal) => {
            let problems: Vec<Message> = refusal
                .problems
                .iter()
                .map(|p| p.message(&refusal.file))
                .collect();
            let list = s.list(&auth.actor(), id).await?;
            let subscribers = s.search(&auth.actor(), id, "", 100, 0).await?;
            let mut page = render_page(
                &state,
                &headers,
                &auth,
                "/lists",
                "list.html",
                context! { list, subscribers, q => "", problems, problem_total => refusal.total },
            )?;
            *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(page)
        }
    }
}

#[derive(Debug, Deserialize)]
struct EraseForm {
    csrf: String,
    subscriber: i64,
}

async fn erase_form(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<EraseForm>,
) -> Result<Response, PageError> {
    auth.check_csrf(&form.csrf)?;
    state
        .services
        .subscribers()
        .erase(&auth.actor(), form.subscriber)
        .await?;
    Ok(Redirect::to(&format!("/lists/{id}")).into_response())
}

#[derive(Debug, Default, Deserialize)]
struct TokenQuery {
    #[serde(default)]
    t: String,
}

/// A refused link: a clear page in the visitor's language, nothing changed.
fn link_page(
    state: &AppState,
    headers: &HeaderMap,
    e: ServiceError,
) -> Result<Response, PageError> {
    let (why, status) = match &e {
        ServiceError::Conflict(_) => ("subscription-link-expired", StatusCode::GONE),
        ServiceError::NotFound(_) => ("subscription-link-invalid", StatusCode::NOT_FOUND),
        _ => return Err(e.into()),
    };
    crate::web::public::render(
        state,
        headers,
        "subscription.html",
        context! { refused => why },
        status,
    )
}

async fn subscription_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<TokenQuery>,
) -> Result<Response, PageError> {
    match state.services.subscribers().data(&q.t).await {
        Ok(data) => crate::web::public::render(
            &state,
            &headers,
            "subscription.html",
            context! { data, token => q.t },
            StatusCode::OK,
        ),
        Err(e) => link_page(&state, &headers, e),
    }
}

async fn subscription_data(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<TokenQuery>,
) -> Result<Response, PageError> {
    match state.services.subscribers().data(&q.t).await {
        Ok(data) => Ok((
            [
                (header::CONTENT_TYPE, "application/json"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"beacon-subscription.json\"",
                ),
                (header::CACHE_CONTROL, "no-store"),
            ],
            serde_json::to_string_pretty(&data).unwrap_or_default(),
        )
            .into_response()),
        Err(e) => link_page(&state, &headers, e),
    }
}

#[derive(Debug, Deserialize)]
struct SubscriptionForm {
    #[serde(default)]
    t: String,
    #[serde(default)]
    confirm: String,
}

async fn unsubscribe_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    axum::Form(form): axum::Form<SubscriptionForm>,
) -> Result<Response, PageError> {
    match state.services.subscribers().unsubscribe(&form.t).await {
        Ok(()) => crate::web::public::render(
            &state,
            &headers,
            "subscription.html",
            context! { done => "subscription-unsubscribed" },
            StatusCode::OK,
        ),
        Err(e) => link_page(&state, &headers, e),
    }
}

async fn erase_self_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    axum::Form(form): axum::Form<SubscriptionForm>,
) -> Result<Response, PageError> {
    if form.confirm != "yes" {
        // Erasure cannot be undone: the box must be ticked. Back to the page, nothing changed.
        return Ok(Redirect::to(&format!(
            "/subscription?t={}",
            url::form_urlencoded::byte_serialize(form.t.as_bytes()).collect::<String>()
        ))
        .into_response());
    }
    match state.services.subscribers().erase_self(&form.t).await {
        Ok(_) => crate::web::public::render(
            &state,
            &headers,
            "subscription.html",
            context! { done => "subscription-erased" },
            StatusCode::OK,
        ),
        Err(e) => link_page(&state, &headers, e),
    }
}

/// RFC 8058: a mail client's one-click unsubscribe. No login, no cookie, no confirmation page; the body
/// (`List-Unsubscribe=One-Click`) is not needed to act. A refused token is a plain 4xx.
async fn one_click(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    // A partner's contact asking for no more packs uses the same one-click address.
    let done = if crate::subscribers::Purpose::claimed(&token)
        == Some(crate::subscribers::Purpose::PackStop)
    {
        state.services.packs().stop(&token).await
    } else {
        state.services.subscribers().unsubscribe(&token).await
    };
    match done {
        Ok(()) => (StatusCode::OK, "unsubscribed\n").into_response(),
        Err(ServiceError::Conflict(_)) => {
            (StatusCode::GONE, "this link has expired\n").into_response()
        }
        Err(ServiceError::NotFound(_)) => {
            (StatusCode::NOT_FOUND, "not a link Beacon made\n").into_response()
        }
        Err(e) => ApiError::from(e).into_response(),
    }
}

/// The town a visitor may choose as their area on the sign-up page.
fn towns(state: &AppState) -> Vec<(String, String)> {
    state
        .services
        .places
        .area
        .towns
        .iter()
        .enumerate()
        .map(|(i, t)| (format!("town-{i}"), t.name.clone()))
        .collect()
}

fn signup_render(
    state: &AppState,
    headers: &HeaderMap,
    list: &crate::store::subscribers::ListRow,
    extra: minijinja::Value,
    status: StatusCode,
) -> Result<Response, PageError> {
    let zones: Vec<&str> = chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()).collect();
    crate::web::public::render(
        state,
        headers,
        "signup.html",
        context! { ..extra, ..context! { list_id => list.id, list_name => list.name.clone(), zones, towns => towns(state) } },
        status,
    )
}

async fn signup_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: axum_extra::extract::CookieJar,
    Path(id): Path<i64>,
    Query(q): Query<LangOnly>,
) -> Result<Response, PageError> {
    let (jar, headers) =
        crate::web::page::remember_language(&state, jar, headers, q.lang.as_deref());
    let list = state
        .store
        .mailing_list(id)
        .await
        .map_err(ServiceError::from)?
        .ok_or_else(|| ServiceError::NotFound(format!("no mailing list {id}")))?;
    let page = signup_render(
        &state,
        &headers,
        &list,
        context! { form => SignUpForm::default(), errors => Vec::<Message>::new() },
        StatusCode::OK,
    )?;
    Ok((jar, page).into_response())
}

#[derive(Debug, Default, Deserialize)]
struct LangOnly {
    lang: Option<String>,
}

#[derive(Debug, Default, Clone, Deserialize, serde::Serialize)]
struct SignUpForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    time_zone: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    consent: String,
}

async fn signup_form(
    State(state): State<AppState>,
    client: crate::web::client::ClientAddr,
    headers: HeaderMap,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<SignUpForm>,
) -> Result<Response, PageError> {
    let list = state
        .store
        .mailing_list(id)
        .await
        .map_err(ServiceError::from)?
        .ok_or_else(|| ServiceError::NotFound(format!("no mailing list {id}")))?;
    if state.signups.try_acquire(client.limit_key()).is_err() {
        return signup_render(
            &state,
            &headers,
            &list,
            context! { form, errors => vec![Message::new("signup-too-many")] },
            StatusCode::TOO_MANY_REQUESTS,
        );
    }
    let locale = crate::web::page::page_locale(&state, &headers, None);
    let place = form.place.strip_prefix("town-").and_then(|i| {
        let t = state
            .services
            .places
            .area
            .towns
            .get(i.parse::<usize>().ok()?)?;
        Some((t.lat, t.lon))
    });
    let input = crate::services::subscribers::SignUp {
        list_id: id,
        email: &form.email,
        locale: locale.as_str(),
        time_zone: &form.time_zone,
        place,
        agreed: form.consent == "yes",
    };
    match state.services.subscribers().sign_up(input).await {
        Ok(()) => crate::web::public::render(
            &state,
            &headers,
            "signup.html",
            context! { sent => true, list_name => list.name },
            StatusCode::OK,
        ),
        Err(ServiceError::Invalid { field, reason }) => {
            state.signups.release(client.limit_key());
            let message = match reason {
                crate::message::Reason::Worded(m) => m,
                other => Message::new("channel-error-text").text("detail", other.to_string()),
            };
            signup_render(
                &state,
                &headers,
                &list,
                context! { form, errors => vec![message], error_field => field },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(e) => {
            state.signups.release(client.limit_key());
            Err(e.into())
        }
    }
}

async fn confirm_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<TokenQuery>,
) -> Result<Response, PageError> {
    match state.services.subscribers().confirm(&q.t).await {
        Ok(_) => crate::web::public::render(
            &state,
            &headers,
            "subscription.html",
            context! { done => "signup-confirmed" },
            StatusCode::OK,
        ),
        Err(e) => link_page(&state, &headers, e),
    }
}
