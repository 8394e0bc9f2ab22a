//! Population per H3 cell: gridded population (`h3,population`, Kontur's format) and settlement points
//! (GeoNames) spread over the settlement's area.
//!
//! **How a settlement is spread.** GeoNames gives a settlement as one point and a population, not an area.
//! Beacon gives it a disc of area `population / density` (density from `audience.settlement_density_per_km2`,
//! 3,000 people per km² by default, a typical English town), so a town of 30,000 covers about 10 km², a
//! radius of 1.8 km. The population is shared among the cells whose centres lie inside that disc, weighted
//! by `1 − (d/r)²` (more near the centre, none at the edge); a settlement too small to reach any other
//! cell centre stays in its own cell. The shares add up to the settlement's population exactly.

use std::collections::HashMap;

use csv::ByteRecord;
use h3o::{CellIndex, LatLng, Resolution};

use crate::geodesy::haversine_km;
use crate::message::{Message, english};
use crate::tabular::{self, Header, HeaderError, ReadError, TableReader};

/// Why a population file was refused, naming the line and, for a cell, its column.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", english(&self.message()))]
pub struct PopulationError {
    pub source_name: String,
    pub line: u64,
    pub field: Option<&'static str>,
    pub reason: Message,
}

impl PopulationError {
    /// The whole refusal in words the locale files give: file, line, field and why.
    pub fn message(&self) -> Message {
        let m = match self.field {
            Some(field) => Message::new("population-at-field").text("field", field),
            None => Message::new("population-at-line"),
        };
        m.text("file", self.source_name.clone())
            .number("line", self.line as f64)
            .message("problem", self.reason.clone())
    }
}

/// People per cell, all cells at one resolution.
#[derive(Debug, Clone, Default)]
pub struct PopulationGrid {
    resolution: Option<Resolution>,
    cells: HashMap<CellIndex, f64>,
}

impl PopulationGrid {
    pub fn new(resolution: Resolution) -> Self {
        Self {
            resolution: Some(resolution),
            cells: HashMap::new(),
        }
    }

    pub fn resolution(&self) -> Option<Resolution> {
        self.resolution
    }

    pub fn len(&self) -> usize {
        self.cells.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    pub fn total(&self) -> f64 {
        self.cells.values().sum()
    }

    pub fn add(&mut self, cell: CellIndex, people: f64) {
        *self.cells.entry(cell).or_default() += people;
    }

    pub fn cells(&self) -> impl Iterator<Item = (CellIndex, f64)> + '_ {
        self.cells.iter().map(|(c, p)| (*c, *p))
    }

    /// The grid at another resolution: coarser cells sum their children; finer cells share their parent's
    /// people equally among its children.
    pub fn at_resolution(&self, resolution: Resolution) -> PopulationGrid {
        let mut out = PopulationGrid::new(resolution);
        let Some(own) = self.resolution else {
            return out;
        };
        if own == resolution {
            out.cells = self.cells.clone();
            return out;
        }
        for (&cell, &people) in &self.cells {
            if own > resolution {
                if let Some(parent) = cell.parent(resolution) {
                    out.add(parent, people);
                }
            } else {
                let n = cell.children_count(resolution) as f64;
                for child in cell.children(resolution) {
                    out.add(child, people / n);
                }
            }
        }
        out
    }

    /// People in one cell (0 where nobody is recorded).
    pub fn get(&self, cell: CellIndex) -> f64 {
        self.cells.get(&cell).copied().unwrap_or(0.0)
    }

    /// Text form for storage: `hex population` lines.
    pub fn encode(&self) -> String {
        let mut rows: Vec<(CellIndex, f64)> = self.cells().collect();
        rows.sort_unstable_by_key(|r| r.0);
        let mut out = String::with_capacity(rows.len() * 24);
        for (c, p) in rows {
            out.push_str(&format!("{c} {}\n", round2(p)));
        }
        out
    }

