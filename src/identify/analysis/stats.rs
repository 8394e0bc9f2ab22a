//! Local hotspot statistics: Getis–Ord Gi*, normal p-values, Benjamini–Hochberg FDR
//! q-values, hotspot classes and the Mann–Kendall trend test.
//!
//! # Getis–Ord Gi*
//!
//! For `n` values `x` and binary weights `w_ij` (1 when `j` is in cell `i`'s neighbour list,
//! which for Gi* includes `i` itself), with `W_i = Σ_j w_ij` and
//!
//! ```text
//! x̄ = Σ x_j / n          s² = Σ x_j² / n − x̄²   (population variance, divisor n)
//! ```
//!
//! the standardised statistic is (Ord & Getis 1995, eq. 9 with binary weights, where
//! `Σ_j w_ij² = W_i`):
//!
//! ```text
//! z_i = (Σ_j w_ij x_j − x̄ W_i) / ( s · sqrt( W_i (n − W_i) / (n − 1) ) )
//! ```
//!
//! This is exactly what PySAL's `esda.G_Local(y, w, transform='B', star=True)` returns as `Zs`
//! (esda 2.9.0, `G_Local.calc`): with `star=True` esda keeps the self-weight (it fills the
//! diagonal with 1 when the weights have none), uses `N = n`, `G_i = Σ_j w_ij y_j / Σ y`,
//! `E[G_i] = W_i / n` and `V[G_i] = W_i (n − W_i) / (n − 1) / n² · s² / ȳ²` with the same
//! divisor-`n` variance, and `Zs = (G_i − E[G_i]) / sqrt(V[G_i])`; dividing numerator and
//! denominator by `Σ y = n ȳ` gives the form above. The golden test in this module checks
//! every z against esda to 1e-9.
//!
//! The form used here does not divide by the mean, so it stays defined when `Σ y ≤ 0` (where
//! esda divides by zero, or flips the sign of every z when the mean is negative); for the
//! non-negative counts Beacon aggregates the two agree. Degenerate inputs (fewer than two
//! values, all values equal, or a neighbourhood that is empty or covers every cell) give
//! `z = 0` rather than NaN.
//!
//! # p-values
//!
//! Two-sided p-values come from the standard normal, `p = erfc(|z| / √2)`, with [`erfc`]
//! implemented from W. J. Cody's rational Chebyshev approximations (Math. Comp. 23 (1969)
//! 631–637; the SPECFUN `CALERF` routine), accurate to about 1e-15 relative over the range
//! where a p-value is representable. esda's `p_norm` is the one-sided `sf(|z|)`, half of this.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why [`try_gi_star`] rejected its input.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum GiStarError {
    /// `neighbours` does not have one list per value.
    LengthMismatch {
        /// Number of values.
        values: usize,
        /// Number of neighbour lists.
        neighbours: usize,
    },
    /// A neighbour list names a position outside `values`.
    NeighbourOutOfRange {
        /// The cell whose list is wrong.
        cell: usize,
        /// The out-of-range position it lists.
        neighbour: u32,
    },
    /// A value is NaN or infinite.
    NonFiniteValue {
        /// Position of the value.
        index: usize,
    },
}

impl fmt::Display for GiStarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::LengthMismatch { values, neighbours } => write!(
                f,
                "{values} values but {neighbours} neighbour lists; there must be one list per value"
            ),
            Self::NeighbourOutOfRange { cell, neighbour } => write!(
                f,
                "cell {cell} lists neighbour {neighbour}, which is not a valid position"
            ),
            Self::NonFiniteValue { index } => write!(f, "value {index} is not finite"),
        }
    }
}

impl std::error::Error for GiStarError {}

/// Sum with Neumaier's compensation, so that means and variances of large study areas do not
/// drift with the summation order.
fn compensated_sum(values: impl Iterator<Item = f64>) -> f64 {
    let mut sum = 0.0_f64;
    let mut compensation = 0.0_f64;
    for value in values {
        let t = sum + value;
        if sum.abs() >= value.abs() {
            compensation += (sum - t) + value;
        } else {
            compensation += (value - t) + sum;
        }
        sum = t;
    }
    sum + compensation
}

