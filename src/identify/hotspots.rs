//! Hotspots: incidents weighted by confidence (and, optionally, recency) counted per H3 cell, then
//! Getis-Ord Gi* over the occupied cells and their k-ring neighbours.

use h3o::{LatLng, Resolution};

use super::incident::NewIncident;

/// The finest resolution Beacon stores points at; analyses use its parents (resolutions 5 to 10).
pub const STORAGE_RESOLUTION: Resolution = Resolution::Ten;

/// The destination point's cell at [`STORAGE_RESOLUTION`], as stored (H3 indexes fit in 63 bits).
pub fn storage_cell(incident: &NewIncident) -> Option<i64> {
    let p = incident.destination.point?;
    let cell = LatLng::new(p.latitude, p.longitude)
        .ok()?
        .to_cell(STORAGE_RESOLUTION);
    Some(u64::from(cell) as i64)
}
