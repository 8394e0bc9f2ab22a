//! The job queue's table: enqueue (once per idempotency key), claim with a lease (`FOR UPDATE SKIP LOCKED` on
//! PostgreSQL, so several instances share the queue), renew, finish, fail with a retry time or into the dead
//! letter, and retry from the dead letter. Times are Unix milliseconds.

use sqlx::Row;

use super::{Backend, Store, StoreError, Tx};

/// A job as the queue keeps it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub idempotency_key: Option<String>,
    /// `queued`, `running`, `done` or `dead`.
    pub status: String,
    pub run_at_ms: i64,
    /// Attempts started so far (a claim counts one).
    pub attempts: i64,
    pub max_attempts: i64,
    pub lease_holder: Option<String>,
    pub lease_until_ms: Option<i64>,
    pub last_error: Option<String>,
    pub created_at_ms: i64,
    pub finished_at_ms: Option<i64>,
}

const COLUMNS: &str = "id, kind, payload, idempotency_key, status, run_at_ms, attempts, max_attempts, \
     lease_holder, lease_until_ms, last_error, created_at_ms, finished_at_ms";

fn job(row: &sqlx::any::AnyRow) -> Result<JobRow, sqlx::Error> {
    Ok(JobRow {
        id: row.try_get("id")?,
        kind: row.try_get("kind")?,
        payload: row.try_get("payload")?,
        idempotency_key: row.try_get("idempotency_key")?,
        status: row.try_get("status")?,
        run_at_ms: row.try_get("run_at_ms")?,
        attempts: row.try_get("attempts")?,
        max_attempts: row.try_get("max_attempts")?,
        lease_holder: row.try_get("lease_holder")?,
        lease_until_ms: row.try_get("lease_until_ms")?,
        last_error: row.try_get("last_error")?,
        created_at_ms: row.try_get("created_at_ms")?,
        finished_at_ms: row.try_get("finished_at_ms")?,
    })
}

/// Work to put on the queue.
#[derive(Debug, Clone)]
pub struct NewJob<'a> {
    pub kind: &'a str,
    pub payload: &'a str,
    /// The same key enqueued twice makes one job (the first).
    pub idempotency_key: Option<&'a str>,
    pub run_at_ms: i64,
    pub max_attempts: i64,
}

/// The PostgreSQL channel `NOTIFY` wakes idle workers on.
pub const JOBS_CHANNEL: &str = "beacon_jobs";

impl Tx {
    /// Puts a job on the queue inside the caller's transaction, so it exists exactly when the caller's
    /// writes do; with a key already used, nothing is added and the existing job's id is returned. On
    /// PostgreSQL the commit wakes idle workers (`NOTIFY`).
    pub async fn enqueue(&mut self, job: &NewJob<'_>, now_ms: i64) -> Result<i64, StoreError> {
        let inserted: Option<i64> = sqlx::query_scalar(
            "INSERT INTO jobs (kind, payload, idempotency_key, status, run_at_ms, attempts, max_attempts, \
             created_at_ms) VALUES ($1, $2, $3, 'queued', $4, 0, $5, $6) \
             ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
        )
        .bind(job.kind)
        .bind(job.payload)
        .bind(job.idempotency_key)
        .bind(job.run_at_ms)
        .bind(job.max_attempts)
        .bind(now_ms)
        .fetch_optional(self.conn())
        .await?;
        let id = match inserted {
            Some(id) => id,
            None => {
                sqlx::query_scalar("SELECT id FROM jobs WHERE idempotency_key = $1")
                    .bind(job.idempotency_key)
                    .fetch_one(self.conn())
                    .await?
            }
        };
        self.notify(JOBS_CHANNEL).await?;
        Ok(id)
    }

    /// Marks a running job done (keeping who ran it), in the transaction that holds its handler's writes; `false` (and the
    /// caller rolls back) when this worker no longer holds the lease, because another has taken the job.
    pub async fn finish_job(
        &mut self,
        id: i64,
        holder: &str,
        now_ms: i64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE jobs SET status = 'done', lease_until_ms = NULL, \
             finished_at_ms = $3, last_error = NULL \
             WHERE id = $1 AND status = 'running' AND lease_holder = $2",
        )
        .bind(id)
        .bind(holder)
        .bind(now_ms)
        .execute(self.conn())
        .await?
        .rows_affected();
        Ok(done == 1)
    }
}

impl Store {
    /// Claims up to `limit` jobs due by `now_ms`, and running jobs whose lease ran out (their worker died),
    /// oldest first, leasing them to `holder` until `lease_until_ms` and counting an attempt. Jobs another
    /// instance is claiming at the same moment are skipped, not waited for.
    pub async fn claim_jobs(
        &self,
        holder: &str,
        now_ms: i64,
        lease_until_ms: i64,
        limit: i64,
    ) -> Result<Vec<JobRow>, StoreError> {
        let lock = match self.backend() {
            Backend::Postgres => "FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let sql = format!(
            "UPDATE jobs SET status = 'running', lease_holder = $1, lease_until_ms = $2, \
             attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM jobs WHERE (status = 'queued' AND run_at_ms <= $3) \
             OR (status = 'running' AND lease_until_ms < $3 AND attempts < max_attempts) ORDER BY run_at_ms, id LIMIT $4 {lock}) \
             RETURNING {COLUMNS}"
        );
        let mut tx = self.begin().await?;
        let rows = sqlx::query(&sql)
            .bind(holder)
            .bind(lease_until_ms)
            .bind(now_ms)
            .bind(limit)
            .fetch_all(tx.conn())
            .await?;
        tx.commit().await?;
        let mut jobs = rows.iter().map(job).collect::<Result<Vec<_>, _>>()?;
        jobs.sort_by_key(|j| (j.run_at_ms, j.id));
        Ok(jobs)
    }

