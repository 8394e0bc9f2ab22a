//! Translators at the edge: completeness, checks, uploads (one `.ftl` file or a zip of a locale), versions and
//! rollback, confirming stale translations; as JSON under `/api/v1/locales` and as the translators' pages
//! under `/translate`.

use axum::body::Bytes;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::AppState;
use super::auth::{ApiUser, Authenticated, PageUser};
use super::error::PageError;
use super::error::{ApiError, ApiJson, PROBLEM_JSON, Problem};
use super::page::{render_page, render_with_status};
use crate::accounts::Permission;
use crate::content::catalog::{Completeness, Status};
use crate::content::check::{Finding, Severity};
use crate::content::i18n::{ArgValue, REFERENCE_LOCALE};
use crate::content::service::{self, Accepted, ContentError};
use crate::store::content::LocaleVersion;

/// Routes with ordinary bodies.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/locales", get(list_locales))
        .route("/api/v1/locales/{locale}", get(get_locale))
        .route(
            "/api/v1/locales/{locale}/{file}/versions",
            get(list_versions),
        )
        .route(
            "/api/v1/locales/{locale}/{file}/versions/{version}",
            get(get_version),
        )
        .route(
            "/api/v1/locales/{locale}/{file}/versions/{version}/rollback",
            post(rollback),
        )
        .route("/api/v1/locales/{locale}/{file}/confirm", post(confirm))
        .route("/translate", get(index_page))
        .route("/translate/{locale}", get(locale_page))
        .route("/translate/{locale}/{file}", get(file_page))
        .route("/translate/{locale}/{file}/rollback", post(rollback_form))
        .route("/translate/{locale}/{file}/confirm", post(confirm_form))
}

/// Routes that take files, with the import body limit, so that an oversized file gets Beacon's own message.
pub fn upload_router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/locales/{locale}/{file}/check", post(check))
        .route("/api/v1/locales/{locale}/{file}", put(upload_file))
        .route("/api/v1/locales/{locale}/zip", put(upload_zip))
        .route("/translate/{locale}/upload", post(upload_form))
}

impl From<ContentError> for ApiError {
    fn from(e: ContentError) -> Self {
        match e {
            ContentError::UnknownLocale { .. } => ApiError::invalid("locale", e.to_string()),
            ContentError::BadFileName(_) | ContentError::TooLarge { .. } | ContentError::Zip(_) => {
                ApiError::invalid("file", e.to_string())
            }
            ContentError::Rejected { .. } => ApiError::invalid("file", e.to_string()),
            ContentError::NoSuchVersion { .. } => ApiError::NotFound(e.to_string()),
            ContentError::NotStale(_) => ApiError::invalid("ids", e.to_string()),
            ContentError::Store(e) => e.into(),
            ContentError::Check(e) => ApiError::invalid("file", e.to_string()),
        }
    }
}

/// Translators' work: checking and uploading translations. The reference locale is the campaign staff's.
fn require_write(auth: &Authenticated, locale: &str) -> Result<(), ApiError> {
    auth.require(Permission::CheckTranslations)?;
    if locale == REFERENCE_LOCALE {
        auth.require(Permission::EditReference)?;
    }
    Ok(())
}

/// What a check found.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CheckReport {
    pub errors: usize,
    pub warnings: usize,
    /// Errors block a file; warnings do not.
    pub findings: Vec<Finding>,
}

impl CheckReport {
    fn new(findings: Vec<Finding>) -> Self {
        let errors = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        Self {
            errors,
            warnings: findings.len() - errors,
            findings,
        }
    }
}

