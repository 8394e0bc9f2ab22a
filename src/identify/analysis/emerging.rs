//! Emerging Hot Spot Analysis on a space-time cube of H3 cells.
//!
//! Follows ArcGIS Pro's "How Emerging Hot Spot Analysis works":
//!
//! 1. For every time step, Getis–Ord Gi* z-scores are computed over that step's values with
//!    binary k-ring spatial weights (the cell itself included; no temporal neighbours), then
//!    two-sided p-values and Benjamini–Hochberg FDR q-values within the step
//!    ([`super::stats::gi_star`], [`super::stats::benjamini_hochberg`]). A cell is a hot
//!    (cold) spot at a step when `q < step_alpha` (0.10, i.e. 90 % confidence) and `z > 0`
//!    (`z < 0`).
//! 2. The Mann–Kendall test ([`super::stats::mann_kendall`]) is run on each cell's series of
//!    z-scores: an increasing z means the clustering of high values intensifies (and the
//!    clustering of low values weakens). The trend counts as significant when its two-sided
//!    p-value is below `trend_alpha` (0.05 by default; ArcGIS's text says only "statistically
//!    significant").
//! 3. Each cell gets one of the 17 [`Pattern`]s. The definitions are those of the current
//!    ArcGIS Pro documentation, quoted on each variant; where they overlap, the precedence
//!    below makes the classes mutually exclusive (see [`classify_pattern`]).
//!
//! "90 % of the time-step intervals" is read as "at least 90 %", evaluated exactly in integers
//! (`10·count ≥ 9·steps`; with 24 steps that is 22 steps or more).

use serde::{Deserialize, Serialize};

use super::cells::CellCounts;
use super::stats::{
    HotspotClass, MannKendall, Trend, benjamini_hochberg, gi_star, mann_kendall, p_two_sided,
};
use h3o::CellIndex;

/// Default FDR level at which a cell is a hot or cold spot in a time step (90 % confidence).
pub const DEFAULT_STEP_ALPHA: f64 = 0.10;
/// Default significance level of the Mann–Kendall trend of a cell's z-scores.
pub const DEFAULT_TREND_ALPHA: f64 = 0.05;

/// Why a [`Cube`] could not be built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CubeError {
    /// `cells × steps` does not match the number of values given (or overflows).
    ShapeMismatch {
        /// Number of cells asked for.
        cells: usize,
        /// Number of time steps asked for.
        steps: usize,
        /// Number of values given.
        values: usize,
    },
    /// The per-cell series do not all have the same length.
    RaggedSeries {
        /// The first cell whose series length differs from the first cell's.
        cell: usize,
    },
    /// The per-step counts use a different resolution from the cells.
    ResolutionMismatch {
        /// The time step whose counts do not match.
        step: usize,
    },
}

impl std::fmt::Display for CubeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::ShapeMismatch {
                cells,
                steps,
                values,
            } => write!(
                f,
                "a cube of {cells} cells × {steps} steps needs {cells}×{steps} values, got {values}"
            ),
            Self::RaggedSeries { cell } => write!(
                f,
                "cell {cell} has a series of a different length from cell 0"
            ),
            Self::ResolutionMismatch { step } => write!(
                f,
                "the counts of step {step} are at a different resolution from the cells"
            ),
        }
    }
}

impl std::error::Error for CubeError {}

/// A space-time cube: one value per cell per time step.
///
/// Values are stored step by step (all cells of step 0, then all cells of step 1, …), so each
/// time slice is a contiguous slice for the per-step Gi*.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawCube")]
pub struct Cube {
    cells: usize,
    steps: usize,
    values: Vec<f64>,
}

/// The serialised form of a [`Cube`], checked by [`Cube::new`] on the way in.
#[derive(Deserialize)]
struct RawCube {
    cells: usize,
    steps: usize,
    values: Vec<f64>,
}

impl TryFrom<RawCube> for Cube {
    type Error = CubeError;

    fn try_from(raw: RawCube) -> Result<Self, Self::Error> {
        Self::new(raw.cells, raw.steps, raw.values)
    }
}

impl Cube {
    /// A cube from step-major values: `values[step * cells + cell]`.
    ///
    /// # Errors
    ///
    /// [`CubeError::ShapeMismatch`] unless `values.len() == cells * steps`.
    pub fn new(cells: usize, steps: usize, values: Vec<f64>) -> Result<Self, CubeError> {
        if cells.checked_mul(steps) != Some(values.len()) {
            return Err(CubeError::ShapeMismatch {
                cells,
                steps,
                values: values.len(),
            });
        }
        Ok(Self {
            cells,
            steps,
            values,
        })
    }

