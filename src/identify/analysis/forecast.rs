//! The "predict" step: a risk forecast per H3 cell for the next period, and an honest backtest of
//! it against two baselines.
//!
//! # The forecast
//!
//! Points are binned into periods ([`Period::Month`] or ISO [`Period::Week`]) and H3 cells at a
//! resolution. Let `x_c(s)` be the weight of the points in cell `c` in period `s` (the number of
//! points when they carry no weight). The forecast for period `t` uses the periods before `t`
//! only, from the first period with data, `s0`:
//!
//! 1. **Recent rate** (exponentially weighted moving average, half-life `h` periods):
//!    `λ = 2^(−1/h)` and
//!    `R_c(t) = Σ_{s0 ≤ s < t} λ^(t−1−s) · x_c(s) / Σ_{s0 ≤ s < t} λ^(t−1−s)`.
//!    A period `h` periods back counts half as much as the last one; an empty period counts as
//!    zero. With `h = ∞` this is the mean over all past periods.
//! 2. **Spatial spread** (a kernel density on the H3 grid, share `β`, radius `k` rings): every cell
//!    keeps `1 − β` of its rate and hands `β` out to the cells 1 to `k` rings away, with a
//!    triangular kernel: a cell `d` rings away gets the share `K(d) = (k + 1 − d) / Σ_{e=1..k} 6e ·
//!    (k + 1 − e)` of it (for `k = 1`: `1/6` to each neighbour). So the risk score is
//!    `score_c(t) = (1 − β) · R_c(t) + β · Σ_{1 ≤ d(c,c') ≤ k} K(d(c,c')) · R_c'(t)`.
//!
//! The score reads as the expected weight of points in the cell in period `t`: summed over the
//! map it equals the average period's total.
//!
//! The defaults ([`ForecastModel::default`]) are `h = 3` periods, `β = 0.05`, `k = 1`. They were
//! chosen on the Lincolnshire police data (`police_lincolnshire_2020-06_2021-12.csv`, clipped to
//! the county) using the months 2020-06 to 2020-12 only, the training window of the earliest
//! backtest split: a rolling-origin backtest inside that window (training until 2020-07 and until
//! 2020-08, so forecasting 2020-08 to 2020-12 each from the months before it), at resolutions 7,
//! 8 and 9 and 5 % of the area, over the grid `h` ∈ {1, 2, 3, 4, 6, 9, 12, 24, ∞}, `β` ∈ {0, 0.02,
//! 0.05, 0.1, 0.2, 0.3, 0.5}, `k` ∈ {1, 2}; the defaults had the highest mean PAI. No month after
//! 2020-12 was used to choose them. The choice is a narrow one: in that window every `h` from 2
//! to ∞ with `β` ≤ 0.1 scored within 0.15 % of the best (`h = ∞, β = 0`, which ranks cells as the
//! all-time baseline does, 0.07 % below it), `β = 0.2` 0.25 % below and `β = 0.5` 3 to 5 % below
//! at resolutions 7 and 8. So the spread mostly orders cells whose own histories are alike, by
//! their surroundings; the half-life lets a cell that rises or falls move up or down the ranking
//! within a few periods.
//!
//! # The backtest
//!
//! [`backtest`] replays history: for each held-out period `t` after `train_until`, each method
//! scores the cells from the periods before `t` only (rolling origin), flags the top
//! `area_share` of the study area, and is scored on where period `t`'s points fell:
//!
//! - `forecast`: the model above;
//! - `last-period`: `x_c(t − 1)`;
//! - `all-time`: `Σ_{s < t} x_c(s)`.
//!
//! The **study area** is fixed for the whole backtest: the cells holding at least one point in the
//! training window (periods up to and including `train_until`), plus their 1-ring (the cells next
//! to them). `A` is its number of cells and `a = ⌈area_share · A⌉` (at least 1) the number flagged.
//! Cells are ranked by score, highest first; equal scores are broken by the H3 cell index, lowest
//! first, so the result never depends on hash order. `N` is the weight of period `t`'s points
//! inside the study area and `n` of those in flagged cells; hit rate `= n / N` and PAI (predictive
//! accuracy index) `= (n / N) / (a / A)`: 1 is no better than flagging cells at random. Points of
//! held-out periods outside the study area count in neither `n` nor `N`; each row reports their
//! weight.
//!
//! This file is over 1,000 lines on purpose: its code is about 1,000 lines and the rest are its tests,
//! which follow the forecast and the backtest step by step; it moved here as it was (only its date
//! type changed).

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::Write;
use std::str::FromStr;

use h3o::{CellIndex, LatLng, Resolution};
use time::{Date, Weekday};

use crate::identify::incidents::date::PartialDate;
use crate::identify::incidents::points::Point;

/// The share of the study area flagged by default: 5 %.
pub const DEFAULT_AREA_SHARE: f64 = 0.05;

/// The model's method name in [`BacktestRow::method`].
pub const METHOD_FORECAST: &str = "forecast";
/// The last-period baseline's method name in [`BacktestRow::method`].
pub const METHOD_LAST_PERIOD: &str = "last-period";
/// The all-time baseline's method name in [`BacktestRow::method`].
pub const METHOD_ALL_TIME: &str = "all-time";
/// The [`BacktestRow::period`] of the rows that average over the held-out periods.
pub const AVERAGE: &str = "average";

/// The most held-out periods one backtest replays (about 83 years of months, 19 of weeks).
pub const MAX_HELD_OUT_PERIODS: i64 = 1000;

/// The length of a forecast period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    /// Calendar months; points need dates with at least a month (`YYYY-MM`).
    Month,
    /// ISO 8601 weeks, Monday to Sunday; points need full dates (`YYYY-MM-DD`).
    Week,
}

impl Period {
    /// The period a date falls in, or `None` if the date is too coarse for it (a year for a month,
    /// a month for a week).
    pub fn key_of(self, date: PartialDate) -> Option<PeriodKey> {
        match self {
            Period::Month => Some(PeriodKey {
                period: self,
                ordinal: date.year() * 12 + i32::from(date.month()?) - 1,
            }),
            Period::Week => {
                date.day()?;
                Some(PeriodKey {
                    period: self,
                    ordinal: week_ordinal(date.first_day()?),
                })
            }
        }
    }

    /// `month` or `week`.
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Month => "month",
            Period::Week => "week",
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Period {
    type Err = InvalidPeriod;

    /// `month` or `week`, in any case.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "month" => Ok(Period::Month),
            "week" => Ok(Period::Week),
            _ => Err(InvalidPeriod(text.to_owned())),
        }
    }
}

/// Text that names no period length.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a period length: expected month or week")]
pub struct InvalidPeriod(pub String);

/// A Monday: weeks are counted from it.
const EPOCH_MONDAY: Date = time::macros::date!(1970 - 01 - 05);

fn week_ordinal(day: Date) -> i32 {
    (day.to_julian_day() - EPOCH_MONDAY.to_julian_day()).div_euclid(7)
}

/// One period: a month (`2021-06`) or an ISO week (`2021-W05`).
///
/// Keys of one kind are ordered in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PeriodKey {
    period: Period,
    /// Months since year 0, or weeks since [`EPOCH_MONDAY`].
    pub(super) ordinal: i32,
}

impl PeriodKey {
    /// A calendar month; year 0 to 9999, month 1 to 12.
    pub fn month(year: i32, month: u8) -> Result<Self, InvalidPeriodKey> {
        let date = PartialDate::year_month(year, month)
            .map_err(|_| InvalidPeriodKey(format!("{year:04}-{month:02}")))?;
        Period::Month
            .key_of(date)
            .ok_or_else(|| InvalidPeriodKey(date.to_string()))
    }

