//! The identify API: community reports (the public's submissions and their moderation), incidents
//! (imports all or nothing, audited reads), hotspots and their exports, emerging hotspots, routes, and the
//! aggregates other roles may see. Handlers parse, call one service method and render.

use super::schema;
use super::*;
use crate::accounts::Permission;
use crate::identify::analysis::hotspots::HotspotCell;
use crate::identify::analysis::hotspots::cell_feature;
use crate::identify::analysis::hotspots::to_geojson;
use crate::identify::analysis::hotspots::write_csv;
use crate::identify::analysis::space_time::EmergingResult;
use crate::identify::incidents::ImportOutcome;
use crate::identify::incidents::IncidentFilter;
use crate::identify::incidents::NewIncident;
use crate::identify::incidents::StoredIncident;
use crate::identify::incidents::community::StoredReport;
use crate::identify::incidents::import::Format;
use crate::services::incidents::IngestError;
use crate::services::incidents::ReportInput;
use crate::web::AppState;
use crate::web::auth::ApiUser;
use crate::web::error::ApiError;
use crate::web::error::ApiJson;
use crate::web::error::PROBLEM_JSON;
use crate::web::error::Problem;
use crate::web::error::parse_json;
use axum::Json;
use axum::extract::Path;
use axum::extract::Query;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header;
use axum::response::IntoResponse;
use axum::response::Response;
use serde::Deserialize;
use serde::Serialize;

/// The moderation queue (analysts).
#[utoipa::path(get, path = "/api/v1/reports", tag = "identify",
    responses((status = 200, body = [schema::StoredReport]), (status = 403, body = Problem)))]
pub async fn list_reports(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
) -> Result<Json<Vec<StoredReport>>, ApiError> {
    let pending = state
        .services
        .incidents()
        .pending_reports(&auth.actor(), "api")
        .await?;
    Ok(Json(pending))
}

/// Accepts or rejects a pending report (analysts).
#[utoipa::path(post, path = "/api/v1/reports/{id}/{decision}", tag = "identify",
    params(("id" = i64, Path, description = "report id"), ("decision" = String, Path, description = "accept or reject")),
    responses((status = 200, body = schema::StoredReport), (status = 403, body = Problem), (status = 409, body = Problem)))]
pub async fn review_api(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path((id, decision)): Path<(i64, String)>,
) -> Result<Json<StoredReport>, ApiError> {
    Ok(Json(review(&state, &auth, id, &decision).await?))
}

/// An anonymous report, as the public endpoint takes it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicReport {
    /// The day, YYYY-MM-DD.
    pub day: String,
    pub latitude: f64,
    pub longitude: f64,
    /// labour, sexual, domestic, criminal or other.
    pub category: String,
    /// controlled, documents, debt, earnings, fear, injuries, housing, transport.
    #[serde(default)]
    pub signs: Vec<String>,
    /// The reporter's language, e.g. en or lt.
    #[serde(default)]
    pub locale: Option<String>,
}

