//! Rendering of H3 cells, country outlines, extra outlines and markers to SVG.
//!
//! # Projection and view
//!
//! Everything is drawn in **Web Mercator**: longitude λ and latitude φ (in
//! degrees, φ clamped to ±85.0511°) become "world units" in `[0, 1]`,
//!
//! ```text
//! x = (λ + 180) / 360
//! y = (1 − ln(tan(π/4 + φ/2)) / π) / 2        (y grows downwards)
//! ```
//!
//! and world units are scaled uniformly (same factor for x and y) and centred
//! into the `width × height` SVG user space. The view is the bounding box of
//! the cells, outlines and markers, widened on each side by
//! `padding_fraction` of its size. With no cells it fits the outlines and
//! markers; with nothing at all it shows the world (latitudes 85° N to 60° S).
//!
//! Longitudes are handled on a circle: the view spans the shortest
//! longitude interval that covers all the data (so cells either side of the
//! antimeridian, around Fiji for instance, give a small view rather than the
//! whole world), and every item is shifted by a multiple of 360° to lie in
//! it. The vertices of each H3 cell are unwrapped relative to the cell's
//! first vertex so that no cell is drawn as a stripe across the map.
//!
//! # What is drawn, bottom to top
//!
//! 1. a pale sea background;
//! 2. country outlines (light fill, grey stroke), only the polygons whose
//!    bounding box intersects the view and that are at least a pixel in
//!    size, clipped to just outside the view, with coordinates rounded to
//!    0.1 unit and points closer than half a pixel to the previous one
//!    dropped (this keeps a county map to a few kilobytes);
//! 3. one `<path>` per cell with `data-cell` (the H3 index) and `data-value`
//!    attributes and a `<title>` with the index and value, filled from the
//!    [`Scale`]'s colour-blind-safe ColorBrewer ramp (cells smaller than four
//!    pixels are drawn as a four-pixel hexagon so that they stay visible);
//! 4. extra [`Outline`]s as unfilled dark lines; a labelled outline gets its
//!    label in grey italics inside its largest polygon, nudged up or down off
//!    markers and other labels;
//! 5. [`Marker`]s as small circles with a text label (white halo via
//!    `paint-order="stroke"`), on whichever side of the circle overlaps
//!    other markers and labels least;
//! 6. a [`Legend`] box in whichever corner covers the fewest cells and markers.
//!
//! The SVG has `role="img"` and `aria-labelledby` pointing at its `<title>`
//! and `<desc>`. All text is XML-escaped and the output is deterministic:
//! the same input always gives the same bytes.
//!
//! Over 1,000 lines on purpose: a self-contained renderer (projection, view fitting, cells, outlines,
//! legend, markers, text) with its tests; nothing outside `map/` needs its parts.

use std::fmt::{self, Write};

use geo::{Area, BoundingRect, InteriorPoint, MultiPolygon, Polygon};
use h3o::CellIndex;

use super::topojson::Country;
use crate::content::numbers::NumberFormat;
use crate::geodesy::mercator;
use crate::xml::escape;

/// A labelled point, drawn as a small circle with its label beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// Text drawn next to the circle (may be empty).
    pub label: String,
}

/// An extra outline, such as a district boundary, drawn as a thin dark line
/// over the cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Outline {
    /// The outline in longitude/latitude degrees (x = longitude).
    pub shape: MultiPolygon<f64>,
    /// Drawn inside the largest polygon, and given as the line's `<title>`.
    pub label: Option<String>,
}

/// How cell values map to colours.
///
/// Both scales split their domain into seven equal steps. Values outside the
/// domain take the colour of the nearest end; NaN values are drawn grey as
/// "no data". A degenerate domain (`min == max`, `limit == 0` or non-finite
/// bounds) gives every value the middle colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scale {
    /// Low values pale yellow, high values dark red (ColorBrewer YlOrRd).
    Sequential {
        /// Value at the pale end.
        min: f64,
        /// Value at the dark end.
        max: f64,
    },
    /// Centred on 0 from `-limit` to `+limit`: negative blue, near zero
    /// light grey, positive red (ColorBrewer RdBu), e.g. for Gi* z-scores.
    Diverging {
        /// Magnitude at which the colours reach their darkest.
        limit: f64,
    },
}

/// ColorBrewer YlOrRd, 7 classes (colour-blind safe).
const YL_OR_RD: [&str; 7] = [
    "#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026",
];
/// ColorBrewer RdBu, 7 classes (colour-blind safe), ordered from negative
/// (blue) to positive (red).
const BU_RD: [&str; 7] = [
    "#2166ac", "#67a9cf", "#d1e5f0", "#f7f7f7", "#fddbc7", "#ef8a62", "#b2182b",
];
/// Fill for cells whose value is NaN.
const NO_DATA_COLOUR: &str = "#bdbdbd";

impl Scale {
    /// A sequential scale from the smallest to the largest finite value
    /// (`0..1` when there is none).
    pub fn sequential_for(values: impl IntoIterator<Item = f64>) -> Self {
        let (min, max) = values
            .into_iter()
            .filter(|v| v.is_finite())
            .fold(None, |range: Option<(f64, f64)>, v| match range {
                None => Some((v, v)),
                Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
            })
            .unwrap_or((0.0, 1.0));
        Self::Sequential { min, max }
    }

    /// The colour ramp, from the low end to the high end.
    pub fn colours(&self) -> &'static [&'static str] {
        match self {
            Self::Sequential { .. } => &YL_OR_RD,
            Self::Diverging { .. } => &BU_RD,
        }
    }

    /// The domain `(low, high)`, or `None` when it is degenerate.
    fn domain(&self) -> Option<(f64, f64)> {
        let (lo, hi) = match *self {
            Self::Sequential { min, max } => (min.min(max), min.max(max)),
            Self::Diverging { limit } => (-limit.abs(), limit.abs()),
        };
        (lo.is_finite() && hi.is_finite() && hi > lo).then_some((lo, hi))
    }

    /// Which colour step a value falls in, or `None` for NaN.
    pub fn step(&self, value: f64) -> Option<usize> {
        if value.is_nan() {
            return None;
        }
        let n = self.colours().len();
        let Some((lo, hi)) = self.domain() else {
            return Some(n / 2);
        };
        let t = (value - lo) / (hi - lo) * n as f64;
        // Clamped first, so the conversion cannot overflow; floor of a
        // value in [0, n - 1] is an exact small integer.
        Some(t.clamp(0.0, (n - 1) as f64).floor() as usize)
    }

    /// The fill colour for a value (grey for NaN).
    pub fn colour(&self, value: f64) -> &'static str {
        self.step(value)
            .and_then(|i| self.colours().get(i).copied())
            .unwrap_or(NO_DATA_COLOUR)
    }

    /// The legend for this scale: one entry per colour step, low to high,
    /// labelled with its value range.
    ///
    /// Labels are integers when the domain's ends are integers and each step
    /// is at least 1 wide; otherwise they have two decimals, or more when the
    /// step is so narrow that two significant digits need them.
    pub fn legend(&self, title: impl Into<String>) -> Legend {
        let colours = self.colours();
        let title = title.into();
        let Some((lo, hi)) = self.domain() else {
            let label = match *self {
                Self::Sequential { min, .. } if min.is_finite() => format_value(min),
                Self::Diverging { limit } if limit.is_finite() => "0".to_string(),
                _ => ALL_VALUES.to_string(),
            };
            return Legend {
                title,
                entries: vec![LegendEntry {
                    colour: colours[colours.len() / 2],
                    label,
                }],
            };
        };
        let n = colours.len();
        let width = (hi - lo) / n as f64;
        let decimals = if lo.fract() == 0.0 && hi.fract() == 0.0 && width >= 1.0 {
            0
        } else {
            decimals_for(width)
        };
        let bound = |i: usize| lo + (hi - lo) * i as f64 / n as f64;
        let entries = colours
            .iter()
            .enumerate()
            .map(|(i, colour)| LegendEntry {
                colour,
                label: format!(
                    "{} – {}",
                    format_fixed(bound(i), decimals),
                    format_fixed(bound(i + 1), decimals)
                ),
            })
            .collect();
        Legend { title, entries }
    }
}

