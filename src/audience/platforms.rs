//! Geo-targets in each platform's shape: a region's cells compiled to the circles Meta or Google Ads
//! take, with the platform's own request payload, and the same circles as GeoJSON or KML.

use h3o::CellIndex;
use serde::{Deserialize, Serialize};

use super::cellset::CellSet;
use super::population::PopulationGrid;
use super::targets::{self, Circle, Compilation, Goals, Limits, TargetError};
use crate::config::{AudienceConfig, PlatformLimitsConfig};

/// The platforms Beacon compiles geo-targets for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Meta,
    Google,
}

impl Platform {
    /// Every platform, in the order pages show them.
    pub const ALL: [Platform; 2] = [Platform::Meta, Platform::Google];

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
#[derive(Debug, Clone, Serialize)]
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
    /// What the plan achieves and why a goal was missed, as messages of the locale files.
    pub notes: Vec<crate::message::Message>,
    /// What the platform's API takes (Meta: targeting geo_locations; Google: proximity criteria).
    pub payload: serde_json::Value,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
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
) -> Result<PlatformTargets, TargetError> {
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
    let mut compiled: Compilation = targets::compile(cells.cells(), population, &limits, &goals)?;
    if grid.is_none() {
        compiled
            .notes
            .insert(0, crate::message::Message::new("targets-no-population"));
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

/// KML is XML: one escaper for the whole crate, which also drops characters XML forbids.
fn xml_escape(s: &str) -> String {
    crate::xml::escape(s).into_owned()
}