/// Sends an anonymous report (no account). Only the day, an H3 cell of resolution 7, the choices and the
/// locale are kept, under a random id; the submission is neither logged nor counted in the metrics.
#[utoipa::path(post, path = "/api/v1/reports", tag = "identify", request_body = PublicReport, security(()),
    responses((status = 202), (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn submit_report(
    State(state): State<AppState>,
    client: crate::web::client::ClientAddr,
    ApiJson(input): ApiJson<PublicReport>,
) -> Result<Response, ApiError> {
    if let Err(retry_after) = crate::web::public::admit_report(&state, client) {
        return Ok(crate::web::error::too_many_requests(retry_after));
    }
    let locale = input
        .locale
        .as_deref()
        .and_then(|l| state.locales.get(l))
        .unwrap_or_else(|| state.locales.default_locale().clone());
    let input = ReportInput {
        day: &input.day,
        point: Some((input.latitude, input.longitude)),
        category: &input.category,
        signs: &input.signs,
        locale: locale.as_str(),
    };
    if let Err(errors) = crate::web::public::submit_public_report(&state, client, input).await? {
        let first = &errors[0];
        return Err(ApiError::invalid(
            first.field,
            state.locales.format(&locale, first.message_id, None),
        ));
    }
    Ok(StatusCode::ACCEPTED.into_response())
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

pub(crate) fn rejected(detail: String, errors: Vec<ImportErrorItem>) -> Response {
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
        Err(IngestError::Refused(e)) => Err(e.into()),
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
    responses((status = 201, body = schema::ImportOutcome), (status = 403, body = Problem), (status = 422, body = ImportProblem)))]
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
        state
            .services
            .incidents()
            .import_batch(&auth.actor(), incidents, &name)
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
    responses((status = 201, body = schema::ImportOutcome), (status = 200, body = schema::ImportOutcome, description = "dry run"), (status = 422, body = ImportProblem)))]
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
    let result = state
        .services
        .incidents()
        .import_file(
            &auth.actor(),
            format,
            std::io::Cursor::new(body),
            &name,
            q.dry_run,
            |_read| {},
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
#[utoipa::path(get, path = "/api/v1/incidents", tag = "identify", params(schema::IncidentQuery, Limit),
    responses((status = 200, body = [schema::StoredIncident]), (status = 403, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Query(filter): Query<IncidentFilter>,
    Query(page): Query<Limit>,
) -> Result<axum::Json<Vec<StoredIncident>>, ApiError> {
    let limit = page.limit.unwrap_or(100).clamp(1, 5000);
    let rows = state
        .services
        .incidents()
        .list(&auth.actor(), &filter, limit)
        .await?;
    Ok(axum::Json(rows))
}

/// Gi* hotspots of stored incidents (analysts; every read audited with its settings and filter).
#[utoipa::path(get, path = "/api/v1/hotspots", tag = "identify", params(HotspotQuery, schema::IncidentQuery),
    responses((status = 200, body = [schema::HotspotCell]), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn hotspots_api(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Query(q): Query<HotspotQuery>,
    Query(filter): Query<IncidentFilter>,
) -> Result<axum::Json<Vec<HotspotCell>>, ApiError> {
    let result = state
        .services
        .analyses()
        .hotspots(&auth.actor(), Via::Api, &q.params(), &filter)
        .await?;
    Ok(axum::Json(result.cells))
}

/// The hotspot cells as CSV: `cell,count,gi_z,p_value,q_value,class` (analysts; audited).
#[utoipa::path(get, path = "/api/v1/hotspots.csv", tag = "identify", params(HotspotQuery, schema::IncidentQuery),
    responses((status = 200, content_type = "text/csv", body = String), (status = 403, body = Problem)))]
pub async fn export_csv(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Query(q): Query<HotspotQuery>,
    Query(filter): Query<IncidentFilter>,
) -> Result<Response, ApiError> {
    let a = state
        .services
        .analyses()
        .export_hotspots(&auth.actor(), "hotspots.csv", &q.params(), &filter)
        .await?;
    let mut out = Vec::new();
    write_csv(&a.cells, &mut out).map_err(|e| ApiError::Internal(e.into()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"hotspots-r{}.csv\"", a.resolution),
            ),
        ],
        out,
    )
        .into_response())
}

/// The hotspot cells as GeoJSON polygons with their values (analysts; audited).
#[utoipa::path(get, path = "/api/v1/hotspots.geojson", tag = "identify", params(HotspotQuery, schema::IncidentQuery),
    responses((status = 200, content_type = "application/geo+json", body = Object), (status = 403, body = Problem)))]
pub async fn export_geojson(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Query(q): Query<HotspotQuery>,
    Query(filter): Query<IncidentFilter>,
) -> Result<Response, ApiError> {
    let a = state
        .services
        .analyses()
        .export_hotspots(&auth.actor(), "hotspots.geojson", &q.params(), &filter)
        .await?;
    let notes = vec![format!(
        "Getis-Ord Gi* with binary {}-ring weights including the cell; Benjamini-Hochberg FDR.",
        a.rings
    )];
    Ok((
        [(header::CONTENT_TYPE, "application/geo+json")],
        axum::Json(to_geojson(&a.cells, &notes)),
    )
        .into_response())
}

/// Record counts per cell for people outside the analyst role, through the disclosure policy (README,
/// "Privacy"): no count between 1 and k − 1, the same records always the same answer; records in cells
/// not shown are counted in a coarser cell marked `remainder`, and what is left as "other" (audited).
#[utoipa::path(get, path = "/api/v1/aggregates/cells.geojson", tag = "identify", params(HotspotQuery, schema::IncidentQuery),
    responses((status = 200, content_type = "application/geo+json", body = Object), (status = 403, body = Problem)))]
