//! Partners' packs over the API and the command line: a partner's regions and contacts (a file with bad
//! rows refused whole, every row named; an export that imports again; a contact removed), a pack issued in
//! Lithuanian and in Arabic as a real PDF (its text read back with `pdftotext`, every font embedded by
//! `pdffonts`, page 1 drawn by `pdftoppm`), the same inputs making the same bytes, a partner account
//! downloading its own packs and nothing of another partner's, and `beacon pack render` for scripts.

use std::process::Command;

use beacon::accounts::Role;
use beacon::services::Actor;
use reqwest::Method as M;
use serde_json::{Value, json};

use crate::both_backends;
use crate::campaigns::{problem, send};
use crate::support::{Db, TestApp};

fn tool(name: &str, args: &[&str]) -> std::process::Output {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} (poppler-utils, installed by scripts/test): {e}"));
    assert!(
        out.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The PDF's text, its fonts table, and page 1 drawn as a PNG's size in bytes.
fn read_pdf(pdf: &[u8]) -> (String, String, u64) {
    // BEACON_TEST_KEEP_PDF=DIR keeps each PDF read, to look at.
    if let Ok(keep) = std::env::var("BEACON_TEST_KEEP_PDF") {
        let name = format!("pack-{}.pdf", pdf.len());
        std::fs::write(std::path::Path::new(&keep).join(name), pdf).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pack.pdf");
    std::fs::write(&path, pdf).unwrap();
    let p = path.to_str().unwrap();
    let text = String::from_utf8(tool("pdftotext", &["-enc", "UTF-8", p, "-"]).stdout).unwrap();
    let fonts = String::from_utf8(tool("pdffonts", &[p]).stdout).unwrap();
    let png = dir.path().join("page");
    tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "40",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            p,
            png.to_str().unwrap(),
        ],
    );
    let size = std::fs::metadata(dir.path().join("page.png"))
        .unwrap()
        .len();
    (text, fonts, size)
}

/// Every font in `pdffonts`' table is embedded (its `emb` column says yes).
fn all_embedded(fonts: &str) -> bool {
    let rows: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    !rows.is_empty()
        && rows.iter().all(|row| {
            // name type encoding emb sub uni object ID: the three yes/no columns follow the encoding.
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            n >= 6 && cols[n - 5] == "yes" && cols[n - 4] == "yes"
        })
}