/// The label of a scale with one colour, before [`MapWords::all_values`] words it.
const ALL_VALUES: &str = "all values";

/// A legend: a title and colour swatches with their labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Legend {
    /// Drawn in bold above the swatches (omitted when empty).
    pub title: String,
    /// Swatches from top to bottom.
    pub entries: Vec<LegendEntry>,
}

/// One swatch of a [`Legend`].
#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    /// Fill colour, `#rrggbb`.
    pub colour: &'static str,
    /// What the colour means, e.g. `"10 – 20"`.
    pub label: String,
}

/// Everything [`render_cells`] needs besides the cells.
#[derive(Clone)]
pub struct MapOptions {
    /// SVG width in pixels (user units).
    pub width: u32,
    /// SVG height in pixels (user units).
    pub height: u32,
    /// Accessible name of the map (the SVG's `<title>`).
    pub title: String,
    /// Accessible description (the SVG's `<desc>`); a short one is generated
    /// when empty.
    pub description: String,
    /// How values map to colours.
    pub scale: Scale,
    /// Heading of the legend box (e.g. "Reports per cell").
    pub legend_title: String,
    /// Country outlines to draw underneath, usually [`super::world_50m`].
    pub countries: &'static [Country],
    /// Extra outlines (districts…) drawn over the cells.
    pub outlines: Vec<Outline>,
    /// Labelled points drawn on top.
    pub markers: Vec<Marker>,
    /// Padding around the data on each side, as a fraction of the data's
    /// extent (0.05 = 5 %). Clamped to `0..=1`.
    pub padding_fraction: f64,
    /// The map's own words and numbers in the reader's language.
    pub words: MapWords,
}

/// What a map says by itself, in the reader's language: the label of a cell
/// without a value, of a scale with one colour, and how numbers are written.
/// English by default; [`super::words`] reads them from the locale files.
#[derive(Debug, Clone)]
pub struct MapWords {
    pub no_data: String,
    pub all_values: String,
    pub numbers: NumberFormat,
}

impl Default for MapWords {
    fn default() -> Self {
        Self {
            no_data: "no data".to_string(),
            all_values: ALL_VALUES.to_string(),
            numbers: NumberFormat::for_locale("en"),
        }
    }
}

impl MapOptions {
    /// 800 × 600, the 1:50m world, no outlines or markers, 5 % padding.
    pub fn new(title: impl Into<String>, scale: Scale) -> Self {
        Self {
            width: 800,
            height: 600,
            title: title.into(),
            description: String::new(),
            scale,
            legend_title: String::new(),
            countries: super::world_50m(),
            outlines: Vec::new(),
            markers: Vec::new(),
            padding_fraction: 0.05,
            words: MapWords::default(),
        }
    }
}

impl fmt::Debug for MapOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MapOptions")
            .field("width", &self.width)
            .field("height", &self.height)
            .field("title", &self.title)
            .field("description", &self.description)
            .field("scale", &self.scale)
            .field("legend_title", &self.legend_title)
            .field(
                "countries",
                &format_args!("[{} countries]", self.countries.len()),
            )
            .field("outlines", &self.outlines.len())
            .field("markers", &self.markers)
            .field("padding_fraction", &self.padding_fraction)
            .finish()
    }
}

/// Renders `cells` (each with its value) as a complete `<svg>` element.
///
/// See the [module documentation](self) for what is drawn and how.
pub fn render_cells(cells: &[(CellIndex, f64)], options: &MapOptions) -> String {
    let mut out = String::with_capacity(16 * 1024);
    // Writing to a `String` cannot fail.
    match write_map(&mut out, cells, options) {
        Ok(()) => out,
        Err(fmt::Error) => String::new(),
    }
}

// ---------------------------------------------------------------------------
// Projection and view
// ---------------------------------------------------------------------------

/// Smallest view extent in world units (about 800 m at the equator), so a
/// single marker still gets a sensible zoom.
const MIN_SPAN: f64 = 2e-5;
/// Latitudes shown when there is nothing to fit.
const WORLD_LATITUDES: (f64, f64) = (-60.0, 85.0);
/// Country and outline points closer than this (pixels) to the previously
/// kept point are dropped.
const SIMPLIFY_PX: f64 = 0.5;
/// Polygons are clipped to the view widened by this many pixels, so the
/// clipping edges and the stroke there stay out of sight.
const CLIP_MARGIN_PX: f64 = 4.0;
/// Cells smaller than this (pixels) are drawn as a hexagon of this size.
const MIN_CELL_PX: f64 = 4.0;

/// `lon` moved by a multiple of 360° to lie within 180° of `reference`.
fn wrap_near(lon: f64, reference: f64) -> f64 {
    lon + 360.0 * ((reference - lon) / 360.0).round()
}

/// An axis-aligned rectangle (world units or pixels, y down).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rect {
    min_x: f64,
    min_y: f64,
    max_x: f64,
    max_y: f64,
}

impl Rect {
    /// The world-unit rectangle covering a longitude/latitude box.
    fn from_lonlat(west: f64, south: f64, east: f64, north: f64) -> Self {
        let (min_x, min_y) = mercator(west, north);
        let (max_x, max_y) = mercator(east, south);
        Self {
            min_x,
            min_y,
            max_x,
            max_y,
        }
    }

    /// Whether the rectangles overlap by more than an edge.
    fn intersects(&self, other: &Self) -> bool {
        self.min_x < other.max_x
            && other.min_x < self.max_x
            && self.min_y < other.max_y
            && other.min_y < self.max_y
    }

    fn contains(&self, (x, y): (f64, f64)) -> bool {
        (self.min_x..=self.max_x).contains(&x) && (self.min_y..=self.max_y).contains(&y)
    }
}

/// The mapping from world units to SVG user units.
struct Frame {
    /// World coordinates of the SVG's top-left corner.
    x0: f64,
    y0: f64,
    /// Pixels per world unit.
    scale: f64,
    width: f64,
    height: f64,
}

impl Frame {
    /// Fits `bounds`, widened by `padding` of its size on each side, into
    /// `width × height`, centred, with one scale for both axes.
    fn fit(bounds: Rect, width: f64, height: f64, padding: f64) -> Self {
        let padding = if padding.is_finite() {
            padding.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let span_x = (bounds.max_x - bounds.min_x).max(MIN_SPAN) * (1.0 + 2.0 * padding);
        let span_y = (bounds.max_y - bounds.min_y).max(MIN_SPAN) * (1.0 + 2.0 * padding);
        let scale = (width / span_x).min(height / span_y);
        let centre_x = (bounds.min_x + bounds.max_x) / 2.0;
        let centre_y = (bounds.min_y + bounds.max_y) / 2.0;
        Self {
            x0: centre_x - width / (2.0 * scale),
            y0: centre_y - height / (2.0 * scale),
            scale,
            width,
            height,
        }
    }

    /// Degrees to SVG user units.
    fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        let (x, y) = mercator(lon, lat);
        ((x - self.x0) * self.scale, (y - self.y0) * self.scale)
    }

