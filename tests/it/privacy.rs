//! The disclosure-control policy under attack: a campaigner's and an evaluator's tokens, the demo's
//! incidents, and the attacks that recovered small groups before (region drill, filter pairs, adjacent
//! periods, resolution nesting, "other" under k, hot regions at fine resolutions). Every published value is
//! 0 or at least k, the same question always gets the same answer, and differences of overlapping answers
//! give the true small counts no more often than the policy's documented rate (2 / (2 × spread + 1)).

use std::collections::BTreeMap;

use beacon::accounts::Role;
use serde_json::{Value, json};

use crate::both_backends;
use crate::support::{Db, TestApp};

const K: u64 = 5;
/// The documented bound for the default spread of 3, with room for a finite sample.
const MATCH_BOUND: f64 = 2.0 / 7.0 + 0.05;

async fn get(app: &TestApp, token: &str, path: &str) -> Value {
    let r = reqwest::Client::new()
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{path}: {}", r.text().await.unwrap());
    r.json().await.unwrap()
}

async fn load_demo_incidents(app: &TestApp, analyst: &str) {
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/incidents"))
        .bearer_auth(analyst)
        .json(&beacon::demo::synthetic_incidents())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
}

/// The shared map: cell → (records, remainder); every value checked against the policy on the way.
async fn shared_map(app: &TestApp, token: &str, query: &str) -> BTreeMap<String, (u64, bool)> {
    let body = get(
        app,
        token,
        &format!("/api/v1/aggregates/cells.geojson?{query}"),
    )
    .await;
    let other = body["other"].as_u64().unwrap();
    assert!(other == 0 || other >= K, "{query}: other = {other}");
    body["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let p = &f["properties"];
            let n = p["records"].as_u64().unwrap();
            assert!(n >= K, "{query}: a cell shows {n}");
            (
                p["cell"].as_str().unwrap().to_string(),
                (n, p["remainder"].as_bool().unwrap()),
            )
        })
        .collect()
}

