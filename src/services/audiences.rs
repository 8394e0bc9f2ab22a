//! Audiences: regions from every source (GeoJSON, districts of the campaign area, hotspots, picked
//! cells, other regions, minus exclusion zones), population layers, community shares, language
//! suggestions, geo-targets in each platform's shape, audiences and their frozen snapshots. Called by the
//! audience API and pages, and the demo. Every command writes its state and its audit entry in one
//! transaction; a taken name is the unique constraint's field error, not a look-up first.
//!
//! Over 1,000 lines on purpose: one use case per region source and per audience step, each short and
//! each writing its own transaction; they share the parsing of region requests.

use std::collections::BTreeMap;

use h3o::{CellIndex, Resolution};
use serde::{Deserialize, Serialize};

use crate::accounts::Permission;
use crate::audience::cellset::{CellSet, parse_cells};
use crate::audience::languages::{
    self, Cldr, CommunityShare, LanguageEvidence, LanguageSuggestion, format_count,
};
use crate::audience::platforms::{Platform, PlatformTargets, compile_targets};
use crate::audience::population::{
    PopulationGrid, parse_grid_csv, parse_settlements, spread_settlements,
};
use crate::audience::records::{AudienceRow, PopulationLayer, RegionRow, Snapshot};
use crate::audience::regions::{RegionLimits, fill, region_from_value};
use crate::audience::sizing::{self, AudienceEstimate, AudienceSpec};
use crate::identify::analysis::hotspots::{analyse, tally_points};
use crate::identify::analysis::privacy::Tally;
use crate::identify::incidents::IncidentFilter;
use crate::message::Message;
use crate::store::audiences::{NewPopulationLayer, NewRegion};

use super::{Actor, AuditEvent, ServiceError, Services};

/// Where a region's cells come from.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum RegionSource {
    /// A GeoJSON geometry, feature or feature collection of Polygons and MultiPolygons.
    Geojson {
        geojson: serde_json::Value,
        /// The file's name, used in messages.
        #[serde(default)]
        file: Option<String>,
    },
    /// Districts of the campaign area (`[places]`; the demo's Fenland districts), by name.
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
#[derive(Debug, Clone, Serialize, Deserialize)]
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

/// Population of a region's cells, from a layer (the newest unless one is chosen).
#[derive(Debug, Clone)]
pub struct RegionPopulation {
    pub layer: Option<PopulationLayer>,
    /// People per region cell (cells with nobody left out).
    pub per_cell: Vec<(CellIndex, f64)>,
    pub total: Option<f64>,
    /// The grid at the region's resolution, inside and outside it (for spill).
    pub grid: Option<PopulationGrid>,
}

/// A region with its cells, population and configured community shares.
#[derive(Debug, Clone)]
pub struct RegionDetail {
    pub region: RegionRow,
    pub cells: CellSet,
    pub population: RegionPopulation,
    pub shares: Vec<CommunityShare>,
}

/// Everything the region's planning page shows: its detail, language suggestions, and its targets for
/// every platform (in [`Platform::ALL`] order).
#[derive(Debug, Clone)]
pub struct RegionPlan {
    pub detail: RegionDetail,
    pub languages: Vec<LanguageSuggestion>,
    pub targets: Vec<PlatformTargets>,
}

/// Everything an audience view shows.
#[derive(Debug, Clone, Serialize)]
pub struct AudienceView {
    pub audience: AudienceRow,
    pub region: RegionRow,
    pub estimate: AudienceEstimate,
    pub languages: Vec<LanguageSuggestion>,
}

/// The audience builder's index: every region, audience and population layer.
#[derive(Debug, Clone)]
pub struct Overview {
    pub regions: Vec<RegionRow>,
    pub audiences: Vec<AudienceRow>,
    pub layers: Vec<PopulationLayer>,
}

/// A population file to import, as the caller described it.
#[derive(Debug, Clone)]
pub struct PopulationImport<'a> {
    pub name: &'a str,
    /// `grid` (`h3,population` CSV, Kontur's format) or `geonames` (settlement points CSV).
    pub format: &'a str,
    /// For `geonames`: keep only this country (ISO alpha-2).
    pub country: Option<&'a str>,
    /// For `geonames`: H3 resolution to spread settlements at (default `audience.resolution`).
    pub resolution: Option<u8>,
}

/// A population layer already computed (the demo's estimate), to be stored as it is.
#[derive(Debug, Clone)]
pub struct ComputedLayer<'a> {
    pub name: &'a str,
    /// `grid` or `settlements`.
    pub kind: &'a str,
    pub source_name: &'a str,
    pub method: &'a str,
    pub grid: &'a PopulationGrid,
}

