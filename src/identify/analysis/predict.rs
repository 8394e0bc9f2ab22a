//! Choosing a forecast honestly, and judging it against the baselines.
//!
//! # The candidates
//!
//! Points are binned into periods and H3 cells as for [`super::forecast`]. For a period `t`, each
//! candidate scores every cell of the study area from the periods before `t` only:
//!
//! - `last-period`: the cell's weight in `t − 1`;
//! - `all-time`: its weight in every period before `t`;
//! - `kde` (bandwidth `b` rings): a kernel density of the all-time weights on the H3 grid,
//!   `Σ_c' K_b(d(c, c')) · all_c'` with `K_b(d) = 1 − (d / (b + 1))²` for `d ≤ b` (the Epanechnikov
//!   kernel on the ring distance), as police analysts' KDE hotspot maps smooth past counts;
//! - `blend` (half-life `h`, share `w`, bandwidth `b`): the same kernel over
//!   `w · recent_h(c') + (1 − w) · long_term(c')`, where `recent_h` is the exponentially weighted
//!   mean weight per period with half-life `h` periods and `long_term` the plain mean per period,
//!   so a cell that rises recently moves up without forgetting where incidents have always been.
//!
//! # Choosing, on the training window only
//!
//! Every candidate is replayed by rolling origin: each period `t` from the fourth period with
//! data ([`WARM_UP`] periods of history) is forecast from the periods before it, the top
//! `area_share` of the study area is flagged, and PAI is measured on `t`, over the origins **up to
//! and including `train_until`** only. The best baseline is the one with the highest mean PAI
//! there (equal means: all-time counts, then kernel density, then last period's). The best blend
//! replaces it as the forecast only when it beats it clearly on those same origins: the 95%
//! bootstrap interval of their paired differences of PAI lies above 0. With a dozen periods, the
//! best of 75 blends is often best by chance, and that choice would not carry over to the periods
//! that follow. So the forecast is never worse than the best baseline on the training evaluation,
//! and it is a blend only where the blend earned it. The KDE baseline's bandwidth is chosen by
//! mean PAI among the KDE candidates. Held-out periods (after `train_until`) play no part in any
//! choice.
//!
//! # Measures on held-out periods
//!
//! With `A` study cells, `a` flagged, `N` the weight of period `t`'s points in the study area and
//! `n` of those in flagged cells: hit rate `n / N`; PAI `(n / N) / (a / A)`; PEI (predictive
//! efficiency index, Hunt 2016) `n / n*`, where `n*` is the most any `a` cells held in `t`, so PEI is
//! PAI over the best PAI possible at that area; RRI (Levine's recapture rate index, 2008)
//! `(n / n₋₁) / (N / N₋₁)`, the flagged cells' weight in `t` over their weight in `t − 1`, relative to
//! the whole study area's: above 1, the flagged cells gained a larger share. A measure that is not
//! defined in a period (no points there, or for RRI none in the flagged cells the period before) is
//! `None`, never NaN, and left out of the averages.
//!
//! # The paired comparison
//!
//! For each baseline, the per-period differences of PAI (forecast − baseline) over the held-out
//! periods with points: their mean and a 95% percentile bootstrap interval (10,000 resamples of the
//! periods, a fixed seed, so the same data give the same interval). The forecast beats a baseline
//! when the interval lies above 0, loses when below, and ties otherwise; with fewer than
//! [`MIN_COMPARED`] such periods no verdict is given.

use std::collections::HashSet;

use h3o::{CellIndex, Resolution};
use serde::Serialize;

use super::forecast::{
    Binned, BoundingBox, ForecastError, Period, PeriodKey, bin, flagged_count, top_cells,
};
use crate::identify::incidents::points::Point;

/// Periods of history before the first rolling origin.
pub const WARM_UP: i32 = 3;
/// Rolling origins with points inside the training window needed to choose a model.
pub const MIN_ORIGINS: usize = 3;
/// Held-out periods with points needed for a verdict of the paired comparison.
pub const MIN_COMPARED: usize = 3;
/// Bootstrap resamples of the paired comparison.
pub const RESAMPLES: usize = 10_000;
/// The widest kernel, in rings.
pub const MAX_BANDWIDTH: u32 = 3;

/// The forecast's method name in [`EvalRow::method`].
pub const FORECAST: &str = "forecast";
/// The baselines' method names, in the order rows and comparisons list them.
pub const BASELINES: [&str; 3] = ["last-period", "all-time", "kde"];
/// The [`EvalRow::period`] of the rows that average over the held-out periods.
pub const AVERAGE: &str = "average";

const HALF_LIVES: [f64; 5] = [1.0, 2.0, 4.0, 8.0, 16.0];
const RECENT_SHARES: [f64; 5] = [0.1, 0.25, 0.5, 0.75, 1.0];
const BLEND_BANDWIDTHS: [u32; 3] = [0, 1, 2];

/// A way of scoring cells (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Candidate {
    LastPeriod,
    AllTime,
    Kde {
        bandwidth: u32,
    },
    Blend {
        half_life: f64,
        recent: f64,
        bandwidth: u32,
    },
}

impl Candidate {
    /// Every candidate, baselines first (so a tie goes to the simpler): all-time counts, the most
    /// robust, then kernel density, then last period's counts.
    pub fn all() -> Vec<Candidate> {
        let mut v = vec![Candidate::AllTime];
        v.extend((1..=MAX_BANDWIDTH).map(|bandwidth| Candidate::Kde { bandwidth }));
        v.push(Candidate::LastPeriod);
        for &half_life in &HALF_LIVES {
            for &recent in &RECENT_SHARES {
                for &bandwidth in &BLEND_BANDWIDTHS {
                    v.push(Candidate::Blend {
                        half_life,
                        recent,
                        bandwidth,
                    });
                }
            }
        }
        v
    }

