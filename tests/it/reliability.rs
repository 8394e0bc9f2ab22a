//! Reliability as an operator meets it: the command line beside a running server on one SQLite file, a
//! command's error as one plain line on PostgreSQL, and a data folder Beacon cannot write to.

use std::time::{Duration, Instant};

use beacon::accounts::Role;
use serde_json::json;

use crate::support::{Db, TestApp, beacon_command, fresh_pg_database};

/// `beacon import incidents` of a large file beside a running server on the same SQLite file: requests
/// (audited reads and report submissions, both of which write) wait for the import's write lock, and none
/// fails.
#[tokio::test]
async fn an_import_beside_the_server_makes_requests_wait_never_fail() {
    let app = TestApp::spawn_with(
        Db::Sqlite,
        &[("BEACON_REPORTS__SUBMISSIONS_PER_HOUR", "1000000")],
    )
    .await;
    let token = app.token("analyst@test.example", Role::Analyst, None).await;
    let db_file = app.store().sqlite_path().unwrap().to_path_buf();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("big.csv");
    let mut text = String::from(
        "id,date,source_country,destination_country,destination_latitude,destination_longitude,exploitation_type,exploitation_subtype,control_methods,victim_gender,victim_nationality,data_source,confidence\n",
    );
    let rows = 60_000;
    for i in 0..rows {
        text.push_str(&format!(
            "big-{i},2023-{:02},LT,GB,{:.4},{:.4},forced-labour,agriculture,,male,LT,police,0.9\n",
            1 + i % 12,
            52.5 + (i % 500) as f64 * 0.0008,
            -0.2 + (i / 500) as f64 * 0.004,
        ));
    }
    std::fs::write(&csv, text).unwrap();

    let mut import = beacon_command();
    import
        .args(["import", "incidents"])
        .arg(&csv)
        .env(
            "BEACON_DATABASE__URL",
            format!("sqlite://{}", db_file.display()),
        )
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let import = import.spawn().unwrap();
    let running = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let today = time::OffsetDateTime::now_utc().date().to_string();
    let mut loops = Vec::new();
    for n in 0..4 {
        let (base, token, today, running) =
            (app.url(""), token.clone(), today.clone(), running.clone());
        loops.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut seen = Vec::new();
            // Requests until the import has finished, and a few after.
            let mut after = 0;
            while after < 5 {
                if !running.load(std::sync::atomic::Ordering::Relaxed) {
                    after += 1;
                }
                let started = Instant::now();
                let r = if n % 2 == 0 {
                    client
                        .get(format!("{base}/api/v1/incidents?limit=5"))
                        .bearer_auth(&token)
                        .send()
                        .await
                        .unwrap()
                } else {
                    client
                        .post(format!("{base}/api/v1/reports"))
                        .json(&json!({"day": today, "latitude": 52.66, "longitude": 0.16, "category": "other"}))
                        .send()
                        .await
                        .unwrap()
                };
                let status = r.status().as_u16();
                let body = r.text().await.unwrap_or_default();
                seen.push((status, started.elapsed(), body));
            }
            seen
        }));
    }
    let out = tokio::time::timeout(Duration::from_secs(300), import.wait_with_output())
        .await
        .expect("the import finished in time")
        .unwrap();
    running.store(false, std::sync::atomic::Ordering::Relaxed);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(&format!("added {rows}")),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let mut all = Vec::new();
    for l in loops {
        all.extend(l.await.unwrap());
    }
    let failed: Vec<_> = all
        .iter()
        .filter(|(s, _, _)| !(200..300).contains(s))
        .collect();
    let slowest = all.iter().map(|(_, t, _)| *t).max().unwrap();
    eprintln!(
        "{} requests during the import, slowest {slowest:?}",
        all.len()
    );
    assert!(failed.is_empty(), "{failed:?}");
    assert!(all.len() >= 20, "{}", all.len());
}

/// Every command on PostgreSQL migrates first; PostgreSQL's notices about it (`relation "_sqlx_migrations"
/// already exists, skipping`) are not shown, so a failing command prints one plain line.
#[tokio::test]
async fn a_failing_command_on_postgresql_prints_one_plain_line() {
    let url = fresh_pg_database().await;
    let add = || {
        let mut c = beacon_command();
        c.args([
            "user",
            "add",
            "--email",
            "dup@test.example",
            "--role",
            "analyst",
        ])
        .env("BEACON_DATABASE__URL", &url)
        .env("BEACON_LOG__LEVEL", "info");
        c
    };
    let first = add().output().await.unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(
        !String::from_utf8_lossy(&first.stderr).contains("already exists, skipping"),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let second = add().output().await.unwrap();
    assert!(!second.status.success());
    let err = String::from_utf8(second.stderr).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(!err.contains('\u{1b}'), "{err:?}");
    assert!(!err.contains("_sqlx_migrations"), "{err}");
}

/// A data folder Beacon cannot write to is named as such. Root writes through permission bits, so as root
/// the folder is a read-only tmpfs mount instead (skipped, saying so, where mounting is not allowed).
#[tokio::test]
async fn a_read_only_data_folder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    let mounted = if root {
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "ro,size=1m", "tmpfs"])
            .arg(&data)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if !ok {
            eprintln!("skipped: running as root, and a read-only tmpfs cannot be mounted here");
            return;
        }
        true
    } else {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o555)).unwrap();
        false
    };
    let out = beacon_command()
        .arg("migrate")
        .env("BEACON_PATHS__DATA_DIR", &data)
        .output()
        .await
        .unwrap();
    if mounted {
        let _ = std::process::Command::new("umount").arg(&data).status();
    } else {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755));
    }
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("read-only") && err.contains(&data.display().to_string()),
        "{err}"
    );
    assert!(!err.contains("unable to open database file"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
}