/// The analyst's true counts per cell.
async fn true_cells(app: &TestApp, analyst: &str, query: &str) -> BTreeMap<String, u64> {
    get(app, analyst, &format!("/api/v1/hotspots?{query}"))
        .await
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["records"].as_u64().unwrap() > 0)
        .map(|c| {
            (
                c["cell"].as_str().unwrap().to_string(),
                c["records"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// Pairs whose true difference is a small group, and how many of them the published figures give away.
#[derive(Default, Debug)]
struct Differencing {
    pairs: usize,
    matched: usize,
}

impl Differencing {
    fn add(&mut self, truth: u64, published: i64) {
        if (1..K).contains(&truth) {
            self.pairs += 1;
            if published == truth as i64 {
                self.matched += 1;
            }
        }
    }

    fn rate(&self) -> f64 {
        self.matched as f64 / self.pairs.max(1) as f64
    }
}

const FILTERS: [&str; 12] = [
    "",
    "to_year=2019",
    "to_year=2021",
    "from_year=2020",
    "from_year=2022",
    "exploitation_type=forced-labour",
    "exploitation_type=sexual",
    "victim_gender=male",
    "victim_gender=female",
    "nationality=RO",
    "nationality=LT",
    "nationality=GB",
];

/// Both filters, or `None` when they set the same field.
fn and(a: &str, b: &str) -> Option<String> {
    let field = |f: &str| f.split('=').next().unwrap_or_default().to_string();
    match (a.is_empty(), b.is_empty()) {
        (true, _) => Some(b.to_string()),
        (_, true) => Some(a.to_string()),
        _ if field(a) == field(b) => None,
        _ => Some(format!("{a}&{b}")),
    }
}

async fn the_shared_map_and_routes_hold_against_differencing(db: Db) {
    let app = TestApp::spawn(db).await;
    let analyst = app.token("analyst@test.example", Role::Analyst, None).await;
    let evaluator = app
        .token("evaluator@test.example", Role::Evaluator, None)
        .await;
    let campaigner = app
        .token("campaigner@test.example", Role::Campaigner, None)
        .await;
    load_demo_incidents(&app, &analyst).await;

    // Consistent: the same question, and the same records asked for another way, get the same answer.
    let unfiltered = shared_map(&app, &evaluator, "resolution=7").await;
    assert_eq!(
        shared_map(&app, &campaigner, "resolution=7").await,
        unfiltered
    );
    assert_eq!(
        shared_map(&app, &evaluator, "resolution=7&from_year=1900&to_year=2100").await,
        unfiltered
    );
    // A filter that selects nothing shows nothing, and says so without error.
    let none = get(
        &app,
        &evaluator,
        "/api/v1/aggregates/cells.geojson?resolution=7&from_year=2090",
    )
    .await;
    assert_eq!(none["features"].as_array().unwrap().len(), 0, "{none}");
    assert_eq!(none["other"], 0);
    let none = get(&app, &evaluator, "/api/v1/aggregates/routes?nationality=ZZ").await;
    assert_eq!(none["routes"].as_array().unwrap().len(), 0, "{none}");
    assert_eq!(none["other"], 0);
    // Useful: most records are placed in cells of resolution 5 or finer, not in one vast cell.
    let total: u64 = unfiltered.values().map(|v| v.0).sum();
    let placed: u64 = unfiltered
        .iter()
        .filter(|(c, _)| c.parse::<h3o::CellIndex>().unwrap().resolution() >= h3o::Resolution::Five)
        .map(|(_, v)| v.0)
        .sum();
    eprintln!("{placed} of {total} published records in cells of resolution 5 or finer");
    assert!(
        placed * 2 > total,
        "{placed} of {total} records in cells of resolution 5 or finer"
    );

    // Filter pairs and adjacent periods: (A, A and B) at resolution 7, each as an evaluator and as a
    // campaigner; the true difference from the analyst's view.
    let mut diff = Differencing::default();
    for (i, a) in FILTERS.iter().enumerate() {
        for b in &FILTERS[i + 1..] {
            let Some(both) = and(a, b) else {
                continue;
            };
            let token = if i % 2 == 0 { &evaluator } else { &campaigner };
            let wide = shared_map(&app, token, &format!("resolution=7&{a}")).await;
            let narrow = shared_map(&app, token, &format!("resolution=7&{both}")).await;
            let wide_truth = true_cells(&app, &analyst, &format!("resolution=7&{a}")).await;
            let narrow_truth = true_cells(&app, &analyst, &format!("resolution=7&{both}")).await;
            for (cell, (n, remainder)) in &wide {
                if *remainder {
                    continue;
                }
                let t = wide_truth.get(cell).copied().unwrap_or(0)
                    - narrow_truth.get(cell).copied().unwrap_or(0);
                let p = *n as i64 - narrow.get(cell).map_or(0, |v| v.0 as i64);
                diff.add(t, p);
            }
        }
    }
    for year in 2016..2024 {
        let one = format!("resolution=7&from_year={year}&to_year={year}");
        let two = format!("resolution=7&from_year={year}&to_year={}", year + 1);
        let (p1, p2) = (
            shared_map(&app, &evaluator, &one).await,
            shared_map(&app, &evaluator, &two).await,
        );
        let (t1, t2) = (
            true_cells(&app, &analyst, &one).await,
            true_cells(&app, &analyst, &two).await,
        );
        for (cell, (n, remainder)) in &p2 {
            if !remainder {
                let t = t2.get(cell).copied().unwrap_or(0) - t1.get(cell).copied().unwrap_or(0);
                diff.add(t, *n as i64 - p1.get(cell).map_or(0, |v| v.0 as i64));
            }
        }
    }
    // Resolution nesting: a resolution-6 cell against its resolution-7 children as shown.
    let (p6, p7) = (
        shared_map(&app, &evaluator, "resolution=6").await,
        shared_map(&app, &evaluator, "resolution=7").await,
    );
    let t6 = true_cells(&app, &analyst, "resolution=6").await;
    let t7 = true_cells(&app, &analyst, "resolution=7").await;
    for (cell, (n, remainder)) in &p6 {
        if *remainder {
            continue;
        }
        let parent: h3o::CellIndex = cell.parse().unwrap();
        let children = |m: &BTreeMap<String, u64>| -> u64 {
            m.iter()
                .filter(|(c, _)| {
                    let c: h3o::CellIndex = c.parse().unwrap();
                    c.resolution() == h3o::Resolution::Seven
                        && c.parent(h3o::Resolution::Six) == Some(parent)
                })
                .map(|(_, v)| *v)
                .sum()
        };
        let shown: BTreeMap<String, u64> = p7
            .iter()
            .filter(|(_, v)| !v.1)
            .map(|(c, v)| (c.clone(), v.0))
            .collect();
        let shown_truth: BTreeMap<String, u64> = t7
            .iter()
            .filter(|(c, _)| shown.contains_key(*c))
            .map(|(c, v)| (c.clone(), *v))
            .collect();
        let t = t6[cell] - children(&shown_truth);
        diff.add(t, *n as i64 - children(&shown) as i64);
    }
    eprintln!("map differencing: {diff:?}, rate {:.3}", diff.rate());
    assert!(
        diff.pairs >= 40,
        "the attacks found too few small differences to judge: {diff:?}"
    );
    assert!(
        diff.rate() <= MATCH_BOUND,
        "differences give the true small count too often: {diff:?}"
    );

    // Routes: "other" is never under k, and route pairs subtract no better than the map's.
    let truth_routes = |v: Value| -> BTreeMap<String, u64> {
        v["routes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let part = |p: &Value| p.as_str().unwrap_or("?").to_string();
                let label = match r["transit"].as_str() {
                    Some(t) => {
                        format!("{} → {t} → {}", part(&r["source"]), part(&r["destination"]))
                    }
                    None => format!("{} → {}", part(&r["source"]), part(&r["destination"])),
                };
                (label, r["count"].as_u64().unwrap())
            })
            .collect()
    };
    let shared_routes = |v: Value| -> BTreeMap<String, u64> {
        let other = v["other"].as_u64().unwrap();
        assert!(other == 0 || other >= K, "other = {other}");
        v["routes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let n = r["count"].as_u64().unwrap();
                assert!(n >= K, "{r}");
                (r["route"].as_str().unwrap().to_string(), n)
            })
            .collect()
    };
    let under_k = shared_routes(
        get(
            &app,
            &evaluator,
            "/api/v1/aggregates/routes?nationality=GB&exploitation_type=sexual&to_year=2019",
        )
        .await,
    );
    assert!(under_k.values().all(|n| *n >= K));
    let mut route_diff = Differencing::default();
    for (i, a) in FILTERS.iter().enumerate() {
        for b in &FILTERS[i + 1..] {
            let Some(both) = and(a, b) else {
                continue;
            };
            let token = if i % 2 == 0 { &evaluator } else { &campaigner };
            let wide =
                shared_routes(get(&app, token, &format!("/api/v1/aggregates/routes?{a}")).await);
            let narrow =
                shared_routes(get(&app, token, &format!("/api/v1/aggregates/routes?{both}")).await);
            let wt = truth_routes(get(&app, &analyst, &format!("/api/v1/routes?{a}")).await);
            let nt = truth_routes(get(&app, &analyst, &format!("/api/v1/routes?{both}")).await);
            for (route, n) in &wide {
                let t = wt.get(route).copied().unwrap_or(0) - nt.get(route).copied().unwrap_or(0);
                route_diff.add(
                    t,
                    *n as i64 - narrow.get(route).copied().unwrap_or(0) as i64,
                );
            }
        }
    }
    eprintln!("route differencing: {route_diff:?}");
    // Routes are few: their pairs are judged together with the map's.
    diff.pairs += route_diff.pairs;
    diff.matched += route_diff.matched;
    assert!(
        diff.rate() <= MATCH_BOUND,
        "map and route pairs give the true small count too often: {diff:?}"
    );
    app.stop().await.unwrap();
}
both_backends!(the_shared_map_and_routes_hold_against_differencing);

async fn regions_show_no_small_group_however_they_are_drawn(db: Db) {
    let app = TestApp::spawn(db).await;
    let analyst = app.token("analyst@test.example", Role::Analyst, None).await;
    let campaigner = app
        .token("campaigner@test.example", Role::Campaigner, None)
        .await;
    let evaluator = app
        .token("evaluator@test.example", Role::Evaluator, None)
        .await;
    load_demo_incidents(&app, &analyst).await;
    let client = reqwest::Client::new();
    let region = |name: String, resolution: u8, source: Value| {
        let client = client.clone();
        let url = app.url("/api/v1/regions");
        let campaigner = campaigner.clone();
        async move {
            let r = client
                .post(url)
                .bearer_auth(campaigner)
                .json(&json!({"name": name, "resolution": resolution, "source": source}))
                .send()
                .await
                .unwrap();
            let status = r.status();
            let body: Value = r.json().await.unwrap();
            (status, body)
        }
    };
    let published_nationalities = |languages: &Value| -> Vec<u64> {
        languages
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|l| l["nationalities"].as_array().unwrap().clone())
            .map(|n| n["incidents"].as_u64().unwrap())
            .collect()
    };

    // The drill: a cell holding exactly one incident, and the cells around it from resolution 6 to 10.
    let lone = true_cells(&app, &analyst, "resolution=10")
        .await
        .into_iter()
        .find(|(_, n)| *n == 1)
        .map(|(c, _)| c.parse::<h3o::CellIndex>().unwrap())
        .expect("a resolution-10 cell with one incident");
    let mut seen = BTreeMap::new();
    for r in 6..=10u8 {
        let res = h3o::Resolution::try_from(r).unwrap();
        let cell = lone.parent(res).unwrap();
        let (status, body) = region(
            format!("drill {r}"),
            r,
            json!({"kind": "cells", "cells": [cell.to_string()]}),
        )
        .await;
        assert_eq!(status, 201, "{body}");
        let id = body["id"].as_i64().unwrap();
        for token in [&campaigner, &evaluator] {
            let languages = get(&app, token, &format!("/api/v1/regions/{id}/languages")).await;
            for n in published_nationalities(&languages) {
                assert!(n >= K, "resolution {r}: a nationality shows {n} incidents");
            }
            // Asked again: the same answer.
            assert_eq!(
                get(&app, token, &format!("/api/v1/regions/{id}/languages")).await,
                languages
            );
            seen.insert(r, languages);
        }
    }
    // A region of one cell at resolution 15 is stored at the finest region resolution allowed, or refused;
    // either way, nothing small shows.
    let fine = h3o::LatLng::from(lone).to_cell(h3o::Resolution::Fifteen);
    let (status, body) = region(
        "one cell at 15".into(),
        10,
        json!({"kind": "cells", "cells": [fine.to_string()]}),
    )
    .await;
    if status == 201 {
        let id = body["id"].as_i64().unwrap();
        let languages = get(
            &app,
            &campaigner,
            &format!("/api/v1/regions/{id}/languages"),
        )
        .await;
        assert!(published_nationalities(&languages).iter().all(|n| *n >= K));
    } else {
        assert_eq!(status, 422, "{body}");
    }

    // Hot regions at fine resolutions are shared no finer than resolution 7, in areas that hold k.
    for analysis in [9u8, 10] {
        let (status, body) = region(
            format!("hot at {analysis}"),
            9,
            json!({"kind": "hotspots", "confidence": 90, "rings": 0, "analysis_resolution": analysis}),
        )
        .await;
        if status != 201 {
            assert_eq!(status, 422, "{body}");
            continue;
        }
        let id = body["id"].as_i64().unwrap();
        let cells: Vec<String> = serde_json::from_value(
            get(&app, &campaigner, &format!("/api/v1/regions/{id}/cells")).await,
        )
        .unwrap();
        let cells: std::collections::BTreeSet<h3o::CellIndex> =
            cells.iter().map(|c| c.parse().unwrap()).collect();
        let parents: std::collections::BTreeSet<h3o::CellIndex> = cells
            .iter()
            .map(|c| c.parent(h3o::Resolution::Seven).unwrap())
            .collect();
        let truth = true_cells(&app, &analyst, "resolution=7").await;
        for p in parents {
            // Whole resolution-7 cells only.
            assert!(
                p.children(h3o::Resolution::Nine)
                    .all(|c| cells.contains(&c)),
                "analysis {analysis}: region holds part of {p}"
            );
            assert!(
                truth.get(&p.to_string()).copied().unwrap_or(0) >= 1,
                "analysis {analysis}: {p} holds no incident"
            );
        }
    }
    app.stop().await.unwrap();
}
both_backends!(regions_show_no_small_group_however_they_are_drawn);