/// Rejected uploads: problem+json with the findings.
fn rejected(errors: usize, findings: Vec<Finding>) -> Response {
    let report = CheckReport::new(findings);
    let body = serde_json::json!({
        "type": "about:blank",
        "title": "Unprocessable Entity",
        "status": 422,
        "detail": format!("the upload has {errors} errors; nothing was saved"),
        "field": "file",
        "errors": report.errors,
        "warnings": report.warnings,
        "findings": report.findings,
    });
    let mut response = (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    response
}

fn accepted_or_rejected(result: Result<Accepted, ContentError>) -> Result<Response, ApiError> {
    match result {
        Ok(a) => Ok(Json(a).into_response()),
        Err(ContentError::Rejected { errors, findings }) => Ok(rejected(errors, findings)),
        Err(e) => Err(e.into()),
    }
}

/// Checks one `.ftl` file (the request body) of a locale against the reference (`en`) file of the same name,
/// formatted with the locale's other files as they are in use. Nothing is saved.
#[utoipa::path(post, path = "/api/v1/locales/{locale}/{file}/check", tag = "content",
    request_body(content = String, content_type = "text/plain"),
    responses((status = 200, body = CheckReport), (status = 422, body = Problem)))]
pub async fn check(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path((locale, file)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<CheckReport>, ApiError> {
    auth.require(Permission::CheckTranslations)?;
    let findings = service::check_files(
        &state.locales,
        &state.config.content,
        &locale,
        &[(file, body.to_vec())],
    )?;
    Ok(Json(CheckReport::new(findings)))
}

/// Uploads one `.ftl` file of a locale: checked like `/check`, saved as a new version only when it has no
/// errors (422 with the findings otherwise, nothing saved).
#[utoipa::path(put, path = "/api/v1/locales/{locale}/{file}", tag = "content",
    request_body(content = String, content_type = "text/plain"),
    responses((status = 200, body = Accepted), (status = 422, body = Problem)))]
pub async fn upload_file(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path((locale, file)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, ApiError> {
    require_write(&auth, &locale)?;
    accepted_or_rejected(
        service::upload(
            &state.store,
            &state.locales,
            &state.config.content,
            Some(auth.user.id),
            &locale,
            vec![(file, body.to_vec())],
        )
        .await,
    )
}

/// Uploads a zip of a locale's `.ftl` files (`<file>.ftl` or `<locale>/<file>.ftl`): all saved, or none.
#[utoipa::path(put, path = "/api/v1/locales/{locale}/zip", tag = "content",
    request_body(content = Vec<u8>, content_type = "application/zip"),
    responses((status = 200, body = Accepted), (status = 422, body = Problem)))]
pub async fn upload_zip(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(locale): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    require_write(&auth, &locale)?;
    accepted_or_rejected(
        service::upload_zip(
            &state.store,
            &state.locales,
            &state.config.content,
            Some(auth.user.id),
            &locale,
            &body,
        )
        .await,
    )
}

/// Every translation's completeness against the reference.
#[utoipa::path(get, path = "/api/v1/locales", tag = "content",
    responses((status = 200, body = [Completeness])))]
pub async fn list_locales(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
) -> Result<Json<Vec<Completeness>>, ApiError> {
    auth.require(Permission::CheckTranslations)?;
    Ok(Json(
        service::summaries(&state.store, &state.locales).await?,
    ))
}

/// One locale's completeness per file, with the messages to work on.
#[utoipa::path(get, path = "/api/v1/locales/{locale}", tag = "content",
    responses((status = 200, body = Completeness), (status = 422, body = Problem)))]
pub async fn get_locale(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(locale): Path<String>,
) -> Result<Json<Completeness>, ApiError> {
    auth.require(Permission::CheckTranslations)?;
    Ok(Json(
        service::completeness(&state.store, &state.locales, &locale).await?,
    ))
}

/// Accepted versions of a file, newest first (version 0, the shipped file, is not listed).
#[utoipa::path(get, path = "/api/v1/locales/{locale}/{file}/versions", tag = "content",
    responses((status = 200, body = [LocaleVersion])))]