fn resolution_of(value: u8, field: &str) -> Result<Resolution, ServiceError> {
    if !(4..=10).contains(&value) {
        return Err(ServiceError::invalid(
            field,
            Message::new("refused-resolution")
                .number("value", value)
                .number("min", 4)
                .number("max", 10),
        ));
    }
    Ok(Resolution::try_from(value).expect("4 to 10 are H3 resolutions"))
}

fn invalid(field: &str, reason: impl Into<crate::message::Reason>) -> ServiceError {
    ServiceError::invalid(field, reason)
}

fn no_region(id: i64) -> ServiceError {
    ServiceError::NotFound(format!("no region {id}"))
}

fn no_audience(id: i64) -> ServiceError {
    ServiceError::NotFound(format!("no audience {id}"))
}

/// Fills a shape off the async threads (big regions take a while).
async fn fill_blocking(
    shape: geo::MultiPolygon<f64>,
    resolution: Resolution,
    cap: usize,
    source_name: String,
    field: &str,
) -> Result<Vec<CellIndex>, ServiceError> {
    tokio::task::spawn_blocking(move || fill(&shape, resolution, cap, &source_name))
        .await
        .map_err(|e| ServiceError::Internal(e.into()))?
        .map_err(|e| invalid(field, e.message()))
}

pub struct Audiences<'a>(pub(super) &'a Services);

