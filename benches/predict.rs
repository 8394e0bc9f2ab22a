//! The forecast's whole backtest on 1,000,000 points over 24 monthly periods at resolution 8: the
//! chosen forecast (every candidate replayed by rolling origin on the training window, then judged on
//! the held-out months with PEI, RRI and the paired bootstrap) beside the earlier fixed model's
//! backtest, in one run.
//!
//! Run with `cargo bench --bench predict`. The points are synthetic and deterministic: 400 clusters
//! over Lincolnshire with a heavy-tailed size, each point a Gaussian offset of about 1.5 km from its
//! cluster's centre, its month drawn from the cluster's trend (some rising, some falling).

use std::time::Instant;

use beacon::identify::analysis::forecast::{self, Period, PeriodKey};
use beacon::identify::analysis::predict;
use beacon::identify::incidents::date::PartialDate;
use beacon::identify::incidents::points::Point;
use h3o::Resolution;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const POINTS: usize = 1_000_000;
const MONTHS: u32 = 24;
const CLUSTERS: usize = 400;
const RUNS: usize = 3;

fn points() -> Vec<Point> {
    let mut rng = StdRng::seed_from_u64(0x17);
    let clusters: Vec<(f64, f64, f64, f64)> = (0..CLUSTERS)
        .map(|i| {
            (
                rng.gen_range(52.65..53.50),
                rng.gen_range(-0.79..0.35),
                // Heavy-tailed sizes: the i-th cluster weighs 1/(i+1).
                1.0 / (i as f64 + 1.0),
                rng.gen_range(-1.0..1.0),
            )
        })
        .collect();
    let total: f64 = clusters.iter().map(|c| c.2).sum();
    let mut cumulative = Vec::with_capacity(CLUSTERS);
    let mut acc = 0.0;
    for c in &clusters {
        acc += c.2 / total;
        cumulative.push(acc);
    }
    (0..POINTS)
        .map(|_| {
            let u: f64 = rng.r#gen();
            let k = cumulative.partition_point(|&c| c < u).min(CLUSTERS - 1);
            let (lat, lon, _, trend) = clusters[k];
            // A trend tilts the month: rising clusters late, falling ones early.
            let m = loop {
                let m = rng.gen_range(0..MONTHS);
                let x = f64::from(m) / f64::from(MONTHS - 1) - 0.5;
                if rng.r#gen::<f64>() < 0.5 + trend * x {
                    break m;
                }
            };
            let (dy, dx): (f64, f64) = (rng.gen_range(-1.0..1.0), rng.gen_range(-1.0..1.0));
            let date = PartialDate::year_month(2020 + (m / 12) as i32, (m % 12) as u8 + 1)
                .expect("a month");
            Point::new(lat + dy * 0.0135, lon + dx * 0.022)
                .expect("on Earth")
                .with_date(date)
        })
        .collect()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let t = Instant::now();
    let points = points();
    println!(
        "{} points over {MONTHS} months made in {:.2?}",
        points.len(),
        t.elapsed()
    );
    let until: PeriodKey = "2021-06".parse().expect("a month");
    let res = Resolution::Eight;
    let mut fixed = Vec::new();
    let mut chosen = Vec::new();
    for run in 1..=RUNS {
        let t = Instant::now();
        let rows = forecast::backtest(&points, res, Period::Month, until, 0.05, None)
            .expect("the fixed model's backtest");
        let a = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let e = predict::evaluate(&points, res, Period::Month, until, 0.05, None)
            .expect("the evaluation");
        let b = t.elapsed().as_secs_f64();
        println!(
            "run {run}: fixed model's backtest {a:.3} s ({} rows); chosen forecast's whole backtest {b:.3} s \
             ({} candidates on {} training months, {} study cells; chosen: {}); ratio {:.2}",
            rows.len(),
            e.training.len(),
            e.training_origins,
            e.study_cells,
            e.chosen.describe(),
            b / a
        );
        for line in predict::summary(&e) {
            println!("    {line}");
        }
        fixed.push(a);
        chosen.push(b);
    }
    let (a, b) = (median(fixed), median(chosen));
    println!(
        "median of {RUNS}: fixed model {a:.3} s, chosen forecast {b:.3} s (target < 10 s), ratio {:.2}",
        b / a
    );
}