    /// The part of the world that is visible, in world units.
    fn visible(&self) -> Rect {
        Rect {
            min_x: self.x0,
            min_y: self.y0,
            max_x: self.x0 + self.width / self.scale,
            max_y: self.y0 + self.height / self.scale,
        }
    }

    /// The clipping rectangle in pixels: the SVG area plus a margin.
    fn clip(&self) -> Rect {
        Rect {
            min_x: -CLIP_MARGIN_PX,
            min_y: -CLIP_MARGIN_PX,
            max_x: self.width + CLIP_MARGIN_PX,
            max_y: self.height + CLIP_MARGIN_PX,
        }
    }

    /// A world rectangle's size in pixels.
    fn size_px(&self, r: &Rect) -> (f64, f64) {
        (
            (r.max_x - r.min_x) * self.scale,
            (r.max_y - r.min_y) * self.scale,
        )
    }
}

/// The shortest longitude interval `(west, east)` covering all `lons`
/// (`east` may exceed 180 when the interval crosses the antimeridian).
fn longitude_span(mut lons: Vec<f64>) -> Option<(f64, f64)> {
    for lon in &mut lons {
        *lon = (*lon + 180.0).rem_euclid(360.0) - 180.0;
    }
    lons.sort_by(f64::total_cmp);
    lons.dedup();
    let (&first, &last) = (lons.first()?, lons.last()?);
    // The gap across the antimeridian wins ties, giving the usual -180..180.
    let mut best = (first + 360.0 - last, first, last);
    for pair in lons.windows(2) {
        let gap = pair[1] - pair[0];
        if gap > best.0 {
            best = (gap, pair[1], pair[0] + 360.0);
        }
    }
    Some((best.1, best.2))
}

/// A ring of (longitude, latitude) points in degrees.
type Ring = Vec<(f64, f64)>;

/// The map's contents, in degrees, after longitude unwrapping.
struct Scene<'a> {
    /// Each cell's boundary as (lon, lat), unwrapped and shifted into the view.
    cells: Vec<(CellIndex, f64, Ring)>,
    /// Each outline with a longitude shift per polygon.
    outlines: Vec<(&'a Outline, Vec<f64>)>,
    /// Finite markers with their longitude shifted into the view.
    markers: Vec<(&'a Marker, f64)>,
    /// World-unit bounds to fit, or `None` to show the world.
    bounds: Option<Rect>,
}

impl<'a> Scene<'a> {
    fn new(cells: &[(CellIndex, f64)], options: &'a MapOptions) -> Self {
        let cells: Vec<_> = cells
            .iter()
            .map(|&(cell, value)| {
                let boundary = cell.boundary();
                let first = boundary.first().map_or(0.0, |ll| ll.lng());
                let ring: Ring = boundary
                    .iter()
                    .map(|ll| (wrap_near(ll.lng(), first), ll.lat()))
                    .collect();
                (cell, value, ring)
            })
            .collect();
        let markers: Vec<&Marker> = options
            .markers
            .iter()
            .filter(|m| m.lat.is_finite() && m.lon.is_finite())
            .collect();

        // Every longitude and latitude that the view must include.
        let mut lons = Vec::new();
        let mut lats = Vec::new();
        for (_, _, ring) in &cells {
            lons.extend(ring.iter().map(|p| p.0));
            lats.extend(ring.iter().map(|p| p.1));
        }
        let outline_coords = || {
            options
                .outlines
                .iter()
                .flat_map(|o| o.shape.iter())
                .flat_map(|p| p.exterior().coords())
                .filter(|c| c.x.is_finite() && c.y.is_finite())
        };
        lons.extend(outline_coords().map(|c| c.x));
        lats.extend(outline_coords().map(|c| c.y));
        lons.extend(markers.iter().map(|m| m.lon));
        lats.extend(markers.iter().map(|m| m.lat));

        let span = longitude_span(lons);
        let centre = span.map_or(0.0, |(west, east)| (west + east) / 2.0);
        let bounds = span.map(|(west, east)| {
            let south = lats.iter().copied().fold(f64::INFINITY, f64::min);
            let north = lats.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            Rect::from_lonlat(west, south, east, north)
        });

        let cells = cells
            .into_iter()
            .map(|(cell, value, mut ring)| {
                if let Some(&(first, _)) = ring.first() {
                    let shift = wrap_near(first, centre) - first;
                    for p in &mut ring {
                        p.0 += shift;
                    }
                }
                (cell, value, ring)
            })
            .collect();
        let outlines = options
            .outlines
            .iter()
            .map(|outline| {
                let shifts = outline
                    .shape
                    .iter()
                    .map(|p| {
                        p.exterior()
                            .coords()
                            .next()
                            .filter(|c| c.x.is_finite())
                            .map_or(0.0, |c| wrap_near(c.x, centre) - c.x)
                    })
                    .collect();
                (outline, shifts)
            })
            .collect();
        let markers = markers
            .into_iter()
            .map(|m| (m, wrap_near(m.lon, centre)))
            .collect();

        Self {
            cells,
            outlines,
            markers,
            bounds,
        }
    }
}

// ---------------------------------------------------------------------------
// SVG writing
// ---------------------------------------------------------------------------

const FONT: &str = "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif";
const SEA_FILL: &str = "#f2f6f9";
const LAND_FILL: &str = "#e9e8e3";
const LAND_STROKE: &str = "#a3a3a3";
const OUTLINE_STROKE: &str = "#2b2b2b";
const INK: &str = "#1a1a1a";
const OUTLINE_LABEL_INK: &str = "#4a4a4a";
/// Rough average character widths (pixels) of the sans-serif labels: 12px
/// for markers and the legend, 11px for outline labels.
const MARKER_LABEL_CHAR: f64 = 6.6;
const OUTLINE_LABEL_CHAR: f64 = 6.0;

fn write_map(out: &mut String, cells: &[(CellIndex, f64)], options: &MapOptions) -> fmt::Result {
    let width = f64::from(options.width.max(1));
    let height = f64::from(options.height.max(1));
    let scene = Scene::new(cells, options);
    let frame = match scene.bounds {
        Some(bounds) => Frame::fit(bounds, width, height, options.padding_fraction),
        None => {
            let (south, north) = WORLD_LATITUDES;
            Frame::fit(
                Rect::from_lonlat(-180.0, south, 180.0, north),
                width,
                height,
                0.0,
            )
        }
    };

    let id = document_id(cells, options);
    let description = if options.description.is_empty() {
        let what = if options.legend_title.is_empty() {
            "value"
        } else {
            options.legend_title.as_str()
        };
        format!("Map of {} H3 cells coloured by {what}.", cells.len())
    } else {
        options.description.clone()
    };

    write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-title {id}-desc" font-family="{font}">"#,
        w = options.width.max(1),
        h = options.height.max(1),
        font = FONT,
    )?;
    write!(
        out,
        r#"<title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(&options.title),
        escape(&description),
    )?;
    write!(
        out,
        r#"<rect class="sea" width="100%" height="100%" fill="{SEA_FILL}"/>"#
    )?;
    write_countries(out, options.countries, &frame)?;
    let cell_centres = write_cells(out, &scene, options, &frame)?;
    let markers = layout_markers(&scene, &frame);
    write_outlines(out, &scene, &frame, &markers)?;
    write_markers(out, &markers)?;
    let marker_points = markers.iter().map(|m| (m.x, m.y));

    let mut legend = options.scale.legend(options.legend_title.clone());
    for entry in &mut legend.entries {
        entry.label = if entry.label == ALL_VALUES {
            options.words.all_values.clone()
        } else {
            entry
                .label
                .split(" – ")
                .map(|n| options.words.numbers.localise(n))
                .collect::<Vec<_>>()
                .join(" – ")
        };
    }
    if cells.iter().any(|(_, v)| v.is_nan()) {
        legend.entries.push(LegendEntry {
            colour: NO_DATA_COLOUR,
            label: options.words.no_data.clone(),
        });
    }
    let avoid: Vec<(f64, f64)> = cell_centres.into_iter().chain(marker_points).collect();
    write_legend(out, &legend, &frame, &avoid)?;
    out.push_str("</svg>");
    Ok(())
}

