//! Checking regions for self-crossings (reliability issue, item 3): a jagged star ring of 100k and 1M
//! positions read and checked by `parse_region` (Shamos–Hoey sweep), beside the sweep it replaced (geo's
//! `Intersections`, which compares every pair of edges whose longitudes overlap) on the same rings.
//!
//! Run: `cargo bench --bench regions`. Prints one line per case; the figures are in BENCHMARKS.md.

use std::time::{Duration, Instant};

use beacon::audience::regions::{RegionLimits, parse_region_within, star_ring};
use geo::line_intersection::LineIntersection;
use geo::sweep::{Cross, Intersections};
use geo::{Coord, Line};

#[derive(Clone, Copy)]
struct Edge(Line<f64>);

impl Cross for Edge {
    type Scalar = f64;
    fn line(&self) -> Line<f64> {
        self.0
    }
}

/// The old check's candidate search: every pair geo's sweep yields, looking for a proper crossing
/// (a good ring has none, so every pair is visited), stopped at `budget`.
fn old_sweep(ring: &[[f64; 2]], budget: Duration) -> Option<Duration> {
    let coords: Vec<Coord<f64>> = ring.iter().map(|&[x, y]| Coord { x, y }).collect();
    let start = Instant::now();
    let edges = coords.windows(2).map(|w| Edge(Line::new(w[0], w[1])));
    let mut seen = 0usize;
    for (_, _, i) in Intersections::from_iter(edges) {
        seen += 1;
        if matches!(
            i,
            LineIntersection::SinglePoint {
                is_proper: true,
                ..
            }
        ) {
            panic!("the star crosses itself");
        }
        if seen.is_multiple_of(1024) && start.elapsed() > budget {
            return None;
        }
    }
    Some(start.elapsed())
}

fn main() {
    let budget = Duration::from_secs(120);
    for n in [10_000usize, 100_000, 1_000_000] {
        let ring = star_ring(n, [0.3, 52.7], 0.05);
        let text = serde_json::json!({"type": "Polygon", "coordinates": [ring]}).to_string();
        // Reading and checking, best of three.
        let mut best = Duration::MAX;
        for _ in 0..3 {
            let start = Instant::now();
            let region = parse_region_within(&text, "star", RegionLimits::NONE).unwrap();
            best = best.min(start.elapsed());
            std::hint::black_box(region);
        }
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let start = Instant::now();
        let region =
            beacon::audience::regions::region_from_value(&value, "star", RegionLimits::NONE)
                .unwrap();
        let from_value = start.elapsed();
        std::hint::black_box(region);
        println!(
            "star of {n} positions ({:.1} MB): parse_region {:.3} s (best of 3), from parsed JSON {:.3} s",
            text.len() as f64 / 1e6,
            best.as_secs_f64(),
            from_value.as_secs_f64()
        );
        if n <= 100_000 {
            match old_sweep(&ring, budget) {
                Some(t) => println!(
                    "  old sweep (geo Intersections) alone: {:.3} s",
                    t.as_secs_f64()
                ),
                None => println!(
                    "  old sweep (geo Intersections) alone: over {} s",
                    budget.as_secs()
                ),
            }
        }
    }
}
