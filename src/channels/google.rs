//! The Google Ads REST API: a campaign budget, a Display campaign (PAUSED) and its criteria (proximity
//! circles and languages); status and budget changes; daily metrics.
//!
//! Every call carries `Authorization: Bearer` (an access token from the OAuth refresh token, kept until a
//! minute before it expires), `developer-token` and, when set, `login-customer-id`. Objects are named
//! `{key}:{step}` and looked up with GAQL (`googleAds:search`) before they are created; criteria have no
//! names, so those already on the campaign are matched by what they target. Criteria are created in one
//! mutate with `partialFailure: true`: the ones that worked are kept (and reported), the failed ones become
//! one [`ChannelError::PartialFailure`] line each.
//!
//! Not done yet: ad groups, age and gender criteria (Google sets them per ad group) and responsive display
//! ads (their images must first be uploaded as assets); a Google campaign therefore targets places and
//! languages only. Google takes no excluded radius (negative proximity), so a campaign with excluded circles
//! is refused (field `excluded`). Daily reach is not in Google's daily metrics: `reach` and `frequency` are
//! 0. The campaign's reach over the whole range is Google's `metrics.unique_users`, asked for with
//! `segments.date` in the WHERE clause only, so that Google counts each person once over the range; Google
//! gives it for Display, Video, Discovery and App campaigns over at most 92 days, and where it gives none
//! (another campaign type, a longer range) there is no `lifetime` row.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use time::Date;

use super::{
    AdCampaign, AdPlatform, BoxFuture, BudgetKind, ChannelError, DayInsights, LIFETIME, ObjectRef,
    Objective, OnCreated,
};
use crate::config::{GoogleChannelConfig, Secret};

/// The Google Ads adapter.
pub struct Google {
    http: reqwest::Client,
    /// `{api_url}/{version}/customers/{customer_id}`.
    base: String,
    login_customer_id: String,
    developer_token: Secret,
    token_url: String,
    client_id: String,
    client_secret: Secret,
    refresh_token: Secret,
    language_ids: BTreeMap<String, u32>,
    access: tokio::sync::Mutex<Option<(Secret, Instant)>>,
}

impl std::fmt::Debug for Google {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Google")
            .field("base", &self.base)
            .field("developer_token", &self.developer_token)
            .field("refresh_token", &self.refresh_token)
            .finish_non_exhaustive()
    }
}

const DATE: &[time::format_description::FormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

fn day(d: Date) -> String {
    d.format(DATE).unwrap_or_default()
}

/// Minor units (cents) → micros, for currencies with two decimals.
pub fn micros(minor: i64) -> String {
    (minor.saturating_mul(10_000)).to_string()
}

/// A GAQL string literal (single quotes, backslash escapes).
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// The GAQL that finds an object named `name` of `resource` (`campaign`, `campaign_budget`).
pub fn lookup_query(resource: &str, name: &str) -> String {
    format!(
        "SELECT {resource}.resource_name, {resource}.id FROM {resource} WHERE {resource}.name = {}",
        quote(name)
    )
}

/// `campaignBudgets:mutate`: the budget, not shared, named `{key}:budget`.
pub fn budget_body(c: &AdCampaign) -> Value {
    let mut create = json!({"name": format!("{}:budget", c.key), "deliveryMethod": "STANDARD",
        "explicitlyShared": false});
    match c.budget_kind {
        BudgetKind::Daily => create["amountMicros"] = json!(micros(c.budget_minor)),
        BudgetKind::Lifetime => {
            create["totalAmountMicros"] = json!(micros(c.budget_minor));
            create["period"] = json!("CUSTOM_PERIOD");
        }
    }
    json!({"operations": [{"create": create}]})
}

/// `campaigns:mutate`: a Display campaign, PAUSED, on the budget; CPM bidding for awareness and reach,
/// clicks for traffic.
pub fn campaign_body(c: &AdCampaign, budget: &str) -> Value {
    let mut create = json!({
        "name": format!("{}:campaign", c.key),
        "status": "PAUSED",
        "advertisingChannelType": "DISPLAY",
        "campaignBudget": budget,
        "startDate": day(c.starts_at.date()),
        "endDate": day(c.ends_at.date()),
    });
    match c.objective {
        Objective::Awareness | Objective::Reach => create["manualCpm"] = json!({}),
        Objective::Traffic { .. } => create["targetSpend"] = json!({}),
    }
    json!({"operations": [{"create": create}]})
}

/// One criterion to create: its step, what makes it recognisable among the campaign's criteria, and the
/// `create` operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    pub step: String,
    pub matches: String,
    pub create: Value,
}

