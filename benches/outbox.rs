//! A campaign's e-mail to a large list, end to end through the services: the list imported, the campaign
//! launched, its e-mail planned (the lists walked in pages inside one transaction) and sent by the sending
//! job through the outbox (each group marked `sending`, sent over the relay pool, marked `sent`) to an SMTP
//! sink on loopback that takes everything (`common/sink.rs`). Resident memory is sampled every 20 ms: the
//! figures show whether it stays flat as the list grows (run it with 10,000 and with 100,000).
//!
//! `cargo bench --bench outbox`. Environment: `BENCH_RECIPIENTS` (default 100,000), `BENCH_PG_URL`
//! (`postgres://…/db`, an empty database: runs on PostgreSQL instead of SQLite), `BENCH_DKIM` (`none`
//! default, or `ed25519`).

#[path = "common/sink.rs"]
mod sink;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use beacon::campaign::lifecycle::Action;
use beacon::campaign::model::{CampaignInput, EmailInput};
use beacon::config::{Config, Overrides};
use beacon::services::{Actor, Services, SystemClock};
use beacon::store::Store;

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A line of `/proc/self/status` in KiB (`VmRSS`, `VmHWM`).
fn status_kib(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn mib(kib: u64) -> String {
    format!("{:.0} MiB", kib as f64 / 1024.0)
}

/// Generated subscribers in the Fenland mix (as `scripts/gen_subscribers.py` writes them).
fn csv(rows: usize) -> Vec<u8> {
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let languages = [
        ("en", "Europe/London"),
        ("lt", "Europe/Vilnius"),
        ("pl", "Europe/Warsaw"),
        ("ro", "Europe/Bucharest"),
    ];
    let mut out = String::from(
        "email,locale,time_zone,consent_source,consent_at,consent_version,latitude,longitude\n",
    );
    for i in 0..rows {
        let (locale, zone) = languages[i % languages.len()];
        let lat = 52.55 + rng.gen_range(0.0..0.35);
        let lon = -0.15 + rng.gen_range(0.0..0.35);
        out.push_str(&format!(
            "member{i:07}@example.org,{locale},{zone},partner,2026-03-01T10:00:00Z,partner-form-1,{lat:.5},{lon:.5}\n"
        ));
    }
    out.into_bytes()
}

fn main() {
    let recipients: usize = env_or("BENCH_RECIPIENTS", 100_000);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(run(recipients));
}

async fn run(recipients: usize) {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (port, taken) = sink::rust_sink();
    let mut env: Vec<(String, String)> = vec![
        ("BEACON_PATHS__DATA_DIR", dir.path().display().to_string()),
        (
            "BEACON_PATHS__TEMPLATES",
            root.join("templates").display().to_string(),
        ),
        (
            "BEACON_PATHS__LOCALES",
            root.join("locales").display().to_string(),
        ),
        ("BEACON_LOG__LEVEL", "warn".into()),
        (
            "BEACON_CHANNELS__EMAIL__SMTP_URL",
            format!("smtp://127.0.0.1:{port}"),
        ),
        (
            "BEACON_CHANNELS__EMAIL__SMTP_ALLOW_PLAINTEXT",
            "true".into(),
        ),
        (
            "BEACON_CHANNELS__EMAIL__FROM_ADDRESS",
            "news@fenland.example".into(),
        ),
        ("BEACON_CHANNELS__EMAIL__PER_SECOND", "100000".into()),
        ("BEACON_CHANNELS__EMAIL__PER_HOUR", "1000000000".into()),
        ("BEACON_CHANNELS__EMAIL__POOL_MAX", "8".into()),
        ("BEACON_SERVER__PUBLIC_URL", "https://beacon.example".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    if std::env::var("BENCH_DKIM").as_deref() == Ok("ed25519") {
        let seed: [u8; 32] = rand::random();
        use base64::Engine;
        env.push((
            "BEACON_CHANNELS__EMAIL__DKIM_PRIVATE_KEY".into(),
            base64::engine::general_purpose::STANDARD.encode(seed),
        ));
        env.push((
            "BEACON_CHANNELS__EMAIL__DKIM_DOMAIN".into(),
            "fenland.example".into(),
        ));
        env.push(("BEACON_CHANNELS__EMAIL__DKIM_SELECTOR".into(), "s1".into()));
    }
    let mut backend = "sqlite";
    if let Ok(url) = std::env::var("BENCH_PG_URL") {
        env.push(("BEACON_DATABASE__URL".into(), url));
        backend = "postgres";
    }
    let config = Config::load_from(&Overrides::default(), &env).unwrap();
    let store = Store::connect(&config).await.unwrap();
    store.migrate().await.unwrap();
    let services = Services::new(store.clone(), config, Arc::new(SystemClock)).unwrap();
    let actor = Actor::System("bench");

    // The demo's audience and creative; the demo's own campaign cancelled.
    beacon::demo::seed(&services).await.unwrap();
    for c in services.campaigns().list(&actor).await.unwrap() {
        services
            .campaigns()
            .act(&actor, c.id, Action::Cancel, Some("benchmark"))
            .await
            .unwrap();
    }
    let audiences = services.audiences().list_audiences(&actor).await.unwrap();
    let locales = vec!["en".to_string(), "lt".to_string()];
    let snapshot = services
        .audiences()
        .freeze(&actor, audiences[0].id, "benchmark", &locales)
        .await
        .unwrap();
    let creative = services
        .creatives()
        .list(&actor)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.message_id == "creative-passport")
        .unwrap();
    for l in &locales {
        services
            .creatives()
            .approve(&actor, creative.id, l)
            .await
            .unwrap();
    }
    let list = services
        .subscribers()
        .create_list(&actor, "Benchmark list")
        .await
        .unwrap();
    let started = Instant::now();
    let outcome = services
        .subscribers()
        .import(&actor, list.id, csv(recipients), "bench.csv")
        .await
        .unwrap()
        .unwrap();
    let import_s = started.elapsed().as_secs_f64();
    let now = time::OffsetDateTime::now_utc();
    let rfc = |t: time::OffsetDateTime| {
        t.replace_nanosecond(0)
            .unwrap()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap()
    };
    let input = CampaignInput {
        name: "Benchmark".into(),
        objective: "awareness".into(),
        landing_url: None,
        snapshot_id: snapshot.id,
        creative_id: creative.id,
        locales,
        time_zone: "Europe/London".into(),
        starts_at: rfc(now - time::Duration::minutes(1)),
        ends_at: rfc(now + time::Duration::days(7)),
        channels: Vec::new(),
        schedules: Vec::new(),
        email: Some(EmailInput {
            lists: vec![list.id],
            send_window: None,
        }),
    };
    let campaign = services.campaigns().create(&actor, input).await.unwrap();
    for a in [Action::Approve, Action::Schedule] {
        services
            .campaigns()
            .act(&actor, campaign.id, a, None)
            .await
            .unwrap();
    }
    services.campaigns().launch_due(campaign.id).await.unwrap();

    // Memory sampled while the e-mail is planned and sent.
    let baseline = status_kib("VmRSS:");
    let peak = Arc::new(AtomicU64::new(baseline));
    let sampling = {
        let peak = peak.clone();
        tokio::spawn(async move {
            loop {
                peak.fetch_max(status_kib("VmRSS:"), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    };
    let mut milestones: Vec<(u64, u64)> = Vec::new();
    let started = Instant::now();
    let mut job = 1_000_000;
    let mut planned_at = None;
    loop {
        job += 1;
        let before = taken.load(Ordering::Relaxed);
        services.emails().run(campaign.id, job).await.unwrap();
        if planned_at.is_none() {
            planned_at = Some(started.elapsed());
        }
        let counts = services.store.email_counts(campaign.id).await.unwrap();
        milestones.push((taken.load(Ordering::Relaxed), status_kib("VmRSS:")));
        if counts.done() {
            break;
        }
        if taken.load(Ordering::Relaxed) == before {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    let elapsed = started.elapsed();
    sampling.abort();
    let counts = services.store.email_counts(campaign.id).await.unwrap();
    let sent = taken.load(Ordering::Relaxed);
    println!(
        "{backend}: {recipients} subscribers imported in {import_s:.1} s (added {}); \
         {} planned, {} sent ({} failed) in {:.1} s: {:.0} msg/s",
        outcome.added,
        counts.total(),
        counts.sent,
        counts.failed,
        elapsed.as_secs_f64(),
        sent as f64 / elapsed.as_secs_f64()
    );
    println!(
        "memory: {} before the campaign, {} peak while planning and sending (+{}); process peak {}",
        mib(baseline),
        mib(peak.load(Ordering::Relaxed)),
        mib(peak.load(Ordering::Relaxed).saturating_sub(baseline)),
        mib(status_kib("VmHWM:"))
    );
    for (n, kib) in &milestones {
        println!("  after {n:>7} sent: {}", mib(*kib));
    }
    store.close().await;
}