    /// An ISO 8601 week (week 1 holds the year's first Thursday; some years have 53 weeks).
    pub fn iso_week(year: i32, week: u8) -> Result<Self, InvalidPeriodKey> {
        let monday = Date::from_iso_week_date(year, week, Weekday::Monday)
            .map_err(|_| InvalidPeriodKey(format!("{year:04}-W{week:02}")))?;
        Ok(Self {
            period: Period::Week,
            ordinal: week_ordinal(monday),
        })
    }

    /// Parses `YYYY-MM` (a month) or `YYYY-Www` (an ISO week, e.g. `2021-W05`).
    pub fn parse(text: &str) -> Result<Self, InvalidPeriodKey> {
        let invalid = || InvalidPeriodKey(text.to_owned());
        let text = text.trim();
        if let Some((year, week)) = text.split_once("-W").or_else(|| text.split_once("-w")) {
            let year = parse_digits(year, 4).ok_or_else(invalid)?;
            let week = parse_digits(week, 2).ok_or_else(invalid)?;
            let week = u8::try_from(week).map_err(|_| invalid())?;
            return Self::iso_week(year, week).map_err(|_| invalid());
        }
        match PartialDate::parse(text) {
            Ok(date) if date.day().is_none() && date.month().is_some() => {
                Period::Month.key_of(date).ok_or_else(invalid)
            }
            _ => Err(invalid()),
        }
    }

    /// Whether this is a month or a week.
    pub fn period(&self) -> Period {
        self.period
    }

    /// The period after this one.
    pub fn next(&self) -> Self {
        Self {
            period: self.period,
            ordinal: self.ordinal.saturating_add(1),
        }
    }

    /// The first day of the period.
    pub fn first_day(&self) -> Date {
        match self.period {
            Period::Month => {
                let year = self.ordinal.div_euclid(12);
                let month = u8::try_from(self.ordinal.rem_euclid(12) + 1)
                    .ok()
                    .and_then(|m| time::Month::try_from(m).ok())
                    .unwrap_or(time::Month::January);
                Date::from_calendar_date(year, month, 1).unwrap_or(Date::MIN)
            }
            Period::Week => {
                let days = i64::from(self.ordinal) * 7;
                let julian = i64::from(EPOCH_MONDAY.to_julian_day()) + days;
                i32::try_from(julian)
                    .ok()
                    .and_then(|jd| Date::from_julian_day(jd).ok())
                    .unwrap_or(Date::MIN)
            }
        }
    }

    pub(super) fn with_ordinal(self, ordinal: i32) -> Self {
        Self { ordinal, ..self }
    }
}

fn parse_digits(text: &str, len: usize) -> Option<i32> {
    (text.len() == len && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

impl fmt::Display for PeriodKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.period {
            Period::Month => write!(
                f,
                "{:04}-{:02}",
                self.ordinal.div_euclid(12),
                self.ordinal.rem_euclid(12) + 1
            ),
            Period::Week => {
                let (year, week, _) = self.first_day().to_iso_week_date();
                write!(f, "{year:04}-W{week:02}")
            }
        }
    }
}

impl FromStr for PeriodKey {
    type Err = InvalidPeriodKey;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

/// Text that is no period: neither `YYYY-MM` nor `YYYY-Www`, or not on the calendar.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a period: expected a month (YYYY-MM) or an ISO week (YYYY-Www)")]
pub struct InvalidPeriodKey(pub String);

/// A longitude–latitude rectangle that points are clipped to. It cannot cross the antimeridian.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoundingBox {
    min_lon: f64,
    min_lat: f64,
    max_lon: f64,
    max_lat: f64,
}

impl BoundingBox {
    /// The rectangle between two corners, in degrees; `min ≤ max` on both axes, latitudes within
    /// -90 to 90 and longitudes within -180 to 180.
    pub fn new(
        min_lon: f64,
        min_lat: f64,
        max_lon: f64,
        max_lat: f64,
    ) -> Result<Self, InvalidBoundingBox> {
        let lon_ok = |v: f64| (-180.0..=180.0).contains(&v);
        let lat_ok = |v: f64| (-90.0..=90.0).contains(&v);
        if lon_ok(min_lon)
            && lon_ok(max_lon)
            && lat_ok(min_lat)
            && lat_ok(max_lat)
            && min_lon <= max_lon
            && min_lat <= max_lat
        {
            Ok(Self {
                min_lon,
                min_lat,
                max_lon,
                max_lat,
            })
        } else {
            Err(InvalidBoundingBox(format!(
                "{min_lon},{min_lat},{max_lon},{max_lat}"
            )))
        }
    }

    /// Whether the point lies inside the rectangle or on its edge.
    pub fn contains(&self, point: &Point) -> bool {
        (self.min_lon..=self.max_lon).contains(&point.lon())
            && (self.min_lat..=self.max_lat).contains(&point.lat())
    }
}

impl FromStr for BoundingBox {
    type Err = InvalidBoundingBox;

    /// `min_lon,min_lat,max_lon,max_lat`, e.g. `-0.79,52.65,0.35,53.50`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || InvalidBoundingBox(text.to_owned());
        let numbers = text
            .split(',')
            .map(|part| part.trim().parse::<f64>())
            .collect::<Result<Vec<f64>, _>>()
            .map_err(|_| invalid())?;
        match numbers.as_slice() {
            [min_lon, min_lat, max_lon, max_lat] => {
                Self::new(*min_lon, *min_lat, *max_lon, *max_lat).map_err(|_| invalid())
            }
            _ => Err(invalid()),
        }
    }
}

/// A rectangle [`BoundingBox`] refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{0}' is not a bounding box: expected min_lon,min_lat,max_lon,max_lat in degrees, min ≤ max"
)]
pub struct InvalidBoundingBox(pub String);

/// The forecast model's settings (see the module documentation for the formula).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ForecastModel {
    half_life: f64,
    spread: f64,
    radius: u32,
}

impl Default for ForecastModel {
    /// Half-life 3 periods, spread 0.05 over 1 ring: chosen on training months only (module
    /// documentation).
    fn default() -> Self {
        Self {
            half_life: 3.0,
            spread: 0.05,
            radius: 1,
        }
    }
}

impl ForecastModel {
    /// The largest spread radius, in rings.
    pub const MAX_RADIUS: u32 = 5;

    /// A model with half-life `half_life` periods (> 0; `f64::INFINITY` weighs all periods
    /// alike), spatial share `spread` (0 to 1; 0 turns the spread off) and radius `radius` rings
    /// (1 to [`Self::MAX_RADIUS`]).
    pub fn new(half_life: f64, spread: f64, radius: u32) -> Result<Self, InvalidModel> {
        if half_life.is_nan() || half_life <= 0.0 {
            return Err(InvalidModel::HalfLife(half_life));
        }
        if !(0.0..=1.0).contains(&spread) {
            return Err(InvalidModel::Spread(spread));
        }
        if !(1..=Self::MAX_RADIUS).contains(&radius) {
            return Err(InvalidModel::Radius(radius));
        }
        Ok(Self {
            half_life,
            spread,
            radius,
        })
    }

    /// Half-life of the moving average, in periods.
    pub fn half_life(&self) -> f64 {
        self.half_life
    }

    /// Share `β` of a cell's rate handed out to its neighbours.
    pub fn spread(&self) -> f64 {
        self.spread
    }

    /// How many rings the spread reaches.
    pub fn radius(&self) -> u32 {
        self.radius
    }

    /// The decay per period, `λ = 2^(−1/h)`.
    fn decay(&self) -> f64 {
        (-1.0 / self.half_life).exp2()
    }

    /// The weight of a cell's rate in a cell `d` rings away, for `d` = 0 to the radius.
    fn kernel(&self) -> Vec<f64> {
        let k = f64::from(self.radius);
        let total: f64 = (1..=self.radius)
            .map(|e| 6.0 * f64::from(e) * (k + 1.0 - f64::from(e)))
            .sum();
        (0..=self.radius)
            .map(|d| {
                if d == 0 {
                    1.0 - self.spread
                } else {
                    self.spread * (k + 1.0 - f64::from(d)) / total
                }
            })
            .collect()
    }
}

