//! The job worker: the queue's third edge beside the web and the command line. It claims due jobs with a
//! lease, runs each through [`crate::services::jobs::Jobs::run`] while renewing the lease, and records the
//! outcome: done, back on the queue after an exponential backoff with jitter, or into the dead letter after
//! `jobs.max_attempts`. A worker that dies loses its leases, and another instance (or this one, restarted)
//! takes the jobs once they run out.
//!
//! Idle, it sleeps until the next job is due, at most `jobs.poll_ms`, and wakes at once when a job is added:
//! in this process through [`Services::job_added`], from other instances through PostgreSQL's
//! `LISTEN beacon_jobs`.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Semaphore, watch};

use crate::config::JobsConfig;
use crate::services::Services;
use crate::services::jobs::{JobFailure, now_ms};
use crate::store::jobs::{JOBS_CHANNEL, JobRow};

/// The wait before attempt `attempts + 1`: `base * 2^(attempts - 1)`, at most `max`, of which a random
/// half to all is taken ("equal jitter"), so that jobs failing together do not retry together.
pub fn backoff_ms(config: &JobsConfig, attempts: i64, unit: f64) -> i64 {
    let exp = (attempts - 1).clamp(0, 40) as u32;
    let full = config
        .backoff_base_ms
        .saturating_mul(1_i64.checked_shl(exp).unwrap_or(i64::MAX))
        .min(config.backoff_max_ms);
    let half = full / 2;
    half + ((full - half) as f64 * unit.clamp(0.0, 1.0)) as i64
}

/// Tells a worker to stop: [`Stop::new`] gives the sender, whose `send(true)` (or drop) stops it.
#[derive(Clone, Debug)]
pub struct Stop(watch::Receiver<bool>);

impl Stop {
    pub fn new() -> (watch::Sender<bool>, Stop) {
        let (tx, rx) = watch::channel(false);
        (tx, Stop(rx))
    }

    fn is_stopped(&self) -> bool {
        *self.0.borrow() || self.0.has_changed().is_err()
    }

    async fn stopped(&self) {
        let mut rx = self.0.clone();
        let _ = rx.wait_for(|stop| *stop).await;
    }
}

/// A name for this worker that no other holds: host, process and a random part.
pub fn holder_name() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "beacon".into());
    format!(
        "{host}:{}:{:08x}",
        std::process::id(),
        rand::random::<u32>()
    )
}

/// Works the queue until `stop` is cancelled; jobs running then are given up (their leases run out and
/// they run again), so a handler must be safe to run twice, as every handler is.
pub async fn run(services: Services, holder: String, stop: Stop) {
    let config = services.config.jobs.clone();
    let slots = Arc::new(Semaphore::new(config.concurrency));
    let mut listener = listen(&services).await;
    tracing::info!(%holder, "the job worker is running");
    let mut buried_at = 0_i64;
    loop {
        if stop.is_stopped() {
            break;
        }
        let now = now_ms(&services);
        // Jobs whose worker died on their last attempt, looked for once per poll interval.
        if now - buried_at >= config.poll_ms as i64 {
            buried_at = now;
            if let Err(e) = services.store.bury_exhausted_jobs(now).await {
                tracing::warn!(error = %e, "the job queue cannot be read; trying again");
            }
        }
        let free = slots.available_permits().min(config.batch as usize) as i64;
        let claimed = if free > 0 {
            match services
                .store
                .claim_jobs(&holder, now, now + config.lease_ms, free)
                .await
            {
                Ok(jobs) => jobs,
                Err(e) => {
                    tracing::warn!(error = %e, "jobs cannot be claimed; trying again");
                    Vec::new()
                }
            }
        } else {
            Vec::new()
        };
        let busy = !claimed.is_empty();
        for job in claimed {
            let permit = slots
                .clone()
                .acquire_owned()
                .await
                .expect("the semaphore is never closed");
            let (services, holder, stop) = (services.clone(), holder.clone(), stop.clone());
            tokio::spawn(async move {
                run_one(&services, &holder, job, stop).await;
                drop(permit);
                services.wake_local_worker();
            });
        }
        if busy && slots.available_permits() > 0 {
            continue;
        }
        // Idle (or full): sleep until the next job is due, a job is added or a slot frees.
        let wait = if slots.available_permits() == 0 {
            Duration::from_millis(config.poll_ms)
        } else {
            match services.store.next_job_due().await {
                Ok(Some(due)) => Duration::from_millis(
                    (due - now_ms(&services)).clamp(0, config.poll_ms as i64) as u64,
                ),
                _ => Duration::from_millis(config.poll_ms),
            }
        };
        if wait.is_zero() {
            continue;
        }
        tokio::select! {
            _ = stop.stopped() => break,
            _ = services.job_added.notified() => {}
            _ = notified(&mut listener) => {}
            _ = tokio::time::sleep(wait) => {}
        }
    }
    tracing::info!(%holder, "the job worker stopped");
}

