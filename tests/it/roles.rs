//! Each role reaches only what it should: 401 without credentials, 403 for the wrong role, and a
//! partner never sees another partner's data. Through the API (tokens) and the pages (sessions).

use beacon::accounts::Role;
use reqwest::Method;
use serde_json::json;

use crate::both_backends;
use crate::support::{Db, TestApp};

const ROLES: [Role; 6] = [
    Role::Admin,
    Role::Analyst,
    Role::Campaigner,
    Role::Translator,
    Role::Evaluator,
    Role::Partner,
];

struct Setup {
    app: TestApp,
    tokens: Vec<(Role, String)>,
    own_partner: i64,
    other_partner: i64,
}

async fn setup(db: Db) -> Setup {
    let app = TestApp::spawn(db).await;
    let own = app.partner("Bank A", "bank").await;
    let other = app.partner("Council B", "council").await;
    let mut tokens = Vec::new();
    for role in ROLES {
        let partner = (role == Role::Partner).then_some(own);
        let token = app
            .token(&format!("{role}@test.example"), role, partner)
            .await;
        tokens.push((role, token));
    }
    // A member of the other partner, whose address partner A must never see.
    app.user("member@councilb.example", Role::Partner, Some(other))
        .await;
    Setup {
        app,
        tokens,
        own_partner: own,
        other_partner: other,
    }
}

/// (method, path, body, roles allowed) for every API route.
fn api_matrix(own: i64, other: i64) -> Vec<(Method, String, Option<serde_json::Value>, Vec<Role>)> {
    use Role::*;
    let all = ROLES.to_vec();
    vec![
        (Method::GET, "/api/v1/me".into(), None, all.clone()),
        (Method::GET, "/api/v1/users".into(), None, vec![Admin]),
        (
            Method::POST,
            "/api/v1/users".into(),
            Some(json!({"email": "new-{role}@test.example", "role": "analyst"})),
            vec![Admin],
        ),
        (
            Method::GET,
            "/api/v1/partners".into(),
            None,
            vec![Admin, Campaigner, Evaluator, Partner],
        ),
        (
            Method::POST,
            "/api/v1/partners".into(),
            Some(json!({"name": "Police {role}", "kind": "police"})),
            vec![Admin],
        ),
        (
            Method::GET,
            format!("/api/v1/partners/{own}"),
            None,
            vec![Admin, Campaigner, Evaluator, Partner],
        ),
        (
            Method::GET,
            format!("/api/v1/partners/{other}"),
            None,
            vec![Admin, Campaigner, Evaluator],
        ),
        (Method::GET, "/api/v1/tokens".into(), None, all.clone()),
        (
            Method::POST,
            "/api/v1/tokens".into(),
            Some(json!({"name": "script"})),
            all,
        ),
        (Method::GET, "/api/v1/audit".into(), None, vec![Admin]),
    ]
}

async fn api_roles(db: Db) {
    let s = setup(db).await;
    let client = reqwest::Client::new();
    for (method, path, body, allowed) in api_matrix(s.own_partner, s.other_partner) {
        // No credentials: 401 with a problem document.
        let r = client
            .request(method.clone(), s.app.url(&path))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401, "{method} {path} without credentials");
        assert_eq!(
            r.headers()["content-type"],
            "application/problem+json",
            "{method} {path} 401 content type"
        );
        // A revoked or made-up token is no better.
        let r = client
            .request(method.clone(), s.app.url(&path))
            .bearer_auth("bcn_not_a_real_token")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401, "{method} {path} with a bad token");
        for (role, token) in &s.tokens {
            let mut request = client
                .request(method.clone(), s.app.url(&path))
                .bearer_auth(token);
            if let Some(b) = &body {
                let text = b.to_string().replace("{role}", role.as_str());
                request = request
                    .header("content-type", "application/json")
                    .body(text);
            }
            let r = request.send().await.unwrap();
            let status = r.status().as_u16();
            if allowed.contains(role) {
                assert!(
                    status == 200 || status == 201,
                    "{role} should reach {method} {path}, got {status}"
                );
            } else {
                assert_eq!(status, 403, "{role} must not reach {method} {path}");
                let problem: serde_json::Value = r.json().await.unwrap();
                assert_eq!(problem["status"], 403);
            }
        }
    }
    // The partner's list holds its own organisation only.
    let partner_token = &s
        .tokens
        .iter()
        .find(|(r, _)| *r == Role::Partner)
        .unwrap()
        .1;
    let list: serde_json::Value = client
        .get(s.app.url("/api/v1/partners"))
        .bearer_auth(partner_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Bank A"]);
    s.app.stop().await.unwrap();
}
both_backends!(api_roles);

