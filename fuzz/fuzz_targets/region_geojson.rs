//! Regions from GeoJSON (`POST /api/v1/regions`, the region upload page, `beacon audience cells`): reading,
//! the crs, the antimeridian split, the self-crossing sweep, then the H3 fill, within limits like the
//! service's (a few thousand positions, a time budget, a cap on cells).
#![no_main]

use std::time::Duration;

use beacon::audience::regions::{RegionLimits, fill, parse_region_within};
use h3o::Resolution;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let limits = RegionLimits {
        max_vertices: 5_000,
        budget: Some(Duration::from_secs(2)),
    };
    let Ok((region, _notes)) = parse_region_within(text, "fuzz.geojson", limits) else {
        return;
    };
    let _ = fill(&region, Resolution::Five, 20_000, "fuzz.geojson");
});