/// Country outlines whose polygons intersect the view.
fn write_countries(out: &mut String, countries: &[Country], frame: &Frame) -> fmt::Result {
    let visible = frame.visible();
    let clip = frame.clip();
    let mut opened = false;
    let mut d = String::new();
    for country in countries {
        d.clear();
        for polygon in &country.shape {
            let Some(bbox) = polygon.bounding_rect() else {
                continue;
            };
            for shift in [-360.0, 0.0, 360.0] {
                let rect = Rect::from_lonlat(
                    bbox.min().x + shift,
                    bbox.min().y,
                    bbox.max().x + shift,
                    bbox.max().y,
                );
                let (w, h) = frame.size_px(&rect);
                if !rect.intersects(&visible) || (w < 1.0 && h < 1.0) {
                    continue;
                }
                polygon_path(&mut d, polygon, shift, frame, &clip, SIMPLIFY_PX)?;
            }
        }
        if d.is_empty() {
            continue;
        }
        if !opened {
            write!(
                out,
                r#"<g class="countries" fill="{LAND_FILL}" stroke="{LAND_STROKE}" stroke-width="0.6" stroke-linejoin="round" fill-rule="evenodd">"#
            )?;
            opened = true;
        }
        write!(
            out,
            r#"<path data-country="{}" data-name="{}" d="{d}"/>"#,
            escape(&country.id),
            escape(&country.name),
        )?;
    }
    if opened {
        out.push_str("</g>");
    }
    Ok(())
}

/// The cells; returns their centres in pixels (for placing the legend).
fn write_cells(
    out: &mut String,
    scene: &Scene<'_>,
    options: &MapOptions,
    frame: &Frame,
) -> Result<Vec<(f64, f64)>, fmt::Error> {
    let scale = &options.scale;
    let mut centres = Vec::with_capacity(scene.cells.len());
    if scene.cells.is_empty() {
        return Ok(centres);
    }
    out.push_str(
        r##"<g class="cells" stroke="#ffffff" stroke-width="0.5" stroke-opacity="0.8" stroke-linejoin="round">"##,
    );
    let mut d = String::new();
    for (cell, value, ring) in &scene.cells {
        let points: Vec<(f64, f64)> = ring
            .iter()
            .map(|&(lon, lat)| frame.project(lon, lat))
            .collect();
        let n = points.len().max(1) as f64;
        let centre = (
            points.iter().map(|p| p.0).sum::<f64>() / n,
            points.iter().map(|p| p.1).sum::<f64>() / n,
        );
        centres.push(centre);
        let (min_x, max_x, min_y, max_y) = points.iter().fold(
            (
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
            ),
            |(a, b, c, e), p| (a.min(p.0), b.max(p.0), c.min(p.1), e.max(p.1)),
        );
        let tiny = (max_x - min_x).max(max_y - min_y) < MIN_CELL_PX;

        d.clear();
        if tiny {
            let r = MIN_CELL_PX / 2.0;
            let hexagon: Vec<(f64, f64)> = (0..6)
                .map(|i| {
                    let a = std::f64::consts::FRAC_PI_3 * f64::from(i);
                    (centre.0 + r * a.cos(), centre.1 + r * a.sin())
                })
                .collect();
            ring_path(&mut d, &hexagon, 0.0)?;
        } else {
            ring_path(&mut d, &points, 0.0)?;
        }
        write!(
            out,
            r#"<path d="{d}" fill="{}"{} data-cell="{cell}" data-value="{value}"><title>{cell}: {}</title></path>"#,
            scale.colour(*value),
            if tiny { r#" stroke="none""# } else { "" },
            escape(&if value.is_nan() {
                options.words.no_data.clone()
            } else {
                options.words.numbers.localise(&format_value(*value))
            }),
        )?;
    }
    out.push_str("</g>");
    Ok(centres)
}

/// Extra outlines as dark lines, then their labels.
fn write_outlines(
    out: &mut String,
    scene: &Scene<'_>,
    frame: &Frame,
    markers: &[MarkerLayout],
) -> fmt::Result {
    if scene.outlines.is_empty() {
        return Ok(());
    }
    let clip = frame.clip();
    write!(
        out,
        r#"<g class="outlines" fill="none" stroke="{OUTLINE_STROKE}" stroke-width="1.2" stroke-linejoin="round">"#
    )?;
    let mut d = String::new();
    let mut labels = Vec::new();
    for (outline, shifts) in &scene.outlines {
        d.clear();
        for (polygon, &shift) in outline.shape.iter().zip(shifts) {
            polygon_path(&mut d, polygon, shift, frame, &clip, SIMPLIFY_PX)?;
        }
        if d.is_empty() {
            continue;
        }
        match &outline.label {
            Some(label) => {
                write!(
                    out,
                    r#"<path d="{d}"><title>{}</title></path>"#,
                    escape(label)
                )?;
                let largest = outline
                    .shape
                    .iter()
                    .zip(shifts)
                    .max_by(|a, b| a.0.unsigned_area().total_cmp(&b.0.unsigned_area()));
                if let Some((polygon, shift)) = largest
                    && let Some(point) = polygon.interior_point()
                {
                    labels.push((frame.project(point.x() + shift, point.y()), label));
                }
            }
            None => write!(out, r#"<path d="{d}"/>"#)?,
        }
    }
    out.push_str("</g>");
    if !labels.is_empty() {
        write!(
            out,
            r##"<g class="outline-labels" font-size="11" font-style="italic" text-anchor="middle" fill="{OUTLINE_LABEL_INK}" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">"##
        )?;
        // Labels move up or down, if they can, off markers, marker labels
        // and earlier outline labels.
        let mut taken: Vec<Rect> = markers
            .iter()
            .flat_map(|m| std::iter::once(m.dot).chain(m.label_box))
            .collect();
        for ((x, y), label) in labels {
            let half_width = text_width(label, OUTLINE_LABEL_CHAR) / 2.0;
            let box_at = |dy: f64| Rect {
                min_x: x - half_width,
                min_y: y + dy - 7.0,
                max_x: x + half_width,
                max_y: y + dy + 5.0,
            };
            let dy = [0.0, 14.0, -14.0, 28.0, -28.0, 42.0, -42.0]
                .into_iter()
                .find(|&dy| !taken.iter().any(|t| t.intersects(&box_at(dy))))
                .unwrap_or(0.0);
            taken.push(box_at(dy));
            write!(
                out,
                r#"<text x="{}" y="{}">{}</text>"#,
                Coord1(x),
                Coord1(y + dy + 4.0),
                escape(label)
            )?;
        }
        out.push_str("</g>");
    }
    Ok(())
}

/// Where a marker and its label go, in pixels.
struct MarkerLayout<'a> {
    marker: &'a Marker,
    x: f64,
    y: f64,
    /// The circle's extent.
    dot: Rect,
    /// Start (or, when `anchor_end`, end) of the label's baseline.
    text_x: f64,
    anchor_end: bool,
    /// Approximate extent of the label, if there is one.
    label_box: Option<Rect>,
}

/// Places the markers and their labels. A label goes to the right of its
/// circle (to the left near the right edge), or to the other side when that
/// would overlap another marker or an earlier label less.
fn layout_markers<'a>(scene: &Scene<'a>, frame: &Frame) -> Vec<MarkerLayout<'a>> {
    let positions: Vec<(f64, f64)> = scene
        .markers
        .iter()
        .map(|&(marker, lon)| frame.project(lon, marker.lat))
        .collect();
    let dot = |(x, y): (f64, f64)| Rect {
        min_x: x - 5.0,
        min_y: y - 5.0,
        max_x: x + 5.0,
        max_y: y + 5.0,
    };
    let mut taken: Vec<Rect> = positions.iter().map(|&p| dot(p)).collect();
    let mut layouts = Vec::with_capacity(positions.len());
    for (&(marker, _), &(x, y)) in scene.markers.iter().zip(&positions) {
        let width = text_width(&marker.label, MARKER_LABEL_CHAR);
        let place = |anchor_end: bool| {
            let text_x = if anchor_end { x - 7.0 } else { x + 7.0 };
            let label_box = Rect {
                min_x: if anchor_end { text_x - width } else { text_x },
                min_y: y - 6.0,
                max_x: if anchor_end { text_x } else { text_x + width },
                max_y: y + 6.0,
            };
            (anchor_end, text_x, label_box)
        };
        let preferred = x > frame.width * 0.75;
        let overlaps =
            |(_, _, b): &(bool, f64, Rect)| taken.iter().filter(|t| t.intersects(b)).count();
        let first = place(preferred);
        let second = place(!preferred);
        let (anchor_end, text_x, label_box) = if overlaps(&second) < overlaps(&first) {
            second
        } else {
            first
        };
        let label_box = (!marker.label.is_empty()).then_some(label_box);
        taken.extend(label_box);
        layouts.push(MarkerLayout {
            marker,
            x,
            y,
            dot: dot((x, y)),
            text_x,
            anchor_end,
            label_box,
        });
    }
    layouts
}

