//! A campaign's e-mail: who gets it, in which language and when, and sending it through the outbox.
//!
//! - **Plan** (once, when the campaign is launched): the confirmed, unsuppressed subscribers of its lists
//!   whose area (a resolution-7 cell) lies in the campaign's frozen region and whose language reaches one of
//!   the campaign's locales along its fallback chain. Each gets one queued message, due when the campaign
//!   starts or, with a send window, when the window next opens in the recipient's own zone. The words of
//!   each locale are frozen from the approved creative, so nothing unapproved can go out later. The walk
//!   reads the lists in pages and writes in one transaction: all or nothing.
//! - **Send** (the job `campaign_email`, chained until every message is done): due messages in groups of
//!   `pool_max`; each group is marked `sending` before the SMTP exchange and `sent`, `failed` or `queued`
//!   again after it, so a crash re-sends at most the group that was on the wire. The suppression list and the
//!   subscriber's status are read again before every send. A 4xx reply puts the message back with a delay
//!   that doubles; a relay that cannot be reached or refuses the login stops the run, shows why on the
//!   campaign page, and the job comes back later. Nothing stalls for good.

use std::collections::{BTreeMap, HashSet};
use std::time::{Duration, Instant};

use h3o::{CellIndex, Resolution};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::jobs::{JobFailure, JobKind, now_ms};
use super::{Actor, ServiceError, Services};
use crate::accounts::Permission;
use crate::audience::cellset::CellSet;
use crate::campaign::lifecycle::State;
use crate::campaign::model::Campaign;
use crate::campaign::schedule::{SendWindow, parse_zone};
use crate::channels::email::{OutgoingEmail, SendError, build_message};
use crate::content::creatives::Approval;
use crate::content::i18n::{ArgValue, LocaleId};
use crate::message::Message;
use crate::store::jobs::NewJob;
use crate::store::outbox::{DueEmail, EmailCounts, PlannedEmail};
use crate::subscribers::Purpose;

/// Subscribers read per page while planning.
const PLAN_PAGE: i64 = 5_000;
/// Due messages read at once while sending.
const SEND_PAGE: i64 = 500;
/// How long one run of the sending job goes on before it hands over to the next (its lease is renewed
/// meanwhile; handing over keeps each job short and lets other jobs in).
const RUN_FOR: Duration = Duration::from_secs(120);
/// The longest wait before a deferred message is tried again.
const MAX_RETRY_MS: i64 = 3_600_000;

/// What one locale's e-mail says, frozen when the campaign's e-mail is planned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocaleTexts {
    pub subject: String,
    pub greeting: String,
    pub intro: String,
    pub our_message: String,
    pub headline: String,
    pub primary_text: String,
    pub description: String,
    pub ask: String,
    pub reply: String,
    pub privacy: String,
    pub signoff: String,
    pub signature: String,
    pub footer: String,
}

/// A campaign's e-mail as its page and the API show it.
#[derive(Debug, Clone, Serialize)]
pub struct EmailProgress {
    /// pending, sending, paused, finished or stopped.
    pub progress: String,
    pub counts: EmailCounts,
    pub total: i64,
    /// Messages sent in the last minute and the last hour.
    pub sent_last_minute: i64,
    pub sent_last_hour: i64,
    /// When the next queued message is due (Unix seconds), while any is queued.
    pub next_due_at: Option<i64>,
    /// The relay's latest failure (unreachable, refused the login), while it stands.
    pub last_error_message: Option<Message>,
    /// The relays' replies to failed messages, the commonest first, with their counts.
    pub failures: Vec<(String, i64)>,
}

/// The locale a recipient is written to in: the first of their language's fallback chain among the
/// campaign's locales whose words were frozen (approved); none when no locale of the chain is.
pub fn recipient_locale(
    locales: &crate::content::i18n::Locales,
    frozen: &BTreeMap<String, LocaleTexts>,
    wanted: &str,
) -> Option<String> {
    let id = locales
        .available()
        .find(|l| l.as_str().eq_ignore_ascii_case(wanted))
        .or_else(|| {
            let language = wanted.split(['-', '_']).next().unwrap_or(wanted);
            locales
                .available()
                .find(|l| l.as_str().eq_ignore_ascii_case(language))
        })?;
    locales
        .fallback_chain(&id)
        .into_iter()
        .map(|l| l.as_str().to_string())
        .find(|l| frozen.contains_key(l))
}

