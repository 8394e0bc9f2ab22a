//! Place data: the campaign area Beacon works in (districts, the towns in them, the map's cells) and a
//! gazetteer of settlements (which also names the country a region lies in). Loaded from configuration
//! (`[places]`) into the application state; the shipped Fenland districts and GeoNames extract are the
//! defaults, decoded once per process.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, OnceLock};

use geo::{BoundingRect, Centroid, Contains, MultiPolygon, Point};
use h3o::{CellIndex, LatLng, Resolution};
use serde::Serialize;

use crate::audience::population::{Settlement, parse_settlements};
use crate::config::PlacesConfig;
use crate::content::i18n::{ArgValue, LocaleId, Locales};
use crate::map::{self, MapOptions, Marker, Outline, Scale};

/// The shipped districts: the 391 ONS Lower-layer Super Output Areas (2011) of Fenland, Boston, South
/// Holland, King's Lynn and West Norfolk, Peterborough and East Cambridgeshire.
pub const SHIPPED_DISTRICTS: &str = include_str!("../assets/geo/fenland_lsoa_2011.geojson");
/// The shipped gazetteer: GeoNames settlements of 15,000 people or more.
pub const SHIPPED_GAZETTEER: &str = include_str!("../assets/geo/geonames_cities15000.csv");

/// H3 resolution of the area's map (cells of about 5 km²).
pub const MAP_RESOLUTION: Resolution = Resolution::Seven;

/// H3 resolution of [`Gazetteer::settled_area`] (cells of about 12,000 km², edges of about 70 km).
const SETTLED_RESOLUTION: Resolution = Resolution::Three;

/// Everything Beacon knows about places, shared by the application.
#[derive(Debug)]
pub struct Places {
    pub area: CampaignArea,
    pub gazetteer: Gazetteer,
}

impl Places {
    /// The places `[places]` names: files when set, the shipped data otherwise.
    pub fn load(config: &PlacesConfig) -> anyhow::Result<Arc<Places>> {
        if config.area_file.as_os_str().is_empty() && config.gazetteer_file.as_os_str().is_empty() {
            return Ok(Self::shipped());
        }
        let gazetteer = Gazetteer::load(config)?;
        let districts = read_or(&config.area_file, SHIPPED_DISTRICTS)?;
        let area = build_area(&districts, &gazetteer)
            .map_err(|e| anyhow::anyhow!("places.area_file {}: {e}", config.area_file.display()))?;
        Ok(Arc::new(Places { area, gazetteer }))
    }

    /// The shipped places (the Fenland districts and the GeoNames extract), decoded once per process.
    pub fn shipped() -> Arc<Places> {
        static SHIPPED: OnceLock<Arc<Places>> = OnceLock::new();
        SHIPPED
            .get_or_init(|| {
                let gazetteer = Gazetteer::parse(SHIPPED_GAZETTEER)
                    .unwrap_or_else(|e| panic!("the shipped gazetteer is broken: {e}"));
                let area = build_area(SHIPPED_DISTRICTS, &gazetteer)
                    .unwrap_or_else(|e| panic!("the shipped districts are broken: {e}"));
                Arc::new(Places { area, gazetteer })
            })
            .clone()
    }
}

/// The file at `path`, or `shipped` when the path is empty.
fn read_or(path: &std::path::Path, shipped: &'static str) -> anyhow::Result<String> {
    if path.as_os_str().is_empty() {
        return Ok(shipped.to_string());
    }
    std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("places: {}: {e}", path.display()))
}

/// Settlements, read as population layers read them ([`parse_settlements`]: a GeoNames `cities` CSV with
/// `name`, `countrycode`, `latitude`, `longitude` and `population` columns).
#[derive(Debug)]
pub struct Gazetteer {
    pub settlements: Vec<Settlement>,
}

impl Gazetteer {
    pub fn parse(text: &str) -> anyhow::Result<Self> {
        let settlements = parse_settlements(text, "gazetteer", None)?;
        Ok(Self { settlements })
    }

