//! The database edge: the pool, migrations, and the queries, one file per aggregate.
//!
//! One schema in two dialects (`migrations/sqlite`, `migrations/postgres`). Queries are written once in
//! the SQL both dialects share, with `$1`-style parameters (SQLite accepts them too), and run through
//! sqlx's `Any` driver; the few places where the dialects differ ask [`Store::backend`].

pub mod audiences;
pub mod audit;
pub mod campaigns;
pub mod content;
pub mod incidents;
pub mod jobs;
pub mod measure;
pub mod outbox;
pub mod packs;
pub mod partners;
pub mod reports;
pub mod sessions;
pub mod subscribers;
pub mod surveys;
pub mod tokens;
pub mod users;

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, ConnectOptions, Connection, Executor};

use crate::config::{Config, mask_secret};

pub use self::audit::AuditRecord;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// Errors from the database edge. The URL in a message is always masked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot reach the database at {url}: {reason}")]
    Unreachable { url: String, reason: String },
    #[error("cannot create the data folder {path}: {reason}")]
    DataDir { path: String, reason: String },
    #[error("the data folder {path} is read-only: Beacon must be able to write its database there")]
    ReadOnlyDataDir { path: String },
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl StoreError {
    /// The unique constraint this error violated, named the same way on both backends: PostgreSQL's
    /// constraint name (`users_email_key`) or, on SQLite, which names no constraint, the `table.column`
    /// its message gives (`users.email`). The application layer maps these to the field at fault.
    pub fn violated_unique(&self) -> Option<String> {
        let StoreError::Sqlx(sqlx::Error::Database(e)) = self else {
            return None;
        };
        if e.kind() != sqlx::error::ErrorKind::UniqueViolation {
            return None;
        }
        if let Some(name) = e.constraint() {
            return Some(name.to_string());
        }
        // SQLite: "UNIQUE constraint failed: users.email" (or "t.a, t.b" for a composite key).
        e.message()
            .split_once("constraint failed: ")
            .map(|(_, target)| target.trim().to_string())
    }

    /// The database could not be reached or could not store (disk full, I/O error, read-only, busy past its
    /// timeout, connection lost, server shutting down): nothing was written, and trying again later may work.
    pub fn is_unavailable(&self) -> bool {
        match self {
            StoreError::Unreachable { .. } => true,
            StoreError::Sqlx(e) => sqlx_unavailable(e),
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => matches!(
                e.code,
                rusqlite::ErrorCode::DiskFull
                    | rusqlite::ErrorCode::SystemIoFailure
                    | rusqlite::ErrorCode::CannotOpen
                    | rusqlite::ErrorCode::ReadOnly
                    | rusqlite::ErrorCode::DatabaseBusy
                    | rusqlite::ErrorCode::DatabaseLocked
            ),
            _ => false,
        }
    }

    /// A unique or check constraint was violated (the caller maps it to 409 or 422).
    pub fn is_constraint_violation(&self) -> bool {
        match self {
            StoreError::Sqlx(sqlx::Error::Database(e)) => matches!(
                e.kind(),
                sqlx::error::ErrorKind::UniqueViolation
                    | sqlx::error::ErrorKind::CheckViolation
                    | sqlx::error::ErrorKind::ForeignKeyViolation
                    | sqlx::error::ErrorKind::NotNullViolation
            ),
            _ => false,
        }
    }
}

