//! The impact report over the API (`/api/v1/impact`, the data as JSON) and on pages: `/impact` shows the
//! report in the reader's choice of campaigns, comparison region and language, with links to the same
//! report as PDF and standalone HTML, and to the data behind it as CSV files, JSON and a zip.
//!
//! A report is named by its query (`campaign=1&campaign=2&comparison=breckland&lang=lt`), so a link to
//! it can be shared and gives the same bytes while the data does not change.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use minijinja::context;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::accounts::Permission;
use crate::content::i18n::LocaleId;
use crate::message::Message;
use crate::report::impact::{ImpactData, document};
use crate::services::impact::ImpactQuery;
use crate::services::{Actor, ServiceError};
use crate::web::AppState;
use crate::web::access::{Access, mount};
use crate::web::auth::{ApiUser, PageUser};
use crate::web::error::{ApiError, PageResult, Problem};
use crate::web::page::{Pages, page_locale, render_page};

const READ: Access = Access::Can(Permission::ReadImpact);

/// A report's query as its link writes it.
#[derive(Debug, Clone, Default, PartialEq)]
struct ReportQuery {
    campaigns: Vec<i64>,
    comparison: Option<String>,
    weighted: bool,
    lang: Option<String>,
}

impl ReportQuery {
    /// Reads `campaign` (repeated, or one comma-separated list), `comparison` and `lang`; anything else is
    /// refused, naming it.
    fn parse(raw: Option<&str>) -> Result<Self, ServiceError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or(""))
            .map_err(|_| ServiceError::invalid("query", Message::new("refused-query")))?;
        let mut q = ReportQuery::default();
        for (k, v) in pairs {
            match k.as_str() {
                "campaign" => {
                    for part in v.split(',').filter(|p| !p.trim().is_empty()) {
                        let id = part.trim().parse::<i64>().map_err(|_| {
                            ServiceError::invalid("campaign", Message::new("refused-not-a-number"))
                        })?;
                        if !q.campaigns.contains(&id) {
                            q.campaigns.push(id);
                        }
                        if q.campaigns.len() > crate::services::impact::MAX_CAMPAIGNS {
                            return Err(ServiceError::invalid(
                                "campaign",
                                Message::new("impact-error-too-many")
                                    .number("max", crate::services::impact::MAX_CAMPAIGNS as f64),
                            ));
                        }
                    }
                }
                "comparison" => q.comparison = Some(v).filter(|v| !v.is_empty()),
                "weighted" => {
                    q.weighted = match v.as_str() {
                        "true" | "1" | "on" => true,
                        "false" | "0" | "" => false,
                        _ => {
                            return Err(ServiceError::invalid(
                                "weighted",
                                Message::new("refused-not-a-boolean"),
                            ));
                        }
                    }
                }
                "lang" => q.lang = Some(v).filter(|v| !v.is_empty()),
                other => {
                    return Err(ServiceError::invalid(
                        other,
                        Message::new("refused-unknown-parameter"),
                    ));
                }
            }
        }
        q.campaigns.sort_unstable();
        Ok(q)
    }

    fn service(&self) -> ImpactQuery {
        ImpactQuery {
            campaigns: self.campaigns.clone(),
            comparison: self.comparison.clone(),
            weighted: self.weighted,
        }
    }

    /// The query string naming this report, in a fixed order.
    fn link(&self, lang: &str) -> String {
        let mut pairs: Vec<(&str, String)> = self
            .campaigns
            .iter()
            .map(|c| ("campaign", c.to_string()))
            .collect();
        if let Some(c) = &self.comparison {
            pairs.push(("comparison", c.clone()));
        }
        if self.weighted {
            pairs.push(("weighted", "true".to_string()));
        }
        pairs.push(("lang", lang.to_string()));
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }

    /// A file name stem: `impact-1-2-lt`.
    fn stem(&self, lang: &str) -> String {
        let ids: Vec<String> = self.campaigns.iter().map(i64::to_string).collect();
        let weighted = if self.weighted { "-weighted" } else { "" };
        format!("impact-{}-{lang}{weighted}", ids.join("-"))
    }
}