/// The campaign's criteria: one proximity per circle, one language per ad locale. A locale without a
/// language id is refused (field `languages`), excluded circles too (field `excluded`).
pub fn criteria(
    c: &AdCampaign,
    campaign: &str,
    language_ids: &BTreeMap<String, u32>,
) -> Result<Vec<Criterion>, ChannelError> {
    if !c.excluded.is_empty() {
        return Err(ChannelError::Refused {
            message: "Google Ads takes no excluded radius; compile the targets for Google".into(),
            field: Some("excluded".into()),
        });
    }
    let mut out = Vec::new();
    for (i, t) in c.targets.iter().enumerate() {
        let (lat, lon) = (
            (t.latitude * 1e6).round() as i64,
            (t.longitude * 1e6).round() as i64,
        );
        out.push(Criterion {
            step: format!("criterion:proximity:{}", i + 1),
            matches: proximity_key(lat, lon, t.radius_km),
            create: json!({"campaign": campaign, "proximity": {
                "geoPoint": {"latitudeInMicroDegrees": lat, "longitudeInMicroDegrees": lon},
                "radius": t.radius_km, "radiusUnits": "KILOMETERS"}}),
        });
    }
    for ad in &c.ads {
        let lang = super::language(&ad.locale);
        let id = language_ids
            .get(&lang)
            .ok_or_else(|| ChannelError::Refused {
                message: format!(
                    "Google Ads has no language configured for “{}” (channels.google.language_ids)",
                    ad.locale
                ),
                field: Some("languages".into()),
            })?;
        let step = format!("criterion:language:{lang}");
        if out.iter().any(|c: &Criterion| c.step == step) {
            continue;
        }
        let constant = format!("languageConstants/{id}");
        out.push(Criterion {
            step,
            matches: format!("language:{constant}"),
            create: json!({"campaign": campaign, "language": {"languageConstant": constant}}),
        });
    }
    Ok(out)
}

fn proximity_key(lat: i64, lon: i64, radius: f64) -> String {
    format!("proximity:{lat}:{lon}:{:.3}", radius)
}

/// What recognises a criterion found on the campaign (a row of `campaign_criterion`), as [`Criterion`]'s
/// `matches`.
fn found_key(row: &Value) -> Option<String> {
    let c = row.get("campaignCriterion")?;
    if let Some(p) = c.get("proximity") {
        let g = p.get("geoPoint")?;
        return Some(proximity_key(
            int(g.get("latitudeInMicroDegrees")?)?,
            int(g.get("longitudeInMicroDegrees")?)?,
            p.get("radius")?.as_f64()?,
        ));
    }
    let l = c.get("language")?.get("languageConstant")?.as_str()?;
    Some(format!("language:{l}"))
}

/// An int64, which JSON carries as text.
fn int(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// A Google Ads error reply as a [`ChannelError`].
pub fn map_error(status: u16, body: &str) -> ChannelError {
    let parsed: Option<Value> = serde_json::from_str(body).ok();
    let Some(e) = parsed.as_ref().and_then(|v| v.get("error")) else {
        return match status {
            429 => ChannelError::RateLimited { retry_after: None },
            401 | 403 => ChannelError::Auth(format!("HTTP {status}")),
            s if s >= 500 => ChannelError::Transient(format!("HTTP {status}")),
            _ => ChannelError::Refused {
                message: format!("HTTP {status}"),
                field: None,
            },
        };
    };
    let grpc = e.get("status").and_then(Value::as_str).unwrap_or("");
    let message = e
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let failures = ads_errors(e);
    let first = failures.first();
    let request_id = find_key(e, "requestId")
        .map(|r| format!(" (request {r})"))
        .unwrap_or_default();
    match (status, grpc) {
        (429, _) | (_, "RESOURCE_EXHAUSTED") => ChannelError::RateLimited {
            retry_after: find_key(e, "retryDelay").and_then(|d| parse_delay(&d)),
        },
        (401, _) | (_, "UNAUTHENTICATED") | (403, _) | (_, "PERMISSION_DENIED") => {
            ChannelError::Auth(format!(
                "{}{request_id}",
                first.map(|f| f.1.as_str()).unwrap_or(&message)
            ))
        }
        (_, "UNAVAILABLE" | "DEADLINE_EXCEEDED" | "INTERNAL" | "ABORTED") => {
            ChannelError::Transient(format!("{grpc}: {message}{request_id}"))
        }
        (s, _) if s >= 500 => ChannelError::Transient(format!("HTTP {s}: {message}{request_id}")),
        _ => match first {
            Some((_, m, field)) => ChannelError::Refused {
                message: m.clone(),
                field: field.clone(),
            },
            None => ChannelError::Refused {
                message,
                field: None,
            },
        },
    }
}

/// The `GoogleAdsFailure` errors under an error's details: (operation index, message, field).
fn ads_errors(e: &Value) -> Vec<(Option<usize>, String, Option<String>)> {
    let mut out = Vec::new();
    for d in e
        .get("details")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        for err in d
            .get("errors")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let path: Vec<&Value> = err
                .pointer("/location/fieldPathElements")
                .and_then(Value::as_array)
                .map(|a| a.iter().collect())
                .unwrap_or_default();
            let index = path
                .iter()
                .find(|p| p.get("fieldName").and_then(Value::as_str) == Some("operations"))
                .and_then(|p| p.get("index"))
                .and_then(Value::as_u64)
                .map(|i| i as usize);
            let field = path
                .last()
                .and_then(|p| p.get("fieldName"))
                .and_then(Value::as_str)
                .filter(|f| *f != "operations" && *f != "create")
                .map(str::to_string);
            let message = err
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            out.push((index, message, field));
        }
    }
    out
}

