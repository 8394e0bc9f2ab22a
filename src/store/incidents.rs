//! Incidents and their imports. An import is one transaction: all of it or none of it.
//!
//! A file is imported as it is read ([`IncidentImport`]): each batch of records is staged in a temporary
//! table (through COPY on PostgreSQL, inside the import's transaction; through one prepared INSERT on
//! SQLite, into the import connection's own temporary table, which takes no lock on the database), the
//! ids used twice are found there, and only a good file is then moved into `incidents` with its
//! `imports` row and its audit entry in one transaction. Nothing of the file is held in memory, and
//! nothing is stored unless all of it is.

use sqlx::Row;

use super::{Store, StoreError, now};
use crate::identify::analysis::IncidentPoint;
use crate::identify::analysis::privacy::Tally;
use crate::identify::analysis::routes::{RouteRow, RouteTally};
use crate::identify::incidents::date::PartialDate;
use crate::identify::incidents::import::{DuplicateId, DuplicateIds, MAX_LISTED_ERRORS};
use crate::identify::incidents::{
    DedupeBasis, ImportOutcome, IncidentFilter, NewIncident, StoredIncident, content_key,
};

/// An incident ready to store: its dedupe key, the record, and the destination's H3 cell (resolution 10).
pub struct Keyed<'a> {
    pub key: String,
    pub incident: &'a NewIncident,
    pub cell: Option<i64>,
}

/// A record of a file being imported: its position in the file (line or feature), what its dedupe key
/// is made from, the record and the destination's H3 cell (resolution 10).
pub struct Staged<'a> {
    pub position: u64,
    pub basis: DedupeBasis,
    pub incident: &'a NewIncident,
    pub cell: Option<i64>,
}

const COLUMNS: [&str; 30] = [
    "dedupe_key",
    "external_id",
    "year",
    "month",
    "day",
    "source_country",
    "source_lat",
    "source_lon",
    "transit_country",
    "transit_lat",
    "transit_lon",
    "destination_country",
    "destination_lat",
    "destination_lon",
    "destination_cell",
    "recruitment",
    "control_methods",
    "transport",
    "exploitation_type",
    "exploitation_subtype",
    "victim_age_band",
    "victim_gender",
    "victim_nationality",
    "offender_age_band",
    "offender_gender",
    "offender_nationality",
    "data_source",
    "confidence",
    "import_id",
    "created_at",
];

/// SQL conditions of a filter and their text parameters, numbered from `$first`.
fn conditions(filter: &IncidentFilter, first: usize) -> (String, Vec<FilterValue>) {
    let mut sql = String::new();
    let mut values = Vec::new();
    let mut n = first;
    let mut add = |cond: &str, value: FilterValue| {
        sql.push_str(&format!(" AND {cond} ${n}"));
        n += 1;
        values.push(value);
    };
    if let Some(y) = filter.from_year {
        add("year >=", FilterValue::Int(i64::from(y)));
    }
    if let Some(y) = filter.to_year {
        add("year <=", FilterValue::Int(i64::from(y)));
    }
    if let Some(v) = &filter.exploitation_type {
        add("exploitation_type =", FilterValue::Text(v.clone()));
    }
    if let Some(v) = &filter.nationality {
        add(
            "victim_nationality =",
            FilterValue::Text(v.to_ascii_uppercase()),
        );
    }
    if let Some(v) = &filter.data_source {
        add("data_source =", FilterValue::Text(v.clone()));
    }
    if let Some(v) = &filter.victim_gender {
        add("victim_gender =", FilterValue::Text(v.clone()));
    }
    if let Some(v) = &filter.recruitment {
        add("recruitment =", FilterValue::Text(v.clone()));
    }
    (sql, values)
}

#[derive(Debug, Clone)]
enum FilterValue {
    Int(i64),
    Text(String),
}

fn bind_filters<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    values: &'q [FilterValue],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for v in values {
        q = match v {
            FilterValue::Int(i) => q.bind(*i),
            FilterValue::Text(t) => q.bind(t.as_str()),
        };
    }
    q
}

/// The audit entry an import writes in its own transaction, made from its outcome.
pub type ImportAudit<'a> = &'a (dyn Fn(&ImportOutcome) -> super::AuditRecord + Sync);

