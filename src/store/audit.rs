//! The audit log: who did what, and when. Entries are written inside the transaction of the command
//! they record ([`Tx::audit`]), so a command and its entry are stored together or not at all.

use sqlx::Row;

use super::{Store, StoreError, Tx};
use crate::accounts::{AuditEntry, AuditQuery};

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
        self.audit_search(&AuditQuery::default(), limit).await
    }

    /// Up to `limit` entries the query selects, newest first: the newest ones, those just older than
    /// `before`, or those just newer than `after`.
    pub async fn audit_search(
        &self,
        query: &AuditQuery,
        limit: i64,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        enum Bind<'a> {
            Int(i64),
            Text(&'a str),
        }
        let mut wanted: Vec<(&str, Bind)> = Vec::new();
        let midnight = |d: time::Date| d.midnight().assume_utc().unix_timestamp();
        if let Some(user) = query.user_id {
            wanted.push(("user_id =", Bind::Int(user)));
        }
        if let Some(action) = &query.action {
            wanted.push(("action =", Bind::Text(action)));
        }
        if let Some(from) = query.from {
            wanted.push(("at >=", Bind::Int(midnight(from))));
        }
        if let Some(to) = query.to {
            let end = to.next_day().map_or(i64::MAX, midnight);
            wanted.push(("at <", Bind::Int(end)));
        }
        let newer = query.before.is_none() && query.after.is_some();
        if let Some(before) = query.before {
            wanted.push(("id <", Bind::Int(before)));
        } else if let Some(after) = query.after {
            wanted.push(("id >", Bind::Int(after)));
        }
        let mut conditions: Vec<String> = wanted
            .iter()
            .enumerate()
            .map(|(i, (condition, _))| format!("{condition} ${}", i + 1))
            .collect();
        if query.operator {
            conditions.push("user_id IS NULL".to_string());
        }
        let filter = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let sql = format!(
            "SELECT id, at, user_id, action, subject, detail FROM audit_log {filter} ORDER BY id {} LIMIT ${}",
            if newer { "ASC" } else { "DESC" },
            wanted.len() + 1
        );
        let mut q = sqlx::query(&sql);
        for (_, bind) in wanted {
            q = match bind {
                Bind::Int(v) => q.bind(v),
                Bind::Text(v) => q.bind(v),
            };
        }
        let rows = q.bind(limit).fetch_all(self.pool()).await?;
        let mut entries = rows
            .iter()
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
            .collect::<Result<Vec<_>, StoreError>>()?;
        if newer {
            entries.reverse();
        }
        Ok(entries)
    }
}
