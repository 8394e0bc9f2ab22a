//! Benchmarks for `beacon::audience`: parsing England's outline (288 polygons, 67k positions in
//! British National Grid metres, reprojected and checked for self-crossings), filling it with H3
//! cells at resolutions 8 and 9, and compiling it at resolution 8 to Google's 500 proximity targets.
//!
//! Run with `cargo bench --bench audience`. The outline is read from
//! `../shared/data/england_outline.geojson` beside the crate; without it the benchmark says so and
//! measures nothing. Peak memory and a comparison with Python's `h3` are in
//! `scripts/bench_fill.py`, which runs the same fill through `beacon audience cells`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use beacon::audience::regions::{fill, parse_region};
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use h3o::Resolution;

const ENGLAND: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/data/england_outline.geojson"
);

fn bench_england(c: &mut Criterion) {
    let Ok(text) = std::fs::read_to_string(ENGLAND) else {
        println!("skipped: {ENGLAND} is absent");
        return;
    };
    let start = Instant::now();
    let region = parse_region(&text, "england").expect("England parses");
    let parse = start.elapsed();
    let positions: usize = region
        .0
        .iter()
        .map(|p| p.exterior().0.len() + p.interiors().iter().map(|r| r.0.len()).sum::<usize>())
        .sum();
    println!(
        "england: {} polygons, {positions} positions, parsed in {:.1} ms",
        region.0.len(),
        parse.as_secs_f64() * 1e3
    );
    let mut counts = Vec::new();
    for resolution in [Resolution::Eight, Resolution::Nine] {
        let start = Instant::now();
        let cells = fill(&region, resolution, usize::MAX, "england").expect("England fills");
        println!(
            "england: resolution {resolution}: {} cells, one fill {:.0} ms",
            cells.len(),
            start.elapsed().as_secs_f64() * 1e3
        );
        counts.push(cells.len() as u64);
    }

    let mut group = c.benchmark_group("england");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(50);
    group.bench_function("parse", |b| {
        b.iter(|| parse_region(black_box(&text), "england").unwrap());
    });
    // One fill takes about 1.5 s at resolution 8 and 5.5 s at resolution 9 (release, one core):
    // one fill a sample, cells a second as throughput.
    group.sampling_mode(SamplingMode::Flat);
    group.throughput(Throughput::Elements(counts[0]));
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(40));
    group.bench_function("fill_res8", |b| {
        b.iter(|| fill(black_box(&region), Resolution::Eight, usize::MAX, "england").unwrap());
    });
    group.throughput(Throughput::Elements(counts[1]));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(70));
    group.bench_function("fill_res9", |b| {
        b.iter(|| fill(black_box(&region), Resolution::Nine, usize::MAX, "england").unwrap());
    });
    group.finish();
}

/// Compiling England at resolution 8 to Google's 500 proximity targets, with people from the shipped
/// GeoNames towns of Great Britain spread over their areas, and with area standing in for people.
fn bench_compile(c: &mut Criterion) {
    use beacon::audience::cellset::CellSet;
    use beacon::audience::platforms::{Platform, compile_targets};
    use beacon::audience::population::{parse_settlements, spread_settlements};
    let Ok(text) = std::fs::read_to_string(ENGLAND) else {
        println!("skipped: {ENGLAND} is absent");
        return;
    };
    let config = beacon::config::Config::load_from(&beacon::config::Overrides::default(), &[])
        .expect("default configuration")
        .audience;
    let region = parse_region(&text, "england").expect("England parses");
    let cells = fill(&region, Resolution::Eight, usize::MAX, "england").expect("England fills");
    let set = CellSet::from_filled(Resolution::Eight, cells);
    let towns = parse_settlements(
        include_str!("../assets/geo/geonames_cities15000.csv"),
        "geonames",
        Some("GB"),
    )
    .expect("GeoNames parses");
    let grid = spread_settlements(&towns, Resolution::Eight, config.settlement_density_per_km2);
    for (label, grid) in [("GeoNames towns", Some(&grid)), ("area", None)] {
        for platform in [Platform::Google, Platform::Meta] {
            let start = Instant::now();
            let t = compile_targets(&set, grid, platform, &config).expect("compiles");
            println!(
                "england res 8, {} ({label}): {} circles + {} excluded (baseline {}), coverage {:.1}%, spill {:.1}%, goals met: {}, {:.2} s{}",
                platform.as_str(),
                t.count,
                t.excluded.len(),
                t.baseline,
                t.coverage * 100.0,
                t.spill * 100.0,
                t.goals_met,
                start.elapsed().as_secs_f64(),
                if t.notes.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; {}",
                        t.notes
                            .iter()
                            .map(|n| n.id.as_str())
                            .collect::<Vec<_>>()
                            .join(" ")
                    )
                }
            );
        }
    }
    let mut group = c.benchmark_group("england_compile");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(40));
    group.bench_function("google_res8_towns", |b| {
        b.iter(|| {
            compile_targets(black_box(&set), Some(&grid), Platform::Google, &config).unwrap()
        });
    });
    group.bench_function("google_res8_area", |b| {
        b.iter(|| compile_targets(black_box(&set), None, Platform::Google, &config).unwrap());
    });
    group.finish();
}

criterion_group!(benches, bench_england, bench_compile);
criterion_main!(benches);
