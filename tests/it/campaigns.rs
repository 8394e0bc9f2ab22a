//! Campaigns over the API: made with every mistake named on saving, approved only once each locale's
//! creative is, moved through their states with illegal moves refused naming the state, sent back to draft
//! when edited after approval, launched on time by the job worker, and read (not run) by evaluators.

use std::time::{Duration, Instant};

use beacon::accounts::Role;
use beacon::services::Actor;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::both_backends;
use crate::support::{Db, TestApp};

pub(crate) async fn send(
    app: &TestApp,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut r = reqwest::Client::new()
        .request(method, app.url(path))
        .bearer_auth(token);
    if let Some(b) = body {
        r = r.json(&b);
    }
    r.send().await.unwrap()
}

pub(crate) async fn problem(r: reqwest::Response, status: u16) -> Value {
    let got = r.status().as_u16();
    let body: Value = r.json().await.unwrap();
    assert_eq!(got, status, "{body}");
    body
}

pub(crate) fn at(offset_s: i64) -> String {
    (OffsetDateTime::now_utc() + time::Duration::seconds(offset_s))
        .replace_nanosecond(0)
        .unwrap()
        .format(&Rfc3339)
        .unwrap()
}

/// The demo's data, its audience frozen and a creative not yet approved: what a campaigner starts from.
pub(crate) async fn seeded(app: &TestApp) -> (i64, i64) {
    let services = &app.state.services;
    beacon::demo::seed(services).await.unwrap();
    let operator = Actor::System("test");
    let audiences = services
        .audiences()
        .list_audiences(&operator)
        .await
        .unwrap();
    let available: Vec<String> = services
        .locales
        .available()
        .map(|l| l.as_str().to_string())
        .collect();
    let snapshot = services
        .audiences()
        .freeze(&operator, audiences[0].id, "spring campaign", &available)
        .await
        .unwrap();
    let creatives = services.creatives().list(&operator).await.unwrap();
    let creative = creatives
        .iter()
        .find(|c| c.message_id == "creative-passport")
        .unwrap();
    (snapshot.id, creative.id)
}

pub(crate) fn plan(snapshot: i64, creative: i64, starts: &str, ends: &str) -> Value {
    json!({
        "name": "Fenland spring",
        "objective": "awareness",
        "snapshot_id": snapshot,
        "creative_id": creative,
        "locales": ["en", "lt"],
        "time_zone": "Europe/London",
        "starts_at": starts,
        "ends_at": ends,
        "channels": [{"channel": "sandbox", "budget_minor": 150000, "currency": "GBP", "budget_kind": "lifetime"}],
        "schedules": [{"channel": "sandbox", "locale": "lt", "cron": "0 18 * * FRI", "time_zone": "Europe/Vilnius"}]
    })
}