    /// A cube from one time series per cell (`series[cell][step]`).
    ///
    /// # Errors
    ///
    /// [`CubeError::RaggedSeries`] if the series do not all have the same length.
    pub fn from_cell_series(series: &[Vec<f64>]) -> Result<Self, CubeError> {
        let cells = series.len();
        let steps = series.first().map_or(0, Vec::len);
        if let Some(cell) = series.iter().position(|s| s.len() != steps) {
            return Err(CubeError::RaggedSeries { cell });
        }
        let mut values = Vec::with_capacity(cells.saturating_mul(steps));
        for step in 0..steps {
            values.extend(series.iter().map(|s| s[step]));
        }
        Ok(Self {
            cells,
            steps,
            values,
        })
    }

    /// A cube from per-step aggregated counts lined up on `cells` (empty cells count 0), for
    /// example one [`CellCounts`] per month over the cells of
    /// [`super::cells::study_cells`].
    ///
    /// # Errors
    ///
    /// [`CubeError::ResolutionMismatch`] if a step's counts were aggregated at a resolution
    /// other than that of the first of `cells`.
    pub fn from_counts(cells: &[CellIndex], steps: &[CellCounts]) -> Result<Self, CubeError> {
        let resolution = cells.first().map(|c| c.resolution());
        let mut values = Vec::with_capacity(cells.len().saturating_mul(steps.len()));
        for (step, counts) in steps.iter().enumerate() {
            if resolution.is_some()
                && counts.resolution().is_some()
                && counts.resolution() != resolution
            {
                return Err(CubeError::ResolutionMismatch { step });
            }
            values.extend(cells.iter().map(|&cell| counts.get(cell)));
        }
        Ok(Self {
            cells: cells.len(),
            steps: steps.len(),
            values,
        })
    }

    /// Number of cells (locations).
    #[must_use]
    pub fn cells(&self) -> usize {
        self.cells
    }

    /// Number of time steps.
    #[must_use]
    pub fn steps(&self) -> usize {
        self.steps
    }

    /// The values of every cell at `step`, or `None` past the last step.
    #[must_use]
    pub fn step(&self, step: usize) -> Option<&[f64]> {
        if step >= self.steps {
            return None;
        }
        let start = step * self.cells;
        self.values.get(start..start + self.cells)
    }

    /// The value of `cell` at `step`, or `None` outside the cube.
    #[must_use]
    pub fn get(&self, cell: usize, step: usize) -> Option<f64> {
        if cell >= self.cells || step >= self.steps {
            return None;
        }
        self.values.get(step * self.cells + cell).copied()
    }

    /// The time series of `cell`, or `None` if there is no such cell.
    #[must_use]
    pub fn series(&self, cell: usize) -> Option<Vec<f64>> {
        (cell < self.cells).then(|| {
            (0..self.steps)
                .map(|step| self.values[step * self.cells + cell])
                .collect()
        })
    }
}

/// Significance of one cell at one time step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Significance {
    /// Statistically significant hot spot (q below the step level, z > 0).
    Hot,
    /// Statistically significant cold spot (q below the step level, z < 0).
    Cold,
    /// Neither.
    NotSignificant,
}

impl Significance {
    /// Hot, cold or not significant from a z-score, its q-value and the FDR level.
    #[must_use]
    pub fn from_z_q(z: f64, q: f64, alpha: f64) -> Self {
        if q < alpha && z > 0.0 {
            Self::Hot
        } else if q < alpha && z < 0.0 {
            Self::Cold
        } else {
            Self::NotSignificant
        }
    }
}

