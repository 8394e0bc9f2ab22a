//! The measure issue's speed targets.
//!
//! `cargo bench --bench measure -- report`: the impact report of the Fenland demo campaign over
//! 1,000,000 survey responses and 1,000,000 daily reach rows (two channels, 500 days, a total and 999
//! region breakdowns a day): the figures gathered (`Impact::data`), the document in English, its HTML,
//! and its PDF, each timed five times. `BENCH_PG_URL=postgres://…/db` (an empty database) runs it on
//! PostgreSQL instead of SQLite. Target: under 2 s.
//!
//! `cargo bench --bench measure -- submit`: survey submissions over HTTP on loopback, sent by `oha`
//! (`BENCH_OHA`, default `oha` on the PATH; `scripts/bench_surveys.sh` installs it): `BENCH_SUBMISSIONS`
//! (default 50,000) POSTs of one answer set, each URL carrying its own one-use token, 64 at a time; then
//! the responses on disk are counted against the 2xx answers oha saw. Target: 5,000 a second or more,
//! p99 under 50 ms, every acknowledged response on disk.
//!
//! The figures are in BENCHMARKS.md.

use std::time::{Duration, Instant};

use beacon::accounts::Role;
use beacon::app::App;
use beacon::config::{Config, Overrides};
use beacon::services::Actor;
use beacon::services::impact::ImpactQuery;

fn main() {
    let what = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .unwrap_or_else(|| "report".into());
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            match what.as_str() {
                "submit" => submit().await,
                _ => report().await,
            }
        });
}

