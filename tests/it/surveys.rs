//! Surveys end to end: definitions checked (their words against the locale files), waves and groups, the
//! public form (no cookie, a one-use token, answers checked and named, near-duplicates flagged and not
//! counted until kept), versions kept when a survey with answers is edited, and the results with their
//! intervals, change and difference-in-differences, small groups kept from non-analysts.

use beacon::accounts::Role;
use beacon::store::surveys::NewResponse;
use reqwest::Method as M;
use serde_json::{Value, json};

use crate::both_backends;
use crate::campaigns::{problem, send};
use crate::support::{Db, TestApp};

pub(crate) fn definition() -> Value {
    serde_json::from_str(beacon::web::surveys::EXAMPLE_DEFINITION).unwrap()
}

/// A follow-up survey `key` for a campaign or a region, as campaign staff would make it: a follow-up from
/// `opens_in` days from today for 31 days after a 30-day baseline, a target group (in
/// `region_id`) and a comparison group.
pub(crate) async fn follow_up_survey(
    services: &beacon::services::Services,
    key: &str,
    campaign_id: Option<i64>,
    region_id: Option<i64>,
    opens_in: i64,
) {
    use beacon::services::surveys::{GroupInput, SurveyInput, WaveInput};
    let actor = beacon::services::Actor::System("test");
    let surveys = services.surveys();
    let survey = surveys
        .create(
            &actor,
            &SurveyInput {
                key: key.into(),
                name: format!("{key} follow-up"),
                campaign_id,
                free_text: false,
                definition: serde_json::from_value(definition()).unwrap(),
            },
        )
        .await
        .unwrap();
    let today = services.clock.now().date();
    let day = |d: i64| (today + time::Duration::days(d)).to_string();
    for (wave, phase, opens, closes) in [
        ("baseline", "before", day(opens_in - 30), day(opens_in - 1)),
        ("follow-up", "after", day(opens_in), day(opens_in + 30)),
    ] {
        let input = WaveInput {
            key: wave.into(),
            phase: phase.into(),
            opens_on: opens,
            closes_on: closes,
        };
        surveys.add_wave(&actor, survey.id, &input).await.unwrap();
    }
    for (group, role, region) in [("here", "target", region_id), ("there", "comparison", None)] {
        let input = GroupInput {
            key: group.into(),
            role: role.into(),
            name: group.into(),
            region_id: region,
        };
        surveys.add_group(&actor, survey.id, &input).await.unwrap();
    }
}

fn hidden(html: &str, name: &str) -> String {
    let at = html
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("no hidden {name}"));
    let rest = &html[at + name.len() + 15..];
    rest[..rest.find('"').unwrap()].to_string()
}

/// Makes the Fenland survey with two waves open today and two groups; returns its id.
pub(crate) async fn fenland_survey(app: &TestApp, token: &str) -> i64 {
    let body = json!({"key": "fenland", "name": "Fenland follow-up", "definition": definition()});
    let r = send(app, token, M::POST, "/api/v1/surveys", Some(body)).await;
    let created: Value = r.json().await.unwrap();
    let id = created["id"].as_i64().expect("created");
    let today = app.state.services.clock.now().date().to_string();
    for (key, phase) in [("baseline", "before"), ("follow-up", "after")] {
        let w = json!({"key": key, "phase": phase, "opens_on": today, "closes_on": today});
        let r = send(
            app,
            token,
            M::POST,
            &format!("/api/v1/surveys/{id}/waves"),
            Some(w),
        )
        .await;
        assert_eq!(r.status(), 201);
    }
    for (key, role, name) in [
        ("fenland", "target", "Fenland"),
        ("breckland", "comparison", "Breckland"),
    ] {
        let g = json!({"key": key, "role": role, "name": name});
        let r = send(
            app,
            token,
            M::POST,
            &format!("/api/v1/surveys/{id}/groups"),
            Some(g),
        )
        .await;
        assert_eq!(r.status(), 201);
    }
    id
}