async fn campaigns_move_through_their_states(db: Db) {
    let app = TestApp::spawn_with(db, &[("BEACON_JOBS__POLL_MS", "100")]).await;
    let (snapshot, creative) = seeded(&app).await;
    let token = app
        .token("campaigner@test.example", Role::Campaigner, None)
        .await;
    let evaluator = app
        .token("evaluator@test.example", Role::Evaluator, None)
        .await;
    let partner_org = app.partner("Fen Bank", "bank").await;
    let partner = app
        .token("partner@test.example", Role::Partner, Some(partner_org))
        .await;
    use reqwest::Method as M;

    let demo_campaigns = app.store().campaigns().await.unwrap().len();
    // Every mistake is named on saving.
    let good = plan(snapshot, creative, &at(30 * 86400), &at(60 * 86400));
    for (patch, field) in [
        (
            json!({"channels": [{"channel": "sandbox", "budget_minor": 0, "currency": "GBP", "budget_kind": "lifetime"}]}),
            "channels[0].budget_minor",
        ),
        (
            json!({"channels": [{"channel": "sandbox", "budget_minor": 5, "currency": "GBX", "budget_kind": "lifetime"}]}),
            "channels[0].currency",
        ),
        (json!({"time_zone": "Europe/Londn"}), "time_zone"),
        (json!({"ends_at": at(10 * 86400)}), "ends_at"),
        (
            json!({"schedules": [{"channel": "sandbox", "cron": "0 0 30 2 *"}]}),
            "schedules[0].cron",
        ),
        (json!({"snapshot_id": 999_999}), "snapshot_id"),
        (json!({"locales": ["en", "xx"]}), "locales"),
        // A real currency, but not the (sandbox) ad account's.
        (
            json!({"channels": [{"channel": "sandbox", "budget_minor": 500, "currency": "EUR", "budget_kind": "lifetime"}]}),
            "channels[0].currency",
        ),
    ] {
        let mut body = good.clone();
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        let p = problem(
            send(&app, &token, M::POST, "/api/v1/campaigns", Some(body)).await,
            422,
        )
        .await;
        assert_eq!(p["field"], field, "{p}");
    }
    assert_eq!(
        app.store().campaigns().await.unwrap().len(),
        demo_campaigns,
        "nothing half-made is left"
    );

    let r = send(
        &app,
        &token,
        M::POST,
        "/api/v1/campaigns",
        Some(good.clone()),
    )
    .await;
    assert_eq!(r.status(), 201);
    let c: Value = r.json().await.unwrap();
    let id = c["id"].as_i64().unwrap();
    assert_eq!(c["state"], "draft");
    // It has a follow-up survey: its ads lead there (it names no landing page of its own).
    crate::surveys::follow_up_survey(&app.state.services, "spring", Some(id), None, 0).await;

    // Approval waits for the creative in both locales.
    let p = problem(
        send(
            &app,
            &token,
            M::POST,
            &format!("/api/v1/campaigns/{id}/approve"),
            None,
        )
        .await,
        409,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("en, lt"), "{p}");
    for locale in ["en", "lt"] {
        let r = send(
            &app,
            &token,
            M::POST,
            &format!("/api/v1/creatives/{creative}/approvals/{locale}"),
            None,
        )
        .await;
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    }
    let r = send(
        &app,
        &token,
        M::POST,
        &format!("/api/v1/campaigns/{id}/approve"),
        None,
    )
    .await;
    assert_eq!(r.status(), 200);

    // An illegal move names the state it is in.
    let p = problem(
        send(
            &app,
            &token,
            M::POST,
            &format!("/api/v1/campaigns/{id}/pause"),
            None,
        )
        .await,
        409,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("approved"), "{p}");
    // Nobody outside the campaign staff moves it; evaluators read it; partners see none.
    problem(
        send(
            &app,
            &evaluator,
            M::POST,
            &format!("/api/v1/campaigns/{id}/schedule"),
            None,
        )
        .await,
        403,
    )
    .await;
    assert_eq!(
        send(
            &app,
            &evaluator,
            M::GET,
            &format!("/api/v1/campaigns/{id}"),
            None
        )
        .await
        .status(),
        200
    );
    problem(
        send(&app, &partner, M::GET, "/api/v1/campaigns", None).await,
        403,
    )
    .await;

    // Scheduled: the launch is queued for the start time.
    let r = send(
        &app,
        &token,
        M::POST,
        &format!("/api/v1/campaigns/{id}/schedule"),
        None,
    )
    .await;
    assert_eq!(r.status(), 200);
    let jobs = app.store().jobs(Some("queued"), 50).await.unwrap();
    let launch = jobs.iter().find(|j| j.kind == "campaign_launch").unwrap();
    let starts = OffsetDateTime::parse(good["starts_at"].as_str().unwrap(), &Rfc3339).unwrap();
    assert_eq!(launch.run_at_ms, starts.unix_timestamp() * 1000);

    // Edited after approval: back to draft, saying why.
    let mut edited = good.clone();
    edited["channels"][0]["budget_minor"] = json!(200000);
    let r = send(
        &app,
        &token,
        M::PUT,
        &format!("/api/v1/campaigns/{id}"),
        Some(edited),
    )
    .await;
    let c: Value = r.json().await.unwrap();
    assert_eq!(c["state"], "draft", "{c}");
    assert!(c["state_reason"].as_str().unwrap().contains("edited"));

    // Approved again, now starting in two seconds: the worker launches it on time.
    let mut soon = good.clone();
    soon["starts_at"] = json!(at(2));
    let r = send(
        &app,
        &token,
        M::PUT,
        &format!("/api/v1/campaigns/{id}"),
        Some(soon),
    )
    .await;
    assert_eq!(r.status(), 200);
    for action in ["approve", "schedule"] {
        let r = send(
            &app,
            &token,
            M::POST,
            &format!("/api/v1/campaigns/{id}/{action}"),
            None,
        )
        .await;
        assert_eq!(r.status(), 200, "{action}: {}", r.text().await.unwrap());
    }
    let start = Instant::now();
    let view = loop {
        let view: Value = send(
            &app,
            &token,
            M::GET,
            &format!("/api/v1/campaigns/{id}"),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
        if view["campaign"]["state"] == "running" {
            break view;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "not launched: {view}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let history: Vec<(String, String, String)> = view["transitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["from_state"].as_str().unwrap().to_string(),
                t["to_state"].as_str().unwrap().to_string(),
                t["actor"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        history.last().unwrap(),
        &(
            "scheduled".to_string(),
            "running".to_string(),
            "worker".to_string()
        )
    );
    // Fridays at 18:00 in Vilnius (UTC+2 in winter, UTC+3 in summer), within the campaign's 60 days.
    let runs = view["next_runs"][0].as_array().unwrap();
    assert!((8..=9).contains(&runs.len()), "{runs:?}");
    for r in runs {
        let t = OffsetDateTime::parse(r.as_str().unwrap(), &Rfc3339).unwrap();
        assert_eq!(t.weekday(), time::Weekday::Friday);
        assert!([15, 16].contains(&t.hour()), "{t}");
    }

    // The sandbox platform holds the campaign's objects, stored as they were made, and delivers.
    let start = Instant::now();
    let view = loop {
        let view: Value = send(
            &app,
            &token,
            M::GET,
            &format!("/api/v1/campaigns/{id}"),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
        if view["campaign"]["channels"][0]["progress"] == "active" {
            break view;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "not delivering: {view}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let steps: Vec<&str> = view["objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["step"].as_str().unwrap())
        .collect();
    assert!(
        steps.contains(&"campaign") && steps.iter().any(|s| s.ends_with(":lt")),
        "{steps:?}"
    );
    // Each locale's ad leads to the follow-up survey in its language, counted as the sandbox's.
    let state: Value =
        serde_json::from_slice(&std::fs::read(app.data_dir().join("sandbox.json")).unwrap())
            .unwrap();
    let ads = state[format!("beacon-c{id}")]["campaign"]["ads"]
        .as_array()
        .unwrap_or_else(|| panic!("{state}"));
    let links: Vec<(&str, &str)> = ads
        .iter()
        .map(|a| {
            (
                a["locale"].as_str().unwrap(),
                a["link_url"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        links,
        [
            (
                "en",
                "http://127.0.0.1:8080/s/spring?w=follow-up&g=here&ch=sandbox&lang=en"
            ),
            (
                "lt",
                "http://127.0.0.1:8080/s/spring?w=follow-up&g=here&ch=sandbox&lang=lt"
            ),
        ]
    );

    // Its delivery figures are fetched at once after the launch: today's simulated day, in total and by
    // age and gender, kept for the measurement; the page's view sums them.
    let start = Instant::now();
    let rows: Vec<Value> = loop {
        let rows: Vec<Value> = send(
            &app,
            &evaluator,
            M::GET,
            &format!("/api/v1/campaigns/{id}/insights"),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
        if !rows.is_empty() {
            break rows;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no delivery figures"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let today = OffsetDateTime::now_utc().date().to_string();
    let total = rows
        .iter()
        .find(|r| r["breakdown"] == "" && r["channel"] == "sandbox")
        .unwrap_or_else(|| panic!("no total: {rows:?}"));
    assert_eq!(total["day"], today.as_str());
    assert!(total["impressions"].as_i64().unwrap() > 0, "{total}");
    assert!(total["reach"].as_i64().unwrap() <= total["impressions"].as_i64().unwrap());
    assert!(rows.iter().any(|r| r["breakdown"] == "gender:female"));
    assert!(
        rows.iter()
            .any(|r| r["breakdown"].as_str().unwrap().starts_with("age:"))
    );
    let view: Value = send(
        &app,
        &token,
        M::GET,
        &format!("/api/v1/campaigns/{id}"),
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    let delivery = &view["delivery"][0];
    assert_eq!(delivery["channel"], "sandbox");
    assert_eq!(delivery["impressions"], total["impressions"]);
    assert_eq!(delivery["currency"], "GBP");
    // The next fetch waits its interval, queued by the first: one chain per channel.
    let queued = app
        .store()
        .jobs(Some("queued"), 500)
        .await
        .unwrap()
        .into_iter()
        .filter(|j| {
            j.kind == "campaign_insights" && j.payload.contains(&format!("\"campaign_id\":{id},"))
        })
        .count();
    assert_eq!(queued, 1);
    // A partner reads no delivery figures.
    let r = send(
        &app,
        &partner,
        M::GET,
        &format!("/api/v1/campaigns/{id}/insights"),
        None,
    )
    .await;
    assert_eq!(r.status(), 403);

    // Pause and resume; cancelling needs a reason.
    for action in ["pause", "resume"] {
        let r = send(
            &app,
            &token,
            M::POST,
            &format!("/api/v1/campaigns/{id}/{action}"),
            None,
        )
        .await;
        assert_eq!(r.status(), 200);
    }
    let p = problem(
        send(
            &app,
            &token,
            M::POST,
            &format!("/api/v1/campaigns/{id}/cancel"),
            None,
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p["field"], "reason");

    // While it runs, a channel's budget changes (audited with the old amount) and reaches the platform;
    // a budget of nothing, an unknown channel and an evaluator are refused.
    let budget = |channel: &str| format!("/api/v1/campaigns/{id}/channels/{channel}/budget");
    for (channel, body, status, field) in [
        (
            "sandbox",
            json!({"budget_minor": 0}),
            422,
            Some("budget_minor"),
        ),
        ("google", json!({"budget_minor": 900}), 422, Some("channel")),
        (
            "sandbox",
            json!({"budget_minor": 900, "extra": 1}),
            422,
            None,
        ),
    ] {
        let p = problem(
            send(&app, &token, M::PUT, &budget(channel), Some(body)).await,
            status,
        )
        .await;
        if let Some(field) = field {
            assert_eq!(p["field"], field, "{p}");
        }
    }
    let r = send(
        &app,
        &evaluator,
        M::PUT,
        &budget("sandbox"),
        Some(json!({"budget_minor": 200000})),
    )
    .await;
    assert_eq!(r.status(), 403);
    let r = send(
        &app,
        &token,
        M::PUT,
        &budget("sandbox"),
        Some(json!({"budget_minor": 200000, "reason": "the council doubled its grant"})),
    )
    .await;
    assert_eq!(r.status(), 200);
    let c: Value = r.json().await.unwrap();
    assert_eq!(c["channels"][0]["budget_minor"], 200000);
    let start = Instant::now();
    loop {
        let jobs = app.store().jobs(None, 500).await.unwrap();
        let job = jobs
            .iter()
            .find(|j| j.kind == "campaign_deliver" && j.payload.contains("\"budget\""))
            .expect("the budget is carried by a job");
        if job.status == "done" {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the budget did not reach the platform: {job:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let audit = app.store().audit_entries(200).await.unwrap();
    let entry = audit
        .iter()
        .find(|e| e.action == "campaign.budget")
        .expect("the change is audited");
    assert!(
        entry.detail.contains("150000") && entry.detail.contains("200000"),
        "{}",
        entry.detail
    );

    // The calendar of flights and sends.
    let r = send(
        &app,
        &evaluator,
        M::GET,
        &format!("/api/v1/campaigns/{id}/calendar.ics"),
        None,
    )
    .await;
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let ics = r.text().await.unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(ics.contains(&format!("UID:campaign-{id}-flight-sandbox@beacon")));
    assert!(ics.matches("BEGIN:VEVENT").count() > 2);

    // A campaign with the export channel gives the files a person uploads by hand.
    let mut by_hand = plan(snapshot, creative, &at(30 * 86400), &at(60 * 86400));
    by_hand["name"] = json!("Fenland by hand");
    by_hand["channels"] = json!([{"channel": "export", "budget_minor": 9000, "currency": "GBP", "budget_kind": "daily"}]);
    by_hand["schedules"] = json!([]);
    let r = send(&app, &token, M::POST, "/api/v1/campaigns", Some(by_hand)).await;
    assert_eq!(r.status(), 201);
    let other: Value = r.json().await.unwrap();
    let other_id = other["id"].as_i64().unwrap();
    let r = send(
        &app,
        &evaluator,
        M::GET,
        &format!("/api/v1/campaigns/{other_id}/export/beacon-c{other_id}-meta.csv"),
        None,
    )
    .await;
    assert_eq!(r.status(), 200);
    let csv = r.text().await.unwrap();
    assert!(
        csv.lines().count() >= 3,
        "a header and one row per locale: {csv}"
    );
    assert!(
        csv.contains(&format!("beacon-c{other_id}:campaign")) && csv.contains(",lt,"),
        "the campaign's objects by name, an ad in Lithuanian: {csv}"
    );
    let r = send(
        &app,
        &evaluator,
        M::GET,
        &format!("/api/v1/campaigns/{other_id}/export/beacon-c{other_id}-targets.kml"),
        None,
    )
    .await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("<kml"));
    problem(
        send(
            &app,
            &evaluator,
            M::GET,
            &format!("/api/v1/campaigns/{id}/export/beacon-c{id}-meta.csv"),
            None,
        )
        .await,
        404,
    )
    .await;

    // Every move is in the audit log.
    let audit = app.store().audit_entries(200).await.unwrap();
    let moves = audit
        .iter()
        .filter(|e| e.action == "campaign.move" && e.subject == format!("campaign {id}"))
        .count();
    assert_eq!(moves, history.len() + 2, "{history:?}");
    app.stop().await.unwrap();
}
both_backends!(campaigns_move_through_their_states);
