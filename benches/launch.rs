//! Launching the Fenland campaign on the ad platforms' stand-ins (the Graph API and Google Ads REST ones of
//! `tests/it/standins/`, on 127.0.0.1): the calls one launch makes and the time it takes, and a second launch
//! after a crash making no new objects.
//!
//! - Launch: `create` (with a callback that stores each object) then `activate`, `BENCH_LAUNCHES` times
//!   (default 200) on fresh keys after 5 warm-up launches, one at a time. The calls are the requests the
//!   stand-in recorded, by kind: look-ups (by name, and Google's search for criteria already made), creates,
//!   activations, and Google's OAuth token exchange.
//! - Crash: a first launch stops part-way, then a second launch is given the objects stored so far. The crash
//!   is either the callback failing when it is handed object k+1 (the platform made it, the database never
//!   stored it), everything made and nothing stored, or a create whose reply is lost (the platform made the
//!   object, the client timed out). After the second launch the stand-in must hold exactly one object per step
//!   for that key, the ones the launch returned; the bench panics otherwise.
//!
//! `cargo bench --bench launch`.

#[allow(dead_code)]
#[path = "../tests/it/standins/mod.rs"]
mod standins;

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use beacon::audience::targets::Circle;
use beacon::channels::{
    AdCampaign, AdPlatform, BoxFuture, BudgetKind, ChannelError, Gender, LocaleAd, ObjectRef,
    Objective, OnCreated,
};
use beacon::config::{ChannelsConfig, Config, Overrides};
use serde_json::Value;
use time::macros::datetime;

use standins::Recorded;
use standins::google::{GoogleFault, GoogleStandin};
use standins::meta::{MetaFault, MetaStandin};

/// The client timeout (`channels.timeout_ms`): how long a lost reply is waited for.
const TIMEOUT_MS: &str = "700";

fn config(extra: &[(&str, &str)]) -> ChannelsConfig {
    let mut env: Vec<(String, String)> = vec![
        ("BEACON_CHANNELS__TIMEOUT_MS".into(), TIMEOUT_MS.into()),
        ("BEACON_LOG__LEVEL".into(), "warn".into()),
    ];
    env.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    Config::load_from(&Overrides::default(), &env)
        .expect("config")
        .channels
}

fn meta_config(url: &str, dir: &std::path::Path) -> ChannelsConfig {
    let token = dir.join("meta-token");
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

/// The Fenland campaign of `tests/it/channels.rs`: three circles around Wisbech, March and Peterborough,
/// English and Lithuanian ads, under `key`.
fn fenland(key: &str) -> AdCampaign {
    let circle = |latitude, longitude, radius_km| Circle {
        latitude,
        longitude,
        radius_km,
    };
    let ad = |locale: &str, headline: &str, primary_text: &str, description: &str| LocaleAd {
        locale: locale.into(),
        headline: headline.into(),
        primary_text: primary_text.into(),
        description: description.into(),
        image_url: format!("https://beacon.example/i/c7-{locale}.png"),
        link_url: format!("https://beacon.example/help?lang={locale}"),
    };
    AdCampaign {
        key: key.into(),
        name: "Fenland spring".into(),
        objective: Objective::Awareness,
        budget_minor: 2500,
        currency: "GBP".into(),
        budget_kind: BudgetKind::Daily,
        starts_at: datetime!(2026-03-02 08:00 UTC),
        ends_at: datetime!(2026-03-16 08:00 UTC),
        targets: vec![
            circle(52.6662, 0.1596, 5.0),
            circle(52.5510, 0.0880, 4.2),
            circle(52.5695, -0.2405, 7.5),
        ],
        excluded: vec![],
        ages: (18, 54),
        genders: vec![Gender::Female, Gender::Male],
        ads: vec![
            ad(
                "en",
                "Is your job what you were promised?",
                "Free, confidential advice, in your language.",
                "Call or message us",
            ),
            ad(
                "lt",
                "Ar darbas toks, kokį jums žadėjo?",
                "Nemokama, konfidenciali pagalba jūsų kalba.",
                "Skambinkite arba rašykite",
            ),
        ],
        audience_size: 42_000.0,
    }
}

/// The requests of a launch, by kind.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Calls {
    token: usize,
    lookups: usize,
    creates: usize,
    activations: usize,
    other: usize,
}

