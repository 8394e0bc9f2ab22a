//! Hotspot pages, API and exports. Analysts see every cell with its statistics; aggregate exports for
//! other roles roll small cells up (k-anonymity) and say so. Every export is audited.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::AppState;
use super::auth::{ApiUser, Authenticated, PageUser};
use super::error::{ApiError, Problem};
use super::pages::{PageError, page_locale, render_page};
use crate::accounts::Permission;
use crate::identify::analysis::hotspots::{
    HotspotCell, analyse, analysis_resolution, cell_feature, tally_points, to_geojson, write_csv,
};
use crate::identify::analysis::privacy::roll_up_cells;
use crate::map::{self, MapOptions, Outline, Scale};
use crate::store::incidents::IncidentFilter;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/analysis/hotspots", get(page))
        .route("/api/v1/hotspots", get(api))
        .route("/api/v1/hotspots.csv", get(export_csv))
        .route("/api/v1/hotspots.geojson", get(export_geojson))
        .route("/api/v1/aggregates/cells.geojson", get(aggregate_geojson))
}

/// Parameters of a hotspot analysis.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::IntoParams)]
pub struct HotspotQuery {
    /// H3 resolution, 5 to 10 (default 7).
    pub resolution: Option<u8>,
    /// Rings of neighbours in the Gi* weights (default 1, at most 3).
    pub rings: Option<u32>,
    /// Halve a record's weight every this many days (default: no recency weighting).
    pub half_life_days: Option<f64>,
}

struct Analysis {
    cells: Vec<HotspotCell>,
    resolution: u8,
    rings: u32,
}

async fn run(
    state: &AppState,
    q: &HotspotQuery,
    filter: &IncidentFilter,
) -> Result<Analysis, ApiError> {
    let resolution_value = q.resolution.unwrap_or(7);
    let resolution =
        analysis_resolution(resolution_value).map_err(|r| ApiError::invalid("resolution", r))?;
    let rings = q.rings.unwrap_or(1);
    if !(1..=3).contains(&rings) {
        return Err(ApiError::invalid("rings", "1 to 3"));
    }
    if let Some(h) = q.half_life_days
        && !(h.is_finite() && h > 0.0)
    {
        return Err(ApiError::invalid(
            "half_life_days",
            "a positive number of days",
        ));
    }
    let points = state.store.incident_points(filter).await?;
    let today = time::OffsetDateTime::now_utc().date();
    let tally = tally_points(&points, resolution, q.half_life_days, today);
    let cells = tokio::task::spawn_blocking(move || analyse(&tally, rings))
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    Ok(Analysis {
        cells,
        resolution: resolution_value,
        rings,
    })
}

async fn audit_export(
    state: &AppState,
    auth: &Authenticated,
    what: &str,
    filter: &IncidentFilter,
    n: usize,
) -> Result<(), ApiError> {
    state
        .store
        .audit(
            Some(auth.user.id),
            "export",
            what,
            &format!("{n} cells; filter {filter:?}"),
        )
        .await?;
    Ok(())
}

/// Gi* hotspots of stored incidents (analysts).
#[utoipa::path(get, path = "/api/v1/hotspots", tag = "identify", params(HotspotQuery, IncidentFilter),
    responses((status = 200, body = [HotspotCell]), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn api(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Query(q): Query<HotspotQuery>,
    Query(filter): Query<IncidentFilter>,
) -> Result<axum::Json<Vec<HotspotCell>>, ApiError> {
    auth.require(Permission::Analyse)?;
    Ok(axum::Json(run(&state, &q, &filter).await?.cells))
}

/// The hotspot cells as CSV: `cell,count,gi_z,p_value,q_value,class` (analysts; audited).
#[utoipa::path(get, path = "/api/v1/hotspots.csv", tag = "identify", params(HotspotQuery, IncidentFilter),
    responses((status = 200, content_type = "text/csv", body = String), (status = 403, body = Problem)))]
