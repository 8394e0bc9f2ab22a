//! A campaign's e-mail, end to end against a real SMTP server on loopback: the lists filtered by the
//! campaign's region and locales, each recipient written to once in their own language (a Polish reader
//! along the fallback chain in English), nobody who unsubscribed, every message arriving although the relay
//! answers 451 to a third of them; the progress over the API and on the page; an unreachable relay shown on
//! the campaign; and a sender killed with SIGKILL mid-campaign re-sending at most what was on the wire.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use beacon::campaign::lifecycle::Action;
use beacon::campaign::model::{CampaignInput, EmailInput};
use beacon::services::{Actor, Services};
use serde_json::Value;

use crate::both_backends;
use crate::campaigns::{at, send};
use crate::email::{SmtpSink, header};
use crate::support::{Db, TestApp, serve_until_worker_runs, test_env};

pub(crate) const WISBECH: (f64, f64) = (52.6662, 0.1596);
const BOSTON: (f64, f64) = (52.9780, -0.0260);
const LONDON: (f64, f64) = (51.5072, -0.1276);

/// One subscriber's CSV row.
pub(crate) fn row(email: &str, locale: &str, zone: &str, (lat, lon): (f64, f64)) -> String {
    format!("{email},{locale},{zone},partner,2026-01-05T10:00:00Z,partner-form-1,{lat},{lon}\n")
}

/// The demo's audience frozen and its first creative approved in English and Lithuanian (the demo's own
/// campaign cancelled, so that only the test's campaign sends), a list holding `csv`, and a campaign to
/// that list alone, approved: returns the campaign's id.
pub(crate) async fn email_campaign(services: &Services, csv: &str, window: Option<&str>) -> i64 {
    let actor = Actor::System("test");
    beacon::demo::seed(services).await.unwrap();
    for c in services.campaigns().list(&actor).await.unwrap() {
        services
            .campaigns()
            .act(&actor, c.id, Action::Cancel, Some("not part of this test"))
            .await
            .unwrap();
    }
    let audiences = services.audiences().list_audiences(&actor).await.unwrap();
    let locales = vec!["en".to_string(), "lt".to_string()];
    let snapshot = services
        .audiences()
        .freeze(&actor, audiences[0].id, "e-mail test", &locales)
        .await
        .unwrap();
    let creative = services
        .creatives()
        .list(&actor)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.message_id == "creative-passport")
        .unwrap();
    for l in &locales {
        services
            .creatives()
            .approve(&actor, creative.id, l)
            .await
            .unwrap();
    }
    let list = services
        .subscribers()
        .create_list(&actor, "Fenland community groups")
        .await
        .unwrap();
    let header =
        "email,locale,time_zone,consent_source,consent_at,consent_version,latitude,longitude\n";
    services
        .subscribers()
        .import(
            &actor,
            list.id,
            format!("{header}{csv}").into_bytes(),
            "groups.csv",
        )
        .await
        .unwrap()
        .unwrap();
    let input = CampaignInput {
        name: "Fenland groups".into(),
        objective: "awareness".into(),
        landing_url: None,
        snapshot_id: snapshot.id,
        creative_id: creative.id,
        locales,
        time_zone: "Europe/London".into(),
        starts_at: at(-60),
        ends_at: at(30 * 86400),
        channels: Vec::new(),
        schedules: Vec::new(),
        email: Some(EmailInput {
            lists: vec![list.id],
            send_window: window.map(str::to_string),
        }),
    };
    let c = services.campaigns().create(&actor, input).await.unwrap();
    services
        .campaigns()
        .act(&actor, c.id, Action::Approve, None)
        .await
        .unwrap();
    c.id
}

/// What the sink took: each message's recipient, Content-Language and Message-ID.
fn received(sink: &SmtpSink) -> Vec<(String, String, String)> {
    sink.messages()
        .iter()
        .map(|(_, text)| {
            (
                header(text, "To").unwrap_or_default(),
                header(text, "Content-Language").unwrap_or_default(),
                header(text, "Message-ID").unwrap_or_default(),
            )
        })
        .collect()
}