impl Calls {
    fn total(&self) -> usize {
        self.token + self.lookups + self.creates + self.activations + self.other
    }
}

enum Kind {
    Token,
    Lookup,
    Create,
    Activation,
    Other,
}

enum Standin {
    Meta(MetaStandin),
    Google(GoogleStandin),
}

impl Standin {
    fn name(&self) -> &'static str {
        match self {
            Self::Meta(_) => "meta",
            Self::Google(_) => "google",
        }
    }

    fn requests(&self) -> Vec<Recorded> {
        match self {
            Self::Meta(s) => s.requests(),
            Self::Google(s) => s.requests(),
        }
    }

    fn classify(&self, r: &Recorded) -> Kind {
        let path = r.uri.split('?').next().unwrap_or("");
        match self {
            Self::Meta(_) => {
                let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
                let on_account = parts.len() == 3 && parts[1] == standins::meta::ACCOUNT;
                match r.method.as_str() {
                    "GET" if on_account => Kind::Lookup,
                    "POST" if on_account => Kind::Create,
                    "POST" if parts.len() == 2 && r.body.contains("status=ACTIVE") => {
                        Kind::Activation
                    }
                    _ => Kind::Other,
                }
            }
            Self::Google(_) => {
                if path == "/token" {
                    return Kind::Token;
                }
                if path.ends_with("googleAds:search") {
                    return Kind::Lookup;
                }
                let body: Value = serde_json::from_str(&r.body).unwrap_or(Value::Null);
                let op = &body["operations"][0];
                if path.ends_with(":mutate") && op.get("create").is_some() {
                    Kind::Create
                } else if path.ends_with("campaigns:mutate") && op["update"]["status"] == "ENABLED"
                {
                    Kind::Activation
                } else {
                    Kind::Other
                }
            }
        }
    }

    /// The calls recorded since the `from`th request.
    fn calls_since(&self, from: usize) -> Calls {
        let mut c = Calls::default();
        for r in self.requests().iter().skip(from) {
            match self.classify(r) {
                Kind::Token => c.token += 1,
                Kind::Lookup => c.lookups += 1,
                Kind::Create => c.creates += 1,
                Kind::Activation => c.activations += 1,
                Kind::Other => c.other += 1,
            }
        }
        c
    }

    /// Every object the stand-in holds for campaigns under `key`: what it is (its name, or a criterion's
    /// target) and its id.
    fn objects(&self, key: &str) -> Vec<(String, String)> {
        let prefix = format!("{key}:");
        match self {
            Self::Meta(s) => {
                let st = s.state.lock().unwrap();
                st.objects
                    .iter()
                    .filter(|o| o.name.starts_with(&prefix))
                    .map(|o| (format!("{}/{}", o.edge, o.name), o.id.clone()))
                    .collect()
            }
            Self::Google(s) => {
                let st = s.state.lock().unwrap();
                let named: Vec<(String, String)> = st
                    .objects
                    .iter()
                    .filter(|o| {
                        o.fields["name"]
                            .as_str()
                            .is_some_and(|n| n.starts_with(&prefix))
                    })
                    .map(|o| {
                        (
                            format!("{}/{}", o.kind, o.fields["name"].as_str().unwrap()),
                            o.resource_name.clone(),
                        )
                    })
                    .collect();
                let campaigns: Vec<&str> = st
                    .objects
                    .iter()
                    .filter(|o| o.kind == "campaign")
                    .filter(|o| named.iter().any(|(_, id)| *id == o.resource_name))
                    .map(|o| o.resource_name.as_str())
                    .collect();
                let criteria = st
                    .objects
                    .iter()
                    .filter(|o| {
                        o.kind == "campaignCriterion"
                            && campaigns.contains(&o.fields["campaign"].as_str().unwrap_or(""))
                    })
                    .map(|o| {
                        let what = if o.fields.get("proximity").is_some() {
                            format!("proximity {}", o.fields["proximity"])
                        } else {
                            format!("language {}", o.fields["language"])
                        };
                        (format!("campaignCriterion/{what}"), o.resource_name.clone())
                    });
                named.iter().cloned().chain(criteria).collect()
            }
        }
    }

    /// The next create of `on` (a `METHOD path` fragment) is carried out but its reply never comes.
    fn lose_reply(&self, on: &str) {
        match self {
            Self::Meta(s) => s.fault(on, MetaFault::LoseReply),
            Self::Google(s) => s.fault(on, GoogleFault::LoseReply),
        }
    }
}

