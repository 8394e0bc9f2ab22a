//! The impact report end to end on the Fenland demo: its figures over the API (reach from the platform's
//! rows, unique people within the audience, the survey's change and difference-in-differences against the
//! comparison region, trainings, costs, provenance with a fingerprint that matches the data), the same
//! report byte for byte as PDF, HTML, CSV and JSON, switching the comparison and language, refusals named,
//! and no access for partners.

use beacon::accounts::Role;
use beacon::report::impact::ImpactData;
use beacon::store::campaigns::InsightRow;
use reqwest::Method as M;
use serde_json::Value;

use crate::both_backends;
use crate::campaigns::{problem, send};
use crate::support::{Db, TestApp};

/// Seeds the demo and stores a week of the sandbox's delivery for its campaign, as the insights job
/// would; returns the campaign's id.
pub(crate) async fn fenland_with_reach(app: &TestApp) -> i64 {
    beacon::demo::seed(&app.state.services).await.unwrap();
    let campaign = app.store().campaigns().await.unwrap()[0].id;
    let today = app.state.services.clock.now().date();
    let mut rows = Vec::new();
    for d in 0..7 {
        let day = (today - time::Duration::days(7 - d)).to_string();
        rows.push(InsightRow {
            channel: "sandbox".into(),
            day: day.clone(),
            breakdown: String::new(),
            reach: 2_000 + 100 * d,
            impressions: 6_000 + 300 * d,
            clicks: 50 + d,
            spend_minor: 5_000,
            fetched_at: 1,
        });
    }
    rows.push(InsightRow {
        channel: "sandbox".into(),
        day: (today - time::Duration::days(1)).to_string(),
        breakdown: "lifetime".into(),
        reach: 9_000,
        impressions: 0,
        clicks: 0,
        spend_minor: 0,
        fetched_at: 1,
    });
    let mut tx = app.store().begin().await.unwrap();
    tx.store_insights(campaign, &rows).await.unwrap();
    tx.commit().await.unwrap();
    campaign
}

