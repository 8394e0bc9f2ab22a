//! The space-time cube of stored incidents (cell × month or ISO week) and its Emerging Hot Spot Analysis.

use std::collections::BTreeMap;

use h3o::{CellIndex, Resolution};
use serde::Serialize;

use super::IncidentPoint;
use super::cells::{kring_neighbours, study_cells};
use super::emerging::{Cube, Pattern, emerging_hotspots};

/// Length of a time step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Month,
    Week,
}

impl std::str::FromStr for Step {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "month" => Ok(Step::Month),
            "week" => Ok(Step::Week),
            other => Err(format!("`{other}`: month or week")),
        }
    }
}

impl Step {
    /// The step index of a date, or `None` when the date is too coarse (a year for a month, a month
    /// for a week).
    fn index(self, p: &IncidentPoint) -> Option<i64> {
        let d = p.date?;
        match self {
            Step::Month => Some(i64::from(d.year()) * 12 + i64::from(d.month()?) - 1),
            Step::Week => {
                let month = time::Month::try_from(d.month()?).ok()?;
                let date = time::Date::from_calendar_date(d.year(), month, d.day()?).ok()?;
                // Weeks since a Monday far in the past.
                let epoch = time::macros::date!(1900 - 01 - 01);
                Some((date - epoch).whole_days().div_euclid(7))
            }
        }
    }

    /// A label for step `index` (`2024-06` or `2024-W23`).
    pub fn label(self, index: i64) -> String {
        match self {
            Step::Month => format!(
                "{:04}-{:02}",
                index.div_euclid(12),
                index.rem_euclid(12) + 1
            ),
            Step::Week => {
                let epoch = time::macros::date!(1900 - 01 - 01);
                let monday = epoch + time::Duration::days(index * 7);
                let (year, week, _) = monday.to_iso_week_date();
                format!("{year:04}-W{week:02}")
            }
        }
    }
}

/// One cell of an emerging-hotspot analysis.
#[derive(Debug, Clone, Serialize)]
pub struct EmergingCell {
    #[serde(serialize_with = "cell_hex")]
    pub cell: CellIndex,
    /// new-hot, consecutive-hot, intensifying-hot, persistent-hot, diminishing-hot, sporadic-hot,
    /// oscillating-hot, historical-hot, the cold counterparts, or no-pattern.
    #[serde(serialize_with = "pattern_str")]
    pub pattern: Pattern,
    /// Records in the cell over all steps.
    pub records: u64,
    /// Steps in which the cell was a significant hot spot (FDR q < 0.10).
    pub hot_steps: usize,
    pub cold_steps: usize,
    /// Gi* z-score in the last step.
    pub last_z: f64,
    /// Mann-Kendall trend of the cell's z-scores: tau and two-sided p.
    pub trend_tau: f64,
    pub trend_p: f64,
}

fn cell_hex<S: serde::Serializer>(cell: &CellIndex, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&cell.to_string())
}

fn pattern_str<S: serde::Serializer>(p: &Pattern, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(p.as_str())
}

/// The result of an analysis: cells, the steps analysed, and what was left out.
#[derive(Debug, Clone, Serialize)]
pub struct EmergingResult {
    pub cells: Vec<EmergingCell>,
    /// Labels of the steps, oldest first.
    pub steps: Vec<String>,
    /// Records whose date is too coarse for the step (left out).
    pub undated: u64,
}

