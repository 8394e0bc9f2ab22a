//! The home page and the map of the campaign area.

use crate::web::access::Access;
use crate::web::page::Pages;
use axum::extract::State;
use axum::http::HeaderMap;
use minijinja::context;

use super::AppState;
use super::auth::PageUser;
use super::error::PageResult;
use super::page::{page_locale, render_page};
use crate::accounts::Permission;

pub fn pages(state: &AppState) -> Pages {
    Pages::new(state).get("/", Access::SignedIn, home).get(
        "/map",
        Access::Can(Permission::ViewMaps),
        map_page,
    )
}

async fn home(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
) -> PageResult {
    let role_intro = format!("home-intro-{}", auth.user.role);
    render_page(
        &state,
        &headers,
        &auth,
        "/",
        "home.html",
        context! { role_intro },
    )
}

async fn map_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
) -> PageResult {
    auth.require(Permission::ViewMaps)?;
    let locale = page_locale(&state, &headers, Some(&auth.user));
    let area = &state.services.places.area;
    let svg = area.render_svg(&state.locales, &locale);
    render_page(
        &state,
        &headers,
        &auth,
        "/map",
        "map.html",
        context! {
            svg,
            districts => area.district_rows(),
            towns => area.town_rows(),
            cell_count => area.cells.len(),
        },
    )
}
