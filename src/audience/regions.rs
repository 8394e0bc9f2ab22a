//! Regions from GeoJSON (Polygon and MultiPolygon, with holes), checked strictly, and filled with H3
//! cells chosen by cell centre inside the region, as H3's own polygon fill does.
//!
//! Positions are longitude/latitude on WGS 84 (RFC 7946). A file in British National Grid metres
//! (a top-level `crs` naming EPSG:27700, as ONS and Ordnance Survey exports carry) is reprojected;
//! any other `crs` is refused. Rings that cross themselves are refused, naming the two edges; rings
//! that cross the antimeridian are split there (RFC 7946 §3.1.9).

use geo::kernels::{Kernel, Orientation, RobustKernel};
use geo::line_intersection::LineIntersection;
use geo::{BooleanOps, BoundingRect, Coord, Line, LineString, MultiPolygon, Polygon, Rect};
use h3o::geom::{ContainmentMode, TilerBuilder};
use h3o::{CellIndex, Resolution};
use std::time::Instant;

use crate::message::{Message, english};

/// British National Grid (EPSG:27700) with the OSGB36 to WGS 84 Helmert transformation (EPSG:1314),
/// good to a few metres without the OSTN15 grid.
const BRITISH_NATIONAL_GRID: &str = "+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 \
     +y_0=-100000 +ellps=airy +towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs";
const WGS84: &str = "+proj=longlat +datum=WGS84 +no_defs";

/// Why a region cannot be used, naming the place in the file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RegionError {
    #[error("{source_name}: not GeoJSON: {reason}")]
    NotGeoJson { source_name: String, reason: String },
    #[error(
        "{source_name}: the coordinates are in {crs}, which Beacon cannot read: reproject the file to \
         WGS 84 longitude/latitude (RFC 7946 GeoJSON), e.g. `ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson`"
    )]
    UnsupportedCrs { source_name: String, crs: String },
    #[error("{source_name}: {}: {}", english(place), english(reason))]
    Geometry {
        source_name: String,
        /// Where in the file: a JSON path, and for a ring its number.
        place: Message,
        reason: Message,
    },
    #[error(
        "{source_name}: the region has {count} positions, over the limit of {limit} \
         (audience.max_region_vertices); simplify it, e.g. `ogr2ogr -simplify 0.0001 out.geojson in.geojson`"
    )]
    TooManyVertices {
        source_name: String,
        count: usize,
        limit: usize,
    },
    #[error(
        "{source_name}: checking the region took longer than {ms} ms \
         (audience.region_check_ms); simplify it or split it into smaller regions"
    )]
    TooSlow { source_name: String, ms: u128 },
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

impl RegionError {
    /// Why, in words the locale files give, after the file's name.
    pub fn message(&self) -> Message {
        let m = match self {
            RegionError::NotGeoJson { .. } => Message::new("region-not-geojson"),
            RegionError::UnsupportedCrs { crs, .. } => {
                Message::new("region-unsupported-crs").text("crs", crs.clone())
            }
            RegionError::Geometry { place, reason, .. } => Message::new("region-geometry")
                .message("place", place.clone())
                .message("reason", reason.clone()),
            RegionError::TooManyVertices { count, limit, .. } => {
                Message::new("region-too-many-vertices")
                    .number("count", *count as f64)
                    .number("limit", *limit as f64)
            }
            RegionError::TooSlow { ms, .. } => {
                Message::new("region-too-slow").number("ms", *ms as f64)
            }
            RegionError::Empty { .. } => Message::new("region-empty"),
            RegionError::TooManyCells {
                estimate,
                resolution,
                cap,
                ..
            } => Message::new("refused-region-too-fine")
                .number("cells", *estimate as f64)
                .number("resolution", *resolution)
                .number("limit", *cap as f64),
        };
        let source_name = match self {
            RegionError::NotGeoJson { source_name, .. }
            | RegionError::UnsupportedCrs { source_name, .. }
            | RegionError::Geometry { source_name, .. }
            | RegionError::TooManyVertices { source_name, .. }
            | RegionError::TooSlow { source_name, .. }
            | RegionError::Empty { source_name }
            | RegionError::TooManyCells { source_name, .. } => source_name,
        };
        Message::new("region-in-file")
            .text("file", source_name.clone())
            .message("problem", m)
    }
}

/// The coordinate reference system a file's positions are in.
enum Crs {
    /// WGS 84 longitude/latitude in degrees (RFC 7946; also CRS84 and EPSG:4326 read as longitude first).
    LonLat,
    /// British National Grid eastings/northings in metres, with the projections to go to WGS 84.
    BritishNationalGrid(Box<(proj4rs::Proj, proj4rs::Proj)>),
}

/// What checking one region may cost: the positions it may have (counted before anything else is
/// done with them) and how long reading and checking it may take.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RegionLimits {
    pub max_vertices: usize,
    pub budget: Option<std::time::Duration>,
}

impl RegionLimits {
    /// No limits: for files on the command line, whose user waits for them.
    pub const NONE: RegionLimits = RegionLimits {
        max_vertices: usize::MAX,
        budget: None,
    };
}

/// Reads a region from GeoJSON text: a geometry, a feature, or a feature collection of Polygons and
/// MultiPolygons. Rings must be closed, must not cross themselves, and positions must be
/// `[longitude, latitude]` on Earth (or British National Grid metres under a `crs` naming EPSG:27700).
pub fn parse_region(text: &str, source_name: &str) -> Result<MultiPolygon<f64>, RegionError> {
    parse_region_with_notes(text, source_name).map(|(region, _notes)| region)
}

/// As [`parse_region`], also returning notes on what was done to the region on the way (a
/// reprojection, rings split at the antimeridian), worth showing to whoever supplied the file.
pub fn parse_region_with_notes(
    text: &str,
    source_name: &str,
) -> Result<(MultiPolygon<f64>, Vec<Message>), RegionError> {
    parse_region_within(text, source_name, RegionLimits::NONE)
}

/// As [`parse_region_with_notes`], refusing a region with more positions than `limits.max_vertices`
/// before reading them, and one whose reading and checking outlasts `limits.budget`.
pub fn parse_region_within(
    text: &str,
    source_name: &str,
    limits: RegionLimits,
) -> Result<(MultiPolygon<f64>, Vec<Message>), RegionError> {
    let started = Instant::now();
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| RegionError::NotGeoJson {
            source_name: source_name.into(),
            reason: e.to_string(),
        })?;
    read_region(&value, source_name, limits, started)
}

