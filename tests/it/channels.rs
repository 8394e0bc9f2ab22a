//! The ad-platform adapters against HTTP stand-ins of Meta and Google Ads on 127.0.0.1: a Fenland campaign in
//! English and Lithuanian created, activated, paused, its budget changed, insights read with breakdowns and
//! paging, ended; every injected fault mapped to the right error; no secret in any error; a crash between the
//! platform's reply and the database write creates nothing twice.

#[path = "standins/mod.rs"]
mod standins;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use beacon::audience::targets::Circle;
use beacon::channels::{
    AdCampaign, AdPlatform, BoxFuture, BudgetKind, ChannelError, Gender, LocaleAd, ObjectRef,
    Objective, ignore_created,
};
use beacon::config::{ChannelsConfig, Config, Overrides};
use time::macros::{date, datetime};

use standins::google::{GoogleFault, GoogleStandin};
use standins::meta::{MetaFault, MetaStandin};

/// The client timeout the tests configure (`channels.timeout_ms`).
const TIMEOUT_MS: &str = "700";

fn config(extra: &[(&str, &str)]) -> ChannelsConfig {
    let mut env: Vec<(String, String)> =
        vec![("BEACON_CHANNELS__TIMEOUT_MS".into(), TIMEOUT_MS.into())];
    env.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    Config::load_from(&Overrides::default(), &env)
        .unwrap()
        .channels
}

fn meta_config(url: &str) -> ChannelsConfig {
    let dir = tempfile::tempdir().unwrap();
    let token = dir.path().join("token");
    std::fs::write(&token, format!("{}\n", standins::meta::TOKEN)).unwrap();
    config(&[
        ("BEACON_CHANNELS__META__GRAPH_URL", url),
        ("BEACON_CHANNELS__META__AD_ACCOUNT_ID", "4242"),
        ("BEACON_CHANNELS__META__PAGE_ID", "777"),
        (
            "BEACON_CHANNELS__META__ACCESS_TOKEN_FILE",
            token.to_str().unwrap(),
        ),
    ])
}

fn google_config(url: &str) -> ChannelsConfig {
    use standins::google::*;
    config(&[
        ("BEACON_CHANNELS__GOOGLE__API_URL", url),
        (
            "BEACON_CHANNELS__GOOGLE__TOKEN_URL",
            &format!("{url}/token"),
        ),
        ("BEACON_CHANNELS__GOOGLE__CUSTOMER_ID", CUSTOMER),
        ("BEACON_CHANNELS__GOOGLE__LOGIN_CUSTOMER_ID", LOGIN_CUSTOMER),
        ("BEACON_CHANNELS__GOOGLE__DEVELOPER_TOKEN", DEVELOPER_TOKEN),
        (
            "BEACON_CHANNELS__GOOGLE__CLIENT_ID",
            "client-id.apps.googleusercontent.com",
        ),
        ("BEACON_CHANNELS__GOOGLE__CLIENT_SECRET", CLIENT_SECRET),
        ("BEACON_CHANNELS__GOOGLE__REFRESH_TOKEN", REFRESH_TOKEN),
    ])
}

fn platform(config: &ChannelsConfig, name: &str) -> Arc<dyn AdPlatform> {
    beacon::channels::platform(config, name, Arc::new(|| datetime!(2026-03-09 12:00 UTC))).unwrap()
}

/// Fenland: three circles around Wisbech, March and Peterborough; English and Lithuanian ads.
fn fenland() -> AdCampaign {
    AdCampaign {
        key: "beacon-c7".into(),
        name: "Fenland spring".into(),
        objective: Objective::Awareness,
        budget_minor: 2500,
        currency: "GBP".into(),
        budget_kind: BudgetKind::Daily,
        starts_at: datetime!(2026-03-02 08:00 UTC),
        ends_at: datetime!(2026-03-16 08:00 UTC),
        targets: vec![
            Circle {
                latitude: 52.6662,
                longitude: 0.1596,
                radius_km: 5.0,
            },
            Circle {
                latitude: 52.5510,
                longitude: 0.0880,
                radius_km: 4.2,
            },
            Circle {
                latitude: 52.5695,
                longitude: -0.2405,
                radius_km: 7.5,
            },
        ],
        excluded: vec![],
        ages: (18, 54),
        genders: vec![Gender::Female, Gender::Male],
        ads: vec![
            LocaleAd {
                locale: "en".into(),
                headline: "Is your job what you were promised?".into(),
                primary_text: "Free, confidential advice, in your language.".into(),
                description: "Call or message us".into(),
                image_url: "https://beacon.example/i/c7-en.png".into(),
                link_url: "https://beacon.example/help?lang=en".into(),
            },
            LocaleAd {
                locale: "lt".into(),
                headline: "Ar darbas toks, kokį jums žadėjo?".into(),
                primary_text: "Nemokama, konfidenciali pagalba jūsų kalba.".into(),
                description: "Skambinkite arba rašykite".into(),
                image_url: "https://beacon.example/i/c7-lt.png".into(),
                link_url: "https://beacon.example/help?lang=lt".into(),
            },
        ],
        audience_size: 42_000.0,
    }
}

/// A callback that keeps what it is given, as the campaign service stores it.
fn store(
    into: &Arc<Mutex<Vec<ObjectRef>>>,
) -> impl FnMut(ObjectRef) -> BoxFuture<'static, Result<(), ChannelError>> + Send + use<> {
    let into = into.clone();
    move |o| {
        into.lock().unwrap().push(o);
        Box::pin(async { Ok(()) })
    }
}

/// What an injected fault must turn into.
type Expect = fn(&ChannelError) -> bool;