/// Builds the cube (study cells × every step from the first to the last with data) and classifies
/// each cell. At most `max_steps` most recent steps are kept.
pub fn analyse(
    points: &[IncidentPoint],
    resolution: Resolution,
    step: Step,
    rings: u32,
    max_steps: usize,
) -> EmergingResult {
    let mut by_cell_step: BTreeMap<(CellIndex, i64), f64> = BTreeMap::new();
    let mut records: BTreeMap<CellIndex, u64> = BTreeMap::new();
    let mut undated = 0;
    let mut steps_seen = Vec::new();
    for p in points {
        let Some(cell) = CellIndex::try_from(p.cell as u64)
            .ok()
            .and_then(|c| c.parent(resolution))
        else {
            continue;
        };
        let Some(index) = step.index(p) else {
            undated += 1;
            continue;
        };
        *by_cell_step.entry((cell, index)).or_default() += p.confidence;
        *records.entry(cell).or_default() += 1;
        steps_seen.push(index);
    }
    let (Some(&first), Some(&last)) = (steps_seen.iter().min(), steps_seen.iter().max()) else {
        return EmergingResult {
            cells: Vec::new(),
            steps: Vec::new(),
            undated,
        };
    };
    let first = first.max(last - max_steps.max(1) as i64 + 1);
    let n_steps = (last - first + 1) as usize;
    let occupied: Vec<CellIndex> = records.keys().copied().collect();
    let study = study_cells(&occupied, rings);
    let position: BTreeMap<CellIndex, usize> =
        study.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    let mut values = vec![0.0; study.len() * n_steps];
    for ((cell, index), w) in &by_cell_step {
        if *index < first {
            continue;
        }
        if let Some(&i) = position.get(cell) {
            let s = (*index - first) as usize;
            values[s * study.len() + i] += w;
        }
    }
    let steps: Vec<String> = (first..=last).map(|i| step.label(i)).collect();
    let Ok(cube) = Cube::new(study.len(), n_steps, values) else {
        return EmergingResult {
            cells: Vec::new(),
            steps,
            undated,
        };
    };
    let neighbours = kring_neighbours(&study, rings);
    let trends = emerging_hotspots(&cube, &neighbours);
    let cells = study
        .iter()
        .zip(trends)
        .map(|(cell, t)| EmergingCell {
            cell: *cell,
            pattern: t.pattern,
            records: records.get(cell).copied().unwrap_or(0),
            hot_steps: t
                .significance
                .iter()
                .filter(|s| matches!(s, super::emerging::Significance::Hot))
                .count(),
            cold_steps: t
                .significance
                .iter()
                .filter(|s| matches!(s, super::emerging::Significance::Cold))
                .count(),
            last_z: t.z.last().copied().unwrap_or(0.0),
            trend_tau: t.trend.tau,
            trend_p: t.trend.p,
        })
        .collect();
    EmergingResult {
        cells,
        steps,
        undated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identify::incidents::date::PartialDate;
    use h3o::LatLng;

    fn point(cell: CellIndex, year: i32, month: u8) -> IncidentPoint {
        IncidentPoint {
            id: 0,
            cell: u64::from(cell) as i64,
            confidence: 1.0,
            date: PartialDate::year_month(year, month).ok(),
        }
    }

    #[test]
    fn a_cluster_that_appears_late_is_emerging_and_steps_are_contiguous() {
        let base = LatLng::new(52.66, 0.16).unwrap().to_cell(Resolution::Ten);
        let mut points = Vec::new();
        // Background: single records spread over many cells and all 24 months.
        for i in 0..24 {
            let ll =
                LatLng::new(52.3 + f64::from(i) * 0.03, -0.4 + f64::from(i % 5) * 0.08).unwrap();
            let year = 2022 + i / 12;
            points.push(point(ll.to_cell(Resolution::Ten), year, (i % 12 + 1) as u8));
        }
        // In the last three months, a dense cluster.
        for month in 10..=12u8 {
            for c in base.grid_disk::<Vec<_>>(1) {
                for _ in 0..4 {
                    points.push(point(c, 2023, month));
                }
            }
        }
        points.push(IncidentPoint {
            id: 0,
            cell: u64::from(base) as i64,
            confidence: 1.0,
            date: PartialDate::year_only(2020).ok(),
        });
        let r = analyse(&points, Resolution::Eight, Step::Month, 1, 120);
        assert_eq!(r.steps.first().unwrap(), "2022-01");
        assert_eq!(r.steps.last().unwrap(), "2023-12");
        assert_eq!(r.steps.len(), 24);
        assert_eq!(r.undated, 1);
        let centre = r
            .cells
            .iter()
            .find(|c| c.cell == base.parent(Resolution::Eight).unwrap())
            .unwrap();
        assert!(
            matches!(
                centre.pattern,
                Pattern::ConsecutiveHot | Pattern::NewHot | Pattern::IntensifyingHot
            ),
            "{centre:?}"
        );
        assert_eq!(Step::Month.label(2023 * 12 + 5), "2023-06");
    }
}
