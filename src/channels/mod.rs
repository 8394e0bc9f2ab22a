//! Ad platforms behind one trait: what a campaign asks of each platform (create, activate, pause, budget,
//! end, insights) and the pure mapping between Beacon's types and each platform's requests and replies.
//!
//! - [`meta`]: the Meta Marketing API (Graph API);
//! - [`google`]: the Google Ads REST API;
//! - [`sandbox`]: the demo's default, in memory, with simulated delivery;
//! - [`export`]: the same campaign as files a person uploads by hand (no trait: nothing to call).
//!
//! Adapters make one attempt per call and say whether another may help ([`ChannelError::retryable`]); the
//! service that sends owns retries, idempotency and the audit trail. Tokens are [`Secret`]s and never appear
//! in an error's text, its `Debug` output or a log line.
//!
//! [`Secret`]: crate::config::Secret

pub mod email;
pub mod export;
pub mod google;
pub mod meta;
pub mod sandbox;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use time::{Date, OffsetDateTime};

use crate::audience::targets::Circle;
use crate::config::ChannelsConfig;
use crate::message::Message;

/// What to create on one platform for one campaign.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AdCampaign {
    /// Deterministic and unique per campaign and channel, such as `beacon-c7`; every object's name on the
    /// platform is `{key}:{step}`, which is how a second `create` finds what the first one made.
    pub key: String,
    pub name: String,
    pub objective: Objective,
    /// The budget in the currency's minor units (cents, pence).
    pub budget_minor: i64,
    /// ISO 4217, such as `GBP`.
    pub currency: String,
    pub budget_kind: BudgetKind,
    pub starts_at: OffsetDateTime,
    pub ends_at: OffsetDateTime,
    pub targets: Vec<Circle>,
    pub excluded: Vec<Circle>,
    /// Youngest and oldest age targeted, inclusive.
    pub ages: (u8, u8),
    /// Empty: everyone.
    pub genders: Vec<Gender>,
    /// One ad per locale.
    pub ads: Vec<LocaleAd>,
    /// People the targets hold (the audience's size); only the sandbox reads it, to simulate delivery.
    pub audience_size: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Objective {
    Awareness,
    Reach,
    Traffic { url: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum BudgetKind {
    Daily,
    Lifetime,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Gender {
    Female,
    Male,
}

/// One locale's ad: its words (already rendered from the campaign's Fluent files) and its links.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LocaleAd {
    /// A BCP 47 language tag such as `en` or `lt`.
    pub locale: String,
    pub headline: String,
    pub primary_text: String,
    pub description: String,
    pub image_url: String,
    pub link_url: String,
}

/// An object made on a platform: the step that made it (`campaign`, `adset`, `creative:lt`, `ad:lt`,
/// `budget`, `criterion:…`) and the platform's id for it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ObjectRef {
    pub step: String,
    pub id: String,
}

impl ObjectRef {
    pub fn new(step: impl Into<String>, id: impl Into<String>) -> Self {
        Self {
            step: step.into(),
            id: id.into(),
        }
    }
}

/// One day's delivery, in total (`breakdown` empty) or for one group: `age:25-34`, `gender:female`,
/// `region:<name>`; or, with `breakdown` [`LIFETIME`], the campaign's delivery over the whole range asked
/// for.
///
/// A `lifetime` row covers every day from the range's first day to `day`, its last: `reach` is the people
/// reached at least once over those days, counted once each however many days they were reached (the
/// platform's own deduplicated figure, so never the sum of the daily rows), `frequency` is impressions per
/// person over the range, and `impressions`, `clicks` and `spend_minor` are the range's totals (already in
/// the daily rows, so never added to them). A platform that cannot deduplicate its reach over the range
/// returns no `lifetime` row. Because the row is dated by the range's last day, a later fetch over a longer
/// range adds a row with a later `day`: the row with the greatest `day` is the campaign's reach so far.
#[derive(Debug, Clone, PartialEq)]
pub struct DayInsights {
    pub day: Date,
    pub breakdown: String,
    pub reach: i64,
    pub impressions: i64,
    pub frequency: f64,
    pub clicks: i64,
    pub spend_minor: i64,
}

/// The `breakdown` of a [`DayInsights`] row holding the reach deduplicated over the whole range.
pub const LIFETIME: &str = "lifetime";

/// Why a platform call failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ChannelError {
    /// Too many calls: wait (`retry_after` when the platform says how long) and try again.
    #[error("the platform asks to slow down{}", retry_text(.retry_after))]
    RateLimited { retry_after: Option<Duration> },
    /// The platform or the network failed for now (5xx, a timeout, an error the platform calls transient).
    #[error("the platform failed for now: {0}")]
    Transient(String),
    /// The platform refused the credentials (expired or revoked): an administrator must renew them.
    #[error("the platform refused the credentials: {0}")]
    Auth(String),
    /// A permanent refusal (policy, invalid parameter), with the platform's own words for people and the
    /// field at fault when it names one.
    #[error("the platform refused it{}: {message}", field_text(.field))]
    Refused {
        message: String,
        field: Option<String>,
    },
    /// Some operations of a batch failed (Google's partial failure), one line per failed operation; the
    /// others were applied.
    #[error("some operations failed: {}", .0.join("; "))]
    PartialFailure(Vec<String>),
}

