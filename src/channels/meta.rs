//! The Meta Marketing API (Graph API): a campaign, one ad set with the radius targets, and per locale a
//! creative and an ad, all created PAUSED; status and budget changes; daily insights with breakdowns, and
//! the campaign's reach deduplicated over the whole range (one row without `time_increment`).
//!
//! Requests follow Meta's documented shapes: form-encoded POSTs to `/{version}/act_{account}/{edge}` (object
//! values as JSON text), the token in an `Authorization: Bearer` header (never in a URL Beacon builds; the
//! `access_token` Meta puts in `paging.next` is taken out before the page is read), and Graph errors
//! (`{"error": {"message", "type", "code", "error_subcode", "is_transient", "error_user_title",
//! "error_user_msg", "fbtrace_id"}}`) mapped by [`map_error`]. Every object is named `{key}:{step}`, the key
//! of looking it up before creating it.

use std::collections::BTreeMap;
use std::time::Duration;

use reqwest::header::HeaderMap;
use serde_json::{Value, json};
use time::Date;
use time::format_description::well_known::Rfc3339;

use super::{
    AdCampaign, AdPlatform, BoxFuture, BudgetKind, ChannelError, DayInsights, Gender, LIFETIME,
    LocaleAd, ObjectRef, Objective, OnCreated,
};
use crate::audience::targets::Circle;
use crate::config::{MetaChannelConfig, Secret};

/// Graph error codes that mean "too many calls": API too many calls (4), user request limit (17), API user
/// too many calls (32), custom-level throttling (613) and the business use case limits (80000 to 80014).
fn is_rate_limit_code(code: i64) -> bool {
    matches!(code, 4 | 17 | 32 | 613 | 80000..=80014)
}

/// The most pages of insights read for one query (a guard against a paging loop).
const MAX_PAGES: usize = 500;

/// The Meta adapter.
pub struct Meta {
    http: reqwest::Client,
    /// `{graph_url}/{version}`, without a trailing slash.
    base: String,
    account: String,
    page_id: String,
    token: Secret,
    locale_ids: BTreeMap<String, u32>,
}

impl std::fmt::Debug for Meta {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Meta")
            .field("base", &self.base)
            .field("account", &self.account)
            .field("token", &self.token)
            .finish_non_exhaustive()
    }
}

/// The edge (under the ad account) a step's objects live on.
fn edge(step: &str) -> &'static str {
    match step.split(':').next() {
        Some("campaign") => "campaigns",
        Some("adset") => "adsets",
        Some("creative") => "adcreatives",
        _ => "ads",
    }
}

/// The name every object carries: `{key}:{step}`.
pub fn object_name(key: &str, step: &str) -> String {
    format!("{key}:{step}")
}

/// The steps of a campaign, in the order they are made.
pub fn steps(c: &AdCampaign) -> Vec<String> {
    let mut s = vec!["campaign".to_string(), "adset".to_string()];
    for ad in &c.ads {
        s.push(format!("creative:{}", ad.locale));
        s.push(format!("ad:{}", ad.locale));
    }
    s
}

fn objective(o: &Objective) -> &'static str {
    match o {
        Objective::Awareness | Objective::Reach => "OUTCOME_AWARENESS",
        Objective::Traffic { .. } => "OUTCOME_TRAFFIC",
    }
}

/// The form of `POST /act_{id}/campaigns`.
pub fn campaign_params(c: &AdCampaign) -> Vec<(String, String)> {
    vec![
        p("name", object_name(&c.key, "campaign")),
        p("objective", objective(&c.objective)),
        p("status", "PAUSED"),
        // Required; an empty list declares that the ads are in no special category.
        p("special_ad_categories", "[]"),
    ]
}

fn p(k: &str, v: impl Into<String>) -> (String, String) {
    (k.to_string(), v.into())
}

fn custom_location(c: &Circle) -> Value {
    json!({"latitude": c.latitude, "longitude": c.longitude, "radius": c.radius_km,
        "distance_unit": "kilometer"})
}

