//! The survey statistics an evaluator signs: a share with its Wilson interval, the change between two
//! waves (unpooled Wald interval, pooled z-test), difference-in-differences between a target and a
//! comparison region (the OLS-with-interaction estimate with HC0 errors, in closed form), Likert items
//! (distribution, mean, t interval), and weights through Kish's effective sample size.
//!
//! Everything is computed from [`Tally`]s, running sums of weights and answers, so a million responses
//! cost a million additions and no list is held. Checked against statsmodels and SciPy on vectors that
//! `scripts/measure_vectors.py` writes to `tests/data/measure_stats.json`.
//!
//! Conventions, stated in every report's method section:
//! - 95% intervals; `z = 1.959963984540054`.
//! - With weights, a share is `Σ w·y / Σ w` and its `n` in every interval is Kish's effective sample size
//!   `(Σ w)² / Σ w²` (without weights, the number of answers).
//! - A change whose two waves have no variation at all (every answer the same) has `z = 0` and `p = 1`:
//!   no evidence of change, where the formula would divide by zero.

use serde::Serialize;

use crate::identify::analysis::stats::p_two_sided;

/// The normal quantile of a two-sided 95% interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// Running sums of one group's answers to a yes/no outcome (weighted or not).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    /// Answers counted.
    pub rows: u64,
    pub sum_w: f64,
    pub sum_w2: f64,
    /// Σ w over answers that count as the outcome.
    pub sum_wy: f64,
}

impl Tally {
    /// Adds one answer with weight `w` (1 without weights).
    pub fn add(&mut self, yes: bool, w: f64) {
        self.rows += 1;
        self.sum_w += w;
        self.sum_w2 += w * w;
        if yes {
            self.sum_wy += w;
        }
    }

    /// Adds `count` answers, each of weight `w`.
    pub fn add_many(&mut self, yes: bool, count: u64, w: f64) {
        let c = count as f64;
        self.rows += count;
        self.sum_w += c * w;
        self.sum_w2 += c * w * w;
        if yes {
            self.sum_wy += c * w;
        }
    }

    /// A tally of `successes` out of `n` unweighted answers.
    pub fn counts(successes: u64, n: u64) -> Self {
        Self {
            rows: n,
            sum_w: n as f64,
            sum_w2: n as f64,
            sum_wy: successes as f64,
        }
    }

    /// Merges another group's sums into this one.
    pub fn merge(&mut self, other: &Tally) {
        self.rows += other.rows;
        self.sum_w += other.sum_w;
        self.sum_w2 += other.sum_w2;
        self.sum_wy += other.sum_wy;
    }

    /// Kish's effective sample size, `(Σ w)² / Σ w²`: the number of answers when every weight is 1.
    pub fn n_eff(&self) -> f64 {
        if self.sum_w2 > 0.0 {
            self.sum_w * self.sum_w / self.sum_w2
        } else {
            0.0
        }
    }

    /// The (weighted) share of answers that count as the outcome; NaN for an empty group.
    pub fn share(&self) -> f64 {
        if self.sum_w > 0.0 {
            self.sum_wy / self.sum_w
        } else {
            f64::NAN
        }
    }
}

/// A share with its Wilson 95% interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Share {
    /// Answers counted.
    pub rows: u64,
    /// The sample size the interval uses (Kish's effective size with weights).
    pub n: f64,
    pub share: f64,
    pub ci_low: f64,
    pub ci_high: f64,
}

/// The Wilson score interval of a share `p` on `n` (which may be an effective, fractional size).
/// Right at 0 and 1, unlike the Wald interval. An empty sample gives NaN.
pub fn wilson(p: f64, n: f64) -> (f64, f64) {
    if n <= 0.0 || p.is_nan() {
        return (f64::NAN, f64::NAN);
    }
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = Z95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denom;
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

impl Share {
    pub fn of(t: &Tally) -> Self {
        let n = t.n_eff();
        let share = t.share();
        let (ci_low, ci_high) = wilson(share, n);
        Self {
            rows: t.rows,
            n,
            share,
            ci_low,
            ci_high,
        }
    }
}

/// Before and after: the change in a share, its unpooled Wald 95% interval, and the two-sided z-test
/// with the pooled standard error.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Change {
    pub before: Share,
    pub after: Share,
    /// `after − before`.
    pub change: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub z: f64,
    pub p_value: f64,
}