    pub fn decode(resolution: Resolution, text: &str) -> Result<Self, String> {
        let mut grid = PopulationGrid::new(resolution);
        for (i, line) in text.lines().enumerate() {
            let mut parts = line.split_ascii_whitespace();
            let (Some(c), Some(p)) = (parts.next(), parts.next()) else {
                continue;
            };
            let cell: CellIndex = c
                .parse()
                .map_err(|e| format!("stored population line {}: {e}", i + 1))?;
            let people: f64 = p
                .parse()
                .map_err(|e| format!("stored population line {}: {e}", i + 1))?;
            grid.add(cell, people);
        }
        Ok(grid)
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The header of a population file (none at all reads as no columns), or the reader's error.
fn read_header(table: &mut TableReader<&[u8]>, record: &mut ByteRecord) -> Result<Header, Message> {
    match table.header(record) {
        Ok(header) => Ok(header),
        Err(HeaderError::Empty) => Ok(Header {
            names: Vec::new(),
            line: 1,
        }),
        Err(HeaderError::Read { error, .. }) => Err(tabular::read_error_message(&error)),
        Err(HeaderError::NotUtf8 { .. }) => Err(Message::new("population-header-not-utf8")),
    }
}

/// The line a reader's error is on, and why, in words.
fn read_failure(ReadError { error, line_hint }: ReadError) -> (u64, Message) {
    let line = tabular::too_long(&error)
        .map(|t| t.line)
        .or_else(|| error.position().map(|p| p.line()))
        .unwrap_or(line_hint);
    (line, tabular::read_error_message(&error))
}

/// More people than this in one cell or settlement is a mistake (the world holds about 8.2 billion): it
/// is refused, which also keeps every layer's total finite (two cells of 1e308 summed to infinity).
pub const MAX_PEOPLE: f64 = 1e10;

/// Reads gridded population in Kontur's format: a header `h3,population` (other columns ignored), then one
/// cell (H3 hex) and its people per row, all at one resolution, each cell once. All or nothing.
pub fn parse_grid_csv(text: &str, source_name: &str) -> Result<PopulationGrid, PopulationError> {
    let err = |line: u64, field: Option<&'static str>, reason: Message| PopulationError {
        source_name: source_name.into(),
        line,
        field,
        reason,
    };
    let mut table = TableReader::new(text.as_bytes(), tabular::Options::default());
    let mut record = ByteRecord::new();
    let headers = read_header(&mut table, &mut record).map_err(|e| err(1, None, e))?;
    let column = |name: &str| {
        headers.position(name).ok_or_else(|| {
            err(
                1,
                None,
                Message::new("population-no-grid-column").text("name", name),
            )
        })
    };
    let (h3_col, pop_col) = (column("h3")?, column("population")?);
    let mut grid: Option<PopulationGrid> = None;
    while let Some(line) = table.next_row(&mut record).map_err(|e| {
        let (line, why) = read_failure(e);
        err(line, None, why)
    })? {
        let place = |field: &'static str, reason: Message| err(line, Some(field), reason);
        let raw_cell = tabular::text(&record, h3_col).trim();
        let cell: CellIndex = raw_cell.parse().map_err(|_| {
            place(
                "h3",
                Message::new("population-not-a-cell").text("value", raw_cell),
            )
        })?;
        let raw_pop = tabular::text(&record, pop_col).trim();
        let people: f64 = raw_pop
            .parse()
            .ok()
            .filter(|p: &f64| (0.0..=MAX_PEOPLE).contains(p))
            .ok_or_else(|| {
                place(
                    "population",
                    Message::new("population-not-people")
                        .text("value", raw_pop)
                        .number("max", MAX_PEOPLE),
                )
            })?;
        let g = grid.get_or_insert_with(|| PopulationGrid::new(cell.resolution()));
        if Some(cell.resolution()) != g.resolution {
            return Err(place(
                "h3",
                Message::new("population-mixed-resolutions")
                    .text("cell", cell.to_string())
                    .number("resolution", u8::from(cell.resolution()))
                    .number("first", g.resolution.map(u8::from).unwrap_or(0)),
            ));
        }
        if g.cells.contains_key(&cell) {
            return Err(place(
                "h3",
                Message::new("population-cell-twice").text("cell", cell.to_string()),
            ));
        }
        g.cells.insert(cell, people);
    }
    grid.ok_or_else(|| err(2, None, Message::new("population-no-rows")))
}

/// A settlement point.
#[derive(Debug, Clone, PartialEq)]
pub struct Settlement {
    pub name: String,
    pub country: Option<String>,
    pub position: LatLng,
    pub population: f64,
}

/// Reads settlements from a GeoNames CSV with a header naming `name`, `latitude`, `longitude` and
/// `population` (and optionally `countrycode`), as the `cities15000` extract. With `country`, only that
/// country's rows are kept. All or nothing.
pub fn parse_settlements(
    text: &str,
    source_name: &str,
    country: Option<&str>,
) -> Result<Vec<Settlement>, PopulationError> {
    let err = |line: u64, field: Option<&'static str>, reason: Message| PopulationError {
        source_name: source_name.into(),
        line,
        field,
        reason,
    };
    let mut table = TableReader::new(text.as_bytes(), tabular::Options::default());
    let mut record = ByteRecord::new();
    let headers = read_header(&mut table, &mut record).map_err(|e| err(1, None, e))?;
    let column = |name: &str| headers.position(name);
    let need = |name: &str| {
        column(name).ok_or_else(|| {
            err(
                1,
                None,
                Message::new("population-no-settlement-column").text("name", name),
            )
        })
    };
    let (name_col, lat_col, lon_col, pop_col) = (
        need("name")?,
        need("latitude")?,
        need("longitude")?,
        need("population")?,
    );
    let country_col = column("countrycode").or_else(|| column("country_code"));
    if country.is_some() && country_col.is_none() {
        return Err(err(1, None, Message::new("population-no-country-column")));
    }
    let mut out = Vec::new();
    while let Some(line) = table.next_row(&mut record).map_err(|e| {
        let (line, why) = read_failure(e);
        err(line, None, why)
    })? {
        let place = |field: &'static str, reason: Message| err(line, Some(field), reason);
        let code = country_col
            .and_then(|c| record.get(c))
            .map(|s| String::from_utf8_lossy(s).trim().to_ascii_uppercase());
        if let (Some(want), Some(code)) = (country, &code)
            && !want.eq_ignore_ascii_case(code)
        {
            continue;
        }
        let number = |col: usize, field: &'static str| -> Result<f64, PopulationError> {
            let raw = tabular::text(&record, col).trim();
            raw.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| {
                    place(
                        field,
                        Message::new("population-not-a-number").text("value", raw),
                    )
                })
        };
        let (lat, lon, people) = (
            number(lat_col, "latitude")?,
            number(lon_col, "longitude")?,
            number(pop_col, "population")?,
        );
        if people < 0.0 {
            return Err(place(
                "population",
                Message::new("population-negative").number("value", people),
            ));
        }
        if people > MAX_PEOPLE {
            return Err(place(
                "population",
                Message::new("population-more-than-earth").number("value", people),
            ));
        }
        let off_earth = || {
            place(
                "latitude",
                Message::new("population-not-on-earth")
                    .text("latitude", lat.to_string())
                    .text("longitude", lon.to_string()),
            )
        };
        let position = LatLng::new(lat, lon).map_err(|_| off_earth())?;
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return Err(off_earth());
        }
        out.push(Settlement {
            name: tabular::text(&record, name_col).trim().to_string(),
            country: code,
            position,
            population: people,
        });
    }
    if out.is_empty() {
        return Err(err(
            2,
            None,
            match country {
                Some(c) => Message::new("population-no-settlements-in").text("country", c),
                None => Message::new("population-no-rows"),
            },
        ));
    }
    Ok(out)
}

