//! Campaigns' use cases: make and edit them (everything the input can tell checked on saving), move them
//! through their states (each move checked by `campaign::lifecycle`, recorded with who, when and why, and
//! audited), and the jobs that launch, pause, resume and end them on time.

use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use super::jobs::{JobKind, now_ms};
use super::{Actor, AuditEvent, ServiceError, Services};
use crate::accounts::Permission;
use crate::campaign::lifecycle::{self, Action, State};
use crate::campaign::model::{Campaign, CampaignInput, needs_creative};
use crate::campaign::schedule::{CronSchedule, rfc3339};
use crate::message::Message;
use crate::store::campaigns::{ChannelObject, Transition};
use crate::store::jobs::NewJob;

/// A campaign with what its page shows.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CampaignView {
    pub campaign: Campaign,
    pub transitions: Vec<Transition>,
    pub objects: Vec<ChannelObject>,
    /// Each schedule's next runs (RFC 3339, UTC) from now or the start, within the campaign's dates.
    pub next_runs: Vec<Vec<String>>,
    /// The same runs in Unix seconds.
    pub next_runs_at: Vec<Vec<i64>>,
    /// What staff may ask of it now.
    pub actions: Vec<&'static str>,
    /// Locales whose creative is not approved as it renders now (approval waits for them).
    pub unapproved: Vec<String>,
    /// The message of the state's reason when Beacon gave it.
    pub state_reason_id: Option<String>,
    /// Delivery so far, per channel that reported any.
    pub delivery: Vec<ChannelDelivery>,
}

/// One channel's delivery so far: its days (totals only) and their sums. Reach is per day and has no sum:
/// the same person reached on two days is one person.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ChannelDelivery {
    pub channel: String,
    pub currency: String,
    pub days: Vec<DeliveryDay>,
    pub impressions: i64,
    pub clicks: i64,
    pub spend_minor: i64,
    /// The spend in major units, as plain decimal text (`25.00`).
    pub spend: String,
    /// The most people reached on one day.
    pub peak_reach: i64,
    /// When the figures were last fetched (Unix seconds).
    pub fetched_at: i64,
}

/// One day of a channel's delivery, in total.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DeliveryDay {
    pub day: String,
    pub reach: i64,
    pub impressions: i64,
    pub clicks: i64,
    /// In major units, as plain decimal text.
    pub spend: String,
}

impl ChannelDelivery {
    fn of(c: &Campaign, rows: Vec<crate::store::campaigns::InsightRow>) -> Vec<Self> {
        use crate::campaign::model::major_text;
        let mut out: Vec<Self> = Vec::new();
        // The days' totals only: not the breakdowns, nor the `lifetime` row (a platform's reach over the
        // whole range, whose impressions, clicks and spend the days already hold).
        for r in rows.into_iter().filter(|r| r.breakdown.is_empty()) {
            if out.last().is_none_or(|d| d.channel != r.channel) {
                let currency = c
                    .channels
                    .iter()
                    .find(|ch| ch.channel == r.channel)
                    .map(|ch| ch.currency.clone())
                    .unwrap_or_default();
                out.push(Self {
                    channel: r.channel.clone(),
                    currency,
                    days: Vec::new(),
                    impressions: 0,
                    clicks: 0,
                    spend_minor: 0,
                    spend: String::new(),
                    peak_reach: 0,
                    fetched_at: 0,
                });
            }
            let d = out.last_mut().expect("pushed above");
            d.impressions += r.impressions;
            d.clicks += r.clicks;
            d.spend_minor += r.spend_minor;
            d.spend = major_text(d.spend_minor, &d.currency);
            d.peak_reach = d.peak_reach.max(r.reach);
            d.fetched_at = d.fetched_at.max(r.fetched_at);
            d.days.push(DeliveryDay {
                day: r.day,
                reach: r.reach,
                impressions: r.impressions,
                clicks: r.clicks,
                spend: major_text(r.spend_minor, &d.currency),
            });
        }
        out
    }
}

/// A file to upload by hand: its name and bytes.
pub type ExportFile = (String, Vec<u8>);

fn no_campaign(id: i64) -> ServiceError {
    ServiceError::NotFound(format!("no campaign {id}"))
}

/// The reasons Beacon itself gives for a move, kept in English (the API's words) and shown on pages by their
/// message.
const EDITED: &str = "edited after approval";
const CHANGED: &str = "what was approved has changed (the creative's texts or image)";
const SYSTEM_REASONS: [(&str, &str); 2] = [
    (EDITED, "campaign-reason-edited"),
    (CHANGED, "campaign-reason-changed"),
];

/// The message of a reason Beacon gave, if it is one.
fn reason_id(reason: Option<&str>) -> Option<String> {
    let reason = reason?;
    SYSTEM_REASONS
        .iter()
        .find(|(text, _)| *text == reason)
        .map(|(_, id)| id.to_string())
}

/// A state in the reader's words.
pub fn state_message(state: State) -> Message {
    Message::new(&format!("campaign-state-{}", state.as_str()))
}

fn refused_move(state: State, action: &str) -> ServiceError {
    ServiceError::Conflict(
        Message::new("refused-campaign-state")
            .message("state", state_message(state))
            .message(
                "action",
                Message::new(&format!("campaign-refused-{action}")),
            )
            .into(),
    )
}