/// No secret in the error's words, its `Debug` output or its message's arguments.
fn assert_no_secret(e: &ChannelError, secrets: &[&str]) {
    let shown = format!("{e} {e:?} {:?}", e.message());
    for s in secrets {
        assert!(!shown.contains(s), "a secret is shown: {shown}");
    }
}

#[tokio::test]
async fn meta_campaign_lifecycle() {
    let standin = MetaStandin::start().await;
    let meta = platform(&meta_config(&standin.url), "meta");
    assert_eq!(meta.name(), "meta");
    let stored = Arc::new(Mutex::new(Vec::new()));
    let objects = meta
        .create(&fenland(), &[], &mut store(&stored))
        .await
        .unwrap();
    let steps: Vec<&str> = objects.iter().map(|o| o.step.as_str()).collect();
    assert_eq!(
        steps,
        [
            "campaign",
            "adset",
            "creative:en",
            "ad:en",
            "creative:lt",
            "ad:lt"
        ]
    );
    assert_eq!(
        *stored.lock().unwrap(),
        objects,
        "every object is stored as it is made"
    );

    let campaigns = standin.objects("campaigns");
    assert_eq!(campaigns.len(), 1);
    assert_eq!(campaigns[0].name, "beacon-c7:campaign");
    assert_eq!(campaigns[0].field("status"), "PAUSED");
    assert_eq!(campaigns[0].field("objective"), "OUTCOME_AWARENESS");
    let adset = &standin.objects("adsets")[0];
    assert_eq!(adset.field("campaign_id"), campaigns[0].id);
    assert_eq!(adset.field("daily_budget"), "2500");
    assert_eq!(adset.field("status"), "PAUSED");
    let targeting: serde_json::Value = serde_json::from_str(adset.field("targeting")).unwrap();
    assert_eq!(
        targeting["geo_locations"]["custom_locations"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        targeting["geo_locations"]["custom_locations"][2]["radius"],
        7.5
    );
    assert_eq!(targeting["locales"], serde_json::json!([1001, 33]));
    let creatives = standin.objects("adcreatives");
    let spec: serde_json::Value =
        serde_json::from_str(creatives[1].field("object_story_spec")).unwrap();
    assert_eq!(spec["page_id"], "777");
    assert_eq!(
        spec["link_data"]["name"],
        "Ar darbas toks, kokį jums žadėjo?"
    );
    let ads = standin.objects("ads");
    assert_eq!(ads.len(), 2);
    assert!(
        ads.iter()
            .all(|a| a.field("status") == "PAUSED" && a.field("adset_id") == adset.id)
    );

    meta.activate(&objects).await.unwrap();
    let status = |edge: &str| {
        standin
            .objects(edge)
            .iter()
            .map(|o| o.field("status").to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(status("campaigns"), ["ACTIVE"]);
    assert_eq!(status("adsets"), ["ACTIVE"]);
    assert_eq!(status("ads"), ["ACTIVE", "ACTIVE"]);
    meta.pause(&objects).await.unwrap();
    assert_eq!(status("campaigns"), ["PAUSED"]);
    meta.set_budget(&objects, 4000).await.unwrap();
    assert_eq!(standin.objects("adsets")[0].field("daily_budget"), "4000");

    let rows = meta
        .insights(&objects, date!(2026 - 03 - 02), date!(2026 - 03 - 08))
        .await
        .unwrap();
    let count = |prefix: &str| {
        rows.iter()
            .filter(|r| {
                r.breakdown.starts_with(prefix) && (prefix.is_empty() == r.breakdown.is_empty())
            })
            .count()
    };
    assert_eq!(count(""), 7, "a total per day, over three pages");
    assert_eq!(count("age:"), 14);
    assert_eq!(count("gender:"), 14);
    assert_eq!(count("region:"), 7);
    assert!(rows.iter().any(|r| r.breakdown == "region:England"));
    assert!(rows.iter().any(|r| r.breakdown == "age:25-34"));
    assert!(rows.iter().any(|r| r.breakdown == "gender:female"));
    let first = rows.iter().find(|r| r.breakdown.is_empty()).unwrap();
    assert_eq!(
        (
            first.reach,
            first.impressions,
            first.clicks,
            first.spend_minor
        ),
        (800, 2000, 18, 1001)
    );
    assert_eq!(first.frequency, 2.5);
    // Beside the days, the campaign's reach over the range, each person counted once: one row dated the
    // range's last day, less than the days' sum, asked for without time_increment.
    let lifetime: Vec<_> = rows.iter().filter(|r| r.breakdown == "lifetime").collect();
    assert_eq!(lifetime.len(), 1);
    let totals: Vec<_> = rows.iter().filter(|r| r.breakdown.is_empty()).collect();
    assert_eq!(lifetime[0].day, date!(2026 - 03 - 08));
    assert_eq!(lifetime[0].reach, standins::meta::lifetime_reach(7));
    assert!(lifetime[0].reach < totals.iter().map(|r| r.reach).sum::<i64>());
    assert_eq!(
        (
            lifetime[0].impressions,
            lifetime[0].clicks,
            lifetime[0].spend_minor
        ),
        (
            totals.iter().map(|r| r.impressions).sum(),
            totals.iter().map(|r| r.clicks).sum(),
            totals.iter().map(|r| r.spend_minor).sum()
        )
    );
    let whole_range: Vec<_> = standin
        .requests()
        .into_iter()
        .filter(|r| r.uri.contains("/insights?") && !r.uri.contains("time_increment"))
        .collect();
    assert_eq!(whole_range.len(), 1, "{whole_range:?}");
    assert!(!whole_range[0].uri.contains("breakdowns"));

    meta.end(&objects).await.unwrap();
    assert_eq!(status("campaigns"), ["ARCHIVED"]);

    // The token travelled in the Authorization header only: never in a URL, even after paging.next.
    let requests = standin.requests();
    assert!(requests.iter().filter(|r| r.uri.contains("after=")).count() >= 6);
    for r in &requests {
        assert!(!r.uri.contains(standins::meta::TOKEN), "{}", r.uri);
        assert!(!r.body.contains(standins::meta::TOKEN));
        assert_eq!(
            r.header("authorization"),
            Some(format!("Bearer {}", standins::meta::TOKEN).as_str())
        );
    }
}

#[tokio::test]
async fn meta_crash_between_reply_and_store_creates_nothing_twice() {
    let standin = MetaStandin::start().await;
    let meta = platform(&meta_config(&standin.url), "meta");
    let first = meta
        .create(&fenland(), &[], &mut ignore_created())
        .await
        .unwrap();
    // The process died before storing anything: a new run knows nothing.
    let posts_before = standin
        .requests()
        .iter()
        .filter(|r| r.method == "POST")
        .count();
    let stored = Arc::new(Mutex::new(Vec::new()));
    let second = meta
        .create(&fenland(), &[], &mut store(&stored))
        .await
        .unwrap();
    assert_eq!(second, first, "the same objects, found by name");
    assert_eq!(
        *stored.lock().unwrap(),
        first,
        "found objects are handed over to be stored"
    );
    assert_eq!(
        standin
            .requests()
            .iter()
            .filter(|r| r.method == "POST")
            .count(),
        posts_before
    );
    for (edge, n) in [
        ("campaigns", 1),
        ("adsets", 1),
        ("adcreatives", 2),
        ("ads", 2),
    ] {
        assert_eq!(standin.objects(edge).len(), n, "{edge}");
    }
}

#[tokio::test]
async fn meta_lost_reply_is_transient_and_the_retry_reuses_the_object() {
    let standin = MetaStandin::start().await;
    let meta = platform(&meta_config(&standin.url), "meta");
    // The ad set is made but its reply never comes.
    standin.fault("POST /v21.0/act_4242/adsets", MetaFault::LoseReply);
    let stored = Arc::new(Mutex::new(Vec::new()));
    let started = Instant::now();
    let e = meta
        .create(&fenland(), &[], &mut store(&stored))
        .await
        .unwrap_err();
    assert!(matches!(e, ChannelError::Transient(_)), "{e:?}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "the timeout bounds the wait"
    );
    let known = stored.lock().unwrap().clone();
    assert_eq!(known.len(), 1, "the campaign was stored, the ad set not");
    let all = meta
        .create(&fenland(), &known, &mut store(&stored))
        .await
        .unwrap();
    assert_eq!(all.len(), 6);
    assert_eq!(standin.objects("campaigns").len(), 1);
    assert_eq!(standin.objects("adsets").len(), 1);
    assert_eq!(all[1].id, standin.objects("adsets")[0].id);
}

#[tokio::test]
async fn meta_faults_map_to_channel_errors_without_the_token() {
    let standin = MetaStandin::start().await;
    let meta = platform(&meta_config(&standin.url), "meta");
    let objects = meta
        .create(&fenland(), &[], &mut ignore_created())
        .await
        .unwrap();
    let cases: Vec<(MetaFault, Expect)> = vec![
        (MetaFault::RateLimit, |e| {
            *e == ChannelError::RateLimited {
                retry_after: Some(Duration::from_secs(420)),
            }
        }),
        (MetaFault::BusinessRateLimit, |e| {
            *e == ChannelError::RateLimited {
                retry_after: Some(Duration::from_secs(90)),
            }
        }),
        (
            MetaFault::ServerError,
            |e| matches!(e, ChannelError::Transient(t) if t.contains("500")),
        ),
        (
            MetaFault::Transient,
            |e| matches!(e, ChannelError::Transient(t) if t.contains("TR1")),
        ),
        (
            MetaFault::Hang,
            |e| matches!(e, ChannelError::Transient(t) if t.contains("timed out")),
        ),
        (
            MetaFault::TokenExpired,
            |e| matches!(e, ChannelError::Auth(t) if t.contains("Session has expired")),
        ),
        (MetaFault::Policy, |e| {
            *e == ChannelError::Refused {
                message:
                    "Your ad wasn't approved because it doesn't follow our Advertising Policies."
                        .into(),
                field: Some("message".into()),
            }
        }),
    ];
    for (fault, expected) in cases {
        standin.fault(&format!("POST /v21.0/{}", objects[0].id), fault.clone());
        let started = Instant::now();
        let e = meta.pause(&objects).await.unwrap_err();
        assert!(expected(&e), "{fault:?} gave {e:?}");
        assert_eq!(
            e.retryable(),
            matches!(
                e,
                ChannelError::RateLimited { .. } | ChannelError::Transient(_)
            )
        );
        assert_no_secret(&e, &[standins::meta::TOKEN]);
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{fault:?} took {:?}",
            started.elapsed()
        );
    }
    // A fault while reading insights is an error too, and still shows no token.
    standin.fault("GET /v21.0/", MetaFault::ServerError);
    let e = meta
        .insights(&objects, date!(2026 - 03 - 02), date!(2026 - 03 - 08))
        .await
        .unwrap_err();
    assert!(matches!(e, ChannelError::Transient(_)), "{e:?}");
    // A locale Meta has no id for is refused before any request.
    let before = standin.requests().len();
    let mut c = fenland();
    c.key = "beacon-c8".into();
    c.ads[1].locale = "xh".into();
    let e = meta
        .create(&c, &[], &mut ignore_created())
        .await
        .unwrap_err();
    assert!(
        matches!(&e, ChannelError::Refused { field: Some(f), .. } if f == "locales"),
        "{e:?}"
    );
    assert_eq!(standin.requests().len(), before);
}

#[tokio::test]
async fn google_campaign_lifecycle() {
    use standins::google::*;
    let standin = GoogleStandin::start().await;
    let google = platform(&google_config(&standin.url), "google");
    let stored = Arc::new(Mutex::new(Vec::new()));
    let objects = google
        .create(&fenland(), &[], &mut store(&stored))
        .await
        .unwrap();
    let steps: Vec<&str> = objects.iter().map(|o| o.step.as_str()).collect();
    assert_eq!(
        steps,
        [
            "budget",
            "campaign",
            "criterion:proximity:1",
            "criterion:proximity:2",
            "criterion:proximity:3",
            "criterion:language:en",
            "criterion:language:lt"
        ]
    );
    assert_eq!(*stored.lock().unwrap(), objects);
    let budget = &standin.objects("campaignBudget")[0];
    assert_eq!(budget.fields["amountMicros"], "25000000");
    assert_eq!(budget.fields["name"], "beacon-c7:budget");
    let campaign = &standin.objects("campaign")[0];
    assert_eq!(campaign.fields["status"], "PAUSED");
    assert_eq!(
        campaign.fields["campaignBudget"],
        budget.resource_name.as_str()
    );
    let criteria = standin.objects("campaignCriterion");
    assert_eq!(criteria.len(), 5);
    assert_eq!(
        criteria[2].fields["proximity"]["geoPoint"]["longitudeInMicroDegrees"],
        -240500
    );
    assert_eq!(criteria[2].fields["proximity"]["radiusUnits"], "KILOMETERS");
    assert_eq!(
        criteria[4].fields["language"]["languageConstant"],
        "languageConstants/1029"
    );

    google.activate(&objects).await.unwrap();
    assert_eq!(standin.objects("campaign")[0].fields["status"], "ENABLED");
    google.pause(&objects).await.unwrap();
    assert_eq!(standin.objects("campaign")[0].fields["status"], "PAUSED");
    google.set_budget(&objects, 4000).await.unwrap();
    assert_eq!(
        standin.objects("campaignBudget")[0].fields["amountMicros"],
        "40000000"
    );
    let rows = google
        .insights(&objects, date!(2026 - 03 - 02), date!(2026 - 03 - 08))
        .await
        .unwrap();
    let days: Vec<_> = rows.iter().filter(|r| r.breakdown.is_empty()).collect();
    assert_eq!(days.len(), 7, "a day each, over four pages");
    assert_eq!(
        (days[0].impressions, days[0].clicks, days[0].spend_minor),
        (2000, 18, 1050)
    );
    // The unique users over the range: one row, asked for with segments.date in WHERE only.
    let lifetime: Vec<_> = rows.iter().filter(|r| r.breakdown == "lifetime").collect();
    assert_eq!(lifetime.len(), 1, "{rows:?}");
    assert_eq!(lifetime[0].day, date!(2026 - 03 - 08));
    assert_eq!(lifetime[0].reach, unique_users(7));
    assert_eq!(
        (lifetime[0].impressions, lifetime[0].spend_minor),
        (14_000, 7350)
    );
    let queries: Vec<String> = standin
        .requests()
        .iter()
        .filter(|r| r.uri.ends_with("googleAds:search"))
        .map(|r| serde_json::from_str::<serde_json::Value>(&r.body).unwrap()["query"].to_string())
        .filter(|q| q.contains("metrics.unique_users"))
        .collect();
    assert_eq!(queries.len(), 1);
    let select = queries[0].split(" FROM ").next().unwrap();
    assert!(!select.contains("segments.date"), "{}", queries[0]);
    // A campaign without unique users (as Search campaigns are): the days only.
    standin.state.lock().unwrap().unique_users = false;
    let rows = google
        .insights(&objects, date!(2026 - 03 - 02), date!(2026 - 03 - 08))
        .await
        .unwrap();
    assert_eq!(rows.len(), 7);
    assert!(rows.iter().all(|r| r.breakdown.is_empty()));
    standin.state.lock().unwrap().unique_users = true;
    google.end(&objects).await.unwrap();
    assert_eq!(standin.objects("campaign")[0].fields["status"], "REMOVED");

    assert_eq!(
        standin.token_exchanges(),
        1,
        "the access token is kept until it expires"
    );
    for r in standin.requests().iter().filter(|r| r.uri != "/token") {
        assert_eq!(r.header("developer-token"), Some(DEVELOPER_TOKEN));
        assert_eq!(r.header("login-customer-id"), Some(LOGIN_CUSTOMER));
        assert_eq!(
            r.header("authorization"),
            Some(format!("Bearer {ACCESS_TOKEN}").as_str())
        );
    }
}

#[tokio::test]
async fn google_crash_and_partial_failure_create_nothing_twice() {
    let standin = GoogleStandin::start().await;
    let google = platform(&google_config(&standin.url), "google");
    // The second proximity criterion is refused; the rest are made and handed over.
    standin.fault("campaignCriteria:mutate", GoogleFault::PartialFailure(1));
    let stored = Arc::new(Mutex::new(Vec::new()));
    let e = google
        .create(&fenland(), &[], &mut store(&stored))
        .await
        .unwrap_err();
    assert_eq!(
        e,
        ChannelError::PartialFailure(vec![
            "operation 1 (criterion:proximity:2): The proximity radius is invalid.".into()
        ])
    );
    assert!(!e.retryable());
    assert_eq!(stored.lock().unwrap().len(), 6);
    assert_eq!(standin.objects("campaignCriterion").len(), 4);
    // Then the process dies: a new run knows nothing, finds everything by name and makes only what is missing.
    let all = google
        .create(&fenland(), &[], &mut ignore_created())
        .await
        .unwrap();
    assert_eq!(all.len(), 7);
    assert_eq!(standin.objects("campaignBudget").len(), 1);
    assert_eq!(standin.objects("campaign").len(), 1);
    assert_eq!(standin.objects("campaignCriterion").len(), 5);
    let again = google
        .create(&fenland(), &[], &mut ignore_created())
        .await
        .unwrap();
    let ids = |v: &[ObjectRef]| {
        let mut v: Vec<String> = v.iter().map(|o| o.id.clone()).collect();
        v.sort();
        v
    };
    assert_eq!(ids(&again), ids(&all));
    assert_eq!(standin.objects("campaignCriterion").len(), 5);
}

#[tokio::test]
async fn google_lost_reply_is_transient_and_the_retry_reuses_the_criteria() {
    let standin = GoogleStandin::start().await;
    let google = platform(&google_config(&standin.url), "google");
    // The criteria are made but the reply never comes.
    standin.fault("campaignCriteria:mutate", GoogleFault::LoseReply);
    let stored = Arc::new(Mutex::new(Vec::new()));
    let started = Instant::now();
    let e = google
        .create(&fenland(), &[], &mut store(&stored))
        .await
        .unwrap_err();
    assert!(matches!(e, ChannelError::Transient(_)), "{e:?}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "the timeout bounds the wait"
    );
    let known = stored.lock().unwrap().clone();
    assert_eq!(known.len(), 2, "the budget and the campaign were stored");
    assert_eq!(standin.objects("campaignCriterion").len(), 5);
    let all = google
        .create(&fenland(), &known, &mut store(&stored))
        .await
        .unwrap();
    assert_eq!(all.len(), 7);
    assert_eq!(standin.objects("campaignCriterion").len(), 5);
    assert_eq!(
        stored.lock().unwrap().len(),
        7,
        "the found criteria are stored"
    );
}

#[tokio::test]
async fn google_faults_map_to_channel_errors_without_secrets() {
    use standins::google::*;
    let standin = GoogleStandin::start().await;
    let google = platform(&google_config(&standin.url), "google");
    let objects = google
        .create(&fenland(), &[], &mut ignore_created())
        .await
        .unwrap();
    let secrets = [DEVELOPER_TOKEN, CLIENT_SECRET, REFRESH_TOKEN, ACCESS_TOKEN];
    let cases: Vec<(GoogleFault, Expect)> = vec![
        (GoogleFault::Quota, |e| {
            *e == ChannelError::RateLimited {
                retry_after: Some(Duration::from_secs(30)),
            }
        }),
        (GoogleFault::Unauthenticated, |e| {
            matches!(e, ChannelError::Auth(_))
        }),
        (
            GoogleFault::Unavailable,
            |e| matches!(e, ChannelError::Transient(t) if t.contains("UNAVAILABLE")),
        ),
        (
            GoogleFault::Hang,
            |e| matches!(e, ChannelError::Transient(t) if t.contains("timed out")),
        ),
        (GoogleFault::Invalid, |e| {
            matches!(e, ChannelError::Refused { message, field: Some(f) }
            if message.contains("PROHIBITED") && f == "name")
        }),
    ];
    for (fault, expected) in cases {
        standin.fault("campaigns:mutate", fault.clone());
        let started = Instant::now();
        let e = google.pause(&objects).await.unwrap_err();
        assert!(expected(&e), "{fault:?} gave {e:?}");
        assert_no_secret(&e, &secrets);
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{fault:?} took {:?}",
            started.elapsed()
        );
    }
    // After a 401 the access token is exchanged again (once so far, after the 401 above); a revoked
    // refresh token is an Auth error.
    assert_eq!(standin.token_exchanges(), 2);
    standin.fault("campaigns:mutate", GoogleFault::Unauthenticated);
    standin.fault("/token", GoogleFault::InvalidGrant);
    assert!(matches!(
        google.pause(&objects).await,
        Err(ChannelError::Auth(_))
    ));
    let e = google.pause(&objects).await.unwrap_err();
    assert!(
        matches!(&e, ChannelError::Auth(t) if t.contains("invalid_grant")),
        "{e:?}"
    );
    assert_no_secret(&e, &secrets);
    google.pause(&objects).await.unwrap();
    assert_eq!(standin.token_exchanges(), 3);
    // Excluded circles and unknown languages are refused before any request.
    let before = standin.requests().len();
    let mut c = fenland();
    c.excluded = vec![Circle {
        latitude: 52.6,
        longitude: 0.0,
        radius_km: 1.0,
    }];
    assert!(
        matches!(google.create(&c, &[], &mut ignore_created()).await,
        Err(ChannelError::Refused { field: Some(f), .. }) if f == "excluded")
    );
    assert_eq!(standin.requests().len(), before);
}

#[tokio::test]
async fn sandbox_is_the_default_and_simulates_delivery_as_a_trait_object() {
    let config = config(&[]);
    assert_eq!(config.default, "sandbox");
    let sandbox = platform(&config, &config.default);
    let objects = sandbox
        .create(&fenland(), &[], &mut ignore_created())
        .await
        .unwrap();
    assert_eq!(
        sandbox
            .create(&fenland(), &[], &mut ignore_created())
            .await
            .unwrap(),
        objects
    );
    // The clock says 9 March; activated then, so one day of delivery.
    sandbox.activate(&objects).await.unwrap();
    let rows = sandbox
        .insights(&objects, date!(2026 - 03 - 01), date!(2026 - 03 - 31))
        .await
        .unwrap();
    let totals: Vec<_> = rows.iter().filter(|r| r.breakdown.is_empty()).collect();
    assert_eq!(totals.len(), 1);
    assert_eq!(totals[0].day, date!(2026 - 03 - 09));
    assert_eq!(totals[0].impressions, 5000);
    assert_eq!(
        rows,
        sandbox
            .insights(&objects, date!(2026 - 03 - 01), date!(2026 - 03 - 31))
            .await
            .unwrap()
    );
    assert!(
        beacon::channels::platform(&config, "myspace", Arc::new(time::OffsetDateTime::now_utc))
            .is_none()
    );
    let files = beacon::channels::export::files(&fenland());
    assert_eq!(files.len(), 3);
}

/// What can be known before launch is known without making anything: an expired token, an account in
/// another currency or not active, a language with no id.
#[tokio::test]
async fn preflight_refuses_what_the_platform_can_tell_before_anything_is_made() {
    let standin = MetaStandin::start().await;
    let meta = platform(&meta_config(&standin.url), "meta");
    let campaign = fenland();
    meta.preflight(&campaign).await.unwrap();
    let refused_field = |e: &ChannelError| match e {
        ChannelError::Refused { field, .. } => field.clone().unwrap_or_default(),
        other => panic!("not a refusal: {other:?}"),
    };
    standin.state.lock().unwrap().currency = "EUR".into();
    let e = meta.preflight(&campaign).await.unwrap_err();
    assert_eq!(refused_field(&e), "currency");
    assert!(e.to_string().contains("EUR"), "{e}");
    standin.state.lock().unwrap().currency = "GBP".into();
    standin.state.lock().unwrap().account_status = 2;
    let e = meta.preflight(&campaign).await.unwrap_err();
    assert_eq!(refused_field(&e), "account");
    assert!(e.to_string().contains("disabled"), "{e}");
    standin.state.lock().unwrap().account_status = 1;
    standin.fault("GET /v21.0/act_4242", MetaFault::TokenExpired);
    let e = meta.preflight(&campaign).await.unwrap_err();
    assert!(matches!(e, ChannelError::Auth(_)), "{e:?}");
    assert_no_secret(&e, &[standins::meta::TOKEN]);
    let mut welsh = campaign.clone();
    welsh.ads[1].locale = "cy".into();
    let e = meta.preflight(&welsh).await.unwrap_err();
    assert_eq!(refused_field(&e), "locales");
    // Nothing was made on the platform by any of it.
    for edge in ["campaigns", "adsets", "adcreatives", "ads"] {
        assert!(standin.objects(edge).is_empty(), "{edge}");
    }
    assert!(
        standin.requests().iter().all(|r| r.method == "GET"),
        "preflight only reads"
    );

    let standin = GoogleStandin::start().await;
    let google = platform(&google_config(&standin.url), "google");
    google.preflight(&campaign).await.unwrap();
    standin.state.lock().unwrap().currency = "USD".into();
    let e = google.preflight(&campaign).await.unwrap_err();
    assert_eq!(refused_field(&e), "currency");
    standin.state.lock().unwrap().currency = "GBP".into();
    standin.state.lock().unwrap().customer_status = "SUSPENDED".into();
    let e = google.preflight(&campaign).await.unwrap_err();
    assert_eq!(refused_field(&e), "account");
    standin.state.lock().unwrap().customer_status = "ENABLED".into();
    let mut excluding = campaign.clone();
    excluding.excluded.push(excluding.targets[0]);
    let e = google.preflight(&excluding).await.unwrap_err();
    assert_eq!(refused_field(&e), "excluded");
    standin.fault("token", GoogleFault::InvalidGrant);
    // The access token is cached: a fresh adapter exchanges the (now revoked) refresh token again.
    let google = platform(&google_config(&standin.url), "google");
    let e = google.preflight(&campaign).await.unwrap_err();
    assert!(matches!(e, ChannelError::Auth(_)), "{e:?}");
    assert!(standin.objects("campaign").is_empty());
}

/// A campaign on Meta through the whole app: what Meta can tell before launch is refused on saving, naming
/// the field; a policy refusal at launch stops that channel, and the campaigner reads Meta's words inside a
/// sentence of their own language on the campaign's page.
async fn a_meta_campaign_is_checked_on_saving_and_a_refusal_is_shown_in_the_readers_language(
    db: crate::support::Db,
) {
    use crate::campaigns::{at, plan, problem, seeded, send};
    use beacon::accounts::Role;
    use reqwest::Method as M;
    use serde_json::{Value, json};
    let standin = MetaStandin::start().await;
    let app = crate::support::TestApp::spawn_with(
        db,
        &[
            ("BEACON_JOBS__POLL_MS", "100"),
            ("BEACON_JOBS__MAX_ATTEMPTS", "2"),
            ("BEACON_JOBS__BACKOFF_BASE_MS", "50"),
            ("BEACON_CHANNELS__TIMEOUT_MS", TIMEOUT_MS),
            ("BEACON_CHANNELS__META__GRAPH_URL", &standin.url),
            ("BEACON_CHANNELS__META__AD_ACCOUNT_ID", "4242"),
            ("BEACON_CHANNELS__META__PAGE_ID", "777"),
            ("BEACON_CHANNELS__META__ACCESS_TOKEN", standins::meta::TOKEN),
        ],
    )
    .await;
    let (snapshot, creative) = seeded(&app).await;
    let password = app.user("ona@test.example", Role::Campaigner, None).await;
    let token = app
        .token("campaigner@test.example", Role::Campaigner, None)
        .await;
    let mut good = plan(snapshot, creative, &at(-60), &at(30 * 86400));
    good["name"] = json!("Fenland on Meta");
    good["channels"] = json!([{"channel": "meta", "budget_minor": 2500, "currency": "GBP", "budget_kind": "daily"}]);
    good["schedules"] = json!([]);

    // The account pays in pounds: a budget in euros is refused on saving.
    let mut euros = good.clone();
    euros["channels"][0]["currency"] = json!("EUR");
    let p = problem(
        send(&app, &token, M::POST, "/api/v1/campaigns", Some(euros)).await,
        422,
    )
    .await;
    assert_eq!(p["field"], "channels[0].currency", "{p}");
    assert!(p["detail"].as_str().unwrap().contains("GBP"), "{p}");
    // An expired token is known on saving too, and its text never shows the token.
    standin.fault("GET /v21.0/act_4242", MetaFault::TokenExpired);
    let r = send(
        &app,
        &token,
        M::POST,
        "/api/v1/campaigns",
        Some(good.clone()),
    )
    .await;
    let p = problem(r, 422).await;
    assert_eq!(p["field"], "channels[0].channel", "{p}");
    assert!(
        p["detail"].as_str().unwrap().contains("administrator"),
        "{p}"
    );
    assert!(!p.to_string().contains(standins::meta::TOKEN));
    for edge in ["campaigns", "adsets", "adcreatives", "ads"] {
        assert!(
            standin.objects(edge).is_empty(),
            "nothing is made on saving: {edge}"
        );
    }

    let r = send(&app, &token, M::POST, "/api/v1/campaigns", Some(good)).await;
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    for locale in ["en", "lt"] {
        let r = send(
            &app,
            &token,
            M::POST,
            &format!("/api/v1/creatives/{creative}/approvals/{locale}"),
            None,
        )
        .await;
        assert_eq!(r.status(), 200);
    }
    // Scheduled with its start passed, the worker launches it at once.
    for action in ["approve", "schedule"] {
        if action == "schedule" {
            // Meta refuses the ads: its policy.
            standin.fault("POST /v21.0/act_4242/ads", MetaFault::Policy);
        }
        let r = send(
            &app,
            &token,
            M::POST,
            &format!("/api/v1/campaigns/{id}/{action}"),
            None,
        )
        .await;
        assert_eq!(r.status(), 200, "{action}: {}", r.text().await.unwrap());
    }
    let start = std::time::Instant::now();
    let view = loop {
        let view: Value = send(
            &app,
            &token,
            M::GET,
            &format!("/api/v1/campaigns/{id}"),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
        if view["campaign"]["channels"][0]["progress"] == "failed" {
            break view;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the refusal was not recorded: {view}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let english = view["campaign"]["channels"][0]["last_error"]
        .as_str()
        .unwrap();
    assert!(english.contains("Advertising Policies"), "{english}");
    // A refusal is not retried: the ads were asked for once.
    let ads_posts = standin
        .requests()
        .iter()
        .filter(|r| r.method == "POST" && r.uri.starts_with("/v21.0/act_4242/ads"))
        .count();
    assert_eq!(ads_posts, 1);

    // The campaigner reads it in Lithuanian, with Meta's own words inside.
    let client = app.login("ona@test.example", &password).await;
    let csrf = crate::support::page_csrf(&client, &app.url("/account")).await;
    let r = client
        .post(app.url("/account/language"))
        .form(&[("csrf", csrf.as_str()), ("locale", "lt")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let page = client
        .get(app.url(&format!("/campaigns/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Reklamos platforma atmetė kampaniją")
            && page.contains("Advertising Policies"),
        "{page}"
    );
    assert!(!page.contains("The ad platform refused"), "{page}");
    app.stop().await.unwrap();
}
crate::both_backends!(
    a_meta_campaign_is_checked_on_saving_and_a_refusal_is_shown_in_the_readers_language
);

/// Each platform's own deduplicated reach through the whole app: the Meta stand-in's figure over the
/// campaign so far is Meta's reach on the reach API, with its basis and note; a later fetch over a longer
/// range adds a row dated later, which wins; the days' sums and the campaign page's delivery table hold the
/// days only. A platform that counts no unique users (Google, as for a Search campaign) falls back to its
/// highest day, with that note, until it does.
async fn a_platforms_own_reach_over_the_campaign_is_its_reach(db: crate::support::Db) {
    use crate::campaigns::send;
    use beacon::accounts::Role;
    use beacon::services::{Actor, FixedClock, Services};
    use reqwest::Method as M;
    use serde_json::Value;
    use standins::google::*;
    let meta_standin = MetaStandin::start().await;
    let google_standin = GoogleStandin::start().await;
    google_standin.state.lock().unwrap().unique_users = false;
    let token_url = format!("{}/token", google_standin.url);
    let app = crate::support::TestApp::spawn_with(
        db,
        &[
            ("BEACON_CHANNELS__TIMEOUT_MS", TIMEOUT_MS),
            ("BEACON_CHANNELS__META__GRAPH_URL", &meta_standin.url),
            ("BEACON_CHANNELS__META__AD_ACCOUNT_ID", "4242"),
            ("BEACON_CHANNELS__META__PAGE_ID", "777"),
            ("BEACON_CHANNELS__META__ACCESS_TOKEN", standins::meta::TOKEN),
            ("BEACON_CHANNELS__GOOGLE__API_URL", &google_standin.url),
            ("BEACON_CHANNELS__GOOGLE__TOKEN_URL", &token_url),
            ("BEACON_CHANNELS__GOOGLE__CUSTOMER_ID", CUSTOMER),
            ("BEACON_CHANNELS__GOOGLE__LOGIN_CUSTOMER_ID", LOGIN_CUSTOMER),
            ("BEACON_CHANNELS__GOOGLE__DEVELOPER_TOKEN", DEVELOPER_TOKEN),
            (
                "BEACON_CHANNELS__GOOGLE__CLIENT_ID",
                "client-id.apps.googleusercontent.com",
            ),
            ("BEACON_CHANNELS__GOOGLE__CLIENT_SECRET", CLIENT_SECRET),
            ("BEACON_CHANNELS__GOOGLE__REFRESH_TOKEN", REFRESH_TOKEN),
        ],
    )
    .await;
    beacon::demo::seed(&app.state.services).await.unwrap();
    let campaign = app
        .state
        .services
        .campaigns()
        .list(&Actor::System("test"))
        .await
        .unwrap()
        .remove(0);
    let id = campaign.id;
    // The campaign's objects on both platforms, as a launch would have stored them.
    let config = &app.state.config.channels;
    for name in ["meta", "google"] {
        let adapter =
            beacon::channels::platform(config, name, Arc::new(|| datetime!(2026-03-09 12:00 UTC)))
                .unwrap();
        let objects = adapter
            .create(&fenland(), &[], &mut ignore_created())
            .await
            .unwrap();
        let mut tx = app.store().begin().await.unwrap();
        for o in &objects {
            tx.store_channel_object(id, name, &o.step, &o.id, 0)
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
    }
    // The fetch job as the worker runs it, on a clock days into the campaign.
    let start = time::OffsetDateTime::from_unix_timestamp(campaign.starts_at).unwrap();
    let clock = Arc::new(FixedClock::new(start + time::Duration::days(2)));
    let services =
        Services::new(app.store().clone(), app.state.config.clone(), clock.clone()).unwrap();
    let mut job_id = 0;
    let mut fetch = |channel: &'static str| {
        job_id += 1;
        let services = services.clone();
        async move {
            services
                .campaigns()
                .fetch_insights(id, channel, 1_000 + job_id)
                .await
                .unwrap()
        }
    };
    fetch("meta").await;
    fetch("google").await;

    let evaluator = app
        .token("evaluator@test.example", Role::Evaluator, None)
        .await;
    let reach = || async {
        let r: Value = send(
            &app,
            &evaluator,
            M::GET,
            &format!("/api/v1/campaigns/{id}/reach"),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
        r
    };
    let channel = |r: &Value, name: &str| {
        r["channels"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["channel"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no {name} in {r}"))
    };
    let notes = |r: &Value| -> Vec<String> {
        r["notes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].as_str().unwrap().to_string())
            .collect()
    };
    // Three days: Meta's own count of the people reached, not its highest day (800) nor the days' sum.
    let r = reach().await;
    let meta = channel(&r, "meta");
    assert_eq!(meta["reach"], standins::meta::lifetime_reach(3), "{r}");
    assert_eq!(meta["basis"], "reach-basis-platform-lifetime");
    assert_eq!(meta["days"], 3, "the lifetime row is not a day");
    assert_eq!(meta["impressions"], 3 * 2000, "nor added to the days' sums");
    assert_eq!(meta["clicks"], 3 * 18);
    let google = channel(&r, "google");
    assert_eq!(google["basis"], "reach-basis-platform-peak", "{r}");
    assert_eq!(google["days"], 3);
    let ids = notes(&r);
    assert!(
        ids.iter().any(|n| n == "reach-note-platform-lifetime")
            && ids.iter().any(|n| n == "reach-note-platform-peak"),
        "{ids:?}"
    );

    // Three days later, over six days: a second lifetime row, dated later, and it wins.
    clock.set(start + time::Duration::days(5));
    fetch("meta").await;
    let r = reach().await;
    let meta = channel(&r, "meta");
    assert_eq!(meta["reach"], standins::meta::lifetime_reach(6), "{r}");
    assert_eq!(meta["basis"], "reach-basis-platform-lifetime");
    assert_eq!(
        (meta["days"].clone(), meta["impressions"].clone()),
        (6.into(), (6 * 2000).into())
    );
    let rows: Vec<Value> = send(
        &app,
        &evaluator,
        M::GET,
        &format!("/api/v1/campaigns/{id}/insights"),
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    let lifetime_days: Vec<&str> = rows
        .iter()
        .filter(|r| r["channel"] == "meta" && r["breakdown"] == "lifetime")
        .map(|r| r["day"].as_str().unwrap())
        .collect();
    let day = |d: i64| (start + time::Duration::days(d)).date().to_string();
    assert_eq!(lifetime_days, [day(2), day(5)]);
    // The campaign's delivery table: six days, their sums, no lifetime row among them.
    let view: Value = send(
        &app,
        &evaluator,
        M::GET,
        &format!("/api/v1/campaigns/{id}"),
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    let delivery = view["delivery"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["channel"] == "meta")
        .unwrap_or_else(|| panic!("no meta delivery in {view}"));
    let days: Vec<&str> = delivery["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["day"].as_str().unwrap())
        .collect();
    assert_eq!(days, (0..6).map(day).collect::<Vec<_>>());
    assert_eq!(delivery["impressions"], 6 * 2000);
    assert_eq!(delivery["peak_reach"], 800);

    // Google counting unique users again: its own figure replaces its highest day.
    google_standin.state.lock().unwrap().unique_users = true;
    fetch("google").await;
    let r = reach().await;
    let google = channel(&r, "google");
    assert_eq!(google["reach"], unique_users(6), "{r}");
    assert_eq!(google["basis"], "reach-basis-platform-lifetime");
    assert!(
        !notes(&r).iter().any(|n| n == "reach-note-platform-peak"),
        "{r}"
    );
    app.stop().await.unwrap();
}
crate::both_backends!(a_platforms_own_reach_over_the_campaign_is_its_reach);
