//! Audiences at the edge: the region, population, language, geo-target and audience API, and the audience
//! builder pages for campaign staff.

use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::AppState;
use super::auth::{ApiUser, Authenticated, PageUser};
use super::error::PageError;
use super::error::{ApiError, ApiJson, Problem};
use super::page::{page_locale, render_page};
use crate::accounts::Permission;
use crate::audience::cellset::CellSet;
use crate::audience::languages::{CommunityShare, LanguageSuggestion, format_count};
use crate::audience::population::{parse_grid_csv, parse_settlements, spread_settlements};
use crate::audience::service::{
    self, AudienceFailure, AudienceView, Platform, PlatformTargets, RegionRequest, RegionSource,
};
use crate::audience::sizing::AudienceSpec;
use crate::map::{self, MapOptions, Outline, Scale};
use crate::store::audiences::{AudienceRow, PopulationLayer, RegionRow, Snapshot};

impl From<AudienceFailure> for ApiError {
    fn from(e: AudienceFailure) -> Self {
        match e {
            AudienceFailure::Invalid { field, reason } => ApiError::Invalid { field, reason },
            AudienceFailure::NotFound(what) => ApiError::NotFound(format!("{what} not found")),
            AudienceFailure::Conflict(why) => ApiError::Conflict(why),
            AudienceFailure::Store(e) => e.into(),
            AudienceFailure::Internal(e) => ApiError::Internal(anyhow::anyhow!(e)),
        }
    }
}

/// Routes that take ordinary bodies.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/regions", get(list_regions))
        .route(
            "/api/v1/regions/{id}",
            get(get_region).delete(delete_region),
        )
        .route("/api/v1/regions/{id}/cells", get(region_cells))
        .route("/api/v1/regions/{id}/population", get(region_population))
        .route(
            "/api/v1/regions/{id}/shares",
            get(get_shares).put(put_shares),
        )
        .route("/api/v1/regions/{id}/languages", get(region_languages))
        .route("/api/v1/regions/{id}/targets", get(region_targets))
        .route(
            "/api/v1/regions/{id}/targets.geojson",
            get(region_targets_geojson),
        )
        .route("/api/v1/regions/{id}/targets.kml", get(region_targets_kml))
        .route("/api/v1/population-layers", get(list_layers))
        .route(
            "/api/v1/audiences",
            get(list_audiences).post(create_audience),
        )
        .route("/api/v1/audiences/{id}", get(get_audience))
        .route(
            "/api/v1/audiences/{id}/snapshots",
            get(list_snapshots).post(freeze_audience),
        )
        .route("/audiences", get(index_page))
        .route("/audiences/regions/{id}", get(region_page))
        .route("/audiences/regions/{id}/shares", post(shares_form))
        .route("/audiences/new", post(audience_form))
        .route("/audiences/{id}", get(audience_page))
        .route("/audiences/{id}/freeze", post(freeze_form))
}

/// Routes that take files (GeoJSON regions, population files), with the import body limit.
pub fn upload_router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/regions", post(create_region))
        .route("/api/v1/population-layers", post(import_layer))
        .route("/audiences/regions", post(region_form))
        .route("/audiences/population", post(population_form))
}

fn available_locales(state: &AppState) -> Vec<String> {
    state
        .locales
        .available()
        .map(|l| l.as_str().to_string())
        .collect()
}

async fn region_or_404(state: &AppState, id: i64) -> Result<RegionRow, ApiError> {
    state
        .store
        .region_by_id(id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no region {id}")))
}

// ---------------------------------------------------------------------------------------------------------
// API
// ---------------------------------------------------------------------------------------------------------

/// Makes a region from GeoJSON, districts, hotspots, cells, or other regions, minus exclusion zones.
#[utoipa::path(post, path = "/api/v1/regions", tag = "audience", request_body = RegionRequest,
    responses((status = 201, body = RegionRow), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create_region(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    ApiJson(request): ApiJson<RegionRequest>,
) -> Result<(StatusCode, Json<RegionRow>), ApiError> {
    auth.require(Permission::PlanAudiences)?;
    let row = make_region(&state, &auth, &request).await?;
    Ok((StatusCode::CREATED, Json(row)))
}

async fn make_region(
    state: &AppState,
    auth: &Authenticated,
    request: &RegionRequest,
) -> Result<RegionRow, ApiError> {
    let row = service::create_region(
        &state.store,
        &state.config.audience,
        request,
        Some(auth.user.id),
    )
    .await?;
    state
        .store
        .audit(
            Some(auth.user.id),
            "region.create",
            &format!("region {}", row.id),
            &format!("{} cells at resolution {}", row.cell_count, row.resolution),
        )
        .await?;
    Ok(row)
}

#[utoipa::path(get, path = "/api/v1/regions", tag = "audience",
    responses((status = 200, body = [RegionRow]), (status = 403, body = Problem)))]
