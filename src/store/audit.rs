//! The audit log: who did what, and when. Entries are written inside the transaction of the command
//! they record ([`Tx::audit`]), so a command and its entry are stored together or not at all.

use sqlx::Row;

use super::{Store, StoreError, Tx};
use crate::accounts::AuditEntry;

/// What one audit row says: written by the application layer from its typed events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub at: i64,
    pub user_id: Option<i64>,
    pub action: &'static str,
    pub subject: String,
    pub detail: String,
}

/// Shared with the bulk imports, which write their audit row inside their own transaction.
pub(super) const INSERT: &str =
    "INSERT INTO audit_log (at, user_id, action, subject, detail) VALUES ($1, $2, $3, $4, $5)";

impl Tx {
    pub async fn audit(&mut self, record: &AuditRecord) -> Result<(), StoreError> {
        sqlx::query(INSERT)
            .bind(record.at)
            .bind(record.user_id)
            .bind(record.action)
            .bind(&record.subject)
            .bind(&record.detail)
            .execute(self.conn())
            .await?;
        Ok(())
    }
}

impl Store {
    /// Writes one audit entry on its own, for reads (which have no transaction of their own).
    pub async fn audit_read(&self, record: &AuditRecord) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        tx.audit(record).await?;
        tx.commit().await
    }

    /// The newest entries first.
    pub async fn audit_entries(&self, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, at, user_id, action, subject, detail FROM audit_log ORDER BY id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AuditEntry {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    user_id: r.try_get("user_id")?,
                    action: r.try_get("action")?,
                    subject: r.try_get("subject")?,
                    detail: r.try_get("detail")?,
                })
            })
            .collect()
    }
}