/// As [`parse_region_within`], from GeoJSON already parsed (an API request's body).
pub fn region_from_value(
    value: &serde_json::Value,
    source_name: &str,
    limits: RegionLimits,
) -> Result<(MultiPolygon<f64>, Vec<Message>), RegionError> {
    read_region(value, source_name, limits, Instant::now())
}

fn read_region(
    value: &serde_json::Value,
    source_name: &str,
    limits: RegionLimits,
    started: Instant,
) -> Result<(MultiPolygon<f64>, Vec<Message>), RegionError> {
    let deadline = limits.budget.map(|b| started + b);
    let too_slow = || RegionError::TooSlow {
        source_name: source_name.into(),
        ms: limits.budget.map_or(0, |b| b.as_millis()),
    };
    let mut notes = Vec::new();
    let crs = read_crs(value.get("crs"), source_name)?;
    if matches!(crs, Crs::BritishNationalGrid(_)) {
        notes.push(Message::new("region-note-reprojected"));
    }
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
            Some(_) => vec![("geometry".to_string(), value)],
            None => {
                return Err(RegionError::NotGeoJson {
                    source_name: source_name.into(),
                    reason: "no \"type\" member".into(),
                });
            }
        };
    let bad = |place: Message, reason: Message| RegionError::Geometry {
        source_name: source_name.into(),
        place,
        reason,
    };
    let at = |path: &str| Message::new("region-place").text("path", path);
    let count = count_positions(&geometries);
    if count > limits.max_vertices {
        return Err(RegionError::TooManyVertices {
            source_name: source_name.into(),
            count,
            limit: limits.max_vertices,
        });
    }
    if past(deadline) {
        return Err(too_slow());
    }
    let mut polygons = Vec::new();
    for (place, g) in geometries {
        let kind = g.get("type").and_then(|t| t.as_str()).unwrap_or("");
        let coords = g
            .get("coordinates")
            .ok_or_else(|| bad(at(&place), Message::new("region-no-coordinates")))?;
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
                    at(&place),
                    Message::new("region-no-area").text("kind", other),
                ));
            }
        };
        for (poly_place, rings) in polys {
            let rings = rings
                .as_array()
                .ok_or_else(|| bad(at(&poly_place), Message::new("region-not-rings")))?;
            let mut parsed = Vec::new();
            let mut antimeridian = None;
            for (r, ring) in rings.iter().enumerate() {
                let ring_place = Message::new("region-ring")
                    .text("path", poly_place.clone())
                    .text("ring", r.to_string())
                    .text("outer", if r == 0 { "yes" } else { "no" });
                let mut coords =
                    parse_ring(ring, &crs).map_err(|reason| bad(ring_place.clone(), reason))?;
                if let Some(i) = unwrap_longitudes(&mut coords)
                    .map_err(|reason| bad(ring_place.clone(), reason))?
                {
                    antimeridian.get_or_insert((ring_place.clone(), i));
                }
                if let Some((i, j, near)) =
                    find_crossing(&coords, deadline).map_err(|TimedOut| too_slow())?
                {
                    return Err(bad(
                        ring_place,
                        Message::new("region-crosses-itself")
                            .text("i", i.to_string())
                            .text("i_next", (i + 1).to_string())
                            .text("j", j.to_string())
                            .text("j_next", (j + 1).to_string())
                            .text(
                                "near",
                                format!("[{:.5}, {:.5}]", wrap_longitude(near.x), near.y),
                            ),
                    ));
                }
                parsed.push(LineString::new(coords));
            }
            let mut iter = parsed.into_iter();
            let Some(exterior) = iter.next() else {
                continue;
            };
            let polygon = Polygon::new(exterior, iter.collect());
            match antimeridian {
                None => polygons.push(polygon),
                Some((ring_place, i)) => {
                    let parts = split_at_antimeridian(polygon);
                    notes.push(
                        Message::new("region-note-antimeridian")
                            .message("place", ring_place)
                            .number("from", i as f64)
                            .number("to", (i + 1) as f64)
                            .number("parts", parts.len() as f64),
                    );
                    polygons.extend(parts);
                }
            }
        }
    }
    if polygons.is_empty() {
        return Err(RegionError::Empty {
            source_name: source_name.into(),
        });
    }
    Ok((MultiPolygon(polygons), notes))
}

/// How many positions the rings of these geometries hold, without reading them.
fn count_positions(geometries: &[(String, &serde_json::Value)]) -> usize {
    let rings = |polygon: &serde_json::Value| -> usize {
        polygon.as_array().map_or(0, |rings| {
            rings.iter().map(|r| r.as_array().map_or(0, Vec::len)).sum()
        })
    };
    geometries
        .iter()
        .map(|(_, g)| {
            let coords = g.get("coordinates");
            match g.get("type").and_then(|t| t.as_str()) {
                Some("Polygon") => coords.map_or(0, rings),
                Some("MultiPolygon") => coords
                    .and_then(|c| c.as_array())
                    .map_or(0, |ps| ps.iter().map(rings).sum()),
                _ => 0,
            }
        })
        .sum()
}

/// A closed jagged ring for tests and benchmarks: a star of `vertices` points (an even number; the
/// ring repeats the first at the end) around `centre` (`[longitude, latitude]`), alternately at
/// `radius` and at 0.6 `radius` degrees, so every edge's longitudes overlap many others'.
pub fn star_ring(vertices: usize, centre: [f64; 2], radius: f64) -> Vec<[f64; 2]> {
    let mut ring: Vec<[f64; 2]> = (0..vertices)
        .map(|k| {
            let angle = std::f64::consts::TAU * k as f64 / vertices as f64;
            let r = if k % 2 == 0 { radius } else { 0.6 * radius };
            [centre[0] + r * angle.cos(), centre[1] + r * angle.sin()]
        })
        .collect();
    ring.push(ring[0]);
    ring
}

