//! The audience builder pages for campaign staff: regions (made from every source, on a map with their
//! targets), population import, community shares, languages, audiences and freezing.

use crate::message::Message;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::available_locales;
use crate::accounts::Permission;
use crate::audience::cellset::CellSet;
use crate::audience::languages::{CommunityShare, format_count};
use crate::audience::platforms::{Platform, circle_polygon};
use crate::audience::records::RegionRow;
use crate::audience::sizing::AudienceSpec;
use crate::map::{self, MapOptions, Outline, Scale};
use crate::services::audiences::{
    PopulationImport, RegionDetail, RegionPlan, RegionPopulation, RegionRequest, RegionSource,
};
use crate::web::AppState;
use crate::web::auth::PageUser;
use crate::web::error::{ApiError, PageError};
use crate::web::page::{page_locale, render_page};

#[derive(Serialize)]
struct RegionListRow {
    id: i64,
    name: String,
    cells: i64,
    area: String,
    resolution: u8,
    kind: String,
}

pub async fn index_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
) -> Result<Response, PageError> {
    let overview = state.services.audiences().overview(&auth.actor()).await?;
    let regions: Vec<RegionListRow> = overview
        .regions
        .into_iter()
        .map(|r| RegionListRow {
            kind: r.source["request"]["kind"]
                .as_str()
                .unwrap_or("")
                .to_string(),
            id: r.id,
            name: r.name,
            cells: r.cell_count,
            area: format_count(r.area_km2),
            resolution: r.resolution,
        })
        .collect();
    let audiences = overview.audiences;
    let layers: Vec<_> = overview
        .layers
        .into_iter()
        .map(|l| {
            context! { name => l.name, kind => l.kind, resolution => l.resolution,
            total => format_count(l.total), cells => l.cell_count, method => l.method }
        })
        .collect();
    let area = &state.services.places.area;
    let districts: Vec<String> = area.districts.iter().map(|d| d.name.clone()).collect();
    // The picking map: every cell of the demo area at resolution 7, by LSOA density.
    let locale = page_locale(&state, &headers, Some(&auth.user));
    let picker = picker_map(&state, &locale);
    render_page(
        &state,
        &headers,
        &auth,
        "/audiences",
        "audiences.html",
        context! {
            regions, audiences, layers, districts, picker,
            can_plan => auth.user.role.can(Permission::PlanAudiences),
            default_resolution => state.config.audience.resolution,
        },
    )
}

fn picker_map(state: &AppState, locale: &crate::content::i18n::LocaleId) -> String {
    let area = &state.services.places.area;
    let shape = geo::MultiPolygon(
        area.districts
            .iter()
            .flat_map(|d| d.shape.0.iter().cloned())
            .collect(),
    );
    let cells = crate::audience::regions::fill(
        &shape,
        crate::places::MAP_RESOLUTION,
        100_000,
        "campaign area",
    )
    .unwrap_or_default();
    let counts: std::collections::HashMap<h3o::CellIndex, f64> =
        area.cells.iter().copied().collect();
    let values: Vec<(h3o::CellIndex, f64)> = cells
        .iter()
        .map(|c| (*c, counts.get(c).copied().unwrap_or(0.0)))
        .collect();
    let max = values.iter().map(|v| v.1).fold(1.0, f64::max);
    let mut options = MapOptions::new(
        state.locales.format(locale, "audience-picker-title", None),
        Scale::Sequential { min: 0.0, max },
    );
    options.width = 760;
    options.height = 560;
    options.legend_title = state.locales.format(locale, "map-demo-legend", None);
    options.words = crate::map::words(&state.locales, locale);
    options.description = cells_description(state, locale, values.len(), &options.legend_title);
    options.outlines = area
        .districts
        .iter()
        .map(|d| Outline {
            shape: d.shape.clone(),
            label: Some(d.name.clone()),
        })
        .collect();
    options.padding_fraction = 0.03;
    map::render_cells(&values, &options)
}

/// A multipart form's text fields, and the file in `file_field` as UTF-8 text (`None` when no file was
/// chosen).
pub async fn read_multipart(
    multipart: &mut Multipart,
    file_field: &str,
    default_name: &str,
) -> Result<(Vec<(String, String)>, Option<(String, String)>), ApiError> {
    let (fields, file) = crate::web::read_multipart_bytes(multipart, file_field).await?;
    let file = match file {
        Some((name, bytes)) => {
            let name = if name.is_empty() {
                default_name.to_string()
            } else {
                name
            };
            let text = String::from_utf8(bytes.to_vec()).map_err(|_| {
                ApiError::invalid(
                    file_field,
                    Message::new("refused-not-utf8").text("file", name.clone()),
                )
            })?;
            Some((name, text))
        }
        None => None,
    };
    Ok((fields, file))
}

