//! The OpenAPI document: the API's description here, its paths collected from the router itself (each
//! module's `api()` mounts handlers with `routes!`, so a route cannot be left out), served at
//! `/api/openapi.json`.

use axum::routing::get;
use axum::{Json, Router};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Beacon API",
        description = "Geo-targeted awareness campaigns against human trafficking. Authenticate with \
                       `Authorization: Bearer <token>` (create tokens on the account page or at /api/v1/tokens). \
                       A signed-in browser may use its session cookie instead, sending the page's CSRF token in \
                       `X-CSRF-Token` with every request that changes something. \
                       Errors are application/problem+json (RFC 9457) and name the field at fault. \
                       `x-beacon-access` on each operation says who may call it."
    ),
    components(schemas(super::error::Problem)),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
    tags(
        (name = "people", description = "Staff accounts, API tokens and the audit log"),
        (name = "partners", description = "Partner organisations"),
        (name = "packs", description = "Partners' regions, contacts and red-flag training packs"),
        (name = "measure", description = "Reach across channels and events held off line"),
        (name = "surveys", description = "Surveys, their waves and groups, and their results with intervals"),
        (name = "impact", description = "The impact report's figures, with their provenance"),
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

/// Serves the document the router produced.
pub fn router(doc: utoipa::openapi::OpenApi) -> Router<AppState> {
    let doc = std::sync::Arc::new(doc);
    Router::new().route(
        "/api/openapi.json",
        get(move || {
            let doc = doc.clone();
            async move { Json((*doc).clone()) }
        }),
    )
}
