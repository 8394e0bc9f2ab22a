//! Limits that hold: the client address is the TCP peer unless the peer is a trusted proxy, and failed
//! logins back off per account without locking staff out from elsewhere.

use beacon::accounts::Role;
use serde_json::json;

use crate::both_backends;
use crate::support::{Db, TestApp, hidden_field};

/// Fetches the login form and posts it, both with `X-Forwarded-For: xff`; `json` asks for problem documents.
async fn login_from(
    app: &TestApp,
    email: &str,
    password: &str,
    xff: &str,
    json: bool,
) -> reqwest::Response {
    let client = TestApp::client();
    let page = client
        .get(app.url("/login"))
        .header("x-forwarded-for", xff)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = hidden_field(&page, "csrf").unwrap();
    let mut request = client
        .post(app.url("/login"))
        .header("x-forwarded-for", xff)
        .form(&[
            ("email", email),
            ("password", password),
            ("csrf", &csrf),
            ("next", "/"),
        ]);
    if json {
        request = request.header("accept", "application/problem+json");
    }
    request.send().await.unwrap()
}

async fn report_from(app: &TestApp, xff: &str) -> u16 {
    let today = time::OffsetDateTime::now_utc().date().to_string();
    reqwest::Client::new()
        .post(app.url("/api/v1/reports"))
        .header("x-forwarded-for", xff)
        .json(&json!({"day": today, "latitude": 52.66, "longitude": 0.16, "category": "other"}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn a_forged_forwarded_for_from_an_untrusted_peer_changes_nothing(db: Db) {
    let app = TestApp::spawn_with(
        db,
        &[
            ("BEACON_AUTH__LOGIN_ATTEMPTS_PER_MINUTE", "3"),
            ("BEACON_REPORTS__SUBMISSIONS_PER_HOUR", "2"),
        ],
    )
    .await;
    app.user("ana@test.example", Role::Analyst, None).await;
    // Each attempt claims another address; the peer (127.0.0.1, not trusted) is what counts.
    let mut statuses = Vec::new();
    for i in 0..6 {
        let xff = format!("198.51.100.{i}");
        let r = login_from(&app, "ana@test.example", "wrong", &xff, false).await;
        statuses.push(r.status().as_u16());
    }
    assert_eq!(statuses, [401, 401, 401, 429, 429, 429]);
    let mut statuses = Vec::new();
    for i in 0..4 {
        statuses.push(report_from(&app, &format!("203.0.113.{i}")).await);
    }
    assert_eq!(statuses, [202, 202, 429, 429]);
    // A parallel burst with forged addresses still gets no more through than the limit.
    let app = TestApp::spawn_with(db, &[("BEACON_AUTH__LOGIN_ATTEMPTS_PER_MINUTE", "5")]).await;
    app.user("ana@test.example", Role::Analyst, None).await;
    let attempts = (0..40).map(|i| {
        let app = &app;
        async move {
            let xff = format!("192.0.2.{i}, 10.0.0.{i}");
            login_from(app, "ana@test.example", "wrong", &xff, false)
                .await
                .status()
                .as_u16()
        }
    });
    let statuses = futures::future::join_all(attempts).await;
    let checked = statuses.iter().filter(|s| **s == 401).count();
    assert!(checked <= 5, "{checked} checked: {statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 429).count() + checked, 40);
    app.stop().await.unwrap();
}
both_backends!(a_forged_forwarded_for_from_an_untrusted_peer_changes_nothing);

async fn behind_a_trusted_proxy_each_client_has_its_own_allowance(db: Db) {
    let app = TestApp::spawn_with(
        db,
        &[
            ("BEACON_SERVER__TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8"),
            ("BEACON_REPORTS__SUBMISSIONS_PER_HOUR", "2"),
        ],
    )
    .await;
    // The client is the rightmost address that is not a trusted proxy: what a client puts to its left is
    // ignored, and the proxies' own hops (10.x) are skipped.
    assert_eq!(report_from(&app, "203.0.113.7").await, 202);
    assert_eq!(report_from(&app, "1.1.1.1, 203.0.113.7").await, 202);
    assert_eq!(
        report_from(&app, "2.2.2.2, 203.0.113.7, 10.1.2.3").await,
        429
    );
    // Another client behind the same proxy has its own allowance.
    assert_eq!(report_from(&app, "198.51.100.9").await, 202);
    assert_eq!(report_from(&app, "198.51.100.10").await, 202);
    app.stop().await.unwrap();
}
both_backends!(behind_a_trusted_proxy_each_client_has_its_own_allowance);

async fn an_attacker_cannot_lock_staff_out(db: Db) {
    let app = TestApp::spawn_with(db, &[("BEACON_SERVER__TRUSTED_PROXIES", "127.0.0.1")]).await;
    let password = app.user("alice@test.example", Role::Analyst, None).await;
    let attacker = "203.0.113.66";
    let mut statuses = Vec::new();
    for _ in 0..12 {
        let r = login_from(&app, "alice@test.example", "guess", attacker, true).await;
        statuses.push(r.status().as_u16());
    }
    // The account's first failures are checked; then the attacker's address must wait, growing each time.
    assert_eq!(&statuses[..5], [401; 5], "{statuses:?}");
    assert!(statuses[5..].iter().all(|s| *s == 429), "{statuses:?}");
    let r = login_from(&app, "alice@test.example", &password, attacker, true).await;
    assert_eq!(r.status(), 429, "even the right password waits there");
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let wait: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&wait), "Retry-After {wait}");
    let problem: serde_json::Value = r.json().await.unwrap();
    assert_eq!(problem["status"], 429);
    // Alice, from her own address, is not locked out.
    let r = login_from(&app, "alice@test.example", &password, "198.51.100.7", false).await;
    assert_eq!(r.status(), 303, "alice logs in from elsewhere");
    // A guesser spread over many addresses gets one try per address, then each waits.
    let bob_password = app.user("bob@test.example", Role::Analyst, None).await;
    for i in 0..6 {
        let r = login_from(
            &app,
            "bob@test.example",
            "guess",
            &format!("192.0.2.{i}"),
            false,
        )
        .await;
        assert_eq!(r.status(), 401);
    }
    let r = login_from(&app, "bob@test.example", "guess", "192.0.2.0", false).await;
    assert_eq!(r.status(), 429);
    assert!(r.headers().contains_key("retry-after"));
    let r = login_from(
        &app,
        "bob@test.example",
        &bob_password,
        "198.51.100.8",
        false,
    )
    .await;
    assert_eq!(r.status(), 303, "bob logs in from a clean address");
    app.stop().await.unwrap();
}
both_backends!(an_attacker_cannot_lock_staff_out);
