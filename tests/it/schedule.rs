//! `beacon schedule preview` as a script meets it: no database and no configuration, runs on stdout, one-line
//! errors naming the flag.

use crate::support::beacon_command as beacon;

/// `beacon schedule preview` in an empty folder, with a setting that would stop any command that reads the
/// configuration.
fn preview(args: &[&str], dir: &std::path::Path) -> tokio::process::Command {
    let mut command = beacon();
    command
        .current_dir(dir)
        .env("BEACON_SERVER__PROT", "1")
        .args(["schedule", "preview"])
        .args(args);
    command
}

#[tokio::test]
async fn preview_prints_london_runs_across_spring_forward() {
    let dir = tempfile::tempdir().unwrap();
    let out = preview(
        &[
            "--cron",
            "30 1 * * *",
            "--tz",
            "Europe/London",
            "--from",
            "2026-03-27T12:00:00Z",
            "--count",
            "3",
        ],
        dir.path(),
    )
    .output()
    .await
    .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "2026-03-28T01:30:00Z\n2026-03-29T01:00:00Z\n2026-03-30T00:30:00Z\n"
    );
    assert!(stderr.is_empty(), "{stderr}");
    // Nothing was created where it ran: no database, no data folder.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[tokio::test]
async fn preview_refuses_a_bad_zone_or_expression_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&[&str], &str, &str); 4] = [
        (
            &["--cron", "0 9 * * *", "--tz", "Europe/Londn"],
            "--tz: ",
            "did you mean Europe/London",
        ),
        (
            &["--cron", "61 * * * *", "--tz", "UTC"],
            "--cron: ",
            "minutes",
        ),
        (
            &["--cron", "0 0 30 2 *", "--tz", "UTC"],
            "--cron: ",
            "has no run after",
        ),
        (
            &["--cron", "0 9 * * *", "--tz", "UTC", "--count", "1001"],
            "--count: ",
            "1..1000",
        ),
    ];
    for (args, flag, reason) in cases {
        let out = preview(args, dir.path()).output().await.unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(
            stderr.starts_with(&format!("beacon: error: {flag}")) && stderr.contains(reason),
            "{args:?}: {stderr}"
        );
    }
}
