//! Nothing that times a community report: no request-log line, no per-request metric, no sequential id, and a
//! moderation queue in day order; `/metrics` only with its token.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use beacon::accounts::Role;
use serde_json::{Value, json};

use crate::both_backends;
use crate::support::{Db, TestApp, page_csrf};

/// Everything the process logs at `info` and above, from the first call on (one global subscriber for the
/// test process: the app runs on the runtime's worker threads, which a scoped subscriber would not reach).
fn captured_log() -> Arc<Mutex<Vec<u8>>> {
    static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOG.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let writer = Capture(buffer.clone());
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("info"))
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::set_global_default(subscriber)
            .expect("no other test installs a global subscriber");
        buffer
    })
    .clone()
}

#[derive(Clone)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn log_text(log: &Arc<Mutex<Vec<u8>>>) -> String {
    String::from_utf8_lossy(&log.lock().unwrap()).into_owned()
}

fn day(days_ago: i64) -> String {
    (time::OffsetDateTime::now_utc().date() - time::Duration::days(days_ago)).to_string()
}

fn request_id(r: &reqwest::Response) -> String {
    r.headers()["x-request-id"].to_str().unwrap().to_string()
}

async fn public_submissions_leave_no_line_in_the_request_log(db: Db) {
    let log = captured_log();
    let app = TestApp::spawn(db).await;
    let client = TestApp::client();
    let form = client.get(app.url("/report")).send().await.unwrap();
    assert_eq!(form.status(), 200);
    let form_id = request_id(&form);
    let mut hidden = Vec::new();
    let r = client
        .post(app.url("/report"))
        .body(format!(
            "day={}&place=town-0&latitude=&longitude=&category=labour&signs=debt",
            day(0)
        ))
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    hidden.push(request_id(&r));
    // A refused form is not logged either: its time is the reporter's too.
    let r = client
        .post(app.url("/report"))
        .body("day=2999-01-01&place=town-0&category=labour")
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    hidden.push(request_id(&r));
    let r = client
        .post(app.url("/api/v1/reports"))
        .json(&json!({"day": day(1), "latitude": 52.66, "longitude": 0.16, "category": "sexual"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    hidden.push(request_id(&r));
    // The log is written as the response leaves; wait for the form's line (proof that the capture works).
    let mut text = String::new();
    for _ in 0..50 {
        text = log_text(&log);
        if text.contains(&form_id) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(
        text.contains(&form_id) && text.contains("path=/report"),
        "the form's request is logged: {text}"
    );
    for id in &hidden {
        assert!(
            !text.contains(id.as_str()),
            "a submission is logged: {text}"
        );
    }
    for line in text.lines() {
        assert!(
            !(line.contains("method=POST path=/report}")
                || line.contains("method=POST path=/api/v1/reports}")),
            "a submission is logged: {line}"
        );
    }
    app.stop().await.unwrap();
}
both_backends!(public_submissions_leave_no_line_in_the_request_log);

async fn report_ids_are_random_and_the_queue_is_in_day_order(db: Db) {
    let app = TestApp::spawn_with(db, &[("BEACON_REPORTS__SUBMISSIONS_PER_HOUR", "50")]).await;
    let analyst = app.token("analyst@test.example", Role::Analyst, None).await;
    let client = reqwest::Client::new();
    let days_ago = [3, 0, 5, 1, 3, 0, 2, 5, 1, 4, 0, 2];
    // Ids in the order the reports arrived.
    let mut arrived: Vec<i64> = Vec::new();
    for (n, ago) in days_ago.iter().enumerate() {
        let r = client
            .post(app.url("/api/v1/reports"))
            .json(&json!({"day": day(*ago), "latitude": 52.66, "longitude": 0.16, "category": "labour"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 202);
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM community_reports")
            .fetch_all(app.store().pool())
            .await
            .unwrap();
        let new: Vec<i64> = ids.into_iter().filter(|i| !arrived.contains(i)).collect();
        assert_eq!(new.len(), 1);
        assert_ne!(
            new[0],
            n as i64 + 1,
            "report {} is not number {}",
            n + 1,
            n + 1
        );
        assert!(
            new[0] > 0 && new[0] < 1 << 53,
            "a positive id exact in JSON numbers: {}",
            new[0]
        );
        arrived.push(new[0]);
    }
    assert!(
        arrived.windows(2).any(|w| w[1] < w[0]),
        "ids do not grow with arrival: {arrived:?}"
    );
    let mut sorted = arrived.clone();
    sorted.sort_unstable();
    assert!(
        sorted.windows(2).all(|w| w[1] - w[0] > 1),
        "no two ids are consecutive: {sorted:?}"
    );
    // The queue: by day, oldest first, and within a day by the random id, never by arrival.
    let queue: Value = client
        .get(app.url("/api/v1/reports"))
        .bearer_auth(&analyst)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let listed: Vec<(String, i64)> = queue
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["day"].as_str().unwrap().to_string(),
                r["id"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(listed.len(), days_ago.len());
    let mut expected = listed.clone();
    expected.sort();
    assert_eq!(listed, expected, "ordered by day, then by id");
    // The page shows the same order.
    let password = app
        .user("moderator@test.example", Role::Analyst, None)
        .await;
    let browser = app.login("moderator@test.example", &password).await;
    let page = browser
        .get(app.url("/analysis/reports"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let positions: Vec<usize> = listed
        .iter()
        .map(|(_, id)| {
            page.find(&format!("/analysis/reports/{id}/accept"))
                .expect("every report on the page")
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "page order");
    // Moderation works on the random ids: accept one over the API, reject one on the page.
    let (_, first) = &listed[0];
    let accepted: Value = client
        .post(app.url(&format!("/api/v1/reports/{first}/accept")))
        .bearer_auth(&analyst)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(accepted["id"].as_i64(), Some(*first));
    assert_eq!(accepted["status"], "accepted");
    let (_, second) = &listed[1];
    let csrf = page_csrf(&browser, &app.url("/analysis/reports")).await;
    let r = browser
        .post(app.url(&format!("/analysis/reports/{second}/reject")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let status: String = sqlx::query_scalar("SELECT status FROM community_reports WHERE id = $1")
        .bind(*second)
        .fetch_one(app.store().pool())
        .await
        .unwrap();
    assert_eq!(status, "rejected");
    app.stop().await.unwrap();
}
both_backends!(report_ids_are_random_and_the_queue_is_in_day_order);

async fn metrics_are_closed_without_their_token(db: Db) {
    let client = reqwest::Client::new();
    // No token configured: there is no /metrics to reach.
    let app = TestApp::spawn(db).await;
    let r = client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    app.stop().await.unwrap();

    // The token, read from a file as secrets are.
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("metrics_token");
    std::fs::write(&token_file, "metrics-secret-0123456789\n").unwrap();
    let app = TestApp::spawn_with(
        db,
        &[(
            "BEACON_SERVER__METRICS_TOKEN_FILE",
            token_file.to_str().unwrap(),
        )],
    )
    .await;
    let r = client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let r = client
        .get(app.url("/metrics"))
        .bearer_auth("metrics-secret-wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    // Public submissions, accepted and refused, are not counted per request.
    client.get(app.url("/healthz")).send().await.unwrap();
    let r = client
        .post(app.url("/report"))
        .body(format!(
            "day={}&place=town-0&latitude=&longitude=&category=labour",
            day(0)
        ))
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = client
        .post(app.url("/api/v1/reports"))
        .json(&json!({"day": day(0), "latitude": 52.66, "longitude": 0.16, "category": "other"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    let r = client
        .get(app.url("/metrics"))
        .bearer_auth("metrics-secret-0123456789")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    assert!(text.contains("route=\"/healthz\""), "{text}");
    for line in text.lines() {
        let submission = line.contains("method=\"POST\"")
            && (line.contains("route=\"/report\"") || line.contains("route=\"/api/v1/reports\""));
        assert!(!submission, "a public submission is counted: {line}");
    }
    app.stop().await.unwrap();

    // A separate metrics address, for a private network: only /metrics is there, and the main address has none.
    let app = TestApp::spawn_with(db, &[("BEACON_SERVER__METRICS_BIND", "127.0.0.1:0")]).await;
    let private = app.metrics_base.clone().expect("a metrics address");
    let r = client
        .get(format!("{private}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("beacon_http_requests_total")
    );
    let r = client
        .get(format!("{private}/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let r = client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    app.stop().await.unwrap();
}
both_backends!(metrics_are_closed_without_their_token);
