//! The campaign staff's creative pages under `/creatives`: the list, a creative's previews per locale and
//! platform, making and editing creatives, approval per locale.

use crate::web::access::Access;
use crate::web::page::Pages;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde::Deserialize;

use crate::accounts::Permission;
use crate::content::creatives::CreativeInput;
use crate::web::AppState;
use crate::web::auth::PageUser;
use crate::web::error::PageError;
use crate::web::page::render_page;

pub fn pages(state: &AppState) -> Pages {
    let read = Access::Can(Permission::ReadCreatives);
    let manage = Access::Can(Permission::ManageCreatives);
    Pages::new(state)
        .get("/creatives", read, index_page)
        .post("/creatives/new", manage, new_form)
        .get("/creatives/{id}", read, creative_page)
        .post("/creatives/{id}/edit", manage, edit_form)
        .post("/creatives/{id}/approve", manage, approve_form)
}

async fn index_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
) -> Result<Response, PageError> {
    let creatives = state.services.creatives();
    let list = creatives.list(&auth.actor()).await?;
    let messages = creatives.candidate_messages();
    render_page(
        &state,
        &headers,
        &auth,
        "/creatives",
        "creatives.html",
        context! { creatives => list, messages, can_manage => auth.user.role.can(Permission::ManageCreatives) },
    )
}

#[derive(Debug, Deserialize)]
struct CreativeForm {
    csrf: String,
    name: String,
    message_id: String,
    image_ref: String,
}

impl CreativeForm {
    fn input(self) -> CreativeInput {
        CreativeInput {
            name: self.name,
            message_id: self.message_id,
            image_ref: self.image_ref,
        }
    }
}

async fn new_form(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    axum::Form(form): axum::Form<CreativeForm>,
) -> Result<Response, PageError> {
    auth.check_csrf(&form.csrf)?;
    let view = state
        .services
        .creatives()
        .create(&auth.actor(), form.input())
        .await?;
    Ok(Redirect::to(&format!("/creatives/{}", view.creative.id)).into_response())
}

async fn creative_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let creatives = state.services.creatives();
    let v = creatives.get(&auth.actor(), id).await?;
    let messages = creatives.candidate_messages();
    let platforms: Vec<_> = state
        .config
        .content
        .ad_text
        .platforms()
        .iter()
        .map(|(p, _)| *p)
        .collect();
    render_page(
        &state,
        &headers,
        &auth,
        "/creatives",
        "creative.html",
        context! { creative => v.creative, previews => v.previews, messages, platforms,
        can_manage => auth.user.role.can(Permission::ManageCreatives) },
    )
}

async fn edit_form(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<CreativeForm>,
) -> Result<Response, PageError> {
    auth.check_csrf(&form.csrf)?;
    state
        .services
        .creatives()
        .edit(&auth.actor(), id, form.input())
        .await?;
    Ok(Redirect::to(&format!("/creatives/{id}")).into_response())
}

#[derive(Debug, Deserialize)]
struct ApproveForm {
    csrf: String,
    locale: String,
}

async fn approve_form(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<ApproveForm>,
) -> Result<Response, PageError> {
    auth.check_csrf(&form.csrf)?;
    super::approve_localised(&state, &headers, &auth, id, &form.locale).await?;
    Ok(Redirect::to(&format!("/creatives/{id}#locale-{}", form.locale)).into_response())
}