pub async fn list_regions(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
) -> Result<Json<Vec<RegionRow>>, ApiError> {
    auth.require(Permission::ReadAudiences)?;
    Ok(Json(state.store.list_regions().await?))
}

/// A region with its population.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RegionDetail {
    pub region: RegionRow,
    /// Compacted cells stored.
    pub compacted_cells: usize,
    pub population: Option<f64>,
    pub population_layer: Option<PopulationLayer>,
    pub shares: Vec<CommunityShare>,
}

#[utoipa::path(get, path = "/api/v1/regions/{id}", tag = "audience",
    responses((status = 200, body = RegionDetail), (status = 404, body = Problem)))]
pub async fn get_region(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<RegionDetail>, ApiError> {
    auth.require(Permission::ReadAudiences)?;
    let region = region_or_404(&state, id).await?;
    let cells = service::region_cells(&state.store, &region).await?;
    let pop = service::population(&state.store, &cells, None).await?;
    Ok(Json(RegionDetail {
        compacted_cells: cells.compacted().len(),
        population: pop.total,
        population_layer: pop.layer,
        shares: state.store.community_shares(id).await?,
        region,
    }))
}

/// Deletes a region that no audience uses.
#[utoipa::path(delete, path = "/api/v1/regions/{id}", tag = "audience",
    responses((status = 204), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn delete_region(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    auth.require(Permission::PlanAudiences)?;
    region_or_404(&state, id).await?;
    if let Some(a) = state
        .store
        .list_audiences()
        .await?
        .iter()
        .find(|a| a.region_id == id)
    {
        return Err(ApiError::Conflict(format!(
            "region {id} is used by the audience {:?}; delete or change the audience first",
            a.name
        )));
    }
    match state.store.delete_region(id).await {
        Ok(true) => Ok(StatusCode::NO_CONTENT),
        Ok(false) => Err(ApiError::NotFound(format!("no region {id}"))),
        Err(e) if e.is_constraint_violation() => Err(ApiError::Conflict(format!(
            "region {id} is used by an audience; delete or change the audience first"
        ))),
        Err(e) => Err(e.into()),
    }
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
    auth.require(Permission::ReadAudiences)?;
    let region = region_or_404(&state, id).await?;
    let cells = service::region_cells(&state.store, &region).await?;
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
    auth.require(Permission::ReadAudiences)?;
    let region = region_or_404(&state, id).await?;
    let cells = service::region_cells(&state.store, &region).await?;
    let pop = service::population(&state.store, &cells, q.layer).await?;
    Ok(Json(RegionPopulationOut {
        total: pop.total,
        layer: pop.layer,
        cells: pop
            .per_cell
            .iter()
            .map(|(c, p)| (c.to_string(), (p * 100.0).round() / 100.0))
            .collect(),
    }))
}

#[utoipa::path(get, path = "/api/v1/regions/{id}/shares", tag = "audience",
    responses((status = 200, body = [CommunityShare]), (status = 404, body = Problem)))]
pub async fn get_shares(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<CommunityShare>>, ApiError> {
    auth.require(Permission::ReadAudiences)?;
    region_or_404(&state, id).await?;
    Ok(Json(state.store.community_shares(id).await?))
}

/// Replaces the region's configured community shares (locale, share 0 to 1, source).
#[utoipa::path(put, path = "/api/v1/regions/{id}/shares", tag = "audience", request_body = [CommunityShare],
    responses((status = 200, body = [CommunityShare]), (status = 422, body = Problem)))]
pub async fn put_shares(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    ApiJson(shares): ApiJson<Vec<CommunityShare>>,
) -> Result<Json<Vec<CommunityShare>>, ApiError> {
    auth.require(Permission::PlanAudiences)?;
    service::set_shares(&state.store, id, &shares).await?;
    Ok(Json(state.store.community_shares(id).await?))
}