pub fn api_router(state: &AppState) -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(mount(state, READ, routes!(impact_data)))
}

/// The figures of the impact report on one or more campaigns (`?campaign=1&campaign=2`, and optionally
/// `comparison=` a survey group's key), with their provenance and fingerprint: the same JSON as the
/// report's `data.json`.
#[utoipa::path(get, path = "/api/v1/impact", tag = "impact",
    params(("campaign" = Vec<i64>, Query, description = "a campaign's id; repeat for a set"),
           ("comparison" = Option<String>, Query, description = "the survey group to compare with"),
           ("weighted" = Option<bool>, Query, description = "the survey's results post-stratified to the audience's age and gender shares")),
    responses((status = 200, body = Object), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn impact_data(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let q = ReportQuery::parse(raw.as_deref())?;
    let data = state
        .services
        .impact()
        .data(&auth.actor(), &q.service())
        .await?;
    Ok(Json(data).into_response())
}

pub fn pages(state: &AppState) -> Pages {
    Pages::new(state)
        .get("/impact", READ, impact_page)
        .get("/impact/report.pdf", READ, report_pdf)
        .get("/impact/report.html", READ, report_html)
        .get("/impact/data.json", READ, data_json)
        .get("/impact/data.zip", READ, data_zip)
        .get("/impact/data/{file}", READ, data_csv)
}

/// The report's language: `lang` when Beacon has it, else the reader's.
fn report_locale(
    state: &AppState,
    headers: &HeaderMap,
    auth: &crate::web::auth::Authenticated,
    lang: Option<&str>,
) -> LocaleId {
    lang.and_then(|l| state.locales.get(l))
        .unwrap_or_else(|| page_locale(state, headers, Some(&auth.user)))
}

/// The report a page's query names; without a campaign, the newest one's (as the report page shows it),
/// and a 404 when there is none.
async fn gather(
    state: &AppState,
    actor: &Actor,
    raw: Option<&str>,
) -> Result<(ReportQuery, ImpactData), ServiceError> {
    let mut q = ReportQuery::parse(raw)?;
    let impact = state.services.impact();
    if q.campaigns.is_empty() {
        let newest = impact.campaigns(actor).await?.first().map(|c| c.id);
        q.campaigns
            .push(newest.ok_or_else(|| ServiceError::NotFound("no campaign to report on".into()))?);
    }
    let data = impact.data(actor, &q.service()).await?;
    Ok((q, data))
}

async fn impact_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let actor = auth.actor();
    let impact = state.services.impact();
    let campaigns = impact.campaigns(&actor).await?;
    let mut q = ReportQuery::parse(raw.as_deref())?;
    if q.campaigns.is_empty()
        && let Some(first) = campaigns.first()
    {
        q.campaigns.push(first.id);
    }
    let locale = report_locale(&state, &headers, &auth, q.lang.as_deref());
    let languages: Vec<(String, String)> = state
        .locales
        .available()
        .map(|code| {
            let code = code.as_str().to_string();
            (code.clone(), crate::packs::autonym(&code))
        })
        .collect();
    let comparisons: Vec<(String, String)> = campaigns
        .iter()
        .filter(|c| q.campaigns.contains(&c.id))
        .flat_map(|c| c.comparisons.clone())
        .collect();
    let can_weight = campaigns
        .iter()
        .any(|c| q.campaigns.contains(&c.id) && c.can_weight);
    let (doc, link) = if q.campaigns.is_empty() {
        (None, String::new())
    } else {
        let data = impact.data(&actor, &q.service()).await?;
        let doc = document(&state.locales, &locale, &data);
        (Some(doc), q.link(locale.as_str()))
    };
    let files: Vec<&str> = crate::report::impact::files::FILES
        .iter()
        .map(|(name, _)| *name)
        .collect();
    render_page(
        &state,
        &headers,
        &auth,
        "/impact",
        "impact.html",
        context! {
            campaigns,
            chosen => q.campaigns,
            comparison => q.comparison,
            comparisons,
            can_weight,
            weighted => q.weighted,
            languages,
            report_lang => locale.as_str(),
            doc,
            link,
            files,
            k => state.services.config.privacy.k,
        },
    )
}

