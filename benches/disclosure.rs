//! Response times of the shared map and routes, through the disclosure policy, beside the unprotected
//! analyst queries that return the same kind of answer, in one run, request by request in turn:
//!
//! - `GET /api/v1/aggregates/cells.geojson?resolution=7` (evaluator: counts per cell through the policy, as
//!   GeoJSON) beside `GET /api/v1/hotspots.geojson?resolution=7` (analyst: exact counts per cell, as GeoJSON;
//!   it also runs Gi*, a few milliseconds at this size);
//! - `GET /api/v1/aggregates/routes` (through the policy) beside `GET /api/v1/routes` (analyst, exact).
//!
//! Both sides are the real app over HTTP on loopback, with their audit writes. Run with
//! `cargo bench --bench disclosure` (SQLite; `BENCH_ROWS` sets the size, default 1,000,000, and the demo's
//! incidents are measured first); `BENCH_PG_URL=postgres://…/db` (an empty database) runs it on PostgreSQL.

use std::time::{Duration, Instant};

use beacon::accounts::{EmailAddress, Role};
use beacon::app::App;
use beacon::config::{Config, Overrides};
use beacon::identify::incidents::{GeoPoint, NewIncident};
use beacon::services::Actor;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const ROUNDS: usize = 9;

async fn start(rows: usize, pg: Option<String>) -> (String, String, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut env: Vec<(String, String)> = vec![
        ("BEACON_SERVER__BIND".into(), "127.0.0.1:0".into()),
        (
            "BEACON_PATHS__DATA_DIR".into(),
            dir.path().display().to_string(),
        ),
        (
            "BEACON_PATHS__TEMPLATES".into(),
            root.join("templates").display().to_string(),
        ),
        (
            "BEACON_PATHS__LOCALES".into(),
            root.join("locales").display().to_string(),
        ),
        ("BEACON_AUTH__ARGON2_MEMORY_KIB".into(), "64".into()),
        ("BEACON_AUTH__ARGON2_ITERATIONS".into(), "1".into()),
        ("BEACON_LOG__LEVEL".into(), "warn".into()),
    ];
    if let Some(url) = pg {
        env.push(("BEACON_DATABASE__URL".into(), url));
    }
    let config = Config::load_from(&Overrides::default(), &env).expect("config");
    let app = App::build(config).await.expect("app");
    let base = format!("http://{}", app.local_addr());
    let state = app.state().clone();
    tokio::spawn(app.run(std::future::pending()));

    let mut tokens = Vec::new();
    for (email, role) in [
        ("analyst@bench.example", Role::Analyst),
        ("evaluator@bench.example", Role::Evaluator),
    ] {
        let hash = state
            .services
            .passwords
            .hash("a long bench password")
            .unwrap();
        let mut tx = state.store.begin().await.unwrap();
        let user = tx
            .create_user(&EmailAddress::parse(email).unwrap(), role, None, &hash, 0)
            .await
            .unwrap();
        let secret = format!("bcn_bench_{}", uuid::Uuid::new_v4().simple());
        tx.create_token(user.id, "bench", &secret, 0).await.unwrap();
        tx.commit().await.unwrap();
        tokens.push(secret);
    }

    // The demo's incidents, then (for more rows) copies of them at points spread over the Fens.
    let demo = beacon::demo::synthetic_incidents();
    let mut incidents: Vec<NewIncident> = Vec::with_capacity(rows.max(demo.len()));
    let mut rng = StdRng::seed_from_u64(7);
    for i in 0..rows.max(demo.len()) {
        let mut incident = demo[i % demo.len()].clone();
        if i >= demo.len() {
            incident.external_id = Some(format!("bench-{i}"));
            incident.destination.point = Some(
                GeoPoint::new(
                    52.2 + rng.gen_range(0.0..1.0),
                    -0.5 + rng.gen_range(0.0..1.2),
                )
                .unwrap(),
            );
        }
        incidents.push(incident);
    }
    if rows < demo.len() {
        incidents.truncate(demo.len());
    }
    let outcome = state
        .services
        .incidents()
        .import_batch(&Actor::System("bench"), incidents, "bench")
        .await
        .expect("import");
    println!(
        "==> {} incidents stored on {}",
        outcome.added,
        if env.iter().any(|(k, _)| k == "BEACON_DATABASE__URL") {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    );
    let analyst = tokens.remove(0);
    let evaluator = tokens.remove(0);
    (base, analyst, evaluator, dir)
}

async fn time(client: &reqwest::Client, url: &str, token: &str) -> Duration {
    let start = Instant::now();
    let r = client.get(url).bearer_auth(token).send().await.unwrap();
    assert_eq!(r.status(), 200, "{url}");
    let body = r.bytes().await.unwrap();
    assert!(!body.is_empty());
    start.elapsed()
}

async fn side_by_side(label: &str, base: &str, a: (&str, &str), b: (&str, &str)) {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(600))
        .build()
        .unwrap();
    let (a_url, a_token) = (format!("{base}{}", a.0), a.1);
    let (b_url, b_token) = (format!("{base}{}", b.0), b.1);
    // One warm-up each.
    time(&client, &a_url, a_token).await;
    time(&client, &b_url, b_token).await;
    let (mut ta, mut tb, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let x = time(&client, &a_url, a_token).await;
        let y = time(&client, &b_url, b_token).await;
        ratios.push(x.as_secs_f64() / y.as_secs_f64());
        ta.push(x.as_secs_f64() * 1e3);
        tb.push(y.as_secs_f64() * 1e3);
    }
    for v in [&mut ta, &mut tb, &mut ratios] {
        v.sort_by(f64::total_cmp);
    }
    let m = ROUNDS / 2;
    println!(
        "{label}: protected {:.1} ms, unprotected {:.1} ms (medians of {ROUNDS}); ratio per pair median {:.3} \
         (min {:.3}, max {:.3})",
        ta[m],
        tb[m],
        ratios[m],
        ratios[0],
        ratios[ROUNDS - 1]
    );
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is not used.
    let rows: usize = std::env::var("BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let pg = std::env::var("BENCH_PG_URL").ok().filter(|u| !u.is_empty());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        for size in [0, rows] {
            // The demo size runs on SQLite; `BENCH_PG_URL` is one empty database, for the large run.
            let db = if size == 0 { None } else { pg.clone() };
            let (base, analyst, evaluator, _dir) = start(size, db).await;
            let name = if size == 0 {
                "demo".to_string()
            } else {
                format!("{size} rows")
            };
            side_by_side(
                &format!("{name}, map at resolution 7"),
                &base,
                ("/api/v1/aggregates/cells.geojson?resolution=7", &evaluator),
                ("/api/v1/hotspots.geojson?resolution=7", &analyst),
            )
            .await;
            side_by_side(
                &format!("{name}, country routes"),
                &base,
                ("/api/v1/aggregates/routes", &evaluator),
                ("/api/v1/routes", &analyst),
            )
            .await;
        }
    });
}