/// The region's suggested locales, ranked by estimated speakers, each with its sources.
#[utoipa::path(get, path = "/api/v1/regions/{id}/languages", tag = "audience",
    responses((status = 200, body = [LanguageSuggestion]), (status = 404, body = Problem)))]
pub async fn region_languages(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<LanguageSuggestion>>, ApiError> {
    auth.require(Permission::ReadAudiences)?;
    Ok(Json(languages_for(&state, id).await?))
}

async fn languages_for(state: &AppState, id: i64) -> Result<Vec<LanguageSuggestion>, ApiError> {
    let region = region_or_404(state, id).await?;
    let cells = service::region_cells(&state.store, &region).await?;
    let pop = service::population(&state.store, &cells, None).await?;
    Ok(service::languages(
        &state.store,
        &region,
        &cells,
        pop.total,
        &available_locales(state),
    )
    .await?)
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
    id: i64,
    q: &TargetsQuery,
) -> Result<(RegionRow, PlatformTargets), ApiError> {
    let platform = Platform::parse(&q.platform)
        .ok_or_else(|| ApiError::invalid("platform", "meta or google"))?;
    let region = region_or_404(state, id).await?;
    let cells = service::region_cells(&state.store, &region).await?;
    let pop = service::population(&state.store, &cells, q.layer).await?;
    let config = state.config.audience.clone();
    let targets = tokio::task::spawn_blocking(move || {
        service::compile_targets(&cells, pop.grid.as_ref(), platform, &config)
    })
    .await
    .map_err(|e| ApiError::Internal(e.into()))??;
    Ok((region, targets))
}

/// The region compiled to one platform's radius targets, with coverage, spill and notes.
#[utoipa::path(get, path = "/api/v1/regions/{id}/targets", tag = "audience", params(TargetsQuery),
    responses((status = 200, body = PlatformTargets), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn region_targets(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<TargetsQuery>,
) -> Result<Json<PlatformTargets>, ApiError> {
    auth.require(Permission::ReadAudiences)?;
    Ok(Json(targets_for(&state, id, &q).await?.1))
}

/// The targets as GeoJSON circles (platform-neutral).
#[utoipa::path(get, path = "/api/v1/regions/{id}/targets.geojson", tag = "audience", params(TargetsQuery),
    responses((status = 200, content_type = "application/geo+json", body = Object)))]
pub async fn region_targets_geojson(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<TargetsQuery>,
) -> Result<Response, ApiError> {
    auth.require(Permission::ReadAudiences)?;
    let (region, t) = targets_for(&state, id, &q).await?;
    let body = service::targets_geojson(&t).to_string();
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
    auth.require(Permission::ReadAudiences)?;
    let (region, t) = targets_for(&state, id, &q).await?;
    let body = service::targets_kml(&t, &region.name);
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
    responses((status = 200, body = [PopulationLayer])))]
