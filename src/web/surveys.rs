//! Surveys over the API, on staff pages, and the public form `/s/{key}`.
//!
//! The public form works on a phone without JavaScript, with no account, cookie or identifier: its link
//! carries the wave (`w`), the group (`g`), the channel (`ch`) and the language (`lang`), nothing
//! personal. Each page holds a signed one-use token, so a browser that sends the form twice makes one
//! response. The client address is used in memory only: to limit how often one address can send, and to
//! flag a response whose answers nearly repeat one sent from the same address within minutes (flagged
//! for review, never dropped). A submission leaves no line in the request log and no metric
//! ([`crate::web::public::is_public_submission`]).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use minijinja::context;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::accounts::Permission;
use crate::content::i18n::LocaleId;
use crate::measure::survey::{self, Answers, Definition, Kind};
use crate::message::Message;
use crate::services::ServiceError;
use crate::services::surveys::{
    GroupInput, PublicForm, ResultsQuery, SubmitError, Submitted, SurveyImportError, SurveyInput,
    WaveInput,
};
use crate::web::AppState;
use crate::web::access::{Access, mount};
use crate::web::auth::{ApiUser, PageUser};
use crate::web::client::ClientAddr;
use crate::web::error::{ApiError, ApiJson, PageError, PageResult, Problem};
use crate::web::page::{Pages, refusal, render_page, render_with_status};

const READ: Access = Access::Can(Permission::ReadImpact);
const MANAGE: Access = Access::Can(Permission::ManageSurveys);
const ANALYSE: Access = Access::Can(Permission::Analyse);

/// How long a response's answers are remembered per client address, to flag a near-duplicate.
const NEAR_WINDOW: Duration = Duration::from_secs(600);
/// The most recent responses remembered per address.
const NEAR_KEEP: usize = 20;

/// Recent answers per client address, in memory only, forgotten after [`NEAR_WINDOW`]. Clones share
/// the same memory.
#[derive(Debug, Default, Clone)]
pub struct RecentAnswers(Arc<Mutex<HashMap<IpAddr, Vec<Recent>>>>);

/// One response remembered: when, to which survey, and its answers.
type Recent = (Instant, i64, Answers);

impl RecentAnswers {
    /// Whether `answers` nearly repeat a response to the same survey from `key` within the window; the
    /// answers are remembered either way.
    pub fn near_duplicate(&self, key: IpAddr, survey_id: i64, answers: &Answers) -> bool {
        let now = Instant::now();
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() > 100_000 {
            map.retain(|_, v| {
                v.iter()
                    .any(|(t, _, _)| now.duration_since(*t) < NEAR_WINDOW)
            });
        }
        let list = map.entry(key).or_default();
        list.retain(|(t, _, _)| now.duration_since(*t) < NEAR_WINDOW);
        let near = list
            .iter()
            .any(|(_, s, a)| *s == survey_id && survey::near(a, answers));
        if list.len() >= NEAR_KEEP {
            list.remove(0);
        }
        list.push((now, survey_id, answers.clone()));
        near
    }
}

/// The survey routes that take files (the import body limit).
pub fn upload_api_router(state: &AppState) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(mount(state, MANAGE, routes!(import_answers)))
        .routes(mount(state, MANAGE, routes!(suggest_mapping)))
}

/// An import's parts: the file, its format and, optionally, the mapping to read it with.
struct ImportParts {
    file_name: String,
    bytes: Vec<u8>,
    format: crate::measure::import::Format,
    mapping: Option<crate::measure::import::Mapping>,
}

async fn import_parts(multipart: &mut axum::extract::Multipart) -> Result<ImportParts, ApiError> {
    let (fields, file) = crate::web::read_multipart_bytes(multipart, "file").await?;
    let (file_name, bytes) =
        file.ok_or_else(|| ApiError::invalid("file", Message::new("refused-choose-file")))?;
    let field = |n: &str| fields.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
    let format = import_format(field("format").unwrap_or(""))?;
    let mapping = import_mapping(field("mapping").unwrap_or(""))?;
    let file_name = if file_name.trim().is_empty() {
        "the uploaded file".to_string()
    } else {
        file_name
    };
    Ok(ImportParts {
        file_name,
        bytes: bytes.to_vec(),
        format,
        mapping,
    })
}