/// Panics unless the stand-in holds exactly one object per step for `key`, the ones `returned` names.
fn assert_one_per_step(standin: &Standin, key: &str, returned: &[ObjectRef], steps: usize) {
    let held = standin.objects(key);
    let what: BTreeSet<&str> = held.iter().map(|(w, _)| w.as_str()).collect();
    assert_eq!(
        held.len(),
        what.len(),
        "{} {key}: the same object made twice: {held:?}",
        standin.name()
    );
    assert_eq!(
        held.len(),
        steps,
        "{} {key}: {} objects for {steps} steps: {held:?}",
        standin.name(),
        held.len()
    );
    let held_ids: BTreeSet<&str> = held.iter().map(|(_, id)| id.as_str()).collect();
    let returned_ids: BTreeSet<&str> = returned.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(
        held_ids,
        returned_ids,
        "{} {key}: the launch returned other objects than the platform holds",
        standin.name()
    );
    assert_eq!(returned.len(), steps, "{} {key}", standin.name());
}

type Stored = Arc<Mutex<Vec<ObjectRef>>>;

/// A callback that stores each object, as the campaign service does, and fails (the process "crashes"
/// before the write) when handed an object after `limit` are stored.
fn store_up_to(
    into: &Stored,
    limit: usize,
) -> impl FnMut(ObjectRef) -> BoxFuture<'static, Result<(), ChannelError>> + Send + use<> {
    let into = into.clone();
    move |o| -> BoxFuture<'static, Result<(), ChannelError>> {
        let mut stored = into.lock().unwrap();
        if stored.len() >= limit {
            return Box::pin(async {
                Err(ChannelError::Transient(
                    "crashed before the database write".into(),
                ))
            });
        }
        stored.push(o);
        Box::pin(async { Ok(()) })
    }
}

