//! Emerging hotspots and routes: pages for analysts, JSON for scripts, and a k-anonymous route table
//! for other roles.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use h3o::LatLng;
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::AppState;
use super::auth::{ApiUser, PageUser};
use super::error::{ApiError, Problem};
use super::pages::{PageError, page_locale, render_page};
use crate::accounts::Permission;
use crate::identify::analysis::emerging::Pattern;
use crate::identify::analysis::hotspots::analysis_resolution;
use crate::identify::analysis::privacy::roll_up_groups;
use crate::identify::analysis::routes::{Route, RouteRow, RouteSummary, build_routes};
use crate::identify::analysis::space_time::{EmergingResult, Step, analyse};
use crate::store::incidents::IncidentFilter;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/analysis/emerging", get(emerging_page))
        .route("/api/v1/emerging", get(emerging_api))
        .route("/analysis/routes", get(routes_page))
        .route("/api/v1/routes", get(routes_api))
        .route("/api/v1/aggregates/routes", get(routes_aggregate))
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::IntoParams)]
pub struct EmergingQuery {
    /// H3 resolution, 5 to 10 (default 7).
    pub resolution: Option<u8>,
    /// month (default) or week.
    pub step: Option<String>,
    /// Neighbour rings (default 1).
    pub rings: Option<u32>,
    /// Keep at most this many most recent steps (default 36).
    pub max_steps: Option<usize>,
}

async fn run_emerging(
    state: &AppState,
    q: &EmergingQuery,
    filter: &IncidentFilter,
) -> Result<EmergingResult, ApiError> {
    let resolution = analysis_resolution(q.resolution.unwrap_or(7))
        .map_err(|r| ApiError::invalid("resolution", r))?;
    let step: Step = q
        .step
        .as_deref()
        .unwrap_or("month")
        .parse()
        .map_err(|r: String| ApiError::invalid("step", r))?;
    let rings = q.rings.unwrap_or(1);
    if !(1..=3).contains(&rings) {
        return Err(ApiError::invalid("rings", "1 to 3"));
    }
    let max_steps = q.max_steps.unwrap_or(36).clamp(2, 520);
    let points = state.store.incident_points(filter).await?;
    tokio::task::spawn_blocking(move || analyse(&points, resolution, step, rings, max_steps))
        .await
        .map_err(|e| ApiError::Internal(e.into()))
}

/// Emerging Hot Spot Analysis of stored incidents (analysts).
#[utoipa::path(get, path = "/api/v1/emerging", tag = "identify", params(EmergingQuery, IncidentFilter),
    responses((status = 200, body = EmergingResult), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn emerging_api(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Query(q): Query<EmergingQuery>,
    Query(filter): Query<IncidentFilter>,
) -> Result<axum::Json<EmergingResult>, ApiError> {
    auth.require(Permission::Analyse)?;
    Ok(axum::Json(run_emerging(&state, &q, &filter).await?))
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct EmergingForm {
    #[serde(default)]
    resolution: String,
    #[serde(default)]
    step: String,
}

async fn emerging_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Query(form): Query<EmergingForm>,
) -> Result<Response, PageError> {
    auth.require(Permission::Analyse)?;
    let q = EmergingQuery {
        resolution: form.resolution.trim().parse().ok(),
        step: (!form.step.trim().is_empty()).then(|| form.step.clone()),
        ..Default::default()
    };
    let result = run_emerging(&state, &q, &IncidentFilter::default()).await?;
    let locale = page_locale(&state, &headers, Some(&auth.user));
    let shown: Vec<(h3o::CellIndex, f64)> =
        result.cells.iter().map(|c| (c.cell, c.last_z)).collect();
    let svg = super::hotspots::z_score_map(&state, &locale, &shown, "emerging");
    #[derive(Serialize)]
    struct PatternCount {
        pattern: &'static str,
        cells: usize,
    }
    let counts: Vec<PatternCount> = Pattern::ALL
        .iter()
        .map(|p| PatternCount {
            pattern: p.as_str(),
            cells: result.cells.iter().filter(|c| c.pattern == *p).count(),
        })
        .filter(|c| c.cells > 0)
        .collect();
    #[derive(Serialize)]
    struct Row {
        cell: String,
        pattern: &'static str,
        records: u64,
        hot_steps: usize,
        last_z: String,
        tau: String,
        p: String,
    }
    let mut interesting: Vec<&crate::identify::analysis::space_time::EmergingCell> = result
        .cells
        .iter()
        .filter(|c| c.pattern != Pattern::NoPattern)
        .collect();
    interesting.sort_by(|a, b| b.last_z.total_cmp(&a.last_z));
    let rows: Vec<Row> = interesting
        .iter()
        .take(60)
        .map(|c| Row {
            cell: c.cell.to_string(),
            pattern: c.pattern.as_str(),
            records: c.records,
            hot_steps: c.hot_steps,
            last_z: format!("{:.2}", c.last_z),
            tau: format!("{:.2}", c.trend_tau),
            p: format!("{:.3}", c.trend_p),
        })
        .collect();
    render_page(
        &state,
        &headers,
        &auth,
        "/analysis/emerging",
        "emerging.html",
        context! {
            svg,
            counts,
            rows,
            steps => result.steps.len(),
            first => result.steps.first().cloned().unwrap_or_default(),
            last => result.steps.last().cloned().unwrap_or_default(),
            undated => result.undated,
            cells => result.cells.len(),
            resolution => q.resolution.unwrap_or(7),
            step => q.step.clone().unwrap_or_else(|| "month".into()),
        },
    )
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::IntoParams)]
pub struct RoutesQuery {
    /// country (default) or cell.
    pub level: Option<String>,
    /// For cell level: the H3 resolution (5 to 10, default 5).
    pub resolution: Option<u8>,
}

