//! Locale file versions (translators' accepted uploads), the per-message staleness record, creatives and their
//! approvals. Reads are on [`Store`]; writes are [`Tx`] methods, so that a command stores its state and its
//! audit entry together.

use sqlx::Row;

use super::{Store, StoreError, Tx};
use crate::content::catalog::{LocaleVersion, SourceChange, SourceRecord};
use crate::content::creatives::{ApprovalRow, CreativeRow};
use crate::content::i18n::LocaleFiles;

/// A new version to store.
#[derive(Debug, Clone)]
pub struct NewVersion<'a> {
    pub locale: &'a str,
    pub file: &'a str,
    pub content: &'a str,
    pub sha256: &'a str,
    pub changes: &'a serde_json::Value,
    pub kind: &'a str,
    pub restored: Option<i64>,
}

const VERSION_COLUMNS: &str = "v.locale, v.file, v.version, v.sha256, v.changes, v.kind, v.restored, \
     u.email AS author, v.created_at";

fn version_from_row(r: &sqlx::any::AnyRow) -> Result<LocaleVersion, StoreError> {
    let changes: String = r.try_get("changes")?;
    Ok(LocaleVersion {
        locale: r.try_get("locale")?,
        file: r.try_get("file")?,
        version: r.try_get("version")?,
        sha256: r.try_get("sha256")?,
        changes: serde_json::from_str(&changes).unwrap_or(serde_json::Value::Null),
        kind: r.try_get("kind")?,
        restored: r.try_get("restored")?,
        author: r.try_get("author")?,
        created_at: r.try_get("created_at")?,
    })
}

fn creative_from_row(r: &sqlx::any::AnyRow) -> Result<CreativeRow, StoreError> {
    Ok(CreativeRow {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        message_id: r.try_get("message_id")?,
        image_ref: r.try_get("image_ref")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

impl Store {
    /// The latest accepted text of every uploaded locale file.
    pub async fn locale_overrides(&self) -> Result<LocaleFiles, StoreError> {
        let rows = sqlx::query(
            "SELECT v.locale, v.file, v.content FROM locale_versions v \
             WHERE v.version = (SELECT MAX(w.version) FROM locale_versions w \
                                WHERE w.locale = v.locale AND w.file = v.file)",
        )
        .fetch_all(self.pool())
        .await?;
        let mut files = LocaleFiles::new();
        for r in rows {
            files
                .entry(r.try_get("locale")?)
                .or_default()
                .insert(r.try_get("file")?, r.try_get("content")?);
        }
        Ok(files)
    }

    /// Versions of one locale file, newest first.
    pub async fn locale_versions(
        &self,
        locale: &str,
        file: &str,
    ) -> Result<Vec<LocaleVersion>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {VERSION_COLUMNS} FROM locale_versions v LEFT JOIN users u ON u.id = v.created_by \
             WHERE v.locale = $1 AND v.file = $2 ORDER BY v.version DESC"
        ))
        .bind(locale)
        .bind(file)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(version_from_row).collect()
    }

    /// The text of one version.
    pub async fn locale_version_text(
        &self,
        locale: &str,
        file: &str,
        version: i64,
    ) -> Result<Option<String>, StoreError> {
        let row = sqlx::query(
            "SELECT content FROM locale_versions WHERE locale = $1 AND file = $2 AND version = $3",
        )
        .bind(locale)
        .bind(file)
        .bind(version)
        .fetch_optional(self.pool())
        .await?;
        Ok(match row {
            Some(r) => Some(r.try_get("content")?),
            None => None,
        })
    }

    /// The staleness record of a locale.
    pub async fn translation_sources(&self, locale: &str) -> Result<Vec<SourceRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT file, message_id, source_hash, translation_hash FROM translation_sources \
             WHERE locale = $1",
        )
        .bind(locale)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(SourceRecord {
                    file: r.try_get("file")?,
                    message_id: r.try_get("message_id")?,
                    source_hash: r.try_get("source_hash")?,
                    translation_hash: r.try_get("translation_hash")?,
                })
            })
            .collect()
    }

    pub async fn creatives(&self) -> Result<Vec<CreativeRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, name, message_id, image_ref, created_at, updated_at FROM creatives ORDER BY name",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(creative_from_row).collect()
    }

    pub async fn creative(&self, id: i64) -> Result<Option<CreativeRow>, StoreError> {
        let row = sqlx::query(
            "SELECT id, name, message_id, image_ref, created_at, updated_at FROM creatives WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(creative_from_row).transpose()
    }

    pub async fn approvals(&self, creative_id: i64) -> Result<Vec<ApprovalRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT a.locale, a.content_hash, u.email AS approved_by, a.approved_at \
             FROM creative_approvals a LEFT JOIN users u ON u.id = a.approved_by \
             WHERE a.creative_id = $1 ORDER BY a.locale",
        )
        .bind(creative_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ApprovalRow {
                    locale: r.try_get("locale")?,
                    content_hash: r.try_get("content_hash")?,
                    approved_by: r.try_get("approved_by")?,
                    approved_at: r.try_get("approved_at")?,
                })
            })
            .collect()
    }
}

