//! Partner organisations (banks, local authorities, health, police, NGOs, employers) that receive training packs.

use sqlx::Row;

use super::{Store, StoreError, Tx};
use crate::accounts::Partner;

fn from_row(r: &sqlx::any::AnyRow) -> Result<Partner, StoreError> {
    Ok(Partner {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        sector: r.try_get("sector")?,
        created_at: r.try_get("created_at")?,
    })
}

impl Store {
    pub async fn partner_by_id(&self, id: i64) -> Result<Option<Partner>, StoreError> {
        let row = sqlx::query("SELECT id, name, sector, created_at FROM partners WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    pub async fn partner_by_name(&self, name: &str) -> Result<Option<Partner>, StoreError> {
        let row = sqlx::query("SELECT id, name, sector, created_at FROM partners WHERE name = $1")
            .bind(name.trim())
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    pub async fn list_partners(&self) -> Result<Vec<Partner>, StoreError> {
        let rows = sqlx::query("SELECT id, name, sector, created_at FROM partners ORDER BY name")
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(from_row).collect()
    }
}

impl Tx {
    /// Adds a partner organisation; a taken name is the `partners.name` unique violation.
    pub async fn create_partner(
        &mut self,
        name: &str,
        sector: &str,
        at: i64,
    ) -> Result<Partner, StoreError> {
        let row = sqlx::query(
            "INSERT INTO partners (name, sector, created_at) VALUES ($1, $2, $3) \
             RETURNING id, name, sector, created_at",
        )
        .bind(name.trim())
        .bind(sector)
        .bind(at)
        .fetch_one(self.conn())
        .await?;
        from_row(&row)
    }
}
