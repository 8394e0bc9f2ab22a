//! Content at the edge: translators' locale files (`/api/v1/locales`, the `/translate` pages) and creatives
//! (`/api/v1/creatives`, the `/creatives` pages). Handlers parse, call one use case of
//! `services::{translations, creatives}` and render.

pub mod creatives_api;
pub mod creatives_pages;
pub mod locales_api;
pub mod locales_pages;

use axum::Router;

use super::AppState;
use super::error::ApiError;
use crate::services::translations::TranslationError;

/// Routes with ordinary bodies.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(locales_api::router())
        .merge(locales_pages::router())
        .merge(creatives_api::router())
        .merge(creatives_pages::router())
}

/// Routes that take files, with the import body limit, so that an oversized file gets Beacon's own message.
pub fn upload_router() -> Router<AppState> {
    locales_api::upload_router().merge(locales_pages::upload_router())
}

impl From<TranslationError> for ApiError {
    fn from(e: TranslationError) -> Self {
        crate::services::ServiceError::from(e).into()
    }
}
