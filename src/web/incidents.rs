//! The incidents API: import a file or a JSON batch (all or nothing), and read incidents (audited).

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};

use super::AppState;
use super::auth::ApiUser;
use super::error::{ApiError, PROBLEM_JSON, Problem, parse_json};
use crate::accounts::Permission;
use crate::identify::incidents::NewIncident;
use crate::identify::incidents::import::Format;
use crate::identify::ingest::{IngestError, import_batch, import_file};
use crate::store::incidents::{ImportOutcome, IncidentFilter, StoredIncident};

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/incidents", get(list).post(create))
}

/// The file import route, which takes larger bodies than the rest (`server.import_limit_bytes`).
pub fn import_router() -> Router<AppState> {
    Router::new().route("/api/v1/incidents/import", post(import))
}

/// A problem document that lists every bad row or record.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ImportProblem {
    #[serde(flatten)]
    pub problem: Problem,
    /// Every problem found: where (line or record index) and why. Nothing was imported.
    pub errors: Vec<ImportErrorItem>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ImportErrorItem {
    /// The file's line (1-based), or the record's index in a JSON batch.
    pub line: u64,
    /// The column or JSON field at fault.
    pub field: String,
    pub reason: String,
}

fn rejected(detail: String, errors: Vec<ImportErrorItem>) -> Response {
    let field = errors.first().map(|e| e.field.clone());
    let body = ImportProblem {
        problem: Problem {
            kind: "about:blank".into(),
            title: "Unprocessable Entity".into(),
            status: 422,
            detail: Some(detail),
            field,
        },
        errors,
    };
    let mut response = (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(body)).into_response();
    if let Ok(v) = PROBLEM_JSON.parse() {
        response.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    response
}

fn ingest_response(result: Result<ImportOutcome, IngestError>) -> Result<Response, ApiError> {
    match result {
        Ok(outcome) => {
            let status = if outcome.dry_run {
                StatusCode::OK
            } else {
                StatusCode::CREATED
            };
            Ok((status, axum::Json(outcome)).into_response())
        }
        Err(IngestError::Rejected(errors)) => {
            let items = errors
                .rows()
                .iter()
                .map(|e| ImportErrorItem {
                    line: e.line,
                    field: e.column.clone().unwrap_or_else(|| e.field.clone()),
                    reason: e.reason.clone(),
                })
                .collect();
            Ok(rejected(
                format!("nothing was imported: {}", errors.summary()),
                items,
            ))
        }
        Err(IngestError::Invalid(problems)) => {
            let mut items = Vec::new();
            for (index, errors) in problems {
                for e in errors {
                    items.push(ImportErrorItem {
                        line: index as u64,
                        field: format!("[{index}].{}", e.field),
                        reason: e.reason,
                    });
                }
            }
            Ok(rejected(
                "nothing was imported: some records failed their checks".into(),
                items,
            ))
        }
        Err(IngestError::Store(e)) => Err(e.into()),
    }
}

/// One incident or an array of incidents, checked and stored all together.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    Many(Vec<NewIncident>),
    One(Box<NewIncident>),
}

/// Adds one incident or an array of them (all or nothing; re-sending the same records adds nothing).
#[utoipa::path(post, path = "/api/v1/incidents", tag = "identify", request_body = Object,
    responses((status = 201, body = ImportOutcome), (status = 403, body = Problem), (status = 422, body = ImportProblem)))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    auth.require(Permission::ImportIncidents)?;
    let incidents = match parse_json::<OneOrMany>(&body) {
        Ok(OneOrMany::Many(v)) => v,
        Ok(OneOrMany::One(one)) => vec![*one],
        Err(ApiError::Invalid { .. }) => {
            // Untagged enums hide the field at fault: parse again as a list or a record to name it.
            let trimmed = body.iter().find(|b| !b.is_ascii_whitespace());
            return Err(if trimmed == Some(&b'[') {
                parse_json::<Vec<NewIncident>>(&body).err()
            } else {
                parse_json::<NewIncident>(&body).err()
            }
            .unwrap_or_else(|| {
                ApiError::invalid("body", "not an incident or a list of incidents")
            }));
        }
        Err(e) => return Err(e),
    };
    if incidents.is_empty() {
        return Err(ApiError::invalid(
            "body",
            "an empty list: nothing to import",
        ));
    }
    let name = format!("API ({})", auth.user.email);
    ingest_response(
        import_batch(
            &state.store,
            &state.config.vocabulary,
            incidents,
            &name,
            Some(auth.user.id),
        )
        .await,
    )
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ImportQuery {
    /// beacon, ctdc or geojson (default: detected).
    pub format: Option<String>,
    /// A name for the import's record, e.g. the file name.
    pub name: Option<String>,
    /// Check and count without writing.
    #[serde(default)]
    pub dry_run: bool,
}

/// Imports a whole file sent as the request body (all or nothing).
#[utoipa::path(post, path = "/api/v1/incidents/import", tag = "identify", params(ImportQuery), request_body(content = String, content_type = "text/csv"),
    responses((status = 201, body = ImportOutcome), (status = 200, body = ImportOutcome, description = "dry run"), (status = 422, body = ImportProblem)))]
pub async fn import(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Query(q): Query<ImportQuery>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    auth.require(Permission::ImportIncidents)?;
    let name = q.name.clone().unwrap_or_else(|| "upload".into());
    let format = match &q.format {
        Some(f) => f
            .parse::<Format>()
            .map_err(|e| ApiError::invalid("format", e.to_string()))?,
        None => Format::detect(&body, &name),
    };
    let mut progress = |_read: u64| {};
    let result = import_file(
        &state.store,
        &state.config.vocabulary,
        format,
        &body,
        &name,
        Some(auth.user.id),
        q.dry_run,
        &mut progress,
    )
    .await;
    ingest_response(result)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct Limit {
    /// At most this many (default 100, at most 5,000).
    pub limit: Option<i64>,
}

/// Incidents, newest first (analysts; every read is written to the audit log).
#[utoipa::path(get, path = "/api/v1/incidents", tag = "identify", params(IncidentFilter, Limit),
    responses((status = 200, body = [StoredIncident]), (status = 403, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Query(filter): Query<IncidentFilter>,
    Query(page): Query<Limit>,
) -> Result<axum::Json<Vec<StoredIncident>>, ApiError> {
    auth.require(Permission::ReadIncidents)?;
    let limit = page.limit.unwrap_or(100).clamp(1, 5000);
    let rows = state.store.list_incidents(&filter, limit).await?;
    state
        .store
        .audit(
            Some(auth.user.id),
            "incidents.read",
            "api",
            &format!("{} incidents; filter {filter:?}", rows.len()),
        )
        .await?;
    Ok(axum::Json(rows))
}
