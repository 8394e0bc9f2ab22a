//! Regions from GeoJSON (Polygon and MultiPolygon, with holes), checked strictly, and filled with H3
//! cells chosen by cell centre inside the region, as H3's own polygon fill does.

use geo::MultiPolygon;
use h3o::geom::{ContainmentMode, TilerBuilder};
use h3o::{CellIndex, Resolution};

/// Why a region cannot be used, naming the place in the file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RegionError {
    #[error("{source_name}: not GeoJSON: {reason}")]
    NotGeoJson { source_name: String, reason: String },
    #[error("{source_name}: {place}: {reason}")]
    Geometry {
        source_name: String,
        place: String,
        reason: String,
    },
    #[error("{source_name}: the region is empty (no Polygon or MultiPolygon with an area)")]
    Empty { source_name: String },
    #[error(
        "{source_name}: the region holds about {estimate} cells at resolution {resolution}, over the limit of {cap}; choose a coarser resolution"
    )]
    TooManyCells {
        source_name: String,
        estimate: usize,
        resolution: u8,
        cap: usize,
    },
}

/// Reads a region from GeoJSON text: a geometry, a feature, or a feature collection of Polygons and
/// MultiPolygons. Rings must be closed and positions must be `[longitude, latitude]` on Earth.
pub fn parse_region(text: &str, source_name: &str) -> Result<MultiPolygon<f64>, RegionError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| RegionError::NotGeoJson {
            source_name: source_name.into(),
            reason: e.to_string(),
        })?;
    let geometries: Vec<(String, &serde_json::Value)> =
        match value.get("type").and_then(|t| t.as_str()) {
            Some("FeatureCollection") => value
                .get("features")
                .and_then(|f| f.as_array())
                .map(|features| {
                    features
                        .iter()
                        .enumerate()
                        .filter_map(|(i, f)| {
                            f.get("geometry")
                                .map(|g| (format!("features[{i}].geometry"), g))
                        })
                        .collect()
                })
                .unwrap_or_default(),
            Some("Feature") => value
                .get("geometry")
                .map(|g| vec![("geometry".to_string(), g)])
                .unwrap_or_default(),
            Some(_) => vec![("geometry".to_string(), &value)],
            None => {
                return Err(RegionError::NotGeoJson {
                    source_name: source_name.into(),
                    reason: "no \"type\" member".into(),
                });
            }
        };
    let bad = |place: String, reason: String| RegionError::Geometry {
        source_name: source_name.into(),
        place,
        reason,
    };
    let mut polygons = Vec::new();
    for (place, g) in geometries {
        let kind = g.get("type").and_then(|t| t.as_str()).unwrap_or("");
        let coords = g
            .get("coordinates")
            .ok_or_else(|| bad(place.clone(), "no coordinates".into()))?;
        let polys: Vec<(String, &serde_json::Value)> = match kind {
            "Polygon" => vec![(place.clone(), coords)],
            "MultiPolygon" => coords
                .as_array()
                .map(|a| {
                    a.iter()
                        .enumerate()
                        .map(|(i, p)| (format!("{place}.coordinates[{i}]"), p))
                        .collect()
                })
                .unwrap_or_default(),
            other => {
                return Err(bad(
                    place,
                    format!("a {other} has no area: use Polygon or MultiPolygon"),
                ));
            }
        };
        for (poly_place, rings) in polys {
            let rings = rings
                .as_array()
                .ok_or_else(|| bad(poly_place.clone(), "not a list of rings".into()))?;
            let mut parsed = Vec::new();
            for (r, ring) in rings.iter().enumerate() {
                let ring_place = format!(
                    "{poly_place}, ring {r}{}",
                    if r == 0 { " (outer)" } else { " (hole)" }
                );
                parsed.push(
                    parse_ring(ring, &ring_place)
                        .map_err(|reason| bad(ring_place.clone(), reason))?,
                );
            }
            let mut iter = parsed.into_iter();
            if let Some(exterior) = iter.next() {
                polygons.push(geo::Polygon::new(exterior, iter.collect()));
            }
        }
    }
    if polygons.is_empty() {
        return Err(RegionError::Empty {
            source_name: source_name.into(),
        });
    }
    Ok(MultiPolygon(polygons))
}

fn parse_ring(ring: &serde_json::Value, _place: &str) -> Result<geo::LineString<f64>, String> {
    let positions = ring.as_array().ok_or("not a list of positions")?;
    let mut coords = Vec::with_capacity(positions.len());
    for (i, p) in positions.iter().enumerate() {
        let pair = p
            .as_array()
            .filter(|a| a.len() >= 2)
            .ok_or(format!("position {i}: not [longitude, latitude]"))?;
        let (Some(x), Some(y)) = (pair[0].as_f64(), pair[1].as_f64()) else {
            return Err(format!("position {i}: not numbers"));
        };
        if !(-180.0..=180.0).contains(&x) || !(-90.0..=90.0).contains(&y) {
            let hint = if (-90.0..=90.0).contains(&x) && (-180.0..=180.0).contains(&y) {
                " (latitude first? GeoJSON positions are [longitude, latitude])"
            } else {
                ""
            };
            return Err(format!("position {i}: [{x}, {y}] is not on Earth{hint}"));
        }
        coords.push(geo::Coord { x, y });
    }
    if coords.len() < 4 {
        return Err(format!(
            "{} positions: a ring needs at least 4 (the first repeated last)",
            coords.len()
        ));
    }
    if coords.first() != coords.last() {
        let (f, l) = (coords[0], coords[coords.len() - 1]);
        return Err(format!(
            "not closed: position 0 is [{}, {}] but the last, position {}, is [{}, {}]",
            f.x,
            f.y,
            coords.len() - 1,
            l.x,
            l.y
        ));
    }
    Ok(geo::LineString::new(coords))
}