pub async fn list_layers(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
) -> Result<Json<Vec<PopulationLayer>>, ApiError> {
    auth.require(Permission::ReadAudiences)?;
    Ok(Json(state.store.list_population_layers().await?))
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

/// Imports a population layer from a CSV body. All or nothing.
#[utoipa::path(post, path = "/api/v1/population-layers", tag = "audience", params(LayerImport),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 201, body = PopulationLayer), (status = 422, body = Problem)))]
pub async fn import_layer(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Query(q): Query<LayerImport>,
    body: String,
) -> Result<(StatusCode, Json<PopulationLayer>), ApiError> {
    auth.require(Permission::PlanAudiences)?;
    let layer = store_layer(&state, &auth, &q, &body, "the request body").await?;
    Ok((StatusCode::CREATED, Json(layer)))
}

async fn store_layer(
    state: &AppState,
    auth: &Authenticated,
    q: &LayerImport,
    text: &str,
    source_name: &str,
) -> Result<PopulationLayer, ApiError> {
    let name = q.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(ApiError::invalid("name", "1 to 200 characters"));
    }
    if state
        .store
        .list_population_layers()
        .await?
        .iter()
        .any(|l| l.name == name)
    {
        return Err(ApiError::Conflict(format!(
            "a population layer named {name:?} exists already"
        )));
    }
    let config = &state.config.audience;
    let (kind, method, grid) = match q.format.as_str() {
        "grid" => {
            let grid = parse_grid_csv(text, source_name)
                .map_err(|e| ApiError::invalid("file", e.to_string()))?;
            (
                "grid",
                "people per cell as given (h3,population)".to_string(),
                grid,
            )
        }
        "geonames" => {
            let settlements = parse_settlements(text, source_name, q.country.as_deref())
                .map_err(|e| ApiError::invalid("file", e.to_string()))?;
            let resolution = h3o::Resolution::try_from(q.resolution.unwrap_or(config.resolution))
                .map_err(|e| ApiError::invalid("resolution", e.to_string()))?;
            let density = config.settlement_density_per_km2;
            let n = settlements.len();
            let grid = tokio::task::spawn_blocking(move || {
                spread_settlements(&settlements, resolution, density)
            })
            .await
            .map_err(|e| ApiError::Internal(e.into()))?;
            (
                "settlements",
                format!(
                    "{n} settlements, each spread over a disc of its population / {density} people per km², weighted 1 − (d/r)²"
                ),
                grid,
            )
        }
        other => {
            return Err(ApiError::invalid(
                "format",
                format!("{other:?}: grid (h3,population) or geonames"),
            ));
        }
    };
    let resolution = grid.resolution().map(u8::from).unwrap_or(0);
    let layer = state
        .store
        .create_population_layer(
            name,
            kind,
            resolution,
            source_name,
            &method,
            grid.total(),
            grid.len() as i64,
            &grid.encode(),
            Some(auth.user.id),
        )
        .await?;
    state
        .store
        .audit(
            Some(auth.user.id),
            "population.import",
            &format!("layer {}", layer.id),
            &format!(
                "{} cells, {} people",
                layer.cell_count,
                format_count(layer.total)
            ),
        )
        .await?;
    Ok(layer)
}

/// Creates an audience: a region × locales × demographics.
#[utoipa::path(post, path = "/api/v1/audiences", tag = "audience", request_body = AudienceSpec,
    responses((status = 201, body = AudienceView), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create_audience(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    ApiJson(spec): ApiJson<AudienceSpec>,
) -> Result<(StatusCode, Json<AudienceView>), ApiError> {
    auth.require(Permission::PlanAudiences)?;
    let available = available_locales(&state);
    let row = service::create_audience(
        &state.store,
        &state.config.audience,
        spec,
        &available,
        Some(auth.user.id),
    )
    .await?;
    let view =
        service::audience_view(&state.store, &state.config.audience, row.id, &available).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

#[utoipa::path(get, path = "/api/v1/audiences", tag = "audience",
    responses((status = 200, body = [AudienceRow])))]
pub async fn list_audiences(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
) -> Result<Json<Vec<AudienceRow>>, ApiError> {
    auth.require(Permission::ReadAudiences)?;
    Ok(Json(state.store.list_audiences().await?))
}

/// The audience with its estimated size per locale and every input.
#[utoipa::path(get, path = "/api/v1/audiences/{id}", tag = "audience",
    responses((status = 200, body = AudienceView), (status = 404, body = Problem)))]
pub async fn get_audience(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<AudienceView>, ApiError> {
    auth.require(Permission::ReadAudiences)?;
    let available = available_locales(&state);
    Ok(Json(
        service::audience_view(&state.store, &state.config.audience, id, &available).await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FreezeRequest {
    /// Why it is frozen, e.g. the campaign it is scheduled for.
    pub reason: String,
}

/// Freezes the audience as a new numbered snapshot (campaign scheduling calls this).
#[utoipa::path(post, path = "/api/v1/audiences/{id}/snapshots", tag = "audience", request_body = FreezeRequest,
    responses((status = 201, body = Snapshot), (status = 404, body = Problem)))]
pub async fn freeze_audience(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<FreezeRequest>,
) -> Result<(StatusCode, Json<Snapshot>), ApiError> {
    auth.require(Permission::PlanAudiences)?;
    let snapshot = freeze(&state, &auth, id, &req.reason).await?;
    Ok((StatusCode::CREATED, Json(snapshot)))
}

async fn freeze(
    state: &AppState,
    auth: &Authenticated,
    id: i64,
    reason: &str,
) -> Result<Snapshot, ApiError> {
    let available = available_locales(state);
    let snapshot = service::freeze(
        &state.store,
        &state.config.audience,
        id,
        reason,
        &available,
        Some(auth.user.id),
    )
    .await?;
    state
        .store
        .audit(
            Some(auth.user.id),
            "audience.freeze",
            &format!("audience {id}"),
            &format!("version {}: {reason}", snapshot.version),
        )
        .await?;
    Ok(snapshot)
}

#[utoipa::path(get, path = "/api/v1/audiences/{id}/snapshots", tag = "audience",
    responses((status = 200, body = [Snapshot])))]