/// The new-region form: fields and an optional file, as multipart.
pub async fn region_form(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let (fields, file) = read_multipart(&mut multipart, "geojson", "upload.geojson").await?;
    let get = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let all = |k: &str| -> Vec<String> {
        fields
            .iter()
            .filter(|(n, v)| n == k && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
            .collect()
    };
    auth.check_csrf(&get("csrf"))?;
    let ids = |k: &str| -> Result<Vec<i64>, ApiError> {
        all(k)
            .iter()
            .map(|v| {
                v.parse::<i64>().map_err(|_| {
                    ApiError::invalid(
                        k,
                        Message::new("refused-not-a-region").text("value", v.clone()),
                    )
                })
            })
            .collect()
    };
    let source = match get("kind").as_str() {
        "districts" => RegionSource::Districts {
            names: all("district"),
        },
        "geojson" => {
            let (file_name, text) = file
                .ok_or_else(|| ApiError::invalid("geojson", Message::new("refused-choose-file")))?;
            let geojson: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
                ApiError::invalid(
                    "geojson",
                    Message::new("refused-not-json")
                        .text("file", file_name.clone())
                        .number("line", e.line() as f64)
                        .number("column", e.column() as f64),
                )
            })?;
            RegionSource::Geojson {
                geojson,
                file: Some(file_name),
            }
        }
        "hotspots" => RegionSource::Hotspots {
            confidence: get("confidence").parse().unwrap_or(95),
            rings: get("rings").parse().unwrap_or(0),
            analysis_resolution: None,
        },
        "cells" => RegionSource::Cells {
            cells: get("cells")
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        },
        "union" => RegionSource::Union {
            regions: ids("regions")?,
        },
        "intersection" => RegionSource::Intersection {
            regions: ids("regions")?,
        },
        other => {
            return Err(ApiError::invalid(
                "kind",
                Message::new("refused-choice").text("value", other).text(
                    "choices",
                    "districts, geojson, hotspots, cells, union, intersection",
                ),
            )
            .into());
        }
    };
    let resolution = match get("resolution").as_str() {
        "" => None,
        r => Some(r.parse::<u8>().map_err(|_| {
            ApiError::invalid(
                "resolution",
                Message::new("refused-range")
                    .number("min", 4)
                    .number("max", 10),
            )
        })?),
    };
    let request = RegionRequest {
        name: get("name"),
        resolution,
        source,
        exclude: ids("exclude")?,
    };
    let row = state
        .services
        .audiences()
        .create_region(&auth.actor(), request)
        .await?;
    Ok(Redirect::to(&format!("/audiences/regions/{}", row.id)).into_response())
}

pub async fn population_form(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let (fields, file) = read_multipart(&mut multipart, "file", "population.csv").await?;
    let get = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    auth.check_csrf(&get("csrf"))?;
    let (file_name, text) = file
        .filter(|f| !f.1.is_empty())
        .ok_or_else(|| ApiError::invalid("file", Message::new("refused-choose-file")))?;
    let (name, format, country) = (get("name"), get("format"), get("country"));
    let import = PopulationImport {
        name: &name,
        format: &format,
        country: Some(country.as_str()).filter(|c| !c.is_empty()),
        resolution: None,
    };
    state
        .services
        .audiences()
        .import_population(&auth.actor(), &import, &text, &file_name)
        .await?;
    Ok(Redirect::to("/audiences").into_response())
}

#[derive(Debug, Deserialize)]
pub struct PlatformQuery {
    platform: Option<String>,
}

#[derive(Serialize)]
struct TargetSummary {
    platform: &'static str,
    count: usize,
    baseline: usize,
    coverage: String,
    spill: String,
    goals_met: bool,
    notes: Vec<String>,
    excluded: usize,
}