    /// The gazetteer `[places]` names: its file when set, the shipped extract otherwise (without the
    /// campaign area, for commands that need only the gazetteer).
    pub fn load(config: &PlacesConfig) -> anyhow::Result<Self> {
        let text = read_or(&config.gazetteer_file, SHIPPED_GAZETTEER)?;
        Gazetteer::parse(&text).map_err(|e| {
            anyhow::anyhow!(
                "places.gazetteer_file {}: {e}",
                config.gazetteer_file.display()
            )
        })
    }

    /// Roughly where people live: the H3 cells of about 12,000 km² holding a settlement, and their
    /// neighbours, so everywhere within about 100 km of one. What tells a point file whose latitudes
    /// and longitudes are swapped.
    pub fn settled_area(&self) -> SettledArea {
        let mut cells = HashSet::new();
        for s in &self.settlements {
            cells.extend(
                s.position
                    .to_cell(SETTLED_RESOLUTION)
                    .grid_disk::<Vec<_>>(1),
            );
        }
        SettledArea(cells)
    }

    /// The ISO 3166 alpha-2 country of the settlement nearest to a position: good enough to name the
    /// country a region lies in.
    pub fn nearest_country(&self, lat: f64, lon: f64) -> Option<String> {
        let here = LatLng::new(lat, lon).ok()?;
        self.settlements
            .iter()
            .filter(|s| s.country.is_some())
            .map(|s| (crate::geodesy::haversine_km(here, s.position), s))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .and_then(|(_, s)| s.country.clone())
    }
}

/// See [`Gazetteer::settled_area`].
#[derive(Debug)]
pub struct SettledArea(HashSet<CellIndex>);

impl SettledArea {
    /// Whether a position lies in the settled area (never for one that is not on Earth).
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        LatLng::new(lat, lon).is_ok_and(|here| self.0.contains(&here.to_cell(SETTLED_RESOLUTION)))
    }
}

/// A district of the campaign area.
#[derive(Debug)]
pub struct District {
    pub name: String,
    pub shape: MultiPolygon<f64>,
    pub lsoas: usize,
    pub area_km2: f64,
}

/// A town of the gazetteer inside the campaign area.
#[derive(Debug, Clone, Serialize)]
pub struct Town {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    pub district: String,
}

/// The campaign area: its districts, the towns in them, and the map's cells.
#[derive(Debug)]
pub struct CampaignArea {
    /// Cells at [`MAP_RESOLUTION`] with the number of district parts (LSOA centres) in each.
    pub cells: Vec<(CellIndex, f64)>,
    pub districts: Vec<District>,
    pub towns: Vec<Town>,
}

#[derive(Debug, Serialize)]
pub struct DistrictRow {
    pub name: String,
    pub lsoas: usize,
    pub area_km2: String,
    pub towns: usize,
}

fn build_area(districts_geojson: &str, gazetteer: &Gazetteer) -> anyhow::Result<CampaignArea> {
    let collection: geojson::FeatureCollection =
        districts_geojson.parse::<geojson::GeoJson>()?.try_into()?;
    let mut by_district: BTreeMap<String, (Vec<geo::Polygon<f64>>, usize, f64)> = BTreeMap::new();
    let mut counts: BTreeMap<CellIndex, f64> = BTreeMap::new();
    for feature in collection.features {
        let district = feature
            .property("district")
            .and_then(|v| v.as_str())
            .ok_or_else(|| anyhow::anyhow!("a feature without a `district` property"))?
            .to_string();
        let area_m2 = feature
            .property("area_m2")
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        let geometry = feature
            .geometry
            .ok_or_else(|| anyhow::anyhow!("a feature without a geometry"))?;
        let shape: geo::Geometry<f64> = geometry.try_into()?;
        let polygons: Vec<geo::Polygon<f64>> = match shape {
            geo::Geometry::Polygon(p) => vec![p],
            geo::Geometry::MultiPolygon(mp) => mp.0,
            _ => anyhow::bail!("a feature that is not a polygon"),
        };
        let multi = MultiPolygon(polygons.clone());
        if let Some(c) = multi.centroid() {
            let cell = LatLng::new(c.y(), c.x())?.to_cell(MAP_RESOLUTION);
            *counts.entry(cell).or_default() += 1.0;
        }
        let entry = by_district.entry(district).or_default();
        entry.0.extend(polygons);
        entry.1 += 1;
        entry.2 += area_m2 / 1e6;
    }
    let districts: Vec<District> = by_district
        .into_iter()
        .map(|(name, (polygons, lsoas, area_km2))| District {
            name,
            shape: geo::unary_union(polygons.iter()),
            lsoas,
            area_km2,
        })
        .collect();
    let mut towns = Vec::new();
    // Only settlements inside a district's bounding box are tested against its outline.
    let boxes: Vec<_> = districts.iter().map(|d| d.shape.bounding_rect()).collect();
    for s in &gazetteer.settlements {
        let (lat, lon) = (s.position.lat(), s.position.lng());
        let point = Point::new(lon, lat);
        let inside = |(d, b): &(&District, &Option<geo::Rect<f64>>)| {
            b.is_some_and(|b| b.contains(&point)) && d.shape.contains(&point)
        };
        if let Some((d, _)) = districts.iter().zip(boxes.iter()).find(|pair| inside(pair)) {
            towns.push(Town {
                name: s.name.clone(),
                lat,
                lon,
                population: s.population.round() as u64,
                district: d.name.clone(),
            });
        }
    }
    towns.sort_by(|a, b| b.population.cmp(&a.population).then(a.name.cmp(&b.name)));
    Ok(CampaignArea {
        cells: counts.into_iter().collect(),
        districts,
        towns,
    })
}

