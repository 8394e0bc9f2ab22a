//! Benchmarks for `beacon::identify`: point aggregation against a bare H3 indexing loop,
//! Gi* with p-values and FDR on 100k cells, and Emerging Hot Spot Analysis on 50k cells × 24
//! steps.
//!
//! Run with `cargo bench --bench identify`. The Gi* input is the same as the one
//! `scripts/bench_esda.py` rebuilds in Python (the 182-disk around a resolution-9 cell in
//! central London, 1-ring weights, values from a shared SplitMix64 recipe), so the printed
//! checksums can be compared and the timings put side by side.

use std::hint::black_box;
use std::time::{Duration, Instant};

use beacon::identify::analysis::cells::{aggregate, kring_neighbours};
use beacon::identify::analysis::emerging::{Cube, emerging_hotspots};
use beacon::identify::analysis::stats::{benjamini_hochberg, gi_star, p_values};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use h3o::{CellIndex, LatLng, Resolution};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Number of random points aggregated.
const POINTS: usize = 1_000_000;
/// A box around Great Britain and Northern Ireland (degrees).
const LAT_RANGE: (f64, f64) = (49.9, 58.7);
const LON_RANGE: (f64, f64) = (-8.2, 1.8);
/// Resolution-9 cell over central London; also used by `scripts/bench_esda.py`.
const CENTRE: u64 = 0x0891_95da_49b7_ffff;
/// Rings around `CENTRE` for the Gi* input: 3k² + 3k + 1 = 99 919 cells.
const GI_RINGS: u32 = 182;
/// Rings around `CENTRE` for the emerging input: 50 311 cells.
const EMERGING_RINGS: u32 = 129;
/// Time steps of the emerging input.
const STEPS: usize = 24;
/// Seed of the value recipe shared with `scripts/bench_esda.py`.
const VALUE_SEED: u64 = 0xBEAC_0001;

/// SplitMix64 (Steele, Lea & Flood 2014), the value recipe shared with Python.
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Binomial(12, ½) count for cell `i`, identical in `scripts/bench_esda.py`.
fn count(i: u64) -> f64 {
    f64::from((splitmix64(VALUE_SEED ^ i) & 0xFFF).count_ones())
}

fn uk_points() -> Vec<(f64, f64, f64)> {
    let mut rng = StdRng::seed_from_u64(42);
    (0..POINTS)
        .map(|_| {
            (
                rng.gen_range(LAT_RANGE.0..LAT_RANGE.1),
                rng.gen_range(LON_RANGE.0..LON_RANGE.1),
                1.0,
            )
        })
        .collect()
}

fn bare_to_cell(points: &[(f64, f64, f64)]) -> u64 {
    let mut acc = 0u64;
    for &(lat, lon, _) in points {
        if let Ok(latlng) = LatLng::new(lat, lon) {
            acc ^= u64::from(latlng.to_cell(Resolution::Nine));
        }
    }
    acc
}

fn aggregated_cells(points: &[(f64, f64, f64)]) -> usize {
    aggregate(points.iter().copied(), Resolution::Nine).map_or(0, |counts| counts.len())
}

fn bench_aggregate(c: &mut Criterion) {
    let points = uk_points();

    // Interleaved head-to-head rounds, so both loops see the same machine load.
    let rounds = 5;
    let (mut bare, mut ours) = (Duration::MAX, Duration::MAX);
    let mut distinct = 0;
    for _ in 0..rounds {
        let start = Instant::now();
        black_box(bare_to_cell(black_box(&points)));
        bare = bare.min(start.elapsed());
        let start = Instant::now();
        distinct = black_box(aggregated_cells(black_box(&points)));
        ours = ours.min(start.elapsed());
    }
    let rate = |d: Duration| POINTS as f64 / d.as_secs_f64();
    println!(
        "aggregate head-to-head (best of {rounds}): bare to_cell {:.3} Mpts/s, aggregate {:.3} \
         Mpts/s ({distinct} cells), ratio {:.1} %",
        rate(bare) / 1e6,
        rate(ours) / 1e6,
        100.0 * rate(ours) / rate(bare)
    );

    let mut group = c.benchmark_group("aggregate_1M_res9");
    group.throughput(Throughput::Elements(POINTS as u64));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("bare_to_cell", |b| {
        b.iter(|| bare_to_cell(black_box(&points)));
    });
    group.bench_function("aggregate", |b| {
        b.iter(|| aggregated_cells(black_box(&points)));
    });
    group.finish();
}

