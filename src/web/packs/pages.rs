//! The partner pages: a partner's workspace (`/partners/{id}`: the regions it serves, its contacts, its
//! packs with a preview in each language, sending them, training reports), the sectors' toolkits
//! (`/toolkits`) and the training totals (`/trainings`); and the download link a contact's e-mail carries
//! (`/packs/d/{token}`), which needs no account. Partner accounts see their own organisation's packs and
//! training reports; campaign staff everything.

use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde::Deserialize;

use crate::accounts::{PARTNER_SECTORS, Permission};
use crate::message::Message;
use crate::services::ServiceError;
use crate::services::packs::{ContactInput, QuizInput, TrainingInput};
use crate::web::AppState;
use crate::web::access::Access;
use crate::web::auth::{Authenticated, PageUser};
use crate::web::error::{ApiError, PageError, PageResult};
use crate::web::page::{Pages, refusal, render_page, render_with_status};

const MANAGE: Access = Access::Can(Permission::ManagePacks);
const READ: Access = Access::Any(&[Permission::ListPartners, Permission::ViewOwnPartner]);
const REPORT: Access = Access::Any(&[Permission::ManagePacks, Permission::ViewOwnPartner]);

pub fn pages(state: &AppState) -> Pages {
    Pages::new(state)
        .get("/partners/{id}", READ, partner_page)
        .post("/partners/{id}/regions", MANAGE, regions_form)
        .post("/partners/{id}/contacts", MANAGE, contact_form)
        .post(
            "/partners/{id}/contacts/{contact}/remove",
            MANAGE,
            remove_contact_form,
        )
        .post("/partners/{id}/packs", MANAGE, issue_form)
        .get("/partners/{id}/preview", MANAGE, preview_page)
        .post("/partners/{id}/send", MANAGE, send_form)
        .post("/partners/{id}/trainings", REPORT, training_form)
        .get(
            "/toolkits",
            Access::Can(Permission::ListPartners),
            toolkits_page,
        )
        .get(
            "/trainings",
            Access::Can(Permission::ListPartners),
            trainings_page,
        )
        .get("/packs/d/{token}", Access::Public, link_download)
}

/// The contacts import takes a file: it is under the import body limit.
pub fn upload_pages(state: &AppState) -> Pages {
    Pages::new(state).post("/partners/{id}/contacts/import", MANAGE, import_form)
}

/// Where a partner's page sits in the navigation: the partner list for staff, "my organisation" for its
/// own accounts.
fn current(auth: &Authenticated, id: i64) -> String {
    if auth.user.role.can(Permission::ListPartners) {
        "/partners".into()
    } else {
        format!("/partners/{id}")
    }
}

/// The partner page with everything the reader may see, and `extra` (a notice, a refusal, an import's
/// problems, the forms' last values).
async fn partner_render(
    state: &AppState,
    headers: &HeaderMap,
    auth: &Authenticated,
    id: i64,
    extra: minijinja::Value,
    status: StatusCode,
) -> PageResult {
    let actor = auth.actor();
    let (partner, members) = state
        .services
        .accounts()
        .partner_with_users(&actor, id)
        .await?;
    let p = state.services.packs();
    let manage = auth.user.role.can(Permission::ManagePacks);
    let regions = p.regions(&actor, id).await?;
    let packs = p.list(&actor, id).await?;
    let trainings = p.trainings(&actor, id).await?;
    let (all_regions, contacts, sends) = if manage {
        let all: Vec<(i64, String)> = state
            .services
            .audiences()
            .list_regions(&actor)
            .await?
            .into_iter()
            .map(|r| (r.id, r.name))
            .collect();
        (
            all,
            p.contacts(&actor, id).await?,
            p.sends(&actor, id).await?,
        )
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    let campaigns: Vec<(i64, String)> = if auth.user.role.can(Permission::ReadCampaigns) {
        state
            .services
            .campaigns()
            .list(&actor)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect()
    } else {
        Vec::new()
    };
    let served: Vec<i64> = regions.iter().map(|(r, _)| *r).collect();
    render_with_status(
        state,
        headers,
        auth,
        &current(auth, id),
        "partner.html",
        context! {
            ..extra,
            ..context! {
                partner,
                members,
                manage,
                regions,
                served,
                all_regions,
                contacts,
                packs,
                sends,
                trainings,
                campaigns,
                pack_locales => p.locale_codes(),
                today => state.services.clock.now().date().to_string(),
                link_hours => state.config.packs.link_hours,
            }
        },
        status,
    )
}

async fn partner_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
) -> PageResult {
    partner_render(&state, &headers, &auth, id, context! {}, StatusCode::OK).await
}

