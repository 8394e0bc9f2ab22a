//! A campaign's e-mail outbox: the recipients chosen at launch (one row per campaign and address), each
//! message's state (`queued → sending → sent | failed | suppressed`), and the counts its page shows.
//! Addresses stay in `subscribers`: the outbox holds the keyed hash, so an erased person leaves nothing
//! here that names them.

use sqlx::Row;

use super::{Store, StoreError, Tx};

/// A confirmed, unsuppressed subscriber of a campaign's lists, as the plan reads them.
#[derive(Debug, Clone, PartialEq)]
pub struct AudienceMember {
    pub subscriber_id: i64,
    pub email_hash: String,
    pub locale: String,
    pub time_zone: String,
    pub cell: Option<String>,
}

/// One message to put in the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedEmail<'a> {
    pub subscriber_id: i64,
    pub email_hash: &'a str,
    pub locale: &'a str,
    pub not_before_ms: i64,
}

/// A queued message that is due, with what sending it needs. `email` is `None` when its subscriber was
/// erased; `suppressed` when the address is on the suppression list.
#[derive(Debug, Clone, PartialEq)]
pub struct DueEmail {
    pub id: i64,
    pub subscriber_id: Option<i64>,
    pub email: Option<String>,
    pub subscriber_status: Option<String>,
    pub time_zone: Option<String>,
    pub locale: String,
    pub suppressed: bool,
    pub attempts: i64,
}

/// How a campaign's messages stand.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct EmailCounts {
    pub queued: i64,
    pub sending: i64,
    pub sent: i64,
    pub failed: i64,
    pub suppressed: i64,
}

impl EmailCounts {
    pub fn total(&self) -> i64 {
        self.queued + self.sending + self.sent + self.failed + self.suppressed
    }

    /// Every message sent, failed or suppressed.
    pub fn done(&self) -> bool {
        self.queued == 0 && self.sending == 0
    }
}

impl Store {
    /// Up to `limit` queued messages of a campaign due at `now_ms`, soonest first.
    pub async fn due_emails(
        &self,
        campaign_id: i64,
        now_ms: i64,
        limit: i64,
    ) -> Result<Vec<DueEmail>, StoreError> {
        let rows = sqlx::query(
            "SELECT m.id, m.subscriber_id, m.locale, m.attempts, s.email, s.status AS subscriber_status, \
             s.time_zone, CAST(CASE WHEN EXISTS (SELECT 1 FROM email_suppressions x \
             WHERE x.email_hash = m.email_hash) THEN 1 ELSE 0 END AS BIGINT) AS suppressed \
             FROM email_messages m LEFT JOIN subscribers s ON s.id = m.subscriber_id \
             WHERE m.campaign_id = $1 AND m.status = 'queued' AND m.not_before_ms <= $2 \
             ORDER BY m.not_before_ms, m.id LIMIT $3",
        )
        .bind(campaign_id)
        .bind(now_ms)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let suppressed: i64 = r.try_get("suppressed")?;
                Ok(DueEmail {
                    id: r.try_get("id")?,
                    subscriber_id: r.try_get("subscriber_id")?,
                    email: r.try_get("email")?,
                    subscriber_status: r.try_get("subscriber_status")?,
                    time_zone: r.try_get("time_zone")?,
                    locale: r.try_get("locale")?,
                    suppressed: suppressed != 0,
                    attempts: r.try_get("attempts")?,
                })
            })
            .collect()
    }

    /// The ids of a campaign's messages in the SMTP exchange now.
    pub async fn sending_emails(&self, campaign_id: i64) -> Result<Vec<i64>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM email_messages WHERE campaign_id = $1 AND status = 'sending' ORDER BY id",
        )
        .bind(campaign_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// How many of a campaign's messages are in each state.
    pub async fn email_counts(&self, campaign_id: i64) -> Result<EmailCounts, StoreError> {
        let rows = sqlx::query(
            "SELECT status, COUNT(*) AS n FROM email_messages WHERE campaign_id = $1 GROUP BY status",
        )
        .bind(campaign_id)
        .fetch_all(self.pool())
        .await?;
        let mut c = EmailCounts::default();
        for r in &rows {
            let status: String = r.try_get("status")?;
            let n: i64 = r.try_get("n")?;
            match status.as_str() {
                "queued" => c.queued = n,
                "sending" => c.sending = n,
                "sent" => c.sent = n,
                "failed" => c.failed = n,
                _ => c.suppressed = n,
            }
        }
        Ok(c)
    }

    /// How many of a campaign's messages were sent since `since_ms`.
    pub async fn emails_sent_since(
        &self,
        campaign_id: i64,
        since_ms: i64,
    ) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM email_messages WHERE campaign_id = $1 AND status = 'sent' \
             AND updated_at_ms >= $2",
        )
        .bind(campaign_id)
        .bind(since_ms)
        .fetch_one(self.pool())
        .await?)
    }

    /// When the next queued message of a campaign is due (milliseconds), if any is queued.
    pub async fn next_email_due(&self, campaign_id: i64) -> Result<Option<i64>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT MIN(not_before_ms) FROM email_messages WHERE campaign_id = $1 AND status = 'queued'",
        )
        .bind(campaign_id)
        .fetch_one(self.pool())
        .await?)
    }

    /// The words frozen for each locale when the campaign's e-mail was planned (JSON), if it was.
    pub async fn email_texts(&self, campaign_id: i64) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar::<_, Option<String>>(
            "SELECT texts FROM campaign_email WHERE campaign_id = $1",
        )
        .bind(campaign_id)
        .fetch_optional(self.pool())
        .await?
        .flatten())
    }

    /// The relays' replies to a campaign's failed messages, the commonest first, with how many each.
    pub async fn email_failures(
        &self,
        campaign_id: i64,
        limit: i64,
    ) -> Result<Vec<(String, i64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT COALESCE(last_error, '') AS reply, COUNT(*) AS n FROM email_messages \
             WHERE campaign_id = $1 AND status = 'failed' GROUP BY COALESCE(last_error, '') \
             ORDER BY n DESC, reply LIMIT $2",
        )
        .bind(campaign_id)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("reply")?, r.try_get("n")?)))
            .collect()
    }
}

