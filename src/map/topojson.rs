//! Decoding of country outlines from a TopoJSON topology.
//!
//! [TopoJSON](https://github.com/topojson/topojson-specification) stores shared
//! borders once, as *arcs*, and describes each polygon ring as a list of arc
//! indices. This decoder implements the parts of the specification that the
//! Natural Earth country files use:
//!
//! * **Quantization** (§2.1.2): when the topology has a `transform`, every arc
//!   position is an integer pair that is *delta-encoded* (each position is
//!   relative to the previous one in the same arc) and is turned back into
//!   longitude/latitude with `x * scale[0] + translate[0]`,
//!   `y * scale[1] + translate[1]`. Without a transform, positions are
//!   absolute coordinates and are used as they are.
//! * **Arc indices** (§2.2.5): a non-negative index `i` means arc `i` as
//!   stored; a negative index `~i` (that is `-i - 1`) means arc `i` reversed.
//! * **Ring assembly**: the first position of every arc after the first in a
//!   ring repeats the last position of the previous arc and is dropped.
//!
//! The Natural Earth files in `assets/geo` come from `world-atlas`, whose
//! geometry is *spherical* (made for d3-geo): a few rings cross the
//! antimeridian (eastern Russia, Fiji) by jumping from +180° to −180°, and
//! Antarctica's rings wind around the south pole. Read as flat polygons,
//! these would be stripes round the whole world, so [`decode_countries`]
//! makes them planar: such rings are unwrapped into continuous longitudes,
//! rings that wind round a pole are closed along that pole (and caps lying
//! right at the pole are dropped), and the result is cut at ±180° into
//! polygons that all lie within longitudes −180…180. Every [`Country::shape`]
//! is therefore a usable flat longitude/latitude geometry, e.g. for
//! `geo::Contains`. Polygons that do not cross the antimeridian (nearly all)
//! are kept exactly as decoded.
//!
//! Only the `countries` object is read. It must be a `GeometryCollection` of
//! `Polygon` / `MultiPolygon` geometries (or a single such geometry); null
//! geometries (`"type": null`) are skipped.

use std::fmt;

use geo::{Coord, LineString, MultiPolygon, Polygon};
use serde::Deserialize;
use serde_json::Value;

/// One country (or territory) outline decoded from the topology.
#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    /// ISO 3166-1 numeric code as written in the file (e.g. `"826"`, `"036"`).
    /// Empty when the geometry has no `id` (a few disputed areas such as
    /// Somaliland or Kosovo in Natural Earth).
    pub id: String,
    /// `properties.name`, or empty when missing.
    pub name: String,
    /// The outline in longitude/latitude degrees (x = longitude, y = latitude).
    pub shape: MultiPolygon<f64>,
}

/// Why a TopoJSON document could not be decoded.
#[derive(Debug)]
pub enum TopoJsonError {
    /// The text is not JSON of the expected shape.
    Json(serde_json::Error),
    /// The top-level `type` is not `"Topology"`.
    NotATopology(String),
    /// There is no `objects.countries`.
    MissingCountries,
    /// The `transform` does not have two-element `scale` and `translate`.
    BadTransform,
    /// An arc position has fewer than two numbers, or a non-finite one.
    BadPosition {
        /// Index of the arc in `arcs`.
        arc: usize,
    },
    /// A geometry refers to an arc that does not exist.
    BadArcIndex {
        /// The arc index as written in the geometry.
        index: i64,
        /// How many arcs the topology has.
        arc_count: usize,
        /// Which geometry (name, id or position in the collection).
        geometry: String,
    },
    /// A geometry has a type other than Polygon / MultiPolygon / null, or
    /// `arcs` of the wrong nesting for its type.
    UnsupportedGeometry {
        /// The geometry's `type`.
        kind: String,
        /// Which geometry (name, id or position in the collection).
        geometry: String,
    },
}

