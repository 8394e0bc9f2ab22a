//! The audience steps over the store, shared by the API, the pages, the command line and the demo: make a
//! region from any source, find its population and languages, compile its geo-targets, size and freeze
//! audiences. (Like `demo`, this is where a domain module meets the store; the steps themselves live in the
//! sibling modules, which know nothing of it.)

use std::collections::BTreeMap;

use h3o::{CellIndex, Resolution};
use serde::{Deserialize, Serialize};

use super::cellset::{CellSet, parse_cells};
use super::languages::{self, Cldr, CommunityShare, LanguageEvidence, LanguageSuggestion};
use super::population::PopulationGrid;
use super::regions::{fill, parse_region_with_notes};
use super::sizing::{self, AudienceEstimate, AudienceSpec};
use super::targets::{self, Circle, Compilation, Goals, Limits};
use crate::config::{AudienceConfig, PlatformLimitsConfig};
use crate::identify::analysis::hotspots::{analyse, tally_points};
use crate::store::audiences::{AudienceRow, PopulationLayer, RegionRow, Snapshot};
use crate::store::incidents::IncidentFilter;
use crate::store::{Store, StoreError};

/// Where a region's cells come from.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum RegionSource {
    /// A GeoJSON geometry, feature or feature collection of Polygons and MultiPolygons.
    Geojson {
        #[schema(value_type = Object)]
        geojson: serde_json::Value,
        /// The file's name, used in messages.
        #[serde(default)]
        file: Option<String>,
    },
    /// Districts of the shipped administrative areas (the demo's Fenland districts), by name.
    Districts { names: Vec<String> },
    /// Cells that are hot at `confidence` (90, 95 or 99) in a Gi* analysis of stored incidents, grown by
    /// `rings` rings of neighbours.
    Hotspots {
        confidence: u8,
        #[serde(default)]
        rings: u32,
        /// Resolution of the analysis (default 7).
        #[serde(default)]
        analysis_resolution: Option<u8>,
    },
    /// Cells picked by hand (H3 hex).
    Cells { cells: Vec<String> },
    /// Every cell in any of the regions.
    Union { regions: Vec<i64> },
    /// The cells in all of the regions.
    Intersection { regions: Vec<i64> },
}

/// A request for a new region.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegionRequest {
    pub name: String,
    /// H3 resolution to store it at (default `audience.resolution`).
    #[serde(default)]
    pub resolution: Option<u8>,
    pub source: RegionSource,
    /// Regions (exclusion zones) whose cells are taken out.
    #[serde(default)]
    pub exclude: Vec<i64>,
}

/// Why an audience step failed, for the edge to translate.
#[derive(Debug, thiserror::Error)]
pub enum AudienceFailure {
    #[error("{field}: {reason}")]
    Invalid { field: String, reason: String },
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("internal error: {0}")]
    Internal(String),
}

fn invalid(field: &str, reason: impl Into<String>) -> AudienceFailure {
    AudienceFailure::Invalid {
        field: field.into(),
        reason: reason.into(),
    }
}

fn resolution_of(value: u8, field: &str) -> Result<Resolution, AudienceFailure> {
    if !(4..=10).contains(&value) {
        return Err(invalid(
            field,
            format!("{value}: use an H3 resolution from 4 to 10"),
        ));
    }
    Resolution::try_from(value).map_err(|e| invalid(field, e.to_string()))
}

/// A stored region's cells.
pub async fn region_cells(store: &Store, region: &RegionRow) -> Result<CellSet, AudienceFailure> {
    let text = store
        .region_cells(region.id)
        .await?
        .ok_or_else(|| AudienceFailure::NotFound(format!("region {}", region.id)))?;
    let resolution = resolution_of(region.resolution, "resolution")?;
    CellSet::decode(resolution, &text).map_err(|e| AudienceFailure::Invalid {
        field: "cells".into(),
        reason: format!("stored region {} is damaged: {e}", region.id),
    })
}

async fn load_region(store: &Store, id: i64) -> Result<(RegionRow, CellSet), AudienceFailure> {
    let region = store
        .region_by_id(id)
        .await?
        .ok_or_else(|| AudienceFailure::NotFound(format!("region {id}")))?;
    let cells = region_cells(store, &region).await?;
    Ok((region, cells))
}

