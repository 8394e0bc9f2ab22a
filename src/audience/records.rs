//! What Beacon keeps of regions, population layers and audiences, as the rest of Beacon reads them (the
//! store builds these from its rows).

/// A stored region, without its cells.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RegionRow {
    pub id: i64,
    pub name: String,
    pub resolution: u8,
    /// How the region was made.
    pub source: serde_json::Value,
    /// Cells at `resolution` (not compacted).
    pub cell_count: i64,
    pub area_km2: f64,
    /// Warnings from making it (repairs, coarsened cells...).
    pub notes: Vec<crate::message::Message>,
    pub created_at: i64,
}

/// A population layer, without its cells.
#[derive(Debug, Clone, serde::Serialize)]
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

/// A stored audience.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AudienceRow {
    pub id: i64,
    pub name: String,
    pub region_id: i64,
    pub spec: serde_json::Value,
    pub created_at: i64,
    pub updated_at: i64,
    /// The latest frozen version, if any.
    pub latest_version: Option<i64>,
}

/// A frozen audience.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Snapshot {
    pub id: i64,
    pub audience_id: i64,
    pub version: i64,
    pub reason: String,
    pub body: serde_json::Value,
    pub created_at: i64,
}