async fn partners_get_their_packs(db: Db) {
    let app = TestApp::spawn(db).await;
    beacon::demo::seed(&app.state.services).await.unwrap();
    let fenland = fenland(&app.state.services).await;
    let token = app
        .token("campaigner@test.example", Role::Campaigner, None)
        .await;
    let bank = app.partner("Fen Bank", "bank").await;
    let other = app.partner("March Council", "local_authority").await;
    let banker = app
        .token("member@fenbank.example", Role::Partner, Some(bank))
        .await;
    let outsider = app
        .token("member@march.example", Role::Partner, Some(other))
        .await;

    // Regions: one the partner serves; a pack for a region it does not serve is refused.
    let r = send(
        &app,
        &token,
        M::PUT,
        &format!("/api/v1/partners/{bank}/regions"),
        Some(json!({"region_ids": [fenland]})),
    )
    .await;
    assert_eq!(r.status(), 200);
    let served: Value = r.json().await.unwrap();
    assert_eq!(served[0]["name"], "Fenland");
    let p = problem(
        send(
            &app,
            &token,
            M::PUT,
            &format!("/api/v1/partners/{bank}/regions"),
            Some(json!({"region_ids": [fenland, 999_999]})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p["field"], "region_ids");

    // Contacts: a file with bad rows is refused whole, every row named; a good one is read.
    let import = |body: &'static str| {
        let url = app.url(&format!(
            "/api/v1/partners/{bank}/contacts/import?file=contacts.csv"
        ));
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
    let p = problem(
        import(
            "name,email,role,locale\nAsta,asta@fenbank.example,Cashier,lt\nBad,not-an-address,Cashier,en\nX,x@fenbank.example,Cashier,xx\n",
        )
        .await,
        422,
    )
    .await;
    let errors = p["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{p}");
    assert_eq!(
        (errors[0]["line"].as_u64(), errors[0]["field"].as_str()),
        (Some(3), Some("email"))
    );
    assert_eq!(
        (errors[1]["line"].as_u64(), errors[1]["field"].as_str()),
        (Some(4), Some("locale"))
    );
    let contacts: Value = send(
        &app,
        &token,
        M::GET,
        &format!("/api/v1/partners/{bank}/contacts"),
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(
        contacts.as_array().unwrap().len(),
        0,
        "nothing half-imported"
    );
    let r = import(
        "name,email,role,locale\nAsta Petrauskienė,asta@fenbank.example,Branch manager,lt\nSalma Haddad,salma@fenbank.example,Cashier,ar\nJo Smith,jo@fenbank.example,Cashier,en\n",
    )
    .await;
    assert_eq!(r.status(), 201);
    let added: Value = r.json().await.unwrap();
    assert_eq!(added["added"], 3);
    let csv = send(
        &app,
        &token,
        M::GET,
        &format!("/api/v1/partners/{bank}/contacts.csv"),
        None,
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(csv.starts_with("name,email,role,locale\n"), "{csv}");
    assert!(
        csv.contains("Asta Petrauskienė,asta@fenbank.example,Branch manager,lt"),
        "{csv}"
    );
    let p = problem(
        send(
            &app,
            &token,
            M::POST,
            &format!("/api/v1/partners/{bank}/contacts"),
            Some(json!({"name": "Asta", "email": "ASTA@fenbank.example", "role": "Cashier", "locale": "lt"})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p["field"], "email");
    let jo = send(
        &app,
        &token,
        M::GET,
        &format!("/api/v1/partners/{bank}/contacts"),
        None,
    )
    .await
    .json::<Value>()
    .await
    .unwrap()
    .as_array()
    .unwrap()
    .iter()
    .find(|c| c["email"] == "jo@fenbank.example")
    .unwrap()["id"]
        .as_i64()
        .unwrap();
    let r = send(
        &app,
        &token,
        M::DELETE,
        &format!("/api/v1/partners/{bank}/contacts/{jo}"),
        None,
    )
    .await;
    assert_eq!(r.status(), 204);
    let left = send(
        &app,
        &token,
        M::GET,
        &format!("/api/v1/partners/{bank}/contacts.csv"),
        None,
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(!left.contains("jo@fenbank.example"), "{left}");
    // Partners and evaluators do not see contacts.
    let r = send(
        &app,
        &banker,
        M::GET,
        &format!("/api/v1/partners/{bank}/contacts"),
        None,
    )
    .await;
    assert_eq!(r.status(), 403);

    // A pack in Lithuanian: a real PDF, its words read back, every font embedded, page 1 drawn.
    let issue = |locale: &'static str| {
        let app = &app;
        let token = token.clone();
        async move {
            send(
                app,
                &token,
                M::POST,
                &format!("/api/v1/partners/{bank}/packs"),
                Some(json!({"locale": locale})),
            )
            .await
        }
    };
    let r = issue("lt").await;
    assert_eq!(r.status(), 201);
    let lt: Value = r.json().await.unwrap();
    assert_eq!(lt["new_version"], true);
    assert_eq!(lt["pack"]["version"], 1);
    let lt_id = lt["pack"]["id"].as_i64().unwrap();
    let r = send(
        &app,
        &banker,
        M::GET,
        &format!("/api/v1/packs/{lt_id}/pdf"),
        None,
    )
    .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let pdf = r.bytes().await.unwrap().to_vec();
    let (text, fonts, png) = read_pdf(&pdf);
    assert!(text.contains("Įspėjamieji požymiai"), "{text}");
    assert!(text.contains("Fen Bank"), "{text}");
    assert!(text.contains("Fenland"), "{text}");
    assert!(all_embedded(&fonts), "{fonts}");
    assert!(fonts.contains("NotoSans"), "{fonts}");
    assert!(png > 2_000, "page 1 drawn: {png} bytes");
    // The Fenland region has a follow-up survey (the demo's): the pack prints its link, counted as the
    // pack's, in the pack's language.
    let survey = "http://127.0.0.1:8080/s/fenland?w=follow-up&g=fenland";
    assert!(
        text.contains(&format!("{survey}&ch=pack&lang=lt")),
        "{text}"
    );

    // The same inputs: no new version, and the same bytes.
    let r = issue("lt").await;
    assert_eq!(r.status(), 200);
    let again: Value = r.json().await.unwrap();
    assert_eq!(again["new_version"], false);
    assert_eq!(again["pack"]["id"], lt_id);

    // In Arabic, right to left in its own font.
    let r = issue("ar").await;
    assert_eq!(r.status(), 201);
    let ar: Value = r.json().await.unwrap();
    let ar_id = ar["pack"]["id"].as_i64().unwrap();
    let pdf = send(
        &app,
        &token,
        M::GET,
        &format!("/api/v1/packs/{ar_id}/pdf"),
        None,
    )
    .await
    .bytes()
    .await
    .unwrap()
    .to_vec();
    let (text, fonts, _) = read_pdf(&pdf);
    // The sector and a word of the title (pdftotext splits the lam-alef ligature, so words with one are
    // not compared).
    assert!(text.contains("مصرف") && text.contains("تحذيرية"), "{text}");
    assert!(fonts.contains("NotoSansArabic"), "{fonts}");
    assert!(all_embedded(&fonts), "{fonts}");
    // The HTML of the same pack says its language and direction.
    let r = send(
        &app,
        &banker,
        M::GET,
        &format!("/api/v1/packs/{ar_id}/html"),
        None,
    )
    .await;
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("sandbox")
    );
    let html = r.text().await.unwrap();
    assert!(html.contains(r#"lang="ar" dir="rtl""#), "{html}");
    // Its survey link as a link (`ch=pack`) and as a QR code counted apart (`ch=qr`).
    let escaped = format!("{survey}&ch=pack&lang=ar")
        .replace('&', "&amp;")
        .replace('/', "&#x2f;");
    assert!(html.contains(&format!("href=\"{escaped}\"")), "{html}");
    let qr = beacon::report::pack::qr_svg(&format!("{survey}&ch=qr&lang=ar"));
    assert!(html.contains(&qr), "the survey's QR code");

    // A partner account lists its own packs; another partner's are not found, as none would be.
    let mine: Value = send(
        &app,
        &banker,
        M::GET,
        &format!("/api/v1/partners/{bank}/packs"),
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(mine.as_array().unwrap().len(), 2);
    assert_eq!(
        mine[0]["downloads"].as_i64().unwrap() + mine[1]["downloads"].as_i64().unwrap(),
        3
    );
    let r = send(
        &app,
        &outsider,
        M::GET,
        &format!("/api/v1/packs/{lt_id}/pdf"),
        None,
    )
    .await;
    assert_eq!(r.status(), 404);
    let r = send(
        &app,
        &outsider,
        M::GET,
        &format!("/api/v1/partners/{bank}/packs"),
        None,
    )
    .await;
    assert_eq!(r.status(), 403);
    let r = send(
        &app,
        &banker,
        M::POST,
        &format!("/api/v1/partners/{bank}/packs"),
        Some(json!({"locale": "lt"})),
    )
    .await;
    assert_eq!(r.status(), 403);

    // Training: the partner reports a session with its pack; totals for evaluators.
    let today = time::OffsetDateTime::now_utc().date();
    let training = |body: Value| {
        let app = &app;
        let banker = banker.clone();
        async move {
            send(
                app,
                &banker,
                M::POST,
                &format!("/api/v1/partners/{bank}/trainings"),
                Some(body),
            )
            .await
        }
    };
    let r = training(json!({"held_on": today.to_string(), "staff_trained": 12, "pack_id": lt_id,
        "quiz_before": {"correct": 30, "answers": 50}, "quiz_after": {"correct": 42, "answers": 50}}))
    .await;
    assert_eq!(r.status(), 201);
    let held: Value = r.json().await.unwrap();
    assert_eq!(
        (held["pack_version"].as_i64(), held["region_name"].as_str()),
        (Some(1), Some("Fenland"))
    );
    let r =
        training(json!({"held_on": today.to_string(), "staff_trained": 8, "pack_id": ar_id})).await;
    assert_eq!(r.status(), 201);
    for (body, field) in [
        (
            json!({"held_on": (today + time::Duration::days(2)).to_string(), "staff_trained": 5, "pack_id": lt_id}),
            "held_on",
        ),
        (
            json!({"held_on": today.to_string(), "staff_trained": 0, "pack_id": lt_id}),
            "staff_trained",
        ),
        (
            json!({"held_on": today.to_string(), "staff_trained": 5, "pack_id": lt_id, "quiz_after": {"correct": 9, "answers": 5}}),
            "quiz_after",
        ),
        (
            json!({"held_on": today.to_string(), "staff_trained": 5, "pack_id": 999_999}),
            "pack_id",
        ),
    ] {
        let p = problem(training(body).await, 422).await;
        assert_eq!(p["field"], field);
    }
    let r = send(
        &app,
        &outsider,
        M::POST,
        &format!("/api/v1/partners/{bank}/trainings"),
        Some(json!({"held_on": today.to_string(), "staff_trained": 5, "pack_id": lt_id})),
    )
    .await;
    assert_eq!(r.status(), 403);
    let evaluator = app
        .token("evaluator@test.example", Role::Evaluator, None)
        .await;
    let totals: Value = send(&app, &evaluator, M::GET, "/api/v1/trainings/totals", None)
        .await
        .json()
        .await
        .unwrap();
    // The demo's partners reported sessions too; the bank's are its own line.
    let mine = totals["by_partner"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["label"] == "Fen Bank")
        .unwrap();
    assert_eq!(
        (mine["sessions"].as_u64(), mine["staff"].as_u64()),
        (Some(2), Some(20))
    );
    let banks = totals["by_sector"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"] == "bank")
        .unwrap();
    assert!(banks["staff"].as_u64().unwrap() >= 20);
    assert!(
        totals["by_region"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["label"] == "Fenland")
    );
    let quiz = &totals["quiz"];
    assert!(quiz["sessions"].as_u64().unwrap() >= 1, "{quiz}");
    let change = quiz["change"].as_f64().unwrap();
    assert!(quiz["low"].as_f64().unwrap() < change && quiz["high"].as_f64().unwrap() > change);
    let r = send(&app, &banker, M::GET, "/api/v1/trainings/totals", None).await;
    assert_eq!(r.status(), 403);
    let mine: Value = send(
        &app,
        &banker,
        M::GET,
        &format!("/api/v1/partners/{bank}/trainings"),
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(mine.as_array().unwrap().len(), 2);

    // Bad requests name their field.
    let p = problem(issue("xx").await, 422).await;
    assert_eq!(p["field"], "locale");
    let p = problem(
        send(
            &app,
            &token,
            M::POST,
            &format!("/api/v1/partners/{other}/packs"),
            Some(json!({"locale": "en"})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p["field"], "region_id", "a partner serving no region");

    // Sending needs the region's local contacts configured (none are here): refused, naming the setting.
    let p = problem(
        send(
            &app,
            &token,
            M::POST,
            &format!("/api/v1/partners/{bank}/packs/send"),
            Some(json!({})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p["field"], "region_id");
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("packs.local_contacts"),
        "{p}"
    );
    let r = send(
        &app,
        &banker,
        M::POST,
        &format!("/api/v1/partners/{bank}/packs/send"),
        Some(json!({})),
    )
    .await;
    assert_eq!(r.status(), 403, "a partner account does not send");
}

both_backends!(partners_get_their_packs);

/// A database made before sectors: its partners (one a council, one a charity) keep their ids, accounts and
/// lists when the packs migration turns kinds into sectors, and every foreign key still holds.
async fn partners_made_before_sectors_keep_everything(db: Db) {
    let dir = tempfile::tempdir().unwrap();
    let env = crate::support::test_env(db, dir.path()).await;
    let config =
        beacon::config::Config::load_from(&beacon::config::Overrides::default(), &env).unwrap();
    let store = beacon::store::Store::connect(&config).await.unwrap();
    let folder = match db {
        Db::Sqlite => "sqlite",
        Db::Postgres => "postgres",
    };
    let mut before = sqlx::migrate::Migrator::new(
        crate::support::manifest_dir()
            .join("migrations")
            .join(folder),
    )
    .await
    .unwrap();
    let upto = before
        .migrations
        .iter()
        .position(|m| m.description.contains("packs"))
        .unwrap();
    before.migrations = before.migrations[..upto].to_vec().into();
    before.run(store.pool()).await.unwrap();
    for (name, kind) in [
        ("Old Council", "council"),
        ("Old Charity", "charity"),
        ("Old Bank", "bank"),
    ] {
        sqlx::query("INSERT INTO partners (name, kind, created_at) VALUES ($1, $2, 1)")
            .bind(name)
            .bind(kind)
            .execute(store.pool())
            .await
            .unwrap();
    }
    sqlx::query(
        "INSERT INTO users (email, role, partner_id, password_hash, created_at) \
         SELECT 'member@oldcouncil.example', 'partner', id, 'x', 1 FROM partners WHERE name = 'Old Council'",
    )
    .execute(store.pool())
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO mailing_lists (name, partner_id, created_at) \
         SELECT 'Charity members', id, 1 FROM partners WHERE name = 'Old Charity'",
    )
    .execute(store.pool())
    .await
    .unwrap();

    store.migrate().await.unwrap();
    let partners = store.list_partners().await.unwrap();
    let sectors: Vec<(&str, &str)> = partners
        .iter()
        .map(|p| (p.name.as_str(), p.sector.as_str()))
        .collect();
    assert_eq!(
        sectors,
        [
            ("Old Bank", "bank"),
            ("Old Charity", "ngo"),
            ("Old Council", "local_authority")
        ]
    );
    let council = partners
        .iter()
        .find(|p| p.name == "Old Council")
        .unwrap()
        .id;
    let user_partner: Option<i64> = sqlx::query_scalar(
        "SELECT partner_id FROM users WHERE email = 'member@oldcouncil.example'",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(user_partner, Some(council));
    if db == Db::Sqlite {
        let broken: Vec<(String,)> = sqlx::query_as("PRAGMA foreign_key_check")
            .fetch_all(store.pool())
            .await
            .unwrap();
        assert!(broken.is_empty(), "{broken:?}");
        // The rebuilt table still refuses a partner with an account from being deleted.
        let deleted = sqlx::query("DELETE FROM partners WHERE id = $1")
            .bind(council)
            .execute(store.pool())
            .await;
        assert!(deleted.is_err(), "the account's foreign key still holds");
    }
    // A sector outside the list is refused by the database itself.
    let bad =
        sqlx::query("INSERT INTO partners (name, sector, created_at) VALUES ('X', 'council', 1)")
            .execute(store.pool())
            .await;
    assert!(bad.is_err());
    store.close().await;
}

both_backends!(partners_made_before_sectors_keep_everything);

/// `beacon pack render` for scripts: a pack issued against the configured database and written out; the
/// same again is the same file; a bad argument is exit 2 and one line naming the flag.
async fn pack_render_on_the_command_line(db: Db) {
    let dir = tempfile::tempdir().unwrap();
    let env = crate::support::test_env(db, dir.path()).await;
    let url = env
        .iter()
        .find(|(k, _)| k == "BEACON_DATABASE__URL")
        .map(|(_, v)| v.clone());
    {
        let config =
            beacon::config::Config::load_from(&beacon::config::Overrides::default(), &env).unwrap();
        let store = beacon::store::Store::connect(&config).await.unwrap();
        store.migrate().await.unwrap();
        let services = beacon::services::Services::new(
            store.clone(),
            config,
            std::sync::Arc::new(beacon::services::SystemClock),
        )
        .unwrap();
        beacon::demo::seed(&services).await.unwrap();
        let operator = Actor::System("test");
        let fenland = fenland(&services).await;
        let police = services
            .accounts()
            .create_partner(&operator, "Fen Police", "police")
            .await
            .unwrap();
        services
            .packs()
            .set_regions(&operator, police.id, &[fenland])
            .await
            .unwrap();
        store.close().await;
    }
    let run = |args: &[&str]| {
        let mut c = crate::support::beacon_command();
        c.args(["pack", "render"])
            .args(args)
            .arg("--data-dir")
            .arg(dir.path());
        if let Some(u) = &url {
            c.env("BEACON_DATABASE__URL", u);
        }
        c
    };
    let out_file = dir.path().join("police-lt.pdf");
    let out_path = out_file.to_str().unwrap();
    let args = [
        "--partner",
        "Fen Police",
        "--locale",
        "lt",
        "--region",
        "Fenland",
        "--output",
        out_path,
    ];
    let out = run(&args).output().await.unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && said.contains("version 1"),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let first = std::fs::read(&out_file).unwrap();
    let (text, fonts, _) = read_pdf(&first);
    assert!(
        text.contains("Policija") && text.contains("Fen Police"),
        "{text}"
    );
    assert!(all_embedded(&fonts), "{fonts}");
    let out = run(&args).output().await.unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("(unchanged)"));
    assert_eq!(
        std::fs::read(&out_file).unwrap(),
        first,
        "the same inputs, the same bytes"
    );

    for (bad, flag) in [
        (
            vec![
                "--partner",
                "Nobody",
                "--locale",
                "lt",
                "--output",
                out_path,
            ],
            "--partner",
        ),
        (
            vec![
                "--partner",
                "Fen Police",
                "--locale",
                "xx",
                "--output",
                out_path,
            ],
            "--locale",
        ),
        (
            vec![
                "--partner",
                "Fen Police",
                "--locale",
                "lt",
                "--region",
                "Atlantis",
                "--output",
                out_path,
            ],
            "--region",
        ),
        (
            vec![
                "--partner",
                "Fen Police",
                "--locale",
                "lt",
                "--format",
                "docx",
                "--output",
                out_path,
            ],
            "--format",
        ),
    ] {
        let out = run(&bad).output().await.unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{bad:?}: {err}");
        assert!(err.contains(flag), "{bad:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
}

both_backends!(pack_render_on_the_command_line);

/// The demo's Fenland region.
pub(crate) async fn fenland(services: &beacon::services::Services) -> i64 {
    services
        .audiences()
        .list_regions(&Actor::System("test"))
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.name == "Fenland")
        .unwrap()
        .id
}

/// A config file in `dir` naming one local contact for Fenland (lists of tables have no environment
/// form); its path.
pub(crate) fn local_contacts_file(dir: &std::path::Path, name: &str) -> String {
    let path = dir.join("packs.toml");
    std::fs::write(
        &path,
        format!(
            "[[packs.local_contacts]]\nregion = \"Fenland\"\nname = \"{name}\"\nphone = \"01354 000 000\"\n"
        ),
    )
    .unwrap();
    path.to_str().unwrap().to_string()
}

/// The download link in a pack's e-mail (its quoted-printable soft breaks undone).
fn pack_link(eml: &str) -> String {
    let plain = eml.replace("=\r\n", "").replace("=3D", "=");
    let at = plain.find("/packs/d/").expect("a download link") + "/packs/d/".len();
    plain[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect()
}

/// Campaign staff send a partner's pack: each contact gets one e-mail in their language over SMTP (a real
/// server on loopback), with a link that downloads the PDF without an account, each download counted
/// against them; a changed or expired link is a 403 that says nothing; the one-click unsubscribe removes
/// the contact with everything about them.
async fn packs_reach_each_contact_in_their_language(db: Db) {
    let sink = crate::email::SmtpSink::start(&[]);
    let config_dir = tempfile::tempdir().unwrap();
    let config = local_contacts_file(config_dir.path(), "Fenland safeguarding (test)");
    let smtp = sink.url();
    let app = TestApp::spawn_with(
        db,
        &[
            ("BEACON_CONFIG", config.as_str()),
            ("BEACON_CHANNELS__EMAIL__SMTP_URL", smtp.as_str()),
            ("BEACON_CHANNELS__EMAIL__SMTP_ALLOW_PLAINTEXT", "true"),
            (
                "BEACON_CHANNELS__EMAIL__FROM_ADDRESS",
                "packs@fenland.example",
            ),
            ("BEACON_SERVER__PUBLIC_URL", "http://127.0.0.1:9"),
            ("BEACON_JOBS__POLL_MS", "100"),
        ],
    )
    .await;
    beacon::demo::seed(&app.state.services).await.unwrap();
    let fenland = fenland(&app.state.services).await;
    let token = app
        .token("campaigner@test.example", Role::Campaigner, None)
        .await;
    let bank = app.partner("Fen Bank", "bank").await;
    let r = send(
        &app,
        &token,
        M::PUT,
        &format!("/api/v1/partners/{bank}/regions"),
        Some(json!({"region_ids": [fenland]})),
    )
    .await;
    assert_eq!(r.status(), 200);
    let url = format!("/api/v1/partners/{bank}/packs/send");
    let p = problem(
        send(&app, &token, M::POST, &url, Some(json!({}))).await,
        422,
    )
    .await;
    assert_eq!(p["field"], "contacts", "no contacts yet: {p}");
    for (name, email, locale) in [
        ("Asta Petrauskienė", "asta@fenbank.example", "lt"),
        ("Jo Smith", "jo@fenbank.example", "en"),
    ] {
        let r = send(
            &app,
            &token,
            M::POST,
            &format!("/api/v1/partners/{bank}/contacts"),
            Some(json!({"name": name, "email": email, "role": "Cashier", "locale": locale})),
        )
        .await;
        assert_eq!(r.status(), 201);
    }

    let r = send(&app, &token, M::POST, &url, Some(json!({}))).await;
    assert_eq!(r.status(), 202);
    let summary: Value = r.json().await.unwrap();
    assert_eq!(summary["queued"], 2);
    assert_eq!(
        summary["packs"].as_array().unwrap().len(),
        2,
        "one pack per language"
    );
    let sends_url = format!("/api/v1/partners/{bank}/sends");
    let start = std::time::Instant::now();
    let sends = loop {
        let sends: Value = send(&app, &token, M::GET, &sends_url, None)
            .await
            .json()
            .await
            .unwrap();
        if sends
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["status"] == "sent")
        {
            break sends;
        }
        assert!(start.elapsed().as_secs() < 30, "{sends}");
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    };
    assert_eq!(sends.as_array().unwrap().len(), 2);
    let messages = sink.messages();
    assert_eq!(messages.len(), 2, "one message per contact");
    let to = |who: &str| {
        messages
            .iter()
            .map(|(_, text)| text.clone())
            .find(|t| crate::email::header(t, "To").is_some_and(|h| h.contains(who)))
            .unwrap()
    };
    let asta = to("asta@fenbank.example");
    let jo = to("jo@fenbank.example");
    assert_eq!(
        crate::email::header(&asta, "Content-Language").as_deref(),
        Some("lt")
    );
    assert_eq!(
        crate::email::header(&jo, "Content-Language").as_deref(),
        Some("en")
    );
    let asta_plain = asta.replace("=\r\n", "");
    assert!(
        asta_plain.contains("Atsisi=C5=B3skite") || asta_plain.contains("Atsisiųskite"),
        "Lithuanian words: {asta}"
    );

    // The link downloads the Lithuanian PDF without an account, and the download is counted.
    let link = pack_link(&asta);
    let r = reqwest::get(app.url(&format!("/packs/d/{link}")))
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let pdf = r.bytes().await.unwrap();
    let (text, _, _) = read_pdf(&pdf);
    assert!(
        text.contains("Jei kam nors gresia") || text.contains("skambinkite"),
        "{text}"
    );
    let r = reqwest::get(app.url(&format!("/packs/d/{link}?format=html")))
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("sandbox")
    );
    let sends: Value = send(&app, &token, M::GET, &sends_url, None)
        .await
        .json()
        .await
        .unwrap();
    let asta_send = sends
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["email"] == "asta@fenbank.example")
        .unwrap()
        .clone();
    assert_eq!(asta_send["downloads"], 2);
    assert_eq!(asta_send["locale"], "lt");

    // A changed link, a link cut short and an expired one: the same 403, naming nothing.
    let mut changed = link.clone();
    let last = changed.pop().unwrap();
    changed.push(if last == '0' { '1' } else { '0' });
    let keys = app.state.services.subscribers().keys().await.unwrap();
    let expired = keys.sign(
        beacon::subscribers::Purpose::PackDownload,
        asta_send["id"].as_i64().unwrap(),
        app.state.services.clock.unix() - 1,
    );
    let mut bodies = Vec::new();
    for bad in [changed.as_str(), &link[..link.len() - 4], expired.as_str()] {
        let r = reqwest::get(app.url(&format!("/packs/d/{bad}")))
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{bad}");
        let body = r.text().await.unwrap();
        assert!(
            !body.contains("Fen Bank") && !body.contains("Fenland") && !body.contains("Asta"),
            "{body}"
        );
        bodies.push(body.len());
    }
    assert!(
        bodies.windows(2).all(|w| w[0] == w[1]),
        "one answer for every bad link: {bodies:?}"
    );
    let sends_after: Value = send(&app, &token, M::GET, &sends_url, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        sends_after
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["downloads"].as_i64().unwrap())
            .sum::<i64>(),
        2,
        "refused links count nothing"
    );

    // The job again for a sent message sends nothing; one a crash left `sending` (on the wire when the
    // process died) is sent once more, and no other.
    let asta_id = asta_send["id"].as_i64().unwrap();
    let packs = app.state.services.packs();
    packs.send_one(asta_id).await.unwrap();
    assert_eq!(sink.messages().len(), 2, "a sent message is not sent again");
    sqlx::query("UPDATE pack_sends SET status = 'sending' WHERE id = $1")
        .bind(asta_id)
        .execute(app.store().pool())
        .await
        .unwrap();
    packs.send_one(asta_id).await.unwrap();
    assert_eq!(sink.messages().len(), 3);
    let again = app.store().pack_send(asta_id).await.unwrap().unwrap();
    assert_eq!((again.status.as_str(), again.attempts), ("sent", 2));

    // The one-click unsubscribe in Jo's message removes Jo with everything about them.
    let stop = crate::email::header(&jo, "List-Unsubscribe").unwrap();
    let stop = stop.trim_matches(['<', '>']);
    let path = &stop[stop.find("/u/").unwrap()..];
    let r = reqwest::Client::new()
        .post(app.url(path))
        .form(&[("List-Unsubscribe", "One-Click")])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    let contacts: Value = send(
        &app,
        &token,
        M::GET,
        &format!("/api/v1/partners/{bank}/contacts"),
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(contacts.as_array().unwrap().len(), 1);
    assert_eq!(contacts[0]["email"], "asta@fenbank.example");
    let sends: Value = send(&app, &token, M::GET, &sends_url, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(sends.as_array().unwrap().len(), 1, "Jo's send went with Jo");

    // The send is audited with how many, never to whom.
    let audit = app.store().audit_entries(50).await.unwrap();
    let sent = audit
        .iter()
        .find(|e| e.action == "pack.send")
        .expect("audited");
    assert!(!sent.detail.contains("fenbank.example"), "{}", sent.detail);
}

both_backends!(packs_reach_each_contact_in_their_language);

/// Polish, Romanian and Bulgarian packs: their languages have no toolkit words yet, so the words fall back
/// to English and the cover says so; the partner's and the local contact's names, in Polish, Romanian
/// and Cyrillic letters, reach the PDF as text in embedded fonts.
async fn every_script_reaches_the_pdf(db: Db) {
    let config_dir = tempfile::tempdir().unwrap();
    let path = local_contacts_file(config_dir.path(), "Centrul Brașov, Łódź — Център Пловдив");
    let app = TestApp::spawn_with(db, &[("BEACON_CONFIG", path.as_str())]).await;
    beacon::demo::seed(&app.state.services).await.unwrap();
    let services = &app.state.services;
    let operator = Actor::System("test");
    let fenland = fenland(services).await;
    let partner = services
        .accounts()
        .create_partner(&operator, "Bank Żółć Știință — Банка", "bank")
        .await
        .unwrap()
        .id;
    services
        .packs()
        .set_regions(&operator, partner, &[fenland])
        .await
        .unwrap();
    for (locale, words) in [
        ("pl", ["Bank Żółć Știință — Банка", "Łódź"]),
        ("ro", ["Știință", "Brașov"]),
        ("bg", ["Банка", "Център Пловдив"]),
    ] {
        let rendered = services
            .packs()
            .render(&operator, partner, locale, None)
            .await
            .unwrap();
        assert_eq!(rendered.pack.locale, locale);
        let bytes = app
            .store()
            .pack_file(rendered.pack.id, true)
            .await
            .unwrap()
            .unwrap();
        let (text, fonts, png) = read_pdf(&bytes);
        for w in words {
            assert!(text.contains(w), "{locale}: {w} missing from {text}");
        }
        assert!(
            text.contains("English"),
            "{locale}: the cover names the fallback: {text}"
        );
        assert!(all_embedded(&fonts), "{locale}: {fonts}");
        assert!(png > 1_000, "{locale}: page 1 drawn");
    }
}

both_backends!(every_script_reaches_the_pdf);
