//! Incidents and their imports. An import is one transaction: all of it or none of it.

use sqlx::Row;

use super::{Store, StoreError, now};
use crate::identify::analysis::IncidentPoint;
use crate::identify::analysis::privacy::Tally;
use crate::identify::analysis::routes::{RouteRow, RouteTally};
use crate::identify::incidents::date::PartialDate;
use crate::identify::incidents::{
    ImportOutcome, IncidentFilter, NewIncident, Place, StoredIncident,
};

/// An incident ready to store: its dedupe key, the record, and the destination's H3 cell (resolution 10).
pub struct Keyed<'a> {
    pub key: String,
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

impl Store {
    /// Stores a batch of incidents in one transaction; records whose key is stored already are skipped.
    /// PostgreSQL loads through COPY; SQLite through one prepared statement on a plain connection.
    /// With `dry_run`, everything is done and then rolled back, so the counts are exact.
    pub async fn import_incidents(
        &self,
        records: &[Keyed<'_>],
        source_name: &str,
        format: &str,
        user_id: Option<i64>,
        dry_run: bool,
        audit: Option<ImportAudit<'_>>,
    ) -> Result<ImportOutcome, StoreError> {
        if let Some(pg) = self.pg() {
            return import_with_copy(pg, records, source_name, format, user_id, dry_run, audit)
                .await;
        }
        let Some(path) = self.sqlite_path() else {
            return Err(StoreError::Sqlx(sqlx::Error::Configuration(
                "bulk imports need PostgreSQL or a SQLite file".into(),
            )));
        };
        let busy = self.busy_timeout();
        let run = || {
            let conn = rusqlite::Connection::open(path)?;
            conn.busy_timeout(busy)?;
            import_with_sqlite(conn, records, source_name, format, user_id, dry_run, audit)
        };
        // SQLite's own prepared statement, on this thread: the driver's per-value copies cost more than
        // the inserts themselves on large files (27 s against 11 s for a million rows).
        match tokio::runtime::Handle::try_current().map(|h| h.runtime_flavor()) {
            Ok(tokio::runtime::RuntimeFlavor::MultiThread) => tokio::task::block_in_place(run),
            _ => run(),
        }
    }

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

/// One column's value in an incident row, as both import paths write it.
enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl Value {
    fn text(value: Option<String>) -> Value {
        value.map_or(Value::Null, Value::Text)
    }

    fn int(value: Option<impl Into<i64>>) -> Value {
        value.map_or(Value::Null, |v| Value::Int(v.into()))
    }

    fn real(value: Option<f64>) -> Value {
        value.map_or(Value::Null, Value::Real)
    }

    /// The CSV cell for COPY: an empty cell is NULL (but `control_methods` is forced not null).
    fn csv_text(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Int(i) => i.to_string(),
            Value::Real(x) => x.to_string(),
            Value::Text(t) => t.clone(),
        }
    }
}

impl rusqlite::ToSql for Value {
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

/// The incident row for [`COLUMNS`], in their order: the one mapping of a record to its columns.
fn row_values(r: &Keyed<'_>, import_id: i64, at: i64) -> [Value; 30] {
    let i = r.incident;
    let country = |p: &Place| Value::text(p.country.map(|c| c.to_string()));
    let latitude = |p: &Place| Value::real(p.point.map(|p| p.latitude));
    let longitude = |p: &Place| Value::real(p.point.map(|p| p.longitude));
    [
        Value::Text(r.key.clone()),
        Value::text(i.external_id.clone()),
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
        Value::text(i.recruitment.clone()),
        Value::Text(i.control_methods.join("|")),
        Value::text(i.transport.clone()),
        Value::text(i.exploitation_type.clone()),
        Value::text(i.exploitation_subtype.clone()),
        Value::text(i.victim.age_band.clone()),
        Value::text(i.victim.gender.clone()),
        Value::text(i.victim.nationality.map(|c| c.to_string())),
        Value::text(i.offender.age_band.clone()),
        Value::text(i.offender.gender.clone()),
        Value::text(i.offender.nationality.map(|c| c.to_string())),
        Value::Text(i.data_source.clone()),
        Value::Real(i.confidence),
        Value::Int(import_id),
        Value::Int(at),
    ]
}

/// PostgreSQL: COPY the batch into a temporary table, then insert what is new, in one transaction.
async fn import_with_copy(
    pg: &sqlx::PgPool,
    records: &[Keyed<'_>],
    source_name: &str,
    format: &str,
    user_id: Option<i64>,
    dry_run: bool,
    audit: Option<ImportAudit<'_>>,
) -> Result<ImportOutcome, StoreError> {
    let mut tx = pg.begin().await?;
    let at = now();
    let import_id: i64 = sqlx::query_scalar(
        "INSERT INTO imports (source_name, format, rows_read, added, duplicates, user_id, created_at) \
         VALUES ($1, $2, $3, 0, 0, $4, $5) RETURNING id",
    )
    .bind(source_name)
    .bind(format)
    .bind(records.len() as i64)
    .bind(user_id)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    let columns = COLUMNS.join(", ");
    sqlx::query(&format!(
        "CREATE TEMPORARY TABLE incoming ON COMMIT DROP AS SELECT {columns} FROM incidents WITH NO DATA"
    ))
    .execute(&mut *tx)
    .await?;
    let mut copy = tx
        .copy_in_raw(&format!(
            "COPY incoming ({columns}) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (control_methods))"
        ))
        .await?;
    let mut buffer = Vec::with_capacity(1 << 20);
    for chunk in records.chunks(4096) {
        buffer.clear();
        {
            let mut w = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(&mut buffer);
            for r in chunk {
                let row = row_values(r, import_id, at);
                w.write_record(row.iter().map(Value::csv_text))
                    .map_err(|e| StoreError::Sqlx(sqlx::Error::Protocol(e.to_string())))?;
            }
            w.flush()
                .map_err(|e| StoreError::Sqlx(sqlx::Error::Io(e)))?;
        }
        copy.send(buffer.as_slice()).await?;
    }
    copy.finish().await?;
    let added = sqlx::query(&format!(
        "INSERT INTO incidents ({columns}) SELECT {columns} FROM incoming ON CONFLICT (dedupe_key) DO NOTHING"
    ))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let duplicates = records.len() as u64 - added;
    sqlx::query("UPDATE imports SET added = $1, duplicates = $2 WHERE id = $3")
        .bind(added as i64)
        .bind(duplicates as i64)
        .bind(import_id)
        .execute(&mut *tx)
        .await?;
    let outcome = ImportOutcome {
        import_id: (!dry_run).then_some(import_id),
        rows: records.len() as u64,
        added,
        duplicates,
        dry_run,
    };
    if dry_run {
        tx.rollback().await?;
    } else {
        if let Some(audit) = audit {
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
    }
    Ok(outcome)
}

/// SQLite: one IMMEDIATE transaction on a plain connection, one prepared INSERT executed per record in
/// dedupe-key order (so the unique index grows at its end).
fn import_with_sqlite(
    mut conn: rusqlite::Connection,
    records: &[Keyed<'_>],
    source_name: &str,
    format: &str,
    user_id: Option<i64>,
    dry_run: bool,
    audit: Option<ImportAudit<'_>>,
) -> Result<ImportOutcome, StoreError> {
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "cache_size", -65536)?;
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let at = now();
    tx.execute(
        "INSERT INTO imports (source_name, format, rows_read, added, duplicates, user_id, created_at) \
         VALUES (?1, ?2, ?3, 0, 0, ?4, ?5)",
        rusqlite::params![source_name, format, records.len() as i64, user_id, at],
    )?;
    let import_id = tx.last_insert_rowid();
    let mut order: Vec<&Keyed<'_>> = records.iter().collect();
    order.sort_unstable_by(|a, b| a.key.cmp(&b.key));
    let mut added = 0u64;
    {
        let placeholders = vec!["?"; COLUMNS.len()].join(", ");
        let mut stmt = tx.prepare(&format!(
            "INSERT INTO incidents ({}) VALUES ({placeholders}) ON CONFLICT (dedupe_key) DO NOTHING",
            COLUMNS.join(", ")
        ))?;
        for r in order {
            let row = row_values(r, import_id, at);
            added += stmt.execute(rusqlite::params_from_iter(row.iter()))? as u64;
        }
    }
    let duplicates = records.len() as u64 - added;
    tx.execute(
        "UPDATE imports SET added = ?1, duplicates = ?2 WHERE id = ?3",
        rusqlite::params![added as i64, duplicates as i64, import_id],
    )?;
    let outcome = ImportOutcome {
        import_id: (!dry_run).then_some(import_id),
        rows: records.len() as u64,
        added,
        duplicates,
        dry_run,
    };
    if dry_run {
        tx.rollback()?;
    } else {
        if let Some(audit) = audit {
            let r = audit(&outcome);
            tx.execute(
                super::audit::INSERT,
                rusqlite::params![r.at, r.user_id, r.action, r.subject, r.detail],
            )?;
        }
        tx.commit()?;
    }
    Ok(outcome)
}