/// Getis–Ord Gi* z-scores with binary weights (see the [module documentation](self) for the
/// formula and its equivalence with esda).
///
/// `neighbours[i]` lists the positions of cell `i`'s neighbours and must include `i` itself
/// for Gi* (as [`super::cells::kring_neighbours`] does); each listed position has weight 1, so
/// lists should not repeat a position. The result has one z-score per value.
///
/// This function never panics and never returns NaN. Inputs that [`try_gi_star`] would reject
/// are handled leniently: positions `≥ values.len()` are skipped, a cell without a list (when
/// `neighbours` is shorter than `values`) gets `z = 0`, extra lists are ignored, and if any
/// value is not finite no mean or variance exists, so every z is 0. Degenerate inputs (fewer
/// than two values, all values equal, an empty neighbourhood, or one covering every cell) give
/// `z = 0`.
#[must_use]
pub fn gi_star(values: &[f64], neighbours: &[Vec<u32>]) -> Vec<f64> {
    let n = values.len();
    let mut z = vec![0.0; n];
    if n < 2 || values.iter().any(|v| !v.is_finite()) {
        return z;
    }
    let nf = n as f64;
    let mean = compensated_sum(values.iter().copied()) / nf;
    // Two-pass population variance (divisor n), as in esda's E[x²] − E[x]² but without the
    // cancellation.
    let variance = compensated_sum(values.iter().map(|v| (v - mean) * (v - mean))) / nf;
    let sd = variance.sqrt();
    if !(sd.is_finite() && sd > 0.0) {
        return z;
    }
    for (zi, list) in z.iter_mut().zip(neighbours) {
        let mut local = 0.0;
        let mut weight = 0usize;
        for &j in list {
            if let Some(&v) = values.get(j as usize) {
                local += v;
                weight += 1;
            }
        }
        let w = weight as f64;
        let spread = sd * (w * (nf - w) / (nf - 1.0)).sqrt();
        if spread.is_finite() && spread > 0.0 {
            let score = (local - mean * w) / spread;
            if score.is_finite() {
                *zi = score;
            }
        }
    }
    z
}

/// Strict variant of [`gi_star`]: checks the input first.
///
/// # Errors
///
/// [`GiStarError::LengthMismatch`] unless there is exactly one neighbour list per value,
/// [`GiStarError::NeighbourOutOfRange`] for a listed position `≥ values.len()`, and
/// [`GiStarError::NonFiniteValue`] for a NaN or infinite value.
pub fn try_gi_star(values: &[f64], neighbours: &[Vec<u32>]) -> Result<Vec<f64>, GiStarError> {
    if values.len() != neighbours.len() {
        return Err(GiStarError::LengthMismatch {
            values: values.len(),
            neighbours: neighbours.len(),
        });
    }
    if let Some(index) = values.iter().position(|v| !v.is_finite()) {
        return Err(GiStarError::NonFiniteValue { index });
    }
    for (cell, list) in neighbours.iter().enumerate() {
        if let Some(&neighbour) = list.iter().find(|&&j| j as usize >= values.len()) {
            return Err(GiStarError::NeighbourOutOfRange { cell, neighbour });
        }
    }
    Ok(gi_star(values, neighbours))
}

/// W. J. Cody's (1969) SPECFUN `CALERF` coefficients, in double precision as published (more
/// digits than an f64 holds; the compiler rounds them to the nearest f64, and keeping the
/// authoritative digits makes them checkable against the source).
#[allow(clippy::excessive_precision)]
mod cody {
    /// erf(x) = x · A(x²)/B(x²) on |x| ≤ 0.46875.
    pub(super) const CODY_A: [f64; 5] = [
        3.161_123_743_870_565_60e0,
        1.138_641_541_510_501_56e2,
        3.774_852_376_853_020_21e2,
        3.209_377_589_138_469_47e3,
        1.857_777_061_846_031_53e-1,
    ];
    pub(super) const CODY_B: [f64; 4] = [
        2.360_129_095_234_412_09e1,
        2.440_246_379_344_441_73e2,
        1.282_616_526_077_372_28e3,
        2.844_236_833_439_170_62e3,
    ];
    /// erfc(x) = exp(−x²) · C(x)/D(x) on 0.46875 < x ≤ 4.
    pub(super) const CODY_C: [f64; 9] = [
        5.641_884_969_886_700_89e-1,
        8.883_149_794_388_375_94e0,
        6.611_919_063_714_162_95e1,
        2.986_351_381_974_001_31e2,
        8.819_522_212_417_690_90e2,
        1.712_047_612_634_070_58e3,
        2.051_078_377_826_071_47e3,
        1.230_339_354_797_997_25e3,
        2.153_115_354_744_038_46e-8,
    ];
    pub(super) const CODY_D: [f64; 8] = [
        1.574_492_611_070_983_47e1,
        1.176_939_508_913_124_99e2,
        5.371_811_018_620_098_58e2,
        1.621_389_574_566_690_19e3,
        3.290_799_235_733_459_63e3,
        4.362_619_090_143_247_16e3,
        3.439_367_674_143_721_64e3,
        1.230_339_354_803_749_42e3,
    ];
    /// erfc(x) = exp(−x²)/x · (1/√π − P(1/x²)/(x² Q(1/x²))) on x > 4.
    pub(super) const CODY_P: [f64; 6] = [
        3.053_266_349_612_323_44e-1,
        3.603_448_999_498_044_39e-1,
        1.257_817_261_112_292_46e-1,
        1.608_378_514_874_227_66e-2,
        6.587_491_615_298_378_03e-4,
        1.631_538_713_730_209_78e-2,
    ];
    pub(super) const CODY_Q: [f64; 5] = [
        2.568_520_192_289_822_42e0,
        1.872_952_849_923_460_47e0,
        5.279_051_029_514_284_12e-1,
        6.051_834_131_244_131_91e-2,
        2.335_204_976_268_691_85e-3,
    ];
    /// 1/√π.
    pub(super) const FRAC_1_SQRT_PI: f64 = 0.564_189_583_547_756_286_948_079_451_560_77;
    /// Below this |x|, erf(x) = 2x/√π to working precision (x² is dropped).
    pub(super) const ERF_X_SMALL: f64 = 1.11e-16;
    /// Above this x, erfc(x) underflows to 0 in double precision.
    pub(super) const ERFC_X_BIG: f64 = 26.543;
}

