//! Measuring a campaign's reach: events held off line (entered by campaign staff), and the reach summary
//! that puts every channel side by side: each ad platform's delivery (its reach deduplicated over the
//! campaign when the platform gives it, else its highest day), the e-mails sent, the events, the
//! partners' staff trained, their plain sum and the estimate of unique people reached across channels
//! (`measure::reach`), with every assumption written out as a message of the locale files.

use serde::Serialize;

use super::audit::AuditEvent;
use super::error::ServiceError;
use super::{Actor, Services};
use crate::accounts::Permission;
use crate::measure::reach::{ReachEstimate, sainsbury};
use crate::message::Message;
use crate::store::measure::OfflineEvent;

pub struct Measure<'a>(pub(super) &'a Services);

/// An event held off line, as campaign staff enter it.
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventInput {
    /// What it was ("Community awareness day").
    pub name: String,
    /// Where it was held.
    pub place: String,
    /// The day, `YYYY-MM-DD`; not in the future.
    pub held_on: String,
    /// People reached (0 to 10,000,000).
    pub people_reached: i64,
    /// How they were counted.
    pub counted_how: String,
}

/// One channel's part of a campaign's reach.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ChannelReach {
    /// `meta`, `google`, `sandbox`, `email` or `events`.
    pub channel: String,
    /// People reached as the channel counts them (see `basis`).
    pub reach: i64,
    /// How `reach` was counted, as a message id of the locale files.
    pub basis: String,
    pub impressions: Option<i64>,
    pub clicks: Option<i64>,
    /// Days with figures.
    pub days: usize,
}

/// What became of a campaign's e-mails.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct EmailOutcome {
    /// Handed to the relay.
    pub sent: i64,
    /// Sent, less the hard bounces reported since.
    pub delivered: i64,
    /// Sent to an address that bounced for good afterwards.
    pub bounced: i64,
    /// Sent to an address whose owner complained (marked it as spam) afterwards.
    pub complained: i64,
    /// Sent to an address that unsubscribed afterwards.
    pub unsubscribed: i64,
    /// Not sent: the relay refused them, or they could not be built.
    pub failed: i64,
}

/// A campaign's reach across its channels.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReachSummary {
    pub campaign_id: i64,
    /// The people the campaign was aimed at: the frozen audience's region population in its age bands and
    /// genders, when the snapshot has one.
    pub audience: Option<f64>,
    pub channels: Vec<ChannelReach>,
    /// The plain sum of the channels' reach: a person reached by two channels counts twice.
    pub sum: i64,
    /// Unique people reached across channels, overlap taken as random within the audience (Sainsbury),
    /// capped at the audience; absent without an audience size.
    #[schema(value_type = Option<Object>)]
    pub unique: Option<ReachEstimate>,
    /// What became of the campaign's e-mails, when it sent any.
    pub email: Option<EmailOutcome>,
    /// Partners' staff trained for this campaign (not part of the audience, so not in the sums).
    pub staff_trained: i64,
    /// Every assumption and warning behind the figures, as message ids of the locale files.
    #[schema(value_type = Vec<Object>)]
    pub notes: Vec<Message>,
}