/// How an import is recorded: its source, format, who, whether it is a dry run, and its audit entry.
pub struct ImportRecord<'a> {
    pub source_name: &'a str,
    pub format: &'a str,
    pub user_id: Option<i64>,
    /// Everything is done and then rolled back, so the counts are exact.
    pub dry_run: bool,
    pub audit: Option<ImportAudit<'a>>,
}

impl Store {
    /// Stores a batch of incidents in one transaction; records whose key is stored already are skipped.
    pub async fn import_incidents(
        &self,
        records: &[Keyed<'_>],
        record: ImportRecord<'_>,
    ) -> Result<ImportOutcome, StoreError> {
        let mut import = self.begin_import().await?;
        for (n, chunk) in records.chunks(4096).enumerate() {
            let staged: Vec<Staged<'_>> = chunk
                .iter()
                .enumerate()
                .map(|(i, r)| Staged {
                    position: (n * 4096 + i) as u64,
                    basis: DedupeBasis::Key(r.key.clone()),
                    incident: r.incident,
                    cell: r.cell,
                })
                .collect();
            import.stage(&staged, &[]).await?;
        }
        import.finish(records.len() as u64, record).await
    }

    /// Starts importing a file (see the module documentation).
    pub async fn begin_import(&self) -> Result<IncidentImport, StoreError> {
        if let Some(pg) = self.pg() {
            let mut tx = pg.begin().await?;
            sqlx::query(&format!(
                "CREATE TEMPORARY TABLE incoming ON COMMIT DROP AS SELECT 0::bigint AS line, ''::text AS content, \
                 {} FROM incidents WITH NO DATA",
                COLUMNS[..STAGED_FROM_INCIDENTS].join(", ")
            ))
            .execute(&mut *tx)
            .await?;
            return Ok(IncidentImport {
                inner: Backend::Pg(Box::new(tx)),
            });
        }
        let Some(path) = self.sqlite_path() else {
            return Err(StoreError::Sqlx(sqlx::Error::Configuration(
                "bulk imports need PostgreSQL or a SQLite file".into(),
            )));
        };
        let busy = self.busy_timeout();
        let conn = blocking(|| {
            let conn = rusqlite::Connection::open(path)?;
            conn.busy_timeout(busy)?;
            conn.pragma_update(None, "foreign_keys", true)?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            conn.pragma_update(None, "cache_size", -65536)?;
            // The staged rows go to a temporary file, not to memory.
            conn.pragma_update(None, "temp_store", "FILE")?;
            conn.pragma_update(Some(rusqlite::DatabaseName::Temp), "cache_size", -16384)?;
            conn.create_scalar_function(
                "beacon_content_key",
                2,
                rusqlite::functions::FunctionFlags::SQLITE_UTF8
                    | rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC,
                |ctx| {
                    let content: String = ctx.get(0)?;
                    let n: i64 = ctx.get(1)?;
                    Ok(content_key(&content, n as u64))
                },
            )?;
            let names = staged_columns().join(", ");
            conn.execute(&format!("CREATE TEMP TABLE incoming ({names})"), [])?;
            Ok::<_, rusqlite::Error>(conn)
        })?;
        Ok(IncidentImport {
            inner: Backend::Sqlite(conn),
        })
    }
}

/// An import being written (see the module documentation): [`stage`](Self::stage) each batch as it is
/// read, look for [`duplicate_ids`](Self::duplicate_ids), then [`finish`](Self::finish) a good file, or
/// drop the import to store nothing.
pub struct IncidentImport {
    inner: Backend,
}

enum Backend {
    Pg(Box<sqlx::Transaction<'static, sqlx::Postgres>>),
    Sqlite(rusqlite::Connection),
}

/// The columns of `incidents` that are staged as they are (`dedupe_key` to `confidence`).
const STAGED_FROM_INCIDENTS: usize = 28;

/// The staged columns: where the record is, its content hash when its key is made at the end, then the
/// columns of `incidents` from `dedupe_key` to `confidence`.
fn staged_columns() -> Vec<&'static str> {
    let mut names = vec!["line", "content"];
    names.extend_from_slice(&COLUMNS[..STAGED_FROM_INCIDENTS]);
    names
}

/// The dedupe key of a record staged with its content, numbered in file order: PostgreSQL's spelling
/// of [`content_key`] (SQLite calls it as `beacon_content_key`).
const PG_CONTENT_KEY: &str = "substr(encode(sha256(convert_to('content' || chr(31) || content || chr(31) || n::text, 'UTF8')), 'hex'), 1, 32)";

impl IncidentImport {
    /// Stages a batch: its records, and the ids of rows that are not among them (for
    /// [`duplicate_ids`](Self::duplicate_ids)).
    pub async fn stage(
        &mut self,
        records: &[Staged<'_>],
        ids: &[(u64, String)],
    ) -> Result<(), StoreError> {
        match &mut self.inner {
            Backend::Pg(tx) => {
                let mut buffer = Vec::with_capacity(256 * (records.len() + ids.len()) + 64);
                write_csv(&mut buffer, records, ids)
                    .map_err(|e| StoreError::Sqlx(sqlx::Error::Protocol(e.to_string())))?;
                let mut copy = tx
                    .copy_in_raw(&format!(
                        "COPY incoming ({}) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (control_methods))",
                        staged_columns().join(", ")
                    ))
                    .await?;
                copy.send(buffer.as_slice()).await?;
                copy.finish().await?;
                Ok(())
            }
            Backend::Sqlite(conn) => blocking(|| stage_sqlite(conn, records, ids)),
        }
    }

    /// The ids used more than once among those staged: the first [`MAX_LISTED_ERRORS`] in file order,
    /// and how many uses beyond the first there are.
    pub async fn duplicate_ids(&mut self) -> Result<DuplicateIds, StoreError> {
        const COUNT: &str = "SELECT COUNT(external_id) - COUNT(DISTINCT external_id) FROM incoming";
        let listed = format!(
            "SELECT line, external_id, first FROM (SELECT line, external_id, \
             MIN(line) OVER (PARTITION BY external_id) AS first FROM incoming \
             WHERE external_id IS NOT NULL) d WHERE line > first ORDER BY line LIMIT {MAX_LISTED_ERRORS}"
        );
        match &mut self.inner {
            Backend::Pg(tx) => {
                let total: i64 = sqlx::query_scalar(COUNT).fetch_one(&mut ***tx).await?;
                if total == 0 {
                    return Ok(DuplicateIds::default());
                }
                let rows: Vec<(i64, String, i64)> =
                    sqlx::query_as(&listed).fetch_all(&mut ***tx).await?;
                Ok(DuplicateIds {
                    listed: rows
                        .into_iter()
                        .map(|(position, id, first)| DuplicateId {
                            position: position as u64,
                            id,
                            first: first as u64,
                        })
                        .collect(),
                    total: total as u64,
                })
            }
            Backend::Sqlite(conn) => blocking(|| {
                let total: i64 = conn.query_row(COUNT, [], |r| r.get(0))?;
                if total == 0 {
                    return Ok(DuplicateIds::default());
                }
                let mut stmt = conn.prepare(&listed)?;
                let listed = stmt
                    .query_map([], |r| {
                        Ok(DuplicateId {
                            position: r.get::<_, i64>(0)? as u64,
                            id: r.get(1)?,
                            first: r.get::<_, i64>(2)? as u64,
                        })
                    })?
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(DuplicateIds {
                    listed,
                    total: total as u64,
                })
            }),
        }
    }

    /// Stores what was staged (`rows` records), skipping records whose key is stored already, with the
    /// `imports` row and the audit entry, in one transaction.
    pub async fn finish(
        self,
        rows: u64,
        record: ImportRecord<'_>,
    ) -> Result<ImportOutcome, StoreError> {
        let at = now();
        let columns = COLUMNS.join(", ");
        let data = COLUMNS[1..STAGED_FROM_INCIDENTS].join(", ");
        match self.inner {
            Backend::Pg(tx) => {
                let mut tx = *tx;
                let import_id: i64 = sqlx::query_scalar(
                    "INSERT INTO imports (source_name, format, rows_read, added, duplicates, user_id, created_at) \
                     VALUES ($1, $2, $3, 0, 0, $4, $5) RETURNING id",
                )
                .bind(record.source_name)
                .bind(record.format)
                .bind(rows as i64)
                .bind(record.user_id)
                .bind(at)
                .fetch_one(&mut *tx)
                .await?;
                let mut added = sqlx::query(&format!(
                    "INSERT INTO incidents ({columns}) SELECT dedupe_key, {data}, $1, $2 FROM incoming \
                     WHERE dedupe_key IS NOT NULL ON CONFLICT (dedupe_key) DO NOTHING"
                ))
                .bind(import_id)
                .bind(at)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                added += sqlx::query(&format!(
                    "INSERT INTO incidents ({columns}) SELECT {PG_CONTENT_KEY}, {data}, $1, $2 FROM \
                     (SELECT *, ROW_NUMBER() OVER (PARTITION BY content ORDER BY line) AS n FROM incoming \
                     WHERE content IS NOT NULL) c ON CONFLICT (dedupe_key) DO NOTHING"
                ))
                .bind(import_id)
                .bind(at)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                let outcome = outcome(import_id, rows, added, record.dry_run);
                sqlx::query("UPDATE imports SET added = $1, duplicates = $2 WHERE id = $3")
                    .bind(outcome.added as i64)
                    .bind(outcome.duplicates as i64)
                    .bind(import_id)
                    .execute(&mut *tx)
                    .await?;
                if record.dry_run {
                    tx.rollback().await?;
                    return Ok(outcome);
                }
                if let Some(audit) = record.audit {
                    let r = audit(&outcome);
                    sqlx::query(super::audit::INSERT)
                        .bind(r.at)
                        .bind(r.user_id)
                        .bind(r.action)
                        .bind(&r.subject)
                        .bind(&r.detail)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(outcome)
            }
            Backend::Sqlite(mut conn) => blocking(move || {
                // The write lock is taken only now: the file was staged without it.
                let tx =
                    conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                tx.execute(
                    "INSERT INTO imports (source_name, format, rows_read, added, duplicates, user_id, created_at) \
                     VALUES (?1, ?2, ?3, 0, 0, ?4, ?5)",
                    rusqlite::params![record.source_name, record.format, rows as i64, record.user_id, at],
                )?;
                let import_id = tx.last_insert_rowid();
                // In key order, so that the unique index grows at its end.
                let mut added = tx.execute(
                    &format!(
                        "INSERT INTO incidents ({columns}) SELECT dedupe_key, {data}, ?1, ?2 FROM temp.incoming \
                         WHERE dedupe_key IS NOT NULL ORDER BY dedupe_key ON CONFLICT (dedupe_key) DO NOTHING"
                    ),
                    rusqlite::params![import_id, at],
                )? as u64;
                added += tx.execute(
                    &format!(
                        "INSERT INTO incidents ({columns}) SELECT beacon_content_key(content, n), {data}, ?1, ?2 \
                         FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY content ORDER BY line) AS n \
                         FROM temp.incoming WHERE content IS NOT NULL) WHERE true \
                         ON CONFLICT (dedupe_key) DO NOTHING"
                    ),
                    rusqlite::params![import_id, at],
                )? as u64;
                let outcome = outcome(import_id, rows, added, record.dry_run);
                tx.execute(
                    "UPDATE imports SET added = ?1, duplicates = ?2 WHERE id = ?3",
                    rusqlite::params![outcome.added as i64, outcome.duplicates as i64, import_id],
                )?;
                if record.dry_run {
                    tx.rollback()?;
                    return Ok(outcome);
                }
                if let Some(audit) = record.audit {
                    let r = audit(&outcome);
                    tx.execute(
                        super::audit::INSERT,
                        rusqlite::params![r.at, r.user_id, r.action, r.subject, r.detail],
                    )?;
                }
                tx.commit()?;
                Ok(outcome)
            }),
        }
    }
}

fn outcome(import_id: i64, rows: u64, added: u64, dry_run: bool) -> ImportOutcome {
    ImportOutcome {
        import_id: (!dry_run).then_some(import_id),
        rows,
        added,
        duplicates: rows.saturating_sub(added),
        dry_run,
    }
}

/// Runs SQLite's blocking work: off the async threads' duty on a multi-threaded runtime, in place on a
/// single-threaded one (tests).
fn blocking<T>(work: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current().map(|h| h.runtime_flavor()) {
        Ok(tokio::runtime::RuntimeFlavor::MultiThread) => tokio::task::block_in_place(work),
        _ => work(),
    }
}

impl Store {
    pub async fn count_incidents(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM incidents")
            .fetch_one(self.pool())
            .await?)
    }

    /// Incidents with a destination point, filtered, for hotspot analysis.
    pub async fn incident_points(
        &self,
        filter: &IncidentFilter,
    ) -> Result<Vec<IncidentPoint>, StoreError> {
        let (conds, values) = conditions(filter, 1);
        let sql = format!(
            "SELECT id, destination_cell, confidence, year, month, day FROM incidents \
             WHERE destination_cell IS NOT NULL{conds}"
        );
        let rows = bind_filters(sqlx::query(&sql), &values)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                let month: Option<i64> = r.try_get("month")?;
                let day: Option<i64> = r.try_get("day")?;
                let year: i64 = r.try_get("year")?;
                Ok(IncidentPoint {
                    id: r.try_get("id")?,
                    cell: r.try_get("destination_cell")?,
                    confidence: r.try_get("confidence")?,
                    date: PartialDate::from_parts(
                        year as i32,
                        month.map(|m| m as u8),
                        day.map(|d| d as u8),
                    ),
                })
            })
            .collect()
    }

