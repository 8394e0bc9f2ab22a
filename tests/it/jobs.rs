//! The durable job queue: each job runs once, a failing job ends in the dead letter after its attempts and
//! an administrator retries it, an idempotency key makes one job of two, two instances share one
//! PostgreSQL queue, and a worker killed mid-job loses its lease to another that finishes the job.

use std::time::{Duration, Instant};

use beacon::accounts::Role;
use beacon::config::{Config, Overrides};
use beacon::services::jobs::JobKind;
use beacon::services::{Services, SystemClock};
use beacon::store::Store;
use beacon::store::jobs::JobRow;

use crate::support::{Db, TestApp, fresh_pg_database, serve_until_worker_runs, test_env};
use crate::{both_backends, once};

/// Fast retries, so that a failing job reaches the dead letter within a test.
const QUICK: &[(&str, &str)] = &[
    ("BEACON_JOBS__BACKOFF_BASE_MS", "20"),
    ("BEACON_JOBS__BACKOFF_MAX_MS", "100"),
    ("BEACON_JOBS__MAX_ATTEMPTS", "3"),
    ("BEACON_JOBS__POLL_MS", "100"),
    ("BEACON_JOBS__LEASE_MS", "2000"),
];

/// Waits until `done` holds of the queue's jobs, or fails after `limit`.
async fn wait_for(store: &Store, limit: Duration, done: impl Fn(&[JobRow]) -> bool) -> Vec<JobRow> {
    let start = Instant::now();
    loop {
        let jobs = store.jobs(None, 5000).await.unwrap();
        if done(&jobs) {
            return jobs;
        }
        assert!(
            start.elapsed() < limit,
            "the queue did not settle in {limit:?}: {:?}",
            store.job_counts().await.unwrap()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn all_finished(jobs: &[JobRow]) -> bool {
    !jobs.is_empty()
        && jobs
            .iter()
            .all(|j| j.status == "done" || j.status == "dead")
}

async fn jobs_run_once_and_failures_reach_the_dead_letter(db: Db) {
    let app = TestApp::spawn_with(db, QUICK).await;
    let jobs = app.state.services.jobs();
    let probe = JobKind::Probe {
        sleep_ms: 0,
        fail: false,
    };
    for _ in 0..100 {
        jobs.enqueue(&probe, None, None).await.unwrap();
    }
    // The same key twice is one job.
    let a = jobs.enqueue(&probe, Some("same-work"), None).await.unwrap();
    let b = jobs.enqueue(&probe, Some("same-work"), None).await.unwrap();
    assert_eq!(a, b);
    let failing = JobKind::Probe {
        sleep_ms: 0,
        fail: true,
    };
    let dead = jobs.enqueue(&failing, None, None).await.unwrap();
    let settled = wait_for(app.store(), Duration::from_secs(60), all_finished).await;
    assert_eq!(settled.len(), 102);
    for j in &settled {
        if j.id == dead {
            assert_eq!(j.status, "dead");
            assert_eq!(j.attempts, 3, "tried max_attempts times");
            assert!(j.last_error.as_deref().unwrap().contains("asked to fail"));
        } else {
            assert_eq!(j.status, "done", "{j:?}");
            assert_eq!(j.attempts, 1, "ran once: {j:?}");
        }
    }

    // An administrator sees the dead letter and retries from it; others may not.
    let admin = app.token("admin@test.example", Role::Admin, None).await;
    let campaigner = app
        .token("campaigner@test.example", Role::Campaigner, None)
        .await;
    let client = TestApp::client();
    let view: serde_json::Value = client
        .get(app.url("/api/v1/jobs?status=dead"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(view["jobs"].as_array().unwrap().len(), 1);
    assert_eq!(view["jobs"][0]["id"], dead);
    let r = client
        .post(app.url(&format!("/api/v1/jobs/{dead}/retry")))
        .bearer_auth(&campaigner)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let done_job = settled.iter().find(|j| j.status == "done").unwrap().id;
    let r = client
        .post(app.url(&format!("/api/v1/jobs/{done_job}/retry")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409, "only a dead job is retried");
    let r = client
        .post(app.url(&format!("/api/v1/jobs/{dead}/retry")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // It fails again, three more attempts, and is dead again; the retry is in the audit log.
    wait_for(app.store(), Duration::from_secs(60), |jobs| {
        jobs.iter()
            .any(|j| j.id == dead && j.status == "dead" && j.attempts == 3)
    })
    .await;
    let audit = app.store().audit_entries(50).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "job.retry"));

    // The page shows the dead letter with its retry button.
    let password = app.user("admin2@test.example", Role::Admin, None).await;
    let browser = app.login("admin2@test.example", &password).await;
    let html = browser
        .get(app.url("/admin/jobs?status=dead"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(&format!("/admin/jobs/{dead}/retry")),
        "{html}"
    );
    assert!(html.contains("asked to fail"));
    app.stop().await.unwrap();
}
both_backends!(jobs_run_once_and_failures_reach_the_dead_letter);

/// Services on a database, without a server or worker: what a second process enqueuing work would hold.
async fn services_on(env: &[(String, String)]) -> Services {
    let config = Config::load_from(&Overrides::default(), env).unwrap();
    let store = Store::connect(&config).await.unwrap();
    store.migrate().await.unwrap();
    Services::new(store, config, std::sync::Arc::new(SystemClock)).unwrap()
}

async fn two_instances_share_one_postgresql_queue(_db: Db) {
    let url = fresh_pg_database().await;
    let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
    let mut apps = Vec::new();
    for dir in &dirs {
        apps.push(TestApp::spawn_on_with(Db::Postgres, dir.path(), Some(url.clone()), QUICK).await);
    }
    let jobs = apps[0].state.services.jobs();
    let probe = JobKind::Probe {
        sleep_ms: 0,
        fail: false,
    };
    for _ in 0..1000 {
        jobs.enqueue(&probe, None, None).await.unwrap();
    }
    let settled = wait_for(apps[0].store(), Duration::from_secs(120), |jobs| {
        jobs.len() == 1000 && jobs.iter().all(|j| j.status == "done")
    })
    .await;
    assert!(
        settled.iter().all(|j| j.attempts == 1),
        "every job ran exactly once"
    );
    let holders: std::collections::BTreeSet<_> = settled
        .iter()
        .filter_map(|j| j.lease_holder.clone())
        .collect();
    assert_eq!(
        holders.len(),
        2,
        "both instances worked the queue: {holders:?}"
    );
    for app in apps {
        app.stop().await.unwrap();
    }
}
once!(two_instances_share_one_postgresql_queue);

async fn a_killed_worker_loses_its_lease_and_the_job_completes_elsewhere(db: Db) {
    let dir = tempfile::tempdir().unwrap();
    let mut env = test_env(db, dir.path()).await;
    env.extend(
        [
            ("BEACON_JOBS__LEASE_MS", "1500"),
            ("BEACON_JOBS__POLL_MS", "100"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string())),
    );
    // Instance A, a real process, starts a long job.
    let mut a = serve_until_worker_runs(&env).await;
    let services = services_on(&env).await;
    let long = JobKind::Probe {
        sleep_ms: 4000,
        fail: false,
    };
    let id = services.jobs().enqueue(&long, None, None).await.unwrap();
    let pid = a.id().unwrap();
    let running = wait_for(&services.store, Duration::from_secs(30), |jobs| {
        jobs.iter().any(|j| j.id == id && j.status == "running")
    })
    .await;
    let first = running.iter().find(|j| j.id == id).unwrap().clone();
    assert!(
        first
            .lease_holder
            .as_deref()
            .unwrap()
            .contains(&format!(":{pid}:")),
        "A holds it: {first:?}"
    );
    // SIGKILL: no clean shutdown, the lease is simply never renewed.
    a.start_kill().unwrap();
    a.wait().await.unwrap();
    // Instance B takes the job once the lease runs out, and finishes it.
    let mut extra: Vec<(&str, &str)> = vec![
        ("BEACON_JOBS__LEASE_MS", "1500"),
        ("BEACON_JOBS__POLL_MS", "100"),
    ];
    let url = env
        .iter()
        .find(|(k, _)| k == "BEACON_DATABASE__URL")
        .map(|(_, v)| v.clone());
    extra.push(("BEACON_SERVER__SHUTDOWN_GRACE_SECONDS", "5"));
    let b = TestApp::spawn_on_with(db, dir.path(), url, &extra).await;
    let done = wait_for(b.store(), Duration::from_secs(60), |jobs| {
        jobs.iter().any(|j| j.id == id && j.status == "done")
    })
    .await;
    let job = done.iter().find(|j| j.id == id).unwrap();
    assert_eq!(job.attempts, 2, "A's attempt and B's: {job:?}");
    assert_ne!(job.lease_holder, first.lease_holder, "B finished it");
    b.stop().await.unwrap();
}
both_backends!(a_killed_worker_loses_its_lease_and_the_job_completes_elsewhere);

async fn a_translation_accepted_by_one_instance_shows_in_the_other(_db: Db) {
    let url = fresh_pg_database().await;
    let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
    let a = TestApp::spawn_on_with(Db::Postgres, dirs[0].path(), Some(url.clone()), QUICK).await;
    let b = TestApp::spawn_on_with(Db::Postgres, dirs[1].path(), Some(url), QUICK).await;
    let translator = a
        .token("translator@test.example", Role::Translator, None)
        .await;
    let shipped = std::fs::read_to_string("locales/lt/ui.ftl").unwrap();
    let changed = shipped.replace(
        "\nlogin-title = Prisijungimas\n",
        "\nlogin-title = Prisijungimas prie Beacon\n",
    );
    assert!(
        shipped != changed,
        "the shipped title is as the test expects"
    );
    let r = TestApp::client()
        .put(a.url("/api/v1/locales/lt/ui.ftl"))
        .bearer_auth(&translator)
        .body(changed)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let start = Instant::now();
    loop {
        let html = TestApp::client()
            .get(b.url("/login?lang=lt"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if html.contains("Prisijungimas prie Beacon") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the other instance still shows the old text"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    a.stop().await.unwrap();
    b.stop().await.unwrap();
}
once!(a_translation_accepted_by_one_instance_shows_in_the_other);
