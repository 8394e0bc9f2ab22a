//! Regions, population layers, community shares, audiences and their snapshots.

use sqlx::Row;

use super::{Store, StoreError, Tx};
use crate::audience::languages::CommunityShare;
use crate::audience::records::{AudienceRow, PopulationLayer, RegionRow, Snapshot};
use crate::message::Message;

/// What a new region is made of.
#[derive(Debug, Clone)]
pub struct NewRegion<'a> {
    pub name: &'a str,
    pub resolution: u8,
    pub source: &'a serde_json::Value,
    /// Compacted cells as [`crate::audience::cellset::CellSet::encode`] writes them.
    pub cells: &'a str,
    pub cell_count: i64,
    pub area_km2: f64,
    pub notes: &'a [Message],
    pub created_by: Option<i64>,
}

fn json(r: &sqlx::any::AnyRow, column: &str) -> Result<serde_json::Value, StoreError> {
    let text: String = r.try_get(column)?;
    Ok(serde_json::from_str(&text).unwrap_or(serde_json::Value::Null))
}

fn region_from_row(r: &sqlx::any::AnyRow) -> Result<RegionRow, StoreError> {
    let resolution: i64 = r.try_get("resolution")?;
    // Notes are messages; a region stored before they were (English text) keeps its text as it was.
    let notes: Vec<Message> = match json(r, "notes")? {
        serde_json::Value::Array(items) => items
            .into_iter()
            .filter_map(|n| match n {
                serde_json::Value::String(text) => {
                    Some(Message::new("region-note-stored").text("note", text))
                }
                other => serde_json::from_value(other).ok(),
            })
            .collect(),
        _ => Vec::new(),
    };
    Ok(RegionRow {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        resolution: resolution as u8,
        source: json(r, "source")?,
        cell_count: r.try_get("cell_count")?,
        area_km2: r.try_get("area_km2")?,
        notes,
        created_at: r.try_get("created_at")?,
    })
}

const REGION_COLUMNS: &str =
    "id, name, resolution, source, cell_count, area_km2, notes, created_at";
const LAYER_COLUMNS: &str =
    "id, name, kind, resolution, source_name, method, total, cell_count, created_at";

fn layer_from_row(r: &sqlx::any::AnyRow) -> Result<PopulationLayer, StoreError> {
    let resolution: i64 = r.try_get("resolution")?;
    Ok(PopulationLayer {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        kind: r.try_get("kind")?,
        resolution: resolution as u8,
        source_name: r.try_get("source_name")?,
        method: r.try_get("method")?,
        total: r.try_get("total")?,
        cell_count: r.try_get("cell_count")?,
        created_at: r.try_get("created_at")?,
    })
}

fn audience_from_row(r: &sqlx::any::AnyRow) -> Result<AudienceRow, StoreError> {
    Ok(AudienceRow {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        region_id: r.try_get("region_id")?,
        spec: json(r, "spec")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        latest_version: r.try_get("latest_version")?,
    })
}

const AUDIENCE_SELECT: &str = "SELECT a.id, a.name, a.region_id, a.spec, a.created_at, a.updated_at, \
     (SELECT MAX(s.version) FROM audience_snapshots s WHERE s.audience_id = a.id) AS latest_version \
     FROM audiences a";

