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