impl CampaignArea {
    /// The map of the area: cells shaded by LSOA centres, district outlines and towns.
    pub fn render_svg(&self, locales: &Locales, locale: &LocaleId) -> String {
        let max = self.cells.iter().map(|c| c.1).fold(1.0, f64::max);
        let options = MapOptions {
            width: 760,
            height: 620,
            title: locales.format(locale, "map-demo-title", None),
            description: locales.format_with(
                locale,
                "map-demo-description",
                &[
                    ("cells", ArgValue::Number(self.cells.len() as f64)),
                    ("districts", ArgValue::Number(self.districts.len() as f64)),
                ],
            ),
            scale: Scale::Sequential { min: 1.0, max },
            legend_title: locales.format(locale, "map-demo-legend", None),
            countries: map::world_50m(),
            outlines: self
                .districts
                .iter()
                .map(|d| Outline {
                    shape: d.shape.clone(),
                    label: Some(d.name.clone()),
                })
                .collect(),
            markers: self
                .towns
                .iter()
                .map(|t| Marker {
                    lat: t.lat,
                    lon: t.lon,
                    label: t.name.clone(),
                })
                .collect(),
            padding_fraction: 0.04,
            words: map::words(locales, locale),
        };
        map::render_cells(&self.cells, &options)
    }

    pub fn district_rows(&self) -> Vec<DistrictRow> {
        self.districts
            .iter()
            .map(|d| DistrictRow {
                name: d.name.clone(),
                lsoas: d.lsoas,
                area_km2: format!("{:.0}", d.area_km2),
                towns: self.towns.iter().filter(|t| t.district == d.name).count(),
            })
            .collect()
    }

    pub fn town_rows(&self) -> Vec<Town> {
        self.towns.clone()
    }

    /// The bounding box of the area (min lon, min lat, max lon, max lat).
    pub fn bounds(&self) -> Option<(f64, f64, f64, f64)> {
        let all = MultiPolygon(
            self.districts
                .iter()
                .flat_map(|d| d.shape.0.clone())
                .collect(),
        );
        all.bounding_rect()
            .map(|r| (r.min().x, r.min().y, r.max().x, r.max().y))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_settled_area_holds_towns_and_not_open_sea() {
        let settled = Places::shipped().gazetteer.settled_area();
        // Wisbech, and the Brecks between towns.
        assert!(settled.contains(52.66, 0.16));
        assert!(settled.contains(52.45, 0.60));
        // The same written latitude first: the Indian Ocean off Somalia, the middle of the Atlantic.
        assert!(!settled.contains(0.16, 52.66));
        assert!(!settled.contains(-20.0, -25.0));
        assert!(!settled.contains(f64::NAN, 0.0) && !settled.contains(91.0, 0.0));
    }
}
