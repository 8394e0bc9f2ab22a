//! The demo: a Fenland scenario from real public data that Beacon ships itself (`assets/geo/`), and one
//! account per role. Later issues extend it with incidents, audiences, campaigns and reports.
//!
//! The area: the 391 ONS Lower-layer Super Output Areas (2011) of Fenland, Boston, South Holland,
//! King's Lynn and West Norfolk, Peterborough and East Cambridgeshire, and the GeoNames towns in them.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use geo::{BoundingRect, Centroid, Contains, MultiPolygon, Point};
use h3o::{CellIndex, LatLng, Resolution};
use serde::Serialize;

use crate::accounts::{EmailAddress, Passwords, Role, add_user};
use crate::content::i18n::{ArgValue, LocaleId, Locales};
use crate::map::{self, MapOptions, Marker, Outline, Scale};
use crate::store::Store;

const FENLAND_LSOA: &str = include_str!("../assets/geo/fenland_lsoa_2011.geojson");
const GEONAMES: &str = include_str!("../assets/geo/geonames_cities15000.csv");

/// H3 resolution of the demo map (cells of about 5 km²).
pub const DEMO_RESOLUTION: Resolution = Resolution::Seven;

/// One demo account, with its one-time password.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub email: String,
    pub role: Role,
    pub one_time_password: String,
}

/// The demo's partner organisations: made-up names, so nobody mistakes them for real ones.
pub const DEMO_PARTNERS: [(&str, &str); 2] = [
    ("Demo Bank (Fenland branches)", "bank"),
    ("Demo District Council", "council"),
];

/// Seeds the demo when the database holds no accounts; leaves a database with data alone (`None`).
pub async fn seed(
    store: &Store,
    passwords: &Passwords,
) -> anyhow::Result<Option<Vec<DemoAccount>>> {
    if store.count_users().await? > 0 || !store.list_partners().await?.is_empty() {
        return Ok(None);
    }
    let mut partner_ids = Vec::new();
    for (name, kind) in DEMO_PARTNERS {
        partner_ids.push(store.create_partner(name, kind).await?.id);
    }
    let people: [(&str, Role, Option<i64>); 7] = [
        ("admin@beacon.example", Role::Admin, None),
        ("analyst@beacon.example", Role::Analyst, None),
        ("campaigner@beacon.example", Role::Campaigner, None),
        ("translator@beacon.example", Role::Translator, None),
        ("evaluator@beacon.example", Role::Evaluator, None),
        (
            "partner@demobank.example",
            Role::Partner,
            Some(partner_ids[0]),
        ),
        (
            "partner@democouncil.example",
            Role::Partner,
            Some(partner_ids[1]),
        ),
    ];
    let mut accounts = Vec::new();
    for (email, role, partner) in people {
        let email = EmailAddress::parse(email).map_err(anyhow::Error::msg)?;
        let (user, otp) = add_user(store, passwords, &email, role, partner).await?;
        accounts.push(DemoAccount {
            email: user.email,
            role,
            one_time_password: otp,
        });
    }
    store
        .audit(
            None,
            "demo.seed",
            "demo",
            "partners and one account per role",
        )
        .await?;
    Ok(Some(accounts))
}

/// A district of the demo area.
#[derive(Debug)]
pub struct District {
    pub name: String,
    pub shape: MultiPolygon<f64>,
    pub lsoas: usize,
    pub area_km2: f64,
}

/// A town of 15,000 people or more (GeoNames) inside the demo area.
#[derive(Debug, Clone, Serialize)]
pub struct Town {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    pub district: String,
}

/// The demo area, computed once from the shipped files.
#[derive(Debug)]
pub struct DemoArea {
    /// Cells at [`DEMO_RESOLUTION`] with the number of LSOA centres in each.
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

/// The demo area (decoded on first use).
pub fn fenland_area() -> &'static DemoArea {
    static AREA: OnceLock<DemoArea> = OnceLock::new();
    AREA.get_or_init(|| {
        build_area().unwrap_or_else(|e| panic!("the shipped demo data is broken: {e}"))
    })
}

fn build_area() -> anyhow::Result<DemoArea> {
    let collection: geojson::FeatureCollection =
        FENLAND_LSOA.parse::<geojson::GeoJson>()?.try_into()?;
    let mut by_district: BTreeMap<String, (Vec<geo::Polygon<f64>>, usize, f64)> = BTreeMap::new();
    let mut counts: BTreeMap<CellIndex, f64> = BTreeMap::new();
    for feature in collection.features {
        let district = feature
            .property("district")
            .and_then(|v| v.as_str())
            .ok_or_else(|| anyhow::anyhow!("an LSOA without a district"))?
            .to_string();
        let area_m2 = feature
            .property("area_m2")
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        let geometry = feature
            .geometry
            .ok_or_else(|| anyhow::anyhow!("an LSOA without a geometry"))?;
        let shape: geo::Geometry<f64> = geometry.try_into()?;
        let polygons: Vec<geo::Polygon<f64>> = match shape {
            geo::Geometry::Polygon(p) => vec![p],
            geo::Geometry::MultiPolygon(mp) => mp.0,
            _ => anyhow::bail!("an LSOA that is not a polygon"),
        };
        let multi = MultiPolygon(polygons.clone());
        if let Some(c) = multi.centroid() {
            let cell = LatLng::new(c.y(), c.x())?.to_cell(DEMO_RESOLUTION);
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
    let mut reader = csv::Reader::from_reader(GEONAMES.as_bytes());
    for record in reader.records() {
        let r = record?;
        if r.get(2) != Some("GB") {
            continue;
        }
        let (Some(name), Some(lat), Some(lon), Some(pop)) =
            (r.get(1), r.get(4), r.get(5), r.get(6))
        else {
            continue;
        };
        let (lat, lon, population) = (
            lat.parse::<f64>()?,
            lon.parse::<f64>()?,
            pop.parse::<u64>()?,
        );
        let point = Point::new(lon, lat);
        if let Some(d) = districts.iter().find(|d| d.shape.contains(&point)) {
            towns.push(Town {
                name: name.to_string(),
                lat,
                lon,
                population,
                district: d.name.clone(),
            });
        }
    }
    towns.sort_by(|a, b| b.population.cmp(&a.population).then(a.name.cmp(&b.name)));
    Ok(DemoArea {
        cells: counts.into_iter().collect(),
        districts,
        towns,
    })
}

impl DemoArea {
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
    fn area_has_six_districts_391_lsoas_and_the_fenland_towns() {
        let area = fenland_area();
        assert_eq!(area.districts.len(), 6);
        assert_eq!(area.districts.iter().map(|d| d.lsoas).sum::<usize>(), 391);
        assert_eq!(area.cells.iter().map(|c| c.1).sum::<f64>(), 391.0);
        let names: Vec<&str> = area.towns.iter().map(|t| t.name.as_str()).collect();
        for town in [
            "Wisbech",
            "Spalding",
            "March",
            "Boston",
            "Peterborough",
            "Ely",
        ] {
            assert!(names.contains(&town), "{town} missing from {names:?}");
        }
        let wisbech = area.towns.iter().find(|t| t.name == "Wisbech").unwrap();
        assert_eq!(wisbech.population, 32_489);
        assert_eq!(wisbech.district, "Fenland");
        let (min_lon, min_lat, max_lon, max_lat) = area.bounds().unwrap();
        assert!(min_lon > -1.0 && max_lon < 1.0 && min_lat > 52.0 && max_lat < 53.2);
    }
}