/// Fills a shape off the async threads (big regions take a while).
async fn fill_blocking(
    shape: geo::MultiPolygon<f64>,
    resolution: Resolution,
    cap: usize,
    source_name: String,
    field: &str,
) -> Result<Vec<CellIndex>, AudienceFailure> {
    tokio::task::spawn_blocking(move || fill(&shape, resolution, cap, &source_name))
        .await
        .map_err(|e| AudienceFailure::Internal(e.to_string()))?
        .map_err(|e| invalid(field, e.to_string()))
}

/// Makes and stores a region. Nothing is stored unless every step succeeds.
pub async fn create_region(
    store: &Store,
    config: &AudienceConfig,
    request: &RegionRequest,
    user: Option<i64>,
) -> Result<RegionRow, AudienceFailure> {
    let name = request.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(invalid(
            "name",
            "give the region a name (1 to 200 characters)",
        ));
    }
    if store.region_by_name(name).await?.is_some() {
        return Err(AudienceFailure::Conflict(format!(
            "a region named {name:?} exists already"
        )));
    }
    let resolution = resolution_of(
        request.resolution.unwrap_or(config.resolution),
        "resolution",
    )?;
    let cap = config.max_cells;
    let mut notes = Vec::new();
    let mut set = match &request.source {
        RegionSource::Geojson { geojson, file } => {
            let source_name = file.clone().unwrap_or_else(|| "the GeoJSON".into());
            let text = geojson.to_string();
            let (shape, parse_notes) = parse_region_with_notes(&text, &source_name)
                .map_err(|e| invalid("source.geojson", e.to_string()))?;
            notes.extend(parse_notes);
            let cells =
                fill_blocking(shape, resolution, cap, source_name, "source.geojson").await?;
            CellSet::from_filled(resolution, cells)
        }
        RegionSource::Districts { names } => {
            if names.is_empty() {
                return Err(invalid("source.names", "choose at least one district"));
            }
            let area = crate::demo::fenland_area();
            let mut polygons = Vec::new();
            for n in names {
                let d = area
                    .districts
                    .iter()
                    .find(|d| d.name.eq_ignore_ascii_case(n.trim()))
                    .ok_or_else(|| {
                        invalid(
                            "source.names",
                            format!(
                                "unknown district {n:?}: known are {}",
                                area.districts
                                    .iter()
                                    .map(|d| d.name.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        )
                    })?;
                polygons.extend(d.shape.0.iter().cloned());
            }
            let shape = geo::MultiPolygon(polygons);
            let cells =
                fill_blocking(shape, resolution, cap, "districts".into(), "source.names").await?;
            CellSet::from_filled(resolution, cells)
        }
        RegionSource::Hotspots {
            confidence,
            rings,
            analysis_resolution,
        } => {
            let classes: &[&str] = match confidence {
                99 => &["hot-99"],
                95 => &["hot-99", "hot-95"],
                90 => &["hot-99", "hot-95", "hot-90"],
                _ => return Err(invalid("source.confidence", "90, 95 or 99")),
            };
            if *rings > 10 {
                return Err(invalid("source.rings", "0 to 10 rings"));
            }
            let analysis = resolution_of(
                analysis_resolution.unwrap_or(7),
                "source.analysis_resolution",
            )?;
            let points = store.incident_points(&IncidentFilter::default()).await?;
            let today = time::OffsetDateTime::now_utc().date();
            let tally = tally_points(&points, analysis, None, today);
            let cells = tokio::task::spawn_blocking(move || analyse(&tally, 1))
                .await
                .map_err(|e| AudienceFailure::Internal(e.to_string()))?;
            let hot: Vec<CellIndex> = cells
                .iter()
                .filter(|c| classes.contains(&c.class.as_str()))
                .map(|c| c.cell)
                .collect();
            if hot.is_empty() {
                return Err(invalid(
                    "source.confidence",
                    format!("no cell is hot at {confidence}% confidence in the stored incidents"),
                ));
            }
            notes.push(format!(
                "{} cells hot at {confidence}% confidence (Gi*, resolution {}), grown by {rings} rings",
                hot.len(),
                u8::from(analysis)
            ));
            let grown = CellSet::from_filled(analysis, hot).grow(*rings);
            CellSet::at_resolution(resolution, grown.cells().iter().copied()).0
        }
        RegionSource::Cells { cells } => {
            if cells.is_empty() {
                return Err(invalid("source.cells", "pick at least one cell"));
            }
            let parsed = parse_cells(cells).map_err(|e| invalid("source.cells", e))?;
            let estimate: u64 = parsed
                .iter()
                .map(|c| {
                    if c.resolution() < resolution {
                        c.children_count(resolution)
                    } else {
                        1
                    }
                })
                .sum();
            if estimate > cap as u64 {
                return Err(invalid(
                    "source.cells",
                    format!(
                        "{estimate} cells at resolution {}, over the limit of {cap}",
                        u8::from(resolution)
                    ),
                ));
            }
            let (set, coarsened) = CellSet::at_resolution(resolution, parsed);
            if coarsened > 0 {
                notes.push(format!(
                    "{coarsened} cells finer than resolution {} were replaced by their parents",
                    u8::from(resolution)
                ));
            }
            set
        }
        RegionSource::Union { regions } | RegionSource::Intersection { regions } => {
            if regions.len() < 2 {
                return Err(invalid("source.regions", "name at least two regions"));
            }
            let union = matches!(request.source, RegionSource::Union { .. });
            let mut acc: Option<CellSet> = None;
            for id in regions {
                let (_, cells) = load_region(store, *id).await?;
                acc = Some(match acc {
                    None => cells,
                    Some(a) if union => a.union(&cells),
                    Some(a) => a.intersection(&cells),
                });
            }
            let acc = acc.expect("two regions at least");
            CellSet::at_resolution(resolution, acc.cells().iter().copied()).0
        }
    };
    for id in &request.exclude {
        let (excluded, cells) = load_region(store, *id).await?;
        let before = set.len();
        set = set.difference(&cells);
        let set_resolution = set.resolution();
        set = CellSet::at_resolution(resolution.min(set_resolution), set.cells().iter().copied()).0;
        notes.push(format!(
            "exclusion zone {:?} took out {} cells",
            excluded.name,
            before.saturating_sub(set.len())
        ));
    }
    let set = CellSet::at_resolution(resolution, set.cells().iter().copied()).0;
    if set.is_empty() {
        return Err(invalid(
            "source",
            "the region is empty (nothing is left once exclusions are taken out)",
        ));
    }
    if set.len() > cap {
        return Err(invalid(
            "resolution",
            format!(
                "the region holds {} cells at resolution {}, over the limit of {cap}; choose a coarser resolution",
                set.len(),
                u8::from(resolution)
            ),
        ));
    }
    let source = serde_json::json!({
        "request": match &request.source {
            RegionSource::Geojson { file, .. } => serde_json::json!({"kind": "geojson", "file": file}),
            other => serde_json::to_value(other).unwrap_or_default(),
        },
        "exclude": request.exclude,
    });
    let encoded = set.encode();
    let row = store
        .create_region(&crate::store::audiences::NewRegion {
            name,
            resolution: u8::from(resolution),
            source: &source,
            cells: &encoded,
            cell_count: set.len() as i64,
            area_km2: set.area_km2(),
            notes: &notes,
            created_by: user,
        })
        .await
        .map_err(|e| {
            if e.is_constraint_violation() {
                AudienceFailure::Conflict(format!("a region named {name:?} exists already"))
            } else {
                e.into()
            }
        })?;
    Ok(row)
}

/// Population of a region's cells, from a layer (the newest when `layer` is `None`).
pub struct RegionPopulation {
    pub layer: Option<PopulationLayer>,
    /// People per region cell (cells with nobody left out).
    pub per_cell: Vec<(CellIndex, f64)>,
    pub total: Option<f64>,
    /// The grid at the region's resolution, inside and outside it (for spill).
    pub grid: Option<PopulationGrid>,
}

pub async fn population(
    store: &Store,
    cells: &CellSet,
    layer: Option<i64>,
) -> Result<RegionPopulation, AudienceFailure> {
    let layers = store.list_population_layers().await?;
    let chosen = match layer {
        Some(id) => Some(
            layers
                .into_iter()
                .find(|l| l.id == id)
                .ok_or_else(|| AudienceFailure::NotFound(format!("population layer {id}")))?,
        ),
        None => layers.into_iter().next(),
    };
    let Some(chosen) = chosen else {
        return Ok(RegionPopulation {
            layer: None,
            per_cell: Vec::new(),
            total: None,
            grid: None,
        });
    };
    let text = store
        .population_layer_cells(chosen.id)
        .await?
        .unwrap_or_default();
    let layer_resolution = resolution_of(chosen.resolution, "layer.resolution")?;
    let grid = PopulationGrid::decode(layer_resolution, &text)
        .map_err(|e| invalid("population", e))?
        .at_resolution(cells.resolution());
    let per_cell: Vec<(CellIndex, f64)> = cells
        .cells()
        .iter()
        .map(|c| (*c, grid.get(*c)))
        .filter(|c| c.1 > 0.0)
        .collect();
    let total = per_cell.iter().map(|c| c.1).sum();
    Ok(RegionPopulation {
        layer: Some(chosen),
        per_cell,
        total: Some(total),
        grid: Some(grid),
    })
}

/// The region's language suggestions, with their evidence.
pub async fn languages(
    store: &Store,
    region: &RegionRow,
    cells: &CellSet,
    population_total: Option<f64>,
    available: &[String],
) -> Result<Vec<LanguageSuggestion>, AudienceFailure> {
    let shares = store.community_shares(region.id).await?;
    let mut region_nationalities: BTreeMap<String, u64> = BTreeMap::new();
    for (cell, nationality, n) in store.nationalities_by_cell().await? {
        let Ok(cell) = CellIndex::try_from(cell as u64) else {
            continue;
        };
        let Some(parent) = cell.parent(cells.resolution()) else {
            continue;
        };
        if cells.contains(parent) {
            *region_nationalities.entry(nationality).or_default() += n as u64;
        }
    }
    // The host country: the country of the nearest shipped GeoNames settlement.
    let host = host_country(cells).unwrap_or_else(|| "GB".to_string());
    let mut route_nationalities = BTreeMap::new();
    for row in store.country_routes(&IncidentFilter::default()).await? {
        if row.destination.as_deref() == Some(host.as_str())
            && let Some(n) = row.nationality
        {
            *route_nationalities.entry(n).or_default() += row.count as u64;
        }
    }
    let evidence = LanguageEvidence {
        population: population_total,
        host_country: Some(host),
        shares,
        region_nationalities,
        route_nationalities,
    };
    Ok(languages::suggest(Cldr::shipped(), &evidence, available))
}

/// The country of the region: the country of the nearest shipped GeoNames settlement to the first cell.
fn host_country(cells: &CellSet) -> Option<String> {
    let first = *cells.cells().first()?;
    let centre = h3o::LatLng::from(first);
    crate::demo::nearest_country(centre.lat(), centre.lng())
}

/// The platforms Beacon compiles geo-targets for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Meta,
    Google,
}

