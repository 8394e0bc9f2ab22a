//! Mailing lists, their subscribers with the consent each gave, the wording they agreed to, and the
//! suppression list (keyed hashes only).

use sqlx::Row;

use super::{Store, StoreError, Tx};

/// A list with how many people are on it, by status.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ListRow {
    pub id: i64,
    pub name: String,
    pub partner_id: Option<i64>,
    pub created_at: i64,
    pub confirmed: i64,
    pub pending: i64,
    pub unsubscribed: i64,
}

/// One person on one list.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SubscriberRow {
    pub id: i64,
    pub list_id: i64,
    pub email: String,
    #[serde(skip)]
    pub email_hash: String,
    pub locale: String,
    pub time_zone: String,
    pub cell: Option<String>,
    pub status: String,
    pub consent_source: String,
    pub consent_at: i64,
    pub consent_version: String,
    pub confirmed_at: Option<i64>,
    pub created_at: i64,
}

/// A subscriber to add.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSubscriber<'a> {
    pub list_id: i64,
    pub email: &'a str,
    pub email_hash: &'a str,
    pub locale: &'a str,
    pub time_zone: &'a str,
    pub cell: Option<&'a str>,
    /// `pending` (waiting for the confirmation link) or `confirmed`.
    pub status: &'a str,
    pub consent_source: &'a str,
    pub consent_at: i64,
    pub consent_version: &'a str,
}

const SUBSCRIBER: &str = "id, list_id, email, email_hash, locale, time_zone, cell, status, consent_source, \
     consent_at, consent_version, confirmed_at, created_at";

fn subscriber(r: &sqlx::any::AnyRow) -> Result<SubscriberRow, StoreError> {
    Ok(SubscriberRow {
        id: r.try_get("id")?,
        list_id: r.try_get("list_id")?,
        email: r.try_get("email")?,
        email_hash: r.try_get("email_hash")?,
        locale: r.try_get("locale")?,
        time_zone: r.try_get("time_zone")?,
        cell: r.try_get("cell")?,
        status: r.try_get("status")?,
        consent_source: r.try_get("consent_source")?,
        consent_at: r.try_get("consent_at")?,
        consent_version: r.try_get("consent_version")?,
        confirmed_at: r.try_get("confirmed_at")?,
        created_at: r.try_get("created_at")?,
    })
}

const LIST: &str = "SELECT l.id, l.name, l.partner_id, l.created_at, \
     (SELECT COUNT(*) FROM subscribers s WHERE s.list_id = l.id AND s.status = 'confirmed') AS confirmed, \
     (SELECT COUNT(*) FROM subscribers s WHERE s.list_id = l.id AND s.status = 'pending') AS pending, \
     (SELECT COUNT(*) FROM subscribers s WHERE s.list_id = l.id AND s.status = 'unsubscribed') AS unsubscribed \
     FROM mailing_lists l";

fn list(r: &sqlx::any::AnyRow) -> Result<ListRow, StoreError> {
    Ok(ListRow {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        partner_id: r.try_get("partner_id")?,
        created_at: r.try_get("created_at")?,
        confirmed: r.try_get("confirmed")?,
        pending: r.try_get("pending")?,
        unsubscribed: r.try_get("unsubscribed")?,
    })
}

impl Store {
    pub async fn mailing_lists(&self) -> Result<Vec<ListRow>, StoreError> {
        let rows = sqlx::query(&format!("{LIST} ORDER BY l.name"))
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(list).collect()
    }

    pub async fn mailing_list(&self, id: i64) -> Result<Option<ListRow>, StoreError> {
        let row = sqlx::query(&format!("{LIST} WHERE l.id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(list).transpose()
    }

    pub async fn subscriber(&self, id: i64) -> Result<Option<SubscriberRow>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {SUBSCRIBER} FROM subscribers WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(subscriber).transpose()
    }

    /// Every list entry of one person (by their address's hash).
    pub async fn subscribers_by_hash(&self, hash: &str) -> Result<Vec<SubscriberRow>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {SUBSCRIBER} FROM subscribers WHERE email_hash = $1 ORDER BY id"
        ))
        .bind(hash)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(subscriber).collect()
    }

    /// A list's subscribers whose address contains `query` (all when empty), by address, a page at a
    /// time.
    pub async fn search_subscribers(
        &self,
        list_id: i64,
        query: &str,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<SubscriberRow>, StoreError> {
        let pattern = format!(
            "%{}%",
            query
                .trim()
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let rows = sqlx::query(&format!(
            "SELECT {SUBSCRIBER} FROM subscribers WHERE list_id = $1 AND email LIKE $2 ESCAPE '\\' \
             ORDER BY email LIMIT $3 OFFSET $4"
        ))
        .bind(list_id)
        .bind(pattern)
        .bind(limit)
        .bind(offset)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(subscriber).collect()
    }

    /// Why an address's hash is suppressed, if it is.
    pub async fn suppression(&self, hash: &str) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT reason FROM email_suppressions WHERE email_hash = $1")
                .bind(hash)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    pub async fn consent_text(&self, version: &str) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT text FROM consent_texts WHERE version = $1")
                .bind(version)
                .fetch_optional(self.pool())
                .await?,
        )
    }
}

