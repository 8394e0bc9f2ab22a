//! What measuring reach reads and keeps beyond the campaigns' own tables: events held off line.

use sqlx::Row;

use super::{Store, StoreError, Tx};

/// An event held off line as part of a campaign.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct OfflineEvent {
    pub id: i64,
    pub campaign_id: i64,
    pub name: String,
    pub place: String,
    /// `YYYY-MM-DD`.
    pub held_on: String,
    pub people_reached: i64,
    /// How the people were counted ("clicker at the entrance", "leaflets handed out").
    pub counted_how: String,
    pub created_at: i64,
}

fn event(r: &sqlx::any::AnyRow) -> Result<OfflineEvent, StoreError> {
    Ok(OfflineEvent {
        id: r.try_get("id")?,
        campaign_id: r.try_get("campaign_id")?,
        name: r.try_get("name")?,
        place: r.try_get("place")?,
        held_on: r.try_get("held_on")?,
        people_reached: r.try_get("people_reached")?,
        counted_how: r.try_get("counted_how")?,
        created_at: r.try_get("created_at")?,
    })
}

impl Store {
    /// A campaign's events held off line, by day.
    pub async fn offline_events(&self, campaign_id: i64) -> Result<Vec<OfflineEvent>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, campaign_id, name, place, held_on, people_reached, counted_how, created_at \
             FROM offline_events WHERE campaign_id = $1 ORDER BY held_on, id",
        )
        .bind(campaign_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(event).collect()
    }
}

impl Store {
    /// What became of a campaign's sent e-mails: for each reason an address joined the suppression list
    /// after its message was sent (`bounced` for good, `complained`, `unsubscribed`, `erased`), how many
    /// messages.
    pub async fn email_outcomes(&self, campaign_id: i64) -> Result<Vec<(String, i64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT s.reason, COUNT(*) AS n FROM email_messages m \
             JOIN email_suppressions s ON s.email_hash = m.email_hash \
             WHERE m.campaign_id = $1 AND m.status = 'sent' AND s.at * 1000 >= m.updated_at_ms \
             GROUP BY s.reason ORDER BY s.reason",
        )
        .bind(campaign_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("reason")?, r.try_get::<i64, _>("n")?)))
            .collect()
    }
}

impl Tx {
    /// Keeps an event; returns its id.
    #[allow(clippy::too_many_arguments)]
    pub async fn insert_offline_event(
        &mut self,
        campaign_id: i64,
        name: &str,
        place: &str,
        held_on: &str,
        people_reached: i64,
        counted_how: &str,
        created_by: Option<i64>,
        at: i64,
    ) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "INSERT INTO offline_events (campaign_id, name, place, held_on, people_reached, counted_how, \
             created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(campaign_id)
        .bind(name)
        .bind(place)
        .bind(held_on)
        .bind(people_reached)
        .bind(counted_how)
        .bind(created_by)
        .bind(at)
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get("id")?)
    }
}