/// Settings [`ForecastModel::new`] refuses.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum InvalidModel {
    /// Not a positive number of periods.
    #[error("half-life {0} must be more than 0 periods")]
    HalfLife(f64),
    /// Not between 0 and 1.
    #[error("spread {0} must be between 0 and 1")]
    Spread(f64),
    /// Not between 1 and the largest radius.
    #[error("radius {0} must be between 1 and {max} rings", max = ForecastModel::MAX_RADIUS)]
    Radius(u32),
}

/// Why a forecast or backtest cannot be made from the points given.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ForecastError {
    /// The area share is not in (0, 1].
    #[error("the area share {0} must be more than 0 and at most 1")]
    InvalidAreaShare(f64),
    /// The period key is of another kind than the period length asked for.
    #[error("'{key}' is a {} but the periods are {}s", .key.period(), .period)]
    PeriodMismatch {
        /// The key given.
        key: PeriodKey,
        /// The period length asked for.
        period: Period,
    },
    /// No points, or none inside the bounding box.
    #[error("there are no points to work with (none at all, or none inside the bounding box)")]
    NoPoints,
    /// Some points have no date.
    #[error("{count} points have no date; forecasting needs a date on every point")]
    UndatedPoints {
        /// How many.
        count: usize,
    },
    /// Some dates are too coarse for the period length.
    #[error("{count} points have dates too coarse for {period}ly periods, such as '{example}'")]
    CoarseDates {
        /// How many.
        count: usize,
        /// The period length asked for.
        period: Period,
        /// One of the dates.
        example: PartialDate,
    },
    /// A point's coordinates have no H3 cell (cannot happen for a [`Point`], which checks them).
    #[error("the point at {lat},{lon} has no H3 cell")]
    NoCell {
        /// Latitude.
        lat: f64,
        /// Longitude.
        lon: f64,
    },
    /// No point lies in or before the training window's last period.
    #[error("no point lies in or before {until}; the data start in {first}")]
    NoTrainingData {
        /// The last training period asked for.
        until: PeriodKey,
        /// The first period with data.
        first: PeriodKey,
    },
    /// No period after the training window holds data.
    #[error("no point lies after {until}, so nothing is held out; the data end in {last}")]
    NoHeldOutPeriods {
        /// The last training period asked for.
        until: PeriodKey,
        /// The last period with data.
        last: PeriodKey,
    },
    /// Every point lies outside the bounding box.
    #[error("all {count} points lie outside the bounding box; widen it or leave it out")]
    AllOutsideBox {
        /// How many points there are.
        count: usize,
        /// Their weight.
        weight: f64,
    },
    /// The training window is too short to choose a model by rolling-origin evaluation.
    #[error(
        "too short to choose a model: after {warm_up} periods of history, the training window ({first} to \
         {until}) has {origins} period(s) with points to evaluate on, and at least {needed} are needed; \
         train until a later period, or use shorter periods"
    )]
    TooShortToChoose {
        /// The last training period asked for.
        until: PeriodKey,
        /// The first period with data.
        first: PeriodKey,
        /// Rolling origins with points inside the training window.
        origins: usize,
        /// How many are needed.
        needed: usize,
        /// Periods of history before the first origin.
        warm_up: usize,
    },
    /// The held-out range is implausibly long.
    #[error("{count} held-out periods after {until}; at most {max} are replayed", max = MAX_HELD_OUT_PERIODS)]
    TooManyPeriods {
        /// How many periods lie after the training window.
        count: i64,
        /// The last training period asked for.
        until: PeriodKey,
    },
}

/// The points binned: one entry per point, sorted by period.
pub(super) struct Binned {
    /// The cells that hold points, in order of first appearance; a cell's position is its id.
    pub(super) cells: Vec<CellIndex>,
    pub(super) ids: HashMap<CellIndex, u32>,
    /// `(period ordinal, cell id, weight)`, sorted by period.
    pub(super) entries: Vec<(i32, u32, f64)>,
    /// Weight of the points outside the bounding box, by period ordinal.
    clipped: HashMap<i32, f64>,
}

pub(super) fn bin(
    points: &[Point],
    resolution: Resolution,
    period: Period,
    bbox: Option<BoundingBox>,
) -> Result<Binned, ForecastError> {
    let mut undated = 0;
    let mut coarse: Option<(usize, PartialDate)> = None;
    let mut binned = Binned {
        cells: Vec::new(),
        ids: HashMap::new(),
        entries: Vec::with_capacity(points.len()),
        clipped: HashMap::new(),
    };
    for point in points {
        let Some(date) = point.date() else {
            undated += 1;
            continue;
        };
        let Some(key) = period.key_of(date) else {
            let (count, _) = coarse.get_or_insert((0, date));
            *count += 1;
            continue;
        };
        if bbox.is_some_and(|b| !b.contains(point)) {
            *binned.clipped.entry(key.ordinal).or_default() += point.weight();
            continue;
        }
        let cell = LatLng::new(point.lat(), point.lon())
            .map_err(|_| ForecastError::NoCell {
                lat: point.lat(),
                lon: point.lon(),
            })?
            .to_cell(resolution);
        let next_id = u32::try_from(binned.cells.len()).unwrap_or(u32::MAX);
        let id = *binned.ids.entry(cell).or_insert_with(|| {
            binned.cells.push(cell);
            next_id
        });
        binned.entries.push((key.ordinal, id, point.weight()));
    }
    if undated > 0 {
        return Err(ForecastError::UndatedPoints { count: undated });
    }
    if let Some((count, example)) = coarse {
        return Err(ForecastError::CoarseDates {
            count,
            period,
            example,
        });
    }
    if binned.entries.is_empty() {
        let outside = binned.clipped.values().sum::<f64>();
        if !binned.clipped.is_empty() {
            return Err(ForecastError::AllOutsideBox {
                count: points.len(),
                weight: outside,
            });
        }
        return Err(ForecastError::NoPoints);
    }
    binned.entries.sort_by_key(|&(ordinal, _, _)| ordinal);
    Ok(binned)
}

/// The moving-average state: `sums[id] = Σ λ^(t−1−s) x(s)` and `norm = Σ λ^(t−1−s)` over the
/// periods `first ≤ s < t`.
struct Rates {
    sums: Vec<f64>,
    norm: f64,
}

impl Rates {
    /// The state for forecasting period `next`, from the entries before it.
    fn before(binned: &Binned, first: i32, next: i32, decay: f64) -> Self {
        let mut sums = vec![0.0; binned.cells.len()];
        for &(ordinal, id, weight) in binned.entries.iter().take_while(|e| e.0 < next) {
            sums[id as usize] += weight * decay.powf(f64::from(next - 1 - ordinal));
        }
        let periods = f64::from(next - first);
        let norm = if decay == 1.0 {
            periods
        } else {
            (1.0 - decay.powf(periods)) / (1.0 - decay)
        };
        Self { sums, norm }
    }

    /// The rate of a cell: its weighted average weight per period.
    fn rate(&self, id: u32) -> f64 {
        if self.norm > 0.0 {
            self.sums[id as usize] / self.norm
        } else {
            0.0
        }
    }
}

/// A forecast: the risk score of each cell for one period.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    /// The period forecast.
    pub period: PeriodKey,
    /// Every cell with a score above 0, highest first (equal scores by cell index); the score is
    /// the expected weight of points in the cell in that period.
    pub cells: Vec<(CellIndex, f64)>,
}

