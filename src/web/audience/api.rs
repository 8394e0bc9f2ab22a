//! The audience JSON API under `/api/v1`: regions, population layers, community shares, languages,
//! geo-targets (JSON, GeoJSON, KML), audiences and snapshots.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::{available_locales, schema};
use crate::audience::languages::CommunityShare;
use crate::audience::platforms::{Platform, PlatformTargets, targets_geojson, targets_kml};
use crate::audience::records::{AudienceRow, PopulationLayer, RegionRow, Snapshot};
use crate::audience::sizing::AudienceSpec;
use crate::services::audiences::{PopulationImport, RegionRequest};
use crate::web::AppState;
use crate::web::auth::ApiUser;
use crate::web::error::{ApiError, ApiJson, Problem};
use crate::web::localise::localised;

/// Makes a region from GeoJSON, districts, hotspots, cells, or other regions, minus exclusion zones.
#[utoipa::path(post, path = "/api/v1/regions", tag = "audience", request_body = schema::RegionRequest,
    responses((status = 201, body = schema::RegionRow), (status = 422, body = Problem)))]
pub async fn create_region(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiUser(auth): ApiUser,
    ApiJson(request): ApiJson<RegionRequest>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let row = state
        .services
        .audiences()
        .create_region(&auth.actor(), request)
        .await?;
    Ok((
        StatusCode::CREATED,
        localised(&state, &headers, &auth.user, &row)?,
    ))
}

#[utoipa::path(get, path = "/api/v1/regions", tag = "audience",
    responses((status = 200, body = [schema::RegionRow]), (status = 403, body = Problem)))]
pub async fn list_regions(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiUser(auth): ApiUser,
) -> Result<Json<serde_json::Value>, ApiError> {
    let regions = state
        .services
        .audiences()
        .list_regions(&auth.actor())
        .await?;
    localised(&state, &headers, &auth.user, &regions)
}

/// A region with its population.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RegionDetail {
    #[schema(value_type = schema::RegionRow)]
    pub region: RegionRow,
    /// Compacted cells stored.
    pub compacted_cells: usize,
    pub population: Option<f64>,
    #[schema(value_type = Option<schema::PopulationLayer>)]
    pub population_layer: Option<PopulationLayer>,
    #[schema(value_type = Vec<schema::CommunityShare>)]
    pub shares: Vec<CommunityShare>,
}

#[utoipa::path(get, path = "/api/v1/regions/{id}", tag = "audience",
    responses((status = 200, body = RegionDetail), (status = 404, body = Problem)))]
pub async fn get_region(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let d = state
        .services
        .audiences()
        .region_detail(&auth.actor(), id)
        .await?;
    let detail = RegionDetail {
        compacted_cells: d.cells.compacted().len(),
        population: d.population.total,
        population_layer: d.population.layer,
        shares: d.shares,
        region: d.region,
    };
    localised(&state, &headers, &auth.user, &detail)
}

/// Deletes a region that no audience uses.
#[utoipa::path(delete, path = "/api/v1/regions/{id}", tag = "audience",
    responses((status = 204), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn delete_region(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    state
        .services
        .audiences()
        .delete_region(&auth.actor(), id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct CellsQuery {
    /// Return the compacted set (parents standing for all their children) instead of every cell.
    pub compacted: Option<bool>,
}

/// The region's cells (H3 hex).
#[utoipa::path(get, path = "/api/v1/regions/{id}/cells", tag = "audience", params(CellsQuery),
    responses((status = 200, body = [String]), (status = 404, body = Problem)))]
pub async fn region_cells(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<CellsQuery>,
) -> Result<Json<Vec<String>>, ApiError> {
    let (_, cells) = state
        .services
        .audiences()
        .region_cells(&auth.actor(), id)
        .await?;
    let list = if q.compacted.unwrap_or(false) {
        cells.compacted()
    } else {
        cells.cells().to_vec()
    };
    Ok(Json(list.iter().map(|c| c.to_string()).collect()))
}

/// People per cell of the region.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RegionPopulationOut {
    pub total: Option<f64>,
    #[schema(value_type = Option<schema::PopulationLayer>)]
    pub layer: Option<PopulationLayer>,
    /// `[cell, people]` for every cell with people.
    #[schema(value_type = Vec<Object>)]
    pub cells: Vec<(String, f64)>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct LayerQuery {
    /// Population layer to use (default: the newest).
    pub layer: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/regions/{id}/population", tag = "audience", params(LayerQuery),
    responses((status = 200, body = RegionPopulationOut), (status = 404, body = Problem)))]
