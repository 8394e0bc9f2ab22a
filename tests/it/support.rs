//! Starting Beacon for a test, and the accounts and clients tests need.

use std::path::PathBuf;
use std::time::Duration;

use beacon::accounts::{EmailAddress, Role};
use beacon::app::App;
use beacon::config::{Config, Overrides};
use beacon::store::Store;
use beacon::web::AppState;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// Runs an `async fn(Db)` test once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! both_backends {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::support::Db::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::support::Db::Postgres).await
            }
        }
    };
}

/// Runs a test once, on SQLite: for what does not depend on the database at all (page layout in a
/// browser), where a second run on PostgreSQL would only cost time.
#[macro_export]
macro_rules! once {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::support::Db::Sqlite).await
            }
        }
    };
}

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `beacon` binary, run from the checkout with cheap password hashing and quiet logs.
pub fn beacon_command() -> tokio::process::Command {
    let mut c = tokio::process::Command::new(env!("CARGO_BIN_EXE_beacon"));
    c.current_dir(manifest_dir())
        .env("BEACON_AUTH__ARGON2_MEMORY_KIB", "64")
        .env("BEACON_AUTH__ARGON2_ITERATIONS", "1")
        .env("BEACON_LOG__LEVEL", "warn")
        .kill_on_drop(true);
    c
}