impl Tx {
    /// Up to `limit` confirmed subscribers of `lists` whose address is not suppressed, with ids above
    /// `after`, in id order (a page of the plan's walk).
    pub async fn email_audience_page(
        &mut self,
        lists: &[i64],
        after: i64,
        limit: i64,
    ) -> Result<Vec<AudienceMember>, StoreError> {
        if lists.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (0..lists.len()).map(|i| format!("${}", i + 3)).collect();
        let sql = format!(
            "SELECT s.id, s.email_hash, s.locale, s.time_zone, s.cell FROM subscribers s \
             WHERE s.id > $1 AND s.status = 'confirmed' AND s.list_id IN ({}) \
             AND NOT EXISTS (SELECT 1 FROM email_suppressions x WHERE x.email_hash = s.email_hash) \
             ORDER BY s.id LIMIT $2",
            marks.join(", ")
        );
        let mut q = sqlx::query(&sql).bind(after).bind(limit);
        for l in lists {
            q = q.bind(*l);
        }
        let rows = q.fetch_all(self.conn()).await?;
        rows.iter()
            .map(|r| {
                Ok(AudienceMember {
                    subscriber_id: r.try_get("id")?,
                    email_hash: r.try_get("email_hash")?,
                    locale: r.try_get("locale")?,
                    time_zone: r.try_get("time_zone")?,
                    cell: r.try_get("cell")?,
                })
            })
            .collect()
    }