pub async fn region_population(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<LayerQuery>,
) -> Result<Json<RegionPopulationOut>, ApiError> {
    let pop = state
        .services
        .audiences()
        .population(&auth.actor(), id, q.layer)
        .await?;
    Ok(Json(RegionPopulationOut {
        total: pop.total,
        cells: pop
            .per_cell
            .iter()
            .map(|(c, p)| (c.to_string(), (p * 100.0).round() / 100.0))
            .collect(),
        layer: pop.layer,
    }))
}

#[utoipa::path(get, path = "/api/v1/regions/{id}/shares", tag = "audience",
    responses((status = 200, body = [schema::CommunityShare]), (status = 404, body = Problem)))]
pub async fn get_shares(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<CommunityShare>>, ApiError> {
    Ok(Json(
        state.services.audiences().shares(&auth.actor(), id).await?,
    ))
}

/// Replaces the region's configured community shares (locale, share 0 to 1, source).
#[utoipa::path(put, path = "/api/v1/regions/{id}/shares", tag = "audience", request_body = [schema::CommunityShare],
    responses((status = 200, body = [schema::CommunityShare]), (status = 422, body = Problem)))]
pub async fn put_shares(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    ApiJson(shares): ApiJson<Vec<CommunityShare>>,
) -> Result<Json<Vec<CommunityShare>>, ApiError> {
    Ok(Json(
        state
            .services
            .audiences()
            .set_shares(&auth.actor(), id, &shares)
            .await?,
    ))
}

/// The region's suggested locales, ranked by estimated speakers, each with its sources.
#[utoipa::path(get, path = "/api/v1/regions/{id}/languages", tag = "audience",
    responses((status = 200, body = [schema::LanguageSuggestion]), (status = 404, body = Problem)))]
pub async fn region_languages(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let available = available_locales(&state);
    let languages = state
        .services
        .audiences()
        .languages(&auth.actor(), id, &available)
        .await?;
    localised(&state, &headers, &auth.user, &languages)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct TargetsQuery {
    /// `meta` or `google`.
    pub platform: String,
    /// Population layer to use (default: the newest).
    pub layer: Option<i64>,
}

async fn targets_for(
    state: &AppState,
    auth: &crate::web::auth::Authenticated,
    id: i64,
    q: &TargetsQuery,
) -> Result<(RegionRow, PlatformTargets), ApiError> {
    let platform = Platform::parse(&q.platform)
        .ok_or_else(|| ApiError::invalid("platform", "meta or google"))?;
    Ok(state
        .services
        .audiences()
        .targets(&auth.actor(), id, platform, q.layer)
        .await?)
}

/// The region compiled to one platform's radius targets, with coverage, spill and notes.
#[utoipa::path(get, path = "/api/v1/regions/{id}/targets", tag = "audience", params(TargetsQuery),
    responses((status = 200, body = schema::PlatformTargets), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn region_targets(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<TargetsQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let targets = targets_for(&state, &auth, id, &q).await?.1;
    localised(&state, &headers, &auth.user, &targets)
}

/// The targets as GeoJSON circles (platform-neutral).
#[utoipa::path(get, path = "/api/v1/regions/{id}/targets.geojson", tag = "audience", params(TargetsQuery),
    responses((status = 200, content_type = "application/geo+json", body = Object)))]
pub async fn region_targets_geojson(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<TargetsQuery>,
) -> Result<Response, ApiError> {
    let (region, t) = targets_for(&state, &auth, id, &q).await?;
    let body = localised(&state, &headers, &auth.user, &targets_geojson(&t))?
        .0
        .to_string();
    Ok((
        [
            (header::CONTENT_TYPE, "application/geo+json".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"region-{}-{}.geojson\"",
                    region.id,
                    t.platform.as_str()
                ),
            ),
        ],
        body,
    )
        .into_response())
}

/// The targets as KML.
#[utoipa::path(get, path = "/api/v1/regions/{id}/targets.kml", tag = "audience", params(TargetsQuery),
    responses((status = 200, content_type = "application/vnd.google-earth.kml+xml", body = String)))]
pub async fn region_targets_kml(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<TargetsQuery>,
) -> Result<Response, ApiError> {
    let (region, t) = targets_for(&state, &auth, id, &q).await?;
    let body = targets_kml(&t, &region.name);
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.google-earth.kml+xml".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"region-{}-{}.kml\"",
                    region.id,
                    t.platform.as_str()
                ),
            ),
        ],
        body,
    )
        .into_response())
}