pub async fn list_snapshots(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Snapshot>>, ApiError> {
    auth.require(Permission::ReadAudiences)?;
    state
        .store
        .audience_by_id(id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no audience {id}")))?;
    Ok(Json(state.store.snapshots(id).await?))
}

// ---------------------------------------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------------------------------------

#[derive(Serialize)]
struct RegionListRow {
    id: i64,
    name: String,
    cells: i64,
    area: String,
    resolution: u8,
    kind: String,
}

async fn index_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
) -> Result<Response, PageError> {
    auth.require(Permission::ReadAudiences)?;
    let regions: Vec<RegionListRow> = state
        .store
        .list_regions()
        .await?
        .into_iter()
        .map(|r| RegionListRow {
            kind: r.source["request"]["kind"]
                .as_str()
                .unwrap_or("")
                .to_string(),
            id: r.id,
            name: r.name,
            cells: r.cell_count,
            area: format_count(r.area_km2),
            resolution: r.resolution,
        })
        .collect();
    let audiences = state.store.list_audiences().await?;
    let layers: Vec<_> = state
        .store
        .list_population_layers()
        .await?
        .into_iter()
        .map(|l| {
            context! { name => l.name, kind => l.kind, resolution => l.resolution,
            total => format_count(l.total), cells => l.cell_count, method => l.method }
        })
        .collect();
    let area = &state.services.places.area;
    let districts: Vec<String> = area.districts.iter().map(|d| d.name.clone()).collect();
    // The picking map: every cell of the demo area at resolution 7, by LSOA density.
    let locale = page_locale(&state, &headers, Some(&auth.user));
    let picker = picker_map(&state, &locale);
    render_page(
        &state,
        &headers,
        &auth,
        "/audiences",
        "audiences.html",
        context! {
            regions, audiences, layers, districts, picker,
            can_plan => auth.user.role.can(Permission::PlanAudiences),
            default_resolution => state.config.audience.resolution,
        },
    )
}

fn picker_map(state: &AppState, locale: &crate::content::i18n::LocaleId) -> String {
    let area = &state.services.places.area;
    let shape = geo::MultiPolygon(
        area.districts
            .iter()
            .flat_map(|d| d.shape.0.iter().cloned())
            .collect(),
    );
    let cells = crate::audience::regions::fill(
        &shape,
        crate::places::MAP_RESOLUTION,
        100_000,
        "campaign area",
    )
    .unwrap_or_default();
    let counts: std::collections::HashMap<h3o::CellIndex, f64> =
        area.cells.iter().copied().collect();
    let values: Vec<(h3o::CellIndex, f64)> = cells
        .iter()
        .map(|c| (*c, counts.get(c).copied().unwrap_or(0.0)))
        .collect();
    let max = values.iter().map(|v| v.1).fold(1.0, f64::max);
    let mut options = MapOptions::new(
        state.locales.format(locale, "audience-picker-title", None),
        Scale::Sequential { min: 0.0, max },
    );
    options.width = 760;
    options.height = 560;
    options.legend_title = state.locales.format(locale, "map-demo-legend", None);
    options.outlines = area
        .districts
        .iter()
        .map(|d| Outline {
            shape: d.shape.clone(),
            label: Some(d.name.clone()),
        })
        .collect();
    options.padding_fraction = 0.03;
    map::render_cells(&values, &options)
}

/// A multipart form's text fields, and the file in `file_field` as UTF-8 text (`None` when no file was
/// chosen).
async fn read_multipart(
    multipart: &mut Multipart,
    file_field: &str,
    default_name: &str,
) -> Result<(Vec<(String, String)>, Option<(String, String)>), ApiError> {
    let (fields, file) = super::read_multipart_bytes(multipart, file_field).await?;
    let file = match file {
        Some((name, bytes)) => {
            let name = if name.is_empty() {
                default_name.to_string()
            } else {
                name
            };
            let text = String::from_utf8(bytes.to_vec())
                .map_err(|_| ApiError::invalid(file_field, format!("{name}: not UTF-8 text")))?;
            Some((name, text))
        }
        None => None,
    };
    Ok((fields, file))
}

/// The new-region form: fields and an optional file, as multipart.
async fn region_form(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    auth.require(Permission::PlanAudiences)?;
    let (fields, file) = read_multipart(&mut multipart, "geojson", "upload.geojson").await?;
    let get = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let all = |k: &str| -> Vec<String> {
        fields
            .iter()
            .filter(|(n, v)| n == k && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
            .collect()
    };
    auth.check_csrf(&get("csrf"))?;
    let ids = |k: &str| -> Result<Vec<i64>, ApiError> {
        all(k)
            .iter()
            .map(|v| {
                v.parse::<i64>()
                    .map_err(|_| ApiError::invalid(k, format!("{v:?} is not a region")))
            })
            .collect()
    };
    let source = match get("kind").as_str() {
        "districts" => RegionSource::Districts {
            names: all("district"),
        },
        "geojson" => {
            let (file_name, text) =
                file.ok_or_else(|| ApiError::invalid("geojson", "choose a GeoJSON file"))?;
            let geojson: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
                ApiError::invalid("geojson", format!("{file_name}: not GeoJSON: {e}"))
            })?;
            RegionSource::Geojson {
                geojson,
                file: Some(file_name),
            }
        }
        "hotspots" => RegionSource::Hotspots {
            confidence: get("confidence").parse().unwrap_or(95),
            rings: get("rings").parse().unwrap_or(0),
            analysis_resolution: None,
        },
        "cells" => RegionSource::Cells {
            cells: get("cells")
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        },
        "union" => RegionSource::Union {
            regions: ids("regions")?,
        },
        "intersection" => RegionSource::Intersection {
            regions: ids("regions")?,
        },
        other => {
            return Err(ApiError::invalid(
                "kind",
                format!("{other:?}: choose how to make the region"),
            )
            .into());
        }
    };
    let resolution = match get("resolution").as_str() {
        "" => None,
        r => Some(
            r.parse::<u8>()
                .map_err(|_| ApiError::invalid("resolution", "4 to 10"))?,
        ),
    };
    let request = RegionRequest {
        name: get("name"),
        resolution,
        source,
        exclude: ids("exclude")?,
    };
    let row = make_region(&state, &auth, &request).await?;
    Ok(Redirect::to(&format!("/audiences/regions/{}", row.id)).into_response())
}

