//! Incidents and community reports: imports (a file or a JSON batch, all or nothing, with their audit
//! entry in the same transaction), audited reads, the public's anonymous reports and their moderation.
//! Called by the incidents API, the moderation pages, `beacon import incidents` and the demo.

use h3o::{CellIndex, Resolution};

use crate::accounts::Permission;
use crate::identify::analysis::hotspots::storage_cell;
use crate::identify::incidents::community::StoredReport;
use crate::identify::incidents::community::{
    NewReport, ReportError, build_report, new_report_id, to_incident,
};
use crate::identify::incidents::import::{Batch, Format, ImportErrors, Record, read};
use crate::identify::incidents::{DedupeBasis, DedupeKeys, FieldError, NewIncident};
use crate::identify::incidents::{ImportOutcome, IncidentFilter, StoredIncident};
use crate::store::StoreError;
use crate::store::incidents::{ImportRecord, Keyed, Staged};

use super::{Actor, AuditEvent, ServiceError, Services};

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
    Refused(#[from] ServiceError),
}

impl From<StoreError> for IngestError {
    fn from(e: StoreError) -> Self {
        IngestError::Refused(e.into())
    }
}

/// A moderator's decision on a pending report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Accept,
    Reject,
}

impl std::str::FromStr for Decision {
    type Err = ServiceError;
    fn from_str(s: &str) -> Result<Self, ServiceError> {
        match s {
            "accept" => Ok(Decision::Accept),
            "reject" => Ok(Decision::Reject),
            other => Err(ServiceError::invalid(
                "decision",
                crate::message::Message::new("refused-choice")
                    .text("value", other)
                    .text("choices", "accept, reject"),
            )),
        }
    }
}

/// An anonymous report as the public form or API sends it, before it is coarsened.
#[derive(Debug, Clone)]
pub struct ReportInput<'a> {
    pub day: &'a str,
    pub point: Option<(f64, f64)>,
    pub category: &'a str,
    pub signs: &'a [String],
    pub locale: &'a str,
}

pub struct Incidents<'a>(pub(super) &'a Services);

/// A batch read from a file with what its records need to be stored, worked out on the reading thread:
/// each record's dedupe basis and destination cell.
struct Prepared {
    records: Vec<Record>,
    keys: Vec<(DedupeBasis, Option<i64>)>,
    ids: Vec<(u64, String)>,
}

impl From<Batch> for Prepared {
    fn from(batch: Batch) -> Self {
        let keys = batch
            .records
            .iter()
            .map(|r| (DedupeBasis::of(&r.incident), storage_cell(&r.incident)))
            .collect();
        Prepared {
            records: batch.records,
            keys,
            ids: batch.ids,
        }
    }
}