impl Tx {
    /// Stores new versions of one or more files of a locale and the staleness changes that go with them;
    /// returns the versions as stored (with their numbers and author).
    pub async fn save_locale_versions(
        &mut self,
        locale: &str,
        versions: &[NewVersion<'_>],
        sources: &[SourceChange],
        created_by: Option<i64>,
        at: i64,
    ) -> Result<Vec<LocaleVersion>, StoreError> {
        let mut saved = Vec::new();
        for v in versions {
            let row = sqlx::query(
                "SELECT COALESCE(MAX(version), 0) AS n FROM locale_versions WHERE locale = $1 AND file = $2",
            )
            .bind(v.locale)
            .bind(v.file)
            .fetch_one(self.conn())
            .await?;
            let number: i64 = row.try_get::<i64, _>("n")? + 1;
            sqlx::query(
                "INSERT INTO locale_versions \
                 (locale, file, version, content, sha256, changes, kind, restored, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(v.locale)
            .bind(v.file)
            .bind(number)
            .bind(v.content)
            .bind(v.sha256)
            .bind(v.changes.to_string())
            .bind(v.kind)
            .bind(v.restored)
            .bind(created_by)
            .bind(at)
            .execute(self.conn())
            .await?;
            let row = sqlx::query(&format!(
                "SELECT {VERSION_COLUMNS} FROM locale_versions v LEFT JOIN users u ON u.id = v.created_by \
                 WHERE v.locale = $1 AND v.file = $2 AND v.version = $3"
            ))
            .bind(v.locale)
            .bind(v.file)
            .bind(number)
            .fetch_one(self.conn())
            .await?;
            saved.push(version_from_row(&row)?);
        }
        self.update_translation_sources(locale, sources, created_by, at)
            .await?;
        Ok(saved)
    }

    /// Applies staleness changes (baselines, confirmations).
    pub async fn update_translation_sources(
        &mut self,
        locale: &str,
        changes: &[SourceChange],
        by: Option<i64>,
        at: i64,
    ) -> Result<(), StoreError> {
        for change in changes {
            match change {
                SourceChange::Set(r) => {
                    sqlx::query(
                        "INSERT INTO translation_sources \
                         (locale, file, message_id, source_hash, translation_hash, confirmed_by, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7) \
                         ON CONFLICT (locale, file, message_id) DO UPDATE SET \
                         source_hash = excluded.source_hash, translation_hash = excluded.translation_hash, \
                         confirmed_by = excluded.confirmed_by, updated_at = excluded.updated_at",
                    )
                    .bind(locale)
                    .bind(&r.file)
                    .bind(&r.message_id)
                    .bind(&r.source_hash)
                    .bind(&r.translation_hash)
                    .bind(by)
                    .bind(at)
                    .execute(self.conn())
                    .await?;
                }
                SourceChange::Delete { file, message_id } => {
                    sqlx::query(
                        "DELETE FROM translation_sources WHERE locale = $1 AND file = $2 AND message_id = $3",
                    )
                    .bind(locale)
                    .bind(file)
                    .bind(message_id)
                    .execute(self.conn())
                    .await?;
                }
            }
        }
        Ok(())
    }

    /// Adds a creative; a duplicate name violates `creatives_name_key`.
    pub async fn add_creative(
        &mut self,
        name: &str,
        message_id: &str,
        image_ref: &str,
        by: Option<i64>,
        at: i64,
    ) -> Result<CreativeRow, StoreError> {
        let row = sqlx::query(
            "INSERT INTO creatives (name, message_id, image_ref, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) \
             RETURNING id, name, message_id, image_ref, created_at, updated_at",
        )
        .bind(name)
        .bind(message_id)
        .bind(image_ref)
        .bind(by)
        .bind(at)
        .fetch_one(self.conn())
        .await?;
        creative_from_row(&row)
    }

    /// Edits a creative and withdraws every approval of it (they approved something else). Returns the
    /// creative as edited and the locales whose approval was withdrawn, or `None` when there is no such
    /// creative.
    pub async fn edit_creative(
        &mut self,
        id: i64,
        name: &str,
        message_id: &str,
        image_ref: &str,
        at: i64,
    ) -> Result<Option<(CreativeRow, Vec<String>)>, StoreError> {
        let Some(row) = sqlx::query(
            "UPDATE creatives SET name = $1, message_id = $2, image_ref = $3, updated_at = $4 WHERE id = $5 \
             RETURNING id, name, message_id, image_ref, created_at, updated_at",
        )
        .bind(name)
        .bind(message_id)
        .bind(image_ref)
        .bind(at)
        .bind(id)
        .fetch_optional(self.conn())
        .await?
        else {
            return Ok(None);
        };
        let creative = creative_from_row(&row)?;
        let withdrawn = sqlx::query(
            "SELECT locale FROM creative_approvals WHERE creative_id = $1 ORDER BY locale",
        )
        .bind(id)
        .fetch_all(self.conn())
        .await?
        .iter()
        .map(|r| r.try_get::<String, _>("locale"))
        .collect::<Result<Vec<_>, _>>()?;
        sqlx::query("DELETE FROM creative_approvals WHERE creative_id = $1")
            .bind(id)
            .execute(self.conn())
            .await?;
        Ok(Some((creative, withdrawn)))
    }

    /// Records (or renews) the approval of one locale's creative as it renders now.
    pub async fn approve_creative(
        &mut self,
        creative_id: i64,
        locale: &str,
        content_hash: &str,
        by: Option<i64>,
        at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO creative_approvals (creative_id, locale, content_hash, approved_by, approved_at) \
             VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (creative_id, locale) DO UPDATE SET content_hash = excluded.content_hash, \
             approved_by = excluded.approved_by, approved_at = excluded.approved_at",
        )
        .bind(creative_id)
        .bind(locale)
        .bind(content_hash)
        .bind(by)
        .bind(at)
        .execute(self.conn())
        .await?;
        Ok(())
    }
}