async fn progress_until(
    app: &TestApp,
    token: &str,
    id: i64,
    limit: Duration,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let start = Instant::now();
    loop {
        let r = send(
            app,
            token,
            reqwest::Method::GET,
            &format!("/api/v1/campaigns/{id}/email"),
            None,
        )
        .await;
        assert_eq!(r.status(), 200);
        let p: Value = r.json().await.unwrap();
        if done(&p) {
            return p;
        }
        assert!(start.elapsed() < limit, "still: {p}");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// The campaign's page as a campaigner (logged in through the form) reads it.
async fn campaign_page(app: &TestApp, id: i64) -> String {
    app.login(
        "campaigner@test.example",
        "pw-campaigner@test.example-long-enough",
    )
    .await
    .get(app.url(&format!("/campaigns/{id}")))
    .send()
    .await
    .unwrap()
    .text()
    .await
    .unwrap()
}

fn relay(sink: &SmtpSink) -> Vec<(&'static str, String)> {
    vec![
        ("BEACON_CHANNELS__EMAIL__SMTP_URL", sink.url()),
        (
            "BEACON_CHANNELS__EMAIL__SMTP_ALLOW_PLAINTEXT",
            "true".into(),
        ),
        (
            "BEACON_CHANNELS__EMAIL__FROM_ADDRESS",
            "news@fenland.example".into(),
        ),
        ("BEACON_CHANNELS__EMAIL__RETRY_AFTER_MS", "200".into()),
        ("BEACON_CHANNELS__EMAIL__TIMEOUT_MS", "2000".into()),
        ("BEACON_CHANNELS__EMAIL__PER_SECOND", "200".into()),
        ("BEACON_SERVER__PUBLIC_URL", "http://127.0.0.1:9".into()),
        ("BEACON_JOBS__POLL_MS", "100".into()),
    ]
}

async fn each_recipient_gets_one_message_in_their_language(db: Db) {
    // The relay defers every third recipient with 451: every message must still arrive, once.
    // It refuses one mailbox for good (550): that message fails, with the relay's reply shown.
    let sink = SmtpSink::start(&["--tempfail-every", "3", "--reject", "nobody@groups.test"]);
    let vars = relay(&sink);
    let extra: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let app = TestApp::spawn_with(db, &extra).await;
    let services = &app.state.services;
    let mut csv = String::new();
    let mut expected: BTreeMap<String, &str> = BTreeMap::new();
    for i in 0..6 {
        let a = format!("en{i}@groups.test");
        csv.push_str(&row(&a, "en", "Europe/London", WISBECH));
        expected.insert(a, "en");
        let a = format!("lt{i}@groups.test");
        csv.push_str(&row(&a, "lt", "Europe/Vilnius", BOSTON));
        expected.insert(a, "lt");
    }
    // Polish is not among the campaign's locales: along its chain (pl → en) it reads English.
    csv.push_str(&row("pl0@groups.test", "pl", "Europe/Warsaw", WISBECH));
    expected.insert("pl0@groups.test".into(), "en");
    // Outside the campaign's region: not written to.
    csv.push_str(&row("far@groups.test", "en", "Europe/London", LONDON));
    // Unsubscribed before the campaign starts: not written to.
    csv.push_str(&row("gone@groups.test", "lt", "Europe/Vilnius", BOSTON));
    csv.push_str(&row("nobody@groups.test", "en", "Europe/London", WISBECH));
    let id = email_campaign(services, &csv, None).await;
    // The campaign's follow-up survey: every message links to it.
    crate::surveys::follow_up_survey(services, "groups", Some(id), None, 0).await;
    let hash = services
        .subscribers()
        .keys()
        .await
        .unwrap()
        .address_hash("gone@groups.test");
    let gone = app.store().subscribers_by_hash(&hash).await.unwrap();
    let token = services
        .subscribers()
        .manage_token(gone[0].id)
        .await
        .unwrap();
    let r = reqwest::Client::new()
        .post(app.url(&format!("/u/{token}")))
        .form(&[("List-Unsubscribe", "One-Click")])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());

    let staff = app
        .token(
            "campaigner@test.example",
            beacon::accounts::Role::Campaigner,
            None,
        )
        .await;
    let before = send(
        &app,
        &staff,
        reqwest::Method::GET,
        &format!("/api/v1/campaigns/{id}/email"),
        None,
    )
    .await
    .json::<Value>()
    .await
    .unwrap();
    assert_eq!(before["progress"], "pending", "{before}");
    let r = send(
        &app,
        &staff,
        reqwest::Method::POST,
        &format!("/api/v1/campaigns/{id}/schedule"),
        None,
    )
    .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let done = progress_until(&app, &staff, id, Duration::from_secs(90), |p| {
        p["progress"] == "finished"
    })
    .await;
    assert_eq!(done["counts"]["sent"], 13, "{done}");
    assert_eq!(done["counts"]["failed"], 1, "{done}");
    assert_eq!(done["total"], 14, "{done}");
    let reply = done["failures"][0][0].as_str().unwrap();
    assert!(
        reply.starts_with("550") && reply.contains("User unknown"),
        "{done}"
    );

    let got = received(&sink);
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (to, lang, _) in &got {
        let to = to.trim_matches(['<', '>']).to_string();
        assert!(
            seen.insert(to.clone(), lang.clone()).is_none(),
            "{to} got two messages"
        );
    }
    let want: BTreeMap<String, String> = expected
        .iter()
        .map(|(a, l)| (a.clone(), l.to_string()))
        .collect();
    assert_eq!(seen, want, "each recipient once, in their language");
    let lt = sink
        .messages()
        .into_iter()
        .find(|(_, t)| header(t, "Content-Language").as_deref() == Some("lt"))
        .unwrap()
        .1;
    assert!(header(&lt, "List-Unsubscribe").is_some_and(|h| h.contains("/u/")));
    assert_eq!(
        header(&lt, "List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    assert!(header(&lt, "Feedback-ID").is_some_and(|h| h.starts_with(&format!("c{id}:lt"))));

    // Each message links to the follow-up survey in its language, counted as e-mail: the same link for
    // everyone who reads that language, nothing in it about the reader.
    let mut links = BTreeSet::new();
    for (_, eml) in sink.messages() {
        let lang = header(&eml, "Content-Language").unwrap();
        let body = crate::email::decoded_bodies(&eml);
        let link = format!("http://127.0.0.1:9/s/groups?w=follow-up&g=here&ch=email&lang={lang}");
        assert!(body.contains(&format!("{link}\n")), "plain text: {body}");
        // minijinja escapes `&` and `/` in HTML.
        let escaped = link.replace('&', "&amp;").replace('/', "&#x2f;");
        assert!(
            body.contains(&format!("<a href=\"{escaped}\">{escaped}</a>")),
            "HTML: {body}"
        );
        assert_eq!(body.matches("/s/").count(), 1, "once in the text: {body}");
        let at = body.find("http://127.0.0.1:9/s/").unwrap();
        links.insert(body[at..].split_whitespace().next().unwrap().to_string());
    }
    assert_eq!(links.len(), 2, "one link per language: {links:?}");

    // The campaign's page says how many of each.
    let page = campaign_page(&app, id).await;
    assert!(page.contains("id=\"campaign-email\""), "{page}");
    assert!(page.contains("data-progress=\"finished\""));
    assert!(page.contains("data-status=\"sent\">13<"), "{page}");
    assert!(page.contains("data-status=\"failed\">1<"), "{page}");
    assert!(page.contains("User unknown"), "{page}");
}
both_backends!(each_recipient_gets_one_message_in_their_language);

async fn an_unreachable_relay_is_shown_on_the_campaign_and_nothing_is_lost(db: Db) {
    // A port nothing listens on: the relay cannot be reached.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let url = format!("smtp://127.0.0.1:{port}");
    let app = TestApp::spawn_with(
        db,
        &[
            ("BEACON_CHANNELS__EMAIL__SMTP_URL", url.as_str()),
            ("BEACON_CHANNELS__EMAIL__SMTP_ALLOW_PLAINTEXT", "true"),
            ("BEACON_CHANNELS__EMAIL__RETRY_AFTER_MS", "200"),
            ("BEACON_CHANNELS__EMAIL__TIMEOUT_MS", "1000"),
            ("BEACON_JOBS__POLL_MS", "100"),
        ],
    )
    .await;
    let services = &app.state.services;
    let csv = row("en0@groups.test", "en", "Europe/London", WISBECH);
    let id = email_campaign(services, &csv, None).await;
    services
        .campaigns()
        .act(&Actor::System("test"), id, Action::Schedule, None)
        .await
        .unwrap();
    let staff = app
        .token(
            "campaigner@test.example",
            beacon::accounts::Role::Campaigner,
            None,
        )
        .await;
    let p = progress_until(&app, &staff, id, Duration::from_secs(60), |p| {
        !p["last_error_message"].is_null()
    })
    .await;
    assert_eq!(p["counts"]["queued"], 1, "kept, not lost: {p}");
    assert_eq!(p["last_error_message"]["id"], "email-relay-error", "{p}");
    let page = campaign_page(&app, id).await;
    assert!(page.contains("id=\"email-relay-error\""), "{page}");
}
both_backends!(an_unreachable_relay_is_shown_on_the_campaign_and_nothing_is_lost);

async fn a_killed_sender_resends_at_most_what_was_on_the_wire(db: Db) {
    let sink = SmtpSink::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let mut env = test_env(db, dir.path()).await;
    let mut vars = relay(&sink);
    // Slow enough to be killed in the middle: 8 a second, two connections.
    vars.push(("BEACON_CHANNELS__EMAIL__PER_SECOND", "8".into()));
    vars.push(("BEACON_CHANNELS__EMAIL__POOL_MAX", "2".into()));
    vars.push(("BEACON_JOBS__LEASE_MS", "1500".into()));
    env.extend(vars.iter().map(|(k, v)| (k.to_string(), v.clone())));
    let services = {
        let config =
            beacon::config::Config::load_from(&beacon::config::Overrides::default(), &env).unwrap();
        let store = beacon::store::Store::connect(&config).await.unwrap();
        store.migrate().await.unwrap();
        Services::new(
            store,
            config,
            std::sync::Arc::new(beacon::services::SystemClock),
        )
        .unwrap()
    };
    let mut csv = String::new();
    let mut everyone = BTreeSet::new();
    for i in 0..40 {
        let a = format!("member{i:02}@groups.test");
        csv.push_str(&row(
            &a,
            if i % 2 == 0 { "en" } else { "lt" },
            "Europe/London",
            WISBECH,
        ));
        everyone.insert(a);
    }
    let id = email_campaign(&services, &csv, None).await;

    // Sender A, a real process.
    let mut a = serve_until_worker_runs(&env).await;
    services
        .campaigns()
        .act(&Actor::System("test"), id, Action::Schedule, None)
        .await
        .unwrap();
    let start = Instant::now();
    while sink.messages().len() < 10 {
        assert!(start.elapsed() < Duration::from_secs(60), "A sends");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    a.start_kill().unwrap();
    a.wait().await.unwrap();
    let on_the_wire: BTreeSet<String> = sqlx_sending(&services, id).await;
    assert!(on_the_wire.len() <= 2, "at most a group: {on_the_wire:?}");
    let before_restart = received(&sink).len();
    assert!(before_restart < 40, "killed mid-campaign");

    // Sender B finishes: everyone gets the message; only what A had on the wire may come twice.
    let url = env
        .iter()
        .find(|(k, _)| k == "BEACON_DATABASE__URL")
        .map(|(_, v)| v.clone());
    let extra: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let b = TestApp::spawn_on_with(db, dir.path(), url, &extra).await;
    let staff = b
        .token(
            "campaigner@test.example",
            beacon::accounts::Role::Campaigner,
            None,
        )
        .await;
    let done = progress_until(&b, &staff, id, Duration::from_secs(120), |p| {
        p["progress"] == "finished"
    })
    .await;
    assert_eq!(done["counts"]["sent"], 40, "{done}");
    let got = received(&sink);
    let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
    let mut to: BTreeSet<String> = BTreeSet::new();
    for (t, _, mid) in &got {
        *by_id.entry(mid.clone()).or_default() += 1;
        to.insert(t.trim_matches(['<', '>']).to_string());
    }
    assert_eq!(to, everyone, "nobody lost");
    let twice: BTreeSet<String> = by_id
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(m, _)| m.clone())
        .collect();
    assert!(
        twice.is_subset(&on_the_wire),
        "sent twice {twice:?}, on the wire at the kill {on_the_wire:?}"
    );
    b.stop().await.unwrap();
}
both_backends!(a_killed_sender_resends_at_most_what_was_on_the_wire);

/// The Message-IDs (as the header writes them) of a campaign's messages marked `sending`.
async fn sqlx_sending(services: &Services, campaign: i64) -> BTreeSet<String> {
    let ids = services.store.sending_emails(campaign).await.unwrap();
    ids.into_iter()
        .map(|m| format!("<c{campaign}.m{m}@fenland.example>"))
        .collect()
}

async fn each_message_waits_for_the_window_in_its_recipients_zone(db: Db) {
    let sink = SmtpSink::start(&[]);
    let vars = relay(&sink);
    let extra: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let app = TestApp::spawn_with(db, &extra).await;
    let services = &app.state.services;
    // A one-hour window that opens three hours from now on London's clock.
    let london = time::OffsetDateTime::now_utc().hour();
    let offset = if london_is_on_summer_time() { 1 } else { 0 };
    let opens = (london as i64 + offset + 3).rem_euclid(24);
    let window = format!("{opens:02}:00-{:02}:00", (opens + 1) % 24);
    let csv = [
        row("london@groups.test", "en", "Europe/London", WISBECH),
        row("tokyo@groups.test", "en", "Asia/Tokyo", WISBECH),
    ]
    .concat();
    let id = email_campaign(services, &csv, Some(&window)).await;
    services
        .campaigns()
        .act(&Actor::System("test"), id, Action::Schedule, None)
        .await
        .unwrap();
    let staff = app
        .token(
            "campaigner@test.example",
            beacon::accounts::Role::Campaigner,
            None,
        )
        .await;
    let p = progress_until(&app, &staff, id, Duration::from_secs(60), |p| {
        p["progress"] == "sending" && p["total"] == 2
    })
    .await;
    assert_eq!(
        p["counts"]["queued"], 2,
        "nothing sent outside the window: {p}"
    );
    assert!(sink.messages().is_empty());
    // Each waits for the window on its own recipient's clock.
    let due = app.store().next_email_due(id).await.unwrap().unwrap() / 1000;
    let wait = due - time::OffsetDateTime::now_utc().unix_timestamp();
    assert!(wait > 0 && wait <= 24 * 3600, "{wait}");
    let local = |zone: chrono_tz::Tz, at: i64| {
        use chrono::{TimeZone, Timelike};
        zone.timestamp_opt(at, 0).unwrap().hour()
    };
    for (zone, address) in [
        (chrono_tz::Europe::London, "london@groups.test"),
        (chrono_tz::Asia::Tokyo, "tokyo@groups.test"),
    ] {
        let hash = services
            .subscribers()
            .keys()
            .await
            .unwrap()
            .address_hash(address);
        let ms: i64 = sqlx::query_scalar(
            "SELECT not_before_ms FROM email_messages WHERE campaign_id = $1 AND email_hash = $2",
        )
        .bind(id)
        .bind(&hash)
        .fetch_one(app.store().pool())
        .await
        .unwrap();
        let at = ms / 1000;
        assert_eq!(local(zone, at) as i64, opens, "{address} at {at}");
    }
}
both_backends!(each_message_waits_for_the_window_in_its_recipients_zone);

fn london_is_on_summer_time() -> bool {
    use chrono::{Offset, TimeZone};
    chrono_tz::Europe::London
        .timestamp_opt(time::OffsetDateTime::now_utc().unix_timestamp(), 0)
        .unwrap()
        .offset()
        .fix()
        .local_minus_utc()
        != 0
}

async fn pausing_the_campaign_pauses_its_email_and_resuming_finishes_it(db: Db) {
    let sink = SmtpSink::start(&[]);
    let mut vars = relay(&sink);
    vars.retain(|(k, _)| *k != "BEACON_CHANNELS__EMAIL__PER_SECOND");
    vars.push(("BEACON_CHANNELS__EMAIL__PER_SECOND", "5".into()));
    vars.push(("BEACON_CHANNELS__EMAIL__POOL_MAX", "1".into()));
    let extra: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let app = TestApp::spawn_with(db, &extra).await;
    let services = &app.state.services;
    let csv: String = (0..20)
        .map(|i| {
            row(
                &format!("m{i:02}@groups.test"),
                "en",
                "Europe/London",
                WISBECH,
            )
        })
        .collect();
    let id = email_campaign(services, &csv, None).await;
    let staff = app
        .token(
            "campaigner@test.example",
            beacon::accounts::Role::Campaigner,
            None,
        )
        .await;
    let act = |action: &'static str| {
        let (app, staff) = (&app, &staff);
        async move {
            let r = send(
                app,
                staff,
                reqwest::Method::POST,
                &format!("/api/v1/campaigns/{id}/{action}"),
                None,
            )
            .await;
            assert_eq!(r.status(), 200, "{action}: {}", r.text().await.unwrap());
        }
    };
    act("schedule").await;
    progress_until(&app, &staff, id, Duration::from_secs(60), |p| {
        p["counts"]["sent"].as_i64() >= Some(3)
    })
    .await;
    act("pause").await;
    let paused = progress_until(&app, &staff, id, Duration::from_secs(30), |p| {
        p["progress"] == "paused"
    })
    .await;
    // Nothing more goes while it is paused (the message on the wire at the pause may still land).
    let at_pause = paused["counts"]["sent"].as_i64().unwrap();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let later = progress_until(&app, &staff, id, Duration::from_secs(5), |_| true).await;
    assert!(
        later["counts"]["sent"].as_i64().unwrap() <= at_pause + 1,
        "sent while paused: {paused} then {later}"
    );
    assert!(later["counts"]["queued"].as_i64().unwrap() > 0, "{later}");
    // Someone still queued unsubscribes meanwhile: the suppression is read before their message would go.
    let hash = services
        .subscribers()
        .keys()
        .await
        .unwrap()
        .address_hash("m19@groups.test");
    let m19 = app.store().subscribers_by_hash(&hash).await.unwrap();
    let token = services
        .subscribers()
        .manage_token(m19[0].id)
        .await
        .unwrap();
    let r = reqwest::Client::new()
        .post(app.url(&format!("/u/{token}")))
        .form(&[("List-Unsubscribe", "One-Click")])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    act("resume").await;
    let done = progress_until(&app, &staff, id, Duration::from_secs(60), |p| {
        p["progress"] == "finished"
    })
    .await;
    assert_eq!(done["counts"]["sent"], 19, "{done}");
    assert_eq!(done["counts"]["suppressed"], 1, "{done}");
    let got = received(&sink);
    assert_eq!(got.len(), 19, "each once");
    assert!(got.iter().all(|(to, _, _)| !to.contains("m19@")), "{got:?}");
}
both_backends!(pausing_the_campaign_pauses_its_email_and_resuming_finishes_it);