/// Reads the top-level `crs` member (GeoJSON 2008; RFC 7946 dropped it and fixed WGS 84).
fn read_crs(crs: Option<&serde_json::Value>, source_name: &str) -> Result<Crs, RegionError> {
    let unsupported = |crs: String| RegionError::UnsupportedCrs {
        source_name: source_name.into(),
        crs,
    };
    let Some(crs) = crs.filter(|c| !c.is_null()) else {
        return Ok(Crs::LonLat);
    };
    let name = match (
        crs.get("type").and_then(|t| t.as_str()),
        crs.pointer("/properties/name").and_then(|n| n.as_str()),
    ) {
        (Some("name"), Some(name)) => name.trim(),
        _ => {
            let mut shown = crs.to_string();
            if shown.len() > 120 {
                shown = format!("{}…", shown.chars().take(120).collect::<String>());
            }
            return Err(unsupported(format!(
                "the coordinate reference system {shown}"
            )));
        }
    };
    let lower = name.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "urn:ogc:def:crs:ogc:1.3:crs84"
            | "urn:ogc:def:crs:ogc::crs84"
            | "http://www.opengis.net/def/crs/ogc/1.3/crs84"
            | "https://www.opengis.net/def/crs/ogc/1.3/crs84"
    ) {
        return Ok(Crs::LonLat);
    }
    // EPSG:N, urn:ogc:def:crs:EPSG::N (or with a version between the colons), opengis.net URLs.
    let code = if let Some(rest) = lower.strip_prefix("epsg:") {
        Some(rest)
    } else if lower.starts_with("urn:ogc:def:crs:epsg:") {
        lower.rsplit(':').next()
    } else if lower.starts_with("http://www.opengis.net/def/crs/epsg/")
        || lower.starts_with("https://www.opengis.net/def/crs/epsg/")
    {
        lower.rsplit('/').next()
    } else {
        None
    };
    match code.and_then(|c| c.parse::<u32>().ok()) {
        Some(4326) => Ok(Crs::LonLat),
        Some(27700) => {
            let project = |definition: &str| {
                proj4rs::Proj::from_proj_string(definition)
                    .map_err(|e| unsupported(format!("{name} (its definition did not load: {e})")))
            };
            Ok(Crs::BritishNationalGrid(Box::new((
                project(BRITISH_NATIONAL_GRID)?,
                project(WGS84)?,
            ))))
        }
        _ => Err(unsupported(format!("\"{name}\""))),
    }
}

fn parse_ring(ring: &serde_json::Value, crs: &Crs) -> Result<Vec<Coord<f64>>, Message> {
    let positions = ring
        .as_array()
        .ok_or_else(|| Message::new("region-not-positions"))?;
    let mut coords = Vec::with_capacity(positions.len());
    for (i, p) in positions.iter().enumerate() {
        let at = |id: &str| Message::new(id).text("i", i.to_string());
        let pair = p
            .as_array()
            .filter(|a| a.len() >= 2)
            .ok_or_else(|| match crs {
                Crs::LonLat => at("region-not-lon-lat"),
                Crs::BritishNationalGrid(_) => at("region-not-easting-northing"),
            })?;
        let (Some(x), Some(y)) = (pair[0].as_f64(), pair[1].as_f64()) else {
            return Err(at("region-not-numbers"));
        };
        let xy = format!("[{x}, {y}]");
        match crs {
            Crs::LonLat => {
                if !(-180.0..=180.0).contains(&x) || !(-90.0..=90.0).contains(&y) {
                    let swapped = (-90.0..=90.0).contains(&x) && (-180.0..=180.0).contains(&y);
                    return Err(at(if swapped {
                        "region-not-on-earth-swapped"
                    } else {
                        "region-not-on-earth"
                    })
                    .text("xy", xy));
                }
            }
            Crs::BritishNationalGrid(_) => {
                if x.abs() <= 180.0 && y.abs() <= 90.0 {
                    return Err(at("region-grid-looks-like-degrees").text("xy", xy));
                }
                // EPSG:27700's area of use is about -104 000..689 000 E, -17 000..1 257 000 N.
                if !(-120_000.0..=720_000.0).contains(&x) || !(-30_000.0..=1_300_000.0).contains(&y)
                {
                    return Err(at("region-outside-britain").text("xy", xy));
                }
            }
        }
        coords.push(Coord { x, y });
    }
    if coords.len() < 4 {
        return Err(
            Message::new("region-too-few-positions").text("count", coords.len().to_string())
        );
    }
    if coords.first() != coords.last() {
        let (f, l) = (coords[0], coords[coords.len() - 1]);
        return Err(Message::new("region-not-closed")
            .text("first", format!("[{}, {}]", f.x, f.y))
            .text("last_i", (coords.len() - 1).to_string())
            .text("last", format!("[{}, {}]", l.x, l.y)));
    }
    if let Crs::BritishNationalGrid(projections) = crs {
        let (grid, wgs84) = &**projections;
        let mut points: Vec<(f64, f64)> = coords.iter().map(|c| (c.x, c.y)).collect();
        proj4rs::transform::transform(grid, wgs84, points.as_mut_slice())
            .map_err(|_| Message::new("region-cannot-reproject"))?;
        for (i, (c, (lon, lat))) in coords.iter_mut().zip(points).enumerate() {
            let (lon, lat) = (lon.to_degrees(), lat.to_degrees());
            if !lon.is_finite() || !lat.is_finite() {
                return Err(Message::new("region-did-not-reproject")
                    .text("i", i.to_string())
                    .text("xy", format!("[{}, {}]", c.x, c.y)));
            }
            *c = Coord { x: lon, y: lat };
        }
    }
    Ok(coords)
}

/// Finds where a ring crosses the antimeridian (consecutive longitudes more than 180° apart) and
/// makes its longitudes continuous, some then beyond ±180°. Returns the position before the first
/// such crossing, or `None` if there is none; refuses rings that go round the Earth (around a pole).
fn unwrap_longitudes(coords: &mut [Coord<f64>]) -> Result<Option<usize>, Message> {
    let mut first = None;
    let mut offset = 0.0;
    let mut previous = coords[0].x;
    for (i, coord) in coords.iter_mut().enumerate().skip(1) {
        let original = coord.x;
        let step = original - previous;
        if step.abs() > 180.0 {
            first.get_or_insert(i - 1);
            offset -= 360.0 * step.signum();
        }
        previous = original;
        coord.x = original + offset;
    }
    match first {
        Some(i) if offset != 0.0 => Err(Message::new("region-round-the-earth")
            .text("i", i.to_string())
            .text("i_next", (i + 1).to_string())),
        _ => Ok(first),
    }
}

fn wrap_longitude(x: f64) -> f64 {
    if (-180.0..=180.0).contains(&x) {
        x
    } else {
        (x + 180.0).rem_euclid(360.0) - 180.0
    }
}