fn retry_text(d: &Option<Duration>) -> String {
    d.map(|d| format!(" (retry after {} s)", d.as_secs()))
        .unwrap_or_default()
}

fn field_text(f: &Option<String>) -> String {
    f.as_ref().map(|f| format!(" ({f})")).unwrap_or_default()
}

impl ChannelError {
    /// Whether the same call may succeed later without anyone changing anything.
    pub fn retryable(&self) -> bool {
        matches!(self, Self::RateLimited { .. } | Self::Transient(_))
    }

    /// The error in words of the locale files (`channel-*`), for pages and the audit log.
    pub fn message(&self) -> Message {
        match self {
            Self::RateLimited { retry_after } => Message::new("channel-rate-limited").number(
                "seconds",
                retry_after.map(|d| d.as_secs() as f64).unwrap_or(0.0),
            ),
            Self::Transient(detail) => Message::new("channel-transient").text("detail", detail),
            Self::Auth(detail) => Message::new("channel-auth").text("detail", detail),
            Self::Refused { message, field } => Message::new("channel-refused")
                .text("message", message)
                .text("field", field.clone().unwrap_or_else(|| "none".into())),
            Self::PartialFailure(items) => Message::new("channel-partial-failure")
                .number("count", items.len() as f64)
                .text("details", items.join("; ")),
        }
    }
}

/// A boxed future, so that [`AdPlatform`] can be used as `Arc<dyn AdPlatform>`.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What [`AdPlatform::create`] calls for every object it made or found that `known` did not hold.
///
/// The contract: the adapter awaits the returned future before it starts the next step, so when the callback
/// stores the object (for instance in the campaign's row, in its own transaction), a crash at any point loses
/// at most an object that a later `create` finds again by name. An `Err` from the callback stops `create` at
/// once and is returned as it is (map your own error to a [`ChannelError`]: a database that failed for now is
/// `Transient`). The future is `'static`: clone what it needs (a `Store`, an id) into it.
pub type OnCreated<'a> =
    dyn FnMut(ObjectRef) -> BoxFuture<'static, Result<(), ChannelError>> + Send + 'a;

/// A callback that stores nothing (tests, exports).
pub fn ignore_created()
-> impl FnMut(ObjectRef) -> BoxFuture<'static, Result<(), ChannelError>> + Send {
    |_| Box::pin(async { Ok(()) })
}

/// One ad platform. Every method makes the calls it needs once; none retries.
pub trait AdPlatform: Send + Sync {
    /// The platform's name in configuration and logs (`meta`, `google`, `sandbox`).
    fn name(&self) -> &'static str;

