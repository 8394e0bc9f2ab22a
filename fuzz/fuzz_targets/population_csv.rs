//! Population layers (`POST /api/v1/population-layers`, the layer upload page): Kontur's H3 grid CSV and
//! GeoNames settlements.
#![no_main]

use beacon::audience::population::{parse_grid_csv, parse_settlements};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(grid) = parse_grid_csv(text, "fuzz.csv") {
        assert!(
            grid.total().is_finite() && grid.total() >= 0.0,
            "{}",
            grid.total()
        );
    }
    let _ = parse_settlements(text, "fuzz.csv", None);
    let _ = parse_settlements(text, "fuzz.csv", Some("GB"));
});
