//! `/healthz` latency while four campaigners post 1M-position regions at once (reliability issue, item 3):
//! the app on SQLite in a temporary folder, four regions (a jagged star of 1,000,000 positions each, about
//! 40 MB of JSON) posted together while `/healthz` is asked every 10 ms until they are all stored.
//!
//! Run: `cargo bench --bench healthz`. Prints the latencies; the figures are in BENCHMARKS.md.

use std::time::{Duration, Instant};

use beacon::accounts::{EmailAddress, Role};
use beacon::app::App;
use beacon::audience::regions::star_ring;
use beacon::config::{Config, Overrides};

fn main() {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
        .block_on(run());
}

async fn run() {
    let dir = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let env: Vec<(String, String)> = [
        ("BEACON_SERVER__BIND", "127.0.0.1:0".to_string()),
        ("BEACON_PATHS__DATA_DIR", dir.path().display().to_string()),
        ("BEACON_PATHS__TEMPLATES", format!("{root}/templates")),
        ("BEACON_PATHS__LOCALES", format!("{root}/locales")),
        ("BEACON_AUTH__ARGON2_MEMORY_KIB", "64".into()),
        ("BEACON_AUTH__ARGON2_ITERATIONS", "1".into()),
        ("BEACON_LOG__LEVEL", "warn".into()),
        ("BEACON_SERVER__BODY_LIMIT_BYTES", "200000000".into()),
        ("BEACON_AUDIENCE__MAX_REGION_VERTICES", "2000000".into()),
        ("BEACON_AUDIENCE__REGION_CHECK_MS", "120000".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let config = Config::load_from(&Overrides::default(), &env).unwrap();
    let app = App::build(config).await.unwrap();
    let base = format!("http://{}", app.local_addr());
    let state = app.state().clone();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run(async move {
        let _ = stopped.await;
    }));

    // A campaigner's API token.
    let store = &state.services.store;
    let hash = state
        .services
        .passwords
        .hash("a long enough password")
        .unwrap();
    let email = EmailAddress::parse("campaigner@bench.example").unwrap();
    let mut tx = store.begin().await.unwrap();
    let user = tx
        .create_user(&email, Role::Campaigner, None, &hash, 0)
        .await
        .unwrap();
    let token = "bcn_bench_healthz_token_0123456789abcdef".to_string();
    tx.create_token(user.id, "bench", &token, 0).await.unwrap();
    tx.commit().await.unwrap();

    let bodies: Vec<Vec<u8>> = (0..4)
        .map(|i| {
            serde_json::to_vec(
                &serde_json::json!({"name": format!("star {i}"), "resolution": 8,
                "source": {"kind": "geojson", "geojson": {"type": "Polygon",
                "coordinates": [star_ring(1_000_000, [0.3, 52.7], 0.05)]}}}),
            )
            .unwrap()
        })
        .collect();
    let client = reqwest::Client::new();
    // Unloaded /healthz first.
    let mut idle = Vec::new();
    for _ in 0..100 {
        let t = Instant::now();
        assert_eq!(
            client
                .get(format!("{base}/healthz"))
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
        idle.push(t.elapsed());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let started = Instant::now();
    let posts: Vec<_> = bodies
        .into_iter()
        .map(|body| {
            let (client, url, token) = (
                client.clone(),
                format!("{base}/api/v1/regions"),
                token.clone(),
            );
            tokio::spawn(async move {
                let r = client
                    .post(url)
                    .bearer_auth(token)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await
                    .unwrap();
                let status = r.status().as_u16();
                (status, r.text().await.unwrap(), started.elapsed())
            })
        })
        .collect();
    let mut busy = Vec::new();
    while !posts.iter().all(|p| p.is_finished()) {
        let t = Instant::now();
        let r = client.get(format!("{base}/healthz")).send().await.unwrap();
        assert_eq!(r.status(), 200);
        busy.push(t.elapsed());
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    for p in posts {
        let (status, text, took) = p.await.unwrap();
        assert_eq!(status, 201, "{text}");
        println!("region stored after {:.2} s", took.as_secs_f64());
    }
    let report = |name: &str, mut v: Vec<Duration>| {
        v.sort();
        let at = |q: f64| v[((v.len() as f64 * q).ceil() as usize).clamp(1, v.len()) - 1];
        println!(
            "/healthz {name}: {} requests, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            v.len(),
            at(0.5).as_secs_f64() * 1e3,
            at(0.99).as_secs_f64() * 1e3,
            v.last().unwrap().as_secs_f64() * 1e3
        );
    };
    report("idle", idle);
    report("while four 1M-position regions are checked", busy);
    let _ = stop.send(());
    server.await.unwrap().unwrap();
}