pub async fn export_csv(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Query(q): Query<HotspotQuery>,
    Query(filter): Query<IncidentFilter>,
) -> Result<Response, ApiError> {
    auth.require(Permission::Analyse)?;
    let a = run(&state, &q, &filter).await?;
    audit_export(&state, &auth, "hotspots.csv", &filter, a.cells.len()).await?;
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
#[utoipa::path(get, path = "/api/v1/hotspots.geojson", tag = "identify", params(HotspotQuery, IncidentFilter),
    responses((status = 200, content_type = "application/geo+json", body = Object), (status = 403, body = Problem)))]
pub async fn export_geojson(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Query(q): Query<HotspotQuery>,
    Query(filter): Query<IncidentFilter>,
) -> Result<Response, ApiError> {
    auth.require(Permission::Analyse)?;
    let a = run(&state, &q, &filter).await?;
    audit_export(&state, &auth, "hotspots.geojson", &filter, a.cells.len()).await?;
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

/// Record counts per cell for people outside the analyst role: cells with fewer than k records are rolled
/// up to their parents, and what cannot reach k is counted as "other" (audited).
#[utoipa::path(get, path = "/api/v1/aggregates/cells.geojson", tag = "identify", params(HotspotQuery, IncidentFilter),
    responses((status = 200, content_type = "application/geo+json", body = Object), (status = 403, body = Problem)))]
pub async fn aggregate_geojson(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Query(q): Query<HotspotQuery>,
    Query(filter): Query<IncidentFilter>,
) -> Result<Response, ApiError> {
    auth.require(Permission::ExportAggregates)?;
    let resolution = analysis_resolution(q.resolution.unwrap_or(7))
        .map_err(|r| ApiError::invalid("resolution", r))?;
    let points = state.store.incident_points(&filter).await?;
    let tally = tally_points(
        &points,
        resolution,
        None,
        time::OffsetDateTime::now_utc().date(),
    );
    let k = u64::from(state.config.privacy.k);
    let rolled = roll_up_cells(&tally.records(), k);
    audit_export(
        &state,
        &auth,
        "aggregates/cells.geojson",
        &filter,
        rolled.cells.len(),
    )
    .await?;
    let features: Vec<serde_json::Value> = rolled
        .cells
        .iter()
        .map(|(cell, n)| {
            cell_feature(
                *cell,
                serde_json::json!({"cell": cell.to_string(), "resolution": u8::from(cell.resolution()), "records": n}),
            )
        })
        .collect();
    let body = serde_json::json!({
        "type": "FeatureCollection",
        "features": features,
        "k": k,
        "other": rolled.other,
        "rolled_up": rolled.rolled_up,
        "notes": [rolled.note()],
    });
    Ok((
        [(header::CONTENT_TYPE, "application/geo+json")],
        axum::Json(body),
    )
        .into_response())
}

/// Filters of the hotspot page, as a form sends them (empty fields mean "any").
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct PageForm {
    #[serde(default)]
    resolution: String,
    #[serde(default)]
    rings: String,
    #[serde(default)]
    half_life_days: String,
    #[serde(default)]
    from_year: String,
    #[serde(default)]
    to_year: String,
    #[serde(default)]
    exploitation_type: String,
    #[serde(default)]
    nationality: String,
    #[serde(default)]
    data_source: String,
}

