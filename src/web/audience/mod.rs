//! Audiences at the edge: the region, population, language, geo-target and audience API (`api`), and
//! the audience builder pages for campaign staff (`pages`). Handlers parse, call one method of
//! [`crate::services::audiences::Audiences`], and render.

pub mod api;
pub mod pages;
pub mod schema;

use crate::web::page::Pages;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::access::{Access, mount};
use crate::accounts::Permission;

/// The audience builder pages with ordinary bodies.
pub fn page_router(state: &AppState) -> Pages {
    let read = Access::Can(Permission::ReadAudiences);
    let plan = Access::Can(Permission::PlanAudiences);
    Pages::new(state)
        .get("/audiences", read, pages::index_page)
        .get("/audiences/regions/{id}", read, pages::region_page)
        .post("/audiences/regions/{id}/shares", plan, pages::shares_form)
        .post("/audiences/new", plan, pages::audience_form)
        .get("/audiences/{id}", read, pages::audience_page)
        .post("/audiences/{id}/freeze", plan, pages::freeze_form)
}

/// The pages that take files (GeoJSON regions, population files), with the import body limit.
pub fn upload_page_router(state: &AppState) -> Pages {
    let plan = Access::Can(Permission::PlanAudiences);
    Pages::new(state)
        .post("/audiences/regions", plan, pages::region_form)
        .post("/audiences/population", plan, pages::population_form)
}

/// The audience API with ordinary bodies, each route with its access rule.
pub fn api_router(state: &AppState) -> OpenApiRouter<AppState> {
    let read = Access::Can(Permission::ReadAudiences);
    let plan = Access::Can(Permission::PlanAudiences);
    OpenApiRouter::new()
        .routes(mount(state, read, routes!(api::list_regions)))
        .routes(mount(state, read, routes!(api::get_region)))
        .routes(mount(state, plan, routes!(api::delete_region)))
        .routes(mount(state, read, routes!(api::region_cells)))
        .routes(mount(state, read, routes!(api::region_population)))
        .routes(mount(state, read, routes!(api::get_shares)))
        .routes(mount(state, plan, routes!(api::put_shares)))
        .routes(mount(state, read, routes!(api::region_languages)))
        .routes(mount(state, read, routes!(api::region_targets)))
        .routes(mount(state, read, routes!(api::region_targets_geojson)))
        .routes(mount(state, read, routes!(api::region_targets_kml)))
        .routes(mount(state, read, routes!(api::list_layers)))
        .routes(mount(state, read, routes!(api::list_audiences)))
        .routes(mount(state, plan, routes!(api::create_audience)))
        .routes(mount(state, read, routes!(api::get_audience)))
        .routes(mount(state, read, routes!(api::list_snapshots)))
        .routes(mount(state, plan, routes!(api::freeze_audience)))
}

/// The audience API routes that take files (GeoJSON regions, population files): the import body limit.
pub fn upload_api_router(state: &AppState) -> OpenApiRouter<AppState> {
    let plan = Access::Can(Permission::PlanAudiences);
    OpenApiRouter::new()
        .routes(mount(state, plan, routes!(api::create_region)))
        .routes(mount(state, plan, routes!(api::import_layer)))
}

/// The locales translators have made available, for language suggestions and audience specs.
fn available_locales(state: &AppState) -> Vec<String> {
    state
        .locales
        .available()
        .map(|l| l.as_str().to_string())
        .collect()
}