use cody::{
    CODY_A, CODY_B, CODY_C, CODY_D, CODY_P, CODY_Q, ERF_X_SMALL, ERFC_X_BIG, FRAC_1_SQRT_PI,
};

/// exp(−y²), computed as exp(−t²)·exp(−(y−t)(y+t)) with `t = trunc(16y)/16` so that the
/// rounding error of y² does not get amplified (Cody's device).
fn exp_minus_square(y: f64) -> f64 {
    let t = (y * 16.0).trunc() / 16.0;
    let del = (y - t) * (y + t);
    (-t * t).exp() * (-del).exp()
}

/// exp(−z²/2) with the same device applied to `z` itself, so that no rounded `z/√2` enters
/// the exponent.
fn exp_minus_half_square(z: f64) -> f64 {
    let t = (z * 16.0).trunc() / 16.0;
    let del = (z - t) * (z + t);
    (-0.5 * (t * t)).exp() * (-0.5 * del).exp()
}

/// erfc(y)·exp(y²) for 0.46875 < y < 26.543 (Cody's second and third intervals).
fn erfc_scaled(y: f64) -> f64 {
    if y <= 4.0 {
        let mut num = CODY_C[8] * y;
        let mut den = y;
        for i in 0..7 {
            num = (num + CODY_C[i]) * y;
            den = (den + CODY_D[i]) * y;
        }
        (num + CODY_C[7]) / (den + CODY_D[7])
    } else {
        let ysq = 1.0 / (y * y);
        let mut num = CODY_P[5] * ysq;
        let mut den = ysq;
        for i in 0..4 {
            num = (num + CODY_P[i]) * ysq;
            den = (den + CODY_Q[i]) * ysq;
        }
        let ratio = ysq * (num + CODY_P[4]) / (den + CODY_Q[4]);
        (FRAC_1_SQRT_PI - ratio) / y
    }
}

/// erf(x) for |x| ≤ 0.46875 (Cody's first interval).
fn erf_small(x: f64) -> f64 {
    let ysq = if x.abs() > ERF_X_SMALL { x * x } else { 0.0 };
    let mut num = CODY_A[4] * ysq;
    let mut den = ysq;
    for i in 0..3 {
        num = (num + CODY_A[i]) * ysq;
        den = (den + CODY_B[i]) * ysq;
    }
    x * (num + CODY_A[3]) / (den + CODY_B[3])
}

/// The complementary error function, `erfc(x) = 1 − erf(x)`, by W. J. Cody's rational
/// Chebyshev approximations (relative error about 1e-15 where the result is a normal f64).
///
/// Returns NaN for NaN, 2 for −∞ and 0 for +∞.
#[must_use]
pub fn erfc(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    let y = x.abs();
    if y <= 0.46875 {
        return 1.0 - erf_small(x);
    }
    let tail = if y < ERFC_X_BIG {
        erfc_scaled(y) * exp_minus_square(y)
    } else {
        0.0
    };
    if x < 0.0 { 2.0 - tail } else { tail }
}

/// erfc(z/√2), the two-sided normal tail of `z` for z ≥ 0, computed so that the rounding of
/// z/√2 only touches the rational factor (relative error about 1e-15 even at z = 37, where a
/// plain `erfc(z / √2)` loses two digits to the exponent).
fn erfc_z_over_sqrt2(z: f64) -> f64 {
    if z.is_nan() {
        return f64::NAN;
    }
    let y = z.abs() * std::f64::consts::FRAC_1_SQRT_2;
    if y <= 0.46875 {
        return 1.0 - erf_small(z * std::f64::consts::FRAC_1_SQRT_2);
    }
    let tail = if y < ERFC_X_BIG {
        erfc_scaled(y) * exp_minus_half_square(z.abs())
    } else {
        0.0
    };
    if z < 0.0 { 2.0 - tail } else { tail }
}

/// Standard normal cumulative distribution function, `Φ(x) = erfc(−x/√2)/2`.
#[must_use]
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * erfc_z_over_sqrt2(-x)
}

/// Standard normal survival function, `1 − Φ(x) = erfc(x/√2)/2`, accurate in the far tail
/// (no `1 − Φ` cancellation). esda's one-sided `p_norm` is `normal_sf(|z|)`.
#[must_use]
pub fn normal_sf(x: f64) -> f64 {
    0.5 * erfc_z_over_sqrt2(x)
}

