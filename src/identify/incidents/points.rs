//! Point sets from CSV files: what `beacon hotspots --input FILE.csv` and `beacon backtest --input
//! FILE.csv` read.
//!
//! # The format
//!
//! A comma-separated file whose first non-blank line is a header. Columns are found by header
//! name, case-insensitively and with surrounding spaces ignored:
//!
//! | column | also accepted as | required | value |
//! |---|---|---|---|
//! | `latitude` | `lat` | yes | decimal degrees, -90 to 90 |
//! | `longitude` | `lon`, `lng` | yes | decimal degrees, -180 to 180 |
//! | `weight` | | no | a finite number ≥ 0; 1 when the column or the cell is empty |
//! | `date` | `month` | no | `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, not in the future; none when empty |
//!
//! Any other column is refused, naming the closest of these names when one is close (a misspelt
//! `lattitude` must not leave the file without its latitudes, nor a misspelt `wieght` leave every
//! point at weight 1); keep only these columns. A column with no name (a trailing comma) is fine
//! while its cells are empty. Blank lines, and lines whose cells are all empty (as spreadsheets
//! export them), are skipped.
//!
//! # Swapped coordinates
//!
//! A latitude out of range whose longitude would be a latitude is named as a likely swap. Swaps that
//! stay in range (52.6, 0.2 written as 0.2, 52.6) are caught on the file as a whole when the reader is
//! given a way to tell where people live ([`read_points`]'s `settled`, the gazetteer's towns on the
//! command line): when fewer than half of the points lie near a town as written and at least nine in
//! ten would with the two columns exchanged, the file is refused as swapped.
//!
//! # Errors
//!
//! A file is read whole or not at all: any problem rejects it. Reading goes on after a problem so
//! that one run shows many of them, and stops after [`MAX_PROBLEMS`]. Each [`Problem`] names the
//! line, the column (as the header spells it) and the reason; [`PointsError`] adds the file.

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use time::{Date, OffsetDateTime, UtcOffset};

use super::date::PartialDate;
use crate::tabular::{self, Header, HeaderError, ReadError, TableReader};

/// How many problems are collected before reading stops.
pub const MAX_PROBLEMS: usize = 20;

/// Longest cell value quoted in a message, in characters; longer values are cut with `…`.
const MAX_QUOTED_CHARS: usize = 40;

/// At most this many points (evenly spaced through the file) are checked for swapped coordinates.
const SWAP_SAMPLE: usize = 10_000;

/// Header names accepted for each column, lower case.
const LATITUDE_NAMES: &[&str] = &["latitude", "lat"];
const LONGITUDE_NAMES: &[&str] = &["longitude", "lon", "lng"];
const WEIGHT_NAMES: &[&str] = &["weight"];
const DATE_NAMES: &[&str] = &["date", "month"];
/// Every accepted header name, for suggesting one for an unknown column.
const ALL_NAMES: [&[&str]; 4] = [LATITUDE_NAMES, LONGITUDE_NAMES, WEIGHT_NAMES, DATE_NAMES];

/// One point: a position, a weight and, optionally, a date.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    lat: f64,
    lon: f64,
    weight: f64,
    date: Option<PartialDate>,
}

impl Point {
    /// A point of weight 1 without a date; latitude -90 to 90, longitude -180 to 180, both finite.
    pub fn new(lat: f64, lon: f64) -> Result<Self, InvalidPoint> {
        if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
            return Err(InvalidPoint::Latitude(lat));
        }
        if !lon.is_finite() || !(-180.0..=180.0).contains(&lon) {
            return Err(InvalidPoint::Longitude(lon));
        }
        Ok(Self {
            lat,
            lon,
            weight: 1.0,
            date: None,
        })
    }

    /// The same point with another weight: finite and not negative.
    pub fn with_weight(self, weight: f64) -> Result<Self, InvalidPoint> {
        if !weight.is_finite() || weight < 0.0 {
            return Err(InvalidPoint::Weight(weight));
        }
        Ok(Self { weight, ..self })
    }

    /// The same point with a date.
    pub fn with_date(self, date: PartialDate) -> Self {
        Self {
            date: Some(date),
            ..self
        }
    }

    /// Latitude in decimal degrees.
    pub fn lat(&self) -> f64 {
        self.lat
    }

    /// Longitude in decimal degrees.
    pub fn lon(&self) -> f64 {
        self.lon
    }

    /// Weight: how much the point counts (1 unless the file said otherwise).
    pub fn weight(&self) -> f64 {
        self.weight
    }

    /// Date, if the file had one for this point.
    pub fn date(&self) -> Option<PartialDate> {
        self.date
    }
}

/// A value [`Point`] refuses.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum InvalidPoint {
    /// Not finite or outside -90 to 90.
    #[error("latitude {0} is outside -90 to 90")]
    Latitude(f64),
    /// Not finite or outside -180 to 180.
    #[error("longitude {0} is outside -180 to 180")]
    Longitude(f64),
    /// Negative or not finite.
    #[error("weight {0} is negative or not finite")]
    Weight(f64),
}

/// Why a point file was rejected: the file, and each problem found in it.
#[derive(Debug, Clone, PartialEq)]
pub struct PointsError {
    /// The file's name as given (its path, or the name passed to [`read_points_from`]).
    pub source_name: String,
    /// The problems, in file order; never empty.
    pub problems: Vec<Problem>,
    /// True when reading stopped at [`MAX_PROBLEMS`] problems: the rest of the file was not checked.
    pub stopped_early: bool,
}

