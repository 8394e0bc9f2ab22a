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
    // The refused form spent nothing of the allowance (3 an hour): a third report is taken, a fourth is not.
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/reports"))
        .json(&json!({"day": today, "latitude": 52.7, "longitude": 0.1, "category": "other"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
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
    assert_eq!(rows.len(), 3);
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
    // Each report keeps the language it was sent in: the Lithuanian form's, and the API's `en`.
    let mut locales: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r.try_get("category").unwrap(), r.try_get("locale").unwrap()))
        .collect();
    locales.sort();
    assert_eq!(
        locales,
        [
            ("domestic".to_string(), "en".to_string()),
            ("labour".to_string(), "lt".to_string()),
            ("other".to_string(), "en".to_string())
        ]
    );
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
    // The report still waiting is listed (with its category in words); the accepted one is not.
    assert!(
        page.contains(&format!("/analysis/reports/{}/reject", ids[1]))
            && !page.contains(&format!("/analysis/reports/{}/reject", ids[0]))
            && (page.contains("Sexual exploitation") || page.contains("People forced to work")),
        "{page}"
    );
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

const GOOD_CSV: &str = "id,date,source_country,destination_country,destination_latitude,destination_longitude,exploitation_type,exploitation_subtype,control_methods,victim_gender,victim_nationality,data_source,confidence
case-1,2023-06,LT,GB,52.6661,0.1590,Forced Labour,agriculture,debt-bondage|withholds-documents,male,LT,police,0.9
case-2,2023-07-14,RO,GB,52.9789,-0.0266,forced-labour,food-processing,,female,RO,ngo,0.7
case-3,2022,PL,GB,,,sexual,,threats,female,PL,hotline,
";

use crate::support::beacon_command as beacon_cmd;

async fn with_database(
    db: Db,
    c: &mut tokio::process::Command,
    dir: &std::path::Path,
    url: &Option<String>,
) {
    c.arg("--data-dir").arg(dir);
    if db == Db::Postgres {
        c.env("BEACON_DATABASE__URL", url.as_deref().unwrap());
    }
}

async fn imports_are_all_or_nothing_and_idempotent(db: Db) {
    let dir = tempfile::tempdir().unwrap();
    let url = if db == Db::Postgres {
        Some(crate::support::fresh_pg_database().await)
    } else {
        None
    };
    let good = dir.path().join("incidents.csv");
    std::fs::write(&good, GOOD_CSV).unwrap();
    let run = |args: Vec<String>| {
        let dir = dir.path().to_path_buf();
        let url = url.clone();
        async move {
            let mut c = beacon_cmd();
            c.args(&args);
            with_database(db, &mut c, &dir, &url).await;
            c.output().await.unwrap()
        }
    };
    let path = good.display().to_string();
    // A dry run counts and writes nothing.
    let out = run(vec![
        "import".into(),
        "incidents".into(),
        path.clone(),
        "--dry-run".into(),
    ])
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("3 rows read, would add 3, 0 already stored (dry run"),
        "{text}"
    );
    let out = run(vec!["import".into(), "incidents".into(), path.clone()]).await;
    assert!(out.status.success());
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("added 3, 0 already stored")
    );
    // The same file again adds nothing.
    let out = run(vec!["import".into(), "incidents".into(), path.clone()]).await;
    assert!(out.status.success());
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("added 0, 3 already stored")
    );
    // A file with bad rows: every problem named by line and column, nothing imported.
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        GOOD_CSV
            .replace("case-1", "case-9")
            .replace("52.6661", "95.1")
            .replace("RO,GB", "XX,GB")
            .replace("2022,PL", "2099,PL"),
    )
    .unwrap();
    let out = run(vec![
        "import".into(),
        "incidents".into(),
        bad.display().to_string(),
    ])
    .await;
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("bad.csv:2: column destination_latitude"),
        "{err}"
    );
    assert!(err.contains("bad.csv:3: column source_country"), "{err}");
    assert!(
        err.contains("bad.csv:4: column date") && err.contains("future"),
        "{err}"
    );
    assert!(err.contains("nothing was imported"), "{err}");
    // Names and free text are refused outright.
    let named = dir.path().join("named.csv");
    std::fs::write(&named, GOOD_CSV.replace("victim_gender", "victim_name")).unwrap();
    let out = run(vec![
        "import".into(),
        "incidents".into(),
        named.display().to_string(),
    ])
    .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("victim_name")
    );
    // A wrong delimiter and an empty file.
    let semi = dir.path().join("semi.csv");
    std::fs::write(&semi, GOOD_CSV.replace(',', ";")).unwrap();
    let out = run(vec![
        "import".into(),
        "incidents".into(),
        semi.display().to_string(),
    ])
    .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("semicolons")
    );
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "").unwrap();
    let out = run(vec![
        "import".into(),
        "incidents".into(),
        empty.display().to_string(),
    ])
    .await;
    assert_eq!(out.status.code(), Some(2));
    // Still exactly the three good incidents.
    let app = crate::support::TestApp::spawn_on(db, dir.path(), url.clone()).await;
    assert_eq!(app.store().count_incidents().await.unwrap(), 3);
    app.stop().await.unwrap();
}
both_backends!(imports_are_all_or_nothing_and_idempotent);

