//! Headless Chromium, driven through ChromeDriver: each role logs in, sees its own navigation, and
//! cannot open another role's pages. A failing step leaves a screenshot in target/screenshots/.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use beacon::accounts::Role;
use fantoccini::{Client, ClientBuilder, Locator};

use crate::support::{Db, TestApp, manifest_dir};
use crate::{both_backends, once};

/// A ChromeDriver process for one test, killed when dropped.
struct Driver {
    child: Child,
    port: u16,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start_driver() -> Driver {
    let chromedriver = std::env::var("BEACON_TEST_CHROMEDRIVER")
        .unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    assert!(
        std::path::Path::new(&chromedriver).exists(),
        "{chromedriver} is missing: run the tests with scripts/test, which installs chromium-driver"
    );
    let port = free_port();
    let child = Command::new(&chromedriver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Driver {
        child,
        port,
        _profile: tempfile::tempdir().unwrap(),
    }
}

async fn browser(driver: &Driver) -> Client {
    let chromium =
        std::env::var("BEACON_TEST_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let profile = driver._profile.path().display().to_string();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1200,900",
                format!("--user-data-dir={profile}"),
            ]
        }),
    );
    // ChromeDriver speaks plain HTTP on loopback: no TLS stack needed.
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("connect to chromedriver")
}

/// Saves a screenshot of the current page, for a failing test.
async fn screenshot(client: &Client, name: &str) -> PathBuf {
    let dir = manifest_dir().join("target/screenshots");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("{name}.png"));
    if let Ok(png) = client.screenshot().await {
        let _ = std::fs::write(&path, png);
    }
    path
}

/// Runs `steps`; on failure saves a screenshot before failing the test with the step's message.
async fn checked(client: &Client, name: &str, result: Result<(), String>) {
    if let Err(message) = result {
        let path = screenshot(client, name).await;
        panic!("{message} (screenshot: {})", path.display());
    }
}

async fn nav_labels(client: &Client) -> Result<Vec<String>, String> {
    let links = client
        .find_all(Locator::Css("header nav a"))
        .await
        .map_err(|e| e.to_string())?;
    let mut labels = Vec::new();
    for l in links {
        labels.push(l.text().await.map_err(|e| e.to_string())?);
    }
    Ok(labels)
}

async fn log_in(client: &Client, base: &str, email: &str, password: &str) -> Result<(), String> {
    client
        .goto(&format!("{base}/login"))
        .await
        .map_err(|e| e.to_string())?;
    // Fill the form the way a person does: by the labels' fields, then the button.
    client
        .find(Locator::Id("email"))
        .await
        .map_err(|e| e.to_string())?
        .send_keys(email)
        .await
        .map_err(|e| e.to_string())?;
    client
        .find(Locator::Id("password"))
        .await
        .map_err(|e| e.to_string())?
        .send_keys(password)
        .await
        .map_err(|e| e.to_string())?;
    client
        .find(Locator::Css("main button[type=submit]"))
        .await
        .map_err(|e| e.to_string())?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    client
        .wait()
        .for_element(Locator::Css("header nav"))
        .await
        .map_err(|e| format!("no navigation after login as {email}: {e}"))?;
    Ok(())
}

async fn each_role_sees_its_own_pages(db: Db) {
    let app = TestApp::spawn(db).await;
    let bank = app.partner("Bank A", "bank").await;
    let council = app.partner("Council B", "council").await;
    app.user("member@councilb.example", Role::Partner, Some(council))
        .await;
    let driver = start_driver().await;
    let expected: [(Role, &[&str]); 6] = [
        (
            Role::Admin,
            &[
                "Home",
                "Map",
                "Hotspots",
                "Emerging",
                "Forecast",
                "Routes",
                "Reports",
                "Audiences",
                "Creatives",
                "Campaigns",
                "Mailing lists",
                "Translations",
                "Partners",
                "Surveys",
                "Impact",
                "Users",
                "Audit log",
                "Jobs",
                "Account",
            ],
        ),
        (
            Role::Analyst,
            &[
                "Home",
                "Map",
                "Hotspots",
                "Emerging",
                "Forecast",
                "Routes",
                "Reports",
                "Audiences",
                "Creatives",
                "Campaigns",
                "Mailing lists",
                "Surveys",
                "Impact",
                "Account",
            ],
        ),
        (
            Role::Campaigner,
            &[
                "Home",
                "Map",
                "Audiences",
                "Creatives",
                "Campaigns",
                "Mailing lists",
                "Translations",
                "Partners",
                "Surveys",
                "Impact",
                "Account",
            ],
        ),
        (Role::Translator, &["Home", "Translations", "Account"]),
        (
            Role::Evaluator,
            &[
                "Home",
                "Map",
                "Audiences",
                "Creatives",
                "Campaigns",
                "Mailing lists",
                "Partners",
                "Surveys",
                "Impact",
                "Account",
            ],
        ),
        (Role::Partner, &["Home", "My organisation", "Account"]),
    ];
    for (role, nav) in expected {
        let email = format!("{role}@test.example");
        let partner = (role == Role::Partner).then_some(bank);
        let password = app.user(&email, role, partner).await;
        let client = browser(&driver).await;
        let base = app.base.clone();
        let result = async {
            log_in(&client, &base, &email, &password).await?;
            let labels = nav_labels(&client).await?;
            if labels != nav {
                return Err(format!(
                    "{role} sees navigation {labels:?}, expected {nav:?}"
                ));
            }
            // Every link in the navigation opens a page, with a heading.
            for label in nav {
                client
                    .find(Locator::LinkText(label))
                    .await
                    .map_err(|e| e.to_string())?
                    .click()
                    .await
                    .map_err(|e| e.to_string())?;
                let h1 = client
                    .find(Locator::Css("main h1"))
                    .await
                    .map_err(|e| format!("{role} → {label}: {e}"))?;
                if h1.text().await.map_err(|e| e.to_string())?.is_empty() {
                    return Err(format!("{role} → {label}: empty heading"));
                }
                let source = client.source().await.map_err(|e| e.to_string())?;
                if role == Role::Partner
                    && (source.contains("Council B") || source.contains("member@councilb.example"))
                {
                    return Err(format!("partner saw another partner's data on {label}"));
                }
            }
            // A page of another role is refused with a readable page, not a blank.
            if role != Role::Admin {
                client
                    .goto(&format!("{base}/admin/users"))
                    .await
                    .map_err(|e| e.to_string())?;
                let text = client
                    .find(Locator::Css("main"))
                    .await
                    .map_err(|e| e.to_string())?
                    .text()
                    .await
                    .map_err(|e| e.to_string())?;
                if !text.contains("Your role cannot open this page") {
                    return Err(format!("{role} on /admin/users saw: {text}"));
                }
            }
            // The map draws cells for those who may see it.
            if nav.contains(&"Map") {
                client
                    .goto(&format!("{base}/map"))
                    .await
                    .map_err(|e| e.to_string())?;
                let cells = client
                    .find_all(Locator::Css("svg [data-cell]"))
                    .await
                    .map_err(|e| e.to_string())?;
                if cells.len() < 100 {
                    return Err(format!("{role}: the map shows {} cells", cells.len()));
                }
            }
            // Log out with the header button.
            client
                .find(Locator::Css("header .who button"))
                .await
                .map_err(|e| e.to_string())?
                .click()
                .await
                .map_err(|e| e.to_string())?;
            client
                .wait()
                .for_element(Locator::Id("email"))
                .await
                .map_err(|e| format!("{role}: not back at the login form: {e}"))?;
            Ok(())
        }
        .await;
        checked(
            &client,
            &format!(
                "roles-{}-{role}",
                if db == Db::Sqlite {
                    "sqlite"
                } else {
                    "postgres"
                }
            ),
            result,
        )
        .await;
        client.close().await.ok();
    }
    app.stop().await.unwrap();
}
both_backends!(each_role_sees_its_own_pages);

