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
        super::audience::api::create_region,
        super::audience::api::list_regions,
        super::audience::api::get_region,
        super::audience::api::delete_region,
        super::audience::api::region_cells,
        super::audience::api::region_population,
        super::audience::api::get_shares,
        super::audience::api::put_shares,
        super::audience::api::region_languages,
        super::audience::api::region_targets,
        super::audience::api::region_targets_geojson,
        super::audience::api::region_targets_kml,
        super::audience::api::list_layers,
        super::audience::api::import_layer,
        super::audience::api::create_audience,
        super::audience::api::list_audiences,
        super::audience::api::get_audience,
        super::audience::api::freeze_audience,
        super::audience::api::list_snapshots,
        super::locales::check,
        super::locales::upload_file,
        super::locales::upload_zip,
        super::locales::list_locales,
        super::locales::get_locale,
        super::locales::list_versions,
        super::locales::get_version,
        super::locales::rollback,
        super::locales::confirm,
        super::creatives::list_creatives,
        super::creatives::create_creative,
        super::creatives::get_creative,
        super::creatives::edit_creative,
        super::creatives::approve,
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