impl fmt::Display for PointsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let [only] = self.problems.as_slice() {
            return write!(f, "{}, {only}", self.source_name);
        }
        write!(
            f,
            "{} was rejected: {} problems",
            self.source_name,
            self.problems.len()
        )?;
        if self.stopped_early {
            write!(f, " (reading stopped there; there may be more)")?;
        }
        for problem in &self.problems {
            write!(f, "\n  {}, {problem}", self.source_name)?;
        }
        Ok(())
    }
}

impl std::error::Error for PointsError {}

/// One problem in a point file: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The 1-based line, or `None` for a problem with the file as a whole (it cannot be opened).
    pub line: Option<u64>,
    /// The column as the header names it, when the problem is in one cell.
    pub column: Option<String>,
    /// What is wrong.
    pub kind: ProblemKind,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Control characters (a NUL, a tab) are shown escaped: `lat\0` and `lat` must not look the same.
        match (self.line, self.column.as_deref().map(str::escape_debug)) {
            (Some(line), Some(column)) => write!(f, "line {line}, column `{column}`: ")?,
            (Some(line), None) => write!(f, "line {line}: ")?,
            (None, Some(column)) => write!(f, "column `{column}`: ")?,
            (None, None) => {}
        }
        write!(f, "{}", self.kind)
    }
}

/// What can be wrong with a point file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProblemKind {
    /// The file could not be opened or read.
    #[error("cannot be read: {0}")]
    Io(String),
    /// The file has no header and no data.
    #[error("the file is empty: Beacon expects a header line and at least one data row")]
    EmptyFile,
    /// The file has a header but no data rows.
    #[error("the file has a header but no data rows")]
    NoDataRows,
    /// The header is one column that contains another delimiter.
    #[error("the file seems to use {} as delimiter; Beacon expects commas", delimiter_name(*.0))]
    WrongDelimiter(char),
    /// A required column is missing.
    #[error("no {column} column (accepted names: {}); columns found: {}",
        .accepted.join(", "), list_or_none(.found))]
    MissingColumn {
        /// The column's canonical name (`latitude` or `longitude`).
        column: &'static str,
        /// The header names that would have been accepted.
        accepted: &'static [&'static str],
        /// The header names the file has, as it spells them.
        found: Vec<String>,
    },
    /// A header name that is none of the accepted ones (the problem's column).
    #[error("unknown column{}", unknown_column_advice(*.suggestion))]
    UnknownColumn {
        /// The accepted name closest to it, when one is close.
        suggestion: Option<&'static str>,
    },
    /// A value in a column whose header cell is empty (counted from 1).
    #[error("a value in column {0}, which has no name in the header")]
    ValueInUnnamedColumn(usize),
    /// Two header names mean the same column.
    #[error("more than one {column} column: {}", .headers.join(", "))]
    DuplicateColumn {
        /// The column's canonical name.
        column: &'static str,
        /// The header names that all mean it.
        headers: Vec<String>,
    },
    /// Bytes that are not UTF-8.
    #[error("not valid UTF-8 text; save the file as UTF-8 (CSV UTF-8 in spreadsheet programs)")]
    InvalidUtf8,
    /// A row with another number of cells than the header.
    #[error("{found} cells, but the header has {expected}")]
    FieldCount {
        /// Cells in this row.
        found: usize,
        /// Cells in the header.
        expected: usize,
    },
    /// An empty cell in a required column.
    #[error("empty; every row needs a value here")]
    MissingValue,
    /// A cell that should hold a number and does not.
    #[error("{} is not a number", quote(.0))]
    NotANumber(String),
    /// A latitude outside -90 to 90; `swapped` when the row's longitude would be a latitude and this
    /// a longitude.
    #[error("{} is outside the latitude range -90 to 90{}", quote(.value),
        if *.swapped { " (latitude and longitude swapped?)" } else { "" })]
    LatitudeOutOfRange {
        /// The cell as written.
        value: String,
        /// Whether the row's two values are in range the other way round.
        swapped: bool,
    },
    /// A longitude outside -180 to 180.
    #[error("{} is outside the longitude range -180 to 180", quote(.0))]
    LongitudeOutOfRange(String),
    /// A negative weight.
    #[error("{} is negative; weights must be 0 or more", quote(.0))]
    NegativeWeight(String),
    /// A weight that is infinite or NaN.
    #[error("{} is not a finite number; weights must be 0 or more", quote(.0))]
    NonFiniteWeight(String),
    /// A date in none of the accepted forms, or not on the calendar.
    #[error("{} is not a date: expected YYYY-MM-DD, YYYY-MM or YYYY", quote(.0))]
    InvalidDate(String),
    /// Coordinates in range but, by where people live, latitude and longitude swapped (the file as a
    /// whole).
    #[error(
        "latitude and longitude swapped? {near_as_written} of the {checked} points checked lie near \
        a town as written, {near_swapped} would with columns `{latitude}` and `{longitude}` exchanged; \
        exchange the two names in the header"
    )]
    SwappedCoordinates {
        /// The latitude column as the header names it.
        latitude: String,
        /// The longitude column as the header names it.
        longitude: String,
        /// How many points were checked (all, or an even sample of a large file).
        checked: usize,
        /// How many of them lie near a town as written.
        near_as_written: usize,
        /// How many would with latitude and longitude exchanged.
        near_swapped: usize,
    },
    /// A date after today (in the time zone where today ends last, UTC+14).
    #[error("{} lies in the future (today is {today})", quote(.value))]
    FutureDate {
        /// The cell as written.
        value: String,
        /// Today's date used for the check.
        today: Date,
    },
}

fn delimiter_name(c: char) -> String {
    match c {
        '\t' => "tabs".to_owned(),
        other => format!("'{other}'"),
    }
}