/// The cells of a frozen region at resolution 7 (subscribers' areas are resolution-7 cells): a finer
/// region's cells by their parents, a coarser one's are looked up by the subscriber cell's parent.
struct Area {
    resolution: Resolution,
    cells: HashSet<CellIndex>,
}

impl Area {
    fn of(set: &CellSet) -> Self {
        let r = set.resolution();
        if r >= Resolution::Seven {
            Self {
                resolution: Resolution::Seven,
                cells: set
                    .cells()
                    .iter()
                    .filter_map(|c| c.parent(Resolution::Seven))
                    .collect(),
            }
        } else {
            Self {
                resolution: r,
                cells: set.cells().iter().copied().collect(),
            }
        }
    }

    fn contains(&self, cell: Option<&str>) -> bool {
        let Some(cell) = cell.and_then(|c| c.parse::<CellIndex>().ok()) else {
            return false;
        };
        cell.parent(self.resolution)
            .is_some_and(|p| self.cells.contains(&p))
    }
}

pub struct Emails<'a>(pub(super) &'a Services);

impl Emails<'_> {
    /// Where a campaign's e-mail stands: each state's count, the rate, the relay's failure (campaign staff
    /// and readers of campaigns).
    #[tracing::instrument(skip_all, fields(campaign_id = id))]
    pub async fn progress(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<Option<EmailProgress>, ServiceError> {
        actor.require(Permission::ReadCampaigns)?;
        let s = self.0;
        let c = s
            .store
            .campaign(id)
            .await?
            .ok_or_else(|| ServiceError::NotFound(format!("no campaign {id}")))?;
        let Some(plan) = c.email else {
            return Ok(None);
        };
        let counts = s.store.email_counts(id).await?;
        let now = now_ms(s);
        Ok(Some(EmailProgress {
            progress: plan.progress,
            total: counts.total(),
            sent_last_minute: s.store.emails_sent_since(id, now - 60_000).await?,
            sent_last_hour: s.store.emails_sent_since(id, now - 3_600_000).await?,
            next_due_at: if counts.queued > 0 {
                s.store.next_email_due(id).await?.map(|ms| ms / 1000)
            } else {
                None
            },
            counts,
            last_error_message: plan.last_error_message,
            failures: s.store.email_failures(id, 10).await?,
        }))
    }

    /// The sending job: plans the campaign's e-mail the first time, then sends what is due until the run's
    /// time is up, and puts the next run on the queue while messages wait.
    #[tracing::instrument(skip_all, fields(campaign_id, job_id))]
    pub async fn run(&self, campaign_id: i64, job_id: i64) -> Result<(), JobFailure> {
        let s = self.0;
        let Some(c) = s
            .store
            .campaign(campaign_id)
            .await
            .map_err(ServiceError::from)?
        else {
            return Ok(());
        };
        let Some(plan) = c.email.clone() else {
            return Ok(());
        };
        match c.state {
            State::Running => {}
            State::Paused => {
                self.set_progress(campaign_id, "paused", None).await?;
                return Ok(());
            }
            State::Completed | State::Cancelled => {
                let counts = s
                    .store
                    .email_counts(campaign_id)
                    .await
                    .map_err(ServiceError::from)?;
                let progress = if plan.progress == "pending" {
                    "pending"
                } else if counts.done() {
                    "finished"
                } else {
                    "stopped"
                };
                self.set_progress(campaign_id, progress, None).await?;
                return Ok(());
            }
            _ => return Ok(()),
        }
        let texts = match s
            .store
            .email_texts(campaign_id)
            .await
            .map_err(ServiceError::from)?
        {
            Some(t) => t,
            None => match self.plan(&c).await {
                Ok(t) => t,
                Err(JobFailure::Permanent(reason)) => {
                    // Nothing can be sent: the campaign's page says why, not only the queue's.
                    let shown = serde_json::to_string(
                        &Message::new("email-plan-failed").text("detail", reason.clone()),
                    )
                    .expect("a message serializes");
                    self.set_progress(campaign_id, "stopped", Some(&shown))
                        .await?;
                    return Err(JobFailure::Permanent(reason));
                }
                Err(e) => return Err(e),
            },
        };
        let frozen: BTreeMap<String, LocaleTexts> = serde_json::from_str(&texts).map_err(|e| {
            JobFailure::Permanent(format!("the frozen e-mail texts are damaged: {e}"))
        })?;
        if plan.progress == "paused" {
            self.set_progress(campaign_id, "sending", None).await?;
        }
        let outcome = self.send_due(&c, &frozen).await?;
        let counts = s
            .store
            .email_counts(campaign_id)
            .await
            .map_err(ServiceError::from)?;
        if counts.done() {
            self.set_progress(campaign_id, "finished", None).await?;
            return Ok(());
        }
        let now = now_ms(s);
        let next = match outcome {
            RunEnd::TimeUp => now,
            RunEnd::Stopped => return Ok(()),
            RunEnd::RelayDown => now + self.retry_ms(1),
            RunEnd::NothingDue => {
                let due = s
                    .store
                    .next_email_due(campaign_id)
                    .await
                    .map_err(ServiceError::from)?;
                match due {
                    Some(t) => t.max(now),
                    // Only messages in another sender's exchange are left: look again once that sender's
                    // exchange must have ended.
                    None => now + self.stale_ms(),
                }
            }
        };
        self.chain(campaign_id, job_id, next).await?;
        Ok(())
    }

    /// Picks the recipients and freezes each locale's words, in one transaction; returns the words (JSON).
    async fn plan(&self, c: &Campaign) -> Result<String, JobFailure> {
        let s = self.0;
        let plan = c.email.as_ref().expect("the caller checked");
        let frozen = self.freeze_texts(c).await?;
        let texts = serde_json::to_string(&frozen).expect("texts serialize");
        let area = Area::of(&s.audiences().snapshot_cells(c.snapshot_id).await?);
        let window = match plan.send_window.as_deref() {
            Some(w) => Some(
                SendWindow::parse(w)
                    .map_err(|e| JobFailure::Permanent(format!("send window {w:?}: {e:?}")))?,
            ),
            None => None,
        };
        let campaign_zone = parse_zone(&c.time_zone).unwrap_or(chrono_tz::UTC);
        let now = now_ms(s);
        let start = instant(now.max(c.starts_at * 1000));
        let mut tx = s.store.begin().await.map_err(ServiceError::from)?;
        let mut after = 0;
        let (mut planned, mut outside, mut no_language) = (0u64, 0u64, 0u64);
        loop {
            let page = tx
                .email_audience_page(&plan.lists, after, PLAN_PAGE)
                .await
                .map_err(ServiceError::from)?;
            let Some(last) = page.last() else { break };
            after = last.subscriber_id;
            let mut chosen: Vec<(usize, String, i64)> = Vec::with_capacity(page.len());
            for (i, m) in page.iter().enumerate() {
                if !area.contains(m.cell.as_deref()) {
                    outside += 1;
                    continue;
                }
                let Some(locale) = recipient_locale(&s.locales, &frozen, &m.locale) else {
                    no_language += 1;
                    continue;
                };
                let zone = parse_zone(&m.time_zone).unwrap_or(campaign_zone);
                let due = match &window {
                    Some(w) => w.next_allowed(start, zone),
                    None => start,
                };
                chosen.push((i, locale, millis(due)));
            }
            let rows: Vec<PlannedEmail> = chosen
                .iter()
                .map(|(i, locale, due)| PlannedEmail {
                    subscriber_id: page[*i].subscriber_id,
                    email_hash: &page[*i].email_hash,
                    locale,
                    not_before_ms: *due,
                })
                .collect();
            planned += tx
                .plan_emails(c.id, &rows, now)
                .await
                .map_err(ServiceError::from)?;
        }
        tx.set_email_planned(c.id, &texts, s.clock.unix())
            .await
            .map_err(ServiceError::from)?;
        tx.commit().await.map_err(ServiceError::from)?;
        tracing::info!(
            planned,
            outside_region = outside,
            no_language,
            "campaign e-mail planned"
        );
        Ok(texts)
    }

    /// Each campaign locale's words, from the creative as approved now (a locale not approved as it
    /// renders now is left out: nobody is written to in it).
    async fn freeze_texts(
        &self,
        c: &Campaign,
    ) -> Result<BTreeMap<String, LocaleTexts>, JobFailure> {
        let s = self.0;
        let creative = s
            .store
            .creative(c.creative_id)
            .await
            .map_err(ServiceError::from)?
            .ok_or_else(|| JobFailure::Permanent(format!("no creative {}", c.creative_id)))?;
        let previews = s.creatives().previews(&creative).await?;
        let organisation = s.config.channels.email.from_name.clone();
        let mut out = BTreeMap::new();
        for p in previews {
            if !c.locales.contains(&p.locale) || !matches!(p.approval, Approval::Approved { .. }) {
                continue;
            }
            let Some(locale) = s.locales.get(&p.locale) else {
                continue;
            };
            let field = |name: &str| {
                p.fields
                    .iter()
                    .find(|f| f.field == name)
                    .map(|f| f.text.clone())
                    .unwrap_or_default()
            };
            let t = |id: &str| s.locales.format_with(&locale, id, &[]);
            let org = [("organisation", ArgValue::Text(organisation.clone()))];
            out.insert(
                p.locale.clone(),
                LocaleTexts {
                    subject: t("email-campaign-subject"),
                    greeting: t("email-campaign-greeting-all"),
                    intro: t("email-campaign-intro"),
                    our_message: t("email-campaign-our-message"),
                    headline: field("headline"),
                    primary_text: field("primary-text"),
                    description: field("description"),
                    ask: t("email-campaign-ask"),
                    reply: t("email-campaign-reply"),
                    privacy: t("email-campaign-privacy"),
                    signoff: t("email-campaign-signoff"),
                    signature: s.locales.format_with(&locale, "email-signature", &org),
                    footer: s.locales.format_with(&locale, "email-footer", &org),
                },
            );
        }
        if out.is_empty() {
            return Err(JobFailure::Permanent(
                "no locale of the campaign has an approved creative".into(),
            ));
        }
        Ok(out)
    }

    /// Sends due messages until none is due, the run's time is up, the campaign stops running or the
    /// relay cannot be used.
    async fn send_due(
        &self,
        c: &Campaign,
        frozen: &BTreeMap<String, LocaleTexts>,
    ) -> Result<RunEnd, JobFailure> {
        let s = self.0;
        let started = Instant::now();
        let mailer = s.subscribers().mailer().await?;
        let composer = std::sync::Arc::new(Composer {
            services: s.clone(),
            campaign_id: c.id,
            frozen: frozen.clone(),
            templates: EmailTemplates::load(&s.config.paths.templates)?,
            keys: s.subscribers().keys().await?,
            public: s.config.server.public_url.trim_end_matches('/').to_string(),
            survey: s
                .surveys()
                .follow_up_link(super::surveys::LinkFor::Campaign(c.id))
                .await?,
            mailer: mailer.clone(),
        });
        let config = &s.config.channels.email;
        let window = c
            .email
            .as_ref()
            .and_then(|e| e.send_window.as_deref())
            .and_then(|w| SendWindow::parse(w).ok());
        let campaign_zone = parse_zone(&c.time_zone).unwrap_or(chrono_tz::UTC);
        let group = config.pool_max.max(1) as usize;
        {
            // Messages another sender left mid-exchange long enough ago that it cannot still be in it.
            let mut tx = s.store.begin().await.map_err(ServiceError::from)?;
            tx.requeue_sending_emails(c.id, now_ms(s) - self.stale_ms())
                .await
                .map_err(ServiceError::from)?;
            tx.commit().await.map_err(ServiceError::from)?;
        }
        loop {
            if started.elapsed() >= RUN_FOR {
                return Ok(RunEnd::TimeUp);
            }
            if !self.still_running(c.id).await? {
                return Ok(RunEnd::Stopped);
            }
            let due = s
                .store
                .due_emails(c.id, now_ms(s), SEND_PAGE)
                .await
                .map_err(ServiceError::from)?;
            if due.is_empty() {
                return Ok(RunEnd::NothingDue);
            }
            // Before anything is sent: whoever left, was erased or is suppressed is not written to, and a
            // message whose window has closed waits for it to open again in the recipient's zone.
            let mut ready = Vec::new();
            let mut held = Vec::new();
            let now = instant(now_ms(s));
            for d in due {
                if d.email.is_none()
                    || d.suppressed
                    || d.subscriber_status.as_deref() != Some("confirmed")
                {
                    held.push((d.id, "suppressed", None));
                    continue;
                }
                if let Some(w) = &window {
                    let zone = d
                        .time_zone
                        .as_deref()
                        .and_then(|z| parse_zone(z).ok())
                        .unwrap_or(campaign_zone);
                    if !w.allows(now, zone) {
                        let next = w.next_allowed(now, zone);
                        held.push((d.id, "queued", Some(millis(next))));
                        continue;
                    }
                }
                ready.push(d);
            }
            if !held.is_empty() {
                let at = now_ms(s);
                let mut tx = s.store.begin().await.map_err(ServiceError::from)?;
                for (id, status, next) in &held {
                    tx.finish_email(*id, status, None, None, *next, at)
                        .await
                        .map_err(ServiceError::from)?;
                }
                tx.commit().await.map_err(ServiceError::from)?;
            }
            for chunk in ready.chunks(group) {
                if started.elapsed() >= RUN_FOR {
                    return Ok(RunEnd::TimeUp);
                }
                // The limits are waited for before the group is marked `sending`, so that only messages
                // about to go on the wire are; a pause or an end takes effect before the next group.
                for _ in chunk {
                    self.acquire().await;
                }
                if !self.still_running(c.id).await? {
                    return Ok(RunEnd::Stopped);
                }
                let ids: Vec<i64> = chunk.iter().map(|d| d.id).collect();
                let mut tx = s.store.begin().await.map_err(ServiceError::from)?;
                let mine: HashSet<i64> = tx
                    .claim_emails(&ids, now_ms(s))
                    .await
                    .map_err(ServiceError::from)?
                    .into_iter()
                    .collect();
                tx.commit().await.map_err(ServiceError::from)?;
                let chunk: Vec<DueEmail> = chunk
                    .iter()
                    .filter(|d| mine.contains(&d.id))
                    .cloned()
                    .collect();
                // Rendering and signing (an RSA signature costs about a millisecond) on a blocking thread.
                let built = {
                    let composer = composer.clone();
                    let chunk = chunk.clone();
                    tokio::task::spawn_blocking(move || {
                        chunk
                            .iter()
                            .map(|d| composer.compose(d))
                            .collect::<Vec<_>>()
                    })
                    .await
                    .map_err(|e| JobFailure::Retry(format!("composing messages: {e}")))?
                };
                let sends = built.into_iter().map(|built| {
                    let mailer = mailer.clone();
                    async move {
                        let message = match built {
                            Ok(m) => m,
                            Err(reason) => return Outcome::Failed(reason),
                        };
                        match mailer.send(&message).await {
                            Ok(sent) => Outcome::Sent(sent.message_id),
                            Err(SendError::Permanent { code, reply }) => {
                                Outcome::Failed(match code {
                                    Some(code) => format!("{code} {reply}"),
                                    None => reply,
                                })
                            }
                            Err(SendError::Transient {
                                code: Some(code),
                                reply,
                            }) => Outcome::Deferred(format!("{code} {reply}")),
                            Err(e) => Outcome::RelayDown(e),
                        }
                    }
                });
                let outcomes = futures::future::join_all(sends).await;
                let at = now_ms(s);
                let mut relay_down = None;
                let mut tx = s.store.begin().await.map_err(ServiceError::from)?;
                for (d, outcome) in chunk.iter().zip(outcomes) {
                    let attempts = d.attempts + 1;
                    match outcome {
                        Outcome::Sent(message_id) => {
                            self.limiter(|l| l.record_success());
                            tx.finish_email(d.id, "sent", Some(&message_id), None, None, at)
                                .await
                        }
                        Outcome::Failed(reply) => {
                            tx.finish_email(d.id, "failed", None, Some(&reply), None, at)
                                .await
                        }
                        Outcome::Deferred(reply) => {
                            self.limiter(|l| l.record_transient(Instant::now()));
                            if attempts >= i64::from(s.config.channels.email.max_attempts) {
                                tx.finish_email(d.id, "failed", None, Some(&reply), None, at)
                                    .await
                            } else {
                                let next = at + self.retry_ms(attempts);
                                tx.finish_email(d.id, "queued", None, Some(&reply), Some(next), at)
                                    .await
                            }
                        }
                        Outcome::RelayDown(e) => {
                            self.limiter(|l| l.record_transient(Instant::now()));
                            // The relay is at fault, not the message: the try is not counted.
                            let next = at + self.retry_ms(1);
                            relay_down = Some(e);
                            tx.requeue_email_uncounted(d.id, next, at).await
                        }
                    }
                    .map_err(ServiceError::from)?;
                }
                let error = relay_down.as_ref().map(|e| {
                    serde_json::to_string(
                        &Message::new("email-relay-error").text("detail", e.to_string()),
                    )
                    .expect("a message serializes")
                });
                let shown = c.email.as_ref().and_then(|e| e.last_error_message.as_ref());
                if error.is_some() || shown.is_some() {
                    tx.set_email_progress(c.id, "sending", error.as_deref())
                        .await
                        .map_err(ServiceError::from)?;
                }
                tx.commit().await.map_err(ServiceError::from)?;
                if let Some(e) = relay_down {
                    tracing::warn!(error = %e, "the e-mail relay cannot be used now; sending later");
                    return Ok(RunEnd::RelayDown);
                }
            }
        }
    }

    async fn still_running(&self, id: i64) -> Result<bool, JobFailure> {
        let state = self
            .0
            .store
            .campaign_state(id)
            .await
            .map_err(ServiceError::from)?;
        Ok(state.as_deref() == Some(State::Running.as_str()))
    }

    /// Waits for the sending limits to allow one more message.
    async fn acquire(&self) {
        loop {
            let wait = match self.0.email_limiter.lock() {
                Ok(mut l) => l.acquire(Instant::now()).err(),
                Err(poisoned) => poisoned.into_inner().acquire(Instant::now()).err(),
            };
            match wait {
                None => return,
                Some(w) => tokio::time::sleep(w).await,
            }
        }
    }

    fn limiter(&self, f: impl FnOnce(&mut crate::channels::email::SendLimiter)) {
        match self.0.email_limiter.lock() {
            Ok(mut l) => f(&mut l),
            Err(poisoned) => f(&mut poisoned.into_inner()),
        }
    }

    /// The wait before try `attempts + 1` of a deferred message: `retry_after_ms`, doubled per try, at most
    /// an hour, with up to a tenth more at random so that deferred messages do not all come back at once.
    fn retry_ms(&self, attempts: i64) -> i64 {
        let base = self.0.config.channels.email.retry_after_ms as i64;
        let shift = (attempts - 1).clamp(0, 20) as u32;
        let wait = base.saturating_mul(1 << shift).min(MAX_RETRY_MS);
        wait + rand::Rng::gen_range(&mut rand::thread_rng(), 0..=wait / 10)
    }

    /// How long after a message was marked `sending` its sender must have finished the exchange.
    fn stale_ms(&self) -> i64 {
        self.0.config.channels.email.timeout_ms as i64 + 5_000
    }

    async fn set_progress(
        &self,
        id: i64,
        progress: &str,
        error: Option<&str>,
    ) -> Result<(), JobFailure> {
        let mut tx = self.0.store.begin().await.map_err(ServiceError::from)?;
        tx.set_email_progress(id, progress, error)
            .await
            .map_err(ServiceError::from)?;
        tx.commit().await.map_err(ServiceError::from)?;
        Ok(())
    }

    /// Puts the next run of the sending job on the queue at `run_at_ms` (one per run: keyed by this job).
    async fn chain(&self, campaign_id: i64, job_id: i64, run_at_ms: i64) -> Result<(), JobFailure> {
        let s = self.0;
        let kind = JobKind::CampaignEmail { campaign_id };
        let payload = kind.payload();
        let key = format!("campaign-{campaign_id}-email-after-{job_id}");
        let mut tx = s.store.begin().await.map_err(ServiceError::from)?;
        tx.enqueue(
            &NewJob {
                kind: kind.name(),
                payload: &payload,
                idempotency_key: Some(&key),
                run_at_ms,
                max_attempts: s.config.jobs.max_attempts,
            },
            now_ms(s),
        )
        .await
        .map_err(ServiceError::from)?;
        tx.commit().await.map_err(ServiceError::from)?;
        s.wake_local_worker();
        Ok(())
    }
}