/// The region's cells at `resolution` (every cell whose centre lies inside), sorted; refuses regions whose
/// estimated cell count exceeds `cap` before filling them.
pub fn fill(
    region: &MultiPolygon<f64>,
    resolution: Resolution,
    cap: usize,
    source_name: &str,
) -> Result<Vec<CellIndex>, RegionError> {
    let mut tiler = TilerBuilder::new(resolution)
        .containment_mode(ContainmentMode::ContainsCentroid)
        .build();
    for (i, polygon) in region.0.iter().enumerate() {
        tiler
            .add(polygon.clone())
            .map_err(|e| RegionError::Geometry {
                source_name: source_name.into(),
                place: format!("polygon {i}"),
                reason: e.to_string(),
            })?;
    }
    let estimate = tiler.coverage_size_hint();
    if estimate > cap {
        return Err(RegionError::TooManyCells {
            source_name: source_name.into(),
            estimate,
            resolution: u8::from(resolution),
            cap,
        });
    }
    let mut cells: Vec<CellIndex> = tiler.into_coverage().collect();
    cells.sort_unstable();
    cells.dedup();
    Ok(cells)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Contains, GeodesicArea, Orient};
    use h3o::LatLng;

    const FENLAND: &str = include_str!("../../assets/geo/fenland_lsoa_2011.geojson");

    fn square(closed: bool) -> String {
        let last = if closed { ",[0.0,52.5]" } else { "" };
        format!(
            r#"{{"type":"Polygon","coordinates":[[[0.0,52.5],[0.3,52.5],[0.3,52.7],[0.0,52.7]{last}]]}}"#
        )
    }

    #[test]
    fn cells_are_chosen_by_centre() {
        let region = parse_region(&square(true), "square").unwrap();
        let cells = fill(&region, Resolution::Eight, 1_000_000, "square").unwrap();
        assert!(!cells.is_empty());
        for c in &cells {
            let ll = LatLng::from(*c);
            assert!(region.contains(&geo::Point::new(ll.lng(), ll.lat())), "{c}");
        }
        // The cells cover the square's area to within a few percent.
        let covered: f64 = cells.iter().map(|c| c.area_km2()).sum();
        let area = region.geodesic_area_unsigned() / 1e6;
        assert!(
            (covered / area - 1.0).abs() < 0.05,
            "{covered:.1} km² of cells for {area:.1} km²"
        );
    }

    #[test]
    fn every_lsoa_feature_collection_fills() {
        let region = parse_region(FENLAND, "fenland").unwrap();
        assert!(region.0.len() >= 391, "391 LSOAs, some in several parts");
        let cells = fill(&region, Resolution::Seven, 1_000_000, "fenland").unwrap();
        let covered: f64 = cells.iter().map(|c| c.area_km2()).sum();
        // The file's rings run clockwise: orient them before measuring.
        let oriented = region.orient(geo::orient::Direction::Default);
        let area = oriented.geodesic_area_unsigned() / 1e6;
        assert!(
            (covered / area - 1.0).abs() < 0.05,
            "{covered:.0} km² of cells for {area:.0} km²"
        );
    }

    #[test]
    fn bad_regions_are_named() {
        let err = parse_region(&square(false), "open.geojson")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("ring 0") && err.contains("not closed"),
            "{err}"
        );
        // Sydney written latitude first.
        let swapped = r#"{"type":"Polygon","coordinates":[[[-33.8,151.1],[-33.9,151.3],[-33.7,151.2],[-33.8,151.1]]]}"#;
        let err = parse_region(swapped, "swapped.geojson")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("position 0") && err.contains("latitude first"),
            "{err}"
        );
        let err = parse_region(r#"{"type":"Point","coordinates":[0,52]}"#, "p")
            .unwrap_err()
            .to_string();
        assert!(err.contains("no area"), "{err}");
        let err = parse_region(r#"{"type":"FeatureCollection","features":[]}"#, "e").unwrap_err();
        assert!(matches!(err, RegionError::Empty { .. }));
        let region = parse_region(&square(true), "square").unwrap();
        let err = fill(&region, Resolution::Ten, 1000, "square")
            .unwrap_err()
            .to_string();
        assert!(err.contains("over the limit of 1000"), "{err}");
    }
}
