//! Content at the edge: translators' locale files (`/api/v1/locales`, the `/translate` pages) and creatives
//! (`/api/v1/creatives`, the `/creatives` pages). Handlers parse, call one use case of
//! `services::{translations, creatives}` and render.

pub mod creatives_api;
pub mod creatives_pages;
pub mod locales_api;
pub mod locales_pages;
pub mod schema;

use crate::web::page::Pages;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::access::{Access, mount};
use super::error::ApiError;
use crate::accounts::Permission;
use crate::services::translations::TranslationError;

/// The pages with ordinary bodies.
pub fn page_router(state: &AppState) -> Pages {
    locales_pages::pages(state).merge(creatives_pages::pages(state))
}

/// The pages that take files, with the import body limit, so that an oversized file gets Beacon's own
/// message.
pub fn upload_page_router(state: &AppState) -> Pages {
    locales_pages::upload_pages(state)
}

/// The content API with ordinary bodies, each route with its access rule.
pub fn api_router(state: &AppState) -> OpenApiRouter<AppState> {
    use Permission::*;
    use locales_api as l;
    let translate = Access::Can(CheckTranslations);
    let manage = Access::Can(ManageCreatives);
    OpenApiRouter::new()
        .routes(mount(state, translate, routes!(l::list_locales)))
        .routes(mount(state, translate, routes!(l::get_locale)))
        .routes(mount(state, translate, routes!(l::list_versions)))
        .routes(mount(state, translate, routes!(l::get_version)))
        .routes(mount(state, translate, routes!(l::rollback)))
        .routes(mount(state, translate, routes!(l::confirm)))
        .routes(mount(
            state,
            Access::Can(ReadCreatives),
            routes!(creatives_api::list_creatives),
        ))
        .routes(mount(
            state,
            manage,
            routes!(creatives_api::create_creative),
        ))
        .routes(mount(
            state,
            Access::Can(ReadCreatives),
            routes!(creatives_api::get_creative),
        ))
        .routes(mount(state, manage, routes!(creatives_api::edit_creative)))
        .routes(mount(state, manage, routes!(creatives_api::approve)))
}

/// The content API routes that take files (the import body limit).
pub fn upload_api_router(state: &AppState) -> OpenApiRouter<AppState> {
    use locales_api as l;
    let translate = Access::Can(Permission::CheckTranslations);
    OpenApiRouter::new()
        .routes(mount(state, translate, routes!(l::check)))
        .routes(mount(state, translate, routes!(l::upload_file)))
        .routes(mount(state, translate, routes!(l::upload_zip)))
}

impl From<TranslationError> for ApiError {
    fn from(e: TranslationError) -> Self {
        crate::services::ServiceError::from(e).into()
    }
}

/// Approves a creative in one locale; a refusal (409) names its reasons in the caller's language.
pub(crate) async fn approve_localised(
    state: &AppState,
    headers: &axum::http::HeaderMap,
    auth: &crate::web::auth::Authenticated,
    id: i64,
    locale: &str,
) -> Result<crate::content::creatives::LocalePreview, ApiError> {
    let creatives = state.services.creatives();
    match creatives.approve(&auth.actor(), id, locale).await {
        Ok(preview) => Ok(preview),
        Err(crate::services::ServiceError::Conflict(reason)) => {
            let view = creatives.get(&auth.actor(), id).await?;
            let Some(preview) = view.previews.iter().find(|p| p.locale == locale) else {
                return Err(ApiError::Conflict(reason));
            };
            let shown = crate::web::page::page_locale(state, headers, Some(&auth.user));
            let problems = state.locales.render_all(&shown, &preview.problems);
            let message = crate::message::Message::new("creative-not-approvable")
                .text("locale", locale)
                .text(
                    "problems",
                    problems.join(&state.locales.format(&shown, "problem-separator", None)),
                );
            Err(ApiError::Conflict(crate::message::Reason::Plain(
                state.locales.render(&shown, &message),
            )))
        }
        Err(other) => Err(other.into()),
    }
}