pub async fn region_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<PlatformQuery>,
) -> Result<Response, PageError> {
    let shown = q
        .platform
        .as_deref()
        .and_then(Platform::parse)
        .unwrap_or(Platform::Meta);
    let available = available_locales(&state);
    let plan = state
        .services
        .audiences()
        .region_plan(&auth.actor(), id, &available)
        .await?;
    let RegionPlan {
        detail:
            RegionDetail {
                region,
                cells,
                population: pop,
                shares,
            },
        languages,
        targets,
    } = plan;
    let locale = page_locale(&state, &headers, Some(&auth.user));
    let mut summaries = Vec::new();
    let mut circles = Vec::new();
    for t in targets {
        summaries.push(TargetSummary {
            platform: t.platform.as_str(),
            count: t.count,
            baseline: t.baseline,
            coverage: format!("{:.1}%", t.coverage * 100.0),
            spill: format!("{:.1}%", t.spill * 100.0),
            goals_met: t.goals_met,
            notes: state.locales.render_all(&locale, &t.notes),
            excluded: t.excluded.len(),
        });
        if t.platform == shown {
            circles = t
                .targets
                .iter()
                .map(|c| circle_polygon(c, 48))
                .chain(t.excluded.iter().map(|c| circle_polygon(c, 48)))
                .collect::<Vec<_>>();
        }
    }
    let svg = region_map(&state, &locale, &region, &cells, &pop, circles);
    #[derive(Serialize)]
    struct LangRow {
        locale: String,
        residents: String,
        victims_in_region: String,
        victims_on_routes: String,
        available: bool,
        sources: Vec<String>,
    }
    let language_rows: Vec<LangRow> = languages
        .iter()
        .map(|l| LangRow {
            locale: l.locale.clone(),
            residents: l.residents.map(format_count).unwrap_or_else(|| "–".into()),
            victims_in_region: format!("{:.1}", l.victims_in_region),
            victims_on_routes: format!("{:.1}", l.victims_on_routes),
            available: l.available,
            sources: state.locales.render_all(&locale, &l.sources),
        })
        .collect();
    let suggested: Vec<String> = languages
        .iter()
        .filter(|l| l.available)
        .take(2)
        .map(|l| l.locale.clone())
        .collect();
    render_page(
        &state,
        &headers,
        &auth,
        "/audiences",
        "region.html",
        context! {
            region => &region,
            area => format_count(region.area_km2),
            compacted => cells.compacted().len(),
            population => pop.total.map(format_count),
            layer => pop.layer.as_ref().map(|l| l.name.clone()),
            layer_method => pop.layer.as_ref().map(|l| l.method.clone()),
            svg,
            summaries,
            shown => shown.as_str(),
            languages => language_rows,
            shares,
            suggested,
            locales => available,
            age_bands => state.config.audience.age_bands.keys().cloned().collect::<Vec<_>>(),
            genders => state.config.audience.genders.keys().cloned().collect::<Vec<_>>(),
            can_plan => auth.user.role.can(Permission::PlanAudiences),
        },
    )
}

/// What a map of cells shows, for screen readers: `map-cells-description`.
fn cells_description(
    state: &AppState,
    locale: &crate::content::i18n::LocaleId,
    cells: usize,
    what: &str,
) -> String {
    use crate::content::i18n::ArgValue;
    state.locales.format_with(
        locale,
        "map-cells-description",
        &[
            ("cells", ArgValue::Number(cells as f64)),
            ("what", ArgValue::Text(what.to_string())),
        ],
    )
}

fn region_map(
    state: &AppState,
    locale: &crate::content::i18n::LocaleId,
    region: &RegionRow,
    cells: &CellSet,
    pop: &RegionPopulation,
    circles: Vec<geo::Polygon<f64>>,
) -> String {
    // Draw at most about 20,000 cells: coarser views of big regions.
    let mut shown = cells.clone();
    while shown.len() > 20_000 && u8::from(shown.resolution()) > 0 {
        let coarser = h3o::Resolution::try_from(u8::from(shown.resolution()) - 1)
            .unwrap_or(h3o::Resolution::Zero);
        shown = CellSet::at_resolution(coarser, shown.cells().iter().copied()).0;
    }
    let values: Vec<(h3o::CellIndex, f64)> = match &pop.grid {
        Some(grid) => {
            let g = grid.at_resolution(shown.resolution());
            shown.cells().iter().map(|c| (*c, g.get(*c))).collect()
        }
        None => shown.cells().iter().map(|c| (*c, 1.0)).collect(),
    };
    let max = values.iter().map(|v| v.1).fold(1.0, f64::max);
    let mut options = MapOptions::new(
        state.locales.format_with(
            locale,
            "region-map-title",
            &[(
                "name",
                crate::content::i18n::ArgValue::Text(region.name.clone()),
            )],
        ),
        Scale::Sequential { min: 0.0, max },
    );
    options.width = 760;
    options.height = 560;
    options.legend_title = state.locales.format(locale, "region-map-legend", None);
    options.words = crate::map::words(&state.locales, locale);
    options.description = cells_description(state, locale, values.len(), &options.legend_title);
    options.outlines = circles
        .into_iter()
        .map(|p| Outline {
            shape: geo::MultiPolygon(vec![p]),
            label: None,
        })
        .collect();
    options.padding_fraction = 0.05;
    map::render_cells(&values, &options)
}

