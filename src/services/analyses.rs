//! Analyses of stored incidents: hotspots (Gi*), emerging hotspots, routes, and the aggregates that roles
//! outside analysis may see, through the disclosure policy. Reads at full detail and every export are
//! audited here, with the filter that chose them. The statistics run off the async threads.

use h3o::{LatLng, Resolution};

use crate::accounts::Permission;
use crate::identify::analysis::hotspots::{
    HotspotCell, analyse, analysis_resolution, tally_points,
};
use crate::identify::analysis::privacy::{PublishedCells, PublishedGroups, Tally};
use crate::identify::analysis::routes::RouteRow;
use crate::identify::analysis::routes::{Route, RouteSummary, build_routes};
use crate::identify::analysis::space_time::{self, EmergingResult, Step};
use crate::identify::incidents::IncidentFilter;

use super::{Actor, AuditEvent, ServiceError, Services};

/// A hotspot analysis as asked for; unset values take their defaults.
#[derive(Debug, Clone, Default)]
pub struct HotspotParams {
    /// H3 resolution, 5 to 10 (default 7).
    pub resolution: Option<u8>,
    /// Rings of neighbours in the Gi* weights (default 1, at most 3).
    pub rings: Option<u32>,
    /// Halve a record's weight every this many days.
    pub half_life_days: Option<f64>,
}

/// A hotspot analysis's cells with the settings that made them.
#[derive(Debug, Clone)]
pub struct Hotspots {
    pub cells: Vec<HotspotCell>,
    pub resolution: u8,
    pub rings: u32,
}

/// An emerging-hotspot analysis as asked for.
#[derive(Debug, Clone, Default)]
pub struct EmergingParams {
    pub resolution: Option<u8>,
    /// month (default) or week.
    pub step: Option<String>,
    pub rings: Option<u32>,
    /// Keep at most this many most recent steps (default 36).
    pub max_steps: Option<usize>,
}

/// Routes and their totals.
#[derive(Debug, Clone)]
pub struct Routes {
    pub routes: Vec<Route>,
    pub summary: RouteSummary,
}

/// How a read at full detail reached Beacon, for the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Api,
    Page,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Api => "api",
            Via::Page => "page",
        }
    }
}

fn rings_of(rings: Option<u32>) -> Result<u32, ServiceError> {
    let rings = rings.unwrap_or(1);
    if !(1..=3).contains(&rings) {
        return Err(ServiceError::invalid(
            "rings",
            crate::message::Message::new("refused-range")
                .number("min", 1)
                .number("max", 3),
        ));
    }
    Ok(rings)
}

fn resolution_of(value: Option<u8>, default: u8) -> Result<Resolution, ServiceError> {
    let value = value.unwrap_or(default);
    analysis_resolution(value).map_err(|_| {
        ServiceError::invalid(
            "resolution",
            crate::message::Message::new("refused-resolution")
                .number("value", value)
                .number("min", 5)
                .number("max", 10),
        )
    })
}

pub struct Analyses<'a>(pub(super) &'a Services);

/// A forecast as asked for on the analyst's page; unset values take their defaults.
#[derive(Debug, Clone, Default)]
pub struct ForecastParams {
    /// H3 resolution, 5 to 10 (default 7).
    pub resolution: Option<u8>,
    /// `month` (default) or `week`.
    pub period: Option<String>,
    /// The last periods with data held out to judge the forecast on (default 6, 3 to 60).
    pub held_out: Option<u32>,
    /// The share of the study area flagged (default 0.05, more than 0 and at most 0.5).
    pub area_share: Option<f64>,
}

/// The forecast on the stored incidents: its backtest, the map it earned, and what was left out.
#[derive(Debug, Clone)]
pub struct ForecastView {
    pub outlook: crate::identify::analysis::predict::Outlook,
    pub resolution: u8,
    pub period: String,
    pub held_out: u32,
    pub area_share: f64,
    /// Incidents used.
    pub points: usize,
    /// Incidents left out: a date too coarse for the period (a year only, for months), or none.
    pub coarse: usize,
}