impl Store {
    pub async fn list_regions(&self) -> Result<Vec<RegionRow>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {REGION_COLUMNS} FROM regions ORDER BY name"
        ))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(region_from_row).collect()
    }

    pub async fn region_by_id(&self, id: i64) -> Result<Option<RegionRow>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {REGION_COLUMNS} FROM regions WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(region_from_row).transpose()
    }

    /// The region's compacted cells as stored.
    pub async fn region_cells(&self, id: i64) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT cells FROM regions WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| r.try_get("cells").map_err(StoreError::from))
            .transpose()
    }

    pub async fn community_shares(
        &self,
        region_id: i64,
    ) -> Result<Vec<CommunityShare>, StoreError> {
        let rows = sqlx::query(
            "SELECT locale, share, source FROM community_shares WHERE region_id = $1 ORDER BY share DESC, locale",
        )
        .bind(region_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(CommunityShare {
                    locale: r.try_get("locale")?,
                    share: r.try_get("share")?,
                    source: r.try_get("source")?,
                })
            })
            .collect()
    }

    /// Layers, newest first.
    pub async fn list_population_layers(&self) -> Result<Vec<PopulationLayer>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {LAYER_COLUMNS} FROM population_layers ORDER BY id DESC"
        ))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(layer_from_row).collect()
    }

    pub async fn population_layer_cells(&self, id: i64) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT cells FROM population_layers WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| r.try_get("cells").map_err(StoreError::from))
            .transpose()
    }

    pub async fn list_audiences(&self) -> Result<Vec<AudienceRow>, StoreError> {
        let rows = sqlx::query(&format!("{AUDIENCE_SELECT} ORDER BY a.name"))
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(audience_from_row).collect()
    }

    pub async fn audience_by_id(&self, id: i64) -> Result<Option<AudienceRow>, StoreError> {
        let row = sqlx::query(&format!("{AUDIENCE_SELECT} WHERE a.id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(audience_from_row).transpose()
    }

    /// Snapshots of an audience, newest first.
    /// One snapshot by its id.
    pub async fn snapshot(&self, id: i64) -> Result<Option<Snapshot>, StoreError> {
        let row = sqlx::query(
            "SELECT id, audience_id, version, reason, body, created_at FROM audience_snapshots WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(snapshot_from_row).transpose()
    }

    pub async fn snapshots(&self, audience_id: i64) -> Result<Vec<Snapshot>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, audience_id, version, reason, body, created_at FROM audience_snapshots \
             WHERE audience_id = $1 ORDER BY version DESC",
        )
        .bind(audience_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(snapshot_from_row).collect()
    }
}

/// A new population layer: its cells as [`crate::audience::population::PopulationGrid::encode`] writes
/// them.
#[derive(Debug, Clone)]
pub struct NewPopulationLayer<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub resolution: u8,
    pub source_name: &'a str,
    pub method: &'a str,
    pub total: f64,
    pub cell_count: i64,
    pub cells: &'a str,
    pub created_by: Option<i64>,
}

/// The writes, each inside the transaction of the command that also writes its audit entry. Every one
/// writes before it reads, so that on SQLite the transaction holds the write lock from its first
/// statement (a deferred transaction that read first could not take it later if another had written).
impl Tx {
    /// Stores a region in one statement; a taken name is the `regions.name` unique violation.
    pub async fn create_region(
        &mut self,
        region: &NewRegion<'_>,
        at: i64,
    ) -> Result<RegionRow, StoreError> {
        let row = sqlx::query(&format!(
            "INSERT INTO regions (name, resolution, source, cells, cell_count, area_km2, notes, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING {REGION_COLUMNS}"
        ))
        .bind(region.name.trim())
        .bind(i64::from(region.resolution))
        .bind(region.source.to_string())
        .bind(region.cells)
        .bind(region.cell_count)
        .bind(region.area_km2)
        .bind(serde_json::to_string(region.notes).unwrap_or_else(|_| "[]".into()))
        .bind(region.created_by)
        .bind(at)
        .fetch_one(self.conn())
        .await?;
        region_from_row(&row)
    }