    /// The baseline this candidate is (`last-period`, `all-time`, `kde`), if it is one.
    pub fn baseline(&self) -> Option<&'static str> {
        match self {
            Candidate::LastPeriod => Some(BASELINES[0]),
            Candidate::AllTime => Some(BASELINES[1]),
            Candidate::Kde { .. } => Some(BASELINES[2]),
            Candidate::Blend { .. } => None,
        }
    }

    /// A short description: `all-time`, `kde 2 rings`, `blend half-life 2, recent 0.5, 1 ring`.
    pub fn describe(&self) -> String {
        let rings = |b: u32| {
            if b == 1 {
                "1 ring".to_string()
            } else {
                format!("{b} rings")
            }
        };
        match *self {
            Candidate::LastPeriod => "last-period".into(),
            Candidate::AllTime => "all-time".into(),
            Candidate::Kde { bandwidth } => format!("kde {}", rings(bandwidth)),
            Candidate::Blend {
                half_life,
                recent,
                bandwidth,
            } => format!(
                "blend half-life {half_life}, recent {recent}, {}",
                rings(bandwidth)
            ),
        }
    }
}

/// How one candidate did on the training window's rolling origins.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrainingScore {
    pub candidate: Candidate,
    /// Mean PAI over the training origins with points.
    pub mean_pai: f64,
}

/// One line of the held-out evaluation: a method's result in one period, or its average.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalRow {
    /// The held-out period (`2021-07`), or [`AVERAGE`].
    pub period: String,
    /// [`FORECAST`] or one of [`BASELINES`].
    pub method: String,
    pub hit_rate: Option<f64>,
    pub pai: Option<f64>,
    pub pei: Option<f64>,
    pub rri: Option<f64>,
    /// `n` (summed in an average row).
    pub hits: f64,
    /// `N` (summed in an average row).
    pub in_study_area: f64,
    /// `n*`, the most any `a` cells held (summed in an average row).
    pub best_hits: f64,
}

/// Whether the forecast beat a baseline over the held-out periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The interval of the mean difference of PAI lies above 0.
    Better,
    /// It contains 0.
    Tie,
    /// It lies below 0.
    Worse,
    /// Fewer than [`MIN_COMPARED`] held-out periods with points.
    TooFew,
}

/// The paired comparison of the forecast with one baseline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub baseline: String,
    /// Held-out periods with points, compared.
    pub periods: usize,
    /// Mean of PAI(forecast) − PAI(baseline).
    pub mean_difference: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// The forecast's mean PAI over the periods compared, and the baseline's.
    pub forecast_pai: Option<f64>,
    pub baseline_pai: Option<f64>,
    pub verdict: Verdict,
}

/// The best blend against the best baseline on the training window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrainingMargin {
    pub blend: Candidate,
    pub baseline: Candidate,
    /// Mean of PAI(blend) − PAI(baseline) over the training origins with points, and its 95%
    /// bootstrap interval.
    pub mean_difference: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    /// Whether the blend was chosen (the interval lies above 0).
    pub clearly_better: bool,
}

/// The whole evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// The candidate chosen as the forecast on the training window.
    pub chosen: Candidate,
    /// How the best blend did against the best baseline there, which decided the choice.
    pub margin: TrainingMargin,
    /// The KDE baseline's bandwidth, chosen the same way.
    pub kde: Candidate,
    /// Every candidate's training score, best first.
    pub training: Vec<TrainingScore>,
    /// Rolling origins with points inside the training window.
    pub training_origins: usize,
    /// Per held-out period and method (forecast, then the baselines), then one average row each.
    pub rows: Vec<EvalRow>,
    pub comparisons: Vec<Comparison>,
    /// `A` and `a`.
    pub study_cells: usize,
    pub flagged_cells: usize,
    /// Held-out periods without points in the study area (no measure is defined there).
    pub empty_periods: Vec<String>,
    /// Every point of the training window lies in one cell: every method flags it, so there is
    /// nothing to choose between.
    pub single_cell: bool,
}

impl Evaluation {
    /// The average row of `method`.
    pub fn average(&self, method: &str) -> Option<&EvalRow> {
        self.rows
            .iter()
            .find(|r| r.period == AVERAGE && r.method == method)
    }

    /// The comparison with `baseline`.
    pub fn comparison(&self, baseline: &str) -> Option<&Comparison> {
        self.comparisons.iter().find(|c| c.baseline == baseline)
    }

    /// The baseline with the highest mean PAI on the held-out periods.
    pub fn best_baseline(&self) -> &'static str {
        let mut best = BASELINES[1];
        let mut top = f64::NEG_INFINITY;
        for b in BASELINES {
            if let Some(p) = self.average(b).and_then(|r| r.pai)
                && p > top
            {
                top = p;
                best = b;
            }
        }
        best
    }

    /// Whether the forecast beat every baseline (its intervals all above 0).
    pub fn beats_every_baseline(&self) -> bool {
        self.comparisons
            .iter()
            .all(|c| c.verdict == Verdict::Better)
    }

    /// The candidate behind a method of the rows.
    pub fn candidate(&self, method: &str) -> Candidate {
        match method {
            "last-period" => Candidate::LastPeriod,
            "all-time" => Candidate::AllTime,
            "kde" => self.kde,
            _ => self.chosen,
        }
    }
}

/// The study area: the cells with a point up to the training window's end and their 1-ring (as the
/// backtest of [`super::forecast`] defines it), each with the cells with points within
/// [`MAX_BANDWIDTH`] rings, nearest first.
struct Study {
    cells: Vec<CellIndex>,
    own: Vec<Option<u32>>,
    /// Per study cell: `(cell id, ring distance)`, by distance then id.
    sources: Vec<Vec<(u32, u8)>>,
    contains_id: Vec<bool>,
}

