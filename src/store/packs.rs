//! Partners' regions and contacts, their packs as issued (each version kept, both formats), downloads and
//! the training sessions partners report.

use sqlx::Row;

use super::{Store, StoreError, Tx};

/// A person at a partner who receives its packs.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ContactRow {
    pub id: i64,
    pub partner_id: i64,
    pub name: String,
    pub email: String,
    pub role: String,
    pub locale: String,
    pub created_at: i64,
}

/// A pack as issued, without its files.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PackRow {
    pub id: i64,
    pub partner_id: i64,
    pub region_id: i64,
    pub region_name: String,
    pub locale: String,
    pub version: i64,
    pub sector: String,
    pub campaign_id: Option<i64>,
    /// Section → the locale its words are in.
    pub languages: Vec<(String, String)>,
    pub sha256: String,
    pub created_at: i64,
    pub pdf_bytes: i64,
    pub downloads: i64,
}

/// A pack to keep.
#[derive(Debug, Clone)]
pub struct NewPack<'a> {
    pub partner_id: i64,
    pub region_id: i64,
    pub locale: &'a str,
    pub version: i64,
    pub sector: &'a str,
    pub campaign_id: Option<i64>,
    pub languages: &'a [(String, String)],
    pub sha256: &'a str,
    pub html: &'a str,
    pub pdf: &'a [u8],
    pub created_by: Option<i64>,
    pub created_at: i64,
}

const CONTACT: &str = "id, partner_id, name, email, role, locale, created_at";

fn contact(r: &sqlx::any::AnyRow) -> Result<ContactRow, StoreError> {
    Ok(ContactRow {
        id: r.try_get("id")?,
        partner_id: r.try_get("partner_id")?,
        name: r.try_get("name")?,
        email: r.try_get("email")?,
        role: r.try_get("role")?,
        locale: r.try_get("locale")?,
        created_at: r.try_get("created_at")?,
    })
}

const PACK: &str = "p.id, p.partner_id, p.region_id, r.name AS region_name, p.locale, p.version, p.sector, \
     p.campaign_id, p.languages, p.sha256, p.created_at, CAST(LENGTH(p.pdf) AS BIGINT) AS pdf_bytes, \
     (SELECT COUNT(*) FROM pack_downloads d WHERE d.pack_id = p.id) AS downloads";

fn pack(r: &sqlx::any::AnyRow) -> Result<PackRow, StoreError> {
    let languages: String = r.try_get("languages")?;
    Ok(PackRow {
        id: r.try_get("id")?,
        partner_id: r.try_get("partner_id")?,
        region_id: r.try_get("region_id")?,
        region_name: r.try_get("region_name")?,
        locale: r.try_get("locale")?,
        version: r.try_get("version")?,
        sector: r.try_get("sector")?,
        campaign_id: r.try_get("campaign_id")?,
        languages: serde_json::from_str(&languages).unwrap_or_default(),
        sha256: r.try_get("sha256")?,
        created_at: r.try_get("created_at")?,
        pdf_bytes: r.try_get::<i64, _>("pdf_bytes")?,
        downloads: r.try_get::<i64, _>("downloads")?,
    })
}

impl Store {
    /// The regions a partner serves, as (id, name), by name.
    pub async fn partner_regions(&self, partner_id: i64) -> Result<Vec<(i64, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT r.id, r.name FROM partner_regions pr JOIN regions r ON r.id = pr.region_id \
             WHERE pr.partner_id = $1 ORDER BY r.name",
        )
        .bind(partner_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
            .collect()
    }

    /// A partner's contacts, by name.
    pub async fn partner_contacts(&self, partner_id: i64) -> Result<Vec<ContactRow>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {CONTACT} FROM partner_contacts WHERE partner_id = $1 ORDER BY name, id"
        ))
        .bind(partner_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(contact).collect()
    }

    /// A partner's packs, newest first.
    pub async fn partner_packs(&self, partner_id: i64) -> Result<Vec<PackRow>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {PACK} FROM packs p JOIN regions r ON r.id = p.region_id \
             WHERE p.partner_id = $1 ORDER BY p.created_at DESC, p.id DESC"
        ))
        .bind(partner_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(pack).collect()
    }

    pub async fn pack_by_id(&self, id: i64) -> Result<Option<PackRow>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {PACK} FROM packs p JOIN regions r ON r.id = p.region_id WHERE p.id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(pack).transpose()
    }

    /// A pack's file: its PDF, or its HTML as bytes.
    pub async fn pack_file(&self, id: i64, pdf: bool) -> Result<Option<Vec<u8>>, StoreError> {
        let column = if pdf { "pdf" } else { "html" };
        let row = sqlx::query(&format!("SELECT {column} FROM packs WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| {
            if pdf {
                r.try_get::<Vec<u8>, _>(0)
            } else {
                r.try_get::<String, _>(0).map(String::into_bytes)
            }
        })
        .transpose()
        .map_err(StoreError::from)
    }
}