/// A generated Beacon CSV of `rows` rows (16 columns); `last` replaces the last row when given.
fn generated_csv(rows: usize, last: Option<&str>) -> String {
    let mut text = String::from(
        "id,date,source_country,source_latitude,source_longitude,destination_country,destination_latitude,\
         destination_longitude,exploitation_type,exploitation_subtype,control_methods,victim_age_band,\
         victim_gender,victim_nationality,data_source,confidence\n",
    );
    for i in 0..rows {
        if i + 1 == rows
            && let Some(last) = last
        {
            text.push_str(last);
            text.push('\n');
            break;
        }
        text.push_str(&format!(
            "gen-{i},20{:02}-{:02}-{:02},LT,{:.5},{:.5},GB,{:.5},{:.5},forced-labour,agriculture,threats|debt-bondage,\
             18-20,male,LT,police,0.8\n",
            10 + i % 14,
            1 + i % 12,
            1 + i % 28,
            54.0 + (i % 997) as f64 * 0.002,
            23.0 + (i % 991) as f64 * 0.003,
            52.2 + (i % 983) as f64 * 0.001,
            -0.5 + (i % 977) as f64 * 0.001,
        ));
    }
    text
}

/// A file far larger than a batch streams in: its last row bad stores nothing (no incident, no import row,
/// no audit entry) and is named by file, line and column; an id used twice in batches far apart is named
/// with both lines; the good file then stores every row, once.
async fn a_large_file_streams_in_and_a_bad_last_row_stores_nothing(db: Db) {
    let rows = 200_000;
    let dir = tempfile::tempdir().unwrap();
    let url = if db == Db::Postgres {
        Some(crate::support::fresh_pg_database().await)
    } else {
        None
    };
    let import = |file: std::path::PathBuf| {
        let dir = dir.path().to_path_buf();
        let url = url.clone();
        async move {
            let mut c = beacon_cmd();
            c.args(["import", "incidents"]).arg(&file);
            with_database(db, &mut c, &dir, &url).await;
            c.output().await.unwrap()
        }
    };
    let bad = dir.path().join("bad_last.csv");
    let last = format!(
        "gen-{},2099-01-01,LT,54.1,23.1,GB,52.5,0.1,forced-labour,agriculture,,18-20,male,LT,police,0.8",
        rows - 1
    );
    std::fs::write(&bad, generated_csv(rows, Some(&last))).unwrap();
    let out = import(bad).await;
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(&format!("bad_last.csv:{}: column date:", rows + 1)) && err.contains("future"),
        "{err}"
    );
    assert!(err.contains("nothing was imported (1 problems)"), "{err}");

    let twice = dir.path().join("twice.csv");
    let reused = "gen-7,2019-01-01,LT,54.1,23.1,GB,52.5,0.1,forced-labour,agriculture,,18-20,male,LT,police,0.8";
    std::fs::write(&twice, generated_csv(rows, Some(reused))).unwrap();
    let out = import(twice).await;
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(&format!(
            "twice.csv:{}: column id: id `gen-7` is also used on line 9",
            rows + 1
        )),
        "{err}"
    );

    let good = dir.path().join("good.csv");
    std::fs::write(&good, generated_csv(rows, None)).unwrap();
    let out = import(good.clone()).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(&format!("{rows} rows read, added {rows}, 0 already stored")),
        "{text}"
    );
    let out = import(good).await;
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(&format!("{rows} rows read, added 0, {rows} already stored")),
        "{text}"
    );

    let app = crate::support::TestApp::spawn_on(db, dir.path(), url.clone()).await;
    assert_eq!(app.store().count_incidents().await.unwrap(), rows as i64);
    let pool = app.store().pool();
    let imports: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM imports")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(imports, 2, "the refused files left no import");
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'incidents.import'")
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!(audited, 2);
    app.stop().await.unwrap();
}
both_backends!(a_large_file_streams_in_and_a_bad_last_row_stores_nothing);