impl Platform {
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "meta" | "facebook" => Some(Self::Meta),
            "google" | "google-ads" => Some(Self::Google),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Meta => "meta",
            Self::Google => "google",
        }
    }

    pub fn limits(self, config: &AudienceConfig) -> PlatformLimitsConfig {
        match self {
            Self::Meta => config.meta,
            Self::Google => config.google,
        }
    }
}

/// A compilation with the platform's own request shape.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PlatformTargets {
    pub platform: Platform,
    pub targets: Vec<CircleOut>,
    pub excluded: Vec<CircleOut>,
    pub coverage: f64,
    pub spill: f64,
    pub count: usize,
    /// Circles the naive answer (one per compacted cell) would use.
    pub baseline: usize,
    pub goals_met: bool,
    pub notes: Vec<String>,
    /// What the platform's API takes (Meta: targeting geo_locations; Google: proximity criteria).
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CircleOut {
    pub latitude: f64,
    pub longitude: f64,
    pub radius_km: f64,
}

impl From<Circle> for CircleOut {
    fn from(c: Circle) -> Self {
        Self {
            latitude: c.latitude,
            longitude: c.longitude,
            radius_km: c.radius_km,
        }
    }
}

/// Compiles a cell set to a platform's targets. Without a population grid, area stands in for people.
pub fn compile_targets(
    cells: &CellSet,
    grid: Option<&PopulationGrid>,
    platform: Platform,
    config: &AudienceConfig,
) -> Result<PlatformTargets, AudienceFailure> {
    let l = platform.limits(config);
    let limits = Limits {
        max_targets: l.max_targets,
        max_excluded: l.max_excluded,
        min_radius_km: l.min_radius_km,
        max_radius_km: l.max_radius_km,
    };
    let goals = Goals {
        min_coverage: config.min_coverage,
        max_spill: config.max_spill,
    };
    let area = |c: CellIndex| c.area_km2();
    let people = |c: CellIndex| grid.map(|g| g.get(c)).unwrap_or(0.0);
    let population: &dyn Fn(CellIndex) -> f64 = if grid.is_some() { &people } else { &area };
    let mut compiled: Compilation = targets::compile(cells.cells(), population, &limits, &goals)
        .map_err(|e| invalid("region", e.to_string()))?;
    if grid.is_none() {
        compiled.notes.insert(
            0,
            "No population layer: area stands in for people, so empty land and sea count as spill."
                .to_string(),
        );
    }
    let payload = match platform {
        Platform::Meta => {
            let loc = |c: &Circle| {
                serde_json::json!({"latitude": c.latitude, "longitude": c.longitude,
                    "radius": c.radius_km, "distance_unit": "kilometer"})
            };
            let mut p = serde_json::json!({
                "geo_locations": {"custom_locations": compiled.targets.iter().map(loc).collect::<Vec<_>>()}
            });
            if !compiled.excluded.is_empty() {
                p["excluded_geo_locations"] = serde_json::json!({
                    "custom_locations": compiled.excluded.iter().map(loc).collect::<Vec<_>>()
                });
            }
            p
        }
        Platform::Google => {
            let crit = |c: &Circle, negative: bool| {
                serde_json::json!({"negative": negative, "proximity": {
                    "geo_point": {
                        "latitude_in_micro_degrees": (c.latitude * 1e6).round() as i64,
                        "longitude_in_micro_degrees": (c.longitude * 1e6).round() as i64},
                    "radius": c.radius_km, "radius_units": "KILOMETERS"}})
            };
            serde_json::Value::Array(
                compiled
                    .targets
                    .iter()
                    .map(|c| crit(c, false))
                    .chain(compiled.excluded.iter().map(|c| crit(c, true)))
                    .collect(),
            )
        }
    };
    Ok(PlatformTargets {
        platform,
        count: compiled.targets.len(),
        targets: compiled.targets.iter().copied().map(Into::into).collect(),
        excluded: compiled.excluded.iter().copied().map(Into::into).collect(),
        coverage: compiled.coverage,
        spill: compiled.spill,
        baseline: compiled.baseline,
        goals_met: compiled.goals_met,
        notes: compiled.notes,
        payload,
    })
}