async fn page_roles(db: Db) {
    let s = setup(db).await;
    let own = s.own_partner;
    let other = s.other_partner;
    use Role::*;
    let pages: Vec<(String, Vec<Role>)> = vec![
        ("/".into(), ROLES.to_vec()),
        ("/account".into(), ROLES.to_vec()),
        ("/map".into(), vec![Admin, Analyst, Campaigner, Evaluator]),
        (
            "/partners".into(),
            vec![Admin, Campaigner, Evaluator, Partner],
        ),
        (
            format!("/partners/{own}"),
            vec![Admin, Campaigner, Evaluator, Partner],
        ),
        (
            format!("/partners/{other}"),
            vec![Admin, Campaigner, Evaluator],
        ),
        ("/admin/users".into(), vec![Admin]),
        ("/admin/audit".into(), vec![Admin]),
    ];
    // Without a session every page sends the visitor to the login form, remembering where they were.
    let anonymous = TestApp::client();
    for (path, _) in &pages {
        let r = anonymous.get(s.app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 303, "{path} without a session");
        let location = r.headers()["location"].to_str().unwrap();
        assert!(location.starts_with("/login?next="), "{path} → {location}");
    }
    for role in ROLES {
        let email = format!("{role}@test.example");
        let client = s
            .app
            .login(&email, &format!("pw-{email}-long-enough"))
            .await;
        for (path, allowed) in &pages {
            let r = client.get(s.app.url(path)).send().await.unwrap();
            let status = r.status().as_u16();
            let body = r.text().await.unwrap();
            if allowed.contains(&role) {
                assert_eq!(status, 200, "{role} should open {path}");
            } else {
                assert_eq!(status, 403, "{role} must not open {path}");
                assert!(body.contains("<html"), "{role} {path}: the 403 is a page");
            }
            // Partner A's pages never show partner B's people.
            if role == Partner {
                assert!(
                    !body.contains("member@councilb.example"),
                    "{path} leaked another partner's member"
                );
                assert!(
                    !body.contains("Council B"),
                    "{path} leaked another partner's name"
                );
            }
        }
    }
    s.app.stop().await.unwrap();
}
both_backends!(page_roles);

/// A path from the OpenAPI document with its parameters filled in: the caller's own partner for partner
/// paths, `lt` for locales, and 1 (or a valid word) elsewhere.
fn concrete(path: &str, own_partner: i64) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').unwrap() + start;
        let name = &rest[start + 1..end];
        let value = match name {
            "id" if path.starts_with("/api/v1/partners/") => own_partner.to_string(),
            // Nobody's token: revoking one of the test's own would lock a role out halfway.
            "id" if path.starts_with("/api/v1/tokens/") => "999999".into(),
            "decision" => "accept".into(),
            "locale" => "lt".into(),
            "file" => "ui.ftl".into(),
            "platform" => "meta".into(),
            _ => "1".into(),
        };
        out.push_str(&value);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The role matrix, generated from the OpenAPI document: every operation declares its access rule where