/// Spreads settlements over cells at `resolution` (see the module documentation for the method).
pub fn spread_settlements(
    settlements: &[Settlement],
    resolution: Resolution,
    density_per_km2: f64,
) -> PopulationGrid {
    let mut grid = PopulationGrid::new(resolution);
    // Centre-to-centre distance between neighbouring cells is about √3 edges.
    let step_km = resolution.edge_length_km() * 3f64.sqrt();
    for s in settlements {
        if s.population <= 0.0 {
            continue;
        }
        let radius = (s.population / (density_per_km2 * std::f64::consts::PI)).sqrt();
        let home = s.position.to_cell(resolution);
        let k = (radius / step_km).ceil() as u32 + 1;
        let mut shares: Vec<(CellIndex, f64)> = Vec::new();
        for cell in home.grid_disk::<Vec<_>>(k) {
            let d = haversine_km(s.position, LatLng::from(cell));
            if d < radius {
                shares.push((cell, 1.0 - (d / radius).powi(2)));
            }
        }
        let total: f64 = shares.iter().map(|s| s.1).sum();
        if total <= 0.0 {
            grid.add(home, s.population);
            continue;
        }
        for (cell, w) in shares {
            grid.add(cell, s.population * w / total);
        }
    }
    grid
}

#[cfg(test)]
mod tests {
    use super::*;

