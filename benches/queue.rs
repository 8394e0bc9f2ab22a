//! The job queue's speed: how many trivial jobs per second it runs, and how long a job waits between its
//! run-at time and its end (a trivial job ends as it starts), at p50 and p99.
//!
//! - Throughput: `BENCH_JOBS` probe jobs (default 10,000) are queued with no worker running, then the
//!   workers start and the time until the last is done is measured.
//! - Latency: with the workers idle, one job at a time is queued to run now, 300 times, and its finish
//!   time is read from the queue. On PostgreSQL the job is queued by a third instance that runs no worker,
//!   so the workers are woken by `NOTIFY`, as across machines.
//!
//! `cargo bench --bench queue` runs it on SQLite (one process works the queue); with
//! `BENCH_PG_URL=postgres://…/db` (an empty database) it runs on PostgreSQL with two instances sharing it.

use std::sync::Arc;
use std::time::{Duration, Instant};

use beacon::config::{Config, Overrides};
use beacon::services::jobs::JobKind;
use beacon::services::{Services, SystemClock};
use beacon::store::Store;
use beacon::store::jobs::NewJob;

async fn instance(env: &[(String, String)]) -> Services {
    let config = Config::load_from(&Overrides::default(), env).expect("config");
    let store = Store::connect(&config).await.expect("database");
    store.migrate().await.expect("migrations");
    Services::new(store, config, Arc::new(SystemClock)).expect("services")
}

async fn count_done(s: &Services) -> i64 {
    s.store
        .job_counts()
        .await
        .unwrap()
        .into_iter()
        .find(|(st, _)| st == "done")
        .map_or(0, |(_, n)| n)
}

fn percentile(sorted: &[i64], p: f64) -> i64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let jobs: i64 = std::env::var("BENCH_JOBS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let pg = std::env::var("BENCH_PG_URL").ok();
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut env: Vec<(String, String)> = vec![
        (
            "BEACON_PATHS__DATA_DIR".into(),
            dir.path().display().to_string(),
        ),
        (
            "BEACON_PATHS__LOCALES".into(),
            root.join("locales").display().to_string(),
        ),
        ("BEACON_LOG__LEVEL".into(), "warn".into()),
        ("BEACON_JOBS__CONCURRENCY".into(), "32".into()),
        ("BEACON_JOBS__BATCH".into(), "64".into()),
    ];
    if let Some(url) = &pg {
        env.push(("BEACON_DATABASE__URL".into(), url.clone()));
    }
    let backend = if pg.is_some() {
        "postgres, 2 instances"
    } else {
        "sqlite, 1 process"
    };
    let workers: Vec<Services> = if pg.is_some() {
        vec![instance(&env).await, instance(&env).await]
    } else {
        vec![instance(&env).await]
    };
    let producer = if pg.is_some() {
        instance(&env).await
    } else {
        workers[0].clone()
    };

    // Throughput: queue everything first, in transactions of 1,000.
    let payload = JobKind::Probe {
        sleep_ms: 0,
        fail: false,
    }
    .payload();
    let now = beacon::services::jobs::now_ms(&producer);
    let mut queued = 0;
    while queued < jobs {
        let mut tx = producer.store.begin().await.unwrap();
        for _ in 0..1000.min(jobs - queued) {
            tx.enqueue(
                &NewJob {
                    kind: "probe",
                    payload: &payload,
                    idempotency_key: None,
                    run_at_ms: now,
                    max_attempts: 3,
                },
                now,
            )
            .await
            .unwrap();
            queued += 1;
        }
        tx.commit().await.unwrap();
    }
    let start = Instant::now();
    let mut stops = Vec::new();
    for (i, w) in workers.iter().enumerate() {
        let (stop_tx, stop) = beacon::worker::Stop::new();
        stops.push(stop_tx);
        tokio::spawn(beacon::worker::run(w.clone(), format!("bench-{i}"), stop));
    }
    while count_done(&producer).await < jobs {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let elapsed = start.elapsed();
    println!(
        "queue throughput ({backend}): {jobs} jobs in {:.2} s = {:.0} jobs/s",
        elapsed.as_secs_f64(),
        jobs as f64 / elapsed.as_secs_f64()
    );

    // Latency: one job at a time, the workers idle.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut waits = Vec::new();
    for _ in 0..300 {
        let id = producer
            .jobs()
            .enqueue(
                &JobKind::Probe {
                    sleep_ms: 0,
                    fail: false,
                },
                None,
                None,
            )
            .await
            .unwrap();
        loop {
            let job = producer.store.job(id).await.unwrap().unwrap();
            if let Some(done) = job.finished_at_ms {
                waits.push(done - job.run_at_ms);
                break;
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    waits.sort_unstable();
    println!(
        "queue latency ({backend}): run-at to done p50 {} ms, p99 {} ms, max {} ms over {} jobs",
        percentile(&waits, 0.5),
        percentile(&waits, 0.99),
        waits.last().unwrap(),
        waits.len()
    );
    for s in stops {
        let _ = s.send(true);
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
}
