//! The point files of `beacon hotspots --input FILE` and `beacon backtest --input FILE`, with and
//! without the check for swapped coordinates (here against a made-up settled area).
#![no_main]

use beacon::identify::incidents::points::{MAX_PROBLEMS, Settled, read_points_from};
use libfuzzer_sys::fuzz_target;

fn northern_europe(lat: f64, lon: f64) -> bool {
    (45.0..=70.0).contains(&lat) && (-10.0..=30.0).contains(&lon)
}

fuzz_target!(|data: &[u8]| {
    for settled in [None, Some(&northern_europe as Settled<'_>)] {
        match read_points_from(data, "fuzz.csv", settled) {
            Ok(points) => {
                for p in points {
                    assert!((-90.0..=90.0).contains(&p.lat()), "{p:?}");
                    assert!((-180.0..=180.0).contains(&p.lon()), "{p:?}");
                    assert!(p.weight().is_finite() && p.weight() >= 0.0, "{p:?}");
                }
            }
            Err(error) => {
                assert!(!error.problems.is_empty());
                assert!(error.problems.len() <= MAX_PROBLEMS);
                let _ = error.to_string();
            }
        }
    }
});