/// The first string value under `key` anywhere in `v`.
fn find_key(v: &Value, key: &str) -> Option<String> {
    match v {
        Value::Object(m) => m
            .get(key)
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| m.values().find_map(|x| find_key(x, key))),
        Value::Array(a) => a.iter().find_map(|x| find_key(x, key)),
        _ => None,
    }
}

/// A protobuf duration as JSON gives it: `"30s"`, `"1.5s"`.
fn parse_delay(d: &str) -> Option<Duration> {
    let secs: f64 = d.trim().strip_suffix('s')?.parse().ok()?;
    (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs))
}

/// The failed operations of a partial failure, one line each, named by their step.
pub fn partial_failures(reply: &Value, steps: &[String]) -> Vec<String> {
    let Some(e) = reply.get("partialFailureError") else {
        return Vec::new();
    };
    let errors = ads_errors(e);
    if errors.is_empty() {
        let m = e.get("message").and_then(Value::as_str).unwrap_or("failed");
        return vec![m.to_string()];
    }
    errors
        .into_iter()
        .map(
            |(i, m, _)| match i.and_then(|i| steps.get(i).map(|s| (i, s))) {
                Some((i, s)) => format!("operation {i} ({s}): {m}"),
                None => m,
            },
        )
        .collect()
}

/// The metrics rows of one search page and its next page token. `breakdown` is `age`, `gender` or empty.
pub fn parse_metrics(
    reply: &Value,
    breakdown: &str,
) -> Result<(Vec<DayInsights>, Option<String>), ChannelError> {
    let mut out = Vec::new();
    for r in reply
        .get("results")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let d = r
            .pointer("/segments/date")
            .and_then(Value::as_str)
            .and_then(|s| Date::parse(s, DATE).ok())
            .ok_or_else(|| ChannelError::Transient("search row without segments.date".into()))?;
        let m = |k: &str| {
            r.pointer(&format!("/metrics/{k}"))
                .and_then(int)
                .unwrap_or(0)
        };
        let label = match breakdown {
            "age" => {
                let t = r
                    .pointer("/adGroupCriterion/ageRange/type")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                let band = t
                    .strip_prefix("AGE_RANGE_")
                    .map(|b| b.replace("_UP", "+").replace('_', "-"))
                    .filter(|b| b != "UNDETERMINED")
                    .unwrap_or_else(|| "unknown".into());
                format!("age:{band}")
            }
            "gender" => {
                let t = r
                    .pointer("/adGroupCriterion/gender/type")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                let g = match t {
                    "FEMALE" => "female",
                    "MALE" => "male",
                    _ => "unknown",
                };
                format!("gender:{g}")
            }
            _ => String::new(),
        };
        out.push(DayInsights {
            day: d,
            breakdown: label,
            reach: 0,
            impressions: m("impressions"),
            frequency: 0.0,
            clicks: m("clicks"),
            spend_minor: (m("costMicros") as f64 / 10_000.0).round() as i64,
        });
    }
    let next = reply
        .get("nextPageToken")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .map(str::to_string);
    Ok((out, next))
}

/// The GAQL of daily metrics for one breakdown (empty: the campaign's totals).
pub fn metrics_query(campaign: &str, from: Date, to: Date, breakdown: &str) -> String {
    let (select, resource) = match breakdown {
        "age" => (", ad_group_criterion.age_range.type", "age_range_view"),
        "gender" => (", ad_group_criterion.gender.type", "gender_view"),
        _ => ("", "campaign"),
    };
    format!(
        "SELECT segments.date{select}, metrics.impressions, metrics.clicks, metrics.cost_micros \
         FROM {resource} WHERE campaign.resource_name = {} AND segments.date BETWEEN '{}' AND '{}'",
        quote(campaign),
        day(from),
        day(to)
    )
}

/// The longest range, in days, over which Google counts unique users.
pub const MAX_UNIQUE_USERS_DAYS: i64 = 92;

/// The GAQL of the campaign's unique users over the whole range: `segments.date` filters the range in
/// WHERE and is not selected, so Google returns one row aggregated over the range, with each person
/// counted once in `metrics.unique_users`.
pub fn lifetime_query(campaign: &str, from: Date, to: Date) -> String {
    format!(
        "SELECT metrics.unique_users, metrics.average_impression_frequency_per_user, \
         metrics.impressions, metrics.clicks, metrics.cost_micros \
         FROM campaign WHERE campaign.resource_name = {} AND segments.date BETWEEN '{}' AND '{}'",
        quote(campaign),
        day(from),
        day(to)
    )
}