async fn a_phone_sized_window_still_shows_the_navigation(db: Db) {
    let app = TestApp::spawn(db).await;
    let password = app.user("admin@test.example", Role::Admin, None).await;
    let driver = start_driver().await;
    let client = browser(&driver).await;
    let result = async {
        client.set_window_size(390, 844).await.map_err(|e| e.to_string())?;
        log_in(&client, &app.base, "admin@test.example", &password).await?;
        client.goto(&format!("{}/admin/users", app.base)).await.map_err(|e| e.to_string())?;
        // No sideways scrolling of the page itself: wide tables scroll inside their own box.
        let overflow = client
            .execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth;", vec![])
            .await
            .map_err(|e| e.to_string())?;
        if overflow.as_i64().unwrap_or(99) > 1 {
            return Err(format!("the page is {overflow} px wider than a phone"));
        }
        // Keyboard users reach the skip link first.
        let first = client.execute("document.activeElement.blur(); return document.querySelector('a.skip').textContent;", vec![]).await.map_err(|e| e.to_string())?;
        if first.as_str() != Some("Skip to content") {
            return Err(format!("skip link: {first}"));
        }
        Ok(())
    }
    .await;
    checked(
        &client,
        &format!(
            "phone-{}",
            if db == Db::Sqlite {
                "sqlite"
            } else {
                "postgres"
            }
        ),
        result,
    )
    .await;
    client.close().await.ok();
    app.stop().await.unwrap();
}
once!(a_phone_sized_window_still_shows_the_navigation);

/// The page framework keeps every label with its field: in a wide window (where the hotspot filters once
/// put "Half-life (days)" beside an empty box and "From year" over the nationality field) and on a phone,
/// each control sits directly under its own label.
async fn labels_stay_with_their_fields_at_any_width(db: Db) {
    let app = TestApp::spawn(db).await;
    let password = app.user("analyst@test.example", Role::Analyst, None).await;
    let driver = start_driver().await;
    let client = browser(&driver).await;
    let check = r#"
        const problems = [];
        for (const label of document.querySelectorAll('main form label[for]')) {
            const control = document.getElementById(label.htmlFor);
            if (!control) { problems.push('no control for ' + label.htmlFor); continue; }
            const field = label.closest('.field');
            if (!field || field !== control.closest('.field')) {
                problems.push(label.htmlFor + ': label and control are not one field');
                continue;
            }
            if (label.closest('form.inline')) continue;
            const l = label.getBoundingClientRect(), c = control.getBoundingClientRect();
            if (c.top < l.bottom - 1 || Math.abs(c.left - l.left) > 2) {
                problems.push(label.htmlFor + ' at ' + [c.left, c.top] + ', its label at ' + [l.left, l.bottom]);
            }
        }
        return problems;"#;
    let result = async {
        log_in(&client, &app.base, "analyst@test.example", &password).await?;
        for (width, height) in [(1400, 900), (390, 844)] {
            client
                .set_window_size(width, height)
                .await
                .map_err(|e| e.to_string())?;
            for page in [
                "/analysis/hotspots",
                "/analysis/emerging",
                "/analysis/forecast",
                "/analysis/routes",
                "/account",
            ] {
                client
                    .goto(&format!("{}{page}", app.base))
                    .await
                    .map_err(|e| e.to_string())?;
                let problems = client
                    .execute(check, vec![])
                    .await
                    .map_err(|e| e.to_string())?;
                let problems = problems.as_array().cloned().unwrap_or_default();
                if !problems.is_empty() {
                    return Err(format!("{page} at {width} px: {problems:?}"));
                }
            }
        }
        Ok(())
    }
    .await;
    checked(&client, "labels-with-fields", result).await;
    client.close().await.ok();
    app.stop().await.unwrap();
}
once!(labels_stay_with_their_fields_at_any_width);

