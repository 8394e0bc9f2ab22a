//! Small-number suppression for everything that leaves the analyst role.
//!
//! A cell or group with fewer than `k` records could point at a person. Before such output is shown, cells
//! are rolled up to their parent cell (all siblings together, so that no map shows a parent over its own
//! children) until every cell holds at least `k` records; what is still under `k` at resolution 0 goes to
//! "other". Groups (table rows) under `k` are merged into one "other" row, and if that row is itself under
//! `k` its count is withheld. Every result says what was done.

use std::collections::BTreeMap;

use h3o::CellIndex;
use serde::Serialize;

/// Cells after suppression.
#[derive(Debug, Clone)]
pub struct RolledCells {
    /// Every cell holds at least `k` records.
    pub cells: Vec<(CellIndex, u64)>,
    /// Records in cells that could not reach `k` even at resolution 0 (shown as "other", or withheld).
    pub other: u64,
    /// How many input cells were merged into coarser ones.
    pub rolled_up: usize,
    pub k: u64,
}

impl RolledCells {
    /// A sentence for the output, in English; pages use the counts with their own words.
    pub fn note(&self) -> String {
        format!(
            "Cells with fewer than {} records were rolled up to their parent cells ({} cells merged); {} records in areas too small to show are counted as other.",
            self.k, self.rolled_up, self.other
        )
    }
}

/// Rolls cells (all at one resolution) up until each has at least `k` records.
pub fn roll_up_cells(cells: &[(CellIndex, u64)], k: u64) -> RolledCells {
    let k = k.max(1);
    let mut current: BTreeMap<CellIndex, u64> = BTreeMap::new();
    for (cell, n) in cells {
        if *n > 0 {
            *current.entry(*cell).or_default() += n;
        }
    }
    let original: Vec<CellIndex> = current.keys().copied().collect();
    let mut other = 0;
    loop {
        if current.values().all(|n| *n >= k) {
            break;
        }
        // The finest resolution that still has a small cell.
        let Some(finest) = current
            .iter()
            .filter(|(_, n)| **n < k)
            .map(|(c, _)| c.resolution())
            .max()
        else {
            break;
        };
        let Some(coarser) = finest.pred() else {
            // Resolution 0 and still too small: counted as other, never shown.
            let small: Vec<CellIndex> = current
                .iter()
                .filter(|(c, n)| **n < k && c.resolution() == finest)
                .map(|(c, _)| *c)
                .collect();
            for c in small {
                other += current.remove(&c).unwrap_or(0);
            }
            continue;
        };
        // Parents of the small cells at this resolution: merge each one's whole family, finer
        // descendants included, so that no parent is ever shown over its own children.
        let parents: Vec<CellIndex> = current
            .iter()
            .filter(|(c, n)| **n < k && c.resolution() == finest)
            .filter_map(|(c, _)| c.parent(coarser))
            .collect();
        for parent in parents {
            let family: Vec<CellIndex> = current
                .keys()
                .filter(|c| c.resolution() >= finest && c.parent(coarser) == Some(parent))
                .copied()
                .collect();
            let total: u64 = family.iter().filter_map(|c| current.remove(c)).sum();
            *current.entry(parent).or_default() += total;
        }
    }
    let rolled_up = original.iter().filter(|c| !current.contains_key(c)).count();
    RolledCells {
        cells: current.into_iter().collect(),
        other,
        rolled_up,
        k,
    }
}

/// Rows of a table after suppression.
#[derive(Debug, Clone, Serialize)]
pub struct RolledGroups<T> {
    /// Rows with at least `k` records.
    pub rows: Vec<(T, u64)>,
    /// Records of the rows under `k`, merged; `None` when that total is itself under `k` (withheld).
    pub other: Option<u64>,
    /// How many rows were merged into "other".
    pub merged: usize,
    pub k: u64,
}

/// Merges every group under `k` into one "other" row.
pub fn roll_up_groups<T: Clone>(groups: &[(T, u64)], k: u64) -> RolledGroups<T> {
    let k = k.max(1);
    let mut rows = Vec::new();
    let mut other = 0;
    let mut merged = 0;
    for (g, n) in groups {
        if *n >= k {
            rows.push((g.clone(), *n));
        } else if *n > 0 {
            other += n;
            merged += 1;
        }
    }
    RolledGroups {
        rows,
        other: (other >= k)
            .then_some(other)
            .or(if other == 0 { Some(0) } else { None }),
        merged,
        k,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use h3o::{LatLng, Resolution};

    fn cell(lat: f64, lon: f64) -> CellIndex {
        LatLng::new(lat, lon).unwrap().to_cell(Resolution::Nine)
    }

    #[test]
    fn no_cell_under_k_survives_and_nothing_is_lost() {
        // A deterministic spread of counts 1..=9 over many cells.
        let mut cells = Vec::new();
        let mut total = 0;
        for i in 0..400u64 {
            let lat = 52.5 + (i % 20) as f64 * 0.01;
            let lon = -0.1 + (i / 20) as f64 * 0.013;
            let n = (i * 7919) % 9 + 1;
            total += n;
            cells.push((cell(lat, lon), n));
        }
        for k in [2, 5, 10, 50] {
            let r = roll_up_cells(&cells, k);
            assert!(r.cells.iter().all(|(_, n)| *n >= k), "k = {k}");
            let kept: u64 = r.cells.iter().map(|(_, n)| n).sum();
            assert_eq!(
                kept + r.other,
                total,
                "k = {k}: every record is kept or counted as other"
            );
            // No shown cell is an ancestor of another (no parent drawn over its children).
            for (a, _) in &r.cells {
                for (b, _) in &r.cells {
                    if a.resolution() < b.resolution() {
                        assert_ne!(b.parent(a.resolution()), Some(*a));
                    }
                }
            }
        }
    }

    #[test]
    fn cells_at_or_over_k_stay_where_they_are() {
        let a = cell(52.6, 0.1);
        let b = cell(53.9, -1.5);
        let r = roll_up_cells(&[(a, 5), (b, 7)], 5);
        assert_eq!(
            r.cells,
            vec![(a, 5), (b, 7)]
                .into_iter()
                .collect::<BTreeMap<_, _>>()
                .into_iter()
                .collect::<Vec<_>>()
        );
        assert_eq!(r.rolled_up, 0);
        assert_eq!(r.other, 0);
    }

    #[test]
    fn a_lone_record_ends_up_in_other() {
        let r = roll_up_cells(&[(cell(52.6, 0.1), 1)], 5);
        assert!(r.cells.is_empty());
        assert_eq!(r.other, 1);
    }

    #[test]
    fn small_groups_merge_into_other_and_a_small_other_is_withheld() {
        let g = roll_up_groups(&[("LT→GB", 12), ("RO→GB", 3), ("PL→GB", 1)], 5);
        assert_eq!(g.rows, vec![("LT→GB", 12)]);
        assert_eq!(g.other, None, "4 records in other is under k: withheld");
        assert_eq!(g.merged, 2);
        let g = roll_up_groups(&[("a", 3), ("b", 4)], 5);
        assert_eq!(g.other, Some(7));
    }
}