/// Two-sided p-value of a standard normal score: `P(|Z| ≥ |z|) = erfc(|z|/√2)`.
///
/// A NaN score gives 1 (no evidence).
#[must_use]
pub fn p_two_sided(z: f64) -> f64 {
    if z.is_nan() {
        return 1.0;
    }
    erfc_z_over_sqrt2(z.abs()).min(1.0)
}

/// Two-sided p-values of z-scores (see [`p_two_sided`]).
#[must_use]
pub fn p_values(z: &[f64]) -> Vec<f64> {
    z.iter().map(|&z| p_two_sided(z)).collect()
}

/// Benjamini–Hochberg step-up adjusted p-values (q-values) controlling the false discovery
/// rate.
///
/// With the `m` p-values sorted ascending, `p_(1) ≤ … ≤ p_(m)`,
/// `q_(i) = min_{k ≥ i} min(1, m · p_(k) / k)`, returned in the input order. The result is
/// monotone in `p` (ties get equal q-values), never below the p-value, and capped at 1; it
/// matches R's `p.adjust(p, "BH")` and SciPy's `false_discovery_control(p)`. A cell is
/// significant at FDR level α when `q < α`.
///
/// NaN p-values are treated as 1 and other values are clamped into [0, 1].
#[must_use]
pub fn benjamini_hochberg(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let clean = |v: f64| if v.is_nan() { 1.0 } else { v.clamp(0.0, 1.0) };
    let mut sorted: Vec<(f64, usize)> = p.iter().map(|&v| clean(v)).zip(0..).collect();
    sorted.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    let mut q = vec![1.0; m];
    let mut running = 1.0_f64;
    let mf = m as f64;
    for (rank, &(value, index)) in sorted.iter().enumerate().rev() {
        running = running.min(value * mf / (rank + 1) as f64);
        q[index] = running;
    }
    q
}

/// Hotspot class of one cell, from its Gi* z-score and its FDR q-value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HotspotClass {
    /// z > 0 and q < 0.01.
    #[serde(rename = "hot-99")]
    Hot99,
    /// z > 0 and 0.01 ≤ q < 0.05.
    #[serde(rename = "hot-95")]
    Hot95,
    /// z > 0 and 0.05 ≤ q < 0.10.
    #[serde(rename = "hot-90")]
    Hot90,
    /// z < 0 and q < 0.01.
    #[serde(rename = "cold-99")]
    Cold99,
    /// z < 0 and 0.01 ≤ q < 0.05.
    #[serde(rename = "cold-95")]
    Cold95,
    /// z < 0 and 0.05 ≤ q < 0.10.
    #[serde(rename = "cold-90")]
    Cold90,
    /// q ≥ 0.10, z = 0, or either is NaN.
    #[serde(rename = "none")]
    None,
}

impl HotspotClass {
    /// Classifies a cell by the sign of `z` and its q-value (thresholds 0.01, 0.05, 0.10).
    #[must_use]
    pub fn from_z_q(z: f64, q: f64) -> Self {
        let level = if q < 0.01 {
            0
        } else if q < 0.05 {
            1
        } else if q < 0.10 {
            2
        } else {
            return Self::None;
        };
        if z > 0.0 {
            [Self::Hot99, Self::Hot95, Self::Hot90][level]
        } else if z < 0.0 {
            [Self::Cold99, Self::Cold95, Self::Cold90][level]
        } else {
            Self::None
        }
    }

    /// The stable name used in reports and APIs: `hot-99`, `hot-95`, `hot-90`, `cold-99`,
    /// `cold-95`, `cold-90` or `none`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hot99 => "hot-99",
            Self::Hot95 => "hot-95",
            Self::Hot90 => "hot-90",
            Self::Cold99 => "cold-99",
            Self::Cold95 => "cold-95",
            Self::Cold90 => "cold-90",
            Self::None => "none",
        }
    }

    /// Whether this is one of the hot classes.
    #[must_use]
    pub fn is_hot(self) -> bool {
        matches!(self, Self::Hot99 | Self::Hot95 | Self::Hot90)
    }

    /// Whether this is one of the cold classes.
    #[must_use]
    pub fn is_cold(self) -> bool {
        matches!(self, Self::Cold99 | Self::Cold95 | Self::Cold90)
    }
}

impl fmt::Display for HotspotClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Classifies every cell (see [`HotspotClass::from_z_q`]); the result is as long as the
/// shorter input.
#[must_use]
pub fn classify(z: &[f64], q: &[f64]) -> Vec<HotspotClass> {
    z.iter()
        .zip(q)
        .map(|(&z, &q)| HotspotClass::from_z_q(z, q))
        .collect()
}

/// Gi* z-scores, two-sided p-values, BH q-values and classes for one set of values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HotspotAnalysis {
    /// Gi* z-score per cell.
    pub z: Vec<f64>,
    /// Two-sided normal p-value per cell.
    pub p: Vec<f64>,
    /// Benjamini–Hochberg q-value per cell (over all the cells).
    pub q: Vec<f64>,
    /// Class per cell from `z` and `q`.
    pub class: Vec<HotspotClass>,
}

