//! The audit log: every analyst read finer than the shared policy leaves one entry with the filters that
//! chose its data, written readably; the audit page pages, filters, and speaks the reader's language.

use beacon::accounts::Role;
use beacon::store::AuditRecord;
use serde_json::{Value, json};

use crate::both_backends;
use crate::support::{Db, TestApp};

/// Imports the synthetic Fenland incidents through the API.
async fn load_synthetic(app: &TestApp, token: &str) {
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/incidents"))
        .bearer_auth(token)
        .json(&beacon::demo::synthetic_incidents())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
}

/// The audit entries of `action` (newest first), read over the API as an admin.
async fn entries(app: &TestApp, admin: &str, query: &str) -> Vec<Value> {
    let r = reqwest::Client::new()
        .get(app.url(&format!("/api/v1/audit?{query}")))
        .bearer_auth(admin)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{query}");
    r.json().await.unwrap()
}

fn detail(entry: &Value) -> Value {
    serde_json::from_str(entry["detail"].as_str().unwrap())
        .unwrap_or_else(|e| panic!("detail is not JSON ({e}): {entry}"))
}

async fn analyst_reads_leave_one_readable_entry_each(db: Db) {
    let app = TestApp::spawn(db).await;
    let analyst = app.token("analyst@test.example", Role::Analyst, None).await;
    let admin = app.token("admin@test.example", Role::Admin, None).await;
    load_synthetic(&app, &analyst).await;
    let password = app.user("pages@test.example", Role::Analyst, None).await;
    let browser = app.login("pages@test.example", &password).await;
    let api = reqwest::Client::new();
    for path in [
        "/api/v1/hotspots?resolution=9&rings=2&nationality=RO&from_year=2019",
        "/api/v1/emerging?resolution=7&step=week&exploitation_type=forced-labour",
        "/api/v1/routes?level=cell&resolution=6&to_year=2022",
        "/api/v1/incidents?limit=3&data_source=synthetic",
        "/api/v1/hotspots.csv?resolution=8&rings=3&victim_gender=female",
    ] {
        let r = api
            .get(app.url(path))
            .bearer_auth(&analyst)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{path}");
    }
    for path in [
        "/analysis/hotspots?resolution=8&nationality=LT",
        "/analysis/emerging?resolution=6",
        "/analysis/routes?level=country",
    ] {
        let r = browser.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
    }
    let log = entries(&app, &admin, "limit=500").await;
    let of = |action: &str, via: &str| -> Vec<Value> {
        log.iter()
            .filter(|e| e["action"] == action && e["subject"] == via)
            .map(detail)
            .collect()
    };
    for e in &log {
        let text = e["detail"].as_str().unwrap();
        assert!(
            !text.contains("IncidentFilter") && !text.contains("None"),
            "{e}"
        );
    }
    // One entry per read, with the settings and only the filters that were set.
    let hot = of("hotspots.read", "api");
    assert_eq!(hot.len(), 1, "{log:?}");
    assert_eq!(hot[0]["resolution"], 9);
    assert_eq!(hot[0]["rings"], 2);
    assert_eq!(
        hot[0]["filter"],
        serde_json::json!({"from_year": "2019", "nationality": "RO"})
    );
    assert!(hot[0]["cells"].as_u64().unwrap() > 0);
    let emerging = of("emerging.read", "api");
    assert_eq!(emerging.len(), 1, "{log:?}");
    assert_eq!(emerging[0]["step"], "week");
    assert_eq!(emerging[0]["resolution"], 7);
    assert_eq!(
        emerging[0]["filter"],
        serde_json::json!({"exploitation_type": "forced-labour"})
    );
    let routes = of("routes.read", "api");
    assert_eq!(routes.len(), 1, "{log:?}");
    assert_eq!(routes[0]["level"], "cell");
    assert_eq!(routes[0]["resolution"], 6);
    assert_eq!(routes[0]["filter"], serde_json::json!({"to_year": "2022"}));
    let read = of("incidents.read", "api");
    assert_eq!(read.len(), 1, "{log:?}");
    assert_eq!(read[0]["count"], 3);
    assert_eq!(
        read[0]["filter"],
        serde_json::json!({"data_source": "synthetic"})
    );
    let export = of("export", "hotspots.csv");
    assert_eq!(export.len(), 1, "{log:?}");
    assert_eq!(
        (&export[0]["resolution"], &export[0]["rings"]),
        (&json!(8), &json!(3))
    );
    assert_eq!(export[0]["filter"], json!({"victim_gender": "female"}));
    assert_eq!(
        of("hotspots.read", "api").len(),
        1,
        "an export is not also a read"
    );
    let page_hot = of("hotspots.read", "page");
    assert_eq!(page_hot.len(), 1, "{log:?}");
    assert_eq!(page_hot[0]["resolution"], 8);
    assert_eq!(
        page_hot[0]["filter"],
        serde_json::json!({"nationality": "LT"})
    );
    assert_eq!(of("emerging.read", "page").len(), 1, "{log:?}");
    let page_routes = of("routes.read", "page");
    assert_eq!(page_routes.len(), 1, "{log:?}");
    assert_eq!(page_routes[0]["level"], "country");
    assert_eq!(page_routes[0]["filter"], serde_json::json!({}));
    // A refused read (a bad resolution) is not recorded as a read.
    let r = api
        .get(app.url("/api/v1/hotspots?resolution=12"))
        .bearer_auth(&analyst)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(entries(&app, &admin, "action=hotspots.read").await.len(), 2);
    app.stop().await.unwrap();
}
both_backends!(analyst_reads_leave_one_readable_entry_each);

