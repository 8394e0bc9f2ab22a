//! Analysts' pages: the moderation queue, hotspots with their filter form and map, emerging hotspots and
//! routes.

use super::*;
use crate::accounts::Permission;
use crate::identify::analysis::emerging::Pattern;
use crate::identify::analysis::hotspots::HotspotCell;
use crate::identify::incidents::IncidentFilter;
use crate::map;
use crate::map::MapOptions;
use crate::map::Outline;
use crate::map::Scale;
use crate::web::AppState;
use crate::web::auth::PageUser;
use crate::web::error::ApiError;
use crate::web::error::PageError;
use crate::web::page::page_locale;
use crate::web::page::render_page;
use axum::Form;
use axum::extract::Path;
use axum::extract::Query;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::response::Redirect;
use axum::response::Response;
use minijinja::context;
use serde::Deserialize;
use serde::Serialize;

#[derive(Debug, Deserialize)]
pub(super) struct CsrfForm {
    pub(super) csrf: String,
}

pub(super) async fn reports_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
) -> Result<Response, PageError> {
    let pending = state
        .services
        .incidents()
        .pending_reports(&auth.actor(), "page")
        .await?;
    render_page(
        &state,
        &headers,
        &auth,
        "/analysis/reports",
        "reports.html",
        context! { reports => pending },
    )
}