/// Waits (up to 15 s) until the main element's text contains `needle`; returns that text.
async fn wait_for_text(client: &Client, needle: &str) -> Result<String, String> {
    let mut last = String::new();
    for _ in 0..150 {
        if let Ok(main) = client.find(Locator::Css("main")).await
            && let Ok(text) = main.text().await
        {
            if text.contains(needle) {
                return Ok(text);
            }
            last = text;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("waited for `{needle}`; the page says: {last}"))
}

async fn a_report_reaches_the_analyst_and_the_hotspot_pages_work(db: Db) {
    let app = TestApp::spawn(db).await;
    let token = app.token("loader@test.example", Role::Analyst, None).await;
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/incidents"))
        .bearer_auth(&token)
        .json(&beacon::demo::synthetic_incidents())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let password = app.user("analyst@test.example", Role::Analyst, None).await;
    let driver = start_driver().await;
    let client = browser(&driver).await;
    let base = app.base.clone();
    let e = |e: fantoccini::error::CmdError| e.to_string();
    let result = async {
        // A member of the public reports in Lithuanian, with the plain form.
        client
            .goto(&format!("{base}/report?lang=lt"))
            .await
            .map_err(e)?;
        client
            .find(Locator::Css("input[name=category][value=labour]"))
            .await
            .map_err(e)?
            .click()
            .await
            .map_err(e)?;
        client
            .find(Locator::Css("input[name=signs][value=documents]"))
            .await
            .map_err(e)?
            .click()
            .await
            .map_err(e)?;
        client
            .find(Locator::Css("main button[type=submit]"))
            .await
            .map_err(e)?
            .click()
            .await
            .map_err(e)?;
        wait_for_text(&client, "Jūsų pranešimas gautas").await?;
        // The analyst (in English) sees it in the queue and accepts it.
        client
            .goto(&format!("{base}/login?lang=en"))
            .await
            .map_err(e)?;
        log_in(&client, &base, "analyst@test.example", &password).await?;
        client
            .find(Locator::LinkText("Reports"))
            .await
            .map_err(e)?
            .click()
            .await
            .map_err(e)?;
        let rows = client
            .find_all(Locator::Css("#pending-reports tbody tr"))
            .await
            .map_err(e)?;
        if rows.len() != 1 {
            return Err(format!("{} pending reports", rows.len()));
        }
        client
            .find(Locator::Css("#pending-reports button[type=submit]"))
            .await
            .map_err(e)?
            .click()
            .await
            .map_err(e)?;
        wait_for_text(&client, "No reports are waiting").await?;
        // Hotspots: a map of cells, a legend, a table; the filter form changes the analysis.
        client
            .find(Locator::LinkText("Hotspots"))
            .await
            .map_err(e)?
            .click()
            .await
            .map_err(e)?;
        let cells = client
            .find_all(Locator::Css("svg [data-cell]"))
            .await
            .map_err(e)?;
        if cells.len() < 50 {
            return Err(format!("{} cells on the hotspot map", cells.len()));
        }
        let hot = client
            .find_all(Locator::Css("#hotspot-table td.class-hot-99"))
            .await
            .map_err(e)?;
        if hot.is_empty() {
            return Err("no 99% hot spot in the table".into());
        }
        let before = client
            .find(Locator::Id("hotspot-summary"))
            .await
            .map_err(e)?
            .text()
            .await
            .map_err(e)?;
        client
            .find(Locator::Css("#resolution option[value='9']"))
            .await
            .map_err(e)?
            .click()
            .await
            .map_err(e)?;
        client
            .find(Locator::Css("form.filters button"))
            .await
            .map_err(e)?
            .click()
            .await
            .map_err(e)?;
        let mut after = before.clone();
        for _ in 0..150 {
            if client
                .current_url()
                .await
                .map_err(e)?
                .as_str()
                .contains("resolution=9")
                && let Ok(summary) = client.find(Locator::Id("hotspot-summary")).await
                && let Ok(text) = summary.text().await
            {
                after = text;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        if before == after {
            return Err(format!(
                "the filter did not change the analysis: {before} / {after}"
            ));
        }
        // Emerging hotspots and routes.
        client
            .find(Locator::LinkText("Emerging"))
            .await
            .map_err(e)?
            .click()
            .await
            .map_err(e)?;
        wait_for_text(&client, "Patterns found").await?;
        let patterns = client
            .find(Locator::Id("pattern-counts"))
            .await
            .map_err(e)?
            .text()
            .await
            .map_err(e)?;
        if !patterns.contains("hot spot") {
            return Err(format!("emerging patterns: {patterns}"));
        }
        // The forecast: its backtest in words before its map.
        client
            .find(Locator::LinkText("Forecast"))
            .await
            .map_err(e)?
            .click()
            .await
            .map_err(e)?;
        wait_for_text(&client, "How the forecast did on the last 6 periods").await?;
        let verdicts = client
            .find(Locator::Id("forecast-comparisons"))
            .await
            .map_err(e)?
            .text()
            .await
            .map_err(e)?;
        for baseline in ["last period's counts", "all-time counts", "kernel density"] {
            if !verdicts.contains(baseline) {
                return Err(format!("forecast verdicts without {baseline}: {verdicts}"));
            }
        }
        client
            .find(Locator::Css("figure.map svg"))
            .await
            .map_err(e)?;
        client
            .find(Locator::LinkText("Routes"))
            .await
            .map_err(e)?
            .click()
            .await
            .map_err(e)?;
        wait_for_text(&client, "→ GB").await?;
        Ok(())
    }
    .await;
    checked(
        &client,
        &format!(
            "analysis-{}",
            if db == Db::Sqlite {
                "sqlite"
            } else {
                "postgres"
            }
        ),
        result,
    )
    .await;
    client.close().await.ok();
    app.stop().await.unwrap();
}
both_backends!(a_report_reaches_the_analyst_and_the_hotspot_pages_work);

async fn click(client: &Client, css: &str) -> Result<(), String> {
    client
        .find(Locator::Css(css))
        .await
        .map_err(|e| format!("{css}: {e}"))?
        .click()
        .await
        .map_err(|e| format!("{css}: {e}"))?;
    Ok(())
}

async fn type_into(client: &Client, css: &str, text: &str) -> Result<(), String> {
    client
        .find(Locator::Css(css))
        .await
        .map_err(|e| format!("{css}: {e}"))?
        .send_keys(text)
        .await
        .map_err(|e| format!("{css}: {e}"))?;
    Ok(())
}

async fn campaign_staff_build_an_audience_in_the_browser(db: Db) {
    let app = TestApp::spawn(db).await;
    // A population layer, as a planner would import it.
    let token = app
        .token("loader@test.example", Role::Campaigner, None)
        .await;
    let grid = beacon::demo::lsoa_population(h3o::Resolution::Eight).unwrap();
    let mut csv = String::from("h3,population\n");
    for (c, p) in grid.cells() {
        csv.push_str(&format!("{c},{p:.2}\n"));
    }
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/population-layers?name=Fenland&format=grid"))
        .bearer_auth(&token)
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let password = app
        .user("campaigner@test.example", Role::Campaigner, None)
        .await;
    let files = tempfile::tempdir().unwrap();
    let square_file = files.path().join("square.geojson");
    std::fs::write(
        &square_file,
        r#"{"type":"Polygon","coordinates":[[[0.0,52.6],[0.1,52.6],[0.1,52.7],[0.0,52.7],[0.0,52.6]]]}"#,
    )
    .unwrap();
    let open_file = files.path().join("open.geojson");
    std::fs::write(
        &open_file,
        r#"{"type":"Polygon","coordinates":[[[0.0,52.6],[0.1,52.6],[0.1,52.7],[0.0,52.7]]]}"#,
    )
    .unwrap();
    let driver = start_driver().await;
    let client = browser(&driver).await;
    let base = app.base.clone();
    let e = |e: fantoccini::error::CmdError| e.to_string();
    let result = async {
        log_in(&client, &base, "campaigner@test.example", &password).await?;
        client
            .find(Locator::LinkText("Audiences"))
            .await
            .map_err(e)?
            .click()
            .await
            .map_err(e)?;
        wait_for_text(&client, "New region").await?;
        // Pick two cells on the map by hand.
        let cells = client
            .find_all(Locator::Css("#picker svg [data-cell]"))
            .await
            .map_err(e)?;
        if cells.len() < 500 {
            return Err(format!("{} cells on the picking map", cells.len()));
        }
        cells[100].click().await.map_err(e)?;
        cells[200].click().await.map_err(e)?;
        let picked = client
            .find(Locator::Id("picked-cells"))
            .await
            .map_err(e)?
            .prop("value")
            .await
            .map_err(e)?
            .unwrap_or_default();
        if picked.lines().count() != 2 {
            return Err(format!("picked cells: {picked:?}"));
        }
        type_into(&client, "#region-name", "Picked by hand").await?;
        click(&client, "#region-form button[type=submit]").await?;
        // Two resolution-7 cells are 14 cells at resolution 8.
        wait_for_text(&client, "14 cells at resolution 8").await?;
        // A GeoJSON upload; then a broken one, refused with the ring named.
        for (name, file, expect) in [
            ("Uploaded square", &square_file, "cells at resolution 8"),
            ("Broken square", &open_file, "not closed"),
        ] {
            client.goto(&format!("{base}/audiences")).await.map_err(e)?;
            wait_for_text(&client, "New region").await?;
            type_into(&client, "#region-name", name).await?;
            click(&client, "input[name=kind][value=geojson]").await?;
            type_into(&client, "input[name=geojson]", &file.display().to_string()).await?;
            click(&client, "#region-form button[type=submit]").await?;
            wait_for_text(&client, expect).await?;
        }
        // A district, with targets for both platforms on the map.
        client.goto(&format!("{base}/audiences")).await.map_err(e)?;
        wait_for_text(&client, "New region").await?;
        type_into(&client, "#region-name", "Fenland district").await?;
        click(&client, "input[name=district][value='Fenland']").await?;
        click(&client, "#region-form button[type=submit]").await?;
        let text = wait_for_text(&client, "Coverage and spill goals met").await?;
        if !text.contains("Meta") || !text.contains("Google Ads") {
            return Err(format!("target table: {text}"));
        }
        let rows = client
            .find_all(Locator::Css("#target-table tbody tr"))
            .await
            .map_err(e)?;
        if rows.len() != 2 {
            return Err(format!("{} platforms", rows.len()));
        }
        // The community share, then the languages show Lithuanian speakers.
        type_into(
            &client,
            "#shares-form tbody tr:nth-child(1) input[name=locale]",
            "lt",
        )
        .await?;
        type_into(
            &client,
            "#shares-form tbody tr:nth-child(1) input[name=percent]",
            "3",
        )
        .await?;
        type_into(
            &client,
            "#shares-form tbody tr:nth-child(1) input[name=source]",
            "test figure",
        )
        .await?;
        click(&client, "#shares-form button[type=submit]").await?;
        wait_for_text(&client, "configured share 3.0%").await?;
        // The audience in English and Lithuanian, adults only.
        type_into(&client, "#audience-name", "Fenland adults").await?;
        for locale in ["en", "lt"] {
            let b = client
                .find(Locator::Css(&format!(
                    "#audience-form input[name=locale][value='{locale}']"
                )))
                .await
                .map_err(e)?;
            if b.prop("checked").await.map_err(e)?.as_deref() != Some("true") {
                b.click().await.map_err(e)?;
            }
        }
        for band in ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"] {
            click(
                &client,
                &format!("#audience-form input[name=age_band][value='{band}']"),
            )
            .await?;
        }
        click(&client, "#audience-form button[type=submit]").await?;
        wait_for_text(&client, "Estimated size per locale").await?;
        let sizes = client
            .find_all(Locator::Css("#size-table tbody tr"))
            .await
            .map_err(e)?;
        if sizes.len() != 2 {
            return Err(format!("{} locale sizes", sizes.len()));
        }
        type_into(&client, "#freeze-reason", "test campaign scheduled").await?;
        click(&client, "#freeze-form button[type=submit]").await?;
        wait_for_text(&client, "test campaign scheduled").await?;
        Ok(())
    }
    .await;
    checked(
        &client,
        &format!(
            "audience-{}",
            if db == Db::Sqlite {
                "sqlite"
            } else {
                "postgres"
            }
        ),
        result,
    )
    .await;
    client.close().await.ok();
    app.stop().await.unwrap();
}
both_backends!(campaign_staff_build_an_audience_in_the_browser);

async fn a_translator_fixes_a_refused_upload_and_sees_completeness_change(db: Db) {
    let app = TestApp::spawn(db).await;
    let password = app
        .user("translator@test.example", Role::Translator, None)
        .await;
    // Polish has no ui.ftl yet: every message of it is missing.
    let files = tempfile::tempdir().unwrap();
    let broken_dir = files.path().join("broken");
    let fixed_dir = files.path().join("fixed");
    std::fs::create_dir_all(&broken_dir).unwrap();
    std::fs::create_dir_all(&fixed_dir).unwrap();
    let broken = broken_dir.join("ui.ftl");
    std::fs::write(
        &broken,
        "nav-home = Strona główna\nsigned-in-as = Zalogowano jako { $email }\ntranslate-title = { Tłumaczenia\n",
    )
    .unwrap();
    let fixed = fixed_dir.join("ui.ftl");
    std::fs::write(
        &fixed,
        "nav-home = Strona główna\nsigned-in-as = Zalogowano jako { $email } ({ $role })\ntranslate-title = Tłumaczenia\n",
    )
    .unwrap();
    let driver = start_driver().await;
    let client = browser(&driver).await;
    let base = app.base.clone();
    let e = |e: fantoccini::error::CmdError| e.to_string();
    let translated = |client: &Client| {
        let client = client.clone();
        async move {
            let cells = client
                .find_all(Locator::Css("#file-table tr[data-file='ui.ftl'] td"))
                .await
                .map_err(|e| e.to_string())?;
            let cell = cells.get(2).ok_or("no ui.ftl row")?;
            cell.text().await.map_err(|e| e.to_string())
        }
    };
    let result = async {
        log_in(&client, &base, "translator@test.example", &password).await?;
        click(&client, "nav a[href='/translate']").await?;
        wait_for_text(&client, "Words to do").await?;
        click(&client, "#locale-table a[href='/translate/pl']").await?;
        wait_for_text(&client, "Upload a file").await?;
        let before = translated(&client).await?;
        if before != "0" {
            return Err(format!("pl ui.ftl starts with {before} translated"));
        }
        // The broken file: refused, with both problems on their lines.
        type_into(&client, "#upload-file", &broken.display().to_string()).await?;
        click(&client, "#upload-form button[type=submit]").await?;
        let text = wait_for_text(&client, "Not saved").await?;
        for code in ["missing-variable", "syntax"] {
            let found = client
                .find_all(Locator::Css(&format!(".finding.error[data-code='{code}']")))
                .await
                .map_err(e)?;
            if found.is_empty() {
                return Err(format!("no {code} finding shown: {text}"));
            }
        }
        if !text.contains("$role") {
            return Err(format!("the missing variable is not named: {text}"));
        }
        let line2 = client
            .find(Locator::Css("li[id='ui.ftl-L2'] .finding"))
            .await
            .map_err(e)?
            .text()
            .await
            .map_err(e)?;
        if !line2.contains("$role") {
            return Err(format!("line 2 shows {line2:?}"));
        }
        // Fixed: saved, and the completeness view has moved.
        client
            .goto(&format!("{base}/translate/pl"))
            .await
            .map_err(e)?;
        type_into(&client, "#upload-file", &fixed.display().to_string()).await?;
        click(&client, "#upload-form button[type=submit]").await?;
        wait_for_text(&client, "Saved").await?;
        client
            .goto(&format!("{base}/translate/pl"))
            .await
            .map_err(e)?;
        wait_for_text(&client, "Upload a file").await?;
        let after = translated(&client).await?;
        if after != "3" {
            return Err(format!("pl ui.ftl has {after} translated after the upload"));
        }
        // The history names the translator.
        click(&client, "#file-table a[href='/translate/pl/ui.ftl']").await?;
        wait_for_text(&client, "translator@test.example").await?;
        Ok(())
    }
    .await;
    checked(
        &client,
        &format!(
            "translator-{}",
            if db == Db::Sqlite {
                "sqlite"
            } else {
                "postgres"
            }
        ),
        result,
    )
    .await;
    client.close().await.ok();
    app.stop().await.unwrap();
}
both_backends!(a_translator_fixes_a_refused_upload_and_sees_completeness_change);

/// Waits (up to 15 s) until the campaign page shows the campaign in `state`.
async fn wait_for_state(client: &Client, state: &str) -> Result<(), String> {
    let css = format!("#campaign-state[data-state='{state}']");
    for _ in 0..150 {
        if client.find(Locator::Css(&css)).await.is_ok() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let shown = match client.find(Locator::Css("main")).await {
        Ok(main) => main.text().await.unwrap_or_default(),
        Err(e) => e.to_string(),
    };
    Err(format!(
        "waited for the campaign to be {state}; the page says: {shown}"
    ))
}

/// The moves the campaign page offers, by their buttons' `data-action`.
async fn campaign_actions(client: &Client) -> Result<Vec<String>, String> {
    let buttons = client
        .find_all(Locator::Css("#campaign-actions button[data-action]"))
        .await
        .map_err(|e| e.to_string())?;
    let mut actions = Vec::new();
    for b in buttons {
        actions.push(
            b.attr("data-action")
                .await
                .map_err(|e| e.to_string())?
                .unwrap_or_default(),
        );
    }
    Ok(actions)
}

/// The lines of the campaign's history on its page.
async fn campaign_history(client: &Client) -> Result<Vec<String>, String> {
    let items = client
        .find_all(Locator::Css("#campaign-history li"))
        .await
        .map_err(|e| e.to_string())?;
    let mut lines = Vec::new();
    for li in items {
        lines.push(li.text().await.map_err(|e| e.to_string())?);
    }
    Ok(lines)
}

/// Waits for the error page after a refused form and returns its detail (why it was refused).
async fn refusal(client: &Client) -> Result<String, String> {
    client
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css("main [role=alert]"))
        .await
        .map_err(|e| format!("no error shown: {e}"))?;
    client
        .find(Locator::Css("main .detail"))
        .await
        .map_err(|e| format!("the error says nothing of why: {e}"))?
        .text()
        .await
        .map_err(|e| e.to_string())
}

async fn log_out(client: &Client) -> Result<(), String> {
    click(client, "header .who button").await?;
    client
        .wait()
        .for_element(Locator::Id("email"))
        .await
        .map_err(|e| format!("not back at the login form: {e}"))?;
    Ok(())
}

async fn campaign_staff_run_a_campaign_in_the_browser(db: Db) {
    let app = TestApp::spawn(db).await;
    // The demo's audience frozen and its creative, not yet approved (before any account: the demo seeds
    // only an empty database).
    let (snapshot, creative) = crate::campaigns::seeded(&app).await;
    let token = app
        .token("approver@test.example", Role::Campaigner, None)
        .await;
    let password = app
        .user("campaigner@test.example", Role::Campaigner, None)
        .await;
    let evaluator = app
        .user("evaluator@test.example", Role::Evaluator, None)
        .await;
    let bank = app.partner("Fen Bank", "bank").await;
    let partner = app
        .user("partner@test.example", Role::Partner, Some(bank))
        .await;
    let day = |days: i64| {
        (time::OffsetDateTime::now_utc() + time::Duration::days(days))
            .format(time::macros::format_description!(
                "[year]-[month]-[day]T09:00"
            ))
            .unwrap()
    };
    let name = "Fenland in the browser";
    let driver = start_driver().await;
    let client = browser(&driver).await;
    let base = app.base.clone();
    let e = |e: fantoccini::error::CmdError| e.to_string();
    let result = async {
        log_in(&client, &base, "campaigner@test.example", &password).await?;
        client
            .find(Locator::LinkText("Campaigns"))
            .await
            .map_err(e)?
            .click()
            .await
            .map_err(e)?;
        client
            .wait()
            .for_element(Locator::Id("new-campaign-form"))
            .await
            .map_err(|e| format!("no form for a new campaign: {e}"))?;
        // The form, filled as a person does; the date pickers are set as a picker sets them.
        type_into(&client, "#campaign-name", name).await?;
        click(
            &client,
            &format!("#campaign-snapshot option[value='{snapshot}']"),
        )
        .await?;
        click(
            &client,
            &format!("#campaign-creative option[value='{creative}']"),
        )
        .await?;
        client
            .execute(
                "document.getElementById('campaign-starts').value = arguments[0];
                 document.getElementById('campaign-ends').value = arguments[1];",
                vec![day(30).into(), day(60).into()],
            )
            .await
            .map_err(e)?;
        click(&client, "#campaign-channel option[value='sandbox']").await?;
        type_into(&client, "#campaign-budget", "150000").await?;
        // E-mail to the demo's list beside the ads.
        click(&client, "#campaign-email-list option:nth-child(2)").await?;
        click(&client, "#new-campaign-form button[type=submit]").await?;
        wait_for_state(&client, "draft").await?;
        let email = client
            .find(Locator::Id("campaign-email"))
            .await
            .map_err(|e| format!("no e-mail section on the new campaign: {e}"))?;
        if email.attr("data-progress").await.map_err(e)?.as_deref() != Some("pending") {
            return Err("the new campaign's e-mail is not pending".into());
        }
        let page = client.current_url().await.map_err(e)?.to_string();
        let h1 = client
            .find(Locator::Css("main h1"))
            .await
            .map_err(e)?
            .text()
            .await
            .map_err(e)?;
        if h1 != name {
            return Err(format!("the campaign page is headed {h1:?}"));
        }
        let actions = campaign_actions(&client).await?;
        if actions != ["approve", "cancel"] {
            return Err(format!("a draft offers {actions:?}"));
        }
        if !campaign_history(&client).await?.is_empty() {
            return Err("a new draft has history".into());
        }

        // Approval waits for the creative in both locales: refused, saying which.
        click(&client, "#campaign-actions button[data-action=approve]").await?;
        let why = refusal(&client).await?;
        if !why.contains("en, lt") {
            return Err(format!("the refused approval says: {why}"));
        }
        client.goto(&page).await.map_err(e)?;
        wait_for_state(&client, "draft").await?;

        // The creative approved, the campaign is approved and scheduled with the page's buttons.
        for locale in ["en", "lt"] {
            let r = reqwest::Client::new()
                .post(app.url(&format!("/api/v1/creatives/{creative}/approvals/{locale}")))
                .bearer_auth(&token)
                .send()
                .await
                .map_err(|e| e.to_string())?;
            if r.status() != 200 {
                return Err(format!(
                    "approving {locale}: {}",
                    r.text().await.unwrap_or_default()
                ));
            }
        }
        client.refresh().await.map_err(e)?;
        click(&client, "#campaign-actions button[data-action=approve]").await?;
        wait_for_state(&client, "approved").await?;
        let history = campaign_history(&client).await?;
        if history.len() != 1
            || !history[0].contains("approved")
            || !history[0].contains("campaigner@test.example")
        {
            return Err(format!("history after approval: {history:?}"));
        }
        let actions = campaign_actions(&client).await?;
        if !actions.contains(&"schedule".to_string()) || actions.contains(&"approve".to_string()) {
            return Err(format!("an approved campaign offers {actions:?}"));
        }
        // The same page open in a second tab goes stale when the first one schedules it.
        let first = client.window().await.map_err(e)?;
        let second = client.new_window(true).await.map_err(e)?.handle;
        client.switch_to_window(second.clone()).await.map_err(e)?;
        client.goto(&page).await.map_err(e)?;
        wait_for_state(&client, "approved").await?;
        client.switch_to_window(first.clone()).await.map_err(e)?;
        click(&client, "#campaign-actions button[data-action=schedule]").await?;
        wait_for_state(&client, "scheduled").await?;
        let history = campaign_history(&client).await?;
        if history.len() != 2 || !history[1].contains("scheduled") {
            return Err(format!("history after scheduling: {history:?}"));
        }
        let actions = campaign_actions(&client).await?;
        if actions.contains(&"schedule".to_string()) || !actions.contains(&"cancel".to_string()) {
            return Err(format!("a scheduled campaign offers {actions:?}"));
        }
        // Scheduling again from the stale tab is an illegal move, refused naming the state.
        client.switch_to_window(second).await.map_err(e)?;
        click(&client, "#campaign-actions button[data-action=schedule]").await?;
        let why = refusal(&client).await?;
        if !why.contains("scheduled") {
            return Err(format!("the stale schedule was refused with: {why}"));
        }
        client.close_window().await.map_err(e)?;
        client.switch_to_window(first).await.map_err(e)?;
        client.refresh().await.map_err(e)?;
        wait_for_state(&client, "scheduled").await?;
        if campaign_history(&client).await?.len() != 2 {
            return Err("the refused move changed the history".into());
        }
        // The list shows it scheduled.
        client.goto(&format!("{base}/campaigns")).await.map_err(e)?;
        let row = client
            .find(Locator::XPath(&format!(
                "//table[@id='campaign-table']//tr[.//a[normalize-space()='{name}']]"
            )))
            .await
            .map_err(|e| format!("{name} is not in the list: {e}"))?;
        let state = row.attr("data-state").await.map_err(e)?;
        if state.as_deref() != Some("scheduled") {
            return Err(format!("the list shows {name} as {state:?}"));
        }
        log_out(&client).await?;

        // An evaluator reads the campaign and its history, with no way to move it.
        log_in(&client, &base, "evaluator@test.example", &evaluator).await?;
        client
            .find(Locator::LinkText("Campaigns"))
            .await
            .map_err(e)?
            .click()
            .await
            .map_err(e)?;
        wait_for_text(&client, name).await?;
        if !client
            .find_all(Locator::Id("new-campaign-form"))
            .await
            .map_err(e)?
            .is_empty()
        {
            return Err("an evaluator is offered the new campaign form".into());
        }
        client
            .find(Locator::LinkText(name))
            .await
            .map_err(e)?
            .click()
            .await
            .map_err(e)?;
        wait_for_state(&client, "scheduled").await?;
        if campaign_history(&client).await?.len() != 2 {
            return Err("the evaluator does not see the history".into());
        }
        let moves = client
            .find_all(Locator::Css(
                "#campaign-actions, form[action$='/move'], button[data-action]",
            ))
            .await
            .map_err(e)?;
        if !moves.is_empty() {
            return Err(format!("an evaluator sees {} move controls", moves.len()));
        }
        log_out(&client).await?;

        // A partner has no campaigns: not in the navigation, and the pages are refused.
        log_in(&client, &base, "partner@test.example", &partner).await?;
        let labels = nav_labels(&client).await?;
        if labels.iter().any(|l| l == "Campaigns") {
            return Err(format!("a partner's navigation: {labels:?}"));
        }
        for path in ["/campaigns".to_string(), page.replace(&base, "")] {
            client.goto(&format!("{base}{path}")).await.map_err(e)?;
            let text = client
                .find(Locator::Css("main"))
                .await
                .map_err(e)?
                .text()
                .await
                .map_err(e)?;
            if !text.contains("Your role cannot open this page") || text.contains(name) {
                return Err(format!("a partner on {path} saw: {text}"));
            }
        }
        Ok(())
    }
    .await;
    checked(
        &client,
        &format!(
            "campaign-{}",
            if db == Db::Sqlite {
                "sqlite"
            } else {
                "postgres"
            }
        ),
        result,
    )
    .await;
    client.close().await.ok();
    app.stop().await.unwrap();
}
both_backends!(campaign_staff_run_a_campaign_in_the_browser);

/// A campaign's e-mail as campaign staff follow it: sent into the `.eml` outbox (no relay), the page's
/// table counts each state and shows the rate.
async fn a_campaigns_email_progress_in_the_browser(db: Db) {
    use crate::campaign_email::{WISBECH, email_campaign, row};
    let app = TestApp::spawn_with(db, &[("BEACON_JOBS__POLL_MS", "100")]).await;
    let services = &app.state.services;
    let csv = [
        row("en0@groups.test", "en", "Europe/London", WISBECH),
        row("lt0@groups.test", "lt", "Europe/Vilnius", WISBECH),
        row("lt1@groups.test", "lt", "Europe/Vilnius", WISBECH),
    ]
    .concat();
    let id = email_campaign(services, &csv, None).await;
    let password = app
        .user("campaigner@test.example", Role::Campaigner, None)
        .await;
    services
        .campaigns()
        .act(
            &beacon::services::Actor::System("test"),
            id,
            beacon::campaign::lifecycle::Action::Schedule,
            None,
        )
        .await
        .unwrap();
    let driver = start_driver().await;
    let client = browser(&driver).await;
    let base = app.base.clone();
    let e = |e: fantoccini::error::CmdError| e.to_string();
    let result = async {
        log_in(&client, &base, "campaigner@test.example", &password).await?;
        let start = std::time::Instant::now();
        loop {
            client
                .goto(&format!("{base}/campaigns/{id}"))
                .await
                .map_err(e)?;
            let section = client
                .find(Locator::Id("campaign-email"))
                .await
                .map_err(|e| format!("no e-mail section: {e}"))?;
            if section.attr("data-progress").await.map_err(e)?.as_deref() == Some("finished") {
                break;
            }
            if start.elapsed() > Duration::from_secs(60) {
                return Err("the e-mail never finished".into());
            }
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        let cell = |status: &'static str| {
            let client = client.clone();
            async move {
                client
                    .find(Locator::Css(&format!(
                        "#email-counts td[data-status='{status}']"
                    )))
                    .await
                    .map_err(|e| e.to_string())?
                    .text()
                    .await
                    .map_err(|e| e.to_string())
            }
        };
        for (status, want) in [
            ("sent", "3"),
            ("queued", "0"),
            ("failed", "0"),
            ("total", "3"),
        ] {
            let got = cell(status).await?;
            if got != want {
                return Err(format!("{status}: {got}, not {want}"));
            }
        }
        let rate = client
            .find(Locator::Id("email-rate"))
            .await
            .map_err(e)?
            .text()
            .await
            .map_err(e)?;
        if !rate.contains("last minute: 3") {
            return Err(format!("the rate reads {rate:?}"));
        }
        Ok(())
    }
    .await;
    checked(&client, "campaign-email", result).await;
    client.close().await.ok();
    app.stop().await.unwrap();
}
once!(a_campaigns_email_progress_in_the_browser);

/// Campaign staff make a list and import a file through the page (a bad file refused with its rows named,
/// then a good one); a visitor signs up on the public page in Lithuanian and confirms from the e-mail; the
/// subscriber's own page offers the download, unsubscribing and erasure.
async fn lists_and_a_sign_up_in_the_browser(db: Db) {
    let app = TestApp::spawn_with(db, &[("BEACON_JOBS__POLL_MS", "100")]).await;
    let password = app
        .user("campaigner@test.example", Role::Campaigner, None)
        .await;
    let files = tempfile::tempdir().unwrap();
    let bad = files.path().join("bad-members.csv");
    std::fs::write(
        &bad,
        "email,locale,time_zone,consent_source,consent_at\nona@example.lt,lt,Europe/Vilnius,form,2026-03-01\nnot-an-address,lt,Europe/Vilnius,form,2026-03-01\n",
    )
    .unwrap();
    let good = files.path().join("members.csv");
    std::fs::write(
        &good,
        "email,locale,time_zone,consent_source,consent_at\nona@example.lt,lt,Europe/Vilnius,form,2026-03-01\nsam@example.org,en,Europe/London,partner,2026-02-01\n",
    )
    .unwrap();
    let driver = start_driver().await;
    let client = browser(&driver).await;
    let base = app.base.clone();
    let e = |e: fantoccini::error::CmdError| e.to_string();
    let outbox = app.data_dir().join("outbox");
    let result = async {
        log_in(&client, &base, "campaigner@test.example", &password).await?;
        click(&client, "nav a[href='/lists']").await?;
        wait_for_text(&client, "New list").await?;
        type_into(&client, "#list-name", "Wisbech volunteers").await?;
        click(&client, "#new-list-form button[type=submit]").await?;
        wait_for_text(&client, "Import subscribers").await?;
        type_into(&client, "#import-file", &bad.display().to_string()).await?;
        click(&client, "#import-form button[type=submit]").await?;
        let text = wait_for_text(&client, "Nothing was imported").await?;
        if !text.contains("bad-members.csv") || !text.contains("line 3") {
            return Err(format!("the bad row is not named: {text}"));
        }
        type_into(&client, "#import-file", &good.display().to_string()).await?;
        click(&client, "#import-form button[type=submit]").await?;
        let text = wait_for_text(&client, "Imported: 2 added").await?;
        if !text.contains("ona@example.lt") {
            return Err(format!("the subscribers are not listed: {text}"));
        }
        let url = client.current_url().await.map_err(e)?;
        let list_id = url
            .path()
            .trim_start_matches("/lists/")
            .split('/')
            .next()
            .unwrap_or("")
            .to_string();
        // Signed out, a visitor signs up in Lithuanian.
        client.delete_all_cookies().await.map_err(e)?;
        client
            .goto(&format!("{base}/subscribe/{list_id}?lang=lt"))
            .await
            .map_err(e)?;
        wait_for_text(&client, "Sutinku gauti").await?;
        type_into(&client, "#signup-email", "rasa@example.lt").await?;
        let zone = client.find(Locator::Css("#signup-zone")).await.map_err(e)?;
        zone.clear().await.map_err(e)?;
        zone.send_keys("Europe/Vilnius").await.map_err(e)?;
        click(&client, "#signup-form input[name=consent]").await?;
        click(&client, "#signup-form button[type=submit]").await?;
        wait_for_text(&client, "Ačiū").await?;
        // The confirmation e-mail's link.
        let started = std::time::Instant::now();
        let eml = loop {
            let found = std::fs::read_dir(&outbox).ok().and_then(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.path())
                    .find(|p| p.extension().is_some_and(|x| x == "eml"))
            });
            if let Some(p) = found {
                break std::fs::read_to_string(p).map_err(|e| e.to_string())?;
            }
            if started.elapsed() > std::time::Duration::from_secs(30) {
                return Err("no confirmation e-mail".into());
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        };
        let plain = eml.replace("=\r\n", "").replace("=3D", "=");
        let at = plain
            .find("/subscribe/confirm?t=")
            .ok_or("no link in the e-mail")?
            + "/subscribe/confirm?t=".len();
        let token: String = plain[at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
            .collect();
        client
            .goto(&format!("{base}/subscribe/confirm?t={token}"))
            .await
            .map_err(e)?;
        wait_for_text(&client, "patvirtinta").await?;
        Ok(())
    }
    .await;
    checked(
        &client,
        &format!(
            "lists-{}",
            if db == Db::Sqlite {
                "sqlite"
            } else {
                "postgres"
            }
        ),
        result,
    )
    .await;
    client.close().await.ok();
    let list = app.store().mailing_lists().await.unwrap();
    let rasa = app
        .store()
        .search_subscribers(list[0].id, "rasa", 10, 0)
        .await
        .unwrap();
    assert_eq!(rasa.len(), 1);
    assert_eq!(rasa[0].status, "confirmed");
    assert_eq!(rasa[0].locale, "lt");
    app.stop().await.unwrap();
}
both_backends!(lists_and_a_sign_up_in_the_browser);

/// Campaign staff work with a partner in the browser: the toolkits and training totals, a contact refused
/// then added, a contacts file refused with its row named, a pack previewed in Lithuanian (its own
/// document in a frame, saying which sections fall back), issued, and sent to every contact (the sends
/// table shows each one sent); then the partner's own account sees its packs, not its contacts, and
/// reports a training session (a quiz with more correct answers than answers refused first).
async fn partners_and_their_packs_in_the_browser(db: Db) {
    let config_dir = tempfile::tempdir().unwrap();
    let config =
        crate::packs::local_contacts_file(config_dir.path(), "Fenland safeguarding (test)");
    let app = TestApp::spawn_with(
        db,
        &[
            ("BEACON_JOBS__POLL_MS", "100"),
            ("BEACON_CONFIG", config.as_str()),
        ],
    )
    .await;
    beacon::demo::seed(&app.state.services).await.unwrap();
    let bank = app
        .state
        .services
        .accounts()
        .visible_partners(&beacon::services::Actor::System("test"))
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.sector == "bank")
        .unwrap()
        .id;
    let staff = app.user("packs@test.example", Role::Campaigner, None).await;
    let member = app
        .user("teller@test.example", Role::Partner, Some(bank))
        .await;
    let files = tempfile::tempdir().unwrap();
    let bad = files.path().join("branch-contacts.csv");
    std::fs::write(
        &bad,
        "name,email,role,locale\nRasa,rasa@bank.example,Teller,lt\nNoor,noor@bank.example,Teller,xx\n",
    )
    .unwrap();
    let driver = start_driver().await;
    let client = browser(&driver).await;
    let base = app.base.clone();
    let e = |e: fantoccini::error::CmdError| e.to_string();
    let page = format!("{base}/partners/{bank}");
    let result = async {
        log_in(&client, &base, "packs@test.example", &staff).await?;
        click(&client, "nav a[href='/partners']").await?;
        click(&client, "#toolkits-link").await?;
        wait_for_text(&client, "Red-flag toolkits").await?;
        client
            .goto(&format!("{base}/toolkits?sector=bank&locale=lt"))
            .await
            .map_err(e)?;
        wait_for_text(&client, "Darbo išnaudojimo požymiai").await?;
        client.goto(&format!("{base}/trainings")).await.map_err(e)?;
        wait_for_text(&client, "staff trained").await?;

        client.goto(&page).await.map_err(e)?;
        wait_for_text(&client, "Add a contact").await?;
        type_into(&client, "#contact-name", "Rasa").await?;
        type_into(&client, "#contact-email", "rasa@bank").await?;
        type_into(&client, "#contact-role", "Teller").await?;
        // The browser's own check would stop a bad address; the server's is what is tested.
        client
            .execute(
                "document.getElementById('contact-email').type = 'text'; return null;",
                vec![],
            )
            .await
            .map_err(e)?;
        click(&client, "#contact-form button[type=submit]").await?;
        wait_for_text(&client, "E-mail address:").await?;
        client
            .find(Locator::Css("#contacts-error"))
            .await
            .map_err(|e| format!("the refusal is not by the contacts: {e}"))?;
        let kept = client
            .find(Locator::Css("#contact-name"))
            .await
            .map_err(e)?
            .prop("value")
            .await
            .map_err(e)?;
        if kept.as_deref() != Some("Rasa") {
            return Err(format!("the form lost what was typed: {kept:?}"));
        }
        let email = client
            .find(Locator::Css("#contact-email"))
            .await
            .map_err(e)?;
        email.clear().await.map_err(e)?;
        email.send_keys("rasa@bank.example").await.map_err(e)?;
        let locale = client
            .find(Locator::Css("#contact-locale option[value=lt]"))
            .await
            .map_err(e)?;
        locale.click().await.map_err(e)?;
        click(&client, "#contact-form button[type=submit]").await?;
        wait_for_text(&client, "rasa@bank.example").await?;

        type_into(&client, "#contacts-file", &bad.display().to_string()).await?;
        click(&client, "#contacts-import-form button[type=submit]").await?;
        let text = wait_for_text(&client, "The file was not imported").await?;
        if !text.contains("branch-contacts.csv") || !text.contains("line 3") {
            return Err(format!("the bad row is not named: {text}"));
        }

        click(&client, "a.preview-link[lang=lt]").await?;
        let text = wait_for_text(&client, "Pack preview").await?;
        if !text.contains("lietuvi") {
            return Err(format!("the languages are not said: {text}"));
        }
        let frame = client.find(Locator::Css("#pack-frame")).await.map_err(e)?;
        frame.enter_frame().await.map_err(e)?;
        let inside = wait_for_text(&client, "Darbo išnaudojimo požymiai").await?;
        client.enter_parent_frame().await.map_err(e)?;
        if !inside.contains("Fenland") {
            return Err(format!("the preview lacks its region: {inside}"));
        }

        client.goto(&page).await.map_err(e)?;
        client
            .find(Locator::Css("#pack-locale option[value=lt]"))
            .await
            .map_err(e)?
            .click()
            .await
            .map_err(e)?;
        click(&client, "#pack-form button[type=submit]").await?;
        wait_for_text(&client, "Issue a pack").await?;
        client
            .find(Locator::Css("#pack-table tr[data-locale=lt]"))
            .await
            .map_err(|e| format!("no Lithuanian pack listed: {e}"))?;

        click(&client, "#send-form button[type=submit]").await?;
        let started = std::time::Instant::now();
        loop {
            client.goto(&page).await.map_err(e)?;
            let queued = client
                .find_all(Locator::Css(
                    "#send-table tr[data-status=queued], #send-table tr[data-status=sending]",
                ))
                .await
                .map_err(e)?;
            let sent = client
                .find_all(Locator::Css("#send-table tr[data-status=sent]"))
                .await
                .map_err(e)?;
            if queued.is_empty() && sent.len() == 3 {
                break;
            }
            if started.elapsed() > Duration::from_secs(30) {
                return Err(format!("{} sent, {} waiting", sent.len(), queued.len()));
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }

        log_out(&client).await?;
        log_in(&client, &base, "teller@test.example", &member).await?;
        click(&client, &format!("nav a[href='/partners/{bank}']")).await?;
        let text = wait_for_text(&client, "Report a training session").await?;
        if text.contains("rasa@bank.example") || text.contains("Add a contact") {
            return Err(format!("a partner account sees the contacts: {text}"));
        }
        client
            .find(Locator::Css("#pack-table a.pack-pdf"))
            .await
            .map_err(|e| format!("no pack to download: {e}"))?;
        type_into(&client, "#training-staff", "12").await?;
        type_into(&client, "#before-correct", "9").await?;
        type_into(&client, "#before-answers", "5").await?;
        click(&client, "#training-form button[type=submit]").await?;
        wait_for_text(&client, "Quiz before:").await?;
        let before = client
            .find(Locator::Css("#before-correct"))
            .await
            .map_err(e)?;
        before.clear().await.map_err(e)?;
        before.send_keys("3").await.map_err(e)?;
        click(&client, "#training-form button[type=submit]").await?;
        wait_for_text(&client, "3 of 5 correct").await?;
        Ok(())
    }
    .await;
    checked(&client, "partners-packs", result).await;
    client.close().await.ok();
    let sent = app.store().pack_sends(bank, 10).await.unwrap();
    assert_eq!(sent.len(), 3);
    assert!(sent.iter().all(|s| s.status == "sent"));
    let outbox = std::fs::read_dir(app.data_dir().join("outbox"))
        .unwrap()
        .count();
    assert_eq!(outbox, 3, "one .eml per contact");
    app.stop().await.unwrap();
}
once!(partners_and_their_packs_in_the_browser);

/// Campaign staff record a community awareness day on the campaign's page (a count the server refuses
/// first, with what was typed kept), and the reach table gains the events beside the other channels,
/// with the assumptions behind the figures written out.
async fn an_event_reaches_the_campaigns_reach_in_the_browser(db: Db) {
    let app = TestApp::spawn(db).await;
    beacon::demo::seed(&app.state.services).await.unwrap();
    let campaign = app
        .state
        .services
        .campaigns()
        .list(&beacon::services::Actor::System("test"))
        .await
        .unwrap()[0]
        .id;
    let password = app.user("reach@test.example", Role::Campaigner, None).await;
    let driver = start_driver().await;
    let client = browser(&driver).await;
    let base = app.base.clone();
    let e = |e: fantoccini::error::CmdError| e.to_string();
    let result = async {
        log_in(&client, &base, "reach@test.example", &password).await?;
        client
            .goto(&format!("{base}/campaigns/{campaign}"))
            .await
            .map_err(e)?;
        wait_for_text(&client, "Events held off line").await?;
        type_into(&client, "#event-name", "Community awareness day").await?;
        type_into(&client, "#event-place", "Wisbech market place").await?;
        type_into(&client, "#event-counted", "leaflets handed out").await?;
        type_into(&client, "#event-people", "12000000").await?;
        client
            .execute(
                "document.getElementById('event-people').removeAttribute('max'); return null;",
                vec![],
            )
            .await
            .map_err(e)?;
        click(&client, "#event-form button[type=submit]").await?;
        wait_for_text(&client, "People reached:").await?;
        let kept = client
            .find(Locator::Css("#event-place"))
            .await
            .map_err(e)?
            .prop("value")
            .await
            .map_err(e)?;
        if kept.as_deref() != Some("Wisbech market place") {
            return Err(format!("the form lost what was typed: {kept:?}"));
        }
        let people = client
            .find(Locator::Css("#event-people"))
            .await
            .map_err(e)?;
        people.clear().await.map_err(e)?;
        people.send_keys("420").await.map_err(e)?;
        click(&client, "#event-form button[type=submit]").await?;
        wait_for_text(&client, "Wisbech market place").await?;
        let row = client
            .find(Locator::Css("#reach-table tr[data-channel=events]"))
            .await
            .map_err(|e| format!("no events row in the reach table: {e}"))?
            .text()
            .await
            .map_err(e)?;
        if !row.contains("420") {
            return Err(format!("the events row lacks its people: {row}"));
        }
        let notes = client
            .find(Locator::Css("#reach-notes"))
            .await
            .map_err(e)?
            .text()
            .await
            .map_err(e)?;
        if !notes.contains("organisers") {
            return Err(format!(
                "the events' assumption is not written out: {notes}"
            ));
        }
        Ok(())
    }
    .await;
    checked(&client, "campaign-reach", result).await;
    client.close().await.ok();
    app.stop().await.unwrap();
}
once!(an_event_reaches_the_campaigns_reach_in_the_browser);

/// The evaluator's path through the impact report: the Fenland demo's report, in Lithuanian, against
/// another comparison region, then its PDF and a CSV fetched with the evaluator's session.
async fn an_evaluator_reads_and_downloads_the_impact_report(db: Db) {
    let app = TestApp::spawn(db).await;
    let campaign = crate::impact::fenland_with_reach(&app).await;
    // A second comparison region with answers of its own, so there is a choice to make.
    let services = &app.state.services;
    let system = beacon::services::Actor::System("test");
    let survey = services.store.surveys().await.unwrap()[0].id;
    services
        .surveys()
        .add_group(
            &system,
            survey,
            &beacon::services::surveys::GroupInput {
                key: "kings-lynn".into(),
                role: "comparison".into(),
                name: "King's Lynn".into(),
                region_id: None,
            },
        )
        .await
        .unwrap();
    let definition: beacon::measure::survey::Definition =
        serde_json::from_str(beacon::web::surveys::EXAMPLE_DEFINITION).unwrap();
    let mut rows = Vec::new();
    for (i, wave) in ["baseline", "follow-up"]
        .iter()
        .cycle()
        .take(80)
        .enumerate()
    {
        let act = if i % 3 == 0 { "yes" } else { "no" };
        let (answers, free_text) = definition
            .read_answers([("act", act), ("seen", "no")], &[])
            .unwrap();
        rows.push(beacon::services::surveys::ResponseInput {
            line: i as u64 + 2,
            wave: wave.to_string(),
            group: "kings-lynn".into(),
            locale: "en".into(),
            channel: "direct".into(),
            submitted_on: None,
            answers,
            free_text,
            flagged: false,
        });
    }
    services
        .surveys()
        .record_batch(&system, survey, "kings-lynn.csv", "google-forms", &rows)
        .await
        .unwrap();
    let password = app
        .user("evaluator@test.example", Role::Evaluator, None)
        .await;
    let driver = start_driver().await;
    let client = browser(&driver).await;
    let base = app.base.clone();
    let e = |e: fantoccini::error::CmdError| e.to_string();
    let result = async {
        log_in(&client, &base, "evaluator@test.example", &password).await?;
        click(&client, "nav a[href='/impact']").await?;
        wait_for_text(&client, "Campaign impact report").await?;
        wait_for_text(&client, "Breckland").await?;
        // Lithuanian, against King's Lynn.
        client
            .find(Locator::Css("#impact-lang option[value=lt]"))
            .await
            .map_err(e)?
            .click()
            .await
            .map_err(e)?;
        client
            .find(Locator::Css("#impact-comparison option[value=kings-lynn]"))
            .await
            .map_err(e)?
            .click()
            .await
            .map_err(e)?;
        click(&client, "#impact-choose button[type=submit]").await?;
        wait_for_text(&client, "Kampanijos poveikio").await?;
        let text = client
            .find(Locator::Css("#impact-report"))
            .await
            .map_err(e)?
            .text()
            .await
            .map_err(e)?;
        if !text.contains("King's Lynn") || text.contains("Breckland") {
            return Err(format!("the comparison region did not switch: {text}"));
        }
        let url = client.current_url().await.map_err(e)?;
        if !url.as_str().contains(&format!("campaign={campaign}")) {
            return Err(format!("the report's address does not name it: {url}"));
        }
        // The downloads, fetched with the evaluator's session: a PDF and a CSV naming King's Lynn.
        for (css, kind, needle) in [
            ("#impact-pdf", "application/pdf", "%PDF-"),
            ("a.impact-csv[href^='/impact/data/survey_shares.csv']", "text/csv; charset=utf-8", "King's Lynn"),
        ] {
            let href = client
                .find(Locator::Css(css))
                .await
                .map_err(e)?
                .attr("href")
                .await
                .map_err(e)?
                .ok_or_else(|| format!("{css} has no link"))?;
            let got = client
                .execute_async(
                    "const [href, done] = arguments; fetch(href).then(async r => done([r.status, r.headers.get('content-type'), r.headers.get('content-disposition'), (await r.text()).slice(0, 4000)])).catch(x => done([0, String(x), '', '']));",
                    vec![serde_json::json!(href)],
                )
                .await
                .map_err(e)?;
            let got = got.as_array().cloned().unwrap_or_default();
            if got.first().and_then(|v| v.as_u64()) != Some(200)
                || got.get(1).and_then(|v| v.as_str()) != Some(kind)
                || !got.get(2).and_then(|v| v.as_str()).unwrap_or("").starts_with("attachment")
                || !got.get(3).and_then(|v| v.as_str()).unwrap_or("").contains(needle)
            {
                return Err(format!("{href}: {got:?}"));
            }
        }
        Ok(())
    }
    .await;
    checked(&client, "impact-report", result).await;
    client.close().await.ok();
    app.stop().await.unwrap();
}
once!(an_evaluator_reads_and_downloads_the_impact_report);