/// The cells within `k` rings of `CENTRE`, sorted (as `scripts/bench_esda.py` sorts them).
///
/// Built with h3o directly: `cells::study_cells` caps `k` at `cells::MAX_K` (50), plenty for
/// padding occupied cells but too small to make a 100k-cell benchmark area from one cell.
fn disk_around_centre(k: u32) -> Vec<CellIndex> {
    let centre = CellIndex::try_from(CENTRE).expect("valid H3 cell");
    let mut cells = centre.grid_disk::<Vec<_>>(k);
    cells.sort_unstable();
    cells
}

fn bench_gi_star(c: &mut Criterion) {
    let cells = disk_around_centre(GI_RINGS);
    let values: Vec<f64> = (0..cells.len() as u64).map(count).collect();

    let start = Instant::now();
    let neighbours = kring_neighbours(&cells, 1);
    println!(
        "gi_star input: {} cells, 1-ring weights built in {:.1} ms",
        cells.len(),
        start.elapsed().as_secs_f64() * 1e3
    );
    let z = gi_star(&values, &neighbours);
    let q = benjamini_hochberg(&p_values(&z));
    println!(
        "gi_star checksum: sum z = {:.9}, sum |z| = {:.6}, q < 0.10: {}",
        z.iter().sum::<f64>(),
        z.iter().map(|v| v.abs()).sum::<f64>(),
        q.iter().filter(|&&q| q < 0.10).count()
    );

    let mut group = c.benchmark_group("gi_star_100k_ring1");
    group.throughput(Throughput::Elements(cells.len() as u64));
    group.sample_size(20);
    group.bench_function("gi_star+p+fdr", |b| {
        b.iter(|| {
            let z = gi_star(black_box(&values), black_box(&neighbours));
            let p = p_values(&z);
            benjamini_hochberg(&p)
        });
    });
    group.sample_size(10);
    group.bench_function("kring_neighbours", |b| {
        b.iter(|| kring_neighbours(black_box(&cells), 1));
    });
    group.finish();
}

fn bench_emerging(c: &mut Criterion) {
    let cells = disk_around_centre(EMERGING_RINGS);
    let neighbours = kring_neighbours(&cells, 1);
    let n = cells.len();
    let mut values = Vec::with_capacity(n * STEPS);
    for step in 0..STEPS as u64 {
        for i in 0..n as u64 {
            let base = f64::from((splitmix64(VALUE_SEED ^ (step << 32 | i)) & 0xFF).count_ones());
            // Every 97th cell's neighbourhood drifts upwards, so trends and patterns occur.
            let drift = if i % 97 < 7 { 0.5 * step as f64 } else { 0.0 };
            values.push(base + drift);
        }
    }
    let cube = Cube::new(n, STEPS, values).expect("cube shape");

    let start = Instant::now();
    let result = emerging_hotspots(&cube, &neighbours);
    let mut tally = std::collections::BTreeMap::new();
    for trend in &result {
        *tally.entry(trend.pattern.as_str()).or_insert(0usize) += 1;
    }
    println!(
        "emerging input: {n} cells × {STEPS} steps, one run {:.0} ms, patterns {tally:?}",
        start.elapsed().as_secs_f64() * 1e3
    );

    let mut group = c.benchmark_group("emerging_50k_x24");
    group.throughput(Throughput::Elements((n * STEPS) as u64));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("emerging_hotspots", |b| {
        b.iter(|| emerging_hotspots(black_box(&cube), black_box(&neighbours)));
    });
    group.finish();
}