/// Emerging hotspot pattern of a cell.
///
/// Each variant quotes the ArcGIS Pro definition, then states the rule as implemented, where
/// `n` is the number of time steps, `H` (`C`) the number of steps at which the cell is a hot
/// (cold) spot, "≥ 90 %" means `10·H ≥ 9·n`, and the trend is the Mann–Kendall trend of the
/// cell's z-scores. [`classify_pattern`] documents the order in which the rules are tried.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pattern {
    /// "A location that is a statistically significant hot spot for the final time step and
    /// has never been a statistically significant hot spot before."
    ///
    /// Rule: the final step is hot, `H = 1`, and the cell was never a cold spot (a cell with
    /// earlier cold spots is [`Pattern::OscillatingHot`]).
    NewHot,
    /// "A location with a single uninterrupted run of at least two statistically significant
    /// hot spot bins in the final time-step intervals. The location has never been a
    /// statistically significant hot spot prior to the final hot spot run and less than 90
    /// percent of all bins are statistically significant hot spots."
    ///
    /// Rule: the final run of hot steps has length `r ≥ 2`, `r = H` (no hot step before it),
    /// `H < 90 %`, and the cell was never a cold spot.
    ConsecutiveHot,
    /// "A location that has been a statistically significant hot spot for 90 percent of the
    /// time-step intervals, including the final time step. In addition, the intensity of
    /// clustering of high counts in each time step is increasing overall and that increase is
    /// statistically significant."
    ///
    /// Rule: `H ≥ 90 %`, the final step is hot, and the z-score trend is significantly
    /// increasing.
    IntensifyingHot,
    /// "A location that has been a statistically significant hot spot for 90 percent of the
    /// time-step intervals with no discernible trend indicating an increase or decrease in the
    /// intensity of clustering over time."
    ///
    /// Rule: `H ≥ 90 %`, the final step is hot, and no significant z-score trend (a cell that
    /// is not hot at the final step is [`Pattern::HistoricalHot`]).
    PersistentHot,
    /// "A location that has been a statistically significant hot spot for 90 percent of the
    /// time-step intervals, including the final time step. In addition, the intensity of
    /// clustering in each time step is decreasing overall and that decrease is statistically
    /// significant."
    ///
    /// Rule: `H ≥ 90 %`, the final step is hot, and the z-score trend is significantly
    /// decreasing.
    DiminishingHot,
    /// "A statistically significant hot spot for the final time-step interval with a history
    /// of also being an on-again and off-again hot spot. Less than 90 percent of the time-step
    /// intervals have been statistically significant hot spots and none of the time-step
    /// intervals have been statistically significant cold spots."
    ///
    /// Rule: the final step is hot, `H < 90 %`, `C = 0`, and there is a hot step before the
    /// final run of hot steps (separated from it by a step that is not hot). Older ArcGIS
    /// releases did not require the final step to be hot; this follows the current text.
    SporadicHot,
    /// "A statistically significant hot spot for the final time-step interval that has a
    /// history of also being a statistically significant cold spot during a prior time step.
    /// Less than 90 percent of the time-step intervals have been statistically significant hot
    /// spots."
    ///
    /// Rule: the final step is hot, `H < 90 %`, and `C ≥ 1`.
    OscillatingHot,
    /// "The most recent time period is not hot, but at least 90 percent of the time-step
    /// intervals have been statistically significant hot spots."
    ///
    /// Rule: `H ≥ 90 %` and the final step is not hot.
    HistoricalHot,
    /// "A location that is a statistically significant cold spot for the final time step and
    /// has never been a statistically significant cold spot before."
    ///
    /// Rule: mirror of [`Pattern::NewHot`]: the final step is cold, `C = 1`, `H = 0`.
    NewCold,
    /// "A location with a single uninterrupted run of at least two statistically significant
    /// cold spot bins in the final time-step intervals. The location has never been a
    /// statistically significant cold spot prior to the final cold spot run and less than 90
    /// percent of all bins are statistically significant cold spots."
    ///
    /// Rule: mirror of [`Pattern::ConsecutiveHot`].
    ConsecutiveCold,
    /// "A location that has been a statistically significant cold spot for 90 percent of the
    /// time-step intervals, including the final time step. In addition, the intensity of
    /// clustering of low counts in each time step is increasing overall and that increase is
    /// statistically significant."
    ///
    /// Rule: `C ≥ 90 %`, the final step is cold, and the z-score trend is significantly
    /// decreasing (z growing more negative means stronger clustering of low values).
    IntensifyingCold,
    /// "A location that has been a statistically significant cold spot for 90 percent of the
    /// time-step intervals with no discernible trend indicating an increase or decrease in the
    /// intensity of clustering of counts over time."
    ///
    /// Rule: `C ≥ 90 %`, the final step is cold, and no significant z-score trend.
    PersistentCold,
    /// "A location that has been a statistically significant cold spot for 90 percent of the
    /// time-step intervals, including the final time step. In addition, the intensity of
    /// clustering of low counts in each time step is decreasing overall and that decrease is
    /// statistically significant."
    ///
    /// Rule: `C ≥ 90 %`, the final step is cold, and the z-score trend is significantly
    /// increasing (towards 0).
    DiminishingCold,
    /// "A statistically significant cold spot for the final time-step interval with a history
    /// of also being an on-again and off-again cold spot. Less than 90 percent of the time-step
    /// intervals have been statistically significant cold spots and none of the time-step
    /// intervals have been statistically significant hot spots."
    ///
    /// Rule: mirror of [`Pattern::SporadicHot`].
    SporadicCold,
    /// "A statistically significant cold spot for the final time-step interval that has a
    /// history of also being a statistically significant hot spot during a prior time step.
    /// Less than 90 percent of the time-step intervals have been statistically significant
    /// cold spots."
    ///
    /// Rule: the final step is cold, `C < 90 %`, and `H ≥ 1`.
    OscillatingCold,
    /// "The most recent time period is not cold, but at least 90 percent of the time-step
    /// intervals have been statistically significant cold spots."
    ///
    /// Rule: `C ≥ 90 %` and the final step is not cold.
    HistoricalCold,
    /// "Does not fall into any of the hot or cold spot patterns defined below."
    ///
    /// Rule: everything else, e.g. a cell never significant, or one whose earlier hot (cold)
    /// spots cover less than 90 % of the steps and whose final step is not significant.
    NoPattern,
}