fn env_for(
    dir: &std::path::Path,
    pg: Option<&str>,
    extra: &[(&str, &str)],
) -> Vec<(String, String)> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut env: Vec<(String, String)> = [
        ("BEACON_SERVER__BIND", "127.0.0.1:0".to_string()),
        ("BEACON_PATHS__DATA_DIR", dir.display().to_string()),
        ("BEACON_PATHS__TEMPLATES", format!("{root}/templates")),
        ("BEACON_PATHS__LOCALES", format!("{root}/locales")),
        ("BEACON_AUTH__ARGON2_MEMORY_KIB", "64".into()),
        ("BEACON_AUTH__ARGON2_ITERATIONS", "1".into()),
        ("BEACON_LOG__LEVEL", "warn".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    for (k, v) in extra {
        env.push((k.to_string(), v.to_string()));
    }
    if let Some(url) = pg {
        env.push(("BEACON_DATABASE__URL".into(), url.to_string()));
    }
    env
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

async fn report() {
    let pg = std::env::var("BENCH_PG_URL").ok().filter(|u| !u.is_empty());
    let dir = tempfile::tempdir().unwrap();
    let config = Config::load_from(
        &Overrides::default(),
        &env_for(dir.path(), pg.as_deref(), &[]),
    )
    .unwrap();
    let app = App::build(config).await.unwrap();
    let services = app.state().services.clone();
    let store = &services.store;
    beacon::demo::seed(&services).await.unwrap();
    let campaign = store.campaigns().await.unwrap()[0].id;
    let survey = store.surveys().await.unwrap()[0].id;
    let waves = store.survey_waves(survey).await.unwrap();
    let groups = store.survey_groups(survey).await.unwrap();
    let (w0, w1) = (waves[0].id, waves[1].id);
    let (g0, g1) = (groups[0].id, groups[1].id);
    let backend = if pg.is_some() { "postgres" } else { "sqlite" };

    // A million responses: the Fenland survey's four questions answered in a spread of ways, over two
    // waves, two groups, two locales and four channels; and a million reach rows.
    let seeding = Instant::now();
    let day = if pg.is_some() {
        "to_char(DATE '2025-01-01' + (i % 200)::int, 'YYYY-MM-DD')"
    } else {
        "date('2025-01-01', '+' || (i % 200) || ' days')"
    };
    let answers = "'{\"act\":\"' || CASE WHEN (i * 7919) % 100 < 41 THEN 'yes' ELSE 'no' END || \
                   '\",\"confident\":' || (1 + (i * 31) % 5) || \
                   CASE WHEN (i * 13) % 3 = 0 THEN ',\"first\":[\"helpline\"]' WHEN (i * 13) % 3 = 1 THEN ',\"first\":[\"helpline\",\"someone\"]' ELSE '' END || \
                   ',\"seen\":\"' || CASE (i * 17) % 3 WHEN 0 THEN 'yes' WHEN 1 THEN 'no' ELSE 'not-sure' END || '\"}'";
    let sql = format!(
        "WITH RECURSIVE n(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE i < 999999) \
         INSERT INTO survey_responses (survey_id, version, wave_id, group_id, locale, channel, submitted_on, answers, flagged) \
         SELECT {survey}, 1, CASE WHEN i % 2 = 0 THEN {w0} ELSE {w1} END, \
                CASE WHEN (i / 2) % 2 = 0 THEN {g0} ELSE {g1} END, \
                CASE WHEN i % 3 = 0 THEN 'lt' ELSE 'en' END, \
                CASE i % 4 WHEN 0 THEN 'email' WHEN 1 THEN 'qr' WHEN 2 THEN 'sandbox' ELSE 'direct' END, \
                {day}, {answers}, 0 FROM n"
    );
    sqlx::query(&sql).execute(store.pool()).await.unwrap();
    let day = if pg.is_some() {
        "to_char(DATE '2025-01-01' + (i / 2000)::int, 'YYYY-MM-DD')"
    } else {
        "date('2025-01-01', '+' || (i / 2000) || ' days')"
    };
    let sql = format!(
        "WITH RECURSIVE n(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE i < 999999) \
         INSERT INTO campaign_insights (campaign_id, channel, day, breakdown, reach, impressions, clicks, spend_minor, fetched_at) \
         SELECT {campaign}, CASE WHEN i % 2 = 0 THEN 'meta' ELSE 'google' END, {day}, \
                CASE WHEN (i / 2) % 1000 = 0 THEN '' ELSE 'region:' || ((i / 2) % 1000) END, \
                1000 + i % 977, 3000 + i % 1931, 20 + i % 37, 5000, 1 FROM n"
    );
    sqlx::query(&sql).execute(store.pool()).await.unwrap();
    sqlx::query("ANALYZE").execute(store.pool()).await.unwrap();
    println!(
        "{backend}: seeded 1,000,000 responses and 1,000,000 reach rows in {:.1?}",
        seeding.elapsed()
    );

    let actor = Actor::System("bench");
    // The two heaviest reads on their own: the survey's grouped counts and the reach summary.
    let t = Instant::now();
    let counts = store.survey_answer_counts(survey, false).await.unwrap();
    let counted = t.elapsed();
    let t = Instant::now();
    services
        .surveys()
        .results(&actor, survey, &Default::default())
        .await
        .unwrap();
    let results = t.elapsed();
    let t = Instant::now();
    services.measure().reach(&actor, campaign).await.unwrap();
    let reach = t.elapsed();
    println!(
        "{backend}: the survey's grouped counts ({} rows) {counted:.2?}, its results {results:.2?}; the reach summary {reach:.2?}",
        counts.len()
    );
    let query = ImpactQuery {
        campaigns: vec![campaign],
        comparison: None,
        weighted: false,
    };
    let impact = services.impact();
    let renderer = impact.renderer().await.unwrap();
    let locale = services.locales.get("en").unwrap();
    let (mut gather, mut html, mut pdf, mut total) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut first = None;
    for _ in 0..5 {
        let t0 = Instant::now();
        let data = impact.data(&actor, &query).await.unwrap();
        let t1 = Instant::now();
        let doc = beacon::report::impact::document(&services.locales, &locale, &data);
        let page = renderer.html(&doc).unwrap();
        let t2 = Instant::now();
        let bytes = renderer.pdf(&doc, &data.provenance.fingerprint).unwrap();
        let t3 = Instant::now();
        gather.push(t1 - t0);
        html.push(t2 - t1);
        pdf.push(t3 - t2);
        total.push(t3 - t0);
        let survey = data.survey.as_ref().unwrap();
        let counted: u64 = survey.shares.iter().map(|s| s.share.rows).sum();
        match &first {
            None => {
                println!(
                    "{backend}: the report counts {counted} responses and {} days; HTML {} bytes, PDF {} bytes",
                    data.daily.len(),
                    page.len(),
                    bytes.len()
                );
                first = Some(bytes);
            }
            Some(b) => assert_eq!(b, &bytes, "the same data, the same PDF"),
        }
    }
    println!(
        "{backend}: median of 5 — figures gathered {:.2?}, document and HTML {:.2?}, PDF {:.2?}, all {:.2?} (target < 2 s)",
        median(gather),
        median(html),
        median(pdf),
        median(total)
    );
}

async fn submit() {
    let n: usize = std::env::var("BENCH_SUBMISSIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50_000);
    let oha = std::env::var("BENCH_OHA").unwrap_or_else(|_| "oha".into());
    let pg = std::env::var("BENCH_PG_URL").ok().filter(|u| !u.is_empty());
    let dir = tempfile::tempdir().unwrap();
    let env = env_for(
        dir.path(),
        pg.as_deref(),
        &[("BEACON_MEASURE__SURVEY_SUBMISSIONS_PER_HOUR", "100000000")],
    );
    let config = Config::load_from(&Overrides::default(), &env).unwrap();
    let app = App::build(config).await.unwrap();
    let base = format!("http://{}", app.local_addr());
    let state = app.state().clone();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run(async move {
        let _ = stopped.await;
    }));
    let services = state.services.clone();
    beacon::demo::seed(&services).await.unwrap();
    let _ = Role::Evaluator;
    let survey = services.store.surveys().await.unwrap()[0].id;
    let before: i64 = count(&services, survey).await;

    // One URL per submission, each with a token of its own, as a phone gets with its page.
    let mut urls = String::new();
    for _ in 0..n {
        let token = services.surveys().form_token().await.unwrap();
        urls.push_str(&format!(
            "{base}/s/fenland?w=follow-up&g=fenland&ch=qr&lang=en&t={token}\n"
        ));
    }
    let file = dir.path().join("urls.txt");
    std::fs::write(&file, urls).unwrap();
    // The form page alone first (the survey looked up and the page rendered, nothing written), to
    // tell the read path's cost from the write's.
    let page = std::process::Command::new(&oha)
        .args([
            "--no-tui",
            "--output-format",
            "json",
            "-c",
            "64",
            "-n",
            "20000",
        ])
        .arg(format!(
            "{base}/s/fenland?w=follow-up&g=fenland&ch=qr&lang=en"
        ))
        .output()
        .unwrap_or_else(|e| panic!("{oha}: {e} (scripts/bench_surveys.sh installs it)"));
    let page: serde_json::Value = serde_json::from_slice(&page.stdout).unwrap_or_default();
    println!(
        "form page (GET, 20,000, 64 at a time): {:.0} a second, p99 {:.1} ms",
        page["summary"]["requestsPerSec"].as_f64().unwrap_or(0.0),
        page["latencyPercentiles"]["p99"]
            .as_f64()
            .unwrap_or(f64::NAN)
            * 1000.0
    );
    let body = "seen=yes&act=yes&first=helpline&confident=4";
    let out = std::process::Command::new(&oha)
        .args(["--no-tui", "--output-format", "json", "-c", "64", "-n"])
        .arg(n.to_string())
        .args([
            "-m",
            "POST",
            "-T",
            "application/x-www-form-urlencoded",
            "-d",
            body,
        ])
        .arg("--urls-from-file")
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("{oha}: {e} (scripts/bench_surveys.sh installs it)"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let after = count(&services, survey).await;
    let codes = &report["statusCodeDistribution"];
    let acknowledged = codes["200"].as_u64().unwrap_or(0) + codes["303"].as_u64().unwrap_or(0);
    let rps = report["summary"]["requestsPerSec"].as_f64().unwrap_or(0.0);
    let p99 = report["latencyPercentiles"]["p99"]
        .as_f64()
        .unwrap_or(f64::NAN)
        * 1000.0;
    let p50 = report["latencyPercentiles"]["p50"]
        .as_f64()
        .unwrap_or(f64::NAN)
        * 1000.0;
    let backend = if pg.is_some() { "postgres" } else { "sqlite" };
    println!(
        "{backend}: {n} submissions, 64 at a time: {rps:.0} a second, p50 {p50:.1} ms, p99 {p99:.1} ms; \
         status codes {codes}; acknowledged {acknowledged}, on disk {} (target ≥ 5,000/s, p99 < 50 ms)",
        after - before
    );
    // oha picks each request's URL at random from the file, so some tokens are sent twice: the second
    // is acknowledged as already received (200) and keeps nothing. Each token spent is one response on
    // disk, spent in the response's own transaction.
    let spent: i64 = sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM survey_form_tokens")
        .fetch_one(services.store.pool())
        .await
        .unwrap();
    println!(
        "{backend}: {spent} distinct tokens among the {acknowledged} acknowledged; {} responses on disk",
        after - before
    );
    assert_eq!(acknowledged, n as u64, "every submission was acknowledged");
    assert_eq!(
        after - before,
        spent,
        "one response on disk per token spent"
    );
    let _ = stop.send(());
    let _ = server.await;
}

async fn count(services: &beacon::services::Services, survey: i64) -> i64 {
    services
        .store
        .survey_answer_counts(survey, true)
        .await
        .unwrap()
        .iter()
        .map(|c| c.count)
        .sum()
}
