//! Partners' regions, contacts and red-flag packs over the API (`/api/v1/partners/{id}/…`, `/api/v1/packs/…`):
//! campaign staff set the regions a partner serves, keep its contacts (one by one, or a CSV file all or
//! nothing, and download them), preview and issue packs; partner accounts list and download their own.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::accounts::Permission;
use crate::services::packs::{ContactInput, TrainingInput};
use crate::web::AppState;
use crate::web::access::{Access, mount};
use crate::web::auth::ApiUser;
use crate::web::error::{ApiError, ApiJson, Problem};
use crate::web::subscribers::{ImportQuery, csv_attachment, refused};

const MANAGE: Access = Access::Can(Permission::ManagePacks);
/// Planners see every partner's; a partner account its own (the service decides which).
const READ: Access = Access::Any(&[Permission::ListPartners, Permission::ViewOwnPartner]);

pub fn api_router(state: &AppState) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(mount(state, READ, routes!(partner_regions)))
        .routes(mount(state, MANAGE, routes!(set_partner_regions)))
        .routes(mount(state, MANAGE, routes!(list_contacts)))
        .routes(mount(state, MANAGE, routes!(add_contact)))
        .routes(mount(state, MANAGE, routes!(export_contacts)))
        .routes(mount(state, MANAGE, routes!(remove_contact)))
        .routes(mount(state, READ, routes!(list_packs)))
        .routes(mount(state, MANAGE, routes!(issue_pack)))
        .routes(mount(state, MANAGE, routes!(preview_pack)))
        .routes(mount(state, READ, routes!(download_pack)))
        .routes(mount(state, MANAGE, routes!(send_pack)))
        .routes(mount(state, MANAGE, routes!(list_sends)))
        .routes(mount(state, REPORT, routes!(report_training)))
        .routes(mount(state, READ, routes!(list_trainings)))
        .routes(mount(
            state,
            Access::Can(Permission::ListPartners),
            routes!(training_totals),
        ))
}

/// Partners report their own training; campaign staff may for them.
const REPORT: Access = Access::Any(&[Permission::ManagePacks, Permission::ViewOwnPartner]);

/// The contacts import takes a file: it is under the import body limit.
pub fn upload_api_router(state: &AppState) -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(mount(state, MANAGE, routes!(import_contacts)))
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct RegionRef {
    pub id: i64,
    pub name: String,
}

fn region_refs(rows: Vec<(i64, String)>) -> Vec<RegionRef> {
    rows.into_iter()
        .map(|(id, name)| RegionRef { id, name })
        .collect()
}

/// The regions a partner serves.
#[utoipa::path(get, path = "/api/v1/partners/{id}/regions", tag = "packs",
    responses((status = 200, body = Vec<RegionRef>), (status = 403, body = Problem)))]