/// The shared map's disclosure step beside the unprotected count it protects, on the same points: 1M
/// incidents spread over the UK box (and the demo's incidents), counted into resolution-7 cells. The
/// unprotected side counts per cell and sorts, as the analyst's view does before rendering; the protected
/// side keeps each cell's fingerprint and publishes through the cell-key policy, remainders included.
fn bench_disclosure(c: &mut Criterion) {
    use beacon::identify::analysis::privacy::{Disclosure, Tally};
    use std::collections::HashMap;

    let policy = Disclosure::new(5, 3, *b"benchmark secret");
    let stored = |points: &[(f64, f64, f64)]| -> Vec<(i64, CellIndex)> {
        points
            .iter()
            .enumerate()
            .filter_map(|(i, &(lat, lon, _))| {
                Some((
                    i as i64 + 1,
                    LatLng::new(lat, lon).ok()?.to_cell(Resolution::Ten),
                ))
            })
            .collect()
    };
    let unprotected = |cells: &[(i64, CellIndex)]| -> usize {
        let mut counts: HashMap<CellIndex, u64> = HashMap::new();
        for (_, c) in cells {
            if let Some(p) = c.parent(Resolution::Seven) {
                *counts.entry(p).or_default() += 1;
            }
        }
        let mut v: Vec<_> = counts.into_iter().collect();
        v.sort_unstable();
        v.len()
    };
    let protected = |cells: &[(i64, CellIndex)]| -> usize {
        let mut counts: HashMap<CellIndex, Tally> = HashMap::new();
        for (id, c) in cells {
            if let Some(p) = c.parent(Resolution::Seven) {
                counts.entry(p).or_default().add(Tally::record(*id));
            }
        }
        let v: Vec<_> = counts.into_iter().collect();
        policy.publish_cells(&v).cells.len()
    };
    let demo: Vec<(f64, f64, f64)> = beacon::demo::synthetic_incidents()
        .iter()
        .filter_map(|i| i.destination.point.map(|p| (p.latitude, p.longitude, 1.0)))
        .collect();
    for (name, points) in [("demo", demo), ("1M", uk_points())] {
        let cells = stored(&points);
        let rounds = 7;
        let (mut plain, mut policed) = (Duration::MAX, Duration::MAX);
        let mut ratios = Vec::new();
        for _ in 0..rounds {
            let start = Instant::now();
            black_box(unprotected(black_box(&cells)));
            let a = start.elapsed();
            let start = Instant::now();
            black_box(protected(black_box(&cells)));
            let b = start.elapsed();
            plain = plain.min(a);
            policed = policed.min(b);
            ratios.push(b.as_secs_f64() / a.as_secs_f64());
        }
        ratios.sort_by(f64::total_cmp);
        println!(
            "disclosure {name} ({} incidents, res 7): unprotected count {:.3} ms, through the policy {:.3} ms \
             (best of {rounds}); per-round ratio median {:.3}, min {:.3}, max {:.3}",
            cells.len(),
            plain.as_secs_f64() * 1e3,
            policed.as_secs_f64() * 1e3,
            ratios[rounds / 2],
            ratios[0],
            ratios[rounds - 1]
        );
        let mut group = c.benchmark_group(format!("disclosure_{name}_res7"));
        group.sample_size(10);
        group.bench_function("unprotected", |b| b.iter(|| unprotected(black_box(&cells))));
        group.bench_function("protected", |b| b.iter(|| protected(black_box(&cells))));
        group.finish();
    }
}

criterion_group!(
    benches,
    bench_aggregate,
    bench_gi_star,
    bench_emerging,
    bench_disclosure
);
criterion_main!(benches);
