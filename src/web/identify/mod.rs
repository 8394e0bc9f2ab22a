//! Identify: the moderation queue of community reports, incident imports and reads, hotspots, emerging
//! hotspots, routes and the aggregates shared through the disclosure policy, over the JSON API (`api`) and analysts' pages
//! (`pages`). Each API route is mounted here with its access rule.

pub mod api;
pub mod pages;
pub mod schema;

use crate::accounts::Permission;
use crate::identify::analysis::routes::Route;
use crate::identify::analysis::routes::RouteSummary;
use crate::identify::incidents::IncidentFilter;
use crate::identify::incidents::community::StoredReport;
use crate::services::analyses::EmergingParams;
use crate::services::analyses::HotspotParams;
use crate::services::analyses::Via;
use crate::services::incidents::Decision;
use crate::web::AppState;
use crate::web::access::Access;
use crate::web::access::mount;
use crate::web::auth::Authenticated;
use crate::web::error::ApiError;
use crate::web::page::Pages;
use serde::Deserialize;
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The analysts' pages.
pub fn pages(state: &AppState) -> Pages {
    let analyse = Access::Can(Permission::Analyse);
    let moderate = Access::Can(Permission::ModerateReports);
    Pages::new(state)
        .get("/analysis/reports", moderate, pages::reports_page)
        .post(
            "/analysis/reports/{id}/{decision}",
            moderate,
            pages::review_form,
        )
        .get("/analysis/hotspots", analyse, pages::hotspots_page)
        .get("/analysis/emerging", analyse, pages::emerging_page)
        .get("/analysis/forecast", analyse, pages::forecast_page)
        .get("/analysis/routes", analyse, pages::routes_page)
}

/// The identify API, each route with its access rule.
pub fn api_router(state: &AppState) -> OpenApiRouter<AppState> {
    use Permission::*;
    let analyse = Access::Can(Analyse);
    let moderate = Access::Can(ModerateReports);
    let aggregates = Access::Can(ExportAggregates);
    OpenApiRouter::new()
        .routes(mount(state, moderate, routes!(api::list_reports)))
        .routes(mount(state, Access::Public, routes!(api::submit_report)))
        .routes(mount(state, moderate, routes!(api::review_api)))
        .routes(mount(state, Access::Can(ReadIncidents), routes!(api::list)))
        .routes(mount(
            state,
            Access::Can(ImportIncidents),
            routes!(api::create),
        ))
        .routes(mount(state, analyse, routes!(api::hotspots_api)))
        .routes(mount(state, analyse, routes!(api::export_csv)))
        .routes(mount(state, analyse, routes!(api::export_geojson)))
        .routes(mount(state, aggregates, routes!(api::aggregate_geojson)))
        .routes(mount(state, analyse, routes!(api::emerging_api)))
        .routes(mount(state, analyse, routes!(api::routes_api)))
        .routes(mount(state, aggregates, routes!(api::routes_aggregate)))
}

/// The file import route, which takes larger bodies than the rest (`server.import_limit_bytes`).
pub fn import_router(state: &AppState) -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(mount(
        state,
        Access::Can(Permission::ImportIncidents),
        routes!(api::import),
    ))
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

impl HotspotQuery {
    fn params(&self) -> HotspotParams {
        HotspotParams {
            resolution: self.resolution,
            rings: self.rings,
            half_life_days: self.half_life_days,
        }
    }
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

impl EmergingQuery {
    fn params(&self) -> EmergingParams {
        EmergingParams {
            resolution: self.resolution,
            step: self.step.clone(),
            rings: self.rings,
            max_steps: self.max_steps,
        }
    }
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
    #[schema(value_type = Vec<schema::Route>)]
    pub routes: Vec<Route>,
    #[schema(value_type = schema::RouteSummary)]
    pub summary: RouteSummary,
}

pub(crate) async fn run_routes(
    state: &AppState,
    auth: &super::auth::Authenticated,
    via: Via,
    q: &RoutesQuery,
    filter: &IncidentFilter,
) -> Result<RoutesResult, ApiError> {
    let table = state
        .services
        .analyses()
        .routes(&auth.actor(), via, q.level.as_deref(), q.resolution, filter)
        .await?;
    Ok(RoutesResult {
        routes: table.routes,
        summary: table.summary,
    })
}

/// Accepts (the report becomes an incident) or rejects a pending report.
async fn review(
    state: &AppState,
    auth: &Authenticated,
    id: i64,
    decision: &str,
) -> Result<StoredReport, ApiError> {
    auth.require(Permission::ModerateReports)?;
    let decision: Decision = decision.parse()?;
    Ok(state
        .services
        .incidents()
        .review_report(&auth.actor(), id, decision)
        .await?)
}