async fn the_fenland_report_from_figures_to_files(db: Db) {
    let app = TestApp::spawn(db).await;
    let campaign = fenland_with_reach(&app).await;
    let evaluator = app
        .token("evaluator@test.example", Role::Evaluator, None)
        .await;
    let partner_id = app.partner("Impact Partner", "bank").await;
    let partner = app
        .token("member@bank.example", Role::Partner, Some(partner_id))
        .await;

    let r = send(
        &app,
        &evaluator,
        M::GET,
        &format!("/api/v1/impact?campaign={campaign}"),
        None,
    )
    .await;
    assert_eq!(r.status(), 200);
    let body = r.text().await.unwrap();
    let data: ImpactData = serde_json::from_str(&body).unwrap();
    let v: Value = serde_json::from_str(&body).unwrap();

    // Provenance: this Beacon, the latest day of data, and a fingerprint over the data itself.
    assert_eq!(data.provenance.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(data.provenance.fingerprint, data.fingerprint());
    assert!(data.provenance.data_through.is_some());
    assert!(data.synthetic, "the demo's figures are marked synthetic");
    assert!(
        data.provenance
            .sources
            .iter()
            .any(|s| s.id == "impact-source-survey"
                && beacon::message::english(s).contains("version 1")),
        "{:?}",
        data.provenance.sources
    );

    // Reach: the platform's own deduplicated figure, the week's rows per day, the e-mail channel absent
    // (nothing sent yet), unique people within the audience and spread over its cells.
    let sandbox = data
        .reach
        .channels
        .iter()
        .find(|c| c.channel == "sandbox")
        .expect("the sandbox's reach");
    assert_eq!(sandbox.reach, 9_000);
    assert_eq!(sandbox.basis, "reach-basis-platform-lifetime");
    assert_eq!(data.daily.len(), 7);
    let audience = data.reach.audience.expect("the demo audience has a size");
    let unique = data.reach.unique.as_ref().expect("unique reach");
    assert!(unique.unique <= audience && unique.unique > 0.0);
    let spread: f64 = data.cells.iter().map(|c| c.reach).sum();
    assert!(
        (spread - unique.unique).abs() < 1e-6 * unique.unique,
        "{spread} vs {}",
        unique.unique
    );
    assert!(!data.locales.is_empty());

    // Costs: a week at £50 a day over the people the sandbox reached.
    let cost = &data.costs[0];
    assert_eq!(
        (cost.channel.as_str(), cost.currency.as_str()),
        ("sandbox", "GBP")
    );
    assert_eq!(cost.spend_minor, 35_000);
    assert!((cost.cost_per_reached.unwrap() - 350.0 / 9_000.0).abs() < 1e-12);

    // The survey: Fenland against Breckland, before and after, with the difference-in-differences equal
    // to the difference of the two groups' changes.
    let survey = data.survey.as_ref().expect("the Fenland survey");
    assert_eq!(survey.target, "Fenland");
    assert_eq!(survey.comparison.as_deref(), Some("Breckland"));
    assert_eq!(survey.shares.len(), 4);
    let change = |g: &str| {
        survey
            .changes
            .iter()
            .find(|c| c.group == g)
            .unwrap()
            .change
            .change
    };
    let did = survey.did.expect("difference in differences");
    assert!((did.did - (change("Fenland") - change("Breckland"))).abs() < 1e-12);
    assert!(
        survey
            .shares
            .iter()
            .all(|s| s.share.ci_low <= s.share.share && s.share.share <= s.share.ci_high)
    );

    // Trainings reported for the campaign, with the quiz's change.
    assert!(data.trainings.sessions > 0 && data.trainings.quiz.is_some());
    assert!(v["notes"].as_array().unwrap().len() > 3);

    // The same request, the same bytes.
    let again = send(
        &app,
        &evaluator,
        M::GET,
        &format!("/api/v1/impact?campaign={campaign}"),
        None,
    )
    .await
    .text()
    .await
    .unwrap();
    assert_eq!(again, body);

    // Refusals, named; partners see no report.
    let r = send(&app, &evaluator, M::GET, "/api/v1/impact", None).await;
    assert_eq!(problem(r, 422).await["field"], "campaign");
    let r = send(
        &app,
        &evaluator,
        M::GET,
        &format!("/api/v1/impact?campaign={campaign}&comparison=nowhere"),
        None,
    )
    .await;
    assert_eq!(problem(r, 422).await["field"], "comparison");
    let r = send(
        &app,
        &evaluator,
        M::GET,
        &format!("/api/v1/impact?campaign={campaign}&colour=red"),
        None,
    )
    .await;
    assert_eq!(problem(r, 422).await["field"], "colour");
    // Weighting needs a survey that asks age and gender; "maybe" is not a yes or no.
    for weighted in ["true", "maybe"] {
        let r = send(
            &app,
            &evaluator,
            M::GET,
            &format!("/api/v1/impact?campaign={campaign}&weighted={weighted}"),
            None,
        )
        .await;
        assert_eq!(problem(r, 422).await["field"], "weighted", "{weighted}");
    }
    let r = send(
        &app,
        &evaluator,
        M::GET,
        "/api/v1/impact?campaign=99999",
        None,
    )
    .await;
    assert_eq!(r.status(), 404);
    let r = send(
        &app,
        &partner,
        M::GET,
        &format!("/api/v1/impact?campaign={campaign}"),
        None,
    )
    .await;
    assert_eq!(r.status(), 403);

    // On pages: the report in Lithuanian, and its files, each the same twice.
    let password = app
        .user("evaluator2@test.example", Role::Evaluator, None)
        .await;
    let client = app.login("evaluator2@test.example", &password).await;
    let get = |path: String| {
        let client = client.clone();
        let url = app.url(&path);
        async move {
            let r = client.get(url).send().await.unwrap();
            let status = r.status().as_u16();
            let kind = r
                .headers()
                .get("content-type")
                .map(|h| h.to_str().unwrap().to_string())
                .unwrap_or_default();
            (status, kind, r.bytes().await.unwrap().to_vec())
        }
    };
    let (status, _, page) = get(format!("/impact?campaign={campaign}&lang=lt")).await;
    assert_eq!(status, 200);
    let page = String::from_utf8(page).unwrap();
    assert!(
        page.contains("Kampanijos poveikio ataskaita"),
        "the report's words in Lithuanian"
    );
    assert!(page.contains("Breckland"));
    let link = format!("campaign={campaign}&lang=lt");
    for (path, kind) in [
        (format!("/impact/report.pdf?{link}"), "application/pdf"),
        (
            format!("/impact/report.html?{link}"),
            "text/html; charset=utf-8",
        ),
        (format!("/impact/data.zip?{link}"), "application/zip"),
        (format!("/impact/data.json?{link}"), "application/json"),
        (
            format!("/impact/data/survey_shares.csv?{link}"),
            "text/csv; charset=utf-8",
        ),
    ] {
        let (status, got, first) = get(path.clone()).await;
        assert_eq!((status, got.as_str()), (200, kind), "{path}");
        let (_, _, second) = get(path.clone()).await;
        assert_eq!(first, second, "{path} is the same twice");
        if kind == "application/pdf" {
            assert!(first.starts_with(b"%PDF-"));
        }
    }
    let (_, _, csv) = get(format!("/impact/data/survey_shares.csv?{link}")).await;
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.lines().count() >= 5, "{csv}");
    assert!(csv.contains("Breckland"));
    // A file the report does not have, and a comparison region the survey does not have.
    let (status, _, _) = get(format!("/impact/data/nothing.csv?{link}")).await;
    assert_eq!(status, 404);
    let (status, _, _) = get(format!("/impact?campaign={campaign}&comparison=nowhere")).await;
    assert_eq!(status, 422);

    app.stop().await.unwrap();
}

both_backends!(the_fenland_report_from_figures_to_files);