pub async fn list_versions(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path((locale, file)): Path<(String, String)>,
) -> Result<Json<Vec<LocaleVersion>>, ApiError> {
    auth.require(Permission::CheckTranslations)?;
    let locale = service::known_locale(&state.locales, &locale)?;
    Ok(Json(state.store.locale_versions(&locale, &file).await?))
}

/// The text of one version (0 is the shipped file).
#[utoipa::path(get, path = "/api/v1/locales/{locale}/{file}/versions/{version}", tag = "content",
    responses((status = 200, body = String, content_type = "text/plain"), (status = 404, body = Problem)))]
pub async fn get_version(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path((locale, file, version)): Path<(String, String, i64)>,
) -> Result<Response, ApiError> {
    auth.require(Permission::CheckTranslations)?;
    let text = service::version_text(&state.store, &state.locales, &locale, &file, version).await?;
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response())
}

/// Restores an earlier version (0: the shipped file) as a new version, checked against the reference as it
/// is now.
#[utoipa::path(post, path = "/api/v1/locales/{locale}/{file}/versions/{version}/rollback", tag = "content",
    responses((status = 200, body = Accepted), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn rollback(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path((locale, file, version)): Path<(String, String, i64)>,
) -> Result<Response, ApiError> {
    require_write(&auth, &locale)?;
    accepted_or_rejected(
        service::rollback(
            &state.store,
            &state.locales,
            &state.config.content,
            Some(auth.user.id),
            &locale,
            &file,
            version,
        )
        .await,
    )
}

/// Stale translations a translator has read and found still right.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmRequest {
    pub ids: Vec<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Confirmed {
    pub confirmed: usize,
}

/// Confirms stale translations as still right: they count as translated again.
#[utoipa::path(post, path = "/api/v1/locales/{locale}/{file}/confirm", tag = "content",
    request_body = ConfirmRequest,
    responses((status = 200, body = Confirmed), (status = 422, body = Problem)))]
pub async fn confirm(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path((locale, file)): Path<(String, String)>,
    ApiJson(body): ApiJson<ConfirmRequest>,
) -> Result<Json<Confirmed>, ApiError> {
    require_write(&auth, &locale)?;
    let confirmed = service::confirm(
        &state.store,
        &state.locales,
        Some(auth.user.id),
        &locale,
        &file,
        &body.ids,
    )
    .await?;
    Ok(Json(Confirmed { confirmed }))
}

// ------------------------------------------------------------------------------------------------- pages

async fn index_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
) -> Result<Response, PageError> {
    auth.require(Permission::CheckTranslations)?;
    let summaries = service::summaries(&state.store, &state.locales).await?;
    let reference = service::completeness(&state.store, &state.locales, REFERENCE_LOCALE).await?;
    render_page(
        &state,
        &headers,
        &auth,
        "/translate",
        "translate.html",
        context! { summaries, reference, can_edit_reference => auth.user.role.can(Permission::EditReference) },
    )
}

async fn locale_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Path(locale): Path<String>,
) -> Result<Response, PageError> {
    auth.require(Permission::CheckTranslations)?;
    let completeness = service::completeness(&state.store, &state.locales, &locale).await?;
    let can_upload = require_write(&auth, &locale).is_ok();
    let stale = completeness
        .files
        .iter()
        .flat_map(|f| &f.to_do)
        .filter(|m| m.status == Status::Stale)
        .count();
    render_page(
        &state,
        &headers,
        &auth,
        "/translate",
        "translate_locale.html",
        context! { completeness, can_upload, stale, is_reference => locale == REFERENCE_LOCALE,
        dir => crate::content::i18n::direction(&locale) },
    )
}