/// Forecasts the period after `until` from all points in or before it, with `model`.
///
/// Points after `until` are ignored; every point needs a date precise enough for `period`. To
/// clip the points to an area, keep those that [`BoundingBox::contains`].
///
/// # Errors
///
/// [`ForecastError`] when `until` is not a `period` key, when there are no points, when a point
/// has no date or one too coarse for `period`, or when no point lies in or before `until`.
pub fn forecast(
    points: &[Point],
    resolution: Resolution,
    period: Period,
    until: PeriodKey,
    model: &ForecastModel,
) -> Result<Forecast, ForecastError> {
    check_key(until, period)?;
    let binned = bin(points, resolution, period, None)?;
    let first = binned.entries[0].0;
    if first > until.ordinal {
        return Err(ForecastError::NoTrainingData {
            until,
            first: until.with_ordinal(first),
        });
    }
    let next = until.ordinal.saturating_add(1);
    let rates = Rates::before(&binned, first, next, model.decay());
    let kernel = model.kernel();
    let mut scores: HashMap<CellIndex, f64> = HashMap::new();
    for (id, &cell) in (0u32..).zip(&binned.cells) {
        let rate = rates.rate(id);
        if rate <= 0.0 {
            continue;
        }
        for (target, distance) in cell.grid_disk_distances::<Vec<_>>(model.radius) {
            let share = kernel.get(distance as usize).copied().unwrap_or(0.0);
            *scores.entry(target).or_default() += share * rate;
        }
    }
    let mut cells: Vec<(CellIndex, f64)> = scores.into_iter().filter(|&(_, s)| s > 0.0).collect();
    cells.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    Ok(Forecast {
        period: until.next(),
        cells,
    })
}

pub(super) fn check_key(key: PeriodKey, period: Period) -> Result<(), ForecastError> {
    if key.period == period {
        Ok(())
    } else {
        Err(ForecastError::PeriodMismatch { key, period })
    }
}

/// One line of a backtest: a method's result in one held-out period, or its average.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BacktestRow {
    /// The held-out period (`2021-07`, `2021-W05`), or [`AVERAGE`].
    pub period: String,
    /// [`METHOD_FORECAST`], [`METHOD_LAST_PERIOD`] or [`METHOD_ALL_TIME`].
    pub method: String,
    /// `n / N`: the share of the period's points (inside the study area) in flagged cells. NaN when
    /// `N` is 0. In an average row, the mean over the periods where `N` > 0.
    pub hit_rate: f64,
    /// `(n / N) / (a / A)`, the predictive accuracy index. NaN when `N` is 0. In an average row,
    /// the mean over the periods where `N` > 0.
    pub pai: f64,
    /// `a`: the number of cells flagged.
    pub flagged_cells: usize,
    /// `A`: the number of cells in the study area.
    pub study_cells: usize,
    /// `n`: the weight of the period's points in flagged cells (summed in an average row).
    pub hits: f64,
    /// `N`: the weight of the period's points inside the study area (summed in an average row).
    pub in_study_area: f64,
    /// The weight of the period's points inside the bounding box but outside the study area,
    /// counted in neither `n` nor `N` (summed in an average row).
    pub outside_study_area: f64,
    /// The weight of the period's points outside the bounding box (summed in an average row).
    pub clipped: f64,
}

/// Backtests the default [`ForecastModel`] against the two baselines (see the module
/// documentation): each period after `train_until` up to the last period with data is forecast
/// from the periods before it, and the top `area_share` of the study area (e.g.
/// [`DEFAULT_AREA_SHARE`]) is flagged.
///
/// Every point needs a date precise enough for `period`; points outside `bbox`, when given, are
/// then dropped and counted in [`BacktestRow::clipped`]. The rows come per held-out period, in the
/// order forecast, last-period, all-time, then one [`AVERAGE`] row per method. Held-out periods
/// without points inside the study area have NaN rates and are left out of the averages.
///
/// # Errors
///
/// [`ForecastError`] when `area_share` is not in (0, 1], when `train_until` is not a `period`
/// key, when no point is left after clipping, when a point has no date or one too coarse for
/// `period`, when no point lies in or before `train_until` or none after it, or when more than
/// [`MAX_HELD_OUT_PERIODS`] periods follow it.
pub fn backtest(
    points: &[Point],
    resolution: Resolution,
    period: Period,
    train_until: PeriodKey,
    area_share: f64,
    bbox: Option<BoundingBox>,
) -> Result<Vec<BacktestRow>, ForecastError> {
    backtest_with(
        points,
        resolution,
        period,
        train_until,
        area_share,
        bbox,
        &ForecastModel::default(),
    )
}