impl Change {
    pub fn of(before: &Tally, after: &Tally) -> Self {
        let (b, a) = (Share::of(before), Share::of(after));
        let change = a.share - b.share;
        let se = (b.share * (1.0 - b.share) / b.n + a.share * (1.0 - a.share) / a.n).sqrt();
        let pooled = (b.share * b.n + a.share * a.n) / (b.n + a.n);
        let se_pooled = (pooled * (1.0 - pooled) * (1.0 / b.n + 1.0 / a.n)).sqrt();
        let z = if se_pooled > 0.0 {
            change / se_pooled
        } else if change.is_nan() {
            f64::NAN
        } else {
            0.0
        };
        Self {
            before: b,
            after: a,
            change,
            ci_low: change - Z95 * se,
            ci_high: change + Z95 * se,
            z,
            p_value: p_two_sided(z),
        }
    }
}

/// Difference-in-differences across two waves of independent samples:
/// `(p_T,after − p_T,before) − (p_C,after − p_C,before)`, with standard error `√Σ p(1−p)/n` over the four
/// cells (the interaction's HC0 error in an OLS with full interaction), its 95% interval and p-value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DiffInDiff {
    pub target: Change,
    pub comparison: Change,
    pub did: f64,
    pub se: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub z: f64,
    pub p_value: f64,
}

impl DiffInDiff {
    pub fn of(
        target_before: &Tally,
        target_after: &Tally,
        comparison_before: &Tally,
        comparison_after: &Tally,
    ) -> Self {
        let target = Change::of(target_before, target_after);
        let comparison = Change::of(comparison_before, comparison_after);
        let did = target.change - comparison.change;
        let var = |s: &Share| s.share * (1.0 - s.share) / s.n;
        let se = (var(&target.before)
            + var(&target.after)
            + var(&comparison.before)
            + var(&comparison.after))
        .sqrt();
        let z = if se > 0.0 {
            did / se
        } else if did.is_nan() {
            f64::NAN
        } else {
            0.0
        };
        Self {
            target,
            comparison,
            did,
            se,
            ci_low: did - Z95 * se,
            ci_high: did + Z95 * se,
            z,
            p_value: p_two_sided(z),
        }
    }
}

/// Running sums of a Likert item (or any number) answered on a scale.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScaleTally {
    pub rows: u64,
    pub sum_w: f64,
    pub sum_w2: f64,
    pub sum_wx: f64,
    pub sum_wx2: f64,
    /// Weighted count of each answer, by the answer's value.
    pub counts: std::collections::BTreeMap<i64, f64>,
}

impl ScaleTally {
    pub fn add(&mut self, x: i64, w: f64) {
        let xf = x as f64;
        self.rows += 1;
        self.sum_w += w;
        self.sum_w2 += w * w;
        self.sum_wx += w * xf;
        self.sum_wx2 += w * xf * xf;
        *self.counts.entry(x).or_default() += w;
    }

    /// Adds `count` answers of `x` at once (grouped counts), each of weight `w`.
    pub fn add_many(&mut self, x: i64, count: u64, w: f64) {
        let (xf, c) = (x as f64, count as f64);
        self.rows += count;
        self.sum_w += c * w;
        self.sum_w2 += c * w * w;
        self.sum_wx += c * w * xf;
        self.sum_wx2 += c * w * xf * xf;
        *self.counts.entry(x).or_default() += c * w;
    }
}

/// A Likert item: each answer's share, the mean and its t 95% interval (on Kish's effective size with
/// weights).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scale {
    pub rows: u64,
    pub n: f64,
    /// (answer, share of answers), by answer.
    pub distribution: Vec<(i64, f64)>,
    pub mean: f64,
    pub sd: f64,
    pub ci_low: f64,
    pub ci_high: f64,
}

impl Scale {
    pub fn of(t: &ScaleTally) -> Self {
        let n = if t.sum_w2 > 0.0 {
            t.sum_w * t.sum_w / t.sum_w2
        } else {
            0.0
        };
        let mean = t.sum_wx / t.sum_w;
        // The weighted variance about the mean, with the effective size's n/(n−1) correction (the
        // sample variance when every weight is 1).
        let biased = (t.sum_wx2 / t.sum_w - mean * mean).max(0.0);
        let sd = (biased * n / (n - 1.0)).sqrt();
        let (ci_low, ci_high) = if n > 1.0 {
            let q = t_quantile_975(n - 1.0);
            let se = sd / n.sqrt();
            (mean - q * se, mean + q * se)
        } else {
            (f64::NAN, f64::NAN)
        };
        Self {
            rows: t.rows,
            n,
            distribution: t.counts.iter().map(|(x, w)| (*x, *w / t.sum_w)).collect(),
            mean,
            sd,
            ci_low,
            ci_high,
        }
    }
}

/// The 97.5% quantile of Student's t with `df` degrees of freedom (fractional with weights).
pub fn t_quantile_975(df: f64) -> f64 {
    use statrs::distribution::{ContinuousCDF, StudentsT};
    StudentsT::new(0.0, 1.0, df)
        .map(|t| t.inverse_cdf(0.975))
        .unwrap_or(f64::NAN)
}

