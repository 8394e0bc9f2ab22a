//! Nothing acknowledged is lost: when the database cannot store (a full disk under SQLite, PostgreSQL gone
//! away), a request answers 503 problem+json, never a success, and every report that was acknowledged is
//! stored.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::support::{Db, TestApp, fresh_pg_database};

async fn submit(app: &TestApp, i: usize) -> reqwest::StatusCode {
    let today = time::OffsetDateTime::now_utc().date().to_string();
    let r = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
        .post(app.url("/api/v1/reports"))
        .json(
            &json!({"day": today, "latitude": 52.6 + (i % 50) as f64 * 0.01,
                      "longitude": 0.1, "category": "other", "signs": ["fear"], "locale": "en"}),
        )
        .send()
        .await
        .unwrap();
    let status = r.status();
    if status != 202 {
        assert_eq!(status, 503, "report {i}: {}", r.text().await.unwrap());
        assert_eq!(r.headers()["content-type"], "application/problem+json");
        assert!(r.headers().contains_key("retry-after"));
    }
    status
}

/// A small tmpfs mounted for the test, unmounted when dropped.
struct Tmpfs(tempfile::TempDir);

impl Tmpfs {
    fn mount(size: &str) -> Option<Self> {
        let dir = tempfile::tempdir().ok()?;
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(Tmpfs(dir))
    }

    /// Takes every free byte of the file system.
    fn fill(&self) -> std::path::PathBuf {
        use std::io::Write;
        let path = self.0.path().join("filler");
        let mut f = std::fs::File::create(&path).unwrap();
        let block = vec![0u8; 4096];
        while f.write_all(&block).is_ok() {}
        let _ = f.flush();
        path
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(self.0.path())
            .status();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_under_sqlite_acknowledges_only_what_it_stored() {
    let Some(disk) = Tmpfs::mount("3m") else {
        // Mounting needs root (the test command runs as root in CI); say so rather than pass silently.
        eprintln!("SKIPPED: cannot mount a tmpfs here (not root?)");
        return;
    };
    let data = disk.0.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let app = TestApp::spawn_on_with(
        Db::Sqlite,
        &data,
        None,
        &[("BEACON_REPORTS__SUBMISSIONS_PER_HOUR", "100000")],
    )
    .await;
    let mut acknowledged = 0;
    for i in 0..5 {
        assert_eq!(submit(&app, i).await, 202);
        acknowledged += 1;
    }
    let filler = disk.fill();
    let mut refused = 0;
    let started = std::time::Instant::now();
    for i in 5..400 {
        match submit(&app, i).await.as_u16() {
            202 => acknowledged += 1,
            _ => refused += 1,
        }
        if refused == 3 {
            break;
        }
    }
    eprintln!(
        "full disk: {acknowledged} acknowledged, {refused} refused in {:?}",
        started.elapsed()
    );
    assert!(refused > 0, "the full disk never refused a report");
    std::fs::remove_file(filler).unwrap();
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM community_reports")
        .fetch_one(app.store().pool())
        .await
        .unwrap();
    assert_eq!(stored, acknowledged, "{refused} refused");
    // With room again, reports are taken again.
    let mut again = None;
    for attempt in 0..20 {
        if submit(&app, 1000 + attempt).await == 202 {
            again = Some(attempt);
            break;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    eprintln!("taken again after {again:?} attempts");
    assert!(
        again.is_some(),
        "reports are refused after the disk has room again"
    );
    app.stop().await.unwrap();
}

/// A TCP relay to PostgreSQL that can be cut, as a stopped server or a lost network would.
struct Relay {
    port: u16,
    tasks: Arc<Mutex<Vec<JoinHandle<()>>>>,
    accept: Mutex<Option<JoinHandle<()>>>,
}

impl Relay {
    async fn start(target: String) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let tasks: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
        let held = tasks.clone();
        let accept = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let target = target.clone();
                let task = tokio::spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                held.lock().unwrap().push(task);
            }
        });
        Relay {
            port,
            tasks,
            accept: Mutex::new(Some(accept)),
        }
    }

    /// Cuts every connection and refuses new ones; returns once they are all closed.
    async fn cut(&self) {
        let accept = self.accept.lock().unwrap().take();
        if let Some(accept) = accept {
            accept.abort();
            let _ = accept.await;
        }
        let tasks: Vec<JoinHandle<()>> = self.tasks.lock().unwrap().drain(..).collect();
        for t in &tasks {
            t.abort();
        }
        for t in tasks {
            let _ = t.await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_going_away_acknowledges_only_what_it_stored() {
    let url = fresh_pg_database().await;
    let mut parsed = url::Url::parse(&url).unwrap();
    let target = format!(
        "{}:{}",
        parsed.host_str().unwrap(),
        parsed.port().unwrap_or(5432)
    );
    let relay = Relay::start(target).await;
    parsed.set_host(Some("127.0.0.1")).unwrap();
    parsed.set_port(Some(relay.port)).unwrap();
    let relayed = parsed.to_string();
    let app = TestApp::spawn_with(
        Db::Sqlite,
        &[
            ("BEACON_DATABASE__URL", relayed.as_str()),
            ("BEACON_DATABASE__CONNECT_TIMEOUT_SECONDS", "2"),
            ("BEACON_REPORTS__SUBMISSIONS_PER_HOUR", "100000"),
        ],
    )
    .await;
    let mut acknowledged = 0i64;
    for i in 0..5 {
        assert_eq!(submit(&app, i).await, 202);
        acknowledged += 1;
    }
    relay.cut().await;
    let mut refused = 0;
    for i in 5..10 {
        match submit(&app, i).await.as_u16() {
            202 => acknowledged += 1,
            _ => refused += 1,
        }
    }
    assert_eq!(refused, 5, "PostgreSQL is gone: nothing can be stored");
    // /readyz says so too.
    let ready = reqwest::get(app.url("/readyz")).await.unwrap();
    assert_eq!(ready.status(), 503);
    let stored: i64 = {
        use sqlx::Connection;
        let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
        sqlx::query_scalar("SELECT COUNT(*) FROM community_reports")
            .fetch_one(&mut conn)
            .await
            .unwrap()
    };
    assert_eq!(stored, acknowledged);
    app.stop().await.ok();
}