pub(super) async fn review_form(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    Path((id, decision)): Path<(i64, String)>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, PageError> {
    auth.check_csrf(&form.csrf)?;
    review(&state, &auth, id, &decision).await?;
    Ok(Redirect::to("/analysis/reports").into_response())
}

/// Filters of the hotspot page, as a form sends them (empty fields mean "any").
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct PageForm {
    #[serde(default)]
    resolution: String,
    #[serde(default)]
    rings: String,
    #[serde(default)]
    half_life_days: String,
    #[serde(default)]
    from_year: String,
    #[serde(default)]
    to_year: String,
    #[serde(default)]
    exploitation_type: String,
    #[serde(default)]
    nationality: String,
    #[serde(default)]
    data_source: String,
}

/// An SVG map of Gi* z-scores over the demo area's districts. `prefix` names the Fluent messages
/// `{prefix}-map-title`, `{prefix}-map-description` and `{prefix}-legend`.
pub(crate) fn z_score_map(
    state: &AppState,
    locale: &crate::content::i18n::LocaleId,
    cells: &[(h3o::CellIndex, f64)],
    prefix: &str,
) -> String {
    let limit = cells.iter().map(|c| c.1.abs()).fold(1.96, f64::max);
    cell_map(state, locale, cells, prefix, Scale::Diverging { limit })
}

/// An SVG map of cell values over the demo area's districts, in `scale`; `prefix` names its Fluent
/// messages as for [`z_score_map`].
fn cell_map(
    state: &AppState,
    locale: &crate::content::i18n::LocaleId,
    cells: &[(h3o::CellIndex, f64)],
    prefix: &str,
    scale: Scale,
) -> String {
    let area = &state.services.places.area;
    let text = |suffix: &str| {
        state
            .locales
            .format(locale, &format!("{prefix}-{suffix}"), None)
    };
    map::render_cells(
        cells,
        &MapOptions {
            width: 760,
            height: 620,
            title: text("map-title"),
            description: text("map-description"),
            scale,
            legend_title: text("legend"),
            countries: map::world_50m(),
            outlines: area
                .districts
                .iter()
                .map(|d| Outline {
                    shape: d.shape.clone(),
                    label: None,
                })
                .collect(),
            markers: Vec::new(),
            padding_fraction: 0.05,
            words: map::words(&state.locales, locale),
        },
    )
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

impl PageForm {
    fn parse(&self) -> Result<(HotspotQuery, IncidentFilter), ApiError> {
        let num = |field: &str, v: &str| -> Result<Option<f64>, ApiError> {
            non_empty(v)
                .map(|s| {
                    s.parse::<f64>().map_err(|_| {
                        ApiError::invalid(
                            field,
                            crate::message::Message::new("refused-not-a-number"),
                        )
                    })
                })
                .transpose()
        };
        let q = HotspotQuery {
            resolution: num("resolution", &self.resolution)?.map(|v| v as u8),
            rings: num("rings", &self.rings)?.map(|v| v as u32),
            half_life_days: num("half_life_days", &self.half_life_days)?,
        };
        let filter = IncidentFilter {
            from_year: num("from_year", &self.from_year)?.map(|v| v as i32),
            to_year: num("to_year", &self.to_year)?.map(|v| v as i32),
            exploitation_type: non_empty(&self.exploitation_type),
            nationality: non_empty(&self.nationality),
            data_source: non_empty(&self.data_source),
            ..Default::default()
        };
        Ok((q, filter))
    }

    fn query_string(&self) -> String {
        serde_urlencoded::to_string(self).unwrap_or_default()
    }
}

pub(super) async fn hotspots_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Query(form): Query<PageForm>,
) -> Result<Response, PageError> {
    auth.require(Permission::Analyse)?;
    let (q, filter) = form.parse()?;
    let a = state
        .services
        .analyses()
        .hotspots(&auth.actor(), Via::Page, &q.params(), &filter)
        .await?;
    let locale = page_locale(&state, &headers, Some(&auth.user));
    let shown: Vec<(h3o::CellIndex, f64)> = a.cells.iter().map(|c| (c.cell, c.gi_z)).collect();
    let svg = z_score_map(&state, &locale, &shown, "hotspots");
    #[derive(Serialize)]
    struct Row {
        cell: String,
        count: String,
        records: u64,
        z: String,
        p: String,
        q: String,
        class: &'static str,
    }
    let mut ranked: Vec<&HotspotCell> = a
        .cells
        .iter()
        .filter(|c| c.records > 0 || c.class.is_hot())
        .collect();
    ranked.sort_by(|x, y| y.gi_z.total_cmp(&x.gi_z));
    let rows: Vec<Row> = ranked
        .iter()
        .take(50)
        .map(|c| Row {
            cell: c.cell.to_string(),
            count: format!("{:.1}", c.count),
            records: c.records,
            z: format!("{:.2}", c.gi_z),
            p: format!("{:.2e}", c.p_value),
            q: format!("{:.2e}", c.q_value),
            class: c.class.as_str(),
        })
        .collect();
    let hot = a.cells.iter().filter(|c| c.class.is_hot()).count();
    let cold = a.cells.iter().filter(|c| c.class.is_cold()).count();
    render_page(
        &state,
        &headers,
        &auth,
        "/analysis/hotspots",
        "hotspots.html",
        context! {
            svg,
            rows,
            hot,
            cold,
            cells => a.cells.len(),
            records => a.cells.iter().map(|c| c.records).sum::<u64>(),
            resolution => a.resolution,
            rings => a.rings,
            form,
            query => form_query(&form),
            types => state.config.vocabulary.exploitation_types.clone(),
            sources => state.config.vocabulary.data_sources.clone(),
        },
    )
}

/// The form's non-empty fields as a query string, for the export links.
fn form_query(form: &PageForm) -> String {
    url::form_urlencoded::parse(form.query_string().as_bytes())
        .filter(|(_, v)| !v.is_empty())
        .fold(
            url::form_urlencoded::Serializer::new(String::new()),
            |mut s, (k, v)| {
                s.append_pair(&k, &v);
                s
            },
        )
        .finish()
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct EmergingForm {
    #[serde(default)]
    resolution: String,
    #[serde(default)]
    step: String,
}

pub(super) async fn emerging_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Query(form): Query<EmergingForm>,
) -> Result<Response, PageError> {
    auth.require(Permission::Analyse)?;
    let q = EmergingQuery {
        resolution: form.resolution.trim().parse().ok(),
        step: (!form.step.trim().is_empty()).then(|| form.step.clone()),
        ..Default::default()
    };
    let result = state
        .services
        .analyses()
        .emerging(
            &auth.actor(),
            Via::Page,
            &q.params(),
            &IncidentFilter::default(),
        )
        .await?;
    let locale = page_locale(&state, &headers, Some(&auth.user));
    let shown: Vec<(h3o::CellIndex, f64)> =
        result.cells.iter().map(|c| (c.cell, c.last_z)).collect();
    let svg = z_score_map(&state, &locale, &shown, "emerging");
    #[derive(Serialize)]
    struct PatternCount {
        pattern: &'static str,
        cells: usize,
    }
    let counts: Vec<PatternCount> = Pattern::ALL
        .iter()
        .map(|p| PatternCount {
            pattern: p.as_str(),
            cells: result.cells.iter().filter(|c| c.pattern == *p).count(),
        })
        .filter(|c| c.cells > 0)
        .collect();
    #[derive(Serialize)]
    struct Row {
        cell: String,
        pattern: &'static str,
        records: u64,
        hot_steps: usize,
        last_z: String,
        tau: String,
        p: String,
    }
    let mut interesting: Vec<&crate::identify::analysis::space_time::EmergingCell> = result
        .cells
        .iter()
        .filter(|c| c.pattern != Pattern::NoPattern)
        .collect();
    interesting.sort_by(|a, b| b.last_z.total_cmp(&a.last_z));
    let rows: Vec<Row> = interesting
        .iter()
        .take(60)
        .map(|c| Row {
            cell: c.cell.to_string(),
            pattern: c.pattern.as_str(),
            records: c.records,
            hot_steps: c.hot_steps,
            last_z: format!("{:.2}", c.last_z),
            tau: format!("{:.2}", c.trend_tau),
            p: format!("{:.3}", c.trend_p),
        })
        .collect();
    render_page(
        &state,
        &headers,
        &auth,
        "/analysis/emerging",
        "emerging.html",
        context! {
            svg,
            counts,
            rows,
            steps => result.steps.len(),
            first => result.steps.first().cloned().unwrap_or_default(),
            last => result.steps.last().cloned().unwrap_or_default(),
            undated => result.undated,
            cells => result.cells.len(),
            resolution => q.resolution.unwrap_or(7),
            step => q.step.clone().unwrap_or_else(|| "month".into()),
        },
    )
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct RoutesForm {
    #[serde(default)]
    level: String,
    #[serde(default)]
    resolution: String,
}

pub(super) async fn routes_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Query(form): Query<RoutesForm>,
) -> Result<Response, PageError> {
    auth.require(Permission::Analyse)?;
    let q = RoutesQuery {
        level: (!form.level.trim().is_empty()).then(|| form.level.clone()),
        resolution: form.resolution.trim().parse().ok(),
    };
    let result = run_routes(&state, &auth, Via::Page, &q, &IncidentFilter::default()).await?;
    #[derive(Serialize)]
    struct Row {
        label: String,
        count: u64,
        nationalities: String,
        types: String,
    }
    let locale = page_locale(&state, &headers, Some(&auth.user));
    let separator = state.locales.format(&locale, "list-separator", None);
    // Nationalities are ISO 3166 codes, shown as they are (but "unknown" and "other" in words); exploitation
    // types are words of the locale files.
    let top = |v: &[(String, u64)], prefix: &str| {
        v.iter()
            .take(4)
            .map(|(k, n)| {
                if prefix == "nationality-"
                    && k.len() == 2
                    && k.chars().all(|c| c.is_ascii_uppercase())
                {
                    format!("{k} ({n})")
                } else {
                    let name = state.locales.format(&locale, &format!("{prefix}{k}"), None);
                    format!("{name} ({n})")
                }
            })
            .collect::<Vec<_>>()
            .join(&separator)
    };
    let rows: Vec<Row> = result
        .routes
        .iter()
        .take(100)
        .map(|r| Row {
            label: r.label(),
            count: r.count,
            nationalities: top(&r.nationalities, "nationality-"),
            types: top(&r.exploitation_types, "exploitation-"),
        })
        .collect();
    render_page(
        &state,
        &headers,
        &auth,
        "/analysis/routes",
        "routes.html",
        context! { rows, summary => result.summary, level => q.level.clone().unwrap_or_else(|| "country".into()) },
    )
}

/// The forecast page's form, as sent (empty fields mean the default, or "any").
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct ForecastForm {
    #[serde(default)]
    resolution: String,
    #[serde(default)]
    period: String,
    #[serde(default)]
    held_out: String,
    /// Percent of the study area flagged.
    #[serde(default)]
    area_percent: String,
    #[serde(default)]
    from_year: String,
    #[serde(default)]
    to_year: String,
    #[serde(default)]
    exploitation_type: String,
    #[serde(default)]
    nationality: String,
    #[serde(default)]
    data_source: String,
}

impl ForecastForm {
    fn parse(
        &self,
    ) -> Result<(crate::services::analyses::ForecastParams, IncidentFilter), ApiError> {
        let num = |field: &str, v: &str| -> Result<Option<f64>, ApiError> {
            non_empty(v)
                .map(|s| {
                    s.parse::<f64>()
                        .ok()
                        .filter(|x| x.is_finite())
                        .ok_or_else(|| {
                            ApiError::invalid(
                                field,
                                crate::message::Message::new("refused-not-a-number"),
                            )
                        })
                })
                .transpose()
        };
        let whole = |field: &str, v: &str| -> Result<Option<u32>, ApiError> {
            num(field, v)?
                .map(|x| {
                    (x.fract() == 0.0 && (0.0..=1e6).contains(&x))
                        .then_some(x as u32)
                        .ok_or_else(|| {
                            ApiError::invalid(
                                field,
                                crate::message::Message::new("refused-not-a-number"),
                            )
                        })
                })
                .transpose()
        };
        let params = crate::services::analyses::ForecastParams {
            resolution: whole("resolution", &self.resolution)?.map(|v| v.min(255) as u8),
            period: non_empty(&self.period),
            held_out: whole("held_out", &self.held_out)?,
            area_share: num("area_percent", &self.area_percent)?.map(|p| p / 100.0),
        };
        let filter = IncidentFilter {
            from_year: whole("from_year", &self.from_year)?.map(|v| v as i32),
            to_year: whole("to_year", &self.to_year)?.map(|v| v as i32),
            exploitation_type: non_empty(&self.exploitation_type),
            nationality: non_empty(&self.nationality),
            data_source: non_empty(&self.data_source),
            ..Default::default()
        };
        Ok((params, filter))
    }
}

/// A method's name and a candidate's description, as messages of the locale files.
fn candidate_words(
    state: &AppState,
    locale: &crate::content::i18n::LocaleId,
    c: &crate::identify::analysis::predict::Candidate,
) -> String {
    use crate::identify::analysis::predict::Candidate;
    let m = match *c {
        Candidate::LastPeriod => crate::message::Message::new("forecast-model-last-period"),
        Candidate::AllTime => crate::message::Message::new("forecast-model-all-time"),
        Candidate::Kde { bandwidth } => {
            crate::message::Message::new("forecast-model-kde").number("rings", bandwidth)
        }
        Candidate::Blend {
            half_life,
            recent,
            bandwidth,
        } => crate::message::Message::new("forecast-model-blend")
            .number("half_life", half_life)
            .number("recent", (recent * 100.0).round())
            .number("rings", bandwidth),
    };
    state.locales.render(locale, &m)
}

/// The analyst's forecast: the backtest on the stored incidents the filters choose, in words (does the
/// forecast beat each baseline here, and by how much), then the map it earned for the next period.
pub(super) async fn forecast_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Query(form): Query<ForecastForm>,
) -> Result<Response, PageError> {
    use crate::identify::analysis::predict::{self, Verdict};
    auth.require(Permission::Analyse)?;
    let locale = page_locale(&state, &headers, Some(&auth.user));
    let base = context! {
        form => &form,
        types => state.config.vocabulary.exploitation_types.clone(),
        sources => state.config.vocabulary.data_sources.clone(),
    };
    let (params, filter) = form.parse()?;
    let shown_resolution = params.resolution.unwrap_or(7);
    let shown_period = params.period.clone().unwrap_or_else(|| "month".into());
    let result = state
        .services
        .analyses()
        .forecast(
            &auth.actor(),
            crate::services::analyses::Via::Page,
            &params,
            &filter,
        )
        .await;
    let view = match result {
        Ok(v) => v,
        Err(e @ crate::services::ServiceError::Invalid { .. }) => {
            // Too little data for the filters chosen is an answer, not a bad request; a field out of
            // range is the request's fault.
            let about_the_data = matches!(
                &e,
                crate::services::ServiceError::Invalid {
                    reason: crate::message::Reason::Worded(m), ..
                } if ["forecast-error-no-points", "forecast-error-too-short", "forecast-error-no-training"]
                    .contains(&m.id.as_str())
            );
            let status = if about_the_data {
                axum::http::StatusCode::OK
            } else {
                axum::http::StatusCode::UNPROCESSABLE_ENTITY
            };
            let problem = crate::web::page::refusal(&state, &headers, &auth, &e);
            return crate::web::page::render_with_status(
                &state,
                &headers,
                &auth,
                "/analysis/forecast",
                "forecast.html",
                context! { ..base, ..context! { problem, resolution => shown_resolution, period => shown_period } },
                status,
            );
        }
        Err(e) => return Err(e.into()),
    };
    let e = &view.outlook.evaluation;
    let method_words = |method: &str| {
        state
            .locales
            .format(&locale, &format!("forecast-method-{method}"), None)
    };
    let fixed = |v: f64, places: usize| format!("{v:.places$}");
    let mut sentences: Vec<String> = vec![
        state.locales.render(
            &locale,
            &crate::message::Message::new("forecast-chosen")
                .text("model", candidate_words(&state, &locale, &e.chosen))
                .number("candidates", e.training.len() as f64)
                .number("origins", e.training_origins as f64)
                .text("until", &view.outlook.train_until)
                .text("kde", candidate_words(&state, &locale, &e.kde)),
        ),
    ];
    let m = &e.margin;
    sentences.push(
        state.locales.render(
            &locale,
            &crate::message::Message::new(if m.clearly_better {
                "forecast-margin-chosen"
            } else {
                "forecast-margin-not"
            })
            .text("blend", candidate_words(&state, &locale, &m.blend))
            .text("baseline", candidate_words(&state, &locale, &m.baseline))
            .text("difference", fixed(m.mean_difference, 2))
            .text("low", fixed(m.ci_low, 2))
            .text("high", fixed(m.ci_high, 2)),
        ),
    );
    #[derive(Serialize)]
    struct Verdicts {
        baseline: String,
        verdict: &'static str,
        text: String,
    }
    let verdicts: Vec<Verdicts> = e
        .comparisons
        .iter()
        .map(|c| {
            let id = match c.verdict {
                Verdict::Better => "forecast-verdict-better",
                Verdict::Tie => "forecast-verdict-tie",
                Verdict::Worse => "forecast-verdict-worse",
                Verdict::TooFew => "forecast-verdict-too-few",
            };
            let m = crate::message::Message::new(id)
                .text("baseline", method_words(&c.baseline))
                .number("periods", c.periods as f64)
                .number("min", predict::MIN_COMPARED as f64)
                .text("forecast_pai", fixed(c.forecast_pai.unwrap_or(0.0), 2))
                .text("baseline_pai", fixed(c.baseline_pai.unwrap_or(0.0), 2))
                .text("difference", fixed(c.mean_difference.unwrap_or(0.0), 2))
                .text("low", fixed(c.ci_low.unwrap_or(0.0), 2))
                .text("high", fixed(c.ci_high.unwrap_or(0.0), 2));
            Verdicts {
                baseline: c.baseline.clone(),
                verdict: match c.verdict {
                    Verdict::Better => "better",
                    Verdict::Tie => "tie",
                    Verdict::Worse => "worse",
                    Verdict::TooFew => "too-few",
                },
                text: state.locales.render(&locale, &m),
            }
        })
        .collect();
    let shown = if view.outlook.shown == predict::FORECAST {
        state.locales.render(
            &locale,
            &crate::message::Message::new("forecast-shown-forecast")
                .text("next", &view.outlook.next),
        )
    } else {
        state.locales.render(
            &locale,
            &crate::message::Message::new("forecast-shown-baseline")
                .text("baseline", method_words(view.outlook.shown))
                .text("next", &view.outlook.next),
        )
    };
    if e.single_cell {
        sentences.push(
            state
                .locales
                .format(&locale, "forecast-note-one-cell", None),
        );
    }
    if !e.empty_periods.is_empty() {
        sentences.push(
            state.locales.render(
                &locale,
                &crate::message::Message::new("forecast-note-empty")
                    .text("periods", e.empty_periods.join(", ")),
            ),
        );
    }
    if view.coarse > 0 {
        sentences.push(state.locales.render(
            &locale,
            &crate::message::Message::new("forecast-note-coarse").number("n", view.coarse as f64),
        ));
    }
    let top = view.outlook.cells.first().map_or(1.0, |c| c.1);
    let svg = cell_map(
        &state,
        &locale,
        &view.outlook.cells,
        "forecast",
        Scale::Sequential { min: 0.0, max: top },
    );
    #[derive(Serialize)]
    struct Row {
        period: String,
        method: String,
        hit_rate: String,
        pai: String,
        pei: String,
        rri: String,
    }
    let cell = |v: Option<f64>, places: usize| v.map(|v| fixed(v, places)).unwrap_or_default();
    let rows: Vec<Row> = e
        .rows
        .iter()
        .map(|r| Row {
            period: r.period.clone(),
            method: r.method.clone(),
            hit_rate: cell(r.hit_rate.map(|h| h * 100.0), 1),
            pai: cell(r.pai, 2),
            pei: cell(r.pei, 2),
            rri: cell(r.rri, 2),
        })
        .collect();
    crate::web::page::render_page(
        &state,
        &headers,
        &auth,
        "/analysis/forecast",
        "forecast.html",
        context! { ..base, ..context! {
            sentences,
            verdicts,
            shown,
            svg,
            rows,
            points => view.points,
            resolution => view.resolution,
            period => view.period,
            held_out => view.held_out,
            area_percent => view.area_share * 100.0,
            study_cells => e.study_cells,
            flagged_cells => e.flagged_cells,
            next => view.outlook.next,
        } },
    )
}