fn sqlx_unavailable(e: &sqlx::Error) -> bool {
    match e {
        // A protocol error is a stream cut mid-message: the connection, not the request, is at fault.
        sqlx::Error::Io(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => {
            let code = db.code().unwrap_or_default();
            // SQLite's primary result code is the low byte of its extended code: BUSY 5, LOCKED 6,
            // READONLY 8, IOERR 10, FULL 13, CANTOPEN 14.
            if let Ok(n) = code.parse::<i32>() {
                return matches!(n & 0xff, 5 | 6 | 8 | 10 | 13 | 14);
            }
            // PostgreSQL: connection exceptions (08), insufficient resources (53: disk full, out of
            // memory, too many connections), operator intervention (57P: shutting down), read-only
            // transaction (25006).
            code.starts_with("08")
                || code.starts_with("53")
                || code.starts_with("57P")
                || code == "25006"
        }
        _ => false,
    }
}

/// The shared handle on the database.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// A native PostgreSQL pool for what the `Any` driver cannot do (COPY for bulk imports).
    pg: Option<sqlx::PgPool>,
    /// PostgreSQL: the connections that LISTEN (the job worker's, the translations'), each held for the
    /// life of its listener. Kept apart from the other pools so that closing those never waits for them.
    listen: Option<sqlx::PgPool>,
    /// The SQLite file, on SQLite: bulk imports write it through a plain SQLite connection.
    sqlite_path: Option<std::path::PathBuf>,
    /// SQLite: how long a statement waits for another writer.
    busy_timeout: Duration,
}