    /// Incidents per destination cell (resolution 10) and victim nationality, for community languages, as
    /// the disclosure policy counts them.
    pub async fn nationalities_by_cell(&self) -> Result<Vec<(i64, String, Tally)>, StoreError> {
        let rows = sqlx::query(
            "SELECT destination_cell, victim_nationality, COUNT(*) AS n, CAST(SUM(id) AS BIGINT) AS id_sum FROM incidents \
             WHERE destination_cell IS NOT NULL AND victim_nationality IS NOT NULL \
             GROUP BY destination_cell, victim_nationality",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("destination_cell")?,
                    r.try_get("victim_nationality")?,
                    tally(r)?,
                ))
            })
            .collect()
    }

    /// Counts by source, transit and destination country, nationality and exploitation type.
    pub async fn country_routes(
        &self,
        filter: &IncidentFilter,
    ) -> Result<Vec<RouteRow>, StoreError> {
        let (conds, values) = conditions(filter, 1);
        let sql = format!(
            "SELECT source_country, transit_country, destination_country, victim_nationality, \
             exploitation_type, COUNT(*) AS n FROM incidents WHERE 1 = 1{conds} \
             GROUP BY source_country, transit_country, destination_country, victim_nationality, exploitation_type"
        );
        let rows = bind_filters(sqlx::query(&sql), &values)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(RouteRow {
                    source: r.try_get("source_country")?,
                    transit: r.try_get("transit_country")?,
                    destination: r.try_get("destination_country")?,
                    nationality: r.try_get("victim_nationality")?,
                    exploitation_type: r.try_get("exploitation_type")?,
                    count: r.try_get("n")?,
                })
            })
            .collect()
    }
}