/// The ad set's `targeting`: the circles, excluded circles, ages, genders and the ads' locales. A locale
/// without a Meta id is refused (field `locales`) before anything is sent.
pub fn targeting(
    c: &AdCampaign,
    locale_ids: &BTreeMap<String, u32>,
) -> Result<Value, ChannelError> {
    let mut locales = Vec::new();
    for ad in &c.ads {
        let lang = super::language(&ad.locale);
        let id = locale_ids.get(&lang).ok_or_else(|| ChannelError::Refused {
            message: format!(
                "Meta has no ad locale configured for “{}” (channels.meta.locale_ids)",
                ad.locale
            ),
            field: Some("locales".into()),
        })?;
        if !locales.contains(id) {
            locales.push(*id);
        }
    }
    let mut t = json!({
        "geo_locations": {"custom_locations": c.targets.iter().map(custom_location).collect::<Vec<_>>()},
        "age_min": c.ages.0,
        "age_max": c.ages.1,
        // Keep the audience as given: no Advantage+ audience expansion.
        "targeting_automation": {"advantage_audience": 0},
    });
    if !c.excluded.is_empty() {
        t["excluded_geo_locations"] =
            json!({"custom_locations": c.excluded.iter().map(custom_location).collect::<Vec<_>>()});
    }
    if !c.genders.is_empty() {
        let mut g: Vec<u8> = c
            .genders
            .iter()
            .map(|g| match g {
                Gender::Male => 1,
                Gender::Female => 2,
            })
            .collect();
        g.sort_unstable();
        g.dedup();
        t["genders"] = json!(g);
    }
    if !locales.is_empty() {
        t["locales"] = json!(locales);
    }
    Ok(t)
}

/// The form of `POST /act_{id}/adsets`.
pub fn adset_params(
    c: &AdCampaign,
    campaign_id: &str,
    locale_ids: &BTreeMap<String, u32>,
) -> Result<Vec<(String, String)>, ChannelError> {
    let time = |t: time::OffsetDateTime| {
        t.format(&Rfc3339).map_err(|e| ChannelError::Refused {
            message: format!("the date cannot be written: {e}"),
            field: Some("start_time".into()),
        })
    };
    let goal = match c.objective {
        Objective::Traffic { .. } => "LINK_CLICKS",
        _ => "REACH",
    };
    Ok(vec![
        p("name", object_name(&c.key, "adset")),
        p("campaign_id", campaign_id),
        budget_param(c.budget_kind, c.budget_minor),
        p("billing_event", "IMPRESSIONS"),
        p("optimization_goal", goal),
        p("bid_strategy", "LOWEST_COST_WITHOUT_CAP"),
        p("start_time", time(c.starts_at)?),
        p("end_time", time(c.ends_at)?),
        p("status", "PAUSED"),
        p("targeting", targeting(c, locale_ids)?.to_string()),
    ])
}

fn budget_param(kind: BudgetKind, minor: i64) -> (String, String) {
    match kind {
        BudgetKind::Daily => p("daily_budget", minor.to_string()),
        BudgetKind::Lifetime => p("lifetime_budget", minor.to_string()),
    }
}

/// The form of `POST /act_{id}/adcreatives` for one locale's ad.
pub fn creative_params(c: &AdCampaign, ad: &LocaleAd, page_id: &str) -> Vec<(String, String)> {
    let link = match (&c.objective, ad.link_url.is_empty()) {
        (Objective::Traffic { url }, true) => url.clone(),
        _ => ad.link_url.clone(),
    };
    let spec = json!({"page_id": page_id, "link_data": {
        "message": ad.primary_text, "name": ad.headline, "description": ad.description,
        "link": link, "picture": ad.image_url}});
    vec![
        p(
            "name",
            object_name(&c.key, &format!("creative:{}", ad.locale)),
        ),
        p("object_story_spec", spec.to_string()),
    ]
}

/// The form of `POST /act_{id}/ads` for one locale's ad.
pub fn ad_params(
    c: &AdCampaign,
    ad: &LocaleAd,
    adset_id: &str,
    creative_id: &str,
) -> Vec<(String, String)> {
    vec![
        p("name", object_name(&c.key, &format!("ad:{}", ad.locale))),
        p("adset_id", adset_id),
        p("creative", json!({"creative_id": creative_id}).to_string()),
        p("status", "PAUSED"),
    ]
}

/// The query of a look-up by name on an edge.
pub fn lookup_query(name: &str) -> Vec<(String, String)> {
    vec![
        p("fields", "id,name"),
        p(
            "filtering",
            json!([{"field": "name", "operator": "EQUAL", "value": name}]).to_string(),
        ),
    ]
}

