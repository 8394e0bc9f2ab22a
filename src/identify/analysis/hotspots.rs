//! Hotspots: incidents weighted by confidence (and, optionally, recency) counted per H3 cell, then
//! Getis-Ord Gi* over the occupied cells and their k-ring neighbours, with Benjamini-Hochberg FDR.
//!
//! The study area is exactly the cells holding points plus their k-ring neighbours; empty neighbours
//! count as zero. Weights are binary over the k-ring, the cell itself included (Gi*, not Gi).

use std::collections::HashMap;

use geo::{Coord, LineString, Polygon};
use h3o::{CellIndex, LatLng, Resolution};
use serde::Serialize;

use super::cells::{kring_neighbours, study_cells};
use super::stats::{HotspotClass, hotspots};
use crate::identify::incidents::NewIncident;

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

/// An analysis resolution: 5 to 10.
pub fn analysis_resolution(value: u8) -> Result<Resolution, String> {
    if !(5..=10).contains(&value) {
        return Err(format!(
            "{value} is outside 5..10, the H3 resolutions Beacon analyses"
        ));
    }
    Resolution::try_from(value).map_err(|e| e.to_string())
}

/// One cell of a hotspot analysis.
#[derive(Debug, Clone, Serialize)]
pub struct HotspotCell {
    /// H3 index, hexadecimal.
    #[serde(serialize_with = "cell_hex")]
    pub cell: CellIndex,
    /// Weighted count (confidence × recency).
    pub count: f64,
    /// Number of records in the cell.
    pub records: u64,
    pub gi_z: f64,
    pub p_value: f64,
    /// Benjamini-Hochberg FDR-adjusted p-value.
    pub q_value: f64,
    /// hot-99, hot-95, hot-90, cold-…, none.
    #[serde(serialize_with = "class_str")]
    pub class: HotspotClass,
}

fn cell_hex<S: serde::Serializer>(cell: &CellIndex, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&cell.to_string())
}

fn class_str<S: serde::Serializer>(class: &HotspotClass, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(class.as_str())
}

/// Weighted counts and record counts per cell, at one resolution.
#[derive(Debug, Clone, Default)]
pub struct CellTally {
    cells: HashMap<CellIndex, (f64, u64)>,
}

impl CellTally {
    /// Adds a record to a cell.
    pub fn add(&mut self, cell: CellIndex, weight: f64) {
        let e = self.cells.entry(cell).or_insert((0.0, 0));
        e.0 += weight;
        e.1 += 1;
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// Record counts per cell (for small-number suppression).
    pub fn records(&self) -> Vec<(CellIndex, u64)> {
        let mut v: Vec<(CellIndex, u64)> = self.cells.iter().map(|(c, (_, n))| (*c, *n)).collect();
        v.sort();
        v
    }
}

/// Gi* over the occupied cells and their `rings`-ring neighbours. Cells come back sorted by index.
pub fn analyse(tally: &CellTally, rings: u32) -> Vec<HotspotCell> {
    if tally.is_empty() {
        return Vec::new();
    }
    let mut occupied: Vec<CellIndex> = tally.cells.keys().copied().collect();
    occupied.sort();
    let study = study_cells(&occupied, rings);
    let neighbours = kring_neighbours(&study, rings);
    let values: Vec<f64> = study
        .iter()
        .map(|c| tally.cells.get(c).map_or(0.0, |v| v.0))
        .collect();
    let result = hotspots(&values, &neighbours);
    study
        .iter()
        .enumerate()
        .map(|(i, cell)| HotspotCell {
            cell: *cell,
            count: values[i],
            records: tally.cells.get(cell).map_or(0, |v| v.1),
            gi_z: result.z[i],
            p_value: result.p[i],
            q_value: result.q[i],
            class: result.class[i],
        })
        .collect()
}

/// The weight of a record `age_days` old with the given half-life (1 when there is none).
pub fn recency_weight(age_days: f64, half_life_days: Option<f64>) -> f64 {
    match half_life_days {
        Some(h) if h > 0.0 && age_days > 0.0 => 0.5f64.powf(age_days / h),
        _ => 1.0,
    }
}

/// The middle of a date's precision (1 July for a year, the 15th for a month), for recency.
pub fn date_midpoint(year: i32, month: Option<u8>, day: Option<u8>) -> Option<time::Date> {
    let m = time::Month::try_from(month.unwrap_or(7)).ok()?;
    let d = day.unwrap_or(if month.is_some() { 15 } else { 1 });
    time::Date::from_calendar_date(year, m, d).ok()
}

/// The CSV of `beacon hotspots`: `cell,count,gi_z,p_value,q_value,class`, every number to full
/// precision (the shortest text that reads back to the same double, as the GeoJSON writes it).
pub fn write_csv(cells: &[HotspotCell], out: impl std::io::Write) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["cell", "count", "gi_z", "p_value", "q_value", "class"])?;
    for c in cells {
        w.write_record([
            c.cell.to_string(),
            full_precision(c.count),
            full_precision(c.gi_z),
            full_precision(c.p_value),
            full_precision(c.q_value),
            c.class.as_str().to_string(),
        ])?;
    }
    w.flush()
}

/// The shortest decimal text that reads back to exactly `x`: plain for ordinary magnitudes
/// (`-3.0902323061678132`, `12`), with an exponent below 10⁻⁵ or from 10¹⁶ (`1.2345e-300`), so a
/// p-value near 0 is not hundreds of zeros long.
pub fn full_precision(x: f64) -> String {
    let a = x.abs();
    if x == 0.0 || !x.is_finite() || (1e-5..1e16).contains(&a) {
        format!("{x}")
    } else {
        format!("{x:e}")
    }
}