pub async fn partner_regions(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let rows = state.services.packs().regions(&auth.actor(), id).await?;
    Ok(Json(region_refs(rows)).into_response())
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegionIds {
    /// Beacon's regions the partner serves (all of them: the list replaces the one before).
    pub region_ids: Vec<i64>,
}

/// Sets the regions a partner serves (campaign staff; audited).
#[utoipa::path(put, path = "/api/v1/partners/{id}/regions", tag = "packs", request_body = RegionIds,
    responses((status = 200, body = Vec<RegionRef>), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn set_partner_regions(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<RegionIds>,
) -> Result<Response, ApiError> {
    let rows = state
        .services
        .packs()
        .set_regions(&auth.actor(), id, &body.region_ids)
        .await?;
    Ok(Json(region_refs(rows)).into_response())
}

/// A partner's contacts (campaign staff: their addresses are personal data).
#[utoipa::path(get, path = "/api/v1/partners/{id}/contacts", tag = "packs",
    responses((status = 200, body = Object), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn list_contacts(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let rows = state.services.packs().contacts(&auth.actor(), id).await?;
    Ok(Json(rows).into_response())
}

/// Adds one contact. An address the partner has already, a bad address or a locale Beacon lacks is a 422
/// naming the field.
#[utoipa::path(post, path = "/api/v1/partners/{id}/contacts", tag = "packs", request_body = ContactInput,
    responses((status = 201, body = Object), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn add_contact(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ContactInput>,
) -> Result<Response, ApiError> {
    let contact = state
        .services
        .packs()
        .add_contact(&auth.actor(), id, &body)
        .await?;
    Ok((StatusCode::CREATED, Json(contact)).into_response())
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ContactsImported {
    pub added: u64,
    /// Addresses the partner had already, left as they were.
    pub already: u64,
}

/// Imports contacts from a CSV body (`name,email,role,locale`), all or nothing: every bad row is named in
/// `errors`.
#[utoipa::path(post, path = "/api/v1/partners/{id}/contacts/import", tag = "packs", params(ImportQuery),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 201, body = ContactsImported), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn import_contacts(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<ImportQuery>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let file = q.file.unwrap_or_else(|| "the request body".into());
    match state
        .services
        .packs()
        .import_contacts(&auth.actor(), id, body.to_vec(), &file)
        .await?
    {
        Ok((added, already)) => Ok((
            StatusCode::CREATED,
            Json(ContactsImported { added, already }),
        )
            .into_response()),
        Err(r) => Ok(refused(r)),
    }
}

/// A partner's contacts as CSV in the import's columns (audited with the count).
#[utoipa::path(get, path = "/api/v1/partners/{id}/contacts.csv", tag = "packs",
    responses((status = 200, content_type = "text/csv", body = String), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn export_contacts(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let csv = state
        .services
        .packs()
        .export_contacts(&auth.actor(), id)
        .await?;
    Ok(csv_attachment(&format!("partner-{id}-contacts.csv"), csv))
}

/// Removes a contact and everything held about them (audited, without who).
#[utoipa::path(delete, path = "/api/v1/partners/{id}/contacts/{contact_id}", tag = "packs",
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn remove_contact(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path((id, contact_id)): Path<(i64, i64)>,
) -> Result<Response, ApiError> {
    state
        .services
        .packs()
        .remove_contact(&auth.actor(), id, contact_id)
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// A partner's packs, every version, newest first.
#[utoipa::path(get, path = "/api/v1/partners/{id}/packs", tag = "packs",
    responses((status = 200, body = Object), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn list_packs(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let rows = state.services.packs().list(&auth.actor(), id).await?;
    Ok(Json(rows).into_response())
}

#[derive(Debug, Deserialize, utoipa::ToSchema, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PackRequest {
    /// A language Beacon has.
    pub locale: String,
    /// One of the regions the partner serves; may be left out when it serves one.
    pub region_id: Option<i64>,
}

/// Issues a partner's pack for a locale and region (campaign staff; audited). A pack whose content is the
/// same as the latest version is not kept again: `new_version` says which happened.
#[utoipa::path(post, path = "/api/v1/partners/{id}/packs", tag = "packs", request_body = PackRequest,
    responses((status = 201, body = Object), (status = 200, body = Object), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn issue_pack(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<PackRequest>,
) -> Result<Response, ApiError> {
    let rendered = state
        .services
        .packs()
        .render(&auth.actor(), id, &body.locale, body.region_id)
        .await?;
    let status = if rendered.new_version {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(rendered)).into_response())
}

/// A pack as it would be issued now, as HTML, without keeping it.
#[utoipa::path(get, path = "/api/v1/partners/{id}/packs/preview", tag = "packs", params(PackRequest),
    responses((status = 200, content_type = "text/html", body = String), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn preview_pack(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<PackRequest>,
) -> Result<Response, ApiError> {
    let html = state
        .services
        .packs()
        .preview(&auth.actor(), id, &q.locale, q.region_id)
        .await?;
    Ok(pack_html(html))
}

/// A pack's HTML as its own document: no scripts may run in it, whatever it holds; only Beacon's own
/// pages may frame it (the pack page's preview).
pub(crate) fn pack_html(html: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; \
                 frame-ancestors 'self'",
            ),
            (header::X_FRAME_OPTIONS, "SAMEORIGIN"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        html,
    )
        .into_response()
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct DownloadPath {
    /// The pack's id.
    id: i64,
    /// `pdf` or `html`.
    format: String,
}

/// A pack's file as issued, PDF or HTML (each download recorded). A partner account gets only its own
/// packs; another partner's pack is a 404, as one that does not exist.
#[utoipa::path(get, path = "/api/v1/packs/{id}/{format}", tag = "packs", params(DownloadPath),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn download_pack(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(p): Path<DownloadPath>,
) -> Result<Response, ApiError> {
    let pdf = match p.format.as_str() {
        "pdf" => true,
        "html" => false,
        _ => {
            return Err(ApiError::invalid(
                "format",
                crate::message::Message::new("refused-one-of")
                    .text("choices", "pdf, html".to_string()),
            ));
        }
    };
    let (pack, bytes) = state
        .services
        .packs()
        .download(&auth.actor(), p.id, pdf)
        .await?;
    if !pdf {
        return Ok(pack_html(String::from_utf8_lossy(&bytes).into_owned()));
    }
    Ok(pack_pdf(&pack, bytes))
}

/// A pack's PDF as a download named after its partner, language and version.
pub(crate) fn pack_pdf(pack: &crate::store::packs::PackRow, bytes: Vec<u8>) -> Response {
    let name = format!(
        "pack-{}-{}-v{}.pdf",
        pack.partner_id, pack.locale, pack.version
    );
    crate::web::headers::attachment("application/pdf", &name, bytes)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendRequest {
    /// One of the regions the partner serves; may be left out when it serves one.
    #[serde(default)]
    pub region_id: Option<i64>,
}

/// Sends the partner's pack for a region to each of its contacts by e-mail, in the contact's language,
/// with a download link that expires after `packs.link_hours` (campaign staff; audited). A region with
/// no local contacts in `packs.local_contacts`, or a partner without contacts, is a 422.
#[utoipa::path(post, path = "/api/v1/partners/{id}/packs/send", tag = "packs", request_body = SendRequest,
    responses((status = 202, body = crate::services::packs::SendSummary), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn send_pack(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<SendRequest>,
) -> Result<Response, ApiError> {
    let summary = state
        .services
        .packs()
        .send(&auth.actor(), id, body.region_id)
        .await?;
    Ok((StatusCode::ACCEPTED, Json(summary)).into_response())
}

/// A partner's pack e-mails, newest first: each contact's state (queued, sending, sent, failed), the
/// relay's reply when one failed, when its link expires and how often it was used.
#[utoipa::path(get, path = "/api/v1/partners/{id}/sends", tag = "packs",
    responses((status = 200, body = Object), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn list_sends(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let rows = state.services.packs().sends(&auth.actor(), id).await?;
    Ok(Json(rows).into_response())
}

/// Records a training session held with one of the partner's packs (its own accounts, or campaign staff;
/// audited). A day to come, no staff, a quiz with more correct answers than answers, or another partner's
/// pack is a 422 naming the field.
#[utoipa::path(post, path = "/api/v1/partners/{id}/trainings", tag = "packs", request_body = TrainingInput,
    responses((status = 201, body = Object), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn report_training(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<TrainingInput>,
) -> Result<Response, ApiError> {
    let row = state
        .services
        .packs()
        .report_training(&auth.actor(), id, &body)
        .await?;
    Ok((StatusCode::CREATED, Json(row)).into_response())
}

/// A partner's training sessions, newest first.
#[utoipa::path(get, path = "/api/v1/partners/{id}/trainings", tag = "packs",
    responses((status = 200, body = Object), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn list_trainings(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let rows = state.services.packs().trainings(&auth.actor(), id).await?;
    Ok(Json(rows).into_response())
}

/// Staff trained per partner, sector, region and campaign, and the quiz's change in correct answers with
/// its 95% interval (Wald, two proportions; answers as the units).
#[utoipa::path(get, path = "/api/v1/trainings/totals", tag = "packs",
    responses((status = 200, body = Object), (status = 403, body = Problem)))]
pub async fn training_totals(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
) -> Result<Response, ApiError> {
    let totals = state
        .services
        .packs()
        .training_totals(&auth.actor())
        .await?;
    Ok(Json(totals).into_response())
}