/// A Graph API error reply as a [`ChannelError`].
pub fn map_error(status: u16, headers: &HeaderMap, body: &str) -> ChannelError {
    let parsed: Option<Value> = serde_json::from_str(body).ok();
    let error = parsed.as_ref().and_then(|v| v.get("error"));
    let Some(e) = error else {
        return match status {
            429 => ChannelError::RateLimited {
                retry_after: retry_after(headers),
            },
            401 => ChannelError::Auth(format!("HTTP {status}")),
            s if s >= 500 => ChannelError::Transient(format!("HTTP {status}")),
            _ => ChannelError::Refused {
                message: format!("HTTP {status}"),
                field: None,
            },
        };
    };
    let code = e.get("code").and_then(Value::as_i64).unwrap_or(0);
    let text = |k: &str| e.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let message = text("message");
    let trace = text("fbtrace_id");
    let detail = if trace.is_empty() {
        format!("{message} (code {code})")
    } else {
        format!("{message} (code {code}, fbtrace_id {trace})")
    };
    if is_rate_limit_code(code) || status == 429 {
        return ChannelError::RateLimited {
            retry_after: retry_after(headers),
        };
    }
    if code == 190 || code == 102 || status == 401 {
        return ChannelError::Auth(detail);
    }
    let transient = e.get("is_transient").and_then(Value::as_bool) == Some(true);
    if transient || status >= 500 || code == 1 || code == 2 {
        return ChannelError::Transient(detail);
    }
    let user_msg = text("error_user_msg");
    ChannelError::Refused {
        message: if user_msg.is_empty() {
            message
        } else {
            user_msg
        },
        field: blamed_field(e),
    }
}

/// The field Meta blames, from `error_data.blame_field_specs` (`[["targeting", "locales"]]` → `locales`).
fn blamed_field(e: &Value) -> Option<String> {
    let data = e.get("error_data")?;
    let data: Value = match data {
        Value::String(s) => serde_json::from_str(s).ok()?,
        v => v.clone(),
    };
    let spec = data.get("blame_field_specs")?.get(0)?;
    match spec {
        Value::Array(parts) => parts.last()?.as_str().map(str::to_string),
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

/// How long to wait, from Meta's usage headers: the longest `estimated_time_to_regain_access` (minutes) of
/// `X-Business-Use-Case-Usage`, `reset_time_duration` (seconds) of `X-Ad-Account-Usage`, or `Retry-After`.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let json = |name: &str| -> Option<Value> {
        serde_json::from_str(headers.get(name)?.to_str().ok()?).ok()
    };
    let mut best: Option<Duration> = None;
    let mut take = |d: Duration| {
        if d > Duration::ZERO && best.is_none_or(|b| d > b) {
            best = Some(d);
        }
    };
    if let Some(Value::Object(buc)) = json("x-business-use-case-usage") {
        for entries in buc.values() {
            for e in entries.as_array().into_iter().flatten() {
                if let Some(m) = e.get("estimated_time_to_regain_access").and_then(number) {
                    take(Duration::from_secs_f64(m.max(0.0) * 60.0));
                }
            }
        }
    }
    if let Some(v) = json("x-ad-account-usage")
        && let Some(s) = v.get("reset_time_duration").and_then(number)
    {
        take(Duration::from_secs_f64(s.max(0.0)));
    }
    if let Some(s) = headers
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        take(Duration::from_secs(s));
    }
    best
}

/// A number Meta sends as a number or as text.
fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The rows of one insights page and the next page's address. `breakdown` is `age`, `gender`, `region` or
/// empty.
pub fn parse_insights(
    body: &Value,
    breakdown: &str,
) -> Result<(Vec<DayInsights>, Option<String>), ChannelError> {
    let bad = |what: &str| ChannelError::Transient(format!("insights reply without {what}"));
    let rows = body
        .get("data")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("data"))?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let day = r
            .get("date_start")
            .and_then(Value::as_str)
            .and_then(|s| Date::parse(s, DATE).ok())
            .ok_or_else(|| bad("date_start"))?;
        let int = |k: &str| r.get(k).and_then(number).unwrap_or(0.0).round() as i64;
        let label = match breakdown {
            "" => String::new(),
            b => format!(
                "{b}:{}",
                r.get(b).and_then(Value::as_str).unwrap_or("unknown")
            ),
        };
        out.push(DayInsights {
            day,
            breakdown: label,
            reach: int("reach"),
            impressions: int("impressions"),
            frequency: r.get("frequency").and_then(number).unwrap_or(0.0),
            clicks: int("clicks"),
            spend_minor: r
                .get("spend")
                .map(|v| match v {
                    Value::String(s) => super::major_to_minor(s),
                    v => number(v).map(|x| (x * 100.0).round() as i64).unwrap_or(0),
                })
                .unwrap_or(0),
        });
    }
    let next = body
        .pointer("/paging/next")
        .and_then(Value::as_str)
        .map(str::to_string);
    Ok((out, next))
}