async fn population_form(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    auth.require(Permission::PlanAudiences)?;
    let (fields, file) = read_multipart(&mut multipart, "file", "population.csv").await?;
    let get = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    auth.check_csrf(&get("csrf"))?;
    let (file_name, text) = file
        .filter(|f| !f.1.is_empty())
        .ok_or_else(|| ApiError::invalid("file", "choose a CSV file"))?;
    let q = LayerImport {
        name: get("name"),
        format: get("format"),
        country: Some(get("country")).filter(|c| !c.is_empty()),
        resolution: None,
    };
    store_layer(&state, &auth, &q, &text, &file_name).await?;
    Ok(Redirect::to("/audiences").into_response())
}

#[derive(Debug, Deserialize)]
struct PlatformQuery {
    platform: Option<String>,
}

#[derive(Serialize)]
struct TargetSummary {
    platform: &'static str,
    count: usize,
    baseline: usize,
    coverage: String,
    spill: String,
    goals_met: bool,
    notes: Vec<String>,
    excluded: usize,
}

async fn region_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<PlatformQuery>,
) -> Result<Response, PageError> {
    auth.require(Permission::ReadAudiences)?;
    let shown = q
        .platform
        .as_deref()
        .and_then(Platform::parse)
        .unwrap_or(Platform::Meta);
    let region = region_or_404(&state, id).await?;
    let cells = service::region_cells(&state.store, &region).await?;
    let pop = service::population(&state.store, &cells, None).await?;
    let available = available_locales(&state);
    let languages =
        service::languages(&state.store, &region, &cells, pop.total, &available).await?;
    let config = state.config.audience.clone();
    let (cells2, grid) = (cells.clone(), pop.grid.clone());
    let compiled = tokio::task::spawn_blocking(move || {
        [Platform::Meta, Platform::Google]
            .map(|p| service::compile_targets(&cells2, grid.as_ref(), p, &config))
    })
    .await
    .map_err(|e| ApiError::Internal(e.into()))?;
    let mut summaries = Vec::new();
    let mut circles = Vec::new();
    for result in compiled {
        let t = result?;
        summaries.push(TargetSummary {
            platform: t.platform.as_str(),
            count: t.count,
            baseline: t.baseline,
            coverage: format!("{:.1}%", t.coverage * 100.0),
            spill: format!("{:.1}%", t.spill * 100.0),
            goals_met: t.goals_met,
            notes: t.notes.clone(),
            excluded: t.excluded.len(),
        });
        if t.platform == shown {
            circles = t
                .targets
                .iter()
                .map(|c| service::circle_polygon(c, 48))
                .chain(t.excluded.iter().map(|c| service::circle_polygon(c, 48)))
                .collect::<Vec<_>>();
        }
    }
    let locale = page_locale(&state, &headers, Some(&auth.user));
    let svg = region_map(&state, &locale, &region, &cells, &pop, circles);
    let shares = state.store.community_shares(id).await?;
    #[derive(Serialize)]
    struct LangRow {
        locale: String,
        residents: String,
        victims_in_region: String,
        victims_on_routes: String,
        available: bool,
        sources: Vec<String>,
    }
    let language_rows: Vec<LangRow> = languages
        .iter()
        .map(|l| LangRow {
            locale: l.locale.clone(),
            residents: l.residents.map(format_count).unwrap_or_else(|| "–".into()),
            victims_in_region: format!("{:.1}", l.victims_in_region),
            victims_on_routes: format!("{:.1}", l.victims_on_routes),
            available: l.available,
            sources: l.sources.clone(),
        })
        .collect();
    let suggested: Vec<String> = languages
        .iter()
        .filter(|l| l.available)
        .take(2)
        .map(|l| l.locale.clone())
        .collect();
    render_page(
        &state,
        &headers,
        &auth,
        "/audiences",
        "region.html",
        context! {
            region => &region,
            area => format_count(region.area_km2),
            compacted => cells.compacted().len(),
            population => pop.total.map(format_count),
            layer => pop.layer.as_ref().map(|l| l.name.clone()),
            layer_method => pop.layer.as_ref().map(|l| l.method.clone()),
            svg,
            summaries,
            shown => shown.as_str(),
            languages => language_rows,
            shares,
            suggested,
            locales => available,
            age_bands => state.config.audience.age_bands.keys().cloned().collect::<Vec<_>>(),
            genders => state.config.audience.genders.keys().cloned().collect::<Vec<_>>(),
            can_plan => auth.user.role.can(Permission::PlanAudiences),
        },
    )
}