/// An import's `format` field: `google_forms` (or `google-forms`) or `kobo`.
fn import_format(text: &str) -> Result<crate::measure::import::Format, ServiceError> {
    match text.trim() {
        "google_forms" | "google-forms" => Ok(crate::measure::import::Format::GoogleForms),
        "kobo" => Ok(crate::measure::import::Format::Kobo),
        _ => Err(ServiceError::invalid(
            "format",
            Message::new("refused-one-of").text("choices", "google_forms, kobo"),
        )),
    }
}

/// An import's `mapping` field: the column mapping as JSON, or nothing when blank.
fn import_mapping(text: &str) -> Result<Option<crate::measure::import::Mapping>, ServiceError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    serde_json::from_str(text).map(Some).map_err(|e| {
        ServiceError::invalid(
            "mapping",
            Message::new("refused-not-json")
                .text("file", "mapping")
                .number("line", e.line() as f64)
                .number("column", e.column() as f64),
        )
    })
}

/// The bad rows of a refused import as a problem naming each.
fn import_refused(errors: Vec<crate::measure::file::FileError>) -> Response {
    let items = errors
        .iter()
        .map(|e| crate::web::identify::api::ImportErrorItem {
            line: e.line.unwrap_or(0),
            field: e.column.clone().unwrap_or_else(|| "file".into()),
            reason: e.reason.clone(),
        })
        .collect();
    let first = errors.first().map(|e| e.to_string()).unwrap_or_default();
    crate::web::identify::api::rejected(format!("nothing was imported: {first}"), items)
}

/// Imports answers from a Google Forms or KoboToolbox/ODK CSV export (multipart: `file`, `format` =
/// `google_forms` or `kobo`, and optionally `mapping`, the column mapping as JSON, which is then saved
/// for the next file of that format; without it the saved one is used). All or nothing: every bad row is
/// named in `errors` by line, column and reason. Near-duplicates are kept, flagged for review.
#[utoipa::path(post, path = "/api/v1/surveys/{id}/imports", tag = "surveys",
    request_body(content = String, content_type = "multipart/form-data"),
    responses((status = 201, body = crate::services::surveys::ImportSummary), (status = 403, body = Problem), (status = 404, body = Problem), (status = 413, body = Problem), (status = 422, body = Problem)))]
pub async fn import_answers(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    mut multipart: axum::extract::Multipart,
) -> Result<Response, ApiError> {
    let parts = import_parts(&mut multipart).await?;
    match state
        .services
        .surveys()
        .import(
            &auth.actor(),
            id,
            &parts.file_name,
            parts.bytes,
            parts.format,
            parts.mapping,
        )
        .await
    {
        Ok(summary) => Ok((StatusCode::CREATED, Json(summary)).into_response()),
        Err(SurveyImportError::Rejected(errors)) => Ok(import_refused(errors)),
        Err(SurveyImportError::Refused(e)) => Err(e.into()),
    }
}

/// The mapping an export of this format would be read with: the one saved from the last import
/// (`saved: true`), or one suggested from the file's header (multipart: `file`, `format`).
#[utoipa::path(post, path = "/api/v1/surveys/{id}/imports/mapping", tag = "surveys",
    request_body(content = String, content_type = "multipart/form-data"),
    responses((status = 200, body = Object), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn suggest_mapping(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    mut multipart: axum::extract::Multipart,
) -> Result<Response, ApiError> {
    let parts = import_parts(&mut multipart).await?;
    let header = csv_header(&parts.file_name, &parts.bytes)?;
    let (mapping, saved) = state
        .services
        .surveys()
        .import_mapping(&auth.actor(), id, parts.format, &header)
        .await?;
    Ok(Json(serde_json::json!({ "mapping": mapping, "saved": saved })).into_response())
}

/// A CSV file's header names, as written.
fn csv_header(file_name: &str, bytes: &[u8]) -> Result<Vec<String>, ApiError> {
    let mut reader = crate::tabular::TableReader::new(
        bytes,
        crate::tabular::Options {
            trim: true,
            flexible: true,
            strip_bom: true,
            skip_blank_before_header: true,
        },
    );
    let mut record = csv::ByteRecord::new();
    reader.header(&mut record).map(|h| h.names).map_err(|_| {
        ApiError::invalid(
            "file",
            Message::new("refused-not-utf8").text("file", file_name),
        )
    })
}

pub fn api_router(state: &AppState) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(mount(state, READ, routes!(list_surveys)))
        .routes(mount(state, MANAGE, routes!(create_survey)))
        .routes(mount(state, READ, routes!(get_survey)))
        .routes(mount(state, MANAGE, routes!(edit_definition)))
        .routes(mount(state, MANAGE, routes!(add_wave)))
        .routes(mount(state, MANAGE, routes!(add_group)))
        .routes(mount(state, READ, routes!(survey_results)))
        .routes(mount(state, MANAGE, routes!(flagged_responses)))
        .routes(mount(state, MANAGE, routes!(settle_flagged)))
        .routes(mount(state, ANALYSE, routes!(free_text)))
}

