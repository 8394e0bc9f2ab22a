//! Identify: anonymous community reports and their moderation; incident imports; hotspots.

use beacon::accounts::Role;
use serde_json::{Value, json};
use sqlx::{Column, Row};

use crate::both_backends;
use crate::support::{Db, TestApp, page_csrf};

async fn the_public_reports_without_an_account_and_leaves_no_trace(db: Db) {
    let app = TestApp::spawn_with(db, &[("BEACON_REPORTS__SUBMISSIONS_PER_HOUR", "3")]).await;
    let public = TestApp::client();
    // The form works in Lithuanian, without JavaScript (a plain form post).
    let form = public
        .get(app.url("/report?lang=lt"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        form.contains("Praneškite apie įtarimą") && !form.contains("<script"),
        "{form}"
    );
    let today = time::OffsetDateTime::now_utc().date().to_string();
    let r = public
        .post(app.url("/report"))
        .header("user-agent", "Mozilla/5.0 (X11; Secret Browser)")
        .body(format!("day={today}&place=town-0&latitude=&longitude=&category=labour&signs=documents&signs=debt"))
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("Ačiū"));
    // A bad form names each problem and keeps nothing.
    let r = public
        .post(app.url("/report"))
        .body("day=2999-01-01&place=point&latitude=95&longitude=0&category=")
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("ateityje") && page.contains("platumą"),
        "{page}"
    );
    // The JSON endpoint, for partners' own forms.
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/reports"))
        .json(&json!({"day": today, "latitude": 52.7891, "longitude": -0.1523, "category": "domestic", "signs": ["fear"], "locale": "en"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    // The third address-limited attempt in the hour is refused.
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/reports"))
        .json(&json!({"day": today, "latitude": 52.7, "longitude": 0.1, "category": "other"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    // What is stored: the day, a resolution-7 cell, the choices. No address, agent or time of day.
    let rows = sqlx::query("SELECT * FROM community_reports ORDER BY id")
        .fetch_all(app.store().pool())
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    let columns: Vec<String> = rows[0]
        .columns()
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    assert_eq!(
        columns,
        [
            "id",
            "day",
            "cell",
            "category",
            "signs",
            "locale",
            "status",
            "reviewed_by",
            "reviewed_day",
            "incident_id"
        ]
    );
    for row in &rows {
        let cell: i64 = row.try_get("cell").unwrap();
        let cell = h3o::CellIndex::try_from(cell as u64).unwrap();
        assert_eq!(cell.resolution(), h3o::Resolution::Seven);
        let day: String = row.try_get("day").unwrap();
        assert_eq!(day, today);
    }
    let lt: String = rows[0].try_get("locale").unwrap();
    assert_eq!(lt, "lt");
    app.stop().await.unwrap();
}
both_backends!(the_public_reports_without_an_account_and_leaves_no_trace);

async fn analysts_moderate_reports_into_incidents(db: Db) {
    let app = TestApp::spawn(db).await;
    let analyst = app.token("analyst@test.example", Role::Analyst, None).await;
    let campaigner = app
        .token("campaigner@test.example", Role::Campaigner, None)
        .await;
    let client = reqwest::Client::new();
    let today = time::OffsetDateTime::now_utc().date().to_string();
    for category in ["labour", "sexual"] {
        let r = client
            .post(app.url("/api/v1/reports"))
            .json(&json!({"day": today, "latitude": 52.66, "longitude": 0.16, "category": category, "signs": ["documents"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 202);
    }
    // Campaigners cannot see the queue.
    assert_eq!(
        client
            .get(app.url("/api/v1/reports"))
            .bearer_auth(&campaigner)
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    let queue: Value = client
        .get(app.url("/api/v1/reports"))
        .bearer_auth(&analyst)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ids: Vec<i64> = queue
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 2);
    let accepted: Value = client
        .post(app.url(&format!("/api/v1/reports/{}/accept", ids[0])))
        .bearer_auth(&analyst)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(accepted["status"], "accepted");
    assert!(accepted["incident_id"].as_i64().is_some());
    // Deciding twice is a conflict, not a second incident.
    let r = client
        .post(app.url(&format!("/api/v1/reports/{}/accept", ids[0])))
        .bearer_auth(&analyst)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
    assert_eq!(app.store().count_incidents().await.unwrap(), 1);
    // Rejecting through the page, with its CSRF token.
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
    assert!(page.contains("Sexual exploitation"), "{page}");
    let csrf = page_csrf(&browser, &app.url("/analysis/reports")).await;
    let r = browser
        .post(app.url(&format!("/analysis/reports/{}/reject", ids[1])))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let queue: Value = client
        .get(app.url("/api/v1/reports"))
        .bearer_auth(&analyst)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(queue.as_array().unwrap().is_empty());
    assert_eq!(app.store().count_incidents().await.unwrap(), 1);
    app.stop().await.unwrap();
}
both_backends!(analysts_moderate_reports_into_incidents);
