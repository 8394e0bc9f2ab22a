//! Campaigns, their channels and schedules, the record of their state changes, and the objects made for
//! them on ad platforms.

use sqlx::Row;

use super::{Store, StoreError, Tx};
use crate::campaign::lifecycle::State;
use crate::campaign::model::{Campaign, ChannelPlan, CheckedCampaign, EmailPlan, SchedulePlan};

/// One state change, as the campaign's page shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Transition {
    pub from_state: String,
    pub to_state: String,
    pub reason: Option<String>,
    /// Who: a staff e-mail address, or the system part that did it (`worker`).
    pub actor: String,
    pub at: i64,
    /// When Beacon gave the reason (not a person): its message, for pages in the reader's language.
    pub reason_id: Option<String>,
}

/// An object on an ad platform made for a campaign.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ChannelObject {
    pub channel: String,
    pub step: String,
    pub object_id: String,
    pub created_at: i64,
}

/// One day's delivery on one channel as the platform reported it (breakdown `""` for the total, else
/// `age:25-34`, `gender:female`, `region:…`), or, with breakdown `lifetime`, the platform's own reach
/// deduplicated over the campaign from its start to `day`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct InsightRow {
    pub channel: String,
    /// `YYYY-MM-DD`, the platform's reporting day.
    pub day: String,
    pub breakdown: String,
    pub reach: i64,
    pub impressions: i64,
    pub clicks: i64,
    pub spend_minor: i64,
    pub fetched_at: i64,
}

/// A channel's stored error as a message. It is stored as the message itself (JSON), so each reader sees
/// it in their language; plain text stored otherwise is shown as it is.
fn stored_error(text: &str) -> crate::message::Message {
    serde_json::from_str(text)
        .unwrap_or_else(|_| crate::message::Message::new("channel-error-text").text("detail", text))
}

const COLUMNS: &str = "id, name, objective, landing_url, snapshot_id, creative_id, locales, time_zone, \
     starts_at, ends_at, state, state_reason, approved_hash, created_at, updated_at";