/// Every survey, with its waves, groups and response counts.
#[utoipa::path(get, path = "/api/v1/surveys", tag = "surveys",
    responses((status = 200, body = Vec<crate::services::surveys::SurveyView>), (status = 403, body = Problem)))]
pub async fn list_surveys(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
) -> Result<Response, ApiError> {
    Ok(Json(state.services.surveys().list(&auth.actor()).await?).into_response())
}

/// Makes a survey. Its questions' words are message ids of the locale files, checked to exist; a problem
/// is a 422 naming the field (`questions[2].options[0].value`).
#[utoipa::path(post, path = "/api/v1/surveys", tag = "surveys", request_body = SurveyInput,
    responses((status = 201, body = crate::services::surveys::SurveyView), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create_survey(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    ApiJson(body): ApiJson<SurveyInput>,
) -> Result<Response, ApiError> {
    let view = state
        .services
        .surveys()
        .create(&auth.actor(), &body)
        .await?;
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

/// One survey.
#[utoipa::path(get, path = "/api/v1/surveys/{id}", tag = "surveys",
    responses((status = 200, body = crate::services::surveys::SurveyView), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get_survey(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    Ok(Json(state.services.surveys().get(&auth.actor(), id).await?).into_response())
}

/// Replaces a survey's questions. When the current version has answers this makes a new version (the
/// answers keep theirs); otherwise the current version is rewritten.
#[utoipa::path(put, path = "/api/v1/surveys/{id}/definition", tag = "surveys", request_body = Definition,
    responses((status = 200, body = crate::services::surveys::SurveyView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn edit_definition(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<Definition>,
) -> Result<Response, ApiError> {
    let view = state
        .services
        .surveys()
        .edit(&auth.actor(), id, &body)
        .await?;
    Ok(Json(view).into_response())
}

/// Adds a wave: a baseline (`before`) or a follow-up (`after`), open from one day to another.
#[utoipa::path(post, path = "/api/v1/surveys/{id}/waves", tag = "surveys", request_body = WaveInput,
    responses((status = 201, body = crate::store::surveys::Wave), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn add_wave(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<WaveInput>,
) -> Result<Response, ApiError> {
    let wave = state
        .services
        .surveys()
        .add_wave(&auth.actor(), id, &body)
        .await?;
    Ok((StatusCode::CREATED, Json(wave)).into_response())
}

/// Adds a group: the campaign's region (`target`) or a region it did not target (`comparison`).
#[utoipa::path(post, path = "/api/v1/surveys/{id}/groups", tag = "surveys", request_body = GroupInput,
    responses((status = 201, body = crate::store::surveys::Group), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn add_group(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<GroupInput>,
) -> Result<Response, ApiError> {
    let group = state
        .services
        .surveys()
        .add_group(&auth.actor(), id, &body)
        .await?;
    Ok((StatusCode::CREATED, Json(group)).into_response())
}

/// A survey's results: the outcome's share per wave and group (Wilson 95% intervals), each group's change
/// (Wald interval, pooled z-test), the difference-in-differences against the comparison group,
/// breakdowns by locale and channel, Likert items and choice counts. Groups under `privacy.k` answers are
/// shown to analysts only; every warning is a note.
#[utoipa::path(get, path = "/api/v1/surveys/{id}/results", tag = "surveys", params(ResultsQuery),
    responses((status = 200, body = crate::services::surveys::SurveyResults), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn survey_results(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<ResultsQuery>,
) -> Result<Response, ApiError> {
    let results = state
        .services
        .surveys()
        .results(&auth.actor(), id, &q)
        .await?;
    Ok(Json(results).into_response())
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct FlaggedList {
    pub total: i64,
    pub responses: Vec<crate::store::surveys::FlaggedResponse>,
}

/// Responses flagged as near-duplicates, waiting for review (the first 200, and how many).
#[utoipa::path(get, path = "/api/v1/surveys/{id}/flagged", tag = "surveys",
    responses((status = 200, body = FlaggedList), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn flagged_responses(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let (responses, total) = state.services.surveys().flagged(&auth.actor(), id).await?;
    Ok(Json(FlaggedList { total, responses }).into_response())
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Settle {
    /// Keep the response (counted from now on), or remove it.
    pub keep: bool,
}

/// Settles a flagged response: kept or removed (audited).
#[utoipa::path(post, path = "/api/v1/surveys/{id}/flagged/{response}", tag = "surveys", request_body = Settle,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn settle_flagged(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path((id, response)): Path<(i64, i64)>,
    ApiJson(body): ApiJson<Settle>,
) -> Result<Response, ApiError> {
    state
        .services
        .surveys()
        .settle(&auth.actor(), id, response, body.keep)
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct FreeTextAnswer {
    pub response: i64,
    pub answers: std::collections::BTreeMap<String, String>,
}

/// Free-text answers, newest first (analysts only).
#[utoipa::path(get, path = "/api/v1/surveys/{id}/free-text", tag = "surveys",
    responses((status = 200, body = Vec<FreeTextAnswer>), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn free_text(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let rows = state
        .services
        .surveys()
        .free_text(&auth.actor(), id)
        .await?;
    Ok(Json(
        rows.into_iter()
            .map(|(response, answers)| FreeTextAnswer { response, answers })
            .collect::<Vec<_>>(),
    )
    .into_response())
}

// ---------------------------------------------------------------------------------------------------
// The public form.

pub fn public_pages(state: &AppState) -> Pages {
    Pages::new(state)
        .get("/s/{key}", Access::Public, survey_form)
        .post("/s/{key}", Access::Public, survey_submit)
}

#[derive(Debug, Default, Deserialize)]
struct LinkQuery {
    w: Option<String>,
    g: Option<String>,
    ch: Option<String>,
    lang: Option<String>,
}

/// A question as the form shows it, its words in the reader's language.
#[derive(Debug, serde::Serialize)]
struct FormQuestion {
    key: String,
    text: String,
    kind: &'static str,
    required: bool,
    options: Vec<(String, String)>,
    help: String,
    min: i64,
    max: i64,
    max_chars: usize,
}

fn form_questions(state: &AppState, locale: &LocaleId, d: &Definition) -> Vec<FormQuestion> {
    let t = |id: &str| state.locales.format(locale, id, None);
    d.questions
        .iter()
        .map(|q| {
            let options = q
                .options()
                .into_iter()
                .map(|o| (o.value, t(&o.text)))
                .collect::<Vec<_>>();
            let (kind, help, min, max, max_chars, options) = match &q.kind {
                Kind::Single { .. } | Kind::YesNo => {
                    ("single", t("survey-choose-one"), 0, 0, 0, options)
                }
                Kind::Multiple { .. } => ("multiple", t("survey-choose-any"), 0, 0, 0, options),
                Kind::Likert { points, low, high } => {
                    let help = state.locales.render(
                        locale,
                        &Message::new("survey-scale")
                            .text("low", t(low))
                            .text("high", t(high))
                            .number("points", *points as f64),
                    );
                    let values: Vec<(String, String)> = (1..=*points)
                        .map(|p| (p.to_string(), p.to_string()))
                        .collect();
                    ("single", help, 1, *points, 0, values)
                }
                Kind::Number { min, max } => {
                    let help = state.locales.render(
                        locale,
                        &Message::new("survey-number-range")
                            .number("min", *min as f64)
                            .number("max", *max as f64),
                    );
                    ("number", help, *min, *max, 0, Vec::new())
                }
                Kind::FreeText { max_chars } => (
                    "text",
                    t("survey-free-text-note"),
                    0,
                    0,
                    *max_chars,
                    Vec::new(),
                ),
            };
            FormQuestion {
                key: q.key.clone(),
                text: t(&q.text),
                kind,
                required: q.required,
                options,
                help,
                min,
                max,
                max_chars,
            }
        })
        .collect()
}

fn link_locale(state: &AppState, headers: &HeaderMap, lang: Option<&str>) -> LocaleId {
    lang.and_then(|l| state.locales.get(l))
        .unwrap_or_else(|| crate::web::page::page_locale(state, headers, None))
}

fn render_public(
    state: &AppState,
    locale: &LocaleId,
    template: &str,
    page: minijinja::Value,
    status: StatusCode,
) -> Result<Response, PageError> {
    let ctx = context! {
        ..page,
        ..context! {
            locale => locale.as_str(),
            user => None::<()>,
            nav => Vec::<()>::new(),
            csrf => "",
            locales => state.locales.available().map(|l| l.as_str().to_string()).collect::<Vec<_>>(),
        }
    };
    let html = state
        .templates
        .render(template, ctx)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!(super::render::describe(&e))))?;
    Ok((status, [(header::CACHE_CONTROL, "no-store")], Html(html)).into_response())
}

/// The page for a link that leads to no open form (404): it says when the link's wave opens, where it
/// names one that has not yet.
async fn closed_page(
    state: &AppState,
    locale: &LocaleId,
    key: &str,
    wave: Option<&str>,
) -> Result<Response, PageError> {
    let opens_on = state.services.surveys().opens_later(key, wave).await?;
    render_public(
        state,
        locale,
        "survey_closed.html",
        context! { opens_on },
        StatusCode::NOT_FOUND,
    )
}

#[allow(clippy::too_many_arguments)]
fn form_page(
    state: &AppState,
    locale: &LocaleId,
    form: &PublicForm,
    token: &str,
    values: &HashMap<String, Vec<String>>,
    errors: &[(String, String)],
    notice: Option<&str>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let questions = form_questions(state, locale, &form.definition);
    let here = crate::services::surveys::SurveyLink {
        survey: form.survey.key.clone(),
        wave: form.wave.key.clone(),
        group: form.group.key.clone(),
    };
    let languages: Vec<(String, String)> = state
        .locales
        .available()
        .map(|l| {
            (
                l.as_str().to_string(),
                here.url("", &form.channel, l.as_str()),
            )
        })
        .collect();
    render_public(
        state,
        locale,
        "survey.html",
        context! {
            survey_key => &form.survey.key,
            wave => &form.wave.key,
            group => &form.group.key,
            channel => &form.channel,
            token,
            questions,
            values,
            errors => errors.iter().cloned().collect::<HashMap<_, _>>(),
            notice,
            languages,
        },
        status,
    )
}

async fn survey_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(key): Path<String>,
    Query(q): Query<LinkQuery>,
) -> Result<Response, PageError> {
    let locale = link_locale(&state, &headers, q.lang.as_deref());
    let s = state.services.surveys();
    let Some(form) = s
        .form(&key, q.w.as_deref(), q.g.as_deref(), q.ch.as_deref())
        .await?
    else {
        return closed_page(&state, &locale, &key, q.w.as_deref()).await;
    };
    let token = s.form_token().await?;
    form_page(
        &state,
        &locale,
        &form,
        &token,
        &HashMap::new(),
        &[],
        None,
        StatusCode::OK,
    )
}

async fn survey_submit(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: HeaderMap,
    Path(key): Path<String>,
    uri: axum::http::Uri,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    // The form's fields; the link's own (`t`, `w`, `g`, `ch`, `lang`) may come in its query instead, as
    // a load test sends them.
    let mut pairs: Vec<(String, String)> = url::form_urlencoded::parse(&body)
        .take(500)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    for (k, v) in url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()).take(10) {
        if ["t", "w", "g", "ch", "lang"].contains(&k.as_ref())
            && !pairs.iter().any(|(n, _)| *n == k)
        {
            pairs.push((k.into_owned(), v.into_owned()));
        }
    }
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let locale = link_locale(&state, &headers, field("lang"));
    let s = state.services.surveys();
    let Some(form) = s.form(&key, field("w"), field("g"), field("ch")).await? else {
        return closed_page(&state, &locale, &key, field("w")).await;
    };
    let mut values: HashMap<String, Vec<String>> = HashMap::new();
    for (k, v) in &pairs {
        if form.definition.question(k).is_some() {
            values.entry(k.clone()).or_default().push(v.clone());
        }
    }
    let limit_key = client.limit_key();
    if let Err(retry_after) = state.survey_submissions.try_acquire(limit_key) {
        let token = field("t").unwrap_or_default().to_string();
        let mut page = form_page(
            &state,
            &locale,
            &form,
            &token,
            &values,
            &[],
            Some("report-error-too-many"),
            StatusCode::TOO_MANY_REQUESTS,
        )?;
        super::error::set_retry_after(&mut page, retry_after);
        return Ok(page);
    }
    let token = field("t").unwrap_or_default().to_string();
    let outcome = s
        .submit(
            &form,
            &token,
            pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            locale.as_str(),
            {
                let recent = state.recent_answers.clone();
                let survey_id = form.survey.id;
                move |answers: &Answers| recent.near_duplicate(limit_key, survey_id, answers)
            },
        )
        .await;
    match outcome {
        Ok((Submitted::Kept, _)) => render_public(
            &state,
            &locale,
            "survey_thanks.html",
            context! { already => false },
            StatusCode::OK,
        ),
        Ok((Submitted::AlreadyReceived, _)) => {
            state.survey_submissions.release(limit_key);
            render_public(
                &state,
                &locale,
                "survey_thanks.html",
                context! { already => true },
                StatusCode::OK,
            )
        }
        Err(SubmitError::Answers(problems)) => {
            state.survey_submissions.release(limit_key);
            let errors: Vec<(String, String)> = problems
                .iter()
                .map(|p| (p.field.clone(), state.locales.render(&locale, &p.reason)))
                .collect();
            form_page(
                &state,
                &locale,
                &form,
                &token,
                &values,
                &errors,
                Some("survey-errors"),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(SubmitError::Token) => {
            state.survey_submissions.release(limit_key);
            let token = s.form_token().await?;
            form_page(
                &state,
                &locale,
                &form,
                &token,
                &values,
                &[],
                Some("survey-token-expired"),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(SubmitError::Changed) => {
            state.survey_submissions.release(limit_key);
            // The questions changed under the page: the new ones, answers kept where they still fit.
            let Some(form) = s.form(&key, field("w"), field("g"), field("ch")).await? else {
                return closed_page(&state, &locale, &key, field("w")).await;
            };
            let token = s.form_token().await?;
            form_page(
                &state,
                &locale,
                &form,
                &token,
                &values,
                &[],
                Some("survey-form-changed"),
                StatusCode::CONFLICT,
            )
        }
        Err(SubmitError::Service(e)) => {
            state.survey_submissions.release(limit_key);
            Err(e.into())
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// Staff pages.

pub fn pages(state: &AppState) -> Pages {
    Pages::new(state)
        .get("/surveys", READ, surveys_page)
        .post("/surveys", MANAGE, create_form)
        .get("/surveys/{id}", READ, survey_page)
        .post("/surveys/{id}/waves", MANAGE, wave_form)
        .post("/surveys/{id}/groups", MANAGE, group_form)
        .post("/surveys/{id}/flagged/{response}", MANAGE, settle_form)
}

/// The Fenland follow-up survey's questions: the form's starting point for a new survey.
pub const EXAMPLE_DEFINITION: &str = r#"{
  "questions": [
    {"key": "seen", "text": "survey-q-seen", "kind": "single", "options": [
      {"value": "yes", "text": "survey-a-yes"}, {"value": "no", "text": "survey-a-no"},
      {"value": "not-sure", "text": "survey-a-not-sure"}]},
    {"key": "act", "text": "survey-q-act-differently", "kind": "yes_no", "required": true},
    {"key": "first", "text": "survey-q-what-action", "kind": "multiple", "options": [
      {"value": "helpline", "text": "survey-a-call-helpline"},
      {"value": "someone", "text": "survey-a-tell-someone"},
      {"value": "online", "text": "survey-a-report-online"},
      {"value": "nothing", "text": "survey-a-nothing"}]},
    {"key": "confident", "text": "survey-q-confident", "kind": "likert", "points": 5,
     "low": "survey-likert-low", "high": "survey-likert-high"}
  ],
  "outcome": {"question": "act", "values": ["yes"]}
}"#;

async fn surveys_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
) -> PageResult {
    let surveys = state.services.surveys().list(&auth.actor()).await?;
    render_page(
        &state,
        &headers,
        &auth,
        "/surveys",
        "surveys.html",
        context! { surveys, can_manage => auth.actor().can(Permission::ManageSurveys), form => context! { key => "", name => "", definition => EXAMPLE_DEFINITION, free_text => false } },
    )
}

#[derive(Debug, Deserialize)]
struct CreateForm {
    csrf: String,
    key: String,
    name: String,
    definition: String,
    #[serde(default)]
    free_text: Option<String>,
}

async fn create_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    axum::Form(form): axum::Form<CreateForm>,
) -> PageResult {
    auth.check_csrf(&form.csrf)?;
    let result = match serde_json::from_str::<Definition>(&form.definition) {
        Ok(definition) => {
            let input = SurveyInput {
                key: form.key.trim().to_string(),
                name: form.name.clone(),
                campaign_id: None,
                free_text: form.free_text.is_some(),
                definition,
            };
            state.services.surveys().create(&auth.actor(), &input).await
        }
        Err(e) => Err(ServiceError::invalid(
            "definition",
            crate::message::Reason::from(format!("line {}, column {}: {e}", e.line(), e.column())),
        )),
    };
    match result {
        Ok(view) => Ok(Redirect::to(&format!("/surveys/{}", view.id)).into_response()),
        Err(e @ ServiceError::Invalid { .. }) => {
            let error = refusal(&state, &headers, &auth, &e);
            let surveys = state.services.surveys().list(&auth.actor()).await?;
            render_with_status(
                &state,
                &headers,
                &auth,
                "/surveys",
                "surveys.html",
                context! { surveys, error, can_manage => true, form => context! { key => form.key, name => form.name, definition => form.definition, free_text => form.free_text.is_some() } },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(e) => Err(e.into()),
    }
}

async fn survey_render(
    state: &AppState,
    headers: &HeaderMap,
    auth: &crate::web::auth::Authenticated,
    id: i64,
    weighted: bool,
    extra: minijinja::Value,
    status: StatusCode,
) -> PageResult {
    let s = state.services.surveys();
    let actor = auth.actor();
    let survey = s.get(&actor, id).await?;
    let query = ResultsQuery {
        weighted,
        ..ResultsQuery::default()
    };
    let results = s.results(&actor, id, &query).await?;
    let notes: Vec<String> = results
        .notes
        .iter()
        .map(|m| {
            state.locales.render(
                &crate::web::page::page_locale(state, headers, Some(&auth.user)),
                m,
            )
        })
        .collect();
    let flagged = if actor.can(Permission::ManageSurveys) {
        s.flagged(&actor, id).await?.0
    } else {
        Vec::new()
    };
    let carried = s.carried(&actor, id).await?;
    let links: Vec<String> = survey
        .waves
        .iter()
        .flat_map(|w| {
            survey
                .groups
                .iter()
                .map(|g| format!("/s/{}?w={}&g={}&ch=direct", survey.key, w.key, g.key))
                .collect::<Vec<_>>()
        })
        .collect();
    render_with_status(
        state,
        headers,
        auth,
        "/surveys",
        "survey_admin.html",
        context! {
            ..extra,
            ..context! { survey, results, notes, flagged, links, carried_campaign => carried.campaign, carried_packs => carried.packs, can_manage => actor.can(Permission::ManageSurveys), today => time::OffsetDateTime::now_utc().date().to_string() }
        },
        status,
    )
}

pub fn upload_pages(state: &AppState) -> Pages {
    Pages::new(state).post("/surveys/{id}/imports", MANAGE, import_form)
}

/// The import form: "Suggest a mapping" shows the saved mapping, or one suggested from the file's
/// header, to check and correct; "Import" reads the file with the mapping in the box (saved for the next
/// file) and shows what was kept, or every bad row.
async fn import_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
    mut multipart: axum::extract::Multipart,
) -> PageResult {
    let (fields, file) = crate::web::read_multipart_bytes(&mut multipart, "file").await?;
    let field = |n: &str| {
        fields
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    auth.check_csrf(&field("csrf"))?;
    let format_text = field("format");
    let mapping_text = field("mapping");
    let show = |extra: minijinja::Value, status: StatusCode| {
        let (state, headers, auth) = (&state, &headers, &auth);
        async move { survey_render(state, headers, auth, id, false, extra, status).await }
    };
    let refused = |e: &ServiceError| refusal(&state, &headers, &auth, e);
    let format = match import_format(&format_text) {
        Ok(f) => f,
        Err(e) => {
            return show(
                context! { import_error => refused(&e), import_format => format_text, import_mapping => mapping_text },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let Some((file_name, bytes)) = file else {
        let e = ServiceError::invalid("file", Message::new("refused-choose-file"));
        return show(
            context! { import_error => refused(&e), import_format => format_text, import_mapping => mapping_text },
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let s = state.services.surveys();
    if field("action") == "suggest" {
        let header = csv_header(&file_name, &bytes)?;
        let (mapping, saved) = s.import_mapping(&auth.actor(), id, format, &header).await?;
        let text = serde_json::to_string_pretty(&mapping).unwrap_or_default();
        return show(
            context! { import_format => format_text, import_mapping => text, import_note => if saved { "survey-import-saved" } else { "survey-import-suggested" } },
            StatusCode::OK,
        )
        .await;
    }
    let mapping = match import_mapping(&mapping_text) {
        Ok(m) => m,
        Err(e) => {
            return show(
                context! { import_error => refused(&e), import_format => format_text, import_mapping => mapping_text },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    match s
        .import(&auth.actor(), id, &file_name, bytes.to_vec(), format, mapping)
        .await
    {
        Ok(summary) => {
            show(
                context! { import_done => summary, import_format => format_text, import_mapping => mapping_text },
                StatusCode::OK,
            )
            .await
        }
        Err(SurveyImportError::Rejected(errors)) => {
            let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
            show(
                context! { import_errors => errors, import_format => format_text, import_mapping => mapping_text },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(SurveyImportError::Refused(e @ ServiceError::Invalid { .. })) => {
            show(
                context! { import_error => refused(&e), import_format => format_text, import_mapping => mapping_text },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(SurveyImportError::Refused(e)) => Err(e.into()),
    }
}

async fn survey_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<SurveyPageQuery>,
) -> PageResult {
    survey_render(
        &state,
        &headers,
        &auth,
        id,
        q.weighted,
        context! {},
        StatusCode::OK,
    )
    .await
}

/// The survey page's own query: its results weighted or not (and `lang`, read by the layout).
#[derive(Debug, Deserialize)]
struct SurveyPageQuery {
    #[serde(default)]
    weighted: bool,
}

#[derive(Debug, Deserialize)]
struct WaveForm {
    csrf: String,
    key: String,
    phase: String,
    opens_on: String,
    closes_on: String,
}

async fn wave_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<WaveForm>,
) -> PageResult {
    auth.check_csrf(&form.csrf)?;
    let input = WaveInput {
        key: form.key.trim().to_string(),
        phase: form.phase.clone(),
        opens_on: form.opens_on.clone(),
        closes_on: form.closes_on.clone(),
    };
    match state
        .services
        .surveys()
        .add_wave(&auth.actor(), id, &input)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/surveys/{id}#waves")).into_response()),
        Err(e @ ServiceError::Invalid { .. }) => {
            let error = refusal(&state, &headers, &auth, &e);
            survey_render(
                &state,
                &headers,
                &auth,
                id,
                false,
                context! { wave_error => error, wave_form => context! { key => form.key, phase => form.phase, opens_on => form.opens_on, closes_on => form.closes_on } },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize)]
struct GroupForm {
    csrf: String,
    key: String,
    role: String,
    name: String,
}

async fn group_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<GroupForm>,
) -> PageResult {
    auth.check_csrf(&form.csrf)?;
    let input = GroupInput {
        key: form.key.trim().to_string(),
        role: form.role.clone(),
        name: form.name.clone(),
        region_id: None,
    };
    match state
        .services
        .surveys()
        .add_group(&auth.actor(), id, &input)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/surveys/{id}#groups")).into_response()),
        Err(e @ ServiceError::Invalid { .. }) => {
            let error = refusal(&state, &headers, &auth, &e);
            survey_render(
                &state,
                &headers,
                &auth,
                id,
                false,
                context! { group_error => error, group_form => context! { key => form.key, role => form.role, name => form.name } },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize)]
struct SettleForm {
    csrf: String,
    keep: String,
}

async fn settle_form(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    Path((id, response)): Path<(i64, i64)>,
    axum::Form(form): axum::Form<SettleForm>,
) -> PageResult {
    auth.check_csrf(&form.csrf)?;
    state
        .services
        .surveys()
        .settle(&auth.actor(), id, response, form.keep == "yes")
        .await?;
    Ok(Redirect::to(&format!("/surveys/{id}#flagged")).into_response())
}