impl Audiences<'_> {
    /// Makes and stores a region. Nothing is stored unless every step succeeds; the region and its
    /// audit entry are one transaction, and a taken name is a field error on `name`.
    #[tracing::instrument(skip_all, fields(name = %request.name))]
    pub async fn create_region(
        &self,
        actor: &Actor,
        mut request: RegionRequest,
    ) -> Result<RegionRow, ServiceError> {
        actor.require(Permission::PlanAudiences)?;
        let s = self.0;
        let config = &s.config.audience;
        let name = request.name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(invalid(
                "name",
                Message::new("refused-name-length").number("max", 200),
            ));
        }
        let resolution = resolution_of(
            request.resolution.unwrap_or(config.resolution),
            "resolution",
        )?;
        let cap = config.max_cells;
        let mut notes = Vec::new();
        // A GeoJSON body is moved to the blocking thread that reads it, and dropped there too.
        let body = match &mut request.source {
            RegionSource::Geojson { geojson, .. } => std::mem::take(geojson),
            _ => serde_json::Value::Null,
        };
        let mut set = match &request.source {
            RegionSource::Geojson { file, .. } => {
                let source_name = file.clone().unwrap_or_else(|| "the GeoJSON".into());
                // Reading, checking and filling run off the async threads, within the region limits.
                let geojson = body;
                let limits = RegionLimits {
                    max_vertices: config.max_region_vertices,
                    budget: Some(std::time::Duration::from_millis(config.region_check_ms)),
                };
                let (cells, parse_notes) = tokio::task::spawn_blocking(move || {
                    let (shape, notes) = region_from_value(&geojson, &source_name, limits)?;
                    drop(geojson);
                    fill(&shape, resolution, cap, &source_name).map(|cells| (cells, notes))
                })
                .await
                .map_err(|e| ServiceError::Internal(e.into()))?
                .map_err(|e| invalid("source.geojson", e.message()))?;
                notes.extend(parse_notes);
                CellSet::from_filled(resolution, cells)
            }
            RegionSource::Districts { names } => {
                if names.is_empty() {
                    return Err(invalid("source.names", Message::new("refused-no-district")));
                }
                let area = &s.places.area;
                let mut polygons = Vec::new();
                for n in names {
                    let d = area
                        .districts
                        .iter()
                        .find(|d| d.name.eq_ignore_ascii_case(n.trim()))
                        .ok_or_else(|| {
                            invalid(
                                "source.names",
                                Message::new("refused-unknown-district")
                                    .text("name", n.clone())
                                    .text(
                                        "known",
                                        area.districts
                                            .iter()
                                            .map(|d| d.name.as_str())
                                            .collect::<Vec<_>>()
                                            .join(", "),
                                    ),
                            )
                        })?;
                    polygons.extend(d.shape.0.iter().cloned());
                }
                let shape = geo::MultiPolygon(polygons);
                let cells =
                    fill_blocking(shape, resolution, cap, "districts".into(), "source.names")
                        .await?;
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
                    _ => {
                        return Err(invalid(
                            "source.confidence",
                            Message::new("refused-one-of").text("choices", "90, 95, 99"),
                        ));
                    }
                };
                if *rings > 10 {
                    return Err(invalid(
                        "source.rings",
                        Message::new("refused-range")
                            .number("min", 0)
                            .number("max", 10),
                    ));
                }
                let analysis = resolution_of(
                    analysis_resolution.unwrap_or(7),
                    "source.analysis_resolution",
                )?;
                let points = s.store.incident_points(&IncidentFilter::default()).await?;
                let today = s.clock.now().date();
                let tally = tally_points(&points, analysis, None, today);
                let cells = tokio::task::spawn_blocking(move || analyse(&tally, 1))
                    .await
                    .map_err(|e| ServiceError::Internal(e.into()))?;
                // The hot cells leave the analyst role as the region: they are shared no finer than
                // `privacy.shared_resolution`, and only where the records in them, as the disclosure
                // policy publishes them, reach k.
                let shared = Resolution::try_from(s.config.privacy.shared_resolution)
                    .map_err(|e| ServiceError::Internal(e.into()))?
                    .min(analysis);
                let mut records: std::collections::HashMap<CellIndex, Tally> =
                    std::collections::HashMap::new();
                for p in &points {
                    if let Some(c) = CellIndex::try_from(p.cell as u64)
                        .ok()
                        .and_then(|c| c.parent(shared))
                    {
                        records.entry(c).or_default().add(Tally::record(p.id));
                    }
                }
                let policy = s.disclosure().await?;
                let hot: std::collections::BTreeSet<CellIndex> = cells
                    .iter()
                    .filter(|c| classes.contains(&c.class.as_str()))
                    .filter_map(|c| c.cell.parent(shared))
                    .collect();
                let kept: Vec<CellIndex> = hot
                    .iter()
                    .copied()
                    .filter(|c| policy.publish(records.get(c).copied().unwrap_or_default()) > 0)
                    .collect();
                if kept.is_empty() {
                    return Err(invalid(
                        "source.confidence",
                        Message::new("refused-no-hot-area").number("confidence", *confidence),
                    ));
                }
                notes.push(
                    Message::new("region-note-hotspots")
                        .number("cells", kept.len() as f64)
                        .number("confidence", *confidence as f64)
                        .number("resolution", u8::from(analysis) as f64)
                        .number("shared", u8::from(shared) as f64)
                        .number("rings", *rings as f64),
                );
                let grown = CellSet::from_filled(shared, kept).grow(*rings);
                CellSet::at_resolution(resolution, grown.cells().iter().copied()).0
            }
            RegionSource::Cells { cells } => {
                if cells.is_empty() {
                    return Err(invalid("source.cells", Message::new("refused-no-cell")));
                }
                let parsed = parse_cells(cells).map_err(|(i, s)| {
                    invalid(
                        "source.cells",
                        Message::new("refused-not-a-cell")
                            .number("item", (i + 1) as f64)
                            .text("value", s),
                    )
                })?;
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
                        Message::new("refused-too-many-cells")
                            .number("cells", estimate as f64)
                            .number("resolution", u8::from(resolution))
                            .number("limit", cap as f64),
                    ));
                }
                let (set, coarsened) = CellSet::at_resolution(resolution, parsed);
                if coarsened > 0 {
                    notes.push(
                        Message::new("region-note-coarsened")
                            .number("cells", coarsened as f64)
                            .number("resolution", u8::from(resolution) as f64),
                    );
                }
                set
            }
            RegionSource::Union { regions } | RegionSource::Intersection { regions } => {
                if regions.len() < 2 {
                    return Err(invalid(
                        "source.regions",
                        Message::new("refused-two-regions"),
                    ));
                }
                let union = matches!(request.source, RegionSource::Union { .. });
                let mut acc: Option<CellSet> = None;
                for id in regions {
                    let (_, cells) = self.load_region(*id).await?;
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
            let (excluded, cells) = self.load_region(*id).await?;
            let before = set.len();
            set = set.difference(&cells);
            let set_resolution = set.resolution();
            set =
                CellSet::at_resolution(resolution.min(set_resolution), set.cells().iter().copied())
                    .0;
            notes.push(
                Message::new("region-note-excluded")
                    .text("zone", excluded.name.clone())
                    .number("cells", before.saturating_sub(set.len()) as f64),
            );
        }
        let set = CellSet::at_resolution(resolution, set.cells().iter().copied()).0;
        if set.is_empty() {
            return Err(invalid("source", Message::new("refused-empty-region")));
        }
        if set.len() > cap {
            return Err(invalid(
                "resolution",
                Message::new("refused-region-too-fine")
                    .number("cells", set.len() as f64)
                    .number("resolution", u8::from(resolution))
                    .number("limit", cap as f64),
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
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        let row = tx
            .create_region(
                &NewRegion {
                    name,
                    resolution: u8::from(resolution),
                    source: &source,
                    cells: &encoded,
                    cell_count: set.len() as i64,
                    area_km2: set.area_km2(),
                    notes: &notes,
                    created_by: actor.user_id(),
                },
                at,
            )
            .await?;
        let event = AuditEvent::RegionCreated {
            region_id: row.id,
            cell_count: row.cell_count,
            resolution: row.resolution,
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        Ok(row)
    }

    #[tracing::instrument(skip_all)]
    pub async fn list_regions(&self, actor: &Actor) -> Result<Vec<RegionRow>, ServiceError> {
        actor.require(Permission::ReadAudiences)?;
        Ok(self.0.store.list_regions().await?)
    }

    /// The region and its cells.
    #[tracing::instrument(skip_all)]
    pub async fn region_cells(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<(RegionRow, CellSet), ServiceError> {
        actor.require(Permission::ReadAudiences)?;
        self.load_region(id).await
    }

    /// The region with its population (from the newest layer) and community shares.
    #[tracing::instrument(skip_all)]
    pub async fn region_detail(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<RegionDetail, ServiceError> {
        actor.require(Permission::ReadAudiences)?;
        self.detail(id, None).await
    }

    /// The region's population from `layer` (the newest when `None`).
    #[tracing::instrument(skip_all)]
    pub async fn population(
        &self,
        actor: &Actor,
        id: i64,
        layer: Option<i64>,
    ) -> Result<RegionPopulation, ServiceError> {
        actor.require(Permission::ReadAudiences)?;
        let (_, cells) = self.load_region(id).await?;
        self.population_of(&cells, layer).await
    }

    /// Deletes a region no audience uses; the deletion and its audit entry are one transaction.
    #[tracing::instrument(skip_all, fields(region_id = id))]
    pub async fn delete_region(&self, actor: &Actor, id: i64) -> Result<(), ServiceError> {
        actor.require(Permission::PlanAudiences)?;
        let s = self.0;
        let region = s
            .store
            .region_by_id(id)
            .await?
            .ok_or_else(|| no_region(id))?;
        if let Some(a) = s
            .store
            .list_audiences()
            .await?
            .iter()
            .find(|a| a.region_id == id)
        {
            return Err(ServiceError::Conflict(
                Message::new("refused-region-in-use-by")
                    .number("id", id as f64)
                    .text("audience", a.name.clone())
                    .into(),
            ));
        }
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        match tx.delete_region(id).await {
            Ok(true) => {}
            Ok(false) => return Err(no_region(id)),
            Err(e) if e.is_constraint_violation() => {
                return Err(ServiceError::Conflict(
                    Message::new("refused-region-in-use")
                        .number("id", id as f64)
                        .into(),
                ));
            }
            Err(e) => return Err(e.into()),
        }
        let event = AuditEvent::RegionDeleted {
            region_id: id,
            name: region.name,
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The region's configured community shares.
    #[tracing::instrument(skip_all)]
    pub async fn shares(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<Vec<CommunityShare>, ServiceError> {
        actor.require(Permission::ReadAudiences)?;
        let s = self.0;
        s.store
            .region_by_id(id)
            .await?
            .ok_or_else(|| no_region(id))?;
        Ok(s.store.community_shares(id).await?)
    }

    /// Replaces a region's community shares after checking them; returns them as stored.
    #[tracing::instrument(skip_all, fields(region_id, shares = shares.len()))]
    pub async fn set_shares(
        &self,
        actor: &Actor,
        region_id: i64,
        shares: &[CommunityShare],
    ) -> Result<Vec<CommunityShare>, ServiceError> {
        actor.require(Permission::PlanAudiences)?;
        let s = self.0;
        s.store
            .region_by_id(region_id)
            .await?
            .ok_or_else(|| no_region(region_id))?;
        for (i, share) in shares.iter().enumerate() {
            if !(0.0..=1.0).contains(&share.share) {
                return Err(invalid(
                    &format!("shares[{i}].share"),
                    Message::new("refused-share"),
                ));
            }
            let tag = share.locale.trim();
            if tag.is_empty()
                || tag.len() > 16
                || !tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            {
                return Err(invalid(
                    &format!("shares[{i}].locale"),
                    Message::new("refused-language-tag").text("tag", tag),
                ));
            }
            if share.source.trim().is_empty() {
                return Err(invalid(
                    &format!("shares[{i}].source"),
                    Message::new("refused-no-source"),
                ));
            }
        }
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        tx.set_community_shares(region_id, shares).await?;
        let event = AuditEvent::SharesSet {
            region_id,
            locales: shares.iter().map(|x| x.locale.clone()).collect(),
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        Ok(s.store.community_shares(region_id).await?)
    }

    /// The region's suggested locales, ranked by estimated speakers, each with its sources.
    #[tracing::instrument(skip_all)]
    pub async fn languages(
        &self,
        actor: &Actor,
        id: i64,
        available: &[String],
    ) -> Result<Vec<LanguageSuggestion>, ServiceError> {
        actor.require(Permission::ReadAudiences)?;
        let (region, cells) = self.load_region(id).await?;
        let pop = self.population_of(&cells, None).await?;
        self.languages_of(&region, &cells, pop.total, available)
            .await
    }

    /// The region compiled to one platform's targets, with people from `layer` (the newest when `None`).
    #[tracing::instrument(skip_all)]
    pub async fn targets(
        &self,
        actor: &Actor,
        id: i64,
        platform: Platform,
        layer: Option<i64>,
    ) -> Result<(RegionRow, PlatformTargets), ServiceError> {
        actor.require(Permission::ReadAudiences)?;
        let (region, cells) = self.load_region(id).await?;
        let pop = self.population_of(&cells, layer).await?;
        let mut compiled = self.compile(cells, pop.grid, &[platform]).await?;
        Ok((region, compiled.remove(0)))
    }

    /// The region with its languages and its targets for every platform.
    #[tracing::instrument(skip_all)]
    pub async fn region_plan(
        &self,
        actor: &Actor,
        id: i64,
        available: &[String],
    ) -> Result<RegionPlan, ServiceError> {
        actor.require(Permission::ReadAudiences)?;
        let detail = self.detail(id, None).await?;
        let languages = self
            .languages_of(
                &detail.region,
                &detail.cells,
                detail.population.total,
                available,
            )
            .await?;
        let targets = self
            .compile(
                detail.cells.clone(),
                detail.population.grid.clone(),
                &Platform::ALL,
            )
            .await?;
        Ok(RegionPlan {
            detail,
            languages,
            targets,
        })
    }

    /// Population layers, newest first.
    #[tracing::instrument(skip_all)]
    pub async fn population_layers(
        &self,
        actor: &Actor,
    ) -> Result<Vec<PopulationLayer>, ServiceError> {
        actor.require(Permission::ReadAudiences)?;
        Ok(self.0.store.list_population_layers().await?)
    }

    /// Parses a population file and stores it as a layer (all or nothing).
    #[tracing::instrument(skip_all, fields(format = import.format, bytes = text.len()))]
    pub async fn import_population(
        &self,
        actor: &Actor,
        import: &PopulationImport<'_>,
        text: &str,
        source_name: &str,
    ) -> Result<PopulationLayer, ServiceError> {
        actor.require(Permission::PlanAudiences)?;
        let config = &self.0.config.audience;
        check_layer_name(import.name)?;
        let (kind, method, grid) = match import.format {
            "grid" => {
                let grid =
                    parse_grid_csv(text, source_name).map_err(|e| invalid("file", e.message()))?;
                (
                    "grid",
                    "people per cell as given (h3,population)".to_string(),
                    grid,
                )
            }
            "geonames" => {
                let settlements = parse_settlements(text, source_name, import.country)
                    .map_err(|e| invalid("file", e.message()))?;
                let resolution =
                    resolution_of(import.resolution.unwrap_or(config.resolution), "resolution")?;
                let density = config.settlement_density_per_km2;
                let n = settlements.len();
                let grid = tokio::task::spawn_blocking(move || {
                    spread_settlements(&settlements, resolution, density)
                })
                .await
                .map_err(|e| ServiceError::Internal(e.into()))?;
                (
                    "settlements",
                    format!(
                        "{n} settlements, each spread over a disc of its population / {density} people per km², weighted 1 − (d/r)²"
                    ),
                    grid,
                )
            }
            other => {
                return Err(invalid(
                    "format",
                    Message::new("refused-choice")
                        .text("value", other)
                        .text("choices", "grid, geonames"),
                ));
            }
        };
        self.store_layer(
            actor,
            &ComputedLayer {
                name: import.name,
                kind,
                source_name,
                method: &method,
                grid: &grid,
            },
        )
        .await
    }

    /// Stores a population layer computed elsewhere (the demo's estimate).
    #[tracing::instrument(skip_all)]
    pub async fn add_population_layer(
        &self,
        actor: &Actor,
        layer: &ComputedLayer<'_>,
    ) -> Result<PopulationLayer, ServiceError> {
        actor.require(Permission::PlanAudiences)?;
        check_layer_name(layer.name)?;
        self.store_layer(actor, layer).await
    }

    async fn store_layer(
        &self,
        actor: &Actor,
        layer: &ComputedLayer<'_>,
    ) -> Result<PopulationLayer, ServiceError> {
        let s = self.0;
        let grid = layer.grid;
        let encoded = grid.encode();
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        let stored = tx
            .create_population_layer(
                &NewPopulationLayer {
                    name: layer.name.trim(),
                    kind: layer.kind,
                    resolution: grid.resolution().map(u8::from).unwrap_or(0),
                    source_name: layer.source_name,
                    method: layer.method,
                    total: grid.total(),
                    cell_count: grid.len() as i64,
                    cells: &encoded,
                    created_by: actor.user_id(),
                },
                at,
            )
            .await?;
        let event = AuditEvent::PopulationImported {
            layer_id: stored.id,
            cell_count: stored.cell_count,
            people: format_count(stored.total),
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        Ok(stored)
    }

    /// Creates an audience after checking its spec; returns it with its current estimate. A taken name
    /// is a field error on `name`.
    #[tracing::instrument(skip_all, fields(region_id = spec.region_id))]
    pub async fn create_audience(
        &self,
        actor: &Actor,
        mut spec: AudienceSpec,
        available: &[String],
    ) -> Result<AudienceView, ServiceError> {
        actor.require(Permission::PlanAudiences)?;
        let s = self.0;
        sizing::check_spec(&mut spec, available, &s.config.audience)
            .map_err(|e| invalid(e.field, e.reason))?;
        s.store.region_by_id(spec.region_id).await?.ok_or_else(|| {
            invalid(
                "region_id",
                Message::new("refused-no-region").number("id", spec.region_id as f64),
            )
        })?;
        let value = serde_json::to_value(&spec).map_err(|e| ServiceError::Internal(e.into()))?;
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        let row = tx
            .create_audience(&spec.name, spec.region_id, &value, actor.user_id(), at)
            .await?;
        let event = AuditEvent::AudienceCreated {
            audience_id: row.id,
            name: row.name.clone(),
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        self.view(row.id, available).await
    }

    #[tracing::instrument(skip_all)]
    pub async fn list_audiences(&self, actor: &Actor) -> Result<Vec<AudienceRow>, ServiceError> {
        actor.require(Permission::ReadAudiences)?;
        Ok(self.0.store.list_audiences().await?)
    }

    /// The audience with its current estimate.
    #[tracing::instrument(skip_all)]
    pub async fn audience(
        &self,
        actor: &Actor,
        id: i64,
        available: &[String],
    ) -> Result<AudienceView, ServiceError> {
        actor.require(Permission::ReadAudiences)?;
        self.view(id, available).await
    }

    /// The audience with its current estimate and its snapshots, newest first.
    #[tracing::instrument(skip_all)]
    pub async fn audience_history(
        &self,
        actor: &Actor,
        id: i64,
        available: &[String],
    ) -> Result<(AudienceView, Vec<Snapshot>), ServiceError> {
        actor.require(Permission::ReadAudiences)?;
        let view = self.view(id, available).await?;
        let snapshots = self.0.store.snapshots(id).await?;
        Ok((view, snapshots))
    }

    /// Freezes the audience as it is now: the next version of its snapshot, holding the region's cells,
    /// the population, the languages and the sizes. The snapshot and its audit entry are one transaction.
    #[tracing::instrument(skip_all, fields(audience_id = id))]
    pub async fn freeze(
        &self,
        actor: &Actor,
        id: i64,
        reason: &str,
        available: &[String],
    ) -> Result<Snapshot, ServiceError> {
        actor.require(Permission::PlanAudiences)?;
        let s = self.0;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(invalid("reason", Message::new("refused-no-freeze-reason")));
        }
        let view = self.view(id, available).await?;
        let cells = s
            .store
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
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        let snapshot = tx
            .freeze_audience(id, reason, &body, actor.user_id(), at)
            .await?
            .ok_or_else(|| no_audience(id))?;
        let event = AuditEvent::AudienceFrozen {
            audience_id: id,
            version: snapshot.version,
            reason: reason.to_string(),
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        Ok(snapshot)
    }

    /// An audience's snapshots, newest first.
    #[tracing::instrument(skip_all)]
    pub async fn snapshots(&self, actor: &Actor, id: i64) -> Result<Vec<Snapshot>, ServiceError> {
        actor.require(Permission::ReadAudiences)?;
        let s = self.0;
        s.store
            .audience_by_id(id)
            .await?
            .ok_or_else(|| no_audience(id))?;
        Ok(s.store.snapshots(id).await?)
    }

    /// Every region, audience and population layer.
    #[tracing::instrument(skip_all)]
    pub async fn overview(&self, actor: &Actor) -> Result<Overview, ServiceError> {
        actor.require(Permission::ReadAudiences)?;
        let store = &self.0.store;
        Ok(Overview {
            regions: store.list_regions().await?,
            audiences: store.list_audiences().await?,
            layers: store.list_population_layers().await?,
        })
    }

    // -----------------------------------------------------------------------------------------------------
    // Steps shared by the use cases above (no permission checks of their own).
    // -----------------------------------------------------------------------------------------------------

    /// A frozen snapshot's targets on one platform: compiled from the cells frozen in it (not the region's
    /// cells as they are now), weighted by the newest population layer. Refused, naming `snapshot_id`,
    /// when the platform's limits cannot hold them.
    pub async fn snapshot_targets(
        &self,
        snapshot_id: i64,
        platform: Platform,
    ) -> Result<PlatformTargets, ServiceError> {
        let cells = self.snapshot_cells(snapshot_id).await?;
        let pop = self.population_of(&cells, None).await?;
        let mut compiled =
            self.compile(cells, pop.grid, &[platform])
                .await
                .map_err(|e| match e {
                    ServiceError::Invalid { reason, .. } => ServiceError::Invalid {
                        field: "snapshot_id".into(),
                        reason,
                    },
                    other => other,
                })?;
        Ok(compiled.remove(0))
    }

    /// The cells frozen in a snapshot (not the region's cells as they are now).
    pub async fn snapshot_cells(&self, snapshot_id: i64) -> Result<CellSet, ServiceError> {
        let snapshot =
            self.0.store.snapshot(snapshot_id).await?.ok_or_else(|| {
                ServiceError::NotFound(format!("no audience snapshot {snapshot_id}"))
            })?;
        let damaged = |what: &str| {
            ServiceError::Internal(anyhow::anyhow!(
                "audience snapshot {snapshot_id} is damaged: {what}"
            ))
        };
        let resolution = snapshot.body["region"]["resolution"]
            .as_u64()
            .and_then(|r| u8::try_from(r).ok())
            .ok_or_else(|| damaged("no resolution"))?;
        let resolution =
            resolution_of(resolution, "resolution").map_err(|_| damaged("resolution"))?;
        let text = snapshot.body["compacted_cells"]
            .as_str()
            .ok_or_else(|| damaged("no cells"))?;
        CellSet::decode(resolution, text).map_err(|e| damaged(&e.to_string()))
    }

    /// The people in each cell frozen in a snapshot (cells with nobody left out), from the newest
    /// population layer; empty without one.
    pub(crate) async fn snapshot_population(
        &self,
        snapshot_id: i64,
    ) -> Result<Vec<(CellIndex, f64)>, ServiceError> {
        let cells = self.snapshot_cells(snapshot_id).await?;
        Ok(self.population_of(&cells, None).await?.per_cell)
    }

    pub(crate) async fn load_region(&self, id: i64) -> Result<(RegionRow, CellSet), ServiceError> {
        let store = &self.0.store;
        let region = store.region_by_id(id).await?.ok_or_else(|| no_region(id))?;
        let text = store.region_cells(id).await?.ok_or_else(|| no_region(id))?;
        let resolution = resolution_of(region.resolution, "resolution")?;
        let cells = CellSet::decode(resolution, &text).map_err(|e| {
            ServiceError::Internal(anyhow::anyhow!("stored region {id} is damaged: {e}"))
        })?;
        Ok((region, cells))
    }

    /// The audience with its current estimate.
    async fn view(&self, id: i64, available: &[String]) -> Result<AudienceView, ServiceError> {
        let s = self.0;
        let audience = s
            .store
            .audience_by_id(id)
            .await?
            .ok_or_else(|| no_audience(id))?;
        let spec: AudienceSpec = serde_json::from_value(audience.spec.clone()).map_err(|e| {
            ServiceError::Internal(anyhow::anyhow!("stored audience {id} is damaged: {e}"))
        })?;
        let (region, cells) = self.load_region(audience.region_id).await?;
        let pop = self.population_of(&cells, None).await?;
        let languages = self
            .languages_of(&region, &cells, pop.total, available)
            .await?;
        let layer = pop
            .layer
            .as_ref()
            .map(|l| (l.name.as_str(), l.method.as_str()));
        let estimate = sizing::estimate(&spec, pop.total, layer, &languages, &s.config.audience);
        Ok(AudienceView {
            audience,
            region,
            estimate,
            languages,
        })
    }

    async fn detail(&self, id: i64, layer: Option<i64>) -> Result<RegionDetail, ServiceError> {
        let (region, cells) = self.load_region(id).await?;
        let population = self.population_of(&cells, layer).await?;
        let shares = self.0.store.community_shares(id).await?;
        Ok(RegionDetail {
            region,
            cells,
            population,
            shares,
        })
    }

    async fn population_of(
        &self,
        cells: &CellSet,
        layer: Option<i64>,
    ) -> Result<RegionPopulation, ServiceError> {
        let store = &self.0.store;
        let layers = store.list_population_layers().await?;
        let chosen = match layer {
            Some(id) => Some(
                layers
                    .into_iter()
                    .find(|l| l.id == id)
                    .ok_or_else(|| ServiceError::NotFound(format!("no population layer {id}")))?,
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
            .map_err(|e| ServiceError::Internal(anyhow::anyhow!(e)))?
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
    async fn languages_of(
        &self,
        region: &RegionRow,
        cells: &CellSet,
        population_total: Option<f64>,
        available: &[String],
    ) -> Result<Vec<LanguageSuggestion>, ServiceError> {
        let store = &self.0.store;
        let shares = store.community_shares(region.id).await?;
        // Victims' nationalities in the region and on routes into its country leave the analyst role here:
        // each count goes through the disclosure policy, so no region, however small, shows fewer than k.
        let policy = self.0.disclosure().await?;
        let mut in_region: BTreeMap<String, Tally> = BTreeMap::new();
        for (cell, nationality, t) in store.nationalities_by_cell().await? {
            let Ok(cell) = CellIndex::try_from(cell as u64) else {
                continue;
            };
            let Some(parent) = cell.parent(cells.resolution()) else {
                continue;
            };
            if cells.contains(parent) {
                in_region.entry(nationality).or_default().add(t);
            }
        }
        let published = |tallies: Vec<(String, Tally)>| -> BTreeMap<String, u64> {
            tallies
                .into_iter()
                .map(|(n, t)| (n, policy.publish(t)))
                .filter(|(_, v)| *v > 0)
                .collect()
        };
        let region_nationalities = published(in_region.into_iter().collect());
        // The host country: the country of the nearest settlement in the gazetteer.
        let host = self.host_country(cells).unwrap_or_else(|| "GB".to_string());
        let route_nationalities = published(store.nationalities_to(&host).await?);
        let evidence = LanguageEvidence {
            population: population_total,
            host_country: Some(host),
            shares,
            region_nationalities,
            route_nationalities,
        };
        Ok(languages::suggest(Cldr::shipped(), &evidence, available))
    }

    /// The country of the region: the country of the gazetteer's nearest settlement to its first cell.
    fn host_country(&self, cells: &CellSet) -> Option<String> {
        let first = *cells.cells().first()?;
        let centre = h3o::LatLng::from(first);
        self.0
            .places
            .gazetteer
            .nearest_country(centre.lat(), centre.lng())
    }

    /// Compiles the cells for each platform, off the async threads.
    async fn compile(
        &self,
        cells: CellSet,
        grid: Option<PopulationGrid>,
        platforms: &[Platform],
    ) -> Result<Vec<PlatformTargets>, ServiceError> {
        let config = self.0.config.audience.clone();
        let platforms = platforms.to_vec();
        let compiled = tokio::task::spawn_blocking(move || {
            platforms
                .into_iter()
                .map(|p| compile_targets(&cells, grid.as_ref(), p, &config))
                .collect::<Result<Vec<_>, _>>()
        })
        .await
        .map_err(|e| ServiceError::Internal(e.into()))?;
        compiled.map_err(|e| match e.message() {
            Some(m) => invalid("region", m),
            None => ServiceError::Internal(anyhow::anyhow!("audience.targets configuration: {e}")),
        })
    }
}

fn check_layer_name(name: &str) -> Result<(), ServiceError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(invalid(
            "name",
            Message::new("refused-name-length").number("max", 200),
        ));
    }
    Ok(())
}