fn unknown_column_advice(suggestion: Option<&str>) -> String {
    match suggestion {
        Some(name) => format!(" (did you mean `{name}`?)"),
        None => "; Beacon reads latitude (or lat), longitude (or lon, lng), weight and date (or month): \
                 remove the other columns"
            .to_owned(),
    }
}

/// The accepted header name closest to `name`, when it is close: at most a third of its letters
/// wrong (one for short names), or the start of an accepted name (`long` for `longitude`).
fn closest_name(name: &str) -> Option<&'static str> {
    let wanted: String = name
        .trim()
        .chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    if wanted.is_empty() {
        return None;
    }
    let limit = (wanted.chars().count() / 3).max(1);
    ALL_NAMES
        .iter()
        .flat_map(|names| names.iter())
        .map(|&known| (strsim::levenshtein(&wanted, known), known))
        .filter(|&(d, known)| d <= limit || (wanted.len() >= 3 && known.starts_with(&wanted)))
        .min_by_key(|&(d, _)| d)
        .map(|(_, known)| known)
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_owned()
    } else {
        items.join(", ")
    }
}

fn quote(value: &str) -> String {
    if value.chars().count() <= MAX_QUOTED_CHARS {
        format!("'{value}'")
    } else {
        let cut: String = value.chars().take(MAX_QUOTED_CHARS).collect();
        format!("'{cut}…'")
    }
}

/// Whether a position (latitude, longitude) lies near where people live: what tells swapped
/// coordinates that stay in range (see the module documentation).
pub type Settled<'a> = &'a dyn Fn(f64, f64) -> bool;

/// Reads a point file (see the module documentation for its format). With `settled`, a file whose
/// latitudes and longitudes look swapped is refused.
///
/// The error names the file by `path` as given.
///
/// # Errors
///
/// [`PointsError`] when the file cannot be opened or read, or has any of the problems listed in
/// [`ProblemKind`]; the whole file is rejected then.
pub fn read_points(path: &Path, settled: Option<Settled<'_>>) -> Result<Vec<Point>, PointsError> {
    let source_name = path.display().to_string();
    match File::open(path) {
        Ok(file) => read_points_from(file, &source_name, settled),
        Err(error) => Err(PointsError {
            source_name,
            problems: vec![Problem {
                line: None,
                column: None,
                kind: ProblemKind::Io(error.to_string()),
            }],
            stopped_early: false,
        }),
    }
}

/// Reads points from any reader; `source_name` names it in errors (a file name, or e.g.
/// `upload.csv`).
///
/// Dates are checked against today's date where it is latest (UTC+14), so that a date that is
/// today somewhere is never called future.
///
/// # Errors
///
/// As [`read_points`].
pub fn read_points_from(
    reader: impl Read,
    source_name: &str,
    settled: Option<Settled<'_>>,
) -> Result<Vec<Point>, PointsError> {
    let now = OffsetDateTime::now_utc();
    let today = UtcOffset::from_hms(14, 0, 0)
        .map(|offset| now.to_offset(offset).date())
        .unwrap_or_else(|_| now.date());
    read_points_until(reader, source_name, today, settled)
}

/// Where each known column sits in a row.
struct Columns {
    count: usize,
    lat: (usize, String),
    lon: (usize, String),
    weight: Option<(usize, String)>,
    date: Option<(usize, String)>,
    /// Columns with an empty name: their cells must be empty.
    unnamed: Vec<usize>,
}

/// [`read_points_from`] with "today" given, for tests.
fn read_points_until(
    reader: impl Read,
    source_name: &str,
    today: Date,
    settled: Option<Settled<'_>>,
) -> Result<Vec<Point>, PointsError> {
    let mut problems = Vec::new();
    let (points, columns) = read_rows(reader, today, &mut problems);
    if let (true, Some(settled), Some(columns)) = (problems.is_empty(), settled, columns) {
        problems.extend(swapped(&points, &columns, settled));
    }
    if problems.is_empty() {
        return Ok(points);
    }
    let stopped_early = problems.len() > MAX_PROBLEMS;
    problems.truncate(MAX_PROBLEMS);
    Err(PointsError {
        source_name: source_name.to_owned(),
        problems,
        stopped_early,
    })
}

/// The problem when fewer than half of the points lie near a town as written and at least nine in
/// ten would with latitude and longitude exchanged. A large file is checked on an even sample.
fn swapped(points: &[Point], columns: &Columns, settled: Settled<'_>) -> Option<Problem> {
    let step = points.len().div_ceil(SWAP_SAMPLE).max(1);
    let (mut checked, mut near_as_written, mut near_swapped) = (0, 0, 0);
    for p in points.iter().step_by(step) {
        checked += 1;
        near_as_written += usize::from(settled(p.lat, p.lon));
        near_swapped += usize::from(p.lon.abs() <= 90.0 && settled(p.lon, p.lat));
    }
    let looks_swapped =
        checked > 0 && near_as_written * 2 < checked && near_swapped * 10 >= checked * 9;
    looks_swapped.then(|| Problem {
        line: None,
        column: None,
        kind: ProblemKind::SwappedCoordinates {
            latitude: columns.lat.1.clone(),
            longitude: columns.lon.1.clone(),
            checked,
            near_as_written,
            near_swapped,
        },
    })
}