impl Tx {
    /// Makes a list; a taken name is the `mailing_lists.name` unique violation.
    pub async fn create_mailing_list(
        &mut self,
        name: &str,
        partner_id: Option<i64>,
        by: Option<i64>,
        at: i64,
    ) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "INSERT INTO mailing_lists (name, partner_id, created_by, created_at) VALUES ($1, $2, $3, $4) \
             RETURNING id",
        )
        .bind(name)
        .bind(partner_id)
        .bind(by)
        .bind(at)
        .fetch_one(self.conn())
        .await?)
    }

    /// Keeps a consent wording the first time it is used.
    pub async fn keep_consent_text(
        &mut self,
        version: &str,
        locale: &str,
        text: &str,
        at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO consent_texts (version, locale, text, first_used_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (version) DO NOTHING",
        )
        .bind(version)
        .bind(locale)
        .bind(text)
        .bind(at)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Adds subscribers, several in one statement ([`Tx::rows_per_statement`]); those already on their list are
    /// left as they are. Returns how many were added.
    pub async fn insert_subscribers(
        &mut self,
        rows: &[NewSubscriber<'_>],
        at: i64,
    ) -> Result<u64, StoreError> {
        let mut added = 0;
        let per = self.rows_per_statement(11);
        for chunk in rows.chunks(per) {
            let mut sql = String::from(
                "INSERT INTO subscribers (list_id, email, email_hash, locale, time_zone, cell, status, \
                 consent_source, consent_at, consent_version, confirmed_at, created_at) VALUES ",
            );
            for i in 0..chunk.len() {
                let b = i * 11;
                if i > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!(
                    "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, $1)",
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 5,
                    b + 6,
                    b + 7,
                    b + 8,
                    b + 9,
                    b + 10,
                    b + 11,
                    b + 12
                ));
            }
            sql.push_str(" ON CONFLICT (list_id, email) DO NOTHING");
            let mut q = sqlx::query(&sql).bind(at);
            for r in chunk {
                q = q
                    .bind(r.list_id)
                    .bind(r.email)
                    .bind(r.email_hash)
                    .bind(r.locale)
                    .bind(r.time_zone)
                    .bind(r.cell)
                    .bind(r.status)
                    .bind(r.consent_source)
                    .bind(r.consent_at)
                    .bind(r.consent_version)
                    .bind((r.status == "confirmed").then_some(at));
            }
            added += q.execute(self.conn()).await?.rows_affected();
        }
        Ok(added)
    }

    /// Of `hashes`, those on the suppression list.
    pub async fn suppressed_among(&mut self, hashes: &[&str]) -> Result<Vec<String>, StoreError> {
        let mut out = Vec::new();
        let per = self.rows_per_statement(1);
        for chunk in hashes.chunks(per) {
            let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT email_hash FROM email_suppressions WHERE email_hash IN ({})",
                marks.join(", ")
            );
            let mut q = sqlx::query_scalar(&sql);
            for h in chunk {
                q = q.bind(*h);
            }
            let found: Vec<String> = q.fetch_all(self.conn()).await?;
            out.extend(found);
        }
        Ok(out)
    }

    /// Sets a subscriber's status (`confirmed` stamps when).
    pub async fn set_subscriber_status(
        &mut self,
        id: i64,
        status: &str,
        at: i64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE subscribers SET status = $2, \
             confirmed_at = CASE WHEN $2 = 'confirmed' THEN $3 ELSE confirmed_at END WHERE id = $1",
        )
        .bind(id)
        .bind(status)
        .bind(at)
        .execute(self.conn())
        .await?
        .rows_affected();
        Ok(done == 1)
    }

    /// Marks every list entry of one person unsubscribed.
    pub async fn unsubscribe_hash(&mut self, hash: &str) -> Result<u64, StoreError> {
        Ok(sqlx::query(
            "UPDATE subscribers SET status = 'unsubscribed' WHERE email_hash = $1 AND status <> 'unsubscribed'",
        )
        .bind(hash)
        .execute(self.conn())
        .await?
        .rows_affected())
    }

    /// Puts a hash on the suppression list; an erasure is never downgraded to another reason.
    pub async fn suppress(&mut self, hash: &str, reason: &str, at: i64) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO email_suppressions (email_hash, reason, at) VALUES ($1, $2, $3) \
             ON CONFLICT (email_hash) DO UPDATE SET reason = excluded.reason, at = excluded.at \
             WHERE email_suppressions.reason <> 'erased'",
        )
        .bind(hash)
        .bind(reason)
        .bind(at)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Takes a hash off the suppression list (the person signed up again and confirmed it).
    pub async fn unsuppress(&mut self, hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM email_suppressions WHERE email_hash = $1")
            .bind(hash)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// Erases every list entry of one person; their outbox rows keep only the hash. Returns how many
    /// entries there were.
    pub async fn erase_subscriber_hash(&mut self, hash: &str) -> Result<u64, StoreError> {
        sqlx::query("UPDATE email_messages SET subscriber_id = NULL WHERE email_hash = $1")
            .bind(hash)
            .execute(self.conn())
            .await?;
        Ok(sqlx::query("DELETE FROM subscribers WHERE email_hash = $1")
            .bind(hash)
            .execute(self.conn())
            .await?
            .rows_affected())
    }
}
