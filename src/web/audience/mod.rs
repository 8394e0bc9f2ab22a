//! Audiences at the edge: the region, population, language, geo-target and audience API (`api`), and
//! the audience builder pages for campaign staff (`pages`). Handlers parse, call one method of
//! [`crate::services::audiences::Audiences`], and render.

pub mod api;
pub mod pages;
pub mod schema;

use axum::Router;
use axum::routing::{get, post};

use super::AppState;

/// Routes that take ordinary bodies.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/regions", get(api::list_regions))
        .route(
            "/api/v1/regions/{id}",
            get(api::get_region).delete(api::delete_region),
        )
        .route("/api/v1/regions/{id}/cells", get(api::region_cells))
        .route(
            "/api/v1/regions/{id}/population",
            get(api::region_population),
        )
        .route(
            "/api/v1/regions/{id}/shares",
            get(api::get_shares).put(api::put_shares),
        )
        .route("/api/v1/regions/{id}/languages", get(api::region_languages))
        .route("/api/v1/regions/{id}/targets", get(api::region_targets))
        .route(
            "/api/v1/regions/{id}/targets.geojson",
            get(api::region_targets_geojson),
        )
        .route(
            "/api/v1/regions/{id}/targets.kml",
            get(api::region_targets_kml),
        )
        .route("/api/v1/population-layers", get(api::list_layers))
        .route(
            "/api/v1/audiences",
            get(api::list_audiences).post(api::create_audience),
        )
        .route("/api/v1/audiences/{id}", get(api::get_audience))
        .route(
            "/api/v1/audiences/{id}/snapshots",
            get(api::list_snapshots).post(api::freeze_audience),
        )
        .route("/audiences", get(pages::index_page))
        .route("/audiences/regions/{id}", get(pages::region_page))
        .route("/audiences/regions/{id}/shares", post(pages::shares_form))
        .route("/audiences/new", post(pages::audience_form))
        .route("/audiences/{id}", get(pages::audience_page))
        .route("/audiences/{id}/freeze", post(pages::freeze_form))
}

/// Routes that take files (GeoJSON regions, population files), with the import body limit.
pub fn upload_router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/regions", post(api::create_region))
        .route("/api/v1/population-layers", post(api::import_layer))
        .route("/audiences/regions", post(pages::region_form))
        .route("/audiences/population", post(pages::population_form))
}

/// The locales translators have made available, for language suggestions and audience specs.
fn available_locales(state: &AppState) -> Vec<String> {
    state
        .locales
        .available()
        .map(|l| l.as_str().to_string())
        .collect()
}