pub struct Campaigns<'a>(pub(super) &'a Services);

impl Campaigns<'_> {
    fn available(&self) -> Vec<String> {
        self.0
            .locales
            .available()
            .map(|l| l.as_str().to_string())
            .collect()
    }

    async fn load(&self, id: i64) -> Result<Campaign, ServiceError> {
        self.0
            .store
            .campaign(id)
            .await?
            .ok_or_else(|| no_campaign(id))
    }

    /// Checks an input against the input rules and what the database holds.
    async fn check(
        &self,
        input: CampaignInput,
    ) -> Result<crate::campaign::model::CheckedCampaign, ServiceError> {
        let s = self.0;
        let checked = input
            .check(&self.available(), s.clock.unix())
            .map_err(|e| ServiceError::invalid(&e.field, e.reason))?;
        if !s.store.snapshot_exists(checked.snapshot_id).await? {
            return Err(ServiceError::invalid(
                "snapshot_id",
                Message::new("refused-no-snapshot").number("id", checked.snapshot_id as f64),
            ));
        }
        if let Some(e) = &checked.email {
            for id in &e.lists {
                if s.store.mailing_list(*id).await?.is_none() {
                    return Err(ServiceError::invalid(
                        "email.lists",
                        Message::new("refused-no-list").number("id", *id as f64),
                    ));
                }
            }
        }
        if s.store.creative(checked.creative_id).await?.is_none() {
            return Err(ServiceError::invalid(
                "creative_id",
                Message::new("refused-no-creative").number("id", checked.creative_id as f64),
            ));
        }
        Ok(checked)
    }

    /// Makes a campaign, a draft. Refused, naming the field, when it could not run as written.
    #[tracing::instrument(skip_all)]
    pub async fn create(
        &self,
        actor: &Actor,
        input: CampaignInput,
    ) -> Result<Campaign, ServiceError> {
        actor.require(Permission::RunCampaigns)?;
        let s = self.0;
        let checked = self.check(input).await?;
        self.preflight(&checked.draft(0), false).await?;
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        let id = tx.insert_campaign(&checked, actor.user_id(), at).await?;
        let event = AuditEvent::CampaignCreated {
            campaign_id: id,
            name: checked.name.clone(),
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        self.load(id).await
    }

    /// Changes a campaign that has not started. One that was approved or scheduled goes back to draft,
    /// saying so: what was approved is no longer what would run.
    #[tracing::instrument(skip_all, fields(campaign_id = id))]
    pub async fn update(
        &self,
        actor: &Actor,
        id: i64,
        input: CampaignInput,
    ) -> Result<Campaign, ServiceError> {
        actor.require(Permission::RunCampaigns)?;
        let s = self.0;
        let current = self.load(id).await?;
        if !current.state.editable() {
            return Err(refused_move(current.state, "edit"));
        }
        let checked = self.check(input).await?;
        self.preflight(&checked.draft(id), false).await?;
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        tx.update_campaign(id, &checked, at).await?;
        if current.state != State::Draft {
            let moved = Move {
                id,
                from: current.state,
                to: State::Draft,
                reason: Some(EDITED),
                approved_hash: None,
            };
            if !moved.record(s, &mut tx, actor, at).await? {
                return Err(refused_move(self.load(id).await?.state, "edit"));
            }
        }
        let event = AuditEvent::CampaignEdited { campaign_id: id };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        self.load(id).await
    }

    /// Every campaign (staff who run or read campaigns; partners see none).
    #[tracing::instrument(skip_all)]
    pub async fn list(&self, actor: &Actor) -> Result<Vec<Campaign>, ServiceError> {
        actor.require(Permission::ReadCampaigns)?;
        Ok(self.0.store.campaigns().await?)
    }

    /// A campaign with its history, platform objects, next runs and the moves open to it.
    #[tracing::instrument(skip_all, fields(campaign_id = id))]
    pub async fn get(&self, actor: &Actor, id: i64) -> Result<CampaignView, ServiceError> {
        actor.require(Permission::ReadCampaigns)?;
        let s = self.0;
        let campaign = self.load(id).await?;
        let now = s.clock.unix().max(campaign.starts_at - 1);
        let from = OffsetDateTime::from_unix_timestamp(now).unwrap_or(OffsetDateTime::UNIX_EPOCH);
        let runs: Vec<Vec<OffsetDateTime>> = campaign
            .schedules
            .iter()
            .map(|p| match CronSchedule::parse(&p.cron, &p.time_zone) {
                Ok(cron) => cron
                    .next_after(from, 10)
                    .into_iter()
                    .filter(|t| t.unix_timestamp() < campaign.ends_at)
                    .collect(),
                Err(_) => Vec::new(),
            })
            .collect();
        let next_runs = runs
            .iter()
            .map(|r| r.iter().copied().map(rfc3339).collect())
            .collect();
        let next_runs_at = runs
            .iter()
            .map(|r| r.iter().map(|t| t.unix_timestamp()).collect())
            .collect();
        let unapproved = self.unapproved(&campaign).await?;
        let mut transitions = s.store.campaign_transitions(id).await?;
        for t in &mut transitions {
            t.reason_id = reason_id(t.reason.as_deref());
        }
        Ok(CampaignView {
            state_reason_id: reason_id(campaign.state_reason.as_deref()),
            delivery: ChannelDelivery::of(&campaign, s.store.campaign_insights(id).await?),
            transitions,
            objects: s.store.channel_objects(id).await?,
            next_runs,
            next_runs_at,
            actions: lifecycle::staff_actions(campaign.state)
                .into_iter()
                .map(Action::as_str)
                .collect(),
            unapproved,
            campaign,
        })
    }

    /// Asks each platform the campaign uses what it can tell before anything is made (the credentials, the
    /// account's currency, the languages and targets it takes): a refusal names the field as the request
    /// does (`channels[0].currency`, `locales`, `snapshot_id`). When a platform cannot be asked now (an
    /// outage, a throttle), saving goes on and approval (`strict`) waits: it is asked again then.
    async fn preflight(&self, c: &Campaign, strict: bool) -> Result<(), ServiceError> {
        use crate::channels::ChannelError;
        for (i, plan) in c.channels.iter().enumerate() {
            let Some(platform) = self.0.channels.get(&plan.channel).cloned() else {
                continue;
            };
            let ad = self.ad_campaign(c, &plan.channel).await?;
            let Err(e) = platform.preflight(&ad).await else {
                continue;
            };
            let field = match &e {
                ChannelError::Refused { field: Some(f), .. } => match f.as_str() {
                    "currency" => format!("channels[{i}].currency"),
                    "locales" | "languages" | "locale" => "locales".into(),
                    "targets" | "excluded" => "snapshot_id".into(),
                    _ => format!("channels[{i}].channel"),
                },
                _ => format!("channels[{i}].channel"),
            };
            if e.retryable() {
                if strict {
                    return Err(ServiceError::Conflict(e.message().into()));
                }
                tracing::warn!(channel = %plan.channel, error = %e, "the platform could not be asked on saving");
                continue;
            }
            return Err(ServiceError::invalid(&field, e.message()));
        }
        Ok(())
    }

    /// Locales whose creative is not approved as it renders now, when a channel shows it.
    async fn unapproved(&self, c: &Campaign) -> Result<Vec<String>, ServiceError> {
        if !c.channels.iter().any(|ch| needs_creative(&ch.channel)) && c.email.is_none() {
            return Ok(Vec::new());
        }
        let Some(creative) = self.0.store.creative(c.creative_id).await? else {
            return Ok(c.locales.clone());
        };
        self.0.creatives().unapproved(&creative, &c.locales).await
    }

    /// What approval covers, hashed: the snapshot, the creative's texts and image per locale as they
    /// render now, the channels with their budgets, and the dates. A different hash later means something
    /// approved has changed.
    async fn fingerprint(&self, c: &Campaign) -> Result<String, ServiceError> {
        let mut hashes = Vec::new();
        if let Some(creative) = self.0.store.creative(c.creative_id).await? {
            for p in self.0.creatives().previews(&creative).await? {
                if c.locales.contains(&p.locale) {
                    hashes.push((p.locale, p.content_hash));
                }
            }
        }
        let what = serde_json::json!({
            "snapshot": c.snapshot_id,
            "creative": c.creative_id,
            "texts": hashes,
            "channels": c.channels.iter().map(|ch| (&ch.channel, ch.budget_minor, &ch.currency, &ch.budget_kind)).collect::<Vec<_>>(),
            "dates": [c.starts_at, c.ends_at],
            "email": c.email.as_ref().map(|e| (&e.lists, &e.send_window)),
        });
        Ok(hex::encode(Sha256::digest(what.to_string().as_bytes())))
    }

    /// Moves a campaign: staff approve, schedule, launch, pause, resume and cancel; the worker launches
    /// and completes on time. An illegal move is a conflict naming the current state. Approval waits for
    /// every locale's creative; a move past approval finds what was approved changed and sends the
    /// campaign back to draft, saying why.
    #[tracing::instrument(skip_all, fields(campaign_id = id, action = action.as_str()))]
    pub async fn act(
        &self,
        actor: &Actor,
        id: i64,
        action: Action,
        reason: Option<&str>,
    ) -> Result<Campaign, ServiceError> {
        actor.require(Permission::RunCampaigns)?;
        if matches!(actor, Actor::Staff { .. }) && !action.by_staff() {
            return Err(ServiceError::Forbidden(format!(
                "{} is done by Beacon, not by a person",
                action.as_str()
            )));
        }
        let s = self.0;
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        if action == Action::Cancel && reason.is_none() {
            return Err(ServiceError::invalid(
                "reason",
                Message::new("refused-campaign-reason"),
            ));
        }
        let c = self.load(id).await?;
        let Some(to) = lifecycle::next(c.state, action) else {
            return Err(refused_move(c.state, action.as_str()));
        };
        let mut approved_hash = None;
        match action {
            Action::Approve => {
                let missing = self.unapproved(&c).await?;
                if !missing.is_empty() {
                    return Err(ServiceError::Conflict(
                        Message::new("refused-campaign-unapproved")
                            .text("locales", missing.join(", "))
                            .into(),
                    ));
                }
                self.preflight(&c, true).await?;
                approved_hash = Some(self.fingerprint(&c).await?);
            }
            Action::Schedule | Action::Launch
                if c.approved_hash.as_deref() != Some(self.fingerprint(&c).await?.as_str()) =>
            {
                self.back_to_draft(actor, &c, CHANGED).await?;
                return Err(ServiceError::Conflict(
                    Message::new("refused-campaign-changed").into(),
                ));
            }
            _ => {}
        }
        let at = s.clock.unix();
        let now = now_ms(s);
        let mut tx = s.store.begin().await?;
        let moved = Move {
            id,
            from: c.state,
            to,
            reason,
            approved_hash: approved_hash.as_deref(),
        };
        if !moved.record(s, &mut tx, actor, at).await? {
            return Err(refused_move(self.load(id).await?.state, action.as_str()));
        }
        // The work the move starts, in the same transaction: it exists exactly when the move does.
        let turn = s.store.campaign_transitions(id).await?.len();
        let max_attempts = s.config.jobs.max_attempts;
        let mut jobs: Vec<(JobKind, String, i64)> = Vec::new();
        match action {
            Action::Schedule => {
                jobs.push((
                    JobKind::CampaignLaunch { campaign_id: id },
                    format!("campaign-{id}-launch-{turn}"),
                    (c.starts_at * 1000).max(now),
                ));
            }
            Action::Launch => {
                for ch in &c.channels {
                    jobs.push((
                        JobKind::CampaignDeliver {
                            campaign_id: id,
                            channel: ch.channel.clone(),
                            operation: "launch".into(),
                        },
                        format!("campaign-{id}-{}-launch-{turn}", ch.channel),
                        now,
                    ));
                }
                jobs.push((
                    JobKind::CampaignComplete { campaign_id: id },
                    format!("campaign-{id}-complete"),
                    c.ends_at * 1000,
                ));
            }
            Action::Pause | Action::Resume | Action::Cancel | Action::Complete => {
                let operation = match action {
                    Action::Pause => "pause",
                    Action::Resume => "resume",
                    _ => "end",
                };
                if matches!(c.state, State::Running | State::Paused) {
                    for ch in &c.channels {
                        jobs.push((
                            JobKind::CampaignDeliver {
                                campaign_id: id,
                                channel: ch.channel.clone(),
                                operation: operation.into(),
                            },
                            format!("campaign-{id}-{}-{operation}-{turn}", ch.channel),
                            now,
                        ));
                    }
                }
            }
            Action::Approve | Action::BackToDraft => {}
        }
        // The e-mail's sender follows every move of a launched campaign (it plans, sends, pauses, stops).
        if c.email.is_some()
            && (action == Action::Launch || matches!(c.state, State::Running | State::Paused))
            && action != Action::Approve
        {
            jobs.push((
                JobKind::CampaignEmail { campaign_id: id },
                format!("campaign-{id}-email-{}-{turn}", action.as_str()),
                now,
            ));
        }
        for (kind, key, run_at_ms) in &jobs {
            let payload = serde_json::to_string(kind).expect("a job serializes");
            tx.enqueue(
                &NewJob {
                    kind: kind.name(),
                    payload: &payload,
                    idempotency_key: Some(key),
                    run_at_ms: *run_at_ms,
                    max_attempts,
                },
                now,
            )
            .await?;
        }
        tx.commit().await?;
        if !jobs.is_empty() {
            s.wake_local_worker();
        }
        self.load(id).await
    }

    /// Changes one channel's budget while the campaign runs or is paused (an approved plan that has not
    /// started is edited instead, and goes back to draft). The new budget is kept and audited with the
    /// old one and why, and a job carries it to the platform; the job reads the budget when it runs, so
    /// two quick changes end at the last.
    #[tracing::instrument(skip_all, fields(campaign_id = id, channel = %channel))]
    pub async fn change_budget(
        &self,
        actor: &Actor,
        id: i64,
        channel: &str,
        budget_minor: i64,
        reason: Option<&str>,
    ) -> Result<Campaign, ServiceError> {
        actor.require(Permission::RunCampaigns)?;
        let s = self.0;
        let c = self.load(id).await?;
        if !matches!(c.state, State::Running | State::Paused) {
            return Err(refused_move(c.state, "budget"));
        }
        let Some(plan) = c.channels.iter().find(|p| p.channel == channel) else {
            return Err(ServiceError::invalid(
                "channel",
                Message::new("refused-choice").text("value", channel).text(
                    "choices",
                    c.channels
                        .iter()
                        .map(|p| p.channel.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            ));
        };
        if budget_minor <= 0 {
            return Err(ServiceError::invalid(
                "budget_minor",
                Message::new("refused-budget").number("value", budget_minor as f64),
            ));
        }
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        if reason.is_some_and(|r| r.chars().count() > 500) {
            return Err(ServiceError::invalid(
                "reason",
                Message::new("refused-reason-length").number("max", 500),
            ));
        }
        let at = s.clock.unix();
        let now = now_ms(s);
        let mut tx = s.store.begin().await?;
        tx.set_channel_budget(id, channel, budget_minor, at).await?;
        let event = AuditEvent::CampaignBudgetChanged {
            campaign_id: id,
            channel: channel.to_string(),
            from: plan.budget_minor,
            to: budget_minor,
            reason: reason.map(str::to_string),
        };
        tx.audit(&event.record(actor, at)).await?;
        let pushed = matches!(plan.progress.as_str(), "active" | "paused" | "created");
        if pushed {
            let kind = JobKind::CampaignDeliver {
                campaign_id: id,
                channel: channel.to_string(),
                operation: "budget".into(),
            };
            let payload = kind.payload();
            tx.enqueue(
                &NewJob {
                    kind: kind.name(),
                    payload: &payload,
                    // One job per change: the audit entry's time and the new amount tell changes apart.
                    idempotency_key: Some(&format!(
                        "campaign-{id}-{channel}-budget-{now}-{budget_minor}"
                    )),
                    run_at_ms: now,
                    max_attempts: s.config.jobs.max_attempts,
                },
                now,
            )
            .await?;
        }
        tx.commit().await?;
        if pushed {
            s.wake_local_worker();
        }
        self.load(id).await
    }

    /// Sends a campaign back to draft, saying why (something approved changed).
    async fn back_to_draft(
        &self,
        actor: &Actor,
        c: &Campaign,
        why: &str,
    ) -> Result<(), ServiceError> {
        let s = self.0;
        if lifecycle::next(c.state, Action::BackToDraft).is_none() {
            return Ok(());
        }
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        let moved = Move {
            id: c.id,
            from: c.state,
            to: State::Draft,
            reason: Some(why),
            approved_hash: None,
        };
        if moved.record(s, &mut tx, actor, at).await? {
            tx.commit().await?;
        }
        Ok(())
    }

    /// The start time came: launch the campaign if it is still scheduled (the worker).
    pub async fn launch_due(&self, id: i64) -> Result<(), ServiceError> {
        let c = self.load(id).await?;
        if c.state != State::Scheduled {
            return Ok(());
        }
        match self
            .act(&Actor::System("worker"), id, Action::Launch, None)
            .await
        {
            Ok(_) | Err(ServiceError::Conflict(_)) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// The end time came: complete the campaign if it is still running or paused (the worker).
    pub async fn complete_due(&self, id: i64) -> Result<(), ServiceError> {
        let c = self.load(id).await?;
        if !matches!(c.state, State::Running | State::Paused) {
            return Ok(());
        }
        match self
            .act(&Actor::System("worker"), id, Action::Complete, None)
            .await
        {
            Ok(_) | Err(ServiceError::Conflict(_)) => Ok(()),
            Err(e) => Err(e),
        }
    }
}

impl Campaigns<'_> {
    /// The campaign's planned flights (each channel from start to end) and sends (each schedule's runs
    /// within the dates, at most 500 each) as an iCalendar file (RFC 5545).
    #[tracing::instrument(skip_all, fields(campaign_id = id))]
    pub async fn calendar(&self, actor: &Actor, id: i64) -> Result<String, ServiceError> {
        use crate::campaign::schedule::{PlannedEvent, ical};
        actor.require(Permission::ReadCampaigns)?;
        let c = self.load(id).await?;
        let at =
            |t: i64| OffsetDateTime::from_unix_timestamp(t).unwrap_or(OffsetDateTime::UNIX_EPOCH);
        let mut events = Vec::new();
        for ch in &c.channels {
            events.push(PlannedEvent {
                uid: format!("campaign-{id}-flight-{}@beacon", ch.channel),
                summary: format!("{}: {}", c.name, ch.channel),
                start: at(c.starts_at),
                end: Some(at(c.ends_at)),
                description: Some(format!(
                    "{} {} ({}), {}",
                    ch.budget_minor, ch.currency, ch.budget_kind, c.objective
                )),
            });
        }
        for (i, p) in c.schedules.iter().enumerate() {
            let Ok(cron) = CronSchedule::parse(&p.cron, &p.time_zone) else {
                continue;
            };
            for t in cron
                .next_after(at(c.starts_at - 1), 500)
                .into_iter()
                .take_while(|t| t.unix_timestamp() < c.ends_at)
            {
                events.push(PlannedEvent {
                    uid: format!("campaign-{id}-send-{i}-{}@beacon", t.unix_timestamp()),
                    summary: match &p.locale {
                        Some(l) => format!("{}: {} ({l})", c.name, p.channel),
                        None => format!("{}: {}", c.name, p.channel),
                    },
                    start: t,
                    end: None,
                    description: Some(format!("{} ({})", p.cron, p.time_zone)),
                });
            }
        }
        Ok(ical(&c.name, &events, self.0.clock.now()))
    }

    /// The campaign as the files a person uploads by hand (Meta's bulk-import CSV, the Google Ads Editor CSV,
    /// KML of the targets), for a campaign with the `export` channel; `None` when it has none.
    #[tracing::instrument(skip_all, fields(campaign_id = id))]
    pub async fn export_files(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<Option<Vec<ExportFile>>, ServiceError> {
        actor.require(Permission::ReadCampaigns)?;
        let c = self.load(id).await?;
        if !c.channels.iter().any(|ch| ch.channel == "export") {
            return Ok(None);
        }
        let ad = self.ad_campaign(&c, "export").await?;
        Ok(Some(crate::channels::export::files(&ad)))
    }

    /// Carries a campaign's move to one channel's platform: `launch` creates what is missing (each
    /// object's id stored in the step that made it, so a retry after a crash finds it and makes no
    /// second) and activates it; `pause`, `resume` and `end` follow. A platform's refusal stops the step
    /// and is shown on the campaign's page; a throttle or an outage is tried again later.
    #[tracing::instrument(skip_all, fields(campaign_id = id, channel = %channel, operation = %operation))]
    pub async fn deliver(
        &self,
        id: i64,
        channel: &str,
        operation: &str,
    ) -> Result<(), super::jobs::JobFailure> {
        use super::jobs::JobFailure;
        use crate::channels::ObjectRef;
        let s = self.0;
        let c = self.load(id).await?;
        let progress = |p: &'static str, error: Option<Message>| async move {
            let mut tx = s.store.begin().await?;
            tx.set_channel_progress(id, channel, p, error.as_ref())
                .await?;
            tx.commit().await?;
            Ok::<(), ServiceError>(())
        };
        if channel == "export" {
            // Nothing to push: the files are made when a person downloads them.
            let p = match operation {
                "launch" | "resume" => "created",
                "pause" => "paused",
                _ => "ended",
            };
            return Ok(progress(p, None).await?);
        }
        let Some(platform) = s.channels.get(channel).cloned() else {
            return Err(JobFailure::Permanent(format!("no adapter for {channel}")));
        };
        let known: Vec<ObjectRef> = s
            .store
            .channel_objects(id)
            .await
            .map_err(ServiceError::from)?
            .into_iter()
            .filter(|o| o.channel == channel)
            .map(|o| ObjectRef::new(&o.step, &o.object_id))
            .collect();
        let outcome = match operation {
            "launch" => {
                let ad = self.ad_campaign(&c, channel).await?;
                let store = s.store.clone();
                let clock = s.clock.clone();
                let channel_name = channel.to_string();
                let mut on_created = move |o: ObjectRef| -> crate::channels::BoxFuture<
                    'static,
                    Result<(), crate::channels::ChannelError>,
                > {
                    let (store, clock, channel_name) =
                        (store.clone(), clock.clone(), channel_name.clone());
                    Box::pin(async move {
                        let stored = async {
                            let mut tx = store.begin().await?;
                            tx.store_channel_object(
                                id,
                                &channel_name,
                                &o.step,
                                &o.id,
                                clock.unix(),
                            )
                            .await?;
                            tx.commit().await
                        };
                        stored.await.map_err(|e| {
                            crate::channels::ChannelError::Transient(format!(
                                "the object could not be stored: {e}"
                            ))
                        })
                    })
                };
                match platform.create(&ad, &known, &mut on_created).await {
                    Ok(objects) => platform.activate(&objects).await.map(|()| "active"),
                    Err(e) => Err(e),
                }
            }
            "pause" => platform.pause(&known).await.map(|()| "paused"),
            "resume" => platform.activate(&known).await.map(|()| "active"),
            "end" => platform.end(&known).await.map(|()| "ended"),
            "budget" => {
                // The budget as it is now (a later change may have come since this job was queued).
                let Some(plan) = c.channels.iter().find(|p| p.channel == channel) else {
                    return Err(JobFailure::Permanent(format!("no channel {channel}")));
                };
                let progress: &'static str = match plan.progress.as_str() {
                    "paused" => "paused",
                    "created" => "created",
                    _ => "active",
                };
                platform
                    .set_budget(&known, plan.budget_minor)
                    .await
                    .map(|()| progress)
            }
            other => return Err(JobFailure::Permanent(format!("unknown operation {other}"))),
        };
        match outcome {
            Ok(p) => {
                progress(p, None).await?;
                // Delivery figures: the first fetch at launch starts a chain in which each fetch queues
                // the next while the campaign runs or is paused; an ended campaign's last figures once more.
                let key = match operation {
                    "launch" => Some("first"),
                    "end" => Some("final"),
                    _ => None,
                };
                if let Some(key) = key {
                    let kind = JobKind::CampaignInsights {
                        campaign_id: id,
                        channel: channel.to_string(),
                    };
                    let key = format!("campaign-{id}-{channel}-insights-{key}");
                    s.jobs().enqueue(&kind, Some(&key), None).await?;
                }
                Ok(())
            }
            Err(e) => {
                // The page shows the message in the reader's language; the queue's page the English.
                let message = e.message();
                let text = crate::message::english(&message);
                if e.retryable() {
                    progress("pending", Some(message)).await?;
                    Err(JobFailure::Retry(text))
                } else {
                    progress("failed", Some(message)).await?;
                    Err(JobFailure::Permanent(text))
                }
            }
        }
    }

    /// Fetches a launched campaign's delivery on one channel, from its first day to today (platforms revise
    /// recent days, so every fetch rereads them all), and keeps it; while the campaign runs or is paused,
    /// the next fetch is queued `insights_every_s` later, keyed by this job's id (`job_id`) so that this
    /// job run twice still queues one. A throttle or an outage is tried again by the queue; nothing is kept
    /// from a failed fetch.
    #[tracing::instrument(skip_all, fields(campaign_id = id, channel = %channel))]
    pub async fn fetch_insights(
        &self,
        id: i64,
        channel: &str,
        job_id: i64,
    ) -> Result<(), super::jobs::JobFailure> {
        use super::jobs::JobFailure;
        use crate::channels::ObjectRef;
        use crate::store::campaigns::InsightRow;
        let s = self.0;
        let c = self.load(id).await?;
        let Some(platform) = s.channels.get(channel).cloned() else {
            // The export channel: what runs is uploaded by hand, and its figures stay on the platform.
            return Ok(());
        };
        let known: Vec<ObjectRef> = s
            .store
            .channel_objects(id)
            .await
            .map_err(ServiceError::from)?
            .into_iter()
            .filter(|o| o.channel == channel)
            .map(|o| ObjectRef::new(&o.step, &o.object_id))
            .collect();
        if known.is_empty() {
            return Ok(());
        }
        let at =
            |t: i64| OffsetDateTime::from_unix_timestamp(t).unwrap_or(OffsetDateTime::UNIX_EPOCH);
        let from = at(c.starts_at).date();
        let to = at(c.ends_at).date().min(s.clock.now().date());
        let rows = if to < from {
            Vec::new()
        } else {
            platform.insights(&known, from, to).await.map_err(|e| {
                let text = crate::message::english(&e.message());
                if e.retryable() {
                    JobFailure::Retry(text)
                } else {
                    JobFailure::Permanent(text)
                }
            })?
        };
        let fetched_at = s.clock.unix();
        let rows: Vec<InsightRow> = rows
            .into_iter()
            .map(|r| InsightRow {
                channel: channel.to_string(),
                day: r.day.to_string(),
                breakdown: r.breakdown,
                reach: r.reach,
                impressions: r.impressions,
                clicks: r.clicks,
                spend_minor: r.spend_minor,
                fetched_at,
            })
            .collect();
        // The figures and the next fetch in one transaction: a crash keeps both or neither (and then this
        // job runs again), so the fetches never stop while the campaign runs.
        let mut tx = s.store.begin().await.map_err(ServiceError::from)?;
        tx.store_insights(id, &rows)
            .await
            .map_err(ServiceError::from)?;
        if matches!(c.state, State::Running | State::Paused) {
            let now = now_ms(s);
            let next = now + (s.config.channels.insights_every_s * 1000) as i64;
            let kind = JobKind::CampaignInsights {
                campaign_id: id,
                channel: channel.to_string(),
            };
            let payload = kind.payload();
            tx.enqueue(
                &NewJob {
                    kind: kind.name(),
                    payload: &payload,
                    idempotency_key: Some(&format!(
                        "campaign-{id}-{channel}-insights-after-{job_id}"
                    )),
                    run_at_ms: next,
                    max_attempts: s.config.jobs.max_attempts,
                },
                now,
            )
            .await
            .map_err(ServiceError::from)?;
        }
        tx.commit().await.map_err(ServiceError::from)?;
        Ok(())
    }

    /// A campaign's delivery as its platforms reported it: every channel, day and breakdown (staff who read
    /// campaigns).
    #[tracing::instrument(skip_all, fields(campaign_id = id))]
    pub async fn insights(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<Vec<crate::store::campaigns::InsightRow>, ServiceError> {
        actor.require(Permission::ReadCampaigns)?;
        self.load(id).await?;
        Ok(self.0.store.campaign_insights(id).await?)
    }

    /// The campaign as one channel's adapter takes it: the frozen audience's circles (compiled for the
    /// platform), ages and genders, and per locale the creative's texts as approved.
    async fn ad_campaign(
        &self,
        c: &Campaign,
        channel: &str,
    ) -> Result<crate::channels::AdCampaign, ServiceError> {
        use crate::audience::platforms::Platform;
        use crate::channels::{AdCampaign, BudgetKind, Gender, LocaleAd, Objective};
        let s = self.0;
        let plan = c
            .channels
            .iter()
            .find(|p| p.channel == channel)
            .ok_or_else(|| ServiceError::NotFound(format!("campaign {} has no {channel}", c.id)))?;
        let snapshot = s
            .store
            .snapshot(c.snapshot_id)
            .await?
            .ok_or_else(|| ServiceError::NotFound(format!("no snapshot {}", c.snapshot_id)))?;
        let platform = if channel == "google" {
            Platform::Google
        } else {
            Platform::Meta
        };
        let targets = s
            .audiences()
            .snapshot_targets(c.snapshot_id, platform)
            .await?;
        let circle = |o: &crate::audience::platforms::CircleOut| crate::audience::targets::Circle {
            latitude: o.latitude,
            longitude: o.longitude,
            radius_km: o.radius_km,
        };
        let spec = &snapshot.body["audience"]["spec"];
        let words = |key: &str| -> Vec<String> {
            spec[key]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        let mut ages = (18_u8, 65_u8);
        let bands = words("age_bands");
        if !bands.is_empty() {
            let bounds: Vec<(u8, u8)> = bands
                .iter()
                .filter_map(|b| {
                    let (lo, hi) = b.split_once('-').unwrap_or((b.trim_end_matches('+'), "65"));
                    Some((lo.parse().ok()?, hi.parse().ok()?))
                })
                .collect();
            if let (Some(lo), Some(hi)) = (
                bounds.iter().map(|b| b.0).min(),
                bounds.iter().map(|b| b.1).max(),
            ) {
                ages = (lo.max(13), hi.clamp(lo.max(13), 65));
            }
        }
        let genders = words("genders")
            .iter()
            .filter_map(|g| match g.as_str() {
                "female" => Some(Gender::Female),
                "male" => Some(Gender::Male),
                _ => None,
            })
            .collect();
        let creative = s
            .store
            .creative(c.creative_id)
            .await?
            .ok_or_else(|| ServiceError::NotFound(format!("no creative {}", c.creative_id)))?;
        let previews = s.creatives().previews(&creative).await?;
        let public = s.config.server.public_url.trim_end_matches('/');
        // Where the ad leads: the page staff named; else the campaign's follow-up survey in the ad's locale
        // (`ch=` the platform, so answers are counted per channel); else Beacon's public home.
        let survey = match c.landing_url {
            Some(_) => None,
            None => {
                s.surveys()
                    .follow_up_link(super::surveys::LinkFor::Campaign(c.id))
                    .await?
            }
        };
        let link = |locale: &str| match (&c.landing_url, &survey) {
            (Some(url), _) => url.clone(),
            (None, Some(l)) => l.url(public, channel, locale),
            (None, None) => format!("{public}/"),
        };
        let image_url = if creative.image_ref.starts_with("https://") {
            creative.image_ref.clone()
        } else {
            format!(
                "{public}/assets/{}",
                creative.image_ref.trim_start_matches('/')
            )
        };
        let ads = c
            .locales
            .iter()
            .filter_map(|l| previews.iter().find(|p| &p.locale == l))
            .map(|p| {
                let text = |f: &str| {
                    p.fields
                        .iter()
                        .find(|x| x.field == f)
                        .map(|x| x.text.clone())
                        .unwrap_or_default()
                };
                LocaleAd {
                    locale: p.locale.clone(),
                    headline: text("headline"),
                    primary_text: text("primary-text"),
                    description: text("description"),
                    image_url: image_url.clone(),
                    link_url: link(&p.locale),
                }
            })
            .collect();
        let at =
            |t: i64| OffsetDateTime::from_unix_timestamp(t).unwrap_or(OffsetDateTime::UNIX_EPOCH);
        Ok(AdCampaign {
            key: format!("beacon-c{}", c.id),
            name: c.name.clone(),
            objective: match c.objective.as_str() {
                "reach" => Objective::Reach,
                "traffic" => Objective::Traffic {
                    url: c
                        .landing_url
                        .clone()
                        .unwrap_or_else(|| format!("{public}/")),
                },
                _ => Objective::Awareness,
            },
            budget_minor: plan.budget_minor,
            currency: plan.currency.clone(),
            budget_kind: if plan.budget_kind == "daily" {
                BudgetKind::Daily
            } else {
                BudgetKind::Lifetime
            },
            starts_at: at(c.starts_at),
            ends_at: at(c.ends_at),
            targets: targets.targets.iter().map(circle).collect(),
            excluded: targets.excluded.iter().map(circle).collect(),
            ages,
            genders,
            ads,
            audience_size: snapshot.body["estimate"]["region_population"]
                .as_f64()
                .unwrap_or(0.0),
        })
    }
}

/// One move of a campaign from one state to another.
struct Move<'a> {
    id: i64,
    from: State,
    to: State,
    reason: Option<&'a str>,
    /// Set by an approval.
    approved_hash: Option<&'a str>,
}

impl Move<'_> {
    /// Writes the move, its line in the campaign's history (who, when, why) and its audit entry, in `tx`;
    /// `false`, with nothing written, when the campaign has left `from` in the meantime.
    async fn record(
        &self,
        s: &Services,
        tx: &mut crate::store::Tx,
        actor: &Actor,
        at: i64,
    ) -> Result<bool, ServiceError> {
        let by = who(s, actor).await;
        if !tx
            .move_campaign(
                self.id,
                self.from,
                self.to,
                self.reason,
                self.approved_hash,
                &by,
                at,
            )
            .await?
        {
            return Ok(false);
        }
        let event = AuditEvent::CampaignMoved {
            campaign_id: self.id,
            from: self.from.as_str(),
            to: self.to.as_str(),
            reason: self.reason.map(str::to_string),
        };
        tx.audit(&event.record(actor, at)).await?;
        Ok(true)
    }
}

/// Who moved a campaign, as its history shows: the staff member's address, or the part of Beacon.
async fn who(s: &Services, actor: &Actor) -> String {
    match actor {
        Actor::Staff { user_id, .. } => match s.store.user_by_id(*user_id).await {
            Ok(Some(u)) => u.email.to_string(),
            _ => format!("user {user_id}"),
        },
        Actor::System(part) => part.to_string(),
    }
}
