//! The OpenAPI document, generated from the handlers' annotations and served at `/api/openapi.json`.

use axum::routing::get;
use axum::{Json, Router};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{AppState, api};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Beacon API",
        description = "Geo-targeted awareness campaigns against human trafficking. Authenticate with \
                       `Authorization: Bearer <token>` (create tokens on the account page or at /api/v1/tokens). \
                       Errors are application/problem+json (RFC 9457) and name the field at fault."
    ),
    paths(
        api::me,
        api::list_users,
        api::create_user,
        api::list_partners,
        api::create_partner,
        api::get_partner,
        api::list_tokens,
        api::create_token,
        api::delete_token,
        api::audit,
        super::analysis::list_reports,
        super::analysis::review_api,
        super::analysis::submit_report,
        super::incidents::create,
        super::incidents::import,
        super::incidents::list,
        super::hotspots::api,
        super::hotspots::export_csv,
        super::hotspots::export_geojson,
        super::hotspots::aggregate_geojson,
        super::trends::emerging_api,
        super::trends::routes_api,
        super::trends::routes_aggregate,
        super::audiences::create_region,
        super::audiences::list_regions,
        super::audiences::get_region,
        super::audiences::delete_region,
        super::audiences::region_cells,
        super::audiences::region_population,
        super::audiences::get_shares,
        super::audiences::put_shares,
        super::audiences::region_languages,
        super::audiences::region_targets,
        super::audiences::region_targets_geojson,
        super::audiences::region_targets_kml,
        super::audiences::list_layers,
        super::audiences::import_layer,
        super::audiences::create_audience,
        super::audiences::list_audiences,
        super::audiences::get_audience,
        super::audiences::freeze_audience,
        super::audiences::list_snapshots,
        super::content::locales_api::check,
        super::content::locales_api::upload_file,
        super::content::locales_api::upload_zip,
        super::content::locales_api::list_locales,
        super::content::locales_api::get_locale,
        super::content::locales_api::list_versions,
        super::content::locales_api::get_version,
        super::content::locales_api::rollback,
        super::content::locales_api::confirm,
        super::content::creatives_api::list_creatives,
        super::content::creatives_api::create_creative,
        super::content::creatives_api::get_creative,
        super::content::creatives_api::edit_creative,
        super::content::creatives_api::approve,
    ),
    components(schemas(super::error::Problem)),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
    tags(
        (name = "people", description = "Staff accounts, API tokens and the audit log"),
        (name = "partners", description = "Partner organisations"),
        (name = "identify", description = "Incidents, community reports, hotspots, routes and forecasts"),
        (name = "audience", description = "Regions, population, community languages, geo-targets and audiences"),
        (name = "content", description = "Locale files, translators' checks, uploads, versions and completeness; creatives and their approvals"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/api/openapi.json",
        get(|| async { Json(ApiDoc::openapi()) }),
    )
}