/// it is mounted (`x-beacon-access`), and every role and an anonymous caller get what that rule says.
/// A route left out of the document, or mounted without a rule, fails here.
async fn every_documented_route_answers_each_role_as_declared(db: Db) {
    let s = setup(db).await;
    let client = reqwest::Client::new();
    let doc: serde_json::Value = client
        .get(s.app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let paths = doc["paths"].as_object().unwrap();
    let mut checked = 0;
    for (template, item) in paths {
        for (method, operation) in item.as_object().unwrap() {
            let Ok(method) = method.to_uppercase().parse::<Method>() else {
                continue;
            };
            let access = operation["x-beacon-access"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {template} declares no access rule"));
            let allows = |role: Role| -> bool {
                match access {
                    "public" | "signed-in" => true,
                    rule => rule.split('|').any(|p| {
                        role.can(
                            p.parse::<beacon::accounts::Permission>()
                                .unwrap_or_else(|e| panic!("{template}: {e}")),
                        )
                    }),
                }
            };
            let path = concrete(template, s.own_partner);
            let send = |token: Option<&str>| {
                let mut request = client
                    .request(method.clone(), s.app.url(&path))
                    .header("content-type", "application/json")
                    .body("{}");
                if let Some(t) = token {
                    request = request.bearer_auth(t);
                }
                request.send()
            };
            let status = send(None).await.unwrap().status().as_u16();
            if access == "public" {
                assert_ne!(status, 401, "{method} {template} is public");
            } else {
                assert_eq!(status, 401, "{method} {template} without credentials");
            }
            for (role, token) in &s.tokens {
                let status = send(Some(token)).await.unwrap().status().as_u16();
                if allows(*role) {
                    assert!(
                        status != 401 && status != 403,
                        "{role} may call {method} {template} ({access}) but got {status}"
                    );
                } else {
                    assert_eq!(
                        status, 403,
                        "{role} must not call {method} {template} ({access})"
                    );
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 56, "only {checked} operations documented");
    s.app.stop().await.unwrap();
}
both_backends!(every_documented_route_answers_each_role_as_declared);

/// The pages' role matrix, generated from the table the page routes were mounted with: without a session
/// every page sends the visitor to the login form; a role the rule leaves out gets the 403 page (for a
/// form, before its CSRF token or fields are read); a role it admits opens the page.
async fn every_page_answers_each_role_as_declared(db: Db) {
    use beacon::web::access::Access;
    let s = setup(db).await;
    let routes = beacon::web::page_routes(&s.app.state);
    assert!(routes.len() >= 40, "only {} page routes", routes.len());
    let anonymous = TestApp::client();
    let mut clients = Vec::new();
    for role in ROLES {
        let email = format!("{role}@test.example");
        let client = s
            .app
            .login(&email, &format!("pw-{email}-long-enough"))
            .await;
        clients.push((role, client));
    }
    for route in routes {
        if route.access == Access::Public {
            continue;
        }
        let path = concrete(route.path, s.own_partner);
        let method: Method = route.method.parse().unwrap();
        let r = anonymous
            .request(method.clone(), s.app.url(&path))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{method} {path} without a session");
        let location = r.headers()["location"].to_str().unwrap().to_string();
        assert!(
            location.starts_with("/login"),
            "{method} {path} → {location}"
        );
        for (role, client) in &clients {
            let r = client
                .request(method.clone(), s.app.url(&path))
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            if route.access.allows(*role) {
                if method == Method::GET {
                    assert!(
                        status == 200 || status == 404,
                        "{role} may open {path} ({:?}) but got {status}",
                        route.access
                    );
                }
            } else {
                assert_eq!(
                    status, 403,
                    "{role} must not {method} {path} ({:?})",
                    route.access
                );
                assert!(r.text().await.unwrap().contains("<html"), "{path}: a page");
            }
        }
    }
    s.app.stop().await.unwrap();
}
both_backends!(every_page_answers_each_role_as_declared);