/// Reads rows into points, pushing problems; stops once there are more than [`MAX_PROBLEMS`]
/// (the extra one tells the caller that reading stopped early). The columns are `None` when the
/// header was refused.
fn read_rows(
    reader: impl Read,
    today: Date,
    problems: &mut Vec<Problem>,
) -> (Vec<Point>, Option<Columns>) {
    let options = tabular::Options {
        trim: true,
        flexible: true,
        strip_bom: true,
        skip_blank_before_header: true,
    };
    let mut table = TableReader::new(reader, options);
    let mut record = csv::ByteRecord::new();
    let mut points = Vec::new();
    let read_error = |ReadError { line_hint, error }: ReadError| {
        let line = error.position().map_or(line_hint, csv::Position::line);
        let kind = match error.kind() {
            csv::ErrorKind::Utf8 { .. } => ProblemKind::InvalidUtf8,
            _ => ProblemKind::Io(error.to_string()),
        };
        Problem {
            line: Some(line),
            column: None,
            kind,
        }
    };
    let header = match table.header(&mut record) {
        Ok(header) => header,
        Err(HeaderError::Empty) => {
            problems.push(Problem {
                line: None,
                column: None,
                kind: ProblemKind::EmptyFile,
            });
            return (points, None);
        }
        Err(HeaderError::Read { line_hint, error }) => {
            problems.push(read_error(ReadError { line_hint, error }));
            return (points, None);
        }
        Err(HeaderError::NotUtf8 { line, .. }) => {
            problems.push(Problem {
                line: Some(line),
                column: None,
                kind: ProblemKind::InvalidUtf8,
            });
            return (points, None);
        }
    };
    let columns = match read_header(&header) {
        Ok(found) => found,
        Err(found) => {
            problems.extend(found);
            return (points, None);
        }
    };
    let mut rows = 0usize;
    loop {
        let line = match table.next_row(&mut record) {
            Ok(None) => break,
            Ok(Some(line)) => line,
            Err(error) => {
                problems.push(read_error(error));
                return (points, Some(columns));
            }
        };
        if record.iter().all(<[u8]>::is_empty) {
            continue;
        }
        rows += 1;
        if let Some(point) = read_row(&record, &columns, line, today, problems) {
            points.push(point);
        }
        if problems.len() > MAX_PROBLEMS {
            return (points, Some(columns));
        }
    }
    if rows == 0 {
        problems.push(Problem {
            line: None,
            column: None,
            kind: ProblemKind::NoDataRows,
        });
    }
    (points, Some(columns))
}

/// Finds the columns; refuses a header with unknown names, two names for one column, or a missing
/// coordinate (an unknown name that is a typo of a missing column stands for both).
fn read_header(header: &Header) -> Result<Columns, Vec<Problem>> {
    let at_line = |column: Option<&String>, kind| Problem {
        line: Some(header.line),
        column: column.cloned(),
        kind,
    };
    let names = &header.names;
    if let Some(delimiter) = header.single_column_separator() {
        return Err(vec![at_line(None, ProblemKind::WrongDelimiter(delimiter))]);
    }
    let mut problems = Vec::new();
    let mut unnamed = Vec::new();
    let mut suggested = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let known = ALL_NAMES
            .iter()
            .flat_map(|names| names.iter())
            .any(|a| name.eq_ignore_ascii_case(a));
        if name.is_empty() {
            unnamed.push(i);
        } else if !known {
            let suggestion = closest_name(name);
            suggested.extend(suggestion);
            problems.push(at_line(
                Some(name),
                ProblemKind::UnknownColumn { suggestion },
            ));
        }
    }
    let find = |column: &'static str, accepted: &'static [&'static str]| {
        let matches: Vec<(usize, String)> = names
            .iter()
            .enumerate()
            .filter(|(_, name)| accepted.iter().any(|a| name.eq_ignore_ascii_case(a)))
            .map(|(i, name)| (i, name.clone()))
            .collect();
        match matches.len() {
            0 => Ok(None),
            1 => Ok(matches.into_iter().next()),
            _ => Err(at_line(
                None,
                ProblemKind::DuplicateColumn {
                    column,
                    headers: matches.into_iter().map(|(_, name)| name).collect(),
                },
            )),
        }
    };
    let mut required = |column: &'static str, accepted: &'static [&'static str]| {
        match find(column, accepted) {
            Ok(Some(found)) => Some(found),
            Ok(None) => {
                // `lattitude` was named unknown, with the suggestion: saying "no latitude" too adds nothing.
                if !suggested.iter().any(|s| accepted.contains(s)) {
                    problems.push(at_line(
                        None,
                        ProblemKind::MissingColumn {
                            column,
                            accepted,
                            found: names.iter().filter(|n| !n.is_empty()).cloned().collect(),
                        },
                    ));
                }
                None
            }
            Err(problem) => {
                problems.push(problem);
                None
            }
        }
    };
    let lat = required("latitude", LATITUDE_NAMES);
    let lon = required("longitude", LONGITUDE_NAMES);
    let mut optional = |column: &'static str, accepted: &'static [&'static str]| {
        find(column, accepted).unwrap_or_else(|problem| {
            problems.push(problem);
            None
        })
    };
    let weight = optional("weight", WEIGHT_NAMES);
    let date = optional("date", DATE_NAMES);
    match (lat, lon) {
        (Some(lat), Some(lon)) if problems.is_empty() => Ok(Columns {
            count: names.len(),
            lat,
            lon,
            weight,
            date,
            unnamed,
        }),
        _ => Err(problems),
    }
}