fn region_map(
    state: &AppState,
    locale: &crate::content::i18n::LocaleId,
    region: &RegionRow,
    cells: &CellSet,
    pop: &service::RegionPopulation,
    circles: Vec<geo::Polygon<f64>>,
) -> String {
    // Draw at most about 20,000 cells: coarser views of big regions.
    let mut shown = cells.clone();
    while shown.len() > 20_000 && u8::from(shown.resolution()) > 0 {
        let coarser = h3o::Resolution::try_from(u8::from(shown.resolution()) - 1)
            .unwrap_or(h3o::Resolution::Zero);
        shown = CellSet::at_resolution(coarser, shown.cells().iter().copied()).0;
    }
    let values: Vec<(h3o::CellIndex, f64)> = match &pop.grid {
        Some(grid) => {
            let g = grid.at_resolution(shown.resolution());
            shown.cells().iter().map(|c| (*c, g.get(*c))).collect()
        }
        None => shown.cells().iter().map(|c| (*c, 1.0)).collect(),
    };
    let max = values.iter().map(|v| v.1).fold(1.0, f64::max);
    let mut options = MapOptions::new(
        state.locales.format_with(
            locale,
            "region-map-title",
            &[(
                "name",
                crate::content::i18n::ArgValue::Text(region.name.clone()),
            )],
        ),
        Scale::Sequential { min: 0.0, max },
    );
    options.width = 760;
    options.height = 560;
    options.legend_title = state.locales.format(locale, "region-map-legend", None);
    options.outlines = circles
        .into_iter()
        .map(|p| Outline {
            shape: geo::MultiPolygon(vec![p]),
            label: None,
        })
        .collect();
    options.padding_fraction = 0.05;
    map::render_cells(&values, &options)
}

