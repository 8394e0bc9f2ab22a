//! The JSON API's edges: health, readiness, metrics, the OpenAPI document, problem documents, body
//! limits, tokens, and a graceful stop.

use beacon::accounts::Role;
use serde_json::{Value, json};

use crate::both_backends;
use crate::support::{Db, TestApp, page_csrf};

async fn health_ready_and_metrics(db: Db) {
    let app = TestApp::spawn_with(
        db,
        &[("BEACON_SERVER__METRICS_TOKEN", "metrics-token-for-tests")],
    )
    .await;
    let client = reqwest::Client::new();
    let r = client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.headers().contains_key("x-request-id"),
        "every response carries a request id"
    );
    assert_eq!(
        client
            .get(app.url("/readyz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    // A queued job (due next year, so the worker leaves it) shows in the queue depth.
    sqlx::query(
        "INSERT INTO jobs (kind, payload, run_at_ms, max_attempts, created_at_ms) \
         VALUES ('probe', '{\"kind\":\"probe\"}', 4102444800000, 1, 0)",
    )
    .execute(app.store().pool())
    .await
    .unwrap();
    let text = client
        .get(app.url("/metrics"))
        .bearer_auth("metrics-token-for-tests")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.contains("beacon_http_requests_total"), "{text}");
    assert!(
        text.contains("route=\"/healthz\""),
        "requests are counted by route: {text}"
    );
    assert!(
        text.contains("beacon_http_request_duration_seconds_bucket"),
        "latency histogram: {text}"
    );
    assert!(text.contains("beacon_job_queue_depth"), "{text}");
    app.stop().await.unwrap();
}
both_backends!(health_ready_and_metrics);

async fn readiness_fails_when_the_database_is_gone(db: Db) {
    let app = TestApp::spawn(db).await;
    app.store().close().await;
    let r = reqwest::get(app.url("/readyz")).await.unwrap();
    assert_eq!(r.status(), 503);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    assert_eq!(
        reqwest::get(app.url("/healthz")).await.unwrap().status(),
        200
    );
}
both_backends!(readiness_fails_when_the_database_is_gone);

async fn openapi_describes_every_route(db: Db) {
    let app = TestApp::spawn(db).await;
    let token = app.token("admin@test.example", Role::Admin, None).await;
    let doc: Value = reqwest::get(app.url("/api/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for expected in [
        "/api/v1/me",
        "/api/v1/users",
        "/api/v1/partners",
        "/api/v1/partners/{id}",
        "/api/v1/tokens",
        "/api/v1/tokens/{id}",
        "/api/v1/audit",
    ] {
        assert!(
            paths.contains_key(expected),
            "{expected} missing from the OpenAPI document"
        );
    }
    // Every documented GET answers (so the document cannot drift from the router).
    let client = reqwest::Client::new();
    for (path, ops) in paths {
        if ops.get("get").is_some() {
            let url = app.url(&path.replace("{id}", "1"));
            let status = client
                .get(url)
                .bearer_auth(&token)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16();
            assert!(
                status != 404 && status != 405 || path.contains("{id}"),
                "{path}: {status}"
            );
        }
    }
    assert!(doc["components"]["schemas"]["Problem"].is_object());
    // The audience API's bodies, described in web/ (not derived on domain or store types).
    let schemas = &doc["components"]["schemas"];
    for name in [
        "RegionRequest",
        "RegionSource",
        "RegionRow",
        "RegionDetail",
        "PopulationLayer",
        "CommunityShare",
        "LanguageSuggestion",
        "PlatformTargets",
        "CircleOut",
        "AudienceSpec",
        "AudienceView",
        "AudienceEstimate",
        "Snapshot",
    ] {
        assert!(schemas[name].is_object(), "{name} missing");
    }
    assert_eq!(
        schemas["RegionDetail"]["properties"]["region"]["$ref"],
        "#/components/schemas/RegionRow"
    );
    // The schemas described in web/ say exactly what the store's rows serialize to.
    let keys = |v: &Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    let documented = |name: &str| keys(&schemas[name]["properties"]);
    let partner: Value = client
        .post(app.url("/api/v1/partners"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"name": "Bank A", "kind": "bank"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(keys(&partner), documented("Partner"));
    for (path, name) in [
        ("/api/v1/me", "User"),
        ("/api/v1/tokens", "ApiToken"),
        ("/api/v1/audit", "AuditEntry"),
    ] {
        let body: Value = client
            .get(app.url(path))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let one = body.as_array().map(|a| a[0].clone()).unwrap_or(body);
        assert_eq!(keys(&one), documented(name), "{path}");
    }
    app.stop().await.unwrap();
}
both_backends!(openapi_describes_every_route);

async fn errors_are_problem_documents_naming_the_field(db: Db) {
    let app = TestApp::spawn_with(db, &[("BEACON_SERVER__BODY_LIMIT_BYTES", "4096")]).await;
    let token = app.token("admin@test.example", Role::Admin, None).await;
    let client = reqwest::Client::new();
    let post = |body: String| {
        client
            .post(app.url("/api/v1/users"))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    // Malformed JSON: 400.
    let r = post("{\"email\": ".into()).await.unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    // A missing field: 422 naming it.
    let r = post(json!({"email": "x@test.example"}).to_string())
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["field"], "role");
    assert_eq!(p["status"], 422);
    // A bad value: 422 naming it.
    let r = post(json!({"email": "not-an-address", "role": "analyst"}).to_string())
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["field"], "email");
    let r = post(json!({"email": "a@test.example", "role": "superuser"}).to_string())
        .await
        .unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["field"], "role");
    let r = post(json!({"email": "a@test.example", "role": "partner"}).to_string())
        .await
        .unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["field"], "partner_id");
    // A duplicate: 422 naming the field (the unique constraint, mapped by its name).
    let ok = post(json!({"email": "dup@test.example", "role": "analyst"}).to_string())
        .await
        .unwrap();
    assert_eq!(ok.status(), 201);
    let created: Value = ok.json().await.unwrap();
    assert_eq!(created["one_time_password"].as_str().unwrap().len(), 23);
    let r = post(json!({"email": "DUP@test.example", "role": "analyst"}).to_string())
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["field"], "email");
    // A body over the limit: 413, still a problem document.
    let big = json!({"email": "x".repeat(10_000), "role": "analyst"}).to_string();
    let r = post(big).await.unwrap();
    assert_eq!(r.status(), 413);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    // An unknown API path: 404 problem.
    let r = client
        .get(app.url("/api/v1/nothing-here"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    // A path parameter of the wrong type: 400 problem.
    let r = client
        .get(app.url("/api/v1/partners/abc"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    app.stop().await.unwrap();
}
both_backends!(errors_are_problem_documents_naming_the_field);

async fn tokens_are_shown_once_and_revocable(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.token("admin@test.example", Role::Admin, None).await;
    let analyst = app.token("analyst@test.example", Role::Analyst, None).await;
    let client = reqwest::Client::new();
    let r = client
        .post(app.url("/api/v1/tokens"))
        .bearer_auth(&analyst)
        .json(&json!({"name": "nightly import"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let created: Value = r.json().await.unwrap();
    let secret = created["secret"].as_str().unwrap().to_string();
    assert!(secret.starts_with("bcn_"));
    let id = created["token"]["id"].as_i64().unwrap();
    // The secret works, and is never listed again.
    let me: Value = client
        .get(app.url("/api/v1/me"))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], "analyst@test.example");
    assert!(me.get("password_hash").is_none());
    let listed = client
        .get(app.url("/api/v1/tokens"))
        .bearer_auth(&analyst)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!listed.contains(&secret) && listed.contains("nightly import"));
    // Stored hashed only.
    let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM api_tokens")
        .fetch_all(app.store().pool())
        .await
        .unwrap();
    assert!(stored.iter().all(|h| h.len() == 64 && !h.contains(&secret)));
    // Revoked: it stops working. An admin may revoke anyone's; others cannot even see them.
    let other = app
        .token("other@test.example", Role::Campaigner, None)
        .await;
    let r = client
        .delete(app.url(&format!("/api/v1/tokens/{id}")))
        .bearer_auth(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = client
        .delete(app.url(&format!("/api/v1/tokens/{id}")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(
        client
            .get(app.url("/api/v1/me"))
            .bearer_auth(&secret)
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    // The audit log saw it.
    let audit: Value = client
        .get(app.url("/api/v1/audit"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"token.create") && actions.contains(&"token.revoke"),
        "{actions:?}"
    );
    app.stop().await.unwrap();
}
both_backends!(tokens_are_shown_once_and_revocable);

async fn in_flight_requests_finish_on_shutdown(db: Db) {
    let app = TestApp::spawn(db).await;
    let token = app.token("admin@test.example", Role::Admin, None).await;
    let client = reqwest::Client::new();
    // Start several requests, then stop while they run: each completes, and the stop is clean.
    let mut pending = Vec::new();
    for _ in 0..8 {
        let request = client
            .get(app.url("/api/v1/users"))
            .bearer_auth(&token)
            .send();
        pending.push(tokio::spawn(request));
    }
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let base = app.base.clone();
    app.stop().await.expect("clean shutdown");
    for p in pending {
        if let Ok(r) = p.await.unwrap() {
            assert_eq!(r.status(), 200);
        }
    }
    // After the stop nothing listens.
    assert!(reqwest::get(format!("{base}/healthz")).await.is_err());
}
both_backends!(in_flight_requests_finish_on_shutdown);

/// A taken e-mail address or partner name is a 422 naming the field, found by the database's unique
/// constraint (nothing checks first): two requests racing for the same name get one 201 and one 422,
/// never a 500 and never two records.
async fn duplicates_are_field_errors_even_when_racing(db: Db) {
    let app = TestApp::spawn(db).await;
    let token = app.token("root@test.example", Role::Admin, None).await;
    let client = reqwest::Client::new();
    let post = |path: &'static str, body: Value| {
        client
            .post(app.url(path))
            .bearer_auth(&token)
            .json(&body)
            .send()
    };
    // One after the other.
    let r = post(
        "/api/v1/partners",
        json!({"name": "Bank A", "kind": "bank"}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 201);
    let r = post(
        "/api/v1/partners",
        json!({"name": " Bank A ", "kind": "council"}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["field"], "name", "{p}");
    // Racing, several times over.
    for round in 0..5 {
        let email = format!("race{round}@test.example");
        let (a, b) = tokio::join!(
            post("/api/v1/users", json!({"email": email, "role": "analyst"})),
            post(
                "/api/v1/users",
                json!({"email": email, "role": "evaluator"})
            ),
        );
        let mut statuses = [a.unwrap(), b.unwrap()].map(|r| r.status().as_u16());
        statuses.sort();
        assert_eq!(statuses, [201, 422], "accounts, round {round}");
        let name = format!("Council {round}");
        let (a, b) = tokio::join!(
            post("/api/v1/partners", json!({"name": name, "kind": "council"})),
            post("/api/v1/partners", json!({"name": name, "kind": "council"})),
        );
        let mut statuses = [a.unwrap(), b.unwrap()].map(|r| r.status().as_u16());
        statuses.sort();
        assert_eq!(statuses, [201, 422], "partners, round {round}");
    }
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email LIKE 'race%'")
        .fetch_one(app.store().pool())
        .await
        .unwrap();
    assert_eq!(users, 5);
    // Each account was created with its audit entry, in the same transaction.
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'user.create' AND subject LIKE 'race%'",
    )
    .fetch_one(app.store().pool())
    .await
    .unwrap();
    assert_eq!(audited, 5);
    app.stop().await.unwrap();
}
both_backends!(duplicates_are_field_errors_even_when_racing);

/// The application layer reads the time from its injected clock: a command's audit entry carries the
/// clock's time, not the machine's.
async fn commands_take_their_time_from_the_clock(db: Db) {
    use beacon::services::{Actor, FixedClock, Services};
    let app = TestApp::spawn(db).await;
    let at = time::macros::datetime!(2024-03-31 01:30 UTC);
    let clock = std::sync::Arc::new(FixedClock::new(at));
    let services =
        Services::new(app.store().clone(), app.state.config.clone(), clock.clone()).unwrap();
    let operator = Actor::System("test");
    services
        .accounts()
        .create_partner(&operator, "Bank A", "bank")
        .await
        .unwrap();
    clock.set(at + time::Duration::days(1));
    services
        .accounts()
        .create_partner(&operator, "Council B", "council")
        .await
        .unwrap();
    let times: Vec<i64> =
        sqlx::query_scalar("SELECT at FROM audit_log WHERE action = 'partner.create' ORDER BY id")
            .fetch_all(app.store().pool())
            .await
            .unwrap();
    assert_eq!(
        times,
        vec![at.unix_timestamp(), at.unix_timestamp() + 86_400]
    );
    let created: Vec<i64> = sqlx::query_scalar("SELECT created_at FROM partners ORDER BY id")
        .fetch_all(app.store().pool())
        .await
        .unwrap();
    assert_eq!(created, times);
    app.stop().await.unwrap();
}
both_backends!(commands_take_their_time_from_the_clock);

/// Every response carries the security headers: a Content-Security-Policy without inline script and
/// without framing, nosniff, no referrer, and no caching of staff pages and the API; HSTS only over TLS.
async fn every_response_carries_the_security_headers(db: Db) {
    let app = TestApp::spawn(db).await;
    let token = app.token("root@test.example", Role::Admin, None).await;
    let client = reqwest::Client::new();
    for (path, auth) in [
        ("/login", false),
        ("/report", false),
        ("/api/v1/me", true),
        ("/api/v1/nothing-here", true),
        ("/no-such-page", false),
        ("/healthz", false),
        ("/assets/beacon.css", false),
        ("/assets/picker.js", false),
    ] {
        let mut request = client.get(app.url(path));
        if auth {
            request = request.bearer_auth(&token);
        }
        let r = request.send().await.unwrap();
        let h = r.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
        let cache = h["cache-control"].to_str().unwrap();
        if path.starts_with("/assets/") {
            assert!(cache.contains("max-age"), "{path}: {cache}");
        } else {
            assert_eq!(cache, "no-store", "{path}");
        }
        assert!(
            h.get("strict-transport-security").is_none(),
            "{path}: no HSTS over http"
        );
    }
    // No page carries an inline script any more.
    let page = client
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!page.contains("<script>"), "inline script on /login");
    app.stop().await.unwrap();
    let app = TestApp::spawn_with(
        db,
        &[("BEACON_SERVER__PUBLIC_URL", "https://beacon.example.org")],
    )
    .await;
    let r = client.get(app.url("/login")).send().await.unwrap();
    assert!(
        r.headers()["strict-transport-security"]
            .to_str()
            .unwrap()
            .contains("max-age=")
    );
    app.stop().await.unwrap();
}
both_backends!(every_response_carries_the_security_headers);

/// The API takes the session cookie only with the CSRF token in a header (and, where the browser sends an
/// Origin, Beacon's own): a page on another site that makes the browser send the cookie changes nothing.
/// Bearer tokens need neither.
async fn cookie_api_calls_that_change_state_need_the_csrf_token(db: Db) {
    let app = TestApp::spawn(db).await;
    let password = app.user("analyst@test.example", Role::Analyst, None).await;
    let browser = app.login("analyst@test.example", &password).await;
    let csrf = page_csrf(&browser, &app.url("/account")).await;
    let tokens = |client: &reqwest::Client| client.get(app.url("/api/v1/tokens")).send();
    // Reading with the cookie needs nothing more.
    assert_eq!(tokens(&browser).await.unwrap().status(), 200);
    // The forged requests of the review: a text/plain POST from another origin, a bodiless POST.
    let r = browser
        .post(app.url("/api/v1/tokens"))
        .header("content-type", "text/plain")
        .header("origin", "https://evil.example")
        .body(r#"{"name": "stolen"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let r = browser
        .post(app.url("/api/v1/reports/4/reject"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // A wrong token, or the right token from another origin: refused.
    for (token, origin) in [
        ("nope", None),
        (csrf.as_str(), Some("https://evil.example")),
    ] {
        let mut request = browser
            .post(app.url("/api/v1/tokens"))
            .header("x-csrf-token", token)
            .json(&json!({"name": "script"}));
        if let Some(o) = origin {
            request = request.header("origin", o);
        }
        assert_eq!(
            request.send().await.unwrap().status(),
            403,
            "{token} {origin:?}"
        );
    }
    let made: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM api_tokens")
        .fetch_one(app.store().pool())
        .await
        .unwrap();
    assert_eq!(made, 0, "nothing was created by a refused request");
    // With the page's token (and Beacon's own origin): accepted.
    let r = browser
        .post(app.url("/api/v1/tokens"))
        .header("x-csrf-token", &csrf)
        .header("origin", "http://127.0.0.1:8080")
        .json(&json!({"name": "script"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    // A bearer token needs neither.
    let bearer = app.token("script@test.example", Role::Analyst, None).await;
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/tokens"))
        .bearer_auth(&bearer)
        .json(&json!({"name": "nightly"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    app.stop().await.unwrap();
}
both_backends!(cookie_api_calls_that_change_state_need_the_csrf_token);