fn campaign(r: &sqlx::any::AnyRow) -> Result<Campaign, StoreError> {
    let state: String = r.try_get("state")?;
    let locales: String = r.try_get("locales")?;
    Ok(Campaign {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        objective: r.try_get("objective")?,
        landing_url: r.try_get("landing_url")?,
        snapshot_id: r.try_get("snapshot_id")?,
        creative_id: r.try_get("creative_id")?,
        locales: serde_json::from_str(&locales).unwrap_or_default(),
        time_zone: r.try_get("time_zone")?,
        starts_at: r.try_get("starts_at")?,
        ends_at: r.try_get("ends_at")?,
        state: State::parse(&state).unwrap_or(State::Draft),
        state_reason: r.try_get("state_reason")?,
        approved_hash: r.try_get("approved_hash")?,
        channels: Vec::new(),
        schedules: Vec::new(),
        email: None,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

impl Store {
    /// One campaign with its channels and schedules.
    pub async fn campaign(&self, id: i64) -> Result<Option<Campaign>, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM campaigns WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        let Some(row) = row else { return Ok(None) };
        let mut c = campaign(&row)?;
        c.channels = self.campaign_channels(id).await?;
        c.schedules = self.campaign_schedules(id).await?;
        c.email = self.campaign_email(id).await?;
        Ok(Some(c))
    }

    /// Every campaign, newest first (without channels and schedules).
    pub async fn campaigns(&self) -> Result<Vec<Campaign>, StoreError> {
        let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM campaigns ORDER BY id DESC"))
            .fetch_all(self.pool())
            .await?;
        let mut out = rows.iter().map(campaign).collect::<Result<Vec<_>, _>>()?;
        for c in &mut out {
            c.channels = self.campaign_channels(c.id).await?;
            c.email = self.campaign_email(c.id).await?;
        }
        Ok(out)
    }

    /// A campaign's state as stored (`running`, `paused`…), alone: the e-mail sender reads it before each
    /// group of messages.
    pub async fn campaign_state(&self, campaign_id: i64) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT state FROM campaigns WHERE id = $1")
                .bind(campaign_id)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    async fn campaign_channels(&self, id: i64) -> Result<Vec<ChannelPlan>, StoreError> {
        let rows = sqlx::query(
            "SELECT channel, budget_minor, currency, budget_kind, send_window, progress, last_error \
             FROM campaign_channels WHERE campaign_id = $1 ORDER BY channel",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let stored: Option<String> = r.try_get("last_error")?;
                let message = stored.as_deref().map(stored_error);
                Ok(ChannelPlan {
                    last_error: message.as_ref().map(crate::message::english),
                    last_error_message: message,
                    channel: r.try_get("channel")?,
                    budget_minor: r.try_get("budget_minor")?,
                    currency: r.try_get("currency")?,
                    budget_kind: r.try_get("budget_kind")?,
                    send_window: r.try_get("send_window")?,
                    progress: r.try_get("progress")?,
                })
            })
            .collect()
    }

    async fn campaign_email(&self, id: i64) -> Result<Option<EmailPlan>, StoreError> {
        let row = sqlx::query(
            "SELECT send_window, progress, last_error FROM campaign_email WHERE campaign_id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let lists: Vec<i64> = sqlx::query_scalar(
            "SELECT list_id FROM campaign_lists WHERE campaign_id = $1 ORDER BY list_id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        let stored: Option<String> = row.try_get("last_error")?;
        Ok(Some(EmailPlan {
            lists,
            send_window: row.try_get("send_window")?,
            progress: row.try_get("progress")?,
            last_error_message: stored.as_deref().map(stored_error),
        }))
    }

    async fn campaign_schedules(&self, id: i64) -> Result<Vec<SchedulePlan>, StoreError> {
        let rows = sqlx::query(
            "SELECT channel, locale, cron, time_zone FROM campaign_schedules WHERE campaign_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(SchedulePlan {
                    channel: r.try_get("channel")?,
                    locale: r.try_get("locale")?,
                    cron: r.try_get("cron")?,
                    time_zone: r.try_get("time_zone")?,
                })
            })
            .collect()
    }

    /// A campaign's state changes, oldest first.
    pub async fn campaign_transitions(&self, id: i64) -> Result<Vec<Transition>, StoreError> {
        let rows = sqlx::query(
            "SELECT from_state, to_state, reason, actor, at FROM campaign_transitions \
             WHERE campaign_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Transition {
                    from_state: r.try_get("from_state")?,
                    to_state: r.try_get("to_state")?,
                    reason: r.try_get("reason")?,
                    actor: r.try_get("actor")?,
                    at: r.try_get("at")?,
                    reason_id: None,
                })
            })
            .collect()
    }

    /// The objects made on ad platforms for a campaign.
    pub async fn channel_objects(&self, id: i64) -> Result<Vec<ChannelObject>, StoreError> {
        let rows = sqlx::query(
            "SELECT channel, step, object_id, created_at FROM channel_objects WHERE campaign_id = $1 \
             ORDER BY channel, created_at, step",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ChannelObject {
                    channel: r.try_get("channel")?,
                    step: r.try_get("step")?,
                    object_id: r.try_get("object_id")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect()
    }

    /// Whether an audience snapshot exists.
    pub async fn snapshot_exists(&self, id: i64) -> Result<bool, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audience_snapshots WHERE id = $1")
            .bind(id)
            .fetch_one(self.pool())
            .await?;
        Ok(n > 0)
    }
}

