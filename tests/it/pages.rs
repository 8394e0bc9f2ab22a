//! The pages as a person meets them (without a browser): logging in with a one-time password, the
//! forced password change, CSRF, rate limits, languages, the map.

use std::time::{Duration, Instant};

use beacon::accounts::{EmailAddress, Role};

use crate::both_backends;
use crate::support::{Db, TestApp, hidden_field, page_csrf};

async fn first_login_forces_a_new_password(db: Db) {
    let app = TestApp::spawn(db).await;
    let email = EmailAddress::parse("new@test.example").unwrap();
    let input = beacon::services::accounts::NewUser {
        email,
        role: Role::Analyst,
        partner: None,
    };
    let otp = app
        .state
        .services
        .accounts()
        .create_user(&beacon::services::Actor::System("test"), input)
        .await
        .unwrap()
        .one_time_password;
    let client = TestApp::client();
    let r = app.submit_login(&client, "new@test.example", &otp).await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/account/password");
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("beacon_session="))
        .expect("a session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "no Secure flag over plain http");
    // Every other page sends them back to the password form; so does the API with that session.
    let r = client.get(app.url("/map")).send().await.unwrap();
    assert_eq!(r.headers()["location"], "/account/password");
    assert_eq!(
        client
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    // Too short, then mismatched, then right.
    let csrf = page_csrf(&client, &app.url("/account/password")).await;
    for (new, confirm, status) in [
        ("short", "short", 422),
        ("a-long-new-password", "different-password", 422),
    ] {
        let r = client
            .post(app.url("/account/password"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("current", otp.as_str()),
                ("new_password", new),
                ("confirm", confirm),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), status);
    }
    let r = client
        .post(app.url("/account/password"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("current", otp.as_str()),
            ("new_password", "fen river bank tulip"),
            ("confirm", "fen river bank tulip"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let home = client.get(app.url("/")).send().await.unwrap();
    assert_eq!(home.status(), 200);
    assert!(home.text().await.unwrap().contains("new@test.example"));
    // The one-time password no longer works; the new one does.
    assert_eq!(
        app.submit_login(&TestApp::client(), "new@test.example", &otp)
            .await
            .status(),
        401
    );
    app.login("new@test.example", "fen river bank tulip").await;
    // Log out: the session ends.
    let csrf = page_csrf(&client, &app.url("/")).await;
    let r = client
        .post(app.url("/logout"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(client.get(app.url("/")).send().await.unwrap().status(), 303);
    app.stop().await.unwrap();
}
both_backends!(first_login_forces_a_new_password);

async fn wrong_password_and_unknown_user_look_the_same(db: Db) {
    // The real Argon2 cost, so that the timing comparison means something.
    // Each attempt comes from its own address (through a trusted proxy), so that the per-account back-off
    // never answers in place of the password check.
    let app = TestApp::spawn_with(
        db,
        &[
            ("BEACON_AUTH__ARGON2_MEMORY_KIB", "19456"),
            ("BEACON_AUTH__ARGON2_ITERATIONS", "2"),
            ("BEACON_SERVER__TRUSTED_PROXIES", "127.0.0.1"),
        ],
    )
    .await;
    app.user("known@test.example", Role::Analyst, None).await;
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    let mut bodies = Vec::new();
    for round in 0..7 {
        for (email, times) in [
            ("known@test.example", &mut known),
            ("nobody@test.example", &mut unknown),
        ] {
            let client = TestApp::client();
            let page = client
                .get(app.url("/login"))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            let csrf = hidden_field(&page, "csrf").unwrap();
            let started = Instant::now();
            let r = client
                .post(app.url("/login"))
                .header("x-forwarded-for", format!("192.0.2.{round}"))
                .form(&[
                    ("email", email),
                    ("password", "wrong password!"),
                    ("csrf", csrf.as_str()),
                    ("next", "/"),
                ])
                .send()
                .await
                .unwrap();
            times.push(started.elapsed());
            assert_eq!(r.status(), 401);
            let body = r.text().await.unwrap();
            // The pages differ only in the echoed address and the fresh CSRF token.
            let fresh = hidden_field(&body, "csrf").unwrap();
            bodies.push(body.replace(email, "EMAIL").replace(&fresh, "CSRF"));
        }
    }
    assert!(
        bodies.windows(2).all(|w| w[0] == w[1]),
        "same answer for unknown user and wrong password"
    );
    known.sort();
    unknown.sort();
    let (k, u) = (known[3].as_secs_f64(), unknown[3].as_secs_f64());
    // Both do the Argon2 work: medians within a factor of three on a noisy machine (a skipped hash check
    // would make the unknown address about a hundred times faster).
    assert!(
        u > k / 3.0 && u < k * 3.0,
        "known {known:?} unknown {unknown:?}"
    );
    app.stop().await.unwrap();
}
both_backends!(wrong_password_and_unknown_user_look_the_same);

async fn failed_logins_are_rate_limited(db: Db) {
    let app = TestApp::spawn_with(db, &[("BEACON_AUTH__LOGIN_ATTEMPTS_PER_MINUTE", "3")]).await;
    let password = app.user("ana@test.example", Role::Analyst, None).await;
    let client = TestApp::client();
    for _ in 0..3 {
        assert_eq!(
            app.submit_login(&client, "ana@test.example", "wrong")
                .await
                .status(),
            401
        );
    }
    // Now even the right password waits.
    let r = app
        .submit_login(&client, "ana@test.example", &password)
        .await;
    assert_eq!(r.status(), 429);
    assert!(r.text().await.unwrap().contains("Wait a minute"));
    app.stop().await.unwrap();
}
both_backends!(failed_logins_are_rate_limited);

/// The attempt is counted before the password is checked: a burst of parallel wrong passwords gets at most
/// the limit through to the password check, and the rest wait.
async fn a_burst_of_wrong_passwords_gets_at_most_the_limit_through(db: Db) {
    let app = TestApp::spawn_with(db, &[("BEACON_AUTH__LOGIN_ATTEMPTS_PER_MINUTE", "5")]).await;
    app.user("ana@test.example", Role::Analyst, None).await;
    let attempts = (0..100).map(|_| {
        let app = &app;
        async move {
            let client = TestApp::client();
            app.submit_login(&client, "ana@test.example", "wrong")
                .await
                .status()
                .as_u16()
        }
    });
    let statuses = futures::future::join_all(attempts).await;
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let waiting = statuses.iter().filter(|s| **s == 429).count();
    assert!(
        checked <= 5,
        "{checked} wrong passwords were checked: {statuses:?}"
    );
    assert_eq!(checked + waiting, 100, "{statuses:?}");
    app.stop().await.unwrap();
}
both_backends!(a_burst_of_wrong_passwords_gets_at_most_the_limit_through);

async fn forms_without_the_csrf_token_are_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let password = app.user("ana@test.example", Role::Analyst, None).await;
    let client = app.login("ana@test.example", &password).await;
    let r = client
        .post(app.url("/account/tokens"))
        .form(&[("name", "x"), ("csrf", "forged")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = client
        .post(app.url("/account/tokens"))
        .form(&[("name", "x")])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_client_error());
    // The login form too: a post without the cookie half of its token is refused.
    let fresh = TestApp::client();
    let r = fresh
        .post(app.url("/login"))
        .form(&[
            ("email", "ana@test.example"),
            ("password", password.as_str()),
            ("csrf", "guess"),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // With the token, the form works and shows the new token once.
    let csrf = page_csrf(&client, &app.url("/account")).await;
    let r = client
        .post(app.url("/account/tokens"))
        .form(&[("name", "laptop"), ("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("id=\"new-token\">bcn_"));
    assert!(
        !client
            .get(app.url("/account"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .contains("new-token")
    );
    app.stop().await.unwrap();
}
both_backends!(forms_without_the_csrf_token_are_refused);

async fn pages_speak_the_users_language(db: Db) {
    let app = TestApp::spawn(db).await;
    let password = app.user("ona@test.example", Role::Campaigner, None).await;
    // Anonymous: Accept-Language decides.
    let lt = reqwest::Client::new()
        .get(app.url("/login"))
        .header("accept-language", "lt-LT,lt;q=0.9,en;q=0.5")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        lt.contains("lang=\"lt\"") && lt.contains("Prisijungimas"),
        "{lt}"
    );
    let client = app.login("ona@test.example", &password).await;
    let home = client
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(home.contains("Home") && home.contains("Campaigner"));
    // The user's setting wins over the browser's.
    let csrf = page_csrf(&client, &app.url("/account")).await;
    let r = client
        .post(app.url("/account/language"))
        .form(&[("csrf", csrf.as_str()), ("locale", "lt")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let home = client
        .get(app.url("/"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        home.contains("Pradžia") && home.contains("Kampanijų vadovas"),
        "{home}"
    );
    // An unknown locale is refused.
    let r = client
        .post(app.url("/account/language"))
        .form(&[("csrf", csrf.as_str()), ("locale", "xx")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    app.stop().await.unwrap();
}
both_backends!(pages_speak_the_users_language);

async fn the_map_draws_the_fenland_cells(db: Db) {
    let app = TestApp::spawn(db).await;
    let password = app.user("ana@test.example", Role::Analyst, None).await;
    let client = app.login("ana@test.example", &password).await;
    let started = Instant::now();
    let page = client
        .get(app.url("/map"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(60));
    assert!(page.contains("<svg") && page.contains("role=\"img\""));
    let cells = page.matches("data-cell=").count();
    assert!(
        cells > 100,
        "the demo area has hundreds of cells, found {cells}"
    );
    for town in ["Wisbech", "Spalding", "Boston", "King"] {
        assert!(page.contains(town), "{town} missing");
    }
    assert!(
        !page.contains("http://") || !page.contains("tile"),
        "no map tiles"
    );
    assert!(
        page.contains("GeoNames") && page.contains("Natural Earth"),
        "sources are credited"
    );
    app.stop().await.unwrap();
}
both_backends!(the_map_draws_the_fenland_cells);

async fn admins_create_accounts_from_the_users_page(db: Db) {
    let app = TestApp::spawn(db).await;
    let password = app.user("root@test.example", Role::Admin, None).await;
    let partner = app.partner("Bank A", "bank").await;
    let client = app.login("root@test.example", &password).await;
    let csrf = page_csrf(&client, &app.url("/admin/users")).await;
    let pid = partner.to_string();
    let r = client
        .post(app.url("/admin/users"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", "teller@banka.example"),
            ("role", "partner"),
            ("partner_id", pid.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let page = r.text().await.unwrap();
    let start = page.find("id=\"one-time-password\">").unwrap() + "id=\"one-time-password\">".len();
    let otp = &page[start..start + 23];
    // The new account logs in with it and must choose a password.
    let r = app
        .submit_login(&TestApp::client(), "teller@banka.example", otp)
        .await;
    assert_eq!(r.headers()["location"], "/account/password");
    // A partner account without an organisation is refused with the reason.
    let r = client
        .post(app.url("/admin/users"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", "x@banka.example"),
            ("role", "partner"),
            ("partner_id", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("partner_id"));
    app.stop().await.unwrap();
}
both_backends!(admins_create_accounts_from_the_users_page);

async fn cookies_are_secure_behind_https(db: Db) {
    let app = TestApp::spawn_with(
        db,
        &[("BEACON_SERVER__PUBLIC_URL", "https://beacon.example.org")],
    )
    .await;
    let password = app.user("ana@test.example", Role::Analyst, None).await;
    let client = TestApp::client();
    let login_page = client.get(app.url("/login")).send().await.unwrap();
    let csrf_cookie = login_page.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        csrf_cookie.contains("Secure") && csrf_cookie.contains("HttpOnly"),
        "{csrf_cookie}"
    );
    let r = app
        .submit_login(&client, "ana@test.example", &password)
        .await;
    let session = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("beacon_session="))
        .expect("a session cookie");
    assert!(
        session.contains("Secure")
            && session.contains("SameSite=Strict")
            && session.contains("HttpOnly"),
        "{session}"
    );
    app.stop().await.unwrap();
}
both_backends!(cookies_are_secure_behind_https);