impl Measure<'_> {
    /// Records an event held off line for a campaign (campaign staff; audited).
    #[tracing::instrument(skip_all, fields(campaign_id))]
    pub async fn add_event(
        &self,
        actor: &Actor,
        campaign_id: i64,
        input: &EventInput,
    ) -> Result<OfflineEvent, ServiceError> {
        actor.require(Permission::RunCampaigns)?;
        let s = self.0;
        let text = |field: &str, value: &str, max: usize| {
            let v = value.trim();
            if v.is_empty() || v.chars().count() > max {
                Err(ServiceError::invalid(
                    field,
                    Message::new("refused-name-length").number("max", max as f64),
                ))
            } else {
                Ok(v.to_string())
            }
        };
        let name = text("name", &input.name, 200)?;
        let place = text("place", &input.place, 200)?;
        let counted_how = text("counted_how", &input.counted_how, 500)?;
        let held_on = s.past_day("held_on", &input.held_on)?;
        if !(0..=10_000_000).contains(&input.people_reached) {
            return Err(ServiceError::invalid(
                "people_reached",
                Message::new("refused-training-staff").number("max", 10_000_000.0),
            ));
        }
        if s.store.campaign_state(campaign_id).await?.is_none() {
            return Err(ServiceError::NotFound(format!("no campaign {campaign_id}")));
        }
        let at = s.clock.unix();
        let held = held_on.to_string();
        let mut tx = s.store.begin().await?;
        let id = tx
            .insert_offline_event(
                campaign_id,
                &name,
                &place,
                &held,
                input.people_reached,
                &counted_how,
                actor.user_id(),
                at,
            )
            .await?;
        let event = AuditEvent::OfflineEventRecorded {
            campaign_id,
            event_id: id,
            people: input.people_reached as u64,
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        Ok(OfflineEvent {
            id,
            campaign_id,
            name,
            place,
            held_on: held,
            people_reached: input.people_reached,
            counted_how,
            created_at: at,
        })
    }

    /// A campaign's events held off line (anyone who reads campaigns).
    pub async fn events(
        &self,
        actor: &Actor,
        campaign_id: i64,
    ) -> Result<Vec<OfflineEvent>, ServiceError> {
        actor.require(Permission::ReadCampaigns)?;
        Ok(self.0.store.offline_events(campaign_id).await?)
    }

    /// A campaign's reach across its channels, with the assumptions behind it.
    #[tracing::instrument(skip_all, fields(campaign_id))]
    pub async fn reach(
        &self,
        actor: &Actor,
        campaign_id: i64,
    ) -> Result<ReachSummary, ServiceError> {
        actor.require(Permission::ReadCampaigns)?;
        self.reach_of(campaign_id).await
    }

    /// A campaign's reach, for a use case that has checked its actor's permission (the impact report).
    pub(crate) async fn reach_of(&self, campaign_id: i64) -> Result<ReachSummary, ServiceError> {
        let s = self.0;
        let campaign = s
            .store
            .campaign(campaign_id)
            .await?
            .ok_or_else(|| ServiceError::NotFound(format!("no campaign {campaign_id}")))?;
        let mut notes = Vec::new();
        let audience = s
            .store
            .snapshot(campaign.snapshot_id)
            .await?
            .and_then(|snap| audience_size(&snap.body));
        let mut channels = platform_reach(s.store.campaign_insight_totals(campaign_id).await?);
        for (basis, note) in [
            (BASIS_LIFETIME, "reach-note-platform-lifetime"),
            (BASIS_PEAK, "reach-note-platform-peak"),
        ] {
            if channels.iter().any(|c| c.basis == basis) {
                notes.push(Message::new(note));
            }
        }
        let counts = s.store.email_counts(campaign_id).await?;
        let email = if counts.total() > 0 {
            let outcomes = s.store.email_outcomes(campaign_id).await?;
            let of = |reason: &str| {
                outcomes
                    .iter()
                    .find(|(r, _)| r == reason)
                    .map_or(0, |(_, n)| *n)
            };
            let outcome = EmailOutcome {
                sent: counts.sent,
                delivered: counts.sent - of("bounced"),
                bounced: of("bounced"),
                complained: of("complained"),
                unsubscribed: of("unsubscribed"),
                failed: counts.failed,
            };
            channels.push(ChannelReach {
                channel: "email".into(),
                reach: outcome.delivered,
                basis: "reach-basis-email-delivered".into(),
                impressions: None,
                clicks: None,
                days: 0,
            });
            notes.push(
                Message::new("reach-note-email")
                    .number("sent", outcome.sent as f64)
                    .number("bounced", outcome.bounced as f64)
                    .number("failed", outcome.failed as f64),
            );
            Some(outcome)
        } else {
            None
        };
        let events = s.store.offline_events(campaign_id).await?;
        if !events.is_empty() {
            channels.push(ChannelReach {
                channel: "events".into(),
                reach: events.iter().map(|e| e.people_reached).sum(),
                basis: "reach-basis-events".into(),
                impressions: None,
                clicks: None,
                days: events.len(),
            });
            notes.push(Message::new("reach-note-events"));
        }
        let staff_trained = s
            .store
            .trainings(None)
            .await?
            .iter()
            .filter(|t| t.campaign_id == Some(campaign_id))
            .map(|t| t.staff_trained)
            .sum();
        let sum = channels.iter().map(|c| c.reach).sum();
        let unique = match audience {
            Some(n) if n > 0.0 => {
                let reaches: Vec<f64> = channels.iter().map(|c| c.reach as f64).collect();
                let estimate = sainsbury(n, &reaches);
                notes.push(Message::new("reach-note-sainsbury"));
                if estimate.capped > 0 {
                    notes.push(
                        Message::new("reach-note-capped").number("count", estimate.capped as f64),
                    );
                }
                Some(estimate)
            }
            _ => {
                notes.push(Message::new("reach-note-no-audience"));
                None
            }
        };
        Ok(ReachSummary {
            campaign_id,
            audience,
            channels,
            sum,
            unique,
            email,
            staff_trained,
            notes,
        })
    }
}

/// A platform's reach as its deduplicated figure over the campaign so far.
const BASIS_LIFETIME: &str = "reach-basis-platform-lifetime";
/// A platform's reach as its highest day.
const BASIS_PEAK: &str = "reach-basis-platform-peak";