async fn report_pdf(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let (q, data) = gather(&state, &auth.actor(), raw.as_deref()).await?;
    let locale = report_locale(&state, &headers, &auth, q.lang.as_deref());
    let renderer = state.services.impact().renderer().await?;
    let stem = q.stem(locale.as_str());
    let locales = state.locales.clone();
    let bytes = tokio::task::spawn_blocking(move || {
        let doc = document(&locales, &locale, &data);
        renderer.pdf(&doc, &data.provenance.fingerprint)
    })
    .await
    .map_err(|e| ServiceError::Internal(e.into()))?
    .map_err(|e| ServiceError::Internal(anyhow::anyhow!("{e}")))?;
    Ok(download("application/pdf", &format!("{stem}.pdf"), bytes))
}

async fn report_html(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let (q, data) = gather(&state, &auth.actor(), raw.as_deref()).await?;
    let locale = report_locale(&state, &headers, &auth, q.lang.as_deref());
    let renderer = state.services.impact().renderer().await?;
    let doc = document(&state.locales, &locale, &data);
    let html = renderer
        .html(&doc)
        .map_err(|e| ServiceError::Internal(anyhow::anyhow!("{e}")))?;
    Ok(crate::web::packs::api::pack_html(html))
}

async fn data_json(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let (q, data) = gather(&state, &auth.actor(), raw.as_deref()).await?;
    let json = crate::report::impact::files::json(&data);
    Ok(download(
        "application/json",
        &format!("{}.json", q.stem("data")),
        json.into_bytes(),
    ))
}

async fn data_zip(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let (q, data) = gather(&state, &auth.actor(), raw.as_deref()).await?;
    let bytes =
        crate::report::impact::files::zip(&data).map_err(|e| ServiceError::Internal(e.into()))?;
    Ok(download(
        "application/zip",
        &format!("{}.zip", q.stem("data")),
        bytes,
    ))
}

async fn data_csv(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    Path(file): Path<String>,
    RawQuery(raw): RawQuery,
) -> PageResult {
    if !crate::report::impact::files::FILES
        .iter()
        .any(|(name, _)| *name == file)
    {
        return Err(ServiceError::NotFound(format!("no report file {file}")).into());
    }
    let (q, data) = gather(&state, &auth.actor(), raw.as_deref()).await?;
    let (_, text) = crate::report::impact::files::csv(&data)
        .into_iter()
        .find(|(name, _)| *name == file)
        .ok_or_else(|| ServiceError::NotFound(format!("no report file {file}")))?;
    Ok(download(
        "text/csv; charset=utf-8",
        &format!("{}-{file}", q.stem("data")),
        text.into_bytes(),
    ))
}

/// A file to save, not to show: its type, its name and no caching.
fn download(content_type: &'static str, name: &str, bytes: Vec<u8>) -> Response {
    super::headers::attachment(content_type, name, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_is_named_by_its_query_in_a_fixed_order() {
        let q = ReportQuery::parse(Some("lang=lt&campaign=3&comparison=breckland&campaign=1,3"))
            .unwrap();
        assert_eq!(q.campaigns, [1, 3]);
        assert_eq!(
            q.link("lt"),
            "campaign=1&campaign=3&comparison=breckland&lang=lt"
        );
        assert_eq!(q.stem("lt"), "impact-1-3-lt");
        assert!(ReportQuery::parse(Some("campaign=x")).is_err());
        assert!(ReportQuery::parse(Some("campaigns=1")).is_err());
        let many: Vec<String> = (1..=30).map(|i| format!("campaign={i}")).collect();
        assert!(ReportQuery::parse(Some(&many.join("&"))).is_err());
    }
}