const DATE: &[time::format_description::FormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

/// The query of `GET /{campaign_id}/insights` for one breakdown (empty: totals).
pub fn insights_query(from: Date, to: Date, breakdown: &str) -> Vec<(String, String)> {
    let day = |d: Date| d.format(DATE).unwrap_or_default();
    let mut q = vec![
        p("fields", "reach,impressions,frequency,clicks,spend"),
        p("level", "campaign"),
        p("time_increment", "1"),
        p(
            "time_range",
            json!({"since": day(from), "until": day(to)}).to_string(),
        ),
        p("limit", "100"),
    ];
    if !breakdown.is_empty() {
        q.push(p("breakdowns", breakdown));
    }
    q
}

/// The query of `GET /{campaign_id}/insights` for the whole range in one row: the same fields and
/// `time_range` as the daily query, without `time_increment`, so that Meta aggregates over the range (its
/// default, `all_days`) and counts each person reached once in `reach`, however many days they were
/// reached.
pub fn lifetime_query(from: Date, to: Date) -> Vec<(String, String)> {
    insights_query(from, to, "")
        .into_iter()
        .filter(|(k, _)| k != "time_increment" && k != "limit")
        .collect()
}

/// The row of a [`lifetime_query`] reply as a [`LIFETIME`] row dated `to`, the last day it covers; `None`
/// when Meta sent no row (nothing delivered in the range) or no reach.
pub fn parse_lifetime(body: &Value, to: Date) -> Result<Option<DayInsights>, ChannelError> {
    let (rows, _) = parse_insights(body, "")?;
    Ok(rows
        .into_iter()
        .next()
        .filter(|r| r.reach > 0)
        .map(|r| DayInsights {
            day: to,
            breakdown: LIFETIME.to_string(),
            ..r
        }))
}

/// The id of the object made by `step`, among `objects`.
fn find<'o>(objects: &'o [ObjectRef], step: &str) -> Option<&'o str> {
    objects
        .iter()
        .find(|o| o.step == step)
        .map(|o| o.id.as_str())
}

fn missing(step: &str) -> ChannelError {
    ChannelError::Refused {
        message: format!("no {step} was created on Meta for this campaign"),
        field: Some(step.to_string()),
    }
}

impl Meta {
    pub fn new(config: &MetaChannelConfig, timeout: Duration) -> Self {
        Self {
            http: super::http_client(timeout),
            base: format!(
                "{}/{}",
                config.graph_url.trim_end_matches('/'),
                config.api_version.trim_matches('/')
            ),
            account: format!("act_{}", config.ad_account_id.trim_start_matches("act_")),
            page_id: config.page_id.clone(),
            token: config.access_token.clone(),
            locale_ids: config.locale_ids.clone(),
        }
    }

    /// Sends a request with the token, and reads the JSON reply or maps the error. No error's text holds
    /// the token.
    async fn send(&self, request: reqwest::RequestBuilder) -> Result<Value, ChannelError> {
        let result = async {
            let response = request
                .bearer_auth(self.token.expose())
                .send()
                .await
                .map_err(super::network_error)?;
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let body = response.text().await.map_err(super::network_error)?;
            if (200..300).contains(&status) {
                serde_json::from_str(&body).map_err(|_| {
                    ChannelError::Transient(format!("HTTP {status}: the reply is not JSON"))
                })
            } else {
                Err(map_error(status, &headers, &body))
            }
        }
        .await;
        result.map_err(|e| e.redacted(&[self.token.expose()]))
    }

    async fn post(&self, path: &str, form: &[(String, String)]) -> Result<Value, ChannelError> {
        let url = format!("{}/{path}", self.base);
        self.send(self.http.post(url).form(form)).await
    }

    async fn get(&self, path: &str, query: &[(String, String)]) -> Result<Value, ChannelError> {
        let url = format!("{}/{path}", self.base);
        self.send(self.http.get(url).query(query)).await
    }