async fn launch(
    platform: &dyn AdPlatform,
    campaign: &AdCampaign,
    known: &[ObjectRef],
    on_created: &mut OnCreated<'_>,
) -> Result<Vec<ObjectRef>, ChannelError> {
    let objects = platform.create(campaign, known, on_created).await?;
    platform.activate(&objects).await?;
    Ok(objects)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// One platform's launches: the calls of each (all the same after the warm-up, or the bench says so), times.
/// Returns the number of steps and a line on the first, cold launch.
async fn launches(standin: &Standin, platform: &dyn AdPlatform, n: usize) -> (usize, String) {
    let (steps, cold) = {
        let c = fenland(&format!("beacon-warm-{}", standin.name()));
        let before = standin.requests().len();
        let started = Instant::now();
        let objects = launch(
            platform,
            &c,
            &[],
            &mut store_up_to(&Stored::default(), usize::MAX),
        )
        .await
        .unwrap();
        let took = started.elapsed();
        let calls = standin.calls_since(before);
        (
            objects.len(),
            format!(
                "{}: the first launch (new connection{}) made {} calls ({} token exchange) in {} ms",
                standin.name(),
                if calls.token > 0 { ", OAuth token" } else { "" },
                calls.total(),
                calls.token,
                ms(took)
            ),
        )
    };
    for i in 1..5 {
        let c = fenland(&format!("beacon-warm{i}-{}", standin.name()));
        launch(
            platform,
            &c,
            &[],
            &mut store_up_to(&Stored::default(), usize::MAX),
        )
        .await
        .unwrap();
    }
    let mut times = Vec::with_capacity(n);
    let mut calls: Vec<Calls> = Vec::with_capacity(n);
    for i in 0..n {
        let key = format!("beacon-l{i}");
        let c = fenland(&key);
        let stored = Stored::default();
        let before = standin.requests().len();
        let started = Instant::now();
        let objects = launch(platform, &c, &[], &mut store_up_to(&stored, usize::MAX))
            .await
            .unwrap();
        times.push(started.elapsed());
        calls.push(standin.calls_since(before));
        assert_eq!(*stored.lock().unwrap(), objects, "every object is stored");
        assert_one_per_step(standin, &key, &objects, steps);
    }
    times.sort_unstable();
    let first = calls[0];
    let same = calls.iter().all(|c| *c == first);
    let mean = times.iter().sum::<Duration>() / n as u32;
    println!(
        "| {} | {steps} | {} | {} | {} | {} | {}{} | {} | {} | {} | {} |",
        standin.name(),
        first.lookups,
        first.creates,
        first.activations,
        first.token,
        first.total(),
        if same { "" } else { " (varied)" },
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99)),
        ms(*times.last().unwrap()),
        ms(mean),
    );
    if !same {
        let (min, max) = (
            calls.iter().map(Calls::total).min().unwrap(),
            calls.iter().map(Calls::total).max().unwrap(),
        );
        println!("  calls per launch varied from {min} to {max}: {calls:?}");
    }
    (steps, cold)
}