/// The PostgreSQL server the test command started (or found); each test makes its own database there.
pub fn pg_admin_url() -> String {
    std::env::var("BEACON_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string())
}

/// Creates an empty PostgreSQL database and returns its URL.
pub async fn fresh_pg_database() -> String {
    use sqlx::Connection;
    let admin = pg_admin_url();
    let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap_or_else(|e| {
        panic!(
            "PostgreSQL does not answer at {admin} ({e}); run the tests with scripts/test, which starts it"
        )
    });
    let name = format!("beacon_test_{}", uuid::Uuid::new_v4().simple());
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("create test database");
    conn.close().await.ok();
    let base = admin
        .rsplit_once('/')
        .map_or(admin.as_str(), |(b, _)| b)
        .to_string();
    format!("{base}/{name}")
}

/// Environment settings for a test instance.
pub async fn test_env(db: Db, data_dir: &std::path::Path) -> Vec<(String, String)> {
    let root = manifest_dir();
    let mut env = vec![
        ("BEACON_SERVER__BIND".into(), "127.0.0.1:0".into()),
        ("BEACON_SERVER__SHUTDOWN_GRACE_SECONDS".into(), "5".into()),
        (
            "BEACON_PATHS__DATA_DIR".into(),
            data_dir.display().to_string(),
        ),
        (
            "BEACON_PATHS__TEMPLATES".into(),
            root.join("templates").display().to_string(),
        ),
        (
            "BEACON_PATHS__LOCALES".into(),
            root.join("locales").display().to_string(),
        ),
        // Cheap hashing keeps tests fast; the timing test sets the real cost.
        ("BEACON_AUTH__ARGON2_MEMORY_KIB".into(), "64".into()),
        ("BEACON_AUTH__ARGON2_ITERATIONS".into(), "1".into()),
        ("BEACON_AUTH__LOGIN_ATTEMPTS_PER_MINUTE".into(), "50".into()),
        ("BEACON_DATABASE__MAX_CONNECTIONS".into(), "4".into()),
    ];
    if db == Db::Postgres {
        env.push(("BEACON_DATABASE__URL".into(), fresh_pg_database().await));
    }
    env
}

/// A running Beacon.
pub struct TestApp {
    pub base: String,
    /// The separate metrics address, when `server.metrics_bind` is set.
    pub metrics_base: Option<String>,
    pub state: AppState,
    _data_dir: tempfile::TempDir,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<anyhow::Result<()>>>,
}

impl TestApp {
    pub async fn spawn(db: Db) -> Self {
        Self::spawn_with(db, &[]).await
    }

    /// Starts Beacon on an existing data folder (and PostgreSQL database, if `url` is given).
    pub async fn spawn_on(db: Db, dir: &std::path::Path, url: Option<String>) -> Self {
        Self::spawn_on_with(db, dir, url, &[]).await
    }

    /// Starts Beacon on an existing data folder with extra `BEACON_*` settings.
    pub async fn spawn_on_with(
        db: Db,
        dir: &std::path::Path,
        url: Option<String>,
        extra: &[(&str, &str)],
    ) -> Self {
        let data_dir = tempfile::tempdir().expect("temp dir");
        let mut env = test_env(Db::Sqlite, dir).await;
        if let (Db::Postgres, Some(u)) = (db, url) {
            env.push(("BEACON_DATABASE__URL".into(), u));
        }
        for (k, v) in extra {
            env.push((k.to_string(), v.to_string()));
        }
        Self::start(env, data_dir).await
    }

    /// Starts Beacon with extra `BEACON_*` settings.
    pub async fn spawn_with(db: Db, extra: &[(&str, &str)]) -> Self {
        let data_dir = tempfile::tempdir().expect("temp dir");
        let mut env = test_env(db, data_dir.path()).await;
        for (k, v) in extra {
            env.push((k.to_string(), v.to_string()));
        }
        Self::start(env, data_dir).await
    }

    async fn start(env: Vec<(String, String)>, data_dir: tempfile::TempDir) -> Self {
        let config = Config::load_from(&Overrides::default(), &env).expect("test config");
        let app = App::build(config).await.expect("app builds");
        let base = format!("http://{}", app.local_addr());
        let metrics_base = app.metrics_addr().map(|a| format!("http://{a}"));
        let state = app.state().clone();
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(app.run(async move {
            let _ = rx.await;
        }));
        Self {
            base,
            metrics_base,
            state,
            _data_dir: data_dir,
            stop: Some(tx),
            task: Some(task),
        }
    }

    pub fn store(&self) -> &Store {
        &self.state.store
    }

    /// The app's data folder (its SQLite file, the e-mail outbox, the sandbox's state).
    pub fn data_dir(&self) -> &std::path::Path {
        self._data_dir.path()
    }

    /// Adds a partner organisation as the operator would; returns its id.
    pub async fn partner(&self, name: &str, kind: &str) -> i64 {
        self.state
            .services
            .accounts()
            .create_partner(&beacon::services::Actor::System("test"), name, kind)
            .await
            .unwrap()
            .id
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Creates an account whose password is already chosen (`password` is returned).
    pub async fn user(&self, email: &str, role: Role, partner_id: Option<i64>) -> String {
        let password = format!("pw-{email}-long-enough");
        let email = EmailAddress::parse(email).unwrap();
        let hash = self.state.services.passwords.hash(&password).unwrap();
        let mut tx = self.store().begin().await.unwrap();
        let user = tx
            .create_user(&email, role, partner_id, &hash, 0)
            .await
            .unwrap();
        tx.set_password(user.id, &hash).await.unwrap();
        tx.commit().await.unwrap();
        password
    }

    /// Creates an account and an API token for it; returns the token.
    pub async fn token(&self, email: &str, role: Role, partner_id: Option<i64>) -> String {
        self.user(email, role, partner_id).await;
        let (user, _) = self.store().user_for_login(email).await.unwrap().unwrap();
        let secret = format!("bcn_test_{}", uuid::Uuid::new_v4().simple());
        let mut tx = self.store().begin().await.unwrap();
        tx.create_token(user.id, "test", &secret, 0).await.unwrap();
        tx.commit().await.unwrap();
        secret
    }

    /// A browser-like client: keeps cookies, does not follow redirects.
    pub fn client() -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap()
    }

    /// Logs in through the login form; returns the client holding the session cookie.
    pub async fn login(&self, email: &str, password: &str) -> reqwest::Client {
        let client = Self::client();
        let response = self.submit_login(&client, email, password).await;
        assert_eq!(response.status(), 303, "login as {email} failed");
        client
    }

    /// Fetches the login form and posts it; returns the response.
    pub async fn submit_login(
        &self,
        client: &reqwest::Client,
        email: &str,
        password: &str,
    ) -> reqwest::Response {
        let page = client
            .get(self.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = hidden_field(&page, "csrf").expect("login form has a csrf field");
        client
            .post(self.url("/login"))
            .form(&[
                ("email", email),
                ("password", password),
                ("csrf", &csrf),
                ("next", "/"),
            ])
            .send()
            .await
            .unwrap()
    }

    /// Stops the server gracefully and waits for it.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        match self.task.take() {
            Some(task) => task.await.expect("server task"),
            None => Ok(()),
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

/// The value of a hidden form field `name` in a page.
pub fn hidden_field(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_string())
}

/// Reads a page and the first hidden CSRF field on it.
pub async fn page_csrf(client: &reqwest::Client, url: &str) -> String {
    let page = client.get(url).send().await.unwrap().text().await.unwrap();
    hidden_field(&page, "csrf").expect("page has a csrf field")
}

/// `beacon serve` as a real process on `env` (logging at info on standard error), once its job worker
/// runs: for tests that kill it with SIGKILL. Its log is read on until it ends.
pub async fn serve_until_worker_runs(env: &[(String, String)]) -> tokio::process::Child {
    use tokio::io::AsyncBufReadExt;
    let mut serve = beacon_command();
    serve
        .arg("serve")
        .envs(env.iter().cloned())
        .env("BEACON_LOG__LEVEL", "info")
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null());
    let mut child = serve.spawn().unwrap();
    let mut lines = tokio::io::BufReader::new(child.stderr.take().unwrap()).lines();
    tokio::time::timeout(Duration::from_secs(60), async {
        while let Some(line) = lines.next_line().await.unwrap() {
            if line.contains("the job worker is running") {
                return;
            }
        }
        panic!("beacon serve ended before its worker started");
    })
    .await
    .expect("the worker starts");
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    child
}