/// A circle as a closed polygon ring of `n` points (for GeoJSON, KML and the map).
pub fn circle_polygon(c: &CircleOut, n: usize) -> geo::Polygon<f64> {
    use geo::Destination;
    let centre = geo::Point::new(c.longitude, c.latitude);
    let mut ring: Vec<geo::Coord<f64>> = (0..n)
        .map(|i| {
            let bearing = 360.0 * i as f64 / n as f64;
            geo::Haversine
                .destination(centre, bearing, c.radius_km * 1000.0)
                .0
        })
        .collect();
    ring.push(ring[0]);
    geo::Polygon::new(geo::LineString::new(ring), vec![])
}

/// The targets as a platform-neutral GeoJSON FeatureCollection of circle polygons.
pub fn targets_geojson(t: &PlatformTargets) -> serde_json::Value {
    let feature = |c: &CircleOut, role: &str| {
        let ring: Vec<[f64; 2]> = circle_polygon(c, 64)
            .exterior()
            .coords()
            .map(|p| [round6(p.x), round6(p.y)])
            .collect();
        serde_json::json!({"type": "Feature",
            "properties": {"role": role, "latitude": c.latitude, "longitude": c.longitude, "radius_km": c.radius_km},
            "geometry": {"type": "Polygon", "coordinates": [ring]}})
    };
    serde_json::json!({
        "type": "FeatureCollection",
        "properties": {"platform": t.platform.as_str(), "coverage": t.coverage, "spill": t.spill,
            "count": t.count, "notes": t.notes},
        "features": t.targets.iter().map(|c| feature(c, "target"))
            .chain(t.excluded.iter().map(|c| feature(c, "excluded"))).collect::<Vec<_>>()
    })
}