impl Pattern {
    /// Every pattern, hot ones first, in the order of the ArcGIS documentation.
    pub const ALL: [Self; 17] = [
        Self::NewHot,
        Self::ConsecutiveHot,
        Self::IntensifyingHot,
        Self::PersistentHot,
        Self::DiminishingHot,
        Self::SporadicHot,
        Self::OscillatingHot,
        Self::HistoricalHot,
        Self::NewCold,
        Self::ConsecutiveCold,
        Self::IntensifyingCold,
        Self::PersistentCold,
        Self::DiminishingCold,
        Self::SporadicCold,
        Self::OscillatingCold,
        Self::HistoricalCold,
        Self::NoPattern,
    ];

    /// The stable name used in reports and APIs, e.g. `new-hot`, `consecutive-hot`,
    /// `intensifying-cold` or `no-pattern`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NewHot => "new-hot",
            Self::ConsecutiveHot => "consecutive-hot",
            Self::IntensifyingHot => "intensifying-hot",
            Self::PersistentHot => "persistent-hot",
            Self::DiminishingHot => "diminishing-hot",
            Self::SporadicHot => "sporadic-hot",
            Self::OscillatingHot => "oscillating-hot",
            Self::HistoricalHot => "historical-hot",
            Self::NewCold => "new-cold",
            Self::ConsecutiveCold => "consecutive-cold",
            Self::IntensifyingCold => "intensifying-cold",
            Self::PersistentCold => "persistent-cold",
            Self::DiminishingCold => "diminishing-cold",
            Self::SporadicCold => "sporadic-cold",
            Self::OscillatingCold => "oscillating-cold",
            Self::HistoricalCold => "historical-cold",
            Self::NoPattern => "no-pattern",
        }
    }

    /// Whether this is one of the eight hot patterns.
    #[must_use]
    pub fn is_hot(self) -> bool {
        matches!(
            self,
            Self::NewHot
                | Self::ConsecutiveHot
                | Self::IntensifyingHot
                | Self::PersistentHot
                | Self::DiminishingHot
                | Self::SporadicHot
                | Self::OscillatingHot
                | Self::HistoricalHot
        )
    }

    /// Whether this is one of the eight cold patterns.
    #[must_use]
    pub fn is_cold(self) -> bool {
        !self.is_hot() && self != Self::NoPattern
    }
}

impl std::fmt::Display for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which side a rule is evaluated for: hot spots, or the cold mirror image.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Hot,
    Cold,
}

impl Side {
    fn target(self) -> Significance {
        match self {
            Self::Hot => Significance::Hot,
            Self::Cold => Significance::Cold,
        }
    }

    fn opposite(self) -> Significance {
        match self {
            Self::Hot => Significance::Cold,
            Self::Cold => Significance::Hot,
        }
    }

    /// The trend that means "clustering intensifies" on this side.
    fn intensifying(self) -> Trend {
        match self {
            Self::Hot => Trend::Increasing,
            Self::Cold => Trend::Decreasing,
        }
    }

    /// `[new, consecutive, intensifying, persistent, diminishing, sporadic, oscillating,
    /// historical]` for this side.
    fn patterns(self) -> [Pattern; 8] {
        match self {
            Self::Hot => [
                Pattern::NewHot,
                Pattern::ConsecutiveHot,
                Pattern::IntensifyingHot,
                Pattern::PersistentHot,
                Pattern::DiminishingHot,
                Pattern::SporadicHot,
                Pattern::OscillatingHot,
                Pattern::HistoricalHot,
            ],
            Self::Cold => [
                Pattern::NewCold,
                Pattern::ConsecutiveCold,
                Pattern::IntensifyingCold,
                Pattern::PersistentCold,
                Pattern::DiminishingCold,
                Pattern::SporadicCold,
                Pattern::OscillatingCold,
                Pattern::HistoricalCold,
            ],
        }
    }
}

/// The pattern of one side when the cell is that side's spot in ≥ 90 % of the steps.
fn mostly(side: Side, states: &[Significance], trend: Trend) -> Pattern {
    let [
        _,
        _,
        intensifying,
        persistent,
        diminishing,
        _,
        _,
        historical,
    ] = side.patterns();
    if states.last() != Some(&side.target()) {
        historical
    } else if trend == side.intensifying() {
        intensifying
    } else if trend == Trend::NoTrend {
        persistent
    } else {
        diminishing
    }
}