impl Tx {
    /// Replaces the regions a partner serves.
    pub async fn set_partner_regions(
        &mut self,
        partner_id: i64,
        region_ids: &[i64],
    ) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM partner_regions WHERE partner_id = $1")
            .bind(partner_id)
            .execute(self.conn())
            .await?;
        for region_id in region_ids {
            sqlx::query("INSERT INTO partner_regions (partner_id, region_id) VALUES ($1, $2)")
                .bind(partner_id)
                .bind(region_id)
                .execute(self.conn())
                .await?;
        }
        Ok(())
    }

    /// Adds a contact; an address the partner already has is the `partner_contacts` unique violation.
    pub async fn insert_contact(
        &mut self,
        partner_id: i64,
        name: &str,
        email: &str,
        role: &str,
        locale: &str,
        at: i64,
    ) -> Result<ContactRow, StoreError> {
        let row = sqlx::query(&format!(
            "INSERT INTO partner_contacts (partner_id, name, email, role, locale, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING {CONTACT}"
        ))
        .bind(partner_id)
        .bind(name)
        .bind(email)
        .bind(role)
        .bind(locale)
        .bind(at)
        .fetch_one(self.conn())
        .await?;
        contact(&row)
    }

    /// The addresses of a partner's contacts already stored.
    pub async fn existing_contacts(&mut self, partner_id: i64) -> Result<Vec<String>, StoreError> {
        let rows = sqlx::query("SELECT email FROM partner_contacts WHERE partner_id = $1")
            .bind(partner_id)
            .fetch_all(self.conn())
            .await?;
        rows.iter()
            .map(|r| r.try_get("email").map_err(StoreError::from))
            .collect()
    }

    /// Removes a contact (their download records stay, without them). Whether there was one.
    pub async fn delete_contact(
        &mut self,
        partner_id: i64,
        contact_id: i64,
    ) -> Result<Option<ContactRow>, StoreError> {
        let row = sqlx::query(&format!(
            "DELETE FROM partner_contacts WHERE partner_id = $1 AND id = $2 RETURNING {CONTACT}"
        ))
        .bind(partner_id)
        .bind(contact_id)
        .fetch_optional(self.conn())
        .await?;
        row.as_ref().map(contact).transpose()
    }

    /// The newest version of a partner's pack for a region and locale, and its digest.
    pub async fn latest_pack(
        &mut self,
        partner_id: i64,
        region_id: i64,
        locale: &str,
    ) -> Result<Option<(i64, i64, String)>, StoreError> {
        let row = sqlx::query(
            "SELECT id, version, sha256 FROM packs WHERE partner_id = $1 AND region_id = $2 \
             AND locale = $3 ORDER BY version DESC LIMIT 1",
        )
        .bind(partner_id)
        .bind(region_id)
        .bind(locale)
        .fetch_optional(self.conn())
        .await?;
        row.map(|r| {
            Ok((
                r.try_get("id")?,
                r.try_get("version")?,
                r.try_get("sha256")?,
            ))
        })
        .transpose()
    }

    /// Keeps a pack; a version taken twice (two renderings at once) is the `packs` unique violation.
    pub async fn insert_pack(&mut self, p: &NewPack<'_>) -> Result<i64, StoreError> {
        let languages = serde_json::to_string(p.languages).unwrap_or_else(|_| "[]".into());
        let row = sqlx::query(
            "INSERT INTO packs (partner_id, region_id, locale, version, sector, campaign_id, languages, \
             sha256, html, pdf, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        )
        .bind(p.partner_id)
        .bind(p.region_id)
        .bind(p.locale)
        .bind(p.version)
        .bind(p.sector)
        .bind(p.campaign_id)
        .bind(languages)
        .bind(p.sha256)
        .bind(p.html)
        .bind(p.pdf.to_vec())
        .bind(p.created_by)
        .bind(p.created_at)
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get("id")?)
    }

    /// Records one download of a pack.
    pub async fn record_pack_download(
        &mut self,
        pack_id: i64,
        contact_id: Option<i64>,
        via: &str,
        format: &str,
        at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO pack_downloads (pack_id, contact_id, via, format, at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(pack_id)
        .bind(contact_id)
        .bind(via)
        .bind(format)
        .bind(at)
        .execute(self.conn())
        .await?;
        Ok(())
    }
}