/// The targets as KML 2.2: one placemark per circle, drawn as a polygon.
pub fn targets_kml(t: &PlatformTargets, name: &str) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n",
    );
    out.push_str(&format!(
        "<name>{}</name>\n<description>{} {}: coverage {:.1}%, spill {:.1}%</description>\n",
        xml_escape(name),
        t.count,
        t.platform.as_str(),
        t.coverage * 100.0,
        t.spill * 100.0
    ));
    for (role, circles) in [("target", &t.targets), ("excluded", &t.excluded)] {
        for (i, c) in circles.iter().enumerate() {
            let coords: Vec<String> = circle_polygon(c, 64)
                .exterior()
                .coords()
                .map(|p| format!("{:.6},{:.6}", p.x, p.y))
                .collect();
            out.push_str(&format!(
                "<Placemark><name>{role} {}</name><description>{:.5}, {:.5}, radius {} km</description>\
                 <Polygon><outerBoundaryIs><LinearRing><coordinates>{}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>\n",
                i + 1,
                c.latitude,
                c.longitude,
                c.radius_km,
                coords.join(" ")
            ));
        }
    }
    out.push_str("</Document>\n</kml>\n");
    out
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn xml_escape(s: &str) -> std::borrow::Cow<'_, str> {
    crate::xml::escape(s)
}

