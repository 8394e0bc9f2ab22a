//! The OpenAPI descriptions of the identify API's bodies and filters. Store rows and the incident filter are
//! (de)serialized as they are; these describe them for the document, and the integration tests compare real
//! responses with them.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Filters on incidents; absent means any.
#[derive(Deserialize, IntoParams, ToSchema)]
#[allow(dead_code)] // Read by the OpenAPI derive only: handlers deserialize the store's own filter.
pub struct IncidentQuery {
    /// First year included.
    pub from_year: Option<i32>,
    /// Last year included.
    pub to_year: Option<i32>,
    pub exploitation_type: Option<String>,
    /// Victim nationality, ISO 3166 alpha-2.
    pub nationality: Option<String>,
    pub data_source: Option<String>,
    pub victim_gender: Option<String>,
    pub recruitment: Option<String>,
}

/// What an import did (or, in a dry run, would do).
#[derive(Serialize, ToSchema)]
pub struct ImportOutcome {
    /// The import's id (absent in a dry run).
    pub import_id: Option<i64>,
    pub rows: u64,
    pub added: u64,
    /// Records already stored (recognised by their dedupe key), so not added again.
    pub duplicates: u64,
    pub dry_run: bool,
}

/// An incident as analysts read it (never outside the analyst role; every read is audited).
#[derive(Serialize, ToSchema)]
pub struct StoredIncident {
    pub id: i64,
    pub external_id: Option<String>,
    pub year: i64,
    pub month: Option<i64>,
    pub day: Option<i64>,
    pub source_country: Option<String>,
    pub transit_country: Option<String>,
    pub destination_country: Option<String>,
    pub destination_lat: Option<f64>,
    pub destination_lon: Option<f64>,
    pub recruitment: Option<String>,
    pub control_methods: Vec<String>,
    pub transport: Option<String>,
    pub exploitation_type: Option<String>,
    pub exploitation_subtype: Option<String>,
    pub victim_age_band: Option<String>,
    pub victim_gender: Option<String>,
    pub victim_nationality: Option<String>,
    pub data_source: String,
    pub confidence: f64,
}

/// A community report as the moderation queue shows it.
#[derive(Serialize, ToSchema)]
pub struct StoredReport {
    pub id: i64,
    /// The day, YYYY-MM-DD.
    pub day: String,
    /// The H3 cell (hex) the report was coarsened to.
    pub cell: String,
    pub category: String,
    pub signs: Vec<String>,
    pub locale: String,
    /// pending, accepted or rejected.
    pub status: String,
    /// The incident an accepted report became.
    pub incident_id: Option<i64>,
}

/// One cell of a hotspot analysis.
#[derive(Serialize, ToSchema)]
pub struct HotspotCell {
    /// H3 index, hexadecimal.
    pub cell: String,
    /// Weighted count (confidence × recency).
    pub count: f64,
    /// Number of records in the cell.
    pub records: u64,
    pub gi_z: f64,
    pub p_value: f64,
    /// Benjamini-Hochberg FDR-adjusted p-value.
    pub q_value: f64,
    /// hot-99, hot-95, hot-90, cold-…, none.
    pub class: String,
}

/// One cell of an emerging-hotspot analysis.
#[derive(Serialize, ToSchema)]
pub struct EmergingCell {
    /// H3 index, hexadecimal.
    pub cell: String,
    /// new-hot, consecutive-hot, intensifying-hot, persistent-hot, diminishing-hot, sporadic-hot,
    /// oscillating-hot, historical-hot, the cold counterparts, or no-pattern.
    pub pattern: String,
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

/// The result of an analysis: cells, the steps analysed, and what was left out.
#[derive(Serialize, ToSchema)]
pub struct EmergingResult {
    pub cells: Vec<EmergingCell>,
    /// Labels of the steps, oldest first.
    pub steps: Vec<String>,
    /// Records whose date is too coarse for the step (left out).
    pub undated: u64,
}

/// One route and what travels on it.
#[derive(Serialize, ToSchema)]
pub struct Route {
    /// Country codes (or H3 cells at cell level); `None` is unknown.
    pub source: Option<String>,
    pub transit: Option<String>,
    pub destination: Option<String>,
    pub count: u64,
    /// Victims' nationalities on this route, most frequent first.
    pub nationalities: Vec<(String, u64)>,
    /// Exploitation types on this route, most frequent first.
    pub exploitation_types: Vec<(String, u64)>,
}

/// Totals of a route table.
#[derive(Serialize, ToSchema)]
pub struct RouteSummary {
    pub incidents: u64,
    /// Incidents whose source and destination are both known.
    pub with_route: u64,
    pub source_countries: usize,
    pub destination_countries: usize,
    pub routes: usize,
}