#[utoipa::path(get, path = "/api/v1/population-layers", tag = "audience",
    responses((status = 200, body = [schema::PopulationLayer])))]
pub async fn list_layers(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
) -> Result<Json<Vec<PopulationLayer>>, ApiError> {
    Ok(Json(
        state
            .services
            .audiences()
            .population_layers(&auth.actor())
            .await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct LayerImport {
    pub name: String,
    /// `grid` (`h3,population` CSV, Kontur's format) or `geonames` (settlement points CSV).
    pub format: String,
    /// For `geonames`: keep only this country (ISO alpha-2).
    pub country: Option<String>,
    /// For `geonames`: H3 resolution to spread settlements at (default `audience.resolution`).
    pub resolution: Option<u8>,
}

impl LayerImport {
    pub fn as_import(&self) -> PopulationImport<'_> {
        PopulationImport {
            name: &self.name,
            format: &self.format,
            country: self.country.as_deref(),
            resolution: self.resolution,
        }
    }
}

/// Imports a population layer from a CSV body. All or nothing.
#[utoipa::path(post, path = "/api/v1/population-layers", tag = "audience", params(LayerImport),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 201, body = schema::PopulationLayer), (status = 422, body = Problem)))]
pub async fn import_layer(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Query(q): Query<LayerImport>,
    body: String,
) -> Result<(StatusCode, Json<PopulationLayer>), ApiError> {
    let layer = state
        .services
        .audiences()
        .import_population(&auth.actor(), &q.as_import(), &body, "the request body")
        .await?;
    Ok((StatusCode::CREATED, Json(layer)))
}

/// Creates an audience: a region × locales × demographics.
#[utoipa::path(post, path = "/api/v1/audiences", tag = "audience", request_body = schema::AudienceSpec,
    responses((status = 201, body = schema::AudienceView), (status = 422, body = Problem)))]
pub async fn create_audience(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiUser(auth): ApiUser,
    ApiJson(spec): ApiJson<AudienceSpec>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let available = available_locales(&state);
    let view = state
        .services
        .audiences()
        .create_audience(&auth.actor(), spec, &available)
        .await?;
    Ok((
        StatusCode::CREATED,
        localised(&state, &headers, &auth.user, &view)?,
    ))
}

#[utoipa::path(get, path = "/api/v1/audiences", tag = "audience",
    responses((status = 200, body = [schema::AudienceRow])))]
pub async fn list_audiences(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
) -> Result<Json<Vec<AudienceRow>>, ApiError> {
    Ok(Json(
        state
            .services
            .audiences()
            .list_audiences(&auth.actor())
            .await?,
    ))
}

/// The audience with its estimated size per locale and every input.
#[utoipa::path(get, path = "/api/v1/audiences/{id}", tag = "audience",
    responses((status = 200, body = schema::AudienceView), (status = 404, body = Problem)))]
pub async fn get_audience(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let available = available_locales(&state);
    let view = state
        .services
        .audiences()
        .audience(&auth.actor(), id, &available)
        .await?;
    localised(&state, &headers, &auth.user, &view)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FreezeRequest {
    /// Why it is frozen, e.g. the campaign it is scheduled for.
    pub reason: String,
}

/// Freezes the audience as a new numbered snapshot (campaign scheduling calls this).
#[utoipa::path(post, path = "/api/v1/audiences/{id}/snapshots", tag = "audience", request_body = FreezeRequest,
    responses((status = 201, body = schema::Snapshot), (status = 404, body = Problem)))]
pub async fn freeze_audience(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<FreezeRequest>,
) -> Result<(StatusCode, Json<Snapshot>), ApiError> {
    let available = available_locales(&state);
    let snapshot = state
        .services
        .audiences()
        .freeze(&auth.actor(), id, &req.reason, &available)
        .await?;
    Ok((StatusCode::CREATED, Json(snapshot)))
}

#[utoipa::path(get, path = "/api/v1/audiences/{id}/snapshots", tag = "audience",
    responses((status = 200, body = [schema::Snapshot])))]
pub async fn list_snapshots(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Snapshot>>, ApiError> {
    Ok(Json(
        state
            .services
            .audiences()
            .snapshots(&auth.actor(), id)
            .await?,
    ))
}