impl Store {
    /// Incidents per route (source, transit and destination country), as the disclosure policy counts them.
    pub async fn route_tallies(
        &self,
        filter: &IncidentFilter,
    ) -> Result<Vec<RouteTally>, StoreError> {
        let (conds, values) = conditions(filter, 1);
        let sql = format!(
            "SELECT source_country, transit_country, destination_country, COUNT(*) AS n, \
             CAST(SUM(id) AS BIGINT) AS id_sum FROM incidents WHERE 1 = 1{conds} \
             GROUP BY source_country, transit_country, destination_country"
        );
        let rows = bind_filters(sqlx::query(&sql), &values)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(RouteTally {
                    source: r.try_get("source_country")?,
                    transit: r.try_get("transit_country")?,
                    destination: r.try_get("destination_country")?,
                    tally: tally(r)?,
                })
            })
            .collect()
    }

    /// Incidents per victim nationality whose destination is `country`, as the disclosure policy counts them.
    pub async fn nationalities_to(
        &self,
        country: &str,
    ) -> Result<Vec<(String, Tally)>, StoreError> {
        let rows = sqlx::query(
            "SELECT victim_nationality, COUNT(*) AS n, CAST(SUM(id) AS BIGINT) AS id_sum FROM incidents \
             WHERE destination_country = $1 AND victim_nationality IS NOT NULL GROUP BY victim_nationality",
        )
        .bind(country)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("victim_nationality")?, tally(r)?)))
            .collect()
    }

    /// Incidents matching `filter`, newest first, at most `limit`.
    pub async fn list_incidents(
        &self,
        filter: &IncidentFilter,
        limit: i64,
    ) -> Result<Vec<StoredIncident>, StoreError> {
        let (conds, values) = conditions(filter, 2);
        let sql = format!(
            "SELECT id, external_id, year, month, day, source_country, transit_country, destination_country, \
             destination_lat, destination_lon, recruitment, control_methods, transport, exploitation_type, \
             exploitation_subtype, victim_age_band, victim_gender, victim_nationality, data_source, confidence \
             FROM incidents WHERE 1 = 1{conds} ORDER BY year DESC, month DESC, id DESC LIMIT $1"
        );
        let q = sqlx::query(&sql).bind(limit);
        let rows = bind_filters(q, &values).fetch_all(self.pool()).await?;
        rows.iter()
            .map(|r| {
                let methods: String = r.try_get("control_methods")?;
                Ok(StoredIncident {
                    id: r.try_get("id")?,
                    external_id: r.try_get("external_id")?,
                    year: r.try_get("year")?,
                    month: r.try_get("month")?,
                    day: r.try_get("day")?,
                    source_country: r.try_get("source_country")?,
                    transit_country: r.try_get("transit_country")?,
                    destination_country: r.try_get("destination_country")?,
                    destination_lat: r.try_get("destination_lat")?,
                    destination_lon: r.try_get("destination_lon")?,
                    recruitment: r.try_get("recruitment")?,
                    control_methods: methods
                        .split('|')
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect(),
                    transport: r.try_get("transport")?,
                    exploitation_type: r.try_get("exploitation_type")?,
                    exploitation_subtype: r.try_get("exploitation_subtype")?,
                    victim_age_band: r.try_get("victim_age_band")?,
                    victim_gender: r.try_get("victim_gender")?,
                    victim_nationality: r.try_get("victim_nationality")?,
                    data_source: r.try_get("data_source")?,
                    confidence: r.try_get("confidence")?,
                })
            })
            .collect()
    }
}