/// Markers as circles with labels.
fn write_markers(out: &mut String, markers: &[MarkerLayout<'_>]) -> fmt::Result {
    if markers.is_empty() {
        return Ok(());
    }
    write!(out, r#"<g class="markers" font-size="12" fill="{INK}">"#)?;
    for m in markers {
        write!(
            out,
            r##"<circle cx="{}" cy="{}" r="4" stroke="#ffffff" stroke-width="1.5"/>"##,
            Coord1(m.x),
            Coord1(m.y)
        )?;
        if m.marker.label.is_empty() {
            continue;
        }
        write!(
            out,
            r##"<text x="{}" y="{}"{} stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">{}</text>"##,
            Coord1(m.text_x),
            Coord1(m.y + 4.0),
            if m.anchor_end {
                r#" text-anchor="end""#
            } else {
                ""
            },
            escape(&m.marker.label)
        )?;
    }
    out.push_str("</g>");
    Ok(())
}

/// Rough width of a label, from a per-character width for its font size.
fn text_width(text: &str, char_width: f64) -> f64 {
    text.chars().count() as f64 * char_width
}

/// The legend box, in the corner that hides the fewest `avoid` points.
fn write_legend(
    out: &mut String,
    legend: &Legend,
    frame: &Frame,
    avoid: &[(f64, f64)],
) -> fmt::Result {
    const PAD: f64 = 8.0;
    const ROW: f64 = 18.0;
    const SWATCH_W: f64 = 16.0;
    const SWATCH_H: f64 = 12.0;
    const MARGIN: f64 = 10.0;
    // Rough character width of the bold 12px title.
    const TITLE_CHAR: f64 = 7.2;

    let title_rows = if legend.title.is_empty() { 0.0 } else { 1.0 };
    let title_w = text_width(&legend.title, TITLE_CHAR);
    let label_w = legend
        .entries
        .iter()
        .map(|e| text_width(&e.label, MARKER_LABEL_CHAR))
        .fold(0.0, f64::max);
    let w = (PAD * 2.0 + title_w.max(SWATCH_W + 6.0 + label_w)).ceil();
    let h = (PAD * 2.0 + ROW * (title_rows + legend.entries.len() as f64) - 4.0).ceil();

    let left = MARGIN;
    let right = (frame.width - w - MARGIN).max(MARGIN);
    let top = MARGIN;
    let bottom = (frame.height - h - MARGIN).max(MARGIN);
    let corners = [(left, bottom), (right, bottom), (left, top), (right, top)];
    let hidden = |&(x, y): &(f64, f64)| {
        let r = Rect {
            min_x: x,
            min_y: y,
            max_x: x + w,
            max_y: y + h,
        };
        avoid.iter().filter(|p| r.contains(**p)).count()
    };
    // `min_by_key` keeps the first of equal corners: bottom-left by default.
    let (x, y) = corners
        .iter()
        .copied()
        .min_by_key(hidden)
        .unwrap_or((left, bottom));

    write!(
        out,
        r##"<g class="legend" transform="translate({} {})" font-size="12" fill="{INK}"><rect width="{w}" height="{h}" rx="3" fill="#ffffff" fill-opacity="0.9" stroke="#9e9e9e" stroke-width="0.8"/>"##,
        Coord1(x),
        Coord1(y)
    )?;
    let mut row_top = PAD;
    if !legend.title.is_empty() {
        write!(
            out,
            r#"<text x="{PAD}" y="{}" font-weight="bold">{}</text>"#,
            Coord1(row_top + 11.0),
            escape(&legend.title)
        )?;
        row_top += ROW;
    }
    for entry in &legend.entries {
        write!(
            out,
            r##"<rect x="{PAD}" y="{}" width="{SWATCH_W}" height="{SWATCH_H}" fill="{}" stroke="#7f7f7f" stroke-width="0.5"/><text x="{}" y="{}">{}</text>"##,
            Coord1(row_top),
            entry.colour,
            Coord1(PAD + SWATCH_W + 6.0),
            Coord1(row_top + 10.5),
            escape(&entry.label)
        )?;
        row_top += ROW;
    }
    out.push_str("</g>");
    Ok(())
}

/// Appends the rings of `polygon` (longitudes moved by `shift`), clipped to
/// `clip` (pixels), to the path data `d`. Holes are only drawn with their
/// exterior; the group's `fill-rule="evenodd"` makes them holes.
fn polygon_path(
    d: &mut String,
    polygon: &Polygon<f64>,
    shift: f64,
    frame: &Frame,
    clip: &Rect,
    tolerance: f64,
) -> fmt::Result {
    let mut exterior_drawn = false;
    for (i, ring) in std::iter::once(polygon.exterior())
        .chain(polygon.interiors())
        .enumerate()
    {
        if i > 0 && !exterior_drawn {
            break;
        }
        let points: Vec<(f64, f64)> = ring
            .coords()
            .filter(|c| c.x.is_finite() && c.y.is_finite())
            .map(|c| frame.project(c.x + shift, c.y))
            .collect();
        let drawn = ring_path(d, &clip_ring(&points, clip), tolerance)?;
        if i == 0 {
            exterior_drawn = drawn;
        }
    }
    Ok(())
}

/// Sutherland–Hodgman clipping of a closed ring to a rectangle. Parts of the
/// ring outside become runs along the rectangle's edges, which lie outside
/// the visible area when the rectangle has a margin.
fn clip_ring(points: &[(f64, f64)], r: &Rect) -> Vec<(f64, f64)> {
    let inside_all = points.iter().all(|&p| r.contains(p));
    if inside_all {
        return points.to_vec();
    }
    // For each edge: is a point inside, and where does a segment cross it.
    type Inside = fn(&Rect, (f64, f64)) -> bool;
    type Cross = fn(&Rect, (f64, f64), (f64, f64)) -> (f64, f64);
    fn at_x(x: f64, a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
        (x, a.1 + (x - a.0) / (b.0 - a.0) * (b.1 - a.1))
    }
    fn at_y(y: f64, a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
        (a.0 + (y - a.1) / (b.1 - a.1) * (b.0 - a.0), y)
    }
    let edges: [(Inside, Cross); 4] = [
        (|r, p| p.0 >= r.min_x, |r, a, b| at_x(r.min_x, a, b)),
        (|r, p| p.0 <= r.max_x, |r, a, b| at_x(r.max_x, a, b)),
        (|r, p| p.1 >= r.min_y, |r, a, b| at_y(r.min_y, a, b)),
        (|r, p| p.1 <= r.max_y, |r, a, b| at_y(r.max_y, a, b)),
    ];
    let mut output = points.to_vec();
    for (inside, cross) in edges {
        let input = std::mem::take(&mut output);
        let Some(&last) = input.last() else {
            break;
        };
        let mut prev = last;
        for &cur in &input {
            match (inside(r, prev), inside(r, cur)) {
                (true, true) => output.push(cur),
                (false, true) => {
                    output.push(cross(r, prev, cur));
                    output.push(cur);
                }
                (true, false) => output.push(cross(r, prev, cur)),
                (false, false) => {}
            }
            prev = cur;
        }
    }
    output
}

/// Appends one closed ring as `M x y x y … Z`, with coordinates rounded to
/// 0.1 unit and points within `tolerance` pixels of the previously kept one
/// dropped. Writes nothing (and returns `false`) when fewer than three
/// distinct points remain.
fn ring_path(d: &mut String, points: &[(f64, f64)], tolerance: f64) -> Result<bool, fmt::Error> {
    let tolerance_tenths = tolerance * 10.0;
    let mut kept: Vec<(i64, i64)> = Vec::with_capacity(points.len());
    for &(x, y) in points {
        // `as` saturates, so even absurd coordinates cannot panic.
        let p = ((x * 10.0).round() as i64, (y * 10.0).round() as i64);
        if let Some(&(lx, ly)) = kept.last() {
            let (dx, dy) = (p.0 as f64 - lx as f64, p.1 as f64 - ly as f64);
            if p == (lx, ly) || dx * dx + dy * dy < tolerance_tenths * tolerance_tenths {
                continue;
            }
        }
        kept.push(p);
    }
    // The closing point is implied by `Z`.
    while kept.len() > 1 && kept.first() == kept.last() {
        kept.pop();
    }
    if kept.len() < 3 {
        return Ok(false);
    }
    for (i, &(x, y)) in kept.iter().enumerate() {
        d.push(if i == 0 { 'M' } else { ' ' });
        write!(d, "{} {}", Tenths(x), Tenths(y))?;
    }
    d.push('Z');
    Ok(true)
}

/// A number of tenths, printed as a decimal without a trailing `.0`.
struct Tenths(i64);

impl fmt::Display for Tenths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        match abs % 10 {
            0 => write!(f, "{sign}{}", abs / 10),
            tenth => write!(f, "{sign}{}.{tenth}", abs / 10),
        }
    }
}

