//! Anonymous community reports and their moderation queue.

use sqlx::Row;

use super::{Store, StoreError, Tx};
use crate::identify::incidents::community::{NewReport, StoredReport};

fn from_row(r: &sqlx::any::AnyRow) -> Result<StoredReport, StoreError> {
    let cell: i64 = r.try_get("cell")?;
    let signs: String = r.try_get("signs")?;
    Ok(StoredReport {
        id: r.try_get("id")?,
        day: r.try_get("day")?,
        cell: h3o::CellIndex::try_from(cell as u64)
            .map(|c| c.to_string())
            .unwrap_or_default(),
        category: r.try_get("category")?,
        signs: signs
            .split('|')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        locale: r.try_get("locale")?,
        status: r.try_get("status")?,
        incident_id: r.try_get("incident_id")?,
    })
}

const COLUMNS: &str = "id, day, cell, category, signs, locale, status, incident_id";

impl Store {
    /// Reports with `status`, by day (oldest first) and then by their random id: never in the order they
    /// arrived.
    pub async fn reports_with_status(&self, status: &str) -> Result<Vec<StoredReport>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM community_reports WHERE status = $1 ORDER BY day, id"
        ))
        .bind(status)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(from_row).collect()
    }

    pub async fn report_by_id(&self, id: i64) -> Result<Option<StoredReport>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM community_reports WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// The id of the incident stored under a dedupe key.
    pub async fn incident_id_by_key(&self, key: &str) -> Result<Option<i64>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT id FROM incidents WHERE dedupe_key = $1")
                .bind(key)
                .fetch_optional(self.pool())
                .await?,
        )
    }
}

impl Tx {
    /// Stores an anonymous report under `id` (random, chosen by the caller); the caller's commit is what
    /// makes it stored.
    pub async fn create_report(&mut self, id: i64, report: &NewReport) -> Result<i64, StoreError> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO community_reports (id, day, cell, category, signs, locale) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(id)
        .bind(report.day.to_string())
        .bind(u64::from(report.cell) as i64)
        .bind(report.category)
        .bind(report.signs.join("|"))
        .bind(report.locale.as_str())
        .fetch_one(self.conn())
        .await?;
        Ok(id)
    }

    /// Marks a pending report as reviewed (accepted with its incident, or rejected). Returns false when the
    /// report was not pending (someone else reviewed it first).
    pub async fn review_report(
        &mut self,
        id: i64,
        status: &str,
        reviewer: Option<i64>,
        incident_id: Option<i64>,
        day: time::Date,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE community_reports SET status = $1, reviewed_by = $2, reviewed_day = $3, incident_id = $4 \
             WHERE id = $5 AND status = 'pending'",
        )
        .bind(status)
        .bind(reviewer)
        .bind(day.to_string())
        .bind(incident_id)
        .bind(id)
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
