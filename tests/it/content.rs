//! Translators' checks over HTTP: an uploaded file is checked against the reference and nothing is saved.

use beacon::accounts::Role;
use serde_json::Value;

use crate::both_backends;
use crate::support::{Db, TestApp};

async fn a_translator_checks_a_file_over_the_api(db: Db) {
    let app = TestApp::spawn(db).await;
    let token = app
        .token("translator@test.example", Role::Translator, None)
        .await;
    let check = |path: &str, body: &'static str, token: &str| {
        reqwest::Client::new()
            .post(app.url(path))
            .bearer_auth(token)
            .body(body)
            .send()
    };
    let on_disk =
        std::fs::read_to_string(crate::support::manifest_dir().join("locales/lt/ui.ftl")).unwrap();
    // A missing variable and a syntax error.
    let r = check(
        "/api/v1/locales/lt/ui.ftl/check",
        "audience-population = žmonių\nregion-summary = { $cells langelių\n",
        &token,
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 200);
    let report: Value = r.json().await.unwrap();
    let findings = report["findings"].as_array().unwrap();
    let variable = findings
        .iter()
        .find(|f| f["code"] == "missing-variable")
        .unwrap_or_else(|| panic!("{report}"));
    assert_eq!(variable["id"], "audience-population");
    assert_eq!(variable["line"], 1);
    let syntax = findings.iter().find(|f| f["code"] == "syntax").unwrap();
    assert_eq!(syntax["line"], 2);
    assert!(report["errors"].as_u64().unwrap() >= 2);
    // Messages the upload lacks are warnings (English shows instead).
    assert!(
        findings
            .iter()
            .any(|f| f["code"] == "missing" && f["severity"] == "warning")
    );
    // Nothing was written.
    assert_eq!(
        std::fs::read_to_string(crate::support::manifest_dir().join("locales/lt/ui.ftl")).unwrap(),
        on_disk
    );
    // Bad names and locales are problems naming the field.
    let r = check(
        "/api/v1/locales/lt/..%2Fsecret.ftl/check",
        "a = b\n",
        &token,
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 422);
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["field"], "file", "{p}");
    let r = check("/api/v1/locales/xx-nope-zz/ui.ftl/check", "a = b\n", &token)
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    // Evaluators do not check translations.
    let evaluator = app
        .token("evaluator@test.example", Role::Evaluator, None)
        .await;
    let r = check("/api/v1/locales/lt/ui.ftl/check", "a = b\n", &evaluator)
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    app.stop().await.unwrap();
}
both_backends!(a_translator_checks_a_file_over_the_api);