/// The row of a [`lifetime_query`] reply as a [`LIFETIME`] row dated `to`, the last day it covers; `None`
/// when Google returned no row or no unique users (a campaign type without them, such as Search).
pub fn parse_lifetime(reply: &Value, to: Date) -> Option<DayInsights> {
    let m = reply.pointer("/results/0/metrics")?;
    let n = |k: &str| m.get(k).and_then(int).unwrap_or(0);
    let reach = m.get("uniqueUsers").and_then(int).filter(|u| *u > 0)?;
    Some(DayInsights {
        day: to,
        breakdown: LIFETIME.to_string(),
        reach,
        impressions: n("impressions"),
        frequency: m
            .get("averageImpressionFrequencyPerUser")
            .and_then(Value::as_f64)
            .unwrap_or(0.0),
        clicks: n("clicks"),
        spend_minor: (n("costMicros") as f64 / 10_000.0).round() as i64,
    })
}

fn find<'o>(objects: &'o [ObjectRef], step: &str) -> Result<&'o str, ChannelError> {
    objects
        .iter()
        .find(|o| o.step == step)
        .map(|o| o.id.as_str())
        .ok_or_else(|| ChannelError::Refused {
            message: format!("no {step} was created on Google Ads for this campaign"),
            field: Some(step.to_string()),
        })
}

fn first_resource(reply: &Value, what: &str) -> Result<String, ChannelError> {
    reply
        .pointer("/results/0/resourceName")
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| ChannelError::Transient(format!("{what}: the reply has no resourceName")))
}

impl Google {
    pub fn new(config: &GoogleChannelConfig, timeout: Duration) -> Self {
        Self {
            http: super::http_client(timeout),
            base: format!(
                "{}/{}/customers/{}",
                config.api_url.trim_end_matches('/'),
                config.api_version.trim_matches('/'),
                config.customer_id.replace('-', "")
            ),
            login_customer_id: config.login_customer_id.replace('-', ""),
            developer_token: config.developer_token.clone(),
            token_url: config.token_url.clone(),
            client_id: config.client_id.clone(),
            client_secret: config.client_secret.clone(),
            refresh_token: config.refresh_token.clone(),
            language_ids: config.language_ids.clone(),
            access: tokio::sync::Mutex::new(None),
        }
    }

    fn secrets(&self) -> [&str; 3] {
        [
            self.developer_token.expose(),
            self.client_secret.expose(),
            self.refresh_token.expose(),
        ]
    }

    /// An access token: the cached one until a minute before it expires, else a new one from the refresh
    /// token.
    async fn access_token(&self) -> Result<Secret, ChannelError> {
        let mut cached = self.access.lock().await;
        if let Some((token, until)) = cached.as_ref()
            && Instant::now() < *until
        {
            return Ok(token.clone());
        }
        let form = [
            ("grant_type", "refresh_token"),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.expose()),
            ("refresh_token", self.refresh_token.expose()),
        ];
        let response = self
            .http
            .post(&self.token_url)
            .form(&form)
            .send()
            .await
            .map_err(super::network_error)?;
        let status = response.status().as_u16();
        let body = response.text().await.map_err(super::network_error)?;
        let reply: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
        if !(200..300).contains(&status) {
            let code = reply.get("error").and_then(Value::as_str).unwrap_or("");
            let text = format!("token exchange: HTTP {status} {code}");
            return Err(if status >= 500 {
                ChannelError::Transient(text)
            } else if status == 429 {
                ChannelError::RateLimited { retry_after: None }
            } else {
                ChannelError::Auth(text)
            });
        }
        let token = reply
            .get("access_token")
            .and_then(Value::as_str)
            .ok_or_else(|| ChannelError::Auth("token exchange: no access_token".into()))?;
        let lifetime = reply
            .get("expires_in")
            .and_then(Value::as_u64)
            .unwrap_or(3600);
        let token = Secret::new(token);
        *cached = Some((
            token.clone(),
            Instant::now() + Duration::from_secs(lifetime.saturating_sub(60)),
        ));
        Ok(token)
    }

    /// POSTs JSON to `{base}/{path}` with the headers Google Ads asks for.
    async fn call(&self, path: &str, body: &Value) -> Result<Value, ChannelError> {
        let access = self.access_token().await;
        let secrets = self.secrets();
        let result = async {
            let access = access?;
            let mut request = self
                .http
                .post(format!("{}/{path}", self.base))
                .bearer_auth(access.expose())
                .header("developer-token", self.developer_token.expose())
                .json(body);
            if !self.login_customer_id.is_empty() {
                request = request.header("login-customer-id", &self.login_customer_id);
            }
            let response = request.send().await.map_err(super::network_error)?;
            let status = response.status().as_u16();
            let text = response.text().await.map_err(super::network_error)?;
            if status == 401 {
                // The access token may have been revoked early: ask for a new one next time.
                *self.access.lock().await = None;
            }
            if (200..300).contains(&status) {
                serde_json::from_str(&text).map_err(|_| {
                    ChannelError::Transient(format!("HTTP {status}: the reply is not JSON"))
                })
            } else {
                Err(map_error(status, &text))
            }
        }
        .await;
        result.map_err(|e| e.redacted(&secrets))
    }

    async fn search(&self, query: &str, page_token: Option<&str>) -> Result<Value, ChannelError> {
        let mut body = json!({"query": query});
        if let Some(t) = page_token {
            body["pageToken"] = json!(t);
        }
        self.call("googleAds:search", &body).await
    }

    async fn lookup(&self, resource: &str, name: &str) -> Result<Option<String>, ChannelError> {
        let reply = self.search(&lookup_query(resource, name), None).await?;
        let camel = if resource == "campaign" {
            "campaign"
        } else {
            "campaignBudget"
        };
        Ok(reply
            .pointer(&format!("/results/0/{camel}/resourceName"))
            .and_then(Value::as_str)
            .map(str::to_string))
    }

    async fn set_status(&self, campaign: &str, status: &str) -> Result<(), ChannelError> {
        let body = json!({"operations": [{"update": {"resourceName": campaign, "status": status},
            "updateMask": "status"}]});
        self.call("campaigns:mutate", &body).await.map(|_| ())
    }
}