/// An instant from Unix milliseconds.
fn instant(ms: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// An instant in Unix milliseconds.
fn millis(t: OffsetDateTime) -> i64 {
    (t.unix_timestamp_nanos() / 1_000_000) as i64
}

enum Outcome {
    Sent(String),
    Failed(String),
    Deferred(String),
    RelayDown(SendError),
}

enum RunEnd {
    NothingDue,
    TimeUp,
    Stopped,
    RelayDown,
}

/// What rendering one recipient's message needs, shared by the blocking threads that render and sign.
struct Composer {
    services: Services,
    campaign_id: i64,
    frozen: BTreeMap<String, LocaleTexts>,
    templates: EmailTemplates,
    keys: crate::subscribers::Keys,
    public: String,
    /// The campaign's follow-up survey, linked from every message (`ch=email`) when there is one.
    survey: Option<super::surveys::SurveyLink>,
    mailer: std::sync::Arc<crate::channels::email::Mailer>,
}

impl Composer {
    /// One recipient's message, rendered in their locale: `Err` with why when it cannot be built.
    fn compose(&self, d: &DueEmail) -> Result<lettre::Message, String> {
        let s = &self.services;
        let (frozen, keys, public) = (&self.frozen, &self.keys, &self.public);
        let (Some(email), Some(subscriber_id)) = (d.email.as_ref(), d.subscriber_id) else {
            return Err("the subscriber was erased".into());
        };
        let texts = frozen
            .get(&d.locale)
            .ok_or_else(|| format!("no approved words in {}", d.locale))?;
        let locale: LocaleId = s
            .locales
            .get(&d.locale)
            .unwrap_or_else(|| s.locales.default_locale());
        let until = s.clock.unix() + super::subscribers::MANAGE_LINK_DAYS * 86_400;
        let token = keys.sign(Purpose::Manage, subscriber_id, until);
        let manage_url = format!("{public}/subscription?t={token}");
        let one_click = format!("{public}/u/{token}");
        let line = s.locales.format_with(
            &locale,
            "email-unsubscribe",
            &[("link", ArgValue::Text(manage_url.clone()))],
        );
        let (before, after) = around(&line, &manage_url);
        let survey_url = self
            .survey
            .as_ref()
            .map(|l| l.url(public, "email", &d.locale));
        let survey_line = survey_url.as_ref().map(|url| {
            s.locales.format_with(
                &locale,
                "email-campaign-survey",
                &[("link", ArgValue::Text(url.clone()))],
            )
        });
        let (survey_before, survey_after) = match (&survey_line, &survey_url) {
            (Some(line), Some(url)) => around(line, url),
            _ => Default::default(),
        };
        let context = minijinja::context! {
            t => texts,
            lang => d.locale.clone(),
            dir => crate::content::i18n::direction(&d.locale),
            manage_url => manage_url,
            unsubscribe_line => line,
            unsubscribe_before => before,
            unsubscribe_after => after,
            survey_url,
            survey_line,
            survey_before,
            survey_after,
        };
        let (text, html) = self.templates.render(&context)?;
        let outgoing = OutgoingEmail {
            to: email.clone(),
            to_name: None,
            subject: texts.subject.clone(),
            text,
            html,
            locale: d.locale.clone(),
            unsubscribe_url: one_click,
            feedback_id: format!("c{}:{}", self.campaign_id, d.locale),
            message_id: format!("c{}.m{}", self.campaign_id, d.id),
            date: std::time::SystemTime::now(),
        };
        build_message(self.mailer.sender(), &outgoing).map_err(|e| e.to_string())
    }
}

/// The words of `line` before and after `link` in it, so that the HTML part can make the link a link (a
/// translation that dropped the link keeps its words, with the link after them).
fn around(line: &str, link: &str) -> (String, String) {
    line.split_once(link)
        .map(|(b, a)| (b.to_string(), a.to_string()))
        .unwrap_or_else(|| (format!("{line} "), String::new()))
}

/// The campaign e-mail's two parts, `templates/email/campaign.txt` and `campaign.html`.
struct EmailTemplates(minijinja::Environment<'static>);

impl EmailTemplates {
    fn load(dir: &std::path::Path) -> Result<Self, JobFailure> {
        let mut env = minijinja::Environment::new();
        for name in ["campaign.txt", "campaign.html"] {
            let path = dir.join("email").join(name);
            let source = std::fs::read_to_string(&path).map_err(|e| {
                JobFailure::Retry(format!("the e-mail template {}: {e}", path.display()))
            })?;
            env.add_template_owned(name.to_string(), source)
                .map_err(|e| JobFailure::Permanent(format!("the e-mail template {name}: {e}")))?;
        }
        Ok(Self(env))
    }

    fn render(&self, context: &minijinja::Value) -> Result<(String, String), String> {
        let part = |name: &str| {
            self.0
                .get_template(name)
                .and_then(|t| t.render(context))
                .map_err(|e| format!("the e-mail template {name}: {e}"))
        };
        Ok((part("campaign.txt")?, part("campaign.html")?))
    }
}