/// Cuts a polygon whose longitudes were made continuous across the antimeridian into parts on
/// each side of it, with longitudes back in -180..180.
fn split_at_antimeridian(mut polygon: Polygon<f64>) -> Vec<Polygon<f64>> {
    // Holes were unwrapped on their own: bring each beside its shell.
    let Some(shell) = polygon.exterior().bounding_rect() else {
        return Vec::new();
    };
    let middle = shell.center().x;
    polygon.interiors_mut(|holes| {
        for hole in holes {
            if let Some(rect) = hole.bounding_rect() {
                let shift = 360.0 * ((middle - rect.center().x) / 360.0).round();
                hole.0.iter_mut().for_each(|c| c.x += shift);
            }
        }
    });
    let first = ((shell.min().x + 180.0) / 360.0).floor() as i32;
    let last = ((shell.max().x + 180.0) / 360.0).floor() as i32;
    let mut parts = Vec::new();
    for k in first..=last {
        let shift = 360.0 * f64::from(k);
        let strip = Rect::new(
            Coord {
                x: shift - 180.0,
                y: -90.0,
            },
            Coord {
                x: shift + 180.0,
                y: 90.0,
            },
        )
        .to_polygon();
        for mut part in polygon.intersection(&strip) {
            let back = |ring: &mut LineString<f64>| {
                for c in ring.0.iter_mut() {
                    c.x = (c.x - shift).clamp(-180.0, 180.0);
                    if (c.x.abs() - 180.0).abs() < 1e-9 {
                        c.x = 180.0 * c.x.signum();
                    }
                }
            };
            part.exterior_mut(back);
            part.interiors_mut(|holes| holes.iter_mut().for_each(back));
            parts.push(part);
        }
    }
    parts
}

/// One edge of a ring: the segment from position `start` to `start + 1`.
#[derive(Clone, Copy)]
struct Edge {
    start: usize,
    line: Line<f64>,
}

/// Checking a ring took longer than its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TimedOut;

/// How often (in steps) the checks look at the clock.
const CLOCK_EVERY: usize = 4096;

fn past(deadline: Option<Instant>) -> bool {
    deadline.is_some_and(|d| Instant::now() >= d)
}

/// The first place where a closed ring crosses itself, as the starts of the two crossing edges (the
/// lower first) and a point near the crossing. Adjacent edges meeting at their shared position, and a
/// ring touching itself without passing to the other side, are not crossings; nor are stretches where
/// the ring runs back along itself.
///
/// A Shamos–Hoey sweep ([`sweep`], O(n log n)) decides rings that touch themselves nowhere, which is
/// nearly every real ring, and finds a proper crossing where there is one. A ring that touches itself
/// (a shared position, a position on another edge, edges along one line) is judged touch by touch
/// over every pair of edges whose longitudes overlap ([`crossing_by_pairs`]), which can take O(n²).
/// Both give up at `deadline`.
fn find_crossing(
    coords: &[Coord<f64>],
    deadline: Option<Instant>,
) -> Result<Option<(usize, usize, Coord<f64>)>, TimedOut> {
    match sweep(coords, deadline)? {
        Sweep::Clear => Ok(None),
        Sweep::Crossing(i, j, p) => Ok(Some((i, j, p))),
        Sweep::Touch => crossing_by_pairs(coords, deadline),
    }
}

/// What the sweep found.
#[derive(Debug, PartialEq)]
enum Sweep {
    /// No two edges meet except adjacent ones at their shared position.
    Clear,
    /// Two edges cross at a point inside both.
    Crossing(usize, usize, Coord<f64>),
    /// Two edges meet some other way (or the ring is too degenerate for the sweep's order).
    Touch,
}

/// An edge in the sweep, its ends in sweep order (by longitude, then latitude).
#[derive(Clone, Copy)]
struct Swept {
    /// The edge's place among the ring's edges of non-zero length (adjacent edges differ by one).
    rank: usize,
    edge: Edge,
    left: Coord<f64>,
    right: Coord<f64>,
}

fn sweep_order(a: Coord<f64>, b: Coord<f64>) -> std::cmp::Ordering {
    a.x.total_cmp(&b.x).then(a.y.total_cmp(&b.y))
}

/// The order of edges along the sweep line, from below: exact (robust orientation tests) for edges that
/// do not cross and both meet the sweep line, which is all the sweep keeps. A vertical edge counts as
/// leaning infinitesimally right, as the order of events implies.
impl Ord for Swept {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        if self.rank == other.rank {
            return Ordering::Equal;
        }
        // Judge the edge that starts later against the line of the one that starts first.
        let (r, s, flip) = if sweep_order(self.left, other.left) != Ordering::Greater {
            (self, other, false)
        } else {
            (other, self, true)
        };
        let mut side = RobustKernel::orient2d(r.left, r.right, s.left);
        if side == Orientation::Collinear {
            side = RobustKernel::orient2d(r.left, r.right, s.right);
        }
        let order = match side {
            Orientation::CounterClockwise => Ordering::Less,
            Orientation::Clockwise => Ordering::Greater,
            Orientation::Collinear => r.rank.cmp(&s.rank),
        };
        if flip { order.reverse() } else { order }
    }
}