impl Tx {
    /// Stores a new campaign (a draft) with its channels and schedules; returns its id.
    pub async fn insert_campaign(
        &mut self,
        c: &CheckedCampaign,
        created_by: Option<i64>,
        at: i64,
    ) -> Result<i64, StoreError> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO campaigns (name, objective, landing_url, snapshot_id, creative_id, locales, time_zone, \
             starts_at, ends_at, state, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'draft', $10, $11, $11) RETURNING id",
        )
        .bind(&c.name)
        .bind(&c.objective)
        .bind(&c.landing_url)
        .bind(c.snapshot_id)
        .bind(c.creative_id)
        .bind(serde_json::to_string(&c.locales).expect("a list of strings serializes"))
        .bind(&c.time_zone)
        .bind(c.starts_at)
        .bind(c.ends_at)
        .bind(created_by)
        .bind(at)
        .fetch_one(self.conn())
        .await?;
        self.replace_campaign_plan(id, c).await?;
        Ok(id)
    }

    /// Replaces what a campaign is (an edit); its state is the caller's to set.
    pub async fn update_campaign(
        &mut self,
        id: i64,
        c: &CheckedCampaign,
        at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE campaigns SET name = $2, objective = $3, landing_url = $4, snapshot_id = $5, \
             creative_id = $6, locales = $7, time_zone = $8, starts_at = $9, ends_at = $10, updated_at = $11 \
             WHERE id = $1",
        )
        .bind(id)
        .bind(&c.name)
        .bind(&c.objective)
        .bind(&c.landing_url)
        .bind(c.snapshot_id)
        .bind(c.creative_id)
        .bind(serde_json::to_string(&c.locales).expect("a list of strings serializes"))
        .bind(&c.time_zone)
        .bind(c.starts_at)
        .bind(c.ends_at)
        .bind(at)
        .execute(self.conn())
        .await?;
        sqlx::query("DELETE FROM campaign_channels WHERE campaign_id = $1")
            .bind(id)
            .execute(self.conn())
            .await?;
        for table in ["campaign_schedules", "campaign_lists", "campaign_email"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE campaign_id = $1"))
                .bind(id)
                .execute(self.conn())
                .await?;
        }
        self.replace_campaign_plan(id, c).await
    }

    async fn replace_campaign_plan(
        &mut self,
        id: i64,
        c: &CheckedCampaign,
    ) -> Result<(), StoreError> {
        for ch in &c.channels {
            sqlx::query(
                "INSERT INTO campaign_channels (campaign_id, channel, budget_minor, currency, budget_kind, \
                 send_window, progress) VALUES ($1, $2, $3, $4, $5, $6, 'pending')",
            )
            .bind(id)
            .bind(&ch.channel)
            .bind(ch.budget_minor)
            .bind(&ch.currency)
            .bind(&ch.budget_kind)
            .bind(&ch.send_window)
            .execute(self.conn())
            .await?;
        }
        for s in &c.schedules {
            sqlx::query(
                "INSERT INTO campaign_schedules (campaign_id, channel, locale, cron, time_zone) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(&s.channel)
            .bind(&s.locale)
            .bind(&s.cron)
            .bind(&s.time_zone)
            .execute(self.conn())
            .await?;
        }
        if let Some(e) = &c.email {
            sqlx::query(
                "INSERT INTO campaign_email (campaign_id, send_window, progress) VALUES ($1, $2, 'pending')",
            )
            .bind(id)
            .bind(&e.send_window)
            .execute(self.conn())
            .await?;
            for list in &e.lists {
                sqlx::query("INSERT INTO campaign_lists (campaign_id, list_id) VALUES ($1, $2)")
                    .bind(id)
                    .bind(list)
                    .execute(self.conn())
                    .await?;
            }
        }
        Ok(())
    }

    /// Moves a campaign from `from` to `to` and records who, when and why; `false` (nothing written) when
    /// the campaign is no longer in `from`, because another request moved it first.
    #[allow(clippy::too_many_arguments)]
    pub async fn move_campaign(
        &mut self,
        id: i64,
        from: State,
        to: State,
        reason: Option<&str>,
        approved_hash: Option<&str>,
        actor: &str,
        at: i64,
    ) -> Result<bool, StoreError> {
        let moved = sqlx::query(
            "UPDATE campaigns SET state = $3, state_reason = $4, \
             approved_hash = CASE WHEN $3 = 'draft' THEN NULL ELSE COALESCE(CAST($5 AS TEXT), approved_hash) END, \
             updated_at = $6 WHERE id = $1 AND state = $2",
        )
        .bind(id)
        .bind(from.as_str())
        .bind(to.as_str())
        .bind(reason)
        .bind(approved_hash)
        .bind(at)
        .execute(self.conn())
        .await?
        .rows_affected();
        if moved != 1 {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO campaign_transitions (campaign_id, from_state, to_state, reason, actor, at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(from.as_str())
        .bind(to.as_str())
        .bind(reason)
        .bind(actor)
        .bind(at)
        .execute(self.conn())
        .await?;
        Ok(true)
    }

    /// Records a channel's progress on its platform, and the last error as a message (`None` clears it).
    pub async fn set_channel_progress(
        &mut self,
        id: i64,
        channel: &str,
        progress: &str,
        error: Option<&crate::message::Message>,
    ) -> Result<(), StoreError> {
        let error = error.map(|m| serde_json::to_string(m).expect("a message serializes"));
        sqlx::query(
            "UPDATE campaign_channels SET progress = $3, last_error = $4 WHERE campaign_id = $1 AND channel = $2",
        )
        .bind(id)
        .bind(channel)
        .bind(progress)
        .bind(error)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Sets one channel's budget; `false` when the campaign has no such channel.
    pub async fn set_channel_budget(
        &mut self,
        id: i64,
        channel: &str,
        budget_minor: i64,
        at: i64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE campaign_channels SET budget_minor = $3 WHERE campaign_id = $1 AND channel = $2",
        )
        .bind(id)
        .bind(channel)
        .bind(budget_minor)
        .execute(self.conn())
        .await?
        .rows_affected()
            == 1;
        if done {
            sqlx::query("UPDATE campaigns SET updated_at = $2 WHERE id = $1")
                .bind(id)
                .bind(at)
                .execute(self.conn())
                .await?;
        }
        Ok(done)
    }

    /// Stores an object made on a platform, in the step that made it; the same step twice keeps the first.
    pub async fn store_channel_object(
        &mut self,
        id: i64,
        channel: &str,
        step: &str,
        object_id: &str,
        at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO channel_objects (campaign_id, channel, step, object_id, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (campaign_id, channel, step) DO NOTHING",
        )
        .bind(id)
        .bind(channel)
        .bind(step)
        .bind(object_id)
        .bind(at)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Keeps a fetch of delivery figures: each (channel, day, breakdown) once, the latest fetch replacing an
    /// earlier one (platforms revise recent days).
    pub async fn store_insights(&mut self, id: i64, rows: &[InsightRow]) -> Result<(), StoreError> {
        for r in rows {
            sqlx::query(
                "INSERT INTO campaign_insights \
                 (campaign_id, channel, day, breakdown, reach, impressions, clicks, spend_minor, fetched_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                 ON CONFLICT (campaign_id, channel, day, breakdown) DO UPDATE SET \
                 reach = excluded.reach, impressions = excluded.impressions, clicks = excluded.clicks, \
                 spend_minor = excluded.spend_minor, fetched_at = excluded.fetched_at",
            )
            .bind(id)
            .bind(&r.channel)
            .bind(&r.day)
            .bind(&r.breakdown)
            .bind(r.reach)
            .bind(r.impressions)
            .bind(r.clicks)
            .bind(r.spend_minor)
            .bind(r.fetched_at)
            .execute(self.conn())
            .await?;
        }
        Ok(())
    }
}

impl Store {
    /// A campaign's delivery figures, by channel, day and breakdown.
    pub async fn campaign_insights(&self, id: i64) -> Result<Vec<InsightRow>, StoreError> {
        self.insights_where(id, "").await
    }

    /// A campaign's daily totals and lifetime rows only (breakdown `''` or `lifetime`), without the
    /// region, age and gender breakdowns, which may be many.
    pub async fn campaign_insight_totals(&self, id: i64) -> Result<Vec<InsightRow>, StoreError> {
        self.insights_where(id, " AND breakdown IN ('', 'lifetime')")
            .await
    }

    async fn insights_where(&self, id: i64, filter: &str) -> Result<Vec<InsightRow>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT channel, day, breakdown, reach, impressions, clicks, spend_minor, fetched_at \
             FROM campaign_insights WHERE campaign_id = $1{filter} ORDER BY channel, day, breakdown"
        ))
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(InsightRow {
                    channel: r.try_get("channel")?,
                    day: r.try_get("day")?,
                    breakdown: r.try_get("breakdown")?,
                    reach: r.try_get("reach")?,
                    impressions: r.try_get("impressions")?,
                    clicks: r.try_get("clicks")?,
                    spend_minor: r.try_get("spend_minor")?,
                    fetched_at: r.try_get("fetched_at")?,
                })
            })
            .collect()
    }
}