/// A header of ten megabytes (five million columns) sent to the import endpoint is one problem naming the
/// limit, not five million; a header of many unknown columns lists twenty and sums up the rest.
async fn an_enormous_header_is_one_problem_and_many_unknown_columns_are_summed_up(db: Db) {
    let app = TestApp::spawn(db).await;
    let analyst = app.token("analyst@test.example", Role::Analyst, None).await;
    let client = reqwest::Client::new();
    let send = |body: String| {
        client
            .post(app.url("/api/v1/incidents/import?format=beacon&name=wide.csv"))
            .bearer_auth(&analyst)
            .body(body)
            .send()
    };
    let mut wide = "a,".repeat(5_000_000);
    wide.push_str("date\n2019\n");
    let r = send(wide).await.unwrap();
    assert_eq!(r.status(), 422);
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["errors"].as_array().unwrap().len(), 1, "{p}");
    assert!(
        p["errors"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("a row is longer than 1 MiB"),
        "{p}"
    );
    let mut many = String::from("date,data_source");
    for i in 0..50_000 {
        many.push_str(&format!(",c{i}"));
    }
    many.push_str("\n2019,police\n");
    let r = send(many).await.unwrap();
    assert_eq!(r.status(), 422);
    let p: Value = r.json().await.unwrap();
    let errors = p["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 21, "{p}");
    assert_eq!(errors[0]["field"], "c0");
    assert!(
        errors[20]["reason"]
            .as_str()
            .unwrap()
            .contains("and 49980 more unknown or identifying columns"),
        "{p}"
    );
    assert_eq!(app.store().count_incidents().await.unwrap(), 0);
    app.stop().await.unwrap();
}
both_backends!(an_enormous_header_is_one_problem_and_many_unknown_columns_are_summed_up);

/// Records without an id are keyed by their content and how many identical ones came before (counted by
/// the database for a file): the same records sent as JSON afterwards are recognised, identical rows
/// and all.
async fn identical_rows_of_a_file_have_the_keys_of_the_same_records_sent_as_json(db: Db) {
    let app = TestApp::spawn(db).await;
    let analyst = app.token("analyst@test.example", Role::Analyst, None).await;
    let csv = "yearOfRegistration,Datasource,gender,ageBroad,citizenship,CountryOfExploitation\n\
               2016,Hotline,Male,48+,PH,US\n\
               2017,Hotline,Female,18--20,PH,US\n\
               2016,Hotline,Male,48+,PH,US\n\
               2016,Hotline,Male,48+,PH,US\n";
    let client = reqwest::Client::new();
    let r = client
        .post(app.url("/api/v1/incidents/import?format=ctdc&name=same.csv"))
        .bearer_auth(&analyst)
        .body(csv)
        .send()
        .await
        .unwrap();
    let outcome: Value = r.json().await.unwrap();
    assert_eq!(
        (outcome["added"].as_u64(), outcome["duplicates"].as_u64()),
        (Some(4), Some(0)),
        "{outcome}"
    );
    let records = beacon::identify::incidents::import::parse(
        beacon::identify::incidents::import::Format::Ctdc,
        csv.as_bytes(),
        "same.csv",
        &beacon::config::Vocabulary::default(),
        time::OffsetDateTime::now_utc().date(),
        &mut |_| {},
    )
    .unwrap();
    let r = client
        .post(app.url("/api/v1/incidents"))
        .bearer_auth(&analyst)
        .json(&records)
        .send()
        .await
        .unwrap();
    let outcome: Value = r.json().await.unwrap();
    assert_eq!(
        (outcome["added"].as_u64(), outcome["duplicates"].as_u64()),
        (Some(0), Some(4)),
        "{outcome}"
    );
    assert_eq!(app.store().count_incidents().await.unwrap(), 4);
    app.stop().await.unwrap();
}
both_backends!(identical_rows_of_a_file_have_the_keys_of_the_same_records_sent_as_json);

async fn the_api_imports_files_and_batches(db: Db) {
    let app = TestApp::spawn(db).await;
    let analyst = app.token("analyst@test.example", Role::Analyst, None).await;
    let evaluator = app
        .token("evaluator@test.example", Role::Evaluator, None)
        .await;
    let client = reqwest::Client::new();
    let sample = std::fs::read(
        crate::support::manifest_dir().join("tests/data/import/ctdc_published_sample.csv"),
    )
    .unwrap();
    let r = client
        .post(app.url("/api/v1/incidents/import?format=ctdc&name=sample.csv"))
        .bearer_auth(&evaluator)
        .body(sample.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = client
        .post(app.url("/api/v1/incidents/import?name=sample.csv"))
        .bearer_auth(&analyst)
        .body(sample.clone())
        .send()
        .await
        .unwrap();
    let status = r.status();
    let outcome: Value = r.json().await.unwrap();
    assert_eq!(status, 201, "{outcome}");
    let added = outcome["added"].as_u64().unwrap();
    assert!(added >= 10, "{outcome}");
    // One incident as JSON; then a batch with a bad record: 422 naming it, nothing stored.
    let one = json!({"date": "2024-05", "destination": {"country": "GB", "point": {"latitude": 52.8, "longitude": -0.15}},
                     "exploitation_type": "forced-labour", "data_source": "police", "confidence": 1.0});
    let r = client
        .post(app.url("/api/v1/incidents"))
        .bearer_auth(&analyst)
        .json(&one)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let mut bad = one.clone();
    bad["confidence"] = json!(3.0);
    let r = client
        .post(app.url("/api/v1/incidents"))
        .bearer_auth(&analyst)
        .json(&json!([one, bad]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["errors"][0]["field"], "[1].confidence", "{p}");
    let r = client
        .post(app.url("/api/v1/incidents"))
        .bearer_auth(&analyst)
        .json(&json!({"date": "2024-05", "data_source": "police"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["field"], "confidence");
    assert_eq!(
        app.store().count_incidents().await.unwrap() as u64,
        added + 1
    );
    // Reading incidents is for analysts, and every read is audited.
    assert_eq!(
        client
            .get(app.url("/api/v1/incidents"))
            .bearer_auth(&evaluator)
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    let list: Value = client
        .get(app.url("/api/v1/incidents?limit=5"))
        .bearer_auth(&analyst)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 5);
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'incidents.read'")
            .fetch_one(app.store().pool())
            .await
            .unwrap();
    assert_eq!(audited, 1);
    app.stop().await.unwrap();
}
both_backends!(the_api_imports_files_and_batches);

async fn the_ctdc_subset_imports_once(db: Db) {
    let path = crate::support::manifest_dir().join("../shared/data/ctdc_global_2020_subset.csv");
    if !path.exists() {
        eprintln!("skipped: {} is not beside this checkout", path.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let url = if db == Db::Postgres {
        Some(crate::support::fresh_pg_database().await)
    } else {
        None
    };
    for expected in [
        "48773 rows read, added 48773, 0 already stored",
        "48773 rows read, added 0, 48773 already stored",
    ] {
        let mut c = beacon_cmd();
        c.args(["import", "incidents"])
            .arg(&path)
            .args(["--format", "ctdc"]);
        with_database(db, &mut c, dir.path(), &url).await;
        let out = c.output().await.unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(expected), "{text}");
    }
}
both_backends!(the_ctdc_subset_imports_once);

/// Imports the synthetic Fenland incidents through the API.
async fn load_synthetic(app: &TestApp, token: &str) {
    let incidents = beacon::demo::synthetic_incidents();
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/incidents"))
        .bearer_auth(token)
        .json(&incidents)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
}

async fn hotspots_emerging_and_routes_for_analysts(db: Db) {
    let app = TestApp::spawn(db).await;
    let analyst = app.token("analyst@test.example", Role::Analyst, None).await;
    let campaigner = app
        .token("campaigner@test.example", Role::Campaigner, None)
        .await;
    load_synthetic(&app, &analyst).await;
    let client = reqwest::Client::new();
    let get = |path: String, token: String| {
        let client = client.clone();
        let url = app.url(&path);
        async move { client.get(url).bearer_auth(token).send().await.unwrap() }
    };
    // Campaigners do not see incident-level statistics.
    assert_eq!(
        get("/api/v1/hotspots".into(), campaigner.clone())
            .await
            .status(),
        403
    );
    let cells: Value = get(
        "/api/v1/hotspots?resolution=7&rings=1".into(),
        analyst.clone(),
    )
    .await
    .json()
    .await
    .unwrap();
    let cells = cells.as_array().unwrap();
    assert!(
        cells.iter().any(|c| c["class"] == "hot-99"),
        "the Wisbech cluster is hot"
    );
    for c in cells {
        let z = c["gi_z"].as_f64().unwrap();
        let q = c["q_value"].as_f64().unwrap();
        assert!(q >= c["p_value"].as_f64().unwrap() - 1e-15, "q ≥ p");
        if c["class"].as_str().unwrap().starts_with("hot") {
            assert!(z > 0.0 && q < 0.1);
        }
    }
    // Filters narrow the analysis; bad parameters are named.
    let sexual: Value = get(
        "/api/v1/hotspots?resolution=7&exploitation_type=sexual".into(),
        analyst.clone(),
    )
    .await
    .json()
    .await
    .unwrap();
    let total = |v: &Value| {
        v.as_array()
            .unwrap()
            .iter()
            .map(|c| c["records"].as_u64().unwrap())
            .sum::<u64>()
    };
    assert!(total(&sexual) < total(&Value::Array(cells.clone())));
    let r = get("/api/v1/hotspots?resolution=12".into(), analyst.clone()).await;
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["field"], "resolution");
    // Exports: CSV with the documented header, GeoJSON polygons; both audited.
    let csv = get("/api/v1/hotspots.csv?resolution=8".into(), analyst.clone())
        .await
        .text()
        .await
        .unwrap();
    assert!(
        csv.starts_with("cell,count,gi_z,p_value,q_value,class\n"),
        "{csv}"
    );
    let geo: Value = get(
        "/api/v1/hotspots.geojson?resolution=8".into(),
        analyst.clone(),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(geo["type"], "FeatureCollection");
    assert_eq!(geo["features"][0]["geometry"]["type"], "Polygon");
    // The CSV holds the same doubles as the GeoJSON, bit for bit: nothing rounded.
    let from_geo: std::collections::HashMap<String, [f64; 3]> = geo["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let p = &f["properties"];
            let v = |k: &str| p[k].as_f64().unwrap();
            (
                p["cell"].as_str().unwrap().to_string(),
                [v("gi_z"), v("p_value"), v("q_value")],
            )
        })
        .collect();
    let mut compared = 0;
    for line in csv.lines().skip(1) {
        let cols: Vec<&str> = line.split(',').collect();
        let want = from_geo[cols[0]];
        for (text, want) in cols[2..5].iter().zip(want) {
            assert_eq!(
                text.parse::<f64>().unwrap().to_bits(),
                want.to_bits(),
                "{line}"
            );
        }
        compared += 1;
    }
    assert_eq!(compared, from_geo.len());
    let exports: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'export'")
        .fetch_one(app.store().pool())
        .await
        .unwrap();
    assert_eq!(exports, 2);
    // Emerging hotspots: the cluster near March grows in the last year.
    let emerging: Value = get("/api/v1/emerging?resolution=7".into(), analyst.clone())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(emerging["steps"].as_array().unwrap().len(), 36);
    let patterns: Vec<&str> = emerging["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["pattern"].as_str().unwrap())
        .collect();
    assert!(patterns.iter().any(|p| p.ends_with("-hot")), "{patterns:?}");
    // Routes: countries, with nationalities on each.
    let routes: Value = get("/api/v1/routes".into(), analyst.clone())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(routes["routes"][0]["destination"], "GB");
    assert!(routes["summary"]["incidents"].as_u64().unwrap() > 500);
    app.stop().await.unwrap();
}
both_backends!(hotspots_emerging_and_routes_for_analysts);

async fn nothing_under_k_leaves_the_analyst_role(db: Db) {
    let app = TestApp::spawn(db).await;
    let analyst = app.token("analyst@test.example", Role::Analyst, None).await;
    let evaluator = app
        .token("evaluator@test.example", Role::Evaluator, None)
        .await;
    let partner_org = app.partner("Bank A", "bank").await;
    let partner = app
        .token("partner@test.example", Role::Partner, Some(partner_org))
        .await;
    load_synthetic(&app, &analyst).await;
    let client = reqwest::Client::new();
    // Partners get no incident data at all.
    for path in [
        "/api/v1/aggregates/cells.geojson",
        "/api/v1/aggregates/routes",
        "/api/v1/hotspots",
        "/api/v1/incidents",
    ] {
        let r = client
            .get(app.url(path))
            .bearer_auth(&partner)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{path}");
    }
    let k = 5;
    for resolution in 5..=10 {
        for filter in ["", "&exploitation_type=sexual", "&nationality=BG"] {
            let url = app.url(&format!(
                "/api/v1/aggregates/cells.geojson?resolution={resolution}{filter}"
            ));
            let body: Value = client
                .get(url)
                .bearer_auth(&evaluator)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            for f in body["features"].as_array().unwrap() {
                let n = f["properties"]["records"].as_u64().unwrap();
                assert!(
                    n >= k,
                    "resolution {resolution}{filter}: a cell with {n} records leaked"
                );
            }
            assert_eq!(body["disclosure"]["method"], "cell-key");
            assert_eq!(body["disclosure"]["k"], 5);
            // Nothing is lost: shown cells and "other" add up to about every record with a point (each
            // published count carries its noise).
            let shown: u64 = body["features"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["properties"]["records"].as_u64().unwrap())
                .sum();
            let hotspots: Value = client
                .get(app.url(&format!("/api/v1/hotspots?resolution={resolution}{filter}")))
                .bearer_auth(&analyst)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let all: u64 = hotspots
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["records"].as_u64().unwrap())
                .sum();
            let published = (shown + body["other"].as_u64().unwrap()) as f64;
            // Each published count moves evenly by up to ±3 (variance 4), centred on the truth.
            let counts = body["features"].as_array().unwrap().len() as f64 + 1.0;
            assert!(
                (published - all as f64).abs() <= 4.0 * (4.0 * counts).sqrt(),
                "resolution {resolution}{filter}: {published} published of {all}"
            );
        }
    }
    let routes: Value = client
        .get(app.url("/api/v1/aggregates/routes"))
        .bearer_auth(&evaluator)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for r in routes["routes"].as_array().unwrap() {
        assert!(r["count"].as_u64().unwrap() >= k, "{r}");
    }
    let other = routes["other"].as_u64().unwrap();
    assert!(other == 0 || other >= k);
    app.stop().await.unwrap();
}
both_backends!(nothing_under_k_leaves_the_analyst_role);

#[tokio::test]
async fn hotspots_and_backtest_commands_work_on_a_points_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("points.csv");
    // A cluster of 40 points and 30 scattered ones, over 12 months.
    let mut csv = String::from("latitude,longitude,weight,date\n");
    for i in 0..40 {
        csv.push_str(&format!(
            "{},{},1,2024-{:02}\n",
            52.660 + (i % 5) as f64 * 0.001,
            0.160 + (i / 5) as f64 * 0.001,
            i % 12 + 1
        ));
    }
    for i in 0..30 {
        csv.push_str(&format!(
            "{},{},1,2024-{:02}\n",
            52.3 + i as f64 * 0.02,
            -0.3 + (i % 6) as f64 * 0.07,
            i % 12 + 1
        ));
    }
    std::fs::write(&file, &csv).unwrap();
    let out = beacon_cmd()
        .args(["hotspots", "--input"])
        .arg(&file)
        .args(["--resolution", "8", "--rings", "1"])
        .output()
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("cell,count,gi_z,p_value,q_value,class"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    // Exactly the occupied cells and their 1-ring neighbours.
    let occupied: std::collections::BTreeSet<h3o::CellIndex> = csv
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<f64> = l.split(',').take(2).map(|x| x.parse().unwrap()).collect();
            h3o::LatLng::new(f[0], f[1])
                .unwrap()
                .to_cell(h3o::Resolution::Eight)
        })
        .collect();
    let expected: std::collections::BTreeSet<h3o::CellIndex> = occupied
        .iter()
        .flat_map(|c| c.grid_disk::<Vec<_>>(1))
        .collect();
    let got: std::collections::BTreeSet<h3o::CellIndex> =
        rows.iter().map(|r| r[0].parse().unwrap()).collect();
    assert_eq!(got, expected);
    assert!(rows.iter().any(|r| r[5] == "hot-99"));
    let counted: f64 = rows.iter().map(|r| r[1].parse::<f64>().unwrap()).sum();
    assert_eq!(counted, 70.0);
    // Bad input is named: a resolution outside 5..10, a latitude out of range.
    let out = beacon_cmd()
        .args(["hotspots", "--input"])
        .arg(&file)
        .args(["--resolution", "16"])
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("--resolution")
    );
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "latitude,longitude\n52.1,0.1\n95.0,0.1\n").unwrap();
    let out = beacon_cmd()
        .args(["hotspots", "--input"])
        .arg(&bad)
        .args(["--resolution", "8"])
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("bad.csv") && err.contains("3") && err.contains("latitude"),
        "{err}"
    );
    // The backtest: a forecast chosen on the training months, then one row per held-out month and
    // method (the forecast and three baselines), then the averages; the choice and the comparisons in
    // words on standard error.
    let backtest = |until: &'static str, format: &'static str| {
        let file = file.clone();
        async move {
            beacon_cmd()
                .args(["backtest", "--input"])
                .arg(&file)
                .args([
                    "--resolution",
                    "8",
                    "--period",
                    "month",
                    "--train-until",
                    until,
                    "--format",
                    format,
                ])
                .output()
                .await
                .unwrap()
        }
    };
    let out = backtest("2024-08", "csv").await;
    let words = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{words}");
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "period,method,hit_rate,pai,pei,rri");
    for method in ["forecast", "last-period", "all-time", "kde"] {
        for period in ["2024-09", "2024-12", "average"] {
            assert!(
                lines
                    .iter()
                    .any(|l| l.starts_with(&format!("{period},{method},"))),
                "{period} {method}: {text}"
            );
        }
        assert!(
            words.contains(&format!("against {method}:")) || method == "forecast",
            "{words}"
        );
    }
    assert!(!text.contains("NaN"), "{text}");
    assert!(
        words.contains("chosen among 80 candidates on 5 periods"),
        "{words}"
    );
    let out = backtest("2024-08", "json").await;
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["training_origins"], 5);
    assert_eq!(json["comparisons"].as_array().unwrap().len(), 3);
    assert!(json["chosen"]["kind"].is_string(), "{json}");
    // Too few training months to choose: said, with how many are needed.
    let out = backtest("2024-04", "csv").await;
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("has 1 period(s)") && err.contains("at least 3"),
        "{err}"
    );
}

/// A NUL byte in a cell: SQLite would store it, PostgreSQL refused the whole import naming no place. Both
/// now refuse it naming the line and the column, and store nothing.
async fn a_nul_byte_in_a_csv_cell_is_named_on_both_databases(db: Db) {
    let app = TestApp::spawn(db).await;
    let analyst = app.token("analyst@test.example", Role::Analyst, None).await;
    let csv = "id,date,source_country,destination_country,victim_nationality,data_source\n\
               n-1,2019-06,LT,GB,LT,police\n\
               n-2,2019-07,L\0T,GB,LT,police\n";
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/incidents/import?format=beacon&name=nul.csv"))
        .bearer_auth(&analyst)
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("NUL byte"), "{body}");
    assert!(body.contains("source_country"), "{body}");
    assert!(body.contains('3'), "{body}");
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM incidents")
        .fetch_one(app.store().pool())
        .await
        .unwrap();
    assert_eq!(stored, 0);
    app.stop().await.unwrap();
}
both_backends!(a_nul_byte_in_a_csv_cell_is_named_on_both_databases);