impl Store {
    /// Incidents with both a source and a destination point, for routes between cells.
    pub async fn point_routes(
        &self,
        filter: &IncidentFilter,
    ) -> Result<Vec<((f64, f64), (f64, f64), Option<String>, Option<String>)>, StoreError> {
        let (conds, values) = conditions(filter, 1);
        let sql = format!(
            "SELECT source_lat, source_lon, destination_lat, destination_lon, victim_nationality, exploitation_type \
             FROM incidents WHERE source_lat IS NOT NULL AND destination_lat IS NOT NULL{conds}"
        );
        let rows = bind_filters(sqlx::query(&sql), &values)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    (r.try_get("source_lat")?, r.try_get("source_lon")?),
                    (r.try_get("destination_lat")?, r.try_get("destination_lon")?),
                    r.try_get("victim_nationality")?,
                    r.try_get("exploitation_type")?,
                ))
            })
            .collect()
    }
}

/// The `n` and `id_sum` columns of a grouped row.
fn tally(r: &sqlx::any::AnyRow) -> Result<Tally, sqlx::Error> {
    let n: i64 = r.try_get("n")?;
    let id_sum: i64 = r.try_get("id_sum")?;
    Ok(Tally::of(n as u64, id_sum as u64))
}

/// One staged value, borrowed from the record where it can be.
enum Value<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(std::borrow::Cow<'a, str>),
}