    /// The id of the object named `{key}:{step}`, if Meta has one.
    async fn lookup(&self, key: &str, step: &str) -> Result<Option<String>, ChannelError> {
        let name = object_name(key, step);
        let reply = self
            .get(
                &format!("{}/{}", self.account, edge(step)),
                &lookup_query(&name),
            )
            .await?;
        Ok(reply
            .get("data")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|o| o.get("name").and_then(Value::as_str) == Some(name.as_str()))
            .and_then(|o| o.get("id").and_then(Value::as_str))
            .map(str::to_string))
    }

    async fn make(&self, step: &str, form: &[(String, String)]) -> Result<String, ChannelError> {
        let reply = self
            .post(&format!("{}/{}", self.account, edge(step)), form)
            .await?;
        reply
            .get("id")
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| ChannelError::Transient(format!("{step}: the reply has no id")))
    }

    async fn set_status(&self, id: &str, status: &str) -> Result<(), ChannelError> {
        self.post(id, &[p("status", status)]).await.map(|_| ())
    }

    /// Reads every page of one insights query. The next page's address must be on the Graph API's host;
    /// Meta's `access_token` is taken out of it (the header carries the token).
    async fn insights_pages(
        &self,
        campaign_id: &str,
        from: Date,
        to: Date,
        breakdown: &str,
    ) -> Result<Vec<DayInsights>, ChannelError> {
        let first = self
            .get(
                &format!("{campaign_id}/insights"),
                &insights_query(from, to, breakdown),
            )
            .await?;
        let (mut rows, mut next) = parse_insights(&first, breakdown)?;
        let base = url::Url::parse(&self.base)
            .map_err(|_| ChannelError::Transient("channels.meta.graph_url is not a URL".into()))?;
        let mut pages = 1;
        while let Some(address) = next.take() {
            pages += 1;
            if pages > MAX_PAGES {
                return Err(ChannelError::Transient(format!(
                    "insights: more than {MAX_PAGES} pages"
                )));
            }
            let mut url = url::Url::parse(&address).map_err(|_| {
                ChannelError::Transient("insights: paging.next is not a URL".into())
            })?;
            if url.origin() != base.origin() {
                return Err(ChannelError::Transient(
                    "insights: paging.next points away from the Graph API".into(),
                ));
            }
            let kept: Vec<(String, String)> = url
                .query_pairs()
                .filter(|(k, _)| k != "access_token")
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            url.set_query(None);
            if !kept.is_empty() {
                url.query_pairs_mut().extend_pairs(kept);
            }
            let page = self.send(self.http.get(url)).await?;
            let (more, n) = parse_insights(&page, breakdown)?;
            rows.extend(more);
            next = n;
        }
        Ok(rows)
    }
}

/// Meta's `account_status` values, in words (the Marketing API's reference for the ad account).
fn account_status(code: i64) -> &'static str {
    match code {
        1 => "active",
        2 => "disabled",
        3 => "unsettled (a payment is due)",
        7 => "pending risk review",
        8 => "pending settlement",
        9 => "in grace period",
        100 => "pending closure",
        101 => "closed",
        _ => "not usable",
    }
}

/// The most custom locations (circles) one ad set's targeting takes, per Meta's targeting reference.
pub const MAX_CUSTOM_LOCATIONS: usize = 200;