/// An SVG map of Gi* z-scores over the demo area's districts. `prefix` names the Fluent messages
/// `{prefix}-map-title`, `{prefix}-map-description` and `{prefix}-legend`.
pub(crate) fn z_score_map(
    state: &AppState,
    locale: &crate::content::i18n::LocaleId,
    cells: &[(h3o::CellIndex, f64)],
    prefix: &str,
) -> String {
    let limit = cells.iter().map(|c| c.1.abs()).fold(1.96, f64::max);
    let area = crate::demo::fenland_area();
    let text = |suffix: &str| {
        state
            .locales
            .format(locale, &format!("{prefix}-{suffix}"), None)
    };
    map::render_cells(
        cells,
        &MapOptions {
            width: 760,
            height: 620,
            title: text("map-title"),
            description: text("map-description"),
            scale: Scale::Diverging { limit },
            legend_title: text("legend"),
            countries: map::world_50m(),
            outlines: area
                .districts
                .iter()
                .map(|d| Outline {
                    shape: d.shape.clone(),
                    label: None,
                })
                .collect(),
            markers: Vec::new(),
            padding_fraction: 0.05,
        },
    )
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

impl PageForm {
    fn parse(&self) -> Result<(HotspotQuery, IncidentFilter), ApiError> {
        let num = |field: &str, v: &str| -> Result<Option<f64>, ApiError> {
            non_empty(v)
                .map(|s| {
                    s.parse::<f64>()
                        .map_err(|_| ApiError::invalid(field, "not a number"))
                })
                .transpose()
        };
        let q = HotspotQuery {
            resolution: num("resolution", &self.resolution)?.map(|v| v as u8),
            rings: num("rings", &self.rings)?.map(|v| v as u32),
            half_life_days: num("half_life_days", &self.half_life_days)?,
        };
        let filter = IncidentFilter {
            from_year: num("from_year", &self.from_year)?.map(|v| v as i32),
            to_year: num("to_year", &self.to_year)?.map(|v| v as i32),
            exploitation_type: non_empty(&self.exploitation_type),
            nationality: non_empty(&self.nationality),
            data_source: non_empty(&self.data_source),
            ..Default::default()
        };
        Ok((q, filter))
    }

    fn query_string(&self) -> String {
        serde_urlencoded::to_string(self).unwrap_or_default()
    }
}

async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Query(form): Query<PageForm>,
) -> Result<Response, PageError> {
    auth.require(Permission::Analyse)?;
    let (q, filter) = form.parse()?;
    let a = run(&state, &q, &filter).await?;
    let locale = page_locale(&state, &headers, Some(&auth.user));
    let shown: Vec<(h3o::CellIndex, f64)> = a.cells.iter().map(|c| (c.cell, c.gi_z)).collect();
    let svg = z_score_map(&state, &locale, &shown, "hotspots");
    #[derive(Serialize)]
    struct Row {
        cell: String,
        count: String,
        records: u64,
        z: String,
        p: String,
        q: String,
        class: &'static str,
    }
    let mut ranked: Vec<&HotspotCell> = a
        .cells
        .iter()
        .filter(|c| c.records > 0 || c.class.is_hot())
        .collect();
    ranked.sort_by(|x, y| y.gi_z.total_cmp(&x.gi_z));
    let rows: Vec<Row> = ranked
        .iter()
        .take(50)
        .map(|c| Row {
            cell: c.cell.to_string(),
            count: format!("{:.1}", c.count),
            records: c.records,
            z: format!("{:.2}", c.gi_z),
            p: format!("{:.2e}", c.p_value),
            q: format!("{:.2e}", c.q_value),
            class: c.class.as_str(),
        })
        .collect();
    let hot = a.cells.iter().filter(|c| c.class.is_hot()).count();
    let cold = a.cells.iter().filter(|c| c.class.is_cold()).count();
    state
        .store
        .audit(
            Some(auth.user.id),
            "hotspots.read",
            "page",
            &format!("{} cells; filter {filter:?}", a.cells.len()),
        )
        .await?;
    render_page(
        &state,
        &headers,
        &auth,
        "/analysis/hotspots",
        "hotspots.html",
        context! {
            svg,
            rows,
            hot,
            cold,
            cells => a.cells.len(),
            records => a.cells.iter().map(|c| c.records).sum::<u64>(),
            resolution => a.resolution,
            rings => a.rings,
            form,
            query => form_query(&form),
            types => state.config.vocabulary.exploitation_types.clone(),
            sources => state.config.vocabulary.data_sources.clone(),
        },
    )
}

/// The form's non-empty fields as a query string, for the export links.
fn form_query(form: &PageForm) -> String {
    url::form_urlencoded::parse(form.query_string().as_bytes())
        .filter(|(_, v)| !v.is_empty())
        .fold(
            url::form_urlencoded::Serializer::new(String::new()),
            |mut s, (k, v)| {
                s.append_pair(&k, &v);
                s
            },
        )
        .finish()
}