impl fmt::Display for TopoJsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Json(e) => write!(f, "TopoJSON is not valid JSON of the expected shape: {e}"),
            Self::NotATopology(kind) => {
                write!(f, "TopoJSON root has type {kind:?}, expected \"Topology\"")
            }
            Self::MissingCountries => write!(f, "TopoJSON topology has no objects.countries"),
            Self::BadTransform => write!(
                f,
                "TopoJSON transform must have two-number scale and translate arrays"
            ),
            Self::BadPosition { arc } => write!(
                f,
                "TopoJSON arc {arc} has a position without two finite numbers"
            ),
            Self::BadArcIndex {
                index,
                arc_count,
                geometry,
            } => write!(
                f,
                "TopoJSON geometry {geometry} refers to arc {index}, but the topology has only {arc_count} arcs"
            ),
            Self::UnsupportedGeometry { kind, geometry } => write!(
                f,
                "TopoJSON geometry {geometry} has unsupported type or arcs {kind:?} (expected Polygon or MultiPolygon)"
            ),
        }
    }
}

impl std::error::Error for TopoJsonError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Json(e) => Some(e),
            _ => None,
        }
    }
}

impl From<serde_json::Error> for TopoJsonError {
    fn from(e: serde_json::Error) -> Self {
        Self::Json(e)
    }
}

#[derive(Deserialize)]
struct Topology {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    transform: Option<Transform>,
    #[serde(default)]
    arcs: Vec<Vec<Vec<f64>>>,
    objects: Objects,
}

#[derive(Deserialize)]
struct Transform {
    scale: Vec<f64>,
    translate: Vec<f64>,
}

#[derive(Deserialize)]
struct Objects {
    #[serde(default)]
    countries: Option<GeometryObject>,
}

#[derive(Deserialize)]
struct GeometryObject {
    /// `None` for a null geometry.
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    arcs: Option<Value>,
    #[serde(default)]
    geometries: Option<Vec<GeometryObject>>,
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    properties: Option<serde_json::Map<String, Value>>,
}

/// Decodes every country in `objects.countries` of a TopoJSON topology.
///
/// Countries come out in the order of the file. Coordinates are longitude /
/// latitude degrees after applying the topology's transform, if any.
pub fn decode_countries(topojson: &str) -> Result<Vec<Country>, TopoJsonError> {
    let topology: Topology = serde_json::from_str(topojson)?;
    if topology.kind != "Topology" {
        return Err(TopoJsonError::NotATopology(topology.kind));
    }
    let arcs = decode_arcs(&topology.arcs, topology.transform.as_ref())?;
    let root = topology
        .objects
        .countries
        .ok_or(TopoJsonError::MissingCountries)?;

    let geometries = if root.kind.as_deref() == Some("GeometryCollection") {
        root.geometries.unwrap_or_default()
    } else {
        vec![root]
    };

    let mut countries = Vec::with_capacity(geometries.len());
    for (position, geometry) in geometries.into_iter().enumerate() {
        if let Some(country) = decode_country(geometry, position, &arcs)? {
            countries.push(country);
        }
    }
    Ok(countries)
}

/// Turns the stored arcs into absolute longitude/latitude coordinates.
fn decode_arcs(
    arcs: &[Vec<Vec<f64>>],
    transform: Option<&Transform>,
) -> Result<Vec<Vec<Coord<f64>>>, TopoJsonError> {
    let transform = match transform {
        Some(t) => match (t.scale.as_slice(), t.translate.as_slice()) {
            ([sx, sy, ..], [tx, ty, ..]) => Some(([*sx, *sy], [*tx, *ty])),
            _ => return Err(TopoJsonError::BadTransform),
        },
        None => None,
    };

    arcs.iter()
        .enumerate()
        .map(|(arc, positions)| {
            let mut x = 0.0;
            let mut y = 0.0;
            positions
                .iter()
                .map(|position| {
                    let (px, py) = match position.as_slice() {
                        [px, py, ..] if px.is_finite() && py.is_finite() => (*px, *py),
                        _ => return Err(TopoJsonError::BadPosition { arc }),
                    };
                    Ok(match transform {
                        // Quantized: positions are deltas from the previous one.
                        Some(([sx, sy], [tx, ty])) => {
                            x += px;
                            y += py;
                            Coord {
                                x: x * sx + tx,
                                y: y * sy + ty,
                            }
                        }
                        None => Coord { x: px, y: py },
                    })
                })
                .collect()
        })
        .collect()
}

