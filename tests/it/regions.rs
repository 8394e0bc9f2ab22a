//! Big and hostile regions (reliability issue, item 3): the vertex limit and the time budget are refused
//! with the limit named, a ring that crosses itself is still refused with its place, and the server keeps
//! answering `/healthz` while big regions are checked off the async threads.

use beacon::accounts::Role;
use beacon::audience::regions::star_ring;
use serde_json::{Value, json};

use crate::both_backends;
use crate::support::{Db, TestApp};

fn region(name: &str, ring: &[[f64; 2]]) -> Value {
    json!({"name": name, "resolution": 8, "source": {"kind": "geojson",
        "geojson": {"type": "Polygon", "coordinates": [ring]}}})
}

async fn post_region(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(app.url("/api/v1/regions"))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn detail(r: reqwest::Response) -> String {
    assert_eq!(r.status(), 422);
    assert_eq!(
        r.headers()["content-type"].to_str().unwrap(),
        "application/problem+json"
    );
    let p: Value = r.json().await.unwrap();
    p["detail"].as_str().unwrap().to_string()
}

async fn regions_over_the_limits_are_refused_naming_them(db: Db) {
    let app = TestApp::spawn_with(db, &[("BEACON_AUDIENCE__MAX_REGION_VERTICES", "1000")]).await;
    let token = app
        .token("campaigner@test.example", Role::Campaigner, None)
        .await;
    // Within the limit: stored.
    let small = star_ring(400, [0.3, 52.7], 0.05);
    let r = post_region(&app, &token, &region("star", &small)).await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    // Over it, counting every position of every ring.
    let big = star_ring(1_200, [0.3, 52.7], 0.05);
    let d = detail(post_region(&app, &token, &region("big star", &big)).await).await;
    assert!(
        d.contains("1201 positions")
            && d.contains("limit of 1000")
            && d.contains("audience.max_region_vertices"),
        "{d}"
    );
    // A ring that crosses itself is refused with the two edges and the place.
    let mut crossing = star_ring(800, [0.3, 52.7], 0.05);
    crossing[400] = [0.45, 52.7];
    let d = detail(post_region(&app, &token, &region("crossing", &crossing)).await).await;
    assert!(
        d.contains("crosses itself: the edge from position") && d.contains("near ["),
        "{d}"
    );
    app.stop().await.unwrap();

    // The time budget: a region that takes longer to check is refused, naming the budget.
    let app = TestApp::spawn_with(
        db,
        &[
            ("BEACON_AUDIENCE__REGION_CHECK_MS", "1"),
            ("BEACON_SERVER__BODY_LIMIT_BYTES", "100000000"),
        ],
    )
    .await;
    let token = app
        .token("campaigner@test.example", Role::Campaigner, None)
        .await;
    let ring = star_ring(200_000, [0.3, 52.7], 0.05);
    let d = detail(post_region(&app, &token, &region("slow star", &ring)).await).await;
    assert!(
        d.contains("took longer than 1 ms (audience.region_check_ms)"),
        "{d}"
    );
    app.stop().await.unwrap();
}
both_backends!(regions_over_the_limits_are_refused_naming_them);

async fn healthz_answers_while_big_regions_are_checked(db: Db) {
    let app = TestApp::spawn_with(
        db,
        &[
            ("BEACON_SERVER__BODY_LIMIT_BYTES", "100000000"),
            ("BEACON_AUDIENCE__MAX_REGION_VERTICES", "2000000"),
        ],
    )
    .await;
    let token = app
        .token("campaigner@test.example", Role::Campaigner, None)
        .await;
    // More big regions at once than the test runtime has worker threads (2).
    let posts: Vec<_> = (0..3)
        .map(|i| {
            let body = region(&format!("star {i}"), &star_ring(300_000, [0.3, 52.7], 0.05));
            let url = app.url("/api/v1/regions");
            let token = token.clone();
            tokio::spawn(async move {
                let r = reqwest::Client::new()
                    .post(url)
                    .bearer_auth(token)
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                r.status().as_u16()
            })
        })
        .collect();
    // Give the posts time to arrive and start being checked, then ask for /healthz.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let health = reqwest::Client::new()
        .get(app.url("/healthz"))
        .timeout(std::time::Duration::from_secs(30))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    assert!(
        posts.iter().all(|p| !p.is_finished()),
        "a region was stored before /healthz answered"
    );
    for p in posts {
        assert_eq!(p.await.unwrap(), 201);
    }
    app.stop().await.unwrap();
}
both_backends!(healthz_answers_while_big_regions_are_checked);
