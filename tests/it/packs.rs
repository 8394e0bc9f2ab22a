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
    let operator = Actor::System("test");
    let regions = app
        .state
        .services
        .audiences()
        .list_regions(&operator)
        .await
        .unwrap();
    let fenland = regions.iter().find(|r| r.name == "Fenland").unwrap().id;
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
}

both_backends!(partners_get_their_packs);
