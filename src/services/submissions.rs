//! Group commit for the public survey form: every response sent at about the same moment is kept in one
//! transaction, by one writer task, and each sender is told only after that transaction committed.
//!
//! One transaction per response made every sender queue for SQLite's single write lock (and, on
//! PostgreSQL, wait for its own flush to disk); one writer that takes whatever has queued while the last
//! transaction ran keeps the same guarantee (a response acknowledged is on disk, a token spent exactly
//! when its response is kept) at a fraction of the commits. A batch that fails is tried again one
//! response at a time, so one bad response never costs the others theirs.

use std::sync::Mutex;

use tokio::sync::{mpsc, oneshot};

use super::error::ServiceError;
use crate::measure::survey::Answers;
use crate::store::Store;
use crate::store::surveys::NewResponse;

/// The most responses one transaction keeps.
const MAX_BATCH: usize = 256;
/// How many responses may wait for the writer before senders wait to hand theirs over.
const QUEUE: usize = 4096;

/// Decides, once a response's token is spent, whether it nearly repeats a recent one (see
/// `RecentAnswers` in the web layer); called at most once per response.
pub type FlagCheck = Box<dyn FnOnce(&Answers) -> bool + Send + Sync>;

/// A response waiting to be kept.
pub struct Pending {
    pub nonce: String,
    pub survey_id: i64,
    pub version: i64,
    /// The words of `version` the answers were checked against: if the version now reads otherwise (an
    /// edit rewrote it), the response is refused with [`Outcome::Changed`] rather than kept under words
    /// it did not answer.
    pub definition: String,
    pub wave_id: i64,
    pub group_id: i64,
    pub locale: String,
    pub channel: String,
    pub day: String,
    pub answers: Answers,
    pub answers_json: String,
    pub free_text: Option<String>,
    pub check: Option<FlagCheck>,
    /// The flag, once judged (kept for a retry on its own).
    pub flagged: Option<bool>,
    pub done: Option<oneshot::Sender<Result<Outcome, String>>>,
}

/// What became of a response handed to the writer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Kept,
    /// Its token was spent before (or earlier in the same batch).
    AlreadyReceived,
    /// Its survey's version was rewritten since the form was read.
    Changed,
}

/// The handle on this process's writer task, started on first use and again if it ever ended.
#[derive(Default)]
pub struct SubmissionWriter(Mutex<Option<mpsc::Sender<Pending>>>);

impl SubmissionWriter {
    /// Hands `pending` to the writer and waits until its transaction has committed (or failed).
    pub async fn keep(&self, store: &Store, pending: Pending) -> Result<Outcome, ServiceError> {
        let (tx, rx) = oneshot::channel();
        let mut pending = pending;
        pending.done = Some(tx);
        let sender = self.sender(store);
        if let Err(mpsc::error::SendError(back)) = sender.send(pending).await {
            // The writer ended (its runtime shut down, or it panicked): start another and try once more.
            *self.0.lock().unwrap_or_else(|e| e.into_inner()) = None;
            let sender = self.sender(store);
            if sender.send(back).await.is_err() {
                return Err(ServiceError::Internal(anyhow::anyhow!(
                    "the survey response writer is not running"
                )));
            }
        }
        match rx.await {
            Ok(Ok(outcome)) => Ok(outcome),
            Ok(Err(reason)) => Err(ServiceError::Internal(anyhow::anyhow!(
                "the response was not kept: {reason}"
            ))),
            Err(_) => Err(ServiceError::Internal(anyhow::anyhow!(
                "the survey response writer stopped before the response was kept"
            ))),
        }
    }

    fn sender(&self, store: &Store) -> mpsc::Sender<Pending> {
        let mut slot = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = slot.as_ref().filter(|s| !s.is_closed()) {
            return s.clone();
        }
        let (tx, rx) = mpsc::channel(QUEUE);
        tokio::spawn(run(store.clone(), rx));
        *slot = Some(tx.clone());
        tx
    }
}