pub async fn shares_form(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
    body: String,
) -> Result<Response, PageError> {
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    let csrf = pairs
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    auth.check_csrf(csrf)?;
    let column = |k: &str| -> Vec<String> {
        pairs
            .iter()
            .filter(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_string())
            .collect()
    };
    let (locales, percents, sources) = (column("locale"), column("percent"), column("source"));
    let mut shares = Vec::new();
    for (i, locale) in locales.iter().enumerate() {
        if locale.is_empty() {
            continue;
        }
        let raw = percents.get(i).cloned().unwrap_or_default();
        let percent: f64 = raw.replace('%', "").trim().parse().map_err(|_| {
            ApiError::invalid(
                &format!("shares[{i}].share"),
                Message::new("refused-not-percentage").text("value", raw.clone()),
            )
        })?;
        shares.push(CommunityShare {
            locale: locale.clone(),
            share: percent / 100.0,
            source: sources.get(i).cloned().unwrap_or_default(),
        });
    }
    state
        .services
        .audiences()
        .set_shares(&auth.actor(), id, &shares)
        .await?;
    Ok(Redirect::to(&format!("/audiences/regions/{id}")).into_response())
}

pub async fn audience_form(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    body: String,
) -> Result<Response, PageError> {
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let all = |k: &str| -> Vec<String> {
        pairs
            .iter()
            .filter(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .collect()
    };
    auth.check_csrf(&get("csrf"))?;
    let region_id: i64 = get("region_id")
        .parse()
        .map_err(|_| ApiError::invalid("region_id", Message::new("refused-choose-region")))?;
    let spec = AudienceSpec {
        name: get("name"),
        region_id,
        locales: all("locale"),
        age_bands: all("age_band"),
        genders: all("gender"),
    };
    let available = available_locales(&state);
    let view = state
        .services
        .audiences()
        .create_audience(&auth.actor(), spec, &available)
        .await?;
    Ok(Redirect::to(&format!("/audiences/{}", view.audience.id)).into_response())
}

pub async fn audience_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let available = available_locales(&state);
    let locale = page_locale(&state, &headers, Some(&auth.user));
    let (view, snapshots) = state
        .services
        .audiences()
        .audience_history(&auth.actor(), id, &available)
        .await?;
    #[derive(Serialize)]
    struct SizeRow {
        locale: String,
        speakers: String,
        size: String,
        basis: String,
    }
    let sizes: Vec<SizeRow> = view
        .estimate
        .sizes
        .iter()
        .map(|s| SizeRow {
            locale: s.locale.clone(),
            speakers: s.speakers.map(format_count).unwrap_or_else(|| "–".into()),
            size: s.size.map(format_count).unwrap_or_else(|| "–".into()),
            basis: state.locales.render(&locale, &s.basis),
        })
        .collect();
    let spec: AudienceSpec = serde_json::from_value(view.audience.spec.clone())
        .map_err(|e| ApiError::Internal(e.into()))?;
    let snapshot_rows: Vec<_> = snapshots
        .iter()
        .map(|s| context! { version => s.version, reason => s.reason.clone(), created_at => s.created_at })
        .collect();
    render_page(
        &state,
        &headers,
        &auth,
        "/audiences",
        "audience.html",
        context! {
            audience => &view.audience,
            region => &view.region,
            spec,
            sizes,
            inputs => state.locales.render_all(&locale, &view.estimate.inputs),
            population => view.estimate.region_population.map(format_count),
            snapshots => snapshot_rows,
            can_plan => auth.user.role.can(Permission::PlanAudiences),
        },
    )
}

#[derive(Deserialize)]
pub struct FreezeForm {
    csrf: String,
    reason: String,
}

pub async fn freeze_form(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<FreezeForm>,
) -> Result<Response, PageError> {
    auth.check_csrf(&form.csrf)?;
    let available = available_locales(&state);
    state
        .services
        .audiences()
        .freeze(&auth.actor(), id, &form.reason, &available)
        .await?;
    Ok(Redirect::to(&format!("/audiences/{id}")).into_response())
}
