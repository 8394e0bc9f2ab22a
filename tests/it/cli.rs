//! The `beacon` binary as an operator or a script meets it.

use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

use crate::both_backends;
use crate::support::{Db, TestApp, fresh_pg_database, manifest_dir};

use crate::support::beacon_command as beacon;

async fn db_env(db: Db, cmd: &mut Command) {
    if db == Db::Postgres {
        cmd.env("BEACON_DATABASE__URL", fresh_pg_database().await);
    }
}

#[tokio::test]
async fn config_masks_secrets_and_names_bad_keys() {
    let out = beacon()
        .arg("config")
        .env(
            "BEACON_DATABASE__URL",
            "postgres://beacon:s3cret-pass@db.internal/beacon",
        )
        .output()
        .await
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("s3cret-pass"), "{text}");
    assert!(
        text.contains("db.internal") && text.contains("[server]"),
        "{text}"
    );

    let out = beacon()
        .arg("config")
        .env("BEACON_SERVER__PROT", "1")
        .output()
        .await
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("prot") && err.lines().count() == 1, "{err}");

    let out = beacon()
        .arg("config")
        .env("BEACON_SERVER__BIND", "nowhere")
        .output()
        .await
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("server.bind")
    );
}

#[tokio::test]
async fn an_unreachable_database_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = beacon()
        .args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path())
        .env(
            "BEACON_DATABASE__URL",
            "postgres://beacon:pw@127.0.0.1:1/beacon",
        )
        .env("BEACON_DATABASE__CONNECT_TIMEOUT_SECONDS", "2")
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("cannot reach the database"), "{err}");
    assert!(!err.contains("panicked") && !err.contains("pw@"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

/// Starts `beacon serve`, returns the child, its address and the stdout lines before it listened.
async fn start_serve(mut cmd: Command) -> (tokio::process::Child, String, Vec<String>) {
    cmd.stdout(Stdio::piped()).stderr(Stdio::inherit());
    let mut child = cmd.spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut seen = Vec::new();
    let addr = tokio::time::timeout(Duration::from_secs(120), async {
        while let Some(line) = lines.next_line().await.unwrap() {
            if let Some(a) = line.strip_prefix("Beacon is listening on http://") {
                return a.to_string();
            }
            seen.push(line);
        }
        panic!("beacon exited before listening: {seen:?}");
    })
    .await
    .expect("beacon started in time");
    (child, addr, seen)
}

async fn sigterm_and_wait(child: &mut tokio::process::Child) -> std::process::ExitStatus {
    let pid = child.id().unwrap().to_string();
    std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    tokio::time::timeout(Duration::from_secs(30), child.wait())
        .await
        .expect("stopped in time")
        .unwrap()
}

async fn demo_seeds_once_and_stops_cleanly(db: Db) {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = beacon();
    cmd.args(["serve", "--demo", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path());
    db_env(db, &mut cmd).await;
    let url = cmd
        .as_std()
        .get_envs()
        .find(|(k, _)| *k == "BEACON_DATABASE__URL")
        .and_then(|(_, v)| v.map(|v| v.to_owned()));
    let (mut child, addr, lines) = start_serve(cmd).await;
    let accounts: Vec<&String> = lines
        .iter()
        .filter(|l| l.contains("@") && l.split_whitespace().count() == 3)
        .collect();
    assert_eq!(
        accounts.len(),
        7,
        "one account per role, two partners: {lines:?}"
    );
    for role in [
        "admin",
        "analyst",
        "campaigner",
        "translator",
        "evaluator",
        "partner",
    ] {
        assert!(
            accounts.iter().any(|l| l.trim_start().starts_with(role)),
            "{role} missing: {lines:?}"
        );
    }
    // Log in as the analyst with the printed one-time password.
    let analyst: Vec<&str> = accounts
        .iter()
        .find(|l| l.trim_start().starts_with("analyst"))
        .unwrap()
        .split_whitespace()
        .collect();
    let client = TestApp::client();
    let page = client
        .get(format!("http://{addr}/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = crate::support::hidden_field(&page, "csrf").unwrap();
    let r = client
        .post(format!("http://{addr}/login"))
        .form(&[
            ("email", analyst[1]),
            ("password", analyst[2]),
            ("csrf", csrf.as_str()),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let status = sigterm_and_wait(&mut child).await;
    assert!(status.success(), "exit status after SIGTERM: {status:?}");
    if db == Db::Sqlite {
        assert!(dir.path().join("beacon.db").exists());
    }
    // The demo built the Fenland audience in English and Lithuanian, sized from its population layer.
    {
        let app = TestApp::spawn_on(
            db,
            dir.path(),
            url.clone().map(|u| u.to_string_lossy().into_owned()),
        )
        .await;
        let token = app
            .token(
                "checker@test.example",
                beacon::accounts::Role::Campaigner,
                None,
            )
            .await;
        let client = reqwest::Client::new();
        let audiences: serde_json::Value = client
            .get(app.url("/api/v1/audiences"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = audiences[0]["id"].as_i64().unwrap();
        assert_eq!(
            audiences[0]["spec"]["locales"],
            serde_json::json!(["en", "lt"])
        );
        let view: serde_json::Value = client
            .get(app.url(&format!("/api/v1/audiences/{id}")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(view["region"]["name"], "Fenland");
        let people = view["estimate"]["region_population"].as_f64().unwrap();
        assert!((600_000.0..650_000.0).contains(&people), "{view}");
        let lt = view["estimate"]["sizes"][1]["size"].as_f64().unwrap();
        assert!(lt > 10_000.0, "{view}");
        app.stop().await.unwrap();
    }
    // A second start on the same database leaves it alone.
    let mut cmd = beacon();
    cmd.args(["serve", "--demo", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path());
    if let Some(url) = url {
        cmd.env("BEACON_DATABASE__URL", url);
    }
    let (mut child, _, lines) = start_serve(cmd).await;
    assert!(lines.iter().any(|l| l.contains("skipped")), "{lines:?}");
    assert!(sigterm_and_wait(&mut child).await.success());
}
both_backends!(demo_seeds_once_and_stops_cleanly);

async fn user_add_prints_a_one_time_password(db: Db) {
    let dir = tempfile::tempdir().unwrap();
    let mut partner = beacon();
    partner
        .args([
            "partner",
            "add",
            "--name",
            "Bank A",
            "--kind",
            "bank",
            "--data-dir",
        ])
        .arg(dir.path());
    db_env(db, &mut partner).await;
    let url = partner
        .as_std()
        .get_envs()
        .find(|(k, _)| *k == "BEACON_DATABASE__URL")
        .and_then(|(_, v)| v.map(|v| v.to_owned()));
    let with_db = |mut c: Command| {
        if let Some(u) = &url {
            c.env("BEACON_DATABASE__URL", u);
        }
        c
    };
    let out = partner.output().await.unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut add = with_db(beacon());
    add.args([
        "user",
        "add",
        "--email",
        "Teller@BankA.example",
        "--role",
        "partner",
        "--partner",
        "Bank A",
        "--data-dir",
    ])
    .arg(dir.path());
    let out = add.output().await.unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("teller@banka.example (partner)"), "{text}");
    let otp = text
        .lines()
        .find_map(|l| l.strip_prefix("one-time password: "))
        .unwrap();
    assert_eq!(otp.len(), 23);
    // Bad input: an unknown role, a partner without an organisation, a duplicate.
    for args in [
        vec!["user", "add", "--email", "x@test.example", "--role", "boss"],
        vec![
            "user",
            "add",
            "--email",
            "x@test.example",
            "--role",
            "partner",
        ],
        vec![
            "user",
            "add",
            "--email",
            "teller@banka.example",
            "--role",
            "analyst",
        ],
    ] {
        let mut c = with_db(beacon());
        c.args(&args).arg("--data-dir").arg(dir.path());
        let out = c.output().await.unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.starts_with("beacon: error: --"), "{args:?}: {err}");
    }
    // The account works: serve and log in with the printed password.
    let mut serve = with_db(beacon());
    serve
        .args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path());
    let (mut child, addr, _) = start_serve(serve).await;
    let client = TestApp::client();
    let page = client
        .get(format!("http://{addr}/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = crate::support::hidden_field(&page, "csrf").unwrap();
    let r = client
        .post(format!("http://{addr}/login"))
        .form(&[
            ("email", "teller@banka.example"),
            ("password", otp),
            ("csrf", csrf.as_str()),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/account/password");
    assert!(sigterm_and_wait(&mut child).await.success());
}
both_backends!(user_add_prints_a_one_time_password);

#[tokio::test]
async fn migrate_creates_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    let out = beacon()
        .arg("migrate")
        .arg("--data-dir")
        .arg(dir.path())
        .output()
        .await
        .unwrap();
    assert!(out.status.success());
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("database migrated (sqlite)")
    );
    // WAL mode is on for the embedded database.
    assert!(dir.path().join("beacon.db").exists());
    let out = beacon()
        .arg("migrate")
        .arg("--data-dir")
        .arg(dir.path())
        .output()
        .await
        .unwrap();
    assert!(out.status.success(), "migrating twice is harmless");
}

#[tokio::test]
async fn audience_cells_fills_a_region_by_cell_centre() {
    let out = beacon()
        .args([
            "audience",
            "cells",
            "--region",
            "assets/geo/fenland_lsoa_2011.geojson",
            "--resolution",
            "7",
        ])
        .output()
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let cells: Vec<h3o::CellIndex> = text.lines().map(|l| l.parse().unwrap()).collect();
    // The same 897 cells as Python's h3.geo_to_cells over the 391 LSOAs (checked when this was written).
    assert_eq!(cells.len(), 897);
    assert!(
        cells
            .iter()
            .all(|c| c.resolution() == h3o::Resolution::Seven)
    );
    let dir = tempfile::tempdir().unwrap();
    let open = dir.path().join("open.geojson");
    std::fs::write(
        &open,
        r#"{"type":"Polygon","coordinates":[[[0,52],[1,52],[1,53]]]}"#,
    )
    .unwrap();
    let out = beacon()
        .args(["audience", "cells", "--resolution", "7", "--region"])
        .arg(&open)
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("ring 0"));
    let out = beacon()
        .args([
            "audience",
            "cells",
            "--region",
            "assets/geo/fenland_lsoa_2011.geojson",
            "--resolution",
            "15",
        ])
        .env("BEACON_AUDIENCE__MAX_CELLS", "100000")
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("over the limit")
    );
}

#[tokio::test]
async fn hotspots_refuse_unknown_columns_and_swapped_coordinates_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    // Fenland points: as written they are read; with the columns' names exchanged (every point in the
    // Indian Ocean, every one in range) they are refused as swapped, by the gazetteer's towns.
    let rows: String = (0..30)
        .map(|i| format!("{:.3},{:.3}\n", 52.5 + i as f64 * 0.01, i as f64 * 0.01))
        .collect();
    let run = |name: &str, text: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let mut command = beacon();
        command
            .args(["hotspots", "--resolution", "7", "--input"])
            .arg(&path);
        async move { command.output().await.unwrap() }
    };
    let out = run("points.csv", format!("lat,lon\n{rows}")).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run("swapped.csv", format!("lon,lat\n{rows}")).await;
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("swapped.csv, latitude and longitude swapped? 0 of the 30 points checked")
            && err.contains("30 would with columns `lat` and `lon` exchanged"),
        "{err}"
    );
    let out = run("typo.csv", format!("lattitude,lon\n{rows}")).await;
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err.trim_end(),
        format!(
            "beacon: error: {}, line 1, column `lattitude`: unknown column (did you mean `latitude`?)",
            dir.path().join("typo.csv").display()
        )
    );
}

#[tokio::test]
async fn audience_compile_prints_targets_that_meet_the_goals() {
    let dir = tempfile::tempdir().unwrap();
    // One district (Fenland) out of the shipped LSOA file, and its people as an h3,population file.
    let all: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(manifest_dir().join("assets/geo/fenland_lsoa_2011.geojson"))
            .unwrap(),
    )
    .unwrap();
    let features: Vec<serde_json::Value> = all["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["district"] == "Fenland")
        .cloned()
        .collect();
    let region = dir.path().join("fenland.geojson");
    std::fs::write(
        &region,
        serde_json::json!({"type": "FeatureCollection", "features": features}).to_string(),
    )
    .unwrap();
    let grid = beacon::demo::lsoa_population(h3o::Resolution::Eight).unwrap();
    let mut csv = String::from("h3,population\n");
    for (c, p) in grid.cells() {
        csv.push_str(&format!("{c},{p:.3}\n"));
    }
    let population = dir.path().join("population.csv");
    std::fs::write(&population, csv).unwrap();
    for (platform, limit) in [("meta", 200), ("google", 500)] {
        let out = beacon()
            .args([
                "audience",
                "compile",
                "--resolution",
                "8",
                "--platform",
                platform,
                "--region",
            ])
            .arg(&region)
            .arg("--population")
            .arg(&population)
            .output()
            .await
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let targets = v["targets"].as_array().unwrap();
        assert!(!targets.is_empty() && targets.len() <= limit);
        for t in targets {
            assert!(
                t["latitude"].is_f64() && t["longitude"].is_f64() && t["radius_km"].is_f64(),
                "{t}"
            );
        }
        assert!(v["excluded"].is_array() && v["notes"].is_array());
        assert!(v["coverage"].as_f64().unwrap() >= 0.95, "{v}");
        assert!(v["spill"].as_f64().unwrap() <= 0.10, "{v}");
        assert!(
            targets.len() * 4 <= v["baseline"].as_u64().unwrap() as usize,
            "{v}"
        );
    }
    // Bad input: an unknown platform, named.
    let out = beacon()
        .args([
            "audience",
            "compile",
            "--resolution",
            "8",
            "--platform",
            "myspace",
            "--region",
        ])
        .arg(&region)
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("--platform")
    );
}

#[tokio::test]
async fn locales_check_finds_a_missing_variable_and_a_syntax_error() {
    let dir = tempfile::tempdir().unwrap();
    let en = dir.path().join("en");
    let lt = dir.path().join("lt");
    std::fs::create_dir_all(&en).unwrap();
    std::fs::create_dir_all(&lt).unwrap();
    std::fs::write(
        en.join("campaign.ftl"),
        "headline = Help is here, { $name }\nbody = Call us\n",
    )
    .unwrap();
    std::fs::write(
        lt.join("campaign.ftl"),
        "headline = Pagalba čia\nbody = { Skambinkite\n",
    )
    .unwrap();
    let out = beacon()
        .args(["locales", "check", "--format", "json", "--dir"])
        .arg(dir.path())
        .output()
        .await
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let variable = findings
        .iter()
        .find(|f| f["code"] == "missing-variable")
        .unwrap();
    assert_eq!(variable["locale"], "lt");
    assert_eq!(variable["file"], "campaign.ftl");
    assert_eq!(variable["line"], 1);
    assert_eq!(variable["severity"], "error");
    assert_eq!(variable["id"], "headline");
    let syntax = findings.iter().find(|f| f["code"] == "syntax").unwrap();
    // The entry the parser could not read, and where the parser stopped.
    assert_eq!(syntax["line"], 2);
    assert_eq!(syntax["column"], 1);
    assert!(
        syntax["message"]
            .as_str()
            .unwrap()
            .contains("stopped at line 3"),
        "{syntax}"
    );
    for key in [
        "locale", "file", "line", "column", "severity", "code", "message", "id",
    ] {
        assert!(syntax.get(key).is_some(), "{key} missing from {syntax}");
    }
    // Fixed, it passes (a warning would not fail it).
    std::fs::write(
        lt.join("campaign.ftl"),
        "headline = Pagalba čia, { $name }\nbody = Skambinkite\n",
    )
    .unwrap();
    let out = beacon()
        .args(["locales", "check", "--locale", "lt", "--dir"])
        .arg(dir.path())
        .output()
        .await
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // The shipped locales have no errors.
    let out = beacon()
        .args(["locales", "check", "--dir"])
        .arg(manifest_dir().join("locales"))
        .output()
        .await
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // An unknown locale is named.
    let out = beacon()
        .args(["locales", "check", "--locale", "xx", "--dir"])
        .arg(dir.path())
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("\"xx\""));
}

async fn import_subscribers_is_all_or_nothing_in_one_line(db: Db) {
    let dir = tempfile::tempdir().unwrap();
    let url = if db == Db::Postgres {
        Some(fresh_pg_database().await)
    } else {
        None
    };
    let run = |args: Vec<String>| {
        let mut c = beacon();
        c.args(args).arg("--data-dir").arg(dir.path());
        if let Some(u) = &url {
            c.env("BEACON_DATABASE__URL", u);
        }
        c
    };
    let header =
        "email,locale,time_zone,consent_source,consent_at,consent_version,latitude,longitude\n";
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        format!(
            "{header}a@groups.test,en,Europe/London,partner,2026-01-05,v1,52.66,0.16\n\
             not-an-address,en,Europe/London,partner,2026-01-05,v1,52.66,0.16\n"
        ),
    )
    .unwrap();
    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        format!(
            "{header}a@groups.test,en,Europe/London,partner,2026-01-05,v1,52.66,0.16\n\
             b@groups.test,lt,Europe/Vilnius,partner,2026-01-05,v1,52.66,0.16\n"
        ),
    )
    .unwrap();
    let args = |file: &std::path::Path, extra: &[&str]| {
        let mut a = vec![
            "import".to_string(),
            "subscribers".to_string(),
            file.display().to_string(),
            "--list".to_string(),
            "Fenland groups".to_string(),
        ];
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    // No such list, and not asked to make it.
    let out = run(args(&good, &[])).output().await.unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--list") && err.contains("--create"), "{err}");
    // A bad row refuses the whole file, naming the row.
    let out = run(args(&bad, &["--create"])).output().await.unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("nothing was imported") && err.contains("line 3"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    // The good file: both added (to a list made only now); again: both already there.
    for expect in ["added 2", "added 0 to list 1, 2 already on it"] {
        let out = run(args(&good, &["--create"])).output().await.unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && text.contains(expect),
            "{text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
both_backends!(import_subscribers_is_all_or_nothing_in_one_line);

/// `beacon survey stats` on a synthetic export of two waves in a target and a comparison region: every
/// share, change and the difference-in-differences equal what statsmodels gives for the same file
/// (`scripts/measure_vectors.py` wrote both); weighted, the shares use Kish's effective size. Then the
/// real Google Forms export beside the checkout, and bad arguments: one line, exit 2.
#[tokio::test]
async fn survey_stats_equal_statsmodels() {
    let data = manifest_dir().join("tests/data");
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(data.join("survey_waves_expected.json")).unwrap(),
    )
    .unwrap();
    let run = |extra: &[&str]| {
        let mut cmd = beacon();
        cmd.args([
            "survey",
            "stats",
            "--input",
            data.join("survey_waves.csv").to_str().unwrap(),
            "--outcome",
            "act_differently=Yes|Probably",
            "--wave",
            "wave",
            "--before",
            "baseline",
            "--after",
            "follow-up",
            "--group",
            "region",
            "--target",
            "Fenland",
            "--comparison",
            "Breckland",
        ])
        .args(extra);
        async move { cmd.output().await.unwrap() }
    };
    let close = |a: &serde_json::Value, b: &serde_json::Value, what: &str| {
        let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
        assert!((a - b).abs() < 1e-10, "{what}: {a} against {b}");
    };
    let out = run(&[]).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(got["rows_used"], 1077);
    for (g, e) in got["groups"]
        .as_array()
        .unwrap()
        .iter()
        .zip(expected["groups"].as_array().unwrap())
    {
        assert_eq!((&g["group"], &g["wave"]), (&e["group"], &e["wave"]));
        assert_eq!(g["rows"], e["nobs"]);
        for k in ["share", "ci_low", "ci_high"] {
            close(&g[k], &e[k], k);
        }
    }
    for (c, e) in got["changes"]
        .as_array()
        .unwrap()
        .iter()
        .zip(expected["changes"].as_array().unwrap())
    {
        assert_eq!(c["group"], e["group"]);
        for k in ["change", "ci_low", "ci_high", "z", "p_value"] {
            close(&c[k], &e[k], k);
        }
    }
    for k in ["did", "se", "ci_low", "ci_high", "p_value"] {
        close(&got["did"][k], &expected["did"][k], k);
    }

    let out = run(&["--weight", "weight", "--format", "csv"]).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("kind,group,wave,n,estimate,ci_low,ci_high,z,p_value")
    );
    for e in expected["weighted_groups"].as_array().unwrap() {
        let line = lines.next().unwrap();
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells[0], "share");
        assert_eq!(
            (cells[1], cells[2]),
            (e["group"].as_str().unwrap(), e["wave"].as_str().unwrap())
        );
        for (i, k) in [(3, "n_eff"), (4, "share"), (5, "ci_low"), (6, "ci_high")] {
            let v: f64 = cells[i].parse().unwrap();
            assert!((v - e[k].as_f64().unwrap()).abs() < 1e-10, "{k}: {line}");
        }
    }
    assert!(String::from_utf8_lossy(&out.stderr).contains("Kish"));

    // Bad arguments and bad files: one line each, exit 2, naming what is wrong.
    for (args, needle) in [
        (vec!["--weight", "nope"], "column “nope”"),
        (vec!["--format", "xml"], "--format"),
    ] {
        let out = run(&args).await;
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.contains(needle) && err.trim().lines().count() == 1,
            "{err}"
        );
    }
    let out = beacon()
        .args([
            "survey",
            "stats",
            "--input",
            data.join("survey_waves.csv").to_str().unwrap(),
        ])
        .args(["--outcome", "act_differently"])
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("--outcome"));

    // The real Google Forms export (read where it lies): who would take up opportunities to fight
    // trafficking, in the USA against Europe.
    let real = manifest_dir().join("../shared/data/awareness_survey_2023_google_forms.csv");
    if !real.exists() {
        eprintln!("skipped: {} is not beside this checkout", real.display());
        return;
    }
    let out = beacon()
        .args(["survey", "stats", "--input", real.to_str().unwrap()])
        .args([
            "--outcome",
            "Are you interested in opportunities to fight human trafficking?=Yes",
            "--group",
            "Where do you currently live?",
            "--target",
            "USA",
            "--comparison",
            "Europe",
        ])
        .output()
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let usa = &got["groups"][0];
    assert_eq!(
        (usa["group"].as_str(), usa["rows"].as_u64()),
        (Some("USA"), Some(85))
    );
    close(&usa["share"], &serde_json::json!(57.0 / 85.0), "share");
    close(
        &usa["ci_low"],
        &serde_json::json!(0.5652019122526614),
        "low",
    );
    close(
        &usa["ci_high"],
        &serde_json::json!(0.7612222638578386),
        "high",
    );
    assert_eq!(got["groups"][1]["rows"], 47);
}