/// The writer: takes what has queued (at most [`MAX_BATCH`]), keeps it in one transaction, answers each
/// sender, and waits for more. It ends when every sender is gone.
async fn run(store: Store, mut rx: mpsc::Receiver<Pending>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        match keep_batch(&store, &mut batch).await {
            Ok(outcomes) => answer(&mut batch, outcomes.into_iter().map(Ok)),
            Err(e) if batch.len() == 1 => answer(&mut batch, std::iter::once(Err(e.to_string()))),
            Err(e) => {
                tracing::warn!(
                    responses = batch.len(),
                    error = %e,
                    "a batch of survey responses failed; keeping them one at a time"
                );
                for i in 0..batch.len() {
                    let one = &mut batch[i..=i];
                    let outcome = keep_batch(&store, one)
                        .await
                        .map(|o| o[0])
                        .map_err(|e| e.to_string());
                    answer(one, std::iter::once(outcome));
                }
            }
        }
        batch.clear();
    }
}

fn answer(batch: &mut [Pending], outcomes: impl Iterator<Item = Result<Outcome, String>>) {
    for (p, outcome) in batch.iter_mut().zip(outcomes) {
        if let Some(done) = p.done.take() {
            // The sender may have gone (its request was dropped): the response is kept all the same.
            let _ = done.send(outcome);
        }
    }
}

/// Keeps `batch` in one transaction: the version's words checked once per survey, every token spent
/// in one statement, and the responses whose token was spent now kept in one more (a response with free
/// text on its own, as its text is kept apart under its id). Nothing is kept unless the whole
/// transaction commits.
async fn keep_batch(
    store: &Store,
    batch: &mut [Pending],
) -> Result<Vec<Outcome>, crate::store::StoreError> {
    let mut tx = store.begin().await?;
    let mut words: Vec<((i64, i64), Option<String>)> = Vec::new();
    let mut outcomes: Vec<Option<Outcome>> = vec![None; batch.len()];
    for (i, p) in batch.iter().enumerate() {
        let key = (p.survey_id, p.version);
        let current = match words.iter().find(|(k, _)| *k == key) {
            Some((_, d)) => d.clone(),
            None => {
                let d = tx.survey_version_definition(p.survey_id, p.version).await?;
                words.push((key, d.clone()));
                d
            }
        };
        if current.as_deref() != Some(p.definition.as_str()) {
            outcomes[i] = Some(Outcome::Changed);
        }
    }
    // Each nonce once (a page sent twice in one batch: the first is kept, the second was received).
    let mut seen = std::collections::HashSet::new();
    let mut nonces: Vec<&str> = Vec::new();
    for (i, p) in batch.iter().enumerate() {
        if outcomes[i].is_none() && !seen.insert(p.nonce.as_str()) {
            outcomes[i] = Some(Outcome::AlreadyReceived);
        } else if outcomes[i].is_none() {
            nonces.push(p.nonce.as_str());
        }
    }
    let day = batch.first().map(|p| p.day.clone()).unwrap_or_default();
    let spent = tx.spend_form_tokens(&nonces, &day).await?;
    for (i, p) in batch.iter_mut().enumerate() {
        if outcomes[i].is_some() {
            continue;
        }
        if !spent.contains(&p.nonce) {
            outcomes[i] = Some(Outcome::AlreadyReceived);
            continue;
        }
        // Judged once the token is spent, so only responses kept are remembered and compared.
        if p.flagged.is_none() {
            let f = p.check.take().is_some_and(|check| check(&p.answers));
            p.flagged = Some(f);
        }
        outcomes[i] = Some(Outcome::Kept);
    }
    let kept = |i: usize| outcomes[i] == Some(Outcome::Kept);
    fn response(p: &Pending) -> NewResponse<'_> {
        NewResponse {
            survey_id: p.survey_id,
            version: p.version,
            wave_id: p.wave_id,
            group_id: p.group_id,
            locale: &p.locale,
            channel: &p.channel,
            import_id: None,
            submitted_on: &p.day,
            answers: &p.answers_json,
            free_text: p.free_text.as_deref(),
            flagged: p.flagged.unwrap_or(false),
        }
    }
    let plain: Vec<NewResponse> = batch
        .iter()
        .enumerate()
        .filter(|(i, p)| kept(*i) && p.free_text.is_none())
        .map(|(_, p)| response(p))
        .collect();
    tx.insert_responses(&plain).await?;
    for (i, p) in batch.iter().enumerate() {
        if kept(i) && p.free_text.is_some() {
            tx.insert_response(&response(p)).await?;
        }
    }
    tx.commit().await?;
    Ok(outcomes
        .into_iter()
        .map(|o| o.unwrap_or(Outcome::AlreadyReceived))
        .collect())
}