impl Incidents<'_> {
    /// Reads a file and stores its incidents, all or nothing, as it streams in: the file is read and
    /// checked on a blocking thread, a batch at a time, while each batch is staged in the import's
    /// transaction; only a file found good is stored (see `store::incidents`). Memory does not grow
    /// with the file. `progress` is told the bytes read so far.
    #[tracing::instrument(skip_all, fields(format = format.as_str(), dry_run))]
    pub async fn import_file(
        &self,
        actor: &Actor,
        format: Format,
        input: impl std::io::Read + Send + 'static,
        source_name: &str,
        dry_run: bool,
        mut progress: impl FnMut(u64) + Send + 'static,
    ) -> Result<ImportOutcome, IngestError> {
        actor.require(Permission::ImportIncidents)?;
        let s = self.0;
        let today = s.clock.now().date();
        let started = std::time::Instant::now();
        let mut import = s.store.begin_import().await?;
        // Two batches in flight at most: the reader waits for the store, and memory stays flat.
        let (sender, mut batches) = tokio::sync::mpsc::channel::<Prepared>(2);
        let vocabulary = s.config.vocabulary.clone();
        let name = source_name.to_owned();
        let reader = tokio::task::spawn_blocking(move || {
            read(
                format,
                input,
                &name,
                &vocabulary,
                today,
                &mut progress,
                &mut |batch| sender.blocking_send(Prepared::from(batch)).is_ok(),
            )
        });
        let mut staged = Ok(());
        while let Some(batch) = batches.recv().await {
            let records: Vec<Staged<'_>> = batch
                .records
                .iter()
                .zip(batch.keys)
                .map(|(r, (basis, cell))| Staged {
                    position: r.position,
                    basis,
                    incident: &r.incident,
                    cell,
                })
                .collect();
            staged = import.stage(&records, &batch.ids).await;
            if staged.is_err() {
                break;
            }
        }
        // Stops the reader when staging failed.
        drop(batches);
        let read = reader
            .await
            .map_err(|e| ServiceError::Internal(anyhow::anyhow!("reading the file: {e}")))?;
        staged?;
        let duplicates = import.duplicate_ids().await?;
        tracing::info!(
            records = read.records,
            seconds = started.elapsed().as_secs_f64(),
            "file read, checked and staged"
        );
        let rows = read.finish(duplicates).map_err(IngestError::Rejected)?;
        let at = s.clock.unix();
        let audit = |outcome: &ImportOutcome| {
            AuditEvent::IncidentsImported {
                source_name: source_name.to_string(),
                format: format.as_str().to_string(),
                rows: outcome.rows,
                added: outcome.added,
                duplicates: outcome.duplicates,
            }
            .record(actor, at)
        };
        let record = ImportRecord {
            source_name,
            format: format.as_str(),
            user_id: actor.user_id(),
            dry_run,
            audit: Some(&audit),
        };
        let storing = std::time::Instant::now();
        let outcome = import.finish(rows, record).await?;
        tracing::info!(
            added = outcome.added,
            seconds = storing.elapsed().as_secs_f64(),
            "staged records stored"
        );
        Ok(outcome)
    }

    /// Checks a batch of incidents from the API and stores them (all or nothing).
    #[tracing::instrument(skip_all, fields(records = incidents.len()))]
    pub async fn import_batch(
        &self,
        actor: &Actor,
        mut incidents: Vec<NewIncident>,
        source_name: &str,
    ) -> Result<ImportOutcome, IngestError> {
        actor.require(Permission::ImportIncidents)?;
        let s = self.0;
        let today = s.clock.now().date();
        let mut problems = Vec::new();
        for (i, incident) in incidents.iter_mut().enumerate() {
            let mut errors = match incident.validate(&s.config.vocabulary) {
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
        self.store_all(actor, &incidents, source_name, "json", false)
            .await
    }

    /// Stores checked incidents and the import's audit entry in one transaction.
    async fn store_all(
        &self,
        actor: &Actor,
        incidents: &[NewIncident],
        source_name: &str,
        format: &str,
        dry_run: bool,
    ) -> Result<ImportOutcome, IngestError> {
        let s = self.0;
        let mut keys = DedupeKeys::default();
        let keyed: Vec<Keyed<'_>> = incidents
            .iter()
            .map(|incident| Keyed {
                key: keys.key(incident),
                incident,
                cell: storage_cell(incident),
            })
            .collect();
        let at = s.clock.unix();
        let audit = |outcome: &ImportOutcome| {
            AuditEvent::IncidentsImported {
                source_name: source_name.to_string(),
                format: format.to_string(),
                rows: outcome.rows,
                added: outcome.added,
                duplicates: outcome.duplicates,
            }
            .record(actor, at)
        };
        let record = ImportRecord {
            source_name,
            format,
            user_id: actor.user_id(),
            dry_run,
            audit: Some(&audit),
        };
        Ok(s.store.import_incidents(&keyed, record).await?)
    }

    /// Incidents, newest first (analysts; every read is written to the audit log).
    #[tracing::instrument(skip_all, fields(limit))]
    pub async fn list(
        &self,
        actor: &Actor,
        filter: &IncidentFilter,
        limit: i64,
    ) -> Result<Vec<StoredIncident>, ServiceError> {
        actor.require(Permission::ReadIncidents)?;
        let s = self.0;
        let rows = s.store.list_incidents(filter, limit).await?;
        let event = AuditEvent::IncidentsRead {
            via: "api",
            count: rows.len(),
            filter: filter.clone(),
        };
        s.accounts().record(actor, event).await?;
        Ok(rows)
    }

    /// Coarsens and stores an anonymous report (no account): only the day, an H3 cell and the choices.
    /// `Ok(Err(..))` lists what the reporter must fix; `Ok(Ok(()))` is said only after the commit.
    #[tracing::instrument(skip_all)]
    pub async fn submit_report(
        &self,
        input: ReportInput<'_>,
        resolution: Resolution,
    ) -> Result<Result<(), Vec<ReportError>>, ServiceError> {
        let s = self.0;
        let today = s.clock.now().date();
        let report = match build_report(
            input.day,
            today,
            input.point,
            input.category,
            input.signs,
            input.locale,
            resolution,
        ) {
            Ok(report) => report,
            Err(errors) => return Ok(Err(errors)),
        };
        self.store_report(&report).await?;
        Ok(Ok(()))
    }

    /// Stores a report already coarsened (the demo's), under a random id (drawn again in the unlikely case
    /// that it is taken).
    #[tracing::instrument(skip_all)]
    pub async fn store_report(&self, report: &NewReport) -> Result<(), ServiceError> {
        let mut attempts = 0;
        loop {
            attempts += 1;
            let mut tx = self.0.store.begin().await?;
            match tx.create_report(new_report_id(), report).await {
                Ok(_) => {
                    tx.commit().await?;
                    return Ok(());
                }
                Err(e) if attempts < 3 && e.violated_unique().is_some() => {
                    drop(tx);
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// The moderation queue (audited).
    #[tracing::instrument(skip_all)]
    pub async fn pending_reports(
        &self,
        actor: &Actor,
        via: &'static str,
    ) -> Result<Vec<StoredReport>, ServiceError> {
        actor.require(Permission::ModerateReports)?;
        let s = self.0;
        let pending = s.store.reports_with_status("pending").await?;
        let event = AuditEvent::ReportsRead {
            via,
            count: pending.len(),
        };
        s.accounts().record(actor, event).await?;
        Ok(pending)
    }

    /// Accepts (the report becomes an incident) or rejects a pending report. The decision and its audit
    /// entry are one transaction. Accepting stores the incident first under a key made from the report,
    /// so a decision cut short and made again finds that incident instead of adding a second.
    #[tracing::instrument(skip_all, fields(report_id = id, ?decision))]
    pub async fn review_report(
        &self,
        actor: &Actor,
        id: i64,
        decision: Decision,
    ) -> Result<StoredReport, ServiceError> {
        actor.require(Permission::ModerateReports)?;
        let s = self.0;
        let not_found = || ServiceError::NotFound("no such report".into());
        let report = s.store.report_by_id(id).await?.ok_or_else(not_found)?;
        if report.status != "pending" {
            return Err(ServiceError::Conflict(
                crate::message::Message::new("refused-report-reviewed")
                    .number("id", id as f64)
                    .text("status", report.status.clone())
                    .into(),
            ));
        }
        let incident_id = match decision {
            Decision::Accept => Some(self.incident_of_report(actor, &report).await?),
            Decision::Reject => None,
        };
        let at = s.clock.now();
        let status = match decision {
            Decision::Accept => "accepted",
            Decision::Reject => "rejected",
        };
        let mut tx = s.store.begin().await?;
        if !tx
            .review_report(id, status, actor.user_id(), incident_id, at.date())
            .await?
        {
            return Err(ServiceError::Conflict(
                crate::message::Message::new("refused-report-reviewed")
                    .number("id", id as f64)
                    .text("status", "")
                    .into(),
            ));
        }
        let event = AuditEvent::ReportReviewed {
            report_id: id,
            accepted: decision == Decision::Accept,
        };
        tx.audit(&event.record(actor, at.unix_timestamp())).await?;
        tx.commit().await?;
        s.store.report_by_id(id).await?.ok_or_else(not_found)
    }

    /// Stores the incident an accepted report becomes (idempotent by its dedupe key); returns its id.
    async fn incident_of_report(
        &self,
        actor: &Actor,
        report: &StoredReport,
    ) -> Result<i64, ServiceError> {
        let s = self.0;
        let id = report.id;
        let day = time::Date::parse(
            &report.day,
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .map_err(|e| ServiceError::Internal(e.into()))?;
        let cell: CellIndex = report
            .cell
            .parse()
            .map_err(|e: h3o::error::InvalidCellIndex| ServiceError::Internal(e.into()))?;
        let mut incident = to_incident(
            id,
            day,
            cell,
            &report.category,
            &report.signs,
            s.config.reports.accepted_confidence,
        );
        incident.validate(&s.config.vocabulary).map_err(|e| {
            ServiceError::Internal(anyhow::anyhow!(
                "report {id} maps outside the vocabulary: {e:?}"
            ))
        })?;
        let key = DedupeKeys::default().key(&incident);
        let keyed = [Keyed {
            key: key.clone(),
            incident: &incident,
            cell: storage_cell(&incident),
        }];
        s.store
            .import_incidents(
                &keyed,
                ImportRecord {
                    source_name: &format!("community report {id}"),
                    format: "community-report",
                    user_id: actor.user_id(),
                    dry_run: false,
                    audit: None,
                },
            )
            .await?;
        s.store
            .incident_id_by_key(&key)
            .await?
            .ok_or_else(|| ServiceError::Internal(anyhow::anyhow!("report {id}: incident lost")))
    }
}