/// Decodes one geometry of the collection; `Ok(None)` for a null geometry.
fn decode_country(
    geometry: GeometryObject,
    position: usize,
    arcs: &[Vec<Coord<f64>>],
) -> Result<Option<Country>, TopoJsonError> {
    let name = geometry
        .properties
        .as_ref()
        .and_then(|p| p.get("name"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let id = match &geometry.id {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let label = if !name.is_empty() {
        format!("{name:?}")
    } else if !id.is_empty() {
        format!("with id {id:?}")
    } else {
        format!("#{position}")
    };

    let Some(kind) = geometry.kind else {
        return Ok(None);
    };
    let unsupported = |kind: &str| TopoJsonError::UnsupportedGeometry {
        kind: kind.to_string(),
        geometry: label.clone(),
    };
    let arcs_value = geometry.arcs.unwrap_or(Value::Null);
    let polygons: Vec<Vec<Vec<i64>>> = match kind.as_str() {
        "Polygon" => vec![serde_json::from_value(arcs_value).map_err(|_| unsupported(&kind))?],
        "MultiPolygon" => serde_json::from_value(arcs_value).map_err(|_| unsupported(&kind))?,
        other => return Err(unsupported(other)),
    };

    let mut shape = Vec::with_capacity(polygons.len());
    for rings in polygons {
        let mut rings = rings
            .iter()
            .filter(|ring| !ring.is_empty())
            .map(|ring| assemble_ring(ring, arcs, &label));
        let Some(exterior) = rings.next() else {
            continue;
        };
        let interiors = rings.collect::<Result<Vec<_>, _>>()?;
        shape.extend(planar_polygons(exterior?, interiors));
    }

    Ok(Some(Country {
        id,
        name,
        shape: MultiPolygon::new(shape),
    }))
}

/// Joins the arcs of one ring, reversing negative indices and dropping the
/// first position of each arc after the first (it repeats the previous end).
fn assemble_ring(
    ring: &[i64],
    arcs: &[Vec<Coord<f64>>],
    label: &str,
) -> Result<LineString<f64>, TopoJsonError> {
    let mut coords: Vec<Coord<f64>> = Vec::new();
    for &index in ring {
        let (arc_number, reversed) = if index < 0 {
            (!index, true)
        } else {
            (index, false)
        };
        let arc = usize::try_from(arc_number)
            .ok()
            .and_then(|i| arcs.get(i))
            .ok_or_else(|| TopoJsonError::BadArcIndex {
                index,
                arc_count: arcs.len(),
                geometry: label.to_string(),
            })?;
        let skip = usize::from(!coords.is_empty());
        if reversed {
            coords.extend(arc.iter().rev().skip(skip));
        } else {
            coords.extend(arc.iter().skip(skip));
        }
    }
    // `LineString` rings are closed by `Polygon::new` if they are not already.
    Ok(LineString::new(coords))
}

/// Whether an edge jumps across the antimeridian (more than 180° of
/// longitude between consecutive points).
fn jumps(ring: &[Coord<f64>]) -> bool {
    ring.windows(2).any(|w| (w[1].x - w[0].x).abs() > 180.0)
}

/// A polygon as one or more flat polygons within longitudes −180…180 (see
/// the module documentation). Rings that never jump across the antimeridian
/// are returned untouched.
fn planar_polygons(
    exterior: LineString<f64>,
    interiors: Vec<LineString<f64>>,
) -> Vec<Polygon<f64>> {
    if !jumps(&exterior.0) && !interiors.iter().any(|r| jumps(&r.0)) {
        return vec![Polygon::new(exterior, interiors)];
    }
    // Unwrapped rings; an exterior that was only a cap at the pole is
    // replaced by the first remaining ring.
    let mut rings = std::iter::once(exterior)
        .chain(interiors)
        .filter_map(|ring| unwrap_ring(ring.0));
    let Some(exterior) = rings.next() else {
        return Vec::new();
    };
    let interiors: Vec<Vec<Coord<f64>>> = rings.collect();

    let (min_lon, max_lon) = exterior
        .iter()
        .chain(interiors.iter().flatten())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), c| {
            (lo.min(c.x), hi.max(c.x))
        });
    // Windows of 360° that the unwrapped polygon touches; each is cut out
    // and shifted back into −180…180. Real data needs at most one window
    // either side; the clamp only bounds the work on absurd coordinates.
    let first_window = (((min_lon + 180.0) / 360.0).floor() as i32).max(-2);
    let last_window = (((max_lon - 180.0) / 360.0).ceil() as i32).min(2);
    (first_window..=last_window)
        .filter_map(|window| {
            let shift = 360.0 * f64::from(window);
            let cut = |ring: &[Coord<f64>]| {
                let mut ring = clip_longitudes(ring, shift - 180.0, shift + 180.0);
                for c in &mut ring {
                    c.x -= shift;
                }
                (ring_area(&ring) > 0.0).then(|| LineString::new(ring))
            };
            let exterior = cut(&exterior)?;
            let interiors = interiors.iter().filter_map(|r| cut(r)).collect();
            Some(Polygon::new(exterior, interiors))
        })
        .collect()
}

/// Makes a ring's longitudes continuous (each within 180° of the previous).
/// A ring that then winds round a pole is closed along that pole; `None` if
/// the ring lies entirely at the pole (a degenerate cap).
fn unwrap_ring(mut ring: Vec<Coord<f64>>) -> Option<Vec<Coord<f64>>> {
    for i in 1..ring.len() {
        let previous = ring[i - 1].x;
        let c = &mut ring[i];
        c.x += 360.0 * ((previous - c.x) / 360.0).round();
    }
    let (first, last) = (*ring.first()?, *ring.last()?);
    if (last.x - first.x).abs() > 180.0 {
        if ring.iter().all(|c| c.y.abs() > 89.9) {
            return None;
        }
        let mean_lat = ring.iter().map(|c| c.y).sum::<f64>() / ring.len() as f64;
        let pole = if mean_lat < 0.0 { -90.0 } else { 90.0 };
        ring.push(Coord { x: last.x, y: pole });
        ring.push(Coord {
            x: first.x,
            y: pole,
        });
        ring.push(first);
    }
    Some(ring)
}

/// Sutherland–Hodgman clipping of a closed ring to `west <= lon <= east`.
fn clip_longitudes(ring: &[Coord<f64>], west: f64, east: f64) -> Vec<Coord<f64>> {
    let mut output = ring.to_vec();
    for (bound, keep_east) in [(west, true), (east, false)] {
        let inside = |c: &Coord<f64>| {
            if keep_east {
                c.x >= bound
            } else {
                c.x <= bound
            }
        };
        let input = std::mem::take(&mut output);
        let Some(&last) = input.last() else {
            break;
        };
        let mut previous = last;
        for &current in &input {
            let crossing = || Coord {
                x: bound,
                y: previous.y
                    + (bound - previous.x) / (current.x - previous.x) * (current.y - previous.y),
            };
            match (inside(&previous), inside(&current)) {
                (true, true) => output.push(current),
                (false, true) => {
                    output.push(crossing());
                    output.push(current);
                }
                (true, false) => output.push(crossing()),
                (false, false) => {}
            }
            previous = current;
        }
    }
    if let (Some(&first), Some(&last)) = (output.first(), output.last())
        && first != last
    {
        output.push(first);
    }
    output
}

/// Unsigned shoelace area of a ring, in square degrees.
fn ring_area(ring: &[Coord<f64>]) -> f64 {
    ring.windows(2)
        .map(|w| w[0].x * w[1].y - w[1].x * w[0].y)
        .sum::<f64>()
        .abs()
        / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Contains, Point};

    const WORLD_50M: &str = include_str!("../../assets/geo/world_countries_50m.topojson");
    const WORLD_110M: &str = include_str!("../../assets/geo/world_countries_110m.topojson");

    #[test]
    fn natural_earth_country_counts() {
        assert_eq!(decode_countries(WORLD_50M).expect("50m decodes").len(), 241);
        assert_eq!(
            decode_countries(WORLD_110M).expect("110m decodes").len(),
            177
        );
    }

    #[test]
    fn united_kingdom_contains_cambridgeshire() {
        for text in [WORLD_50M, WORLD_110M] {
            let countries = decode_countries(text).expect("decodes");
            let uk = countries
                .iter()
                .find(|c| c.id == "826")
                .expect("UK present");
            assert_eq!(uk.name, "United Kingdom");
            assert!(uk.shape.contains(&Point::new(-0.1, 52.5)));
            let france = countries.iter().find(|c| c.id == "250").expect("France");
            assert!(!france.shape.contains(&Point::new(-0.1, 52.5)));
        }
    }

    #[test]
    fn coordinates_are_degrees() {
        let countries = decode_countries(WORLD_50M).expect("decodes");
        for country in &countries {
            for polygon in &country.shape {
                for c in polygon.exterior() {
                    assert!((-180.0..=180.0).contains(&c.x), "{}: {c:?}", country.name);
                    assert!((-90.0..=90.0).contains(&c.y), "{}: {c:?}", country.name);
                }
            }
        }
        let australia = countries.iter().find(|c| c.id == "036").expect("Australia");
        assert!(australia.shape.contains(&Point::new(134.0, -25.0)));
    }

    #[test]
    fn antimeridian_and_pole_rings_are_made_planar() {
        for text in [WORLD_50M, WORLD_110M] {
            let countries = decode_countries(text).expect("decodes");
            for country in &countries {
                for polygon in &country.shape {
                    for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                        // Only edges along a pole (closing a ring round it) may be long.
                        let long_edge = ring.0.windows(2).any(|w| {
                            (w[1].x - w[0].x).abs() > 180.0
                                && !(w[0].y.abs() == 90.0 && w[1].y == w[0].y)
                        });
                        assert!(!long_edge, "{} still jumps", country.name);
                    }
                }
            }
            let find = |id: &str| countries.iter().find(|c| c.id == id).expect("country");
            let russia = find("643");
            // Chukotka, east of 180°.
            assert!(russia.shape.contains(&Point::new(-175.0, 66.5)));
            assert!(russia.shape.contains(&Point::new(100.0, 65.0)));
            // Not a stripe round the world at Chukotka's latitude.
            assert!(!russia.shape.contains(&Point::new(-150.0, 67.0)), "Alaska");
            assert!(
                !russia.shape.contains(&Point::new(-40.0, 67.0)),
                "Greenland"
            );
            let antarctica = find("010");
            assert!(antarctica.shape.contains(&Point::new(0.0, -80.0)));
            assert!(antarctica.shape.contains(&Point::new(135.0, -75.0)));
            assert!(!antarctica.shape.contains(&Point::new(0.0, -60.0)));
        }
    }

    #[test]
    fn ring_crossing_the_antimeridian_is_cut() {
        // A square from 179° E to 179° W, written as a spherical ring.
        let ring = LineString::from(vec![
            (179.0, 0.0),
            (-179.0, 0.0),
            (-179.0, 1.0),
            (179.0, 1.0),
            (179.0, 0.0),
        ]);
        let polygons = planar_polygons(ring, vec![]);
        assert_eq!(polygons.len(), 2);
        let mut pieces: Vec<(f64, f64)> = polygons
            .iter()
            .map(|p| {
                let xs: Vec<f64> = p.exterior().coords().map(|c| c.x).collect();
                let min = xs.iter().copied().fold(f64::INFINITY, f64::min);
                let max = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                (min, max)
            })
            .collect();
        pieces.sort_by(|a, b| a.0.total_cmp(&b.0));
        assert_eq!(pieces, vec![(-180.0, -179.0), (179.0, 180.0)]);
        let multi = MultiPolygon::new(polygons);
        assert!(multi.contains(&Point::new(179.5, 0.5)));
        assert!(multi.contains(&Point::new(-179.5, 0.5)));
        assert!(!multi.contains(&Point::new(0.0, 0.5)));
    }

    /// Two arcs sharing the edge (1,0)-(1,1) of two unit squares, quantized
    /// with scale 0.5 / translate (10, 20). The second square uses the shared
    /// arc reversed.
    const SMALL: &str = r#"{
        "type": "Topology",
        "transform": {"scale": [0.5, 0.25], "translate": [10, 20]},
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0, 1]], "id": "001", "properties": {"name": "West"}},
            {"type": "MultiPolygon", "arcs": [[[2, -1]]], "id": 2, "properties": {"name": "East"}},
            {"type": null, "id": "999"}
        ]}},
        "arcs": [
            [[2, 0], [0, 4]],
            [[2, 4], [-2, 0], [0, -4], [2, 0]],
            [[2, 0], [2, 0], [0, 4], [-2, 0]]
        ]
    }"#;

    fn coords(ls: &LineString<f64>) -> Vec<(f64, f64)> {
        ls.coords().map(|c| (c.x, c.y)).collect()
    }

    #[test]
    fn small_topology_with_reversed_arc() {
        let countries = decode_countries(SMALL).expect("decodes");
        assert_eq!(countries.len(), 2, "null geometry is skipped");

        let west = &countries[0];
        assert_eq!((west.id.as_str(), west.name.as_str()), ("001", "West"));
        assert_eq!(west.shape.0.len(), 1);
        assert_eq!(
            coords(west.shape.0[0].exterior()),
            vec![
                (11.0, 20.0),
                (11.0, 21.0),
                (10.0, 21.0),
                (10.0, 20.0),
                (11.0, 20.0)
            ]
        );

        let east = &countries[1];
        assert_eq!((east.id.as_str(), east.name.as_str()), ("2", "East"));
        // Arc 2 then arc 0 reversed: (1,1) -> (1,0) without repeating (1,1).
        assert_eq!(
            coords(east.shape.0[0].exterior()),
            vec![
                (11.0, 20.0),
                (12.0, 20.0),
                (12.0, 21.0),
                (11.0, 21.0),
                (11.0, 20.0)
            ]
        );
        assert!(east.shape.contains(&Point::new(11.5, 20.5)));
        assert!(!east.shape.contains(&Point::new(10.5, 20.5)));
    }

    #[test]
    fn untransformed_topology_uses_absolute_positions() {
        let text = r#"{"type":"Topology","objects":{"countries":
            {"type":"Polygon","arcs":[[0]],"properties":{"name":"Tri"}}},
            "arcs":[[[0,0],[4,0],[4,3],[0,0]]]}"#;
        let countries = decode_countries(text).expect("decodes");
        assert_eq!(countries.len(), 1);
        assert_eq!(countries[0].id, "");
        assert_eq!(
            coords(countries[0].shape.0[0].exterior()),
            vec![(0.0, 0.0), (4.0, 0.0), (4.0, 3.0), (0.0, 0.0)]
        );
    }

    #[test]
    fn errors_have_clear_messages() {
        let bad_index = r#"{"type":"Topology","objects":{"countries":{"type":"GeometryCollection",
            "geometries":[{"type":"Polygon","arcs":[[-5]],"properties":{"name":"Nowhere"}}]}},
            "arcs":[[[0,0],[1,1]]]}"#;
        let err = decode_countries(bad_index).expect_err("bad arc index");
        let message = err.to_string();
        assert!(message.contains("\"Nowhere\""), "{message}");
        assert!(message.contains("arc -5"), "{message}");

        let err = decode_countries(r#"{"type":"FeatureCollection","objects":{}}"#)
            .expect_err("not a topology");
        assert!(err.to_string().contains("FeatureCollection"));

        let err = decode_countries(r#"{"type":"Topology","objects":{},"arcs":[]}"#)
            .expect_err("no countries");
        assert!(err.to_string().contains("objects.countries"));

        let err = decode_countries("not json").expect_err("not json");
        assert!(std::error::Error::source(&err).is_some());

        let point = r#"{"type":"Topology","objects":{"countries":{"type":"GeometryCollection",
            "geometries":[{"type":"Point","coordinates":[0,0],"id":"7"}]}},"arcs":[]}"#;
        let err = decode_countries(point).expect_err("point");
        assert!(err.to_string().contains("Point"), "{err}");
    }
}