async fn shares_form(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
    body: String,
) -> Result<Response, PageError> {
    auth.require(Permission::PlanAudiences)?;
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    let csrf = pairs
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    auth.check_csrf(csrf)?;
    let column = |k: &str| -> Vec<String> {
        pairs
            .iter()
            .filter(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_string())
            .collect()
    };
    let (locales, percents, sources) = (column("locale"), column("percent"), column("source"));
    let mut shares = Vec::new();
    for (i, locale) in locales.iter().enumerate() {
        if locale.is_empty() {
            continue;
        }
        let raw = percents.get(i).cloned().unwrap_or_default();
        let percent: f64 = raw.replace('%', "").trim().parse().map_err(|_| {
            ApiError::invalid(
                &format!("shares[{i}].share"),
                format!("{raw:?} is not a percentage"),
            )
        })?;
        shares.push(CommunityShare {
            locale: locale.clone(),
            share: percent / 100.0,
            source: sources.get(i).cloned().unwrap_or_default(),
        });
    }
    service::set_shares(&state.store, id, &shares).await?;
    Ok(Redirect::to(&format!("/audiences/regions/{id}")).into_response())
}

async fn audience_form(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    body: String,
) -> Result<Response, PageError> {
    auth.require(Permission::PlanAudiences)?;
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let all = |k: &str| -> Vec<String> {
        pairs
            .iter()
            .filter(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .collect()
    };
    auth.check_csrf(&get("csrf"))?;
    let region_id: i64 = get("region_id")
        .parse()
        .map_err(|_| ApiError::invalid("region_id", "choose a region"))?;
    let spec = AudienceSpec {
        name: get("name"),
        region_id,
        locales: all("locale"),
        age_bands: all("age_band"),
        genders: all("gender"),
    };
    let available = available_locales(&state);
    let row = service::create_audience(
        &state.store,
        &state.config.audience,
        spec,
        &available,
        Some(auth.user.id),
    )
    .await?;
    Ok(Redirect::to(&format!("/audiences/{}", row.id)).into_response())
}

async fn audience_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    auth.require(Permission::ReadAudiences)?;
    let available = available_locales(&state);
    let view = service::audience_view(&state.store, &state.config.audience, id, &available).await?;
    let snapshots = state.store.snapshots(id).await?;
    #[derive(Serialize)]
    struct SizeRow {
        locale: String,
        speakers: String,
        size: String,
        basis: String,
    }
    let sizes: Vec<SizeRow> = view
        .estimate
        .sizes
        .iter()
        .map(|s| SizeRow {
            locale: s.locale.clone(),
            speakers: s.speakers.map(format_count).unwrap_or_else(|| "–".into()),
            size: s.size.map(format_count).unwrap_or_else(|| "–".into()),
            basis: s.basis.clone(),
        })
        .collect();
    let spec: AudienceSpec = serde_json::from_value(view.audience.spec.clone())
        .map_err(|e| ApiError::Internal(e.into()))?;
    let snapshot_rows: Vec<_> = snapshots
        .iter()
        .map(|s| context! { version => s.version, reason => s.reason.clone(), created_at => s.created_at })
        .collect();
    render_page(
        &state,
        &headers,
        &auth,
        "/audiences",
        "audience.html",
        context! {
            audience => &view.audience,
            region => &view.region,
            spec,
            sizes,
            inputs => view.estimate.inputs.clone(),
            population => view.estimate.region_population.map(format_count),
            snapshots => snapshot_rows,
            can_plan => auth.user.role.can(Permission::PlanAudiences),
        },
    )
}

#[derive(Deserialize)]
struct FreezeForm {
    csrf: String,
    reason: String,
}

async fn freeze_form(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<FreezeForm>,
) -> Result<Response, PageError> {
    auth.require(Permission::PlanAudiences)?;
    auth.check_csrf(&form.csrf)?;
    freeze(&state, &auth, id, &form.reason).await?;
    Ok(Redirect::to(&format!("/audiences/{id}")).into_response())
}