/// A coordinate printed with one decimal (as [`Tenths`]).
struct Coord1(f64);

impl fmt::Display for Coord1 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Tenths((self.0 * 10.0).round() as i64).fmt(f)
    }
}

/// A stable id for the SVG's `<title>`/`<desc>`, derived from the content
/// (FNV-1a), so two different maps on one page do not share ids while the
/// same map always gets the same one.
fn document_id(cells: &[(CellIndex, f64)], options: &MapOptions) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    feed(options.title.as_bytes());
    feed(&[0]);
    feed(options.description.as_bytes());
    feed(&[0]);
    for (cell, value) in cells {
        feed(&u64::from(*cell).to_le_bytes());
        feed(&value.to_bits().to_le_bytes());
    }
    format!("map-{hash:016x}")
}

/// Decimals that show two significant digits of `width`, and at least two.
fn decimals_for(width: f64) -> usize {
    if !(width.is_finite() && width > 0.0) {
        return 2;
    }
    let needed = 1 - width.log10().floor() as i64;
    needed.clamp(2, 10) as usize
}

/// `value` with `decimals` decimals, never as `-0`.
fn format_fixed(value: f64, decimals: usize) -> String {
    let s = format!("{value:.decimals$}");
    if s.starts_with('-') && s.bytes().all(|b| matches!(b, b'-' | b'0' | b'.')) {
        s[1..].to_string()
    } else {
        s
    }
}

/// A cell value for people: integers as integers, otherwise two decimals
/// (more for small values, to keep two significant digits).
fn format_value(value: f64) -> String {
    if value.is_nan() {
        return "no data".to_string();
    }
    if value.is_infinite() {
        return if value > 0.0 { "∞" } else { "-∞" }.to_string();
    }
    if value.fract() == 0.0 {
        return format_fixed(value, 0);
    }
    format_fixed(value, decimals_for(value.abs()))
}

#[cfg(test)]
mod tests {
    use super::super::world_50m;
    use super::*;
    use h3o::{LatLng, Resolution};

    fn fenland_cells() -> Vec<(CellIndex, f64)> {
        let centre = LatLng::new(52.6, 0.0)
            .expect("valid")
            .to_cell(Resolution::Seven);
        centre
            .grid_disk::<Vec<_>>(3)
            .into_iter()
            .enumerate()
            .map(|(i, cell)| (cell, i as f64))
            .collect()
    }

    fn options(scale: Scale) -> MapOptions {
        MapOptions {
            legend_title: "Reports".to_string(),
            ..MapOptions::new("Fenland reports", scale)
        }
    }