pub async fn aggregate_geojson(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Query(q): Query<HotspotQuery>,
    Query(filter): Query<IncidentFilter>,
) -> Result<Response, ApiError> {
    let published = state
        .services
        .analyses()
        .aggregate_cells(&auth.actor(), q.resolution, &filter)
        .await?;
    let features: Vec<serde_json::Value> = published
        .cells
        .iter()
        .map(|c| {
            cell_feature(
                c.cell,
                serde_json::json!({
                    "cell": c.cell.to_string(),
                    "resolution": u8::from(c.cell.resolution()),
                    "records": c.count,
                    "remainder": c.remainder,
                }),
            )
        })
        .collect();
    let body = serde_json::json!({
        "type": "FeatureCollection",
        "features": features,
        "other": published.other,
        "disclosure": disclosure_note(published.k, published.spread),
    });
    Ok((
        [(header::CONTENT_TYPE, "application/geo+json")],
        axum::Json(body),
    )
        .into_response())
}

/// How the shared numbers were protected, for the response.
fn disclosure_note(k: u64, spread: u64) -> Disclosure {
    Disclosure {
        method: "cell-key".into(),
        k,
        spread,
        note: format!(
            "Counts are perturbed by up to ±{spread} and none is shown between 1 and {}; the same records always get the same count. A cell marked remainder counts the records in it that are outside the finer cells shown.",
            k - 1
        ),
    }
}

/// Emerging Hot Spot Analysis of stored incidents (analysts; audited).
#[utoipa::path(get, path = "/api/v1/emerging", tag = "identify", params(EmergingQuery, schema::IncidentQuery),
    responses((status = 200, body = schema::EmergingResult), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn emerging_api(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Query(q): Query<EmergingQuery>,
    Query(filter): Query<IncidentFilter>,
) -> Result<axum::Json<EmergingResult>, ApiError> {
    Ok(axum::Json(
        state
            .services
            .analyses()
            .emerging(&auth.actor(), Via::Api, &q.params(), &filter)
            .await?,
    ))
}

/// Source → (transit) → destination routes with the nationalities and exploitation types on each
/// (analysts; audited).
#[utoipa::path(get, path = "/api/v1/routes", tag = "identify", params(RoutesQuery, schema::IncidentQuery),
    responses((status = 200, body = RoutesResult), (status = 403, body = Problem)))]
pub async fn routes_api(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Query(q): Query<RoutesQuery>,
    Query(filter): Query<IncidentFilter>,
) -> Result<axum::Json<RoutesResult>, ApiError> {
    Ok(axum::Json(
        run_routes(&state, &auth, Via::Api, &q, &filter).await?,
    ))
}

/// A country route table for people outside the analyst role.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AggregateRoutes {
    /// Routes as published through the disclosure policy: none under k.
    pub routes: Vec<AggregateRoute>,
    /// Incidents on the routes not shown, together, as published: 0 or at least k.
    pub other: u64,
    pub disclosure: Disclosure,
}

/// How shared numbers were protected.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Disclosure {
    /// `cell-key`.
    pub method: String,
    pub k: u64,
    pub spread: u64,
    pub note: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AggregateRoute {
    pub route: String,
    pub count: u64,
}

/// Country routes through the disclosure policy: routes not shown merged into "other" (audited).
#[utoipa::path(get, path = "/api/v1/aggregates/routes", tag = "identify", params(schema::IncidentQuery),
    responses((status = 200, body = AggregateRoutes), (status = 403, body = Problem)))]
pub async fn routes_aggregate(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Query(filter): Query<IncidentFilter>,
) -> Result<axum::Json<AggregateRoutes>, ApiError> {
    let published = state
        .services
        .analyses()
        .aggregate_routes(&auth.actor(), &filter)
        .await?;
    Ok(axum::Json(AggregateRoutes {
        routes: published
            .rows
            .into_iter()
            .map(|(route, count)| AggregateRoute { route, count })
            .collect(),
        other: published.other,
        disclosure: disclosure_note(published.k, published.spread),
    }))
}
