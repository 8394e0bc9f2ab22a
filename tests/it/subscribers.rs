//! Mailing lists and their subscribers over the API and the pages: a file with bad rows is refused whole
//! with every row named; a good one is imported with its consent; an erased person cannot be imported
//! again; a subscriber's own link shows and downloads what is held, unsubscribes (also with RFC 8058's
//! one-click POST, without a cookie) and erases; a changed or expired link changes nothing; no address
//! reaches the audit log.

use beacon::accounts::Role;
use beacon::subscribers::{Keys, Purpose};
use reqwest::Method as M;
use serde_json::{Value, json};

use crate::both_backends;
use crate::campaigns::{problem, send};
use crate::support::{Db, TestApp};

const GOOD: &str = "email,locale,time_zone,consent_source,consent_at,consent_version,latitude,longitude\n\
    ona.petraitiene@example.lt,lt,Europe/Vilnius,form,2026-03-01T10:00:00Z,leaflet-2026,52.66,0.16\n\
    sam@example.org,en,Europe/London,partner,2026-02-01,,,\n\
    Jonas@Example.LT,lt,Europe/London,import,2026-01-15,,,\n";

async fn lists_import_and_a_subscribers_own_link(db: Db) {
    let app = TestApp::spawn_with(
        db,
        &[(
            "BEACON_CHANNELS__EMAIL__WEBHOOK_SECRET",
            "hook-secret-0123456789",
        )],
    )
    .await;
    let token = app
        .token("campaigner@test.example", Role::Campaigner, None)
        .await;
    let evaluator = app
        .token("evaluator@test.example", Role::Evaluator, None)
        .await;
    let org = app.partner("Fen Bank", "bank").await;
    let partner = app
        .token("partner@test.example", Role::Partner, Some(org))
        .await;

    let r = send(
        &app,
        &token,
        M::POST,
        "/api/v1/lists",
        Some(json!({"name": "Fenland volunteers"})),
    )
    .await;
    assert_eq!(r.status(), 201);
    let list: Value = r.json().await.unwrap();
    let id = list["id"].as_i64().unwrap();
    let p = problem(
        send(
            &app,
            &token,
            M::POST,
            "/api/v1/lists",
            Some(json!({"name": "Fenland volunteers"})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p["field"], "name");
    for (who, path) in [
        (&evaluator, format!("/api/v1/lists/{id}/subscribers")),
        (&partner, "/api/v1/lists".to_string()),
    ] {
        let r = send(&app, who, M::GET, &path, None).await;
        assert_eq!(r.status(), 403, "{path}");
    }

    // A file with bad rows: refused whole, every row named, nobody added.
    let import = |body: &'static str| {
        let url = app.url(&format!("/api/v1/lists/{id}/import?file=members.csv"));
        let token = token.clone();
        async move {
            reqwest::Client::new()
                .post(url)
                .bearer_auth(token)
                .header("content-type", "text/csv")
                .body(body)
                .send()
                .await
                .unwrap()
        }
    };
    let bad = "email,locale,time_zone,consent_source,consent_at\n\
        ona@example.lt,lt,Europe/Vilnius,form,2026-03-01\n\
        not an address,lt,Europe/Vilnius,form,2026-03-01\n\
        sam@example.org,xx,Mars/Olympus,,2099-01-01\n";
    let p = problem(import(bad).await, 422).await;
    let errors: Vec<(u64, String)> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap(),
                e["field"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            (3, "email".to_string()),
            (4, "locale".to_string()),
            (4, "time_zone".to_string()),
            (4, "consent_source".to_string()),
            (4, "consent_at".to_string()),
        ],
        "{p}"
    );
    assert!(p["detail"].as_str().unwrap().contains("members.csv"), "{p}");
    let list: Value = send(&app, &token, M::GET, &format!("/api/v1/lists/{id}"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["confirmed"], 0, "nothing half-imported");

    // A good file: everyone added with their consent; the point became a coarse cell, never kept.
    let r = import(GOOD).await;
    assert_eq!(r.status(), 201);
    let outcome: Value = r.json().await.unwrap();
    assert_eq!(outcome, json!({"added": 3, "already": 0, "suppressed": 0}));
    let people: Vec<Value> = send(
        &app,
        &token,
        M::GET,
        &format!("/api/v1/lists/{id}/subscribers?q=EXAMPLE.LT"),
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(people.len(), 2);
    let ona = people
        .iter()
        .find(|p| p["email"] == "ona.petraitiene@example.lt")
        .unwrap();
    assert_eq!(ona["consent_source"], "form");
    assert_eq!(ona["consent_version"], "leaflet-2026");
    assert_eq!(ona["status"], "confirmed");
    assert_eq!(ona["cell"].as_str().unwrap().len(), 15);
    assert!(ona.get("latitude").is_none() && ona.get("email_hash").is_none());
    let ona_id = ona["id"].as_i64().unwrap();
    let jonas_id = people
        .iter()
        .find(|p| p["email"] == "jonas@example.lt")
        .unwrap()["id"]
        .as_i64()
        .unwrap();

    // The list downloads in the import's own columns.
    let csv = send(
        &app,
        &token,
        M::GET,
        &format!("/api/v1/lists/{id}/export.csv"),
        None,
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(
        csv.starts_with("email,locale,time_zone,consent_source,consent_at"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 4);

    // Staff erase Sam at their request: a re-import does not bring them back.
    let sam = send(
        &app,
        &token,
        M::GET,
        &format!("/api/v1/lists/{id}/subscribers?q=sam"),
        None,
    )
    .await
    .json::<Vec<Value>>()
    .await
    .unwrap();
    let r = send(
        &app,
        &token,
        M::DELETE,
        &format!("/api/v1/subscribers/{}", sam[0]["id"]),
        None,
    )
    .await;
    assert_eq!(r.status(), 204);
    let again: Value = import(GOOD).await.json().await.unwrap();
    assert_eq!(again, json!({"added": 0, "already": 2, "suppressed": 1}));

    // Ona's own link: what is held, its download.
    let subscribers = app.state.services.subscribers();
    let link = subscribers.manage_token(ona_id).await.unwrap();
    let anon = reqwest::Client::new();
    let page = anon
        .get(app.url(&format!("/subscription?t={link}")))
        .header("accept-language", "lt")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.headers().get("set-cookie").is_none());
    let page = page.text().await.unwrap();
    assert!(
        page.contains("ona.petraitiene@example.lt") && page.contains("Fenland volunteers"),
        "{page}"
    );
    assert!(page.contains("Jūsų prenumerata"), "{page}");
    let data: Value = anon
        .get(app.url(&format!("/subscription/data?t={link}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(data["email"], "ona.petraitiene@example.lt");
    assert_eq!(data["entries"][0]["consent_version"], "leaflet-2026");

    // A changed link and an expired one: a clear page, nothing changed.
    let forged = link.replacen(&format!(".{ona_id}."), &format!(".{jonas_id}."), 1);
    let r = anon
        .post(app.url("/subscription/unsubscribe"))
        .form(&[("t", forged.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert!(r.text().await.unwrap().contains("Nothing was changed"));
    let keys: Keys = subscribers.keys().await.unwrap();
    let expired = keys.sign(Purpose::Manage, jonas_id, 1_000);
    let r = anon
        .post(app.url(&format!("/u/{expired}")))
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 410);
    let jonas = app.store().subscriber(jonas_id).await.unwrap().unwrap();
    assert_eq!(jonas.status, "confirmed");

    // RFC 8058: Jonas's mail client posts once, without a cookie or a confirmation page; twice is fine.
    let jonas_link = subscribers.manage_token(jonas_id).await.unwrap();
    for _ in 0..2 {
        let r = anon
            .post(app.url(&format!("/u/{jonas_link}")))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    assert_eq!(
        app.store()
            .subscriber(jonas_id)
            .await
            .unwrap()
            .unwrap()
            .status,
        "unsubscribed"
    );
    let again: Value = import(GOOD).await.json().await.unwrap();
    assert_eq!(again["added"], 0);

    // Ona erases everything; her link then finds nothing.
    let r = anon
        .post(app.url("/subscription/erase"))
        .form(&[("t", link.as_str()), ("confirm", "yes")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    assert!(app.store().subscriber(ona_id).await.unwrap().is_none());
    let r = anon
        .get(app.url(&format!("/subscription?t={link}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);

    // A relay's webhook: its secret is required; a hard bounce suppresses, a soft one does not; an
    // unknown kind refuses the whole batch.
    let hook = |secret: &'static str, body: Value| {
        let url = app.url("/api/v1/email/events");
        async move {
            reqwest::Client::new()
                .post(url)
                .bearer_auth(secret)
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    let hard = json!({"type": "bounce", "email": "hard@example.org", "permanent": true});
    let soft = json!({"type": "bounce", "email": "soft@example.org"});
    let r = hook("wrong", json!({"events": [hard]})).await;
    assert_eq!(r.status(), 401);
    let p = problem(
        hook(
            "hook-secret-0123456789",
            json!({"events": [hard, {"type": "teleport", "email": "y@example.org"}]}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p["field"], "events[1].type");
    let r = hook("hook-secret-0123456789", json!({"events": [hard, soft]})).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["suppressed"], 1);
    let keys = subscribers.keys().await.unwrap();
    assert_eq!(
        app.store()
            .suppression(&keys.address_hash("hard@example.org"))
            .await
            .unwrap()
            .as_deref(),
        Some("bounced")
    );
    assert_eq!(
        app.store()
            .suppression(&keys.address_hash("soft@example.org"))
            .await
            .unwrap(),
        None
    );

    // The audit log holds counts, never an address.
    let audit = app.store().audit_entries(200).await.unwrap();
    for action in [
        "list.create",
        "subscribers.import",
        "subscribers.export",
        "subscriber.erase",
    ] {
        assert!(audit.iter().any(|e| e.action == action), "{action}");
    }
    for e in &audit {
        assert!(
            !e.detail.contains('@') && !e.subject.contains("example.lt"),
            "{e:?}"
        );
    }
    app.stop().await.unwrap();
}
both_backends!(lists_import_and_a_subscribers_own_link);

/// Double opt-in from the public page: the visitor's language and consent wording kept, a confirmation
/// e-mail in that language (to the outbox folder when no relay is set), its link confirms; a changed link
/// changes nothing; the same answer whether or not the address was already there.
async fn a_visitor_signs_up_and_confirms_by_email(db: Db) {
    let app = TestApp::spawn_with(db, &[("BEACON_JOBS__POLL_MS", "100")]).await;
    let token = app
        .token("campaigner@test.example", Role::Campaigner, None)
        .await;
    let r = send(
        &app,
        &token,
        M::POST,
        "/api/v1/lists",
        Some(json!({"name": "Wisbech news"})),
    )
    .await;
    let id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let visitor = reqwest::Client::new();
    let page = visitor
        .get(app.url(&format!("/subscribe/{id}?lang=lt")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let cookie = page
        .headers()
        .get("set-cookie")
        .map(|c| c.to_str().unwrap().to_string());
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Wisbech news") && html.contains("Sutinku gauti"),
        "{html}"
    );
    let post = |form: Vec<(&'static str, &'static str)>| {
        let url = app.url(&format!("/subscribe/{id}"));
        let cookie = cookie.clone();
        async move {
            let mut r = reqwest::Client::new().post(url).form(&form);
            if let Some(c) = cookie {
                r = r.header("cookie", c.split(';').next().unwrap().to_string());
            }
            r.send().await.unwrap()
        }
    };
    // Without the box ticked, or with a zone that is not one: refused, nothing kept.
    for (form, needle) in [
        (
            vec![
                ("email", "rasa@example.lt"),
                ("time_zone", "Europe/Vilnius"),
            ],
            "pažymėkite",
        ),
        (
            vec![
                ("email", "rasa@example.lt"),
                ("time_zone", "Mars/Olympus"),
                ("consent", "yes"),
            ],
            "Olympus",
        ),
        (
            vec![
                ("email", "rasa"),
                ("time_zone", "Europe/Vilnius"),
                ("consent", "yes"),
            ],
            "rasa",
        ),
    ] {
        let r = post(form).await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains(needle), "{needle}");
    }
    assert!(
        app.store()
            .search_subscribers(id, "", 10, 0)
            .await
            .unwrap()
            .is_empty()
    );
    let form = vec![
        ("email", "Rasa@Example.LT"),
        ("time_zone", "Europe/Vilnius"),
        ("place", "town-0"),
        ("consent", "yes"),
    ];
    let first = post(form.clone()).await;
    assert_eq!(first.status(), 200);
    let first = first.text().await.unwrap();
    let rasa = app
        .store()
        .search_subscribers(id, "rasa", 10, 0)
        .await
        .unwrap();
    assert_eq!(rasa.len(), 1);
    assert_eq!(rasa[0].status, "pending");
    assert_eq!(rasa[0].consent_source, "form");
    assert!(rasa[0].consent_version.starts_with("signup-consent@lt:"));
    let words = app
        .store()
        .consent_text(&rasa[0].consent_version)
        .await
        .unwrap()
        .unwrap();
    assert!(words.contains("Sutinku"), "{words}");

    // The confirmation arrives in Lithuanian, in the outbox folder.
    let outbox = app.data_dir().join("outbox");
    let start = std::time::Instant::now();
    let eml = loop {
        let files: Vec<_> = std::fs::read_dir(&outbox)
            .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        // The outbox writes a file in two steps (created, then filled): read it once it is whole.
        if let Some(text) = files
            .iter()
            .find(|f| f.extension().is_some_and(|x| x == "eml"))
            .map(|f| std::fs::read_to_string(f).unwrap_or_default())
            .filter(|t| t.contains("\r\n\r\n") && t.trim_end().ends_with("--"))
        {
            break text;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(30),
            "no confirmation e-mail: {:?}",
            app.store().jobs(None, 20).await.unwrap()
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    let plain = eml.replace("=\r\n", "").replace("=3D", "=");
    assert!(plain.contains("Content-Language: lt"), "{eml}");
    assert!(plain.contains("List-Unsubscribe"), "{eml}");
    let at = plain
        .find("/subscribe/confirm?t=")
        .expect("a confirmation link")
        + "/subscribe/confirm?t=".len();
    let link: String = plain[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();

    // The same answer for an address already there; a changed link changes nothing.
    let again = post(form).await.text().await.unwrap();
    assert_eq!(again.len(), first.len());
    let forged = format!("{}0", &link[..link.len() - 1]);
    let r = visitor
        .get(app.url(&format!("/subscribe/confirm?t={forged}")))
        .send()
        .await
        .unwrap();
    if forged != link {
        assert_eq!(r.status(), 404);
        assert_eq!(
            app.store()
                .subscriber(rasa[0].id)
                .await
                .unwrap()
                .unwrap()
                .status,
            "pending"
        );
    }
    let r = visitor
        .get(app.url(&format!("/subscribe/confirm?t={link}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let sub = app.store().subscriber(rasa[0].id).await.unwrap().unwrap();
    assert_eq!(sub.status, "confirmed");
    assert!(sub.cell.is_some());
    app.stop().await.unwrap();
}
both_backends!(a_visitor_signs_up_and_confirms_by_email);