impl PartialOrd for Swept {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Swept {
    fn eq(&self, other: &Self) -> bool {
        self.rank == other.rank
    }
}

impl Eq for Swept {}

/// The Shamos–Hoey sweep: edges enter a balanced tree ordered along the sweep line at their left end
/// and leave at their right end, and only neighbours in the tree are compared. Until the leftmost place
/// where two edges meet (other than adjacent edges at their shared position), the order is that of the
/// edges along the sweep line, and the two edges meeting there are neighbours before the sweep passes
/// it; the sweep stops at the first meeting it sees. O(n log n) for n edges.
fn sweep(coords: &[Coord<f64>], deadline: Option<Instant>) -> Result<Sweep, TimedOut> {
    use std::collections::BTreeSet;
    use std::ops::Bound::{Excluded, Unbounded};
    let edges: Vec<Swept> = coords
        .windows(2)
        .enumerate()
        .filter(|(_, w)| w[0] != w[1])
        .enumerate()
        .map(|(rank, (start, w))| {
            let (left, right) = if sweep_order(w[0], w[1]) == std::cmp::Ordering::Less {
                (w[0], w[1])
            } else {
                (w[1], w[0])
            };
            Swept {
                rank,
                edge: Edge {
                    start,
                    line: Line::new(w[0], w[1]),
                },
                left,
                right,
            }
        })
        .collect();
    let count = edges.len();
    // Events: (point, 0 for leaving and 1 for entering, edge); at one point edges leave first.
    let mut events: Vec<(Coord<f64>, u8, u32)> = Vec::with_capacity(2 * count);
    for (i, e) in edges.iter().enumerate() {
        events.push((e.left, 1, i as u32));
        events.push((e.right, 0, i as u32));
    }
    events.sort_unstable_by(|a, b| sweep_order(a.0, b.0).then(a.1.cmp(&b.1)));
    let adjacent = |a: &Swept, b: &Swept| {
        let d = a.rank.abs_diff(b.rank);
        d == 1 || (count > 2 && d == count - 1)
    };
    // Whether two edges meet other than at an adjacent pair's shared position; a proper crossing is
    // returned as found.
    let meet = |a: &Swept, b: &Swept| -> Option<Sweep> {
        if adjacent(a, b) {
            // Adjacent edges meet elsewhere only when the ring turns back along itself.
            let (first, second) = if (a.rank + 1) % count == b.rank {
                (a, b)
            } else {
                (b, a)
            };
            let (p, q, r) = (
                first.edge.line.start,
                first.edge.line.end,
                second.edge.line.end,
            );
            let back = RobustKernel::orient2d(p, q, r) == Orientation::Collinear
                && (p - q).x * (r - q).x + (p - q).y * (r - q).y > 0.0;
            return back.then_some(Sweep::Touch);
        }
        match geo::line_intersection::line_intersection(a.edge.line, b.edge.line)? {
            LineIntersection::SinglePoint {
                intersection,
                is_proper: true,
            } => {
                let (i, j) = (
                    a.edge.start.min(b.edge.start),
                    a.edge.start.max(b.edge.start),
                );
                Some(Sweep::Crossing(i, j, intersection))
            }
            _ => Some(Sweep::Touch),
        }
    };
    let mut active: BTreeSet<Swept> = BTreeSet::new();
    for (step, &(_, kind, i)) in events.iter().enumerate() {
        if step.is_multiple_of(CLOCK_EVERY) && past(deadline) {
            return Err(TimedOut);
        }
        let e = edges[i as usize];
        let below = active.range(..e).next_back().copied();
        let above = active.range((Excluded(e), Unbounded)).next().copied();
        if kind == 1 {
            active.insert(e);
            for n in [below, above].into_iter().flatten() {
                if let Some(found) = meet(&e, &n) {
                    return Ok(found);
                }
            }
        } else {
            if !active.remove(&e) {
                // The order broke down: only a ring that meets itself can do that.
                return Ok(Sweep::Touch);
            }
            if let (Some(b), Some(a)) = (below, above)
                && let Some(found) = meet(&b, &a)
            {
                return Ok(found);
            }
        }
    }
    Ok(Sweep::Clear)
}

/// The exact judge of rings that touch themselves: every pair of edges whose longitudes overlap, in
/// order of their western ends, each meeting judged by which way the ring passes.
fn crossing_by_pairs(
    coords: &[Coord<f64>],
    deadline: Option<Instant>,
) -> Result<Option<(usize, usize, Coord<f64>)>, TimedOut> {
    let mut edges: Vec<Edge> = coords
        .windows(2)
        .enumerate()
        .filter(|(_, w)| w[0] != w[1])
        .map(|(start, w)| Edge {
            start,
            line: Line::new(w[0], w[1]),
        })
        .collect();
    let west = |e: &Edge| e.line.start.x.min(e.line.end.x);
    let east = |e: &Edge| e.line.start.x.max(e.line.end.x);
    edges.sort_by(|a, b| west(a).total_cmp(&west(b)));
    let mut steps = 0usize;
    for (k, &first) in edges.iter().enumerate() {
        for &second in edges[k + 1..]
            .iter()
            .take_while(|e| west(e) <= east(&first))
        {
            steps += 1;
            if steps.is_multiple_of(CLOCK_EVERY) && past(deadline) {
                return Err(TimedOut);
            }
            let Some(intersection) =
                geo::line_intersection::line_intersection(first.line, second.line)
            else {
                continue;
            };
            let (a, b) = if first.start < second.start {
                (first, second)
            } else {
                (second, first)
            };
            match intersection {
                LineIntersection::SinglePoint {
                    intersection,
                    is_proper: true,
                } => return Ok(Some((a.start, b.start, intersection))),
                LineIntersection::SinglePoint {
                    intersection: p,
                    is_proper: false,
                } => {
                    // Judge each meeting once: where the point starts an edge or lies inside it, not
                    // where an edge ends there (this also passes adjacent edges).
                    if p == a.line.end || p == b.line.end {
                        continue;
                    }
                    let (a_in, a_out) = visit(coords, a, p);
                    let (b_in, b_out) = visit(coords, b, p);
                    if passes_through(p, a_in, a_out, b_in, b_out) {
                        return Ok(Some((a.start, b.start, p)));
                    }
                }
                LineIntersection::Collinear { .. } => {}
            }
        }
    }
    Ok(None)
}

/// Where the ring comes from and goes to when it passes `p` along `edge` (`p` its start or inside it).
fn visit(coords: &[Coord<f64>], edge: Edge, p: Coord<f64>) -> (Coord<f64>, Coord<f64>) {
    if p != edge.line.start {
        return (edge.line.start, edge.line.end);
    }
    // The closing position repeats position 0: step back over it and over repeated positions.
    let n = coords.len() - 1;
    let mut k = edge.start;
    for _ in 0..n {
        k = if k == 0 { n - 1 } else { k - 1 };
        if coords[k] != p {
            return (coords[k], edge.line.end);
        }
    }
    (edge.line.start, edge.line.end)
}

/// Whether a path in at `b_in`, through `p` and out at `b_out` passes from one side of the path
/// `a_in` → `p` → `a_out` to the other.
fn passes_through(
    p: Coord<f64>,
    a_in: Coord<f64>,
    a_out: Coord<f64>,
    b_in: Coord<f64>,
    b_out: Coord<f64>,
) -> bool {
    let orient = |u: Coord<f64>, v: Coord<f64>| RobustKernel::orient2d(p, u, v);
    let same_way = |u: Coord<f64>, v: Coord<f64>| {
        orient(u, v) == Orientation::Collinear
            && (u - p).x * (v - p).x + (u - p).y * (v - p).y > 0.0
    };
    // Paths that share a direction run along each other there: not a crossing.
    if [a_in, a_out]
        .iter()
        .any(|&a| same_way(a, b_in) || same_way(a, b_out))
        || same_way(a_in, a_out)
    {
        return false;
    }
    // Whether `d` lies strictly inside the turn counter-clockwise from `a_out` to `a_in`.
    let inside = |d: Coord<f64>| match orient(a_out, a_in) {
        Orientation::CounterClockwise => {
            orient(a_out, d) == Orientation::CounterClockwise
                && orient(d, a_in) == Orientation::CounterClockwise
        }
        Orientation::Clockwise => {
            orient(a_out, d) == Orientation::CounterClockwise
                || orient(d, a_in) == Orientation::CounterClockwise
        }
        Orientation::Collinear => orient(a_out, d) == Orientation::CounterClockwise,
    };
    inside(b_in) != inside(b_out)
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
            .map_err(|_| RegionError::Geometry {
                source_name: source_name.into(),
                place: Message::new("region-polygon").text("i", i.to_string()),
                reason: Message::new("region-cannot-fill"),
            })?;
    }
    // h3o's own size hint bounds the work from above and overshoots about ninefold on England, so the cap
    // is checked against the area instead: cells away from the equator are smaller than the average (about
    // 0.88 of it in England), hence the margin; the real count is checked again after the fill.
    use geo::{GeodesicArea, Orient};
    let area_km2 = region
        .orient(geo::orient::Direction::Default)
        .geodesic_area_unsigned()
        / 1e6;
    let estimate = (area_km2 / resolution.area_km2() * 1.5).ceil() as usize + region.0.len();
    let too_many = |estimate: usize| RegionError::TooManyCells {
        source_name: source_name.into(),
        estimate,
        resolution: u8::from(resolution),
        cap,
    };
    if estimate.min(tiler.coverage_size_hint()) > cap {
        return Err(too_many(estimate.min(tiler.coverage_size_hint())));
    }
    let mut cells: Vec<CellIndex> = tiler.into_coverage().collect();
    cells.sort_unstable();
    cells.dedup();
    if cells.len() > cap {
        return Err(too_many(cells.len()));
    }
    Ok(cells)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{BoundingRect, Contains, Coord, GeodesicArea, Orient};
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