impl Store {
    /// Connects to the configured database: PostgreSQL for a `postgres://` URL, otherwise SQLite (the
    /// embedded `<data_dir>/beacon.db` when the URL is empty), in WAL mode with foreign keys on.
    pub async fn connect(config: &Config) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let configured = config.database.url.expose();
        let (url, backend) = if configured.is_empty() {
            let dir = &config.paths.data_dir;
            std::fs::create_dir_all(dir).map_err(|e| StoreError::DataDir {
                path: dir.display().to_string(),
                reason: e.to_string(),
            })?;
            let path = config.embedded_database_path();
            (
                format!("sqlite://{}?mode=rwc", path.display()),
                Backend::Sqlite,
            )
        } else if configured.starts_with("sqlite:") {
            let url = if configured.contains("mode=") {
                configured.to_string()
            } else if configured.contains('?') {
                format!("{configured}&mode=rwc")
            } else {
                format!("{configured}?mode=rwc")
            };
            (url, Backend::Sqlite)
        } else {
            (configured.to_string(), Backend::Postgres)
        };
        if backend == Backend::Sqlite && !url.contains("mode=ro") {
            check_writable(&sqlite_file(&url))?;
        }
        let shown = mask_secret(&url);
        let unreachable = |e: sqlx::Error| StoreError::Unreachable {
            url: shown.clone(),
            reason: one_line(&e),
        };
        let options = AnyConnectOptions::from_str(&url)
            .map_err(unreachable)?
            .disable_statement_logging();
        let busy_ms = config.database.busy_timeout_ms;
        let pool = AnyPoolOptions::new()
            .max_connections(config.database.max_connections)
            .acquire_timeout(Duration::from_secs(config.database.connect_timeout_seconds))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute(
                            format!(
                                "PRAGMA busy_timeout = {busy_ms}; PRAGMA journal_mode = WAL; \
                                 PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; \
                                 PRAGMA cache_size = -65536;"
                            )
                            .as_str(),
                        )
                        .await?;
                    } else {
                        // PostgreSQL's notices (such as "relation … already exists, skipping" from every
                        // migration run) are not Beacon's to show: a command's error stays one line.
                        conn.execute("SET client_min_messages = warning").await?;
                    }
                    Ok(())
                })
            })
            // A connection whose commit failed (a full disk, say) can come back still inside its
            // transaction; handed out again, every later BEGIN on it would fail. Such a connection is
            // closed instead of being reused.
            .after_release(|conn, _meta| Box::pin(async move { Ok(!conn.is_in_transaction()) }))
            .before_acquire(|conn, _meta| Box::pin(async move { Ok(!conn.is_in_transaction()) }))
            .connect_with(options)
            .await
            .map_err(unreachable)?;
        let pg = if backend == Backend::Postgres {
            let options = sqlx::postgres::PgConnectOptions::from_str(&url)
                .map_err(unreachable)?
                .options([("client_min_messages", "warning")])
                .disable_statement_logging();
            Some(
                sqlx::postgres::PgPoolOptions::new()
                    .max_connections(2)
                    .acquire_timeout(Duration::from_secs(config.database.connect_timeout_seconds))
                    .connect_lazy_with(options),
            )
        } else {
            None
        };
        let listen = if backend == Backend::Postgres {
            let options = sqlx::postgres::PgConnectOptions::from_str(&url)
                .map_err(unreachable)?
                .disable_statement_logging();
            Some(
                sqlx::postgres::PgPoolOptions::new()
                    .max_connections(2)
                    .acquire_timeout(Duration::from_secs(config.database.connect_timeout_seconds))
                    .connect_lazy_with(options),
            )
        } else {
            None
        };
        let sqlite_path = (backend == Backend::Sqlite).then(|| sqlite_file(&url));
        Ok(Self {
            pool,
            backend,
            pg,
            listen,
            sqlite_path,
            busy_timeout: Duration::from_millis(busy_ms),
        })
    }

    /// Applies the migrations of this backend's dialect that have not run yet.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        if self.backend == Backend::Postgres {
            POSTGRES_MIGRATIONS.run(&self.pool).await?;
            return Ok(());
        }
        // SQLite changes a table's constraints only by rebuilding it (a new table, the rows copied, the old
        // one dropped, the new one renamed), which its documentation says to do with foreign keys off: on,
        // dropping the old table would break every row that refers to it. So the migrations run on one
        // connection with them off, each still in its own transaction, and every reference is checked after.
        let mut conn = self.pool.acquire().await?;
        conn.execute("PRAGMA foreign_keys = OFF").await?;
        let ran = SQLITE_MIGRATIONS.run(&mut *conn).await;
        let broken = sqlx::query("PRAGMA foreign_key_check")
            .fetch_all(&mut *conn)
            .await
            .map(|rows| rows.len());
        if conn.execute("PRAGMA foreign_keys = ON").await.is_err() {
            // Never hand out a connection that does not check references.
            drop(conn.detach());
        }
        ran?;
        match broken? {
            0 => Ok(()),
            n => Err(StoreError::Migrate(sqlx::migrate::MigrateError::Execute(
                sqlx::Error::Protocol(format!(
                    "after the migrations, {n} rows refer to rows that do not exist (PRAGMA foreign_key_check)"
                )),
            ))),
        }
    }

    /// True when the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    /// Waits for connections in use to be returned, then closes them.
    pub async fn close(&self) {
        self.pool.close().await;
        if let Some(pg) = &self.pg {
            pg.close().await;
        }
    }

    /// The SQLite file, on SQLite.
    pub fn sqlite_path(&self) -> Option<&std::path::Path> {
        self.sqlite_path.as_deref()
    }

    /// On PostgreSQL, the pool LISTEN connections come from (never closed by [`Store::close`]: a listener
    /// ends when its task does).
    pub fn listen_pool(&self) -> Option<&sqlx::PgPool> {
        self.listen.as_ref()
    }

    /// The native PostgreSQL pool, on PostgreSQL.
    pub fn pg(&self) -> Option<&sqlx::PgPool> {
        self.pg.as_ref()
    }

    /// Starts a transaction: a command writes its state and its audit entry through one, and nothing is
    /// stored unless [`Tx::commit`] succeeds.
    ///
    /// On SQLite the transaction takes the write lock when it starts (`BEGIN IMMEDIATE`), waiting up to
    /// `database.busy_timeout_ms` for another writer such as `beacon import`; one that started deferred
    /// could instead fail at its first write, however long the timeout, once another writer had committed
    /// since its first read. When the lock is still held after the timeout, it tries twice more, so a
    /// long import makes requests wait rather than fail.
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        if self.backend == Backend::Postgres {
            return Ok(Tx {
                inner: self.pool.begin().await?,
            });
        }
        let mut tries = 0;
        loop {
            match self.pool.begin_with("BEGIN IMMEDIATE").await {
                Ok(inner) => return Ok(Tx { inner }),
                Err(e) if tries < 2 && is_busy(&e) => {
                    tries += 1;
                    tracing::warn!(
                        tries,
                        "the SQLite database is locked by another writer; waiting again"
                    );
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// SQLite: how long a statement waits for another writer (`database.busy_timeout_ms`).
    pub fn busy_timeout(&self) -> Duration {
        self.busy_timeout
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The secret that keys the disclosure policy's noise: made (from `fresh`) the first time it is asked
    /// for, then the same for the life of the database, whichever instance asks first.
    pub async fn disclosure_secret(&self, fresh: &str) -> Result<String, StoreError> {
        sqlx::query(
            "INSERT INTO disclosure_secret (id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING",
        )
        .bind(fresh)
        .execute(&self.pool)
        .await?;
        let secret: String =
            sqlx::query_scalar("SELECT secret FROM disclosure_secret WHERE id = 1")
                .fetch_one(&self.pool)
                .await?;
        Ok(secret)
    }

    /// Jobs waiting to run (the queue depth reported by `/metrics`).
    pub async fn queued_jobs(&self) -> Result<i64, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE status = 'queued'")
            .fetch_one(&self.pool)
            .await?;
        Ok(n)
    }
}

/// One database transaction. Dropping it without [`Tx::commit`] rolls everything back.
pub struct Tx {
    inner: sqlx::Transaction<'static, sqlx::Any>,
}

impl Tx {
    /// The connection the transaction runs on, for queries written in this module's files.
    pub(crate) fn conn(&mut self) -> &mut sqlx::AnyConnection {
        &mut self.inner
    }

    /// How many rows of `params_per_row` values one multi-row statement should carry. On SQLite, sqlx binds
    /// each value by looking its name up among all the statement's parameters, so the cost of a statement
    /// grows with the square of its parameters: a few hundred at most. PostgreSQL takes up to 500 rows.
    pub(crate) fn rows_per_statement(&mut self, params_per_row: usize) -> usize {
        if self.conn().backend_name() == "PostgreSQL" {
            500
        } else {
            (256 / params_per_row.max(1)).max(1)
        }
    }

    /// On PostgreSQL, wakes every connection listening on `channel` when (and only if) the transaction
    /// commits; nothing on SQLite, where one process works the database.
    pub async fn notify(&mut self, channel: &str) -> Result<(), StoreError> {
        if self.conn().backend_name() == "PostgreSQL" {
            sqlx::query(&format!("NOTIFY {channel}"))
                .execute(self.conn())
                .await?;
        }
        Ok(())
    }

    /// Commits, and says so only when the database did: a failed commit is an error, never a success.
    pub async fn commit(self) -> Result<(), StoreError> {
        self.inner.commit().await?;
        Ok(())
    }
}

/// The PostgreSQL channel on which an instance that accepted a translation tells the others to rebuild
/// their bundles.
pub const LOCALES_CHANNEL: &str = "beacon_locales";

/// The current time in Unix seconds.
pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// Whether SQLite answered SQLITE_BUSY ("database is locked"), in any of its extended forms.
fn is_busy(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => {
            db.code()
                .and_then(|c| c.parse::<i32>().ok())
                .map(|c| c & 0xff)
                == Some(5)
                || db.message().contains("database is locked")
        }
        _ => false,
    }
}

/// The file of a `sqlite:` URL.
fn sqlite_file(url: &str) -> std::path::PathBuf {
    let rest = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    std::path::PathBuf::from(rest.split('?').next().unwrap_or(rest))
}

/// SQLite needs to write beside its file (the file itself, and its `-wal` and `-shm` files): a folder it
/// cannot write to is named as such, rather than as SQLite's "unable to open database file".
fn check_writable(file: &std::path::Path) -> Result<(), StoreError> {
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    let probe = dir.join(format!(".beacon-write-check-{}", std::process::id()));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(e)
            if e.kind() == std::io::ErrorKind::PermissionDenied
                || e.kind() == std::io::ErrorKind::ReadOnlyFilesystem =>
        {
            Err(StoreError::ReadOnlyDataDir {
                path: dir.display().to_string(),
            })
        }
        // Anything else (a missing folder, say) is for SQLite to report as it opens the file.
        Err(_) => Ok(()),
    }
}

/// A database error on one line, for operators.
fn one_line(e: &sqlx::Error) -> String {
    let mut text = e.to_string();
    if let sqlx::Error::Io(io) = e {
        text = io.to_string();
    }
    text.replace('\n', " ")
}