/// A training session a partner reported.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TrainingRow {
    pub id: i64,
    pub partner_id: i64,
    pub partner_name: String,
    pub sector: String,
    pub pack_id: i64,
    pub pack_version: i64,
    pub region_id: i64,
    pub region_name: String,
    pub campaign_id: Option<i64>,
    /// The campaign's name, when the session was for one.
    pub campaign_name: Option<String>,
    pub held_on: String,
    pub staff_trained: i64,
    pub before_correct: Option<i64>,
    pub before_answers: Option<i64>,
    pub after_correct: Option<i64>,
    pub after_answers: Option<i64>,
    pub created_at: i64,
}

/// A training session to keep.
#[derive(Debug, Clone)]
pub struct NewTraining<'a> {
    pub partner_id: i64,
    pub pack_id: i64,
    pub campaign_id: Option<i64>,
    pub held_on: &'a str,
    pub staff_trained: i64,
    pub before: Option<(i64, i64)>,
    pub after: Option<(i64, i64)>,
    pub reported_by: Option<i64>,
    pub created_at: i64,
}

const TRAINING: &str = "t.id, t.partner_id, pa.name AS partner_name, pa.sector, t.pack_id, \
     p.version AS pack_version, p.region_id, r.name AS region_name, t.campaign_id, \
     c.name AS campaign_name, t.held_on, \
     t.staff_trained, t.before_correct, t.before_answers, t.after_correct, t.after_answers, t.created_at \
     FROM trainings t JOIN partners pa ON pa.id = t.partner_id JOIN packs p ON p.id = t.pack_id \
     JOIN regions r ON r.id = p.region_id LEFT JOIN campaigns c ON c.id = t.campaign_id";

fn training(r: &sqlx::any::AnyRow) -> Result<TrainingRow, StoreError> {
    Ok(TrainingRow {
        id: r.try_get("id")?,
        partner_id: r.try_get("partner_id")?,
        partner_name: r.try_get("partner_name")?,
        sector: r.try_get("sector")?,
        pack_id: r.try_get("pack_id")?,
        pack_version: r.try_get("pack_version")?,
        region_id: r.try_get("region_id")?,
        region_name: r.try_get("region_name")?,
        campaign_id: r.try_get("campaign_id")?,
        campaign_name: r.try_get("campaign_name")?,
        held_on: r.try_get("held_on")?,
        staff_trained: r.try_get("staff_trained")?,
        before_correct: r.try_get("before_correct")?,
        before_answers: r.try_get("before_answers")?,
        after_correct: r.try_get("after_correct")?,
        after_answers: r.try_get("after_answers")?,
        created_at: r.try_get("created_at")?,
    })
}

impl Store {
    /// Training sessions, newest first: one partner's, or everyone's.
    pub async fn trainings(&self, partner_id: Option<i64>) -> Result<Vec<TrainingRow>, StoreError> {
        let rows =
            match partner_id {
                Some(id) => sqlx::query(&format!(
                    "SELECT {TRAINING} WHERE t.partner_id = $1 ORDER BY t.held_on DESC, t.id DESC"
                ))
                .bind(id)
                .fetch_all(self.pool())
                .await?,
                None => {
                    sqlx::query(&format!(
                        "SELECT {TRAINING} ORDER BY t.held_on DESC, t.id DESC"
                    ))
                    .fetch_all(self.pool())
                    .await?
                }
            };
        rows.iter().map(training).collect()
    }
}

impl Tx {
    /// Keeps a training session.
    pub async fn insert_training(&mut self, t: &NewTraining<'_>) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "INSERT INTO trainings (partner_id, pack_id, campaign_id, held_on, staff_trained, \
             before_correct, before_answers, after_correct, after_answers, reported_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(t.partner_id)
        .bind(t.pack_id)
        .bind(t.campaign_id)
        .bind(t.held_on)
        .bind(t.staff_trained)
        .bind(t.before.map(|q| q.0))
        .bind(t.before.map(|q| q.1))
        .bind(t.after.map(|q| q.0))
        .bind(t.after.map(|q| q.1))
        .bind(t.reported_by)
        .bind(t.created_at)
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get("id")?)
    }
}

/// A pack sent to one contact by e-mail, with its contact and pack as they are now.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PackSendRow {
    pub id: i64,
    pub partner_id: i64,
    pub contact_id: i64,
    pub contact_name: String,
    pub email: String,
    pub pack_id: i64,
    /// The pack's language (the contact's, or the nearest Beacon has).
    pub locale: String,
    pub version: i64,
    pub region_name: String,
    /// `queued`, `sending`, `sent` or `failed`.
    pub status: String,
    pub attempts: i64,
    /// The relay's reply, or why the message could not be built, when it failed.
    pub error: Option<String>,
    /// When the message's link stops working (Unix seconds).
    pub expires_at: i64,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    /// Downloads through this contact's links to this pack.
    pub downloads: i64,
}