    const GEONAMES: &str = include_str!("../../assets/geo/geonames_cities15000.csv");

    #[test]
    fn settlements_are_spread_over_their_area_and_keep_their_people() {
        let towns = parse_settlements(GEONAMES, "cities15000", Some("GB")).unwrap();
        let wisbech = towns.iter().find(|t| t.name == "Wisbech").unwrap();
        assert_eq!(wisbech.population, 32489.0);
        let grid = spread_settlements(std::slice::from_ref(wisbech), Resolution::Eight, 3000.0);
        // 32,489 / 3,000 ≈ 10.8 km²: more than a dozen cells of 0.74 km², none holding most people.
        assert!(grid.len() > 8, "{} cells", grid.len());
        assert!((grid.total() - 32489.0).abs() < 1e-6);
        let max = grid.cells().map(|c| c.1).fold(0.0, f64::max);
        assert!(max < 32489.0 * 0.3, "{max}");
        // The centre cell holds the most.
        let home = wisbech.position.to_cell(Resolution::Eight);
        assert!((grid.get(home) - max).abs() < 1e-6);
        // Coarser and finer views keep the total.
        assert!((grid.at_resolution(Resolution::Six).total() - 32489.0).abs() < 1e-6);
        assert!((grid.at_resolution(Resolution::Nine).total() - 32489.0).abs() < 1e-3);
        // Round trip through storage (to the hundredth).
        let back = PopulationGrid::decode(Resolution::Eight, &grid.encode()).unwrap();
        assert!((back.total() - grid.total()).abs() < 0.01 * grid.len() as f64);
        // A country filter that matches nothing is an error, not an empty layer.
        assert!(parse_settlements(GEONAMES, "c", Some("XX")).is_err());
    }

    #[test]
    fn kontur_grid_is_read_strictly() {
        let ok = "h3,population\n881f1d4881fffff,12.5\n881f1d4883fffff,3\n";
        let grid = parse_grid_csv(ok, "k.csv").unwrap();
        assert_eq!(grid.len(), 2);
        assert_eq!(grid.resolution(), Some(Resolution::Eight));
        let bad = "h3,population\n881f1d4881fffff,12.5\n881f1d4883fffff,-3\n";
        let e = parse_grid_csv(bad, "k.csv").unwrap_err().to_string();
        assert!(e.contains("k.csv: line 3, field population"), "{e}");
        let bad = "h3,population\n881f1d4881fffff,1\nxyz,3\n";
        let e = parse_grid_csv(bad, "k.csv").unwrap_err().to_string();
        assert!(e.contains("line 3, field h3") && e.contains("xyz"), "{e}");
        let mixed = "h3,population\n881f1d4881fffff,1\n871f1d488ffffff,3\n";
        let e = parse_grid_csv(mixed, "k.csv").unwrap_err().to_string();
        assert!(e.contains("one resolution"), "{e}");
        let dup = "h3,population\n881f1d4881fffff,1\n881f1d4881fffff,3\n";
        assert!(
            parse_grid_csv(dup, "k.csv")
                .unwrap_err()
                .to_string()
                .contains("twice")
        );
        // Absurd numbers are refused: two cells of 1e308 made the layer's total infinite.
        let huge = "h3,population\n881f1d4881fffff,1e308\n881f1d4883fffff,1e308\n";
        let e = parse_grid_csv(huge, "k.csv").unwrap_err().to_string();
        assert!(e.contains("line 2, field population"), "{e}");
        let towns = "name,latitude,longitude,population\nA,52,0,1e308\n";
        let e = parse_settlements(towns, "t.csv", None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("more people than live on Earth"), "{e}");
        let most = "h3,population\n881f1d4881fffff,1e10\n881f1d4883fffff,8.2e9\n";
        assert!(parse_grid_csv(most, "k.csv").unwrap().total().is_finite());
        let e = parse_grid_csv("cell,people\n", "k.csv")
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 1") && e.contains("h3"), "{e}");
    }
}