    /// Puts messages in a campaign's outbox, queued; an address already there (on two of its lists) is
    /// left as it is. Returns how many were added.
    pub async fn plan_emails(
        &mut self,
        campaign_id: i64,
        rows: &[PlannedEmail<'_>],
        now_ms: i64,
    ) -> Result<u64, StoreError> {
        let mut added = 0;
        let per = self.rows_per_statement(4);
        for chunk in rows.chunks(per) {
            let mut sql = String::from(
                "INSERT INTO email_messages (campaign_id, subscriber_id, email_hash, locale, status, \
                 not_before_ms, attempts, updated_at_ms) VALUES ",
            );
            for i in 0..chunk.len() {
                let b = 3 + i * 4;
                if i > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!(
                    "($1, ${}, ${}, ${}, 'queued', ${}, 0, $2)",
                    b,
                    b + 1,
                    b + 2,
                    b + 3
                ));
            }
            sql.push_str(" ON CONFLICT (campaign_id, email_hash) DO NOTHING");
            let mut q = sqlx::query(&sql).bind(campaign_id).bind(now_ms);
            for r in chunk {
                q = q
                    .bind(r.subscriber_id)
                    .bind(r.email_hash)
                    .bind(r.locale)
                    .bind(r.not_before_ms);
            }
            added += q.execute(self.conn()).await?.rows_affected();
        }
        Ok(added)
    }

    /// Records that a campaign's e-mail was planned, with the words frozen for each locale.
    pub async fn set_email_planned(
        &mut self,
        campaign_id: i64,
        texts: &str,
        at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE campaign_email SET texts = $2, planned_at = $3, progress = 'sending', last_error = NULL \
             WHERE campaign_id = $1",
        )
        .bind(campaign_id)
        .bind(texts)
        .bind(at)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Where a campaign's e-mail stands, and the relay's latest failure (a message as JSON) or none.
    pub async fn set_email_progress(
        &mut self,
        campaign_id: i64,
        progress: &str,
        last_error: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE campaign_email SET progress = $2, last_error = $3 WHERE campaign_id = $1",
        )
        .bind(campaign_id)
        .bind(progress)
        .bind(last_error)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Puts back in the queue the messages a sender that stopped (a crash, a lost lease) left in the
    /// middle of their SMTP exchange, marked before `before_ms`: they are the only ones that may go twice.
    pub async fn requeue_sending_emails(
        &mut self,
        campaign_id: i64,
        before_ms: i64,
    ) -> Result<u64, StoreError> {
        Ok(sqlx::query(
            "UPDATE email_messages SET status = 'queued' \
             WHERE campaign_id = $1 AND status = 'sending' AND updated_at_ms < $2",
        )
        .bind(campaign_id)
        .bind(before_ms)
        .execute(self.conn())
        .await?
        .rows_affected())
    }

    /// Marks queued messages as being in the SMTP exchange (before it starts), counting the attempt, and
    /// returns the ids this sender got (another sender may have taken some first).
    pub async fn claim_emails(&mut self, ids: &[i64], now_ms: i64) -> Result<Vec<i64>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "UPDATE email_messages SET status = 'sending', attempts = attempts + 1, updated_at_ms = $1 \
             WHERE status = 'queued' AND id IN ({}) RETURNING id",
            marks.join(", ")
        );
        let mut q = sqlx::query_scalar(&sql).bind(now_ms);
        for id in ids {
            q = q.bind(*id);
        }
        Ok(q.fetch_all(self.conn()).await?)
    }

    /// Puts a message back in the queue without counting the try (the relay, not the message, failed).
    pub async fn requeue_email_uncounted(
        &mut self,
        id: i64,
        not_before_ms: i64,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE email_messages SET status = 'queued', attempts = attempts - 1, not_before_ms = $2, \
             updated_at_ms = $3 WHERE id = $1 AND status = 'sending'",
        )
        .bind(id)
        .bind(not_before_ms)
        .bind(now_ms)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Records how one message ended this attempt: `sent` (with its Message-ID), `failed` or
    /// `suppressed` (with why), or `queued` again not before `not_before_ms` (a 4xx reply, an unreachable
    /// relay).
    pub async fn finish_email(
        &mut self,
        id: i64,
        status: &str,
        message_id: Option<&str>,
        last_error: Option<&str>,
        not_before_ms: Option<i64>,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE email_messages SET status = $2, message_id = COALESCE($3, message_id), last_error = $4, \
             not_before_ms = COALESCE($5, not_before_ms), updated_at_ms = $6 WHERE id = $1",
        )
        .bind(id)
        .bind(status)
        .bind(message_id)
        .bind(last_error)
        .bind(not_before_ms)
        .bind(now_ms)
        .execute(self.conn())
        .await?;
        Ok(())
    }
}