impl Study {
    fn new(binned: &Binned, until: i32) -> Self {
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
        let sources = cells
            .iter()
            .map(|cell| {
                let mut found: Vec<(u32, u8)> = cell
                    .grid_disk_distances::<Vec<_>>(MAX_BANDWIDTH)
                    .into_iter()
                    .filter_map(|(c, d)| Some((*binned.ids.get(&c)?, d as u8)))
                    .collect();
                found.sort_by_key(|&(id, d)| (d, id));
                found
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

    fn own(&self, i: usize, values: &[f64]) -> f64 {
        self.own[i].map_or(0.0, |id| values[id as usize])
    }

    /// `Σ K_b(d) · values[id]` over study cell `i`'s sources within `b` rings.
    fn spread(&self, i: usize, values: &[f64], b: u32) -> f64 {
        let width = f64::from(b + 1);
        let mut sum = 0.0;
        for &(id, d) in &self.sources[i] {
            if u32::from(d) > b {
                break;
            }
            let r = f64::from(d) / width;
            sum += (1.0 - r * r) * values[id as usize];
        }
        sum
    }
}

/// The running history at an origin: what every candidate scores from.
struct History {
    /// Σ x(s) over the periods before the origin, per cell id.
    all_time: Vec<f64>,
    /// x(t − 1).
    last: Vec<f64>,
    /// Per half-life: Σ λ^(t−1−s) x(s), and its norm Σ λ^(t−1−s).
    recent: Vec<(f64, Vec<f64>, f64)>,
    /// Periods from the first with data to the origin.
    periods: f64,
}

impl History {
    fn new(cells: usize) -> Self {
        Self {
            all_time: vec![0.0; cells],
            last: vec![0.0; cells],
            recent: HALF_LIVES
                .iter()
                .map(|h| ((-1.0 / h).exp2(), vec![0.0; cells], 0.0))
                .collect(),
            periods: 0.0,
        }
    }

    /// Period `current` becomes history.
    fn advance(&mut self, current: &[f64]) {
        for (total, &x) in self.all_time.iter_mut().zip(current) {
            *total += x;
        }
        self.last.copy_from_slice(current);
        for (decay, sums, norm) in &mut self.recent {
            for (s, &x) in sums.iter_mut().zip(current) {
                *s = *s * *decay + x;
            }
            *norm = *norm * *decay + 1.0;
        }
        self.periods += 1.0;
    }

    fn half_life_index(h: f64) -> usize {
        HALF_LIVES.iter().position(|&x| x == h).unwrap_or(0)
    }
}

/// The per-origin layers every candidate is a combination of, over the study cells.
struct Layers {
    last: Vec<f64>,
    /// all-time sums spread at bandwidth 0 to [`MAX_BANDWIDTH`].
    all: Vec<Vec<f64>>,
    /// Per half-life, the recent mean spread at the blend bandwidths (index = bandwidth).
    recent: Vec<Vec<Vec<f64>>>,
    /// Periods of history, to turn all-time sums into a mean per period.
    periods: f64,
}

impl Layers {
    fn of(study: &Study, history: &History, needed: &Needed) -> Self {
        let n = study.cells.len();
        let last = (0..n).map(|i| study.own(i, &history.last)).collect();
        let all = (0..=MAX_BANDWIDTH)
            .map(|b| {
                if !needed.all[b as usize] {
                    return Vec::new();
                }
                (0..n)
                    .map(|i| {
                        if b == 0 {
                            study.own(i, &history.all_time)
                        } else {
                            study.spread(i, &history.all_time, b)
                        }
                    })
                    .collect()
            })
            .collect();
        let recent = history
            .recent
            .iter()
            .enumerate()
            .map(|(h, (_, sums, norm))| {
                let max_b = needed.recent[h].iter().rposition(|&x| x);
                let Some(max_b) = max_b else {
                    return Vec::new();
                };
                let scale = if *norm > 0.0 { 1.0 / norm } else { 0.0 };
                (0..=max_b)
                    .map(|b| {
                        if !needed.recent[h][b] {
                            return Vec::new();
                        }
                        (0..n)
                            .map(|i| {
                                scale
                                    * if b == 0 {
                                        study.own(i, sums)
                                    } else {
                                        study.spread(i, sums, b as u32)
                                    }
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect();
        Self {
            last,
            all,
            recent,
            periods: history.periods,
        }
    }

    /// The scores of `candidate` over the study cells.
    fn score(&self, candidate: &Candidate, out: &mut Vec<f64>) {
        out.clear();
        match *candidate {
            Candidate::LastPeriod => out.extend_from_slice(&self.last),
            Candidate::AllTime => out.extend_from_slice(&self.all[0]),
            Candidate::Kde { bandwidth } => out.extend_from_slice(&self.all[bandwidth as usize]),
            Candidate::Blend {
                half_life,
                recent,
                bandwidth,
            } => {
                let b = bandwidth as usize;
                let r = &self.recent[History::half_life_index(half_life)][b];
                let l = &self.all[b];
                let per_period = if self.periods > 0.0 {
                    1.0 / self.periods
                } else {
                    0.0
                };
                out.extend(
                    r.iter()
                        .zip(l)
                        .map(|(r, l)| recent * r + (1.0 - recent) * l * per_period),
                );
            }
        }
    }
}

/// Which layers the candidates need.
struct Needed {
    all: Vec<bool>,
    recent: Vec<Vec<bool>>,
}

impl Needed {
    fn of(candidates: &[Candidate]) -> Self {
        let mut all = vec![false; MAX_BANDWIDTH as usize + 1];
        let mut recent = vec![vec![false; MAX_BANDWIDTH as usize + 1]; HALF_LIVES.len()];
        all[0] = true;
        for c in candidates {
            match *c {
                Candidate::LastPeriod | Candidate::AllTime => {}
                Candidate::Kde { bandwidth } => all[bandwidth as usize] = true,
                Candidate::Blend {
                    half_life,
                    bandwidth,
                    ..
                } => {
                    all[bandwidth as usize] = true;
                    recent[History::half_life_index(half_life)][bandwidth as usize] = true;
                }
            }
        }
        Self { all, recent }
    }
}

/// One candidate's measures in one period (`None` when the period has no points in the study area).
#[derive(Debug, Clone, Copy)]
struct Measured {
    hits: f64,
    hit_rate: f64,
    pai: f64,
    pei: Option<f64>,
    rri: Option<f64>,
}

/// Chooses a forecast on the training window and judges it against the baselines on the periods
/// after `train_until` (see the module documentation).
///
/// # Errors
///
/// [`ForecastError`] as for [`super::forecast::backtest`], and
/// [`ForecastError::TooShortToChoose`] when the training window holds fewer than [`MIN_ORIGINS`]
/// rolling origins with points after [`WARM_UP`] periods of history.
pub fn evaluate(
    points: &[Point],
    resolution: Resolution,
    period: Period,
    train_until: PeriodKey,
    area_share: f64,
    bbox: Option<BoundingBox>,
) -> Result<Evaluation, ForecastError> {
    let (binned, first, last) = super::forecast::binned_for_backtest(
        points,
        resolution,
        period,
        train_until,
        area_share,
        bbox,
    )?;
    let until = train_until.ordinal;
    let study = Study::new(&binned, until);
    let big_a = study.cells.len();
    let flagged = flagged_count(area_share, big_a);
    let area_ratio = flagged as f64 / big_a as f64;
    let candidates = Candidate::all();
    let needed = Needed::of(&candidates);

    let mut history = History::new(binned.cells.len());
    let mut current = vec![0.0; binned.cells.len()];
    let mut rest = &binned.entries[..];
    // results[c][k]: candidate c at the k-th origin (first + WARM_UP ..= last).
    let origins: Vec<i32> = (first.saturating_add(WARM_UP)..=last).collect();
    let mut results: Vec<Vec<Option<Measured>>> = vec![Vec::new(); candidates.len()];
    let mut in_area_at = Vec::new();
    let mut best_at = Vec::new();
    let mut scores = Vec::with_capacity(big_a);
    let mut order: Vec<u32> = Vec::with_capacity(big_a);
    let mut actual = vec![0.0; big_a];
    let mut before = vec![0.0; big_a];
    for t in first..=last {
        let now = rest.partition_point(|e| e.0 == t);
        let (this_period, later) = rest.split_at(now);
        rest = later;
        current.fill(0.0);
        for &(_, id, weight) in this_period {
            current[id as usize] += weight;
        }
        if t >= first.saturating_add(WARM_UP) {
            for (i, a) in actual.iter_mut().enumerate() {
                *a = study.own(i, &current);
            }
            for (i, b) in before.iter_mut().enumerate() {
                *b = study.own(i, &history.last);
            }
            let in_area: f64 = actual.iter().sum();
            let in_area_before: f64 = before.iter().sum();
            in_area_at.push(in_area);
            if in_area > 0.0 {
                top_cells(&actual, flagged, &mut order);
                let best: f64 = order.iter().map(|&i| actual[i as usize]).sum();
                best_at.push(best);
                let layers = Layers::of(&study, &history, &needed);
                for (c, candidate) in candidates.iter().enumerate() {
                    layers.score(candidate, &mut scores);
                    top_cells(&scores, flagged, &mut order);
                    let hits: f64 = order.iter().map(|&i| actual[i as usize]).sum();
                    let hits_before: f64 = order.iter().map(|&i| before[i as usize]).sum();
                    let hit_rate = hits / in_area;
                    let rri = (hits_before > 0.0 && in_area_before > 0.0)
                        .then(|| (hits / hits_before) / (in_area / in_area_before));
                    results[c].push(Some(Measured {
                        hits,
                        hit_rate,
                        pai: hit_rate / area_ratio,
                        pei: (best > 0.0).then(|| hits / best),
                        rri,
                    }));
                }
            } else {
                best_at.push(0.0);
                for r in &mut results {
                    r.push(None);
                }
            }
        }
        history.advance(&current);
    }

    // The choice: mean PAI over the training origins with points.
    let training_origins: Vec<usize> = origins
        .iter()
        .enumerate()
        .filter(|&(k, &t)| t <= until && in_area_at[k] > 0.0)
        .map(|(k, _)| k)
        .collect();
    if training_origins.len() < MIN_ORIGINS {
        return Err(ForecastError::TooShortToChoose {
            until: train_until,
            first: train_until.with_ordinal(first),
            origins: training_origins.len(),
            needed: MIN_ORIGINS,
            warm_up: WARM_UP as usize,
        });
    }
    let mean_pai = |c: usize| {
        training_origins
            .iter()
            .filter_map(|&k| results[c][k].map(|m| m.pai))
            .sum::<f64>()
            / training_origins.len() as f64
    };
    let mut training: Vec<(usize, f64)> = (0..candidates.len()).map(|c| (c, mean_pai(c))).collect();
    let pick = |filter: &dyn Fn(&Candidate) -> bool| {
        training
            .iter()
            .filter(|(c, _)| filter(&candidates[*c]))
            .fold(None::<(usize, f64)>, |best, &(c, m)| match best {
                Some((_, bm)) if bm >= m => best,
                _ => Some((c, m)),
            })
            .map(|(c, _)| c)
            .unwrap_or(0)
    };
    let best_baseline = pick(&|c| c.baseline().is_some());
    let best_blend = pick(&|c| c.baseline().is_none());
    let kde = pick(&|c| matches!(c, Candidate::Kde { .. }));
    let diffs: Vec<f64> = training_origins
        .iter()
        .filter_map(|&k| Some(results[best_blend][k]?.pai - results[best_baseline][k]?.pai))
        .collect();
    let (ci_low, ci_high) = bootstrap_interval(&diffs, RESAMPLES);
    let mean_difference = diffs.iter().sum::<f64>() / diffs.len().max(1) as f64;
    let clearly_better = ci_low > 1e-12;
    let chosen = if clearly_better {
        best_blend
    } else {
        best_baseline
    };
    let margin = TrainingMargin {
        blend: candidates[best_blend],
        baseline: candidates[best_baseline],
        mean_difference,
        ci_low,
        ci_high,
        clearly_better,
    };
    training.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));

    // The held-out rows.
    let index = |c: Candidate| candidates.iter().position(|x| *x == c).unwrap_or(0);
    let methods: [(&str, usize); 4] = [
        (FORECAST, chosen),
        (BASELINES[0], index(Candidate::LastPeriod)),
        (BASELINES[1], index(Candidate::AllTime)),
        (BASELINES[2], kde),
    ];
    let mut rows = Vec::new();
    let mut empty_periods = Vec::new();
    let held: Vec<usize> = origins
        .iter()
        .enumerate()
        .filter(|&(_, &t)| t > until)
        .map(|(k, _)| k)
        .collect();
    for &k in &held {
        let label = train_until.with_ordinal(origins[k]).to_string();
        if in_area_at[k] <= 0.0 {
            empty_periods.push(label.clone());
        }
        for (method, c) in methods {
            let m = results[c][k];
            rows.push(EvalRow {
                period: label.clone(),
                method: method.to_string(),
                hit_rate: m.map(|m| m.hit_rate),
                pai: m.map(|m| m.pai),
                pei: m.and_then(|m| m.pei),
                rri: m.and_then(|m| m.rri),
                hits: m.map_or(0.0, |m| m.hits),
                in_study_area: in_area_at[k],
                best_hits: best_at[k],
            });
        }
    }
    for (method, _) in methods {
        let mine: Vec<&EvalRow> = rows.iter().filter(|r| r.method == method).collect();
        let mean = |f: fn(&EvalRow) -> Option<f64>| {
            let v: Vec<f64> = mine.iter().filter_map(|r| f(r)).collect();
            (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
        };
        let row = EvalRow {
            period: AVERAGE.to_string(),
            method: method.to_string(),
            hit_rate: mean(|r| r.hit_rate),
            pai: mean(|r| r.pai),
            pei: mean(|r| r.pei),
            rri: mean(|r| r.rri),
            hits: mine.iter().map(|r| r.hits).sum(),
            in_study_area: mine.iter().map(|r| r.in_study_area).sum(),
            best_hits: mine.iter().map(|r| r.best_hits).sum(),
        };
        rows.push(row);
    }

    // The paired comparisons.
    let comparisons = methods[1..]
        .iter()
        .map(|&(baseline, c)| {
            let pairs: Vec<(f64, f64)> = held
                .iter()
                .filter_map(|&k| Some((results[chosen][k]?.pai, results[c][k]?.pai)))
                .collect();
            compare(baseline, &pairs)
        })
        .collect();

    let trained_cells: HashSet<u32> = binned
        .entries
        .iter()
        .take_while(|e| e.0 <= until)
        .map(|e| e.1)
        .collect();
    Ok(Evaluation {
        chosen: candidates[chosen],
        margin,
        kde: candidates[kde],
        training: training
            .into_iter()
            .map(|(c, mean_pai)| TrainingScore {
                candidate: candidates[c],
                mean_pai,
            })
            .collect(),
        training_origins: training_origins.len(),
        rows,
        comparisons,
        study_cells: big_a,
        flagged_cells: flagged,
        empty_periods,
        single_cell: trained_cells.len() == 1
            && study.contains_id.iter().filter(|&&c| c).count() <= 1,
    })
}

/// The paired comparison over `(forecast PAI, baseline PAI)` per period.
fn compare(baseline: &str, pairs: &[(f64, f64)]) -> Comparison {
    let n = pairs.len();
    let mean = |v: &mut dyn Iterator<Item = f64>| -> Option<f64> {
        (n > 0).then(|| v.sum::<f64>() / n as f64)
    };
    let diffs: Vec<f64> = pairs.iter().map(|(f, b)| f - b).collect();
    let mean_difference = mean(&mut diffs.iter().copied());
    let (ci_low, ci_high) = if n >= MIN_COMPARED {
        let (lo, hi) = bootstrap_interval(&diffs, RESAMPLES);
        (Some(lo), Some(hi))
    } else {
        (None, None)
    };
    // Differences within rounding of 0 (the same cells flagged) count as 0.
    let verdict = match (ci_low, ci_high) {
        (Some(lo), _) if lo > 1e-12 => Verdict::Better,
        (_, Some(hi)) if hi < -1e-12 => Verdict::Worse,
        (Some(_), Some(_)) => Verdict::Tie,
        _ => Verdict::TooFew,
    };
    Comparison {
        baseline: baseline.to_string(),
        periods: n,
        mean_difference,
        ci_low,
        ci_high,
        forecast_pai: mean(&mut pairs.iter().map(|p| p.0)),
        baseline_pai: mean(&mut pairs.iter().map(|p| p.1)),
        verdict,
    }
}

/// The 2.5% and 97.5% percentiles of the means of `resamples` resamples of `values` (with
/// replacement), from a fixed seed.
pub fn bootstrap_interval(values: &[f64], resamples: usize) -> (f64, f64) {
    let n = values.len();
    if n == 0 || resamples == 0 {
        return (0.0, 0.0);
    }
    let mut rng = SplitMix64(0x5EED_BEAC_0000_0017);
    let mut means: Vec<f64> = (0..resamples)
        .map(|_| {
            (0..n)
                .map(|_| values[(rng.next() % n as u64) as usize])
                .sum::<f64>()
                / n as f64
        })
        .collect();
    means.sort_by(f64::total_cmp);
    let at = |q: f64| {
        // The percentile by linear interpolation between order statistics (NumPy's default).
        let pos = q * (resamples - 1) as f64;
        let (lo, frac) = (pos.floor() as usize, pos - pos.floor());
        let hi = (lo + 1).min(resamples - 1);
        means[lo] + frac * (means[hi] - means[lo])
    };
    (at(0.025), at(0.975))
}

/// A small, fixed random number generator (Steele, Lea and Flood's SplitMix64), so a bootstrap gives
/// the same interval on every machine and every version.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// The scores of `candidate` for the period after the last with data, over the cells with points and
/// those within reach of them, highest first: the map to show.
///
/// # Errors
///
/// As [`super::forecast::forecast`].
pub fn forecast_next(
    points: &[Point],
    resolution: Resolution,
    period: Period,
    candidate: &Candidate,
) -> Result<(PeriodKey, Vec<(CellIndex, f64)>), ForecastError> {
    let binned = bin(points, resolution, period, None)?;
    let first = binned.entries[0].0;
    let last = binned.entries[binned.entries.len() - 1].0;
    let study = Study::new(&binned, last);
    let mut history = History::new(binned.cells.len());
    let mut current = vec![0.0; binned.cells.len()];
    let mut rest = &binned.entries[..];
    for t in first..=last {
        let now = rest.partition_point(|e| e.0 == t);
        let (this_period, later) = rest.split_at(now);
        rest = later;
        current.fill(0.0);
        for &(_, id, weight) in this_period {
            current[id as usize] += weight;
        }
        history.advance(&current);
    }
    let layers = Layers::of(&study, &history, &Needed::of(&[*candidate]));
    let mut scores = Vec::new();
    layers.score(candidate, &mut scores);
    let mut cells: Vec<(CellIndex, f64)> = study
        .cells
        .iter()
        .zip(scores)
        .filter(|&(_, s)| s > 0.0)
        .map(|(&c, s)| (c, s))
        .collect();
    cells.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    let key = match period {
        Period::Month => PeriodKey::parse("2000-01"),
        Period::Week => PeriodKey::parse("2000-W01"),
    }
    .map_err(|_| ForecastError::NoPoints)?;
    Ok((key.with_ordinal(last).next(), cells))
}

/// A backtest on one's own history and the map it earns: the last `held_out` periods with data are
/// held out, the forecast is chosen on the periods before them and judged on them, and the map shown
/// for the next period is the forecast's when it beat every baseline there, else the best baseline's.
#[derive(Debug, Clone, Serialize)]
pub struct Outlook {
    pub evaluation: Evaluation,
    /// The last training period.
    pub train_until: String,
    /// The period the map is for.
    pub next: String,
    /// [`FORECAST`], or the baseline shown instead.
    pub shown: &'static str,
    pub shown_candidate: Candidate,
    /// The map's cells, highest score first.
    #[serde(skip)]
    pub cells: Vec<(CellIndex, f64)>,
}

/// See [`Outlook`]. Every point needs a date fine enough for `period` (leave the others out first).
///
/// # Errors
///
/// As [`evaluate`]; [`ForecastError::NoPoints`] without points.
pub fn outlook(
    points: &[Point],
    resolution: Resolution,
    period: Period,
    held_out: u32,
    area_share: f64,
) -> Result<Outlook, ForecastError> {
    let last = points
        .iter()
        .filter_map(|p| period.key_of(p.date()?))
        .max()
        .ok_or(ForecastError::NoPoints)?;
    let held = i32::try_from(held_out).unwrap_or(i32::MAX).max(1);
    let until = last.with_ordinal(last.ordinal.saturating_sub(held));
    let evaluation = evaluate(points, resolution, period, until, area_share, None)?;
    let shown = if evaluation.beats_every_baseline() {
        FORECAST
    } else {
        evaluation.best_baseline()
    };
    let shown_candidate = evaluation.candidate(shown);
    let (next, cells) = forecast_next(points, resolution, period, &shown_candidate)?;
    Ok(Outlook {
        evaluation,
        train_until: until.to_string(),
        next: next.to_string(),
        shown,
        shown_candidate,
        cells,
    })
}

/// Writes the held-out rows as CSV: `period,method,hit_rate,pai,pei,rri`, each number to full
/// precision, empty where the measure is not defined.
pub fn write_csv(e: &Evaluation, out: impl std::io::Write) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["period", "method", "hit_rate", "pai", "pei", "rri"])?;
    let number = |v: Option<f64>| v.map(super::hotspots::full_precision).unwrap_or_default();
    for r in &e.rows {
        w.write_record([
            r.period.clone(),
            r.method.clone(),
            number(r.hit_rate),
            number(r.pai),
            number(r.pei),
            number(r.rri),
        ])?;
    }
    w.flush()
}

/// The evaluation in English sentences, for the command line: what was chosen and on what, and
/// whether the forecast beat each baseline on the held-out periods, and by how much.
pub fn summary(e: &Evaluation) -> Vec<String> {
    let mut lines = Vec::new();
    let best = e.training.first().map_or(0.0, |t| t.mean_pai);
    lines.push(format!(
        "forecast: {}, chosen among {} candidates on {} periods of the training window (mean PAI {best:.3}); kde bandwidth: {}",
        e.chosen.describe(),
        e.training.len(),
        e.training_origins,
        e.kde.describe()
    ));
    let m = &e.margin;
    lines.push(format!(
        "best blend on the training window: {}, {} the best baseline ({}) by {:+.3} PAI (95% bootstrap interval {:+.3} to {:+.3}){}",
        m.blend.describe(),
        if m.mean_difference >= 0.0 { "ahead of" } else { "behind" },
        m.baseline.describe(),
        m.mean_difference,
        m.ci_low,
        m.ci_high,
        if m.clearly_better {
            ", clearly, so it is the forecast"
        } else {
            ", not clearly, so the baseline is the forecast"
        }
    ));
    if e.single_cell {
        lines.push(
            "every point of the training window lies in one cell: every method flags it, so there is nothing to choose between"
                .into(),
        );
    }
    if !e.empty_periods.is_empty() {
        lines.push(format!(
            "no points in the study area in {}: no measure is defined there, and those periods are left out of the averages",
            e.empty_periods.join(", ")
        ));
    }
    for c in &e.comparisons {
        let line = match (c.verdict, c.mean_difference, c.ci_low, c.ci_high) {
            (Verdict::TooFew, _, _, _) => format!(
                "against {}: {} held-out periods with points, too few to compare (at least {MIN_COMPARED} needed)",
                c.baseline, c.periods
            ),
            (v, Some(d), Some(lo), Some(hi)) => {
                let word = match v {
                    Verdict::Better => "better",
                    Verdict::Worse => "worse",
                    _ => "a tie",
                };
                format!(
                    "against {}: {word}; PAI {:.3} against {:.3}, mean difference {d:+.3} (95% bootstrap interval {lo:+.3} to {hi:+.3}) over {} held-out periods",
                    c.baseline,
                    c.forecast_pai.unwrap_or(0.0),
                    c.baseline_pai.unwrap_or(0.0),
                    c.periods
                )
            }
            _ => format!("against {}: no comparison", c.baseline),
        };
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use h3o::LatLng;

    use super::*;
    use crate::identify::incidents::date::PartialDate;

    fn centre(resolution: Resolution) -> CellIndex {
        LatLng::new(52.9789, -0.0266).unwrap().to_cell(resolution)
    }

    fn at(cell: CellIndex, year: i32, month: u8, count: usize) -> Vec<Point> {
        let ll = LatLng::from(cell);
        let p = Point::new(ll.lat(), ll.lng())
            .unwrap()
            .with_date(PartialDate::year_month(year, month).unwrap());
        vec![p; count]
    }

    fn key(text: &str) -> PeriodKey {
        text.parse().unwrap()
    }

    fn no_nan(e: &Evaluation) {
        let json = serde_json::to_string(e).unwrap();
        assert!(!json.contains("NaN"), "{json}");
        for r in &e.rows {
            for v in [r.hit_rate, r.pai, r.pei, r.rri].into_iter().flatten() {
                assert!(v.is_finite(), "{r:?}");
            }
        }
    }

    /// A hotspot that moves: cell `a` busy in 2020, cell `b` from 2021-03. Recent counts see the move;
    /// all-time counts keep flagging `a` for months.
    fn moving_hotspot(res: Resolution) -> (Vec<Point>, CellIndex, CellIndex) {
        let x = centre(res);
        let disk = x.grid_disk_distances::<Vec<_>>(4);
        let a = disk.iter().find(|(_, d)| *d == 2).unwrap().0;
        let b = disk.iter().rev().find(|(_, d)| *d == 4).unwrap().0;
        let mut points = Vec::new();
        for m in 1..=12u8 {
            points.extend(at(a, 2020, m, 6));
            points.extend(at(x, 2020, m, 1));
        }
        for m in 1..=12u8 {
            let busy = if m >= 3 { b } else { a };
            points.extend(at(busy, 2021, m, 6));
            points.extend(at(x, 2021, m, 1));
        }
        (points, a, b)
    }

    #[test]
    fn the_choice_is_never_worse_than_a_baseline_on_the_training_window() {
        let res = Resolution::Nine;
        let (points, _, _) = moving_hotspot(res);
        let e = evaluate(&points, res, Period::Month, key("2021-06"), 0.05, None).unwrap();
        no_nan(&e);
        let training = |c: &Candidate| {
            e.training
                .iter()
                .find(|t| t.candidate == *c)
                .unwrap()
                .mean_pai
        };
        let chosen = training(&e.chosen);
        for b in [Candidate::LastPeriod, Candidate::AllTime, e.kde] {
            assert!(chosen >= training(&b), "{chosen} < {b:?}");
        }
        assert!(
            e.training
                .windows(2)
                .all(|w| w[0].mean_pai >= w[1].mean_pai),
            "best first"
        );
        // A blend is the forecast only where it clearly beat the best baseline in training.
        assert_eq!(e.margin.clearly_better, e.chosen.baseline().is_none());
        assert_eq!(e.margin.clearly_better, e.margin.ci_low > 0.0);
        // Origins 2020-04 to 2021-06 inside the training window.
        assert_eq!(e.training_origins, 15);
        // Held out: 2021-07 to 2021-12, four methods each, then four averages.
        assert_eq!(e.rows.len(), 6 * 4 + 4);
        // After the move, all-time still flags the old cell; the forecast follows the new one.
        let avg = |m: &str| e.average(m).unwrap().pai.unwrap();
        assert!(avg(FORECAST) > avg("all-time"), "{e:#?}");
        let vs_all = e.comparison("all-time").unwrap();
        assert_eq!(vs_all.verdict, Verdict::Better, "{vs_all:?}");
        assert_eq!(vs_all.periods, 6);
        // Last period flags the new cell as well: a tie, shown as one.
        let vs_last = e.comparison("last-period").unwrap();
        assert_eq!(vs_last.verdict, Verdict::Tie, "{vs_last:?}");
        assert_eq!(e.best_baseline(), "last-period");
    }

    #[test]
    fn pei_and_rri_follow_their_definitions() {
        let res = Resolution::Nine;
        let (points, _, _) = moving_hotspot(res);
        let e = evaluate(&points, res, Period::Month, key("2021-06"), 0.05, None).unwrap();
        for r in e.rows.iter().filter(|r| r.period != AVERAGE) {
            let (hits, n, best) = (r.hits, r.in_study_area, r.best_hits);
            assert!((r.hit_rate.unwrap() - hits / n).abs() < 1e-12);
            let pai_best = (best / n) / (e.flagged_cells as f64 / e.study_cells as f64);
            assert!((r.pei.unwrap() - r.pai.unwrap() / pai_best).abs() < 1e-12);
            assert!(r.pei.unwrap() <= 1.0 + 1e-12);
        }
        // Flagging the busy cell month after month: its share of the study area's weight holds, so
        // the recapture rate index is 1.
        let r = e
            .rows
            .iter()
            .find(|r| r.period == "2021-08" && r.method == "last-period")
            .unwrap();
        assert!((r.rri.unwrap() - 1.0).abs() < 1e-12, "{r:?}");
    }

    #[test]
    fn the_kernel_spreads_past_counts_over_the_rings() {
        let res = Resolution::Nine;
        let x = centre(res);
        let mut points = Vec::new();
        for m in 1..=4u8 {
            points.extend(at(x, 2021, m, 4));
        }
        let (_, cells) = forecast_next(
            &points,
            res,
            Period::Month,
            &Candidate::Kde { bandwidth: 1 },
        )
        .unwrap();
        let score = |c: CellIndex| cells.iter().find(|(k, _)| *k == c).unwrap().1;
        assert_eq!(score(x), 16.0);
        let neighbour = x
            .grid_disk::<Vec<_>>(1)
            .into_iter()
            .find(|c| *c != x)
            .unwrap();
        // K₁(1) = 1 − (1/2)² = 0.75.
        assert!((score(neighbour) - 12.0).abs() < 1e-12);
        let (next, _) = forecast_next(&points, res, Period::Month, &Candidate::AllTime).unwrap();
        assert_eq!(next.to_string(), "2021-05");
    }

    #[test]
    fn a_short_series_says_how_much_is_needed() {
        let res = Resolution::Nine;
        let x = centre(res);
        let mut points = Vec::new();
        for m in 1..=8u8 {
            points.extend(at(x, 2021, m, 2));
        }
        let err = evaluate(&points, res, Period::Month, key("2021-05"), 0.05, None).unwrap_err();
        assert_eq!(
            err,
            ForecastError::TooShortToChoose {
                until: key("2021-05"),
                first: key("2021-01"),
                origins: 2,
                needed: MIN_ORIGINS,
                warm_up: 3,
            }
        );
        assert!(err.to_string().contains("at least 3"), "{err}");
        // A single event: nothing after the training window, or nothing in it.
        let one = at(x, 2021, 3, 1);
        assert!(matches!(
            evaluate(&one, res, Period::Month, key("2021-05"), 0.05, None),
            Err(ForecastError::NoHeldOutPeriods { .. })
        ));
        assert!(matches!(
            evaluate(&one, res, Period::Month, key("2021-01"), 0.05, None),
            Err(ForecastError::NoTrainingData { .. })
        ));
        // A bounding box around nothing.
        let bbox: BoundingBox = "10,10,11,11".parse().unwrap();
        let err = evaluate(
            &points,
            res,
            Period::Month,
            key("2021-06"),
            0.05,
            Some(bbox),
        )
        .unwrap_err();
        assert!(
            matches!(err, ForecastError::AllOutsideBox { count: 16, .. }),
            "{err}"
        );
    }

    #[test]
    fn one_cell_and_empty_periods_give_no_nan() {
        let res = Resolution::Nine;
        let x = centre(res);
        let mut points = Vec::new();
        for m in [1u8, 2, 3, 4, 5, 6, 7, 9, 11, 12] {
            points.extend(at(x, 2021, m, 3));
        }
        let e = evaluate(&points, res, Period::Month, key("2021-07"), 0.05, None).unwrap();
        no_nan(&e);
        assert!(e.single_cell);
        assert_eq!(e.empty_periods, ["2021-08", "2021-10"]);
        // Every candidate flags the one cell on the training months: a tie, which goes to all-time
        // counts, and kernel density flags it too.
        assert_eq!(e.chosen, Candidate::AllTime);
        for b in ["all-time", "kde"] {
            let c = e.comparison(b).unwrap();
            assert_eq!((c.periods, c.mean_difference), (3, Some(0.0)), "{c:?}");
            assert_eq!(c.verdict, Verdict::Tie, "{c:?}");
        }
        // After an empty month, last period's counts flag nothing in particular (every score 0, so
        // the lowest cells by index) and miss the incidents.
        let c = e.comparison("last-period").unwrap();
        assert!(c.mean_difference.unwrap() > 0.0, "{c:?}");
        let empty = e
            .rows
            .iter()
            .find(|r| r.period == "2021-08" && r.method == FORECAST)
            .unwrap();
        assert_eq!((empty.pai, empty.pei, empty.rri), (None, None, None));
    }

    #[test]
    fn the_outlook_shows_the_forecast_only_where_it_beat_every_baseline() {
        let res = Resolution::Nine;
        let (points, _, b) = moving_hotspot(res);
        let o = outlook(&points, res, Period::Month, 6, 0.05).unwrap();
        assert_eq!(o.train_until, "2021-06");
        assert_eq!(o.next, "2022-01");
        // The forecast ties last period's counts here, so the best baseline is shown.
        assert!(!o.evaluation.beats_every_baseline());
        assert_eq!(o.shown, "last-period");
        assert_eq!(o.shown_candidate, Candidate::LastPeriod);
        assert_eq!(o.cells[0].0, b, "the busy cell first");
        assert!(matches!(
            outlook(&[], res, Period::Month, 6, 0.05),
            Err(ForecastError::NoPoints)
        ));
    }

    #[test]
    fn the_bootstrap_is_fixed_and_brackets_the_mean() {
        let values = [0.5, 1.5, -0.2, 2.0, 0.9, 1.1];
        let (lo, hi) = bootstrap_interval(&values, RESAMPLES);
        assert_eq!(
            (lo, hi),
            bootstrap_interval(&values, RESAMPLES),
            "same seed"
        );
        let mean = values.iter().sum::<f64>() / 6.0;
        assert!(lo < mean && mean < hi, "{lo} {mean} {hi}");
        // The standard error is 0.33; a percentile interval is about ±1.96 of it.
        assert!(hi - lo > 0.9 && hi - lo < 1.6, "{lo} {hi}");
        assert_eq!(bootstrap_interval(&[2.0, 2.0, 2.0], 100), (2.0, 2.0));
    }
}