    /// Creates what is missing, PAUSED, and returns every object (those in `known` and the new ones), in
    /// step order. `known` are objects stored earlier for this campaign; before creating a step that is not
    /// in `known`, the adapter looks on the platform for an object named `{key}:{step}` and reuses it when
    /// found (never creating a second). Each object not in `known` is passed to `on_created` (see
    /// [`OnCreated`]) before the next step starts.
    fn create<'a>(
        &'a self,
        campaign: &'a AdCampaign,
        known: &'a [ObjectRef],
        on_created: &'a mut OnCreated<'_>,
    ) -> BoxFuture<'a, Result<Vec<ObjectRef>, ChannelError>>;

    /// Checks, before anything is made and without making anything, what the platform can tell now: that
    /// the credentials still reach the ad account (`Auth` when they have expired or were revoked), that the
    /// account pays in the campaign's currency, and that the campaign fits the platform (its languages, its
    /// targets). A refusal names the field: `currency`, `locales`, `targets` or `excluded`.
    fn preflight<'a>(&'a self, campaign: &'a AdCampaign)
    -> BoxFuture<'a, Result<(), ChannelError>>;

    /// Starts delivery of the objects `create` returned.
    fn activate<'a>(&'a self, objects: &'a [ObjectRef]) -> BoxFuture<'a, Result<(), ChannelError>>;

    /// Stops delivery until `activate` again.
    fn pause<'a>(&'a self, objects: &'a [ObjectRef]) -> BoxFuture<'a, Result<(), ChannelError>>;

    /// Changes the budget (of the kind the campaign was created with), in minor units.
    fn set_budget<'a>(
        &'a self,
        objects: &'a [ObjectRef],
        budget_minor: i64,
    ) -> BoxFuture<'a, Result<(), ChannelError>>;

    /// Ends the campaign for good: it stops delivering and keeps its insights.
    fn end<'a>(&'a self, objects: &'a [ObjectRef]) -> BoxFuture<'a, Result<(), ChannelError>>;

    /// Daily delivery from `from` to `to` inclusive: totals (breakdown `""`) and, where the platform gives
    /// them, per age band and gender; and, where the platform deduplicates its reach over the range, one
    /// [`LIFETIME`] row dated `to` (see [`DayInsights`]).
    fn insights<'a>(
        &'a self,
        objects: &'a [ObjectRef],
        from: Date,
        to: Date,
    ) -> BoxFuture<'a, Result<Vec<DayInsights>, ChannelError>>;
}

/// The adapter configured under `name` (`sandbox`, `meta`, `google`), or `None` for an unknown name.
/// `now` is the sandbox's clock.
pub fn platform(
    config: &ChannelsConfig,
    name: &str,
    now: Arc<dyn Fn() -> OffsetDateTime + Send + Sync>,
) -> Option<Arc<dyn AdPlatform>> {
    Some(match name {
        "sandbox" => Arc::new(sandbox::Sandbox::new(config.sandbox.clone(), now)),
        "meta" => Arc::new(meta::Meta::new(&config.meta, timeout(config))),
        "google" => Arc::new(google::Google::new(&config.google, timeout(config))),
        _ => return None,
    })
}

/// Every adapter, by name, as a running Beacon uses them: the sandbox keeps its campaigns in
/// `sandbox.json` in `data_dir`, so simulated delivery goes on after a restart.
pub fn platforms(
    config: &ChannelsConfig,
    data_dir: &std::path::Path,
    now: Arc<dyn Fn() -> OffsetDateTime + Send + Sync>,
) -> Result<std::collections::HashMap<String, Arc<dyn AdPlatform>>, String> {
    let mut out = std::collections::HashMap::new();
    let sandbox = sandbox::Sandbox::open(
        config.sandbox.clone(),
        now.clone(),
        &data_dir.join("sandbox.json"),
    )?;
    out.insert(
        "sandbox".to_string(),
        Arc::new(sandbox) as Arc<dyn AdPlatform>,
    );
    for name in ["meta", "google"] {
        if let Some(p) = platform(config, name, now.clone()) {
            out.insert(name.to_string(), p);
        }
    }
    Ok(out)
}

fn timeout(config: &ChannelsConfig) -> Duration {
    Duration::from_millis(config.timeout_ms)
}

/// The refusal of a campaign in another currency than the ad account's.
pub(crate) fn check_currency(campaign: &AdCampaign, account: &str) -> Result<(), ChannelError> {
    if campaign.currency.eq_ignore_ascii_case(account) {
        Ok(())
    } else {
        Err(ChannelError::Refused {
            message: format!(
                "the ad account pays in {account}, not {}",
                campaign.currency
            ),
            field: Some("currency".into()),
        })
    }
}