impl Analyses<'_> {
    /// Gi* hotspots of the stored incidents the filter selects (analysts). Every read is audited with
    /// its settings and filter: at fine resolutions the cells hold a handful of records each.
    #[tracing::instrument(skip_all, fields(resolution = ?params.resolution))]
    pub async fn hotspots(
        &self,
        actor: &Actor,
        via: Via,
        params: &HotspotParams,
        filter: &IncidentFilter,
    ) -> Result<Hotspots, ServiceError> {
        let result = self.compute_hotspots(actor, params, filter).await?;
        let event = AuditEvent::HotspotsRead {
            via: via.as_str(),
            cells: result.cells.len(),
            resolution: result.resolution,
            rings: result.rings,
            half_life_days: params.half_life_days,
            filter: filter.clone(),
        };
        self.0.accounts().record(actor, event).await?;
        Ok(result)
    }

    /// The forecast on the stored incidents the filter chooses: the last `held_out` periods held out,
    /// a forecast chosen on the periods before them and judged against the baselines on them, and the
    /// map for the next period (the forecast's if it beat every baseline, else the best baseline's).
    /// Analysts; audited.
    #[tracing::instrument(skip_all)]
    pub async fn forecast(
        &self,
        actor: &Actor,
        via: Via,
        params: &ForecastParams,
        filter: &IncidentFilter,
    ) -> Result<ForecastView, ServiceError> {
        use crate::identify::analysis::forecast::{ForecastError, Period};
        use crate::identify::analysis::predict;
        use crate::message::Message;
        actor.require(Permission::Analyse)?;
        let resolution_value = params.resolution.unwrap_or(7);
        let resolution = resolution_of(params.resolution, 7)?;
        let period_text = params.period.clone().unwrap_or_else(|| "month".into());
        let period: Period = period_text.parse().map_err(|_| {
            ServiceError::invalid(
                "period",
                Message::new("refused-one-of").text("choices", "month, week"),
            )
        })?;
        let held_out = params.held_out.unwrap_or(6);
        if !(3..=60).contains(&held_out) {
            return Err(ServiceError::invalid(
                "held_out",
                Message::new("forecast-error-held-out")
                    .number("min", 3)
                    .number("max", 60),
            ));
        }
        let area_share = params.area_share.unwrap_or(0.05);
        if !(area_share > 0.0 && area_share <= 0.5) {
            return Err(ServiceError::invalid(
                "area_share",
                Message::new("forecast-error-area-share"),
            ));
        }
        let s = self.0;
        let stored = s.store.incident_points(filter).await?;
        let total = stored.len();
        let points: Vec<crate::identify::incidents::points::Point> = stored
            .iter()
            .filter_map(|p| {
                let date = p.date?;
                period.key_of(date)?;
                let cell = h3o::CellIndex::try_from(u64::try_from(p.cell).ok()?).ok()?;
                let ll = LatLng::from(cell);
                crate::identify::incidents::points::Point::new(ll.lat(), ll.lng())
                    .ok()?
                    .with_weight(p.confidence)
                    .ok()
                    .map(|pt| pt.with_date(date))
            })
            .collect();
        let used = points.len();
        let outlook = tokio::task::spawn_blocking(move || {
            predict::outlook(&points, resolution, period, held_out, area_share)
        })
        .await
        .map_err(|e| ServiceError::Internal(e.into()))?
        .map_err(|e| match e {
            ForecastError::NoPoints => {
                ServiceError::invalid("filter", Message::new("forecast-error-no-points"))
            }
            ForecastError::TooShortToChoose {
                until,
                first,
                origins,
                needed,
                warm_up,
            } => ServiceError::invalid(
                "held_out",
                Message::new("forecast-error-too-short")
                    .text("first", first.to_string())
                    .text("until", until.to_string())
                    .number("origins", origins as f64)
                    .number("needed", needed as f64)
                    .number("warm_up", warm_up as f64),
            ),
            ForecastError::NoTrainingData { until, first } => ServiceError::invalid(
                "held_out",
                Message::new("forecast-error-no-training")
                    .text("first", first.to_string())
                    .text("until", until.to_string()),
            ),
            other => ServiceError::invalid(
                "filter",
                Message::new("forecast-error-other").text("reason", other.to_string()),
            ),
        })?;
        let event = AuditEvent::ForecastRead {
            via: via.as_str(),
            resolution: resolution_value,
            period: period_text.clone(),
            held_out,
            points: used,
            filter: filter.clone(),
        };
        s.accounts().record(actor, event).await?;
        Ok(ForecastView {
            outlook,
            resolution: resolution_value,
            period: period_text,
            held_out,
            area_share,
            points: used,
            coarse: total - used,
        })
    }

    async fn compute_hotspots(
        &self,
        actor: &Actor,
        params: &HotspotParams,
        filter: &IncidentFilter,
    ) -> Result<Hotspots, ServiceError> {
        actor.require(Permission::Analyse)?;
        let resolution_value = params.resolution.unwrap_or(7);
        let resolution = resolution_of(params.resolution, 7)?;
        let rings = rings_of(params.rings)?;
        if let Some(h) = params.half_life_days
            && !(h.is_finite() && h > 0.0)
        {
            return Err(ServiceError::invalid(
                "half_life_days",
                crate::message::Message::new("refused-positive-days"),
            ));
        }
        let s = self.0;
        let points = s.store.incident_points(filter).await?;
        let today = s.clock.now().date();
        let half_life = params.half_life_days;
        let cells = tokio::task::spawn_blocking(move || {
            let tally = tally_points(&points, resolution, half_life, today);
            analyse(&tally, rings)
        })
        .await
        .map_err(|e| ServiceError::Internal(e.into()))?;
        Ok(Hotspots {
            cells,
            resolution: resolution_value,
            rings,
        })
    }

    /// Hotspots leaving Beacon as a file (`what` names it); audited.
    #[tracing::instrument(skip_all)]
    pub async fn export_hotspots(
        &self,
        actor: &Actor,
        what: &str,
        params: &HotspotParams,
        filter: &IncidentFilter,
    ) -> Result<Hotspots, ServiceError> {
        let result = self.compute_hotspots(actor, params, filter).await?;
        let event = AuditEvent::Exported {
            what: what.to_string(),
            count: result.cells.len(),
            unit: "cells",
            resolution: Some(result.resolution),
            rings: Some(result.rings),
            filter: filter.clone(),
        };
        self.0.accounts().record(actor, event).await?;
        Ok(result)
    }

    /// Record counts per cell for roles outside analysis, through the disclosure policy: no count under
    /// k, the same records always the same answer, cells not shown climbing to coarser remainders (audited).
    #[tracing::instrument(skip_all, fields(resolution = ?resolution))]
    pub async fn aggregate_cells(
        &self,
        actor: &Actor,
        resolution: Option<u8>,
        filter: &IncidentFilter,
    ) -> Result<PublishedCells, ServiceError> {
        actor.require(Permission::ExportAggregates)?;
        let resolution = resolution_of(resolution, 7)?;
        let s = self.0;
        let points = s.store.incident_points(filter).await?;
        let policy = s.disclosure().await?.clone();
        let published = tokio::task::spawn_blocking(move || {
            let mut cells: std::collections::HashMap<h3o::CellIndex, Tally> =
                std::collections::HashMap::new();
            for p in &points {
                let Some(cell) = h3o::CellIndex::try_from(p.cell as u64)
                    .ok()
                    .and_then(|c| c.parent(resolution))
                else {
                    continue;
                };
                cells.entry(cell).or_default().add(Tally::record(p.id));
            }
            let cells: Vec<_> = cells.into_iter().collect();
            policy.publish_cells(&cells)
        })
        .await
        .map_err(|e| ServiceError::Internal(e.into()))?;
        self.audit_export(
            actor,
            "aggregates/cells.geojson",
            published.cells.len(),
            "cells",
            filter,
        )
        .await?;
        Ok(published)
    }

    /// Emerging Hot Spot Analysis of stored incidents (analysts; every read audited).
    #[tracing::instrument(skip_all)]
    pub async fn emerging(
        &self,
        actor: &Actor,
        via: Via,
        params: &EmergingParams,
        filter: &IncidentFilter,
    ) -> Result<EmergingResult, ServiceError> {
        actor.require(Permission::Analyse)?;
        let resolution_value = params.resolution.unwrap_or(7);
        let resolution = resolution_of(params.resolution, 7)?;
        let step_name = params.step.as_deref().unwrap_or("month");
        let step: Step = step_name.parse().map_err(|_: String| {
            ServiceError::invalid(
                "step",
                crate::message::Message::new("refused-choice")
                    .text("value", step_name)
                    .text("choices", "month, week"),
            )
        })?;
        let rings = rings_of(params.rings)?;
        let max_steps = params.max_steps.unwrap_or(36).clamp(2, 520);
        let points = self.0.store.incident_points(filter).await?;
        let result = tokio::task::spawn_blocking(move || {
            space_time::analyse(&points, resolution, step, rings, max_steps)
        })
        .await
        .map_err(|e| ServiceError::Internal(e.into()))?;
        let event = AuditEvent::EmergingRead {
            via: via.as_str(),
            cells: result.cells.len(),
            resolution: resolution_value,
            step: step_name.to_string(),
            rings,
            steps: max_steps,
            filter: filter.clone(),
        };
        self.0.accounts().record(actor, event).await?;
        Ok(result)
    }

    /// Source → (transit) → destination routes at country level, or between cells of `resolution`
    /// (analysts; every read audited).
    #[tracing::instrument(skip_all, fields(level))]
    pub async fn routes(
        &self,
        actor: &Actor,
        via: Via,
        level: Option<&str>,
        resolution: Option<u8>,
        filter: &IncidentFilter,
    ) -> Result<Routes, ServiceError> {
        actor.require(Permission::Analyse)?;
        let table = self.route_table(level, resolution, filter).await?;
        let level = level.unwrap_or("country");
        let event = AuditEvent::RoutesRead {
            via: via.as_str(),
            routes: table.routes.len(),
            level: level.to_string(),
            resolution: (level == "cell").then(|| resolution.unwrap_or(5)),
            filter: filter.clone(),
        };
        self.0.accounts().record(actor, event).await?;
        Ok(table)
    }

    async fn route_table(
        &self,
        level: Option<&str>,
        resolution: Option<u8>,
        filter: &IncidentFilter,
    ) -> Result<Routes, ServiceError> {
        let store = &self.0.store;
        let rows: Vec<RouteRow> = match level.unwrap_or("country") {
            "country" => store.country_routes(filter).await?,
            "cell" => {
                let resolution = resolution_of(resolution, 5)?;
                let cell = |(lat, lon): (f64, f64)| {
                    LatLng::new(lat, lon)
                        .ok()
                        .map(|ll| ll.to_cell(resolution).to_string())
                };
                store
                    .point_routes(filter)
                    .await?
                    .into_iter()
                    .map(|(s, d, nationality, exploitation_type)| RouteRow {
                        source: cell(s),
                        transit: None,
                        destination: cell(d),
                        nationality,
                        exploitation_type,
                        count: 1,
                    })
                    .collect()
            }
            other => {
                return Err(ServiceError::invalid(
                    "level",
                    crate::message::Message::new("refused-choice")
                        .text("value", other)
                        .text("choices", "country, cell"),
                ));
            }
        };
        let (routes, summary) = build_routes(&rows);
        Ok(Routes { routes, summary })
    }

    /// Country routes for roles outside analysis, through the disclosure policy: routes published as 0
    /// go into "other", itself published the same way (audited).
    #[tracing::instrument(skip_all)]
    pub async fn aggregate_routes(
        &self,
        actor: &Actor,
        filter: &IncidentFilter,
    ) -> Result<PublishedGroups<String>, ServiceError> {
        actor.require(Permission::ExportAggregates)?;
        let s = self.0;
        let groups: Vec<(String, Tally)> = s
            .store
            .route_tallies(filter)
            .await?
            .into_iter()
            .map(|r| (r.label(), r.tally))
            .collect();
        let mut published = s.disclosure().await?.publish_groups(&groups);
        published
            .rows
            .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        self.audit_export(
            actor,
            "aggregates/routes",
            published.rows.len(),
            "routes",
            filter,
        )
        .await?;
        Ok(published)
    }

    async fn audit_export(
        &self,
        actor: &Actor,
        what: &str,
        count: usize,
        unit: &'static str,
        filter: &IncidentFilter,
    ) -> Result<(), ServiceError> {
        let event = AuditEvent::Exported {
            what: what.to_string(),
            count,
            unit,
            resolution: None,
            rings: None,
            filter: filter.clone(),
        };
        self.0.accounts().record(actor, event).await
    }
}
