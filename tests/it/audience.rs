//! Audiences: regions from every source, population, languages, geo-targets per platform, audiences and
//! their snapshots, over the real API; bad input refused with the place named and nothing stored.

use beacon::accounts::Role;
use serde_json::{Value, json};

use crate::both_backends;
use crate::support::{Db, TestApp};

/// The demo's population estimate as a Kontur-style `h3,population` CSV.
fn population_csv() -> String {
    let grid = beacon::demo::lsoa_population(h3o::Resolution::Eight).unwrap();
    let mut out = String::from("h3,population\n");
    let mut rows: Vec<_> = grid.cells().collect();
    rows.sort_by_key(|r| r.0);
    for (c, p) in rows {
        out.push_str(&format!("{c},{p:.2}\n"));
    }
    out
}

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(app.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn get(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

async fn problem(r: reqwest::Response, status: u16) -> Value {
    assert_eq!(r.status(), status);
    assert_eq!(
        r.headers()["content-type"].to_str().unwrap(),
        "application/problem+json"
    );
    r.json().await.unwrap()
}

async fn campaign_staff_build_the_fenland_audience(db: Db) {
    let app = TestApp::spawn(db).await;
    let token = app
        .token("campaigner@test.example", Role::Campaigner, None)
        .await;
    // Population: a gridded layer in Kontur's format.
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/population-layers?name=Fenland%20grid&format=grid"))
        .bearer_auth(&token)
        .header("content-type", "text/csv")
        .body(population_csv())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let layer: Value = r.json().await.unwrap();
    assert!(layer["total"].as_f64().unwrap() > 600_000.0, "{layer}");
    // The region: two districts.
    let r = post(
        &app,
        &token,
        "/api/v1/regions",
        json!({"name": "Wisbech and Boston", "resolution": 8,
               "source": {"kind": "districts", "names": ["Fenland", "Boston"]}}),
    )
    .await;
    assert_eq!(r.status(), 201);
    let region: Value = r.json().await.unwrap();
    let id = region["id"].as_i64().unwrap();
    assert!(region["cell_count"].as_i64().unwrap() > 800, "{region}");
    let area = region["area_km2"].as_f64().unwrap();
    assert!((700.0..1400.0).contains(&area), "{area} km²");
    let detail: Value = get(&app, &token, &format!("/api/v1/regions/{id}"))
        .await
        .json()
        .await
        .unwrap();
    let people = detail["population"].as_f64().unwrap();
    assert!((100_000.0..250_000.0).contains(&people), "{people}");
    let compacted: Vec<String> = get(
        &app,
        &token,
        &format!("/api/v1/regions/{id}/cells?compacted=true"),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(
        compacted.len() as i64,
        detail["compacted_cells"].as_i64().unwrap()
    );
    assert!(compacted.len() < region["cell_count"].as_u64().unwrap() as usize);
    // Community shares, then the languages: English from CLDR, Lithuanian from the configured share.
    let r = reqwest::Client::new()
        .put(app.url(&format!("/api/v1/regions/{id}/shares")))
        .bearer_auth(&token)
        .json(&json!([{"locale": "lt", "share": 0.03, "source": "test figure"}]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let languages: Vec<Value> = get(&app, &token, &format!("/api/v1/regions/{id}/languages"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(languages[0]["locale"], "en");
    let lt = languages.iter().find(|l| l["locale"] == "lt").unwrap();
    assert!((lt["residents"].as_f64().unwrap() - people * 0.03).abs() < 1.0);
    assert!(lt["sources"][0].as_str().unwrap().contains("test figure"));
    // Geo-targets for both platforms meet the goals with a quarter of the naive circles or fewer.
    for platform in ["meta", "google"] {
        let t: Value = get(
            &app,
            &token,
            &format!("/api/v1/regions/{id}/targets?platform={platform}"),
        )
        .await
        .json()
        .await
        .unwrap();
        let count = t["targets"].as_array().unwrap().len();
        let baseline = t["baseline"].as_u64().unwrap() as usize;
        assert!(
            count * 4 <= baseline,
            "{platform}: {count} circles, baseline {baseline}"
        );
        assert!(t["coverage"].as_f64().unwrap() >= 0.95, "{platform}: {t}");
        assert!(t["spill"].as_f64().unwrap() <= 0.10, "{platform}: {t}");
        assert_eq!(t["goals_met"], true);
        let limit = if platform == "meta" { 80.0 } else { 800.0 };
        for c in t["targets"].as_array().unwrap() {
            let r = c["radius_km"].as_f64().unwrap();
            assert!((1.0..=limit).contains(&r), "{c}");
        }
    }
    let meta: Value = get(
        &app,
        &token,
        &format!("/api/v1/regions/{id}/targets?platform=meta"),
    )
    .await
    .json()
    .await
    .unwrap();
    let custom = meta["payload"]["geo_locations"]["custom_locations"]
        .as_array()
        .unwrap();
    assert_eq!(custom[0]["distance_unit"], "kilometer");
    let r = get(
        &app,
        &token,
        &format!("/api/v1/regions/{id}/targets.geojson?platform=google"),
    )
    .await;
    assert_eq!(r.headers()["content-type"], "application/geo+json");
    let fc: Value = r.json().await.unwrap();
    assert_eq!(fc["features"][0]["geometry"]["type"], "Polygon");
    let kml = get(
        &app,
        &token,
        &format!("/api/v1/regions/{id}/targets.kml?platform=google"),
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(
        kml.contains("<kml xmlns=\"http://www.opengis.net/kml/2.2\">")
            && kml.contains("<Placemark>")
    );
    // The audience: English and Lithuanian adults; sizes per locale with their inputs.
    let r = post(
        &app,
        &token,
        "/api/v1/audiences",
        json!({"name": "Fenland adults", "region_id": id, "locales": ["en", "lt"],
               "age_bands": ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]}),
    )
    .await;
    assert_eq!(r.status(), 201);
    let view: Value = r.json().await.unwrap();
    let aid = view["audience"]["id"].as_i64().unwrap();
    let sizes = view["estimate"]["sizes"].as_array().unwrap();
    let lt_size = sizes[1]["size"].as_f64().unwrap();
    let adults = view["estimate"]["age_share"].as_f64().unwrap();
    assert!((adults - 0.793).abs() < 0.01, "{adults}");
    assert!((lt_size - people * 0.03 * adults).abs() < 1.0, "{lt_size}");
    assert!(view["estimate"]["inputs"].as_array().unwrap().len() >= 4);
    // Frozen twice: versions 1 and 2, each with the region's cells.
    for v in 1..=2 {
        let r = post(
            &app,
            &token,
            &format!("/api/v1/audiences/{aid}/snapshots"),
            json!({"reason": format!("campaign {v} scheduled")}),
        )
        .await;
        assert_eq!(r.status(), 201);
        let s: Value = r.json().await.unwrap();
        assert_eq!(s["version"], v);
        assert!(s["body"]["compacted_cells"].as_str().unwrap().len() > 100);
    }
    // Changing the shares later does not change a frozen version.
    reqwest::Client::new()
        .put(app.url(&format!("/api/v1/regions/{id}/shares")))
        .bearer_auth(&token)
        .json(&json!([{"locale": "lt", "share": 0.05, "source": "newer figure"}]))
        .send()
        .await
        .unwrap();
    let snaps: Vec<Value> = get(&app, &token, &format!("/api/v1/audiences/{aid}/snapshots"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(snaps.len(), 2);
    let frozen = snaps[1]["body"]["estimate"]["sizes"][1]["size"]
        .as_f64()
        .unwrap();
    assert!((frozen - lt_size).abs() < 1e-6);
    // A region an audience uses cannot be deleted.
    let r = reqwest::Client::new()
        .delete(app.url(&format!("/api/v1/regions/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    problem(r, 409).await;
    app.stop().await.unwrap();
}
both_backends!(campaign_staff_build_the_fenland_audience);

async fn regions_come_from_every_source_and_bad_ones_are_refused(db: Db) {
    let app = TestApp::spawn_with(db, &[("BEACON_AUDIENCE__MAX_CELLS", "20000")]).await;
    let token = app.token("analyst@test.example", Role::Analyst, None).await;
    let r = post(
        &app,
        &token,
        "/api/v1/incidents",
        json!(beacon::demo::synthetic_incidents()),
    )
    .await;
    assert_eq!(r.status(), 201);
    let make = |name: &str, source: Value, exclude: Vec<i64>| json!({"name": name, "resolution": 8, "source": source, "exclude": exclude});
    // A polygon with a hole, from GeoJSON.
    let square = json!({"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [
        [[0.0, 52.6], [0.3, 52.6], [0.3, 52.8], [0.0, 52.8], [0.0, 52.6]],
        [[0.1, 52.65], [0.2, 52.65], [0.2, 52.75], [0.1, 52.75], [0.1, 52.65]]]}});
    let r = post(
        &app,
        &token,
        "/api/v1/regions",
        make(
            "square",
            json!({"kind": "geojson", "geojson": square}),
            vec![],
        ),
    )
    .await;
    assert_eq!(r.status(), 201);
    let square: Value = r.json().await.unwrap();
    let hole_area = square["area_km2"].as_f64().unwrap();
    // About 20 km × 22 km minus 6.8 km × 11 km.
    assert!((330.0..440.0).contains(&hole_area), "{hole_area}");
    // Hotspots at 95%, grown by one ring.
    let r = post(
        &app,
        &token,
        "/api/v1/regions",
        make(
            "hot",
            json!({"kind": "hotspots", "confidence": 95, "rings": 1}),
            vec![],
        ),
    )
    .await;
    assert_eq!(r.status(), 201);
    let hot: Value = r.json().await.unwrap();
    assert!(
        hot["notes"][0].as_str().unwrap().contains("hot at 95%"),
        "{hot}"
    );
    // Cells by hand (a resolution-7 cell stands for its seven children).
    let picked = h3o::LatLng::new(52.63, 0.06)
        .unwrap()
        .to_cell(h3o::Resolution::Seven);
    let r = post(
        &app,
        &token,
        "/api/v1/regions",
        make(
            "picked",
            json!({"kind": "cells", "cells": [picked.to_string()]}),
            vec![],
        ),
    )
    .await;
    assert_eq!(r.status(), 201);
    let picked_region: Value = r.json().await.unwrap();
    assert_eq!(picked_region["cell_count"], 7);
    // Union, intersection and exclusion.
    let (sq, pk) = (
        square["id"].as_i64().unwrap(),
        picked_region["id"].as_i64().unwrap(),
    );
    let r = post(
        &app,
        &token,
        "/api/v1/regions",
        make(
            "both",
            json!({"kind": "union", "regions": [sq, pk]}),
            vec![],
        ),
    )
    .await;
    let union: Value = r.json().await.unwrap();
    let r = post(
        &app,
        &token,
        "/api/v1/regions",
        make(
            "overlap",
            json!({"kind": "intersection", "regions": [sq, pk]}),
            vec![],
        ),
    )
    .await;
    let overlap: Value = r.json().await.unwrap();
    assert_eq!(
        union["cell_count"].as_i64().unwrap() + overlap["cell_count"].as_i64().unwrap(),
        square["cell_count"].as_i64().unwrap() + 7
    );
    let r = post(&app, &token, "/api/v1/regions", make("square minus picked", json!({"kind": "geojson", "geojson": {"type": "Polygon", "coordinates": [[[0.0, 52.6], [0.3, 52.6], [0.3, 52.8], [0.0, 52.8], [0.0, 52.6]]]}}), vec![pk])).await;
    assert_eq!(r.status(), 201);
    let minus: Value = r.json().await.unwrap();
    assert!(
        minus["notes"][0]
            .as_str()
            .unwrap()
            .contains("exclusion zone \"picked\""),
        "{minus}"
    );
    let regions_before = get(&app, &token, "/api/v1/regions")
        .await
        .json::<Vec<Value>>()
        .await
        .unwrap()
        .len();
    // Bad input: named, and nothing stored.
    let open_ring = json!({"type": "Polygon", "coordinates": [[[0.0, 52.6], [0.3, 52.6], [0.3, 52.8], [0.0, 52.8]]]});
    let p = problem(
        post(
            &app,
            &token,
            "/api/v1/regions",
            make(
                "open",
                json!({"kind": "geojson", "geojson": open_ring, "file": "open.geojson"}),
                vec![],
            ),
        )
        .await,
        422,
    )
    .await;
    let detail = p["detail"].as_str().unwrap();
    assert!(
        detail.contains("open.geojson")
            && detail.contains("ring 0")
            && detail.contains("not closed"),
        "{detail}"
    );
    // Sydney, latitude first.
    let swapped = json!({"type": "Polygon", "coordinates": [[[-33.8, 151.1], [-33.9, 151.3], [-33.7, 151.2], [-33.8, 151.1]]]});
    let p = problem(
        post(
            &app,
            &token,
            "/api/v1/regions",
            make(
                "swapped",
                json!({"kind": "geojson", "geojson": swapped}),
                vec![],
            ),
        )
        .await,
        422,
    )
    .await;
    assert!(
        p["detail"].as_str().unwrap().contains("latitude first"),
        "{p}"
    );
    let crossing = json!({"type": "Polygon", "coordinates": [[[0.0, 52.6], [0.3, 52.8], [0.3, 52.6], [0.0, 52.8], [0.0, 52.6]]]});
    let p = problem(
        post(
            &app,
            &token,
            "/api/v1/regions",
            make(
                "bow tie",
                json!({"kind": "geojson", "geojson": crossing}),
                vec![],
            ),
        )
        .await,
        422,
    )
    .await;
    assert!(
        p["detail"].as_str().unwrap().contains("crosses itself"),
        "{p}"
    );
    let p = problem(
        post(
            &app,
            &token,
            "/api/v1/regions",
            make(
                "nowhere",
                json!({"kind": "districts", "names": ["Atlantis"]}),
                vec![],
            ),
        )
        .await,
        422,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("Atlantis"), "{p}");
    let big = json!({"type": "Polygon", "coordinates": [[[-2.0, 51.0], [1.0, 51.0], [1.0, 53.0], [-2.0, 53.0], [-2.0, 51.0]]]});
    let p = problem(
        post(
            &app,
            &token,
            "/api/v1/regions",
            make(
                "too big",
                json!({"kind": "geojson", "geojson": big}),
                vec![],
            ),
        )
        .await,
        422,
    )
    .await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("over the limit of 20000"),
        "{p}"
    );
    let p = problem(
        post(
            &app,
            &token,
            "/api/v1/regions",
            make(
                "empty",
                json!({"kind": "cells", "cells": [picked.to_string()]}),
                vec![pk],
            ),
        )
        .await,
        422,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("empty"), "{p}");
    let p = problem(
        post(
            &app,
            &token,
            "/api/v1/regions",
            make(
                "square",
                json!({"kind": "cells", "cells": [picked.to_string()]}),
                vec![],
            ),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p["field"], "name", "{p}");
    let regions_after = get(&app, &token, "/api/v1/regions")
        .await
        .json::<Vec<Value>>()
        .await
        .unwrap()
        .len();
    assert_eq!(regions_before, regions_after);
    // Unknown locales and groups in an audience.
    let p = problem(
        post(
            &app,
            &token,
            "/api/v1/audiences",
            json!({"name": "x", "region_id": sq, "locales": ["en", "xx"]}),
        )
        .await,
        422,
    )
    .await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("unknown locale “xx”"),
        "{p}"
    );
    // A population file with a bad row names it and stores nothing.
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/population-layers?name=bad&format=grid"))
        .bearer_auth(&token)
        .body("h3,population\n881f1d4881fffff,12\n881f1d4883fffff,lots\n")
        .send()
        .await
        .unwrap();
    let p = problem(r, 422).await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("line 3, field population"),
        "{p}"
    );
    assert!(
        get(&app, &token, "/api/v1/population-layers")
            .await
            .json::<Vec<Value>>()
            .await
            .unwrap()
            .is_empty()
    );
    // Without population, area stands in and the targets say so.
    let t: Value = get(
        &app,
        &token,
        &format!("/api/v1/regions/{sq}/targets?platform=meta"),
    )
    .await
    .json()
    .await
    .unwrap();
    assert!(
        t["notes"][0].as_str().unwrap().contains("area stands in"),
        "{t}"
    );
    // Evaluators read; they cannot make regions.
    let evaluator = app
        .token("evaluator@test.example", Role::Evaluator, None)
        .await;
    assert_eq!(get(&app, &evaluator, "/api/v1/regions").await.status(), 200);
    problem(
        post(
            &app,
            &evaluator,
            "/api/v1/regions",
            make(
                "e",
                json!({"kind": "cells", "cells": [picked.to_string()]}),
                vec![],
            ),
        )
        .await,
        403,
    )
    .await;
    app.stop().await.unwrap();
}
both_backends!(regions_come_from_every_source_and_bad_ones_are_refused);

/// A region of one resolution-8 cell in Wisbech, named `name`.
fn one_cell_region(name: &str) -> Value {
    let cell = h3o::LatLng::new(52.666, 0.159)
        .unwrap()
        .to_cell(h3o::Resolution::Eight);
    json!({"name": name, "resolution": 8, "source": {"kind": "cells", "cells": [cell.to_string()]}})
}

async fn region_names(app: &TestApp, token: &str) -> Vec<String> {
    get(app, token, "/api/v1/regions")
        .await
        .json::<Vec<Value>>()
        .await
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect()
}

async fn audience_duplicate_region_name_is_a_field_error(db: Db) {
    let app = TestApp::spawn(db).await;
    let token = app
        .token("campaigner@test.example", Role::Campaigner, None)
        .await;
    let r = post(&app, &token, "/api/v1/regions", one_cell_region("Wisbech")).await;
    assert_eq!(r.status(), 201);
    // The same name again, with spaces around it: refused, naming the field.
    let p = problem(
        post(
            &app,
            &token,
            "/api/v1/regions",
            one_cell_region(" Wisbech "),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p["field"], "name", "{p}");
    assert_eq!(region_names(&app, &token).await, ["Wisbech"]);
    app.stop().await.unwrap();
}
both_backends!(audience_duplicate_region_name_is_a_field_error);

async fn audience_regions_racing_for_one_name_give_one_region(db: Db) {
    let app = TestApp::spawn(db).await;
    let token = app
        .token("campaigner@test.example", Role::Campaigner, None)
        .await;
    let (a, b) = tokio::join!(
        post(&app, &token, "/api/v1/regions", one_cell_region("Raced")),
        post(&app, &token, "/api/v1/regions", one_cell_region("Raced")),
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [201, 422], "never a 500");
    let refused = if a.status() == 422 { a } else { b };
    let p = problem(refused, 422).await;
    assert_eq!(p["field"], "name", "{p}");
    assert_eq!(region_names(&app, &token).await, ["Raced"]);
    app.stop().await.unwrap();
}
both_backends!(audience_regions_racing_for_one_name_give_one_region);

async fn audience_commands_are_audited_and_refusals_are_not(db: Db) {
    let app = TestApp::spawn(db).await;
    let token = app
        .token("campaigner@test.example", Role::Campaigner, None)
        .await;
    let admin = app.token("admin@test.example", Role::Admin, None).await;
    let r = post(&app, &token, "/api/v1/regions", one_cell_region("Audited")).await;
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let r = post(&app, &token, "/api/v1/regions", one_cell_region("Audited")).await;
    assert_eq!(r.status(), 422);
    let r = post(
        &app,
        &token,
        "/api/v1/audiences",
        json!({"name": "Audited adults", "region_id": id, "locales": ["en"]}),
    )
    .await;
    assert_eq!(r.status(), 201);
    let aid = r.json::<Value>().await.unwrap()["audience"]["id"]
        .as_i64()
        .unwrap();
    let r = post(
        &app,
        &token,
        &format!("/api/v1/audiences/{aid}/snapshots"),
        json!({"reason": "campaign 1"}),
    )
    .await;
    assert_eq!(r.status(), 201);
    let log: Vec<Value> = get(&app, &admin, "/api/v1/audit")
        .await
        .json()
        .await
        .unwrap();
    let entries = |action: &str| -> Vec<(String, String)> {
        log.iter()
            .filter(|e| e["action"] == action)
            .map(|e| {
                (
                    e["subject"].as_str().unwrap().to_string(),
                    e["detail"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let args = |detail: &str| serde_json::from_str::<Value>(detail).unwrap();
    let created = entries("region.create");
    assert_eq!(created.len(), 1);
    assert_eq!(created[0].0, format!("region {id}"));
    assert_eq!(
        args(&created[0].1),
        json!({"region": id, "cells": 1, "resolution": 8})
    );
    assert_eq!(entries("audience.create").len(), 1);
    let frozen = entries("audience.freeze");
    assert_eq!(frozen.len(), 1);
    assert_eq!(frozen[0].0, format!("audience {aid}"));
    assert_eq!(
        args(&frozen[0].1),
        json!({"audience": aid, "version": 1, "reason": "campaign 1"})
    );
    app.stop().await.unwrap();
}
both_backends!(audience_commands_are_audited_and_refusals_are_not);