    /// The `d` attributes of all elements carrying `attribute`.
    fn paths_with<'a>(svg: &'a str, attribute: &str) -> Vec<&'a str> {
        svg.split("<path")
            .skip(1)
            .filter(|p| {
                p.split('>')
                    .next()
                    .is_some_and(|tag| tag.contains(attribute))
            })
            .filter_map(|p| p.split(" d=\"").nth(1))
            .filter_map(|p| p.split('"').next())
            .collect()
    }

    /// All (x, y) pairs of a path's data.
    fn path_points(d: &str) -> Vec<(f64, f64)> {
        let numbers: Vec<f64> = d
            .split(['M', 'Z', ' '])
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().expect("number"))
            .collect();
        numbers.chunks(2).map(|c| (c[0], c[1])).collect()
    }

    #[test]
    fn cells_carry_data_attributes_titles_and_colours() {
        let cells = fenland_cells();
        assert_eq!(cells.len(), 37);
        let scale = Scale::Sequential {
            min: 0.0,
            max: 36.0,
        };
        let svg = render_cells(&cells, &options(scale));
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.ends_with("</svg>"));
        assert_eq!(svg.matches("data-cell=").count(), 37);
        for (cell, value) in &cells {
            let attrs = format!(r#"data-cell="{cell}" data-value="{value}""#);
            assert!(svg.contains(&attrs), "missing {attrs}");
            assert!(svg.contains(&format!("<title>{cell}: {value}</title>")));
        }
        let (first, _) = cells[0];
        assert!(svg.contains(&format!(r##"fill="#ffffb2" data-cell="{first}""##)));
        let (last, _) = cells[36];
        assert!(svg.contains(&format!(r##"fill="#b10026" data-cell="{last}""##)));
        // Every cell is a real hexagon of several pixels inside the view.
        for d in paths_with(&svg, "data-cell") {
            let points = path_points(d);
            assert_eq!(points.len(), 6, "{d}");
            for (x, y) in points {
                assert!((0.0..=800.0).contains(&x) && (0.0..=600.0).contains(&y));
            }
        }
    }

    #[test]
    fn fenland_view_has_the_uk_but_not_the_world() {
        let svg = render_cells(
            &fenland_cells(),
            &options(Scale::Sequential {
                min: 0.0,
                max: 36.0,
            }),
        );
        assert!(svg.contains(r#"data-country="826""#), "UK outline missing");
        for absent in ["036", "643", "840", "250", "076"] {
            assert!(
                !svg.contains(&format!(r#"data-country="{absent}""#)),
                "country {absent} should not be drawn"
            );
        }
        assert!(svg.len() < 40_000, "Fenland map is {} bytes", svg.len());
        // The land path is clipped to just outside the view.
        for d in paths_with(&svg, "data-country") {
            for (x, y) in path_points(d) {
                assert!((-4.0..=804.0).contains(&x) && (-4.0..=604.0).contains(&y));
            }
        }
    }

    #[test]
    fn coordinates_have_at_most_one_decimal() {
        let svg = render_cells(
            &fenland_cells(),
            &options(Scale::Sequential {
                min: 0.0,
                max: 36.0,
            }),
        );
        for d in paths_with(&svg, "d=") {
            for number in d.split(['M', 'Z', ' ']).filter(|s| !s.is_empty()) {
                let decimals = number.split('.').nth(1).map_or(0, str::len);
                assert!(decimals <= 1, "{number}");
            }
        }
    }

    #[test]
    fn text_is_escaped() {
        let mut opts = options(Scale::Sequential { min: 0.0, max: 1.0 });
        opts.title = "Cells <&> \"quoted\" 'single'".to_string();
        opts.description = "a < b & c\u{1}".to_string();
        opts.legend_title = "<b>".to_string();
        opts.markers = vec![Marker {
            lat: 52.6,
            lon: 0.0,
            label: "Tom & Jerry's <place>".to_string(),
        }];
        opts.outlines = vec![Outline {
            shape: MultiPolygon::new(vec![Polygon::new(
                vec![(-0.1, 52.5), (0.1, 52.5), (0.1, 52.7), (-0.1, 52.7)].into(),
                vec![],
            )]),
            label: Some("A&B".to_string()),
        }];
        let svg = render_cells(&fenland_cells(), &opts);
        assert!(svg.contains(">Cells &lt;&amp;&gt; &quot;quoted&quot; &apos;single&apos;</title>"));
        assert!(svg.contains(">a &lt; b &amp; c</desc>"));
        assert!(svg.contains(">&lt;b&gt;</text>"));
        assert!(svg.contains(">Tom &amp; Jerry&apos;s &lt;place&gt;</text>"));
        assert!(svg.contains("<title>A&amp;B</title>"));
        assert!(svg.contains(">A&amp;B</text>"));
        assert!(!svg.contains("<b>"));
        assert!(!svg.contains('\u{1}'));
    }

    #[test]
    fn accessible_name_and_description() {
        let svg = render_cells(
            &fenland_cells(),
            &options(Scale::Sequential {
                min: 0.0,
                max: 36.0,
            }),
        );
        let id = svg
            .split("aria-labelledby=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("aria-labelledby");
        let ids: Vec<&str> = id.split(' ').collect();
        assert_eq!(ids.len(), 2);
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains(&format!(
            r#"<title id="{}">Fenland reports</title>"#,
            ids[0]
        )));
        assert!(svg.contains(&format!(
            r#"<desc id="{}">Map of 37 H3 cells coloured by Reports.</desc>"#,
            ids[1]
        )));
    }

    #[test]
    fn legend_ranges() {
        let labels = |scale: Scale| -> Vec<String> {
            scale
                .legend("t")
                .entries
                .into_iter()
                .map(|e| e.label)
                .collect()
        };
        assert_eq!(
            labels(Scale::Sequential {
                min: 0.0,
                max: 70.0
            }),
            [
                "0 – 10",
                "10 – 20",
                "20 – 30",
                "30 – 40",
                "40 – 50",
                "50 – 60",
                "60 – 70"
            ]
        );
        // Integral ends with steps wider than 1: rounded integers.
        assert_eq!(
            labels(Scale::Sequential {
                min: 0.0,
                max: 10.0
            }),
            [
                "0 – 1", "1 – 3", "3 – 4", "4 – 6", "6 – 7", "7 – 9", "9 – 10"
            ]
        );
        assert_eq!(
            labels(Scale::Sequential { min: 0.0, max: 1.0 }),
            [
                "0.00 – 0.14",
                "0.14 – 0.29",
                "0.29 – 0.43",
                "0.43 – 0.57",
                "0.57 – 0.71",
                "0.71 – 0.86",
                "0.86 – 1.00"
            ]
        );
        // Narrow steps get the decimals needed for two significant digits.
        assert_eq!(
            labels(Scale::Sequential {
                min: 0.0,
                max: 0.007
            })[0],
            "0.0000 – 0.0010"
        );
        assert_eq!(
            labels(Scale::Diverging { limit: 2.8 }),
            [
                "-2.80 – -2.00",
                "-2.00 – -1.20",
                "-1.20 – -0.40",
                "-0.40 – 0.40",
                "0.40 – 1.20",
                "1.20 – 2.00",
                "2.00 – 2.80"
            ]
        );
        assert_eq!(
            labels(Scale::Diverging { limit: 7.0 }),
            [
                "-7 – -5",
                "-5 – -3",
                "-3 – -1",
                "-1 – 1",
                "1 – 3",
                "3 – 5",
                "5 – 7"
            ]
        );
        let degenerate = Scale::Sequential { min: 5.0, max: 5.0 }.legend("t");
        assert_eq!(degenerate.entries.len(), 1);
        assert_eq!(degenerate.entries[0].label, "5");

        let legend = Scale::Diverging { limit: 1.0 }.legend("Gi* z");
        assert_eq!(legend.title, "Gi* z");
        assert_eq!(legend.entries[0].colour, "#2166ac");
        assert_eq!(legend.entries[6].colour, "#b2182b");

        let svg = render_cells(
            &fenland_cells(),
            &options(Scale::Sequential {
                min: 0.0,
                max: 70.0,
            }),
        );
        assert!(svg.contains(">Reports</text>"));
        assert!(svg.contains(">0 – 10</text>"));
        assert!(svg.contains(">60 – 70</text>"));
        assert!(!svg.contains("no data"));
    }

    #[test]
    fn scale_colours() {
        let seq = Scale::Sequential {
            min: 10.0,
            max: 20.0,
        };
        assert_eq!(seq.colour(10.0), "#ffffb2");
        assert_eq!(seq.colour(-5.0), "#ffffb2");
        assert_eq!(seq.colour(20.0), "#b10026");
        assert_eq!(seq.colour(f64::INFINITY), "#b10026");
        assert_eq!(seq.colour(f64::NAN), NO_DATA_COLOUR);
        assert_eq!(seq.step(15.0), Some(3));

        let div = Scale::Diverging { limit: 3.0 };
        assert_eq!(div.colour(-3.5), "#2166ac");
        assert_eq!(div.colour(0.0), "#f7f7f7");
        assert_eq!(div.colour(3.0), "#b2182b");
        assert_eq!(Scale::Diverging { limit: 0.0 }.colour(4.0), "#f7f7f7");

        assert_eq!(
            Scale::sequential_for([3.0, f64::NAN, -1.0, 8.5]),
            Scale::Sequential {
                min: -1.0,
                max: 8.5
            }
        );
    }

    #[test]
    fn nan_values_are_no_data() {
        let cells = fenland_cells();
        let mut with_gap = cells.clone();
        with_gap[0].1 = f64::NAN;
        let svg = render_cells(
            &with_gap,
            &options(Scale::Sequential {
                min: 0.0,
                max: 36.0,
            }),
        );
        assert!(svg.contains(&format!("<title>{}: no data</title>", cells[0].0)));
        assert!(svg.contains(">no data</text>"));
    }

    #[test]
    fn output_is_deterministic() {
        let cells = fenland_cells();
        let mut opts = options(Scale::Diverging { limit: 2.58 });
        opts.markers = vec![Marker {
            lat: 52.67,
            lon: 0.16,
            label: "Wisbech".to_string(),
        }];
        let a = render_cells(&cells, &opts);
        let b = render_cells(&cells, &opts.clone());
        assert_eq!(a, b);
        // A different map gets different ids for its title and description.
        let c = render_cells(&cells[..10], &opts);
        assert_ne!(
            a.split("aria-labelledby").nth(1),
            c.split("aria-labelledby").nth(1)
        );
    }

    #[test]
    fn antimeridian_cells_stay_compact() {
        let centre = LatLng::new(-17.0, 179.98)
            .expect("valid")
            .to_cell(Resolution::Six);
        let cells: Vec<(CellIndex, f64)> = centre
            .grid_disk::<Vec<_>>(4)
            .into_iter()
            .map(|c| (c, 1.0))
            .collect();
        let lons: Vec<f64> = cells
            .iter()
            .flat_map(|(c, _)| c.boundary().iter().map(|ll| ll.lng()).collect::<Vec<_>>())
            .collect();
        assert!(lons.iter().any(|&l| l > 179.0) && lons.iter().any(|&l| l < -179.0));

        let svg = render_cells(&cells, &options(Scale::Sequential { min: 0.0, max: 1.0 }));
        let paths = paths_with(&svg, "data-cell");
        assert_eq!(paths.len(), cells.len());
        for d in paths {
            let points = path_points(d);
            let (min_x, max_x) = points
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
                    (a.min(p.0), b.max(p.0))
                });
            // Cells are ~10 px wide here; a stripe would span the map.
            assert!(max_x - min_x < 200.0, "{d}");
            assert!(min_x >= 0.0 && max_x <= 800.0, "{d}");
        }
        // Fiji's islands either side of 180° are both drawn.
        assert!(svg.contains(r#"data-country="242""#));
    }

    #[test]
    fn empty_map_shows_the_world() {
        let svg = render_cells(&[], &options(Scale::Sequential { min: 0.0, max: 1.0 }));
        assert!(!svg.contains("data-cell"));
        for present in ["826", "036", "643", "840", "076"] {
            assert!(
                svg.contains(&format!(r#"data-country="{present}""#)),
                "{present}"
            );
        }
    }

    #[test]
    fn markers_and_outlines_alone_are_fitted() {
        let mut opts = options(Scale::Sequential { min: 0.0, max: 1.0 });
        opts.markers = vec![Marker {
            lat: -33.87,
            lon: 151.21,
            label: "Sydney".to_string(),
        }];
        let svg = render_cells(&[], &opts);
        assert!(svg.contains(r#"data-country="036""#));
        assert!(!svg.contains(r#"data-country="826""#));
        assert!(svg.contains(r#"paint-order="stroke""#));
        assert!(svg.contains(">Sydney</text>"));
        // The marker sits in the middle of the view.
        assert!(
            svg.contains(r#"<circle cx="400" cy="300""#),
            "{}",
            &svg[svg.len() - 1500..]
        );

        opts.markers.clear();
        opts.outlines = vec![Outline {
            shape: MultiPolygon::new(vec![Polygon::new(
                vec![(0.0, 52.0), (1.0, 52.0), (1.0, 53.0), (0.0, 53.0)].into(),
                vec![],
            )]),
            label: None,
        }];
        let svg = render_cells(&[], &opts);
        let outline = svg
            .split(r#"<g class="outlines""#)
            .nth(1)
            .expect("outline group");
        let d = outline
            .split(" d=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("d");
        let points = path_points(d);
        let (min_y, max_y) = points
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
                (a.min(p.1), b.max(p.1))
            });
        // Fitted with 5 % padding: the square's height fills 600 / 1.1 px.
        assert!((max_y - min_y - 600.0 / 1.1).abs() < 1.0, "{d}");
        assert!(svg.contains(r#"data-country="826""#));
    }

    #[test]
    fn world_countries_use_the_50m_outlines() {
        assert_eq!(
            MapOptions::new("t", Scale::Diverging { limit: 1.0 })
                .countries
                .len(),
            world_50m().len()
        );
    }

    #[test]
    fn helpers() {
        assert_eq!(Tenths(0).to_string(), "0");
        assert_eq!(Tenths(-5).to_string(), "-0.5");
        assert_eq!(Tenths(1234).to_string(), "123.4");
        assert_eq!(Tenths(-20).to_string(), "-2");
        assert_eq!(format_value(12.3456), "12.35");
        assert_eq!(format_value(0.001234), "0.0012");
        assert_eq!(format_value(-0.0), "0");
        assert_eq!(format_value(42.0), "42");
        assert_eq!(format_fixed(-0.001, 2), "0.00");

        assert_eq!(longitude_span(vec![]), None);
        assert_eq!(longitude_span(vec![-1.0, 2.0, 0.5]), Some((-1.0, 2.0)));
        assert_eq!(
            longitude_span(vec![179.0, -179.5, 178.0]),
            Some((178.0, 180.5))
        );
        assert_eq!(wrap_near(-179.0, 179.0), 181.0);

        let clip = Rect {
            min_x: 0.0,
            min_y: 0.0,
            max_x: 10.0,
            max_y: 10.0,
        };
        let ring = [
            (-5.0, 5.0),
            (5.0, -5.0),
            (15.0, 5.0),
            (5.0, 15.0),
            (-5.0, 5.0),
        ];
        let clipped = clip_ring(&ring, &clip);
        assert!(clipped.iter().all(|&p| clip.contains(p)));
        assert!(clipped.contains(&(0.0, 0.0)) && clipped.contains(&(10.0, 10.0)));
        let mut d = String::new();
        assert!(ring_path(&mut d, &clipped, 0.0).expect("write"));
        assert!(!ring_path(&mut d, &[(0.0, 0.0), (0.01, 0.0), (0.0, 0.01)], 0.0).expect("write"));
    }
}