    /// Extends a lease this worker holds; `false` when it no longer holds it.
    pub async fn renew_lease(
        &self,
        id: i64,
        holder: &str,
        lease_until_ms: i64,
    ) -> Result<bool, StoreError> {
        let n = sqlx::query(
            "UPDATE jobs SET lease_until_ms = $3 WHERE id = $1 AND status = 'running' AND lease_holder = $2",
        )
        .bind(id)
        .bind(holder)
        .bind(lease_until_ms)
        .execute(self.pool())
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Records a failed attempt: back on the queue at `retry_at_ms`, or, with `None`, into the dead letter.
    /// Nothing happens when this worker no longer holds the lease.
    pub async fn fail_job(
        &self,
        id: i64,
        holder: &str,
        error: &str,
        retry_at_ms: Option<i64>,
        now_ms: i64,
    ) -> Result<bool, StoreError> {
        let n = sqlx::query(
            "UPDATE jobs SET status = CASE WHEN CAST($3 AS BIGINT) IS NULL THEN 'dead' ELSE 'queued' END, \
             run_at_ms = COALESCE(CAST($3 AS BIGINT), run_at_ms), last_error = $4, lease_holder = NULL, \
             lease_until_ms = NULL, \
             finished_at_ms = CASE WHEN CAST($3 AS BIGINT) IS NULL THEN $5 ELSE NULL END \
             WHERE id = $1 AND status = 'running' AND lease_holder = $2",
        )
        .bind(id)
        .bind(holder)
        .bind(retry_at_ms)
        .bind(error)
        .bind(now_ms)
        .execute(self.pool())
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Jobs whose lease ran out after their last allowed attempt go to the dead letter rather than run
    /// again: a job that kills its worker every time must not kill every worker in turn.
    pub async fn bury_exhausted_jobs(&self, now_ms: i64) -> Result<u64, StoreError> {
        let n = sqlx::query(
            "UPDATE jobs SET status = 'dead', last_error = COALESCE(last_error, 'the worker stopped while running it'), \
             lease_holder = NULL, lease_until_ms = NULL, finished_at_ms = $1 \
             WHERE status = 'running' AND lease_until_ms < $1 AND attempts >= max_attempts",
        )
        .bind(now_ms)
        .execute(self.pool())
        .await?
        .rows_affected();
        Ok(n)
    }

    /// The earliest time a queued job is due, if any (a worker sleeps until then).
    pub async fn next_job_due(&self) -> Result<Option<i64>, StoreError> {
        let due: Option<i64> = sqlx::query_scalar(
            "SELECT MIN(CASE WHEN status = 'queued' THEN run_at_ms ELSE lease_until_ms END) FROM jobs \
             WHERE status = 'queued' OR status = 'running'",
        )
        .fetch_one(self.pool())
        .await?;
        Ok(due)
    }

    /// One job.
    pub async fn job(&self, id: i64) -> Result<Option<JobRow>, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM jobs WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.as_ref().map(job).transpose()?)
    }

    /// Jobs in one state (all states with `None`), newest first.
    pub async fn jobs(&self, status: Option<&str>, limit: i64) -> Result<Vec<JobRow>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM jobs WHERE (CAST($1 AS TEXT) IS NULL OR status = $1) ORDER BY id DESC LIMIT $2"
        ))
        .bind(status)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.iter().map(job).collect::<Result<Vec<_>, _>>()?)
    }

    /// How many jobs are in each state.
    pub async fn job_counts(&self) -> Result<Vec<(String, i64)>, StoreError> {
        let rows =
            sqlx::query("SELECT status, COUNT(*) AS n FROM jobs GROUP BY status ORDER BY status")
                .fetch_all(self.pool())
                .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("status")?, r.try_get("n")?)))
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(Into::into)
    }
}

impl Tx {
    /// Puts a dead job back on the queue with its attempts reset; `false` when it is not dead.
    pub async fn retry_dead_job(&mut self, id: i64, now_ms: i64) -> Result<bool, StoreError> {
        let n = sqlx::query(
            "UPDATE jobs SET status = 'queued', attempts = 0, run_at_ms = $2, finished_at_ms = NULL \
             WHERE id = $1 AND status = 'dead'",
        )
        .bind(id)
        .bind(now_ms)
        .execute(self.conn())
        .await?
        .rows_affected();
        if n == 1 {
            self.notify(JOBS_CHANNEL).await?;
        }
        Ok(n == 1)
    }
}