impl AdPlatform for Google {
    fn name(&self) -> &'static str {
        "google"
    }

    fn preflight<'a>(&'a self, c: &'a AdCampaign) -> BoxFuture<'a, Result<(), ChannelError>> {
        Box::pin(async move {
            criteria(c, "", &self.language_ids)?;
            let reply = self
                .search(
                    "SELECT customer.currency_code, customer.status FROM customer",
                    None,
                )
                .await?;
            let customer = reply.pointer("/results/0/customer").ok_or_else(|| {
                ChannelError::Transient("the customer query returned nothing".into())
            })?;
            let status = customer
                .get("status")
                .and_then(Value::as_str)
                .unwrap_or("ENABLED");
            if status != "ENABLED" {
                return Err(ChannelError::Refused {
                    message: format!("the Google Ads account is {}", status.to_ascii_lowercase()),
                    field: Some("account".into()),
                });
            }
            let currency = customer
                .get("currencyCode")
                .and_then(Value::as_str)
                .ok_or_else(|| ChannelError::Transient("the customer has no currency".into()))?;
            super::check_currency(c, currency)
        })
    }

    fn create<'a>(
        &'a self,
        c: &'a AdCampaign,
        known: &'a [ObjectRef],
        on_created: &'a mut OnCreated<'_>,
    ) -> BoxFuture<'a, Result<Vec<ObjectRef>, ChannelError>> {
        Box::pin(async move {
            // Refuse what can be refused before anything is made.
            criteria(c, "", &self.language_ids)?;
            let mut out = Vec::new();
            let known_id = |step: &str| known.iter().find(|o| o.step == step).map(|o| o.id.clone());
            for (step, resource) in [("budget", "campaign_budget"), ("campaign", "campaign")] {
                if let Some(id) = known_id(step) {
                    out.push(ObjectRef::new(step, id));
                    continue;
                }
                let name = format!("{}:{step}", c.key);
                let id = match self.lookup(resource, &name).await? {
                    Some(id) => id,
                    None => {
                        let (path, body) = if step == "budget" {
                            ("campaignBudgets:mutate", budget_body(c))
                        } else {
                            ("campaigns:mutate", campaign_body(c, find(&out, "budget")?))
                        };
                        let id = first_resource(&self.call(path, &body).await?, step)?;
                        tracing::info!(platform = "google", key = %c.key, step, id = %id, "created");
                        id
                    }
                };
                let object = ObjectRef::new(step, id);
                on_created(object.clone()).await?;
                out.push(object);
            }
            let campaign = find(&out, "campaign")?.to_string();
            let wanted = criteria(c, &campaign, &self.language_ids)?;
            let mut missing: Vec<Criterion> = Vec::new();
            for w in wanted {
                match known_id(&w.step) {
                    Some(id) => out.push(ObjectRef::new(w.step, id)),
                    None => missing.push(w),
                }
            }
            if missing.is_empty() {
                return Ok(out);
            }
            // Criteria already on the campaign (made by an earlier create whose reply was lost).
            let query = format!(
                "SELECT campaign_criterion.resource_name, campaign_criterion.proximity.geo_point.latitude_in_micro_degrees, \
                 campaign_criterion.proximity.geo_point.longitude_in_micro_degrees, campaign_criterion.proximity.radius, \
                 campaign_criterion.language.language_constant FROM campaign_criterion WHERE campaign.resource_name = {}",
                quote(&campaign)
            );
            let mut token: Option<String> = None;
            let mut found: Vec<(String, String)> = Vec::new();
            loop {
                let reply = self.search(&query, token.as_deref()).await?;
                for row in reply
                    .get("results")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    if let (Some(k), Some(id)) = (
                        found_key(row),
                        row.pointer("/campaignCriterion/resourceName")
                            .and_then(Value::as_str),
                    ) {
                        found.push((k, id.to_string()));
                    }
                }
                token = reply
                    .get("nextPageToken")
                    .and_then(Value::as_str)
                    .filter(|t| !t.is_empty())
                    .map(str::to_string);
                if token.is_none() {
                    break;
                }
            }
            let mut to_make = Vec::new();
            for m in missing {
                match found.iter().find(|(k, _)| *k == m.matches) {
                    Some((_, id)) => {
                        let object = ObjectRef::new(m.step, id.clone());
                        on_created(object.clone()).await?;
                        out.push(object);
                    }
                    None => to_make.push(m),
                }
            }
            if to_make.is_empty() {
                return Ok(out);
            }
            let body = json!({"operations": to_make.iter().map(|m| json!({"create": m.create})).collect::<Vec<_>>(),
                "partialFailure": true});
            let reply = self.call("campaignCriteria:mutate", &body).await?;
            let results = reply
                .get("results")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for (m, r) in to_make.iter().zip(results.iter()) {
                if let Some(id) = r.get("resourceName").and_then(Value::as_str) {
                    let object = ObjectRef::new(m.step.clone(), id);
                    on_created(object.clone()).await?;
                    out.push(object);
                }
            }
            let steps: Vec<String> = to_make.iter().map(|m| m.step.clone()).collect();
            let failed = partial_failures(&reply, &steps);
            if !failed.is_empty() {
                return Err(ChannelError::PartialFailure(failed).redacted(&self.secrets()));
            }
            Ok(out)
        })
    }

    fn activate<'a>(&'a self, objects: &'a [ObjectRef]) -> BoxFuture<'a, Result<(), ChannelError>> {
        Box::pin(async move { self.set_status(find(objects, "campaign")?, "ENABLED").await })
    }

    fn pause<'a>(&'a self, objects: &'a [ObjectRef]) -> BoxFuture<'a, Result<(), ChannelError>> {
        Box::pin(async move { self.set_status(find(objects, "campaign")?, "PAUSED").await })
    }

    fn set_budget<'a>(
        &'a self,
        objects: &'a [ObjectRef],
        budget_minor: i64,
    ) -> BoxFuture<'a, Result<(), ChannelError>> {
        Box::pin(async move {
            let budget = find(objects, "budget")?;
            // The budget keeps its kind: a daily amount, or a total over the campaign.
            let reply = self
                .search(
                    &format!(
                        "SELECT campaign_budget.amount_micros, campaign_budget.total_amount_micros \
                         FROM campaign_budget WHERE campaign_budget.resource_name = {}",
                        quote(budget)
                    ),
                    None,
                )
                .await?;
            let total = reply
                .pointer("/results/0/campaignBudget/totalAmountMicros")
                .and_then(int)
                .is_some_and(|v| v > 0);
            let field = if total {
                "totalAmountMicros"
            } else {
                "amountMicros"
            };
            let body = json!({"operations": [{"update": {"resourceName": budget, field: micros(budget_minor)},
                "updateMask": if total { "total_amount_micros" } else { "amount_micros" }}]});
            self.call("campaignBudgets:mutate", &body).await.map(|_| ())
        })
    }

    fn end<'a>(&'a self, objects: &'a [ObjectRef]) -> BoxFuture<'a, Result<(), ChannelError>> {
        Box::pin(async move {
            // Removed: no more delivery, metrics kept.
            let body = json!({"operations": [{"remove": find(objects, "campaign")?}]});
            self.call("campaigns:mutate", &body).await.map(|_| ())
        })
    }

    fn insights<'a>(
        &'a self,
        objects: &'a [ObjectRef],
        from: Date,
        to: Date,
    ) -> BoxFuture<'a, Result<Vec<DayInsights>, ChannelError>> {
        Box::pin(async move {
            let campaign = find(objects, "campaign")?;
            let mut rows = Vec::new();
            for breakdown in ["", "age", "gender"] {
                let query = metrics_query(campaign, from, to, breakdown);
                let mut token: Option<String> = None;
                for _ in 0..500 {
                    let reply = self.search(&query, token.as_deref()).await?;
                    let (more, next) = parse_metrics(&reply, breakdown)?;
                    rows.extend(more);
                    token = next;
                    if token.is_none() {
                        break;
                    }
                }
            }
            if (to - from).whole_days() < MAX_UNIQUE_USERS_DAYS {
                match self.search(&lifetime_query(campaign, from, to), None).await {
                    Ok(reply) => rows.extend(parse_lifetime(&reply, to)),
                    // A refused query loses the lifetime figure only: the daily rows are kept, and the
                    // reach falls back to the highest day.
                    Err(e @ ChannelError::Refused { .. }) => {
                        tracing::warn!(platform = "google", error = %e, "no unique users");
                    }
                    Err(e) => return Err(e),
                }
            }
            Ok(rows)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn campaign() -> AdCampaign {
        let mut c = crate::channels::tests::fenland();
        c.excluded.clear();
        c
    }

    fn ids() -> BTreeMap<String, u32> {
        [("en".to_string(), 1000), ("lt".to_string(), 1029)].into()
    }

    #[test]
    fn budget_and_campaign_bodies() {
        let c = campaign();
        assert_eq!(
            budget_body(&c),
            json!({"operations": [{"create": {"name": "beacon-c7:budget", "deliveryMethod": "STANDARD",
                "explicitlyShared": false, "amountMicros": "25000000"}}]})
        );
        let b = campaign_body(&c, "customers/1/campaignBudgets/2");
        let create = &b["operations"][0]["create"];
        assert_eq!(create["name"], "beacon-c7:campaign");
        assert_eq!(create["status"], "PAUSED");
        assert_eq!(create["campaignBudget"], "customers/1/campaignBudgets/2");
        assert_eq!(create["startDate"], "2026-03-02");
        assert_eq!(create["endDate"], "2026-03-16");
        assert_eq!(
            lookup_query("campaign", "it's:campaign"),
            "SELECT campaign.resource_name, campaign.id FROM campaign WHERE campaign.name = 'it\\'s:campaign'"
        );
    }

    #[test]
    fn criteria_are_proximities_and_languages() {
        let cr = criteria(&campaign(), "customers/1/campaigns/3", &ids()).unwrap();
        let steps: Vec<&str> = cr.iter().map(|c| c.step.as_str()).collect();
        assert_eq!(
            steps,
            [
                "criterion:proximity:1",
                "criterion:proximity:2",
                "criterion:language:en",
                "criterion:language:lt"
            ]
        );
        assert_eq!(
            cr[0].create,
            json!({"campaign": "customers/1/campaigns/3", "proximity": {"geoPoint":
                {"latitudeInMicroDegrees": 52670500, "longitudeInMicroDegrees": 160100},
                "radius": 4.5, "radiusUnits": "KILOMETERS"}})
        );
        assert_eq!(
            cr[3].create["language"]["languageConstant"],
            "languageConstants/1029"
        );
        let row = json!({"campaignCriterion": {"resourceName": "x", "proximity": {"geoPoint":
            {"latitudeInMicroDegrees": "52670500", "longitudeInMicroDegrees": "160100"}, "radius": 4.5}}});
        assert_eq!(found_key(&row).as_deref(), Some(cr[0].matches.as_str()));
        let mut c = campaign();
        c.ads[0].locale = "xx".into();
        assert!(matches!(criteria(&c, "", &ids()),
            Err(ChannelError::Refused { field: Some(f), .. }) if f == "languages"));
        assert!(
            matches!(criteria(&crate::channels::tests::fenland(), "", &ids()),
            Err(ChannelError::Refused { field: Some(f), .. }) if f == "excluded")
        );
    }

    #[test]
    fn errors_map_to_channel_errors() {
        let quota = json!({"error": {"code": 429, "message": "Resource has been exhausted", "status": "RESOURCE_EXHAUSTED",
            "details": [{"@type": "type.googleapis.com/google.ads.googleads.v17.errors.GoogleAdsFailure",
              "errors": [{"errorCode": {"quotaError": "RESOURCE_TEMPORARILY_EXHAUSTED"}, "message": "Too many requests",
                "details": {"quotaErrorDetails": {"rateScope": "ACCOUNT", "rateName": "Requests", "retryDelay": "30s"}}}],
              "requestId": "r1"}]}});
        assert_eq!(
            map_error(429, &quota.to_string()),
            ChannelError::RateLimited {
                retry_after: Some(Duration::from_secs(30))
            }
        );
        let unauth = json!({"error": {"code": 401, "message": "Request had invalid authentication credentials.",
            "status": "UNAUTHENTICATED"}});
        assert!(matches!(
            map_error(401, &unauth.to_string()),
            ChannelError::Auth(_)
        ));
        let unavailable = json!({"error": {"code": 503, "message": "The service is currently unavailable.", "status": "UNAVAILABLE"}});
        assert!(matches!(
            map_error(503, &unavailable.to_string()),
            ChannelError::Transient(_)
        ));
        assert!(matches!(
            map_error(504, "<html>"),
            ChannelError::Transient(_)
        ));
        let invalid = json!({"error": {"code": 400, "message": "Request contains an invalid argument.", "status": "INVALID_ARGUMENT",
            "details": [{"@type": "type.googleapis.com/google.ads.googleads.v17.errors.GoogleAdsFailure",
              "errors": [{"errorCode": {"rangeError": "TOO_HIGH"}, "message": "Too high.",
                "location": {"fieldPathElements": [{"fieldName": "operations", "index": 0}, {"fieldName": "create"}, {"fieldName": "amount_micros"}]}}]}]}});
        assert_eq!(
            map_error(400, &invalid.to_string()),
            ChannelError::Refused {
                message: "Too high.".into(),
                field: Some("amount_micros".into())
            }
        );
    }

    #[test]
    fn partial_failures_name_their_operation() {
        let reply = json!({"results": [{"resourceName": "a"}, {}],
            "partialFailureError": {"code": 3, "message": "Multiple errors in ‘details’.",
              "details": [{"@type": "type.googleapis.com/google.ads.googleads.v17.errors.GoogleAdsFailure",
                "errors": [{"errorCode": {"criterionError": "INVALID_PROXIMITY_RADIUS"}, "message": "The radius is invalid.",
                  "location": {"fieldPathElements": [{"fieldName": "operations", "index": 1}, {"fieldName": "create"}]}}]}]}});
        assert_eq!(
            partial_failures(
                &reply,
                &[
                    "criterion:proximity:1".into(),
                    "criterion:proximity:2".into()
                ]
            ),
            ["operation 1 (criterion:proximity:2): The radius is invalid."]
        );
        assert!(partial_failures(&json!({"results": []}), &[]).is_empty());
    }

    #[test]
    fn metrics_rows_and_queries() {
        let reply = json!({"results": [{"segments": {"date": "2026-03-02"}, "metrics": {"impressions": "300",
            "clicks": "3", "costMicros": "1500000"}, "adGroupCriterion": {"ageRange": {"type": "AGE_RANGE_65_UP"}}}],
            "nextPageToken": "p2"});
        let (rows, next) = parse_metrics(&reply, "age").unwrap();
        assert_eq!(rows[0].breakdown, "age:65+");
        assert_eq!(
            (rows[0].impressions, rows[0].clicks, rows[0].spend_minor),
            (300, 3, 150)
        );
        assert_eq!(next.as_deref(), Some("p2"));
        let q = metrics_query(
            "customers/1/campaigns/3",
            time::macros::date!(2026 - 03 - 01),
            time::macros::date!(2026 - 03 - 07),
            "",
        );
        assert!(
            q.contains("FROM campaign WHERE campaign.resource_name = 'customers/1/campaigns/3'"),
            "{q}"
        );
        assert!(q.ends_with("BETWEEN '2026-03-01' AND '2026-03-07'"), "{q}");
        assert_eq!(micros(2500), "25000000");
    }

    #[test]
    fn unique_users_are_asked_for_over_the_range_without_selecting_the_date() {
        let (from, to) = (
            time::macros::date!(2026 - 03 - 01),
            time::macros::date!(2026 - 03 - 07),
        );
        let q = lifetime_query("customers/1/campaigns/3", from, to);
        let (select, rest) = q.split_once(" FROM ").unwrap();
        assert!(!select.contains("segments.date"), "{q}");
        assert!(
            select.contains("metrics.unique_users")
                && select.contains("metrics.average_impression_frequency_per_user"),
            "{q}"
        );
        assert_eq!(
            rest,
            "campaign WHERE campaign.resource_name = 'customers/1/campaigns/3' \
             AND segments.date BETWEEN '2026-03-01' AND '2026-03-07'"
        );
        // int64 fields come as text, doubles as numbers.
        let reply = json!({"results": [{"campaign": {"resourceName": "customers/1/campaigns/3"},
            "metrics": {"uniqueUsers": "3100", "averageImpressionFrequencyPerUser": 4.5161,
                "impressions": "14000", "clicks": "126", "costMicros": "73500000"}}],
            "fieldMask": "metrics.uniqueUsers,metrics.averageImpressionFrequencyPerUser,metrics.impressions,metrics.clicks,metrics.costMicros"});
        assert_eq!(
            parse_lifetime(&reply, to),
            Some(DayInsights {
                day: to,
                breakdown: "lifetime".into(),
                reach: 3100,
                impressions: 14000,
                frequency: 4.5161,
                clicks: 126,
                spend_minor: 7350
            })
        );
        // A Search campaign has no unique users: no lifetime row.
        let search = json!({"results": [{"campaign": {"resourceName": "x"},
            "metrics": {"impressions": "14000", "clicks": "126", "costMicros": "73500000"}}]});
        assert_eq!(parse_lifetime(&search, to), None);
        assert_eq!(parse_lifetime(&json!({"results": []}), to), None);
        assert_eq!(parse_lifetime(&json!({}), to), None);
    }
}