/// Runs [`gi_star`], [`p_values`], [`benjamini_hochberg`] and [`classify`] in one go.
#[must_use]
pub fn hotspots(values: &[f64], neighbours: &[Vec<u32>]) -> HotspotAnalysis {
    let z = gi_star(values, neighbours);
    let p = p_values(&z);
    let q = benjamini_hochberg(&p);
    let class = classify(&z, &q);
    HotspotAnalysis { z, p, q, class }
}

/// Direction of a monotonic trend.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Trend {
    /// Significant upward trend (p < α and z > 0).
    Increasing,
    /// Significant downward trend (p < α and z < 0).
    Decreasing,
    /// No significant trend.
    NoTrend,
}

impl Trend {
    /// `increasing`, `decreasing` or `no-trend`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Increasing => "increasing",
            Self::Decreasing => "decreasing",
            Self::NoTrend => "no-trend",
        }
    }
}

/// Result of [`mann_kendall`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MannKendall {
    /// Number of (non-NaN) observations used.
    pub n: usize,
    /// Kendall's S: Σ_{i<j} sign(x_j − x_i).
    pub s: i64,
    /// Variance of S under the null hypothesis, with the tie correction.
    pub variance: f64,
    /// Normal score with continuity correction.
    pub z: f64,
    /// Two-sided p-value from the standard normal.
    pub p: f64,
    /// Kendall's tau-a, S / (n(n−1)/2), in [−1, 1] (0 when n < 2).
    pub tau: f64,
    /// Direction at the significance level `alpha` given to [`mann_kendall`].
    pub trend: Trend,
}