/// Reads one data row; pushes its problems and returns `None` if it has any.
fn read_row(
    record: &csv::ByteRecord,
    columns: &Columns,
    line: u64,
    today: Date,
    problems: &mut Vec<Problem>,
) -> Option<Point> {
    let before = problems.len();
    let mut report = |column: Option<&str>, kind| {
        problems.push(Problem {
            line: Some(line),
            column: column.map(str::to_owned),
            kind,
        });
    };
    if record.len() != columns.count {
        report(
            None,
            ProblemKind::FieldCount {
                found: record.len(),
                expected: columns.count,
            },
        );
        return None;
    }
    if let Some(bad) = record.iter().position(|f| std::str::from_utf8(f).is_err()) {
        let column = [&columns.lat, &columns.lon]
            .into_iter()
            .chain(&columns.weight)
            .chain(&columns.date)
            .find(|(i, _)| *i == bad)
            .map(|(_, name)| name.as_str());
        report(column, ProblemKind::InvalidUtf8);
        return None;
    }
    // Every cell is UTF-8 now.
    let text = |i: usize| {
        record
            .get(i)
            .and_then(|f| std::str::from_utf8(f).ok())
            .unwrap_or("")
    };
    for &i in &columns.unnamed {
        if !text(i).is_empty() {
            report(None, ProblemKind::ValueInUnnamedColumn(i + 1));
        }
    }
    let number = |i: usize| text(i).parse::<f64>().ok().filter(|n| n.is_finite());
    // In range the other way round: a latitude out of range that is likely a longitude.
    let swapped = match (number(columns.lat.0), number(columns.lon.0)) {
        (Some(lat), Some(lon)) => lat.abs() <= 180.0 && lon.abs() <= 90.0,
        _ => false,
    };
    let mut coordinate = |(i, name): &(usize, String),
                          limit: f64,
                          out_of_range: &dyn Fn(String) -> ProblemKind| {
        let value = text(*i);
        if value.is_empty() {
            report(Some(name), ProblemKind::MissingValue);
            return None;
        }
        match value.parse::<f64>() {
            Ok(number) if number.is_finite() && (-limit..=limit).contains(&number) => Some(number),
            Ok(number) if number.is_finite() => {
                report(Some(name), out_of_range(value.to_owned()));
                None
            }
            _ => {
                report(Some(name), ProblemKind::NotANumber(value.to_owned()));
                None
            }
        }
    };
    let lat = coordinate(&columns.lat, 90.0, &|value| {
        ProblemKind::LatitudeOutOfRange { value, swapped }
    });
    let lon = coordinate(&columns.lon, 180.0, &ProblemKind::LongitudeOutOfRange);
    let mut weight = 1.0;
    if let Some((i, name)) = &columns.weight {
        let value = text(*i);
        if !value.is_empty() {
            match value.parse::<f64>() {
                Ok(number) if !number.is_finite() => {
                    report(Some(name), ProblemKind::NonFiniteWeight(value.to_owned()));
                }
                Ok(number) if number < 0.0 => {
                    report(Some(name), ProblemKind::NegativeWeight(value.to_owned()));
                }
                Ok(number) => weight = number,
                Err(_) => report(Some(name), ProblemKind::NotANumber(value.to_owned())),
            }
        }
    }
    let mut date = None;
    if let Some((i, name)) = &columns.date {
        let value = text(*i);
        if !value.is_empty() {
            match PartialDate::parse(value) {
                Ok(parsed) if parsed.first_day().is_some_and(|d| d > today) => report(
                    Some(name),
                    ProblemKind::FutureDate {
                        value: value.to_owned(),
                        today,
                    },
                ),
                Ok(parsed) => date = Some(parsed),
                Err(_) => report(Some(name), ProblemKind::InvalidDate(value.to_owned())),
            }
        }
    }
    if problems.len() > before {
        return None;
    }
    let point = Point {
        lat: lat?,
        lon: lon?,
        weight,
        date,
    };
    Some(point)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2024 - 05 - 15);

    fn read(text: &[u8]) -> Result<Vec<Point>, PointsError> {
        read_points_until(text, "test.csv", TODAY, None)
    }

    fn only_problem(text: &[u8]) -> Problem {
        let error = read(text).expect_err("the file should be rejected");
        assert_eq!(error.source_name, "test.csv");
        assert_eq!(error.problems.len(), 1, "{error}");
        error.problems[0].clone()
    }

    #[test]
    fn reads_columns_by_name_in_any_case_and_order() {
        let points = read(
            b"LNG,Weight,LAT,Month\n\
              -0.5,2.5,53.1,2021-06\n\
              0.1,,52.9,\n",
        )
        .unwrap();
        assert_eq!(points.len(), 2);
        assert_eq!(points[0].lat(), 53.1);
        assert_eq!(points[0].lon(), -0.5);
        assert_eq!(points[0].weight(), 2.5);
        assert_eq!(
            points[0].date(),
            Some(PartialDate::year_month(2021, 6).unwrap())
        );
        assert_eq!(points[1].weight(), 1.0, "an empty weight counts as 1");
        assert_eq!(points[1].date(), None, "an empty date is no date");
    }

    #[test]
    fn weight_defaults_to_one_and_aliases_work() {
        let points = read(b"lon,lat,date\n1,2,2020\n3,4,2020-02-29\n").unwrap();
        assert_eq!(points.len(), 2);
        assert!(points.iter().all(|p| p.weight() == 1.0));
        assert_eq!(points[0].date().unwrap().month(), None);
        let day = points[1].date().unwrap();
        assert_eq!(
            (day.year(), day.month(), day.day()),
            (2020, Some(2), Some(29))
        );
        let points = read(b"latitude,longitude\n-90,180\n90,-180\n").unwrap();
        assert_eq!(points.len(), 2);
    }

    #[test]
    fn skips_blank_lines_and_strips_a_byte_order_mark() {
        let points =
            read(b"\xEF\xBB\xBFlat,lon,weight\n\n52,0,1\r\n   \n,,\n\n53,1,2\n\n").unwrap();
        assert_eq!(points.len(), 2);
        assert_eq!(points[1].lat(), 53.0);
    }

    #[test]
    fn rejects_a_latitude_out_of_range() {
        let problem = only_problem(b"lat,lon\n52,0\n95.5,120\n");
        assert_eq!(problem.line, Some(3));
        assert_eq!(problem.column.as_deref(), Some("lat"));
        assert_eq!(
            problem.kind,
            ProblemKind::LatitudeOutOfRange {
                value: "95.5".into(),
                swapped: false
            }
        );
    }

    #[test]
    fn rejects_a_longitude_out_of_range() {
        let problem = only_problem(b"latitude,longitude\n52,-180.5\n");
        assert_eq!(problem.line, Some(2));
        assert_eq!(problem.column.as_deref(), Some("longitude"));
        assert_eq!(
            problem.kind,
            ProblemKind::LongitudeOutOfRange("-180.5".into())
        );
    }

    #[test]
    fn rejects_coordinates_that_are_not_numbers() {
        for bad in ["north", "NaN", "inf", "52,5"] {
            let text = format!("lat,lon\n\"{bad}\",0\n");
            let problem = only_problem(text.as_bytes());
            assert_eq!(problem.column.as_deref(), Some("lat"));
            assert_eq!(problem.kind, ProblemKind::NotANumber(bad.into()));
        }
        let problem = only_problem(b"lat,lon\n52,\n");
        assert_eq!(problem.column.as_deref(), Some("lon"));
        assert_eq!(problem.kind, ProblemKind::MissingValue);
    }

    #[test]
    fn rejects_a_negative_weight() {
        let problem = only_problem(b"lat,lon,weight\n52,0,1\n52,0,-0.5\n");
        assert_eq!(problem.line, Some(3));
        assert_eq!(problem.column.as_deref(), Some("weight"));
        assert_eq!(problem.kind, ProblemKind::NegativeWeight("-0.5".into()));
    }

    #[test]
    fn rejects_a_weight_that_is_not_finite_or_not_a_number() {
        let problem = only_problem(b"lat,lon,weight\n52,0,inf\n");
        assert_eq!(problem.kind, ProblemKind::NonFiniteWeight("inf".into()));
        let problem = only_problem(b"lat,lon,weight\n52,0,NaN\n");
        assert_eq!(problem.kind, ProblemKind::NonFiniteWeight("NaN".into()));
        let problem = only_problem(b"lat,lon,weight\n52,0,heavy\n");
        assert_eq!(problem.kind, ProblemKind::NotANumber("heavy".into()));
        assert!(
            read(b"lat,lon,weight\n52,0,0\n").is_ok(),
            "zero is a weight"
        );
    }

    #[test]
    fn rejects_dates_that_do_not_parse() {
        for bad in [
            "2021-13",
            "2021-02-30",
            "21-06",
            "2021/06",
            "June 2021",
            "2021-6",
            "2021-06-01T00",
        ] {
            let text = format!("lat,lon,date\n52,0,{bad}\n");
            let problem = only_problem(text.as_bytes());
            assert_eq!(problem.line, Some(2));
            assert_eq!(problem.column.as_deref(), Some("date"));
            assert_eq!(problem.kind, ProblemKind::InvalidDate(bad.into()), "{bad}");
        }
    }

    #[test]
    fn rejects_dates_in_the_future() {
        let problem = only_problem(b"lat,lon,month\n52,0,2024-06\n");
        assert_eq!(problem.column.as_deref(), Some("month"));
        assert_eq!(
            problem.kind,
            ProblemKind::FutureDate {
                value: "2024-06".into(),
                today: TODAY
            }
        );
        assert!(matches!(
            only_problem(b"lat,lon,date\n52,0,2024-05-16\n").kind,
            ProblemKind::FutureDate { .. }
        ));
        assert!(matches!(
            only_problem(b"lat,lon,date\n52,0,2025\n").kind,
            ProblemKind::FutureDate { .. }
        ));
        // The current month and year have begun, and today is today.
        assert!(read(b"lat,lon,date\n52,0,2024-05\n52,0,2024\n52,0,2024-05-15\n").is_ok());
    }

    #[test]
    fn real_today_accepts_todays_date() {
        let today = OffsetDateTime::now_utc().date();
        let text = format!("lat,lon,date\n52,0,{today}\n");
        assert!(read_points_from(text.as_bytes(), "t.csv", None).is_ok());
    }

    #[test]
    fn names_the_missing_column_and_the_columns_found() {
        let problem = only_problem(b"month,longitude,weight\n2021-01,0,1\n");
        assert_eq!(problem.line, Some(1));
        assert_eq!(
            problem.kind,
            ProblemKind::MissingColumn {
                column: "latitude",
                accepted: LATITUDE_NAMES,
                found: vec!["month".into(), "longitude".into(), "weight".into()],
            }
        );
        let message = problem.to_string();
        assert!(
            message.contains("no latitude column") && message.contains("month, longitude, weight"),
            "{message}"
        );
        // `x` is unknown and suggests nothing, so the longitude is missing too.
        let error = read(b"lat,x\n52,0\n").unwrap_err();
        let kinds: Vec<&ProblemKind> = error.problems.iter().map(|p| &p.kind).collect();
        assert!(
            matches!(
                kinds.as_slice(),
                [
                    ProblemKind::UnknownColumn { suggestion: None },
                    ProblemKind::MissingColumn {
                        column: "longitude",
                        ..
                    }
                ]
            ),
            "{error}"
        );
    }

    #[test]
    fn refuses_an_unknown_column_naming_it_and_the_column_meant() {
        let error = read(b"lattitude,lon\n52,0\n").unwrap_err();
        // The typo stands for the missing latitude: one line.
        assert_eq!(
            error.to_string(),
            "test.csv, line 1, column `lattitude`: unknown column (did you mean `latitude`?)"
        );
        for (header, meant) in [
            ("lat,lon,wieght", "weight"),
            ("lat,lon,Mnth", "month"),
            ("lat,Long", "lon"),
            ("lat,longitud", "longitude"),
            ("Lat.,lon", "lat"),
            ("lat,lon,date-", "date"),
        ] {
            let text = format!("{header}\n52,0,1\n");
            let problem = only_problem(text.as_bytes());
            assert_eq!(problem.line, Some(1), "{header}");
            assert_eq!(
                problem.kind,
                ProblemKind::UnknownColumn {
                    suggestion: Some(meant)
                },
                "{header}"
            );
        }
        // Nothing close: the columns Beacon reads are listed instead.
        let problem = only_problem(b"lat,lon,crime_type\n52,0,theft\n");
        assert_eq!(problem.column.as_deref(), Some("crime_type"));
        assert_eq!(
            problem.kind,
            ProblemKind::UnknownColumn { suggestion: None }
        );
        assert!(
            problem.to_string().contains(
                "unknown column; Beacon reads latitude (or lat), longitude (or lon, lng), weight and \
                 date (or month): remove the other columns"
            ),
            "{problem}"
        );
        // A police export: each extra column is named.
        let error = read(
            b"month,longitude,latitude,crime_type,lsoa_code,lsoa_name\n2021-01,0,52,theft,E01,Boston\n",
        )
        .unwrap_err();
        let columns: Vec<Option<&str>> =
            error.problems.iter().map(|p| p.column.as_deref()).collect();
        assert_eq!(
            columns,
            [Some("crime_type"), Some("lsoa_code"), Some("lsoa_name")]
        );
        // A control character in a name is shown escaped.
        let error = read(b"lat,lon,date\x01\n52,0,2020\n").unwrap_err();
        assert!(error.to_string().contains("column `date\\u{1}`"), "{error}");
    }

    #[test]
    fn columns_without_a_name_must_stay_empty() {
        assert_eq!(read(b"lat,lon,,\n52,0,,\n").unwrap().len(), 1);
        let problem = only_problem(b"lat,lon,\n52,0,\n53,0,x\n");
        assert_eq!(problem.line, Some(3));
        assert_eq!(problem.kind, ProblemKind::ValueInUnnamedColumn(3));
        assert!(problem.to_string().contains("column 3, which has no name"));
    }

    #[test]
    fn a_latitude_out_of_range_that_would_be_a_longitude_hints_at_a_swap() {
        // Sydney written latitude first, as the region check hints for GeoJSON.
        let problem = only_problem(b"lat,lon\n151.21,-33.87\n");
        assert_eq!(
            problem.kind,
            ProblemKind::LatitudeOutOfRange {
                value: "151.21".into(),
                swapped: true
            }
        );
        assert!(
            problem.to_string().ends_with(
                "outside the latitude range -90 to 90 (latitude and longitude swapped?)"
            ),
            "{problem}"
        );
    }

    /// A stand-in for the gazetteer's settled area: Great Britain, roughly.
    fn britain(lat: f64, lon: f64) -> bool {
        (49.9..=58.7).contains(&lat) && (-8.0..=1.8).contains(&lon)
    }

    fn read_near(text: &[u8]) -> Result<Vec<Point>, PointsError> {
        read_points_until(text, "test.csv", TODAY, Some(&britain))
    }

    #[test]
    fn coordinates_swapped_but_in_range_are_refused_by_where_people_live() {
        // Fenland points written longitude first under latitude, longitude: all in range.
        let swapped = b"Lat,Lon\n0.16,52.66\n-0.02,52.57\n0.40,52.75\n-0.25,52.80\n";
        assert_eq!(
            read(swapped).unwrap().len(),
            4,
            "without settlements, nothing to tell"
        );
        let error = read_near(swapped).unwrap_err();
        assert_eq!(error.problems.len(), 1);
        assert_eq!(
            error.problems[0].kind,
            ProblemKind::SwappedCoordinates {
                latitude: "Lat".into(),
                longitude: "Lon".into(),
                checked: 4,
                near_as_written: 0,
                near_swapped: 4
            }
        );
        assert_eq!(
            error.to_string(),
            "test.csv, latitude and longitude swapped? 0 of the 4 points checked lie near a town as \
             written, 4 would with columns `Lat` and `Lon` exchanged; exchange the two names in the header"
        );
        // The same points the right way round, and a file far from towns either way, are read.
        assert_eq!(
            read_near(b"lat,lon\n52.66,0.16\n52.57,-0.02\n52.75,0.40\n")
                .unwrap()
                .len(),
            3
        );
        assert_eq!(read_near(b"lat,lon\n-40,-30\n-45,-20\n").unwrap().len(), 2);
        // Half near as written is not a swap, nor is a file where fewer than nine in ten would be near.
        assert!(read_near(b"lat,lon\n52.6,0.1\n0.1,52.6\n").is_ok());
        assert!(read_near(b"lat,lon\n0.1,52.6\n0.2,52.6\n-40,-30\n").is_ok());
    }

    #[test]
    fn a_large_file_is_checked_for_a_swap_on_a_sample() {
        let mut text = String::from("lat,lon\n");
        for i in 0..25_000 {
            text.push_str(&format!("{},{}\n", (i % 100) as f64 * 0.01, 52.5));
        }
        let error = read_near(text.as_bytes()).unwrap_err();
        assert!(matches!(
            error.problems[0].kind,
            ProblemKind::SwappedCoordinates {
                checked: 8_334,
                near_swapped: 8_334,
                ..
            }
        ));
    }

    #[test]
    fn rejects_two_columns_with_the_same_meaning() {
        let problem = only_problem(b"lat,Latitude,lon\n1,1,1\n");
        assert_eq!(
            problem.kind,
            ProblemKind::DuplicateColumn {
                column: "latitude",
                headers: vec!["lat".into(), "Latitude".into()]
            }
        );
    }

    #[test]
    fn rejects_an_empty_file() {
        assert_eq!(only_problem(b"").kind, ProblemKind::EmptyFile);
        assert_eq!(only_problem(b"\n\n  \n").kind, ProblemKind::EmptyFile);
        let problem = only_problem(b"lat,lon\n\n\n");
        assert_eq!(problem.kind, ProblemKind::NoDataRows);
        assert_eq!(problem.line, None);
    }

    #[test]
    fn recognises_a_wrong_delimiter() {
        let problem = only_problem(b"month;longitude;latitude\n2021-01;0;52\n");
        assert_eq!(problem.line, Some(1));
        assert_eq!(problem.kind, ProblemKind::WrongDelimiter(';'));
        assert!(
            problem
                .to_string()
                .contains("the file seems to use ';' as delimiter; Beacon expects commas"),
            "{problem}"
        );
        let problem = only_problem(b"lat\tlon\n52\t0\n");
        assert_eq!(problem.kind, ProblemKind::WrongDelimiter('\t'));
        assert!(
            problem
                .to_string()
                .contains("seems to use tabs as delimiter")
        );
    }

    #[test]
    fn names_the_line_with_invalid_utf8() {
        let problem = only_problem(b"lat,lon,weight\n52,0,1\n52,0,caf\xE9\n");
        assert_eq!(problem.line, Some(3));
        assert_eq!(problem.kind, ProblemKind::InvalidUtf8);
        let problem = only_problem(b"lat,lon\n5\xFF2,0\n");
        assert_eq!(problem.line, Some(2));
        assert_eq!(problem.column.as_deref(), Some("lat"));
        let problem = only_problem(b"la\xFFt,lon\n52,0\n");
        assert_eq!(
            (problem.line, problem.kind),
            (Some(1), ProblemKind::InvalidUtf8)
        );
    }

    #[test]
    fn rejects_rows_with_another_number_of_cells() {
        let problem = only_problem(b"lat,lon,weight\n52,0,1\n52,0\n");
        assert_eq!(problem.line, Some(3));
        assert_eq!(
            problem.kind,
            ProblemKind::FieldCount {
                found: 2,
                expected: 3
            }
        );
    }

    #[test]
    fn collects_several_problems_and_rejects_the_whole_file() {
        let error = read(b"lat,lon,weight\n52,0,1\n99,0,1\n52,x,-1\n52,0,1\n").unwrap_err();
        assert!(!error.stopped_early);
        let places: Vec<(Option<u64>, Option<&str>)> = error
            .problems
            .iter()
            .map(|p| (p.line, p.column.as_deref()))
            .collect();
        assert_eq!(
            places,
            [
                (Some(3), Some("lat")),
                (Some(4), Some("lon")),
                (Some(4), Some("weight"))
            ]
        );
        let message = error.to_string();
        assert!(
            message.starts_with("test.csv was rejected: 3 problems"),
            "{message}"
        );
        assert!(message.contains("test.csv, line 4, column `weight`: '-1' is negative"));
    }

    #[test]
    fn stops_after_the_maximum_number_of_problems() {
        let mut text = String::from("lat,lon\n");
        for _ in 0..100 {
            text.push_str("100,0\n");
        }
        let error = read(text.as_bytes()).unwrap_err();
        assert_eq!(error.problems.len(), MAX_PROBLEMS);
        assert!(error.stopped_early);
        assert_eq!(
            error.problems.last().unwrap().line,
            Some(MAX_PROBLEMS as u64 + 1)
        );
        assert!(error.to_string().contains("there may be more"));
    }

    #[test]
    fn a_single_problem_reads_as_one_line_naming_file_line_and_column() {
        let error = read(b"lat,lon\n52,0\n-91,0\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "test.csv, line 3, column `lat`: '-91' is outside the latitude range -90 to 90 \
             (latitude and longitude swapped?)"
        );
    }

    #[test]
    fn a_missing_file_is_an_error_naming_it() {
        let error = read_points(Path::new("/nonexistent/points.csv"), None).unwrap_err();
        assert_eq!(error.source_name, "/nonexistent/points.csv");
        assert!(matches!(error.problems[0].kind, ProblemKind::Io(_)));
        assert!(
            error
                .to_string()
                .starts_with("/nonexistent/points.csv, cannot be read")
        );
    }

    #[test]
    fn long_values_are_cut_in_messages() {
        let long = "x".repeat(100);
        let text = format!("lat,lon\n{long},0\n");
        let message = only_problem(text.as_bytes()).to_string();
        assert!(message.contains('…') && message.len() < 120, "{message}");
    }

    #[test]
    fn points_check_their_values() {
        assert_eq!(Point::new(91.0, 0.0), Err(InvalidPoint::Latitude(91.0)));
        assert!(Point::new(0.0, f64::NAN).is_err());
        let point = Point::new(52.0, 0.0).unwrap();
        assert!(point.with_weight(-1.0).is_err());
        assert!(point.with_weight(f64::INFINITY).is_err());
        assert_eq!(point.with_weight(2.0).unwrap().weight(), 2.0);
    }
}
