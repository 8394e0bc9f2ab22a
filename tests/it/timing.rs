//! Nothing that times a community report: random report ids, and a moderation queue in day order.

use beacon::accounts::Role;
use serde_json::{Value, json};

use crate::both_backends;
use crate::support::{Db, TestApp, page_csrf};

fn day(days_ago: i64) -> String {
    (time::OffsetDateTime::now_utc().date() - time::Duration::days(days_ago)).to_string()
}

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