async fn file_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Path((locale, file)): Path<(String, String)>,
) -> Result<Response, PageError> {
    auth.require(Permission::CheckTranslations)?;
    let locale = service::known_locale(&state.locales, &locale)?;
    let text = state
        .locales
        .files()
        .get(&locale)
        .and_then(|f| f.get(&file))
        .cloned();
    let shipped = state
        .locales
        .shipped()
        .get(&locale)
        .is_some_and(|f| f.contains_key(&file));
    let versions = state.store.locale_versions(&locale, &file).await?;
    let preview = preview_rows(&state, &locale, &file);
    if text.is_none() && versions.is_empty() && preview.is_empty() {
        return Err(ApiError::NotFound(format!("{locale} has no {file}")).into());
    }
    render_page(
        &state,
        &headers,
        &auth,
        "/translate",
        "translate_file.html",
        context! { locale, file, shipped, versions, preview, can_upload => require_write(&auth, &locale).is_ok(),
        lines => text.as_deref().map(|t| t.lines().map(str::to_string).collect::<Vec<_>>()),
        dir => crate::content::i18n::direction(&locale) },
    )
}

/// One message (or attribute) of a file as the locale renders it now.
#[derive(Debug, Serialize)]
struct PreviewRow {
    id: String,
    text: String,
    /// The locale the text came from; not the page's when a fallback filled in.
    from: String,
    fallback: bool,
}

/// Every message of the reference's `file`, formatted in `locale` with sample arguments (‹name› for text,
/// 3 for numbers that select a variant), marked where a fallback locale filled in.
fn preview_rows(state: &AppState, locale: &str, file: &str) -> Vec<PreviewRow> {
    let Some(id) = state.locales.get(locale) else {
        return Vec::new();
    };
    let files = state.locales.files();
    let Some(reference) = files.get(REFERENCE_LOCALE).and_then(|f| f.get(file)) else {
        return Vec::new();
    };
    let Some(facts) =
        crate::content::check::check_file(REFERENCE_LOCALE, file, reference.as_bytes(), None).0
    else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    for m in facts.messages() {
        let args: Vec<(&str, ArgValue)> = m
            .variables
            .iter()
            .map(|(name, selects)| {
                let value = if *selects {
                    ArgValue::Number(3.0)
                } else {
                    ArgValue::Text(format!("‹{name}›"))
                };
                (name.as_str(), value)
            })
            .collect();
        let keys = std::iter::once(m.id.clone())
            .filter(|_| m.has_value)
            .chain(m.attributes.iter().map(|a| format!("{}.{a}", m.id)));
        for key in keys {
            if let Some(t) = state.locales.format_with_traced(&id, &key, &args) {
                rows.push(PreviewRow {
                    fallback: t.from != id,
                    from: t.from.as_str().to_string(),
                    text: t.text,
                    id: key,
                });
            }
        }
    }
    rows
}

/// One uploaded file shown line by line with its findings under the lines they are about.
#[derive(Debug, Serialize)]
struct ShownFile {
    name: String,
    lines: Vec<ShownLine>,
    /// Findings about the whole file (line 0).
    general: Vec<Finding>,
}

#[derive(Debug, Serialize)]
struct ShownLine {
    number: usize,
    text: String,
    findings: Vec<Finding>,
}

fn show(name: &str, bytes: &[u8], findings: &[Finding]) -> ShownFile {
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mine: Vec<&Finding> = findings.iter().filter(|f| f.file == name).collect();
    let mut lines: Vec<ShownLine> = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| ShownLine {
            number: i + 1,
            text: l.trim_end_matches('\r').to_string(),
            findings: Vec::new(),
        })
        .collect();
    if lines.last().is_some_and(|l| l.text.is_empty()) {
        lines.pop();
    }
    let mut general = Vec::new();
    for f in mine {
        match lines.get_mut(f.line.wrapping_sub(1)) {
            Some(l) if f.line > 0 => l.findings.push(f.clone()),
            _ => general.push(f.clone()),
        }
    }
    ShownFile {
        name: name.to_string(),
        lines,
        general,
    }
}