/// Everything an audience view shows.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AudienceView {
    pub audience: AudienceRow,
    pub region: RegionRow,
    pub estimate: AudienceEstimate,
    pub languages: Vec<LanguageSuggestion>,
}

/// Creates an audience after checking its spec.
pub async fn create_audience(
    store: &Store,
    config: &AudienceConfig,
    mut spec: AudienceSpec,
    available: &[String],
    user: Option<i64>,
) -> Result<AudienceRow, AudienceFailure> {
    sizing::check_spec(&mut spec, available, config).map_err(|e| AudienceFailure::Invalid {
        field: e.field.into(),
        reason: e.reason,
    })?;
    store
        .region_by_id(spec.region_id)
        .await?
        .ok_or_else(|| invalid("region_id", format!("no region {}", spec.region_id)))?;
    let value = serde_json::to_value(&spec).unwrap_or_default();
    store
        .create_audience(&spec.name, spec.region_id, &value, user)
        .await
        .map_err(|e| {
            if e.is_constraint_violation() {
                AudienceFailure::Conflict(format!(
                    "an audience named {:?} exists already",
                    spec.name
                ))
            } else {
                e.into()
            }
        })
}

/// The audience with its current estimate.
pub async fn audience_view(
    store: &Store,
    config: &AudienceConfig,
    id: i64,
    available: &[String],
) -> Result<AudienceView, AudienceFailure> {
    let audience = store
        .audience_by_id(id)
        .await?
        .ok_or_else(|| AudienceFailure::NotFound(format!("audience {id}")))?;
    let spec: AudienceSpec = serde_json::from_value(audience.spec.clone())
        .map_err(|e| invalid("spec", format!("stored audience {id} is damaged: {e}")))?;
    let (region, cells) = load_region(store, audience.region_id).await?;
    let pop = population(store, &cells, None).await?;
    let languages = languages(store, &region, &cells, pop.total, available).await?;
    let source = pop
        .layer
        .as_ref()
        .map(|l| format!("population layer {:?}: {}", l.name, l.method))
        .unwrap_or_else(|| "no population layer".into());
    let estimate = sizing::estimate(&spec, pop.total, &source, &languages, config);
    Ok(AudienceView {
        audience,
        region,
        estimate,
        languages,
    })
}

/// Freezes the audience as it is now: the next version of its snapshot, holding the region's cells, the
/// population, the languages and the sizes.
pub async fn freeze(
    store: &Store,
    config: &AudienceConfig,
    id: i64,
    reason: &str,
    available: &[String],
    user: Option<i64>,
) -> Result<Snapshot, AudienceFailure> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(invalid(
            "reason",
            "say why it is frozen (e.g. the campaign it is scheduled for)",
        ));
    }
    let view = audience_view(store, config, id, available).await?;
    let cells = store
        .region_cells(view.region.id)
        .await?
        .unwrap_or_default();
    let body = serde_json::json!({
        "audience": view.audience,
        "region": view.region,
        "compacted_cells": cells,
        "estimate": view.estimate,
        "languages": view.languages,
    });
    Ok(store.freeze_audience(id, reason, &body, user).await?)
}

/// Sets a region's community shares after checking them.
pub async fn set_shares(
    store: &Store,
    region_id: i64,
    shares: &[CommunityShare],
) -> Result<(), AudienceFailure> {
    store
        .region_by_id(region_id)
        .await?
        .ok_or_else(|| AudienceFailure::NotFound(format!("region {region_id}")))?;
    for (i, s) in shares.iter().enumerate() {
        if !(0.0..=1.0).contains(&s.share) {
            return Err(invalid(
                &format!("shares[{i}].share"),
                "a share from 0 to 1",
            ));
        }
        let tag = s.locale.trim();
        if tag.is_empty()
            || tag.len() > 16
            || !tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Err(invalid(
                &format!("shares[{i}].locale"),
                format!("{tag:?} is not a language tag (e.g. lt, pl, pt-BR)"),
            ));
        }
        if s.source.trim().is_empty() {
            return Err(invalid(
                &format!("shares[{i}].source"),
                "say where the figure comes from",
            ));
        }
    }
    store.set_community_shares(region_id, shares).await?;
    Ok(())
}