/// Runs one job, renewing its lease every third of it; a lease lost (another worker took the job after
/// this one stalled) stops the handler.
async fn run_one(services: &Services, holder: &str, job: JobRow, stop: Stop) {
    let config = &services.config.jobs;
    let renew_every = Duration::from_millis((config.lease_ms / 3) as u64);
    let jobs = services.jobs();
    let handler = jobs.run(&job);
    tokio::pin!(handler);
    let mut ticker =
        tokio::time::interval_at(tokio::time::Instant::now() + renew_every, renew_every);
    let outcome = loop {
        tokio::select! {
            outcome = &mut handler => break Some(outcome),
            _ = stop.stopped() => break None,
            _ = ticker.tick() => {
                let until = now_ms(services) + config.lease_ms;
                match services.store.renew_lease(job.id, holder, until).await {
                    Ok(true) => {}
                    Ok(false) => {
                        tracing::warn!(job_id = job.id, "the job's lease was lost; another worker has it");
                        break None;
                    }
                    Err(e) => tracing::warn!(job_id = job.id, error = %e, "the job's lease cannot be renewed"),
                }
            }
        }
    };
    let Some(outcome) = outcome else { return };
    let now = now_ms(services);
    let recorded = match &outcome {
        Ok(()) => finish(services, job.id, holder, now).await,
        Err(failure) => {
            let retry_at = match failure {
                JobFailure::Retry(_) if job.attempts < job.max_attempts => {
                    Some(now + backoff_ms(config, job.attempts, rand::random::<f64>()))
                }
                _ => None,
            };
            if retry_at.is_none() {
                tracing::warn!(job_id = job.id, kind = %job.kind, error = %failure, "the job is dead");
            } else {
                tracing::info!(job_id = job.id, kind = %job.kind, error = %failure, "the job failed; it will be tried again");
            }
            services
                .store
                .fail_job(job.id, holder, &failure.to_string(), retry_at, now)
                .await
        }
    };
    match recorded {
        Ok(true) => {}
        Ok(false) => {
            tracing::warn!(
                job_id = job.id,
                "the job's outcome was not recorded: its lease was lost"
            )
        }
        Err(e) => {
            tracing::warn!(job_id = job.id, error = %e, "the job's outcome cannot be recorded; it will run again")
        }
    }
}

async fn finish(
    services: &Services,
    id: i64,
    holder: &str,
    now: i64,
) -> Result<bool, crate::store::StoreError> {
    let mut tx = services.store.begin().await?;
    let done = tx.finish_job(id, holder, now).await?;
    if done {
        tx.commit().await?;
    }
    Ok(done)
}

/// On PostgreSQL, a connection listening for added jobs; `None` on SQLite or when it cannot be opened (the
/// worker then polls).
async fn listen(services: &Services) -> Option<sqlx::postgres::PgListener> {
    let pool = services.store.listen_pool()?;
    let mut listener = match sqlx::postgres::PgListener::connect_with(pool).await {
        Ok(l) => l,
        Err(e) => {
            tracing::warn!(error = %e, "cannot LISTEN for jobs; the worker polls instead");
            return None;
        }
    };
    match listener.listen(JOBS_CHANNEL).await {
        Ok(()) => Some(listener),
        Err(e) => {
            tracing::warn!(error = %e, "cannot LISTEN for jobs; the worker polls instead");
            None
        }
    }
}

/// On PostgreSQL, rebuilds this instance's bundles whenever another accepts a translation, until `stop`.
pub async fn follow_locales(services: Services, stop: Stop) {
    let Some(pool) = services.store.listen_pool() else {
        return;
    };
    loop {
        let mut listener = match sqlx::postgres::PgListener::connect_with(pool).await {
            Ok(l) => l,
            Err(e) => {
                tracing::warn!(error = %e, "cannot LISTEN for translations; retrying");
                tokio::select! {
                    _ = stop.stopped() => return,
                    _ = tokio::time::sleep(Duration::from_secs(5)) => continue,
                }
            }
        };
        if let Err(e) = listener.listen(crate::store::LOCALES_CHANNEL).await {
            tracing::warn!(error = %e, "cannot LISTEN for translations; retrying");
            continue;
        }
        // Anything accepted while no one listened is read now.
        if let Err(e) = services.translations().reload().await {
            tracing::warn!(error = %e, "the translations cannot be reloaded");
        }
        loop {
            tokio::select! {
                _ = stop.stopped() => return,
                received = listener.recv() => match received {
                    Ok(_) => {
                        if let Err(e) = services.translations().reload().await {
                            tracing::warn!(error = %e, "the translations cannot be reloaded");
                        }
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "the translation notifications were cut; reconnecting");
                        break;
                    }
                },
            }
        }
    }
}

/// Waits for a notification (forever without a listener).
async fn notified(listener: &mut Option<sqlx::postgres::PgListener>) {
    match listener {
        Some(l) => {
            if let Err(e) = l.recv().await {
                tracing::warn!(error = %e, "the job notifications were cut; reconnecting");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        None => std::future::pending().await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> JobsConfig {
        JobsConfig {
            worker: true,
            concurrency: 4,
            batch: 8,
            lease_ms: 30_000,
            max_attempts: 5,
            backoff_base_ms: 1000,
            backoff_max_ms: 60_000,
            poll_ms: 1000,
        }
    }

    #[test]
    fn backoff_doubles_with_jitter_and_stops_at_the_cap() {
        let c = config();
        assert_eq!(backoff_ms(&c, 1, 1.0), 1000);
        assert_eq!(backoff_ms(&c, 1, 0.0), 500);
        assert_eq!(backoff_ms(&c, 2, 1.0), 2000);
        assert_eq!(backoff_ms(&c, 4, 1.0), 8000);
        assert_eq!(backoff_ms(&c, 4, 0.5), 6000);
        assert_eq!(backoff_ms(&c, 10, 1.0), 60_000);
        assert_eq!(backoff_ms(&c, 10, 0.0), 30_000);
        // No overflow however many attempts.
        assert_eq!(backoff_ms(&c, 1_000, 1.0), 60_000);
        assert_eq!(backoff_ms(&c, 0, 1.0), 1000);
    }

    #[test]
    fn holders_differ() {
        assert_ne!(holder_name(), holder_name());
    }
}