/// The upload form: one `.ftl` file or a zip of the locale.
async fn upload_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Path(locale): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let (fields, file) = super::read_multipart_bytes(&mut multipart, "file").await?;
    let csrf = fields
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    auth.check_csrf(csrf)?;
    require_write(&auth, &locale)?;
    let Some((name, bytes)) = file else {
        return Err(ApiError::invalid("file", "choose a .ftl file or a .zip of the locale").into());
    };
    let is_zip = name.to_ascii_lowercase().ends_with(".zip") || bytes.starts_with(b"PK\x03\x04");
    // The files as uploaded, to show them line by line.
    let (uploaded, result) = if is_zip {
        match service::read_locale_zip(&state.locales, &state.config.content, &locale, &bytes) {
            Ok(files) => {
                let result = service::upload(
                    &state.store,
                    &state.locales,
                    &state.config.content,
                    Some(auth.user.id),
                    &locale,
                    files.clone(),
                )
                .await;
                (files, result)
            }
            Err(e) => (Vec::new(), Err(e)),
        }
    } else {
        // A browser sends the name the file had on the translator's machine; the file it replaces is named by
        // the form's choice when the name is not a locale file's (ui (1).ftl, say).
        let chosen = fields
            .iter()
            .find(|(k, _)| k == "target")
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty());
        let name = match chosen {
            Some(c) => c,
            None => name.rsplit(['/', '\\']).next().unwrap_or(&name).to_string(),
        };
        let files = vec![(name, bytes.to_vec())];
        let result = service::upload(
            &state.store,
            &state.locales,
            &state.config.content,
            Some(auth.user.id),
            &locale,
            files.clone(),
        )
        .await;
        (files, result)
    };
    let (status, findings, accepted, error) = match result {
        Ok(a) => (StatusCode::OK, a.findings.clone(), Some(a), None),
        Err(ContentError::Rejected { findings, .. }) => {
            (StatusCode::UNPROCESSABLE_ENTITY, findings, None, None)
        }
        Err(ContentError::Store(e)) => return Err(ApiError::from(e).into()),
        Err(e) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Vec::new(),
            None,
            Some(e.to_string()),
        ),
    };
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let shown: Vec<ShownFile> = uploaded
        .iter()
        .map(|(n, b)| show(n, b, &findings))
        .collect();
    render_with_status(
        &state,
        &headers,
        &auth,
        "/translate",
        "translate_result.html",
        context! { locale, shown, accepted, error, errors, warnings => findings.len() - errors,
        dir => crate::content::i18n::direction(&locale) },
        status,
    )
}

#[derive(Debug, Deserialize)]
struct RollbackForm {
    csrf: String,
    version: i64,
}

async fn rollback_form(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    Path((locale, file)): Path<(String, String)>,
    axum::Form(form): axum::Form<RollbackForm>,
) -> Result<Response, PageError> {
    auth.check_csrf(&form.csrf)?;
    require_write(&auth, &locale)?;
    match service::rollback(
        &state.store,
        &state.locales,
        &state.config.content,
        Some(auth.user.id),
        &locale,
        &file,
        form.version,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/translate/{locale}/{file}")).into_response()),
        Err(ContentError::Rejected { findings, .. }) => Err(ApiError::invalid(
            "version",
            findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .map(|f| f.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
        .into()),
        Err(e) => Err(ApiError::from(e).into()),
    }
}

async fn confirm_form(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    Path((locale, file)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body)
        .map_err(|e| ApiError::invalid("form", e.to_string()))?;
    let csrf = pairs
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    auth.check_csrf(csrf)?;
    require_write(&auth, &locale)?;
    let ids: Vec<String> = pairs
        .into_iter()
        .filter(|(k, _)| k == "id")
        .map(|(_, v)| v)
        .collect();
    if ids.is_empty() {
        return Err(ApiError::invalid("ids", "tick the translations that are still right").into());
    }
    service::confirm(
        &state.store,
        &state.locales,
        Some(auth.user.id),
        &locale,
        &file,
        &ids,
    )
    .await
    .map_err(ApiError::from)?;
    Ok(Redirect::to(&format!("/translate/{locale}")).into_response())
}