/// Post-stratification weights: each answer's weight is its stratum's share in the population over
/// its share among the answers, so the weighted answers have the population's mix. A stratum the
/// population lacks is an error naming it (its answers could not be weighted).
pub fn poststratify<'a>(
    strata: &[&'a str],
    population: &std::collections::BTreeMap<String, f64>,
) -> Result<Vec<f64>, &'a str> {
    let mut counts: std::collections::BTreeMap<&str, f64> = Default::default();
    for s in strata {
        *counts.entry(s).or_default() += 1.0;
    }
    let total_pop: f64 = population.values().sum();
    let n = strata.len() as f64;
    strata
        .iter()
        .map(|s| {
            let pop = population.get(*s).copied().filter(|p| *p > 0.0).ok_or(*s)?;
            Ok((pop / total_pop) / (counts[s] / n))
        })
        .collect()
}

/// Post-stratification weights for grouped answers, cell by cell: `rows` are (cell, stratum, count)
/// and `population` each stratum's share of the population. Within a cell, a stratum's weight is its
/// population share among the strata that cell's answers reach, over its share of the cell's answers,
/// so each cell's weighted answers have the population's mix. A row without a stratum, or with one the
/// population lacks, gets `None` (it cannot be weighted and is left out).
pub fn cell_weights<C: Ord + Clone>(
    rows: &[(C, Option<String>, u64)],
    population: &std::collections::BTreeMap<String, f64>,
) -> Vec<Option<f64>> {
    use std::collections::BTreeMap;
    fn known<'s>(
        s: &'s Option<String>,
        population: &std::collections::BTreeMap<String, f64>,
    ) -> Option<&'s String> {
        s.as_ref()
            .filter(|s| population.get(*s).is_some_and(|p| *p > 0.0))
    }
    let mut per_cell: BTreeMap<C, BTreeMap<&str, u64>> = BTreeMap::new();
    for (cell, stratum, count) in rows {
        if let Some(s) = known(stratum, population) {
            *per_cell
                .entry(cell.clone())
                .or_default()
                .entry(s.as_str())
                .or_default() += count;
        }
    }
    rows.iter()
        .map(|(cell, stratum, _)| {
            let s = known(stratum, population)?;
            let strata = per_cell.get(cell)?;
            let n: u64 = strata.values().sum();
            let reached: f64 = strata.keys().map(|k| population[*k]).sum();
            Some((population[s.as_str()] / reached) / (strata[s.as_str()] as f64 / n as f64))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn cell_weights_give_each_cell_the_populations_mix() {
        let population: std::collections::BTreeMap<String, f64> = [
            ("a".to_string(), 0.5),
            ("b".to_string(), 0.3),
            ("c".to_string(), 0.2),
        ]
        .into();
        // Cell 1 reaches every stratum: the same weights as `poststratify` over its answers.
        let strata = ["a", "a", "a", "b", "c", "c"];
        let rows: Vec<(u8, Option<String>, u64)> = vec![
            (1, Some("a".into()), 3),
            (1, Some("b".into()), 1),
            (1, Some("c".into()), 2),
            // Cell 2 reaches only a and b: their shares among the two (0.625, 0.375).
            (2, Some("a".into()), 1),
            (2, Some("b".into()), 3),
            // Unknown or missing strata are left out.
            (2, Some("z".into()), 5),
            (2, None, 5),
        ];
        let w = cell_weights(&rows, &population);
        let expect = poststratify(&strata, &population).unwrap();
        for (got, want) in [(w[0], expect[0]), (w[1], expect[3]), (w[2], expect[4])] {
            assert!((got.unwrap() - want).abs() < 1e-12, "{got:?} {want}");
        }
        assert!((w[3].unwrap() - 0.625 / 0.25).abs() < 1e-12);
        assert!((w[4].unwrap() - 0.375 / 0.75).abs() < 1e-12);
        assert_eq!((w[5], w[6]), (None, None));
        // Weighted, each cell's mix is the population's (among the strata it reaches).
        let mut t = Tally::default();
        t.add_many(true, 1, w[3].unwrap());
        t.add_many(false, 3, w[4].unwrap());
        assert!((Share::of(&t).share - 0.625).abs() < 1e-12);
    }

    fn vectors() -> Value {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/measure_stats.json"),
        )
        .unwrap();
        serde_json::from_str(&text).unwrap()
    }

    fn close(a: f64, b: f64, what: &str) {
        assert!(
            (a - b).abs() <= 1e-12 * (1.0 + b.abs()),
            "{what}: Beacon {a} against statsmodels {b}"
        );
    }

    fn f(v: &Value) -> f64 {
        v.as_f64().unwrap()
    }

    fn tally(v: &Value) -> Tally {
        Tally::counts(v[0].as_u64().unwrap(), v[1].as_u64().unwrap())
    }

    #[test]
    fn wilson_intervals_equal_statsmodels_even_at_0_and_1() {
        for case in vectors()["shares"].as_array().unwrap() {
            let (lo, hi) = wilson(f(&case["share"]), f(&case["nobs"]));
            close(lo, f(&case["ci_low"]), &format!("low {case}"));
            close(hi, f(&case["ci_high"]), &format!("high {case}"));
        }
        let all = Share::of(&Tally::counts(20, 20));
        assert!(all.ci_low < 1.0 && all.ci_high == 1.0, "{all:?}");
        let none = Share::of(&Tally::counts(0, 20));
        assert!(none.ci_low == 0.0 && none.ci_high > 0.0, "{none:?}");
        assert!(Share::of(&Tally::default()).share.is_nan());
    }

    #[test]
    fn changes_equal_statsmodels_wald_interval_and_pooled_z_test() {
        for case in vectors()["changes"].as_array().unwrap() {
            let c = Change::of(&tally(&case["before"]), &tally(&case["after"]));
            close(c.change, f(&case["change"]), &format!("change {case}"));
            close(c.ci_low, f(&case["ci_low"]), &format!("low {case}"));
            close(c.ci_high, f(&case["ci_high"]), &format!("high {case}"));
            close(c.z, f(&case["z"]), &format!("z {case}"));
            close(c.p_value, f(&case["p_value"]), &format!("p {case}"));
        }
    }

    #[test]
    fn difference_in_differences_equals_ols_with_hc0_errors() {
        for case in vectors()["did"].as_array().unwrap() {
            let d = DiffInDiff::of(
                &tally(&case["target_before"]),
                &tally(&case["target_after"]),
                &tally(&case["comparison_before"]),
                &tally(&case["comparison_after"]),
            );
            // OLS goes through a matrix solve: agreement to 1e-10 rather than the last digits.
            for (ours, theirs, what) in [
                (d.did, &case["did"], "did"),
                (d.se, &case["se"], "se"),
                (d.ci_low, &case["ci_low"], "low"),
                (d.ci_high, &case["ci_high"], "high"),
                (d.p_value, &case["p_value"], "p"),
            ] {
                assert!(
                    (ours - f(theirs)).abs() <= 1e-10,
                    "{what}: {ours} against {theirs} in {case}"
                );
            }
        }
    }

    #[test]
    fn likert_means_and_t_intervals_equal_scipy() {
        for case in vectors()["likert"].as_array().unwrap() {
            let mut t = ScaleTally::default();
            for v in case["values"].as_array().unwrap() {
                t.add(v.as_i64().unwrap(), 1.0);
            }
            let s = Scale::of(&t);
            close(s.mean, f(&case["mean"]), "mean");
            assert!((s.ci_low - f(&case["ci_low"])).abs() < 1e-9, "{s:?} {case}");
            assert!(
                (s.ci_high - f(&case["ci_high"])).abs() < 1e-9,
                "{s:?} {case}"
            );
            let total: f64 = s.distribution.iter().map(|(_, p)| p).sum();
            close(total, 1.0, "shares add up");
        }
    }

    #[test]
    fn weights_use_kish_effective_size() {
        for case in vectors()["weighted"].as_array().unwrap() {
            let mut t = Tally::default();
            for (y, w) in case["answers"]
                .as_array()
                .unwrap()
                .iter()
                .zip(case["weights"].as_array().unwrap())
            {
                t.add(y.as_i64() == Some(1), f(w));
            }
            let s = Share::of(&t);
            close(s.share, f(&case["share"]), "share");
            close(s.n, f(&case["n_eff"]), "n_eff");
            close(s.ci_low, f(&case["ci_low"]), "low");
            close(s.ci_high, f(&case["ci_high"]), "high");
        }
        // Equal weights change nothing.
        let mut t = Tally::default();
        for i in 0..10 {
            t.add(i < 4, 2.5);
        }
        assert!((t.n_eff() - 10.0).abs() < 1e-12);
    }

    #[test]
    fn poststratification_gives_the_populations_mix() {
        let population = [("16-34".to_string(), 30.0), ("35+".to_string(), 70.0)]
            .into_iter()
            .collect();
        let strata = ["16-34", "16-34", "16-34", "35+"];
        let w = poststratify(&strata, &population).unwrap();
        let young: f64 = w[..3].iter().sum();
        let total: f64 = w.iter().sum();
        assert!((young / total - 0.3).abs() < 1e-12);
        assert_eq!(poststratify(&["16-34", "75+"], &population), Err("75+"));
    }
}