impl<'a> Value<'a> {
    fn text(value: Option<&'a str>) -> Self {
        value.map_or(Value::Null, |t| Value::Text(t.into()))
    }

    fn int(value: Option<impl Into<i64>>) -> Self {
        value.map_or(Value::Null, |v| Value::Int(v.into()))
    }

    fn real(value: Option<f64>) -> Self {
        value.map_or(Value::Null, Value::Real)
    }

    /// The CSV cell for COPY: an empty cell is NULL (but `control_methods` is forced not null).
    fn write_csv(
        &self,
        w: &mut csv::Writer<&mut Vec<u8>>,
        scratch: &mut String,
    ) -> csv::Result<()> {
        use std::fmt::Write;
        match self {
            Value::Null => w.write_field(""),
            Value::Int(i) => {
                scratch.clear();
                let _ = write!(scratch, "{i}");
                w.write_field(scratch.as_bytes())
            }
            Value::Real(x) => {
                scratch.clear();
                let _ = write!(scratch, "{x}");
                w.write_field(scratch.as_bytes())
            }
            Value::Text(t) => w.write_field(t.as_bytes()),
        }
    }
}

impl rusqlite::ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Int(i) => ValueRef::Integer(*i),
            Value::Real(x) => ValueRef::Real(*x),
            Value::Text(t) => ValueRef::Text(t.as_bytes()),
        }))
    }
}