/// [`backtest`] with another forecast model.
///
/// # Errors
///
/// As [`backtest`].
pub fn backtest_with(
    points: &[Point],
    resolution: Resolution,
    period: Period,
    train_until: PeriodKey,
    area_share: f64,
    bbox: Option<BoundingBox>,
    model: &ForecastModel,
) -> Result<Vec<BacktestRow>, ForecastError> {
    let (binned, first, last) =
        binned_for_backtest(points, resolution, period, train_until, area_share, bbox)?;
    let until = train_until.ordinal;

    let study = StudyArea::new(&binned, until, model);
    let big_a = study.cells.len();
    let flagged = flagged_count(area_share, big_a);
    let area_ratio = flagged as f64 / big_a as f64;

    let decay = model.decay();
    let mut rates = Rates::before(&binned, first, until + 1, decay);
    let mut all_time = vec![0.0; binned.cells.len()];
    let mut previous = vec![0.0; binned.cells.len()];
    let mut current = vec![0.0; binned.cells.len()];
    let split = binned.entries.partition_point(|e| e.0 <= until);
    for &(ordinal, id, weight) in &binned.entries[..split] {
        all_time[id as usize] += weight;
        if ordinal == until {
            previous[id as usize] += weight;
        }
    }

    let methods = [METHOD_FORECAST, METHOD_LAST_PERIOD, METHOD_ALL_TIME];
    let mut rows = Vec::new();
    let mut scores = vec![0.0; big_a];
    let mut order: Vec<u32> = Vec::with_capacity(big_a);
    let mut rest = &binned.entries[split..];
    for t in until + 1..=last {
        let now = rest.partition_point(|e| e.0 == t);
        let (this_period, later) = rest.split_at(now);
        rest = later;
        current.fill(0.0);
        for &(_, id, weight) in this_period {
            current[id as usize] += weight;
        }
        let mut in_area = 0.0;
        let mut outside = 0.0;
        for (id, &weight) in current.iter().enumerate() {
            if study.contains_id[id] {
                in_area += weight;
            } else {
                outside += weight;
            }
        }
        let clipped = binned.clipped.get(&t).copied().unwrap_or(0.0);
        for method in methods {
            for (i, score) in scores.iter_mut().enumerate() {
                *score = match method {
                    METHOD_FORECAST => study.sources[i]
                        .iter()
                        .map(|&(id, k)| k * rates.rate(id))
                        .sum(),
                    METHOD_LAST_PERIOD => study.own(i, &previous),
                    _ => study.own(i, &all_time),
                };
            }
            top_cells(&scores, flagged, &mut order);
            let hits: f64 = order.iter().map(|&i| study.own(i as usize, &current)).sum();
            let (hit_rate, pai) = if in_area > 0.0 {
                let hit_rate = hits / in_area;
                (hit_rate, hit_rate / area_ratio)
            } else {
                (f64::NAN, f64::NAN)
            };
            rows.push(BacktestRow {
                period: train_until.with_ordinal(t).to_string(),
                method: method.to_owned(),
                hit_rate,
                pai,
                flagged_cells: flagged,
                study_cells: big_a,
                hits,
                in_study_area: in_area,
                outside_study_area: outside,
                clipped,
            });
        }
        // Period t is history now.
        for (sum, &weight) in rates.sums.iter_mut().zip(&current) {
            *sum = *sum * decay + weight;
        }
        rates.norm = rates.norm * decay + 1.0;
        for (total, &weight) in all_time.iter_mut().zip(&current) {
            *total += weight;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    let averages: Vec<BacktestRow> = methods
        .iter()
        .map(|method| average(&rows, method, flagged, big_a))
        .collect();
    rows.extend(averages);
    Ok(rows)
}

/// The points of a backtest binned, with the first and last periods holding points: refuses an area
/// share outside (0, 1], a key of another period length, no training data, nothing held out, or more
/// than [`MAX_HELD_OUT_PERIODS`] held out.
pub(super) fn binned_for_backtest(
    points: &[Point],
    resolution: Resolution,
    period: Period,
    train_until: PeriodKey,
    area_share: f64,
    bbox: Option<BoundingBox>,
) -> Result<(Binned, i32, i32), ForecastError> {
    if !(area_share > 0.0 && area_share <= 1.0) {
        return Err(ForecastError::InvalidAreaShare(area_share));
    }
    check_key(train_until, period)?;
    let binned = bin(points, resolution, period, bbox)?;
    let first = binned.entries[0].0;
    let last = binned.entries[binned.entries.len() - 1].0;
    let until = train_until.ordinal;
    if first > until {
        return Err(ForecastError::NoTrainingData {
            until: train_until,
            first: train_until.with_ordinal(first),
        });
    }
    if last <= until {
        return Err(ForecastError::NoHeldOutPeriods {
            until: train_until,
            last: train_until.with_ordinal(last),
        });
    }
    let held_out = i64::from(last) - i64::from(until);
    if held_out > MAX_HELD_OUT_PERIODS {
        return Err(ForecastError::TooManyPeriods {
            count: held_out,
            until: train_until,
        });
    }
    Ok((binned, first, last))
}

/// `a = ⌈area_share · A⌉`, at least 1 and at most `A`; a product within 10⁻⁹ above a whole number
/// counts as that number (0.05 · 20 is 1 cell, not 2).
pub(super) fn flagged_count(area_share: f64, study_cells: usize) -> usize {
    let exact = area_share * study_cells as f64;
    let cells = (exact - 1e-9).ceil().max(1.0);
    (cells as usize).min(study_cells)
}

/// Puts the indices of the `count` highest scores into `order` (equal scores: lower index, that is
/// lower cell index, first), highest first.
pub(super) fn top_cells(scores: &[f64], count: usize, order: &mut Vec<u32>) {
    order.clear();
    order.extend(0..u32::try_from(scores.len()).unwrap_or(u32::MAX));
    let rank = |x: &u32, y: &u32| {
        scores[*y as usize]
            .total_cmp(&scores[*x as usize])
            .then(x.cmp(y))
    };
    if count < order.len() {
        order.select_nth_unstable_by(count, rank);
        order.truncate(count);
    }
    order.sort_unstable_by(rank);
}

fn average(rows: &[BacktestRow], method: &str, flagged: usize, big_a: usize) -> BacktestRow {
    let mine: Vec<&BacktestRow> = rows.iter().filter(|r| r.method == method).collect();
    let scored: Vec<&&BacktestRow> = mine.iter().filter(|r| r.in_study_area > 0.0).collect();
    let mean = |value: fn(&BacktestRow) -> f64| {
        if scored.is_empty() {
            f64::NAN
        } else {
            scored.iter().map(|r| value(r)).sum::<f64>() / scored.len() as f64
        }
    };
    BacktestRow {
        period: AVERAGE.to_owned(),
        method: method.to_owned(),
        hit_rate: mean(|r| r.hit_rate),
        pai: mean(|r| r.pai),
        flagged_cells: flagged,
        study_cells: big_a,
        hits: mine.iter().map(|r| r.hits).sum(),
        in_study_area: mine.iter().map(|r| r.in_study_area).sum(),
        outside_study_area: mine.iter().map(|r| r.outside_study_area).sum(),
        clipped: mine.iter().map(|r| r.clipped).sum(),
    }
}

/// The study area: its cells in index order and, for each, where its scores come from.
struct StudyArea {
    cells: Vec<CellIndex>,
    /// Per study cell: its own cell id, when it holds points.
    own: Vec<Option<u32>>,
    /// Per study cell: `(cell id, kernel weight)` of the cells with points within the model's
    /// radius, itself included.
    sources: Vec<Vec<(u32, f64)>>,
    /// Per cell id: whether the cell lies in the study area.
    contains_id: Vec<bool>,
}

impl StudyArea {
    /// The cells with a point in a period up to `until`, and their 1-ring.
    fn new(binned: &Binned, until: i32, model: &ForecastModel) -> Self {
        let trained: HashSet<u32> = binned
            .entries
            .iter()
            .take_while(|e| e.0 <= until)
            .map(|e| e.1)
            .collect();
        let mut cells: Vec<CellIndex> = trained
            .iter()
            .flat_map(|&id| binned.cells[id as usize].grid_disk::<Vec<_>>(1))
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        cells.sort_unstable();
        let kernel = model.kernel();
        let sources = cells
            .iter()
            .map(|cell| {
                let mut found: Vec<(u32, u32, f64)> = cell
                    .grid_disk_distances::<Vec<_>>(model.radius)
                    .into_iter()
                    .filter_map(|(c, d)| {
                        let id = *binned.ids.get(&c)?;
                        Some((d, id, kernel.get(d as usize).copied().unwrap_or(0.0)))
                    })
                    .collect();
                // A fixed order keeps sums, and so ties, the same from run to run.
                found.sort_by_key(|&(d, id, _)| (d, id));
                found.into_iter().map(|(_, id, k)| (id, k)).collect()
            })
            .collect();
        let own = cells.iter().map(|c| binned.ids.get(c).copied()).collect();
        let mut contains_id = vec![false; binned.cells.len()];
        for cell in &cells {
            if let Some(&id) = binned.ids.get(cell) {
                contains_id[id as usize] = true;
            }
        }
        Self {
            cells,
            own,
            sources,
            contains_id,
        }
    }

    /// Study cell `i`'s value in a per-cell-id vector (0 for a cell without points).
    fn own(&self, i: usize, values: &[f64]) -> f64 {
        self.own[i].map_or(0.0, |id| values[id as usize])
    }
}

/// Writes backtest rows as CSV: `period,method,hit_rate,pai`, rates to 4 decimals, NaN as empty.
pub fn write_backtest_csv(rows: &[BacktestRow], mut out: impl Write) -> std::io::Result<()> {
    writeln!(out, "period,method,hit_rate,pai")?;
    let number = |v: f64| {
        if v.is_finite() {
            format!("{v:.4}")
        } else {
            String::new()
        }
    };
    for row in rows {
        writeln!(
            out,
            "{},{},{},{}",
            row.period,
            row.method,
            number(row.hit_rate),
            number(row.pai)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cell in Boston, Lincolnshire, far from any pentagon.
    fn centre(resolution: Resolution) -> CellIndex {
        LatLng::new(52.9789, -0.0266)
            .expect("valid coordinates")
            .to_cell(resolution)
    }

    fn month(year: i32, m: u8) -> PartialDate {
        PartialDate::year_month(year, m).expect("valid month")
    }

    /// `count` points at the centre of `cell` in the given month.
    fn at(cell: CellIndex, date: PartialDate, count: usize) -> Vec<Point> {
        let ll = LatLng::from(cell);
        let point = Point::new(ll.lat(), ll.lng())
            .expect("valid point")
            .with_date(date);
        vec![point; count]
    }

    fn key(text: &str) -> PeriodKey {
        text.parse().expect("valid period key")
    }

    fn row<'a>(rows: &'a [BacktestRow], period: &str, method: &str) -> &'a BacktestRow {
        rows.iter()
            .find(|r| r.period == period && r.method == method)
            .unwrap_or_else(|| panic!("no row {period} {method}"))
    }

    fn close(actual: f64, expected: f64) {
        assert!(
            (actual - expected).abs() < 1e-9,
            "{actual} is not {expected}"
        );
    }

    #[test]
    fn study_area_is_the_training_cells_and_their_ring() {
        let res = Resolution::Nine;
        let x = centre(res);
        let ring1 = x.grid_disk::<Vec<_>>(1);
        let y = *ring1.iter().find(|&&c| c != x).expect("a neighbour");
        let z = *x
            .grid_disk_distances::<Vec<_>>(2)
            .iter()
            .find(|(_, d)| *d == 2)
            .expect("a cell two rings away");
        let mut points = at(x, month(2021, 1), 1);
        points.extend(at(y, month(2021, 2), 1));
        points.extend(at(z.0, month(2021, 2), 1));
        let far = Point::new(53.2, -0.5)
            .expect("valid")
            .with_date(month(2021, 2));
        points.push(far);
        let rows = backtest(&points, res, Period::Month, key("2021-01"), 0.05, None).unwrap();
        let r = row(&rows, "2021-02", METHOD_ALL_TIME);
        assert_eq!(r.study_cells, 7, "one cell and its six neighbours");
        assert_eq!(r.flagged_cells, 1, "ceil(0.05 × 7)");
        assert_eq!(r.in_study_area, 1.0, "only the neighbour's point");
        assert_eq!(r.outside_study_area, 2.0, "two rings away, and far away");
        assert_eq!((r.hits, r.hit_rate, r.pai), (0.0, 0.0, 0.0));
        // A held-out cell never joins the study area, even for a later period.
        let mut later = points.clone();
        later.extend(at(z.0, month(2021, 3), 4));
        let rows = backtest(&later, res, Period::Month, key("2021-01"), 0.05, None).unwrap();
        let r = row(&rows, "2021-03", METHOD_LAST_PERIOD);
        assert_eq!(
            (r.study_cells, r.in_study_area, r.outside_study_area),
            (7, 0.0, 4.0)
        );
        assert!(
            r.hit_rate.is_nan() && r.pai.is_nan(),
            "no point inside: no rate"
        );
    }

    /// 19 cells (a 2-disk) with one point each per training month, a hotspot `h1` at the centre
    /// and one, `h2`, next to it that grows and takes over. The study area is the 3-disk: 37
    /// cells.
    fn moving_hotspot() -> (Vec<Point>, CellIndex, CellIndex) {
        let res = Resolution::Nine;
        let h1 = centre(res);
        let disk2 = h1.grid_disk::<Vec<_>>(2);
        let h2 = *disk2
            .iter()
            .find(|&&c| c != h1 && h1.grid_disk::<Vec<_>>(1).contains(&c))
            .expect("a neighbour");
        let r3 = *h1
            .grid_disk_distances::<Vec<_>>(3)
            .iter()
            .find(|(_, d)| *d == 3)
            .expect("a cell three rings away");
        let mut points = Vec::new();
        for m in 1..=3 {
            for &cell in &disk2 {
                points.extend(at(cell, month(2021, m), 1));
            }
        }
        // Counts with the background: h1 11, 11, 11; h2 1, 6, 20.
        for m in 1..=3 {
            points.extend(at(h1, month(2021, m), 10));
        }
        points.extend(at(h2, month(2021, 2), 5));
        points.extend(at(h2, month(2021, 3), 19));
        // Held out. April: h1 2, h2 10, r3 1 (in the study area, never flagged), one point outside.
        points.extend(at(h1, month(2021, 4), 2));
        points.extend(at(h2, month(2021, 4), 10));
        points.extend(at(r3.0, month(2021, 4), 1));
        points.push(
            Point::new(53.2, -0.5)
                .expect("valid")
                .with_date(month(2021, 4)),
        );
        // May: h1 1, h2 8, and 3 in a background cell.
        points.extend(at(h1, month(2021, 5), 1));
        points.extend(at(h2, month(2021, 5), 8));
        let other = *disk2
            .iter()
            .find(|&&c| c != h1 && c != h2)
            .expect("a background cell");
        points.extend(at(other, month(2021, 5), 3));
        (points, h1, h2)
    }

    #[test]
    fn hit_rate_and_pai_by_hand_for_a_moving_hotspot() {
        let (points, _, _) = moving_hotspot();
        // Half-life 1, no spread: rates are λ-weighted means with λ = 1/2.
        let model = ForecastModel::new(1.0, 0.0, 1).unwrap();
        // 0.02 × 37 = 0.74: one cell flagged.
        let rows = backtest_with(
            &points,
            Resolution::Nine,
            Period::Month,
            key("2021-03"),
            0.02,
            None,
            &model,
        )
        .unwrap();
        assert_eq!(rows.len(), 2 * 3 + 3);
        let april = row(&rows, "2021-04", METHOD_LAST_PERIOD);
        assert_eq!((april.study_cells, april.flagged_cells), (37, 1));
        assert_eq!((april.in_study_area, april.outside_study_area), (13.0, 1.0));
        // April. Last period (March): h2 20 > h1 11, so h2 is flagged: n = 10 of N = 13.
        close(april.hit_rate, 10.0 / 13.0);
        close(april.pai, (10.0 / 13.0) / (1.0 / 37.0));
        // All time: h1 33 > h2 27, so h1: n = 2.
        let all = row(&rows, "2021-04", METHOD_ALL_TIME);
        close(all.hit_rate, 2.0 / 13.0);
        close(all.pai, 2.0 * 37.0 / 13.0);
        // Forecast: h2 (1/4 + 6/2 + 20) / (7/4) = 13.29 > h1 11, so h2.
        let fc = row(&rows, "2021-04", METHOD_FORECAST);
        close(fc.hit_rate, 10.0 / 13.0);
        // May, N = 12. Last period: h2 10 > h1 2. All time: h2 37 > h1 35. Forecast: h2
        // 21.625 / 1.875 > h1 11.625 / 1.875. All flag h2: n = 8.
        for method in [METHOD_FORECAST, METHOD_LAST_PERIOD, METHOD_ALL_TIME] {
            let may = row(&rows, "2021-05", method);
            assert_eq!((may.hits, may.in_study_area), (8.0, 12.0));
            close(may.pai, 8.0 * 37.0 / 12.0);
        }
        let avg = row(&rows, AVERAGE, METHOD_ALL_TIME);
        close(avg.hit_rate, (2.0 / 13.0 + 8.0 / 12.0) / 2.0);
        close(avg.pai, (2.0 * 37.0 / 13.0 + 8.0 * 37.0 / 12.0) / 2.0);
        assert_eq!(
            (avg.hits, avg.in_study_area, avg.outside_study_area),
            (10.0, 25.0, 1.0)
        );
        close(
            row(&rows, AVERAGE, METHOD_FORECAST).hit_rate,
            (10.0 / 13.0 + 8.0 / 12.0) / 2.0,
        );
        // Rows come per period in method order, then the averages.
        let order: Vec<(&str, &str)> = rows
            .iter()
            .map(|r| (r.period.as_str(), r.method.as_str()))
            .collect();
        assert_eq!(order[0], ("2021-04", METHOD_FORECAST));
        assert_eq!(order[2], ("2021-04", METHOD_ALL_TIME));
        assert_eq!(order[6], (AVERAGE, METHOD_FORECAST));
    }

    #[test]
    fn five_percent_of_37_cells_flags_two() {
        let (points, _, _) = moving_hotspot();
        let rows = backtest(
            &points,
            Resolution::Nine,
            Period::Month,
            key("2021-03"),
            DEFAULT_AREA_SHARE,
            None,
        )
        .unwrap();
        let april = row(&rows, "2021-04", METHOD_ALL_TIME);
        // ⌈1.85⌉ = 2: h1 and h2 both flagged, n = 12 of 13.
        assert_eq!(april.flagged_cells, 2);
        close(april.hit_rate, 12.0 / 13.0);
        close(april.pai, (12.0 / 13.0) / (2.0 / 37.0));
    }

    #[test]
    fn flagged_count_rounds_up_but_not_for_rounding_noise() {
        assert_eq!(flagged_count(0.05, 20), 1);
        assert_eq!(flagged_count(0.05, 21), 2);
        assert_eq!(flagged_count(0.05, 37), 2);
        assert_eq!(flagged_count(0.1, 30), 3);
        assert_eq!(flagged_count(0.001, 7), 1, "at least one cell");
        assert_eq!(flagged_count(1.0, 7), 7);
    }

    #[test]
    fn ties_go_to_the_lower_cell_index() {
        let res = Resolution::Nine;
        let p = centre(res);
        // Far enough apart that their rings do not touch.
        let q = LatLng::new(52.99, 0.02).expect("valid").to_cell(res);
        assert!(p.grid_distance(q).is_ok_and(|d| d > 4));
        let (low, high) = if p < q { (p, q) } else { (q, p) };
        for (target, expected) in [(low, 1.0), (high, 0.0)] {
            let mut points = at(p, month(2021, 1), 1);
            points.extend(at(q, month(2021, 1), 1));
            points.extend(at(target, month(2021, 2), 1));
            let rows = backtest(&points, res, Period::Month, key("2021-01"), 0.05, None).unwrap();
            for method in [METHOD_FORECAST, METHOD_LAST_PERIOD, METHOD_ALL_TIME] {
                let r = row(&rows, "2021-02", method);
                assert_eq!((r.study_cells, r.flagged_cells), (14, 1));
                assert_eq!(r.hit_rate, expected, "{method}");
            }
        }
    }

    #[test]
    fn top_cells_orders_by_score_then_index() {
        let mut order = Vec::new();
        top_cells(&[1.0, 3.0, 3.0, 0.0, 2.0], 3, &mut order);
        assert_eq!(order, [1, 2, 4]);
        top_cells(&[0.0, 0.0, 0.0], 2, &mut order);
        assert_eq!(order, [0, 1]);
        top_cells(&[1.0, 2.0], 5, &mut order);
        assert_eq!(order, [1, 0]);
    }

    #[test]
    fn forecast_spreads_a_share_over_the_rings() {
        let res = Resolution::Nine;
        let c = centre(res);
        let points = at(c, month(2021, 1), 6);
        let model = ForecastModel::new(f64::INFINITY, 0.3, 1).unwrap();
        let f = forecast(&points, res, Period::Month, key("2021-01"), &model).unwrap();
        assert_eq!(f.period, key("2021-02"));
        assert_eq!(f.cells.len(), 7);
        assert_eq!(f.cells[0].0, c);
        close(f.cells[0].1, 6.0 * 0.7);
        for &(_, score) in &f.cells[1..] {
            close(score, 6.0 * 0.3 / 6.0);
        }
        // Radius 2: K(1) = 2/24, K(2) = 1/24 of the spread; the total is kept.
        let model = ForecastModel::new(f64::INFINITY, 0.3, 2).unwrap();
        let f = forecast(&points, res, Period::Month, key("2021-01"), &model).unwrap();
        assert_eq!(f.cells.len(), 19);
        close(f.cells.iter().map(|c| c.1).sum(), 6.0);
        close(f.cells[1].1, 6.0 * 0.3 * 2.0 / 24.0);
        close(f.cells[18].1, 6.0 * 0.3 / 24.0);
    }

    #[test]
    fn forecast_is_a_weighted_rate_of_the_periods_up_to_until() {
        let res = Resolution::Nine;
        let c = centre(res);
        // January 4, February none, March 1; April is ignored.
        let mut points = at(c, month(2021, 1), 4);
        points.extend(at(c, month(2021, 3), 1));
        points.extend(at(c, month(2021, 4), 100));
        let model = ForecastModel::new(1.0, 0.0, 1).unwrap();
        let f = forecast(&points, res, Period::Month, key("2021-03"), &model).unwrap();
        // (4/4 + 0/2 + 1) / (1/4 + 1/2 + 1) = 2 / 1.75.
        assert_eq!(f.cells.len(), 1);
        close(f.cells[0].1, 2.0 / 1.75);
        let error = forecast(&points, res, Period::Month, key("2020-12"), &model).unwrap_err();
        assert_eq!(
            error,
            ForecastError::NoTrainingData {
                until: key("2020-12"),
                first: key("2021-01")
            }
        );
    }

    #[test]
    fn weights_count_as_their_value() {
        let res = Resolution::Nine;
        let c = centre(res);
        let points = vec![
            at(c, month(2021, 1), 1)[0].with_weight(2.5).unwrap(),
            at(c, month(2021, 2), 1)[0].with_weight(0.5).unwrap(),
        ];
        let rows = backtest(&points, res, Period::Month, key("2021-01"), 0.05, None).unwrap();
        let r = row(&rows, "2021-02", METHOD_ALL_TIME);
        assert_eq!((r.hits, r.in_study_area, r.hit_rate), (0.5, 0.5, 1.0));
    }

    #[test]
    fn empty_held_out_periods_have_no_rate_and_do_not_count_in_the_average() {
        let res = Resolution::Nine;
        let c = centre(res);
        let mut points = at(c, month(2021, 1), 1);
        points.extend(at(c, month(2021, 3), 1));
        let rows = backtest(&points, res, Period::Month, key("2021-01"), 0.05, None).unwrap();
        assert!(row(&rows, "2021-02", METHOD_ALL_TIME).hit_rate.is_nan());
        assert_eq!(row(&rows, "2021-03", METHOD_ALL_TIME).hit_rate, 1.0);
        assert_eq!(row(&rows, AVERAGE, METHOD_ALL_TIME).hit_rate, 1.0);
        // Last period for March is the empty February: every score 0, the lowest index flagged.
        assert_eq!(row(&rows, "2021-03", METHOD_LAST_PERIOD).flagged_cells, 1);
    }

    #[test]
    fn clips_to_the_bounding_box_and_counts_what_it_clipped() {
        let res = Resolution::Nine;
        let c = centre(res);
        let mut points = at(c, month(2021, 1), 1);
        points.extend(at(c, month(2021, 2), 1));
        let far = Point::new(10.0, 10.0).expect("valid");
        points.push(far.with_date(month(2021, 1)));
        points.extend([far.with_date(month(2021, 2)); 3]);
        let bbox: BoundingBox = "-0.79,52.65,0.35,53.50".parse().unwrap();
        let rows = backtest(
            &points,
            res,
            Period::Month,
            key("2021-01"),
            0.05,
            Some(bbox),
        )
        .unwrap();
        let r = row(&rows, "2021-02", METHOD_FORECAST);
        assert_eq!(
            (r.study_cells, r.clipped, r.outside_study_area),
            (7, 3.0, 0.0)
        );
        assert_eq!(r.hit_rate, 1.0);
        let rows = backtest(&points, res, Period::Month, key("2021-01"), 0.05, None).unwrap();
        let r = row(&rows, "2021-02", METHOD_FORECAST);
        // The far point of January makes its cell part of the study area.
        assert_eq!((r.study_cells, r.clipped, r.in_study_area), (14, 0.0, 4.0));
        let tiny = BoundingBox::new(0.0, 0.0, 0.1, 0.1).unwrap();
        assert_eq!(
            backtest(
                &points,
                res,
                Period::Month,
                key("2021-01"),
                0.05,
                Some(tiny)
            ),
            Err(ForecastError::AllOutsideBox {
                count: points.len(),
                weight: points.len() as f64
            })
        );
    }

    #[test]
    fn refuses_inputs_it_cannot_backtest() {
        let res = Resolution::Nine;
        let c = centre(res);
        let mut points = at(c, month(2021, 1), 1);
        points.extend(at(c, month(2021, 2), 1));
        let run = |points: &[Point], period, until: &str, share| {
            backtest(points, res, period, key(until), share, None)
        };
        for share in [0.0, -0.1, 1.5, f64::NAN] {
            assert!(matches!(
                run(&points, Period::Month, "2021-01", share),
                Err(ForecastError::InvalidAreaShare(_))
            ));
        }
        assert!(matches!(
            run(&points, Period::Month, "2021-W01", 0.05),
            Err(ForecastError::PeriodMismatch { .. })
        ));
        assert_eq!(
            run(&points, Period::Week, "2021-W01", 0.05),
            Err(ForecastError::CoarseDates {
                count: 2,
                period: Period::Week,
                example: month(2021, 1)
            })
        );
        assert!(matches!(
            run(&points, Period::Month, "2020-12", 0.05),
            Err(ForecastError::NoTrainingData { .. })
        ));
        assert_eq!(
            run(&points, Period::Month, "2021-02", 0.05),
            Err(ForecastError::NoHeldOutPeriods {
                until: key("2021-02"),
                last: key("2021-02")
            })
        );
        let undated = [Point::new(52.9, 0.0).unwrap(), points[0]];
        assert_eq!(
            run(&undated, Period::Month, "2021-01", 0.05),
            Err(ForecastError::UndatedPoints { count: 1 })
        );
        assert_eq!(
            run(&[], Period::Month, "2021-01", 0.05),
            Err(ForecastError::NoPoints)
        );
        let mut old = points.clone();
        old.extend(at(c, month(1900, 1), 1));
        assert!(matches!(
            run(&old, Period::Month, "1900-01", 0.05),
            Err(ForecastError::TooManyPeriods { .. })
        ));
    }

    #[test]
    fn weekly_backtest_uses_iso_weeks() {
        let res = Resolution::Nine;
        let c = centre(res);
        let day = |y, m, d| PartialDate::ymd(y, m, d).unwrap();
        // Sunday 2021-01-03 is in 2020-W53; Monday 2021-01-04 starts 2021-W01.
        let mut points = at(c, day(2021, 1, 3), 2);
        points.extend(at(c, day(2021, 1, 4), 1));
        points.extend(at(c, day(2021, 1, 10), 1));
        points.extend(at(c, day(2021, 1, 11), 1));
        let rows = backtest(&points, res, Period::Week, key("2020-W53"), 0.05, None).unwrap();
        let periods: Vec<&str> = rows.iter().map(|r| r.period.as_str()).collect();
        assert_eq!(
            periods[..4],
            ["2021-W01", "2021-W01", "2021-W01", "2021-W02"]
        );
        assert_eq!(row(&rows, "2021-W01", METHOD_ALL_TIME).in_study_area, 2.0);
        assert_eq!(row(&rows, "2021-W02", METHOD_ALL_TIME).in_study_area, 1.0);
    }

    #[test]
    fn period_keys_parse_print_and_order() {
        assert_eq!(key("2021-06").to_string(), "2021-06");
        assert_eq!(key("2021-06").next(), key("2021-07"));
        assert_eq!(key("2021-12").next(), key("2022-01"));
        assert_eq!(key("2021-W05").to_string(), "2021-W05");
        assert_eq!(key("2020-W53").next(), key("2021-W01"));
        assert_eq!(
            key("2021-W01").first_day(),
            time::macros::date!(2021 - 01 - 04)
        );
        assert_eq!(
            key("2021-03").first_day(),
            time::macros::date!(2021 - 03 - 01)
        );
        assert!(key("2020-12") < key("2021-01"));
        assert_eq!(PeriodKey::month(2021, 6).unwrap(), key("2021-06"));
        assert_eq!(PeriodKey::iso_week(2021, 5).unwrap(), key("2021-W05"));
        for bad in [
            "2021",
            "2021-13",
            "2021-06-01",
            "2021-W54",
            "2021-W00",
            "21-06",
            "June",
        ] {
            assert!(PeriodKey::parse(bad).is_err(), "{bad}");
        }
        assert!(PeriodKey::iso_week(2021, 53).is_err(), "2021 has 52 weeks");
        assert_eq!("Week".parse::<Period>(), Ok(Period::Week));
        assert!("day".parse::<Period>().is_err());
        let d = PartialDate::ymd(2021, 1, 3).unwrap();
        assert_eq!(Period::Week.key_of(d), Some(key("2020-W53")));
        assert_eq!(Period::Month.key_of(d), Some(key("2021-01")));
        assert_eq!(
            Period::Month.key_of(PartialDate::year_only(2021).unwrap()),
            None
        );
    }

    #[test]
    fn bounding_boxes_and_models_check_their_values() {
        let b: BoundingBox = " -0.79, 52.65, 0.35, 53.50 ".parse().unwrap();
        assert_eq!(b, BoundingBox::new(-0.79, 52.65, 0.35, 53.5).unwrap());
        assert!(b.contains(&Point::new(53.0, 0.0).unwrap()));
        assert!(!b.contains(&Point::new(53.6, 0.0).unwrap()));
        for bad in ["1,2,3", "0,0,-1,1", "0,91,1,92", "a,b,c,d", "0,0,1,1,1"] {
            assert!(bad.parse::<BoundingBox>().is_err(), "{bad}");
        }
        assert!(ForecastModel::new(0.0, 0.1, 1).is_err());
        assert!(ForecastModel::new(f64::NAN, 0.1, 1).is_err());
        assert!(ForecastModel::new(3.0, 1.1, 1).is_err());
        assert!(ForecastModel::new(3.0, 0.1, 0).is_err());
        assert!(ForecastModel::new(3.0, 0.1, ForecastModel::MAX_RADIUS + 1).is_err());
        let d = ForecastModel::default();
        assert_eq!((d.half_life(), d.spread(), d.radius()), (3.0, 0.05, 1));
    }

    #[test]
    fn writes_the_csv() {
        let (points, _, _) = moving_hotspot();
        let rows = backtest(
            &points,
            Resolution::Nine,
            Period::Month,
            key("2021-03"),
            0.02,
            None,
        )
        .unwrap();
        let mut out = Vec::new();
        write_backtest_csv(&rows, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "period,method,hit_rate,pai");
        assert_eq!(lines[2], "2021-04,last-period,0.7692,28.4615");
        assert_eq!(lines.len(), 1 + 9);
    }

    /// The real backtest: `BEACON_POLICE_CSV=/path/to/police_lincolnshire_2020-06_2021-12.csv
    /// cargo test --release lincolnshire -- --ignored --nocapture`.
    #[test]
    #[ignore = "needs the police CSV named by BEACON_POLICE_CSV"]
    fn lincolnshire_backtest() {
        let Ok(path) = std::env::var("BEACON_POLICE_CSV") else {
            panic!("set BEACON_POLICE_CSV to the police CSV");
        };
        // The police file has crime types and LSOAs beside the points, which a point file refuses.
        let mut reader = csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut points_csv = String::from("month,longitude,latitude\n");
        for record in reader.records() {
            let record = record.unwrap_or_else(|e| panic!("{path}: {e}"));
            points_csv.push_str(&format!("{},{},{}\n", &record[0], &record[1], &record[2]));
        }
        let points = crate::identify::incidents::points::read_points_from(
            points_csv.as_bytes(),
            &path,
            None,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let bbox: BoundingBox = "-0.79,52.65,0.35,53.50".parse().unwrap();
        for until in ["2021-06", "2020-12"] {
            for res in [Resolution::Seven, Resolution::Eight, Resolution::Nine] {
                let started = std::time::Instant::now();
                let rows = backtest(
                    &points,
                    res,
                    Period::Month,
                    key(until),
                    DEFAULT_AREA_SHARE,
                    Some(bbox),
                )
                .unwrap();
                let seconds = started.elapsed().as_secs_f64();
                let avg = row(&rows, AVERAGE, METHOD_FORECAST);
                println!(
                    "# resolution {res}, training until {until}: A = {}, a = {}, outside the study \
                     area {}, clipped {}, {seconds:.3} s",
                    avg.study_cells, avg.flagged_cells, avg.outside_study_area, avg.clipped
                );
                let mut out = Vec::new();
                write_backtest_csv(&rows, &mut out).unwrap();
                println!("{}", String::from_utf8_lossy(&out));
            }
        }
    }
}