const SEND: &str = "s.id, s.partner_id, s.contact_id, c.name AS contact_name, c.email, s.pack_id, p.locale, \
     p.version, r.name AS region_name, s.status, s.attempts, s.error, s.expires_at, s.created_at, s.sent_at, \
     (SELECT COUNT(*) FROM pack_downloads d WHERE d.pack_id = s.pack_id AND d.contact_id = s.contact_id) \
     AS downloads \
     FROM pack_sends s JOIN partner_contacts c ON c.id = s.contact_id JOIN packs p ON p.id = s.pack_id \
     JOIN regions r ON r.id = p.region_id";

fn pack_send(r: &sqlx::any::AnyRow) -> Result<PackSendRow, StoreError> {
    Ok(PackSendRow {
        id: r.try_get("id")?,
        partner_id: r.try_get("partner_id")?,
        contact_id: r.try_get("contact_id")?,
        contact_name: r.try_get("contact_name")?,
        email: r.try_get("email")?,
        pack_id: r.try_get("pack_id")?,
        locale: r.try_get("locale")?,
        version: r.try_get("version")?,
        region_name: r.try_get("region_name")?,
        status: r.try_get("status")?,
        attempts: r.try_get("attempts")?,
        error: r.try_get("error")?,
        expires_at: r.try_get("expires_at")?,
        created_at: r.try_get("created_at")?,
        sent_at: r.try_get("sent_at")?,
        downloads: r.try_get::<i64, _>("downloads")?,
    })
}

impl Store {
    /// A partner's pack sends, newest first (at most `limit`).
    pub async fn pack_sends(
        &self,
        partner_id: i64,
        limit: i64,
    ) -> Result<Vec<PackSendRow>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {SEND} WHERE s.partner_id = $1 ORDER BY s.id DESC LIMIT $2"
        ))
        .bind(partner_id)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(pack_send).collect()
    }

    /// The partner a contact belongs to, if the contact still exists.
    pub async fn contact_partner(&self, contact_id: i64) -> Result<Option<i64>, StoreError> {
        let row = sqlx::query("SELECT partner_id FROM partner_contacts WHERE id = $1")
            .bind(contact_id)
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| r.try_get("partner_id"))
            .transpose()
            .map_err(StoreError::from)
    }

    /// One pack send, if its contact and pack still exist.
    pub async fn pack_send(&self, id: i64) -> Result<Option<PackSendRow>, StoreError> {
        let row = sqlx::query(&format!("SELECT {SEND} WHERE s.id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(pack_send).transpose()
    }
}

impl Tx {
    /// Queues a pack for a contact; returns the send's id.
    pub async fn insert_pack_send(
        &mut self,
        partner_id: i64,
        contact_id: i64,
        pack_id: i64,
        expires_at: i64,
        created_by: Option<i64>,
        at: i64,
    ) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "INSERT INTO pack_sends (partner_id, contact_id, pack_id, status, attempts, expires_at, \
             created_by, created_at) VALUES ($1, $2, $3, 'queued', 0, $4, $5, $6) RETURNING id",
        )
        .bind(partner_id)
        .bind(contact_id)
        .bind(pack_id)
        .bind(expires_at)
        .bind(created_by)
        .bind(at)
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get("id")?)
    }

    /// Marks a queued send (or one a crash left `sending`) as on the wire; false when it is sent, failed
    /// or gone.
    pub async fn claim_pack_send(&mut self, id: i64) -> Result<bool, StoreError> {
        let row = sqlx::query(
            "UPDATE pack_sends SET status = 'sending', attempts = attempts + 1 \
             WHERE id = $1 AND status IN ('queued', 'sending') RETURNING id",
        )
        .bind(id)
        .fetch_optional(self.conn())
        .await?;
        Ok(row.is_some())
    }

    /// A send's outcome: `sent` (with the time), `failed` (with the reason) or `queued` again.
    pub async fn finish_pack_send(
        &mut self,
        id: i64,
        status: &str,
        error: Option<&str>,
        sent_at: Option<i64>,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE pack_sends SET status = $2, error = $3, sent_at = $4 WHERE id = $1")
            .bind(id)
            .bind(status)
            .bind(error)
            .bind(sent_at)
            .execute(self.conn())
            .await?;
        Ok(())
    }
}