/// A cell's boundary as a closed polygon (longitude, latitude).
pub fn cell_polygon(cell: CellIndex) -> Polygon<f64> {
    let mut ring: Vec<Coord<f64>> = cell
        .boundary()
        .iter()
        .map(|ll| Coord {
            x: ll.lng(),
            y: ll.lat(),
        })
        .collect();
    if let Some(first) = ring.first().copied() {
        ring.push(first);
    }
    Polygon::new(LineString::new(ring), Vec::new())
}

/// A GeoJSON feature: the cell's polygon with the given properties.
pub fn cell_feature(cell: CellIndex, properties: serde_json::Value) -> serde_json::Value {
    let coords: Vec<[f64; 2]> = cell_polygon(cell)
        .exterior()
        .coords()
        .map(|p| [p.x, p.y])
        .collect();
    serde_json::json!({
        "type": "Feature",
        "geometry": {"type": "Polygon", "coordinates": [coords]},
        "properties": properties,
    })
}

/// GeoJSON: one polygon feature per cell with its values as properties.
pub fn to_geojson(cells: &[HotspotCell], notes: &[String]) -> serde_json::Value {
    let features: Vec<serde_json::Value> = cells
        .iter()
        .map(|c| {
            cell_feature(
                c.cell,
                serde_json::json!({
                    "cell": c.cell.to_string(),
                    "count": c.count,
                    "records": c.records,
                    "gi_z": c.gi_z,
                    "p_value": c.p_value,
                    "q_value": c.q_value,
                    "class": c.class.as_str(),
                }),
            )
        })
        .collect();
    serde_json::json!({"type": "FeatureCollection", "features": features, "notes": notes})
}

/// Tallies stored incident points at `resolution`, weighting each by its confidence and, with a
/// half-life, by its age at `as_of`.
pub fn tally_points(
    points: &[super::IncidentPoint],
    resolution: Resolution,
    half_life_days: Option<f64>,
    as_of: time::Date,
) -> CellTally {
    let mut tally = CellTally::default();
    for p in points {
        let Ok(cell) = CellIndex::try_from(p.cell as u64) else {
            continue;
        };
        let Some(cell) = cell.parent(resolution) else {
            continue;
        };
        let age = p
            .date
            .and_then(|d| date_midpoint(d.year(), d.month(), d.day()))
            .map_or(0.0, |d| (as_of - d).whole_days() as f64);
        tally.add(cell, p.confidence * recency_weight(age, half_life_days));
    }
    tally
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dense_cluster_is_hot_and_the_study_area_is_its_rings() {
        let centre = LatLng::new(52.66, 0.16).unwrap().to_cell(Resolution::Eight);
        let mut tally = CellTally::default();
        // A cluster of 30 records in the centre and its ring, and scattered single records elsewhere.
        for c in centre.grid_disk::<Vec<_>>(1) {
            for _ in 0..5 {
                tally.add(c, 1.0);
            }
        }
        for i in 0..40 {
            let far = LatLng::new(52.0 + f64::from(i) * 0.02, -1.0 + f64::from(i % 7) * 0.05)
                .unwrap()
                .to_cell(Resolution::Eight);
            tally.add(far, 1.0);
        }
        let cells = analyse(&tally, 1);
        let hot = cells.iter().find(|c| c.cell == centre).unwrap();
        assert!(hot.class.is_hot(), "{hot:?}");
        assert_eq!(hot.records, 5);
        // Every occupied cell and every 1-ring neighbour is in the study area, and nothing else.
        let mut expected: Vec<CellIndex> = tally
            .cells
            .keys()
            .flat_map(|c| c.grid_disk::<Vec<_>>(1))
            .collect();
        expected.sort();
        expected.dedup();
        let got: Vec<CellIndex> = cells.iter().map(|c| c.cell).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn recency_halves_each_half_life() {
        assert_eq!(recency_weight(0.0, Some(365.0)), 1.0);
        assert!((recency_weight(365.0, Some(365.0)) - 0.5).abs() < 1e-12);
        assert!((recency_weight(730.0, Some(365.0)) - 0.25).abs() < 1e-12);
        assert_eq!(recency_weight(1000.0, None), 1.0);
        assert_eq!(
            date_midpoint(2020, None, None).unwrap().to_string(),
            "2020-07-01"
        );
        assert_eq!(
            date_midpoint(2020, Some(2), None).unwrap().to_string(),
            "2020-02-15"
        );
    }

    #[test]
    fn numbers_are_written_to_full_precision() {
        for x in [
            -3.090_232_306_167_813,
            1.0 / 3.0,
            0.05,
            12.0,
            2.5e-7,
            1.234_567_890_123_456_7e-300,
            f64::MIN_POSITIVE,
            1e16,
            3e17,
            0.0,
        ] {
            let text = full_precision(x);
            assert_eq!(
                text.parse::<f64>().unwrap().to_bits(),
                x.to_bits(),
                "{text}"
            );
            assert!(text.len() <= 24, "{text}");
        }
        assert_eq!(full_precision(12.0), "12");
        assert_eq!(full_precision(2.5e-7), "2.5e-7");
    }

    #[test]
    fn resolutions_outside_5_to_10_are_refused() {
        assert!(analysis_resolution(4).is_err());
        assert!(analysis_resolution(11).is_err());
        assert_eq!(analysis_resolution(8).unwrap(), Resolution::Eight);
    }
}
