//! Measuring reach over the API: events held off line (bad fields named, audited), and a campaign's reach
//! across its channels: a platform's daily figures (a re-fetch replacing a day, never adding to it), the
//! events, the plain sum and the unique estimate within the audience, with its assumptions.

use beacon::accounts::Role;
use beacon::services::Actor;
use beacon::store::campaigns::InsightRow;
use reqwest::Method as M;
use serde_json::{Value, json};

use crate::both_backends;
use crate::campaigns::{problem, send};
use crate::support::{Db, TestApp};

async fn reach_across_channels(db: Db) {
    let app = TestApp::spawn(db).await;
    beacon::demo::seed(&app.state.services).await.unwrap();
    let services = &app.state.services;
    let campaign = services
        .campaigns()
        .list(&Actor::System("test"))
        .await
        .unwrap()[0]
        .id;
    let staff = app
        .token("campaigner@test.example", Role::Campaigner, None)
        .await;
    let evaluator = app
        .token("evaluator@test.example", Role::Evaluator, None)
        .await;
    let partner = app.partner("Reach Partner", "ngo").await;
    let outsider = app
        .token("member@reach.example", Role::Partner, Some(partner))
        .await;
    let events = format!("/api/v1/campaigns/{campaign}/events");
    let today = services.clock.now().date();
    let tomorrow = today.next_day().unwrap();
    let good = json!({"name": "Community awareness day", "place": "Wisbech market place",
        "held_on": today.to_string(), "people_reached": 400, "counted_how": "leaflets handed out"});
    for (change, field) in [
        (json!({"held_on": tomorrow.to_string()}), "held_on"),
        (json!({"people_reached": -1}), "people_reached"),
        (json!({"place": "  "}), "place"),
        (json!({"counted_how": ""}), "counted_how"),
    ] {
        let mut body = good.clone();
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        let p = problem(send(&app, &staff, M::POST, &events, Some(body)).await, 422).await;
        assert_eq!(p["field"], field, "{p}");
    }
    let r = send(&app, &evaluator, M::POST, &events, Some(good.clone())).await;
    assert_eq!(r.status(), 403, "evaluators read, they do not record");
    let r = send(&app, &staff, M::POST, &events, Some(good.clone())).await;
    assert_eq!(r.status(), 201);
    let listed: Value = send(&app, &evaluator, M::GET, &events, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed[0]["people_reached"], 400);

    // A platform's days: reach 1,000 then 1,500; fetched again, the second day is revised to 1,400 and
    // replaces itself.
    let row = |day: &str, reach: i64, at: i64| InsightRow {
        channel: "sandbox".into(),
        day: day.into(),
        breakdown: String::new(),
        reach,
        impressions: reach * 2,
        clicks: 10,
        spend_minor: 500,
        fetched_at: at,
    };
    for rows in [
        vec![row("2026-11-01", 1000, 1), row("2026-11-02", 1500, 1)],
        vec![row("2026-11-02", 1400, 2)],
    ] {
        let mut tx = app.store().begin().await.unwrap();
        tx.store_insights(campaign, &rows).await.unwrap();
        tx.commit().await.unwrap();
    }

    let url = format!("/api/v1/campaigns/{campaign}/reach");
    let r = send(&app, &outsider, M::GET, &url, None).await;
    assert_eq!(r.status(), 403);
    let reach: Value = send(&app, &evaluator, M::GET, &url, None)
        .await
        .json()
        .await
        .unwrap();
    let channel = |name: &str| {
        reach["channels"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["channel"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no {name} in {reach}"))
    };
    let sandbox = channel("sandbox");
    assert_eq!(sandbox["days"], 2, "a re-fetched day replaces itself");
    assert_eq!(sandbox["reach"], 1400, "the highest day, not a sum of days");
    assert_eq!(sandbox["impressions"], 2000 + 2800);
    assert_eq!(sandbox["basis"], "reach-basis-platform-peak");
    assert_eq!(channel("events")["reach"], 400);
    let sum = reach["sum"].as_i64().unwrap();
    assert_eq!(
        sum,
        reach["channels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["reach"].as_i64().unwrap())
            .sum::<i64>()
    );
    let notes: Vec<&str> = reach["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert!(notes.contains(&"reach-note-platform-peak"), "{notes:?}");
    let audience = reach["audience"]
        .as_f64()
        .expect("the demo audience has a size");
    let unique = reach["unique"]["unique"].as_f64().unwrap();
    assert!(
        unique <= audience && unique <= sum as f64 && unique >= 1400.0,
        "{reach}"
    );
    assert!(notes.contains(&"reach-note-sainsbury"));

    assert!(reach["email"].is_null() || reach["email"]["sent"].is_number());

    // E-mail: three messages sent and one failed; afterwards one address bounced for good and one
    // unsubscribed, and one had bounced before its message went (not this campaign's doing).
    let sent_ms: i64 = 1_800_000_000_000;
    for (hash, status) in [
        ("h-a", "sent"),
        ("h-b", "sent"),
        ("h-c", "sent"),
        ("h-d", "failed"),
    ] {
        sqlx::query(
            "INSERT INTO email_messages (campaign_id, email_hash, locale, status, not_before_ms, attempts, \
             updated_at_ms) VALUES ($1, $2, 'en', $3, 0, 1, $4) \
             ON CONFLICT (campaign_id, email_hash) DO NOTHING",
        )
        .bind(campaign)
        .bind(hash)
        .bind(status)
        .bind(sent_ms)
        .execute(app.store().pool())
        .await
        .unwrap();
    }
    for (hash, reason, at) in [
        ("h-a", "bounced", 1_800_000_010),
        ("h-b", "unsubscribed", 1_800_000_020),
        ("h-c", "bounced", 1_799_999_000),
    ] {
        sqlx::query(
            "INSERT INTO email_suppressions (email_hash, reason, at) VALUES ($1, $2, $3) \
             ON CONFLICT (email_hash) DO NOTHING",
        )
        .bind(hash)
        .bind(reason)
        .bind(at)
        .execute(app.store().pool())
        .await
        .unwrap();
    }
    let reach: Value = send(&app, &evaluator, M::GET, &url, None)
        .await
        .json()
        .await
        .unwrap();
    let email = &reach["email"];
    let before = |k: &str| email[k].as_i64().unwrap();
    assert!(before("sent") >= 3, "{email}");
    assert_eq!(
        (before("bounced"), before("unsubscribed")),
        (1, 1),
        "{email}"
    );
    assert_eq!(before("delivered"), before("sent") - 1);
    assert!(before("failed") >= 1);
    let row = reach["channels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["channel"] == "email")
        .unwrap();
    assert_eq!(row["reach"], email["delivered"]);
    assert_eq!(row["basis"], "reach-basis-email-delivered");

    let audit = app.store().audit_entries(20).await.unwrap();
    let recorded = audit.iter().find(|e| e.action == "event.record").unwrap();
    assert!(recorded.detail.contains("400"), "{}", recorded.detail);
}
both_backends!(reach_across_channels);
