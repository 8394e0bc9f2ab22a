//! The job queue's use cases: what an administrator sees and does on the queue's page (the jobs, their
//! errors, a retry from the dead letter), the probes that check a deployment's queue, and the one place jobs
//! are run from ([`Jobs::run`], which the worker calls for each job it claims).

use serde::{Deserialize, Serialize};

use super::{Actor, AuditEvent, ServiceError, Services};
use crate::accounts::Permission;
use crate::message::Message;
use crate::store::jobs::{JobRow, NewJob};

/// The kinds of job Beacon runs, with what each needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum JobKind {
    /// Checks the queue itself: waits `sleep_ms`, then succeeds, or fails when `fail` is set (the dead
    /// letter's path). `beacon jobs probe` enqueues these; the benchmarks and tests use them.
    Probe {
        #[serde(default)]
        sleep_ms: u64,
        #[serde(default)]
        fail: bool,
    },
    /// A scheduled campaign's start time came.
    CampaignLaunch { campaign_id: i64 },
    /// A running campaign's end time came.
    CampaignComplete { campaign_id: i64 },
    /// Carry a campaign's move to one channel's platform: `launch` (create what is missing, then
    /// activate), `pause`, `resume` or `end`.
    CampaignDeliver {
        campaign_id: i64,
        channel: String,
        operation: String,
    },
    /// Fetch a launched campaign's delivery figures from one channel's platform (then again later while
    /// it runs).
    CampaignInsights { campaign_id: i64, channel: String },
    /// Send a sign-up's confirmation e-mail (double opt-in).
    SubscriberConfirm { subscriber_id: i64 },
    /// Plan a launched campaign's e-mail (once), then send what is due; follows the campaign's moves
    /// (paused, resumed, ended) and puts its next run on the queue while messages wait.
    CampaignEmail { campaign_id: i64 },
    /// Send one partner contact their pack by e-mail (a `pack_sends` row).
    PackSend { send_id: i64 },
}

impl JobKind {
    /// The name stored in the `kind` column.
    pub fn name(&self) -> &'static str {
        match self {
            JobKind::Probe { .. } => "probe",
            JobKind::CampaignLaunch { .. } => "campaign_launch",
            JobKind::CampaignComplete { .. } => "campaign_complete",
            JobKind::CampaignDeliver { .. } => "campaign_deliver",
            JobKind::CampaignInsights { .. } => "campaign_insights",
            JobKind::SubscriberConfirm { .. } => "subscriber_confirm",
            JobKind::CampaignEmail { .. } => "campaign_email",
            JobKind::PackSend { .. } => "pack_send",
        }
    }

    /// The job as stored: its name and its payload (JSON).
    pub fn payload(&self) -> String {
        serde_json::to_string(self).expect("a job kind serializes")
    }

    fn from_row(row: &JobRow) -> Result<Self, String> {
        serde_json::from_str(&row.payload).map_err(|e| {
            format!(
                "job {}: a {} payload Beacon cannot read: {e}",
                row.id, row.kind
            )
        })
    }
}

/// Why a job did not finish: try again later, or never (straight to the dead letter).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum JobFailure {
    #[error("{0}")]
    Retry(String),
    /// A retry could not succeed (a bad payload, a refusal that does not change): no more attempts.
    #[error("{0}")]
    Permanent(String),
}

impl From<ServiceError> for JobFailure {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Internal(e) => JobFailure::Retry(format!("{e:#}")),
            ServiceError::Unavailable(e) => JobFailure::Retry(format!("{e:#}")),
            other => JobFailure::Permanent(other.to_string()),
        }
    }
}

/// The queue at a glance: how many jobs are in each state, and the newest ones.
#[derive(Debug, Clone, Serialize)]
pub struct QueueView {
    pub counts: Vec<(String, i64)>,
    pub jobs: Vec<JobRow>,
}

pub struct Jobs<'a>(pub(super) &'a Services);