/// Routes and their totals.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RoutesResult {
    pub routes: Vec<Route>,
    pub summary: RouteSummary,
}

async fn run_routes(
    state: &AppState,
    q: &RoutesQuery,
    filter: &IncidentFilter,
) -> Result<RoutesResult, ApiError> {
    let rows: Vec<RouteRow> = match q.level.as_deref().unwrap_or("country") {
        "country" => state.store.country_routes(filter).await?,
        "cell" => {
            let resolution = analysis_resolution(q.resolution.unwrap_or(5))
                .map_err(|r| ApiError::invalid("resolution", r))?;
            let cell = |(lat, lon): (f64, f64)| {
                LatLng::new(lat, lon)
                    .ok()
                    .map(|ll| ll.to_cell(resolution).to_string())
            };
            state
                .store
                .point_routes(filter)
                .await?
                .into_iter()
                .map(|(s, d, nationality, exploitation_type)| RouteRow {
                    source: cell(s),
                    transit: None,
                    destination: cell(d),
                    nationality,
                    exploitation_type,
                    count: 1,
                })
                .collect()
        }
        other => {
            return Err(ApiError::invalid(
                "level",
                format!("`{other}`: country or cell"),
            ));
        }
    };
    let (routes, summary) = build_routes(&rows);
    Ok(RoutesResult { routes, summary })
}

/// Source → (transit) → destination routes with the nationalities and exploitation types on each
/// (analysts).
#[utoipa::path(get, path = "/api/v1/routes", tag = "identify", params(RoutesQuery, IncidentFilter),
    responses((status = 200, body = RoutesResult), (status = 403, body = Problem)))]
pub async fn routes_api(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Query(q): Query<RoutesQuery>,
    Query(filter): Query<IncidentFilter>,
) -> Result<axum::Json<RoutesResult>, ApiError> {
    auth.require(Permission::Analyse)?;
    Ok(axum::Json(run_routes(&state, &q, &filter).await?))
}

/// A country route table for people outside the analyst role.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AggregateRoutes {
    /// Routes with at least k incidents.
    pub routes: Vec<AggregateRoute>,
    /// Incidents on routes with fewer than k, together; absent when even that total is under k.
    pub other: Option<u64>,
    pub merged_routes: usize,
    pub k: u64,
    pub note: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AggregateRoute {
    pub route: String,
    pub count: u64,
}

/// Country routes with small routes merged into "other" (k-anonymity; audited).
#[utoipa::path(get, path = "/api/v1/aggregates/routes", tag = "identify", params(IncidentFilter),
    responses((status = 200, body = AggregateRoutes), (status = 403, body = Problem)))]
pub async fn routes_aggregate(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Query(filter): Query<IncidentFilter>,
) -> Result<axum::Json<AggregateRoutes>, ApiError> {
    auth.require(Permission::ExportAggregates)?;
    let result = run_routes(&state, &RoutesQuery::default(), &filter).await?;
    let groups: Vec<(String, u64)> = result.routes.iter().map(|r| (r.label(), r.count)).collect();
    let k = u64::from(state.config.privacy.k);
    let rolled = roll_up_groups(&groups, k);
    state
        .store
        .audit(
            Some(auth.user.id),
            "export",
            "aggregates/routes",
            &format!("{} routes; filter {filter:?}", rolled.rows.len()),
        )
        .await?;
    Ok(axum::Json(AggregateRoutes {
        note: format!(
            "Routes with fewer than {k} incidents are merged into other ({} routes); a total under {k} is withheld.",
            rolled.merged
        ),
        routes: rolled
            .rows
            .into_iter()
            .map(|(route, count)| AggregateRoute { route, count })
            .collect(),
        other: rolled.other,
        merged_routes: rolled.merged,
        k,
    }))
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct RoutesForm {
    #[serde(default)]
    level: String,
    #[serde(default)]
    resolution: String,
}

async fn routes_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Query(form): Query<RoutesForm>,
) -> Result<Response, PageError> {
    auth.require(Permission::Analyse)?;
    let q = RoutesQuery {
        level: (!form.level.trim().is_empty()).then(|| form.level.clone()),
        resolution: form.resolution.trim().parse().ok(),
    };
    let result = run_routes(&state, &q, &IncidentFilter::default()).await?;
    #[derive(Serialize)]
    struct Row {
        label: String,
        count: u64,
        nationalities: String,
        types: String,
    }
    let top = |v: &[(String, u64)]| {
        v.iter()
            .take(4)
            .map(|(k, n)| format!("{k} ({n})"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let rows: Vec<Row> = result
        .routes
        .iter()
        .take(100)
        .map(|r| Row {
            label: r.label(),
            count: r.count,
            nationalities: top(&r.nationalities),
            types: top(&r.exploitation_types),
        })
        .collect();
    render_page(
        &state,
        &headers,
        &auth,
        "/analysis/routes",
        "routes.html",
        context! { rows, summary => result.summary, level => q.level.clone().unwrap_or_else(|| "country".into()) },
    )
}