/// After a form: back to the partner's page at `anchor` when it worked, or the page again with the
/// refusal (422) when the service refused it.
async fn outcome<T>(
    state: &AppState,
    headers: &HeaderMap,
    auth: &Authenticated,
    id: i64,
    anchor: &str,
    result: Result<T, ServiceError>,
    extra: minijinja::Value,
) -> PageResult {
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/partners/{id}#{anchor}")).into_response()),
        Err(e @ (ServiceError::Invalid { .. } | ServiceError::Conflict(_))) => {
            let error = refusal(state, headers, auth, &e);
            partner_render(
                state,
                headers,
                auth,
                id,
                context! { ..extra, ..context! { error, error_at => anchor } },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// The regions form: the CSRF token and any number of `region` values (one per ticked box).
async fn regions_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> PageResult {
    let mut csrf = String::new();
    let mut ids = Vec::new();
    for (k, v) in url::form_urlencoded::parse(&body) {
        match k.as_ref() {
            "csrf" => csrf = v.into_owned(),
            "region" => ids.push(v.trim().parse::<i64>().map_err(|_| {
                ApiError::invalid("region_ids", Message::new("refused-not-a-number"))
            })?),
            _ => {}
        }
    }
    auth.check_csrf(&csrf)?;
    let result = state
        .services
        .packs()
        .set_regions(&auth.actor(), id, &ids)
        .await;
    outcome(&state, &headers, &auth, id, "regions", result, context! {}).await
}

#[derive(Debug, Deserialize)]
struct ContactForm {
    csrf: String,
    name: String,
    email: String,
    role: String,
    locale: String,
}

async fn contact_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<ContactForm>,
) -> PageResult {
    auth.check_csrf(&form.csrf)?;
    let input = ContactInput {
        name: form.name.clone(),
        email: form.email.clone(),
        role: form.role.clone(),
        locale: form.locale.clone(),
    };
    let result = state
        .services
        .packs()
        .add_contact(&auth.actor(), id, &input)
        .await;
    let kept = context! { contact_form => context! {
        name => form.name, email => form.email, role => form.role, locale => form.locale
    } };
    outcome(&state, &headers, &auth, id, "contacts", result, kept).await
}

#[derive(Debug, Deserialize)]
struct CsrfOnly {
    csrf: String,
}

async fn remove_contact_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Path((id, contact)): Path<(i64, i64)>,
    axum::Form(form): axum::Form<CsrfOnly>,
) -> PageResult {
    auth.check_csrf(&form.csrf)?;
    let result = state
        .services
        .packs()
        .remove_contact(&auth.actor(), id, contact)
        .await;
    outcome(&state, &headers, &auth, id, "contacts", result, context! {}).await
}

async fn import_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> PageResult {
    let (file_name, bytes) = crate::web::page_upload(&mut multipart, &auth).await?;
    match state
        .services
        .packs()
        .import_contacts(&auth.actor(), id, bytes.to_vec(), &file_name)
        .await?
    {
        Ok(_) => Ok(Redirect::to(&format!("/partners/{id}#contacts")).into_response()),
        Err(refusal) => {
            let problems: Vec<Message> = refusal
                .problems
                .iter()
                .map(|p| p.message(&refusal.file))
                .collect();
            partner_render(
                &state,
                &headers,
                &auth,
                id,
                context! { problems, problem_total => refusal.total },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

#[derive(Debug, Deserialize)]
struct PackForm {
    csrf: String,
    locale: String,
    #[serde(default)]
    region_id: String,
}

async fn issue_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<PackForm>,
) -> PageResult {
    auth.check_csrf(&form.csrf)?;
    // Empty for "the partner's only one".
    let region = number("region_id", &form.region_id)?;
    let result = state
        .services
        .packs()
        .render(&auth.actor(), id, &form.locale, region)
        .await;
    outcome(&state, &headers, &auth, id, "packs", result, context! {}).await
}

#[derive(Debug, Deserialize)]
struct PreviewQuery {
    #[serde(default)]
    locale: Option<String>,
    #[serde(default)]
    region_id: Option<i64>,
}

/// A pack as it would be issued now, in each language: the pack's own sandboxed HTML in a frame, with a
/// tab per language and the sections that would fall back named.
async fn preview_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<PreviewQuery>,
) -> PageResult {
    let actor = auth.actor();
    let (partner, _) = state
        .services
        .accounts()
        .partner_with_users(&actor, id)
        .await?;
    let p = state.services.packs();
    let locales = p.locale_codes();
    let locale = q
        .locale
        .filter(|l| locales.contains(l))
        .unwrap_or_else(|| "en".into());
    let regions = p.regions(&actor, id).await?;
    let region_id = q.region_id.or(regions.first().map(|(r, _)| *r));
    let words = p.words(&actor, id, &locale, region_id).await;
    let (languages, error) = match words {
        Ok((content, _)) => (content.languages, None),
        Err(e @ (ServiceError::Invalid { .. } | ServiceError::Conflict(_))) => {
            (Vec::new(), Some(refusal(&state, &headers, &auth, &e)))
        }
        Err(e) => return Err(e.into()),
    };
    render_page(
        &state,
        &headers,
        &auth,
        "/partners",
        "pack_preview.html",
        context! { partner, pack_locale => locale, pack_locales => locales, regions, region_id, languages, error },
    )
}

#[derive(Debug, Deserialize)]
struct SendForm {
    csrf: String,
    #[serde(default)]
    region_id: String,
}

async fn send_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<SendForm>,
) -> PageResult {
    auth.check_csrf(&form.csrf)?;
    // Empty for "the partner's only one".
    let region = number("region_id", &form.region_id)?;
    let result = state.services.packs().send(&auth.actor(), id, region).await;
    outcome(&state, &headers, &auth, id, "sending", result, context! {}).await
}

#[derive(Debug, Deserialize)]
struct TrainingForm {
    csrf: String,
    held_on: String,
    staff_trained: String,
    pack_id: String,
    #[serde(default)]
    campaign_id: String,
    #[serde(default)]
    before_correct: String,
    #[serde(default)]
    before_answers: String,
    #[serde(default)]
    after_correct: String,
    #[serde(default)]
    after_answers: String,
}

/// A whole number from a form field; `field` is named when it is not one.
fn number(field: &str, value: &str) -> Result<Option<i64>, ServiceError> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    v.parse()
        .map(Some)
        .map_err(|_| ServiceError::invalid(field, Message::new("refused-not-a-number")))
}

/// A quiz from its two fields: both empty is no quiz; one without the other is refused.
fn quiz(field: &str, correct: &str, answers: &str) -> Result<Option<QuizInput>, ServiceError> {
    match (number(field, correct)?, number(field, answers)?) {
        (None, None) => Ok(None),
        (Some(correct), Some(answers)) => Ok(Some(QuizInput { correct, answers })),
        _ => Err(ServiceError::invalid(
            field,
            Message::new("refused-training-quiz"),
        )),
    }
}

impl TrainingForm {
    fn input(&self) -> Result<TrainingInput, ServiceError> {
        Ok(TrainingInput {
            held_on: self.held_on.clone(),
            staff_trained: number("staff_trained", &self.staff_trained)?.unwrap_or(0),
            pack_id: number("pack_id", &self.pack_id)?.unwrap_or(0),
            campaign_id: number("campaign_id", &self.campaign_id)?,
            quiz_before: quiz("quiz_before", &self.before_correct, &self.before_answers)?,
            quiz_after: quiz("quiz_after", &self.after_correct, &self.after_answers)?,
        })
    }
}

async fn training_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<TrainingForm>,
) -> PageResult {
    auth.check_csrf(&form.csrf)?;
    let result = match form.input() {
        Ok(input) => {
            state
                .services
                .packs()
                .report_training(&auth.actor(), id, &input)
                .await
        }
        Err(e) => Err(e),
    };
    let kept = context! { training_form => context! {
        held_on => form.held_on, staff_trained => form.staff_trained, pack_id => form.pack_id,
        campaign_id => form.campaign_id, before_correct => form.before_correct,
        before_answers => form.before_answers, after_correct => form.after_correct,
        after_answers => form.after_answers,
    } };
    outcome(&state, &headers, &auth, id, "trainings", result, kept).await
}

