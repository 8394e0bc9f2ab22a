//! Bringing incidents in: parse a whole file (or a JSON batch), check every record, then store all of it
//! in one transaction or none of it. Shared by the command line and the API.

use super::analysis::hotspots::storage_cell;
use super::incidents::import::{Format, ImportErrors, parse};
use super::incidents::{DedupeKeys, FieldError, NewIncident};
use crate::config::Vocabulary;
use crate::store::incidents::{ImportOutcome, Keyed};
use crate::store::{Store, StoreError};

/// Why nothing was imported.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file has bad rows (each named) or is unreadable as a whole.
    #[error("{0}")]
    Rejected(ImportErrors),
    /// Records of a JSON batch failed their checks: (index, problems).
    #[error("{} records failed their checks", .0.len())]
    Invalid(Vec<(usize, Vec<FieldError>)>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Parses a file and stores its incidents (all or nothing). `progress` is told the bytes read so far.
#[allow(clippy::too_many_arguments)] // Each argument is a distinct input of an import; a struct would only rename them.
pub async fn import_file(
    store: &Store,
    vocabulary: &Vocabulary,
    format: Format,
    bytes: &[u8],
    source_name: &str,
    user_id: Option<i64>,
    dry_run: bool,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<ImportOutcome, IngestError> {
    let today = time::OffsetDateTime::now_utc().date();
    let incidents = parse(format, bytes, source_name, vocabulary, today, progress)
        .map_err(IngestError::Rejected)?;
    store_all(
        store,
        &incidents,
        source_name,
        format.as_str(),
        user_id,
        dry_run,
    )
    .await
}

/// Checks a batch of incidents from the API and stores them (all or nothing).
pub async fn import_batch(
    store: &Store,
    vocabulary: &Vocabulary,
    mut incidents: Vec<NewIncident>,
    source_name: &str,
    user_id: Option<i64>,
) -> Result<ImportOutcome, IngestError> {
    let today = time::OffsetDateTime::now_utc().date();
    let mut problems = Vec::new();
    for (i, incident) in incidents.iter_mut().enumerate() {
        let mut errors = match incident.validate(vocabulary) {
            Ok(()) => Vec::new(),
            Err(e) => e,
        };
        if incident.date.first_day().is_none_or(|d| d > today) {
            errors.push(FieldError {
                field: "date".into(),
                reason: format!("{} is not a past date", incident.date),
            });
        }
        if !errors.is_empty() {
            problems.push((i, errors));
        }
    }
    if !problems.is_empty() {
        return Err(IngestError::Invalid(problems));
    }
    store_all(store, &incidents, source_name, "json", user_id, false).await
}

async fn store_all(
    store: &Store,
    incidents: &[NewIncident],
    source_name: &str,
    format: &str,
    user_id: Option<i64>,
    dry_run: bool,
) -> Result<ImportOutcome, IngestError> {
    let mut keys = DedupeKeys::default();
    let keyed: Vec<Keyed<'_>> = incidents
        .iter()
        .map(|incident| Keyed {
            key: keys.key(incident),
            incident,
            cell: storage_cell(incident),
        })
        .collect();
    let outcome = store
        .import_incidents(&keyed, source_name, format, user_id, dry_run)
        .await?;
    if !dry_run {
        store
            .audit(
                user_id,
                "incidents.import",
                source_name,
                &format!(
                    "{format}: {} rows, {} added, {} duplicates",
                    outcome.rows, outcome.added, outcome.duplicates
                ),
            )
            .await?;
    }
    Ok(outcome)
}