/// The number of staged columns ([`staged_columns`]).
const STAGED: usize = STAGED_FROM_INCIDENTS + 2;

/// A staged record's row, in the order of [`staged_columns`]: the one mapping of a record to its columns.
fn staged_row<'a>(r: &'a Staged<'a>) -> [Value<'a>; STAGED] {
    let i = r.incident;
    let country = |p: &'a crate::identify::incidents::Place| {
        Value::text(p.country.as_ref().map(|c| c.as_str()))
    };
    let latitude = |p: &crate::identify::incidents::Place| Value::real(p.point.map(|p| p.latitude));
    let longitude =
        |p: &crate::identify::incidents::Place| Value::real(p.point.map(|p| p.longitude));
    let (content, key) = match &r.basis {
        DedupeBasis::Key(key) => (Value::Null, Value::text(Some(key))),
        DedupeBasis::Content(content) => (Value::text(Some(content)), Value::Null),
    };
    [
        Value::Int(r.position as i64),
        content,
        key,
        Value::text(i.external_id.as_deref()),
        Value::Int(i64::from(i.date.year())),
        Value::int(i.date.month()),
        Value::int(i.date.day()),
        country(&i.source),
        latitude(&i.source),
        longitude(&i.source),
        country(&i.transit),
        latitude(&i.transit),
        longitude(&i.transit),
        country(&i.destination),
        latitude(&i.destination),
        longitude(&i.destination),
        Value::int(r.cell),
        Value::text(i.recruitment.as_deref()),
        Value::Text(i.control_methods.join("|").into()),
        Value::text(i.transport.as_deref()),
        Value::text(i.exploitation_type.as_deref()),
        Value::text(i.exploitation_subtype.as_deref()),
        Value::text(i.victim.age_band.as_deref()),
        Value::text(i.victim.gender.as_deref()),
        Value::text(i.victim.nationality.as_ref().map(|c| c.as_str())),
        Value::text(i.offender.age_band.as_deref()),
        Value::text(i.offender.gender.as_deref()),
        Value::text(i.offender.nationality.as_ref().map(|c| c.as_str())),
        Value::text(Some(&i.data_source)),
        Value::Real(i.confidence),
    ]
}

/// The staged row of a row that is not a record: its position and its id.
fn id_row(position: u64, id: &str) -> [Value<'_>; STAGED] {
    let mut row: [Value<'_>; STAGED] = std::array::from_fn(|_| Value::Null);
    row[0] = Value::Int(position as i64);
    row[3] = Value::text(Some(id));
    row
}

/// A batch as CSV for COPY.
fn write_csv(
    buffer: &mut Vec<u8>,
    records: &[Staged<'_>],
    ids: &[(u64, String)],
) -> csv::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(buffer);
    let mut scratch = String::new();
    let mut write = |row: &[Value<'_>]| -> csv::Result<()> {
        for value in row {
            value.write_csv(&mut w, &mut scratch)?;
        }
        w.write_record(None::<&[u8]>)
    };
    for r in records {
        write(&staged_row(r))?;
    }
    for (position, id) in ids {
        write(&id_row(*position, id))?;
    }
    w.flush()?;
    Ok(())
}

/// SQLite: a batch into the import connection's temporary table, in one (temporary) transaction.
fn stage_sqlite(
    conn: &mut rusqlite::Connection,
    records: &[Staged<'_>],
    ids: &[(u64, String)],
) -> Result<(), StoreError> {
    let tx = conn.transaction()?;
    {
        let placeholders = vec!["?"; STAGED].join(", ");
        let mut stmt = tx.prepare_cached(&format!(
            "INSERT INTO temp.incoming VALUES ({placeholders})"
        ))?;
        for r in records {
            stmt.execute(rusqlite::params_from_iter(staged_row(r).iter()))?;
        }
        for (position, id) in ids {
            stmt.execute(rusqlite::params_from_iter(id_row(*position, id).iter()))?;
        }
    }
    tx.commit()?;
    Ok(())
}
