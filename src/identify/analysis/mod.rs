//! Analyses of incidents: study cells and k-ring neighbours (`cells`), Gi*, p-values and trend tests
//! (`stats`), the hotspot pipeline (`hotspots`), the space-time cube and emerging patterns
//! (`space_time`, `emerging`), the forecast and its backtest (`forecast`), choosing a forecast on the training window and judging it against the baselines (`predict`), route tables (`routes`) and
//! small-number suppression (`privacy`).

pub mod cells;
pub mod emerging;
pub mod forecast;
pub mod hotspots;
pub mod predict;
pub mod privacy;
pub mod routes;
pub mod space_time;
pub mod stats;

use crate::identify::incidents::date::PartialDate;

/// A point of an incident for hotspot analysis: its destination cell (resolution 10), its weight and
/// when it happened.
#[derive(Debug, Clone, Copy)]
pub struct IncidentPoint {
    /// The stored incident's id (0 for points that are not stored); the disclosure policy's record key.
    pub id: i64,
    pub cell: i64,
    pub confidence: f64,
    /// `None` when the stored parts are not a date (rows imported through Beacon always are).
    pub date: Option<PartialDate>,
}