async fn surveys_from_definition_to_difference_in_differences(db: Db) {
    let app = TestApp::spawn(db).await;
    let staff = app
        .token("campaigner@test.example", Role::Campaigner, None)
        .await;
    let evaluator = app
        .token("evaluator@test.example", Role::Evaluator, None)
        .await;
    let analyst = app.token("analyst@test.example", Role::Analyst, None).await;
    let partner = app.partner("Survey Partner", "bank").await;
    let outsider = app
        .token("member@bank.example", Role::Partner, Some(partner))
        .await;

    // Bad definitions, each named.
    for (change, field) in [
        (
            json!({"/questions/0/text": "survey-q-nowhere"}),
            "definition",
        ),
        (json!({"/outcome/values/0": "maybe"}), "outcome.values"),
        (json!({"/questions/3/points": 2}), "questions[3].points"),
    ] {
        let mut d = definition();
        for (path, v) in change.as_object().unwrap() {
            *d.pointer_mut(path).unwrap() = v.clone();
        }
        let body = json!({"key": "bad", "name": "Bad", "definition": d});
        let p = problem(
            send(&app, &staff, M::POST, "/api/v1/surveys", Some(body)).await,
            422,
        )
        .await;
        assert_eq!(p["field"], field, "{p}");
    }
    let body = json!({"key": "x", "name": "X", "definition": definition()});
    let r = send(&app, &evaluator, M::POST, "/api/v1/surveys", Some(body)).await;
    assert_eq!(
        r.status(),
        403,
        "evaluators read surveys, they do not make them"
    );

    let id = fenland_survey(&app, &staff).await;
    let body = json!({"key": "fenland", "name": "Again", "definition": definition()});
    let p = problem(
        send(&app, &staff, M::POST, "/api/v1/surveys", Some(body)).await,
        422,
    )
    .await;
    assert_eq!(p["field"], "key");

    // The public form, in Lithuanian, without a cookie.
    let client = TestApp::client();
    let link = "/s/fenland?w=follow-up&g=fenland&ch=meta&lang=lt";
    let page = client.get(app.url(link)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.headers().get("set-cookie").is_none(), "no cookie");
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Ar dabar elgtumėtės kitaip"),
        "Lithuanian words"
    );
    let token = hidden(&html, "t");
    let post = |token: String, answers: Vec<(&'static str, &'static str)>| {
        let client = client.clone();
        let app_url = app.url("/s/fenland");
        async move {
            let mut form: Vec<(&str, String)> = vec![
                ("t", token),
                ("w", "follow-up".into()),
                ("g", "fenland".into()),
                ("ch", "meta".into()),
                ("lang", "lt".into()),
            ];
            form.extend(answers.into_iter().map(|(k, v)| (k, v.to_string())));
            client.post(app_url).form(&form).send().await.unwrap()
        }
    };
    // A bad answer names its question and keeps nothing.
    let r = post(token.clone(), vec![("act", "yes"), ("confident", "9")]).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("id=\"q-confident\" aria-invalid=\"true\""),
        "{html}"
    );
    // The same page's form sent twice, in parallel: one response.
    let burst: Vec<_> = (0..8)
        .map(|_| {
            post(
                token.clone(),
                vec![
                    ("act", "yes"),
                    ("seen", "yes"),
                    ("first", "helpline"),
                    ("first", "someone"),
                ],
            )
        })
        .collect();
    let statuses: Vec<u16> = futures::future::join_all(burst)
        .await
        .into_iter()
        .map(|r| r.status().as_u16())
        .collect();
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    let count = app.store().survey_response_count(id, None).await.unwrap();
    assert_eq!(count, 1, "a page's form is kept once");
    // A forged token keeps nothing.
    let r = post(
        "f.1.99999999999.00000000000000000000000000000000".into(),
        vec![("act", "yes")],
    )
    .await;
    assert_eq!(r.status(), 422);
    // A second page from the same address with nearly the same answers: kept, flagged for review.
    let html = client
        .get(app.url(link))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let r = post(
        hidden(&html, "t"),
        vec![
            ("act", "yes"),
            ("seen", "no"),
            ("first", "helpline"),
            ("first", "someone"),
        ],
    )
    .await;
    assert_eq!(r.status(), 200);
    let flagged: Value = send(
        &app,
        &staff,
        M::GET,
        &format!("/api/v1/surveys/{id}/flagged"),
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(flagged["total"], 1, "{flagged}");
    let flagged_id = flagged["responses"][0]["id"].as_i64().unwrap();
    // A link naming no wave that exists: the closed page.
    let r = client
        .get(app.url("/s/fenland?w=nope&g=fenland"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);

    // Known cells, through the store: target 40/100 → 55/100 (+1 from the form), comparison 42/100 → 44/100.
    let today = app.state.services.clock.now().date().to_string();
    let view: Value = send(
        &app,
        &evaluator,
        M::GET,
        &format!("/api/v1/surveys/{id}"),
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    let wave = |k: &str| {
        view["waves"]
            .as_array()
            .unwrap()
            .iter()
            .find(|w| w["key"] == k)
            .unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    let group = |k: &str| {
        view["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["key"] == k)
            .unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    let mut tx = app.store().begin().await.unwrap();
    for (w, g, yes, n) in [
        ("baseline", "fenland", 40, 100),
        ("follow-up", "fenland", 54, 99),
        ("baseline", "breckland", 42, 100),
        ("follow-up", "breckland", 44, 100),
    ] {
        for i in 0..n {
            let answers = if i < yes {
                r#"{"act":"yes","confident":4}"#
            } else {
                r#"{"act":"no","confident":2}"#
            };
            tx.insert_response(&NewResponse {
                survey_id: id,
                version: 1,
                wave_id: wave(w),
                group_id: group(g),
                locale: if i % 3 == 0 { "lt" } else { "en" },
                channel: "meta",
                import_id: None,
                submitted_on: &today,
                answers,
                free_text: None,
                flagged: false,
            })
            .await
            .unwrap();
        }
    }
    tx.commit().await.unwrap();

    let results = |token: String| {
        let app = &app;
        async move {
            let r = send(
                app,
                &token,
                M::GET,
                &format!("/api/v1/surveys/{id}/results"),
                None,
            )
            .await;
            assert_eq!(r.status(), 200);
            r.json::<Value>().await.unwrap()
        }
    };
    let res = results(evaluator.clone()).await;
    let cell = |res: &Value, w: &str, g: &str| {
        res["cells"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["wave"] == w && c["group"] == g)
            .unwrap()
            .clone()
    };
    assert_eq!(
        cell(&res, "follow-up", "fenland")["share"]["rows"],
        100,
        "the flagged response is not counted"
    );
    assert_eq!(cell(&res, "follow-up", "fenland")["share"]["share"], 0.55);
    let (tb, ta, cb, ca) = (0.40_f64, 0.55_f64, 0.42_f64, 0.44_f64);
    let did = res["did"]["did"].as_f64().unwrap();
    assert!(
        (did - ((ta - tb) - (ca - cb))).abs() < 1e-12,
        "{}",
        res["did"]
    );
    let se = [tb, ta, cb, ca]
        .iter()
        .map(|p| p * (1.0 - p) / 100.0)
        .sum::<f64>()
        .sqrt();
    assert!((res["did"]["se"].as_f64().unwrap() - se).abs() < 1e-12);
    let change = res["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c[0] == "fenland")
        .unwrap()[1]
        .clone();
    assert!((change["change"].as_f64().unwrap() - 0.15).abs() < 1e-12);
    assert!(
        res["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["id"] == "survey-note-flagged")
    );
    // Kept after review, it counts.
    let r = send(
        &app,
        &staff,
        M::POST,
        &format!("/api/v1/surveys/{id}/flagged/{flagged_id}"),
        Some(json!({"keep": true})),
    )
    .await;
    assert_eq!(r.status(), 204);
    let res = results(evaluator.clone()).await;
    assert_eq!(cell(&res, "follow-up", "fenland")["share"]["rows"], 101);
    // The locale breakdown: a group of answers under k is kept from the evaluator, shown to the analyst.
    let lt_small = |res: &Value| {
        res["breakdowns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| {
                b["by"] == "channel"
                    && b["value"] == "meta"
                    && b["group"] == "fenland"
                    && b["wave"] == "follow-up"
            })
            .unwrap()
            .clone()
    };
    assert_eq!(lt_small(&res)["suppressed"], false);
    let r = send(
        &app,
        &outsider,
        M::GET,
        &format!("/api/v1/surveys/{id}/results"),
        None,
    )
    .await;
    assert_eq!(r.status(), 403);
    let res = results(analyst.clone()).await;
    assert!(
        res["cells"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["suppressed"] == false)
    );

    // Edited after answers: a new version; earlier answers keep version 1.
    let mut d = definition();
    d["questions"].as_array_mut().unwrap().pop();
    let r = send(
        &app,
        &staff,
        M::PUT,
        &format!("/api/v1/surveys/{id}/definition"),
        Some(d.clone()),
    )
    .await;
    let edited: Value = r.json().await.unwrap();
    assert_eq!(edited["version"], 2, "{edited}");
    assert_eq!(
        app.store()
            .survey_response_count(id, Some(1))
            .await
            .unwrap(),
        401
    );
    assert_eq!(
        app.store()
            .survey_response_count(id, Some(2))
            .await
            .unwrap(),
        0
    );
    // A page read now (its questions held in memory for seconds), then version 2 rewritten by another
    // instance: that page's answers, checked against words version 2 no longer has, are refused and
    // the form shown again with the new questions, not kept under the wrong words.
    let en_link = "/s/fenland?w=follow-up&g=fenland&ch=meta&lang=en";
    let old_page = client.get(app.url(en_link)).send().await.unwrap();
    let old_token = hidden(&old_page.text().await.unwrap(), "t");
    d["questions"].as_array_mut().unwrap().pop();
    let mut tx = app.store().begin().await.unwrap();
    tx.put_survey_version(id, 2, &d.to_string(), 0)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let r = post(
        old_token.clone(),
        vec![("act", "no"), ("first", "helpline")],
    )
    .await;
    assert_eq!(r.status(), 409);
    let html = r.text().await.unwrap();
    assert!(html.contains("klausimai buvo pakeisti"), "{html}");
    assert!(
        !html.contains("name=\"first\""),
        "the new questions: {html}"
    );
    let fresh_token = hidden(&html, "t");
    assert_ne!(fresh_token, old_token, "a new page's token");
    // Edited again here before any answer to version 2: version 2 is rewritten.
    let r = send(
        &app,
        &staff,
        M::PUT,
        &format!("/api/v1/surveys/{id}/definition"),
        Some(d),
    )
    .await;
    let edited: Value = r.json().await.unwrap();
    assert_eq!(edited["version"], 2);
    let at_two = || async {
        app.store()
            .survey_response_count(id, Some(2))
            .await
            .unwrap()
    };
    assert_eq!(at_two().await, 0, "nothing kept from the stale page");
    // Many pages sent at once, with one page's form among them twice: each page's answers kept once,
    // every sender answered only after its response is on disk.
    let mut tokens = vec![fresh_token];
    for _ in 0..39 {
        let html = client
            .get(app.url(link))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        tokens.push(hidden(&html, "t"));
    }
    tokens.push(tokens[7].clone());
    let burst: Vec<_> = tokens
        .into_iter()
        .enumerate()
        .map(|(i, t)| post(t, vec![("act", if i % 2 == 0 { "yes" } else { "no" })]))
        .collect();
    let statuses: Vec<u16> = futures::future::join_all(burst)
        .await
        .into_iter()
        .map(|r| r.status().as_u16())
        .collect();
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    assert_eq!(at_two().await, 40, "forty pages, forty responses");
    let audit = app.store().audit_entries(100).await.unwrap();
    for action in [
        "survey.create",
        "survey.wave",
        "survey.group",
        "survey.edit",
        "survey.settle",
    ] {
        assert!(audit.iter().any(|a| a.action == action), "{action} audited");
    }
}

both_backends!(surveys_from_definition_to_difference_in_differences);

async fn a_small_group_is_shown_to_analysts_only(db: Db) {
    let app = TestApp::spawn(db).await;
    let staff = app
        .token("campaigner@test.example", Role::Campaigner, None)
        .await;
    let evaluator = app
        .token("evaluator@test.example", Role::Evaluator, None)
        .await;
    let analyst = app.token("analyst@test.example", Role::Analyst, None).await;
    let id = fenland_survey(&app, &staff).await;
    // Three answers in one cell, through the form (three pages, different answers).
    let client = TestApp::client();
    for answers in [
        [("act", "yes"), ("seen", "yes"), ("confident", "5")],
        [("act", "no"), ("seen", "no"), ("confident", "1")],
        [("act", "yes"), ("seen", "not-sure"), ("confident", "3")],
    ] {
        let html = client
            .get(app.url("/s/fenland?w=baseline&g=breckland&ch=qr"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let mut form = vec![
            ("t", hidden(&html, "t")),
            ("w", "baseline".into()),
            ("g", "breckland".into()),
            ("ch", "qr".into()),
        ];
        form.extend(answers.iter().map(|(k, v)| (*k, v.to_string())));
        let r = client
            .post(app.url("/s/fenland"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    let get = |token: String| {
        let app = &app;
        async move {
            send(
                app,
                &token,
                M::GET,
                &format!("/api/v1/surveys/{id}/results"),
                None,
            )
            .await
            .json::<Value>()
            .await
            .unwrap()
        }
    };
    let cell = |res: &Value| {
        res["cells"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["wave"] == "baseline" && c["group"] == "breckland")
            .unwrap()
            .clone()
    };
    let seen = get(evaluator).await;
    assert_eq!(cell(&seen)["suppressed"], true);
    assert!(cell(&seen)["share"].is_null());
    assert!(
        seen["likert"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["scale"].is_null())
    );
    let seen = get(analyst).await;
    assert_eq!(cell(&seen)["share"]["rows"], 3);
    assert_eq!(cell(&seen)["small"], true);
    let likert = seen["likert"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["group"] == "breckland")
        .unwrap()
        .clone();
    assert_eq!(likert["scale"]["mean"], 3.0);
    // A share of 2/3 has a Wilson interval inside [0, 1].
    let share = &cell(&seen)["share"];
    assert!(share["ci_low"].as_f64().unwrap() > 0.0 && share["ci_high"].as_f64().unwrap() < 1.0);
}

both_backends!(a_small_group_is_shown_to_analysts_only);

/// A multipart body of text parts and one file part; returns (content type, body).
fn multipart(parts: &[(&str, &str)], file_name: &str, file: &str) -> (String, String) {
    let boundary = "beacon-test-boundary-7f3a";
    let mut body = String::new();
    for (name, value) in parts {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    body.push_str(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: text/csv\r\n\r\n{file}\r\n--{boundary}--\r\n"
    ));
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(
    app: &TestApp,
    token: &str,
    path: &str,
    parts: &[(&str, &str)],
    file_name: &str,
    file: &str,
) -> reqwest::Response {
    let (kind, body) = multipart(parts, file_name, file);
    reqwest::Client::new()
        .post(app.url(path))
        .bearer_auth(token)
        .header("content-type", kind)
        .body(body)
        .send()
        .await
        .unwrap()
}

/// A Google Forms export of the Fenland survey: its header is the questions' English words, a checkbox
/// answer joins the options' words with ", ", and the timestamp is month first.
const GOOGLE_FORMS: &str = "Timestamp,Have you seen our message about work rights in the last month?,Would you act differently now if you saw signs of exploitation?,\"If you saw signs that someone is being exploited, what would you do first?\",How sure are you that you would know where to get help for someone being exploited?,wave,group
4/10/2026 7:33:52,Yes,Yes,\"Call the helpline, Tell someone I trust\",4,follow-up,fenland
4/10/2026 9:01:10,No,No,,2,follow-up,fenland
4/11/2026 18:20:00,Not sure,Yes,Tell someone I trust,3,baseline,breckland
4/12/2026 10:00:00,Yes,No,,1,baseline,fenland
";

async fn answers_are_imported_through_a_saved_mapping(db: Db) {
    let app = TestApp::spawn(db).await;
    let staff = app
        .token("campaigner@test.example", Role::Campaigner, None)
        .await;
    let evaluator = app
        .token("evaluator@test.example", Role::Evaluator, None)
        .await;
    let id = fenland_survey(&app, &staff).await;
    let imports = format!("/api/v1/surveys/{id}/imports");
    let google = [("format", "google_forms")];
    let responses = |app: &TestApp| {
        let store = app.store().clone();
        async move {
            store
                .survey_answer_counts(id, true)
                .await
                .unwrap()
                .iter()
                .map(|c| c.count)
                .sum::<i64>()
        }
    };

    // No mapping yet: refused, naming it. Evaluators do not import.
    let r = upload(&app, &staff, &imports, &google, "fenland.csv", GOOGLE_FORMS).await;
    assert_eq!(problem(r, 422).await["field"], "mapping");
    let r = upload(
        &app,
        &evaluator,
        &imports,
        &google,
        "fenland.csv",
        GOOGLE_FORMS,
    )
    .await;
    assert_eq!(r.status(), 403);
    let r = upload(
        &app,
        &staff,
        &imports,
        &[("format", "excel")],
        "fenland.csv",
        GOOGLE_FORMS,
    )
    .await;
    assert_eq!(problem(r, 422).await["field"], "format");

    // The mapping suggested from the header: each question found by its English words.
    let r = upload(
        &app,
        &staff,
        &format!("{imports}/mapping"),
        &google,
        "fenland.csv",
        GOOGLE_FORMS,
    )
    .await;
    assert_eq!(r.status(), 200);
    let suggested: Value = r.json().await.unwrap();
    assert_eq!(suggested["saved"], false);
    let mut mapping = suggested["mapping"].clone();
    assert_eq!(
        mapping["columns"].as_object().unwrap().len(),
        4,
        "{mapping}"
    );
    assert_eq!(
        mapping["columns"]["Would you act differently now if you saw signs of exploitation?"],
        "act"
    );
    assert_eq!(mapping["values"]["first"]["Call the helpline"], "helpline");
    assert_eq!(mapping["wave"], json!({"column": "wave"}));
    assert_eq!(mapping["submitted"]["column"], "Timestamp");
    // The file does not say the language or the channel: the person importing does.
    mapping["locale"] = json!({"fixed": "en"});
    mapping["channel"] = json!({"fixed": "web"});
    let mapping_text = mapping.to_string();
    let with_mapping = [
        ("format", "google_forms"),
        ("mapping", mapping_text.as_str()),
    ];

    // A file with bad rows keeps nothing, and names each: a wave the survey lacks, an answer that is
    // not an option, a number out of range.
    let bad = GOOGLE_FORMS
        .replace("3,baseline,breckland", "3,midline,breckland")
        .replace("No,No,,2", "No,Maybe,,2")
        .replace("Yes,No,,1", "Yes,No,,9");
    let r = upload(&app, &staff, &imports, &with_mapping, "bad.csv", &bad).await;
    let p = problem(r, 422).await;
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
    assert_eq!(errors.len(), 2, "{p}");
    assert!(
        errors
            .iter()
            .any(|(l, f)| *l == 3 && f.starts_with("Would you act")),
        "{p}"
    );
    assert!(
        errors
            .iter()
            .any(|(l, f)| *l == 5 && f.starts_with("How sure")),
        "{p}"
    );
    // The answers are right but the wave is not the survey's.
    let only_wave = GOOGLE_FORMS.replace("3,baseline,breckland", "3,midline,breckland");
    let r = upload(&app, &staff, &imports, &with_mapping, "bad.csv", &only_wave).await;
    let p = problem(r, 422).await;
    assert_eq!(
        (
            p["errors"][0]["line"].as_u64(),
            p["errors"][0]["field"].as_str()
        ),
        (Some(4), Some("wave")),
        "{p}"
    );
    assert!(
        p["errors"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("midline"),
        "{p}"
    );
    assert_eq!(responses(&app).await, 0, "nothing kept");

    // The good file: every row kept, the mapping saved.
    let r = upload(
        &app,
        &staff,
        &imports,
        &with_mapping,
        "fenland.csv",
        GOOGLE_FORMS,
    )
    .await;
    assert_eq!(r.status(), 201);
    let summary: Value = r.json().await.unwrap();
    assert_eq!(summary["rows"], 4);
    assert_eq!(responses(&app).await, 4);
    let r = upload(
        &app,
        &staff,
        &format!("{imports}/mapping"),
        &google,
        "next.csv",
        GOOGLE_FORMS,
    )
    .await;
    let saved: Value = r.json().await.unwrap();
    assert_eq!(saved["saved"], true);
    assert_eq!(saved["mapping"], mapping);
    // Only the day is kept of the timestamp.
    let days: Vec<String> = app.store().survey_submission_days(id).await.unwrap();
    assert_eq!(
        days,
        ["2026-04-10", "2026-04-10", "2026-04-11", "2026-04-12"]
    );

    // The next export of that format is read with the saved mapping.
    let r = upload(&app, &staff, &imports, &google, "week2.csv", GOOGLE_FORMS).await;
    assert_eq!(r.status(), 201);
    assert_eq!(responses(&app).await, 8);

    // A KoboToolbox export: the questions' names, several choices joined by a space, and its own
    // submission time column.
    let kobo = "start,end,seen,act,first,confident,wave,group,_submission_time,_uuid\n\
                2026-04-20T08:00:00.000+01:00,2026-04-20T08:03:00.000+01:00,yes,yes,helpline someone,5,follow-up,breckland,2026-04-20T07:03:10,a1\n\
                2026-04-21T08:00:00.000+01:00,2026-04-21T08:04:00.000+01:00,no,no,,2,follow-up,breckland,2026-04-21T07:04:10,a2\n";
    let r = upload(
        &app,
        &staff,
        &format!("{imports}/mapping"),
        &[("format", "kobo")],
        "kobo.csv",
        kobo,
    )
    .await;
    let suggested: Value = r.json().await.unwrap();
    let mut k = suggested["mapping"].clone();
    assert_eq!(k["format"], "kobo");
    k["locale"] = json!({"fixed": "lt"});
    k["channel"] = json!({"fixed": "qr"});
    let k = k.to_string();
    let r = upload(
        &app,
        &staff,
        &imports,
        &[("format", "kobo"), ("mapping", &k)],
        "kobo.csv",
        kobo,
    )
    .await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    assert_eq!(responses(&app).await, 10);

    app.stop().await.unwrap();
}

both_backends!(answers_are_imported_through_a_saved_mapping);

/// Post-stratification: a survey that asks age band and gender is weighted to the audience's shares
/// (`audience.age_bands` × `audience.genders`), cell by cell, with Kish's effective size in the
/// interval; responses that do not say are left out and counted in a note; a survey that asks neither
/// cannot be weighted; weighting questions that are not single choice or name no audience group are
/// refused, naming the field.
async fn results_are_weighted_to_the_population(db: Db) {
    let app = TestApp::spawn(db).await;
    let staff = app
        .token("campaigner@test.example", Role::Campaigner, None)
        .await;
    let option = |v: &str| json!({"value": v, "text": "survey-a-yes"});
    let mut d = definition();
    d["questions"].as_array_mut().unwrap().extend([
        json!({"key": "age", "text": "survey-q-seen", "kind": "single",
               "options": [option("18-24"), option("25-34"), option("35-44"), option("prefer-not")]}),
        json!({"key": "gender", "text": "survey-q-seen", "kind": "single",
               "options": [option("female"), option("male")]}),
    ]);
    // Refused: a yes/no question, and options none of which is an audience group.
    for (weighting, field) in [
        (json!({"age": "act"}), "weighting.age"),
        (json!({"gender": "age"}), "weighting.gender"),
        (json!({}), "weighting"),
    ] {
        let mut bad = d.clone();
        bad["weighting"] = weighting;
        let body = json!({"key": "bad", "name": "Bad", "definition": bad});
        let p = problem(
            send(&app, &staff, M::POST, "/api/v1/surveys", Some(body)).await,
            422,
        )
        .await;
        assert_eq!(p["field"], field, "{p}");
    }
    d["weighting"] = json!({"age": "age", "gender": "gender"});
    let body = json!({"key": "weighted", "name": "Weighted", "definition": d});
    let r = send(&app, &staff, M::POST, "/api/v1/surveys", Some(body)).await;
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let today = app.state.services.clock.now().date().to_string();
    let w = json!({"key": "after", "phase": "after", "opens_on": today, "closes_on": today});
    let r = send(
        &app,
        &staff,
        M::POST,
        &format!("/api/v1/surveys/{id}/waves"),
        Some(w),
    )
    .await;
    let wave_id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let g = json!({"key": "fenland", "role": "target", "name": "Fenland"});
    let r = send(
        &app,
        &staff,
        M::POST,
        &format!("/api/v1/surveys/{id}/groups"),
        Some(g),
    )
    .await;
    let group_id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    // 30 women of 18-24 (20 would act), 10 men of 25-34 (2 would act), 5 who did not say their age.
    let mut tx = app.store().begin().await.unwrap();
    for (age, gender, yes, n) in [
        ("18-24", "female", 20, 30),
        ("25-34", "male", 2, 10),
        ("prefer-not", "male", 5, 5),
    ] {
        for i in 0..n {
            let act = if i < yes { "yes" } else { "no" };
            let answers = format!(r#"{{"act":"{act}","age":"{age}","gender":"{gender}"}}"#);
            tx.insert_response(&NewResponse {
                survey_id: id,
                version: 1,
                wave_id,
                group_id,
                locale: "en",
                channel: "meta",
                import_id: None,
                submitted_on: &today,
                answers: &answers,
                free_text: None,
                flagged: false,
            })
            .await
            .unwrap();
        }
    }
    tx.commit().await.unwrap();
    let results = |query: &'static str| {
        let (app, staff) = (&app, &staff);
        async move {
            let r = send(
                app,
                staff,
                M::GET,
                &format!("/api/v1/surveys/{id}/results{query}"),
                None,
            )
            .await;
            assert_eq!(r.status(), 200);
            r.json::<Value>().await.unwrap()
        }
    };
    let plain = results("").await;
    assert_eq!(plain["weighted"], false);
    assert_eq!(plain["can_weight"], true);
    let share = &plain["cells"][0]["share"];
    assert!(
        (share["share"].as_f64().unwrap() - 27.0 / 45.0).abs() < 1e-12,
        "{share}"
    );

    let weighted = results("?weighted=true").await;
    assert_eq!(weighted["weighted"], true);
    // The population's shares of the two strata answered, among themselves.
    let cfg = &app.state.services.config.audience;
    let p1 = cfg.age_bands["18-24"] * cfg.genders["female"];
    let p2 = cfg.age_bands["25-34"] * cfg.genders["male"];
    let (w1, w2) = ((p1 / (p1 + p2)) / 0.75, (p2 / (p1 + p2)) / 0.25);
    let expect = (20.0 * w1 + 2.0 * w2) / (30.0 * w1 + 10.0 * w2);
    let n_eff = (30.0 * w1 + 10.0 * w2).powi(2) / (30.0 * w1 * w1 + 10.0 * w2 * w2);
    let share = &weighted["cells"][0]["share"];
    assert!(
        (share["share"].as_f64().unwrap() - expect).abs() < 1e-12,
        "{share}"
    );
    assert!(
        (share["n"].as_f64().unwrap() - n_eff).abs() < 1e-9,
        "{share}"
    );
    assert_eq!(share["rows"], 40, "the five who did not say are left out");
    let notes = weighted["notes"].to_string();
    assert!(notes.contains("survey-note-weighted"), "{notes}");
    assert!(notes.contains("survey-note-weight-left-out"), "{notes}");
    // The page shows the choice and the note in words.
    let password = app
        .user("evaluator@test.example", Role::Evaluator, None)
        .await;
    let browser = app.login("evaluator@test.example", &password).await;
    let html = browser
        .get(app.url(&format!("/surveys/{id}?weighted=true")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Weighted to the population"), "{html}");
    assert!(html.contains("5 responses did not say"), "{html}");

    // A survey without weighting questions is not weighted, and says why.
    let other = fenland_survey(&app, &staff).await;
    let p = problem(
        send(
            &app,
            &staff,
            M::GET,
            &format!("/api/v1/surveys/{other}/results?weighted=true"),
            None,
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p["field"], "weighted");
}

both_backends!(results_are_weighted_to_the_population);

/// The paragraph with `id` in `html`, up to its end.
fn paragraph(html: &str, id: &str) -> String {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no {id}: {html}"));
    html[at..].split("</p>").next().unwrap().to_string()
}

/// What Beacon's e-mails, packs and ads link to: the newest fitting survey's follow-up wave (open now, or
/// the next to open) in its target group, for a campaign or for a region; a survey whose follow-up has
/// closed is passed over; a link that comes before its wave opens says the day it opens.
async fn follow_up_links_lead_to_the_wave_open_or_to_come(db: Db) {
    use beacon::services::surveys::{GroupInput, LinkFor, SurveyLink};
    let app = TestApp::spawn(db).await;
    let services = &app.state.services;
    beacon::demo::seed(services).await.unwrap();
    let actor = beacon::services::Actor::System("test");
    let fenland = crate::packs::fenland(services).await;
    let campaign = services.campaigns().list(&actor).await.unwrap()[0].id;
    let surveys = services.surveys();
    let link = |survey: &str, wave: &str, group: &str| {
        Some(SurveyLink {
            survey: survey.into(),
            wave: wave.into(),
            group: group.into(),
        })
    };
    let found = |of: LinkFor| {
        let surveys = &surveys;
        async move { surveys.follow_up_link(of).await.unwrap() }
    };
    // The demo's survey: its follow-up is open, its target group is the Fenland region.
    let demo = link("fenland", "follow-up", "fenland");
    assert_eq!(found(LinkFor::Region(fenland)).await, demo);
    assert_eq!(found(LinkFor::Campaign(campaign)).await, demo);
    assert_eq!(
        demo.as_ref()
            .unwrap()
            .url("https://beacon.example/", "qr", "lt"),
        "https://beacon.example/s/fenland?w=follow-up&g=fenland&ch=qr&lang=lt"
    );
    // A newer survey for the campaign whose follow-up opens in ten days: the campaign links there.
    follow_up_survey(services, "later", Some(campaign), None, 10).await;
    assert_eq!(
        found(LinkFor::Campaign(campaign)).await,
        link("later", "follow-up", "here")
    );
    // A newer one for the region whose follow-up closed: passed over.
    follow_up_survey(services, "over", None, Some(fenland), -40).await;
    assert_eq!(found(LinkFor::Region(fenland)).await, demo);
    // Nothing for a campaign without a survey or a region no target group is in.
    assert_eq!(found(LinkFor::Campaign(999_999)).await, None);
    assert_eq!(found(LinkFor::Region(999_999)).await, None);
    // A group in a region that does not exist is refused, naming the field.
    let id = surveys
        .list(&actor)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.key == "later")
        .unwrap()
        .id;
    let bad = GroupInput {
        key: "nowhere".into(),
        role: "target".into(),
        name: "Nowhere".into(),
        region_id: Some(999_999),
    };
    match surveys.add_group(&actor, id, &bad).await {
        Err(beacon::services::ServiceError::Invalid { field, .. }) => {
            assert_eq!(field, "region_id")
        }
        other => panic!("{other:?}"),
    }

    // The survey's page tells campaign staff which of Beacon's messages lead to it.
    app.token("campaigner@test.example", Role::Campaigner, None)
        .await;
    let staff = app
        .login(
            "campaigner@test.example",
            "pw-campaigner@test.example-long-enough",
        )
        .await;
    let page = |id: i64| {
        let staff = staff.clone();
        let url = app.url(&format!("/surveys/{id}?lang=en"));
        async move { staff.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let demo_id = surveys
        .list(&actor)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.key == "fenland")
        .unwrap()
        .id;
    // The demo's: the packs for Fenland lead to it; the campaign's messages now lead to the newer one.
    let html = page(demo_id).await;
    assert!(
        paragraph(&html, "survey-carried-packs").contains("wave follow-up, group fenland"),
        "{html}"
    );
    assert!(paragraph(&html, "survey-carried-campaign").contains("No campaign e-mail"));
    let html = page(id).await;
    assert!(
        paragraph(&html, "survey-carried-campaign").contains("wave follow-up, group here"),
        "{html}"
    );
    assert!(paragraph(&html, "survey-carried-packs").contains("No partner"));

    // Someone who scans early is told the day the follow-up opens, in their language.
    let opens = (services.clock.now().date() + time::Duration::days(10)).to_string();
    let r = reqwest::get(app.url("/s/later?w=follow-up&g=here&ch=qr&lang=lt"))
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("id=\"survey-opens-on\"") && page.contains(&opens),
        "{page}"
    );
    assert!(page.contains("Ši apklausa prasidės"), "{page}");
    // A wave that closed, or none named: the plain closed page.
    let page = reqwest::get(app.url("/s/over?w=follow-up&g=here"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("id=\"survey-closed\""), "{page}");
}
both_backends!(follow_up_links_lead_to_the_wave_open_or_to_come);