#[derive(Debug, Deserialize)]
struct ToolkitQuery {
    #[serde(default)]
    sector: Option<String>,
    #[serde(default)]
    locale: Option<String>,
}

/// Each sector's toolkit in one language, with the sections that fall back named.
async fn toolkits_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Query(q): Query<ToolkitQuery>,
) -> PageResult {
    let p = state.services.packs();
    let locales = p.locale_codes();
    let sector = q
        .sector
        .filter(|s| PARTNER_SECTORS.contains(&s.as_str()))
        .unwrap_or_else(|| PARTNER_SECTORS[0].to_string());
    let locale = q
        .locale
        .filter(|l| locales.contains(l))
        .unwrap_or_else(|| "en".into());
    let toolkit = p.toolkit(&auth.actor(), &sector, &locale).await?;
    render_page(
        &state,
        &headers,
        &auth,
        "/partners",
        "toolkits.html",
        context! { sectors => PARTNER_SECTORS, sector, pack_locale => locale, pack_locales => locales, toolkit },
    )
}

/// Staff trained per partner, sector, region and campaign, and the quiz's change with its interval.
async fn trainings_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
) -> PageResult {
    let totals = state
        .services
        .packs()
        .training_totals(&auth.actor())
        .await?;
    render_page(
        &state,
        &headers,
        &auth,
        "/partners",
        "trainings.html",
        context! { totals },
    )
}

#[derive(Debug, Deserialize)]
struct LinkQuery {
    #[serde(default)]
    format: Option<String>,
}

/// The pack a contact's e-mail links to, without an account: its PDF (or `?format=html`), each download
/// recorded against the contact. A changed, expired or withdrawn link is a 403 that says nothing more.
async fn link_download(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(q): Query<LinkQuery>,
) -> Result<Response, PageError> {
    let pdf = q.format.as_deref() != Some("html");
    let (pack, bytes) = state.services.packs().link_download(&token, pdf).await?;
    Ok(if pdf {
        super::api::pack_pdf(&pack, bytes)
    } else {
        super::api::pack_html(String::from_utf8_lossy(&bytes).into_owned())
    })
}
