//! Pages for the public: an anonymous report form that works without JavaScript, in the visitor's
//! language. No account, no cookie but the language choice, and nothing about the visitor is stored or
//! logged: the client address is used in memory only, to limit how often one address can submit. A
//! submission (this form's and the API's) is left out of the request log and the per-request metrics
//! altogether ([`is_public_submission`]), so that neither can tell when a report was sent.

use crate::web::access::Access;
use crate::web::client::ClientAddr;
use crate::web::page::Pages;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::CookieJar;
use h3o::Resolution;
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::AppState;
use super::error::ApiError;
use super::error::PageError;
use super::page::{page_locale, remember_language};
use crate::identify::incidents::community::ReportError;
use crate::identify::incidents::community::{CATEGORIES, SIGNS};
use crate::services::ServiceError;
use crate::services::incidents::ReportInput;

pub fn pages(state: &AppState) -> Pages {
    Pages::new(state)
        .get("/report", Access::Public, report_form)
        .post("/report", Access::Public, submit_report)
}

#[derive(Debug, Deserialize)]
struct LangQuery {
    lang: Option<String>,
}

#[derive(Debug, Serialize)]
struct PlaceOption {
    value: String,
    label: String,
}

/// The places a reporter can choose: the towns of the campaign area.
fn places(state: &AppState) -> Vec<PlaceOption> {
    state
        .services
        .places
        .area
        .towns
        .iter()
        .enumerate()
        .map(|(i, t)| PlaceOption {
            value: format!("town-{i}"),
            label: t.name.clone(),
        })
        .collect()
}

fn place_point(state: &AppState, value: &str, lat: &str, lon: &str) -> Option<(f64, f64)> {
    if let Some(i) = value.strip_prefix("town-") {
        let town = state
            .services
            .places
            .area
            .towns
            .get(i.parse::<usize>().ok()?)?;
        return Some((town.lat, town.lon));
    }
    if value == "point" {
        return Some((lat.trim().parse().ok()?, lon.trim().parse().ok()?));
    }
    None
}

/// Whether a request is a public report submission (the form's or the API's), or anything a subscriber
/// does through their own link (`/subscription…`, the one-click `/u/…`): it leaves no line in the request
/// log and no per-request metric, which would otherwise time a member of the public (and the links carry
/// their token).
pub fn is_public_submission(method: &Method, path: &str) -> bool {
    (method == Method::POST && (path == "/report" || path == "/api/v1/reports"))
        || path == "/subscription"
        || path.starts_with("/subscription/")
        || path.starts_with("/u/")
        || (method == Method::POST && path.starts_with("/subscribe/"))
        || path == "/subscribe/confirm"
        || (method == Method::POST && path.starts_with("/s/"))
}

/// Counts a report submission from `client` before it is checked (one step, so a burst cannot slip
/// past); `Err(wait)` when that address has used up its submissions for the hour (counted in memory
/// only).
pub(crate) fn admit_report(
    state: &AppState,
    client: ClientAddr,
) -> Result<(), std::time::Duration> {
    state.report_submissions.try_acquire(client.limit_key())
}

/// Coarsens and stores a report admitted by [`admit_report`]. When nothing was stored (the report fails
/// its checks, or could not be stored) the submission is given back: it does not spend the reporter's
/// allowance.
pub(crate) async fn submit_public_report(
    state: &AppState,
    client: ClientAddr,
    input: ReportInput<'_>,
) -> Result<Result<(), Vec<ReportError>>, ServiceError> {
    let outcome = state
        .services
        .incidents()
        .submit_report(input, report_resolution(state))
        .await;
    if !matches!(outcome, Ok(Ok(()))) {
        state.report_submissions.release(client.limit_key());
    }
    outcome
}

/// The resolution reports are coarsened to (validated as 5 to 9 at start-up).
pub(crate) fn report_resolution(state: &AppState) -> Resolution {
    Resolution::try_from(state.config.reports.resolution).unwrap_or(Resolution::Seven)
}

pub(crate) fn render(
    state: &AppState,
    headers: &HeaderMap,
    template: &str,
    page: minijinja::Value,
    status: StatusCode,
) -> Result<Response, PageError> {
    let locale = page_locale(state, headers, None);
    let ctx = context! {
        ..page,
        ..context! {
            locale => locale.as_str(),
            user => None::<()>,
            nav => Vec::<()>::new(),
            csrf => "",
            locales => state.locales.available().map(|l| l.as_str().to_string()).collect::<Vec<_>>(),
            categories => CATEGORIES.iter().map(|c| c.0).collect::<Vec<_>>(),
            signs => SIGNS.iter().map(|s| s.0).collect::<Vec<_>>(),
            places => places(state),
            today => time::OffsetDateTime::now_utc().date().to_string(),
        }
    };
    let html = state
        .templates
        .render(template, ctx)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!(super::render::describe(&e))))?;
    Ok((status, [(header::CACHE_CONTROL, "no-store")], Html(html)).into_response())
}

async fn report_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    Query(q): Query<LangQuery>,
) -> Result<Response, PageError> {
    let (jar, headers) = remember_language(&state, jar, headers, q.lang.as_deref());
    let page = render(
        &state,
        &headers,
        "report.html",
        context! { errors => Vec::<String>::new(), error_fields => Vec::<String>::new(), form => ReportForm::default() },
        StatusCode::OK,
    )?;
    Ok((jar, page).into_response())
}

/// The form as posted. Every field is a choice; there is no free text.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct ReportForm {
    #[serde(default)]
    day: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    latitude: String,
    #[serde(default)]
    longitude: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    signs: Vec<String>,
}

async fn submit_report(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    // Checkboxes repeat their name, which serde_urlencoded cannot gather into a list; read pairs by hand.
    let mut form = ReportForm::default();
    for (k, v) in url::form_urlencoded::parse(&body) {
        match k.as_ref() {
            "day" => form.day = v.into_owned(),
            "place" => form.place = v.into_owned(),
            "latitude" => form.latitude = v.into_owned(),
            "longitude" => form.longitude = v.into_owned(),
            "category" => form.category = v.into_owned(),
            "signs" => form.signs.push(v.into_owned()),
            _ => {}
        }
    }
    if let Err(retry_after) = admit_report(&state, client) {
        let mut page = render(
            &state,
            &headers,
            "report.html",
            context! { errors => vec!["report-error-too-many"], error_fields => Vec::<String>::new(), form },
            StatusCode::TOO_MANY_REQUESTS,
        )?;
        super::error::set_retry_after(&mut page, retry_after);
        return Ok(page);
    }
    let locale = page_locale(&state, &headers, None);
    let point = place_point(&state, &form.place, &form.latitude, &form.longitude);
    let input = ReportInput {
        day: &form.day,
        point,
        category: &form.category,
        signs: &form.signs,
        locale: locale.as_str(),
    };
    match submit_public_report(&state, client, input).await? {
        Ok(()) => render(
            &state,
            &headers,
            "report_thanks.html",
            context! {},
            StatusCode::OK,
        ),
        Err(errors) => {
            let messages: Vec<&str> = errors.iter().map(|e| e.message_id).collect();
            let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
            render(
                &state,
                &headers,
                "report.html",
                context! { errors => messages, error_fields => fields, form },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
    }
}
