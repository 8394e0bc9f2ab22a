//! The OpenAPI schemas of the audience API's bodies. Domain and store types are (de)serialized as they
//! are; these mirror their JSON shape for the document, so that neither knows of the HTTP edge. A field
//! added to one of those types belongs here too.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Where a region's cells come from.
#[derive(Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum RegionSource {
    /// A GeoJSON geometry, feature or feature collection of Polygons and MultiPolygons.
    Geojson {
        #[schema(value_type = Object)]
        geojson: serde_json::Value,
        /// The file's name, used in messages.
        #[serde(default)]
        file: Option<String>,
    },
    /// Districts of the campaign area (the demo's Fenland districts), by name.
    Districts { names: Vec<String> },
    /// Cells that are hot at `confidence` (90, 95 or 99) in a Gi* analysis of stored incidents, grown by
    /// `rings` rings of neighbours.
    Hotspots {
        confidence: u8,
        #[serde(default)]
        rings: u32,
        /// Resolution of the analysis (default 7).
        #[serde(default)]
        analysis_resolution: Option<u8>,
    },
    /// Cells picked by hand (H3 hex).
    Cells { cells: Vec<String> },
    /// Every cell in any of the regions.
    Union { regions: Vec<i64> },
    /// The cells in all of the regions.
    Intersection { regions: Vec<i64> },
}

/// A request for a new region.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegionRequest {
    pub name: String,
    /// H3 resolution to store it at (default `audience.resolution`).
    #[serde(default)]
    pub resolution: Option<u8>,
    pub source: RegionSource,
    /// Regions (exclusion zones) whose cells are taken out.
    #[serde(default)]
    pub exclude: Vec<i64>,
}

/// A stored region, without its cells.
#[derive(Serialize, ToSchema)]
pub struct RegionRow {
    pub id: i64,
    pub name: String,
    pub resolution: u8,
    /// How the region was made.
    #[schema(value_type = Object)]
    pub source: serde_json::Value,
    /// Cells at `resolution` (not compacted).
    pub cell_count: i64,
    pub area_km2: f64,
    /// Warnings from making it (repairs, coarsened cells...).
    pub notes: Vec<String>,
    pub created_at: i64,
}

/// A population layer, without its cells.
#[derive(Serialize, ToSchema)]
pub struct PopulationLayer {
    pub id: i64,
    pub name: String,
    /// `grid` or `settlements`.
    pub kind: String,
    pub resolution: u8,
    pub source_name: String,
    /// How the figures were made.
    pub method: String,
    pub total: f64,
    pub cell_count: i64,
    pub created_at: i64,
}

/// A configured share of a region's residents who speak a language.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct CommunityShare {
    /// Locale (BCP 47 language tag), e.g. `lt`.
    pub locale: String,
    /// Share of the region's residents, 0 to 1.
    pub share: f64,
    /// Where the figure comes from (shown with every estimate).
    pub source: String,
}

/// One suggested locale.
#[derive(Serialize, ToSchema)]
pub struct LanguageSuggestion {
    pub locale: String,
    /// Estimated residents of the region who speak it (configured share or the host country's CLDR share).
    pub residents: Option<f64>,
    /// Victims in the region's incidents whose nationality's languages include it (CLDR-weighted).
    pub victims_in_region: f64,
    /// The same for incidents with the region's country as destination.
    pub victims_on_routes: f64,
    /// Whether Beacon has locale files for it (campaign texts can be written in it).
    pub available: bool,
    /// Where each estimate comes from, in plain words.
    pub sources: Vec<String>,
    /// The incidents behind the victim estimates, per nationality, through the disclosure policy.
    pub nationalities: Vec<NationalityEvidence>,
}

/// Incidents of one victim nationality behind a suggestion: 0 is left out and none is under k.
#[derive(Serialize, ToSchema)]
pub struct NationalityEvidence {
    /// ISO 3166 alpha-2.
    pub country: String,
    pub incidents: u64,
    /// Share of the country's people who speak the language (CLDR).
    pub share: f64,
    /// In the region's incidents (true) or on routes into its country (false).
    pub in_region: bool,
}

/// The platforms Beacon compiles geo-targets for.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Meta,
    Google,
}

/// One radius target.
#[derive(Serialize, ToSchema)]
pub struct CircleOut {
    pub latitude: f64,
    pub longitude: f64,
    pub radius_km: f64,
}

/// A compilation with the platform's own request shape.
#[derive(Serialize, ToSchema)]
pub struct PlatformTargets {
    pub platform: Platform,
    pub targets: Vec<CircleOut>,
    pub excluded: Vec<CircleOut>,
    pub coverage: f64,
    pub spill: f64,
    pub count: usize,
    /// Circles the naive answer (one per compacted cell) would use.
    pub baseline: usize,
    pub goals_met: bool,
    pub notes: Vec<String>,
    /// What the platform's API takes (Meta: targeting geo_locations; Google: proximity criteria).
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
}

/// What campaign staff choose.
#[derive(Deserialize, ToSchema)]
pub struct AudienceSpec {
    pub name: String,
    pub region_id: i64,
    /// Locales (BCP 47), e.g. `["en", "lt"]`.
    pub locales: Vec<String>,
    /// Age bands from `audience.age_bands`; empty means every band.
    #[serde(default)]
    pub age_bands: Vec<String>,
    /// Genders from `audience.genders`; empty means everyone.
    #[serde(default)]
    pub genders: Vec<String>,
}

/// A stored audience.
#[derive(Serialize, ToSchema)]
pub struct AudienceRow {
    pub id: i64,
    pub name: String,
    pub region_id: i64,
    #[schema(value_type = Object)]
    pub spec: serde_json::Value,
    pub created_at: i64,
    pub updated_at: i64,
    /// The latest frozen version, if any.
    pub latest_version: Option<i64>,
}

/// The estimated size for one locale.
#[derive(Serialize, ToSchema)]
pub struct LocaleSize {
    pub locale: String,
    /// Residents of the region estimated to speak it, when known.
    pub speakers: Option<f64>,
    /// Speakers in the chosen age bands and genders.
    pub size: Option<f64>,
    /// How the figure was made, in plain words.
    pub basis: String,
}

/// The audience's estimate and every input behind it.
#[derive(Serialize, ToSchema)]
pub struct AudienceEstimate {
    pub region_population: Option<f64>,
    pub population_source: String,
    pub age_share: f64,
    pub gender_share: f64,
    pub demographics_source: String,
    pub sizes: Vec<LocaleSize>,
    /// The inputs, one sentence each.
    pub inputs: Vec<String>,
}

/// Everything an audience view shows.
#[derive(Serialize, ToSchema)]
pub struct AudienceView {
    pub audience: AudienceRow,
    pub region: RegionRow,
    pub estimate: AudienceEstimate,
    pub languages: Vec<LanguageSuggestion>,
}

/// A frozen audience.
#[derive(Serialize, ToSchema)]
pub struct Snapshot {
    pub id: i64,
    pub audience_id: i64,
    pub version: i64,
    pub reason: String,
    #[schema(value_type = Object)]
    pub body: serde_json::Value,
    pub created_at: i64,
}