/// The Mann–Kendall test for a monotonic trend in a series ordered in time.
///
/// Formulas (Mann 1945; Kendall 1975, *Rank Correlation Methods*; as used by Hipel & McLeod
/// 1994 and by the `pymannkendall` package's `original_test`, against which it is tested):
///
/// ```text
/// S      = Σ_{i<j} sign(x_j − x_i)
/// Var(S) = [ n(n−1)(2n+5) − Σ_g t_g(t_g−1)(2t_g+5) ] / 18     (t_g = size of tie group g)
/// z      = (S − 1)/√Var(S) if S > 0,  0 if S = 0,  (S + 1)/√Var(S) if S < 0
/// p      = 2 (1 − Φ(|z|))                                      (two-sided)
/// ```
///
/// The trend is [`Trend::Increasing`] (or [`Trend::Decreasing`]) when `p < alpha` and `z > 0`
/// (`z < 0`). NaN entries are skipped as missing observations; infinities compare as usual.
/// With fewer than two observations, or a zero variance (all values tied), `z = 0` and `p = 1`.
#[must_use]
pub fn mann_kendall(series: &[f64], alpha: f64) -> MannKendall {
    let x: Vec<f64> = series.iter().copied().filter(|v| !v.is_nan()).collect();
    let n = x.len();
    let mut s: i64 = 0;
    for (i, &a) in x.iter().enumerate() {
        for &b in &x[i + 1..] {
            s += i64::from(b > a) - i64::from(b < a);
        }
    }
    let mut sorted = x.clone();
    sorted.sort_unstable_by(f64::total_cmp);
    let mut tie_term = 0.0;
    let mut start = 0;
    while start < n {
        let mut end = start + 1;
        while end < n && sorted[end] == sorted[start] {
            end += 1;
        }
        let t = (end - start) as f64;
        tie_term += t * (t - 1.0) * (2.0 * t + 5.0);
        start = end;
    }
    let nf = n as f64;
    let variance = ((nf * (nf - 1.0) * (2.0 * nf + 5.0) - tie_term) / 18.0).max(0.0);
    let sf = s as f64;
    let z = if variance > 0.0 {
        match s.signum() {
            1 => (sf - 1.0) / variance.sqrt(),
            -1 => (sf + 1.0) / variance.sqrt(),
            _ => 0.0,
        }
    } else {
        0.0
    };
    let p = p_two_sided(z);
    let pairs = nf * (nf - 1.0) / 2.0;
    let tau = if pairs > 0.0 { sf / pairs } else { 0.0 };
    let trend = if p < alpha && z > 0.0 {
        Trend::Increasing
    } else if p < alpha && z < 0.0 {
        Trend::Decreasing
    } else {
        Trend::NoTrend
    };
    MannKendall {
        n,
        s,
        variance,
        z,
        p,
        tau,
        trend,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// esda golden vectors written by `scripts/esda_vectors.py`.
    const ESDA_GI_STAR: &str = include_str!("../../../tests/data/esda_gi_star.json");
    /// Reference values (mpmath, SciPy, pymannkendall) written by the same script.
    const STATS_REFERENCE: &str = include_str!("../../../tests/data/stats_reference.json");

    fn floats(value: &Value) -> Vec<f64> {
        value
            .as_array()
            .expect("array")
            .iter()
            .map(|v| v.as_f64().expect("number"))
            .collect()
    }

    fn lists(value: &Value) -> Vec<Vec<u32>> {
        value
            .as_array()
            .expect("array of lists")
            .iter()
            .map(|list| {
                list.as_array()
                    .expect("list")
                    .iter()
                    .map(|j| u32::try_from(j.as_u64().expect("index")).expect("small index"))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn gi_star_matches_esda() {
        let data: Value = serde_json::from_str(ESDA_GI_STAR).expect("valid JSON");
        assert!(data["esda_version"].is_string());
        assert!(data["libpysal_version"].is_string());
        let cases = data["cases"].as_array().expect("cases");
        assert!(cases.len() >= 4);
        let mut worst = 0.0_f64;
        for case in cases {
            let name = case["name"].as_str().expect("name");
            let y = floats(&case["y"]);
            let neighbours = lists(&case["neighbours"]);
            let expected_z = floats(&case["z"]);
            let expected_p_norm = floats(&case["p_norm"]);
            let z = try_gi_star(&y, &neighbours).expect("valid case");
            assert_eq!(z.len(), expected_z.len(), "{name}");
            for (i, (&ours, &theirs)) in z.iter().zip(&expected_z).enumerate() {
                let delta = (ours - theirs).abs();
                worst = worst.max(delta);
                assert!(
                    delta <= 1e-9,
                    "{name} cell {i}: rust {ours} vs esda {theirs}"
                );
                // esda's p_norm is one-sided: sf(|z|).
                let p = p_two_sided(ours);
                let esda_p = 2.0 * expected_p_norm[i];
                assert!(
                    (p - esda_p).abs() <= 1e-12 + 1e-9 * esda_p,
                    "{name} cell {i}: p {p} vs 2*p_norm {esda_p}"
                );
            }
        }
        // Printed for the record (cargo test -- --nocapture).
        println!("largest |z_rust - z_esda| = {worst:e}");
    }

    #[test]
    fn esda_docstring_example_is_reproduced() {
        // esda/getisord.py docstring: G_Local(y, w, transform='B', star=True).Zs with
        // w = DistanceBand(points, threshold=15).
        let y = [2.0, 3.0, 3.2, 5.0, 8.0, 7.0];
        let neighbours = vec![
            vec![0, 1, 3],
            vec![0, 1, 3, 4],
            vec![2, 4],
            vec![0, 1, 3, 4],
            vec![1, 2, 3, 4, 5],
            vec![4, 5],
        ];
        let expected = [
            -1.397_276_26,
            -0.289_177_62,
            0.650_649_64,
            -0.289_177_62,
            1.234_520_88,
            2.024_243_31,
        ];
        for (z, e) in gi_star(&y, &neighbours).iter().zip(expected) {
            assert!((z - e).abs() < 1e-8, "{z} vs {e}");
        }
    }

    #[test]
    fn degenerate_inputs_give_zero_and_p_one() {
        let one = vec![vec![0]];
        assert_eq!(gi_star(&[5.0], &one), vec![0.0]);
        assert!(gi_star(&[], &[]).is_empty());
        let flat = [3.0; 4];
        let all = vec![vec![0, 1], vec![0, 1, 2], vec![1, 2, 3], vec![2, 3]];
        let z = gi_star(&flat, &all);
        assert_eq!(z, vec![0.0; 4]);
        assert_eq!(p_values(&z), vec![1.0; 4]);
        // A neighbourhood covering every cell has no variance: z = 0, not NaN.
        let everything = vec![vec![0, 1, 2], vec![1], vec![]];
        let z = gi_star(&[1.0, 2.0, 4.0], &everything);
        assert_eq!(z[0], 0.0);
        assert_eq!(z[2], 0.0, "empty neighbourhood");
        assert!(z[1].is_finite() && z[1] != 0.0);
        // Lenient handling of bad input.
        let z = gi_star(&[1.0, f64::NAN, 3.0], &all);
        assert_eq!(z, vec![0.0; 3]);
        let z = gi_star(&[1.0, 2.0, 9.0], &[vec![0, 7], vec![1, 2]]);
        assert_eq!(z.len(), 3);
        assert_eq!(z[2], 0.0, "missing list");
        assert_eq!(z[0], gi_star(&[1.0, 2.0, 9.0], &[vec![0]])[0]);
        assert!(z.iter().all(|v| v.is_finite()));
    }

    #[test]
    fn try_gi_star_reports_bad_input() {
        assert_eq!(
            try_gi_star(&[1.0, 2.0], &[vec![0]]),
            Err(GiStarError::LengthMismatch {
                values: 2,
                neighbours: 1
            })
        );
        assert_eq!(
            try_gi_star(&[1.0, 2.0], &[vec![0], vec![1, 2]]),
            Err(GiStarError::NeighbourOutOfRange {
                cell: 1,
                neighbour: 2
            })
        );
        assert_eq!(
            try_gi_star(&[1.0, f64::INFINITY], &[vec![0], vec![1]]),
            Err(GiStarError::NonFiniteValue { index: 1 })
        );
        assert!(
            GiStarError::NonFiniteValue { index: 1 }
                .to_string()
                .contains("value 1")
        );
    }

    #[test]
    fn negative_and_zero_mean_values_stay_finite() {
        // esda divides by the mean; the Ord & Getis form does not.
        let neighbours = vec![vec![0, 1], vec![0, 1, 2], vec![1, 2, 3], vec![2, 3]];
        let z = gi_star(&[-1.0, -2.0, 1.0, 2.0], &neighbours);
        assert!(z.iter().all(|v| v.is_finite()));
        // Shifting the values does not change z (the statistic is location invariant).
        let shifted = gi_star(&[9.0, 8.0, 11.0, 12.0], &neighbours);
        for (a, b) in z.iter().zip(&shifted) {
            assert!((a - b).abs() < 1e-12);
        }
    }

    fn relative_error(ours: f64, exact: f64) -> f64 {
        if exact == 0.0 {
            ours.abs()
        } else {
            ((ours - exact) / exact).abs()
        }
    }

    #[test]
    fn normal_tail_matches_mpmath() {
        let data: Value = serde_json::from_str(STATS_REFERENCE).expect("valid JSON");
        let mut worst = 0.0_f64;
        for row in data["erfc"].as_array().expect("erfc rows") {
            let x = row[0].as_f64().expect("x");
            let exact = row[1].as_f64().expect("erfc(x)");
            let error = relative_error(erfc(x), exact);
            worst = worst.max(error);
            assert!(error < 1e-14, "erfc({x}) = {} vs {exact}", erfc(x));
        }
        for row in data["p_two_sided"].as_array().expect("p rows") {
            let z = row[0].as_f64().expect("z");
            let exact = row[1].as_f64().expect("p");
            let error = relative_error(p_two_sided(z), exact);
            worst = worst.max(error);
            assert!(error < 1e-14, "p({z}) = {} vs {exact}", p_two_sided(z));
            assert_eq!(p_two_sided(-z), p_two_sided(z));
            let sf = normal_sf(z.abs());
            assert!(relative_error(sf, exact / 2.0) < 1e-14, "sf({z})");
            assert!(
                relative_error(normal_cdf(-z.abs()), exact / 2.0) < 1e-14,
                "cdf({z})"
            );
        }
        println!("largest relative error of erfc / p = {worst:e}");
        assert_eq!(erfc(f64::INFINITY), 0.0);
        assert_eq!(erfc(f64::NEG_INFINITY), 2.0);
        assert!(erfc(f64::NAN).is_nan());
        assert_eq!(p_two_sided(f64::NAN), 1.0);
        assert_eq!(p_two_sided(0.0), 1.0);
        assert_eq!(normal_cdf(0.0), 0.5);
    }

    #[test]
    fn benjamini_hochberg_matches_scipy() {
        let data: Value = serde_json::from_str(STATS_REFERENCE).expect("valid JSON");
        for case in data["bh"].as_array().expect("bh cases") {
            let p = floats(&case["p"]);
            let expected = floats(&case["q"]);
            let q = benjamini_hochberg(&p);
            for (ours, theirs) in q.iter().zip(&expected) {
                assert!(
                    (ours - theirs).abs() <= 1e-15 * theirs.max(1.0),
                    "{ours} vs {theirs}"
                );
            }
        }
    }

    #[test]
    fn benjamini_hochberg_properties() {
        assert!(benjamini_hochberg(&[]).is_empty());
        let p = [0.01, 0.04, 0.03, 0.005, 0.5, 0.04];
        let q = benjamini_hochberg(&p);
        // Hand-computed: sorted 0.005, 0.01, 0.03, 0.04, 0.04, 0.5 (m = 6).
        let expected = [0.03, 0.048, 0.048, 0.03, 0.5, 0.048];
        for (a, b) in q.iter().zip(expected) {
            assert!((a - b).abs() < 1e-15, "{q:?}");
        }
        for (i, &pi) in p.iter().enumerate() {
            assert!(q[i] >= pi && q[i] <= 1.0);
            for (j, &pj) in p.iter().enumerate() {
                if pi <= pj {
                    assert!(q[i] <= q[j]);
                }
            }
        }
        let q = benjamini_hochberg(&[0.9, f64::NAN, 1.5, -0.1]);
        assert_eq!(q, vec![1.0, 1.0, 1.0, 0.0]);
    }

    #[test]
    fn classes_follow_q_and_sign() {
        let cases = [
            (2.0, 0.009, HotspotClass::Hot99, "hot-99"),
            (2.0, 0.01, HotspotClass::Hot95, "hot-95"),
            (2.0, 0.0499, HotspotClass::Hot95, "hot-95"),
            (2.0, 0.05, HotspotClass::Hot90, "hot-90"),
            (2.0, 0.0999, HotspotClass::Hot90, "hot-90"),
            (2.0, 0.10, HotspotClass::None, "none"),
            (-2.0, 0.001, HotspotClass::Cold99, "cold-99"),
            (-2.0, 0.02, HotspotClass::Cold95, "cold-95"),
            (-2.0, 0.07, HotspotClass::Cold90, "cold-90"),
            (0.0, 0.0, HotspotClass::None, "none"),
            (f64::NAN, 0.0, HotspotClass::None, "none"),
            (2.0, f64::NAN, HotspotClass::None, "none"),
        ];
        for (z, q, class, name) in cases {
            assert_eq!(HotspotClass::from_z_q(z, q), class, "z {z} q {q}");
            assert_eq!(class.as_str(), name);
            assert_eq!(class.to_string(), name);
            assert_eq!(
                serde_json::to_string(&class).expect("serialises"),
                format!("\"{name}\"")
            );
        }
        assert!(HotspotClass::Hot90.is_hot() && !HotspotClass::Hot90.is_cold());
        assert!(HotspotClass::Cold99.is_cold() && !HotspotClass::None.is_hot());
        assert_eq!(
            classify(&[3.0, -3.0], &[0.001, 0.2]),
            vec![HotspotClass::Hot99, HotspotClass::None]
        );
    }

    #[test]
    fn hotspots_pipeline_is_consistent() {
        let y = [0.0, 0.0, 1.0, 9.0, 10.0, 8.0, 0.0, 1.0];
        let neighbours: Vec<Vec<u32>> = (0..8u32)
            .map(|i| (i.saturating_sub(1)..=(i + 1).min(7)).collect())
            .collect();
        let analysis = hotspots(&y, &neighbours);
        assert_eq!(analysis.z, gi_star(&y, &neighbours));
        assert_eq!(analysis.p, p_values(&analysis.z));
        assert_eq!(analysis.q, benjamini_hochberg(&analysis.p));
        assert_eq!(analysis.class, classify(&analysis.z, &analysis.q));
        assert!(analysis.z[4] > 2.0);
    }

    #[test]
    fn mann_kendall_matches_pymannkendall() {
        let data: Value = serde_json::from_str(STATS_REFERENCE).expect("valid JSON");
        for case in data["mann_kendall"].as_array().expect("mk cases") {
            let x = floats(&case["x"]);
            let alpha = case["alpha"].as_f64().expect("alpha");
            let mk = mann_kendall(&x, alpha);
            let name = case["name"].as_str().expect("name");
            assert_eq!(mk.s, case["s"].as_i64().expect("s"), "{name}");
            let var = case["var_s"].as_f64().expect("var_s");
            assert!((mk.variance - var).abs() <= 1e-9 * var.max(1.0), "{name}");
            let z = case["z"].as_f64().expect("z");
            assert!((mk.z - z).abs() <= 1e-12, "{name}: {} vs {z}", mk.z);
            // pymannkendall computes 2(1 − Φ(|z|)), which loses digits for tiny p.
            let p = case["p"].as_f64().expect("p");
            assert!((mk.p - p).abs() <= 1e-14, "{name}: {} vs {p}", mk.p);
            let tau = case["tau"].as_f64().expect("tau");
            assert!((mk.tau - tau).abs() <= 1e-14, "{name}");
            let trend = case["trend"].as_str().expect("trend");
            assert_eq!(mk.trend.as_str(), trend, "{name}");
        }
    }

    #[test]
    fn mann_kendall_edge_cases() {
        let empty = mann_kendall(&[], 0.05);
        assert_eq!((empty.n, empty.s, empty.z, empty.p), (0, 0, 0.0, 1.0));
        assert_eq!(empty.trend, Trend::NoTrend);
        let single = mann_kendall(&[1.0], 0.05);
        assert_eq!(
            (single.s, single.z, single.p, single.tau),
            (0, 0.0, 1.0, 0.0)
        );
        let flat = mann_kendall(&[2.0; 10], 0.05);
        assert_eq!((flat.s, flat.variance, flat.z, flat.p), (0, 0.0, 0.0, 1.0));
        let rising: Vec<f64> = (0..20).map(f64::from).collect();
        let up = mann_kendall(&rising, 0.05);
        assert_eq!(up.s, 190);
        assert_eq!(up.tau, 1.0);
        assert_eq!(up.trend, Trend::Increasing);
        let falling: Vec<f64> = rising.iter().rev().copied().collect();
        assert_eq!(mann_kendall(&falling, 0.05).trend, Trend::Decreasing);
        // NaN is skipped, not compared.
        let gappy = mann_kendall(&[1.0, f64::NAN, 2.0, 3.0], 0.05);
        assert_eq!((gappy.n, gappy.s), (3, 3));
        // Infinities are ordinary extreme values.
        let inf = mann_kendall(&[f64::NEG_INFINITY, 0.0, f64::INFINITY], 0.05);
        assert_eq!(inf.s, 3);
        assert_eq!(Trend::NoTrend.as_str(), "no-trend");
    }
}