/// The HTTP client every adapter uses: rustls, the configured timeout for the whole exchange, no cookies.
pub(crate) fn http_client(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .user_agent(concat!("beacon/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("a client with rustls and a timeout builds")
}

/// A network failure as a `Transient` error, without the URL (a URL may carry a token).
pub(crate) fn network_error(e: reqwest::Error) -> ChannelError {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_decode() || e.is_body() {
        "could not read the reply"
    } else {
        "request failed"
    };
    ChannelError::Transient(format!("{kind}: {}", e.without_url()))
}

/// Removes every secret from `text` (platforms sometimes echo a request back in an error).
pub(crate) fn redact(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_string();
    for s in secrets.iter().filter(|s| s.len() >= 4) {
        out = out.replace(s, "********");
    }
    out
}

impl ChannelError {
    /// The same error with every secret removed from its text.
    pub(crate) fn redacted(self, secrets: &[&str]) -> Self {
        let r = |t: String| redact(&t, secrets);
        match self {
            Self::RateLimited { .. } => self,
            Self::Transient(t) => Self::Transient(r(t)),
            Self::Auth(t) => Self::Auth(r(t)),
            Self::Refused { message, field } => Self::Refused {
                message: r(message),
                field,
            },
            Self::PartialFailure(items) => Self::PartialFailure(items.into_iter().map(r).collect()),
        }
    }
}

/// The locale's language subtag, lower case (`en-GB` → `en`).
pub(crate) fn language(locale: &str) -> String {
    locale
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// The days of `[from, to]`, inclusive.
pub(crate) fn days(from: Date, to: Date) -> impl Iterator<Item = Date> {
    std::iter::successors(Some(from), |d| d.next_day()).take_while(move |d| *d <= to)
}

/// A platform's money as text in major units (`"12.34"`) → minor units, for currencies with two decimals.
pub(crate) fn major_to_minor(text: &str) -> i64 {
    text.trim()
        .parse::<f64>()
        .map(|v| (v * 100.0).round() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use time::macros::datetime;

    /// A Fenland campaign in English and Lithuanian, two circles and one excluded.
    pub(crate) fn fenland() -> AdCampaign {
        AdCampaign {
            key: "beacon-c7".into(),
            name: "Fenland".into(),
            objective: Objective::Awareness,
            budget_minor: 2500,
            currency: "GBP".into(),
            budget_kind: BudgetKind::Daily,
            starts_at: datetime!(2026-03-02 08:00 UTC),
            ends_at: datetime!(2026-03-16 08:00 UTC),
            targets: vec![
                Circle {
                    latitude: 52.6705,
                    longitude: 0.1601,
                    radius_km: 4.5,
                },
                Circle {
                    latitude: 52.5712,
                    longitude: -0.2429,
                    radius_km: 6.0,
                },
            ],
            excluded: vec![Circle {
                latitude: 52.6,
                longitude: 0.0,
                radius_km: 1.0,
            }],
            ages: (18, 54),
            genders: vec![Gender::Female, Gender::Male],
            ads: ["en", "lt"]
                .iter()
                .map(|l| LocaleAd {
                    locale: l.to_string(),
                    headline: format!("{l} headline"),
                    primary_text: format!("{l} text"),
                    description: format!("{l} description"),
                    image_url: "https://example.org/a.png".into(),
                    link_url: format!("https://example.org/{l}"),
                })
                .collect(),
            audience_size: 50_000.0,
        }
    }

    #[test]
    fn retryable_errors_are_rate_limits_and_transient_failures() {
        assert!(ChannelError::RateLimited { retry_after: None }.retryable());
        assert!(ChannelError::Transient("x".into()).retryable());
        assert!(!ChannelError::Auth("x".into()).retryable());
        assert!(
            !ChannelError::Refused {
                message: "x".into(),
                field: None
            }
            .retryable()
        );
        assert!(!ChannelError::PartialFailure(vec![]).retryable());
    }

    #[test]
    fn errors_are_worded_in_the_locale_files() {
        let e = ChannelError::Refused {
            message: "Your ad image contains too much text".into(),
            field: Some("picture".into()),
        };
        let words = crate::message::english(&e.message());
        assert!(
            words.contains("Your ad image contains too much text"),
            "{words}"
        );
        for e in [
            ChannelError::RateLimited {
                retry_after: Some(Duration::from_secs(120)),
            },
            ChannelError::Transient("HTTP 503".into()),
            ChannelError::Auth("expired".into()),
            ChannelError::PartialFailure(vec!["a".into(), "b".into()]),
        ] {
            let m = e.message();
            assert_ne!(crate::message::english(&m), m.id, "{m:?} has no words");
        }
    }

    #[test]
    fn secrets_are_redacted() {
        let e = ChannelError::Auth("token EAAB1234 expired".into()).redacted(&["EAAB1234"]);
        assert_eq!(
            e.to_string(),
            "the platform refused the credentials: token ******** expired"
        );
    }

    #[test]
    fn helpers() {
        assert_eq!(language("en-GB"), "en");
        assert_eq!(language("LT"), "lt");
        assert_eq!(major_to_minor("12.34"), 1234);
        assert_eq!(major_to_minor("0.1"), 10);
        let d =
            |s| Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).unwrap();
        assert_eq!(days(d("2026-02-27"), d("2026-03-01")).count(), 3);
        assert_eq!(days(d("2026-03-02"), d("2026-03-01")).count(), 0);
    }
}