    /// Deletes a region no audience uses (an audience's foreign key refuses it otherwise); `false` when
    /// it did not exist.
    pub async fn delete_region(&mut self, id: i64) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM regions WHERE id = $1")
            .bind(id)
            .execute(self.conn())
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Replaces the region's community shares.
    pub async fn set_community_shares(
        &mut self,
        region_id: i64,
        shares: &[CommunityShare],
    ) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM community_shares WHERE region_id = $1")
            .bind(region_id)
            .execute(self.conn())
            .await?;
        for s in shares {
            sqlx::query(
                "INSERT INTO community_shares (region_id, locale, share, source) VALUES ($1, $2, $3, $4)",
            )
            .bind(region_id)
            .bind(&s.locale)
            .bind(s.share)
            .bind(&s.source)
            .execute(self.conn())
            .await?;
        }
        Ok(())
    }

    /// Stores a population layer; a taken name is the `population_layers.name` unique violation.
    pub async fn create_population_layer(
        &mut self,
        layer: &NewPopulationLayer<'_>,
        at: i64,
    ) -> Result<PopulationLayer, StoreError> {
        let row = sqlx::query(&format!(
            "INSERT INTO population_layers (name, kind, resolution, source_name, method, total, cell_count, cells, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING {LAYER_COLUMNS}"
        ))
        .bind(layer.name.trim())
        .bind(layer.kind)
        .bind(i64::from(layer.resolution))
        .bind(layer.source_name)
        .bind(layer.method)
        .bind(layer.total)
        .bind(layer.cell_count)
        .bind(layer.cells)
        .bind(layer.created_by)
        .bind(at)
        .fetch_one(self.conn())
        .await?;
        layer_from_row(&row)
    }

    /// Stores an audience; a taken name is the `audiences.name` unique violation.
    pub async fn create_audience(
        &mut self,
        name: &str,
        region_id: i64,
        spec: &serde_json::Value,
        created_by: Option<i64>,
        at: i64,
    ) -> Result<AudienceRow, StoreError> {
        let row = sqlx::query(
            "INSERT INTO audiences (name, region_id, spec, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        )
        .bind(name)
        .bind(region_id)
        .bind(spec.to_string())
        .bind(created_by)
        .bind(at)
        .fetch_one(self.conn())
        .await?;
        let id: i64 = row.try_get("id")?;
        let row = sqlx::query(&format!("{AUDIENCE_SELECT} WHERE a.id = $1"))
            .bind(id)
            .fetch_one(self.conn())
            .await?;
        audience_from_row(&row)
    }

    /// Stores the next version of an audience's snapshot; `None` when there is no such audience.
    /// Versions count up from 1; two callers freezing at once cannot both get the same version (the
    /// unique key refuses the second, which retries inside a savepoint, so that its transaction
    /// survives the refusal on PostgreSQL).
    pub async fn freeze_audience(
        &mut self,
        audience_id: i64,
        reason: &str,
        body: &serde_json::Value,
        created_by: Option<i64>,
        at: i64,
    ) -> Result<Option<Snapshot>, StoreError> {
        // A write first: it takes SQLite's write lock, and says whether the audience exists.
        let touched = sqlx::query("UPDATE audiences SET updated_at = updated_at WHERE id = $1")
            .bind(audience_id)
            .execute(self.conn())
            .await?;
        if touched.rows_affected() == 0 {
            return Ok(None);
        }
        let mut attempts = 0;
        loop {
            attempts += 1;
            let mut savepoint = sqlx::Connection::begin(self.conn()).await?;
            let row = sqlx::query(
                "SELECT COALESCE(MAX(version), 0) AS v FROM audience_snapshots WHERE audience_id = $1",
            )
            .bind(audience_id)
            .fetch_one(&mut *savepoint)
            .await?;
            let version: i64 = row.try_get::<i64, _>("v")? + 1;
            let inserted = sqlx::query(
                "INSERT INTO audience_snapshots (audience_id, version, reason, body, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, audience_id, version, reason, body, created_at",
            )
            .bind(audience_id)
            .bind(version)
            .bind(reason)
            .bind(body.to_string())
            .bind(created_by)
            .bind(at)
            .fetch_one(&mut *savepoint)
            .await;
            match inserted {
                Ok(r) => {
                    savepoint.commit().await?;
                    return snapshot_from_row(&r).map(Some);
                }
                Err(e) => {
                    savepoint.rollback().await?;
                    let e = StoreError::from(e);
                    if attempts < 5 && e.is_constraint_violation() {
                        continue;
                    }
                    return Err(e);
                }
            }
        }
    }
}

fn snapshot_from_row(r: &sqlx::any::AnyRow) -> Result<Snapshot, StoreError> {
    Ok(Snapshot {
        id: r.try_get("id")?,
        audience_id: r.try_get("audience_id")?,
        version: r.try_get("version")?,
        reason: r.try_get("reason")?,
        body: json(r, "body")?,
        created_at: r.try_get("created_at")?,
    })
}
