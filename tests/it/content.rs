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

async fn page_text(client: &reqwest::Client, url: &str) -> String {
    client.get(url).send().await.unwrap().text().await.unwrap()
}

fn shipped(path: &str) -> String {
    std::fs::read_to_string(crate::support::manifest_dir().join("locales").join(path)).unwrap()
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut buf);
    for (name, data) in entries {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut w, data).unwrap();
    }
    w.finish().unwrap();
    buf.into_inner()
}

/// The first message id of a file and its first line.
fn first_message(text: &str) -> (String, String) {
    let line = text
        .lines()
        .find(|l| {
            l.contains(" = ") && !l.starts_with('#') && !l.starts_with(' ') && !l.starts_with('-')
        })
        .unwrap();
    (
        line.split(" = ").next().unwrap().to_string(),
        line.to_string(),
    )
}

async fn a_translation_is_uploaded_versioned_rolled_back_and_goes_stale(db: Db) {
    let app = TestApp::spawn(db).await;
    let translator = app
        .token("translator@test.example", Role::Translator, None)
        .await;
    let campaigner = app
        .token("campaigner@test.example", Role::Campaigner, None)
        .await;
    let client = reqwest::Client::new();
    let put = |path: &str, body: Vec<u8>, token: &str| {
        client
            .put(app.url(path))
            .bearer_auth(token)
            .body(body)
            .send()
    };
    let get = |path: &str| client.get(app.url(path)).bearer_auth(&translator).send();
    let completeness = |locale: &'static str| async move {
        let v: Value = get(&format!("/api/v1/locales/{locale}"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        v
    };
    let file_tally = |c: &Value, file: &str, key: &str| -> u64 {
        c["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["file"] == file)
            .unwrap_or_else(|| panic!("no {file} in {c}"))[key]
            .as_u64()
            .unwrap()
    };

    // The summary lists every translation; Polish's survey is partly done.
    let list: Value = get("/api/v1/locales").await.unwrap().json().await.unwrap();
    let codes: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["locale"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"lt") && codes.contains(&"pl") && !codes.contains(&"en"));
    let pl = completeness("pl").await;
    let missing_before = file_tally(&pl, "survey.ftl", "missing");
    assert!(missing_before > 0, "{pl}");
    let lt = completeness("lt").await;
    assert_eq!(lt["missing"], 0, "lt is complete: {lt}");

    // A file with a missing variable and a syntax error is refused with both placed; nothing is saved.
    let r = put(
        "/api/v1/locales/lt/ui.ftl",
        b"audience-population = zmoniu\nregion-summary = { $cells langeliu\n".to_vec(),
        &translator,
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(
        r.headers()["content-type"].to_str().unwrap(),
        "application/problem+json"
    );
    let p: Value = r.json().await.unwrap();
    let codes: Vec<(&str, u64)> = p["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| (f["code"].as_str().unwrap(), f["line"].as_u64().unwrap()))
        .collect();
    assert!(codes.contains(&("missing-variable", 1)), "{p}");
    assert!(codes.contains(&("syntax", 2)), "{p}");
    let versions: Value = get("/api/v1/locales/lt/ui.ftl/versions")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(versions, serde_json::json!([]));

    // A Polish survey with one more message translated is saved as version 1, and completeness moves.
    let to_do = pl["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == "survey.ftl")
        .unwrap()["to_do"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["status"] == "missing" && !m["reference"].as_str().unwrap().contains('$'))
        .unwrap()
        .clone();
    let id = to_do["id"].as_str().unwrap();
    let reference = to_do["reference"].as_str().unwrap();
    // "Translate" it by keeping the English words behind a Polish prefix (a placeholder is still a
    // translation as far as the checks go).
    let translated = reference.replacen(" = ", " = Ankieta: ", 1);
    let mut survey = shipped("pl/survey.ftl");
    survey.push_str(&format!("\n{translated}\n"));
    let r = put(
        "/api/v1/locales/pl/survey.ftl",
        survey.clone().into_bytes(),
        &translator,
    )
    .await
    .unwrap();
    let status = r.status();
    let accepted: Value = r.json().await.unwrap();
    assert_eq!(status, 200, "{accepted}");
    assert_eq!(accepted["versions"][0]["version"], 1);
    assert_eq!(accepted["versions"][0]["changes"]["added"][0], id);
    assert_eq!(accepted["versions"][0]["author"], "translator@test.example");
    let pl = completeness("pl").await;
    assert_eq!(file_tally(&pl, "survey.ftl", "missing"), missing_before - 1);
    // The same file again saves nothing new.
    let r = put(
        "/api/v1/locales/pl/survey.ftl",
        survey.into_bytes(),
        &translator,
    )
    .await
    .unwrap();
    let again: Value = r.json().await.unwrap();
    assert_eq!(again["versions"], serde_json::json!([]), "{again}");
    assert_eq!(again["unchanged"][0], "survey.ftl");

    // Rolling back to the shipped file (version 0) is version 2, and the message is missing again.
    let r = client
        .post(app.url("/api/v1/locales/pl/survey.ftl/versions/0/rollback"))
        .bearer_auth(&translator)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let versions: Value = get("/api/v1/locales/pl/survey.ftl/versions")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(versions[0]["version"], 2);
    assert_eq!(versions[0]["kind"], "rollback");
    assert_eq!(versions[0]["restored"], 0);
    assert_eq!(versions[0]["changes"]["removed"][0], id);
    let pl = completeness("pl").await;
    assert_eq!(file_tally(&pl, "survey.ftl", "missing"), missing_before);
    let v1 = get("/api/v1/locales/pl/survey.ftl/versions/1")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(v1.contains("Ankieta: "));

    // The reference changes: translators may not change it, campaign staff may; Lithuanian goes stale.
    let en_public = shipped("en/public.ftl");
    let (changed_id, line) = first_message(&en_public);
    let new_en = en_public.replacen(&line, &format!("{line} (updated)"), 1);
    let r = put(
        "/api/v1/locales/en/public.ftl",
        new_en.clone().into_bytes(),
        &translator,
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 403);
    let r = put(
        "/api/v1/locales/en/public.ftl",
        new_en.into_bytes(),
        &campaigner,
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 200);
    let lt = completeness("lt").await;
    assert_eq!(file_tally(&lt, "public.ftl", "stale"), 1, "{lt}");
    let stale = &lt["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == "public.ftl")
        .unwrap()["to_do"][0];
    assert_eq!(stale["id"], changed_id.as_str());
    assert!(stale["reference"].as_str().unwrap().contains("(updated)"));
    // The running app shows the new English at once.
    let page = page_text(&client, &app.url("/report?lang=en")).await;
    assert!(page.contains("(updated)"), "the report page did not reload");
    // The translator confirms the Lithuanian is still right.
    let r = client
        .post(app.url("/api/v1/locales/lt/public.ftl/confirm"))
        .bearer_auth(&translator)
        .json(&serde_json::json!({ "ids": [changed_id] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let lt = completeness("lt").await;
    assert_eq!(file_tally(&lt, "public.ftl", "stale"), 0);
    let r = client
        .post(app.url("/api/v1/locales/lt/public.ftl/confirm"))
        .bearer_auth(&translator)
        .json(&serde_json::json!({ "ids": [changed_id] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422, "confirming what is not stale");

    // A zip of a locale: all files saved together.
    let lt_public = shipped("lt/public.ftl");
    let (lt_id, lt_line) = first_message(&lt_public);
    let lt_public2 = lt_public.replacen(&lt_line, &format!("{lt_line}!"), 1);
    let zip = zip_of(&[
        ("lt/public.ftl", lt_public2.as_bytes()),
        ("lt/ui.ftl", shipped("lt/ui.ftl").as_bytes()),
    ]);
    let r = put("/api/v1/locales/lt/zip", zip, &translator)
        .await
        .unwrap();
    let status = r.status();
    let accepted: Value = r.json().await.unwrap();
    assert_eq!(status, 200, "{accepted}");
    assert_eq!(accepted["versions"].as_array().unwrap().len(), 1);
    assert_eq!(
        accepted["versions"][0]["changes"]["changed"][0],
        lt_id.as_str()
    );
    assert_eq!(accepted["unchanged"][0], "ui.ftl");

    // Bad input: each a clear message, nothing written.
    let good = shipped("lt/public.ftl");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "/api/v1/locales/lt/public.ftl",
            [b"\xef\xbb\xbf".as_slice(), good.as_bytes()].concat(),
            "byte-order-mark",
        ),
        (
            "/api/v1/locales/lt/public.ftl",
            good.replace('\n', "\r\n").into_bytes(),
            "line-endings",
        ),
        (
            "/api/v1/locales/lt/public.ftl",
            [good.as_bytes(), b"x = \xff\xfe\n".as_slice()].concat(),
            "encoding",
        ),
    ];
    for (path, body, code) in cases {
        let r = put(path, body, &translator).await.unwrap();
        assert_eq!(r.status(), 422, "{code}");
        let p: Value = r.json().await.unwrap();
        assert!(
            p["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["code"] == code),
            "{code}: {p}"
        );
    }
    let big = format!("{good}\n# {}\n", "x".repeat(3_000_000)).into_bytes();
    let r = put("/api/v1/locales/lt/public.ftl", big, &translator)
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let p: Value = r.json().await.unwrap();
    assert!(
        p["detail"].as_str().unwrap().contains("over the limit"),
        "{p}"
    );
    let r = put(
        "/api/v1/locales/xx/public.ftl",
        good.clone().into_bytes(),
        &translator,
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 422);
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["field"], "locale");
    assert!(
        p["detail"].as_str().unwrap().contains("unknown locale"),
        "{p}"
    );
    let zip = zip_of(&[
        ("lt/public.ftl", good.as_bytes()),
        ("../en/ui.ftl", b"a = b\n"),
    ]);
    let r = put("/api/v1/locales/lt/zip", zip, &translator)
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let p: Value = r.json().await.unwrap();
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("leaves the locale folder"),
        "{p}"
    );
    let versions: Value = get("/api/v1/locales/lt/public.ftl/versions")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        versions.as_array().unwrap().len(),
        1,
        "nothing more was saved"
    );
    app.stop().await.unwrap();
}
both_backends!(a_translation_is_uploaded_versioned_rolled_back_and_goes_stale);

async fn creatives_are_previewed_approved_per_locale_and_withdrawn_on_edit(db: Db) {
    let app = TestApp::spawn(db).await;
    let campaigner = app
        .token("campaigner@test.example", Role::Campaigner, None)
        .await;
    let client = reqwest::Client::new();
    let r = client
        .post(app.url("/api/v1/creatives"))
        .bearer_auth(&campaigner)
        .json(&serde_json::json!({
            "name": "Rights at work", "message_id": "creative-rights-at-work", "image_ref": "images/fields.jpg"
        }))
        .send()
        .await
        .unwrap();
    let status = r.status();
    let view: Value = r.json().await.unwrap();
    assert_eq!(status, 201, "{view}");
    let id = view["creative"]["id"].as_i64().unwrap();
    let preview = |v: &Value, locale: &str| -> Value {
        v["previews"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["locale"] == locale)
            .unwrap_or_else(|| panic!("no {locale} in {v}"))
            .clone()
    };
    let en = preview(&view, "en");
    assert_eq!(en["problems"], serde_json::json!([]), "{en}");
    let headline = en["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "headline")
        .unwrap();
    let lengths = headline["lengths"].as_array().unwrap();
    assert_eq!(lengths.len(), 2);
    assert!(
        lengths
            .iter()
            .any(|m| m["platform"] == "google" && m["limit"] == 30)
    );
    // The pseudo-locale is accented and longer, and never approvable.
    let pseudo = preview(&view, "en-XA");
    let ph = pseudo["fields"][0]["text"].as_str().unwrap();
    assert!(ph.chars().count() > headline["text"].as_str().unwrap().chars().count());
    assert!(!ph.chars().any(|c| c.is_ascii_lowercase()), "{ph}");
    // Right-to-left for Arabic.
    assert_eq!(preview(&view, "ar")["dir"], "rtl");

    // Bad creatives name the field.
    let r = client
        .post(app.url("/api/v1/creatives"))
        .bearer_auth(&campaigner)
        .json(&serde_json::json!({"name": "X", "message_id": "no-such", "image_ref": "a.jpg"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["field"], "message_id");
    let r = client
        .post(app.url("/api/v1/creatives"))
        .bearer_auth(&campaigner)
        .json(&serde_json::json!({"name": "X", "message_id": "creative-debt", "image_ref": "../../etc/passwd"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["field"], "image_ref");

    let put_ftl = |locale: &'static str, body: String| {
        client
            .put(app.url(&format!("/api/v1/locales/{locale}/campaign.ftl")))
            .bearer_auth(&campaigner)
            .body(body)
            .send()
    };
    let get_view = || async {
        client
            .get(app.url(&format!("/api/v1/creatives/{id}")))
            .bearer_auth(&campaigner)
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()
    };
    let approve = |locale: &str| {
        client
            .post(app.url(&format!("/api/v1/creatives/{id}/approvals/{locale}")))
            .bearer_auth(&campaigner)
            .send()
    };
    for locale in ["en", "lt"] {
        let r = approve(locale).await.unwrap();
        assert_eq!(r.status(), 200, "{locale}: {}", r.text().await.unwrap());
    }
    let creative = app.store().creative(id).await.unwrap().unwrap();
    let wanted = vec!["en".to_string(), "lt".to_string(), "pl".to_string()];
    let unapproved = app
        .state
        .services
        .creatives()
        .unapproved(&creative, &wanted)
        .await
        .unwrap();
    assert_eq!(unapproved, ["pl"]);

    // Polish without this creative: English fills in, marked, and approval is refused.
    let pl_campaign = shipped("pl/campaign.ftl");
    let without: String = {
        let mut out = Vec::new();
        let mut skipping = false;
        for l in pl_campaign.lines() {
            if l.starts_with("creative-rights-at-work") {
                skipping = true;
                continue;
            }
            if skipping && (l.starts_with(' ') || l.is_empty()) {
                continue;
            }
            skipping = false;
            out.push(l);
        }
        out.join("\n") + "\n"
    };
    let r = put_ftl("pl", without).await.unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let view = get_view().await;
    let pl = preview(&view, "pl");
    assert!(
        pl["fields"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["fallback"] == true && f["from"] == "en")
    );
    let r = approve("pl").await.unwrap();
    assert_eq!(r.status(), 409);
    assert!(r.text().await.unwrap().contains("has no translation"));

    // A changed Lithuanian headline leaves lt's approval behind; en's holds.
    let lt_campaign = shipped("lt/campaign.ftl");
    let headline_line = lt_campaign
        .lines()
        .skip_while(|l| !l.starts_with("creative-rights-at-work"))
        .find(|l| l.trim_start().starts_with(".headline"))
        .unwrap()
        .to_string();
    let r = put_ftl(
        "lt",
        lt_campaign.replacen(&headline_line, &format!("{headline_line}!"), 1),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let view = get_view().await;
    assert_eq!(preview(&view, "lt")["approval"]["state"], "withdrawn");
    assert_eq!(preview(&view, "en")["approval"]["state"], "approved");

    // Editing the creative withdraws every approval.
    let r = client
        .put(app.url(&format!("/api/v1/creatives/{id}")))
        .bearer_auth(&campaigner)
        .json(&serde_json::json!({
            "name": "Rights at work", "message_id": "creative-rights-at-work", "image_ref": "images/packhouse.jpg"
        }))
        .send()
        .await
        .unwrap();
    let view: Value = r.json().await.unwrap();
    assert_eq!(view["withdrawn"], serde_json::json!(["en", "lt"]), "{view}");
    assert_eq!(preview(&view, "en")["approval"]["state"], "not_approved");
    // Evaluators read creatives but do not approve them.
    let evaluator = app
        .token("evaluator@test.example", Role::Evaluator, None)
        .await;
    let r = client
        .get(app.url(&format!("/api/v1/creatives/{id}")))
        .bearer_auth(&evaluator)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = client
        .post(app.url(&format!("/api/v1/creatives/{id}/approvals/en")))
        .bearer_auth(&evaluator)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    app.stop().await.unwrap();
}
both_backends!(creatives_are_previewed_approved_per_locale_and_withdrawn_on_edit);

async fn the_translation_and_creative_pages_show_fallbacks_versions_and_directions(db: Db) {
    let app = TestApp::spawn(db).await;
    let password = app
        .user("campaigner@test.example", Role::Campaigner, None)
        .await;
    let token = app.token("api@test.example", Role::Campaigner, None).await;
    let client = app.login("campaigner@test.example", &password).await;
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/creatives"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"name": "Debt", "message_id": "creative-debt", "image_ref": "images/debt.jpg"}))
        .send()
        .await
        .unwrap();
    let id = r.json::<Value>().await.unwrap()["creative"]["id"]
        .as_i64()
        .unwrap();
    let page = page_text(&client, &app.url(&format!("/creatives/{id}"))).await;
    // Arabic is laid out right to left; every platform has a card per locale with lengths.
    assert!(page.contains(r#"data-locale="ar""#) && page.contains(r#"dir="rtl""#));
    assert!(
        page.contains("Google Ads") && page.contains("&#x2f;30"),
        "{page}"
    );
    // The pseudo-locale preview is there, and cannot be approved.
    assert!(page.contains(r#"id="locale-en-XA""#));
    // Lithuanian without the creative's headline: English shows, marked.
    let lt =
        std::fs::read_to_string(crate::support::manifest_dir().join("locales/lt/campaign.ftl"))
            .unwrap();
    let headline = lt
        .lines()
        .skip_while(|l| !l.starts_with("creative-debt"))
        .find(|l| l.trim_start().starts_with(".headline"))
        .unwrap();
    let r = reqwest::Client::new()
        .put(app.url("/api/v1/locales/lt/campaign.ftl"))
        .bearer_auth(&token)
        .body(lt.replacen(&format!("{headline}\n"), "", 1))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let page = page_text(&client, &app.url(&format!("/creatives/{id}"))).await;
    let lt_section = page
        .split(r#"id="locale-lt""#)
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    assert!(lt_section.contains("fallback-mark"), "{lt_section}");
    assert!(lt_section.contains("has no translation"));
    // The file's history lists the upload, and the shipped version to roll back to.
    let page = page_text(&client, &app.url("/translate/lt/campaign.ftl")).await;
    assert!(page.contains(r#"data-version="1""#) && page.contains(r#"data-version="0""#));
    assert!(page.contains("api@test.example"));
    // Its preview marks the headline English fills in for.
    assert!(
        page.contains(r#"<tr data-id="creative-debt.headline" data-fallback="en">"#),
        "{page}"
    );
    assert!(page.contains(r#"<tr data-id="creative-debt.description">"#));
    // The English description changes: Lithuanian's goes stale; the translator's form confirms it.
    let en =
        std::fs::read_to_string(crate::support::manifest_dir().join("locales/en/campaign.ftl"))
            .unwrap();
    let description = en
        .lines()
        .skip_while(|l| !l.starts_with("creative-debt"))
        .find(|l| l.trim_start().starts_with(".description"))
        .unwrap();
    let r = reqwest::Client::new()
        .put(app.url("/api/v1/locales/en/campaign.ftl"))
        .bearer_auth(&token)
        .body(en.replacen(description, &format!("{description}."), 1))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let page = page_text(&client, &app.url("/translate/lt")).await;
    assert!(
        page.contains(r#"<tr data-id="creative-debt" data-status="stale">"#),
        "{page}"
    );
    let csrf = crate::support::hidden_field(&page, "csrf").unwrap();
    let r = client
        .post(app.url("/translate/lt/campaign.ftl/confirm"))
        .form(&[("csrf", csrf.as_str()), ("id", "creative-debt")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let page = page_text(&client, &app.url("/translate/lt")).await;
    assert!(!page.contains(r#"data-status="stale""#), "{page}");
    // Rolling Lithuanian's campaign back to the shipped file through the history page's form.
    let r = client
        .post(app.url("/translate/lt/campaign.ftl/rollback"))
        .form(&[("csrf", csrf.as_str()), ("version", "0")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let versions = app
        .store()
        .locale_versions("lt", "campaign.ftl")
        .await
        .unwrap();
    assert_eq!((versions[0].version, versions[0].restored), (2, Some(0)));
    // A zip through the upload page: one leaving the folder is refused with the reason; a good one is saved.
    let upload_zip = |zip: Vec<u8>| {
        let boundary = "beaconboundary";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"lt.zip\"\r\n\
             Content-Type: application/zip\r\n\r\n"
        )
        .into_bytes();
        body.extend(zip);
        body.extend(format!("\r\n--{boundary}--\r\n").into_bytes());
        client
            .post(app.url("/translate/lt/upload"))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
    };
    let public = shipped("lt/public.ftl");
    let r = upload_zip(zip_of(&[
        ("lt/public.ftl", public.as_bytes()),
        ("../en/ui.ftl", b"a = b\n"),
    ]))
    .await
    .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("leaves the locale folder"));
    let (_, line) = first_message(&public);
    let r = upload_zip(zip_of(&[(
        "public.ftl",
        public.replacen(&line, &format!("{line}!"), 1).as_bytes(),
    )]))
    .await
    .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains(r#"data-outcome="saved""#));
    assert_eq!(
        app.store()
            .locale_versions("lt", "public.ftl")
            .await
            .unwrap()[0]
            .version,
        1
    );
    // Arabic pages are laid out right to left.
    let page = page_text(&client, &app.url("/report?lang=ar")).await;
    assert!(page.contains(r#"<html lang="ar" dir="rtl">"#));
    // The pseudo-locale works on any page.
    let page = page_text(&client, &app.url("/report?lang=en-XA")).await;
    // "Report a concern", accented with its vowels doubled.
    assert!(page.contains("Ŕééþööŕŧ"), "{page}");
    app.stop().await.unwrap();
}
both_backends!(the_translation_and_creative_pages_show_fallbacks_versions_and_directions);

async fn racing_creatives_with_one_name_give_one_creative_and_a_field_error(db: Db) {
    let app = TestApp::spawn(db).await;
    let campaigner = app
        .token("campaigner@test.example", Role::Campaigner, None)
        .await;
    let client = reqwest::Client::new();
    let create = |image: &str| {
        client
            .post(app.url("/api/v1/creatives"))
            .bearer_auth(&campaigner)
            .json(&serde_json::json!({
                "name": "Rights at work", "message_id": "creative-rights-at-work", "image_ref": image
            }))
            .send()
    };
    let (a, b) = tokio::join!(create("images/fields.jpg"), create("images/packhouse.jpg"));
    let (a, b) = (a.unwrap(), b.unwrap());
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort_unstable();
    let bodies = [
        a.json::<Value>().await.unwrap(),
        b.json::<Value>().await.unwrap(),
    ];
    assert_eq!(statuses, [201, 422], "{bodies:?}");
    let refused = bodies.iter().find(|v| v.get("field").is_some()).unwrap();
    assert_eq!(refused["field"], "name", "{refused}");
    assert_eq!(app.store().creatives().await.unwrap().len(), 1);
    // The creative and its audit entry were stored together; the refused one left neither.
    let created = app
        .store()
        .audit_entries(100)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "creative.create")
        .count();
    assert_eq!(created, 1);
    // Renaming another creative to the name in use is the same field error.
    let r = client
        .post(app.url("/api/v1/creatives"))
        .bearer_auth(&campaigner)
        .json(&serde_json::json!({
            "name": "Debt", "message_id": "creative-debt", "image_ref": "images/fields.jpg"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.unwrap()["creative"]["id"]
        .as_i64()
        .unwrap();
    let r = client
        .put(app.url(&format!("/api/v1/creatives/{id}")))
        .bearer_auth(&campaigner)
        .json(&serde_json::json!({
            "name": "Rights at work", "message_id": "creative-debt", "image_ref": "images/fields.jpg"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["field"], "name");
    app.stop().await.unwrap();
}
both_backends!(racing_creatives_with_one_name_give_one_creative_and_a_field_error);

/// A placeable nested 5,000 deep (44 KB) used to overflow a worker's stack and abort the server; 20,000
/// deep aborted `beacon locales check`. Both now name the line and the limit, and the server keeps serving.
async fn a_file_nested_too_deep_is_refused_and_the_server_keeps_serving(db: Db) {
    let app = TestApp::spawn(db).await;
    let token = app
        .token("translator@test.example", Role::Translator, None)
        .await;
    let deep = format!(
        "app-name = Beacon\ndeep = {}\"x\"{}\n",
        "{ ".repeat(5_000),
        " }".repeat(5_000)
    );
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/locales/lt/ui.ftl/check"))
        .bearer_auth(&token)
        .body(deep.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let report: Value = r.json().await.unwrap();
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "too-deep")
        .unwrap_or_else(|| panic!("{report}"))
        .clone();
    assert_eq!(finding["line"], 2);
    assert!(
        finding["message"].as_str().unwrap().contains("64"),
        "{finding}"
    );
    let health = reqwest::get(app.url("/healthz")).await.unwrap();
    assert_eq!(health.status(), 200);

    // The command line, 20,000 deep.
    let dir = tempfile::tempdir().unwrap();
    let (en, lt) = (dir.path().join("en"), dir.path().join("lt"));
    std::fs::create_dir_all(&en).unwrap();
    std::fs::create_dir_all(&lt).unwrap();
    std::fs::write(en.join("ui.ftl"), "deep = x\n").unwrap();
    std::fs::write(
        lt.join("ui.ftl"),
        format!(
            "deep = {}\"x\"{}\n",
            "{ ".repeat(20_000),
            " }".repeat(20_000)
        ),
    )
    .unwrap();
    let out = crate::support::beacon_command()
        .args(["locales", "check", "--dir"])
        .arg(dir.path())
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(134), "aborted: {stderr}");
    assert!(out.status.code().is_some(), "killed by a signal: {stderr}");
    assert!(
        format!("{stdout}{stderr}").contains("nested more than 64 deep"),
        "{stdout}\n{stderr}"
    );
    app.stop().await.unwrap();
}
both_backends!(a_file_nested_too_deep_is_refused_and_the_server_keeps_serving);