/// How the first launch stops.
enum Crash {
    /// The callback fails when handed an object after this many are stored.
    AfterStoring(usize),
    /// Every object made, none stored (the callback never reached the database), not activated.
    NothingStored,
    /// The reply of the first request matching this `METHOD path` fragment is lost.
    LoseReply(&'static str),
}

async fn crash_case(
    standin: &Standin,
    platform: &dyn AdPlatform,
    key: &str,
    steps: usize,
    crash: &Crash,
) {
    let c = fenland(key);
    let stored = Stored::default();
    let label = match crash {
        Crash::AfterStoring(k) if *k == steps => {
            format!("all {steps} stored, crash before activating")
        }
        Crash::AfterStoring(k) => format!("crash after storing {k} of {steps}"),
        Crash::NothingStored => "all made, none stored".to_string(),
        Crash::LoseReply(on) => format!("reply lost: {on}"),
    };
    let first = match crash {
        Crash::AfterStoring(k) => {
            let mut cb = store_up_to(&stored, *k);
            // A crash after the last object is stored comes before activation.
            platform.create(&c, &[], &mut cb).await.map(|_| ())
        }
        Crash::NothingStored => {
            let mut cb = store_up_to(&stored, usize::MAX);
            let made = platform.create(&c, &[], &mut cb).await.unwrap();
            assert_eq!(made.len(), steps);
            stored.lock().unwrap().clear();
            Ok(())
        }
        Crash::LoseReply(on) => {
            standin.lose_reply(on);
            launch(platform, &c, &[], &mut store_up_to(&stored, usize::MAX))
                .await
                .map(|_| ())
        }
    };
    let expect_err = !matches!(crash, Crash::NothingStored)
        && !matches!(crash, Crash::AfterStoring(k) if *k == steps);
    assert_eq!(
        first.is_err(),
        expect_err,
        "{} {label}: the first launch gave {first:?}",
        standin.name()
    );
    let held_after_crash = standin.objects(key).len();
    let known = stored.lock().unwrap().clone();

    let again = Stored::default();
    let before = standin.requests().len();
    let started = Instant::now();
    let objects = launch(platform, &c, &known, &mut store_up_to(&again, usize::MAX))
        .await
        .unwrap_or_else(|e| panic!("{} {label}: the second launch failed: {e}", standin.name()));
    let took = started.elapsed();
    let calls = standin.calls_since(before);
    assert_one_per_step(standin, key, &objects, steps);
    let made = standin.objects(key).len() - held_after_crash;
    assert_eq!(
        made,
        steps - held_after_crash,
        "{} {label}: the second launch made only what was missing",
        standin.name()
    );
    let mut all_stored = known.clone();
    all_stored.extend(again.lock().unwrap().iter().cloned());
    let stored_steps: BTreeSet<&str> = all_stored.iter().map(|o| o.step.as_str()).collect();
    assert_eq!(
        (all_stored.len(), stored_steps.len()),
        (steps, steps),
        "{} {label}: every object stored once in the end",
        standin.name()
    );
    println!(
        "| {} | {label} | {held_after_crash} | {} | {} | {} | {} | {} | {made} | {steps} | {} |",
        standin.name(),
        known.len(),
        calls.lookups,
        calls.creates,
        calls.activations,
        calls.total(),
        ms(took),
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let n: usize = std::env::var("BENCH_LAUNCHES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    let dir = tempfile::tempdir().unwrap();
    let now = Arc::new(|| datetime!(2026-03-09 12:00 UTC));
    let meta = MetaStandin::start().await;
    let meta_platform =
        beacon::channels::platform(&meta_config(&meta.url, dir.path()), "meta", now.clone())
            .unwrap();
    let google = GoogleStandin::start().await;
    let google_platform =
        beacon::channels::platform(&google_config(&google.url), "google", now).unwrap();
    let platforms = [
        (Standin::Meta(meta), meta_platform),
        (Standin::Google(google), google_platform),
    ];

    println!("launching the Fenland campaign (create + activate), {n} launches each, fresh keys");
    println!();
    println!(
        "| platform | objects | lookups | creates | activations | token | calls | p50 ms | p99 ms | max ms | mean ms |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    let mut steps = Vec::new();
    let mut cold = Vec::new();
    for (standin, platform) in &platforms {
        let (s, c) = launches(standin, platform.as_ref(), n).await;
        steps.push(s);
        cold.push(c);
    }
    println!();
    for c in cold {
        println!("{c}");
    }

    println!();
    println!("a second launch after a crash (the objects stored so far given as known)");
    println!();
    println!(
        "| platform | first launch | held after it | stored | 2nd: lookups | creates | activations | calls | objects made | held after | 2nd ms |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for ((standin, platform), steps) in platforms.iter().zip(steps) {
        let mut cases: Vec<Crash> = (0..=steps).map(Crash::AfterStoring).collect();
        cases.push(Crash::NothingStored);
        match standin {
            Standin::Meta(_) => {
                cases.push(Crash::LoseReply("POST /v21.0/act_4242/campaigns"));
                cases.push(Crash::LoseReply("POST /v21.0/act_4242/adsets"));
                cases.push(Crash::LoseReply("POST /v21.0/act_4242/adcreatives"));
            }
            Standin::Google(_) => {
                cases.push(Crash::LoseReply("campaignBudgets:mutate"));
                cases.push(Crash::LoseReply("campaigns:mutate"));
                cases.push(Crash::LoseReply("campaignCriteria:mutate"));
            }
        }
        for (i, crash) in cases.iter().enumerate() {
            let key = format!("beacon-crash{i}");
            crash_case(standin, platform.as_ref(), &key, steps, crash).await;
        }
    }
    println!();
    println!("every launch left exactly one object per step on its platform");
}