/// The pattern of one side when the final step is that side's spot but < 90 % of steps are.
fn recent(side: Side, states: &[Significance], count: usize) -> Pattern {
    let [new, consecutive, _, _, _, sporadic, oscillating, _] = side.patterns();
    if states.contains(&side.opposite()) {
        return oscillating;
    }
    if count == 1 {
        return new;
    }
    let final_run = states
        .iter()
        .rev()
        .take_while(|&&s| s == side.target())
        .count();
    if final_run == count {
        consecutive
    } else {
        sporadic
    }
}

/// Classifies one cell from its per-step significance (oldest first) and the Mann–Kendall
/// trend of its z-scores, following the ArcGIS Pro definitions quoted on [`Pattern`].
///
/// The rules are tried in this order, which resolves the overlaps between the published
/// definitions (`n` steps, `H` hot steps, `C` cold steps):
///
/// 1. `n = 0`: [`Pattern::NoPattern`].
/// 2. `H ≥ 90 %`: historical if the final step is not hot; otherwise intensifying,
///    diminishing or persistent by the trend. (Historical wins over persistent for a cell
///    that is no longer hot: the latter's text does not mention the final step, the former's
///    is specifically about it.)
/// 3. `C ≥ 90 %`: the cold mirror of 2.
/// 4. Final step hot (`H < 90 %`): oscillating if `C ≥ 1`; else new if `H = 1`; else
///    consecutive if all hot steps form the final run; else sporadic. (Oscillating wins over
///    new and consecutive for a cell with earlier cold spots, as its definition is the one
///    about that history, and sporadic's excludes it.)
/// 5. Final step cold: the cold mirror of 4.
/// 6. Otherwise [`Pattern::NoPattern`].
#[must_use]
pub fn classify_pattern(states: &[Significance], trend: Trend) -> Pattern {
    let n = states.len();
    if n == 0 {
        return Pattern::NoPattern;
    }
    let hot = states.iter().filter(|&&s| s == Significance::Hot).count();
    let cold = states.iter().filter(|&&s| s == Significance::Cold).count();
    let at_least_90 = |count: usize| count.saturating_mul(10) >= n.saturating_mul(9);
    if at_least_90(hot) {
        return mostly(Side::Hot, states, trend);
    }
    if at_least_90(cold) {
        return mostly(Side::Cold, states, trend);
    }
    match states[n - 1] {
        Significance::Hot => recent(Side::Hot, states, hot),
        Significance::Cold => recent(Side::Cold, states, cold),
        Significance::NotSignificant => Pattern::NoPattern,
    }
}

/// Significance levels for [`emerging_hotspots_with`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct EmergingOptions {
    /// FDR level below which a cell's q-value makes it a hot or cold spot in a step.
    pub step_alpha: f64,
    /// Level below which the Mann–Kendall p-value makes a trend significant.
    pub trend_alpha: f64,
}

impl Default for EmergingOptions {
    fn default() -> Self {
        Self {
            step_alpha: DEFAULT_STEP_ALPHA,
            trend_alpha: DEFAULT_TREND_ALPHA,
        }
    }
}

/// The emerging-hotspot result for one cell.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CellTrend {
    /// Gi* z-score at each step.
    pub z: Vec<f64>,
    /// Two-sided p-value at each step.
    pub p: Vec<f64>,
    /// Benjamini–Hochberg q-value at each step (FDR within the step, over all cells).
    pub q: Vec<f64>,
    /// Hot, cold or not significant at each step.
    pub significance: Vec<Significance>,
    /// Mann–Kendall test on the z-score series.
    pub trend: MannKendall,
    /// The emerging-hotspot pattern.
    pub pattern: Pattern,
}

impl CellTrend {
    /// The hotspot class (confidence level) at `step`, or `None` past the last step.
    #[must_use]
    pub fn class_at(&self, step: usize) -> Option<HotspotClass> {
        Some(HotspotClass::from_z_q(
            *self.z.get(step)?,
            *self.q.get(step)?,
        ))
    }
}

/// Emerging Hot Spot Analysis with the default levels (hot/cold at FDR q < 0.10, trend at
/// p < 0.05); see [`emerging_hotspots_with`].
#[must_use]
pub fn emerging_hotspots(series: &Cube, neighbours: &[Vec<u32>]) -> Vec<CellTrend> {
    emerging_hotspots_with(series, neighbours, &EmergingOptions::default())
}