    /// England in British National Grid metres, from `../shared/data` beside the crate (or beside
    /// /work/main when the tests run from elsewhere); `None`, with a message, if it is absent.
    fn england() -> Option<String> {
        let beside = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/england_outline.geojson"
        );
        let text = [beside, "/work/main/../shared/data/england_outline.geojson"]
            .iter()
            .find_map(|path| std::fs::read_to_string(path).ok());
        if text.is_none() {
            eprintln!("skipped: england_outline.geojson is not in ../shared/data");
        }
        text
    }

    fn with_crs(name: &str, coordinates: &str) -> String {
        format!(
            r#"{{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"{name}"}}}},
            "features":[{{"type":"Feature","properties":{{}},"geometry":{{"type":"Polygon","coordinates":[{coordinates}]}}}}]}}"#
        )
    }

    #[test]
    fn british_national_grid_is_reprojected() {
        // A 1 km square whose south-west corner is BNG (530000, 180000), near Charing Cross. PROJ
        // (pyproj 3.7, EPSG:27700 → EPSG:4326 without grids) puts that corner at
        // -0.128354, 51.503991.
        let ring =
            "[[530000,180000],[531000,180000],[531000,181000],[530000,181000],[530000,180000]]";
        for name in ["EPSG:27700", "urn:ogc:def:crs:EPSG::27700"] {
            let (region, notes) = parse_region_with_notes(&with_crs(name, ring), "bng").unwrap();
            let corner = region.0[0].exterior().0[0];
            assert!(
                (corner.x - -0.128354).abs() < 2e-5 && (corner.y - 51.503991).abs() < 2e-5,
                "{name}: {corner:?}"
            );
            assert_eq!(region.0[0].exterior().0.len(), 5, "nothing added");
            assert!(
                notes.iter().any(|n| n.id == "region-note-reprojected"),
                "{notes:?}"
            );
        }
        // Degrees under a BNG crs are caught.
        let err = parse_region(
            &with_crs("EPSG:27700", "[[0,52],[1,52],[1,53],[0,52]]"),
            "mixed",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("looks like longitude/latitude"), "{err}");
    }

    #[test]
    fn wgs84_names_are_read_as_longitude_latitude_and_others_refused() {
        let ring = "[[0.0,52.5],[0.3,52.5],[0.3,52.7],[0.0,52.5]]";
        for name in [
            "urn:ogc:def:crs:OGC:1.3:CRS84",
            "EPSG:4326",
            "urn:ogc:def:crs:EPSG::4326",
        ] {
            let (region, notes) = parse_region_with_notes(&with_crs(name, ring), "wgs").unwrap();
            assert_eq!(
                region.0[0].exterior().0[1],
                Coord { x: 0.3, y: 52.5 },
                "{name}"
            );
            assert!(notes.is_empty(), "{name}: {notes:?}");
        }
        let err = parse_region(&with_crs("EPSG:3857", ring), "web.geojson").unwrap_err();
        assert!(matches!(err, RegionError::UnsupportedCrs { .. }), "{err:?}");
        let err = err.to_string();
        assert!(
            err.contains("EPSG:3857") && err.contains("WGS 84") && err.contains("RFC 7946"),
            "{err}"
        );
        let link = r#"{"type":"Polygon","crs":{"type":"link","properties":{"href":"x.prj"}},"coordinates":[[[0,52],[1,52],[1,53],[0,52]]]}"#;
        let err = parse_region(link, "link").unwrap_err().to_string();
        assert!(err.contains("x.prj") && err.contains("reproject"), "{err}");
    }

    #[test]
    fn england_parses() {
        let Some(text) = england() else { return };
        let start = std::time::Instant::now();
        let (region, notes) = parse_region_with_notes(&text, "england").unwrap();
        eprintln!("England parsed in {:?}", start.elapsed());
        assert_eq!(region.0.len(), 288);
        assert_eq!(notes.len(), 1, "{notes:?}");
        let rect = region.bounding_rect().unwrap();
        // England lies within 6.5° W..1.8° E, 49.8°..55.9° N.
        assert!(
            rect.min().x > -6.5 && rect.max().x < 1.8 && rect.min().y > 49.8 && rect.max().y < 55.9,
            "{rect:?}"
        );
        // 130 300 km² (ONS); the rings run clockwise, as in the Fenland file.
        let area = region
            .orient(geo::orient::Direction::Default)
            .geodesic_area_unsigned()
            / 1e6;
        assert!((126_000.0..134_000.0).contains(&area), "{area:.0} km²");
    }

    /// h3o's fill checks every inner cell against the whole region under its debug assertions (about half
    /// a second a cell against England); Cargo.toml builds dependencies without them.
    #[test]
    fn england_fills_at_resolution_6() {
        let Some(text) = england() else { return };
        let region = parse_region(&text, "england").unwrap();
        let cells = fill(&region, Resolution::Six, 1_000_000, "england").unwrap();
        // 130 300 km² over 36.13 km² (the average cell) is about 3 600 cells, but at England's
        // latitude a resolution-6 cell is 31.6 to 32.5 km²: about 4 050.
        assert!((3_850..=4_250).contains(&cells.len()), "{}", cells.len());
        let covered: f64 = cells.iter().map(|c| c.area_km2()).sum();
        let area = region
            .orient(geo::orient::Direction::Default)
            .geodesic_area_unsigned()
            / 1e6;
        assert!(
            (covered / area - 1.0).abs() < 0.03,
            "{covered:.0} km² of cells for {area:.0} km²"
        );
    }

    fn ring(points: &[(f64, f64)]) -> Vec<Coord<f64>> {
        points.iter().map(|&(x, y)| Coord { x, y }).collect()
    }

    fn crossing(points: &[(f64, f64)]) -> Option<(usize, usize)> {
        find_crossing(&ring(points), None)
            .unwrap()
            .map(|(i, j, _)| (i, j))
    }

    #[test]
    fn the_sweep_finds_crossings_and_passes_touches() {
        // A bow tie crosses at an inner point.
        assert_eq!(
            crossing(&[(0., 0.), (2., 2.), (2., 0.), (0., 2.), (0., 0.)]),
            Some((0, 2))
        );
        // A vertical edge crossing a horizontal one.
        assert!(
            crossing(&[
                (0., 0.),
                (4., 0.),
                (4., 3.),
                (2., 3.),
                (2., -1.),
                (1., -1.),
                (1., 4.),
                (0., 4.),
                (0., 0.)
            ])
            .is_some()
        );
        // Touching: a pinch at a shared position, and a position lying on another edge from inside.
        assert_eq!(
            crossing(&[
                (0., 0.),
                (1., 1.),
                (2., 0.),
                (2., 2.),
                (1., 1.),
                (0., 2.),
                (0., 0.)
            ]),
            None
        );
        assert_eq!(
            crossing(&[(0., 0.), (4., 0.), (4., 4.), (2., 0.5), (0., 4.), (0., 0.)]),
            None
        );
        assert_eq!(
            crossing(&[(0., 0.), (4., 0.), (4., 4.), (2., 0.), (0., 4.), (0., 0.)]),
            None
        );
        // A position on another edge where the ring passes to the other side.
        assert!(
            crossing(&[
                (0., 0.),
                (4., 0.),
                (4., 4.),
                (2., 0.),
                (1., -2.),
                (0., 4.),
                (0., 0.)
            ])
            .is_some()
        );
        // Through a shared position (in from the south-west, out to the north-east, and across).
        assert_eq!(
            crossing(&[
                (0., 0.),
                (1., 1.),
                (2., 2.),
                (2., 0.),
                (1., 1.),
                (0., 2.),
                (0., 0.)
            ]),
            Some((1, 4))
        );
        // Collinear: a spike running back along itself, and two edges along one line, pass.
        assert_eq!(
            crossing(&[
                (0., 0.),
                (4., 0.),
                (4., 2.),
                (6., 2.),
                (4., 2.),
                (4., 4.),
                (0., 4.),
                (0., 0.)
            ]),
            None
        );
        assert_eq!(
            crossing(&[
                (0., 0.),
                (3., 0.),
                (3., 1.),
                (1., 1.),
                (1., 0.5),
                (2., 0.5),
                (2., 1.),
                (4., 1.),
                (4., 2.),
                (0., 2.),
                (0., 0.)
            ]),
            None
        );
        // Repeated positions and vertical edges.
        assert_eq!(
            crossing(&[
                (0., 0.),
                (0., 0.),
                (1., 0.),
                (1., 1.),
                (1., 1.),
                (0., 1.),
                (0., 0.)
            ]),
            None
        );
    }

    #[test]
    fn rings_with_holes_are_checked_ring_by_ring() {
        let text = |hole: &[[f64; 2]]| {
            serde_json::json!({"type": "Polygon", "coordinates": [
                star_ring(2_000, [0.3, 52.7], 0.1), hole]})
            .to_string()
        };
        let hole = star_ring(1_000, [0.3, 52.7], 0.02);
        let region = parse_region(&text(&hole), "holed").unwrap();
        assert_eq!(region.0[0].interiors().len(), 1);
        let mut bad = hole.clone();
        bad[500] = [0.35, 52.7];
        let err = parse_region(&text(&bad), "holed").unwrap_err().to_string();
        assert!(err.contains("ring 1 (hole): crosses itself"), "{err}");
    }

    /// Small random rings on a coarse grid (so positions repeat, touch and line up): the sweep says
    /// what checking every pair of edges says.
    #[test]
    fn the_sweep_agrees_with_every_pair_on_degenerate_rings() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand::rngs::StdRng::seed_from_u64(12);
        let (mut crossings, mut decided) = (0, 0);
        for grid in [4, 1_000] {
            for _ in 0..20_000 {
                let n = rng.gen_range(3..9);
                let mut coords: Vec<Coord<f64>> = (0..n)
                    .map(|_| Coord {
                        x: f64::from(rng.gen_range(0..grid)),
                        y: f64::from(rng.gen_range(0..grid)),
                    })
                    .collect();
                coords.push(coords[0]);
                let swept = sweep(&coords, None).unwrap();
                let exact = crossing_by_pairs(&coords, None).unwrap().is_some();
                match swept {
                    Sweep::Clear => assert!(!exact, "{coords:?}"),
                    Sweep::Crossing(..) => assert!(exact, "{coords:?}"),
                    Sweep::Touch => {}
                }
                decided += usize::from(swept != Sweep::Touch);
                assert_eq!(find_crossing(&coords, None).unwrap().is_some(), exact);
                crossings += usize::from(exact);
            }
        }
        // The sweep decides the rings that do not touch themselves: most on the fine grid.
        assert!(
            crossings > 1_000 && decided > 15_000,
            "{crossings} {decided}"
        );
    }

    #[test]
    fn a_long_star_is_checked_by_the_sweep() {
        let star: Vec<Coord<f64>> = star_ring(200_000, [0.0, 52.0], 1.0)
            .into_iter()
            .map(|[x, y]| Coord { x, y })
            .collect();
        assert_eq!(sweep(&star, None).unwrap(), Sweep::Clear);
        let deadline = std::time::Instant::now();
        assert!(find_crossing(&star, Some(deadline)).is_err());
    }

    #[test]
    fn rings_that_cross_themselves_are_refused() {
        // A bow tie: the edge 0→1 crosses the edge 2→3 at its middle.
        let bow_tie = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},
            "geometry":{"type":"Polygon","coordinates":[[[0,52],[1,53],[1,52],[0,53],[0,52]]]}}]}"#;
        let err = parse_region(bow_tie, "bow.geojson")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "bow.geojson: features[0].geometry, ring 0 (outer): crosses itself: the edge from \
             position 0 to 1 crosses the edge from position 2 to 3 near [0.50000, 52.50000]"
        );
        // A crossing through a shared position: in from the south-west and out to the north-east,
        // then in from the south-east and out to the north-west.
        let through = r#"{"type":"Polygon","coordinates":[[[0,50],[1,51],[2,52],[2,50],[1,51],[0,52],[0,50]]]}"#;
        let err = parse_region(through, "x").unwrap_err().to_string();
        assert!(
            err.contains("ring 0 (outer): crosses itself")
                && err.contains("position 1 to 2 crosses the edge from position 4 to 5")
                && err.contains("near [1.00000, 51.00000]"),
            "{err}"
        );
        // A hole crossing itself, inside a good shell.
        let hole = r#"{"type":"MultiPolygon","coordinates":[[[[0,50],[4,50],[4,54],[0,54],[0,50]],
            [[1,51],[2,52],[2,51],[1,52],[1,51]]]]}"#;
        let err = parse_region(hole, "h").unwrap_err().to_string();
        assert!(
            err.contains("coordinates[0], ring 1 (hole): crosses itself"),
            "{err}"
        );
        // Two lobes touching at a shared position without crossing, and a repeated position, pass.
        let pinched = r#"{"type":"Polygon","coordinates":[[[0,50],[1,51],[2,50],[2,50],[2,52],[1,51],[0,52],[0,50]]]}"#;
        parse_region(pinched, "pinched").unwrap();
        // A long ring: a fine zig-zag, checked quickly, then made to cross near its end.
        let mut ring: Vec<[f64; 2]> = (0..20_000)
            .map(|i| [f64::from(i) * 1e-4, 52.0 + f64::from(i % 2) * 1e-4])
            .collect();
        ring.extend([[1.9999, 53.0], [0.0, 53.0], [0.0, 52.0]]);
        let text = |ring: &[[f64; 2]]| {
            serde_json::json!({"type": "Polygon", "coordinates": [ring]}).to_string()
        };
        let start = std::time::Instant::now();
        parse_region(&text(&ring), "zigzag").unwrap();
        assert!(start.elapsed().as_secs_f64() < 2.0, "{:?}", start.elapsed());
        let n = ring.len();
        ring[n - 2] = [1.0, 51.0];
        let Err(err) = parse_region(&text(&ring), "zigzag") else {
            panic!("the crossing zig-zag was accepted");
        };
        let err = err.to_string();
        assert!(
            err.contains("crosses itself: the edge from position")
                && (err.contains(&format!("crosses the edge from position {} to", n - 3))
                    || err.contains(&format!("crosses the edge from position {} to", n - 2))),
            "{err}"
        );
    }

    #[test]
    fn rings_across_the_antimeridian_are_split() {
        // 179° E to 179° W, 10° to 11° N: 2° wide, not 358°.
        let across = r#"{"type":"Feature","properties":{},"geometry":{"type":"Polygon",
            "coordinates":[[[179,10],[-179,10],[-179,11],[179,11],[179,10]]]}}"#;
        let (region, notes) = parse_region_with_notes(across, "fiji").unwrap();
        assert_eq!(region.0.len(), 2, "{region:?}");
        assert_eq!(
            notes,
            [Message::new("region-note-antimeridian")
                .message(
                    "place",
                    Message::new("region-ring")
                        .text("path", "geometry")
                        .text("ring", "0")
                        .text("outer", "yes")
                )
                .number("from", 0.0)
                .number("to", 1.0)
                .number("parts", 2.0)]
        );
        for polygon in &region.0 {
            let rect = polygon.bounding_rect().unwrap();
            assert!(
                (rect.min().x >= 179.0 && rect.max().x <= 180.0)
                    || (rect.min().x >= -180.0 && rect.max().x <= -179.0),
                "{rect:?}"
            );
        }
        let area = region.geodesic_area_unsigned() / 1e6;
        assert!((23_000.0..25_000.0).contains(&area), "{area:.0} km²");
        let cells = fill(&region, Resolution::Five, 1_000_000, "fiji").unwrap();
        let lngs: Vec<f64> = cells.iter().map(|c| LatLng::from(*c).lng()).collect();
        assert!(lngs.iter().all(|x| x.abs() > 178.9), "{lngs:?}");
        assert!(lngs.iter().any(|&x| x > 0.0) && lngs.iter().any(|&x| x < 0.0));
        let covered: f64 = cells.iter().map(|c| c.area_km2()).sum();
        assert!(
            (covered / area - 1.0).abs() < 0.15,
            "{covered:.0} km² for {area:.0}"
        );
        // A ring around a pole cannot be split into polygons this way.
        let polar = r#"{"type":"Polygon","coordinates":[[[0,80],[120,80],[-120,80],[0,80]]]}"#;
        let err = parse_region(polar, "polar").unwrap_err().to_string();
        assert!(
            err.contains("ring 0 (outer)") && err.contains("all the way round"),
            "{err}"
        );
    }
}