/// Unix seconds of a day at noon, UTC.
fn noon(date: &str) -> i64 {
    let d = time::Date::parse(
        date,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .unwrap();
    d.with_hms(12, 0, 0).unwrap().assume_utc().unix_timestamp()
}

/// The `href` of the link whose `rel` is `rel`, with `&amp;` read back.
fn link(page: &str, rel: &str) -> Option<String> {
    let marker = format!("rel=\"{rel}\" href=\"");
    let start = page.find(&marker)? + marker.len();
    let end = page[start..].find('"')? + start;
    Some(page[start..end].replace("&amp;", "&"))
}

fn rows(page: &str) -> usize {
    page.matches("<tr class=\"audit-row\"").count()
}

async fn the_audit_log_pages_and_filters(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin_password = app.user("admin@test.example", Role::Admin, None).await;
    let admin = app.token("admin2@test.example", Role::Admin, None).await;
    app.user("ana@test.example", Role::Analyst, None).await;
    let ana = app
        .store()
        .user_for_login("ana@test.example")
        .await
        .unwrap()
        .unwrap()
        .0
        .id;
    // 130 entries, two a day from 1 May 2025, alternating between the analyst and the operator.
    let start = noon("2025-05-01");
    for i in 0..130i64 {
        let record = AuditRecord {
            at: start + i * 86_400 / 2,
            user_id: (i % 2 == 0).then_some(ana),
            action: if i % 3 == 0 {
                "hotspots.read"
            } else {
                "token.create"
            },
            subject: format!("s{i}"),
            detail: String::new(),
        };
        app.store().audit_read(&record).await.unwrap();
    }
    let browser = app.login("admin@test.example", &admin_password).await;
    let get = |path: String| {
        let browser = browser.clone();
        let url = app.url(&path);
        async move {
            let r = browser.get(url).send().await.unwrap();
            assert_eq!(r.status(), 200, "{path}");
            r.text().await.unwrap()
        }
    };
    // Newest first, 50 a page; "older" walks back, "newer" walks forward again.
    let first = get("/admin/audit".into()).await;
    assert_eq!(rows(&first), 50, "{first}");
    assert!(first.contains("<div class=\"field\">") && first.contains("method=\"get\""));
    assert!(
        link(&first, "prev").is_none(),
        "the newest page has no newer"
    );
    let mut seen = 0;
    let mut page = first.clone();
    let mut pages = 0;
    while let Some(older) = link(&page, "next") {
        seen += rows(&page);
        page = get(older).await;
        pages += 1;
        assert!(pages < 10);
    }
    seen += rows(&page);
    // 130 seeded, plus the admin's login.
    assert_eq!(seen, 131);
    assert_eq!(pages, 2);
    assert!(
        page.contains(">s0<"),
        "the oldest page ends with the first entry"
    );
    let newer = link(&page, "prev").expect("the oldest page links to newer entries");
    let middle = get(newer).await;
    assert_eq!(rows(&middle), 50);
    assert!(
        middle.contains(">s80<") && middle.contains(">s31<") && !middle.contains(">s30<"),
        "{middle}"
    );
    // Filters: by user, by action, by date range, and together; paging keeps them.
    let mine = get(format!("/admin/audit?user={ana}")).await;
    assert_eq!(rows(&mine), 50);
    let rest = get(link(&mine, "next").unwrap()).await;
    assert_eq!(rows(&rest), 15);
    assert!(
        link(&mine, "next")
            .unwrap()
            .contains(&format!("user={ana}"))
    );
    let operator = get("/admin/audit?user=operator".into()).await;
    assert_eq!(rows(&operator), 50);
    assert_eq!(rows(&get(link(&operator, "next").unwrap()).await), 15);
    assert!(operator.contains("<option value=\"operator\" selected>"));
    let reads = get("/admin/audit?action=hotspots.read".into()).await;
    assert_eq!(rows(&reads), 44);
    let june = get("/admin/audit?from=2025-06-01&to=2025-06-10".into()).await;
    assert_eq!(rows(&june), 20);
    let both = get(format!(
        "/admin/audit?user={ana}&action=hotspots.read&from=2025-06-01&to=2025-06-10"
    ))
    .await;
    // 1 to 10 June are entries 61..=80; the analyst's are the even ones, reads every third: 66, 72, 78.
    assert_eq!(rows(&both), 3, "{both}");
    // The form shows what was chosen.
    assert!(june.contains("value=\"2025-06-01\"") && june.contains("value=\"2025-06-10\""));
    // The API takes the same parameters and links the next page.
    let r = reqwest::Client::new()
        .get(app.url(&format!(
            "/api/v1/audit?user={ana}&action=hotspots.read&from=2025-06-01&to=2025-06-10"
        )))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let listed: Vec<Value> = r.json().await.unwrap();
    assert_eq!(listed.len(), 3);
    let r = reqwest::Client::new()
        .get(app.url("/api/v1/audit?limit=20"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    let next = r.headers()["link"].to_str().unwrap().to_string();
    assert!(
        next.contains("rel=\"next\"") && next.contains("before="),
        "{next}"
    );
    let listed: Vec<Value> = r.json().await.unwrap();
    assert_eq!(listed.len(), 20);
    // Bad input is a problem naming the field, on the page and over the API.
    for (query, field) in [
        ("from=2025-13-01", "from"),
        ("user=someone", "user"),
        ("from=2025-06-02&to=2025-06-01", "to"),
    ] {
        let r = reqwest::Client::new()
            .get(app.url(&format!("/api/v1/audit?{query}")))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422, "{query}");
        assert_eq!(r.headers()["content-type"], "application/problem+json");
        assert_eq!(r.json::<Value>().await.unwrap()["field"], field);
    }
    let r = browser
        .get(app.url("/admin/audit?from=yesterday"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    app.stop().await.unwrap();
}
both_backends!(the_audit_log_pages_and_filters);

async fn the_audit_page_speaks_lithuanian(db: Db) {
    let app = TestApp::spawn(db).await;
    let analyst = app.token("analyst@test.example", Role::Analyst, None).await;
    load_synthetic(&app, &analyst).await;
    let r = reqwest::Client::new()
        .get(app.url(
            "/api/v1/hotspots?resolution=9&nationality=RO&from_year=2019&exploitation_type=sexual",
        ))
        .bearer_auth(&analyst)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = reqwest::Client::new()
        .get(app.url("/api/v1/routes"))
        .bearer_auth(&analyst)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // An account made by another administrator: its role is named in Lithuanian too.
    let boss = app.token("boss@test.example", Role::Admin, None).await;
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/users"))
        .bearer_auth(&boss)
        .json(&serde_json::json!({"email": "new@test.example", "role": "analyst"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let password = app.user("admin@test.example", Role::Admin, None).await;
    let browser = TestApp::client();
    browser.get(app.url("/login?lang=lt")).send().await.unwrap();
    let r = app
        .submit_login(&browser, "admin@test.example", &password)
        .await;
    assert_eq!(r.status(), 303);
    let page = browser
        .get(app.url("/admin/audit"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("lang=\"lt\""), "{page}");
    let table = &page[page.find("<table").unwrap()..page.find("</table>").unwrap()];
    // The details are Lithuanian sentences built from the stored arguments.
    for words in [
        "Karštieji taškai",
        "raiška 9",
        "pilietybė: RO",
        "nuo 2019 m.",
        "per API",
        "Maršrutai",
        "visi incidentai",
        "Prisijungimas",
        "Sukurta paskyra",
        "Vaidmuo: Analitikas",
    ] {
        assert!(table.contains(words), "{words} missing: {table}");
    }
    for english in [
        "cells",
        "resolution",
        "rings",
        "filter",
        "nationality",
        "from_year",
        "over the API",
        "routes",
        "Hotspots",
        "incidents;",
        "Logged in",
    ] {
        assert!(
            !table.contains(english),
            "{english} on the Lithuanian page: {table}"
        );
    }
    app.stop().await.unwrap();
}
both_backends!(the_audit_page_speaks_lithuanian);

/// Stored incidents, import records and `incidents.import` audit entries.
async fn import_trail(app: &TestApp) -> (i64, i64, i64) {
    let pool = app.store().pool();
    let count = |sql: &'static str| async move {
        sqlx::query_scalar::<_, i64>(sql)
            .fetch_one(pool)
            .await
            .unwrap()
    };
    (
        count("SELECT COUNT(*) FROM incidents").await,
        count("SELECT COUNT(*) FROM imports").await,
        count("SELECT COUNT(*) FROM audit_log WHERE action = 'incidents.import'").await,
    )
}

/// Makes the database refuse inserts into `table` (with `when`, a condition on the new row) until
/// [`allow`] is called: a failure inside the import's transaction, after part of its writes.
async fn refuse(app: &TestApp, db: Db, table: &str, when: &str) {
    let pool = app.store().pool();
    let statements = match db {
        Db::Sqlite => vec![format!(
            "CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} WHEN {when} \
             BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
        )],
        Db::Postgres => vec![
            format!(
                "CREATE FUNCTION refuse_{table}() RETURNS trigger LANGUAGE plpgsql AS \
                 $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$"
            ),
            format!(
                "CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} FOR EACH ROW WHEN ({when}) \
                 EXECUTE FUNCTION refuse_{table}()"
            ),
        ],
    };
    for sql in statements {
        sqlx::query(&sql).execute(pool).await.unwrap();
    }
}

async fn allow(app: &TestApp, db: Db, table: &str) {
    let pool = app.store().pool();
    let statements = match db {
        Db::Sqlite => vec![format!("DROP TRIGGER refuse_{table}")],
        Db::Postgres => vec![
            format!("DROP TRIGGER refuse_{table} ON {table}"),
            format!("DROP FUNCTION refuse_{table}()"),
        ],
    };
    for sql in statements {
        sqlx::query(&sql).execute(pool).await.unwrap();
    }
}

/// An import's audit entry is written in the import's own transaction: it exists exactly when the
/// import's rows do. A refused file, a dry run, and a failure inside the transaction (the audit entry
/// refused after the incidents were written, or an incident refused before it) leave neither.
async fn an_import_is_audited_exactly_when_its_rows_are_stored(db: Db) {
    let app = TestApp::spawn(db).await;
    let analyst = app.token("analyst@test.example", Role::Analyst, None).await;
    let client = reqwest::Client::new();
    let post = |query: &'static str, body: String| {
        client
            .post(app.url(&format!("/api/v1/incidents/import?format=beacon&{query}")))
            .bearer_auth(&analyst)
            .body(body)
            .send()
    };
    let file = |ids: &[&str]| {
        let mut text = String::from("id,date,source_country,data_source\n");
        for id in ids {
            text.push_str(&format!("{id},2019-06,LT,police\n"));
        }
        text
    };
    assert_eq!(import_trail(&app).await, (0, 0, 0));

    let r = post("name=first.csv", file(&["a-1", "a-2", "a-3"]))
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    assert_eq!(import_trail(&app).await, (3, 1, 1));
    let admin = app.token("admin@test.example", Role::Admin, None).await;
    let entry = &entries(&app, &admin, "action=incidents.import").await[0];
    let recorded = detail(entry);
    assert_eq!(
        (
            &recorded["rows"],
            &recorded["added"],
            &recorded["duplicates"]
        ),
        (&json!(3), &json!(3), &json!(0)),
        "{entry}"
    );

    // Refused, or only counted: nothing written, no entry.
    let bad = file(&["b-1"]).replace("LT", "XX");
    let r = post("name=bad.csv", bad).await.unwrap();
    assert_eq!(r.status(), 422);
    let r = post("name=dry.csv&dry_run=true", file(&["c-1"]))
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(import_trail(&app).await, (3, 1, 1));

    // The audit entry refused after the incidents were written: the incidents go with it.
    refuse(&app, db, "audit_log", "NEW.action = 'incidents.import'").await;
    let r = post("name=cut.csv", file(&["d-1", "d-2"])).await.unwrap();
    assert!(r.status().is_server_error(), "{}", r.status());
    assert_eq!(import_trail(&app).await, (3, 1, 1));
    allow(&app, db, "audit_log").await;

    // An incident refused half-way: no entry either.
    refuse(&app, db, "incidents", "NEW.external_id = 'e-2'").await;
    let r = post("name=half.csv", file(&["e-1", "e-2", "e-3"]))
        .await
        .unwrap();
    assert!(r.status().is_server_error(), "{}", r.status());
    assert_eq!(import_trail(&app).await, (3, 1, 1));
    allow(&app, db, "incidents").await;

    // The same files again once the database accepts them: each import is stored and audited once.
    let r = post("name=cut.csv", file(&["d-1", "d-2"])).await.unwrap();
    assert_eq!(r.status(), 201);
    let r = post("name=half.csv", file(&["e-1", "e-2", "e-3"]))
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    assert_eq!(import_trail(&app).await, (8, 3, 3));
    app.stop().await.unwrap();
}
both_backends!(an_import_is_audited_exactly_when_its_rows_are_stored);