impl AdPlatform for Meta {
    fn name(&self) -> &'static str {
        "meta"
    }

    fn preflight<'a>(&'a self, c: &'a AdCampaign) -> BoxFuture<'a, Result<(), ChannelError>> {
        Box::pin(async move {
            targeting(c, &self.locale_ids)?;
            for (field, n) in [("targets", c.targets.len()), ("excluded", c.excluded.len())] {
                if n > MAX_CUSTOM_LOCATIONS {
                    return Err(ChannelError::Refused {
                        message: format!(
                            "{n} circles; an ad set takes at most {MAX_CUSTOM_LOCATIONS}"
                        ),
                        field: Some(field.into()),
                    });
                }
            }
            let account = self
                .get(
                    &self.account,
                    &[p("fields", "name,currency,account_status")],
                )
                .await?;
            let status = account
                .get("account_status")
                .and_then(Value::as_i64)
                .unwrap_or(0);
            if status != 1 {
                return Err(ChannelError::Refused {
                    message: format!("the ad account is {}", account_status(status)),
                    field: Some("account".into()),
                });
            }
            let currency = account
                .get("currency")
                .and_then(Value::as_str)
                .ok_or_else(|| ChannelError::Transient("the ad account has no currency".into()))?;
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
            // Everything that can be refused without asking Meta is refused before the first object.
            targeting(c, &self.locale_ids)?;
            let mut out: Vec<ObjectRef> = Vec::new();
            for step in steps(c) {
                if let Some(id) = find(known, &step) {
                    out.push(ObjectRef::new(step, id));
                    continue;
                }
                let id = match self.lookup(&c.key, &step).await? {
                    Some(id) => id,
                    None => {
                        let form = match step.split_once(':') {
                            None if step == "campaign" => campaign_params(c),
                            None => {
                                let campaign = find(&out, "campaign").ok_or(missing("campaign"))?;
                                adset_params(c, campaign, &self.locale_ids)?
                            }
                            Some((kind, locale)) => {
                                let ad = c
                                    .ads
                                    .iter()
                                    .find(|a| a.locale == locale)
                                    .expect("steps come from the ads");
                                if kind == "creative" {
                                    creative_params(c, ad, &self.page_id)
                                } else {
                                    let adset = find(&out, "adset").ok_or(missing("adset"))?;
                                    let creative = find(&out, &format!("creative:{locale}"))
                                        .ok_or(missing("creative"))?;
                                    ad_params(c, ad, adset, creative)
                                }
                            }
                        };
                        let id = self.make(&step, &form).await?;
                        tracing::info!(platform = "meta", key = %c.key, step = %step, id = %id, "created");
                        id
                    }
                };
                let object = ObjectRef::new(step, id);
                on_created(object.clone()).await?;
                out.push(object);
            }
            Ok(out)
        })
    }

    fn activate<'a>(&'a self, objects: &'a [ObjectRef]) -> BoxFuture<'a, Result<(), ChannelError>> {
        Box::pin(async move {
            // Ads and the ad set first, the campaign last: nothing delivers half set up.
            for o in objects.iter().filter(|o| o.step.starts_with("ad:")) {
                self.set_status(&o.id, "ACTIVE").await?;
            }
            for step in ["adset", "campaign"] {
                let id = find(objects, step).ok_or(missing(step))?;
                self.set_status(id, "ACTIVE").await?;
            }
            Ok(())
        })
    }

    fn pause<'a>(&'a self, objects: &'a [ObjectRef]) -> BoxFuture<'a, Result<(), ChannelError>> {
        Box::pin(async move {
            let id = find(objects, "campaign").ok_or(missing("campaign"))?;
            self.set_status(id, "PAUSED").await
        })
    }

    fn set_budget<'a>(
        &'a self,
        objects: &'a [ObjectRef],
        budget_minor: i64,
    ) -> BoxFuture<'a, Result<(), ChannelError>> {
        Box::pin(async move {
            let id = find(objects, "adset").ok_or(missing("adset"))?;
            // The ad set keeps the kind of budget it was made with.
            let current = self
                .get(id, &[p("fields", "daily_budget,lifetime_budget")])
                .await?;
            let lifetime = current
                .get("lifetime_budget")
                .and_then(number)
                .is_some_and(|v| v > 0.0);
            let kind = if lifetime {
                BudgetKind::Lifetime
            } else {
                BudgetKind::Daily
            };
            self.post(id, &[budget_param(kind, budget_minor)])
                .await
                .map(|_| ())
        })
    }

    fn end<'a>(&'a self, objects: &'a [ObjectRef]) -> BoxFuture<'a, Result<(), ChannelError>> {
        Box::pin(async move {
            // Archived: no more delivery, no more edits, insights kept.
            let id = find(objects, "campaign").ok_or(missing("campaign"))?;
            self.set_status(id, "ARCHIVED").await
        })
    }

    fn insights<'a>(
        &'a self,
        objects: &'a [ObjectRef],
        from: Date,
        to: Date,
    ) -> BoxFuture<'a, Result<Vec<DayInsights>, ChannelError>> {
        Box::pin(async move {
            let id = find(objects, "campaign").ok_or(missing("campaign"))?;
            let mut rows = Vec::new();
            // Meta's `region` is the region of a country (for the UK: England, Scotland...), as
            // coarse as its delivery breakdowns go.
            for breakdown in ["", "age", "gender", "region"] {
                rows.extend(self.insights_pages(id, from, to, breakdown).await?);
            }
            let lifetime = self
                .get(&format!("{id}/insights"), &lifetime_query(from, to))
                .await?;
            rows.extend(parse_lifetime(&lifetime, to)?);
            Ok(rows)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn campaign() -> AdCampaign {
        crate::channels::tests::fenland()
    }

    fn ids() -> BTreeMap<String, u32> {
        [("en".to_string(), 1001), ("lt".to_string(), 33)].into()
    }

    fn get<'v>(form: &'v [(String, String)], k: &str) -> &'v str {
        &form.iter().find(|(n, _)| n == k).unwrap().1
    }

    #[test]
    fn the_campaign_is_paused_named_by_key_and_declares_no_special_category() {
        let f = campaign_params(&campaign());
        assert_eq!(get(&f, "name"), "beacon-c7:campaign");
        assert_eq!(get(&f, "objective"), "OUTCOME_AWARENESS");
        assert_eq!(get(&f, "status"), "PAUSED");
        assert_eq!(get(&f, "special_ad_categories"), "[]");
        let mut c = campaign();
        c.objective = Objective::Traffic {
            url: "https://x".into(),
        };
        assert_eq!(get(&campaign_params(&c), "objective"), "OUTCOME_TRAFFIC");
    }

    #[test]
    fn the_ad_set_carries_budget_dates_and_targeting() {
        let f = adset_params(&campaign(), "120", &ids()).unwrap();
        assert_eq!(get(&f, "campaign_id"), "120");
        assert_eq!(get(&f, "daily_budget"), "2500");
        assert_eq!(get(&f, "optimization_goal"), "REACH");
        assert_eq!(get(&f, "billing_event"), "IMPRESSIONS");
        assert_eq!(get(&f, "start_time"), "2026-03-02T08:00:00Z");
        assert_eq!(get(&f, "end_time"), "2026-03-16T08:00:00Z");
        let t: Value = serde_json::from_str(get(&f, "targeting")).unwrap();
        assert_eq!(
            t["geo_locations"]["custom_locations"][1],
            json!({"latitude": 52.5712, "longitude": -0.2429, "radius": 6.0, "distance_unit": "kilometer"})
        );
        assert_eq!(
            t["excluded_geo_locations"]["custom_locations"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
        assert_eq!(t["genders"], json!([1, 2]));
        assert_eq!(t["locales"], json!([1001, 33]));
        assert_eq!(
            (t["age_min"].clone(), t["age_max"].clone()),
            (json!(18), json!(54))
        );
        let mut c = campaign();
        c.budget_kind = BudgetKind::Lifetime;
        c.genders = vec![Gender::Female];
        c.excluded.clear();
        c.objective = Objective::Traffic { url: "u".into() };
        let f = adset_params(&c, "120", &ids()).unwrap();
        assert_eq!(get(&f, "lifetime_budget"), "2500");
        assert_eq!(get(&f, "optimization_goal"), "LINK_CLICKS");
        let t: Value = serde_json::from_str(get(&f, "targeting")).unwrap();
        assert_eq!(t["genders"], json!([2]));
        assert!(t.get("excluded_geo_locations").is_none());
    }

    #[test]
    fn an_unknown_locale_is_refused_naming_the_field() {
        let mut c = campaign();
        c.ads[1].locale = "xx".into();
        let e = adset_params(&c, "1", &ids()).unwrap_err();
        assert!(
            matches!(&e, ChannelError::Refused { field: Some(f), .. } if f == "locales"),
            "{e:?}"
        );
    }

    #[test]
    fn creatives_and_ads_per_locale() {
        let c = campaign();
        let f = creative_params(&c, &c.ads[1], "999");
        assert_eq!(get(&f, "name"), "beacon-c7:creative:lt");
        let spec: Value = serde_json::from_str(get(&f, "object_story_spec")).unwrap();
        assert_eq!(
            spec,
            json!({"page_id": "999", "link_data": {"message": "lt text", "name": "lt headline",
                "description": "lt description", "link": "https://example.org/lt",
                "picture": "https://example.org/a.png"}})
        );
        let f = ad_params(&c, &c.ads[1], "5", "6");
        assert_eq!(get(&f, "name"), "beacon-c7:ad:lt");
        assert_eq!(get(&f, "creative"), r#"{"creative_id":"6"}"#);
        assert_eq!(get(&f, "status"), "PAUSED");
        assert_eq!(
            steps(&c),
            [
                "campaign",
                "adset",
                "creative:en",
                "ad:en",
                "creative:lt",
                "ad:lt"
            ]
        );
        let q = lookup_query("beacon-c7:adset");
        assert_eq!(
            get(&q, "filtering"),
            r#"[{"field":"name","operator":"EQUAL","value":"beacon-c7:adset"}]"#
        );
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn graph_errors_map_to_channel_errors() {
        let err = |code: i64, extra: Value| {
            let mut e = json!({"message": "Msg", "type": "OAuthException", "code": code, "fbtrace_id": "T1"});
            for (k, v) in extra.as_object().unwrap() {
                e[k] = v.clone();
            }
            json!({"error": e}).to_string()
        };
        let none = HeaderMap::new();
        let buc = headers(&[(
            "x-business-use-case-usage",
            r#"{"123":[{"type":"ads_management","call_count":100,"total_cputime":20,"total_time":30,"estimated_time_to_regain_access":7}]}"#,
        )]);
        assert_eq!(
            map_error(400, &buc, &err(17, json!({}))),
            ChannelError::RateLimited {
                retry_after: Some(Duration::from_secs(420))
            }
        );
        let acc = headers(&[(
            "x-ad-account-usage",
            r#"{"acc_id_util_pct":100,"reset_time_duration":90}"#,
        )]);
        assert_eq!(
            map_error(400, &acc, &err(80004, json!({}))),
            ChannelError::RateLimited {
                retry_after: Some(Duration::from_secs(90))
            }
        );
        for code in [4, 32, 613] {
            assert!(matches!(
                map_error(400, &none, &err(code, json!({}))),
                ChannelError::RateLimited { retry_after: None }
            ));
        }
        assert!(
            matches!(map_error(400, &none, &err(190, json!({"error_subcode": 463}))),
            ChannelError::Auth(t) if t.contains("T1"))
        );
        assert!(matches!(
            map_error(400, &none, &err(2, json!({"is_transient": true}))),
            ChannelError::Transient(_)
        ));
        assert!(matches!(
            map_error(500, &none, "<html>oops</html>"),
            ChannelError::Transient(t) if t == "HTTP 500"
        ));
        assert_eq!(
            map_error(
                400,
                &none,
                &err(
                    100,
                    json!({"error_subcode": 1487301, "error_user_title": "Policy",
                "error_user_msg": "Your ad goes against our advertising policies.",
                "error_data": {"blame_field_specs": [["object_story_spec", "link_data", "message"]]}})
                )
            ),
            ChannelError::Refused {
                message: "Your ad goes against our advertising policies.".into(),
                field: Some("message".into())
            }
        );
        assert_eq!(
            map_error(400, &none, &err(100, json!({}))),
            ChannelError::Refused {
                message: "Msg".into(),
                field: None
            }
        );
    }

    #[test]
    fn insights_rows_are_read_with_their_breakdown_and_next_page() {
        let body = json!({"data": [
            {"date_start": "2026-03-02", "date_stop": "2026-03-02", "age": "25-34", "reach": "120",
             "impressions": "300", "frequency": "2.5", "clicks": "3", "spend": "1.50"}],
            "paging": {"cursors": {"after": "x"}, "next": "https://graph.facebook.com/v21.0/1/insights?after=x"}});
        let (rows, next) = parse_insights(&body, "age").unwrap();
        assert_eq!(
            rows,
            vec![DayInsights {
                day: time::macros::date!(2026 - 03 - 02),
                breakdown: "age:25-34".into(),
                reach: 120,
                impressions: 300,
                frequency: 2.5,
                clicks: 3,
                spend_minor: 150
            }]
        );
        assert!(next.unwrap().ends_with("after=x"));
        let q = insights_query(
            time::macros::date!(2026 - 03 - 01),
            time::macros::date!(2026 - 03 - 07),
            "gender",
        );
        assert_eq!(
            get(&q, "time_range"),
            r#"{"since":"2026-03-01","until":"2026-03-07"}"#
        );
        assert_eq!(get(&q, "breakdowns"), "gender");
        assert_eq!(get(&q, "time_increment"), "1");
    }

    #[test]
    fn the_lifetime_query_spans_the_range_in_one_row_and_its_reply_is_a_lifetime_row() {
        let (from, to) = (
            time::macros::date!(2026 - 03 - 02),
            time::macros::date!(2026 - 03 - 08),
        );
        let q = lifetime_query(from, to);
        let keys: Vec<&str> = q.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            ["fields", "level", "time_range"],
            "no time_increment, no breakdowns"
        );
        assert_eq!(
            get(&q, "fields"),
            "reach,impressions,frequency,clicks,spend"
        );
        assert_eq!(get(&q, "level"), "campaign");
        assert_eq!(
            get(&q, "time_range"),
            r#"{"since":"2026-03-02","until":"2026-03-08"}"#
        );
        // Meta's reply: one row from `since` to `until`, its reach counted once per person.
        let body = json!({"data": [{"date_start": "2026-03-02", "date_stop": "2026-03-08",
            "reach": "2100", "impressions": "14000", "frequency": "6.666667", "clicks": "126",
            "spend": "70.28"}],
            "paging": {"cursors": {"before": "MAZDZD", "after": "MAZDZD"}}});
        assert_eq!(
            parse_lifetime(&body, to).unwrap(),
            Some(DayInsights {
                day: to,
                breakdown: "lifetime".into(),
                reach: 2100,
                impressions: 14000,
                frequency: 6.666667,
                clicks: 126,
                spend_minor: 7028
            })
        );
        // Nothing delivered in the range: no row, so no lifetime figure.
        assert_eq!(parse_lifetime(&json!({"data": []}), to).unwrap(), None);
        assert!(parse_lifetime(&json!({}), to).is_err());
    }

    #[test]
    fn the_token_is_not_in_debug_output() {
        let mut config: MetaChannelConfig =
            toml::from_str::<toml::Table>(crate::config::DEFAULT_TOML).unwrap()["channels"]["meta"]
                .clone()
                .try_into()
                .unwrap();
        config.access_token = Secret::new("EAAB-secret-token");
        let m = Meta::new(&config, Duration::from_secs(1));
        assert!(!format!("{m:?}").contains("EAAB-secret-token"));
    }
}