/// Each ad platform's reach from its stored delivery rows (ordered by channel, as the store returns
/// them). Impressions, clicks and days come from the daily totals (breakdown `""`) only. The reach is the
/// platform's own deduplicated figure from its latest `lifetime` row (the greatest day), which counts each
/// person once over the campaign so far; without one, or should a later day's figure exceed it (a
/// `lifetime` row older than the latest days), it is the highest day's, which is less than or equal to the
/// people reached over the campaign.
fn platform_reach(rows: Vec<crate::store::campaigns::InsightRow>) -> Vec<ChannelReach> {
    use crate::channels::LIFETIME;
    let mut out: Vec<ChannelReach> = Vec::new();
    // Per channel in `out`: the latest lifetime row's day and reach.
    let mut lifetimes: Vec<Option<(String, i64)>> = Vec::new();
    for r in rows
        .into_iter()
        .filter(|r| r.breakdown.is_empty() || r.breakdown == LIFETIME)
    {
        if out.last().is_none_or(|c| c.channel != r.channel) {
            out.push(ChannelReach {
                channel: r.channel.clone(),
                reach: 0,
                basis: BASIS_PEAK.into(),
                impressions: Some(0),
                clicks: Some(0),
                days: 0,
            });
            lifetimes.push(None);
        }
        let c = out.last_mut().expect("pushed above");
        if r.breakdown == LIFETIME {
            let latest = lifetimes.last_mut().expect("pushed with the channel");
            if latest.as_ref().is_none_or(|(day, _)| r.day > *day) {
                *latest = Some((r.day, r.reach));
            }
            continue;
        }
        c.reach = c.reach.max(r.reach);
        c.impressions = c.impressions.map(|i| i + r.impressions);
        c.clicks = c.clicks.map(|i| i + r.clicks);
        c.days += 1;
    }
    for (c, lifetime) in out.iter_mut().zip(lifetimes) {
        if let Some((_, reach)) = lifetime.filter(|(_, reach)| *reach >= c.reach) {
            c.reach = reach;
            c.basis = BASIS_LIFETIME.into();
        }
    }
    out
}

/// The audience size a snapshot holds: its region's population in the chosen age bands and genders.
fn audience_size(body: &serde_json::Value) -> Option<f64> {
    let e = body.get("estimate")?;
    let population = e.get("region_population")?.as_f64()?;
    let age = e.get("age_share").and_then(|v| v.as_f64()).unwrap_or(1.0);
    let gender = e
        .get("gender_share")
        .and_then(|v| v.as_f64())
        .unwrap_or(1.0);
    Some(population * age * gender)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        channel: &str,
        day: &str,
        breakdown: &str,
        reach: i64,
    ) -> crate::store::campaigns::InsightRow {
        crate::store::campaigns::InsightRow {
            channel: channel.into(),
            day: day.into(),
            breakdown: breakdown.into(),
            reach,
            impressions: reach * 2,
            clicks: 10,
            spend_minor: 500,
            fetched_at: 1,
        }
    }

    #[test]
    fn a_platforms_reach_is_its_latest_lifetime_figure_else_its_highest_day() {
        let rows = vec![
            row("google", "2026-03-02", "", 0),
            row("google", "2026-03-03", "", 0),
            row("meta", "2026-03-02", "", 800),
            row("meta", "2026-03-02", "age:25-34", 400),
            row("meta", "2026-03-03", "", 900),
            row("meta", "2026-03-03", "lifetime", 1500),
            row("meta", "2026-03-04", "", 700),
            row("meta", "2026-03-04", "lifetime", 2100),
            row("sandbox", "2026-03-02", "", 1000),
            row("sandbox", "2026-03-02", "lifetime", 1000),
            row("sandbox", "2026-03-03", "", 1200),
        ];
        let reach = platform_reach(rows);
        let got: Vec<(&str, i64, &str, Option<i64>, usize)> = reach
            .iter()
            .map(|c| {
                (
                    c.channel.as_str(),
                    c.reach,
                    c.basis.as_str(),
                    c.impressions,
                    c.days,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                // No lifetime row: the highest day.
                ("google", 0, BASIS_PEAK, Some(0), 2),
                // The latest lifetime row; its impressions and day are not added to the days'.
                ("meta", 2100, BASIS_LIFETIME, Some(4800), 3),
                // A lifetime row older than a higher day: the higher day.
                ("sandbox", 1200, BASIS_PEAK, Some(4400), 2),
            ]
        );
    }

    #[test]
    fn the_audience_is_the_regions_people_in_its_bands() {
        let body = serde_json::json!({"estimate": {"region_population": 200000.0, "age_share": 0.5, "gender_share": 1.0}});
        assert_eq!(audience_size(&body), Some(100_000.0));
        assert_eq!(audience_size(&serde_json::json!({"estimate": {}})), None);
    }
}