/// Emerging Hot Spot Analysis: per-step Gi* with FDR, Mann–Kendall on each cell's z-scores,
/// and the ArcGIS pattern of every cell (see the [module documentation](self)).
///
/// `neighbours` are the binary spatial weights used at every step, as built by
/// [`super::cells::kring_neighbours`] (self included); they are interpreted as by
/// [`gi_star`], so a mismatch in length never panics. Returns one [`CellTrend`] per cell of
/// the cube, in cube order.
#[must_use]
pub fn emerging_hotspots_with(
    series: &Cube,
    neighbours: &[Vec<u32>],
    options: &EmergingOptions,
) -> Vec<CellTrend> {
    let (cells, steps) = (series.cells(), series.steps());
    // Per-step results, step-major like the cube.
    let mut z_all = Vec::with_capacity(series.values.len());
    let mut p_all = Vec::with_capacity(series.values.len());
    let mut q_all = Vec::with_capacity(series.values.len());
    for step in 0..steps {
        let values = series.step(step).unwrap_or(&[]);
        let z = gi_star(values, neighbours);
        let p: Vec<f64> = z.iter().map(|&z| p_two_sided(z)).collect();
        q_all.extend(benjamini_hochberg(&p));
        z_all.extend(z);
        p_all.extend(p);
    }
    (0..cells)
        .map(|cell| {
            let at = |all: &[f64]| -> Vec<f64> {
                (0..steps).map(|step| all[step * cells + cell]).collect()
            };
            let z = at(&z_all);
            let p = at(&p_all);
            let q = at(&q_all);
            let significance: Vec<Significance> = z
                .iter()
                .zip(&q)
                .map(|(&z, &q)| Significance::from_z_q(z, q, options.step_alpha))
                .collect();
            let trend = mann_kendall(&z, options.trend_alpha);
            let pattern = classify_pattern(&significance, trend.trend);
            CellTrend {
                z,
                p,
                q,
                significance,
                trend,
                pattern,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identify::analysis::cells::{aggregate, kring_neighbours, study_cells};
    use h3o::{LatLng, Resolution};

    const H: Significance = Significance::Hot;
    const C: Significance = Significance::Cold;
    const N: Significance = Significance::NotSignificant;

    fn states(pattern: &str) -> Vec<Significance> {
        pattern
            .chars()
            .map(|c| match c {
                'H' => H,
                'C' => C,
                _ => N,
            })
            .collect()
    }

    fn check(pattern: &str, trend: Trend, expected: Pattern) {
        assert_eq!(
            classify_pattern(&states(pattern), trend),
            expected,
            "{pattern} with {trend:?}"
        );
    }

    #[test]
    fn hot_patterns_follow_the_arcgis_rules() {
        use Trend::{Decreasing, Increasing, NoTrend};
        // 20 steps: 90 % is 18 steps.
        check("NNNNNNNNNNNNNNNNNNNH", NoTrend, Pattern::NewHot);
        check("NNNNNNNNNNNNNNNNNNNH", Increasing, Pattern::NewHot);
        check("NNNNNNNNNNNNNNNNNHHH", Increasing, Pattern::ConsecutiveHot);
        check("NNNNNNNNNNNNNNNNNNHH", NoTrend, Pattern::ConsecutiveHot);
        // 17 of 20 hot in the final run: still < 90 %, so consecutive.
        check("NNNHHHHHHHHHHHHHHHHH", Increasing, Pattern::ConsecutiveHot);
        check("NNHHHHHHHHHHHHHHHHHH", Increasing, Pattern::IntensifyingHot);
        check("NNHHHHHHHHHHHHHHHHHH", NoTrend, Pattern::PersistentHot);
        check("NNHHHHHHHHHHHHHHHHHH", Decreasing, Pattern::DiminishingHot);
        check("HHHHHHHHHNHHHHHHHHHH", NoTrend, Pattern::PersistentHot);
        check("HHHHHHHHHHHHHHHHHHHN", NoTrend, Pattern::HistoricalHot);
        check("HHHHHHHHHHHHHHHHHHHC", Decreasing, Pattern::HistoricalHot);
        check("HHHHHHHHHHHHHHHHHHNN", Decreasing, Pattern::HistoricalHot);
        check("NNNHNNNNHHNNNNNNNNNH", NoTrend, Pattern::SporadicHot);
        check("HNNNNNNNNNNNNNNNNNHH", Increasing, Pattern::SporadicHot);
        check("NNNCNNNNNNNNNNNNNNNH", NoTrend, Pattern::OscillatingHot);
        check("CCCCCCCCCCHHHHHHHHHH", Increasing, Pattern::OscillatingHot);
        check("HHHHHHHHHHHHHHHHHCHH", Increasing, Pattern::IntensifyingHot);
        // Earlier hot spots that are over, below 90 %: no pattern under the current text.
        check("HHHHHHHHHHNNNNNNNNNN", Decreasing, Pattern::NoPattern);
        check("NNNNNNNNNNNNNNNNNNNN", NoTrend, Pattern::NoPattern);
        check("", NoTrend, Pattern::NoPattern);
    }

    #[test]
    fn cold_patterns_mirror_the_hot_ones() {
        use Trend::{Decreasing, Increasing, NoTrend};
        check("NNNNNNNNNNNNNNNNNNNC", NoTrend, Pattern::NewCold);
        check("NNNNNNNNNNNNNNNNNCCC", Decreasing, Pattern::ConsecutiveCold);
        check(
            "NNCCCCCCCCCCCCCCCCCC",
            Decreasing,
            Pattern::IntensifyingCold,
        );
        check("NNCCCCCCCCCCCCCCCCCC", NoTrend, Pattern::PersistentCold);
        check("NNCCCCCCCCCCCCCCCCCC", Increasing, Pattern::DiminishingCold);
        check("NCNNNNNCCNNNNNNNNNNC", NoTrend, Pattern::SporadicCold);
        check("NHNNNNNNNNNNNNNNNNNC", NoTrend, Pattern::OscillatingCold);
        check("CCCCCCCCCCCCCCCCCCCN", NoTrend, Pattern::HistoricalCold);
        check("CCCCCCCCCCCCCCCCCCCH", Increasing, Pattern::HistoricalCold);
    }

    #[test]
    fn ninety_percent_is_exact() {
        // 24 steps: 22 hot is ≥ 90 % (91.7 %), 21 is not (87.5 %).
        let mut s = vec![H; 24];
        s[0] = N;
        s[1] = N;
        assert_eq!(classify_pattern(&s, Trend::NoTrend), Pattern::PersistentHot);
        s[5] = N;
        assert_eq!(classify_pattern(&s, Trend::NoTrend), Pattern::SporadicHot);
        // 10 steps: 9 hot is exactly 90 %.
        let mut s = vec![H; 10];
        s[3] = N;
        assert_eq!(classify_pattern(&s, Trend::NoTrend), Pattern::PersistentHot);
    }

    #[test]
    fn names_are_stable_and_unique() {
        let names: Vec<&str> = Pattern::ALL.iter().map(|p| p.as_str()).collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), 17);
        for pattern in Pattern::ALL {
            assert_eq!(
                serde_json::to_string(&pattern).expect("serialises"),
                format!("\"{}\"", pattern.as_str())
            );
            assert_eq!(pattern.to_string(), pattern.as_str());
            let hot = pattern.as_str().ends_with("-hot");
            let cold = pattern.as_str().ends_with("-cold");
            assert_eq!(pattern.is_hot(), hot);
            assert_eq!(pattern.is_cold(), cold);
        }
        assert_eq!(Pattern::NoPattern.as_str(), "no-pattern");
    }

    #[test]
    fn cube_shapes_are_checked() {
        assert!(Cube::new(2, 3, vec![0.0; 6]).is_ok());
        assert_eq!(
            Cube::new(2, 3, vec![0.0; 5]),
            Err(CubeError::ShapeMismatch {
                cells: 2,
                steps: 3,
                values: 5
            })
        );
        assert!(Cube::new(usize::MAX, 2, vec![]).is_err());
        assert_eq!(
            Cube::from_cell_series(&[vec![1.0, 2.0], vec![3.0]]),
            Err(CubeError::RaggedSeries { cell: 1 })
        );
        let cube =
            Cube::from_cell_series(&[vec![1.0, 2.0, 3.0], vec![4.0, 5.0, 6.0]]).expect("square");
        assert_eq!((cube.cells(), cube.steps()), (2, 3));
        assert_eq!(cube.step(1), Some(&[2.0, 5.0][..]));
        assert_eq!(cube.step(3), None);
        assert_eq!(cube.get(1, 2), Some(6.0));
        assert_eq!(cube.get(2, 0), None);
        assert_eq!(cube.series(0), Some(vec![1.0, 2.0, 3.0]));
        assert_eq!(cube.series(2), None);
        let json = serde_json::to_string(&cube).expect("serialises");
        assert_eq!(
            serde_json::from_str::<Cube>(&json).expect("round trip"),
            cube
        );
        let bad = r#"{"cells": 2, "steps": 3, "values": [1.0]}"#;
        assert!(serde_json::from_str::<Cube>(bad).is_err());
        let empty = Cube::from_cell_series(&[]).expect("empty");
        assert!(emerging_hotspots(&empty, &[]).is_empty());
    }

    #[test]
    fn cube_from_counts_lines_up_cells() {
        let here = LatLng::new(51.5, -0.12).expect("finite");
        let cell = here.to_cell(Resolution::Nine);
        let cells = study_cells(&[cell], 1);
        let month1 = aggregate([(51.5, -0.12, 2.0)], Resolution::Nine).expect("valid");
        let month2 =
            aggregate([(51.5, -0.12, 1.0), (51.5, -0.12, 1.0)], Resolution::Nine).expect("valid");
        let cube = Cube::from_counts(&cells, &[month1, month2]).expect("same resolution");
        let pos = cells.binary_search(&cell).expect("present");
        assert_eq!(cube.series(pos), Some(vec![2.0, 2.0]));
        assert_eq!(cube.step(0).map(|s| s.iter().sum::<f64>()), Some(2.0));
        let coarse = aggregate([(51.5, -0.12, 1.0)], Resolution::Five).expect("valid");
        assert_eq!(
            Cube::from_counts(&cells, &[coarse]),
            Err(CubeError::ResolutionMismatch { step: 0 })
        );
    }

    /// A synthetic cube on a hexagonal patch: an intensifying hotspot in one corner, a cluster
    /// that appears only in the final steps in another, background noise elsewhere.
    #[test]
    fn synthetic_cube_finds_the_planted_patterns() {
        let centre = LatLng::new(51.5074, -0.1278)
            .expect("finite")
            .to_cell(Resolution::Eight);
        let cells = study_cells(&[centre], 12);
        let neighbours = kring_neighbours(&cells, 1);
        let hot_centre = centre
            .grid_ring_fast(7)
            .next()
            .flatten()
            .expect("a cell 7 rings away");
        let new_centre = centre
            .grid_ring_fast(7)
            .nth(21)
            .flatten()
            .expect("another cell 7 rings away");
        let steps = 24;
        let mut state: u64 = 0x5EED;
        let mut noise = move || {
            // xorshift64*: deterministic noise in [0, 1).
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut values = Vec::with_capacity(cells.len() * steps);
        for step in 0..steps {
            for &cell in &cells {
                let mut v = 2.0 + 2.0 * noise();
                let d_hot = cell.grid_distance(hot_centre).unwrap_or(i32::MAX);
                if d_hot <= 1 {
                    v += 8.0 + 1.5 * step as f64;
                }
                let d_new = cell.grid_distance(new_centre).unwrap_or(i32::MAX);
                if d_new <= 1 && step >= steps - 3 {
                    v += 30.0;
                }
                values.push(v);
            }
        }
        let cube = Cube::new(cells.len(), steps, values).expect("shape");
        let result = emerging_hotspots(&cube, &neighbours);
        assert_eq!(result.len(), cells.len());
        let at = |cell| &result[cells.binary_search(&cell).expect("present")];
        let hot = at(hot_centre);
        assert_eq!(
            hot.pattern,
            Pattern::IntensifyingHot,
            "{:?}",
            hot.significance
        );
        assert_eq!(hot.trend.trend, Trend::Increasing);
        assert_eq!(hot.class_at(23), Some(HotspotClass::Hot99));
        assert_eq!(hot.class_at(24), None);
        let fresh = at(new_centre);
        assert_eq!(
            fresh.pattern,
            Pattern::ConsecutiveHot,
            "{:?}",
            fresh.significance
        );
        for trend in &result {
            assert_eq!(trend.z.len(), steps);
            assert!(trend.z.iter().all(|z| z.is_finite()));
            assert!(
                trend
                    .q
                    .iter()
                    .zip(&trend.p)
                    .all(|(q, p)| q >= p && *q <= 1.0)
            );
        }
        // Background cells far from both plants show no hot pattern.
        let quiet = result
            .iter()
            .zip(&cells)
            .filter(|(_, c)| {
                c.grid_distance(hot_centre).unwrap_or(0) > 4
                    && c.grid_distance(new_centre).unwrap_or(0) > 4
            })
            .filter(|(t, _)| t.pattern.is_hot())
            .count();
        assert!(quiet < 10, "{quiet} background cells with a hot pattern");
    }

    #[test]
    fn constant_cube_has_no_pattern() {
        let cube = Cube::new(4, 12, vec![3.0; 48]).expect("shape");
        let neighbours = vec![vec![0, 1], vec![0, 1, 2], vec![1, 2, 3], vec![2, 3]];
        for trend in emerging_hotspots(&cube, &neighbours) {
            assert_eq!(trend.pattern, Pattern::NoPattern);
            assert!(trend.z.iter().all(|&z| z == 0.0));
            assert!(trend.p.iter().all(|&p| p == 1.0));
            assert_eq!(trend.trend.p, 1.0);
        }
    }
}