impl Jobs<'_> {
    /// Puts one job on the queue to run at `run_at_ms` (now when `None`); with an idempotency key already
    /// used, the existing job is returned instead of a second.
    pub async fn enqueue(
        &self,
        kind: &JobKind,
        key: Option<&str>,
        run_at_ms: Option<i64>,
    ) -> Result<i64, ServiceError> {
        let s = self.0;
        let now = now_ms(s);
        let payload = kind.payload();
        let mut tx = s.store.begin().await?;
        let id = tx
            .enqueue(
                &NewJob {
                    kind: kind.name(),
                    payload: &payload,
                    idempotency_key: key,
                    run_at_ms: run_at_ms.unwrap_or(now),
                    max_attempts: s.config.jobs.max_attempts,
                },
                now,
            )
            .await?;
        tx.commit().await?;
        self.0.wake_local_worker();
        Ok(id)
    }

    /// The queue's counts and its newest jobs, in one state or all (administrators).
    #[tracing::instrument(skip_all)]
    pub async fn view(
        &self,
        actor: &Actor,
        status: Option<&str>,
        limit: i64,
    ) -> Result<QueueView, ServiceError> {
        actor.require(Permission::ManageJobs)?;
        if let Some(st) = status
            && !["queued", "running", "done", "dead"].contains(&st)
        {
            return Err(ServiceError::invalid(
                "status",
                Message::new("refused-choice")
                    .text("value", st)
                    .text("choices", "queued, running, done, dead"),
            ));
        }
        let store = &self.0.store;
        Ok(QueueView {
            counts: store.job_counts().await?,
            jobs: store.jobs(status, limit.clamp(1, 500)).await?,
        })
    }

    /// Puts a job from the dead letter back on the queue, its attempts reset (administrators; audited).
    #[tracing::instrument(skip_all, fields(job_id = id))]
    pub async fn retry(&self, actor: &Actor, id: i64) -> Result<JobRow, ServiceError> {
        actor.require(Permission::ManageJobs)?;
        let s = self.0;
        let job = s
            .store
            .job(id)
            .await?
            .ok_or_else(|| ServiceError::NotFound(format!("no job {id}")))?;
        let mut tx = s.store.begin().await?;
        if !tx.retry_dead_job(id, now_ms(s)).await? {
            return Err(ServiceError::Conflict(
                Message::new("refused-job-not-dead")
                    .number("id", id as f64)
                    .text("status", job.status.clone())
                    .into(),
            ));
        }
        let event = AuditEvent::JobRetried {
            job_id: id,
            kind: job.kind.clone(),
        };
        tx.audit(&event.record(actor, s.clock.unix())).await?;
        tx.commit().await?;
        s.wake_local_worker();
        Ok(s.store.job(id).await?.unwrap_or(job))
    }

    /// Runs one claimed job to its end. The worker records the outcome.
    #[tracing::instrument(skip_all, fields(job_id = job.id, kind = %job.kind, attempt = job.attempts))]
    pub async fn run(&self, job: &JobRow) -> Result<(), JobFailure> {
        let kind = JobKind::from_row(job).map_err(JobFailure::Permanent)?;
        match kind {
            JobKind::Probe { sleep_ms, fail } => {
                if sleep_ms > 0 {
                    tokio::time::sleep(std::time::Duration::from_millis(sleep_ms)).await;
                }
                if fail {
                    return Err(JobFailure::Retry("the probe was asked to fail".into()));
                }
                Ok(())
            }
            JobKind::CampaignLaunch { campaign_id } => {
                Ok(self.0.campaigns().launch_due(campaign_id).await?)
            }
            JobKind::CampaignComplete { campaign_id } => {
                Ok(self.0.campaigns().complete_due(campaign_id).await?)
            }
            JobKind::CampaignDeliver {
                campaign_id,
                channel,
                operation,
            } => {
                self.0
                    .campaigns()
                    .deliver(campaign_id, &channel, &operation)
                    .await
            }
            JobKind::CampaignEmail { campaign_id } => {
                self.0.emails().run(campaign_id, job.id).await
            }
            JobKind::PackSend { send_id } => self.0.packs().send_one(send_id).await,
            JobKind::SubscriberConfirm { subscriber_id } => {
                self.0.subscribers().send_confirmation(subscriber_id).await
            }
            JobKind::CampaignInsights {
                campaign_id,
                channel,
            } => {
                self.0
                    .campaigns()
                    .fetch_insights(campaign_id, &channel, job.id)
                    .await
            }
        }
    }
}

/// Now in Unix milliseconds, from the services' clock.
pub fn now_ms(s: &Services) -> i64 {
    (s.clock.now().unix_timestamp_nanos() / 1_000_000) as i64
}
